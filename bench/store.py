"""Benchmark of the stores, SQLite and Neo4j side by side (not a timed test).

    .venv/bin/python bench/store.py                          # 2,000 and 100,000 providers
    .venv/bin/python bench/store.py --sizes 2000 --runs 5
    .venv/bin/python bench/store.py --batch-sweep 1000,2000,5000,10000,20000 --sizes 20000
    .venv/bin/python bench/store.py --bolt-url bolt://neo4j:pw@localhost:7687   # EMPTIED first
    .venv/bin/python bench/store.py --no-log                 # the stores without the change log

The same synthetic network (`graphsvc.synth.generate`) goes, in this order, into:

* SQLite, with `apply_dataset` (the import every command and the API use);
* Neo4j through the bare driver: the same node and relationship rows, `UNWIND $rows
  MERGE … SET … += row.props`, in one transaction with the same batch size and the same
  constraints -- the floor that shows the store's own overhead;
* Neo4j with `apply_dataset` (validation, the plan against what is stored, the counts).

Neo4j is the one the test suite runs (`neo4jlocal`: Community 5.26, embedded behind a
Bolt port), started once for the whole benchmark with a 6 GB heap, warmed up with one
import of each kind that is not counted, and emptied before each import. Every import
runs in a fresh process, so its peak memory is its own.
Reported per store and size, as the median of the runs: rows written per second (nodes
plus relationships, as counted by the store), the import time, the full snapshot read,
`graphsvc gaps --json` (the whole city's gap report, a process of its own) and peak
memory (the importing process; the Neo4j server's high-water mark so far).
"""

from __future__ import annotations

import argparse
import json
import shutil
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
    "Neo4j import at least 20,000 rows/s and within 2x of SQLite's time; the store within "
    "1.25x of the bare driver; the city gap report on Neo4j within 1.5x of SQLite's; the "
    "100k-provider snapshot under 30 s"
)


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# -- one import, in its own process ----------------------------------------------------


def child_store(
    kind: str, url: str, providers: int, seed: int, batch: int, log: bool = True
) -> dict[str, Any]:
    from graphsvc.importing import apply_dataset
    from graphsvc.store import open_store
    from graphsvc.store.neo4j import Neo4jStore
    from graphsvc.synth import generate

    ds = generate(providers, seed)
    before = peak_rss_mb()
    store = open_store(url) if kind == "sqlite" else Neo4jStore(url, batch_rows=batch)
    store.record_changes = log
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
    store.close()
    return {
        "rows": rows,
        "import_s": import_s,
        "snapshot_s": snapshot_s,
        "rss_before_mb": before,
        "rss_import_mb": import_peak,
        "rss_peak_mb": peak_rss_mb(),
    }


def child_bare(url: str, providers: int, seed: int, batch: int) -> dict[str, Any]:
    """The same rows through the `neo4j` driver alone, one transaction."""
    import neo4j

    from graphsvc.model import NODE_LISTS, RelKind
    from graphsvc.store import cypher
    from graphsvc.store.base import chunked
    from graphsvc.store.bolt import encode_node, parse_url
    from graphsvc.synth import generate

    ds = generate(providers, seed)
    target = parse_url(url)
    before = peak_rss_mb()
    start = time.perf_counter()
    node_rows = {
        label: [{"id": n.id, "props": encode_node(n)} for n in getattr(ds, lst)]
        for lst, label in NODE_LISTS
    }
    rel_rows: dict[tuple[Any, Any, Any], list[dict[str, Any]]] = {}
    for r in ds.relationships():
        props = dict(r.properties)
        rel_rows.setdefault((r.kind, r.source_label, r.target_label), []).append(
            {"source": r.source, "target": r.target, "key": r.key, "props": props}
        )
    rows = 0
    with (
        neo4j.GraphDatabase.driver(target.uri, auth=target.auth) as driver,
        driver.session(database=target.database) as session,
        session.begin_transaction() as tx,
    ):
        for label, found in node_rows.items():
            text = (
                f"UNWIND $rows AS row MERGE (n:{label.value} {{id: row.id}}) "
                "SET n += row.props"
            )  # (MERGE finds its node through the constraint)
            for part in chunked(found, batch):
                tx.run(text, rows=part).consume()
                rows += len(part)
        for (kind, src, dst), found in rel_rows.items():
            pattern = (
                "[r:PARTNERS_WITH {kind: row.key}]"
                if kind is RelKind.PARTNERS_WITH
                else f"[r:{kind.value}]"
            )
            # the same index hints as the store: an empty database's statistics would
            # otherwise plan an index scan per row
            text = (
                f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}}) "
                f"{cypher.seek('a', src)} MATCH (b:{dst.value} {{id: row.target}}) "
                f"{cypher.seek('b', dst)} MERGE (a)-{pattern}->(b) SET r += row.props"
            )
            for part in chunked(found, batch):
                tx.run(text, rows=part).consume()
                rows += len(part)
        tx.run(
            f"MERGE (m:{cypher.META_LABEL} {{id: $meta}}) SET m.version = 1", meta=cypher.META_ID
        ).consume()
        tx.commit()
    import_s = time.perf_counter() - start
    return {
        "rows": rows,
        "import_s": import_s,
        "snapshot_s": None,
        "rss_before_mb": before,
        "rss_import_mb": peak_rss_mb(),
        "rss_peak_mb": peak_rss_mb(),
    }


# -- the parent ------------------------------------------------------------------------


def server_peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


#: the store's imports are made without the change log (--no-log: what the log costs)
NO_LOG: list[str] = []


def run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args, *NO_LOG],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def gaps_seconds(url: str, runs: int) -> float:
    """Median wall time of `graphsvc gaps --json` for the whole city, process and all."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "graphsvc", "--store", url, "gaps", "--json"],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"gaps on {url.split('@')[-1]} failed:\n{done.stderr[-2000:]}")
    return statistics.median(times)


def clear(url: str) -> None:
    from tests.bolt_server import clear_graph

    clear_graph(url)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,100000", help="providers, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs per store and size (median)")
    ap.add_argument(
        "--runs-large", type=int, default=1, help="runs for sizes of 50,000 providers and more"
    )
    ap.add_argument("--gaps-runs", type=int, default=3, help="runs of `gaps --json` (median)")
    ap.add_argument(
        "--batch",
        type=int,
        default=None,
        help="rows per statement on Neo4j (default: the store's own)",
    )
    ap.add_argument("--batch-sweep", help="batch sizes to compare (Neo4j store imports only)")
    ap.add_argument("--bolt-url", help="a Neo4j of your own (its database is EMPTIED)")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    ap.add_argument(
        "--heap",
        default="6g",
        help="the Neo4j heap (a whole import is one transaction, which may use 70%% of it)",
    )
    ap.add_argument(
        "--no-log",
        action="store_true",
        help="import without the change log (what the log costs: compare with and without)",
    )
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    from graphsvc.store.bolt import BATCH_ROWS

    batch = args.batch or BATCH_ROWS
    if args.child:
        kind, url, providers, seed, rows = args.child
        if kind == "bare":
            out = child_bare(url, int(providers), int(seed), int(rows))
        else:
            out = child_store(kind, url, int(providers), int(seed), int(rows), not args.no_log)
        json.dump(out, sys.stdout)
        return

    from neo4jlocal import Neo4jServer

    if args.no_log:
        NO_LOG.append("--no-log")
    say(f"Machine: {machine()}")
    say(f"Goals: {GOALS}.")
    tmp = Path(tempfile.mkdtemp(prefix="graphsvc-bench-"))
    server = None
    try:
        if args.bolt_url:
            bolt_url = args.bolt_url
        else:
            server = Neo4jServer(
                tmp / "neo4j", heap=args.heap, pagecache=2 << 30, password="graphsvc-bench"
            )
            server.start()
            bolt_url = server.url
            say(f"Neo4j {server.version} (neo4jlocal, heap {args.heap}, page cache 2 GB)")
        if args.batch_sweep:
            warm_up(bolt_url, int(args.sizes.split(",")[0]), batch)
            sweep(args, bolt_url)
            return
        warm_up(bolt_url, int(args.sizes.split(",")[0]), batch)
        results = []
        for providers in (int(s) for s in args.sizes.split(",")):
            runs = args.runs if providers < 50_000 else args.runs_large
            per: dict[str, list[dict[str, Any]]] = {"sqlite": [], "bare": [], "neo4j": []}
            for seed in range(runs):
                db = tmp / f"bench-{providers}-{seed}.db"
                sqlite_url = f"sqlite:///{db}"
                r = run_child("sqlite", sqlite_url, str(providers), str(seed), str(batch))
                r["gaps_s"] = gaps_seconds(sqlite_url, args.gaps_runs)
                per["sqlite"].append(r)
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                clear(bolt_url)
                per["bare"].append(
                    run_child("bare", bolt_url, str(providers), str(seed), str(batch))
                )
                clear(bolt_url)
                r = run_child("neo4j", bolt_url, str(providers), str(seed), str(batch))
                r["gaps_s"] = gaps_seconds(bolt_url, args.gaps_runs)
                if server is not None and server.proc is not None:
                    r["server_peak_mb"] = server_peak_mb(server.proc.pid)
                per["neo4j"].append(r)
                say(
                    f"  {providers:>7,} providers, run {seed + 1}/{runs}: "
                    + ", ".join(f"{k} {v[-1]['import_s']:.1f} s" for k, v in per.items())
                    + f" ({per['neo4j'][-1]['rows']:,} rows)"
                )
            for kind, rs in per.items():
                results.append({"store": kind, "providers": providers, **summarise(rs)})
        say()
        table(results, batch)
        if args.json:
            args.json.write_text(
                json.dumps(
                    {"machine": machine(), "batch_rows": batch, "results": results}, indent=2
                ),
                encoding="utf-8",
            )
    finally:
        if server is not None:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def warm_up(bolt_url: str, providers: int, batch: int) -> None:
    """Neo4j's first statements run in the interpreter until the JIT compiles them (the
    first import of a fresh server takes two to three times as long): one import of each
    kind and one gap report first, not counted."""
    size = str(min(providers, 5_000))
    for kind in ("bare", "neo4j"):
        clear(bolt_url)
        run_child(kind, bolt_url, size, "99", str(batch))
    gaps_seconds(bolt_url, 1)
    clear(bolt_url)


def sweep(args: argparse.Namespace, bolt_url: str) -> None:
    say("| batch rows | providers | rows | import s | rows/s | peak MB (client) |")
    say("|---:|---:|---:|---:|---:|---:|")
    for providers in (int(s) for s in args.sizes.split(",")):
        for batch in (int(b) for b in args.batch_sweep.split(",")):
            rs = []
            for seed in range(args.runs):
                clear(bolt_url)
                rs.append(run_child("neo4j", bolt_url, str(providers), str(seed), str(batch)))
            r = summarise(rs)
            say(
                f"| {batch:,} | {providers:,} | {r['rows']:,} | {r['import_s']:.2f} | "
                f"{r['rows_per_s']:,.0f} | {r['rss_peak_mb']:.0f} |"
            )


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[-1])
    for r in runs:
        r["rows_per_s"] = r["rows"] / r["import_s"]
    for key in ("import_s", "rows_per_s", "snapshot_s", "gaps_s", "rss_peak_mb", "server_peak_mb"):
        values = [r[key] for r in runs if r.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    out["runs"] = len(runs)
    return out


def table(results: list[dict[str, Any]], batch: int) -> None:
    def num(value: float | None, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    say(f"Neo4j batches: {batch:,} rows per statement.")
    say(
        "| store | providers | rows | runs | import s | rows/s | snapshot s | gaps --json s "
        "| peak MB (client) | peak MB (Neo4j) |"
    )
    say("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    names = {"sqlite": "SQLite", "bare": "Neo4j, bare driver", "neo4j": "Neo4j, graphsvc"}
    for r in results:
        say(
            f"| {names[r['store']]} | {r['providers']:,} | {r['rows']:,} | {r['runs']} | "
            f"{r['import_s']:.2f} | {r['rows_per_s']:,.0f} | {num(r['snapshot_s'], '.2f')} | "
            f"{num(r.get('gaps_s'), '.2f')} | {r['rss_peak_mb']:.0f} | "
            f"{num(r.get('server_peak_mb'), '.0f')} |"
        )
    say()
    by = {(r["store"], r["providers"]): r for r in results}
    for providers in sorted({r["providers"] for r in results}):
        lite, bare, neo = (by.get((k, providers)) for k in ("sqlite", "bare", "neo4j"))
        if not (lite and bare and neo):
            continue
        say(
            f"{providers:,} providers: Neo4j import / SQLite's "
            f"{neo['import_s'] / lite['import_s']:.2f}x"
            f" (goal <= 2); store / bare driver {neo['import_s'] / bare['import_s']:.2f}x"
            f" (goal <= 1.25); gaps Neo4j / SQLite {neo['gaps_s'] / lite['gaps_s']:.2f}x"
            f" (goal <= 1.5); snapshot {neo['snapshot_s']:.1f} s (goal < 30 s)"
        )


if __name__ == "__main__":
    main()
