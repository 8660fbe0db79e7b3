"""Workbooks: .xlsx, CSV folders, single CSV files and .zip files of CSVs."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from graphsvc.errors import InvalidData, RowError, UnsupportedFormat
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.store import open_store
from ingest import read_file, write_file
from ingest.folders import folder_kind
from ingest.textfiles import XmlText, escape_cell, unescape_cell
from ingest.workbook.columns import COLUMNS, MODELS, SHEETS
from ingest.workbook.tabular import GUIDE_SHEET
from tests.ingest.helpers import HSDS1, PTV, without_source

PROVIDERS_CSV = (
    "id;name_fi;name_en;sector;tags\r\n"
    "jkl;Jyväskylän kaupunki;City of Jyväskylä;kaupunki;\r\n"
    "mll;MLL Keski-Suomen piiri;;Järjestö;perhe|lapset\r\n"
)


def _csv_folder(tmp_path: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder = tmp_path / "workbook"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def _xlsx(path: Path, **sheets: list[list[Any]]) -> Path:
    """A workbook of these sheets (rows, the header first), saved at `path`."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _errors(exc: pytest.ExceptionInfo[InvalidData]) -> list[RowError]:
    return [d for d in exc.value.details if isinstance(d, RowError)]


# --- round trips of the small network ---------------------------------------------------


@pytest.mark.parametrize(
    "target,fmt",
    [("net.xlsx", None), ("net.zip", None), ("folder", "csv")],
    ids=["xlsx", "zip", "csv"],
)
def test_export_then_import_gives_the_same_dataset(
    tmp_path: Path, small_dataset: Dataset, target: str, fmt: str | None
) -> None:
    path = tmp_path / target
    result = write_file(small_dataset, path, fmt)
    assert result.paths
    back = read_file(path, fmt)
    assert back.warnings == []
    assert without_source(back.dataset.to_document()) == small_dataset.to_document()


def test_every_imported_node_records_file_and_row(tmp_path: Path, small_dataset: Dataset) -> None:
    write_file(small_dataset, tmp_path / "net.xlsx")
    ds = read_file(tmp_path / "net.xlsx").dataset
    # providers are written sorted by id: jkl is the first data row (row 2)
    assert ds.providers[0].id == "jkl"
    assert ds.providers[0].source == "net.xlsx providers row 2"
    assert all(node.source for node in ds.iter_nodes())


def test_a_source_column_is_kept(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, {"needs.csv": "id;name;source\nclubs;Kerhot;forum 2017\n"})
    assert read_file(folder).dataset.needs[0].source == "forum 2017"


def test_columns_cover_every_model_field() -> None:
    for sheet in SHEETS:
        fields = set(MODELS[sheet].model_fields)
        assert set(COLUMNS[sheet]) == fields, sheet


# --- CSV as Finnish Excel writes it -----------------------------------------------------


@pytest.mark.parametrize(
    "encoding,delimiter,bom",
    [
        ("utf-8", ";", False),
        ("utf-8", ",", True),
        ("cp1252", ";", False),
        ("utf-8", "\t", False),
        ("utf-16", "\t", False),
    ],
    ids=["utf8-semicolon", "utf8bom-comma", "windows1252", "tab", "utf16-unicode-text"],
)
def test_csv_dialect_and_encoding_are_detected(
    tmp_path: Path, encoding: str, delimiter: str, bom: bool
) -> None:
    text = PROVIDERS_CSV.replace(";", delimiter)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "providers.csv").write_bytes(data)
    ds = read_file(folder).dataset
    jkl, mll = ds.providers
    assert jkl.name == {"fi": "Jyväskylän kaupunki", "en": "City of Jyväskylä"}
    assert jkl.sector.value == "city"  # "kaupunki"
    assert mll.sector.value == "ngo"  # "Järjestö", any case
    assert mll.tags == ["perhe", "lapset"]


def test_decimal_commas_blank_rows_and_the_excel_sep_line(tmp_path: Path) -> None:
    services = (
        "sep=;\r\n"
        "id;name;provider;min_age;max_age\r\n"
        "s1;Kerho;mll;2,5;6\r\n"
        ";;;;\r\n"  # a blank row in the middle is skipped, rows keep their numbers
        "s2;Nuokkari;mll;12;17,5\r\n"
        ";;;;\r\n;;;;\r\n\r\n"
    )
    folder = _csv_folder(tmp_path, {"services.csv": services})
    ds = read_file(folder).dataset
    assert [(s.id, s.min_age, s.max_age) for s in ds.services] == [("s1", 2.5, 6), ("s2", 12, 17.5)]
    assert ds.services[1].source == "services.csv row 4"


@pytest.mark.parametrize("end", ["\r\n", ""])
def test_a_quote_never_closed_is_an_error_not_one_cell_that_ate_the_file(
    tmp_path: Path, end: str
) -> None:
    rows = 'id;name;members\r\nn1;"Foorumi 2025;a\r\nn2;Verkosto 2;a\r\nn3;Kolmas;a' + end
    folder = _csv_folder(
        tmp_path, {"providers.csv": "id;name;sector\na;A;city\n", "networks.csv": rows}
    )
    with pytest.raises(InvalidData, match="never closed") as exc:
        read_file(folder, "csv")
    (error,) = _errors(exc)
    assert (error.file, error.row, error.field) == ("networks.csv", 2, "name")
    assert "3 line(s)" in error.message


@pytest.mark.parametrize("end", ["\r\n", ""])
def test_quoted_cells_with_line_breaks_and_separators_at_the_end_are_fine(
    tmp_path: Path, end: str
) -> None:
    rows = (
        'id;name;description\r\na;A;"Kerho; torstaisin\r\nklo 17"\r\nb;B;"Avoin\nkaikille\n"' + end
    )
    ds = read_file(_csv_folder(tmp_path, {"needs.csv": rows}), "csv").dataset
    # (line breaks come as \n, whatever the file used: .xlsx keeps no \r either)
    assert [n.description for n in ds.needs] == ["Kerho; torstaisin\nklo 17", "Avoin\nkaikille"]


def test_finnish_dates_as_excel_writes_them_in_csv(tmp_path: Path) -> None:
    providers = (
        "id;name;sector;valid_from;valid_to\r\n"
        "a;A;city;1.3.2025;31.12.2026\r\n"
        "b;B;city;01.03.2025;2026-12-31\r\n"
    )
    partnerships = "source;target;since\r\na;b;15.1.2024\r\n"
    ds = read_file(
        _csv_folder(tmp_path, {"providers.csv": providers, "partnerships.csv": partnerships})
    ).dataset
    assert [(p.valid_from, p.valid_to) for p in ds.providers] == [
        (date(2025, 3, 1), date(2026, 12, 31))
    ] * 2
    assert ds.partnerships[0].since == date(2024, 1, 15)
    bad = _csv_folder(
        tmp_path,
        {
            "providers.csv": "id;name;sector;valid_from\r\na;A;city;31.2.2025\r\n",
            "partnerships.csv": "source;target\r\n",
        },
    )
    with pytest.raises(InvalidData) as exc:
        read_file(bad)
    assert [(e.row, e.field) for e in _errors(exc)] == [(2, "valid_from")]


def test_a_single_csv_file_named_after_its_list(tmp_path: Path) -> None:
    path = tmp_path / "providers.csv"
    path.write_text(PROVIDERS_CSV, encoding="utf-8")
    assert [p.id for p in read_file(path).dataset.providers] == ["jkl", "mll"]
    other = tmp_path / "toimijat.csv"
    other.write_text(PROVIDERS_CSV, encoding="utf-8")
    with pytest.raises(InvalidData, match="name a single CSV file after the list"):
        read_file(other)


def test_unknown_csv_files_and_sheets_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, {"providers.csv": PROVIDERS_CSV, "muistiinpanot.csv": "a;b\n"})
    result = read_file(folder)
    assert len(result.dataset.providers) == 2
    assert any("muistiinpanot.csv was skipped" in w.message for w in result.warnings)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "providers"
    ws.append(["id", "name", "sector"])
    ws.append(["jkl", "Jyväskylä", "city"])
    wb.create_sheet("Taul2").append(["x"])
    wb.create_sheet(GUIDE_SHEET).append(["ohje"])
    wb.save(tmp_path / "w.xlsx")
    result = read_file(tmp_path / "w.xlsx")
    assert [w.location for w in result.warnings] == ["Taul2"]  # the guide sheet is silent


def test_folders_are_recognised_by_what_they_hold(tmp_path: Path) -> None:
    assert folder_kind(HSDS1 / "all_resources") == "hsds"
    assert folder_kind(PTV) == "ptv"
    assert folder_kind(_csv_folder(tmp_path, {"services.csv": "id\n"})) == "workbook"


# --- errors a data keeper can act on -----------------------------------------------------


def test_row_errors_name_sheet_row_id_and_column(tmp_path: Path) -> None:
    providers = (
        "id;name;sector;valid_from\n"
        "jkl;Jyväskylä;city;\n"
        ";;;\n"
        "mll;MLL;yhdistyss;2019-13-01\n"  # spreadsheet row 4: two bad cells
        "jkl;Toinen;city;\n"
    )  # row 5: duplicate id
    folder = _csv_folder(tmp_path, {"providers.csv": providers})
    with pytest.raises(InvalidData, match="nothing was imported") as exc:
        read_file(folder)
    errors = {(e.location, e.row, e.id, e.field) for e in _errors(exc)}
    assert errors == {
        ("providers", 4, "mll", "sector"),
        ("providers", 4, "mll", "valid_from"),
        ("providers", 5, "jkl", "id"),
    }
    messages = " ".join(e.message for e in _errors(exc))
    assert "duplicate id 'jkl' (first in row 2)" in messages
    assert "'yhdistyss'" in messages


def test_a_dangling_reference_is_reported_on_its_spreadsheet_row(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        {
            "providers.csv": "id;name;sector\njkl;Jyväskylä;city\n",
            "services.csv": "id;name;provider\ns1;Eka;jkl\n;;\ns2;Toka;ghost\n",  # row 4
            "partnerships.csv": "source;target\n;\njkl;nobody\n",  # row 3
            "target_groups.csv": "id;name;kind\nyouth;Nuoret;special\n",
            "group_needs.csv": "group;need\nyouth;no-such-need\n",
        },
    )
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    result = read_file(folder)
    with pytest.raises(InvalidData) as exc:
        apply_dataset(store, result.dataset, source=folder.name, places=result.places)
    assert {(e.location, e.row, e.id, e.field) for e in _errors(exc)} == {
        ("services", 4, "s2", "provider"),
        ("partnerships", 3, None, "target"),
        ("group_needs", 2, None, "need"),
    }
    store.close()


def test_unknown_and_missing_columns_are_reported_on_the_header_row(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, {"services.csv": "id;nimi;provider\ns1;x;p\n"})
    with pytest.raises(InvalidData) as exc:
        read_file(folder)
    errors = _errors(exc)
    assert {(e.row, e.field) for e in errors} == {(1, "nimi"), (1, "name")}
    assert "unknown column 'nimi'" in errors[0].message


def test_note_columns_are_ignored(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, {"needs.csv": "id;name;# muistiinpano\nclubs;Kerhot;tarkista\n"})
    assert read_file(folder).dataset.needs[0].name == "Kerhot"


def test_name_in_both_plain_and_language_columns_is_an_error(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, {"needs.csv": "id;name;name_fi\nclubs;Kerhot;Kerhot\n"})
    with pytest.raises(InvalidData, match="either in the name column"):
        read_file(folder)


def test_dates_and_numbers_typed_in_excel_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "providers"
    ws.append(["id", "name", "sector", "valid_from", "phone"])
    ws.append([179, "Jyväskylä", "City", datetime(2020, 1, 31), 3581426600])
    wb.save(tmp_path / "w.xlsx")
    provider = read_file(tmp_path / "w.xlsx").dataset.providers[0]
    assert provider.id == "179"
    assert provider.valid_from == date(2020, 1, 31)
    assert provider.phone == "3581426600"


# --- formulas: never run, never written --------------------------------------------------


def test_an_xlsx_formula_cell_is_an_error(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "providers"
    ws.append(["id", "name", "sector"])
    ws.append(["evil", '=HYPERLINK("http://evil.example","klikkaa")', "ngo"])
    wb.save(tmp_path / "w.xlsx")
    with pytest.raises(InvalidData) as exc:
        read_file(tmp_path / "w.xlsx")
    (error,) = _errors(exc)
    assert (error.location, error.row, error.field) == ("providers", 2, "name")
    assert "formula" in error.message and "paste values" in error.message


def test_csv_text_starting_with_equals_is_an_error_unless_quoted(tmp_path: Path) -> None:
    bad = _csv_folder(tmp_path, {"needs.csv": 'id;name\nx;"=HYPERLINK(""http://e"")"\n'})
    with pytest.raises(InvalidData, match="runs as a formula"):
        read_file(bad)
    ok = tmp_path / "ok"
    ok.mkdir()
    (ok / "needs.csv").write_text("id;name\nx;'=1+1\ny;'+358 40\n", encoding="utf-8")
    assert [n.name for n in read_file(ok).dataset.needs] == ["=1+1", "+358 40"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "zip"])
def test_exports_never_hold_a_formula(tmp_path: Path, fmt: str) -> None:
    names = ['=HYPERLINK("http://e")', "+358 40 123", "-3", "@SUM(A1)", "'=quoted", "Tavallinen"]
    ds = Dataset.model_validate(
        {"needs": [{"id": f"n{i}", "name": n} for i, n in enumerate(names)]}
    )
    path = tmp_path / ("out" if fmt == "csv" else f"out.{fmt}")
    result = write_file(ds, path, fmt)
    assert any("apostrophe" in note for note in result.notes)
    for cell in _exported_cells(path, fmt):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert [n.name for n in read_file(path, fmt).dataset.needs] == names


def _exported_cells(path: Path, fmt: str) -> list[str]:
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(path)
        cells = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f"
                    if isinstance(c.value, str):
                        cells.append(c.value)
        return cells
    texts = []
    if fmt == "zip":
        with zipfile.ZipFile(path) as zf:
            texts = [zf.read(n).decode("utf-8-sig") for n in zf.namelist()]
    else:
        texts = [p.read_text(encoding="utf-8-sig") for p in path.glob("*.csv")]
    return [c for t in texts for row in csv.reader(io.StringIO(t), delimiter=";") for c in row]


def test_escape_and_unescape_are_inverse() -> None:
    for text in ["=x", "'=x", "''=x", "'abc", "abc", "", "-", "'", "\tx", "+"]:
        assert unescape_cell(escape_cell(text)) == text
    assert escape_cell("'abc") == "'abc"  # a plain apostrophe is left alone


# --- writing what cannot be written ------------------------------------------------------


def test_a_list_item_with_the_separator_cannot_be_written(tmp_path: Path) -> None:
    ds = Dataset.model_validate(
        {"providers": [{"id": "p", "name": "P", "sector": "ngo", "tags": ["a|b"]}]}
    )
    with pytest.raises(InvalidData, match="export JSON instead") as exc:
        write_file(ds, tmp_path / "x.xlsx")
    assert _errors(exc)[0].location == "providers"
    assert not (tmp_path / "x.xlsx").exists()


def test_control_characters_are_removed_from_xlsx_with_a_note(tmp_path: Path) -> None:
    ds = Dataset.model_validate({"needs": [{"id": "n", "name": "Ker\x01hot"}]})
    result = write_file(ds, tmp_path / "x.xlsx")
    assert any("control characters" in n for n in result.notes)
    assert read_file(tmp_path / "x.xlsx").dataset.needs[0].name == "Kerhot"


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "zip"])
def test_control_characters_are_removed_from_every_workbook_with_a_note(
    tmp_path: Path, fmt: str
) -> None:
    # PTV text holds Word's vertical tabs and stray NULs; a NUL once made the CSV export
    # something graphsvc's own reader refused
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
                    "name": {"fi": "Perhe\x0bkerho", "en": "Family club"},
                    "provider": "mll\x00",
                    "description": "Joka\x00 viikko",
                }
            ],
        }
    )
    path = tmp_path / ("out" if fmt == "csv" else f"out.{fmt}")
    result = write_file(ds, path, fmt)
    assert any("6 cell(s) held control characters" in n for n in result.notes)
    if fmt != "xlsx":
        assert not [c for c in _exported_cells(path, fmt) if "\x00" in c or "\x0b" in c]
    back = read_file(path, fmt)
    assert back.warnings == []
    provider, service = back.dataset.providers[0], back.dataset.services[0]
    assert (provider.id, provider.name, provider.description) == (
        "mll",
        "MLL Keski-Suomi",
        "Avoin kaikille",
    )
    assert (service.name, service.description) == (
        {"fi": "Perhekerho", "en": "Family club"},
        "Joka viikko",
    )
    assert service.provider == "mll"  # the reference was cleaned as the id was


def test_xml_text_removes_only_what_xml_cannot_hold() -> None:
    xml = XmlText()
    kept = "tab\t line\n cr\r DEL\x7f ä € 😀"
    assert xml.clean(kept) == kept
    assert xml.clean("a\x00b\x0bc\x0cd\x1fe\ufffef\uffffg\ud800h") == "abcdefgh"
    assert xml.changed == 1
    assert XmlText().notes() == []


def test_text_that_looks_like_a_spreadsheet_error_stays_text_in_xlsx(tmp_path: Path) -> None:
    # openpyxl turns the strings "#N/A", "#VALUE!", … into error cells unless told not to
    ds = Dataset.model_validate(
        {"needs": [{"id": "n", "name": "#N/A", "category": "#VALUE!", "description": "#REF!"}]}
    )
    write_file(ds, tmp_path / "x.xlsx")
    cells = [
        c.data_type
        for c in next(
            openpyxl.load_workbook(tmp_path / "x.xlsx")["needs"].iter_rows(min_row=2, max_row=2)
        )
    ]
    assert "e" not in cells
    need = read_file(tmp_path / "x.xlsx").dataset.needs[0]
    assert (need.name, need.category, need.description) == ("#N/A", "#VALUE!", "#REF!")


def test_csv_export_wants_a_folder(tmp_path: Path, small_dataset: Dataset) -> None:
    with pytest.raises(InvalidData, match="give a folder"):
        write_file(small_dataset, tmp_path / "x.csv")


def test_csv_export_is_what_finnish_excel_opens(tmp_path: Path) -> None:
    ds = Dataset.model_validate(
        {"services": [{"id": "s", "name": "Kerho", "provider": "p", "min_age": 2.5}]}
    )
    write_file(ds, tmp_path / "out", "csv")
    raw = (tmp_path / "out" / "services.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("id;name")
    assert "2,5" in lines[1].split(";")


def _load(path: Path) -> dict[str, Any]:
    return read_file(path).dataset.to_document()


def test_a_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from ingest import progress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with progress.progress_bar("x", 50_000) as tick:
        assert tick is not progress._noop  # a rich bar on a terminal
        tick(advance=25_000)
        tick(completed=50_000)
    with progress.progress_bar("small", 10) as tick:
        assert tick is progress._noop  # small inputs finish at once: no bar
    folder = _csv_folder(
        tmp_path, {"needs.csv": "id;name\n" + "".join(f"n{i};Tarve {i}\n" for i in range(21_000))}
    )
    assert len(read_file(folder).dataset.needs) == 21_000
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with progress.progress_bar("x", 50_000) as tick:
        assert tick is progress._noop


def test_what_a_workbook_cannot_hold_is_said(tmp_path: Path) -> None:
    odd = Dataset.model_validate({"needs": [{"id": "n", "name": {"fi-FI": "Kerhot"}}]})
    with pytest.raises(InvalidData, match="name language 'fi-FI'"):
        write_file(odd, tmp_path / "x.xlsx")
    named = Dataset.model_validate({"name": "Foorumi", "needs": [{"id": "n", "name": "K"}]})
    result = write_file(named, tmp_path / "y.zip")
    assert any("dataset's own name" in n for n in result.notes)


@pytest.mark.parametrize(
    "first", ["ingest.ptv.read", "ingest.hsds.read", "ingest.workbook.tabular"]
)
def test_a_folder_goes_to_the_sniffing_reader_whatever_is_imported_first(first: str) -> None:
    import subprocess
    import sys

    code = (
        f"import {first}, ingest.registry as r; "
        "print([f.name for f in r.FORMATS.values() if f.is_dir][0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "csv"


# --- what a keeper typed, said back as typed ----------------------------------------------


def _problems(folder: Path) -> dict[tuple[str | None, int | None, str | None], str]:
    with pytest.raises(InvalidData) as exc:
        read_file(folder, "csv")
    return {(e.location, e.row, e.field): e.message for e in _errors(exc)}


def test_cell_errors_show_the_value_as_it_was_typed(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        {
            "providers.csv": "id;name;sector;valid_from;url\n"
            "a;A;city;1.13.2025;\n"
            'b;B;city;;"=HYPERLINK(""https://www.jyvaskyla.fi/palvelut/'
            'varhaiskasvatus/paivakodit"",""Päiväkodit"")"\n'
            "c;C;city;31.2.2024;\n",
            "services.csv": "id;name;provider;min_age;channel\n"
            "s1;S;a;65+;jalkautuva\ns2;S;a;200;Lähi\n",
            "target_groups.csv": "id;name;kind\ng1;G;kunta\n",
        },
    )
    found = _problems(folder)
    assert (
        "'1.13.2025' is not a date (use YYYY-MM-DD, or D.M.YYYY)"
        in found[("providers", 2, "valid_from")]
    )
    formula = found[("providers", 3, "url")]
    assert "…" in formula and "Päiväkodit" not in formula  # cut, and says so
    assert "(got '65+')" in found[("services", 2, "min_age")]
    assert "(got '200')" in found[("services", 3, "min_age")]
    assert "(got 'Lähi')" in found[("services", 3, "channel")]  # as typed, not lowered
    assert "'31.2.2024' is not a date" in found[("providers", 4, "valid_from")]
    assert ("services", 2, "channel") not in found  # jalkautuva = outreach
    # kunta is a word for an area's kind, not a group's: said as typed
    assert "(got 'kunta')" in found[("target_groups", 2, "kind")]
    with pytest.raises(InvalidData) as exc:
        read_file(folder, "csv")
    assert any(e.id == "b" for e in _errors(exc) if e.field == "url")


def test_an_xlsx_date_cell_in_an_age_column_is_named_a_date(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "w.xlsx",
        target_groups=[["id", "name", "kind", "min_age"], ["g", "G", "age", datetime(2025, 5, 6)]],
    )
    with pytest.raises(InvalidData, match=r"the cell is a date \(06\.05\.2025\), not a number"):
        read_file(path)


def test_headers_that_are_missing_or_out_of_place(tmp_path: Path) -> None:
    found = _problems(_csv_folder(tmp_path, {"needs.csv": ";;\nn1;N;\n"}))
    assert "row 1 holds no column names" in found[("needs", 1, None)]
    (tmp_path / "b").mkdir()
    found = _problems(_csv_folder(tmp_path / "b", {"needs.csv": "id;name;kuvaus\nn1;N;x\n"}))
    assert "description_fi" in found[("needs", 1, "kuvaus")]  # the hint lists every column


def test_values_under_no_header_are_reported_not_lost_silently(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path, {"providers.csv": "id;name;;sector\na;A;jkl;city\nb;B;;city;x;y\n"}
    )
    result = read_file(folder, "csv")
    said = sorted((w.message.split(" has no")[0], w.message) for w in result.warnings)
    assert [s for s, _ in said] == ["column C", "column E", "column F"]
    assert "its 1 value(s) (the first in row 2) are not read" in said[0][1]
    path = _xlsx(
        tmp_path / "w.xlsx", providers=[["id", "name", "sector"], ["a", "A", "city", "jkl"]]
    )  # jkl: right of the header
    (warning,) = read_file(path).warnings
    assert warning.message.startswith("column D has no header")


def test_empty_sheets_are_skipped_and_an_empty_workbook_is_an_error(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "w.xlsx", providers=[["id", "name", "sector"], ["a", "A", "city"]], areas=[]
    )
    result = read_file(path)
    assert [p.id for p in result.dataset.providers] == ["a"]
    assert [w.message for w in result.warnings] == ["areas is empty; skipped"]
    with pytest.raises(InvalidData, match="is empty"):
        read_file(_csv_folder(tmp_path, {"needs.csv": "\n\n", "areas.csv": ""}), "csv")


def test_excels_sep_line_typed_into_a_wide_sheet(tmp_path: Path) -> None:
    folder = _csv_folder(tmp_path, {"needs.csv": "sep=;;;\nid;name;category\nn1;N;x\n"})
    assert [n.id for n in read_file(folder, "csv").dataset.needs] == ["n1"]


def test_two_sheets_or_files_of_one_list_are_an_error(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "w.xlsx", **{"Providers": [], "providers ": []})
    with pytest.raises(InvalidData, match="have one name"):
        read_file(path)
    folder = _csv_folder(tmp_path, {"needs.csv": "id;name\nn;N\n", "Needs.csv": "id;name\nm;M\n"})
    with pytest.raises(InvalidData, match="two files named"):
        read_file(folder, "csv")


def test_a_stray_organizations_csv_does_not_make_a_workbook_hsds(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        {"providers.csv": "id;name;sector\na;A;city\n", "organizations.csv": "id,name\no,O\n"},
    )
    assert folder_kind(folder) == "workbook"
    (tmp_path / "h").mkdir()
    hsds = _csv_folder(tmp_path / "h", {"services.csv": "id,organization_id,name\n"})
    assert folder_kind(hsds) == "hsds"


def test_duplicates_name_the_spreadsheet_row_of_the_first(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        {
            "providers.csv": "id;name;sector\na;A;city\nb;B;ngo\n",
            "partnerships.csv": "source;target;kind\n;;\na;b;grant\nb;a;grant\na;b;grant\n",
        },
    )
    with pytest.raises(InvalidData) as exc:
        apply_dataset(
            open_store(f"sqlite:///{tmp_path / 'g.db'}"),
            (r := read_file(folder, "csv")).dataset,
            places=r.places,
        )
    (error,) = _errors(exc)
    assert error.row == 5 and "already in row 3" in error.message  # (row 2 is blank)


def test_mostly_utf8_text_with_one_stray_byte_is_an_error_not_garbage(tmp_path: Path) -> None:
    text = "id;name;sector\njkl;Jyväskylän kaupunki;city\nmll;Järjestö;ngo\n".encode()
    folder = _csv_folder(tmp_path, {})
    (folder / "providers.csv").write_bytes(text + b"x;Caf\xe9;ngo\n")
    with pytest.raises(InvalidData, match=r"UTF-8 text \(4 letter\(s\) such as .* on line 4"):
        read_file(folder, "csv")


def test_line_breaks_survive_an_xlsx_round_trip(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path, {"needs.csv": 'id;name;description\r\nn;N;"Perhekahvila\r\n(torstaisin)"\r\n'}
    )
    store = open_store(f"sqlite:///{tmp_path / 'g.db'}")
    apply_dataset(store, read_file(folder, "csv").dataset)
    write_file(store.snapshot(), tmp_path / "w.xlsx")
    again = apply_dataset(store, read_file(tmp_path / "w.xlsx").dataset)
    assert again.counts.total("updated") == 0
    assert store.snapshot().needs[0].description == "Perhekahvila\n(torstaisin)"


def test_exporting_to_a_folder_name_says_which_format_to_give(
    tmp_path: Path, small_dataset: Dataset
) -> None:
    with pytest.raises(UnsupportedFormat, match="For a folder, give the format: --format csv"):
        write_file(small_dataset, tmp_path / "verkosto")


def test_a_partnership_sheet_without_some_columns_says_what_its_rows_lack(tmp_path: Path) -> None:
    folder = _csv_folder(
        tmp_path,
        {
            "providers.csv": "id;name;sector\na;A;city\nb;B;ngo\n",
            "partnerships.csv": "source;target;note\na;b;x\n",
        },
    )
    (warning,) = read_file(folder, "csv").warnings
    assert warning.location == "partnerships"
    assert "no column for kind, since, until" in warning.message
    assert "kind other" in warning.message
