"""The pages people read: dashboard, target groups, providers, network explorer, gap
report (and its CSV), scenarios. Every page works without JavaScript; only the network
canvas (an embedded view) needs it. Editing pages live in `graphsvc.web.editor`."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import HTMLResponse, Response

from graphsvc.analysis.results import (
    BROKER_COLUMNS,
    CRITICAL_COLUMNS,
    GROUP_EI_COLUMNS,
    RANKED_COLUMNS,
    GapKind,
    GapReport,
)
from graphsvc.errors import InvalidData
from graphsvc.model import Label, Provider, RelKind, Sector, collation, pick
from graphsvc.serving import (
    analyses,
    urls,  # noqa: F401 - registers {…:node_id}
)
from graphsvc.serving.requests import cache_of, lang_of, parse_day, settings_of, snapshot, store_of
from graphsvc.store import Filters
from graphsvc.web.history import history_of
from graphsvc.web.i18n import sector_name, translator, unknown_words
from graphsvc.web.invalid import describe
from graphsvc.web.render import guard, query, render
from graphsvc.words import Words
from ingest.graphml import gap_csv

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
Opt = Annotated[str | None, Query(max_length=200)]


def report_of(request: Request, lang: str, **params: Any) -> GapReport:
    """The gap report (a pydantic model), cached by store version."""
    store, cache = store_of(request), cache_of(request)
    value, _ = analyses.result(store, cache, "gaps", analyses.Params(lang=lang, **params))
    report: GapReport = value
    return report


def options(request: Request, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Choices of the filter forms, in the page's language, cached by store version."""
    store, cache = store_of(request), cache_of(request)

    def build() -> dict[str, list[tuple[str, str]]]:
        ds = snapshot(store, cache)

        def named(items: Any) -> list[tuple[str, str]]:
            return sorted(
                ((n.id, pick(n.name, lang)) for n in items),
                key=lambda x: (collation(x[1], lang), x[0]),
            )

        return {
            "groups": [
                (g.id, pick(g.name, lang))
                for g in sorted(ds.target_groups, key=lambda g: g.order(lang))
            ],
            "needs": named(ds.needs),
            "areas": named(ds.areas),
            "providers": named(ds.providers),
            "sectors": [(s.value, sector_name(s.value, lang)) for s in Sector],
        }

    value, _ = cache.get_or_compute(store.version(), ("options", lang), build)
    return value


@dataclass
class Finding:
    """A row of the ranked list as a page shows it: the area gaps of one group's need
    folded into one row (48 of the demo's 69 findings were district rows)."""

    severity: int
    kind: str
    group: str
    message: str
    providers: list[str]
    need: str = ""
    areas: list[str] = field(default_factory=list)


def folded(report: GapReport) -> list[Finding]:
    """The report's ranked findings, each (group, need)'s area gaps in one row."""
    w = Words(report.lang)
    where = {(a.group, a.need, a.area): a for a in report.area_gaps}
    out: list[Finding] = []
    for gap in report.ranked:
        area = where.get((gap.group, gap.need, gap.area or ""))
        if gap.kind is not GapKind.AREA or area is None:
            out.append(Finding(gap.severity, gap.kind.value, gap.group, gap.message, gap.providers))
            continue
        last = out[-1] if out else None
        if last and last.kind == "area" and (last.group, last.need) == (gap.group, gap.need):
            last.areas.append(area.area_name)
        else:
            out.append(Finding(gap.severity, "area", gap.group, gap.message, [], gap.need))
            out[-1].areas.append(area.area_name)
        if len(out[-1].areas) > 1:
            out[-1].message = w(
                "message.areas",
                need=area.need_name,
                group=area.group_name,
                count=len(out[-1].areas),
                areas=", ".join(out[-1].areas),
            )
    return out


def _group_order(request: Request, lang: str) -> dict[str, int]:
    """Each group's place in a list (age groups by age, then by name)."""
    return {gid: i for i, (gid, _) in enumerate(options(request, lang)["groups"])}


def _opts(request: Request, lang: str) -> dict[str, Any]:
    o = options(request, lang)
    return {
        "group_options": o["groups"],
        "need_options": o["needs"],
        "area_options": o["areas"],
        "provider_options": o["providers"],
        "sector_options": o["sectors"],
    }


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, lang: Opt = None) -> Response:
    guard(request)
    lang = lang_of(request, lang)
    store = store_of(request)
    counts = store.counts()
    shown = [
        (k, counts["nodes"][k])
        for k in ("Provider", "Service", "TargetGroup", "Need", "Area", "Network")
    ]
    shown.append(("PARTNERS_WITH", counts["relationships"].get("PARTNERS_WITH", 0)))
    empty = not any(counts["nodes"].values())
    report = None if empty else report_of(request, lang)
    return render(
        request,
        "dashboard.html",
        lang=lang,
        counts=shown,
        empty=empty,
        report=report,
        findings=folded(report)[:10] if report else [],
        matrix=_matrix(report, _group_order(request, lang)) if report else None,
        heatmap_url=f"/views/heatmap.svg?{query(lang=lang)}",
    )


def _matrix(report: GapReport, order: dict[str, int]) -> dict[str, Any]:
    """The groups × needs table: groups in `order` (by age, then by name), as the
    heatmap has them; needs in the report's order."""
    groups: dict[str, str] = {}
    needs: dict[str, str] = {}
    cells = {}
    for row in report.coverage:
        groups.setdefault(row.group, row.group_name)
        needs.setdefault(row.need, row.need_name)
        cells[(row.group, row.need)] = row
    ranked = sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[1]))
    return {"groups": ranked, "needs": list(needs.items()), "cells": cells}


@router.get("/groups/{group_id:node_id}", response_class=HTMLResponse)
def group_page(request: Request, group_id: str, lang: Opt = None) -> Response:
    guard(request)
    lang = lang_of(request, lang)
    group = store_of(request).get(Label.TARGET_GROUP, group_id)
    report = report_of(request, lang, group=group_id)
    providers = sorted(
        {p for row in report.coverage for p in row.providers},
        key=lambda p: report.provider_names.get(p, p),
    )
    return render(request, "group.html", lang=lang, group=group, report=report, providers=providers)


@router.get("/providers", response_class=HTMLResponse)
def providers_page(
    request: Request,
    search: Opt = None,
    sector: Opt = None,
    group: Opt = None,
    need: Opt = None,
    area: Opt = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    lang: Opt = None,
) -> Response:
    guard(request)
    lang = lang_of(request, lang)
    f = {
        "search": _clean(search),
        "sector": _clean(sector),
        "group": _clean(group),
        "need": _clean(need),
        "area": _clean(area),
    }
    opts = _opts(request, lang)
    problem = _unknown_filter(f, opts, lang)
    if problem:
        # as /gaps and the API: 422, but here on the page, with the form to choose again
        return render(
            request,
            "providers.html",
            status=422,
            lang=lang,
            f=f,
            page=None,
            page_no=page,
            pages=1,
            problem=problem,
            **opts,
        )
    filters = Filters(
        q=f["search"],
        sector=Sector(f["sector"]) if f["sector"] else None,
        group=f["group"],
        need=f["need"],
        area=f["area"],
    )
    result = _by_name(request, filters, lang, page)
    pages = max(1, -(-result.total // PAGE_SIZE))
    return render(
        request,
        "providers.html",
        lang=lang,
        f=f,
        page=result,
        page_no=page,
        pages=pages,
        problem=None,
        **opts,
    )


#: the most matches a directory sorts by name; more are listed by id (a store's order)
SORTED_AT_MOST = 50_000


def _by_name(request: Request, filters: Filters, lang: str, page: int) -> Any:
    """One page of the providers matching `filters`, by name as people of `lang` sort
    names (å, ä, ö after z in Finnish): the store finds the matches, their order is
    worked out once per store version and filters."""
    from graphsvc.store.base import Page

    store, cache = store_of(request), cache_of(request)
    offset = (page - 1) * PAGE_SIZE
    first = store.find(Label.PROVIDER, filters, limit=PAGE_SIZE, offset=offset)
    if first.total > SORTED_AT_MOST or first.total <= 1:
        return first

    def ordered() -> list[str]:
        found = store.find(Label.PROVIDER, filters, limit=first.total, offset=0).items
        return [
            n.id for n in sorted(found, key=lambda n: (collation(pick(n.name, lang), lang), n.id))
        ]

    key = ("providers-by-name", lang, repr(filters))
    ids, _ = cache.get_or_compute(store.version(), key, ordered)
    chosen = ids[offset : offset + PAGE_SIZE]
    nodes = store.get_many(Label.PROVIDER, chosen)
    return Page(
        items=[nodes[i] for i in chosen if i in nodes],
        total=first.total,
        limit=PAGE_SIZE,
        offset=offset,
    )


def _unknown_filter(f: dict[str, Any], opts: dict[str, Any], lang: str) -> str | None:
    """The page's words for the filter values that name nothing, or None."""
    return unknown_words(
        lang,
        [
            (key, f[key])
            for key in ("sector", "group", "need", "area")
            if f[key] and all(value != f[key] for value, _ in opts[f"{key}_options"])
        ],
    )


@router.get("/providers/{provider_id:node_id}", response_class=HTMLResponse)
def provider_page(request: Request, provider_id: str, lang: Opt = None) -> Response:
    guard(request)
    lang = lang_of(request, lang)
    store = store_of(request)
    provider = store.get(Label.PROVIDER, provider_id)
    assert isinstance(provider, Provider)
    rels = store.relationships(node=provider_id).items
    service_ids = [r.target for r in rels if r.kind is RelKind.OFFERS and r.source == provider_id]
    services = sorted(store.get_many(Label.SERVICE, service_ids).values(), key=lambda s: s.id)
    partner_rels = [r for r in rels if r.kind is RelKind.PARTNERS_WITH]
    partner_ids = [r.target if r.source == provider_id else r.source for r in partner_rels]
    partner_nodes = store.get_many(Label.PROVIDER, partner_ids)
    partners = [
        {
            "id": pid,
            "name": pick(partner_nodes[pid].name, lang) if pid in partner_nodes else pid,
            "kind": r.properties.get("kind", ""),
            "since": r.properties.get("since"),
            "until": r.properties.get("until"),
            "edit": query(source=r.source, target=r.target, kind=r.key),
        }
        for pid, r in zip(partner_ids, partner_rels, strict=True)
    ]
    networks = store.get_many(
        Label.NETWORK, [r.target for r in rels if r.kind is RelKind.MEMBER_OF]
    ).values()
    parent = (
        store.get_many(Label.PROVIDER, [provider.parent]).get(provider.parent or "")
        if provider.parent
        else None
    )
    needs = {s for svc in services for s in svc.needs}  # type: ignore[attr-defined]
    need_names = {i: pick(n.name, lang) for i, n in store.get_many(Label.NEED, needs).items()}
    report = report_of(request, lang)
    rows = [row for row in report.coverage if provider_id in row.providers]
    critical = next((c for c in report.critical_providers if c.provider == provider_id), None)
    group_names = {row.group: row.group_name for row in report.coverage}
    for row in report.coverage:
        need_names.setdefault(row.need, row.need_name)
    return render(
        request,
        "provider.html",
        lang=lang,
        provider=provider,
        services=services,
        partners=partners,
        networks=list(networks),
        parent=parent,
        need_names=need_names,
        group_names=group_names,
        report=report,
        rows=rows,
        critical=critical,
        history=history_of(store, Label.PROVIDER.value, provider_id),
    )


@router.get("/network", response_class=HTMLResponse)
def network_explorer(
    request: Request,
    group: Opt = None,
    need: Opt = None,
    provider: Opt = None,
    radius: Annotated[int, Query(ge=1, le=10)] = 1,
    area: Opt = None,
    sector: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI's list query
    size_by: Opt = None,
    as_of: Opt = None,
    lang: Opt = None,
    view: Opt = None,
    cluster_by: Opt = None,
) -> Response:
    """Filter form → the embedded view, its embed code and downloads."""
    guard(request)
    lang = lang_of(request, lang)
    day = _day(_clean(as_of), lang)
    f = {
        "as_of": day.isoformat() if day else None,
        "group": _clean(group),
        "need": _clean(need),
        "provider": _clean(provider),
        "area": _clean(area),
        "radius": radius if radius != 1 else None,
        "size_by": size_by if size_by == "degree" else None,  # betweenness: the default
        "sectors": [s for s in sector if s],
        "view": view if view in VIEWS and view != "auto" else None,
        "cluster_by": cluster_by if cluster_by in ("area", "community") else None,
    }
    providers = options(request, lang)["providers"]
    typed = len(providers) > LONGEST_LIST  # a field to type in, not a list of thousands
    problem = None
    if typed and f["provider"]:
        f["provider"], problem = _provider_named(str(f["provider"]), providers, lang)
    problem = problem or _view_problem(request, f, lang)
    view_query = query(
        group=f["group"],
        need=f["need"],
        provider=f["provider"],
        radius=f["radius"],
        area=f["area"],
        sector=f["sectors"],
        size_by=f["size_by"],
        as_of=f["as_of"],
        view=f["view"],
        cluster_by=f["cluster_by"],
        lang=lang,
    )
    embed_path = f"/embed/network?{view_query}"
    base = settings_of(request).public_url or str(request.base_url).rstrip("/")
    title = translator(lang)("network.frame_title")
    names = dict(
        options(request, lang)["groups"]
        + options(request, lang)["needs"]
        + options(request, lang)["providers"]
    )
    shown = [names[str(f[k])] for k in ("group", "need", "provider") if f[k] in names]
    if shown and not problem:
        title = f"{title}: {', '.join(shown)}"
    embed_code = (
        f'<iframe src="{html.escape(base + embed_path)}" '
        f'title="{html.escape(title)}" width="100%" height="600" '
        'style="border:0" loading="lazy"></iframe>'
    )
    return render(
        request,
        "network.html",
        lang=lang,
        f=f,
        problem=problem,
        embed_path=embed_path,
        embed_code=embed_code,
        frame_title=title,
        view_query=view_query,
        provider_typed=typed,
        provider_text=dict(providers).get(str(f["provider"]), f["provider"] or ""),
        page_path=f"/views/network?{view_query}",
        html_path=f"/views/network?{view_query}&download=true",
        png_path=f"/views/network.png?{view_query}",
        svg_path=f"/views/network.svg?{view_query}",
        **_opts(request, lang),
    )


#: the explorer's kinds of view (visual.spec.ViewKind)
VIEWS = ("auto", "map", "partners", "all")
#: above this many providers the explorer's provider is typed (an id or a name), not
#: chosen from a list (a list of 10,000 names is most of a page)
LONGEST_LIST = 500


def _provider_named(
    text: str, providers: list[tuple[str, str]], lang: str
) -> tuple[str | None, str | None]:
    """The provider whose id is `text`, or whose name is (or, alone, contains) it, case
    and accents aside; else None and why, in the page's language."""
    from graphsvc.model.types import fold

    if any(pid == text for pid, _ in providers):
        return text, None
    wanted = fold(text)
    same = [(pid, name) for pid, name in providers if fold(name) == wanted]
    found = same or [(pid, name) for pid, name in providers if wanted in fold(name)]
    if len(found) == 1:
        return found[0][0], None
    word = translator(lang)
    if not found:
        return None, word("network.provider_none", text=text)
    names = ", ".join(name for _, name in found[:8]) + (" …" if len(found) > 8 else "")
    return None, word("network.provider_many", n=len(found), names=names)


def _view_problem(request: Request, f: dict[str, Any], lang: str) -> str | None:
    """Why the chosen filters name no view (shown on the page, in its language), or None."""
    if f["provider"] and (f["group"] or f["need"]):
        return translator(lang)("unknown.not_both")
    if f["view"] == "map" and not f["group"]:
        return translator(lang)("network.map_needs_group")
    ds = snapshot(store_of(request), cache_of(request))
    unknown = [
        (key, f[key])
        for key, items in (
            ("group", ds.target_groups),
            ("need", ds.needs),
            ("provider", ds.providers),
            ("area", ds.areas),
        )
        if f[key] and all(n.id != f[key] for n in items)
    ]
    unknown += [("sector", s) for s in f["sectors"] if s not in {x.value for x in Sector}]
    return unknown_words(lang, unknown)


@router.get("/gaps", response_class=HTMLResponse)
def gaps_page(
    request: Request,
    group: Opt = None,
    need: Opt = None,
    area: Opt = None,
    as_of: Opt = None,
    lang: Opt = None,
) -> Response:
    guard(request)
    lang = lang_of(request, lang)
    f = {"group": _clean(group), "need": _clean(need), "area": _clean(area), "as_of": _clean(as_of)}
    report = report_of(
        request,
        lang,
        group=f["group"],
        need=f["need"],
        area=f["area"],
        as_of=_day(f["as_of"], lang),
    )
    return render(
        request,
        "gaps.html",
        lang=lang,
        f=f,
        report=report,
        findings=folded(report),
        area_rows=_area_rows(report),
        coverage_groups=_coverage_groups(
            report, [g for g, _ in _opts(request, lang)["group_options"]]
        ),
        **_opts(request, lang),
    )


def _coverage_groups(
    report: GapReport, order: list[str]
) -> list[tuple[str, list[Any], dict[str, int]]]:
    """The coverage table a group at a time, the groups in their own order (ages
    youngest first): (the group's name, its rows, how many of its needs have each
    status), to be folded on the page (a city has a hundred rows or more)."""
    groups: dict[str, tuple[str, list[Any], dict[str, int]]] = {}
    for row in report.coverage:
        name, rows, counts = groups.setdefault(row.group, (row.group_name, [], {}))
        rows.append(row)
        counts[row.status.value] = counts.get(row.status.value, 0) + 1
    rank = {g: i for i, g in enumerate(order)}
    return [groups[g] for g in sorted(groups, key=lambda g: (rank.get(g, len(rank)), g))]


def _area_rows(report: GapReport) -> list[tuple[str, str, list[str], int | None]]:
    """The area gaps, one row per group's need: (group, need, the districts, the group's
    residents in them when a population table is stored), most residents first."""
    rows: dict[tuple[str, str], list[str]] = {}
    people: dict[tuple[str, str], int | None] = {}
    for a in report.area_gaps:
        key = (a.group_name, a.need_name)
        rows.setdefault(key, []).append(
            a.area_name if a.residents is None else f"{a.area_name} ({a.residents})"
        )
        if a.residents is not None:
            people[key] = (people.get(key) or 0) + a.residents
    out = [(g, n, areas, people.get((g, n))) for (g, n), areas in rows.items()]
    return sorted(out, key=lambda r: -(r[3] or 0))


def _day(value: str | None, lang: str) -> date | None:
    """parse_day, with the page's words when the day is not a date."""
    try:
        return parse_day(value)
    except InvalidData:
        _, text = describe(
            {"loc": ("query", "as_of"), "type": "date_parsing", "input": value}, translator(lang)
        )
        raise InvalidData(text) from None


@router.get("/analyses", response_class=HTMLResponse)
def analyses_page(request: Request, as_of: Opt = None, lang: Opt = None) -> Response:
    """Critical providers (and what each one's loss would uncover), brokers, and the
    E-I index of each group's network, each with what the measure means."""
    guard(request)
    lang = lang_of(request, lang)
    f = {"as_of": _clean(as_of)}
    report = report_of(request, lang, as_of=_day(f["as_of"], lang))
    opts = options(request, lang)
    return render(
        request,
        "analyses.html",
        lang=lang,
        f=f,
        report=report,
        groups=dict(opts["groups"]),  # (by age, then by name)
        need_names=dict(opts["needs"]),
        ei={g.group: g for g in report.brokers.groups},
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    area: Opt = None,
    lang: Opt = None,
) -> Response:
    """Two days side by side: what began and ended, which gaps opened and closed, and
    the coverage heatmap of each day."""
    guard(request)
    lang = lang_of(request, lang)
    last = _day(_clean(end), lang) or date.today()
    first = _day(_clean(start), lang) or last - timedelta(days=365)
    if first >= last:
        raise InvalidData(translator(lang)("compare.order"))
    f = {"from": first.isoformat(), "to": last.isoformat(), "area": _clean(area)}
    result = analyses.comparison_result(
        store_of(request), cache_of(request), first, last, f["area"], lang
    )
    opts = options(request, lang)
    names = dict(opts["groups"] + opts["needs"])
    return render(
        request, "compare.html", lang=lang, f=f, t_=result, names=names, **_opts(request, lang)
    )


@router.get("/gaps.csv")
def gaps_csv(
    request: Request,
    group: Opt = None,
    need: Opt = None,
    area: Opt = None,
    as_of: Opt = None,
    lang: Opt = None,
) -> Response:
    guard(request)
    lang = lang_of(request, lang)
    report = report_of(
        request,
        lang,
        group=_clean(group),
        need=_clean(need),
        area=_clean(area),
        as_of=parse_day(_clean(as_of)),
    )
    # the file `graphsvc gaps --csv` writes: `;`-separated, which Finnish Excel opens
    # with a double click, and nothing a spreadsheet would run as a formula
    columns = RANKED_COLUMNS
    text, _ = gap_csv(report.ranked_rows(), columns, Words(lang).columns(columns))
    return Response(
        text.encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gaps.csv"'},
    )


@router.get("/analyses.csv")
def analyses_csv(
    request: Request,
    table: Literal["critical", "brokers", "groups"] = "critical",
    as_of: Opt = None,
    lang: Opt = None,
) -> Response:
    """One table of /analyses as CSV (as /gaps.csv): the critical providers, the
    brokers, or each group's E-I index."""
    guard(request)
    lang = lang_of(request, lang)
    report = report_of(request, lang, as_of=_day(_clean(as_of), lang))
    opts = options(request, lang)
    names = dict(opts["groups"] + opts["needs"])
    w = Words(lang)
    rows: list[dict[str, Any]]
    columns = {
        "critical": CRITICAL_COLUMNS,
        "brokers": BROKER_COLUMNS,
        "groups": GROUP_EI_COLUMNS,
    }[table]
    if table == "critical":
        rows = [
            {
                "provider": c.provider,
                "name": c.name,
                "sector": w.sector(c.sector),
                "why": "; ".join(w(f"reason.{r}") for r in c.reasons),
                "uncovered_if_lost": [
                    f"{names.get(x.group, x.group)} – {names.get(x.need, x.need)}"
                    for x in c.impact.uncovered
                ],
                "splits_into": c.impact.splits_into,
            }
            for c in report.critical_providers
        ]
    elif table == "brokers":
        rows = [{**b.model_dump(), "sector": w.sector(b.sector)} for b in report.brokers.brokers]
    else:
        rows = [
            {"group": g.group, "name": names.get(g.group, g.group), **g.model_dump()}
            for g in report.brokers.groups
        ]
    text, _ = gap_csv(rows, columns, w.columns(columns))
    return Response(
        text.encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{table}.csv"'},
    )


#: rows of each repeatable change on the scenario form (a form without JavaScript)
SCENARIO_ROWS = 3
Many = Annotated[list[str], Query()]


def _pairs(a: list[str], b: list[str], joint: str) -> list[str]:
    """The filled rows of two parallel form fields, as the CLI writes them ("A,B")."""
    return [f"{x}{joint}{y}" for x, y in zip(a, b, strict=False) if x.strip() and y.strip()]


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(
    request: Request,
    remove_sector: Many = [],  # noqa: B006 - FastAPI's list query
    remove_provider: Many = [],  # noqa: B006
    move_provider: Many = [],  # noqa: B006
    move_to: Many = [],  # noqa: B006
    add_a: Many = [],  # noqa: B006
    add_b: Many = [],  # noqa: B006
    end_a: Many = [],  # noqa: B006
    end_b: Many = [],  # noqa: B006
    as_of: Opt = None,
    run: Opt = None,
    lang: Opt = None,
) -> Response:
    """What if sectors or providers leave, providers move to another sector, or
    partnerships begin or end, on a chosen day: before and after, and the picture."""
    guard(request)
    lang = lang_of(request, lang)
    store, cache = store_of(request), cache_of(request)
    day = _day(_clean(as_of), lang)
    removed_sectors = [s for s in remove_sector if s]
    removed_providers = [p for p in remove_provider if p]
    moves = _pairs(move_provider, move_to, "=")
    added, ended = _pairs(add_a, add_b, ","), _pairs(end_a, end_b, ",")
    result = None
    if removed_sectors or removed_providers or moves or added or ended:
        from graphsvc.analysis import scenario_changes

        changes = scenario_changes(
            remove_sectors=removed_sectors,
            remove_providers=removed_providers,
            move_sectors=moves,
            add_partnerships=added,
            remove_partnerships=ended,
        )
        params = analyses.Params(lang=lang, as_of=day)
        result, _ = analyses.scenario(store, cache, changes, params)
    ds = snapshot(store, cache)
    filled = {
        "move": list(zip(move_provider, move_to, strict=False)),
        "add": list(zip(add_a, add_b, strict=False)),
        "end": list(zip(end_a, end_b, strict=False)),
    }
    # the scenario as the views and the saved views take it (graphsvc scenario's forms)
    scenario = {
        "remove_sector": removed_sectors,
        "remove_provider": removed_providers,
        "move_sector": moves,
        "add_partnership": added,
        "remove_partnership": ended,
        "as_of": day.isoformat() if day else None,
    }
    return render(
        request,
        "scenarios.html",
        lang=lang,
        result=result,
        asked=bool(run),
        as_of=_clean(as_of),
        # a row more than is filled, so that a reopened scenario can take another change
        rows={k: max(SCENARIO_ROWS, len(v) + 1) for k, v in filled.items()},
        filled=filled,
        picture=query(**scenario, lang=lang),
        scenario=[(k, v) for k, values in scenario.items() for v in _listed(values)],
        chosen_sectors=removed_sectors,
        chosen_providers=removed_providers,
        group_names={g.id: pick(g.name, lang) for g in ds.target_groups},
        need_names={n.id: pick(n.name, lang) for n in ds.needs},
        **_opts(request, lang),
    )


def _listed(value: str | list[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else value


def install(app: FastAPI) -> None:
    """Add the pages, the editing pages and the offline API docs to `app`."""
    from graphsvc.web import demand, docs, edit, editor, history, saved, ties

    app.include_router(router)
    app.include_router(editor.router)
    app.include_router(saved.router)
    # (the partnership page before the node pages: /edit/partnership is no noun)
    app.include_router(ties.router)
    app.include_router(edit.router)
    app.include_router(history.router)
    app.include_router(demand.router)
    app.include_router(docs.router)
