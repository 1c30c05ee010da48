"""Scoring against gold annotations, following data/gold/FORMAT.md.

* A predicted record matches a gold record when their lines differ by at most 2 and their
  key fields are equal after removing white space, brackets compared width-blind and the
  ``*`` marker ignored.
* responsibilities and lead are scored per (line, unit) pair; the other kinds as sets of
  distinct keys per gazette.
* Precision, recall and F1 per kind, micro-averaged over gazettes.
* A kind whose key a gold file omits was not annotated in that file (the dev set's p-files
  leave ``references`` out): it is not scored there.  An empty list is annotated: none present.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from govgraph.text import fold_brackets

KINDS = (
    "documents",
    "responsibilities",
    "lead",
    "appointments",
    "leader_duties",
    "references",
    "references_untyped",
    "officials",
)
LINE_TOLERANCE = 2

def norm(value: Any) -> str:
    if value is None:
        return ""
    return fold_brackets(re.sub(r"[\s*＊]", "", str(value)))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)

    # Undefined ratios (nothing predicted, nothing in the gold) are 1.0 here so that sums and
    # comparisons stay numeric; :meth:`defined` says whether a figure means anything, and
    # reports print "—" where it does not.

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def gold(self) -> int:
        """Gold records of this kind (matched or missed)."""
        return self.tp + self.fn

    def defined(self) -> dict[str, bool]:
        """Which of precision, recall and F1 are measured rather than vacuous."""
        has_gold, has_predicted = self.tp + self.fn > 0, self.tp + self.fp > 0
        return {"precision": has_predicted, "recall": has_gold, "f1": has_gold and has_predicted}

    def as_dict(self) -> dict[str, float | int | None]:
        """The figures as JSON values: ``None`` for a ratio over nothing."""
        ok = self.defined()
        return {
            "precision": self.precision if ok["precision"] else None,
            "recall": self.recall if ok["recall"] else None,
            "f1": self.f1 if ok["f1"] else (0.0 if self.gold else None),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.missed += other.missed
        self.spurious += other.spurious


Item = tuple[int | None, tuple[str, ...], dict[str, Any]]  # (line or None, key, original record)


def _pairs(
    records: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], tuple[str, ...]], with_line: bool
) -> list[Item]:
    return [(r.get("line") if with_line else None, key(r), r) for r in records]


def _clause_pairs(records: Iterable[dict[str, Any]], field_name: str) -> list[Item]:
    out: list[Item] = []
    for r in records:
        seen = set()
        for unit in r.get(field_name) or []:
            k = (norm(unit),)
            if k in seen:
                continue
            seen.add(k)
            out.append((int(r.get("line") or 0), k, {**r, "unit": unit}))
    return out


def match_sets(predicted: list[Item], gold: list[Item]) -> Score:
    """Distinct keys per gazette; a key matches when some pair of its records is within the
    line tolerance (records without a line, such as officials, match on the key alone)."""
    score = Score()
    pred: dict[tuple[str, ...], list[Item]] = {}
    for item in predicted:
        pred.setdefault(item[1], []).append(item)
    gold_by: dict[tuple[str, ...], list[Item]] = {}
    for item in gold:
        gold_by.setdefault(item[1], []).append(item)

    def lines_agree(a: list[Item], b: list[Item]) -> bool:
        la = [x[0] for x in a if x[0]]
        lb = [x[0] for x in b if x[0]]
        if not la or not lb:
            return True
        return any(abs(x - y) <= LINE_TOLERANCE for x in la for y in lb)

    matched = set()
    for key, gitems in sorted(gold_by.items()):
        if key in pred and lines_agree(pred[key], gitems):
            score.tp += 1
            matched.add(key)
        else:
            score.fn += 1
            score.missed.append(gitems[0][2])
    for key, pitems in sorted(pred.items()):
        if key not in matched:
            score.fp += 1
            score.spurious.append(pitems[0][2])
    return score


def match(predicted: list[Item], gold: list[Item]) -> Score:
    """Greedy one-to-one matching of line-bearing pairs: equal keys, lines within tolerance."""
    score = Score()
    by_key: dict[tuple[str, ...], list[Item]] = {}
    for item in predicted:
        by_key.setdefault(item[1], []).append(item)
    used: set[int] = set()
    for gline, gkey, grec in sorted(gold, key=lambda x: (x[0] or 0, x[1])):
        best = None
        for item in by_key.get(gkey, []):
            if id(item) in used:
                continue
            d = abs((item[0] or 0) - (gline or 0))
            if d <= LINE_TOLERANCE and (best is None or d < best[0]):
                best = (d, item)
        if best is None:
            score.fn += 1
            score.missed.append(grec)
        else:
            used.add(id(best[1]))
            score.tp += 1
    for item in predicted:
        if id(item) not in used:
            score.fp += 1
            score.spurious.append(item[2])
    return score


KEYS: dict[str, Callable[[dict[str, Any]], tuple[str, ...]]] = {
    "documents": lambda r: (norm(r.get("doc_number")), norm(r.get("title"))),
    "appointments": lambda r: (
        norm(r.get("person")),
        r.get("action", ""),
        norm((r.get("organization") or "") + (r.get("position") or "")),
    ),
    "leader_duties": lambda r: (norm(r.get("person")), r.get("relation", ""), norm(r.get("unit"))),
    "references": lambda r: (norm(r.get("from")), norm(r.get("to")), r.get("relation", "")),
    "references_untyped": lambda r: (norm(r.get("from")), norm(r.get("to"))),
    "officials": lambda r: (norm(r.get("person")), norm(r.get("title"))),
}


def score_gazette(predicted: dict[str, Any], gold: dict[str, Any]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    if "responsibilities" in gold:
        scores["responsibilities"] = match(
            _clause_pairs(predicted.get("responsibilities", []), "units"),
            _clause_pairs(gold["responsibilities"], "units"),
        )
        scores["lead"] = match(
            _clause_pairs(predicted.get("responsibilities", []), "lead"),
            _clause_pairs(gold["responsibilities"], "lead"),
        )
    else:
        scores["responsibilities"], scores["lead"] = Score(), Score()  # not annotated in this file
    for kind, key in KEYS.items():
        source = "references" if kind == "references_untyped" else kind
        if source not in gold:
            scores[kind] = Score()  # not annotated in this file
            continue
        scores[kind] = match_sets(
            _pairs(predicted.get(source, []), key, with_line=True),
            _pairs(gold[source], key, with_line=True),
        )
    return scores


def format_table(totals: dict[str, Score]) -> str:
    """The score table; a ratio over nothing (no gold, or nothing predicted) prints as "—",
    never as a perfect 1.000."""
    rows = [f"{'kind':<20}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for kind in KINDS:
        s = totals[kind]
        cells = "".join(f"{v:>8.3f}" if v is not None else f"{'—':>8}" for v in _ratios(s))
        rows.append(f"{kind:<20}{cells}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    return "\n".join(rows)


def _ratios(s: Score) -> tuple[float | None, float | None, float | None]:
    d = s.as_dict()
    return d["precision"], d["recall"], d["f1"]  # type: ignore[return-value]


def score_corpus(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Score]:
    """Micro-averaged scores of (predicted, gold) pairs of gold-format records."""
    totals = {k: Score() for k in KINDS}
    for predicted, gold in pairs:
        for kind, score in score_gazette(predicted, gold).items():
            totals[kind].add(score)
    return totals
