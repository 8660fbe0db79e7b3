"""The view spec: what a network view shows, as plain typed data.

`visual.network.build_view` makes a `VisSpec` from a Dataset and the analysis results;
`visual.html`, `visual.static` and the API turn it into HTML, images or JSON. Nothing
here knows about HTML: names are kept as the data has them and escaped by the writers.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from graphsvc.analysis.results import Status
from graphsvc.model import RelKind, Sector
from visual.style import Legend, NodeKind

SizeBy = Literal["degree", "betweenness"]
#: which view: "auto" chooses from the focus (a group: its service map; a provider: its
#: neighbourhood; a need: who meets it; nothing: the partnership network); "all" is every
#: node of every kind (the old picture, for those who want it)
ViewKind = Literal["auto", "map", "partners", "all"]
#: what a large partnership network is clustered by
ClusterBy = Literal["sector", "area", "community"]
#: where a node's label sits: under it, beside it (right or left), or on it as a pill
Anchor = Literal["below", "right", "left", "inside"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ViewParams(Frozen):
    """Which part of the graph a view shows, and how (the query of a view URL).

    `group` and `need` may be combined (that need of that group); `provider` (with
    `radius`) stands alone. No focus at all is the whole graph.
    """

    group: str | None = None
    need: str | None = None
    provider: str | None = None
    radius: int = Field(default=1, ge=1, le=10)
    area: str | None = None
    sectors: tuple[Sector, ...] = ()
    as_of: date | None = None
    lang: Literal["fi", "en"] = "fi"
    size_by: SizeBy = "degree"
    view: ViewKind = "auto"
    cluster_by: ClusterBy = "sector"
    open: tuple[str, ...] = Field(default=(), max_length=50)
    #: where the picture was zoomed (canvas units and scale): a saved view reopens there
    zoom: float | None = Field(default=None, gt=0, le=100, allow_inf_nan=False)
    x: float | None = Field(default=None, ge=-1e7, le=1e7, allow_inf_nan=False)
    y: float | None = Field(default=None, ge=-1e7, le=1e7, allow_inf_nan=False)

    @field_validator("sectors")
    @classmethod
    def _sectors(cls, value: tuple[Sector, ...]) -> tuple[Sector, ...]:
        return tuple(sorted(set(value)))  # the same view whatever the order given

    @field_validator("open")
    @classmethod
    def _open(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted(set(value)))

    def check(self) -> ViewParams:
        """Raise ValueError for a combination that names no single view."""
        if self.provider is not None and (self.group is not None or self.need is not None):
            raise ValueError(
                "a provider's neighbourhood cannot be combined with a group or "
                "a need: give either --provider or --group/--need"
            )
        if (self.zoom is None) != (self.x is None) or (self.zoom is None) != (self.y is None):
            raise ValueError("zoom, x and y come together")
        if self.view == "map" and self.group is None:
            raise ValueError("a service map is of one target group: give --group")
        return self

    def kind(self) -> str:
        """The view this names: map, partners, ego, focus (a group's or a need's nodes
        of every kind) or all."""
        if self.provider is not None:
            return "ego"
        if self.view == "partners":
            return "partners"
        if self.view == "all":
            return "focus" if self.group is not None or self.need is not None else "all"
        if self.group is not None:
            return "map"
        return "focus" if self.need is not None else "partners"


class Tooltip(Frozen):
    """The whole text of a node's tooltip: a heading, facts and lists (all plain text)."""

    title: str
    lines: tuple[tuple[str, str], ...] = ()
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def texts(self) -> list[str]:
        out = [self.title]
        for key, value in self.lines:
            out += [key, value]
        for heading, items in self.sections:
            out += [heading, *items]
        return out


class VisNode(Frozen):
    """One node as drawn: identity, look and text. `id` is unique across kinds."""

    id: str
    kind: NodeKind
    ref: str  # the id in the data
    name: str  # the whole name in the view's language
    label: str  # the name as the canvas shows it (shortened, maybe marked)
    shape: str
    color: str
    border: str
    border_width: float = 1.0
    border_dashes: bool = False
    font_color: str
    size: float
    x: float
    y: float
    sector: Sector | None = None
    status: Status | None = None
    removed: bool = False
    newly_uncovered: bool = False
    measure: float | None = None  # the degree or betweenness that sized a provider
    anchor: Anchor = "below"
    priority: float = 0.0  # labels are drawn most important first, while they fit
    members: int | None = None  # a cluster's number of providers
    critical: bool = False
    broker: bool = False
    search: str  # the folded names and id that the search box matches
    tooltip: Tooltip


class VisEdge(Frozen):
    """One relationship as drawn."""

    id: str
    source: str  # VisNode ids
    target: str
    kind: RelKind
    detail: str | None = None  # e.g. the kind of a partnership
    color: str
    width: float
    dashes: tuple[float, ...] = ()
    arrow: bool = False
    removed: bool = False
    opacity: float = 1.0


class Heading(Frozen):
    """A text on the canvas that names a part of the drawing (a sector's block of a
    service map, its column of needs), anchored at (x, y) in canvas units."""

    text: str
    x: float
    y: float
    color: str
    anchor: Literal["left", "right", "center"] = "center"
    cluster: str | None = None  # the open cluster it names: a click closes it


class VisOptions(Frozen):
    """How the view behaves: physics below the size threshold, fixed layout above."""

    physics: bool
    seed: int
    stabilization_iterations: int
    smooth_edges: bool
    hide_edges_on_drag: bool


class VisSpec(Frozen):
    """A whole network view: title, nodes, edges, legend and behaviour."""

    title: str
    subtitle: str
    lang: Literal["fi", "en"]
    data_date: date
    data_date_text: str
    params: ViewParams
    nodes: tuple[VisNode, ...]
    edges: tuple[VisEdge, ...]
    legend: Legend
    options: VisOptions
    notes: tuple[str, ...] = ()
    view: str = "all"  # the kind of view drawn: map, partners, ego, need or all
    headings: tuple[Heading, ...] = ()

    def node(self, node_id: str) -> VisNode:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def counts(self) -> dict[str, int]:
        """Nodes by kind and edges by relationship kind, plus the totals."""
        out: dict[str, int] = {"nodes": len(self.nodes), "edges": len(self.edges)}
        for n in self.nodes:
            out[n.kind.value] = out.get(n.kind.value, 0) + 1
        for e in self.edges:
            out[e.kind.value] = out.get(e.kind.value, 0) + 1
        return out


def node_id(kind: NodeKind, ref: str) -> str:
    """The view id of a data node: kind initial, colon, data id (ids repeat across labels)."""
    return f"{_PREFIX[kind]}:{ref}"


_PREFIX = {
    NodeKind.PROVIDER: "p",
    NodeKind.SERVICE: "s",
    NodeKind.NEED: "n",
    NodeKind.GROUP: "g",
    NodeKind.AREA: "a",
    NodeKind.NETWORK: "w",
    NodeKind.CLUSTER: "c",
}


class CoverageCell(Frozen):
    """The coverage of one (group, need), as the analysis found it."""

    status: Status
    providers: int = Field(ge=0)
