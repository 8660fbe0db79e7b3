"""Versions and the change log, shared by both stores.

Every node and relationship has a version: a number that grows by one on every write
that changes it (a record never written since versions began has version 0). Each
write transaction gathers what it changed as `Entry`s (what, field, value before and
after); at commit the store bumps the versions of the records touched and, with the
change log on, writes the entries as one change set, in that same transaction.

Who writes is said once at each edge (`acting`): the API with the token's name and
role, the CLI as "cli". The stores read it when they commit.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from graphsvc.model import INCOMING, Node, Relationship, reference_fields

#: the channels a change comes in by
CHANNELS = ("api", "page", "import", "cli")


@dataclass(frozen=True)
class Actor:
    """Who changes the store, and through what: a token's name and role, or "cli"."""

    name: str
    role: str
    channel: str

    def via(self, channel: str) -> Actor:
        return Actor(self.name, self.role, channel)


#: the labels, in the log, of what is stored beside the graph: documents by their kind
#: (saved views, decks), and the residents of an area
DOCUMENT_LABELS = {"view": "SavedView", "deck": "Deck"}
POPULATION_LABEL = "Population"

#: who writes when no edge said otherwise: the command line (or a library call)
CLI = Actor("cli", "cli", "cli")

_ACTOR: contextvars.ContextVar[Actor] = contextvars.ContextVar("graphsvc_actor", default=CLI)
_SUMMARY: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "graphsvc_change_summary", default=None
)


@contextmanager
def acting(actor: Actor, summary: str | None = None) -> Iterator[Actor]:
    """Writes in this block are `actor`'s (and their change set has `summary`)."""
    token = _ACTOR.set(actor)
    summary_token = _SUMMARY.set(summary)
    try:
        yield actor
    finally:
        _SUMMARY.reset(summary_token)
        _ACTOR.reset(token)


def set_actor(actor: Actor) -> None:
    """Say who writes from here on in this context (a request's own context)."""
    _ACTOR.set(actor)


def current_actor() -> Actor:
    return _ACTOR.get()


def current_summary() -> str | None:
    return _SUMMARY.get()


def now() -> str:
    """The time a change is recorded with: UTC, to the millisecond, ISO 8601."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Version:
    """A record's version: its number, and who changed it last, when, in which write
    (`seq`: the store's version after that write)."""

    number: int
    by: str | None = None
    at: str | None = None
    seq: int = 0

    @property
    def etag(self) -> str:
        return f'"{self.number}"'


NO_VERSION = Version(0)


def rel_record(rel: Relationship, rel_key: str | None = None) -> tuple[str, str]:
    """A relationship's record key: its type, and its ends (and key) as one string.
    (`rel_key`: its `key`, when the caller has it already.)"""
    if rel_key is None:
        rel_key = rel.key
    key = f"{rel.source_label}:{rel.source}\u2192{rel.target_label}:{rel.target}"
    if rel_key:
        key += f"#{rel_key}"
    return rel.kind.value, key


class Entry(NamedTuple):
    """One change of one record: `op` is add, update or delete; `field` the field
    updated (None: the record whole); before and after as JSON text (None: absent).
    (A tuple: a large import makes one per record.)"""

    kind: str
    key: str
    op: str
    field: str | None = None
    before: str | None = None
    after: str | None = None


def dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


@dataclass
class Journal:
    """What one write transaction changed, in order."""

    entries: list[Entry] = field(default_factory=list)
    #: records touched, in first-touched order (their versions are bumped at commit),
    #: each with the numbers of its entries: None (none), n, or "n,m,…" (from 1)
    touched: dict[tuple[str, str], int | str | None] = field(default_factory=dict)
    #: while set, relationship changes are not entered (they are entered as the
    #: reference field of the node that holds them)
    quiet: int = 0
    #: whether entries are kept (False: the store logs nothing, only versions count)
    logging: bool = True

    def add(self, entry: Entry) -> None:
        if self.logging:
            self._enter(entry)
        else:
            self.touch(entry.kind, entry.key)

    def _enter(self, entry: Entry) -> None:
        entries, touched, record = self.entries, self.touched, (entry.kind, entry.key)
        entries.append(entry)
        earlier = touched.get(record)
        touched[record] = len(entries) if earlier is None else f"{earlier},{len(entries)}"

    def touch(self, kind: str, key: str) -> None:
        self.touched.setdefault((kind, key), None)

    def node_added(self, label: str, id: str, after: str) -> None:
        if self.logging:
            self._enter(Entry(label, id, "add", None, None, after))
        else:
            self.touched.setdefault((label, id), None)

    def whole(self, kind: str, key: str, before: str | None, after: str | None) -> None:
        """A record kept whole beside the graph (a document, an area's residents) that
        was added, replaced or deleted: its JSON text before and after (None: absent)."""
        if before != after:
            op = "add" if before is None else "delete" if after is None else "update"
            self.add(Entry(kind, key, op, None, before, after))

    def node_deleted(self, label: str, id: str, before: str) -> None:
        self.add(Entry(label, id, "delete", None, before, None))

    def node_update(
        self, label: str, id: str, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        """The fields that differ between two property maps, one entry each."""
        self.touch(label, id)
        if not self.logging:
            return
        for name in sorted(before.keys() | after.keys()):
            if before.get(name) != after.get(name):
                self.add(
                    Entry(
                        label,
                        id,
                        "update",
                        name,
                        None if name not in before else dumps(before[name]),
                        None if name not in after else dumps(after[name]),
                    )
                )

    def rel_change(
        self,
        rel: Relationship,
        op: str,
        old: dict[str, Any] | str | None,
        new: dict[str, Any] | str | None,
    ) -> None:
        """A relationship added, updated or deleted, with its properties before and after
        (a map, or the JSON text the store keeps it as)."""
        rel_key = rel.key
        kind, key = rel_record(rel, rel_key)
        if self.quiet or not self.logging:
            self.touched.setdefault((kind, key), None)
            return
        # (the keys in order: the map needs no sorting, only properties given as a map)
        whole: dict[str, Any] = {
            "key": rel_key,
            "properties": None,
            "source": rel.source,
            "source_label": str(rel.source_label),
            "target": rel.target,
            "target_label": str(rel.target_label),
        }
        self._enter(
            Entry(kind, key, op, None, _with_properties(whole, old), _with_properties(whole, new))
        )

    def references(self, node: Node, current: Iterable[Relationship]) -> None:
        """A node's reference fields (parent, needs, …) that differ from the stored
        relationships `current`, one entry each, as lists of ids (a single one alone)."""
        self.touch(str(node.label), node.id)
        if not self.logging:
            return
        stored: dict[str, list[str]] = {}
        for r in current:
            for name, kind, _target in reference_fields(node.label):
                if r.kind is kind:
                    other = r.source if kind in INCOMING else r.target
                    stored.setdefault(name, []).append(other)
        for name, _kind, _target in reference_fields(node.label):
            value = getattr(node, name)
            new = sorted(value) if isinstance(value, list) else ([value] if value else [])
            old = sorted(stored.get(name, []))
            if old != new:
                single = not isinstance(value, list)
                self.add(
                    Entry(
                        str(node.label),
                        node.id,
                        "update",
                        name,
                        _ids_json(old, single),
                        _ids_json(new, single),
                    )
                )


def _with_properties(whole: dict[str, Any], props: dict[str, Any] | str | None) -> str | None:
    """A relationship's ends with these properties, as JSON text (None: none)."""
    if props is None:
        return None
    if isinstance(props, str):  # (stored text: its keys are sorted already)
        whole["properties"] = orjson.Fragment(props)
        return orjson.dumps(whole).decode()
    whole["properties"] = props
    return dumps(whole)


def _ids_json(ids: list[str], single: bool) -> str | None:
    if not ids:
        return None
    return dumps(ids[0] if single else ids)


# -- the change log ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeFilters:
    """Filters of a change listing; every one optional. Times are ISO 8601 (UTC), a
    day alone counts from its start (`since`) or to its end (`until`)."""

    label: str | None = None  # a node label or relationship type
    id: str | None = None  # a node id (or a relationship's key)
    who: str | None = None
    since: str | None = None
    until: str | None = None
    change_set: int | None = None


@dataclass(frozen=True)
class Change:
    """One logged change: `id` is "<change set>-<n>"; before and after are the JSON
    values (None: absent)."""

    id: str
    change_set: int
    at: str
    who: str
    role: str
    channel: str
    label: str
    key: str
    op: str
    field: str | None
    before: Any
    after: Any
    summary: str | None = None


def until_bound(until: str) -> str:
    """A day alone means to its end."""
    return until + "T99" if len(until) == 10 else until


@contextmanager
def summarised(summary: str, channel: str | None = None) -> Iterator[None]:
    """Writes in this block form a change set with this summary (and, if given, come
    by this channel: an import is an import whoever starts it)."""
    actor = current_actor()
    with acting(actor.via(channel) if channel else actor, summary):
        yield
