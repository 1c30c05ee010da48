"""The ``govgraph`` command line: build | extract | eval | query | chain | viz | serve.

Heavy libraries (spaCy, pyvis, rdflib's SPARQL engine) are imported inside the commands
that need them, so ``govgraph --help`` and ``govgraph query`` start fast.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from govgraph import __version__

COMMAND_ORDER = ("build", "extract", "eval", "query", "chain", "viz", "serve")


class _Commands(typer.core.TyperGroup):
    """Lists the commands in the order of the workflow, not of their definition in this file."""

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), names.index(name)))


app = typer.Typer(
    name="govgraph",
    cls=_Commands,
    help="Turn Chinese government gazettes (政府公报) into a knowledge graph of who is responsible for what.",
    epilog=(
        "Examples:\n\n\b\n"
        "  govgraph build data/ -o out/                  # graph, tables, store, out/graph.html\n"
        "  govgraph chain 市经信局 --graph out/          # task → unit → supervising leader\n"
        "  govgraph query out/ agency_tasks --bind agency=市经信局\n"
        "  govgraph viz out/ --focus 市经信局 --depth 2 -o jxj.html\n"
        "  govgraph -q extract data/gazettes -o records/\n"
        "  govgraph eval --gold gold/ data/gazettes --errors --kind references\n\n"
        "Exit codes: 0 ok, 1 an input or the work failed (the rest is still done), 2 usage error."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("govgraph")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _State:
    quiet = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govgraph {__version__}")
        raise typer.Exit()


# The option of every command that reads documents: their government, when the user knows better.
JurisdictionOption = Annotated[
    str | None,
    typer.Option(
        "--jurisdiction",
        help="The government every document is of (杭州市, 福州市鼓楼区), overriding what it prints.",
    ),
]


@app.callback()
def main_options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debugging detail.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors; no progress bar.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """govgraph: gazettes in, a responsibility knowledge graph out."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    _State.quiet = quiet


def _err(message: str) -> None:
    typer.echo(f"error: {message}", err=True)


def _info(message: str) -> None:
    if not _State.quiet:
        typer.echo(message)


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Files as given; directories expanded to their gazette files (sorted)."""
    from govgraph.ingest import gazette_files

    return gazette_files(paths)


def _progress(items: list[Any], label: str) -> Any:
    if _State.quiet or len(items) < 2:
        return items
    from tqdm import tqdm

    # disable=None: no bar when stderr is not a terminal (CI logs, pipes)
    return tqdm(items, desc=label, unit="file", file=sys.stderr, leave=False, disable=None)


def _jurisdiction_resolver(jurisdiction: str | None) -> Any:
    """A resolver with ``--jurisdiction`` set (a bad place is a usage error)."""
    from govgraph.errors import GovGraphError
    from govgraph.resolve import Resolver
    from govgraph.resources import registry_dir

    try:
        resolver = Resolver.from_dir(registry_dir(), jurisdiction=jurisdiction)
    except GovGraphError as err:
        _err(str(err))
        raise typer.Exit(EXIT_USAGE) from None
    return resolver


@contextlib.contextmanager
def _jurisdiction_env(jurisdiction: str | None) -> Iterator[None]:
    """``$GOVGRAPH_JURISDICTION`` for the build's resolvers and worker processes, restored after."""
    from govgraph.resolve.resolver import JURISDICTION_ENV

    old = os.environ.get(JURISDICTION_ENV)
    if jurisdiction:
        os.environ[JURISDICTION_ENV] = jurisdiction
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(JURISDICTION_ENV, None)
        else:
            os.environ[JURISDICTION_ENV] = old


def _jurisdictions_of(resolver: Any, ex: Any) -> dict[str, Any]:
    """The gazette's and each document's jurisdiction and how it was decided."""
    places = resolver.jurisdictions(ex)

    def one(j: Any) -> dict[str, Any]:
        return {"jurisdiction": j.label or None, "basis": j.basis, "evidence": j.evidence, "year": j.year}

    documents = {k: one(j) for k, j in sorted(places.documents.items())}
    return {"gazette": one(places.gazette), "documents": documents}


def extract_many(
    paths: list[Path], label: str = "extract", sources: list[str] | None = None
) -> tuple[list[Any], list[str]]:
    """Extract every gazette; bad inputs become one-line errors and the rest go on.
    ``sources``: the gazettes' identities (default: their file names)."""
    from govgraph.errors import GovGraphError
    from govgraph.extract import extract_file

    names = dict(zip(paths, sources, strict=True)) if sources is not None else {}
    results, failures = [], []
    for path in _progress(paths, label):
        try:
            results.append(extract_file(path, source=names.get(path)))
        except GovGraphError as err:
            failures.append(str(err))
            _err(str(err))
    return results, failures


@app.command(short_help="Extract records from gazettes as JSON, with provenance.")
def extract(
    gazettes: Annotated[list[Path], typer.Argument(help="Gazette files (.txt/.md) or directories.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="OUT.json for one gazette, or a directory for several (default: stdout)."
        ),
    ] = None,
    jurisdiction: JurisdictionOption = None,
) -> None:
    """Extract records from gazettes as JSON (gold format plus provenance).

    Documents, responsibilities (牵头/责任/配合单位), leaders' division of work, appointments,
    cross-document references and officials, each with the gazette line it came from.
    An unreadable gazette is reported on one line and skipped; the exit code is then 1.

    Examples:

    \b
      govgraph extract data/gazettes/wenzhou-gazette-2022-10.txt > 2022-10.json
      govgraph extract data/gazettes -o records/
      govgraph -q extract data/gazettes/*.txt -o records/
    """
    from govgraph.atomic import atomic_write_text
    from govgraph.build.inputs import find_inputs

    failures: list[str] = []

    def failed(message: str) -> None:
        failures.append(message)
        _err(message)

    found = find_inputs(gazettes, failed)
    if not found:
        if not failures:
            _err("no gazette files given")
        raise typer.Exit(EXIT_USAGE if not failures else EXIT_FAILED)
    paths, sources = [item.path for item in found], [item.source for item in found]
    resolver = _jurisdiction_resolver(jurisdiction)
    results, failed_here = extract_many(paths, sources=sources)
    failures += failed_here
    many = len(found) > 1 or (output is not None and output.is_dir())
    for ex in results:
        record = ex.to_gold()
        record["jurisdictions"] = _jurisdictions_of(resolver, ex)
        text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
        if output is None:
            sys.stdout.write(text) if not many else None
        else:
            # One file per gazette identity: 2021/issue.txt → OUT/2021/issue.json.
            target = output / Path(ex.source).with_suffix(".json") if many else output
            atomic_write_text(target, text)
        counts = ", ".join(
            f"{k} {len(getattr(ex, k))}"
            for k in (
                "documents",
                "responsibilities",
                "leader_duties",
                "appointments",
                "references",
                "officials",
            )
        )
        _info(f"{ex.source}: {counts}") if output is not None or many else None
    raise typer.Exit(EXIT_FAILED if failures else EXIT_OK)


@app.command("eval", short_help="Score extraction against gold annotations (P/R/F1).")
def eval_command(
    gazettes: Annotated[
        list[Path], typer.Argument(help="Gazette files or directories to extract and score.")
    ],
    gold: Annotated[Path, typer.Option("--gold", help="Directory of <gazette>.gold.json files.")],
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious records.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this record kind (with --errors).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
    resolution: Annotated[
        Path | None,
        typer.Option("--resolution", help="Also score entity resolution against this resolution.json."),
    ] = None,
) -> None:
    """Score extraction against gold annotations (precision, recall, F1).

    Per record kind, micro-averaged over the gazettes; GAZETTE.gold.json in --gold is the
    gold file of GAZETTE.txt.  A gazette that cannot be read or has no gold file is reported
    and the exit code is 1.

    Examples:

    \b
      govgraph eval --gold gold/ data/gazettes
      govgraph eval --gold gold/ data/gazettes/*.txt --errors --kind references
      govgraph eval --gold gold/ data/gazettes --json scores.json
      govgraph eval --gold dev/gold dev/texts --resolution dev/resolution.json
    """
    from govgraph.atomic import atomic_write_text
    from govgraph.evaluate import KINDS, Score, format_table, score_gazette

    if kind is not None and kind not in KINDS:
        _err(f"--kind must be one of {', '.join(KINDS)}, got {kind!r}")
        raise typer.Exit(EXIT_USAGE)
    paths = expand_inputs(gazettes)
    if not paths:
        _err("no gazette files given")
        raise typer.Exit(EXIT_USAGE)
    results, failures = extract_many(paths, "eval")
    totals = {k: Score() for k in KINDS}
    scored = 0
    for ex in results:
        gold_file = gold / (Path(ex.source).stem + ".gold.json")
        if not gold_file.exists():
            _err(f"{ex.source}: no gold file {gold_file}")
            failures.append(ex.source)
            continue
        scores = score_gazette(ex.to_gold(), json.loads(gold_file.read_text(encoding="utf-8")))
        scored += 1
        for k in KINDS:
            totals[k].add(scores[k])
        if errors:
            for k in KINDS:
                if kind and k != kind:
                    continue
                for r in scores[k].missed:
                    typer.echo(f"MISSED   {ex.source} {k}: {_brief(r)}")
                for r in scores[k].spurious:
                    typer.echo(f"SPURIOUS {ex.source} {k}: {_brief(r)}")
    if not any(s.gold for s in totals.values()):
        # A table of 1.000s over nothing would read as perfection: no table, one line (a
        # gazette without a gold file has had its line above).
        if scored:
            _err(f"the gold files in {gold} hold no records to score against")
        raise typer.Exit(EXIT_FAILED)
    typer.echo(f"scored {scored} gazette(s) against {gold}")
    typer.echo(format_table(totals))
    resolved: dict[str, object] = {}
    if resolution is not None:
        from govgraph.errors import GovGraphError
        from govgraph.resolve import Resolver
        from govgraph.resolve.score import evaluate_resolution, format_resolution
        from govgraph.resources import registry_dir

        def fresh() -> Resolver:
            return Resolver.from_dir(registry_dir())

        try:
            detected, given = evaluate_resolution(resolution, results, fresh)
        except GovGraphError as err:
            _err(str(err))
            raise typer.Exit(EXIT_FAILED) from None
        typer.echo(f"resolution against {resolution}")
        typer.echo(format_resolution(detected, given))
        if errors:
            for miss in detected.misses:
                typer.echo(f"RESOLVED {miss}")
        resolved = {"detected": detected.as_dict(), "given": given.as_dict()}
    if json_out is not None:
        data: dict[str, object] = {k: s.as_dict() for k, s in totals.items()}
        if resolved:
            data["resolution"] = resolved
        atomic_write_text(json_out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    raise typer.Exit(EXIT_FAILED if failures else EXIT_OK)


@app.command(short_help="Gazettes in; RDF, tables, SPARQL store and graph.html out.")
def build(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Gazette files or directories (default: data/), or URLs of them (s3://…, with its "
            "fsspec package installed)."
        ),
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="Output directory.")] = "out",
    append: Annotated[
        bool, typer.Option("--append", help="Add these gazettes to the graph already in OUTPUT.")
    ] = False,
    no_viz: Annotated[bool, typer.Option("--no-viz", help="Skip the HTML visualisation.")] = False,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Run on a local Dask cluster of N worker processes."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run on a running Dask cluster, e.g. tcp://HOST:8786 (default: $GOVGRAPH_SCHEDULER); "
            "its workers must see the input and output paths.",
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            min=0,
            help="Seconds to wait for another build of OUTPUT to finish (default: exit at once, naming it).",
        ),
    ] = 0,
    jurisdiction: JurisdictionOption = None,
) -> None:
    """Build the knowledge graph: extract, resolve, write RDF, tables, store and HTML.

    Writes OUT/graph.ttl, graph.nt (sorted, byte-identical across runs and workers),
    graph.jsonld, graph.graphml, tables/*.csv and *.parquet, store/ (SPARQL store for
    query/chain/serve), graph.html (interactive, offline) and report.json, as a new generation
    of OUT made current in one step.  A gazette that cannot be read is reported on one line
    and skipped, the rest is built, and the exit code is 1.  Runs in this process, on a local
    Dask cluster (--workers) or on a running one (--scheduler).

    Examples:

    \b
      govgraph build data/ -o out/
      govgraph build new-issue.txt -o out/ --append
      govgraph -q build data/gazettes -o out/ --no-viz --no-validate
      govgraph build corpus/ -o out/ --workers 2
      govgraph build /shared/corpus -o /shared/out --scheduler tcp://scheduler:8786
    """
    from govgraph.build.pipeline import DATA_DEFAULT
    from govgraph.build.pipeline import build as run_build

    if jurisdiction:
        _jurisdiction_resolver(jurisdiction)  # a bad place is a usage error before anything is built
    from govgraph.errors import GovGraphError

    sources = inputs or [DATA_DEFAULT]
    try:
        with _jurisdiction_env(jurisdiction):
            report = run_build(
                sources,
                output,
                append=append,
                validate=not no_validate,
                viz=not no_viz,
                on_error=_err,
                progress=not _State.quiet,
                workers=workers,
                scheduler=scheduler,
                wait=wait,
            )
    except GovGraphError as err:
        _err(str(err))
        raise typer.Exit(EXIT_FAILED) from None
    if not report.gazettes and not append:
        nothing_found = not report.failures or "no gazette files" in report.failures[-1]
        raise typer.Exit(EXIT_USAGE if nothing_found else EXIT_FAILED)
    _info(report.summary())
    raise typer.Exit(EXIT_FAILED if report.failures or report.errors else EXIT_OK)


@app.command(short_help="Interactive offline HTML view: full, focused, clustered.")
def viz(
    graph: Annotated[Path, typer.Argument(help="A built output directory (from 'govgraph build').")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="HTML file (default OUT/graph.html).")
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="Centre on a node: agency (any alias), person, document.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Hops around --focus.")] = 2,
    document: Annotated[
        str | None, typer.Option("--document", help="Only this document and its tasks, units, references.")
    ] = None,
    leader: Annotated[
        str | None, typer.Option("--leader", help="Only this leader, the units supervised and their tasks.")
    ] = None,
    max_nodes: Annotated[
        int | None,
        typer.Option(
            "--max-nodes",
            help="Above this many nodes, draw the best-connected ones under a warning (default 2500).",
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Open with tasks collapsed into their 'document' or their responsible 'agency'.",
        ),
    ] = None,
) -> None:
    """Write an interactive, offline HTML view of the graph.

    One self-contained file (vis-network inlined, no CDN): a legend of node types and
    relations, tooltips with the gazette text and line, search by name or alias, a filter
    by type, clusters by document or agency.  Positions are computed here, so the page
    draws at once.  --focus takes any name or alias; --document any printed form of a
    document number.

    Examples:

    \b
      govgraph viz out/
      govgraph viz out/ --focus 市经信局 --depth 2 -o jxj.html
      govgraph viz out/ --document 温政办〔2022〕74号 -o doc74.html
      govgraph viz out/ --leader 王振勇 -o wang.html
      govgraph viz out/ --cluster document
    """
    from govgraph.errors import GovGraphError
    from govgraph.pipeline import render_focus

    if cluster is not None and cluster not in ("document", "agency"):
        _err(f"--cluster must be 'document' or 'agency', got {cluster!r}")
        raise typer.Exit(EXIT_USAGE)
    if depth < 0:
        _err(f"--depth must be >= 0, got {depth}")
        raise typer.Exit(EXIT_USAGE)
    if max_nodes is not None and max_nodes < 1:
        _err(f"--max-nodes must be >= 1, got {max_nodes}")
        raise typer.Exit(EXIT_USAGE)
    try:
        path, rep = render_focus(
            graph,
            output,
            focus=focus,
            depth=depth,
            document=document,
            leader=leader,
            max_nodes=max_nodes,
            cluster=cluster,
        )
    except GovGraphError as err:
        message = str(err)
        _err(message if message.startswith(str(graph)) else f"{graph}: {message}")
        raise typer.Exit(EXIT_FAILED) from None
    _info(f"wrote {path}: {rep.nodes} nodes, {rep.edges} edges" + (" (reduced view)" if rep.reduced else ""))


@app.command(short_help="SPARQL over a built graph: text, a .rq file or a named query.")
def query(
    graph: Annotated[Path, typer.Argument(help="A built output directory (from 'govgraph build').")],
    sparql: Annotated[
        str | None,
        typer.Argument(help="SPARQL text, a .rq file, or the name of a query in ontology/queries/."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
    engine: Annotated[
        str, typer.Option("--engine", help="auto (the store when OUT/store exists), store or rdflib.")
    ] = "auto",
    bind: Annotated[
        list[str] | None,
        typer.Option(
            "--bind",
            "-b",
            help='Pre-bind a variable: NAME=VALUE; VALUE an IRI, a "literal", or a name '
            "(agency alias, leader, document number) looked up in the graph.  Repeatable.",
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    list_queries: Annotated[bool, typer.Option("--list", help="List the named queries and exit.")] = False,
) -> None:
    """Run SPARQL over a built graph and print a table, CSV or JSON.

    The persistent store (OUT/store, Oxigraph) answers by default; --engine rdflib parses
    OUT/graph.nt in memory and gives the same rows.  Named queries (ontology/queries/*.rq)
    take parameters through --bind, never through FILTER.  In the table IRIs are shortened
    (id:, gg:, org: …); CSV and JSON give them in full.

    Examples:

    \b
      govgraph query out/ --list
      govgraph query out/ responsibility_chain --bind document=温政办[2024]11号
      govgraph query out/ agency_tasks --bind agency=市经信局 -f csv -o jxj.csv
      govgraph query out/ leader_agencies --bind leader=王振勇 --engine rdflib
      govgraph query out/ my-query.rq -f json
      govgraph query out/ 'SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name }'

    Exit codes: 0 ok, 1 bad query, name or output directory (one-line message).
    """
    from govgraph.errors import GovGraphError

    try:
        from govgraph.query import FORMATS, format_result, named_queries, select

        if list_queries:
            for name, named in named_queries().items():
                params = " ".join(f"?{p}" for p in named.parameters)
                typer.echo(f"{name}: {named.summary}" + (f"  [bind: {params}]" if params else ""))
            raise typer.Exit(EXIT_OK)
        if sparql is None:
            _err("give a query (SPARQL text, FILE.rq or a name from --list)")
            raise typer.Exit(EXIT_USAGE)
        if fmt not in FORMATS:
            _err(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
            raise typer.Exit(EXIT_USAGE)
        from govgraph.query.chain import lookup

        bindings: dict[str, Any] = {}
        for item in bind or []:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                _err(f"--bind takes NAME=VALUE, got {item!r}")
                raise typer.Exit(EXIT_USAGE)
            bindings[name.strip().lstrip("?$")] = lookup(value, graph)
        result = select(graph, sparql, engine=engine, bindings=bindings)
        text = format_result(result, fmt)
        if output is not None:
            from govgraph.atomic import atomic_write_text

            atomic_write_text(output, text)
            _info(f"wrote {output}: {len(result)} rows")
        else:
            sys.stdout.write(text)
    except GovGraphError as err:
        _err(str(err))
        raise typer.Exit(EXIT_FAILED) from None


@app.command("chain", short_help="Who answers for what: task → unit → supervising leader → title.")
def chain_command(
    name: Annotated[
        str, typer.Argument(help="An agency (any alias), a leader's name, or a document number (any form).")
    ],
    graph: Annotated[
        Path, typer.Option("--graph", "-g", help="A built output directory (from 'govgraph build').")
    ] = Path("out"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text (readable chain), table, csv or json (its rows).")
    ] = "text",
    engine: Annotated[str, typer.Option("--engine", help="auto, store or rdflib.")] = "auto",
) -> None:
    """Print the responsibility chain of an agency, a leader or a document.

    An agency: every task it leads (牵头) or joins (配合), by document, with the leader who
    supervised it on the document's date (from the division-of-work notice valid then).
    A leader: the units in their portfolio and those units' tasks during it.  A document:
    each task → lead unit → supervising leader → title; for a division-of-work notice, who
    supervises what.  Every step names its source as gazette:line.

    Examples:

    \b
      govgraph chain 市经信局 --graph out/
      govgraph chain 温州市经济和信息化局 -g out/ -f csv
      govgraph chain 王振勇 -g out/
      govgraph chain 温政办[2024]11号 -g out/
      govgraph chain 温政发〔2024〕5号 -g out/

    Exit codes: 0 ok, 1 the name is not in the graph or OUT is not a built output.
    """
    from govgraph.errors import GovGraphError
    from govgraph.query import FORMATS, format_result
    from govgraph.query.chain import chain

    if fmt != "text" and fmt not in FORMATS:
        _err(f"--format must be text, {', '.join(FORMATS)}; got {fmt!r}")
        raise typer.Exit(EXIT_USAGE)
    try:
        result = chain(name, graph, engine=engine)
        sys.stdout.write(result.render() if fmt == "text" else format_result(result.result, fmt))
    except GovGraphError as err:
        _err(str(err))
        raise typer.Exit(EXIT_FAILED) from None


@app.command("serve", short_help="A bounded read-only SPARQL 1.1 endpoint over OUT's current build.")
def serve_command(
    graph: Annotated[Path, typer.Argument(help="A built output directory (from 'govgraph build').")],
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535, help="TCP port.")] = 7878,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; anything but loopback is reachable by others."),
    ] = "127.0.0.1",
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds a query may run before it is stopped.")
    ] = 30.0,
    memory_mb: Annotated[
        int, typer.Option("--memory-mb", min=64, help="Memory a query may use before it is stopped (MB).")
    ] = 2048,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Queries answered at once.")] = 2,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="For an output built before sources/ was written: the folder the gazettes were built from.",
        ),
    ] = None,
) -> None:
    """Serve the graph as a standard SPARQL 1.1 endpoint, read-only and bounded, until Ctrl-C.

    Queries go to /query (GET or POST, any SPARQL client); /update and /store answer 403.
    The graph explorer is at /; each fact it shows links to the gazette's text at that line
    (/source/NAME#L12, the page the build wrote in OUT/sources).
    Each query runs in a worker process: past --timeout or --memory-mb, or when the client
    disconnects, the worker is killed, the client gets 503 with one line, and the server goes
    on.  SERVICE is refused (the server sends no requests anywhere).  After a rebuild of OUT
    the next query is answered from the new build, without a restart.

    Examples:

    \b
      govgraph serve out/
      govgraph serve out/ --port 8000 --timeout 10 --memory-mb 1024
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:7878/query

    Exit codes: 0 stopped, 1 no store or the address cannot be used.
    """
    from govgraph.errors import GovGraphError
    from govgraph.query.serve import Limits, serve

    def ready(query_url: str) -> None:
        _info(f"SPARQL endpoint {query_url} (read-only) over {graph}; Ctrl-C to stop")

    try:
        serve(
            graph,
            host=host,
            port=port,
            limits=Limits(timeout_s=timeout, memory_mb=memory_mb, workers=workers),
            on_ready=ready,
            sources=sources,
        )
    except GovGraphError as err:
        _err(str(err))
        raise typer.Exit(EXIT_FAILED) from None


def _brief(record: dict[str, Any]) -> str:
    keep = {k: v for k, v in record.items() if k not in ("span", "evidence", "task_path", "convention")}
    return json.dumps(keep, ensure_ascii=False)


# Full collections of the cyclic garbage collector after 100 younger ones instead of 10.  A command
# allocates a few hundred thousand objects that live to the end (the modules it imports, the
# graph it builds); at Python's default the full passes re-scan them all again and again (0.2 of
# a cold demo build's 2.6 CPU-s).  Cyclic garbage is rare here: what outlives the young
# generations only waits longer to be freed.
_GC_THRESHOLD_FULL = 100


# One OpenBLAS thread (numpy's wheels bundle OpenBLAS), unless the user says otherwise.  govgraph's
# only matrix products are the layout's, a few hundred rows, far too small to share; a second
# thread only spins after each of them, waiting for more (0.15 of a cold demo build's CPU-s, and
# the same positions).  Set before numpy is first imported, which reads it once; inherited by
# the workers of a local cluster, which run one task at a time.
_BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}


def main() -> None:
    import gc

    for name, value in _BLAS_THREADS.items():
        os.environ.setdefault(name, value)
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, _GC_THRESHOLD_FULL)
    try:
        app()
    finally:
        # Everything is written; the interpreter's collections at exit would only walk every
        # object once more before the process hands its memory back anyway (0.15 CPU-s of a
        # cold demo build).  Frozen objects are left out of them, and still freed.
        gc.freeze()


if __name__ == "__main__":
    main()
