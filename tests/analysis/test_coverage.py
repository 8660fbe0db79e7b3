"""Coverage: one row per HAS_NEED, distinct active providers, status and areas."""

from __future__ import annotations

from graphsvc.analysis import Status, coverage, status_of
from tests.analysis.conftest import DAY, build, run_doctests


def by_pair(rows):
    return {(r.group, r.need): r for r in rows}


def test_statuses_on_a_hand_drawn_network() -> None:
    ds = build(
        demand=[("youth", "none", 1), ("youth", "one"), ("youth", "same"), ("youth", "mixed")],
        providers=[("c1", "city"), ("c2", "city"), ("n1", "ngo")],
        services=[
            {"provider": "c1", "needs": ["one", "same", "mixed"], "groups": "youth"},
            {"provider": "c2", "needs": ["same"], "groups": "youth"},
            {"provider": "n1", "needs": ["mixed"], "min_age": 15, "max_age": 29},
        ],
    )
    rows = by_pair(coverage(ds, as_of=DAY))
    assert rows[("youth", "none")].status is Status.UNCOVERED
    assert rows[("youth", "one")].status is Status.FRAGILE
    assert rows[("youth", "same")].status is Status.SINGLE_SECTOR
    # n1 serves youth only through the age overlap 15–29 ∩ 7–21
    assert rows[("youth", "mixed")].status is Status.COVERED
    assert rows[("youth", "mixed")].providers == ["c1", "n1"]
    assert rows[("youth", "mixed")].sectors == ["city", "ngo"]
    assert rows[("youth", "none")].priority == 1


def test_exactly_one_row_per_group_need_and_providers_counted_once() -> None:
    ds = build(
        demand=[("youth", "n"), ("adults", "n")],
        providers=["p"],
        # two services of one provider: still one provider, so fragile
        services=[
            {"provider": "p", "needs": "n", "groups": "youth"},
            {"provider": "p", "needs": ["n", "other"], "groups": "youth"},
            {"provider": "p", "needs": "other", "groups": "kids"},
        ],  # not demanded
    )
    rows = coverage(ds, as_of=DAY)
    assert [(r.group, r.need) for r in rows] == [("adults", "n"), ("youth", "n")]
    assert [(r.status, r.providers) for r in rows] == [
        (Status.UNCOVERED, []),
        (Status.FRAGILE, ["p"]),
    ]


def test_a_service_must_meet_the_need_and_serve_the_group() -> None:
    ds = build(
        demand=[("youth", "n")],
        providers=["a", "b"],
        services=[
            {"provider": "a", "needs": "n", "groups": "adults"},
            {"provider": "b", "needs": "m", "groups": "youth"},
        ],
    )
    assert coverage(ds, as_of=DAY)[0].status is Status.UNCOVERED


def test_inactive_services_do_not_count() -> None:
    ds = build(
        demand=[("youth", "n")],
        providers=["a", "b"],
        services=[
            {"provider": "a", "needs": "n", "groups": "youth"},
            {"provider": "b", "needs": "n", "groups": "youth", "valid_from": "2030-01-01"},
        ],
    )
    assert coverage(ds, as_of=DAY)[0].providers == ["a"]


AREAS = [
    ("region", "region", None),
    ("city", "municipality", "region"),
    ("north", "district", "city"),
    ("south", "district", "city"),
]


def test_area_counts_services_there_or_in_an_ancestor_or_everywhere() -> None:
    ds = build(
        demand=[("youth", "n")],
        areas=AREAS,
        providers=["everywhere", "citywide", "northern", "southern"],
        services=[
            {"provider": "everywhere", "needs": "n", "groups": "youth"},
            {"provider": "citywide", "needs": "n", "groups": "youth", "areas": "city"},
            {"provider": "northern", "needs": "n", "groups": "youth", "areas": "north"},
            {"provider": "southern", "needs": "n", "groups": "youth", "areas": "south"},
        ],
    )
    assert coverage(ds, as_of=DAY, area="north")[0].providers == [
        "citywide",
        "everywhere",
        "northern",
    ]
    # a district's service does not count for the whole municipality
    assert coverage(ds, as_of=DAY, area="city")[0].providers == ["citywide", "everywhere"]
    assert coverage(ds, as_of=DAY)[0].providers == [
        "citywide",
        "everywhere",
        "northern",
        "southern",
    ]


def test_names_follow_the_language_and_the_row_json_is_the_contract() -> None:
    ds = build(demand=[("youth", "n")])
    row = coverage(ds, as_of=DAY, lang="en")[0]
    assert (row.group_name, row.need_name) == ("group youth", "need n")
    assert row.model_dump(mode="json") == {
        "group": "youth",
        "need": "n",
        "priority": 2,
        "status": "uncovered",
        "providers": [],
        "sectors": [],
        "group_name": "group youth",
        "need_name": "need n",
    }


def test_status_of_counts_sectors() -> None:
    sectors = {"a": "city", "b": "ngo"}
    assert status_of([], sectors) is Status.UNCOVERED
    assert status_of(["a", "a"], sectors) is Status.FRAGILE
    assert status_of(["a", "b"], sectors) is Status.COVERED


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.coverage")
