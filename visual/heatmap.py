"""The coverage heatmap: target groups × needs, each cell coloured by its coverage
status and showing its number of providers; as SVG/PNG (matplotlib) and as an HTML
table for the web pages (or a standalone page).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from markupsafe import Markup, escape

from graphsvc.analysis.results import Status
from graphsvc.model import Dataset, fold, pick
from graphsvc.words import Words, word
from visual import style
from visual.spec import CoverageCell, Frozen
from visual.static import DPI, RC, ImageFormat, draw_legend, save
from visual.style import Legend
from visual.text import date_text, t


class Axis(Frozen):
    id: str
    name: str


class HeatCell(Frozen):
    status: Status
    providers: int
    color: str
    label: str  # the status in words


class HeatmapSpec(Frozen):
    """Rows are groups, columns needs; a cell is None where the group has no such need."""

    title: str
    lang: Literal["fi", "en"]
    data_date: date
    data_date_text: str
    groups: tuple[Axis, ...]
    needs: tuple[Axis, ...]
    cells: tuple[tuple[HeatCell | None, ...], ...]
    legend: Legend

    def cell(self, group: str, need: str) -> HeatCell | None:
        gi = [g.id for g in self.groups].index(group)
        ni = [n.id for n in self.needs].index(need)
        return self.cells[gi][ni]


def build_heatmap(
    ds: Dataset,
    cells: Mapping[tuple[str, str], CoverageCell],
    *,
    lang: Literal["fi", "en"] = "fi",
    day: date | None = None,
) -> HeatmapSpec:
    """The heatmap of the (group, need) pairs in `cells` (the coverage analysis' rows).

    Groups: age groups by age, then special groups by name; needs by name; only the
    groups and needs that appear in some cell.
    """
    day = day or date.today()
    group_ids = {g for g, _ in cells}
    need_ids = {n for _, n in cells}
    groups = sorted((g for g in ds.target_groups if g.id in group_ids), key=lambda g: g.order(lang))
    needs = sorted(
        (n for n in ds.needs if n.id in need_ids), key=lambda n: (fold(pick(n.name, lang)), n.id)
    )
    rows = tuple(tuple(_cell(cells.get((g.id, n.id)), lang) for n in needs) for g in groups)
    statuses = {c.status for c in cells.values()}
    return HeatmapSpec(
        title=t("heatmap_title", lang),
        lang=lang,
        data_date=day,
        data_date_text=t("data_date", lang, date=date_text(day, lang)),
        groups=tuple(Axis(id=g.id, name=pick(g.name, lang)) for g in groups),
        needs=tuple(Axis(id=n.id, name=pick(n.name, lang)) for n in needs),
        cells=rows,
        legend=style.legend(lang, sectors=(), kinds=(), statuses=statuses, edges=()),
    )


def _cell(cell: CoverageCell | None, lang: str) -> HeatCell | None:
    if cell is None:
        return None
    return HeatCell(
        status=cell.status,
        providers=cell.providers,
        color=style.STATUS_COLORS[cell.status],
        label=Words(lang).status(cell.status, capital=True),
    )


# --- HTML ----------------------------------------------------------------------------


def heatmap_table(spec: HeatmapSpec) -> Markup:
    """The heatmap as an HTML <table> (every name escaped), for a web page."""
    head = "".join(
        f'<th scope="col" data-need="{escape(n.id)}"><span>{escape(n.name)}</span></th>'
        for n in spec.needs
    )
    body = []
    for group, row in zip(spec.groups, spec.cells, strict=True):
        tds = []
        for need, cell in zip(spec.needs, row, strict=True):
            if cell is None:
                none = escape(t("not_demanded", spec.lang))
                tds.append(f'<td class="gv-cell gv-none" title="{none}">–</td>')
                continue
            title = f"{group.name} × {need.name}: {cell.label} ({cell.providers})"
            tds.append(
                f'<td class="gv-cell gv-status-{cell.status.value.replace("_", "-")}" '
                f'data-status="{cell.status.value}" data-group="{escape(group.id)}" '
                f'data-need="{escape(need.id)}" style="background:{cell.color}" '
                f'title="{escape(title)}">{cell.providers}'
                f'<span class="gv-visually-hidden"> {escape(cell.label)}</span></td>'
            )
        body.append(
            f'<tr><th scope="row" data-group="{escape(group.id)}">{escape(group.name)}'
            f"</th>{''.join(tds)}</tr>"
        )
    caption = f"{spec.title} · {spec.data_date_text}"
    html = (
        f'<table class="gv-heatmap"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(word("col.group", spec.lang))}</th>{head}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table>"
    )
    return Markup(html.replace("://", ":&#47;&#47;"))


HEATMAP_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 1rem; color: #1a1a1a; }
.gv-heatmap { border-collapse: collapse; font-size: .85rem; }
.gv-heatmap caption { text-align: left; font-weight: bold; font-size: 1.2rem;
  margin-bottom: .5rem; }
.gv-heatmap th, .gv-heatmap td { border: 1px solid #ccc; padding: .25rem .4rem; }
.gv-heatmap thead th { vertical-align: bottom; height: 11rem; white-space: nowrap; }
.gv-heatmap thead th span { display: inline-block; writing-mode: vertical-rl;
  transform: rotate(180deg); }
.gv-heatmap tbody th { text-align: left; white-space: nowrap; }
.gv-cell { text-align: center; min-width: 1.8rem; }
.gv-none { color: #999; background: #fafafa; }
.gv-status-uncovered { font-weight: bold; outline: 3px solid #000; outline-offset: -3px; }
.gv-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.gv-legend { list-style: none; padding: 0; display: flex; gap: 1rem; }
.gv-legend span { display: inline-block; width: 1rem; height: 1rem; vertical-align: middle;
  border: 1px solid #333; margin-right: .3rem; }
"""


def heatmap_page(spec: HeatmapSpec) -> str:
    """A standalone HTML page holding the heatmap table and its legend (no scripts)."""
    items = "".join(
        f'<li><span style="background:{escape(i.color)}"></span>{escape(i.label)}</li>'
        for s in spec.legend.sections
        for i in s.items
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{spec.lang}"><head><meta charset="utf-8">'
        f"<title>{escape(spec.title)}</title><style>{HEATMAP_CSS}</style></head><body>"
        f'{heatmap_table(spec)}<ul class="gv-legend">{items}</ul></body></html>\n'
    )
    return page.replace("://", ":&#47;&#47;")


# --- images --------------------------------------------------------------------------


def render_heatmap(
    spec: HeatmapSpec, fmt: ImageFormat = "png", *, width: int = 1920, height: int = 1080
) -> bytes:
    """The heatmap as PNG or SVG bytes: coloured cells with provider counts, a legend."""
    import matplotlib
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    if fmt not in ("png", "svg"):
        raise ValueError(f"image format must be png or svg, not {fmt!r}")
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor="white")
        fig.text(0.015, 0.965, spec.title, fontsize=26, fontweight="bold", va="top")
        fig.text(0.015, 0.91, spec.data_date_text, fontsize=14, va="top", color="#4d4d4d")
        ax = fig.add_axes((0.17, 0.05, 0.68, 0.55))
        rows, cols = len(spec.groups), len(spec.needs)
        ax.set_xlim(0, max(cols, 1))
        ax.set_ylim(max(rows, 1), 0)
        font = max(6.0, min(12.0, 700 / max(cols, 1)))
        for r, row in enumerate(spec.cells):
            for c, cell in enumerate(row):
                color = cell.color if cell else "#FAFAFA"
                uncovered = cell is not None and cell.status is Status.UNCOVERED
                ax.add_patch(
                    Rectangle(
                        (c, r),
                        1,
                        1,
                        facecolor=color,
                        edgecolor="#000000" if uncovered else "#CCCCCC",
                        linewidth=2.2 if uncovered else 0.6,
                        # above its neighbours, or they would paint over its frame
                        zorder=2 if uncovered else 1,
                    )
                )
                text = str(cell.providers) if cell else "–"
                dark = cell is not None and sum(to_rgb(color)) < 1.2
                ax.text(
                    c + 0.5,
                    r + 0.5,
                    text,
                    ha="center",
                    va="center",
                    fontsize=font,
                    fontweight="bold" if uncovered else "normal",
                    color="white" if dark else "#1a1a1a",
                    zorder=3,
                )
        ax.set_xticks(
            [c + 0.5 for c in range(cols)],
            [n.name for n in spec.needs],
            rotation=60,
            ha="left",
            fontsize=font,
        )
        ax.xaxis.tick_top()
        ax.set_yticks([r + 0.5 for r in range(rows)], [g.name for g in spec.groups], fontsize=12)
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        draw_legend(fig.add_axes((0.87, 0.05, 0.12, 0.5)), spec.legend, fontsize=12)
        return save(fig, fmt)
