"""The change log on the command line: graphsvc history."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graphsvc.cli.common import (
    DebugOpt,
    JsonOpt,
    StoreOpt,
    cli,
    console,
    parse_date,
    print_json,
)
from graphsvc.store import MAX_OFFSET
from graphsvc.store.history import ChangeFilters, dumps


def _value(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else dumps(value)
    return text if len(text) <= 60 else text[:59] + "…"


def history(
    ctx: typer.Context,
    label: Annotated[
        str | None, typer.Option(help="Only changes of this label or relationship type.")
    ] = None,
    id: Annotated[str | None, typer.Option("--id", help="Only changes of this node id.")] = None,
    who: Annotated[str | None, typer.Option(help="Only changes by this token (or cli).")] = None,
    since: Annotated[str | None, typer.Option(help="From this day on (YYYY-MM-DD).")] = None,
    until: Annotated[
        str | None, typer.Option(help="Up to this day, inclusive (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many to list.")] = 50,
    offset: Annotated[int, typer.Option(min=0, max=MAX_OFFSET, help="How many to skip.")] = 0,
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """List the changes to the store, newest first: who, when, what, before and after."""
    with cli(ctx).errors(json_):
        first = parse_date(since, "--since")
        last = parse_date(until, "--until")
        filters = ChangeFilters(
            label=label,
            id=id,
            who=who,
            since=first.isoformat() if first else None,
            until=last.isoformat() if last else None,
        )
        page = cli(ctx).store().changes(filters, limit=limit, offset=offset)
    if json_:
        print_json({"items": [vars(c) for c in page.items], "total": page.total})
        return
    table = Table("change", "at", "who", "channel", "what", "field", "before", "after", box=None)
    for c in page.items:
        table.add_row(
            c.id,
            c.at,
            f"{c.who} ({c.role})",
            c.channel,
            f"{c.op} {c.label} {c.key}",
            c.field or "",
            _value(c.before),
            _value(c.after),
        )
    console.print(table)
    console.print(f"{len(page.items)} of {page.total} change(s).", markup=False)
