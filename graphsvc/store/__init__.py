"""Stores: `open_store(url)` picks the implementation by the URL's scheme."""

from __future__ import annotations

import os

from graphsvc.errors import StoreUrlError
from graphsvc.store.base import (
    Filters,
    GraphStore,
    GraphWriter,
    Page,
    StoreCapabilities,
    WriteCounts,
)

DEFAULT_URL = "sqlite:///graphsvc.db"

__all__ = [
    "DEFAULT_URL",
    "Filters",
    "GraphStore",
    "GraphWriter",
    "Page",
    "StoreCapabilities",
    "WriteCounts",
    "open_store",
    "store_url",
]


def store_url(url: str | None = None) -> str:
    """The store URL to use: the argument, else GRAPHSVC_STORE, else the default."""
    return url or os.environ.get("GRAPHSVC_STORE") or DEFAULT_URL


def open_store(url: str | None = None) -> GraphStore:
    """Open the store at `url` (see `store_url`): sqlite:///…, bolt://…, neo4j://…"""
    url = store_url(url)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "sqlite":
        from graphsvc.store.sqlite import open_sqlite

        return open_sqlite(url)
    if scheme in ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"):
        from graphsvc.store.neo4j import open_neo4j

        return open_neo4j(url)
    raise StoreUrlError(
        f"Unknown store URL {url!r}: use sqlite:///path.db for the embedded store or "
        "bolt://host:7687 / neo4j://host:7687 for Neo4j."
    )
