"""One JSON error shape for every error: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graphsvc.app import create_app
from graphsvc.config import Settings
from tests.api.conftest import TestClient, assert_error


def test_401_without_a_token(client: TestClient) -> None:
    r = client.post("/api/v1/providers", json={"id": "x", "name": "X", "sector": "ngo"})
    err = assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    assert "editor" in err["message"]


def test_401_with_a_made_up_token(client: TestClient) -> None:
    r = client.delete("/api/v1/providers/mll", headers={"Authorization": "Bearer gsv_x_y"})
    assert_error(r, 401, "unauthorized")


def test_403_with_the_wrong_role(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.delete("/api/v1/providers/mll", headers=auth["viewer"])
    err = assert_error(r, 403, "forbidden")
    assert "viewer" in err["message"] and "editor" in err["message"]


def test_404_node(client: TestClient) -> None:
    err = assert_error(client.get("/api/v1/providers/nobody"), 404, "node-not-found")
    assert "nobody" in err["message"]


def test_404_route(client: TestClient) -> None:
    assert_error(client.get("/api/v1/nothing-here"), 404, "not-found")


def test_404_relationship(client: TestClient) -> None:
    r = client.get("/api/v1/relationships/PARTNERS_WITH/mll/pikkuiset")
    assert_error(r, 404, "relationship-not-found")


def test_405(client: TestClient) -> None:
    assert_error(client.delete("/api/v1/stats"), 405, "method-not-allowed")


def test_409(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.post(
        "/api/v1/providers",
        headers=auth["editor"],
        json={"id": "mll", "name": "Again", "sector": "ngo"},
    )
    err = assert_error(r, 409, "conflict")
    assert err["details"] == [{"field": "body.id", "message": "already exists"}]


def test_413(
    settings_for: Callable[..., Settings],
    make_client: Callable[..., TestClient],
    auth: dict[str, dict[str, str]],
) -> None:
    client = make_client(settings_for(max_upload_bytes=2048))
    big = b"{" + b" " * 4096 + b"}"
    r = client.post(
        "/api/v1/import",
        headers=auth["editor"],
        files={"file": ("big.json", big, "application/json")},
    )
    err = assert_error(r, 413, "payload-too-large")
    assert "2048" in str(err["details"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": "x", "name": "X", "sector": "nonsense"}, "body.sector"),
        ({"id": "x", "sector": "ngo"}, "body.name"),
        ({"id": "x", "name": "X", "sector": "ngo", "valid_from": "2020-13-01"}, "body.valid_from"),
        ({"id": "x", "name": "X", "sector": "ngo", "colour": "red"}, "body.colour"),
    ],
    ids=["enum", "missing", "date", "unknown-field"],
)
def test_422_names_the_field_path(
    client: TestClient, auth: dict[str, dict[str, str]], body: dict[str, str], field: str
) -> None:
    r = client.post("/api/v1/providers", headers=auth["editor"], json=body)
    err = assert_error(r, 422, "invalid-data")
    assert field in [d["field"] for d in err["details"]]
    assert field in err["message"]


def test_422_nested_path(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.post(
        "/api/v1/target-groups",
        headers=auth["editor"],
        json={"id": "g", "name": {"fi": 3}, "kind": "special"},
    )
    err = assert_error(r, 422, "invalid-data")
    assert err["details"][0]["field"].startswith("body.name")


def test_422_query_parameter(client: TestClient) -> None:
    err = assert_error(client.get("/api/v1/providers?limit=5000"), 422, "invalid-data")
    assert err["details"][0]["field"] == "query.limit"


def test_409_missing_reference_names_the_field(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    r = client.post(
        "/api/v1/services",
        headers=auth["editor"],
        json={"id": "s-new", "name": "New", "provider": "mll", "needs": ["clubs", "no-such-need"]},
    )
    err = assert_error(r, 409, "missing-reference")
    assert err["details"] == [
        {
            "field": "body.needs[1]",
            "message": "no Need with id 'no-such-need'",
            "type": "missing_reference",
        }
    ]


def test_404_unknown_id(client: TestClient) -> None:
    err = assert_error(client.get("/api/v1/gaps?group=nobody"), 404, "unknown-id")
    assert err["details"][0]["field"] == "query.group"


def test_an_unknown_export_format_is_422(client: TestClient) -> None:
    # not one of the formats the schema lists: the schema refuses it
    err = assert_error(client.get("/api/v1/export?format=doc"), 422, "invalid-data")
    assert err["details"][0]["field"] == "query.format"


def test_503_store_unavailable(tmp_path: Path, make_client: Callable[..., TestClient]) -> None:
    # A store in a folder that does not exist cannot be opened.
    settings = Settings(
        store=f"sqlite:///{tmp_path / 'missing' / 'g.db'}", tokens_db=tmp_path / "t.db"
    )
    client = make_client(settings)
    err = assert_error(client.get("/api/v1/providers"), 503, "store-unavailable")
    assert "does not exist" in err["message"]
    assert client.get("/healthz").status_code == 200


def test_500_is_the_same_shape_without_a_trace(settings: Settings) -> None:
    app = create_app(settings)

    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/api/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/boom")
    err = assert_error(r, 500, "internal-error")
    assert "secret internals" not in r.text
    assert err["details"] == []


def test_errors_on_pages_are_error_html(client: TestClient) -> None:
    r = client.get("/providers/nobody", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "node-not-found" in r.text and "nobody" in r.text


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/gaps?need=nobody", "query.need"),
        ("/api/v1/coverage?area=nowhere", "query.area"),
        ("/api/v1/network?group=nobody", "query.group"),
        ("/embed/network?provider=nobody", "query.provider"),
        ("/views/heatmap.svg?area=nowhere", "query.area"),
    ],
)
def test_an_unknown_id_is_named_as_the_query_parameter_it_came_in(
    client: TestClient, url: str, field: str
) -> None:
    # the analyses and the views check the ids they are given; the API names the field
    err = assert_error(client.get(url), 404, "unknown-id")
    name = field.split(".")[1]
    assert err["message"].startswith(f"{name}: no ")
    assert [(d["field"], d["type"]) for d in err["details"]] == [(field, "unknown_id")]
