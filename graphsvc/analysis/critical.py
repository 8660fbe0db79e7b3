"""Critical providers: articulation points and sole providers, with what losing each
would do; and the bridges of the partnership graph."""

from __future__ import annotations

from datetime import date

from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.results import CriticalAnalysis, CriticalProvider, GroupNeedRef, Impact
from graphsvc.model import Dataset, pick

ARTICULATION_POINT = "articulation_point"
SOLE_PROVIDER = "sole_provider"


def critical_providers(
    data: Dataset | Prepared,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: str = "fi",
) -> CriticalAnalysis:
    """Providers the network cannot lose, and the bridges of the partnership graph.

    A provider is critical as an articulation point of the partnership graph (removing
    it disconnects its component: reason ``articulation_point``) or as the sole provider
    of some (group, need) (reason ``sole_provider``). Its impact: the (group, need)
    pairs that would become uncovered or fragile, and the number of pieces its
    component would split into (0 for an isolated provider, 1 when nothing splits).

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Sole providers are decided by the coverage in this area; the partnership graph
        is always the whole graph.
    lang : str
        Language of provider names.

    Returns
    -------
    CriticalAnalysis
        `providers` ordered by impact (most pairs uncovered, then most pieces, then
        id) and `bridges` as sorted (a, b) pairs.

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> result = critical_providers(example_dataset(), as_of=date(2025, 1, 1))
    >>> for c in result.providers:
    ...     print(c.provider, c.reasons, c.impact.splits_into)
    clinic ['articulation_point', 'sole_provider'] 2
    city-youth ['articulation_point'] 2
    >>> result.bridges[0]
    ('city-youth', 'clinic')

    Notes
    -----
    One depth-first pass (biconnected components, Hopcroft–Tarjan) gives articulation
    points, bridges and the pieces: O(providers + ties).

    References
    ----------
    .. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for
       graph manipulation. Communications of the ACM 16(6), 372–378.
    .. [2] https://en.wikipedia.org/wiki/Biconnected_component
    """
    net = prepare(data, as_of=as_of)
    cover = net.cover(area)
    sole: dict[str, list[GroupNeedRef]] = {}
    one_of_two: dict[str, list[GroupNeedRef]] = {}
    for (group, need), providers in cover.items():
        ref = GroupNeedRef(group=group, need=need)
        if len(providers) == 1:
            sole.setdefault(next(iter(providers)), []).append(ref)
        elif len(providers) == 2:
            for p in providers:
                one_of_two.setdefault(p, []).append(ref)
    blocks = net.blocks
    articulation = {p for p, n in blocks.items() if n >= 2}
    out = []
    for p in articulation | set(sole):
        reasons = [
            r
            for r, yes in ((ARTICULATION_POINT, p in articulation), (SOLE_PROVIDER, p in sole))
            if yes
        ]
        provider = net.providers[p]
        out.append(
            CriticalProvider(
                provider=p,
                name=pick(provider.name, lang),
                sector=net.sectors[p],
                reasons=reasons,
                sole_provider_of=sole.get(p, []),
                impact=Impact(
                    uncovered=sole.get(p, []),
                    fragile=one_of_two.get(p, []),
                    splits_into=blocks.get(p, 0),
                ),
            )
        )
    out.sort(key=lambda c: (-len(c.impact.uncovered), -c.impact.splits_into, c.provider))
    return CriticalAnalysis(providers=out, bridges=net.bridges)
