"""Gap analysis of a service network (networkx over a Dataset; never a store).

Every analysis takes a `Dataset` (or what `prepare` made of one), an optional as-of
date and area, and returns pydantic models (`graphsvc.analysis.results`). `gap_report`
runs them all once. The measures are defined in docs/analysis.md.
"""

from graphsvc.analysis.areas import area_gaps
from graphsvc.analysis.brokers import brokers, group_ei
from graphsvc.analysis.collaboration import (
    collaboration,
    degree_centralization,
    density,
    ei_index,
    network_summary,
)
from graphsvc.analysis.coverage import coverage, status_of
from graphsvc.analysis.critical import critical_providers
from graphsvc.analysis.graph import (
    Prepared,
    example_dataset,
    partnership_graph,
    prepare,
    served_groups,
)
from graphsvc.analysis.ranking import rank_gaps, severity
from graphsvc.analysis.report import coverage_report, gap_report, network_report
from graphsvc.analysis.results import (
    AreaGap,
    Broker,
    BrokerAnalysis,
    ComponentSplit,
    CoverageChange,
    CoverageReport,
    CoverageRow,
    CriticalAnalysis,
    CriticalProvider,
    GapKind,
    GapReport,
    GroupCollaboration,
    GroupEI,
    GroupNeedRef,
    Impact,
    NeedTies,
    NetworkReport,
    NetworkSummary,
    RankedGap,
    ScenarioChanges,
    ScenarioDiff,
    ScenarioResult,
    Status,
    TimeComparison,
    TransitionGap,
)
from graphsvc.analysis.scenarios import (
    apply_changes,
    run_scenario,
    scenario_changes,
    scenario_picture,
)
from graphsvc.analysis.timeline import compare_days
from graphsvc.analysis.transitions import transition_gaps

__all__ = [
    "AreaGap",
    "Broker",
    "BrokerAnalysis",
    "ComponentSplit",
    "CoverageChange",
    "CoverageReport",
    "CoverageRow",
    "CriticalAnalysis",
    "CriticalProvider",
    "GapKind",
    "GapReport",
    "GroupCollaboration",
    "GroupEI",
    "GroupNeedRef",
    "Impact",
    "NeedTies",
    "NetworkReport",
    "NetworkSummary",
    "Prepared",
    "RankedGap",
    "ScenarioChanges",
    "ScenarioDiff",
    "ScenarioResult",
    "TimeComparison",
    "compare_days",
    "Status",
    "TransitionGap",
    "apply_changes",
    "area_gaps",
    "brokers",
    "collaboration",
    "coverage",
    "coverage_report",
    "critical_providers",
    "degree_centralization",
    "density",
    "ei_index",
    "example_dataset",
    "gap_report",
    "group_ei",
    "network_report",
    "network_summary",
    "partnership_graph",
    "prepare",
    "rank_gaps",
    "run_scenario",
    "scenario_changes",
    "scenario_picture",
    "served_groups",
    "severity",
    "status_of",
    "transition_gaps",
]
