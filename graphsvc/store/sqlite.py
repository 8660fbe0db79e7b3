"""The embedded store: one SQLite file, WAL mode, nothing to install or start."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from json.encoder import c_encode_basestring, c_make_encoder  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from graphsvc.errors import (
    NodeNotFound,
    RelationshipNotFound,
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
    _trusted,
    fold,
    node_references,
    outgoing,
    rel,
)
from graphsvc.perf import gc_paused
from graphsvc.store.base import (
    Filters,
    Page,
    StoreCapabilities,
    WriteCounts,
    chunked,
    missing_endpoints,
)

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

_ID_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
_REL_BATCH = 5_000  # relationships per write batch (the look-ups are chunked apart)


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
# The C encoder behind _ENCODER.encode, made once (encode makes one per call); the
# values are plain JSON data without cycles, so no check for them.
_C_ENCODE = (
    c_make_encoder(None, _ENCODER.default, c_encode_basestring, None, ":", ",", True,
                   False, True)
    if c_make_encoder is not None and c_encode_basestring is not None else None
)


def _dumps(data: dict[str, Any]) -> str:
    if _C_ENCODE is not None:
        return "".join(_C_ENCODE(data, 0))
    return _ENCODER.encode(data)


def _node_row(node: Node) -> tuple[Any, ...]:
    props = node.properties()
    return (
        node.label.value,
        node.id,
        _dumps(props),
        node.search_text(),
        props.get("sector"),
        props.get("valid_from"),
        props.get("valid_to"),
    )


class SQLiteStore:
    """A GraphStore in one SQLite file (`sqlite:///path.db`, or `sqlite://:memory:`)."""

    capabilities = StoreCapabilities(transactional=True, max_batch_rows=5_000)

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
        conn = self._conn()
        try:
            conn.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"Cannot open the store {url}: {exc}.") from None

    # -- connections -----------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=30
                )
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=30000")
            except sqlite3.DatabaseError as exc:
                raise StoreUnavailable(f"Cannot open the store {self.url}: {exc}.") from None
            self._local.conn = conn
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
        row = self._conn().execute("SELECT value FROM meta WHERE key='version'").fetchone()
        return int(row[0])

    # -- reads -----------------------------------------------------------------------

    def _rows(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"The store {self.url} cannot be read: {exc}.") from None

    def _props_many(self, label: Label, ids: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in chunked(ids, _ID_CHUNK):
            marks = ",".join("?" * len(chunk))
            for id_, props in self._rows(
                f"SELECT id, props FROM nodes WHERE label=? AND id IN ({marks})",
                [label.value, *chunk],
            ):
                out[id_] = json.loads(props)
        return out

    def _outgoing(self, label: Label, ids: list[str]) -> list[Relationship]:
        """The relationships that make up the nodes' reference fields."""
        rels: list[Relationship] = []
        for chunk in chunked(ids, _ID_CHUNK):
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
            rels.extend(_rel(row) for row in self._rows(sql, params))
        return rels

    def get_many(self, label: Label, ids: Iterable[str]) -> dict[str, Node]:
        """Return the nodes of those ids that exist, with their references."""
        id_list = list(dict.fromkeys(ids))
        props = self._props_many(label, id_list)
        if not props:
            return {}
        refs = node_references(self._outgoing(label, list(props)))
        # (stored data was validated on the way in: built as validation would build it)
        build = _trusted(NODE_TYPES[label])
        return {i: build({**p, **refs.get((label, i), {})}) for i, p in props.items()}

    def get(self, label: Label, id: str) -> Node:
        found = self.get_many(label, [id])
        if id not in found:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        return found[id]

    def exists(self, label: Label, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunked(list(dict.fromkeys(ids)), _ID_CHUNK):
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
        conn = self._conn()
        conn.execute("BEGIN")
        try:
            with gc_paused():
                rels = (
                    _rel(r)
                    for r in conn.execute(
                        "SELECT kind, src_label, src, dst_label, dst, props FROM rels "
                        "ORDER BY kind, src, dst, key"
                    )
                )
                nodes = {label: _node_props(conn, label) for label in Label}
                ds = Dataset.from_graph(nodes, rels)
        finally:
            conn.execute("COMMIT")
        return ds.restricted(as_of=as_of, sectors=sectors)

    # -- writes ----------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[SQLiteWriter]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"The store {self.url} cannot be written: {exc}.") from None
        writer = SQLiteWriter(self, conn)
        try:
            yield writer
            if writer.changed:
                conn.execute(
                    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='version'"
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _node_props(conn: sqlite3.Connection, label: Label) -> Iterator[dict[str, Any]]:
    """The properties of every node of `label`, by id (read when first asked for)."""
    loads = json.loads
    for (props,) in conn.execute("SELECT props FROM nodes WHERE label=? ORDER BY id",
                                 (label.value,)):
        yield loads(props)




class SQLiteWriter:
    """Writes of one SQLite transaction."""

    def __init__(self, store: SQLiteStore, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.counts = WriteCounts()
        # Nodes created in this transaction: they have no earlier relationships, so
        # relationships from them need no look-ups (this halves the time of a big import).
        self._fresh: set[tuple[str, str]] = set()

    @property
    def changed(self) -> bool:
        c = self.counts
        return bool(c.total("added") or c.total("updated") or c.total("deleted"))

    def upsert_nodes(self, label: Label, nodes: Iterable[Node]) -> int:
        n = 0
        for batch in chunked(nodes, _ID_CHUNK):
            rows = [_node_row(node) for node in batch]
            existing = dict(
                self.conn.execute(
                    f"SELECT id, props FROM nodes WHERE label=? AND id IN "
                    f"({','.join('?' * len(rows))})",
                    [label.value, *(r[1] for r in rows)],
                ).fetchall()
            )
            changed = []
            added = updated = 0
            for row in rows:
                old = existing.get(row[1])
                if old is None:
                    added += 1
                    changed.append(row)
                    self._fresh.add((row[0], row[1]))
                elif old != row[2]:
                    updated += 1
                    changed.append(row)
            for what, count in (("added", added), ("updated", updated),
                                ("unchanged", len(rows) - added - updated)):
                if count:
                    self.counts.bump(what, label.value, count)
            self.conn.executemany(
                "INSERT INTO nodes (label, id, props, search, sector, valid_from, valid_to) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (label, id) DO UPDATE SET "
                "props=excluded.props, search=excluded.search, sector=excluded.sector, "
                "valid_from=excluded.valid_from, valid_to=excluded.valid_to",
                changed,
            )
            n += len(rows)
        return n

    def _check_endpoints(self, rels: list[Relationship]) -> None:
        wanted: dict[str, set[str]] = {}
        fresh = self._fresh
        # (labels are StrEnum members: they hash and compare as their values)
        for r in rels:
            if (r.source_label, r.source) not in fresh:
                wanted.setdefault(r.source_label.value, set()).add(  # type: ignore[union-attr]
                    r.source)
            if (r.target_label, r.target) not in fresh:
                wanted.setdefault(r.target_label.value, set()).add(  # type: ignore[union-attr]
                    r.target)
        missing: set[tuple[str, str]] = set()
        for label, ids in wanted.items():
            found = self.store.exists(Label(label), ids)
            missing.update((label, i) for i in ids - found)
        missing_endpoints(rels, missing)

    def upsert_relationships(self, relationships: Iterable[Relationship]) -> int:
        n = 0
        fresh = self._fresh
        offers_kind, part_of = RelKind.OFFERS, RelKind.PART_OF
        for batch in chunked(relationships, _REL_BATCH):
            self._check_endpoints(batch)
            existing = self._existing(
                [r for r in batch if (r.source_label, r.source) not in fresh])
            inserts: list[tuple[Any, ...]] = []
            offers: list[tuple[str, str]] = []
            parents: list[tuple[str, str, str]] = []
            added: dict[RelKind, int] = {}
            updated: dict[RelKind, int] = {}
            unchanged: dict[RelKind, int] = {}
            for r in batch:
                kind = r.kind
                key: tuple[Any, ...] = (
                    kind, r.source_label, r.source, r.target_label, r.target,
                    r.key if kind is RelKind.PARTNERS_WITH else "")
                props = _dumps(r.properties) if r.properties else "{}"
                if existing:
                    old = existing.get(key)
                    if old == props:
                        unchanged[kind] = unchanged.get(kind, 0) + 1
                        continue
                    if old is not None:
                        updated[kind] = updated.get(kind, 0) + 1
                    else:
                        added[kind] = added.get(kind, 0) + 1
                else:
                    added[kind] = added.get(kind, 0) + 1
                inserts.append((*key, props))
                # a service has one provider, and a provider or an area one parent
                if kind is offers_kind:
                    if (Label.SERVICE, r.target) not in fresh:
                        offers.append((r.target, r.source))
                elif kind is part_of and (r.source_label, r.source) not in fresh:
                    parents.append((r.source_label.value,  # type: ignore[union-attr]
                                    r.source, r.target))
            for what, bucket in (("added", added), ("updated", updated),
                                 ("unchanged", unchanged)):
                for rel_kind, count in bucket.items():
                    self.counts.bump(what, rel_kind.value, count)
            # (each DELETE is shaped to use an index: rels_dst and rels_src)
            if offers:
                self.conn.executemany(
                    "DELETE FROM rels WHERE dst_label='Service' AND dst=? AND kind='OFFERS' "
                    "AND src<>?", offers,
                )
            if parents:
                self.conn.executemany(
                    "DELETE FROM rels WHERE src_label=? AND src=? AND kind='PART_OF' "
                    "AND dst<>?", parents,
                )
            self.conn.executemany(
                "INSERT INTO rels (kind, src_label, src, dst_label, dst, key, props) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET props=excluded.props",
                inserts,
            )
            n += len(batch)
        return n

    def _existing(self, batch: list[Relationship]) -> dict[tuple[str, ...], str]:
        """Props of the stored relationships that share a source with one in `batch`."""
        found: dict[tuple[str, ...], str] = {}
        if not batch:
            return found
        by_label: dict[str, list[str]] = {}
        for label, source in {(str(r.source_label), r.source) for r in batch}:
            by_label.setdefault(label, []).append(source)
        for label, all_ids in by_label.items():
            for ids in chunked(all_ids, _ID_CHUNK):
                marks = ",".join("?" * len(ids))
                for row in self.conn.execute(
                    "SELECT kind, src_label, src, dst_label, dst, key, props FROM rels "
                    f"WHERE src_label=? AND src IN ({marks})",
                    [label, *ids],
                ):
                    found[tuple(row[:6])] = row[6]
        return found

    def replace_references(self, node: Node) -> None:
        wanted = {_rel_key(r): r for r in outgoing(node)}
        current = {
            _rel_key(r): r for r in self.store._outgoing(node.label, [node.id])
        }
        for key in current.keys() - wanted.keys():
            self._delete_rel(current[key])
        new = [wanted[k] for k in wanted.keys() - current.keys()]
        if new:
            self.upsert_relationships(new)

    def _delete_rel(self, rel: Relationship) -> int:
        cur = self.conn.execute(
            "DELETE FROM rels WHERE kind=? AND src_label=? AND src=? AND dst_label=? "
            "AND dst=? AND key=?",
            (rel.kind.value, str(rel.source_label), rel.source, str(rel.target_label),
             rel.target, rel.key),
        )
        if cur.rowcount:
            self.counts.bump("deleted", rel.kind.value, cur.rowcount)
        return cur.rowcount

    def delete_relationship(self, rel: Relationship) -> None:
        if not self._delete_rel(rel):
            raise RelationshipNotFound(
                f"No {rel.kind} relationship from {rel.source!r} to {rel.target!r}."
            )

    def delete_node(self, label: Label, id: str) -> None:
        if label is Label.PROVIDER:
            # A service cannot be without its provider: it goes with it.
            owned = self.conn.execute(
                "SELECT dst FROM rels WHERE kind='OFFERS' AND src_label='Provider' AND src=?",
                (id,),
            ).fetchall()
            if self.conn.execute("SELECT 1 FROM nodes WHERE label='Provider' AND id=?",
                                 (id,)).fetchone():
                for (service,) in owned:
                    self.delete_node(Label.SERVICE, service)
        rels = self.conn.execute(
            "SELECT kind, count(*) FROM rels WHERE (src_label=? AND src=?) OR "
            "(dst_label=? AND dst=?) GROUP BY kind",
            (label.value, id, label.value, id),
        ).fetchall()
        cur = self.conn.execute("DELETE FROM nodes WHERE label=? AND id=?", (label.value, id))
        if not cur.rowcount:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        self.counts.bump("deleted", label.value)
        for kind, count in rels:
            self.counts.bump("deleted", kind, count)


def _rel_key(r: Relationship) -> tuple[str, ...]:
    return (r.kind.value, str(r.source_label), r.source, str(r.target_label), r.target, r.key)


_KIND = {k.value: k for k in RelKind}
_LABEL = {label.value: label for label in Label}


def _rel(row: tuple[Any, ...]) -> Relationship:
    kind, src_label, src, dst_label, dst, props = row
    return rel(_KIND[kind], src, dst, _LABEL[src_label], _LABEL[dst_label],
               json.loads(props) if props != "{}" else {})


# -- listing filters ---------------------------------------------------------------

_ACTIVE = ("(n.valid_from IS NULL OR n.valid_from <= :day) AND "
           "(n.valid_to IS NULL OR n.valid_to >= :day)")


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
        conds.append("EXISTS (SELECT 1 FROM rels m WHERE m.kind='MEETS' AND m.src=s.id "
                     "AND m.dst=:need)")
    if f.group is not None:
        params["group"] = f.group
        explicit = ("EXISTS (SELECT 1 FROM rels g WHERE g.kind='SERVES' AND g.src=s.id "
                    "AND g.dst=:group)")
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
            "WHERE o.kind='OFFERS' AND o.dst=s.id AND NOT ("
            + _ACTIVE.replace("n.", "p.") + "))"
        )
    return conds


def _filter_sql(store: SQLiteStore, label: Label, f: Filters) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"label": label.value}
    conds = ["n.label = :label"]
    if f.q:
        params["q"] = "%" + fold(f.q).replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        conds.append("n.search LIKE :q ESCAPE '\\'")
    service_filters = Filters(sector=None if label is Label.PROVIDER else f.sector,
                              group=f.group, need=f.need, area=f.area, as_of=f.as_of)
    if label is Label.SERVICE:
        inner = _service_predicate(store, service_filters, params)
        if inner:
            conds.append("EXISTS (SELECT 1 FROM nodes s WHERE s.label='Service' AND s.id=n.id "
                          "AND " + " AND ".join(inner) + ")")
    elif label is Label.PROVIDER:
        if f.sector is not None:
            params["psector"] = f.sector.value
            conds.append("n.sector = :psector")
        if f.as_of is not None:
            params["day"] = f.as_of.isoformat()
            conds.append(_ACTIVE)
        inner = _service_predicate(
            store, Filters(group=f.group, need=f.need, area=f.area, as_of=f.as_of), params
        ) if (f.group or f.need or f.area) else []
        if inner:
            conds.append(
                "EXISTS (SELECT 1 FROM rels o JOIN nodes s ON s.label='Service' AND s.id=o.dst "
                "WHERE o.kind='OFFERS' AND o.src=n.id AND " + " AND ".join(inner) + ")"
            )
    elif label is Label.NEED and f.group is not None:
        params["group"] = f.group
        conds.append("EXISTS (SELECT 1 FROM rels h WHERE h.kind='HAS_NEED' AND h.src=:group "
                     "AND h.dst=n.id)")
    return " AND ".join(conds), params


def open_sqlite(url: str) -> SQLiteStore:
    path = url[len("sqlite://"):]
    if path.startswith("/"):
        path = path[1:]  # sqlite:///rel.db -> rel.db ; sqlite:////abs.db -> /abs.db
    if not path:
        path = "graphsvc.db"
    return SQLiteStore(url, path)
