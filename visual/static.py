"""VisSpec -> PNG or SVG (matplotlib) for slides: 1920×1080 with title, legend and date.

The picture uses the spec's own positions (the deterministic layout), colours, shapes
and edge styles, so it matches the HTML view. Text stays text in the SVG
(``svg.fonttype = none``) and is never parsed as mathtext, so names show literally.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from visual import style
from visual.spec import VisSpec
from visual.style import Legend, LegendItem, NodeKind
from visual.text import t

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

ImageFormat = Literal["png", "svg"]
WIDTH, HEIGHT, DPI = 1920, 1080, 100
MAX_STRETCH = 1.6
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
    texts = {
        n.id: wrap(n.label, LABEL_WIDTH * (1.3 if n.anchor == "inside" else 1.0))
        for n in spec.nodes
    }
    scale, cx, cy = _scale(spec, where, texts, width_px, height_px)
    ax.set_xlim(cx - width_px / scale / 2, cx + width_px / scale / 2)
    ax.set_ylim(cy - height_px / scale / 2, cy + height_px / scale / 2)
    pt = scale * 72 / DPI  # points per canvas pixel
    groups: dict[tuple[str, float, tuple[float, ...], float], list[Any]] = {}
    for e in spec.edges:
        groups.setdefault((e.color, e.width, e.dashes, e.opacity), []).append(
            (where[e.source], where[e.target])
        )
    for (color, lw, dashes, opacity), segments in sorted(groups.items()):
        ls: Any = (0, dashes) if dashes else "solid"
        ax.add_collection(
            LineCollection(
                segments,
                colors=color,
                linewidths=lw * 0.8,
                linestyles=[ls],
                zorder=1,
                alpha=0.8 * opacity,
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
    _labels(ax, spec, scale, where, texts, (cx, cy, width_px, height_px))


def _fit(spec: VisSpec, aspect: float) -> dict[str, tuple[float, float]]:
    """The spec's positions (y up); a force layout is stretched by up to MAX_STRETCH to
    fill a box of `aspect` (a round layout would leave the sides of a 16:9 slide empty),
    a computed one (a service map, a partnership network) is kept as it is."""
    if spec.view in ("map", "partners"):
        return {n.id: (n.x, -n.y) for n in spec.nodes}
    xs = [n.x for n in spec.nodes]
    ys = [-n.y for n in spec.nodes]
    width, height = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    fx = fy = 1.0
    if width / height < aspect:
        fx = min(aspect * height / width, MAX_STRETCH)
    else:
        fy = min(width / aspect / height, MAX_STRETCH)
    return {n.id: (n.x * fx, -n.y * fy) for n in spec.nodes}


#: labels on a slide: this many pixels high (at 1920 × 1080), wrapped at LABEL_WIDTH
LABEL_PX = 16.0
LABEL_WIDTH = 290.0
HEADING_PX = 19.0
LINE_HEIGHT = 1.2

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels, y down


@dataclass(frozen=True)
class Wrapped:
    """A label's lines, and the width of the widest in pixels at LABEL_PX."""

    lines: tuple[str, ...]
    width: float

    @property
    def height(self) -> float:
        return len(self.lines) * LABEL_PX * LINE_HEIGHT


def text_width(text: str, px: float, weight: str = "normal") -> float:
    """The width of `text` in pixels at `px` pixels high (DejaVu Sans, as drawn)."""
    measure, prop = _measurer(px, weight)
    points = measure.get_text_width_height_descent(text, prop, ismath=False)[0]
    return float(points) * DPI / 72


@cache
def _measurer(px: float, weight: str) -> tuple[Any, Any]:
    """One text measurer and font per size and weight (a slide measures every word)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    return TextToPath(), FontProperties(family=RC["font.family"], weight=weight, size=px * 72 / DPI)


def wrap(text: str, width: float, px: float = LABEL_PX) -> Wrapped:
    """`text` in lines no wider than `width` pixels where its words allow; never cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        nxt = f"{line} {word}" if line else word
        if line and text_width(nxt, px) > width:
            lines.append(line)
            line = word
        else:
            line = nxt
    if line:
        lines.append(line)
    return Wrapped(tuple(lines), max((text_width(x, px) for x in lines), default=0.0))


def _label_box(anchor: str, x: float, y: float, r: float, w: Wrapped) -> Box:
    """The box of a label for a node at pixel (x, y) of radius r, as the page draws it."""
    h = w.height
    if anchor == "right":
        return (x + r + 5, y - h / 2, x + r + 5 + w.width, y + h / 2)
    if anchor == "left":
        return (x - r - 5 - w.width, y - h / 2, x - r - 5, y + h / 2)
    if anchor == "inside":
        return (x - w.width / 2 - 7, y - h / 2 - 4, x + w.width / 2 + 7, y + h / 2 + 4)
    return (x - w.width / 2, y + r + 3, x + w.width / 2, y + r + 3 + h)


def _heading_box(text: str, anchor: str, x: float, y: float) -> Box:
    w = text_width(text, HEADING_PX, "bold")
    h = HEADING_PX * LINE_HEIGHT
    x0 = x - w if anchor == "left" else x if anchor == "right" else x - w / 2
    return (x0, y - h / 2, x0 + w, y + h / 2)


def _scale(
    spec: VisSpec,
    where: dict[str, tuple[float, float]],
    texts: dict[str, Wrapped],
    width_px: float,
    height_px: float,
) -> tuple[float, float, float]:
    """The scale (pixels per canvas unit) and centre that fit nodes, labels and
    headings in the box; labels keep their size while the drawing scales: a few rounds."""
    scale, cx, cy = 1.0, 0.0, 0.0
    for _ in range(8):
        boxes: list[Box] = []
        for n in spec.nodes:
            x = (where[n.id][0] - cx) * scale + width_px / 2
            y = height_px / 2 - (where[n.id][1] - cy) * scale
            r = n.size * scale
            boxes.append(_label_box(n.anchor, x, y, r, texts[n.id]))
            boxes.append((x - r, y - r, x + r, y + r))
        for h in spec.headings:
            x = (h.x - cx) * scale + width_px / 2
            y = height_px / 2 - (-h.y - cy) * scale
            boxes.append(_heading_box(h.text, h.anchor, x, y))
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        factor = min((width_px - 8) / max(x1 - x0, 1), (height_px - 8) / max(y1 - y0, 1))
        mx, my = (x0 + x1 - width_px) / 2, (y0 + y1 - height_px) / 2
        cx, cy = cx + mx / scale, cy - my / scale
        scale = min(scale * factor, 2.0)
        if abs(factor - 1) < 0.01 and abs(mx) < 1 and abs(my) < 1:
            break
    return scale, cx, cy


#: the label boxes of the last image drawn, in pixels of its network box (for tests)
_drawn: list[list[Box]] = []


def last_label_boxes() -> list[Box]:
    """The boxes of the headings and labels the last image drew, in pixels."""
    return _drawn[-1] if _drawn else []


def _labels(
    ax: Axes,
    spec: VisSpec,
    scale: float,
    where: dict[str, tuple[float, float]],
    texts: dict[str, Wrapped],
    frame: tuple[float, float, float, float],
) -> None:
    """Headings, then labels most important first, each only where it touches no label
    and no more important node (as the page draws them); text stays text in an SVG."""
    cx, cy, width_px, height_px = frame

    def pixel(x: float, y: float) -> tuple[float, float]:
        return (x - cx) * scale + width_px / 2, height_px / 2 - (y - cy) * scale

    def data(px: float, py: float) -> tuple[float, float]:
        return (px - width_px / 2) / scale + cx, cy - (py - height_px / 2) / scale

    taken: list[Box] = []
    for h in spec.headings:
        x, y = pixel(h.x, -h.y)
        taken.append(_heading_box(h.text, h.anchor, x, y))
        ax.text(
            *data(x, y),
            h.text,
            fontsize=HEADING_PX * 72 / DPI,
            fontweight="bold",
            color=h.color,
            ha={"left": "right", "right": "left"}.get(h.anchor, "center"),
            va="center",
            zorder=10,
        )
    discs: list[tuple[Box, float, str]] = []
    for n in spec.nodes:
        x, y = pixel(*where[n.id])
        r = max(n.size * scale, 2.0)
        discs.append(((x - r, y - r, x + r, y + r), n.priority, n.id))
    rank = sorted(spec.nodes, key=lambda n: (-n.priority, n.id))
    # a translucent box, not a path effect: path effects would turn SVG text into paths
    halo = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
    for i, n in enumerate(rank):
        x, y = pixel(*where[n.id])
        w = texts[n.id]
        box = _label_box(n.anchor, x, y, n.size * scale, w)
        if box[0] < 0 or box[1] < 0 or box[2] > width_px or box[3] > height_px:
            continue
        if any(_overlap(box, b) for b in taken) or any(
            other != n.id and p >= n.priority and _overlap(box, d) for d, p, other in discs
        ):
            continue
        taken.append(box)
        inside = n.anchor == "inside"
        anchor_x = {"right": box[0], "left": box[2]}.get(n.anchor, (box[0] + box[2]) / 2)
        ax.text(
            *data(anchor_x, (box[1] + box[3]) / 2),
            "\n".join(w.lines),
            fontsize=LABEL_PX * 72 / DPI,
            linespacing=LINE_HEIGHT,
            ha={"right": "left", "left": "right"}.get(n.anchor, "center"),
            va="center",
            color="#1a1a1a" if inside else n.font_color,
            zorder=9 - i / max(len(rank), 1),  # the more important label on top
            bbox={
                "boxstyle": "round,pad=0.35",
                "facecolor": n.color,
                "edgecolor": n.border,
                "linewidth": min(n.border_width, 4.0),
            }
            if inside
            else halo,
            clip_on=True,
        )
    _drawn[:] = [taken]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def draw_legend(ax: Axes, legend: Legend, *, fontsize: float = 12) -> None:
    """The legend drawn into `ax` (its own axes): section titles, swatches and texts."""
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    # an item's text wraps to the legend's width (a slide's legend cannot run off it)
    width_px = ax.get_position().width * float(ax.figure.bbox.width) * 0.82
    px = (fontsize - 1) * DPI / 72
    wrapped = {
        id(item): wrap(item.label, width_px, px) for sec in legend.sections for item in sec.items
    }
    rows = 1 + len(legend.sections) * 1.4
    rows += sum(max(len(wrapped[id(i)].lines), 1) for sec in legend.sections for i in sec.items)
    step = min(1 / max(rows, 1), 0.045)
    y = 1.0
    ax.set_ylim(0, 1)
    ax.text(0, y, legend.title, fontsize=fontsize + 3, fontweight="bold", va="top")
    y -= step * 1.3
    for section in legend.sections:
        ax.text(0, y, section.title, fontsize=fontsize, fontweight="bold", va="top")
        y -= step
        for item in section.items:
            lines = wrapped[id(item)].lines or (item.label,)
            _legend_swatch(ax, item, y - step * 0.35)
            ax.text(0.16, y, "\n".join(lines), fontsize=fontsize - 1, va="top", linespacing=1.15)
            y -= step * len(lines)
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
