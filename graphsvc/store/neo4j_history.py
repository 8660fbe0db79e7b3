"""The Neo4j store's versions and change log (see graphsvc.store.history), mixed into
`Neo4jStore`: nodes of labels of their own, written in the graph write's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from graphsvc.store import cypher, cypher_history
from graphsvc.store.base import Page, chunked
from graphsvc.store.bolt import TxReader
from graphsvc.store.history import (
    Change,
    ChangeFilters,
    Entry,
    Version,
    current_actor,
    current_summary,
    now,
)
from graphsvc.store.log_blocks import (
    Block,
    SetFilter,
    SetInfo,
    blocks,
    list_changes,
    numbered,
    record_changes,
)
from graphsvc.store.neo4j_write import BoltWriter, bump_versions, record_key

T = TypeVar("T")


class History:
    """Versions of a Neo4j store's records."""

    _read: Callable[[Callable[[TxReader], Any]], Any]

    def versions(self, kind: str, keys: Iterable[str]) -> dict[str, Version]:
        """The versions of those records (of one label or relationship type) that have
        one; a record missing here has version 0."""
        rks = [record_key(kind, key) for key in dict.fromkeys(keys)]
        rows: list[dict[str, Any]] = self._read(lambda r: r.rows(cypher_history.VERSIONS, rks=rks))
        out: dict[str, Version] = {}
        for row in rows:
            key = str(row["rk"]).partition(cypher_history.SEP)[2]
            out[key] = Version(int(row["version"] or 0), row["by"], row["at"], int(row["seq"] or 0))
        return out

    def _record(self, writer: BoltWriter) -> None:
        meta = writer.read.rows(cypher.META, meta=cypher.META_ID)
        seq = int(meta[0]["version"] or 0)
        entries = writer.journal.entries
        logged = self.record_changes and bool(entries)
        bump_versions(writer, seq, logged=logged)
        if not logged:
            return
        actor = current_actor()
        writer.read.run(
            cypher_history.WRITE_SET,
            {
                "id": seq,
                "at": now(),
                "who": actor.name,
                "role": actor.role,
                "channel": actor.channel,
                "summary": current_summary(),
                "entries": len(entries),
            },
        ).consume()
        write_blocks(writer.read, entries, seq, writer.batch_rows)

    #: whether writes are logged (the benchmark measures the store without)
    record_changes: bool = True

    def changes(
        self, filters: ChangeFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Change]:
        """Logged changes, newest first."""
        return list_changes(Neo4jSource(self._read), filters or ChangeFilters(), limit, offset)


def write_blocks(read: TxReader, entries: Sequence[Entry], set_id: int, batch: int) -> None:
    """The journal's `entries` as change set `set_id`'s blocks (see log_blocks)."""
    rows = ({**b._asdict(), "set_id": set_id} for b in blocks(entries, set_id))
    for part in chunked(rows, max(1, batch // 100)):  # (a block is up to a thousand)
        read.run(cypher_history.WRITE_BLOCKS, {"rows": part}).consume()


class Neo4jSource:
    """The log as the Neo4j store reads it (a LogSource), a read transaction a question."""

    def __init__(self, read: Callable[[Callable[[TxReader], Any]], Any]) -> None:
        self._read = read

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._read(lambda r: r.rows(query, **params))
        return rows

    def record_changes(self, kinds: Sequence[str], key: str) -> list[str]:
        rks = [record_key(kind, key) for kind in kinds]
        return [row["changes"] for row in self._rows(cypher_history.RECORD_CHANGES, rks=rks)]

    def sets(self, f: SetFilter) -> list[int]:
        given = {k: v for k, v in f._asdict().items() if v is not None}
        return [int(r["id"]) for r in self._rows(cypher_history.sets_matching(set(given)), **given)]

    def set_info(self, set_id: int) -> SetInfo | None:
        found = self._rows(cypher_history.SET_INFO, id=set_id)
        return SetInfo(**found[0]) if found else None

    def block_sizes(self, kind: str | None, sets: list[int] | None) -> Iterable[tuple[int, int]]:
        query = cypher_history.block_sizes(kind is not None, sets is not None)
        return [(int(r["id"]), int(r["entries"])) for r in self._rows(query, kind=kind, sets=sets)]

    def block_at(self, change_id: int) -> Block | None:
        found = self._rows(cypher_history.BLOCK_AT, id=change_id)
        return Block(**found[0]) if found else None


def migrate_log(session: Any) -> None:
    """Rewrite a log of the first layout (a node per change) as blocks, once."""
    old = session.run(cypher_history.OLD_CHANGES).data()
    if not old:
        return

    def work(tx: Any) -> None:
        read = TxReader(tx, 5_000)
        for set_id, rows in groupby(old, itemgetter("set_id")):
            entries = [
                Entry(r["kind"], r["key"], r["op"], r["field"], r["before"], r["after"])
                for r in rows
            ]
            write_blocks(read, entries, int(set_id), 5_000)
            changes = [
                {"rk": record_key(*record), "changes": record_changes(int(set_id), numbers)}
                for record, numbers in numbered(entries).items()
            ]
            for part in chunked(changes, 5_000):
                read.run(cypher_history.APPEND_CHANGES, {"rows": part}).consume()

    session.execute_write(work)
    session.run(cypher_history.DELETE_OLD_CHANGES).consume()
