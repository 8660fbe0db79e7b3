"""Areas: districts where a need of a group has no service, though it has one elsewhere."""

from __future__ import annotations

from datetime import date

from graphsvc.analysis.graph import Pair, Prepared, area_chain, prepare
from graphsvc.analysis.results import AreaGap
from graphsvc.model import AreaKind, Dataset, pick


def area_gaps(
    data: Dataset | Prepared,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: str = "fi",
) -> list[AreaGap]:
    """(group, need, district) combinations with no service counted in the district.

    A service with no area counts everywhere; a service available in an area counts in
    that area's districts (through `Area.parent`). Only pairs that have at least one
    provider somewhere are checked: a pair with none is already an ``uncovered``
    coverage gap and is not repeated once per district.

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Only districts inside this area (the area itself, or any area below it).
    lang : str
        Language of names.

    Returns
    -------
    list of AreaGap
        By group, need and area id.

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> area_gaps(example_dataset(), as_of=date(2025, 1, 1))  # no districts at all
    []

    Notes
    -----
    O(pairs × districts × depth of the area tree).
    """
    net = prepare(data, as_of=as_of)
    districts = sorted(a.id for a in net.areas.values() if a.kind is AreaKind.DISTRICT)
    chains = {d: area_chain(d, net.parents) for d in districts}
    if area is not None:
        chains = {d: c for d, c in chains.items() if area in c}
    gaps = []
    for pair, providers in net.cover(None).items():
        if not providers:
            continue
        reach = _reach(net, pair)
        if reach is None:
            continue  # some service of the pair counts everywhere
        for district, chain in chains.items():
            if reach.isdisjoint(chain):
                gaps.append(_gap(net, pair, district, len(providers), lang))
    return gaps


def _reach(net: Prepared, pair: Pair) -> frozenset[str] | None:
    """The union of the areas where the pair is offered; None when somewhere everywhere."""
    union: set[str] = set()
    for r in net.offers.get(pair, {}).values():
        if r is None:
            return None
        union |= r
    return frozenset(union)


def _gap(net: Prepared, pair: Pair, district: str, elsewhere: int, lang: str) -> AreaGap:
    group, need = pair
    g, n = net.groups.get(group), net.needs.get(need)
    return AreaGap(
        group=group,
        need=need,
        area=district,
        priority=net.demand[pair].priority,
        providers_elsewhere=elsewhere,
        group_name=pick(g.name, lang) if g else group,
        need_name=pick(n.name, lang) if n else need,
        area_name=pick(net.areas[district].name, lang),
    )
