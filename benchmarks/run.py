"""govgraph benchmark: every stage on the demo corpus, a cold CLI build, and growth with the corpus.

    python benchmarks/run.py [--sizes 10,100,1000] [--out benchmarks/results.json] [--quick]

Measures, in one run:

* **stages** on the demo corpus (``data/gazettes``): ingest, each extractor, resolve, graph
  (triples and the fact view), each serialisation (nt, ttl, jsonld, graphml, tables), the store,
  SHACL, every named SPARQL query on rdflib and on the store, the HTML view.  Each stage runs in
  a process of its own (``--stage``), so a stage's peak memory is its own and not that of the
  stages before it; what a stage needs (e.g. the extractions, for the graph) is prepared in that
  process before the clock starts, and reported as ``rss_before``.
* **cold build**: ``govgraph build data/ -o TMP`` in a new process, CLI start-up included.
* **scale**: synthetic corpora of N issues (``benchmarks/synth.py``) built on a local Dask
  cluster of 2 workers (and one corpus on 1 worker too, for the speed-up): wall time, CPU time
  of every process, peak memory of the process tree and of its largest process (sampled every
  50 ms from /proc), and the growth exponents fitted by least squares on log-log; the
  responsibility-chain query on the store of the ×100 build (p50 over many documents, units and
  tasks).

Writes the results as JSON and prints markdown tables (with the machine they ran on).  The
targets of issue 8 are checked in the printout; nothing here asserts (speed is not a unit test).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path.insert(0, str(REPO_DIR))
sys.path.insert(0, str(BENCH_DIR))

DEMO_DIR = REPO_DIR / "data" / "gazettes"
DEFAULT_OUT = BENCH_DIR / "results.json"
SCALE_WORKERS = 2
TARGETS = {
    "cold_build_cpu_s": 2.0,
    "extraction_mb_s_per_core": 2.0,
    "chain_p50_ms": 10.0,
    "x1000_cpu_s": 150.0,
    "x1000_worker_rss_mb": 1024.0,
    "time_exponent": 1.05,
    "speedup_2_workers": 1.7,
}
PACKAGES = ("govgraph", "spacy", "rdflib", "pyoxigraph", "dask", "distributed", "pyarrow",
            "networkx", "pyvis", "pandas", "typer")  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Measuring


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def rss_now_kb() -> int:
    """Resident set size of this process now (Linux /proc; 0 elsewhere)."""
    return _status_kb("VmRSS") or 0


def peak_rss_kb() -> int:
    """Peak RSS of this process.  VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a
    child forked from a big parent would report the parent's size."""
    hwm = _status_kb("VmHWM")
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def _tree_rss_kb(root: int) -> int:
    """RSS of ``root`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def _largest_rss_kb(root: int) -> tuple[int, int]:
    """RSS of ``root`` (the build's own process: the Dask client) and of the largest of its
    descendants (a Dask worker, on a local cluster)."""
    own = biggest = 0
    stack, children = [root], _children()
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                rss = int(fh.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except OSError:
            rss = 0
        if pid == root:
            own = rss
        else:
            biggest = max(biggest, rss)
        stack.extend(children.get(pid, ()))
    return own, biggest


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    return children


def run_sampled(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall time, CPU time of every process it started (user + system, from the
    rusage of reaped children), peak RSS of its process tree and of its largest process (sampled)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = client = worker = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, client, worker
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak = max(peak, _tree_rss_kb(proc.pid))
                own, biggest = _largest_rss_kb(proc.pid)
                client, worker = max(client, own), max(worker, biggest)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = usage.ru_maxrss
    return {
        "seconds": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime - cpu_before,
        "peak_tree_rss_mb": peak / 1024,
        "largest_process_rss_mb": max(client, worker) / 1024,
        "client_rss_mb": client / 1024,
        "largest_worker_rss_mb": worker / 1024,
        # ru_maxrss of the children is a running maximum: only a new maximum is informative.
        "max_process_rss_mb": (after / 1024) if after > before else None,
        "returncode": proc.returncode,
        "stdout": out.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace")[-2000:],
    }


# ---------------------------------------------------------------------------------------------
# Stages (each runs in a child: python benchmarks/run.py --stage NAME --work DIR)


def _corpus_paths() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.suffix in (".txt", ".md"))


def _text_bytes() -> int:
    return sum(p.stat().st_size for p in _corpus_paths())


def _extractions(work: Path) -> list[Any]:
    from govgraph.build.extractions import load_extractions

    return load_extractions(work / "demo_out")


def _triples_and_view(work: Path) -> tuple[set[str], Any]:
    from govgraph.build.pipeline import _fresh_resolver
    from govgraph.graph import FactView, GraphContext, iter_closing_triples, iter_triples, nt_line

    extractions = _extractions(work)
    resolver = _fresh_resolver()
    context = GraphContext.from_extractions(extractions)
    lines: set[str] = set()
    view = FactView()
    for ex in extractions:
        for triple in iter_triples(ex, resolver, context):
            line = nt_line(triple)
            if line not in lines:
                lines.add(line)
                view.add(triple)
    for triple in iter_closing_triples(resolver, context):
        line = nt_line(triple)
        if line not in lines:
            lines.add(line)
            view.add(triple)
    view.freeze()
    return lines, view


def _stage(name: str, work: Path, repeat: int) -> dict[str, Any]:
    """Prepare, then time ``name`` (best of ``repeat``); returns seconds and memory."""
    setup: Callable[[], Any] = lambda: None  # noqa: E731
    timed: Callable[[Any], Any]
    extra: dict[str, Any] = {}
    out = work / f"stage-{name.replace(':', '-')}"

    if name == "ingest":
        from govgraph.ingest import load_gazette

        def timed(_: Any) -> Any:
            return [load_gazette(p) for p in _corpus_paths()]

    elif name.startswith("extract:"):
        from govgraph.extract import extractors
        from govgraph.ingest import load_gazette
        from govgraph.records import Extraction

        wanted = name.split(":", 1)[1]
        chain = extractors()
        names = [n for n, _ in chain]
        if wanted != "all" and wanted not in names:
            raise SystemExit(f"no extractor {wanted!r} (have {names})")

        def setup() -> Any:
            gazettes = [load_gazette(p) for p in _corpus_paths()]
            return gazettes

        def timed(gazettes: Any) -> Any:
            # Extractors read what the earlier ones wrote (documents first): run those untimed.
            spent = 0.0
            for gz in gazettes:
                ex = Extraction(source=gz.name, issue=gz.issue, warnings=list(gz.warnings))
                for n, fn in chain:
                    t0 = time.perf_counter()
                    fn(gz, ex)
                    if wanted in ("all", n):
                        spent += time.perf_counter() - t0
            return spent

    elif name == "resolve":
        from govgraph.resolve import Resolver
        from govgraph.resources import registry_dir

        def setup() -> Any:
            return _extractions(work)

        def timed(extractions: Any) -> Any:
            resolver = Resolver.from_dir(registry_dir())
            mentions = 0
            for ex in extractions:
                for d in ex.documents:
                    if d.issuer:
                        resolver.resolve_agency(d.issuer)
                        mentions += 1
                for c in ex.responsibilities:
                    for unit in c.units:
                        resolver.resolve_agency(unit)
                        mentions += 1
                for duty in ex.leader_duties:
                    resolver.resolve_person(duty.person)
                    resolver.resolve_agency(duty.unit)
                    mentions += 2
                for r in (*ex.appointments, *ex.officials):
                    resolver.resolve_person(r.person)
                    mentions += 1
                    if r.organization:
                        resolver.resolve_agency(r.organization)
                        mentions += 1
            extra["mentions"] = mentions
            return resolver

    elif name == "graph":

        def timed(_: Any) -> Any:
            lines, _view = _triples_and_view(work)
            extra["triples"] = len(lines)

    elif name.startswith("serialize:"):
        fmt = name.split(":", 1)[1]

        def setup() -> Any:
            out.mkdir(parents=True, exist_ok=True)
            return _triples_and_view(work)

        def timed(prepared: Any) -> Any:
            import pyoxigraph as ox

            from govgraph.atomic import atomic_open, atomic_write_text
            from govgraph.namespace import PREFIXES

            lines, view = prepared
            if fmt == "nt":
                atomic_write_text(out / "graph.nt", "".join(sorted(lines)))
            elif fmt in ("ttl", "jsonld"):
                nt = "".join(sorted(lines)).encode("utf-8")
                rdf = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.JSON_LD
                with atomic_open(out / f"graph.{fmt}", "wb", encoding=None) as fh:
                    ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), fh, rdf, prefixes=PREFIXES)
            elif fmt == "graphml":
                import networkx as nx

                graph = view.to_networkx()
                with atomic_open(out / "graph.graphml", "wb", encoding=None) as fh:
                    nx.write_graphml(graph, fh, encoding="utf-8", prettyprint=True)
            elif fmt == "tables":
                from govgraph.build import writers
                from govgraph.build.tables import LabelIndex, TableRows, subject_groups

                ordered = sorted(lines)
                index = LabelIndex()
                index.note_lines(ordered)
                rows = TableRows(index)
                for group in subject_groups(ordered):
                    rows.feed(group)
                writers.table_parts(rows, out / "part")
                (out / "tables").mkdir(exist_ok=True)
                writers.tables([out / "part"], out / "tables")
            else:
                raise SystemExit(f"unknown format {fmt!r}")

    elif name == "store":
        from govgraph.store import build_store

        def timed(_: Any) -> Any:
            build_store(work / "demo_out" / "graph.nt", out / "store")

    elif name == "shacl":
        from govgraph.build.validate import validate_ntriples

        def timed(_: Any) -> Any:
            extra["validation"] = validate_ntriples(work / "demo_out" / "graph.nt").summary()

    elif name.startswith("query:"):
        engine = name.split(":", 1)[1]
        from govgraph.query import named_queries, select

        target = work / "demo_out"

        def timed(_: Any) -> Any:
            queries: dict[str, Any] = {}
            first = True
            for qname in named_queries():
                t0 = time.perf_counter()
                rows = len(select(target, qname, engine=engine))
                cold = time.perf_counter() - t0
                warm = []
                for _ in range(max(3, repeat)):
                    t0 = time.perf_counter()
                    select(target, qname, engine=engine)
                    warm.append(time.perf_counter() - t0)
                # The first query of a process also loads the graph (rdflib) or opens the store.
                queries[qname] = {
                    "rows": rows,
                    "first_ms": cold * 1000,
                    "p50_ms": statistics.median(warm) * 1000,
                    "includes_load": first,
                }
                first = False
            extra["queries"] = queries

    elif name == "viz":
        from govgraph.pipeline import load_networkx
        from govgraph.viz import render_html

        def setup() -> Any:
            out.mkdir(parents=True, exist_ok=True)
            return load_networkx(work / "demo_out")

        def timed(graph: Any) -> Any:
            render_html(graph, out / "graph.html")

    elif name == "build":
        from govgraph.pipeline import build

        def timed(_: Any) -> Any:
            report = build([DEMO_DIR], out / "out")
            extra["report_seconds"] = report.seconds

    else:
        raise SystemExit(f"unknown stage {name!r}")

    prepared = setup()
    rss_before = rss_now_kb()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = timed(prepared)
        elapsed = time.perf_counter() - t0
        times.append(value if name.startswith("extract:") else elapsed)
    return {
        "stage": name,
        "seconds": min(times),
        "runs": len(times),
        "rss_before_mb": rss_before / 1024,
        "peak_rss_mb": peak_rss_kb() / 1024,
        **extra,
    }


def stage_names() -> list[str]:
    from govgraph.extract import extractors

    return [
        "ingest",
        *(f"extract:{n}" for n, _ in extractors()),
        "extract:all",
        "resolve",
        "graph",
        *(f"serialize:{f}" for f in ("nt", "ttl", "jsonld", "graphml", "tables")),
        "store",
        "shacl",
        "query:rdflib",
        "query:store",
        "viz",
        "build",
    ]


def run_stages(work: Path, repeat: int) -> list[dict[str, Any]]:
    # What the stages start from, built in a child to keep this process small.
    prepare = [
        sys.executable,
        "-m",
        "govgraph.cli",
        "-q",
        "build",
        str(DEMO_DIR),
        "-o",
        str(work / "demo_out"),
    ]
    proc = subprocess.run(prepare, capture_output=True, text=True, cwd=REPO_DIR)
    if proc.returncode != 0:
        raise SystemExit(f"demo build failed: {proc.stderr}")
    text = _text_bytes()
    results = []
    for name in stage_names():
        cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", name, "--work", str(work)]
        cmd += ["--repeat", str(1 if name in ("build", "query:rdflib", "query:store") else repeat)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            results.append({"stage": name, "error": proc.stderr.strip().splitlines()[-1:]})
            print(f"  {name}: FAILED {proc.stderr.strip()[-300:]}", file=sys.stderr)
            continue
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["mb_per_s"] = text / 1e6 / result["seconds"] if result["seconds"] > 0 else None
        results.append(result)
        print(
            f"  {name}: {result['seconds'] * 1000:.1f} ms, peak {result['peak_rss_mb']:.0f} MB",
            file=sys.stderr,
        )
    return results


# ---------------------------------------------------------------------------------------------
# Cold build, scale, chain query


def cold_build(work: Path, runs: int) -> dict[str, Any]:
    """``govgraph build data/ -o TMP`` in a new process, as a user types it."""
    exe = shutil.which("govgraph")
    base = [exe] if exe else [sys.executable, "-m", "govgraph.cli"]
    source = DEMO_DIR  # what `govgraph build` builds by default
    note: list[str] = []
    results: dict[str, Any] = {
        "command": f"govgraph -q build {source.relative_to(REPO_DIR)}/ -o TMP",
        "runs": {},
        "note": f"'govgraph build data/' failed: {note[0]}" if note else None,
    }
    for label, bytecode in (("as configured", None), ("bytecode cache on", True)):
        env = dict(os.environ)
        if bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        times, peaks, cpus = [], [], []
        for i in range(runs + (1 if bytecode else 0)):
            target = work / f"cold-{i}"
            shutil.rmtree(target, ignore_errors=True)
            m = run_sampled([*base, "-q", "build", str(source), "-o", str(target)], env=env)
            if m["returncode"] != 0:
                raise SystemExit(f"cold build failed: {m['stderr']}")
            if bytecode and i == 0:
                continue  # the first run writes the .pyc files
            times.append(m["seconds"])
            peaks.append(m["peak_tree_rss_mb"])
            cpus.append(m["cpu_s"])
        results["runs"][label] = {
            "seconds": times,
            "median_s": statistics.median(times),
            "cpu_s": cpus,
            "median_cpu_s": statistics.median(cpus),
            "min_s": min(times),
            "peak_tree_rss_mb": max(peaks),
        }
    results["PYTHONDONTWRITEBYTECODE"] = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
    return results


def scale_build(corpus: Path, out: Path, workers: int) -> dict[str, Any]:
    """(child) The build of a synthetic corpus on a local cluster of ``workers``; its report."""
    from govgraph.build.pipeline import build

    report = build([corpus], out, workers=workers)
    return {
        "partitions": report.partitions,
        "triples": report.triples,
        "gazettes": len(report.gazettes),
        "failures": len(report.failures),
        "counts": report.counts,
        "stage_seconds": report.seconds,
        "not_written": sorted(report.not_written),
    }


def fit_exponent(xs: list[float], ys: list[float]) -> float | None:
    """Slope of log(y) on log(x), least squares."""
    if len(xs) < 2:
        return None
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    den = sum((a - mx) ** 2 for a in lx)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / den if den else None


def chain_queries(out: Path, samples: int) -> dict[str, Any]:
    """p50/p90 of the responsibility chain on the store, bound to documents, units and tasks."""
    import csv

    from govgraph.query import iri, select

    def column(table: str, col: str, where: Callable[[dict[str, str]], bool] = lambda r: True) -> list[str]:
        with (out / "tables" / f"{table}.csv").open(encoding="utf-8") as fh:
            values = sorted({r[col] for r in csv.DictReader(fh) if r[col] and where(r)})
        step = max(1, len(values) // samples)
        return values[::step][:samples]

    probes = {
        "document": column("documents", "iri", lambda r: r["in_corpus"] == "True"),
        "unit": column("assignments", "unit_iri", lambda r: r["role"] == "lead"),
        "task": column("assignments", "task_iri", lambda r: r["role"] == "lead"),
    }
    select(out, "responsibility_chain", engine="store", bindings={"task": iri(probes["task"][0])})  # open
    result: dict[str, Any] = {"query": "responsibility_chain", "engine": "store"}
    for variable, values in probes.items():
        times, rows = [], []
        for value in values:
            t0 = time.perf_counter()
            n = len(select(out, "responsibility_chain", engine="store", bindings={variable: iri(value)}))
            times.append((time.perf_counter() - t0) * 1000)
            rows.append(n)
        times.sort()
        result[variable] = {
            "n": len(times),
            "p50_ms": statistics.median(times),
            "p90_ms": times[int(0.9 * (len(times) - 1))],
            "max_ms": times[-1],
            "rows_median": statistics.median(rows),
        }
    try:
        from govgraph.query.chain import chain

        names = column("documents", "doc_id", lambda r: r["in_corpus"] == "True")
        times = []
        for number in names:
            t0 = time.perf_counter()
            chain(number, out, engine="store")
            times.append((time.perf_counter() - t0) * 1000)
        result["chain_command_document"] = {"n": len(times), "p50_ms": statistics.median(times)}
        result["repeated"] = repeated_chains(out, column, repeats=max(50, samples))
    except ImportError:
        pass
    return result


def repeated_chains(out: Path, column: Callable[..., list[str]], repeats: int) -> dict[str, Any]:
    """p50/p95 of ``chain()`` for one agency, one leader and one document number, and of
    ``responsibility_chain`` bound to that agency, each repeated in process after a warm-up."""
    from govgraph.query import iri, select
    from govgraph.query.chain import chain, find_subjects

    agency = column("assignments", "unit", lambda r: r["role"] == "lead")[0]
    leader = column("duties", "leader")[0]
    number = column("documents", "doc_id", lambda r: r["in_corpus"] == "True")[0]
    unit = find_subjects(agency, out, engine="store")[0].iri
    cases: dict[str, tuple[str, Callable[[], Any]]] = {
        "chain_agency": (agency, lambda: chain(agency, out, engine="store")),
        "chain_leader": (leader, lambda: chain(leader, out, engine="store")),
        "chain_document": (number, lambda: chain(number, out, engine="store")),
        "responsibility_chain_agency": (
            agency,
            lambda: select(out, "responsibility_chain", engine="store", bindings={"unit": iri(unit)}),
        ),
    }
    result: dict[str, Any] = {}
    for case, (name, run) in cases.items():
        for _ in range(3):
            run()
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            run()
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        result[case] = {
            "name": name,
            "n": repeats,
            "p50_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, int(0.95 * len(times)))],
        }
    return result


def _scale_run(corpus: Path, out: Path, workers: int) -> tuple[dict[str, Any], dict[str, Any]]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--scale-build", str(corpus), "--work", str(out),
           "--workers", str(workers)]  # fmt: skip
    m = run_sampled(cmd)
    if m["returncode"] != 0:
        raise SystemExit(f"{corpus.name} build failed: {m['stderr']}")
    return m, json.loads(m["stdout"].strip().splitlines()[-1])


def run_scale(work: Path, sizes: list[int], chain_samples: int, speedup_size: int | None) -> dict[str, Any]:
    import synth

    rows = []
    chain_result = None
    bases = synth.load_bases()
    speedup = None
    if speedup_size:
        # The same corpus on 1 and on 2 workers, first: the big builds below heat the machine less.
        corpus = synth.generate(speedup_size, bases=bases)
        one, _ = _scale_run(corpus, work / "speedup-1", 1)
        two, _ = _scale_run(corpus, work / "speedup-2", 2)
        speedup = {"issues": speedup_size, "one_worker_s": one["seconds"], "two_workers_s": two["seconds"],
                   "one_worker_cpu_s": one["cpu_s"], "two_workers_cpu_s": two["cpu_s"],
                   "speedup": one["seconds"] / two["seconds"]}  # fmt: skip
        print(f"  speed-up x{speedup_size}: {speedup['speedup']:.2f}", file=sys.stderr)
        for k in (1, 2):
            shutil.rmtree(work / f"speedup-{k}", ignore_errors=True)
    for n in sizes:
        corpus = synth.generate(n, bases=bases)
        text = synth.corpus_bytes(corpus)
        out = work / f"x{n}"
        m, report = _scale_run(corpus, out, SCALE_WORKERS)
        row = {
            "issues": n,
            "text_mb": text / 1e6,
            "seconds": m["seconds"],
            "cpu_s": m["cpu_s"],
            "mb_per_s": text / 1e6 / m["seconds"],
            "peak_tree_rss_mb": m["peak_tree_rss_mb"],
            "largest_process_rss_mb": m["largest_process_rss_mb"],
            "largest_worker_rss_mb": m["largest_worker_rss_mb"],
            "client_rss_mb": m["client_rss_mb"],
            **report,
        }
        rows.append(row)
        print(
            f"  x{n}: {text / 1e6:.1f} MB, {m['seconds']:.1f} s, {m['cpu_s']:.1f} CPU-s, "
            f"largest worker {m['largest_worker_rss_mb']:.0f} MB, client {m['client_rss_mb']:.0f} MB, "
            f"{report['triples']} triples",
            file=sys.stderr,
        )
        if n == 100 or (chain_result is None and n == max(sizes)):
            chain_result = {
                "corpus": f"x{n}",
                "triples": report["triples"],
                **chain_queries(out, chain_samples),
            }
        if n != sizes[-1] or n >= 1000:
            shutil.rmtree(out, ignore_errors=True)  # the big outputs are GBs
    xs = [r["text_mb"] for r in rows]
    return {
        "workers": SCALE_WORKERS,
        "sizes": rows,
        "time_exponent": fit_exponent(xs, [r["seconds"] for r in rows]),
        "cpu_exponent": fit_exponent(xs, [r["cpu_s"] for r in rows]),
        "speedup": speedup,
        "time_exponent_largest_two": fit_exponent(xs[-2:], [r["seconds"] for r in rows[-2:]]),
        "memory_exponent": fit_exponent(xs, [r["peak_tree_rss_mb"] for r in rows]),
        "chain": chain_result,
    }


# ---------------------------------------------------------------------------------------------
# Machine and report


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_DIR, capture_output=True, text=True
    )
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO_DIR, capture_output=True, text=True)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        "commit": (commit.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")) or None,
        "load_average_at_start": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    pk = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    load = ", ".join(f"{x:.1f}" for x in m["load_average_at_start"])
    out = [
        f"Machine: {m['cpu']}, {m['usable_cores']} cores, {m['memory_gb']} GB, Python {m['python']}; {pk}.",
        f"Commit {m['commit']}, {m['date']}; load average at start {load}.",
        "",
    ]
    stages = results.get("stages")
    if stages:
        mb = results["demo_text_mb"]
        out += [
            f"Stages on the demo corpus ({mb:.2f} MB of gazette text, 3 issues); each stage in a process "
            "of its own, best of the runs; peak RSS of that process (what it needed before the stage "
            "started in brackets).",
            "",
            "| stage | wall (ms) | MB/s of text | peak RSS (MB) |",
            "|---|---:|---:|---:|",
        ]
        for s in stages:
            if "error" in s:
                out.append(f"| {s['stage']} | failed | | |")
                continue
            out.append(
                f"| {s['stage']} | {s['seconds'] * 1000:.1f} | {_fmt(s.get('mb_per_s'), 2)} | "
                f"{s['peak_rss_mb']:.0f} ({s['rss_before_mb']:.0f}) |"
            )
        queries: dict[str, dict[str, Any]] = {}
        for s in stages:
            if s.get("queries"):
                engine = s["stage"].split(":", 1)[1]
                for q, r in s["queries"].items():
                    queries.setdefault(q, {})[engine] = r
        if queries:
            out += [
                "",
                "Named queries on the demo graph (p50 of warm runs; first run in brackets, the very first "
                "of each engine includes loading the graph / opening the store):",
                "",
                "| query | rows | rdflib (ms) | store (ms) |",
                "|---|---:|---:|---:|",
            ]
            for q, by in queries.items():
                cells = [
                    f"{by[e]['p50_ms']:.1f} ({by[e]['first_ms']:.0f})" if e in by else "–"
                    for e in ("rdflib", "store")
                ]
                rows = next(iter(by.values()))["rows"]
                out.append(f"| {q} | {rows} | {cells[0]} | {cells[1]} |")
    cold = results.get("cold_build")
    if cold:
        out += ["", f"Cold `{cold['command']}` (new process, CLI start-up included):", ""]
        if cold.get("note"):
            out += [f"Note: {cold['note']}", ""]
        for label, r in cold["runs"].items():
            runs = ", ".join(f"{t:.2f}" for t in r["seconds"])
            out.append(
                f"- {label}: median {r['median_s']:.2f} s (runs {runs}), median "
                f"{r.get('median_cpu_s', float('nan')):.2f} CPU-s (user + system, every process), "
                f"peak RSS of the process tree {r['peak_tree_rss_mb']:.0f} MB"
            )
    scale = results.get("scale")
    if scale:
        out += [
            "",
            f"Builds of synthetic corpora on a local Dask cluster of {scale['workers']} workers (CPU: "
            "user + system of every process; RSS: the process tree, its largest worker, and the build's "
            "own process, the Dask client):",
            "",
            "| issues | text (MB) | triples | partitions | wall (s) | CPU (s) | MB/s | tree RSS (MB) "
            "| largest worker (MB) | client (MB) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in scale["sizes"]:
            out.append(
                f"| {r['issues']} | {r['text_mb']:.1f} | {r['triples']:,} | {r.get('partitions', '–')} | "
                f"{r['seconds']:.1f} | {r.get('cpu_s', 0):.1f} | {r['mb_per_s']:.2f} | "
                f"{r['peak_tree_rss_mb']:.0f} | {r.get('largest_worker_rss_mb', 0):.0f} | "
                f"{r.get('client_rss_mb', 0):.0f} |"
            )
        sp = scale.get("speedup")
        if sp:
            out += [
                "",
                f"Speed-up on ×{sp['issues']}: 1 worker {sp['one_worker_s']:.1f} s, 2 workers "
                f"{sp['two_workers_s']:.1f} s: {sp['speedup']:.2f}× (CPU {sp['one_worker_cpu_s']:.1f} and "
                f"{sp['two_workers_cpu_s']:.1f} s).",
            ]
        out += [
            "",
            f"Growth exponent (log-log least squares): time {_fmt(scale['time_exponent'], 2)}, "
            f"CPU {_fmt(scale.get('cpu_exponent'), 2)} "
            f"(largest two sizes {_fmt(scale['time_exponent_largest_two'], 2)}), "
            f"peak memory {_fmt(scale['memory_exponent'], 2)}.",
        ]
        if scale["sizes"]:
            stage_keys = list(scale["sizes"][-1]["stage_seconds"])
            out += ["", "| issues | " + " | ".join(stage_keys) + " |", "|---:|" + "---:|" * len(stage_keys)]
            for r in scale["sizes"]:
                cells = " | ".join(_fmt(r["stage_seconds"].get(k)) for k in stage_keys)
                out.append(f"| {r['issues']} | {cells} |")
        chain = scale.get("chain")
        if chain:
            out += [
                "",
                f"Responsibility chain on the store of {chain['corpus']} ({chain['triples']:,} triples), "
                "`responsibility_chain` bound to one …:",
                "",
                "| bound to | n | p50 (ms) | p90 (ms) | rows (median) |",
                "|---|---:|---:|---:|---:|",
            ]
            for v in ("document", "unit", "task"):
                r = chain[v]
                out.append(f"| {v} | {r['n']} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['rows_median']} |")
            if "chain_command_document" in chain:
                c = chain["chain_command_document"]
                out.append(
                    f"\n`govgraph.chain.chain(<document number>)`: p50 {c['p50_ms']:.1f} ms (n={c['n']})."
                )
            for case, r in chain.get("repeated", {}).items():
                out.append(
                    f"- `{case}` ({r['name']}): p50 {r['p50_ms']:.1f} ms, "
                    f"p95 {r['p95_ms']:.1f} ms (n={r['n']})"
                )
    checks = results.get("targets")
    if checks:
        out += ["", "| target | goal | measured | met |", "|---|---:|---:|---|"]
        for c in checks:
            met = "–" if c["met"] is None else ("yes" if c["met"] else "**no**")
            out.append(f"| {c['target']} | {c['goal']} | {_fmt(c['value'], 2)} | {met} |")
    return "\n".join(out)


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []

    def add(target: str, goal: str, value: float | None, ok: Callable[[float], bool]) -> None:
        checks.append(
            {"target": target, "goal": goal, "value": value, "met": None if value is None else ok(value)}
        )

    cold = results.get("cold_build")
    value = cold["runs"]["as configured"]["median_cpu_s"] if cold else None
    add("cold `govgraph build` of the demo, CPU-s (every process)", "≤ 2.0", value,
        lambda v: v <= TARGETS["cold_build_cpu_s"])  # fmt: skip
    stages = {s["stage"]: s for s in results.get("stages", []) if "error" not in s}
    if "ingest" in stages and "extract:all" in stages:
        seconds = stages["ingest"]["seconds"] + stages["extract:all"]["seconds"]
        value = results["demo_text_mb"] / seconds
    else:
        value = None
    add("ingest + extraction, one core (MB/s)", "≥ 2", value,
        lambda v: v >= TARGETS["extraction_mb_s_per_core"])  # fmt: skip
    scale = results.get("scale") or {}
    chain = scale.get("chain")
    value = chain["document"]["p50_ms"] if chain and chain.get("corpus") == "x100" else None
    add("chain query p50 on ×100, store (ms)", "≤ 10", value, lambda v: v <= TARGETS["chain_p50_ms"])
    big = next((r for r in scale.get("sizes", []) if r["issues"] == 1000), None)
    add("×1000 build, CPU-s (every process)", "≤ 150", big["cpu_s"] if big else None,
        lambda v: v <= TARGETS["x1000_cpu_s"])  # fmt: skip
    worker_rss = big["largest_worker_rss_mb"] if big else None
    add("×1000 largest worker peak RSS (MB)", "≤ 1024", worker_rss,
        lambda v: v <= TARGETS["x1000_worker_rss_mb"])  # fmt: skip
    client_rss = big["client_rss_mb"] if big else None
    add("×1000 client (the build's own process) peak RSS (MB)", "≤ 1024", client_rss,
        lambda v: v <= TARGETS["x1000_worker_rss_mb"])  # fmt: skip
    add("time growth exponent (wall, ×10 → ×1000)", "≤ 1.05", scale.get("time_exponent"),
        lambda v: v <= TARGETS["time_exponent"])  # fmt: skip
    speedup = (scale.get("speedup") or {}).get("speedup")
    add("speed-up 1 → 2 workers", "≥ 1.7", speedup, lambda v: v >= TARGETS["speedup_2_workers"])
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10,100,1000", help="synthetic corpus sizes in issues ('' for none)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--quick", action="store_true", help="one run per stage, sizes 10 and 100 only")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: stages, cold, scale")
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--scale-build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=SCALE_WORKERS, help=argparse.SUPPRESS)
    parser.add_argument(
        "--speedup-size", type=int, default=100, help="issues of the 1- vs 2-worker comparison (0: none)"
    )
    args = parser.parse_args(argv)

    if args.stage:  # child: one stage
        print(json.dumps(_stage(args.stage, args.work, args.repeat), ensure_ascii=False))
        return 0
    if args.scale_build:  # child: one build on a local cluster
        print(json.dumps(scale_build(args.scale_build, args.work, args.workers), ensure_ascii=False))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.quick and args.sizes == parser.get_default("sizes"):
        sizes = [10, 100]
    repeat = 1 if args.quick else 3
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    results: dict[str, Any] = {"machine": machine(), "demo_text_mb": _text_bytes() / 1e6}
    work = Path(tempfile.mkdtemp(prefix="govgraph-bench-"))
    try:
        if "stages" not in skip:
            print("stages on the demo corpus …", file=sys.stderr)
            results["stages"] = run_stages(work, repeat)
        if "cold" not in skip:
            print("cold builds …", file=sys.stderr)
            results["cold_build"] = cold_build(work, 1 if args.quick else 3)
        if "scale" not in skip and sizes:
            print(f"scale {sizes} …", file=sys.stderr)
            results["scale"] = run_scale(work, sizes, 10 if args.quick else 40, args.speedup_size or None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["targets"] = check_targets(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(markdown(results))
    print(f"\n(results: {args.out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
