"""Open Referral HSDS: the 3.0 examples (CSV and JSON), the 1.1 data package, export."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from graphsvc.errors import InvalidData
from graphsvc.importing import import_read
from graphsvc.model import Dataset
from ingest import read_file, write_file
from ingest.base import UNKNOWN_END
from ingest.hsds.read import read_hsds, read_hsds_json
from tests.ingest.helpers import (
    HSDS1,
    HSDS3,
    HSDS3_CSV,
    HSDS3_JSON,
    OHANA,
    by_id,
    load_json,
    without_source,
)

COUNSELLING = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


# --- HSDS 3.0 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path,fmt",
    [(HSDS3_CSV, None), (HSDS3 / "datapackage.json", None), (HSDS3, "hsds")],
    ids=["csv-folder", "datapackage", "spec-repo-layout"],
)
def test_hsds3_csv(path: Path, fmt: str | None) -> None:
    result = read_file(path, fmt)
    ds = result.dataset
    (provider,) = ds.providers
    (service,) = ds.services
    assert provider.id == EXAMPLE_ORG
    assert provider.name == "Example Organization Inc."
    assert provider.sector.value == "company"  # legal_status "Limited Company"
    assert provider.url == "http://example.com"
    assert service.id == COUNSELLING
    assert service.name == "Community Counselling"
    assert service.provider == EXAMPLE_ORG
    assert (service.min_age, service.max_age) == (12, 100)
    # 12-100 overlaps the three older default age groups
    assert service.groups == ["age-7-21", "age-22-65", "age-66-plus"]
    assert {g.id for g in ds.target_groups} == set(service.groups)
    (area,) = ds.areas
    assert service.areas == [area.id]
    assert area.name.startswith("The service is available to all residents of the MyCity")
    assert len(area.id) <= 60
    assert service.source == "services.csv row 2"
    fields = {w.field for w in result.warnings}
    # the example's parent organization and attribute link point at nothing in the file
    assert {"parent_organization_id", "link_id"} <= fields
    assert provider.parent is None


@pytest.mark.parametrize(
    "name",
    [
        "service_full.json",
        "organization_full.json",
        "service_list.json",
        "service_at_location_full.json",
        "service_at_location_list.json",
    ],
)
def test_hsds3_json(name: str) -> None:
    ds = read_hsds_json(HSDS3_JSON / name).dataset
    assert [p.id for p in ds.providers] == [EXAMPLE_ORG]
    (service,) = ds.services
    assert (service.id, service.name) == (COUNSELLING, "Community Counselling")
    assert (service.min_age, service.max_age) == (12, 100)


def test_hsds3_json_terms_go_through_the_mapping(tmp_path: Path) -> None:
    result = read_hsds_json(HSDS3_JSON / "service_full.json")
    (summary,) = [w for w in result.warnings if "taxonomy term" in w.message]
    assert "'name' (code code; 1)" in summary.message  # (used by one service)
    mine = tmp_path / "oma.yaml"
    mine.write_text(
        "terms:\n  code: {needs: [mental-health-services], groups: [mental-health]}\n",
        encoding="utf-8",
    )
    ds = read_hsds_json(HSDS3_JSON / "service_full.json", mapping=mine).dataset
    (service,) = ds.services
    assert service.needs == ["mental-health-services"]
    assert "mental-health" in service.groups
    assert (
        by_id(ds.needs)["mental-health-services"].name["fi"] == "Mielenterveys- ja päihdepalvelut"
    )


def test_hsds3_organization_list_and_non_service_json() -> None:
    ds = read_file(HSDS3_JSON / "organization_list.json", "hsds-json").dataset
    assert [p.name for p in ds.providers] == ["Example Organization Inc."]
    assert ds.services == []
    with pytest.raises(InvalidData, match="holds no HSDS services or organizations"):
        read_file(HSDS3_JSON / "taxonomy_term_list.json", "hsds-json")


# --- HSDS 1.1 ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["all_resources", "simple"])
def test_hsds1_counts_and_names(folder: str) -> None:
    ds = read_file(HSDS1 / folder).dataset
    assert len(ds.providers) == 10
    assert len(ds.services) == 13
    assert (
        by_id(ds.providers)["1899600a-649c-11e6-8b77-86f30ca893d3"].name == "Sanctuary Example City"
    )
    assert all(p.sector.value == "ngo" for p in ds.providers)  # tax_status nonprofit
    services = by_id(ds.services)
    assert services["25870bcf-7528-4e05-8f0c-7e639075ce71"].name == "Yound Minds"
    ended = {s.display_name() for s in ds.services if s.valid_to is not None}
    assert ended == {
        "Food Safety Program",
        "Dear Teacher Skills Refresh",
        "Wash & Go at The Cross",
    }  # status inactive
    assert all(s.valid_to == UNKNOWN_END for s in ds.services if s.valid_to)


def test_hsds1_eligibility_and_service_area() -> None:
    ds = read_file(HSDS1 / "all_resources").dataset
    helpline = by_id(ds.services)["c89eb05c-62dd-4b64-b494-0cc347b6ea7f"]
    assert helpline.groups == ["age-22-65"]  # eligibility "adult"
    assert helpline.areas == ["sample-service-area"]
    assert by_id(ds.areas)["sample-service-area"].name == "Sample service area"


def test_a_taxonomy_keyed_by_taxonomy_id_gives_its_terms_and_no_warning(tmp_path: Path) -> None:
    # the taxonomy table of some HSDS 1.x exports (the Ohana API's) has taxonomy_id,
    # not id, for its key; services_taxonomy rows and taxonomy_ids name it so
    folder = _folder(
        tmp_path,
        organizations="id,name,legal_status\no1,Org,nonprofit\n",
        services="id,organization_id,name,status,taxonomy_ids\n"
        "s1,o1,Rides,active,\ns2,o1,Advice,active,111\ns3,o1,Nothing,active,\n",
        taxonomy="taxonomy_id,name,parent_id,parent_name\n105,Transit,,\n111,Legal,,\n",
        services_taxonomy="id,service_id,taxonomy_id\nst1,s1,105\n",
    )
    result = read_file(folder)
    assert result.warnings == []
    needs = {s.id: s.needs for s in result.dataset.services}
    assert needs == {"s1": ["transport"], "s2": ["legal-aid"], "s3": []}
    # the key is the term's own id, not the taxonomy it belongs to
    assert {n.id for n in result.dataset.needs} == {"transport", "legal-aid"}


def test_the_ohana_taxonomy_terms_reach_their_service() -> None:
    result = read_file(OHANA)
    services = by_id(result.dataset.services)
    # service 22 names 6 terms (105, 108, 108-05, 108-05-01, 111, 111-05), all in
    # taxonomy.csv; the shipped mapping knows Transit and Legal
    assert services["22"].needs == ["transport", "legal-aid"]
    assert sum(1 for s in services.values() if s.needs) == 1
    assert not [w for w in result.warnings if w.field == "taxonomy_id"]
    (summary,) = [w.message for w in result.warnings if "taxonomy term" in w.message]
    assert summary.startswith("4 taxonomy term(s) or eligibility value(s) have no need")


def test_hsds_zip(tmp_path: Path) -> None:
    path = tmp_path / "hsds.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for f in sorted((HSDS1 / "all_resources").iterdir()):
            zf.write(f, f"package/{f.name}")
    ds = read_file(path).dataset
    assert len(ds.services) == 13


def test_hsds_zip_with_a_second_datapackage_beside_the_csvs(tmp_path: Path) -> None:
    # the spec's layout: datapackage.json at the top, and a copy in csv/ as well
    path = tmp_path / "hsds3.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(HSDS3 / "datapackage.json", "datapackage.json")
        zf.write(HSDS3 / "datapackage.json", "csv/datapackage.json")
        for f in sorted(HSDS3_CSV.iterdir()):
            if f.name != "datapackage.json":
                zf.write(f, f"csv/{f.name}")
    assert len(read_file(path).dataset.services) == len(read_file(HSDS3_CSV).dataset.services)
    twice = tmp_path / "twice.zip"
    with zipfile.ZipFile(twice, "w") as zf:
        for folder in ("a", "b"):
            zf.write(HSDS3_CSV / "services.csv", f"{folder}/services.csv")
    with pytest.raises(InvalidData, match=r"two files named services.csv \(a/services.csv"):
        read_file(twice)


def test_hsds_status_inactive_uses_last_modified(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    shutil.copytree(HSDS3_CSV, folder)
    services = folder / "services.csv"
    with services.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0]["status"] = "defunct"
    with services.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (service,) = read_file(folder).dataset.services
    assert service.valid_to == date(2023, 3, 15)
    assert not service.active_on(date.today())


def test_broken_records_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "organizations.csv").write_text(
        "id,name,description\no1,Org,\no2,,nameless\n", encoding="utf-8"
    )
    (folder / "services.csv").write_text(
        "id,organization_id,name,status,minimum_age,maximum_age\n"
        "s1,o1,Ok,active,,\ns2,o1,Bad ages,active,30,10\ns3,o2,Of a skipped org,active,,\n"
        "s4,,No org,active,,\n",
        encoding="utf-8",
    )
    result = read_file(folder)
    assert [p.id for p in result.dataset.providers] == ["o1"]
    assert [s.id for s in result.dataset.services] == ["s1"]
    rows = {(w.file, w.row) for w in result.warnings}
    assert {
        ("organizations.csv", 3),
        ("services.csv", 3),
        ("services.csv", 4),
        ("services.csv", 5),
    } <= rows


# --- export ----------------------------------------------------------------------------


def test_export_hsds3_and_read_it_back(tmp_path: Path, small_dataset: Dataset) -> None:
    out = tmp_path / "hsds"
    result = write_file(small_dataset, out, "hsds")
    names = {p.name for p in result.paths}
    assert {
        "organizations.csv",
        "services.csv",
        "datapackage.json",
        "x_graphsvc_partnerships.csv",
    } <= names
    assert any(
        "x_graphsvc_partnerships.csv" in n and "no place for partnerships" in n
        for n in result.notes
    )
    assert any("x_graphsvc_group_needs.csv" in n and "group need(s)" in n for n in result.notes)
    assert any("x_graphsvc_names.csv" in n and "1 network(s)" in n for n in result.notes)
    package = load_json(out / "datapackage.json")
    assert "x_graphsvc_partnership" in {r["name"] for r in package["resources"]}
    # the tables HSDS defines have its columns, in its order
    reference = {
        r["name"]: [f["name"] for f in r["schema"]["fields"]]
        for r in load_json(HSDS3 / "datapackage.json")["resources"]
    }
    for res in package["resources"]:
        if res["name"] in reference:
            assert [f["name"] for f in res["schema"]["fields"]] == reference[res["name"]]
            with (out / res["path"]).open(encoding="utf-8") as fh:
                assert next(csv.reader(fh)) == reference[res["name"]]

    back = read_hsds(out)
    ds = back.dataset
    assert {p.id: (p.sector, p.parent) for p in ds.providers} == {
        p.id: (p.sector, p.parent) for p in small_dataset.providers
    }
    for original in small_dataset.services:
        service = by_id(ds.services)[original.id]
        assert service.provider == original.provider
        assert sorted(service.needs) == sorted(original.needs)
        assert sorted(service.groups) == sorted(original.groups)  # none derived from ages
        assert service.areas == original.areas
        assert (service.min_age, service.max_age) == (original.min_age, original.max_age)
    assert {(p.source, p.target, p.kind, p.since, p.until, p.note) for p in ds.partnerships} == {
        (p.source, p.target, p.kind, p.since, p.until, p.note) for p in small_dataset.partnerships
    }
    assert [(n.id, n.members) for n in ds.networks] == [
        (n.id, n.members) for n in small_dataset.networks
    ]


def test_the_demo_exported_to_hsds_and_read_into_an_empty_store_has_the_same_gaps(
    tmp_path: Path,
) -> None:
    # what a gap report needs and HSDS has no home for travels in extension files: group
    # needs, group kinds and ages, area kinds and parents, validity dates
    from graphsvc.analysis.report import gap_report
    from graphsvc.demo import demo_dataset
    from graphsvc.importing import apply_dataset
    from graphsvc.store import open_store

    demo = demo_dataset()
    write_file(demo, tmp_path / "hsds", "hsds")
    back = read_file(tmp_path / "hsds", "hsds")
    assert back.warnings == []
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    apply_dataset(store, back.dataset, policy=back.policy, places=back.places)
    before, after = gap_report(demo), gap_report(store.snapshot())
    store.close()
    assert after.summary == before.summary
    assert [(r.group, r.need, sorted(r.providers)) for r in after.coverage] == [
        (r.group, r.need, sorted(r.providers)) for r in before.coverage
    ]
    assert [(g.kind, g.group, g.need) for g in after.ranked] == [
        (g.kind, g.group, g.need) for g in before.ranked
    ]


def test_hsds_export_is_formula_safe(tmp_path: Path) -> None:
    ds = Dataset.model_validate(
        {
            "providers": [
                {"id": "p", "name": "=cmd|' /C calc'!A0", "sector": "ngo", "phone": "+358 40 1"}
            ]
        }
    )
    (tmp_path / "out").mkdir()
    result = write_file(ds, tmp_path / "out" / "datapackage.json")
    text = (tmp_path / "out" / "organizations.csv").read_text(encoding="utf-8")
    assert "'=cmd" in text
    assert "'+358 40 1" in (tmp_path / "out" / "phones.csv").read_text(encoding="utf-8")
    assert any("apostrophe" in n for n in result.notes)
    back = read_hsds(tmp_path / "out").dataset.providers[0]
    assert (back.name, back.phone) == ("=cmd|' /C calc'!A0", "+358 40 1")
    assert (
        json.loads((tmp_path / "out" / "datapackage.json").read_text())["profile"]
        == "tabular-data-package"
    )


def test_hsds_export_holds_no_control_characters(tmp_path: Path) -> None:
    # PTV text holds Word's vertical tabs and stray NULs; a NUL made the export something
    # graphsvc's own reader refused ("contains NUL bytes")
    ds = Dataset.model_validate(
        {
            "providers": [
                {
                    "id": "mll\x00",
                    "name": "MLL\x0b Keski-Suomi",
                    "sector": "ngo",
                    "description": "Avoin\x00 kaikille",
                }
            ],
            "services": [
                {
                    "id": "s",
                    "name": "Perhe\x0bkerho",
                    "provider": "mll\x00",
                    "description": "Joka\x00 viikko",
                }
            ],
        }
    )
    result = write_file(ds, tmp_path / "hsds", "hsds")
    assert any("control characters" in n and "removed" in n for n in result.notes)
    for path in result.paths:
        assert b"\x00" not in path.read_bytes(), path.name
    back = read_file(tmp_path / "hsds", "hsds").dataset
    provider, service = back.providers[0], back.services[0]
    assert (provider.id, provider.name, provider.description) == (
        "mll",
        "MLL Keski-Suomi",
        "Avoin kaikille",
    )
    assert (service.name, service.description, service.provider) == (
        "Perhekerho",
        "Joka viikko",
        "mll",
    )


def test_a_column_hsds_requires_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,title\no1,Org\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="organizations.csv: has no name column") as exc:
        read_file(folder)
    assert exc.value.details[0].row == 1


# --- shapes the examples do not have ---------------------------------------------------


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "h"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_repeated_ids_and_nameless_areas_are_reported(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        organizations="id,name,parent_organization_id\no1,Org,o1\no1,Org again,\n",
        services="id,organization_id,name,status\ns1,o1,First,active\ns1,o1,Second,active\n",
        service_areas="id,service_id,name,description\na1,s1,,Whole city\n",
    )
    result = read_file(folder)
    assert [(s.id, s.name, s.areas) for s in result.dataset.services] == [("s1", "First", [])]
    assert [(p.id, p.name, p.parent) for p in result.dataset.providers] == [("o1", "Org", None)]
    warned = {(w.file, w.row, w.field): w.message for w in result.warnings}
    assert "appears again" in warned[("organizations.csv", 3, "id")]
    assert "appears again" in warned[("services.csv", 3, "id")]
    assert "no name" in warned[("service_areas.csv", 2, "name")]  # not "available everywhere"
    assert "itself" in warned[("organizations.csv", 2, "parent_organization_id")]


def test_hsds_export_read_into_an_empty_store_keeps_need_and_group_names(tmp_path: Path) -> None:
    ds = Dataset.model_validate(
        {
            # the shipped definitions name these two otherwise ("Neuvola", "Mielenterveys")
            "needs": [{"id": "child-health-clinic", "name": {"fi": "Neuvolapalvelut"}}],
            "target_groups": [
                {"id": "mental-health", "name": "Mielenterveyskuntoutujat", "kind": "special"}
            ],
            "providers": [{"id": "p", "name": "Neuvola", "sector": "city"}],
            "services": [
                {
                    "id": "s",
                    "name": "Neuvola",
                    "provider": "p",
                    "needs": ["child-health-clinic"],
                    "groups": ["mental-health"],
                }
            ],
        }
    )
    write_file(ds, tmp_path / "out", "hsds")
    back = read_hsds(tmp_path / "out").dataset
    assert [(n.id, n.name, n.category) for n in back.needs] == [
        ("child-health-clinic", {"fi": "Neuvolapalvelut"}, None)
    ]  # not the mapping's
    assert [(g.id, g.name, g.kind.value) for g in back.target_groups] == [
        ("mental-health", "Mielenterveyskuntoutujat", "special")
    ]
    # an export without the names and needs files (an older graphsvc's) takes what its
    # terms do not say from the mapping
    for name in ("x_graphsvc_names.csv", "x_graphsvc_needs.csv"):
        (tmp_path / "out" / name).unlink()
    older = read_hsds(tmp_path / "out").dataset
    assert [(n.id, n.name, n.category) for n in older.needs] == [
        ("child-health-clinic", "Neuvolapalvelut", "health")
    ]


def test_hsds3_json_variants(tmp_path: Path) -> None:
    service = load_json(HSDS3_JSON / "service_full.json")
    # a nested term needs no id; a flat service names its organization by id
    service["attributes"] = [{"taxonomy_term": {"code": "mental health", "name": "MH"}}]
    flat = {"id": "s2", "name": "Flat", "organization_id": EXAMPLE_ORG}
    org = load_json(HSDS3_JSON / "organization_list.json")["contents"][0]
    path = tmp_path / "x.json"
    path.write_text(json.dumps([service, flat, org]), encoding="utf-8")
    result = read_hsds_json(path)
    services = by_id(result.dataset.services)
    assert services[COUNSELLING].needs == ["mental-health-services"]
    assert services["s2"].provider == EXAMPLE_ORG
    # the organization nested in the service and the one listed are the same: no warning
    assert [p.id for p in result.dataset.providers] == [EXAMPLE_ORG]
    assert not [w for w in result.warnings if w.field in ("id", "taxonomy_term_id")]


# --- messages and columns --------------------------------------------------------------


def test_a_skipped_organization_is_not_counted_and_its_services_say_why(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        organizations="id,name,website\no1,,http://a\no2,Good,http://b\n",
        services="id,organization_id,name,status\ns1,o1,Orphan,active\ns2,o2,Fine,active\n"
        "s3,,No org,active\n",
    )
    result = read_file(folder)
    assert [s.id for s in result.dataset.services] == ["s2"]
    warned = {(w.row, w.field): w.message for w in result.warnings}
    assert (
        warned[(2, "organization_id")] == "the service is skipped: its organization o1 was skipped"
    )
    assert warned[(4, "organization_id")] == "the service is skipped: it has no organization_id"
    # o1 had no sector hint either, but it was not imported: only o2 got the default
    (summary,) = [w.message for w in result.warnings if "sector hint" in w.message]
    assert summary.startswith("1 of 1 organization(s) (100 %)")


def test_errors_name_the_hsds_columns(tmp_path: Path) -> None:
    from graphsvc.store import open_store

    folder = _folder(
        tmp_path,
        organizations="id,name,parent_organization_id\no1,A,o2\no2,B,o1\n",  # a loop
        services="id,organization_id,name,status,minimum_age\ns1,o1,Fine,active,3\n"
        "s2,o9,Orphan,active,\ns3,o1,Words,active,kaksi\n",
    )
    result = read_file(folder)
    (age,) = [w for w in result.warnings if w.id == "s3"]
    assert (age.row, age.field) == (4, "minimum_age")
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(InvalidData) as exc:
        import_read(store, result, source="h")
    errors = {(e.location, e.field): e.message for e in exc.value.details}
    # o9 is in neither the file nor the store: an error, as for any format
    assert (
        errors[("services.csv row 3", "organization_id")]
        == "refers to organization 'o9', which is neither in the file nor in the store"
    )
    assert "loops back" in errors[("organizations.csv row 2", "parent_organization_id")]
    page = tmp_path / "list.hsds.json"
    page.write_text(
        json.dumps(
            {
                "contents": [
                    {
                        "id": "sv-2",
                        "name": "Orphan",
                        "status": "active",
                        "organization_id": "nowhere",
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidData) as exc:
        import_read(store, read_hsds_json(page), source=page.name)
    store.close()
    (error,) = exc.value.details
    assert (error.location, error.field) == ("record sv-2", "organization_id")


def test_hsds_json_second_organization_with_the_same_id_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "dup.hsds.json"
    path.write_text(
        json.dumps(
            {
                "contents": [
                    # a service's nested copy first, then the full record: one organization, merged
                    {
                        "id": "x0",
                        "name": "S0",
                        "status": "active",
                        "organization": {"id": "o0", "name": "Zero"},
                    },
                    {"id": "o0", "name": "Zero", "website": "http://zero"},
                    {
                        "id": "o1",
                        "name": "First",
                        "services": [{"id": "x1", "name": "S1", "status": "active"}],
                    },
                    {
                        "id": "o1",
                        "name": "Second",
                        "services": [{"id": "x2", "name": "S2", "status": "active"}],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    result = read_hsds_json(path)
    assert [(p.id, p.name, p.url) for p in result.dataset.providers] == [
        ("o0", "Zero", "http://zero"),
        ("o1", "First", None),
    ]
    (dup,) = [w for w in result.warnings if w.field == "id"]
    assert (dup.location, dup.id) == ("organizations", "o1")
    assert "the same organization id appears again" in dup.message


# --- a lossless round trip -------------------------------------------------------------


def _multilingual() -> Dataset:
    return Dataset.model_validate(
        {
            "needs": [
                {
                    "id": "youth-work",
                    "name": {"fi": "Nuorisotyö", "en": "Youth work"},
                    "category": "youth",
                    "description": "Ei kartan kuvaus",
                },  # mapping: leisure
                {"id": "unmet", "name": "Ei kenenkään", "category": "other"},
            ],  # no service
            "target_groups": [
                {
                    "id": "age-7-21",
                    "name": {"fi": "Nuoret", "sv": "Unga"},
                    "kind": "age",
                    "min_age": 7,
                    "max_age": 21,
                    "description": {"fi": "Koululaiset"},
                }
            ],
            "group_needs": [{"group": "age-7-21", "need": "youth-work", "priority": 1}],
            "areas": [
                {
                    "id": "jkl",
                    "name": {"fi": "Jyväskylä", "sv": "Jyväskylä stad"},
                    "kind": "municipality",
                }
            ],
            "providers": [
                {
                    "id": "p",
                    "name": {"fi": "Kaupunki", "sv": "Staden", "en": "City"},
                    "description": {"fi": "Kunta", "en": "Municipality"},
                    "sector": "city",
                    "languages": ["fi", "sv"],
                    "tags": ["a", "b"],
                },
                {"id": "q", "name": {"en": "Club only in English"}, "sector": "ngo"},
            ],
            "services": [
                {
                    "id": "s",
                    "name": {"fi": "Nuorisotalo", "en": "Youth house"},
                    "provider": "p",
                    "channel": "in_person",
                    "needs": ["youth-work"],
                    "groups": ["age-7-21"],
                    "areas": ["jkl"],
                    "min_age": 13,
                }
            ],
            "networks": [
                {
                    "id": "n",
                    "name": {"fi": "Foorumi", "en": "Forum"},
                    "description": "Kehittämisryhmä",
                    "members": ["p", "q"],
                }
            ],
        }
    )


def _without_sources(ds: Dataset) -> dict[str, object]:
    return without_source(ds.model_dump(mode="json"))


def test_hsds_export_imports_back_unchanged_and_whole(tmp_path: Path) -> None:
    from graphsvc.importing import apply_dataset
    from graphsvc.store import open_store

    original = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    apply_dataset(original, _multilingual())
    before = original.snapshot()
    result = write_file(before, tmp_path / "hsds", "hsds")
    assert not any("left out" in n and "network" in n for n in result.notes)
    back = read_file(tmp_path / "hsds", "hsds")
    assert back.warnings == []
    counts = import_read(original, back, source="hsds").counts
    assert [counts.total(k) for k in ("added", "updated", "deleted")] == [0, 0, 0]
    assert _without_sources(original.snapshot()) == _without_sources(before)
    original.close()
    empty = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    import_read(empty, back, source="hsds")
    after = empty.snapshot()
    empty.close()
    assert _without_sources(after) == _without_sources(before)
    # the HSDS files themselves hold one language, Finnish where there is one
    with (tmp_path / "hsds" / "organizations.csv").open(encoding="utf-8") as fh:
        assert [r["name"] for r in csv.DictReader(fh)] == ["Kaupunki", "Club only in English"]


def test_an_edited_hsds_record_wins_over_the_names_of_the_export(tmp_path: Path) -> None:
    write_file(_multilingual(), tmp_path / "hsds", "hsds")
    services = tmp_path / "hsds" / "services.csv"
    services.write_text(
        services.read_text(encoding="utf-8").replace("Nuorisotalo", "Nuorisokeskus"),
        encoding="utf-8",
    )
    result = read_file(tmp_path / "hsds", "hsds")
    (service,) = result.dataset.services
    assert service.name == "Nuorisokeskus"
    assert service.channel is not None and service.channel.value == "in_person"
    (warning,) = result.warnings
    assert (warning.file, warning.field) == ("x_graphsvc_names.csv", "text")
