"""The composition root: `create_app(settings)` builds the service (the API, the views,
the pages) from its parts. It is the one module that knows both `graphsvc.api` and
`graphsvc.web`; what they share is `graphsvc.serving`."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from graphsvc import __version__ as _version
from graphsvc.config import Settings
from graphsvc.errors import GraphsvcError
from graphsvc.serving import errors
from graphsvc.serving.auth import TokenStore
from graphsvc.serving.cache import ResultCache
from graphsvc.serving.holder import StoreHolder
from graphsvc.serving.middleware import BodyLimit, HeadAsGet, SecurityHeaders
from graphsvc.serving.replay import Replay

log = logging.getLogger("graphsvc.app")

DESCRIPTION = """\
Service-network mapping and gap analysis for municipal wellbeing work.

Reads are open unless the service runs with `--private`; writes need
`Authorization: Bearer <token>` with the **editor** role, tokens are managed by
**admin** (`graphsvc token create --role editor`). Every error has one shape:
`{"error": {"code": "…", "message": "…", "details": [...]}}`, and its status says
whose it is:

- **422** the request is not what this document describes (`details` name the field);
- **404** what the path or the query asks about is not in the graph;
- **409** the request conflicts with the graph as it is: the id is taken, the body
  refers to an id that is not there, or a change breaks a rule with what is stored;
- **415** an upload in no format the service reads; **413** too large;
- **401/403** no token, or too low a role; **503** the store cannot be reached.

Request bodies are JSON read as their schemas say: no number for a text, no `true`
for a number, no text for a list. A few rules compare two fields and are said in
words: `min_age` not above `max_age`, `valid_from` not after `valid_to`, `since` not
after `until`, a provider does not partner with itself, `/compare`'s `from` is
before its `to`, and a view's `provider` is not given with `group` or `need`.
"""

TAGS = [
    {"name": "providers", "description": "Organisations and units that offer services."},
    {"name": "services", "description": "What providers run: needs met, groups, areas."},
    {"name": "target-groups", "description": "Age groups and special groups."},
    {"name": "needs", "description": "Service needs."},
    {"name": "areas", "description": "Districts, municipalities, regions."},
    {"name": "networks", "description": "Forums and working groups."},
    {"name": "relationships", "description": "Every relationship in generic form."},
    {"name": "analysis", "description": "Gap analysis, as the CLI's --json."},
    {"name": "data", "description": "Import and export whole datasets."},
    {"name": "views", "description": "Network views, images and embeds."},
    {"name": "tokens", "description": "API tokens (admin)."},
    {"name": "health", "description": "Liveness and readiness."},
]


def load_demo_if_empty(holder: StoreHolder) -> bool:
    """Load the demo network into an empty store; True when it did."""
    from graphsvc.demo import demo_dataset
    from graphsvc.importing import apply_dataset

    store = holder.get()
    counts = store.counts()
    if any(counts["nodes"].values()):
        return False
    apply_dataset(store, demo_dataset(), source="demo")
    return True


def _warm(app: FastAPI) -> None:
    """Read the store and draw the explorer's first view (in both languages) into the
    cache: on a city of 10,000 providers these take seconds that the first visitor
    would otherwise wait. Anything that fails is left for a request to report."""
    from graphsvc.api.views import cached_render
    from visual.spec import ViewParams

    try:
        store = app.state.store_holder.get()
        for lang in ("fi", "en"):
            params = ViewParams(lang=lang, size_by="betweenness")  # (the URL's default)
            cached_render(store, app.state.cache, "embed", params)
    except Exception as exc:  # (a request will meet the same problem and say it)
        log.info("could not warm the views: %s", exc)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: /api/v1, /views, /embed, the pages, /docs, /healthz, /readyz."""
    settings = settings or Settings()
    holder = StoreHolder(settings.store, settings.store_auth)
    tokens = TokenStore(settings.tokens_db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.demo:
            try:
                if load_demo_if_empty(holder):
                    log.info("loaded the demo network into %s", holder.url.split("://")[0])
            except GraphsvcError as exc:
                log.warning("could not load the demo network: %s", exc.message)
        if settings.warm:
            threading.Thread(target=_warm, args=(app,), name="graphsvc-warm", daemon=True).start()
        yield
        holder.close()
        tokens.close()
        pending = getattr(app.state, "pending_uploads", None)
        if pending is not None:
            pending.close()

    app = FastAPI(
        title="graphsvc",
        version=_version,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store_holder = holder
    app.state.tokens = tokens
    app.state.cache = ResultCache(settings.cache_size)

    from graphsvc.web.render import render_error

    # innermost: every exception becomes the one error shape (a page's, in HTML)
    errors.install(app, html=render_error)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["X-Cache"],
            max_age=600,
        )
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, embed_frame_ancestors=settings.embed_frame_ancestors)
    if not settings.private:  # (a private service's answers are for who may read them)
        app.add_middleware(Replay, holder=holder)
    app.add_middleware(HeadAsGet)  # outermost: every layer below sees a GET

    _include_routes(app)
    return app


def _include_routes(app: FastAPI) -> None:
    from graphsvc.api import routes as api
    from graphsvc.web import routes as web

    api.install(app)
    web.install(app)
    static = resources.files("graphsvc.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")


def app_from_env() -> Any:
    """For `uvicorn --factory graphsvc.app:app_from_env`: settings from GRAPHSVC_*."""
    return create_app(Settings())
