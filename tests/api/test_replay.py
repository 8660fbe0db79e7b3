"""The replay layer (graphsvc.serving.replay): an answer a route offered is given again,
byte for byte, while the store is unchanged, and never across anything that could change
it. A small app of counting routes over a real SQLite store, then the service itself."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.exceptions import StarletteDeprecationWarning
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from graphsvc.config import Settings
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.serving.holder import StoreHolder
from graphsvc.serving.replay import Replay, replayable
from graphsvc.store import open_store
from tests.api.test_analysis import run_cli

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient


class Counting:
    """Routes that say how many times they ran: an answer given again says an old count."""

    def __init__(self) -> None:
        self.runs = 0

    def _count(self, request: Request, offer: bool) -> str:
        self.runs += 1
        if offer:
            replayable(request)
        return f"{self.runs} {request.headers.get('accept-language', '-')}"

    async def offered(self, request: Request) -> Response:
        return PlainTextResponse(self._count(request, offer=True))

    async def plain(self, request: Request) -> Response:
        return PlainTextResponse(self._count(request, offer=False))

    async def refused(self, request: Request) -> Response:
        return PlainTextResponse(self._count(request, offer=True), status_code=404)

    async def streamed(self, request: Request) -> Response:
        text = self._count(request, offer=True)
        return StreamingResponse(iter([text.encode(), b"!"]))

    async def big(self, request: Request) -> Response:
        return PlainTextResponse(self._count(request, offer=True) + "x" * 5000)

    async def headed(self, request: Request) -> Response:
        """An offered answer with the response headers the query names."""
        text = self._count(request, offer=True)
        return PlainTextResponse(text, headers=dict(request.query_params))


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[StoreHolder]:
    held = StoreHolder(f"sqlite:///{tmp_path / 'graph.db'}")
    held.get()
    yield held
    held.close()


@pytest.fixture
def site(holder: StoreHolder) -> Callable[..., tuple[TestClient, Counting]]:
    def make(**options: Any) -> tuple[TestClient, Counting]:
        routes = Counting()
        app = Starlette(
            routes=[
                Route(f"/{name}", getattr(routes, name))
                for name in ("offered", "plain", "refused", "streamed", "big", "headed")
            ]
        )
        return TestClient(Replay(app, holder=holder, **options)), routes

    return make


def texts(client: TestClient, path: str, times: int = 3, **kw: Any) -> list[str]:
    return [client.get(path, **kw).text for _ in range(times)]


def test_an_offered_answer_is_given_again_until_the_store_changes(
    site: Callable[..., tuple[TestClient, Counting]], holder: StoreHolder, small_dataset: Dataset
) -> None:
    client, routes = site()
    # the first request finds out that the route offers its answer, the second is kept
    assert texts(client, "/offered", 4) == ["1 -", "2 -", "2 -", "2 -"]
    assert client.get("/offered").headers["x-cache"] == "hit"
    apply_dataset(holder.get(), small_dataset)  # a write: the store's version changes
    assert texts(client, "/offered") == ["3 -", "3 -", "3 -"]
    assert routes.runs == 3


def test_a_write_by_another_connection_counts(
    site: Callable[..., tuple[TestClient, Counting]], holder: StoreHolder, small_dataset: Dataset
) -> None:
    client, _ = site()
    assert texts(client, "/offered") == ["1 -", "2 -", "2 -"]
    other = open_store(holder.url)
    try:
        apply_dataset(other, small_dataset)
    finally:
        other.close()
    assert client.get("/offered").text == "3 -"


def test_what_a_route_does_not_offer_always_runs(
    site: Callable[..., tuple[TestClient, Counting]],
) -> None:
    client, _ = site()
    assert texts(client, "/plain", 4) == ["1 -", "2 -", "3 -", "4 -"]
    assert "x-cache" not in client.get("/plain").headers


@pytest.mark.parametrize("path", ["/refused", "/streamed"])
def test_refusals_and_streams_are_never_kept(
    site: Callable[..., tuple[TestClient, Counting]], path: str
) -> None:
    client, routes = site()
    texts(client, path, 4)
    assert routes.runs == 4


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("Cache-Control=no-store", False),
        ("Cache-Control=max-age%3D60%2C%20private", False),
        ("Vary=User-Agent", False),  # (a header the key leaves out)
        ("Vary=*", False),
        ("Vary=Accept-Language", True),  # (in the key)
        ("Cache-Control=no-cache", True),
    ],
)
def test_an_answer_that_forbids_a_shared_cache_is_not_kept(
    site: Callable[..., tuple[TestClient, Counting]], query: str, kept: bool
) -> None:
    client, routes = site()
    texts(client, f"/headed?{query}", 4)
    assert routes.runs == (2 if kept else 4)


def test_requests_that_may_be_personal_are_neither_answered_nor_kept(
    site: Callable[..., tuple[TestClient, Counting]],
) -> None:
    client, _ = site()
    texts(client, "/offered")  # kept: "2 -"
    assert client.get("/offered", headers={"Authorization": "Bearer x"}).text == "3 -"
    assert client.get("/offered", headers={"Cookie": "session=x"}).text == "4 -"
    assert texts(client, "/offered", 2, headers={"Cookie": "session=x"}) == ["5 -", "6 -"]
    assert client.get("/offered").text == "2 -"  # the anonymous answer, still kept


def test_a_header_a_layer_may_read_splits_the_cache(
    site: Callable[..., tuple[TestClient, Counting]],
) -> None:
    client, _ = site()
    fi = {"Accept-Language": "fi"}
    en = {"Accept-Language": "en"}
    assert texts(client, "/offered", headers=fi) == ["1 fi", "2 fi", "2 fi"]
    assert texts(client, "/offered", headers=en) == ["3 en", "3 en", "3 en"]
    assert client.get("/offered", headers=fi).text == "2 fi"
    # … and a header no layer reads does not
    assert client.get("/offered", headers={**fi, "User-Agent": "other"}).text == "2 fi"
    # the query is part of the key
    assert texts(client, "/offered?a=1", 2, headers=fi) == ["4 fi", "4 fi"]


def test_an_answer_of_a_day_that_is_over_is_not_given(
    site: Callable[..., tuple[TestClient, Counting]],
) -> None:
    day = [date(2026, 12, 4)]
    client, _ = site(today=lambda: day[0])
    assert texts(client, "/offered") == ["1 -", "2 -", "2 -"]
    day[0] = date(2026, 12, 5)  # midnight: "today" is another day for every analysis
    assert texts(client, "/offered") == ["3 -", "3 -", "3 -"]


def test_the_memory_it_takes_is_bounded(
    site: Callable[..., tuple[TestClient, Counting]],
) -> None:
    client, routes = site(max_entry_bytes=1000)
    texts(client, "/big", 3)
    assert routes.runs == 3  # one answer above max_entry_bytes: never kept

    client, routes = site(max_bytes=3 * 5100)  # room for three answers of /big
    for query in range(5):
        texts(client, f"/big?q={query}", 2)
    runs = routes.runs
    client.get("/big?q=4")
    assert routes.runs == runs  # the newest is kept
    client.get("/big?q=0")
    assert routes.runs == runs + 1  # the oldest is gone


def test_a_store_that_cannot_be_read_leaves_every_request_to_the_routes(
    site: Callable[..., tuple[TestClient, Counting]], holder: StoreHolder
) -> None:
    client, _ = site()
    assert texts(client, "/offered") == ["1 -", "2 -", "2 -"]
    holder.close()  # (its `current` is None: no version to check an answer by)
    assert texts(client, "/offered") == ["3 -", "4 -", "5 -"]


# -- in the service -------------------------------------------------------------------


def test_the_service_gives_a_cached_analysis_again(client: TestClient, loaded: Settings) -> None:
    url = "/api/v1/coverage?group=age-0-6"
    first = client.get(url)
    client.get(url)
    client.app.state.cache.clear()  # type: ignore[attr-defined]
    again = client.get(url)  # not from the result cache: from the replay
    assert again.headers["x-cache"] == "hit" and again.content == first.content
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert again.headers["x-frame-options"] == "DENY"
    run_cli(loaded, "demo")  # a write by another process
    after = client.get(url)
    assert after.headers["x-cache"] == "miss" and after.content != first.content


def test_a_private_service_gives_nothing_again(
    settings_for: Callable[..., Settings],
    make_client: Callable[[Settings], TestClient],
    small_dataset: Dataset,
) -> None:
    settings = settings_for(private=True)
    store = open_store(settings.store)
    apply_dataset(store, small_dataset)
    store.close()
    client = make_client(settings)
    url = "/api/v1/coverage?group=age-0-6"
    for _ in range(3):
        assert client.get(url).status_code == 401
    # (no request could show it: a reader's request has a token, which is never
    # answered from the layer; so the layer itself is looked for, and is not there)
    layers = [m.cls for m in client.app.user_middleware]  # type: ignore[attr-defined]
    assert Replay not in layers
    assert Replay in [m.cls for m in make_client(settings_for()).app.user_middleware]  # type: ignore[attr-defined]


def test_on_each_store_a_write_ends_the_replay(
    store_url: str,
    tmp_path: Path,
    make_client: Callable[[Settings], TestClient],
    small_dataset: Dataset,
) -> None:
    """On Neo4j the store's version is asked in a worker thread; the rules are the same."""
    store = open_store(store_url)
    try:
        apply_dataset(store, small_dataset)
        client = make_client(Settings(store=store_url, tokens_db=tmp_path / "tokens.db"))
        url = "/api/v1/gaps?group=age-0-6&lang=en"
        first = client.get(url)
        client.get(url)
        client.app.state.cache.clear()  # type: ignore[attr-defined]
        again = client.get(url)
        assert again.headers["x-cache"] == "hit" and again.content == first.content
        # another connection's write: a provider ends, so the report changes
        with_end = small_dataset.model_copy(deep=True)
        with_end.providers[0].valid_to = date(2000, 1, 1)
        apply_dataset(store, with_end)
        after = client.get(url)
        assert after.headers["x-cache"] == "miss" and after.content != first.content
    finally:
        store.close()
