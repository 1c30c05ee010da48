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
   lines to a temporary directory, noting on the way the labels the tables will need.  Entity
   resolution is a pure function of the mention and the registry, so which worker resolves
   what does not change a byte; the aliases learned by every worker are merged before the
   closing triples (aliases, parent bodies) are written.  A separate process bulk-loads each
   run into the SPARQL store as soon as it is spilled (the store deduplicates; it needs no
   order): loading is the longest single task of the build, so it starts as early as it can.
4. **merge**: the sorted lines are cut into one range of subjects per worker
   (:func:`range_bounds`; a subject's lines never straddle two ranges).  Each worker k-way
   merges (:func:`heapq.merge`) its range of every run, deduplicated, derives the table rows
   of each subject as its lines go by (same row functions as the in-memory tables) and
   serializes its range as Turtle (pyoxigraph).
5. The ranges are concatenated in order into ``graph.nt``, ``graph.ttl`` and
   ``tables/*.csv``: byte-identical to the in-memory exporter's and to a one-worker build.

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
import itertools
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
from typing import IO, Any

from govgraph.atomic import atomic_open
from govgraph.errors import ExportError, GovGraphError
from govgraph.records import RECORD_KINDS, Extraction

log = logging.getLogger(__name__)

STREAM_THRESHOLD_BYTES = 8_000_000
"""Input size above which ``build`` streams (≈ 75 issues; the in-memory build then needs ≈ 1 GB)."""
RUN_SUFFIX = ".run"
RUN_LINES = 250_000
"""N-Triples lines a worker sorts in memory before spilling a run (≈ 100 MB of Python strings)."""

NOT_WRITTEN = {
    "graph.graphml": "a networkx view of this size is neither loadable nor readable; query the store",
    "graph.html": "a drawing of this size is unreadable; build a subset of the corpus for a picture",
    "graph.jsonld": "one JSON document of this size is of no use; convert graph.nt if needed",
}


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
    from govgraph.resolve import Resolver
    from govgraph.resources import registry_dir

    return Resolver.from_dir(registry_dir())


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
        path = self.directory / f"{self.prefix}-{len(self.runs):04d}{RUN_SUFFIX}"
        ordered = sorted(self.lines)
        self.lines = set()
        partial = path.with_suffix(".partial")
        with partial.open("wb", buffering=1 << 20) as fh:
            for i in range(0, len(ordered), 10_000):
                fh.write("".join(ordered[i : i + 10_000]).encode("utf-8"))
        partial.replace(path)  # the store's loader takes a run as soon as it has this name
        self.runs.append(path)


def _emit_share(
    task: tuple[list[str], bytes, str, str, int],
) -> tuple[list[Path], set[str], set[str], bytes, LabelIndex]:
    """Emit the triples of a share of the corpus as sorted runs.

    Returns the runs, the entities described and the parents wanted (the context's streaming
    bookkeeping), the resolver's entities (for the aliases it learned) and the labels the tables
    need, noted on the way (so the merge need not look for them).
    """
    from govgraph.graph import iter_triples, nt_line

    paths, context_bytes, run_dir, prefix, run_lines = task
    context = pickle.loads(context_bytes)
    resolver = _fresh_resolver()
    writer = _RunWriter(Path(run_dir), prefix, run_lines)
    labels = LabelIndex()
    with _no_cyclic_gc():
        for path in paths:
            ex = _load_extraction(Path(path))
            for triple in iter_triples(ex, resolver, context):
                writer.add(nt_line(triple))
                labels.note(triple)
        writer.spill()
    entities = pickle.dumps(resolver.entities(), protocol=pickle.HIGHEST_PROTOCOL)
    return writer.runs, context.described, context.parents_wanted, entities, labels


def _runs_as_spilled(run_dir: Path, emitted: Any) -> Iterator[Path]:
    """The runs of ``run_dir`` as the workers spill them, until ``emitted`` is set."""
    seen: set[Path] = set()
    while True:
        done = emitted.is_set()  # before listing: every run spilled by then is listed
        new = sorted(p for p in run_dir.glob(f"*{RUN_SUFFIX}") if p not in seen)
        seen.update(new)
        yield from new
        if done and not new:
            return
        if not new:
            emitted.wait(0.2)


def _load_store(run_dir: Path, out_dir: Path, emitted: Any) -> None:
    """(side process) Load the store from the runs while they are spilled and merged (it needs
    neither order nor uniqueness): bulk loading is the longest single task of the build."""
    from govgraph.store import build_store

    build_store(_runs_as_spilled(run_dir, emitted), out_dir / "store")


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


def range_bounds(runs: Sequence[Path], ranges: int, samples: int = 64) -> list[bytes]:
    """``ranges - 1`` subject prefixes (``b"<IRI> "``) cutting the merged lines into about equal
    ranges, from lines sampled in the runs.

    A subject's lines all start with its prefix and no other line does (IRIs hold neither ``>``
    nor a space), so a cut at a prefix never splits a subject.
    """
    weighted: list[tuple[bytes, int]] = []
    for path in runs:
        size = path.stat().st_size
        if not size:
            continue
        with path.open("rb") as fh:
            for k in range(samples):
                fh.seek(size * k // samples)
                if k:
                    fh.readline()
                line = fh.readline()
                if line:
                    weighted.append((line[: line.index(b">") + 2], size))
    weighted.sort()
    total = sum(w for _, w in weighted)
    bounds: list[bytes] = []
    acc, k = 0, 1
    for prefix, w in weighted:
        acc += w
        while k < ranges and acc * ranges >= total * k:
            if not bounds or prefix > bounds[-1]:
                bounds.append(prefix)
            k += 1
    return [b for b in bounds if b > weighted[0][0]] if weighted else []


def _range_lines(fh: IO[bytes], low: bytes, high: bytes | None) -> Iterator[bytes]:
    """The lines ``low <= line < high`` of a sorted file."""
    lines = iter(fh)
    if low:
        for line in lines:
            if line >= low:
                if high is not None and line >= high:
                    return
                yield line
                break
    if high is None:
        yield from lines
        return
    for line in lines:
        if line >= high:
            return
        yield line


def merge_range(
    task: tuple[Sequence[Path], bytes, bytes | None, Path, LabelIndex],
) -> tuple[int, dict[str, tuple[str, str] | None]]:
    """One range of the outputs: the lines ``low <= line < high`` of the sorted runs, merged
    without duplicates into ``target``; their Turtle into ``target.ttl``; the table rows of their
    subjects (each subject's lines are adjacent in the merged stream), sorted by IRI, into
    ``target.TABLE.csv``.  Returns the line count and each table's first and last IRI."""
    runs, low, high, target, labels = task
    tables = _TableRows(labels)
    with _no_cyclic_gc(), contextlib.ExitStack() as stack:
        files = [_range_lines(stack.enter_context(p.open("rb", buffering=1 << 20)), low, high) for p in runs]
        count = 0
        with target.open("wb") as out:
            previous = b""
            batch: list[bytes] = []
            prefix, group = b"\x00", []
            for line in heapq.merge(*files):
                if line == previous:
                    continue
                previous = line
                batch.append(line)
                if line.startswith(prefix):
                    group.append(line)
                else:
                    if group:
                        tables.feed(group)
                    prefix, group = line[: line.index(b">") + 2], [line]
                if len(batch) >= 20_000:
                    out.write(b"".join(batch))
                    count += len(batch)
                    batch.clear()
            out.write(b"".join(batch))
            count += len(batch)
            if group:
                tables.feed(group)
    spans: dict[str, tuple[str, str] | None] = {}
    for name, rows in tables.rows.items():
        rows.sort(key=lambda item: item[0])
        spans[name] = (rows[0][0], rows[-1][0]) if rows else None
        with _table_part(target, name).open("wb") as fh:
            for i in range(0, len(rows), 10_000):
                fh.write(b"".join(line for _, line in rows[i : i + 10_000]))
    del tables  # the rows can go before the Turtle is written
    with target.with_suffix(".ttl").open("wb") as fh:
        _serialize_turtle(target, fh)
    return count, spans


def _table_part(target: Path, table: str) -> Path:
    return target.with_suffix(f".{table}.csv")


def _concatenate_tables(
    parts: Sequence[Path], spans: Sequence[dict[str, tuple[str, str] | None]], out_dir: Path
) -> list[Path]:
    """``tables/*.csv`` from the sorted rows of consecutive ranges of subjects.

    A range's subjects sort after the previous range's in N-Triples order; they almost always
    do as IRIs too, and the parts are then concatenated.  When they do not (an IRI that is a
    prefix of another: ``…/a`` sorts before ``…/a1`` but ``<…/a> `` after ``<…/a1> ``), the parts
    are merged by IRI, the first column of every table.
    """
    from govgraph.export import TABLES_DIR
    from govgraph.graph import TABLE_NAMES, table_columns

    columns = table_columns()
    files = []
    for name in TABLE_NAMES:
        present = [(_table_part(part, name), span[name]) for part, span in zip(parts, spans, strict=True)]
        present = [(part, span) for part, span in present if span is not None]
        in_order = all(a[1][1] < b[1][0] for a, b in itertools.pairwise(present))  # type: ignore[index]
        path = out_dir / TABLES_DIR / f"{name}.csv"
        with atomic_open(path, "w") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns[name])
            with contextlib.ExitStack() as stack:
                if in_order:
                    fh.flush()
                    for part, _ in present:
                        _copy_rest(stack.enter_context(part.open("rb")), fh.buffer)
                else:
                    opened = [stack.enter_context(p.open(encoding="utf-8", newline="")) for p, _ in present]
                    writer.writerows(heapq.merge(*map(csv.reader, opened), key=lambda row: row[0]))
        files.append(path)
    return files


def _copy_rest(src: IO[bytes], out: IO[bytes]) -> None:
    """Append what is left of ``src`` to ``out``, in the kernel where it can (a GB of graph.nt
    through Python costs seconds of the one process everybody waits for)."""
    offset = src.tell()
    size = os.fstat(src.fileno()).st_size
    out.flush()
    copy = getattr(os, "copy_file_range", None)
    if copy is not None:
        try:
            while offset < size:
                copied = copy(src.fileno(), out.fileno(), size - offset, offset)
                if not copied:
                    break
                offset += copied
        except OSError:  # not between these files: through Python
            pass
    src.seek(offset)
    shutil.copyfileobj(src, out, 1 << 24)


def _concatenate(parts: Sequence[Path], target: Path) -> None:
    with atomic_open(target, "wb", encoding=None) as out:
        for part in parts:
            with part.open("rb") as fh:
                _copy_rest(fh, out)


_TURTLE_DIRECTIVES = (b"@prefix ", b"@base ")


def _concatenate_turtle(parts: Sequence[Path], target: Path) -> None:
    """One Turtle file from the Turtle of consecutive ranges of subjects: the first part's prefix
    lines, then every part's statements.  The serializer keeps no state from one subject to the
    next, so these are the bytes of serializing the whole graph at once."""
    with atomic_open(target, "wb", encoding=None) as out:
        for i, part in enumerate(parts):
            with part.open("rb") as fh:
                while True:
                    start = fh.tell()
                    line = fh.readline()
                    if not line.startswith(_TURTLE_DIRECTIVES):
                        fh.seek(start)
                        break
                    if i == 0:
                        out.write(line)
                _copy_rest(fh, out)


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

        # 3. emit, the store loading the runs as they come ---------------------------------------
        spawn = multiprocessing.get_context("spawn")
        emitted_all = spawn.Event()
        if store:
            loader = spawn.Process(target=_load_store, args=(run_dir, out_dir, emitted_all), daemon=True)
            loader.start()
        context_bytes = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)
        shares = _shares(existing, workers if pool else 1)
        emit_tasks = [
            (share, context_bytes, str(run_dir), f"w{i}", run_lines) for i, share in enumerate(shares)
        ]
        emitted = (
            pool.map(_emit_share, emit_tasks, chunksize=1) if pool else list(map(_emit_share, emit_tasks))
        )
        runs: list[Path] = []
        index = LabelIndex()
        for share_runs, described, wanted, _, labels in emitted:
            runs += share_runs
            context.described |= described
            context.parents_wanted |= wanted
            index.update(labels)
        resolver = _MergedEntities(_fresh_resolver(), (pickle.loads(e) for *_, e, _ in emitted))
        del emitted
        closing = _RunWriter(run_dir, "closing", 1 << 62)
        for triple in iter_closing_triples(resolver, context):  # type: ignore[arg-type]
            closing.add(nt_line(triple))
            index.note(triple)
        closing.spill()
        runs += closing.runs
        emitted_all.set()
        result.seconds["emit"] = time.perf_counter() - t0

        # 4. merge, tables and Turtle: one range of subjects per worker ---------------------------
        t0 = time.perf_counter()
        nt_path, ttl_path = out_dir / "graph.nt", out_dir / "graph.ttl"
        bounds = range_bounds(runs, workers) if pool else []
        lows, highs = [b"", *bounds], [*bounds, None]
        parts = [run_dir / f"part-{i:02d}.nt" for i in range(len(lows))]
        merge_tasks = [(runs, lo, hi, part, index) for lo, hi, part in zip(lows, highs, parts, strict=True)]
        ranges = (
            pool.map(merge_range, merge_tasks, chunksize=1) if pool else list(map(merge_range, merge_tasks))
        )
        if pool is not None:
            pool.close()
        _concatenate(parts, nt_path)
        _concatenate_turtle([part.with_suffix(".ttl") for part in parts], ttl_path)
        result.triples = sum(count for count, _ in ranges)
        result.files += [nt_path, ttl_path]
        result.seconds["merge"] = time.perf_counter() - t0

        # 5. tables, from the rows the ranges derived ----------------------------------------------
        t0 = time.perf_counter()
        result.files += _concatenate_tables(parts, [spans for _, spans in ranges], out_dir)
        result.seconds["tables"] = time.perf_counter() - t0

        for name, reason in NOT_WRITTEN.items():
            stale = out_dir / name
            if stale.exists():
                stale.unlink()  # from an earlier in-memory build: it would not match this graph
            result.not_written[name] = reason
        t0 = time.perf_counter()
        if loader is not None:
            loader.join()
            if loader.exitcode != 0:
                raise ExportError(f"{out_dir}: loading the store failed (exit {loader.exitcode})")
        result.seconds["store_wait"] = time.perf_counter() - t0
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

    with atomic_open(target, "wb", encoding=None) as fh:
        _serialize_turtle(nt_path, fh)
    return target


def _serialize_turtle(nt_path: Path, fh: IO[bytes]) -> None:
    import pyoxigraph as ox

    from govgraph.namespace import PREFIXES

    ox.serialize(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES), fh, ox.RdfFormat.TURTLE,
                 prefixes=PREFIXES)  # fmt: skip


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


def _subject_groups(nt_path: Path) -> Iterator[list[bytes]]:
    """The lines of a sorted N-Triples file, one subject at a time (a subject's lines are adjacent)."""
    prefix, lines = b"\x00", []
    with nt_path.open("rb", buffering=1 << 20) as fh:
        for line in fh:
            if not line.startswith(prefix):
                if lines:
                    yield lines
                prefix, lines = line[: line.index(b">") + 2], []
            lines.append(line)
    if lines:
        yield lines


class LabelIndex:
    """What a table row needs of the nodes it links to: their prefLabel, and the identifier of
    a gazette (the provenance columns name it)."""

    def __init__(self) -> None:
        _bind_label_predicates()
        self.labels: dict[str, str] = {}
        self.identifiers: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"labels": self.labels, "identifiers": self.identifiers}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.labels, self.identifiers = state["labels"], state["identifiers"]

    @staticmethod
    def _keep(target: dict[str, str], subject: str, text: str) -> None:
        old = target.get(subject)
        if old is None or text < old:  # FactView.one: the first value in sorted order
            target[subject] = text

    def note(self, triple: tuple[Any, Any, Any]) -> None:
        """Note a triple of :mod:`govgraph.graph` if it is a label or an identifier.

        Predicates are compared by identity (graph.py emits the terms of its namespace snapshots):
        this runs for every triple emitted, and rdflib's ``URIRef.__eq__``/``__hash__`` would cost
        a second per million triples.
        """
        p = triple[1]
        if p is _PREF_LABEL:
            self._keep(self.labels, str(triple[0]), str(triple[2]))
        elif p is _IDENTIFIER:
            self._keep(self.identifiers, str(triple[0]), str(triple[2]))

    def update(self, other: LabelIndex) -> None:
        for mine, theirs in ((self.labels, other.labels), (self.identifiers, other.identifiers)):
            for subject, text in theirs.items():
                self._keep(mine, subject, text)

    @classmethod
    def from_nt(cls, nt_path: Path) -> LabelIndex:
        from govgraph.graph import DCTERMS, SKOS

        index, reader = cls(), _TermReader()
        pref = str(SKOS.prefLabel)
        markers = {f"> <{p}> ".encode(): p for p in (SKOS.prefLabel, DCTERMS.identifier)}
        with nt_path.open("rb", buffering=1 << 20) as fh:
            for raw in fh:
                if any(m in raw for m in markers):
                    s, p, o = reader.triples(raw.decode("utf-8"))
                    cls._keep(index.labels if str(p) == pref else index.identifiers, s, str(o))
        return index


_PREF_LABEL: Any = None
_IDENTIFIER: Any = None


def _bind_label_predicates() -> None:
    global _PREF_LABEL, _IDENTIFIER
    if _PREF_LABEL is None:
        from govgraph.graph import DCTERMS, SKOS

        _PREF_LABEL, _IDENTIFIER = SKOS.prefLabel, DCTERMS.identifier


def write_tables_from_nt(nt_path: Path, out_dir: Path, index: LabelIndex | None = None) -> list[Path]:
    """``tables/*.csv`` from a sorted ``graph.nt``, one subject at a time.

    The rows come from the same functions as :meth:`govgraph.graph.FactView.tables`; a row
    reads its own subject's triples and the labels of the nodes it links to (``index``; read
    from ``nt_path`` first when not given).
    """
    with _no_cyclic_gc():
        rows = _TableRows(index or LabelIndex.from_nt(nt_path))
        for lines in _subject_groups(nt_path):
            rows.feed(lines)
        return write_table_rows([rows.rows], out_dir)


class _TableRows:
    """The table rows of subjects fed one at a time (their sorted N-Triples lines), CSV-encoded
    (a few hundred bytes each) until they can be sorted by IRI."""

    def __init__(self, index: LabelIndex) -> None:
        from govgraph.graph import _TABLES, RDF, table_columns

        self._reader = _TermReader()
        self._classes_of = {name: {str(c) for c in classes} for name, classes, _, _ in _TABLES}
        self._table_classes = {c.encode() for c in set().union(*self._classes_of.values())}
        self._type_marker = f"> <{RDF.type}> <".encode()
        self._tables = _TABLES
        self._columns = table_columns()
        self.rows: dict[str, list[tuple[str, bytes]]] = {name: [] for name, *_ in _TABLES}
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self._view = _subject_view(index.labels, index.identifiers)

    def feed(self, lines: list[bytes]) -> None:
        marker = self._type_marker
        start = len(marker)
        types = {ln[ln.index(marker) + start : -4] for ln in lines if marker in ln}
        if types.isdisjoint(self._table_classes):
            return
        type_names = {t.decode() for t in types}
        text = [ln.decode("utf-8") for ln in lines]
        subject = text[0][1 : text[0].index(">")]
        reader, view, buffer = self._reader, self._view, self._buffer
        view.load(reader.iri(subject), [reader.predicate_object(ln) for ln in text])
        for name, _classes, row, keep in self._tables:
            if not self._classes_of[name].isdisjoint(type_names) and keep(view, view.subject):
                values = row(view, view.subject)
                buffer.seek(0)
                buffer.truncate()
                self._writer.writerow([values[c] for c in self._columns[name]])
                self.rows[name].append((subject, buffer.getvalue().encode("utf-8")))


def write_table_rows(parts: Sequence[dict[str, list[tuple[str, bytes]]]], out_dir: Path) -> list[Path]:
    """Write ``tables/*.csv`` from the rows of :class:`_TableRows` (of one or several ranges of
    subjects), sorted by IRI as the in-memory tables are."""
    from govgraph.export import TABLES_DIR
    from govgraph.graph import TABLE_NAMES, table_columns

    columns = table_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    files = []
    for name in TABLE_NAMES:
        table = [item for part in parts for item in part.get(name, ())]
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
