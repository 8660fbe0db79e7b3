"""The Dataset (the dataset format v1 in memory) and how node fields become relationships."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import (
    Any,
    Literal,
)

from pydantic import (
    ConfigDict,
    Field,
    field_validator,
)

from graphsvc.model.nodes import (
    NODE_TYPES,
    Area,
    GroupNeed,
    Model,
    Need,
    Network,
    Node,
    Partnership,
    Provider,
    Relationship,
    Service,
    StoredRelationship,
    TargetGroup,
    rel,
)
from graphsvc.model.saved import Deck, SavedView
from graphsvc.model.types import DATASET_FORMAT, DATASET_VERSION, Label, RelKind, Sector

# --- the dataset -------------------------------------------------------------------

#: Dataset lists in the order they are written and imported (referenced lists first).
NODE_LISTS: tuple[tuple[str, Label], ...] = (
    ("target_groups", Label.TARGET_GROUP),
    ("needs", Label.NEED),
    ("areas", Label.AREA),
    ("providers", Label.PROVIDER),
    ("services", Label.SERVICE),
    ("networks", Label.NETWORK),
)
LIST_OF_LABEL: dict[Label, str] = {label: name for name, label in NODE_LISTS}
LABEL_OF_LIST: dict[str, Label] = dict(NODE_LISTS)

#: Reference relationships drawn from the referenced node to the one that holds the
#: field: (Provider)-[:OFFERS]->(Service) and (Provider)-[:MEMBER_OF]->(Network).
INCOMING: frozenset[RelKind] = frozenset({RelKind.OFFERS, RelKind.MEMBER_OF})

# (node list, field, relationship, referenced label); the relationship leaves the node
# for what it references, except the INCOMING ones, which enter it from there.
REFERENCES: tuple[tuple[str, str, RelKind, Label], ...] = (
    ("areas", "parent", RelKind.PART_OF, Label.AREA),
    ("providers", "parent", RelKind.PART_OF, Label.PROVIDER),
    ("services", "provider", RelKind.OFFERS, Label.PROVIDER),
    ("services", "needs", RelKind.MEETS, Label.NEED),
    ("services", "groups", RelKind.SERVES, Label.TARGET_GROUP),
    ("services", "areas", RelKind.AVAILABLE_IN, Label.AREA),
    ("networks", "members", RelKind.MEMBER_OF, Label.PROVIDER),
)


class Dataset(Model):
    """A whole graph or part of one, in the shape of the dataset format v1."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["graphsvc-dataset"] = DATASET_FORMAT
    version: Literal[1] = DATASET_VERSION
    name: str | None = None
    description: str | None = None
    target_groups: list[TargetGroup] = Field(default_factory=list)
    needs: list[Need] = Field(default_factory=list)
    group_needs: list[GroupNeed] = Field(default_factory=list)
    areas: list[Area] = Field(default_factory=list)
    providers: list[Provider] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    partnerships: list[Partnership] = Field(default_factory=list)
    networks: list[Network] = Field(default_factory=list)
    #: saved views and decks: kept with the graph, not part of it
    views: list[SavedView] = Field(default_factory=list)
    decks: list[Deck] = Field(default_factory=list)

    @field_validator("name", "description", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return value if value is None else str(value)

    def nodes(self, label: Label) -> list[Node]:
        return list(getattr(self, LIST_OF_LABEL[label]))

    def iter_nodes(self) -> Iterator[Node]:
        for list_name, _ in NODE_LISTS:
            yield from getattr(self, list_name)

    def relationships(self) -> Iterator[Relationship]:
        """Every relationship the dataset holds, in generic form."""
        for list_name, _ in NODE_LISTS:
            for node in getattr(self, list_name):
                yield from outgoing(node)
        yield from self.group_need_relationships()
        yield from self.partnership_relationships()

    def group_need_relationships(self) -> list[Relationship]:
        return list(self.iter_group_need_relationships())

    def iter_group_need_relationships(self) -> Iterator[Relationship]:
        for gn in self.group_needs:
            props: dict[str, Any] = {"priority": gn.priority}
            if gn.note is not None:
                props["note"] = gn.note
            yield rel(RelKind.HAS_NEED, gn.group, gn.need, Label.TARGET_GROUP, Label.NEED, props)

    def partnership_relationships(self) -> list[Relationship]:
        return list(self.iter_partnership_relationships())

    def iter_partnership_relationships(self) -> Iterator[Relationship]:
        for p in self.partnerships:
            props: dict[str, Any] = {"kind": p.kind.value}
            if p.since:
                props["since"] = p.since.isoformat()
            if p.until:
                props["until"] = p.until.isoformat()
            if p.note is not None:
                props["note"] = p.note
            yield rel(
                RelKind.PARTNERS_WITH, p.source, p.target, Label.PROVIDER, Label.PROVIDER, props
            )

    def sorted(self) -> Dataset:
        """A copy with every list in a stable order (for byte-identical exports)."""
        data: dict[str, Any] = {
            "format": self.format,
            "version": self.version,
            "name": self.name,
            "description": self.description,
        }
        for list_name, _ in NODE_LISTS:
            nodes = sorted(getattr(self, list_name), key=lambda n: n.id)
            data[list_name] = [_sorted_refs(n) for n in nodes]
        data["group_needs"] = sorted(self.group_needs, key=lambda g: (g.group, g.need))
        data["partnerships"] = sorted(
            self.partnerships, key=lambda p: (p.source, p.target, p.kind.value)
        )
        data["views"] = sorted(self.views, key=lambda v: v.name)
        data["decks"] = sorted(self.decks, key=lambda d: d.name)
        return Dataset.model_construct(**data)

    def to_document(self) -> dict[str, Any]:
        """The dataset as a JSON-ready document: stable key order, no empty values."""
        ds = self.sorted()
        doc: dict[str, Any] = {"format": ds.format, "version": ds.version}
        if ds.name is not None:
            doc["name"] = ds.name
        if ds.description is not None:
            doc["description"] = ds.description
        for list_name in (
            "target_groups",
            "needs",
            "group_needs",
            "areas",
            "providers",
            "services",
            "partnerships",
            "networks",
            "views",
            "decks",
        ):
            items = getattr(ds, list_name)
            if items:
                # (saved views and decks: nested models, whose empty values go too)
                exclude = {"exclude_defaults": True} if list_name in ("views", "decks") else {}
                doc[list_name] = [
                    _clean(item.model_dump(mode="json", exclude_none=True, **exclude))
                    for item in items
                ]
        return doc

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (
                "target_groups",
                "needs",
                "group_needs",
                "areas",
                "providers",
                "services",
                "partnerships",
                "networks",
            )
        }

    def restricted(
        self, *, as_of: date | None = None, sectors: Iterable[Sector | str] | None = None
    ) -> Dataset:
        """A copy with only providers active on `as_of` (and in `sectors`), their active
        services and partnerships; references to what was left out are dropped."""
        if as_of is None and sectors is None:
            return self
        keep_sectors = None if sectors is None else {Sector(s) for s in sectors}
        providers = [
            p
            for p in self.providers
            if (as_of is None or p.active_on(as_of))
            and (keep_sectors is None or p.sector in keep_sectors)
        ]
        kept = {p.id for p in providers}
        providers = [
            p if p.parent is None or p.parent in kept else p.model_copy(update={"parent": None})
            for p in providers
        ]
        services = [
            s for s in self.services if s.provider in kept and (as_of is None or s.active_on(as_of))
        ]
        partnerships = [
            p
            for p in self.partnerships
            if p.source in kept and p.target in kept and (as_of is None or p.active_on(as_of))
        ]
        networks = [
            n.model_copy(update={"members": [m for m in n.members if m in kept]})
            for n in self.networks
        ]
        return self.model_copy(
            update={
                "providers": providers,
                "services": services,
                "partnerships": partnerships,
                "networks": networks,
            }
        )

    @classmethod
    def from_graph(
        cls,
        nodes: Mapping[Label, Iterable[Mapping[str, Any]]],
        relationships: Iterable[Relationship | StoredRelationship],
        **header: Any,
    ) -> Dataset:
        """Rebuild a dataset from node properties and relationships (a store's contents).

        The node properties are those a store gives back: JSON values of what was
        validated on the way in. They are validated again all the same (pydantic's
        validation in Rust costs little more than building the models unchecked would).
        """
        # one pass over the relationships, so that they can come from a cursor
        refs: dict[tuple[Label, str], dict[str, Any]] = {}
        group_needs: list[GroupNeed] = []
        partnerships: list[Partnership] = []
        build_group_need, build_partnership = GroupNeed.model_validate, Partnership.model_validate
        for r in relationships:
            kind = r.kind
            if kind is RelKind.HAS_NEED:
                group_needs.append(
                    build_group_need({"group": r.source, "need": r.target, **r.properties})
                )
            elif kind is RelKind.PARTNERS_WITH:
                partnerships.append(
                    build_partnership({"source": r.source, "target": r.target, **r.properties})
                )
            else:
                _add_reference(refs, r)
        _sort_references(refs)
        data: dict[str, Any] = dict(header)
        for list_name, label in NODE_LISTS:
            build = NODE_TYPES[label].model_validate
            built = []
            for props in nodes.get(label, ()):
                extra = refs.pop((label, props["id"]), None)
                built.append(
                    build(
                        {**props, **extra}
                        if extra
                        else props
                        if type(props) is dict
                        else dict(props)
                    )
                )
            data[list_name] = built
        data["group_needs"] = group_needs
        data["partnerships"] = partnerships
        return cls(**data)


def _sorted_refs(node: Node) -> Node:
    updates = {
        f: sorted(getattr(node, f)) for f in node.ref_fields if isinstance(getattr(node, f), list)
    }
    return node.model_copy(update=updates) if updates else node


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v != [] and v != {}}


_FIELD_OF = {(kind, target): f for _, f, kind, target in REFERENCES}
#: The reference fields that hold one id (a service's provider, a parent); the others
#: hold lists.
SINGLE_REFERENCE_FIELDS = frozenset({"parent", "provider"})
_REFS_OF: dict[Label, list[tuple[str, RelKind, Label]]] = {}
for _list, _field, _kind, _target in REFERENCES:
    _REFS_OF.setdefault(LABEL_OF_LIST[_list], []).append((_field, _kind, _target))


def reference_fields(label: Label) -> list[tuple[str, RelKind, Label]]:
    """(field, relationship type, target label) of each reference field of a label."""
    return _REFS_OF.get(label, [])


def outgoing(node: Node) -> Iterator[Relationship]:
    """The relationships that a node's reference fields stand for."""
    for field_name, kind, target_label in _REFS_OF.get(node.label, ()):
        value = getattr(node, field_name)
        targets = value if isinstance(value, list) else [value] if value else []
        for target in targets:
            if kind in INCOMING:
                yield rel(kind, target, node.id, target_label, node.label)
            else:
                yield rel(kind, node.id, target, node.label, target_label)


def node_references(
    rels: Iterable[Relationship | StoredRelationship],
) -> dict[tuple[Label, str], dict[str, Any]]:
    """Group reference relationships back into node fields: {(label, id): {field: value}}."""
    refs: dict[tuple[Label, str], dict[str, Any]] = {}
    for r in rels:
        if r.kind in (RelKind.HAS_NEED, RelKind.PARTNERS_WITH):
            continue
        _add_reference(refs, r)
    _sort_references(refs)
    return refs


def _add_reference(
    refs: dict[tuple[Label, str], dict[str, Any]], r: Relationship | StoredRelationship
) -> None:
    assert r.source_label is not None and r.target_label is not None
    if r.kind in INCOMING:
        owner, other, other_label = (r.target_label, r.target), r.source, r.source_label
    else:
        owner, other, other_label = (r.source_label, r.source), r.target, r.target_label
    fname = _FIELD_OF[(r.kind, other_label)]
    slot = refs.get(owner)
    if slot is None:
        slot = refs[owner] = {}
    if fname in SINGLE_REFERENCE_FIELDS:
        slot[fname] = other
    else:
        values = slot.get(fname)
        if values is None:
            slot[fname] = [other]
        else:
            values.append(other)


def _sort_references(refs: dict[tuple[Label, str], dict[str, Any]]) -> None:
    for slot in refs.values():
        for value in slot.values():
            if isinstance(value, list):
                value.sort()
