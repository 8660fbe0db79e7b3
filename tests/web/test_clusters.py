"""A large partnership network in the served explorer: clusters open on a click and
close on a click on their name (real server, real Chromium)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest

from graphsvc.synth import generate
from tests.web.conftest import free_port
from visual.partners import CLUSTER_ABOVE

PROVIDERS = CLUSTER_ABOVE + 100


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`graphsvc serve` over a synthetic city of PROVIDERS providers."""
    folder = tmp_path_factory.mktemp("city")
    env = {**os.environ, "GRAPHSVC_STORE": f"sqlite:///{folder / 'graph.db'}"}
    env["GRAPHSVC_TOKENS_DB"] = str(folder / "tokens.db")
    run = [sys.executable, "-m", "graphsvc"]
    data = folder / "city.json"
    subprocess.run(
        [*run, "synth", "--providers", str(PROVIDERS), "-o", str(data)], env=env, check=True
    )
    subprocess.run([*run, "import", str(data)], env=env, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [*run, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _up(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("graphsvc serve did not start")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def stable(page: Any) -> None:
    page.wait_for_selector("body[data-state=stable]", timeout=60_000)


def kinds(page: Any) -> Counter[str]:
    ids = page.evaluate("() => window.graphsvcView.nodes.getIds()")
    return Counter(i.split(":", 1)[0] for i in ids)


def test_a_cluster_opens_and_closes(page: Any, city: str) -> None:
    today = generate(PROVIDERS).restricted(as_of=date.today())
    sectors = Counter(p.sector.value for p in today.providers)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(city + "/embed/network?lang=fi")
    stable(page)
    assert kinds(page) == {"c": len(sectors)}  # one cluster per sector, nothing else
    # a click on the NGO cluster opens it: its providers, the other sectors as clusters
    x, y = page.evaluate(
        """() => {
          const v = window.graphsvcView;
          const d = v.network.canvasToDOM(v.network.getPositions(['c:ngo'])['c:ngo']);
          const b = document.getElementById('gv-network').getBoundingClientRect();
          return [d.x + b.left, d.y + b.top];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"open=ngo"))
    stable(page)
    assert kinds(page) == {"c": len(sectors) - 1, "p": sectors["ngo"]}
    boxes = page.evaluate("() => window.graphsvcView.labelBoxes()")
    heading = next(b for b in boxes if b["heading"] and b["text"] == "Järjestö")
    # a click on its name closes it again
    page.mouse.click((heading["x0"] + heading["x1"]) / 2, (heading["y0"] + heading["y1"]) / 2)
    page.wait_for_url(lambda url: "open=" not in url)
    stable(page)
    assert kinds(page) == {"c": len(sectors)}
    assert page.console_errors == []
