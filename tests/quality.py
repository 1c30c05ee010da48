"""Extraction quality of a corpus against its gold: the figures the regression gate compares.

``python tests/quality.py``          prints the demo figures and the development set's (when present)
``python tests/quality.py --update`` rewrites ``tests/baselines/demo_eval.json`` after a deliberate
                                      change of extraction (commit it with the change)
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from repo import DEMO_GOLD, GAZETTES, REPO_DIR

from govgraph.evaluate import KEYS, Score, format_table, norm, score_corpus
from govgraph.extract import extract_file

BASELINE = Path(__file__).resolve().parent / "baselines" / "demo_eval.json"
# The development set of other governments' documents lives beside the repository when it is
# there at all (never inside it): a measurement to print, not a test input.
DEV_SET = Path(os.environ.get("GOVGRAPH_DEV_SET", REPO_DIR.parent / "shared" / "wild-dev"))


def _record_key(kind: str, record: dict[str, Any]) -> str:
    if kind in ("responsibilities", "lead"):
        return f"{record.get('line')}|{norm(record.get('unit'))}"
    source_key = KEYS[kind](record)
    return f"{record.get('line')}|" + "|".join(source_key)


def score_texts(texts: list[Path], gold_dir: Path) -> dict[str, Score]:
    """Micro-averaged scores of the texts against ``<gold_dir>/<stem>.gold.json``."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        return score_corpus(
            (extract_file(p).to_gold(), json.loads((gold_dir / f"{p.stem}.gold.json").read_text("utf-8")))
            for p in texts
        )
    finally:
        logging.disable(previous)


def figures(totals: dict[str, Score]) -> dict[str, Any]:
    """tp/fp/fn per kind and, record by record, what was missed or spurious."""
    return {
        kind: {
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "missed": sorted(_record_key(kind, r) for r in s.missed),
            "spurious": sorted(_record_key(kind, r) for r in s.spurious),
        }
        for kind, s in totals.items()
    }


def demo_texts() -> list[Path]:
    return sorted(GAZETTES.glob("*.txt"))


def dev_texts() -> list[Path]:
    return sorted((DEV_SET / "texts").glob("*.txt")) if (DEV_SET / "gold").is_dir() else []


if __name__ == "__main__":
    demo = score_texts(demo_texts(), DEMO_GOLD)
    print("demo corpus (data/gazettes against data/gold)")
    print(format_table(demo))
    if "--update" in sys.argv:
        BASELINE.write_text(json.dumps(figures(demo), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
    if dev_texts():
        print(f"\ndevelopment set ({DEV_SET})")
        print(format_table(score_texts(dev_texts(), DEV_SET / "gold")))
