"""A Bolt server that is not there, or dies during an import: one clear error that names
the URL and says what became of the write; the same store works once the server is back."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from graphsvc.errors import StoreUnavailable
from graphsvc.model import Dataset, Label
from graphsvc.store import open_store
from graphsvc.store.load import apply_dataset
from tests.bolt_server import NEO4J_URI, FalkorDB, free_port, private_server, subprocess_env
from tests.conftest import small_document

pytestmark = pytest.mark.bolt


@pytest.fixture
def server() -> Iterator[FalkorDB]:
    yield from private_server()


def _dataset(providers: int) -> Dataset:
    doc = small_document()
    doc["providers"] += [
        {"id": f"extra-{i:03d}", "name": f"Yhdistys {i}", "sector": "ngo"} for i in range(providers)
    ]
    doc["services"] += [
        {
            "id": f"s-extra-{i:03d}",
            "name": f"Kerho {i}",
            "provider": f"extra-{i:03d}",
            "needs": ["clubs"],
        }
        for i in range(providers)
    ]
    return Dataset.model_validate(doc)


def test_an_unreachable_server_is_one_clear_error() -> None:
    url = f"bolt://127.0.0.1:{free_port()}"  # nobody listens there
    with pytest.raises(StoreUnavailable) as info:
        open_store(url)
    message = str(info.value)
    assert url in message and "cannot be reached" in message
    assert "\n" not in message and "docker compose up" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_the_cli_says_so_in_one_line_without_a_traceback() -> None:
    url = f"bolt://127.0.0.1:{free_port()}"
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc", "--store", url, "stats"],
        capture_output=True,
        text=True,
        timeout=120,
        env=subprocess_env(),
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and "cannot be reached" in lines[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.skipif(not NEO4J_URI, reason="FalkorDB here runs without authentication")
def test_a_wrong_password_is_one_clear_error() -> None:
    assert NEO4J_URI
    scheme, rest = NEO4J_URI.split("://", 1)
    url = f"{scheme}://{os.environ.get('NEO4J_USER', 'neo4j')}:wrong-password@{rest}"
    with pytest.raises(StoreUnavailable) as info:
        open_store(url)
    assert "refused the user name or password" in str(info.value)
    assert "wrong-password" not in str(info.value)


def test_server_killed_mid_import_then_back_again(server: FalkorDB) -> None:
    store = open_store(server.url)
    ds = _dataset(150)
    calls: list[int] = []

    def kill_after_first_label(n: int) -> None:
        calls.append(n)
        if len(calls) == 1:
            server.kill()  # the target groups are in; the server dies before the needs

    try:
        with pytest.raises(StoreUnavailable) as info:
            apply_dataset(store, ds, progress=kill_after_first_label)
        message = str(info.value)
        assert server.url in message and "\n" not in message
        # what became of the write: on FalkorDB the rows sent before the failure stay
        assert "2 row(s) had been sent" in message
        assert "FalkorDB has no transactions" in message and "stays" in message
        with pytest.raises(StoreUnavailable, match="cannot be reached"):
            store.counts()

        server.restart()  # an empty FalkorDB on the same port
        # the same store object, not reopened: reads and the import work again
        assert store.counts()["nodes"]["Provider"] == 0
        report = apply_dataset(store, ds)
        assert report.counts.added["Provider"] == 154
        assert store.snapshot().to_document() == ds.to_document()
        assert store.get(Label.SERVICE, "s-extra-149").provider == "extra-149"
    finally:
        store.close()
