"""Dependencies shared by the routes: the store, who is asking, the cache, the language."""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from graphsvc.api.auth import ANONYMOUS, Principal, Role, TokenStore
from graphsvc.api.cache import ResultCache
from graphsvc.config import LANGS, Settings
from graphsvc.errors import GraphsvcError, StoreUnavailable
from graphsvc.model import Dataset
from graphsvc.store import GraphStore, StoreAuth, open_store

SESSION_COOKIE = "graphsvc_session"
LANG_COOKIE = "graphsvc_lang"


class StoreHolder:
    """Opens the store on first use and again after a failure, so that the service
    starts while the database is down and recovers by itself when it is back."""

    RETRY_SECONDS = 1.0

    def __init__(self, url: str, auth: StoreAuth | None = None) -> None:
        self.url = url
        self.auth = auth
        self._store: GraphStore | None = None
        self._lock = threading.Lock()
        self._failed_at = 0.0
        self._last_error: GraphsvcError | None = None

    def get(self) -> GraphStore:
        store = self._store
        if store is not None:
            return store
        with self._lock:
            if self._store is None:
                if self._last_error and time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                    raise StoreUnavailable(self._last_error.message)
                try:
                    self._store = open_store(self.url, auth=self.auth)
                    self._last_error = None
                except GraphsvcError as exc:
                    self._failed_at = time.monotonic()
                    self._last_error = (
                        exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(exc.message)
                    )
                    raise self._last_error from None
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def store_of(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.store_holder
    return holder.get()


async def store_dep(request: Request) -> GraphStore:
    """The store, without a thread hop once it is open (opening may block: in a thread)."""
    holder: StoreHolder = request.app.state.store_holder
    store = holder._store
    if store is not None:
        return store
    return await run_in_threadpool(holder.get)


def cache_of(request: Request) -> ResultCache:
    cache: ResultCache = request.app.state.cache
    return cache


def tokens_of(request: Request) -> TokenStore:
    tokens: TokenStore = request.app.state.tokens
    return tokens


def raw_token(request: Request, *, cookie: bool) -> str | None:
    """The bearer token of the request, or (for pages) the session cookie's."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return header  # a malformed header is an invalid token, not an absent one
    if cookie:
        return request.cookies.get(SESSION_COOKIE) or None
    return None


def principal_of(request: Request, *, cookie: bool = False) -> Principal:
    cached = request.scope.get("graphsvc.principal")
    if isinstance(cached, Principal):
        return cached
    token = raw_token(request, cookie=cookie)
    principal = ANONYMOUS if token is None else tokens_of(request).check(token)
    request.scope["graphsvc.principal"] = principal
    return principal


def check_read(request: Request, *, cookie: bool) -> Principal:
    principal = principal_of(request, cookie=cookie)
    if settings_of(request).private:
        principal.require(Role.VIEWER)
    return principal


def check_role(request: Request, role: Role, *, cookie: bool = False) -> Principal:
    principal = principal_of(request, cookie=cookie)
    principal.require(role)
    return principal


# The dependencies are async (a token check is one local SQLite row), so that a cached
# read never waits for a worker thread.
def _reader(cookie: bool) -> Callable[[Request], Awaitable[Principal]]:
    async def dep(request: Request) -> Principal:
        return check_read(request, cookie=cookie)

    return dep


def _role(role: Role) -> Callable[[Request], Awaitable[Principal]]:
    async def dep(request: Request) -> Principal:
        return check_role(request, role)

    return dep


#: Reading the API: open, unless the service is private.
read_api = _reader(cookie=False)
#: Reading pages, views and embeds: the session cookie counts too.
read_page = _reader(cookie=True)
editor = _role(Role.EDITOR)
admin = _role(Role.ADMIN)

Store = Annotated[GraphStore, Depends(store_dep)]
Cache = Annotated[ResultCache, Depends(cache_of)]
Reader = Annotated[Principal, Depends(read_api)]
Editor = Annotated[Principal, Depends(editor)]
Admin = Annotated[Principal, Depends(admin)]


def lang_of(request: Request, lang: str | None = None) -> str:
    """The language: ?lang=, else the cookie, else the default."""
    for candidate in (lang, request.cookies.get(LANG_COOKIE)):
        if candidate in LANGS:
            return candidate
    return settings_of(request).default_lang


def snapshot(store: GraphStore, cache: ResultCache) -> Dataset:
    """The whole store as a Dataset, read once per store version."""
    version = store.version()
    ds, _ = cache.get_or_compute(version, ("snapshot",), store.snapshot)
    return ds


def parse_day(value: str | None, field: str = "as_of") -> date | None:
    from graphsvc.errors import InvalidData

    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidData(
            f"{field}: {value!r} is not a date (use YYYY-MM-DD).",
            details=[{"field": f"query.{field}", "message": "not a date (use YYYY-MM-DD)"}],
        ) from None
