"""Dataset -> the analysis' working data: the activity, serving and area rules, the
partnership graph, and what several analyses share (computed once, then cached).

Every analysis takes a `Dataset` or a `Prepared` (what `prepare` returns); the gap
report prepares once and hands the same `Prepared` to each analysis, so the dataset
is walked once and the partnership graph built once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import Any

import networkx as nx

from graphsvc.analysis.centrality import Backend, betweenness, resolve
from graphsvc.model import Dataset, GroupKind, GroupNeed, Provider, Service, TargetGroup

#: (group id, need id): one HAS_NEED entry of the demand side
Pair = tuple[str, str]
#: where a provider offers a pair: None is everywhere, else the union of service areas
Reach = frozenset[str] | None

_INF = float("inf")


def served_groups(service: Service, age_groups: Iterable[TargetGroup]) -> list[str]:
    """The ids of the groups a service serves.

    Its explicit `groups` when it has any; otherwise every age-kind group whose age
    range overlaps the service's (inclusive, a missing bound open); nobody when it has
    neither groups nor ages. Special groups are only ever explicit.
    """
    if service.groups:
        return list(service.groups)
    if service.min_age is None and service.max_age is None:
        return []
    return [g.id for g in age_groups if g.kind is GroupKind.AGE and service.overlaps(g)]


def area_chain(area: str, parents: dict[str, str | None]) -> frozenset[str]:
    """The area and all its ancestors (through `Area.parent`); a cycle stops the walk."""
    chain: list[str] = []
    current: str | None = area
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return frozenset(chain)


def counts_in(reach: Reach, chain: frozenset[str]) -> bool:
    """True when a service (or provider) with this reach counts in the area of `chain`."""
    return reach is None or not reach.isdisjoint(chain)


def partnership_graph(providers: Iterable[Provider], partnerships: Iterable[Any]) -> nx.Graph:
    """The undirected partnership graph: every provider a node, one edge per partnered
    pair whatever the number of partnerships, their kinds kept in the `kinds` attribute.

    The caller passes what is active; PART_OF and MEMBER_OF are not partnerships.
    """
    # Nodes and edges go in sorted, so that the same network listed in another order
    # gives the same graph, the same sampled sources and the same float rounding.
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(
        (p.id, {"sector": p.sector.value}) for p in sorted(providers, key=lambda p: p.id)
    )
    kinds: dict[tuple[str, str], set[str]] = {}
    for p in partnerships:
        if p.source in graph and p.target in graph:
            key = (p.source, p.target) if p.source < p.target else (p.target, p.source)
            kinds.setdefault(key, set()).add(p.kind.value)
    graph.add_edges_from((a, b, {"kinds": sorted(k)}) for (a, b), k in sorted(kinds.items()))
    return graph


class Prepared:
    """A dataset restricted to what is active on `as_of`, indexed for the analyses.

    Build it with `prepare`. The attributes are plain dicts; the derived structures
    (graph, components, blocks, coverage per area) are computed on first use and kept.
    """

    def __init__(self, ds: Dataset, as_of: date, backend: Backend = "auto") -> None:
        self.as_of = as_of
        #: who computes betweenness: "networkx" or "igraph" (see `centrality`)
        self.backend = resolve(backend)
        self.dataset = ds.restricted(as_of=as_of)
        self.providers = {p.id: p for p in self.dataset.providers}
        self.sectors = {p.id: p.sector.value for p in self.dataset.providers}
        self.groups = {g.id: g for g in ds.target_groups}
        self.needs = {n.id: n for n in ds.needs}
        self.areas = {a.id: a for a in ds.areas}
        self.parents = {a.id: a.parent for a in ds.areas}
        demand: dict[Pair, GroupNeed] = {}
        for gn in ds.group_needs:  # one entry per (group, need): the first one wins
            demand.setdefault((gn.group, gn.need), gn)
        self.demand = dict(sorted(demand.items()))
        self.offers = self._offers()
        self._cover: dict[str | None, dict[Pair, frozenset[str]]] = {}
        self._betweenness: dict[tuple[int | None, int], dict[str, float]] = {}

    def _offers(self) -> dict[Pair, dict[str, Reach]]:
        """pair -> {provider: reach} over the active services; one pass over services."""
        needs_of: dict[str, set[str]] = {}
        for group, need in self.demand:
            needs_of.setdefault(group, set()).add(need)
        age_groups = sorted(
            (g for g in self.groups.values() if g.kind is GroupKind.AGE), key=lambda g: g.id
        )
        by_ages: dict[tuple[float | None, float | None], list[str]] = {}
        offers: dict[Pair, dict[str, Reach]] = {}
        for s in self.dataset.services:
            if s.groups:
                served: list[str] = list(s.groups)
            else:
                ages = (s.min_age, s.max_age)
                if ages not in by_ages:
                    by_ages[ages] = served_groups(s, age_groups)
                served = by_ages[ages]
            reach: Reach = frozenset(s.areas) if s.areas else None
            for group in served:
                wanted = needs_of.get(group)
                if not wanted:
                    continue
                for need in s.needs:
                    if need in wanted:
                        _merge(offers.setdefault((group, need), {}), s.provider, reach)
        return offers

    def cover(self, area: str | None = None) -> dict[Pair, frozenset[str]]:
        """pair -> the providers covering it (in `area`), for every demanded pair."""
        if area not in self._cover:
            chain = area_chain(area, self.parents) if area is not None else None
            result: dict[Pair, frozenset[str]] = {}
            for pair in self.demand:
                offered = self.offers.get(pair, {})
                if chain is None:
                    result[pair] = frozenset(offered)
                else:
                    result[pair] = frozenset(p for p, r in offered.items() if counts_in(r, chain))
            self._cover[area] = result
        return self._cover[area]

    def group_providers(self, group: str, area: str | None = None) -> set[str]:
        """The providers covering any of the group's needs (in `area`)."""
        out: set[str] = set()
        for (g, _), providers in self.cover(area).items():
            if g == group:
                out |= providers
        return out

    def age_groups(self) -> list[TargetGroup]:
        """The age-kind groups in order of min_age (then max_age, then id)."""
        groups = [g for g in self.groups.values() if g.kind is GroupKind.AGE]
        return sorted(
            groups,
            key=lambda g: (
                -_INF if g.min_age is None else g.min_age,
                _INF if g.max_age is None else g.max_age,
                g.id,
            ),
        )

    @cached_property
    def graph(self) -> nx.Graph:
        """The partnership graph of the active providers and partnerships."""
        return partnership_graph(self.dataset.providers, self.dataset.partnerships)

    @cached_property
    def adj(self) -> dict[str, set[str]]:
        """provider -> its partners: the partnership graph as plain sets (fast to scan)."""
        return {v: set(nbrs) for v, nbrs in self.graph.adjacency()}

    @cached_property
    def components(self) -> list[list[str]]:
        """Connected components of the partnership graph: each sorted, largest first."""
        comps = [sorted(c) for c in nx.connected_components(self.graph)]
        return sorted(comps, key=lambda c: (-len(c), c[0]))

    @cached_property
    def _biconnected(self) -> tuple[Counter[str], list[tuple[str, str]]]:
        # One DFS pass gives articulation points, the pieces each splits into, and bridges.
        counts: Counter[str] = Counter()
        bridges: list[tuple[str, str]] = []
        for block in nx.biconnected_components(self.graph):
            counts.update(block)
            if len(block) == 2:  # a block of one edge is exactly a bridge
                a, b = sorted(block)
                bridges.append((a, b))
        return counts, sorted(bridges)

    @property
    def blocks(self) -> Counter[str]:
        """provider -> the number of biconnected blocks it belongs to.

        A provider in two or more blocks is an articulation point, and removing it
        splits its component into exactly that many pieces (0 for an isolated one).
        """
        return self._biconnected[0]

    @property
    def bridges(self) -> list[tuple[str, str]]:
        """The bridges of the partnership graph, each (a, b) with a < b, sorted."""
        return self._biconnected[1]

    def betweenness(self, k: int | None, seed: int) -> dict[str, float]:
        """Normalised betweenness (exact when k is None, else k sampled sources)."""
        if (k, seed) not in self._betweenness:
            self._betweenness[(k, seed)] = betweenness(self.graph, k, seed, self.backend)
        return self._betweenness[(k, seed)]


def _merge(slot: dict[str, Reach], provider: str, reach: Reach) -> None:
    if provider not in slot:
        slot[provider] = reach
        return
    current = slot[provider]
    if current is None:
        return
    slot[provider] = None if reach is None else current | reach


def prepare(
    data: Dataset | Prepared, *, as_of: date | None = None, backend: Backend = "auto"
) -> Prepared:
    """Index a dataset for the analyses (a `Prepared` is returned as it is).

    Parameters
    ----------
    data : Dataset or Prepared
        The whole graph (a store snapshot), or what an earlier call returned.
    as_of : date, optional
        Count only what is active on this day (default: today).
    backend : {"auto", "networkx", "igraph"}
        Who computes betweenness; "auto" is igraph when it is installed (the same
        numbers, many times faster), else networkx.

    Returns
    -------
    Prepared

    Raises
    ------
    ValueError
        When `data` is already prepared for another day.

    Examples
    --------
    >>> net = prepare(example_dataset(), as_of=date(2025, 1, 1))
    >>> sorted(net.cover()[("youth", "hobbies")])
    ['city-youth', 'ngo-sports']
    """
    if isinstance(data, Prepared):
        if as_of is not None and as_of != data.as_of:
            raise ValueError(f"prepared for {data.as_of}, not {as_of}")
        return data
    return Prepared(data, as_of or date.today(), backend)


def example_dataset() -> Dataset:
    """A five-provider network that the docstring examples use.

    Youth hobbies: city-youth and ngo-sports (whose 7–15 service serves `youth` by age);
    mental health: only the clinic, for youth and adults. Ties: ngo-sports – city-youth –
    clinic – parish, and an isolated club.
    """
    return Dataset.model_validate(
        {
            "target_groups": [
                {
                    "id": "youth",
                    "name": {"fi": "Nuoret", "en": "Young people"},
                    "kind": "age",
                    "min_age": 7,
                    "max_age": 21,
                },
                {
                    "id": "adults",
                    "name": {"fi": "Aikuiset", "en": "Adults"},
                    "kind": "age",
                    "min_age": 22,
                    "max_age": 65,
                },
            ],
            "needs": [
                {"id": "hobbies", "name": {"fi": "Harrastukset", "en": "Hobbies"}},
                {"id": "mental", "name": {"fi": "Mielenterveys", "en": "Mental health"}},
            ],
            "group_needs": [
                {"group": "youth", "need": "hobbies", "priority": 2},
                {"group": "youth", "need": "mental", "priority": 1},
                {"group": "adults", "need": "mental", "priority": 1},
            ],
            "providers": [
                {"id": "city-youth", "name": "Nuorisopalvelut", "sector": "city"},
                {"id": "ngo-sports", "name": "Urheiluseura", "sector": "ngo"},
                {"id": "clinic", "name": "Mielenterveystalo", "sector": "wellbeing_county"},
                {"id": "parish", "name": "Seurakunta", "sector": "parish"},
                {"id": "club", "name": "Kerho", "sector": "ngo"},
            ],
            "services": [
                {
                    "id": "s1",
                    "name": "Nuorisotalo",
                    "provider": "city-youth",
                    "needs": ["hobbies"],
                    "groups": ["youth"],
                },
                {
                    "id": "s2",
                    "name": "Junioriliikunta",
                    "provider": "ngo-sports",
                    "needs": ["hobbies"],
                    "min_age": 7,
                    "max_age": 15,
                },
                {
                    "id": "s3",
                    "name": "Vastaanotto",
                    "provider": "clinic",
                    "needs": ["mental"],
                    "min_age": 18,
                    "max_age": 64,
                },
            ],
            "partnerships": [
                {"source": "city-youth", "target": "ngo-sports", "kind": "grant"},
                {"source": "city-youth", "target": "clinic", "kind": "referral"},
                {"source": "clinic", "target": "parish", "kind": "network"},
            ],
        }
    )
