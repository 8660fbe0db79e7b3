"""The explorer of a large network: the provider is typed (an id or a name), not chosen
from a list of thousands; the page stays small."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from graphsvc.config import Settings
from graphsvc.importing import apply_dataset
from graphsvc.store import open_store
from graphsvc.synth import generate
from graphsvc.web.routes import LONGEST_LIST


def test_a_large_network_types_its_provider(
    settings: Settings, make_client: Callable[[Settings], TestClient]
) -> None:
    ds = generate(LONGEST_LIST + 100, seed=4)
    store = open_store(settings.store)
    apply_dataset(store, ds)
    store.close()
    client = make_client(settings)
    page = client.get("/network")
    assert page.status_code == 200 and len(page.content) < 60_000
    assert 'name="provider" type="search"' in page.text
    provider = ds.providers[7]
    # by id, by its whole name in other case, and a part that fits it alone
    for typed in (provider.id, provider.display_name().upper()):
        found = client.get("/network", params={"provider": typed})
        assert f"provider={provider.id}" in found.text.replace("&amp;", "&"), typed
    none = client.get("/network", params={"provider": "zzz-ei-ole"})
    assert "Yksikään toimija ei vastaa hakua ”zzz-ei-ole”." in none.text
    many = client.get("/network", params={"provider": "a"})
    assert "Hakua vastaa" in many.text and "Tarkenna nimeä." in many.text


def test_a_small_network_lists_its_providers(client: TestClient) -> None:
    page = client.get("/network")
    assert '<select id="f-provider" name="provider">' in page.text
    assert "Mannerheimin" in page.text or "MLL" in page.text
