"""Writes to the embedded SQLite store: one transaction, only what changed, counted."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import orjson

from graphsvc.errors import NodeNotFound, RelationshipNotFound
from graphsvc.model import INCOMING, Label, Node, Relationship, RelKind, reference_fields, rel
from graphsvc.store.base import (
    WriteCounts,
    chunked,
    missing_endpoints,
    rel_key,
    rewrite_references,
)
from graphsvc.store.history import DOCUMENT_LABELS, Journal, Version, current_actor, now
from graphsvc.store.log_blocks import record_changes

if TYPE_CHECKING:
    from graphsvc.store.sqlite import SQLiteStore

ID_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
_REL_BATCH = 5_000  # relationships per write batch (the look-ups are chunked apart)

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dumps(data: dict[str, Any]) -> str:
    """Compact JSON with sorted keys and UTF-8 text, as stored relationship properties
    have always been written: stored text is compared with it byte for byte. orjson
    writes the same bytes for these values (strings and integers) in a tenth of the time;
    anything it refuses (a lone surrogate, an integer beyond 64 bits) goes to the
    standard library's encoder, as before."""
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        return _ENCODER.encode(data)


def _node_row(node: Node) -> tuple[Any, ...]:
    values = node.__dict__  # (getattr with a default on a missing field costs 2 µs)
    sector = values.get("sector")
    valid_from = values.get("valid_from")
    valid_to = values.get("valid_to")
    return (
        node.label.value,
        node.id,
        node.properties_json(),
        node.search_text(),
        sector.value if sector is not None else None,
        valid_from.isoformat() if valid_from is not None else None,
        valid_to.isoformat() if valid_to is not None else None,
    )


def _same_props(old: str, new: str) -> bool:
    # (text written before properties_json had its keys sorted: compare the values then)
    return old == new or orjson.loads(old) == orjson.loads(new)


def _row_rel(row: tuple[str, ...]) -> Relationship:
    kind, src_label, src, dst_label, dst = row[:5]
    return rel(RelKind(kind), src, dst, Label(src_label), Label(dst_label))


DOCUMENTS_TABLE = (
    "CREATE TABLE IF NOT EXISTS documents (kind TEXT NOT NULL, name TEXT NOT NULL, "
    "body TEXT NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID"
)


class SQLiteWriter:
    """Writes of one SQLite transaction."""

    def __init__(self, store: SQLiteStore, conn: sqlite3.Connection) -> None:
        self.store = store
        self.conn = conn
        self.counts = WriteCounts()
        # Nodes created in this transaction: they have no earlier relationships, so
        # relationships from them need no look-ups (this halves the time of a big import).
        self._fresh: set[tuple[str, str]] = set()
        #: what this transaction changed: versions and the change log (see history.py)
        self.journal = Journal()

    # (versions: see the section at the end)
    def claim(self, kind: str, key: str) -> Version:
        return claim_version(self, kind, key)

    def changed_since(
        self, seq: int, records: set[tuple[str, str]]
    ) -> list[tuple[str, str, Version]]:
        return changed_since(self, seq, records)

    @property
    def changed(self) -> bool:
        c = self.counts
        return bool(c.total("added") or c.total("updated") or c.total("deleted"))

    # -- documents (saved views, decks) -------------------------------------------

    def put_document(self, kind: str, name: str, body: str) -> bool:
        """Store a document's JSON `body` under (kind, name); whether it changed. (The
        table is made by the first document: opening a store never writes to it.)"""
        self.conn.execute(DOCUMENTS_TABLE)
        old = self.conn.execute(
            "SELECT body FROM documents WHERE kind=? AND name=?", (kind, name)
        ).fetchone()
        if old is not None and old[0] == body:
            self.counts.bump("unchanged", kind)
            return False
        self.conn.execute(
            "INSERT OR REPLACE INTO documents (kind, name, body) VALUES (?, ?, ?)",
            (kind, name, body),
        )
        self.counts.bump("updated" if old is not None else "added", kind)
        self.journal.whole(DOCUMENT_LABELS[kind], name, None if old is None else old[0], body)
        return True

    def delete_document(self, kind: str, name: str) -> bool:
        """Remove a document; whether there was one."""
        self.conn.execute(DOCUMENTS_TABLE)
        gone = self.conn.execute(
            "DELETE FROM documents WHERE kind=? AND name=? RETURNING body", (kind, name)
        ).fetchall()
        if gone:
            self.counts.bump("deleted", kind)
            self.journal.whole(DOCUMENT_LABELS[kind], name, gone[0][0], None)
        return bool(gone)

    def upsert_nodes(self, label: Label, nodes: Iterable[Node]) -> int:
        n = 0
        for batch in chunked(nodes, ID_CHUNK):
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
            journal = self.journal
            for row in rows:
                old = existing.get(row[1])
                if old is None:
                    added += 1
                    changed.append(row)
                    self._fresh.add((row[0], row[1]))
                    journal.node_added(row[0], row[1], row[2])
                elif not _same_props(old, row[2]):
                    updated += 1
                    changed.append(row)
                    journal.node_update(row[0], row[1], orjson.loads(old), orjson.loads(row[2]))
            for what, count in (
                ("added", added),
                ("updated", updated),
                ("unchanged", len(rows) - added - updated),
            ):
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
                    r.source
                )
            if (r.target_label, r.target) not in fresh:
                wanted.setdefault(r.target_label.value, set()).add(  # type: ignore[union-attr]
                    r.target
                )
        missing: set[tuple[str, str]] = set()
        for label, ids in wanted.items():
            found = self.store.exists(Label(label), ids)
            missing.update((label, i) for i in ids - found)
        missing_endpoints(rels, missing)

    def add_references(self, label: Label, nodes: Sequence[Node]) -> int:
        # Rows straight from the fields: a new node has no stored relationships to look
        # up or replace, and needs no Relationship objects (making those took a third of
        # the time of writing a hundred thousand new services).
        own, fresh = label.value, self._fresh
        per_kind: list[tuple[RelKind, list[tuple[str, ...]]]] = []
        missing: set[tuple[str, str]] = set()
        # (the nodes themselves are this transaction's: said, and checked all the same,
        # since a bulk write has no foreign keys to catch a mistake)
        unknown = {n.id for n in nodes if (own, n.id) not in fresh}
        if unknown:
            missing.update((own, i) for i in unknown - self.store.exists(label, unknown))
        for field_name, kind, target_label in reference_fields(label):
            k, other = kind.value, target_label.value
            incoming = kind in INCOMING
            rows: list[tuple[str, ...]] = []
            targets: set[str] = set()
            for node in nodes:
                value = getattr(node, field_name)
                if not value:
                    continue
                node_id = node.id
                for target in value if type(value) is list else (value,):
                    targets.add(target)
                    rows.append(
                        (k, other, target, own, node_id, "", "{}")
                        if incoming
                        else (k, own, node_id, other, target, "", "{}")
                    )
            stored = {t for t in targets if (other, t) not in fresh}
            if stored:
                missing.update((other, t) for t in stored - self.store.exists(target_label, stored))
            per_kind.append((kind, rows))
        if missing:  # (only now are the relationships themselves made, to name them)
            missing_endpoints((_row_rel(row) for _, rows in per_kind for row in rows), missing)
        written = 0
        for kind, rows in per_kind:
            before = self.conn.total_changes
            self.conn.executemany(
                "INSERT INTO rels (kind, src_label, src, dst_label, dst, key, props) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows,
            )
            n = self.conn.total_changes - before
            if n:
                self.counts.bump("added", kind.value, n)
            written += n
        return written

    def upsert_relationships(self, relationships: Iterable[Relationship]) -> int:
        n = 0
        fresh = self._fresh
        offers_kind, part_of = RelKind.OFFERS, RelKind.PART_OF
        for batch in chunked(relationships, _REL_BATCH):
            self._check_endpoints(batch)
            existing = self._existing([r for r in batch if (r.source_label, r.source) not in fresh])
            inserts: list[tuple[Any, ...]] = []
            offers: list[tuple[str, str]] = []
            parents: list[tuple[str, str, str]] = []
            added: dict[RelKind, int] = {}
            updated: dict[RelKind, int] = {}
            unchanged: dict[RelKind, int] = {}
            for r in batch:
                kind = r.kind
                key: tuple[Any, ...] = (
                    kind,
                    r.source_label,
                    r.source,
                    r.target_label,
                    r.target,
                    r.key if kind is RelKind.PARTNERS_WITH else "",
                )
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
                old_props = existing.get(key) if existing else None
                self.journal.rel_change(
                    r, "add" if old_props is None else "update", old_props, props
                )
                # a service has one provider, and a provider or an area one parent
                if kind is offers_kind:
                    if (Label.SERVICE, r.target) not in fresh:
                        offers.append((r.target, r.source))
                elif kind is part_of and (r.source_label, r.source) not in fresh:
                    parents.append(
                        (
                            r.source_label.value,  # type: ignore[union-attr]
                            r.source,
                            r.target,
                        )
                    )
            for what, bucket in (("added", added), ("updated", updated), ("unchanged", unchanged)):
                for rel_kind, count in bucket.items():
                    self.counts.bump(what, rel_kind.value, count)
            # (each DELETE is shaped to use an index: rels_dst and rels_src)
            if offers:
                self.conn.executemany(
                    "DELETE FROM rels WHERE dst_label='Service' AND dst=? AND kind='OFFERS' "
                    "AND src<>?",
                    offers,
                )
            if parents:
                self.conn.executemany(
                    "DELETE FROM rels WHERE src_label=? AND src=? AND kind='PART_OF' AND dst<>?",
                    parents,
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
            for ids in chunked(all_ids, ID_CHUNK):
                marks = ",".join("?" * len(ids))
                for row in self.conn.execute(
                    "SELECT kind, src_label, src, dst_label, dst, key, props FROM rels "
                    f"WHERE src_label=? AND src IN ({marks})",
                    [label, *ids],
                ):
                    found[tuple(row[:6])] = row[6]
        return found

    def replace_references(self, node: Node) -> None:
        rewrite_references(
            self, node, [rel(*r) for r in self.store._outgoing(node.label, [node.id])]
        )

    def _delete_rel(self, rel: Relationship) -> int:
        gone = self.conn.execute(
            "DELETE FROM rels WHERE kind=? AND src_label=? AND src=? AND dst_label=? "
            "AND dst=? AND key=? RETURNING props",
            rel_key(rel),
        ).fetchall()
        if gone:
            self.counts.bump("deleted", rel.kind.value, len(gone))
            self.journal.rel_change(rel, "delete", orjson.loads(gone[0][0]), None)
        return len(gone)

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
            if self.conn.execute(
                "SELECT 1 FROM nodes WHERE label='Provider' AND id=?", (id,)
            ).fetchone():
                for (service,) in owned:
                    self.delete_node(Label.SERVICE, service)
        # (said, not left to ON DELETE CASCADE: a bulk write runs without foreign keys;
        # and first, so that the change log has what the cascade would take silently)
        rels = self.conn.execute(
            "DELETE FROM rels WHERE (src_label=? AND src=?) OR (dst_label=? AND dst=?) "
            "RETURNING kind, src_label, src, dst_label, dst, props",
            (label.value, id, label.value, id),
        ).fetchall()
        gone = self.conn.execute(
            "DELETE FROM nodes WHERE label=? AND id=? RETURNING props", (label.value, id)
        ).fetchall()
        if not gone:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        self.counts.bump("deleted", label.value)
        # the node's relationships first: put back, the node comes before them
        for row in rels:
            self.counts.bump("deleted", row[0])
            props = orjson.loads(row[5])
            gone_rel = rel(RelKind(row[0]), row[2], row[4], Label(row[1]), Label(row[3]), props)
            self.journal.rel_change(gone_rel, "delete", props, None)
        self.journal.node_deleted(label.value, id, gone[0][0])


# -- versions (see graphsvc.store.history) ----------------------------------------------


def claim_version(writer: SQLiteWriter, kind: str, key: str) -> Version:
    """The record's version inside the write (the transaction already holds the
    store's one write lock: nobody changes it before this one commits)."""
    row = writer.conn.execute(
        "SELECT version, by, at, seq FROM record_versions WHERE kind=? AND key=?", (kind, key)
    ).fetchone()
    return Version(*row) if row else Version(0)


def changed_since(
    writer: SQLiteWriter, seq: int, records: set[tuple[str, str]]
) -> list[tuple[str, str, Version]]:
    """Those of `records` that a write after the store's version `seq` changed."""
    rows = writer.conn.execute(
        "SELECT kind, key, version, by, at, seq FROM record_versions WHERE seq > ?", (seq,)
    ).fetchall()
    return [(k, key, Version(*rest)) for k, key, *rest in rows if (k, key) in records]


def bump_versions(writer: SQLiteWriter, seq: int, *, logged: bool = False) -> None:
    """One more version for every record the write touched, in its transaction, and
    (`logged`) the changes of each that the write logged (see sqlite_log)."""
    actor, at = current_actor(), now()
    sql = (
        "INSERT INTO record_versions (kind, key, version, by, at, seq{}) "
        "VALUES (?, ?, 1, ?, ?, ?{}) "
        "ON CONFLICT (kind, key) DO UPDATE SET version = version + 1, by = excluded.by, "
        "at = excluded.at, seq = excluded.seq{}"
    )
    touched = writer.journal.touched
    if not logged:
        writer.conn.executemany(
            sql.format("", "", ""), [(*record, actor.name, at, seq) for record in touched]
        )
        return
    writer.conn.executemany(
        sql.format(
            ", changes",
            ", ?",
            ", changes = CASE WHEN excluded.changes IS NULL THEN changes "
            "WHEN changes IS NULL THEN excluded.changes "
            "ELSE changes || ' ' || excluded.changes END",
        ),
        [(*record, actor.name, at, seq, record_changes(seq, n)) for record, n in touched.items()],
    )
