"""Undo: one logged change, or a whole change set (an import), put back as it was.

A revert is refused (409, `revert-blocked`) when a later change depends on what it
would put back: a later change of the same record and field (or of the record whole,
for an add or a delete), or, for a node that was added, a relationship to it that a
later change (or another record of the same change set) made. The message names the
change that blocks it. A revert is itself a change: one change set, logged with who
asked for it and the channel (api or page), in one transaction with its writes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError

from graphsvc.errors import (
    ChangeNotFound,
    Conflict,
    MissingReference,
    NodeNotFound,
    RelationshipNotFound,
    RevertBlocked,
)
from graphsvc.model import (
    INCOMING,
    NODE_TYPES,
    Label,
    Node,
    Relationship,
    outgoing,
    reference_fields,
)
from graphsvc.store import GraphStore, GraphWriter
from graphsvc.store.base import rel_key
from graphsvc.store.history import (
    DOCUMENT_LABELS,
    POPULATION_LABEL,
    Change,
    ChangeFilters,
    Version,
    dumps,
    rel_record,
    summarised,
)
from graphsvc.store.population import area_rows, replace_areas

#: a change set is read from the log in pages of this many entries
_PAGE = 10_000
_NODE_LABELS = {label.value for label in Label}
#: what is kept whole beside the graph: documents (by their kind) and residents
_DOCUMENT_KINDS = {label: kind for kind, label in DOCUMENT_LABELS.items()}
_WHOLE = {*_DOCUMENT_KINDS, POPULATION_LABEL}


@dataclass(frozen=True)
class Reverted:
    """What a revert did: the change (or set) reverted, and the change set it made."""

    reverted: str
    change_set: int | None
    entries: int


def parse_id(text: str) -> tuple[int, int | None]:
    """'12' (a change set) or '12-3' (one change of it); 404 for anything else."""
    head, _, tail = text.partition("-")
    if not head.isdigit() or len(head) > 18 or (tail and (not tail.isdigit() or len(tail) > 9)):
        raise ChangeNotFound(f"No change {text[:40]!r}: a change is '<set>-<n>', a set '<set>'.")
    return int(head), int(tail) if tail else None


def entries_of(store: GraphStore, change_id: str) -> list[Change]:
    """The changes a revert of `change_id` undoes, oldest first; 404 if none."""
    set_id, n = parse_id(change_id)
    found: list[Change] = []
    offset = 0
    while True:
        page = store.changes(ChangeFilters(change_set=set_id), limit=_PAGE, offset=offset)
        found.extend(page.items)
        offset += len(page.items)
        if not page.items or offset >= page.total:
            break
    if n is not None:
        # (a node put back comes with the relationships its delete took along)
        one = [c for c in found if c.id == change_id]
        if one and one[0].op == "delete" and one[0].label in _NODE_LABELS:
            found = [c for c in found if c == one[0] or _took_along(c, one[0])]
        else:
            found = one
    if not found:
        raise ChangeNotFound(f"No change {change_id!r} in the change log.")
    return sorted(found, key=lambda c: int(c.id.partition("-")[2]))


def _took_along(c: Change, node: Change) -> bool:
    """Whether `c` is a relationship deleted with the node `node` deleted."""
    if c.op != "delete" or c.label in _NODE_LABELS or not isinstance(c.before, dict):
        return False
    end = (node.label, node.key)
    return end in (
        (c.before.get("source_label"), c.before.get("source")),
        (c.before.get("target_label"), c.before.get("target")),
    )


def revert(store: GraphStore, change_id: str) -> Reverted:
    """Undo a change or a change set, unless something later depends on it."""
    entries = entries_of(store, change_id)
    set_id = entries[0].change_set
    checked = store.version()
    seen = _check(store, entries, set_id)
    summary = f"revert of {change_id}"

    def work(writer: GraphWriter) -> None:
        for (kind, key), version in seen.items():
            now = writer.claim(kind, key)
            if now.number != version.number:
                raise Conflict(
                    f"{kind} {key!r} changed while it was being reverted; try again.",
                    details=[{"field": "id", "message": "changed meanwhile"}],
                )
        # (again, inside the write, if anything was written since: a relationship made
        # to a node since it was checked would otherwise go with the node, a service
        # with its provider; the graph cannot be read whole inside the write)
        if store.version() != checked:
            _dependents(store, entries, set(seen), set_id, whole=False)
        _apply(store, writer, entries)

    with summarised(summary):  # (each attempt of the write logs its change set so)
        store.transact(work)
    return Reverted(change_id, _made(store, summary), len(entries))


def _made(store: GraphStore, summary: str) -> int | None:
    for change in store.changes(limit=50).items:
        if change.summary == summary:
            return change.change_set
    return None


# -- what blocks a revert --------------------------------------------------------------


def _blocked(message: str, change: Change | None, set_id: int | None = None) -> RevertBlocked:
    blocker = change.id if change else str(set_id)
    detail: dict[str, Any] = {"field": "id", "message": "a later change depends on it"}
    detail["blocking_change"] = blocker
    if change is not None:
        detail.update(who=change.who, at=change.at, label=change.label, key=change.key)
        message += f" (change {change.id} by {change.who!r} at {change.at})"
    elif set_id:
        message += f" (change set {set_id})"
    return RevertBlocked(
        message + ": revert that change first, or change the record by hand.", details=[detail]
    )


def _check(store: GraphStore, entries: list[Change], set_id: int) -> dict[tuple[str, str], Version]:
    """Raise RevertBlocked if a later change depends on `entries`; else the versions
    of the records they touch (checked again, locked, in the revert's write).

    A record a later write touched is still revertible if what the change made is
    what is there now (changed and changed back, or another field changed)."""
    by_kind: dict[str, list[str]] = {}
    for e in entries:
        by_kind.setdefault(e.label, []).append(e.key)
    seen: dict[tuple[str, str], Version] = {}
    for kind, keys in by_kind.items():
        versions = store.versions(kind, keys)
        for key in keys:
            seen[(kind, key)] = versions.get(key, Version(0))
    for e in entries:
        version = seen[(e.label, e.key)]
        if version.seq > set_id and _now(store, e) != _expected(e):
            _later(store, e, set_id, version)
    _dependents(store, entries, set(seen), set_id)
    return seen


def _dependents(
    store: GraphStore,
    entries: list[Change],
    reverted: set[tuple[str, str]],
    set_id: int,
    *,
    whole: bool = True,
) -> None:
    """Blocked if a node the revert would delete has relationships it would take along.
    (`whole`: many nodes may be checked by reading the graph whole, at once.)"""
    added = {(e.label, e.key) for e in entries if e.op == "add" and e.label in _NODE_LABELS}
    many = whole and len(added) > _ONE_BY_ONE
    suspects = _suspects(store, added, reverted) if many else added
    for label, id in sorted(suspects):
        _referred(store, Label(label), id, added, reverted, set_id)


#: up to this many nodes added, each node's relationships are read one by one; more
#: (an import), the whole graph is read once (one by one, reverting 2,000 providers'
#: import took 50 s: a hub such as an area has thousands of relationships)
_ONE_BY_ONE = 50


def _suspects(
    store: GraphStore, added: set[tuple[str, str]], reverted: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The added nodes with a relationship that is neither their own reference nor
    reverted with them, nor between two added nodes (each checked by `_referred`)."""
    ds = store.snapshot()
    found: set[tuple[str, str]] = set()

    def check(r: Relationship, owner: tuple[str, str] | None) -> None:
        ends = {(str(r.source_label), r.source), (str(r.target_label), r.target)}
        if not ends & added or ends <= added or rel_record(r) in reverted:
            return
        found.update(end for end in ends & added if end != owner)

    for node in ds.iter_nodes():
        for r in outgoing(node):
            check(r, (node.label.value, node.id))
    for r in (*ds.iter_group_need_relationships(), *ds.iter_partnership_relationships()):
        check(r, None)
    return found


def _norm(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def _expected(e: Change) -> Any:
    """What `e` left stored (None: absent)."""
    if e.label in _WHOLE:
        return e.after
    if e.label in _NODE_LABELS or e.after is None:
        return _norm(e.after)
    return _with_key(e.label, e.after)


def _now(store: GraphStore, e: Change) -> Any:
    """What is stored now where `e` made its change after (None: absent)."""
    if e.label in _DOCUMENT_KINDS:
        body = dict(store.documents(_DOCUMENT_KINDS[e.label])).get(e.key)
        return None if body is None else orjson.loads(body)
    if e.label == POPULATION_LABEL:
        return area_rows(store, e.key)
    if e.label in _NODE_LABELS:
        try:
            node = store.get(Label(e.label), e.key)
        except NodeNotFound:
            return None
        if e.field is None:
            return node.properties()
        return _norm(node.model_dump(mode="json", exclude_none=True).get(e.field) or None)
    ends = e.after if e.after is not None else e.before
    wanted = _rel(e.label, ends)
    for r in store.relationships(wanted.kind, node=wanted.source).items:
        if rel_key(r) == rel_key(wanted):
            return _with_key(e.label, {"properties": r.properties})
    return None


def _later(store: GraphStore, e: Change, set_id: int, version: Version) -> None:
    """Blocked: name the newest later change of the record (of that field)."""
    for c in store.changes(ChangeFilters(label=e.label, id=e.key), limit=500).items:
        if c.change_set > set_id and (e.field is None or c.field in (None, e.field)):
            what = f"{e.label} {e.key!r}" + (f" {e.field}" if e.field else "")
            raise _blocked(f"{what} was changed later", c)
    raise _blocked(f"{e.label} {e.key!r} was changed later", None, version.seq)


def _referred(
    store: GraphStore,
    label: Label,
    id: str,
    added: set[tuple[str, str]],
    reverted: set[tuple[str, str]],
    set_id: int,
) -> None:
    """Blocked if a node the revert would delete has relationships that are not its
    own references and not themselves reverted (a service of a provider, a partner)."""
    try:
        node = store.get(label, id)
    except NodeNotFound:
        return
    own = {rel_key(r) for r in outgoing(node)}
    for r in store.relationships(node=id).items:
        ends = {(str(r.source_label), r.source), (str(r.target_label), r.target)}
        if (label.value, id) not in ends or rel_key(r) in own:
            continue
        record = rel_record(r)
        if record in reverted or ends <= added:
            continue
        version = store.versions(record[0], [record[1]]).get(record[1], Version(0))
        other = r.source if r.target == id else r.target
        later = store.changes(ChangeFilters(id=other), limit=1).items
        blocker = later[0] if later and later[0].change_set >= set_id else None
        raise _blocked(
            f"{r.kind} {r.source} \u2192 {r.target} depends on {label} {id!r}",
            blocker,
            version.seq or set_id,
        )


# -- putting back ----------------------------------------------------------------------


def _apply(store: GraphStore, writer: GraphWriter, entries: list[Change]) -> None:
    deleted = {(e.label, e.key) for e in entries if e.op == "add" and e.label in _NODE_LABELS}
    patches: dict[tuple[str, str], list[Change]] = {}
    for e in reversed(entries):  # newest first: what came last is undone first
        if e.label in _DOCUMENT_KINDS:
            kind = _DOCUMENT_KINDS[e.label]
            if e.before is None:
                writer.delete_document(kind, e.key)
            else:
                writer.put_document(kind, e.key, dumps(e.before))
        elif e.label == POPULATION_LABEL:
            rows = [{"area": e.key, **row} for row in e.before or []]
            replace_areas(store, writer, [e.key], rows)
        elif e.label in _NODE_LABELS:
            if e.op == "add":
                _quietly(writer.delete_node, Label(e.label), e.key)
            elif e.op == "delete":
                data = _with_references(Label(e.label), e.key, e.before, entries)
                writer.upsert_nodes(Label(e.label), [_node(Label(e.label), data)])
            elif (e.label, e.key) not in deleted:
                patches.setdefault((e.label, e.key), []).append(e)
        elif e.op == "add":
            _quietly(writer.delete_relationship, _rel(e.label, e.after))
        else:
            _put(writer, [_rel(e.label, e.before)])
    for (label, key), changes in patches.items():
        _patch(store, writer, Label(label), key, changes)


def _patch(
    store: GraphStore, writer: GraphWriter, label: Label, key: str, changes: Iterable[Change]
) -> None:
    """Each field back to its value before (the node as stored, those fields changed)."""
    data = store.get(label, key).model_dump(mode="json", exclude_none=True)
    for c in changes:
        assert c.field is not None
        if c.before is None:
            data.pop(c.field, None)
        else:
            data[c.field] = c.before
    node = _node(label, data)
    writer.upsert_nodes(label, [node])
    try:
        writer.replace_references(node)
    except MissingReference as exc:
        raise Conflict(f"The value before cannot be put back: {exc.message}") from None


def _with_references(label: Label, id: str, props: Any, entries: list[Change]) -> Any:
    """A deleted node's properties with its reference fields (a service's provider)
    from the relationships deleted with it: the model needs them (the writer writes
    those relationships from their own entries)."""
    data = dict(props)
    for name, kind, _target in reference_fields(label):
        here, there = ("target", "source") if kind in INCOMING else ("source", "target")
        ids = [
            c.before[there]
            for c in entries
            if c.op == "delete"
            and c.label == kind.value
            and isinstance(c.before, dict)
            and (c.before.get(f"{here}_label"), c.before.get(here)) == (label.value, id)
        ]
        if ids:
            many = NODE_TYPES[label].model_fields[name].default_factory is list
            data[name] = sorted(ids) if many else ids[0]
    return data


def _node(label: Label, data: Any) -> Node:
    try:
        return NODE_TYPES[label].model_validate(data)
    except ValidationError as exc:
        raise Conflict(
            f"{label} {data.get('id')!r} as it was breaks a rule now: {exc.errors()[0]['msg']}."
        ) from None


def _rel(kind: str, ends: Any) -> Relationship:
    """A relationship from a log entry's value (its ends and properties)."""
    return Relationship.model_validate(
        {
            "kind": kind,
            "source": ends["source"],
            "target": ends["target"],
            "source_label": ends["source_label"],
            "target_label": ends["target_label"],
            "properties": _with_key(kind, ends),
        }
    )


def _with_key(kind: str, ends: Any) -> dict[str, Any]:
    """The properties, with a partnership's kind (some stores log it as the key only)."""
    props = dict(ends.get("properties") or {})
    if kind == "PARTNERS_WITH" and ends.get("key"):
        props.setdefault("kind", ends["key"])
    return props


def _put(writer: GraphWriter, rels: list[Relationship]) -> None:
    try:
        writer.upsert_relationships(rels)
    except MissingReference as exc:
        raise Conflict(f"The relationship cannot be put back: {exc.message}") from None


def _quietly(action: Any, *args: Any) -> None:
    """Undo an add whose record is gone already (a service with its provider)."""
    with contextlib.suppress(NodeNotFound, RelationshipNotFound):
        action(*args)
