"""The network view's layout against igraph's: time, and whether the picture is the same
twice and shows the structure.

The graph is the partnership network of a synthetic city (graphsvc.synth.generate), its
largest component. Laid out by:

* graphsvc's own layout (`visual.layout.layout`: Fruchterman–Reingold, the repulsion on a
  grid by FFT; what the views draw with);
* igraph's `layout_fruchterman_reingold` (grid="auto": its own grid above 1,000 nodes),
  `layout_drl` and `layout_graphopt`, each from the same seed.

For each: the median time of --runs runs; "same twice", whether two runs from the same
seed give the same positions (a view must not move between two page loads); and
"edge / pair", the median length of an edge over the median distance between two random
nodes (lower: neighbours sit closer together than strangers, the structure shows); and
"spread", the median distance to a node's nearest one over the spacing of nodes strewn
evenly over the picture (lower: nodes heaped on each other, labels unreadable).

Usage: python bench/layout.py [--providers 2000] [--seed 1] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench._common import machine  # noqa: E402

Positions = np.ndarray  # (n, 2)


def component(providers: int, seed: int) -> tuple[list[str], list[tuple[str, str]]]:
    """The nodes and edges of the largest component of a city's partnership network."""
    import networkx as nx

    from graphsvc.synth import generate

    ds = generate(providers, seed)
    graph: nx.Graph = nx.Graph()
    graph.add_edges_from((p.source, p.target) for p in ds.partnerships if p.source != p.target)
    largest = max(nx.connected_components(graph), key=len)
    sub = graph.subgraph(largest)
    return sorted(sub), sorted((a, b) if a < b else (b, a) for a, b in sub.edges)


def ours(nodes: list[str], edges: list[tuple[str, str]]) -> Positions:
    from visual.layout import layout

    pos = layout(nodes, edges)
    return np.array([pos[v] for v in nodes])


def igraph_layout(name: str) -> Callable[[list[str], list[tuple[str, str]]], Positions]:
    def run(nodes: list[str], edges: list[tuple[str, str]]) -> Positions:
        import igraph

        index = {v: i for i, v in enumerate(nodes)}
        g = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in edges])
        random.seed(7)  # igraph draws from Python's random module
        start = np.random.default_rng(7).uniform(-1, 1, (len(nodes), 2)).tolist()
        if name == "fruchterman_reingold":
            lay = g.layout_fruchterman_reingold(seed=start, grid="auto")
        elif name == "drl":
            lay = g.layout_drl(seed=start)
        else:
            lay = g.layout_graphopt(seed=start)
        return np.array(lay.coords)

    return run


def edge_over_pair(pos: Positions, nodes: list[str], edges: list[tuple[str, str]]) -> float:
    index = {v: i for i, v in enumerate(nodes)}
    a = np.array([index[x] for x, _ in edges])
    b = np.array([index[y] for _, y in edges])
    edge = np.median(np.linalg.norm(pos[a] - pos[b], axis=1))
    rng = np.random.default_rng(0)
    i, j = rng.integers(0, len(nodes), 20_000), rng.integers(0, len(nodes), 20_000)
    pair = np.median(np.linalg.norm(pos[i] - pos[j], axis=1))
    return float(edge / pair)


def spread(pos: Positions) -> float:
    """The median distance from a node to its nearest one, over the spacing the nodes
    would have if spread evenly over the picture's bounding box (about 0.5 for points
    strewn at random; lower: nodes heaped on each other, their labels unreadable)."""
    nearest = np.full(len(pos), np.inf)
    for start in range(0, len(pos), 500):  # (in slices: n × n at once is large)
        d = np.linalg.norm(pos[start : start + 500, None, :] - pos[None, :, :], axis=2)
        d[np.arange(d.shape[0]), np.arange(start, start + d.shape[0])] = np.inf
        nearest[start : start + 500] = d.min(axis=1)
    width, height = pos.max(axis=0) - pos.min(axis=0)
    return float(np.median(nearest) / np.sqrt(width * height / len(pos)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--providers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    nodes, edges = component(args.providers, args.seed)
    print(f"{machine()}")
    print(
        f"largest partnership component of a city of {args.providers} providers: "
        f"{len(nodes)} nodes, {len(edges)} edges; median of {args.runs} runs"
    )
    methods = {
        "graphsvc (FFT grid)": ours,
        "igraph fruchterman_reingold": igraph_layout("fruchterman_reingold"),
        "igraph drl": igraph_layout("drl"),
        "igraph graphopt": igraph_layout("graphopt"),
    }
    print(f"  {'layout':30}{'seconds':>9}{'same twice':>12}{'edge / pair':>13}{'spread':>9}")
    for name, run in methods.items():
        times, results = [], []
        for _ in range(max(args.runs, 2)):
            start = time.perf_counter()
            results.append(run(nodes, edges))
            times.append(time.perf_counter() - start)
        same = bool(np.allclose(results[0], results[1]))
        ratio = edge_over_pair(results[0], nodes, edges)
        evenness = spread(results[0])
        print(
            f"  {name:30}{statistics.median(times):>9.3f}{'yes' if same else 'no':>12}"
            f"{ratio:>13.3f}{evenness:>9.3f}"
        )


if __name__ == "__main__":
    main()
