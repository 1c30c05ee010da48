"""The layout's neighbour search (govgraph.viz.layout), checked against brute force: the grid
that replaced scipy's k-d tree finds every close pair once, and every nearest distance."""

from __future__ import annotations

import numpy as np
import pytest

from govgraph.viz.layout import _close_pairs, _nearest_distances, layout_positions


@pytest.mark.parametrize("n", [2, 3, 50, 700])
def test_close_pairs_are_every_pair_within_the_radius_once(n: int) -> None:
    rng = np.random.default_rng(n)
    pos = rng.uniform(-np.sqrt(n), np.sqrt(n), size=(n, 2))
    pos[-1] = pos[0] + [2.0, 0.0]  # a pair exactly at the radius counts
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2))
    expected = {(i, j) for i in range(n) for j in range(i + 1, n) if dist[i, j] <= 2.0}
    found = [tuple(map(int, p)) for p in _close_pairs(pos, 2.0)]
    assert len(found) == len(set(found)) and set(found) == expected
    assert np.allclose(
        _nearest_distances(pos, block=7), np.where(np.eye(n, dtype=bool), np.inf, dist).min(axis=1)
    )


def test_layout_is_deterministic_and_spreads_the_nodes() -> None:
    nodes = [f"n{i}" for i in range(300)]
    edges = [(f"n{i}", f"n{(i * 7) % 300}") for i in range(300)]
    first = layout_positions(nodes, edges)
    assert first == layout_positions(nodes, edges)
    assert len(set(first.values())) == len(nodes)  # no two nodes drawn on one spot
