"""Leaders' division of work (领导分工): who supervises, assists with and liaises with which unit.

A division of work lists the leaders one entry each.  The genre prints the entry head in
several layouts, all read here (``Vocabulary`` words and titles, never a place or a person)::

    王  军（常务副市长）   负责市政府常务工作。…          name（role）
    副市长  李无文：分管单位：市教育局、…                role  name：
    1. 张三：市委常委、常务副市长，负责…。分管…。      name：title chain，
    张三副市长：主要负责…，具体分管…                    name role：   (also alone on its line)
    一、张三副省长                                      numbered name role
    张三 / 职务：区委副书记、区长 / 工作分工：…          a profile page (领导之窗)
    副省长张三同志，增加分管…。联系…。                  role name 同志 (adjustment notices)

    根据分工，副市长张三分管…                            role name + keyword (a news lead)

* ``分管`` (also ``具体分管``, ``增加分管``) → supervises, ``协助分管`` / ``协助市长分管`` /
  ``协管`` → assists, ``联系`` / ``协调联系`` → liaises: one :class:`~govgraph.records.LeaderDuty`
  per unit.  The keywords and their prefixes are data (``data/vocab/duties.tsv``).
* ``工作`` closing a list closes every item (``分管外贸、口岸、保税区、对台工作``,
  ``联系工会、妇联工作``): such a list is one of areas, where only a body written out with its
  level is a unit (``增加分管省体育局、妇女儿童工作`` → 省体育局); ``…等部门工作`` names bodies.
* ``负责`` / ``协助负责`` areas and ``主持`` / ``领导`` / ``处理`` (directing a body or the daily
  work) are text, kept as :class:`~govgraph.records.LeaderPortfolio` records; an item of a unit
  list that is an area (``妇女儿童工作``, ``民政``) is not a unit either: a unit's name ends like
  a body's (``…局``, ``…中心``, ``市人大``, ``驻惠部队``).
* Unit lists run across ``、``/``，``/``；``, lines and pages, and hold brackets with the body's
  other names (``市自然资源和规划局（海洋局、林业局）`` is one unit).

Where entries are read: inside a notice whose title names the genre (关于市政府领导分工的通知)
every entry head counts; anywhere else (a web page, a reprint, a news item) an entry counts
only when a relation list follows its head, so a news sentence naming a leader is never a duty.
Each duty keeps the notice's number, key and date — the signing date of the notice, else the
date line printed after the entries — and whether the text adjusts earlier assignments
(调整分工, 增加分管): the graph stage ends an earlier assignment a later one replaces.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from govgraph.extract.officials import (
    CJK,
    TitleWords,
    Vocabulary,
    clean_name,
    is_name,
    may_start_name,
    title_chain,
    vocabulary,
)
from govgraph.ingest import Gazette, Section
from govgraph.records import DocumentRecord, DutyRelation, Extraction, LeaderDuty, LeaderPortfolio
from govgraph.vocab import alternation, word_list

log = logging.getLogger(__name__)

EXTRACTOR = "duties"

_SP = " \u3000\t\xa0"
_OPEN = "（(〈<〔[【“"
_CLOSE = "）)〉>〕]】”"
#: A notice of the genre: 关于市政府领导分工的通知, 关于调整市政府领导工作分工的通知.
_NOTICE_TITLE_RE = re.compile(r"领导.{0,6}分工|分工.{0,4}领导|领导班子.{0,4}分工|工作分工")
_SIGNATURE_RE = re.compile(r"\S{2,20}(?:人民政府|办公室|办公厅)")
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
#: List numbering before an entry head: 1. / 1、 / 一、 / （一） / ① / a bullet (◆, ●, ■ …).
_NUMBERING_RE = re.compile(
    f"[{_SP}]*(?:\\d{{1,2}}[.、．]|[一二三四五六七八九十]{{1,3}}、|[（(][一二三四五六七八九十\\d]{{1,3}}[)）]"
    f"|[\u2460-\u2473]|[◆◇●○■□▲△★☆▪▶►])?[{_SP}]*"
)
#: A name: two to four characters, possibly letter-spaced (王  军).
_NAME = f"[{CJK}](?:[{_SP}]{{1,3}})?[{CJK}]{{1,3}}"
#: … also with 同志 after the name: 张三同志（副县长）：负责….
_NAME_PAREN_RE = re.compile(f"(?P<name>{_NAME}?)(?:同志)?[{_SP}]*[（(](?P<role>[^（）()\\n]{{2,20}})[)）]")
#: Separators of a table row flattened to a line (张三 | 副区长 | 负责…) count as spaces.
_SEP = _SP + "|｜"
_ROLE_SPACE_NAME_RE = re.compile(
    f"(?P<role>[{CJK}]{{1,10}}?(?:长|书记|主任|主席))[{_SEP}]+(?P<name>{_NAME})(?=[{_SEP}]*[：:]|[{_SEP}]+|$)"
)
_NAME_SPACE_ROLE_RE = re.compile(
    f"(?P<name>{_NAME})[{_SEP}]+(?P<role>[{CJK}]{{1,10}}?(?:长|书记|主任|主席))(?=[{_SEP}]*[：:]|[{_SEP}]+|$)"
)
_NAME_COLON_RE = re.compile(f"(?P<name>[{CJK}]{{2,4}})[{_SP}]*[：:][{_SP}]*")
#: A name set off from its title chain by a space, a comma or brackets: "张三 县委常委、副县长",
#: "张三，副县长。", "【张三】副县长：".
_NAME_SET_OFF_RE = re.compile(
    f"(?:[【\\[](?P<bracketed>[{CJK}]{{2,4}})[】\\]][{_SEP}]*|(?P<name>{_NAME}?)(?:同志)?[{_SEP}，,]+)"
)
#: A bracketed note after a head's title (副县长（挂职）).
_HEAD_NOTE_RE = re.compile(f"[{_SP}]*[（(][^（）()\\n]{{1,8}}[)）]")
# A leader's profile on a government site (领导之窗): the name alone on its line (or after
# 姓名：), then a post field (职务：区委副书记、区长), then the duties (工作分工：… / 分管：…).
_PROFILE_NAME_RE = re.compile(f"(?:姓[{_SP}]*名[{_SP}]*[：:][{_SP}]*)?(?P<name>{_NAME})[{_SP}]*(?=\n)")
_PROFILE_POST_RE = re.compile(f"\n[{_SP}]*(?:现任)?(?:职[{_SP}]*务|职[{_SP}]*位)[{_SP}]*[：:][{_SP}]*")


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class DutyVocabulary:
    relations: dict[str, DutyRelation]
    keyword_re: re.Pattern[str]  # a clause keyword at a clause start, with its prefixes
    next_clause_re: re.Pattern[str]  # a keyword that starts the next clause after a comma
    area_end_re: re.Pattern[str]
    unit_end_re: re.Pattern[str]
    adjustment_re: re.Pattern[str]


@lru_cache(maxsize=1)
def duty_vocabulary() -> DutyVocabulary:
    """The words of ``duties.tsv`` and the regexes built from them (first use only)."""
    kinds: dict[str, list[str]] = {}
    for word, kind in word_list("duties"):
        kinds.setdefault(kind, []).append(word)
    relations: dict[str, DutyRelation] = {}
    for rel in ("supervises", "assists", "liaises"):
        for w in kinds.get(rel, []):
            relations[w] = rel  # type: ignore[assignment]
    ambiguous = kinds.get("ambiguous", [])
    portfolio = kinds.get("portfolio", [])
    prefix = alternation(kinds.get("prefix", []))
    # 协助市长分管 / 协助常务副市长分管: assisting a named leader with supervision.
    assists_leader = r"协助[^，,。；;、\n]{1,8}?分管"
    words = alternation([*relations, *ambiguous, *portfolio])
    keyword_re = re.compile(
        f"(?:^|(?<=[。；;，,：:\\n{_SP}）)]))(?:{prefix})*(?P<kw>{assists_leader}|{words})"
    )
    next_clause_re = re.compile(f"(?:{prefix})*(?:{assists_leader}|{words})")
    area_end_re = re.compile(f"(?:{alternation(kinds.get('area_end', []))})$")
    unit_end_re = re.compile(f"(?:{alternation(kinds.get('unit_end', []))})$")
    adjustment_re = re.compile(alternation(kinds.get("adjustment", [])))
    return DutyVocabulary(relations, keyword_re, next_clause_re, area_end_re, unit_end_re, adjustment_re)


def relation_of(keyword: str, dv: DutyVocabulary | None = None) -> DutyRelation | None:
    """The relation a clause keyword gives its list; None for areas and directing clauses."""
    dv = dv or duty_vocabulary()
    if keyword.startswith("协助") and keyword.endswith("分管"):
        return "assists"
    return dv.relations.get(keyword)


# ---------------------------------------------------------------------------------------------
# Entry heads


@dataclass(frozen=True, slots=True)
class LeaderEntry:
    """One leader's paragraph(s) in a division of work."""

    person: str
    role: str
    start: int  # clean offsets of the entry (head included)
    body: int  # where the text after the name and role starts
    end: int
    titles: tuple[str, ...] = ()  # every title the head prints (市委常委、常务副市长)


def _leader_role(titles: list[str], vocab: Vocabulary) -> str | None:
    """The government post of a head's titles (市委副书记、市政府党组书记、市长 → 市长)."""
    posts = [t for t in titles if vocab.is_post(t) and not _is_party(t)]
    if posts:
        return posts[-1]
    heads = [t for t in titles if vocab.full_title_re.fullmatch(t)]
    return heads[-1] if heads else None


def _is_party(title: str) -> bool:
    return bool(re.search(r"[省市县区州]委(?:副?书记|常委)|党[组委]|书记$", title))


def _is_role(role: str, vocab: Vocabulary) -> bool:
    return bool(vocab.full_title_re.fullmatch(role))


ENTRY_HEAD_WINDOW = 1000
"""Characters of a line an entry head (name, role, titles) is read from."""


def entry_head(
    text: str, i: int, vocab: Vocabulary, title_words: TitleWords | None = None
) -> tuple[str, str, tuple[str, ...], int] | None:
    """An entry head at ``text[i]`` (after any list numbering): (person, role, titles, end).
    ``title_words`` (of ``text``) rules out most positions without the title pattern."""
    s = _after_numbering(text, i)
    # An entry head is short: its line end is looked for within ENTRY_HEAD_WINDOW characters
    # (a text without line ends must not be scanned to its end for every entry).
    limit = text.find("\n", s, s + ENTRY_HEAD_WINDOW)
    # A title holds no line break: at a line end, a title read up to the line end is the title
    # read with no end given (one match where title_chain would make another).
    line_end = limit >= 0
    limit = min(len(text), s + ENTRY_HEAD_WINDOW) if limit < 0 else limit
    # The readings that open with a name are tried only where a name can start (most
    # positions of running text cannot).
    named = may_start_name(text, s, vocab)
    # … and the others only where a title can start (a role or a chain of titles holds a post
    # or a head word before the line ends).
    maybe_title = title_words is None or title_words.may_start_title(s, limit)
    # (the readings below all need a name, a title or one of these openers: see _segment_starts)
    if line_end and not (named or maybe_title or text.startswith(_HEAD_OPENERS, s)):
        return None  # (most positions of running text)
    # name <line> 职务：title chain (a profile page)
    m = _PROFILE_NAME_RE.match(text, s, limit + 1) if named or text.startswith("姓", s) else None
    post = _PROFILE_POST_RE.match(text, m.end()) if m else None
    if m and post and is_name(clean_name(m.group("name")), vocab):
        titles, end = title_chain(text, post.end(), vocab)
        role = _leader_role(titles, vocab)
        if role and (end >= len(text) or text[end] in "。；;\n" + _SP):
            return clean_name(m.group("name")), role, tuple(titles), end
    # name（role）
    m = _NAME_PAREN_RE.match(text, s, limit) if named else None
    if m:
        titles = [re.sub(r"\s", "", t) for t in re.split(r"[、，,]", m.group("role"))]
        role = _leader_role(titles, vocab)
        name = clean_name(m.group("name"))
        if role and all(_is_role(t, vocab) for t in titles) and is_name(name, vocab):
            return name, role, tuple(titles), m.end()
    # role  name：
    m = _ROLE_SPACE_NAME_RE.match(text, s, limit)
    if m and _is_role(m.group("role"), vocab):
        name = clean_name(m.group("name"))
        if is_name(name, vocab):
            end = m.end()
            colon = re.compile(f"[{_SP}]*[：:]").match(text, end)
            return name, m.group("role"), (m.group("role"),), colon.end() if colon else end
    # name  role (a table row: 张三 | 副区长 | 负责…)
    m = _NAME_SPACE_ROLE_RE.match(text, s, limit) if named else None
    if m and vocab.is_post(m.group("role")):
        name = clean_name(m.group("name"))
        if is_name(name, vocab):
            sep = re.compile(f"[{_SEP}]*[：:]?[{_SEP}]*").match(text, m.end())
            return name, m.group("role"), (m.group("role"),), sep.end() if sep else m.end()
    # name：title chain，
    m = _NAME_COLON_RE.match(text, s, limit) if named else None
    if m and is_name(m.group("name"), vocab):
        titles, end = title_chain(text, m.end(), vocab)
        role = _leader_role(titles, vocab)
        if role and (end >= len(text) or text[end] in "，,。；;\n" + _SP):
            return m.group("name"), role, tuple(titles), end
    # name, set off, title chain, then ：/，/。/line end (◆张三 县委常委、副县长, 【张三】副县长：)
    m = _NAME_SET_OFF_RE.match(text, s, limit) if named or text.startswith(("【", "["), s) else None
    if m:
        name = clean_name(m.group("bracketed") or m.group("name"))
        titles, end = title_chain(text, m.end(), vocab)
        role = _leader_role(titles, vocab) if titles else None
        if role and is_name(name, vocab):
            note = _HEAD_NOTE_RE.match(text, end, limit)
            end = note.end() if note else end
            if end >= limit or text[end] in "：:，,。；;" + _SP:
                tail = re.compile(f"[{_SP}]*[：:，,。；;]?").match(text, end)
                return name, role, tuple(titles), tail.end() if tail else end
    # name role (：|，|line end|a clause keyword) — the role's first character ends the name;
    # the shortest name whose rest is a post wins (张伦|副市长, not 张伦副|市长)
    # The title at s, if any (常务副县长: no name 常务 before 副县长)
    whole = vocab.title_re.match(text, s, limit) if maybe_title else None
    for length in (2, 3, 4) if named else ():
        name = text[s : s + length]
        if len(name) < length or not is_name(name, vocab) or (whole and whole.end() > s + length):
            continue
        t = vocab.title_re.match(text, s + length, limit)
        if not t or not t.group("post"):
            continue
        end = t.end()
        if end >= limit or text[end] in "：:，," + _SP or duty_vocabulary().next_clause_re.match(text, end):
            tail = re.compile(f"[{_SP}]*[：:，,]?").match(text, end)
            return name, t.group(0), (t.group(0),), tail.end() if tail else end
    # role：name (a heading line: 常务副市长：张三)
    t = whole
    if t and t.group("post"):
        colon = re.compile(f"[{_SP}]*[：:][{_SP}]*").match(text, t.end(), limit)
        if colon:
            for length in (2, 3, 4):
                name = text[colon.end() : colon.end() + length]
                after = colon.end() + length
                if len(name) < length or not is_name(name, vocab):
                    continue
                if after >= limit or text[after] in "，,。；;" + _SEP:
                    role = re.sub(r"\s", "", t.group(0))
                    tail = re.compile(f"[{_SEP}，,]*").match(text, after)
                    return name, role, (role,), tail.end() if tail else after
    # role name 同志 / role name： — also a chain of titles (县委常委、宣传部部长张三同志)
    if whole is None and line_end:
        return None  # no title at s: no chain
    titles, chain_end = title_chain(text, s, vocab)
    role = _leader_role(titles, vocab) if titles else None
    if role and chain_end < limit:
        for length in (4, 3, 2):
            name = text[chain_end : chain_end + length]
            after = chain_end + length
            if len(name) < length or not is_name(name, vocab):
                continue
            g = re.compile(f"同志[{_SP}]*[，,：:]?|[{_SP}]*[：:]").match(text, after, limit)
            if g:
                return name, role, tuple(titles), g.end()
            if line_end and not text[after:limit].strip(_SP):
                return name, role, tuple(titles), after  # the head alone on its line: 一、县长张三
        # role name + a clause keyword (副市长张三分管…, 代省长李四领导…): the keyword ends the
        # name; only one length of name may leave a keyword after it.
        dv = duty_vocabulary()
        readings = [
            length
            for length in (2, 3)
            if is_name(text[chain_end : chain_end + length], vocab)
            and dv.next_clause_re.match(text, chain_end + length, limit)
        ]
        if len(readings) == 1:
            after = chain_end + readings[0]
            return text[chain_end:after], role, tuple(titles), after
    return None


_SEGMENT_BREAK_RE = re.compile(f"[。；;：:，,][{_SP}]*")


def _segment_starts(
    gz: Gazette, start: int, end: int, title_words: TitleWords | None = None, vocab: Vocabulary | None = None
) -> Iterator[int]:
    """Where an entry head may start: a paragraph start, or after a sentence end, a colon
    (ingestion may join a short entry to the paragraph before it) or a comma (a news item:
    根据分工，副市长张三分管…).

    With ``title_words`` and ``vocab``, the positions of a paragraph that holds no post or head
    word are left out unless a name (or numbering, 姓名, 【name】) can start there: no entry
    head can (see :func:`entry_head`), and most paragraphs are such."""
    text = gz.text
    for para in gz.paragraphs(start, end):
        untitled = (
            title_words is not None
            and vocab is not None
            and len(para.text) < ENTRY_HEAD_WINDOW  # (every position finds the line's end)
            and not title_words.may_start_title(para.start, para.end)
        )
        if not untitled or _may_open_head(text, para.start, vocab):
            yield para.start
        for m in _SEGMENT_BREAK_RE.finditer(para.text):
            at = para.start + m.end()
            if m.end() < len(para.text) and (not untitled or _may_open_head(text, at, vocab)):
                yield at


def _may_open_head(text: str, i: int, vocab: Vocabulary | None) -> bool:
    """Can an entry head whose line holds no title start at ``text[i]`` (after its numbering:
    a name, 姓名, 【name】)?  The test :func:`entry_head` rules a position out with."""
    if vocab is None:
        return True
    s = _after_numbering(text, i)
    return text.startswith(_HEAD_OPENERS, s) or may_start_name(text, s, vocab)


def _after_numbering(text: str, i: int) -> int:
    n = _NUMBERING_RE.match(text, i)
    return n.end() if n else i


#: What an entry head may open with besides a name or a title (姓名：…, 【name】).
_HEAD_OPENERS = ("姓", "【", "[")


# A profile page's duty field before its clauses (工作分工：负责…。分管…).
_DUTY_FIELD_RE = re.compile(f"(?:工作)?(?:分[{_SP}]*工|职[{_SP}]*责)(?:情况)?[{_SP}]*[：:][{_SP}]*")


def _starts_with_keyword(text: str, i: int, dv: DutyVocabulary) -> bool:
    n = _NUMBERING_RE.match(text, i)
    i = n.end() if n else i
    field = _DUTY_FIELD_RE.match(text, i)
    return bool(dv.next_clause_re.match(text, field.end() if field else i))


# ---------------------------------------------------------------------------------------------
# Entries of a notice and of free text


def is_division_notice(section: Section) -> bool:
    return section.kind == "document" and bool(_NOTICE_TITLE_RE.search(section.title or ""))


def _notice_end(gz: Gazette, section: Section, body: int) -> int:
    """The last entry ends at the signature (issuer or date line) or the section's end."""
    for para in gz.paragraphs(body, section.end):
        t = para.text.strip()
        if para.start > body and (_SIGNATURE_RE.fullmatch(t) or _DATE_RE.fullmatch(t)):
            return para.start
    return section.end


def _free_entry_end(gz: Gazette, head_end: int, limit: int, dv: DutyVocabulary) -> int:
    """A free-text entry runs over its head's paragraph and the paragraphs after it that start
    with a clause keyword (负责…/分管…/联系…) or continue an unfinished sentence."""
    text = gz.text
    nl = text.find("\n", head_end, limit)
    end = limit if nl < 0 else nl
    while end < limit:
        nxt = end + 1
        stop = text.find("\n", nxt, limit)
        stop = limit if stop < 0 else stop
        para = text[nxt:stop]
        prev = text[:end].rstrip()[-1:] if end else ""
        if not para.strip():
            end = stop
            if stop >= limit:
                break
            continue
        if _starts_with_keyword(text, nxt, dv) or (prev and prev not in "。！!？?" and len(para) < 60):
            end = stop
            continue
        break
    return end


def leader_entries(gz: Gazette, section: Section | None = None) -> list[LeaderEntry]:
    """The entries of one notice (``section``) or of the free text outside notices (None)."""
    vocab = vocabulary()
    dv = duty_vocabulary()
    text = gz.text
    title_words = TitleWords(text, vocab)
    if section is not None:
        start, end = section.start, section.end
        starts: Iterator[int] = (p.start for p in gz.paragraphs(start, end))
    else:
        start, end = 0, len(text)
        starts = _segment_starts(gz, start, end, title_words, vocab)
    heads: list[tuple[str, str, tuple[str, ...], int, int]] = []
    for pos in starts:
        if heads and pos < heads[-1][4]:
            continue
        got = entry_head(text, pos, vocab, title_words)
        if got is None:
            continue
        name, role, titles, body = got
        heads.append((name, role, titles, pos, body))
    entries = []
    for k, (name, role, titles, pos, body) in enumerate(heads):
        nxt = heads[k + 1][3] if k + 1 < len(heads) else None
        if section is not None:
            stop = nxt if nxt is not None else _notice_end(gz, section, body)
        else:
            stop = _free_entry_end(gz, body, nxt if nxt is not None else end, dv)
            # Free text: only an entry with a relation list is one (a news sentence is not).
            if not any(relation_of(kw, dv) for kw, *_ in _clauses(text[body:stop], dv)):
                continue
        entries.append(LeaderEntry(name, role, pos, body, stop, titles))
    return entries


# ---------------------------------------------------------------------------------------------
# Clauses and unit lists


def _unit_like(piece: str, dv: DutyVocabulary) -> bool:
    piece = re.sub(r"\s+", "", piece)
    return bool(piece) and len(piece) <= 40 and bool(dv.unit_end_re.search(piece))


def _clause_end(text: str, i: int, dv: DutyVocabulary) -> int:
    """End of the clause starting at ``text[i]``: 。, a comma before a new clause, or ；/a kept
    break unless the list goes on with another unit (lists run across ``；`` and lines)."""
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        elif depth:
            continue
        elif c == "。" or (c in "，," and dv.next_clause_re.match(text, j + 1)):
            return j
        elif c in "；;\n":
            if not text[i:j].strip(" \u3000：:\n"):
                continue  # 分管：<break> the list starts on the next line
            nxt = re.match(r"[\s；;]*", text[j + 1 :])
            k = j + 1 + (nxt.end() if nxt else 0)
            piece = re.split(r"[、，,；;。\n]", text[k : k + 60], maxsplit=1)[0]
            if dv.next_clause_re.match(text, k) or not _unit_like(piece, dv):
                return j
    return len(text)


def _clauses(view: str, dv: DutyVocabulary) -> Iterator[tuple[str, int, int, int]]:
    """(keyword, keyword start, clause start, clause end) for each clause of an entry view."""
    pos = 0
    while pos < len(view):
        m = dv.keyword_re.search(view, pos)
        if m is None:
            return
        stop = _clause_end(view, m.end(), dv)
        yield m.group("kw"), m.start(), m.end(), stop
        pos = max(stop, m.end())


def _entry_view(gz: Gazette, entry: LeaderEntry, dv: DutyVocabulary) -> tuple[str, list[int]]:
    """The entry's text after the name and role, with layout breaks joined, and the offset map.

    The quirk: ingestion keeps some layout breaks that cut a list or a keyword
    (``市经信局`` / ``（民营经济健康发展促进局）``, ``联`` / ``系市信访局``).  A break is kept
    only after 。/；/： or before a keyword.
    """
    text = gz.text
    chars: list[str] = []
    index: list[int] = []
    for i in range(entry.body, entry.end):
        c = text[i]
        if c == "\n":
            prev = chars[-1] if chars else ""
            if not (prev in "。；;：:" or _starts_with_keyword(text, i + 1, dv)):
                continue
        chars.append(c)
        index.append(i)
    index.append(entry.end)
    return "".join(chars), index


def split_outside_brackets(text: str, separators: str = "、，,") -> list[tuple[str, int, int]]:
    """Split on the separators outside brackets: (piece, start, end) within ``text``.

    The quirk: names carry their other names in brackets with their own 、
    (``市自然资源和规划局（海洋局、林业局）``, ``温州开放大学（温州城市大学、温州老年大学）``).
    Line breaks and padding inside a piece are dropped.
    """
    out: list[tuple[str, int, int]] = []
    depth = 0
    start = 0
    for j, c in enumerate(text + separators[0]):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and (c in separators or j == len(text)):
            piece = re.sub(r"\s+", "", text[start:j])
            if piece:
                out.append((piece, start, j))
            start = j + 1
    return out


#: ``分管单位：…`` / ``联系：…``: a label between the keyword and the list.
_LIST_LABEL_RE = re.compile(r"^[\s]*(?:的?(?:单位|部门|工作))?[\s]*[：:]?[\s]*")
#: A tail naming the kind of the list: 等, 等单位, 等群众团体.
_ETC_RE = re.compile(r"等(?:[^、，,等]{0,12}?(?:单位|部门|团体|机构|企业|组织|党派|部队)[^、，,等]{0,10})?$")
#: A kind tail joined to one more unit: ``市残联等群众团体和驻市部队`` (the unit after 和 is an item).
_ETC_AND_RE = re.compile(
    r"等[^、，,等]{0,12}?(?:单位|部门|团体|机构|企业|组织|党派)(?:和|及|以及)(?=[^、，,]{2,})"
)
#: 工作 closing a list of areas (分管教育、科技工作; 负责…方面工作).
_WORK_END_RE = re.compile(r"(?:方面)?工作$")
#: How the full name of a body starts: its level (省体育局, 市审计局, 国家统计局…, 团市委).
_LEVEL_RE = re.compile(r"(?:[省市县区州盟旗镇乡]|国家|中共|团[省市县区]委)")
#: A list closed by 工作 whose kind word names bodies (``市发改委、市财政局等部门工作``): units.
_BODIES_WORK_RE = re.compile(r"等(?:单位|部门|机构|团体)(?:的)?工作$")
#: Two units joined by 及 (市发展和改革委员会及市粮食和物资储备局).
_AND_RE = re.compile(r"(?<=[局委办厅部院会中心）)])及(?=[省市区县国中])")


_SECTION_RE = re.compile(r"[\u4e00-\u9fff]{1,8}[科处股]$")


def _split_he(items: list[tuple[str, int, int]], dv: DutyVocabulary) -> list[tuple[str, int, int]]:
    """Two sections joined by 和 ("文秘科和督查科工作") are two items; 和 inside a name stays
    (发展和改革局: "发展" is no body)."""
    out = []
    for unit, a, b in items:
        parts = unit.split("和")
        core = [re.sub(r"(?:方面)?工作$", "", p) for p in parts]
        if len(parts) == 2 and all(_SECTION_RE.search(c) for c in core):
            out.append((parts[0], a, a + len(parts[0])))
            out.append((parts[1], a + len(parts[0]) + 1, b))
        else:
            out.append((unit, a, b))
    return out


def split_units(text: str, dv: DutyVocabulary | None = None) -> list[tuple[str, int, int]]:
    """A duty's unit list: (unit, start, end).

    A trailing ``等``/``等单位`` is not part of a unit; an item that ends like an area of work
    (``审计工作``) or not like a body (``民政``) is not a unit.
    """
    dv = dv or duty_vocabulary()
    m = _LIST_LABEL_RE.match(text)
    shift = m.end() if m else 0
    items = split_outside_brackets(text[shift:], "、，,；;\n")
    # The quirk: 工作 closing a list closes every item: 分管外经、外贸、经济技术开发区、打击走私
    # 工作 is a list of areas, 联系妇联、工商联工作 the work of those bodies.  In such a list only
    # a body written out with its level (省体育局, 市审计局工作) is a unit.
    last = items[-1][0] if items else ""
    areas = bool(_WORK_END_RE.search(last)) and not _BODIES_WORK_RE.search(last)
    out: list[tuple[str, int, int]] = []
    for unit, a, b in _split_he(items, dv):
        a, b = a + shift, b + shift
        if areas:
            bare = _WORK_END_RE.sub("", unit)
            b -= len(unit) - len(bare)
            unit = bare
            # an internal section (文秘科, 督查科, 综合处) is a body however the list ends
            if not _LEVEL_RE.match(unit) and not _SECTION_RE.search(unit):
                continue
        unit = _BODIES_WORK_RE.sub("等", unit)
        pieces = [(unit, a, b)]
        etc = _ETC_AND_RE.search(unit)
        if etc:  # …市残联等群众团体和驻市部队: the unit after the kind tail is one more item
            pieces = [(unit[: etc.start()], a, a + etc.start()), (unit[etc.end() :], a + etc.end(), b)]
        if "及" in unit and not etc:
            pieces = []
            pos = 0
            for part in _AND_RE.split(unit):
                pieces.append((part, a + pos, a + pos + len(part)))
                pos += len(part) + 1
        for piece, pa, pb in pieces:
            piece = _ETC_RE.sub("", piece)
            if not piece or dv.area_end_re.search(piece) or not dv.unit_end_re.search(piece):
                continue
            out.append((piece, pa, pb))
    return out


# ---------------------------------------------------------------------------------------------
# Extraction


def _document_of(gz: Gazette, ex: Extraction, section: Section) -> DocumentRecord | None:
    h = section.header
    if h is None:
        return None
    return next((d for d in ex.documents if d.prov.line == h.number_line), None)


#: A publication date in a page's metadata: 发布时间：2018-12-26 / 日期:2021年8月4日.
_META_DATE_RE = re.compile(
    r"(?:发布|发文|成文|印发|公开)?(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
#: The adoption line of a congress decision: （2020年7月28日…第二十六次会议通过）.
_ADOPTED_RE = re.compile(r"[（(]\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^（）()]{0,60}通过\s*[)）]")
#: A date alone on its line: 2031年3月5日 / 2016/5/16 / 2016-05-16.
_LINE_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def _iso(m: re.Match[str]) -> str | None:
    y, mo, d = (int(x) for x in m.groups()[:3])
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _date_after(gz: Gazette, start: int) -> str | None:
    """The date line printed after the entries (the signature of a reprinted notice)."""
    for para in gz.paragraphs(start, min(len(gz.text), start + 600)):
        m = _LINE_DATE_RE.fullmatch(para.text.strip())
        if m:
            return _iso(m)
    return None


def printed_date(gz: Gazette, after: int = 0) -> str | None:
    """The date a text without a document header carries: the date line after ``after``
    (a signature), else the publication date of the page's metadata or a date line in its
    first lines (a news item is dated by its publication)."""
    found = _date_after(gz, after)
    if found:
        return found
    m = _ADOPTED_RE.search(gz.text)
    if m:
        return _iso(m)
    # The page's metadata may be furniture that ingestion removed from the text: read the file.
    m = _META_DATE_RE.search(gz.raw[:800])
    if m:
        return _iso(m)
    for para in gz.paragraphs(0, min(len(gz.text), 400)):
        m = _LINE_DATE_RE.fullmatch(para.text.strip())
        if m:
            return _iso(m)
    return None


@dataclass(frozen=True, slots=True)
class _Notice:
    doc_number: str | None
    doc_key: str | None
    date: str | None
    adjustment: bool
    entries: list[LeaderEntry]


def _notices(gz: Gazette, ex: Extraction) -> Iterator[_Notice]:
    dv = duty_vocabulary()
    spans: list[tuple[int, int]] = []
    for section in gz.sections:
        if not is_division_notice(section):
            continue
        doc = _document_of(gz, ex, section)
        doc_number = section.header.doc_number if section.header else None
        entries = leader_entries(gz, section)
        spans.append((section.start, section.end))
        adjustment = bool(dv.adjustment_re.search(section.title or ""))
        yield _Notice(
            doc_number,
            doc.key if doc else (doc_number or section.title),
            doc.date if doc else _date_after(gz, entries[-1].end if entries else section.start),
            adjustment,
            entries,
        )
    free = [e for e in leader_entries(gz) if not any(a <= e.start < b for a, b in spans)]
    if free:
        before = gz.text[max(0, free[0].start - 300) : free[0].start]
        body = "".join(gz.text[e.body : e.end] for e in free)
        adjustment = bool(dv.adjustment_re.search(before)) or bool(re.search(r"增加分管|不再分管", body))
        yield _Notice(None, None, printed_date(gz, free[-1].end), adjustment, free)


def extract_leader_duties(gz: Gazette, ex: Extraction) -> list[LeaderDuty]:
    """Duties of every division of work in the text; also fills ``ex.portfolios``."""
    dv = duty_vocabulary()
    duties: list[LeaderDuty] = []
    portfolios: list[LeaderPortfolio] = []
    for notice in _notices(gz, ex):
        for entry in notice.entries:
            seen: set[tuple[str, str]] = set()
            view, index = _entry_view(gz, entry, dv)
            for kw, kw_at, start, end in _clauses(view, dv):
                relation = relation_of(kw, dv)
                clause = view[start:end]
                kw_start = index[kw_at]
                units = split_units(clause, dv) if relation else []
                if relation is None or not units:
                    if relation is None and (kw in dv.relations or kw.startswith("分管")):
                        continue  # an ambiguous list (分管和联系单位) is not read
                    domains = re.sub(r"\s+", "", clause).rstrip("，,")
                    portfolios.append(
                        LeaderPortfolio(
                            person=entry.person,
                            role=entry.role,
                            domains=kw + domains,
                            doc_key=notice.doc_key,
                            date=notice.date,
                            prov=gz.provenance(kw_start, index[max(end - 1, kw_at)] + 1, EXTRACTOR),
                        )
                    )
                    continue
                for unit, u_start, u_end in units:
                    if (relation, unit) in seen:
                        continue
                    seen.add((relation, unit))
                    span = index[start + u_start], index[start + u_end - 1] + 1
                    duties.append(
                        LeaderDuty(
                            person=entry.person,
                            role=entry.role,
                            relation=relation,
                            unit=unit,
                            doc_number=notice.doc_number,
                            doc_key=notice.doc_key,
                            date=notice.date,
                            prov=gz.provenance(*span, EXTRACTOR, line_at=kw_start),
                            adjustment=notice.adjustment,
                        )
                    )
    ex.portfolios = portfolios
    log.debug("%s: %d leader duties, %d portfolios", gz.name, len(duties), len(portfolios))
    return duties
