"""A stopped Neo4j gives 503 on /readyz, the data routes and the pages; the service
recovers by itself when the server is back (a Neo4j of the test's own, killed with
SIGKILL and started again on the same data folder)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graphsvc.config import Settings
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.store import open_store
from tests.api.conftest import TestClient, assert_error
from tests.bolt_server import Neo4jServer, private_server

pytestmark = pytest.mark.bolt


@pytest.fixture
def neo4j_server() -> Iterator[Neo4jServer]:
    """A Neo4j of this test's own, which it kills and starts again."""
    yield from private_server()


DATA_ROUTES = [
    "/api/v1/providers",
    "/api/v1/providers/mll",
    "/api/v1/gaps",
    "/api/v1/stats",
    "/api/v1/relationships",
]


def _wait_ready(client: TestClient, seconds: float = 30.0) -> int:
    deadline = time.monotonic() + seconds
    status = 0
    while time.monotonic() < deadline:
        status = client.get("/readyz").status_code
        if status == 200:
            return status
        time.sleep(0.25)
    return status


def test_bolt_down_then_back(
    neo4j_server: Neo4jServer,
    small_dataset: Dataset,
    tmp_path: Path,
    make_client: Callable[..., TestClient],
) -> None:
    server = neo4j_server
    store = open_store(server.url)
    try:
        apply_dataset(store, small_dataset)
    finally:
        store.close()
    client = make_client(Settings(store=server.url, tokens_db=tmp_path / "t.db"))
    assert client.get("/readyz").json()["store"] == "bolt"
    for url in DATA_ROUTES:
        assert client.get(url).status_code == 200, url

    server.kill()
    assert client.get("/healthz").status_code == 200  # the process is still up
    for url in ["/readyz", *DATA_ROUTES]:
        err = assert_error(client.get(url), 503, "store-unavailable")
        assert f"127.0.0.1:{server.port}" in err["message"] and "reach" in err["message"]
        assert server.password not in err["message"]
    page = client.get("/providers", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "store-unavailable" in page.text

    server.start()  # the same port and data folder
    assert _wait_ready(client) == 200
    assert client.get("/api/v1/providers").json()["total"] == len(small_dataset.providers)
    assert client.get("/api/v1/providers/mll").json()["sector"] == "ngo"
    assert client.get("/api/v1/gaps").status_code == 200
