"""Edit pages for editors: create, edit, end (the everyday action: a last day) and
delete providers, services, needs, target groups, areas and networks. Plain forms
(no script needed), CSRF-checked as the import page is; the form carries the record's
version, so that an edit made on a stale form is refused with both values shown."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from graphsvc.errors import Conflict, NodeNotFound, VersionChanged
from graphsvc.model import Label, Node
from graphsvc.model.types import fold
from graphsvc.serving import editing
from graphsvc.serving.auth import Principal, Role
from graphsvc.serving.requests import actor_of, lang_of, store_dep
from graphsvc.store import GraphStore
from graphsvc.store.history import Version, acting
from graphsvc.web import forms
from graphsvc.web.editor import check_csrf, read_form
from graphsvc.web.history import history_of
from graphsvc.web.i18n import translator
from graphsvc.web.render import guard, page_principal, render

router = APIRouter(include_in_schema=False)

#: the URL noun of each label's edit page
NOUNS: dict[str, Label] = {
    "providers": Label.PROVIDER,
    "services": Label.SERVICE,
    "needs": Label.NEED,
    "target-groups": Label.TARGET_GROUP,
    "areas": Label.AREA,
    "networks": Label.NETWORK,
}
NOUN_OF = {label: noun for noun, label in NOUNS.items()}
#: the labels whose records end (valid_to)
ENDING = (Label.PROVIDER, Label.SERVICE)
MAX_FIELDS = 2000


def _label(noun: str) -> Label:
    if noun not in NOUNS:
        raise NodeNotFound(f"No edit page for {noun[:40]!r}.")
    return NOUNS[noun]


def edit_url(label: Label, id: str | None = None) -> str:
    base = f"/edit/{NOUN_OF[label]}"
    return f"{base}/{quote(id, safe='')}" if id else f"{base}/new"


def signed_out(request: Request) -> Response | None:
    """The sign-in page (401, or 403 for a role too low) unless an editor is asking."""
    principal = page_principal(request)
    if principal.authenticated and principal.role is not None and principal.role >= Role.EDITOR:
        return None
    status = 403 if principal.authenticated else 401
    role = principal.role.label if principal.role else ""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    response = render(request, "edit_signin.html", status=status, role=role)
    response.headers.update(headers)
    return response


def _version(store: GraphStore, label: Label, id: str) -> Version:
    return store.versions(label.value, [id]).get(id, Version(0))


def _choices(
    store: GraphStore, label: Label, lang: str, values: dict[str, Any]
) -> dict[str, list[tuple[str, str]]]:
    """Every need, group and area a service's checkboxes list, by name (the first
    MAX_CHECKS, and those chosen: a long list must not drop a choice on saving)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for spec in forms.FIELDS[label]:
        if spec.kind == "checks":
            nodes = {n.id: n for n in store.find(spec.of, limit=forms.MAX_CHECKS).items}
            chosen = [i for i in values.get(spec.name) or [] if i not in nodes]
            nodes.update(store.get_many(spec.of, chosen))
            items = [(n.id, forms.node_name(n, lang)) for n in nodes.values()]
            out[spec.name] = sorted(items, key=lambda p: fold(p[1]))
    return out


def _page(
    request: Request,
    store: GraphStore,
    label: Label,
    *,
    node: Node | None,
    values: dict[str, Any],
    status: int = 200,
    **extra: Any,
) -> Response:
    lang = lang_of(request)
    version = _version(store, label, node.id) if node is not None else None
    extra.setdefault("problems", [])
    extra.setdefault("choices", {})
    extra.setdefault("stale", None)
    extra.setdefault("done", None)
    return render(
        request,
        "edit.html",
        status=status,
        record=label,
        noun=NOUN_OF[label],
        node=node,
        specs=forms.FIELDS[label],
        option_word=lambda spec, v: forms.option_word(spec, v, lang),
        values=values,
        version=extra.pop("version", version.number if version else ""),
        listed=_choices(store, label, lang, values),
        ending=label in ENDING,
        today=date.today().isoformat(),
        history=history_of(store, label.value, node.id) if node is not None else [],
        **extra,
    )


@router.get("/edit/{noun}/new", response_class=HTMLResponse)
async def new_page(request: Request, noun: str, provider: str | None = None) -> Response:
    """A blank form (a new service from a provider's page: that provider filled in)."""
    label = _label(noun)
    refused = signed_out(request)
    if refused is not None:
        return refused
    store = await store_dep(request)

    def work() -> Response:
        values: dict[str, Any] = {}
        if label is Label.SERVICE and provider:
            node = store.get_many(Label.PROVIDER, [provider[:200]]).get(provider[:200])
            if node is not None:
                name = forms.node_name(node, lang_of(request))
                values = {"provider": name, "provider__id": [node.id]}
        return _page(request, store, label, node=None, values=values)

    return await run_in_threadpool(work)


@router.get("/edit/{noun}/{id:node_id}", response_class=HTMLResponse)
async def edit_page(request: Request, noun: str, id: str, done: str | None = None) -> Response:
    label = _label(noun)
    refused = signed_out(request)
    if refused is not None:
        return refused
    store = await store_dep(request)

    def work() -> Response:
        node = store.get(label, id)
        lang = lang_of(request)
        word = translator(lang)(DONE[done]) if done in DONE else None
        return _page(
            request, store, label, node=node, values=forms.form_values(node, lang, store), done=word
        )

    return await run_in_threadpool(work)


#: what the page says after a change (the redirect's `done`)
DONE = {"saved": "edit.done_saved", "ended": "edit.done_ended"}


async def _posted(request: Request) -> tuple[Principal, FormData, GraphStore]:
    principal = guard(request, Role.EDITOR)
    form = await read_form(request, MAX_FIELDS)
    check_csrf(request, form)
    return principal, form, await store_dep(request)


def _expected(form: FormData) -> int | None:
    text = str(form.get("version") or "").strip()
    return int(text) if text.isdigit() and len(text) < 18 else None


@router.post("/edit/{noun}", response_class=HTMLResponse)
async def save_form(request: Request, noun: str) -> Response:
    label = _label(noun)
    principal, form, store = await _posted(request)
    actor = actor_of(request, principal)
    lang = lang_of(request)

    def work() -> Response:
        original = str(form.get("original") or "")
        stored = store.get(label, original) if original else None
        dumped = stored.model_dump(mode="json", exclude_none=True) if stored else {}
        parsed = forms.read(store, forms.FIELDS[label], form, lang, dumped)
        names = {s.name for s in forms.FIELDS[label]}
        parsed.data = {**{k: v for k, v in dumped.items() if k not in names}, **parsed.data}
        if stored is not None and parsed.data.get("id") != stored.id:
            parsed.problem("id", translator(lang)("edit.id_fixed"))
        node = forms.validate(store, label, parsed, lang)
        if node is None:
            return _again(request, store, label, stored, parsed, 422)
        try:
            with acting(actor):
                editing.save(store, node, create=stored is None, expected=_expected(form))
        except VersionChanged as exc:
            return _stale(request, store, label, node, parsed, exc)
        except Conflict as exc:
            t = translator(lang)
            message = t("edit.id_taken", id=node.id) if stored is None else exc.message
            parsed.problem("id" if stored is None else "", message)
            return _again(request, store, label, stored, parsed, 409)
        return RedirectResponse(f"{edit_url(label, node.id)}?done=saved", status_code=303)

    return await run_in_threadpool(work)


def _again(
    request: Request,
    store: GraphStore,
    label: Label,
    stored: Node | None,
    parsed: forms.Parsed,
    status: int,
    **extra: Any,
) -> Response:
    """The form again, with what was typed and what is wrong."""
    return _page(
        request,
        store,
        label,
        node=stored,
        values=parsed.typed,
        status=status,
        problems=parsed.problems,
        choices=parsed.choices,
        **extra,
    )


def _stale(
    request: Request,
    store: GraphStore,
    label: Label,
    mine: Node,
    parsed: forms.Parsed,
    exc: VersionChanged,
) -> Response:
    """Somebody changed the record since the form was opened: who and when, and both
    values of each field that differs; the form keeps what was typed, at the version
    now stored, so that saving again is a choice made knowingly."""
    lang = lang_of(request)
    now = store.get(label, mine.id)
    theirs = forms.form_values(now, lang, store)
    ours = forms.form_values(mine, lang, store)
    differ = [
        (key, ours.get(key), theirs.get(key))
        for key in dict.fromkeys([*ours, *theirs])
        if not key.endswith("__id") and ours.get(key) != theirs.get(key)
    ]
    detail = exc.details_as_dicts()[0] if exc.details else {}
    stale = {
        "who": detail.get("changed_by") or "?",
        "at": detail.get("changed_at") or "?",
        "differ": differ,
    }
    return _again(request, store, label, now, parsed, 409, stale=stale)


@router.post("/edit/{noun}/{id:node_id}/end", response_class=HTMLResponse)
async def end_form(request: Request, noun: str, id: str) -> Response:
    """Set the last day (valid_to): the record stays, as-of views show it until then."""
    label = _label(noun)
    principal, form, store = await _posted(request)
    actor = actor_of(request, principal)
    lang = lang_of(request)
    day = str(form.get("day") or "").strip() or date.today().isoformat()

    def work() -> Response:
        node = store.get(label, id)
        t = translator(lang)
        try:
            ended = date.fromisoformat(day)
        except ValueError:
            return _refused(request, store, label, node, t("edit.bad_day", value=day[:40]))
        if label not in ENDING:
            raise NodeNotFound(f"A {label} has no last day.")
        try:
            with acting(actor):
                editing.save(
                    store,
                    None,
                    create=False,
                    expected=_expected(form),
                    label=label,
                    id=id,
                    patch={"valid_to": ended.isoformat()},
                )
        except VersionChanged as exc:
            detail = exc.details_as_dicts()[0] if exc.details else {}
            message = t(
                "edit.stale",
                who=detail.get("changed_by") or "?",
                at=detail.get("changed_at") or "?",
            )
            return _refused(request, store, label, node, message)
        except Conflict:
            return _refused(request, store, label, node, t("edit.rule_dates"))
        return RedirectResponse(f"{edit_url(label, id)}?done=ended", status_code=303)

    return await run_in_threadpool(work)


def _refused(
    request: Request, store: GraphStore, label: Label, node: Node, message: str
) -> Response:
    lang = lang_of(request)
    return _page(
        request,
        store,
        label,
        node=node,
        values=forms.form_values(node, lang, store),
        status=409,
        problems=[("", message)],
    )


@router.post("/edit/{noun}/{id:node_id}/delete", response_class=HTMLResponse)
async def delete_form(request: Request, noun: str, id: str) -> Response:
    label = _label(noun)
    principal, form, store = await _posted(request)
    actor = actor_of(request, principal)
    lang = lang_of(request)

    def work() -> Response:
        node = store.get(label, id)
        try:
            with acting(actor):
                editing.delete(store, label, id, _expected(form))
        except VersionChanged as exc:
            detail = exc.details_as_dicts()[0] if exc.details else {}
            message = translator(lang)(
                "edit.stale",
                who=detail.get("changed_by") or "?",
                at=detail.get("changed_at") or "?",
            )
            return _refused(request, store, label, node, message)
        return render(request, "edit_deleted.html", record=label, node=node)

    return await run_in_threadpool(work)
