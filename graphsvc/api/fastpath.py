"""A fast path for cached analysis results: an open (not --private) GET of /gaps,
/coverage, /network, /transitions or /critical whose answer is already cached for the
store's current version is sent from here, without routing and dependency solving.

Anything else — a miss, a token, an Origin header, an unusual query — goes on to the app
unchanged, so the answers (and every error) are the app's own; tests/api pin that the
two paths give the same bytes.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from graphsvc.serving.analyses import Params

PREFIX = "/api/v1/"
ROUTES = {"gaps", "coverage", "transitions", "critical", "network"}
KEYS = {"group", "need", "area", "as_of", "lang"}
NETWORK_KEYS = {"group", "area", "as_of", "lang", "top"}


def params_from_query(name: str, query: bytes) -> Params | None:
    """The route's Params from a plain query string, or None to let the app decide."""
    try:
        pairs = parse_qsl(query.decode("ascii"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        return None
    values = dict(pairs)
    allowed = NETWORK_KEYS if name == "network" else KEYS
    if len(values) != len(pairs) or not set(values) <= allowed:
        return None
    lang = values.get("lang", "fi")
    if lang not in ("fi", "en"):
        return None
    try:
        as_of = date.fromisoformat(values["as_of"]) if values.get("as_of") else None
        top = int(values["top"]) if "top" in values else 20
    except ValueError:
        return None
    if not 1 <= top <= 10_000 or any(len(v) > 200 for v in values.values()):
        return None
    return Params(
        group=values.get("group") or None,
        need=None if name == "network" else values.get("need") or None,
        area=values.get("area") or None,
        as_of=as_of,
        lang=lang,
        top=top if name == "network" else 20,
    )


class CachedAnalyses:
    """Serve cached analysis JSON straight from the cache (see the module docstring)."""

    def __init__(self, app: ASGIApp, state: Any) -> None:
        self.app = app
        self.state = state  # the FastAPI app's state: settings, store holder, cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = self._hit(scope) if scope["type"] == "http" else None
        if body is None:
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-cache", b"hit"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def _hit(self, scope: Scope) -> bytes | None:
        path: str = scope["path"]
        if scope["method"] != "GET" or not path.startswith(PREFIX):
            return None
        name = path[len(PREFIX) :]
        if name not in ROUTES or self.state.settings.private:
            return None
        for key, _ in scope["headers"]:
            if key in (b"authorization", b"origin"):
                return None
        store = self.state.store_holder._store
        if store is None or not store.url.startswith("sqlite"):
            return None  # a server store's version is asked in a thread, by the app
        p = params_from_query(name, scope["query_string"])
        if p is None:
            return None
        try:
            version = store.version()
        except Exception:
            return None  # the app gives the proper error
        hit, value = self.state.cache.peek(version, ("json", name, p.key()))
        return value if hit else None
