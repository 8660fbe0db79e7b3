"""VisSpec -> PNG or SVG (matplotlib) for slides: 1920×1080 with title, legend and date.

The picture uses the spec's own positions (the deterministic layout), colours, shapes
and edge styles, so it matches the HTML view. Text stays text in the SVG
(``svg.fonttype = none``) and is never parsed as mathtext, so names show literally.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from graphsvc.analysis.results import Status
from visual import style
from visual.spec import VisSpec
from visual.style import Legend, LegendItem, NodeKind
from visual.text import t

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ImageFormat = Literal["png", "svg"]
WIDTH, HEIGHT, DPI = 1920, 1080, 100
#: at most this many node labels are drawn (groups, needs and the biggest nodes first)
LABEL_LIMIT = 120
MAX_STRETCH = 1.6
LARGE = 300
KIND_Z = {
    NodeKind.AREA: 2,
    NodeKind.NETWORK: 2,
    NodeKind.SERVICE: 3,
    NodeKind.PROVIDER: 4,
    NodeKind.NEED: 5,
    NodeKind.GROUP: 6,
}
RC: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "graphsvc",
    "font.family": "DejaVu Sans",
    "path.simplify": True,
    "text.parse_math": False,
}


def render_image(
    spec: VisSpec, fmt: ImageFormat = "png", *, width: int = WIDTH, height: int = HEIGHT
) -> bytes:
    """The view as PNG or SVG bytes, `width` × `height` pixels (at 100 dpi)."""
    if fmt not in ("png", "svg"):
        raise ValueError(f"image format must be png or svg, not {fmt!r}")
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
        _header(fig, spec.title, spec.subtitle, spec.data_date_text)
        ax = fig.add_axes((0.015, 0.03, 0.75, 0.82))
        _network(ax, spec, width * 0.75, height * 0.82)
        if spec.legend.sections:  # an empty view has nothing to explain
            draw_legend(fig.add_axes((0.775, 0.03, 0.215, 0.82)), spec.legend)
        if spec.notes:
            fig.text(0.015, 0.012, " ".join(spec.notes), fontsize=10, color="#4d4d4d")
        return save(fig, fmt)


def write_image(spec: VisSpec, path: str | Path) -> Path:
    """Write the view to `path`; its suffix (.png or .svg) chooses the format."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise ValueError(f"{path.name}: an image must end in .png or .svg")
    path.write_bytes(render_image(spec, fmt))  # type: ignore[arg-type]
    return path


def save(fig: Figure, fmt: ImageFormat) -> bytes:
    """The figure's bytes, without timestamps (the same input gives the same file)."""
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata, facecolor="white")
    return buf.getvalue()


def _header(fig: Figure, title: str, subtitle: str, day: str) -> None:
    width = fig.get_figwidth() * 72 * 0.97  # points, from the left margin to the edge
    title, size = fit_text(title, width, 30.0, smallest=20.0, weight="bold")
    fig.text(0.015, 0.955, title, fontsize=size, fontweight="bold", va="top", color="#1a1a1a")
    line = " · ".join(p for p in (subtitle, day) if p)
    fig.text(0.015, 0.895, line, fontsize=15, va="top", color="#4d4d4d")


def fit_text(
    text: str, width: float, size: float, *, smallest: float, weight: str = "normal"
) -> tuple[str, float]:
    """`text` and a font size for one line at most `width` points wide: a smaller font
    down to `smallest`, then the text shortened with an ellipsis (a long provider name
    would run off the slide)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()

    def fits(candidate: str, at: float) -> bool:
        prop = FontProperties(family=RC["font.family"], weight=weight, size=at)
        return measure.get_text_width_height_descent(candidate, prop, ismath=False)[0] <= width

    while not fits(text, size) and size > smallest:
        size = max(size - 2, smallest)
    # shorten the name, keep what the view is (": lähiverkosto (säde 2)") when it fits
    head, sep, tail = text.rpartition(": ")
    if not sep or not fits(f"…{sep}{tail}", size):
        head, sep, tail = text, "", ""
    limit, short = len(head), text
    while not fits(short, size) and limit > 10:
        limit -= 3
        short = style.shorten(head, limit) + sep + tail
    return short, size


def _network(ax: Axes, spec: VisSpec, width_px: float, height_px: float) -> None:
    from matplotlib.collections import LineCollection

    ax.set_axis_off()
    if not spec.nodes:
        # an empty slide says so, rather than looking like a failed export
        ax.text(
            0.5,
            0.5,
            t("empty", spec.lang),
            ha="center",
            va="center",
            fontsize=22,
            color="#4d4d4d",
            transform=ax.transAxes,
        )
        return
    where = _fit(spec, width_px / height_px)
    xs = [p[0] for p in where.values()]
    ys = [p[1] for p in where.values()]
    pad = max(n.size for n in spec.nodes) * 1.5
    x0, x1, y0, y1 = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    # the same scale on both axes, the graph centred in the box
    scale = min(width_px / (x1 - x0), height_px / (y1 - y0))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(cx - width_px / scale / 2, cx + width_px / scale / 2)
    ax.set_ylim(cy - height_px / scale / 2, cy + height_px / scale / 2)
    pt = scale * 72 / DPI  # points per canvas pixel
    groups: dict[tuple[str, float, tuple[float, ...]], list[Any]] = {}
    for e in spec.edges:
        groups.setdefault((e.color, e.width, e.dashes), []).append(
            (where[e.source], where[e.target])
        )
    for (color, lw, dashes), segments in sorted(groups.items()):
        ls: Any = (0, dashes) if dashes else "solid"
        ax.add_collection(
            LineCollection(
                segments, colors=color, linewidths=lw * 0.8, linestyles=[ls], zorder=1, alpha=0.8
            )
        )
    for kind in NodeKind:
        nodes = [n for n in spec.nodes if n.kind is kind]
        if not nodes:
            continue
        ax.scatter(
            [where[n.id][0] for n in nodes],
            [where[n.id][1] for n in nodes],
            s=[max(2 * n.size * min(pt, 0.9), 3.0) ** 2 for n in nodes],
            c=[n.color for n in nodes],
            edgecolors=[n.border for n in nodes],
            linewidths=[min(n.border_width, 4.0) for n in nodes],
            linestyles=["--" if n.border_dashes else "-" for n in nodes],
            marker=style.mpl_marker(kind),
            zorder=KIND_Z[kind],
        )
    _labels(ax, spec, pt, where)


def _fit(spec: VisSpec, aspect: float) -> dict[str, tuple[float, float]]:
    """The spec's positions (y up), stretched by up to MAX_STRETCH to fill a box of
    `aspect`: a round layout would leave the sides of a 16:9 slide empty."""
    xs = [n.x for n in spec.nodes]
    ys = [-n.y for n in spec.nodes]
    width, height = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    fx = fy = 1.0
    if width / height < aspect:
        fx = min(aspect * height / width, MAX_STRETCH)
    else:
        fy = min(width / aspect / height, MAX_STRETCH)
    return {n.id: (n.x * fx, -n.y * fy) for n in spec.nodes}


#: how far a marker reaches below its centre, in units of its radius ('D' is a square
#: turned 45°: its corner lies √2 radii away)
MARKER_REACH = {"D": 1.42}


def _labels(ax: Axes, spec: VisSpec, pt: float, where: dict[str, tuple[float, float]]) -> None:
    rank = sorted(
        spec.nodes,
        key=lambda n: (n.kind is not NodeKind.GROUP, n.kind is not NodeKind.NEED, -n.size, n.id),
    )
    # a translucent box, not a path effect: path effects would turn SVG text into paths
    halo = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.65}
    # a large view: name only its groups and most visible nodes, or the labels cover it
    limit = LABEL_LIMIT if len(rank) <= LARGE else LABEL_LIMIT // 4
    placed: list[tuple[float, float, float, float]] = []
    for i, n in enumerate(rank[:limit]):
        big = n.kind is NodeKind.GROUP
        size = 12 if big else 9
        reach = n.size * min(pt, 0.9) * MARKER_REACH.get(style.mpl_marker(n.kind), 1.0)
        x, y = where[n.id][0], where[n.id][1] - (reach + min(n.border_width, 4.0) / 2 + 3) / pt
        box = _text_box(n.label, size, x * pt, y * pt)
        # groups and uncovered needs are always named; other labels give way
        if not (big or n.status is Status.UNCOVERED) and any(_overlap(box, b) for b in placed):
            continue
        placed.append(box)
        ax.text(
            x,
            y,
            n.label,
            fontsize=size,
            fontweight="bold" if big else "normal",
            ha="center",
            va="top",
            color=n.font_color,
            zorder=9 - i / limit,  # the more important label on top
            bbox=halo,
            clip_on=True,
        )


def _text_box(text: str, size: float, x: float, top: float) -> tuple[float, float, float, float]:
    """The box (in points) a centred label hanging from (x, top) roughly covers."""
    half = len(text) * size * 0.3  # DejaVu Sans: about 0.6 em a character
    return (x - half, top - size * 1.25, x + half, top)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def draw_legend(ax: Axes, legend: Legend, *, fontsize: float = 12) -> None:
    """The legend drawn into `ax` (its own axes): section titles, swatches and texts."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    rows = 1 + sum(1 + len(s.items) for s in legend.sections) + len(legend.sections) * 0.4
    step = min(1 / max(rows, 1), 0.045)
    y = 1.0
    ax.set_ylim(0, 1)
    ax.text(0, y, legend.title, fontsize=fontsize + 3, fontweight="bold", va="top")
    y -= step * 1.3
    for section in legend.sections:
        ax.text(0, y, section.title, fontsize=fontsize, fontweight="bold", va="top")
        y -= step
        for item in section.items:
            _legend_swatch(ax, item, y - step * 0.35)
            ax.text(0.16, y, item.label, fontsize=fontsize - 1, va="top")
            y -= step
        y -= step * 0.4


def _legend_swatch(ax: Axes, item: LegendItem, y: float) -> None:
    if item.shape is None:
        ls: Any = (0, item.dashes) if item.dashes else "solid"
        ax.plot(
            [0.01, 0.12], [y, y], color=item.color, linewidth=max(item.width, 1.2), linestyle=ls
        )
        return
    kind = next((k for k in NodeKind if style.vis_shape(k) == item.shape), NodeKind.PROVIDER)
    ax.scatter(
        [0.065],
        [y],
        s=150,
        c=[item.color],
        edgecolors=[item.border],
        linewidths=[min(item.border_width, 3.0)],
        linestyles=["--" if item.dashes else "-"],
        marker=style.mpl_marker(kind),
    )


def texts_of(spec: VisSpec) -> Sequence[str]:
    """The texts an image of `spec` certainly shows: title, date and legend."""
    return [spec.title, spec.data_date_text, *spec.legend.texts()]
