"""The saved views page (/saved) and its editor forms: save a view (from /network) or a
scenario (from /scenarios), make a deck of saved views, delete either. A saved scenario
reopens on the scenario page with its changes filled in."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from graphsvc.errors import Conflict, GraphsvcError, MissingReference
from graphsvc.model import SavedView
from graphsvc.model.saved import SavedQuery
from graphsvc.serving.auth import Role
from graphsvc.serving.requests import lang_of, store_dep, store_of
from graphsvc.web.editor import check_csrf, read_form
from graphsvc.web.i18n import translator
from graphsvc.web.render import guard, query, render

router = APIRouter(include_in_schema=False)
Opt = Annotated[str | None, Query(max_length=200)]


@router.get("/saved", response_class=HTMLResponse)
def saved_page(request: Request, done: Opt = None) -> Response:
    """Saved views (open, page, slide, embed) and decks (download), and for editors a
    form that makes a deck of them."""
    from graphsvc.serving.saved import PLACE, list_decks, list_views

    guard(request)
    store = store_of(request)
    views, decks = list_views(store), list_decks(store)
    word = translator(lang_of(request, None))
    return render(
        request,
        "saved.html",
        views=views,
        decks=decks,
        opens={v.name: opens(v.query, PLACE) for v in views},
        titles={v.name: v.title for v in views},
        done=word(DONE[done]) if done in DONE else None,
        problem=None,
    )


def opens(q: SavedQuery, place: tuple[str, ...]) -> tuple[str, str]:
    """Where a saved view opens, and the link's word: a scenario on the scenario page
    with its changes filled in (the page's own form fields), else the explorer."""
    if not q.is_scenario():
        args = {k: v for k, v in q.arguments().items() if k not in place}
        return "/network?" + query(**args), "saved.open"
    added, ended = q.add_partnership, q.remove_partnership
    return "/scenarios?" + query(
        remove_sector=[s.value for s in q.remove_sector],
        remove_provider=q.remove_provider,
        move_provider=list(q.move_sector),
        move_to=[s.value for s in q.move_sector.values()],
        add_a=[a for a, _ in added],
        add_b=[b for _, b in added],
        end_a=[a for a, _ in ended],
        end_b=[b for _, b in ended],
        as_of=q.as_of.isoformat() if q.as_of else None,
        lang=q.lang,
        run=1,
    ), "saved.open_scenario"


#: what the page says after a change (the redirect's `done`)
DONE = {
    "view": "saved.view_saved",
    "scenario": "saved.scenario_saved",
    "deck": "saved.deck_saved",
    "deleted": "saved.deleted",
}


@router.post("/saved/view")
async def save_view_form(request: Request) -> Response:
    """The network page's "save this view": its query, and where it was zoomed."""
    from urllib.parse import parse_qs

    from graphsvc.model import SavedView
    from graphsvc.serving.saved import REPEATED, save_view

    guard(request, Role.EDITOR)
    form = await read_form(request)
    check_csrf(request, form)
    parsed = parse_qs(str(form.get("query") or ""), max_num_fields=60)
    query: dict[str, Any] = {
        k: (v if k in REPEATED else v[-1]) for k, v in parsed.items() if k != "lang" or v
    }
    for key in ("zoom", "x", "y"):
        value = str(form.get(key) or "").strip()
        if value:
            query[key] = value
    store = await store_dep(request)
    try:
        view = SavedView.model_validate(
            {
                "name": str(form.get("name") or "").strip(),
                "title": str(form.get("title") or "").strip(),
                "note": str(form.get("note") or "").strip() or None,
                "query": query,
            }
        )
        await run_in_threadpool(save_view, store, view)
    except ValidationError as exc:
        return await _saved_problem(request, _first_problem(exc))
    except GraphsvcError as exc:
        return await _saved_problem(request, exc.message)
    return RedirectResponse("/saved?done=view", status_code=303)


#: the most fields a saved scenario's form posts (the longest lists SavedQuery takes)
SCENARIO_FORM_FIELDS = 700


@router.post("/saved/scenario")
async def save_scenario_form(request: Request) -> Response:
    """The scenario page's "save scenario": its changes and its day, under a name."""
    from graphsvc.serving.saved import save_view

    guard(request, Role.EDITOR)
    form = await read_form(request, max_fields=SCENARIO_FORM_FIELDS)
    check_csrf(request, form)

    def many(key: str) -> list[str]:
        return [str(v).strip() for v in form.getlist(key) if str(v).strip()]

    moves = [m.partition("=") for m in many("move_sector")]
    scenario = {
        "remove_sector": many("remove_sector"),
        "remove_provider": many("remove_provider"),
        "move_sector": {p.strip(): s.strip() for p, _, s in moves},
        "add_partnership": [v.split(",") for v in many("add_partnership")],
        "remove_partnership": [v.split(",") for v in many("remove_partnership")],
        "as_of": str(form.get("as_of") or "").strip() or None,
        "lang": str(form.get("lang") or "").strip() or None,
    }
    store = await store_dep(request)
    try:
        view = SavedView.model_validate(
            {
                "name": str(form.get("name") or "").strip(),
                "title": str(form.get("title") or "").strip(),
                "query": scenario,
            }
        )
        await run_in_threadpool(save_view, store, view)
    except ValidationError as exc:
        return await _saved_problem(request, _first_problem(exc))
    except MissingReference as exc:
        unknown = [
            _word(request, "saved.unknown_provider", field=d["field"], id=d["input"])
            for d in exc.details
            if isinstance(d, dict) and d.get("type") == "unknown_id"
        ]
        return await _saved_problem(request, " ".join(unknown) or exc.message)
    except GraphsvcError as exc:
        return await _saved_problem(request, exc.message)
    return RedirectResponse("/saved?done=scenario", status_code=303)


@router.post("/saved/deck")
async def save_deck_form(request: Request) -> Response:
    """A deck from the saved views page: one view name a line, a note after "|"."""
    from graphsvc.model import Deck
    from graphsvc.serving.saved import save_deck

    guard(request, Role.EDITOR)
    form = await read_form(request)
    check_csrf(request, form)
    slides = []
    for line in str(form.get("slides") or "").splitlines():
        view, _, note = line.partition("|")
        if view.strip():
            slides.append({"view": view.strip(), "note": note.strip() or None})
    store = await store_dep(request)
    try:
        deck = Deck.model_validate(
            {
                "name": str(form.get("name") or "").strip(),
                "title": str(form.get("title") or "").strip(),
                "slides": slides,
            }
        )
        await run_in_threadpool(save_deck, store, deck)
    except ValidationError as exc:
        return await _saved_problem(request, _first_problem(exc))
    except MissingReference:
        missing = [str(s["view"]) for s in slides if s["view"] not in _saved_names(store)]
        return await _saved_problem(
            request, _word(request, "saved.unknown_view", names=", ".join(missing))
        )
    except GraphsvcError as exc:
        return await _saved_problem(request, exc.message)
    return RedirectResponse("/saved?done=deck", status_code=303)


@router.post("/saved/delete")
async def delete_saved_form(request: Request) -> Response:
    from graphsvc.serving.saved import delete_deck, delete_view

    guard(request, Role.EDITOR)
    form = await read_form(request)
    check_csrf(request, form)
    kind, name = str(form.get("kind") or ""), str(form.get("name") or "")
    store = await store_dep(request)
    try:
        await run_in_threadpool(delete_deck if kind == "deck" else delete_view, store, name)
    except Conflict:
        return await _saved_problem(request, _word(request, "saved.in_use", name=name))
    except GraphsvcError as exc:
        return await _saved_problem(request, exc.message)
    return RedirectResponse("/saved?done=deleted", status_code=303)


def _word(request: Request, key: str, **values: Any) -> str:
    return translator(lang_of(request, None))(key, **values)


def _saved_names(store: Any) -> set[str]:
    return {name for name, _ in store.documents("view")}


def _first_problem(exc: ValidationError) -> str:
    """A form's first problem, as "name: …" (the field and pydantic's words)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}"


async def _saved_problem(request: Request, problem: str) -> Response:
    from graphsvc.serving.saved import PLACE, list_decks, list_views

    store = await store_dep(request)
    views, decks = list_views(store), list_decks(store)
    return render(
        request,
        "saved.html",
        status=422,
        views=views,
        decks=decks,
        opens={v.name: opens(v.query, PLACE) for v in views},
        titles={v.name: v.title for v in views},
        done=None,
        problem=problem,
    )
