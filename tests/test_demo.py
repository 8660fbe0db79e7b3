"""The shipped demo network: what the foundation issue promises it holds."""

from __future__ import annotations

from collections import Counter

from graphsvc.demo import demo_dataset
from graphsvc.importing import apply_dataset
from graphsvc.model import GroupKind, check_dataset, pick
from graphsvc.store import GraphStore

# Every organisation the seed documents name for Jyväskylä, by id.
SEED_ORGANISATIONS = [
    "jkl-konsernihallinto",
    "jkl-perusturva",
    "jkl-sivistys",
    "jkl-elinkeinoyksikko",
    "jkl-strategia-kehittaminen",
    "jkl-tyollisyyspalvelut",
    "jkl-vanhuspalvelut",
    "jkl-avosairaanhoito",
    "jkl-aikuissosiaalityo",
    "jkl-fysioterapia",
    "jkl-varhaiskasvatus",
    "jkl-nuorisopalvelut",
    "jyu",
    "jamk",
    "gradia",
    "yritystehdas",
    "vapari",
    "sitra",
    "kyt",
    "soste",
    "ks-yrittajat",
]


def test_demo_is_valid_and_self_contained() -> None:
    ds = demo_dataset()
    assert check_dataset(ds) == []
    assert "havainnollistava" in (ds.name or "")
    assert "illustrative" in (ds.description or "").lower()


def test_demo_size() -> None:
    ds = demo_dataset()
    kinds = Counter(g.kind for g in ds.target_groups)
    assert {"age-0-6", "age-7-21", "age-22-65", "age-66-plus"} <= {g.id for g in ds.target_groups}
    assert kinds[GroupKind.AGE] == 4 and kinds[GroupKind.SPECIAL] >= 3
    assert {"mental-health", "substance-abuse"} <= {g.id for g in ds.target_groups}
    assert len(ds.needs) >= 30
    assert len(ds.providers) >= 60
    assert len({p.sector for p in ds.providers}) >= 6
    assert len(ds.services) >= 120
    assert len(ds.partnerships) >= 100
    assert {"keltinmaki", "kangas", "hippos", "keskusta"} <= {a.id for a in ds.areas}


def test_demo_names_the_seed_organisations() -> None:
    providers = {p.id: p for p in demo_dataset().providers}
    missing = [i for i in SEED_ORGANISATIONS if i not in providers]
    assert missing == []
    assert pick(providers["kyt"].name) == "Keski-Suomen Yhteisöjen Tuki ry"
    assert providers["jkl-varhaiskasvatus"].parent == "jkl-sivistys"


def test_forum_is_a_network_with_its_members() -> None:
    forum = {n.id: n for n in demo_dataset().networks}["hyvinvointifoorumi"]
    assert {
        "kyt",
        "soste",
        "ks-yrittajat",
        "jkl-elinkeinoyksikko",
        "jkl-strategia-kehittaminen",
    } <= set(forum.members)


def test_demo_loads_into_the_store(sqlite_store: GraphStore) -> None:
    report = apply_dataset(sqlite_store, demo_dataset())
    assert report.counts.added["Provider"] == len(demo_dataset().providers)
    # the store keeps the graph, not the file's name and description
    header = demo_dataset().model_copy(update={"name": None, "description": None})
    assert sqlite_store.snapshot().to_document() == header.to_document()


def test_the_sote_reform_moves_the_city_social_and_health_services_to_the_county() -> None:
    from datetime import date

    from graphsvc.analysis import coverage_report

    ds = demo_dataset()

    def runner_of_health_centres(day: date) -> set[str]:
        active = ds.restricted(as_of=day)
        sectors = {p.id: p.sector.value for p in active.providers}
        return {sectors[s.provider] for s in active.services if "primary-health-care" in s.needs}

    assert "city" in runner_of_health_centres(date(2022, 12, 31))
    after = runner_of_health_centres(date(2023, 1, 1))
    assert "city" not in after and "wellbeing_county" in after
    # the division ended with the old year, and its units moved under the county
    providers = {p.id: p for p in ds.providers}
    assert str(providers["jkl-perusturva"].valid_to) == "2022-12-31"
    assert providers["hva-avosairaanhoito"].parent == "ks-hyvinvointialue"
    # the city keeps education and youth work
    assert providers["jkl-nuorisopalvelut"].valid_to is None

    def status(day: date, group: str, need: str) -> str:
        rows = coverage_report(ds, group=group, need=need, as_of=day).coverage
        return rows[0].status.value

    # rehabilitative work: two city units (single sector) before; the employment
    # services alone after (the county buys it from them)
    assert status(date(2022, 12, 31), "long-term-unemployed", "rehabilitative-work") == (
        "single_sector"
    )
    assert status(date(2023, 1, 1), "long-term-unemployed", "rehabilitative-work") == "fragile"


def test_the_deliberate_gaps_are_there_today() -> None:
    from datetime import date

    from graphsvc.analysis import gap_report

    report = gap_report(demo_dataset(), as_of=date(2026, 12, 5))
    status = {(c.group, c.need): c.status.value for c in report.coverage}
    for pair in [
        ("age-66-plus", "digital-support"),
        ("immigrants", "mental-health-support"),
        ("substance-abuse", "housing-services"),
        ("long-term-unemployed", "debt-advice"),
    ]:
        assert status[pair] == "uncovered", pair
    assert status[("disabled", "personal-assistance")] == "fragile"
    assert status[("age-22-65", "income-support")] == "single_sector"
    assert [(t.need, t.from_group, t.to_group) for t in report.transition_gaps] == [
        ("mental-health-support", "age-7-21", "age-22-65")
    ]
