"""What a request carries, for the API and the pages alike: the settings, the store,
the cache, who is asking (one way, `principal_of`) and the language."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from graphsvc.config import LANGS, Settings
from graphsvc.errors import Unauthorized
from graphsvc.model import Dataset
from graphsvc.serving.auth import ANONYMOUS, Principal, Role, TokenStore
from graphsvc.serving.cache import ResultCache
from graphsvc.serving.holder import StoreHolder
from graphsvc.store import GraphStore
from graphsvc.store.history import Actor, set_actor

SESSION_COOKIE = "graphsvc_session"
LANG_COOKIE = "graphsvc_lang"


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def store_of(request: Request) -> GraphStore:
    holder: StoreHolder = request.app.state.store_holder
    return holder.get()


async def store_dep(request: Request) -> GraphStore:
    """The store, without a thread hop once it is open (opening may block: in a thread)."""
    holder: StoreHolder = request.app.state.store_holder
    store = holder.current
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


def principal_of(request: Request, *, cookie: bool = False, lenient: bool = False) -> Principal:
    """Who is asking: the bearer token's holder (for pages and views, the session
    cookie's too), ANONYMOUS without a token. A token that is not valid is
    Unauthorized, except with `lenient`: a page ignores a stale cookie and is shown as
    to anybody."""
    key = f"graphsvc.principal.{cookie}.{lenient}"
    cached = request.scope.get(key)
    if isinstance(cached, Principal):
        return cached
    token = raw_token(request, cookie=cookie)
    principal = ANONYMOUS
    if token is not None:
        try:
            principal = tokens_of(request).check(token)
        except Unauthorized:
            if not lenient:
                raise
    request.scope[key] = principal
    return principal


def check_read(request: Request, *, cookie: bool) -> Principal:
    principal = principal_of(request, cookie=cookie)
    if settings_of(request).private:
        principal.require(Role.VIEWER)
    return principal


def check_role(request: Request, role: Role, *, cookie: bool = False) -> Principal:
    principal = principal_of(request, cookie=cookie)
    principal.require(role)
    # who writes, for the versions and the change log (the request's own context)
    set_actor(actor_of(request, principal))
    return principal


def actor_of(request: Request, principal: Principal) -> Actor:
    """The principal as the change log names it, with the channel it came by."""
    path = request.url.path
    channel = (
        "import" if path.endswith("/import") else "api" if path.startswith("/api/") else "page"
    )
    role = principal.role.label if principal.role is not None else "anonymous"
    return Actor(principal.name or principal.token_id or role, role, channel)


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
