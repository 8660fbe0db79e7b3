"""The real command line against Neo4j, one process per command (each opens the store,
works and closes it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphsvc.demo import demo_dataset
from ingest.dataset import dumps
from tests.bolt_server import bolt_store_url

pytestmark = pytest.mark.bolt


def graphsvc(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphsvc", "--store", url, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_demo_stats_export_in_separate_processes(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = bolt_store_url(request)
    loaded = graphsvc(url, "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "Imported demo" in loaded.stdout
    again = graphsvc(url, "demo")  # a second process connects fine, and changes nothing
    assert again.returncode == 0, again.stderr
    assert " 0 added, 0 updated" in again.stdout
    stats = graphsvc(url, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    counts = json.loads(stats.stdout)
    assert counts["nodes"]["Provider"] == len(demo_dataset().providers)
    out = tmp_path / "demo.json"
    exported = graphsvc(url, "export", str(out))
    assert exported.returncode == 0, exported.stderr
    ds = demo_dataset().model_copy(update={"name": None, "description": None})
    assert out.read_text(encoding="utf-8") == dumps(ds)


def test_the_cli_takes_user_and_password_from_the_environment(
    request: pytest.FixtureRequest,
) -> None:
    import os

    from graphsvc.store.bolt import parse_url

    target = parse_url(bolt_store_url(request))
    assert target.auth is not None
    bare = target.uri + (f"?database={target.database}" if target.database else "")
    env = {**os.environ, "NEO4J_USER": target.auth[0], "NEO4J_PASSWORD": target.auth[1]}
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc", "--store", bare, "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["nodes"]["Provider"] == 0
    # without them, the same URL is refused: the store itself reads no environment
    env = {k: v for k, v in env.items() if not k.startswith("NEO4J_")}
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc", "--store", bare, "stats"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode == 1 and "refused the user name or password" in done.stderr
