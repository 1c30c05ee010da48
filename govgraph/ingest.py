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
  its document.

The clean text keeps the original characters (no width folding: matching code folds
widths itself through :func:`fold`), and ``Gazette.raw_offset`` maps every clean
character back to the decoded original, hence to (file, line, column).
"""

from __future__ import annotations

import bisect
import codecs
import logging
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govgraph.docnum import (
    DOC_NUMBER_RE,
    STANDARD_ID_RE,
    normalize_doc_number,
    normalize_standard_id,
)
from govgraph.errors import InputError
from govgraph.records import IssueMeta, Provenance, SectionKind

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a real issue is 0.1–0.3 MB; 20 MB is not a gazette

# ---------------------------------------------------------------------------------------------
# Decoding


def decode_gazette(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (BOM) or GB18030, detected.

    Raises :class:`InputError` naming the file and the reason for empty, binary,
    truncated or undecodable input.
    """
    if not data.strip():
        raise InputError(name, "empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary file (NUL byte at offset {nul}), not a text gazette")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(data) - 3 and err.reason == "unexpected end of data":
            raise InputError(
                name, f"truncated file (incomplete UTF-8 character at byte {err.start})"
            ) from None
        utf8_error = err
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            name, f"unknown encoding (not UTF-8: {utf8_error.reason} at byte {utf8_error.start}; not GB18030)"
        ) from None
    if _cjk_share(text) < 0.2:
        raise InputError(name, "unknown encoding (decodes as GB18030 but is not Chinese text)")
    return text, "gb18030"


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(name, f"invalid {encoding} ({err.reason} at byte {err.start})") from None


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    visible = [c for c in sample if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if "\u4e00" <= c <= "\u9fff") / len(visible)


def read_gazette_text(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a gazette file")
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None
    if size > max_bytes:
        raise InputError(
            str(path), f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit for one issue)"
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror})") from None
    text, enc = decode_gazette(data, str(path))
    if _cjk_share(text) < 0.05:
        raise InputError(str(path), "no Chinese text: not a gazette")
    return text, enc


# ---------------------------------------------------------------------------------------------
# Width folding for matching

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


# ---------------------------------------------------------------------------------------------
# Line classification

_PAGE_NUMBER_RE = re.compile(r"^\s*(?:[·•\-—－–]\s*\d{1,3}\s*[·•\-—－–]|第\s*\d{1,3}\s*页)\s*$")
_RUNNING_HEAD_RE = re.compile(
    r"^\s*(?:\S{2,16}人民政府公报\s*[（(]\s*总第\s*\d+\s*期\s*[)）]|\d{4}\s*年\s*第\s*\d+\s*期)"
    r"\s*(?:文件发布|政策解读|政务简讯|政府记事|机构人事|人事任免|发文目录|统计资料|专题|市政府文件|"
    r"市府办文件|部门文件)?\s*$"
)
SECTION_LABELS = {
    "政务简讯": "news",
    "政府记事": "chronicle",
    "人事任免": "personnel",
    "机构人事": "personnel",
    "发文目录": "issuance_list",
    "统计资料": "statistics",
    "政策解读": "interpretation",
}
_LONE_LABEL_RE = re.compile(
    r"^\s*#*\s*(政\s*务\s*简\s*讯|政\s*府\s*记\s*事|政\s*策\s*解\s*读|文件发布|机构人事)\s*$"
)
_TOC_LINE_RE = re.compile(r"[…\.·]{4,}\s*[（(]?\s*\d{1,3}\s*[)）]?\s*$")
_STRUCTURE_RE = re.compile(
    r"^\s*#*\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[)）]|"
    r"第[一二三四五六七八九十百]+[章条节]|附件)"
)
# A leader's entry in a division-of-work notice opens with "张文杰（市长）  …".
_LEADER_ENTRY_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff\s]{1,4}[（(][^）)]{1,12}[)）]\s+\S")
# Items of a list: markdown bullets, and listing lines "温政办〔2022〕74号  温州市…的通知".
_LIST_ITEM_RE = re.compile(rf"^(?:[-*•]\s|(?:{DOC_NUMBER_RE.pattern})[\s\u3000]+\S)")
_TERMINAL = set("。！？；;!?")
_CONTINUING = set("、，,（(〈《“‘—-：:")
_ADDRESSEE_RE = re.compile(
    r"^\s*[^。，]{2,60}?(?:人民政府|各单位|各部门|有关单位|有关部门|直属单位|各有关单位)[^。]{0,20}[：:]\s*$"
)
_DATE_LINE_RE = re.compile(r"^\s*(\d{4}|[〇一二三四五六七八九零○]{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_DOC_NUMBER_LINE_RE = re.compile(rf"^\s*[（(]?\s*(?:{DOC_NUMBER_RE.pattern})\s*[)）]?\s*$")
_DOC_TYPE_END_RE = re.compile(
    r"(?:通知|决定|通告|意见|办法|批复|函|规定|方案|报告|公告|命令|令|细则|规则|纲要|规划|计划|措施|若干政策|议案|指示)"
    r"\s*$"
)
_ISSUER_LINE_RE = re.compile(
    r"^\s*\S{2,30}(?:人民政府|人民政府办公室|人民政府办公厅|办公室|办公厅|委员会|局|厅|部)\s*$"
)


def _is_page_start(text: str) -> bool:
    """PDF text conversion marks the first line of a page with one leading space."""
    return text.startswith(" ") and not text.startswith("  ")


def display_width(text: str) -> int:
    """Printed width in half-width columns; ambiguous-width marks (“ ” ‘ ’ …) are full width
    in Chinese typesetting."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


@dataclass(slots=True)
class RawLine:
    number: int  # 1-based
    start: int  # offset of the first character in the raw text
    text: str  # without the line terminator
    kind: str = "text"  # text | blank | furniture | header | label

    @property
    def content(self) -> str:
        return self.text.strip()


@dataclass(slots=True)
class DocumentHeader:
    """The 文号/title block of a document, wherever the layout printed it."""

    doc_number: str | None  # as printed, spaces removed
    doc_id: str | None
    standard_id: str | None
    issuer: str | None
    title: str
    number_line: int  # 1-based raw line of the 文号 (or of the title when there is none)
    lines: list[int]  # every raw line of the block
    start: int  # raw offset span of the block
    end: int
    layout: str  # "title_first" (title, 文号, body) or "trailing" (body, 文号, issuer, title)


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
    offsets: array = field(default_factory=lambda: array("q"))
    line_starts: list[int] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    headers: list[DocumentHeader] = field(default_factory=list)
    issue: IssueMeta | None = None
    warnings: list[str] = field(default_factory=list)
    toc_titles: list[str] = field(default_factory=list)
    issuance_list: list[str] = field(default_factory=list)
    _interpretation_titles: dict = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

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

    def provenance(self, start: int, end: int, extractor: str, *, line_at: int | None = None) -> Provenance:
        """Provenance for the clean span [start, end); ``line_at`` picks the line's character."""
        end = max(end, start + 1)
        raw_start = self.raw_offset(start)
        raw_end = self.raw_offset(end - 1) + 1
        line = self.line_of(start if line_at is None else line_at)
        return Provenance(
            source=self.name,
            line=line,
            start=raw_start,
            end=raw_end,
            evidence=self.text[start:end].strip(),
            extractor=extractor,
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


def load_gazette(path: str | Path, max_bytes: int = MAX_BYTES) -> Gazette:
    """Read, decode, clean and split one gazette file."""
    path = Path(path)
    raw, encoding = read_gazette_text(path, max_bytes=max_bytes)
    return parse_gazette(raw, path, encoding)


def parse_gazette(raw: str, path: str | Path = "<text>", encoding: str = "utf-8") -> Gazette:
    """Clean and split already-decoded gazette text (used by tests on small snippets)."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    gz = Gazette(path=Path(path), raw=raw, encoding=encoding)
    lines = _split_lines(raw)
    gz.line_starts = [ln.start for ln in lines]
    _classify(lines)
    gz.headers = _find_headers(lines)
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
        elif _PAGE_NUMBER_RE.match(c) or _RUNNING_HEAD_RE.match(c):
            ln.kind = "furniture"
        elif _LONE_LABEL_RE.match(c):
            ln.kind = "label"


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


def _clean_title(text: str) -> str:
    text = re.sub(r"^\s*#+\s*", "", text)
    return re.sub(r"\s+", "", text)


def _find_headers(lines: list[RawLine]) -> list[DocumentHeader]:
    """Find 文号 blocks: ``[standard id] title 文号`` or ``[standard id] 文号 issuer title…``."""
    headers: list[DocumentHeader] = []
    for i, ln in enumerate(lines):
        if ln.kind != "text" or not _DOC_NUMBER_LINE_RE.match(ln.content):
            continue
        number = re.sub(r"\s+", "", ln.content).strip("（）()")
        after = _content_neighbours(lines, i, 1, 6)
        before = _content_neighbours(lines, i, -1, 4)
        block = [i]
        title = ""
        issuer = None
        layout = ""
        # Trailing layout: 文号, issuer line, title lines ending with a document type word.
        if after and _ISSUER_LINE_RE.match(lines[after[0]].content) and len(lines[after[0]].content) <= 30:
            parts = []
            for j in after[1:]:
                c = lines[j].content
                if _ADDRESSEE_RE.match(c) or _DATE_LINE_RE.match(c):
                    break
                parts.append(j)
                if _DOC_TYPE_END_RE.search(c) or len(parts) >= 4:
                    break
            if (
                parts
                and "关于" in lines[parts[0]].content
                and _DOC_TYPE_END_RE.search(lines[parts[-1]].content)
            ):
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
                parts.insert(0, j)
                joined = "".join(lines[k].content for k in parts)
                if "关于" in joined or c.lstrip().startswith("#"):
                    break
            joined = _clean_title("".join(lines[k].content for k in parts))
            if parts and ("关于" in joined or _DOC_TYPE_END_RE.search(joined)) and len(joined) < 120:
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


def _is_table_row(text: str) -> bool:
    """Tab-separated rows, HTML/markdown tables and name–unit lists padded with wide spaces."""
    t = text.strip()
    if "\t" in t or t.startswith(("|", "<table", "<tr", "<td")):
        return True
    # "娄　挺" pads a two-character name; a wide gap after the second character separates
    # cells ("杨　菠（女）　温州市鹿城区交通运输局").
    return len(t) < 40 and any(g.start() >= 2 for g in _CELL_GAP_RE.finditer(t))


def _join_decision(
    prev: str, nxt: str, width: int | None, page_break: bool, prev_opens_paragraph: bool = False
) -> bool:
    """True when the break between two content lines is a layout break (join them)."""
    p = prev.rstrip()
    n = nxt.strip()
    if not p or not n:
        return False
    if _is_table_row(prev) or _is_table_row(nxt) or n.startswith("#"):
        return False
    if p.lstrip().startswith("#") and (len(p.strip()) < 24 or p[-1] in _TERMINAL):
        # A markdown heading; a long one cut mid-sentence is a paragraph marked up by mistake.
        return False
    if (
        _STRUCTURE_RE.match(n)
        or _LEADER_ENTRY_RE.match(n)
        or _ADDRESSEE_RE.match(n)
        or _DATE_LINE_RE.match(n)
        or _DATE_LINE_RE.match(p)
    ):
        return False
    if _ADDRESSEE_RE.match(p) or _TOC_LINE_RE.search(p) or _LIST_ITEM_RE.match(n):
        return False
    last = p[-1]
    if last in _CONTINUING:
        return True
    if width is not None:
        # A full column line continues; a short one ends its paragraph.  The first line of a
        # paragraph is indented by two characters, which the text conversion dropped.
        slack = 7 if prev_opens_paragraph else 3
        return display_width(p.strip()) >= width - slack
    if last in _TERMINAL or last in "。”’）)》":
        return False
    # Wide layout: a paragraph cut by a page break ends without punctuation; headings and
    # titles are short.
    # Prose carries commas; a heading or a title line does not.
    return len(p.strip()) >= 30 or page_break or "，" in p


def _mark_stray_heads(lines: list[RawLine], width: int | None) -> None:
    """A short unpunctuated line between a full, unfinished column line and the next page's
    first line is the page's running title (an attachment's name printed as a header)."""
    if width is None:
        return
    content = [i for i, ln in enumerate(lines) if ln.kind == "text"]
    for k in range(1, len(content) - 1):
        prev, cur, nxt = (lines[content[k - 1]], lines[content[k]], lines[content[k + 1]])
        if not _is_page_start(nxt.text):
            continue
        c = cur.content
        p = prev.content
        if (
            display_width(c) < width - 3
            and not re.search(r"[，。；：、,;:（）()]", c)
            and not _STRUCTURE_RE.match(c)
            and display_width(p) >= width - 3
            and p[-1] not in _TERMINAL
        ):
            cur.kind = "furniture"


def _build_flow(gz: Gazette, lines: list[RawLine]) -> None:
    width = _column_width(lines)
    gz._interpretation_titles = _find_interpretation_titles(lines, width)
    _mark_stray_heads(lines, width)
    chars: list[str] = []
    offsets = array("q")
    prev: RawLine | None = None
    page_break = False
    opens_paragraph = True
    for ln in lines:
        if ln.kind in ("blank",):
            continue
        if ln.kind in ("furniture", "header", "title"):
            page_break = page_break or ln.kind == "furniture"
            continue
        if ln.kind == "label" and prev is not None and _join_decision(prev.text, "续", width, True):
            # A column label inside a running paragraph is furniture.
            continue
        content = ln.text
        # Table rows keep their edge tabs: an empty first or last cell is still a column.
        body = content.strip(" \u3000") if "\t" in content else content.strip()
        lead = content.find(body[:1]) if body else 0
        if not body:
            continue
        if prev is not None:
            join = (
                ln.kind != "label"
                and prev.kind != "label"
                and _join_decision(
                    prev.text, ln.text, width, page_break or _is_page_start(ln.text), opens_paragraph
                )
            )
            if not join:
                chars.append("\n")
                offsets.append(prev.start + len(prev.text))
            opens_paragraph = not join
        for k, ch in enumerate(body):
            chars.append(ch)
            offsets.append(ln.start + lead + k)
        prev = ln
        page_break = False
    chars.append("\n")
    offsets.append(len(gz.raw))
    gz.text = "".join(chars)
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
        if ln.kind != "text" or not _INTERP_HEAD_RE.search(c) or len(c) > 60:
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
        start_raw = h.start if h.layout == "title_first" else _trailing_document_start(gz, lines, h)
        marks.append((_line_to_clean(gz, start_raw), "document", h.title, h, h.number_line))
    # Non-document sections, recognised by their headings.
    for ln in lines:
        if ln.start < front_end or ln.kind not in ("text", "label", "title"):
            continue
        c = ln.content
        kind = title = None
        if _PERSONNEL_HEAD_RE.match(c):
            kind, title = "personnel", _clean_title(c)
        elif _CHRONICLE_HEAD_RE.match(c):
            kind, title = "chronicle", _clean_title(c)
        elif _ISSUANCE_HEAD_RE.match(c):
            kind, title = "issuance_list", _clean_title(c)
        elif _STATS_HEAD_RE.match(c):
            kind, title = "statistics", _clean_title(c)
        elif _NEWS_HEAD_RE.match(c):
            kind, title = "news", "政务简讯"
        elif ln.number in titles:
            t = titles[ln.number]
            kind, title = "interpretation", t.title
            if t.floating:
                ln = next(x for x in lines if x.start == t.page_start)
        if kind:
            marks.append((_line_to_clean(gz, ln.start), kind, title or "", None, ln.number))
    front = {"cover": 0, "toc": 1}
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


def _trailing_document_start(gz: Gazette, lines: list[RawLine], h: DocumentHeader) -> int:
    """Start of a document whose 文号 block is printed after (or inside) its body.

    The body starts at the addressee line (各县（市、区）人民政府，…：) before the block, or
    failing that at the page start before it; never before the previous block.
    """
    prev_end = max((o.end for o in gz.headers if o.end <= h.start), default=0)
    idx = next(i for i, ln in enumerate(lines) if ln.start == h.start)
    page_start = None
    for j in range(idx - 1, -1, -1):
        ln = lines[j]
        if ln.start < prev_end:
            break
        if ln.kind == "text" and _ADDRESSEE_RE.match(ln.content):
            return ln.start
        if (
            ln.kind == "text"
            and ln.text.startswith(" ")
            and not ln.text.startswith("  ")
            and page_start is None
        ):
            page_start = ln.start
    return page_start if page_start is not None else h.start


def _trim_documents(gz: Gazette) -> None:
    """A document whose body begins with a 附件 page keeps it; nothing else to trim yet."""
    return None


def _cross_check(gz: Gazette, lines: list[RawLine]) -> None:
    """Compare the documents found with the table of contents and the 发文目录; warn on mismatch.

    A contents line names its document's number last (a title may name another document:
    关于废止温政办〔2018〕96号文件的通知（温政办〔2022〕80号）); a 发文目录 line names it first.
    The 发文目录 lists the month's documents, printed or not, so only a printed document
    missing from it is reported.
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
        for doc_id in sorted(found - in_list):
            if not doc_id.startswith("通告"):
                gz.warnings.append(f"{gz.name}: {doc_id} is printed but not in the issue's 发文目录")
    for w in gz.warnings:
        log.warning(w)
