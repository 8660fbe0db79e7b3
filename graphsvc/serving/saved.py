"""Saved views and decks: read, checked and written for the API, the pages and the CLI.

A saved view's query is checked as the view URLs check theirs (`visual.embed.view_params`)
before it is stored, and its scenario's providers must be in the store, so that every
saved view opens; a deck is stored only when every view it shows is, and a view a deck
shows cannot be deleted.
"""

from __future__ import annotations

from typing import Any

from graphsvc.analysis.results import ScenarioChanges
from graphsvc.errors import Conflict, MissingReference, UnknownId
from graphsvc.model import Deck, Label, SavedView
from graphsvc.model.saved import SCENARIO_FIELDS
from graphsvc.serving.cache import ResultCache
from graphsvc.store.base import GraphStore, GraphWriter

#: where a saved view was zoomed: not among the explorer's filters
PLACE = ("zoom", "x", "y")
#: the query parameters that repeat (a list in the query)
REPEATED = ("sector", "open", "remove_sector", "remove_provider")


def list_views(store: GraphStore) -> list[SavedView]:
    return [SavedView.model_validate_json(body) for _, body in store.documents("view")]


def list_decks(store: GraphStore) -> list[Deck]:
    return [Deck.model_validate_json(body) for _, body in store.documents("deck")]


def get_view(store: GraphStore, name: str) -> SavedView:
    """The saved view `name`; UnknownId (404) when there is none."""
    for view in list_views(store):
        if view.name == name:
            return view
    raise UnknownId.of("name", "saved view", [name])


def get_deck(store: GraphStore, name: str) -> Deck:
    """The deck `name`; UnknownId (404) when there is none."""
    for deck in list_decks(store):
        if deck.name == name:
            return deck
    raise UnknownId.of("name", "deck", [name])


def view_arguments(view: SavedView) -> tuple[dict[str, Any], ScenarioChanges]:
    """The saved query as view parameters (`visual.embed.view_params`'s arguments, where
    it was zoomed among them: zoom, x, y), and its scenario's changes (none for a plain
    view), put in order so that the same scenario is cached once."""
    args = view.query.arguments()
    for name in SCENARIO_FIELDS:
        args.pop(name, None)
    q = view.query
    return args, ScenarioChanges(
        remove_sectors=sorted(set(q.remove_sector)),
        remove_providers=sorted(set(q.remove_provider)),
        move_sectors=dict(sorted(q.move_sector.items())),
        add_partnerships=list(q.add_partnership),
        remove_partnerships=list(q.remove_partnership),
    )


def scenario_ids(view: SavedView) -> dict[str, list[str]]:
    """The provider ids the saved scenario names, by the field that names them."""
    q = view.query
    return {
        "remove_provider": list(q.remove_provider),
        "move_sector": list(q.move_sector),
        "add_partnership": [p for pair in q.add_partnership for p in pair],
        "remove_partnership": [p for pair in q.remove_partnership for p in pair],
    }


def check_view(store: GraphStore, view: SavedView) -> None:
    """InvalidData (422) when the saved query names no view; MissingReference (409,
    naming the field and the ids) when its scenario names a provider not in the store."""
    from visual.embed import view_params

    args, _ = view_arguments(view)
    view_params(**args)
    named = scenario_ids(view)
    there = store.exists(Label.PROVIDER, {i for ids in named.values() for i in ids})
    details = [
        {
            "field": f"query.{field}",
            "type": "unknown_id",
            "message": f"no provider with id {i!r}",
            "input": i,
        }
        for field, ids in named.items()
        for i in dict.fromkeys(ids)
        if i not in there
    ]
    if details:
        raise MissingReference(
            "; ".join(f"{d['field']}: {d['message']}" for d in details)
            + ". Save the scenario with providers that are in the graph.",
            details=details,
        )


def save_view(store: GraphStore, view: SavedView) -> bool:
    """Store `view` (replacing one of its name); whether it was new."""
    check_view(store, view)
    new = view.name not in {name for name, _ in store.documents("view")}
    body = view.model_dump_json(exclude_none=True, exclude_defaults=True)

    def work(writer: GraphWriter) -> None:
        writer.put_document("view", view.name, body)

    store.transact(work)
    return new


def save_deck(store: GraphStore, deck: Deck) -> bool:
    """Store `deck` (replacing one of its name); whether it was new. MissingReference
    (409) when a slide shows a view that is not saved."""
    views = {name for name, _ in store.documents("view")}
    missing = [s.view for s in deck.slides if s.view not in views]
    if missing:
        raise MissingReference(
            f"slides: no saved view {', '.join(map(repr, missing))}; save it first.",
            details=[{"field": "slides", "message": f"no saved view {m!r}"} for m in missing],
        )
    new = deck.name not in {name for name, _ in store.documents("deck")}
    body = deck.model_dump_json(exclude_none=True, exclude_defaults=True)

    def work(writer: GraphWriter) -> None:
        writer.put_document("deck", deck.name, body)

    store.transact(work)
    return new


def delete_view(store: GraphStore, name: str) -> None:
    """Remove the saved view `name`; UnknownId when there is none, Conflict (409) when
    a deck shows it."""
    get_view(store, name)
    using = [d.name for d in list_decks(store) if any(s.view == name for s in d.slides)]
    if using:
        raise Conflict(
            f"The saved view {name!r} is shown by the deck(s) {', '.join(map(repr, using))}; "
            "take it out of them first."
        )

    def work(writer: GraphWriter) -> None:
        writer.delete_document("view", name)

    store.transact(work)


def delete_deck(store: GraphStore, name: str) -> None:
    """Remove the deck `name`; UnknownId when there is none."""
    get_deck(store, name)

    def work(writer: GraphWriter) -> None:
        writer.delete_document("deck", name)

    store.transact(work)


def deck_file(store: GraphStore, name: str, cache: ResultCache | None = None) -> str:
    """The deck `name` as one offline HTML file (its saved views as slides)."""
    from graphsvc.serving.requests import snapshot
    from visual.deck import DeckSlide, render_deck
    from visual.embed import view_params, view_spec

    deck = get_deck(store, name)
    ds = snapshot(store, cache) if cache is not None else store.snapshot()
    slides = []
    lang = "fi"
    for slide in deck.slides:
        args, changes = view_arguments(get_view(store, slide.view))
        params = view_params(**args)
        lang = params.lang
        spec = view_spec(ds, params, changes=changes)
        slides.append(DeckSlide(spec, slide.title, slide.note))
    return render_deck(deck.title, slides, lang)
