"""The regular-expression sheet reader gives exactly what the expat reader gives, and
leaves to expat whatever it does not read itself."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.xlsx_sheets import Book, _columns, _SheetParser
from ingest.xlsx_text import NotSimple, simple_rows

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _both(path: Path) -> list[tuple[Any, Any]]:
    """(what parsed_rows gives, what expat gives) for each sheet of a workbook."""
    book = Book(path)
    try:
        out = []
        for ws in book.worksheets:
            with book.archive.open(ws.path) as src:
                expat = list(_SheetParser(book).rows(src))
            out.append((list(ws.parsed_rows()), expat))
        return out
    finally:
        book.close()


def _fast(path: Path, sheet: int = 0) -> list[Any]:
    """The regular-expression reader alone (NotSimple propagates)."""
    book = Book(path)
    try:
        ws = book.worksheets[sheet]
        with book.archive.open(ws.path) as src:
            return list(simple_rows(src, _columns(), book.shared_strings, _SheetParser(book)._cell))
    finally:
        book.close()


ROWS = [
    ["id", "name_fi", "min_age", "valid_from", "note"],
    ["a & b <c> \"d\" 'e'", "Päiväkoti Ääkkönen 🌳", 3, date(2025, 1, 2), True],
    ["  spaces kept  ", "line\nbreak", 2.5, datetime(2025, 3, 1, 12, 30), False],
    [None, "", 1e-7, None, 12345678901234],
    ["x", None, -4, date(1900, 3, 1), "#not-an-error"],
]


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_plain_workbooks_are_read_by_it_and_read_the_same(tmp_path: Path, write_only: bool) -> None:
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("services") if write_only else wb.active
    for row in ROWS:
        ws.append(row)
    if not write_only:
        ws["G7"] = "far away"  # a gap of rows and columns
        ws["B9"].font = openpyxl.styles.Font(bold=True)  # an empty cell with a style
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    fast = _fast(path)  # no NotSimple: the plain form
    ((rows, expat),) = _both(path)
    assert rows == expat == fast
    values = {number: [v for _, v, _ in cells] for number, cells in rows}
    assert values[2][:3] == ["a & b <c> \"d\" 'e'", "Päiväkoti Ääkkönen 🌳", 3]
    assert values[3][:2] == ["  spaces kept  ", "line\nbreak"]
    assert isinstance(values[2][3], datetime)  # a date cell, by its style


def test_a_formula_after_plain_rows_hands_the_rest_to_expat(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(50):
        ws.append([f"s{i}", i])
    ws.append(['=HYPERLINK("http://x")', "=A1"])
    ws.append(["after", 7])
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    with pytest.raises(NotSimple):
        _fast(path)
    ((rows, expat),) = _both(path)
    assert rows == expat  # nothing read twice, nothing lost
    assert len(rows) == 52 and rows[50][1][0][2] == "f" and rows[51][1][0][1] == "after"


def _sheet_zip(
    tmp_path: Path, sheet_data: str, *, head: str = "", tail: str = "", end: str = "</worksheet>"
) -> Path:
    """A workbook whose first sheet's XML is given (the rest from openpyxl)."""
    wb = openpyxl.Workbook()
    wb.active.title = "services"
    base = tmp_path / "base.xlsx"
    wb.save(base)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{head}'
        f'<worksheet xmlns="{NS}">{sheet_data}{tail}{end}'
    )
    path = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode("utf-8")
            out.writestr(info, data)
    return path


PLAIN = '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'


@pytest.mark.parametrize(
    "sheet_data, tail, end",
    [
        (f'<sheetData>{PLAIN}\n<row r="2"/></sheetData>', "", "</worksheet>"),  # whitespace
        (f"<sheetData>{PLAIN}<!-- note --></sheetData>", "", "</worksheet>"),
        (
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>'
            "</sheetData>",
            "",
            "</worksheet>",
        ),  # not an XML entity: expat refuses it
        (
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a\r\nb</t></is></c></row>'
            "</sheetData>",
            "",
            "</worksheet>",
        ),  # XML turns CR LF into LF
        (
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>rich</t></r></is></c>'
            "</row></sheetData>",
            "",
            "</worksheet>",
        ),
        (
            '<sheetData><row><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            "",
            "</worksheet>",
        ),  # a row without its number
        (
            '<sheetData><row r="1"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            "",
            "</worksheet>",
        ),  # a cell without its reference
        (
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[x]]></t></is></c>'
            "</row></sheetData>",
            "",
            "</worksheet>",
        ),
        (f"<sheetData>{PLAIN}</sheetData>", "<pageMargins", ""),  # cut off
        (f"<sheetData>{PLAIN}", "", ""),  # cut off inside the rows
    ],
    ids=[
        "whitespace",
        "comment",
        "html-entity",
        "cr",
        "rich-text",
        "row-without-r",
        "cell-without-r",
        "cdata",
        "cut-after-rows",
        "cut-in-rows",
    ],
)
def test_anything_else_is_left_to_expat(
    tmp_path: Path, sheet_data: str, tail: str, end: str
) -> None:
    path = _sheet_zip(tmp_path, sheet_data, tail=tail, end=end)
    with pytest.raises(NotSimple):
        _fast(path)
    book = Book(path)
    try:
        ws = book.worksheets[0]
        with book.archive.open(ws.path) as src:
            try:
                expat: Any = list(_SheetParser(book).rows(src))
            except Exception as exc:  # a broken sheet: both fail alike
                expat = type(exc)
        try:
            rows: Any = list(ws.parsed_rows())
        except Exception as exc:
            rows = type(exc)
    finally:
        book.close()
    assert rows == expat


def test_character_references_and_a_doctype(tmp_path: Path) -> None:
    path = _sheet_zip(
        tmp_path,
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        "a&#10;b&#x41;&amp;</t></is></c></row></sheetData>",
    )
    assert _fast(path) == [(1, [(1, "a\nbA&", "s")])]
    doctype = _sheet_zip(
        tmp_path, f"<sheetData>{PLAIN}</sheetData>", head='<!DOCTYPE worksheet [<!ENTITY x "y">]>\n'
    )
    with pytest.raises(NotSimple):
        _fast(doctype)


_XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00", min_codepoint=1
    ).filter(lambda c: c in "\t\n" or (c >= " " and c not in "\ufffe\uffff")),
    max_size=30,
)
_CELL = st.one_of(
    st.none(),
    _XML_TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1901, 1, 1)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(_CELL, max_size=6), min_size=1, max_size=8))
def test_any_text_and_values_read_the_same_either_way(
    tmp_path: Path, rows: list[list[Any]]
) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append([v if not (isinstance(v, str) and v.startswith("=")) else "'" + v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "h.xlsx"
    path.write_bytes(buf.getvalue())
    ((rows_read, expat),) = _both(path)
    assert rows_read == expat
    assert _fast(path) == expat  # and it was the plain form: read without expat


def test_a_row_longer_than_it_holds_is_left_to_expat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.xlsx_text as xt

    monkeypatch.setattr(xt, "_CHUNK", 256)  # read in small pieces, hold at most 4 KB
    monkeypatch.setattr(xt, "_MAX_HELD", 4096)
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(20):
        ws.append([f"s{i}", i])
    ws.append([f"long cell {i}" for i in range(400)])  # about 20 KB of XML in one row
    ws.append(["after", 1])
    path = tmp_path / "long.xlsx"
    wb.save(path)
    with pytest.raises(NotSimple, match="longer"):
        _fast(path)
    ((rows, expat),) = _both(path)
    assert rows == expat and len(rows) == 22 and len(rows[20][1]) == 400
