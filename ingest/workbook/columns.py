"""The workbook layout: one sheet (or CSV file) per dataset list, columns = JSON keys.

Shared by the tabular reader and writer and the template, so the three cannot drift:
`SHEETS` names the lists in the order people read them, `COLUMNS` the columns of each,
`record_from_row` turns one spreadsheet row into a dataset record and `row_from_record`
does the reverse.

Cell rules
----------
- Multilingual names and descriptions: ``name_fi``, ``name_en``, ``name_sv`` (any
  ``name_<language>``), or a plain ``name`` column for a name in one language.
- List cells (``needs``, ``groups``, ``areas``, ``members``, ``languages``, ``tags``) are
  separated by ``|``.
- Ages take a decimal comma (``3,5``); dates are YYYY-MM-DD, or the Finnish D.M.YYYY
  that Finnish Excel writes in CSV (``1.3.2025``), or date cells in .xlsx.
- Sector, kind, channel and partnership kind take the English codes, in any case, or
  their Finnish names (``kaupunki``, ``järjestö``, ``ostopalvelu`` …).
- Formulas are never run or kept. On export, text starting with ``= + - @``, a tab or a
  carriage return gets a leading single quote; on import that quote is removed again. An
  .xlsx formula cell, and CSV text starting with ``=``, is an error: put the value itself
  in the cell, or start text that really begins with ``=`` with an apostrophe (``'=…``).
- Columns whose header starts with ``#`` are notes and are ignored.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from graphsvc.errors import RowError
from graphsvc.model import LIST_OF_LABEL as _LIST_OF_LABEL
from graphsvc.model import MULTILINGUAL, NODE_TYPES, GroupNeed, Partnership
from ingest.textfiles import unescape_cell
from ingest.wording import error_text

#: Sheets in the order a person reads them (the order of the issue and the template).
SHEETS = (
    "providers",
    "services",
    "partnerships",
    "needs",
    "target_groups",
    "group_needs",
    "areas",
    "networks",
)

#: Columns of each sheet; `name` and `description` expand to name_fi, name_en, name_sv.
COLUMNS: dict[str, tuple[str, ...]] = {
    "providers": (
        "id",
        "name",
        "sector",
        "parent",
        "description",
        "url",
        "email",
        "phone",
        "languages",
        "tags",
        "valid_from",
        "valid_to",
        "source",
    ),
    "services": (
        "id",
        "name",
        "provider",
        "needs",
        "groups",
        "areas",
        "min_age",
        "max_age",
        "channel",
        "description",
        "url",
        "valid_from",
        "valid_to",
        "source",
    ),
    "partnerships": ("source", "target", "kind", "since", "until", "note"),
    "needs": ("id", "name", "category", "description", "source"),
    "target_groups": ("id", "name", "kind", "min_age", "max_age", "description", "source"),
    "group_needs": ("group", "need", "priority", "note"),
    "areas": ("id", "name", "kind", "code", "parent", "source"),
    "networks": ("id", "name", "description", "members", "source"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "providers": ("id", "name", "sector"),
    "services": ("id", "name", "provider"),
    "partnerships": ("source", "target"),
    "needs": ("id", "name"),
    "target_groups": ("id", "name", "kind"),
    "group_needs": ("group", "need"),
    "areas": ("id", "name", "kind"),
    "networks": ("id", "name"),
}
MODELS: dict[str, type[BaseModel]] = {
    **{name: NODE_TYPES[label] for label, name in _LIST_OF_LABEL.items()},
    "group_needs": GroupNeed,
    "partnerships": Partnership,
}
LIST_FIELDS = frozenset({"languages", "tags", "needs", "groups", "areas", "members"})
DATE_FIELDS = frozenset({"valid_from", "valid_to", "since", "until"})
NUMBER_FIELDS = frozenset({"min_age", "max_age", "priority"})
DEFAULT_LANGUAGES = ("fi", "en", "sv")
LIST_SEPARATOR = "|"

_LANG_COLUMN = re.compile(r"(name|description)_([a-z]{2,3})")

#: Finnish (and loose English) words accepted for coded values, per field.
ALIASES: dict[str, dict[str, str]] = {
    "sector": {
        "kaupunki": "city",
        "kunta": "city",
        "hyvinvointialue": "wellbeing_county",
        "sote": "wellbeing_county",
        "valtio": "state",
        "järjestö": "ngo",
        "jarjesto": "ngo",
        "yhdistys": "ngo",
        "yritys": "company",
        "koulutus": "education",
        "oppilaitos": "education",
        "seurakunta": "parish",
        "hanke": "project",
        "projekti": "project",
        "epävirallinen": "informal",
        "epavirallinen": "informal",
        "wellbeing county": "wellbeing_county",
    },
    "kind": {
        "ikä": "age",
        "ika": "age",
        "ikäryhmä": "age",
        "erityis": "special",
        "erityisryhmä": "special",
        "kaupunginosa": "district",
        "alue": "district",
        "kunta": "municipality",
        "maakunta": "region",
        "seutu": "region",
        "ostopalvelu": "purchase",
        "puitesopimus": "framework_agreement",
        "palveluseteli": "voucher",
        "avustus": "grant",
        "hanke": "project",
        "ohjaus": "referral",
        "verkosto": "network",
        "yhteistila": "co_location",
        "muu": "other",
        "framework agreement": "framework_agreement",
        "co-location": "co_location",
    },
    "channel": {
        "lähipalvelu": "in_person",
        "lahipalvelu": "in_person",
        "paikan päällä": "in_person",
        "verkko": "online",
        "verkossa": "online",
        "verkkopalvelu": "online",
        "etäpalvelu": "online",
        "etapalvelu": "online",
        "puhelin": "phone",
        "etsivä": "outreach",
        "etsiva": "outreach",
        "jalkautuva": "outreach",
        "in person": "in_person",
    },
}
CODED = frozenset(ALIASES)


@functools.cache
def _coded(list_name: str) -> dict[str, tuple[dict[str, str], frozenset[str]]]:
    """Per coded field of one sheet: the Finnish words that mean one of its codes, and
    the codes. A group's kind takes ikä or erityis, not kunta (a word for an area's
    kind), so that a wrong word is reported as typed, not as the code it means
    elsewhere."""
    fields = MODELS[list_name].model_fields
    out = {}
    for field in CODED & set(fields):
        codes = next(
            (
                frozenset(m.value for m in arg)
                for arg in (fields[field].annotation, *get_args(fields[field].annotation))
                if isinstance(arg, type) and issubclass(arg, Enum)
            ),
            frozenset(),
        )
        out[field] = (
            {word: code for word, code in ALIASES[field].items() if not codes or code in codes},
            codes,
        )
    return out


def expand(
    list_name: str,
    languages: dict[str, tuple[str, ...]] | None = None,
    plain: frozenset[str] = frozenset(),
) -> list[str]:
    """The concrete column headers of a sheet: multilingual fields become name_<lang>.

    `languages` gives the languages per multilingual field (default fi, en, sv); a field
    in `plain` also gets its plain column (for names given as one string).
    """
    out: list[str] = []
    for col in COLUMNS[list_name]:
        if col in MULTILINGUAL:
            if col in plain:
                out.append(col)
            langs = (languages or {}).get(col, DEFAULT_LANGUAGES if col == "name" else ())
            out.extend(f"{col}_{lang}" for lang in langs)
        else:
            out.append(col)
    return out


def column_field(header: str) -> tuple[str, str | None]:
    """(field, language) that a header names: name_fi -> (name, fi), id -> (id, None)."""
    match = _LANG_COLUMN.fullmatch(header)
    if match:
        return match.group(1), match.group(2)
    return header, None


class Header:
    """The parsed header row of one sheet: which column holds which field."""

    def __init__(
        self, list_name: str, cells: list[Any], *, file: str | None, location: str | None
    ) -> None:
        self.list_name = list_name
        self.columns: list[tuple[int, str, str, str | None]] = []  # (index, header, field, lang)
        self.errors: list[RowError] = []
        self.coded = _coded(list_name)
        self.width = len(cells)
        #: indexes of columns with a blank header (their values are read by no one)
        self.unnamed: list[int] = []
        self.id_index: int | None = None
        allowed = set(COLUMNS[list_name])
        seen: dict[str, int] = {}
        for index, cell in enumerate(cells):
            header = "" if cell is None else str(cell).strip().lower().lstrip("\ufeff")
            if not header:
                self.unnamed.append(index)
                continue
            if header.startswith("#"):
                continue
            parsed = column_field(header)
            if parsed[0] not in allowed or (parsed[1] and parsed[0] not in MULTILINGUAL):
                self.errors.append(
                    RowError(
                        f"unknown column {header!r}; the {list_name} sheet has the columns "
                        f"{', '.join(expand(list_name, ALL_LANGUAGES))} (start a header with # "
                        "for a note column)",
                        file=file,
                        location=location,
                        row=1,
                        field=header,
                    )
                )
                continue
            if header in seen:
                self.errors.append(
                    RowError(
                        f"column {header!r} appears twice",
                        file=file,
                        location=location,
                        row=1,
                        field=header,
                    )
                )
                continue
            seen[header] = index
            self.columns.append((index, header, parsed[0], parsed[1]))
            if header == "id":
                self.id_index = index
        fields = {f for _, _, f, _ in self.columns}
        if not self.columns and not any(self.errors):
            self.errors.append(
                RowError(
                    "row 1 holds no column names; the header (id, name_fi, …: "
                    f"{', '.join(expand(list_name)[:4])} …) must be in row 1",
                    file=file,
                    location=location,
                    row=1,
                )
            )
            return
        for field in REQUIRED[list_name]:
            if field not in fields:
                want = (
                    f"{field} column (name_fi, name_en, name_sv or a plain {field})"
                    if field in MULTILINGUAL
                    else f"{field} column"
                )
                self.errors.append(
                    RowError(
                        f"the sheet has no {want}, which every "
                        f"{list_name} sheet needs (the columns "
                        f"{', '.join(REQUIRED[list_name])}; others may be "
                        "left out)",
                        file=file,
                        location=location,
                        row=1,
                        field=field,
                    )
                )

    def id_of(self, cells: list[Any]) -> str | None:
        """The id a row gives, as it is typed (for naming the row in an error)."""
        i = self.id_index
        value = cells[i] if i is not None and i < len(cells) else None
        return (str(value).strip() or None) if value is not None else None

    def unnamed_values(self, cells: list[Any]) -> list[int]:
        """Indexes of the non-blank cells of a row that no header names."""
        out = [i for i in self.unnamed if i < len(cells) and _filled(cells[i])]
        out += [i for i in range(self.width, len(cells)) if _filled(cells[i])]
        return out


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


ALL_LANGUAGES: dict[str, tuple[str, ...]] = {
    "name": DEFAULT_LANGUAGES,
    "description": DEFAULT_LANGUAGES,
}


class CellError(ValueError):
    """A cell that cannot be read (a formula); carries the column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def record_from_row(
    header: Header, cells: list[Any], *, bad: dict[int, str] | None = None, csv_text: bool = False
) -> dict[str, Any] | None:
    """One row as a dataset record, or None for a blank row.

    `bad` maps the indexes of .xlsx formula and error cells to "formula" or "error"; with
    `csv_text`, text starting with `=` counts as a formula. Raises CellError for those.
    """
    record: dict[str, Any] = {}
    width = len(cells)
    for index, col, field, lang in header.columns:
        value = cells[index] if index < width else None
        if value is None:
            continue
        if bad and index in bad:
            raise CellError(col, _bad_cell(bad[index], value))
        if type(value) is str:  # the common case first: plain text
            value = value.strip()
            if not value:
                continue
            if "\r" in value:  # (one line break in every file and store: .xlsx keeps no \r)
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            first = value[0]
            if first == "=" and csv_text:
                raise CellError(
                    col,
                    f"starts with '=' ({_cut(value)}), which a spreadsheet "
                    "runs as a formula; put the value itself in the cell, or "
                    "start text that really begins with '=' with an apostrophe",
                )
            if first == "'":
                value = unescape_cell(value)
            if field in CODED:  # (a code in any case, or a Finnish word; else as typed)
                lowered = value.lower()
                aliases, codes = header.coded[field]
                value = aliases.get(lowered) or (lowered if lowered in codes else value)
            elif field in DATE_FIELDS:
                value = _iso_date(value)
        else:
            if field in NUMBER_FIELDS and isinstance(value, date):
                raise CellError(
                    col,
                    f"the cell is a date ({value:%d.%m.%Y}), not a number: "
                    "a spreadsheet turns 6.5 into a date when the column is not "
                    "formatted as numbers; format it as a number and type it again",
                )
            value = _cell_value(value, field)
            if value is None:
                continue
        if lang is not None:
            slot = record.setdefault(field, {})
            if isinstance(slot, str):
                raise CellError(col, _BOTH.format(field=field))
            slot[lang] = value
        elif field in MULTILINGUAL and isinstance(record.get(field), dict):
            raise CellError(col, _BOTH.format(field=field))
        else:
            record[field] = value
    return record or None


_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _iso_date(text: str) -> str:
    """A Finnish date as Excel writes it in CSV (1.3.2025, 01.03.2025) in ISO form;
    anything else as it is, for the model to accept or explain."""
    match = _FINNISH_DATE.fullmatch(text)
    if match is None:
        return text
    day, month, year = match.groups()
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return text  # (no such day: the error then shows the date as it was typed)


_BOTH = "give the {field} either in the {field} column or in {field}_<language> columns, not both"


def _bad_cell(kind: str, value: Any) -> str:
    if kind == "formula":
        return (
            f"the cell holds a formula ({_cut(str(value))}); graphsvc does not run "
            "formulas: put the value itself in the cell (copy, then paste values)"
        )
    return f"the cell shows a spreadsheet error ({value}); put the value itself in the cell"


def _cut(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell_value(value: Any, field: str) -> Any:
    """A cell as the model wants it: text stripped, numbers as text where text is wanted."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        if field in NUMBER_FIELDS:
            # (an .xlsx number is a float to calamine: 3.0 is the 3 that was typed)
            return int(value) if isinstance(value, float) and value.is_integer() else value
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value)


def record_errors(
    exc: ValidationError,
    record: dict[str, Any],
    header: Header,
    *,
    row: int,
    file: str | None,
    location: str | None,
) -> list[RowError]:
    """A record's validation errors, located by row and column."""
    node_id = record.get("id")
    return [
        RowError(
            _cell_message(e),
            file=file,
            location=location,
            row=row,
            id=str(node_id) if node_id is not None else None,
            field=_column_of(e.get("loc", ()), header),
        )
        for e in exc.errors()
    ]


def _cell_message(err: Any) -> str:
    """The model's message, with what the cell held where the model does not say it."""
    message = error_text(err)
    value = err.get("input")
    if (
        isinstance(value, str | int | float)
        and "(got " not in message
        and (
            err.get("type", "").endswith("_parsing")
            or "less_than" in err.get("type", "")
            or "greater_than" in err.get("type", "")
        )
    ):
        message = f"{message} (got {value!r})"
    return message.replace("(use YYYY-MM-DD)", "(use YYYY-MM-DD, or D.M.YYYY)")


def _column_of(loc: tuple[Any, ...], header: Header) -> str | None:
    if not loc:
        return None
    field = str(loc[0])
    for _, col, f, _ in header.columns:
        if f == field:
            return col
    return field


# --- writing -------------------------------------------------------------------------


def sheet_layout(list_name: str, records: list[dict[str, Any]]) -> list[str]:
    """The columns to write for these records: languages that occur, plain names if any."""
    languages: dict[str, tuple[str, ...]] = {}
    plain: set[str] = set()
    for field in MULTILINGUAL & set(COLUMNS[list_name]):
        found: set[str] = set()
        for rec in records:
            value = rec.get(field)
            if isinstance(value, dict):
                found.update(value)
            elif value is not None:
                plain.add(field)
        if field == "name" and not found and not plain:
            found = set(DEFAULT_LANGUAGES)
        ordered = [lang for lang in DEFAULT_LANGUAGES if lang in found]
        languages[field] = tuple(ordered + sorted(found - set(DEFAULT_LANGUAGES)))
    return expand(list_name, languages, frozenset(plain))


def row_from_record(columns: list[str], record: dict[str, Any]) -> list[Any]:
    """One record as cell values in `columns` order (lists joined with `|`)."""
    row: list[Any] = []
    for col in columns:
        field, lang = column_field(col)
        value = record.get(field)
        if lang is not None:
            value = value.get(lang) if isinstance(value, dict) else None
        elif isinstance(value, dict):
            value = None
        if isinstance(value, list):
            value = LIST_SEPARATOR.join(str(v) for v in value)
        row.append(value)
    return row


def unrepresentable(list_name: str, record: dict[str, Any]) -> list[str]:
    """What a workbook cannot hold: list items containing `|`, odd language codes."""
    bad: list[str] = []
    for field in MULTILINGUAL:
        value = record.get(field)
        if isinstance(value, dict):
            bad.extend(
                f"{field} language {lang!r}"
                for lang in value
                if not _LANG_COLUMN.fullmatch(f"{field}_{lang}")
            )
    for field in LIST_FIELDS & set(COLUMNS[list_name]):
        for item in record.get(field) or ():
            if LIST_SEPARATOR in str(item) or str(item) != str(item).strip() or not item:
                bad.append(f"{field} item {item!r}")
    return bad
