"""The API's routes, included in an app by `install` (graphsvc.app does)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI


def install(app: FastAPI) -> None:
    """Add /api/v1, the health checks, and the views and embeds to `app`."""
    from graphsvc.api.routes import (
        analysis,
        changes,
        data,
        health,
        nodes,
        relationships,
        saved,
        tokens,
        views,
    )

    api = APIRouter(prefix="/api/v1")
    # (the analyses first: a request is matched against the routes in order, and the
    # cached analyses are the most asked-for; no two paths overlap, so order is free)
    api.include_router(analysis.router)
    for router in nodes.routers:
        api.include_router(router)
    for module in (relationships, data, tokens, saved, changes):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(health.router)
    app.include_router(views.router)
