"""VisSpec -> one standalone HTML file: every script and style inline, no network needed.

vis-network's JavaScript is read from the installed pyvis package (which ships it) and
inlined; pyvis's own page template is not used, because it pulls bootstrap and
tom-select from CDNs. Data reach the page only as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and the page's
script puts every name on screen with ``textContent``. No ``http://`` or ``https://``
appears anywhere in the output: licence headers keep their text with the slashes
escaped, and data strings have theirs escaped in JSON and as character references in
HTML.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from visual import style
from visual.spec import VisEdge, VisNode, VisSpec
from visual.style import LegendItem, NodeKind, kind_word
from visual.text import t

Mode = Literal["full", "embed", "presentation"]
MODES: tuple[Mode, ...] = ("full", "embed", "presentation")
VIS_VERSION = "9.1.2"
FONT_FACE = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
_URL = re.compile(r"(?i)\b(https?)://")


@dataclass(frozen=True)
class RenderedView:
    """A view's standalone HTML, and the CSP source of each script it inlines and runs
    (`'sha256-…'`), so that a server can allow exactly those and nothing else."""

    html: str
    script_hashes: tuple[str, ...]


def render_html(spec: VisSpec, mode: Mode = "full") -> str:
    """The view as a standalone HTML document (see `render_view`)."""
    return render_view(spec, mode).html


def render_view(spec: VisSpec, mode: Mode = "full") -> RenderedView:
    """The view as a standalone HTML document, with the hashes of its scripts.

    Parameters
    ----------
    spec : VisSpec
        What to draw (`visual.network.build_view`).
    mode : {"full", "embed", "presentation"}
        ``full``: title, search, legend and notes; ``embed``: the canvas with a search
        box and a folded legend, for an iframe; ``presentation``: a 16:9 slide with
        title, legend and the date of the data, and no controls.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    scripts = _scripts()
    page = (
        _environment()
        .get_template("view.html")
        .render(
            lang=spec.lang,
            mode=mode,
            spec=spec,
            controls=mode != "presentation",
            text={k: t(k, spec.lang) for k in ("search", "search_placeholder", "fit", "empty")},
            notes=list(spec.notes),
            swatch=swatch,
            css=Markup(inline_style(_asset("view.css"))),
            data_json=Markup(script_json(page_data(spec, mode))),
            vis_js=Markup(scripts[0]),
            app_js=Markup(scripts[1]),
        )
    )
    if re.search(r"(?i)https?://", page):  # the promise of the module; never expected
        raise RuntimeError("the rendered view refers to a web address")
    return RenderedView(page, tuple(sorted({csp_hash(text) for text in scripts})))


def page_data(spec: VisSpec, mode: Mode = "full") -> dict[str, Any]:
    """What the page's script reads: nodes, edges, options, tooltips, search texts.

    Nodes and edges are packed (a 1,000-node view stays well under 2 MB): a node is
    ``[id, label, x, y, size, style]`` and an edge ``[from, to, style]`` with indexes
    into ``nodes`` and the style tables; the page's script unpacks them into
    vis-network's DataSets (`vis_node` and `vis_edge` give the unpacked form).
    """
    node_styles: dict[str, int] = {}
    edge_styles: dict[str, int] = {}
    position = {n.id: i for i, n in enumerate(spec.nodes)}
    nodes = []
    for n in spec.nodes:
        look = vis_look(n)
        key = json.dumps(look, sort_keys=True)
        nodes.append(
            [
                n.id,
                n.label,
                n.x,
                n.y,
                round(n.size, 1),
                node_styles.setdefault(key, len(node_styles)),
                ANCHORS.index(n.anchor),
                round(n.priority, 2),
            ]
        )
    edges = []
    for e in spec.edges:
        look = {k: v for k, v in vis_edge(e).items() if k not in ("id", "from", "to")}
        key = json.dumps(look, sort_keys=True)
        edges.append(
            [position[e.source], position[e.target], edge_styles.setdefault(key, len(edge_styles))]
        )
    return {
        "mode": mode,
        "nodes": nodes,
        "nodeStyles": [json.loads(k) for k in node_styles],
        "edges": edges,
        "edgeStyles": [json.loads(k) for k in edge_styles],
        "options": vis_options(spec, mode),
        "info": {
            n.id: {
                "n": n.name,
                "s": n.search,
                "k": n.kind.value,
                "t": n.tooltip.model_dump(mode="json"),
            }
            for n in spec.nodes
        },
        "dim": {"fill": style.DIM_FILL, "label": style.DIM_LABEL},
        "headings": [[h.text, h.x, h.y, h.color, h.anchor, h.cluster] for h in spec.headings],
        "labels": {
            "px": LABEL_PX[mode],
            "width": LABEL_WIDTH[mode],
            "font": FONT_FACE,
            "anchors": list(ANCHORS),
        },
        "clusters": [n.id for n in spec.nodes if n.kind is NodeKind.CLUSTER],
        "fixed": not spec.options.physics,
        "place": (
            {"zoom": spec.params.zoom, "x": spec.params.x, "y": spec.params.y}
            if spec.params.zoom is not None
            else None
        ),
        "text": {
            "close": t("close", spec.lang),
            "no_matches": t("no_matches", spec.lang),
            "kinds": {k.value: kind_word(k, spec.lang) for k in NodeKind},
        },
    }


_NODE_OWN = ("id", "label", "x", "y", "size")
ANCHORS = ("below", "right", "left", "inside")
#: labels are drawn by the view's script at this size in CSS pixels (a slide's grows with
#: the slide past 1920 px wide), wrapped at LABEL_WIDTH, never cut
LABEL_PX = {"full": 14, "embed": 14, "presentation": 16}
LABEL_WIDTH = {"full": 190, "embed": 190, "presentation": 290}


def vis_node(node: VisNode) -> dict[str, Any]:
    """One node in vis-network's terms (label and position included)."""
    out: dict[str, Any] = {
        "id": node.id,
        "label": node.label,
        "x": node.x,
        "y": node.y,
        "shape": node.shape,
        "size": node.size,
        "borderWidth": node.border_width,
        "color": {
            "background": node.color,
            "border": node.border,
            "highlight": {"background": node.color, "border": "#000000"},
            "hover": {"background": node.color, "border": "#000000"},
        },
        "font": {"color": node.font_color},
    }
    if node.border_dashes:
        out["shapeProperties"] = {"borderDashes": [5, 3]}
    if node.kind is NodeKind.GROUP:
        out["font"] = {"color": node.font_color, "size": 18}
    return out


def vis_look(node: VisNode) -> dict[str, Any]:
    """A node's look for the page: vis-network draws the shape, the view its label."""
    out = {k: v for k, v in vis_node(node).items() if k not in _NODE_OWN}
    out.pop("font", None)
    out["labelColor"] = node.font_color
    return out


def vis_edge(edge: VisEdge) -> dict[str, Any]:
    """One edge in vis-network's terms (what the options do not already say)."""
    out: dict[str, Any] = {
        "id": edge.id,
        "from": edge.source,
        "to": edge.target,
        "color": {"color": edge.color, "highlight": "#000000", "hover": edge.color},
    }
    if edge.width != 1:
        out["width"] = edge.width
    if edge.dashes:
        out["dashes"] = list(edge.dashes)
    if edge.arrow:
        out["arrows"] = "to"
    if edge.opacity != 1:
        out["color"]["opacity"] = edge.opacity
    return out


def vis_options(spec: VisSpec, mode: Mode = "full") -> dict[str, Any]:
    """vis-network options: physics below the size threshold, a fixed layout above."""
    opts = spec.options
    interactive = mode != "presentation"
    return {
        "autoResize": True,
        "layout": {"randomSeed": opts.seed, "improvedLayout": False},
        "physics": {
            "enabled": opts.physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500,
                "centralGravity": 0.2,
                "springLength": 90,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0.3,
            },
            "minVelocity": 1.0,
            "stabilization": {
                "enabled": opts.physics,
                "iterations": opts.stabilization_iterations,
                "updateInterval": 50,
                "fit": True,
            },
        },
        "nodes": {
            # a white halo keeps labels readable over edges; large views skip it (each
            # label would be drawn twice) and show labels only when zoomed in further
            "font": {
                "size": 14,
                "face": FONT_FACE,
                "strokeWidth": 3 if opts.physics else 0,
                "strokeColor": "#ffffff",
            },
            "borderWidthSelected": 3,
            "scaling": {"label": {"drawThreshold": 7 if opts.physics else 9}},
        },
        "edges": {
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3}
            if opts.smooth_edges
            else False,
            "selectionWidth": 1.5,
            "hoverWidth": 0.5,
            "width": 1,
            "dashes": False,
            "color": {"inherit": False},
            "arrows": {"to": {"enabled": False, "scaleFactor": 0.45}},
        },
        "interaction": {
            "hover": interactive,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": opts.hide_edges_on_drag,
            "hideEdgesOnZoom": opts.hide_edges_on_drag,
            "dragNodes": interactive,
            "keyboard": False,
            "navigationButtons": False,
            "multiselect": False,
            "selectConnectedEdges": True,
        },
    }


# --- escaping ------------------------------------------------------------------------


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element: no ``<``, ``>``, ``&`` or ``://`` left.

    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("://", ":\\/\\/")
    )


def inline_script(js: str) -> str:
    """JavaScript safe to inline: no end tag or comment opener, no web address.

    The replacements mean the same in JavaScript strings, regular expressions and
    comments (``\\/`` is ``/``), so the code runs unchanged.
    """
    js = re.sub(r"(?i)</(script)", r"<\\/\1", js).replace("<!--", "<\\!--")
    return _URL.sub(lambda m: m.group(1) + ":\\/\\/", js)


def inline_style(css: str) -> str:
    return re.sub(r"(?i)</(style)", r"<\\/\1", css)


def html_text(value: Any) -> Markup:
    """Escape a value for HTML text or an attribute; ``://`` becomes character references."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(str(escape(value)).replace("://", ":&#47;&#47;"))


def swatch(item: LegendItem, size: int = 18) -> Markup:
    """A small inline SVG of a legend item: its node shape, or its line style."""
    c, h = size / 2, size / 2 - 2
    fill, stroke = escape(item.color), escape(item.border)
    dash = " ".join(f"{d:g}" for d in item.dashes)
    dash_attr = f' stroke-dasharray="{escape(dash)}"' if dash else ""
    if item.shape is None:
        body = (
            f'<line x1="1" y1="{c:g}" x2="{size * 2 - 1}" y2="{c:g}" stroke="{fill}" '
            f'stroke-width="{max(item.width, 1.2):g}"{dash_attr}/>'
        )
        width = size * 2
    else:
        width = size
        sw = min(item.border_width, 3.0)
        common = f'fill="{fill}" stroke="{stroke}" stroke-width="{sw:g}"{dash_attr}'
        points = {
            "square": [(c - h, c - h), (c + h, c - h), (c + h, c + h), (c - h, c + h)],
            "diamond": [(c, c - h), (c + h, c), (c, c + h), (c - h, c)],
            "triangle": [(c, c - h), (c + h, c + h), (c - h, c + h)],
            "triangleDown": [(c - h, c - h), (c + h, c - h), (c, c + h)],
            "hexagon": [
                (c + h * 0.5, c - h * 0.87),
                (c + h, c),
                (c + h * 0.5, c + h * 0.87),
                (c - h * 0.5, c + h * 0.87),
                (c - h, c),
                (c - h * 0.5, c - h * 0.87),
            ],
        }.get(item.shape)
        if points is None:
            body = f'<circle cx="{c:g}" cy="{c:g}" r="{h:g}" {common}/>'
        else:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body = f'<polygon points="{pts}" {common}/>'
    return Markup(
        f'<svg width="{width}" height="{size}" viewBox="0 0 {width} {size}" '
        f'aria-hidden="true">{body}</svg>'
    )


# --- assets --------------------------------------------------------------------------


@cache
def vis_js() -> str:
    """vis-network's standalone build, as the installed pyvis package ships it.

    The file is found without importing pyvis: its package imports IPython, and an
    import of IPython in one thread while another imports matplotlib (a heatmap
    drawn meanwhile) breaks matplotlib's check of it.
    """
    spec = importlib.util.find_spec("pyvis")
    roots = list(spec.submodule_search_locations or []) if spec is not None else []
    for root in roots:
        for parts in (("lib",), ("templates", "lib")):
            lib = Path(root).joinpath(*parts, f"vis-{VIS_VERSION}", "vis-network.min.js")
            if lib.is_file():
                return lib.read_text(encoding="utf-8")
    raise RuntimeError(
        f"vis-network {VIS_VERSION} was not found in the pyvis package; "
        "reinstall graphsvc's dependencies (pip install 'pyvis>=0.3.2')."
    )


@cache
def _scripts() -> tuple[str, str]:
    """The two scripts a view runs, exactly as inlined: vis-network and the view's own."""
    return inline_script(vis_js()), inline_script(_asset("view.js"))


def csp_hash(text: str) -> str:
    """The CSP source that allows an inline script whose text is `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def _asset(name: str) -> str:
    return resources.files("visual").joinpath("assets", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    from jinja2 import FunctionLoader

    env = Environment(
        loader=FunctionLoader(_asset),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=html_text,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    return env
