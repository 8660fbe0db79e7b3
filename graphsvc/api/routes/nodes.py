"""CRUD for every node label: /providers, /target-groups, /needs, /services, /areas,
/networks. One factory builds the six routers, so every label behaves the same."""

# No `from __future__ import annotations`: FastAPI must see the closures' classes.

from typing import Annotated, Any, cast
from urllib.parse import quote

from fastapi import APIRouter, Body, Header, Path, Query, Response
from pydantic import BaseModel, create_model

from graphsvc.api.bodies import patch_body, strict_body
from graphsvc.api.deps import Editor, Reader, Store
from graphsvc.api.examples import NODE_EXAMPLES
from graphsvc.api.params import Day, id_query
from graphsvc.api.responses import ERRORS, STALE, with_etag
from graphsvc.errors import Conflict, UnknownId
from graphsvc.model import NODE_TYPES, Label, Node, Sector
from graphsvc.serving import (
    editing,
    urls,  # noqa: F401 - registers {…:node_id}
    versions,
)
from graphsvc.serving.editing import save
from graphsvc.store import MAX_OFFSET, Filters, GraphStore
from graphsvc.words import word

#: URL noun of each label
NOUNS: dict[Label, str] = {
    Label.PROVIDER: "providers",
    Label.TARGET_GROUP: "target-groups",
    Label.NEED: "needs",
    Label.SERVICE: "services",
    Label.AREA: "areas",
    Label.NETWORK: "networks",
}
LABEL_OF_NOUN = {noun: label for label, noun in NOUNS.items()}


def node_json(node: Node) -> dict[str, Any]:
    """A node as the API shows it: no None, no empty lists (as the CLI's --json)."""
    data: dict[str, Any] = node.model_dump(mode="json", exclude_none=True)
    return {k: v for k, v in data.items() if v != []}


def _check_filters(store: GraphStore, f: Filters) -> None:
    """404 naming the query parameter that names an id not in the graph."""
    for field, value, label in (
        ("group", f.group, Label.TARGET_GROUP),
        ("need", f.need, Label.NEED),
        ("area", f.area, Label.AREA),
    ):
        if value is not None and not store.exists(label, [value]):
            raise UnknownId.of(field, word(f"label.{label.value}", "en"), [value]).at("query")


def as_node(cls: type[Node], body: Any) -> Node:
    """The model's own class for a body validated by `strict_body(cls)` (already valid:
    the same fields and rules, so nothing is validated again)."""
    return cls.model_construct(body.model_fields_set, **body.__dict__)


IfMatch = Annotated[
    str | None, Header(alias="If-Match", max_length=100, description=versions.IF_MATCH_HELP)
]


def _page_model(label: Label) -> Any:
    cls = NODE_TYPES[label]
    return create_model(
        f"{label.value}Page",
        items=(list[cls], ...),  # type: ignore[valid-type]
        total=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
    )


def router_for(label: Label) -> APIRouter:
    noun = NOUNS[label]
    cls = NODE_TYPES[label]
    body = strict_body(cls)
    changes_body = patch_body(cls)
    tag = noun
    router = APIRouter(prefix=f"/{noun}", tags=[tag])
    examples = NODE_EXAMPLES[label]
    Id = Annotated[str, Path(description=f"The {label}'s id.", examples=[examples["id"]])]
    body_examples = {"example": {"summary": f"A {label}", "value": examples}}

    # Responses are documented by the models but sent as built (no nulls, no empty
    # lists), exactly as the CLI's --json prints nodes.
    one = {**ERRORS, 200: with_etag({"model": cls, "description": f"The {label}"})}
    changed = {**one, **STALE}
    created = {**ERRORS, 201: with_etag({"model": cls, "description": f"The new {label}"})}

    @router.get(
        "",
        response_model=None,
        summary=f"List {noun}",
        responses={**ERRORS, 200: {"model": _page_model(label), "description": "One page"}},
    )
    def list_nodes(
        store: Store,
        _: Reader,
        search: Annotated[
            str | None,
            Query(
                max_length=200,
                description=(
                    "Text in the id or name, ignoring case and diacritics (päivä = paiva)."
                ),
            ),
        ] = None,
        sector: Annotated[
            Sector | None,
            Query(description="Providers of this sector (services: by their provider)."),
        ] = None,
        group: Annotated[str | None, id_query("Serving this target group.")] = None,
        need: Annotated[str | None, id_query("Meeting this need.")] = None,
        area: Annotated[str | None, id_query("Available in this area.")] = None,
        as_of: Annotated[
            Day, Query(description="Active on this day (YYYY-MM-DD).", examples=["2025-01-01"])
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> dict[str, Any]:
        """List nodes with filters; `total` counts every match."""
        filters = Filters(
            q=search or None,
            sector=sector,
            group=group,
            need=need,
            area=area,
            as_of=as_of,
        )
        _check_filters(store, filters)
        page = store.find(label, filters, limit=limit, offset=offset)
        return {
            "items": [node_json(n) for n in page.items],
            "total": page.total,
            "limit": limit,
            "offset": offset,
        }

    @router.get("/{id:node_id}", response_model=None, responses=one, summary=f"Get one {label}")
    def get_node(id: Id, store: Store, _: Reader, response: Response) -> dict[str, Any]:
        """One node with its references (its version in the ETag header); 404 if there
        is none."""
        node = node_json(store.get(label, id))
        response.headers["ETag"] = versions.etag(store, label.value, id)
        return node

    @router.post(
        "", status_code=201, response_model=None, responses=created, summary=f"Create a {label}"
    )
    def create_node(
        node: Annotated[body, Body(openapi_examples=body_examples)],  # type: ignore[valid-type]
        store: Store,
        _: Editor,
        response: Response,
    ) -> dict[str, Any]:
        """Create a node (editor); 409 when the id is taken."""
        node = as_node(cls, node)
        response.headers["ETag"] = save(store, node, create=True)
        response.headers["Location"] = f"/api/v1/{noun}/{quote(node.id, safe='')}"
        return node_json(store.get(label, node.id))

    @router.put(
        "/{id:node_id}", response_model=None, responses=changed, summary=f"Replace a {label}"
    )
    def replace_node(
        id: Id,
        node: Annotated[body, Body(openapi_examples=body_examples)],  # type: ignore[valid-type]
        store: Store,
        _: Editor,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        """Replace a node whole (editor); the body's id must be the path's. With
        If-Match, only if the node is still at that version (else 412)."""
        node = as_node(cls, node)
        if node.id != id:
            raise Conflict(
                f"The body's id {node.id!r} is not the path's {id!r}.",
                details=[{"field": "body.id", "message": "differs from the path"}],
            )
        expected = versions.expected_version(if_match)
        response.headers["ETag"] = save(store, node, create=False, expected=expected)
        return node_json(store.get(label, id))

    @router.patch(
        "/{id:node_id}",
        response_model=None,
        responses=changed,
        summary=f"Change some fields of a {label}",
    )
    def patch_node(
        id: Id,
        changes: Annotated[
            changes_body,  # type: ignore[valid-type]
            Body(
                openapi_examples={
                    "rename": {"summary": "Change the name", "value": {"name": examples["name"]}}
                }
            ),
        ],
        store: Store,
        _: Editor,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        """Change the fields given (null clears one); the rest stay (editor). 409 when the
        result breaks a rule with what is stored (a min_age above the stored max_age).
        The fields are merged into the node as stored when the change is written; with
        If-Match, only if the node is still at that version (else 412)."""
        body = cast(BaseModel, changes)
        given = body.model_dump(mode="json", include=body.model_fields_set)
        if "id" in given and given["id"] != id:
            raise Conflict(
                "The id cannot be changed by PATCH; create a new node instead.",
                details=[{"field": "body.id", "message": "cannot be changed"}],
            )
        expected = versions.expected_version(if_match)
        response.headers["ETag"] = save(
            store, None, create=False, expected=expected, label=label, id=id, patch=given
        )
        return node_json(store.get(label, id))

    @router.delete(
        "/{id:node_id}",
        status_code=204,
        responses={**ERRORS, **STALE},
        summary=f"Delete a {label}",
    )
    def delete_node(id: Id, store: Store, _: Editor, if_match: IfMatch = None) -> Response:
        """Delete a node and its relationships (a provider with its services); 404 if
        absent. With If-Match, only if the node is still at that version (else 412)."""
        expected = versions.expected_version(if_match)
        editing.delete(store, label, id, expected)
        return Response(status_code=204)

    return router


routers = [router_for(label) for label in NOUNS]
