"""Betweenness centrality, computed by networkx or, when installed, by igraph.

Both give the same numbers (networkx's normalisation and sampling); igraph's C core is
what keeps a city-sized report under a second. networkx is the reference.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from typing import Literal

import networkx as nx

Backend = Literal["auto", "networkx", "igraph"]


def has_igraph() -> bool:
    """True when the optional igraph package can be imported."""
    return importlib.util.find_spec("igraph") is not None


def load_igraph() -> None:
    """Import igraph, when installed, without the matplotlib it loads for its drawing.

    igraph imports matplotlib.pyplot as it starts, when matplotlib is installed, to plot
    graphs: a quarter of a second, a quarter of the city's gap report. graphsvc never
    plots through igraph (the views draw with matplotlib themselves), so igraph may have
    its stand-in: by the import system's own rule, a None in sys.modules is a module
    that is not there. For one thread only (another thread importing matplotlib
    meanwhile would be refused it): the CLI calls it; the service, whose threads draw
    with matplotlib, imports igraph as it is, once. Once matplotlib or igraph is
    imported, nothing is done."""
    if "igraph" in sys.modules or "matplotlib" in sys.modules or not has_igraph():
        return
    sys.modules["matplotlib"] = None  # type: ignore[assignment]
    try:
        import igraph  # noqa: F401
    finally:
        del sys.modules["matplotlib"]


def resolve(backend: Backend) -> Literal["networkx", "igraph"]:
    """The backend to use: "auto" is igraph when installed, else networkx."""
    if backend == "auto":
        return "igraph" if has_igraph() else "networkx"
    if backend == "igraph" and not has_igraph():
        raise ImportError("the igraph backend needs igraph: pip install 'graphsvc[bench]'")
    return backend


def betweenness(
    graph: nx.Graph, k: int | None = None, seed: int = 42, backend: Backend = "auto"
) -> dict[str, float]:
    """Normalised betweenness of an undirected graph, exact or from `k` sampled sources.

    Matches ``nx.betweenness_centrality(graph, k=k, seed=seed)``: the sources are
    ``random.Random(seed).sample(list(graph), k)`` and the scores are rescaled the same
    way (a sampled source by 1/((k − 1)(n − 2)), any other provider by 1/(k(n − 2))).

    >>> g = nx.path_graph(["a", "b", "c"])
    >>> betweenness(g, backend="networkx") == betweenness(g, backend="igraph") == {
    ...     "a": 0.0, "b": 1.0, "c": 0.0}
    True
    """
    if k is not None and k >= len(graph):
        k = None
    if resolve(backend) == "networkx":
        return nx.betweenness_centrality(graph, k=k, seed=seed)  # type: ignore[no-any-return]
    return _igraph_betweenness(graph, k, seed)


def _igraph_betweenness(graph: nx.Graph, k: int | None, seed: int) -> dict[str, float]:
    import igraph

    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {v: i for i, v in enumerate(nodes)}
    g = igraph.Graph(n=n, edges=[(index[a], index[b]) for a, b in graph.edges()])
    if k is None:
        raw = g.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
        return {v: raw[i] * scale for i, v in enumerate(nodes)}
    sources = random.Random(seed).sample(nodes, k)
    raw = g.betweenness(directed=False, sources=[index[s] for s in sources])
    # igraph counts each (source, target) path once; networkx counts ordered pairs
    # from the sources, hence the 2, and it leaves endpoints out, hence n − 2.
    in_sample = set(sources)
    src_scale = 2 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    other_scale = 2 / (k * (n - 2))
    return {v: raw[i] * (src_scale if v in in_sample else other_scale) for i, v in enumerate(nodes)}
