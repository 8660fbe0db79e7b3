"""Commands that draw: render (a network view) and heatmap (coverage matrix)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphsvc.cli.common import (
    AsOfOpt,
    app,
    check_ids,
    check_lang,
    console,
    get_store,
    parse_date,
    user_errors,
)
from graphsvc.model import Label, Sector

if TYPE_CHECKING:
    from visual.spec import VisSpec

VIEW_SUFFIXES = (".html", ".png", ".svg")


def _suffix(output: Path, allowed: tuple[str, ...]) -> str:
    suffix = output.suffix.lower()
    if suffix not in allowed:
        raise typer.BadParameter(
            f"{output.name!r}: the file name must end in {', '.join(allowed)} (the suffix "
            "chooses the format)",
            param_hint="--output",
        )
    return suffix


@app.command()
def render(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="File to write; .html, .png or .svg chooses the format."
        ),
    ],
    group: Annotated[
        str | None, typer.Option("--group", help="One target group's network (id).")
    ] = None,
    need: Annotated[
        str | None,
        typer.Option(
            "--need", help="One need's providers (id); with --group, that need of that group."
        ),
    ] = None,
    provider: Annotated[
        str | None, typer.Option("--provider", help="One provider's neighbourhood (id).")
    ] = None,
    radius: Annotated[
        int | None,
        typer.Option("--radius", min=1, max=10, help="Steps around --provider (default 1)."),
    ] = None,
    sector: Annotated[
        list[Sector] | None,
        typer.Option("--sector", help="Show only providers of this sector (repeatable)."),
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Only services counted in this area (id).")
    ] = None,
    as_of: AsOfOpt = None,
    remove_sector: Annotated[
        list[Sector] | None,
        typer.Option(
            "--remove-sector",
            help="Scenario: remove this sector's providers (repeatable); they "
            "show greyed and the needs left uncovered are marked.",
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Labels in fi or en.")] = "fi",
    presentation: Annotated[
        bool,
        typer.Option(
            "--presentation", help="A 16:9 slide: title, legend and data date, no controls."
        ),
    ] = False,
    size_by: Annotated[
        str, typer.Option("--size-by", help="Size providers by betweenness or degree.")
    ] = "betweenness",
) -> None:
    """Draw a network view as a standalone HTML file, or a PNG/SVG image."""
    from visual.embed import view_params, view_spec

    suffix = _suffix(output, VIEW_SUFFIXES)
    check_lang(lang)
    if size_by not in ("betweenness", "degree"):
        raise typer.BadParameter(f"{size_by!r}: use betweenness or degree", param_hint="--size-by")
    if radius is not None and provider is None:
        raise typer.BadParameter("--radius needs --provider", param_hint="--radius")
    if provider is not None and (group is not None or need is not None):
        raise typer.BadParameter(
            "--provider cannot be combined with --group or --need", param_hint="--provider"
        )
    day = parse_date(as_of)
    with user_errors():
        store = get_store()
        for value, label, option in (
            (group, Label.TARGET_GROUP, "--group"),
            (need, Label.NEED, "--need"),
            (provider, Label.PROVIDER, "--provider"),
            (area, Label.AREA, "--area"),
        ):
            check_ids(store, label, [value] if value else None, option)
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
        )
        spec = view_spec(
            store.snapshot(as_of=day), params, remove_sectors=list(remove_sector or [])
        )
        _write_view(spec, output, suffix, presentation)
    counts = spec.counts()
    console.print(
        f"Wrote {output} ({counts['nodes']} nodes, {counts['edges']} edges).", markup=False
    )


def _write_view(spec: VisSpec, output: Path, suffix: str, presentation: bool) -> None:
    from visual.html import render_html
    from visual.static import render_image

    if suffix == ".html":
        output.write_text(
            render_html(spec, "presentation" if presentation else "full"), encoding="utf-8"
        )
    else:
        output.write_bytes(render_image(spec, "png" if suffix == ".png" else "svg"))


@app.command()
def heatmap(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="File to write; .svg, .png or .html chooses the format."
        ),
    ],
    area: Annotated[
        str | None, typer.Option("--area", help="Coverage counted in this area (id).")
    ] = None,
    as_of: AsOfOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="Labels in fi or en.")] = "fi",
) -> None:
    """Draw the coverage heatmap (target groups × needs) as SVG, PNG or an HTML table."""
    from visual.embed import heatmap_spec
    from visual.heatmap import heatmap_page, render_heatmap

    suffix = _suffix(output, (".svg", ".png", ".html"))
    check_lang(lang)
    day = parse_date(as_of)
    with user_errors():
        store = get_store()
        check_ids(store, Label.AREA, [area] if area else None, "--area")
        spec = heatmap_spec(
            store.snapshot(as_of=day), as_of=day, area=area, lang="en" if lang == "en" else "fi"
        )
        if suffix == ".html":
            output.write_text(heatmap_page(spec), encoding="utf-8")
        else:
            output.write_bytes(render_heatmap(spec, "png" if suffix == ".png" else "svg"))
    console.print(
        f"Wrote {output} ({len(spec.groups)} groups × {len(spec.needs)} needs).", markup=False
    )
