"""A real service for the browser tests: `graphsvc serve --demo` in its own process on
127.0.0.1, on a free port, with an editor token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from graphsvc.serving.auth import TokenStore


@dataclass
class Service:
    url: str
    editor_token: str
    viewer_token: str
    folder: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """`graphsvc serve --demo` on 127.0.0.1:<free port>, stopped after the session."""
    folder = tmp_path_factory.mktemp("service")
    tokens = TokenStore(folder / "tokens.db")
    editor, _ = tokens.create("editor", "browser test")
    viewer, _ = tokens.create("viewer", "browser test")
    tokens.close()
    port = free_port()
    env = {
        **os.environ,
        "GRAPHSVC_STORE": f"sqlite:///{folder / 'graph.db'}",
        "GRAPHSVC_TOKENS_DB": str(folder / "tokens.db"),
    }
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - the server keeps it
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphsvc",
            "serve",
            "--demo",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "graphsvc serve did not start: "
                    + (folder / "server.log").read_text(errors="replace")
                )
            time.sleep(0.2)
        yield Service(url, editor, viewer, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def blocking_context(browser: Any, **options: Any) -> tuple[Any, list[str]]:
    """A browser context in which requests outside loopback are blocked and counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    blocked: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("data:", "blob:", "about:", "http://127.0.0.1")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    return context, blocked


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page with clipboard access, outside requests blocked, console errors kept."""
    context, blocked = blocking_context(browser, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    page.blocked_requests = blocked
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser: Any) -> Iterator[Any]:
    """A page with JavaScript off: every page but the canvas must still work."""
    context, blocked = blocking_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.blocked_requests = blocked
    yield page
    context.close()
