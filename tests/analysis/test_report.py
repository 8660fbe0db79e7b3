"""The gap report: everything at once, the JSON contract, filters and unknown ids."""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.analysis import coverage, gap_report, network_report, prepare
from graphsvc.analysis.report import coverage_report
from graphsvc.errors import InvalidData, UnknownId
from graphsvc.synth import generate
from tests.analysis.conftest import DAY, build, run_doctests

NET = build(
    demand=[("youth", "n", 1), ("adults", "n", 2), ("adults", "m", 3)],
    areas=[
        ("city", "municipality", None),
        ("north", "district", "city"),
        ("south", "district", "city"),
    ],
    providers=[("y", "city"), ("a", "ngo"), ("b", "ngo"), ("hub", "state")],
    services=[
        {"provider": "y", "needs": "n", "groups": "youth", "areas": "north"},
        {"provider": "a", "needs": ["n", "m"], "groups": "adults"},
        {"provider": "b", "needs": "m", "groups": "adults"},
    ],
    # y and a are tied only through the hub: a transition gap, and hub is critical
    ties=[("y", "hub"), ("hub", "a"), ("a", "b")],
)


def test_json_has_the_documented_shape() -> None:
    data = gap_report(NET, as_of=DAY).model_dump(mode="json")
    assert {
        "as_of",
        "coverage",
        "critical_providers",
        "transition_gaps",
        "area_gaps",
        "ranked",
        "network",
        "collaboration",
        "brokers",
        "bridges",
        "summary",
        "provider_names",
    } <= set(data)
    assert data["as_of"] == "2025-06-01"
    assert {"group", "need", "priority", "status", "providers", "sectors"} <= set(
        data["coverage"][0]
    )
    assert {"provider", "reasons", "impact"} <= set(data["critical_providers"][0])
    assert data["transition_gaps"][0]["from_group"] == "youth"
    assert {"to_group", "need"} <= set(data["transition_gaps"][0])
    assert {"group", "need", "area"} <= set(data["area_gaps"][0])
    assert set(data["ranked"][0]) == {
        "kind",
        "severity",
        "priority",
        "group",
        "need",
        "to_group",
        "area",
        "providers",
        "message",
        "residents",  # (of an area gap, with a population table)
    }
    assert data["group_areas"] == []  # (no population table given)


def test_everything_found_once() -> None:
    report = gap_report(NET, as_of=DAY)
    assert [(r.group, r.need, r.status.value) for r in report.coverage] == [
        ("adults", "m", "single_sector"),
        ("adults", "n", "fragile"),
        ("youth", "n", "fragile"),
    ]
    assert {c.provider: c.reasons for c in report.critical_providers} == {
        "y": ["sole_provider"],
        "a": ["articulation_point", "sole_provider"],
        "hub": ["articulation_point"],
    }
    assert [(t.from_group, t.to_group, t.need) for t in report.transition_gaps] == [
        ("youth", "adults", "n")
    ]
    assert [(g.group, g.area) for g in report.area_gaps] == [("youth", "south")]
    assert report.summary == {
        "uncovered": 0,
        "fragile": 2,
        "single_sector": 1,
        "covered": 0,
        "critical_providers": 3,
        "transition_gaps": 1,
        "area_gaps": 1,
        "ranked": 5,
    }
    assert report.provider_names["hub"] == "tuottaja hub"


def test_filters_keep_rows_but_not_the_network_analysis() -> None:
    whole = gap_report(NET, as_of=DAY)
    youth = gap_report(NET, as_of=DAY, group="youth")
    assert [(r.group, r.need) for r in youth.coverage] == [("youth", "n")]
    # the transition youth → adults concerns youth, so it stays
    assert len(youth.transition_gaps) == 1
    assert {r.group for r in youth.ranked} == {"youth"}
    assert youth.network == whole.network
    assert youth.bridges == whole.bridges
    # b covers nothing of youth's: gone; hub covers nothing at all
    assert sorted(c.provider for c in youth.critical_providers) == ["y"]
    only_m = gap_report(NET, as_of=DAY, need="m")
    assert [(r.group, r.need) for r in only_m.coverage] == [("adults", "m")]
    assert only_m.transition_gaps == [] and only_m.area_gaps == []


def test_area_changes_the_counting() -> None:
    south = gap_report(NET, as_of=DAY, area="south")
    assert [(r.group, r.need, r.status.value) for r in south.coverage][-1] == (
        "youth",
        "n",
        "uncovered",
    )
    assert south.transition_gaps == []  # one side empty: a coverage gap instead
    assert [g.area for g in gap_report(NET, as_of=DAY, area="north").area_gaps] == []


@pytest.mark.parametrize(
    ("option", "value"), [("group", "nope"), ("need", "nope"), ("area", "nope")]
)
def test_unknown_ids_are_errors(option, value) -> None:
    with pytest.raises(UnknownId, match=f"^{option}: no .* 'nope'"):
        gap_report(NET, as_of=DAY, **{option: value})


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(InvalidData, match="fi or en"):
        gap_report(NET, as_of=DAY, lang="sv")


def test_coverage_and_network_reports() -> None:
    cov = coverage_report(NET, as_of=DAY, group="adults")
    assert [r.need for r in cov.coverage] == ["m", "n"]
    net = network_report(NET, as_of=DAY, group="adults")
    assert [c.group for c in net.collaboration] == ["adults"]
    assert net.articulation_points == ["a"]  # hub is one too, but not in adults' network
    assert {b.provider for b in net.brokers.brokers} == {"a", "b"}
    assert network_report(NET, as_of=DAY).articulation_points == ["a", "hub"]


def test_default_day_is_today() -> None:
    assert gap_report(NET).as_of == date.today()


def test_a_synthetic_city_is_consistent() -> None:
    ds = generate(300, 5)
    net = prepare(ds, as_of=DAY)
    report = gap_report(net)
    pairs = {(g.group, g.need) for g in ds.group_needs}
    assert len(report.coverage) == len(pairs)
    assert report.coverage == coverage(net)
    statuses = {r.status.value for r in report.coverage}
    assert "uncovered" in statuses and "covered" in statuses
    assert report.network.providers == len(net.providers)
    severities = [g.severity for g in report.ranked]
    assert severities == sorted(severities, reverse=True)


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.report")


def test_the_same_network_in_another_order_gives_the_same_report() -> None:
    from graphsvc.analysis import gap_report
    from graphsvc.demo import demo_dataset

    ds = demo_dataset()
    shuffled = ds.model_copy(
        update={
            "providers": list(reversed(ds.providers)),
            "partnerships": list(reversed(ds.partnerships)),
            "services": list(reversed(ds.services)),
        }
    )
    day = date(2026, 1, 1)
    assert gap_report(shuffled, as_of=day).model_dump() == gap_report(ds, as_of=day).model_dump()
