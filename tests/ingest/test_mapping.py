"""Mapping files: a user's file laid over the shipped one is checked once, when loaded."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphsvc.errors import InvalidData
from ingest import read_file
from ingest.hsds.read import MAPPING_ENV as HSDS_ENV
from ingest.hsds.read import MAPPING_FILE as HSDS_FILE
from ingest.hsds.read import hsds_mapping, read_hsds_json
from ingest.mapping import Mapping, load_mapping
from ingest.ptv.read import MAPPING_ENV as PTV_ENV
from ingest.ptv.read import MAPPING_FILE as PTV_FILE
from ingest.ptv.read import read_ptv
from tests.ingest.helpers import HSDS3_CSV, HSDS3_JSON, PTV, VAASA, load_json, write_json

SWIMMING_HALL = "6ccb671f-05cd-46cf-a0a4-4f98d43dfd37"  # Vaasa's Uimahalli: P27.1, KR1
SECTORS = "city, wellbeing_county, state, ngo, company, education, parish, project, informal"


@pytest.fixture(autouse=True)
def _no_user_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PTV_ENV, raising=False)
    monkeypatch.delenv(HSDS_ENV, raising=False)


def _ptv(tmp_path: Path, text: str) -> Mapping:
    mine = tmp_path / "mine.yaml"
    mine.write_text(text, encoding="utf-8")
    return load_mapping(PTV_FILE, mine, PTV_ENV)


def _hsds(tmp_path: Path, text: str) -> Mapping:
    mine = tmp_path / "mine.yaml"
    mine.write_text(text, encoding="utf-8")
    return hsds_mapping(mine)


def _swimming_hall(tmp_path: Path) -> Path:
    records = [
        load_json(PTV / "organizations" / f"{VAASA}.json"),
        load_json(PTV / "services" / f"{SWIMMING_HALL}.json"),
    ]
    return write_json(tmp_path / "uimahalli.ptv.json", records)


# --- the shipped mappings --------------------------------------------------------------


def test_shipped_mappings_load() -> None:
    ptv = load_mapping(PTV_FILE, None, PTV_ENV)
    assert ptv.file == PTV_FILE
    assert ptv.section("service_classes")["P5.7"] == {
        "needs": ["mental-health-services"],
        "groups": ["mental-health", "substance-abuse"],
    }
    assert ptv.section("organization_types")["Municipality"] == "city"
    hsds = hsds_mapping()
    assert hsds.file == HSDS_FILE
    assert hsds.section("eligibility")["teen"] == ["age-7-21"]
    assert hsds.sections["default_sector"] == "ngo"
    # every need and group the shipped entries name is defined
    assert {"mental-health-services", "food-assistance"} <= ptv.needs.keys() & hsds.needs.keys()


# --- mistakes: each stops the read, naming the file and the entry -----------------------


def _undefined(kind: str, node_id: str, known: Mapping) -> str:
    ids = sorted(known.needs if kind == "need" else known.groups)
    return (
        f"{kind} {node_id!r} is not defined (define it under {kind}s, or use one of: "
        f"{', '.join(ids)})"
    )


PTV_MISTAKES = [
    (
        "service_classes:\n  P5.7: {needs: [undefined-need]}\n",
        "mine.yaml: service_classes.P5.7: need 'undefined-need' is not defined (define it "
        "under needs, or use one of: basic-education, ",
    ),
    (
        "target_groups:\n  KR1.2: {groups: [toddlers]}\n",
        "mine.yaml: target_groups.KR1.2: group 'toddlers' is not defined (define it under "
        "groups, or use one of: age-0-6, age-22-65, ",
    ),
    (
        "organization_types:\n  Municipality: town\n",
        f"mine.yaml: organization_types.Municipality: 'town' is not a sector (one of: {SECTORS}).",
    ),
    (
        "organization_types:\n  Municipality:\n",
        f"mine.yaml: organization_types.Municipality: give a sector (one of: {SECTORS}).",
    ),
    (
        "provision_types:\n  ProcuredServices: bought\n",
        "mine.yaml: provision_types.ProcuredServices: 'bought' is not a partnership kind (one "
        "of: purchase, framework_agreement, voucher, ",
    ),
    (
        "service_classes:\n  P5.7: mental-health-services\n",
        "mine.yaml: service_classes.P5.7: give {needs: [...], groups: [...]}, not a string.",
    ),
    (
        "service_classes:\n  P9.3: [registry]\n",
        "mine.yaml: service_classes.P9.3: give {needs: [...], groups: [...]}, not a list.",
    ),
    (
        "service_classes:\n  P9.3: {need: [housing]}\n",
        "mine.yaml: service_classes.P9.3: unknown key 'need' (give {needs: [...], groups: [...]}).",
    ),
    (
        "service_classes:\n  P9.3: {needs: {housing: yes}}\n",
        "mine.yaml: service_classes.P9.3: give a list of needs ids, e.g. [an-id], not a mapping.",
    ),
    (
        "service_classes:\n  p9.3: {needs: [housing]}\n  P9.3: {needs: [legal-aid]}\n",
        "mine.yaml: service_classes.P9.3: P9.3 is given twice.",
    ),
    (
        "service_classes:\n  - P9.3\n",
        "mine.yaml: service_classes: give a mapping of codes to {needs: [...], groups: [...]}, "
        "not a list.",
    ),
    (
        "service_class:\n  P9.3: {needs: [housing]}\n",
        "mine.yaml: service_class: not a section of a mapping laid over ptv_mapping.yaml (its "
        "sections: groups, needs, organization_types, provision_types, replace_defaults, "
        "service_classes, target_groups).",
    ),
    (
        "terms:\n  food: {needs: [housing]}\n",
        "mine.yaml: terms: not a section of a mapping laid over ptv_mapping.yaml",
    ),
    (
        "organization_types:\n  1: city\n",
        "mine.yaml: organization_types.1: write the key as text, in quotes.",
    ),
    (
        "replace_defaults: please\n",
        "mine.yaml: replace_defaults: give true or false, not a string ('please').",
    ),
]


@pytest.mark.parametrize(
    "text,message",
    PTV_MISTAKES,
    ids=[
        "undefined-need",
        "undefined-group",
        "not-a-sector",
        "no-sector",
        "not-a-kind",
        "entry-as-string",
        "entry-as-list",
        "misspelt-key",
        "ids-not-a-list",
        "code-twice",
        "section-not-a-mapping",
        "unknown-section",
        "other-format-section",
        "key-not-text",
        "replace-not-bool",
    ],
)
def test_ptv_mapping_mistakes(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidData) as exc:
        _ptv(tmp_path, text)
    assert str(exc.value).startswith(message)


def test_the_undefined_message_lists_every_defined_id(tmp_path: Path) -> None:
    shipped = load_mapping(PTV_FILE, None, PTV_ENV)
    with pytest.raises(InvalidData) as exc:
        _ptv(tmp_path, "service_classes:\n  P5.7: {groups: [adults]}\n")
    assert str(exc.value) == (
        f"mine.yaml: service_classes.P5.7: {_undefined('group', 'adults', shipped)}."
    )


HSDS_MISTAKES = [
    (
        "terms:\n  knitting: {needs: [craftz]}\n",
        "mine.yaml: terms.knitting: need 'craftz' is not defined (define it under needs",
    ),
    (
        "terms:\n  knitting: culture\n",
        "mine.yaml: terms.knitting: give {needs: [...], groups: [...]}, not a string.",
    ),
    (
        "eligibility:\n  toddler: [age-1-3]\n",
        "mine.yaml: eligibility.toddler: group 'age-1-3' is not defined (define it under groups",
    ),
    (
        "eligibility:\n  toddler: {groups: [age-0-6]}\n",
        "mine.yaml: eligibility.toddler: give a list of groups ids, e.g. [an-id], not a mapping.",
    ),
    (
        "sectors:\n  - [kunta, town]\n",
        f"mine.yaml: sectors rule 1: 'town' is not a sector (one of: {SECTORS}).",
    ),
    (
        "sectors:\n  - [kunta, city]\n  - ['', ngo]\n",
        "mine.yaml: sectors rule 2: the pattern must be some text, not a string ('').",
    ),
    ("sectors:\n  - kunta\n", "mine.yaml: sectors rule 1: give [pattern, sector], not 'kunta'."),
    (
        "sectors: {kunta: city}\n",
        "mine.yaml: sectors: give a list of [pattern, sector] rules, not a mapping.",
    ),
    (
        "default_sector: charity\n",
        f"mine.yaml: default_sector: 'charity' is not a sector (one of: {SECTORS}).",
    ),
    (
        "area_kind: county\n",
        "mine.yaml: area_kind: 'county' is not an area kind (one of: district, municipality, "
        "region).",
    ),
    (
        "service_classes:\n  P9.3: {needs: [housing]}\n",
        "mine.yaml: service_classes: not a section of a mapping laid over hsds_needs.yaml (its "
        "sections: area_kind, default_sector, eligibility, groups, name_sectors, needs, "
        "replace_defaults, sectors, terms).",
    ),
]


@pytest.mark.parametrize(
    "text,message",
    HSDS_MISTAKES,
    ids=[
        "undefined-need",
        "entry-as-string",
        "undefined-group",
        "eligibility-as-entry",
        "not-a-sector",
        "empty-pattern",
        "rule-not-a-pair",
        "rules-not-a-list",
        "default-not-a-sector",
        "not-an-area-kind",
        "other-format-section",
    ],
)
def test_hsds_mapping_mistakes(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidData) as exc:
        _hsds(tmp_path, text)
    assert str(exc.value).startswith(message)


def test_a_need_the_file_defines_itself_may_be_used(tmp_path: Path) -> None:
    m = _hsds(
        tmp_path,
        "terms:\n  knitting: {needs: [crafts]}\n"
        "needs:\n  crafts: {name: {fi: Käsityöt}, category: leisure}\n",
    )
    assert m.section("terms")["knitting"] == {"needs": ["crafts"]}
    assert m.needs["crafts"].source == "mine.yaml needs crafts"


# --- the readers stop on a mistake before reading any data ------------------------------


def test_ptv_read_names_the_mapping_not_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "map2.yaml"
    mine.write_text("service_classes:\n  P27.1: {needs: [undefined-need]}\n", encoding="utf-8")
    monkeypatch.setenv(PTV_ENV, str(mine))
    with pytest.raises(
        InvalidData, match=r"^map2\.yaml: service_classes\.P27\.1: need 'undefined-need' is"
    ):
        read_file(_swimming_hall(tmp_path), "ptv")


def test_hsds_read_names_the_mapping_not_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "nmap3.yaml"
    mine.write_text("terms:\n  counseling: culture\n", encoding="utf-8")
    monkeypatch.setenv(HSDS_ENV, str(mine))
    with pytest.raises(
        InvalidData,
        match=re.escape(
            "nmap3.yaml: terms.counseling: give {needs: [...], groups: [...]}, not a string."
        ),
    ):
        read_file(HSDS3_CSV, "hsds")


# --- correct overrides still work ---------------------------------------------------------


def test_a_correct_ptv_override_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "oma.yaml"
    mine.write_text(
        "service_classes:\n"
        "  p27.1: {needs: [uinti]}  # codes match in any case\n"
        "target_groups:\n"
        "  KR1: {groups: [kaikki]}\n"
        "organization_types: {Municipality: wellbeing_county}\n"
        "provision_types: {VoucherServices: grant}\n"
        "needs:\n  uinti: {name: {fi: Uinti}, category: leisure}\n"
        "groups:\n  kaikki: {name: {fi: Kaikki}, kind: special}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(PTV_ENV, str(mine))
    ds = read_file(_swimming_hall(tmp_path), "ptv").dataset
    (service,) = ds.services
    assert (service.needs, service.groups) == (["uinti"], ["kaikki"])
    assert ds.providers[0].sector.value == "wellbeing_county"
    assert [n.source for n in ds.needs] == ["oma.yaml needs uinti"]


def test_replace_defaults_keeps_the_shipped_definitions(tmp_path: Path) -> None:
    mine = tmp_path / "oma.yaml"
    mine.write_text(
        "replace_defaults: true\n"
        "organization_types: {Municipality: city}\n"
        "service_classes: {P27.1: {needs: [sports-and-leisure]}}\n",
        encoding="utf-8",
    )
    ds = read_ptv(_swimming_hall(tmp_path), mapping=mine).dataset
    assert ds.services[0].needs == ["sports-and-leisure"]
    assert [n.source for n in ds.needs] == ["definitions.yaml needs sports-and-leisure"]
    assert set(load_mapping(PTV_FILE, mine, PTV_ENV).sections) == {
        "organization_types",
        "service_classes",
    }


def test_an_empty_section_changes_nothing(tmp_path: Path) -> None:
    m = _ptv(tmp_path, "service_classes:\norganization_types: {Company: ngo}\n")
    assert m.section("service_classes")["P27.1"] == {"needs": ["sports-and-leisure"]}
    assert m.section("organization_types")["Company"] == "ngo"
    assert m.section("organization_types")["Municipality"] == "city"


def test_a_correct_hsds_override_works(tmp_path: Path) -> None:
    mine = tmp_path / "oma.yaml"
    mine.write_text(
        "terms:\n  code: {needs: [crafts], groups: [age-66-plus]}\n"
        "needs:\n  crafts: {name: {fi: Käsityöt, en: Crafts}}\n"
        "eligibility: {toddler: [age-0-6]}\n"
        "sectors: [[limited, ngo]]\ndefault_sector: company\n",
        encoding="utf-8",
    )
    m = hsds_mapping(mine)
    assert m.sections["sectors"] == [["limited", "ngo"]]  # a list replaces the shipped one
    assert m.section("eligibility")["toddler"] == ["age-0-6"]
    (service,) = read_hsds_json(HSDS3_JSON / "service_full.json", mapping=mine).dataset.services
    assert service.needs == ["crafts"]
    assert "age-66-plus" in service.groups
