"""The outer layer of the views: run the analyses a view draws, then render it.

`view_spec` computes coverage, betweenness and a scenario's result with
`graphsvc.analysis` and hands them to the pure `visual.network.build_view`;
`embed_html` renders the minimal-chrome page an iframe shows (the service serves it at
/embed/network). Nothing here touches a store except through the object passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from pydantic import ValidationError

from graphsvc.analysis import (
    Prepared,
    coverage,
    critical_providers,
    prepare,
    scenario_changes,
    scenario_picture,
)
from graphsvc.analysis.results import ScenarioChanges, Status
from graphsvc.errors import InvalidData
from graphsvc.model import Dataset, Sector
from graphsvc.words import Words
from visual.html import Mode, render_html
from visual.network import Marks, ViewInputs, build_view
from visual.select import check_ids
from visual.spec import CoverageCell, ViewParams, VisSpec
from visual.text import t

if TYPE_CHECKING:
    from visual.heatmap import HeatmapSpec

#: betweenness is exact up to this many providers, and estimated from BETWEENNESS_SAMPLE
#: sources (fixed seed: the same graph, the same sizes) above, to keep a view quick
BETWEENNESS_EXACT = 1000
BETWEENNESS_SAMPLE = 300
BETWEENNESS_SEED = 42
#: a partnership network stars its top brokers: a tenth of its providers, 3 to 10
BROKERS_MIN, BROKERS_MAX = 3, 10


class Snapshots(Protocol):
    """Anything that gives a Dataset as of a date (a GraphStore does)."""

    def snapshot(self, *, as_of: date | None = None) -> Dataset: ...


def view_params(**values: Any) -> ViewParams:
    """ViewParams from loose values (a query string's, a form's); InvalidData if bad."""
    sector = values.pop("sector", None)
    if sector is not None and "sectors" not in values:
        values["sectors"] = [sector] if isinstance(sector, str | Sector) else list(sector)
    try:
        return ViewParams(**{k: v for k, v in values.items() if v is not None}).check()
    except ValidationError as exc:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        raise InvalidData(
            "The view parameters are not valid: "
            + "; ".join(f"{d['field']}: {d['message']}" for d in details),
            details=details,
        ) from None
    except ValueError as exc:
        raise InvalidData(str(exc)) from None


def coverage_cells(
    data: Dataset | Prepared, *, as_of: date | None = None, area: str | None = None
) -> dict[tuple[str, str], CoverageCell]:
    """(group, need) -> status and provider count, from the coverage analysis."""
    return {
        (r.group, r.need): CoverageCell(status=Status(r.status.value), providers=len(r.providers))
        for r in coverage(data, as_of=as_of, area=area)
    }


def analysis_inputs(
    ds: Dataset,
    params: ViewParams,
    *,
    remove_sectors: Iterable[Sector | str] = (),
    remove_providers: Iterable[str] = (),
    changes: ScenarioChanges | None = None,
    today: date | None = None,
) -> ViewInputs:
    """Coverage, betweenness and (when something changes) the scenario, for a view.

    With a scenario (`changes`, and any `remove_sectors` and `remove_providers` beside
    them), the view shows its result: coverage and betweenness after the change, the
    removed providers greyed and the needs it newly uncovers marked.
    """
    return _analysed(ds, params, _changes(remove_sectors, remove_providers, changes), today)[1]


def _changes(
    sectors: Iterable[Sector | str], providers: Iterable[str], changes: ScenarioChanges | None
) -> ScenarioChanges:
    more = scenario_changes(
        remove_sectors=[s.value if isinstance(s, Sector) else s for s in sectors],
        remove_providers=list(providers),
    )
    if changes is None:
        return more
    return changes.model_copy(
        update={
            "remove_sectors": [*changes.remove_sectors, *more.remove_sectors],
            "remove_providers": [*changes.remove_providers, *more.remove_providers],
        }
    )


def _analysed(
    ds: Dataset, params: ViewParams, changes: ScenarioChanges, today: date | None
) -> tuple[Dataset, ViewInputs]:
    """The graph to draw and what to draw on it: `ds` itself, or with a scenario the
    picture of its result (`scenario_picture`: moved, partnerships begun and ended,
    the removed providers kept to be greyed)."""
    day = params.as_of or today or date.today()
    before = prepare(ds, as_of=day)
    if changes == ScenarioChanges():
        return ds, ViewInputs(
            coverage=coverage_cells(before, area=params.area),
            betweenness=_betweenness(before, params),
            marks=_marks(before, params),
        )
    changed, drawn = scenario_picture(ds, changes)
    after = prepare(changed, as_of=day)
    cells_before = coverage_cells(before, area=params.area)
    cells_after = coverage_cells(after, area=params.area)
    newly = frozenset(
        pair
        for pair, cell in cells_after.items()
        if cell.status is Status.UNCOVERED and cells_before[pair].status is not Status.UNCOVERED
    )
    kept = {p.id for p in changed.providers}
    return drawn, ViewInputs(
        coverage=cells_after,
        betweenness=_betweenness(after, params),
        removed_providers=frozenset(p.id for p in ds.providers if p.id not in kept),
        newly_uncovered=newly,
        scenario_label=_scenario_label(changes, ds, params.lang),
        marks=_marks(after, params),
    )


def view_spec(
    ds: Dataset,
    params: ViewParams,
    *,
    remove_sectors: Iterable[Sector | str] = (),
    remove_providers: Iterable[str] = (),
    changes: ScenarioChanges | None = None,
    physics: bool | None = None,
    today: date | None = None,
) -> VisSpec:
    """The spec of a view with its analyses run (see `analysis_inputs`); with a
    scenario, of the graph as the scenario leaves it."""
    params.check()
    drawn, inputs = _analysed(
        ds, params, _changes(remove_sectors, remove_providers, changes), today
    )
    return build_view(drawn, params, inputs, physics=physics, today=today)


def embed_html(
    source: Dataset | Snapshots,
    *,
    group: str | None = None,
    need: str | None = None,
    provider: str | None = None,
    radius: int | None = None,
    area: str | None = None,
    sector: str | Sector | Iterable[str | Sector] | None = None,
    lang: str = "fi",
    as_of: date | str | None = None,
    size_by: str | None = None,
    mode: Mode = "embed",
    today: date | None = None,
) -> str:
    """The minimal-chrome HTML of one view for an iframe, from view parameters.

    Parameters
    ----------
    source : Dataset or a store
        The graph; a store is asked for a snapshot as of `as_of`.
    group, need, provider, radius, area, sector, lang, as_of, size_by
        The view (see `ViewParams`); `sector` may be one sector or several.

    Raises
    ------
    InvalidData
        When a parameter is not valid (an unknown language or sector, a bad radius or
        date, a provider combined with a group).
    UnknownId
        When the group, need, provider or area is not in the graph.
    """
    params = view_params(
        group=group,
        need=need,
        provider=provider,
        radius=radius,
        area=area,
        sector=sector,
        lang=lang,
        as_of=as_of,
        size_by=size_by,
    )
    ds = source if isinstance(source, Dataset) else source.snapshot(as_of=params.as_of)
    return render_html(view_spec(ds, params, today=today), mode=mode)


def heatmap_spec(
    ds: Dataset,
    *,
    as_of: date | None = None,
    area: str | None = None,
    lang: Literal["fi", "en"] = "fi",
    today: date | None = None,
) -> HeatmapSpec:
    """The coverage heatmap of `ds` with the coverage analysis run."""
    from visual.heatmap import build_heatmap

    check_ids(ds, ViewParams(area=area))
    day = as_of or today or date.today()
    cells = coverage_cells(ds, as_of=day, area=area)
    return build_heatmap(ds, cells, lang=lang, day=day)


def _marks(net: Prepared, params: ViewParams) -> Marks:
    """The critical providers and the brokers a partnership network marks."""
    if params.kind() != "partners":
        return Marks()
    critical = critical_providers(net, area=params.area, lang=params.lang)
    n = net.graph.number_of_nodes()
    k = None if n <= BETWEENNESS_EXACT else min(BETWEENNESS_SAMPLE, n)
    scores = net.betweenness(k, BETWEENNESS_SEED)
    ranked = sorted((p for p, v in scores.items() if v > 0), key=lambda p: (-scores[p], p))
    return Marks(
        critical=frozenset(c.provider for c in critical.providers),
        brokers=frozenset(ranked[: max(BROKERS_MIN, min(BROKERS_MAX, n // 10))]),
    )


def _betweenness(net: Prepared, params: ViewParams) -> dict[str, float] | None:
    if params.size_by != "betweenness":
        return None
    n = net.graph.number_of_nodes()
    k = None if n <= BETWEENNESS_EXACT else min(BETWEENNESS_SAMPLE, n)
    return net.betweenness(k, BETWEENNESS_SEED)


def _scenario_label(changes: ScenarioChanges, ds: Dataset, lang: str) -> str:
    """The scenario in a line: what leaves, who moves, which partnerships begin or end."""
    words = Words(lang)
    by_id = {p.id: p for p in ds.providers}

    def name(p: str) -> str:
        return by_id[p].display_name(lang) if p in by_id else p

    gone = [words.sector(s, capital=True) for s in changes.remove_sectors]
    gone += [name(p) for p in changes.remove_providers]
    parts = [t("removed", lang, names=", ".join(gone))] if gone else []
    parts += [
        t("moved", lang, name=name(p), sector=words.sector(s))
        for p, s in changes.move_sectors.items()
    ]
    parts += [t("partnered", lang, a=name(a), b=name(b)) for a, b in changes.add_partnerships]
    parts += [t("parted", lang, a=name(a), b=name(b)) for a, b in changes.remove_partnerships]
    return "; ".join(parts)


__all__ = [
    "analysis_inputs",
    "coverage_cells",
    "embed_html",
    "heatmap_spec",
    "view_params",
    "view_spec",
]
