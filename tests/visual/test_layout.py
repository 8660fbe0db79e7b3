"""Deterministic layout: same input, same positions; large components by the grid FR."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from visual.layout import EXACT_LIMIT, SPACING, fruchterman_reingold_mesh, layout


def test_same_positions_whatever_the_input_order() -> None:
    nodes = [f"n{i}" for i in range(30)]
    edges = [(f"n{i}", f"n{(i * 7) % 30}") for i in range(30)]
    first = layout(nodes, edges)
    assert layout(list(reversed(nodes)), [(b, a) for a, b in reversed(edges)]) == first
    assert layout(nodes, edges, seed=8) != first


def test_trivial_inputs() -> None:
    assert layout([], []) == {}
    assert layout(["a"], []) == {"a": (0.0, 0.0)}
    pos = layout(["a", "b"], [("a", "b"), ("a", "zz")])  # an edge to nowhere is ignored
    assert math.isclose(math.dist(pos["a"], pos["b"]), SPACING, rel_tol=0.01)


def test_components_do_not_overlap() -> None:
    nodes = [f"a{i}" for i in range(12)] + [f"b{i}" for i in range(5)] + ["lonely"]
    edges = [(f"a{i}", f"a{i + 1}") for i in range(11)] + [(f"b{i}", f"b{i + 1}") for i in range(4)]
    pos = layout(nodes, edges)

    def box(prefix: str) -> tuple[float, float, float, float]:
        xs = [p[0] for k, p in pos.items() if k.startswith(prefix)]
        ys = [p[1] for k, p in pos.items() if k.startswith(prefix)]
        return min(xs), min(ys), max(xs), max(ys)

    a, b = box("a"), box("b")
    assert a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
    assert all(math.isfinite(c) for p in pos.values() for c in p)


def test_grid_fruchterman_reingold_keeps_the_structure() -> None:
    """A 25 × 25 lattice (above EXACT_LIMIT): neighbours end up closer than strangers."""
    graph = nx.grid_2d_graph(25, 25)
    assert graph.number_of_nodes() > EXACT_LIMIT
    index = {v: i for i, v in enumerate(sorted(graph))}
    pairs = np.array([(index[a], index[b]) for a, b in graph.edges])
    pos = fruchterman_reingold_mesh(len(index), pairs, seed=1)
    assert np.isfinite(pos).all()
    edge = np.hypot(*(pos[pairs[:, 0]] - pos[pairs[:, 1]]).T).mean()
    rng = np.random.default_rng(0)
    a, b = rng.integers(0, len(index), 2000), rng.integers(0, len(index), 2000)
    stranger = np.hypot(*(pos[a] - pos[b]).T).mean()
    assert edge * 5 < stranger
    # repulsion works: no two nodes on top of each other
    rounded = {(round(x, 4), round(y, 4)) for x, y in pos}
    assert len(rounded) == len(index)
    again = fruchterman_reingold_mesh(len(index), pairs, seed=1)
    assert np.array_equal(pos, again)
