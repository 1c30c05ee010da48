"""Document numbers (文号) in all their printed forms.

A 文号 is an issuer code, a year in brackets and a serial: 温政办〔2018〕96号.
Printers use 〔〕, [], ［］, （）, () or 【】 for the year, put spaces anywhere and
break the number across lines.  :func:`normalize_doc_number` maps every form to
one identifier with 〔〕 and no spaces, so 浙政办发[2015]133号 and
浙政办发〔2015〕133号 are the same document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An issuer code is 1–10 CJK characters (温政办, 浙政办发, 国办发, 通告, 温政令…).
_OPEN = r"[〔\[［【（(]"
_CLOSE = r"[〕\]］】）)]"
DOC_NUMBER_RE = re.compile(
    rf"(?P<code>[\u4e00-\u9fff]{{1,14}})\s*{_OPEN}\s*(?P<year>(?:19|20)\d\s*\d)\s*{_CLOSE}\s*"
    rf"(?:第\s*)?(?P<serial>\d{{1,4}})\s*号"
)
# Decrees cited by number without a year: 温政令第135号, 温州市人民政府令第147号.
DECREE_RE = re.compile(r"(?P<code>[\u4e00-\u9fff]{1,14}令)\s*第\s*(?P<serial>\d{1,4})\s*号")
# Standard identifiers of normative documents: ZJCC01-2022-0019 (dashes of any width, spaces).
STANDARD_ID_RE = re.compile(
    r"(?P<prefix>[A-Z]{2,6}\d{2})\s*[-–—－]\s*(?P<year>\d{4})\s*[-–—－]\s*(?P<serial>\d{3,5})"
)

# Codes that are not document numbers even though they are followed by 〔year〕N号.
_NOT_CODES = ("第",)
# The regex takes up to 14 CJK characters before the bracket; the words of the sentence
# that precede the code ("根据温政办…", "废止了温政办…") are cut off at the last of these.
_LEADING_WORDS_RE = re.compile(
    r"^.*(?:根据|依据|按照|参照|对照|废止|修订|修改|印发|转发|执行|贯彻|落实|关于|继续|规定|要求|文件|"
    r"[的和及与或即见经以在将对由按为是了据照止])"
)


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


def parse_doc_number(text: str) -> DocNumber | None:
    """Parse the first document number in ``text`` (any bracket, any spacing)."""
    m = DOC_NUMBER_RE.search(text)
    if not m or m.group("code") in _NOT_CODES:
        return None
    return DocNumber(_trim_code(m.group("code")), int(m.group("year").replace(" ", "")), int(m.group("serial")))


def normalize_doc_number(text: str) -> str | None:
    """One identifier for every printed form: ``温政办〔2018〕96号``; decrees ``温政令第135号``."""
    dn = parse_doc_number(text)
    if dn is not None:
        return str(dn)
    m = DECREE_RE.search(text)
    if m:
        return f"{_trim_code(m.group('code'))}第{int(m.group('serial'))}号"
    return None


def normalize_standard_id(text: str) -> str | None:
    m = STANDARD_ID_RE.search(text)
    if not m:
        return None
    return f"{m.group('prefix')}-{m.group('year')}-{m.group('serial')}"


def iter_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """All document numbers in ``text`` as (start, end, normalised id)."""
    out = []
    for m in DOC_NUMBER_RE.finditer(text):
        if m.group("code") in _NOT_CODES:
            continue
        code = _trim_code(m.group("code"))
        start = m.start("code") + len(m.group("code")) - len(code)
        year = m.group("year").replace(" ", "")
        out.append((start, m.end(), f"{code}〔{year}〕{int(m.group('serial'))}号"))
    return out
