"""The one import path: check everything, then write in one transaction.

Every importer produces a `Dataset`; `apply_dataset` checks its references against the
dataset itself and the store, works out what would be added, updated and left as it is,
and (unless it is a dry run) writes only what changed, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import (
    NODE_LISTS,
    Dataset,
    Label,
    Node,
    Relationship,
    RelKind,
    outgoing,
)
from graphsvc.store.base import GraphStore, WriteCounts, chunked

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    counts: WriteCounts = field(default_factory=WriteCounts)
    warnings: list[RowError] = field(default_factory=list)
    source: str | None = None
    version: int | None = None

    @property
    def rows(self) -> int:
        c = self.counts
        return c.total("added") + c.total("updated") + c.total("unchanged")

    def to_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "added": dict(sorted(c.added.items())),
            "updated": dict(sorted(c.updated.items())),
            "unchanged": dict(sorted(c.unchanged.items())),
            "totals": {"added": c.total("added"), "updated": c.total("updated"),
                       "unchanged": c.total("unchanged")},
            "warnings": [w.to_dict() for w in self.warnings],
            "version": self.version,
        }


Located = tuple[tuple[str, int, str | None, str | None], Relationship]


def check_dataset(
    ds: Dataset, known: Callable[[Label, set[str]], set[str]] | None = None,
    *, file: str | None = None, located: list[Located] | None = None,
) -> list[RowError]:
    """Every problem that stops `ds` from being imported: duplicate ids, dangling references.

    `known(label, ids)` returns which of `ids` already exist outside the dataset (in the
    store); without it, references must resolve within the dataset.
    """
    errors: list[RowError] = []
    ids: dict[Label, set[str]] = {}
    for list_name, label in NODE_LISTS:
        seen: dict[str, int] = {}
        for row, node in enumerate(getattr(ds, list_name), start=1):
            if node.id in seen:
                errors.append(RowError(
                    f"duplicate id {node.id!r} (first in row {seen[node.id]})",
                    file=file, location=list_name, row=row, id=node.id, field="id"))
            else:
                seen[node.id] = row
        ids[label] = set(seen)
    errors += _duplicate_relationships(ds, file)
    if located is None:
        located = located_relationships(ds)
    wanted: dict[Label, set[str]] = {}
    for _where, r in located:
        for label, ref in ((r.source_label, r.source), (r.target_label, r.target)):
            assert label is not None
            if ref not in ids[label]:
                wanted.setdefault(label, set()).add(ref)
    found = {label: (known(label, refs) if known else set()) for label, refs in wanted.items()}
    missing = {(label, ref) for label, refs in wanted.items() for ref in refs - found[label]}
    if missing:
        for (list_name, row, node_id, field_name), r in located:
            for label, ref, end in ((r.source_label, r.source, "source"),
                                    (r.target_label, r.target, "target")):
                if (label, ref) in missing:
                    errors.append(RowError(
                        f"refers to {label} {ref!r}, which is neither in the file nor in "
                        "the store", file=file, location=list_name, row=row, id=node_id,
                        field=field_name or end))
    errors += _parent_cycles(ds, file)
    return errors


def located_relationships(ds: Dataset) -> list[Located]:
    """Every relationship of the dataset with where it comes from (list, row, id, field)."""
    out: list[Located] = []
    for list_name, _ in NODE_LISTS:
        for row, node in enumerate(getattr(ds, list_name), start=1):
            for r in outgoing(node):
                out.append(((list_name, row, node.id, _field_of_rel(r)), r))
    for row, r in enumerate(ds.group_need_relationships(), start=1):
        out.append((("group_needs", row, None, None), r))
    for row, r in enumerate(ds.partnership_relationships(), start=1):
        out.append((("partnerships", row, None, None), r))
    return out


def _field_of_rel(rel: Relationship) -> str:
    return {
        RelKind.OFFERS: "provider", RelKind.MEETS: "needs", RelKind.SERVES: "groups",
        RelKind.AVAILABLE_IN: "areas", RelKind.PART_OF: "parent", RelKind.MEMBER_OF: "members",
    }[rel.kind]


def _duplicate_relationships(ds: Dataset, file: str | None) -> list[RowError]:
    errors = []
    seen: dict[tuple[str, ...], int] = {}
    for row, gn in enumerate(ds.group_needs, start=1):
        key = ("group_needs", gn.group, gn.need)
        if key in seen:
            errors.append(RowError(
                f"group {gn.group!r} and need {gn.need!r} already paired in row {seen[key]}",
                file=file, location="group_needs", row=row, field="need"))
        seen.setdefault(key, row)
    for row, p in enumerate(ds.partnerships, start=1):
        key = ("partnerships", p.source, p.target, p.kind.value)
        if key in seen:
            errors.append(RowError(
                f"{p.kind.value} partnership {p.source!r} → {p.target!r} already in row "
                f"{seen[key]}", file=file, location="partnerships", row=row, field="kind"))
        seen.setdefault(key, row)
    return errors


def _parent_cycles(ds: Dataset, file: str | None) -> list[RowError]:
    errors = []
    for list_name in ("providers", "areas"):
        parent = {n.id: n.parent for n in getattr(ds, list_name)}
        for row, node in enumerate(getattr(ds, list_name), start=1):
            seen = {node.id}
            cur = parent.get(node.id)
            while cur is not None:
                if cur in seen:
                    errors.append(RowError(f"parent chain of {node.id!r} loops back to "
                                           f"{cur!r}", file=file, location=list_name,
                                           row=row, id=node.id, field="parent"))
                    break
                seen.add(cur)
                cur = parent.get(cur)
    return errors


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


def apply_dataset(
    store: GraphStore, ds: Dataset, *, dry_run: bool = False, source: str | None = None,
    progress: Progress | None = None, create_only: frozenset[Label] = frozenset(),
) -> ImportReport:
    """Import `ds` into `store` in one transaction (or, with dry_run, only report).

    Nodes of a label in `create_only` are added when missing and otherwise left as they
    are. Raises InvalidData (with every RowError) and writes nothing when anything is
    wrong.
    """
    located = located_relationships(ds)
    errors = check_dataset(ds, store.exists, file=source, located=located)
    if errors:
        raise InvalidData(
            f"{source or 'The dataset'} has {len(errors)} problem(s); nothing was imported. "
            f"First: {errors[0]}", details=errors)
    report = ImportReport(dry_run=dry_run, source=source)
    plan = _plan(store, ds, report.counts, located, create_only)
    if not dry_run and plan.changes:
        with store.write() as writer:
            for label, nodes in plan.nodes.items():
                writer.upsert_nodes(label, nodes)
                if progress:
                    progress(len(nodes))
            writer.upsert_relationships(plan.new_relationships)
            for node in plan.updated:
                writer.replace_references(node)
            if progress:
                progress(len(plan.new_relationships))
    report.version = store.version()
    return report


@dataclass
class _Plan:
    nodes: dict[Label, list[Node]] = field(default_factory=dict)
    updated: list[Node] = field(default_factory=list)
    new_relationships: list[Relationship] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.nodes or self.new_relationships)


def _plan(store: GraphStore, ds: Dataset, counts: WriteCounts,
          located: list[Located], create_only: frozenset[Label]) -> _Plan:
    plan = _Plan()
    added: set[tuple[str, str]] = set()
    for list_name, label in NODE_LISTS:
        nodes = [_normalised(n) for n in getattr(ds, list_name)]
        changed: list[Node] = []
        for batch in chunked(nodes, 2_000):
            existing = store.get_many(label, [n.id for n in batch])
            for node in batch:
                old = existing.get(node.id)
                if old is None:
                    counts.bump("added", label.value)
                    changed.append(node)
                    added.add((list_name, node.id))
                elif old != node and label not in create_only:
                    counts.bump("updated", label.value)
                    changed.append(node)
                    plan.updated.append(node)
                else:
                    counts.bump("unchanged", label.value)
        if changed:
            plan.nodes[label] = changed
    plan.new_relationships = [
        r for (list_name, _row, node_id, _f), r in located
        if node_id is not None and (list_name, node_id) in added
    ]
    for kind, rels in ((RelKind.HAS_NEED, ds.group_need_relationships()),
                       (RelKind.PARTNERS_WITH, ds.partnership_relationships())):
        if not rels:
            continue
        current = {
            (r.source, r.target, r.key): r.properties
            for r in store.relationships(kind).items
        }
        for rel in rels:
            old = current.get((rel.source, rel.target, rel.key))
            if old is None:
                counts.bump("added", kind.value)
            elif old != rel.properties:
                counts.bump("updated", kind.value)
            else:
                counts.bump("unchanged", kind.value)
                continue
            plan.new_relationships.append(rel)
    return plan
