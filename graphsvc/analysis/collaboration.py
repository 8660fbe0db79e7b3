"""Collaboration: the partnership graph of each group's providers, and of the whole city."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from itertools import combinations

from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.results import GroupCollaboration, NeedTies, NetworkSummary
from graphsvc.model import Dataset, pick

#: untied pairs listed per (group, need); the count is always exact
MAX_PAIRS = 100

#: provider -> its partners (`Prepared.adj`; a networkx adjacency works too)
Adjacency = Mapping[str, Collection[str]]


def density(n: int, ties: int) -> float:
    """Share of possible ties present: 2m / (n(n − 1)); 0 for fewer than two providers.

    >>> density(4, 3)
    0.5
    """
    return 2 * ties / (n * (n - 1)) if n > 1 else 0.0


def degree_centralization(degrees: Collection[int]) -> float:
    """Freeman degree centralization: Σ(d_max − d_i) / ((n − 1)(n − 2)).

    1 for a star, 0 when every provider has the same degree; defined as 0 for n ≤ 2.

    >>> degree_centralization([3, 1, 1, 1])  # a star
    1.0
    >>> degree_centralization([2, 2, 2])  # a triangle
    0.0
    """
    n = len(degrees)
    if n <= 2:
        return 0.0
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def components_within(adj: Adjacency, members: Iterable[str]) -> list[list[str]]:
    """Connected components of the graph induced by `members`: sorted, largest first."""
    inside = set(members)
    seen: set[str] = set()
    comps: list[list[str]] = []
    for start in inside:
        if start in seen:
            continue
        seen.add(start)
        stack, comp = [start], [start]
        while stack:
            for nb in adj[stack.pop()]:
                if nb in inside and nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
                    comp.append(nb)
        comps.append(sorted(comp))
    return sorted(comps, key=lambda c: (-len(c), c[0]))


def untied_pairs(
    adj: Adjacency, providers: Collection[str], limit: int = MAX_PAIRS
) -> tuple[int, list[tuple[str, str]]]:
    """(count, first `limit` pairs in id order) of providers with no direct tie."""
    inside = set(providers)
    tied = sum(sum(1 for nb in adj[p] if nb in inside) for p in inside) // 2
    count = len(inside) * (len(inside) - 1) // 2 - tied
    listed: list[tuple[str, str]] = []
    for a, b in combinations(sorted(inside), 2):
        if len(listed) >= min(limit, count):
            break
        if b not in adj[a]:
            listed.append((a, b))
    return count, listed


def collaboration(
    data: Dataset | Prepared,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: str = "fi",
) -> list[GroupCollaboration]:
    """Each group's network: the partnership graph restricted to the providers covering
    any of the group's needs (in `area`).

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Which providers cover a need is decided in this area (see `coverage`).
    lang : str
        Language of group names.

    Returns
    -------
    list of GroupCollaboration
        One per group with at least one HAS_NEED, by group id: components (largest
        first), isolated providers, density, Freeman degree centralization, and per
        need the pairs of its providers with no direct tie (at most `MAX_PAIRS` listed).

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> [youth] = [c for c in collaboration(example_dataset(), as_of=date(2025, 1, 1))
    ...            if c.group == "youth"]
    >>> youth.components, youth.density
    ([['city-youth', 'clinic', 'ngo-sports']], 0.6666666666666666)

    Notes
    -----
    O(Σ over groups of their providers' degrees).

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239.
    .. [2] Wasserman, S. and Faust, K. (1994). Social Network Analysis. Cambridge
       University Press, ch. 4 (density) and 5.2 (centralization).
    """
    net = prepare(data, as_of=as_of)
    cover = net.cover(area)
    adj = net.adj
    needs_of: dict[str, list[str]] = {}
    for group, need in cover:
        needs_of.setdefault(group, []).append(need)
    return [
        _group(net, adj, group, needs, cover, area, lang)
        for group, needs in sorted(needs_of.items())
    ]


def _group(
    net: Prepared,
    adj: Adjacency,
    group: str,
    needs: list[str],
    cover: Mapping[tuple[str, str], frozenset[str]],
    area: str | None,
    lang: str,
) -> GroupCollaboration:
    members = net.group_providers(group, area)
    degrees = {p: sum(1 for nb in adj[p] if nb in members) for p in members}
    ties = sum(degrees.values()) // 2
    per_need = []
    for need in sorted(needs):
        providers = cover[(group, need)]
        count, pairs = untied_pairs(adj, providers)
        per_need.append(
            NeedTies(
                need=need,
                providers=len(providers),
                untied_pairs_count=count,
                untied_pairs=pairs,
                truncated=count > len(pairs),
            )
        )
    g = net.groups.get(group)
    return GroupCollaboration(
        group=group,
        group_name=pick(g.name, lang) if g else group,
        providers=sorted(members),
        ties=ties,
        components=components_within(adj, members),
        isolated=sorted(p for p, d in degrees.items() if d == 0),
        density=density(len(members), ties),
        centralization=degree_centralization(list(degrees.values())),
        ei_index=ei_index(adj, members, net.sectors)[2],
        needs=per_need,
    )


def ei_index(
    adj: Adjacency, members: Collection[str], sectors: Mapping[str, str]
) -> tuple[int, int, float | None]:
    """(internal, external, E-I index) of the ties among `members`, by sector.

    E-I = (external − internal) / (external + internal): −1 when every tie stays inside
    a sector, +1 when every tie crosses sectors; None when there are no ties.

    >>> adj = {"a": {"b": {}}, "b": {"a": {}, "c": {}}, "c": {"b": {}}}
    >>> ei_index(adj, "abc", {"a": "city", "b": "city", "c": "ngo"})
    (1, 1, 0.0)
    """
    inside = set(members)
    internal = external = 0
    for a in inside:
        for b in adj[a]:
            if b in inside and a < b:
                if sectors[a] == sectors[b]:
                    internal += 1
                else:
                    external += 1
    total = internal + external
    return internal, external, (external - internal) / total if total else None


def network_summary(data: Dataset | Prepared, *, as_of: date | None = None) -> NetworkSummary:
    """The whole partnership graph in numbers: size, components, density, Freeman
    degree centralization, articulation points and bridges.

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).

    Returns
    -------
    NetworkSummary

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> s = network_summary(example_dataset(), as_of=date(2025, 1, 1))
    >>> s.providers, s.ties, s.components, s.isolated, s.articulation_points, s.bridges
    (5, 3, 2, 1, 2, 3)

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. Social Networks 1(3), 215–239.
    """
    net = prepare(data, as_of=as_of)
    g = net.graph
    degrees = [d for _, d in g.degree()]
    return NetworkSummary(
        providers=g.number_of_nodes(),
        ties=g.number_of_edges(),
        components=len(net.components),
        isolated=sum(1 for d in degrees if d == 0),
        largest_component=len(net.components[0]) if net.components else 0,
        density=density(g.number_of_nodes(), g.number_of_edges()),
        centralization=degree_centralization(degrees),
        articulation_points=sum(1 for c in net.blocks.values() if c >= 2),
        bridges=len(net.bridges),
    )
