"""The node models, the relationship models, and a fast Relationship constructor."""

from __future__ import annotations

import functools
from datetime import date
from typing import (
    Annotated,
    Any,
    ClassVar,
    NamedTuple,
)

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from graphsvc.model.types import (
    ENDPOINTS,
    Age,
    AreaKind,
    Channel,
    GroupKind,
    Id,
    IdList,
    IsoDate,
    Label,
    Name,
    PartnershipKind,
    RelKind,
    Sector,
    StrList,
    _age_out,
    all_names,
    collation,
    fold,
    pick,
)

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
        return self.__pydantic_serializer__.to_python(  # type: ignore[no-any-return]
            self, mode="json", exclude_none=True, exclude=self._not_properties()
        )

    def properties_json(self) -> str:
        """`properties()` as compact JSON text, in the order the fields are declared
        (written by pydantic-core: half the time of dumping the dict)."""
        return self.__pydantic_serializer__.to_json(
            self, exclude_none=True, exclude=self._not_properties()
        ).decode()

    def _not_properties(self) -> set[str]:
        """The fields `properties()` leaves out besides None: references, empty lists."""
        cls = type(self)
        values = self.__dict__
        empty = [f for f in _list_fields(cls) if not values[f]]
        refs = _ref_set(cls)
        return refs.union(empty) if empty else refs

    def search_text(self) -> str:
        return fold(" ".join([self.id, *all_names(self.name)]))


def _within(day: date, start: date | None, end: date | None) -> bool:
    """start <= day <= end, inclusive; a missing bound is open."""
    return (start is None or start <= day) and (end is None or day <= end)


@functools.cache
def _ref_set(cls: type[Node]) -> set[str]:
    # (a set, not a frozenset: pydantic-core takes a set as it is, without a copy; it
    # does not change it)
    return set(cls.ref_fields)


@functools.cache
def _list_fields(cls: type[Node]) -> tuple[str, ...]:
    """The list fields of a node type that are properties (they are left out when empty)."""
    return tuple(
        name
        for name, f in cls.model_fields.items()
        if f.default_factory is list and name not in cls.ref_fields
    )


class ValidityMixin(Model):
    valid_from: Annotated[IsoDate, Field(description="First day active; not after valid_to.")]
    valid_to: Annotated[IsoDate, Field(description="Last day active (inclusive).")]

    @model_validator(mode="after")
    def _check_dates(self) -> ValidityMixin:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")
        return self

    def active_on(self, day: date) -> bool:
        """True when valid_from <= day <= valid_to (inclusive; a missing bound is open)."""
        return _within(day, self.valid_from, self.valid_to)


class AgeRangeMixin(Model):
    min_age: Annotated[Age, Field(description="Youngest age, in years; not above max_age.")]
    max_age: Annotated[Age, Field(description="Oldest age, in years (inclusive).")]

    @model_validator(mode="after")
    def _check_ages(self) -> AgeRangeMixin:
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(
                f"min_age {_age_out(self.min_age)} is greater than max_age {_age_out(self.max_age)}"
            )
        return self

    def overlaps(self, other: AgeRangeMixin) -> bool:
        """True when the two inclusive age ranges overlap (a missing bound is open)."""
        lo = max(
            self.min_age if self.min_age is not None else float("-inf"),
            other.min_age if other.min_age is not None else float("-inf"),
        )
        hi = min(
            self.max_age if self.max_age is not None else float("inf"),
            other.max_age if other.max_age is not None else float("inf"),
        )
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
    # the rule of _age_kind, said in the schema
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"kind": {"const": "age"}}, "required": ["kind"]},
            "then": {
                "anyOf": [
                    {"properties": {"min_age": {"type": "number"}}, "required": ["min_age"]},
                    {"properties": {"max_age": {"type": "number"}}, "required": ["max_age"]},
                ]
            },
        }
    )

    kind: GroupKind
    description: Name | None = None

    def order(self, lang: str = "fi") -> tuple[bool, float, str, str]:
        """Where the group comes in a list: age groups by age, then the special groups
        by name (0–6, 7–21, 22–65, over 65, then …)."""
        lowest = self.min_age if self.min_age is not None else -1.0
        return (
            self.kind is not GroupKind.AGE,
            lowest,
            collation(pick(self.name, lang), lang),
            self.id,
        )

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
    target: Annotated[Id, Field(description="Another provider than the source.")]
    kind: PartnershipKind = PartnershipKind.OTHER
    since: Annotated[IsoDate, Field(description="First day; not after until.")]
    until: Annotated[IsoDate, Field(description="Last day (inclusive).")]
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Partnership:
        if self.source == self.target:
            raise ValueError(f"a provider cannot partner with itself ({self.source})")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        return self

    def active_on(self, day: date) -> bool:
        return _within(day, self.since, self.until)


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
                p
                for p in pairs
                if self.source_label in (None, p[0]) and self.target_label in (None, p[1])
            ]
            if match:
                self.source_label, self.target_label = match[0]
        if (self.source_label, self.target_label) not in pairs:
            raise ValueError(f"{self.kind} cannot join {self.source_label} to {self.target_label}")
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


class StoredRelationship(NamedTuple):
    """A relationship as a store reads it back, already valid: what
    `Dataset.from_graph` reads of one, without building a model (a snapshot of a city
    reads tens of thousands, and building each as a Relationship was a third of it)."""

    kind: RelKind
    source: str
    target: str
    source_label: Label
    target_label: Label
    properties: dict[str, Any]


def rel(
    kind: RelKind,
    source: str,
    target: str,
    source_label: Label,
    target_label: Label,
    properties: dict[str, Any] | None = None,
) -> Relationship:
    """Build a Relationship from values known to be valid, without validation.

    Imports and snapshots build hundreds of thousands of these; validation would run the
    endpoint checks (and a GroupNeed or Partnership) in Python for each, twice the cost
    of pydantic's `model_construct`.
    """
    return Relationship.model_construct(
        set(_REL_FIELDS),
        kind=kind,
        source=source,
        target=target,
        source_label=source_label,
        target_label=target_label,
        properties=properties or {},
    )
