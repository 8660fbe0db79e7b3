"""The one import path: check everything, plan against the store, then write what
changed in one transaction.

Every importer produces a `Dataset` (with, from a reader, an `ImportPolicy` and the
`Places` of its entries); `apply_dataset` checks its references against the dataset
itself and the store, works out what would be added, updated and left as it is, and
(unless it is a dry run) writes only what changed, in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import chain
from typing import Any

from graphsvc.errors import ChangedMeanwhile, InvalidData, RowError
from graphsvc.importing.lenient import leave_out_unresolved
from graphsvc.importing.plan import plan_import
from graphsvc.importing.report import ImportReport, LeftOut, Progress
from graphsvc.model import (
    NODE_LISTS,
    Dataset,
    Places,
    Relationship,
    check_dataset,
    duplicate_ids,
)
from graphsvc.perf import gc_paused
from graphsvc.store.base import GraphStore, GraphWriter, WriteCounts, chunked
from graphsvc.store.history import rel_record, summarised
from ingest.base import ImportPolicy

#: the policy of the forum's own files: every reference resolves, every node is whole
STRICT = ImportPolicy()


def apply_dataset(
    store: GraphStore,
    ds: Dataset,
    *,
    policy: ImportPolicy = STRICT,
    places: Places | None = None,
    dry_run: bool = False,
    source: str | None = None,
    progress: Progress | None = None,
    skip_invalid: bool = False,
    left_out: list[LeftOut] | None = None,
) -> ImportReport:
    """Import `ds` into `store` in one transaction (or, with dry_run, only report).

    `policy` says how a reader's data joins what is stored (see `ImportPolicy`: the
    forum's own files are strict, other systems' data more lenient); `places` where
    each entry is in the file, for the messages. Raises InvalidData (with every
    RowError) and writes nothing when anything is wrong — unless `skip_invalid`: then
    every entry that is wrong (a reference that resolves nowhere, an id that came
    before, a parent loop) is left out, the rest imported, and the report says what was
    left out and why (`left_out`: what the reader already left out).
    """
    with gc_paused():
        if skip_invalid:
            policy = policy.lenient()
        omitted = list(left_out or [])
        if policy.skip_unresolved or policy.clear_unresolved:
            ds, missing, places = leave_out_unresolved(store, ds, policy, source, places)
            omitted += missing
        if skip_invalid:
            ds, broken, places = leave_out_broken(store, ds, source, places)
            omitted += broken
        report = _apply(
            store, ds, policy, dry_run=dry_run, source=source, progress=progress, places=places
        )
        report.left_out = omitted
        return report


class _Progress:
    """The progress of a write that the store may attempt more than once: each attempt
    counts from zero, and only what goes beyond what an earlier attempt reported is
    passed on, so that no row is counted twice."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.reported = 0  # (over every attempt)
        self.done = 0  # (this attempt)

    def restart(self) -> None:
        self.done = 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.progress is not None and self.done >= self.reported:
            self.progress(self.done - self.reported)
            self.reported = self.done


def refuse_if_changed(
    writer: GraphWriter,
    planned_at: int,
    ds: Dataset,
    relationships: list[Relationship],
    source: str | None,
) -> None:
    """In the write's transaction: refuse (ChangedMeanwhile, nothing written) when a
    record the plan was made from was changed by another write since the plan read the
    store at its version `planned_at`; the message lists them, who and when."""
    records = {(str(label), n.id) for name, label in NODE_LISTS for n in getattr(ds, name)}
    records.update(rel_record(r) for r in relationships)
    changed = writer.changed_since(planned_at, records)
    if not changed:
        return
    details = [
        {"location": kind, "id": key, "message": f"changed by {v.by!r} at {v.at}"}
        for kind, key, v in sorted(changed, key=lambda c: (c[0], c[1]))
    ]
    first = details[0]
    raise ChangedMeanwhile(
        f"{source or 'The import'}: {len(details)} record(s) it was planned from changed "
        f"while it was being planned (first: {first['location']} {first['id']!r}, "
        f"{first['message']}); nothing was written. Import again: the new plan starts "
        "from what is stored now.",
        details=details,
    )


def leave_out_broken(
    store: GraphStore, ds: Dataset, source: str | None, places: Places | None
) -> tuple[Dataset, list[LeftOut], Places | None]:
    """`ds` without what the import's checks still find wrong once the unresolved
    references are gone: the second entry with an id (or the second of one group need or
    partnership) is left out; an entry whose parent chain loops is kept without its
    parent. Neither makes a reference dangle, so this is done once."""
    errors = check_dataset(ds, store.exists, file=source)
    if not errors:
        return ds, [], places
    located = places.relocate(errors, ds) if places else errors
    rows: dict[str, set[int]] = {}
    orphans: dict[str, set[int]] = {}
    left_out = []
    for e, where in zip(errors, located, strict=True):
        if e.location not in _LISTS or e.row is None:
            continue  # (check_dataset names the list and row of every problem)
        loop = e.field == "parent"
        (orphans if loop else rows).setdefault(e.location, set()).add(e.row)
        left_out.append(LeftOut("cycle" if loop else "duplicate", e.location, where, loop))
    update: dict[str, list[Any]] = {}
    for name, out in orphans.items():
        update[name] = [
            n.model_copy(update={"parent": None}) if i in out else n
            for i, n in enumerate(getattr(ds, name), start=1)
        ]
    for name, out in rows.items():
        update[name] = [
            n for i, n in enumerate(update.get(name, getattr(ds, name)), start=1) if i not in out
        ]
    if places and places.rows:
        kept = {
            name: [r for i, r in enumerate(places.rows[name], start=1) if i not in out]
            for name, out in rows.items()
            if name in places.rows
        }
        places = replace(places, rows={**places.rows, **kept})
    return ds.model_copy(update=update), left_out, places


_LISTS = frozenset({*(name for name, _ in NODE_LISTS), "group_needs", "partnerships"})


#: the store's kinds of document, by the dataset list that holds them
DOCUMENT_KINDS = (("views", "view"), ("decks", "deck"))


def check_documents(store: GraphStore, ds: Dataset, source: str | None) -> list[RowError]:
    """Saved views and decks that cannot be stored: a name given twice, a deck's slide
    naming a view that is neither in the file nor in the store."""
    errors: list[RowError] = []
    for list_name, _ in DOCUMENT_KINDS:
        names = [d.name for d in getattr(ds, list_name)]
        errors += duplicate_ids(list_name, names, file=source)
    if not ds.decks:
        return errors
    views = {v.name for v in ds.views} | {name for name, _ in store.documents("view")}
    for row, deck in enumerate(ds.decks, start=1):
        for i, slide in enumerate(deck.slides):
            if slide.view not in views:
                errors.append(
                    RowError(
                        f"slides[{i}].view {slide.view!r} is neither in the file nor in the "
                        "store (save that view first)",
                        file=source,
                        location="decks",
                        row=row,
                        id=deck.name,
                        field="slides",
                        refers=("view", slide.view),
                    )
                )
    return errors


def planned_documents(
    store: GraphStore, ds: Dataset, counts: WriteCounts
) -> list[tuple[str, str, str]]:
    """(kind, name, JSON body) of the saved views and decks that are new or changed."""
    out = []
    for list_name, kind in DOCUMENT_KINDS:
        items = getattr(ds, list_name)
        if not items:
            continue
        stored = dict(store.documents(kind))
        for item in items:
            body = item.model_dump_json(exclude_none=True, exclude_defaults=True)
            old = stored.get(item.name)
            status = "added" if old is None else "unchanged" if old == body else "updated"
            counts.bump(status, list_name)
            if status != "unchanged":
                out.append((kind, item.name, body))
    return out


def _apply(
    store: GraphStore,
    ds: Dataset,
    policy: ImportPolicy,
    *,
    dry_run: bool,
    source: str | None,
    progress: Progress | None,
    places: Places | None,
) -> ImportReport:
    errors = check_dataset(ds, store.exists, file=source, places=places)
    errors += check_documents(store, ds, source)
    if errors:
        raise InvalidData.refused(source, errors)
    report = ImportReport(dry_run=dry_run, source=source)
    planned_at = store.version()  # (before the plan reads anything)
    plan = plan_import(store, ds, report.counts, policy, source, places)
    report.warnings += plan.notes
    documents = planned_documents(store, ds, report.counts)
    if not dry_run and (plan.changes or documents):
        batch_rows = max(1, store.capabilities.max_batch_rows)
        summary = f"import of {source or 'a dataset'}: " + ", ".join(
            f"{report.counts.total(what)} {what}" for what in ("added", "updated")
        )
        tick = _Progress(progress)

        def work(writer: GraphWriter) -> None:
            tick.restart()
            refuse_if_changed(writer, planned_at, ds, plan.other_relationships, source)
            for label, nodes in plan.nodes.items():
                writer.upsert_nodes(label, nodes)
                tick(len(nodes))
            written = 0
            # the relationships of new nodes, written from their fields a batch at a time
            for list_name, label in NODE_LISTS:
                added = plan.added.get(list_name)
                if added:
                    for batch in chunked(
                        (n for n in getattr(ds, list_name) if n.id in added), batch_rows
                    ):
                        written += writer.add_references(label, batch)
            for batch in chunked(
                chain.from_iterable(make() for make in plan.other_sources), batch_rows
            ):
                writer.upsert_relationships(batch)
                written += len(batch)
            if plan.other_relationships:
                writer.upsert_relationships(plan.other_relationships)
                written += len(plan.other_relationships)
            for node in plan.updated:
                writer.replace_references(node)
            for kind, name, body in documents:
                writer.put_document(kind, name, body)
            tick(written)

        with summarised(summary, "import"):
            store.transact(work, bulk=True)
    report.version = store.version()
    return report
