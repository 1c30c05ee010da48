"""The output files of a build, written from sorted partitions of N-Triples lines.

Each sorted partition is written by its own task (:func:`turtle`, :func:`table_parts`); the parts
are then put end to end in partition order (:func:`concatenate`, :func:`concatenate_turtle`,
:func:`tables`): a subject's lines are all in one partition, and neither the Turtle serializer nor
a table row keeps anything from one subject to the next, so these are the bytes of writing the
whole graph at once.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from govgraph.atomic import atomic_open

_TURTLE_DIRECTIVES = (b"@prefix ", b"@base ")


def turtle(ntriples: bytes, fh: IO[bytes]) -> None:
    """Turtle with govgraph's prefixes, by pyoxigraph."""
    import pyoxigraph as ox

    from govgraph.namespace import PREFIXES

    ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES), fh, ox.RdfFormat.TURTLE, prefixes=PREFIXES
    )


def _copy_rest(src: IO[bytes], out: IO[bytes]) -> None:
    """Append what is left of ``src`` to ``out``, in the kernel where it can."""
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


def concatenate(parts: Sequence[Path], target: Path) -> Path:
    with atomic_open(target, "wb", encoding=None) as out:
        for part in parts:
            with part.open("rb") as fh:
                _copy_rest(fh, out)
    return target


def concatenate_turtle(parts: Sequence[Path], target: Path) -> Path:
    """The first part's prefix lines, then every part's statements."""
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
    return target


def _schema(name: str) -> Any:
    """Arrow types of a table's columns: what its row function gives on an empty graph."""
    import pyarrow as pa
    from rdflib import URIRef

    from govgraph.graph import ID, TABLES, FactView

    empty, nothing = FactView(), URIRef(f"{ID}nothing")
    row_fn = next(row for table, _, row, _ in TABLES if table == name)
    kinds = {bool: pa.bool_(), int: pa.int64()}
    return pa.schema([(col, kinds.get(type(v), pa.string())) for col, v in row_fn(empty, nothing).items()])


def table_parts(rows: Any, base: Path) -> None:
    """A partition's rows of every table, as CSV without a header: ``base.TABLE.csv``."""
    for name, table_rows in rows.rows.items():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table_rows)
        base.with_suffix(f".{name}.csv").write_bytes(buffer.getvalue().encode("utf-8"))


def tables(bases: Sequence[Path], folder: Path) -> list[Path]:
    """``TABLE.csv`` (the partitions' rows in order) and ``TABLE.parquet`` (the same rows, typed)
    for every table."""
    from govgraph.graph import TABLE_NAMES, table_columns

    columns = table_columns()
    files = []
    for name in TABLE_NAMES:
        target = folder / f"{name}.csv"
        with atomic_open(target, "wb", encoding=None) as out:
            header = io.StringIO()
            csv.writer(header, lineterminator="\n").writerow(columns[name])
            out.write(header.getvalue().encode("utf-8"))
            for base in bases:
                with base.with_suffix(f".{name}.csv").open("rb") as fh:
                    _copy_rest(fh, out)
        files += [target, parquet_from_csv(target, folder / f"{name}.parquet", _schema(name))]
    return files


def parquet_from_csv(source: Path, target: Path, schema: Any) -> Path:
    """The rows of a table's CSV as Parquet, streamed by Arrow's CSV reader (no pandas)."""
    import pyarrow.csv as pc
    import pyarrow.parquet as pq

    reader = pc.open_csv(
        source,
        parse_options=pc.ParseOptions(newlines_in_values=True),
        convert_options=pc.ConvertOptions(
            column_types=schema, strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    with atomic_open(target, "wb", encoding=None) as out:
        writer = pq.ParquetWriter(out, schema)
        for batch in reader:
            writer.write_batch(batch)
        writer.close()
    return target


def networkx_view(nt_path: Path) -> Any:
    """The networkx graph of a (small) graph.nt (the schema of :meth:`FactView.to_networkx`)."""
    from govgraph.build.tables import TermReader
    from govgraph.graph import FactView

    reader, view = TermReader(), FactView()
    with nt_path.open(encoding="utf-8") as fh:
        for line in fh:
            view.add(reader.triple(line))
    view.freeze()
    return view.to_networkx()


def graphml(graph: Any, target: Path) -> Path:
    import networkx as nx

    # networkx's ElementTree writer: as fast as its lxml one here, without importing lxml
    # (0.07 CPU-s of a cold build).  Not indented: the indentation is a pass of its own over the
    # tree in Python (0.06 of the demo's 0.15 CPU-s) and 10% of the file, for no reader.
    with atomic_open(target, "wb", encoding=None) as fh:
        nx.write_graphml_xml(graph, fh, encoding="utf-8", prettyprint=False)
    return target


def jsonld(nt_path: Path, target: Path) -> Path:
    import json

    import pyoxigraph as ox

    from govgraph.jsonld import compact
    from govgraph.namespace import DATA_BASE, PREFIXES

    triples = ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES)
    # compact form: a @context with govgraph's prefixes (pyoxigraph writes expanded JSON-LD)
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    document = compact(expanded, {**PREFIXES, "id": DATA_BASE})
    with atomic_open(target, "wb", encoding=None) as fh:
        fh.write((json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"))
    return target
