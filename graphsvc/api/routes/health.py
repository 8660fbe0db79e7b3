"""/healthz (the process answers) and /readyz (the store answers too)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from graphsvc.api.responses import ERRORS
from graphsvc.serving.requests import store_of

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up (says nothing about the store)."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: ERRORS[503]})
def readyz(request: Request) -> dict[str, Any]:
    """The store can be reached: 200, else 503 store-unavailable."""
    store = store_of(request)
    store.ping()
    scheme = store.url.split("://", 1)[0]
    return {"status": "ready", "store": scheme, "version": store.version()}
