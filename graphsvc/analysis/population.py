"""The demand side in people: residents of each age group per area, the residents an
area gap leaves without a service, and services per 1,000 residents of a group."""

from __future__ import annotations

from graphsvc.analysis.graph import Prepared, area_chain, counts_in, served_groups
from graphsvc.analysis.results import AreaGap, GroupArea
from graphsvc.model import GroupKind, Population, pick


def group_residents(net: Prepared, population: Population) -> dict[tuple[str, str], int]:
    """(age group, area) -> the group's residents there, for every area the table has.

    A band the group covers in part counts by its share of years (see
    `graphsvc.model.population`), and the sum is rounded once, at the end."""
    out = {}
    for area in sorted(population.areas() & set(net.areas)):
        for g in net.groups.values():
            if g.kind is GroupKind.AGE:
                out[g.id, area] = round(population.residents(area, g.min_age, g.max_age))
    return out


def group_areas(
    net: Prepared, population: Population, *, area: str | None = None, lang: str = "fi"
) -> list[GroupArea]:
    """For each age group and each area with residents in the table (inside `area`, if
    given): its residents and the active services that serve it there (a service with no
    area counts everywhere, one in an area above counts too), and services per 1,000
    residents of the group (None when the group has no residents there).

    Examples
    --------
    Two districts, 100 and 400 children, one service in the first and one everywhere:
    the first has 2 services for 100 (20.0 per 1,000), the second 1 for 400 (2.5).
    """
    residents = group_residents(net, population)
    age_groups = [g for g in net.groups.values() if g.kind is GroupKind.AGE]
    reach = [
        (set(served_groups(s, age_groups)), frozenset(s.areas) if s.areas else None)
        for s in net.dataset.services
    ]
    rows = []
    for (group, where), n in sorted(residents.items()):
        chain = area_chain(where, net.parents)
        if area is not None and area not in chain:
            continue
        services = sum(1 for groups, r in reach if group in groups and counts_in(r, chain))
        rows.append(
            GroupArea(
                group=group,
                area=where,
                residents=n,
                services=services,
                per_1000=round(services * 1000 / n, 2) if n else None,
                group_name=pick(net.groups[group].name, lang),
                area_name=pick(net.areas[where].name, lang),
            )
        )
    return rows


def with_residents(net: Prepared, gaps: list[AreaGap], population: Population) -> list[AreaGap]:
    """The area gaps with the residents of the group each leaves without a service there,
    most residents first (then as before); a gap of a special group, or of an area the
    table lacks, has none and comes last."""
    residents = group_residents(net, population)
    out = [g.model_copy(update={"residents": residents.get((g.group, g.area))}) for g in gaps]
    return sorted(out, key=lambda g: -(g.residents if g.residents is not None else -1))
