"""Saved views and decks: /api/v1/views and /api/v1/decks (read: anyone who may read;
write: editors). A saved view opens at /embed/views/NAME; a deck downloads as one
offline HTML file at /decks/NAME.html (see graphsvc.api.routes.views)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Path, Response
from starlette.concurrency import run_in_threadpool

from graphsvc.api.bodies import strict_body
from graphsvc.api.deps import Editor, Reader, Store
from graphsvc.api.responses import ERRORS
from graphsvc.errors import Conflict
from graphsvc.model import Deck, SavedView
from graphsvc.model.saved import SLUG
from graphsvc.serving import saved

router = APIRouter(tags=["saved views"])
T = TypeVar("T", SavedView, Deck)

ViewBody = strict_body(SavedView)
DeckBody = strict_body(Deck)
Name = Annotated[str, Path(pattern=SLUG, max_length=80, description="The name (its URL's end).")]
VIEW_EXAMPLE = {
    "name": "nuoret-palvelukartta",
    "title": "Nuorten palvelukartta",
    "query": {"group": "age-7-21", "lang": "fi"},
    "note": "Foorumin kokoukseen 12/2026",
}
DECK_EXAMPLE = {
    "name": "foorumi-2026-12",
    "title": "Hyvinvointifoorumi 12/2026",
    "slides": [{"view": "nuoret-palvelukartta", "note": "Kolme tarvetta yhden toimijan varassa"}],
}


def _saved(kind: str, model: type[Any]) -> dict[int | str, dict[str, Any]]:
    return {**ERRORS, 201: {"model": model, "description": f"The new {kind}"}}


async def _put(
    name: str, item: T, save: Callable[[Any, T], bool], store: Any, response: Response
) -> T:
    """Store `item` under the path's `name` (409 when the body names another): 201 when
    it is new, 200 when it replaced one."""
    if item.name != name:
        raise Conflict(f"The body's name {item.name!r} is not the path's {name!r}.")
    new = await run_in_threadpool(save, store, item)
    response.status_code = 201 if new else 200
    return item


@router.get("/views", responses=ERRORS, response_model_exclude_defaults=True)
def list_saved_views(_: Reader, store: Store) -> list[SavedView]:
    """Every saved view, by name."""
    return saved.list_views(store)


@router.get("/views/{name}", responses=ERRORS, response_model_exclude_defaults=True)
def get_saved_view(name: Name, _: Reader, store: Store) -> SavedView:
    """One saved view; 404 when there is none of that name."""
    return saved.get_view(store, name)


@router.put(
    "/views/{name}", responses=_saved("saved view", SavedView), response_model_exclude_defaults=True
)
async def put_saved_view(
    name: Name,
    _: Editor,
    store: Store,
    body: Annotated[ViewBody, Body(openapi_examples={"view": {"value": VIEW_EXAMPLE}})],  # type: ignore[valid-type]
    response: Response,
) -> SavedView:
    """Save a view under `name` (editor): 201 when new, 200 when it replaced one. Its
    query is checked as the view URLs check theirs (422 naming the parameter)."""
    view = SavedView.model_validate(body.model_dump())  # type: ignore[attr-defined]
    return await _put(name, view, saved.save_view, store, response)


@router.delete("/views/{name}", status_code=204, responses=ERRORS)
def delete_saved_view(name: Name, _: Editor, store: Store) -> Response:
    """Delete a saved view (editor); 409 while a deck shows it."""
    saved.delete_view(store, name)
    return Response(status_code=204)


@router.get("/decks", responses=ERRORS, response_model_exclude_defaults=True)
def list_decks(_: Reader, store: Store) -> list[Deck]:
    """Every deck, by name."""
    return saved.list_decks(store)


@router.get("/decks/{name}", responses=ERRORS, response_model_exclude_defaults=True)
def get_deck(name: Name, _: Reader, store: Store) -> Deck:
    """One deck; 404 when there is none of that name."""
    return saved.get_deck(store, name)


@router.put("/decks/{name}", responses=_saved("deck", Deck), response_model_exclude_defaults=True)
async def put_deck(
    name: Name,
    _: Editor,
    store: Store,
    body: Annotated[DeckBody, Body(openapi_examples={"deck": {"value": DECK_EXAMPLE}})],  # type: ignore[valid-type]
    response: Response,
) -> Deck:
    """Save a deck under `name` (editor): 201 when new, 200 when it replaced one; 409
    when a slide shows a view that is not saved."""
    deck = Deck.model_validate(body.model_dump())  # type: ignore[attr-defined]
    return await _put(name, deck, saved.save_deck, store, response)


@router.delete("/decks/{name}", status_code=204, responses=ERRORS)
def delete_deck(name: Name, _: Editor, store: Store) -> Response:
    """Delete a deck (editor)."""
    saved.delete_deck(store, name)
    return Response(status_code=204)
