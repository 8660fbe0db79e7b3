"""`make serve-neo4j` (`python -m neo4jlocal serve`): Neo4j and graphsvc for someone
without Docker. The first start loads the demo into the new database; a second start
finds the same data (kept in --data) and loads nothing; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graphsvc.demo import demo_dataset
from neo4jlocal import free_port

pytestmark = [pytest.mark.bolt, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _serve(data: Path, bolt: int, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "neo4jlocal",
            "serve",
            "--data",
            str(data),
            "--bolt-port",
            str(bolt),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal would give it
    )


def _wait_ready(port: int, proc: subprocess.Popen[str], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[0]
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"graphsvc did not become ready on port {port}")


def _ctrl_c(proc: subprocess.Popen[str]) -> str:
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    return out


def test_serve_neo4j_loads_the_demo_once_and_keeps_the_data(tmp_path: Path) -> None:
    data, bolt, port = tmp_path / "neo4j", free_port(), free_port()
    providers = len(demo_dataset().providers)

    first = _serve(data, bolt, port)
    try:
        _wait_ready(port, first)
        stats = httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=30).json()
        assert stats["nodes"]["Provider"] == providers
        assert httpx.get(f"http://127.0.0.1:{port}/readyz").json()["store"] == "bolt"
    finally:
        out = _ctrl_c(first)
    assert "Neo4j 5.26" in out and "Loaded the demo network." in out
    assert "Stopping Neo4j" in out
    password = (data / "password").read_text(encoding="utf-8").strip()
    assert password and password not in out  # said where it is, never printed
    assert (data / "password").stat().st_mode & 0o077 == 0

    second = _serve(data, bolt, port)
    try:
        _wait_ready(port, second)
        stats = httpx.get(f"http://127.0.0.1:{port}/api/v1/stats", timeout=30).json()
        assert stats["nodes"]["Provider"] == providers  # the same data, not loaded again
    finally:
        out = _ctrl_c(second)
    assert "Loaded the demo network." not in out
    # both processes are gone: nobody answers on either port any more
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", bolt), timeout=2):
        pass
