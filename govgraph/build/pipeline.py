"""The one build path, on Dask: gazettes → records → triples → sorted N-Triples → every output.

1. **extract**: one task per gazette (a pure map: file → stored extraction, plus the small part
   of it the corpus context needs).  An unreadable input is one error line; the others go on.
2. **context**: the documents and division-of-work notices of every gazette, gathered in
   identity order into one :class:`~govgraph.graph.GraphContext` and handed to every emitter.
3. **emit**: one task per partition of gazettes (about :data:`PARTITION_BYTES` of stored
   records): N-Triples lines, without duplicates within the partition.  The closing triples
   (aliases learned across the corpus, parent bodies) follow from what the emitters return.
4. **sort**: one partition is sorted as it is; several are sorted by Dask (a dask.dataframe
   shuffle partitioned on the subject, each partition then sorted on its lines), so a subject's
   lines never straddle two sorted partitions and the output is the same bytes whatever the
   number of workers.
5. **write**: one task per sorted partition writes its N-Triples, its Turtle, its table rows
   (CSV and Parquet) and its chain facts; the parts are concatenated in order.  The SPARQL store
   bulk-loads the partitions one by one, in a thread, as they are written (the loader's memory
   is that of a partition, not of the graph); two tasks join the chain index from the chain
   facts (:mod:`govgraph.build.chain_index`).  Each write task also validates its partition
   against the SHACL shapes, with the types of the nodes it links to from the whole graph (a
   :class:`~govgraph.build.validate.TypeIndex` the emitters gather), and the counts of violations
   add up to the graph's.  Below :data:`WHOLE_GRAPH_MAX_TRIPLES`, the whole-graph outputs (GraphML,
   the HTML view, JSON-LD) follow; above it they are skipped and ``report.json`` says so.

Where the tasks run: in this process by default (each task called in turn; Dask's synchronous
scheduler only to sort a graph spilled in several partitions);
on a local cluster of ``workers`` processes (``--workers N``); or on a running ``dask.distributed``
cluster (``--scheduler tcp://HOST:PORT`` or ``GOVGRAPH_SCHEDULER``), whose workers must see the
input and output paths.  Everything is written to a new output generation and made current in
one step (:mod:`govgraph.build.outputs`).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import logging
import os
import shutil
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from govgraph.atomic import atomic_write_text
from govgraph.build.extractions import EXTRACTIONS_DIR, extraction_path, read_extraction, save_extraction
from govgraph.build.inputs import Input, fetched, find_inputs, is_url
from govgraph.build.outputs import build_lock, new_generation
from govgraph.errors import ExportError, GovGraphError
from govgraph.records import RECORD_KINDS, Extraction

log = logging.getLogger(__name__)

DATA_DEFAULT = Path("data/gazettes")
PARTITION_BYTES = 2_600_000
"""Stored-record bytes (JSON) of one emission partition: ≈ 10 gazette issues, ≈ 20 MB of lines.

Small enough that a hundred issues make a dozen tasks for the workers to share evenly (at 8 MB, ×100
made 5, and the second of 2 workers idled through the last); large enough that the descriptions
repeated in every partition that mentions a body cost little (+2% CPU at ×100)."""
WHOLE_GRAPH_MAX_TRIPLES = 300_000
"""Above this, no GraphML, HTML view or JSON-LD (see :data:`NOT_WRITTEN`)."""
SCHEDULER_ENV = "GOVGRAPH_SCHEDULER"
TABLES_DIR = "tables"
WORK_DIR = ".work"

NOT_WRITTEN = {
    "graph.graphml": "a networkx view of this size is neither loadable nor readable; query the store",
    "graph.html": "a drawing of this size is unreadable; build a subset of the corpus for a picture",
    "graph.jsonld": "one JSON document of this size is of no use; convert graph.nt if needed",
}


# ---------------------------------------------------------------------------------------------
# The report


@dataclass
class BuildReport:
    out_dir: Path
    gazettes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    nodes: int = 0
    edges: int = 0
    files: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    validation: str | None = None
    failing_shapes: list[str] = field(default_factory=list)
    not_written: dict[str, str] = field(default_factory=dict)
    generation: str | None = None
    partitions: int = 0
    resolution: list[dict[str, Any]] = field(default_factory=list)  # per document (resolve.Resolver)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gazettes": self.gazettes,
            "failures": self.failures,
            "errors": self.errors,
            "warnings": self.warnings,
            "duplicates": self.duplicates,
            "counts": self.counts,
            "triples": self.triples,
            "nodes": self.nodes,
            "edges": self.edges,
            "files": self.files,
            "validation": self.validation,
            "failing_shapes": self.failing_shapes,
            "not_written": self.not_written,
            "generation": self.generation,
            "resolution": self.resolution,
        }

    def summary(self) -> str:
        whole = "graph.graphml" not in self.not_written
        lines = [
            f"built {self.out_dir}: {len(self.gazettes)} gazette(s), {self.triples} triples"
            + (f", {self.nodes} nodes, {self.edges} edges" if whole else ""),
            "  " + ", ".join(f"{k} {v}" for k, v in self.counts.items()),
        ]
        if self.resolution:
            kinds = ("registered", "rule_made", "unresolved")
            total = {k: sum(int(r[k]) for r in self.resolution) for k in kinds}
            unplaced = sum(1 for r in self.resolution if r["jurisdiction"] is None)
            lines.append(
                f"  mentions: {total['registered']} registered, {total['rule_made']} rule-made, "
                f"{total['unresolved']} unresolved (jurisdiction unknown in {unplaced} of "
                f"{len(self.resolution)} documents)"
            )
        if self.validation:
            lines.append(f"  SHACL: {self.validation}")
        for name, reason in self.not_written.items():
            lines.append(f"  {name} not written: {reason}")
        if self.duplicates:
            lines.append(f"  {len(self.duplicates)} duplicate input(s) built once")
        if self.errors:
            lines.append(
                f"  {len(self.errors)} error(s): {self.errors[0]}" + (" …" if len(self.errors) > 1 else "")
            )
        if self.warnings:
            lines.append(f"  {len(self.warnings)} warning(s), see {self.out_dir / 'report.json'}")
        if self.failures:
            lines.append(f"  {len(self.failures)} input(s) failed")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Tasks (module-level functions: they run in other processes on a cluster)


@dataclass
class Extracted:
    """What a gazette's extraction task hands back (the records stay in the stored file)."""

    source: str
    stored: str
    sha256: str | None
    context: Extraction  # documents and duty notices only
    counts: dict[str, int]
    warnings: list[str]
    errors: list[str]
    size: int


def _context_part(ex: Extraction) -> Extraction:
    return Extraction(
        source=ex.source, issue=ex.issue, documents=ex.documents, leader_duties=ex.leader_duties
    )


def _extracted(ex: Extraction, stored: Path, sha256: str | None) -> Extracted:
    return Extracted(
        source=ex.source,
        stored=str(stored),
        sha256=sha256,
        context=_context_part(ex),
        counts={kind: len(getattr(ex, kind)) for kind in RECORD_KINDS},
        warnings=list(ex.warnings),
        errors=list(ex.errors),
        size=stored.stat().st_size,
    )


def extract_task(path: str, source: str, generation: str) -> Extracted | str:
    """Extract one gazette into the generation's stored records; an error is one line."""
    import hashlib

    from govgraph.extract import extract_gazette
    from govgraph.ingest import load_gazette

    try:
        if is_url(path):
            from govgraph.ingest.decode import MAX_BYTES

            with fetched(path, MAX_BYTES) as local:
                gz = load_gazette(local, source=source)
        else:
            gz = load_gazette(path, source=source)
        ex = extract_gazette(gz)
        digest = hashlib.sha256(gz.raw.encode("utf-8")).hexdigest()
        # the text read, line for line, for the facts' links to their lines (graph.html, serve)
        from govgraph.viz.sources import SOURCES_DIR, write_source_page

        write_source_page(Path(generation) / SOURCES_DIR, ex.source, gz.as_printed(gz.raw))
        return _extracted(ex, save_extraction(generation, ex, digest), digest)
    except GovGraphError as err:
        return str(err)
    except Exception as err:  # a bug must cost one gazette, not the build
        log.error("%s: extraction failed\n%s", path, traceback.format_exc())
        return f"{path}: cannot be built ({type(err).__name__}: {err})"


def stored_task(stored: str) -> Extracted:
    """What :func:`extract_task` returns, for an extraction carried over from the last build."""
    ex, digest = read_extraction(Path(stored))
    return _extracted(ex, Path(stored), digest)


@contextlib.contextmanager
def without_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused, for a task that makes millions of small acyclic
    objects (terms, rows, facts): it would only rescan them, and the worker's long-lived ones
    (labels, types, modules) with them.  It was a sixth of the write tasks' CPU on ×300 (2
    workers: 43–45 against 49–53 CPU-s).  Extraction, measured the same way, gained nothing."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Emitted:
    lines: list[str] | None  # the partition's lines (one partition), or
    spilled: str | None  # the Parquet file they were written to (several)
    described: set[str]
    parents_wanted: set[str]
    entities: list[Any]
    labels: Any  # LabelIndex
    types: Any  # TypeIndex of the lines, for the validation of sorted partitions (or None)
    resolution: list[dict[str, Any]]  # per document: jurisdiction and resolved mentions


def _fresh_resolver() -> Any:
    """A resolver with nothing learned: what it learns must come from this corpus only."""
    from govgraph.resolve import Resolver
    from govgraph.resources import registry_dir

    return Resolver.from_dir(registry_dir())


def emit_task(stored: Sequence[str], context: Any, spill: str | None, index_types: bool) -> Emitted:
    """The N-Triples lines of a partition of gazettes, without duplicates (and, if ``index_types``,
    the types the validation of sorted partitions needs)."""
    from govgraph.build.tables import LabelIndex
    from govgraph.graph import iter_triples, nt_line

    # The context remembers what this emitter described: a copy of its own, so that tasks run in
    # one process do not see each other's bookkeeping.
    context = copy.copy(context)
    context.described, context.parents_wanted = set(), set()
    resolver = _fresh_resolver()
    lines: set[str] = set()
    with without_cycle_collection():
        for path in stored:
            ex, _ = read_extraction(Path(path))
            lines.update(map(nt_line, iter_triples(ex, resolver, context)))
    labels = LabelIndex()
    labels.note_lines(lines)
    types = None
    if index_types:
        from govgraph.build.validate import TypeIndex

        types = TypeIndex()
        types.note_lines(lines)
    if spill is not None:
        _spill(list(lines), spill)  # in any order: the sort puts them in order
    return Emitted(
        lines=None if spill is not None else sorted(lines),
        spilled=spill,
        described=context.described,
        parents_wanted=context.parents_wanted,
        entities=list(resolver.entities()),
        labels=labels,
        types=types,
        resolution=resolver.resolution_report(),
    )


def _spill(lines: list[str], path: str) -> None:
    """Lines to a Parquet file for the sort, each with its subject (``<IRI>``, the sort's key).

    The key is cut by Arrow's regular expressions on the whole column (a quarter of the CPU of
    :func:`~govgraph.build.tables.subject_key` line by line)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    column = pa.array(lines, pa.string())
    key = pc.struct_field(pc.extract_regex(column, r"^(?P<key><[^>]*>)"), [0])
    pq.write_table(pa.table({"key": key, "line": column}), path)


@dataclass
class Written:
    index: int
    triples: int
    violations: Counter[str] | None  # by shape (validate.count_violations), if validated


def write_task(part: Any, index: int, labels: Any, work: str, known_types: Any) -> Written:
    """Write one sorted partition: ``part-N.nt``, ``part-N.ttl``, its table rows and its chain
    facts (``part-N.chain``, for the chain index); and validate it, given ``known_types`` (a
    :class:`~govgraph.build.validate.TypeIndex` of the whole graph, empty when the partition is the
    whole graph; None: no validation)."""
    with without_cycle_collection():
        return _write_partition(part, index, labels, work, known_types)


def _write_partition(part: Any, index: int, labels: Any, work: str, known_types: Any) -> Written:
    from govgraph.build import writers
    from govgraph.build.chain_index import partition_facts, save_facts
    from govgraph.build.tables import TableRows, subject_groups

    lines = part if isinstance(part, list) else _unique_lines(part)
    base = Path(work) / f"part-{index:05d}"
    data = "".join(lines).encode("utf-8")
    base.with_suffix(".nt").write_bytes(data)
    with base.with_suffix(".ttl").open("wb") as fh:
        writers.turtle(data, fh)
    rows = TableRows(labels)
    for group in subject_groups(lines):
        rows.feed(group)
    writers.table_parts(rows, base)
    save_facts(partition_facts(lines), base.with_suffix(".chain"))
    found = None
    if known_types is not None:
        from govgraph.build.validate import count_violations

        found = count_violations(lines, known=known_types)
    return Written(index, len(lines), found)


def chain_index_task(fact_files: Sequence[str], target: str, half: int) -> str:
    """Write one half of the chain index (``chain.sqlite``) from the partitions' chain facts."""
    from govgraph.build.chain_index import write_index

    with without_cycle_collection():
        return str(write_index(fact_files, target, half))


def _unique_lines(frame: Any) -> list[str]:
    """The lines of a sorted dataframe partition, duplicates (adjacent) dropped."""
    out: list[str] = []
    previous = None
    for line in frame["line"].tolist():
        if line != previous:
            out.append(line)
            previous = line
    return out


# ---------------------------------------------------------------------------------------------
# Where the tasks run


class Engine:
    """Runs lists of tasks (:meth:`task`): in this process, or on a ``dask.distributed`` client."""

    def __init__(self, client: Any = None, show_progress: bool = False) -> None:
        self.client = client
        self.show_progress = show_progress

    def task(self, fn: Callable[..., Any], *args: Any) -> Any:
        """The call ``fn(*args)``, to be run by :meth:`run`: a Dask task on a cluster, or in this
        process when an argument is a Dask collection (the sorted partitions of a spilled graph);
        otherwise the call itself, which :meth:`run` makes without Dask (importing Dask and its
        scheduler's bookkeeping were 0.05 of a cold demo build's 2 CPU-s)."""
        if self.client is None and not any(_is_dask(arg) for arg in args):
            return functools.partial(fn, *args)
        import dask

        def hand(arg: Any) -> Any:
            # A list (a partition's lines) goes as one value: Dask would otherwise walk it looking
            # for tasks inside (0.1 CPU-s for the demo's 19,000 lines).  On a cluster, other values
            # pass as they are (a value shared by :meth:`share` is a future Dask must see); in
            # this process, every argument but a Dask collection is a value in hand.
            if _is_dask(arg) or (self.client is not None and not isinstance(arg, list)):
                return arg
            return dask.delayed(arg, traverse=False)

        return dask.delayed(fn, pure=False)(*map(hand, args))

    def run(self, tasks: list[Any], label: str) -> list[Any]:
        """The results of ``tasks``, in their order."""
        if not tasks:
            return []
        if self.client is None and all(isinstance(t, functools.partial) for t in tasks):
            return _call_in_turn(tasks, _bar(label, len(tasks), self.show_progress))
        if self.client is None:
            import dask
            from dask.local import get_sync

            # The function itself, not the name "synchronous": a name makes Dask import
            # distributed to look for a client (half a second of every small build).
            with _sync_progress(label, tasks, self.show_progress):
                return list(dask.compute(*tasks, scheduler=get_sync))
        results: list[Any] = [None] * len(tasks)
        for i, result in self._completed(tasks, label):
            results[i] = result
        return results

    def as_completed(self, tasks: list[Any], label: str) -> Iterator[Any]:
        """The results of ``tasks`` as they are done (on a cluster, so that this process can use
        each while the workers go on); in this process, all of them once they are all done (the
        tasks may share a graph, which one compute runs once)."""
        if self.client is None:
            yield from self.run(tasks, label)
            return
        for _, result in self._completed(tasks, label):
            yield result

    def _completed(self, tasks: list[Any], label: str) -> Iterator[tuple[int, Any]]:
        """(index, result) of each task as the cluster finishes it, counted on the progress bar."""
        from distributed import as_completed

        futures = self.client.compute(tasks)
        index = {future.key: i for i, future in enumerate(futures)}
        bar = _bar(label, len(futures), self.show_progress)
        try:
            with _cluster_failures(f"the {label} tasks"):
                for future in as_completed(futures):
                    result = future.result()
                    if bar is not None:
                        bar.update(1)
                    yield index[future.key], result
        finally:
            if bar is not None:
                bar.close()

    def submit(self, task: Any, label: str) -> Callable[[], Any]:
        """Start one task now (on a cluster, beside what this process does next); the function
        returned waits for its result.  In this process, the task runs when its result is asked."""
        if self.client is None:
            return lambda: self.run([task], label)[0]
        future = self.client.compute(task)

        def result() -> Any:
            with _cluster_failures(f"the {label} task"):
                return future.result()

        return result

    def share(self, value: Any) -> Any:
        """``value`` as an argument of many tasks, sent once: on a cluster, scattered to every
        worker (inside the task graph it would travel with the graph, and Dask warns of graphs of
        megabytes: ×1000's labels are 19 MB); in this process, the value itself, not walked for
        tasks inside."""
        if self.client is None:
            return value
        return self.client.scatter(value, broadcast=True, hash=False)

    def persist_parquet_sort(self, files: list[str]) -> list[Any]:
        """Sorted partitions (delayed pandas frames) of the spilled lines, by (subject, line)."""
        import dask.dataframe as dd

        frame = dd.read_parquet(files)
        # Partitioned on the subject (a subject's lines never straddle two partitions), each
        # partition then sorted on its lines alone: the same order as by (subject, line), as a
        # subject key ends with the ">" no IRI holds, and one string column sorts in two thirds
        # of the CPU of two (×300: 5.7 against 8.1 CPU-s on 2 workers).
        return list(frame.sort_values("key", sort_function_kwargs={"by": "line"}).to_delayed())


def _is_dask(value: Any) -> bool:
    """A Dask collection (delayed, dataframe…), by its protocol: no need to import Dask to ask."""
    return hasattr(value, "__dask_graph__")


def _call_in_turn(tasks: list[Any], bar: Any) -> list[Any]:
    results: list[Any] = []
    try:
        for task in tasks:
            results.append(task())
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return results


@contextlib.contextmanager
def _cluster_failures(what: str) -> Iterator[None]:
    """Workers that died more often than the scheduler retries a task: one line, and the previous
    output stays current."""
    from distributed import KilledWorker
    from distributed.comm import CommClosedError

    try:
        yield
    except (KilledWorker, CommClosedError, TimeoutError) as err:
        raise ExportError(f"{what} failed on the cluster ({type(err).__name__}: {err})") from None


def _bar(label: str, total: int, show: bool) -> Any:
    if not show or total < 2:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="task", file=sys.stderr, leave=False, disable=None)


@contextlib.contextmanager
def _sync_progress(label: str, tasks: list[Any], show: bool) -> Iterator[None]:
    """A tick of the bar for each of ``tasks`` that Dask's synchronous scheduler finishes (by its
    key: the tasks it runs to get there, reading and shuffling the partitions, do not count)."""
    bar = _bar(label, len(tasks), show)
    if bar is None:
        yield
        return
    from dask.callbacks import Callback

    keys = {task.key for task in tasks}

    class Ticks(Callback):
        def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, id: Any) -> None:
            if key in keys:
                bar.update(1)

    try:
        with Ticks():
            yield
    finally:
        bar.close()


@contextlib.contextmanager
def engine(workers: int | None, scheduler: str | None, show_progress: bool) -> Iterator[Engine]:
    """In this process; a local cluster of ``workers`` processes; or the cluster at ``scheduler``."""
    address = scheduler or os.environ.get(SCHEDULER_ENV) or None
    if address is None and not workers:
        yield Engine(None, show_progress)
        return
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.worker.daemon": False, "logging.distributed": "error"}):
        if address is not None:
            try:
                client = Client(address, timeout="10s")
            except (OSError, TimeoutError) as err:
                raise ExportError(f"{address}: cannot reach the Dask scheduler ({err})") from None
            with client:
                _prepare_workers(client)
                yield Engine(client, show_progress)
            return
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            host="127.0.0.1",
        )
        with cluster, Client(cluster) as client:
            _prepare_workers(client)
            yield Engine(client, show_progress)


def system_memory_pool() -> None:
    """Arrow allocates with the C library's allocator in this process.

    Arrow's default pool (mimalloc) keeps what it freed: a worker that reads, sorts and writes one
    partition after another grew with the corpus (≈ 800 MB for ×300's 1.7 M lines sorted on 2
    workers, 560 MB with the system allocator, which hands freed memory back).
    """
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


def _prepare_workers(client: Any) -> None:
    # On every worker, present and future, of a local or a remote cluster.
    from distributed.diagnostics.plugin import WorkerPlugin

    class SystemMemoryPool(WorkerPlugin):
        name = "govgraph-system-memory-pool"

        def setup(self, worker: Any) -> None:
            system_memory_pool()

    client.register_plugin(SystemMemoryPool())


# ---------------------------------------------------------------------------------------------
# The build


def gazette_files(inputs: Iterable[Path]) -> list[Path]:
    """Files as given; directories searched recursively for gazettes (sorted)."""
    from govgraph.ingest import gazette_files as find

    return find(list(inputs))


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    append: bool = False,
    validate: bool = True,
    viz: bool = True,
    store: bool = True,
    on_error: Callable[[str], None] | None = None,
    progress: bool | Callable[..., Any] = False,
    workers: int | None = None,
    scheduler: str | None = None,
    wait: float | None = 0,
    partition_bytes: int = PARTITION_BYTES,
) -> BuildReport:
    """Build ``out_dir`` from gazette files and folders (see the module doc).

    ``workers``: run on a local cluster of that many processes; ``scheduler``: the address of a
    running cluster (default ``$GOVGRAPH_SCHEDULER``); neither: in this process.  ``wait``:
    seconds to wait for another build of ``out_dir`` (None: no limit).  Bad inputs go to
    ``on_error`` (default: the log), one line each, and the rest is built.  Errors of the output
    itself raise :class:`~govgraph.errors.ExportError` (one line) and leave the output as it was.
    """
    if isinstance(out_dir, str) and is_url(out_dir):
        raise ExportError(
            f"{out_dir}: the output must be a folder on a local or shared file system "
            "(a build's generations are made current by renaming, which object stores cannot do)"
        )
    out_dir = Path(out_dir)
    report = BuildReport(out_dir=out_dir)

    def failed(message: str) -> None:
        report.failures.append(message)
        (on_error or log.error)(message)

    given = [p if is_url(p) else Path(p) for p in inputs]
    found = find_inputs(given, failed)
    if not found and not append:
        if not report.failures:
            from govgraph.ingest.decode import GAZETTE_SUFFIXES

            kinds = ", ".join(GAZETTE_SUFFIXES)
            failed(f"{', '.join(map(str, given))}: no gazette files ({kinds}) found")
        return report
    with build_lock(out_dir, wait=wait):
        generation = new_generation(out_dir)
        try:
            with engine(workers, scheduler, bool(progress)) as runner:
                _build(report, found, generation, append, validate, viz, store, failed, runner,
                       partition_bytes)  # fmt: skip
            if report.gazettes:
                report.generation = generation.id
                atomic_write_text(generation.path / "report.json", _report_json(report))
                generation.commit()
        except OSError as err:
            raise ExportError(
                f"{getattr(err, 'filename', None) or out_dir}: cannot write ({err.strerror or err})"
            ) from None
        finally:
            generation.discard()
    return report


def _report_json(report: BuildReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _build(
    report: BuildReport,
    found: list[Input],
    generation: Any,
    append: bool,
    validate: bool,
    viz: bool,
    store: bool,
    failed: Callable[[str], None],
    runner: Engine,
    partition_bytes: int,
) -> None:
    gen = generation.path
    work = gen / WORK_DIR
    work.mkdir()
    (gen / EXTRACTIONS_DIR).mkdir()

    # 1. extract (and, with --append, what the last build stored) ---------------------------------
    t0 = time.perf_counter()
    from govgraph.viz.sources import SOURCES_DIR, carry_source_pages, remove_source_page

    carried = _carry_extractions(generation.previous, gen) if append else {}
    carry_source_pages(generation.previous, gen, sorted(carried))
    new_sources = {item.source for item in found}
    extract = [runner.task(extract_task, str(item.path), item.source, str(gen)) for item in found]
    old = [runner.task(stored_task, str(p)) for s, p in sorted(carried.items()) if s not in new_sources]
    results = runner.run([*old, *extract], "extract")
    by_hash: dict[str, Extracted] = {}
    kept: list[Extracted] = []
    for result in results:
        if isinstance(result, str):
            failed(result)
    # Of the same text under several names, the one the output already has is kept, else the first.
    candidates = sorted(
        (r for r in results if not isinstance(r, str)), key=lambda r: (r.source not in carried, r.source)
    )
    for result in candidates:
        first = by_hash.get(result.sha256 or "") if result.sha256 else None
        if first is not None:
            report.duplicates.append(f"{result.source}: the same text as {first.source}; built once")
            if result.source in new_sources:
                Path(result.stored).unlink(missing_ok=True)
                remove_source_page(gen / SOURCES_DIR, result.source)
            continue
        if result.sha256:
            by_hash[result.sha256] = result
        kept.append(result)
    kept.sort(key=lambda r: r.source)
    report.seconds["extract"] = time.perf_counter() - t0
    if not kept:
        return
    report.gazettes = [r.source for r in kept]
    report.counts = {kind: sum(r.counts[kind] for r in kept) for kind in RECORD_KINDS}
    report.warnings = [w for r in kept for w in r.warnings]
    report.errors = [e for r in kept for e in r.errors]

    # 2. context -----------------------------------------------------------------------------------
    from govgraph.graph import GraphContext, iter_closing_triples, nt_line

    context = GraphContext.from_extractions(r.context for r in kept)
    for r in kept:
        r.context = None  # type: ignore[assignment]

    # 3. emit --------------------------------------------------------------------------------------
    t0 = time.perf_counter()
    shares = _partitions(kept, partition_bytes)
    spill = len(shares) > 1
    shared_context = runner.share(context)
    emitted: list[Emitted] = runner.run(
        [
            runner.task(
                emit_task,
                share,
                shared_context,
                str(work / f"emit-{i:05d}.parquet") if spill else None,
                spill and validate,
            )
            for i, share in enumerate(shares)
        ],
        "emit",
    )
    for e in emitted:
        context.described |= e.described
        context.parents_wanted |= e.parents_wanted
    report.resolution = sorted(
        (r for e in emitted for r in e.resolution), key=lambda r: (str(r["gazette"]), str(r["document"]))
    )
    resolver = _MergedEntities(_fresh_resolver, (e.entities for e in emitted))
    closing = sorted({nt_line(t) for t in iter_closing_triples(resolver, context)})  # type: ignore[arg-type]
    labels = emitted[0].labels
    for e in emitted[1:]:
        labels.update(e.labels)
    labels.note_lines(closing)
    known_types = None
    if validate:
        from govgraph.build.validate import TypeIndex

        known_types = TypeIndex()  # a single partition is the whole graph: it knows every type
        for e in emitted:
            if e.types is not None:
                known_types.update(e.types)
        if spill:
            known_types.note_lines(closing)
    report.seconds["emit"] = time.perf_counter() - t0

    # 4. sort and 5. write the partitions ------------------------------------------------------------
    t0 = time.perf_counter()
    shared_labels = runner.share(labels)
    shared_types = runner.share(known_types) if known_types is not None else None
    if not spill:
        parts: list[Any] = [sorted(set(emitted[0].lines or ()).union(closing))]
    else:
        closing_file = str(work / "emit-closing.parquet")
        _spill(closing, closing_file)
        parts = runner.persist_parquet_sort([e.spilled for e in emitted if e.spilled] + [closing_file])
    del emitted
    writes = [
        runner.task(write_task, part, i, shared_labels, str(work), shared_types)
        for i, part in enumerate(parts)
    ]
    written: list[Written] = []
    chain_index: Callable[[], Any] | None = None

    def start_chain_index() -> Callable[[], Any]:
        # The chain index (answers `govgraph chain` in the size of the answer) is joined from the
        # partitions' chain facts by two tasks (a half of the entries each), started as soon as
        # the last partition is written: they run on the workers while this process loads the
        # last parts into the store and puts the parts end to end, and are merged at the end.
        from govgraph.build.chain_index import HALVES, INDEX_FILE, merge_indexes

        facts = [str(work / f"part-{w.index:05d}.chain") for w in sorted(written, key=lambda w: w.index)]
        halves = [
            runner.submit(
                runner.task(chain_index_task, facts, str(work / f"chain-{k}.sqlite"), k), "chain index"
            )
            for k in range(len(HALVES))
        ]
        return lambda: merge_indexes([half() for half in halves], gen / INDEX_FILE)

    def written_parts() -> Iterator[Path]:
        # Each partition is loaded into the store as soon as it is written, while the workers
        # write the next ones (the store's content does not depend on the order of loading).
        nonlocal chain_index
        for w in runner.as_completed(writes, "write"):
            written.append(w)
            if store and len(written) == len(writes):
                chain_index = start_chain_index()
            yield work / f"part-{w.index:05d}.nt"

    files: list[Path] = []
    loading = None
    if store:
        # One bulk load per sorted partition: Oxigraph's bulk loader buffers about as much as the
        # file it loads (1.2 GB for ×300's graph.nt in one piece, 170 MB in 13 parts, the same CPU).
        # The loads run in a thread of their own (Oxigraph lets go of the GIL), so that the last
        # ones and the store's compaction go on while this thread puts the parts end to end.
        loading = _StoreLoader(gen / "store")
        try:
            for part in written_parts():
                loading.add(part)
        except BaseException:
            loading.abandon()
            raise
        loading.close()
    else:
        for _ in written_parts():
            pass
    written.sort(key=lambda w: w.index)
    report.partitions = len(written)
    report.triples = sum(w.triples for w in written)
    if validate:
        from govgraph.build.validate import Validation

        result = Validation.of_counts(sum((w.violations or Counter() for w in written), Counter()))
        report.validation, report.failing_shapes = result.summary(), result.failing_shapes
    report.seconds["sort_write"] = time.perf_counter() - t0

    bases = [work / f"part-{w.index:05d}" for w in written]
    t0 = time.perf_counter()
    from govgraph.build import writers

    files += [
        writers.concatenate([b.with_suffix(".nt") for b in bases], gen / "graph.nt"),
        writers.concatenate_turtle([b.with_suffix(".ttl") for b in bases], gen / "graph.ttl"),
        *writers.tables(bases, gen / TABLES_DIR),
    ]
    report.seconds["concatenate"] = time.perf_counter() - t0
    if loading is not None:
        t0 = time.perf_counter()
        files.append(loading.result())
        report.seconds["store"] = time.perf_counter() - t0  # what was left to wait for
    nt_path = gen / "graph.nt"
    if chain_index is not None:
        t0 = time.perf_counter()
        files.append(Path(chain_index()))
        report.seconds["chain_index"] = time.perf_counter() - t0
    shutil.rmtree(work)

    # whole-graph outputs ----------------------------------------------------------------------------
    if report.triples > WHOLE_GRAPH_MAX_TRIPLES:
        report.not_written = dict(NOT_WRITTEN)
    else:
        t0 = time.perf_counter()
        graph = writers.networkx_view(nt_path)
        report.nodes, report.edges = graph.number_of_nodes(), graph.number_of_edges()
        files.append(writers.graphml(graph, gen / "graph.graphml"))
        files.append(writers.jsonld(nt_path, gen / "graph.jsonld"))
        report.seconds["whole_graph"] = time.perf_counter() - t0
        if viz:
            t0 = time.perf_counter()
            from govgraph.viz import render_html

            render_html(graph, gen / "graph.html", sources=gen / SOURCES_DIR)
            files.append(gen / "graph.html")
            report.seconds["viz"] = time.perf_counter() - t0
    if (gen / SOURCES_DIR).is_dir():
        files.append(gen / SOURCES_DIR)
    report.files = sorted(str(p.relative_to(gen)) + ("/" if p.is_dir() else "") for p in files)


class _StoreLoader:
    """The SPARQL store, bulk-loaded in a thread from the parts handed to :meth:`add`."""

    def __init__(self, target: Path) -> None:
        import queue
        from concurrent.futures import ThreadPoolExecutor

        from govgraph.store import build_store

        self._parts: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="govgraph-store")
        # The parts were parsed strictly when the write tasks turned them into Turtle.
        self._loaded = self._pool.submit(build_store, self._queued(), target, parsed=True)

    def _queued(self) -> Iterator[Path]:
        while (part := self._parts.get()) is not None:
            yield part

    def add(self, part: Path) -> None:
        self._parts.put(part)

    def close(self) -> None:
        """No more parts: the store is finished in the thread."""
        self._parts.put(None)
        self._pool.shutdown(wait=False)

    def abandon(self) -> None:
        """The build failed: the thread is let finish (its files go with the generation)."""
        self.close()
        with contextlib.suppress(Exception):
            self._loaded.result()

    def result(self) -> Path:
        """The store's path, once loaded (its error, if any)."""
        return self._loaded.result()


def _partitions(kept: list[Extracted], limit: int) -> list[list[str]]:
    """Consecutive gazettes (in identity order) in partitions of about ``limit`` stored bytes.

    Depends on the corpus only, never on the workers: the same corpus is always cut the same way.
    """
    shares: list[list[str]] = [[]]
    size = 0
    for r in kept:
        if shares[-1] and size + r.size > limit:
            shares.append([])
            size = 0
        shares[-1].append(r.stored)
        size += r.size
    return shares


def _carry_extractions(previous: Path | None, target: Path) -> dict[str, Path]:
    """The stored extractions of the current build, linked into the new generation (``--append``);
    by identity."""
    carried: dict[str, Path] = {}
    if previous is None or not (previous / EXTRACTIONS_DIR).is_dir():
        return carried
    for path in sorted((previous / EXTRACTIONS_DIR).glob("*.json")):
        ex, _ = read_extraction(path)  # a corrupt stored extraction is one line, before any change
        dest = extraction_path(target, ex.source)
        try:
            os.link(path, dest)  # a generation never changes a file in place: sharing is safe
        except OSError:
            shutil.copyfile(path, dest)
        carried[ex.source] = dest
    return carried


class _MergedEntities:
    """The resolver the closing triples see: every emitter's entities, their aliases merged."""

    def __init__(self, make_resolver: Callable[[], Any], entity_lists: Iterable[list[Any]]) -> None:
        # A resolver is made only when a parent body nobody mentioned must be resolved by name.
        self._make_resolver = make_resolver
        self._made: Any = None
        self._known: dict[str, Any] = {}
        for entities in entity_lists:
            for e in entities:
                old = self._known.get(e.id)
                if old is not None and old.aliases != e.aliases:
                    e = replace(old, aliases=tuple(sorted(set(old.aliases) | set(e.aliases))))
                self._known[e.id] = e

    def entities(self) -> list[Any]:
        return [self._known[k] for k in sorted(self._known)]

    @property
    def _resolver(self) -> Any:
        if self._made is None:
            self._made = self._make_resolver()
        return self._made

    def resolve_agency(self, mention: str) -> Any:
        return self._resolver.resolve_agency(mention)

    def resolve_person(self, name: str) -> Any:
        return self._resolver.resolve_person(name)

    def post(self, organization: Any, title: str) -> Any:
        return self._resolver.post(organization, title)
