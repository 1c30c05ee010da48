"""Node positions computed in Python, so the page draws at once.

vis-network's physics needs 20 s and more to settle at a few hundred nodes under software
rendering (shared/MEASURED.md), so nodes arrive with fixed pixel positions and physics off.  The
layout is a Fruchterman-Reingold variant whose repulsion only acts between nodes closer than a
few ideal edge lengths (found on a grid), so it costs O(n log n) per iteration instead of
networkx's O(n²) (4 s at 1,000 nodes on this machine).  The close pairs come from a grid of cells
as wide as the radius, in numpy: scipy's k-d tree did the same, but importing scipy.spatial
costs 0.3 CPU-s, a sixth of a cold demo build.  Seeded and rounded to whole pixels, the
same graph gives the same bytes.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable

import numpy as np

LAYOUT_SEED = 20240601
GRAVITY = 2.5
NODE_GAP_PX = 75.0  # median distance from a node to its nearest neighbour


def _accumulate(index: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    return np.stack([np.bincount(index, force[:, 0], n), np.bincount(index, force[:, 1], n)], axis=1)


def _close_pairs(pos: np.ndarray, radius: float) -> np.ndarray:
    """(i, j) with i < j of every two points at most ``radius`` apart (deterministic order).

    Points are binned in cells ``radius`` wide; each point is compared with the points of its
    own cell and of the four cells after it (right, and the three above), so every close pair is
    met exactly once.
    """
    n = len(pos)
    cell = np.floor((pos - pos.min(axis=0)) / radius).astype(np.int64)
    width = int(cell[:, 1].max()) + 3  # room for the row above and below
    key = cell[:, 0] * width + cell[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    target = (key[:, None] + _NEIGHBOUR_CELLS[0] * width + _NEIGHBOUR_CELLS[1]).ravel()
    start = np.searchsorted(sorted_key, target, side="left")
    count = np.searchsorted(sorted_key, target, side="right") - start
    first = np.repeat(np.arange(n), count.reshape(n, -1).sum(axis=1))
    offset = np.arange(len(first)) - np.repeat(np.cumsum(count) - count, count)
    second = order[np.repeat(start, count) + offset]
    own = np.repeat(np.tile(_NEIGHBOUR_CELLS[2], n), count)  # the pair is within one cell
    x, y = pos[:, 0], pos[:, 1]
    dx, dy = x[first] - x[second], y[first] - y[second]
    keep = (dx * dx + dy * dy <= radius * radius) & ~(own & (first >= second))
    first, second = first[keep], second[keep]
    return np.stack([np.minimum(first, second), np.maximum(first, second)], axis=1)


# (dx, dy, same cell) of the cells a point is compared with: its own, right, and the three above.
_NEIGHBOUR_CELLS = (
    np.array([0, 0, 1, 1, 1]),
    np.array([0, 1, -1, 0, 1]),
    np.array([True, False, False, False, False]),
)


def _nearest_distances(pos: np.ndarray, block: int = 512) -> np.ndarray:
    """The distance from every point to its nearest other point (blocks of rows, O(n²))."""
    out = np.empty(len(pos))
    squares = (pos * pos).sum(axis=1)
    for lo in range(0, len(pos), block):
        part = pos[lo : lo + block]
        dist2 = squares[lo : lo + block, None] + squares[None, :] - 2.0 * part @ pos.T
        dist2[np.arange(len(part)), np.arange(lo, lo + len(part))] = np.inf
        out[lo : lo + block] = np.sqrt(np.maximum(dist2.min(axis=1), 0.0))
    return out


def _far_repulsion(pos: np.ndarray, k: float, cells: int) -> np.ndarray:
    """Repulsion from every node, approximated by the centroids of a cells×cells grid.

    Distances are softened to half a cell so a node's own cell does not explode;
    the exact short-range repulsion is added separately.
    """
    low = pos.min(axis=0)
    span = float((pos.max(axis=0) - low).max()) or 1.0
    ij = np.minimum(((pos - low) / span * cells).astype(np.int64), cells - 1)
    cell = ij[:, 0] * cells + ij[:, 1]
    mass = np.bincount(cell, minlength=cells * cells).astype(float)
    used = mass > 0
    centre = (
        np.stack(
            [
                np.bincount(cell, pos[:, 0], cells * cells)[used],
                np.bincount(cell, pos[:, 1], cells * cells)[used],
            ],
            axis=1,
        )
        / mass[used][:, None]
    )
    soft = (span / cells / 2) ** 2
    # |p - c|² and Σ w (p - c) through matrix products: no (n, cells², 2) temporary.
    dist2 = (pos * pos).sum(axis=1)[:, None] + (centre * centre).sum(axis=1)[None, :] - 2.0 * pos @ centre.T
    weight = mass[used] * k * k / (np.maximum(dist2, 0.0) + soft)
    return pos * weight.sum(axis=1)[:, None] - weight @ centre


def layout_positions(
    nodes: list[str], edges: Iterable[tuple[str, str]], *, seed: int = LAYOUT_SEED, iterations: int = 120
) -> dict[str, tuple[int, int]]:
    """Pixel positions for ``nodes`` (whole pixels, deterministic for the same input).

    Fruchterman-Reingold (attraction d²/k along edges, repulsion k²/d) with the
    repulsion split in two: exact between nodes closer than 2 k (a grid finds
    them) and approximated through a coarse grid for the rest, so an iteration costs
    O(n·cells²) rather than O(n²).  A weak pull to the centre keeps disconnected
    pieces near the rest; the temperature cools linearly.
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0, 0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in edges if u != v})
    edge_index = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    k = 1.0
    side = math.sqrt(n) * k
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    radius = 2.0 * k
    cells = max(4, min(10, round(math.sqrt(n) / 3)))
    start_temp = side / 6
    for step in range(iterations):
        temp = start_temp * (1 - step / iterations) + 0.02 * k
        disp = _far_repulsion(pos, k, cells) - GRAVITY * pos
        close = _close_pairs(pos, radius)
        if len(close):
            delta = pos[close[:, 0]] - pos[close[:, 1]]
            dist2 = np.maximum((delta * delta).sum(axis=1), 1e-4)
            force = (k * k / dist2)[:, None] * delta
            disp += _accumulate(close[:, 0], force, n) - _accumulate(close[:, 1], force, n)
        if len(edge_index):
            delta = pos[edge_index[:, 0]] - pos[edge_index[:, 1]]
            dist = np.sqrt(np.maximum((delta * delta).sum(axis=1), 1e-8))
            force = (dist / k)[:, None] * delta
            disp += _accumulate(edge_index[:, 1], force, n) - _accumulate(edge_index[:, 0], force, n)
        length = np.sqrt(np.maximum((disp * disp).sum(axis=1), 1e-12))
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
    pos -= pos.mean(axis=0)
    # Scale by the typical gap between neighbours, not by k: dense graphs contract a lot.
    gaps = _nearest_distances(pos)
    # The standard library's median, the same number (the middle one, or the two middle ones'
    # sum halved): numpy's imports numpy.ma to look for masked arrays, 0.015 CPU-s of a cold build.
    gap = float(statistics.median(gaps.tolist())) or 1.0
    pixels = np.rint(pos * (NODE_GAP_PX / gap)).astype(np.int64)
    return {node: (int(x), int(y)) for node, (x, y) in zip(nodes, pixels, strict=True)}
