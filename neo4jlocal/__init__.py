"""Neo4j Community 5.26, embedded by `Launcher.java`, started and stopped from Python.

The test suite, the benchmarks and `make serve-neo4j` use this one class. `make neo4j`
must have run first: it resolves Neo4j's jars with Maven (cached in ~/.m2), compiles
the launcher and writes the class path to `target/classpath.txt`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSPATH = HERE / "target" / "classpath.txt"
CLASSES = HERE / "target" / "classes"
MAIN = "graphsvc.neo4jlocal.Launcher"
USER = "neo4j"


class Neo4jError(RuntimeError):
    """The server could not be started (the message says why and where its log is)."""


def free_port() -> int:
    """A loopback port that nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def java() -> str:
    home = os.environ.get("JAVA_HOME")
    found = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not found or not Path(found).exists():
        raise Neo4jError("Java 17 is needed for Neo4j: apt-get install openjdk-17-jre-headless")
    return found


def classpath() -> str:
    if not CLASSPATH.exists() or not (CLASSES / "graphsvc").exists():
        raise Neo4jError("Neo4j's jars are not resolved yet: run `make neo4j` first.")
    return os.pathsep.join([str(CLASSES), CLASSPATH.read_text(encoding="utf-8").strip()])


class Neo4jServer:
    """One Neo4j process on 127.0.0.1:`port` whose data lives in `home`.

    The password is the one given, or the one kept in `home/password` from an earlier
    start, or a new random one (written there). The process ends with its parent: it
    watches its standard input, which only this object holds.
    """

    def __init__(
        self,
        home: Path,
        *,
        port: int | None = None,
        password: str | None = None,
        heap: str = "2g",
        pagecache: int = 256 << 20,
    ) -> None:
        self.home = Path(home).resolve()
        self.port = port or free_port()
        self.heap = heap
        self.pagecache = pagecache
        self.password = password or self._kept_password()
        self.version: str | None = None
        self.proc: subprocess.Popen[bytes] | None = None

    def _kept_password(self) -> str:
        kept = self.home / "password"
        if kept.exists():
            return kept.read_text(encoding="utf-8").strip()
        self.home.mkdir(parents=True, exist_ok=True)
        password = secrets.token_urlsafe(18)
        kept.write_text(password + "\n", encoding="utf-8")
        kept.chmod(0o600)
        return password

    @property
    def uri(self) -> str:
        """Where the driver connects: bolt://127.0.0.1:PORT (no credentials)."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """A graphsvc store URL with the credentials in it."""
        return f"bolt://{USER}:{self.password}@127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / "launcher.log"

    def start(self, timeout: float = 180.0) -> None:
        """Start the process and wait until Bolt answers (the launcher says READY)."""
        if self.running:
            return
        self.home.mkdir(parents=True, exist_ok=True)
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(
                [
                    java(),
                    f"-Xmx{self.heap}",
                    "-XX:+UseG1GC",
                    "-cp",
                    classpath(),
                    MAIN,
                    str(self.home / "db"),
                    str(self.port),
                    str(self.pagecache),
                ],
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "NEO4J_PASSWORD": self.password},
                start_new_session=True,  # a Ctrl-C in the terminal reaches us, not it
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(encoding="utf-8", errors="replace")
            for line in text.splitlines():
                if line.startswith("READY "):
                    self.version = line.split(" ", 1)[1].strip()
                    return
            if self.proc.poll() is not None:
                self.proc = None
                raise Neo4jError(f"Neo4j exited while starting; see {self.log}:\n{text[-3000:]}")
            time.sleep(0.1)
        self.kill()
        raise Neo4jError(f"Neo4j did not answer on {self.uri} in {timeout:.0f} s; see {self.log}")

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL, as a crash or a pulled plug would: no shutdown, no checkpoint."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)
        self._close_stdin()
        self.proc = None

    def stop(self, timeout: float = 60.0) -> None:
        """A clean shutdown (end of input, then SIGTERM, then SIGKILL)."""
        if self.proc is not None and self.proc.poll() is None:
            self._close_stdin()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(10)
                except subprocess.TimeoutExpired:
                    self.kill()
        self._close_stdin()
        self.proc = None

    def _close_stdin(self) -> None:
        if self.proc is not None and self.proc.stdin is not None and not self.proc.stdin.closed:
            with contextlib.suppress(OSError):  # the process may be gone already
                self.proc.stdin.close()
