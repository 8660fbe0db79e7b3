"""Two days side by side, on a hand-built network whose answers are worked out by hand.

The network: the city's clinic ends on 2022-12-31 and the county's clinic starts on
2023-01-01 (the same need, mental, for youth); the NGO's club runs 2020-2022 only; the
city's and the NGO's tie ends with the club; the county ties to the NGO from 2023.
"""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.analysis import compare_days
from graphsvc.errors import InvalidData
from tests.analysis.conftest import build, run_doctests

OLD, NEW = date(2022, 12, 31), date(2023, 1, 1)

NET = build(
    groups=["youth"],
    demand=[("youth", "mental"), ("youth", "hobbies")],
    providers=[
        {"id": "city", "name": "Kaupungin klinikka", "valid_to": "2022-12-31"},
        {"id": "county", "name": "Alueen klinikka", "sector": "wellbeing_county"}
        | {"valid_from": "2023-01-01"},
        ("ngo", "ngo"),
        ("school", "city"),
    ],
    services=[
        {"id": "s-city", "provider": "city", "needs": "mental", "groups": "youth"},
        {"id": "s-county", "provider": "county", "needs": "mental", "groups": "youth"},
        {
            "id": "s-club",
            "provider": "ngo",
            "needs": "hobbies",
            "groups": "youth",
            "valid_from": "2020-01-01",
            "valid_to": "2022-12-31",
        },
        {"id": "s-school", "provider": "school", "needs": "hobbies", "groups": "youth"},
    ],
    ties=[
        {"source": "city", "target": "ngo", "kind": "grant"},
        {"source": "county", "target": "ngo", "kind": "referral"},
        {"source": "school", "target": "ngo", "kind": "project", "until": "2022-12-31"},
    ],
)


def test_what_appeared_and_ended() -> None:
    t = compare_days(NET, OLD, NEW)
    assert [p.id for p in t.providers_appeared] == ["county"]
    assert [p.id for p in t.providers_ended] == ["city"]
    assert t.providers_appeared[0].sector == "wellbeing_county"
    assert [s.id for s in t.services_appeared] == ["s-county"]
    assert sorted(s.id for s in t.services_ended) == ["s-city", "s-club"]
    assert [(p.source, p.target, p.kind) for p in t.partnerships_appeared] == [
        ("county", "ngo", "referral")
    ]
    assert [(p.source, p.target) for p in t.partnerships_ended] == [
        ("city", "ngo"),
        ("school", "ngo"),
    ]
    assert t.partnerships_ended[0].source_name == "Kaupungin klinikka"


def test_which_gaps_opened_and_closed() -> None:
    t = compare_days(NET, OLD, NEW)
    # mental: the city's clinic alone before, the county's alone after: fragile both days
    # hobbies: the NGO's club and the school (two sectors) before; the school alone after
    assert [(c.need, c.before.value, c.after.value) for c in t.diff.newly_fragile] == [
        ("hobbies", "covered", "fragile")
    ]
    assert t.diff.newly_uncovered == [] and t.diff.resolved == []
    assert t.summary_before["covered"] == 1 and t.summary_after["covered"] == 0
    # the other way round, the same gap closes
    back = compare_days(NET, date(2022, 6, 1), OLD)
    assert back.diff.resolved == [] and back.providers_ended == []


def test_a_gap_that_closes() -> None:
    t = compare_days(NET, date(2019, 12, 31), date(2020, 1, 1))  # the club starts
    assert [(c.need, c.before.value, c.after.value) for c in t.diff.resolved] == [
        ("hobbies", "fragile", "covered")
    ]
    assert [s.id for s in t.services_appeared] == ["s-club"]


def test_the_days_in_order() -> None:
    with pytest.raises(InvalidData, match="not before"):
        compare_days(NET, NEW, OLD)


def test_the_demo_shows_the_sote_reform() -> None:
    from graphsvc.demo import demo_dataset

    t = compare_days(demo_dataset(), OLD, NEW, lang="en")
    appeared = {p.id for p in t.providers_appeared}
    ended = {p.id for p in t.providers_ended}
    assert {"ks-hyvinvointialue", "hva-avosairaanhoito", "hva-aikuissosiaalityo"} <= appeared
    assert {"jkl-perusturva", "jkl-avosairaanhoito", "ksshp"} <= ended
    assert "s-terveysasema-keskusta-hva" in {s.id for s in t.services_appeared}
    opened = {(c.group, c.need) for c in t.diff.newly_fragile}
    assert ("long-term-unemployed", "rehabilitative-work") in opened


def test_doctests() -> None:
    run_doctests("graphsvc.analysis.timeline")
