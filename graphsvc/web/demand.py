"""The demand-profile page: the shipped profiles, what each holds, and (for an editor)
a button that adds one to the store, through the one import path."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from graphsvc.importing.demand import PROFILES, apply_profile, profile, profile_dataset
from graphsvc.model import pick
from graphsvc.serving.auth import Role
from graphsvc.serving.requests import lang_of, store_dep
from graphsvc.web.editor import check_csrf, read_form
from graphsvc.web.render import guard, page_principal, render

router = APIRouter(include_in_schema=False)


def _profiles(lang: str) -> list[dict[str, Any]]:
    """Each profile with its pairs in the page's language (group, need, priority, act)."""
    out = []
    for p in PROFILES:
        ds = profile_dataset(p.name)
        groups = {g.id: pick(g.name, lang) for g in ds.target_groups}
        needs = {n.id: pick(n.name, lang) for n in ds.needs}
        pairs = [
            (groups.get(gn.group, gn.group), needs.get(gn.need, gn.need), gn.priority, gn.note)
            for gn in ds.group_needs
        ]
        out.append(
            {
                "name": p.name,
                "key": p.key,
                "pairs": pairs,
                "groups": len(groups),
                "needs": len(needs),
            }
        )
    return out


def _page(request: Request, status: int = 200, **values: Any) -> Response:
    principal = page_principal(request)
    editor = (
        principal.authenticated and principal.role is not None and (principal.role >= Role.EDITOR)
    )
    return render(
        request,
        "demand.html",
        status=status,
        profiles=_profiles(lang_of(request)),
        editor=editor,
        report=values.get("report"),
    )


@router.get("/demand", response_class=HTMLResponse)
def demand_page(request: Request) -> Response:
    guard(request)
    return _page(request)


@router.post("/demand", response_class=HTMLResponse)
async def demand_apply(request: Request) -> Response:
    guard(request, Role.EDITOR)
    form = await read_form(request)
    check_csrf(request, form)
    name = str(form.get("profile") or "")
    profile(name)  # (an unknown name is one clear error before the store is opened)
    store = await store_dep(request)
    report = await run_in_threadpool(apply_profile, store, name)
    return _page(request, report=report.to_dict())
