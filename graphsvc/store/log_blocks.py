"""The change log as both stores keep it: changes in blocks, found by record through
the records' versions (see graphsvc.store.history for what a change is).

A change's id is its change set's id shifted left by 32 bits, plus its number in the
set. Changes are kept in blocks: a block holds up to a thousand changes of one set that
follow each other and are of one label or relationship type, as one JSON array
(`[[key, op, field, before, after], …]`), under the id of its first change. Who, when,
by what channel and why are said once, by the change set; which changes each record
has, by its version (`changes`: "<set>:<n>,<n>…", a set after another), which every
write updates anyway.

(A row or node per change, with an index by record, cost a large import a fifth of its
time on SQLite and a third on Neo4j: most of a bulk import's changes are additions, and
each took a record of its own and an index entry. A block costs one for a thousand.)

Each store reads its own tables or nodes through a `LogSource`; listing, paging and
filtering are the same for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple, Protocol

import orjson

from graphsvc.model import Label, RelKind
from graphsvc.store.base import Page
from graphsvc.store.history import (
    DOCUMENT_LABELS,
    POPULATION_LABEL,
    Change,
    ChangeFilters,
    Entry,
    until_bound,
)

SET_SHIFT = 32
IN_SET = (1 << SET_SHIFT) - 1
#: changes per block, at most
BLOCK = 1000

#: every kind of record a change can be of
KINDS = (
    *(label.value for label in Label),
    *(kind.value for kind in RelKind),
    *DOCUMENT_LABELS.values(),
    POPULATION_LABEL,
)


class Block(NamedTuple):
    """A block as it is stored: the id of its first change, the kind of its changes,
    how many, and their JSON array."""

    id: int
    kind: str
    entries: int
    body: str


class SetInfo(NamedTuple):
    at: str
    who: str
    role: str
    channel: str
    summary: str | None


class SetFilter(NamedTuple):
    """The filters that are a change set's (None: that filter not given)."""

    who: str | None
    since: str | None
    until: str | None
    change_set: int | None

    @property
    def given(self) -> bool:
        return any(v is not None for v in self)


class LogSource(Protocol):
    """What a store reads of its log."""

    def record_changes(self, kinds: Sequence[str], key: str) -> list[str]:
        """The `changes` texts of the records with this key, of these kinds."""
        ...

    def sets(self, f: SetFilter) -> list[int]:
        """The ids of the change sets that match."""
        ...

    def set_info(self, set_id: int) -> SetInfo | None: ...

    def block_sizes(self, kind: str | None, sets: list[int] | None) -> Iterable[tuple[int, int]]:
        """(id, entries) of the blocks of this kind (None: all), in these sets (None:
        all), newest first."""
        ...

    def block_at(self, change_id: int) -> Block | None:
        """The block that holds this change (the newest block whose id is not above it)."""
        ...


# -- writing ----------------------------------------------------------------------------


def blocks(entries: Sequence[Entry], set_id: int) -> Iterator[Block]:
    """The journal's `entries` as change set `set_id`'s blocks, numbered from 1; made
    one at a time, as the store writes them (a large import's blocks together are as
    large as its journal)."""
    first = set_id << SET_SHIFT
    fragment = orjson.Fragment
    n = 1
    for kind, run in groupby(entries, attrgetter("kind")):
        same = list(run)
        for start in range(0, len(same), BLOCK):
            part = same[start : start + BLOCK]
            body = orjson.dumps(
                [
                    (
                        e.key,
                        e.op,
                        e.field,
                        None if e.before is None else fragment(e.before),
                        None if e.after is None else fragment(e.after),
                    )
                    for e in part
                ]
            ).decode()
            yield Block(first + n, kind, len(part), body)
            n += len(part)


def record_changes(set_id: int, numbers: int | str | None) -> str | None:
    """A record's changes in set `set_id` (their numbers in it: see Journal.touched), as
    its version keeps them."""
    return None if numbers is None else f"{set_id}:{numbers}"


def numbered(entries: Iterable[Entry]) -> dict[tuple[str, str], str]:
    """The numbers of each record's entries, as Journal.touched has them ("1,4")."""
    out: dict[tuple[str, str], str] = {}
    for n, e in enumerate(entries, start=1):
        record = (e.kind, e.key)
        out[record] = f"{out[record]},{n}" if record in out else str(n)
    return out


def _ids(text: str) -> Iterator[int]:
    for group in text.split():
        set_id, _, numbers = group.partition(":")
        base = int(set_id) << SET_SHIFT
        for n in numbers.split(","):
            yield base + int(n)


# -- reading ----------------------------------------------------------------------------


def list_changes(source: LogSource, f: ChangeFilters, limit: int, offset: int) -> Page[Change]:
    """Logged changes matching `f`, newest first."""
    by_set = SetFilter(
        f.who, f.since, None if f.until is None else until_bound(f.until), f.change_set
    )
    sets = set(source.sets(by_set)) if by_set.given else None
    if f.id is not None:
        kinds = (f.label,) if f.label is not None else KINDS
        found = sorted(
            (i for text in source.record_changes(kinds, f.id) for i in _ids(text)), reverse=True
        )
        if sets is not None:
            found = [i for i in found if i >> SET_SHIFT in sets]
        return Page(_read(source, found[offset : offset + limit]), len(found), limit, offset)
    sizes = list(source.block_sizes(f.label, None if sets is None else sorted(sets)))
    wanted: list[int] = []
    skip = offset
    for block_id, count in sizes:
        if len(wanted) >= limit:
            break
        if skip >= count:
            skip -= count
            continue
        newest = block_id + count - 1 - skip
        take = min(count - skip, limit - len(wanted))
        wanted.extend(range(newest, newest - take, -1))
        skip = 0
    total = sum(count for _, count in sizes)
    return Page(_read(source, wanted), total, limit, offset)


def _read(source: LogSource, wanted: list[int]) -> list[Change]:
    """The changes with these ids, in this order."""
    blocks_read: dict[int, tuple[str, list[Any]]] = {}
    sets: dict[int, SetInfo] = {}
    out: list[Change] = []
    for change_id in wanted:
        at = next(
            (b for b, (_, items) in blocks_read.items() if b <= change_id < b + len(items)), None
        )
        if at is None:
            block = source.block_at(change_id)
            if block is None:
                continue
            at = block.id
            blocks_read[at] = (block.kind, orjson.loads(block.body))
        kind, items = blocks_read[at]
        if change_id - at >= len(items):
            continue
        key, op, field, before, after = items[change_id - at]
        set_id = change_id >> SET_SHIFT
        if set_id not in sets:
            sets[set_id] = source.set_info(set_id) or SetInfo("", "", "", "", None)
        s = sets[set_id]
        out.append(
            Change(
                f"{set_id}-{change_id & IN_SET}",
                set_id,
                s.at,
                s.who,
                s.role,
                s.channel,
                kind,
                key,
                op,
                field,
                before,
                after,
                s.summary,
            )
        )
    return out
