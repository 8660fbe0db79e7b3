"""Pure ASGI middleware: HEAD answered as GET, security headers on every response, and a
body size limit."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.errors import PayloadTooLarge
from graphsvc.serving.errors import respond

#: The policy of pages: our own scripts and styles only, no inline script at all.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
EMBED_PREFIXES = ("/embed/",)


class SecurityHeaders:
    """CSP (frame-ancestors 'none' except on /embed/*), nosniff, referrer policy."""

    def __init__(self, app: ASGIApp, embed_frame_ancestors: str) -> None:
        self.app = app
        self.embed_ancestors = embed_frame_ancestors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embed = scope["path"].startswith(EMBED_PREFIXES)
        ancestors = self.embed_ancestors if embed else "'none'"

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                csp = headers.get("content-security-policy") or PAGE_CSP
                if "frame-ancestors" not in csp:
                    csp = f"{csp}; frame-ancestors {ancestors}"
                headers["Content-Security-Policy"] = csp
                if not embed:
                    headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_wrapper)


class HeadAsGet:
    """Answer HEAD on every GET route: run the request as GET (a copy of the scope, so the
    server still knows it was HEAD) and send GET's status and headers — Content-Length
    included — with no body. Uptime monitors and link checkers ask with HEAD."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        done = False

        async def send_head(message: Message) -> None:
            nonlocal done
            if message["type"] == "http.response.start":
                await send(message)
            elif not done and not message.get("more_body", False):
                done = True  # the last part of the body (or a file to send): none of it
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, send_head)


class BodyLimit:
    """413 for a body above `limit` bytes: at once when Content-Length says so, else as
    soon as the streamed body passes it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _error(self) -> PayloadTooLarge:
        mb = self.limit / (1024 * 1024)
        return PayloadTooLarge(
            f"The request body is larger than the {mb:.1f} MB allowed (GRAPHSVC_MAX_UPLOAD_BYTES).",
            details=[{"field": "body", "limit_bytes": self.limit}],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            err = self._error()
            await _drain(receive, self.limit * 2)
            response = respond(
                request,
                err.status,
                err.code,
                err.message,
                err.details_as_dicts(),
                {"Connection": "close"},
            )
            await response(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise self._error()
            return message

        await self.app(scope, counting_receive, send)


async def _drain(receive: Receive, budget: int) -> None:
    """Read (and drop) a little of a refused body, so that the client sees the answer
    rather than a reset connection; stop at `budget` bytes."""
    read = 0
    while read < budget:
        message = await receive()
        if message["type"] != "http.request":
            return
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return
