"""Writes of the Neo4j store: batched `UNWIND $rows …` statements (CREATE for new
nodes and their references, MATCH … SET or MERGE otherwise) inside the one
transaction that `Neo4jStore.transact()` runs (a new writer for each attempt)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from graphsvc.errors import NodeNotFound, RelationshipNotFound
from graphsvc.model import Label, Node, Relationship, RelKind, outgoing
from graphsvc.model import rel as make_rel
from graphsvc.store import cypher, cypher_history
from graphsvc.store.base import (
    WriteCounts,
    chunked,
    missing_endpoints,
    rel_key,
    rewrite_references,
)
from graphsvc.store.bolt import Tx, TxReader, decode_props, encode_node
from graphsvc.store.history import DOCUMENT_LABELS, Journal, Version, current_actor, dumps, now
from graphsvc.store.log_blocks import record_changes


def _with_removals(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """`SET x += props` keeps keys it is not given: a null removes one that is gone."""
    if not old:
        return new
    return {**{k: None for k in old.keys() - new.keys() if k != "id"}, **new}


class BoltWriter:
    """Writes of one transaction; `rows_sent` says how many rows went to the server."""

    def __init__(self, tx: Tx, batch_rows: int) -> None:
        self.batch_rows = batch_rows
        self.read = TxReader(tx, batch_rows)
        self.counts = WriteCounts()
        self.rows_sent = 0
        #: the nodes this transaction created: known to exist, and with no
        #: relationships but those this transaction gives them
        self.fresh: dict[Label, set[str]] = {}
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
        """Store a document's JSON `body` under (kind, name); whether it changed."""
        key = f"{kind}:{name}"
        old = self.read.rows(cypher.DOCUMENT_BODY, key=key)
        if old and old[0]["body"] == body:
            self.counts.bump("unchanged", kind)
            return False
        self.read.run(
            cypher.PUT_DOCUMENT, {"key": key, "kind": kind, "name": name, "body": body}
        ).consume()
        self.counts.bump("updated" if old else "added", kind)
        self.journal.whole(DOCUMENT_LABELS[kind], name, old[0]["body"] if old else None, body)
        return True

    def delete_document(self, kind: str, name: str) -> bool:
        """Remove a document; whether there was one."""
        key = f"{kind}:{name}"
        old = self.read.rows(cypher.DOCUMENT_BODY, key=key)
        rows = self.read.rows(cypher.DELETE_DOCUMENT, key=key)
        gone = bool(rows and rows[0]["n"])
        if gone:
            self.counts.bump("deleted", kind)
            self.journal.whole(DOCUMENT_LABELS[kind], name, old[0]["body"] if old else None, None)
        return gone

    def _send(self, query: str, rows: list[dict[str, Any]]) -> None:
        """Send rows in batches of `batch_rows`, each one statement."""
        for batch in chunked(rows, self.batch_rows):
            self.read.run(query, {"rows": batch}).consume()
            self.rows_sent += len(batch)

    # -- nodes ---------------------------------------------------------------------

    def upsert_nodes(self, label: Label, nodes: Iterable[Node]) -> int:
        """New nodes are created (the unique constraint on id guards them), changed ones
        updated; the stored properties are read first to tell the three apart."""
        n = 0
        fresh = self.fresh.setdefault(label, set())
        for chunk in chunked(nodes, self.batch_rows):
            old = self.read.props_many(label, [node.id for node in chunk])
            created, updated = [], []
            for node in chunk:
                props = encode_node(node)
                before = old.get(node.id)
                if before is None:
                    if node.id in fresh:  # given twice in one write: the last one counts
                        updated.append({"id": node.id, "props": props})
                        continue
                    self.counts.bump("added", label.value)
                    created.append({"props": props})
                    fresh.add(node.id)
                    self.journal.node_added(label.value, node.id, dumps(node.properties()))
                elif before == props:
                    self.counts.bump("unchanged", label.value)
                else:
                    self.counts.bump("updated", label.value)
                    updated.append({"id": node.id, "props": _with_removals(props, before)})
                    self.journal.node_update(
                        label.value, node.id, decode_props(before), node.properties()
                    )
            self._send(cypher.create_nodes(label), created)
            self._send(cypher.update_nodes(label), updated)
            n += len(chunk)
        return n

    def delete_node(self, label: Label, id: str) -> None:
        if label is Label.PROVIDER and self.read.exists(label, [id]):
            # A service cannot be without its provider: it goes with it.
            for row in self.read.rows(cypher.OWNED_SERVICES, id=id):
                self.delete_node(Label.SERVICE, row["id"])
        rels = self.read.rows(cypher.node_rel_counts(label), id=id)
        before = self.read.props_many(label, [id]).get(id)
        touching = self.read.rows(cypher_history.touching(label.value), id=id)
        deleted = self.read.rows(cypher.delete_node(label), id=id)
        if not deleted or not deleted[0]["n"] or before is None:
            raise NodeNotFound(f"No {label} with id {id!r}.")
        self.rows_sent += 1
        self.counts.bump("deleted", label.value)
        for row in rels:
            self.counts.bump("deleted", row["kind"], row["n"])
        for row in touching:
            self.journal.rel_change(_stored(row), "delete", _rel_props(row), None)
        self.journal.node_deleted(label.value, id, dumps(decode_props(before)))

    # -- relationships -------------------------------------------------------------

    def _check_endpoints(self, rels: list[Relationship]) -> None:
        wanted: dict[Label, set[str]] = {}
        for rel in rels:
            assert rel.source_label is not None and rel.target_label is not None
            wanted.setdefault(rel.source_label, set()).add(rel.source)
            wanted.setdefault(rel.target_label, set()).add(rel.target)
        self._check_exist(wanted, rels)

    def _check_exist(self, wanted: dict[Label, set[str]], rels: Iterable[Relationship]) -> None:
        """MissingReference unless every wanted node exists (those this transaction
        created are not asked for again)."""
        missing: set[tuple[str, str]] = set()
        for label, ids in wanted.items():
            unknown = ids - self.fresh.get(label, set())
            if unknown:
                missing.update((str(label), i) for i in unknown - self.read.exists(label, unknown))
        if missing:
            missing_endpoints(rels, missing)

    def upsert_relationships(self, relationships: Iterable[Relationship]) -> int:
        rels = list(relationships)
        self._check_endpoints(rels)  # every reference, before the first write
        groups: dict[tuple[RelKind, Label, Label], dict[tuple[str, ...], Relationship]] = {}
        for rel in rels:
            assert rel.source_label is not None and rel.target_label is not None
            groups.setdefault((rel.kind, rel.source_label, rel.target_label), {})[rel_key(rel)] = (
                rel
            )
        for (kind, src, dst), group in groups.items():
            for chunk in chunked(group.values(), self.batch_rows):
                self._upsert_rel_chunk(kind, src, dst, chunk)
        return len(rels)

    def _upsert_rel_chunk(
        self, kind: RelKind, src: Label, dst: Label, chunk: list[Relationship]
    ) -> None:
        keys = [{"source": r.source, "target": r.target, "key": r.key} for r in chunk]
        old: dict[tuple[str, str, str], dict[str, Any]] = {}
        for batch in self.read.id_batches(keys):
            for row in self.read.rows(cypher.rel_props(kind, src, dst), rows=batch):
                old[(row["source"], row["target"], row["key"])] = dict(row["props"])
        rows = []
        for rel in chunk:
            props = dict(rel.properties)
            if kind is RelKind.PARTNERS_WITH:
                props["kind"] = rel.key
            before = old.get((rel.source, rel.target, rel.key))
            if before is not None and before == props:
                self.counts.bump("unchanged", kind.value)
                continue
            self.counts.bump("updated" if before is not None else "added", kind.value)
            self.journal.rel_change(
                rel,
                "add" if before is None else "update",
                None if before is None else _without_key(kind, before),
                dict(rel.properties),
            )
            rows.append(
                {
                    "source": rel.source,
                    "target": rel.target,
                    "key": rel.key,
                    "props": _with_removals(props, before),
                }
            )
        if not rows:
            return
        if kind is RelKind.OFFERS:
            self._send(cypher.REPLACE_OFFERS, rows)
        elif kind is RelKind.PART_OF:
            self._send(cypher.replace_parent(src), rows)
        self._send(cypher.merge_rels(kind, src, dst), rows)

    def add_references(self, label: Label, nodes: Sequence[Node]) -> int:
        """The reference relationships of nodes this transaction created: nothing to read
        back or replace, so each is created straight away."""
        rels = [r for node in nodes for r in outgoing(node)]
        fresh = self.fresh.get(label, set())
        if any(node.id not in fresh for node in nodes):
            # not this transaction's nodes after all: the careful way
            return self.upsert_relationships(rels)
        self._check_endpoints(rels)
        groups: dict[tuple[RelKind, Label, Label], dict[tuple[str, str], None]] = {}
        for r in rels:
            assert r.source_label is not None and r.target_label is not None
            groups.setdefault((r.kind, r.source_label, r.target_label), {})[
                (r.source, r.target)
            ] = None
        for (kind, src, dst), pairs in groups.items():
            rows = [{"source": a, "target": b} for a, b in pairs]
            self._send(cypher.create_rels(kind, src, dst), rows)
            self.counts.bump("added", kind.value, len(rows))
        return sum(len(pairs) for pairs in groups.values())

    def replace_references(self, node: Node) -> None:
        rewrite_references(self, node, self.read.outgoing(node.label, [node.id]))

    def _delete_rel(self, rel: Relationship) -> int:
        assert rel.source_label is not None and rel.target_label is not None
        rows = self.read.rows(
            cypher_history.delete_rel_returning(
                rel.kind.value,
                rel.source_label.value,
                rel.target_label.value,
                rel.kind is RelKind.PARTNERS_WITH,
            ),
            source=rel.source,
            target=rel.target,
            key=rel.key,
        )
        n = len(rows)
        if n:
            self.rows_sent += 1
            self.counts.bump("deleted", rel.kind.value, n)
            self.journal.rel_change(rel, "delete", _without_key(rel.kind, rows[0]["props"]), None)
        return n

    def delete_relationship(self, rel: Relationship) -> None:
        if not self._delete_rel(rel):
            raise RelationshipNotFound(
                f"No {rel.kind} relationship from {rel.source!r} to {rel.target!r}."
            )


# -- versions (see graphsvc.store.history) ----------------------------------------------


def _without_key(kind: RelKind, props: Any) -> dict[str, Any]:
    """A stored relationship's properties as the model has them (a partnership's kind
    is its key, not a property)."""
    out = dict(props)
    if kind is RelKind.PARTNERS_WITH:
        out.pop("kind", None)
    return out


def _stored(row: dict[str, Any]) -> Relationship:
    kind = RelKind(row["kind"])
    return make_rel(
        kind,
        row["src"],
        row["dst"],
        Label(row["src_label"]),
        Label(row["dst_label"]),
        dict(row["props"]),
    )


def _rel_props(row: dict[str, Any]) -> dict[str, Any]:
    return _without_key(RelKind(row["kind"]), row["props"])


def record_key(kind: str, key: str) -> str:
    return f"{kind}{cypher_history.SEP}{key}"


def _version(row: dict[str, Any]) -> tuple[str, str, Version]:
    kind, _, key = str(row["rk"]).partition(cypher_history.SEP)
    return kind, key, Version(int(row["version"] or 0), row["by"], row["at"], int(row["seq"] or 0))


def claim_version(writer: BoltWriter, kind: str, key: str) -> Version:
    """Lock the record's version (to the commit) and read it: a second writer of the
    same record, in any process, waits for this one and then reads what it wrote."""
    rk = record_key(kind, key)
    writer.read.run(cypher_history.CLAIM, {"rk": rk}).consume()
    rows = writer.read.rows(cypher_history.VERSIONS, rks=[rk])
    return _version(rows[0])[2] if rows else Version(0)


def changed_since(
    writer: BoltWriter, seq: int, records: set[tuple[str, str]]
) -> list[tuple[str, str, Version]]:
    found = [_version(r) for r in writer.read.rows(cypher_history.CHANGED_SINCE, seq=seq)]
    return [(k, key, v) for k, key, v in found if (k, key) in records]


def bump_versions(writer: BoltWriter, seq: int, *, logged: bool = False) -> None:
    """One more version for every record the write touched, in its transaction, and
    (`logged`) the changes of each that the write logged (see log_blocks)."""
    actor, at = current_actor(), now()
    params = {"by": actor.name, "at": at, "seq": seq}
    touched = writer.journal.touched
    if not logged:
        rks = [record_key(kind, key) for kind, key in touched]
        for batch in chunked(rks, writer.batch_rows):
            writer.read.run(cypher_history.BUMP, {"rks": batch, **params}).consume()
        return
    rows = [
        {"rk": record_key(*record), "changes": record_changes(seq, n)}
        for record, n in touched.items()
    ]
    for part in chunked(rows, writer.batch_rows):
        writer.read.run(cypher_history.BUMP_LOGGED, {"rows": part, **params}).consume()
