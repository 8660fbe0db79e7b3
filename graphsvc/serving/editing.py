"""Writing one node, for the API and the edit pages alike: its references checked,
its version claimed (If-Match, or the edit form's version), its change logged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import Conflict, MissingReference, NodeNotFound, RelationshipNotFound
from graphsvc.model import NODE_LISTS, REFERENCES, Label, Node, Relationship, RelKind
from graphsvc.serving import versions
from graphsvc.serving.errors import invalid_from_pydantic
from graphsvc.store import GraphStore, GraphWriter
from graphsvc.store.history import rel_record


@dataclass(frozen=True)
class Missing:
    """A reference to a node that is not there: the field, the position in a list
    field (None: a single one), the label it should have and the id."""

    field: str
    index: int | None
    label: Label
    id: str


def _refs_of(label: Label) -> list[tuple[str, Label]]:
    list_name = {lbl: name for name, lbl in NODE_LISTS}[label]
    return [(f, target) for lst, f, _kind, target in REFERENCES if lst == list_name]


def missing_references(store: GraphStore, node: Node) -> list[Missing]:
    """The node's references to ids that do not exist, in field order."""
    out = []
    for field, target in _refs_of(node.label):
        value = getattr(node, field)
        ids = value if isinstance(value, list) else [value] if value else []
        if not ids:
            continue
        found = store.exists(target, ids)
        for i, ref in enumerate(ids):
            if ref not in found:
                out.append(Missing(field, i if isinstance(value, list) else None, target, ref))
    return out


def check_references(store: GraphStore, node: Node) -> None:
    """409 naming the body field when the node refers to ids that do not exist."""
    details = [
        {
            "field": f"body.{m.field}" if m.index is None else f"body.{m.field}[{m.index}]",
            "message": f"no {m.label} with id {m.id!r}",
            "type": "missing_reference",
        }
        for m in missing_references(store, node)
    ]
    if details:
        raise MissingReference(f"{details[0]['field']}: {details[0]['message']}.", details=details)


def save(
    store: GraphStore,
    node: Node | None,
    *,
    create: bool,
    expected: int | None = None,
    label: Label | None = None,
    id: str | None = None,
    patch: dict[str, Any] | None = None,
) -> str:
    """Write one node and its references in one transaction; return its new ETag.

    The record is claimed first (its version locked to the commit and checked against
    `expected`); a `patch` is merged into the node as stored at that moment."""
    if node is not None:
        check_references(store, node)
        label, id = node.label, node.id
    assert label is not None and id is not None

    def work(writer: GraphWriter) -> str:
        claimed = versions.claim(writer, label.value, id, expected, f"{label} {id!r}")
        exists = bool(store.exists(label, [id]))
        if create and exists:
            raise Conflict(
                f"A {label} with id {id!r} already exists; use PUT or PATCH to change it.",
                details=[{"field": "body.id", "message": "already exists"}],
            )
        if not create and not exists:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        written = node
        if patch is not None:
            written = merged(store.get(label, id), patch)
            check_references(store, written)
        assert written is not None
        writer.upsert_nodes(label, [written])
        writer.replace_references(written)
        return versions.after(writer, label.value, id, claimed)

    return store.transact(work)


def merged(current: Node, given: dict[str, Any]) -> Node:
    """The stored node with the given fields (null clears one); 409 when the result
    breaks a rule with what is stored."""
    stored = current.model_dump(mode="json", exclude_none=True)
    data = {k: v for k, v in {**stored, **given}.items() if v is not None}
    try:
        return type(current).model_validate(data)
    except ValidationError as exc:
        invalid = invalid_from_pydantic(exc)
        raise Conflict(
            f"With what is stored, the change breaks a rule: {invalid.message}",
            details=invalid.details,
        ) from None


def delete(store: GraphStore, label: Label, id: str, expected: int | None) -> None:
    """Delete a node and its relationships (a provider with its services)."""

    def work(writer: GraphWriter) -> None:
        versions.claim(writer, label.value, id, expected, f"{label} {id!r}")
        writer.delete_node(label, id)

    store.transact(work)


def find_partnership(store: GraphStore, source: str, target: str, kind: str) -> Relationship:
    """The partnership of that pair and kind; RelationshipNotFound if none."""
    for r in store.relationships(RelKind.PARTNERS_WITH, node=source).items:
        if r.source == source and r.target == target and r.key == kind:
            return r
    raise RelationshipNotFound(f"No {kind} partnership from {source!r} to {target!r}.")


def save_partnership(
    store: GraphStore, old: Relationship | None, new: Relationship, expected: int | None
) -> None:
    """Write a partnership (`old`: the one it replaces, whose version is `expected`;
    a new kind is a new key, so the old one goes in the same write)."""

    def work(writer: GraphWriter) -> None:
        if old is None:
            versions.claim(writer, *rel_record(new), None, "the partnership")
            try:
                find_partnership(store, new.source, new.target, new.key)
            except RelationshipNotFound:
                pass
            else:
                raise Conflict(
                    f"A {new.key} partnership from {new.source!r} to {new.target!r} exists.",
                    details=[{"field": "kind", "message": "already exists"}],
                )
        else:
            versions.claim(writer, *rel_record(old), expected, "The partnership")
            if rel_record(old) != rel_record(new):
                writer.delete_relationship(old)
        writer.upsert_relationships([new])

    store.transact(work)


def delete_partnership(store: GraphStore, old: Relationship, expected: int | None) -> None:
    def work(writer: GraphWriter) -> None:
        versions.claim(writer, *rel_record(old), expected, "The partnership")
        writer.delete_relationship(old)

    store.transact(work)
