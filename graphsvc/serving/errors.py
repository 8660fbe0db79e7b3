"""One error shape for every response: {"error": {"code", "message", "details"}}.

Every GraphsvcError, validation error, unknown route and unexpected exception is turned
into that shape here (or, for pages a person reads, into `error.html` with the same
code and message). Never a stack trace.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.errors import GraphsvcError, InvalidData, StoreUnavailable

log = logging.getLogger("graphsvc.api")

HTTP_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "version-changed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "invalid-data",
    429: "too-many-requests",
    500: "internal-error",
    503: "store-unavailable",
}

#: Renders an error as a page: (request, status, code, message, details) -> Response
HtmlRenderer = Callable[[Request, int, str, str, list[dict[str, Any]]], Response]

#: The example every route's OpenAPI error responses show.
ERROR_EXAMPLE = {
    "error": {"code": "node-not-found", "message": "No Provider with id 'x'.", "details": []}
}


def error_body(code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": list(details or [])}}


def field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'services', 0, 'name') -> 'body.services[0].name'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def validation_details(errors: list[Any], prefix: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Pydantic / FastAPI validation errors as details that name the field path."""
    details = []
    for err in errors:
        loc = tuple(
            p
            for p in (*prefix, *err.get("loc", ()))
            if not (isinstance(p, str) and p.startswith("function-"))
        )
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        details.append(
            {"field": field_path(loc), "message": msg, "type": str(err.get("type", "value_error"))}
        )
    return details


def invalid_from_pydantic(exc: ValidationError, prefix: tuple[Any, ...] = ("body",)) -> InvalidData:
    details = validation_details(exc.errors(), prefix)
    first = details[0] if details else {"field": "", "message": "invalid"}
    return InvalidData(
        f"{len(details)} invalid field(s); first: {first['field']}: {first['message']}.",
        details=details,
    )


def wants_html(request: Request) -> bool:
    """Pages for people get error.html; the API, images and health checks get JSON."""
    path = request.url.path
    if path.startswith(("/api/", "/healthz", "/readyz", "/static/", "/openapi.json")):
        return False
    if path.endswith((".png", ".svg", ".csv", ".json")):
        return False
    return "text/html" in request.headers.get("accept", "")


def respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: list[Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    renderer: HtmlRenderer | None = getattr(request.app.state, "render_error", None)
    if renderer is not None and wants_html(request):
        resp = renderer(request, status, code, message, list(details or []))
        if headers:
            resp.headers.update(headers)
        return resp
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


#: FastAPI's words for a body it could not decode at all
BODY_NOT_READ = "There was an error parsing the body"

#: the methods a route may declare, in the order an Allow header lists them
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers on the request's path, asked of the
    routes themselves (`BaseRoute.matches`), so that it is what the router does; HEAD
    wherever GET is (the HeadAsGet middleware answers it)."""
    routes = request.app.router.routes
    allowed = []
    for method in METHODS:
        probe = {**request.scope, "method": method}
        if any(route.matches(probe)[0] == Match.FULL for route in routes):
            allowed += ["GET", "HEAD"] if method == "GET" else [method]
    return allowed


def error_response(request: Request, err: GraphsvcError) -> Response:
    """The answer to a graphsvc error: its status and shape, the headers its status asks
    for, and, for a store found unreachable, word to the store holder (when the app has
    one), so that the next requests are refused at once."""
    headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
    if err.status == 503:
        headers = {"Retry-After": "5"}
        holder = getattr(request.app.state, "store_holder", None)
        if holder is not None and isinstance(err, StoreUnavailable):
            holder.failed(err)
    return respond(request, err.status, err.code, err.message, err.details_as_dicts(), headers)


def as_graphsvc_error(exc: BaseException) -> GraphsvcError | None:
    """Map a driver's "cannot reach the server" to StoreUnavailable (a store normally
    does this itself; this is the edge's safety net)."""
    if isinstance(exc, GraphsvcError):
        return exc
    module = type(exc).__module__ or ""
    name = type(exc).__name__
    if module.startswith("neo4j") and name in (
        "ServiceUnavailable",
        "SessionExpired",
        "DatabaseUnavailable",
        "TransientError",
    ):
        return StoreUnavailable(
            f"The graph database cannot be reached ({name}); the service "
            "will retry on the next request."
        )
    if isinstance(exc, sqlite3.OperationalError):
        return StoreUnavailable(f"The store cannot be read: {exc}.")
    if isinstance(exc, (ConnectionError, TimeoutError)):
        return StoreUnavailable(f"The store cannot be reached: {exc}.")
    return None


def install(app: FastAPI, *, html: HtmlRenderer | None = None) -> None:
    """Install the handlers that give every error the one shape; `html` renders it as
    a page for people (see `wants_html`)."""
    app.state.render_error = html

    async def graphsvc_error(request: Request, exc: Exception) -> Response:
        err = as_graphsvc_error(exc)
        assert err is not None
        return error_response(request, err)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # kept for a page's renderer, which words them in the page's language
        request.scope["graphsvc.validation_errors"] = list(exc.errors())
        details = validation_details(list(exc.errors()))
        first = details[0] if details else {"field": "", "message": "invalid request"}
        message = f"Invalid request: {first['field']}: {first['message']}."
        return respond(request, 422, "invalid-data", message, details)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = HTTP_CODES.get(exc.status_code, f"http-{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else code
        if exc.status_code == 404 and message == "Not Found":
            message = f"Nothing at {request.url.path}."
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 400 and message == BODY_NOT_READ:
            # a body FastAPI could not even decode (not UTF-8): invalid input, as a body
            # that is not JSON is (422), not a status of its own
            details = [{"field": "body", "message": "not JSON text", "type": "json_invalid"}]
            return respond(
                request, 422, "invalid-data", "The request body is not JSON text.", details
            )
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}."
            # (the router's own answer names only the first route of the path it met)
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return respond(request, exc.status_code, code, message, [], headers)

    app.add_exception_handler(GraphsvcError, graphsvc_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_middleware(CatchAll)


class CatchAll:
    """Innermost safety net: any other exception becomes the one error shape (a driver's
    connection error a 503), logged with its trace on the server, never sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            if started:
                raise
            request = Request(scope)
            err = as_graphsvc_error(exc)
            if err is None:
                log.exception("unexpected error on %s %s", request.method, request.url.path)
                response = respond(
                    request,
                    500,
                    "internal-error",
                    "Something went wrong on the server; it has been logged. "
                    "Please try again, and report it if it keeps happening.",
                )
            else:
                response = error_response(request, err)
            await response(scope, receive, send)
