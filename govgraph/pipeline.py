"""The build's public entry points, and views of a built output for the explorer.

:func:`build` is :func:`govgraph.build.pipeline.build` (the one build path, on Dask); this module
keeps the name ``govgraph.pipeline.build`` that scripts and the notebook import, and the helpers
that read a built output (the networkx graph, the HTML views).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govgraph.build.outputs import current
from govgraph.build.pipeline import DATA_DEFAULT, BuildReport, build, gazette_files
from govgraph.errors import GovGraphError

__all__ = [
    "DATA_DEFAULT",
    "BuildReport",
    "build",
    "gazette_files",
    "load_networkx",
    "render_focus",
    "render_output",
    "validate_output",
]


def validate_output(out_dir: Path) -> str:
    """SHACL-validate the current build of ``out_dir`` against the ontology's shapes."""
    from govgraph.build.validate import validate_ntriples

    return validate_ntriples(current(out_dir) / "graph.nt").summary()


def load_networkx(out_dir: Path) -> Any:
    """The networkx graph of a built output (OUT/graph.graphml)."""
    import networkx as nx

    path = current(out_dir) / "graph.graphml"
    if not path.exists():
        raise GovGraphError(f"{out_dir}: no graph.graphml; run 'govgraph build' first")
    return nx.read_graphml(path, force_multigraph=True)


def render_output(out_dir: Path, target: Path | None = None, **options: Any) -> Path:
    """Write the interactive visualisation of a built output (OUT/graph.html by default)."""
    from govgraph.viz import render_html

    target = target or current(out_dir) / "graph.html"
    render_html(load_networkx(out_dir), target, sources=_sources(out_dir, target), **options)
    return target


def _sources(out_dir: Path, target: Path) -> Path:
    """The gazettes' text pages a page written at ``target`` links to: those of the current
    build when it is written inside it, else ``OUT/sources`` (the link that follows rebuilds)."""
    from govgraph.viz.sources import SOURCES_DIR

    inside = Path(target).resolve().parent == current(out_dir).resolve()
    return (current(out_dir) if inside else Path(out_dir)) / SOURCES_DIR


def render_focus(
    out_dir: Path,
    target: Path | None = None,
    *,
    focus: str | None = None,
    depth: int = 2,
    document: str | None = None,
    leader: str | None = None,
    max_nodes: int | None = None,
    cluster: str | None = None,
) -> tuple[Path, Any]:
    """A focused (or full) view: ``focus`` any node name or agency alias, ``document`` a
    document number in any printed form, ``leader`` a person's name.  ``max_nodes``
    defaults to :data:`govgraph.viz.DEFAULT_MAX_NODES`; ``cluster`` is "document" or "agency"."""
    from govgraph.viz import focus_document, focus_leader, render_html

    G = load_networkx(out_dir)
    target = target or current(out_dir) / "graph.html"
    if focus is not None:
        focus = _focus_key(G, focus)
    elif document is not None or leader is not None:
        keep = focus_document(G, _document_label(document)) if document else set()
        if leader:
            keep |= focus_leader(G, leader)
        if not keep:
            raise GovGraphError(f"{out_dir}: nothing in the graph matches {document or leader!r}")
        G = G.subgraph(keep).copy()
    options: dict[str, Any] = {"cluster": cluster}
    if max_nodes is not None:
        options["max_nodes"] = max_nodes
    report = render_html(G, target, focus=focus, depth=depth, sources=_sources(out_dir, target), **options)
    return target, report


def _document_label(text: str) -> str:
    from govgraph.docnum import normalize_doc_number

    return normalize_doc_number(text) or text


def _focus_key(G: Any, name: str) -> str:
    """A node key for ``name``: an agency alias goes through the resolver to its entity."""
    from govgraph.graph import entity_iri
    from govgraph.resolve import Resolver

    if name in G:
        return name
    entity = Resolver.default().resolve_agency(name)
    key = str(entity_iri(entity.id))
    if key in G:
        return key
    doc = _document_label(name)
    return doc
