"""The regression gate for extraction quality on the demo corpus.

The exact tp/fp/fn per record kind, and every missed or spurious record, are checked in as
``tests/baselines/demo_eval.json``. Any change fails here with the records that changed; a
deliberate improvement updates the baseline in the same commit (``python tests/quality.py
--update``).  The development set of other governments is reported as a measurement at the end
of the test run (conftest.py), not tested here.
"""

from __future__ import annotations

import json

from quality import BASELINE, demo_texts, figures, score_texts
from repo import DEMO_GOLD

from govgraph.evaluate import KINDS


def test_quality_gate_demo_scores_equal_the_baseline() -> None:
    texts = demo_texts()
    assert len(texts) == 3 and all((DEMO_GOLD / f"{p.stem}.gold.json").is_file() for p in texts)
    got = figures(score_texts(texts, DEMO_GOLD))
    want = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert set(want) == set(KINDS)
    changes = []
    for kind in KINDS:
        g, w = got[kind], want[kind]
        if g != w:
            before, after = set(w["missed"] + w["spurious"]), set(g["missed"] + g["spurious"])
            changes.append(
                f"{kind}: tp/fp/fn {w['tp']}/{w['fp']}/{w['fn']} -> {g['tp']}/{g['fp']}/{g['fn']}\n"
                f"  newly missed or spurious: {sorted(after - before)}\n"
                f"  no longer missed or spurious: {sorted(before - after)}"
            )
    assert not changes, "extraction quality changed on the demo gold:\n" + "\n".join(changes)


def test_quality_gate_baseline_is_not_vacuous() -> None:
    # A gate over an empty gold, or a baseline that records nothing, could never fail.
    want = json.loads(BASELINE.read_text(encoding="utf-8"))
    for kind in KINDS:
        assert want[kind]["tp"] + want[kind]["fn"] > 0, f"no gold records of {kind} in the demo gold"
