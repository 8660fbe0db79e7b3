"""CRUD for relationships: /relationships and /relationships/{kind}/{source}/{target}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel, Field, ValidationError

from graphsvc.api.deps import Editor, Reader, Store
from graphsvc.api.examples import RELATIONSHIP_EXAMPLE
from graphsvc.api.responses import ERRORS
from graphsvc.errors import Conflict, InvalidData, RelationshipNotFound
from graphsvc.model import Label, Relationship, RelKind
from graphsvc.serving.errors import invalid_from_pydantic
from graphsvc.store import MAX_OFFSET, GraphStore

router = APIRouter(prefix="/relationships", tags=["relationships"])


class RelationshipPage(BaseModel):
    items: list[Relationship]
    total: int
    limit: int
    offset: int


class Properties(BaseModel):
    properties: dict[str, Any] = Field(default_factory=dict)


ONE: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {"model": Relationship, "description": "The relationship"},
}
CREATED: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    201: {"model": Relationship, "description": "The new relationship"},
}


def rel_json(rel: Relationship) -> dict[str, Any]:
    data: dict[str, Any] = rel.model_dump(mode="json")
    return data


def find_one(
    store: GraphStore,
    kind: RelKind,
    source: str,
    target: str,
    source_label: Label | None,
    key: str | None,
) -> Relationship:
    """The one relationship of these endpoints (and key); RelationshipNotFound if none."""
    for rel in store.relationships(kind, node=source).items:
        if rel.source != source or rel.target != target:
            continue
        if source_label is not None and rel.source_label != source_label:
            continue
        if key is not None and rel.key != key:
            continue
        return rel
    raise RelationshipNotFound(
        f"No {kind} relationship from {source!r} to {target!r}"
        + (f" of kind {key!r}." if key else ".")
    )


def check_ends(store: GraphStore, rel: Relationship) -> None:
    """422 naming body.source / body.target when an end does not exist."""
    details = []
    for end, label, ref in (
        ("source", rel.source_label, rel.source),
        ("target", rel.target_label, rel.target),
    ):
        assert label is not None
        if not store.exists(label, [ref]):
            details.append(
                {
                    "field": f"body.{end}",
                    "message": f"no {label} with id {ref!r}",
                    "type": "missing_reference",
                }
            )
    if details:
        raise InvalidData(f"{details[0]['field']}: {details[0]['message']}.", details=details)


def _validated(data: dict[str, Any]) -> Relationship:
    try:
        return Relationship.model_validate(data)
    except ValidationError as exc:
        raise invalid_from_pydantic(exc) from None


SourceLabel = Annotated[
    Label | None, Query(description="Source label, for PART_OF (Provider or Area).")
]
Key = Annotated[
    str | None,
    Query(
        description="For PARTNERS_WITH: the partnership kind "
        "that tells two partnerships of a pair apart."
    ),
]


@router.get(
    "",
    response_model=None,
    responses={**ERRORS, 200: {"model": RelationshipPage, "description": "One page"}},
)
def list_relationships(
    store: Store,
    _: Reader,
    kind: Annotated[RelKind | None, Query(description="Only this type.")] = None,
    node: Annotated[str | None, Query(description="Only those touching this node id.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """List relationships, optionally of one type and touching one node."""
    page = store.relationships(kind, node=node, limit=limit, offset=offset)
    return {
        "items": [rel_json(r) for r in page.items],
        "total": page.total,
        "limit": limit,
        "offset": offset,
    }


@router.post("", status_code=201, response_model=None, responses=CREATED)
def create_relationship(
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "partnership": {"summary": "A partnership", "value": RELATIONSHIP_EXAMPLE}
            }
        ),
    ],
    store: Store,
    _: Editor,
) -> dict[str, Any]:
    """Create a relationship (editor); 409 if it exists, 422 if an end is missing."""
    rel = _validated(body)
    try:
        find_one(store, rel.kind, rel.source, rel.target, rel.source_label, rel.key)
    except RelationshipNotFound:
        pass
    else:
        raise Conflict(
            f"{rel.kind} {rel.source!r} → {rel.target!r} already exists; PUT its "
            "URL to change its properties."
        )
    check_ends(store, rel)
    with store.write() as writer:
        writer.upsert_relationships([rel])
    return rel_json(rel)


@router.get("/{kind}/{source}/{target}", response_model=None, responses=ONE)
def get_relationship(
    kind: RelKind,
    source: str,
    target: str,
    store: Store,
    _: Reader,
    source_label: SourceLabel = None,
    key: Key = None,
) -> dict[str, Any]:
    """One relationship; 404 if there is none."""
    return rel_json(find_one(store, kind, source, target, source_label, key))


@router.put("/{kind}/{source}/{target}", response_model=None, responses=ONE)
def replace_relationship(
    kind: RelKind,
    source: str,
    target: str,
    body: Properties,
    store: Store,
    _: Editor,
    source_label: SourceLabel = None,
    key: Key = None,
) -> dict[str, Any]:
    """Replace a relationship's properties (editor); 404 if there is none."""
    old = find_one(store, kind, source, target, source_label, key)
    new = _validated(
        {
            "kind": kind,
            "source": source,
            "target": target,
            "source_label": old.source_label,
            "target_label": old.target_label,
            "properties": body.properties,
        }
    )
    with store.write() as writer:
        writer.delete_relationship(old)
        writer.upsert_relationships([new])
    return rel_json(new)


@router.delete("/{kind}/{source}/{target}", status_code=204, responses=ERRORS)
def delete_relationship(
    kind: RelKind,
    source: str,
    target: str,
    store: Store,
    _: Editor,
    source_label: SourceLabel = None,
    key: Key = None,
) -> Response:
    """Delete a relationship (editor); 404 if there is none."""
    rel = find_one(store, kind, source, target, source_label, key)
    if kind is RelKind.OFFERS:
        raise InvalidData(
            "A service cannot be without a provider: give the service another "
            "provider (POST an OFFERS relationship or PATCH the service), or "
            "delete the service.",
            details=[{"field": "path.kind", "message": "OFFERS cannot be deleted"}],
        )
    with store.write() as writer:
        writer.delete_relationship(rel)
    return Response(status_code=204)
