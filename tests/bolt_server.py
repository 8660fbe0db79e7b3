"""A real Neo4j 5.26 for the tests, started by the suite itself (`neo4jlocal`), or a
Neo4j of one's own when NEO4J_URI is set (with NEO4J_USER / NEO4J_PASSWORD).

One server runs for the whole session, on a free loopback port with a temporary data
folder; the graph is emptied before each test that asks for it. The server stops when
the session ends, and also when the test process dies: it watches its standard input,
which only this process holds. Tests that kill a server get one of their own.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from neo4jlocal import Neo4jServer, free_port

NEO4J_URI = os.environ.get("NEO4J_URI")

__all__ = [
    "NEO4J_URI",
    "Neo4jServer",
    "bolt_store_url",
    "free_port",
    "private_server",
    "session_url",
]

_server: Neo4jServer | None = None
_dir: Path | None = None
_driver: Any = None


def _session_server() -> Neo4jServer:
    global _server, _dir
    if _server is None or not _server.running:
        if _server is not None:
            _shutdown()
        _dir = Path(tempfile.mkdtemp(prefix="graphsvc-neo4j-"))
        _server = Neo4jServer(_dir, password="graphsvc-tests")
        atexit.register(_shutdown)
        _server.start()
    return _server


def _shutdown() -> None:
    global _server, _driver, _dir
    if _driver is not None:
        _driver.close()
        _driver = None
    if _server is not None:
        _server.kill()  # the data folder goes too: no clean shutdown needed
        _server = None
    if _dir is not None:
        shutil.rmtree(_dir, ignore_errors=True)
        _dir = None


def session_url(request: pytest.FixtureRequest | None = None) -> str:
    """The store URL of the session's Neo4j, credentials in it (NEO4J_URI's when that is
    set, with NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE put into it)."""
    if NEO4J_URI:
        return _own_url(NEO4J_URI)
    server = _session_server()
    if request is not None:
        request.config.add_cleanup(_shutdown)
    return server.url


def _own_url(uri: str) -> str:
    from urllib.parse import quote

    scheme, rest = uri.split("://", 1)
    user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
    database = os.environ.get("NEO4J_DATABASE")
    if (user or password) and "@" not in rest:
        rest = f"{quote(user or 'neo4j', safe='')}:{quote(password or '', safe='')}@{rest}"
    if database and "?" not in rest:
        rest += f"?database={quote(database, safe='')}"
    return f"{scheme}://{rest}"


def _connect(url: str) -> Any:
    """One driver per process for emptying the graph."""
    global _driver
    import neo4j

    from graphsvc.store.bolt import parse_url

    target = parse_url(url)
    if _driver is None or getattr(_driver, "_graphsvc_url", None) != url:
        if _driver is not None:
            _driver.close()
        _driver = neo4j.GraphDatabase.driver(target.uri, auth=target.auth, connection_timeout=5)
        _driver._graphsvc_url = url
    return _driver, target.database


def clear_graph(url: str) -> None:
    """Delete every node and relationship (constraints and indexes stay)."""
    driver, database = _connect(url)
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@contextmanager
def bare_session(url: str) -> Iterator[Any]:
    """A session of the bare driver on the store's database at `url`, for what a test
    reads or changes under the store (a driver of its own, closed after)."""
    import neo4j

    from graphsvc.store.bolt import parse_url

    target = parse_url(url)
    with (
        neo4j.GraphDatabase.driver(target.uri, auth=target.auth) as driver,
        driver.session(database=target.database) as session,
    ):
        yield session


def bolt_store_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty graph on the session's Neo4j (tests/conftest.py uses it)."""
    url = session_url(request)
    clear_graph(url)
    return url


def private_server() -> Iterator[Neo4jServer]:
    """A Neo4j of the caller's own, which it may kill and restart (for a fixture)."""
    home = Path(tempfile.mkdtemp(prefix="graphsvc-neo4j-own-"))
    server = Neo4jServer(home, password="graphsvc-tests")
    server.start()
    try:
        yield server
    finally:
        server.kill()
        shutil.rmtree(home, ignore_errors=True)
