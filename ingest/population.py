"""Residents by area and age: Statistics Finland's tables as its PxWeb service writes
them to CSV ("Alue";"Ikä";"Väkiluku", semicolons, quoted, one- or five-year age bands
such as "0-4" and "85 -"), or any CSV with the same three columns in English.

Rows of totals ("Yhteensä", "Ikäluokat yhteensä", "Total", "SSS KOKO MAA" as an age)
are skipped, a title line above the header too. With several count columns (one per
year) the last is read, with a warning. A missing value (".", "..", "-") counts as
none, with a warning. The areas are as the file names them; the import finds each
among the store's areas by id, name or code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import Dataset, Population, PopulationRow
from ingest.base import Format, ImportPolicy, PopulationTable, ReadResult
from ingest.textfiles import detect_encoding, sniff_delimiter

AREA_HEADERS = ("alue", "area", "region", "kunta", "municipality", "postinumeroalue")
AGE_HEADERS = ("ikä", "ika", "age", "ikäluokka", "age group")
#: the words a total's age or area begins with: such rows are sums of the others
TOTALS = ("yhteensä", "ikäluokat yhteensä", "total", "kaikki", "all ages")
MISSING = {".", "..", "...", "-", ""}
_BAND = re.compile(r"^\s*(\d{1,3})\s*(?:(?:-|–)\s*(\d{1,3})?|\+|(?:\s*vuotta|\s*years)?)\s*$")


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [h.strip().strip('"').casefold() for h in header]
    for i, h in enumerate(folded):
        if h in names or any(h.startswith(n + " ") for n in names):
            return i
    return None


def parse_band(text: str) -> tuple[int, int | None] | None:
    """ "0-4" → (0, 4), "85 -" or "85+" → (85, None), "7" → (7, 7); None when not a band."""
    m = _BAND.match(text)
    if not m:
        return None
    lo = int(m.group(1))
    rest = text[m.end(1) :].strip()
    if rest.startswith(("-", "–")):
        return (lo, int(m.group(2))) if m.group(2) else (lo, None)
    if rest.startswith("+"):
        return lo, None
    return lo, lo


def _count(text: str) -> int | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if cleaned in MISSING:
        return None
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


def _header(path: Path) -> tuple[list[str], int, str, int, int]:
    """The header (the first line naming an area and an age column; PxWeb may put a
    title above it), its index among the lines, and the delimiter."""
    name = path.name
    text = path.read_text(encoding=detect_encoding(lambda: path.open("rb"), name))
    for i, line in enumerate(text.splitlines()[:20]):
        delimiter = sniff_delimiter(line)
        cells = next(csv.reader([line], delimiter=delimiter), [])
        area, age = _find(cells, AREA_HEADERS), _find(cells, AGE_HEADERS)
        if area is not None and age is not None:
            return cells, i, delimiter, area, age
    raise InvalidData(
        f"{name}: no header with an area column (Alue) and an age column (Ikä); save the "
        "table from PxWeb as 'CSV (semicolon delimited)' with the area and the age as rows."
    )


def read_population(path: Path) -> ReadResult:
    """Read a population table (see the module); InvalidData names file, row and column."""
    name = path.name
    rows: list[PopulationRow] = []
    lines: list[int] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    missing = 0
    header, start, delimiter, area_col, age_col = _header(path)
    text = path.read_text(encoding=detect_encoding(lambda: path.open("rb"), name))
    body = text.splitlines()[start + 1 :]
    records = enumerate(csv.reader(body, delimiter=delimiter), start=start + 2)
    counts = [i for i in range(len(header)) if i not in (area_col, age_col)]
    if not counts:
        raise InvalidData(f"{name}: no column of residents (Väkiluku) beside Alue and Ikä.")
    col = counts[-1]
    if len(counts) > 1:
        warnings.append(
            RowError(
                f"{len(counts)} columns of residents; the last, {header[col]!r}, is read",
                file=name,
                field=header[col],
            )
        )
    area_h, age_h, count_h = header[area_col], header[age_col], header[col].strip()
    for line, cells in records:
        if len(cells) <= max(area_col, age_col, col) or not any(c.strip() for c in cells):
            continue
        area, age = cells[area_col].strip(), cells[age_col].strip()
        if age.casefold().startswith(TOTALS) or area.casefold().startswith(TOTALS):
            continue
        band = parse_band(age)
        if band is None or (band[1] is not None and band[1] < band[0]):
            errors.append(
                RowError(
                    f"{age!r} is not an age band (0-4, 85 -, or one age)",
                    file=name,
                    row=line,
                    id=area,
                    field=age_h,
                )
            )
            continue
        try:
            n = _count(cells[col])
        except ValueError:
            errors.append(
                RowError(
                    f"{cells[col]!r} is not a number of residents",
                    file=name,
                    row=line,
                    id=area,
                    field=count_h,
                )
            )
            continue
        if n is None:
            missing += 1
            n = 0
        rows.append(PopulationRow(area=area, min_age=band[0], max_age=band[1], residents=n))
        lines.append(line)
    if errors:
        raise InvalidData.refused(name, errors)
    if not rows:
        raise InvalidData(f"{name}: no rows of residents by area and age.")
    if missing:
        warnings.append(
            RowError(f"rows with no value ('..'), counted as 0 residents: {missing}", file=name)
        )
    table = PopulationTable(name, Population(rows=rows), lines, area_h)
    return ReadResult(Dataset(), warnings, ImportPolicy(), population=table)


FORMATS = (
    Format(
        "population",
        (),
        "residents by area and age: Statistics Finland PxWeb CSV (Alue;Ikä;Väkiluku)",
        read_population,
    ),
)
