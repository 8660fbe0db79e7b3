"""Where a dataset's entries came from: what a reader knows and a check's messages need."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from graphsvc.errors import RowError
from graphsvc.model.dataset import LABEL_OF_LIST, Dataset


@dataclass
class Places:
    """Where a dataset's entries are in the file it was read from, for error messages.

    `check_dataset` numbers an entry by its place in its list; that is its row in a
    dataset file, but not in a spreadsheet (a header, blank rows) or an HSDS or PTV
    file (records of several kinds). `rows` gives each list's file rows; with
    `by_source`, a node's `source` ("services.csv row 3", "x.json record 17") says it.
    """

    rows: dict[str, list[int]] = field(default_factory=dict)
    by_source: bool = False

    def row_of(self, list_name: str, row: int) -> int:
        """The file's row of a list's `row`th entry (the entry's number where unknown)."""
        rows = self.rows.get(list_name)
        return rows[row - 1] if rows is not None and 0 < row <= len(rows) else row

    def relocate(self, errors: list[RowError], ds: Dataset) -> list[RowError]:
        sources: dict[str, dict[str, str | None]] = {}
        out = []
        for e in errors:
            rows = self.rows.get(e.location or "")
            if e.row is not None and rows is not None and 0 < e.row <= len(rows):
                e = replace(e, row=rows[e.row - 1])
            elif self.by_source and e.id and e.location in LABEL_OF_LIST:
                if e.location not in sources:
                    sources[e.location] = {n.id: n.source for n in getattr(ds, e.location)}
                source = sources[e.location].get(e.id)
                if source:
                    if e.file and source.startswith(e.file + " "):
                        source = source[len(e.file) + 1 :]
                    e = replace(e, location=source, row=None)
            out.append(e)
        return out
