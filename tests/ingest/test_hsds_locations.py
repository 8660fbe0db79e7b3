"""HSDS 1.0 and Ohana API services name no organization: their location's is theirs.

The Ohana API's sample export (tests/ingest/ohana-sample, see its README) links every
service to a location only; the HSDS 1.1 sample package (../shared/reference-data) is
made into one that does so through services_at_location.csv. Broken copies are made here.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from graphsvc.errors import InvalidData
from graphsvc.importing import import_file
from graphsvc.store import GraphStore
from ingest import read_file
from tests.ingest.helpers import HSDS1, OHANA

#: the sample's organizations (ids 1-8) and how many services each runs (through locations)
RUNS = {"1": 5, "2": 3, "3": 5, "4": 4, "5": 2, "6": 1, "7": 1, "8": 2}


def _nodes(store: GraphStore) -> dict[str, int]:
    return {k: v for k, v in store.counts()["nodes"].items() if v}


def _edit(path: Path, change: dict[str, dict[str, str | None]]) -> None:
    """Rewrite a CSV file: `change` maps a row's id to new cells, or to {} to drop it."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or []), list(reader)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields)
        writer.writeheader()
        for row in rows:
            new = change.get(row["id"], row)
            if new:
                writer.writerow({**row, **new})


def test_every_ohana_service_gets_the_organization_of_its_location() -> None:
    result = read_file(OHANA)
    ds = result.dataset
    # 23 services in services.csv, none with an organization_id: all 23 imported
    assert len(ds.services) == 23 and len(ds.providers) == 8
    assert Counter(s.provider for s in ds.services) == RUNS
    by_id = {s.id: s for s in ds.services}
    # service 23 is at location 22 (as service 22 is), which is Example Agency's (8)
    assert (by_id["23"].provider, by_id["23"].name) == ("8", "Example Service Name")
    assert by_id["1"].provider == "1" and by_id["1"].source == "services.csv row 2"
    assert not [w for w in result.warnings if w.field in ("organization_id", "location_id")]


def test_the_ohana_sample_imports_whole(sqlite_store: GraphStore) -> None:
    report = import_file(sqlite_store, OHANA)
    # (service 22's terms Transit and Legal are needs in the shipped mapping)
    assert report.counts.added == {
        "Provider": 8,
        "Service": 23,
        "Need": 2,
        "OFFERS": 23,
        "MEETS": 2,
    }
    assert report.left_out == []


def _broken_ohana(tmp_path: Path) -> Path:
    folder = tmp_path / "ohana-broken"
    shutil.copytree(OHANA, folder)
    _edit(folder / "organizations.csv", {"4": {}})  # the Salvation Army: 4 services
    # Samaritan House (5) keeps its organization but loses both its services' links
    _edit(folder / "locations.csv", {"18": {}, "19": {"organization_id": ""}})
    return folder


def test_a_missing_location_or_organization_is_said_with_its_row(tmp_path: Path) -> None:
    result = read_file(_broken_ohana(tmp_path))
    warned = {(w.row, w.id, w.field): w.message for w in result.warnings if w.id}
    assert warned == {
        (19, "18", "location_id"): "the service is skipped: it has no organization_id, "
        "and its location 18 is not in the file",
        (20, "19", "location_id"): "the service is skipped: it has no organization_id, "
        "and its location 19 has no organization_id either",
    }
    # the Salvation Army's services are read: whether it is missing is the import's to say
    assert len(result.dataset.services) == 21
    assert Counter(s.provider for s in result.dataset.services)["4"] == 4


def test_strict_refuses_services_whose_location_names_a_missing_organization(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    with pytest.raises(InvalidData) as exc:
        import_file(sqlite_store, _broken_ohana(tmp_path))
    errors = [(e.location, e.field, e.message) for e in exc.value.details]
    assert errors == [
        (
            f"services.csv row {row}",
            "location_id",
            "refers to organization '4', which is neither in the file nor in the store "
            f"(the organization_id of its location {row - 1}, locations.csv row {row})",
        )
        for row in (15, 16, 17, 18)
    ]
    assert _nodes(sqlite_store) == {}


def test_skip_invalid_groups_them_with_the_other_missing_organizations(
    sqlite_store: GraphStore, tmp_path: Path
) -> None:
    report = import_file(sqlite_store, _broken_ohana(tmp_path), skip_invalid=True)
    # 23 services: 4 of the missing organization 4 left out, 2 skipped by the reader
    # (services 18 and 19: no location, no organization), 17 imported
    assert report.counts.added == {
        "Provider": 7,
        "Service": 17,
        "Need": 2,
        "OFFERS": 17,
        "MEETS": 2,
    }
    [cause] = report.causes()
    assert (cause.cause, cause.list_name, cause.label, cause.missing, cause.entries) == (
        "missing",
        "services",
        "Provider",
        1,
        4,
    )
    assert cause.first == (("4", 4),)
    assert sorted(o.problem.id or "" for o in report.left_out) == ["14", "15", "16", "17"]
    assert {o.problem.field for o in report.left_out} == {"location_id"}
    skipped = [w.id for w in report.warnings if w.message.startswith("the service is skipped")]
    assert skipped == ["18", "19"]


def test_hsds_1_1_services_at_location_name_the_organization(tmp_path: Path) -> None:
    original = read_file(HSDS1 / "simple").dataset
    folder = tmp_path / "simple"
    shutil.copytree(HSDS1 / "simple", folder)
    ids = [s.id for s in original.services]
    _edit(folder / "services.csv", {sid: {"organization_id": ""} for sid in ids})
    result = read_file(folder)
    # every one of the 13 services is at one location, whose organization is the one
    # the original services.csv named
    assert len(ids) == 13
    assert {s.id: s.provider for s in result.dataset.services} == {
        s.id: s.provider for s in original.services
    }
    assert not [w for w in result.warnings if w.field in ("organization_id", "location_id")]


def test_locations_of_two_organizations_or_of_a_skipped_one(tmp_path: Path) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    files = {
        "organizations": "id,name\no1,One\no2,Two\no3,\n",  # o3 has no name: skipped
        "services": "id,name,location_id\ns1,Shared,l2\ns2,Plain,\ns3,Third,l3\n",
        "locations": "id,organization_id,name\nl1,o1,Here\nl2,o2,There\nl3,o3,Away\n",
        # s1's own location_id comes first, then these rows in their order
        "services_at_location": "id,service_id,location_id\na1,s1,l1\na2,s1,l2\n",
    }
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    result = read_file(folder)
    assert [(s.id, s.provider) for s in result.dataset.services] == [("s1", "o2")]
    warned = [(w.id, w.field, w.message) for w in result.warnings if w.id]
    assert warned == [
        ("o3", "name", "required field is missing; the record is skipped"),
        (
            "s1",
            "location_id",
            "the service's locations belong to more than one organization (o2, o1); it is "
            "imported as a service of o2, the organization of its location l2",
        ),
        ("s2", "organization_id", "the service is skipped: it has no organization_id"),
        (
            "s3",
            "location_id",
            "the service is skipped: its organization o3 (the organization of its "
            "location l3) was skipped",
        ),
    ]
