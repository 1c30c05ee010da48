"""Cross-document references: which document repeals, builds on, amends, issues or cites which.

A gazette names other documents in three printed forms, all handled here:

* a title in 《》, optionally followed by its number in brackets:
  ``根据《浙江省…的意见》（浙政办发〔2015〕133号）``; the number may be printed with any
  bracket width and with spaces, and may start several lines after the 《 (the mention's line
  is the line of the 《);
* a decree series in 《》 with its number after it: ``《温州市人民政府令》(第147号)``, which
  names the decree 温州市人民政府令第147号;
* a bare number: ``应具备浙政办发〔2015〕133号中规定的…``, ``温政令第135号``.

The relation comes from the wording around the mention (see :func:`_relation`): a keyword
before it in the same clause (根据/依据/按照 → based_on, 废止 → repeals, 修改 → amends), a
keyword after it in the same clause (…同时废止, …作如下修改), the 印发/转发/下达 of the
notice that prints the document (《X》已经市政府同意，现印发给你们 → issues), a 制定依据
heading above a list; any other mention cites.

Not references (see :func:`_skip_title`): shortened forms (《通知》, 《管理办法》), contracts and
agreements (《…合同》《…协议》), periodicals (《温州市人民政府公报》), titles that are not
documents, the notice's own attachment (except in the issuing sentence), the title of a
policy interpretation (关于《X》的政策解读), and anything in the table of contents or the
发文目录.

``from`` is the citing document's number, or its title when it has none (policy
interpretations, the chronicle, news, feature articles).  References inside an attachment
belong to the document that prints it.
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from govgraph.docnum import (
    YEAR_CLOSE,
    YEAR_OPEN,
    iter_decrees,
    iter_doc_numbers,
    normalize_decree,
    normalize_doc_number,
)
from govgraph.ingest import Gazette, Section
from govgraph.records import DocumentRecord, Extraction, Reference, ReferenceRelation
from govgraph.text import fold
from govgraph.vocab import alternation, words

log = logging.getLogger(__name__)

EXTRACTOR = "references"

# ---------------------------------------------------------------------------------------------
# Genre vocabulary: data/vocab/documents.tsv.

# Words that end the title of a normative document (after any trailing parenthetical such
# as （试行） or （2021—2023年））: a 《》 title ending otherwise is not a document.  Words a
# shortened title is made of: 《通知》, 《管理办法》, 《实施方案》 name the document in hand or one
# named just before ("以下简称《通知》"); they identify nothing by themselves.  Contracts and
# agreements between parties are not normative documents.  All compiled on first use.


@cache
def document_type_end_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words('documents', 'type'))})$")


@cache
def generic_title_re() -> re.Pattern[str]:
    return re.compile(
        rf"^(?:{alternation(words('documents', 'generic'))})*(?:{alternation(words('documents', 'type'))})$"
    )


@cache
def contract_end_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words('documents', 'contract'))})$")


# ---------------------------------------------------------------------------------------------
# Regexes


# A title in 《》.  Quirks: a title broken across lines reaches us joined by ingestion, but a
# paragraph break wrongly kept inside it still leaves a "\n" (allowed once; no sentence end
# inside); a title quoted inside a title is printed with 〈〉 or, carelessly, with a second
# pair of 《》 (《关于印发《X》的通知》), one level of which is allowed.
TITLE_RE = re.compile(r"《(?P<title>(?:[^《》。]|《[^《》。\n]{1,100}》){1,200})》")
MAX_TITLE_CHARS = 150
# The number printed after a title: "（浙政办发〔2015〕133号）", "(温政发〔2004〕49号)",
# "（中华人民共和国国务院令第483号）", "(第147号)" after a decree series name.  Quirks: brackets of
# either width, spaces and line breaks anywhere (inside the code too: "（温政\n办〔2016〕43号）",
# safe here because the bracket bounds the code), a number starting lines after the 《, two
# numbers in one bracket ("（浙政发〔2021〕31号、浙政办发〔2021〕5号）": the first is the
# title's, the others are read as bare numbers).
_SPACED_CODE = r"[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){0,29}?"
# Quirk: a decree or rule cited with its promulgation note, "《X》（2016年12月1日X市人民政府令第2号
# 发布）", names X by that number: the date before it and the verb after it are part of the note.
_NOTE_DATE = r"(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*)?"
TRAILING_NUMBER_RE = re.compile(
    rf"\s*[（(]\s*{_NOTE_DATE}(?P<number>{_SPACED_CODE}\s*{YEAR_OPEN}\s*(?:19|20)\s*\d\s*\d\s*{YEAR_CLOSE}\s*"
    rf"(?:第\s*)?\d{{1,4}}\s*号|{_SPACED_CODE}(?:令|公告)\s*第\s*\d{{1,4}}\s*号|第\s*\d{{1,4}}\s*号)\s*"
    rf"(?:发布|公布|印发)?\s*[)）、，,；;]"
)
# Quirk: a number printed with its year bracket unclosed ("(国办发〔2018104号)") cannot be
# normalised (year and serial run together); it is kept as printed, in place of the title.
MALFORMED_NUMBER_RE = re.compile(
    rf"\s*[（(]\s*(?P<number>[\u4e00-\u9fff]{{1,14}}\s*{YEAR_OPEN}\s*(?:19|20)\d\d\d{{1,4}}\s*号)\s*[)）]"
)
# Ordinals of a serial-only number "(第147号)".
SERIAL_ONLY_RE = re.compile(r"^第\s*(?P<serial>\d{1,4})\s*号$")

# Words that type a reference (data/vocab/references.tsv), compiled on first use.
# Quirk: 修订 in "新修订的《X》" qualifies X and is no amendment.


@cache
def _reference_words(*kinds: str) -> str:
    return alternation(words("references", *kinds))


@cache
def pre_keyword_re() -> re.Pattern[str]:
    """Keywords before the mention in its clause; the nearest one wins."""
    return re.compile(
        rf"(?P<repeals>{_reference_words('repeals')})|(?P<amends>{_reference_words('amends')})(?!的|后的|后)|"
        rf"(?P<based_on>{_reference_words('based_on')})|(?P<implement>{_reference_words('implement')})"
    )


@cache
def _state_before_re() -> re.Pattern[str]:
    """The state words (已, 被) right before a repeal or amend keyword: 原《X》已废止."""
    return re.compile(rf"(?:{_reference_words('state')})\s*$")


def _states(masked: str, keyword: re.Match[str] | None, floor: int) -> bool:
    """Does a repeal or amend keyword state a fact about X rather than act on it?"""
    if keyword is None or keyword.lastgroup not in ("repeals", "amends"):
        return False
    return _state_before_re().search(masked, max(floor, keyword.start() - 3), keyword.start()) is not None


@cache
def post_keyword_re() -> re.Pattern[str]:
    """Keywords after the mention in its clause: "《X》(…)同时废止", "对《X》作如下修改"."""
    return re.compile(
        rf"(?P<repeals>{_reference_words('post_repeals')})|(?P<amends>{_reference_words('post_amends')})|"
        rf"(?P<spirit>{_reference_words('spirit')})|(?P<basis_tail>{_reference_words('basis_tail')})"
    )


@cache
def issue_re() -> re.Pattern[str]:
    """The issuing sentence of a notice that prints or forwards a document:
    "《X》已经市政府同意，现印发给你们", "现将《X》印发给你们"."""
    return re.compile(_reference_words("issue_verb"))


@cache
def _issue_before_re() -> re.Pattern[str]:
    """"关于印发《X》的通知", "现印发《X》": the verb directly before the title."""
    return re.compile(rf"(?:{_reference_words('issue_lead')})(?:{_reference_words('issue_before')})\s*$")


@cache
def _issue_joint_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?:$|[^\u4e00-\u9fff]|{_reference_words('issue_joint')})")


_EDITION_NOTE_RE = re.compile(r"\s*[（(]\s*(?:\d{4}\s*年)?\s*(?:修订|修正|修改)(?:版|稿)?\s*[)）]")


@cache
def _masthead_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{_reference_words('masthead')})\s*$")


# A purpose clause opens the sentence: "为深入贯彻落实…，" (为了, 为进一步 …).
PURPOSE_RE = re.compile(r"\s*为(?!期|止|准|主|此|由)")
# A heading whose list gives the legal basis: "二、制定依据", "（二）政策依据：".
BASIS_HEADING_RE = re.compile(r"依据\s*[：:]?\s*$")
# A line that introduces a list of documents: "决定废止以下文件：", "主要依据下列文件：".
LIST_INTRO_RE = re.compile(r"[：:]\s*$")
# An item of such a list: "1.", "（1）", "一、", "（一）", a 《title》, a number, a table row
# (matched on the masked text, where a mention reads □□□).
LIST_ITEM_RE = re.compile(
    r"^\s*(?:□|\d{1,3}\s*[.．、)）]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|《"
    r"|[\u4e00-\u9fff]{1,14}\s*[〔\[［【（(]\s*(?:19|20)\d\d)|\t"
)
# A table-of-contents line that ingestion left in a section: "…的通知（温政办〔2022〕80号）……（28）".
TOC_LINE_RE = re.compile(r"[…\.·]{4,}\s*[（(]?\s*\d{1,3}\s*[)）]?\s*$")
# Structure headings, by level: 第X章 (0), 一、 (1), （一） (2).  Markdown "#" and "**" tolerated.
HEADING_RE = re.compile(
    r"^\s*#*\s*(?:\*\*)?\s*(?:(?P<l0>第[一二三四五六七八九十百]+[章编])|(?P<l1>[一二三四五六七八九十]+、)|"
    r"(?P<l2>[（(][一二三四五六七八九十]+[)）]))"
)
# Where a clause or a sentence ends (outside titles, which are masked before the search).
CLAUSE_END = frozenset("，,；;。！？!?：:\n")
SENTENCE_END = frozenset("；;。！？!?\n")

# The title of a policy interpretation, printed where the layout put it: 关于《X》的政策解读.
INTERPRETATION_TITLE_RE = re.compile(r"关于\s*$")
INTERPRETATION_TAIL_RE = re.compile(r"\s*的(?:政策)?解读")
# "（以下简称《通知》）" defines a short name, which is no reference.
ALIAS_RE = re.compile(r"(?:简称|下称|以下称)\s*$")
# A trailing parenthetical of a title: （试行）, (2022年), （2021—2023年）.
TRAILING_PAREN_RE = re.compile(r"(?:[（(][^（）()]{1,30}[)）])+$")
# A notice that prints another document names it in its own title: 关于印发X的通知.
ISSUING_TITLE_RE = re.compile(
    r"(?:印发|转发|下达|批转|公布|发布)(?P<issued>.+?)的(?:通知|通告|决定|公告|函)$"
)
_SPACE_RE = re.compile(r"\s+")

# Sections cited from under their own title (the chronicle: "2月份市政府记事", a feature
# article: its headline).  Any other section without a document (cover, contents, 发文目录,
# statistics) has no citing document.
TITLED_KINDS = frozenset({"interpretation", "chronicle", "news", "personnel", "feature"})


# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True)
class Mention:
    """A document named in the text: a 《title》 and/or a number, at clean offsets [start, end)."""

    start: int
    end: int
    title: str | None  # without 《》, spaces removed
    number: str | None  # normalised identifier
    printed: str | None = None  # a number that cannot be normalised, as printed (spaces removed)


@dataclass(slots=True)
class Segment:
    """A stretch of clean text whose references all have the same citing document."""

    start: int
    end: int
    kind: str
    label: str | None  # the `from` of its references; None for unowned text
    doc: DocumentRecord | None = None
    own_titles: frozenset[str] = frozenset()  # compact titles the document itself prints
    own_id: str | None = None
    title_lines: frozenset[int] = frozenset()  # lines of a lone document's title, kept in its text
    zone_end: int = -1  # raw offset where a lone document's header zone ends (its salutation)


# ---------------------------------------------------------------------------------------------
# Entry point


def extract_references(gz: Gazette, ex: Extraction) -> list[Reference]:
    """Every cross-document reference of the issue, in text order."""
    docs = list(ex.documents)
    out: list[Reference] = []
    seen: set[tuple[str, str, str, int]] = set()
    for seg in _segments(gz, docs):
        for ref in _segment_references(gz, seg, docs):
            key = (ref.from_doc, ref.to_doc, ref.relation, ref.prov.start)
            if key not in seen:
                seen.add(key)
                out.append(ref)
    log.debug("%s: %d references", gz.name, len(out))
    return out


# ---------------------------------------------------------------------------------------------
# Segments: who cites


def _compact(text: str) -> str:
    return _SPACE_RE.sub("", fold(text))


def _segments(gz: Gazette, docs: list[DocumentRecord]) -> list[Segment]:
    """The issue cut into stretches with one citing document each.

    Quirk: a policy interpretation's title can float into the middle of its body (two-column
    layout), so its section would start mid-text and the body above the title would be
    credited to the preceding document; see :func:`_interpretation_start`.
    """
    sections = list(gz.sections)
    starts = [s.start for s in sections]
    for i, sec in enumerate(sections):
        if sec.kind == "interpretation" and i > 0:
            starts[i] = max(_interpretation_start(gz, sec, sections[i - 1].start), starts[i - 1])
    by_line = {d.prov.line: d for d in docs}
    segments: list[Segment] = []
    for i, sec in enumerate(sections):
        end = starts[i + 1] if i + 1 < len(sections) else len(gz.text)
        seg = Segment(start=starts[i], end=end, kind=sec.kind, label=None)
        if sec.kind == "document" and sec.header is not None:
            doc = by_line.get(sec.header.number_line)
            seg.doc = doc
            seg.label = sec.header.doc_number or (doc.title if doc else sec.title) or None
            seg.own_id = sec.header.doc_id
            seg.own_titles = _own_titles(doc.title if doc else sec.title, doc.attachments if doc else ())
            if sec.header.layout == "lone":
                seg.title_lines = frozenset(sec.header.lines)
                seg.zone_end = sec.header.zone_end
            elif sec.header.layout == "adopted":
                seg.zone_end = sec.header.zone_end  # (its line goes on after the note)
        elif sec.kind in TITLED_KINDS and sec.title:
            seg.label = sec.title
        segments.append(seg)
    return segments


def _own_titles(title: str, attachments: tuple[str, ...]) -> frozenset[str]:
    """Compact titles of what a document prints itself: its attachments, the issued document."""
    titles = {_compact(a) for a in attachments if a}
    m = ISSUING_TITLE_RE.search(_compact(title))
    if m:
        titles.add(m.group("issued").strip("《》〈〉"))
    return frozenset(titles)


def _interpretation_start(gz: Gazette, sec: Section, floor: int) -> int:
    """Where an interpretation's body starts when its title floated into the body.

    The body of a 政策解读 runs 一、 二、 三、…; when the first top-level heading after the
    title is not 一、, the title was printed mid-body and the body starts at the nearest
    一、 heading above it (never above ``floor``, the previous section's start).
    """
    first = None
    for para in gz.paragraphs(sec.start, sec.end):
        m = HEADING_RE.match(para.text)
        if m and m.group("l1"):
            first = m.group("l1")
            break
    if first is None or first == "一、":
        return sec.start
    best = None
    for para in gz.paragraphs(floor, sec.start):
        m = HEADING_RE.match(para.text)
        if m and m.group("l1") == "一、":
            best = para.start
    return best if best is not None else sec.start


# ---------------------------------------------------------------------------------------------
# Mentions


def _mentions(text: str, base: int) -> list[Mention]:
    """Titles (with the number printed after them) and bare numbers in ``text``."""
    out: list[Mention] = []
    taken = _Spans()
    pos = 0
    while True:
        m = TITLE_RE.search(text, pos)
        if m is None:
            break
        raw_title = m.group("title")
        if raw_title.count("\n") > 1 or len(raw_title) > MAX_TITLE_CHARS:
            pos = m.start() + 1  # an unclosed 《: look for a title inside the span
            continue
        pos = m.end()
        title = _SPACE_RE.sub("", raw_title)
        end = m.end()
        number = None
        printed = None
        n = TRAILING_NUMBER_RE.match(text, m.end())
        if n:
            number = _number_after_title(title, n.group("number"))
            if number is not None:
                end = n.end()
        else:
            n = MALFORMED_NUMBER_RE.match(text, m.end())
            if n:
                printed, end = _SPACE_RE.sub("", n.group("number")), n.end()
        out.append(Mention(base + m.start(), base + end, title, number, printed))
        taken.add(m.start(), end)
    for start, stop, ident in [*iter_doc_numbers(text), *iter_decrees(text)]:
        if taken.overlaps(start, stop):
            continue
        if _masthead_re().search(text, max(0, start - 4), start):
            continue  # "…人民政府文件许政〔2020〕21号": a masthead spliced into the text
        out.append(Mention(base + start, base + stop, None, ident))
        taken.add(start, stop)
    out.sort(key=lambda x: x.start)
    return out


class _Spans:
    """Spans taken by mentions, sorted: whether a new span starts or ends inside one of them,
    in logarithmic time (a line of 10⁵ document numbers made the linear scan quadratic)."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0

    def add(self, start: int, stop: int) -> None:
        bisect.insort(self._spans, (start, stop))
        self._longest = max(self._longest, stop - start)

    def overlaps(self, start: int, stop: int) -> bool:
        """A span ``(a, b)`` with ``a <= start < b`` or ``a < stop <= b``."""
        spans = self._spans
        i = bisect.bisect_left(spans, (start - self._longest, -1))
        while i < len(spans) and spans[i][0] <= stop:
            a, b = spans[i]
            if a <= start < b or a < stop <= b:
                return True
            i += 1
        return False


def _number_after_title(title: str, printed: str) -> str | None:
    """The identifier of the bracketed number after a title.

    Quirk: a decree series is printed as 《温州市人民政府令》(第147号); the decree is the series
    name with the serial, 温州市人民政府令第147号.
    """
    compact = _SPACE_RE.sub("", printed)
    m = SERIAL_ONLY_RE.match(compact)
    if m:
        if title.endswith(("令", "公告")):
            return normalize_decree(f"{title}第{m.group('serial')}号")
        return None
    return normalize_doc_number(compact)


def _skip_title(title: str) -> str | None:
    """Why a 《title》 printed without a number is not a document reference (None: it is one)."""
    bare = TRAILING_PAREN_RE.sub("", title) or title
    if contract_end_re().search(bare):
        return "contract"
    if generic_title_re().match(bare):
        return "shortened form"
    if not document_type_end_re().search(bare):
        return "not a document"
    return None


def _is_self(mention: Mention, seg: Segment) -> bool:
    """Does the mention name the document itself or what it prints (its attachment)?"""
    if mention.number is not None:
        return mention.number == seg.own_id
    if not mention.title or not seg.own_titles:
        return False
    title = _compact(mention.title)
    if title in seg.own_titles:
        return True
    # "《温州市综合行政执法事项目录(2022年第二批)》" for the attachment 温州市综合行政执法事项目录
    # of the notice "关于公布温州市综合行政执法事项(2022年第二批)的通告".
    paren = TRAILING_PAREN_RE.search(title)
    if paren and seg.doc is not None:
        bare = title[: paren.start()]
        return bare in seg.own_titles and paren.group(0) in _compact(seg.doc.title)
    return False


# ---------------------------------------------------------------------------------------------
# Relations


def _masked(text: str, mentions: list[Mention], base: int) -> str:
    """``text`` with every mention blanked, so keywords and punctuation inside titles
    (关于印发…的通知, commas in long titles) are not read as the citing sentence's own."""
    pieces: list[str] = []
    pos = 0  # (the spans blanked by slices, not character by character)
    for a, b in sorted((m.start - base, m.end - base) for m in mentions):
        a = max(a, pos)
        if b > a:
            pieces += [text[pos:a], _NOT_LINE_BREAK_RE.sub("□", text[a:b])]
            pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


_NOT_LINE_BREAK_RE = re.compile("[^\n]")


#: How far a clause or a sentence is looked for around a mention (Issue 18: every match scans a
#: bounded window, so a file without line breaks stays linear).
WINDOW = 240


def _bounds(
    masked: str, start: int, end: int, stops: frozenset[str], window: int = WINDOW
) -> tuple[int, int]:
    """The clause (or sentence) around [start, end): up to the nearest stop, at most ``window``
    characters either side."""
    lo, hi = max(0, start - window), min(len(masked), end + window)
    if len(stops) == 1:  # (one stop, a line break: found by str.rfind / str.find)
        (stop,) = stops
        a, b = masked.rfind(stop, lo, start), masked.find(stop, end, hi)
        return (lo if a < 0 else a + 1), (hi if b < 0 else b)
    a = start
    while a > lo and masked[a - 1] not in stops:
        a -= 1
    b = end
    while b < hi and masked[b] not in stops:
        b += 1
    return a, b


def _relation(
    masked: str, start: int, end: int, list_relation: ReferenceRelation | None
) -> tuple[ReferenceRelation, int, int]:
    """The relation of the mention at [start, end) of ``masked``, and the evidence span.

    Genre rules, in order:

    * a keyword before it in its clause, nearest first (根据/依据/按照 → based_on, 废止 → repeals,
      修改 → amends);
    * a keyword after it in its clause (《X》同时废止, 对《X》作如下修改);
    * an implementing verb (贯彻/落实) is a basis with 精神 after the title (贯彻《X》精神), in
      "在认真落实《X》的基础上", or in a purpose clause opening the sentence
      (为深入贯彻…，落实《X》要求，…); elsewhere (a task: "全面落实《X》要求") it only cites;
    * issuing: the verb just before the title (关于印发《X》的通知, 现印发《X》), or after it in its
      sentence when nothing but a joining word stands between the title and the rest
      (《X》已经市政府同意，现印发给你们; 现将《A》《B》印发给你们) — "现将《X》责任分解印发"
      prints a breakdown of X, which it cites;
    * the relation of the list the mention is an item of (a 依据 column or heading);
    * cites.
    """
    c0, c1 = _bounds(masked, start, end, CLAUSE_END)
    pre = None
    for m in pre_keyword_re().finditer(masked, c0, start):
        if not _states(masked, m, c0):  # "已被修改的《X》": X was amended by another act
            pre = m
    # An edition note after the title ("《X》（2019年修订）印发给你们") names X's edition: its 修订
    # is no amendment, and what follows the note is what follows the title.
    note = _EDITION_NOTE_RE.match(masked, end)
    if note is not None:
        end = note.end()
    post = post_keyword_re().search(masked, end, c1)
    if _states(masked, post, end):  # "原《X》已废止": X was repealed by another act
        post = None
    if pre is not None and pre.lastgroup != "implement":
        return pre.lastgroup, c0, c1  # type: ignore[return-value]
    if post is not None and post.lastgroup in ("repeals", "amends"):
        return post.lastgroup, c0, c1  # type: ignore[return-value]
    s0, s1 = _bounds(masked, start, end, SENTENCE_END)
    if pre is not None and (
        (post is not None and post.lastgroup in ("spirit", "basis_tail")) or PURPOSE_RE.match(masked, s0)
    ):
        return "based_on", c0, c1  # 贯彻落实《X》精神, 在落实《X》的基础上, 为落实《X》…
    if _issue_before_re().search(masked, max(c0, start - 8), start):
        return "issues", c0, c1
    issue = issue_re().search(masked, end, s1)
    if (
        issue is not None
        and not _other_clause_mention(masked[end : issue.start()])
        and _issue_joint_re().match(masked, end)
    ):
        return "issues", c0, s1
    if _issued_by_next_sentence(masked, s1):
        return "issues", c0, s1
    if list_relation is not None:
        return list_relation, c0, c1
    return "cites", c0, c1


# The documents of a list named again at the next sentence's start: "上述方案", "五个专项行动方案",
# "以上3个文件" (a word of issue_anaphor, or a count, then a document type within a few words).
_COUNT_RE = r"[一二三四五六七八九十两\d]{1,3}\s*(?:个|项|件|份)"


@cache
def _issue_anaphor_re() -> re.Pattern[str]:
    anaphor = _reference_words("issue_anaphor")
    kinds = alternation(words("documents", "type"))
    return re.compile(
        rf"\s*(?:(?:{anaphor})\s*(?:{_COUNT_RE})?|{_COUNT_RE})[\u4e00-\u9fff]{{0,10}}?(?:{kinds})(?=[^\u4e00-\u9fff]|已|经|现|均)"
    )


def _issued_by_next_sentence(masked: str, s1: int) -> bool:
    """Does the sentence after the one ending at ``s1`` name the titles of that sentence again
    and issue them ("…分别牵头制定了《A》《B》。" / "上述方案已经县政府同意，现印发给你们")?"""
    if s1 >= len(masked):
        return False
    start = s1 + 1
    m = _issue_anaphor_re().match(masked, start)
    if m is None:
        return False
    _, stop = _bounds(masked, m.end(), m.end(), SENTENCE_END)
    return issue_re().search(masked, m.end(), stop) is not None


def _other_clause_mention(between: str) -> bool:
    """Is there another mention, in a later clause, between a mention and an issuing verb?

    "为落实《A》，现将《B》印发给你们" issues B, not A; "《A》、《B》已经…同意，现印发给你们"
    issues both (the list is joined with 、).
    """
    other = between.find("□")
    return other >= 0 and any(c in CLAUSE_END for c in between[:other])


def _list_spans(masked: str, base: int) -> list[tuple[int, int, ReferenceRelation]]:
    """Clean spans whose mentions inherit a relation from the line that introduces them.

    Two genre forms: a 制定依据 heading over a list of sources (until the next heading of the
    same or a higher level), and a line ending in a colon whose last clause carries a keyword
    ("决定废止以下文件：") over the list items that follow it.
    """
    spans: list[tuple[int, int, ReferenceRelation]] = []
    heading: tuple[int, int] | None = None  # (start, level) of an open 制定依据 heading
    intro: tuple[int, ReferenceRelation] | None = None  # (start, relation) of an open list
    pos = 0
    for line in masked.split("\n"):
        here = base + pos
        m = HEADING_RE.match(line)
        level = (0 if m.group("l0") else 1 if m.group("l1") else 2) if m else None
        if heading is not None and level is not None and level <= heading[1]:
            spans.append((heading[0], here, "based_on"))
            heading = None
        if intro is not None and not LIST_ITEM_RE.match(line):
            spans.append((intro[0], here, intro[1]))
            intro = None
        if level is not None and heading is None and len(line) <= 40 and BASIS_HEADING_RE.search(line):
            heading = (here + len(line), level)
        elif intro is None and LIST_INTRO_RE.search(line):
            clause = re.split(r"[，,；;。]", line)[-1]
            keyword = None
            for k in pre_keyword_re().finditer(clause):
                keyword = k.lastgroup
            post = post_keyword_re().search(clause)
            if keyword in (None, "implement") and post is not None and post.lastgroup != "spirit":
                keyword = post.lastgroup
            if keyword in ("repeals", "amends", "based_on"):
                intro = (here + len(line), keyword)  # type: ignore[assignment]
        pos += len(line) + 1
    end = base + len(masked)
    if heading is not None:
        spans.append((heading[0], end, "based_on"))
    if intro is not None:
        spans.append((intro[0], end, intro[1]))
    return sorted(spans)


# The title of a table of the documents a decision repeals: "附件1：X决定废止的规范性文件目录（28件）",
# "废止文件清单" (not "继续有效的…目录", nor "不予废止…").
_REPEAL_TABLE_TITLE_RE = re.compile(
    r"^(?:附件\s*\d{0,2}\s*[：:]?\s*)?[^。；;，,：:]{0,40}(?<![不未])废止[^。；;，,：:]{0,20}"
    r"(?:目录|清单|一览表)\s*(?:[（(][^（）()]{0,12}[)）])?\s*$"
)
# What ends such a table: another attachment, a heading, another list of documents.
_TABLE_END_RE = re.compile(
    r"^\s*(?:附件|[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+[章条])|(?:目录|清单)\s*$"
)


def _repeal_table_rows(masked: str, mentions: list[Mention], base: int) -> set[int]:
    """Clean starts of the mentions that are the repealed documents of a repeal table: on each
    row after the table's title, the first mention, when it carries a document number (the
    row's 文件名称/文号 cells).  Later mentions of a row are its explanation column ("原《X》已废止",
    "《Y》正式实施"), typed as anywhere else."""
    rows: set[int] = set()
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    inside = False
    pos = 0
    for line in masked.split("\n"):
        here = base + pos
        pos += len(line) + 1
        bare = line.strip()
        if _REPEAL_TABLE_TITLE_RE.match(bare):
            inside = True
            continue
        if inside and _TABLE_END_RE.search(bare):
            inside = False
        if not inside or "□" not in line:
            continue
        k = bisect.bisect_left(starts, here)
        if k < len(by_start) and by_start[k].start < here + len(line) and by_start[k].number is not None:
            rows.add(by_start[k].start)
    return rows


# ---------------------------------------------------------------------------------------------
# Per segment


_LINE_BREAK_RE = re.compile("\n")


def _segment_references(gz: Gazette, seg: Segment, docs: list[DocumentRecord]) -> Iterator[Reference]:
    text = gz.text[seg.start : seg.end]
    mentions = _mentions(text, seg.start)
    if not mentions:
        return
    masked = _masked(text, mentions, seg.start)
    lists = _list_spans(masked, seg.start)
    repealed_rows = _repeal_table_rows(masked, mentions, seg.start)
    found: list[tuple[Reference, int]] = []  # (reference, its paragraph's index in the segment)
    breaks = [m.start() for m in _LINE_BREAK_RE.finditer(text)]
    for mention in mentions:
        rel_start = mention.start - seg.start
        rel_end = mention.end - seg.start
        label = seg.label
        p0, p1 = _bounds(text, rel_start, rel_end, frozenset("\n"))
        if label is None:
            continue  # cover, contents, 发文目录, statistics: no citing document
        if mention.number is None:
            assert mention.title is not None
            why = _skip_title(mention.title)
            if (
                why is None
                and INTERPRETATION_TITLE_RE.search(text, max(0, rel_start - 4), rel_start)
                and INTERPRETATION_TAIL_RE.match(text, rel_end)
            ):
                why = "interpretation title"
            if why is None and ALIAS_RE.search(text, max(0, rel_start - 6), rel_start):
                why = "short name"
            if why == "not a document" and (
                _is_self(mention, seg)
                or _relation(masked, rel_start, rel_end, None)[0] == "issues"
            ):
                # Quirk: what a notice prints is a document whatever its title ends with
                # ("现将《2020年重点工作责任分解》印发给你们").
                why = None
            if why is not None:
                log.debug("%s: skip 《%s》 (%s)", gz.name, mention.title, why)
                continue
        if TOC_LINE_RE.search(text, p0, p1):
            continue
        if mention.title and seg.doc is not None and _compact(mention.title) == _compact(seg.doc.title):
            continue  # the document's own title ("《X》" as its heading, "日前印发《X》。全文如下")
        in_title = gz.line_of(mention.start) in seg.title_lines or gz.raw_offset(mention.start) < seg.zone_end
        list_relation = next((r for a, b, r in lists if a <= mention.start < b), None)
        relation, e0, e1 = _relation(masked, rel_start, rel_end, list_relation)
        if mention.start in repealed_rows:
            relation = "repeals"  # a row of a table of repealed documents
        if in_title and relation != "issues":
            # A lone notice's title stays in its text: "关于印发《X》的通知" issues X, but the
            # document a title repeals or amends is named again (and typed) in the body.
            continue
        if relation in ("cites", "based_on") and _is_self(mention, seg):
            # (a document never repeals or amends itself: "现将修订后的《X》印发给你们…原印发的《X》
            # 同时废止" repeals the older X of the same title)
            continue
        if mention.printed is not None:
            to_doc, to_id = mention.printed, None
        elif mention.number is not None:
            to_doc = mention.number
            to_id = _corpus_id(mention.number, docs)
        else:
            to_doc = f"《{mention.title}》"
            to_id = _corpus_id_by_title(mention.title or "", docs)
        prov = gz.provenance(mention.start, mention.end, EXTRACTOR)
        evidence = _SPACE_RE.sub("", text[e0:e1])[:300]
        ref = Reference(
            from_doc=label,
            to_doc=to_doc,
            to_title=f"《{mention.title}》" if mention.title else None,
            to_id=to_id,
            relation=relation,
            prov=dataclasses.replace(prov, evidence=evidence or prov.evidence),
        )
        found.append((ref, bisect.bisect_left(breaks, rel_start)))
    yield from _without_restatements(found)


def _without_restatements(found: list[tuple[Reference, int]]) -> Iterator[Reference]:
    """A document named again in the paragraph that states how the citing document relates to
    it is the same reference, not a citation of its own: "根据…通过的《政府工作报告》，…现就《政府
    工作报告》明确的重点工作提出分工意见" builds on the report once.  (Named again in another
    paragraph — a task that applies it — it is cited there.)"""
    typed = {(r.from_doc, r.to_doc, p) for r, p in found if r.relation != "cites"}
    for ref, para in found:
        if ref.relation == "cites" and (ref.from_doc, ref.to_doc, para) in typed:
            continue
        yield ref


# ---------------------------------------------------------------------------------------------
# Links to documents of the corpus


def _corpus_id(number: str, docs: list[DocumentRecord]) -> str:
    """The identifier of a cited number; the corpus document's doc_id when the number is printed
    with its issuer in front (温州市人民政府通告〔2022〕2号 for the document 通告〔2022〕2号)."""
    for d in docs:
        if d.doc_id and (number == d.doc_id or (d.issuer and number == d.issuer + d.doc_id)):
            return d.doc_id
    return number


def _corpus_id_by_title(title: str, docs: list[DocumentRecord]) -> str | None:
    """The doc_id of a corpus document named by its title, with or without its issuer in front."""
    compact = _compact(title)
    for d in docs:
        if not d.doc_id or not d.title:
            continue
        full = _compact(d.title)
        if compact == full or (d.issuer and full == _compact(d.issuer) + compact):
            return d.doc_id
    return None
