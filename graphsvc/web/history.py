"""The change log on pages: a record's own history (on its page and its edit page),
the *Muutokset / Changes* page, and the revert button's form (editor, CSRF)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from graphsvc.errors import Conflict, RevertBlocked
from graphsvc.serving import revert
from graphsvc.serving.auth import Role
from graphsvc.serving.requests import actor_of, lang_of, store_dep
from graphsvc.store import GraphStore
from graphsvc.store.history import Change, ChangeFilters, acting
from graphsvc.web.editor import check_csrf, read_form, safe_next
from graphsvc.web.i18n import translator
from graphsvc.web.render import guard, render

router = APIRouter(include_in_schema=False)
#: how many changes a record's history shows
SHOWN = 25
PAGE = 100


def history_of(store: GraphStore, label: str, id: str, limit: int = SHOWN) -> list[Change]:
    """The record's own changes, newest first."""
    return store.changes(ChangeFilters(label=label, id=id), limit=limit).items


@router.get("/changes", response_class=HTMLResponse)
async def changes_page(
    request: Request, label: str | None = None, id: str | None = None, offset: int = 0
) -> Response:
    """Every change, newest first (filtered by label and id)."""
    guard(request)
    store = await store_dep(request)
    filters = ChangeFilters(label=(label or None) and label[:40], id=(id or None) and id[:200])
    start = max(0, min(offset, 10**9))
    page = await run_in_threadpool(store.changes, filters, limit=PAGE, offset=start)
    return render(
        request,
        "changes.html",
        changes=page.items,
        total=page.total,
        offset=start,
        limit=PAGE,
        filters=filters,
    )


@router.post("/changes/{change_id}/revert", response_class=HTMLResponse)
async def revert_form(request: Request, change_id: str) -> Response:
    """The revert button: undo a change (or a change set) and say what happened."""
    principal = guard(request, Role.EDITOR)
    form = await read_form(request)
    check_csrf(request, form)
    back = safe_next(str(form.get("next") or "/changes"))
    store = await store_dep(request)
    actor = actor_of(request, principal)
    t = translator(lang_of(request))

    def work() -> Response:
        try:
            with acting(actor):
                done = revert.revert(store, change_id[:40])
        except RevertBlocked as exc:
            d = exc.details_as_dicts()[0] if exc.details else {}
            message = t(
                "revert.blocked",
                change=d.get("blocking_change", "?"),
                who=d.get("who") or "?",
                at=d.get("at") or "?",
            )
            return _said(request, 409, message, back, ok=False)
        except Conflict as exc:
            return _said(request, 409, t("revert.failed", reason=exc.message), back, ok=False)
        return _said(request, 200, t("revert.done", change=done.reverted, n=done.entries), back)

    return await run_in_threadpool(work)


def _said(request: Request, status: int, message: str, back: str, *, ok: bool = True) -> Response:
    return render(request, "revert.html", status=status, message=message, back=back, ok=ok)
