"""The README's library example: plain strings in, a DataFrame and a readable chain out."""

from __future__ import annotations

from pathlib import Path

import pytest
from repo import DATA_DIR

from govgraph.pipeline import build
from govgraph.query import run_query
from govgraph.query.chain import chain, lookup


def test_library_example_from_the_readme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    report = build([str(DATA_DIR / "gazettes")], "out", viz=False)
    assert not report.failures
    assert (tmp_path / "out" / "graph.nt").stat().st_size > 0
    tasks = run_query("out", "agency_tasks", bindings={"agency": lookup("市经信局", "out")})
    assert len(tasks) >= 30
    assert set(tasks["agency_name"]) == {"温州市经济和信息化局"}
    # The full name and a half-width-bracket alias are the same agency.
    assert lookup("温州市经济和信息化局", "out") == lookup("市经信局", "out")
    text = chain("市经信局", "out").render()
    assert text.startswith("温州市经济和信息化局")
    assert "王振勇 (副市长)" in text


def test_library_nlp_pipeline_pickles_after_use() -> None:
    # spaCy users ship pipelines to worker processes (nlp.pipe(n_process=...), Dask, joblib).
    import pickle

    import govgraph

    nlp = govgraph.nlp()
    text = "（责任单位：市经信局、市发展改革委）"
    before = [(e.text, e.label_) for e in nlp(text).ents]
    copy = pickle.loads(pickle.dumps(nlp))
    assert [(e.text, e.label_) for e in copy(text).ents] == before
    assert before == [("市经信局", "ORG"), ("市发展改革委", "ORG")]
