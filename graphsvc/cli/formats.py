"""Commands about file formats: template, formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from graphsvc.cli.common import JsonOpt, app, console, get_store, print_json, state, user_errors
from graphsvc.model import Dataset
from graphsvc.store import store_url


def _known_groups_and_needs() -> Dataset | None:
    """The store's target groups and needs, or None when there is no store yet."""
    url = store_url(state.store_url)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        return None  # don't create an empty database just to write a template
    ds = get_store().snapshot()
    return Dataset(target_groups=ds.target_groups, needs=ds.needs)


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="The .xlsx file to write.")],
    empty: Annotated[
        bool,
        typer.Option(
            "--empty",
            help="Leave the target_groups and needs "
            "sheets empty (default: fill them from the store).",
        ),
    ] = False,
) -> None:
    """Write an empty workbook to fill in: headers, a guide in Finnish and English, drop-downs."""
    from ingest.template import write_template

    if path.suffix.lower() != ".xlsx":
        raise typer.BadParameter(
            f"{path.name!r}: the template is an Excel file; give a name ending in .xlsx",
            param_hint="PATH",
        )
    with user_errors():
        from graphsvc.errors import InvalidData

        if not path.parent.exists():
            raise InvalidData(f"{path}: the folder {path.parent} does not exist.")
        result = write_template(path, None if empty else _known_groups_and_needs())
    console.print(f"Wrote {path}.", markup=False)
    for note in result.notes:
        console.print(f"note: {note}", markup=False)


@app.command("formats")
def formats_(json_: JsonOpt = False) -> None:
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
