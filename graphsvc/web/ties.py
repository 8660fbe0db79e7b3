"""The partnership edit page: create one (both ends picked by name), change its kind,
dates or note, end it (its last day: `until`) or delete it; the form carries its
version as the other edit pages do."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from graphsvc.errors import Conflict, RelationshipNotFound, VersionChanged
from graphsvc.model import Label, Partnership, Relationship, RelKind, pick
from graphsvc.serving import editing
from graphsvc.serving.auth import Role
from graphsvc.serving.requests import actor_of, lang_of, store_dep
from graphsvc.store import GraphStore
from graphsvc.store.history import Version, acting, rel_record
from graphsvc.web import forms
from graphsvc.web.edit import DONE, MAX_FIELDS, signed_out
from graphsvc.web.editor import check_csrf, read_form
from graphsvc.web.history import history_of
from graphsvc.web.i18n import translator
from graphsvc.web.render import guard, query, render

router = APIRouter(include_in_schema=False)


def _find(store: GraphStore, source: str, target: str, kind: str) -> Relationship:
    return editing.find_partnership(store, source, target, kind)


def _values(store: GraphStore, rel: Relationship, lang: str) -> dict[str, Any]:
    nodes = store.get_many(Label.PROVIDER, [rel.source, rel.target])
    out: dict[str, Any] = {
        k: ("" if v is None else str(v)) for k, v in rel.properties.items() if k != "kind"
    }
    for end in ("source", "target"):
        id = getattr(rel, end)
        out[end] = pick(nodes[id].name, lang) if id in nodes else id
        out[f"{end}__id"] = [id]
    out["kind"] = rel.key
    return out


def _page(
    request: Request,
    store: GraphStore,
    rel: Relationship | None,
    values: dict[str, Any],
    status: int = 200,
    **extra: Any,
) -> Response:
    lang = lang_of(request)
    version = store.versions(*_record(rel)).get(rel_record(rel)[1], Version(0)) if rel else None
    extra.setdefault("problems", [])
    extra.setdefault("choices", {})
    extra.setdefault("done", None)
    kind, key = rel_record(rel) if rel else ("", "")
    return render(
        request,
        "partnership.html",
        status=status,
        rel=rel,
        specs=forms.PARTNERSHIP,
        option_word=lambda spec, v: forms.option_word(spec, v, lang),
        values=values,
        version=version.number if version else "",
        today=date.today().isoformat(),
        history=history_of(store, kind, key) if rel else [],
        **extra,
    )


def _record(rel: Relationship) -> tuple[str, list[str]]:
    kind, key = rel_record(rel)
    return kind, [key]


@router.get("/edit/partnership", response_class=HTMLResponse)
async def partnership_page(
    request: Request,
    source: str | None = None,
    target: str | None = None,
    kind: str | None = None,
    done: str | None = None,
) -> Response:
    refused = signed_out(request)
    if refused is not None:
        return refused
    store = await store_dep(request)
    lang = lang_of(request)

    def work() -> Response:
        if source and target and kind:
            rel = _find(store, source[:200], target[:200], kind[:40])
            said = translator(lang)(DONE[done]) if done in DONE else None
            return _page(request, store, rel, _values(store, rel, lang), done=said)
        values: dict[str, Any] = {}
        if source:  # (from a provider's page: that provider as the source)
            node = store.get_many(Label.PROVIDER, [source]).get(source)
            if node is not None:
                values = {"source": pick(node.name, lang), "source__id": [node.id]}
        return _page(request, store, None, values)

    return await run_in_threadpool(work)


def _old(store: GraphStore, form: FormData) -> Relationship | None:
    ends = [str(form.get(k) or "") for k in ("old_source", "old_target", "old_kind")]
    return _find(store, *ends) if all(ends) else None


def _expected(form: FormData) -> int | None:
    text = str(form.get("version") or "").strip()
    return int(text) if text.isdigit() and len(text) < 18 else None


def _url(rel: Relationship, done: str) -> str:
    return "/edit/partnership?" + query(
        source=rel.source, target=rel.target, kind=rel.key, done=done
    )


@router.post("/edit/partnership", response_class=HTMLResponse)
async def save_partnership(request: Request) -> Response:
    principal = guard(request, Role.EDITOR)
    form = await read_form(request, MAX_FIELDS)
    check_csrf(request, form)
    store = await store_dep(request)
    actor, lang = actor_of(request, principal), lang_of(request)
    action = str(form.get("action") or "save")

    def work() -> Response:
        t = translator(lang)
        old = _old(store, form)
        parsed = forms.read(store, forms.PARTNERSHIP, form, lang)
        if action == "end" and old is not None:
            day = str(form.get("day") or "") or date.today().isoformat()
            parsed = forms.Parsed(
                data={**_props(old), "until": day}, typed=_values(store, old, lang)
            )
        new = _validated(parsed, t)
        if action == "delete" and old is not None:
            return _write(request, store, old, None, form, actor, parsed)
        if new is None:
            return _page(
                request,
                store,
                old,
                parsed.typed,
                422,
                problems=parsed.problems,
                choices=parsed.choices,
            )
        return _write(request, store, old, new, form, actor, parsed)

    return await run_in_threadpool(work)


def _props(rel: Relationship) -> dict[str, Any]:
    return {"source": rel.source, "target": rel.target, **rel.properties}


def _validated(parsed: forms.Parsed, t: Any) -> Relationship | None:
    if parsed.problems:
        return None
    try:
        p = Partnership.model_validate(parsed.data)
    except ValidationError as exc:
        for error in exc.errors():
            parsed.problem(*forms.describe(error, t))
        return None
    props = p.model_dump(mode="json", exclude_none=True, exclude={"source", "target"})
    return Relationship(
        kind=RelKind.PARTNERS_WITH, source=p.source, target=p.target, properties=props
    )


def _write(
    request: Request,
    store: GraphStore,
    old: Relationship | None,
    new: Relationship | None,
    form: FormData,
    actor: Any,
    parsed: forms.Parsed,
) -> Response:
    t = translator(lang_of(request))
    try:
        with acting(actor):
            if new is None and old is not None:
                editing.delete_partnership(store, old, _expected(form))
                return render(
                    request,
                    "revert.html",
                    message=t("edit.tie_deleted"),
                    back=f"/providers/{quote(old.source, safe='')}",
                    ok=True,
                )
            assert new is not None
            editing.save_partnership(store, old, new, None if old is None else _expected(form))
    except VersionChanged as exc:
        d = exc.details_as_dicts()[0] if exc.details else {}
        message = t("edit.stale", who=d.get("changed_by") or "?", at=d.get("changed_at") or "?")
        return _page(request, store, old, parsed.typed, 409, problems=[("", message)])
    except (Conflict, RelationshipNotFound):
        return _page(
            request, store, old, parsed.typed, 409, problems=[("kind", t("edit.tie_exists"))]
        )
    done = "ended" if str(form.get("action")) == "end" else "saved"
    return RedirectResponse(_url(new, done), status_code=303)
