"""A store that goes down: every route that needs it answers 503 in the one error shape
(a page in the page's language), /readyz says not ready, and the service recovers by
itself when the store is back. On a real Neo4j, stopped and started again."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from graphsvc.app import create_app
from graphsvc.config import Settings
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.serving.holder import StoreHolder
from graphsvc.store import open_store
from tests.api.conftest import TestClient, assert_error
from tests.bolt_server import Neo4jServer, private_server

pytestmark = pytest.mark.bolt

#: routes that never ask the store: they answer whether it is up or not
STORE_FREE = {"/healthz", "/openapi.json", "/api/v1/formats", "/palette.css", "/docs"}
#: pages a person opens, each of which reads the store
PAGES = ["/", "/providers", "/gaps", "/network", "/scenarios", "/groups/kids", "/providers/x"]


@pytest.fixture(scope="module")
def server() -> Iterator[Neo4jServer]:
    yield from private_server()


def _get_urls(client: TestClient) -> list[str]:
    """Every GET path of the OpenAPI document, its parameters filled in."""
    schema = client.get("/openapi.json").json()
    urls = []
    for path, ops in schema["paths"].items():
        if "get" in ops:
            path = path.replace("{kind}", "OFFERS")
            urls.append(re.sub(r"\{[^}]+\}", "x", path))
    return urls


def assert_every_route_down(client: TestClient, urls: list[str]) -> None:
    """Every route that needs the store answers 503 in the error shape (pages: a page in
    the page's language); /healthz is up, /readyz is not."""
    not_503 = []
    for url in urls:
        r = client.get(url)
        if url in STORE_FREE or url.startswith("/api/v1/tokens"):
            continue
        if r.status_code != 503:
            not_503.append((url, r.status_code))
            continue
        err = assert_error(r, 503, "store-unavailable")
        assert r.headers["retry-after"] == "5" and "Traceback" not in err["message"]
    assert not_503 == []
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 503
    for lang, words in (("fi", 'lang="fi"'), ("en", 'lang="en"')):
        for page in PAGES:
            r = client.get(f"{page}?lang={lang}", headers={"Accept": "text/html"})
            assert r.status_code == 503, (page, r.status_code)
            assert r.headers["content-type"].startswith("text/html")
            assert words in r.text and "Traceback" not in r.text


def test_every_route_while_neo4j_is_stopped_and_after_it_is_back(
    server: Neo4jServer, small_dataset: Dataset, tmp_path: object
) -> None:
    store = open_store(server.url)
    apply_dataset(store, small_dataset)
    store.close()
    settings = Settings(store=server.url, tokens_db=f"{tmp_path}/tokens.db")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        urls = _get_urls(client)
        assert len(urls) > 20
        assert client.get("/api/v1/gaps").status_code == 200  # (cached from here on)
        server.kill()
        try:
            assert_every_route_down(client, urls)
        finally:
            server.start()  # the same port, password and data
        time.sleep(StoreHolder.RETRY_SECONDS + 0.1)
        assert client.get("/readyz").status_code == 200
        assert client.get("/api/v1/gaps").status_code == 200
        assert client.get("/providers", headers={"Accept": "text/html"}).status_code == 200
