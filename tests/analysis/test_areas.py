"""Area gaps: districts where a (group, need) offered somewhere has no service."""

from __future__ import annotations

from graphsvc.analysis import area_gaps
from tests.analysis.conftest import DAY, build, run_doctests

AREAS = [
    ("region", "region", None),
    ("city", "municipality", "region"),
    ("north", "district", "city"),
    ("south", "district", "city"),
    ("town", "municipality", "region"),
    ("village", "district", "town"),
]


def gaps(services, demand=(("youth", "n"),), area=None):
    ds = build(demand=list(demand), areas=AREAS, providers=["p", "q"], services=services)
    return [(g.group, g.need, g.area) for g in area_gaps(ds, as_of=DAY, area=area)]


def test_a_district_service_leaves_the_other_districts_open() -> None:
    found = gaps([{"provider": "p", "needs": "n", "groups": "youth", "areas": "north"}])
    # only district-kind areas are listed: not the city, town or region
    assert found == [("youth", "n", "south"), ("youth", "n", "village")]


def test_a_service_in_a_parent_area_counts_in_its_districts() -> None:
    found = gaps([{"provider": "p", "needs": "n", "groups": "youth", "areas": "city"}])
    assert found == [("youth", "n", "village")]
    everywhere = [{"provider": "p", "needs": "n", "groups": "youth", "areas": "region"}]
    assert gaps(everywhere) == []


def test_a_service_with_no_area_counts_everywhere() -> None:
    assert (
        gaps(
            [
                {"provider": "p", "needs": "n", "groups": "youth", "areas": "north"},
                {"provider": "q", "needs": "n", "groups": "youth"},
            ]
        )
        == []
    )


def test_a_pair_with_no_provider_anywhere_is_left_to_coverage() -> None:
    assert gaps([], demand=[("youth", "n")]) == []


def test_area_option_keeps_the_districts_inside_it() -> None:
    service = [{"provider": "p", "needs": "n", "groups": "youth", "areas": "north"}]
    assert gaps(service, area="town") == [("youth", "n", "village")]
    assert gaps(service, area="south") == [("youth", "n", "south")]


def test_row_carries_priority_count_and_names() -> None:
    ds = build(
        demand=[("youth", "n", 1)],
        areas=AREAS,
        providers=["p", "q"],
        services=[{"provider": p, "needs": "n", "groups": "youth", "areas": "north"} for p in "pq"],
    )
    gap = area_gaps(ds, as_of=DAY, lang="en")[0]
    assert (gap.priority, gap.providers_elsewhere, gap.area_name, gap.need_name) == (
        1,
        2,
        "South",
        "need n",
    )


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.areas")
