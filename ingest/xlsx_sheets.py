"""Sheets of an .xlsx workbook, read fast with expat and openpyxl's rules for cells.

openpyxl reads a cell through many Python objects (an ElementTree element, a dict, a
ReadOnlyCell, descriptors for inline text); and in read-only mode it scans every sheet
once more on opening just to find its size when the file does not state it. This
reader keeps openpyxl for the workbook (sheet names, shared strings, date styles) and
reads the sheet XML itself, with openpyxl's rules for every cell: the same values,
types and row numbers as `iter_rows`, formula and error cells marked. The plain form
that spreadsheets write is read with regular expressions (`ingest.xlsx_text`);
anything else with expat (fewer Python calls per cell than building elements).
"""

from __future__ import annotations

import itertools
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

from ingest.xlsx_text import NotSimple, simple_rows

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW_TAG, _C_TAG, _V_TAG, _F_TAG, _IS_TAG, _T_TAG, _R_TAG = (
    _MAIN + t for t in ("row", "c", "v", "f", "is", "t", "r")
)
_CHUNK = 1 << 16
_column_numbers: dict[str, int] = {}

ParsedRow = tuple[int, list[tuple[int, Any, str]]]  # (row number, [(column, value, type)])


def _columns() -> dict[str, int]:
    """Column letters -> numbers, A to XFD."""
    if not _column_numbers:
        from openpyxl.utils import get_column_letter

        _column_numbers.update((get_column_letter(i), i) for i in range(1, 18279))
    return _column_numbers


def _column_of(coordinate: str) -> int:
    letters = coordinate.rstrip("0123456789")
    if letters != coordinate:
        column = _columns().get(letters)
        if column is not None:
            return column
    from openpyxl.utils.cell import coordinate_to_tuple

    return int(coordinate_to_tuple(coordinate)[1])  # raises on a broken coordinate


class Sheet:
    """One worksheet of a workbook: its title and where its XML is."""

    def __init__(self, book: Book, title: str, path: str) -> None:
        self.book, self.title, self.path = book, title, path

    def parsed_rows(self) -> Generator[ParsedRow, None, None]:
        """(row number, cells) per <row> element, as openpyxl's WorkSheetParser reads them."""
        parser = _SheetParser(self.book)
        done = 0
        try:  # the plain form spreadsheets write, a fifth of the time (ingest.xlsx_text)
            with self.book.archive.open(self.path) as src:
                for row in simple_rows(src, _columns(), self.book.shared_strings, parser._cell):
                    yield row
                    done += 1
            return
        except NotSimple:
            pass
        with self.book.archive.open(self.path) as src:  # anything else: expat, from the top
            yield from itertools.islice(parser.rows(src), done, None)


class Book:
    """A workbook opened with openpyxl's reader, without reading any sheet yet."""

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        reader = ExcelReader(path, read_only=True, data_only=False)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            wb = reader.wb
            self.shared_strings = reader.shared_strings
            # openpyxl's private reader state (issue 20: a library reader replaces this)
            self.date_formats = wb._date_formats  # type: ignore[attr-defined]
            self.timedelta_formats = wb._timedelta_formats  # type: ignore[attr-defined]
            self.epoch = wb.epoch
            self.worksheets = [
                Sheet(self, sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()


class _SheetParser:
    """expat handlers that turn <row> elements into (row number, [(column, value, type)])."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.shared_formulae: dict[str | None, Any] = {}

    def rows(self, src: Any) -> Iterator[ParsedRow]:
        from xml.parsers import expat

        out: list[ParsedRow] = []
        cells: list[tuple[int, Any, str]] = []
        cell = self._cell
        shared = self.book.shared_strings
        columns = _columns()
        # the state of the element being read, in closure cells: faster than attributes
        depth = 0
        row_counter = 0
        col_counter = [0]
        cell_depth = -1  # depth of the open <c>; -1 outside a cell
        attrs_c: dict[str, str] = {}
        v: str | None = None
        f: dict[str, str] | None = None
        f_text: str | None = None
        inline: list[str] | None = None
        is_depth = -1  # depth of the open <is>
        r_depth = -1  # depth of an open <r> inside <is>
        buf: str | None = None  # text being collected
        buf_depth = -1
        target = 0  # what the text is: 1 <v>, 2 <f>, 3 inline <t>

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal \
                depth, \
                row_counter, \
                cell_depth, \
                attrs_c, \
                v, \
                f, \
                f_text, \
                inline, \
                is_depth, \
                r_depth, \
                buf, \
                buf_depth, \
                target, \
                cells
            depth += 1
            if cell_depth >= 0:
                level = depth - cell_depth
                if level == 1:
                    if name == _V_TAG:
                        if v is None:
                            buf, buf_depth, target = "", depth, 1
                    elif name == _IS_TAG:
                        if inline is None:
                            inline, is_depth = [], depth
                    elif name == _F_TAG and f is None:
                        f = attrs
                        buf, buf_depth, target = "", depth, 2
                elif is_depth > 0 and buf is None:
                    level = depth - is_depth
                    if name == _T_TAG and (level == 1 or (level == 2 and r_depth == depth - 1)):
                        buf, buf_depth, target = "", depth, 3
                    elif name == _R_TAG and level == 1:
                        r_depth = depth
            elif name == _C_TAG:
                cell_depth, attrs_c = depth, attrs
                v = f = f_text = inline = None
            elif name == _ROW_TAG:
                r = attrs.get("r")
                if r is not None:
                    try:
                        row_counter = int(r)
                    except ValueError:
                        val = float(r)
                        if not val.is_integer():
                            raise ValueError(f"{r} is not a valid row number") from None
                        row_counter = int(val)
                else:
                    row_counter += 1
                col_counter[0] = 0
                cells = []

        def text(data: str) -> None:
            nonlocal buf
            if buf is not None:
                buf += data

        def end(name: str) -> None:
            nonlocal depth, cell_depth, v, f_text, is_depth, r_depth, buf
            if buf is not None and depth == buf_depth:
                if target == 1:
                    v = buf
                elif target == 2:
                    f_text = buf
                elif inline is not None:
                    inline.append(buf)
                buf = None
            elif depth == cell_depth:
                cell_depth = is_depth = r_depth = -1
                # the common cells inline (text, a shared string, a plain number); the
                # rest, and any doubt, through _cell
                coordinate = attrs_c.get("r")
                column = (
                    columns.get(coordinate.rstrip("0123456789"))
                    if coordinate and coordinate[-1] in "0123456789"
                    else None
                )
                kind = attrs_c.get("t", "n")
                fast: tuple[int, Any, str] | None = None
                if column is not None and f is None:
                    if kind == "inlineStr":
                        if inline is not None:
                            fast = column, "".join(inline), "s"
                    elif kind == "s":
                        if v:
                            fast = column, shared[int(v)], "s"
                    elif kind == "n" and v and not attrs_c.get("s"):
                        fast = (
                            column,
                            float(v) if ("." in v or "E" in v or "e" in v) else int(v),
                            "n",
                        )
                if fast is not None:
                    col_counter[0] = column  # type: ignore[assignment]
                    cells.append(fast)
                else:
                    cells.append(cell(attrs_c, v, f, f_text, inline, col_counter))
            elif depth == is_depth:
                is_depth = -1
            elif depth == r_depth:
                r_depth = -1
            elif cell_depth < 0 and name == _ROW_TAG:
                out.append((row_counter, cells))
            depth -= 1

        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.buffer_size = _CHUNK
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = _no_dtd  # a sheet has none; no entity tricks
        while True:
            chunk = src.read(_CHUNK)
            parser.Parse(chunk, not chunk)
            if out:
                yield from out
                out.clear()
            if not chunk:
                return

    def _cell(
        self,
        attrs: dict[str, str],
        v: str | None,
        f: dict[str, str] | None,
        f_text: str | None,
        inline: list[str] | None,
        col_counter: list[int],
    ) -> tuple[int, Any, str]:
        # openpyxl.worksheet._reader.WorkSheetParser.parse_cell, without the objects
        data_type = attrs.get("t", "n")
        coordinate = attrs.get("r")
        value: Any = None if data_type == "inlineStr" else (v or None)
        if coordinate:
            column = col_counter[0] = _column_of(coordinate)
        else:
            column = col_counter[0] = col_counter[0] + 1
        if f is not None:
            data_type = "f"
            value = self._formula(f, f_text, coordinate)
        elif value is not None:
            if data_type == "n":
                value = (
                    float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                )
                style = attrs.get("s")
                style_id = int(style) if style else 0
                book = self.book
                if style_id in book.date_formats:
                    from openpyxl.utils.datetime import from_excel

                    data_type = "d"
                    try:
                        value = from_excel(
                            value, book.epoch, timedelta=style_id in book.timedelta_formats
                        )
                    except (OverflowError, ValueError):
                        data_type, value = "e", "#VALUE!"
            elif data_type == "s":
                value = self.book.shared_strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "str":
                data_type = "s"
            elif data_type == "d":
                from openpyxl.utils.datetime import from_ISO8601

                value = from_ISO8601(value)  # type: ignore[no-untyped-call]
        elif data_type == "inlineStr" and inline is not None:
            data_type = "s"
            value = "".join(inline)
        return column, value, data_type

    def _formula(self, f: dict[str, str], text: str | None, coordinate: str | None) -> Any:
        # openpyxl.worksheet._reader.WorkSheetParser.parse_formula
        formula_type = f.get("t")
        value: Any = "=" + (text or "")
        if formula_type == "array":
            from openpyxl.worksheet.formula import ArrayFormula

            value = ArrayFormula(ref=f.get("ref"), text=value)
        elif formula_type == "shared":
            idx = f.get("si")
            if idx in self.shared_formulae:
                value = self.shared_formulae[idx].translate_formula(coordinate)
            elif value != "=":
                from openpyxl.formula.translate import Translator

                self.shared_formulae[idx] = Translator(value, coordinate)
        elif formula_type == "dataTable":
            from openpyxl.worksheet.formula import DataTableFormula

            # (as openpyxl's own parser does: the XML attributes as they are, strings)
            value = DataTableFormula(**f)  # type: ignore[arg-type]
        return value


def _no_dtd(*_: Any) -> None:
    raise ValueError("the sheet XML declares a DTD, which a workbook sheet never has")


def by_row(
    parsed: Iterable[ParsedRow], min_row: int, max_row: int | None, max_col: int | None
) -> Iterator[tuple[list[Any], dict[int, str] | None]]:
    """openpyxl's ReadOnlyWorksheet._cells_by_row: missing rows and cells filled in."""
    empty: list[Any] = [None] * max_col if max_col else []
    counter, idx = min_row, 1
    for idx, cells in parsed:
        if max_row is not None and idx > max_row:
            break
        for _ in range(counter, idx):
            counter += 1
            yield empty, None
        if counter <= idx:
            counter += 1
            if not cells and not max_col:
                yield [], None
                continue
            width = max_col or cells[-1][0]
            values: list[Any] = [None] * width
            bad: dict[int, str] | None = None
            for column, value, kind in cells:
                if 1 <= column <= width:
                    values[column - 1] = value
                    if kind == "f" or kind == "e":
                        bad = bad or {}
                        bad[column - 1] = "formula" if kind == "f" else "error"
                    elif bad and column - 1 in bad:
                        del bad[column - 1]
            yield values, bad
    if max_row is not None and max_row < idx:
        for _ in range(counter, max_row + 1):
            yield empty, None


class _Stop(Exception):
    pass


def dimension_rows(src: Any) -> int | None:
    """The last row the sheet's <dimension> states (None without one); reads only the top."""
    from xml.parsers import expat

    from openpyxl.utils.cell import range_boundaries

    found: list[int | None] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == _MAIN + "dimension":
            try:
                found.append(range_boundaries(attrs.get("ref", ""))[3])
            except (ValueError, TypeError):
                found.append(None)
            raise _Stop
        if name == _MAIN + "sheetData":
            raise _Stop

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    try:
        while chunk := src.read(_CHUNK):
            parser.Parse(chunk, False)
    except (_Stop, expat.ExpatError):
        pass
    return found[0] if found else None
