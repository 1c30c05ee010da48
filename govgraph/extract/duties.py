"""Leaders' division of work (领导分工): who supervises, assists with and liaises with which unit.

A division-of-work notice lists the leaders one entry each::

    王  军（常务副市长）   负责市政府常务工作，…负责发展和改革、司法…等方面工作。
    分管市府办（市政府研究室）、市发改委、…、市铁路与城市轨道交通建设管理中心。
    联系市人大、市政协、…、在温各能源单位。

* ``分管`` → supervises, ``协助分管`` → assists, ``联系`` → liaises: one
  :class:`~govgraph.records.LeaderDuty` per unit of the list.
* ``负责`` / ``协助负责`` domains and ``主持`` / ``领导`` / ``处理`` (directing a body or the
  daily work) are text, kept as :class:`~govgraph.records.LeaderPortfolio` records.
* Unit lists run across lines and pages and hold brackets with the body's other names
  (``市自然资源和规划局（海洋局、林业局）`` is one unit): split on ``、`` outside brackets.
* The entry may also be printed role first (``副市长  李无文：负责…``).

Each duty keeps the notice's number, key and signing date (the graph stage works out
until-dates), and the line that holds 分管/协助分管/联系 for the list.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from govgraph.extract.officials import CJK, clean_name, is_name, vocabulary
from govgraph.ingest import Gazette, Section
from govgraph.records import DocumentRecord, DutyRelation, Extraction, LeaderDuty, LeaderPortfolio

log = logging.getLogger(__name__)

EXTRACTOR = "duties"

_SP = " \u3000\t"
#: A notice of the genre: 关于市政府领导分工的通知, 关于调整市政府领导工作分工的通知.
_NOTICE_TITLE_RE = re.compile(r"领导.{0,6}分工|分工.{0,4}领导")
#: A leader's entry: name (padded: 王  军) and role in brackets at the start of a paragraph.
_ENTRY_NAME_FIRST_RE = re.compile(
    f"^[{_SP}]*(?P<name>[{CJK}](?:[{_SP}]{{1,3}})?[{CJK}]{{1,3}})[{_SP}]*[（(](?P<role>[^（）()\\n]{{2,14}})[)）]"
)
#: The role-first form: 副市长  李无文：… / 市长 张文杰 …
_ENTRY_ROLE_FIRST_RE = re.compile(
    f"^[{_SP}]*(?P<role>[{CJK}]{{2,10}}?(?:长|书记|主任))[{_SP}]+"
    f"(?P<name>[{CJK}](?:[{_SP}]{{1,3}})?[{CJK}]{{1,3}})(?:[{_SP}]*[：:]|[{_SP}]+)"
)
#: A duty keyword at a clause start: after punctuation, a break, a space or the entry head.
_KEYWORD_RE = re.compile(
    r"(?:^|(?<=[。；;，,：:\n )）\u3000]))"
    r"(?P<kw>协助分管|分管|联系|协助负责|协助|负责|主持|领导|处理)"
)
_SIGNATURE_RE = re.compile(r"\S{2,20}(?:人民政府|办公室|办公厅)")
_DATE_RE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_RELATIONS: dict[str, DutyRelation] = {"分管": "supervises", "协助分管": "assists", "联系": "liaises"}
_OPEN = "（(〈<〔[【“"
_CLOSE = "）)〉>〕]】”"
#: A clause that starts after a comma ends the list (…办公室），协助市长处理…，联系…).
_NEXT_CLAUSE_RE = re.compile(r"(?:协助|负责|联系|分管|主持|领导|处理|兼任|兼管)")
#: ``分管单位：…`` / ``联系：…``: a label between the keyword and the list.
_LIST_LABEL_RE = re.compile(r"^[\s]*(?:的?(?:单位|部门|工作))?[\s]*[：:]?[\s]*")
_TRAILING_ETC_RE = re.compile(r"(?:等(?:单位|部门|工作)?|工作)$")


@dataclass(frozen=True, slots=True)
class LeaderEntry:
    """One leader's paragraph(s) in a division-of-work notice."""

    person: str
    role: str
    start: int  # clean offsets of the entry (head included)
    body: int  # where the text after the name and role starts
    end: int


def is_division_notice(section: Section) -> bool:
    return section.kind == "document" and bool(_NOTICE_TITLE_RE.search(section.title or ""))


def leader_entries(gz: Gazette, section: Section) -> list[LeaderEntry]:
    """The entries of one notice, each running to the next entry or the notice's end."""
    vocab = vocabulary()
    heads: list[tuple[str, str, int, int]] = []
    for para in gz.paragraphs(section.start, section.end):
        m = _ENTRY_NAME_FIRST_RE.match(para.text)
        role_ok = m is not None and vocab.full_title_re.fullmatch(re.sub(r"\s", "", m.group("role")))
        if m is None or not role_ok:
            m = _ENTRY_ROLE_FIRST_RE.match(para.text)
            role_ok = m is not None and vocab.full_title_re.fullmatch(m.group("role"))
        if m is None or not role_ok:
            continue
        name = clean_name(m.group("name"))
        if not is_name(name, vocab):
            continue
        heads.append((name, re.sub(r"\s", "", m.group("role")), para.start, para.start + m.end()))
    entries = []
    for k, (name, role, start, body) in enumerate(heads):
        end = heads[k + 1][2] if k + 1 < len(heads) else _notice_end(gz, section, body)
        entries.append(LeaderEntry(name, role, start, body, end))
    return entries


def _notice_end(gz: Gazette, section: Section, body: int) -> int:
    """The last entry ends at the signature (issuer or date line) or the section's end."""
    for para in gz.paragraphs(body, section.end):
        t = para.text.strip()
        if para.start > body and (_SIGNATURE_RE.fullmatch(t) or _DATE_RE.fullmatch(t)):
            return para.start
    return section.end


def _clause_end(text: str, i: int) -> int:
    """End of the clause starting at ``text[i]``: 。 or ；, a comma before a new clause, or a
    paragraph break (the entry view keeps only the breaks before a keyword or a new entry)."""
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        elif depth == 0 and (c in "。；;\n" or (c in "，," and _NEXT_CLAUSE_RE.match(text, j + 1))):
            return j
    return len(text)


def _entry_view(gz: Gazette, entry: LeaderEntry) -> tuple[str, list[int]]:
    """The entry's text after the name and role, with layout breaks joined, and the offset map.

    The quirk: ingestion keeps some layout breaks that cut a list or a keyword
    (``市经信局`` / ``（民营经济健康发展促进局）``, ``联`` / ``系市信访局``).  A break is kept
    only after 。/；/： or before a keyword or a new entry.
    """
    text = gz.text
    chars: list[str] = []
    index: list[int] = []
    for i in range(entry.body, entry.end):
        c = text[i]
        if c == "\n":
            prev = chars[-1] if chars else ""
            tail = text[i + 1 : i + 40]
            if not (prev in "。；;：:" or _KEYWORD_RE.match(tail) or _ENTRY_NAME_FIRST_RE.match(tail)):
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


def split_units(text: str) -> list[tuple[str, int, int]]:
    """A duty's unit list: (unit, start, end); a trailing ``等``/``等单位`` is not part of a unit."""
    m = _LIST_LABEL_RE.match(text)
    shift = m.end() if m else 0
    units = split_outside_brackets(text[shift:])
    out = [(u, a + shift, b + shift) for u, a, b in units]
    if out:
        last, a, b = out[-1]
        last = _TRAILING_ETC_RE.sub("", last)
        out[-1] = (last, a, b)
    return [u for u in out if u[0]]


def _document_of(gz: Gazette, ex: Extraction, section: Section) -> DocumentRecord | None:
    h = section.header
    if h is None:
        return None
    return next((d for d in ex.documents if d.prov.line == h.number_line), None)


def _entry_clauses(view: str) -> Iterator[tuple[str, int, int, int]]:
    """(keyword, keyword start, clause start, clause end) for each clause of an entry view."""
    pos = 0
    while pos < len(view):
        m = _KEYWORD_RE.search(view, pos)
        if m is None:
            return
        stop = _clause_end(view, m.end())
        yield m.group("kw"), m.start(), m.end(), stop
        pos = max(stop, m.end())


def extract_leader_duties(gz: Gazette, ex: Extraction) -> list[LeaderDuty]:
    """Duties of every division-of-work notice; also fills ``ex.portfolios``."""
    duties: list[LeaderDuty] = []
    portfolios: list[LeaderPortfolio] = []
    for section in gz.sections:
        if not is_division_notice(section):
            continue
        doc = _document_of(gz, ex, section)
        doc_number = section.header.doc_number if section.header else None
        doc_key = doc.key if doc else (doc_number or section.title)
        date = doc.date if doc else None
        for entry in leader_entries(gz, section):
            seen: set[tuple[str, str]] = set()
            view, index = _entry_view(gz, entry)
            for kw, kw_at, start, end in _entry_clauses(view):
                relation = _RELATIONS.get(kw)
                clause = view[start:end]
                kw_start = index[kw_at]
                if relation is None:
                    domains = re.sub(r"\s+", "", clause).rstrip("，,")
                    portfolios.append(
                        LeaderPortfolio(
                            person=entry.person,
                            role=entry.role,
                            domains=kw + domains,
                            doc_key=doc_key,
                            date=date,
                            prov=gz.provenance(kw_start, index[end - 1] + 1, EXTRACTOR),
                        )
                    )
                    continue
                for unit, u_start, u_end in split_units(clause):
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
                            doc_number=doc_number,
                            doc_key=doc_key,
                            date=date,
                            prov=gz.provenance(*span, EXTRACTOR, line_at=kw_start),
                        )
                    )
    ex.portfolios = portfolios
    log.debug("%s: %d leader duties, %d portfolios", gz.name, len(duties), len(portfolios))
    return duties
