"""Faster matchers find exactly what the regular expressions they replace find."""

from __future__ import annotations

import random
import re

from govgraph.places import find_places, gazetteer, place_cues
from govgraph.vocab import TrieFinder, trie_pattern


def test_trie_finder_finds_the_matches_of_the_trie_pattern() -> None:
    items = ["温州", "温州市", "温州市鹿城区", "鹿城区", "市长", "长安", "安徽省", "安徽", "城区"]
    pattern, finder = re.compile(trie_pattern(items)), TrieFinder(items)
    rnd = random.Random(7)
    alphabet = "".join(sorted(set("".join(items)))) + "的，\n"
    for _ in range(3000):
        text = "".join(rnd.choice(items) if rnd.random() < 0.3 else rnd.choice(alphabet) for _ in range(30))
        expected = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
        assert list(finder.finditer(text)) == expected, text


def test_place_names_found_in_a_whole_text_are_those_found_line_by_line() -> None:
    gaz = gazetteer()
    text = "温州市人民政府\r\n关于鹿城区和瑞安市的通知\n\n浙江省温州市\u2028杭州市西湖区，北京市\x0c上海市\n"
    expected = [(m.start(), m.end(), m.group()) for m in gaz.names_pattern.finditer(text)]
    assert find_places(text) == expected and len(expected) >= 6
    counted: dict[str, tuple[int, int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for m in gaz.names_pattern.finditer(line):
            first, n = counted.get(m.group(), (number, 0))
            counted[m.group()] = (first, n + 1)
    cues = {c.text: (c.line, c.count) for c in place_cues(text) if c.kind == "text"}
    assert cues == counted


def test_trie_pattern_answers_match_and_finditer_as_the_compiled_trie() -> None:
    items = ["温州", "温州市", "温州市鹿城区", "鹿城区", "市长", "长安", "安徽省", "安徽", "城区"]
    pattern, finder = re.compile(trie_pattern(items)), TrieFinder(items)
    view = finder.as_pattern()
    rnd = random.Random(11)
    alphabet = "".join(sorted(set("".join(items)))) + "的，\n"
    for _ in range(2000):
        text = "".join(rnd.choice(items) if rnd.random() < 0.3 else rnd.choice(alphabet) for _ in range(25))
        spans = [(m.span(), m.group()) for m in pattern.finditer(text)]
        assert [(m.span(), m.group()) for m in view.finditer(text)] == spans, text
        for pos in range(len(text) + 1):
            a, b = pattern.match(text, pos), view.match(text, pos)
            assert (a and (a.span(), a.group())) == (b and (b.span(), b.group())), (text, pos)
