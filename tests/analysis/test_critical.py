"""Critical providers: articulation points, sole providers, impact, bridges."""

from __future__ import annotations

from graphsvc.analysis import critical_providers
from tests.analysis.conftest import DAY, build, run_doctests


def by_id(result):
    return {c.provider: c for c in result.providers}


def test_articulation_points_and_bridges_of_a_path_and_a_triangle() -> None:
    # a – b – c, and the triangle x y z hanging off c by the bridge c – x
    ds = build(
        providers=list("abcxyz"),
        ties=[("a", "b"), ("b", "c"), ("c", "x"), ("x", "y"), ("y", "z"), ("z", "x")],
    )
    result = critical_providers(ds, as_of=DAY)
    crit = by_id(result)
    assert set(crit) == {"b", "c", "x"}  # y and z sit on a cycle: no single point
    assert {p: c.impact.splits_into for p, c in crit.items()} == {"b": 2, "c": 2, "x": 2}
    assert all(c.reasons == ["articulation_point"] for c in crit.values())
    assert result.bridges == [("a", "b"), ("b", "c"), ("c", "x")]


def test_a_hub_splits_into_as_many_pieces_as_it_has_blocks() -> None:
    # star: removing the centre leaves three isolated providers
    ds = build(providers=list("habc"), ties=[("h", "a"), ("h", "b"), ("h", "c")])
    assert by_id(critical_providers(ds, as_of=DAY))["h"].impact.splits_into == 3


def test_sole_providers_with_their_pairs_and_impact() -> None:
    ds = build(
        demand=[("youth", "n1", 1), ("adults", "n1"), ("youth", "n2")],
        providers=["solo", "x", "y", "lonely"],
        services=[
            {"provider": "solo", "needs": ["n1"], "groups": ["youth", "adults"]},
            {"provider": "x", "needs": "n2", "groups": "youth"},
            {"provider": "y", "needs": "n2", "groups": "youth"},
        ],
        # solo – x – y – solo is a cycle: nobody is an articulation point
        ties=[("solo", "x"), ("x", "y"), ("y", "solo")],
    )
    crit = by_id(critical_providers(ds, as_of=DAY))
    assert list(crit) == ["solo"]
    solo = crit["solo"]
    assert solo.reasons == ["sole_provider"]
    pairs = [(r.group, r.need) for r in solo.sole_provider_of]
    assert pairs == [("adults", "n1"), ("youth", "n1")]
    assert [(r.group, r.need) for r in solo.impact.uncovered] == pairs
    assert solo.impact.splits_into == 1  # its component stays in one piece
    assert solo.impact.fragile == []


def test_both_reasons_ordering_and_fragile_impact() -> None:
    ds = build(
        demand=[("youth", "n"), ("youth", "m")],
        providers=["a", "b", "c", "iso"],
        services=[
            {"provider": "b", "needs": "n", "groups": "youth"},
            {"provider": "b", "needs": "m", "groups": "youth"},
            {"provider": "c", "needs": "m", "groups": "youth"},
            {"provider": "iso", "needs": "x", "groups": "youth"},
        ],
        ties=[("a", "b"), ("b", "c")],  # b is the middle of a path
    )
    demand_iso = build(
        demand=[("youth", "x")],
        providers=["iso"],
        services=[{"provider": "iso", "needs": "x", "groups": "youth"}],
    )
    crit = critical_providers(ds, as_of=DAY).providers
    assert [c.provider for c in crit] == ["b"]
    assert crit[0].reasons == ["articulation_point", "sole_provider"]
    assert [(r.group, r.need) for r in crit[0].impact.fragile] == [("youth", "m")]
    [iso] = critical_providers(demand_iso, as_of=DAY).providers
    assert (iso.provider, iso.impact.splits_into) == ("iso", 0)  # isolated: no component


def test_sole_provider_in_an_area() -> None:
    ds = build(
        demand=[("youth", "n")],
        areas=[("city", "municipality", None), ("north", "district", "city")],
        providers=["everywhere", "northern"],
        services=[
            {"provider": "everywhere", "needs": "n", "groups": "youth"},
            {"provider": "northern", "needs": "n", "groups": "youth", "areas": "north"},
        ],
    )
    assert critical_providers(ds, as_of=DAY).providers == []
    # only the service with no area counts in the municipality as a whole
    assert [c.provider for c in critical_providers(ds, as_of=DAY, area="city").providers] == [
        "everywhere"
    ]


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.critical")
