"""Views: /views/network (full page), /embed/network (minimal chrome, for iframes),
/views/network.png and .svg, /views/heatmap.svg, and /palette.css for the pages.

The query parameters are those of `graphsvc render` (visual.spec.ViewParams): group,
need, provider, radius, area, sector (repeatable), as_of, lang, size_by, view,
cluster_by, open (repeatable); and, to draw a
scenario's result, remove_sector / remove_provider / move_sector (ID=SECTOR) /
add_partnership and remove_partnership (ID_A,ID_B), all repeatable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from graphsvc.analysis.results import ScenarioChanges
from graphsvc.analysis.scenarios import parse_move, parse_pair
from graphsvc.api.params import AsOf, id_query
from graphsvc.api.responses import ERRORS, PngResponse, SvgResponse
from graphsvc.errors import InvalidData
from graphsvc.model import Sector
from graphsvc.model.saved import SLUG
from graphsvc.serving.replay import replayable
from graphsvc.serving.requests import cache_of, check_read, store_dep

router = APIRouter(tags=["views"])

Sectors = Annotated[list[Sector] | None, Query(description="Only these sectors (repeatable).")]
REMOVED = "Scenario: draw the network without these (repeatable); removed ones are greyed."
#: a scenario's changes as `graphsvc scenario` takes them: ID=SECTOR, ID_A,ID_B
# (one = or one comma: `[^=\s]`, as `\S` would take an = or a comma too; 200
# characters at most, so that the ids in them are ids)
_MOVE = rf"^[^=]*[^=\s][^=]*=({'|'.join(s.value for s in Sector)})$"
_PAIR = r"^[^,]*[^,\s][^,]*,[^,]*[^,\s][^,]*$"
Moves = Annotated[
    list[Annotated[str, StringConstraints(max_length=200, pattern=_MOVE)]] | None,
    Query(max_length=200),
]
Pairs = Annotated[
    list[Annotated[str, StringConstraints(max_length=200, pattern=_PAIR)]] | None,
    Query(max_length=200),
]


async def view_params(
    group: Annotated[str | None, id_query("This target group's needs and services.")] = None,
    need: Annotated[str | None, id_query("This need and who meets it.")] = None,
    provider: Annotated[
        str | None,
        id_query("This provider's neighbourhood (with radius); not with group or need."),
    ] = None,
    radius: Annotated[int, Query(ge=1, le=10)] = 1,
    area: Annotated[str | None, id_query("Only services available in this area.")] = None,
    sector: Sectors = None,
    as_of: AsOf = None,
    lang: Literal["fi", "en"] = "fi",
    size_by: Literal["degree", "betweenness"] = "betweenness",
    view: Annotated[
        Literal["auto", "map", "partners", "all"],
        Query(
            description="auto: a group's service map, a provider's neighbourhood, a need's "
            "providers, or else the partnership network; map: a group's service map; "
            "partners: the partnership network; all: every node of every kind."
        ),
    ] = "auto",
    cluster_by: Annotated[
        Literal["sector", "area", "community"],
        Query(description="How a large partnership network is clustered."),
    ] = "sector",
    open: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] | None,
        Query(max_length=50, description="Clusters drawn open, provider by provider (repeatable)."),
    ] = None,
    zoom: Annotated[
        float | None,
        Query(gt=0, le=100, description="Open zoomed to this scale (with x and y)."),
    ] = None,
    x: Annotated[
        float | None, Query(ge=-1e7, le=1e7, description="Open centred here (canvas units).")
    ] = None,
    y: Annotated[
        float | None, Query(ge=-1e7, le=1e7, description="Open centred here (canvas units).")
    ] = None,
    remove_sector: Annotated[list[Sector] | None, Query(description=REMOVED)] = None,
    remove_provider: Annotated[
        list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] | None,
        Query(description=REMOVED),
    ] = None,
    move_sector: Annotated[
        Moves, Query(description="Scenario: this provider moves, as ID=SECTOR (repeatable).")
    ] = None,
    add_partnership: Annotated[
        Pairs,
        Query(
            description="Scenario: a new partnership, as ID_A,ID_B: two different providers "
            "(repeatable)."
        ),
    ] = None,
    remove_partnership: Annotated[
        Pairs,
        Query(description="Scenario: the partnerships of ID_A,ID_B end (repeatable)."),
    ] = None,
) -> View:
    """The view's parameters, validated as visual.spec.ViewParams (422 naming the field)."""
    from pydantic import ValidationError

    from graphsvc.serving.errors import invalid_from_pydantic
    from visual.spec import ViewParams

    try:
        params = ViewParams.model_validate(
            {
                "group": group,
                "need": need,
                "provider": provider,
                "radius": radius,
                "area": area,
                "sectors": tuple(sector or ()),
                "as_of": as_of,
                "lang": lang,
                "size_by": size_by,
                "view": view,
                "cluster_by": cluster_by,
                "open": tuple(open or ()),
                "zoom": zoom,
                "x": x,
                "y": y,
            }
        )
        params.check()
    except ValidationError as exc:
        raise invalid_from_pydantic(exc, ("query",)) from None
    except ValueError as exc:
        field = "zoom" if "zoom" in str(exc) else "group" if "map" in str(exc) else "provider"
        raise InvalidData(
            str(exc), details=[{"field": f"query.{field}", "message": str(exc)}]
        ) from None
    changes = ScenarioChanges(
        remove_sectors=sorted(set(remove_sector or ())),
        remove_providers=sorted(set(remove_provider or ())),
        move_sectors=dict(sorted(_parsed("move_sector", parse_move, move_sector))),
        add_partnerships=_parsed("add_partnership", parse_pair, add_partnership),
        remove_partnerships=_parsed("remove_partnership", parse_pair, remove_partnership),
    )
    return View(params, changes)


T = TypeVar("T")


def _parsed(field: str, parse: Callable[[str], T], values: list[str] | None) -> list[T]:
    """Each of a scenario parameter's values parsed as `graphsvc scenario` parses its
    option; InvalidData naming the parameter and the value otherwise."""
    out = []
    for i, value in enumerate(values or ()):
        try:
            out.append(parse(value))
        except InvalidData as exc:
            raise InvalidData(
                f"{field}: {exc.message}",
                details=[{"field": f"query.{field}[{i}]", "message": exc.message}],
            ) from None
    return out


class View:
    """A view's ViewParams and the scenario whose result it draws (maybe none)."""

    def __init__(self, params: Any, changes: ScenarioChanges) -> None:
        self.params = params
        self.changes = changes


ViewQuery = Annotated[View, Depends(view_params)]


async def _render(request: Request, kind: str, view: View) -> tuple[Any, bool]:
    from graphsvc.api import views as render_views

    check_read(request, cookie=True)
    store = await store_dep(request)
    cache = cache_of(request)
    replayable(request)
    return await run_in_threadpool(
        render_views.cached_render, store, cache, kind, view.params, view.changes
    )


def _html(body: Any, hit: bool, *, download: str | None = None) -> Response:
    html, csp = body  # (HTML bytes, its CSP), cached together
    headers = {"Content-Security-Policy": csp, "X-Cache": "hit" if hit else "miss"}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


def saved_view(store: Any, name: str) -> View:
    """The View a saved view names (its query checked as a URL's would be)."""
    from graphsvc.serving.saved import get_view, view_arguments
    from visual.embed import view_params as loose_params

    args, changes = view_arguments(get_view(store, name))
    return View(loose_params(**args), changes)


SavedName = Annotated[str, Path(pattern=SLUG, max_length=80, description="A saved view's name.")]


@router.get("/embed/views/{name}", responses=ERRORS, response_class=HTMLResponse)
async def embed_saved_view(request: Request, name: SavedName) -> Response:
    """A saved view with minimal chrome, for an iframe: the picture as it was saved."""
    check_read(request, cookie=True)
    view = await run_in_threadpool(saved_view, await store_dep(request), name)
    body, hit = await _render(request, "embed", view)
    return _html(body, hit)


@router.get("/views/saved/{name}", responses=ERRORS, response_class=HTMLResponse)
async def saved_view_page(
    request: Request, name: SavedName, download: bool = False, presentation: bool = False
) -> Response:
    """A saved view as a standalone page (download=true saves it; presentation=true: a
    16:9 slide)."""
    check_read(request, cookie=True)
    view = await run_in_threadpool(saved_view, await store_dep(request), name)
    body, hit = await _render(request, "presentation" if presentation else "page", view)
    return _html(body, hit, download=f"{name}.html" if download else None)


@router.get("/decks/{name}.html", responses=ERRORS, response_class=HTMLResponse)
async def deck_html(request: Request, name: SavedName) -> Response:
    """A deck as one offline HTML file: its slides one after another (arrow keys)."""
    from graphsvc.serving.saved import deck_file

    check_read(request, cookie=True)
    store = await store_dep(request)
    html = await run_in_threadpool(deck_file, store, name, cache_of(request))
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.html"'},
    )


@router.get("/embed/network", responses=ERRORS, response_class=HTMLResponse)
async def embed_network(request: Request, view: ViewQuery) -> Response:
    """The network view with minimal chrome, for an iframe (frame-ancestors configurable)."""
    body, hit = await _render(request, "embed", view)
    return _html(body, hit)


@router.get("/views/network", responses=ERRORS, response_class=HTMLResponse)
async def network_page(
    request: Request, view: ViewQuery, download: bool = False, presentation: bool = False
) -> Response:
    """The network view as a standalone page that works offline (download=true saves it;
    presentation=true: a 16:9 slide with title, legend and data date, no controls)."""
    body, hit = await _render(request, "presentation" if presentation else "page", view)
    return _html(body, hit, download="graphsvc-network.html" if download else None)


def _image_route(suffix: str, media: str, documented: type[Response]) -> None:
    async def image(request: Request, view: ViewQuery) -> Response:
        body, hit = await _render(request, suffix, view)
        return Response(
            body,
            media_type=media,
            headers={
                "X-Cache": "hit" if hit else "miss",
                "Content-Disposition": f'inline; filename="graphsvc-network.{suffix}"',
            },
        )

    image.__doc__ = f"The network view as a {suffix.upper()} image (for slides)."
    router.add_api_route(
        f"/views/network.{suffix}",
        image,
        methods=["GET"],
        responses=ERRORS,
        response_class=documented,
        summary=image.__doc__,
        name=f"network_{suffix}",
    )


_image_route("png", "image/png", PngResponse)
_image_route("svg", "image/svg+xml", SvgResponse)


@router.get("/views/heatmap.svg", responses=ERRORS, response_class=SvgResponse)
async def heatmap_svg(
    request: Request,
    area: Annotated[str | None, id_query("Count coverage in this area.")] = None,
    as_of: AsOf = None,
    lang: Literal["fi", "en"] = "fi",
) -> Response:
    """The coverage heatmap (groups × needs) as SVG."""
    from graphsvc.serving.analyses import Params

    p = Params(area=area, as_of=as_of, lang=lang)
    body, hit = await _render(request, "heatmap", View(p, ScenarioChanges()))
    return Response(body, media_type="image/svg+xml", headers={"X-Cache": "hit" if hit else "miss"})


@router.get("/palette.css", include_in_schema=False)
def palette_css() -> Response:
    """The sector and status colours as CSS variables (from visual.style)."""
    try:
        from visual.style import css_variables

        css = css_variables()
    except ImportError:
        css = ""
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """The site icon (browsers ask for it, embedded views too)."""
    from importlib import resources

    icon = resources.files("graphsvc.web").joinpath("static", "favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
