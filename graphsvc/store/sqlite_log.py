"""The SQLite store's change log (see graphsvc.store.log_blocks): a table of blocks,
`change_blocks`, and the `changes` column of `record_versions`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson

from graphsvc.store.history import Entry
from graphsvc.store.log_blocks import (
    SET_SHIFT,
    Block,
    SetFilter,
    SetInfo,
    blocks,
    numbered,
    record_changes,
)

BLOCKS_TABLE = """
CREATE TABLE IF NOT EXISTS change_blocks (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entries INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS change_blocks_kind ON change_blocks (kind, id);
"""

Rows = Callable[..., list[tuple[Any, ...]]]


def write(conn: sqlite3.Connection, entries: Sequence[Entry], set_id: int) -> None:
    """The journal's `entries` as change set `set_id`'s changes, numbered from 1."""
    conn.executemany(
        "INSERT INTO change_blocks (id, kind, entries, body) VALUES (?, ?, ?, ?)",
        blocks(entries, set_id),
    )


class SQLiteSource:
    """The log as the SQLite store reads it (a LogSource)."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def record_changes(self, kinds: Sequence[str], key: str) -> list[str]:
        return [
            text
            for (text,) in self.rows(
                "SELECT changes FROM record_versions "
                f"WHERE kind IN ({','.join('?' * len(kinds))}) AND key = ? "
                "AND changes IS NOT NULL",
                [*kinds, key],
            )
        ]

    def sets(self, f: SetFilter) -> list[int]:
        conds, params = _set_conditions(f)
        return [r[0] for r in self.rows(f"SELECT id FROM change_sets WHERE {conds}", params)]

    def set_info(self, set_id: int) -> SetInfo | None:
        found = self.rows(
            "SELECT at, who, role, channel, summary FROM change_sets WHERE id = ?", [set_id]
        )
        return SetInfo(*found[0]) if found else None

    def block_sizes(self, kind: str | None, sets: list[int] | None) -> Iterable[tuple[int, int]]:
        where, params = ["1=1"], []
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        if sets is not None:
            where.append(f"(id >> {SET_SHIFT}) IN (SELECT value FROM json_each(?))")
            params.append(orjson.dumps(sets).decode())
        return [
            (r[0], r[1])
            for r in self.rows(
                f"SELECT id, entries FROM change_blocks WHERE {' AND '.join(where)} "
                "ORDER BY id DESC",
                params,
            )
        ]

    def block_at(self, change_id: int) -> Block | None:
        found = self.rows(
            "SELECT id, kind, entries, body FROM change_blocks WHERE id <= ? "
            "ORDER BY id DESC LIMIT 1",
            [change_id],
        )
        return Block(*found[0]) if found else None


def _set_conditions(f: SetFilter) -> tuple[str, list[Any]]:
    conds, params = ["1=1"], []
    for cond, value in (
        ("who = ?", f.who),
        ("at >= ?", f.since),
        ("at <= ?", f.until),
        ("id = ?", f.change_set),
    ):
        if value is not None:
            conds.append(cond)
            params.append(value)
    return " AND ".join(conds), params


# -- the first layout -------------------------------------------------------------------


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a store's log to this layout (once, on opening): a `changes` column for
    `record_versions`, and the first layout's table of a row per change into blocks."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(record_versions)")}
    old = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='changes'"
    ).fetchone()[0]
    if "changes" in columns and not old:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if "changes" not in columns:
            conn.execute("ALTER TABLE record_versions ADD COLUMN changes TEXT")
        for statement in BLOCKS_TABLE.split(";"):
            if statement.strip():
                conn.execute(statement)
        if old:
            _migrate_rows(conn)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _migrate_rows(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE record_versions SET changes = NULL")
    set_ids = [r[0] for r in conn.execute("SELECT DISTINCT set_id FROM changes ORDER BY set_id")]
    for set_id in set_ids:
        entries = [
            Entry(*r)
            for r in conn.execute(
                "SELECT kind, key, op, field, before, after FROM changes WHERE set_id = ? "
                "ORDER BY n",
                (set_id,),
            )
        ]
        write(conn, entries, set_id)
        conn.executemany(
            "UPDATE record_versions SET changes = trim(coalesce(changes, '') || ' ' || ?) "
            "WHERE kind = ? AND key = ?",
            [(record_changes(set_id, ns), *k) for k, ns in numbered(entries).items()],
        )
    conn.execute("DROP TABLE changes")
