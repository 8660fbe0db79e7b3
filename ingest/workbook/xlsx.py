"""Sheets of an .xlsx workbook, read with python-calamine, or openpyxl where calamine cannot.

calamine reads a sheet in Rust and types its values as the spreadsheet shows them. It
cannot tell three things this importer needs, so the workbook's parts are looked over
first (unzipped and searched as bytes, not parsed as XML):

- a formula cell gives its last computed value (or nothing), an error cell nothing; but
  graphsvc refuses both cell by cell (`ingest.workbook.columns`). A workbook with either is read
  with openpyxl in read-only mode, which marks them;
- a sheet is built as one grid from its first to its last cell: one value at XFD1048576
  would ask for half a terabyte and end the process. A workbook with a sheet whose cell
  references span more than MAX_CELLS is read with openpyxl too (it streams a row at a
  time);
- a DTD (`<!DOCTYPE`, the way to entity tricks) is never in a workbook: refused.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

#: A workbook with a sheet whose rows times columns (from A1 to its last cell) pass this is
#: read with openpyxl: calamine holds that grid in memory, about 32 bytes a cell.
MAX_CELLS = 16_000_000
_CHUNK = 1 << 20
_OVERLAP = 64  # bytes kept between chunks, so that no marker or reference is cut in two
#: a formula is an <f> element, maybe with a namespace prefix (<x:f>): these two bytes,
#: then one of _FORMULA_END
_FORMULA = (b"<f", b":f")
_FORMULA_END = frozenset(b" >/\n\t\r")
_ERROR = re.compile(rb"""\st\s*=\s*["']e["']""")
#: a cell's reference; also any other attribute whose name ends in r, which can only
#: widen the extent found (a literal first byte lets the search skip ahead fast)
_REF = re.compile(rb"""r\s*=\s*["']\$?([A-Za-z]{0,3})\$?([0-9]{1,7})["']""")

Row = tuple[list[Any], dict[int, str] | None]  # (cells, bad cells: index -> kind)


class Sheet:
    """One worksheet of a workbook: its title, read on demand."""

    def __init__(self, book: Book, title: str) -> None:
        self.book, self.title = book, title
        self._calamine: Any = None

    def calamine(self) -> Any:
        """The sheet as calamine read it (once)."""
        if self._calamine is None:
            self._calamine = _no_panic(self.book.workbook.get_sheet_by_name, self.title)
        return self._calamine

    def release(self) -> None:
        """Let go of the sheet's cells once it has been read (calamine holds them all)."""
        self._calamine = None


class Book:
    """A workbook opened with calamine or, for formulas, errors or a huge extent, openpyxl."""

    def __init__(self, path: Path) -> None:
        self.calamine = _calamine_can_read(path)
        if self.calamine:
            from python_calamine import CalamineWorkbook, SheetTypeEnum

            self.workbook: Any = _no_panic(CalamineWorkbook.from_path, str(path))
            titles = [
                m.name for m in self.workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet
            ]
        else:
            import openpyxl

            self.workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
            titles = [ws.title for ws in self.workbook.worksheets]
        self.worksheets = [Sheet(self, title) for title in titles]

    def close(self) -> None:
        self.workbook.close()


def by_row(sheet: Sheet, min_row: int, max_row: int | None, max_col: int | None) -> Iterator[Row]:
    """Every row from `min_row` (blank ones too, so that row numbers hold), each cut to
    `max_col` cells; formula and error cells marked as openpyxl types them."""
    if sheet.book.calamine:
        yield from _calamine_rows(sheet, min_row, max_row, max_col)
        return
    ws = sheet.book.workbook[sheet.title]
    for row in ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col):
        values = [cell.value for cell in row]
        bad: dict[int, str] | None = None
        for i, cell in enumerate(row):
            if cell.data_type == "f" or cell.data_type == "e":
                bad = bad or {}
                bad[i] = "formula" if cell.data_type == "f" else "error"
        yield values, bad


def _calamine_rows(
    sheet: Sheet, min_row: int, max_row: int | None, max_col: int | None
) -> Iterator[Row]:
    cs = sheet.calamine()
    start = cs.start
    if start is None:  # an empty sheet
        return
    # iter_rows gives the rows from row 1, but the columns from the first one with a value
    pad: list[Any] = [None] * start[1]
    rows = cs.iter_rows()
    number = 0
    while True:
        row = _no_panic(next, rows, None)
        if row is None:
            return
        number += 1
        if number < min_row:
            continue
        if max_row is not None and number > max_row:
            return
        if pad:
            row = pad + row
        yield (row[:max_col] if max_col is not None else row), None


def dimension_rows(sheet: Sheet) -> int | None:
    """The last row of the sheet (None if it is not known before reading)."""
    if sheet.book.calamine:
        end = sheet.calamine().end
        return None if end is None else int(end[0]) + 1
    return None


def _calamine_can_read(path: Path) -> bool:
    """Whether calamine reads this workbook as openpyxl would: no formula or error cells,
    and no part whose cell references span more than MAX_CELLS. Raises ValueError on a
    DTD."""
    plain = True
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            extent = [0, 0]  # the last row and column referenced in this part
            sheet = False  # (a theme has r="50000" too: only a sheet's cells count)
            with zf.open(info) as src:
                tail = b""
                while chunk := src.read(_CHUNK):
                    buf = tail + chunk
                    sheet = sheet or b"sheetData" in buf
                    if b"<!DOCTYPE" in buf or b"<!ENTITY" in buf:
                        raise ValueError(
                            f"{info.filename} declares a DTD, which no spreadsheet writes"
                        )
                    if plain and (_has_formula(buf) or _has_error(buf)):
                        plain = False
                    if sheet:  # (calamine reads cells inside <sheetData> only)
                        _extent(buf, extent)
                    tail = buf[-_OVERLAP:]
            if sheet and extent[0] * max(extent[1], 1) > MAX_CELLS:
                plain = False
    return plain


def _has_formula(buf: bytes) -> bool:
    for marker in _FORMULA:  # (found with bytes.find: a regex here took a third of a read)
        at = buf.find(marker)
        while at != -1:
            if at + 2 < len(buf) and buf[at + 2] in _FORMULA_END:
                return True
            at = buf.find(marker, at + 2)
    return False


def _has_error(buf: bytes) -> bool:
    return (b'"e"' in buf or b"'e'" in buf) and _ERROR.search(buf) is not None


def _extent(buf: bytes, extent: list[int]) -> None:
    """Widen extent ([last row, last column]) by every r="B7" (a cell) or r="7" (a row)."""
    found = _REF.findall(buf)
    if not found:
        return
    extent[0] = max(extent[0], max(map(int, map(itemgetter(1), found))))
    letters = set(map(itemgetter(0), found))
    letters.discard(b"")
    if letters:
        from openpyxl.utils.cell import column_index_from_string

        extent[1] = max(extent[1], *(column_index_from_string(c.decode().upper()) for c in letters))


def _no_panic(fn: Any, *args: Any) -> Any:
    """fn(*args), with a Rust panic in calamine (a BaseException) raised as a RuntimeError,
    so that it is reported as any broken file is."""
    try:
        return fn(*args)
    except Exception:
        raise
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise RuntimeError(f"calamine failed: {str(exc)[:200]}") from None
        raise
