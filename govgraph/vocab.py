"""Genre word lists: package data under ``govgraph/data/vocab/``, read once per process.

Each file is UTF-8 ``word<TAB>kind`` lines; ``#`` starts a comment line.  The files say what
the genre prints (column labels, document types, clause labels…); the modules that read them
hold only the rules.  Any stage may use this module: it imports nothing of the pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from govgraph.errors import InputError
from govgraph.resources import vocab_dir


@lru_cache(maxsize=32)
def word_list(name: str, directory: Path | None = None) -> tuple[tuple[str, str], ...]:
    """The ``(word, kind)`` rows of ``<directory>/<name>.tsv`` in file order.

    A missing file or a row without a kind is an :class:`InputError` naming the file.
    """
    path = (directory or vocab_dir()) / f"{name}.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(str(path), f"cannot read word list: {err.strerror or err}") from None
    rows: list[tuple[str, str]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        word, sep, kind = raw.partition("\t")
        if not sep or not word.strip() or not kind.strip():
            raise InputError(str(path), f"line {n}: expected word<TAB>kind, found {raw!r}")
        rows.append((word.strip(), kind.strip()))
    return tuple(rows)


def words(name: str, *kinds: str, directory: Path | None = None) -> tuple[str, ...]:
    """The words of the given kinds (all kinds when none is given), in file order."""
    return tuple(w for w, k in word_list(name, directory) if not kinds or k in kinds)


def kinds_of(name: str, directory: Path | None = None) -> dict[str, str]:
    """word → kind."""
    return dict(word_list(name, directory))


def alternation(items: Iterable[str], *, spaced: bool = False) -> str:
    """A regex alternation of ``items``, longest first; ``spaced`` lets white space fall
    between any two characters (a letter-spaced label, a word split by a line break)."""
    if not spaced:
        # As a character trie: the matches of the flat alternation sorted longest first (the
        # words that match at a position are prefixes of one another, tried longest first in
        # both), without testing every word at every position.
        return trie_pattern(set(items))
    unique = sorted(set(items), key=lambda w: (-len(w), w))
    return "|".join(r"\s*".join(re.escape(c) for c in w) for w in unique)


def trie_pattern(items: Iterable[str]) -> str:
    """A regex alternation of ``items`` factored as a character trie, longest match first.

    Python's ``re`` tries a flat alternation word by word at every position (7 M chars/s for
    700 names); the factored form ``市(?:委(?:组织部|宣传部)?|…)`` rejects a position after one
    character.  A greedy optional tail keeps longest-match semantics (市委组织部 before 市委).
    """
    trie: dict[str, dict] = {}
    for w in items:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


class TrieFinder:
    """The matches :func:`trie_pattern` finds with ``finditer`` (longest item first, left to right,
    not overlapping), found faster in long texts.

    ``re`` tries the trie's first-level branches one by one at every position (thousands of
    branches for the national division names: 1 µs a character); here a character class finds
    the positions where an item can start and a small trie of the items beginning with that
    character takes the longest match there (7× faster on gazettes).  Each small trie is
    compiled when its first character is first met: compiling all of them (900 for the division
    names) or the one big trie costs 0.1–0.2 CPU-s of every build that reads a few texts.
    """

    def __init__(self, items: Iterable[str]) -> None:
        rests: dict[str, list[str]] = {}
        for item in set(items):
            if len(item) < 2:
                raise ValueError(f"TrieFinder items have two characters or more: {item!r}")
            rests.setdefault(item[0], []).append(item[1:])
        self._rests = rests
        self._matchers: dict[str, Callable[[str, int], re.Match[str] | None]] = {}
        # The first two characters of the items: a position whose two characters are none of
        # them is rejected by a set lookup, without a trie (measured on gazettes: a third of
        # the characters may start a division name, 1 in 60 with the character after them).
        self._pairs = frozenset(first + rest[0] for first, items in rests.items() for rest in items)
        starts = "".join(re.escape(c) for c in sorted(rests))
        seconds = "".join(re.escape(c) for c in sorted({pair[1] for pair in self._pairs}))
        self._first = re.compile(f"[{starts}](?=[{seconds}])").search if rests else None

    def _matcher(self, first: str) -> Callable[[str, int], re.Match[str] | None]:
        matcher = self._matchers.get(first)
        if matcher is None:
            pattern = re.escape(first) + "(?:" + trie_pattern(self._rests[first]) + ")"
            matcher = self._matchers[first] = re.compile(pattern).match
        return matcher

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The longest item at ``pos`` (what ``re.compile(trie_pattern(items)).match`` gives)."""
        if text[pos : pos + 2] not in self._pairs:
            return None
        return self._matcher(text[pos])(text, pos)

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """The match objects ``re.compile(trie_pattern(items)).finditer(text)`` gives."""
        search, pos = self._first, 0
        if search is None:
            return
        while True:
            m = search(text, pos)
            if m is None:
                return
            start = m.start()
            pair = text[start : start + 2] in self._pairs
            found = self._matcher(text[start])(text, start) if pair else None
            if found is None:
                pos = start + 1
            else:
                pos = found.end()
                yield found

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, item) of each match."""
        for found in self.matches(text):
            yield found.start(), found.end(), found.group()

    def as_pattern(self) -> TriePattern:
        """The ``match``/``finditer`` of ``re.compile(trie_pattern(items))``, on this finder."""
        return TriePattern(self)


class TriePattern:
    """What callers of ``re.compile(trie_pattern(items))`` use (``match``, ``finditer``, the same
    match objects), answered by a :class:`TrieFinder`, which compiles only what a text needs."""

    def __init__(self, finder: TrieFinder) -> None:
        self.match = finder.match
        self.finditer = finder.matches
