"""Layout invariance: the same gazette printed in another layout gives the same records.

Each demo gazette is re-laid out by ``tests/layouts.py`` (a plain text as a two-column PDF
conversion with page furniture mid-sentence, brackets of the other width and 文号 blocks
printed inside the body, at several page geometries; the two-column gazette as a plain text
and re-wrapped).  Every kind of record must survive (same multiset of record keys, line
numbers aside), and every record's line must map back to the line of the same record in the
original (within the scoring tolerance of 2 lines).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from layouts import (
    COLUMN,
    KINDS,
    Printing,
    compare,
    display_width,
    extract_text,
    interleave_number_blocks,
    line_agreement,
    printings,
    swap_brackets,
    two_column,
    unwrapped,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "gazettes"
GAZETTES = sorted(DATA.glob("*.txt"))
PLAIN = [p for p in GAZETTES if p.name != "wenzhou-gazette-2024-02.txt"]
TWO_COLUMN = DATA / "wenzhou-gazette-2024-02.txt"


@lru_cache(maxsize=8)
def _reference(path: Path) -> dict[str, Any]:
    return extract_text(path.read_text(encoding="utf-8"), path.name)


@lru_cache(maxsize=8)
def _printings(path: Path) -> dict[str, Printing]:
    return dict(printings(path))


# -- the transformations really change the layout ---------------------------------------------


@pytest.mark.parametrize("path", PLAIN, ids=lambda p: p.stem)
def test_layouts_two_column_printing_breaks_lines_and_inserts_furniture(path: Path) -> None:
    printing = _printings(path)["all"]
    lines = [ln for ln in printing.lines if ln.strip() and "\t" not in ln and not ln.startswith("<")]
    narrow = [ln for ln in lines if display_width(ln.strip()) <= COLUMN + 4]
    assert len(narrow) / len(lines) > 0.97
    pages = [ln for ln in printing.lines if re.fullmatch(r"·\s+\d+\s+·", ln)]
    assert len(pages) >= 20
    # A page number falls mid-sentence: the line before it does not close a sentence.
    cut = 0
    for i, line in enumerate(printing.lines):
        if re.fullmatch(r"·\s+\d+\s+·", line):
            before = next(x for x in reversed(printing.lines[:i]) if x.strip())
            cut += before.rstrip()[-1] not in "。；：！？）)》”"
    assert cut >= len(pages) // 2


@pytest.mark.parametrize("path", PLAIN, ids=lambda p: p.stem)
def test_layouts_number_blocks_are_printed_inside_the_body(path: Path) -> None:
    source = Printing.of(path.read_text(encoding="utf-8"))
    moved = interleave_number_blocks(source)
    numbers = [
        i
        for i, ln in enumerate(moved.lines)
        if re.fullmatch(r"\s*\S{1,14}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号\s*", ln)
    ]
    assert numbers
    for i in numbers:
        # The 文号 is printed after body text and followed by its issuer and title lines.
        before = next(x for x in reversed(moved.lines[:i]) if x.strip())
        after = [x for x in moved.lines[i + 1 : i + 8] if x.strip()]
        assert not re.search(r"关于.*(?:通知|通告|决定)$", before.strip())
        assert any(x.startswith("关于") for x in after[:3])


def test_layouts_brackets_are_swapped_and_the_two_column_text_unwrapped() -> None:
    source = Printing.of(PLAIN[0].read_text(encoding="utf-8"))
    swapped = swap_brackets(source).text
    assert source.text.count("（") >= 100
    assert swapped.count("（") == source.text.count("(") and swapped.count("(") == source.text.count("（")
    plain = unwrapped(TWO_COLUMN)
    widths = [display_width(ln) for ln in plain.lines if ln.strip() and "\t" not in ln]
    assert max(widths) > 10 * COLUMN  # paragraphs on one line each
    rewrapped = two_column(plain)
    assert rewrapped.text.count("·") >= 2 * 20


# -- records survive ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", GAZETTES, ids=lambda p: p.stem)
def test_layouts_every_record_survives_every_printing(path: Path) -> None:
    reference = _reference(path)
    assert sum(len(reference[k]) for k in ("documents", "responsibilities", "references")) > 20
    failures = []
    for name, printing in _printings(path).items():
        got = extract_text(printing.text, path.name)
        for kind, survival in compare(reference, got).items():
            if survival.fp or survival.fn:
                failures.append(
                    f"{name} {kind}: P={survival.precision:.3f} R={survival.recall:.3f} "
                    f"missed {survival.missed[:3]} spurious {survival.spurious[:3]}"
                )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", GAZETTES, ids=lambda p: p.stem)
def test_layouts_record_lines_map_back_to_the_source(path: Path) -> None:
    reference = _reference(path)
    for name, printing in _printings(path).items():
        if name.startswith("unwrapped"):
            continue  # a paragraph's line is its first source line: no line-level map
        got = extract_text(printing.text, path.name)
        assert line_agreement(reference, got, printing) == 1.0, name


def test_layouts_record_keys_cover_every_scored_kind() -> None:
    # Survival is checked per kind of record_keys(): a scored kind it left out would never be
    # compared between printings.
    from layouts import record_keys

    from govgraph.evaluate import KEYS

    keys = record_keys(_reference(GAZETTES[0]))
    assert set(keys) == set(KINDS) == {"responsibilities", "lead", *KEYS}
    assert all(keys[k] for k in ("documents", "responsibilities", "references", "officials"))
