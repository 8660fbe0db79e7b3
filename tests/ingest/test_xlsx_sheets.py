"""Workbook sheets: calamine reads plain workbooks as openpyxl does; formulas, errors and
huge extents go to openpyxl; whatever neither reads is one clear line."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ingest.workbook.xlsx as xs
from graphsvc.errors import InvalidData
from ingest import read_file
from ingest.workbook.xlsx import Book, by_row

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rows(path: Path, *, calamine: bool | None = None, sheet: int = 0) -> list[Any]:
    """(row number, cells, bad cells) of a sheet's non-blank rows; `calamine` forces a
    reader (None: the one the workbook gets)."""
    book = Book(path)
    try:
        if calamine is not None and calamine != book.calamine:
            book.close()
            if calamine:
                from python_calamine import CalamineWorkbook

                book.workbook = CalamineWorkbook.from_path(str(path))
            else:
                book.workbook = openpyxl.load_workbook(path, read_only=True)
            book.calamine = calamine
        out = []
        for number, (cells, bad) in enumerate(by_row(book.worksheets[sheet], 1, None, None), 1):
            cells = [_same(c) for c in cells]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                out.append((number, cells, bad))
        return out
    finally:
        book.close()


def _same(value: Any) -> Any:
    """A cell as ingest.workbook.columns sees it: calamine's "" for an empty cell is openpyxl's
    None, and so is a cell of white space only (calamine reads "\n" as empty, openpyxl
    as "\n"; columns takes neither as filled); 3.0 is 3, a date at midnight is the date."""
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


ROWS = [
    ["id", "name_fi", "min_age", "valid_from", "note"],
    ["a & b <c> \"d\" 'e'", "Päiväkoti Ääkkönen 🌳", 3, date(2025, 1, 2), True],
    ["  spaces kept  ", "line\nbreak", 2.5, datetime(2025, 3, 1, 12, 30), False],
    [None, "", 1e-7, None, 12345678901234],
    ["x", None, -4, date(1900, 3, 1), "#not-an-error"],
]


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_plain_workbooks_are_read_by_calamine_as_openpyxl_reads_them(
    tmp_path: Path, write_only: bool
) -> None:
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("services") if write_only else wb.active
    for row in ROWS:
        ws.append(row)
    if not write_only:
        ws["G7"] = "far away"  # a gap of rows and columns
        ws["B9"].font = openpyxl.styles.Font(bold=True)  # an empty cell with a style
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    assert Book(path).calamine  # (the plain form: no formula, no error cell)
    rows = _rows(path)
    assert rows == _rows(path, calamine=False)
    values = {number: cells for number, cells, _ in rows}
    assert values[2][:3] == ["a & b <c> \"d\" 'e'", "Päiväkoti Ääkkönen 🌳", 3]
    assert values[3][:2] == ["  spaces kept  ", "line\nbreak"]
    assert values[2][3] == date(2025, 1, 2)  # a date cell, by its style
    assert values[3][3] == datetime(2025, 3, 1, 12, 30)
    assert values[2][4] is True and values[3][4] is False
    assert values[4][4] == 12345678901234  # an id typed as a number stays whole
    if not write_only:
        assert values[7] == [None] * 6 + ["far away"]  # row 7, column G: where it was typed
        assert 9 not in values


def test_a_sheet_that_starts_at_c3_keeps_its_row_and_column_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D5"] = "first", 7
    wb.save(tmp_path / "c3.xlsx")
    rows = _rows(tmp_path / "c3.xlsx")
    assert rows == [(3, [None, None, "first"], None), (5, [None, None, None, 7], None)]
    assert rows == _rows(tmp_path / "c3.xlsx", calamine=False)


def test_a_formula_sends_the_workbook_to_openpyxl_which_marks_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(50):
        ws.append([f"s{i}", i])
    ws.append(['=HYPERLINK("http://x")', "=A1"])
    ws.append(["after", 7])
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    assert not Book(path).calamine
    rows = _rows(path)
    assert len(rows) == 52  # nothing read twice, nothing lost
    assert rows[50] == (51, ['=HYPERLINK("http://x")', "=A1"], {0: "formula", 1: "formula"})
    assert rows[51] == (52, ["after", 7], None)


def _sheet_zip(
    tmp_path: Path, sheet_data: str, *, head: str = "", tail: str = "", end: str = "</worksheet>"
) -> Path:
    """A workbook whose first sheet's XML is given (the rest from openpyxl)."""
    wb = openpyxl.Workbook()
    wb.active.title = "needs"
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


def _is(text: str, ref: str = "A1") -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEAD = f'<row r="1">{_is("id")}{_is("name", "B1")}</row>'


@pytest.mark.parametrize(
    "sheet_data, tail, end, expected",
    [
        (f'<sheetData>{HEAD}\n<row r="2"/></sheetData>', "", "</worksheet>", ["id", "name"]),
        (f"<sheetData>{HEAD}<!-- note --></sheetData>", "", "</worksheet>", ["id", "name"]),
        (
            f'<sheetData><row r="1">{_is("a&#10;b&#x41;&amp;")}</row></sheetData>',
            "",
            "</worksheet>",
            ["a\nbA&"],
        ),
        (
            '<sheetData><row r="1">'
            + _is("a&#13;&#10;b")
            + _is("c\r\nd", "B1")
            + "</row></sheetData>",
            "",
            "</worksheet>",
            ["a\r\nb", "c\nd"],  # XML turns a written CR LF into LF; &#13; is a CR
        ),
        (
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t>'
            "</r></is></c></row></sheetData>",
            "",
            "</worksheet>",
            ["rich"],
        ),
        (
            '<sheetData><row><c t="inlineStr"><is><t>x</t></is></c>'
            '<c t="inlineStr"><is><t>y</t></is></c></row></sheetData>',
            "",
            "</worksheet>",
            ["x", "y"],
        ),  # a row and cells without their references: counted
        (
            f'<sheetData><row r="1">{_is("<![CDATA[x<y]]>")}</row></sheetData>',
            "",
            "</worksheet>",
            ["x<y"],
        ),
    ],
    ids=["whitespace", "comment", "char-refs", "cr", "rich-text", "no-references", "cdata"],
)
def test_any_form_of_sheet_xml_reads_the_same_either_way(
    tmp_path: Path, sheet_data: str, tail: str, end: str, expected: list[Any]
) -> None:
    path = _sheet_zip(tmp_path, sheet_data, tail=tail, end=end)
    rows = _rows(path)
    assert rows[0] == (1, expected, None)
    assert rows == _rows(path, calamine=False)


@pytest.mark.parametrize(
    "sheet_data, tail, end, says",
    [
        (f'<sheetData><row r="1">{_is("a&nbsp;b")}</row></sheetData>', "", "</worksheet>", "nbsp"),
        (f"<sheetData>{HEAD}</sheetData>", "<pageMargins", "", "cannot be read"),  # cut off
        (f"<sheetData>{HEAD}", "", "", "cannot be read"),  # cut off inside the rows
        (
            '<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData>',
            "",
            "</worksheet>",
            "shared strings",
        ),  # a shared string that is not there
        (
            '<sheetData><row r="1"><c r="A!1"><v>1</v></c></row></sheetData>',
            "",
            "</worksheet>",
            "cannot be read",
        ),  # a broken cell reference
    ],
    ids=["html-entity", "cut-after-rows", "cut-in-rows", "no-such-string", "bad-reference"],
)
def test_a_broken_sheet_is_one_clear_line(
    tmp_path: Path, sheet_data: str, tail: str, end: str, says: str
) -> None:
    path = _sheet_zip(tmp_path, sheet_data, tail=tail, end=end)
    with pytest.raises(InvalidData, match="crafted.xlsx: sheet 'needs' cannot be read") as exc:
        read_file(path)
    assert says in exc.value.message and "\n" not in exc.value.message


def test_a_doctype_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    doctype = _sheet_zip(
        tmp_path,
        f"<sheetData>{HEAD}</sheetData>",
        head='<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
    )
    with pytest.raises(InvalidData, match=r"crafted.xlsx: not a readable Excel workbook .*DTD"):
        read_file(doctype)


def test_error_cells_without_a_formula_go_to_openpyxl_and_are_errors(tmp_path: Path) -> None:
    path = _sheet_zip(
        tmp_path,
        f'<sheetData>{HEAD}<row r="2">{_is("n1")}<c r="B2" t="e"><v>#N/A</v></c></row></sheetData>',
    )
    assert not Book(path).calamine  # (calamine reads an error cell as empty)
    assert _rows(path)[1] == (2, ["n1", "#N/A"], {1: "error"})
    with pytest.raises(InvalidData) as exc:
        read_file(path)
    (error,) = exc.value.details
    assert (error.row, error.field) == (2, "name")  # type: ignore[union-attr]
    assert "spreadsheet error (#N/A)" in error.message  # type: ignore[union-attr]


def test_a_value_far_out_is_read_with_openpyxl_not_as_a_huge_grid(tmp_path: Path) -> None:
    # calamine would build the grid A1:XFD1048576 (half a terabyte) and end the process
    path = _sheet_zip(
        tmp_path,
        f'<sheetData>{HEAD}<row r="2">{_is("clubs")}{_is("Kerhot", "B2")}</row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
    )
    assert not Book(path).calamine
    assert [n.id for n in read_file(path).dataset.needs] == ["clubs"]


def test_the_cell_limit_is_rows_times_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _sheet_zip(tmp_path, f'<sheetData>{HEAD}<row r="10">{_is("x", "C10")}</row></sheetData>')
    monkeypatch.setattr(xs, "MAX_CELLS", 30)  # 10 rows of 3 columns: still calamine
    assert Book(path).calamine
    monkeypatch.setattr(xs, "MAX_CELLS", 29)
    assert not Book(path).calamine
    assert _rows(path)[-1] == (10, [None, None, "x"], None)


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
    assert Book(path).calamine
    assert _rows(path) == _rows(path, calamine=False)


def test_a_long_row_is_read_whole(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(20):
        ws.append([f"s{i}", i])
    ws.append([f"long cell {i}" for i in range(400)])
    ws.append(["after", 1])
    wb.save(tmp_path / "long.xlsx")
    rows = _rows(tmp_path / "long.xlsx")
    assert len(rows) == 22 and len(rows[20][1]) == 400 and rows[21] == (22, ["after", 1], None)


def _at_offset(tmp_path: Path, marker: bytes, offset: int, cell: str) -> Path:
    """A workbook whose sheet XML has `cell` (holding `marker`) so placed that `marker`
    starts `offset` bytes into the sheet part (padded with plain rows before it)."""

    def build(pad: int) -> tuple[Path, int]:
        filler = f'<row r="2">{_is("p" * pad, "A2")}</row>' if pad else ""
        path = _sheet_zip(tmp_path, f'<sheetData>{HEAD}{filler}<row r="3">{cell}</row></sheetData>')
        with zipfile.ZipFile(path) as zf:
            return path, zf.read("xl/worksheets/sheet1.xml").index(marker)

    _, at = build(1)
    path, at = build(1 + offset - at)
    assert at == offset
    return path


@pytest.mark.parametrize("offset", [xs._CHUNK - 2, xs._CHUNK - 1, xs._CHUNK])
@pytest.mark.parametrize(
    "cell, marker",
    [
        ('<c r="A3"><f>1+1</f><v>2</v></c>', b"<f>"),
        ('<c r="A3"><x:f xmlns:x="' + NS + '">1+1</x:f><v>2</v></c>', b":f "),
        ('<c r="A3" t="e"><v>#N/A</v></c>', b't="e"'),
    ],
    ids=["formula", "prefixed-formula", "error"],
)
def test_a_marker_across_the_chunks_of_the_check_is_still_found(
    tmp_path: Path, cell: str, marker: bytes, offset: int
) -> None:
    # the check reads each part a megabyte at a time; a marker cut in two counts too
    assert not Book(_at_offset(tmp_path, marker, offset, cell)).calamine


@pytest.mark.parametrize("offset", [xs._CHUNK - 3, xs._CHUNK])
def test_a_far_reference_across_the_chunks_is_still_found(tmp_path: Path, offset: int) -> None:
    cell = "<c r = 'XFD1048576'><v>1</v></c>"  # (spaces and single quotes: XML allows them)
    assert not Book(_at_offset(tmp_path, b"r = 'XFD", offset, cell)).calamine
