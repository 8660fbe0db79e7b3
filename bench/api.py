"""The service under load: requests/s and p50/p99 latency of the API and embeds.

`graphsvc serve` runs in its own process on 127.0.0.1 (uvicorn, one worker); the load
comes from a second process (this script with --load): asyncio keep-alive HTTP/1.1
connections, bounded in time and count, to loopback only. Measured on the demo network
and on a city-scale synthetic one (graphsvc.synth.generate(2000, seed)):

* GET /api/v1/providers?search=…             (a store query per request)
* GET /api/v1/gaps?group=age-7-21   cached   (the same request again and again)
* GET /api/v1/gaps?group=age-7-21   uncached (each request a new as_of: the analysis runs)
* GET /api/v1/gaps?group=age-7-21   cold     (a write before each: snapshot + analysis)
* GET /embed/network?group=age-7-21 cached, and uncached (a new as_of each)

Each figure is the median of --runs runs. Beside requests/s, the server's CPU time per
request (from /proc, Linux): on a machine of few cores the load generator competes with
the server, and throughput swings by a fifth between runs; the CPU cost does not.
Goals (issue 6): cached /gaps ≥ 1,000 requests/s with p99 < 50 ms; uncached city-scale
/gaps p99 < 1 s.

Usage: python bench/api.py [--runs 3] [--duration 5] [--concurrency 8] [--providers 2000]
                           [--seed 1] [--scales demo,city] [--output results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import machine  # noqa: E402

# (not the bench folder itself on the path: its ingest.py would hide the ingest package
# from the in-process measurement, which imports the web pages)

GROUP = "age-7-21"
MAX_REQUESTS = 200_000  # a bound on any one run, whatever the duration


def say(text: str, flush: bool = True) -> None:
    sys.stdout.write(text + "\n")
    if flush:
        sys.stdout.flush()


# --- the load generator (runs in its own process) -----------------------------------


async def _request(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    host: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
) -> int:
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _load(
    port: int,
    paths: list[str],
    duration: float,
    concurrency: int,
    sequential: bool,
    write: dict[str, Any] | None,
) -> dict[str, Any]:
    host = f"127.0.0.1:{port}"
    latencies: list[float] = []
    errors = 0
    queue = iter(paths) if sequential else None
    deadline = time.perf_counter() + duration

    async def worker(n: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = n
        try:
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS:
                if queue is not None:
                    path = next(queue, None)
                    if path is None:
                        return
                else:
                    path = paths[i % len(paths)]
                    i += concurrency
                if write is not None:  # not timed: only makes the next read a cold one
                    await _request(
                        reader,
                        writer,
                        host,
                        "PATCH",
                        write["path"],
                        write["headers"],
                        write["body"].replace(b"N", str(len(latencies)).encode()),
                    )
                start = time.perf_counter()
                status = await _request(reader, writer, host, "GET", path, {})
                latencies.append(time.perf_counter() - start)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(1 if sequential else concurrency)))
    elapsed = time.perf_counter() - started
    return _summary(latencies, elapsed, errors)


def _summary(latencies: list[float], elapsed: float, errors: int) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "requests": len(ordered),
        "seconds": round(elapsed, 3),
        "rps": round(len(ordered) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(pct(0.50), 2),
        "p99_ms": round(pct(0.99), 2),
        "errors": errors,
    }


def load_main(spec: dict[str, Any]) -> None:
    if spec.get("write"):
        spec["write"]["body"] = spec["write"]["body"].encode()
    result = asyncio.run(
        _load(
            spec["port"],
            spec["paths"],
            spec["duration"],
            spec["concurrency"],
            spec["sequential"],
            spec.get("write"),
        )
    )
    sys.stdout.write(json.dumps(result) + "\n")


def run_load(
    port: int,
    paths: list[str],
    *,
    duration: float,
    concurrency: int,
    sequential: bool = False,
    write: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One run of the load generator, in a second process."""
    spec = {
        "port": port,
        "paths": paths,
        "duration": duration,
        "concurrency": concurrency,
        "sequential": sequential,
    }
    if write is not None:
        spec["write"] = {**write, "body": write["body"].decode()}
    out = subprocess.run(
        [sys.executable, __file__, "--load", json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=duration * 4 + 600,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# --- the server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`graphsvc serve` on a store of its own, in its own process."""

    def __init__(self, folder: Path, dataset: Any) -> None:
        from graphsvc.importing import apply_dataset
        from graphsvc.serving.auth import TokenStore
        from graphsvc.store import open_store

        self.store_url = f"sqlite:///{folder / 'graph.db'}"
        store = open_store(self.store_url)
        started = time.perf_counter()
        apply_dataset(store, dataset)
        self.load_seconds = time.perf_counter() - started
        store.close()
        tokens = TokenStore(folder / "tokens.db")
        self.token, _ = tokens.create("editor", "bench")
        tokens.close()
        self.port = free_port()
        env = {
            **os.environ,
            "GRAPHSVC_STORE": self.store_url,
            "GRAPHSVC_TOKENS_DB": str(folder / "tokens.db"),
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graphsvc",
                "serve",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait()

    def _wait(self) -> None:
        import httpx

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url("/readyz"), timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("graphsvc serve did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> Any:
        import httpx

        return httpx.get(self.url(path), timeout=120)

    def cpu_seconds(self) -> float | None:
        """CPU time the server process has used (user + system; Linux only): divided by
        the requests, a cost that the load generator, on the same machine, does not blur."""
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()  # (after the command's name)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


# --- the measurements ----------------------------------------------------------------


def _days(start: int, n: int) -> list[str]:
    first = date(2024, 1, 1) + timedelta(days=start)
    return [(first + timedelta(days=i)).isoformat() for i in range(n)]


def measure(server: Server, search: str, args: argparse.Namespace) -> dict[str, Any]:
    gaps = f"/api/v1/gaps?group={GROUP}"
    embed = f"/embed/network?group={GROUP}"
    for path in (gaps, embed):  # warm: the cached runs measure hits only
        assert server.get(path).status_code == 200, path
    write = {
        "path": "/api/v1/needs/bench-need",
        "headers": {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"},
        "body": b'{"name": "bench N"}',
    }
    import httpx

    httpx.post(
        server.url("/api/v1/needs"),
        json={"id": "bench-need", "name": "bench"},
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=30,
    )
    n_uncached = args.uncached
    plans: dict[str, Any] = {
        "providers?search (store query)": lambda r: run_load(
            server.port,
            [f"/api/v1/providers?search={quote(search)}"],
            duration=args.duration,
            concurrency=args.concurrency,
        ),
        "gaps cached": lambda r: run_load(
            server.port, [gaps], duration=args.duration, concurrency=args.concurrency
        ),
        "gaps uncached (analysis)": lambda r: run_load(
            server.port,
            [f"{gaps}&as_of={d}" for d in _days(r * n_uncached, n_uncached)],
            duration=600,
            concurrency=1,
            sequential=True,
        ),
        "gaps cold (after a write)": lambda r: run_load(
            server.port,
            [gaps] * max(3, n_uncached // 2),
            duration=600,
            concurrency=1,
            sequential=True,
            write=write,
        ),
        "embed/network cached": lambda r: run_load(
            server.port, [embed], duration=args.duration, concurrency=args.concurrency
        ),
        "embed/network uncached": lambda r: run_load(
            server.port,
            [f"{embed}&as_of={d}" for d in _days(1000 + r * n_uncached, n_uncached)],
            duration=600,
            concurrency=1,
            sequential=True,
        ),
    }
    results: dict[str, Any] = {}
    for name, plan in plans.items():
        runs = []
        for r in range(args.runs):
            before = server.cpu_seconds()
            run = plan(r)
            after = server.cpu_seconds()
            if before is not None and after is not None and run["requests"]:
                run["server_cpu_us"] = (after - before) / run["requests"] * 1e6
            runs.append(run)
        keys = ["rps", "p50_ms", "p99_ms"] + (
            ["server_cpu_us"] if "server_cpu_us" in runs[0] else []
        )
        results[name] = {key: statistics.median(run[key] for run in runs) for key in keys}
        results[name]["requests"] = sum(run["requests"] for run in runs)
        results[name]["errors"] = sum(run["errors"] for run in runs)
        say(
            f"  {name:32} {results[name]['rps']:>8.1f} req/s  p50 "
            f"{results[name]['p50_ms']:>8.2f} ms  p99 {results[name]['p99_ms']:>8.2f} ms"
            f"  server CPU {results[name].get('server_cpu_us', float('nan')):>8.1f} µs/req"
            f"  ({results[name]['requests']} requests, {results[name]['errors']} errors)",
            flush=True,
        )
    return results


def asgi_cost(store_url: str, folder: Path, paths: list[str], n: int = 2000) -> dict[str, float]:
    """Microseconds per request of the app itself (in this process, no HTTP, no uvicorn):
    what is left of the budget once the transport is taken away."""
    from graphsvc.app import create_app
    from graphsvc.config import Settings

    app = create_app(Settings(store=store_url, tokens_db=folder / "tokens.db"))

    async def call(path: str) -> int:
        route, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": route,
            "raw_path": route.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(b"host", b"127.0.0.1")],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }
        status = 0

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return status

    async def run() -> dict[str, float]:
        out = {}
        for path in paths:
            assert await call(path) == 200, path  # warm: the cache holds the answer
            start = time.perf_counter()
            for _ in range(n):
                await call(path)
            out[path] = round((time.perf_counter() - start) / n * 1e6, 1)
        return out

    try:
        return asyncio.run(run())
    finally:
        app.state.store_holder.close()
        app.state.tokens.close()


def datasets(args: argparse.Namespace) -> dict[str, Any]:
    from graphsvc.demo import demo_dataset
    from graphsvc.synth import generate

    out: dict[str, Any] = {}
    for scale in args.scales.split(","):
        if scale == "demo":
            out["demo"] = (demo_dataset(), "nuor")
        elif scale == "city":
            out[f"city ({args.providers} providers)"] = (
                generate(args.providers, args.seed),
                "yhdistys",
            )
        else:
            raise SystemExit(f"unknown scale {scale!r}: use demo, city")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per loaded run")
    parser.add_argument("--concurrency", type=int, default=8, help="connections")
    parser.add_argument("--uncached", type=int, default=10, help="requests per uncached run")
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scales", default="demo,city")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    if args.load:
        load_main(json.loads(args.load))
        return
    report: dict[str, Any] = {
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
        "runs": args.runs,
        "duration_s": args.duration,
        "concurrency": args.concurrency,
        "date": date.today().isoformat(),
        "scales": {},
    }
    say(
        f"{report['machine']}; load average {os.getloadavg()[0]:.2f} at start (the load "
        "generator takes one of the cores)",
        flush=True,
    )
    for name, (dataset, search) in datasets(args).items():
        with tempfile.TemporaryDirectory(prefix="graphsvc-bench-") as tmp:
            server = Server(Path(tmp), dataset)
            counts = {k: v for k, v in dataset.counts().items() if v}
            say(f"{name}: {counts} (loaded in {server.load_seconds:.1f} s)", flush=True)
            try:
                report["scales"][name] = {
                    "counts": counts,
                    "results": measure(server, search, args),
                }
            finally:
                server.stop()
            cost = asgi_cost(
                server.store_url, Path(tmp), [f"/api/v1/gaps?group={GROUP}", "/healthz"]
            )
            report["scales"][name]["asgi_us_per_request"] = cost
            for path, us in cost.items():
                say(f"  in-process ASGI (no HTTP) {path:26} {us:>8.1f} µs/request")
    if args.output:
        args.output.write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
