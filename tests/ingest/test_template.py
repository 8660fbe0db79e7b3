"""`graphsvc template`: headers, a bilingual guide, drop-down lists; imports as it is."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from graphsvc.cli import main
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Sector
from graphsvc.store import GraphStore
from ingest import read_file
from ingest.workbook.columns import SHEETS, expand
from ingest.workbook.tabular import GUIDE_SHEET
from ingest.workbook.template import LANGS, write_template


def _validations(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    """Column header -> formula1 of the drop-down on that column."""
    headers = {cell.column_letter: cell.value for cell in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            letter = rng.coord.split(":")[0].rstrip("0123456789")
            out[headers[letter]] = dv.formula1
    return out


def test_template_has_every_sheet_headers_and_a_guide(tmp_path: Path) -> None:
    path = tmp_path / "pohja.xlsx"
    result = write_template(path)
    assert result.paths == [path]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [*SHEETS, GUIDE_SHEET]
    for sheet in SHEETS:
        headers = [c.value for c in wb[sheet][1]]
        assert headers == expand(sheet, LANGS)
        assert wb[sheet].max_row == 1  # nothing but the header
    guide = list(wb[GUIDE_SHEET].iter_rows(min_row=2, values_only=True))
    explained = {(row[0], row[1]) for row in guide if row[0]}
    assert explained == {(s, c) for s in SHEETS for c in expand(s, LANGS)}
    for row in guide:
        if row[0]:
            assert row[3] and row[4], row  # Finnish and English text for every column
    sector = next(r for r in guide if r[:2] == ("providers", "sector"))
    assert sector[2] == "kyllä / yes" and "Sektori" in sector[3] and "Sector" in sector[4]


def test_template_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "pohja.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    providers = _validations(wb["providers"])
    assert providers["sector"] == '"' + ",".join(s.value for s in Sector) + '"'
    assert _validations(wb["target_groups"])["kind"] == '"age,special"'
    assert _validations(wb["areas"])["kind"] == '"district,municipality,region"'
    group_needs = _validations(wb["group_needs"])
    assert group_needs["group"] == "target_groups!$A$2:$A$5000"
    assert group_needs["need"] == "needs!$A$2:$A$5000"
    services = _validations(wb["services"])
    assert services["groups"] == "target_groups!$A$2:$A$5000"
    assert services["needs"] == "needs!$A$2:$A$5000"
    assert "channel" in services
    assert "kind" in _validations(wb["partnerships"])
    # a code list warns but lets a Finnish word through (the import takes kaupunki)
    sector = next(
        dv
        for dv in wb["providers"].data_validations.dataValidation
        if dv.formula1.startswith('"city')
    )
    assert sector.errorStyle == "warning" and "suomeksi" in sector.error
    guide = list(wb[GUIDE_SHEET].iter_rows(min_row=2, values_only=True))
    examples = {(r[0], r[1]): r[5] for r in guide if r[0]}
    assert examples[("services", "id")] != examples[("providers", "id")]


def test_the_untouched_template_imports_as_an_empty_dataset(tmp_path: Path) -> None:
    path = tmp_path / "pohja.xlsx"
    write_template(path)
    result = read_file(path)
    assert result.warnings == []
    assert sum(result.dataset.counts().values()) == 0


def test_template_prefilled_from_the_store_reimports_unchanged(
    tmp_path: Path, sqlite_store: GraphStore, small_dataset: Dataset
) -> None:
    apply_dataset(sqlite_store, small_dataset)
    snapshot = sqlite_store.snapshot()
    path = tmp_path / "pohja.xlsx"
    result = write_template(
        path, Dataset(target_groups=snapshot.target_groups, needs=snapshot.needs)
    )
    assert any("filled in" in note for note in result.notes)
    wb = openpyxl.load_workbook(path)
    ids = [row[0] for row in wb["needs"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["clubs", "early-education", "therapy"]
    ds = read_file(path).dataset
    # the template records no source, so the rows read back carry the template's
    report = apply_dataset(
        sqlite_store,
        ds.model_copy(
            update={
                "needs": [n.model_copy(update={"source": None}) for n in ds.needs],
                "target_groups": [g.model_copy(update={"source": None}) for g in ds.target_groups],
            }
        ),
        dry_run=True,
    )
    assert report.counts.total("added") == 0
    assert report.counts.total("updated") == 0
    assert report.counts.unchanged == {"Need": 3, "TargetGroup": 2}


def test_template_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_dataset: Dataset
) -> None:
    db = tmp_path / "g.db"
    from graphsvc.store import open_store

    store = open_store(f"sqlite:///{db}")
    apply_dataset(store, small_dataset)
    store.close()
    out = tmp_path / "pohja.xlsx"
    code = main(["--store", f"sqlite:///{db}", "template", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert f"Wrote {out}." in printed
    wb = openpyxl.load_workbook(out)
    assert wb["target_groups"].max_row == 3  # header + the two groups in the store

    code = main(
        [
            "--store",
            f"sqlite:///{tmp_path / 'none.db'}",
            "template",
            "--empty",
            str(tmp_path / "tyhja.xlsx"),
        ]
    )
    assert code == 0
    assert not (tmp_path / "none.db").exists()

    code = main(["template", str(tmp_path / "pohja.csv")])
    assert code == 2
    assert "ending in .xlsx" in capsys.readouterr().err


def test_template_without_a_store_file_creates_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "missing.db"
    code = main(["--store", f"sqlite:///{db}", "template", str(tmp_path / "p.xlsx")])
    assert code == 0, capsys.readouterr()
    assert not db.exists()
    assert (tmp_path / "p.xlsx").exists()


def test_formats_command_lists_every_format(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["formats", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {r["name"]: r for r in rows}
    assert {"xlsx", "csv", "zip", "hsds", "hsds-json", "ptv", "graphml", "gexf"} <= set(names)
    assert names["ptv"]["import"] and not names["ptv"]["export"]
    # graphsvc's own GraphML and GEXF come back in (networks of other tools too)
    assert names["graphml"]["export"] and names["graphml"]["import"]
    assert names["gexf"]["export"] and names["gexf"]["import"]
