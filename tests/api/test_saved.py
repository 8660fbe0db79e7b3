"""Saved views and decks over HTTP: editors write, readers read, the view opens by name."""

from __future__ import annotations

from typing import Any

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
