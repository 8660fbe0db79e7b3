"""CRUD of relationships."""

from __future__ import annotations

from tests.api.conftest import TestClient, assert_error

TIE = {
    "kind": "PARTNERS_WITH",
    "source": "mll",
    "target": "pikkuiset",
    "properties": {"kind": "referral", "since": "2022-05-01"},
}


def test_list_by_kind_and_node(client: TestClient) -> None:
    body = client.get("/api/v1/relationships", params={"kind": "PARTNERS_WITH"}).json()
    assert body["total"] == 2
    assert {(r["source"], r["target"]) for r in body["items"]} == {
        ("jkl-varhaiskasvatus", "pikkuiset"),
        ("jkl-varhaiskasvatus", "mll"),
    }
    around = client.get("/api/v1/relationships", params={"node": "pikkuiset"}).json()
    assert {r["kind"] for r in around["items"]} == {"OFFERS", "PARTNERS_WITH"}


def test_create_get_replace_delete(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    editor = auth["editor"]
    r = client.post("/api/v1/relationships", json=TIE, headers=editor)
    assert r.status_code == 201, r.text
    assert r.json()["source_label"] == "Provider"
    url = "/api/v1/relationships/PARTNERS_WITH/mll/pikkuiset"
    assert client.get(url).json()["properties"] == {"kind": "referral", "since": "2022-05-01"}
    assert_error(client.post("/api/v1/relationships", json=TIE, headers=editor), 409, "conflict")
    r = client.put(
        url,
        params={"key": "referral"},
        headers=editor,
        json={"properties": {"kind": "referral", "note": "since the fair"}},
    )
    assert r.status_code == 200
    assert client.get(url).json()["properties"] == {"kind": "referral", "note": "since the fair"}
    assert client.delete(url, headers=editor).status_code == 204
    assert_error(client.get(url), 404, "relationship-not-found")
    assert_error(client.delete(url, headers=editor), 404, "relationship-not-found")


def test_has_need_priority(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    url = "/api/v1/relationships/HAS_NEED/age-0-6/clubs"
    r = client.put(url, headers=auth["editor"], json={"properties": {"priority": 1}})
    assert r.status_code == 200
    assert client.get(url).json()["properties"] == {"priority": 1}
    bad = client.put(url, headers=auth["editor"], json={"properties": {"priority": 7}})
    err = assert_error(bad, 422, "invalid-data")
    assert "priority" in err["message"]


def test_missing_end_names_the_field(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.post(
        "/api/v1/relationships", headers=auth["editor"], json={**TIE, "target": "nobody"}
    )
    err = assert_error(r, 409, "missing-reference")
    assert err["details"][0]["field"] == "body.target"


def test_wrong_endpoints_are_422(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    r = client.post(
        "/api/v1/relationships",
        headers=auth["editor"],
        json={"kind": "PART_OF", "source": "jkl", "target": "mll"},
    )
    err = assert_error(r, 422, "invalid-data")
    assert "source_label" in err["message"]


def test_a_service_keeps_its_provider(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    url = "/api/v1/relationships/OFFERS/mll/s-perhekerho"
    assert client.get(url).status_code == 200
    assert_error(client.delete(url, headers=auth["editor"]), 409, "conflict")
    assert client.get("/api/v1/services/s-perhekerho").json()["provider"] == "mll"


def test_membership_runs_from_provider_to_network(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    # (Provider)-[:MEMBER_OF]->(Network), as DESIGN.md draws it
    r = client.post(
        "/api/v1/relationships",
        headers=auth["editor"],
        json={"kind": "MEMBER_OF", "source": "pikkuiset", "target": "hyvinvointifoorumi"},
    )
    assert r.status_code == 201
    assert client.get("/api/v1/networks/hyvinvointifoorumi").json()["members"] == [
        "jkl-varhaiskasvatus",
        "mll",
        "pikkuiset",
    ]
    assert client.get("/api/v1/gaps").status_code == 200  # the graph still reads back
    url = "/api/v1/relationships/MEMBER_OF/pikkuiset/hyvinvointifoorumi"
    assert client.delete(url, headers=auth["editor"]).status_code == 204
    url = "/api/v1/relationships/MEMBER_OF/mll/hyvinvointifoorumi"
    assert client.get(url).status_code == 200
    assert client.delete(url, headers=auth["editor"]).status_code == 204
    assert client.get("/api/v1/networks/hyvinvointifoorumi").json()["members"] == [
        "jkl-varhaiskasvatus"
    ]
