"""Transitions between consecutive age groups: shared provider, direct tie, or a gap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from graphsvc.analysis import transition_gaps
from tests.analysis.conftest import DAY, build, run_doctests


def two_sides(ties=(), extra_services=(), providers=("y1", "y2", "o1")):
    return build(
        demand=[("youth", "n", 1), ("adults", "n", 3)],
        providers=list(providers),
        services=[
            {"provider": "y1", "needs": "n", "groups": "youth"},
            {"provider": "y2", "needs": "n", "groups": "youth"},
            {"provider": "o1", "needs": "n", "groups": "adults"},
            *extra_services,
        ],
        ties=list(ties),
    )


def test_no_shared_provider_and_no_tie_is_a_gap() -> None:
    ds = two_sides(ties=[("y1", "y2")])  # a tie inside the younger side does not help
    [gap] = transition_gaps(ds, as_of=DAY)
    assert (gap.from_group, gap.to_group, gap.need) == ("youth", "adults", "n")
    assert (gap.from_providers, gap.to_providers) == (["y1", "y2"], ["o1"])
    assert gap.priority == 1  # the more urgent side


def test_a_direct_tie_across_closes_the_gap() -> None:
    assert transition_gaps(two_sides(ties=[("o1", "y2")]), as_of=DAY) == []


def test_a_tie_through_a_third_provider_does_not() -> None:
    ds = two_sides(ties=[("y1", "mid"), ("mid", "o1")], providers=("y1", "y2", "o1", "mid"))
    assert len(transition_gaps(ds, as_of=DAY)) == 1


def test_an_ended_tie_does_not_count() -> None:
    ended = {"source": "y1", "target": "o1", "until": (DAY - timedelta(days=1)).isoformat()}
    assert len(transition_gaps(two_sides(ties=[ended]), as_of=DAY)) == 1


def test_a_provider_on_both_sides_closes_the_gap() -> None:
    both = {"provider": "y1", "needs": "n", "min_age": 18, "max_age": 25}  # by age overlap
    assert transition_gaps(two_sides(extra_services=[both]), as_of=DAY) == []


def test_a_side_with_no_provider_is_a_coverage_gap_not_a_transition_gap() -> None:
    ds = build(
        demand=[("youth", "n"), ("adults", "n")],
        providers=["y"],
        services=[{"provider": "y", "needs": "n", "groups": "youth"}],
    )
    assert transition_gaps(ds, as_of=DAY) == []


def test_only_needs_both_groups_have_and_only_consecutive_age_groups() -> None:
    ds = build(
        groups=["adults", "kids", "youth", ("special", "special")],
        demand=[("kids", "n"), ("adults", "n"), ("youth", "m"), ("adults", "m"), ("special", "m")],
        providers=["k", "a", "y", "s"],
        services=[
            {"provider": "k", "needs": "n", "groups": "kids"},
            {"provider": "a", "needs": ["n", "m"], "groups": "adults"},
            {"provider": "y", "needs": "m", "groups": "youth"},
            {"provider": "s", "needs": "m", "groups": "special"},
        ],
    )
    # kids→youth: no common need; youth→adults: m only; kids and adults are not
    # consecutive (youth is between them by min_age), and special groups never are
    gaps = transition_gaps(ds, as_of=DAY)
    assert [(g.from_group, g.to_group, g.need) for g in gaps] == [("youth", "adults", "m")]


@pytest.mark.parametrize("lang,name", [("fi", "ryhmä youth"), ("en", "group youth")])
def test_names(lang, name) -> None:
    assert transition_gaps(two_sides(), as_of=DAY, lang=lang)[0].from_group_name == name


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.transitions")
