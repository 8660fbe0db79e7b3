"""Cypher of the listings (`GraphStore.find`): one statement per combination of filters.

The text depends only on which filters are used (a `FindShape`), never on their
values, which travel as parameters. Each filter on a related node is an `EXISTS {}`
subquery, so no listing needs DISTINCT.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product

from graphsvc.model import Label
from graphsvc.store.cypher import SEARCH, _active


@dataclass(frozen=True)
class FindShape:
    """Which filters a listing uses: the statement depends on these, never on values."""

    label: Label
    q: bool = False
    sector: bool = False
    group: bool = False
    age_group: bool = False  # the group is an age group: age-range overlap counts too
    need: bool = False
    area: bool = False
    as_of: bool = False


def _anchor(f: FindShape, *, sector: bool) -> str | None:
    """The filter that a listing of services starts from, found by an index seek: the
    need, else a group that is not an age group, else the providers' sector. (The
    other filters -- an age range, an area, a date -- also let through services with
    no value at all, so no index can find their services alone.)"""
    if f.need:
        return "need"
    if f.group and not f.age_group:
        return "group"
    if sector:
        return "sector"
    return None


_ANCHOR_PATTERN = {
    "need": "(:Need {{id: $need}})<-[:MEETS]-({s}:Service)",
    "group": "(:TargetGroup {{id: $group}})<-[:SERVES]-({s}:Service)",
    "sector": "(:Provider {{sector: $sector}})-[:OFFERS]->({s}:Service)",
}


def _service_conds(s: str, f: FindShape, *, sector: bool, anchor: str | None) -> list[str]:
    """The conditions on a service `s` of a listing's filters (but the anchor's)."""
    conds: list[str] = []
    if sector and anchor != "sector":
        conds.append(f"EXISTS {{ ({s})<-[:OFFERS]-(:Provider {{sector: $sector}}) }}")
    if f.need and anchor != "need":
        conds.append(f"EXISTS {{ ({s})-[:MEETS]->(:Need {{id: $need}}) }}")
    if f.group and anchor != "group":
        explicit = f"EXISTS {{ ({s})-[:SERVES]->(:TargetGroup {{id: $group}}) }}"
        if f.age_group:
            # a service with no groups of its own serves the age groups its ages overlap
            derived = (
                f"(NOT EXISTS {{ ({s})-[:SERVES]->(:TargetGroup) }} AND "
                f"({s}.min_age IS NOT NULL OR {s}.max_age IS NOT NULL) AND "
                f"({s}.min_age IS NULL OR {s}.min_age <= $gmax) AND "
                f"({s}.max_age IS NULL OR {s}.max_age >= $gmin))"
            )
            conds.append(f"({explicit} OR {derived})")
        else:
            conds.append(explicit)
    if f.as_of:
        conds.append(_active(s))
        conds.append(
            f"NOT EXISTS {{ MATCH ({s})<-[:OFFERS]-(op:Provider) WHERE NOT ({_active('op')}) }}"
        )
    if f.area:
        # a service with no areas is available everywhere
        conds.append(
            f"(NOT EXISTS {{ ({s})-[:AVAILABLE_IN]->(:Area) }} OR "
            f"EXISTS {{ MATCH ({s})-[:AVAILABLE_IN]->(sa:Area) WHERE sa.id IN $places }})"
        )
    return conds


def find(f: FindShape, *, count: bool) -> str:
    """The listing statement: the total when `count`, else one page of ids."""
    label = f.label
    match = f"MATCH (n:{label.value})"
    where: list[str] = [f"n.{SEARCH} CONTAINS $q"] if f.q else []
    distinct = False
    if label is Label.SERVICE:
        anchor = _anchor(f, sector=f.sector)
        if anchor:
            match = "MATCH " + _ANCHOR_PATTERN[anchor].format(s="n")
        where += _service_conds("n", f, sector=f.sector, anchor=anchor)
    elif label is Label.PROVIDER:
        if f.sector:
            where.append("n.sector = $sector")
        if f.as_of:
            where.append(_active("n"))
        # a provider is listed by the services it offers for a group, need or area
        anchor = _anchor(f, sector=False)
        by_service = f.group or f.need or f.area
        conds = _service_conds("s", f, sector=False, anchor=anchor) if by_service else []
        if anchor:
            # from the need or group through its services to their providers
            match = "MATCH " + _ANCHOR_PATTERN[anchor].format(s="s") + "<-[:OFFERS]-(n:Provider)"
            where += conds
            distinct = True
        elif conds:
            offered = " AND ".join(conds)
            where.append(f"EXISTS {{ MATCH (n)-[:OFFERS]->(s:Service) WHERE {offered} }}")
    elif label is Label.NEED and f.group:
        match = "MATCH (:TargetGroup {id: $group})-[:HAS_NEED]->(n:Need)"
    text = match + (f" WHERE {' AND '.join(where)}" if where else "")
    if distinct:
        text += " WITH DISTINCT n"
    if count:
        return text + " RETURN count(n) AS n"
    return text + " RETURN n.id AS id ORDER BY id SKIP $offset LIMIT $limit"


def find_shapes() -> Iterator[FindShape]:
    """Every shape a listing can take (the filters that do not apply to a label are off)."""
    for label in Label:
        for q, sector, group, age, need, area, as_of in product((False, True), repeat=7):
            if age and not group:
                continue
            if label not in (Label.PROVIDER, Label.SERVICE) and (sector or need or area or as_of):
                continue
            if label not in (Label.PROVIDER, Label.SERVICE, Label.NEED) and group:
                continue
            if label is Label.NEED and age:
                continue
            yield FindShape(label, q, sector, group, age, need, area, as_of)
