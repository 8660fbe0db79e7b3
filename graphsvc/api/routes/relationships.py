"""CRUD for relationships: /relationships, /relationships/{kind}/{source}/{target}, and
for the two kinds that have properties /relationships/HAS_NEED/… and
/relationships/PARTNERS_WITH/… (a PUT changes the properties).

Each kind has its own body in the OpenAPI document (`kind` tells them apart): the
labels it joins and the properties it has, so that a client sees exactly what the
service takes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

from fastapi import APIRouter, Body, Header, Path, Query, Response
from pydantic import BaseModel, Field, ValidationError, create_model

from graphsvc.api.bodies import STRICT, fields_body
from graphsvc.api.deps import Editor, Reader, Store
from graphsvc.api.examples import RELATIONSHIP_EXAMPLE
from graphsvc.api.responses import ERRORS, STALE, with_etag
from graphsvc.errors import Conflict, MissingReference, RelationshipNotFound
from graphsvc.model import ENDPOINTS, GroupNeed, Partnership, Relationship, RelKind
from graphsvc.model.types import Id, PartnershipKind
from graphsvc.serving import versions
from graphsvc.serving.errors import invalid_from_pydantic
from graphsvc.store import MAX_OFFSET, GraphStore, GraphWriter
from graphsvc.store.history import rel_record

router = APIRouter(prefix="/relationships", tags=["relationships"])

#: the kinds with properties, and their bodies' properties
HasNeedProperties = fields_body(GroupNeed, "HasNeedProperties", frozenset({"group", "need"}))
PartnershipProperties = fields_body(
    Partnership, "PartnershipProperties", frozenset({"source", "target"})
)
NoProperties = create_model("NoProperties", __config__=STRICT)
PROPERTIES: dict[RelKind, type[BaseModel]] = {
    RelKind.HAS_NEED: HasNeedProperties,
    RelKind.PARTNERS_WITH: PartnershipProperties,
}
#: the kinds without properties: a PUT has nothing to change
PLAIN = tuple(k for k in RelKind if k not in PROPERTIES)


def _body_of(kind: RelKind) -> Any:
    """The body of one kind: the labels it joins and its properties."""
    props = PROPERTIES.get(kind, NoProperties)
    common: dict[str, Any] = {
        "kind": (Literal[kind.value], ...),
        "source": (Id, ...),
        "target": (Id, ...),
        "properties": (props, Field(default_factory=props)),
    }
    pairs = ENDPOINTS[kind]
    if len(pairs) == 1:
        ((source, target),) = pairs
        common["source_label"] = (Literal[source.value] | None, None)
        common["target_label"] = (Literal[target.value] | None, None)
    else:
        # PART_OF joins providers to providers or areas to areas: source_label says which
        labels = tuple(s.value for s, t in pairs)
        common["source_label"] = (
            Literal[labels],
            Field(description="Whether providers or areas are joined."),
        )
    name = f"{kind.value.title().replace('_', '')}Body"
    return create_model(name, __config__=STRICT, **common)


# (to mypy: a model and a string; to pydantic and the OpenAPI document: a union of the
# kinds' bodies, and an enum of the kinds without properties)
if TYPE_CHECKING:
    RelationshipBody = BaseModel
    PlainKind = str
else:
    RelationshipBody = Annotated[
        Union[tuple(_body_of(k) for k in RelKind)],  # noqa: UP007
        Field(discriminator="kind"),
    ]
    PlainKind = Literal[tuple(k.value for k in PLAIN)]


class RelationshipPage(BaseModel):
    items: list[Relationship]
    total: int
    limit: int
    offset: int


class HasNeedChanges(BaseModel):
    model_config = STRICT
    properties: HasNeedProperties = Field(default_factory=HasNeedProperties)  # type: ignore[valid-type]


class PartnershipChanges(BaseModel):
    model_config = STRICT
    properties: PartnershipProperties = Field(default_factory=PartnershipProperties)  # type: ignore[valid-type]


ONE: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: with_etag({"model": Relationship, "description": "The relationship"}),
}
CHANGED: dict[int | str, dict[str, Any]] = {**ONE, **STALE}
GONE: dict[int | str, dict[str, Any]] = {**ERRORS, **STALE}
CREATED: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    201: with_etag({"model": Relationship, "description": "The new relationship"}),
}
IfMatch = Annotated[
    str | None, Header(alias="If-Match", max_length=100, description=versions.IF_MATCH_HELP)
]

Source = Annotated[str, Path(description="The source node's id.")]
Target = Annotated[str, Path(description="The target node's id.")]
Group = Annotated[str, Path(description="The target group's id.", examples=["age-0-6"])]
Need = Annotated[str, Path(description="The need's id.", examples=["early-education"])]
Partner = Annotated[str, Path(description="A provider's id.", examples=["jyvaskyla-kaupunki"])]
Other = Annotated[str, Path(description="The other provider's id.", examples=["jyu"])]
SourceLabel = Annotated[
    Literal["Provider", "Area"] | None,
    Query(description="For PART_OF: whether providers or areas are joined."),
]
Key = Annotated[
    PartnershipKind | None,
    Query(description="The partnership kind that tells two partnerships of a pair apart."),
]


def rel_json(rel: Relationship) -> dict[str, Any]:
    data: dict[str, Any] = rel.model_dump(mode="json")
    return data


def _shown(rel: Relationship, store: GraphStore, response: Response) -> dict[str, Any]:
    """One relationship as the API shows it, its version in the ETag header."""
    response.headers["ETag"] = versions.etag(store, *rel_record(rel))
    return rel_json(rel)


def _what(rel: Relationship) -> str:
    return f"{rel.kind} {rel.source!r} → {rel.target!r}"


def find_one(
    store: GraphStore,
    kind: RelKind,
    source: str,
    target: str,
    source_label: str | None = None,
    key: str | None = None,
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
    """409 naming body.source / body.target when an end does not exist."""
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
        raise MissingReference(f"{details[0]['field']}: {details[0]['message']}.", details=details)


def _validated(data: dict[str, Any]) -> Relationship:
    """The model's relationship (its rules: a provider does not partner with itself,
    since is not after until)."""
    try:
        return Relationship.model_validate(data)
    except ValidationError as exc:
        raise invalid_from_pydantic(exc) from None


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
        RelationshipBody,
        Body(
            openapi_examples={
                "partnership": {"summary": "A partnership", "value": RELATIONSHIP_EXAMPLE}
            }
        ),
    ],
    store: Store,
    _: Editor,
    response: Response,
) -> dict[str, Any]:
    """Create a relationship (editor); 409 if it exists or an end is missing."""
    rel = _validated(body.model_dump(mode="json"))
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

    def work(writer: GraphWriter) -> str:
        claimed = versions.claim(writer, *rel_record(rel), None, _what(rel))
        writer.upsert_relationships([rel])
        return versions.after(writer, *rel_record(rel), claimed)

    response.headers["ETag"] = store.transact(work)
    return rel_json(rel)


def _replace(
    old: Relationship,
    properties: BaseModel,
    store: GraphStore,
    response: Response,
    if_match: str | None,
) -> dict[str, Any]:
    expected = versions.expected_version(if_match)
    new = _validated(
        {**old.model_dump(mode="json"), "properties": properties.model_dump(mode="json")}
    )

    def work(writer: GraphWriter) -> str:
        claimed = versions.claim(writer, *rel_record(old), expected, _what(old))
        writer.delete_relationship(old)
        writer.upsert_relationships([new])
        # (one change of one record: the journal has the delete and the add)
        return versions.after(writer, *rel_record(new), claimed)

    response.headers["ETag"] = store.transact(work)
    return rel_json(new)


def _delete(rel: Relationship, store: GraphStore, if_match: str | None = None) -> Response:
    expected = versions.expected_version(if_match)
    if rel.kind is RelKind.OFFERS:
        raise Conflict(
            "A service cannot be without a provider: give the service another "
            "provider (POST an OFFERS relationship or PATCH the service), or "
            "delete the service.",
            details=[{"field": "path.kind", "message": "OFFERS cannot be deleted"}],
        )

    def work(writer: GraphWriter) -> None:
        versions.claim(writer, *rel_record(rel), expected, _what(rel))
        writer.delete_relationship(rel)

    store.transact(work)
    return Response(status_code=204)


# --- the kinds with properties: GET, PUT (the properties), DELETE -------------------
# (before the general routes: a request is matched against the routes in order)

HAS_NEED = "/HAS_NEED/{source}/{target}"
PARTNERS_WITH = "/PARTNERS_WITH/{source}/{target}"


@router.get(HAS_NEED, response_model=None, responses=ONE)
def get_group_need(
    source: Group, target: Need, store: Store, _: Reader, response: Response
) -> dict[str, Any]:
    """A target group's need (its priority); 404 if there is none."""
    return _shown(find_one(store, RelKind.HAS_NEED, source, target), store, response)


@router.put(HAS_NEED, response_model=None, responses=CHANGED)
def replace_group_need(
    source: Group,
    target: Need,
    body: HasNeedChanges,
    store: Store,
    _: Editor,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Replace a target group's need's properties (editor); 404 if there is none; with
    If-Match, only if it is still at that version (else 412)."""
    old = find_one(store, RelKind.HAS_NEED, source, target)
    return _replace(old, body.properties, store, response, if_match)


@router.delete(HAS_NEED, status_code=204, responses=GONE)
def delete_group_need(
    source: Group, target: Need, store: Store, _: Editor, if_match: IfMatch = None
) -> Response:
    """Delete a target group's need (editor); 404 if there is none."""
    return _delete(find_one(store, RelKind.HAS_NEED, source, target), store, if_match)


@router.get(PARTNERS_WITH, response_model=None, responses=ONE)
def get_partnership(
    source: Partner, target: Other, store: Store, _: Reader, response: Response, key: Key = None
) -> dict[str, Any]:
    """A partnership; 404 if there is none."""
    found = find_one(store, RelKind.PARTNERS_WITH, source, target, key=key)
    return _shown(found, store, response)


@router.put(PARTNERS_WITH, response_model=None, responses=CHANGED)
def replace_partnership(
    source: Partner,
    target: Other,
    body: PartnershipChanges,
    store: Store,
    _: Editor,
    response: Response,
    key: Key = None,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Replace a partnership's properties (editor); 404 if there is none; with
    If-Match, only if it is still at that version (else 412)."""
    old = find_one(store, RelKind.PARTNERS_WITH, source, target, key=key)
    return _replace(old, body.properties, store, response, if_match)


@router.delete(PARTNERS_WITH, status_code=204, responses=GONE)
def delete_partnership(
    source: Partner,
    target: Other,
    store: Store,
    _: Editor,
    key: Key = None,
    if_match: IfMatch = None,
) -> Response:
    """Delete a partnership (editor); 404 if there is none."""
    found = find_one(store, RelKind.PARTNERS_WITH, source, target, key=key)
    return _delete(found, store, if_match)


# --- the kinds without properties: GET, DELETE ---------------------------------------

Kind = Annotated[PlainKind, Path(description="The relationship type.")]


@router.get("/{kind}/{source}/{target}", response_model=None, responses=ONE)
def get_relationship(
    kind: Kind,
    source: Source,
    target: Target,
    store: Store,
    _: Reader,
    response: Response,
    source_label: SourceLabel = None,
) -> dict[str, Any]:
    """One relationship; 404 if there is none."""
    return _shown(find_one(store, RelKind(kind), source, target, source_label), store, response)


@router.delete("/{kind}/{source}/{target}", status_code=204, responses=GONE)
def delete_relationship(
    kind: Kind,
    source: Source,
    target: Target,
    store: Store,
    _: Editor,
    source_label: SourceLabel = None,
    if_match: IfMatch = None,
) -> Response:
    """Delete a relationship (editor); 404 if there is none (OFFERS: 409, a service
    keeps its provider)."""
    found = find_one(store, RelKind(kind), source, target, source_label)
    return _delete(found, store, if_match)
