"""The analyses' results: pydantic models whose JSON is the documented contract
(docs/analysis.md) that the CLI prints and the API serves."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from graphsvc.model import Sector
from graphsvc.words import Words


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Status(StrEnum):
    """Coverage status of one (group, need), from worst to best."""

    UNCOVERED = "uncovered"
    FRAGILE = "fragile"
    SINGLE_SECTOR = "single_sector"
    COVERED = "covered"


class GapKind(StrEnum):
    """Kinds of finding in the ranked list, in order of severity."""

    UNCOVERED = "uncovered"
    FRAGILE = "fragile"
    SINGLE_SECTOR = "single_sector"
    TRANSITION = "transition"
    AREA = "area"


class GroupNeedRef(Result):
    """One (group, need) of the demand side."""

    group: str
    need: str


class CoverageRow(Result):
    """Who covers one HAS_NEED (group, need), and how well."""

    group: str
    need: str
    priority: int
    status: Status
    providers: list[str]
    sectors: list[str]
    group_name: str
    need_name: str


class NeedTies(Result):
    """Providers of one (group, need) that have no direct tie to each other."""

    need: str
    providers: int
    untied_pairs_count: int
    untied_pairs: list[tuple[str, str]]
    truncated: bool


class GroupCollaboration(Result):
    """The partnership graph restricted to the providers covering a group's needs."""

    group: str
    group_name: str
    providers: list[str]
    ties: int
    components: list[list[str]]
    isolated: list[str]
    density: float
    centralization: float
    ei_index: float | None
    needs: list[NeedTies]


class NetworkSummary(Result):
    """The whole partnership graph in numbers."""

    providers: int
    ties: int
    components: int
    isolated: int
    largest_component: int
    density: float
    centralization: float
    articulation_points: int
    bridges: int


class Impact(Result):
    """What removing one provider would do."""

    uncovered: list[GroupNeedRef]
    fragile: list[GroupNeedRef]
    splits_into: int


class CriticalProvider(Result):
    """An articulation point or a sole provider, with the impact of losing it."""

    provider: str
    name: str
    sector: str
    reasons: list[str]
    sole_provider_of: list[GroupNeedRef]
    impact: Impact


class CriticalAnalysis(Result):
    providers: list[CriticalProvider]
    bridges: list[tuple[str, str]]


class Broker(Result):
    """One provider's brokerage: betweenness and ties across sectors."""

    provider: str
    name: str
    sector: str
    betweenness: float
    degree: int
    cross_sector_ties: int
    cross_sector_share: float | None


class GroupEI(Result):
    """The E-I index of one group's network, by sector."""

    group: str
    internal: int
    external: int
    ei_index: float | None


class BrokerAnalysis(Result):
    backend: str
    exact: bool
    sample_size: int | None
    brokers: list[Broker]
    groups: list[GroupEI]


class TransitionGap(Result):
    """A need whose chain of providers breaks between two consecutive age groups."""

    from_group: str
    to_group: str
    need: str
    priority: int
    from_providers: list[str]
    to_providers: list[str]
    from_group_name: str
    to_group_name: str
    need_name: str


class AreaGap(Result):
    """A (group, need) with providers somewhere but no service counted in a district."""

    group: str
    need: str
    area: str
    priority: int
    providers_elsewhere: int
    group_name: str
    need_name: str
    area_name: str
    #: the group's residents in the area (from a population table; None without one)
    residents: int | None = None


class GroupArea(Result):
    """An age group in an area with residents: how many services it has there per 1,000."""

    group: str
    area: str
    residents: int
    services: int
    per_1000: float | None
    group_name: str
    area_name: str


class RankedGap(Result):
    """One finding of the ranked list."""

    kind: GapKind
    severity: int
    priority: int
    group: str
    need: str
    to_group: str | None = None
    area: str | None = None
    providers: list[str]
    message: str
    #: of an area gap: the group's residents in the area, when a population is known
    residents: int | None = None


class Query(Result):
    """The question a report answers: the day, the language and the filters."""

    as_of: date
    lang: str
    group: str | None = None
    need: str | None = None
    area: str | None = None


class GapReport(Query):
    """Every analysis of one graph, as of one day (the JSON of `graphsvc gaps`)."""

    summary: dict[str, int]
    network: NetworkSummary
    coverage: list[CoverageRow]
    collaboration: list[GroupCollaboration]
    critical_providers: list[CriticalProvider]
    bridges: list[tuple[str, str]]
    brokers: BrokerAnalysis
    transition_gaps: list[TransitionGap]
    area_gaps: list[AreaGap]
    ranked: list[RankedGap]
    provider_names: dict[str, str]
    #: each age group per area with residents (empty without a population table)
    group_areas: list[GroupArea] = []

    def ranked_rows(self) -> list[dict[str, Any]]:
        """The ranked findings as flat rows in RANKED_COLUMNS (the gap report as CSV).

        A person reads the CSV: its kind of finding is the word the pages' badges and the
        views' legends say, in the report's language ("Ei toimijaa", "Siirtymäaukko");
        the JSON keeps the code."""
        w = Words(self.lang)
        return [
            {
                "severity": g.severity,
                "kind": w.finding(g.kind, capital=True),
                "priority": g.priority,
                "group": g.group,
                "need": g.need,
                "to_group": g.to_group or "",
                "area": g.area or "",
                "providers": "|".join(g.providers),
                "message": g.message,
            }
            for g in self.ranked
        ]


#: the columns of the analyses' tables as CSV (the pages' downloads)
CRITICAL_COLUMNS = ("provider", "name", "sector", "why", "uncovered_if_lost", "splits_into")
BROKER_COLUMNS = tuple(Broker.model_fields)
GROUP_EI_COLUMNS = ("group", "name", *(f for f in GroupEI.model_fields if f != "group"))

#: the columns of `GapReport.ranked_rows`
RANKED_COLUMNS = (
    "severity",
    "kind",
    "priority",
    "group",
    "need",
    "to_group",
    "area",
    "providers",
    "message",
)


class GapReportPart(Query):
    """Some fields of the gap report, with its query: what a route that serves one part
    of the report answers."""

    @classmethod
    def of(cls, report: GapReport) -> Self:
        return cls(**{name: getattr(report, name) for name in cls.model_fields})


class TransitionsReport(GapReportPart):
    """The gap report's transition gaps alone, with the query (GET /transitions)."""

    transition_gaps: list[TransitionGap]


class CriticalReport(GapReportPart):
    """The gap report's critical providers and bridges alone, with the names of the
    providers they name and the query (GET /critical)."""

    critical_providers: list[CriticalProvider]
    bridges: list[tuple[str, str]]
    provider_names: dict[str, str]


class CoverageReport(Query):
    """The JSON of `graphsvc coverage`."""

    coverage: list[CoverageRow]


class NetworkReport(Result):
    """The JSON of `graphsvc network`: the partnership graph, group networks, brokers."""

    as_of: date
    lang: str
    group: str | None = None
    area: str | None = None
    network: NetworkSummary
    collaboration: list[GroupCollaboration]
    brokers: BrokerAnalysis
    articulation_points: list[str]
    bridges: list[tuple[str, str]]


#: two providers' ids, not the same one twice (a provider does not partner with itself)
Pair = Annotated[
    tuple[str, str],
    WithJsonSchema(
        {
            "type": "array",
            "prefixItems": [{"type": "string"}, {"type": "string"}],
            "minItems": 2,
            "maxItems": 2,
            "uniqueItems": True,
        }
    ),
]


class ScenarioChanges(Result):
    """Changes a scenario applies to a copy of the graph (moves first, see docs)."""

    remove_providers: list[str] = Field(default_factory=list)
    remove_sectors: list[Sector] = Field(default_factory=list)
    move_sectors: dict[str, Sector] = Field(default_factory=dict)
    add_partnerships: list[Pair] = Field(default_factory=list)
    remove_partnerships: list[Pair] = Field(default_factory=list)


class CoverageChange(Result):
    group: str
    need: str
    before: Status
    after: Status
    providers_before: list[str]
    providers_after: list[str]


class ComponentSplit(Result):
    """A component of the partnership graph that the changes broke into pieces."""

    anchor: str
    providers: int
    into: int
    piece_sizes: list[int]


class ScenarioDiff(Result):
    newly_uncovered: list[CoverageChange]
    newly_fragile: list[CoverageChange]
    newly_single_sector: list[CoverageChange]
    resolved: list[CoverageChange]
    new_critical_providers: list[str]
    components_before: int
    components_after: int
    split_components: list[ComponentSplit]
    new_transition_gaps: list[TransitionGap]


class ScenarioResult(Result):
    changes: ScenarioChanges
    before: GapReport
    after: GapReport
    diff: ScenarioDiff


class Named(Result):
    """A provider (with its sector) or a service (with its provider), by name."""

    id: str
    name: str
    sector: str | None = None
    provider: str | None = None


class PartnershipRef(Result):
    """A partnership, its ends by name."""

    source: str
    target: str
    kind: str
    source_name: str
    target_name: str


class TimeComparison(Result):
    """The JSON of `graphsvc compare`: the graph on two days side by side."""

    start: date
    end: date
    area: str | None
    lang: str
    providers_appeared: list[Named]
    providers_ended: list[Named]
    services_appeared: list[Named]
    services_ended: list[Named]
    partnerships_appeared: list[PartnershipRef]
    partnerships_ended: list[PartnershipRef]
    summary_before: dict[str, int]
    summary_after: dict[str, int]
    diff: ScenarioDiff
    transition_gaps_closed: list[TransitionGap]
