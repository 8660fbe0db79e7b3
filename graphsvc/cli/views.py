"""Commands that draw: render (a network view) and heatmap (coverage matrix)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphsvc.cli.common import (
    AsOfOpt,
    DebugOpt,
    StoreOpt,
    check_ids,
    check_lang,
    cli,
    console,
    err_console,
    parse_date,
)
from graphsvc.model import Label, Sector

if TYPE_CHECKING:
    from visual.spec import VisSpec

VIEW_SUFFIXES = (".html", ".png", ".svg")
SECTORS = "|".join(s.value for s in Sector)


def _suffix(output: Path, allowed: tuple[str, ...]) -> str:
    """The output's format, after checking the file can be written (before any work)."""
    suffix = output.suffix.lower()
    if output.is_dir():
        raise typer.BadParameter(f"{str(output)!r} is a directory", param_hint="--output")
    if suffix not in allowed:
        raise typer.BadParameter(
            f"{output.name!r}: the file name must end in {', '.join(allowed)} (the suffix "
            "chooses the format)",
            param_hint="--output",
        )
    folder = output.parent
    if not folder.is_dir():
        raise typer.BadParameter(
            f"the folder {str(folder)!r} does not exist; create it first", param_hint="--output"
        )
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise typer.BadParameter(f"{str(output)!r} cannot be written", param_hint="--output")
    return suffix


def _write(output: Path, data: str | bytes) -> None:
    """Write the file, turning an OS refusal into one clear line and exit code 1."""
    try:
        if isinstance(data, str):
            output.write_text(data, encoding="utf-8")
        else:
            output.write_bytes(data)
    except OSError as exc:
        err_console.print(f"Error: could not write {output}: {exc.strerror or exc}.", markup=False)
        raise typer.Exit(1) from None


def render(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="File to write; .html, .png or .svg chooses the format.",
        ),
    ],
    group: Annotated[
        str | None, typer.Option("--group", metavar="ID", help="One target group's network (id).")
    ] = None,
    need: Annotated[
        str | None,
        typer.Option(
            "--need",
            metavar="ID",
            help="One need's providers (id); with --group, that need of that group.",
        ),
    ] = None,
    provider: Annotated[
        str | None,
        typer.Option("--provider", metavar="ID", help="One provider's neighbourhood (id)."),
    ] = None,
    radius: Annotated[
        int | None,
        typer.Option(
            "--radius", min=1, max=10, metavar="1-10", help="Steps around --provider (default 1)."
        ),
    ] = None,
    sector: Annotated[
        list[Sector] | None,
        typer.Option(
            "--sector",
            metavar="SECTOR",
            help=f"Show only providers of this sector (repeatable): {SECTORS}.",
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", metavar="ID", help="Only services counted in this area (id)."),
    ] = None,
    as_of: AsOfOpt = None,
    remove_sector: Annotated[
        list[Sector] | None,
        typer.Option(
            "--remove-sector",
            metavar="SECTOR",
            help="Scenario: remove this sector's providers (repeatable); they "
            "show greyed and the needs left uncovered are marked.",
        ),
    ] = None,
    remove_provider: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-provider",
            metavar="ID",
            help="Scenario: remove this provider (repeatable), like --remove-sector.",
        ),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", metavar="fi|en", help="Labels in fi or en.")
    ] = "fi",
    presentation: Annotated[
        bool,
        typer.Option(
            "--presentation", help="A 16:9 slide: title, legend and data date, no controls."
        ),
    ] = False,
    size_by: Annotated[
        str,
        typer.Option(
            "--size-by",
            metavar="betweenness|degree",
            help="Size providers by betweenness or degree.",
        ),
    ] = "betweenness",
    view: Annotated[
        str,
        typer.Option(
            "--view",
            metavar="auto|map|partners|all",
            help="auto: a group's service map, a provider's neighbourhood, a need's "
            "providers, else the partnership network; all: every node of every kind.",
        ),
    ] = "auto",
    cluster_by: Annotated[
        str,
        typer.Option(
            "--cluster-by",
            metavar="sector|area|community",
            help="How a large partnership network is clustered.",
        ),
    ] = "sector",
    open_: Annotated[
        list[str] | None,
        typer.Option(
            "--open",
            metavar="KEY",
            help="Draw this cluster open, provider by provider (repeatable).",
        ),
    ] = None,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Draw a network view as a standalone HTML file, or a PNG/SVG image."""
    from visual.embed import view_params, view_spec

    suffix = _suffix(output, VIEW_SUFFIXES)
    check_lang(lang)
    if size_by not in ("betweenness", "degree"):
        raise typer.BadParameter(f"{size_by!r}: use betweenness or degree", param_hint="--size-by")
    if view not in ("auto", "map", "partners", "all"):
        raise typer.BadParameter(f"{view!r}: use auto, map, partners or all", param_hint="--view")
    if cluster_by not in ("sector", "area", "community"):
        raise typer.BadParameter(
            f"{cluster_by!r}: use sector, area or community", param_hint="--cluster-by"
        )
    if view == "map" and group is None:
        raise typer.BadParameter("a service map is of one target group: give --group")
    if radius is not None and provider is None:
        raise typer.BadParameter("--radius needs --provider", param_hint="--radius")
    if provider is not None and (group is not None or need is not None):
        raise typer.BadParameter(
            "--provider cannot be combined with --group or --need", param_hint="--provider"
        )
    day = parse_date(as_of)
    with cli(ctx).errors():
        store = cli(ctx).store()
        check_ids(store, Label.PROVIDER, remove_provider, "remove_provider")
        params = view_params(
            group=group,
            need=need,
            provider=provider,
            radius=radius,
            area=area,
            sectors=list(sector or []),
            as_of=day,
            lang=lang,
            size_by=size_by,
            view=view,
            cluster_by=cluster_by,
            open=tuple(open_ or ()),
        )
        spec = view_spec(
            store.snapshot(as_of=day),
            params,
            remove_sectors=list(remove_sector or []),
            remove_providers=list(remove_provider or []),
        )
        _write_view(spec, output, suffix, presentation)
    counts = spec.counts()
    console.print(
        f"Wrote {output} ({counts['nodes']} nodes, {counts['edges']} edges).", markup=False
    )
    if not spec.nodes:
        err_console.print(
            "Note: the view is empty; nothing matches these options (the file says so).",
            markup=False,
        )


def _write_view(spec: VisSpec, output: Path, suffix: str, presentation: bool) -> None:
    from visual.html import render_html
    from visual.static import render_image

    if suffix == ".html":
        _write(output, render_html(spec, "presentation" if presentation else "full"))
    else:
        _write(output, render_image(spec, "png" if suffix == ".png" else "svg"))


def heatmap(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="File to write; .svg, .png or .html chooses the format.",
        ),
    ],
    area: Annotated[
        str | None, typer.Option("--area", metavar="ID", help="Coverage counted in this area (id).")
    ] = None,
    as_of: AsOfOpt = None,
    lang: Annotated[
        str, typer.Option("--lang", metavar="fi|en", help="Labels in fi or en.")
    ] = "fi",
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Draw the coverage heatmap (target groups × needs) as SVG, PNG or an HTML table."""
    from visual.embed import heatmap_spec
    from visual.heatmap import heatmap_page, render_heatmap

    suffix = _suffix(output, (".svg", ".png", ".html"))
    check_lang(lang)
    day = parse_date(as_of)
    with cli(ctx).errors():
        store = cli(ctx).store()
        spec = heatmap_spec(
            store.snapshot(as_of=day), as_of=day, area=area, lang="en" if lang == "en" else "fi"
        )
        if suffix == ".html":
            _write(output, heatmap_page(spec))
        else:
            _write(output, render_heatmap(spec, "png" if suffix == ".png" else "svg"))
    console.print(
        f"Wrote {output} ({len(spec.groups)} groups × {len(spec.needs)} needs).", markup=False
    )


deck_app = typer.Typer(
    help="Decks: saved views in order, shown one after another.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def deck_list(ctx: typer.Context, _store: StoreOpt = None, _debug: DebugOpt = False) -> None:
    """List the decks and the saved views (names and titles)."""
    from graphsvc.serving.saved import list_decks, list_views

    with cli(ctx).errors():
        store = cli(ctx).store()
        decks, views = list_decks(store), list_views(store)
    if not decks and not views:
        err_console.print(
            "No saved views yet: save one on the network page or with PUT /api/v1/views/NAME.",
            markup=False,
        )
    for deck in decks:
        slides = ", ".join(s.view for s in deck.slides)
        console.print(f"deck  {deck.name}  {deck.title}  ({slides})", markup=False)
    for view in views:
        console.print(f"view  {view.name}  {view.title}", markup=False)


def deck_export(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The deck's name.")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="The .html file to write."),
    ],
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Write a deck as one offline HTML file (arrow keys step through its slides)."""
    from graphsvc.serving.saved import deck_file

    _suffix(output, (".html",))
    with cli(ctx).errors():
        html = deck_file(cli(ctx).store(), name)
    _write(output, html)
    console.print(f"Wrote {output} ({len(html.encode()) / 1e6:.1f} MB).", markup=False)
