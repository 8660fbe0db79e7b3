"""Benchmark of the full gap report on synthetic networks (not a timed test).

    .venv/bin/python bench/analysis.py                 # 2,000 / 20,000 / 100,000 providers
    .venv/bin/python bench/analysis.py --sizes 2000 --runs 7

Each size runs in a fresh process, so that its peak memory (ru_maxrss) is its own. For
each: the median time of the full `gap_report` (from the Dataset: indexing, graph,
every analysis), the peak memory, and on the same partnership graph the time of
articulation points / bridges and betweenness by networkx and by igraph, with the
ratio. "report, networkx only" is the report with betweenness left to networkx (the
path before igraph was used), to show what the faster path buys.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

GOALS = {2_000: 1.0, 100_000: 60.0}  # seconds, from the issue


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def one_size(size: int, runs: int, seed: int, networkx_report: bool) -> dict[str, Any]:
    """Everything for one size, in this process."""
    import igraph
    import networkx as nx

    from graphsvc.analysis import gap_report, prepare
    from graphsvc.analysis.brokers import EXACT_LIMIT, SAMPLE_SIZE, SEED
    from graphsvc.synth import generate

    out: dict[str, Any] = {"providers": size}
    out["generate_s"], ds = timed(lambda: generate(size, seed))
    out["relationships"] = sum(1 for _ in ds.relationships())
    out["dataset_mb"] = peak_mb()
    times = [timed(lambda: gap_report(ds))[0] for _ in range(runs)]
    out["report_runs"] = [round(t, 3) for t in times]
    out["report_s"] = statistics.median(times)
    out["peak_mb"] = peak_mb()

    net = prepare(ds)
    g = net.graph
    out["graph"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    k = None if g.number_of_nodes() <= EXACT_LIMIT else SAMPLE_SIZE
    out["betweenness_sources"] = k or g.number_of_nodes()
    nodes = list(g)
    index = {v: i for i, v in enumerate(nodes)}
    out["igraph_build_s"], ig = timed(
        lambda: igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in g.edges()])
    )
    sources = None if k is None else [index[s] for s in random.Random(SEED).sample(nodes, k)]

    nx_times = {
        "articulation+bridges, one biconnected pass (used)": timed(
            lambda: list(nx.biconnected_components(g))
        )[0],
        "articulation_points + bridges, two passes": timed(
            lambda: (list(nx.articulation_points(g)), list(nx.bridges(g)))
        )[0],
        "betweenness": timed(lambda: nx.betweenness_centrality(g, k=k, seed=SEED))[0],
    }
    ig_times = {
        "articulation_points + bridges": timed(lambda: (ig.articulation_points(), ig.bridges()))[0],
        "betweenness": timed(lambda: ig.betweenness(directed=False, sources=sources))[0],
    }
    out["networkx_s"], out["igraph_s"] = nx_times, ig_times
    if networkx_report:
        out["report_networkx_only_s"] = timed(lambda: gap_report(prepare(ds, backend="networkx")))[
            0
        ]
    out["peak_mb_after_comparisons"] = peak_mb()
    return out


def machine() -> str:
    return (
        f"{platform.platform()}; Python {platform.python_version()}; "
        f"{platform.processor() or platform.machine()}; {os.cpu_count()} CPUs"
    )


def run_child(size: int, args: argparse.Namespace) -> dict[str, Any]:
    runs = args.runs if size < 50_000 else min(args.runs, 3)
    cmd = [
        sys.executable,
        __file__,
        "--one",
        str(size),
        "--runs",
        str(runs),
        "--seed",
        str(args.seed),
    ]
    if args.skip_networkx_report:
        cmd.append("--skip-networkx-report")
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def report(r: dict[str, Any]) -> None:
    n = r["providers"]
    say(
        f"\n== {n:,} providers, {r['relationships']:,} relationships; partnership graph "
        f"{r['graph']['nodes']:,} nodes, {r['graph']['edges']:,} edges "
        f"(synth {r['generate_s']:.1f} s)"
    )
    goal = GOALS.get(n)
    verdict = (
        "" if goal is None else (" ✓" if r["report_s"] < goal else " ✗") + f" goal < {goal:g} s"
    )
    say(
        f"full gap report: median {r['report_s']:.2f} s of {len(r['report_runs'])} runs "
        f"{r['report_runs']}{verdict}"
    )
    say(f"peak memory (ru_maxrss): {r['peak_mb']:.0f} MB (dataset alone {r['dataset_mb']:.0f} MB)")
    if "report_networkx_only_s" in r:
        nx_only = r["report_networkx_only_s"]
        say(
            f"report with betweenness by networkx (before): {nx_only:.2f} s → with igraph "
            f"(after): {r['report_s']:.2f} s, {nx_only / r['report_s']:.1f}× faster"
        )
    sampled = r["betweenness_sources"] < r["graph"]["nodes"]
    how = f"sampled, {r['betweenness_sources']} sources" if sampled else "exact"
    ig = r["igraph_s"]
    nxs = r["networkx_s"]
    ap_used = nxs["articulation+bridges, one biconnected pass (used)"]
    ap_two = nxs["articulation_points + bridges, two passes"]
    say(
        f"articulation points + bridges: networkx one pass {ap_used:.3f} s (two passes "
        f"{ap_two:.3f} s), igraph {ig['articulation_points + bridges']:.3f} s, ratio "
        f"{ap_used / max(ig['articulation_points + bridges'], 1e-9):.0f}×"
    )
    say(
        f"betweenness ({how}): networkx {nxs['betweenness']:.2f} s, igraph "
        f"{ig['betweenness']:.3f} s (+{r['igraph_build_s']:.3f} s to build its graph), "
        f"ratio {nxs['betweenness'] / max(ig['betweenness'], 1e-9):.0f}×"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000, 100_000])
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per size (at most 3 from 50,000 providers up)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--skip-networkx-report",
        action="store_true",
        help="skip the report with networkx betweenness (slow)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = one_size(args.one, args.runs, args.seed, not args.skip_networkx_report)
        sys.stdout.write(json.dumps(result))
        return
    say(f"machine: {machine()}")
    for size in args.sizes:
        report(run_child(size, args))


if __name__ == "__main__":
    main()
