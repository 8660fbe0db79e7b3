"""The Neo4j store's versions and change log (see graphsvc.store.history), mixed into
`Neo4jStore`: nodes of labels of their own, written in the graph write's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from graphsvc.store import cypher, cypher_history
from graphsvc.store.bolt import TxReader
from graphsvc.store.history import Version
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
        rows = writer.read.rows(cypher.META, meta=cypher.META_ID)
        bump_versions(writer, int(rows[0]["version"] or 0))
