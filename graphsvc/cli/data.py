"""Commands that move data: demo, import, export, stats, list, show, synth."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from graphsvc.cli.common import (
    AsOfOpt,
    DebugOpt,
    JsonOpt,
    StoreOpt,
    check_ids,
    check_lang,
    cli,
    console,
    err_console,
    parse_date,
    print_json,
)
from graphsvc.errors import InvalidData
from graphsvc.model import LANGUAGES, Label, RelKind, Sector, pick
from graphsvc.store import MAX_OFFSET, Filters

LABELS = {label.value.lower(): label for label in Label} | {
    "providers": Label.PROVIDER,
    "services": Label.SERVICE,
    "needs": Label.NEED,
    "groups": Label.TARGET_GROUP,
    "group": Label.TARGET_GROUP,
    "target_groups": Label.TARGET_GROUP,
    "targetgroups": Label.TARGET_GROUP,
    "areas": Label.AREA,
    "networks": Label.NETWORK,
}


def parse_label(value: str) -> Label:
    label = LABELS.get(value.lower())
    if label is None:
        raise typer.BadParameter(
            f"{value!r} is not a label; use one of {', '.join(lbl.value for lbl in Label)}",
            param_hint="LABEL",
        )
    return label


def parse_sector(value: str | None) -> Sector | None:
    if value is None:
        return None
    try:
        return Sector(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a sector; use one of {', '.join(s.value for s in Sector)}",
            param_hint="--sector",
        ) from None


if TYPE_CHECKING:  # (imported by the commands that import: the others start faster)
    from graphsvc.importing import ImportReport


def print_report(report: ImportReport, as_json: bool, lang: str = "en") -> None:
    if as_json:
        print_json(report.to_dict())
        return
    data = report.to_dict()
    verb = "Would import" if report.dry_run else "Imported"
    t = data["totals"]
    columns = ["added", "updated", "unchanged"] + (["deleted"] if t["deleted"] else [])
    console.print(
        f"{verb} {report.source or 'dataset'}: " + ", ".join(f"{t[w]} {w}" for w in columns) + ".",
        markup=False,
    )
    table = Table("", *columns, box=None)
    present = set().union(*(data[w] for w in columns))
    # nodes first, then relationships, each in the model's order
    keys = [k.value for k in (*Label, *RelKind) if k.value in present]
    # (then what lives beside the graph: saved views, decks, population)
    keys += sorted(present - set(keys))
    for key in keys:
        table.add_row(key, *(str(data[w].get(key, 0)) for w in columns))
    if present:
        console.print(table)
    for warning in report.warnings:
        console.print(f"warning: {warning}", markup=False)
    if report.left_out:
        from graphsvc.words import Words

        w = Words(lang)
        for cause in report.causes():
            console.print(f"left out: {cause.text(w)}", markup=False)
        console.print(w("left_out.all"), markup=False)
    if report.dry_run:
        console.print("Dry run: nothing was written.")


def demo(
    ctx: typer.Context,
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Load the illustrative Jyväskylä wellbeing-forum network into the store."""
    from graphsvc.demo import demo_dataset

    with cli(ctx).errors(json_):
        from graphsvc.importing import apply_dataset

        report = apply_dataset(cli(ctx).store(), demo_dataset(), source="demo")
        print_report(report, json_)


def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="File or folder to import.")],
    format: Annotated[
        str | None, typer.Option("--format", help="Format name (default: from the file name).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Leave out the records that are wrong (references to what is in neither "
            "the file nor the store, unreadable rows, repeated ids) and import the rest, "
            "still in one transaction; for data from other systems.",
        ),
    ] = False,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of what was left out: fi or en.")
    ] = "en",
    write_mapping: Annotated[
        Path | None,
        typer.Option(
            "--write-mapping",
            metavar="FILE",
            help="Write the terms the mapping gave no need or group (most used first) "
            "as a mapping to fill in (.yaml); use it with GRAPHSVC_HSDS_MAPPING.",
        ),
    ] = None,
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Import a dataset file (all or nothing); --dry-run only reports."""
    from graphsvc.importing import import_file

    lang = check_lang(lang)
    if write_mapping is not None and write_mapping.suffix.lower() not in (".yaml", ".yml"):
        raise typer.BadParameter(
            f"{write_mapping.name!r}: a mapping is YAML: end the name in .yaml",
            param_hint="--write-mapping",
        )
    with cli(ctx).errors(json_):
        report = import_file(
            cli(ctx).store, path, format, dry_run=dry_run, skip_invalid=skip_invalid
        )
        print_report(report, json_, lang)
    if write_mapping is not None:
        _write_mapping(write_mapping, report.unmapped, report.source or path.name)


def _write_mapping(path: Path, unmapped: list[tuple[str, str, int]], source: str) -> None:
    """A mapping to fill in: every unmapped term with empty needs and groups, most used
    first, each with its number of services as a comment."""
    import json

    lines = [
        f"# The terms of {source} that have no need or group yet, most used first.",
        "# Give each its needs and groups (graphsvc ids: graphsvc list needs), then import",
        f"# again with GRAPHSVC_HSDS_MAPPING={path.name}. An entry left empty changes nothing.",
    ]
    for section in ("terms", "eligibility"):
        rows = [(term, n) for s, term, n in unmapped if s == section]
        if not rows:
            continue
        lines.append(f"{section}:")
        for term, n in rows:
            key = json.dumps(term.strip().lower(), ensure_ascii=False)  # (YAML reads JSON)
            value = "{needs: [], groups: []}" if section == "terms" else "[]"
            lines.append(f"  {key}: {value}  # {n} {'service' if n == 1 else 'services'}")
    try:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        err_console.print(f"Error: could not write {path}: {exc.strerror or exc}.", markup=False)
        raise typer.Exit(1) from None
    console.print(f"Wrote {path} ({len(unmapped)} unmapped term(s)).", markup=False)


def export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="File to write; the suffix chooses the format.")],
    format: Annotated[str | None, typer.Option("--format", help="Format name.")] = None,
    as_of: AsOfOpt = None,
    with_history: Annotated[
        bool,
        typer.Option(
            "--with-history",
            help="Also write the change log beside the file (<name>.history.jsonl: one "
            "change a line, oldest first).",
        ),
    ] = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Export the whole store (or what is active on --as-of) to a file."""
    from ingest.registry import write_file

    day = parse_date(as_of)
    with cli(ctx).errors():
        store = cli(ctx).store()
        ds = store.snapshot(as_of=day)
        result = write_file(ds, path, format)
        counts = ", ".join(f"{v} {k}" for k, v in ds.counts().items() if v)
        console.print(f"Wrote {path} ({counts or 'empty'}).", markup=False)
        for note in result.notes:
            console.print(f"note: {note}", markup=False)
        if with_history:
            log = path.with_name(path.name.split(".")[0] + ".history.jsonl")
            n = write_history(store, log)
            console.print(f"Wrote {log} ({n} change(s)).", markup=False)


def write_history(store: Any, path: Path) -> int:
    """The whole change log as JSON lines, oldest first; how many changes."""
    from graphsvc.store.history import dumps

    pages, offset, total = [], 0, None
    while total is None or offset < total:
        page = store.changes(limit=10_000, offset=offset)
        if not page.items:
            break
        pages.append(page.items)
        offset, total = offset + len(page.items), page.total
    changes = [c for items in reversed(pages) for c in reversed(items)]
    with path.open("w", encoding="utf-8") as out:
        for change in changes:
            out.write(dumps(vars(change)) + "\n")
    return len(changes)


def stats(
    ctx: typer.Context,
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Count the nodes and relationships in the store."""
    with cli(ctx).errors(json_):
        counts = cli(ctx).store().counts()
    if json_:
        print_json(counts)
        return
    for part in ("nodes", "relationships"):
        table = Table(part, "count", box=None)
        for key, value in counts[part].items():
            table.add_row(key, str(value))
        console.print(table)


def _node_json(node: Any) -> dict[str, Any]:
    data: dict[str, Any] = node.model_dump(mode="json", exclude_none=True)
    return {k: v for k, v in data.items() if v != []}


def list_(
    ctx: typer.Context,
    label: Annotated[
        str, typer.Argument(help="Provider, Service, Need, TargetGroup, Area or Network.")
    ],
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector",
            metavar="SECTOR",
            help=f"Only this sector: {', '.join(s.value for s in Sector)}.",
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Text in the name or id (ignores case and diacritics)."),
    ] = None,
    group: Annotated[str | None, typer.Option("--group", help="Serving this group.")] = None,
    need: Annotated[str | None, typer.Option("--need", help="Meeting this need.")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Available in this area.")] = None,
    as_of: AsOfOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_OFFSET, help="At most this many.")
    ] = 100,
    offset: Annotated[
        int, typer.Option("--offset", min=0, max=MAX_OFFSET, help="Skip this many.")
    ] = 0,
    lang: Annotated[str, typer.Option("--lang", help="fi or en.")] = "fi",
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """List nodes of one label, with filters."""
    lbl = parse_label(label)
    filters = Filters(
        q=search,
        sector=parse_sector(sector),
        group=group,
        need=need,
        area=area,
        as_of=parse_date(as_of),
    )
    with cli(ctx).errors(json_):
        store = cli(ctx).store()
        for value, target, option in (
            (group, Label.TARGET_GROUP, "group"),
            (need, Label.NEED, "need"),
            (area, Label.AREA, "area"),
        ):
            check_ids(store, target, [value] if value else None, option)
        page = store.find(lbl, filters, limit=limit, offset=offset)
    if json_:
        print_json(
            {
                "total": page.total,
                "limit": page.limit,
                "offset": page.offset,
                "items": [_node_json(n) for n in page.items],
            }
        )
        return
    shown = (
        f", showing {offset + 1}–{offset + len(page.items)}"
        if page.items
        else f", none from --offset {offset}"
    )
    more = (
        f"; next page: --offset {offset + len(page.items)}"
        if offset + len(page.items) < page.total and page.items
        else ""
    )
    title = f"{lbl.value}: {page.total}" + (
        f"{shown}{more}" if offset or len(page.items) < page.total else ""
    )
    table = Table("id", "name", "details", box=None, title=title, title_justify="left")
    for node in page.items:
        detail = (
            getattr(node, "sector", None)
            or getattr(node, "kind", None)
            or getattr(node, "provider", None)
            or ""
        )
        table.add_row(node.id, pick(node.name, lang), str(getattr(detail, "value", detail)))
    console.print(table)


def show(
    ctx: typer.Context,
    label: Annotated[str, typer.Argument(help="The node's label, e.g. Provider.")],
    id: Annotated[str, typer.Argument(help="The node's id.")],
    json_: JsonOpt = False,
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Show one node with its references and relationships."""
    lbl = parse_label(label)
    with cli(ctx).errors(json_):
        store = cli(ctx).store()
        node = store.get(lbl, id)
        rels = store.relationships(node=id).items
    data = _node_json(node)
    # The properties stay apart from the relationship's own fields: a partnership's
    # `kind` (grant, purchase, …) must not hide that it is a PARTNERS_WITH.
    related: list[dict[str, Any]] = [
        {
            "kind": r.kind.value,
            "source": r.source,
            "target": r.target,
            **({"properties": r.properties} if r.properties else {}),
        }
        for r in rels
        if (r.source == id and r.source_label == lbl) or (r.target == id and r.target_label == lbl)
    ]
    if json_:
        print_json({"label": lbl.value, "node": data, "relationships": related})
        return
    table = Table(box=None, show_header=False, title=f"{lbl.value} {id}")
    for key, value in data.items():
        table.add_row(key, _field_text(value))
    console.print(table)
    if related:
        rt = Table("relationship", "from", "to", "properties", box=None)
        for r in related:
            props = r.get("properties", {})
            rt.add_row(
                r["kind"], r["source"], r["target"], ", ".join(f"{k}={v}" for k, v in props.items())
            )
        console.print(rt)


def _field_text(value: Any) -> str:
    """A field as a person reads it: a list joined, a name in each language."""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):  # {"fi": …, "en": …}: Finnish first, as pages pick it
        order = sorted(
            value,
            key=lambda k: (k not in LANGUAGES, LANGUAGES.index(k) if k in LANGUAGES else 0, k),
        )
        return "; ".join(f"{k}: {value[k]}" for k in order)
    return str(value)


def synth(
    ctx: typer.Context,
    providers: Annotated[
        int, typer.Option("--providers", help="Number of providers (100–100,000).")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (.json or .yaml).")
    ] = Path("synthetic.json"),
    _debug: DebugOpt = False,
) -> None:
    """Write a synthetic network of a realistic shape (deterministic for a seed)."""
    from graphsvc.synth import generate
    from ingest.registry import write_file

    with cli(ctx).errors():
        try:
            ds = generate(providers, seed)
        except ValueError as exc:
            raise InvalidData(str(exc)) from None
        write_file(ds, output)
    counts = ", ".join(f"{v} {k}" for k, v in ds.counts().items() if v)
    console.print(f"Wrote {output} ({counts}).", markup=False)
