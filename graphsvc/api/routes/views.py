"""Views: /views/network (full page), /embed/network (minimal chrome, for iframes),
/views/network.png and .svg, /views/heatmap.svg, and /palette.css for the pages.

The query parameters are those of `graphsvc render` (visual.spec.ViewParams): group,
need, provider, radius, area, sector (repeatable), as_of, lang, size_by; and, to draw a
scenario's result, remove_sector / remove_provider (repeatable).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from graphsvc.api.responses import ERRORS, PngResponse, SvgResponse
from graphsvc.errors import InvalidData
from graphsvc.model import Sector
from graphsvc.serving.requests import cache_of, check_read, parse_day, store_dep

router = APIRouter(tags=["views"])

Opt = Annotated[str | None, Query(max_length=200)]


Sectors = Annotated[list[str] | None, Query(description="Only these sectors (repeatable).")]
Removed = Annotated[
    list[str] | None,
    Query(
        description="Scenario: draw the network without "
        "these (repeatable); removed ones are greyed."
    ),
]


async def view_params(
    group: Opt = None,
    need: Opt = None,
    provider: Opt = None,
    radius: Annotated[int, Query(ge=1, le=10)] = 1,
    area: Opt = None,
    sector: Sectors = None,
    as_of: Opt = None,
    lang: Literal["fi", "en"] = "fi",
    size_by: Literal["degree", "betweenness"] = "betweenness",
    remove_sector: Removed = None,
    remove_provider: Removed = None,
) -> View:
    """The view's parameters, validated as visual.spec.ViewParams (422 naming the field)."""
    from pydantic import ValidationError

    from graphsvc.serving.errors import invalid_from_pydantic
    from visual.spec import ViewParams

    try:
        params = ViewParams.model_validate(
            {
                "group": group or None,
                "need": need or None,
                "provider": provider or None,
                "radius": radius,
                "area": area or None,
                "sectors": tuple(s for s in (sector or []) if s),
                "as_of": parse_day(as_of),
                "lang": lang,
                "size_by": size_by,
            }
        )
        params.check()
    except ValidationError as exc:
        raise invalid_from_pydantic(exc, ("query",)) from None
    except ValueError as exc:
        raise InvalidData(
            str(exc), details=[{"field": "query.provider", "message": str(exc)}]
        ) from None
    bad = [s for s in remove_sector or [] if s not in {x.value for x in Sector}]
    if bad:
        raise InvalidData(
            f"remove_sector: unknown sector {bad[0]!r}.",
            details=[{"field": "query.remove_sector", "message": "unknown sector"}],
        )
    return View(
        params, (tuple(sorted(set(remove_sector or []))), tuple(sorted(set(remove_provider or []))))
    )


class View:
    """A view's ViewParams and its scenario removals (sectors, providers)."""

    def __init__(self, params: Any, removals: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        self.params = params
        self.removals = removals


ViewQuery = Annotated[View, Depends(view_params)]


async def _render(request: Request, kind: str, view: View) -> tuple[Any, bool]:
    from graphsvc.api import views as render_views

    check_read(request, cookie=True)
    store = await store_dep(request)
    cache = cache_of(request)
    return await run_in_threadpool(
        render_views.cached_render, store, cache, kind, view.params, view.removals
    )


def _html(body: Any, hit: bool, *, download: str | None = None) -> Response:
    html, csp = body  # (HTML bytes, its CSP), cached together
    headers = {"Content-Security-Policy": csp, "X-Cache": "hit" if hit else "miss"}
    if download:
        headers["Content-Disposition"] = f'attachment; filename="{download}"'
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)


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
    request: Request, area: Opt = None, as_of: Opt = None, lang: Literal["fi", "en"] = "fi"
) -> Response:
    """The coverage heatmap (groups × needs) as SVG."""
    from graphsvc.serving.analyses import Params

    p = Params(area=area or None, as_of=parse_day(as_of), lang=lang)
    body, hit = await _render(request, "heatmap", View(p, ((), ())))
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
