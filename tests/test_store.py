"""govgraph.store: the on-disk SPARQL store holds exactly graph.nt, opens read-only, and is
replaced only by a complete new store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from govgraph.errors import GovGraphError
from govgraph.store import STORE_DIRNAME, build_store, open_store, store_path

INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"


def dump_lines(store: ox.Store) -> list[str]:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8")
    return sorted(data.splitlines())


def test_demo_store_holds_exactly_the_triples_of_graph_nt(demo_out: Path) -> None:
    store = open_store(demo_out)
    nt = (demo_out / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert len(store) == len(nt) > 10_000
    assert dump_lines(store) == nt  # graph.nt is sorted; the store is canonical N-Triples too


def test_store_opens_from_out_or_store_dir_and_refuses_writes(demo_out: Path) -> None:
    by_out, by_dir = open_store(demo_out), open_store(store_path(demo_out))
    assert len(by_out) == len(by_dir)  # two read-only handles on one store at once
    with pytest.raises(RuntimeError, match="read-write"):
        by_out.update(INSERT)
    assert not by_dir.query("ASK { <http://example.org/a> ?p ?o }")


def test_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(GovGraphError, match="no SPARQL store; run 'govgraph build' first") as info:
        open_store(tmp_path / "never-built")
    assert "\n" not in str(info.value)
    for not_a_store in (tmp_path, tmp_path / STORE_DIRNAME):  # an OUT without a store; an empty store/
        not_a_store.mkdir(exist_ok=True)
        with pytest.raises(GovGraphError, match="no SPARQL store; run 'govgraph build' first") as info:
            open_store(not_a_store)
        assert str(info.value).startswith(str(not_a_store)) and "\n" not in str(info.value)
    with pytest.raises(GovGraphError, match="no such file"):
        build_store(tmp_path / "missing.nt", tmp_path / STORE_DIRNAME)


def test_rebuild_replaces_the_store_and_a_failed_build_keeps_the_old_one(
    demo_out: Path, tmp_path: Path
) -> None:
    nt = tmp_path / "graph.nt"
    shutil.copy(demo_out / "graph.nt", nt)
    target = tmp_path / STORE_DIRNAME
    build_store(nt, target)
    first = dump_lines(open_store(target))

    small = tmp_path / "small.nt"
    small.write_text(nt.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    build_store(small, target)
    assert len(open_store(target)) == 1

    broken = tmp_path / "broken.nt"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        build_store(broken, target)
    assert len(open_store(target)) == 1  # the store in place is untouched
    build_store(nt, target)
    assert dump_lines(open_store(target)) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.nt", "graph.nt", "small.nt", STORE_DIRNAME]
