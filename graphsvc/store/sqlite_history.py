"""The SQLite store's versions and change log (see graphsvc.store.history): tables of
their own beside the graph's, written in the graph write's own transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from graphsvc.store.base import Page, chunked
from graphsvc.store.history import (
    Change,
    ChangeFilters,
    Version,
    change_from_row,
    current_actor,
    current_summary,
    log_rows,
    until_bound,
)
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
CREATE TABLE IF NOT EXISTS change_sets (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    role TEXT NOT NULL,
    channel TEXT NOT NULL,
    summary TEXT,
    entries INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS changes (
    set_id INTEGER NOT NULL,
    n INTEGER NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    role TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    op TEXT NOT NULL,
    field TEXT,
    before TEXT,
    after TEXT,
    PRIMARY KEY (set_id, n)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS changes_record ON changes (kind, key);
"""

_CHANGE_COLUMNS = (
    "c.set_id, c.n, c.at, c.who, c.role, c.channel, c.kind, c.key, c.op, c.field, "
    "c.before, c.after, s.summary"
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
            "('record_versions', 'changes', 'change_sets')"
        ).fetchone()[0]
        return int(found) == 3

    def changes(
        self, filters: ChangeFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Change]:
        """Logged changes, newest first."""
        f = filters or ChangeFilters()
        conds, params = ["1=1"], []
        for column, value in (
            ("c.kind", f.label),
            ("c.key", f.id),
            ("c.who", f.who),
            ("c.set_id", f.change_set),
        ):
            if value is not None:
                conds.append(f"{column} = ?")
                params.append(value)
        if f.since is not None:
            conds.append("c.at >= ?")
            params.append(f.since)
        if f.until is not None:
            conds.append("c.at <= ?")
            params.append(until_bound(f.until))
        where = " AND ".join(conds)
        total = self._rows(f"SELECT count(*) FROM changes c WHERE {where}", params)[0][0]
        rows = self._rows(
            f"SELECT {_CHANGE_COLUMNS} FROM changes c JOIN change_sets s ON s.id = c.set_id "
            f"WHERE {where} ORDER BY c.set_id DESC, c.n DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return Page([change_from_row(r) for r in rows], int(total), limit, offset)

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
        if self.record_changes and writer.journal.entries:
            rows = log_rows(writer.journal, seq)
            actor = current_actor()
            writer.conn.execute(
                "INSERT INTO change_sets (id, at, who, role, channel, summary, entries) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    rows[0][2],
                    actor.name,
                    actor.role,
                    actor.channel,
                    current_summary(),
                    len(rows),
                ),
            )
            writer.conn.executemany(
                "INSERT INTO changes (set_id, n, at, who, role, channel, kind, key, op, field, "
                "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
