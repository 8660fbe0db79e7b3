"""What a kind of view decided to draw, before it is encoded: nodes, ties and places.

Each kind of view (`visual.servicemap`, `visual.partners`, and the focused selections of
`visual.select`) makes a `Drawing`; `visual.network` turns it into a `VisSpec`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphsvc.model import RelKind
from visual.spec import Anchor, Heading, VisNode

Point = tuple[float, float]
Edge = tuple[RelKind, str, str, str | None]  # kind, source view id, target view id, detail


@dataclass(frozen=True)
class EdgeLook:
    """How one tie is drawn when its view decides it (not its kind's style)."""

    color: str
    width: float
    opacity: float = 1.0
    dashes: tuple[float, ...] = ()


@dataclass
class Drawing:
    """Nodes (view ids of data nodes), ties and their places.

    positions : every node's place in canvas units; None lets `visual.layout` place them
    anchors, priorities : where each label sits and how much it matters (default: below
        the node, by the node's size)
    looks : ties drawn their own way (a service map's folded lines)
    extra : more tooltip sections for a node, e.g. which needs a provider meets
    synthetic : nodes that stand for no data node (clusters), already encoded
    fixed : the positions are final (no physics), the same input giving the same picture
    """

    order: list[str]
    edges: list[Edge]
    positions: dict[str, Point] | None = None
    anchors: dict[str, Anchor] = field(default_factory=dict)
    priorities: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, float] = field(default_factory=dict)
    size_range: tuple[float, float] | None = None  # a provider's radius by its measure
    headings: list[Heading] = field(default_factory=list)
    looks: dict[Edge, EdgeLook] = field(default_factory=dict)
    extra: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)
    synthetic: list[VisNode] = field(default_factory=list)
    fixed: bool = False
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)
    critical: frozenset[str] = frozenset()
    brokers: frozenset[str] = frozenset()
    #: the legend's rows of this view's ties, when it draws them its own way:
    #: (key, words key, look)
    tie_rows: list[tuple[str, str, EdgeLook]] = field(default_factory=list)
