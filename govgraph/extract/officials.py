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

Not officials: editorial boards (``主任：张雷`` has no title after the name), photo
credits, award lists (嘉奖名单: a name and a work unit, no title) and 解读人.

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
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from govgraph.extract.documents import gazette_city
from govgraph.ingest import Gazette
from govgraph.records import Extraction, Official, Provenance
from govgraph.resources import registry_dir
from govgraph.vocab import word_list

log = logging.getLogger(__name__)

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
    modifiers: tuple[str, ...]  # 常务副, 副, 代 …
    org_suffixes: tuple[str, ...]
    notes: tuple[str, ...]  # words of bracketed notes that are not part of a post
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    followers: tuple[str, ...]  # words that may follow a name in running text
    title_re: re.Pattern[str]  # one title at a position: post | organisation+head | bare head
    full_title_re: re.Pattern[str]  # a whole string that is one title
    head_suffix_re: re.Pattern[str]  # the position at the end of "organisation+position"
    honorific_re: re.Pattern[str]
    party_name_re: re.Pattern[str]  # 省委袁家军书记
    follower_re: re.Pattern[str]
    title_end_re: re.Pattern[str]  # a title word right before a surname: where chains end
    not_given_re: re.Pattern[str]  # words a given name never starts with: 组长, 局长 (副市长任组长)

    def is_post(self, title: str) -> bool:
        """A self-contained title, possibly with a modifier (副市长, 代市长, 常务副市长)."""
        return any(title.startswith(mod) and title[len(mod) :] in self.posts for mod in ("", *self.modifiers))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


#: Registry categories that are roles in a group, not posts (组长, 副组长: the notes leave them out).
_NOT_TITLES = frozenset({"group_role"})


@dataclass(frozen=True, slots=True)
class TitleRow:
    title: str
    category: str
    scope: str
    after_name: bool


def registry_titles(path: Path) -> list[TitleRow]:
    """The title words of ``ontology/titles.csv`` (columns ``title,category,rank,scope,after_name``).

    A title with a territorial scope that starts with its level (市长, 省委书记, 国务院总理)
    names its own body; one of scope ``any`` (局长, 书记, 秘书长) needs an organisation.
    ``after_name`` marks titles that may follow the name (习近平总书记).
    """
    from govgraph.errors import InputError

    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as err:
        raise InputError(str(path), f"cannot read title list: {err.strerror or err}") from None
    out = []
    for row in rows:
        title = (row.get("title") or "").strip()
        if not title or title.startswith("#"):
            continue
        out.append(
            TitleRow(
                title,
                (row.get("category") or "").strip(),
                (row.get("scope") or "any").strip() or "any",
                (row.get("after_name") or "").strip().lower() in ("yes", "true", "1"),
            )
        )
    return out


@lru_cache(maxsize=4)
def vocabulary(vocab_dir: Path | None = None, ontology_dir: Path | None = None) -> Vocabulary:
    """Load the vocabulary once and build its regexes.

    Title words come from the registry's ``titles.csv`` (the one list of titles); the grammar
    of posts (modifiers, organisation suffixes, note words) from ``post_grammar.tsv``; names
    and the words that follow them from ``names.tsv``.
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
    for row in registry_titles((ontology_dir or registry_dir()) / "titles.csv"):
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
        if row.scope != "any" and base[:1] in "省市县区州镇乡国总":
            posts.add(base)
        elif len(base) >= 2:
            heads.add(base)
    honorifics = frozenset(honorific_words)
    org_suffixes = tuple(sorted(set(kinds.get("org_suffix", [])), key=lambda w: (-len(w), w)))
    surnames = frozenset(kinds.get("surname", []))
    compounds = frozenset(kinds.get("compound_surname", []))
    followers = tuple(sorted(set(kinds.get("follower", [])), key=lambda w: (-len(w), w)))

    mod = f"(?:{_alternation(modifiers)})?"
    post = f"{mod}(?:{_alternation(posts)})"
    head = f"{mod}(?:{_alternation(heads | posts)})"
    org_chunk = f"(?:[{CJK}“”·]|[（(][^（）()\\n，。；]{{1,40}}[）)])"
    org = f"{org_chunk}{{1,30}}?(?:{_alternation(org_suffixes)})"
    # Alternatives at one position, in order: a self-contained post (市委常委), an organisation
    # that starts after a non-Chinese character or at a level word (省市场监管局党委书记), a
    # bare head that only counts inside a chain after an organisation (…、局长章根明).
    title_re = re.compile(
        f"(?P<post>{post})"
        f"|(?:(?<![{CJK}])|(?=[省市县区]))(?P<org>{org})(?P<head>{head})"
        f"|(?P<bare>{mod}(?:{_alternation(heads)}))"
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
    name_starts = "".join(sorted(surnames | {c[0] for c in compounds}))
    title_end_re = re.compile(f"(?:{_alternation(heads | posts)})(?=[{_SPACE}]?[{name_starts}])")
    not_given_re = re.compile(_alternation(roles | heads | posts))
    return Vocabulary(
        posts=frozenset(posts),
        heads=frozenset(heads),
        honorifics=honorifics,
        modifiers=modifiers,
        org_suffixes=org_suffixes,
        notes=tuple(sorted(set(kinds.get("note", [])), key=lambda w: (-len(w), w))),
        surnames=surnames,
        compound_surnames=compounds,
        followers=followers,
        title_re=title_re,
        full_title_re=full_title_re,
        head_suffix_re=head_suffix_re,
        honorific_re=honorific_re,
        party_name_re=party_name_re,
        follower_re=follower_re,
        title_end_re=title_end_re,
        not_given_re=not_given_re,
    )


# ---------------------------------------------------------------------------------------------
# Names


def clean_name(name: str) -> str:
    """A name as recorded: padding spaces (``王  军``) and a gender note (``（女）``) removed."""
    name = re.sub(r"[（(][男女][）)]", "", name)
    return re.sub(r"\s+", "", name)


def is_name(name: str, vocab: Vocabulary | None = None) -> bool:
    """2–4 Chinese characters starting with a surname."""
    vocab = vocab or vocabulary()
    if not 2 <= len(name) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in name):
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
    m = vocab.follower_re.match(text, j) or vocab.title_re.match(text, j)
    return len(m.group(0)) if m else 0


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
    first = text[i]
    if first in vocab.surnames:
        m = _PADDED_RE.match(text, i + 1)
        if m and _boundary_strength(text, m.end(), vocab) >= (9 if strict else 1):
            return first + m.group(1), m.end()
    if vocab.not_given_re.match(text, i + 1):  # 副市长任组长: 任 is the verb here
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
        if i + n <= len(text) and all("\u4e00" <= c <= "\u9fff" for c in text[i : i + n])
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
        return best
    for k in range(len(post) - 1, 0, -1):
        if post[:k].endswith(vocab.org_suffixes):
            return post[:k], post[k:]
    return "", post


def normalize_title(org: str, head: str, city: str | None, vocab: Vocabulary) -> tuple[str, str | None]:
    """The title as recorded.

    A post that names its own body drops a government prefix (``市政府副市长`` → 副市长) and
    the home city's name (``温州市委书记`` → 市委书记, the same post as 市委书记 in this city's
    gazette); anything else keeps its organisation as printed (市政府副秘书长).
    """
    org = re.sub(r"\s+", "", org)
    head = re.sub(r"\s+", "", head)
    if org and vocab.is_post(head) and re.search(r"(?:政府|人民政府)$", org):
        org = ""
    title = org + head
    stem = city[:-1] if city and len(city) > 2 and city.endswith(("市", "县")) else city
    if stem and title.startswith(stem) and vocab.is_post(title[len(stem) :]):
        return title[len(stem) :], None
    return title, org or None


def _strip_leading_verbs(org: str, vocab: Vocabulary) -> str:
    """An organisation that starts after a verb (会见市商务局…) loses the verb."""
    while True:
        m = vocab.follower_re.match(org)
        if not m or m.end() >= len(org) - 1:
            return org
        org = org[m.end() :]


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


def _chains(
    text: str,
    ends: list[int],
    vocab: Vocabulary,
    city: str | None,
    known: frozenset[str] | set[str],
    strict: bool,
) -> Iterator[_Found]:
    """Title chains before names: ``市委常委、副市长李无文``, ``副市长陈应许、毛伟平``."""
    for end in ends:
        chain = _chain_at(text, end, vocab)
        if not chain:
            continue
        pos = end + 1 if end < len(text) and text[end] in _SPACE else end
        names = read_names(text, pos, vocab, known, strict=strict)
        if not names:
            continue
        titles: list[tuple[str, str | None]] = []
        org: str | None = None
        for m in chain:
            if m.group("post"):
                titles.append(normalize_title("", m.group("post"), city, vocab))
            elif m.group("org"):
                org = _strip_leading_verbs(m.group("org"), vocab)
                titles.append(normalize_title(org, m.group("head"), city, vocab))
            elif org:  # a bare head after an organisation in the same chain
                titles.append(normalize_title(org, m.group("bare"), city, vocab))
        for name, _start, name_end in names:
            for title, organization in titles:
                yield _Found(name, title, organization, chain[0].start(), name_end)


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
            if len(text) < 40 and _AWARD_LIST_RE.search(text):
                in_award_list = True
                continue
            m = _NAME_TITLE_LINE_RE.match(text)
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
    return _Found(f.person, f.title, f.organization, view.clean(f.start), end)


def extract_officials(gz: Gazette, ex: Extraction) -> list[Official]:
    """Every distinct (person, title) pair stated in the issue, first statement first."""
    vocab = vocabulary()
    city = gazette_city(gz)
    found: list[_Found] = []
    # Titles from the structured notices come first: their name boundaries are certain.
    structured: list[tuple[str, str, str | None, Provenance]] = []
    for d in ex.leader_duties:
        structured.append((d.person, d.role, None, d.prov))
    for p in ex.portfolios:
        structured.append((p.person, p.role, None, p.prov))
    for a in ex.appointments:
        if a.action == "appoint":
            structured.append((a.person, a.organization + a.position, a.organization or None, a.prov))
    known: set[str] = {s[0] for s in structured}

    view = _joined_view(gz.text)
    ends = list(_title_ends(view.text, vocab))
    excluded = [(s.start, s.end) for s in gz.sections if s.kind in _EXCLUDED_KINDS]

    def allowed(start: int) -> bool:
        return not any(a <= start < b for a, b in excluded)

    # First pass: names bounded by punctuation or a known verb are certain; they settle the
    # length of the same names elsewhere (王军参加 vs 张振丰主持).
    for f in _chains(view.text, ends, vocab, city, known, strict=True):
        known.add(f.person)
    found.extend(_chains(view.text, ends, vocab, city, known, strict=False))
    found.extend(_party_names(view.text, vocab))
    found.extend(_honorifics(view.text, vocab, known))
    view_found = [_in_clean(f, view) for f in found]
    view_found.extend(_name_title_lines(gz, vocab, city))

    records: dict[tuple[str, str], Official] = {}
    for person, title, org, prov in structured:
        key = (person, re.sub(r"\s+", "", title))
        if key[0] and key[1] and key not in records:
            records[key] = Official(
                person=key[0], title=key[1], organization=org, prov=replace(prov, extractor=EXTRACTOR)
            )
    for f in sorted(view_found, key=lambda f: (f.start, f.person, f.title)):
        if not allowed(f.start) or not f.title or not is_name(f.person, vocab):
            continue
        key = (f.person, f.title)
        if key not in records:
            records[key] = Official(
                person=f.person,
                title=f.title,
                organization=f.organization,
                prov=gz.provenance(f.start, f.end, EXTRACTOR),
            )
    out = sorted(records.values(), key=lambda o: (o.prov.line, o.person, o.title))
    log.debug("%s: %d officials", gz.name, len(out))
    return out
