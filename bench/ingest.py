"""Import synthetic networks into SQLite: rows per second and peak memory.

Each size runs in its own process so that peak memory belongs to that size alone.
Usage: python bench/ingest.py [--sizes 1000,10000,100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, peak_rss_mb  # noqa: E402


def one(size: int, runs: int) -> dict[str, float]:
    from graphsvc.store import open_store
    from graphsvc.store.load import apply_dataset
    from graphsvc.synth import generate
    from ingest import read_file, write_file

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "synthetic.json"
        write_file(generate(size, seed=1), data)
        results = []
        for run in range(runs):
            url = f"sqlite:///{tmp}/run{run}.db"
            start = time.perf_counter()
            ds = read_file(data).dataset
            parsed = time.perf_counter()
            store = open_store(url)
            apply_dataset(store, ds)
            done = time.perf_counter()
            counts = store.counts()
            rows = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
            store.close()
            results.append((done - start, parsed - start, rows))
        again_start = time.perf_counter()
        store = open_store(f"sqlite:///{tmp}/run0.db")
        apply_dataset(store, read_file(data).dataset)  # the same file again: nothing changes
        again = time.perf_counter() - again_start
    results.sort()
    total, parse, rows = results[len(results) // 2]
    return {"providers": size, "rows": rows, "seconds": total, "parse_validate": parse,
            "rows_per_s": rows / total, "reimport_s": again, "peak_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.runs)))
        return
    print(f"machine: {machine()}")
    print(f"{'providers':>10} {'rows':>10} {'median s':>9} {'rows/s':>9} {'parse+validate s':>17} "
          f"{'re-import s':>11} {'peak MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        runs = args.runs if size < 100_000 else max(1, min(args.runs, 3))
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--runs", str(runs)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['providers']:>10} {r['rows']:>10} {r['seconds']:>9.2f} "
              f"{r['rows_per_s']:>9.0f} {r['parse_validate']:>17.2f} {r['reimport_s']:>11.2f} "
              f"{r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
