"""Dataset (and analysis results) -> VisSpec: which nodes and edges a view shows, and how.

Pure: no I/O, no store. The analysis results a view draws — coverage status of each
(group, need), betweenness of providers, what a scenario removes and newly uncovers —
come in as plain data (`ViewInputs`); the outer layer (`visual.embed`, the CLI, the API)
computes them with `graphsvc.analysis`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from graphsvc.analysis.results import Status
from graphsvc.model import Dataset, Label, Node, RelKind, pick
from graphsvc.words import Words
from visual import style
from visual.drawing import Drawing
from visual.index import Index
from visual.layout import SEED, layout
from visual.partners import partners_view
from visual.select import Edge, check_ids, filtered, select, universe
from visual.servicemap import service_map
from visual.spec import (
    CoverageCell,
    ViewParams,
    VisEdge,
    VisNode,
    VisOptions,
    VisSpec,
)
from visual.style import Legend, NodeKind
from visual.text import date_text, t
from visual.tooltips import tooltip

#: Above this many nodes vis-network's physics is off and the Python layout is final
#: (measured with `python bench/views.py --physics-sweep`).
PHYSICS_MAX_NODES = 500
STABILIZATION_ITERATIONS = 100
#: edges are hidden while the view is dragged or zoomed above this many edges (or when
#: the view is too big for physics): redrawing thousands of dashed lines is what stutters
HIDE_EDGES_ON_DRAG = 2000

KIND_ORDER = {k: i for i, k in enumerate(NodeKind)}
EDGE_ORDER = {k: i for i, k in enumerate(RelKind)}


@dataclass(frozen=True)
class Marks:
    """Providers a partnership network marks: critical ones (a heavy ring) and brokers."""

    critical: frozenset[str] = frozenset()
    brokers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ViewInputs:
    """Analysis results a view draws; every part optional.

    coverage : (group id, need id) -> CoverageCell (status and provider count)
    betweenness : provider id -> betweenness centrality (for ``size_by="betweenness"``)
    removed_providers : providers a scenario removes (drawn greyed, not left out)
    newly_uncovered : (group, need) pairs the scenario leaves without a provider
    scenario_label : a line naming the scenario, e.g. "without NGO"
    marks : the critical providers and brokers a partnership network marks
    """

    coverage: Mapping[tuple[str, str], CoverageCell] = field(default_factory=dict)
    betweenness: Mapping[str, float] | None = None
    removed_providers: frozenset[str] = frozenset()
    newly_uncovered: frozenset[tuple[str, str]] = frozenset()
    scenario_label: str | None = None
    marks: Marks = field(default_factory=Marks)


def build_view(
    ds: Dataset,
    params: ViewParams | None = None,
    inputs: ViewInputs | None = None,
    *,
    physics: bool | None = None,
    today: date | None = None,
) -> VisSpec:
    """The view of `ds` that `params` asks for, encoded for drawing.

    Parameters
    ----------
    ds : Dataset
        The graph (a store snapshot); `params.as_of`, `sectors` and `area` filter it.
    params : ViewParams
        What to show: the whole graph, a group, a need, a group's need, or a provider's
        neighbourhood to `radius`; filters; language; size measure.
    inputs : ViewInputs
        Coverage, betweenness and scenario results to draw.
    physics : bool, optional
        Force vis-network's physics on or off (default: on up to PHYSICS_MAX_NODES).
    today : date, optional
        The day to show when `params.as_of` is not given (default: today); what is not
        active on that day is left out, as the analyses leave it out.

    Raises
    ------
    UnknownId
        When `params` names a group, need, provider or area that is not in `ds`.
    ValueError
        When `params` combines a provider with a group or need.
    """
    params = (params or ViewParams()).check()
    inputs = inputs or ViewInputs()
    check_ids(ds, params)
    day = params.as_of or today or date.today()
    idx = Index(filtered(ds, params, day), params.lang)
    kind = params.kind()
    if kind == "map":
        drawing = service_map(idx, params, inputs.coverage)
    elif kind == "partners":
        only = None
        if params.group is not None:
            only = {
                idx.vid[v][1].id
                for v in service_map(idx, params, inputs.coverage).order
                if idx.vid[v][0] is NodeKind.PROVIDER
            }
        drawing = partners_view(
            idx, params, critical=inputs.marks.critical, brokers=inputs.marks.brokers, only=only
        )
    else:
        nodes, kinds = select(idx, params)
        edges = [
            e
            for e in universe(idx)
            if e[1] in nodes and e[2] in nodes and (kinds is None or e[0] in kinds)
        ]
        drawing = Drawing(order=sorted(nodes), edges=edges)
    title, subtitle = _titles(ds, params, inputs, kind)
    if drawing.title:
        title = drawing.title
    return _encode(idx, params, inputs, drawing, physics, day, (title, subtitle), kind)


# --- how to show it ------------------------------------------------------------------


def _encode(
    idx: Index,
    params: ViewParams,
    inputs: ViewInputs,
    drawing: Drawing,
    physics: bool | None,
    day: date,
    titles: tuple[str, str],
    kind: str,
) -> VisSpec:
    lang = params.lang
    edges = sorted(set(drawing.edges), key=lambda e: (EDGE_ORDER[e[0]], e[1], e[2], e[3] or ""))
    synthetic = {n.id: n for n in drawing.synthetic}
    order = sorted(
        drawing.order,
        key=lambda v: (
            (KIND_ORDER[NodeKind.CLUSTER], v)
            if v in synthetic
            else (KIND_ORDER[idx.vid[v][0]], idx.vid[v][1].id)
        ),
    )
    large = len(order) > PHYSICS_MAX_NODES
    data_order = [v for v in order if v not in synthetic]
    measures, note = _measures(idx, params, inputs, data_order, edges)
    top = max(measures.values(), default=0.0)
    positions = drawing.positions
    if positions is None:
        positions = layout(order, [(e[1], e[2]) for e in edges], seed=SEED)
    nodes = [
        synthetic[v].model_copy(
            update={
                "x": positions[v][0],
                "y": positions[v][1],
                **({"anchor": drawing.anchors[v]} if v in drawing.anchors else {}),
            }
        )
        if v in synthetic
        else _node(idx, params, inputs, drawing, v, measures.get(v), top, positions[v])
        for v in order
    ]
    vis_edges = _edges(idx, inputs, drawing, edges, plain=large)
    use_physics = not large and not drawing.fixed if physics is None else physics
    title, subtitle = titles
    notes = [*drawing.notes, *(n for n in (note, t("plain_edges", lang) if large else None) if n)]
    return VisSpec(
        title=title,
        subtitle=subtitle,
        lang=lang,
        data_date=day,
        data_date_text=t("data_date", lang, date=date_text(day, lang)),
        params=params,
        nodes=tuple(nodes),
        edges=tuple(vis_edges),
        legend=_legend(nodes, vis_edges, lang, plain=large, drawing=drawing, kind=kind),
        options=VisOptions(
            physics=use_physics,
            seed=SEED,
            stabilization_iterations=STABILIZATION_ITERATIONS,
            smooth_edges=use_physics,
            hide_edges_on_drag=large or len(vis_edges) > HIDE_EDGES_ON_DRAG,
        ),
        notes=tuple(notes),
        view=kind,
        headings=tuple(drawing.headings),
    )


def _legend(
    nodes: list[VisNode],
    edges: list[VisEdge],
    lang: str,
    *,
    plain: bool,
    drawing: Drawing,
    kind: str,
) -> Legend:
    """The legend of exactly what the view shows."""
    marks = (
        ("removed", any(n.removed for n in nodes)),
        ("newly_uncovered", any(n.newly_uncovered for n in nodes)),
    )
    return style.legend(
        lang,
        # a removed provider is drawn hollow, not in its sector's colour
        sectors={n.sector for n in nodes if n.sector is not None and not n.removed},
        # a service map and a partnership network say what their nodes are in words
        kinds={n.kind for n in nodes} if kind not in ("map", "partners") else set(),
        statuses={n.status for n in nodes if n.status is not None},
        edges={e.kind for e in edges},
        scenario=[k for k, on in marks if on],
        plain_edges=plain,
        marks=drawing.marks,
        edge_labels={RelKind.MEETS: t("meets_line", lang)} if kind == "map" else None,
        edge_looks={
            RelKind.MEETS: style.EdgeStyle(color="#8C8C8C", width=3.0),
            RelKind.PARTNERS_WITH: style.EdgeStyle(color="#8C8C8C", width=1.5),
        }
        if kind in ("map", "partners")
        else None,
        status_shape="square" if kind == "map" else None,
        ties=[
            (
                key,
                t(words, lang),
                style.EdgeStyle(color=look.color, width=look.width, dashes=look.dashes),
            )
            for key, words, look in drawing.tie_rows
        ],
    )


def _measures(
    idx: Index, params: ViewParams, inputs: ViewInputs, order: list[str], edges: list[Edge]
) -> tuple[dict[str, float], str | None]:
    """The measure that sizes each provider in the view: betweenness or degree."""
    providers = [v for v in order if idx.vid[v][0] is NodeKind.PROVIDER]
    if params.size_by == "betweenness" and inputs.betweenness is not None:
        scores = inputs.betweenness
        return {v: float(scores.get(idx.vid[v][1].id, 0.0)) for v in providers}, None
    degree: dict[str, float] = dict.fromkeys(providers, 0.0)
    for _, a, b, _ in edges:
        for v in (a, b):
            if v in degree:
                degree[v] += 1
    note = t("no_betweenness", params.lang) if params.size_by == "betweenness" else None
    return degree, note


def _node(
    idx: Index,
    params: ViewParams,
    inputs: ViewInputs,
    drawing: Drawing,
    vid: str,
    measure: float | None,
    top: float,
    pos: tuple[float, float],
) -> VisNode:
    kind, node = idx.vid[vid]
    name = idx.name(node)
    sector = idx.sector_of(kind, node)
    removed = idx.provider_of(kind, node) in inputs.removed_providers
    status, new_gap = _status(idx, params, inputs, kind, node)
    color = (
        style.SECTOR_COLORS[sector]
        if sector is not None
        else style.KIND_COLORS.get(kind, style.UNKNOWN_STATUS_COLOR)
    )
    border, border_width, size = style.BORDER_COLOR, 1.0, style.KIND_SIZES[kind]
    label = name  # whole: the view wraps long names, never cuts them
    if kind is NodeKind.NEED:
        color = style.STATUS_COLORS[status] if status else style.UNKNOWN_STATUS_COLOR
        if status is Status.UNCOVERED:
            border, border_width = style.UNCOVERED_BORDER, style.UNCOVERED_BORDER_WIDTH
            size, label = style.UNCOVERED_SIZE, style.UNCOVERED_MARK + label
    if kind is NodeKind.PROVIDER and measure is not None:
        lo, hi = drawing.size_range or style.PROVIDER_SIZE
        size = lo + (hi - lo) * math.sqrt(measure / top) if top > 0 else lo
    if vid in drawing.sizes:
        size = drawing.sizes[vid]
    critical = kind is NodeKind.PROVIDER and node.id in drawing.critical
    broker = kind is NodeKind.PROVIDER and node.id in drawing.brokers
    if critical:
        border, border_width = style.CRITICAL_BORDER, style.CRITICAL_BORDER_WIDTH
    if broker:
        label = style.BROKER_MARK + label
    if removed:
        color, border, border_width = style.REMOVED_FILL, style.REMOVED_BORDER, 2.0
    tip = tooltip(
        idx,
        kind,
        node,
        status=status,
        removed=removed,
        new_gap=new_gap,
        coverage=inputs.coverage,
        newly_uncovered=inputs.newly_uncovered,
        measure=measure,
        size_by=params.size_by if inputs.betweenness is not None else "degree",
    )
    extra = drawing.extra.get(vid)
    if extra:
        tip = tip.model_copy(update={"sections": (*tuple(extra), *tip.sections)})
    return VisNode(
        id=vid,
        kind=kind,
        ref=node.id,
        name=name,
        label=label,
        shape=style.vis_shape(kind),
        color=color,
        border=border,
        border_width=border_width,
        border_dashes=removed or new_gap,
        font_color=style.REMOVED_LABEL if removed else style.LABEL_COLOR,
        size=round(size, 2),
        x=pos[0],
        y=pos[1],
        sector=sector,
        status=status,
        removed=removed,
        newly_uncovered=new_gap,
        measure=measure if kind is NodeKind.PROVIDER else None,
        search=node.search_text(),
        tooltip=tip,
        anchor=drawing.anchors.get(vid, "below"),
        priority=drawing.priorities.get(vid, _priority(kind, size)),
        critical=critical,
        broker=broker,
    )


def _priority(kind: NodeKind, size: float) -> float:
    """How much a label matters in a view that did not say: groups and needs first,
    then the biggest nodes."""
    return {NodeKind.GROUP: 2000.0, NodeKind.NEED: 1000.0}.get(kind, 0.0) + size


def _status(
    idx: Index, params: ViewParams, inputs: ViewInputs, kind: NodeKind, node: Node
) -> tuple[Status | None, bool]:
    """A need's coverage status in this view (the worst over the groups that have the
    need, or the focused group's), and whether the scenario newly uncovers it."""
    if kind is not NodeKind.NEED:
        return None, False
    groups = [params.group] if params.group else [g for g, _ in idx.demand.get(node.id, [])]
    cells = [inputs.coverage[(g, node.id)] for g in groups if (g, node.id) in inputs.coverage]
    status = min((c.status for c in cells), key=style.STATUS_ORDER.index, default=None)
    new_gap = any((g, node.id) in inputs.newly_uncovered for g in groups)
    return status, new_gap


def _edges(
    idx: Index, inputs: ViewInputs, drawing: Drawing, edges: Iterable[Edge], *, plain: bool
) -> list[VisEdge]:
    """The edges' looks; `plain` (large views): solid lines without arrowheads, because
    thousands of dashed lines are what makes a large view slow to redraw."""
    out: list[VisEdge] = []
    seen: dict[str, int] = {}
    for kind, a, b, detail in edges:
        key = f"{kind.value}:{a}>{b}" + (f":{detail}" if detail else "")
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"#{seen[key]}"
        removed = any(
            v in idx.vid and idx.provider_of(*idx.vid[v]) in inputs.removed_providers
            for v in (a, b)
        )
        look = style.EDGE_STYLES[kind]
        own = drawing.looks.get((kind, a, b, detail))
        if own is not None:
            out.append(
                VisEdge(
                    id=key,
                    source=a,
                    target=b,
                    kind=kind,
                    detail=detail,
                    color=style.REMOVED_EDGE if removed else own.color,
                    width=own.width,
                    dashes=(3, 3) if removed else own.dashes,
                    removed=removed,
                    opacity=own.opacity,
                )
            )
            continue
        out.append(
            VisEdge(
                id=key,
                source=a,
                target=b,
                kind=kind,
                detail=detail,
                color=style.REMOVED_EDGE if removed else look.color,
                width=look.width,
                dashes=() if plain else (3, 3) if removed and not look.dashes else look.dashes,
                arrow=look.arrow and not plain,
                removed=removed,
            )
        )
    return out


def _titles(ds: Dataset, params: ViewParams, inputs: ViewInputs, kind: str) -> tuple[str, str]:
    """The title and subtitle, naming nodes from the whole dataset (by label: a provider
    and an area may share an id) so that a filter leaving them out keeps their names."""
    lang = params.lang

    def name(label: Label, ref: str) -> str:
        return next((pick(n.name, lang) for n in ds.nodes(label) if n.id == ref), ref)

    if kind == "partners":
        title = (
            t("group_partners", lang, group=name(Label.TARGET_GROUP, params.group))
            if params.group is not None
            else t("partners_title", lang)
        )
    elif params.provider is not None:
        provider = name(Label.PROVIDER, params.provider)
        title = t("provider", lang, provider=provider, radius=params.radius)
    elif params.group is not None and params.need is not None:
        group, need = name(Label.TARGET_GROUP, params.group), name(Label.NEED, params.need)
        title = t("group_need", lang, group=group, need=need)
    elif params.group is not None:
        title = t("group", lang, group=name(Label.TARGET_GROUP, params.group))
    elif params.need is not None:
        title = t("need", lang, need=name(Label.NEED, params.need))
    else:
        title = t("whole", lang)
    parts = []
    if params.sectors:
        parts.append(
            t(
                "sectors",
                lang,
                sectors=", ".join(Words(lang).sector(s) for s in params.sectors),
            )
        )
    if params.area is not None:
        parts.append(t("area", lang, area=name(Label.AREA, params.area)))
    if inputs.scenario_label:
        parts.append(t("scenario", lang, scenario=inputs.scenario_label))
    if params.size_by == "betweenness" and inputs.betweenness is not None and kind != "map":
        parts.append(t("size_by", lang, measure=Words(lang).measure("betweenness")))
    return title, " · ".join(parts)
