"""The ranked gap list: every finding in one list, most severe first, each explained in
one sentence in Finnish or English."""

from __future__ import annotations

from datetime import date

from graphsvc.analysis.areas import area_gaps
from graphsvc.analysis.coverage import coverage
from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.results import (
    AreaGap,
    CoverageRow,
    GapKind,
    RankedGap,
    Status,
    TransitionGap,
)
from graphsvc.analysis.transitions import transition_gaps
from graphsvc.model import Dataset, pick
from graphsvc.words import Words

KIND_ORDER = (
    GapKind.UNCOVERED,
    GapKind.FRAGILE,
    GapKind.SINGLE_SECTOR,
    GapKind.TRANSITION,
    GapKind.AREA,
)


def severity(priority: int, kind: GapKind) -> int:
    """A number, higher is more severe. A finding about the whole group (uncovered,
    fragile, single-sector, transition) comes before any area gap, which is about one
    district of a need met elsewhere; among each, need priority first, then the kind.

    4 (a priority-3 transition gap) to 15 (a priority-1 need nobody covers) for the
    group; 1 to 3 for an area gap by priority.

    >>> severity(1, GapKind.UNCOVERED), severity(2, GapKind.UNCOVERED), severity(1, GapKind.AREA)
    (15, 11, 3)
    """
    if kind is GapKind.AREA:
        return 4 - priority
    whole_group = len(KIND_ORDER) - 1
    return 3 + (3 - priority) * whole_group + whole_group - KIND_ORDER.index(kind)


def rank_gaps(
    data: Dataset | Prepared,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: str = "fi",
    coverage_rows: list[CoverageRow] | None = None,
    transitions: list[TransitionGap] | None = None,
    areas: list[AreaGap] | None = None,
) -> list[RankedGap]:
    """All findings in one list, most severe first.

    Order: the findings about a whole group first — need priority (1 first), then
    uncovered, fragile, single-sector, transition — then the area gaps by priority; then
    group id, need id (and the older group or the area). Each finding has a
    `severity` (see `severity`), the providers involved and a one-sentence message.

    Parameters
    ----------
    data : Dataset or Prepared
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Coverage in this area; area gaps inside it (see `coverage`, `area_gaps`).
    lang : str
        "fi" or "en": the language of the messages and names.
    coverage_rows, transitions, areas : list, optional
        Results already computed with the same arguments (computed when not given).

    Returns
    -------
    list of RankedGap

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> for gap in rank_gaps(example_dataset(), as_of=date(2025, 1, 1), lang="en"):
    ...     print(gap.severity, gap.kind.value, gap.group, gap.need)
    14 fragile adults mental
    14 fragile youth mental
    """
    net = prepare(data, as_of=as_of)
    if coverage_rows is None:
        coverage_rows = coverage(net, area=area, lang=lang)
    if transitions is None:
        transitions = transition_gaps(net, area=area, lang=lang)
    if areas is None:
        areas = area_gaps(net, area=area, lang=lang)
    w = Words(lang)
    # coverage counted in one area says so: "nobody" there is not nobody anywhere
    where = (
        w("message.in_area", area=pick(net.areas[area].name, lang))
        if (area is not None and area in net.areas)
        else ""
    )
    out = [
        _from_row(net, row, w, where) for row in coverage_rows if row.status is not Status.COVERED
    ]
    for t in transitions:
        out.append(
            RankedGap(
                kind=GapKind.TRANSITION,
                severity=severity(t.priority, GapKind.TRANSITION),
                priority=t.priority,
                group=t.from_group,
                need=t.need,
                to_group=t.to_group,
                providers=sorted(set(t.from_providers) | set(t.to_providers)),
                message=w(
                    "message.transition",
                    need=t.need_name,
                    group=t.from_group_name,
                    to_group=t.to_group_name,
                ),
            )
        )
    for a in areas:
        out.append(
            RankedGap(
                kind=GapKind.AREA,
                severity=severity(a.priority, GapKind.AREA),
                priority=a.priority,
                group=a.group,
                need=a.need,
                area=a.area,
                providers=[],
                message=w("message.area", need=a.need_name, group=a.group_name, area=a.area_name)
                + ("" if a.residents is None else w("area_gap.residents", n=a.residents)),
                residents=a.residents,
            )
        )
    # (of two area gaps equally severe, the one that leaves more residents without)
    out.sort(
        key=lambda g: (
            -g.severity,
            -(g.residents or 0),
            g.group,
            g.need,
            g.to_group or "",
            g.area or "",
        )
    )
    return out


def _from_row(net: Prepared, row: CoverageRow, w: Words, where: str = "") -> RankedGap:
    kind = GapKind(row.status.value)
    provider = pick(net.providers[row.providers[0]].name, w.lang) if row.providers else ""
    sector = w.sector(row.sectors[0]) if row.sectors else ""
    return RankedGap(
        kind=kind,
        severity=severity(row.priority, kind),
        priority=row.priority,
        group=row.group,
        need=row.need,
        providers=row.providers,
        message=w(
            f"message.{kind.value}",
            need=row.need_name,
            group=row.group_name,
            provider=provider,
            sector=sector,
            count=len(row.providers),
        )
        + where,
    )
