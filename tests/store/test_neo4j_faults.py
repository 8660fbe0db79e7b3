"""Neo4j not there, refusing the password, or killed (SIGKILL) in the middle of a large
import: one clear error that names the URL and says what became of the write; after a
restart on the same data folder the store holds the graph from before the import,
nothing of it half-written; the same store object works again without reopening."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.errors import StoreUnavailable
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Label
from graphsvc.store import open_store
from ingest.dataset import dumps
from tests.bolt_server import Neo4jServer, free_port, private_server, session_url
from tests.conftest import small_document

pytestmark = pytest.mark.bolt


@pytest.fixture
def server() -> Iterator[Neo4jServer]:
    yield from private_server()


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
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and url in lines[0] and "cannot be reached" in lines[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def _wrong_password_url(request: pytest.FixtureRequest) -> tuple[str, str]:
    """(a URL of the session's Neo4j with a wrong password, the same URL as shown)."""
    from graphsvc.store.bolt import parse_url

    target = parse_url(session_url(request))
    host = target.uri.split("://", 1)[1]
    return (
        f"bolt://{target.user or 'neo4j'}:wrong-password@{host}",
        f"bolt://{target.user or 'neo4j'}:***@{host}",
    )


def test_a_wrong_password_is_one_clear_error(request: pytest.FixtureRequest) -> None:
    url, shown = _wrong_password_url(request)
    with pytest.raises(StoreUnavailable) as info:
        open_store(url)
    message = str(info.value)
    assert "refused the user name or password" in message and shown in message
    assert "wrong-password" not in message and "\n" not in message


def test_a_wrong_password_on_the_command_line_is_one_line(
    request: pytest.FixtureRequest,
) -> None:
    url, shown = _wrong_password_url(request)
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc", "--store", url, "stats"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and shown in lines[0] and "password" in lines[0], done.stderr
    assert "Traceback" not in done.stderr + done.stdout and "wrong-password" not in done.stderr


def test_server_killed_mid_import_then_restarted_on_the_same_data(
    server: Neo4jServer, caplog: pytest.LogCaptureFixture
) -> None:
    from graphsvc.synth import generate

    store = open_store(server.url)
    before = Dataset.model_validate(small_document())
    apply_dataset(store, before)
    big = generate(2_000, seed=3)
    calls: list[int] = []

    def kill_in_the_middle(n: int) -> None:
        calls.append(n)
        if len(calls) == 3:  # three labels' nodes sent, the rest not yet
            server.kill()

    try:
        with pytest.raises(StoreUnavailable) as info:
            apply_dataset(store, big, progress=kill_in_the_middle)
        message = str(info.value)
        assert "127.0.0.1" in message and "\n" not in message
        assert "rolled back" in message and "nothing of this write was stored" in message
        assert "will be retried" in caplog.text  # (the driver tried again, to no avail)
        with pytest.raises(StoreUnavailable, match="cannot be reached"):
            store.counts()

        server.start()  # the same port, password and data folder, after a hard kill
        # the same store object, not reopened: the graph from before, whole, and no more
        assert dumps(store.snapshot()) == dumps(before)
        report = apply_dataset(store, big)
        assert report.counts.added["Provider"] == len(big.providers)
        assert store.counts()["nodes"]["Provider"] == len(big.providers) + len(before.providers)
        last = big.services[-1]
        assert store.get(Label.SERVICE, last.id).provider == last.provider
    finally:
        store.close()


@pytest.mark.slow
def test_an_import_larger_than_neo4j_s_memory_is_refused_whole_with_advice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from graphsvc.synth import generate

    server = Neo4jServer(tmp_path / "small", password="graphsvc-tests", heap="512m")
    server.start()
    store = open_store(server.url)
    try:
        with pytest.raises(StoreUnavailable) as info:
            apply_dataset(store, generate(20_000, seed=1))
        message = str(info.value)
        assert "nothing of this write was stored" in message and "\n" not in message
        assert "larger heap" in message and "--heap" in message
        # a transient error to the driver, but the same import meets it again: not retried
        assert "will be retried" not in caplog.text
        assert store.counts()["nodes"]["Provider"] == 0
    finally:
        store.close()
        server.kill()
