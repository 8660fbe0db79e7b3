"""CRUD of every node label: list with filters and totals, get, create, replace, patch,
delete."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import TestClient, assert_error

# noun, a new node, a change to patch in
NEW: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "providers",
        {"id": "new-p", "name": "Uusi ry", "sector": "ngo", "parent": "jkl"},
        {"sector": "company"},
    ),
    (
        "target-groups",
        {
            "id": "new-g",
            "name": {"fi": "Uudet", "en": "New"},
            "kind": "age",
            "min_age": 3,
            "max_age": 9,
        },
        {"max_age": 10},
    ),
    ("needs", {"id": "new-n", "name": "Uusi tarve", "category": "health"}, {"category": "social"}),
    (
        "services",
        {
            "id": "new-s",
            "name": "Uusi palvelu",
            "provider": "mll",
            "needs": ["clubs"],
            "groups": ["age-0-6"],
            "areas": ["jyvaskyla"],
        },
        {"needs": ["clubs", "therapy"]},
    ),
    (
        "areas",
        {"id": "new-a", "name": "Kuokkala", "kind": "district", "parent": "jyvaskyla"},
        {"name": "Kuokkala 2"},
    ),
    (
        "networks",
        {"id": "new-w", "name": "Verkosto", "members": ["mll"]},
        {"members": ["jkl", "mll"]},
    ),  # the store keeps references sorted
]
IDS = [n for n, _, _ in NEW]


@pytest.mark.parametrize(("noun", "node", "change"), NEW, ids=IDS)
def test_create_get_replace_patch_delete(
    client: TestClient,
    auth: dict[str, dict[str, str]],
    noun: str,
    node: dict[str, Any],
    change: dict[str, Any],
) -> None:
    editor = auth["editor"]
    url = f"/api/v1/{noun}"
    r = client.post(url, json=node, headers=editor)
    assert r.status_code == 201, r.text
    assert r.headers["location"] == f"{url}/{node['id']}"
    assert r.json() == node
    assert client.get(f"{url}/{node['id']}").json() == node

    assert_error(client.post(url, json=node, headers=editor), 409, "conflict")

    patched = client.patch(f"{url}/{node['id']}", json=change, headers=editor)
    assert patched.status_code == 200, patched.text
    assert patched.json() == {**node, **change}

    replaced = client.put(f"{url}/{node['id']}", json=node, headers=editor)
    assert replaced.status_code == 200
    assert client.get(f"{url}/{node['id']}").json() == node

    assert client.delete(f"{url}/{node['id']}", headers=editor).status_code == 204
    assert_error(client.get(f"{url}/{node['id']}"), 404, "node-not-found")
    assert_error(client.delete(f"{url}/{node['id']}", headers=editor), 404, "node-not-found")
    assert_error(
        client.put(f"{url}/{node['id']}", json=node, headers=editor), 404, "node-not-found"
    )
    assert_error(
        client.patch(f"{url}/{node['id']}", json=change, headers=editor), 404, "node-not-found"
    )


@pytest.mark.parametrize("noun", IDS)
def test_list_every_label(client: TestClient, noun: str) -> None:
    body = client.get(f"/api/v1/{noun}").json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert body["total"] == len(body["items"]) > 0
    assert [i["id"] for i in body["items"]] == sorted(i["id"] for i in body["items"])


def test_search_ignores_case_and_diacritics(client: TestClient) -> None:
    # "Päiväkoti Pikkuiset Oy" is found by "PAIVAKOTI"
    body = client.get("/api/v1/providers", params={"search": "PAIVAKOTI"}).json()
    assert [p["id"] for p in body["items"]] == ["pikkuiset"]


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"sector": "city"}, ["jkl", "jkl-varhaiskasvatus"]),
        ({"need": "early-education"}, ["jkl-varhaiskasvatus", "pikkuiset"]),
        ({"group": "age-0-6"}, ["jkl-varhaiskasvatus", "mll", "pikkuiset"]),
        ({"area": "keltinmaki", "need": "early-education"}, ["jkl-varhaiskasvatus", "pikkuiset"]),
        ({"as_of": "2010-01-01"}, ["jkl", "jkl-varhaiskasvatus", "mll"]),  # pikkuiset from 2015
    ],
    ids=["sector", "need", "group", "area", "as_of"],
)
def test_provider_filters(client: TestClient, params: dict[str, str], ids: list[str]) -> None:
    body = client.get("/api/v1/providers", params=params).json()
    assert [p["id"] for p in body["items"]] == ids
    assert body["total"] == len(ids)


def test_pagination_keeps_the_total(client: TestClient) -> None:
    first = client.get("/api/v1/providers", params={"limit": 2}).json()
    second = client.get("/api/v1/providers", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    assert {p["id"] for p in first["items"]}.isdisjoint(p["id"] for p in second["items"])


def test_unknown_filter_id_is_404(client: TestClient) -> None:
    err = assert_error(client.get("/api/v1/providers?group=nobody"), 404, "unknown-id")
    assert err["details"][0]["field"] == "query.group"


def test_delete_provider_removes_its_services_and_relationships(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    assert client.delete("/api/v1/providers/mll", headers=auth["editor"]).status_code == 204
    assert_error(client.get("/api/v1/services/s-perhekerho"), 404, "node-not-found")
    rels = client.get("/api/v1/relationships", params={"node": "mll"}).json()
    assert rels["total"] == 0
    network = client.get("/api/v1/networks/hyvinvointifoorumi").json()
    assert network["members"] == ["jkl-varhaiskasvatus"]


def test_put_with_another_id_is_409(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.put(
        "/api/v1/needs/clubs", headers=auth["editor"], json={"id": "other", "name": "Kerhot"}
    )
    err = assert_error(r, 409, "conflict")
    assert err["details"][0]["field"] == "body.id"


def test_patch_null_clears_a_field(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.patch(
        "/api/v1/needs/early-education", headers=auth["editor"], json={"category": None}
    )
    assert r.status_code == 200
    assert "category" not in r.json()


def test_patch_invalid_value_names_the_field(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    r = client.patch(
        "/api/v1/target-groups/age-0-6", headers=auth["editor"], json={"min_age": 50}
    )  # above the stored max_age 6: the change conflicts with what is stored
    err = assert_error(r, 409, "conflict")
    assert err["details"][0]["field"] == "body"
    assert "min_age" in err["message"]


@pytest.mark.parametrize("node_id", ["kunta/nuoriso", "a b?c#d"], ids=["slash", "reserved"])
def test_an_id_with_url_characters_is_reachable(
    client: TestClient, auth: dict[str, dict[str, str]], node_id: str
) -> None:
    from urllib.parse import quote

    # the model allows any character in an id; the API must reach what it created
    editor = auth["editor"]
    node = {"id": node_id, "name": "Nuorisopalvelut", "sector": "city"}
    r = client.post("/api/v1/providers", json=node, headers=editor)
    assert r.status_code == 201, r.text
    location = r.headers["location"]
    assert location == f"/api/v1/providers/{quote(node_id, safe='')}"
    assert client.get(location).json() == node
    assert client.patch(location, json={"sector": "ngo"}, headers=editor).status_code == 200
    page = client.get(f"/providers/{quote(node_id, safe='')}")
    assert page.status_code == 200 and "Nuorisopalvelut" in page.text
    assert client.delete(location, headers=editor).status_code == 204
    assert_error(client.get(location), 404, "node-not-found")
    # an empty id is still the list (a trailing slash), not a lookup of ""
    assert client.get("/api/v1/providers/").json()["total"] == 4


@pytest.mark.parametrize("path", ["/api/v1/providers", "/api/v1/needs", "/api/v1/relationships"])
def test_an_offset_past_the_bound_is_422_and_the_bound_is_in_the_schema(
    client: TestClient, path: str
) -> None:
    from graphsvc.store import MAX_OFFSET

    # 2**63 no longer reaches the store (it was a 500: too large for an SQLite INTEGER)
    for offset in (2**63, MAX_OFFSET + 1):
        err = assert_error(client.get(path, params={"offset": offset}), 422, "invalid-data")
        assert "offset" in str(err)
    at_bound = client.get(path, params={"offset": MAX_OFFSET})
    assert at_bound.status_code == 200 and at_bound.json()["items"] == []
    schema = client.get("/openapi.json").json()
    offset = next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "offset")
    assert offset["schema"]["maximum"] == MAX_OFFSET and offset["schema"]["minimum"] == 0
