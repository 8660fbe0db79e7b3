"""The embedded store goes down too: its file removed (or moved) while the service
runs, or held by another writer (an import from the CLI). The service answers 503,
writes nothing to a file that is gone, and goes on by itself when the file is back."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from graphsvc.app import create_app
from graphsvc.config import Settings
from graphsvc.serving.holder import StoreHolder
from graphsvc.store.sqlite import SQLiteStore
from tests.api.conftest import TestClient, assert_error
from tests.api.test_store_down import _get_urls, assert_every_route_down

NEED = {"id": "n-new", "name": "Uusi tarve"}


def _file(settings: Settings) -> Path:
    return Path(settings.store.removeprefix("sqlite:///"))


def test_a_store_file_removed_while_serving(
    tmp_path: Path, loaded: Settings, auth: dict[str, dict[str, str]]
) -> None:
    db = _file(loaded)
    with TestClient(create_app(loaded), raise_server_exceptions=False) as client:
        before = client.get("/api/v1/stats").json()["nodes"]
        moved = tmp_path / "moved-away.db"
        db.rename(moved)
        time.sleep(0.01)
        assert_every_route_down(client, _get_urls(client))
        assert not db.exists()  # no new, empty store was made in its place
        shutil.copy(moved, db)  # put back from a "backup": another file, the same data
        time.sleep(StoreHolder.RETRY_SECONDS + 0.1)
        assert client.get("/readyz").status_code == 200
        assert client.get("/api/v1/stats").json()["nodes"] == before
        r = client.post("/api/v1/needs", headers=auth["editor"], json=NEED)
        assert r.status_code == 201, r.text
    assert sqlite3.connect(db).execute("SELECT count(*) FROM nodes WHERE id='n-new'").fetchone()


def test_a_store_held_by_another_writer(
    loaded: Settings, auth: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SQLiteStore, "BUSY_SECONDS", 1)  # (5 s in service)
    db = _file(loaded)
    with TestClient(create_app(loaded), raise_server_exceptions=False) as client:
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # an import in another process, say
        try:
            # readers never wait for a writer
            assert client.get("/api/v1/providers").status_code == 200
            assert client.get("/readyz").status_code == 200
            err = assert_error(
                client.post("/api/v1/needs", headers=auth["editor"], json=NEED),
                503,
                "store-unavailable",
            )
            assert "busy with another write" in err["message"]
        finally:
            other.execute("ROLLBACK")
            other.close()
        time.sleep(StoreHolder.RETRY_SECONDS + 0.1)
        r = client.post("/api/v1/needs", headers=auth["editor"], json=NEED)
        assert r.status_code == 201, r.text
