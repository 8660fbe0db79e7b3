"""Suomi.fi PTV: the real API responses for Naantali, Vaasa and VRK, and edge cases."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graphsvc.errors import InvalidData
from graphsvc.importing import import_file
from graphsvc.model import Label, RelKind
from graphsvc.store import GraphStore
from ingest import read_file
from ingest.base import UNKNOWN_END, ended_on
from ingest.mapping import data_json, slug
from ingest.ptv.read import read_ptv
from tests.ingest.helpers import (
    CODELISTS,
    NAANTALI,
    NULL_ORG_SERVICE,
    PTV,
    VAASA,
    VRK,
    by_id,
    load_json,
    write_json,
)


@pytest.fixture(scope="module")
def reference() -> Any:
    return read_ptv(PTV)


def _service(name: str) -> dict[str, Any]:
    """A real service record (by Finnish name) to build edge cases from."""
    for path in sorted((PTV / "services").glob("*.json")):
        record = load_json(path)
        if any(n["value"] == name for n in record["serviceNames"]):
            return copy.deepcopy(record)
    raise LookupError(name)


def _org(org_id: str) -> dict[str, Any]:
    return copy.deepcopy(load_json(PTV / "organizations" / f"{org_id}.json"))


def _company() -> dict[str, Any]:
    """A company (made from a real record) whose parent is the city of Vaasa."""
    company = _org(VRK)
    company.update(
        id="c0ffee00-0000-0000-0000-000000000001",
        organizationType="Company",
        organizationNames=[{"language": "fi", "value": "Uimahalli Oy", "type": "Name"}],
        parentOrganizationId=VAASA,
    )
    return company


# --- the reference responses ----------------------------------------------------------


def test_reference_counts_and_sectors(reference: Any) -> None:
    ds = reference.dataset
    assert len(ds.providers) == 3
    assert len(ds.services) == 30
    providers = by_id(ds.providers)
    assert providers[NAANTALI].name == {"fi": "Naantalin kaupunki"}
    assert providers[NAANTALI].sector.value == "city"  # Municipality
    assert providers[VAASA].name == {
        "fi": "Vaasan kaupunki",
        "sv": "Vasa stad",
        "en": "City of Vaasa",
    }
    assert providers[VRK].sector.value == "state"  # State
    # VRK's AlternativeNames (VRK, BRC) are not its name
    assert providers[VRK].name == {
        "fi": "Väestörekisterikeskus",
        "sv": "Befolkningsregistercentralen",
    }
    assert providers[NAANTALI].phone == "+35824345111"


def test_reference_service_names_and_providers(reference: Any) -> None:
    services = by_id(reference.dataset.services)
    perusopetus_vaasa = services["17c633dd-5408-495a-86c1-d8f57598e899"]
    assert perusopetus_vaasa.provider == VAASA
    assert perusopetus_vaasa.name == {
        "fi": "Perusopetus",
        "sv": "Grundläggande utbildning",
        "en": "Basic education",
    }
    assert {s.provider for s in services.values()} == {NAANTALI, VAASA, VRK}
    assert all(s.source and s.id in s.source for s in services.values())


def _named(reference: Any, fi: str) -> list[Any]:
    return [s for s in reference.dataset.services if s.display_name("fi") == fi]


def test_target_group_and_service_class_codes_are_mapped(reference: Any) -> None:
    (paivahoito,) = _named(reference, "Tilapäinen päivähoito")  # KR1.2, P3.4
    assert paivahoito.groups == ["age-0-6"]
    assert paivahoito.needs == ["early-education"]
    (etsiva,) = _named(reference, "Etsivä nuorisotyö")  # KR1.3, P4.13
    assert etsiva.groups == ["age-7-21"]
    assert etsiva.needs == ["social-guidance"]
    (kriisi,) = _named(reference, "Päivystävän kriisiryhmän palvelut")  # P5.7
    assert kriisi.needs == ["mental-health-services"]
    assert kriisi.groups == ["mental-health", "substance-abuse"]
    # basic education is tagged KR1.2 (children and families), but P6.2 says 7-21
    for perusopetus in _named(reference, "Perusopetus"):
        assert perusopetus.groups == ["age-7-21"]
        assert perusopetus.needs == ["basic-education"]
    ids = {g.id for g in reference.dataset.target_groups}
    assert ids == {"age-0-6", "age-7-21", "mental-health", "substance-abuse"}
    group = by_id(reference.dataset.target_groups)["age-0-6"]
    assert (group.min_age, group.max_age, group.kind.value) == (0, 6, "age")


def test_areas_come_from_municipality_codes(reference: Any) -> None:
    areas = by_id(reference.dataset.areas)
    assert areas["naantali"].code == "529"
    assert areas["naantali"].name == {"fi": "Naantali", "sv": "Nådendal"}
    assert areas["naantali"].parent == "varsinais-suomi"
    assert areas["varsinais-suomi"].kind.value == "region"
    (paivahoito,) = _named(reference, "Tilapäinen päivähoito")
    assert paivahoito.areas == ["naantali"]
    employment = by_id(reference.dataset.services)[NULL_ORG_SERVICE]
    assert len(employment.areas) == 10 and "vaasa" in employment.areas
    # nationwide services (VRK) are available everywhere: no area
    assert all(s.areas == [] for s in reference.dataset.services if s.provider == VRK)


def test_the_null_organization_record_is_reported_not_fatal(reference: Any) -> None:
    warnings = [w for w in reference.warnings if w.id == NULL_ORG_SERVICE]
    assert len(warnings) == 1
    (warning,) = warnings
    assert warning.field == "organizations[1].organization"
    assert "null" in warning.message
    assert warning.file == f"services/{NULL_ORG_SERVICE}.json"
    service = by_id(reference.dataset.services)[NULL_ORG_SERVICE]
    assert service.provider == VAASA  # the Responsible entry still counts
    assert reference.dataset.partnerships == []  # nothing made of the null entry


def test_unmapped_codes_are_summed_up_once(reference: Any) -> None:
    summary = [w for w in reference.warnings if w.field == "serviceClasses"]
    assert len(summary) == 1
    assert "P2.3 Maankäyttö, kaavoitus ja tontit" in summary[0].message
    # KR1, KR2, KR3 are known on purpose (empty entries): no warning for them
    assert not [w for w in reference.warnings if w.field == "targetGroups"]


def test_the_shipped_code_tables_match_the_official_lists() -> None:
    places = data_json("municipalities.json")
    official = load_json(CODELISTS / "Municipality.json")
    assert len(places["municipalities"]) == len(official) == 311
    for item in official:
        names = {n["language"]: n["name"] for n in item["names"]}
        fi, sv, region = places["municipalities"][item["municipalityCode"]]
        assert (fi, sv) == (names["fi"], names["sv"])
        assert region in places["regions"]
    assert places["municipalities"]["179"][:1] == ["Jyväskylä"]
    assert slug(places["regions"]["13"][0]) == "keski-suomi"
    codes = data_json("ptv_codes.json")
    assert len(codes["target_groups"]) == 17
    assert codes["service_classes"]["P5.7"] == "Päihde- ja mielenterveyspalvelut"


# --- list responses, files, streaming -------------------------------------------------


def test_list_response_plain_list_and_single_file(tmp_path: Path) -> None:
    records = [_org(VAASA), _service("Uimahalli"), _service("Avoimet työpaikat")]
    write_json(tmp_path / "list.json", {"pageNumber": 1, "pageCount": 1, "itemList": records})
    write_json(tmp_path / "plain.json", records)
    for name in ("list.json", "plain.json"):
        ds = read_file(tmp_path / name, "ptv").dataset
        assert [p.id for p in ds.providers] == [VAASA]
        assert len(ds.services) == 2
    one = read_file(write_json(tmp_path / "one.json", _org(VRK)), "ptv").dataset
    assert [p.id for p in one.providers] == [VRK]


def test_large_list_streams_through_small_buffers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.jsonstream as js

    monkeypatch.setattr(js, "_CHUNK", 333)  # refill constantly, mid-token
    base = _service("Uimahalli")
    records = [_org(VAASA)]
    for i in range(300):
        record = copy.deepcopy(base)
        record["id"] = f"svc-{i:04d}"
        record["serviceNames"] = [{"language": "fi", "value": f"Uimahalli {i}", "type": "Name"}]
        records.append(record)
    path = write_json(tmp_path / "big.json", {"itemList": records, "pageCount": 12345678})
    ds = read_file(path, "ptv").dataset
    assert len(ds.services) == 300
    assert by_id(ds.services)["svc-0299"].name == {"fi": "Uimahalli 299"}


# --- broken records: reported, skipped whole --------------------------------------------


def _edge_cases() -> list[dict[str, Any]]:
    vaasa = _org(VAASA)
    company = _company()
    unit = copy.deepcopy(company)
    unit.update(
        id="c0ffee00-0000-0000-0000-000000000002",
        organizationType="Galactic",
        organizationNames=[{"language": "fi", "value": "Outo", "type": "Name"}],
    )
    procured = _service("Uimahalli")
    procured["id"] = "procured"
    procured["organizations"].append(
        {
            "organization": {"id": company["id"], "name": "Uimahalli Oy"},
            "roleType": "Producer",
            "provisionType": "ProcuredServices",
            "additionalInformation": [],
        }
    )
    procured["organizations"].append(
        {
            "organization": {"id": "99999999-0000-0000-0000-000000000000", "name": "Muu"},
            "roleType": "Producer",
            "provisionType": "ProcuredServices",
            "additionalInformation": [],
        }
    )
    procured["targetGroups"].append({"code": "KR9.9", "name": [], "uri": "x"})
    swedish = _service("Uimahalli")
    swedish["id"] = "only-swedish"
    swedish["serviceNames"] = [{"language": "sv", "value": "Simhall", "type": "Name"}]
    orphan = _service("Uimahalli")
    orphan["id"] = "orphan"
    orphan["organizations"] = [
        {"organization": {"id": unit["id"]}, "roleType": "Responsible", "provisionType": None}
    ]
    orphan["areas"][0]["municipalities"] = [{"code": "179", "name": []}]
    nobody = _service("Uimahalli")
    nobody["id"] = "nobody"
    nobody["organizations"] = [{"organization": None, "roleType": "Responsible"}]
    draft = _service("Uimahalli")
    draft["id"] = "draft"
    draft["publishingStatus"] = "Draft"
    new_uri = _service("Tilapäinen päivähoito")
    new_uri["id"] = "new-uri"
    new_uri["organizations"] = procured["organizations"][:1]
    for tg in new_uri["targetGroups"]:
        tg["uri"] = f"http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/{tg['code']}"
    return [vaasa, company, unit, procured, swedish, orphan, nobody, draft, new_uri]


def test_broken_records_are_reported_and_left_out_whole(tmp_path: Path) -> None:
    path = write_json(tmp_path / "cases.json", {"itemList": _edge_cases()})
    result = read_file(path, "ptv")
    ds = result.dataset
    warned = {(w.id, w.field): w.message for w in result.warnings}

    assert {p.id for p in ds.providers} == {VAASA, "c0ffee00-0000-0000-0000-000000000001"}
    company = by_id(ds.providers)["c0ffee00-0000-0000-0000-000000000001"]
    assert (company.sector.value, company.parent) == ("company", VAASA)
    assert "Galactic" in warned[("c0ffee00-0000-0000-0000-000000000002", "organizationType")]

    services = by_id(ds.services)
    assert set(services) == {"procured", "only-swedish", "new-uri"}
    # ProcuredServices -> a purchase partnership from the responsible city to each
    # producer; one producer is not in the file: the import looks for it in the store
    assert {(p.source, p.target, p.kind.value) for p in ds.partnerships} == {
        (VAASA, "c0ffee00-0000-0000-0000-000000000001", "purchase"),
        (VAASA, "99999999-0000-0000-0000-000000000000", "purchase"),
    }
    assert ("procured", "organizations") not in warned
    assert "KR9.9" in warned[("procured", "targetGroups")]
    # a missing Finnish name is reported; the record is imported with the name it has
    assert services["only-swedish"].name == {"sv": "Simhall"}
    assert "no Finnish name" in warned[("only-swedish", "serviceNames")]
    # the orphan's organisation was skipped: so is the orphan, and its area (Jyväskylä)
    assert "skipped too" in warned[("orphan", "organizations")]
    assert "jyvaskyla" not in {a.id for a in ds.areas}
    assert "no responsible or producing" in warned[("nobody", "organizations")]
    assert "Draft" in warned[("draft", "publishingStatus")]
    # codes are matched, whatever form the URIs take
    assert services["new-uri"].groups == ["age-0-6"]


def test_pages_imported_one_by_one_find_parents_and_producers_in_the_store(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    # the PTV API pages its lists: organisations and services come in separate files
    company = _company()
    lost = copy.deepcopy(company)
    lost.update(
        id="c0ffee00-0000-0000-0000-000000000002",
        parentOrganizationId="nowhere",
        organizationNames=[{"language": "fi", "value": "Orpo Oy", "type": "Name"}],
    )
    procured = _service("Uimahalli")
    procured["organizations"].append(
        {
            "organization": {"id": company["id"]},
            "roleType": "Producer",
            "provisionType": "ProcuredServices",
        }
    )
    procured["organizations"].append(
        {
            "organization": {"id": "99999999-0000-0000-0000-000000000000"},
            "roleType": "Producer",
            "provisionType": "ProcuredServices",
        }
    )
    page1 = write_json(tmp_path / "page1.ptv.json", {"pageNumber": 1, "itemList": [_org(VAASA)]})
    page2 = write_json(tmp_path / "page2.ptv.json", {"pageNumber": 2, "itemList": [company, lost]})
    services = write_json(tmp_path / "services.ptv.json", [procured])

    import_file(sqlite_store, page1)
    report = import_file(sqlite_store, page2)
    assert report.counts.added["PART_OF"] == 1  # the parent from page 1, in the store
    (warning,) = [o.problem for o in report.left_out if o.problem.field == "parent"]
    assert (
        warning.id == lost["id"]
        and "'nowhere' is neither in the file nor in the store" in warning.message
        and warning.location == f"record {lost['id']}"
    )
    assert sqlite_store.get(Label.PROVIDER, lost["id"]) is not None  # kept, without parent
    assert sqlite_store.get(Label.PROVIDER, company["id"]).parent == VAASA  # type: ignore

    report = import_file(sqlite_store, services)
    stored = sqlite_store.relationships(RelKind.PARTNERS_WITH).items
    assert [(r.source, r.target) for r in stored] == [(VAASA, company["id"])]
    assert any(
        "'99999999-0000-0000-0000-000000000000' is neither in the file nor in the "
        "store" in o.problem.message
        for o in report.left_out
    )

    # page 2 again, alone: its parent link stays, nothing changes
    version = sqlite_store.version()
    again = import_file(sqlite_store, page2)
    assert again.counts.total("deleted") == again.counts.total("updated") == 0
    assert sqlite_store.version() == version


def test_a_deleted_or_archived_record_is_imported_as_ended(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    service = _service("Uimahalli")
    import_file(sqlite_store, write_json(tmp_path / "day1.ptv.json", [_org(VAASA), service]))
    assert sqlite_store.get(Label.SERVICE, service["id"]).valid_to is None  # type: ignore
    gone = copy.deepcopy(service)
    gone.update(publishingStatus="Deleted", modified="2026-03-05T10:11:12.123")
    archived = _org(VAASA)
    archived.update(publishingStatus="Archived")
    archived.pop("modified", None)
    report = import_file(sqlite_store, write_json(tmp_path / "day2.ptv.json", [archived, gone]))
    assert report.counts.updated == {"Provider": 1, "Service": 1}
    stored = sqlite_store.get(Label.SERVICE, service["id"])
    assert stored is not None and stored.valid_to == date(2026, 3, 5)
    assert not stored.active_on(date(2026, 3, 6))
    provider = sqlite_store.get(Label.PROVIDER, VAASA)
    assert provider is not None and provider.valid_to == UNKNOWN_END  # no date to go by
    warned = {w.id: w.message for w in report.warnings if w.field == "publishingStatus"}
    assert "imported as ended (valid_to 2026-03-05)" in warned[service["id"]]
    draft = copy.deepcopy(service)
    draft.update(publishingStatus="Modified", id="f0000000-0000-0000-0000-000000000001")
    result = read_file(write_json(tmp_path / "draft.ptv.json", [_org(VAASA), draft]))
    assert result.dataset.services == []  # a draft is not published: skipped


def test_the_end_day_is_the_day_in_finland() -> None:
    assert ended_on("2024-07-08T23:30:00Z") == date(2024, 7, 9)  # 02:30 in Helsinki
    assert ended_on("2024-07-08T10:00:00.123") == date(2024, 7, 8)  # no zone: as written
    assert ended_on("2018-03-21") == date(2018, 3, 21)
    assert ended_on(None) == ended_on("eilen") == UNKNOWN_END


def test_codes_from_uris_any_case_and_guids_in_upper_case(tmp_path: Path) -> None:
    service = _service("Tilapäinen päivähoito")  # KR1.2 -> age-0-6
    service["id"] = service["id"].upper()
    for tg in service["targetGroups"]:
        tg["uri"] = f"http://uri.suomi.fi/codelist/ptv/ptvkohderyhmat/code/{tg.pop('code')}"
    service["serviceClasses"] = [{"code": "p3.4", "name": []}]  # early education
    service["organizations"] = [{"organizationId": VAASA.upper(), "roleType": "Responsible"}]
    ds = read_file(write_json(tmp_path / "x.ptv.json", [_org(VAASA), service])).dataset
    (svc,) = ds.services
    assert svc.id == service["id"].lower() and svc.provider == VAASA
    assert svc.groups == ["age-0-6"] and svc.needs == ["early-education"]


def test_areas_that_cannot_be_read_are_said_to_make_a_service_available_everywhere(
    tmp_path: Path,
) -> None:
    base = _service("Uimahalli")
    cases = {
        "hospital": {
            "areaType": "LimitedType",
            "areas": [{"type": "HospitalRegions", "code": "25", "name": [], "municipalities": []}],
        },
        "empty": {"areaType": "LimitedType", "areas": []},
        "province": {
            "areaType": "LimitedType",
            "areas": [{"type": "Province", "code": 13, "municipalities": []}],
        },
        "nationwide": {"areaType": "Nationwide", "areas": []},
    }
    records: list[Any] = [_org(VAASA)]
    for name, update in cases.items():
        record = copy.deepcopy(base)
        record.update(id=name, **update)
        records.append(record)
    result = read_file(write_json(tmp_path / "areas.ptv.json", records))
    everywhere = {w.id for w in result.warnings if "available everywhere" in w.message}
    assert everywhere == {"hospital", "empty"}
    assert any(
        w.id == "hospital" and "lists no municipalities" in w.message for w in result.warnings
    )
    services = by_id(result.dataset.services)
    assert services["province"].areas == ["keski-suomi"]  # code 13, given as a number
    assert services["nationwide"].areas == services["empty"].areas == []


def test_a_file_with_no_ptv_record_is_an_error_and_a_page_says_so(tmp_path: Path) -> None:
    dataset = write_json(tmp_path / "not.ptv.json", {"format": "graphsvc-dataset", "providers": []})
    with pytest.raises(InvalidData, match="holds no PTV organisation or service"):
        read_file(dataset)
    page = write_json(
        tmp_path / "page.ptv.json", {"pageNumber": 2, "pageCount": 3, "itemList": [_org(VAASA)]}
    )
    (warning,) = read_file(page).warnings
    assert "page 2 of 3" in warning.message and warning.file == "page.ptv.json"


def test_the_finnish_web_page_and_phone_number_come_first(tmp_path: Path) -> None:
    org = _org(VAASA)
    org["webPages"] = [
        {"url": "https://www.vaasa.fi/en", "language": "en"},
        {"url": "https://www.vaasa.fi/", "language": "fi"},
    ]
    org["phoneNumbers"] = [
        {"prefixNumber": "+358", "number": "61111", "language": "sv"},
        {"prefixNumber": "+358", "number": "62222", "language": "fi"},
    ]
    (provider,) = read_file(write_json(tmp_path / "o.ptv.json", org)).dataset.providers
    assert (provider.url, provider.phone) == ("https://www.vaasa.fi/", "+35862222")


def test_mapping_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "oma.yaml"
    mine.write_text(
        "service_classes:\n"
        "  P27.1: {needs: [uinti]}\n"
        "needs:\n"
        "  uinti: {name: {fi: Uinti, en: Swimming}, category: leisure}\n"
        "organization_types:\n"
        "  Municipality: wellbeing_county\n",
        encoding="utf-8",
    )
    records = [_org(VAASA), _service("Uimahalli")]
    path = write_json(tmp_path / "list.json", records)
    ds = read_ptv(path, mapping=mine).dataset
    assert ds.services[0].needs == ["uinti"]
    assert ds.needs[0].name == {"fi": "Uinti", "en": "Swimming"}
    assert ds.needs[0].source == "oma.yaml needs uinti"
    assert ds.providers[0].sector.value == "wellbeing_county"
    monkeypatch.setenv("GRAPHSVC_PTV_MAPPING", str(mine))
    assert read_file(path, "ptv").dataset.services[0].needs == ["uinti"]
    (tmp_path / "bad.yaml").write_text("needs:\n  x: {name: ''}\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHSVC_PTV_MAPPING", str(tmp_path / "bad.yaml"))
    with pytest.raises(InvalidData, match=r"bad.yaml: needs.x.name: name must not be empty"):
        read_file(path, "ptv")


def test_replace_defaults_starts_from_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "oma.yaml"
    mine.write_text(
        "replace_defaults: true\norganization_types: {Municipality: city}\n", encoding="utf-8"
    )
    path = write_json(tmp_path / "list.json", [_org(VAASA), _service("Tilapäinen päivähoito")])
    ds = read_ptv(path, mapping=mine).dataset
    assert ds.services[0].groups == [] and ds.needs == []


def test_not_json_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"itemList": [{"id": "a", "serviceNames": [}', encoding="utf-8")
    with pytest.raises(InvalidData, match="not valid JSON near character"):
        read_file(path, "ptv")
    path.write_text(json.dumps({"id": "x"}) + " trailing", encoding="utf-8")
    with pytest.raises(InvalidData, match="after the end of the document"):
        read_file(path, "ptv")


# --- record shapes the reference responses do not have ---------------------------------


def test_a_published_copy_after_a_draft_keeps_its_services(tmp_path: Path) -> None:
    draft = _org(VAASA)
    draft["publishingStatus"] = "Draft"
    # the folder sorts the draft first; the published copy must count all the same
    path = write_json(tmp_path / "x.json", [draft, _org(VAASA), _service("Uimahalli")])
    ds = read_ptv(path).dataset
    assert [p.id for p in ds.providers] == [VAASA]
    assert [s.provider for s in ds.services] == [VAASA]


def test_areas_without_area_type_count_and_broken_areas_are_reported(tmp_path: Path) -> None:
    no_type = _service("Uimahalli")
    no_type["id"] = "no-area-type"
    del no_type["areaType"]  # left out: not "available everywhere"
    no_type["areas"] = [{"type": "Municipality", "municipalities": [{"code": "179"}]}]
    broken = _service("Uimahalli")
    broken["id"] = "broken-areas"
    broken["areas"] = [{"type": "Municipality", "municipalities": ["179"]}, "905"]
    result = read_ptv(write_json(tmp_path / "x.json", [_org(VAASA), no_type, broken]))
    services = by_id(result.dataset.services)
    assert services["no-area-type"].areas == ["jyvaskyla"]
    assert services["broken-areas"].areas == []
    warned = {(w.id, w.field) for w in result.warnings}
    assert {("broken-areas", "areas[0].municipalities"), ("broken-areas", "areas[1]")} <= warned


def test_an_organisation_that_is_its_own_parent_is_imported_without_one(tmp_path: Path) -> None:
    vaasa = _org(VAASA)
    vaasa["parentOrganizationId"] = VAASA  # a parent cycle would stop the whole import
    result = read_ptv(write_json(tmp_path / "x.json", [vaasa]))
    assert result.dataset.providers[0].parent is None
    assert any(w.field == "parentOrganizationId" and "itself" in w.message for w in result.warnings)


def test_language_codes_in_capitals_are_still_names(tmp_path: Path) -> None:
    vaasa = _org(VAASA)
    vaasa["organizationNames"] = [{"language": "FI", "value": "Vaasa", "type": "Name"}]
    result = read_ptv(write_json(tmp_path / "x.json", [vaasa]))
    assert result.dataset.providers[0].name == {"fi": "Vaasa"}
    assert not result.warnings


def test_truncated_json_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[{"id": "a", "serviceNames": [{"value": "Uimah', encoding="utf-8")
    with pytest.raises(InvalidData, match=r"character 40: Unterminated string\.$"):
        read_file(path, "ptv")


def test_a_page_of_the_list_endpoint_gets_one_warning_that_says_what_to_fetch(
    tmp_path: Path,
) -> None:
    stubs = [
        {"id": f"0000000{i}-0000-0000-0000-000000000000", "name": f"Palvelu {i}"} for i in range(5)
    ]
    path = write_json(tmp_path / "page.json", {"pageNumber": 1, "pageCount": 9, "itemList": stubs})
    result = read_ptv(path)
    (warning,) = result.warnings
    assert "5 record(s) hold only an id and a name" in warning.message
    assert "/api/v11/Service/list?guids=" in warning.message
    assert result.dataset.services == []
