"""The streaming build: corpora too large to hold as one graph (years of gazettes, 10⁶–10⁷ triples).

The in-memory exporter (:mod:`govgraph.export`) keeps every N-Triples line, an rdflib-free
view of every fact and the networkx graph in memory: comfortable for a few dozen issues,
about 120 MB of memory per MB of gazette text.  Above :data:`STREAM_THRESHOLD_BYTES` of input,
:func:`govgraph.pipeline.build` comes here instead, and memory stays bounded by one gazette
per worker plus a fixed run size, whatever the corpus:

1. **extract** each gazette in a pool of worker processes; a worker writes the extraction to
   ``OUT/extractions/`` and hands back only what the corpus context needs (documents and
   division-of-work notices).  The text is dropped as soon as the gazette is done.
2. **context**: :class:`govgraph.graph.GraphContext` is filled in file-name order, exactly as
   the in-memory exporter fills it.
3. **emit**: workers reload their share of the extractions, stream :func:`iter_triples` into
   N-Triples lines and spill them as sorted, deduplicated *runs* of at most ``run_lines``
   lines to a temporary directory.  Entity resolution is a pure function of the mention and
   the registry, so which worker resolves what does not change a byte; the aliases learned by
   every worker are merged before the closing triples (aliases, parent bodies) are written.
4. **merge**: a k-way merge (:func:`heapq.merge`) of the runs writes ``graph.nt``, sorted and
   deduplicated: byte-identical to the in-memory exporter's and to a one-worker build.
   Meanwhile a separate process bulk-loads the runs into the SPARQL store (the store
   deduplicates; it needs no order).
5. ``tables/*.csv`` are derived from ``graph.nt`` one subject at a time (the labels they
   need are collected during the merge), with the same row functions as the in-memory
   tables, while the store's process streams ``graph.ttl`` from ``graph.nt`` (pyoxigraph).

What is not written at this size, and why (also in ``report.json``): ``graph.graphml`` and
``graph.html`` (a networkx/pyvis view of 10⁵–10⁶ edges is neither loadable nor readable:
query the store, or build a subset of the corpus for a picture); ``graph.jsonld`` (a single
JSON document of several GB; convert ``graph.nt`` if a JSON-LD consumer needs it); SHACL
validation (pySHACL needs the graph in rdflib: validate a subset, or ``graph.nt`` by hand).
"""

from __future__ import annotations

import contextlib
import csv
import gc
import heapq
import io
import json
import logging
import multiprocessing
import os
import pickle
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govgraph.atomic import atomic_open
from govgraph.errors import ExportError, GovGraphError
from govgraph.records import Extraction

log = logging.getLogger(__name__)

STREAM_THRESHOLD_BYTES = 8_000_000
"""Input size above which ``build`` streams (≈ 75 issues; the in-memory build then needs ≈ 1 GB)."""
RUN_LINES = 250_000
"""N-Triples lines a worker sorts in memory before spilling a run (≈ 100 MB of Python strings)."""

NOT_WRITTEN = {
    "graph.graphml": "a networkx view of this size is neither loadable nor readable; query the store",
    "graph.html": "a drawing of this size is unreadable; build a subset of the corpus for a picture",
    "graph.jsonld": "one JSON document of this size is of no use; convert graph.nt if needed",
}

RECORD_KINDS = (
    "documents",
    "tasks",
    "responsibilities",
    "leader_duties",
    "appointments",
    "references",
    "officials",
)


@dataclass
class StreamResult:
    gazettes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORD_KINDS, 0))
    triples: int = 0
    files: list[Path] = field(default_factory=list)
    not_written: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def input_bytes(paths: Iterable[Path]) -> int:
    total = 0
    for p in paths:
        with contextlib.suppress(OSError):
            total += p.stat().st_size
    return total


# ---------------------------------------------------------------------------------------------
# Worker side (module-level functions: picklable for a spawned pool)


def _fresh_resolver() -> Any:
    """A resolver with nothing learned yet: what it learns must come from this corpus only."""
    from govgraph.paths import ONTOLOGY_DIR
    from govgraph.resolve import Resolver

    return Resolver.from_dir(ONTOLOGY_DIR)


def _context_part(ex: Extraction) -> Extraction:
    """The part of an extraction :meth:`GraphContext.add` reads (documents, duty notices)."""
    return Extraction(
        source=ex.source, issue=ex.issue, documents=ex.documents, leader_duties=ex.leader_duties
    )


def _extract_one(task: tuple[str, str]) -> tuple[str, Any]:
    """Extract one gazette and store its extraction; returns what the parent needs."""
    from govgraph.export import save_extraction
    from govgraph.extract import extract_file

    path, out_dir = task
    try:
        ex = extract_file(path)
        save_extraction(out_dir, ex)
    except GovGraphError as err:
        return "error", str(err)
    counts = {kind: len(getattr(ex, kind)) for kind in RECORD_KINDS}
    return "ok", (_context_part(ex), counts, list(ex.warnings))


def _load_extraction(path: Path) -> Extraction:
    from govgraph.export import extraction_from_dict

    try:
        return extraction_from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ExportError(f"{path}: not a readable govgraph extraction ({err})") from err


class _RunWriter:
    """Collects N-Triples lines; spills them sorted and deduplicated every ``limit`` lines."""

    def __init__(self, directory: Path, prefix: str, limit: int) -> None:
        self.directory, self.prefix, self.limit = directory, prefix, limit
        self.lines: set[str] = set()
        self.runs: list[Path] = []

    def add(self, line: str) -> None:
        self.lines.add(line)
        if len(self.lines) >= self.limit:
            self.spill()

    def spill(self) -> None:
        if not self.lines:
            return
        path = self.directory / f"{self.prefix}-{len(self.runs):04d}.nt"
        ordered = sorted(self.lines)
        self.lines = set()
        with path.open("wb", buffering=1 << 20) as fh:
            for i in range(0, len(ordered), 10_000):
                fh.write("".join(ordered[i : i + 10_000]).encode("utf-8"))
        self.runs.append(path)


def _emit_share(task: tuple[list[str], bytes, str, str, int]) -> tuple[list[Path], set[str], set[str], bytes]:
    """Emit the triples of a share of the corpus as sorted runs.

    Returns the runs, the entities described and the parents wanted (the context's streaming
    bookkeeping) and the resolver's entities (for the aliases it learned).
    """
    from govgraph.graph import iter_triples, nt_line

    paths, context_bytes, run_dir, prefix, run_lines = task
    context = pickle.loads(context_bytes)
    resolver = _fresh_resolver()
    writer = _RunWriter(Path(run_dir), prefix, run_lines)
    with _no_cyclic_gc():
        for path in paths:
            ex = _load_extraction(Path(path))
            for triple in iter_triples(ex, resolver, context):
                writer.add(nt_line(triple))
        writer.spill()
    entities = pickle.dumps(resolver.entities(), protocol=pickle.HIGHEST_PROTOCOL)
    return writer.runs, context.described, context.parents_wanted, entities


def _store_and_turtle(runs: list[Path], out_dir: Path, merged: Any) -> None:
    """(side process) Load the store from the runs, then write graph.ttl once graph.nt is merged."""
    if runs:
        from govgraph.store import build_store

        build_store(runs, out_dir / "store")
    merged.wait()
    write_turtle(out_dir / "graph.nt", out_dir / "graph.ttl")


# ---------------------------------------------------------------------------------------------
# Parent side


class _MergedEntities:
    """The resolver the closing triples see: every worker's entities, their aliases merged."""

    def __init__(self, resolver: Any, entity_lists: Iterable[list[Any]]) -> None:
        self._resolver = resolver
        self._known: dict[str, Any] = {}
        for entities in entity_lists:
            for e in entities:
                old = self._known.get(e.id)
                if old is not None and old.aliases != e.aliases:
                    e = replace(old, aliases=tuple(sorted(set(old.aliases) | set(e.aliases))))
                self._known[e.id] = e

    def entities(self) -> list[Any]:
        return [self._known[k] for k in sorted(self._known)]

    def resolve_agency(self, mention: str) -> Any:
        return self._resolver.resolve_agency(mention)

    def resolve_person(self, name: str) -> Any:
        return self._resolver.resolve_person(name)

    def post(self, organization: Any, title: str) -> Any:
        return self._resolver.post(organization, title)


def _shares(paths: Sequence[Path], n: int) -> list[list[str]]:
    """``n`` contiguous shares of about equal size (extraction JSON bytes)."""
    sizes = [max(1, p.stat().st_size) for p in paths]
    total = sum(sizes)
    shares: list[list[str]] = [[] for _ in range(n)]
    acc = 0
    for p, size in zip(paths, sizes, strict=True):
        k = min(n - 1, acc * n // total)
        shares[k].append(str(p))
        acc += size
    return [s for s in shares if s]


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Millions of small objects and no reference cycles: the cyclic collector would only walk a
    growing heap again and again (a cost that grows faster than the corpus)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def merge_runs(runs: Sequence[Path], target: Path, labels: LabelIndex | None = None) -> int:
    """k-way merge of sorted runs into ``target``, duplicates dropped; returns the line count.

    ``labels``, when given, collects the labels the tables need from the lines going by.
    """
    with _no_cyclic_gc(), contextlib.ExitStack() as stack:
        files = [stack.enter_context(p.open("rb", buffering=1 << 20)) for p in runs]
        count = 0
        with atomic_open(target, "wb", encoding=None) as out:
            previous = b""
            batch: list[bytes] = []
            markers = labels.markers if labels is not None else ()
            for line in heapq.merge(*files):
                if line != previous:
                    batch.append(line)
                    previous = line
                    for marker in markers:
                        if marker in line:
                            labels.add(line.decode("utf-8"))  # type: ignore[union-attr]
                    if len(batch) >= 20_000:
                        out.write(b"".join(batch))
                        count += len(batch)
                        batch.clear()
            out.write(b"".join(batch))
            count += len(batch)
    return count


def stream_build(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    append: bool = False,
    workers: int | None = None,
    run_lines: int = RUN_LINES,
    on_error: Callable[[str], None] = log.error,
    progress: Callable[[list[Path]], Iterable[Path]] = lambda items: items,
    store: bool = True,
) -> StreamResult:
    """Build ``out_dir`` from ``paths`` without ever holding the corpus (see the module doc)."""
    from govgraph.export import EXTRACTIONS_DIR, extraction_path
    from govgraph.graph import GraphContext, iter_closing_triples, nt_line

    workers = workers or default_workers()
    result = StreamResult()
    out_dir.mkdir(parents=True, exist_ok=True)
    # Two inputs with the same file name share one extraction file: the later one wins, as in
    # the in-memory exporter.
    by_target = {extraction_path(out_dir, p.name): p for p in paths}
    todo = sorted(by_target.items())
    pool = None
    if workers > 1 and len(todo) > 1:
        pool = multiprocessing.get_context("spawn").Pool(workers)
    run_dir = Path(tempfile.mkdtemp(prefix=".runs.", dir=out_dir))
    loader = None
    try:
        # 1. extract ------------------------------------------------------------------------------
        t0 = time.perf_counter()
        tasks = [(str(src), str(out_dir)) for _, src in todo]
        outcomes: Iterator[tuple[str, Any]] = (
            pool.imap(_extract_one, tasks, chunksize=1) if pool else map(_extract_one, tasks)
        )
        parts: dict[Path, Extraction] = {}
        shown = progress([src for _, src in todo])
        for (status, value), _, (target, _src) in zip(outcomes, shown, todo, strict=False):
            if status == "error":
                on_error(value)
                continue
            part, counts, warnings = value
            parts[target] = part
            result.warnings.extend(warnings)
            for kind, n in counts.items():
                result.counts[kind] += n
        existing = sorted((out_dir / EXTRACTIONS_DIR).glob("*.json"))
        if not append:
            for stale in existing:
                if stale not in parts:
                    stale.unlink()
            existing = sorted(parts)
        result.seconds["extract"] = time.perf_counter() - t0
        if not existing:
            return result

        # 2. context, in file-name order --------------------------------------------------------
        t0 = time.perf_counter()
        context = GraphContext()
        for path in existing:
            ex = parts.get(path) or _load_extraction(path)
            context.add(ex)
            result.gazettes.append(ex.source)
        context.finish()
        parts.clear()
        result.gazettes.sort()

        # 3. emit ---------------------------------------------------------------------------------
        context_bytes = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)
        shares = _shares(existing, workers if pool else 1)
        emit_tasks = [
            (share, context_bytes, str(run_dir), f"w{i}", run_lines) for i, share in enumerate(shares)
        ]
        emitted = (
            pool.map(_emit_share, emit_tasks, chunksize=1) if pool else list(map(_emit_share, emit_tasks))
        )
        if pool is not None:
            pool.close()
        runs: list[Path] = []
        for share_runs, described, wanted, _ in emitted:
            runs += share_runs
            context.described |= described
            context.parents_wanted |= wanted
        resolver = _MergedEntities(_fresh_resolver(), (pickle.loads(e) for *_, e in emitted))
        closing = _RunWriter(run_dir, "closing", 1 << 62)
        for triple in iter_closing_triples(resolver, context):  # type: ignore[arg-type]
            closing.add(nt_line(triple))
        closing.spill()
        runs += closing.runs
        result.seconds["emit"] = time.perf_counter() - t0

        # 4. merge here; store and Turtle in another process ---------------------------------------
        # The store needs no order: it loads the runs while this process merges them, then
        # writes graph.ttl from the merged graph.nt while this process derives the tables.
        t0 = time.perf_counter()
        spawn = multiprocessing.get_context("spawn")
        nt_path = out_dir / "graph.nt"
        merged = spawn.Event()
        loader = spawn.Process(
            target=_store_and_turtle, args=(runs if store else [], out_dir, merged), daemon=True
        )
        loader.start()
        index = LabelIndex()
        result.triples = merge_runs(runs, nt_path, index)
        merged.set()
        result.files.append(nt_path)
        result.seconds["merge"] = time.perf_counter() - t0

        # 5. tables from graph.nt ---------------------------------------------------------------
        t0 = time.perf_counter()
        result.files += write_tables_from_nt(nt_path, out_dir, index)
        result.seconds["tables"] = time.perf_counter() - t0
        for name, reason in NOT_WRITTEN.items():
            stale = out_dir / name
            if stale.exists():
                stale.unlink()  # from an earlier in-memory build: it would not match this graph
            result.not_written[name] = reason
        t0 = time.perf_counter()
        loader.join()
        if loader.exitcode != 0:
            raise ExportError(f"{out_dir}: writing the store and graph.ttl failed (exit {loader.exitcode})")
        result.files.append(out_dir / "graph.ttl")
        result.seconds["store_ttl_wait"] = time.perf_counter() - t0
        return result
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if loader is not None and loader.is_alive():  # a failure here: the store is left as it was
            loader.terminate()
            loader.join()
        shutil.rmtree(run_dir, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Outputs derived from graph.nt


def write_turtle(nt_path: Path, target: Path) -> Path:
    """Turtle with govgraph's prefixes, streamed by pyoxigraph (the in-memory exporter's bytes)."""
    import pyoxigraph as ox

    from govgraph.namespace import PREFIXES

    with atomic_open(target, "wb", encoding=None) as fh:
        ox.serialize(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES), fh, ox.RdfFormat.TURTLE,
                     prefixes=PREFIXES)  # fmt: skip
    return target


_LINE_RE = re.compile(r"<([^>]*)> <([^>]*)> (.*) \.\n?")
_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE_RE.sub(
        lambda m: chr(int(m[1] or m[2], 16)) if (m[1] or m[2]) else _SIMPLE_ESCAPES[m[3]], text
    )


class Literal(str):
    """A literal read back for the tables: its lexical form, as cheap as a string.

    The row functions only take ``str()`` or ``int()`` of a literal, or compare it with
    ``rdflib.Literal(True)`` (str equality of the lexical forms, "true"); rdflib's own Literal
    would parse every lexical form, a third of the time of the whole table pass.  The class
    name matters: :func:`govgraph.graph._term_order` sorts by it.
    """

    __slots__ = ()


class _TermReader:
    """N-Triples lines (as written by :func:`govgraph.graph.nt_line`) back to terms for the rows."""

    def __init__(self) -> None:
        from rdflib import URIRef

        from govgraph import graph

        self._uri = URIRef
        # The very objects the row functions look up with: dictionary hits by identity.
        self._vocabulary: dict[str, Any] = {}
        for ns in (graph.GG, graph.ELI, graph.DCTERMS, graph.FOAF, graph.ORG, graph.PROV, graph.RDF,
                   graph.SKOS, graph.TIME, graph.XSD):  # fmt: skip
            for term in vars(ns).values():
                self._vocabulary[str(term)] = term
        self._iris: dict[str, Any] = dict(self._vocabulary)

    def iri(self, text: str) -> Any:
        term = self._iris.get(text)
        if term is None:
            if len(self._iris) > 200_000:
                self._iris = dict(self._vocabulary)
            term = self._iris[text] = self._uri(text)
        return term

    def object(self, text: str) -> Any:
        if text[0] == "<":
            return self.iri(text[1:-1])
        # "…", "…"@zh or "…"^^<datatype>: tags and datatype IRIs hold no quote, so the last
        # quote closes the lexical form (quotes inside it are escaped).
        end = len(text) - 1 if text[-1] == '"' else text.rindex('"')
        return Literal(_unescape(text[1:end]))

    def predicate_object(self, line: str) -> tuple[Any, Any]:
        """(predicate, object) of a line; IRIs hold no space (they are percent-encoded)."""
        _s, p, rest = line.split(" ", 2)
        if not rest.endswith(" .\n"):
            raise ExportError(f"not an N-Triples line: {line[:80]!r}")
        return self.iri(p[1:-1]), self.object(rest[:-3])

    def triples(self, line: str) -> tuple[str, Any, Any]:
        m = _LINE_RE.fullmatch(line)
        if m is None:
            raise ExportError(f"not an N-Triples line: {line[:80]!r}")
        return m[1], self.iri(m[2]), self.object(m[3])


def _subject_groups(nt_path: Path) -> Iterator[tuple[str, list[str]]]:
    """(subject IRI, its lines) from a sorted N-Triples file: a subject's lines are adjacent."""
    current, lines = "", []
    with nt_path.open(encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        for line in fh:
            subject = line[1 : line.index(">")]
            if subject != current:
                if lines:
                    yield current, lines
                current, lines = subject, []
            lines.append(line)
    if lines:
        yield current, lines


class LabelIndex:
    """What a table row needs of the nodes it links to: their prefLabel, and the identifier of
    a gazette (the provenance columns name it)."""

    def __init__(self) -> None:
        from govgraph.graph import DCTERMS, SKOS

        self._pref = str(SKOS.prefLabel)
        self.labels: dict[str, str] = {}
        self.identifiers: dict[str, str] = {}
        self.markers = tuple(f"> <{p}> ".encode() for p in (SKOS.prefLabel, DCTERMS.identifier))
        self._reader = _TermReader()

    def add(self, line: str) -> None:
        s, p, o = self._reader.triples(line)
        target = self.labels if str(p) == self._pref else self.identifiers
        text = str(o)
        old = target.get(s)
        if old is None or text < old:  # FactView.one: the first value in sorted order
            target[s] = text

    @classmethod
    def from_nt(cls, nt_path: Path) -> LabelIndex:
        index = cls()
        markers = tuple(m.decode() for m in index.markers)
        with nt_path.open(encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
            for line in fh:
                if any(m in line for m in markers):
                    index.add(line)
        return index


def write_tables_from_nt(nt_path: Path, out_dir: Path, index: LabelIndex | None = None) -> list[Path]:
    """``tables/*.csv`` from a sorted ``graph.nt``, one subject at a time.

    The rows come from the same functions as :meth:`govgraph.graph.FactView.tables`; a row
    reads its own subject's triples and the labels of the nodes it links to (``index``; read
    from ``nt_path`` first when not given).
    """
    with _no_cyclic_gc():
        return _write_tables(nt_path, out_dir, index or LabelIndex.from_nt(nt_path))


def _write_tables(nt_path: Path, out_dir: Path, index: LabelIndex) -> list[Path]:
    from govgraph.export import TABLES_DIR
    from govgraph.graph import _TABLES, RDF, table_columns

    labels, identifiers = index.labels, index.identifiers
    rdf_type = str(RDF.type)
    reader = _TermReader()

    classes_of = {name: {str(c) for c in classes} for name, classes, _, _ in _TABLES}
    table_classes = set().union(*classes_of.values())
    type_marker = f"> <{rdf_type}> <"
    columns = table_columns()
    # Rows are kept CSV-encoded (a few hundred bytes each) until they can be sorted by IRI.
    rows: dict[str, list[tuple[str, bytes]]] = {name: [] for name, *_ in _TABLES}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    view = _subject_view(labels, identifiers)
    for subject, lines in _subject_groups(nt_path):
        types = {ln[ln.index(type_marker) + len(type_marker) : -4] for ln in lines if type_marker in ln}
        if not types & table_classes:
            continue
        view.load(reader.iri(subject), [reader.predicate_object(ln) for ln in lines])
        for name, _classes, row, keep in _TABLES:
            if not classes_of[name].isdisjoint(types) and keep(view, view.subject):
                values = row(view, view.subject)
                buffer.seek(0)
                buffer.truncate()
                writer.writerow([values[c] for c in columns[name]])
                rows[name].append((subject, buffer.getvalue().encode("utf-8")))

    files = []
    for name, table in rows.items():
        table.sort(key=lambda item: item[0])
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(columns[name])
        path = out_dir / TABLES_DIR / f"{name}.csv"
        with atomic_open(path, "wb", encoding=None) as fh:
            fh.write(buffer.getvalue().encode("utf-8"))
            for i in range(0, len(table), 10_000):
                fh.write(b"".join(line for _, line in table[i : i + 10_000]))
        files.append(path)
        rows[name] = []
    return files


def _subject_view_class() -> type:
    from govgraph.graph import DCTERMS, SKOS, FactView, _term_order

    class SubjectView(FactView):
        """A :class:`FactView` of one subject; other nodes are known by label (and identifier)."""

        def __init__(self, labels: dict[str, str], identifiers: dict[str, str]) -> None:
            super().__init__()
            self._labels, self._identifiers = labels, identifiers
            self.subject: Any = None

        def load(self, subject: Any, pairs: list[tuple[Any, Any]]) -> None:
            props: dict[Any, list[Any]] = {}
            for p, o in pairs:
                values = props.get(p)
                if values is None:
                    props[p] = [o]
                else:
                    values.append(o)
            for values in props.values():
                if len(values) > 1:
                    values.sort(key=_term_order)  # as FactView.freeze
            self.props = {subject: props}
            self.subject = subject

        def one(self, s: Any, p: Any) -> Any:
            if s is self.subject or str.__eq__(s, self.subject):
                values = self.props[self.subject].get(p)
                return values[0] if values else None
            if p == SKOS.prefLabel:
                return self._labels.get(str(s))
            if p == DCTERMS.identifier:
                return self._identifiers.get(str(s))
            return None

    return SubjectView


def _subject_view(labels: dict[str, str], identifiers: dict[str, str]) -> Any:
    return _subject_view_class()(labels, identifiers)
