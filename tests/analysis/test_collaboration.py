"""Collaboration: each group's network, density, Freeman centralization, untied pairs."""

from __future__ import annotations

import pytest

from graphsvc.analysis import collaboration, degree_centralization, density, network_summary
from graphsvc.analysis.collaboration import components_within, untied_pairs
from tests.analysis.conftest import DAY, build, run_doctests


@pytest.mark.parametrize(
    ("degrees", "expected"),
    [
        ([3, 1, 1, 1], 1.0),  # star: the most centralized graph
        ([2, 2, 2], 0.0),  # triangle
        ([1, 2, 2, 1], 2 / 6),  # path of four: (0 + 0 + 1 + 1) / (3 · 2)
        ([1, 1], 0.0),  # n ≤ 2 is defined as 0
        ([0], 0.0),
        ([], 0.0),
    ],
    ids=["star", "triangle", "path4", "pair", "single", "empty"],
)
def test_freeman_degree_centralization(degrees, expected) -> None:
    assert degree_centralization(degrees) == pytest.approx(expected)


def test_density() -> None:
    assert density(4, 6) == 1.0
    assert density(5, 2) == pytest.approx(0.2)  # 2 of 10 possible ties
    assert density(1, 0) == 0.0


GROUP_NET = build(
    demand=[("youth", "sport"), ("youth", "school")],
    providers=[("a", "city"), ("b", "ngo"), ("c", "ngo"), ("d", "city"), ("hub", "state")],
    services=[{"provider": p, "needs": "sport", "groups": "youth"} for p in "abc"]
    + [
        {"provider": "d", "needs": "school", "groups": "youth"},
        {"provider": "hub", "needs": "sport", "groups": "adults"},
    ],  # not in youth's network
    ties=[("a", "b"), ("b", "hub"), ("hub", "c"), ("hub", "d")],
)


def test_group_network_leaves_out_providers_that_do_not_cover_the_group() -> None:
    [youth] = collaboration(GROUP_NET, as_of=DAY)
    assert youth.providers == ["a", "b", "c", "d"]
    # the hub ties b, c and d together, but it does not serve youth: its ties drop out
    assert youth.components == [["a", "b"], ["c"], ["d"]]
    assert youth.isolated == ["c", "d"]
    assert youth.ties == 1
    assert youth.density == pytest.approx(1 / 6)
    assert youth.centralization == pytest.approx((0 + 0 + 1 + 1) / (3 * 2))
    assert youth.ei_index == 1.0  # the one tie joins city and ngo


def test_untied_pairs_per_need() -> None:
    [youth] = collaboration(GROUP_NET, as_of=DAY)
    sport = next(n for n in youth.needs if n.need == "sport")
    assert sport.providers == 3
    assert sport.untied_pairs == [("a", "c"), ("b", "c")]  # only a–b are tied
    assert (sport.untied_pairs_count, sport.truncated) == (2, False)
    school = next(n for n in youth.needs if n.need == "school")
    assert (school.untied_pairs_count, school.untied_pairs) == (0, [])


def test_untied_pairs_are_counted_exactly_and_listed_up_to_a_limit() -> None:
    adj = {p: set() for p in "abcde"} | {"a": {"b"}, "b": {"a"}}
    count, pairs = untied_pairs(adj, "abcde", limit=3)
    assert count == 10 - 1
    assert pairs == [("a", "c"), ("a", "d"), ("a", "e")]


def test_components_within_ignore_ties_through_outsiders() -> None:
    adj = {"a": {"x"}, "x": {"a", "b"}, "b": {"x"}}
    assert components_within(adj, ["a", "b"]) == [["a"], ["b"]]
    assert components_within(adj, ["a", "b", "x"]) == [["a", "b", "x"]]


def test_network_summary_of_the_whole_graph() -> None:
    s = network_summary(GROUP_NET, as_of=DAY)
    assert (s.providers, s.ties, s.components, s.isolated, s.largest_component) == (5, 4, 1, 0, 5)
    # a–b–hub–{c, d}: b and hub are articulation points, and every tie is a bridge
    assert (s.articulation_points, s.bridges) == (2, 4)
    assert s.centralization == pytest.approx((2 + 1 + 0 + 2 + 2) / (4 * 3))


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.collaboration")
