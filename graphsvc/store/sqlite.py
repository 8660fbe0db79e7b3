"""The embedded store: one SQLite file, WAL mode, nothing to install or start."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import orjson

from graphsvc.errors import (
    NodeNotFound,
    StoreUnavailable,
)
from graphsvc.model import (
    NODE_TYPES,
    Dataset,
    Label,
    Node,
    Relationship,
    RelKind,
    Sector,
    StoredRelationship,
    fold,
    node_references,
    rel,
)
from graphsvc.perf import gc_paused
from graphsvc.store import sqlite_log
from graphsvc.store.base import (
    Filters,
    Page,
    StoreCapabilities,
    chunked,
    with_documents,
)
from graphsvc.store.sqlite_history import HISTORY_SCHEMA, History
from graphsvc.store.sqlite_write import ID_CHUNK, SQLiteWriter

T = TypeVar("T")

SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    label TEXT NOT NULL,
    id TEXT NOT NULL,
    props TEXT NOT NULL,
    search TEXT NOT NULL,
    sector TEXT,
    valid_from TEXT,
    valid_to TEXT,
    PRIMARY KEY (label, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_sector ON nodes (label, sector);
CREATE TABLE IF NOT EXISTS rels (
    kind TEXT NOT NULL,
    src_label TEXT NOT NULL,
    src TEXT NOT NULL,
    dst_label TEXT NOT NULL,
    dst TEXT NOT NULL,
    key TEXT NOT NULL DEFAULT '',
    props TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (kind, src_label, src, dst_label, dst, key),
    FOREIGN KEY (src_label, src) REFERENCES nodes (label, id) ON DELETE CASCADE,
    FOREIGN KEY (dst_label, dst) REFERENCES nodes (label, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rels_src ON rels (src_label, src, kind);
CREATE INDEX IF NOT EXISTS rels_dst ON rels (dst_label, dst, kind);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', '0'), ('schema', '1');
"""


class SQLiteStore(History):
    """A GraphStore in one SQLite file (`sqlite:///path.db`, or `sqlite://:memory:`)."""

    capabilities = StoreCapabilities(max_batch_rows=5_000, embedded=True)
    #: how long a write waits for another one (an import from the CLI, say) to finish
    #: before it is refused as 503: readers never wait (write-ahead log)
    BUSY_SECONDS = 5

    def __init__(self, url: str, path: str) -> None:
        self.url = url
        self.path = path
        self._local = threading.local()
        self._conns: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreUnavailable(
                    f"Cannot open the store {url}: the folder {parent} does not exist."
                )
        # the first connection may make the file; the later ones (other threads, and
        # after a failure) only open it: a file removed meanwhile is not made anew empty
        self._target = self._uri("rwc")
        conn = self._conn()
        try:
            # Only a new file is written to on opening (the write-ahead log is the
            # file's own setting, and the tables stay): a store opened while another
            # process writes to it opens at once, and readers never wait for a writer.
            # (The one exception: a change log of the first layout is rewritten once.)
            if not self._has_schema(conn):
                conn.execute("PRAGMA journal_mode=WAL")
                conn.executescript(SCHEMA)
            if not self._has_history(conn):
                conn.executescript(HISTORY_SCHEMA)
            sqlite_log.migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"Cannot open the store {url}: {exc}.") from None
        self._target = self._uri("rw")

    @staticmethod
    def _has_schema(conn: sqlite3.Connection) -> bool:
        """Whether the file has this schema (its version in meta) and the log already."""
        has_meta = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()[0]
        if not has_meta:
            return False
        version = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
        return version is not None and version[0] == "1" and str(journal).lower() == "wal"

    def _uri(self, mode: str) -> str:
        if self.path == ":memory:":
            return ":memory:"
        return f"{Path(self.path).expanduser().resolve().as_uri()}?mode={mode}"

    # -- connections -----------------------------------------------------------------

    def _file(self) -> tuple[int, int] | None:
        """The store file's identity (device, inode); None in memory. StoreUnavailable
        when the file is gone: a connection would make a new, empty one, and what is
        written to the old one's open handle would be lost with it."""
        if self.path == ":memory:":
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            raise StoreUnavailable(
                f"The store file {Path(self.path).name} is gone (removed or moved); put it "
                "back (from a backup), and the service goes on by itself."
            ) from None
        return st.st_dev, st.st_ino

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "file", None) != self._file():
            # the file was replaced (a backup put back): read the one that is there now
            conn.close()
            with self._lock:
                if conn in self._conns:
                    self._conns.remove(conn)
            conn = self._local.conn = None
        if conn is None:
            try:
                conn = sqlite3.connect(
                    self._target,
                    isolation_level=None,
                    check_same_thread=False,
                    timeout=self.BUSY_SECONDS,
                    uri=True,
                )
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute(f"PRAGMA busy_timeout={self.BUSY_SECONDS * 1000}")
            except sqlite3.DatabaseError as exc:
                raise StoreUnavailable(f"Cannot open the store {self.url}: {exc}.") from None
            self._local.conn = conn
            self._local.file = self._file()
            with self._lock:
                self._conns.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        self._local = threading.local()

    def ping(self) -> None:
        try:
            self._conn().execute("SELECT 1").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"The store {self.url} cannot be read: {exc}.") from None

    def version(self) -> int:
        return int(self._rows("SELECT value FROM meta WHERE key='version'")[0][0])

    def documents(self, kind: str) -> list[tuple[str, str]]:
        """(name, JSON body) of every stored document of `kind` (saved views, decks)."""
        try:
            rows = self._rows(
                "SELECT name, body FROM documents WHERE kind=? ORDER BY name", (kind,)
            )
        except StoreUnavailable as exc:
            if "no such table" in str(exc):  # no document stored yet
                return []
            raise
        return [(str(name), str(body)) for name, body in rows]

    # -- reads -----------------------------------------------------------------------

    def _rows(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:  # gone, locked, or not a database any more
            raise StoreUnavailable(f"The store {self.url} cannot be read: {exc}.") from None

    def _props_many(self, label: Label, ids: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in chunked(ids, ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            for id_, props in self._rows(
                f"SELECT id, props FROM nodes WHERE label=? AND id IN ({marks})",
                [label.value, *chunk],
            ):
                out[id_] = orjson.loads(props)
        return out

    def _outgoing(self, label: Label, ids: list[str]) -> list[StoredRelationship]:
        """The relationships that make up the nodes' reference fields."""
        rels: list[StoredRelationship] = []
        for chunk in chunked(ids, ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            # the fields' relationships leave the node, except OFFERS and MEMBER_OF
            sql = (
                "SELECT kind, src_label, src, dst_label, dst, props FROM rels "
                f"WHERE src_label=? AND src IN ({marks}) AND kind IN "
                "('PART_OF','MEETS','SERVES','AVAILABLE_IN') "
                "UNION ALL SELECT kind, src_label, src, dst_label, dst, props FROM rels "
                f"WHERE dst_label=? AND dst IN ({marks}) AND kind IN ('OFFERS','MEMBER_OF')"
            )
            params: list[Any] = [label.value, *chunk, label.value, *chunk]
            rels.extend(map(_stored_rel, self._rows(sql, params)))
        return rels

    def get_many(self, label: Label, ids: Iterable[str]) -> dict[str, Node]:
        """Return the nodes of those ids that exist, with their references."""
        id_list = list(dict.fromkeys(ids))
        props = self._props_many(label, id_list)
        if not props:
            return {}
        refs = node_references(self._outgoing(label, list(props)))
        build = NODE_TYPES[label].model_validate
        return {i: build({**p, **refs.get((label, i), {})}) for i, p in props.items()}

    def get(self, label: Label, id: str) -> Node:
        found = self.get_many(label, [id])
        if id not in found:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        return found[id]

    def exists(self, label: Label, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunked(list(dict.fromkeys(ids)), ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._rows(
                    f"SELECT id FROM nodes WHERE label=? AND id IN ({marks})",
                    [label.value, *chunk],
                )
            )
        return found

    def find(
        self, label: Label, filters: Filters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Node]:
        where, params = _filter_sql(self, label, filters or Filters())
        total = self._rows(f"SELECT count(*) FROM nodes n WHERE {where}", params)[0][0]
        ids = [
            r[0]
            for r in self._rows(
                f"SELECT n.id FROM nodes n WHERE {where} ORDER BY n.id LIMIT :lim OFFSET :off",
                {**params, "lim": limit, "off": offset},
            )
        ]
        found = self.get_many(label, ids)
        return Page([found[i] for i in ids if i in found], total, limit, offset)

    def ancestors(self, label: Label, id: str) -> list[str]:
        """The ids of `id`'s PART_OF ancestors, nearest first."""
        rows = self._rows(
            """WITH RECURSIVE up(id, depth) AS (
                   SELECT dst, 1 FROM rels WHERE kind='PART_OF' AND src_label=? AND src=?
                   UNION SELECT r.dst, up.depth + 1 FROM rels r JOIN up ON r.src = up.id
                   WHERE r.kind='PART_OF' AND r.src_label=? AND up.depth < 50)
               SELECT id FROM up ORDER BY depth""",
            [label.value, id, label.value],
        )
        return [r[0] for r in rows]

    def relationships(
        self,
        kind: RelKind | None = None,
        *,
        node: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[Relationship]:
        where, params = ["1=1"], []
        if kind is not None:
            where.append("kind=?")
            params.append(kind.value)
        if node is not None:
            where.append("(src=? OR dst=?)")
            params += [node, node]
        cond = " AND ".join(where)
        total = self._rows(f"SELECT count(*) FROM rels WHERE {cond}", params)[0][0]
        rows = self._rows(
            "SELECT kind, src_label, src, dst_label, dst, props FROM rels "
            f"WHERE {cond} ORDER BY kind, src, dst, key LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
        return Page([_rel(r) for r in rows], total, limit or total, offset)

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label.value: 0 for label in Label}
        nodes.update(dict(self._rows("SELECT label, count(*) FROM nodes GROUP BY label")))
        rels = {kind.value: 0 for kind in RelKind}
        rels.update(dict(self._rows("SELECT kind, count(*) FROM rels GROUP BY kind")))
        return {"nodes": nodes, "relationships": rels}

    def snapshot(
        self, *, as_of: date | None = None, sectors: Iterable[Sector] | None = None
    ) -> Dataset:
        # One read transaction, so that the snapshot is consistent under concurrent writes.
        # The relationships stream through Dataset.from_graph (never all in memory as
        # objects), then each label's nodes are read and built.
        # The collector paused: a snapshot makes a hundred thousand objects and no
        # cycles, and in a service the heap it would walk again and again holds the
        # cached snapshots and reports (city, 2,000 providers: 211-299 ms -> 138 ms).
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            with gc_paused():
                rels = (
                    _stored_rel(r)
                    for r in conn.execute(
                        "SELECT kind, src_label, src, dst_label, dst, props FROM rels "
                        "ORDER BY kind, src, dst, key"
                    )
                )
                nodes = {label: _node_props(conn, label) for label in Label}
                ds = Dataset.from_graph(nodes, rels)
        finally:
            conn.execute("COMMIT")
        return with_documents(ds, self.documents).restricted(as_of=as_of, sectors=sectors)

    # -- writes ----------------------------------------------------------------------

    def transact(self, work: Callable[[SQLiteWriter], T], *, bulk: bool = False) -> T:
        """`work` runs once, in one transaction (BEGIN IMMEDIATE: a second writer waits
        up to BUSY_SECONDS for the first); any exception rolls it back."""
        conn = self._conn()
        if bulk:
            # The writer checks every relationship's ends itself, inside the transaction;
            # SQLite's own check of each row as well costs a fifth of a big import.
            # (The pragma only takes effect outside a transaction.)
            conn.execute("PRAGMA foreign_keys=OFF")
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                raise StoreUnavailable(
                    f"The store is busy with another write (an import?) that has not ended in "
                    f"{self.BUSY_SECONDS} s; try again in a moment."
                    if busy
                    else f"The store {self.url} cannot be written: {exc}."
                ) from None
            writer = SQLiteWriter(self, conn)
            writer.journal.logging = self.record_changes
            try:
                result = work(writer)
                if writer.changed or writer.journal.touched:
                    conn.execute(
                        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'"
                    )
                    self._record(writer)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            if bulk:
                conn.execute("PRAGMA foreign_keys=ON")
        return result


def _node_props(conn: sqlite3.Connection, label: Label) -> Iterator[dict[str, Any]]:
    """The properties of every node of `label`, by id (read when first asked for)."""
    loads = orjson.loads
    for (props,) in conn.execute(
        "SELECT props FROM nodes WHERE label=? ORDER BY id", (label.value,)
    ):
        yield loads(props)


_KIND = {k.value: k for k in RelKind}
_LABEL = {label.value: label for label in Label}


def _stored_rel(row: tuple[Any, ...]) -> StoredRelationship:
    kind, src_label, src, dst_label, dst, props = row
    return StoredRelationship(
        _KIND[kind],
        src,
        dst,
        _LABEL[src_label],
        _LABEL[dst_label],
        orjson.loads(props) if props != "{}" else {},
    )


def _rel(row: tuple[Any, ...]) -> Relationship:
    return rel(*_stored_rel(row))


# -- listing filters ---------------------------------------------------------------

_ACTIVE = (
    "(n.valid_from IS NULL OR n.valid_from <= :day) AND (n.valid_to IS NULL OR n.valid_to >= :day)"
)


def _service_predicate(store: SQLiteStore, f: Filters, params: dict[str, Any]) -> list[str]:
    """Conditions on a service row aliased `s` (its provider joined as needed)."""
    conds: list[str] = []
    if f.sector is not None:
        params["sector"] = f.sector.value
        conds.append(
            "EXISTS (SELECT 1 FROM rels o JOIN nodes p ON p.label='Provider' AND p.id=o.src "
            "WHERE o.kind='OFFERS' AND o.dst=s.id AND p.sector=:sector)"
        )
    if f.need is not None:
        params["need"] = f.need
        conds.append(
            "EXISTS (SELECT 1 FROM rels m WHERE m.kind='MEETS' AND m.src=s.id AND m.dst=:need)"
        )
    if f.group is not None:
        params["group"] = f.group
        explicit = (
            "EXISTS (SELECT 1 FROM rels g WHERE g.kind='SERVES' AND g.src=s.id AND g.dst=:group)"
        )
        group = store._props_many(Label.TARGET_GROUP, [f.group]).get(f.group)
        if group and group.get("kind") == "age":
            params["gmin"] = group.get("min_age", -1e9)
            params["gmax"] = group.get("max_age", 1e9)
            derived = (
                "(NOT EXISTS (SELECT 1 FROM rels g2 WHERE g2.kind='SERVES' AND g2.src=s.id) "
                "AND (json_extract(s.props,'$.min_age') IS NOT NULL OR "
                "json_extract(s.props,'$.max_age') IS NOT NULL) "
                "AND coalesce(json_extract(s.props,'$.min_age'), -1e9) <= :gmax "
                "AND coalesce(json_extract(s.props,'$.max_age'), 1e9) >= :gmin)"
            )
            conds.append(f"({explicit} OR {derived})")
        else:
            conds.append(explicit)
    if f.area is not None:
        places = [f.area, *store.ancestors(Label.AREA, f.area)]
        marks = []
        for i, place in enumerate(places):
            params[f"area{i}"] = place
            marks.append(f":area{i}")
        conds.append(
            "(NOT EXISTS (SELECT 1 FROM rels a WHERE a.kind='AVAILABLE_IN' AND a.src=s.id) "
            "OR EXISTS (SELECT 1 FROM rels a WHERE a.kind='AVAILABLE_IN' AND a.src=s.id "
            f"AND a.dst IN ({','.join(marks)})))"
        )
    if f.as_of is not None:
        params["day"] = f.as_of.isoformat()
        conds.append(_ACTIVE.replace("n.", "s."))
        conds.append(
            "NOT EXISTS (SELECT 1 FROM rels o JOIN nodes p ON p.label='Provider' AND p.id=o.src "
            "WHERE o.kind='OFFERS' AND o.dst=s.id AND NOT (" + _ACTIVE.replace("n.", "p.") + "))"
        )
    return conds


def _filter_sql(store: SQLiteStore, label: Label, f: Filters) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"label": label.value}
    conds = ["n.label = :label"]
    if f.q:
        params["q"] = (
            "%" + fold(f.q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        conds.append("n.search LIKE :q ESCAPE '\\'")
    service_filters = Filters(
        sector=None if label is Label.PROVIDER else f.sector,
        group=f.group,
        need=f.need,
        area=f.area,
        as_of=f.as_of,
    )
    if label is Label.SERVICE:
        inner = _service_predicate(store, service_filters, params)
        if inner:
            conds.append(
                "EXISTS (SELECT 1 FROM nodes s WHERE s.label='Service' AND s.id=n.id "
                "AND " + " AND ".join(inner) + ")"
            )
    elif label is Label.PROVIDER:
        if f.sector is not None:
            params["psector"] = f.sector.value
            conds.append("n.sector = :psector")
        if f.as_of is not None:
            params["day"] = f.as_of.isoformat()
            conds.append(_ACTIVE)
        inner = (
            _service_predicate(
                store, Filters(group=f.group, need=f.need, area=f.area, as_of=f.as_of), params
            )
            if (f.group or f.need or f.area)
            else []
        )
        if inner:
            conds.append(
                "EXISTS (SELECT 1 FROM rels o JOIN nodes s ON s.label='Service' AND s.id=o.dst "
                "WHERE o.kind='OFFERS' AND o.src=n.id AND " + " AND ".join(inner) + ")"
            )
    elif label is Label.NEED and f.group is not None:
        params["group"] = f.group
        conds.append(
            "EXISTS (SELECT 1 FROM rels h WHERE h.kind='HAS_NEED' AND h.src=:group AND h.dst=n.id)"
        )
    return " AND ".join(conds), params


def open_sqlite(url: str) -> SQLiteStore:
    path = url[len("sqlite://") :]
    if path.startswith("/"):
        path = path[1:]  # sqlite:///rel.db -> rel.db ; sqlite:////abs.db -> /abs.db
    if not path:
        path = "graphsvc.db"
    return SQLiteStore(url, path)
