"""Brokers: who sits between the others (betweenness), who ties sectors together, and
how open each group's network is to other sectors (E-I index)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from graphsvc.analysis.collaboration import ei_index
from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.results import Broker, BrokerAnalysis, GroupEI
from graphsvc.errors import InvalidData
from graphsvc.model import Dataset, pick

#: betweenness is exact up to this many providers, sampled above
EXACT_LIMIT = 5_000
#: sampled sources above EXACT_LIMIT (fixed seed: the same graph gives the same answer)
SAMPLE_SIZE = 100
SEED = 42


def brokers(
    data: Dataset | Prepared,
    *,
    as_of: date | None = None,
    area: str | None = None,
    top: int | None = 20,
    among: Collection[str] | None = None,
    exact_limit: int = EXACT_LIMIT,
    sample_size: int = SAMPLE_SIZE,
    seed: int = SEED,
    lang: str = "fi",
) -> BrokerAnalysis:
    """Betweenness centrality and cross-sector ties of providers; E-I index of groups.

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Decides which providers make up each group's network (see `coverage`).
    top : int or None
        List this many providers with the highest betweenness (None: all).
    among : collection of str, optional
        List only these providers (betweenness is still that of the whole graph).
    exact_limit, sample_size, seed : int
        Above `exact_limit` providers, betweenness is estimated from `sample_size`
        source providers drawn with `seed` (networkx ``k``-sampling).
    lang : str
        Language of provider names.

    Returns
    -------
    BrokerAnalysis
        `exact`, `sample_size` (None when exact), `brokers` by betweenness (highest
        first, then id), and `groups`: each group network's internal and external
        ties by sector and E-I index (None when it has no ties).

    Raises
    ------
    InvalidData
        When `top` is negative (a slice would silently drop the last providers).

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> result = brokers(example_dataset(), as_of=date(2025, 1, 1), top=2)
    >>> [(b.provider, round(b.betweenness, 3), b.cross_sector_share) for b in result.brokers]
    [('city-youth', 0.333, 1.0), ('clinic', 0.333, 1.0)]
    >>> [(g.group, g.ei_index) for g in result.groups]
    [('adults', None), ('youth', 1.0)]

    Notes
    -----
    Brandes' algorithm, O(providers × ties) exact; O(sample_size × ties) sampled.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40(1), 35–41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
       Mathematical Sociology 25(2), 163–177.
    .. [3] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303–2318.
    .. [4] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. Social Psychology Quarterly 51(2), 123–140.
    """
    if top is not None and top < 0:
        raise InvalidData(f"--top: list 0 or more brokers, not {top}.")
    net = prepare(data, as_of=as_of)
    n = net.graph.number_of_nodes()
    exact = n <= exact_limit or sample_size >= n
    k = None if exact else sample_size
    scores = net.betweenness(k, seed)
    candidates = scores if among is None else [p for p in among if p in scores]
    ranked = sorted(candidates, key=lambda p: (-scores[p], p))
    listed = ranked if top is None else ranked[:top]
    return BrokerAnalysis(
        backend=net.backend,
        exact=exact,
        sample_size=k,
        brokers=[_broker(net, p, scores[p], lang) for p in listed],
        groups=group_ei(net, area=area),
    )


def _broker(net: Prepared, provider: str, score: float, lang: str) -> Broker:
    ties = net.adj[provider]
    sector = net.sectors[provider]
    cross = sum(1 for nb in ties if net.sectors[nb] != sector)
    return Broker(
        provider=provider,
        name=pick(net.providers[provider].name, lang),
        sector=sector,
        betweenness=score,
        degree=len(ties),
        cross_sector_ties=cross,
        cross_sector_share=cross / len(ties) if ties else None,
    )


def group_ei(
    data: Dataset | Prepared, *, as_of: date | None = None, area: str | None = None
) -> list[GroupEI]:
    """The E-I index of each group's network (see `collaboration`), by group id.

    E-I = (external − internal) / all ties, where a tie is external when it joins two
    sectors; None when the group's network has no ties.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. Social Psychology Quarterly 51(2), 123–140.
    """
    net = prepare(data, as_of=as_of)
    groups = sorted({g for g, _ in net.cover(area)})
    out = []
    for group in groups:
        internal, external, ei = ei_index(net.adj, net.group_providers(group, area), net.sectors)
        out.append(GroupEI(group=group, internal=internal, external=external, ei_index=ei))
    return out
