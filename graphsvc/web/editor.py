"""Pages that change something: the language cookie, signing in and out (a token kept
in an HttpOnly cookie), and the import page (upload → dry-run report → confirm)."""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.responses import HTMLResponse, RedirectResponse, Response

from graphsvc.config import LANGS
from graphsvc.errors import (
    Forbidden,
    GraphsvcError,
    InvalidData,
    PayloadTooLarge,
    Unauthorized,
)
from graphsvc.importing.report import Cause
from graphsvc.model import Label, RelKind
from graphsvc.serving import transfer
from graphsvc.serving.auth import Principal, Role, csrf_ok
from graphsvc.serving.requests import (
    LANG_COOKIE,
    SESSION_COOKIE,
    lang_of,
    settings_of,
    store_dep,
    tokens_of,
)
from graphsvc.web.i18n import translator
from graphsvc.web.render import guard, page_principal, render
from graphsvc.words import Words

router = APIRouter(include_in_schema=False)
PENDING_SECONDS = 30 * 60
YEAR = 365 * 24 * 3600


def safe_next(value: str | None) -> str:
    """A local path to go back to; anything else (//evil, https://…) becomes /."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@router.get("/lang/{lang}")
def set_lang(request: Request, lang: str, next: str | None = None) -> Response:
    if lang not in LANGS:
        raise InvalidData(f"Unknown language {lang!r}: use fi or en.")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE, lang, max_age=YEAR, samesite="lax", secure=settings_of(request).secure_cookies
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=safe_next(next), problem=None)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    token = str(form.get("token") or "").strip()
    target = safe_next(str(form.get("next") or "/"))
    try:
        tokens_of(request).check(token)
    except Unauthorized as exc:
        return render(request, "login.html", status=401, next=target, problem=exc.message)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings_of(request).secure_cookies,
        max_age=12 * 3600,
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await read_form(request)
    check_csrf(request, form)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


async def read_form(request: Request, max_fields: int = 20) -> FormData:
    """The posted form (at most one file, `max_fields` fields); 422 if unreadable."""
    try:
        return await request.form(max_files=1, max_fields=max_fields)
    except PayloadTooLarge:
        raise
    except Exception as exc:
        raise InvalidData(f"The form cannot be read: {exc}.") from None


def check_csrf(request: Request, form: FormData) -> None:
    """403 unless the form carries the session's CSRF token."""
    token = request.cookies.get(SESSION_COOKIE)
    given = form.get("csrf")
    if not token or not csrf_ok(token, given if isinstance(given, str) else None):
        raise Forbidden(
            "The form has expired or came from another site; reload the page and try again."
        )


# -- import ----------------------------------------------------------------------------


@dataclass
class Pending:
    upload: transfer.Upload
    owner: str | None
    created: float


class PendingUploads:
    """Uploads whose dry run was shown, kept until confirmed or 30 minutes old."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="graphsvc-pending-"))
        self._items: dict[str, Pending] = {}
        self._lock = threading.Lock()
        #: the CSV of what a report left out, by key: (owner, text, created)
        self._left_out: dict[str, tuple[str | None, str, float]] = {}

    def keep_left_out(self, report: dict[str, Any], owner: str | None, lang: str) -> str:
        """Keep the complete list of what `report` left out, as CSV headed in `lang`, for
        its owner to download (for 30 minutes); its key."""
        from graphsvc.importing.report import CSV_COLUMNS, left_out_csv

        key = secrets.token_urlsafe(16)
        now = time.monotonic()
        with self._lock:
            for old in [k for k, v in self._left_out.items() if now - v[2] > PENDING_SECONDS]:
                del self._left_out[old]
            text = left_out_csv(report["left_out"], Words(lang).columns(CSV_COLUMNS))
            self._left_out[key] = (owner, text, now)
        return key

    def left_out(self, key: str, owner: str | None) -> str | None:
        with self._lock:
            item = self._left_out.get(key)
        return item[1] if item and item[0] == owner else None

    def add(self, upload: transfer.Upload, owner: str | None) -> str:
        self.expire()
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._items[key] = Pending(upload, owner, time.monotonic())
        return key

    def take(self, key: str, owner: str | None) -> transfer.Upload | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item.owner != owner:
                return None
            del self._items[key]
        return item.upload

    def expire(self) -> None:
        now = time.monotonic()
        with self._lock:
            old = [k for k, v in self._items.items() if now - v.created > PENDING_SECONDS]
            gone = [self._items.pop(k) for k in old]
        for item in gone:
            item.upload.remove()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def pending_of(request: Request) -> PendingUploads:
    state = request.app.state
    if getattr(state, "pending_uploads", None) is None:
        state.pending_uploads = PendingUploads()
    pending: PendingUploads = state.pending_uploads
    return pending


def _editor(request: Request) -> Principal:
    return guard(request, Role.EDITOR)


def _import_page(
    request: Request, status: int = 200, headers: dict[str, str] | None = None, **values: Any
) -> Response:
    values.setdefault("problem", None)
    values.setdefault("sign_in", False)
    values.setdefault("report", None)
    values.setdefault("role", "")
    report = values["report"]
    columns = ["added", "updated", "unchanged"]
    if report and report["totals"].get("deleted"):
        columns.append("deleted")
    present = set().union(*(report[c] for c in columns)) if report else set()
    # nodes first, then relationships, each in the model's order
    keys = [k.value for k in (*Label, *RelKind) if k.value in present]
    words = Words(lang_of(request))
    left_out = [Cause.from_dict(c).text(words) for c in (report or {}).get("left_out_causes", [])]
    response = render(
        request,
        "import.html",
        status=status,
        formats=transfer.formats(),
        report_keys=keys,
        report_columns=columns,
        left_out_lines=left_out,
        left_out_key=values.pop("left_out_key", ""),
        skip_invalid=values.pop("skip_invalid", False),
        upload_id=values.pop("upload_id", ""),
        format=values.pop("format", None),
        **values,
    )
    response.headers.update(headers or {})
    return response


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> Response:
    principal = page_principal(request)
    if not principal.authenticated:
        # a person, not an API client: say so in the page's language, and the way in
        return _import_page(
            request, status=401, sign_in=True, headers={"WWW-Authenticate": "Bearer"}
        )
    try:
        _editor(request)
    except Forbidden:  # signed in, with a role that may not import: the same, as 403
        return _import_page(
            request, status=403, sign_in=True, role=principal.role.label if principal.role else ""
        )
    return _import_page(request)


@router.post("/import", response_class=HTMLResponse)
async def import_dry_run(request: Request) -> Response:
    principal = _editor(request)
    limit = settings_of(request).max_upload_bytes
    form = await read_form(request)
    try:
        check_csrf(request, form)
        upload_file = form.get("file")
        fmt = str(form.get("format") or "") or None
        skip = form.get("skip_invalid") is not None
        if not isinstance(upload_file, UploadFile) or not upload_file.filename:
            raise InvalidData(
                "Choose a file to import.", details=[{"field": "file", "message": "no file chosen"}]
            )
        data = await upload_file.read(limit + 1)
        if len(data) > limit:
            raise PayloadTooLarge(f"The file is larger than the {limit} bytes allowed.")
        name = upload_file.filename
    finally:
        await form.close()
    pending = pending_of(request)
    upload = transfer.save_upload(data, name, max_unpacked=limit * 10, folder=pending.folder)
    store = await store_dep(request)
    try:
        report = await run_in_threadpool(
            transfer.import_upload, store, upload, format=fmt, dry_run=True, skip_invalid=skip
        )
    except GraphsvcError as exc:
        upload.remove()
        if exc.status != 422:
            raise
        return _import_page(
            request,
            status=422,
            problem={"message": exc.message, "details": exc.details_as_dicts()[:200]},
        )
    key = pending.add(upload, principal.token_id)
    return _import_page(
        request,
        report=report,
        upload_id=key,
        format=fmt,
        skip_invalid=skip,
        left_out_key=_left_out_key(request, report, principal),
    )


def _left_out_key(request: Request, report: dict[str, Any], who: Principal) -> str:
    if not report.get("left_out"):
        return ""
    return pending_of(request).keep_left_out(report, who.token_id, lang_of(request))


@router.post("/import/confirm", response_class=HTMLResponse)
async def import_confirm(request: Request) -> Response:
    principal = _editor(request)
    form = await read_form(request)
    check_csrf(request, form)
    key = str(form.get("upload") or "")
    fmt = str(form.get("format") or "") or None
    skip = form.get("skip_invalid") is not None
    pending = pending_of(request)
    upload = pending.take(key, principal.token_id)
    if upload is None:
        # in the page's language, on the import page, so the file can be chosen again
        return _import_page(
            request,
            status=422,
            problem={"message": translator(lang_of(request))("import.expired"), "details": []},
        )
    store = await store_dep(request)
    try:
        report = await run_in_threadpool(
            transfer.import_upload, store, upload, format=fmt, dry_run=False, skip_invalid=skip
        )
    except GraphsvcError as exc:
        if exc.status != 422:
            raise
        return _import_page(
            request,
            status=422,
            problem={"message": exc.message, "details": exc.details_as_dicts()[:200]},
        )
    finally:
        upload.remove()
    return _import_page(
        request, report=report, left_out_key=_left_out_key(request, report, principal)
    )


@router.get("/import/left-out/{key}.csv")
def left_out_csv(request: Request, key: str) -> Response:
    """The complete list of what an import's report left out, for the one who ran it."""
    principal = _editor(request)
    text = pending_of(request).left_out(key, principal.token_id)
    if text is None:
        raise InvalidData(translator(lang_of(request))("import.expired"))
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="left-out.csv"'},
    )
