"""Workbooks: .xlsx, a folder of CSV files, or a .zip of CSV files (DESIGN.md, issue 7).

One sheet (or CSV file) per list of the dataset format — providers, services,
partnerships, needs, target_groups, group_needs, areas, networks — with the JSON keys as
columns; see `ingest.workbook.columns` for the cell rules (names per language, `|` lists, decimal
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
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import LABEL_OF_LIST, NODE_LISTS, Dataset, Label, Places
from ingest.base import Format, ImportPolicy, InvalidRows, ReadResult, zip_names
from ingest.folders import folder_kind
from ingest.progress import progress_bar
from ingest.textfiles import Opener, count_lines, open_csv, open_zip, zip_members
from ingest.workbook.columns import (
    COLUMNS,
    MODELS,
    SHEETS,
    CellError,
    Header,
    _filled,
    record_errors,
    record_from_row,
)
from ingest.workbook.write import write_csv_folder, write_xlsx, write_zip
from ingest.workbook.xlsx import Book, Sheet, by_row, dimension_rows

#: At most this many data rows per sheet (a network of a whole country fits easily).
MAX_ROWS = 250_000
#: Reading stops after this many problems: fix those first.
MAX_ERRORS = 1_000
#: What a group need or partnership row without that column gets.
_DEFAULTS = {"group_needs": "priority 2", "partnerships": "kind other"}
#: Columns right of an .xlsx header that are looked at for values no header names.
UNNAMED_SEEN = 32
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
        self.rows: dict[str, list[int]] = {name: [] for name in SHEETS}  # of each entry
        self.stamped: dict[str, set[str]] = {}  # ids whose source is "<file> row <n>"
        self.given: dict[str, frozenset[str]] = {}  # the columns of each node sheet
        self.empty: list[RowError] = []  # sheets with nothing in them, not even a header
        #: the ids typed on rows that could not be read, per node label: references to
        #: them are not reported again as dangling
        self.failed: dict[Label, set[str]] = {}
        self.sheet_failed = False  # a whole sheet could not be read (its header)
        self.headed = 0  # sheets with a header

    def add_sheet(
        self,
        list_name: str,
        header_cells: list[Any],
        rows: Iterable[Row],
        *,
        location: str,
        source_prefix: str,
        csv_text: bool = False,
    ) -> None:
        rows = iter(rows)
        if not any(_filled(c) for c in header_cells):
            filled = next((r for r in rows if any(_filled(c) for c in r[1])), None)
            if filled is None:  # an empty sheet, or a CSV file of blank lines
                self.empty.append(
                    RowError(f"{location} is empty; skipped", file=self.file, location=location)
                )
                return
        self.headed += 1
        header = Header(list_name, header_cells, file=self.file, location=location)
        if header.errors:
            self.sheet_failed = True
            self._error(header.errors)
            return
        count = 0
        unnamed: dict[int, list[int]] = {}  # column index -> [values, first row]
        width, check_unnamed = header.width, bool(header.unnamed)
        # (the loop runs once per row of a file of maybe 100,000: what it needs is looked
        # up once, here)
        is_node = list_name in _NODE_LISTS
        first_rows = self._first_row.get(list_name, {})
        if is_node:  # (the source is always given: the file's, or the row's stamp)
            self.given[list_name] = frozenset(
                {"source", *(f"{f}_{lang}" if lang else f for _, _, f, lang in header.columns)}
            )
        models, numbers = self.lists[list_name], self.rows[list_name]
        stamped = self.stamped.setdefault(list_name, set())
        failed = self.failed.setdefault(LABEL_OF_LIST[list_name], set()) if is_node else set()
        validate = MODELS[list_name].__pydantic_validator__.validate_python
        for row, cells, bad in rows:
            if check_unnamed or (len(cells) > width and any(cells[width:])):
                for i in header.unnamed_values(cells):
                    unnamed.setdefault(i, [0, row])[0] += 1
            try:
                record = record_from_row(header, cells, bad=bad, csv_text=csv_text)
            except CellError as exc:
                typed_id = header.id_of(cells)
                if typed_id:
                    failed.add(typed_id)
                self._error(
                    [
                        RowError(
                            str(exc),
                            file=self.file,
                            location=location,
                            row=row,
                            id=typed_id,
                            field=exc.column,
                        )
                    ]
                )
                continue
            if record is None:
                continue
            count += 1
            if count > MAX_ROWS:
                raise InvalidData(
                    f"{self.file}: {location} has more than {MAX_ROWS:,} rows; graphsvc reads "
                    f"at most {MAX_ROWS:,} rows per sheet. Split the file, or import the "
                    "dataset as JSON."
                )
            stamp = is_node and "source" not in record  # (a blank cell is not in it)
            if stamp:
                record["source"] = f"{source_prefix} row {row}"
            try:
                model = validate(record)
            except ValidationError as exc:
                if record.get("id") is not None:
                    failed.add(str(record["id"]).strip())
                self._error(
                    record_errors(exc, record, header, row=row, file=self.file, location=location)
                )
                continue
            if is_node:
                first = first_rows.setdefault(model.id, row)
                if first != row:
                    self._error(
                        [
                            RowError(
                                f"duplicate id {model.id!r} (first in row {first})",
                                file=self.file,
                                location=location,
                                row=row,
                                id=model.id,
                                field="id",
                            )
                        ]
                    )
                    continue
            models.append(model)
            numbers.append(row)
            if stamp:
                stamped.add(model.id)
        fields = {f for _, _, f, _ in header.columns}
        missing = [c for c in COLUMNS[list_name] if c not in fields]
        if not is_node and count and missing:
            self.warnings.append(
                RowError(
                    f"the sheet has no column for {', '.join(missing)}: its rows are written "
                    f"without them (defaults: {_DEFAULTS.get(list_name, 'none')}), also where "
                    "the store holds the same pair with them",
                    file=self.file,
                    location=location,
                    row=1,
                )
            )
        if unnamed:
            from openpyxl.utils import get_column_letter  # (only now: openpyxl is big)
        for i, (n, first_row) in sorted(unnamed.items()):
            self.warnings.append(
                RowError(
                    f"column {get_column_letter(i + 1)} has no header, so its {n} value(s) "
                    f"(the first in row {first_row}) are not read; give it a column name "
                    "(or one starting with # for a note column)",
                    file=self.file,
                    location=location,
                    row=1,
                )
            )

    def _error(self, errors: list[RowError]) -> None:
        self.errors.extend(errors)
        if len(self.errors) >= MAX_ERRORS:
            raise _TooMany

    def result(self) -> ReadResult:
        if self.empty and not self.headed and not self.errors:
            raise InvalidData(
                f"{self.file}: is empty: no sheet or file in it has a header row, or any rows.",
                details=self.empty,
            )
        self.warnings += self.empty
        values: dict[str, Any] = dict(self.lists)
        ds = Dataset.model_construct(None, **values)
        policy = ImportPolicy(stamped=self.stamped, given=self.given)
        result = ReadResult(ds, self.warnings, policy, Places(self.rows))
        if self.errors:
            stopped = len(self.errors) >= MAX_ERRORS
            refused = InvalidData.refused(
                self.file,
                self.errors,
                note=" (reading stopped there; fix these first)" if stopped else "",
            )
            if stopped or self.sheet_failed:  # (what was read is too little to check)
                raise refused
            raise InvalidRows(
                refused.message,
                details=self.errors,
                file=self.file,
                partial=result,
                failed=self.failed,
            )
        return result

    def run(self, read: Callable[[], None]) -> ReadResult:
        with contextlib.suppress(_TooMany):  # reading stops there; the errors are reported
            read()
        return self.result()


# --- xlsx ----------------------------------------------------------------------------


def read_xlsx(path: Path) -> ReadResult:
    """Read a workbook (.xlsx): one sheet per list; other sheets are skipped with a warning."""
    name = path.name
    _looks_like_xlsx(path)
    open_zip(str(path), name).close()  # zip-bomb and sanity checks before openpyxl
    wb = _load_workbook(path)
    coll = Collector(name)
    try:
        sheets: dict[str, Sheet] = {}
        for ws in wb.worksheets:
            key = ws.title.strip().lower()
            if key in sheets:
                raise InvalidData(
                    f"{name}: the sheets {sheets[key].title!r} and {ws.title!r} "
                    "have one name (case and spaces aside); keep one."
                )
            sheets[key] = ws
        found = [s for s in SHEETS if s in sheets]
        if not found:
            raise InvalidData(
                f"{name}: no sheet is named after a list; name the sheets "
                f"{', '.join(SHEETS)} (`graphsvc template` writes an example)."
            )
        for key in sorted(set(sheets) - set(SHEETS) - {GUIDE_SHEET}):
            title = sheets[key].title
            coll.warnings.append(
                RowError(
                    f"sheet {title!r} was skipped: it is not one of {', '.join(SHEETS)}",
                    file=name,
                    location=title,
                )
            )

        def read() -> None:
            for list_name in found:
                _read_sheet(coll, sheets[list_name], list_name, name)

        return coll.run(read)
    finally:
        wb.close()


def _looks_like_xlsx(path: Path) -> None:
    """An .xlsx file is a zip archive: say what a file that is not one seems to be."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK"):
        return
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        why = (
            "an Excel 97–2003 workbook (.xls); open it in the spreadsheet and save it as "
            ".xlsx (Excel Workbook)"
        )
    elif head and all(32 <= b < 127 or b in b"\t\r\n" or b >= 0xC0 for b in head):
        why = "text, not a workbook (a CSV file?); name it .csv, or save it as .xlsx"
    else:
        why = "not an Excel workbook; save it from the spreadsheet as .xlsx"
    raise InvalidData(f"{path.name}: {'empty' if not head else why}.")


def _load_workbook(path: Path) -> Book:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Book(path)
    except InvalidData:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise InvalidData(
            f"{path.name}: not a readable Excel workbook ({type(exc).__name__}: "
            f"{str(exc)[:200]}). Save it again from the spreadsheet as .xlsx."
        ) from None


def _read_sheet(coll: Collector, ws: Sheet, list_name: str, file: str) -> None:
    title = ws.title
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # the dimension a file states is never trusted: rows are as long as the header
            header = list(next(by_row(ws, 1, 1, None), ([], None))[0])
            while header and not _filled(header[-1]):
                header.pop()
            total = dimension_rows(ws)  # only for the progress bar
            width = len(header)
            rows = _xlsx_rows(ws, width) if width else iter(())
            with progress_bar(f"{file}: {title}", total) as tick:
                coll.add_sheet(
                    list_name,
                    header,
                    _ticking(rows, tick),
                    location=title,
                    source_prefix=f"{file} {title}",
                )
            ws.release()
    except (InvalidData, _TooMany):
        raise
    except Exception as exc:
        raise InvalidData(
            f"{file}: sheet {title!r} cannot be read ({type(exc).__name__}: {str(exc)[:200]})."
        ) from None


def _xlsx_rows(ws: Sheet, width: int) -> Iterator[Row]:
    # (a little wider than the header: values to its right are not read, but reported)
    for number, (values, bad) in enumerate(by_row(ws, 2, None, width + UNNAMED_SEEN), start=2):
        yield number, values, bad


def _ticking(rows: Iterator[Row], tick: Callable[..., None]) -> Iterator[Row]:
    for i, row in enumerate(rows, start=1):
        if i % 2000 == 0:
            tick(advance=2000)
        yield row


# --- CSV folders, single CSV files and zips ------------------------------------------


def read_csv_path(path: Path) -> ReadResult:
    """Read a folder of CSV files (or one CSV file named after its list, e.g. services.csv)."""
    if path.is_file():
        stem = path.stem.lower()
        if stem not in SHEETS:
            raise InvalidData(
                f"{path.name}: name a single CSV file after the list it holds "
                f"({', '.join(s + '.csv' for s in SHEETS)}), or import a folder "
                "of them."
            )
        return _read_tables(
            {path.name.lower(): (_file_opener(path), path.name)}, path.name, prefix=""
        )
    kind = folder_kind(path)
    if kind == "hsds":
        from ingest.hsds.read import read_hsds

        return read_hsds(path)
    if kind == "ptv":
        from ingest.ptv.read import read_ptv

        return read_ptv(path)
    tables: dict[str, tuple[Opener, str]] = {}
    for p in sorted(path.iterdir()):
        if p.is_file() and p.suffix.lower() == ".csv":
            key = p.name.lower()
            if key in tables:
                raise InvalidData(
                    f"{path.name}: holds two files named {p.name} in other case "
                    f"({tables[key][1]}, {p.name}); keep one."
                )
            tables[key] = (_file_opener(p), p.name)
    return _read_tables(tables, path.name, prefix="")


def read_zip(path: Path) -> ReadResult:
    """Read a .zip of CSV files (a workbook; an HSDS data package is recognised too)."""
    zf = open_zip(str(path), path.name)
    with zf:
        members = zip_members(zf, path.name)
        if members.keys() & {"organizations.csv", "datapackage.json"}:
            from ingest.hsds.read import read_hsds_tables

            return read_hsds_tables(members, path.name)
        tables = {n: (op, f"{path.name} {label}") for n, (op, label) in members.items()}
        return _read_tables(tables, path.name, prefix="")


def _file_opener(path: Path) -> Opener:
    return lambda: open(path, "rb")


def _read_tables(tables: dict[str, tuple[Opener, str]], file: str, *, prefix: str) -> ReadResult:
    coll = Collector(file)
    found = [s for s in SHEETS if f"{s}.csv" in tables]
    if not found:
        raise InvalidData(
            f"{file}: no CSV file is named after a list; name them "
            f"{', '.join(s + '.csv' for s in SHEETS)}."
        )
    for key in sorted(tables):
        if key.endswith(".csv") and key[:-4] not in SHEETS:
            coll.warnings.append(
                RowError(
                    f"{tables[key][1]} was skipped: it is not one of "
                    f"{', '.join(s + '.csv' for s in SHEETS)}",
                    file=file,
                )
            )

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
        coll.add_sheet(
            list_name,
            table.header,
            _ticking(rows, tick),
            location=list_name,
            source_prefix=label,
            csv_text=True,
        )


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
                        "as JSON."
                    )


def looks_like_workbook_folder(path: Path) -> bool:
    """A folder of CSV files named after the dataset's lists."""
    return path.is_dir() and folder_kind(path) == "workbook"


def looks_like_workbook_zip(path: Path) -> bool:
    """A .zip of CSV files named after the dataset's lists (and no HSDS tables)."""
    names = zip_names(path) if path.suffix.lower() == ".zip" else set()
    hsds = {"organizations.csv", "datapackage.json"}
    return any(f"{s}.csv" in names for s in SHEETS) and not names & hsds


FORMATS = (
    Format("xlsx", (".xlsx",), "Workbook: one sheet per list (Excel)", read_xlsx, write_xlsx),
    Format(
        "csv",
        (".csv",),
        "Workbook as a folder of CSV files (providers.csv, …); a "
        "folder of HSDS or PTV files is recognised too",
        read_csv_path,
        write_csv_folder,
        is_dir=True,
        looks_like=looks_like_workbook_folder,
    ),
    Format(
        "zip",
        (".zip",),
        "Workbook as CSV files in a .zip",
        read_zip,
        write_zip,
        looks_like=looks_like_workbook_zip,
    ),
)
