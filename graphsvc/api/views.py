"""Views rendered through `visual` (its embed layer runs the analyses a view draws),
from the cached store snapshot, and cached by store version like the analyses."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphsvc.analysis.results import ScenarioChanges
from graphsvc.errors import UnknownId
from graphsvc.model import Dataset
from graphsvc.serving.cache import ResultCache
from graphsvc.serving.requests import snapshot
from graphsvc.store import GraphStore


def view_csp(script_hashes: tuple[str, ...]) -> str:
    """A CSP for a self-contained view: exactly the inline scripts its renderer says it
    inlined (by hash), no other script, nothing fetched from anywhere."""
    scripts = " ".join(script_hashes) or "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )


#: kind -> (what it renders); "embed" and "page" are HTML, the rest images
KINDS = ("embed", "page", "presentation", "png", "svg", "heatmap")
HTML_MODES = {"embed": "embed", "page": "full", "presentation": "presentation"}


def render(ds: Dataset, kind: str, params: Any, changes: ScenarioChanges) -> Any:
    """One view of `ds` (with a scenario's `changes`, of its result): HTML (embed:
    minimal chrome; page: the full offline page), a PNG or SVG image, or the coverage
    heatmap as SVG. An unknown id (the views check the ids they are given) is named as
    the query parameter it came in."""
    try:
        return _render(ds, kind, params, changes)
    except UnknownId as exc:
        raise exc.at("query") from None


def _render(ds: Dataset, kind: str, params: Any, changes: ScenarioChanges) -> Any:
    from visual.embed import heatmap_spec, view_spec

    if kind == "heatmap":
        from visual.heatmap import render_heatmap

        return render_heatmap(
            heatmap_spec(ds, as_of=params.as_of, area=params.area, lang=params.lang), "svg"
        )
    spec = view_spec(ds, params, changes=changes)
    if kind in ("png", "svg"):
        from visual.static import render_image

        return render_image(spec, kind)  # type: ignore[arg-type]
    from visual.html import render_view

    view = render_view(spec, mode=HTML_MODES[kind])  # type: ignore[arg-type]
    # encoded and its CSP worked out once, kept with it in the cache
    return view.html.encode("utf-8"), view_csp(view.script_hashes)


def cached_render(
    store: GraphStore,
    cache: ResultCache,
    kind: str,
    params: Any,
    changes: ScenarioChanges | None = None,
) -> tuple[Any, bool]:
    """`render` once per store version, kind, parameters and scenario; (body, was_hit)."""
    if kind not in KINDS:
        raise ValueError(kind)
    changes = changes or ScenarioChanges()
    version = store.version()
    key = ("view", kind, repr(params), changes.model_dump_json(), date.today())
    return cache.get_or_compute(
        version, key, lambda: render(snapshot(store, cache), kind, params, changes)
    )
