"""Deterministic node positions: the same nodes and edges always give the same picture.

Each connected component is laid out on its own with a force-directed (Fruchterman–
Reingold) layout from a fixed seed, scaled so that a typical edge is `SPACING` pixels
long, and the components are packed in rows, largest first. Small components use
networkx's exact `spring_layout`; large ones (where networkx would need SciPy and the
exact O(n²) repulsion gets slow) use the same forces with the repulsion computed on a
grid by FFT convolution, O(n + m + G² log G) per iteration.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import networkx as nx
import numpy as np

SEED = 7
#: the typical (median) edge length in canvas pixels
SPACING = 90.0
#: components up to this size use networkx's exact layout
EXACT_LIMIT = 300
ITERATIONS = 150
#: in small components no two nodes end closer than GAP × SPACING
GAP = 0.6
#: a component of n nodes is at least ROOM × SPACING × √n wide
ROOM = 0.8

Point = tuple[float, float]


def layout(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    *,
    seed: int = SEED,
    spacing: float = SPACING,
) -> dict[str, Point]:
    """Positions (x, y) in canvas pixels for `nodes`, from a fixed seed.

    Parameters
    ----------
    nodes : sequence of str
        Node ids; their order does not matter.
    edges : iterable of (str, str)
        Undirected ties; repeated pairs and ends that are not nodes are ignored.

    Returns
    -------
    dict
        id -> (x, y), centred on the origin, rounded to 0.1 px.

    Examples
    --------
    >>> pos = layout(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> pos == layout(["c", "b", "a"], [("c", "b"), ("b", "a")])
    True
    """
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(sorted(set(nodes)))
    known = set(graph)
    graph.add_edges_from(
        sorted(
            {(a, b) if a < b else (b, a) for a, b in edges if a in known and b in known and a != b}
        )
    )
    comps = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    comp_of = {v: i for i, comp in enumerate(comps) for v in comp}
    comp_edges: list[list[tuple[str, str]]] = [[] for _ in comps]
    for a, b in graph.edges:
        comp_edges[comp_of[a]].append((a, b) if a < b else (b, a))
    placed = [
        _component(c, sorted(e), seed, spacing) for c, e in zip(comps, comp_edges, strict=True)
    ]
    return _pack(placed, spacing)


def _component(
    order: list[str], edges: list[tuple[str, str]], seed: int, spacing: float
) -> dict[str, Point]:
    n = len(order)
    if n == 1:
        return {order[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(order)}
    pairs = np.array([(index[a], index[b]) for a, b in edges], dtype=np.int64).reshape(-1, 2)
    if n <= EXACT_LIMIT:
        sub: nx.Graph = nx.Graph()
        sub.add_nodes_from(order)
        sub.add_edges_from(edges)
        raw = nx.spring_layout(sub, seed=seed, iterations=100)
        arr = np.array([raw[v] for v in order], dtype=float)
    else:
        arr = fruchterman_reingold_mesh(n, pairs, seed=seed)
    delta = arr[pairs[:, 0]] - arr[pairs[:, 1]]
    typical = float(np.median(np.hypot(delta[:, 0], delta[:, 1]))) if len(pairs) else 1.0
    scale = spacing / max(typical, 1e-9)
    if n > EXACT_LIMIT:
        # also room for every node: hubs pull a large component into a ball whose edges
        # are short while its nodes pile up (small ones are spread apart below)
        extent = float(max(np.ptp(arr[:, 0]), np.ptp(arr[:, 1]), 1e-9))
        scale = max(scale, math.sqrt(n) * spacing * ROOM / extent)
    arr = (arr - arr.mean(axis=0)) * scale
    if n <= EXACT_LIMIT:
        arr = spread(arr, spacing * GAP)
    return {v: (float(arr[i, 0]), float(arr[i, 1])) for i, v in enumerate(order)}


def spread(pos: np.ndarray, gap: float, iterations: int = 60) -> np.ndarray:
    """Push apart nodes closer than `gap` (dense hubs otherwise pile their labels up).

    Each round moves both nodes of every too-close pair half the shortfall apart;
    O(n²) per round, so only for small components.
    """
    pos = pos.copy()
    n = len(pos)
    jitter = np.random.default_rng(SEED).normal(scale=1e-3, size=pos.shape)
    pos += jitter  # nodes exactly on top of each other need a direction to part
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, np.inf)
        short = np.clip(gap - dist, 0, None)
        if not short.any():
            break
        push = delta / np.maximum(dist, 1e-9)[..., None] * (short / 2)[..., None]
        pos += push.sum(axis=1) * min(1.0, 4 / max(n**0.5, 1))
    return pos


def fruchterman_reingold_mesh(
    n: int, pairs: np.ndarray, *, seed: int = SEED, iterations: int = ITERATIONS
) -> np.ndarray:
    """Fruchterman–Reingold positions (n × 2) with grid-convolved repulsion.

    Attraction d²/k runs along the edges exactly; repulsion k²/d between every pair is
    approximated by depositing the nodes on a G × G grid (cloud in cell), convolving
    with the force kernel by FFT, and interpolating back. The kernel is odd, so a node
    exerts no force on itself.
    """
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    grid = 64 if n < 2000 else 128 if n < 10_000 else 256  # powers of two: fast FFTs
    kernel = _kernel_fft(grid)
    t = 0.1
    cool = t / (iterations + 1)
    pairs = pairs.reshape(-1, 2)
    src, dst = pairs[:, 0], pairs[:, 1]
    for _ in range(iterations):
        disp = _repulsion(pos, k, grid, kernel)
        delta = pos[src] - pos[dst]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 1e-3)
        pull = delta * (dist / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(src, pull[:, axis], minlength=n)
            disp[:, axis] += np.bincount(dst, pull[:, axis], minlength=n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= cool
    return pos


def _kernel_fft(grid: int) -> tuple[np.ndarray, np.ndarray]:
    """FFTs of the unit repulsion kernel (i, j) / (i² + j²) on a 2G × 2G torus."""
    size = 2 * grid
    offsets = np.fft.fftfreq(size, 1.0 / size)  # 0, 1, …, G-1, -G, …, -1
    di, dj = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = di * di + dj * dj
    r2[0, 0] = 1.0
    kx, ky = di / r2, dj / r2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _repulsion(
    pos: np.ndarray, k: float, grid: int, kernel: tuple[np.ndarray, np.ndarray]
) -> np.ndarray:
    lo = pos.min(axis=0)
    extent = float(max((pos.max(axis=0) - lo).max(), 1e-6))
    h = extent / (grid - 1.001)
    g = (pos - lo) / h
    i0 = np.minimum(g.astype(np.int64), grid - 2)
    f = g - i0
    corners = [
        (0, 0, (1 - f[:, 0]) * (1 - f[:, 1])),
        (1, 0, f[:, 0] * (1 - f[:, 1])),
        (0, 1, (1 - f[:, 0]) * f[:, 1]),
        (1, 1, f[:, 0] * f[:, 1]),
    ]
    size = 2 * grid
    density = np.zeros(size * size)
    flat = []
    for di, dj, w in corners:
        idx = (i0[:, 0] + di) * size + (i0[:, 1] + dj)
        flat.append((idx, w))
        density += np.bincount(idx, w, minlength=size * size)
    rho = np.fft.rfft2(density.reshape(size, size))
    out = np.zeros_like(pos)
    scale = k * k / h
    for axis, kern in enumerate(kernel):
        field = np.fft.irfft2(rho * kern, s=(size, size)).ravel() * scale
        for idx, w in flat:
            out[:, axis] += field[idx] * w
    return out


def _pack(parts: list[dict[str, Point]], spacing: float) -> dict[str, Point]:
    """Components side by side in rows (largest first), the whole centred on 0, 0."""
    if not parts:
        return {}
    boxes = []
    for part in parts:
        xs = [p[0] for p in part.values()]
        ys = [p[1] for p in part.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + spacing, max(ys) - min(ys) + spacing))
    total = sum(w * h for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), math.sqrt(total) * 16 / 9)
    out: dict[str, Point] = {}
    x = y = row_height = 0.0
    for part, (x0, y0, w, h) in zip(parts, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for v, (px, py) in part.items():
            out[v] = (px - x0 + x, py - y0 + y)
        x += w
        row_height = max(row_height, h)
    cx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
    cy = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
    return {v: (round(px - cx, 1), round(py - cy, 1)) for v, (px, py) in out.items()}
