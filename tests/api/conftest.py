"""Fixtures of the API tests: a real app on a temporary SQLite store, real tokens."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from graphsvc.app import create_app
from graphsvc.config import Settings
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.serving.auth import TokenStore
from graphsvc.store import open_store

with warnings.catch_warnings():
    # Starlette asks for httpx2 on import; the client works the same with httpx.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

ROLES = ("viewer", "editor", "admin")


@pytest.fixture
def settings_for(tmp_path: Path) -> Callable[..., Settings]:
    """Settings of a fresh store and tokens file in tmp_path, with overrides."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "store": f"sqlite:///{tmp_path / 'graph.db'}",
            "tokens_db": tmp_path / "tokens.db",
        }
        values.update(overrides)
        return Settings(**values)

    return make


@pytest.fixture
def settings(settings_for: Callable[..., Settings]) -> Settings:
    return settings_for()


@pytest.fixture
def loaded(settings: Settings, small_dataset: Dataset) -> Settings:
    """The settings, after loading the small dataset into their store."""
    store = open_store(settings.store)
    try:
        apply_dataset(store, small_dataset)
    finally:
        store.close()
    return settings


@pytest.fixture
def make_client() -> Iterator[Callable[[Settings], TestClient]]:
    clients: list[TestClient] = []

    def make(settings: Settings) -> TestClient:
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def open_site(
    store_url: str,
    settings_for: Callable[..., Settings],
    make_client: Callable[[Settings], TestClient],
    small_dataset: Dataset,
) -> Callable[..., tuple[TestClient, dict[str, str]]]:
    """`open_site(editor="anna")`: a client on the small dataset in SQLite or the
    suite's Neo4j (imported as small.json), and {role: token} of tokens named so."""

    def make(**names: str) -> tuple[TestClient, dict[str, str]]:
        settings = settings_for(store=store_url)
        store = open_store(settings.store)
        try:
            apply_dataset(store, small_dataset, source="small.json")
        finally:
            store.close()
        tokens = TokenStore(settings.tokens_db)
        made = {role: tokens.create(role, name)[0] for role, name in names.items()}
        tokens.close()
        return make_client(settings), made

    return make


@pytest.fixture
def client(loaded: Settings, make_client: Callable[[Settings], TestClient]) -> TestClient:
    """A client of the app on the small dataset."""
    return make_client(loaded)


@pytest.fixture
def tokens(settings: Settings) -> dict[str, str]:
    """One real token per role, created in the settings' tokens file."""
    store = TokenStore(settings.tokens_db)
    try:
        return {role: store.create(role, f"test {role}")[0] for role in ROLES}
    finally:
        store.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def auth(tokens: dict[str, str]) -> dict[str, dict[str, str]]:
    """Headers per role: {"none": {}, "viewer": {...}, "editor": {...}, "admin": {...}}."""
    return {"none": {}, **{role: bearer(tok) for role, tok in tokens.items()}}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is the one error shape with this status and code; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    assert "Traceback" not in response.text
    return body["error"]
