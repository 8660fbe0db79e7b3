"""The rules every analysis rests on: activity, who a service serves, areas, the graph."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graphsvc.analysis.graph import (
    area_chain,
    counts_in,
    partnership_graph,
    prepare,
    served_groups,
)
from graphsvc.model import Service, TargetGroup
from tests.analysis.conftest import DAY, build, run_doctests

GROUPS = [
    TargetGroup(id=g, name=g, kind="age", min_age=lo, max_age=hi)
    for g, lo, hi in (("kids", 0, 6), ("youth", 7, 21), ("adults", 22, 65))
]
GROUPS.append(TargetGroup(id="seniors", name="seniors", kind="age", min_age=66))
GROUPS.append(TargetGroup(id="mental", name="mental", kind="special"))


def service(**kw: object) -> Service:
    # None is left out: model.Age rejects an explicit null (reported)
    return Service(id="s", name="s", provider="p", **{k: v for k, v in kw.items() if v is not None})


@pytest.mark.parametrize(
    ("ages", "served"),
    [
        ((21, 30), ["youth", "adults"]),  # 21 and 22 are both ends: inclusive
        ((0, 6), ["kids"]),
        ((6.5, 6.9), []),  # falls between two groups
        ((60, None), ["adults", "seniors"]),  # a missing max is open
        ((None, 3), ["kids"]),  # a missing min is open
        ((None, None), []),  # neither groups nor ages: nobody
    ],
    ids=["inclusive-bounds", "one-group", "between-groups", "open-max", "open-min", "none"],
)
def test_service_without_groups_serves_age_groups_it_overlaps(ages, served) -> None:
    s = service(min_age=ages[0], max_age=ages[1])
    assert served_groups(s, GROUPS) == served


def test_explicit_groups_win_over_ages_and_special_groups_are_only_explicit() -> None:
    # ages 0–99 would overlap every age group, but the explicit list decides
    assert served_groups(service(groups=["mental"], min_age=0, max_age=99), GROUPS) == ["mental"]
    assert "mental" not in served_groups(service(min_age=0, max_age=99), GROUPS)


def test_active_bounds_are_inclusive_and_a_service_of_an_inactive_provider_is_inactive():
    before = DAY - timedelta(days=1)
    ds = build(
        demand=[("youth", "n")],
        providers=[
            {"id": "ends-today", "valid_to": DAY.isoformat()},
            {"id": "starts-today", "valid_from": DAY.isoformat()},
            {"id": "ended", "valid_to": before.isoformat()},
        ],
        services=[
            {"provider": "ends-today", "needs": "n", "groups": "youth"},
            {
                "provider": "starts-today",
                "needs": "n",
                "groups": "youth",
                "valid_to": before.isoformat(),
                "valid_from": "2000-01-01",
            },
            # the service itself is open, but its provider ended yesterday
            {"provider": "ended", "needs": "n", "groups": "youth"},
        ],
    )
    net = prepare(ds, as_of=DAY)
    assert set(net.providers) == {"ends-today", "starts-today"}
    assert net.cover()[("youth", "n")] == {"ends-today"}


def test_partnership_activity_is_inclusive_too() -> None:
    ds = build(
        providers=["a", "b", "c"],
        ties=[
            {"source": "a", "target": "b", "since": DAY.isoformat()},
            {"source": "b", "target": "c", "until": (DAY - timedelta(days=1)).isoformat()},
        ],
    )
    assert sorted(prepare(ds, as_of=DAY).graph.edges()) == [("a", "b")]


def test_partnership_graph_keeps_isolated_providers_and_collapses_kinds() -> None:
    ds = build(
        providers=["a", {"id": "b", "parent": "a"}, "c"],  # PART_OF is not a tie
        ties=[("a", "c", "grant"), ("c", "a", "referral")],
    )
    g = partnership_graph(ds.providers, ds.partnerships)
    assert sorted(g.nodes()) == ["a", "b", "c"]
    assert g.number_of_edges() == 1
    assert g.edges["a", "c"]["kinds"] == ["grant", "referral"]


def test_area_chain_walks_up_and_stops_on_a_cycle() -> None:
    parents = {"d": "m", "m": "r", "r": None, "x": "y", "y": "x"}
    assert area_chain("d", parents) == {"d", "m", "r"}
    assert area_chain("x", parents) == {"x", "y"}
    assert counts_in(None, frozenset({"d"}))  # a service with no area counts everywhere
    assert counts_in(frozenset({"m"}), area_chain("d", parents))
    assert not counts_in(frozenset({"d"}), area_chain("m", parents))


def test_duplicate_group_needs_make_one_pair() -> None:
    net = prepare(build(demand=[("youth", "n", 1), ("youth", "n", 3)]), as_of=DAY)
    assert list(net.demand) == [("youth", "n")]
    assert net.demand[("youth", "n")].priority == 1


def test_prepare_is_idempotent_but_not_across_days() -> None:
    net = prepare(build(), as_of=DAY)
    assert prepare(net) is net
    with pytest.raises(ValueError, match="prepared for"):
        prepare(net, as_of=date(2020, 1, 1))


def test_prepare_defaults_to_today() -> None:
    assert prepare(build()).as_of == date.today()


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.graph")
