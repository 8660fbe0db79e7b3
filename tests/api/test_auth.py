"""The auth matrix: no token / viewer / editor / admin on every write route; tokens;
--private."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from graphsvc.config import Settings
from graphsvc.serving.auth import TokenStore
from tests.api.conftest import TestClient, assert_error, bearer

DATASET = json.dumps(
    {"format": "graphsvc-dataset", "version": 1, "needs": [{"id": "n-import", "name": "Tuotu"}]}
).encode()

# (method, url, json body or None, files or None): every route that writes
WRITES: list[tuple[str, str, Any, Any]] = []
BODIES = {
    "providers": (
        {"id": "p9", "name": "P", "sector": "ngo"},
        "mll",
        {"id": "mll", "name": "MLL", "sector": "ngo"},
        {"name": "MLL ry"},
    ),
    "target-groups": (
        {"id": "g9", "name": "G", "kind": "special"},
        "mental-health",
        {"id": "mental-health", "name": "Mieli", "kind": "special"},
        {"name": "Mieli"},
    ),
    "needs": (
        {"id": "n9", "name": "N"},
        "clubs",
        {"id": "clubs", "name": "Kerho"},
        {"name": "Kerho"},
    ),
    "services": (
        {"id": "s9", "name": "S", "provider": "mll"},
        "s-perhekerho",
        {"id": "s-perhekerho", "name": "Kerho", "provider": "mll"},
        {"name": "K"},
    ),
    "areas": (
        {"id": "a9", "name": "A", "kind": "district"},
        "keltinmaki",
        {"id": "keltinmaki", "name": "K", "kind": "district"},
        {"name": "K"},
    ),
    "networks": (
        {"id": "w9", "name": "W"},
        "hyvinvointifoorumi",
        {"id": "hyvinvointifoorumi", "name": "HF"},
        {"name": "HF"},
    ),
}
for noun, (new, existing, whole, part) in BODIES.items():
    WRITES += [
        ("POST", f"/api/v1/{noun}", new, None),
        ("PUT", f"/api/v1/{noun}/{existing}", whole, None),
        ("PATCH", f"/api/v1/{noun}/{existing}", part, None),
        ("DELETE", f"/api/v1/{noun}/{existing}", None, None),
    ]
REL = "/api/v1/relationships/PARTNERS_WITH/jkl-varhaiskasvatus/mll"
WRITES += [
    (
        "POST",
        "/api/v1/relationships",
        {"kind": "PARTNERS_WITH", "source": "mll", "target": "pikkuiset"},
        None,
    ),
    ("PUT", REL, {"properties": {"kind": "project"}}, None),
    ("DELETE", REL, None, None),
    ("POST", "/api/v1/import", None, {"file": ("d.json", DATASET, "application/json")}),
]
ADMIN = [
    ("GET", "/api/v1/tokens", None, None),
    ("POST", "/api/v1/tokens", {"role": "viewer", "name": "x"}, None),
]


def _call(
    client: TestClient, method: str, url: str, body: Any, files: Any, headers: dict[str, str]
) -> Any:
    return client.request(method, url, json=body, files=files, headers=headers)


def _id(case: tuple[str, str, Any, Any]) -> str:
    return f"{case[0]} {case[1]}"


@pytest.mark.parametrize("case", WRITES, ids=[_id(c) for c in WRITES])
def test_write_needs_editor(
    client: TestClient, auth: dict[str, dict[str, str]], case: tuple[str, str, Any, Any]
) -> None:
    assert_error(_call(client, *case, auth["none"]), 401, "unauthorized")
    assert_error(_call(client, *case, auth["viewer"]), 403, "forbidden")
    version = client.get("/api/v1/stats").json()["version"]
    r = _call(client, *case, auth["editor"])
    assert r.status_code in (200, 201, 204), r.text
    assert client.get("/api/v1/stats").json()["version"] > version  # it really wrote


@pytest.mark.parametrize("case", WRITES, ids=[_id(c) for c in WRITES])
def test_admin_may_write(
    client: TestClient, auth: dict[str, dict[str, str]], case: tuple[str, str, Any, Any]
) -> None:
    r = _call(client, *case, auth["admin"])
    assert r.status_code in (200, 201, 204), r.text


@pytest.mark.parametrize("case", ADMIN, ids=[_id(c) for c in ADMIN])
def test_tokens_need_admin(
    client: TestClient, auth: dict[str, dict[str, str]], case: tuple[str, str, Any, Any]
) -> None:
    assert_error(_call(client, *case, auth["none"]), 401, "unauthorized")
    assert_error(_call(client, *case, auth["viewer"]), 403, "forbidden")
    assert_error(_call(client, *case, auth["editor"]), 403, "forbidden")
    assert _call(client, *case, auth["admin"]).status_code in (200, 201)


def test_admin_creates_lists_and_revokes(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    created = client.post(
        "/api/v1/tokens", headers=auth["admin"], json={"role": "editor", "name": "data keeper"}
    ).json()
    assert created["token"].startswith("gsv_") and created["role"] == "editor"
    listed = client.get("/api/v1/tokens", headers=auth["admin"]).json()
    assert {
        "id": created["id"],
        "name": "data keeper",
        "role": "editor",
        "created": created["created"],
    } in listed
    assert all("token" not in row and "hash" not in row for row in listed)
    new = bearer(created["token"])
    assert (
        client.post("/api/v1/needs", headers=new, json={"id": "t1", "name": "T"}).status_code == 201
    )
    assert (
        client.delete(f"/api/v1/tokens/{created['id']}", headers=auth["admin"]).status_code == 204
    )
    assert_error(
        client.post("/api/v1/needs", headers=new, json={"id": "t2", "name": "T"}),
        401,
        "unauthorized",
    )
    err = assert_error(
        client.delete(f"/api/v1/tokens/{created['id']}", headers=auth["admin"]),
        404,
        "token-not-found",
    )
    assert err["message"].startswith(f"No token with id {created['id']!r}")


def test_revoking_an_unknown_token_is_token_not_found(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    err = assert_error(
        client.delete("/api/v1/tokens/nope", headers=auth["admin"]), 404, "token-not-found"
    )
    assert "token" in err["message"] and "'nope'" in err["message"]
    assert err["details"] == [{"field": "token_id", "message": "no such token"}]
    doc = client.get("/openapi.json").json()["paths"]["/api/v1/tokens/{token_id}"]["delete"]
    example = doc["responses"]["404"]["content"]["application/json"]["example"]
    assert example["error"]["code"] == "token-not-found"


def test_unknown_role_is_422(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.post("/api/v1/tokens", headers=auth["admin"], json={"role": "owner"})
    err = assert_error(r, 422, "invalid-data")
    assert err["details"][0]["field"] == "body.role"


def test_only_a_hash_is_stored(settings: Settings) -> None:
    store = TokenStore(settings.tokens_db)
    token, record = store.create("editor")
    store.close()
    secret = token.split("_", 2)[2]
    raw = settings.tokens_db.read_bytes()
    assert secret.encode() not in raw and token.encode() not in raw
    with sqlite3.connect(settings.tokens_db) as db:
        (stored,) = db.execute("SELECT hash FROM tokens WHERE id=?", (record["id"],)).fetchone()
    assert stored == hashlib.sha256(secret.encode()).hexdigest()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # right id, wrong secret
        lambda t: t.replace("gsv_", "gsv_0"),  # unknown id
        lambda t: t.split("_", 2)[2],  # the secret alone
        lambda t: "",
    ],
    ids=["wrong-secret", "unknown-id", "secret-only", "empty"],
)
def test_almost_right_tokens_are_refused(
    client: TestClient, tokens: dict[str, str], mangle: Callable[[str], str]
) -> None:
    r = client.post(
        "/api/v1/needs",
        json={"id": "x", "name": "X"},
        headers={"Authorization": f"Bearer {mangle(tokens['admin'])}"},
    )
    assert_error(r, 401, "unauthorized")


def test_reads_are_open_by_default(client: TestClient) -> None:
    for url in ("/api/v1/providers", "/api/v1/gaps", "/api/v1/relationships", "/", "/providers"):
        assert client.get(url).status_code == 200, url


PRIVATE_READS = [
    "/api/v1/providers",
    "/api/v1/providers/mll",
    "/api/v1/relationships",
    "/api/v1/gaps",
    "/api/v1/coverage",
    "/api/v1/export",
    "/api/v1/stats",
    "/api/v1/formats",
]


@pytest.mark.parametrize("url", PRIVATE_READS)
def test_private_reads_need_a_viewer(
    loaded: Settings,
    make_client: Callable[..., TestClient],
    auth: dict[str, dict[str, str]],
    url: str,
) -> None:
    client = make_client(loaded.model_copy(update={"private": True}))
    assert_error(client.get(url), 401, "unauthorized")
    for role in ("viewer", "editor", "admin"):
        assert client.get(url, headers=auth[role]).status_code == 200, role
    # liveness and readiness stay open for the orchestrator
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_private_pages_need_a_session(
    loaded: Settings, make_client: Callable[..., TestClient], tokens: dict[str, str]
) -> None:
    client = make_client(loaded.model_copy(update={"private": True}))
    r = client.get("/providers", headers={"Accept": "text/html"})
    assert r.status_code == 401 and "/login" in r.text
    login = client.post(
        "/login", data={"token": tokens["viewer"], "next": "/providers"}, follow_redirects=False
    )
    assert login.status_code == 303 and login.headers["location"] == "/providers"
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert client.get("/providers").status_code == 200
