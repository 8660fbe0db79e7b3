"""What an import did, or in a dry run would do, and what it left out and why."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import RowError
from graphsvc.store.base import WriteCounts
from graphsvc.words import Words, has

Progress = Callable[[int], None]

#: why an entry was left out: a reference that resolves nowhere, a row the reader could
#: not read, an id that came before, a parent loop
CAUSES = ("missing", "invalid", "duplicate", "cycle")
#: how many of the most referred-to missing ids (or first entries) a summary names
FIRST = 3


@dataclass(frozen=True)
class LeftOut:
    """One entry an import left out (or, `kept`, imported without a reference), and why.

    `list_name` is the dataset list it belongs to; `problem` says where it is in the
    file (its row, or its record as its source names it) and what is wrong with it.
    """

    cause: str
    list_name: str
    problem: RowError
    kept: bool = False

    def to_dict(self) -> dict[str, Any]:
        refers = self.problem.refers
        return {
            "cause": self.cause,
            "list": self.list_name,
            "kept": self.kept,
            **self.problem.to_dict(),
            **({"refers_to": refers[0], "refers_id": refers[1]} if refers else {}),
        }


@dataclass(frozen=True)
class Cause:
    """Entries of one list left out for one cause: for a missing reference, how many ids
    of a label are missing and the most referred-to of them, each with its entries."""

    cause: str
    list_name: str
    kept: bool
    entries: int
    #: the label of what is missing (for cause "missing")
    label: str | None = None
    #: how many distinct ids are missing (for cause "missing")
    missing: int = 0
    #: the most referred-to missing ids, each with how many entries refer to it; for
    #: the other causes the first entries (their ids or places), with no number
    first: tuple[tuple[str, int | None], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "cause": self.cause,
            "list": self.list_name,
            "kept": self.kept,
            "entries": self.entries,
            "label": self.label,
            "missing": self.missing,
            "first": [{"id": ref, "entries": n} for ref, n in self.first],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Cause:
        """A cause as `to_dict` gave it (the page gets the report as JSON does)."""
        return cls(
            data["cause"],
            data["list"],
            data["kept"],
            data["entries"],
            data.get("label"),
            data.get("missing", 0),
            tuple((f["id"], f.get("entries")) for f in data.get("first", ())),
        )

    def text(self, w: Words) -> str:
        """One line in `w`'s language: "82 providers missing; 447 services refer to them
        and are left out. First: 6253 (5 services), …"."""
        entries = _count(w, self.list_name, self.entries)
        if self.cause == "missing" and self.label:
            first = ", ".join(
                f"{ref} ({_count(w, self.list_name, n or 0)})" for ref, n in self.first
            )
            key = "left_out.missing_kept" if self.kept else "left_out.missing"
            what = w.noun(self.label, self.missing)
            return w(key, n=self.missing, what=what, entries=entries, first=first)
        first = ", ".join(ref for ref, _ in self.first)
        return w(f"left_out.{self.cause}", entries=entries, first=first)


def _count(w: Words, list_name: str, n: int) -> str:
    """`n` entries of a list as a number and a noun: "5 services", "5 palvelua" (a sheet
    that is no list of the dataset: "5 rows")."""
    if not has(f"entries_one.{list_name}"):
        list_name = "rows"
    return w(f"entries_one.{list_name}" if n == 1 else f"entries_many.{list_name}", n=n)


def causes(left_out: Iterable[LeftOut]) -> list[Cause]:
    """The left-out entries grouped by cause, list and what is missing, most entries first."""
    groups: dict[tuple[str, str, bool, str | None], list[LeftOut]] = {}
    for item in left_out:
        refers = item.problem.refers
        label = refers[0] if item.cause == "missing" and refers else None
        groups.setdefault((item.cause, item.list_name, item.kept, label), []).append(item)
    out = []
    for (cause, list_name, kept, label), items in groups.items():
        refs = Counter(i.problem.refers[1] for i in items if label and i.problem.refers)
        first: list[tuple[str, int | None]] = (
            [(r, n) for r, n in sorted(refs.items(), key=lambda r: (-r[1], r[0]))[:FIRST]]
            if label
            else [(_named(i.problem), None) for i in items[:FIRST]]
        )
        out.append(Cause(cause, list_name, kept, len(items), label, len(refs), tuple(first)))
    return sorted(out, key=lambda c: (CAUSES.index(c.cause), c.kept, -c.entries, c.list_name))


def _named(problem: RowError) -> str:
    """An entry as a summary names it: its id, else its place in the file."""
    if problem.id:
        return problem.id
    return " ".join(str(p) for p in (problem.location, problem.row) if p is not None) or "?"


#: the columns of the CSV of what an import left out
CSV_COLUMNS = (
    "cause",
    "list",
    "kept",
    "file",
    "location",
    "row",
    "id",
    "field",
    "refers_to",
    "refers_id",
    "message",
)


def left_out_csv(
    left_out: Iterable[dict[str, Any]], titles: Mapping[str, str] | None = None
) -> str:
    """The complete list of what was left out (as `ImportReport.to_dict` gives it) as CSV
    that Finnish Excel opens: `;`-separated, with a BOM; columns headed by their
    `titles` (in the page's language) or their names."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([(titles or {}).get(c, c) for c in CSV_COLUMNS])
    for item in left_out:
        writer.writerow([_cell(item.get(c)) for c in CSV_COLUMNS])
    return buf.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    # (a spreadsheet would run text that starts so as a formula: see docs/formats.md)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    counts: WriteCounts = field(default_factory=WriteCounts)
    warnings: list[RowError] = field(default_factory=list)
    source: str | None = None
    version: int | None = None
    #: every entry left out (or imported without a reference), with its cause
    left_out: list[LeftOut] = field(default_factory=list)
    #: the reader's terms that the mapping gave no need or group: (mapping section,
    #: term, services using it), most used first
    unmapped: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        c = self.counts
        return c.total("added") + c.total("updated") + c.total("unchanged")

    def causes(self) -> list[Cause]:
        return causes(self.left_out)

    def to_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "added": dict(sorted(c.added.items())),
            "updated": dict(sorted(c.updated.items())),
            "unchanged": dict(sorted(c.unchanged.items())),
            "deleted": dict(sorted(c.deleted.items())),
            "totals": {
                "added": c.total("added"),
                "updated": c.total("updated"),
                "unchanged": c.total("unchanged"),
                "deleted": c.total("deleted"),
            },
            "warnings": [w.to_dict() for w in self.warnings],
            "left_out_causes": [cause.to_dict() for cause in self.causes()],
            "left_out": [item.to_dict() for item in self.left_out],
            "unmapped": [
                {"section": section, "term": term, "services": n}
                for section, term, n in self.unmapped
            ],
            "version": self.version,
        }
