"""`graphsvc demand …`: the shipped demand profiles (groups, needs and group needs)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graphsvc.cli.common import (
    DebugOpt,
    JsonOpt,
    LangOpt,
    StoreOpt,
    check_lang,
    cli,
    console,
    print_json,
)
from graphsvc.cli.data import print_report

demand_app = typer.Typer(
    help="Demand profiles: the target groups, needs and group needs a gap report checks.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The profile (see demand list).")]


def demand_list(lang: LangOpt = "fi", json_: JsonOpt = False, _debug: DebugOpt = False) -> None:
    """List the demand profiles."""
    from graphsvc.importing.demand import PROFILES, profile_dataset
    from graphsvc.words import Words

    w = Words(check_lang(lang))
    rows = []
    for p in PROFILES:
        ds = profile_dataset(p.name)
        rows.append(
            {
                "name": p.name,
                "title": w(f"profile.{p.key}"),
                "about": w(f"profile_about.{p.key}"),
                "target_groups": len(ds.target_groups),
                "needs": len(ds.needs),
                "group_needs": len(ds.group_needs),
            }
        )
    if json_:
        print_json(rows)
        return
    table = Table(w("demand.profile"), w("col.name"), w("demand.counts_head"), box=None)
    for r in rows:
        table.add_row(str(r["name"]), str(r["title"]), w("demand.counts", **_counts(r)))
    console.print(table)


def _counts(row: dict[str, object]) -> dict[str, object]:
    return {k: row[k] for k in ("target_groups", "needs", "group_needs")}


def demand_show(
    ctx: typer.Context,
    name: NameArg,
    lang: LangOpt = "fi",
    json_: JsonOpt = False,
    _debug: DebugOpt = False,
) -> None:
    """Show a profile: each group's needs, their priority and the act behind each."""
    from graphsvc.importing.demand import profile, profile_dataset
    from graphsvc.model import pick
    from graphsvc.words import Words

    w = Words(check_lang(lang))
    with cli(ctx).errors(json_):
        p = profile(name)
        ds = profile_dataset(name)
    if json_:
        print_json(ds.model_dump(mode="json", exclude_none=True))
        return
    console.print(
        f"{w(f'profile.{p.key}')} ({p.name}): {w(f'profile_about.{p.key}')}", markup=False
    )
    groups = {g.id: pick(g.name, lang) for g in ds.target_groups}
    needs = {n.id: pick(n.name, lang) for n in ds.needs}
    table = Table(w("col.group"), w("col.need"), w("col.priority"), w("demand.basis"), box=None)
    for gn in ds.group_needs:
        table.add_row(
            groups.get(gn.group, gn.group),
            needs.get(gn.need, gn.need),
            str(gn.priority),
            gn.note or "",
            end_section=False,
        )
    console.print(table)


def demand_apply(
    ctx: typer.Context,
    name: NameArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be added; write nothing.")
    ] = False,
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Add a profile's groups, needs and group needs that the store does not have yet."""
    from graphsvc.importing.demand import apply_profile

    with cli(ctx).errors(json_):
        report = apply_profile(cli(ctx).store(), name, dry_run=dry_run)
        print_report(report, json_)
