"""Scenarios: changes applied to a copy, everything again, and the differences."""

from __future__ import annotations

import pytest

from graphsvc.analysis import ScenarioChanges, apply_changes, run_scenario, scenario_changes
from graphsvc.analysis.scenarios import parse_move, parse_pair
from graphsvc.errors import InvalidData, RelationshipNotFound, UnknownId
from graphsvc.model import Sector
from tests.analysis.conftest import DAY, build, run_doctests

# n of youth: c (city) and w (wellbeing county); m of youth: w alone; k of youth: c and c2.
# Ties: c – w – o, and c2 isolated.
NET = build(
    demand=[("youth", "n", 1), ("youth", "m", 2), ("youth", "k", 3)],
    providers=[("c", "city"), ("c2", "city"), ("w", "wellbeing_county"), ("o", "ngo")],
    services=[
        {"provider": "c", "needs": ["n", "k"], "groups": "youth"},
        {"provider": "w", "needs": ["n", "m"], "groups": "youth"},
        {"provider": "c2", "needs": "k", "groups": "youth"},
    ],
    ties=[("c", "w"), ("w", "o")],
)


def scenario(**changes):
    return run_scenario(NET, scenario_changes(**changes), as_of=DAY)


def pairs(changes):
    return [(c.need, c.before.value, c.after.value) for c in changes]


def test_removing_a_sector() -> None:
    result = scenario(remove_sectors=["wellbeing_county"])
    d = result.diff
    assert pairs(d.newly_uncovered) == [("m", "fragile", "uncovered")]
    assert pairs(d.newly_fragile) == [("n", "covered", "fragile")]
    assert d.new_critical_providers == ["c"]  # now the sole provider of n
    # c – w – o loses its middle: the component breaks into c and o
    assert (d.components_before, d.components_after) == (2, 3)
    assert [(s.anchor, s.providers, s.into, s.piece_sizes) for s in d.split_components] == [
        ("c", 3, 2, [1, 1])
    ]
    assert result.before.summary["uncovered"] == 0 and result.after.summary["uncovered"] == 1


def test_removing_a_provider_makes_new_critical_ones() -> None:
    d = scenario(remove_providers=["c2"]).diff
    assert pairs(d.newly_fragile) == [("k", "single_sector", "fragile")]
    assert d.new_critical_providers == ["c"]  # now the sole provider of k


def test_moving_a_sector_first_then_removing() -> None:
    d = scenario(move_sectors=["w=city"]).diff
    assert pairs(d.newly_single_sector) == [("n", "covered", "single_sector")]
    # moved before the removal: w is city now, so removing wellbeing_county keeps it
    d = scenario(move_sectors=["w=city"], remove_sectors=["wellbeing_county"]).diff
    assert d.newly_uncovered == [] and d.components_after == 2


def test_adding_and_removing_partnerships() -> None:
    d = scenario(add_partnerships=["c2,o"]).diff
    assert (d.components_before, d.components_after) == (2, 1)
    d = scenario(remove_partnerships=["w,c"]).diff  # either direction, every kind
    assert [(s.anchor, s.into) for s in d.split_components] == [("c", 2)]


def test_resolved() -> None:
    d = scenario(move_sectors=["c2=ngo"]).diff
    assert pairs(d.resolved) == [("k", "single_sector", "covered")]


def test_the_original_is_left_as_it_is() -> None:
    before = NET.model_dump()
    apply_changes(
        NET,
        scenario_changes(remove_sectors=["city"], move_sectors=["w=ngo"], add_partnerships=["c,o"]),
    )
    assert NET.model_dump() == before


def test_unknown_ids_and_sectors_are_clear_errors() -> None:
    with pytest.raises(UnknownId, match="'ghost'"):
        apply_changes(NET, ScenarioChanges(remove_providers=["ghost"]))
    with pytest.raises(UnknownId, match="'ghost'"):
        apply_changes(NET, scenario_changes(add_partnerships=["c,ghost"]))
    with pytest.raises(InvalidData, match="not a sector; use one of city"):
        scenario_changes(remove_sectors=["cty"])
    with pytest.raises(RelationshipNotFound, match="no partnership between 'c' and 'o'"):
        apply_changes(NET, scenario_changes(remove_partnerships=["c,o"]))


@pytest.mark.parametrize("text", ["w", "=city", "w=nowhere"])
def test_bad_moves(text) -> None:
    with pytest.raises(InvalidData):
        parse_move(text)


@pytest.mark.parametrize("text", ["a", "a,b,c", "a,", "a,a"])
def test_bad_pairs(text) -> None:
    with pytest.raises(InvalidData):
        parse_pair(text)


def test_parsed_forms() -> None:
    assert parse_move(" w = ngo ") == ("w", Sector.NGO)
    assert parse_pair("a, b") == ("a", "b")


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.scenarios")
