"""The one import path: check everything, then write in one transaction.

Every importer produces a `Dataset`; `apply_dataset` checks its references against the
dataset itself and the store, works out what would be added, updated and left as it is,
and (unless it is a dry run) writes only what changed, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import (
    LABEL_OF_LIST,
    LANGUAGES,
    LIST_OF_LABEL,
    MULTILINGUAL,
    NODE_LISTS,
    NODE_TYPES,
    REFERENCES,
    Dataset,
    Label,
    Node,
    Relationship,
    RelKind,
    outgoing,
    reference_fields,
)
from graphsvc.perf import gc_paused
from graphsvc.store.base import GraphStore, WriteCounts, chunked

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    counts: WriteCounts = field(default_factory=WriteCounts)
    warnings: list[RowError] = field(default_factory=list)
    source: str | None = None
    version: int | None = None

    @property
    def rows(self) -> int:
        c = self.counts
        return c.total("added") + c.total("updated") + c.total("unchanged")

    def to_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "added": dict(sorted(c.added.items())),
            "updated": dict(sorted(c.updated.items())),
            "unchanged": dict(sorted(c.unchanged.items())),
            "deleted": dict(sorted(c.deleted.items())),
            "totals": {
                "added": c.total("added"),
                "updated": c.total("updated"),
                "unchanged": c.total("unchanged"),
                "deleted": c.total("deleted"),
            },
            "warnings": [w.to_dict() for w in self.warnings],
            "version": self.version,
        }


Located = tuple[tuple[str, int, str | None, str | None], Relationship]
#: reference fields that hold a list of ids (the others hold one id or None)
LIST_REFERENCES = frozenset({"needs", "groups", "areas", "members"})


@dataclass
class Places:
    """Where a dataset's entries are in the file it was read from, for error messages.

    `check_dataset` numbers an entry by its place in its list; that is its row in a
    dataset file, but not in a spreadsheet (a header, blank rows) or an HSDS or PTV
    file (records of several kinds). `rows` gives each list's file rows; with
    `by_source`, a node's `source` ("services.csv row 3", "x.json record 17") says it.
    """

    rows: dict[str, list[int]] = field(default_factory=dict)
    by_source: bool = False

    def row_of(self, list_name: str, row: int) -> int:
        """The file's row of a list's `row`th entry (the entry's number where unknown)."""
        rows = self.rows.get(list_name)
        return rows[row - 1] if rows is not None and 0 < row <= len(rows) else row

    def relocate(self, errors: list[RowError], ds: Dataset) -> list[RowError]:
        sources: dict[str, dict[str, str | None]] = {}
        out = []
        for e in errors:
            rows = self.rows.get(e.location or "")
            if e.row is not None and rows is not None and 0 < e.row <= len(rows):
                e = replace(e, row=rows[e.row - 1])
            elif self.by_source and e.id and e.location in LABEL_OF_LIST:
                if e.location not in sources:
                    sources[e.location] = {n.id: n.source for n in getattr(ds, e.location)}
                source = sources[e.location].get(e.id)
                if source:
                    if e.file and source.startswith(e.file + " "):
                        source = source[len(e.file) + 1 :]
                    e = replace(e, location=source, row=None)
            out.append(e)
        return out


def check_dataset(
    ds: Dataset,
    known: Callable[[Label, set[str]], set[str]] | None = None,
    *,
    file: str | None = None,
    located: list[Located] | None = None,
    places: Places | None = None,
) -> list[RowError]:
    """Every problem that stops `ds` from being imported: duplicate ids, dangling references.

    `known(label, ids)` returns which of `ids` already exist outside the dataset (in the
    store); without it, references must resolve within the dataset.
    """
    errors: list[RowError] = []
    ids: dict[Label, set[str]] = {}
    row_of = places.row_of if places else _same_row
    for list_name, label in NODE_LISTS:
        nodes = getattr(ds, list_name)
        errors += duplicate_ids(list_name, (n.id for n in nodes), file=file, row_of=row_of)
        ids[label] = {n.id for n in nodes}
    errors += _duplicate_relationships(ds, file, row_of)
    # Only the referenced end of a relationship can be unknown (a node's own id is in
    # `ids`), so look at the reference fields without building relationships.
    wanted: dict[Label, set[str]] = {}
    for ref_list, ref_field, _kind, target_label in REFERENCES:
        values = map(attrgetter(ref_field), getattr(ds, ref_list))
        if ref_field in LIST_REFERENCES:
            refs = set(chain.from_iterable(values))
        else:
            refs = set(values)
            refs.discard(None)
        wanted.setdefault(target_label, set()).update(refs - ids[target_label])
    for gn in ds.group_needs:
        for ref_label, ref in ((Label.TARGET_GROUP, gn.group), (Label.NEED, gn.need)):
            if ref not in ids[ref_label]:
                wanted.setdefault(ref_label, set()).add(ref)
    for p in ds.partnerships:
        for ref in (p.source, p.target):
            if ref not in ids[Label.PROVIDER]:
                wanted.setdefault(Label.PROVIDER, set()).add(ref)
    wanted = {label: refs for label, refs in wanted.items() if refs}
    found = {label: (known(label, refs) if known else set()) for label, refs in wanted.items()}
    missing = {(label, ref) for label, refs in wanted.items() for ref in refs - found[label]}
    if missing:
        for (list_name, row, node_id, field_name), r in (
            _iter_located(ds) if located is None else located
        ):
            for end_label, ref, end in (
                (r.source_label, r.source, "source"),
                (r.target_label, r.target, "target"),
            ):
                if (end_label, ref) in missing:
                    errors.append(
                        RowError(
                            f"refers to {end_label} {ref!r}, which is neither in the file nor in "
                            "the store",
                            file=file,
                            location=list_name,
                            row=row,
                            id=node_id,
                            field=field_name or _END_FIELD.get((list_name, end), end),
                        )
                    )
    errors += _parent_cycles(ds, file)
    return places.relocate(errors, ds) if places and errors else errors


#: the field that holds a relationship's end, where it is not called source or target
_END_FIELD = {("group_needs", "source"): "group", ("group_needs", "target"): "need"}


def _same_row(list_name: str, row: int) -> int:
    return row


def duplicate_ids(
    list_name: str,
    ids: Iterable[str | None],
    *,
    file: str | None = None,
    row_of: Callable[[str, int], int] = _same_row,
) -> list[RowError]:
    """An error for each id that came before in the list (rows count from 1; None, an
    entry without a usable id, is skipped; `row_of` gives the row in the file that the
    message names)."""
    errors: list[RowError] = []
    first: dict[str, int] = {}
    for row, node_id in enumerate(ids, start=1):
        if node_id is None:
            continue
        seen = first.setdefault(node_id, row)
        if seen != row:
            errors.append(
                RowError(
                    f"duplicate id {node_id!r} (first in row {row_of(list_name, seen)})",
                    file=file,
                    location=list_name,
                    row=row,
                    id=node_id,
                    field="id",
                )
            )
    return errors


def _iter_located(ds: Dataset) -> Iterator[Located]:
    for list_name, _ in NODE_LISTS:
        for row, node in enumerate(getattr(ds, list_name), start=1):
            for r in outgoing(node):
                yield (list_name, row, node.id, _field_of_rel(r)), r
    for row, r in enumerate(ds.iter_group_need_relationships(), start=1):
        yield ("group_needs", row, None, None), r
    for row, r in enumerate(ds.iter_partnership_relationships(), start=1):
        yield ("partnerships", row, None, None), r


def _field_of_rel(rel: Relationship) -> str:
    return {
        RelKind.OFFERS: "provider",
        RelKind.MEETS: "needs",
        RelKind.SERVES: "groups",
        RelKind.AVAILABLE_IN: "areas",
        RelKind.PART_OF: "parent",
        RelKind.MEMBER_OF: "members",
    }[rel.kind]


def _duplicate_relationships(
    ds: Dataset, file: str | None, row_of: Callable[[str, int], int]
) -> list[RowError]:
    errors = []
    seen: dict[tuple[str, ...], int] = {}
    for row, gn in enumerate(ds.group_needs, start=1):
        key: tuple[str, ...] = ("group_needs", gn.group, gn.need)
        if key in seen:
            errors.append(
                RowError(
                    f"group {gn.group!r} and need {gn.need!r} already paired in row "
                    f"{row_of('group_needs', seen[key])}",
                    file=file,
                    location="group_needs",
                    row=row,
                    field="need",
                )
            )
        seen.setdefault(key, row)
    for row, p in enumerate(ds.partnerships, start=1):
        key = ("partnerships", p.source, p.target, p.kind.value)
        if key in seen:
            errors.append(
                RowError(
                    f"{p.kind.value} partnership {p.source!r} → {p.target!r} already in row "
                    f"{row_of('partnerships', seen[key])}",
                    file=file,
                    location="partnerships",
                    row=row,
                    field="kind",
                )
            )
        seen.setdefault(key, row)
    return errors


def _parent_cycles(ds: Dataset, file: str | None) -> list[RowError]:
    errors = []
    for list_name in ("providers", "areas"):
        parent = {n.id: n.parent for n in getattr(ds, list_name)}
        for row, node in enumerate(getattr(ds, list_name), start=1):
            seen = {node.id}
            cur = parent.get(node.id)
            while cur is not None:
                if cur in seen:
                    errors.append(
                        RowError(
                            f"parent chain of {node.id!r} loops back to {cur!r}",
                            file=file,
                            location=list_name,
                            row=row,
                            id=node.id,
                            field="parent",
                        )
                    )
                    break
                seen.add(cur)
                cur = parent.get(cur)
    return errors


def _normalised(node: Node) -> Node:
    """The node with its reference lists sorted and unique, as a store gives them back."""
    updates = {}
    for f in node.ref_fields:
        value = getattr(node, f)
        if isinstance(value, list) and len(value) > 1:
            clean = sorted(set(value))
            if clean != value:
                updates[f] = clean
    return node.model_copy(update=updates) if updates else node


def apply_dataset(
    store: GraphStore,
    ds: Dataset,
    *,
    dry_run: bool = False,
    source: str | None = None,
    progress: Progress | None = None,
    create_only: frozenset[Label] = frozenset(),
    places: Places | None = None,
    skip_unresolved: frozenset[str] = frozenset(),
    clear_unresolved: frozenset[tuple[str, str]] = frozenset(),
    stamped: Mapping[str, Container[str]] | None = None,
    given: Mapping[str, frozenset[str]] | None = None,
) -> ImportReport:
    """Import `ds` into `store` in one transaction (or, with dry_run, only report).

    Nodes of a label in `create_only` are added when missing and otherwise left as they
    are. An entry of a list in `skip_unresolved` that refers to a node neither in `ds`
    nor in the store is left out whole, with a warning (a PTV service whose organisation
    is in neither); a reference of a (list, field) pair in `clear_unresolved` that
    resolves in neither is dropped, with a warning, and its entry kept (a PTV
    organisation whose parent is in neither); anywhere else that is an error.
    `stamped` gives, per node list, the ids whose `source` the reader wrote (the file
    and row or record): that source alone differing from the stored one is no change.
    `given` gives, per node list, the fields the file has (a workbook's columns, with
    `name_fi` for one language of a name): a stored node keeps the values of the others.
    Raises InvalidData (with every RowError) and writes nothing when anything is wrong.
    """
    with gc_paused():
        skipped: list[RowError] = []
        if skip_unresolved or clear_unresolved:
            ds, left_out, places = _skip_unresolved(
                store, ds, skip_unresolved, clear_unresolved, create_only, source, places
            )
            skipped += left_out
        report = _apply(
            store,
            ds,
            dry_run=dry_run,
            source=source,
            progress=progress,
            create_only=create_only,
            places=places,
            stamped=stamped or {},
            given=given or {},
        )
        report.warnings = skipped + report.warnings
        return report


@dataclass
class _Keep:
    """How a file without some columns completes a node the store already holds: the
    fields it has no column for keep their stored values, and so do the languages of a
    name or description it has no column for. (A blank cell in a column the file has
    clears the value: that is what the keeper wrote.)"""

    fields: list[str]
    kept: list[str]
    by_lang: dict[str, set[str]]
    merged: int = 0

    @classmethod
    def of(cls, label: Label, columns: frozenset[str] | None) -> _Keep | None:
        if columns is None:
            return None
        fields = [f for f in NODE_TYPES[label].model_fields if f != "id"]
        langs = {
            f: {c.split("_", 1)[1] for c in columns if c.startswith(f + "_")}
            for f in MULTILINGUAL
            if f not in columns
        }
        kept = [f for f in fields if f not in columns and not langs.get(f)]
        by_lang = {f: ls for f, ls in langs.items() if ls}
        return cls(fields, kept, by_lang) if kept or by_lang else None

    def merge(self, old: Node, new: Node) -> Node:
        """`new` completed from `old` and validated again; ValidationError on a clash."""
        data = {f: getattr(new, f) for f in (*self.fields, "id")}
        data.update((f, getattr(old, f)) for f in self.kept)
        for f, languages in self.by_lang.items():
            data[f] = _by_language(getattr(old, f), getattr(new, f), languages)
        self.merged += 1
        return type(new).model_validate(data)

    def note(self, list_name: str, source: str | None) -> RowError:
        missing = [
            *self.kept,
            *(
                f"{f} in {', '.join(sorted(set(LANGUAGES) - ls))}"
                for f, ls in self.by_lang.items()
                if set(LANGUAGES) - ls
            ),
        ]
        return RowError(
            f"the file has no column for {', '.join(missing)}: the {self.merged} of its "
            f"{list_name} already in the store keep their stored values of "
            f"{'those' if len(missing) > 1 else 'it'}",
            file=source,
            location=list_name,
        )


def _clash(
    exc: ValidationError, list_name: str, row: int, node_id: str, source: str | None
) -> RowError:
    err = exc.errors()[0]
    return RowError(
        f"{str(err['msg']).removeprefix('Value error, ')} (with the stored "
        "values of the columns the file does not have)",
        file=source,
        location=list_name,
        row=row,
        id=node_id,
        field=".".join(map(str, err.get("loc", ()))) or None,
    )


def _by_language(old: Any, new: Any, languages: set[str]) -> Any:
    """A name or description: the stored languages, with those of `languages` (the
    file's columns) as the file gives them (removed where its cell is blank). A stored
    text of no language counts as Finnish, the language graphsvc shows first."""
    if isinstance(old, str):
        old = {"fi": old}
    if not isinstance(old, dict):
        return new
    merged = {lang: text for lang, text in old.items() if lang not in languages}
    if isinstance(new, dict):
        merged.update(new)
    return merged or None


def _skip_unresolved(
    store: GraphStore,
    ds: Dataset,
    lists: frozenset[str],
    clear: frozenset[tuple[str, str]],
    create_only: frozenset[Label],
    source: str | None,
    places: Places | None,
) -> tuple[Dataset, list[RowError], Places | None]:
    """`ds` without the references of `clear` and the entries of `lists` that resolve
    neither in `ds` nor in the store, a warning for each, and `places` for what is left.

    Definitions (nodes of a label in `create_only`) that only left-out entries referred
    to are left out with them: what a broken record brought along goes with it.
    """
    ids = {label: {n.id for n in getattr(ds, name)} for name, label in NODE_LISTS}
    unknown: dict[Label, set[str]] = {}
    stored: dict[Label, set[str]] = {}

    def unresolved(label: Label, refs: set[str]) -> set[str]:
        asked = unknown.setdefault(label, set()) | stored.setdefault(label, set())
        new = refs - ids[label] - asked
        if new:  # (the store is asked once per id)
            there = store.exists(label, new)
            stored[label] |= there
            unknown[label] |= new - there
        return refs & unknown[label]

    warnings: list[RowError] = []
    for list_name, field_name in sorted(clear):
        ds, cleared = _clear_references(ds, list_name, field_name, unresolved, source)
        warnings += cleared
    skipped: dict[str, set[int]] = {}
    for list_name in _ALL_LISTS:
        if list_name not in lists:
            continue
        entries = getattr(ds, list_name)
        wanted: dict[Label, set[str]] = {}
        for entry in entries:
            for _, label, ref in _refs(list_name, entry):
                wanted.setdefault(label, set()).add(ref)
        bad = {(label, ref) for label, refs in wanted.items() for ref in unresolved(label, refs)}
        for row, entry in enumerate(entries, start=1):
            missing = [m for m in _refs(list_name, entry) if (m[1], m[2]) in bad]
            if not missing:
                continue
            field_name, label, ref = missing[0]
            node_id = getattr(entry, "id", None)
            if list_name in LABEL_OF_LIST:
                ids[LABEL_OF_LIST[list_name]].discard(node_id)
            skipped.setdefault(list_name, set()).add(row)
            warnings.append(
                RowError(
                    f"{field_name} {ref!r} is neither in the file nor in the store, so this "
                    f"{_SINGULAR[list_name]} is left out (import that "
                    f"{_SINGULAR[LIST_OF_LABEL[label]]} too)",
                    file=source,
                    location=list_name,
                    row=row,
                    id=node_id,
                    field=field_name,
                )
            )
    if not skipped:
        return ds, places.relocate(warnings, ds) if places else warnings, places
    gone = _orphaned_definitions(ds, skipped, create_only)
    update: dict[str, list[Any]] = {}
    new_rows = dict(places.rows) if places else {}
    gone_labels = {label for label, _ in gone}
    for list_name in _ALL_LISTS:
        list_label = LABEL_OF_LIST.get(list_name)
        rows_out = skipped.get(list_name, set())
        if not rows_out and list_label not in gone_labels:
            continue
        entries = getattr(ds, list_name)
        keep = [
            row
            for row, entry in enumerate(entries, start=1)
            if row not in rows_out and (list_label, getattr(entry, "id", None)) not in gone
        ]
        update[list_name] = [entries[row - 1] for row in keep]
        file_rows = new_rows.get(list_name)
        if file_rows is not None:
            new_rows[list_name] = [file_rows[row - 1] for row in keep if row <= len(file_rows)]
    if places:
        warnings = places.relocate(warnings, ds)
        places = Places(new_rows, places.by_source)
    return ds.model_copy(update=update), _summary(warnings, source) + warnings, places


def _clear_references(
    ds: Dataset,
    list_name: str,
    field_name: str,
    unresolved: Callable[[Label, set[str]], set[str]],
    source: str | None,
) -> tuple[Dataset, list[RowError]]:
    """`ds` with the ids in one reference field of one node list that resolve nowhere
    dropped (the entries kept), and a warning for each."""
    label = LABEL_OF_LIST[list_name]
    target = next(t for name, _, t in reference_fields(label) if name == field_name)
    entries = getattr(ds, list_name)
    refs = {
        ref for entry in entries for name, _, ref in _refs(list_name, entry) if name == field_name
    }
    bad = unresolved(target, refs)
    if not bad:
        return ds, []
    warnings: list[RowError] = []
    kept: list[Any] = []
    for row, entry in enumerate(entries, start=1):
        value = getattr(entry, field_name)
        gone = [v for v in (value if isinstance(value, list) else [value]) if v in bad]
        if gone:
            warnings.append(
                RowError(
                    f"{field_name} {', '.join(map(repr, gone))} is neither in the file nor in the "
                    f"store, so this {_SINGULAR[list_name]} is imported without it (import that "
                    f"{_SINGULAR[LIST_OF_LABEL[target]]} too)",
                    file=source,
                    location=list_name,
                    row=row,
                    id=entry.id,
                    field=field_name,
                )
            )
            entry = entry.model_copy(
                update={
                    field_name: [v for v in value if v not in bad]
                    if isinstance(value, list)
                    else None
                }
            )
        kept.append(entry)
    return ds.model_copy(update={list_name: kept}), warnings


def _summary(left_out: list[RowError], source: str | None) -> list[RowError]:
    """One line that says what the warnings of the left-out entries add up to."""
    if len(left_out) < 2:
        return []
    refs = sorted({w.message.split(" is neither", 1)[0] for w in left_out})
    shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
    return [
        RowError(
            f"{len(left_out)} entries are left out because they refer to what is "
            f"neither in the file nor in the store: {shown}. Import those first, "
            "or with them; each entry is listed below",
            file=source,
        )
    ]


def _orphaned_definitions(
    ds: Dataset, skipped: dict[str, set[int]], create_only: frozenset[Label]
) -> set[tuple[Label, str]]:
    """The nodes of `create_only` labels that only the skipped entries referred to (and,
    in turn, the parents that only those referred to)."""
    present = {
        (label, n.id)
        for name, label in NODE_LISTS
        if label in create_only
        for n in getattr(ds, name)
    }
    candidates = {
        (label, ref)
        for name, rows in skipped.items()
        for row in rows
        for _, label, ref in _refs(name, getattr(ds, name)[row - 1])
    }
    gone: set[tuple[Label, str]] = set()
    while True:
        kept = {
            (label, ref)
            for name in _ALL_LISTS
            for row, entry in enumerate(getattr(ds, name), start=1)
            if row not in skipped.get(name, ())
            and (LABEL_OF_LIST.get(name), getattr(entry, "id", None)) not in gone
            for _, label, ref in _refs(name, entry)
        }
        newly = (candidates & present) - kept - gone
        if not newly:
            return gone
        gone |= newly
        for name, label in NODE_LISTS:
            for node in getattr(ds, name):
                if (label, node.id) in newly:
                    candidates.update((lbl, ref) for _, lbl, ref in _refs(name, node))


def _refs(list_name: str, entry: Any) -> Iterator[tuple[str, Label, str]]:
    """(field, label, id) of each reference an entry of a dataset list makes."""
    if list_name == "group_needs":
        yield "group", Label.TARGET_GROUP, entry.group
        yield "need", Label.NEED, entry.need
    elif list_name == "partnerships":
        yield "source", Label.PROVIDER, entry.source
        yield "target", Label.PROVIDER, entry.target
    else:
        for name, _, target in reference_fields(LABEL_OF_LIST[list_name]):
            value = getattr(entry, name)
            for ref in value if isinstance(value, list) else [value] if value else []:
                yield name, target, ref


_ALL_LISTS = (*LABEL_OF_LIST, "group_needs", "partnerships")
_SINGULAR = {
    "target_groups": "target group",
    "needs": "need",
    "areas": "area",
    "providers": "provider",
    "services": "service",
    "networks": "network",
    "group_needs": "group need",
    "partnerships": "partnership",
}


def _apply(
    store: GraphStore,
    ds: Dataset,
    *,
    dry_run: bool,
    source: str | None,
    progress: Progress | None,
    create_only: frozenset[Label],
    places: Places | None,
    stamped: Mapping[str, Container[str]],
    given: Mapping[str, frozenset[str]],
) -> ImportReport:
    errors = check_dataset(ds, store.exists, file=source, places=places)
    if errors:
        raise InvalidData.refused(source, errors)
    report = ImportReport(dry_run=dry_run, source=source)
    plan = _plan(store, ds, report.counts, create_only, stamped, given, source, places)
    report.warnings += plan.notes
    if not dry_run and plan.changes:
        batch_rows = max(1, store.capabilities.max_batch_rows)
        with store.write(bulk=True) as writer:
            for label, nodes in plan.nodes.items():
                writer.upsert_nodes(label, nodes)
                if progress:
                    progress(len(nodes))
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
            if progress:
                progress(written)
    report.version = store.version()
    return report


@dataclass
class _Plan:
    nodes: dict[Label, list[Node]] = field(default_factory=dict)
    updated: list[Node] = field(default_factory=list)
    #: ids of the nodes to add, per dataset list: their relationships are all new
    added: dict[str, set[str]] = field(default_factory=dict)
    #: group needs and partnerships to add or update
    other_relationships: list[Relationship] = field(default_factory=list)
    #: what makes the group needs or partnerships that are all to be added
    other_sources: list[Callable[[], Iterable[Relationship]]] = field(default_factory=list)
    #: what the report should say about values kept from the store
    notes: list[RowError] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.nodes or self.other_relationships or self.other_sources)


class _ReferenceCounts:
    """The relationships that nodes' reference fields stand for, counted for the report
    (without building them: an import of many new nodes only needs their number)."""

    def __init__(self, label: Label) -> None:
        self.fields = reference_fields(label)
        self.counts: dict[str, dict[RelKind, int]] = {}

    def _bump(self, what: str, kind: RelKind, n: int) -> None:
        if n:
            bucket = self.counts.setdefault(what, {})
            bucket[kind] = bucket.get(kind, 0) + n

    def count(self, what: str, node: Node) -> None:
        self.count_many(what, [node])

    def count_many(self, what: str, nodes: list[Node]) -> None:
        for name, kind, _ in self.fields:
            values = list(map(attrgetter(name), nodes))
            if name in LIST_REFERENCES:  # (counted in C; only lists of 2+ may repeat an id)
                n = sum(map(len, values)) - sum(len(v) - len(set(v)) for v in values if len(v) > 1)
            else:
                n = sum(map(bool, values))
            self._bump(what, kind, n)

    def compare(self, old: Node, new: Node) -> None:
        """An updated node: its references are added, deleted or left as they are."""
        for name, kind, _ in self.fields:
            before, after = (_as_set(getattr(n, name)) for n in (old, new))
            self._bump("added", kind, len(after - before))
            self._bump("deleted", kind, len(before - after))
            self._bump("unchanged", kind, len(after & before))

    def add_to(self, counts: WriteCounts) -> None:
        for what, bucket in self.counts.items():
            for kind, n in bucket.items():
                counts.bump(what, kind.value, n)


def _changed(old: Node, new: Node, stamped: bool) -> bool:
    """Whether importing `new` changes the stored `old`. A source the reader `stamped`
    (the file and row or record it read the node from) is no change alone: a daily PTV
    file under a new name, or a row moved down a sheet, would otherwise report every
    node as updated; the node keeps the source it was first imported from until its
    data changes. A source the file itself gives is data like any other."""
    if old == new:
        return False
    return not stamped or {**old.__dict__, "source": None} != {**new.__dict__, "source": None}


def _as_set(value: Any) -> set[str]:
    if isinstance(value, list):
        return set(value)
    return {value} if value else set()


def _plan(
    store: GraphStore,
    ds: Dataset,
    counts: WriteCounts,
    create_only: frozenset[Label],
    stamped: Mapping[str, Container[str]],
    given: Mapping[str, frozenset[str]],
    source: str | None,
    places: Places | None,
) -> _Plan:
    plan = _Plan()
    clashes: list[RowError] = []
    for list_name, label in NODE_LISTS:
        auto = stamped.get(list_name, ())
        keep = _Keep.of(label, given.get(list_name))
        row = 0
        changed: list[Node] = []
        added: set[str] = set()
        n_added = n_updated = n_unchanged = 0
        refs = _ReferenceCounts(label)
        for batch in chunked(getattr(ds, list_name), 2_000):
            row += len(batch)
            existing = store.get_many(label, [n.id for n in batch])
            # (a node to add goes as it is: writers take only its properties, and its
            # relationships are made from it later; only a stored one is compared)
            if not existing:
                changed += batch
                added.update(n.id for n in batch)
                n_added += len(batch)
                refs.count_many("added", batch)
                continue
            for i, node in enumerate(batch, start=row - len(batch) + 1):
                old = existing.get(node.id)
                if old is None:
                    n_added += 1
                    changed.append(node)
                    added.add(node.id)
                    refs.count("added", node)
                    continue
                if keep is not None:
                    try:
                        node = keep.merge(old, node)
                    except ValidationError as exc:
                        clashes.append(_clash(exc, list_name, i, node.id, source))
                        continue
                node = _normalised(node)
                if _changed(old, node, node.id in auto) and label not in create_only:
                    n_updated += 1
                    changed.append(node)
                    plan.updated.append(node)
                    refs.compare(old, node)
                else:
                    n_unchanged += 1
                    refs.count("unchanged", old)
        for what, n in (("added", n_added), ("updated", n_updated), ("unchanged", n_unchanged)):
            if n:
                counts.bump(what, label.value, n)
        refs.add_to(counts)
        if keep is not None and keep.merged:
            plan.notes.append(keep.note(list_name, source))
        if changed:
            plan.nodes[label] = changed
        if added:
            plan.added[list_name] = added
    if clashes:
        clashes = places.relocate(clashes, ds) if places else clashes
        raise InvalidData.refused(source, clashes)
    for kind, size, make in (
        (RelKind.HAS_NEED, len(ds.group_needs), ds.iter_group_need_relationships),
        (RelKind.PARTNERS_WITH, len(ds.partnerships), ds.iter_partnership_relationships),
    ):
        if not size:
            continue
        stored = store.relationships(kind).items
        if not stored:
            # all new (and unique: check_dataset saw to that): made when written
            counts.bump("added", kind.value, size)
            plan.other_sources.append(make)
            continue
        current = {(r.source, r.target, r.key): r.properties for r in stored}
        del stored
        r_added = r_updated = r_unchanged = 0
        for rel in make():  # (only the changed ones are kept)
            old_props = current.get((rel.source, rel.target, rel.key))
            if old_props is None:
                r_added += 1
            elif old_props != rel.properties:
                r_updated += 1
            else:
                r_unchanged += 1
                continue
            plan.other_relationships.append(rel)
        for what, n in (("added", r_added), ("updated", r_updated), ("unchanged", r_unchanged)):
            if n:
                counts.bump(what, kind.value, n)
    return plan
