"""The Neo4j store: the store contract over Bolt, through the official `neo4j` driver.

`open_neo4j("bolt://user:password@host:7687?database=neo4j")` connects once, checks
that the server is Neo4j 5, creates the schema on first open, and then speaks only in
the model's terms: no Cypher crosses the store protocol. Reads and writes are the
driver's managed transactions (retried by the driver when the connection drops or the
server reports a transient error such as a deadlock); a write, an import included, is
one transaction. Every failure of the server becomes one StoreUnavailable
that names the URL; a server that comes back is used again without reopening the
store.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as nx

from graphsvc.errors import GraphsvcError, NodeNotFound, StoreUnavailable, StoreUrlError
from graphsvc.model import (
    Dataset,
    Label,
    Node,
    Relationship,
    RelKind,
    Sector,
    fold,
)
from graphsvc.model.dataset import SINGLE_REFERENCE_FIELDS, reference_fields
from graphsvc.perf import gc_paused
from graphsvc.store import cypher, cypher_history
from graphsvc.store.base import Filters, Page, StoreAuth, StoreCapabilities, with_documents
from graphsvc.store.bolt import (
    BATCH_ROWS,
    TxReader,
    decode_props,
    model_label,
    parse_url,
    relationship,
)
from graphsvc.store.cypher_listing import FindShape
from graphsvc.store.cypher_listing import find as find_statement
from graphsvc.store.neo4j_history import History, migrate_log
from graphsvc.store.neo4j_write import BoltWriter

T = TypeVar("T")

#: Errors that mean the server could not be reached or the connection was lost.
CONNECTION_ERRORS = (nx.ServiceUnavailable, nx.SessionExpired, nx.IncompleteCommit, OSError)
#: Nodes or relationships per record of a snapshot (see `cypher.all_nodes`).
SNAPSHOT_CHUNK = 2_000
#: How long after its first transient failure the driver may still start another
#: attempt of a transaction (a read or a write), in seconds; it waits a second before
#: the second attempt, twice as long before each next one.
RETRY_SECONDS = 3.0


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:300]


class Neo4jStore(History):
    """A GraphStore in a Neo4j 5 database."""

    def __init__(
        self,
        url: str,
        *,
        auth: StoreAuth | None = None,
        connection_timeout: float = 5.0,
        batch_rows: int = BATCH_ROWS,
    ) -> None:
        self.capabilities = StoreCapabilities(max_batch_rows=batch_rows)
        target = parse_url(url, auth)
        self.url = target.display
        self.database = target.database
        self._write_lock = threading.Lock()
        try:
            self._driver = neo4j.GraphDatabase.driver(
                target.uri,
                auth=target.auth,
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=2 * connection_timeout,
                max_transaction_retry_time=RETRY_SECONDS,
                # the server's hints ("label does not exist" on an empty database) are
                # not for graphsvc's users: the server is asked not to send them
                notifications_min_severity="OFF",
                user_agent="graphsvc",
            )
        except (nx.ConfigurationError, ValueError) as exc:
            raise StoreUrlError(f"Cannot use the store URL {self.url}: {_reason(exc)}.") from None
        try:
            self._check_server()
            self._ensure_schema()
        except BaseException:
            self._driver.close()
            raise

    # -- sessions and errors -----------------------------------------------------------

    def _unavailable(self, exc: BaseException, doing: str = "read") -> StoreUnavailable:
        if isinstance(exc, nx.AuthError):
            return StoreUnavailable(
                f"The Neo4j server at {self.url} refused the user name or password: give "
                "them in the URL (bolt://user:password@host:7687) or in NEO4J_USER and "
                "NEO4J_PASSWORD."
            )
        if isinstance(exc, CONNECTION_ERRORS):
            return StoreUnavailable(
                f"The Neo4j server at {self.url} cannot be reached ({_reason(exc)}); "
                "is it running? Without Docker: `make serve-neo4j`; with Docker: "
                "`docker compose up -d neo4j`."
            )
        return StoreUnavailable(
            f"The Neo4j server at {self.url} could not {doing} ({_reason(exc)})."
        )

    def _session(self, mode: str) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _check_server(self) -> None:
        """Connect once and make sure the server is Neo4j 5 or later."""
        try:
            info = self._driver.get_server_info()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._unavailable(exc) from None
        name, _, version = (info.agent or "").partition("/")
        major = version.split(".")[0]
        if name != "Neo4j" or not major.isdigit() or int(major) < 5:
            raise StoreUnavailable(
                f"The Bolt server at {self.url} is {info.agent or 'unknown'}, not Neo4j 5: "
                "graphsvc needs Neo4j 5 (Community or Enterprise)."
            )

    def _read(self, work: Callable[[TxReader], T]) -> T:
        """Run `work` in one managed read transaction: the driver retries it when the
        connection was lost, so a server that restarted is picked up again by itself."""
        try:
            with self._session(neo4j.READ_ACCESS) as session:
                return session.execute_read(
                    lambda tx: work(TxReader(tx, self.capabilities.max_batch_rows))
                )
        except GraphsvcError:
            raise
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._unavailable(exc) from None

    def _ensure_schema(self) -> None:
        """Constraints and indexes, once per database (a marker node records it). Schema
        statements run on their own: Neo4j does not mix them with data writes."""
        meta = self._read(lambda r: r.rows(cypher.META, meta=cypher.META_ID))
        if meta and meta[0]["schema"] == cypher.SCHEMA_VERSION:
            return
        try:
            with self._session(neo4j.WRITE_ACCESS) as session:
                for statement in (
                    *cypher.schema(),
                    *cypher_history.SCHEMA,
                    *cypher_history.LOG_SCHEMA,
                ):
                    session.run(statement).consume()
                # new indexes fill in the background: wait, so that the first listing
                # already seeks instead of scanning
                session.run(cypher.AWAIT_INDEXES).consume()
                migrate_log(session)
                session.execute_write(
                    lambda tx: tx.run(
                        cypher.SET_SCHEMA, meta=cypher.META_ID, schema=cypher.SCHEMA_VERSION
                    ).consume()
                )
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._unavailable(exc, "create the schema") from None

    def close(self) -> None:
        self._driver.close()

    def ping(self) -> None:
        self._read(lambda r: r.rows(cypher.PING))

    def version(self) -> int:
        rows = self._read(lambda r: r.rows(cypher.META, meta=cypher.META_ID))
        return int(rows[0]["version"] or 0) if rows else 0

    # -- reads ---------------------------------------------------------------------

    def get_many(self, label: Label, ids: Iterable[str]) -> dict[str, Node]:
        wanted = list(ids)
        return self._read(lambda r: r.get_many(label, wanted))

    def get(self, label: Label, id: str) -> Node:
        found = self.get_many(label, [id])
        if id not in found:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        return found[id]

    def exists(self, label: Label, ids: Iterable[str]) -> set[str]:
        wanted = list(ids)
        return self._read(lambda r: r.exists(label, wanted))

    def ancestors(self, label: Label, id: str) -> list[str]:
        """The ids of an area's PART_OF ancestors."""
        return (
            [row["id"] for row in self._read(lambda r: r.rows(cypher.AREA_ANCESTORS, id=id))]
            if label is Label.AREA
            else []
        )

    def find(
        self, label: Label, filters: Filters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Node]:
        f = filters or Filters()

        def work(r: TxReader) -> Page[Node]:
            shape, params = _find_shape(r, label, f)
            total = r.rows(find_statement(shape, count=True), **params)[0]["n"]
            ids = [
                row["id"]
                for row in r.rows(
                    find_statement(shape, count=False), **params, offset=offset, limit=limit
                )
            ]
            found = r.get_many(label, ids)
            return Page([found[i] for i in ids if i in found], total, limit, offset)

        return self._read(work)

    def relationships(
        self,
        kind: RelKind | None = None,
        *,
        node: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[Relationship]:
        params: dict[str, Any] = {"node": node, "offset": offset, "limit": limit}
        if kind is None:
            params["kinds"] = [k.value for k in RelKind]
        paged = limit is not None or offset > 0
        if limit is None:
            params["limit"] = 2**62  # a page from `offset` to the end

        def work(r: TxReader) -> Page[Relationship]:
            total = r.rows(
                cypher.list_rels(kind=kind, node=node is not None, page=False, count=True), **params
            )[0]["n"]
            items = [
                relationship(
                    RelKind(row["kind"]),
                    row["source"],
                    row["target"],
                    model_label(row["source_labels"]),
                    model_label(row["target_labels"]),
                    row["props"],
                )
                for row in r.run(
                    cypher.list_rels(kind=kind, node=node is not None, page=paged, count=False),
                    params,
                )
            ]
            return Page(items, total, limit or total, offset)

        return self._read(work)

    def documents(self, kind: str) -> list[tuple[str, str]]:
        """(name, JSON body) of every stored document of `kind` (saved views, decks)."""
        return self._read(
            lambda r: [(row["name"], row["body"]) for row in r.rows(cypher.DOCUMENTS, kind=kind)]
        )

    def counts(self) -> dict[str, dict[str, int]]:
        def work(r: TxReader) -> dict[str, dict[str, int]]:
            return {
                "nodes": {lbl.value: r.rows(cypher.count_nodes(lbl))[0]["n"] for lbl in Label},
                "relationships": {k.value: r.rows(cypher.count_rels(k))[0]["n"] for k in RelKind},
            }

        return self._read(work)

    def snapshot(
        self, *, as_of: date | None = None, sectors: Iterable[Sector] | None = None
    ) -> Dataset:
        """The whole graph in one read transaction, streamed record by record; the
        as-of date and sectors cut providers, services and partnerships on the server."""
        keep = None if sectors is None else [Sector(s).value for s in sectors]
        day = as_of.isoformat() if as_of else None

        def work(r: TxReader) -> Dataset:
            params = {"day": day, "sectors": keep, "chunk": SNAPSHOT_CHUNK}
            nodes: dict[Label, list[dict[str, Any]]] = {}
            for label in Label:
                fields = _reference_columns(label)
                nodes[label] = found = []
                for rec in r.run(cypher.all_nodes(label), params):
                    for row in rec["rows"]:
                        props = decode_props(row[0])
                        # the reference fields straight from the id lists in the row
                        for column, field_name, single in fields:
                            ids = row[column]
                            if ids:
                                if single:
                                    props[field_name] = max(ids)
                                else:
                                    props[field_name] = ids if len(ids) == 1 else sorted(ids)
                        found.append(props)
            rels = [
                relationship(kind, source, target, src, dst, props)
                for kind, src, dst in cypher.DATA_RELS
                for rec in r.run(cypher.all_rels(kind, src, dst), params)
                for source, target, props in rec["rows"]
            ]
            # SQLite's order (by id; by kind, source, target): analyses that depend on
            # the order of their input give the same answer from either store
            for listed in nodes.values():
                listed.sort(key=lambda props: str(props["id"]))
            rels.sort(key=lambda r: (r.kind.value, r.source, r.target, r.key))
            documents = {
                kind: [(row["name"], row["body"]) for row in r.rows(cypher.DOCUMENTS, kind=kind)]
                for kind in ("view", "deck")
            }
            return with_documents(Dataset.from_graph(nodes, rels), documents.__getitem__)

        with gc_paused():  # (as SQLiteStore.snapshot)
            return self._read(work).restricted(as_of=as_of, sectors=keep)

    # -- writes --------------------------------------------------------------------

    def transact(self, work: Callable[[BoltWriter], T], *, bulk: bool = False) -> T:
        """Run `work` in one managed write transaction, with the version bumped and the
        change log written in it: a failure anywhere leaves nothing behind. The driver
        runs the transaction again, with a new writer, when it met a transient error
        (a deadlock, a connection lost before the commit, a pooled connection that died
        with its server), until RETRY_SECONDS have passed since the first failure; an
        error that a retry would only meet again (any other, and the server's lack of
        memory for the transaction) ends it at once. (`bulk` changes nothing here.)"""
        last: BoltWriter | None = None  # the last attempt's: how far it got

        def attempt(tx: neo4j.ManagedTransaction) -> T:
            nonlocal last
            writer = last = BoltWriter(tx, self.capabilities.max_batch_rows)
            writer.journal.logging = self.record_changes
            try:
                result = work(writer)
                if writer.changed or writer.journal.touched:
                    writer.read.run(cypher.BUMP_VERSION, {"meta": cypher.META_ID}).consume()
                    self._record(writer)
            except nx.Neo4jError as exc:
                if _out_of_memory(exc):  # (the driver would retry it: a transient error)
                    raise _Final(exc) from exc
                raise
            return result

        with self._write_lock:
            session = self._session(neo4j.WRITE_ACCESS)
            try:
                return session.execute_write(attempt)
            except _Final as final:
                raise self._write_failed(final.error, last) from None
            except (nx.Neo4jError, nx.DriverError, OSError) as exc:
                raise self._write_failed(exc, last) from None
            finally:
                _quietly(session.close)

    def _write_failed(self, exc: BaseException, writer: BoltWriter | None) -> StoreUnavailable:
        """The error of a write that failed (`writer`: that of its last attempt, None
        when none began), saying what became of it."""
        base = self._unavailable(exc, "write").message.rstrip(".")
        rows = writer.rows_sent if writer is not None else 0
        sent = f"; {rows} row(s) had been sent" if rows else "; no row had been sent yet"
        if isinstance(exc, nx.IncompleteCommit):
            return StoreUnavailable(
                f"{base}{sent}: the connection was lost during the "
                "commit, so whether the write landed is unknown; "
                "check with `graphsvc stats` and import again."
            )
        advice = ""
        if _out_of_memory(exc):
            advice = (
                " Neo4j needs more memory to take this import in one transaction: give it a "
                "larger heap (server.memory.heap.max_size; with `make serve-neo4j`, "
                "`python -m neo4jlocal serve --heap 4g`)."
            )
        return StoreUnavailable(
            f"{base}{sent}: the transaction was rolled back, so nothing of this write was "
            f"stored.{advice}"
        )


@functools.cache
def _reference_columns(label: Label) -> tuple[tuple[int, str, bool], ...]:
    """(position in a row of `cypher.all_nodes`, reference field, whether it holds one
    id) per reference field of a label."""
    position = {kind: i for i, kind in enumerate(cypher.node_columns(label), start=1)}
    return tuple(
        (position[kind], name, name in SINGLE_REFERENCE_FIELDS)
        for name, kind, _ in reference_fields(label)
    )


def _out_of_memory(exc: BaseException) -> bool:
    """Whether the server had not the memory for the transaction (a transient error to
    the driver, but the same transaction meets it again)."""
    return isinstance(exc, nx.Neo4jError) and "OutOfMemory" in str(exc.code or "")


class _Final(Exception):
    """Carries a server error out of a managed transaction without a retry (the
    driver retries only its own errors)."""

    def __init__(self, error: nx.Neo4jError) -> None:
        super().__init__(error)
        self.error = error


def _quietly(action: Callable[[], Any]) -> None:
    with suppress(Exception):  # the connection may be gone: nothing more to undo
        action()


def _find_shape(r: TxReader, label: Label, f: Filters) -> tuple[FindShape, dict[str, Any]]:
    """The statement shape of a listing and its parameters (a group's age range and an
    area's ancestors are read first, as on SQLite)."""
    servicey = label in (Label.PROVIDER, Label.SERVICE)
    params: dict[str, Any] = {}
    if f.q:
        params["q"] = fold(f.q)
    if servicey and f.sector is not None:
        params["sector"] = f.sector.value
    age = False
    if f.group is not None and (servicey or label is Label.NEED):
        params["group"] = f.group
        rows = r.rows(cypher.GROUP_RANGE, id=f.group) if servicey else []
        if rows and rows[0]["kind"] == "age":
            age = True
            params["gmin"] = rows[0]["min_age"] if rows[0]["min_age"] is not None else -1e9
            params["gmax"] = rows[0]["max_age"] if rows[0]["max_age"] is not None else 1e9
    if servicey and f.need is not None:
        params["need"] = f.need
    if servicey and f.area is not None:
        params["places"] = [
            f.area,
            *(row["id"] for row in r.rows(cypher.AREA_ANCESTORS, id=f.area)),
        ]
    if servicey and f.as_of is not None:
        params["day"] = f.as_of.isoformat()
    shape = FindShape(
        label,
        q="q" in params,
        sector="sector" in params,
        group="group" in params,
        age_group=age,
        need="need" in params,
        area="places" in params,
        as_of="day" in params,
    )
    return shape, params


def open_neo4j(url: str, *, auth: StoreAuth | None = None) -> Neo4jStore:
    """Open the store at a bolt:// or neo4j:// URL (see `bolt.parse_url`)."""
    return Neo4jStore(url, auth=auth)
