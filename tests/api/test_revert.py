"""Undo over the API, on SQLite and the suite's Neo4j: create → edit → end → revert,
the log checked field by field; a revert blocked by a later change; a whole change set
(an import, a delete with its services) put back; who may revert."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.errors import RevertBlocked
from graphsvc.importing import apply_dataset
from graphsvc.model import (
    Dataset,
    Label,
    Partnership,
    Population,
    PopulationRow,
    Provider,
    RelKind,
    Sector,
    rel,
)
from graphsvc.serving.revert import revert
from graphsvc.store import GraphStore
from graphsvc.store.history import ChangeFilters
from graphsvc.store.population import read_population, write_population
from tests.api.conftest import assert_error, bearer

P = "/api/v1/providers"


@pytest.fixture
def editing(
    open_site: Callable[..., tuple[TestClient, dict[str, str]]],
) -> tuple[TestClient, dict[str, str]]:
    """A client on the small dataset (in SQLite or Neo4j), and an editor's headers."""
    client, tokens = open_site(editor="anna")
    return client, bearer(tokens["editor"])


def _changes(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    page = client.get("/api/v1/changes", params={"limit": 1000, **params}).json()
    items: list[dict[str, Any]] = page["items"]
    return items


def _set_of(client: TestClient, id: str) -> list[dict[str, Any]]:
    """The newest change set touching node `id`, oldest entry first."""
    newest = _changes(client, id=id)[0]["change_set"]
    return [c for c in reversed(_changes(client, id=id)) if c["change_set"] == newest]


def test_create_edit_end_revert_round_trip(editing: tuple[TestClient, dict[str, str]]) -> None:
    client, editor = editing
    r = client.post(P, headers=editor, json={"id": "kaamos", "name": "Kaamos ry", "sector": "ngo"})
    assert r.status_code == 201, r.text
    created = _set_of(client, "kaamos")
    assert [(c["op"], c["field"], c["after"]) for c in created] == [
        ("add", None, {"id": "kaamos", "name": "Kaamos ry", "sector": "ngo"})
    ]
    r = client.patch(f"{P}/kaamos", headers=editor, json={"description": "Vertaistuki"})
    assert r.status_code == 200, r.text
    r = client.patch(f"{P}/kaamos", headers=editor, json={"valid_to": "2025-12-31"})
    assert r.status_code == 200, r.text
    ended = _set_of(client, "kaamos")
    assert [(c["op"], c["field"], c["before"], c["after"]) for c in ended] == [
        ("update", "valid_to", None, "2025-12-31")
    ]

    r = client.post(f"/api/v1/changes/{ended[0]['id']}/revert", headers=editor)
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["reverted"] == ended[0]["id"] and done["entries"] == 1
    assert "valid_to" not in client.get(f"{P}/kaamos").json()
    assert client.get(f"{P}/kaamos").json()["description"] == "Vertaistuki"
    undo = _set_of(client, "kaamos")
    assert [
        (c["who"], c["role"], c["channel"], c["op"], c["field"], c["before"], c["after"])
        for c in undo
    ] == [("anna", "editor", "api", "update", "valid_to", "2025-12-31", None)]
    assert undo[0]["change_set"] == done["change_set"]
    assert undo[0]["summary"] == f"revert of {ended[0]['id']}"

    # the revert is a change too: reverting it ends the provider again
    r = client.post(f"/api/v1/changes/{done['change_set']}/revert", headers=editor)
    assert r.status_code == 200, r.text
    assert client.get(f"{P}/kaamos").json()["valid_to"] == "2025-12-31"


def test_a_later_change_blocks_a_revert(editing: tuple[TestClient, dict[str, str]]) -> None:
    client, editor = editing
    client.patch(f"{P}/mll", headers=editor, json={"description": "first"})
    first = _set_of(client, "mll")[0]
    client.patch(f"{P}/mll", headers=editor, json={"description": "second"})
    second = _set_of(client, "mll")[0]
    # another field of the same provider does not block it ...
    client.patch(f"{P}/mll", headers=editor, json={"email": "mll@example.org"})

    r = client.post(f"/api/v1/changes/{first['id']}/revert", headers=editor)
    error = assert_error(r, 409, "revert-blocked")
    assert second["id"] in error["message"] and "anna" in error["message"]
    assert error["details"][0]["blocking_change"] == second["id"]
    assert client.get(f"{P}/mll").json()["description"] == "second"  # nothing written

    # ... and once the later one is reverted, the first one can be (the value is
    # again what it made)
    assert client.post(f"/api/v1/changes/{second['id']}/revert", headers=editor).status_code == 200
    assert client.post(f"/api/v1/changes/{first['id']}/revert", headers=editor).status_code == 200
    shown = client.get(f"{P}/mll").json()
    assert "description" not in shown and shown["email"] == "mll@example.org"


def test_a_provider_used_later_cannot_be_unmade(
    editing: tuple[TestClient, dict[str, str]],
) -> None:
    client, editor = editing
    client.post(P, headers=editor, json={"id": "uusi", "name": "Uusi", "sector": "ngo"})
    made = _set_of(client, "uusi")[0]
    r = client.post(
        "/api/v1/services",
        headers=editor,
        json={"id": "s-uusi", "name": "Palvelu", "provider": "uusi"},
    )
    assert r.status_code == 201, r.text
    r = client.post(f"/api/v1/changes/{made['change_set']}/revert", headers=editor)
    error = assert_error(r, 409, "revert-blocked")
    assert "s-uusi" in error["message"]
    assert client.get(f"{P}/uusi").status_code == 200


def test_a_delete_is_put_back_with_its_services_and_ties(
    editing: tuple[TestClient, dict[str, str]],
) -> None:
    client, editor = editing
    before = client.get(f"{P}/mll").json()
    ties = client.get("/api/v1/relationships", params={"node": "mll", "limit": 100}).json()
    assert client.delete(f"{P}/mll", headers=editor).status_code == 204
    gone = _set_of(client, "mll")
    assert {c["op"] for c in gone} == {"delete"}
    r = client.post(f"/api/v1/changes/{gone[0]['change_set']}/revert", headers=editor)
    assert r.status_code == 200, r.text
    assert client.get(f"{P}/mll").json() == before
    assert client.get("/api/v1/services/s-perhekerho").json()["provider"] == "mll"
    again = client.get("/api/v1/relationships", params={"node": "mll", "limit": 100}).json()
    assert again["items"] == ties["items"]


def test_an_import_is_reverted_whole(editing: tuple[TestClient, dict[str, str]]) -> None:
    client, editor = editing
    imported = _changes(client)[-1]["change_set"]
    r = client.post(f"/api/v1/changes/{imported}/revert", headers=editor)
    assert r.status_code == 200, r.text
    assert client.get(P).json()["total"] == 0
    assert client.get("/api/v1/relationships").json()["total"] == 0


def test_who_may_revert(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    client.patch(f"{P}/mll", headers=auth["editor"], json={"description": "x"})
    change = _changes(client, id="mll")[0]["id"]
    url = f"/api/v1/changes/{change}/revert"
    assert_error(client.post(url), 401, "unauthorized")
    assert_error(client.post(url, headers=auth["viewer"]), 403, "forbidden")
    assert_error(
        client.post("/api/v1/changes/999-1/revert", headers=auth["editor"]), 404, "change-not-found"
    )
    assert client.post(url, headers=auth["editor"]).status_code == 200


def test_saved_views_are_logged_and_reverted(editing: tuple[TestClient, dict[str, str]]) -> None:
    client, editor = editing
    view = {"name": "lapset", "title": "Lasten kartta", "query": {"group": "age-0-6"}}
    assert client.put("/api/v1/views/lapset", headers=editor, json=view).status_code == 201
    renamed = {**view, "title": "Lapset 0–6"}
    assert client.put("/api/v1/views/lapset", headers=editor, json=renamed).status_code == 200
    logged = _changes(client, label="SavedView", id="lapset")
    assert [
        (c["op"], c["who"], (c["before"] or {}).get("title"), c["after"]["title"]) for c in logged
    ] == [
        ("update", "anna", "Lasten kartta", "Lapset 0–6"),
        ("add", "anna", None, "Lasten kartta"),
    ]
    r = client.post(f"/api/v1/changes/{logged[0]['id']}/revert", headers=editor)
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/views/lapset").json()["title"] == "Lasten kartta"

    assert client.delete("/api/v1/views/lapset", headers=editor).status_code == 204
    gone = _changes(client, label="SavedView", id="lapset")[0]
    assert (gone["op"], gone["before"]["title"], gone["after"]) == ("delete", "Lasten kartta", None)
    assert client.post(f"/api/v1/changes/{gone['id']}/revert", headers=editor).status_code == 200
    assert client.get("/api/v1/views/lapset").json() == view
    # the first save, reverted now that the view is back as it made it, removes it
    first = _changes(client, label="SavedView", id="lapset")[-1]
    assert first["op"] == "add"
    r = client.post(f"/api/v1/changes/{first['id']}/revert", headers=editor)
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/views/lapset").status_code == 404


def test_residents_are_logged_by_area_and_reverted(store: GraphStore) -> None:
    def table(*rows: tuple[str, int, int | None, int]) -> Population:
        return Population(
            rows=[
                PopulationRow(area=a, min_age=lo, max_age=hi, residents=n) for a, lo, hi, n in rows
            ]
        )

    write_population(
        store,
        table(("keskusta", 0, 6, 100), ("keskusta", 7, None, 900), ("vaajakoski", 0, None, 50)),
    )
    write_population(store, table(("keskusta", 0, 6, 120), ("keskusta", 7, None, 900)))
    logged = store.changes(ChangeFilters(label="Population")).items
    assert [(c.key, c.op, c.change_set) for c in logged] == [
        ("keskusta", "update", logged[0].change_set),
        ("vaajakoski", "add", logged[1].change_set),
        ("keskusta", "add", logged[1].change_set),
    ]
    assert logged[0].before[0] == {"min_age": 0, "max_age": 6, "residents": 100}
    assert logged[0].after[0]["residents"] == 120

    revert(store, logged[0].id)
    rows = {(r.area, r.min_age): r.residents for r in read_population(store).rows}
    assert rows == {("keskusta", 0): 100, ("keskusta", 7): 900, ("vaajakoski", 0): 50}
    revert(store, str(logged[1].change_set))
    assert read_population(store).rows == []


def test_a_large_import_is_checked_whole_and_blocked_by_a_later_tie(store: GraphStore) -> None:
    """Above fifty added nodes the graph is read once; what blocks is named the same."""
    new = [Provider(id=f"uusi-{i:02}", name=f"Uusi {i}", sector=Sector.NGO) for i in range(60)]
    old = Provider(id="vanha", name="Vanha", sector=Sector.CITY)
    store.transact(lambda w: w.upsert_nodes(Label.PROVIDER, [old]))
    apply_dataset(
        store,
        Dataset(
            providers=new,
            partnerships=[Partnership(source="uusi-00", target="uusi-01", kind="purchase")],
        ),
        source="uudet.json",
    )
    imported = store.changes(limit=1).items[0].change_set
    tie = rel(
        RelKind.PARTNERS_WITH, "vanha", "uusi-42", Label.PROVIDER, Label.PROVIDER, {"kind": "other"}
    )
    store.transact(lambda w: w.upsert_relationships([tie]))
    with pytest.raises(RevertBlocked, match="uusi-42"):
        revert(store, str(imported))
    assert store.get(Label.PROVIDER, "uusi-42").name == "Uusi 42"

    later = store.changes(limit=1).items[0]
    revert(store, later.id)
    done = revert(store, str(imported))
    assert done.entries == 61
    assert [p.id for p in store.snapshot().providers] == ["vanha"]
