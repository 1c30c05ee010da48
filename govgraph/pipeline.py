"""The main job: gazettes → extraction → graph outputs, with a report.

``build(inputs, out)`` extracts each gazette (one at a time: a gazette's text is dropped
once its records are out), writes every export through :mod:`govgraph.export`, builds
the persistent SPARQL store used by ``query``/``chain``/``serve`` and the interactive
visualisation, and writes ``OUT/report.json``.  Bad inputs are reported, one line each,
and skipped; the rest of the corpus is still built.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govgraph.atomic import atomic_write_text
from govgraph.build.outputs import build_lock, current, new_generation
from govgraph.errors import GovGraphError
from govgraph.extract import extract_file
from govgraph.records import RECORD_KINDS, Extraction

log = logging.getLogger(__name__)

DATA_DEFAULT = Path("data")


@dataclass
class BuildReport:
    out_dir: Path
    gazettes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    nodes: int = 0
    edges: int = 0
    files: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    validation: str | None = None
    not_written: dict[str, str] = field(default_factory=dict)  # output → why (streaming build)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gazettes": self.gazettes,
            "failures": self.failures,
            "warnings": self.warnings,
            "counts": self.counts,
            "triples": self.triples,
            "nodes": self.nodes,
            "edges": self.edges,
            "files": self.files,
            "validation": self.validation,
            **({"not_written": self.not_written} if self.not_written else {}),
        }

    def summary(self) -> str:
        lines = [
            f"built {self.out_dir}: {len(self.gazettes)} gazette(s), {self.triples} triples"
            + ("" if "graph.graphml" in self.not_written else f", {self.nodes} nodes, {self.edges} edges"),
            "  " + ", ".join(f"{k} {v}" for k, v in self.counts.items()),
        ]
        if self.validation:
            lines.append(f"  SHACL: {self.validation}")
        for name, reason in self.not_written.items():
            lines.append(f"  {name} not written: {reason}")
        if self.warnings:
            lines.append(f"  {len(self.warnings)} warning(s), see {self.out_dir / 'report.json'}")
        if self.failures:
            lines.append(f"  {len(self.failures)} input(s) failed")
        return "\n".join(lines)


def gazette_files(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; directories searched recursively for .txt/.md gazettes (sorted)."""
    from govgraph.ingest import gazette_files as find

    return find(list(inputs))


def iter_extractions(
    paths: list[Path],
    on_error: Callable[[str], None],
    progress: Callable[[list[Path]], Iterable[Path]] = lambda items: items,
) -> Iterator[Extraction]:
    """Extract gazettes one by one; an unreadable input is reported and skipped."""
    for path in progress(paths):
        try:
            yield extract_file(path)
        except GovGraphError as err:
            on_error(str(err))


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    append: bool = False,
    validate: bool = True,
    viz: bool = True,
    store: bool = True,
    on_error: Callable[[str], None] | None = None,
    progress: Callable[[list[Path]], Iterable[Path]] = lambda items: items,
    stream: bool | None = None,
    workers: int | None = None,
    wait: float | None = 0,
) -> BuildReport:
    """Build ``out_dir`` from gazettes.  ``stream``: use the streaming build of
    :mod:`govgraph.bulk` (default: when the input exceeds ``STREAM_THRESHOLD_BYTES``);
    ``workers``: its extraction processes (default: the CPUs available).

    The outputs are written as a new generation of ``out_dir`` and made current in one step
    (:mod:`govgraph.build.outputs`); ``wait``: seconds to wait for another build of ``out_dir``
    to finish (None: no limit), after which :class:`~govgraph.build.outputs.BuildLocked`."""
    from govgraph.bulk import STREAM_THRESHOLD_BYTES, input_bytes

    inputs = [Path(p) for p in inputs]
    out_dir = Path(out_dir)
    report = BuildReport(out_dir=out_dir)

    def failed(message: str) -> None:
        report.failures.append(message)
        if on_error is not None:
            on_error(message)
        else:
            log.error(message)

    paths = gazette_files(inputs)
    if not paths:
        failed(f"{', '.join(str(p) for p in inputs)}: no gazette files (.txt, .md, .pdf, .html, .docx) found")
        return report
    if stream is None:
        stream = input_bytes(paths) > STREAM_THRESHOLD_BYTES
    with build_lock(out_dir, wait=wait):
        generation = new_generation(out_dir)
        try:
            if append and generation.previous is not None:
                _carry_extractions(generation.previous, generation.path)
            if stream:
                _build_streaming(report, paths, generation.path, append, store, workers, failed, progress)
            else:
                _build_validated(
                    report, paths, generation.path, append, store, viz, validate, failed, progress
                )
            if report.gazettes:
                from govgraph.query.chain_index import write_chain_index

                write_chain_index(generation.path)  # answers `chain` in the size of the answer
                generation.commit()
        finally:
            generation.discard()
    return report


def _carry_extractions(previous: Path, target: Path) -> None:
    """The stored extractions of the current build, into the new generation (``--append``)."""
    from govgraph.export import EXTRACTIONS_DIR

    source = previous / EXTRACTIONS_DIR
    if not source.is_dir():
        return
    (target / EXTRACTIONS_DIR).mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.json"):
        dest = target / EXTRACTIONS_DIR / path.name
        try:
            os.link(path, dest)  # generations never change a file in place: sharing is safe
        except OSError:
            shutil.copyfile(path, dest)


def _build_validated(
    report: BuildReport,
    paths: list[Path],
    out_dir: Path,
    append: bool,
    store: bool,
    viz: bool,
    validate: bool,
    failed: Callable[[str], None],
    progress: Callable[[list[Path]], Iterable[Path]],
) -> None:
    from govgraph.shacl import BackgroundValidation

    # Started first: the validator imports pySHACL and reads the shapes while we extract.
    validation = BackgroundValidation() if validate else None
    try:
        _build_in_memory(report, paths, out_dir, append, store, viz, validation, failed, progress)
    finally:
        if validation is not None:
            validation.cancel()


def _build_in_memory(
    report: BuildReport,
    paths: list[Path],
    out_dir: Path,
    append: bool,
    store: bool,
    viz: bool,
    validation: Any,
    failed: Callable[[str], None],
    progress: Callable[[list[Path]], Iterable[Path]],
) -> None:
    from govgraph.export import export_corpus
    from govgraph.resolve import Resolver
    from govgraph.resources import registry_dir

    # A resolver of its own: what it learns (aliases) must come from this corpus, not from an
    # earlier build in the same process.
    resolver = Resolver.from_dir(registry_dir())
    counts = dict.fromkeys(RECORD_KINDS, 0)
    t0 = time.perf_counter()
    extractions = []
    for ex in iter_extractions(paths, failed, progress):
        report.gazettes.append(ex.source)
        report.warnings.extend(ex.warnings)
        for kind in RECORD_KINDS:
            counts[kind] += len(getattr(ex, kind))
        extractions.append(ex)
    report.counts = counts
    report.seconds["extract"] = time.perf_counter() - t0
    if not extractions and not append:
        return

    t0 = time.perf_counter()
    # The validator starts on graph.nt while the other formats are written.
    submit = validation.submit if validation is not None else None
    summary = export_corpus(extractions, out_dir, resolver, append=append, on_ntriples=submit)
    report.seconds["export"] = time.perf_counter() - t0
    report.triples, report.nodes, report.edges = summary.triples, summary.nodes, summary.edges
    report.files = sorted(str(p.relative_to(out_dir)) for p in summary.files)
    if append:
        # The outputs now cover every gazette kept in OUT, not only the ones just added.
        from govgraph.export import load_extractions

        report.gazettes = sorted({ex.source for ex in load_extractions(out_dir)})

    nt_path = out_dir / "graph.nt"
    if store and nt_path.exists():
        t0 = time.perf_counter()
        from govgraph.store import build_store

        build_store(nt_path, out_dir / "store")
        report.files.append("store/")
        report.seconds["store"] = time.perf_counter() - t0
    if viz and nt_path.exists():
        t0 = time.perf_counter()
        report.files.append(str(render_output(out_dir).relative_to(out_dir)))
        report.seconds["viz"] = time.perf_counter() - t0
    if validation is not None and nt_path.exists():
        t0 = time.perf_counter()
        report.validation = validation.result()
        report.seconds["validate_wait"] = time.perf_counter() - t0
    atomic_write_text(
        out_dir / "report.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"
    )


def _build_streaming(
    report: BuildReport,
    paths: list[Path],
    out_dir: Path,
    append: bool,
    store: bool,
    workers: int | None,
    failed: Callable[[str], None],
    progress: Callable[[list[Path]], Iterable[Path]],
) -> BuildReport:
    """The streaming build (:mod:`govgraph.bulk`): bounded memory, no graph view, no SHACL."""
    from govgraph.bulk import stream_build

    result = stream_build(
        paths, out_dir, append=append, workers=workers, on_error=failed, progress=progress, store=store
    )
    report.gazettes, report.warnings, report.counts = result.gazettes, result.warnings, result.counts
    report.triples, report.seconds = result.triples, result.seconds
    report.files = sorted(str(p.relative_to(out_dir)) for p in result.files)
    if store and result.gazettes:
        report.files.append("store/")
    report.not_written = result.not_written
    if result.gazettes:
        report.validation = f"not run (streaming build, {result.triples} triples; run pyshacl on a subset)"
        atomic_write_text(
            out_dir / "report.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"
        )
    return report


def validate_output(out_dir: Path, max_triples: int = 300_000) -> str:
    """SHACL-validate the built graph against ontology/shapes.ttl (skipped above a size)."""
    from govgraph.shacl import validate_ntriples

    return validate_ntriples(current(out_dir) / "graph.nt", max_triples)


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
    render_html(load_networkx(out_dir), target, **options)
    return target


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
    report = render_html(G, target, focus=focus, depth=depth, **options)
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
