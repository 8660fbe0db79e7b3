"""What every reader and writer shares: results, the Format record and document
validation. The table of formats is `ingest.registry`."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import NODE_LISTS, Dataset, Label, Places, Population, duplicate_ids
from ingest.wording import error_text

#: The largest file a reader accepts, unless the caller allows more.
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class ImportPolicy:
    """How what a reader read joins what a store holds: the reader knows its format's
    quirks, the import (graphsvc.importing) applies them. The default is strict: every
    reference must resolve and every node in the file is the whole node."""

    #: labels whose nodes are only added when missing, never changed: the group, need
    #: and area definitions a PTV or HSDS reader brings along must not rename the ones
    #: a forum already keeps
    create_only: frozenset[Label] = frozenset()
    #: lists whose entries are left out with a warning, not refused, when they refer to
    #: a node neither in the file nor in the store (PTV services of organisations that
    #: were not imported)
    skip_unresolved: frozenset[str] = frozenset()
    #: (list, field) pairs whose references are dropped with a warning, the entry kept,
    #: when they resolve neither in the file nor in the store (a PTV parent organisation)
    clear_unresolved: frozenset[tuple[str, str]] = frozenset()
    #: per node list, the ids whose `source` the reader wrote (the file and row or
    #: record): a new file name or row alone is then no change (see `all_stamped`)
    stamped: Mapping[str, Container[str]] = field(default_factory=dict)
    #: per node list, the fields the file has columns for (name_fi for one language):
    #: a node already stored keeps the values of the others (none: records are whole)
    given: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def lenient(self) -> ImportPolicy:
        """This policy, for data a planner cannot repair (`--skip-invalid`): an entry
        whose own reference resolves nowhere (a service's provider, a partnership's or
        group need's ends) is left out; a reference it can do without (a parent, a
        need, a group, an area, a member) is dropped and the entry kept."""
        return replace(
            self,
            skip_unresolved=self.skip_unresolved | LEAVE_OUT,
            clear_unresolved=self.clear_unresolved | DROP_REFERENCE,
        )


#: the lists whose entries a lenient import leaves out when a reference resolves nowhere
LEAVE_OUT: frozenset[str] = frozenset({"services", "partnerships", "group_needs"})
#: the (list, field) references a lenient import drops, keeping the entry
DROP_REFERENCE: frozenset[tuple[str, str]] = frozenset(
    {
        ("areas", "parent"),
        ("providers", "parent"),
        ("services", "needs"),
        ("services", "groups"),
        ("services", "areas"),
        ("networks", "members"),
    }
)


@dataclass
class ReadResult:
    """A dataset read from a file, with the problems that did not stop the read, how it
    is to be imported and where its entries are in the file."""

    dataset: Dataset
    warnings: list[RowError] = field(default_factory=list)
    policy: ImportPolicy = ImportPolicy()
    #: where each entry of a list is in the file, when a list's index is not its row
    #: there: a spreadsheet row, or a record's place as its `source` says (see
    #: graphsvc.model.Places); None for the dataset format, whose rows are entries
    places: Places | None = None
    #: residents by area and age (a population table; its dataset is empty)
    population: PopulationTable | None = None
    #: the terms the mapping gave no need or group: (mapping section, term, how many
    #: services use it), most used first (`graphsvc import --write-mapping`)
    unmapped: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class PopulationTable:
    """A population table as read: its rows name areas as the file does (an id, a name
    or a code), resolved against the store by the import."""

    file: str
    population: Population
    #: the file row of each of population.rows (the header is row 1), for messages
    lines: list[int]
    #: the file's column of areas, for messages
    area_column: str


class InvalidRows(InvalidData):
    """Rows of a file that could not be read, with what could: an import
    (graphsvc.importing) checks the references of the rest against the store too, so
    that one dry run lists every problem (without it, dangling references only showed
    once the rows were fixed)."""

    def __init__(
        self,
        message: str,
        *,
        details: list[Any],
        file: str,
        partial: ReadResult,
        failed: dict[Label, set[str]],
    ) -> None:
        super().__init__(message, details=details)
        self.file = file
        self.partial = partial
        self.failed = failed  # ids typed on the rows that failed: not dangling, only broken

    def with_more(self, more: list[RowError]) -> InvalidData:
        """The same error, with `more` problems (those of the references of the rows
        that were read, found against a store), in the order of the sheets and rows."""
        if not more:
            return self
        from ingest.workbook.columns import SHEETS  # (the order of the sheets: problems come so)

        order = {name: i for i, name in enumerate(SHEETS)}
        problems = sorted(
            [*self.details, *more],
            key=lambda e: (
                order.get(getattr(e, "location", None) or "", len(order)),
                getattr(e, "row", None) or 0,
            ),
        )
        return InvalidData.refused(self.file, problems)


@dataclass
class WriteResult:
    """What a writer wrote, and what it could not carry (e.g. partnerships in HSDS)."""

    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def all_stamped(ds: Dataset) -> dict[str, set[str]]:
    """`ReadResult.stamped` of a reader that writes every node's source itself."""
    return {name: {n.id for n in getattr(ds, name)} for name, _ in NODE_LISTS}


#: what a reader of another system's data brings along only to make its import whole
DEFINITIONS: frozenset[Label] = frozenset({Label.TARGET_GROUP, Label.NEED, Label.AREA})

#: valid_to of a record that says it has ended (HSDS inactive or defunct, PTV Deleted or
#: Archived) but not when
UNKNOWN_END = date(1970, 1, 1)


def ended_on(timestamp: Any) -> date:
    """valid_to of a record that has ended: the day of its last change (an ISO date or
    timestamp, e.g. HSDS last_modified, PTV modified; a time with a zone, 23:30Z, is a
    day in Finland), else UNKNOWN_END."""
    text = str(timestamp or "").strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return UNKNOWN_END
    if moment.tzinfo is not None:
        moment = moment.astimezone(_finland())
    return moment.date()


@functools.cache
def _finland() -> tzinfo:
    try:
        return ZoneInfo("Europe/Helsinki")
    except ZoneInfoNotFoundError:  # (no time zone data on the machine: UTC+2, winter time)
        return timezone(timedelta(hours=2))


Reader = Callable[[Path], ReadResult]
Writer = Callable[[Dataset, Path], WriteResult]
#: whether a file (or folder) looks like a format, by what is in it
Sniffer = Callable[[Path], bool]

#: how much of a file a sniffer reads: the first keys of a JSON record are in it
HEAD_BYTES = 64 * 1024


def head_text(path: Path, size: int = HEAD_BYTES) -> str:
    """The start of a file as text (UTF-8, a BOM dropped; a byte that is not UTF-8
    shows as U+FFFD); "" when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(size).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


_KEY = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"\s*:')


def json_keys(path: Path) -> set[str]:
    """The object keys in the start of a JSON file (none if it does not start as JSON)."""
    text = head_text(path).lstrip()
    return set(_KEY.findall(text)) if text[:1] in ("{", "[") else set()


def zip_names(path: Path) -> set[str]:
    """The lower-case file names (without folders) in a .zip; none if it is no zip."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return {n.rsplit("/", 1)[-1].lower() for n in archive.namelist()}
    except (OSError, zipfile.BadZipFile, ValueError):
        return set()


@dataclass(frozen=True)
class Format:
    """One file format: its name, the suffixes that choose it, its reader and writer."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    reader: Reader | None = None
    writer: Writer | None = None
    is_dir: bool = False  # reads a folder (e.g. CSV files, a PTV folder)
    #: whether a .json file, a .zip or a folder holds this format, by its content; the
    #: sniffers of the formats that share a suffix never both say yes (ingest.registry)
    looks_like: Sniffer | None = None


def dataset_from_document(doc: Any, *, file: str | None = None) -> Dataset:
    """Validate a dataset document; InvalidData lists every problem with row, id and field."""
    if not isinstance(doc, dict):
        raise InvalidData(
            f"{file or 'The document'}: expected a dataset object with "
            f'"format": "graphsvc-dataset", found {type(doc).__name__}.'
        )
    try:
        return Dataset.model_validate(doc)
    except ValidationError as exc:
        errors = [_row_error(e, doc, file) for e in exc.errors()]
        errors += _duplicate_ids(doc, file)  # said now, not after the rest is fixed
        raise InvalidData.refused(file, errors) from None


def _duplicate_ids(doc: dict[str, Any], file: str | None) -> list[RowError]:
    """Duplicate ids in the raw lists of a document that did not validate (a valid one
    gets them from the import's checks, with the references)."""
    errors = []
    for list_name, _ in NODE_LISTS:
        entries = doc.get(list_name)
        errors += duplicate_ids(
            list_name, map(_raw_id, entries if isinstance(entries, list) else []), file=file
        )
    return errors


def _raw_id(entry: Any) -> str | None:
    """An entry's id as the model would read it, or None when it has none."""
    raw = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(raw, str | int) or isinstance(raw, bool) or not str(raw).strip():
        return None
    return str(raw).strip()


def _row_error(err: Any, doc: dict[str, Any], file: str | None) -> RowError:
    loc = list(err.get("loc", ()))
    message = error_text(err)
    if not loc:
        return RowError(message, file=file)
    top = str(loc[0])
    if len(loc) >= 2 and isinstance(loc[1], int):
        index = loc[1]
        items = doc.get(top)
        item = items[index] if isinstance(items, list) and index < len(items) else None
        node_id = item.get("id") if isinstance(item, dict) else None
        rest = [str(p) for p in loc[2:] if not str(p).startswith(("function-", "str", "dict["))]
        return RowError(
            message,
            file=file,
            location=top,
            row=index + 1,
            id=str(node_id) if node_id is not None else None,
            field=".".join(rest) or None,
        )
    return RowError(message, file=file, field=".".join(str(p) for p in loc))


def first_error(exc: ValidationError) -> tuple[str, str]:
    """The first problem pydantic found: its message for a data keeper, and the field
    it is in as a dotted path ("" for the whole record)."""
    err = exc.errors()[0]
    return error_text(err), ".".join(str(p) for p in err.get("loc", ()))
