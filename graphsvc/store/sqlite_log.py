"""The SQLite store's change log (see graphsvc.store.history): how it is kept, written
and read.

A change's id is its change set's id shifted left by 32 bits, plus its number in the
set. Changes are kept in blocks: a block holds up to a thousand changes of one set that
follow each other and are of one label or relationship type, as one JSON array
(`[[key, op, field, before, after], …]`), under the id of its first change. Who, when,
by what channel and why are said once, by the change set (`change_sets`); which
changes each record has, by its row in `record_versions` (`changes`: "<set>:<n>,<n>…", a
set after another), which every write updates anyway.

(A row per change, with an index by record, cost a large import a fifth of its time:
most of a bulk import's changes are additions, and each took a row of the table and
one of the index. A block costs one row for a thousand changes.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from typing import Any

import orjson

from graphsvc.model import Label, RelKind
from graphsvc.store.base import Page, chunked
from graphsvc.store.history import Change, ChangeFilters, Entry, until_bound

SET_SHIFT = 32
IN_SET = (1 << SET_SHIFT) - 1
#: changes per block, at most
BLOCK = 1000

BLOCKS_TABLE = """
CREATE TABLE IF NOT EXISTS change_blocks (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    entries INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS change_blocks_kind ON change_blocks (kind, id);
"""

#: every kind of record a change can be of: node labels and relationship types
_KINDS = tuple(label.value for label in Label) + tuple(kind.value for kind in RelKind)

Rows = Callable[..., list[tuple[Any, ...]]]


# -- writing ----------------------------------------------------------------------------


def write(conn: sqlite3.Connection, entries: Sequence[Entry], set_id: int) -> None:
    """The journal's `entries` as change set `set_id`'s changes, numbered from 1."""
    first = set_id << SET_SHIFT
    fragment = orjson.Fragment
    blocks: list[tuple[int, str, int, str]] = []
    n = 1
    for kind, run in groupby(entries, attrgetter("kind")):
        same = list(run)
        for start in range(0, len(same), BLOCK):
            part = same[start : start + BLOCK]
            body = orjson.dumps(
                [
                    (
                        e.key,
                        e.op,
                        e.field,
                        None if e.before is None else fragment(e.before),
                        None if e.after is None else fragment(e.after),
                    )
                    for e in part
                ]
            ).decode()
            blocks.append((first + n, kind, len(part), body))
            n += len(part)
    conn.executemany(
        "INSERT INTO change_blocks (id, kind, entries, body) VALUES (?, ?, ?, ?)", blocks
    )


def record_changes(set_id: int, numbers: int | str | None) -> str | None:
    """A record's changes in set `set_id` (their numbers in it: see Journal.touched), as
    its `record_versions.changes` keeps them: "<set>:<n>,<n>…", a set after another."""
    return None if numbers is None else f"{set_id}:{numbers}"


def _ids(text: str) -> Iterator[int]:
    for group in text.split():
        set_id, _, numbers = group.partition(":")
        base = int(set_id) << SET_SHIFT
        for n in numbers.split(","):
            yield base + int(n)


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Set:
    at: str
    who: str
    role: str
    channel: str
    summary: str | None


def list_changes(rows: Rows, f: ChangeFilters, limit: int, offset: int) -> Page[Change]:
    """Logged changes matching `f`, newest first."""
    sets_where, sets_params = _set_conditions(f)
    if f.id is not None:
        found = sorted(_record_ids(rows, f.label, f.id), reverse=True)
        if sets_where:
            chosen = {
                r[0]
                for chunk in chunked(sorted({i >> SET_SHIFT for i in found}), 500)
                for r in rows(
                    f"SELECT id FROM change_sets WHERE id IN ({','.join('?' * len(chunk))}) "
                    f"AND {sets_where}",
                    [*chunk, *sets_params],
                )
            }
            found = [i for i in found if i >> SET_SHIFT in chosen]
        return Page(_read(rows, found[offset : offset + limit]), len(found), limit, offset)
    where, params = ["1=1"], []
    if f.label is not None:
        where.append("kind = ?")
        params.append(f.label)
    if sets_where:
        where.append(f"(id >> {SET_SHIFT}) IN (SELECT id FROM change_sets WHERE {sets_where})")
        params += sets_params
    cond = " AND ".join(where)
    total = rows(f"SELECT coalesce(sum(entries), 0) FROM change_blocks WHERE {cond}", params)
    wanted: list[int] = []
    skip = offset
    for block_id, count in rows(
        f"SELECT id, entries FROM change_blocks WHERE {cond} ORDER BY id DESC", params
    ):
        if skip >= count:
            skip -= count
            continue
        newest = block_id + count - 1 - skip
        take = min(count - skip, limit - len(wanted))
        wanted.extend(range(newest, newest - take, -1))
        skip = 0
        if len(wanted) >= limit:
            break
    return Page(_read(rows, wanted), int(total[0][0]), limit, offset)


def _set_conditions(f: ChangeFilters) -> tuple[str, list[Any]]:
    """The filters that are the change set's, as a condition on `change_sets`."""
    conds: list[str] = []
    params: list[Any] = []
    for cond, value in (
        ("who = ?", f.who),
        ("at >= ?", f.since),
        ("at <= ?", None if f.until is None else until_bound(f.until)),
        ("id = ?", f.change_set),
    ):
        if value is not None:
            conds.append(cond)
            params.append(value)
    return " AND ".join(conds), params


def _record_ids(rows: Rows, label: str | None, key: str) -> Iterator[int]:
    """The ids of the changes of the record(s) with this key (of this kind, if given)."""
    kinds = (label,) if label is not None else _KINDS
    for (text,) in rows(
        f"SELECT changes FROM record_versions WHERE kind IN ({','.join('?' * len(kinds))}) "
        "AND key = ? AND changes IS NOT NULL",
        [*kinds, key],
    ):
        yield from _ids(text)


def _read(rows: Rows, wanted: list[int]) -> list[Change]:
    """The changes with these ids, in this order."""
    blocks: dict[int, tuple[str, list[Any]]] = {}
    sets: dict[int, _Set] = {}
    out: list[Change] = []
    for change_id in wanted:
        block = next((b for b in blocks if b <= change_id < b + len(blocks[b][1])), None)
        if block is None:
            found = rows(
                "SELECT id, kind, body FROM change_blocks WHERE id <= ? ORDER BY id DESC LIMIT 1",
                [change_id],
            )
            if not found:
                continue
            block = found[0][0]
            blocks[block] = (found[0][1], orjson.loads(found[0][2]))
        kind, items = blocks[block]
        if change_id - block >= len(items):
            continue
        key, op, field, before, after = items[change_id - block]
        set_id = change_id >> SET_SHIFT
        if set_id not in sets:
            row = rows(
                "SELECT at, who, role, channel, summary FROM change_sets WHERE id = ?", [set_id]
            )
            sets[set_id] = _Set(*row[0]) if row else _Set("", "", "", "", None)
        s = sets[set_id]
        n = change_id & IN_SET
        out.append(
            Change(
                f"{set_id}-{n}",
                set_id,
                s.at,
                s.who,
                s.role,
                s.channel,
                kind,
                key,
                op,
                field,
                before,
                after,
                s.summary,
            )
        )
    return out


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
        rows = conn.execute(
            "SELECT kind, key, op, field, before, after FROM changes WHERE set_id = ? ORDER BY n",
            (set_id,),
        ).fetchall()
        write(conn, [Entry(*r) for r in rows], set_id)
        numbers: dict[tuple[str, str], list[str]] = {}
        for n, (kind, key, *_rest) in enumerate(rows, start=1):
            numbers.setdefault((kind, key), []).append(str(n))
        conn.executemany(
            "UPDATE record_versions SET changes = trim(coalesce(changes, '') || ' ' || ?) "
            "WHERE kind = ? AND key = ?",
            [(record_changes(set_id, ",".join(ns)), *k) for k, ns in numbers.items()],
        )
    conn.execute("DROP TABLE changes")
