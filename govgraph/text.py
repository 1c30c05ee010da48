"""The one text normalisation of govgraph: width and bracket folding, printed width.

Every stage compares text through these functions, so a full-width ``（`` and a half-width
``(`` (or 〈〉 and <>) are one character to every rule, and offsets never move: folding keeps
the length of the text.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〈": "(",
        "〉": ")",
        "<": "(",
        ">": ")",
        "［": "[",
        "］": "]",
        "【": "[",
        "】": "]",
        "，": ",",
        "：": ":",
        "；": ";",
        "　": " ",
    }
)


def fold(text: str) -> str:
    """Full-/half-width folding for matching; same length as the input (offsets stay valid)."""
    out = unicodedata.normalize("NFKC", text) if text.isascii() is False else text
    if len(out) != len(text):  # NFKC may change length (ligatures); fall back to the table only
        out = text
    return out.translate(_FOLD)


_NOT_SURELY_WIDE_RE = re.compile(r"[^\u3000-\u9fff\uff01-\uff60]")


def display_width(text: str) -> int:
    """Printed width in half-width columns; ambiguous-width marks (“ ” ‘ ’ …) are full width
    in Chinese typesetting."""
    width = 2 * len(text)
    for c in _NOT_SURELY_WIDE_RE.findall(text):
        if unicodedata.east_asian_width(c) not in "WFA":
            width -= 1
    return width
