"""Commands about file formats: template, formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from graphsvc.cli.common import (
    Cli,
    DebugOpt,
    JsonOpt,
    StoreOpt,
    cli,
    console,
    print_json,
)
from graphsvc.model import Dataset


def _known_groups_and_needs(run: Cli) -> Dataset | None:
    """The store's target groups and needs, or None when there is no store yet."""
    url = run.settings().store
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        return None  # don't create an empty database just to write a template
    ds = run.store().snapshot()
    return Dataset(target_groups=ds.target_groups, needs=ds.needs)


def template(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
    empty: Annotated[
        bool,
        typer.Option(
            "--empty",
            help="Leave the target_groups and needs "
            "sheets empty (default: fill them from the store).",
        ),
    ] = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Write an empty workbook to fill in: headers, a guide in Finnish and English, drop-downs."""
    from ingest.workbook.template import write_template

    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter(
            f"{path.name!r}: the template is an Excel file; give a name ending in .xlsx",
            param_hint="PATH",
        )
    with cli(ctx).errors():
        from graphsvc.errors import InvalidData

        if not path.parent.exists():
            raise InvalidData(f"{path}: the folder {path.parent} does not exist.")
        result = write_template(path, None if empty else _known_groups_and_needs(cli(ctx)))
    console.print(f"Wrote {path}.", markup=False)
    for note in result.notes:
        console.print(f"note: {note}", markup=False)


def formats_(
    ctx: typer.Context,
    json_: JsonOpt = False,
    _debug: DebugOpt = False,
) -> None:
    """List the file formats that import and export understand."""
    from ingest.registry import FORMATS

    rows: list[dict[str, Any]] = [
        {
            "name": f.name,
            "suffixes": list(f.suffixes),
            "folder": f.is_dir,
            "import": f.reader is not None,
            "export": f.writer is not None,
            "description": f.description,
        }
        for f in sorted(FORMATS.values(), key=lambda f: f.name)
    ]
    if json_:
        print_json(rows)
        return
    table = Table("format", "suffixes", "import", "export", "description", box=None)
    for r in rows:
        suffixes = ", ".join(r["suffixes"]) + (" (or a folder)" if r["folder"] else "")
        table.add_row(
            r["name"],
            suffixes,
            "yes" if r["import"] else "",
            "yes" if r["export"] else "",
            r["description"],
        )
    console.print(table)
