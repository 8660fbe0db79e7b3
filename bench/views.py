"""Network views of 100, 1,000 and 5,000 nodes: build time, HTML size, and in headless
Chromium the time until the view is drawn and stable and the frame time of a zoom.

Goals (issue 5): 1,000 nodes drawn in under 3 s; 5,000 nodes drawn in under 5 s and
smooth to pan; HTML under 2 MB at 1,000 nodes.

`--physics-sweep` draws views of growing size with vis-network's physics forced on, to
find where physics stops being usable (drawn and stable within PHYSICS_BUDGET seconds);
`visual.network.PHYSICS_MAX_NODES` is set from it.

`--explorer` (issue 16) opens what the explorer opens for a synthetic city of 100,
1,000 and 10,000 providers — the partnership network, drawn as clusters above 300
providers — beside the same city drawn the old way (every node of every kind, view=all)
in the same run: page bytes, time to build, time to the first stable frame, and frame
time while zooming. Goal: 10,000 providers in at most 3 MB and 3 s.

Usage: python bench/views.py [--sizes 100,1000,5000] [--runs 3] [--physics-sweep]
       python bench/views.py --explorer [--providers 100,1000,10000] [--runs 3]
       python bench/views.py --served 10000 [--runs 3]   (the explorer page, served)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

from graphsvc.model import Dataset  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHYSICS_BUDGET = 3.0
SWEEP = (100, 200, 300, 400, 500, 700, 1000, 1500, 2000)
FRAMES = 40

#: records how long each frame vis-network draws takes, until stopped
RECORD_JS = """() => {
  const net = window.graphsvcView.network;
  window.__draws = [];
  window.__start = null;
  if (!window.__hooked) {
    net.on("beforeDrawing", () => { window.__start = performance.now(); });
    net.on("afterDrawing", () => {
      if (window.__draws && window.__start !== null) {
        window.__draws.push(performance.now() - window.__start);
      }
    });
    window.__hooked = true;
  }
}"""
STOP_JS = """() => {
  const d = window.__draws.slice().sort((a, b) => a - b);
  window.__draws = null;
  return {median: d[Math.floor(d.length / 2)], p95: d[Math.floor(d.length * 0.95)],
          frames: d.length};
}"""
#: vis-network's own drawing of one frame (JavaScript only, no compositing)
REDRAW_JS = """() => {
  const r = window.graphsvcView.network.renderer, t = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    r._redraw();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[3];
}"""


def interact(page: Any, kind: str) -> dict[str, float]:
    """Frame times while the user drags the view (pan) or turns the wheel (zoom)."""
    box = page.locator("#gv-network").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.evaluate(RECORD_JS)
    if kind == "pan":
        page.mouse.down()
        for i in range(1, FRAMES + 1):
            page.mouse.move(cx + 6 * i, cy + 2 * i)
        page.mouse.up()
    else:
        for i in range(FRAMES):
            page.mouse.wheel(0, -60 if i < FRAMES // 2 else 60)
    page.wait_for_timeout(300)  # the last frames after the input stops
    return page.evaluate(STOP_JS)  # type: ignore[no-any-return]


def sized_dataset(nodes: int, seed: int = 1) -> Dataset:
    """A synthetic network cut down to about `nodes` nodes in its whole-graph view."""
    from graphsvc.synth import generate

    # only what is active today: the view leaves the rest out
    ds = generate(max(100, nodes // 2), seed).restricted(as_of=date.today())
    fixed = len(ds.target_groups) + len(ds.needs) + len(ds.areas) + len(ds.networks)
    services: dict[str, list[Any]] = {}
    for s in ds.services:
        services.setdefault(s.provider, []).append(s)
    kept: list[str] = []
    total = fixed
    for p in sorted(ds.providers, key=lambda p: p.id):
        if total >= nodes:
            break
        kept.append(p.id)
        total += 1 + len(services.get(p.id, []))
    keep = set(kept)
    providers = [
        p if p.parent in keep or p.parent is None else p.model_copy(update={"parent": None})
        for p in ds.providers
        if p.id in keep
    ]
    return ds.model_copy(
        update={
            "providers": providers,
            "services": [s for s in ds.services if s.provider in keep],
            "partnerships": [p for p in ds.partnerships if p.source in keep and p.target in keep],
            "networks": [
                n.model_copy(update={"members": [m for m in n.members if m in keep]})
                for n in ds.networks
            ],
        }
    )


def build(ds: Dataset, physics: bool | None = None) -> tuple[float, float, str, Any]:
    from visual.embed import view_spec
    from visual.html import render_html
    from visual.spec import ViewParams

    start = time.perf_counter()
    spec = view_spec(ds, ViewParams(size_by="betweenness"), physics=physics)
    built = time.perf_counter()
    html = render_html(spec)
    done = time.perf_counter()
    return built - start, done - built, html, spec


def in_browser(browser: Any, path: Path, *, zoom: bool) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort()
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-state=stable]", timeout=180_000)
    out = {"stable_s": page.evaluate("window.graphsvcView.readyAt") / 1000}
    out["labels"] = page.evaluate(
        "window.graphsvcView.labelBoxes ? window.graphsvcView.labelBoxes().length : 0"
    )
    if zoom:
        out["redraw_ms"] = page.evaluate(REDRAW_JS)
        z, p = interact(page, "zoom"), interact(page, "pan")
        out |= {
            "zoom_ms": z["median"],
            "zoom_p95_ms": z["p95"],
            "pan_ms": p["median"],
            "pan_p95_ms": p["p95"],
        }
    if errors:
        raise RuntimeError(f"page errors: {errors}")
    context.close()
    return out


def explorer(browser: Any, tmp: str, providers: tuple[int, ...], runs: int) -> None:
    """The explorer's first view beside the old whole-graph view, per city size."""
    from graphsvc.synth import generate
    from visual.embed import view_spec
    from visual.html import render_html
    from visual.spec import ViewParams

    print(
        f"{'providers':>9} {'view':>9} {'nodes':>6} {'edges':>6} {'build s':>8} "
        f"{'page MB':>8} {'stable s':>9} {'zoom ms':>8} {'labels':>7}"
    )
    for n in providers:
        ds = generate(n, 1).restricted(as_of=date.today())
        for name, params in (("explorer", ViewParams()), ("old", ViewParams(view="all"))):
            rows, sizes = [], []
            for run in range(runs):
                start = time.perf_counter()
                spec = view_spec(ds, params)
                html = render_html(spec, "embed")
                built = time.perf_counter() - start
                path = Path(tmp) / f"explorer-{n}-{name}-{run}.html"
                path.write_text(html, encoding="utf-8")
                b = in_browser(browser, path, zoom=True)
                rows.append({"build_s": built, **b})
                sizes.append(len(html.encode()))
            m = median_of(rows)
            print(
                f"{n:>9} {name:>9} {len(spec.nodes):>6} {len(spec.edges):>6} "
                f"{m['build_s']:>8.2f} {statistics.median(sizes) / 1e6:>8.2f} "
                f"{m['stable_s']:>9.2f} {m['zoom_ms']:>8.1f} {m.get('labels', 0):>7.0f}",
                flush=True,
            )


def served(browser: Any, tmp: str, providers: int, runs: int) -> None:
    """The explorer page of `graphsvc serve` over a synthetic city, in Chromium: bytes
    transferred and time until the embedded view is stable, on a cold service (its
    first request) and a warm one."""
    import socket
    import subprocess

    folder = Path(tmp)
    env = {**os.environ, "GRAPHSVC_STORE": f"sqlite:///{folder / 'served.db'}"}
    env["GRAPHSVC_TOKENS_DB"] = str(folder / "tokens.db")
    run = [sys.executable, "-m", "graphsvc"]
    data = folder / "city.json"
    subprocess.run(
        [*run, "synth", "--providers", str(providers), "-o", str(data)],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run([*run, "import", str(data)], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    print(f"{'providers':>9} {'request':>8} {'MB moved':>9} {'stable s':>9}")
    for attempt in range(runs):
        proc = subprocess.Popen(
            [*run, "serve", "--port", str(port), "--log-level", "warning"], env=env
        )
        try:
            import httpx

            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("graphsvc serve did not start")
                time.sleep(0.2)
            for label in ("cold", "warm"):
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                page = context.new_page()
                moved = [0]

                def count(response: Any, moved: list[int] = moved) -> None:
                    with contextlib.suppress(Exception):  # (a redirect has no body)
                        moved[0] += len(response.body())

                page.on("response", count)
                start = time.perf_counter()
                page.goto(url + "/network")
                frame = page.frame_locator("iframe#view")
                frame.locator("body[data-state=stable]").wait_for(timeout=120_000)
                took = time.perf_counter() - start
                print(f"{providers:>9} {label:>8} {moved[0] / 1e6:>9.2f} {took:>9.2f}", flush=True)
                context.close()
        finally:
            proc.terminate()
            proc.wait(10)
        if attempt + 1 < runs:
            continue


def median_of(rows: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in rows) for k in rows[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        help="comma-separated node counts (default 100,1000,5000; "
        "with --physics-sweep, 100 to 2000)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--physics-sweep", action="store_true")
    parser.add_argument("--explorer", action="store_true")
    parser.add_argument("--providers", default="100,1000,10000")
    parser.add_argument("--served", type=int, metavar="PROVIDERS")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from visual.network import PHYSICS_MAX_NODES

    print(f"machine: {machine()}; load average at start {os.getloadavg()[0]:.1f}")
    print(f"Chromium: {CHROMIUM} (headless, software rendering: --disable-gpu)")
    sizes = (
        tuple(int(s) for s in args.sizes.split(","))
        if args.sizes
        else SWEEP
        if args.physics_sweep
        else (100, 1000, 5000)
    )
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        if args.served:
            served(browser, tmp, args.served, args.runs)
            browser.close()
            return
        if args.explorer:
            explorer(browser, tmp, tuple(int(x) for x in args.providers.split(",")), args.runs)
            browser.close()
            return
        if args.physics_sweep:
            print(f"physics forced on; usable = drawn and stable within {PHYSICS_BUDGET} s")
            print(f"{'nodes':>6} {'edges':>6} {'stable s':>9} {'no physics s':>13}")
        else:
            print(f"PHYSICS_MAX_NODES = {PHYSICS_MAX_NODES}")
            print(
                "zoom/pan ms: vis-network's drawing time per frame while the wheel turns / the "
                "view is dragged (median, 95th percentile); redraw ms: one full frame at rest"
            )
            print(
                f"{'nodes':>6} {'edges':>6} {'physics':>7} {'spec s':>7} {'html s':>7} "
                f"{'HTML MB':>8} {'stable s':>9} {'redraw ms':>10} {'zoom ms':>8} "
                f"{'zoom p95':>9} {'pan ms':>7} {'pan p95':>8}"
            )
        for size in sizes:
            ds = sized_dataset(size)
            rows, browser_rows, off_rows = [], [], []
            for run in range(args.runs):
                spec_s, html_s, html, spec = build(ds, True if args.physics_sweep else None)
                rows.append({"spec_s": spec_s, "html_s": html_s})
                path = Path(tmp) / f"view-{size}-{run}.html"
                path.write_text(html, encoding="utf-8")
                browser_rows.append(in_browser(browser, path, zoom=not args.physics_sweep))
                if args.physics_sweep:
                    _, _, html_off, _ = build(ds, False)
                    off = Path(tmp) / f"off-{size}-{run}.html"
                    off.write_text(html_off, encoding="utf-8")
                    off_rows.append(in_browser(browser, off, zoom=False))
            m, b = median_of(rows), median_of(browser_rows)
            n, e = len(spec.nodes), len(spec.edges)
            if args.physics_sweep:
                o = median_of(off_rows)
                mark = "" if b["stable_s"] <= PHYSICS_BUDGET else "  <- over budget"
                print(
                    f"{n:>6} {e:>6} {b['stable_s']:>9.2f} {o['stable_s']:>13.2f}{mark}", flush=True
                )
                continue
            print(
                f"{n:>6} {e:>6} {str(spec.options.physics):>7} {m['spec_s']:>7.2f} "
                f"{m['html_s']:>7.2f} {len(html.encode()) / 1e6:>8.2f} {b['stable_s']:>9.2f} "
                f"{b['redraw_ms']:>10.1f} {b['zoom_ms']:>8.1f} {b['zoom_p95_ms']:>9.1f} "
                f"{b['pan_ms']:>7.1f} "
                f"{b['pan_p95_ms']:>8.1f}",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
