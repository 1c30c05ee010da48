"""The one text normalisation of govgraph: width and bracket folding, printed width.

Every stage compares text through these functions, so a full-width ``（`` and a half-width
``(`` (or 〈〉 and <>) are one character to every rule, and offsets never move: folding keeps
the length of the text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache

log = logging.getLogger(__name__)

# Brackets that print one bracket in other widths and shapes (（） 〈〉 <> ［］ 【】).
_BRACKET_PAIRS = dict(zip("（）〈〉<>［］【】", "()()()[][]", strict=True))
_FOLD = str.maketrans({**_BRACKET_PAIRS, "，": ",", "：": ":", "；": ";", "　": " "})


def fold(text: str) -> str:
    """Full-/half-width folding for matching; same length as the input (offsets stay valid)."""
    out = unicodedata.normalize("NFKC", text) if text.isascii() is False else text
    if len(out) != len(text):  # NFKC may change length (ligatures); fall back to the table only
        out = text
    return out.translate(_FOLD)


# Brackets of every width and shape that one document number or title prints in different
# issues (〔〕 [] （） 【】 〈〉): one bracket pair each, for comparing printed keys.
_BRACKETS = str.maketrans({**_BRACKET_PAIRS, "〔": "(", "〕": ")"})


def fold_brackets(text: str) -> str:
    """``text`` with its brackets folded to ASCII (〔〕/（）/〈〉 → (), ［］/【】 → []); same length."""
    return text.translate(_BRACKETS)


# Agency names print one bracket pair in every width and shape ((), 〈〉, <>, 〔〕, []): one form,
# full width, as the registry stores its names (not 《》: a title mark, never inside a name).
_NAME_BRACKETS = str.maketrans(
    {**dict.fromkeys("（(〈<〔[【［＜﹙", "（"), **dict.fromkeys("）)〉>〕]】］＞﹚", "）")}
)


def fold_name_brackets(text: str) -> str:
    """``text`` with every bracket of an agency name as ``（`` / ``）``; same length."""
    return text.translate(_NAME_BRACKETS)


# Every bracket kind, for reading nesting across kinds (各县〈市、区〉政府, 市治水办〔河长办〕).
_OPENERS = "（(〈<〔［[【{《﹙"
_CLOSERS = "）)〉>〕］]】}》﹚"
_ALL_BRACKETS = str.maketrans(
    {
        **dict.fromkeys(_OPENERS, "("),
        **dict.fromkeys(_CLOSERS, ")"),
        "：": ":",
        "，": ",",
        "；": ";",
        "＊": "*",
        "\u3000": " ",
        "\t": " ",
        "．": ".",
    }
)
_ALL_BRACKETS_PAIRS = tuple((chr(k), v) for k, v in _ALL_BRACKETS.items())


@cache
def _foldable_re() -> re.Pattern[str]:
    """Any character :func:`fold_all_brackets` changes."""
    return re.compile("[" + "".join(re.escape(old) for old, new in _ALL_BRACKETS_PAIRS if old != new) + "]")


def fold_all_brackets(text: str) -> str:
    """Every bracket kind becomes ``()`` (so nesting is counted across kinds: 各县〈市、区〉政府,
    市治水办〔河长办〕, 各县<市、区>政府) and full-width ：，；＊． become ASCII; same length, so
    offsets into the folded text are offsets into the original."""
    # (called for every unit, cell and clause: the common answers cheaply)
    if not _foldable_re().search(text):
        return text
    if len(text) < 16:
        return text.translate(_ALL_BRACKETS)
    # str.translate with a dict table costs 50 ns a character on non-ASCII text; a few
    # replaces cost 1 µs whatever the length.
    for old, new in _ALL_BRACKETS_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


@cache
def _simplified_table() -> dict[int, int]:
    """Traditional → simplified, one character for one (OpenCC's character table, shipped by
    ``opencc-python-reimplemented``).  Only characters that are never simplified forms themselves
    are mapped (乾 → 干 / 乾 and 於 → 于 / 於 are left alone), so the table changes nothing in a
    simplified text."""
    from importlib.resources import files

    try:
        lines = files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as err:  # pragma: no cover - broken install
        log.warning("no traditional-character table (%s): traditional texts are read as printed", err)
        return {}
    table: dict[int, int] = {}
    for line in lines.splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and source not in candidates and len(candidates[0]) == 1:
            table[ord(source)] = ord(candidates[0])
    return table


@cache
def _traditional_chars() -> frozenset[str]:
    return frozenset(map(chr, _simplified_table()))


def simplified(text: str) -> str:
    """``text`` with traditional characters read as their simplified forms, for matching only
    (a repost converted to traditional characters: 責任單位, 牽頭, 負責); same length, so offsets
    into it are offsets into the printed text, which is what records keep."""
    if _traditional_chars().isdisjoint(text):
        return text
    return text.translate(_simplified_table())


#: Share of a text's Chinese characters that are traditional-only above which the text is a
#: traditional-character text (measured: 31–41% on reposts, below 0.01% on simplified texts).
TRADITIONAL_SHARE = 0.05


@cache
def _traditional_han_re() -> re.Pattern[str]:
    """The traditional-only characters of the CJK block, as one character class."""
    chars = sorted(c for c in _traditional_chars() if "\u4e00" <= c <= "\u9fff")
    return re.compile("[" + "".join(chars) + "]") if chars else re.compile(r"(?!x)x")


HAN_RE = re.compile("[\u4e00-\u9fff]")
"""One character of the CJK block (what govgraph counts as a Chinese character)."""


def count_han(text: str) -> int:
    """How many characters of ``text`` are Chinese (in the CJK block)."""
    return HAN_RE.subn("", text)[1]  # (in C: a loop over the characters in Python is 10× slower)


def is_traditional(text: str) -> bool:
    """Is ``text`` printed in traditional characters (a repost converted by a mirror site)?"""
    traditional = len(_traditional_han_re().findall(text))  # few in a simplified text
    return traditional >= 10 and traditional >= TRADITIONAL_SHARE * count_han(text)


def printed_forms(printed: str, read: str) -> dict[int, int]:
    """The translation back from ``read`` (= ``simplified(printed)``) to what ``printed`` shows:
    each simplified character the text printed in a traditional form, to that form (the most
    frequent one when the text printed two: 發 / 髮 → 发)."""
    counts: dict[tuple[str, str], int] = {}
    for a, b in zip(read, printed, strict=True):
        if a != b:
            counts[a, b] = counts.get((a, b), 0) + 1
    best: dict[str, tuple[int, str]] = {}
    for (a, b), n in counts.items():
        if a not in best or n > best[a][0]:
            best[a] = (n, b)
    return {ord(a): ord(b) for a, (_, b) in best.items()}


# Other than ASCII (narrow, every character of it).
_NOT_SURELY_WIDE_RE = re.compile(r"[^\x00-\x7f\u3000-\u9fff\uff01-\uff60]")


def without_spaces(text: str) -> str:
    """``text`` without white space (what ``re.sub(r"\\s+", "", text)`` gives: ``str.split``
    splits at the same characters), at a third of the cost."""
    return "".join(text.split())


def display_width(text: str) -> int:
    """Printed width in half-width columns; ambiguous-width marks (“ ” ‘ ’ …) are full width
    in Chinese typesetting."""
    width = 2 * len(text) - len(text.encode("ascii", "ignore"))  # (the ASCII characters, in C)
    for c in _NOT_SURELY_WIDE_RE.findall(text):
        if unicodedata.east_asian_width(c) not in "WFA":
            width -= 1
    return width


# A reading aid some repost sites print after a character: its pinyin in brackets ("印發(fā)",
# "區(qū)"), the flattened ruby of the page.  A tone mark tells it from a bracketed letter or word.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_RUBY_RE = re.compile(rf"(?<=[\u4e00-\u9fff])[（(][a-zü{_TONED}]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,6}}[)）]")
_TONED_RE = re.compile(f"[{_TONED}]")
#: Fewest annotations for a text to be read as an annotated repost (one could be a gloss).
RUBY_MIN = 3


def without_ruby(text: str) -> tuple[str, list[int] | None]:
    """``text`` without the pinyin a repost site printed after its characters, and for each
    character of the result (and its end) the offset in ``text`` it was printed at; ``(text,
    None)`` when the text carries fewer than :data:`RUBY_MIN` annotations."""
    if not _TONED_RE.search(text):
        return text, None  # (no tone mark, no annotation: a scan in C, not the pattern's)
    spans = [m.span() for m in _RUBY_RE.finditer(text)]
    if len(spans) < RUBY_MIN:
        return text, None
    kept: list[str] = []
    offsets: list[int] = []
    pos = 0
    for a, b in [*spans, (len(text), len(text))]:
        kept.append(text[pos:a])
        offsets.extend(range(pos, a))
        pos = b
    offsets.append(len(text))
    return "".join(kept), offsets
