"""The SQLite store's versions and change log (see graphsvc.store.history): tables of
their own beside the graph's, written in the graph write's own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from graphsvc.store.base import chunked
from graphsvc.store.history import Version
from graphsvc.store.sqlite_write import ID_CHUNK, SQLiteWriter, bump_versions

HISTORY_SCHEMA = """
CREATE TABLE IF NOT EXISTS record_versions (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    by TEXT,
    at TEXT,
    seq INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS record_versions_seq ON record_versions (seq);
"""


class History:
    """The SQLite store's versions (mixed into SQLiteStore)."""

    _rows: Callable[..., list[tuple[Any, ...]]]

    @staticmethod
    def _has_history(conn: sqlite3.Connection) -> bool:
        return bool(
            conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='record_versions'"
            ).fetchone()[0]
        )

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
        bump_versions(writer, seq)
