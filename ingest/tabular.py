"""Workbooks: .xlsx, a folder of CSV files, or a .zip of CSV files (DESIGN.md, issue 7).

One sheet (or CSV file) per list of the dataset format — providers, services,
partnerships, needs, target_groups, group_needs, areas, networks — with the JSON keys as
columns; see `ingest.columns` for the cell rules (names per language, `|` lists, decimal
commas, formula cells). CSV files may use `;`, `,` or tab and be UTF-8, UTF-8 with BOM,
UTF-16 or Windows-1252: both are detected. Blank rows are skipped; row numbers in
errors are spreadsheet rows (the header is row 1).

Exports write `;`-separated UTF-8 CSV with a BOM and decimal commas (what Finnish Excel
opens with a double click) or .xlsx. Text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is written with a leading single
quote, which the readers here remove again.

A folder given to the `csv` format is looked at first: a folder with organizations.csv or
datapackage.json is read as Open Referral HSDS, a folder of JSON files as Suomi.fi PTV.
"""

from __future__ import annotations

import contextlib
import warnings
import zipfile
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import NODE_LISTS, Dataset
from ingest.base import Format, ReadResult, register
from ingest.columns import SHEETS, CellError, Header, record_from_row, validate_record
from ingest.progress import progress_bar
from ingest.tabular_write import write_csv_folder, write_xlsx, write_zip
from ingest.textfiles import Opener, count_lines, open_csv, open_zip

#: At most this many data rows per sheet (a network of a whole country fits easily).
MAX_ROWS = 250_000
#: Reading stops after this many problems: fix those first.
MAX_ERRORS = 1_000
#: The template's explanation sheet, skipped on import.
GUIDE_SHEET = "ohje_guide"

_NODE_LISTS = {name for name, _ in NODE_LISTS}
Row = tuple[int, list[Any], dict[int, str] | None]  # (row number, cells, bad cells)


class _TooMany(Exception):
    pass


class Collector:
    """Validated records per list, every problem found, and the checks across rows."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lists: dict[str, list[Any]] = {name: [] for name in SHEETS}
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []
        self._first_row: dict[str, dict[str, int]] = {name: {} for name in _NODE_LISTS}

    def add_sheet(self, list_name: str, header_cells: list[Any], rows: Iterable[Row], *,
                  location: str, source_prefix: str, csv_text: bool = False) -> None:
        header = Header(list_name, header_cells, file=self.file, location=location)
        if header.errors:
            self._error(header.errors)
            return
        count = 0
        for row, cells, bad in rows:
            try:
                record = record_from_row(header, cells, bad=bad, csv_text=csv_text)
            except CellError as exc:
                self._error([RowError(str(exc), file=self.file, location=location, row=row,
                                      field=exc.column)])
                continue
            if record is None:
                continue
            count += 1
            if count > MAX_ROWS:
                raise InvalidData(
                    f"{self.file}: {location} has more than {MAX_ROWS:,} rows; graphsvc reads "
                    f"at most {MAX_ROWS:,} rows per sheet. Split the file, or import the "
                    "dataset as JSON.")
            if list_name in _NODE_LISTS and not record.get("source"):
                record["source"] = f"{source_prefix} row {row}"
            model, errors = validate_record(list_name, record, header, row=row,
                                            file=self.file, location=location)
            if errors:
                self._error(errors)
                continue
            if list_name in _NODE_LISTS:
                first = self._first_row[list_name].setdefault(model.id, row)
                if first != row:
                    self._error([RowError(f"duplicate id {model.id!r} (first in row {first})",
                                          file=self.file, location=location, row=row,
                                          id=model.id, field="id")])
                    continue
            self.lists[list_name].append(model)

    def _error(self, errors: list[RowError]) -> None:
        self.errors.extend(errors)
        if len(self.errors) >= MAX_ERRORS:
            raise _TooMany

    def result(self) -> ReadResult:
        if self.errors:
            more = " (reading stopped there; fix these first)" if len(
                self.errors) >= MAX_ERRORS else ""
            raise InvalidData(
                f"{self.file} has {len(self.errors)} problem(s){more}; nothing was imported. "
                f"First: {self.errors[0]}", details=self.errors)
        values: dict[str, Any] = dict(self.lists)
        ds = Dataset.model_construct(None, **values)
        return ReadResult(ds, self.warnings)

    def run(self, read: Callable[[], None]) -> ReadResult:
        with contextlib.suppress(_TooMany):  # reading stops there; the errors are reported
            read()
        return self.result()


# --- xlsx ----------------------------------------------------------------------------


def read_xlsx(path: Path) -> ReadResult:
    """Read a workbook (.xlsx): one sheet per list; other sheets are skipped with a warning."""
    name = path.name
    open_zip(str(path), name).close()  # zip-bomb and sanity checks before openpyxl
    wb = _load_workbook(path)
    coll = Collector(name)
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        found = [s for s in SHEETS if s in sheets]
        if not found:
            raise InvalidData(f"{name}: no sheet is named after a list; name the sheets "
                              f"{', '.join(SHEETS)} (`graphsvc template` writes an example).")
        for key in sorted(set(sheets) - set(SHEETS) - {GUIDE_SHEET}):
            title = sheets[key].title
            coll.warnings.append(RowError(
                f"sheet {title!r} was skipped: it is not one of {', '.join(SHEETS)}",
                file=name, location=title))

        def read() -> None:
            for list_name in found:
                _read_sheet(coll, sheets[list_name], list_name, name)

        return coll.run(read)
    finally:
        wb.close()


def _load_workbook(path: Path) -> _Book:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _Book(path)
    except InvalidData:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise InvalidData(f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: "
                          f"{str(exc)[:200]}). Save it again from the spreadsheet as .xlsx."
                          ) from None


def _read_sheet(coll: Collector, ws: _Sheet, list_name: str, file: str) -> None:
    title = ws.title
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with ws.book.archive.open(ws.path) as src:
                total = _dimension_rows(src)  # only for the progress bar
            # the dimension a file states is never trusted: rows are as long as the header
            with contextlib.closing(ws.parsed_rows()) as parsed:
                first = next(_by_row(parsed, 1, 1, None), ([], None))[0]
            header = list(first)
            width = len(header)
            rows = _xlsx_rows(ws, width) if width else iter(())
            with progress_bar(f"{file}: {title}", total) as tick:
                coll.add_sheet(list_name, header, _ticking(rows, tick), location=title,
                               source_prefix=f"{file} {title}")
    except (InvalidData, _TooMany):
        raise
    except Exception as exc:
        raise InvalidData(f"{file}: sheet {title!r} cannot be read ({type(exc).__name__}: "
                          f"{str(exc)[:200]}).") from None


def _xlsx_rows(ws: _Sheet, width: int) -> Iterator[Row]:
    with contextlib.closing(ws.parsed_rows()) as parsed:
        for number, (values, bad) in enumerate(_by_row(parsed, 2, None, width), start=2):
            yield number, values, bad


def _ticking(rows: Iterator[Row], tick: Callable[..., None]) -> Iterator[Row]:
    for i, row in enumerate(rows, start=1):
        if i % 2000 == 0:
            tick(advance=2000)
        yield row


# --- xlsx: a fast reader of sheet XML --------------------------------------------------
#
# openpyxl reads a cell through many Python objects (an ElementTree element, a dict, a
# ReadOnlyCell, descriptors for inline text); and in read-only mode it scans every sheet
# once more on opening just to find its size when the file does not state it. This
# reader keeps openpyxl for the workbook (sheet names, shared strings, date styles) and
# reads the sheet XML itself with expat (fewer Python calls per cell than building
# elements), with openpyxl's rules for every cell: the same values, types and row
# numbers as `iter_rows`, formula and error cells marked.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW_TAG, _C_TAG, _V_TAG, _F_TAG, _IS_TAG, _T_TAG, _R_TAG = (
    _MAIN + t for t in ("row", "c", "v", "f", "is", "t", "r"))
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


class _Sheet:
    """One worksheet of a workbook: its title and where its XML is."""

    def __init__(self, book: _Book, title: str, path: str) -> None:
        self.book, self.title, self.path = book, title, path

    def parsed_rows(self) -> Generator[ParsedRow, None, None]:
        """(row number, cells) per <row> element, as openpyxl's WorkSheetParser reads them."""
        with self.book.archive.open(self.path) as src:
            yield from _SheetParser(self.book).rows(src)


class _Book:
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
            self.date_formats = wb._date_formats
            self.timedelta_formats = wb._timedelta_formats
            self.epoch = wb.epoch
            self.worksheets = [_Sheet(self, sheet.name, rel.target)
                               for sheet, rel in reader.parser.find_sheets()
                               if rel.target in reader.valid_files
                               and "chartsheet" not in rel.Type]
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()


class _SheetParser:
    """expat handlers that turn <row> elements into (row number, [(column, value, type)])."""

    def __init__(self, book: _Book) -> None:
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
            nonlocal depth, row_counter, cell_depth, attrs_c, v, f, f_text, inline, \
                is_depth, r_depth, buf, buf_depth, target, cells
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
                column = columns.get(coordinate.rstrip("0123456789")) \
                    if coordinate and coordinate[-1] in "0123456789" else None
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
                        fast = column, float(v) if ("." in v or "E" in v or "e" in v) \
                            else int(v), "n"
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

    def _cell(self, attrs: dict[str, str], v: str | None, f: dict[str, str] | None,
              f_text: str | None, inline: list[str] | None, col_counter: list[int]
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
                value = float(value) if ("." in value or "E" in value or "e" in value) \
                    else int(value)
                style = attrs.get("s")
                style_id = int(style) if style else 0
                book = self.book
                if style_id in book.date_formats:
                    from openpyxl.utils.datetime import from_excel

                    data_type = "d"
                    try:
                        value = from_excel(value, book.epoch,
                                           timedelta=style_id in book.timedelta_formats)
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

                value = from_ISO8601(value)
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

            value = DataTableFormula(**f)
        return value


def _no_dtd(*_: Any) -> None:
    raise ValueError("the sheet XML declares a DTD, which a workbook sheet never has")


def _by_row(parsed: Iterable[ParsedRow], min_row: int, max_row: int | None,
            max_col: int | None) -> Iterator[tuple[list[Any], dict[int, str] | None]]:
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


def _dimension_rows(src: Any) -> int | None:
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


# --- CSV folders, single CSV files and zips ------------------------------------------


def read_csv_path(path: Path) -> ReadResult:
    """Read a folder of CSV files (or one CSV file named after its list, e.g. services.csv)."""
    if path.is_file():
        stem = path.stem.lower()
        if stem not in SHEETS:
            raise InvalidData(f"{path.name}: name a single CSV file after the list it holds "
                              f"({', '.join(s + '.csv' for s in SHEETS)}), or import a folder "
                              "of them.")
        return _read_tables({path.name.lower(): (_file_opener(path), path.name)}, path.name,
                            prefix="")
    kind = folder_kind(path)
    if kind == "hsds":
        from ingest.hsds import read_hsds

        return read_hsds(path)
    if kind == "ptv":
        from ingest.ptv import read_ptv

        return read_ptv(path)
    tables = {p.name.lower(): (_file_opener(p), p.name) for p in sorted(path.iterdir())
              if p.is_file() and p.suffix.lower() == ".csv"}
    return _read_tables(tables, path.name, prefix="")


def folder_kind(path: Path) -> str:
    """What a folder holds: "hsds", "ptv" or "workbook" (CSV files named after lists)."""
    names = {p.name.lower() for p in path.iterdir()}
    if names & {"datapackage.json", "organizations.csv", "organization.csv"}:
        return "hsds"
    if any(f"{s}.csv" in names for s in SHEETS):
        return "workbook"
    for sub in [path, *(p for p in path.iterdir() if p.is_dir())]:
        if any(p.suffix.lower() == ".json" for p in sub.iterdir() if p.is_file()):
            return "ptv"
    return "workbook"


def read_zip(path: Path) -> ReadResult:
    """Read a .zip of CSV files (a workbook; an HSDS data package is recognised too)."""
    zf = open_zip(str(path), path.name)
    with zf:
        members = _zip_members(zf, path.name)
        if members.keys() & {"organizations.csv", "datapackage.json"}:
            from ingest.hsds import read_hsds_tables

            return read_hsds_tables(members, path.name)
        tables = {n: (op, f"{path.name} {label}") for n, (op, label) in members.items()}
        return _read_tables(tables, path.name, prefix="")


def _zip_members(zf: zipfile.ZipFile, name: str) -> dict[str, tuple[Opener, str]]:
    members: dict[str, tuple[Opener, str]] = {}
    for info in zf.infolist():
        base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
        if info.is_dir() or info.filename.startswith("__MACOSX/") or not base:
            continue
        key = base.lower()
        if key in members:
            raise InvalidData(f"{name}: holds two files named {base}; keep one.")
        members[key] = (_zip_opener(zf, info), info.filename)
    return members


def _zip_opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    return lambda: zf.open(info)


def _file_opener(path: Path) -> Opener:
    return lambda: open(path, "rb")


def _read_tables(tables: dict[str, tuple[Opener, str]], file: str, *, prefix: str
                 ) -> ReadResult:
    coll = Collector(file)
    found = [s for s in SHEETS if f"{s}.csv" in tables]
    if not found:
        raise InvalidData(f"{file}: no CSV file is named after a list; name them "
                          f"{', '.join(s + '.csv' for s in SHEETS)}.")
    for key in sorted(tables):
        if key.endswith(".csv") and key[:-4] not in SHEETS:
            coll.warnings.append(RowError(f"{tables[key][1]} was skipped: it is not one of "
                                          f"{', '.join(s + '.csv' for s in SHEETS)}",
                                          file=file))

    def read() -> None:
        for list_name in found:
            opener, label = tables[f"{list_name}.csv"]
            _read_csv_table(coll, opener, label, list_name)

    return coll.run(read)


def _read_csv_table(coll: Collector, opener: Opener, label: str, list_name: str) -> None:
    lines = count_lines(opener)
    if lines > MAX_ROWS + 1:
        _check_record_count(opener, label)
    with open_csv(opener, label) as table, progress_bar(label, lines) as tick:
        rows = ((n, cells, None) for n, cells in table.rows)
        coll.add_sheet(list_name, table.header, _ticking(rows, tick), location=list_name,
                       source_prefix=label, csv_text=True)


def _check_record_count(opener: Opener, label: str) -> None:
    """Fail fast on a CSV with more records than MAX_ROWS (before validating any)."""
    with open_csv(opener, label) as table:
        count = 0
        for _, cells in table.rows:
            if any(c.strip() for c in cells):
                count += 1
                if count > MAX_ROWS:
                    raise InvalidData(
                        f"{label}: has more than {MAX_ROWS:,} rows; graphsvc reads at most "
                        f"{MAX_ROWS:,} rows per file. Split the file, or import the dataset "
                        "as JSON.")


register(Format("xlsx", (".xlsx",), "Workbook: one sheet per list (Excel)", read_xlsx,
                write_xlsx))
register(Format("csv", (".csv",), "Workbook as a folder of CSV files (providers.csv, …); a "
                "folder of HSDS or PTV files is recognised too", read_csv_path,
                write_csv_folder, is_dir=True))
register(Format("zip", (".zip",), "Workbook as CSV files in a .zip", read_zip, write_zip))
