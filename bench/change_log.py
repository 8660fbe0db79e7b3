"""The cost of the change log on a large import into SQLite: the same synthetic
network imported into a new store with the log and without it, alternately, in one
run; the time of the import (median of the runs) and the size of the store file.

    python bench/change_log.py --providers 100000 --runs 3 [--revert]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
sys.path.insert(0, str(BENCH.parent))


def measure(
    providers: int, runs: int, revert: bool, bolt_url: str | None = None
) -> dict[str, object]:
    from bench.ingest import generate_file
    from graphsvc.importing import apply_dataset
    from graphsvc.serving.revert import revert as revert_set
    from graphsvc.store import GraphStore, open_store
    from graphsvc.store.sqlite import open_sqlite
    from ingest.registry import read_file

    def fresh(path: Path) -> GraphStore:
        """A new SQLite file, or the Neo4j at `bolt_url` emptied (its log too)."""
        if bolt_url is None:
            return open_sqlite(f"sqlite:///{path}")
        import neo4j

        from graphsvc.store.bolt import parse_url

        target = parse_url(bolt_url)
        with (
            neo4j.GraphDatabase.driver(target.uri, auth=target.auth) as driver,
            driver.session(database=target.database) as session,
        ):  # (an auto-commit query: it commits every 10,000 rows itself)
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
        return open_store(bolt_url)

    times: dict[bool, list[float]] = {True: [], False: []}
    reverts: list[float] = []
    sizes: dict[bool, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "synthetic.json"
        generate_file(providers, data)
        ds = read_file(data).dataset
        for run in range(runs):
            for logged in (False, True) if run % 2 == 0 else (True, False):
                path = Path(tmp) / f"run{run}-{logged}.db"
                store = fresh(path)
                store.record_changes = logged  # type: ignore[attr-defined]
                start = time.perf_counter()
                apply_dataset(store, ds, source="synthetic.json")
                times[logged].append(time.perf_counter() - start)
                store.close()
                if bolt_url is None:
                    sizes[logged] = sum(p.stat().st_size for p in Path(tmp).glob(f"{path.name}*"))
                    path.unlink()
        for run in range(runs if revert else 0):
            store = fresh(Path(tmp) / f"revert{run}.db")
            apply_dataset(store, ds, source="synthetic.json")
            start = time.perf_counter()
            revert_set(store, str(store.changes(limit=1).items[0].change_set))
            reverts.append(time.perf_counter() - start)
            store.close()
    median = {k: statistics.median(v) for k, v in times.items()}
    return {
        "providers": providers,
        "runs": runs,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "seconds_without_log": round(median[False], 2),
        "seconds_with_log": round(median[True], 2),
        "time_increase_pct": round(100 * (median[True] / median[False] - 1), 1),
        "store": "neo4j" if bolt_url else "sqlite",
        **(
            {}
            if bolt_url
            else {
                "mb_without_log": round(sizes[False] / 1e6, 1),
                "mb_with_log": round(sizes[True] / 1e6, 1),
            }
        ),
        "all_seconds_without": [round(t, 2) for t in times[False]],
        "all_seconds_with": [round(t, 2) for t in times[True]],
        **({"seconds_to_revert": round(statistics.median(reverts), 2)} if revert else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--providers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--revert", action="store_true", help="also time reverting the import")
    parser.add_argument(
        "--bolt-url", help="measure this Neo4j instead (bolt://user:pw@host:7687; EMPTIED first)"
    )
    args = parser.parse_args()
    result = measure(args.providers, args.runs, args.revert, args.bolt_url)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
