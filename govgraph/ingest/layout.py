"""Ingestion: a gazette file → clean text with an exact map back to the original, split into sections.

What the printed gazette does to its text, and what this module undoes:

* Page furniture lands anywhere, mid-sentence included: page numbers (``·    7    ·``),
  running heads (``温州市人民政府公报（总第258期） 文件发布``, ``2024年第2 期文件发布``),
  column labels (a lone ``政务简讯`` inside a paragraph).
* A two-column PDF breaks every line at the column width and a page break can split a
  word or a name (``（责`` / ``任单位``, ``市贸促`` / ``会``); plain conversions break
  paragraphs at page ends.  :func:`_join_decision` decides for each line break whether it
  is a layout break (joined away) or a paragraph break (kept as ``\\n``).
* The document-number block (standard id, 文号, issuer, title) may be printed after the
  body and even inside another paragraph; it is cut out of the flow text and attached to
  its document.  So is a section heading printed inside a running sentence (a chronicle's
  heading at the top of its second page); the section still starts where its content does.
* Besides documents, an issue holds sections recognised by their headings (人事任免, 政务简讯,
  政府记事, 发文目录, 统计资料, 政策解读), the cover (also when printed at the end) and feature
  articles (a headline and prose among captions, after the statistics or the 发文目录).

Genre word lists (column labels, document types, issuer suffixes) are data under
``data/vocab/`` (see :mod:`govgraph.vocab`).

The clean text keeps the original characters (no width folding: matching code folds
widths itself through :func:`fold`), and ``Gazette.raw_offset`` maps every clean
character back to the decoded original, hence to (file, line, column).
"""

from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar, overload

from govgraph.docnum import (
    DECREE_RE,
    DOC_NUMBER_RE,
    STANDARD_ID_RE,
    normalize_doc_number,
    normalize_standard_id,
)
from govgraph.ingest.decode import MAX_BYTES, PageMap, read_source
from govgraph.records import IssueMeta, Provenance, SectionKind
from govgraph.text import (
    display_width,
    is_traditional,
    printed_forms,
    simplified,
    without_ruby,
    without_spaces,
)
from govgraph.vocab import alternation, kinds_of, words

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Line classification

_PAGE_NUMBER_RE = re.compile(r"^\s*(?:[·•\-—－–]\s*\d{1,3}\s*[·•\-—－–]|第\s*\d{1,3}\s*页)\s*$")
# Column labels (data/vocab/sections.tsv): in running heads, and alone at a column's top.
# Vocabulary regexes are built on first use (no file is read at import time).


@cache
def _running_head_re() -> re.Pattern[str]:
    return re.compile(
        r"^\s*(?:\S{2,16}人民政府公报\s*[（(]\s*总第\s*\d+\s*期\s*[)）]|\d{4}\s*年\s*第\s*\d+\s*期)"
        rf"\s*(?:{alternation(words('sections', 'column', 'head'))})?\s*$"
    )


@cache
def _lone_label_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*#*\s*(?:{alternation(words('sections', 'column'), spaced=True)})\s*$")


_TOC_LINE_RE = re.compile(r"[…\.·]{4,}\s*[（(]?\s*\d{1,3}\s*[)）]?\s*$")
_STRUCTURE_RE = re.compile(
    r"^\s*#*\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[)）]|"
    r"第[一二三四五六七八九十百]+[章条节]|附件)"
)
# A leader's entry in a division-of-work notice opens with "张文杰（市长）  …".
_LEADER_ENTRY_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,4}[（(][^）)]{1,12}[)）]\s+\S")
# Items of a list: markdown bullets, and listing lines "温政办〔2022〕74号  温州市…的通知".
_LIST_ITEM_RE = re.compile(rf"^(?:[-*•]\s|(?:{DOC_NUMBER_RE.pattern})[\s\u3000]+\S)")


@cache
def _field_line_re() -> re.Pattern[str]:
    """A line opening with a task field's label and its colon ("牵头单位：", "完成时限："): the
    fields of a task printed one a line (clauses.tsv: clause labels and table column names)."""
    labels = [w for w, k in kinds_of("clauses").items() if not k.endswith(("_verb", "verb_tail"))]
    return re.compile(rf"^\s*(?:{alternation(labels, spaced=True)})\s*[:：]")


_TERMINAL = set("。！？；;!?")
_CONTINUING = set("、，,（(〈《“‘—-：:")
# An addressee line lists bodies and ends with one: "各县（市、区）人民政府，市政府直属各单位：".
_ADDRESSEE_RE = re.compile(
    r"^\s*[^。：:]{0,80}?(?:政府|办事处|管委会|各单位|有关单位|直属单位|各部门|有关部门)\s*[：:]\s*$"
)

def _is_addressee(text: str) -> bool:
    # (the colon at the end first: most lines have none)
    return text.rstrip().endswith(("：", ":")) and _ADDRESSEE_RE.match(text) is not None


def _has_dot_leader(text: str) -> bool:
    return "…" in text or "." in text or "·" in text  # (what a contents line's leader is made of)


_DATE_LINE_RE = re.compile(r"^\s*(\d{4}|[〇一二三四五六七八九零○]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_DOC_NUMBER_LINE_RE = re.compile(rf"^\s*[（(]?\s*(?:{DOC_NUMBER_RE.pattern})\s*[)）]?\s*$")
# Document types and issuer suffixes (data/vocab/documents.tsv).


@cache
def _doc_type_end_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(words('documents', 'type'))})\s*$")


@cache
def _issuer_line_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*\S{{2,30}}(?:{alternation(words('documents', 'issuer_suffix'))})\s*$")


def _is_page_start(text: str) -> bool:
    """PDF text conversion marks the first line of a page with one leading space."""
    return text.startswith(" ") and not text.startswith("  ")


# Characters that are surely full width (CJK, CJK punctuation, full-width forms): only the
# others are looked up, which keeps the width of a Chinese line cheap.


class RawOffsets(Sequence[int]):
    """The raw offset of each character of the clean text, kept as runs: a line's body is
    consecutive in the raw text, so a run (its clean start, its raw start) stands for all its
    characters (built in a tenth of the time of one integer a character, and a fraction of
    the memory)."""

    __slots__ = ("_clean", "_len", "_raw")

    def __init__(self) -> None:
        self._clean = array("q")  # clean offset where each run starts
        self._raw = array("q")  # raw offset where each run starts
        self._len = 0

    def add(self, raw_start: int, length: int) -> None:
        """The next ``length`` clean characters are raw characters ``raw_start`` onwards."""
        if length > 0:
            self._clean.append(self._len)
            self._raw.append(raw_start)
            self._len += length

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("clean offset out of range")
        k = bisect.bisect_right(self._clean, index) - 1
        return self._raw[k] + index - self._clean[k]


@dataclass(slots=True)
class RawLine:
    number: int  # 1-based
    start: int  # offset of the first character in the raw text
    text: str  # without the line terminator
    kind: str = "text"  # text | blank | furniture | header | label
    #: ``text`` stripped (every pass over the lines reads it: stripped once)
    content: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.content = self.text.strip()


@dataclass(slots=True)
class DocumentHeader:
    """The 文号/title block of a document, wherever the layout printed it."""

    doc_number: str | None  # as printed, spaces removed
    doc_id: str | None
    standard_id: str | None
    issuer: str | None
    title: str
    #: 1-based raw line the document is anchored at: a gazette block's 文号 (its title when it has
    #: none); a lone notice's first header line, title or 文号, whichever is printed first.
    number_line: int
    lines: list[int]  # every raw line of the block
    start: int  # raw offset span of the block
    end: int
    #: "title_first" (title, 文号, body), "trailing" (body, 文号, issuer, title), "lone" or
    #: "adopted" (a title with its adoption note inside a lone text's paragraph)
    layout: str
    #: Raw offset where a lone notice's header zone (title, 文号, page title) ends: its salutation.
    zone_end: int = -1
    #: A date printed on the 文号's line ("川府发〔2011〕8号 二○一一年三月十七日"): the signing date.
    date: str | None = None


@dataclass(slots=True)
class Section:
    kind: SectionKind
    title: str
    start: int  # clean-text offsets
    end: int
    header: DocumentHeader | None = None
    line: int = 0  # raw line where the section starts (heading line)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    text: str


@dataclass
class Gazette:
    """One decoded gazette issue: original text, clean flow text, offset map, sections."""

    path: Path
    raw: str
    encoding: str
    text: str = ""
    offsets: RawOffsets = field(default_factory=RawOffsets)
    line_starts: list[int] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    headers: list[DocumentHeader] = field(default_factory=list)
    issue: IssueMeta | None = None
    warnings: list[str] = field(default_factory=list)
    toc_titles: list[str] = field(default_factory=list)
    issuance_list: list[str] = field(default_factory=list)
    #: Lines of titles printed inside the flow and cut out of it (floating section headings).
    floating_title_lines: list[int] = field(default_factory=list)
    #: False for one notice from a web page or a file (see :func:`_is_gazette`).
    is_gazette: bool = True
    #: Metadata fields of the page around a lone document (发文字号, 发布机构 …).
    page_fields: list[PageField] = field(default_factory=list)
    #: Printed pages and lines of a paged source (PDF): see :meth:`page_location`.
    pages: PageMap | None = None
    #: Every line is a whole paragraph (a web page, a Word file, a PDF read by position): two
    #: lines are joined only across a block cut out of the flow between them.
    whole_paragraphs: bool = False
    _interpretation_titles: dict = field(default_factory=dict, repr=False)
    #: The gazette's identity in a corpus (its path below the input folder); default the file name.
    source: str | None = None
    #: A text printed in traditional characters is read in simplified ones (``raw`` and ``text``
    #: hold the simplified reading, character for character); this maps the reading back to the
    #: printed forms for the records (see :meth:`as_printed`).  None for a simplified text.
    printed_table: dict[int, int] | None = None
    #: A text read without the pinyin a repost printed after its characters: the file offset of
    #: each offset of ``raw`` (see :meth:`file_offset`).  None when ``raw`` is the file's text.
    file_offsets: list[int] | None = None

    def file_offset(self, raw_offset: int) -> int:
        """The offset in the file of offset ``raw_offset`` of the text as read."""
        table = self.file_offsets
        return raw_offset if table is None else table[min(max(raw_offset, 0), len(table) - 1)]

    def as_printed(self, value: _T) -> _T:
        """``value`` (a string, a record, an Extraction, tuples and lists of them) with its text
        in the forms the source printed (a traditional-character repost keeps 省發展改革委)."""
        table = self.printed_table
        return value if not table else _translated(value, table)

    @property
    def name(self) -> str:
        return self.source or self.path.name

    # -- provenance -----------------------------------------------------------------------
    def raw_offset(self, clean_index: int) -> int:
        if not self.offsets:
            return 0
        clean_index = min(max(clean_index, 0), len(self.offsets) - 1)
        return self.offsets[clean_index]

    def line_of_raw(self, raw_offset: int) -> int:
        return bisect.bisect_right(self.line_starts, raw_offset)

    def line_of(self, clean_index: int) -> int:
        """1-based line of the original file holding the clean character ``clean_index``."""
        return self.line_of_raw(self.raw_offset(clean_index))

    def position(self, clean_index: int) -> tuple[str, int, int]:
        """(file, line, column) in the original file; column is 1-based."""
        raw = self.raw_offset(clean_index)
        line = self.line_of_raw(raw)
        return self.name, line, raw - self.line_starts[line - 1] + 1

    def page_location(self, raw_offset: int) -> dict[str, int]:
        """``page``/``page_line`` of :class:`Provenance` for a raw offset (a paged source only)."""
        where = self.pages.locate(raw_offset) if self.pages is not None else None
        return {} if where is None else {"page": where[0], "page_line": where[1]}

    def provenance(self, start: int, end: int, extractor: str, *, line_at: int | None = None) -> Provenance:
        """Provenance for the clean span [start, end); ``line_at`` picks the line's character."""
        end = max(end, start + 1)
        raw_start = self.raw_offset(start)
        raw_end = self.raw_offset(end - 1) + 1
        line = self.line_of(start if line_at is None else line_at)
        return Provenance(
            source=self.name,
            line=line,
            start=self.file_offset(raw_start),
            end=self.file_offset(raw_end),
            evidence=self.text[start:end].strip(),
            extractor=extractor,
            **self.page_location(self.file_offset(raw_start)),
        )

    # -- navigation -----------------------------------------------------------------------
    def section_text(self, section: Section) -> str:
        return self.text[section.start : section.end]

    def paragraphs(self, start: int = 0, end: int | None = None) -> Iterator[Paragraph]:
        end = len(self.text) if end is None else end
        pos = start
        while pos < end:
            nl = self.text.find("\n", pos, end)
            stop = end if nl < 0 else nl
            if stop > pos:
                yield Paragraph(pos, stop, self.text[pos:stop])
            pos = stop + 1

    def documents(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "document"]

    def section_at(self, clean_index: int) -> Section | None:
        for s in self.sections:
            if s.start <= clean_index < s.end:
                return s
        return None


# ---------------------------------------------------------------------------------------------
# Loading


_T = TypeVar("_T")
#: Record fields that name a file or a program, never printed text; and the place cues, which
#: the resolver reads against the gazetteer in simplified characters (全區 would name no level).
_NOT_PRINTED = frozenset({"source", "extractor", "path", "place_cues"})


def _translated(value: Any, table: dict[int, int]) -> Any:
    if isinstance(value, str):
        return value.translate(table)
    if isinstance(value, tuple):
        return tuple(_translated(v, table) for v in value)
    if isinstance(value, list):
        return [_translated(v, table) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _translated(getattr(value, f.name), table)
            for f in dataclasses.fields(value)
            if f.init and f.name not in _NOT_PRINTED
        }
        return dataclasses.replace(value, **changes)
    return value


def load_gazette(path: str | Path, max_bytes: int = MAX_BYTES, source: str | None = None) -> Gazette:
    """Read (any format: text, PDF, web page, Word), decode, clean and split one gazette file.
    ``source``: its identity (default: the file name; the build passes the path below the input
    folder)."""
    path = Path(path)
    read = read_source(path, max_bytes=max_bytes)
    gz = parse_gazette(read.text, path, read.encoding, whole_paragraphs=read.whole_paragraphs, source=source)
    gz.pages = read.pages
    gz.warnings[:0] = read.warnings
    return gz


def parse_gazette(
    raw: str,
    path: str | Path = "<text>",
    encoding: str = "utf-8",
    *,
    whole_paragraphs: bool = False,
    source: str | None = None,
) -> Gazette:
    """Clean and split already-decoded gazette text (used by tests on small snippets).

    ``whole_paragraphs``: each line is a whole paragraph (see :attr:`Gazette.whole_paragraphs`).
    """
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    # A repost printing pinyin after its characters ("印發(fā)") is read without it; records
    # keep offsets into the file (Gazette.file_offset).
    raw, file_offsets = without_ruby(raw)
    printed_table = None
    if is_traditional(raw):
        # A repost converted to traditional characters (責任單位, 關於印發): read in simplified
        # characters, one for one, so every rule and the registry apply; records are given back
        # in the printed forms (Gazette.as_printed).
        read = simplified(raw)
        printed_table = printed_forms(raw, read)
        raw = read
    gz = Gazette(
        path=Path(path), raw=raw, encoding=encoding, whole_paragraphs=whole_paragraphs, source=source
    )
    gz.printed_table = printed_table
    gz.file_offsets = file_offsets
    lines = _split_lines(raw)
    gz.line_starts = [ln.start for ln in lines]
    _classify(lines)
    fields = _mark_page_furniture(lines)
    gz.headers = _find_headers(lines)
    gz.is_gazette = _is_gazette(raw, lines, gz.headers)
    if not gz.is_gazette:
        # Not a gazette: one notice saved from a web page or a file, read with its header as
        # one document (its 文号 line, if the gazette reader took one, goes back into the flow).
        for ln in lines:
            if ln.kind == "header":
                ln.kind = "text"
        lone = _lone_header(lines, fields)
        headers = [lone, *_following_documents(lines, lone)] if lone is not None else []
        gz.headers = sorted([*headers, *_adopted_documents(lines, headers)], key=lambda h: h.start)
        gz.page_fields = fields
    _build_flow(gz, lines)
    gz.issue = _issue_meta(gz, lines)
    _split_sections(gz, lines)
    _cross_check(gz, lines)
    return gz


def _split_lines(raw: str) -> list[RawLine]:
    out = []
    pos = 0
    for i, text in enumerate(raw.split("\n"), start=1):
        out.append(RawLine(i, pos, text))
        pos += len(text) + 1
    return out


def _classify(lines: list[RawLine]) -> None:
    for ln in lines:
        c = ln.content
        if not c:
            ln.kind = "blank"
        elif _PAGE_NUMBER_RE.match(c) or ("期" in c and _running_head_re().match(c)):  # (总第N期)
            ln.kind = "furniture"
        elif _lone_label_re().match(c):
            ln.kind = "label"


# ---------------------------------------------------------------------------------------------
# Page furniture of a web page, a law database or a Word file (data/vocab/page.tsv)


@dataclass(frozen=True, slots=True)
class PageField:
    """A metadata field of the page around a document: ``发文字号：郧政发〔2023〕5号``."""

    kind: str  # field | number | issuer | title (page.tsv)
    label: str
    value: str
    line: int  # 0-based index of the line holding the value


@cache
def _page_words() -> dict[str, str]:
    return kinds_of("page")


def _page_labels(*kinds: str) -> list[str]:
    return [w for w, k in _page_words().items() if k in kinds]


_FIELD_KINDS = ("field", "gov_field", "number", "issuer", "title")


@cache
def _field_re() -> re.Pattern[str]:
    """A field label with its colon ("索 引 号:", letter-spaced) or in lenticular brackets."""
    labels = _page_labels(*_FIELD_KINDS)
    return re.compile(
        rf"【\s*(?P<blabel>{alternation(labels)})\s*】|(?P<label>{alternation(labels, spaced=True)})\s*[:：]"
    )


@cache
def _field_labels() -> frozenset[str]:
    return frozenset(_page_labels(*_FIELD_KINDS))


def _is_label_only(text: str) -> bool:
    """A field label alone on its line, letter-spaced or not ("索 引 号")."""
    return without_spaces(text) in _field_labels()


@cache
def _chrome_words() -> frozenset[str]:
    return frozenset(_page_labels("chrome"))


@cache
def _crumb_re() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{alternation(_page_labels('crumb'))})\s*[:：]?")


@cache
def _credit_re() -> re.Pattern[str]:
    return re.compile(alternation(_page_labels("credit")))


@cache
def _credit_field_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(_page_labels('credit_field'))})\s*[:：]")


_CHROME_TOKEN_RE = re.compile(r"[^\s|/｜\-•·>»＞【】\[\]]+")  # a word between separators
_CRUMB_SEP_RE = re.compile(r"\s[>»＞]\s|»|＞")


def _field_values(text: str) -> list[tuple[str, str]] | None:
    """``[(label, value)]`` when ``text`` is a line of page metadata fields, else None.

    Quirk: the fields share a line ("索 引 号: 0000/2020-105482 发布日期: 2020-06-28"), their
    labels are letter-spaced, a field may be empty ("文 号: 文件分类: 综合政务") and a tool
    word may trail the line ("字体大小:【 】 打印").
    """
    t = text.strip().lstrip("•·*-–—").strip()  # a list of fields may be bulleted ("  • 索引号:")
    t = t.lstrip("【[").strip() if t.startswith(("【字", "[字")) else t
    m = _field_re().match(t)
    if m is None:
        return _spaced_field_values(t)
    found = list(_field_re().finditer(t))
    out = []
    for k, f in enumerate(found):
        label = re.sub(r"\s+", "", f.group("blabel") or f.group("label"))
        end = found[k + 1].start() if k + 1 < len(found) else len(t)
        out.append((label, _field_value(t[f.end() : end])))
    return out


def _field_value(text: str) -> str:
    """A field's value without the bars of a metadata table printed as rows: its cell, up to
    the next bar ("文 号: | X | 是否有效: | |" gives X)."""
    return re.split(r"\s*[|｜]\s*", text.strip(" \t\u3000|｜"), maxsplit=1)[0]


@cache
def _spaced_field_re() -> re.Pattern[str]:
    labels = _page_labels(*_FIELD_KINDS)
    return re.compile(rf"(?:^|(?<=\s))(?P<label>{alternation(labels, spaced=True)})(?=\s|$)")


def _spaced_field_values(t: str) -> list[tuple[str, str]] | None:
    """A disclosure table's row flattened without colons: "发布机构 区人民政府办公室 文    号
    蔡政办〔2023〕1号" — a line opening with a field label, holding two or more, each followed by
    a space and its value."""
    if not _spaced_field_re().match(t):
        return None  # (every reading below needs a label at the start: most lines have none)
    found = list(_spaced_field_re().finditer(t))
    if len(found) == 1 and found[0].start() == 0:
        # One field alone on its row ("标题 X关于…的通知", "文号 甲府办函〔2022〕56号"): a field only
        # when its value is what the label announces (a document's title, a 文号).
        label = re.sub(r"\s+", "", found[0].group("label"))
        value = _field_value(t[found[0].end() :])
        kind = _page_words().get(label)
        if (kind == "title" and title_of_line(value) is not None) or (
            kind == "number" and _DOC_NUMBER_LINE_RE.match(value)
        ):
            return [(label, value)]
        return None
    if len(found) < 2 or found[0].start() != 0:
        return None
    out = []
    for k, f in enumerate(found):
        end = found[k + 1].start() if k + 1 < len(found) else len(t)
        out.append((re.sub(r"\s+", "", f.group("label")), _field_value(t[f.end() : end])))
    return out


def _is_chrome(text: str) -> bool:
    """A line of navigation or tool words only ("- 设为首页", "打印 | 关闭", "【字体：大 中 小】")."""
    words = _chrome_words()
    first = _CHROME_TOKEN_RE.search(text)  # (most lines fail on their first word)
    return first is not None and first.group() in words and all(
        tok in words for tok in _CHROME_TOKEN_RE.findall(text, first.end())
    )


def _is_crumb(text: str) -> bool:
    """A breadcrumb: "您现在的位置：首页 > 政策前沿", or a short line of ``>``-separated parts."""
    if _crumb_re().match(text):
        return True
    return (
        len(text) <= 80
        and ("＞" in text or "»" in text or ">" in text)  # (what every separator holds)
        and len(_CRUMB_SEP_RE.findall(text)) >= 2
        and not re.search(r"[<〈。，,]", text)
    )


def _is_credit(text: str) -> bool:
    """Site credits: "主办单位：…  承办单位：…", "网站标识码…", "版权所有…".  One 主办单位/承办单位
    label alone is not enough: a task clause may print "承办单位：市X局"."""
    if _credit_re().search(text):
        return True
    # (a field ends with its colon)
    return (":" in text or "：" in text) and len(_credit_field_re().findall(text)) >= 2


def _may_hold_value(label: str, text: str) -> bool:
    """Can the line after an empty field be its value?  Not a document's title after any field
    but a title field: "内容概述：" or "摘要：" left empty, then the notice's own title line."""
    return _page_words().get(label) == "title" or title_of_line(text) is None


def _mark_page_furniture(lines: list[RawLine]) -> list[PageField]:
    """Mark page furniture (navigation, breadcrumbs, tool words, site credits, metadata fields)
    and return the metadata fields, which name the document's number, issuer and title."""
    kinds = _page_words()
    fields: list[PageField] = []
    label_only = [i for i, ln in enumerate(lines) if ln.kind == "text" and _is_label_only(ln.content)]
    # A label on a line of its own is a field only inside a table of them: two or more, one of
    # them a disclosure-table field (a table whose header cells are 名称 / 日期 is content).
    distinctive = any(
        kinds.get(re.sub(r"\s+", "", lines[i].content)) in ("gov_field", "number", "issuer")
        for i in label_only
    )
    table = set(label_only) if len(label_only) >= 2 and distinctive else set()
    for i, ln in enumerate(lines):
        if ln.kind != "text":
            continue
        c = ln.content
        if i in table:
            ln.kind = "furniture"
            label = re.sub(r"\s+", "", c)
            j = i + 1
            while j < len(lines) and lines[j].kind == "blank":
                j += 1
            if (
                j < len(lines)
                and j not in table
                and lines[j].kind == "text"
                and len(lines[j].content) <= 80
                and _may_hold_value(label, lines[j].content)
            ):
                lines[j].kind = "furniture"
                fields.append(PageField(kinds.get(label, "field"), label, lines[j].content, j))
            continue
        values = _field_values(c)
        if values is not None:
            ln.kind = "furniture"
            label, value = values[-1]
            j = i + 1
            while j < len(lines) and lines[j].kind == "blank":
                j += 1
            if (
                not value
                and j < len(lines)
                and lines[j].kind == "text"
                and len(lines[j].content) <= 60
                and _field_values(lines[j].content) is None
                and not _is_salutation(lines[j].content)
                and _may_hold_value(label, lines[j].content)
            ):
                # "发文字号:" with its value on the next line.
                lines[j].kind = "furniture"
                values[-1] = (label, lines[j].content)
                fields += [PageField(kinds.get(lb, "field"), lb, v, i) for lb, v in values[:-1]]
                fields.append(PageField(kinds.get(label, "field"), label, lines[j].content, j))
                continue
            fields += [PageField(kinds.get(label, "field"), label, value, i) for label, value in values]
        elif _is_chrome(c) or _is_crumb(c) or _is_credit(c):
            ln.kind = "furniture"
    return fields


# ---------------------------------------------------------------------------------------------
# A lone document (a notice saved from a web page or a Word file)

# Dates as signed: 2023年5月30日, 二〇二三年五月六日, 二○○七年三月二十三日 (○ for 〇).
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_DATE_TEXT_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d|[〇一二三四五六七八九零○ＯO]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)


def _cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    if "十" in text:  # 十, 十二, 二十, 二十三
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 0) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o if (not tens or tens in _CN_DIGITS) and (not ones or ones in _CN_DIGITS) else None
    return None


def parse_date(text: str) -> str | None:
    """ISO date of the first printed date in ``text`` (Arabic or Chinese numerals), else None."""
    m = _DATE_TEXT_RE.search(text)
    if not m:
        return None
    y, mo, d = _cn_number(m.group("y")), _cn_number(m.group("m")), _cn_number(m.group("d"))
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def is_date_line(text: str) -> bool:
    """A line holding only a date (the signing date of a notice)."""
    m = _DATE_TEXT_RE.search(text)
    return m is not None and not text[: m.start()].strip() and not text[m.end() :].strip()


# The salutation of a notice names its addressees and ends with a colon:
# "各县市区人民政府，市政府各部门、各直属事业单位：", "省直各委、办、厅、局：", "有关单位：".
_SALUTATION_RE = re.compile(
    r"^[^。；;!?！？]{0,160}?(?:政府|办事处|管委会|单位|部门|机构|处室|局|委|办|厅|社区|板块|街道|乡镇|企业|学校|院|所|"
    r"中心|公司|组织|团体|银行)\s*(?:[（(][^（）()]{1,8}[)）])?\s*[：:]$"
)


def _is_salutation(text: str) -> bool:
    t = text.strip()
    return bool(_SALUTATION_RE.match(t)) and ("各" in t or "有关" in t or "直属" in t)


_TABLE_HEAD_WORDS = ("序号", "编号")
_LOOSE_NUMBER_LINE_RE = re.compile(
    r"^\s*(?P<code>[\u4e00-\u9fff]{2,12}?)\s*[〔\[［【（(]?\s*(?P<year>(?:19|20)\d\d)\s*年?\s*[〕\]］】）)]?"
    r"\s*第?\s*(?P<serial>\d{1,4})\s*号\s*$"
)
#: The signer printed on the 文号's line of a report or request: "甲政〔2023〕5号  签发人：张某".
_SIGNER_RE = re.compile(r"签\s*发\s*人\s*[：:]\s*[\u4e00-\u9fff·\s]{2,20}")
_ISO_DATE_RE = re.compile(r"(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])")
_TRAILING_NUMBER_RE = re.compile(rf"[（(]\s*(?P<number>{DOC_NUMBER_RE.pattern})\s*[)）]\s*$")
_LEADING_NUMBER_RE = re.compile(rf"^\s*(?P<number>{DOC_NUMBER_RE.pattern})(?:\s+|$|(?=《))")
_TITLE_TAG_RE = re.compile(r"^【[^】]{1,30}】(?=\S)")
_TRAILING_PARENS_RE = re.compile(r"(?:[（(][^（）()]{1,24}[)）])+$")


def title_of_line(text: str) -> str | None:
    """The document title a header line prints, or None.

    Quirks: a site's column tag in front ("【市政府重点工作及责任分解】滁州市…的通知"), the 文号
    glued before it ("津政办规[2023]4号 天津市…的通知") or after it ("…的通知（X政发〔2023〕5号）"),
    the whole title in 《》, letter spacing ("通 知"), a year range after the type word
    ("…实施方案(2019-2020年)").  A title ends with a document type word (documents.tsv) and
    carries no clause punctuation.
    """
    t = re.sub(r"^\s*#+\s*", "", text).strip()
    t = _TITLE_TAG_RE.sub("", t)
    m = _LEADING_NUMBER_RE.match(t)
    if m:
        t = t[m.end() :]
    m = _TRAILING_NUMBER_RE.search(t)
    if m:
        t = t[: m.start()]
        glued = True
    else:
        glued = False
    t = re.sub(r"\s+", "", t)
    if t.startswith("《") and t.endswith("》") and t.count("《") == 1:
        t = t[1:-1]
    if not 5 <= len(t) <= 100 or re.search(r"[。，,；;：:！!？?【】]", t):
        return None
    if DOC_NUMBER_RE.fullmatch(t) or _DATE_TEXT_RE.fullmatch(t):
        return None
    # A heading printed with its own number after it is the document's title whatever it ends with.
    return t if glued and len(t) >= 6 else _typed(t)


def _typed(t: str) -> str | None:
    bare = _TRAILING_PARENS_RE.sub("", t) or t
    return t if _doc_type_end_re().search(bare) else None


def _lone_header(lines: list[RawLine], fields: list[PageField]) -> DocumentHeader | None:
    """The header of a lone document: title, 文号, issuer, wherever the page printed them.

    The header is what precedes the salutation (or, without one, the first numbered heading):
    the 文号 is the last one printed there (an earlier copy belongs to the page's metadata or
    title), failing that the page's 发文字号 field; the title is the first one printed after
    the page's metadata block (a title above it is the page's own heading), failing that the
    first; a title set over lines (issuer line, 关于… line, a letter-spaced "通 知") is joined;
    a title over a table is the table's caption.  The issuer is the title's prefix before 关于,
    the signature above the date, or the page's issuer field, a name with its place first.
    """
    content = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    limit = None
    for k in content[:80]:
        if _is_salutation(lines[k].content):
            limit = k
            break
    saluted = limit is not None
    if limit is None:
        limit = next((k for k in content[:80] if _STRUCTURE_RE.match(lines[k].content)), None)
        if limit is None:
            limit = content[min(len(content), 40) - 1] + 1 if content else 0
    # A title after a signing date is an attachment's ("…印发给你们。/ 2022年10月18日 / X方案").
    signed = next((k for k in content if k < limit and is_date_line(lines[k].content)), limit)
    head = [k for k in content if k < min(limit, signed)]
    loose_id: str | None = None
    # The series line of a decree ("X人民政府令" over "第48号") names no document: the decree's
    # title is the act it promulgates, printed above it.
    decree_series: str | None = None
    # 文号: the last printed before the limit, else a metadata field.
    number_at: int | None = None
    number: str | None = None
    number_date: str | None = None
    for k in head:
        c = lines[k].content
        t = _TRAILING_NUMBER_RE.search(c)
        if t and not re.search(r"[。，,；;：:]", c[: t.start()]):
            # A heading glued to its number: "2021年县政府重点工作任务(华政发〔2021〕2号)".
            number_at, number = k, re.sub(r"\s+", "", t.group("number"))
            continue
        m = _LEADING_NUMBER_RE.match(c)
        rest = c[m.end() :].strip() if m else ""
        if m and (
            not rest
            or title_of_line(c)
            or parse_date(rest)
            or _ISO_DATE_RE.fullmatch(rest)
            or _SIGNER_RE.fullmatch(rest)
        ):
            number_at, number = k, re.sub(r"\s+", "", m.group("number"))
            number_date = parse_date(rest) if is_date_line(rest) else None
    if number is None:
        # Quirk: a header 文号 with a bracket missing ("甲政发〔2023 5号", "甲政发2023年5号").
        for k in head:
            m = _LOOSE_NUMBER_LINE_RE.match(lines[k].content)
            if m:
                number_at, number = k, re.sub(r"\s+", "", lines[k].content)
                loose_id = f"{m.group('code')}〔{m.group('year')}〕{int(m.group('serial'))}号"
    if number is None:
        # A decree's or an announcement's number heads it, often over two lines: "X人民政府令 /
        # 第15号", "X常务委员会公告 / 第8号" (numbered acts carry no year).
        for n, k in enumerate(head):
            joined = re.sub(r"\s+", "", lines[k].content)
            if joined.endswith(("令", "公告")) and n + 1 < len(head):
                joined += re.sub(r"\s+", "", lines[head[n + 1]].content)
            if DECREE_RE.fullmatch(joined):
                number_at, number = k, joined
                decree_series = re.sub(r"\s+", "", lines[k].content)
                break
    if number is None:
        for f in fields:
            if f.kind == "number" and DOC_NUMBER_RE.fullmatch(re.sub(r"\s+", "", f.value)):
                number_at, number = f.line, re.sub(r"\s+", "", f.value)
                break
    # Titles.
    titles: list[tuple[str, list[int]]] = []
    k = 0
    while k < len(head):
        i = head[k]
        parts = [i]
        title = title_of_line(lines[i].content)
        if title is None:
            joined = re.sub(r"\s+", "", lines[i].content)
            nxt = head[k + 1 :]
            if (
                nxt
                and _issuer_line_re().match(lines[i].content)
                and re.sub(r"\s+", "", lines[nxt[0]].content).startswith("关于")
            ):
                parts.append(nxt[0])
                joined += re.sub(r"\s+", "", lines[nxt[0]].content)
                nxt = nxt[1:]
            if "关于" in joined:
                for j in nxt[:2]:
                    title = title_of_line(joined)
                    if title is not None:
                        break
                    piece = re.sub(r"\s+", "", lines[j].content)
                    # (an issued title makes a long second line: "…关于 / 印发《A》和《B》的通知")
                    if len(piece) > 100 or re.search(r"[。，,；;：:]", piece):
                        break
                    parts.append(j)
                    joined += piece
                title = title_of_line(joined)
        if title is not None:
            after = [j for j in content if j > parts[-1]][:1]
            caption = after and (
                lines[after[0]].content.strip(" |").strip() in _TABLE_HEAD_WORDS
                or lines[after[0]].content.rstrip().endswith("|")
                or "\t" in lines[after[0]].text
            )
            if not caption:
                titles.append((title, parts))
            k += len(parts)
        else:
            k += 1
    if decree_series is not None:
        titles = [t for t in titles if t[0] != decree_series]
    meta_end = max((f.line for f in fields if f.line < limit), default=-1)
    after_meta = [t for t in titles if t[1][0] > meta_end] or titles
    # The title printed at the 文号 is the notice's own (a short page heading may come first).
    at_number = (
        []
        if number_at is None or lines[number_at].kind != "text"
        else [t for t in after_meta if _next_to(lines, t[1], number_at)]
    )
    # Of two printed at it (a short page heading above, the formal title below), the one that
    # names its issuer first.
    at_number.sort(key=lambda t: _names_issuer(t[0]) is None)
    chosen = (at_number or after_meta or [None])[0]
    if chosen is None:
        # Quirk: the page prints the title only in its metadata (名称：/ 标题：).
        chosen = next(
            (
                (title, [f.line])
                for f in fields
                if f.kind == "title" and f.line < limit and (title := title_of_line(f.value)) is not None
            ),
            None,
        )
    if chosen is None and number is None:
        return None
    if chosen is not None and number is None and not saluted and _reports_on(lines, content, chosen[0]):
        return None
    title, parts = chosen if chosen is not None else ("", [])
    block = sorted({*parts, *([number_at] if number_at is not None else [])})
    anchor = _header_anchor(lines, parts, number_at)
    issuer = _lone_issuer(lines, title, fields, content, limit)
    standard = next(
        (
            normalize_standard_id(lines[k].content)
            for k in head
            if STANDARD_ID_RE.fullmatch(re.sub(r"\s", "", lines[k].content))
        ),
        None,
    )
    return DocumentHeader(
        doc_number=number,
        doc_id=(normalize_doc_number(number) or loose_id) if number else None,
        standard_id=standard,
        issuer=issuer,
        title=title,
        number_line=lines[anchor].number,
        lines=[lines[j].number for j in block],
        start=lines[block[0]].start,
        end=lines[block[-1]].start + len(lines[block[-1]].text),
        layout="lone",
        # the header zone runs to the salutation; without one, to the end of the title block
        zone_end=lines[limit].start if saluted else lines[block[-1]].start + len(lines[block[-1]].text),
        date=number_date,
    )


_NAMED_TITLE_RE = re.compile(r"《(?P<title>[^《》\n]{6,120})》")


def _reports_on(lines: list[RawLine], content: list[int], heading: str) -> bool:
    """Is the text a report on the document its heading shortens?  A news page heads its item
    "关于春节期间禁止燃放烟花爆竹的通告" and tells that the government issued 《甲县人民政府关于
    春节期间在县城禁止燃放烟花爆竹的通告》: the heading, without an issuer, opens and closes like a
    title the text names with its issuer, so the page is no copy of that document."""
    if not heading.startswith("关于"):
        return False
    head, tail = heading[2:6], heading[-6:]
    for k in content:
        for m in _NAMED_TITLE_RE.finditer(lines[k].content):
            named = re.sub(r"\s+", "", m.group("title"))
            issuer = _names_issuer(named)
            if issuer is None or named == heading:
                continue
            rest = named[len(issuer) :]
            if rest.startswith("关于") and rest[2:6] == head and rest.endswith(tail):
                return True
    return False


def _names_issuer(title: str) -> str | None:
    """The issuer a formal title names before 关于/印发/转发 ("X人民政府办公室关于印发…的通知")."""
    m = re.match(r"^(?P<issuer>.{2,40}?)(?:关于|印发|转发)", title)
    return m.group("issuer") if m and _issuer_line_re().match(m.group("issuer")) else None


def _next_to(lines: list[RawLine], block: list[int], i: int) -> bool:
    """Is line ``i`` the printed line right above or right below ``block``?"""
    above = _content_neighbours(lines, block[0], -1, 1)
    below = _content_neighbours(lines, block[-1], 1, 1)
    return i in above or i in below or block[0] <= i <= block[-1]


#: Printed lines at most between a title and the 文号 below it for the two to be one header: a
#: publication line and a short metadata row ("来源 / 发布日期 / 点击数") may stand between them;
#: a whole disclosure table (索引号 / 文件类型 / 发文单位 …, one field a line) may not.
_HEADER_GAP = 4


def _header_anchor(lines: list[RawLine], title_parts: list[int], number_at: int | None) -> int:
    """The line a lone notice is anchored at: where its header begins.

    That is its title when the page prints the title above the 文号 (title over lines / 文号 and
    date; title / publication line / metadata row holding the 文号), its 文号 when that comes
    first (文号 / addressees / … / signature / the title of what it prints).  Quirks: a page
    heading printed above a whole disclosure table is the page's, so the notice is anchored at
    its 文号 there; a 文号 read from the page's metadata above the title is the page's field, so
    the notice is anchored at its title.
    """
    if number_at is None:
        return title_parts[0]
    if not title_parts:
        return number_at
    if title_parts[0] > number_at:
        return title_parts[0] if lines[number_at].kind == "furniture" else number_at
    gap = sum(1 for ln in lines[title_parts[-1] + 1 : number_at] if ln.kind != "blank")
    return title_parts[0] if gap <= _HEADER_GAP else number_at


def _following_documents(lines: list[RawLine], first: DocumentHeader) -> list[DocumentHeader]:
    """Complete documents printed one after another in a lone text (a news page reprinting two
    decisions: "…常务委员会 / 关于…的决定 / (…会议通过) / 根据… / signature / date", then the next).

    A following document opens right after a signing date with a title that names its issuer
    before 关于 ("X常务委员会关于张三同志代理X市长的决定", set over up to four lines) and is signed
    and dated itself further on.  A title without them after the signature — the plan or table a
    notice prints (附件) — is the notice's attachment, not a document of its own.
    """
    content = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    first_end = max(ln.number for ln in lines if ln.number in first.lines) if first.lines else 0
    out: list[DocumentHeader] = []
    k = 0
    while k < len(content):
        i = content[k]
        if lines[i].number <= first_end or not is_date_line(lines[i].content):
            k += 1
            continue
        found = _issuer_title(lines, content[k + 1 : k + 5])
        if found is None:
            k += 1
            continue
        title, issuer, parts = found
        after = content[content.index(parts[-1]) + 1 :][:80]
        if not any(is_date_line(lines[j].content) for j in after):
            k += 1
            continue
        block_end = lines[parts[-1]].start + len(lines[parts[-1]].text)
        out.append(
            DocumentHeader(
                doc_number=None,
                doc_id=None,
                standard_id=None,
                issuer=issuer,
                title=title,
                number_line=lines[parts[0]].number,
                lines=[lines[j].number for j in parts],
                start=lines[parts[0]].start,
                end=block_end,
                layout="lone",
                zone_end=block_end,
            )
        )
        k = content.index(parts[-1]) + 1
    return out


@cache
def _adopted_title_re() -> re.Pattern[str]:
    issuer = alternation(words("documents", "issuer_suffix"))
    kinds = alternation(words("documents", "type"))
    rosters = alternation(words("documents", "roster"))
    return re.compile(
        rf"(?:^|(?<=[。！？；\s]))(?P<title>(?P<issuer>[\u4e00-\u9fff]{{2,30}}?(?:{issuer}))"
        rf"(?:关于[^。！？；：:，,\s（）()]{{2,80}}?(?:{kinds})|{rosters}))"
        rf"\s*[（(]\s*(?P<date>{_DATE_TEXT_RE.pattern})[^（）()。]{{0,60}}?会议通过\s*[)）]"
    )


def _adopted_documents(lines: list[RawLine], found: list[DocumentHeader]) -> list[DocumentHeader]:
    """Documents a news text prints inside a paragraph with their adoption note: "…出席会议。
    X常务委员会任命名单 (2020年7月28日X第六届人民代表大会常务委员会第二十六次会议通过) 决定任命:…".

    The title names its issuer first and is a decision (关于…的决定) or a personnel list (任命名单,
    任免名单: documents.tsv roster), set off from the sentence before it; the note in brackets right
    after it dates the meeting that adopted it.  A list named without its note ("会议表决通过人事任免
    名单") is the news text's word, not a document.  A title already read as a header is skipped.
    """
    taken = {h.title for h in found}
    taken_lines = {n for h in found for n in h.lines}
    out: list[DocumentHeader] = []
    for ln in lines:
        if ln.kind != "text" or ln.number in taken_lines or "会议通过" not in ln.text:
            continue
        for m in _adopted_title_re().finditer(ln.text):
            title = m.group("title")
            if title in taken:
                continue
            taken.add(title)
            start, end = ln.start + m.start("title"), ln.start + m.end()
            out.append(
                DocumentHeader(
                    doc_number=None,
                    doc_id=None,
                    standard_id=None,
                    issuer=m.group("issuer"),
                    title=title,
                    number_line=ln.number,
                    lines=[ln.number],
                    start=start,
                    end=end,
                    layout="adopted",
                    zone_end=end,
                    date=parse_date(m.group("date")),
                )
            )
    return out


def _issuer_title(lines: list[RawLine], candidates: list[int]) -> tuple[str, str, list[int]] | None:
    """A title with its issuer before 关于, printed on the first one to four of ``candidates``."""
    joined = ""
    for n, j in enumerate(candidates):
        piece = re.sub(r"\s+", "", lines[j].content)
        if len(piece) > 40 or re.search(r"[。，,；;：:]", piece):
            return None
        joined += piece
        title = title_of_line(joined)
        m = re.match(r"^(?P<issuer>.{2,40}?)关于", joined)
        if title is not None and m and _issuer_line_re().match(m.group("issuer")):
            return title, m.group("issuer"), candidates[: n + 1]
    return None


def _is_gazette(raw: str, lines: list[RawLine], headers: list[DocumentHeader]) -> bool:
    """A gazette issue (or an excerpt of one), as opposed to one notice from a web page or a file.

    A gazette names itself (…公报, 总第242期), prints page numbers and running heads, a table of
    contents, several documents, a 文号 block after its document's body (the trailing layout),
    or the sections of an issue (发文目录, 人事任免, 政府记事, 统计指标, 政务简讯).  The same 文号
    printed twice (a page title and the header) is one document.
    """
    if _GAZETTE_MARK_RE.search(raw[:20_000]):
        return True
    if len({h.doc_id or h.title for h in headers}) >= 2:
        return True
    for h in headers:
        # A 文号 block printed after its document's addressees and body (or inside a paragraph).
        if h.layout == "trailing" and any(
            ln.kind == "text" and ln.start < h.start and _ADDRESSEE_RE.match(ln.content) for ln in lines
        ):
            return True
    return any(ln.kind == "furniture" and _PAGE_NUMBER_RE.match(ln.content) for ln in lines) or any(
        ln.kind in ("text", "label")
        and (
            _TOC_LINE_RE.search(ln.content) or _section_heading(ln.content) or _NEWS_HEAD_RE.match(ln.content)
        )
        for ln in lines[:5000]
    )


#: A gazette names itself (…人民政府公报, 总第242期) on its cover and in its running heads.
_GAZETTE_MARK_RE = re.compile(r"公\s*报|总\s*第\s*\d+\s*期")
_PLACELESS_RE = re.compile(r"^[省市县区州旗镇乡]")


def _lone_issuer(
    lines: list[RawLine], title: str, fields: list[PageField], content: list[int], limit: int
) -> str | None:
    candidates = []
    m = re.match(r"^(?P<issuer>.{2,40}?)关于", title)
    if m and _issuer_line_re().match(m.group("issuer")):
        candidates.append(m.group("issuer"))
    # The signature: an issuer line right above the first date line after the salutation.
    for a, b in pairwise(content):
        if b > limit and is_date_line(lines[b].content):
            if a >= limit and _issuer_line_re().match(lines[a].content) and len(lines[a].content) <= 30:
                candidates.append(re.sub(r"\s+", "", lines[a].content))
            break
    candidates += [
        re.sub(r"\s+", "", f.value)
        for f in fields
        if f.kind == "issuer" and _issuer_line_re().match(f.value)  # not "县政府网站"
    ]
    if not candidates:
        return None
    return next((c for c in candidates if not _PLACELESS_RE.match(c)), candidates[0])


# ---------------------------------------------------------------------------------------------
# Document-number blocks


def _content_neighbours(lines: list[RawLine], i: int, step: int, limit: int) -> list[int]:
    out = []
    j = i + step
    while 0 <= j < len(lines) and len(out) < limit:
        if lines[j].kind in ("text", "label"):
            out.append(j)
        j += step
    return out


# "(2019年1月29日)" on a line of its own under a title
_BRACKETED_DATE_LINE_RE = re.compile(
    r"^\s*[（(]\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]\s*$"
)


def _clean_title(text: str) -> str:
    text = re.sub(r"^\s*#+\s*", "", text)
    return re.sub(r"\s+", "", text)


def _find_headers(lines: list[RawLine]) -> list[DocumentHeader]:
    """Find 文号 blocks: ``[standard id] title 文号`` or ``[standard id] 文号 issuer title…``."""
    headers: list[DocumentHeader] = []
    for i, ln in enumerate(lines):
        # (a 文号 ends with 号: most lines have none)
        if ln.kind != "text" or "号" not in ln.content or not _DOC_NUMBER_LINE_RE.match(ln.content):
            continue
        number = re.sub(r"\s+", "", ln.content).strip("（）()")
        after = _content_neighbours(lines, i, 1, 6)
        before = _content_neighbours(lines, i, -1, 4)
        block = [i]
        title = ""
        issuer = None
        layout = ""
        # Trailing layout: 文号, issuer line, title lines ending with a document type word.
        if after and _issuer_line_re().match(lines[after[0]].content) and len(lines[after[0]].content) <= 30:
            parts = []
            rest = after[1:]
            for k, j in enumerate(rest):
                c = lines[j].content
                if _ADDRESSEE_RE.match(c) or _DATE_LINE_RE.match(c):
                    break
                parts.append(j)
                joined = "".join(lines[x].content for x in parts)
                if _doc_type_end_re().search(joined):
                    # "…发展计划" / "的通知": a short last line may still complete the title.
                    tail = lines[rest[k + 1]].content if k + 1 < len(rest) else ""
                    if 0 < len(tail) <= 6 and _doc_type_end_re().search(joined + tail):
                        parts.append(rest[k + 1])
                    break
                if len(parts) >= 4:
                    break
            joined = "".join(lines[x].content for x in parts)
            if parts and "关于" in lines[parts[0]].content and _doc_type_end_re().search(joined):
                issuer = lines[after[0]].content
                title = issuer + "".join(lines[j].content for j in parts)
                block += [after[0], *parts]
                layout = "trailing"
        if not layout and before:
            # Title-first layout: the title line(s) just above the 文号.
            parts = []
            for j in before:
                c = lines[j].content
                if STANDARD_ID_RE.fullmatch(re.sub(r"\s", "", c)) or _TOC_LINE_RE.search(c):
                    break
                if _BRACKETED_DATE_LINE_RE.match(c) and not parts:
                    continue  # "(2019年1月29日)" between the title and the 文号: a date, no title
                parts.insert(0, j)
                joined = "".join(lines[k].content for k in parts)
                if "关于" in joined or c.lstrip().startswith("#"):
                    break
            # The issuer may stand on a line of its own above "关于…" (a title set over lines).
            above = _content_neighbours(lines, parts[0], -1, 1) if parts else []
            if (
                above
                and lines[parts[0]].content.lstrip("# ").startswith("关于")
                and _issuer_line_re().match(lines[above[0]].content.lstrip("#•· \u3000"))
                and lines[above[0]].kind == "text"
            ):
                parts.insert(0, above[0])
            joined = _clean_title("".join(lines[k].content.lstrip("•· \u3000") for k in parts))
            if parts and ("关于" in joined or _doc_type_end_re().search(joined)) and len(joined) < 120:
                title = joined
                block = [*parts, i]
                layout = "title_first"
                m = re.match(
                    r"^(.{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会))(?=关于)",
                    title,
                )
                issuer = m.group(1) if m else None
        if not layout:
            continue
        # A standard identifier printed just above the block belongs to it.
        std = None
        first = min(block)
        prev = _content_neighbours(lines, first, -1, 1)
        if prev and STANDARD_ID_RE.search(lines[prev[0]].content) and len(lines[prev[0]].content) < 30:
            std = normalize_standard_id(lines[prev[0]].content)
            block.append(prev[0])
        block.sort()
        for j in block:
            lines[j].kind = "header"
        headers.append(
            DocumentHeader(
                doc_number=number,
                doc_id=normalize_doc_number(number),
                standard_id=std,
                issuer=issuer,
                title=_clean_title(title),
                number_line=ln.number,
                lines=[lines[j].number for j in block],
                start=lines[block[0]].start,
                end=lines[block[-1]].start + len(lines[block[-1]].text),
                layout=layout,
            )
        )
    return headers


# ---------------------------------------------------------------------------------------------
# Flow text


def _column_width(lines: list[RawLine]) -> int | None:
    """Display width of a full column line when the text was broken at a fixed width."""
    widths = [display_width(ln.content) for ln in lines if ln.kind == "text" and "\t" not in ln.text]
    widths = [w for w in widths if w >= 16]
    if len(widths) < 8:
        return None
    counts: dict[int, int] = {}
    for w in widths:
        counts[w] = counts.get(w, 0) + 1
    mode = max(counts, key=lambda w: (counts[w], w))
    near = sum(counts.get(w, 0) for w in range(mode - 2, mode + 3))
    if near / len(widths) < 0.35 or mode > 90:
        return None
    return mode


_CELL_GAP_RE = re.compile(r"\S\u3000+\S")
_SPACED_CELLS_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
# "副组长：方培雷 市政府副秘书长": [role：] name [gender] space post (ending like a title word).
_NAME_ROW_RE = re.compile(
    r"^(?:\S{1,6}[：:])?\s*[\u4e00-\u9fff]{2,4}(?:[（(][男女][)）])? +"
    r"[\u4e00-\u9fff]{1,30}(?:长|书记|主任|委员|专员|员)$"
)


@lru_cache(maxsize=16)  # each line is asked as the line after a break, then as the one before
def _is_table_row(text: str) -> bool:
    """Tab-separated rows, HTML/markdown tables and name–unit lists padded with wide spaces."""
    t = text.strip()
    if "\t" in t or t.startswith(("|", "<table", "<tr", "<td")) or t.endswith("|"):
        return True  # (a flattened web table prints one cell per line, each closed by a bar)
    if "  " in t and len(_SPACED_CELLS_RE.findall(t)) >= 3:
        return True  # a row of cells padded with spaces ("1  推进项目  市发改委  2024年底")
    # "娄　挺" pads a two-character name; a wide gap after the second character separates
    # cells ("杨　菠（女）　温州市鹿城区交通运输局").  A member list prints a name and a post
    # per line ("副组长：方培雷 市政府副秘书长").
    if len(t) >= 40:
        return False
    # (each test needs its space: most lines have none)
    return ("\u3000" in t and any(g.start() >= 2 for g in _CELL_GAP_RE.finditer(t))) or (
        " " in t and _NAME_ROW_RE.match(t) is not None
    )


def _join_decision(
    prev: str,
    nxt: str,
    width: int | None,
    page_break: bool,
    prev_opens_paragraph: bool = False,
    paragraph: str = "",
    title_open: bool = False,
) -> bool:
    """True when the break between two content lines is a layout break (join them).

    ``paragraph`` is the text of a short paragraph so far (``prev`` is its last line): an
    addressee printed over two lines; ``title_open``: a 《title》 of the paragraph is still open.
    """
    p = prev.rstrip()
    n = nxt.strip()
    if not p or not n:
        return False
    if _is_table_row(prev) or _is_table_row(nxt) or n.startswith("#"):
        return False
    if p.lstrip().startswith("#"):
        # A markdown heading ends its line; one cut mid-sentence ("3. 全面提升…能力。大力推进
        # 温州市") is a paragraph marked up by mistake.
        return _cut_sentence(p) or p[-1] in "，、,"
    if (
        _STRUCTURE_RE.match(n)
        or _LEADER_ENTRY_RE.match(n)
        or _is_addressee(n)
        or _DATE_LINE_RE.match(n)
        or _DATE_LINE_RE.match(p)
    ):
        return False
    whole = paragraph or p
    if _is_addressee(p) or _is_addressee(whole) or (_has_dot_leader(p) and _TOC_LINE_RE.search(p)):
        return False
    if _LIST_ITEM_RE.match(n):
        return False
    if width is None and _field_line_re().match(n) and p[-1] not in _CONTINUING:
        # "责任单位：…" / "完成时限：…": each field on its own line (in a text broken at a column's
        # width a line may start anywhere, "目标：" included, so there the rule is not used).
        return False
    if title_open:
        return True  # a title never spans two paragraphs
    last = p[-1]
    column = width is not None and _is_column_line(p, width)
    if last in _CONTINUING and not (column and last in "：:"):
        return True
    if column:
        assert width is not None
        # A full column line continues; a short one ends its paragraph.  The first line of a
        # paragraph is indented by two characters, which the text conversion dropped.
        slack = 7 if prev_opens_paragraph else 3
        if display_width(p.strip()) < width - slack:
            return False
        # A full line that closes a sentence or a bracket, followed by an indented first line or
        # by a short line that does not close one (a headline, a chronicle's day), ends its
        # paragraph.
        if last in _CLOSING and last not in "，,、" and _opens_paragraph(n, width):
            return False
        if page_break and last not in _CONTINUING and display_width(n) <= width - 3 and _is_headline(n):
            # A sentence carried over to the next page goes on in a full line or ends in a
            # closing mark; a short bare line heading the page is a headline.
            return False
        # A one-line paragraph without punctuation (a headline) over an indented first line.
        return not (
            prev_opens_paragraph
            and not _CLAUSE_MARK_RE.search(p)
            and _opens_paragraph(n, width)
            and display_width(n) >= width - 8
        )
    if last in _TERMINAL or last in "。”’）)》":
        return False
    if (
        _cut_sentence(p)
        or (len(n) > 1 and n[1] in "，、；。" and "\u4e00" <= last <= "\u9fff")
        or (_NUMBERED_ITEM_RE.match(p) and len(p.strip()) >= 16 and "\u4e00" <= last <= "\u9fff")
    ):
        # A paragraph cut by a page break: its sentence goes on ("…初审后提交市政" / "府，由…"),
        # a heading sentence and its body were cut ("3. 全面提升…能力。大力推进温州市"), or a
        # numbered item, which states a measure rather than a title, stops mid-sentence
        # ("2.支持将冷链物流基础设施作为公共基础" / "设施建设纳入…").
        return True
    # Wide layout: a paragraph cut by a page break ends without punctuation; headings and
    # titles are short.  Prose carries commas; a heading or a title line does not.
    return len(p.strip()) >= 30 or page_break or "，" in p


_CLAUSE_MARK_RE = re.compile(r"[，,。；;：:、！？!?]")
#: An item numbered 1. / 1、 / （1）, an article 第三条: a rule stated as a sentence, not a title.
_NUMBERED_ITEM_RE = re.compile(
    r"^[\s#*]*(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）]|第[一二三四五六七八九十百]+条)"
)
#: Closing marks a column line may end with (hanging past the column edge).
_CLOSING = set("。！？；;!?，,、：:）)》〉」』】〕］]”’")


_CLOSING_MARKS = "".join(sorted(_CLOSING))


def _is_column_line(line: str, width: int) -> bool:
    """A line of the text column; a wider one (a headline or caption across the columns, a
    table row) is not, unless only a closing mark hangs past the edge."""
    t = line.strip()
    body = t.rstrip(_CLOSING_MARKS)
    return display_width(t) <= width or (display_width(body) <= width and len(t) - len(body) <= 2)


def _opens_paragraph(line: str, width: int) -> bool:
    """A line that cannot continue the paragraph before it: shorter than a full column line
    and not closing a sentence (an indented first line, a headline, a chronicle's day)."""
    n = line.strip()
    return display_width(n) <= width - 3 and n[-1] not in _CLOSING


def _cut_sentence(line: str) -> bool:
    """A line whose sentence goes on: it holds a sentence end and ends on a Chinese character
    ("3. 全面提升污水处理能力。大力推进温州市")."""
    t = re.sub(r"^\s*#+\s*", "", line).rstrip()
    return "。" in t[:-1] and "\u4e00" <= t[-1] <= "\u9fff" and len(t) >= 16


def _mark_stray_heads(lines: list[RawLine], width: int | None) -> None:
    """A running title (an attachment's name printed as the page header) left in the column.

    It is a short unpunctuated line between a full, unfinished column line and the next
    page's first line, and, being a running title, it is printed on more than one page (or
    is the title printed above the attachment).  A line that merely ends a page (the last
    unit of an award list, a 《title》 cut by the page break) is printed once: it stays.
    """
    if width is None:
        return
    content = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    candidates: list[RawLine] = []
    for k in range(1, len(content) - 1):
        prev, cur, nxt = (lines[content[k - 1]], lines[content[k]], lines[content[k + 1]])
        if not _is_page_start(nxt.text):
            continue
        c = cur.content
        p = prev.content
        if (
            display_width(c) < width - 3
            and not re.search(r"[，。；：、,;:（）()《》]", c)
            and not _STRUCTURE_RE.match(c)
            and not _is_table_row(cur.text)
            and display_width(p) >= width - 3
            and p[-1] not in _TERMINAL
            and p[-1] not in "：:"
        ):
            candidates.append(cur)
    if not candidates:
        return
    printed: dict[str, int] = {}
    for ln in lines:
        if ln.kind == "text":
            key = "".join(ln.content.split())  # (white space removed: str.split's is re's \s)
            printed[key] = printed.get(key, 0) + 1
    for cur in candidates:
        if printed.get("".join(cur.content.split()), 0) >= 2:
            cur.kind = "furniture"


def _section_heading(text: str) -> bool:
    """A dated section heading: 2月份市政府人事任免, …政府记事, …发文目录, …统计指标."""
    return "月" in text and any(
        rx.match(text) for rx in (_PERSONNEL_HEAD_RE, _CHRONICLE_HEAD_RE, _ISSUANCE_HEAD_RE, _STATS_HEAD_RE)
    )


def _mark_floating_headings(lines: list[RawLine], width: int | None) -> None:
    """A section heading printed inside a running sentence ("△ 市长张文杰，…，市委常" /
    "2月份市政府记事" / "委、副市长…") is cut out of the flow like a 文号 block; its section
    still starts (see :func:`_move_to_content_start`)."""
    content = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    for k in range(1, len(content) - 1):
        cur = lines[content[k]]
        if not _section_heading(cur.content):
            continue
        p = lines[content[k - 1]].content
        n = lines[content[k + 1]].content
        unfinished = p[-1] in _CONTINUING or "\u4e00" <= p[-1] <= "\u9fff"
        # (a first line of a paragraph is two characters short of a full column line)
        prose = _CLAUSE_MARK_RE.search(p) is not None and (width is None or display_width(p) >= width - 7)
        continues = not (_STRUCTURE_RE.match(n) or _DAY_RE.match(n) or _section_heading(n)) and (
            _CLAUSE_MARK_RE.search(n[:12]) is not None
        )
        if unfinished and prose and continues:
            cur.kind = "title"


def _web_join(prev: str, nxt: str) -> bool:
    """A web page or a Word file breaks lines at paragraph ends; only a line cut inside a list
    or a sentence (ending with 、 ， （ 《 “) goes on, never into or out of a table cell."""
    p = prev.rstrip()
    return bool(p) and p[-1] in "、，,（(《“" and not _is_table_row(prev) and not _is_table_row(nxt)


def _build_flow(gz: Gazette, lines: list[RawLine]) -> None:
    width = None if gz.whole_paragraphs else _column_width(lines)
    gz._interpretation_titles = _find_interpretation_titles(lines, width)
    _mark_floating_headings(lines, width)
    _mark_stray_heads(lines, width)
    gz.floating_title_lines = [ln.number for ln in lines if ln.kind == "title"]
    parts: list[str] = []  # the clean text, a line's body or a paragraph break at a time
    length = 0  # characters in parts
    para_part = 0  # index in parts of the current paragraph's first body
    offsets = RawOffsets()
    prev: RawLine | None = None
    page_break = False
    opens_paragraph = True
    para_start = 0  # offset in the clean text of the current paragraph's first character
    titles_open = 0  # 《 minus 》 in the current paragraph
    # A text that is not a gazette (a web page, a Word file) ends a paragraph at a blank line.
    blank_breaks = bool(gz.headers) and all(h.layout in ("lone", "adopted") for h in gz.headers)
    # …and, unless its lines were broken at a fixed column width, at every line break.
    web = blank_breaks and width is None
    blank_seen = False
    for ln in lines:
        if ln.kind in ("blank",):
            blank_seen = prev is not None
            continue
        if ln.kind in ("furniture", "header", "title"):
            # A block cut out of the flow interrupts the text like a page break does.
            page_break = True
            continue
        if (
            ln.kind == "label"
            and prev is not None
            and _join_decision(prev.text, "续", width, True, opens_paragraph)
        ):
            continue  # a column label inside a running paragraph is furniture
        content = ln.text
        # Table rows keep their edge tabs: an empty first or last cell is still a column.
        body = content.strip(" \u3000") if "\t" in content else content.strip()
        lead = content.find(body[:1]) if body else 0
        if not body:
            continue
        if prev is not None:
            # The paragraph so far matters only to tell an addressee ending with a colon.
            addressee = length - para_start <= 120 and prev.text.rstrip().endswith(("：", ":"))
            join = (
                not (blank_breaks and blank_seen)
                and not (web and not _web_join(prev.text, ln.text))
                and ln.kind != "label"
                and prev.kind != "label"
                and (page_break or not gz.whole_paragraphs)
                and _join_decision(
                    prev.text,
                    ln.text,
                    width,
                    page_break or _is_page_start(ln.text),
                    opens_paragraph,
                    "".join(parts[para_part:]) if addressee else "",
                    titles_open > 0,
                )
            )
            if not join:
                parts.append("\n")
                length += 1
                offsets.add(prev.start + len(prev.text), 1)
                para_start = length
                para_part = len(parts)
                titles_open = 0
            opens_paragraph = not join
        titles_open += body.count("《") - body.count("》")
        parts.append(body)
        length += len(body)
        offsets.add(ln.start + lead, len(body))
        prev = ln
        page_break = False
        blank_seen = False
    parts.append("\n")
    offsets.add(len(gz.raw), 1)
    gz.text = "".join(parts)
    gz.offsets = offsets
    log.debug(
        "%s: %d raw chars → %d clean chars (column width %s)", gz.name, len(gz.raw), len(gz.text), width
    )


# ---------------------------------------------------------------------------------------------
# Issue metadata

_ISSUE_RE = re.compile(r"第\s*(\d{1,2})\s*期\s*[（(]\s*总第\s*(\d+)\s*期")
_SERIAL_RE = re.compile(r"总第\s*(\d+)\s*期")
_YEAR_NUM_RE = re.compile(
    r"^\s*#*\s*((?:19|20)\d\d)\s*[.．]\s*(\d{1,2})\s*$|((?:19|20)\d\d)\s*年\s*第\s*(\d{1,2})\s*期"
)
_PUBLISHED_RE = re.compile(r"出版日期[:：]\s*(\d{4})年(\d{1,2})月")


def _issue_meta(gz: Gazette, lines: list[RawLine]) -> IssueMeta:
    head = gz.raw[:200_000]
    year = number = serial = None
    m = _ISSUE_RE.search(head)
    if m:
        number, serial = int(m.group(1)), int(m.group(2))
    if serial is None:
        m = _SERIAL_RE.search(head)
        serial = int(m.group(1)) if m else None
    for ln in lines[:3000]:
        m = _YEAR_NUM_RE.search(ln.text)
        if m:
            year = int(m.group(1) or m.group(3))
            number = number or int(m.group(2) or m.group(4))
            break
    if year is None:
        m = re.search(r"((?:19|20)\d\d)\s*\n+\s*第\s*\d{1,2}\s*期", head)
        year = int(m.group(1)) if m else None
    if year is None or number is None:
        m = re.search(r"((?:19|20)\d\d)[-_.](\d{1,2})", gz.name)
        if m:
            gz.warnings.append(f"{gz.name}: issue year/number not printed; taken from the file name")
            year = year or int(m.group(1))
            number = number or int(m.group(2))
    return IssueMeta(source=gz.name, year=year, number=number, serial=serial)


# ---------------------------------------------------------------------------------------------
# Sections

_PERSONNEL_HEAD_RE = re.compile(r"^\s*#*\s*\d{1,2}\s*月份?\S{0,12}人事任免\s*$")
_CHRONICLE_HEAD_RE = re.compile(r"^\s*#*\s*\d{1,2}\s*月份?\S{0,12}政府记事\s*$")
_ISSUANCE_HEAD_RE = re.compile(r"^\s*#*\s*\d{1,2}\s*月份?\S{0,20}发文目录\s*$")
_STATS_HEAD_RE = re.compile(r"^\s*#*\s*\S{0,12}\d{4}年\d{1,2}月份?\S{0,10}统计指标\s*$")
_NEWS_HEAD_RE = re.compile(r"^\s*#*\s*政\s*务\s*简\s*讯\s*$")
_INTERP_HEAD_RE = re.compile(r"(?:政策解读|的解读)\s*$")


def _line_to_clean(gz: Gazette, raw_offset: int) -> int:
    """Clean index of the first clean character at or after ``raw_offset``."""
    return bisect.bisect_left(gz.offsets, raw_offset)


@dataclass(slots=True)
class _SectionTitle:
    title: str
    first: int  # 1-based line of the title's first line
    floating: bool  # printed after the start of its own text (at the foot of the first page)
    page_start: int  # raw offset where the section's page begins


def _find_interpretation_titles(lines: list[RawLine], width: int | None) -> dict[int, _SectionTitle]:
    """Titles of policy interpretations (关于《…》的政策解读), possibly over several lines.

    A two-column PDF may print the title at the foot of the first page, inside a sentence
    ("…年税额标准对 / 关于《…》的政策解读 / 应分类情况。"): such a floating title is cut out
    of the flow like a 文号 block, and its section starts where its page starts.
    """
    found: dict[int, _SectionTitle] = {}
    for idx, ln in enumerate(lines):
        c = ln.content
        if ln.kind != "text" or len(c) > 60 or "解读" not in c or not _INTERP_HEAD_RE.search(c):
            continue
        parts = [idx]
        if not c.startswith(("关于", "《")):
            for j in _content_neighbours(lines, idx, -1, 3):
                parts.insert(0, j)
                if lines[j].content.startswith(("关于", "《")):
                    break
            else:
                parts = [idx]
        first = lines[parts[0]]
        before = _content_neighbours(lines, parts[0], -1, 1)
        prev = lines[before[0]].content if before else ""
        after = _content_neighbours(lines, parts[-1], 1, 1)
        next_is_page_start = bool(after) and _is_page_start(lines[after[0]].text)
        floating = bool(prev) and prev[-1] not in _TERMINAL and next_is_page_start
        page_start = first.start
        if floating:
            for j in range(parts[0] - 1, -1, -1):
                if lines[j].kind == "furniture":
                    page_start = next((x.start for x in lines[j + 1 :] if x.kind == "text"), first.start)
                    break
                if lines[j].kind == "text" and _is_page_start(lines[j].text):
                    page_start = lines[j].start
                    break
            for j in parts:
                lines[j].kind = "title"
        title = _clean_title("".join(lines[j].content for j in parts))
        found[lines[idx].number] = _SectionTitle(title, first.number, floating, page_start)
    return found


def _split_sections(gz: Gazette, lines: list[RawLine]) -> None:
    titles: dict[int, _SectionTitle] = gz._interpretation_titles
    marks: list[
        tuple[int, str, str, DocumentHeader | None, int]
    ] = []  # (clean start, kind, title, header, line)
    first_doc_raw = min((h.start for h in gz.headers), default=len(gz.raw))
    # Front matter up to the first document: cover and table of contents.
    marks.append((0, "cover", "", None, 1))
    toc_start = None
    front_end = 0  # section headings before here are contents entries, not sections
    for ln in lines:
        if ln.start >= first_doc_raw:
            break
        if ln.kind == "text" and _TOC_LINE_RE.search(ln.content):
            if toc_start is None:
                toc_start = ln
            front_end = ln.start + len(ln.text)
            gz.toc_titles.append(_clean_title(_TOC_LINE_RE.sub("", ln.content)))
    if toc_start is not None:
        marks.append((_line_to_clean(gz, toc_start.start), "toc", "目录", None, toc_start.number))
    # Documents.
    for h in gz.headers:
        if h.layout == "lone":
            # A lone document is the whole text, page furniture aside; one printed after it
            # (_following_documents) starts at its title.
            start_raw = 0 if h is gz.headers[0] else h.start
        elif h.layout in ("title_first", "adopted"):
            start_raw = h.start
        else:
            start_raw = _trailing_document_start(gz, lines, h)
        marks.append((_line_to_clean(gz, start_raw), "document", h.title, h, h.number_line))
    # Non-document sections, recognised by their headings.
    for idx, ln in enumerate(lines):
        if ln.start < front_end or ln.kind not in ("text", "label", "title"):
            continue
        c = ln.content
        if "月" in c and len(c) <= 40 and not _section_heading(c):
            # A heading set over two lines: "10月份市政府、市政府办公室发文目" / "录".
            after = _content_neighbours(lines, idx, 1, 1)
            if after and len(lines[after[0]].content) <= 6 and _section_heading(c + lines[after[0]].content):
                c += lines[after[0]].content
        kind = title = None
        month = "月" in c  # (each dated heading names its month; most lines are no heading)
        if month and _PERSONNEL_HEAD_RE.match(c):
            kind, title = "personnel", _clean_title(c)
        elif month and _CHRONICLE_HEAD_RE.match(c):
            kind, title = "chronicle", _clean_title(c)
        elif month and _ISSUANCE_HEAD_RE.match(c):
            kind, title = "issuance_list", _clean_title(c)
        elif month and _STATS_HEAD_RE.match(c):
            kind, title = "statistics", _clean_title(c)
        elif "简" in c and _NEWS_HEAD_RE.match(c):
            kind, title = "news", "政务简讯"
        elif ln.number in titles:
            t = titles[ln.number]
            kind, title = "interpretation", t.title
            if t.floating:
                ln = next(x for x in lines if x.start == t.page_start)
        elif ln.start >= first_doc_raw and "公报" in c and _GAZETTE_NAME_RE.match(c):
            # The cover (its captions) printed after the issue's content: "温州市人民政府公报".
            kind, title = "cover", ""
        if kind:
            marks.append((_line_to_clean(gz, ln.start), kind, title or "", None, ln.number))
    front = {"cover": 0, "toc": 1}
    marks.sort(key=lambda m: (m[0], front.get(m[1], 2)))
    marks = _move_to_content_start(gz, marks)
    if gz.is_gazette:
        marks = _feature_marks(gz, marks)  # (a lone notice has no feature articles)
    marks.sort(key=lambda m: (m[0], front.get(m[1], 2)))
    # Drop a repeated non-document mark inside a section of the same kind (column labels).
    sections: list[Section] = []
    for k, (start, kind, title, header, line) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(gz.text)
        if sections and sections[-1].kind == kind and kind in ("news", "chronicle") and header is None:
            continue
        if sections:
            sections[-1].end = start
        sections.append(Section(kind=kind, title=title, start=start, end=end, header=header, line=line))  # type: ignore[arg-type]
    if sections:
        sections[-1].end = len(gz.text)
    gz.sections = [s for s in sections if s.end > s.start or s.header is not None]
    _trim_documents(gz)


_Mark = tuple[int, str, str, "DocumentHeader | None", int]  # (clean start, kind, title, header, line)
_GAZETTE_NAME_RE = re.compile(r"^\s*#*\s*\S{2,16}人民政府公报\s*$")
_DAY_RE = re.compile(r"^\s*\d{1,2}\s*日\s*$")
_CHRONICLE_ENTRY = "△▲"
#: A credit line, not a headline: "温州市统计局制", "(苏巧将/摄)".
_CREDIT_RE = re.compile(r"/摄|(?:[局委办院社]|中心)[制编]$|制表$|供稿$")
_DATED_ITEM_RE = re.compile(r"^\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]")


def _is_headline(text: str) -> bool:
    """A headline: a short line with no clause punctuation, not a numbered heading, not a
    contents entry, not a 文号 or a date."""
    t = text.strip().lstrip("#").strip()
    return (
        4 <= len(t) <= 40
        and not _CLAUSE_MARK_RE.search(t)
        and not _STRUCTURE_RE.match(t)
        and not _TOC_LINE_RE.search(t)
        and not DOC_NUMBER_RE.search(t)
        and not _DATE_LINE_RE.match(t)
        and not _CREDIT_RE.search(t)
        and "\t" not in t
    )


def _move_to_content_start(gz: Gazette, marks: list[_Mark]) -> list[_Mark]:
    """Sections whose heading the layout printed after the start of their content.

    A two-column page may carry a section's heading at the top of its second page, inside
    its first entry ("△ 市长张文杰，…，市委常" / "2月份市政府记事" / "委、副市长…"), or a column
    label in the middle of the first news item.  The chronicle then starts at the first day
    ("1日") of the run of days and △ entries just above its heading; the news at the headline
    of the dated item ("X月X日，…") its label interrupts.  Never before the previous mark.
    """
    out: list[_Mark] = []
    for k, mark in enumerate(marks):
        start, kind = mark[0], mark[1]
        floor = marks[k - 1][0] if k else 0
        if kind in ("chronicle", "news") and mark[3] is None and k and marks[k - 1][1] != kind:
            paragraphs = list(gz.paragraphs(floor, start))
            new = start
            if kind == "chronicle":
                for para in reversed(paragraphs):
                    t = para.text.strip()
                    if not (_DAY_RE.match(t) or t[:1] in _CHRONICLE_ENTRY):
                        break
                    new = para.start
                # The run starts at a day marker, not in the middle of a day's entries.
                while new < start and not _DAY_RE.match(gz.text[new : gz.text.find("\n", new)]):
                    nl = gz.text.find("\n", new)
                    new = start if nl < 0 or nl >= start else nl + 1
            else:
                for i in range(len(paragraphs) - 1, 0, -1):
                    if _DATED_ITEM_RE.match(paragraphs[i].text) and _is_headline(paragraphs[i - 1].text):
                        h = i - 1
                        if h > 0 and _is_headline(paragraphs[h - 1].text):
                            h -= 1  # a headline set over two lines
                        new = paragraphs[h].start
                        break
            if new < start:
                mark = (new, *mark[1:])
        out.append(mark)
    return out


#: Sections that hold no prose of their own: a feature article printed there is a section.
_NON_PROSE_KINDS = ("cover", "toc", "issuance_list", "statistics")


def _feature_marks(gz: Gazette, marks: list[_Mark]) -> list[_Mark]:
    """Feature articles (a county's experience, a back-cover story) printed among the cover
    captions, after the statistics or after the 发文目录: a headline (over one or two lines)
    followed by a paragraph of prose (or by a numbered heading and prose)."""
    out = list(marks)
    for k, mark in enumerate(marks):
        if mark[1] not in _NON_PROSE_KINDS:
            continue
        end = marks[k + 1][0] if k + 1 < len(marks) else len(gz.text)
        paragraphs = list(gz.paragraphs(mark[0], end))
        i = 1
        while i < len(paragraphs) - 1:
            head = paragraphs[i]
            if not _is_headline(head.text):
                i += 1
                continue
            first = i
            if _is_headline(paragraphs[i + 1].text) and i + 2 < len(paragraphs):
                i += 1  # a headline set over two lines
            body = paragraphs[i + 1].text
            if _STRUCTURE_RE.match(body) and len(body) <= 40 and i + 2 < len(paragraphs):
                body = paragraphs[i + 2].text  # the article opens with a numbered heading
            if len(body) >= 60 and "。" in body and not _TOC_LINE_RE.search(body) and "\t" not in body:
                title = re.sub(r"\s+", "", "".join(p.text.lstrip("#") for p in paragraphs[first : i + 1]))
                out.append((head.start, "feature", title, None, gz.line_of(head.start)))
                break
            i += 1
    return out


def _trailing_document_start(gz: Gazette, lines: list[RawLine], h: DocumentHeader) -> int:
    """Start (raw offset) of a document whose 文号 block is printed after (or inside) its body.

    The body starts at the addressee paragraph (各县（市、区）人民政府，…：) before the block,
    failing that after the paragraph that closes what precedes it (the previous document's
    signing date, the last contents line), failing that at the page start before the block;
    never before the previous block.
    """
    prev_end = max((o.end for o in gz.headers if o.end <= h.start), default=0)
    lo, hi = _line_to_clean(gz, prev_end), _line_to_clean(gz, h.start)
    paragraphs = list(gz.paragraphs(lo, hi))
    for para in reversed(paragraphs):
        text = para.text.strip()
        if len(text) <= 80 and _ADDRESSEE_RE.match(text):
            return gz.raw_offset(para.start)
    for k in range(len(paragraphs) - 1, 0, -1):
        text = paragraphs[k - 1].text.strip()
        if _DATE_LINE_RE.match(text) or _TOC_LINE_RE.search(text):
            return gz.raw_offset(paragraphs[k].start)
    idx = next(i for i, ln in enumerate(lines) if ln.start == h.start)
    for j in range(idx - 1, -1, -1):
        ln = lines[j]
        if ln.start < prev_end:
            break
        if ln.kind == "text" and _is_page_start(ln.text):
            return ln.start
    return h.start


def _trim_documents(gz: Gazette) -> None:
    """A document whose body begins with a 附件 page keeps it; nothing else to trim yet."""
    return None


def _series(doc_id: str) -> str:
    """The issuer code of a normalised number: 温政办 for 温政办〔2022〕80号."""
    return doc_id.split("〔", 1)[0]


def _cross_check(gz: Gazette, lines: list[RawLine]) -> None:
    """Compare the documents found with the table of contents and the 发文目录; warn on mismatch.

    A contents line names its document's number last (a title may name another document:
    关于废止温政办〔2018〕96号文件的通知（温政办〔2022〕80号）); a 发文目录 line names it first.
    The 发文目录 lists the month's documents of its series, printed or not, so only a printed
    document of a listed series missing from it is reported.
    """
    found = {h.doc_id for h in gz.headers if h.doc_id}
    in_toc: set[str] = set()
    in_list: set[str] = set()
    has_list = False
    for sec in gz.sections:
        if sec.kind not in ("toc", "issuance_list"):
            continue
        has_list = has_list or sec.kind == "issuance_list"
        for para in gz.paragraphs(sec.start, sec.end):
            numbers = [m.group(0) for m in DOC_NUMBER_RE.finditer(para.text)]
            if not numbers:
                continue
            if sec.kind == "toc":
                doc_id = normalize_doc_number(numbers[-1])
                if doc_id:
                    in_toc.add(doc_id)
            elif para.text.lstrip("-*· ").startswith(numbers[0][:2]):
                doc_id = normalize_doc_number(numbers[0])
                if doc_id:
                    in_list.add(doc_id)
    gz.issuance_list = sorted(in_list)
    for doc_id in sorted(in_toc - found):
        gz.warnings.append(f"{gz.name}: {doc_id} is in the table of contents but its document was not found")
    if in_toc:
        for doc_id in sorted(found - in_toc):
            gz.warnings.append(f"{gz.name}: {doc_id} was found but is not in the table of contents")
    if has_list:
        # The list covers some series (温政发, 温政办…) only; a number of another series (通告)
        # is not expected in it.
        listed_codes = {_series(d) for d in in_list}
        for doc_id in sorted(found - in_list):
            if _series(doc_id) in listed_codes:
                gz.warnings.append(f"{gz.name}: {doc_id} is printed but not in the issue's 发文目录")
    for w in gz.warnings:
        log.warning(w)
