"""Palette, shapes, edge styles and legend: pure data, the same in every output.

The sector colours are the Okabe–Ito palette (colour-blind safe), with neutral grey for
the ninth sector. Network views (vis-network), PNG/SVG images (matplotlib), the heatmap
and the web pages all read them from here; `palette()` gives them as JSON-ready data and
`css_variables()` as CSS custom properties for the web pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from graphsvc.analysis.results import Status
from graphsvc.model import Label, RelKind, Sector
from graphsvc.words import Words

Lang = Literal["fi", "en"]


class NodeKind(StrEnum):
    """What a node of a view stands for (one per model label)."""

    PROVIDER = "provider"
    SERVICE = "service"
    NEED = "need"
    GROUP = "group"
    AREA = "area"
    NETWORK = "network"
    CLUSTER = "cluster"  # many providers drawn as one (a large partnership network)


KIND_OF_LABEL: dict[Label, NodeKind] = {
    Label.PROVIDER: NodeKind.PROVIDER,
    Label.SERVICE: NodeKind.SERVICE,
    Label.NEED: NodeKind.NEED,
    Label.TARGET_GROUP: NodeKind.GROUP,
    Label.AREA: NodeKind.AREA,
    Label.NETWORK: NodeKind.NETWORK,
}


#: worst first: the status a need shows when several groups have it
STATUS_ORDER: tuple[Status, ...] = tuple(Status)

# --- colours -------------------------------------------------------------------------

#: Okabe & Ito (2008), "Color Universal Design"; grey for informal groups.
SECTOR_COLORS: dict[Sector, str] = {
    Sector.CITY: "#0072B2",  # blue
    Sector.WELLBEING_COUNTY: "#56B4E9",  # sky blue
    Sector.STATE: "#000000",  # black
    Sector.NGO: "#E69F00",  # orange
    Sector.COMPANY: "#CC79A7",  # reddish purple
    Sector.EDUCATION: "#F0E442",  # yellow
    Sector.PARISH: "#009E73",  # bluish green
    Sector.PROJECT: "#D55E00",  # vermillion
    Sector.INFORMAL: "#999999",  # grey
}

STATUS_COLORS: dict[Status, str] = {
    Status.UNCOVERED: "#D55E00",
    Status.FRAGILE: "#E69F00",
    Status.SINGLE_SECTOR: "#F0E442",
    Status.COVERED: "#009E73",
}
#: a need whose status is not known (no analysis given, or not demanded in the view)
UNKNOWN_STATUS_COLOR = "#FFFFFF"
#: uncovered needs: a heavy black border, a bigger node and a marker before the label,
#: so that they stand out without relying on colour
UNCOVERED_BORDER = "#000000"
UNCOVERED_BORDER_WIDTH = 4.0
UNCOVERED_MARK = "⚠ "

KIND_COLORS: dict[NodeKind, str] = {
    NodeKind.GROUP: "#4D4D4D",
    NodeKind.AREA: "#FFFFFF",
    NodeKind.NETWORK: "#CCCCCC",
    NodeKind.CLUSTER: "#CCCCCC",
}
BORDER_COLOR = "#333333"
LABEL_COLOR = "#1A1A1A"

#: providers a scenario removes (and their services): hollow, dashed, grey
REMOVED_FILL = "#FFFFFF"
REMOVED_BORDER = "#AAAAAA"
REMOVED_LABEL = "#8C8C8C"
REMOVED_EDGE = "#D0D0D0"

#: what the rest of the view fades to while a node's neighbourhood is highlighted
DIM_FILL = "#EEEEEE"
DIM_LABEL = "#C8C8C8"

# --- shapes and sizes ----------------------------------------------------------------

#: vis-network shape and matplotlib marker of each kind
SHAPES: dict[NodeKind, tuple[str, str]] = {
    NodeKind.PROVIDER: ("dot", "o"),
    NodeKind.SERVICE: ("square", "s"),
    NodeKind.NEED: ("diamond", "D"),
    NodeKind.GROUP: ("hexagon", "h"),
    NodeKind.AREA: ("triangle", "^"),
    NodeKind.NETWORK: ("triangleDown", "v"),
    NodeKind.CLUSTER: ("dot", "o"),
}
#: node radius in canvas pixels; providers range from PROVIDER_SIZE by the size measure
KIND_SIZES: dict[NodeKind, float] = {
    NodeKind.PROVIDER: 12.0,
    NodeKind.SERVICE: 8.0,
    NodeKind.NEED: 16.0,
    NodeKind.GROUP: 26.0,
    NodeKind.AREA: 14.0,
    NodeKind.NETWORK: 14.0,
    NodeKind.CLUSTER: 30.0,
}
#: a cluster's radius grows with the square root of its number of providers
CLUSTER_SIZE = (18.0, 70.0)
#: critical providers (the network cannot lose them): a heavy black ring
CRITICAL_BORDER = "#000000"
CRITICAL_BORDER_WIDTH = 4.0
#: the mark before a broker's name (highest betweenness), so it shows without colour
BROKER_MARK = "★ "
PROVIDER_SIZE = (10.0, 38.0)
UNCOVERED_SIZE = 24.0
#: names longer than this are shortened on the canvas (whole in the tooltip)
LABEL_MAX = 28


def heading_color(sector: Sector) -> str:
    """A sector's colour as text: darkened where the colour is too light to read."""
    return {
        Sector.EDUCATION: "#8A7E00",
        Sector.WELLBEING_COUNTY: "#1F78A8",
        Sector.INFORMAL: "#666666",
        Sector.NGO: "#A86F00",
    }.get(sector, SECTOR_COLORS[sector])


def vis_shape(kind: NodeKind) -> str:
    return SHAPES[kind][0]


def mpl_marker(kind: NodeKind) -> str:
    return SHAPES[kind][1]


# --- edges ---------------------------------------------------------------------------


class EdgeStyle(BaseModel):
    """How one relationship kind is drawn: colour, width and dash pattern (on, off…)."""

    model_config = ConfigDict(frozen=True)

    color: str
    width: float
    dashes: tuple[float, ...] = ()
    arrow: bool = False


EDGE_STYLES: dict[RelKind, EdgeStyle] = {
    RelKind.PARTNERS_WITH: EdgeStyle(color="#222222", width=2.5),
    RelKind.OFFERS: EdgeStyle(color="#8C8C8C", width=1.0, arrow=True),
    RelKind.MEETS: EdgeStyle(color="#8C8C8C", width=1.0, dashes=(7, 4), arrow=True),
    RelKind.SERVES: EdgeStyle(color="#8C8C8C", width=1.0, dashes=(2, 4), arrow=True),
    RelKind.HAS_NEED: EdgeStyle(color="#4D4D4D", width=1.5, dashes=(12, 4), arrow=True),
    RelKind.AVAILABLE_IN: EdgeStyle(color="#B3B3B3", width=1.0, dashes=(1, 5)),
    RelKind.PART_OF: EdgeStyle(color="#666666", width=1.5, dashes=(10, 4, 2, 4), arrow=True),
    RelKind.MEMBER_OF: EdgeStyle(color="#A6A6A6", width=1.0, dashes=(4, 4)),
}

# --- words ---

LABEL_OF_KIND: dict[NodeKind, Label] = {kind: label for label, kind in KIND_OF_LABEL.items()}


def kind_word(kind: NodeKind, lang: str) -> str:
    """What a node of this kind is called, as a label: "Toimija", "Kohderyhmä", …"""
    if kind is NodeKind.CLUSTER:
        return Words(lang)("view.cluster")
    return Words(lang).label(LABEL_OF_KIND[kind], capital=True)


# --- legend --------------------------------------------------------------------------


class LegendItem(BaseModel):
    """One row of the legend: a swatch (shape or line) and its text."""

    model_config = ConfigDict(frozen=True)

    key: str
    label: str
    color: str
    shape: str | None = None  # a NodeKind's vis shape, or None for a line
    border: str = BORDER_COLOR
    border_width: float = 1.0
    dashes: tuple[float, ...] = ()
    width: float = 1.0


class LegendSection(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: Literal["sector", "kind", "status", "edge", "mark", "scenario"]
    title: str
    items: tuple[LegendItem, ...]


class Legend(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    sections: tuple[LegendSection, ...]

    def texts(self) -> list[str]:
        """Every text of the legend (titles first), e.g. to check an image has them."""
        out = [self.title]
        for section in self.sections:
            out.append(section.title)
            out.extend(item.label for item in section.items)
        return out


def legend(
    lang: str,
    *,
    sectors: Iterable[Sector] = tuple(Sector),
    kinds: Iterable[NodeKind] = tuple(NodeKind),
    statuses: Iterable[Status] = (),
    edges: Iterable[RelKind] = tuple(RelKind),
    scenario: Iterable[str] = (),
    plain_edges: bool = False,
    marks: Iterable[str] = (),
    edge_labels: dict[RelKind, str] | None = None,
    edge_looks: dict[RelKind, EdgeStyle] | None = None,
    status_shape: str | None = None,
    ties: Iterable[tuple[str, str, EdgeStyle]] = (),
) -> Legend:
    """The legend of a view showing these sectors, kinds, statuses and relationships,
    and the scenario marks ("removed", "newly_uncovered") it uses; `plain_edges` when
    the view draws its relationships as solid lines (large views); `marks`: "critical",
    "broker" when the view marks them; `edge_labels` words a relationship the view's own
    way (a service map's folded lines)."""
    w = Words(lang)
    sector_set, kind_set, status_set, edge_set = set(sectors), set(kinds), set(statuses), set(edges)
    tie_rows = list(ties) if RelKind.PARTNERS_WITH in edge_set else []
    sections = [
        LegendSection(
            key="sector",
            title=w("legend.sector"),
            items=tuple(
                LegendItem(
                    key=s.value,
                    label=w.sector(s, capital=True),
                    color=SECTOR_COLORS[s],
                    shape=vis_shape(NodeKind.PROVIDER),
                )
                for s in Sector
                if s in sector_set
            ),
        ),
        LegendSection(
            key="kind",
            title=w("legend.kind"),
            items=tuple(
                LegendItem(
                    key=k.value,
                    label=kind_word(k, lang),
                    color=KIND_COLORS.get(k, "#FFFFFF"),
                    shape=vis_shape(k),
                )
                for k in NodeKind
                if k in kind_set
            ),
        ),
        LegendSection(
            key="status",
            title=w("legend.status"),
            items=tuple(_status_item(s, w, status_shape) for s in Status if s in status_set),
        ),
        LegendSection(
            key="edge",
            title=w("legend.edge"),
            items=tuple(
                LegendItem(
                    key=r.value,
                    label=(edge_labels or {}).get(r) or w.relation(r, capital=True),
                    color=(edge_looks or EDGE_STYLES).get(r, EDGE_STYLES[r]).color,
                    dashes=()
                    if plain_edges
                    else (edge_looks or EDGE_STYLES).get(r, EDGE_STYLES[r]).dashes,
                    width=(edge_looks or EDGE_STYLES).get(r, EDGE_STYLES[r]).width,
                )
                for r in RelKind
                if r in edge_set and not (r is RelKind.PARTNERS_WITH and tie_rows)
            )
            + tuple(
                LegendItem(
                    key=f"ties-{key}",
                    label=label,
                    color=look.color,
                    dashes=look.dashes,
                    width=look.width,
                )
                for key, label, look in tie_rows
            ),
        ),
    ]
    shown = set(marks)
    sections.append(
        LegendSection(
            key="mark",
            title=w("legend.marks"),
            items=tuple(
                item
                for key, item in (
                    (
                        "critical",
                        LegendItem(
                            key="critical",
                            label=w("legend.critical"),
                            color="#FFFFFF",
                            shape=vis_shape(NodeKind.PROVIDER),
                            border=CRITICAL_BORDER,
                            border_width=CRITICAL_BORDER_WIDTH,
                        ),
                    ),
                    (
                        "broker",
                        LegendItem(
                            key="broker",
                            label=BROKER_MARK + w("legend.broker"),
                            color="#FFFFFF",
                            shape=vis_shape(NodeKind.PROVIDER),
                        ),
                    ),
                )
                if key in shown
            ),
        )
    )
    scenario_marks = {
        "removed": LegendItem(
            key="removed",
            label=w("legend.removed"),
            color=REMOVED_FILL,
            shape=vis_shape(NodeKind.PROVIDER),
            border=REMOVED_BORDER,
            dashes=(3, 3),
            border_width=2.0,
        ),
        "newly_uncovered": LegendItem(
            key="newly_uncovered",
            label=w("legend.newly_uncovered"),
            color=STATUS_COLORS[Status.UNCOVERED],
            shape=vis_shape(NodeKind.NEED),
            border=UNCOVERED_BORDER,
            border_width=UNCOVERED_BORDER_WIDTH,
            dashes=(4, 2),
        ),
    }
    present = set(scenario)
    sections.append(
        LegendSection(
            key="scenario",
            title=w("legend.scenario"),
            items=tuple(v for k, v in scenario_marks.items() if k in present),
        )
    )
    return Legend(title=w("legend.title"), sections=tuple(s for s in sections if s.items))


def _status_item(status: Status, w: Words, shape: str | None = None) -> LegendItem:
    uncovered = status is Status.UNCOVERED
    return LegendItem(
        key=status.value,
        label=w.status(status, capital=True),
        color=STATUS_COLORS[status],
        shape=shape or vis_shape(NodeKind.NEED),
        border=UNCOVERED_BORDER if uncovered else BORDER_COLOR,
        border_width=UNCOVERED_BORDER_WIDTH if uncovered else 1.0,
    )


# --- for other outputs ---------------------------------------------------------------


def palette() -> dict[str, dict[str, str]]:
    """Every colour by what it means, JSON-ready (for the web pages and the API)."""
    return {
        "sector": {s.value: c for s, c in SECTOR_COLORS.items()},
        "status": {s.value: c for s, c in STATUS_COLORS.items()},
        "kind": {k.value: c for k, c in KIND_COLORS.items()},
        "edge": {r.value: e.color for r, e in EDGE_STYLES.items()},
    }


def css_variables(selector: str = ":root") -> str:
    """The palette as CSS custom properties: --gv-sector-city, --gv-status-uncovered, …"""
    lines = [f"{selector} {{"]
    for group, colors in palette().items():
        for key, color in colors.items():
            lines.append(f"  --gv-{group}-{key.replace('_', '-')}: {color};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis.

    >>> shorten("Keski-Suomen Yhteisöjen Tuki ry, seniorityö", 28)
    'Keski-Suomen Yhteisöjen…'
    >>> shorten("Kerho")
    'Kerho'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + "…"
