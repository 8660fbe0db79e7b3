"""The plan of an import: what it adds, updates and leaves as it is, worked out
against what the store holds, and the counts of the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import (
    LANGUAGES,
    MULTILINGUAL,
    NODE_LISTS,
    NODE_TYPES,
    Dataset,
    Label,
    Node,
    Places,
    Relationship,
    RelKind,
    reference_fields,
)
from graphsvc.model.integrity import LIST_REFERENCES
from graphsvc.store.base import GraphStore, WriteCounts, chunked
from ingest.base import ImportPolicy


def _normalised(node: Node) -> Node:
    """The node with its reference lists sorted and unique, as a store gives them back."""
    updates = {}
    for f in node.ref_fields:
        value = getattr(node, f)
        if isinstance(value, list) and len(value) > 1:
            clean = sorted(set(value))
            if clean != value:
                updates[f] = clean
    return node.model_copy(update=updates) if updates else node


@dataclass
class _Keep:
    """How a file without some columns completes a node the store already holds: the
    fields it has no column for keep their stored values, and so do the languages of a
    name or description it has no column for. (A blank cell in a column the file has
    clears the value: that is what the keeper wrote.)"""

    fields: list[str]
    kept: list[str]
    by_lang: dict[str, set[str]]
    merged: int = 0

    @classmethod
    def of(cls, label: Label, columns: frozenset[str] | None) -> _Keep | None:
        if columns is None:
            return None
        fields = [f for f in NODE_TYPES[label].model_fields if f != "id"]
        langs = {
            f: {c.split("_", 1)[1] for c in columns if c.startswith(f + "_")}
            for f in MULTILINGUAL
            if f not in columns
        }
        kept = [f for f in fields if f not in columns and not langs.get(f)]
        by_lang = {f: ls for f, ls in langs.items() if ls}
        return cls(fields, kept, by_lang) if kept or by_lang else None

    def merge(self, old: Node, new: Node) -> Node:
        """`new` completed from `old` and validated again; ValidationError on a clash."""
        data = {f: getattr(new, f) for f in (*self.fields, "id")}
        data.update((f, getattr(old, f)) for f in self.kept)
        for f, languages in self.by_lang.items():
            data[f] = _by_language(getattr(old, f), getattr(new, f), languages)
        self.merged += 1
        return type(new).model_validate(data)

    def note(self, list_name: str, source: str | None) -> RowError:
        missing = [
            *self.kept,
            *(
                f"{f} in {', '.join(sorted(set(LANGUAGES) - ls))}"
                for f, ls in self.by_lang.items()
                if set(LANGUAGES) - ls
            ),
        ]
        return RowError(
            f"the file has no column for {', '.join(missing)}: the {self.merged} of its "
            f"{list_name} already in the store keep their stored values of "
            f"{'those' if len(missing) > 1 else 'it'}",
            file=source,
            location=list_name,
        )


def _clash(
    exc: ValidationError, list_name: str, row: int, node_id: str, source: str | None
) -> RowError:
    err = exc.errors()[0]
    return RowError(
        f"{str(err['msg']).removeprefix('Value error, ')} (with the stored "
        "values of the columns the file does not have)",
        file=source,
        location=list_name,
        row=row,
        id=node_id,
        field=".".join(map(str, err.get("loc", ()))) or None,
    )


def _by_language(old: Any, new: Any, languages: set[str]) -> Any:
    """A name or description: the stored languages, with those of `languages` (the
    file's columns) as the file gives them (removed where its cell is blank). A stored
    text of no language counts as Finnish, the language graphsvc shows first."""
    if isinstance(old, str):
        old = {"fi": old}
    if not isinstance(old, dict):
        return new
    merged = {lang: text for lang, text in old.items() if lang not in languages}
    if isinstance(new, dict):
        merged.update(new)
    return merged or None


@dataclass
class Plan:
    """The nodes and relationships an import writes, and the notes it reports."""

    nodes: dict[Label, list[Node]] = field(default_factory=dict)
    updated: list[Node] = field(default_factory=list)
    #: ids of the nodes to add, per dataset list: their relationships are all new
    added: dict[str, set[str]] = field(default_factory=dict)
    #: group needs and partnerships to add or update
    other_relationships: list[Relationship] = field(default_factory=list)
    #: what makes the group needs or partnerships that are all to be added
    other_sources: list[Callable[[], Iterable[Relationship]]] = field(default_factory=list)
    #: what the report should say about values kept from the store
    notes: list[RowError] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.nodes or self.other_relationships or self.other_sources)


class _ReferenceCounts:
    """The relationships that nodes' reference fields stand for, counted for the report
    (without building them: an import of many new nodes only needs their number)."""

    def __init__(self, label: Label) -> None:
        self.fields = reference_fields(label)
        self.counts: dict[str, dict[RelKind, int]] = {}

    def _bump(self, what: str, kind: RelKind, n: int) -> None:
        if n:
            bucket = self.counts.setdefault(what, {})
            bucket[kind] = bucket.get(kind, 0) + n

    def count(self, what: str, node: Node) -> None:
        self.count_many(what, [node])

    def count_many(self, what: str, nodes: list[Node]) -> None:
        for name, kind, _ in self.fields:
            values = list(map(attrgetter(name), nodes))
            if name in LIST_REFERENCES:  # (counted in C; only lists of 2+ may repeat an id)
                n = sum(map(len, values)) - sum(len(v) - len(set(v)) for v in values if len(v) > 1)
            else:
                n = sum(map(bool, values))
            self._bump(what, kind, n)

    def compare(self, old: Node, new: Node) -> None:
        """An updated node: its references are added, deleted or left as they are."""
        for name, kind, _ in self.fields:
            before, after = (_as_set(getattr(n, name)) for n in (old, new))
            self._bump("added", kind, len(after - before))
            self._bump("deleted", kind, len(before - after))
            self._bump("unchanged", kind, len(after & before))

    def add_to(self, counts: WriteCounts) -> None:
        for what, bucket in self.counts.items():
            for kind, n in bucket.items():
                counts.bump(what, kind.value, n)


def _changed(old: Node, new: Node, stamped: bool) -> bool:
    """Whether importing `new` changes the stored `old`. A source the reader `stamped`
    (the file and row or record it read the node from) is no change alone: a daily PTV
    file under a new name, or a row moved down a sheet, would otherwise report every
    node as updated; the node keeps the source it was first imported from until its
    data changes. A source the file itself gives is data like any other."""
    if old == new:
        return False
    return not stamped or {**old.__dict__, "source": None} != {**new.__dict__, "source": None}


def _as_set(value: Any) -> set[str]:
    if isinstance(value, list):
        return set(value)
    return {value} if value else set()


def plan_import(
    store: GraphStore,
    ds: Dataset,
    counts: WriteCounts,
    policy: ImportPolicy,
    source: str | None,
    places: Places | None,
) -> Plan:
    """What importing `ds` changes in `store`, counted into `counts`; InvalidData when a
    node completed from its stored values no longer validates."""
    create_only, stamped, given = policy.create_only, policy.stamped, policy.given
    plan = Plan()
    clashes: list[RowError] = []
    for list_name, label in NODE_LISTS:
        auto = stamped.get(list_name, ())
        keep = _Keep.of(label, given.get(list_name))
        row = 0
        changed: list[Node] = []
        added: set[str] = set()
        n_added = n_updated = n_unchanged = 0
        refs = _ReferenceCounts(label)
        for batch in chunked(getattr(ds, list_name), 2_000):
            row += len(batch)
            existing = store.get_many(label, [n.id for n in batch])
            # (a node to add goes as it is: writers take only its properties, and its
            # relationships are made from it later; only a stored one is compared)
            if not existing:
                changed += batch
                added.update(n.id for n in batch)
                n_added += len(batch)
                refs.count_many("added", batch)
                continue
            for i, node in enumerate(batch, start=row - len(batch) + 1):
                old = existing.get(node.id)
                if old is None:
                    n_added += 1
                    changed.append(node)
                    added.add(node.id)
                    refs.count("added", node)
                    continue
                if keep is not None:
                    try:
                        node = keep.merge(old, node)
                    except ValidationError as exc:
                        clashes.append(_clash(exc, list_name, i, node.id, source))
                        continue
                node = _normalised(node)
                if _changed(old, node, node.id in auto) and label not in create_only:
                    n_updated += 1
                    changed.append(node)
                    plan.updated.append(node)
                    refs.compare(old, node)
                else:
                    n_unchanged += 1
                    refs.count("unchanged", old)
        for what, n in (("added", n_added), ("updated", n_updated), ("unchanged", n_unchanged)):
            if n:
                counts.bump(what, label.value, n)
        refs.add_to(counts)
        if keep is not None and keep.merged:
            plan.notes.append(keep.note(list_name, source))
        if changed:
            plan.nodes[label] = changed
        if added:
            plan.added[list_name] = added
    if clashes:
        clashes = places.relocate(clashes, ds) if places else clashes
        raise InvalidData.refused(source, clashes)
    for kind, size, make in (
        (RelKind.HAS_NEED, len(ds.group_needs), ds.iter_group_need_relationships),
        (RelKind.PARTNERS_WITH, len(ds.partnerships), ds.iter_partnership_relationships),
    ):
        if not size:
            continue
        stored = store.relationships(kind).items
        if not stored:
            # all new (and unique: check_dataset saw to that): made when written
            counts.bump("added", kind.value, size)
            plan.other_sources.append(make)
            continue
        current = {(r.source, r.target, r.key): r.properties for r in stored}
        del stored
        r_added = r_updated = r_unchanged = 0
        for rel in make():  # (only the changed ones are kept)
            old_props = current.get((rel.source, rel.target, rel.key))
            if old_props is None:
                r_added += 1
            elif old_props != rel.properties:
                r_updated += 1
            else:
                r_unchanged += 1
                continue
            plan.other_relationships.append(rel)
        for what, n in (("added", r_added), ("updated", r_updated), ("unchanged", r_unchanged)):
            if n:
                counts.bump(what, kind.value, n)
    return plan
