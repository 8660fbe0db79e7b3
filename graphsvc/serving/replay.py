"""A shared HTTP cache inside the service: an answer a route has given is given again,
byte for byte, while the store is unchanged — as a caching reverse proxy in front of the
service would, but kept fresh by the store's version instead of by a time to live.

What may be replayed is the route's word, not this module's: a route that calls
`replayable(request)` says that its answer is a function of the request's URL and
headers and of the store's content alone (the analyses, the views and embeds). This
layer knows no route, reads no parameter and validates nothing: the first request of a
kind went through routing and validation, and a request identical to it gets the same
answer until the store's version changes. Never kept:

- anything but a GET answered 200 in one piece, or an answer whose own headers forbid
  a shared cache to keep it (`Cache-Control: no-store` or `private`, a `Vary` on a
  header the key leaves out);
- a request with `Authorization` or a `Cookie` (who asks may change the answer, and a
  token may be revoked); the composition root leaves this layer out altogether when the
  service is private;
- an answer of a day that is over (as_of defaults to today).

The key is the path, the query and every request header except those no layer of the
service reads (`IGNORED`), so that `Host`, `Origin` or `Accept-Language` can never be
answered for another's. The store's version is asked on each request, as the result
cache asks it (writes by another process count too); entries of an older version are
dropped when a newer one is seen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.errors import GraphsvcError
from graphsvc.serving.holder import StoreHolder

#: Request headers that no layer of the service reads: they do not split the cache.
IGNORED = frozenset(
    {
        b"accept-encoding",  # (the service does not compress)
        b"cache-control",
        b"connection",
        b"dnt",
        b"keep-alive",
        b"pragma",
        b"priority",
        b"referer",
        b"te",
        b"upgrade-insecure-requests",
        b"user-agent",
    }
)
#: Requests with these are never answered from here, nor kept.
PERSONAL = frozenset({b"authorization", b"cookie"})
MAX_PATHS = 10_000
_MARK = "graphsvc_replayable"  # (in the request's state: scope["state"])


def replayable(request: Request) -> None:
    """Say that this request's answer depends on its URL, its headers and the store's
    content alone, so that it may be given again while the store is unchanged."""
    request.state.graphsvc_replayable = True


@dataclass(slots=True)
class _Answer:
    start: Message
    body: bytes
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.size = len(self.body) + sum(len(k) + len(v) for k, v in self.start["headers"])


class Replay:
    """The ASGI layer: answers kept by (version, day, path, query, headers), LRU, at most
    `max_bytes` in all and `max_entry_bytes` each."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        holder: StoreHolder,
        max_bytes: int = 64 << 20,
        max_entry_bytes: int = 8 << 20,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.app = app
        self.holder = holder
        self.today = today
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes
        self._answers: OrderedDict[Hashable, _Answer] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._paths: set[str] = set()  # the paths whose routes have offered an answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if scope["path"] not in self._paths:
            # (a path no route has offered yet: learn whether it does, keep nothing; the
            # many requests that are never kept build no key and ask no version)
            await self._keep(None, None, scope, receive, send)
            return
        key = _key(scope, self.today())
        version = None if key is None else await self._store_version()
        if key is None or version is None:
            await self.app(scope, receive, send)
            return
        self._see(version)
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
            await send(answer.start)
            await send({"type": "http.response.body", "body": answer.body})
            return
        await self._keep(key, version, scope, receive, send)

    async def _keep(
        self,
        key: Hashable | None,
        version: int | None,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        """Run the request; keep its answer (of `version`, asked before it ran) if the
        route offered it and it came whole."""
        state = scope.setdefault("state", {})
        start: Message | None = None
        parts: list[bytes] = []
        whole = True

        async def send_and_copy(message: Message) -> None:
            nonlocal start, whole
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and whole:
                parts.append(message.get("body", b""))
                if message.get("more_body", False):
                    whole = False  # streamed: not kept
            else:
                whole = False  # (a file sent by the server, a trailer…)
            await send(message)

        await self.app(scope, receive, send_and_copy)
        if start is None or start["status"] != 200 or not whole or not state.get(_MARK):
            return
        if not _storable(start["headers"]):
            return
        if version is None:
            if len(self._paths) >= MAX_PATHS:
                self._paths.clear()
            self._paths.add(scope["path"])
            return
        headers = [(k, v) for k, v in start["headers"] if k != b"x-cache"]
        headers.append((b"x-cache", b"hit"))
        answer = _Answer({**start, "headers": headers}, b"".join(parts))
        if answer.size > self.max_entry_bytes or self._version != version:
            return
        self._answers[key] = answer
        self._bytes += answer.size
        while self._bytes > self.max_bytes:
            _, old = self._answers.popitem(last=False)
            self._bytes -= old.size

    async def _store_version(self) -> int | None:
        """The store's version, or None when it cannot be had (the route will say why)."""
        store = self.holder.current
        if store is None:
            return None
        try:
            if store.capabilities.embedded:  # a local file: answered at once
                return store.version()
            return await run_in_threadpool(store.version)
        except GraphsvcError:
            return None

    def _see(self, version: int) -> None:
        if self._version != version:
            # answers of another version can never be given again
            self._answers.clear()
            self._bytes = 0
            self._version = version


def _storable(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether the answer's own headers let a shared cache keep it: not `no-store` or
    `private`, and not varying by a header that the key leaves out (RFC 9111, 3 and
    4.1)."""
    for name, value in headers:
        if name == b"cache-control":
            directives = {d.strip().split(b"=")[0].lower() for d in value.split(b",")}
            if b"no-store" in directives or b"private" in directives:
                return False
        elif name == b"vary":
            varies = {v.strip().lower() for v in value.split(b",")}
            if b"*" in varies or varies & IGNORED:
                return False
    return True


def _key(scope: Scope, day: date) -> Hashable | None:
    """What an answer is kept by; None for a request that is never answered from here."""
    headers = []
    for name, value in scope["headers"]:
        if name in PERSONAL:
            return None
        if name not in IGNORED:
            headers.append((name, value))
    headers.sort()
    return (day, scope["path"], scope["query_string"], tuple(headers))
