"""The ranked list: order, severity and the one-sentence messages in Finnish and English."""

from __future__ import annotations

import pytest

from graphsvc.analysis import GapKind, gap_report, rank_gaps, severity
from tests.analysis.conftest import DAY, build, run_doctests


def test_severity_puts_the_whole_group_first_then_priority_then_the_kind() -> None:
    group_wide = [k for k in GapKind if k is not GapKind.AREA]
    order = [severity(p, k) for p in (1, 2, 3) for k in group_wide]
    order += [severity(p, GapKind.AREA) for p in (1, 2, 3)]
    assert order == sorted(order, reverse=True)
    assert len(set(order)) == 15
    assert (severity(1, GapKind.UNCOVERED), severity(3, GapKind.AREA)) == (15, 1)
    # a need nobody meets for the whole group outranks a district gap of any priority
    assert severity(3, GapKind.UNCOVERED) > severity(1, GapKind.AREA)


RANKED = build(
    demand=[
        ("youth", "a", 2),
        ("youth", "b", 1),
        ("kids", "b", 1),
        ("adults", "c", 1),
        ("youth", "c", 1),
        ("youth", "d", 3),
    ],
    areas=[
        ("city", "municipality", None),
        ("north", "district", "city"),
        ("south", "district", "city"),
    ],
    providers=[("p", "city"), ("q", "city"), ("o", "ngo")],
    services=[
        {"provider": "p", "needs": "b", "groups": "youth"},  # youth/b fragile
        {"provider": "p", "needs": "c", "groups": "youth"},
        {"provider": "q", "needs": "c", "groups": "youth"},  # youth/c single sector
        {"provider": "o", "needs": "c", "groups": "adults"},  # youth→adults c: gap
        {"provider": "o", "needs": "d", "groups": "youth", "areas": "north"},
    ],
)


def test_order_priority_then_kind_then_group_then_need() -> None:
    ranked = rank_gaps(RANKED, as_of=DAY)
    assert [(g.kind.value, g.priority, g.group, g.need) for g in ranked] == [
        ("uncovered", 1, "kids", "b"),
        ("fragile", 1, "adults", "c"),
        ("fragile", 1, "youth", "b"),
        ("single_sector", 1, "youth", "c"),
        ("transition", 1, "youth", "c"),  # youth → adults
        ("uncovered", 2, "youth", "a"),  # priority 2 comes after every priority 1
        ("fragile", 3, "youth", "d"),
        ("area", 3, "youth", "d"),  # south has no service
    ]
    assert [g.severity for g in ranked] == [15, 14, 14, 13, 12, 11, 6, 1]
    transition = ranked[4]
    assert (transition.to_group, transition.providers) == ("adults", ["o", "p", "q"])
    assert (ranked[-1].area, ranked[-1].providers) == ("south", [])


@pytest.mark.parametrize(
    ("lang", "messages"),
    [
        (
            "fi",
            [
                "Tarpeeseen »tarve b« ryhmässä »ryhmä kids« ei vastaa yksikään toimija.",
                "Tarpeeseen »tarve c« ryhmässä »ryhmä adults« vastaa vain yksi toimija, "
                "»tuottaja o«.",
                "Tarpeeseen »tarve b« ryhmässä »ryhmä youth« vastaa vain yksi toimija, "
                "»tuottaja p«.",
                "Tarpeeseen »tarve c« ryhmässä »ryhmä youth« vastaa 2 toimijaa, kaikki "
                "sektorilta »kaupunki«.",
                "Tarpeen »tarve c« palveluketju katkeaa siirryttäessä ryhmästä »ryhmä youth« "
                "ryhmään »ryhmä adults«: yhteistä toimijaa tai kumppanuutta ei ole.",
                "Tarpeeseen »tarve a« ryhmässä »ryhmä youth« ei vastaa yksikään toimija.",
                "Tarpeeseen »tarve d« ryhmässä »ryhmä youth« vastaa vain yksi toimija, "
                "»tuottaja o«.",
                "Tarpeeseen »tarve d« ryhmässä »ryhmä youth« ei ole palvelua alueella »South«.",
            ],
        ),
        (
            "en",
            [
                'No provider meets the need "need b" of the group "group kids".',
                'Only one provider meets the need "need c" of the group "group adults": '
                '"provider o".',
                'Only one provider meets the need "need b" of the group "group youth": '
                '"provider p".',
                'All 2 providers meeting the need "need c" of the group "group youth" are of one '
                "sector (city).",
                'The chain for the need "need c" breaks from the group "group youth" to "group '
                'adults": no provider serves both, and none of them partner across.',
                'No provider meets the need "need a" of the group "group youth".',
                'Only one provider meets the need "need d" of the group "group youth": '
                '"provider o".',
                'No service meets the need "need d" of the group "group youth" in "South".',
            ],
        ),
    ],
)
def test_messages(lang, messages) -> None:
    assert [g.message for g in rank_gaps(RANKED, as_of=DAY, lang=lang)] == messages


def test_the_example_sentence_of_the_issue() -> None:
    ds = build(
        groups=[
            {"id": "age-66-plus", "name": {"fi": "Yli 65-vuotiaat"}, "kind": "age", "min_age": 66}
        ],
        demand=[("age-66-plus", "digituki")],
    )
    ds.needs[0].name = {"fi": "Digituki", "en": "Digital support"}
    [gap] = rank_gaps(ds, as_of=DAY)
    assert gap.message == (
        "Tarpeeseen »Digituki« ryhmässä »Yli 65-vuotiaat« ei vastaa yksikään toimija."
    )


def test_covered_pairs_are_not_findings() -> None:
    ds = build(
        demand=[("youth", "n")],
        providers=[("a", "city"), ("b", "ngo")],
        services=[{"provider": p, "needs": "n", "groups": "youth"} for p in "ab"],
    )
    assert rank_gaps(ds, as_of=DAY) == []


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.ranking")


def test_coverage_findings_of_one_area_name_the_area() -> None:
    # in south nothing is available: youth/d (only in north) is uncovered there, and the
    # message must not read as if nobody met it anywhere
    in_south = rank_gaps(RANKED, area="south", as_of=DAY, lang="en")
    d = next(g for g in in_south if (g.kind, g.group, g.need) == (GapKind.UNCOVERED, "youth", "d"))
    assert d.message.endswith('(In "South".)')
    fi = rank_gaps(RANKED, area="south", as_of=DAY, lang="fi")
    assert all(
        g.message.endswith("(Alueella »South«.)")
        for g in fi
        if g.kind in (GapKind.UNCOVERED, GapKind.FRAGILE, GapKind.SINGLE_SECTOR)
    )
    everywhere = rank_gaps(RANKED, as_of=DAY, lang="en")
    assert not any("(In " in g.message for g in everywhere)
    # the full report (the CLI, the API, the pages) passes the area on
    report = gap_report(RANKED, area="south", as_of=DAY, lang="en")
    assert [g.message for g in report.ranked if g.kind is GapKind.UNCOVERED] == [
        g.message for g in in_south if g.kind is GapKind.UNCOVERED
    ]


def test_a_need_nobody_meets_outranks_a_district_gap_of_a_need_met_elsewhere() -> None:
    net = build(
        demand=[("youth", "clubs", 1), ("youth", "debt", 2)],
        areas=[("city", "municipality", None), ("north", "district", "city")]
        + [("south", "district", "city")],
        providers=[("p", "city"), ("o", "ngo")],
        services=[
            {"provider": "p", "needs": "clubs", "groups": "youth", "areas": "north"},
            {"provider": "o", "needs": "clubs", "groups": "youth", "areas": "north"},
        ],
    )
    ranked = rank_gaps(net, as_of=DAY)
    assert [(g.kind.value, g.priority, g.need, g.area) for g in ranked] == [
        ("uncovered", 2, "debt", None),  # (was after the district gap: 10 < 11)
        ("area", 1, "clubs", "south"),
    ]
    assert [g.severity for g in ranked] == [11, 3]
