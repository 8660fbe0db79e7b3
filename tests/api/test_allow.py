"""A 405 says in its Allow header every method the path answers, as the OpenAPI
document lists them (the router alone named only the first route it met)."""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import TestClient, assert_error

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _paths(client: TestClient) -> list[tuple[str, set[str]]]:
    schema = client.get("/openapi.json").json()
    return [(path, {m.upper() for m in ops}) for path, ops in schema["paths"].items()]


def test_every_405_allows_exactly_the_methods_the_schema_lists(client: TestClient) -> None:
    wrong = []
    checked = 0
    for path, listed in _paths(client):
        url = re.sub(r"\{[^}]+\}", "x", path)
        expected = listed | ({"HEAD"} if "GET" in listed else set())
        for method in METHODS:
            if method in listed:
                continue
            r = client.request(method, url)
            checked += 1
            allow = {a.strip() for a in r.headers.get("allow", "").split(",") if a.strip()}
            if r.status_code != 405 or allow != expected:
                wrong.append((method, path, r.status_code, sorted(allow), sorted(expected)))
    assert checked > 100  # (the schema was read: dozens of paths, most with 3+ methods absent)
    assert wrong == []


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("DELETE", "/api/v1/gaps", "GET, HEAD"),
        ("PUT", "/api/v1/providers", "GET, HEAD, POST"),
        ("POST", "/api/v1/providers/x", "GET, HEAD, PUT, PATCH, DELETE"),
    ],
)
def test_a_405_is_the_one_error_shape_with_its_allow_header(
    client: TestClient, method: str, url: str, allow: str
) -> None:
    r = client.request(method, url)
    assert_error(r, 405, "method-not-allowed")
    assert r.headers["allow"] == allow
