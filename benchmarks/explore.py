"""Exploration speed on a built output: ``govgraph chain`` from the command line (start-up
included) and the explorer's requests against ``govgraph serve``.

    python benchmarks/synth.py 100 --out /tmp/x100 && govgraph -q build /tmp/x100 -o /tmp/x100-out
    python benchmarks/explore.py /tmp/x100-out --runs 15 [--json results.json]

* ``chain``: wall time of ``govgraph chain NAME -g OUT`` as a new process (what a user waits
  for), for an agency, a leader and a document number picked from the output's tables, p50 and
  p90 over ``--runs`` runs each; and the time to write the chain index of the build.
* ``explorer``: ``govgraph serve OUT`` is started, and the SPARQL requests the explorer page sends
  for search, expand, inspect, a filter change and chain (the same query texts, read from the page's own
  templates) are timed over HTTP on 127.0.0.1, p50 and p90.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any


def percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(0.9 * (len(times) - 1))], 1),
    }


def table_column(out: Path, table: str, column: str, where: Any = lambda r: True) -> list[str]:
    from govgraph.build import current

    with (current(out) / "tables" / f"{table}.csv").open(encoding="utf-8") as fh:
        return sorted({r[column] for r in csv.DictReader(fh) if r[column] and where(r)})


def pick_names(out: Path) -> dict[str, str]:
    """An agency, a leader and a document of the output: the most frequent lead unit, the first
    leader of the division of work, the first document number in the corpus."""
    from collections import Counter

    from govgraph.build import current

    with (current(out) / "tables" / "assignments.csv").open(encoding="utf-8") as fh:
        units = Counter(r["unit"] for r in csv.DictReader(fh) if r["role"] == "lead" and r["unit"])
    return {
        "agency": units.most_common(1)[0][0],
        "leader": table_column(out, "duties", "leader")[0],
        "document": table_column(out, "documents", "doc_id", lambda r: r["in_corpus"] == "True")[0],
    }


def bench_chain(out: Path, runs: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for kind, name in pick_names(out).items():
        command = [sys.executable, "-m", "govgraph.cli", "chain", name, "-g", str(out)]
        subprocess.run(command, capture_output=True, check=True)  # warm the page cache
        times, lines = [], 0
        for _ in range(runs):
            t0 = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            times.append((time.perf_counter() - t0) * 1000)
            lines = done.stdout.count("\n")
        result[kind] = {"name": name, "output_lines": lines, **percentiles(times)}
    return result


def bench_index(out: Path) -> dict[str, Any]:
    """Time to write the chain index of the build from its graph.nt (on a copy of it)."""
    from govgraph.build import current
    from govgraph.build.chain_index import write_chain_index

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copyfile(current(out) / "graph.nt", Path(tmp) / "graph.nt")
        t0 = time.perf_counter()
        path = write_chain_index(tmp)
        seconds = time.perf_counter() - t0
        size = path.stat().st_size if path else 0
    return {"seconds": round(seconds, 2), "mb": round(size / 1e6, 2)}


GG = "https://w3id.org/govgraph/ontology#"


def bench_explorer(out: Path, runs: int) -> dict[str, Any]:
    """Each explorer interaction as the page performs it: the same query texts (filled by
    ``govgraph.viz.explorer.fill`` as the page fills them), the requests of one interaction sent
    together as the page sends them, timed until the last answer is in."""
    from concurrent.futures import ThreadPoolExecutor

    from govgraph.query.serve import Limits, running_server
    from govgraph.viz.explorer import explorer_queries, fill

    names = pick_names(out)
    queries = explorer_queries()
    with running_server(out, limits=Limits(workers=2)) as endpoint, ThreadPoolExecutor(4) as pool:

        def ask(text: str) -> list[dict[str, str]]:
            data = urllib.parse.urlencode({"query": text}).encode()
            request = urllib.request.Request(
                endpoint.query_url, data=data, headers={"Accept": "application/sparql-results+json"}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                rows = json.loads(response.read())["results"]["bindings"]
            return [{k: v["value"] for k, v in row.items()} for row in rows]

        def together(*texts: str) -> int:
            return sum(len(rows) for rows in pool.map(ask, texts))

        found = ask(fill(queries["search"], q=names["agency"], limit=30))
        agency = next(r["node"] for r in found if r["label"] == names["agency"])
        facts = ask(fill(queries["facts"], node=agency, limit=300))
        task = next(r["other"] for r in facts if r["other_type"].endswith("#Task"))
        units = ask(fill(queries["chain"], node=task))
        unit, date = units[0]["unit"], units[0].get("date", "2024-01-01")
        cases: dict[str, Any] = {
            # typing part of a name: search, and did-you-mean when nothing contains it
            "search": lambda: together(fill(queries["search"], q=names["agency"][2:6], limit=30)),
            "suggest": lambda: together(fill(queries["suggest"], q="市经济信息局", limit=8)),
            # clicking a node: what it is, its facts, its links and the count of its facts by
            # relation (the panel and the expand buttons)
            "inspect": lambda: together(
                fill(queries["node"], node=agency),
                fill(queries["facts"], node=agency, limit=300),
                fill(queries["links"], node=agency, limit=300),
                fill(queries["counts"], node=agency),
            ),
            # expand = inspect of the neighbour reached (the same requests, for a task)
            "expand": lambda: together(
                fill(queries["node"], node=task),
                fill(queries["facts"], node=task, limit=300),
                fill(queries["links"], node=task, limit=300),
                fill(queries["counts"], node=task),
            ),
            # a filter changed (only 分管, as of the task's date): the opened agency asked again,
            # the server applying the filters
            "filter": lambda: together(
                *(
                    fill(queries[name], node=agency, limit=300, relations=[GG + "supervises"], asof=date)
                    for name in ("facts", "links", "counts")
                )
            ),
            # a task's chain: lead units, then the duty valid on the date for each
            "chain": lambda: together(fill(queries["chain"], node=task))
            + together(fill(queries["duties"], node=unit, date=date)),
        }
        result: dict[str, Any] = {"agency": names["agency"], "task": task}
        for case, run in cases.items():
            run()
            times, rows = [], 0
            for _ in range(runs):
                t0 = time.perf_counter()
                rows = run()
                times.append((time.perf_counter() - t0) * 1000)
            result[case] = {"rows": rows, **percentiles(times)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a built output (govgraph build … -o OUT)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--skip", nargs="*", default=[], choices=["chain", "index", "explorer"])
    args = parser.parse_args()
    from govgraph.build import current

    report = json.loads((current(args.out) / "report.json").read_text(encoding="utf-8"))
    results: dict[str, Any] = {
        "output": str(args.out),
        "gazettes": len(report["gazettes"]),
        "triples": report["triples"],
    }
    if "chain" not in args.skip:
        results["chain_cli"] = bench_chain(args.out, args.runs)
    if "index" not in args.skip:
        results["chain_index_write"] = bench_index(args.out)
    if "explorer" not in args.skip:
        results["explorer"] = bench_explorer(args.out, args.runs)
    text = json.dumps(results, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
