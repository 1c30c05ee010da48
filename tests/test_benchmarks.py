"""The benchmark's inputs (no timings: see benchmarks/run.py): the synthetic scale corpora are
deterministic and really grow the graph: a corpus holding every demo gazette twice has twice the
demo's documents and more persons, not the same entities."""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import pytest
from repo import REPO_DIR

from govgraph.build.pipeline import build

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
import synth


@pytest.fixture(scope="module")
def bases() -> list[synth.Base]:
    return synth.load_bases()


def _digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _rows(out: Path, table: str) -> list[dict[str, str]]:
    with (out / "tables" / f"{table}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_synthetic_corpus_is_deterministic(tmp_path: Path, bases: list[synth.Base]) -> None:
    a = synth.generate(6, tmp_path / "a", bases=bases)
    b = synth.generate(6, tmp_path / "b", bases=bases)
    other = synth.generate(6, tmp_path / "c", bases=bases, seed="another seed")
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(other)
    assert len(list(a.glob("*.txt"))) == 6


def test_synthetic_variant_changes_numbers_names_and_dates(bases: list[synth.Base]) -> None:
    counties = synth.county_groups()
    base = next(b for b in bases if "2024-02" in b.name)
    assert synth.variant_text(base, 0, synth.DEFAULT_SEED, counties) == base.text
    # Variant 12: one block of document numbers up, same years; variant 13 also a year back.
    v12 = synth.variant_text(base, 12, synth.DEFAULT_SEED, counties)
    v13 = synth.variant_text(base, 13, synth.DEFAULT_SEED, counties)
    assert "温政发〔2024〕5号" in base.text
    assert "温政发〔2024〕105号" in v12 and "温政发〔2024〕5号" not in v12
    assert "温政发〔2023〕105号" in v13
    kept = [n for n in base.persons if n in v12]
    assert len(kept) < len(base.persons) / 2, kept  # names are redrawn (a few may be drawn again)


def test_synthetic_issues_do_not_collapse_into_the_same_entities(
    tmp_path: Path, bases: list[synth.Base], demo_out: Path
) -> None:
    """Every demo gazette twice (6 issues): twice the documents, more persons than the demo."""
    corpus = synth.generate(6, tmp_path / "x6", bases=bases)
    out = tmp_path / "out"
    result = build([corpus], out, store=False, viz=False, validate=False)
    assert len(result.gazettes) == 6

    def corpus_documents(o: Path) -> set[str]:
        return {r["iri"] for r in _rows(o, "documents") if r["in_corpus"] == "True"}

    demo_docs, docs = corpus_documents(demo_out), corpus_documents(out)
    assert len(docs) == 2 * len(demo_docs)
    demo_persons = {r["iri"] for r in _rows(demo_out, "persons")}
    persons = {r["iri"] for r in _rows(out, "persons")}
    assert len(persons) > 1.5 * len(demo_persons)
    assert result.triples > 1.8 * sum(1 for _ in (demo_out / "graph.nt").open(encoding="utf-8"))
