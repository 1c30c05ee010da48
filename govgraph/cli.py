"""The ``govgraph`` command line: build | extract | eval | query | chain | viz | serve.

Heavy libraries (spaCy, pyvis, rdflib's SPARQL engine) are imported inside the commands
that need them, so ``govgraph --help`` and ``govgraph query`` start fast.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from govgraph import __version__

app = typer.Typer(
    name="govgraph",
    help="Turn Chinese government gazettes (政府公报) into a knowledge graph of who is responsible for what.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
log = logging.getLogger("govgraph")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
GAZETTE_SUFFIXES = (".txt", ".md")


class _State:
    quiet = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govgraph {__version__}")
        raise typer.Exit()


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
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in GAZETTE_SUFFIXES and q.is_file()))
        else:
            out.append(p)
    return out


def _progress(items: list[Any], label: str) -> Any:
    if _State.quiet or len(items) < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=label, unit="file", file=sys.stderr, leave=False)


def extract_many(paths: list[Path], label: str = "extract") -> tuple[list[Any], list[str]]:
    """Extract every gazette; bad inputs become one-line errors and the rest go on."""
    from govgraph.errors import GovGraphError
    from govgraph.extract import extract_file

    results, failures = [], []
    for path in _progress(paths, label):
        try:
            results.append(extract_file(path))
        except GovGraphError as err:
            failures.append(str(err))
            _err(str(err))
    return results, failures


@app.command()
def extract(
    gazettes: Annotated[list[Path], typer.Argument(help="Gazette files (.txt/.md) or directories.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="OUT.json for one gazette, or a directory for several."),
    ] = None,
) -> None:
    """Extract the records of gazettes in the gold format (FORMAT.md) plus provenance.

    Examples:
      govgraph extract data/gazettes/wenzhou-gazette-2022-10.txt -o 2022-10.json
      govgraph extract data/gazettes -o out/records/
    """
    from govgraph.atomic import atomic_write_text

    paths = expand_inputs(gazettes)
    if not paths:
        _err("no gazette files given")
        raise typer.Exit(EXIT_USAGE)
    results, failures = extract_many(paths)
    many = len(paths) > 1 or (output is not None and output.is_dir())
    for ex in results:
        text = json.dumps(ex.to_gold(), ensure_ascii=False, indent=1) + "\n"
        if output is None:
            sys.stdout.write(text) if not many else None
        else:
            target = output / (Path(ex.source).stem + ".json") if many else output
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


@app.command("eval")
def eval_command(
    gazettes: Annotated[
        list[Path], typer.Argument(help="Gazette files or directories to extract and score.")
    ],
    gold: Annotated[Path, typer.Option("--gold", help="Directory of <gazette>.gold.json files.")],
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious records.")] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this record kind (with --errors).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
) -> None:
    """Score extraction against gold annotations: precision, recall, F1 per record kind (micro-averaged).

    Example:
      govgraph eval --gold ../shared/gold data/gazettes/*.txt --errors --kind references
    """
    from govgraph.atomic import atomic_write_text
    from govgraph.evaluate import KINDS, Score, format_table, score_gazette

    paths = expand_inputs(gazettes)
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
    typer.echo(f"scored {scored} gazette(s) against {gold}")
    typer.echo(format_table(totals))
    if json_out is not None:
        data = {
            k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for k, s in totals.items()
        }
        atomic_write_text(json_out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    raise typer.Exit(EXIT_FAILED if failures else EXIT_OK)


@app.command()
def build(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Gazette files or directories (default: data/).")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output directory.")] = Path("out"),
    append: Annotated[
        bool, typer.Option("--append", help="Add these gazettes to the graph already in OUTPUT.")
    ] = False,
    no_viz: Annotated[bool, typer.Option("--no-viz", help="Skip the HTML visualisation.")] = False,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
) -> None:
    """Build the knowledge graph: extract every gazette, then write RDF, tables, store and HTML.

    Writes OUT/graph.ttl, graph.nt (sorted, byte-identical across runs), graph.jsonld,
    graph.graphml, tables/*.csv, store/ (SPARQL store), graph.html and report.json.

    Examples:
      govgraph build data/ -o out/
      govgraph build new-issue.txt -o out/ --append
    """
    from govgraph.pipeline import DATA_DEFAULT
    from govgraph.pipeline import build as run_build

    sources = inputs or [DATA_DEFAULT]
    paths = expand_inputs(sources)
    report = run_build(
        paths if paths else sources,
        output,
        append=append,
        validate=not no_validate,
        viz=not no_viz,
        on_error=_err,
        progress=lambda items: _progress(items, "build"),
    )
    _info(report.summary())
    raise typer.Exit(EXIT_FAILED if report.failures else EXIT_OK)


@app.command()
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
        int, typer.Option("--max-nodes", help="Above this, show a reduced view with a warning.")
    ] = 1500,
) -> None:
    """Write an interactive offline HTML view of the graph (pyvis; search, filter, legend).

    Examples:
      govgraph viz out/
      govgraph viz out/ --focus 市经信局 --depth 2 -o jxj.html
      govgraph viz out/ --document 温政办〔2022〕74号
      govgraph viz out/ --leader 王振勇
    """
    from govgraph.errors import GovGraphError
    from govgraph.pipeline import render_focus

    try:
        path, rep = render_focus(
            graph, output, focus=focus, depth=depth, document=document, leader=leader, max_nodes=max_nodes
        )
    except GovGraphError as err:
        _err(str(err))
        raise typer.Exit(EXIT_FAILED) from None
    _info(f"wrote {path}: {rep.nodes} nodes, {rep.edges} edges" + (" (reduced view)" if rep.reduced else ""))


def _brief(record: dict[str, Any]) -> str:
    keep = {k: v for k, v in record.items() if k not in ("span", "evidence", "task_path", "convention")}
    return json.dumps(keep, ensure_ascii=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
