"""The Neo4j store's versions and change log (see graphsvc.store.history), mixed into
`Neo4jStore`: nodes of labels of their own, written in the graph write's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from graphsvc.store import cypher, cypher_history
from graphsvc.store.base import Page, chunked
from graphsvc.store.bolt import TxReader
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
        bump_versions(writer, seq)
        if not (self.record_changes and writer.journal.entries):
            return
        rows = log_rows(writer.journal, seq)
        actor = current_actor()
        writer.read.run(
            cypher_history.WRITE_SET,
            {
                "id": seq,
                "at": rows[0][2],
                "who": actor.name,
                "role": actor.role,
                "channel": actor.channel,
                "summary": current_summary(),
                "entries": len(rows),
            },
        ).consume()
        names = ["set_id", "n", "at", "who", "role", "channel", "kind", "key", "op", "field"]
        names += ["before", "after"]
        for batch in chunked(rows, writer.batch_rows):
            writer.read.run(
                cypher_history.WRITE_CHANGES,
                {
                    "rows": [
                        {k: v for k, v in zip(names, row, strict=True) if v is not None}
                        for row in batch
                    ]
                },
            ).consume()

    #: whether writes are logged (the benchmark measures the store without)
    record_changes: bool = True

    def changes(
        self, filters: ChangeFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Change]:
        """Logged changes, newest first."""
        f = filters or ChangeFilters()
        params: dict[str, Any] = {k: v for k, v in vars(f).items() if v is not None}
        if f.until is not None:
            params["until"] = until_bound(f.until)

        def work(r: TxReader) -> Page[Change]:
            total = r.rows(cypher_history.list_changes(set(params), count=True), **params)
            rows = r.rows(
                cypher_history.list_changes(set(params), count=False),
                **params,
                limit=limit,
                offset=offset,
            )
            items = [change_from_row(tuple(row.values())) for row in rows]
            return Page(items, int(total[0]["n"]), limit, offset)

        page: Page[Change] = self._read(work)
        return page
