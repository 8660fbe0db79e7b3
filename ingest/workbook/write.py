"""Workbook writers: .xlsx, a folder of CSV files, a .zip of CSV files (see `tabular`).

Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) is written with a leading single quote, which the readers remove again;
control characters (NUL, a vertical tab, …) are removed, since neither .xlsx nor
graphsvc's CSV reader takes them. The WriteResult notes say how many cells were changed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import IO, Any

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import Dataset
from ingest.base import WriteResult
from ingest.textfiles import XmlText, atomic_write
from ingest.workbook.columns import SHEETS, row_from_record, sheet_layout, unrepresentable

#: Largest text an .xlsx cell holds.
XLSX_MAX_CELL = 32_767


def write_xlsx(ds: Dataset, path: Path) -> WriteResult:
    """Write one sheet per list with a bold header; nothing a spreadsheet would run."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font

    tables = _tables(ds, limit=XLSX_MAX_CELL)
    xml = XmlText()

    def cell_value(ws: Any, value: Any) -> Any:
        if isinstance(value, str):
            escaped = xml.cell(value)
            if escaped in ERROR_CODES:  # text such as "#N/A": openpyxl would make an error cell
                cell = WriteOnlyCell(ws, value=escaped)
                cell.data_type = "s"
                return cell
            return escaped
        return value

    wb = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for list_name, (columns, records) in tables.items():
        ws = wb.create_sheet(list_name)
        header = []
        for col in columns:
            cell = WriteOnlyCell(ws, value=col)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for record in records:
            ws.append([cell_value(ws, v) for v in row_from_record(columns, record)])
    atomic_write(path, lambda tmp: wb.save(tmp))
    return WriteResult([path], _notes(xml, ds, ".xlsx"))


def write_csv_folder(ds: Dataset, path: Path) -> WriteResult:
    """Write providers.csv, services.csv, … into the folder `path` (created if missing)."""
    if path.suffix.lower() == ".csv" or path.is_file():
        raise InvalidData(
            f"{path.name}: CSV export writes one file per list; give a folder "
            "name (graphsvc export verkosto/ --format csv) or a .zip file."
        )
    tables = _tables(ds)
    path.mkdir(exist_ok=True)
    xml = XmlText()  # (a NUL byte makes a CSV file unreadable, also to graphsvc)
    paths = []
    for list_name, (columns, records) in tables.items():
        target = path / f"{list_name}.csv"

        def write(
            tmp: str, columns: list[str] = columns, records: list[dict[str, Any]] = records
        ) -> None:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                _write_csv(fh, columns, records, xml)

        atomic_write(target, write)
        paths.append(target)
    return WriteResult(paths, _notes(xml, ds, "CSV files"))


def write_zip(ds: Dataset, path: Path) -> WriteResult:
    """Write the CSV files of `write_csv_folder` into one .zip."""
    tables = _tables(ds)
    xml = XmlText()

    def write(tmp: str) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for list_name, (columns, records) in tables.items():
                with zf.open(f"{list_name}.csv", "w") as raw:
                    fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                    _write_csv(fh, columns, records, xml)
                    fh.flush()
                    fh.detach()

    atomic_write(path, write)
    return WriteResult([path], _notes(xml, ds, "CSV files"))


def _write_csv(
    fh: IO[str], columns: list[str], records: list[dict[str, Any]], xml: XmlText
) -> None:
    writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(v, xml) for v in row_from_record(columns, record)])


def _csv_cell(value: Any, xml: XmlText) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")  # decimal comma, as Finnish Excel writes it
    if isinstance(value, str):
        return xml.cell(value)
    return str(value)


def _tables(
    ds: Dataset, *, limit: int | None = None
) -> dict[str, tuple[list[str], list[dict[str, Any]]]]:
    """Columns and records per sheet; InvalidData when some value cannot be written."""
    doc = ds.to_document()
    problems: list[RowError] = []
    tables = {}
    for list_name in SHEETS:
        records = doc.get(list_name, [])
        for row, record in enumerate(records, start=2):
            for what in unrepresentable(list_name, record):
                problems.append(
                    RowError(
                        f"{what} cannot be written: `|` separates list "
                        "items, items cannot be empty or padded, and a "
                        "language is 2–3 lower-case letters",
                        location=list_name,
                        row=row,
                        id=record.get("id"),
                    )
                )
            if limit:
                problems.extend(_too_long(list_name, record, row, limit))
        tables[list_name] = (sheet_layout(list_name, records), records)
    if problems:
        raise InvalidData(
            f"{len(problems)} value(s) cannot be written to a workbook; export "
            f"JSON instead, or fix them. First: {problems[0]}",
            details=problems,
        )
    return tables


def _too_long(list_name: str, record: dict[str, Any], row: int, limit: int) -> list[RowError]:
    out = []
    for key, value in record.items():
        texts = value.values() if isinstance(value, dict) else [value]
        if any(isinstance(t, str) and len(t) > limit - 1 for t in texts):
            out.append(
                RowError(
                    f"longer than the {limit:,} characters an .xlsx cell holds",
                    location=list_name,
                    row=row,
                    id=record.get("id"),
                    field=key,
                )
            )
    return out


def _notes(xml: XmlText, ds: Dataset, files: str) -> list[str]:
    notes = []
    if ds.name or ds.description:
        notes.append(
            "A workbook has no place for the dataset's own name and description; "
            "they were left out."
        )
    if xml.escaped:
        notes.append(
            f"{xml.escaped} cell(s) start with = + - @, a tab or a line break and "
            "were written with a leading apostrophe (') so that spreadsheets show them "
            "as text, not formulas; graphsvc removes the apostrophe on import."
        )
    return notes + xml.notes("cell(s)", files)
