"""--skip-invalid: other people's data imports what is right, leaves out what is wrong
and says why, grouped by cause, in one transaction; strict stays the default.

The broken files are made here from the Open Referral HSDS 1.1 sample data package in
../shared/reference-data (see its SOURCE.md): nothing is copied into tests/.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from graphsvc.cli import main
from graphsvc.errors import InvalidData
from graphsvc.importing import import_file
from graphsvc.importing.report import left_out_csv
from graphsvc.model import Label
from graphsvc.store import GraphStore
from graphsvc.words import Words
from tests.ingest.helpers import HSDS1

#: in the sample's 13 services, these two organisations run 2 and 3
GONE = {"1899673a-649c-11e6-8b77-86f30ca893d3": 2, "18997068-649c-11e6-8b77-86f30ca893d3": 3}


def hsds_without_two_organisations(tmp_path: Path) -> Path:
    """The sample package as a 211 export often is: services of organisations it lacks."""
    folder = tmp_path / "hsds-broken"
    shutil.copytree(HSDS1 / "simple", folder)
    orgs = folder / "organizations.csv"
    lines = orgs.read_text(encoding="utf-8").splitlines(keepends=True)
    orgs.write_text("".join(ln for ln in lines if ln.split(",")[0] not in GONE), "utf-8")
    return folder


def _nodes(store: GraphStore) -> dict[str, int]:
    return {k: v for k, v in store.counts()["nodes"].items() if v}


def test_strict_refuses_the_whole_package_and_writes_nothing(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = hsds_without_two_organisations(tmp_path)
    with pytest.raises(InvalidData) as exc:
        import_file(store, folder)
    assert len(exc.value.details) == 5
    assert exc.value.details[0].field == "organization_id"
    assert sum(_nodes(store).values()) == 0


def test_skip_invalid_imports_the_rest_and_groups_what_it_left_out(
    store: GraphStore, tmp_path: Path
) -> None:
    folder = hsds_without_two_organisations(tmp_path)
    report = import_file(store, folder, skip_invalid=True)
    # the file: 8 organisations, 13 services; 5 services name the 2 missing organisations
    assert report.counts.added == {"Provider": 8, "Service": 8, "OFFERS": 8}
    assert _nodes(store) == {"Provider": 8, "Service": 8}
    [cause] = report.causes()
    assert cause.to_dict() == {
        "cause": "missing",
        "list": "services",
        "kept": False,
        "entries": 5,
        "label": "Provider",
        "missing": 2,
        "first": [
            {"id": ref, "entries": n} for ref, n in sorted(GONE.items(), key=lambda x: -x[1])
        ],
    }
    assert cause.text(Words("en")) == (
        "2 providers missing: 5 services left out. Most referred to: "
        "18997068-649c-11e6-8b77-86f30ca893d3 (3 services), "
        "1899673a-649c-11e6-8b77-86f30ca893d3 (2 services)."
    )
    assert cause.text(Words("fi")).startswith("Puuttuu 2 toimijaa: 5 palvelua jätetään pois.")
    # every one of them, by its row in services.csv and in HSDS's own column
    assert sorted((o.problem.location, o.problem.field) for o in report.left_out) == [
        (f"services.csv row {row}", "organization_id") for row in (12, 13, 14, 4, 5)
    ]
    for service in ("10cbc6ce-0ae5-467f-8069-18e90ec5b037", "c89eb05c-62dd-4b64-b494-0cc347b6ea7f"):
        assert (store.get_many(Label.SERVICE, [service]) != {}) == (service.startswith("c89"))


def test_a_dry_run_with_skip_invalid_writes_nothing(store: GraphStore, tmp_path: Path) -> None:
    report = import_file(
        store, hsds_without_two_organisations(tmp_path), dry_run=True, skip_invalid=True
    )
    assert report.counts.total("added") == 24 and len(report.left_out) == 5
    assert sum(_nodes(store).values()) == 0


def _workbook(tmp_path: Path) -> Path:
    folder = tmp_path / "verkosto"
    folder.mkdir()
    (folder / "providers.csv").write_text(
        "id;name;sector;parent\n"
        "p1;Yksi;city;p3\n"
        "p2;Kaksi;guild;\n"  # no such sector: the row cannot be read
        "p3;Kolme;ngo;p1\n"  # p1 → p3 → p1: a loop
        "p1;Yksi taas;city;\n",  # the id came before
        encoding="utf-8",
    )
    (folder / "services.csv").write_text(
        "id;name;provider;needs\n"
        "s1;Palvelu;p1;\n"
        "s2;Toinen;p2;\n"  # its provider could not be read
        "s3;Kolmas;p3;nowhere\n",  # a need in neither the file nor the store
        encoding="utf-8",
    )
    return folder


def test_every_cause_in_a_workbook(sqlite_store: GraphStore, tmp_path: Path) -> None:
    folder = _workbook(tmp_path)
    with pytest.raises(InvalidData):
        import_file(sqlite_store, folder)
    report = import_file(sqlite_store, folder, skip_invalid=True)
    assert report.counts.added == {"Provider": 2, "Service": 2, "OFFERS": 2}
    summary = [(c.cause, c.list_name, c.kept, c.entries) for c in report.causes()]
    assert summary == [
        ("missing", "services", False, 1),  # s2: its provider p2 was left out
        ("missing", "services", True, 1),  # s3 without the need
        ("invalid", "providers", False, 1),  # p2
        ("duplicate", "providers", False, 1),  # the second p1
        ("cycle", "providers", True, 2),  # p1 and p3 kept without a parent
    ]
    rows = {(o.cause, o.problem.row) for o in report.left_out}
    assert rows == {
        ("missing", 3),
        ("missing", 4),
        ("invalid", 3),
        ("duplicate", 5),
        ("cycle", 2),
        ("cycle", 4),
    }
    assert [p.parent for p in sqlite_store.find(Label.PROVIDER).items] == [None, None]


def test_the_command_prints_one_line_per_cause_and_the_whole_list_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = hsds_without_two_organisations(tmp_path)
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert main(["--store", db, "import", str(folder)]) == 1
    assert "nothing was imported" in capsys.readouterr().err
    assert main(["--store", db, "import", str(folder), "--skip-invalid"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Imported hsds-broken: 24 added, 0 updated, 0 unchanged."
    assert out.count("left out: ") == 1
    assert "left out: 2 providers missing: 5 services left out." in out
    assert main(["--store", db, "import", str(folder), "--skip-invalid", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["unchanged"] == 24 and len(data["left_out"]) == 5
    assert {o["refers_id"] for o in data["left_out"]} == set(GONE)
    assert data["left_out_causes"][0]["entries"] == 5
    table = list(
        csv.reader(io.StringIO(left_out_csv(data["left_out"]).lstrip("\ufeff")), delimiter=";")
    )
    assert table[0][:3] == ["cause", "list", "kept"] and len(table) == 6
