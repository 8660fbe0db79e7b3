"""Importing a file: read it with its format's reader, then import what was read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from graphsvc.errors import InvalidData, RowError
from graphsvc.importing.apply import apply_dataset
from graphsvc.importing.report import ImportReport, LeftOut
from graphsvc.model import Label, check_dataset
from graphsvc.perf import gc_paused
from graphsvc.store.base import GraphStore
from ingest.base import InvalidRows, ReadResult
from ingest.registry import named, read_file


def import_read(
    store: GraphStore,
    result: ReadResult,
    *,
    dry_run: bool = False,
    source: str | None = None,
    skip_invalid: bool = False,
    left_out: list[LeftOut] | None = None,
) -> ImportReport:
    """Import what a reader read into `store` (see `apply_dataset`); the report carries
    the reader's warnings first. A population table is stored beside the graph."""
    if result.population is not None:
        from graphsvc.importing.population import import_population

        report = ImportReport(dry_run=dry_run, source=source)
        import_population(store, result.population, report, dry_run=dry_run)
        report.warnings = result.warnings
        return report
    report = apply_dataset(
        store,
        result.dataset,
        policy=result.policy,
        places=result.places,
        dry_run=dry_run,
        source=source,
        skip_invalid=skip_invalid,
        left_out=left_out,
    )
    report.warnings = result.warnings + report.warnings
    report.unmapped = result.unmapped
    return report


def import_file(
    store: GraphStore | Callable[[], GraphStore],
    path: Path | str,
    format: str | None = None,
    *,
    dry_run: bool = False,
    source: str | None = None,
    skip_invalid: bool = False,
) -> ImportReport:
    """Read any known format and import it into `store` (or, with dry_run, only report):
    what `graphsvc import`, the API and the web import page do. `store` may be a
    function that opens it: it is called only once the file has been read, so that a
    file that cannot be read leaves no new, empty store behind. With `skip_invalid`,
    the rows a reader could not read are left out too, and the rest imported.

    One pause of the garbage collector covers both steps: between them it would walk
    every object the reader made (a tenth of a second per 100,000 rows), although the
    import goes on to use them all and they have no cycles.
    """
    path = named(Path(path))

    def opened() -> GraphStore:
        return store() if callable(store) else store

    with gc_paused():
        left_out: list[LeftOut] = []
        try:
            result = read_file(path, format)
        except InvalidRows as exc:  # (the rows' references are checked against the store)
            if not skip_invalid:
                raise with_references(exc, opened()) from None
            result = exc.partial
            left_out = _unread_rows(exc.details)
        return import_read(
            opened(),
            result,
            dry_run=dry_run,
            source=source or path.name,
            skip_invalid=skip_invalid,
            left_out=left_out,
        )


def with_references(exc: InvalidRows, store: GraphStore) -> InvalidData:
    """A reader's refusal of some rows, with the reference problems of the rows it could
    read, checked against `store` (ids typed on the failed rows are not dangling, only
    broken): one dry run lists every problem."""
    failed = exc.failed

    def known(label: Label, ids: set[str]) -> set[str]:
        return store.exists(label, ids) | (ids & failed.get(label, set()))

    partial = exc.partial
    return exc.with_more(
        check_dataset(partial.dataset, known, file=exc.file, places=partial.places)
    )


def _unread_rows(details: list[Any]) -> list[LeftOut]:
    """The rows a reader could not read, once each (its first problem), as left out."""
    seen: set[tuple[str | None, int | None]] = set()
    rows = []
    for d in details:
        if isinstance(d, RowError) and (d.location, d.row) not in seen:
            seen.add((d.location, d.row))
            cause = "duplicate" if d.message.startswith("duplicate id") else "invalid"
            rows.append(LeftOut(cause, d.location or "", d))
    return rows
