"""The graph model: pydantic node and relationship models, enums and the Dataset.

A node model is exactly one entry of the dataset format (DESIGN.md): its outgoing
references (a service's provider, needs, groups and areas; a provider's or area's
parent; a network's members) are fields of the node. `Dataset.relationships()`
turns them into relationships and `Dataset.from_graph()` turns them back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from enum import Enum, StrEnum
from types import UnionType
from typing import (
    Annotated,
    Any,
    ClassVar,
    Final,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

DATASET_FORMAT: Final = "graphsvc-dataset"
DATASET_VERSION: Final = 1
LANGUAGES = ("fi", "en", "sv")


class Label(StrEnum):
    """Node labels."""

    PROVIDER = "Provider"
    TARGET_GROUP = "TargetGroup"
    NEED = "Need"
    SERVICE = "Service"
    AREA = "Area"
    NETWORK = "Network"


class RelKind(StrEnum):
    """Relationship types."""

    OFFERS = "OFFERS"
    MEETS = "MEETS"
    SERVES = "SERVES"
    HAS_NEED = "HAS_NEED"
    AVAILABLE_IN = "AVAILABLE_IN"
    PARTNERS_WITH = "PARTNERS_WITH"
    PART_OF = "PART_OF"
    MEMBER_OF = "MEMBER_OF"


class Sector(StrEnum):
    CITY = "city"
    WELLBEING_COUNTY = "wellbeing_county"
    STATE = "state"
    NGO = "ngo"
    COMPANY = "company"
    EDUCATION = "education"
    PARISH = "parish"
    PROJECT = "project"
    INFORMAL = "informal"


class GroupKind(StrEnum):
    AGE = "age"
    SPECIAL = "special"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    OUTREACH = "outreach"


class AreaKind(StrEnum):
    DISTRICT = "district"
    MUNICIPALITY = "municipality"
    REGION = "region"


class PartnershipKind(StrEnum):
    PURCHASE = "purchase"
    FRAMEWORK_AGREEMENT = "framework_agreement"
    VOUCHER = "voucher"
    GRANT = "grant"
    PROJECT = "project"
    REFERRAL = "referral"
    NETWORK = "network"
    CO_LOCATION = "co_location"
    OTHER = "other"


#: Allowed (source label, target label) pairs of each relationship type.
ENDPOINTS: dict[RelKind, tuple[tuple[Label, Label], ...]] = {
    RelKind.OFFERS: ((Label.PROVIDER, Label.SERVICE),),
    RelKind.MEETS: ((Label.SERVICE, Label.NEED),),
    RelKind.SERVES: ((Label.SERVICE, Label.TARGET_GROUP),),
    RelKind.HAS_NEED: ((Label.TARGET_GROUP, Label.NEED),),
    RelKind.AVAILABLE_IN: ((Label.SERVICE, Label.AREA),),
    RelKind.PARTNERS_WITH: ((Label.PROVIDER, Label.PROVIDER),),
    RelKind.PART_OF: ((Label.PROVIDER, Label.PROVIDER), (Label.AREA, Label.AREA)),
    RelKind.MEMBER_OF: ((Label.PROVIDER, Label.NETWORK),),
}


# --- names -------------------------------------------------------------------------


def _check_name(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("name must not be empty")
        return value
    if type(value) is dict and value:  # the common case, without the Mapping ABC check
        for lang, text in value.items():
            if type(lang) is not str or type(text) is not str or not text.strip():
                break
        else:
            keys = list(value)
            return value if keys == sorted(keys) else {k: value[k] for k in sorted(keys)}
    if isinstance(value, Mapping):
        if not value:
            raise ValueError("name must have at least one language")
        clean: dict[str, str] = {}
        for lang, text in value.items():
            if not isinstance(lang, str) or not isinstance(text, str):
                raise ValueError("a multilingual name maps language codes to strings")
            if text.strip():
                clean[lang] = text
        if not clean:
            raise ValueError("name must not be empty")
        return dict(sorted(clean.items()))
    raise ValueError('name must be a string or a map of languages, e.g. {"fi": "…", "en": "…"}')


Name = Annotated[str | dict[str, str], BeforeValidator(_check_name)]


def pick(name: str | Mapping[str, str] | None, lang: str = "fi") -> str:
    """Return `name` in language `lang`, falling back to fi, en, sv, then any language.

    >>> pick({"fi": "Nuoret", "en": "Young people"}, "en")
    'Young people'
    >>> pick({"fi": "Nuoret"}, "en")
    'Nuoret'
    >>> pick("Päiväkoti", "en")
    'Päiväkoti'
    """
    if name is None:
        return ""
    if isinstance(name, str):
        return name
    for candidate in (lang, *LANGUAGES):
        if name.get(candidate):
            return name[candidate]
    return next(iter(name.values()), "")


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Fold text for search: lower case, Finnish and other diacritics removed.

    >>> fold("Päiväkoti ÅLAND")
    'paivakoti aland'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed if decomposed.isascii() else _COMBINING.sub("", decomposed)


def all_names(name: str | Mapping[str, str] | None) -> list[str]:
    if name is None:
        return []
    if isinstance(name, str):
        return [name]
    return list(name.values())


# --- scalar types ------------------------------------------------------------------


def _age(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
        if not value:
            return None
    return value


def _age_out(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


Age = Annotated[
    Annotated[float, Field(ge=0, le=130)] | None,
    BeforeValidator(_age),
    Field(default=None),
    PlainSerializer(_age_out, return_type=int | float | None),
]


def _date(value: Any) -> Any:
    # Only ISO dates (YYYY-MM-DD); pydantic would also take 1700000000 as a timestamp.
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)") from None
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


IsoDate = Annotated[date | None, BeforeValidator(_date), Field(default=None)]


# An id: text of 1 to 200 characters, stripped (the models strip every string); a
# number becomes its text (YAML reads `id: 17` as a number). All checked by
# pydantic-core itself, with no Python call: ids are the most validated field there is.
Id = Annotated[str, Field(min_length=1, max_length=200, coerce_numbers_to_str=True)]


def _id_list(value: Any) -> Any:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split("|")) if v]
    return value


IdList = Annotated[list[Id], BeforeValidator(_id_list), Field(default_factory=list)]


def _str_list(value: Any) -> Any:
    if isinstance(value, str):
        return [v for v in (p.strip() for p in value.split("|")) if v]
    return value


StrList = Annotated[list[str], BeforeValidator(_str_list), Field(default_factory=list)]


# --- nodes -------------------------------------------------------------------------


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)


class Node(Model):
    """Base of every node: a stable id unique per label, and where it came from."""

    label: ClassVar[Label]
    #: fields that hold references to other nodes, not properties
    ref_fields: ClassVar[tuple[str, ...]] = ()

    id: Id
    name: Name
    source: str | None = None

    def display_name(self, lang: str = "fi") -> str:
        return pick(self.name, lang)

    def properties(self) -> dict[str, Any]:
        """The node's own properties, JSON-ready, without references, None or empty lists."""
        # (the serializer called straight: model_dump's wrapper costs a third as much again
        # on an import of a hundred thousand nodes)
        data = self.__pydantic_serializer__.to_python(
            self, mode="json", exclude_none=True, exclude=set(self.ref_fields))
        return {k: v for k, v in data.items() if v != []}

    def search_text(self) -> str:
        return fold(" ".join([self.id, *all_names(self.name)]))


class ValidityMixin(Model):
    valid_from: IsoDate
    valid_to: IsoDate

    @model_validator(mode="after")
    def _check_dates(self) -> ValidityMixin:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(
                f"valid_from {self.valid_from} is after valid_to {self.valid_to}"
            )
        return self

    def active_on(self, day: date) -> bool:
        """True when valid_from <= day <= valid_to (inclusive; a missing bound is open)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class AgeRangeMixin(Model):
    min_age: Age
    max_age: Age

    @model_validator(mode="after")
    def _check_ages(self) -> AgeRangeMixin:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(f"min_age {_age_out(self.min_age)} is greater than max_age "
                             f"{_age_out(self.max_age)}")
        return self

    def overlaps(self, other: AgeRangeMixin) -> bool:
        """True when the two inclusive age ranges overlap (a missing bound is open)."""
        lo = max(self.min_age if self.min_age is not None else float("-inf"),
                 other.min_age if other.min_age is not None else float("-inf"))
        hi = min(self.max_age if self.max_age is not None else float("inf"),
                 other.max_age if other.max_age is not None else float("inf"))
        return lo <= hi


class Provider(ValidityMixin, Node):
    """An organisation or unit that offers services: city unit, NGO, company, …"""

    label = Label.PROVIDER
    ref_fields = ("parent",)

    sector: Sector
    description: Name | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    languages: StrList
    tags: StrList
    parent: Id | None = None


class TargetGroup(AgeRangeMixin, Node):
    """An age group or a special group whose needs the network should meet."""

    label = Label.TARGET_GROUP

    kind: GroupKind
    description: Name | None = None

    @model_validator(mode="after")
    def _age_kind(self) -> TargetGroup:
        if self.kind is GroupKind.AGE and self.min_age is None and self.max_age is None:
            raise ValueError("an age group needs min_age or max_age")
        return self


class Need(Node):
    """A service need, e.g. early childhood education or digital support."""

    label = Label.NEED

    category: str | None = None
    description: Name | None = None


class Service(ValidityMixin, AgeRangeMixin, Node):
    """A service a provider runs: which needs it meets, for whom and where."""

    label = Label.SERVICE
    ref_fields = ("provider", "needs", "groups", "areas")

    provider: Id
    description: Name | None = None
    channel: Channel | None = None
    url: str | None = None
    needs: IdList
    groups: IdList
    areas: IdList


class Area(Node):
    """A district, municipality or region; areas nest through `parent`."""

    label = Label.AREA
    ref_fields = ("parent",)

    kind: AreaKind
    code: str | None = None
    parent: Id | None = None


class Network(Node):
    """A forum or working group whose members are providers."""

    label = Label.NETWORK
    ref_fields = ("members",)

    description: Name | None = None
    members: IdList


NODE_TYPES: dict[Label, type[Node]] = {
    cls.label: cls for cls in (Provider, TargetGroup, Need, Service, Area, Network)
}


# --- relationships -----------------------------------------------------------------


class GroupNeed(Model):
    """(TargetGroup)-[:HAS_NEED {priority}]->(Need): the demand side."""

    group: Id
    need: Id
    priority: int = Field(default=2, ge=1, le=3)
    note: str | None = None


class Partnership(Model):
    """(Provider)-[:PARTNERS_WITH {kind, since, until, note}]->(Provider)."""

    source: Id
    target: Id
    kind: PartnershipKind = PartnershipKind.OTHER
    since: IsoDate
    until: IsoDate
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Partnership:
        if self.source == self.target:
            raise ValueError(f"a provider cannot partner with itself ({self.source})")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        return self

    def active_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


class Relationship(Model):
    """One relationship in generic form, as the store and the API handle it."""

    kind: RelKind
    source: Id
    target: Id
    source_label: Label | None = None
    target_label: Label | None = None
    properties: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _endpoints(self) -> Relationship:
        pairs = ENDPOINTS[self.kind]
        if self.source_label is None or self.target_label is None:
            if len(pairs) > 1 and self.source_label is None and self.target_label is None:
                raise ValueError(
                    f"{self.kind} joins {' or '.join(f'{a}→{b}' for a, b in pairs)}: "
                    "give source_label"
                )
            match = [
                p for p in pairs
                if self.source_label in (None, p[0]) and self.target_label in (None, p[1])
            ]
            if match:
                self.source_label, self.target_label = match[0]
        if (self.source_label, self.target_label) not in pairs:
            raise ValueError(
                f"{self.kind} cannot join {self.source_label} to {self.target_label}"
            )
        if self.kind is RelKind.HAS_NEED:
            self.properties = GroupNeed(
                group=self.source, need=self.target, **self.properties
            ).model_dump(mode="json", exclude_none=True, exclude={"group", "need"})
        elif self.kind is RelKind.PARTNERS_WITH:
            self.properties = Partnership(
                source=self.source, target=self.target, **self.properties
            ).model_dump(mode="json", exclude_none=True, exclude={"source", "target"})
        elif self.properties:
            raise ValueError(f"{self.kind} has no properties")
        return self

    @property
    def key(self) -> str:
        """What tells two relationships of the same endpoints apart ('' for most kinds)."""
        if self.kind is RelKind.PARTNERS_WITH:
            return str(self.properties.get("kind", PartnershipKind.OTHER.value))
        return ""


_REL_FIELDS = frozenset(Relationship.model_fields)
M = TypeVar("M", bound=BaseModel)


def rel(
    kind: RelKind, source: str, target: str, source_label: Label, target_label: Label,
    properties: dict[str, Any] | None = None,
) -> Relationship:
    """Build a Relationship from values known to be valid, without validation.

    Imports build hundreds of thousands of these; pydantic's model_construct costs ten
    times more than this.
    """
    r = _new_object(Relationship)
    _set_dict(r, {
        "kind": kind, "source": source, "target": target, "source_label": source_label,
        "target_label": target_label, "properties": properties or {},
    })
    _set_fields_set(r, _REL_FIELDS)
    _set_extra(r, None)
    _set_private(r, None)
    return r


# (the slots of pydantic's BaseModel, set straight through their descriptors)
_new_object = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


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
            yield rel(RelKind.HAS_NEED, gn.group, gn.need, Label.TARGET_GROUP, Label.NEED,
                      props)

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
            yield rel(RelKind.PARTNERS_WITH, p.source, p.target, Label.PROVIDER,
                      Label.PROVIDER, props)

    def sorted(self) -> Dataset:
        """A copy with every list in a stable order (for byte-identical exports)."""
        data: dict[str, Any] = {"format": self.format, "version": self.version,
                                "name": self.name, "description": self.description}
        for list_name, _ in NODE_LISTS:
            nodes = sorted(getattr(self, list_name), key=lambda n: n.id)
            data[list_name] = [_sorted_refs(n) for n in nodes]
        data["group_needs"] = sorted(self.group_needs, key=lambda g: (g.group, g.need))
        data["partnerships"] = sorted(
            self.partnerships, key=lambda p: (p.source, p.target, p.kind.value)
        )
        return Dataset.model_construct(**data)

    def to_document(self) -> dict[str, Any]:
        """The dataset as a JSON-ready document: stable key order, no empty values."""
        ds = self.sorted()
        doc: dict[str, Any] = {"format": ds.format, "version": ds.version}
        if ds.name is not None:
            doc["name"] = ds.name
        if ds.description is not None:
            doc["description"] = ds.description
        for list_name in ("target_groups", "needs", "group_needs", "areas", "providers",
                          "services", "partnerships", "networks"):
            items = getattr(ds, list_name)
            if items:
                doc[list_name] = [_clean(item.model_dump(mode="json", exclude_none=True))
                                  for item in items]
        return doc

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in (
            "target_groups", "needs", "group_needs", "areas", "providers", "services",
            "partnerships", "networks")}

    def restricted(
        self, *, as_of: date | None = None, sectors: Iterable[Sector | str] | None = None
    ) -> Dataset:
        """A copy with only providers active on `as_of` (and in `sectors`), their active
        services and partnerships; references to what was left out are dropped."""
        if as_of is None and sectors is None:
            return self
        keep_sectors = None if sectors is None else {Sector(s) for s in sectors}
        providers = [
            p for p in self.providers
            if (as_of is None or p.active_on(as_of))
            and (keep_sectors is None or p.sector in keep_sectors)
        ]
        kept = {p.id for p in providers}
        providers = [
            p if p.parent is None or p.parent in kept else p.model_copy(update={"parent": None})
            for p in providers
        ]
        services = [
            s for s in self.services
            if s.provider in kept and (as_of is None or s.active_on(as_of))
        ]
        partnerships = [
            p for p in self.partnerships
            if p.source in kept and p.target in kept and (as_of is None or p.active_on(as_of))
        ]
        networks = [
            n.model_copy(update={"members": [m for m in n.members if m in kept]})
            for n in self.networks
        ]
        return self.model_copy(update={"providers": providers, "services": services,
                                       "partnerships": partnerships, "networks": networks})

    @classmethod
    def from_graph(
        cls,
        nodes: Mapping[Label, Iterable[Mapping[str, Any]]],
        relationships: Iterable[Relationship],
        **header: Any,
    ) -> Dataset:
        """Rebuild a dataset from node properties and relationships (a store's contents).

        The node properties are trusted (they were validated on the way in).
        """
        # one pass over the relationships, so that they can come from a cursor
        refs: dict[tuple[Label, str], dict[str, Any]] = {}
        group_needs: list[GroupNeed] = []
        partnerships: list[Partnership] = []
        build_group_need, build_partnership = _trusted(GroupNeed), _trusted(Partnership)
        for r in relationships:
            kind = r.kind
            if kind is RelKind.HAS_NEED:
                group_needs.append(build_group_need(
                    {"group": r.source, "need": r.target, **r.properties}))
            elif kind is RelKind.PARTNERS_WITH:
                partnerships.append(build_partnership(
                    {"source": r.source, "target": r.target, **r.properties}))
            else:
                _add_reference(refs, r)
        _sort_references(refs)
        data: dict[str, Any] = dict(header)
        for list_name, label in NODE_LISTS:
            build = _trusted(NODE_TYPES[label])
            built = []
            for props in nodes.get(label, ()):
                extra = refs.pop((label, props["id"]), None)
                built.append(build({**props, **extra} if extra else
                                   props if type(props) is dict else dict(props)))
            data[list_name] = built
        data["group_needs"] = group_needs
        data["partnerships"] = partnerships
        return cls(**data)


def _sorted_refs(node: Node) -> Node:
    updates = {f: sorted(getattr(node, f)) for f in node.ref_fields
               if isinstance(getattr(node, f), list)}
    return node.model_copy(update=updates) if updates else node


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v != [] and v != {}}


_FIELD_OF = {(kind, target): f for _, f, kind, target in REFERENCES}
_SINGLE_FIELDS = frozenset({"parent", "provider"})
_REFS_OF: dict[Label, list[tuple[str, RelKind, Label]]] = {}
for _list, _field, _kind, _target in REFERENCES:
    _REFS_OF.setdefault(dict(NODE_LISTS)[_list], []).append((_field, _kind, _target))


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


def node_references(rels: Iterable[Relationship]) -> dict[tuple[Label, str], dict[str, Any]]:
    """Group reference relationships back into node fields: {(label, id): {field: value}}."""
    refs: dict[tuple[Label, str], dict[str, Any]] = {}
    for r in rels:
        if r.kind in (RelKind.HAS_NEED, RelKind.PARTNERS_WITH):
            continue
        _add_reference(refs, r)
    _sort_references(refs)
    return refs


def _add_reference(refs: dict[tuple[Label, str], dict[str, Any]], r: Relationship) -> None:
    assert r.source_label is not None and r.target_label is not None
    if r.kind in INCOMING:
        owner, other, other_label = (r.target_label, r.target), r.source, r.source_label
    else:
        owner, other, other_label = (r.source_label, r.source), r.target, r.target_label
    fname = _FIELD_OF[(r.kind, other_label)]
    slot = refs.get(owner)
    if slot is None:
        slot = refs[owner] = {}
    if fname in _SINGLE_FIELDS:
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


# --- trusted construction ----------------------------------------------------------
#
# A store gives back what was validated on the way in, as JSON values. Building a
# model from them needs only what JSON cannot hold (dates, enums, floats); pydantic's
# validation of every field costs several times more (a big snapshot is mostly that).


def _leaf_types(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _leaf_types(get_args(annotation)[0])
    if origin in (Union, UnionType):
        return [leaf for arg in get_args(annotation) for leaf in _leaf_types(arg)]
    return [annotation]


def _converter(annotation: Any) -> Callable[[Any], Any] | None:
    """What turns a JSON value of a field into the value validation gives; None: as is."""
    leaves = [t for t in _leaf_types(annotation) if t is not type(None)]
    if len(leaves) == 1 and isinstance(leaves[0], type):
        t = leaves[0]
        if issubclass(t, Enum):
            return t
        if t is date:
            return date.fromisoformat
        if t is float:
            return float
        if t in (str, int, bool):
            return None
    for t in leaves:
        if get_origin(t) in (list, dict) or t is str:
            continue
        return _UNSAFE  # a type this shortcut does not know: validate instead
    return None


def _unsafe(value: Any) -> Any:
    raise TypeError


_UNSAFE: Callable[[Any], Any] = _unsafe
_TRUSTED: dict[type, Callable[[dict[str, Any]], Any]] = {}


def _trusted(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A builder of `cls` from trusted JSON values: equal to `cls.model_validate(data)`
    (fields, defaults and fields set), without validating; it falls back to
    model_validate for anything unexpected."""
    builder = _TRUSTED.get(cls)
    if builder is not None:
        return builder
    spec = []
    for name, info in cls.model_fields.items():
        factory = info.default_factory
        required = info.is_required()
        spec.append((name, _converter(info.annotation), info.default, factory, required))
    if any(conv is _UNSAFE for _, conv, _, _, _ in spec) or cls.__pydantic_post_init__:
        return cls.model_validate
    known = frozenset(cls.model_fields)
    validate = cls.model_validate

    def build(data: dict[str, Any]) -> M:
        if not known.issuperset(data):
            return validate(data)
        values: dict[str, Any] = {}
        try:
            for name, conv, default, factory, required in spec:
                if name in data:
                    value = data[name]
                    if conv is not None and value is not None:
                        value = conv(value)
                elif required:
                    return validate(data)
                elif factory is not None:
                    value = factory()  # type: ignore[call-arg]
                else:
                    value = default
                values[name] = value
        except (TypeError, ValueError):
            return validate(data)
        obj = _new_object(cls)
        _set_dict(obj, values)
        _set_fields_set(obj, set(data))
        _set_extra(obj, None)
        _set_private(obj, None)
        return obj

    _TRUSTED[cls] = build
    return build


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
