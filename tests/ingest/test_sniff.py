"""Formats recognised by what is in the file: a .json, a .zip or a folder is read by the
one format whose `looks_like` says it is its own, whatever the order of the table."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graphsvc.cli import main
from graphsvc.errors import UnsupportedFormat
from graphsvc.importing import import_file
from graphsvc.store import GraphStore
from ingest import registry
from ingest.dataset import dumps
from ingest.registry import FORMATS, detect_format
from tests.ingest.helpers import HSDS1, HSDS3, PTV

PTV_SERVICE = PTV / "services" / "0739289c-cc26-4097-b029-fa9c58c8d4e9.json"
PTV_ORG = PTV / "organizations" / "3d1759a2-e47a-4947-9a31-cab1c1e2512b.json"


def _cases(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Files and folders written by others (and graphsvc's own), saved as plain .json or
    .zip, each with the format that must read it."""
    record = json.loads(PTV_SERVICE.read_text(encoding="utf-8"))
    ptv_page = tmp / "page.json"  # the list endpoint's response, saved from a browser
    ptv_page.write_text(json.dumps({"pageNumber": 1, "pageCount": 1, "itemList": [record]}))
    ptv_array = tmp / "array.json"
    ptv_array.write_text(json.dumps([record]))
    from graphsvc.demo import demo_dataset

    dataset = tmp / "forum.json"
    dataset.write_text(dumps(demo_dataset()), encoding="utf-8")
    workbook = tmp / "workbook"
    workbook.mkdir()
    (workbook / "providers.csv").write_text("id;name;sector\np;P;ngo\n", encoding="utf-8")
    hsds_zip = shutil.make_archive(str(tmp / "hsds"), "zip", HSDS1 / "simple")
    book_zip = shutil.make_archive(str(tmp / "book"), "zip", workbook)
    return {
        "hsds3-service": (HSDS3 / "json" / "service_full.json", "hsds-json"),
        "hsds3-organization": (HSDS3 / "json" / "organization_full.json", "hsds-json"),
        "hsds3-service-list": (HSDS3 / "json" / "service_list.json", "hsds-json"),
        "hsds3-organization-list": (HSDS3 / "json" / "organization_list.json", "hsds-json"),
        "hsds3-service-at-location": (
            HSDS3 / "json" / "service_at_location_list.json",
            "hsds-json",
        ),
        "ptv-service": (PTV_SERVICE, "ptv"),
        "ptv-organization": (PTV_ORG, "ptv"),
        "ptv-list-response": (ptv_page, "ptv"),
        "ptv-array": (ptv_array, "ptv"),
        "dataset": (dataset, "json"),
        "hsds3-folder": (HSDS3, "hsds"),
        "hsds1-package": (HSDS1 / "all_resources", "hsds"),
        "ptv-folder": (PTV, "ptv"),
        "workbook-folder": (workbook, "csv"),
        "hsds-zip": (Path(hsds_zip), "hsds"),
        "workbook-zip": (Path(book_zip), "zip"),
    }


def test_each_file_looks_like_one_format_only(tmp_path: Path) -> None:
    for case, (path, expected) in _cases(tmp_path).items():
        claims = [f.name for f in FORMATS.values() if f.looks_like and f.looks_like(path)]
        assert claims == [expected], case


@pytest.mark.parametrize("order", ["as-listed", "reversed"])
def test_the_order_of_the_table_decides_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: str
) -> None:
    if order == "reversed":
        monkeypatch.setattr(registry, "FORMATS", dict(reversed(list(FORMATS.items()))))
    cases = _cases(tmp_path)
    found = {case: detect_format(path).name for case, (path, _) in cases.items()}
    assert found == {case: expected for case, (_, expected) in cases.items()}


def test_api_json_saved_as_json_imports(sqlite_store: GraphStore, tmp_path: Path) -> None:
    # HSDS 3's example service: one organization, one service, one area, three groups
    report = import_file(sqlite_store, HSDS3 / "json" / "service_full.json", dry_run=True)
    assert report.counts.added["Service"] == 1 and report.counts.added["Provider"] == 1
    page = _cases(tmp_path)["ptv-list-response"][0]
    report = import_file(sqlite_store, page, dry_run=True)
    # the service's organisation is not in the page: left out, as PTV always did
    assert report.counts.total("added") == 0 and len(report.left_out) == 1


def test_a_one_way_format_named_the_other_way_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingest import registry
    from ingest.base import Format, WriteResult

    # (every format graphsvc writes it now reads too: an export-only one, made here)
    svg = Format("svg", (".svg",), "a picture", None, lambda ds, path: WriteResult())
    monkeypatch.setitem(registry.FORMATS, "svg", svg)
    with pytest.raises(UnsupportedFormat, match="'svg' .* is export-only"):
        detect_format(PTV_SERVICE, "svg")
    with pytest.raises(UnsupportedFormat, match="its name chooses the format svg .* only be"):
        detect_format(tmp_path / "x.svg")
    with pytest.raises(UnsupportedFormat, match="'ptv' .* is import-only"):
        detect_format(tmp_path / "x.json", "ptv", for_writing=True)
    with pytest.raises(UnsupportedFormat, match="Unknown format 'dot'"):
        detect_format(PTV_SERVICE, "dot")
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert main(["--store", db, "import", str(PTV_SERVICE), "--format", "svg"]) == 1
    err = capsys.readouterr().err
    assert "is export-only: graphsvc cannot read it" in err and "Unknown" not in err


def test_a_json_file_of_no_known_kind_says_what_was_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}')
    assert detect_format(path).name == "json"  # (its reader says what it lacks)
    from graphsvc.errors import InvalidData
    from ingest import read_file

    with pytest.raises(InvalidData, match="Nor is it Suomi.fi PTV or Open Referral"):
        read_file(path)


def test_a_folder_of_hsds_packages_is_hsds_whatever_the_order_of_the_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the sample's own folder: SOURCE.md and two packages, each with a datapackage.json
    # (a .json, but not PTV's: it used to be taken for a PTV folder)
    for order in (list(FORMATS.items()), list(reversed(FORMATS.items()))):
        monkeypatch.setattr(registry, "FORMATS", dict(order))
        assert detect_format(HSDS1).name == "hsds"
    from graphsvc.errors import InvalidData
    from ingest import read_file

    with pytest.raises(InvalidData) as exc:
        read_file(HSDS1)
    assert str(exc.value) == (
        "hsds-1.x-sample-datapackage: a folder of HSDS data packages (all_resources, "
        "simple); import one of them."
    )
    assert detect_format(PTV).name == "ptv"  # (its records' keys are PTV's)
