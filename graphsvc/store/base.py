"""The store contract that the analysis, API and importers use.

No SQL or Cypher crosses this protocol: callers speak in labels, ids, node models
and relationships.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

from graphsvc.errors import MissingReference, RowError
from graphsvc.model import (
    Dataset,
    Deck,
    Label,
    Node,
    Relationship,
    RelKind,
    SavedView,
    Sector,
    outgoing,
)
from graphsvc.store.history import Change, ChangeFilters, Journal, Version

T = TypeVar("T")


#: The largest offset (and limit) a listing takes: far past any real list, and well
#: inside the 64-bit integers SQLite and Neo4j take (2**63 ended in a server error).
MAX_OFFSET = 1_000_000_000


@dataclass(frozen=True)
class StoreAuth:
    """Who a server store connects as, where its URL does not say: user, password and
    database. The edges (CLI, service settings) build it; no store reads the environment."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None


@dataclass(frozen=True)
class StoreCapabilities:
    """How a store likes to be used: its writes cut (every store writes in one
    transaction), and whether a call may wait on a network."""

    #: rows per write statement: an import hands the writer batches of this size
    max_batch_rows: int = 5_000
    #: the store is a local file: `version()` answers at once, so an async caller need
    #: not move it to a worker thread (a server's store is asked in one)
    embedded: bool = False


@dataclass
class Page(Generic[T]):
    """One page of a listing, with the total count of matches."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass
class Filters:
    """Filters of a listing; every one optional."""

    q: str | None = None  # text search ignoring case and diacritics
    sector: Sector | None = None  # Provider, or Service by its provider
    group: str | None = None  # Service serving it / Provider offering such a service
    need: str | None = None  # Service meeting it / Provider offering such a service
    area: str | None = None  # Service available there (or everywhere)
    as_of: date | None = None  # only active Providers and Services

    def is_empty(self) -> bool:
        return all(v is None for v in vars(self).values())


@dataclass
class WriteCounts:
    """What a write did, per label or relationship type."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def bump(self, what: str, key: str, n: int = 1) -> None:
        bucket: dict[str, int] = getattr(self, what)
        bucket[key] = bucket.get(key, 0) + n

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())


# -- versions and the change log (graphsvc.store.history) -----------------------------


class VersionedWriter(Protocol):
    """A write's view of record versions: a record is a node (its label and id) or a
    relationship (`history.rel_record`)."""

    journal: Journal

    def claim(self, kind: str, key: str) -> Version:
        """The record's version now, locked to the commit: no other write changes the
        record before this one ends."""
        ...

    def changed_since(
        self, seq: int, records: set[tuple[str, str]]
    ) -> list[tuple[str, str, Version]]:
        """Those of `records` that a write after the store's version `seq` changed."""
        ...


class VersionedStore(Protocol):
    def changes(
        self, filters: ChangeFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Change]:
        """Logged changes matching the filters, newest first."""
        ...

    def versions(self, kind: str, keys: Iterable[str]) -> dict[str, Version]:
        """The versions of those records of one label or relationship type that were
        ever written (a record missing here has version 0)."""
        ...


class GraphWriter(VersionedWriter, Protocol):
    """Writes inside one transaction (see `GraphStore.transact`)."""

    counts: WriteCounts

    def upsert_nodes(self, label: Label, nodes: Iterable[Node]) -> int:
        """Insert or update nodes by id (their reference fields are ignored); return count."""
        ...

    def upsert_relationships(self, relationships: Iterable[Relationship]) -> int:
        """Insert or update relationships; a missing endpoint raises MissingReference."""
        ...

    def add_references(self, label: Label, nodes: Sequence[Node]) -> int:
        """Write the relationships that the reference fields of `nodes` stand for; the
        nodes are ones this transaction added, so they have none yet. A missing endpoint
        raises MissingReference. Returns how many relationships were written."""
        ...

    def replace_references(self, node: Node) -> None:
        """Make the node's outgoing references (parent, needs, …) exactly those of `node`."""
        ...

    def delete_node(self, label: Label, id: str) -> None:
        """Delete a node with all its relationships (a provider with its services);
        NodeNotFound if absent."""
        ...

    def put_document(self, kind: str, name: str, body: str) -> bool:
        """Store a document (a saved view, a deck: JSON text) under (kind, name);
        whether it changed."""
        ...

    def delete_document(self, kind: str, name: str) -> bool:
        """Remove a document; whether there was one."""
        ...

    def delete_relationship(self, rel: Relationship) -> None:
        """Delete one relationship; RelationshipNotFound if absent."""
        ...


@runtime_checkable
class GraphStore(VersionedStore, Protocol):
    """A property-graph store of the graphsvc model."""

    url: str
    capabilities: StoreCapabilities

    def version(self) -> int:
        """A number that changes on every write that changed something (for caches)."""
        ...

    def ping(self) -> None:
        """Raise StoreUnavailable unless the store can be reached."""
        ...

    def get(self, label: Label, id: str) -> Node:
        """Return one node with its outgoing references; NodeNotFound if absent."""
        ...

    def get_many(self, label: Label, ids: Iterable[str]) -> dict[str, Node]:
        """Return the nodes of those ids that exist, with their references."""
        ...

    def exists(self, label: Label, ids: Iterable[str]) -> set[str]:
        """Return those of `ids` that exist under `label`."""
        ...

    def find(
        self, label: Label, filters: Filters | None = None, *, limit: int = 100, offset: int = 0
    ) -> Page[Node]:
        """List nodes of a label matching the filters, ordered by id."""
        ...

    def relationships(
        self,
        kind: RelKind | None = None,
        *,
        node: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Page[Relationship]:
        """List relationships, optionally of one type and touching one node id."""
        ...

    def documents(self, kind: str) -> list[tuple[str, str]]:
        """(name, JSON body) of every document of `kind`, by name."""
        ...

    def counts(self) -> dict[str, dict[str, int]]:
        """{"nodes": {label: n}, "relationships": {kind: n}} with every label and kind."""
        ...

    def snapshot(
        self, *, as_of: date | None = None, sectors: Iterable[Sector] | None = None
    ) -> Dataset:
        """The whole store (or only what is active as of a date / in sectors) as a Dataset."""
        ...

    def transact(self, work: Callable[[GraphWriter], T], *, bulk: bool = False) -> T:
        """Run `work(writer)` in one transaction and return what it returns: everything
        it wrote lands, or nothing does (an exception it raises rolls the transaction
        back and comes out as it is).

        A store may run `work` more than once: Neo4j runs it again, in a new transaction
        with a new writer, when the transaction met a transient error (a deadlock, a
        connection lost before the commit). So `work` changes nothing outside the
        transaction; what its caller needs of it, it returns.

        `bulk`: a large import that deletes no nodes; the store may leave out checks
        that the writer's own make redundant (SQLite: per-row foreign keys)."""
        ...

    def close(self) -> None: ...


def with_documents(ds: Dataset, documents: Callable[[str], list[tuple[str, str]]]) -> Dataset:
    """`ds` with the saved views and decks that `documents(kind)` gives."""
    views = [SavedView.model_validate_json(body) for _, body in documents("view")]
    decks = [Deck.model_validate_json(body) for _, body in documents("deck")]
    if not views and not decks:
        return ds
    return ds.model_copy(update={"views": views, "decks": decks})


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def missing_endpoints(rels: Iterable[Relationship], missing: set[tuple[str, str]]) -> None:
    """Raise MissingReference naming every relationship end in `missing` ((label, id)).

    Both stores check endpoints before their first write and word the error alike.
    """
    if not missing:
        return
    errors = [
        RowError(
            f"{r.kind} {r.source} → {r.target}: no {label} with id {i!r}",
            location=r.kind.value,
            id=i,
            field=end,
        )
        for r in rels
        for end, label, i in (
            ("source", str(r.source_label), r.source),
            ("target", str(r.target_label), r.target),
        )
        if (label, i) in missing
    ]
    raise MissingReference(
        f"{len(errors)} relationship(s) point at nodes that do not exist; "
        f"first: {errors[0].message}.",
        details=errors,
    )


def rel_key(rel: Relationship) -> tuple[str, ...]:
    """What tells two stored relationships apart: type, both ends and the key."""
    return (
        rel.kind.value,
        str(rel.source_label),
        rel.source,
        str(rel.target_label),
        rel.target,
        rel.key,
    )


def reference_changes(
    node: Node, current: Iterable[Relationship]
) -> tuple[list[Relationship], list[Relationship]]:
    """(to delete, to add): what makes a node's stored outgoing references `current`
    exactly those of its reference fields (`GraphWriter.replace_references`)."""
    wanted = {rel_key(r): r for r in outgoing(node)}
    stored = {rel_key(r): r for r in current}
    return (
        [stored[k] for k in stored.keys() - wanted.keys()],
        [wanted[k] for k in wanted.keys() - stored.keys()],
    )


def rewrite_references(writer: Any, node: Node, current: list[Relationship]) -> None:
    """Make `node`'s stored outgoing references (`current`) those of its reference
    fields: each writer's `replace_references`. The change is logged as the node's
    reference fields, not as relationships of their own; `writer` has `journal`,
    `_delete_rel` and `upsert_relationships`."""
    gone, new = reference_changes(node, current)
    if not gone and not new:
        return
    writer.journal.references(node, current)
    writer.journal.quiet += 1
    try:
        for rel in gone:
            writer._delete_rel(rel)
        if new:
            writer.upsert_relationships(new)
    finally:
        writer.journal.quiet -= 1
