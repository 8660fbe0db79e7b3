"""The error model for OpenAPI: every route documents the one error shape."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from starlette.responses import Response


class ErrorBody(BaseModel):
    code: str = Field(description="Stable error code, e.g. node-not-found.")
    message: str = Field(description="What went wrong and what to do next.")
    details: list[dict[str, Any]] = Field(
        description="Per-field or per-row problems; `field` names the path, "
        "e.g. body.services[0].provider."
    )


class ErrorResponse(BaseModel):
    error: ErrorBody


def _example(code: str, message: str, details: list[dict[str, Any]] | None = None) -> Any:
    return {
        "application/json": {
            "example": {"error": {"code": code, "message": message, "details": details or []}}
        }
    }


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorResponse,
        "description": "No token, or not a valid one",
        "content": _example("unauthorized", "This needs a token with the editor role."),
    },
    403: {
        "model": ErrorResponse,
        "description": "The token's role is too low",
        "content": _example("forbidden", "The token 'x' has the viewer role; this needs editor."),
    },
    404: {
        "model": ErrorResponse,
        "description": "No such node, or an id asked about is not in the graph",
        "content": _example("node-not-found", "No Provider with id 'x'."),
    },
    409: {
        "model": ErrorResponse,
        "description": "The request conflicts with the graph as it is: the id is taken, "
        "the body refers to an id that is not there, or a change breaks a rule with "
        "what is stored",
        "content": _example("conflict", "A Provider with id 'mll' already exists."),
    },
    422: {
        "model": ErrorResponse,
        "description": "Invalid input; details name the field path",
        "content": _example(
            "invalid-data",
            "Invalid request: body.sector: Input should be 'city', 'ngo', …",
            [{"field": "body.sector", "message": "Input should be 'city', …", "type": "enum"}],
        ),
    },
    503: {
        "model": ErrorResponse,
        "description": "The store cannot be reached",
        "content": _example("store-unavailable", "The graph database cannot be reached."),
    },
}

#: A change that carried a stale version (If-Match): 412.
STALE: dict[int | str, dict[str, Any]] = {
    412: {
        "model": ErrorResponse,
        "description": "If-Match names a version that is no longer the stored one: "
        "somebody changed the record meanwhile (the message says who and when)",
        "content": _example(
            "version-changed",
            "Provider 'mll' was changed meanwhile by 'editor-2' at 2026-05-04T10:12:03.123Z "
            "(it is at version 4, you sent 3): GET it again, make your change on what is "
            "there now, and send the new ETag in If-Match.",
        ),
    },
}

#: Undoing a change: its 404 and 409 are about the change log.
REVERT_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {
        "model": ErrorResponse,
        "description": "No change (or change set) with that id in the change log",
        "content": _example("change-not-found", "No change '12-9' in the change log."),
    },
    409: {
        "model": ErrorResponse,
        "description": "A later change depends on it (the message names that change), or "
        "what it would put back breaks a rule with what is stored now",
        "content": _example(
            "revert-blocked",
            "Provider 'mll' description was changed later (change 14-1 by 'anna' at "
            "2026-05-04T10:12:03.123Z): revert that change first, or change the record "
            "by hand.",
        ),
    },
}

#: The ETag header of a response that shows one record.
ETAG_HEADER: dict[str, Any] = {
    "ETag": {
        "description": "The record's version; send it back in If-Match to change the "
        "record only if nobody changed it meanwhile.",
        "schema": {"type": "string"},
    }
}


def with_etag(response: dict[str, Any]) -> dict[str, Any]:
    """A documented response that carries the ETag header."""
    return {**response, "headers": ETAG_HEADER}


#: Revoking a token: its 404 is about tokens, not nodes.
TOKEN_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {
        "model": ErrorResponse,
        "description": "No such token",
        "content": _example(
            "token-not-found", "No token with id 'x': it was revoked already or never existed."
        ),
    },
}


class PngResponse(Response):
    """An image answer, named so that the OpenAPI document says image/png."""

    media_type = "image/png"


class SvgResponse(Response):
    """An image answer, named so that the OpenAPI document says image/svg+xml."""

    media_type = "image/svg+xml"
