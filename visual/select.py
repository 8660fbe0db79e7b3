"""Which nodes and relationships a view shows: filters, focus and neighbourhoods."""

from __future__ import annotations

from collections import deque
from datetime import date

from graphsvc.errors import UnknownId
from graphsvc.model import Dataset, Label, RelKind
from visual.index import Index
from visual.spec import ViewParams, node_id
from visual.style import NodeKind

#: the relationship kinds each focused view draws (the whole graph and a provider's
#: neighbourhood draw every kind)
FOCUS_KINDS = frozenset(
    {RelKind.HAS_NEED, RelKind.SERVES, RelKind.MEETS, RelKind.OFFERS, RelKind.PARTNERS_WITH}
)
Edge = tuple[RelKind, str, str, str | None]  # kind, source view id, target view id, detail


def check_ids(ds: Dataset, params: ViewParams) -> None:
    """UnknownId for a group, need, provider or area of `params` not in `ds`."""
    for value, label, option, what in (
        (params.group, Label.TARGET_GROUP, "group", "target group"),
        (params.need, Label.NEED, "need", "need"),
        (params.provider, Label.PROVIDER, "provider", "provider"),
        (params.area, Label.AREA, "area", "area"),
    ):
        if value is not None and value not in {n.id for n in ds.nodes(label)}:
            raise UnknownId.of(option, what, [value])


def filtered(ds: Dataset, params: ViewParams, day: date) -> Dataset:
    """The dataset as of `day`, with only the sectors and the area asked for."""
    ds = ds.restricted(as_of=day, sectors=params.sectors or None)
    if params.area is None:
        return ds
    parents = {a.id: a.parent for a in ds.areas}
    chain: list[str] = []
    current: str | None = params.area
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    # a service counts in the area when it is available there or in an area above it,
    # or has no area at all (the coverage analysis counts the same way)
    services = [s for s in ds.services if not s.areas or set(s.areas) & set(chain)]
    offering = {s.provider for s in services}
    return ds.model_copy(
        update={
            "services": services,
            "providers": [p for p in ds.providers if p.id in offering],
            "areas": [a for a in ds.areas if a.id in chain],
        }
    )


def select(idx: Index, params: ViewParams) -> tuple[set[str], frozenset[RelKind] | None]:
    """The view ids of the nodes to show, and the relationship kinds to draw among them."""
    if params.provider is not None:
        return ball(idx, node_id(NodeKind.PROVIDER, params.provider), params.radius), None
    if params.group is None and params.need is None:
        return set(idx.vid), None
    if params.group is not None:
        groups = {params.group}
        if params.need is not None:
            needs = {params.need}
        else:
            needs = set(idx.group_needs.get(params.group, []))
    else:
        needs = {params.need} if params.need is not None else set()
        groups = {g for g, _ in idx.demand.get(params.need or "", [])}
    services = [
        s
        for s in idx.ds.services
        if needs & set(s.needs) and (params.group is None or params.group in idx.served[s.id])
    ]
    selected = {node_id(NodeKind.GROUP, g) for g in groups}
    selected |= {node_id(NodeKind.NEED, n) for n in needs}
    selected |= {node_id(NodeKind.SERVICE, s.id) for s in services}
    selected |= {node_id(NodeKind.PROVIDER, s.provider) for s in services}
    return selected & set(idx.vid), FOCUS_KINDS


def ball(idx: Index, start: str, radius: int) -> set[str]:
    """The nodes within `radius` steps of `start`, over every relationship, any way."""
    if start not in idx.vid:
        return set()
    adjacency: dict[str, list[str]] = {}
    for _, a, b, _ in universe(idx):
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    seen = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if seen[current] == radius:
            continue
        for nxt in adjacency.get(current, ()):
            if nxt not in seen:
                seen[nxt] = seen[current] + 1
                queue.append(nxt)
    return set(seen)


def universe(idx: Index) -> list[Edge]:
    """Every relationship between nodes that survived the filters, in a stable order."""
    P, S, N, G, A, W = (
        NodeKind.PROVIDER,
        NodeKind.SERVICE,
        NodeKind.NEED,
        NodeKind.GROUP,
        NodeKind.AREA,
        NodeKind.NETWORK,
    )
    out: list[Edge] = []
    for gn in idx.ds.group_needs:
        out.append((RelKind.HAS_NEED, node_id(G, gn.group), node_id(N, gn.need), None))
    for svc in idx.ds.services:
        sid = node_id(S, svc.id)
        out.append((RelKind.OFFERS, node_id(P, svc.provider), sid, None))
        out += [(RelKind.MEETS, sid, node_id(N, x), None) for x in svc.needs]
        out += [(RelKind.SERVES, sid, node_id(G, x), None) for x in idx.served[svc.id]]
        out += [(RelKind.AVAILABLE_IN, sid, node_id(A, x), None) for x in svc.areas]
    for ps in idx.ds.partnerships:
        out.append(
            (RelKind.PARTNERS_WITH, node_id(P, ps.source), node_id(P, ps.target), ps.kind.value)
        )
    for prov in idx.ds.providers:
        if prov.parent:
            out.append((RelKind.PART_OF, node_id(P, prov.id), node_id(P, prov.parent), None))
    for area in idx.ds.areas:
        if area.parent:
            out.append((RelKind.PART_OF, node_id(A, area.id), node_id(A, area.parent), None))
    for net in idx.ds.networks:
        out += [(RelKind.MEMBER_OF, node_id(P, m), node_id(W, net.id), None) for m in net.members]
    return [e for e in out if e[1] in idx.vid and e[2] in idx.vid]
