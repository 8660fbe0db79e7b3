"""Import synthetic networks into SQLite: rows per second and peak memory.

Each size runs in its own process so that peak memory belongs to that size alone (and
the file is generated in another, so that it is the import's alone). "peak MB" is the
peak of the imports (read + validate + import, the runs and the re-import); then the
first run's store is read back with snapshot() ("snapshot s", "+snap MB": the peak with it).
Usage: python bench/ingest.py [--sizes 1000,10000,100000] [--runs 3] [--no-log]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _common import machine, peak_rss_mb  # noqa: E402

# This file is named ingest.py: with its folder on the path, `import ingest` found this
# file, not the ingest package. Only the project root goes on the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(BENCH.parent))


def generate_file(size: int, path: Path) -> None:
    """Write the synthetic network of `size` providers to `path`, in a process of its own:
    making it costs more memory than importing it, and that is not what is measured."""
    subprocess.run(
        [sys.executable, __file__, "--generate", str(size), "--to", str(path)], check=True
    )


def one(size: int, runs: int, log: bool = True) -> dict[str, float]:
    from graphsvc.importing import apply_dataset
    from graphsvc.store import open_store
    from ingest.registry import read_file

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "synthetic.json"
        generate_file(size, data)
        results = []
        for run in range(runs):
            url = f"sqlite:///{tmp}/run{run}.db"
            start = time.perf_counter()
            ds = read_file(data).dataset
            parsed = time.perf_counter()
            store = open_store(url)
            store.record_changes = log
            apply_dataset(store, ds)
            done = time.perf_counter()
            del ds  # (not alive while the next run reads the file again)
            counts = store.counts()
            rows = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
            store.close()
            results.append((done - start, parsed - start, rows))
        again_start = time.perf_counter()
        store = open_store(f"sqlite:///{tmp}/run0.db")
        store.record_changes = log
        apply_dataset(store, read_file(data).dataset)  # the same file again: nothing changes
        again = time.perf_counter() - again_start
        import_peak = peak_rss_mb()
        snap_start = time.perf_counter()
        snapshot = store.snapshot()
        snap = time.perf_counter() - snap_start
        assert len(snapshot.providers) == size
        del snapshot
        store.close()
    results.sort()
    total, parse, rows = results[len(results) // 2]
    return {
        "providers": size,
        "rows": rows,
        "seconds": total,
        "parse_validate": parse,
        "rows_per_s": rows / total,
        "reimport_s": again,
        "peak_mb": import_peak,
        "snapshot_s": snap,
        "snapshot_peak_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-log",
        action="store_true",
        help="import without the change log (what the log costs: compare with and without)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        from graphsvc.synth import generate
        from ingest.registry import write_file

        write_file(generate(args.generate, seed=1), args.to)
        return
    if args.one:
        print(json.dumps(one(args.one, args.runs, not args.no_log)))
        return
    print(f"machine: {machine()}")
    print(
        f"{'providers':>10} {'rows':>10} {'median s':>9} {'rows/s':>9} {'parse+validate s':>17} "
        f"{'re-import s':>11} {'peak MB':>8} {'snapshot s':>10} {'+snap MB':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        runs = args.runs if size < 100_000 else max(1, min(args.runs, 3))
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--runs", str(runs)]
            + (["--no-log"] if args.no_log else []),
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['providers']:>10} {r['rows']:>10} {r['seconds']:>9.2f} "
            f"{r['rows_per_s']:>9.0f} {r['parse_validate']:>17.2f} {r['reimport_s']:>11.2f} "
            f"{r['peak_mb']:>8.0f} {r['snapshot_s']:>10.2f} {r['snapshot_peak_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
