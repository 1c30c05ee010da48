"""Write the knowledge graph of a corpus to an output directory, atomically, and append to it.

Layout of ``OUT``::

    OUT/extractions/<gazette>.json   the records of each gazette (the source of every other file)
    OUT/graph.nt                     sorted, deduplicated N-Triples: byte-identical across runs
    OUT/graph.ttl, OUT/graph.jsonld  the same triples as Turtle (with prefixes) and JSON-LD
    OUT/graph.graphml                the networkx view (CONTRACTS.md schema)
    OUT/tables/<table>.csv           agencies, persons, posts, documents, tasks, assignments,
                                     duties, appointments, references (UTF-8, sorted by IRI)

Appending: :meth:`GraphExporter.write` stores one gazette's extraction (replacing an earlier
extraction of the same file, so re-running a gazette never duplicates it), and
:meth:`GraphExporter.finalize` rebuilds every output from *all* stored extractions.  Adding a
gazette to an existing ``OUT`` therefore keeps every old fact, and the corpus-wide facts
(a division-of-work notice ended by a later one, a citation that now finds its document, a
repeal date) are recomputed with the new gazette in view, which merging per-gazette triples
could not do.  Rebuilding is cheap next to extraction: no text is re-read.

Every file is written to a temporary file in its own directory and renamed into place
(:mod:`govgraph.atomic`), so a crash or an error never leaves a half-written output.  Triples are
streamed (:func:`govgraph.graph.iter_triples`) into N-Triples lines, never into an rdflib Graph;
Turtle and JSON-LD are serialised by pyoxigraph from the sorted lines.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef

from govgraph import records
from govgraph.atomic import atomic_open, atomic_write_text
from govgraph.errors import ExportError
from govgraph.graph import (
    FactView,
    GraphContext,
    ResolverLike,
    iter_closing_triples,
    iter_triples,
    nt_line,
    table_columns,
)
from govgraph.namespace import PREFIXES
from govgraph.records import Extraction, IssueMeta

log = logging.getLogger(__name__)

EXTRACTIONS_DIR = "extractions"
TABLES_DIR = "tables"
EXTRACTION_FORMAT = "govgraph-extraction/1"
FORMATS = ("nt", "ttl", "jsonld", "graphml", "csv")

_RECORD_LISTS: dict[str, type] = {
    "documents": records.DocumentRecord,
    "responsibilities": records.ResponsibilityClause,
    "tasks": records.Task,
    "appointments": records.Appointment,
    "leader_duties": records.LeaderDuty,
    "portfolios": records.LeaderPortfolio,
    "references": records.Reference,
    "officials": records.Official,
    "place_cues": records.PlaceCue,
}


# ---------------------------------------------------------------------------------------------
# Extractions as JSON (lossless: every field, provenance included)


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    data = _plain(extraction)
    data["format"] = EXTRACTION_FORMAT
    return data


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for JSON: records hold only str, int, bool and None leaves, so
    nothing needs the deep copy that makes ``asdict`` a fifth of the cost of saving a gazette."""
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None and dataclasses.is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if cls is list or cls is tuple:
        return [_plain(v) for v in value]
    if cls is dict:
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record_from_dict(cls: type, data: dict[str, Any]) -> Any:
    kwargs = {}
    for f in dataclasses.fields(cls):
        value = data.get(f.name)
        if f.name == "prov":
            value = records.Provenance(**value)
        elif value is not None and str(f.type).startswith("tuple"):  # JSON has lists only
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def extraction_from_dict(data: dict[str, Any]) -> Extraction:
    if data.get("format") != EXTRACTION_FORMAT:
        raise ValueError(
            f"not a govgraph extraction (format {data.get('format')!r}, want {EXTRACTION_FORMAT!r})"
        )
    ex = Extraction(
        source=data["source"], issue=IssueMeta(**data["issue"]), warnings=list(data.get("warnings", []))
    )
    for name, cls in _RECORD_LISTS.items():
        setattr(ex, name, [_record_from_dict(cls, item) for item in data.get(name, [])])
    return ex


def extraction_path(out_dir: Path, source: str) -> Path:
    return out_dir / EXTRACTIONS_DIR / f"{Path(source).name}.json"


def save_extraction(out_dir: str | Path, extraction: Extraction) -> Path:
    path = extraction_path(Path(out_dir), extraction.source)
    text = json.dumps(extraction_to_dict(extraction), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    try:
        atomic_write_text(path, text)
    except OSError as err:
        raise ExportError(f"{path}: cannot write the extraction ({err.strerror or err})") from err
    return path


def load_extractions(out_dir: str | Path) -> list[Extraction]:
    """Every stored extraction of ``OUT``, in file-name order; a bad file is a one-line error."""
    out = []
    for path in sorted((Path(out_dir) / EXTRACTIONS_DIR).glob("*.json")):
        try:
            out.append(extraction_from_dict(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise ExportError(f"{path}: not a readable govgraph extraction ({err})") from err
    return out


# ---------------------------------------------------------------------------------------------
# The exporter


@dataclass
class ExportSummary:
    out_dir: Path
    gazettes: int
    triples: int
    nodes: int
    edges: int
    files: list[Path] = field(default_factory=list)


class GraphExporter:
    """``write(extraction)`` for each gazette, then ``finalize()`` (re)writes every output."""

    def __init__(
        self,
        out_dir: str | Path,
        resolver: ResolverLike,
        formats: Iterable[str] = FORMATS,
        *,
        on_ntriples: Callable[[Path], None] | None = None,
    ) -> None:
        """``on_ntriples(path)`` is called as soon as graph.nt is complete (before the other
        formats), so a consumer such as the SHACL validator can start on it."""
        self.out_dir = Path(out_dir)
        self.resolver = resolver
        self.formats = tuple(formats)
        self.on_ntriples = on_ntriples
        unknown = set(self.formats) - set(FORMATS)
        if unknown:
            raise ExportError(f"{self.out_dir}: unknown export formats {sorted(unknown)} (known: {FORMATS})")

    def write(self, extraction: Extraction) -> None:
        save_extraction(self.out_dir, extraction)

    def finalize(self) -> ExportSummary:
        extractions = load_extractions(self.out_dir)
        try:
            return self._write_outputs(extractions)
        except OSError as err:
            raise ExportError(
                f"{getattr(err, 'filename', None) or self.out_dir}: cannot write ({err})"
            ) from err

    def _write_outputs(self, extractions: list[Extraction]) -> ExportSummary:
        context = GraphContext.from_extractions(extractions)
        lines: set[str] = set()
        view = FactView()
        for ex in extractions:
            for triple in iter_triples(ex, self.resolver, context):
                line = nt_line(triple)
                if line not in lines:
                    lines.add(line)
                    view.add(triple)
        for triple in iter_closing_triples(self.resolver, context):
            line = nt_line(triple)
            if line not in lines:
                lines.add(line)
                view.add(triple)
        view.freeze()
        nt = "".join(sorted(lines))
        files: list[Path] = []
        if "nt" in self.formats:
            files.append(self._write_text("graph.nt", nt))
            if self.on_ntriples is not None:
                self.on_ntriples(files[-1])
        if "ttl" in self.formats or "jsonld" in self.formats:
            triples = list(ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
            if "ttl" in self.formats:
                files.append(self._write_rdf("graph.ttl", triples, ox.RdfFormat.TURTLE))
            if "jsonld" in self.formats:
                files.append(self._write_rdf("graph.jsonld", triples, ox.RdfFormat.JSON_LD))
        graph = view.to_networkx()
        if "graphml" in self.formats:
            path = self.out_dir / "graph.graphml"
            with atomic_open(path, "wb", encoding=None) as fh:
                nx.write_graphml(graph, fh, encoding="utf-8", prettyprint=True)
            files.append(path)
        if "csv" in self.formats:
            files += self._write_tables(view)
        summary = ExportSummary(
            self.out_dir,
            len(extractions),
            len(lines),
            graph.number_of_nodes(),
            graph.number_of_edges(),
            files,
        )
        log.info(
            "%s: %d gazettes, %d triples, %d nodes, %d edges",
            self.out_dir,
            summary.gazettes,
            summary.triples,
            summary.nodes,
            summary.edges,
        )
        return summary

    def _write_text(self, name: str, text: str) -> Path:
        path = self.out_dir / name
        atomic_write_text(path, text)
        return path

    def _write_rdf(self, name: str, triples: list[ox.Triple], fmt: ox.RdfFormat) -> Path:
        path = self.out_dir / name
        with atomic_open(path, "wb", encoding=None) as fh:
            ox.serialize(triples, fh, fmt, prefixes=PREFIXES)
        return path

    def _write_tables(self, view: FactView) -> list[Path]:
        columns = table_columns()
        out = []
        for name, rows in view.tables().items():
            # The csv module, as pandas' to_csv uses it (minimal quoting, "\n"), without
            # importing pandas (a quarter of a second of every build).
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(columns[name])
            writer.writerows(
                [row[c] for c in columns[name]] for row in sorted(rows, key=lambda row: row["iri"])
            )
            out.append(self._write_text(f"{TABLES_DIR}/{name}.csv", buffer.getvalue()))
        return out


def export_corpus(
    extractions: Iterable[Extraction],
    out_dir: str | Path,
    resolver: ResolverLike,
    *,
    append: bool = False,
    formats: Iterable[str] = FORMATS,
    on_ntriples: Callable[[Path], None] | None = None,
) -> ExportSummary:
    """Write a corpus to ``out_dir``; with ``append`` the gazettes already there are kept."""
    out = Path(out_dir)
    exporter = GraphExporter(out, resolver, formats, on_ntriples=on_ntriples)
    kept = set()
    for ex in extractions:
        exporter.write(ex)
        kept.add(extraction_path(out, ex.source))
    if not append:
        for stale in sorted(set((out / EXTRACTIONS_DIR).glob("*.json")) - kept):
            stale.unlink()
    return exporter.finalize()


# ---------------------------------------------------------------------------------------------
# Streaming into a pyoxigraph store (corpora too large for the in-memory exporter)


def _ox_term(term: Any) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def load_store(
    extractions: Sequence[Extraction], resolver: ResolverLike, store: ox.Store, batch: int = 100_000
) -> int:
    """Stream a corpus into a pyoxigraph store (``Store(path)`` for big corpora); returns triples sent.

    Memory stays bounded by one batch plus the corpus context, not by the graph: nothing is
    kept as an rdflib Graph.  Duplicates are absorbed by the store.
    """
    context = GraphContext.from_extractions(extractions)
    sent = 0
    buffer: list[ox.Quad] = []

    def flush() -> None:
        store.bulk_extend(buffer)
        buffer.clear()

    def triples() -> Iterator[tuple[Any, Any, Any]]:
        for ex in extractions:
            yield from iter_triples(ex, resolver, context)
        yield from iter_closing_triples(resolver, context)

    for s, p, o in triples():
        buffer.append(ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o)))
        sent += 1
        if len(buffer) >= batch:
            flush()
    flush()
    return sent
