"""Saved views and decks over HTTP: editors write, readers read, the view opens by name."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import assert_error

VIEW = {"name": "lapset", "title": "Lasten palvelukartta", "query": {"group": "age-0-6"}}
DECK = {"name": "foorumi", "title": "Foorumi", "slides": [{"view": "lapset", "note": "Katettu"}]}


def test_save_read_and_delete(client: TestClient, auth: dict[str, Any]) -> None:
    editor = auth["editor"]
    assert client.get("/api/v1/views").json() == []
    created = client.put("/api/v1/views/lapset", headers=editor, json=VIEW)
    assert created.status_code == 201 and created.json() == VIEW
    assert client.put("/api/v1/views/lapset", headers=editor, json=VIEW).status_code == 200
    assert client.get("/api/v1/views").json() == [VIEW]
    assert client.get("/api/v1/views/lapset").json() == VIEW
    assert client.put("/api/v1/decks/foorumi", headers=editor, json=DECK).status_code == 201
    assert client.get("/api/v1/decks/foorumi").json() == DECK
    assert_error(client.delete("/api/v1/views/lapset", headers=editor), 409, "conflict")
    assert client.delete("/api/v1/decks/foorumi", headers=editor).status_code == 204
    assert client.delete("/api/v1/views/lapset", headers=editor).status_code == 204
    assert_error(client.get("/api/v1/views/lapset"), 404, "unknown-id")


def test_only_editors_write(client: TestClient, auth: dict[str, Any]) -> None:
    assert_error(client.put("/api/v1/views/lapset", json=VIEW), 401, "unauthorized")
    forbidden = client.put("/api/v1/views/lapset", headers=auth["viewer"], json=VIEW)
    assert_error(forbidden, 403, "forbidden")
    assert client.get("/api/v1/views").json() == []


def test_refusals_name_what_is_wrong(client: TestClient, auth: dict[str, Any]) -> None:
    editor = auth["editor"]
    other = client.put("/api/v1/views/muu", headers=editor, json=VIEW)
    assert_error(other, 409, "conflict")  # the body's name is not the path's
    no_map = {**VIEW, "query": {"view": "map"}}
    body = assert_error(
        client.put("/api/v1/views/lapset", headers=editor, json=no_map), 422, "invalid-data"
    )
    assert "service map" in body["message"]
    unknown = {**DECK, "slides": [{"view": "nobody"}]}
    missing = client.put("/api/v1/decks/foorumi", headers=editor, json=unknown)
    assert "nobody" in assert_error(missing, 409, "missing-reference")["message"]
    bad_name = client.put("/api/v1/views/Not%20a%20slug", headers=editor, json=VIEW)
    assert bad_name.status_code == 422


def test_a_saved_view_opens_by_name(client: TestClient, auth: dict[str, Any]) -> None:
    client.put("/api/v1/views/lapset", headers=auth["editor"], json=VIEW)
    client.put("/api/v1/decks/foorumi", headers=auth["editor"], json=DECK)
    embed = client.get("/embed/views/lapset")
    assert embed.status_code == 200 and 'class="gv-mode-embed"' in embed.text
    assert "Content-Security-Policy" in embed.headers
    page = client.get("/views/saved/lapset?presentation=true")
    assert 'class="gv-mode-presentation"' in page.text
    deck = client.get("/decks/foorumi.html")
    assert deck.status_code == 200 and 'id="deck-data"' in deck.text
    assert 'filename="foorumi.html"' in deck.headers["Content-Disposition"]
    assert client.get("/embed/views/nobody").status_code == 404
    # and it travels in the export
    exported = client.get("/api/v1/export?format=json").json()
    assert exported["views"] == [VIEW] and exported["decks"] == [DECK]


#: a whole scenario on the small dataset: a move, a partnership begun and one ended
SCENARIO = {
    "name": "mll-yritykseksi",
    "title": "MLL yritykseksi",
    "query": {
        "as_of": "2025-01-01",
        "remove_sector": ["company"],
        "remove_provider": ["jkl"],
        "move_sector": {"mll": "company"},
        "add_partnership": [["mll", "jkl-varhaiskasvatus"]],
        "remove_partnership": [["jkl-varhaiskasvatus", "pikkuiset"]],
    },
}


def test_a_saved_scenario_round_trips(client: TestClient, auth: dict[str, Any]) -> None:
    created = client.put("/api/v1/views/mll-yritykseksi", headers=auth["editor"], json=SCENARIO)
    assert created.status_code == 201 and created.json() == SCENARIO
    assert client.get("/api/v1/views/mll-yritykseksi").json() == SCENARIO
    # its picture draws the scenario: mll moved (and so removed with the companies)
    embed = client.get("/embed/views/mll-yritykseksi")
    assert embed.status_code == 200 and "moves to" not in embed.text  # (in Finnish)
    assert "siirtyy" in embed.text


@pytest.mark.parametrize(
    ("query", "field", "id"),
    [
        ({"move_sector": {"ghost": "ngo"}}, "query.move_sector", "ghost"),
        ({"add_partnership": [["mll", "ghost"]]}, "query.add_partnership", "ghost"),
        ({"remove_partnership": [["nobody", "mll"]]}, "query.remove_partnership", "nobody"),
        ({"remove_provider": ["ghost"]}, "query.remove_provider", "ghost"),
    ],
    ids=["move", "add", "end", "remove"],
)
def test_a_saved_scenario_names_an_unknown_provider(
    client: TestClient, auth: dict[str, Any], query: dict[str, Any], field: str, id: str
) -> None:
    body = {"name": "huono", "title": "Huono", "query": query}
    r = client.put("/api/v1/views/huono", headers=auth["editor"], json=body)
    error = assert_error(r, 409, "missing-reference")
    assert error["message"].startswith(f"{field}: no provider with id {id!r}")
    assert [(d["field"], d["input"]) for d in error["details"]] == [(field, id)]
    assert client.get("/api/v1/views").json() == []


def test_a_saved_scenario_refuses_what_is_not_a_change(
    client: TestClient, auth: dict[str, Any]
) -> None:
    for query in (
        {"move_sector": {"mll": "guild"}},
        {"add_partnership": [["mll", "mll"]]},
        {"remove_partnership": [["mll"]]},
    ):
        body = {"name": "huono", "title": "Huono", "query": query}
        r = client.put("/api/v1/views/huono", headers=auth["editor"], json=body)
        assert r.status_code == 422, (query, r.text)
