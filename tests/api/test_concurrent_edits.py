"""Two editors at once, over real HTTP against `graphsvc serve` (SQLite and the suite's
Neo4j): with If-Match one wins and the other gets 412 saying who changed the provider;
without it both changes land. Nothing answered 2xx is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.concurrent_edits import run
from graphsvc.serving.auth import TokenStore
from tests.web.conftest import free_port

PROVIDER = "jkl-varhaiskasvatus"


@pytest.fixture
def served(store_url: str, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """`graphsvc serve --demo` on the store, with two editors' tokens."""
    tokens = TokenStore(tmp_path / "tokens.db")
    editors = [tokens.create("editor", name)[0] for name in ("anna", "ben")]
    tokens.close()
    port = free_port()
    env = {
        **os.environ,
        "GRAPHSVC_STORE": store_url,
        "GRAPHSVC_TOKENS_DB": str(tmp_path / "tokens.db"),
    }
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - the server keeps it
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphsvc", "serve", "--demo", "--host", "127.0.0.1"]
        + ["--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (
                tmp_path / "server.log"
            ).read_text(errors="replace")
            time.sleep(0.2)
        yield url, editors
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()


def test_two_editors_with_if_match_one_wins(served: tuple[str, list[str]]) -> None:
    url, editors = served
    tally = run(url, editors, PROVIDER, 15, if_match=True)
    assert tally.other == []
    assert tally.both_ok == 0  # never both: one is told the provider changed meanwhile
    assert tally.one_412 == 15
    assert tally.lost == 0


def test_two_editors_without_if_match_both_land(served: tuple[str, list[str]]) -> None:
    url, editors = served
    tally = run(url, editors, PROVIDER, 15, if_match=False)
    assert tally.both_ok == 15 and tally.lost == 0  # (each merged into what is stored)


def test_stale_if_match_says_who_and_when(served: tuple[str, list[str]]) -> None:
    url, (anna, ben) = served
    path = f"{url}/api/v1/providers/{PROVIDER}"
    tag = httpx.get(path).headers["etag"]
    first = httpx.patch(
        path,
        headers={"Authorization": f"Bearer {anna}", "If-Match": tag},
        json={"description": "anna's"},
    )
    assert first.status_code == 200 and first.headers["etag"] != tag
    assert httpx.get(path).headers["etag"] == first.headers["etag"]
    late = httpx.patch(
        path,
        headers={"Authorization": f"Bearer {ben}", "If-Match": tag},
        json={"description": "ben's"},
    )
    assert late.status_code == 412
    error = late.json()["error"]
    assert error["code"] == "version-changed"
    assert "by 'anna'" in error["message"] and "GET it again" in error["message"]
    assert httpx.get(path).json()["description"] == "anna's"
