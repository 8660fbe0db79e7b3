"""The partnership network: providers only, their partnerships, sectors kept together.

Up to `CLUSTER_ABOVE` providers every provider is drawn, each sector's providers pulled
together (a hidden hub per sector joins the force layout). Above it the network is
drawn as clusters — by sector, by area, or by detected communities (Louvain, fixed
seed) — with the partnerships between two clusters as one line whose width grows with
their number; the clusters named in `ViewParams.open` are drawn open, provider by
provider. Critical providers get a heavy ring and brokers a star, when the analyses
found them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graphsvc.model import RelKind, Sector, collation
from graphsvc.words import Words
from visual import style
from visual.drawing import Drawing, Edge, EdgeLook, Point
from visual.index import Index
from visual.layout import SEED, SPACING
from visual.spec import ClusterBy, Heading, Tooltip, ViewParams, VisNode, node_id
from visual.style import NodeKind, heading_color
from visual.text import capped, t

#: above this many providers the network is drawn as clusters
CLUSTER_ABOVE = 300
#: an open cluster of n providers takes a disc of OPEN_ROOM × SPACING × √n
OPEN_ROOM = 0.55
CLUSTER_COLOR = "#BBBBBB"
#: a provider's radius by its size measure, smaller than in other views: many stand close
PROVIDER_SIZE = (6.0, 22.0)
CLUSTER_BY_WORDS = {
    "sector": "cluster_by_sector",
    "area": "cluster_by_area",
    "community": "cluster_by_community",
}
#: canvas units between two clusters' discs
GAP = 40.0
GOLDEN = math.pi * (3 - math.sqrt(5))  # the golden angle: a sunflower's seeds
#: partnerships drawn by family: contracts and funding, working together, referrals
TIE_FAMILIES: dict[str, tuple[str, EdgeLook]] = {
    "contract": ("ties_contract", EdgeLook(color="#4D4D4D", width=1.6, opacity=0.75)),
    "together": (
        "ties_together",
        EdgeLook(color="#7A7A7A", width=1.3, opacity=0.75, dashes=(6.0, 4.0)),
    ),
    "referral": (
        "ties_referral",
        EdgeLook(color="#7A7A7A", width=1.5, opacity=0.8, dashes=(2.0, 3.0)),
    ),
    "other": ("ties_other", EdgeLook(color="#AAAAAA", width=1.0, opacity=0.7)),
}
FAMILY_OF = {
    "purchase": "contract",
    "framework_agreement": "contract",
    "voucher": "contract",
    "grant": "contract",
    "project": "together",
    "network": "together",
    "co_location": "together",
    "referral": "referral",
}
AGGREGATE_ROW = "ties_between"
AGGREGATE_COLOR = "#777777"


def partners_view(
    idx: Index,
    params: ViewParams,
    *,
    critical: Iterable[str] = (),
    brokers: Iterable[str] = (),
    only: set[str] | None = None,
) -> Drawing:
    """The partnership network of the view's providers (`only` these, when given)."""
    providers = sorted(p for p in idx.providers if only is None or p in only)
    members = set(providers)
    ties = [
        (ps.source, ps.target, ps.kind.value)
        for ps in idx.ds.partnerships
        if ps.source in members and ps.target in members and ps.source != ps.target
    ]
    degree: Counter[str] = Counter()
    for a, b, _ in ties:
        degree[a] += 1
        degree[b] += 1
    critical_set, broker_set = frozenset(critical) & members, frozenset(brokers) & members
    drawing = Drawing(order=[], edges=[], positions={}, fixed=True)
    drawing.critical, drawing.brokers = critical_set, broker_set
    drawing.marks = {k for k, s in (("critical", critical_set), ("broker", broker_set)) if s}
    drawing.size_range = PROVIDER_SIZE
    if providers:
        _clustered(idx, params, drawing, providers, ties, degree)
    drawing.notes.append(t("partners_help", params.lang))
    return drawing


def _priority(drawing: Drawing, provider: str, degree: Counter[str]) -> float:
    marked = provider in drawing.critical or provider in drawing.brokers
    return degree[provider] + (1000.0 if marked else 0.0)


def cluster_keys(
    idx: Index, providers: list[str], ties: list[tuple[str, str, str]], by: ClusterBy, lang: str
) -> tuple[dict[str, str], dict[str, str]]:
    """Each provider's cluster key, and each key's name."""
    if by == "sector":
        keys = {p: idx.providers[p].sector.value for p in providers}
        names = {s.value: Words(lang).sector(s, capital=True) for s in Sector}
        return keys, {k: names[k] for k in set(keys.values())}
    if by == "area":
        return _area_keys(idx, providers, lang)
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(providers)
    graph.add_edges_from((a, b) for a, b, _ in ties)
    found = nx.community.louvain_communities(graph, seed=SEED)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    keys, names = {}, {}
    degree = dict(graph.degree())
    for i, members in enumerate(ordered, start=1):
        key = f"community-{i}"
        top = max(members, key=lambda p: (degree[p], p))
        names[key] = (
            t("community", lang, n=i) + " – " + idx.name_of(NodeKind.PROVIDER, top)
            if len(members) > 1
            else idx.name_of(NodeKind.PROVIDER, top)
        )
        keys.update(dict.fromkeys(members, key))
    return keys, names


def _area_keys(
    idx: Index, providers: list[str], lang: str
) -> tuple[dict[str, str], dict[str, str]]:
    """A provider's area: the top area (below the root) its services reach most often."""
    parents = {a.id: a.parent for a in idx.ds.areas}

    def top(area: str) -> str:
        seen = [area]
        while parents.get(seen[-1]) and parents.get(parents[seen[-1]] or "") is not None:
            nxt = parents[seen[-1]]
            if nxt is None or nxt in seen:
                break
            seen.append(nxt)
        return seen[-1]

    reach: dict[str, Counter[str]] = {}
    for svc in idx.ds.services:
        for area in svc.areas:
            reach.setdefault(svc.provider, Counter())[top(area)] += 1
    keys = {}
    for p in providers:
        counts = reach.get(p)
        keys[p] = min(counts, key=lambda a: (-counts[a], a)) if counts else "-"
    names = {
        k: idx.name_of(NodeKind.AREA, k) if k != "-" else t("no_area", lang)
        for k in set(keys.values())
    }
    return keys, names


def _clustered(
    idx: Index,
    params: ViewParams,
    drawing: Drawing,
    providers: list[str],
    ties: list[tuple[str, str, str]],
    degree: Counter[str],
) -> None:
    lang = params.lang
    keys, names = cluster_keys(idx, providers, ties, params.cluster_by, lang)
    members: dict[str, list[str]] = {}
    for p in providers:
        members.setdefault(keys[p], []).append(p)
    large = len(providers) > CLUSTER_ABOVE
    opened = {k for k in params.open if k in members} if large else set(members)

    def end(p: str) -> str:
        return (
            node_id(NodeKind.PROVIDER, p)
            if keys[p] in opened
            else node_id(NodeKind.CLUSTER, keys[p])
        )

    weights: Counter[tuple[str, str]] = Counter()
    inside: Counter[str] = Counter()
    families: set[str] = set()
    for a, b, kind in ties:
        ea, eb = end(a), end(b)
        if ea == eb:
            inside[keys[a]] += 1
        elif ea.startswith("p:") and eb.startswith("p:"):
            tie: Edge = (RelKind.PARTNERS_WITH, ea, eb, kind)
            drawing.edges.append(tie)
            drawing.looks[tie] = TIE_FAMILIES[FAMILY_OF.get(kind, "other")][1]
            families.add(FAMILY_OF.get(kind, "other"))
        else:
            weights[(ea, eb) if ea < eb else (eb, ea)] += 1
    for (ea, eb), count in sorted(weights.items()):
        edge: Edge = (RelKind.PARTNERS_WITH, ea, eb, f"×{count}")
        drawing.edges.append(edge)
        drawing.looks[edge] = EdgeLook(
            color=AGGREGATE_COLOR, width=min(1.0 + 1.2 * math.log10(count) * 2, 9.0), opacity=0.5
        )
    drawing.tie_rows = [
        (family, words, look)
        for family, (words, look) in TIE_FAMILIES.items()
        if family in families
    ]
    if weights:
        drawing.tie_rows.append(
            ("between", AGGREGATE_ROW, EdgeLook(color=AGGREGATE_COLOR, width=4.0, opacity=0.5))
        )
    centres = _cluster_centres(keys, members, opened, ties)
    provider_names = {p: idx.name_of(NodeKind.PROVIDER, p) for p in providers}
    assert drawing.positions is not None
    biggest = max(len(m) for m in members.values())
    for key in sorted(members, key=lambda k: (-len(members[k]), k)):
        group = members[key]
        if key in opened:
            _open_cluster(drawing, group, key, centres[key], degree, provider_names)
            x, y = centres[key]
            drawing.headings.append(
                Heading(
                    text=names[key],
                    x=x,
                    y=y - _radius(len(group), True) + SPACING * 0.3,
                    color=heading_color(Sector(key))
                    if params.cluster_by == "sector"
                    else "#333333",
                    cluster=key if large else None,
                )
            )
            continue
        vid = node_id(NodeKind.CLUSTER, key)
        drawing.order.append(vid)
        drawing.positions[vid] = centres[key]
        drawing.priorities[vid] = 10_000.0 + len(group)
        drawing.synthetic.append(
            _cluster_node(
                idx, params, key, names[key], group, inside[key], degree, biggest, drawing
            )
        )
    if not large:
        return
    drawing.notes.append(
        t(
            "cluster_help",
            lang,
            n=Words(lang).number(len(providers)),
            by=t(CLUSTER_BY_WORDS[params.cluster_by], lang),
        )
    )


def _radius(n: int, opened: bool) -> float:
    if opened:
        return OPEN_ROOM * SPACING * math.sqrt(n) + SPACING * 0.8
    lo, hi = style.CLUSTER_SIZE
    return hi * 1.8 + 60.0  # room for the disc and its label below


def _cluster_centres(
    keys: dict[str, str],
    members: dict[str, list[str]],
    opened: set[str],
    ties: list[tuple[str, str, str]],
) -> dict[str, Point]:
    """Where each cluster stands: a weighted force layout of the clusters, pushed apart
    until no two discs overlap (an open cluster's disc holds its providers)."""
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(members))
    for a, b, _ in ties:
        ka, kb = keys[a], keys[b]
        if ka != kb:
            w = graph.get_edge_data(ka, kb, {"weight": 0})["weight"]
            graph.add_edge(ka, kb, weight=w + 1)
    raw = (
        nx.spring_layout(graph, seed=SEED, weight="weight", iterations=100)
        if len(graph) > 1
        else dict.fromkeys(graph, (0.0, 0.0))
    )
    order = sorted(members)
    radius = [_radius(len(members[k]), k in opened) for k in order]
    spread = max(radius) * 2
    pos = [[float(raw[k][0]) * spread, float(raw[k][1]) * spread] for k in order]
    # gravity pulls the discs together, then overlaps are pushed apart: a compact
    # packing that keeps the clusters that work together side by side
    for _ in range(150):
        for p in pos:
            p[0] *= 0.93
            p[1] *= 0.93
        for _ in range(4):
            for i in range(len(order)):
                for j in range(i + 1, len(order)):
                    dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                    dist = math.hypot(dx, dy)
                    short = radius[i] + radius[j] + GAP - dist
                    if short <= 0:
                        continue
                    ux, uy = (dx / dist, dy / dist) if dist > 1e-6 else (1.0, 0.0)
                    wi = radius[j] ** 2 / (radius[i] ** 2 + radius[j] ** 2)
                    pos[i][0] -= ux * short * wi
                    pos[i][1] -= uy * short * wi
                    pos[j][0] += ux * short * (1 - wi)
                    pos[j][1] += uy * short * (1 - wi)
    return {k: (round(p[0], 1), round(p[1], 1)) for k, p in zip(order, pos, strict=True)}


def _open_cluster(
    drawing: Drawing,
    group: list[str],
    key: str,
    centre: Point,
    degree: Counter[str],
    names: dict[str, str],
) -> None:
    """An open cluster's providers on a sunflower spiral, the most tied in the middle:
    compact, even, and the same for the same data (ties inside a cluster are few, so a
    force layout would only scatter them)."""
    ranked = sorted(group, key=lambda p: (-degree[p], collation(names[p]), p))
    step = OPEN_ROOM * SPACING
    assert drawing.positions is not None
    for i, p in enumerate(ranked):
        r = step * math.sqrt(i + 0.5)
        a = i * GOLDEN
        vid = node_id(NodeKind.PROVIDER, p)
        drawing.order.append(vid)
        drawing.positions[vid] = (
            round(centre[0] + r * math.cos(a), 1),
            round(centre[1] + r * math.sin(a), 1),
        )
        drawing.priorities[vid] = _priority(drawing, p, degree)


def _cluster_node(
    idx: Index,
    params: ViewParams,
    key: str,
    name: str,
    group: list[str],
    inside: int,
    degree: Counter[str],
    biggest: int,
    drawing: Drawing,
) -> VisNode:
    lang = params.lang
    w = Words(lang)
    lo, hi = style.CLUSTER_SIZE
    size = lo + (hi - lo) * math.sqrt(len(group) / biggest)
    color = style.SECTOR_COLORS[Sector(key)] if params.cluster_by == "sector" else CLUSTER_COLOR
    top = sorted(
        group, key=lambda p: (-degree[p], collation(idx.name_of(NodeKind.PROVIDER, p), lang))
    )
    critical = sum(1 for p in group if p in drawing.critical)
    lines = [
        (t("kind", lang), t("cluster", lang)),
        (t("cluster_members", lang), w.number(len(group))),
        (w.relation(RelKind.PARTNERS_WITH, capital=True), w.number(inside)),
    ]
    if critical:
        lines.append((t("cluster_critical", lang), w.number(critical)))
    label = t("cluster_name", lang, name=name, n=w.number(len(group)))
    top_names = [idx.name_of(NodeKind.PROVIDER, p) for p in top[:10]]
    return VisNode(
        id=node_id(NodeKind.CLUSTER, key),
        kind=NodeKind.CLUSTER,
        ref=key,
        name=label,
        label=label,
        shape=style.vis_shape(NodeKind.CLUSTER),
        color=color,
        border=style.BORDER_COLOR,
        border_width=2.0,
        font_color=style.LABEL_COLOR,
        size=round(size, 1),
        x=0.0,
        y=0.0,
        members=len(group),
        sector=Sector(key) if params.cluster_by == "sector" else None,
        priority=10_000.0 + len(group),
        search=collation(name, lang),
        tooltip=Tooltip(
            title=label,
            lines=tuple(lines),
            sections=(
                (t("cluster_top", lang), capped(top_names, lang, limit=10)),
                (t("cluster_open", lang), ()),
            ),
        ),
    )
