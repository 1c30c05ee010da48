"""govgraph.export: every format, deterministic N-Triples, append, atomic writes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from rdflib import Graph
from test_graph import FakeResolver, corpus, gazette_2021, gazette_2022, gazette_2024

from govgraph import export as export_module
from govgraph.errors import ExportError
from govgraph.export import (
    GraphExporter,
    export_corpus,
    extraction_from_dict,
    extraction_to_dict,
    load_extractions,
)
from govgraph.graph import TABLE_NAMES, build_graph, nt_line, to_networkx


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_export_extraction_json_round_trips_every_record() -> None:
    for ex in corpus():
        data = json.loads(json.dumps(extraction_to_dict(ex), ensure_ascii=False))
        assert extraction_from_dict(data) == ex


def test_export_writes_every_format_with_the_same_triples(tmp_path: Path) -> None:
    summary = export_corpus(corpus(), tmp_path, FakeResolver())
    expected = {nt_line(t) for t in build_graph(corpus(), FakeResolver())}  # type: ignore[arg-type]
    nt = (tmp_path / "graph.nt").read_text(encoding="utf-8")
    assert set(nt.splitlines(keepends=True)) == expected and summary.triples == len(expected)
    graphs = [
        Graph().parse(tmp_path / "graph.nt"),
        Graph().parse(tmp_path / "graph.ttl"),
        Graph().parse(tmp_path / "graph.jsonld", format="json-ld"),
    ]
    assert len(graphs[0]) == len(expected)
    assert set(graphs[0]) == set(graphs[1]) == set(graphs[2])
    assert "@prefix gg: <https://w3id.org/govgraph/ontology#>" in (tmp_path / "graph.ttl").read_text("utf-8")
    assert leftovers(tmp_path) == []


def test_export_ntriples_are_sorted_and_byte_identical_across_runs(tmp_path: Path) -> None:
    export_corpus(corpus(), tmp_path / "a", FakeResolver())
    export_corpus(list(reversed(corpus())), tmp_path / "b", FakeResolver())
    a = (tmp_path / "a" / "graph.nt").read_bytes()
    assert a == (tmp_path / "b" / "graph.nt").read_bytes()
    lines = a.decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert not any(" _:" in line or line.startswith("_:") for line in lines)
    for name in ("graph.graphml", *(f"tables/{t}.csv" for t in TABLE_NAMES)):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_export_graphml_is_the_networkx_graph(tmp_path: Path) -> None:
    export_corpus(corpus(), tmp_path, FakeResolver())
    read = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    built = to_networkx(corpus(), FakeResolver())
    assert read.number_of_nodes() == built.number_of_nodes()
    assert sorted(d["relation"] for *_, d in read.edges(data=True)) == sorted(
        d["relation"] for *_, d in built.edges(data=True)
    )
    node = next(n for n, d in read.nodes(data=True) if d["label"] == "温州市科学技术局")
    assert read.nodes[node]["aliases"] == "市科技局" and read.nodes[node]["in_registry"] is True


def test_export_tables_are_sorted_utf8_with_one_row_per_fact(tmp_path: Path) -> None:
    export_corpus(corpus(), tmp_path, FakeResolver())
    tables = {
        name: pd.read_csv(tmp_path / "tables" / f"{name}.csv", encoding="utf-8") for name in TABLE_NAMES
    }
    assert {name: len(t) for name, t in tables.items() if name not in ("agencies", "posts", "tasks")} == {
        "persons": 4,
        "documents": 8,
        "assignments": 3,
        "duties": 4,
        "appointments": 2,
        "references": 3,
    }
    for t in tables.values():
        assert list(t["iri"]) == sorted(t["iri"])
    duty = tables["duties"].set_index("evidence").loc["联系市住建局"]
    assert (duty["leader"], duty["relation"], duty["valid_until"]) == ("王振勇", "liaises", "2024-02-18")
    assert set(tables["assignments"]["role"]) == {"lead", "participant", "unspecified"}


def test_export_append_adds_a_gazette_and_loses_nothing(tmp_path: Path) -> None:
    export_corpus([gazette_2021(), gazette_2022()], tmp_path, FakeResolver())
    before = set((tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines())
    duties_before = pd.read_csv(tmp_path / "tables" / "duties.csv")

    exporter = GraphExporter(tmp_path, FakeResolver())
    exporter.write(gazette_2024())
    summary = exporter.finalize()

    after = set((tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert summary.gazettes == 3
    assert before < after
    duties_after = pd.read_csv(tmp_path / "tables" / "duties.csv")
    assert set(duties_before["iri"]) < set(duties_after["iri"])
    # The new notice ends the old one's duties: a corpus-wide fact recomputed on append.
    old = duties_after[duties_after["iri"].isin(duties_before["iri"])]
    assert set(old["valid_until"]) == {"2024-02-18"}
    # Appending is the same as building everything at once.
    export_corpus(corpus(), tmp_path / "full", FakeResolver())
    assert (tmp_path / "graph.nt").read_bytes() == (tmp_path / "full" / "graph.nt").read_bytes()


def test_export_rewriting_a_gazette_replaces_its_old_extraction(tmp_path: Path) -> None:
    export_corpus(corpus(), tmp_path, FakeResolver())
    fewer = gazette_2022()
    fewer.references = fewer.references[:1]
    export_corpus([fewer], tmp_path, FakeResolver(), append=True)
    assert len(load_extractions(tmp_path)) == 3
    assert len(pd.read_csv(tmp_path / "tables" / "references.csv")) == 1
    # Without append the directory holds exactly the given corpus.
    export_corpus([gazette_2024()], tmp_path, FakeResolver())
    assert [ex.source for ex in load_extractions(tmp_path)] == [gazette_2024().source]


def test_export_failure_leaves_old_outputs_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_corpus([gazette_2021()], tmp_path, FakeResolver())
    old = {p: p.read_bytes() for p in tmp_path.rglob("graph.*")}

    def broken_graphml(graph: nx.MultiDiGraph, fh: object, **kwargs: object) -> None:
        fh.write(b"<?xml version='1.0'?><graphml>")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module.nx, "write_graphml", broken_graphml)
    exporter = GraphExporter(tmp_path, FakeResolver(), formats=("graphml",))
    exporter.write(gazette_2024())
    with pytest.raises(ExportError, match="No space left on device"):
        exporter.finalize()
    assert leftovers(tmp_path) == []
    assert {p: p.read_bytes() for p in tmp_path.rglob("graph.*")} == old


def test_export_bad_stored_extraction_is_a_one_line_error_naming_the_file(tmp_path: Path) -> None:
    export_corpus([gazette_2021()], tmp_path, FakeResolver())
    bad = tmp_path / "extractions" / "broken.txt.json"
    bad.write_text('{"format": "govgraph-extraction/1", "source": "broken.txt"', encoding="utf-8")
    with pytest.raises(ExportError) as err:
        GraphExporter(tmp_path, FakeResolver()).finalize()
    assert str(bad) in str(err.value) and "\n" not in str(err.value)


def test_export_rejects_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="xml"):
        GraphExporter(tmp_path, FakeResolver(), formats=("nt", "xml"))


def test_export_stored_extraction_keeps_tuple_fields(tmp_path: Path) -> None:
    ex = gazette_2022()
    ex.documents = [replace(ex.documents[0], attachments=("附件1", "附件2"))]
    export_corpus([ex], tmp_path, FakeResolver(), formats=("nt",))
    assert load_extractions(tmp_path)[0].documents[0].attachments == ("附件1", "附件2")


def test_export_load_store_streams_the_same_triples_into_pyoxigraph(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from govgraph.export import load_store

    export_corpus(corpus(), tmp_path, FakeResolver(), formats=("nt",))
    store = ox.Store()
    load_store(corpus(), FakeResolver(), store, batch=50)
    dumped = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
    # pyoxigraph writes canonical N-Triples: the same lines, byte for byte, as graph.nt.
    assert sorted(dumped.splitlines()) == (tmp_path / "graph.nt").read_text(encoding="utf-8").splitlines()
