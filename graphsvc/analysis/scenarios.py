"""Scenarios: change a copy of the graph, run every analysis again, and compare."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from graphsvc.analysis.graph import Prepared, prepare
from graphsvc.analysis.report import gap_report
from graphsvc.analysis.results import (
    ComponentSplit,
    CoverageChange,
    CoverageRow,
    GapReport,
    ScenarioChanges,
    ScenarioDiff,
    ScenarioResult,
    Status,
)
from graphsvc.errors import InvalidData, RelationshipNotFound, UnknownId
from graphsvc.model import Dataset, Partnership, PartnershipKind, Sector

#: worst last: a change to a higher rank is a loss, to a lower one an improvement
RANK = {Status.COVERED: 0, Status.SINGLE_SECTOR: 1, Status.FRAGILE: 2, Status.UNCOVERED: 3}


def parse_sector(value: str) -> Sector:
    """A sector from its name; InvalidData naming the sectors otherwise."""
    try:
        return Sector(value.strip())
    except ValueError:
        raise InvalidData(
            f"{value!r} is not a sector; use one of {', '.join(s.value for s in Sector)}."
        ) from None


def parse_move(value: str) -> tuple[str, Sector]:
    """``"ID=SECTOR"`` -> (provider id, sector).

    >>> parse_move("mll=ngo")
    ('mll', <Sector.NGO: 'ngo'>)
    """
    provider, sep, sector = value.partition("=")
    if not sep or not provider.strip():
        raise InvalidData(f"{value!r}: write a move as PROVIDER_ID=SECTOR, e.g. mll=ngo.")
    return provider.strip(), parse_sector(sector)


def parse_pair(value: str) -> tuple[str, str]:
    """``"A,B"`` -> (A, B), two different provider ids."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InvalidData(f"{value!r}: write a partnership as ID_A,ID_B.")
    if parts[0] == parts[1]:
        raise InvalidData(f"{value!r}: a provider cannot partner with itself.")
    return parts[0], parts[1]


def scenario_changes(
    *,
    remove_providers: Iterable[str] = (),
    remove_sectors: Iterable[str] = (),
    move_sectors: Iterable[str] = (),
    add_partnerships: Iterable[str] = (),
    remove_partnerships: Iterable[str] = (),
) -> ScenarioChanges:
    """Changes from their text forms (as the CLI and forms take them); InvalidData if bad."""
    return ScenarioChanges(
        remove_providers=list(remove_providers),
        remove_sectors=[parse_sector(s) for s in remove_sectors],
        move_sectors=dict(parse_move(m) for m in move_sectors),
        add_partnerships=[parse_pair(p) for p in add_partnerships],
        remove_partnerships=[parse_pair(p) for p in remove_partnerships],
    )


def apply_changes(ds: Dataset, changes: ScenarioChanges) -> Dataset:
    """A changed copy of `ds` (the original is left as it is).

    Order: providers move to their new sectors first; then the providers named and
    those (now) in a removed sector go, with their services and partnerships; then
    partnerships are removed (every kind between the two) and added (kind ``other``).

    Raises
    ------
    UnknownId
        For a provider id that is not in the dataset.
    InvalidData
        For a partnership to remove that does not exist.
    """
    known = {p.id for p in ds.providers}
    named = [
        *changes.remove_providers,
        *changes.move_sectors,
        *(x for pair in (*changes.add_partnerships, *changes.remove_partnerships) for x in pair),
    ]
    missing = sorted({i for i in named if i not in known})
    if missing:
        raise UnknownId(f"no provider with id {', '.join(repr(m) for m in missing)}.")
    for a, b in changes.add_partnerships:
        if a == b:
            raise InvalidData(f"{a!r} cannot partner with itself.")
    providers = [
        p.model_copy(update={"sector": changes.move_sectors[p.id]})
        if p.id in changes.move_sectors
        else p
        for p in ds.providers
    ]
    gone = set(changes.remove_providers) | {
        p.id for p in providers if p.sector in set(changes.remove_sectors)
    }
    providers = [
        p if p.parent not in gone else p.model_copy(update={"parent": None})
        for p in providers
        if p.id not in gone
    ]
    partnerships = [p for p in ds.partnerships if p.source not in gone and p.target not in gone]
    for a, b in changes.remove_partnerships:
        pair = {a, b}
        kept = [p for p in partnerships if {p.source, p.target} != pair]
        if len(kept) == len(partnerships) and not pair & gone:
            raise RelationshipNotFound(
                f"there is no partnership between {a!r} and {b!r} to remove."
            )
        partnerships = kept
    partnerships += [
        Partnership(
            source=a, target=b, kind=PartnershipKind.OTHER, since=None, until=None, note="scenario"
        )
        for a, b in changes.add_partnerships
        if not {a, b} & gone
    ]
    return ds.model_copy(
        update={
            "providers": providers,
            "services": [s for s in ds.services if s.provider not in gone],
            "partnerships": partnerships,
            "networks": [
                n.model_copy(update={"members": [m for m in n.members if m not in gone]})
                for n in ds.networks
            ],
        }
    )


def scenario_picture(ds: Dataset, changes: ScenarioChanges) -> tuple[Dataset, Dataset]:
    """The changed graph (`apply_changes`), and what a picture of the scenario draws.

    The picture is the changed graph with the providers the scenario removes put back
    (a view draws them greyed): each in its sector after the moves, with its services,
    its memberships and the partnerships it had that the scenario does not end. So a
    picture shows the moves and the partnerships begun and ended as well as the losses.
    """
    changed = apply_changes(ds, changes)
    kept = {p.id for p in changed.providers}
    gone = {p.id for p in ds.providers} - kept
    ended = {frozenset(pair) for pair in changes.remove_partnerships}
    drawn = changed.model_copy(
        update={
            "providers": [
                p.model_copy(update={"sector": changes.move_sectors[p.id]})
                if p.id in changes.move_sectors
                else p
                for p in ds.providers
            ],
            "services": ds.services,
            "partnerships": changed.partnerships
            + [
                p
                for p in ds.partnerships
                if {p.source, p.target} & gone and frozenset((p.source, p.target)) not in ended
            ],
            "networks": ds.networks,
        }
    )
    return changed, drawn


def run_scenario(
    ds: Dataset,
    changes: ScenarioChanges,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: str = "fi",
) -> ScenarioResult:
    """Apply `changes` to a copy, run every analysis before and after, and compare.

    Parameters
    ----------
    ds : Dataset
        The whole graph.
    changes : ScenarioChanges
        See `apply_changes` (and `scenario_changes` to build them from text).
    as_of : date, optional
        Count what is active on this day (default: today).
    area : str, optional
        Coverage in this area (see `gap_report`).
    lang : str
        "fi" or "en".

    Returns
    -------
    ScenarioResult
        `before` and `after` gap reports and `diff`: coverage rows newly uncovered,
        newly fragile, newly single-sector, and improved (`resolved`); providers that
        became critical; the partnership components that broke into pieces; new
        transition gaps.

    Examples
    --------
    >>> from graphsvc.analysis.graph import example_dataset
    >>> changes = scenario_changes(remove_sectors=["wellbeing_county"])
    >>> result = run_scenario(example_dataset(), changes, as_of=date(2025, 1, 1))
    >>> [(c.group, c.need) for c in result.diff.newly_uncovered]
    [('adults', 'mental'), ('youth', 'mental')]
    >>> result.diff.components_before, result.diff.components_after
    (2, 3)
    """
    before_net = prepare(ds, as_of=as_of)
    after_net = prepare(apply_changes(ds, changes), as_of=before_net.as_of)
    before = gap_report(before_net, area=area, lang=lang)
    after = gap_report(after_net, area=area, lang=lang)
    return ScenarioResult(
        changes=changes,
        before=before,
        after=after,
        diff=compare(before_net, after_net, before, after),
    )


def compare(
    before_net: Prepared, after_net: Prepared, before: GapReport, after: GapReport
) -> ScenarioDiff:
    """The differences between two reports of the same demand side."""
    old = {(r.group, r.need): r for r in before.coverage}
    changes = [
        _change(old[(r.group, r.need)], r) for r in after.coverage if (r.group, r.need) in old
    ]
    worse = [c for c in changes if RANK[c.after] > RANK[c.before]]
    was_critical = {c.provider for c in before.critical_providers}
    old_gaps = {(t.from_group, t.to_group, t.need) for t in before.transition_gaps}
    return ScenarioDiff(
        newly_uncovered=[c for c in worse if c.after is Status.UNCOVERED],
        newly_fragile=[c for c in worse if c.after is Status.FRAGILE],
        newly_single_sector=[c for c in worse if c.after is Status.SINGLE_SECTOR],
        resolved=[c for c in changes if RANK[c.after] < RANK[c.before]],
        new_critical_providers=sorted(
            c.provider for c in after.critical_providers if c.provider not in was_critical
        ),
        components_before=len(before_net.components),
        components_after=len(after_net.components),
        split_components=split_components(before_net, after_net),
        new_transition_gaps=[
            t for t in after.transition_gaps if (t.from_group, t.to_group, t.need) not in old_gaps
        ],
    )


def _change(old: CoverageRow, new: CoverageRow) -> CoverageChange:
    return CoverageChange(
        group=new.group,
        need=new.need,
        before=old.status,
        after=new.status,
        providers_before=old.providers,
        providers_after=new.providers,
    )


def split_components(before: Prepared, after: Prepared) -> list[ComponentSplit]:
    """Components of the partnership graph before that fall into two or more pieces
    after (providers removed by the scenario are not counted as pieces)."""
    piece_of = {p: i for i, comp in enumerate(after.components) for p in comp}
    out = []
    for comp in before.components:
        sizes: dict[int, int] = {}
        for p in comp:
            if p in piece_of:
                sizes[piece_of[p]] = sizes.get(piece_of[p], 0) + 1
        if len(sizes) >= 2:
            out.append(
                ComponentSplit(
                    anchor=comp[0],
                    providers=len(comp),
                    into=len(sizes),
                    piece_sizes=sorted(sizes.values(), reverse=True),
                )
            )
    return out
