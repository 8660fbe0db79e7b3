"""The SQLite store's versions and change log (see graphsvc.store.history): tables of
their own beside the graph's, written in the graph write's own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from graphsvc.store import sqlite_log
from graphsvc.store.base import Page, chunked
from graphsvc.store.history import (
    Change,
    ChangeFilters,
    Version,
    current_actor,
    current_summary,
    now,
)
from graphsvc.store.log_blocks import list_changes
from graphsvc.store.sqlite_log import BLOCKS_TABLE
from graphsvc.store.sqlite_write import ID_CHUNK, SQLiteWriter, bump_versions

HISTORY_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS record_versions (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    by TEXT,
    at TEXT,
    seq INTEGER NOT NULL,
    changes TEXT,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS record_versions_seq ON record_versions (seq);
CREATE TABLE IF NOT EXISTS change_sets (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    role TEXT NOT NULL,
    channel TEXT NOT NULL,
    summary TEXT,
    entries INTEGER NOT NULL
);
"""
    + BLOCKS_TABLE
)


class History:
    """The SQLite store's versions (mixed into SQLiteStore)."""

    _rows: Callable[..., list[tuple[Any, ...]]]

    #: whether writes are logged (the benchmark measures the store without)
    record_changes: bool = True

    @staticmethod
    def _has_history(conn: sqlite3.Connection) -> bool:
        found = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN "
            "('record_versions', 'change_blocks', 'change_sets')"
        ).fetchone()[0]
        return int(found) == 3

    def changes(
        self, filters: ChangeFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Change]:
        """Logged changes, newest first."""
        source = sqlite_log.SQLiteSource(self._rows)
        return list_changes(source, filters or ChangeFilters(), limit, offset)

    def versions(self, kind: str, keys: Iterable[str]) -> dict[str, Version]:
        """The versions of those records (of one label or relationship type) that have
        one; a record missing here has version 0."""
        out: dict[str, Version] = {}
        for chunk in chunked(list(dict.fromkeys(keys)), ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            for key, *rest in self._rows(
                "SELECT key, version, by, at, seq FROM record_versions "
                f"WHERE kind=? AND key IN ({marks})",
                [kind, *chunk],
            ):
                out[key] = Version(*rest)
        return out

    def _record(self, writer: SQLiteWriter) -> None:
        seq = int(writer.conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0])
        entries = writer.journal.entries
        logged = self.record_changes and bool(entries)
        if logged:
            sqlite_log.write(writer.conn, entries, seq)
        bump_versions(writer, seq, logged=logged)
        if logged:
            actor = current_actor()
            writer.conn.execute(
                "INSERT INTO change_sets (id, at, who, role, channel, summary, entries) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    now(),
                    actor.name,
                    actor.role,
                    actor.channel,
                    current_summary(),
                    len(entries),
                ),
            )
