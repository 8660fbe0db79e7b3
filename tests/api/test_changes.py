"""The change log, on SQLite and the suite's Neo4j: every write leaves one change set
(an import too) with who, when, what, before and after, in its own transaction."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from graphsvc.model import Dataset
from tests.api.conftest import bearer


def test_writes_are_logged_field_by_field(
    open_site: Callable[..., tuple[TestClient, dict[str, str]]], small_dataset: Dataset
) -> None:
    client, tokens = open_site(editor="anna")
    editor = tokens["editor"]
    provider = small_dataset.providers[0]

    imported = client.get("/api/v1/changes", params={"limit": 1000}).json()
    assert imported["total"] == len(imported["items"]) > 0
    sets = {c["change_set"] for c in imported["items"]}
    assert len(sets) == 1  # an import is one change set
    first = imported["items"][-1]
    assert (first["who"], first["channel"]) == ("cli", "import")
    assert first["summary"].startswith("import of small.json")

    tag = client.get(f"/api/v1/providers/{provider.id}").headers["etag"]
    r = client.patch(
        f"/api/v1/providers/{provider.id}",
        headers={**bearer(editor), "If-Match": tag},
        json={"description": "<b>new</b>", "email": "x@example.org"},
    )
    assert r.status_code == 200, r.text
    mine = client.get("/api/v1/changes", params={"id": provider.id, "who": "anna"}).json()
    # (newest first: within a change set, its last entry first)
    assert [(c["field"], c["after"]) for c in mine["items"]] == [
        ("email", "x@example.org"),
        ("description", "<b>new</b>"),
    ]
    assert {(c["role"], c["channel"], c["op"], c["label"]) for c in mine["items"]} == {
        ("editor", "api", "update", "Provider")
    }
    assert mine["items"][0]["change_set"] > first["change_set"]
    assert client.get("/api/v1/changes", params={"who": "nobody"}).json()["total"] == 0
    later = client.get("/api/v1/changes", params={"since": "2999-01-01"}).json()
    assert later["total"] == 0
