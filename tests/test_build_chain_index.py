"""The chain index is joined by the build from the graph's triples (per partition, then one task):
its rows are those of the named chain queries on the store, whatever the partitions."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from repo import GAZETTES

from govgraph.build.chain_index import COLUMNS, INDEX_FILE, INDEXED, write_chain_index
from govgraph.build.outputs import current
from govgraph.build.pipeline import build
from govgraph.query.chain import NAME_QUERIES, full_rows
from govgraph.query.sparql import select


def _contents(generation: Path) -> dict[str, Any]:
    with sqlite3.connect(generation / INDEX_FILE) as db:
        chains = {
            (q, c, s): json.loads(zlib.decompress(blob))
            for q, c, s, blob in db.execute("SELECT query, subject_column, subject, rows FROM chains")
        }
        names = sorted(set(db.execute("SELECT name, kind, iri, label FROM names")))
        columns = dict(db.execute("SELECT query, columns FROM columns"))
    db.close()
    return {"chains": chains, "names": names, "columns": columns}


def test_the_index_holds_every_row_of_the_chain_queries_on_the_store(demo_out: Path) -> None:
    gen = current(demo_out)
    index = _contents(gen)
    expected: dict[tuple[str, str, str], list[Any]] = {}
    for query, column in INDEXED:
        result = full_rows(gen, query)
        assert result.columns == COLUMNS[query]
        assert json.loads(index["columns"][query]) == list(result.columns)
        at = result.columns.index(column)
        for r, row in enumerate(result.rows):
            if row[at] is None:
                continue
            rows, iris = expected.setdefault((query, column, row[at]), [[], []])
            rows.append(list(row))
            iris.append([c for c in range(len(row)) if (r, c) in result.iris])
    assert len(expected) > 100
    assert index["chains"] == expected  # the same rows, in the queries' order, per subject
    names = set()
    for kind, text in NAME_QUERIES.items():
        for r in select(gen, text, engine="store").records():
            if r["key"] and r["subject"]:
                names.add((r["key"], kind, r["subject"], r.get("label") or r["key"]))
    assert index["names"] == sorted(names)


def test_the_index_is_the_same_from_several_partitions_and_from_graph_nt(
    tmp_path: Path, demo_out: Path
) -> None:
    report = build([GAZETTES], tmp_path / "parts", viz=False, validate=False, partition_bytes=1)
    assert report.partitions > 1
    whole = _contents(current(demo_out))
    assert _contents(current(tmp_path / "parts")) == whole
    again = tmp_path / "again"
    again.mkdir()
    shutil.copyfile(current(demo_out) / "graph.nt", again / "graph.nt")
    assert write_chain_index(again) == again / INDEX_FILE
    assert _contents(again) == whole


def test_chain_facts_read_escaped_literals() -> None:
    """A label holding quotes, a backslash or a line break is written escaped; the chain facts
    hold its text."""
    from govgraph.build.chain_index import partition_facts

    line = (
        "<https://w3id.org/govgraph/id/doc/x> <http://www.w3.org/2004/02/skos/core#prefLabel> "
        '"关于\\"示范区\\"的\\\\通知\\n"@zh .\n'
    )
    facts = partition_facts([line])
    assert facts.nodes["https://w3id.org/govgraph/id/doc/x"]["label"] == ['关于"示范区"的\\通知\n']
