"""The lenient part of an import of other systems' data: entries whose references
resolve neither in the file nor in the store are left out (or the reference dropped),
each recorded with its cause for the report, instead of refusing the whole file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from graphsvc.errors import RowError
from graphsvc.importing.report import LeftOut
from graphsvc.model import (
    LABEL_OF_LIST,
    LIST_OF_LABEL,
    NODE_LISTS,
    Dataset,
    Label,
    Places,
    reference_fields,
)
from graphsvc.store.base import GraphStore
from ingest.base import ImportPolicy


def leave_out_unresolved(
    store: GraphStore,
    ds: Dataset,
    policy: ImportPolicy,
    source: str | None,
    places: Places | None,
) -> tuple[Dataset, list[LeftOut], Places | None]:
    """`ds` without the entries of `policy.skip_unresolved` lists and the references of
    its `clear_unresolved` fields that resolve neither in `ds` nor in the store, what
    was left out (each entry and why, named by its place in the file), and `places`
    for what is left.

    Definitions (nodes of a label in `create_only`) that only left-out entries referred
    to are left out with them: what a broken record brought along goes with it.
    """
    lists, clear = policy.skip_unresolved, policy.clear_unresolved
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

    # entries first (a reference the entry can do without does not count), then the
    # references of what is left: an entry left out is not also reported without one
    problems: list[tuple[str, bool, RowError]] = []
    skipped: dict[str, set[int]] = {}
    for list_name in _ALL_LISTS:
        if list_name not in lists:
            continue
        entries = getattr(ds, list_name)
        wanted: dict[Label, set[str]] = {}
        for entry in entries:
            for field_name, label, ref in _refs(list_name, entry):
                if (list_name, field_name) not in clear:
                    wanted.setdefault(label, set()).add(ref)
        bad = {(label, ref) for label, refs in wanted.items() for ref in unresolved(label, refs)}
        for row, entry in enumerate(entries, start=1):
            missing = [
                m
                for m in _refs(list_name, entry)
                if (m[1], m[2]) in bad and (list_name, m[0]) not in clear
            ]
            if not missing:
                continue
            field_name, label, ref = missing[0]
            node_id = getattr(entry, "id", None)
            if list_name in LABEL_OF_LIST:
                ids[LABEL_OF_LIST[list_name]].discard(node_id)
            skipped.setdefault(list_name, set()).add(row)
            problems.append(
                (
                    list_name,
                    False,
                    RowError(
                        f"{field_name} {ref!r} is neither in the file nor in the store, so "
                        f"this {_SINGULAR[list_name]} is left out (import that "
                        f"{_SINGULAR[LIST_OF_LABEL[label]]} too)",
                        file=source,
                        location=list_name,
                        row=row,
                        id=node_id,
                        field=field_name,
                        refers=(str(label), ref),
                    ),
                )
            )
    for list_name, field_name in sorted(clear):
        for row, entry, label, refs in _unresolved_in(
            ds, list_name, field_name, unresolved, skipped.get(list_name, set())
        ):
            problems += [
                (
                    list_name,
                    True,
                    RowError(
                        f"{field_name} {ref!r} is neither in the file nor in the store, so "
                        f"this {_SINGULAR[list_name]} is imported without it (import that "
                        f"{_SINGULAR[LIST_OF_LABEL[label]]} too)",
                        file=source,
                        location=list_name,
                        row=row,
                        id=entry.id,
                        field=field_name,
                        refers=(str(label), ref),
                    ),
                )
                for ref in refs
            ]
    errors = [p for _, _, p in problems]
    located = places.relocate(errors, ds) if places else errors
    left_out = [
        LeftOut("missing", list_name, problem, kept)
        for (list_name, kept, _), problem in zip(problems, located, strict=True)
    ]
    if not problems:
        return ds, left_out, places
    ds = _without_references(ds, problems)
    if not skipped:
        return ds, left_out, places
    gone = _orphaned_definitions(ds, skipped, policy.create_only)
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
        places = replace(places, rows=new_rows)
    return ds.model_copy(update=update), left_out, places


def _unresolved_in(
    ds: Dataset,
    list_name: str,
    field_name: str,
    unresolved: Callable[[Label, set[str]], set[str]],
    skipped: set[int],
) -> Iterator[tuple[int, Any, Label, list[str]]]:
    """(row, entry, label, ids) of the entries of a list (but the `skipped` rows) whose
    reference field holds ids that resolve nowhere."""
    label = LABEL_OF_LIST[list_name]
    target = next(t for name, _, t in reference_fields(label) if name == field_name)
    entries = getattr(ds, list_name)
    refs = {
        ref for entry in entries for name, _, ref in _refs(list_name, entry) if name == field_name
    }
    bad = unresolved(target, refs)
    if not bad:
        return
    for row, entry in enumerate(entries, start=1):
        value = getattr(entry, field_name)
        gone = [v for v in (value if isinstance(value, list) else [value]) if v in bad]
        if gone and row not in skipped:
            yield row, entry, target, gone


def _without_references(ds: Dataset, problems: list[tuple[str, bool, RowError]]) -> Dataset:
    """`ds` with the references that the `kept` problems name dropped from their entries."""
    drop: dict[str, dict[int, dict[str, set[str]]]] = {}
    for list_name, kept, p in problems:
        if kept and p.row is not None and p.field and p.refers:
            fields = drop.setdefault(list_name, {}).setdefault(p.row, {})
            fields.setdefault(p.field, set()).add(p.refers[1])
    update: dict[str, list[Any]] = {}
    for list_name, rows in drop.items():
        entries = list(getattr(ds, list_name))
        for row, fields in rows.items():
            entry = entries[row - 1]
            changes: dict[str, Any] = {}
            for field_name, bad in fields.items():
                value = getattr(entry, field_name)
                changes[field_name] = (
                    [v for v in value if v not in bad] if isinstance(value, list) else None
                )
            entries[row - 1] = entry.model_copy(update=changes)
        update[list_name] = entries
    return ds.model_copy(update=update) if update else ds


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
