"""Commands that analyse the network: gaps, coverage, network, scenario."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from graphsvc.cli.common import (
    AsOfOpt,
    Cli,
    DebugOpt,
    JsonOpt,
    LangOpt,
    StoreOpt,
    check_lang,
    cli,
    console,
    err_console,
    parse_date,
    print_json,
)
from graphsvc.model import Dataset

if TYPE_CHECKING:
    from graphsvc.analysis import (
        CoverageChange,
        CoverageRow,
        GapReport,
        NetworkReport,
        RankedGap,
        ScenarioResult,
        TimeComparison,
    )

# (graphsvc.analysis is imported by the commands that run it: it brings networkx, a
# third of the start-up time of every other command and of --help)

GroupOpt = Annotated[
    str | None, typer.Option("--group", metavar="ID", help="Only this target group.")
]
NeedOpt = Annotated[str | None, typer.Option("--need", metavar="ID", help="Only this need.")]
AreaOpt = Annotated[
    str | None,
    typer.Option(
        "--area", metavar="ID", help="Count services available in this area (or everywhere)."
    ),
]
TopOpt = Annotated[int, typer.Option("--top", help="How many brokers to list.")]
Many = Annotated[list[str] | None, typer.Option()]


def _snapshot(run: Cli) -> Dataset:
    """The whole store as a Dataset (the analyses check the ids the options name)."""
    from graphsvc.analysis.centrality import load_igraph

    load_igraph()  # (the CLI is one thread)
    return run.store().snapshot()


def _options(as_of: str | None, lang: str) -> tuple[date | None, str]:
    return parse_date(as_of), check_lang(lang)


def gaps(
    ctx: typer.Context,
    group: GroupOpt = None,
    need: NeedOpt = None,
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "fi",
    json_: JsonOpt = False,
    csv: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            metavar="FILE",
            help="Also write the ranked gaps to FILE as CSV "
            "that Finnish Excel opens (; separated, UTF-8 with BOM).",
        ),
    ] = None,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Find the gaps of the service network, most severe first."""
    from graphsvc.analysis import gap_report
    from graphsvc.analysis.results import RANKED_COLUMNS
    from ingest.graphml import write_gap_csv

    day, lang = _options(as_of, lang)
    with cli(ctx).errors(json_):
        from graphsvc.store.population import read_population

        report = gap_report(
            _snapshot(cli(ctx)),
            group=group,
            need=need,
            area=area,
            as_of=day,
            lang=lang,
            population=read_population(cli(ctx).store()),
        )
        if csv is not None:
            write_gap_csv(report.ranked_rows(), csv, RANKED_COLUMNS)
            err_console.print(f"Wrote {csv} ({len(report.ranked)} gaps).", markup=False)
    if json_:
        print_json(report.model_dump(mode="json"))
    else:
        _print_gaps(report)


def coverage(
    ctx: typer.Context,
    group: GroupOpt = None,
    need: NeedOpt = None,
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "fi",
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Show who covers each need of each target group."""
    from graphsvc.analysis import coverage_report

    day, lang = _options(as_of, lang)
    with cli(ctx).errors(json_):
        report = coverage_report(
            _snapshot(cli(ctx)),
            group=group,
            need=need,
            area=area,
            as_of=day,
            lang=lang,
        )
    if json_:
        print_json(report.model_dump(mode="json"))
        return
    console.print(f"Coverage as of {report.as_of}" + (f" in {area}" if area else ""), markup=False)
    console.print(_coverage_table(report.coverage))


def network(
    ctx: typer.Context,
    group: GroupOpt = None,
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "fi",
    top: TopOpt = 20,
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Show the partnership network: metrics, components and brokers."""
    from graphsvc.analysis import network_report

    day, lang = _options(as_of, lang)
    with cli(ctx).errors(json_):
        report = network_report(
            _snapshot(cli(ctx)),
            group=group,
            area=area,
            as_of=day,
            lang=lang,
            top_brokers=top,
        )
    if json_:
        print_json(report.model_dump(mode="json"))
    else:
        _print_network(report)


def scenario(
    ctx: typer.Context,
    remove_provider: Annotated[
        list[str] | None,
        typer.Option("--remove-provider", metavar="ID", help="Remove this provider (repeatable)."),
    ] = None,
    remove_sector: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-sector",
            metavar="SECTOR",
            help="Remove every provider of this sector (repeatable).",
        ),
    ] = None,
    move_sector: Annotated[
        list[str] | None,
        typer.Option(
            "--move-sector",
            metavar="ID=SECTOR",
            help="Move a provider to another sector (repeatable).",
        ),
    ] = None,
    add_partnership: Annotated[
        list[str] | None,
        typer.Option("--add-partnership", metavar="A,B", help="Add a partnership (repeatable)."),
    ] = None,
    remove_partnership: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-partnership",
            metavar="A,B",
            help="Remove the partnerships between two providers (repeatable).",
        ),
    ] = None,
    area: AreaOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = "fi",
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """What if providers or sectors leave, or ties change? Compare before and after."""
    from graphsvc.analysis import run_scenario, scenario_changes

    day, lang = _options(as_of, lang)
    if not any((remove_provider, remove_sector, move_sector, add_partnership, remove_partnership)):
        err_console.print(
            "Error: give at least one change: --remove-provider, "
            "--remove-sector, --move-sector, --add-partnership or "
            "--remove-partnership (see graphsvc scenario -h).",
            markup=False,
        )
        raise typer.Exit(2)
    with cli(ctx).errors(json_):
        changes = scenario_changes(
            remove_providers=remove_provider or [],
            remove_sectors=remove_sector or [],
            move_sectors=move_sector or [],
            add_partnerships=add_partnership or [],
            remove_partnerships=remove_partnership or [],
        )
        ds = _snapshot(cli(ctx))
        result = run_scenario(ds, changes, as_of=day, area=area, lang=lang)
    if json_:
        print_json(result.model_dump(mode="json"))
    else:
        _print_scenario(result, _Names(ds, lang))


def compare(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", metavar="YYYY-MM-DD", help="The earlier day.")],
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM-DD", help="The later day (default: today)."),
    ] = None,
    area: AreaOpt = None,
    lang: LangOpt = "fi",
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Two days side by side: what appeared and ended, which gaps opened and closed."""
    from graphsvc.analysis import compare_days

    first = parse_date(start, "--from")
    last = parse_date(end, "--to") or date.today()
    assert first is not None
    lang = check_lang(lang)
    with cli(ctx).errors(json_):
        ds = _snapshot(cli(ctx))
        result = compare_days(ds, first, last, area=area, lang=lang)
    if json_:
        print_json(result.model_dump(mode="json"))
    else:
        _print_comparison(result, _Names(ds, lang))


# --- tables --------------------------------------------------------------------------


def _table(*headers: str, fixed: tuple[str, ...] = (), **kwargs: Any) -> Table:
    """A table whose cells fold rather than end in "…": an id cut short is no id.

    The `fixed` columns (numbers, statuses) keep their width, so that the ids get the
    rest of an 80-column terminal.
    """
    table = Table(**kwargs)
    for header in headers:
        table.add_column(header, overflow="fold", no_wrap=header in fixed)
    return table


class _Names:
    """The names of a dataset's groups, needs and providers in one language (an id
    the dataset does not have stands for itself), and its status words."""

    def __init__(self, ds: Dataset, lang: str) -> None:
        from graphsvc.model.types import pick
        from graphsvc.words import Words

        self.words = Words(lang)
        self._names = {
            n.id: pick(n.name, lang) for n in (*ds.target_groups, *ds.needs, *ds.providers)
        }

    def __call__(self, id: str) -> str:
        return self._names.get(id, id)

    def status(self, status: object) -> str:
        return self.words.status(status)


def _ids(ids: list[str], limit: int = 3) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" … (+{len(ids) - limit})" if len(ids) > limit else "")


def _print_gaps(report: GapReport) -> None:
    s = report.summary
    scope = " ".join(
        f"{k} {v}"
        for k, v in (("group", report.group), ("need", report.need), ("area", report.area))
        if v
    )
    console.print(
        f"Gap report as of {report.as_of}{' — ' + scope if scope else ''}. "
        f"Coverage: {s['uncovered']} uncovered, {s['fragile']} fragile, "
        f"{s['single_sector']} single-sector, {s['covered']} covered. "
        f"Transition gaps: {s['transition_gaps']}, area gaps: {s['area_gaps']}, "
        f"critical providers: {s['critical_providers']}.",
        markup=False,
    )
    if not any(s[k] for k in ("uncovered", "fragile", "single_sector", "covered")):
        if report.group:
            console.print(
                f"Note: group {report.group} has no needs listed, so no coverage could be "
                "checked. Pair groups with needs in the group_needs list (sheet group_needs, "
                "columns group and need) and import again.",
                markup=False,
            )
        else:  # (a registry import brings no demand side: the one line names the remedy)
            from graphsvc.words import Words

            console.print(Words(report.lang)("gaps.no_demand"), markup=False)
    console.print(_ranked_table(report.ranked))
    if report.group_areas:
        _print_group_areas(report)
    if report.critical_providers:
        table = Table(title="Critical providers", title_justify="left")
        for header in ("critical provider", "reasons", "would uncover"):
            table.add_column(header, overflow="fold")  # ids have no spaces to wrap at
        table.add_column("splits into")
        for c in report.critical_providers:
            table.add_row(
                c.provider,
                ", ".join(c.reasons),
                _ids([f"{r.need} ({r.group})" for r in c.impact.uncovered], 2),
                str(c.impact.splits_into),
            )
        console.print(table)


def _print_group_areas(report: GapReport) -> None:
    from graphsvc.words import Words

    w = Words(report.lang)
    table = Table(title=w("gaps.group_areas"), title_justify="left")
    for key in ("col.group", "col.area", "col.residents", "col.services", "col.per_1000"):
        table.add_column(w(key))
    for row in report.group_areas:
        per = "–" if row.per_1000 is None else f"{row.per_1000:g}"
        table.add_row(row.group, row.area, str(row.residents), str(row.services), per)
    console.print(table)


def _ranked_table(ranked: list[RankedGap]) -> Table:
    # The message names the group, need and providers; the ids are in --json.
    table = _table("sev", "kind", "finding", title="Gaps, most severe first", title_justify="left")
    for g in ranked:
        table.add_row(str(g.severity), g.kind.value, g.message)
    return table


def _coverage_table(rows: list[CoverageRow]) -> Table:
    table = _table(
        "group", "need", "prio", "status", "providers", "sectors", fixed=("prio", "status")
    )
    for r in rows:
        table.add_row(
            r.group,
            r.need,
            str(r.priority),
            r.status.value,
            f"{len(r.providers)}: {_ids(r.providers)}" if r.providers else "0",
            ", ".join(r.sectors),
        )
    return table


def _print_network(report: NetworkReport) -> None:
    n = report.network
    console.print(
        f"Partnership network as of {report.as_of}: {n.providers} providers, {n.ties} ties, "
        f"{n.components} components (largest {n.largest_component}, {n.isolated} isolated), "
        f"density {n.density:.3f}, centralization {n.centralization:.3f}, "
        f"{n.articulation_points} articulation points, {n.bridges} bridges.",
        markup=False,
    )
    numbers = ("prov.", "ties", "comp.", "isol.", "dens.", "centr.", "E-I")
    groups = _table(
        "group",
        *numbers,
        fixed=numbers,
        title="Group networks",
        title_justify="left",
        caption="prov. providers, comp. components, isol. "
        "isolated,\ndens. density, centr. centralization",
        caption_justify="left",
    )
    for c in report.collaboration:
        groups.add_row(
            c.group,
            str(len(c.providers)),
            str(c.ties),
            str(len(c.components)),
            str(len(c.isolated)),
            f"{c.density:.3f}",
            f"{c.centralization:.3f}",
            _num(c.ei_index),
        )
    console.print(groups)
    b = report.brokers
    how = "exact" if b.exact else f"sampled from {b.sample_size} sources"
    brokers = _table(
        "provider",
        "sector",
        "betweenness",
        "ties",
        "cross-sector",
        fixed=("betweenness", "ties", "cross-sector"),
        title=f"Brokers (betweenness {how})",
        title_justify="left",
    )
    for r in b.brokers:
        brokers.add_row(
            r.provider, r.sector, f"{r.betweenness:.3f}", str(r.degree), _num(r.cross_sector_share)
        )
    console.print(brokers)


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _print_scenario(result: ScenarioResult, names: _Names) -> None:
    d = result.diff
    b, a = result.before.summary, result.after.summary
    console.print(
        f"Scenario as of {result.after.as_of}: uncovered {b['uncovered']} → {a['uncovered']}, "
        f"fragile {b['fragile']} → {a['fragile']}, single-sector {b['single_sector']} → "
        f"{a['single_sector']}, components {d.components_before} → {d.components_after}.",
        markup=False,
    )
    _print_changes(
        names,
        ("newly uncovered", d.newly_uncovered),
        ("newly fragile", d.newly_fragile),
        ("newly single-sector", d.newly_single_sector),
        ("resolved", d.resolved),
    )
    extra: list[Any] = []
    if d.new_critical_providers:
        critical = ", ".join(names(p) for p in d.new_critical_providers)
        extra.append(f"New critical providers: {critical}.")
    for split in d.split_components:
        extra.append(
            f"The component of {names(split.anchor)} ({split.providers} providers) splits "
            f"into {split.into} pieces ({', '.join(map(str, split.piece_sizes))})."
        )
    for line in extra:
        console.print(line, markup=False)


def _print_comparison(t: TimeComparison, names: _Names) -> None:
    b, a = t.summary_before, t.summary_after
    console.print(
        f"{t.start} → {t.end}: uncovered {b['uncovered']} → {a['uncovered']}, fragile "
        f"{b['fragile']} → {a['fragile']}, single-sector {b['single_sector']} → "
        f"{a['single_sector']}, covered {b['covered']} → {a['covered']}.",
        markup=False,
    )
    table = _table("", "appeared", "ended")
    for label, new, old in (
        ("providers", t.providers_appeared, t.providers_ended),
        ("services", t.services_appeared, t.services_ended),
    ):
        table.add_row(label, _names([x.name for x in new]), _names([x.name for x in old]))
    table.add_row(
        "partnerships",
        _names([f"{p.source_name} ↔ {p.target_name}" for p in t.partnerships_appeared]),
        _names([f"{p.source_name} ↔ {p.target_name}" for p in t.partnerships_ended]),
    )
    console.print(table)
    d = t.diff
    _print_changes(
        names,
        ("opened", [*d.newly_uncovered, *d.newly_fragile, *d.newly_single_sector]),
        ("closed", d.resolved),
    )
    for gap in d.new_transition_gaps:
        console.print(
            f"Opened: {names(gap.need)} breaks at {names(gap.from_group)} → {names(gap.to_group)}.",
            markup=False,
        )
    for gap in t.transition_gaps_closed:
        console.print(
            f"Closed: {names(gap.need)} no longer breaks at {names(gap.from_group)} → "
            f"{names(gap.to_group)}.",
            markup=False,
        )


def _print_changes(names: _Names, *groups: tuple[str, list[CoverageChange]]) -> None:
    """The coverage rows whose status changed, each under its label (a scenario's or
    two days'), by name."""
    table = _table("change", "group", "need", "before", "after", "providers after")
    for label, rows in groups:
        for c in rows:
            table.add_row(
                label,
                names(c.group),
                names(c.need),
                names.status(c.before),
                names.status(c.after),
                _ids([names(p) for p in c.providers_after]),
            )
    if table.row_count:
        console.print(table)
    else:
        console.print("No need of any group changes its coverage status.", markup=False)


def _names(names: list[str], limit: int = 8) -> str:
    if not names:
        return "—"
    shown = ", ".join(sorted(names, key=str.casefold)[:limit])
    return f"{len(names)}: {shown}" + (", …" if len(names) > limit else "")
