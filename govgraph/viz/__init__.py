"""Seeing the graph: the static page (:mod:`.page`, one offline HTML file) and its layout
(:mod:`.layout`); the served explorer is the same page asking ``govgraph serve``."""

from __future__ import annotations

from govgraph.viz.layout import layout_positions
from govgraph.viz.page import (
    CLUSTER_MODES,
    DEFAULT_MAX_NODES,
    EDGE_STYLES,
    NODE_STYLES,
    VizReport,
    build_page_data,
    cluster_heads,
    find_nodes,
    focus_document,
    focus_leader,
    neighbourhood,
    render_html,
    render_page,
    resolve_focus,
    top_nodes,
    vis_options,
)

__all__ = [
    "CLUSTER_MODES",
    "DEFAULT_MAX_NODES",
    "EDGE_STYLES",
    "NODE_STYLES",
    "VizReport",
    "build_page_data",
    "cluster_heads",
    "find_nodes",
    "focus_document",
    "focus_leader",
    "layout_positions",
    "neighbourhood",
    "render_html",
    "render_page",
    "resolve_focus",
    "top_nodes",
    "vis_options",
]
