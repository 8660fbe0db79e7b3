"""The routes' FastAPI dependencies: the store, the cache and who may ask, as
`Annotated` types (what they read from a request is `graphsvc.serving.requests`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from graphsvc.serving.auth import Principal, Role
from graphsvc.serving.cache import ResultCache
from graphsvc.serving.requests import cache_of, check_read, check_role, store_dep
from graphsvc.store import GraphStore


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


async def cache_dep(request: Request) -> ResultCache:
    # (async: FastAPI runs a plain function dependency in a worker thread, a hop that
    # cost a cached answer more than everything else it does)
    return cache_of(request)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a read of the analyses needs, as one dependency: FastAPI solves each
    dependency with its own machinery, and for a cached answer that is the cost."""

    store: GraphStore
    cache: ResultCache
    principal: Principal
    request: Request


async def reading(request: Request) -> Reading:
    principal = check_read(request, cookie=False)
    return Reading(await store_dep(request), cache_of(request), principal, request)


Store = Annotated[GraphStore, Depends(store_dep)]
Cache = Annotated[ResultCache, Depends(cache_dep)]
Reader = Annotated[Principal, Depends(read_api)]
Editor = Annotated[Principal, Depends(editor)]
Admin = Annotated[Principal, Depends(admin)]
#: the store and the cache, for a reader (as Store, Cache and Reader together)
Read = Annotated[Reading, Depends(reading)]
