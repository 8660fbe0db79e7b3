"""Dataset format v1: reading, writing, and every kind of bad input."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from graphsvc.errors import InvalidData
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Label
from graphsvc.store import GraphStore
from ingest import read_file, write_file
from ingest.dataset import dumps


def _import(store: GraphStore, path: Path, **kw: Any) -> Any:
    return apply_dataset(store, read_file(path).dataset, source=path.name, **kw)


def _write(tmp_path: Path, doc: Any, name: str = "data.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def test_json_and_yaml_read_the_same_dataset(tmp_path: Path, small_dataset: Dataset) -> None:
    write_file(small_dataset, tmp_path / "a.json")
    write_file(small_dataset, tmp_path / "a.yaml")
    a = read_file(tmp_path / "a.json").dataset
    b = read_file(tmp_path / "a.yaml").dataset
    assert a.to_document() == b.to_document() == small_dataset.to_document()


def test_dumps_orders_lists_stably(small_dataset: Dataset) -> None:
    shuffled = small_dataset.model_copy(
        update={
            "providers": list(reversed(small_dataset.providers)),
            "partnerships": list(reversed(small_dataset.partnerships)),
        }
    )
    assert dumps(shuffled) == dumps(small_dataset)
    doc = json.loads(dumps(small_dataset))
    assert [p["id"] for p in doc["providers"]] == sorted(p["id"] for p in doc["providers"])
    assert list(doc)[:2] == ["format", "version"]


def test_dry_run_reports_and_writes_nothing(
    sqlite_store: GraphStore, tmp_path: Path, small_doc: dict[str, Any]
) -> None:
    path = _write(tmp_path, small_doc)
    report = _import(sqlite_store, path, dry_run=True)
    assert report.counts.added["Provider"] == 4
    assert sqlite_store.counts()["nodes"]["Provider"] == 0
    assert sqlite_store.version() == 0
    _import(sqlite_store, path)
    small_doc["providers"][2]["name"] = "MLL"  # one update
    small_doc["providers"].append({"id": "new", "name": "Uusi", "sector": "ngo"})
    report = _import(sqlite_store, _write(tmp_path, small_doc), dry_run=True)
    assert report.counts.added == {"Provider": 1}
    assert report.counts.updated == {"Provider": 1}
    assert report.counts.unchanged["Provider"] == 3
    assert sqlite_store.get(Label.PROVIDER, "mll").name == "MLL Keski-Suomen piiri"


def _mutations() -> list[tuple[str, Any, str]]:
    """(test id, a change to the small document, text the error must contain)."""

    def service_to_unknown_provider(d: dict[str, Any]) -> None:
        d["services"][0]["provider"] = "ghost"

    def duplicate_id(d: dict[str, Any]) -> None:
        d["providers"].append(dict(d["providers"][0]))

    def unknown_sector(d: dict[str, Any]) -> None:
        d["providers"][1]["sector"] = "kolmas-sektori"

    def unknown_partnership_kind(d: dict[str, Any]) -> None:
        d["partnerships"][1]["kind"] = "friendship"

    def min_over_max(d: dict[str, Any]) -> None:
        d["services"][1]["min_age"] = 9

    def negative_age(d: dict[str, Any]) -> None:
        d["target_groups"][0]["min_age"] = -1

    def not_a_date(d: dict[str, Any]) -> None:
        d["providers"][3]["valid_from"] = "31.12.2015"

    def unknown_field(d: dict[str, Any]) -> None:
        d["needs"][0]["colour"] = "red"

    def partnership_to_unknown(d: dict[str, Any]) -> None:
        d["partnerships"].append({"source": "mll", "target": "nobody", "kind": "grant"})

    return [
        (
            "dangling-reference",
            service_to_unknown_provider,
            "services row 1 (id s-paivakoti), field provider: refers to Provider 'ghost'",
        ),
        ("duplicate-id", duplicate_id, "providers row 5 (id jkl), field id: duplicate id"),
        (
            "unknown-sector",
            unknown_sector,
            "providers row 2 (id jkl-varhaiskasvatus), field sector",
        ),
        ("unknown-relationship-kind", unknown_partnership_kind, "partnerships row 2, field kind"),
        ("min-over-max", min_over_max, "min_age 9 is greater than max_age 6"),
        ("negative-age", negative_age, "target_groups row 1 (id age-0-6), field min_age"),
        ("not-a-date", not_a_date, "'31.12.2015' is not a date (use YYYY-MM-DD)"),
        ("unknown-field", unknown_field, "needs row 1 (id early-education), field colour"),
        ("partnership-to-unknown", partnership_to_unknown, "partnerships row 3"),
    ]


@pytest.mark.parametrize(
    ("change", "expected"), [m[1:] for m in _mutations()], ids=[m[0] for m in _mutations()]
)
def test_bad_dataset_is_refused_whole_with_a_clear_message(
    sqlite_store: GraphStore,
    tmp_path: Path,
    small_doc: dict[str, Any],
    change: Any,
    expected: str,
) -> None:
    change(small_doc)
    path = _write(tmp_path, small_doc)
    with pytest.raises(InvalidData) as info:
        _import(sqlite_store, path)
    text = str(info.value) + "\n" + "\n".join(str(d) for d in info.value.details)
    assert expected in text
    assert "data.json" in text
    assert sqlite_store.counts()["nodes"] == {label.value: 0 for label in Label}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.json", '{"format": "graphsvc-dataset", "version": 1,', "not valid JSON at line 1"),
        ("bad.yaml", "format: graphsvc-dataset\nproviders: [\n  - {id: x", "not valid YAML"),
        ("wrong.json", '{"format": "kumu", "version": 1}', '"format" must be "graphsvc-dataset"'),
        ("v2.json", '{"format": "graphsvc-dataset", "version": 2}', '"version" 2 is not supported'),
        ("empty.json", "", "the file is empty"),
        # recognised as PTV by its keys, but no record of it is whole
        (
            "ptv.json",
            '{"organizationType": "Municipality", "id": "x"}',
            "holds no PTV organisation",
        ),
        ("list.json", "[1, 2]", "expected a dataset object"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
    ids=[
        "malformed-json",
        "malformed-yaml",
        "wrong-format",
        "wrong-version",
        "empty",
        "ptv-hint",
        "not-an-object",
        "nested-too-deep",
    ],
)
def test_unreadable_files_give_one_clear_error(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = _write(tmp_path, content, name)
    with pytest.raises(InvalidData) as info:
        read_file(path)
    assert expected in str(info.value)
    assert name in str(info.value)


def test_fifty_megabytes_of_junk(tmp_path: Path, sqlite_store: GraphStore) -> None:
    path = tmp_path / "junk.json"
    path.write_bytes(os.urandom(50 * 1024 * 1024))
    with pytest.raises(InvalidData) as info:
        _import(sqlite_store, path)
    assert "junk.json" in str(info.value)
    assert "not UTF-8" in str(info.value) or "not valid JSON" in str(info.value)
    assert sqlite_store.version() == 0


def test_unknown_suffix_names_the_known_ones(tmp_path: Path) -> None:
    path = _write(tmp_path, "x", "data.docx")
    with pytest.raises(InvalidData) as info:
        read_file(path)
    assert ".json" in str(info.value) and "data.docx" in str(info.value)


def test_reference_to_a_node_already_in_the_store_is_fine(
    sqlite_store: GraphStore, tmp_path: Path, small_doc: dict[str, Any]
) -> None:
    _import(sqlite_store, _write(tmp_path, small_doc))
    extra = {
        "format": "graphsvc-dataset",
        "version": 1,
        "services": [
            {
                "id": "s-new",
                "name": "Uusi",
                "provider": "mll",
                "needs": ["clubs"],
                "groups": ["age-0-6"],
            }
        ],
    }
    report = _import(sqlite_store, _write(tmp_path, extra, "extra.json"))
    assert report.counts.added == {"Service": 1, "OFFERS": 1, "MEETS": 1, "SERVES": 1}


def test_the_report_counts_references_added_deleted_and_kept(
    sqlite_store: GraphStore, tmp_path: Path, small_doc: dict[str, Any]
) -> None:
    _import(sqlite_store, _write(tmp_path, small_doc))
    first = {
        "format": "graphsvc-dataset",
        "version": 1,
        "services": [
            {
                "id": "s-new",
                "name": "Uusi",
                "provider": "mll",
                "needs": ["clubs", "therapy"],
                "groups": ["age-0-6"],
            }
        ],
    }
    _import(sqlite_store, _write(tmp_path, first, "new.json"))
    # the same service: one need dropped, one group added, the provider kept
    second = copy.deepcopy(first)
    second["services"][0].update(needs=["clubs"], groups=["age-0-6", "mental-health"])
    before = sqlite_store.counts()["relationships"]
    report = _import(sqlite_store, _write(tmp_path, second, "new.json"))
    assert report.counts.updated == {"Service": 1}
    assert report.counts.added == {"SERVES": 1}
    assert report.counts.deleted == {"MEETS": 1}
    assert report.counts.unchanged == {"OFFERS": 1, "MEETS": 1, "SERVES": 1}
    after = sqlite_store.counts()["relationships"]
    assert (after["MEETS"], after["SERVES"]) == (before["MEETS"] - 1, before["SERVES"] + 1)


@pytest.mark.parametrize(
    ("name", "for_writing", "fmt", "can"),
    [
        ("x.ptv.json", True, "ptv", "only be imported"),
        ("x.hsds.json", True, "hsds-json", "only be imported"),
    ],
    ids=["ptv-export", "hsds-json-export"],
)
def test_a_name_of_a_one_way_format_is_not_taken_for_another(
    name: str, for_writing: bool, fmt: str, can: str
) -> None:
    from graphsvc.errors import UnsupportedFormat
    from ingest import detect_format

    # x.ptv.json used to be written as a graphsvc .json file (and read back as PTV)
    with pytest.raises(UnsupportedFormat) as info:
        detect_format(Path(name), for_writing=for_writing)
    assert f"its name chooses the format {fmt} " in str(info.value)
    assert can in str(info.value)
    assert detect_format(Path(name), "json", for_writing=for_writing).name == "json"


def test_a_duplicate_id_is_said_with_the_other_problems_not_after_them(
    tmp_path: Path, small_doc: dict[str, Any]
) -> None:
    small_doc["providers"][1]["sector"] = "sote"  # a field error …
    small_doc["providers"].append(dict(small_doc["providers"][0]))  # … and a duplicate id
    with pytest.raises(InvalidData) as info:
        read_file(_write(tmp_path, small_doc))
    found = {(d.location, d.id, d.field) for d in info.value.details}
    first = small_doc["providers"][0]["id"]
    assert ("providers", first, "id") in found
    assert any(d.field == "sector" for d in info.value.details)
