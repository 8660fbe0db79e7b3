"""Token management for admins: list, create (shown once), revoke."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Request, Response
from pydantic import BaseModel, Field

from graphsvc.api.deps import Admin
from graphsvc.api.responses import ERRORS, TOKEN_ERRORS
from graphsvc.serving.requests import tokens_of

router = APIRouter(prefix="/tokens", tags=["tokens"])


class NewToken(BaseModel):
    role: Literal["viewer", "editor", "admin"]
    name: str | None = Field(None, max_length=100)


@router.get("", responses=ERRORS)
def list_tokens(request: Request, _: Admin) -> list[dict[str, Any]]:
    """Every token's id, name, role and creation time (never the token itself)."""
    return tokens_of(request).list()


@router.post("", status_code=201, responses=ERRORS)
def create_token(
    request: Request,
    _: Admin,
    body: Annotated[
        NewToken,
        Body(
            openapi_examples={
                "editor": {
                    "summary": "A token for the data keeper",
                    "value": {"role": "editor", "name": "data keeper"},
                }
            }
        ),
    ],
) -> dict[str, Any]:
    """Create a token (admin); the response is the only time it is shown."""
    token, record = tokens_of(request).create(body.role, body.name)
    return {**record, "token": token}


@router.delete("/{token_id}", status_code=204, responses=TOKEN_ERRORS)
def revoke_token(token_id: str, request: Request, _: Admin) -> Response:
    """Revoke a token (admin); 404 if there is none."""
    tokens_of(request).revoke(token_id)
    return Response(status_code=204)
