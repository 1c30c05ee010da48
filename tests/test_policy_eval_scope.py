"""Scoring a file whose gold leaves a kind out (not annotated) versus one with an empty list."""

from __future__ import annotations

from govgraph.evaluate import score_corpus

TITLE = "甲市人民代表大会常务委员会关于乙的决定"
PREDICTED = {
    "documents": [{"line": 1, "doc_number": None, "title": TITLE}],
    "references": [{"line": 3, "from": TITLE, "to": "《丙法》", "relation": "based_on"}],
    "responsibilities": [{"line": 5, "units": ["甲局"], "lead": []}],
}
DOCUMENTS = [{"line": 1, "doc_number": None, "title": TITLE}]


def test_a_kind_left_out_of_the_gold_is_not_scored() -> None:
    totals = score_corpus([(PREDICTED, {"documents": DOCUMENTS})])
    assert (totals["documents"].tp, totals["documents"].fp) == (1, 0)
    for kind in ("references", "references_untyped", "responsibilities", "lead"):
        assert (totals[kind].tp, totals[kind].fp, totals[kind].fn) == (0, 0, 0), kind


def test_an_empty_list_in_the_gold_means_none_present() -> None:
    totals = score_corpus([(PREDICTED, {"documents": DOCUMENTS, "references": [], "responsibilities": []})])
    assert totals["references"].fp == 1
    assert totals["responsibilities"].fp == 1
