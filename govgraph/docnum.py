"""Document numbers (文号) in all their printed forms.

A 文号 is an issuer code, a year in brackets and a serial: 温政办〔2018〕96号.
Printers use 〔〕, [], ［］, （）, () or 【】 for the year, put spaces anywhere and
break the number across lines.  :func:`normalize_doc_number` maps every form to
one identifier with 〔〕 and no spaces, so 浙政办发[2015]133号 and
浙政办发〔2015〕133号 are the same document.

Numbered acts carry no year: decrees (温政令第135号, 中华人民共和国国务院令第483号) and
numbered announcements of a people's congress standing committee
(浙江省第十三届人民代表大会常务委员会公告第83号).  They normalise to ``<code>第<n>号``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Brackets printed around the year of a 文号.
YEAR_OPEN = r"[〔\[［【（(]"
YEAR_CLOSE = r"[〕\]］】）)]"
_OPEN, _CLOSE = YEAR_OPEN, YEAR_CLOSE
# An issuer code is 1–14 CJK characters (温政办, 浙政办发, 国办发, 通告, 温州市人民政府通告…).
# Quirks: any bracket pair around the year, spaces (and a joined line break) anywhere
# between the parts, a year split by a space ("202 4"), an optional 第 before the serial.
DOC_NUMBER_RE = re.compile(
    rf"(?P<code>[\u4e00-\u9fff]{{1,14}})\s*{_OPEN}\s*(?P<year>(?:19|20)\s*\d\s*\d)\s*{_CLOSE}\s*"
    rf"(?:第\s*)?(?P<serial>\d{{1,4}})\s*号"
)
# Numbered acts without a year.  Quirk: the code of a standing-committee announcement is long
# and holds ordinals (浙江省第十三届人民代表大会常务委员会公告第83号), hence up to 30 characters;
# a 第 inside the code is allowed, the last 第 before the digits is the serial marker.
DECREE_RE = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{0,28}?[\u4e00-\u9fff](?:令|公告))\s*第\s*(?P<serial>\d{1,4})\s*号"
)
# Standard identifiers of normative documents: ZJCC01-2022-0019 (dashes of any width, spaces).
STANDARD_ID_RE = re.compile(
    r"(?P<prefix>[A-Z]{2,6}\d{2})\s*[-–—－]\s*(?P<year>\d{4})\s*[-–—－]\s*(?P<serial>\d{3,5})"
)

# Codes that are not document numbers even though they are followed by 〔year〕N号.
_NOT_CODES = ("第",)
# The regexes take every CJK character before the bracket; the words of the sentence that
# precede the code ("根据温政办…", "废止了温政办…", "应具备浙政办发…") are cut off at the last
# of these.  Characters that begin real codes are not in the list (中发, 国办发, 浙经信…,
# 应急…), and 和 is kept inside 中华人民共和国.
_LEADING_WORDS_RE = re.compile(
    r"^.*(?:根据|依据|依照|按照|参照|对照|遵照|废止|修订|修改|印发|转发|执行|贯彻|落实|关于|继续|规定|要求|"
    r"文件|具备|符合|已经|经过|详见|参见|以及|通过|发布|公布|下达|批转|"
    r"[的及与或即见以在将对由按为是了据照止]|和(?!国))"
)
_SPACE_RE = re.compile(r"\s+")


def _trim_code(code: str) -> str:
    trimmed = _LEADING_WORDS_RE.sub("", code)
    return trimmed or code


@dataclass(frozen=True, slots=True)
class DocNumber:
    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def _year(text: str) -> int:
    return int(_SPACE_RE.sub("", text))


def parse_doc_number(text: str) -> DocNumber | None:
    """Parse the first document number in ``text`` (any bracket, any spacing)."""
    m = DOC_NUMBER_RE.search(text)
    if not m or m.group("code") in _NOT_CODES:
        return None
    return DocNumber(_trim_code(m.group("code")), _year(m.group("year")), int(m.group("serial")))


def normalize_decree(text: str) -> str | None:
    """``温政令第135号`` / ``中华人民共和国国务院令 第 483 号`` → ``<code>第<n>号`` (no year)."""
    m = DECREE_RE.search(_SPACE_RE.sub("", text))
    if not m:
        return None
    return f"{_trim_code(m.group('code'))}第{int(m.group('serial'))}号"


def normalize_doc_number(text: str) -> str | None:
    """One identifier for every printed form: ``温政办〔2018〕96号``; decrees ``温政令第135号``.

    Spaces and line breaks anywhere in the number are ignored (a number split across lines
    or a code printed as ``温政 办``).
    """
    compact = _SPACE_RE.sub("", text)
    dn = parse_doc_number(compact)
    if dn is not None:
        return str(dn)
    return normalize_decree(compact)


def normalize_standard_id(text: str) -> str | None:
    m = STANDARD_ID_RE.search(text)
    if not m:
        return None
    return f"{m.group('prefix')}-{m.group('year')}-{m.group('serial')}"


# Scanning a whole text with DOC_NUMBER_RE backtracks over up to 14 characters at every CJK
# character; the scanners below find the bracketed year (or 令第N号) first and read the
# code backwards from it, which gives the same matches an order of magnitude faster.
_DOC_TAIL_RE = re.compile(
    rf"{YEAR_OPEN}\s*(?P<year>(?:19|20)\s*\d\s*\d)\s*{YEAR_CLOSE}\s*(?:第\s*)?(?P<serial>\d{{1,4}})\s*号"
)
_DECREE_TAIL_RE = re.compile(r"(?P<kind>令|公告)\s*第\s*(?P<serial>\d{1,4})\s*号")


# A date printed right before a code ("…2016年12月1日常州市人民政府令第2号发布", "二〇一六年十二月
# 一日…"): its 年/月/日 are no part of the code.  (A code may itself begin with 日 — 日政发 — so
# the 日 is cut only where a date's numerals stand before it.)
_CN_NUMERALS = "一二三四五六七八九十"
_CN_DATE_HEAD_RE = re.compile(
    rf"[〇○零{_CN_NUMERALS}]{{0,4}}年?[{_CN_NUMERALS}]{{1,3}}月[{_CN_NUMERALS}]{{1,3}}日"
)


def _code_start(text: str, end: int, limit: int) -> int:
    """Start of the run of at most ``limit`` CJK characters ending at ``end``, after any date
    printed right before it."""
    start = end
    while start > 0 and end - start < limit and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    if start < end and text[start] in "年月日" and start > 0 and text[start - 1].isdigit():
        return start + 1
    m = _CN_DATE_HEAD_RE.match(text, start, end)
    if m and m.end() < end:
        return m.end()
    return start


def iter_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """All document numbers in ``text`` as (start, end, normalised id)."""
    out = []
    for m in _DOC_TAIL_RE.finditer(text):
        code_end = m.start()
        while code_end > 0 and text[code_end - 1].isspace():
            code_end -= 1
        raw_code = text[_code_start(text, code_end, 14) : code_end]
        if not raw_code or raw_code in _NOT_CODES:
            continue
        code = _trim_code(raw_code)
        ident = f"{code}〔{_year(m.group('year'))}〕{int(m.group('serial'))}号"
        out.append((code_end - len(code), m.end(), ident))
    return out


def iter_decrees(text: str) -> list[tuple[int, int, str]]:
    """All numbered acts without a year in ``text`` as (start, end, normalised id)."""
    out = []
    for m in _DECREE_TAIL_RE.finditer(text):
        code_start = _code_start(text, m.start(), 29)
        if code_start == m.start():
            continue  # 令 with no name before it
        code = _trim_code(text[code_start : m.start()] + m.group("kind"))
        ident = f"{code}第{int(m.group('serial'))}号"
        out.append((m.start() + len(m.group("kind")) - len(code), m.end(), ident))
    return out
