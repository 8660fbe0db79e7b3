"""The gap report: every analysis run once on one prepared graph, filtered for output."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from graphsvc.analysis.areas import area_gaps
from graphsvc.analysis.brokers import brokers
from graphsvc.analysis.collaboration import collaboration, network_summary
from graphsvc.analysis.coverage import coverage
from graphsvc.analysis.critical import critical_providers
from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.population import group_areas, with_residents
from graphsvc.analysis.ranking import rank_gaps
from graphsvc.analysis.results import (
    CoverageReport,
    GapReport,
    NetworkReport,
    Status,
)
from graphsvc.analysis.transitions import transition_gaps
from graphsvc.errors import InvalidData, UnknownId
from graphsvc.model import Dataset, Population, pick
from graphsvc.perf import gc_paused


def check_options(
    net: Prepared,
    *,
    group: str | None = None,
    need: str | None = None,
    area: str | None = None,
    lang: str = "fi",
) -> None:
    """Raise UnknownId for an id that is not in the graph, InvalidData for a language."""
    for option, value, known, what in (
        ("group", group, net.groups, "target group"),
        ("need", need, net.needs, "need"),
        ("area", area, net.areas, "area"),
    ):
        if value is not None and value not in known:
            raise UnknownId.of(option, what, [value])
    if lang not in ("fi", "en"):
        raise InvalidData(f"{lang!r} is not a language here: use fi or en.")


def gap_report(
    ds: Dataset | Prepared,
    *,
    group: str | None = None,
    need: str | None = None,
    area: str | None = None,
    as_of: date | None = None,
    lang: str = "fi",
    top_brokers: int | None = 20,
    population: Population | None = None,
) -> GapReport:
    """Run every analysis once and gather the findings.

    Parameters
    ----------
    ds : Dataset or Prepared
        The whole graph (a store snapshot).
    group, need : str, optional
        Keep only the output rows about this group / need. The analyses themselves run
        on the whole graph: a group's network, articulation points and betweenness do
        not change with the filter.
    area : str, optional
        Coverage (and so sole providers, collaboration, transitions and the ranked
        list) is counted in this area; area gaps are listed for the districts inside it.
    as_of : date, optional
        Count what is active on this day (default: today).
    lang : str
        "fi" or "en": names and messages.
    top_brokers : int or None
        How many brokers to list (None: every provider).
    population : Population, optional
        Residents by area and age: area gaps then say how many residents of the group
        each leaves without a service (and are ranked by it), and `group_areas` gives
        services per 1,000 residents of each age group in each area.

    Returns
    -------
    GapReport

    Raises
    ------
    UnknownId
        When `group`, `need` or `area` is not in the graph.

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> report = gap_report(example_dataset(), as_of=date(2025, 1, 1), group="youth")
    >>> [(r.need, r.status.value) for r in report.coverage], report.summary["fragile"]
    ([('hobbies', 'covered'), ('mental', 'fragile')], 1)

    Notes
    -----
    The dataset is indexed once (`prepare`), and the partnership graph, its components,
    biconnected blocks and betweenness are computed once and shared.

    References
    ----------
    See the functions it calls, and docs/analysis.md.
    """
    with gc_paused():
        net = prepare(ds, as_of=as_of)
        check_options(net, group=group, need=need, area=area, lang=lang)
        return _report(net, group, need, area, lang, top_brokers, population)


def _report(
    net: Prepared,
    group: str | None,
    need: str | None,
    area: str | None,
    lang: str,
    top_brokers: int | None,
    population: Population | None = None,
) -> GapReport:
    rows = coverage(net, area=area, lang=lang)
    transitions = transition_gaps(net, area=area, lang=lang)
    areas = area_gaps(net, area=area, lang=lang)
    people = []
    if population is not None and population.rows:
        areas = with_residents(net, areas, population)
        people = group_areas(net, population, area=area, lang=lang)
    ranked = rank_gaps(
        net, area=area, lang=lang, coverage_rows=rows, transitions=transitions, areas=areas
    )
    critical = critical_providers(net, area=area, lang=lang)
    broker = brokers(net, area=area, top=top_brokers, lang=lang)
    collab = collaboration(net, area=area, lang=lang)
    involved = _involved(net, group, need, area)

    def keep(groups: Iterable[str], n: str | None = None) -> bool:
        return (group is None or group in groups) and (need is None or n in (None, need))

    report = GapReport(
        as_of=net.as_of,
        lang=lang,
        group=group,
        need=need,
        area=area,
        summary={},
        network=network_summary(net),
        coverage=[r for r in rows if keep((r.group,), r.need)],
        collaboration=[c for c in collab if keep((c.group,))],
        critical_providers=[
            c for c in critical.providers if involved is None or c.provider in involved
        ],
        bridges=critical.bridges,
        brokers=broker.model_copy(
            update={"groups": [e for e in broker.groups if keep((e.group,))]}
        ),
        transition_gaps=[t for t in transitions if keep((t.from_group, t.to_group), t.need)],
        area_gaps=[a for a in areas if keep((a.group,), a.need)],
        ranked=[r for r in ranked if keep((r.group, r.to_group or r.group), r.need)],
        provider_names={},
        group_areas=[p for p in people if keep((p.group,))],
    )
    report.summary = _summary(report)
    report.provider_names = _names(net, report, lang)
    return report


def _involved(
    net: Prepared, group: str | None, need: str | None, area: str | None
) -> set[str] | None:
    """The providers covering a (group, need) that passes the filter; None: no filter."""
    if group is None and need is None:
        return None
    out: set[str] = set()
    for (g, n), providers in net.cover(area).items():
        if group in (None, g) and need in (None, n):
            out |= providers
    return out


def _summary(report: GapReport) -> dict[str, int]:
    counts = {s.value: 0 for s in Status}
    for row in report.coverage:
        counts[row.status.value] += 1
    counts["critical_providers"] = len(report.critical_providers)
    counts["transition_gaps"] = len(report.transition_gaps)
    counts["area_gaps"] = len(report.area_gaps)
    counts["ranked"] = len(report.ranked)
    return counts


def _names(net: Prepared, report: GapReport, lang: str) -> dict[str, str]:
    ids: set[str] = set()
    for row in report.coverage:
        ids.update(row.providers)
    for t in report.transition_gaps:
        ids.update(t.from_providers, t.to_providers)
    ids.update(c.provider for c in report.critical_providers)
    ids.update(b.provider for b in report.brokers.brokers)
    for a, b in report.bridges:
        ids.update((a, b))
    return {p: pick(net.providers[p].name, lang) for p in sorted(ids)}


def coverage_report(
    ds: Dataset | Prepared,
    *,
    group: str | None = None,
    need: str | None = None,
    area: str | None = None,
    as_of: date | None = None,
    lang: str = "fi",
) -> CoverageReport:
    """The coverage rows (see `coverage`), filtered by group and need; UnknownId for an
    unknown id."""
    net = prepare(ds, as_of=as_of)
    check_options(net, group=group, need=need, area=area, lang=lang)
    rows = [
        r
        for r in coverage(net, area=area, lang=lang)
        if group in (None, r.group) and need in (None, r.need)
    ]
    return CoverageReport(
        as_of=net.as_of, lang=lang, group=group, need=need, area=area, coverage=rows
    )


def network_report(
    ds: Dataset | Prepared,
    *,
    group: str | None = None,
    area: str | None = None,
    as_of: date | None = None,
    lang: str = "fi",
    top_brokers: int | None = 20,
) -> NetworkReport:
    """The partnership graph in numbers, each group's network and the brokers.

    With `group`, the group networks and brokers are those of that group's providers
    (betweenness is still computed on the whole graph).
    """
    with gc_paused():
        net = prepare(ds, as_of=as_of)
        check_options(net, group=group, area=area, lang=lang)
        members = net.group_providers(group, area) if group is not None else None
        broker = brokers(net, area=area, top=top_brokers, among=members, lang=lang)
        articulation = sorted(p for p, n in net.blocks.items() if n >= 2)
        return NetworkReport(
            as_of=net.as_of,
            lang=lang,
            group=group,
            area=area,
            network=network_summary(net),
            collaboration=[
                c for c in collaboration(net, area=area, lang=lang) if group in (None, c.group)
            ],
            brokers=broker.model_copy(
                update={"groups": [e for e in broker.groups if group in (None, e.group)]}
            ),
            articulation_points=[p for p in articulation if members is None or p in members],
            bridges=net.bridges,
        )
