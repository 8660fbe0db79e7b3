"""Stores: `open_store(url)` picks the implementation by the URL's scheme."""

from __future__ import annotations

from graphsvc.errors import StoreUrlError
from graphsvc.store.base import (
    MAX_OFFSET,
    Filters,
    GraphStore,
    GraphWriter,
    Page,
    StoreAuth,
    StoreCapabilities,
    WriteCounts,
)

DEFAULT_URL = "sqlite:///graphsvc.db"

__all__ = [
    "DEFAULT_URL",
    "MAX_OFFSET",
    "Filters",
    "GraphStore",
    "GraphWriter",
    "Page",
    "StoreAuth",
    "StoreCapabilities",
    "WriteCounts",
    "open_store",
    "store_url",
]


def store_url(url: str | None = None) -> str:
    """The store URL to use: the argument, else the default (the edges read
    GRAPHSVC_STORE: the CLI's --store option and the service's settings)."""
    return url or DEFAULT_URL


def open_store(url: str | None = None, *, auth: StoreAuth | None = None) -> GraphStore:
    """Open the store at `url` (see `store_url`): sqlite:///…, bolt://…, neo4j://…;
    `auth` gives a server's user, password and database where the URL does not."""
    url = store_url(url)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        from graphsvc.store.sqlite import open_sqlite

        return open_sqlite(url)
    if scheme in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
        from graphsvc.store.neo4j import open_neo4j

        return open_neo4j(url, auth=auth)
    raise StoreUrlError(
        f"Unknown store URL {url!r}: use sqlite:///path.db for the embedded store or "
        "bolt://host:7687 / neo4j://host:7687 for Neo4j."
    )
