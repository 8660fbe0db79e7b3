"""/healthz and /readyz; a store that is down gives 503 and the service recovers by itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from graphsvc.config import Settings
from graphsvc.errors import StoreUnavailable
from graphsvc.serving.holder import StoreHolder
from tests.api.conftest import TestClient, assert_error


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["store"] == "sqlite"
    assert isinstance(ready["version"], int)


def test_store_down_then_back(tmp_path: Path, make_client: Callable[..., TestClient]) -> None:
    folder = tmp_path / "not-yet"
    settings = Settings(store=f"sqlite:///{folder / 'g.db'}", tokens_db=tmp_path / "t.db")
    client = make_client(settings)
    assert client.get("/healthz").status_code == 200
    for url in ("/readyz", "/api/v1/providers", "/api/v1/gaps", "/api/v1/stats"):
        err = assert_error(client.get(url), 503, "store-unavailable")
        assert client.get(url).headers["retry-after"] == "5"
        assert "Traceback" not in err["message"]
    page = client.get("/providers", headers={"Accept": "text/html"})
    assert page.status_code == 503 and "store-unavailable" in page.text
    folder.mkdir()  # the store comes back
    time.sleep(StoreHolder.RETRY_SECONDS + 0.1)
    assert client.get("/readyz").status_code == 200
    assert client.get("/api/v1/providers").json()["total"] == 0


def test_demo_setting_loads_an_empty_store(
    settings_for: Callable[..., Settings], make_client: Callable[..., TestClient]
) -> None:
    client = make_client(settings_for(demo=True))
    assert client.get("/api/v1/stats").json()["nodes"]["Provider"] > 50


def test_a_store_found_down_is_refused_at_once_then_tried_again() -> None:
    holder = StoreHolder("sqlite:///:memory:")
    store = holder.get()
    assert holder.current is store
    found_down = time.monotonic()
    holder.failed(StoreUnavailable("The graph database cannot be reached."))
    assert holder.current is None  # the routes go through get(), which refuses at once
    # requests keep coming and are refused; their refusals do not put off the next try
    while time.monotonic() < found_down + StoreHolder.RETRY_SECONDS + 0.05:
        if time.monotonic() < found_down + StoreHolder.RETRY_SECONDS - 0.05:
            with pytest.raises(StoreUnavailable, match="cannot be reached"):
                holder.get()
            holder.failed(StoreUnavailable("refused again"))
        time.sleep(0.02)
    assert holder.get() is store  # one request tries the store again
    assert holder.current is store
    holder.close()
