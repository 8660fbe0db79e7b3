"""HEAD on every GET route: GET's status and headers, Content-Length included, no body
(uptime monitors ask with HEAD)."""

from __future__ import annotations

import pytest

from tests.api.conftest import TestClient

GETS = [
    "/healthz",
    "/readyz",
    "/",
    "/providers",
    "/providers/mll",
    "/gaps?group=age-0-6",
    "/api/v1/providers",
    "/api/v1/providers/mll",
    "/api/v1/gaps?group=age-0-6",
    "/embed/network?group=age-0-6",
    "/openapi.json",
    "/static/style.css",
    "/api/v1/providers/nobody",
    "/gaps?group=nobody",
    "/api/v1/tokens",
]


@pytest.mark.parametrize("url", GETS)
def test_head_answers_like_get_without_a_body(client: TestClient, url: str) -> None:
    client.get(url, headers={"Accept": "text/html"})  # a cached answer stays a hit
    get = client.get(url, headers={"Accept": "text/html"})
    head = client.head(url, headers={"Accept": "text/html"})
    assert head.status_code == get.status_code != 405
    assert head.content == b""
    assert dict(head.headers) == dict(get.headers)  # security headers, Content-Length too
    assert int(head.headers["content-length"]) == len(get.content)


def test_head_is_answered_by_the_replay_layer(client: TestClient) -> None:
    url = "/api/v1/coverage?group=age-0-6"
    assert client.get(url).headers["x-cache"] == "miss"
    client.get(url)  # (kept by the replay layer, which now knows the route offers it)
    client.app.state.cache.clear()  # type: ignore[attr-defined]
    head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["x-cache"] == "hit"  # given again by the replay, before routing
    assert int(head.headers["content-length"]) == len(client.get(url).content)
    assert "frame-ancestors 'none'" in head.headers["content-security-policy"]


def test_head_on_a_route_without_get_is_405(client: TestClient) -> None:
    r = client.head("/import/confirm")
    assert r.status_code == 405 and r.content == b""
    assert r.headers["allow"] == "POST"
