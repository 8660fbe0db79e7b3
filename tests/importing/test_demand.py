"""Demand profiles: only added, never overwriting, idempotent, and a gap report after a
registry import that has something to check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphsvc.analysis import gap_report
from graphsvc.errors import UnknownId
from graphsvc.importing import apply_dataset, import_file
from graphsvc.importing.demand import apply_profile, profile_dataset, profile_names
from graphsvc.model import Dataset, Label, RelKind
from graphsvc.store.base import GraphStore

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference-data"
#: "Varhaiskasvatuslaki 540/2018", "Laki toimeentulotuesta 1412/1997": an act and its number
ACT = re.compile(r"\b[Ll]a(ki|ki\w*)\b.*\b\d{2,4}/(19|20)\d\d\b|\w+laki \d{2,4}/(19|20)\d\d")


def test_every_statutory_need_names_its_act_and_who_arranges_it() -> None:
    ds = profile_dataset("statutory")
    assert (len(ds.target_groups), len(ds.needs), len(ds.group_needs)) == (4, 20, 28)
    for gn in ds.group_needs:
        assert gn.note and ACT.search(gn.note), gn
        assert "Järjestää:" in gn.note, gn
    notes = {(gn.group, gn.need): gn.note for gn in ds.group_needs}
    assert notes["age-0-6", "early-education"].startswith("Varhaiskasvatuslaki 540/2018")
    assert notes["age-7-21", "basic-education"].startswith("Perusopetuslaki 628/1998")
    assert notes["age-7-21", "pupil-welfare"].startswith(
        "Oppilas- ja opiskelijahuoltolaki 1287/2013"
    )
    assert notes["age-7-21", "youth-work"].startswith("Nuorisolaki 1285/2016")
    assert notes["age-0-6", "child-health-clinic"].startswith("Terveydenhuoltolaki 1326/2010")
    assert notes["age-66-plus", "elderly-care"].startswith("Vanhuspalvelulaki 980/2012")
    # the 2025 employment reform: the municipalities' act, not the repealed 916/2012
    assert "380/2023" in notes["age-22-65", "employment"]


def test_the_forum_profile_is_the_demos_demand_side() -> None:
    from graphsvc.demo import demo_dataset

    demo, ds = demo_dataset(), profile_dataset("jyvaskyla-forum")
    assert ds.group_needs == demo.group_needs and ds.needs == demo.needs
    assert (ds.providers, ds.services) == ([], [])


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(UnknownId, match="statutory, jyvaskyla-forum"):
        profile_dataset("lakisaateinen")
    assert profile_names() == ["statutory", "jyvaskyla-forum"]


def _totals(report: object) -> dict[str, int]:
    return report.to_dict()["totals"]  # type: ignore[attr-defined]


def test_applied_twice_it_changes_nothing(store: GraphStore) -> None:
    first = apply_profile(store, "statutory")
    assert first.to_dict()["added"] == {"TargetGroup": 4, "Need": 20, "HAS_NEED": 28}
    version = store.version()
    again = apply_profile(store, "statutory")
    assert _totals(again) == {"added": 0, "updated": 0, "unchanged": 52, "deleted": 0}
    assert store.version() == version


def test_what_the_store_has_is_kept_as_it_is(store: GraphStore) -> None:
    # the store calls early-education its own way and ranks it 3 for the 0-6-year-olds
    apply_dataset(
        store,
        Dataset.model_validate(
            {
                "target_groups": [{"id": "age-0-6", "name": "Pienet", "kind": "age", "max_age": 6}],
                "needs": [{"id": "early-education", "name": "Päivähoito"}],
                "group_needs": [{"group": "age-0-6", "need": "early-education", "priority": 3}],
            }
        ),
    )
    report = apply_profile(store, "statutory")
    assert report.to_dict()["added"] == {"TargetGroup": 3, "Need": 19, "HAS_NEED": 27}
    assert store.get(Label.NEED, "early-education").name == "Päivähoito"
    assert store.get(Label.TARGET_GROUP, "age-0-6").name == "Pienet"
    pair = [
        r
        for r in store.relationships(RelKind.HAS_NEED).items
        if (r.source, r.target) == ("age-0-6", "early-education")
    ]
    assert [r.properties.get("priority") for r in pair] == [3]


def test_a_dry_run_writes_nothing(store: GraphStore) -> None:
    report = apply_profile(store, "jyvaskyla-forum", dry_run=True)
    assert report.to_dict()["added"] == {"TargetGroup": 9, "Need": 41, "HAS_NEED": 103}
    assert store.counts()["nodes"]["Need"] == 0


# A registry's services with no demand side, worked out by hand: after the statutory
# profile, early education of the 0-6-year-olds has a city and an NGO provider (covered),
# basic education one city provider (fragile), and the other 26 statutory pairs none.
REGISTRY = {
    "target_groups": [
        {"id": "age-0-6", "name": "0–6-vuotiaat", "kind": "age", "min_age": 0, "max_age": 6},
        {"id": "age-7-21", "name": "7–21-vuotiaat", "kind": "age", "min_age": 7, "max_age": 21},
    ],
    "needs": [
        {"id": "early-education", "name": "Varhaiskasvatus"},
        {"id": "basic-education", "name": "Perusopetus"},
    ],
    "providers": [
        {"id": "kaupunki", "name": "Kaupunki", "sector": "city"},
        {"id": "mll", "name": "MLL", "sector": "ngo"},
    ],
    "services": [
        {
            "id": "pk",
            "name": "Päiväkoti",
            "provider": "kaupunki",
            "needs": ["early-education"],
            "groups": ["age-0-6"],
        },
        {
            "id": "kerho",
            "name": "Perhekerho",
            "provider": "mll",
            "needs": ["early-education"],
            "groups": ["age-0-6"],
        },
        {
            "id": "koulu",
            "name": "Koulu",
            "provider": "kaupunki",
            "needs": ["basic-education"],
            "groups": ["age-7-21"],
        },
    ],
}


def test_a_registry_import_has_gaps_only_with_a_demand_side(store: GraphStore) -> None:
    apply_dataset(store, Dataset.model_validate(REGISTRY))
    before = gap_report(store.snapshot(), lang="en")
    assert before.coverage == [] and before.ranked == []
    apply_profile(store, "statutory")
    after = gap_report(store.snapshot(), lang="en")
    status = {(r.group, r.need): r.status.value for r in after.coverage}
    assert len(status) == 28
    assert status["age-0-6", "early-education"] == "covered"
    assert status["age-7-21", "basic-education"] == "fragile"
    assert sorted(status.values()).count("uncovered") == 26
    assert after.ranked[0].kind.value == "uncovered"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the shared reference data is not beside")
def test_real_ptv_records_then_the_statutory_profile(sqlite_store: GraphStore) -> None:
    # 3 organisations and 30 services of the real PTV API (Naantali, Vaasa, VRK)
    import_file(sqlite_store, REFERENCE / "ptv-api-samples-kunta-api")
    assert gap_report(sqlite_store.snapshot()).summary["ranked"] == 0
    report = apply_profile(sqlite_store, "statutory")
    # the import brought 2 of the 4 groups and 11 of the 20 needs: those stay as they were
    assert report.to_dict()["added"] == {"TargetGroup": 2, "Need": 9, "HAS_NEED": 28}
    s = gap_report(sqlite_store.snapshot()).summary
    assert (s["uncovered"], s["fragile"], s["single_sector"], s["covered"]) == (22, 5, 1, 0)
