"""Cypher of the listings (`GraphStore.find`): one statement per combination of filters.

The text depends only on which filters are used (a `FindShape`), never on their
values, which travel as parameters. FalkorDB takes pattern comprehensions only in
projections, so the area and the provider-activity tests go through a WITH stage.
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


def _service_conds(s: str, f: FindShape, *, sector: bool) -> tuple[list[str], list[str], list[str]]:
    """(WHERE conditions, list projections, conditions on those lists) for a service `s`.

    FalkorDB takes pattern comprehensions only in projections, so the area and the
    provider-activity tests go through a WITH stage.
    """
    where: list[str] = []
    lists: list[str] = []
    after: list[str] = []
    if sector:
        where.append(f"({s})<-[:OFFERS]-(:Provider {{sector: $sector}})")
    if f.need:
        where.append(f"({s})-[:MEETS]->(:Need {{id: $need}})")
    if f.group:
        explicit = f"({s})-[:SERVES]->(:TargetGroup {{id: $group}})"
        if f.age_group:
            derived = (
                f"(NOT ({s})-[:SERVES]->(:TargetGroup) AND "
                f"({s}.min_age IS NOT NULL OR {s}.max_age IS NOT NULL) AND "
                f"({s}.min_age IS NULL OR {s}.min_age <= $gmax) AND "
                f"({s}.max_age IS NULL OR {s}.max_age >= $gmin))"
            )
            where.append(f"({explicit} OR {derived})")
        else:
            where.append(explicit)
    if f.as_of:
        where.append(_active(s))
        lists.append(f"[({s})<-[:OFFERS]-(op:Provider) | op] AS s_providers")
        after.append("all(ap IN s_providers WHERE " + _active("ap") + ")")
    if f.area:
        lists.append(f"[({s})-[:AVAILABLE_IN]->(sa:Area) | sa.id] AS s_areas")
        after.append("(size(s_areas) = 0 OR any(x IN s_areas WHERE x IN $places))")
    return where, lists, after


def find(f: FindShape, *, count: bool) -> str:
    """The listing statement: the total when `count`, else one page of ids."""
    label = f.label
    where: list[str] = [f"n.{SEARCH} CONTAINS $q"] if f.q else []
    lists: list[str] = []
    after: list[str] = []
    match = f"MATCH (n:{label.value})"
    carry = "n"
    if label is Label.SERVICE:
        w, lists, after = _service_conds("n", f, sector=f.sector)
        where += w
    elif label is Label.PROVIDER:
        if f.sector:
            where.append("n.sector = $sector")
        if f.as_of:
            where.append(_active("n"))
        if f.group or f.need or f.area:
            match = "MATCH (n:Provider)-[:OFFERS]->(s:Service)"
            w, lists, after = _service_conds("s", f, sector=False)
            where += w
            carry = "n, s"
    elif label is Label.NEED and f.group:
        where.append("(:TargetGroup {id: $group})-[:HAS_NEED]->(n)")
    text = match + (f" WHERE {' AND '.join(where)}" if where else "")
    if lists:
        text += f" WITH {carry}, {', '.join(lists)} WHERE {' AND '.join(after)}"
    if carry != "n":
        text += " WITH DISTINCT n"
    if count:
        return text + " RETURN count(n) AS n"
    return text + " RETURN n.id AS id ORDER BY id SKIP $offset LIMIT $limit"


def find_params(f: FindShape) -> list[str]:
    names = ["q"] if f.q else []
    names += [
        n
        for n, used in (
            ("sector", f.sector),
            ("group", f.group),
            ("need", f.need),
            ("places", f.area),
            ("day", f.as_of),
        )
        if used
    ]
    if f.age_group:
        names += ["gmin", "gmax"]
    return names


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
