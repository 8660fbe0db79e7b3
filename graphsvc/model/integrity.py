"""Whether a dataset holds together: unique ids, references that resolve, no loops.

`check_dataset` is the check every import runs; it asks a store only through `known`,
so it is the same for a file on its own, a file against a store, or a store's snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import attrgetter

from graphsvc.errors import RowError
from graphsvc.model.dataset import NODE_LISTS, REFERENCES, Dataset, outgoing
from graphsvc.model.nodes import Relationship
from graphsvc.model.provenance import Places
from graphsvc.model.types import Label, RelKind

Located = tuple[tuple[str, int, str | None, str | None], Relationship]
#: reference fields that hold a list of ids (the others hold one id or None)
LIST_REFERENCES = frozenset({"needs", "groups", "areas", "members"})


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
                            unresolved_text(str(end_label), ref),
                            file=file,
                            location=list_name,
                            row=row,
                            id=node_id,
                            field=field_name or _END_FIELD.get((list_name, end), end),
                            refers=(str(end_label), ref),
                        )
                    )
    errors += _parent_cycles(ds, file)
    return places.relocate(errors, ds) if places and errors else errors


def unresolved_text(what: str, ref: str) -> str:
    """The problem of a reference to `what` (a label, or a reader's word for it) `ref`
    that resolves neither in the file nor in the store."""
    return f"refers to {what} {ref!r}, which is neither in the file nor in the store"


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
