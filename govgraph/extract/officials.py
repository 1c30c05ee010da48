"""Officials: each distinct (person, title) pair an issue states.

Where gazettes state who holds which post:

* running text of the chronicle (政府记事) and news (政务简讯): a chain of titles joined by
  ``、`` before a name, a list of names sharing the titles
  (``市长张振丰，市委常委、副市长李无文，副市长陈应许、毛伟平参加…``);
* a title with its organisation, whose second title is bare
  (``省市场监管局党委书记、局长章根明`` → 省市场监管局党委书记, 省市场监管局局长);
* the party form with the name inside (``省委袁家军书记`` → 袁家军 省委书记) and the
  honorific after the name (``习近平总书记``);
* member lists of leading groups, one per line (``组长：陈应许 市政府副市长``);
* the division-of-work notice (``张文杰（市长）``, read by :mod:`govgraph.extract.duties`);
* new posts from the personnel notice (organisation + position, read by
  :mod:`govgraph.extract.appointments`); removed posts are no longer held.

* a profile or list entry, the name first: ``1. 张三：市委常委、常务副市长，负责…``;
* a division-of-work or news list line in the polite order, titles with their body
  (``李四省政府党组成员，…``), and the concurrent post stated after it (``，兼任省公安厅厅长``,
  or a line ``兼市公安局局长，负责…`` under the entry's head);
* a headline or a list line restating an appointment (``许勤任河北省人民政府副省长、代理省长``):
  the official takes the line where the pair is first printed.

Titles are kept as printed (``市人民政府市长``, ``区委常委、宣传部长``); a bare head after an
organisation shares it, in the chain (``党组书记、主任刘云`` → 市人大常委会主任) and after a
list of names in the same sentence (``市人大常委会主任范树林、副主任王维舸``).  One person's
post printed with and without the government before it (``市政府副市长`` / ``副市长``) is one
title, the shorter.  ``代`` after a name is the verb (``吕江同志代市长李延春作报告``: 市长).

Not officials: editorial boards (``主任：张雷`` has no title after the name), photo
credits, award lists (嘉奖名单: a name and a work unit, no title), 解读人, meeting roles
(大会执行主席: a ``group_role`` of the title list) and company titles read from running text
(a visitor's 副总经理; a company post from a personnel notice is kept).  A meeting role last
in a chain (``…人大常委会主任、大会主席团常务主席X``) leaves the titles before it to X.  A post
after ``原`` (``，原副市长X因…``) is a former post; ``新当选``/``新任`` are no part of a title.
A bare head sharing a body printed without its level (``政协``) takes the level the sentence
printed it with before (``区政协副主席甲，…，副主席乙`` → 区政协副主席).

Names are accepted only between certain boundaries: a title before them, and after them
punctuation, ``同志``, a verb of the closed follower list, or a title; a name is a surname of
the surname table plus one or two characters, or a transliterated name whose parts are joined
by a middle dot (``阿不都·艾力``: its last part ends at punctuation or a verb of two
characters or more, the shortest such reading).  A candidate name that nothing bounds is
dropped; a name read before a post whose last character is a one-character verb
(``李南任代县长``) is as likely the shorter name and is kept only when known.

The vocabularies are data: title words in the registry's ``ontology/titles.csv``, the grammar
of posts in ``data/vocab/post_grammar.tsv``, names in ``data/vocab/names.tsv``; rules build the
titles that are not listed: modifier + title (常务副市长, 代市长), organisation + head
(市商务局局长).
This module also hosts the vocabulary helpers the personnel and division-of-work extractors
share (:func:`vocabulary`, :func:`read_name`, :func:`split_post`).
"""

from __future__ import annotations

import bisect
import csv
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from govgraph.extract.documents import gazette_city
from govgraph.ingest import Gazette
from govgraph.records import Extraction, Official, Provenance
from govgraph.resources import registry_dir
from govgraph.text import without_spaces
from govgraph.vocab import trie_pattern, word_list

log = logging.getLogger(__name__)
SENTENCE_WINDOW = 2000
"""Characters a sentence may run back from a title (the search for its start is bounded)."""

EXTRACTOR = "officials"
CJK = "\u4e00-\u9fff"
_CJK_CHAR_RE = re.compile(f"[{CJK}]")
_SPACE = " \u3000\t"


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """Title and name knowledge, with the regexes built from it."""

    posts: frozenset[str]  # titles that name their own body: 市长, 市委书记
    heads: frozenset[str]  # titles that need an organisation: 局长, 主任
    honorifics: frozenset[str]  # may follow the name: 总书记
    modifiers: tuple[str, ...]  # 常务副, 副, 代理, 代 …
    org_suffixes: tuple[str, ...]
    notes: tuple[str, ...]  # words of bracketed notes that are not part of a post
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    followers: tuple[str, ...]  # words that may follow a name in running text
    enterprise: frozenset[str]  # company titles (副总经理): not read from running text
    roles: frozenset[str]  # roles in a group or a meeting (组长, 执行主席): not titles
    document_heads: frozenset[str]  # heads that stand alone for the document's body (秘书长)
    title_re: re.Pattern[str]  # one title at a position: post | organisation+head | bare head
    full_title_re: re.Pattern[str]  # a whole string that is one title
    head_suffix_re: re.Pattern[str]  # the position at the end of "organisation+position"
    honorific_re: re.Pattern[str]
    party_name_re: re.Pattern[str]  # 省委袁家军书记
    follower_re: re.Pattern[str]
    title_end_re: re.Pattern[str]  # a title word right before a surname: where chains end
    not_given_re: re.Pattern[str]  # words a given name never starts with: 组长, 局长 (副市长任组长)
    not_name_re: re.Pattern[str]  # words that begin like a name but are not one: 关于
    not_org_re: re.Pattern[str]  # words never inside a body's name (任命, 会见了): an org starts after
    role_end_re: re.Pattern[str]  # a title ending with a group or meeting role
    precursor_re: re.Pattern[str]  # words a name may follow (由杨志武副市长负责): a left boundary
    post_re: re.Pattern[str]  # a self-contained post at a position (副市长, 常务副市长)
    #: The words one of which every title holds (its post or head: 市长, 局长): see :class:`TitleWords`.
    title_word_re: re.Pattern[str] = re.compile(r"(?!x)x")
    #: The first characters of names (surnames, compound surnames): see :func:`may_start_name`.
    name_firsts: frozenset[str] = frozenset()
    #: :func:`is_name`'s answers so far (asked for every reading at every candidate position)
    name_memo: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_post(self, title: str) -> bool:
        """A self-contained title, possibly with a modifier (副市长, 代市长, 常务副市长)."""
        return any(title.startswith(mod) and title[len(mod) :] in self.posts for mod in ("", *self.modifiers))

    def base(self, title: str) -> str:
        """The title word without its modifier (常务副市长 → 市长)."""
        for mod in self.modifiers:
            if title.startswith(mod) and len(title) > len(mod) + 1:
                return title[len(mod) :]
        return title


def _alternation(words: Iterable[str]) -> str:
    # Longest first, as a character trie: the same matches as the flat alternation sorted
    # longest first, tried without testing every word at every position.
    return trie_pattern(set(words))


#: Registry categories that are roles in a group, not posts (组长, 副组长: the notes leave them out).
_NOT_TITLES = frozenset({"group_role"})
TITLE_COLUMNS = ("title", "category", "rank", "scope", "after_name")


@dataclass(frozen=True, slots=True)
class TitleRow:
    """One row of ``titles.csv``: a title word, its category, rank and scope."""

    title: str
    category: str  # government_leader, party_leader, department_leader, enterprise, …
    rank: str  # head | deputy | member
    scope: str  # national | provincial | municipal | county | township | any
    after_name: bool = False  # may follow the name (习近平总书记)


@lru_cache(maxsize=8)
def registry_titles(path: Path | None = None) -> tuple[TitleRow, ...]:
    """The title words of the registry's ``titles.csv`` — the one reader of that file.

    Columns ``title,category,rank,scope,after_name``.  A title with a territorial scope that
    starts with its level (市长, 省委书记, 国务院总理) names its own body; one of scope ``any``
    (局长, 书记, 秘书长) needs an organisation.  ``after_name`` marks titles that may follow
    the name (习近平总书记).  A bad file is an :class:`~govgraph.errors.InputError` naming it.
    """
    from govgraph.errors import InputError

    path = path or registry_dir() / "titles.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != TITLE_COLUMNS:
                raise InputError(str(path), f"header must be {','.join(TITLE_COLUMNS)}")
            rows = list(reader)
    except OSError as err:
        raise InputError(str(path), f"cannot read title list: {err.strerror or err}") from None
    out = []
    for n, row in enumerate(rows, start=2):
        title = (row.get("title") or "").strip()
        if title.startswith("#"):
            continue
        if not title:
            raise InputError(str(path), f"line {n}: empty title")
        out.append(
            TitleRow(
                title,
                (row.get("category") or "").strip(),
                (row.get("rank") or "").strip(),
                (row.get("scope") or "any").strip() or "any",
                (row.get("after_name") or "").strip().lower() in ("yes", "true", "1"),
            )
        )
    return tuple(out)


@lru_cache(maxsize=4)
def vocabulary(
    vocab_dir: Path | None = None, ontology_dir: Path | None = None, titles_path: Path | None = None
) -> Vocabulary:
    """Load the vocabulary once and build its regexes.

    Title words come from the registry's ``titles.csv`` (the one list of titles; ``titles_path``
    names another file of that format); the grammar of posts (modifiers, organisation suffixes,
    note words) from ``post_grammar.tsv``; names and the words around them from ``names.tsv``.
    """
    kinds: dict[str, list[str]] = {}
    for name in ("post_grammar", "names"):
        for word, kind in word_list(name, vocab_dir):
            kinds.setdefault(kind, []).append(word)
    modifiers = tuple(sorted(set(kinds.get("modifier", [])), key=lambda w: (-len(w), w)))
    posts: set[str] = set()
    heads: set[str] = set()
    honorific_words: set[str] = set()
    roles: set[str] = set()
    enterprise: set[str] = set()
    document_heads: set[str] = set()
    for row in registry_titles(titles_path or (ontology_dir or registry_dir()) / "titles.csv"):
        if row.category in _NOT_TITLES:
            roles.add(row.title)
            continue
        if row.after_name:
            honorific_words.add(row.title)
        base = row.title
        for mod in modifiers:
            if base.startswith(mod) and len(base) > len(mod) + 1:
                base = base[len(mod) :]
                break
        if row.category == "enterprise":
            enterprise.add(base)
        if row.category == "secretary_general":
            document_heads.add(base)
        if row.scope != "any" and base[:1] in "省市县区州镇乡国总":
            posts.add(base)
        elif len(base) >= 2:
            heads.add(base)
    honorifics = frozenset(honorific_words)
    org_suffixes = tuple(sorted(set(kinds.get("org_suffix", [])), key=lambda w: (-len(w), w)))
    surnames = frozenset(kinds.get("surname", []))
    compounds = frozenset(kinds.get("compound_surname", []))
    followers = tuple(sorted(set(kinds.get("follower", [])), key=lambda w: (-len(w), w)))
    title_suffix = f"(?:{_alternation(kinds['title_suffix'])})?" if kinds.get("title_suffix") else ""

    mod = f"(?:{_alternation(modifiers)})?"
    post = f"{mod}(?:{_alternation(posts)}){title_suffix}"
    head = f"{mod}(?:{_alternation(heads | posts)}){title_suffix}"
    org_chunk = f"(?:[{CJK}“”·]|[（(][^（）()\\n，。；]{{1,40}}[）)])"
    org = f"{org_chunk}{{1,30}}?(?:{_alternation(org_suffixes)})"
    # 宣传部长, 公安局长: a head that starts with the body's last character shares it.
    one_char_suffixes = {w for w in org_suffixes if len(w) == 1}
    fused_heads = sorted(h for h in heads if len(h) == 2 and h[0] in one_char_suffixes and h[1] == "长")
    fused = f"[{CJK}]{{2,6}}?副?(?:{_alternation(fused_heads)})" if fused_heads else "(?!x)x"
    name_starts = "".join(sorted(surnames | {c[0] for c in compounds}))
    # Where a title may end: not inside a longer word (市人大常委|会… is no title).
    title_stop = f"(?=$|[^{CJK}]|[{name_starts}]|同志|等|{_alternation(followers)})"
    # Alternatives at one position, in order: a self-contained post (市委常委), an organisation
    # that starts after a non-Chinese character or at a level word (省市场监管局党委书记), a
    # bare head that only counts inside a chain after an organisation (…、局长章根明), a head
    # fused with its body's name (…、宣传部长宋奇).
    title_re = re.compile(
        f"(?:(?P<post>{post})"
        f"|(?:(?<![{CJK}])|(?=[省市县区]))(?P<org>{org})(?P<head>{head})"
        f"|(?P<bare>{mod}(?:{_alternation(heads)}){title_suffix})"
        f"|(?<![{CJK}])(?P<fused>{fused})){title_stop}"
    )
    full_title_re = re.compile(f"(?:(?P<org>{org}))?(?P<head>{head})")
    head_suffix_re = re.compile(f"(?P<head>{head})$")
    honorific_re = re.compile(_alternation(honorifics)) if honorifics else re.compile(r"(?!x)x")
    surname_class = "".join(sorted(surnames))
    # 省委袁家军书记: the polite order puts the name between the committee and the post.
    party_name_re = re.compile(
        f"(?P<org>[省市县区]委)(?P<name>[{surname_class}][{CJK}]{{1,2}}?)(?P<head>副?书记)"
    )
    follower_re = re.compile(_alternation(followers))
    # No optional prefix before the alternation: the regex engine then skips positions fast.
    title_end_re = re.compile(
        f"(?:{_alternation(heads | posts)}){title_suffix}"
        f"(?=[{_SPACE}]?(?:[{name_starts}]|[{CJK}]{{1,8}}[·•・]))"
    )
    not_given_re = re.compile(_alternation(roles | heads | posts))
    not_org = kinds.get("not_org", [])
    not_org_re = re.compile(_alternation(not_org)) if not_org else re.compile(r"(?!x)x")
    role_end_re = re.compile(f"(?:{_alternation(roles)})$") if roles else re.compile(r"(?!x)x")
    precursors = kinds.get("precursor", [])
    precursor_re = re.compile(f"(?:{_alternation(precursors)})$") if precursors else re.compile(r"(?!x)x")
    return Vocabulary(
        posts=frozenset(posts),
        heads=frozenset(heads),
        honorifics=honorifics,
        modifiers=modifiers,
        org_suffixes=org_suffixes,
        notes=tuple(sorted(set(kinds.get("note", [])), key=lambda w: (-len(w), w))),
        surnames=surnames,
        compound_surnames=compounds,
        name_firsts=surnames | {c[0] for c in compounds},
        followers=followers,
        enterprise=frozenset(enterprise),
        roles=frozenset(roles),
        document_heads=frozenset(document_heads),
        title_re=title_re,
        full_title_re=full_title_re,
        head_suffix_re=head_suffix_re,
        honorific_re=honorific_re,
        party_name_re=party_name_re,
        follower_re=follower_re,
        title_end_re=title_end_re,
        not_given_re=not_given_re,
        not_name_re=re.compile(_alternation(kinds["not_name"]))
        if kinds.get("not_name")
        else re.compile(r"(?!x)x"),
        not_org_re=not_org_re,
        role_end_re=role_end_re,
        precursor_re=precursor_re,
        post_re=re.compile(post),
        title_word_re=re.compile(_alternation(heads | posts)),
    )


# ---------------------------------------------------------------------------------------------
# Names


def clean_name(name: str) -> str:
    """A name as recorded: padding spaces (``王  军``) and a gender note (``（女）``) removed."""
    if "男" in name or "女" in name:
        name = re.sub(r"[（(][男女][）)]", "", name)
    return without_spaces(name)


#: A transliterated name whose parts are joined by a middle dot (阿不都·艾力, 买买提·吐尔逊):
#: no surname table applies; its start and end come from the text around it.
_DOTTED_NAME_RE = re.compile(f"[{CJK}]{{1,8}}(?:[·•・][{CJK}]{{1,8}}){{1,3}}")
_HAN_RUN_RE = re.compile(f"[{CJK}]+")
_PLAIN_NAME_RE = re.compile(f"[{CJK}]{{2,4}}")
_DOTTED_PREFIX_RE = re.compile(f"[{CJK}]{{1,8}}(?:[·•・][{CJK}]{{1,8}}){{0,2}}[·•・]")


def dotted_name_candidates(text: str, i: int) -> list[tuple[str, int]]:
    """The readings of a middle-dot name at ``text[i]``: its parts up to the last dot, then
    every length of the last part (the caller keeps the one whose end is certain)."""
    m = _DOTTED_PREFIX_RE.match(text, i)
    if not m:
        return []
    out = []
    for n in range(1, 9):
        end = m.end() + n
        if end > len(text) or not _CJK_CHAR_RE.match(text[end - 1]):
            break
        out.append((text[i:end], end))
    return out


def is_name(name: str, vocab: Vocabulary | None = None) -> bool:
    """2–4 Chinese characters starting with a surname, or a middle-dot name (阿不都·艾力)."""
    vocab = vocab or vocabulary()
    memo = vocab.name_memo
    known = memo.get(name)
    if known is None:
        if len(memo) >= NAME_MEMO_SIZE:
            memo.clear()
        known = memo[name] = _reads_as_name(name, vocab)
    return known


class TitleWords:
    """Where the words every title holds (a post or a head: 市长, 局长) are in a text, so that a
    position can be ruled out as a title's start by a bisection instead of the title pattern
    (most positions a reader tries hold no title before their line ends)."""

    def __init__(self, text: str, vocab: Vocabulary) -> None:
        # A word hidden by an overlapping one found first starts less than the longest word
        # after it: hence the look back in :meth:`may_start_title`.
        self._starts = [m.start() for m in vocab.title_word_re.finditer(text)]
        self._reach = max((len(w) for w in vocab.heads | vocab.posts), default=0)

    def may_start_title(self, start: int, end: int) -> bool:
        """Can a title (``vocab.title_re``) start at ``start`` and end by ``end``?  False is sure."""
        k = bisect.bisect_left(self._starts, start - self._reach)
        return k < len(self._starts) and self._starts[k] < end


def may_start_name(text: str, i: int, vocab: Vocabulary) -> bool:
    """Can a name that :func:`is_name` accepts start at ``text[i]``?  False rules out every
    reading there with one lookup: a plain name starts with a surname, a middle-dot name has
    its dot within its first four characters."""
    if text[i : i + 1] in vocab.name_firsts:
        return True
    rest = text[i + 1 : i + 4]
    return "·" in rest or "•" in rest or "・" in rest


NAME_MEMO_SIZE = 200_000
"""Strings whose :func:`is_name` answer a vocabulary keeps (then it forgets them all)."""


def _reads_as_name(name: str, vocab: Vocabulary) -> bool:
    if not _PLAIN_NAME_RE.fullmatch(name):
        return _DOTTED_NAME_RE.fullmatch(name) is not None  # a dotted name is not plain
    if vocab.not_name_re.match(name):  # 常务, 关于: words that begin like a name
        return False
    if name[:2] in vocab.compound_surnames:
        return len(name) >= 3
    return name[0] in vocab.surnames and len(name) <= 3


_PADDED_RE = re.compile(f"[{_SPACE}]{{1,3}}([{CJK}])")


def _boundary_strength(text: str, j: int, vocab: Vocabulary) -> int:
    """How surely a name ends before ``text[j]``: 0 not at all, 9 punctuation or the end,
    else the length of the verb (参加, 作讲话) or title that follows."""
    if j >= len(text) or not _CJK_CHAR_RE.match(text[j]):
        return 9
    # A verb of the closed list is a surer end than a title (阳玮|在主席台 not 阳玮在|主席…).
    if text.startswith(("等", "同志"), j):
        return 8  # 陈露等参加: a list's end, surer than the verb after it (never 陈露等|参加)
    m = vocab.follower_re.match(text, j)
    if m:
        return 2 + len(m.group(0))
    return 1 if vocab.title_re.match(text, j) else 0


def read_name(
    text: str,
    i: int,
    vocab: Vocabulary,
    known: frozenset[str] | set[str] = frozenset(),
    *,
    strict: bool = False,
) -> tuple[str, int] | None:
    """Read a personal name starting at ``text[i]``; returns (name, end) or None.

    The quirk: nothing marks where a name ends (``副市长陈应许参加`` vs ``副市长王军参加``,
    ``王军作讲话``).  Candidates are a surname plus one or two characters (two or three after
    a compound surname), or a padded two-character name (``王  军``).  A name already seen in
    the issue wins; otherwise the candidate followed by the surest boundary (punctuation, then
    the longest verb or title: ``王军|作讲话`` beats ``王军作|讲话``), the longer on a tie.
    ``strict`` accepts only names followed by punctuation.  Nothing else is a name: a wrong
    person is worse than a missed mention.
    """
    if i >= len(text):
        return None
    dotted = dotted_name_candidates(text, i)
    if dotted:
        # 副县长阿不都·艾力参加: the shortest reading that ends at punctuation or at a verb of
        # two characters or more (a longer reading would swallow the verb: 艾力参加会议。);
        # a one-character verb (在, 为) may be a syllable of the transliteration: not an end.
        need = 9 if strict else 4
        return next((c for c in dotted if _boundary_strength(text, c[1], vocab) >= need), None)
    first = text[i]
    if first in vocab.surnames:
        m = _PADDED_RE.match(text, i + 1)
        if m and _boundary_strength(text, m.end(), vocab) >= (9 if strict else 1):
            return first + m.group(1), m.end()
    if vocab.not_given_re.match(text, i + 1):  # 副市长任组长: 任 is the verb here
        return None
    if vocab.not_name_re.match(text, i):  # 总书记关于…: a word, not a name
        return None
    lengths: tuple[int, ...]
    if text[i : i + 2] in vocab.compound_surnames:
        lengths = (4, 3)
    elif first in vocab.surnames:
        lengths = (3, 2)
    else:
        return None
    candidates = [
        (text[i : i + n], i + n)
        for n in lengths
        if i + n <= len(text) and _HAN_RUN_RE.fullmatch(text, i, i + n)
    ]
    if not candidates:
        return None
    if strict:
        return next(((n, e) for n, e in candidates if _boundary_strength(text, e, vocab) == 9), None)
    for name, end in candidates:
        if name in known:
            return name, end
    best = max(candidates, key=lambda c: (_boundary_strength(text, c[1], vocab), len(c[0])))
    return best if _boundary_strength(text, best[1], vocab) else None


def read_names(
    text: str,
    i: int,
    vocab: Vocabulary,
    known: frozenset[str] | set[str] = frozenset(),
    *,
    strict: bool = False,
) -> list[tuple[str, int, int]]:
    """A list of names sharing one title: ``陈应许、毛伟平、王彩莲`` (stops at ``、`` + title)."""
    out: list[tuple[str, int, int]] = []
    pos = i
    while True:
        got = read_name(text, pos, vocab, known, strict=strict)
        if got is None:
            break
        name, end = got
        out.append((clean_name(name), pos, end))
        if end < len(text) and text[end] == "、" and not vocab.title_re.match(text, end + 1):
            pos = end + 1
            continue
        break
    return out


# ---------------------------------------------------------------------------------------------
# Titles


def split_post(post: str, vocab: Vocabulary | None = None) -> tuple[str, str]:
    """Split "organisation+position" (温州市生态环境局副局长 → 温州市生态环境局, 副局长).

    The position is the longest title at the end; with no known one, the text after the last
    organisation suffix (温州市 + 生态环境保护督察专员).
    """
    vocab = vocab or vocabulary()
    post = post.strip()
    if vocab.head_suffix_re.fullmatch(post):  # 代理市长: 代理 qualifies the post
        return "", post
    best: tuple[str, str] | None = None
    for k in range(1, len(post)):
        tail = post[k:]
        if vocab.head_suffix_re.fullmatch(tail):
            best = (post[:k], tail)
            break
    if best is not None:
        org, tail = best
        # "中共甲市乙区委副书记", "甲市人大常委会副主任": the longest title (区委副书记, 市人大常委会副主任)
        # names its own body, and what precedes it is no body (中共甲市乙, 甲): the body's name runs
        # on into the title, so the body is the longest prefix that ends like one before a title.
        if org and not org.endswith(vocab.org_suffixes):
            for k in range(len(post) - 1, len(org), -1):
                if post[:k].endswith(vocab.org_suffixes) and vocab.head_suffix_re.fullmatch(post[k:]):
                    return post[:k], post[k:]
        return best
    for k in range(len(post) - 1, 0, -1):
        if post[:k].endswith(vocab.org_suffixes):
            return post[:k], post[k:]
    return "", post


def normalize_title(org: str, head: str, city: str | None, vocab: Vocabulary) -> tuple[str, str | None]:
    """The title as recorded: as printed (``市人民政府市长``, ``市政府副秘书长``), except that a
    post naming its own body drops the home city's name (``温州市委书记`` → 市委书记 in this
    city's gazette: the same post as 市委书记)."""
    org = without_spaces(org)
    head = without_spaces(head)
    title = org + head
    stem = city[:-1] if city and len(city) > 2 and city.endswith(("市", "县")) else city
    if stem and title.startswith(stem) and vocab.is_post(title[len(stem) :]):
        return title[len(stem) :], None
    return title, org or None


def trim_org(org: str, vocab: Vocabulary) -> str:
    """An organisation read after running text keeps only what follows the last word that is
    never part of a body's name (``会议还根据市人民检察院`` → 市人民检察院,
    ``会见了中国港中旅集团公司`` → 中国港中旅集团公司) and loses a leading verb (由, 会见)."""
    cuts = [m.end() for m in vocab.not_org_re.finditer(org) if m.end() < len(org) - 1]
    if cuts:
        org = org[cuts[-1] :]
    while True:
        m = vocab.follower_re.match(org)
        if not m or m.end() >= len(org) - 1:
            return org
        org = org[m.end() :]


def title_chain(text: str, i: int, vocab: Vocabulary) -> tuple[list[str], int]:
    """Titles joined by ``、`` at ``text[i]``, a bare head sharing the organisation before it
    (``市经信局党委副书记、副局长`` → 市经信局副局长): (titles as printed, end)."""
    titles: list[str] = []
    org = ""
    pos = i
    while True:
        m = vocab.title_re.match(text, pos)
        if not m:
            break
        if m.group("org"):
            org = m.group("org")
        if m.group("bare") and org:
            titles.append(without_spaces(org + m.group("bare")))
        else:
            titles.append(without_spaces(m.group(0)))
        pos = m.end()
        if pos < len(text) and text[pos] == "、" and vocab.title_re.match(text, pos + 1):
            pos += 1
            continue
        break
    return titles, pos if titles else i


# ---------------------------------------------------------------------------------------------
# Extraction

_AWARD_LIST_RE = re.compile(r"(?:嘉奖|表彰|奖励|获奖|先进|荣誉|名录).{0,12}名单|名单.{0,6}(?:嘉奖|表彰)")
# The table of contents lists titles of documents, never people.
_EXCLUDED_KINDS = ("toc",)
_NAME_TITLE_LINE_RE = re.compile(
    f"^(?:[{CJK}{_SPACE}]{{1,8}}[：:])?[{_SPACE}]*(?P<name>[{CJK}](?:[{_SPACE}]{{1,3}})?[{CJK}]{{1,3}})"
    f"(?:[（(][男女][）)])?[{_SPACE}]+(?P<title>[^{_SPACE}，。；、：:]{{2,40}})[{_SPACE}]*$"
)


@dataclass(frozen=True, slots=True)
class _Found:
    person: str
    title: str
    organization: str | None
    start: int
    end: int
    #: Where the name and each printed title are (for the spaCy component); optional.
    name_span: tuple[int, int] | None = None
    title_spans: tuple[tuple[int, int], ...] = ()
    #: Read from running text (a company title there is a visitor's, not an official's).
    running: bool = True


@dataclass(frozen=True, slots=True)
class _View:
    """The text with the layout breaks ingestion kept joined again, mapped back to clean offsets."""

    text: str
    view_starts: list[int]  # start of each kept segment in the view
    clean_starts: list[int]  # ... and in the clean text

    def clean(self, i: int) -> int:
        k = bisect.bisect_right(self.view_starts, i) - 1
        return self.clean_starts[k] + (i - self.view_starts[k])


def _joined_view(text: str) -> _View:
    """Join the line breaks that cut a sentence in progress.

    The quirk: a sentence of the chronicle may keep a break inside a title (``…杨胜杰，市`` /
    ``委常委、副市长李无文``).  A break is joined when the paragraph before it is a sentence
    in progress (it holds ``，`` or ``、`` and ends with a Chinese character, ``、`` or ``，``)
    and the next paragraph starts with a Chinese character.
    """
    pieces: list[str] = []
    view_starts: list[int] = [0]
    clean_starts: list[int] = [0]
    seg_start = para_start = 0
    length = 0
    n = len(text)
    i = text.find("\n")
    while i >= 0:
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < n else ""
        para = text[para_start:i]
        if (
            prev
            and nxt
            and ("\u4e00" <= prev <= "\u9fff" or prev in "、，")
            and "\u4e00" <= nxt <= "\u9fff"
            and len(para) >= 8
            and ("，" in para or "、" in para)
        ):
            pieces.append(text[seg_start:i])
            length += i - seg_start
            seg_start = i + 1
            view_starts.append(length)
            clean_starts.append(seg_start)
        para_start = i + 1
        i = text.find("\n", i + 1)
    pieces.append(text[seg_start:])
    return _View("".join(pieces), view_starts, clean_starts)


#: Where a chain of titles can end: before a name's surname (副市长|王军).
_CHAIN_STOP = "，。；！？：:\n△▲●"
_CHAIN_WINDOW = 60


def _title_ends(text: str, vocab: Vocabulary) -> Iterator[int]:
    for m in vocab.title_end_re.finditer(text):
        yield m.end()


def _chain_at(text: str, end: int, vocab: Vocabulary) -> list[re.Match[str]]:
    """The chain of titles (joined by ``、``) that ends at ``end``, parsed in a small window.

    The window starts after the last clause punctuation (at most 60 characters back), so
    the slow title pattern only runs where a name follows a title word.
    """
    lo = max(0, end - _CHAIN_WINDOW)
    ws = max((text.rfind(c, lo, end) for c in _CHAIN_STOP), default=-1)
    ws = lo if ws < lo else ws + 1
    # A meeting role last in the chain (…人大常委会主任、大会主席团常务主席范大玉) is no title:
    # the titles before it are the person's.
    k = text.rfind("、", ws, end)
    if k > ws and end - k <= 14:
        role = text[k + 1 : end]
        if vocab.role_end_re.search(role) and not vocab.full_title_re.fullmatch(role):
            return _chain_at(text, k, vocab)
    matches = list(vocab.title_re.finditer(text, ws, end))
    if not matches or matches[-1].end() != end:
        return []
    chain = [matches[-1]]
    for m in reversed(matches[:-1]):
        if m.end() + 1 == chain[0].start() and text[m.end()] == "、":
            chain.insert(0, m)
        else:
            break
    return chain


_SENTENCE_END = "。！？!?\n"


def _body_of(title: str, vocab: Vocabulary) -> str | None:
    """The body printed in a title that is not a post by itself (市政府党组书记 → 市政府)."""
    if vocab.is_post(title):
        return None
    m = vocab.full_title_re.fullmatch(title)
    return m.group("org") if m and m.group("org") else None


def _former(text: str, start: int) -> bool:
    """``原`` right before a chain, itself after punctuation or at the start: a former post
    (``，原副市长王五因…``).  Inside a word it is a place (太原市, 平原县)."""
    return start > 0 and text[start - 1] == "原" and (start < 2 or not _CJK_CHAR_RE.match(text[start - 2]))


_LEVELS = "省市县区州盟旗镇乡"


def _with_level(org: str, seen: list[str]) -> str:
    """A shared body printed without its level (政协) is the one printed earlier in the sentence
    with it (区政协): ``区政协副主席甲，政协党组副书记乙，副主席丙`` → 丙 区政协副主席."""
    if org[:1] in _LEVELS:
        return org
    for body in reversed(seen):
        if body.endswith(org) and len(body) > len(org) and body[-len(org) - 1] in _LEVELS:
            return body
    return org


_PARTY_COMMITTEE_RE = re.compile(r"(?:中共)?[省市县区州]委")


def _chains(
    text: str,
    chains: list[tuple[int, list[re.Match[str]]]],
    vocab: Vocabulary,
    city: str | None,
    known: frozenset[str] | set[str],
    strict: bool,
    dropped: list[int] | None = None,
) -> Iterator[_Found]:
    """Title chains before names: ``市委常委、副市长李无文``, ``副市长陈应许、毛伟平``.

    A chain of bare heads takes the organisation printed last in the same sentence
    (``市人大常委会主任范树林、副主任王维舸``, ``…副主任陈德汉主持会议，副主任邓华明``);
    ``代`` glued to a name before it is the verb (``吕江同志代市长李延春``: 市长)."""
    last_org: tuple[int, str] | None = None  # (sentence start, organisation)
    orgs: tuple[int, list[str]] = (-1, [])  # the organisations printed so far in the sentence
    for end, chain in chains:  # (each title chain with the position after it: see _chain_at)
        pos = end + 1 if end < len(text) and text[end] in _SPACE else end
        names = read_names(text, pos, vocab, known, strict=strict)
        if not names:
            if (
                dropped is not None
                and pos < len(text)
                and text[pos] in vocab.surnames
                and not vocab.follower_re.match(text, pos)
                and not vocab.not_name_re.match(text, pos)  # 总书记关于…: a word, not a name
            ):
                dropped.append(pos)  # a name may follow, but nothing bounds it
            continue
        if _former(text, chain[0].start()):
            continue  # 原副市长王五: a post the person held before, not one held
        # Back to the sentence end, at most SENTENCE_WINDOW characters (a text without one, a
        # single 20 MB line, must not be scanned back to its start for every title).
        lo = max(0, chain[0].start() - SENTENCE_WINDOW)
        sentence = max(lo - 1, *(text.rfind(c, lo, chain[0].start()) for c in _SENTENCE_END)) + 1
        titles: list[tuple[str, str | None, int, int]] = []
        org: str | None = None
        for k, m in enumerate(chain):
            t_start = m.start()
            if m.group("post"):
                post = m.group("post")
                before = text[m.start() - 1] if m.start() else ""
                if (
                    k == 0
                    and post.startswith("代")
                    and not post.startswith("代理")
                    and _CJK_CHAR_RE.match(before)
                ):
                    post, t_start = post[1:], t_start + 1
                kept, _ = normalize_title("", post, city, vocab)
                split = vocab.full_title_re.fullmatch(post)  # 市人大常委会主任: a body + a head
                body = None
                # (市委 + 常委 is one post, not a body with a head)
                if (
                    split
                    and split.group("org")
                    and not vocab.is_post(split.group("head"))
                    and not _PARTY_COMMITTEE_RE.fullmatch(split.group("org"))
                ):
                    body = org = split.group("org")
                titles.append((kept, body if kept == post else None, t_start, m.end()))
            elif m.group("org"):
                org = trim_org(m.group("org"), vocab)
                t_start = m.end("org") - len(org)
                if vocab.is_post(org + m.group("head")) and _PARTY_COMMITTEE_RE.fullmatch(org):
                    # (任命)县委|副书记 read as a body and a head is the post 县委副书记
                    titles.append(
                        (*normalize_title("", org + m.group("head"), city, vocab), t_start, m.end())
                    )
                    org = None
                else:
                    titles.append((*normalize_title(org, m.group("head"), city, vocab), t_start, m.end()))
            elif m.group("fused"):
                fused = trim_org(m.group("fused"), vocab)
                titles.append((fused, None, m.end() - len(fused), m.end()))
            else:
                shared = org or (last_org[1] if last_org and last_org[0] == sentence and k == 0 else None)
                if shared:  # a bare head after an organisation in the chain or the sentence
                    shared = _with_level(shared, orgs[1] if orgs[0] == sentence else [])
                    org = shared
                    titles.append((*normalize_title(shared, m.group("bare"), city, vocab), t_start, m.end()))
                elif len(chain) == 1 and vocab.base(m.group("bare")) in vocab.document_heads:
                    # 秘书长李四: a head whose body is the document's own (the meeting's, the
                    # government's): recorded as printed.
                    titles.append((m.group("bare"), None, t_start, m.end()))
        if org:
            last_org = (sentence, org)
        if orgs[0] != sentence:
            orgs = (sentence, [])
        orgs[1].extend(t[1] for t in titles if t[1])
        spans = tuple((a, b) for _, _, a, b in titles)
        for name, name_start, name_end in names:
            for title, organization, t_start, _ in titles:
                yield _Found(name, title, organization, t_start, name_end, (name_start, name_end), spans)


def _names_before_posts(text: str, vocab: Vocabulary, known: frozenset[str] | set[str]) -> Iterator[_Found]:
    """The polite order, a name then its post: ``由杨志武副市长负责``, ``张三市长主持``.

    The name's start must be certain (after punctuation or a word of the closed ``precursor``
    list: 由, 和, 陪同…) and the post must end at punctuation or a follower verb."""
    for m in vocab.post_re.finditer(text):
        end = m.end()
        if _boundary_strength(text, end, vocab) < 2 or vocab.title_re.match(text, end):
            continue
        readings = []
        for n in (4, 3, 2):
            s = m.start() - n
            name = text[s : m.start()] if s >= 0 else ""
            if not name or not is_name(name, vocab):
                continue
            before = text[max(0, s - 4) : s]
            if s == 0 or not _CJK_CHAR_RE.match(text[s - 1]) or vocab.precursor_re.search(before):
                readings.append((name, s))
                # 李南任代县长: a last character that is a verb of the closed list (任, 为, 兼)
                # may be the verb, not the name: then the shorter name is as likely.
                if vocab.follower_re.fullmatch(name[-1]) and is_name(name[:-1], vocab):
                    readings.append((name[:-1], s))
        if len(readings) > 1:
            readings = [r for r in readings if r[0] in known] or []
        if len(readings) == 1:
            name, s = readings[0]
            yield _Found(name, m.group(0), None, s, end, (s, m.start()), ((m.start(), end),))


_NAME_FIRST_RE = re.compile(
    f"(?:^|(?<=[\n。；;]))[{_SPACE}]*(?:\\d{{1,2}}[.、．]|[一二三四五六七八九十]{{1,3}}、)?[{_SPACE}]*"
    f"(?P<name>[{CJK}]{{2,4}})[{_SPACE}]*[：:][{_SPACE}]*"
)


_NAME_PAREN_RE = re.compile(
    f"(?:^|(?<=[^{CJK}]))(?P<name>[{CJK}](?:[{_SPACE}]{{1,3}})?[{CJK}]{{1,3}})"
    f"[{_SPACE}]*[（(](?P<titles>[^（）()\\n]{{2,30}})[)）]"
)


_COLON_RE = re.compile("[：:]")
_OPENING_BRACKET_RE = re.compile("[（(]")


def _matches_in_lines(
    pattern: re.Pattern[str], text: str, needed: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches hold no line break and a match of
    ``needed``: run only on the lines that hold one (what a scan of the whole text finds: a
    look-behind still sees the text before a line)."""
    pos = 0
    while (mark := needed.search(text, pos)) is not None:
        start = text.rfind("\n", 0, mark.start()) + 1
        end = text.find("\n", mark.start())
        end = len(text) if end < 0 else end
        yield from pattern.finditer(text, start, end)
        pos = end + 1


def _name_paren_titles(text: str, vocab: Vocabulary, city: str | None) -> Iterator[_Found]:
    """A name with its titles in brackets: ``王  军（常务副市长）``, ``张三（市委常委、副市长）``."""
    for m in _matches_in_lines(_NAME_PAREN_RE, text, _OPENING_BRACKET_RE):
        name = clean_name(m.group("name"))
        if not is_name(name, vocab):
            continue
        titles, end = title_chain(m.group("titles"), 0, vocab)
        if not titles or end != len(m.group("titles")):
            continue
        if not any(vocab.full_title_re.fullmatch(t) for t in titles):
            continue
        spans = []
        pos = m.start("titles")
        for t in titles:
            k = text.find(t, pos, m.end())
            if k >= 0:
                spans.append((k, k + len(t)))
                pos = k + len(t)
        for title in titles:
            kept, org = normalize_title("", title, city, vocab)
            org = org or _body_of(title, vocab)
            yield _Found(
                name, kept, org, m.start("name"), m.end(), (m.start("name"), m.end("name")), tuple(spans)
            )


def _name_first_chains(text: str, vocab: Vocabulary, city: str | None) -> Iterator[_Found]:
    """A list entry with the name first: ``1. 张三：市委常委、常务副市长，负责…``."""
    for m in _matches_in_lines(_NAME_FIRST_RE, text, _COLON_RE):
        name = m.group("name")
        if not is_name(name, vocab):
            continue
        titles, end = title_chain(text, m.end(), vocab)
        if not titles or (end < len(text) and text[end] not in "，,。；;\n" + _SPACE):
            continue
        if not any(vocab.full_title_re.fullmatch(t) for t in titles):
            continue
        for title in titles:
            kept, org = normalize_title("", title, city, vocab)
            org = org or _body_of(title, vocab)
            yield _Found(name, kept, org, m.start("name"), end, (m.start("name"), m.end("name")), ())


_LINE_ENTRY_RE = re.compile(
    f"[{_SPACE}]*(?:\\d{{1,2}}[.、．]|[一二三四五六七八九十]{{1,3}}、)?[{_SPACE}]*(?=[{CJK}])"
)
_LINE_ENTRY_START_RE = re.compile("[\n：:]")


def _line_entry_starts(text: str) -> Iterator[int]:
    """Where the entry of a line may begin: at the line's start or after a colon, past any
    spaces and list number (the starts are found first: most positions are neither)."""
    for at in (0, *(m.end() for m in _LINE_ENTRY_START_RE.finditer(text))):
        m = _LINE_ENTRY_RE.match(text, at)
        if m:
            yield m.end()


#: A concurrent post stated after the entry's titles: ，兼任省公安厅厅长 / a line 兼市公安局局长.
_CONCURRENT_RE = re.compile(f"(?:^|(?<=[，,；;\n]))[{_SPACE}]*(?:同时)?兼(?:任)?")


def _entry_titles(text: str, i: int, vocab: Vocabulary) -> tuple[list[str], int] | None:
    """The titles of an entry at ``text[i]``: a chain (or chains joined by ，) ending at
    punctuation, a space or the line's end; None when a title is cut by more text."""
    titles: list[str] = []
    pos = i
    while True:
        chain, end = title_chain(text, pos, vocab)
        if not chain or (end < len(text) and text[end] not in "，,。；;\n" + _SPACE):
            return (titles, pos) if titles else None
        titles.extend(chain)
        if (
            end < len(text)
            and text[end] in "，,"
            and not text.startswith("兼", end + 1)
            and vocab.title_re.match(text, end + 1)
        ):
            nxt, nxt_end = title_chain(text, end + 1, vocab)
            if nxt and (nxt_end >= len(text) or text[nxt_end] in "，,。；;\n" + _SPACE):
                pos = end + 1
                continue
        return titles, end


def _entry_lines(text: str, vocab: Vocabulary, city: str | None, known: set[str]) -> Iterator[_Found]:
    """A line that opens with a name and its titles, the polite order of a division-of-work
    list or a news list (``李四省政府党组成员，…``, ``王五副市长``), and the concurrent posts
    stated after it (``，兼任省公安厅厅长``, or the next line ``兼市公安局局长，负责…``).

    The name's start is the line's; its end is certain only where exactly one reading is
    followed by titles that end at punctuation (or a known name is one of them)."""
    subject: tuple[str, int] | None = None
    for i in _line_entry_starts(text):
        line_end = text.find("\n", i)
        line_end = len(text) if line_end < 0 else line_end
        readings = []
        for n in (4, 3, 2) if may_start_name(text, i, vocab) else ():
            name = text[i : i + n]
            if i + n > line_end or not is_name(name, vocab):
                continue
            if vocab.follower_re.fullmatch(name[-1]) and is_name(name[:-1], vocab) and name not in known:
                continue  # 张三为市财政局局长: 为 may be the verb, the name is not certain
            got = _entry_titles(text, i + n, vocab)
            if got and any(vocab.full_title_re.fullmatch(t) for t in got[0]):
                readings.append((name, got))
        if len(readings) > 1:
            readings = [r for r in readings if r[0] in known]
        concurrent_from = i
        if len(readings) == 1:
            name, (titles, end) = readings[0]
            subject = (name, i)
            concurrent_from = end
            for title in titles:
                kept, org = normalize_title("", title, city, vocab)
                yield _Found(name, kept, org or _body_of(title, vocab), i, end, (i, i + len(name)), ())
        elif not text.startswith("兼", i):
            subject = None
        if subject is None:
            continue
        for c in _CONCURRENT_RE.finditer(text, concurrent_from, line_end):
            got = _entry_titles(text, c.end(), vocab)
            if not got:
                continue
            for title in got[0]:
                kept, org = normalize_title("", title, city, vocab)
                yield _Found(subject[0], kept, org or _body_of(title, vocab), c.start(), got[1])


_PASSIVE_RE = re.compile(r"(?:因|已)?被(?:任命|提名|提拔|推选|选举)为")


def _passive_posts(text: str, vocab: Vocabulary, city: str | None, known: set[str]) -> Iterator[_Found]:
    """A report's passive appointment: ``原副市长X因被任命为市委常委、宣传部长，…`` → X holds
    the new titles.  The name's start is certain (a title or punctuation before it) and the
    titles end at punctuation."""
    for m in _PASSIVE_RE.finditer(text):
        readings = []
        for n in (4, 3, 2):
            s = m.start() - n
            name = text[s : m.start()] if s >= 0 else ""
            if not is_name(name, vocab):
                continue
            certain = s == 0 or not _CJK_CHAR_RE.match(text[s - 1])
            if not certain:
                before = vocab.title_re.finditer(text, max(0, s - 30), s)
                certain = any(t.end() == s for t in before)
            if certain:
                readings.append(name)
        if len(readings) > 1:
            readings = [r for r in readings if r in known]
        if len(readings) != 1:
            continue
        titles, end = title_chain(text, m.end(), vocab)
        if not titles or (end < len(text) and text[end] not in "，,。；;\n"):
            continue
        for title in titles:
            kept, org = normalize_title("", title, city, vocab)
            yield _Found(readings[0], kept, org or _body_of(title, vocab), m.start() - len(readings[0]), end)


def _party_names(text: str, vocab: Vocabulary) -> Iterator[_Found]:
    """The party form with the name inside: ``省委袁家军书记`` → 袁家军, 省委书记."""
    for m in vocab.party_name_re.finditer(text):
        name = m.group("name")
        if is_name(name, vocab):
            yield _Found(name, m.group("org") + m.group("head"), m.group("org"), m.start(), m.end())


def _honorifics(text: str, vocab: Vocabulary, known: frozenset[str] | set[str]) -> Iterator[_Found]:
    """A title after the name: ``习近平总书记`` (a known name first, else three characters, else two)."""
    for m in vocab.honorific_re.finditer(text):
        s = m.start()
        valid = [text[s - n : s] for n in (3, 2) if s >= n and is_name(text[s - n : s], vocab)]
        if valid:
            name = next((c for c in valid if c in known), valid[0])
            yield _Found(name, m.group(0), None, s - len(name), m.end())


def _name_title_lines(gz: Gazette, vocab: Vocabulary, city: str | None) -> Iterator[_Found]:
    """Member lists one per line: ``组长：陈应许 市政府副市长``, ``彭魏滨 市商务局局长``.

    Lines of an award list (嘉奖名单: a name and a work unit) are skipped.
    """
    for section in gz.sections:
        if section.kind in _EXCLUDED_KINDS:
            continue
        in_award_list = False
        for para in gz.paragraphs(section.start, section.end):
            text = para.text.strip()
            if len(text) < 40 and "名单" in text and _AWARD_LIST_RE.search(text):
                in_award_list = True
                continue
            # (a space between the name and the title: most paragraphs have none)
            spaced = " " in text or "\u3000" in text or "\t" in text
            m = _NAME_TITLE_LINE_RE.match(text) if spaced else None
            if not m or in_award_list:
                continue
            name = clean_name(m.group("name"))
            t = vocab.full_title_re.fullmatch(m.group("title"))
            if not t or not is_name(name, vocab):
                continue
            org = t.group("org") or ""
            if not org and not vocab.is_post(t.group("head")):
                continue
            title, kept = normalize_title(org, t.group("head"), city, vocab)
            off = para.start + (len(para.text) - len(para.text.lstrip()))
            yield _Found(name, title, kept, off + m.start("name"), off + m.end())


def _in_clean(f: _Found, view: _View) -> _Found:
    """A finding with its span mapped from the joined view back to the clean text."""
    end = view.clean(max(f.end - 1, f.start)) + 1
    return replace(f, start=view.clean(f.start), end=end, name_span=None, title_spans=())


def _is_official_title(f: _Found, vocab: Vocabulary) -> bool:
    """Not a group or meeting role (大会执行主席), not a company title read from running text."""
    if not f.title:
        return False
    role = vocab.role_end_re.search(f.title)
    head = vocab.head_suffix_re.search(f.title)
    if role and (head is None or len(head.group("head")) <= len(role.group(0))):
        return False  # 大会执行主席 (but 市政府党组成员 is a title)
    if f.running:
        head = vocab.head_suffix_re.search(f.title)
        if head and vocab.base(head.group("head")) in vocab.enterprise:
            return False
    return True


def _text_findings(
    text: str, vocab: Vocabulary, city: str | None, known: set[str], dropped: list[int] | None = None
) -> list[_Found]:
    """Every (person, title) statement of running text, in any of the printed forms."""
    # The chains of titles before names, read once for both passes.
    chains = [(end, chain) for end in _title_ends(text, vocab) if (chain := _chain_at(text, end, vocab))]
    # First pass: names bounded by punctuation or a known verb are certain; they settle the
    # length of the same names elsewhere (王军参加 vs 张振丰主持).
    for f in _chains(text, chains, vocab, city, known, strict=True):
        known.add(f.person)
    found = list(_chains(text, chains, vocab, city, known, strict=False, dropped=dropped))
    found.extend(_name_first_chains(text, vocab, city))
    found.extend(_entry_lines(text, vocab, city, known))
    found.extend(_passive_posts(text, vocab, city, known))
    found.extend(_name_paren_titles(text, vocab, city))
    found.extend(_names_before_posts(text, vocab, known))
    found.extend(_party_names(text, vocab))
    found.extend(_honorifics(text, vocab, known))
    return [f for f in found if is_name(f.person, vocab) and _is_official_title(f, vocab)]


def official_mentions(
    text: str, city: str | None = None, vocab: Vocabulary | None = None
) -> list[tuple[int, int, str]]:
    """TITLE and PERSON spans of the officials stated in ``text``: (start, end, label), sorted.

    The spaCy component ``govgraph_officials`` calls this: the same rules as the build."""
    vocab = vocab or vocabulary()
    out: set[tuple[int, int, str]] = set()
    for f in _text_findings(text, vocab, city, set()):
        if f.name_span is None:
            continue
        out.add((*f.name_span, "PERSON"))
        out.update((a, b, "TITLE") for a, b in f.title_spans)
    return sorted(out)


def _first_statement_line(gz: Gazette, person: str, position: str, org: str) -> int | None:
    """The line where the name is first printed with the organisation right after it and the
    position later in the clause (a headline restating an appointment prints the pair before
    the decision does: ``许勤任河北省人民政府副省长、代理省长``)."""
    text = gz.text
    # (the name found by str.find: a pattern per person compiled each time costs more)
    start = text.find(person) if person else -1
    while start >= 0:
        end = start + len(person)
        stop = _CLAUSE_STOP_RE.search(text, end)
        clause = text[end : stop.start() if stop else len(text)]
        at = clause.find(org) if org else 0
        if 0 <= at <= 10 and clause.find(position, at + len(org)) >= 0:
            return gz.line_of(start)
        start = text.find(person, end)
    return None


_CLAUSE_STOP_RE = re.compile(r"[。；;\n]")


_SHORT_GOVERNMENT_RE = re.compile(r"(?<!人民)政府")


def _one_government_form(records: dict[tuple[str, str], Official], vocab: Vocabulary) -> None:
    """``市政府副市长`` and ``副市长`` of one person are one post: keep the shorter form.
    ``区政府代理区长`` and ``区人民政府代理区长`` are one post too: keep the full name of
    the body (the short form is a restatement: 新任区政府代理区长X after the decision)."""
    for person, title in list(records):
        m = re.match(r"(.{0,12}?政府)(.+)$", title)
        if m and vocab.is_post(m.group(2)) and (person, m.group(2)) in records:
            del records[(person, title)]
            continue
        full = _SHORT_GOVERNMENT_RE.sub("人民政府", title)
        if full != title and (person, full) in records:
            del records[(person, title)]


def extract_officials(gz: Gazette, ex: Extraction) -> list[Official]:
    """Every distinct (person, title) pair stated in the text, with its first statement."""
    vocab = vocabulary()
    city = gazette_city(gz)
    # Titles from the structured notices: their name boundaries are certain.
    structured: list[tuple[str, str, str | None, Provenance, str]] = []
    for d in ex.leader_duties:
        structured.append((d.person, d.role, None, d.prov, d.role))
    for p in ex.portfolios:
        structured.append((p.person, p.role, None, p.prov, p.role))
    for a in ex.appointments:
        if a.action == "appoint":
            structured.append(
                (a.person, a.organization + a.position, a.organization or None, a.prov, a.position)
            )
    known: set[str] = {s[0] for s in structured}

    view = _joined_view(gz.text)
    excluded = [(s.start, s.end) for s in gz.sections if s.kind in _EXCLUDED_KINDS]

    def allowed(start: int) -> bool:
        return not any(a <= start < b for a, b in excluded)

    dropped: list[int] = []
    found = [_in_clean(f, view) for f in _text_findings(view.text, vocab, city, known, dropped)]
    if dropped:
        log.info("%s: %d title(s) before a name whose end is not certain: dropped", gz.name, len(dropped))
        ex.warnings.append(f"{gz.name}: officials: {len(dropped)} name(s) dropped (boundaries not certain)")
    found.extend(f for f in _name_title_lines(gz, vocab, city) if _is_official_title(f, vocab))

    candidates: list[tuple[int, int, Official]] = []
    for person, title, org, prov, position in structured:
        title = re.sub(r"\s+", "", title)
        if not person or not title:
            continue
        line = prov.line
        first = _first_statement_line(gz, person, re.sub(r"\s+", "", position), org or "")
        if first is not None and first < line:
            line = first
            prov = replace(prov, line=first)
        rec = Official(person=person, title=title, organization=org, prov=replace(prov, extractor=EXTRACTOR))
        candidates.append((line, 0, rec))
    for f in found:
        if not allowed(f.start):
            continue
        prov = gz.provenance(f.start, f.end, EXTRACTOR)
        candidates.append((prov.line, 1, Official(f.person, f.title, f.organization, prov)))
    # A title read across a decision's name ("X人大常委会关于市人民政府副市长Y代理市长的决定"):
    # the title is what follows 关于; a title holding 同志 or 为 ran over another appointee.
    kept = []
    for line, order, rec in candidates:
        title = rec.title.rsplit("关于", 1)[-1]
        if title and not re.search(r"同志|为", title):
            kept.append((line, order, replace(rec, title=title) if title != rec.title else rec))
    candidates = kept
    records: dict[tuple[str, str], Official] = {}
    for _, _, rec in sorted(candidates, key=lambda c: (c[0], c[1], c[2].prov.start, c[2].person, c[2].title)):
        records.setdefault((rec.person, rec.title), rec)
    _one_government_form(records, vocab)
    # A post the text removes the person from (辞去, 免去) is being left, not held.
    removed = {
        (a.person, re.sub(r"\s+", "", t))
        for a in ex.appointments
        if a.action == "remove"
        for t in (a.position, a.organization + a.position)
    }
    held = {
        (a.person, re.sub(r"\s+", "", a.organization + a.position))
        for a in ex.appointments
        if a.action == "appoint"
    }
    for key in list(records):
        if key in removed and key not in held:
            del records[key]
    out = sorted(records.values(), key=lambda o: (o.prov.line, o.person, o.title))
    log.debug("%s: %d officials", gz.name, len(out))
    return out
