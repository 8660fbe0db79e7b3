"""What the Bolt server behind a store can do: decided once, on connect.

Neo4j 5 gets Neo4j's profile: real transactions, large batches, constraints and
indexes with IF NOT EXISTS. FalkorDB (which speaks Bolt and answers to the Neo4j
driver) gets its own: no transactions, statements whose parameters must stay well
under about 4 KB (larger ones crash FalkorDB 4.x), only plain `CREATE INDEX`.
A Bolt server that is neither gets the cautious profile.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graphsvc.errors import InvalidData
from graphsvc.store import cypher
from graphsvc.store.base import StoreCapabilities

T = TypeVar("T")


@dataclass(frozen=True)
class ServerProfile:
    """One kind of Bolt server: its name, capabilities and schema statements."""

    name: str
    capabilities: StoreCapabilities
    schema: tuple[str, ...] = ()
    #: the server has no IF NOT EXISTS: an error from a schema statement means "exists"
    schema_errors_mean_present: bool = False
    version: str | None = None
    notes: tuple[str, ...] = field(default=())
    #: rewrites a statement's parameters into what the server reads back exactly
    params: Callable[[Any], Any] | None = None

    def prepare(self, value: T) -> T:
        return value if self.params is None else self.params(value)

    def size(self, value: Any) -> int:
        """Bytes that `value` takes as a parameter, once prepared for this server."""
        return encoded_size(self.prepare(value))

    @property
    def rolled_back(self) -> str:
        """What a failed write leaves behind, said the way an error message needs it."""
        if self.capabilities.transactional:
            return "the transaction was rolled back: nothing of this write was stored"
        return (
            f"{self.name} has no transactions, so what was written before the failure "
            "stays (importing the same data again completes it)"
        )


NEO4J = ServerProfile(
    name="Neo4j",
    capabilities=StoreCapabilities(
        transactional=True,
        max_batch_bytes=8 * 1024 * 1024,
        max_batch_rows=10_000,
        schema_constraints=True,
    ),
    schema=tuple(cypher.neo4j_schema()),
)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def falkordb_params(value: Any) -> Any:
    """FalkorDB 4.x turns Bolt parameters into Cypher text without escaping them: a
    string goes between single quotes (its parser then reads backslash escapes) and a
    map key goes in bare. So quote and backslash are escaped, and a key that is not an
    identifier is put in backticks (one holding a backtick cannot be sent at all)."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list | tuple):
        return [falkordb_params(v) for v in value]
    if isinstance(value, dict):
        return {_falkordb_key(k): falkordb_params(v) for k, v in value.items()}
    return value


def _falkordb_key(key: str) -> str:
    if _IDENTIFIER.match(key):
        return key
    if "`" in key:
        raise InvalidData(
            f"FalkorDB cannot store the property name {key!r} (it holds a "
            "backtick); rename the language or field, or use Neo4j."
        )
    return f"`{key}`"


#: FalkorDB 4.x over Bolt, as measured: parameters rendered to more than ~4 KB of text
#: crash the server, so every statement's parameters are kept under 3,000 bytes.
FALKORDB = ServerProfile(
    name="FalkorDB",
    capabilities=StoreCapabilities(
        transactional=False, max_batch_bytes=3_000, max_batch_rows=1_000, schema_constraints=False
    ),
    schema=tuple(cypher.falkordb_schema()),
    schema_errors_mean_present=True,
    notes=(
        "no transactions",
        "parameters limited to 3,000 bytes per statement",
        "no uniqueness constraints",
        "parameters escaped for its Cypher-text rendering",
    ),
    params=falkordb_params,
)

UNKNOWN = ServerProfile(
    name="an unknown Bolt server",
    capabilities=StoreCapabilities(
        transactional=False, max_batch_bytes=3_000, max_batch_rows=1_000, schema_constraints=False
    ),
    notes=("treated as non-transactional with small batches and no schema",),
)

Query = Callable[[str], list[dict[str, Any]]]


def detect(query: Query, is_client_error: Callable[[Exception], bool]) -> ServerProfile:
    """Ask the server what it is: Neo4j names its kernel in dbms.components(); FalkorDB
    has no such procedure but lists its own (algo.*, db.idx.fulltext.*) in
    dbms.procedures(), which Neo4j 5 no longer has.

    `query(text)` runs one statement; `is_client_error(exc)` tells a refused statement
    from a lost connection (which must propagate).
    """
    try:
        rows = query(cypher.NEO4J_COMPONENTS)
    except Exception as exc:
        if not is_client_error(exc):
            raise
        rows = []
    for row in rows:
        if str(row.get("name", "")).startswith("Neo4j"):
            versions = row.get("versions") or []
            version = str(versions[0]) if versions else None
            return ServerProfile(NEO4J.name, NEO4J.capabilities, NEO4J.schema, version=version)
    try:
        names = {str(r.get("name")) for r in query(cypher.FALKORDB_PROCEDURES)}
    except Exception as exc:
        if not is_client_error(exc):
            raise
        names = set()
    if any(n.startswith(("algo.", "db.idx.fulltext.")) for n in names):
        return FALKORDB
    return UNKNOWN


# -- batching --------------------------------------------------------------------------


def encoded_size(value: Any) -> int:
    """Bytes that `value` takes as a statement parameter.

    Measured as UTF-8 JSON with `", "` and `": "` separators: at least the text that
    FalkorDB renders parameters into (where its ~4 KB limit bites), and more than the
    PackStream encoding Neo4j receives for the same value (strings aside by a byte).
    """
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


class TooLarge(ValueError):
    """One item alone is larger than a statement's parameters may be."""

    def __init__(self, item: Any, size: int, limit: int) -> None:
        super().__init__(f"{size} bytes, over the limit of {limit}")
        self.item = item
        self.size = size
        self.limit = limit


#: what a statement's parameters cost besides the items: the key, brackets, other values
PARAM_OVERHEAD = 64


def batches(
    items: Iterable[T],
    *,
    max_rows: int,
    max_bytes: int | None,
    size: Callable[[T], int] = encoded_size,
) -> Iterator[list[T]]:
    """Split `items` into lists of at most `max_rows` items whose encoded sizes (plus the
    separators between them) add up to at most `max_bytes`; TooLarge for an item that
    cannot fit even alone."""
    budget = None if max_bytes is None else max_bytes - PARAM_OVERHEAD
    batch: list[T] = []
    used = 0
    for item in items:
        cost = 0 if budget is None else size(item) + 2
        if budget is not None and cost > budget:
            raise TooLarge(item, cost, budget)
        if batch and (len(batch) >= max_rows or (budget is not None and used + cost > budget)):
            yield batch
            batch, used = [], 0
        batch.append(item)
        used += cost
    if batch:
        yield batch
