"""Appointments and removals (人事任免): one event per person and post.

The personnel notice is a list of decisions, one sentence each, separated by ``；``::

    市人民政府决定：
    谢忠诚任温州高新技术产业开发区（温州经济技术开发区）管委会常务副主任（正县长级），免去其温州市发展和改革委员会副主任职务；
    谢明化任温州设计集团有限公司总经理、副董事长；
    免去姜益祥、黄少燕的温州湾新区（…）管委会副主任职务；
    免去朱葵的温州市人民政府副秘书长，温州市人民政府金融工作办公室副主任职务。

Forms handled: ``X任…``, ``X、Y任…``, ``任命/聘任X为…``, ``…，免去其…职务``, ``免去X的…职务``,
``免去X、Y的…职务``, ``X不再担任…职务``, ``X兼任…``.  Posts joined by ``、`` or ``，`` are
separate events; a bare position after an organisation shares it (总经理、副董事长).
Bracketed notes are not part of the post: rank (（正县长级）), （挂职）, （兼） go to
``rank_note``, （试用期一年） to ``probation``.  The organisation/position split uses the title
vocabulary (:func:`govgraph.extract.officials.split_post`); only their concatenation is a fact
of the text.  ``line`` is the line where the sentence starts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from govgraph.extract.duties import split_outside_brackets
from govgraph.extract.officials import CJK, Vocabulary, clean_name, is_name, split_post, vocabulary
from govgraph.ingest import Gazette, Section
from govgraph.records import Appointment, AppointmentAction, DocumentRecord, Extraction

log = logging.getLogger(__name__)

EXTRACTOR = "appointments"

#: A document of the genre besides the 人事任免 column: 关于张三等同志职务任免的通知.
_PERSONNEL_TITLE_RE = re.compile(r"任免|任职|免职|职务")
#: One name, possibly with a gender note (赵丽（女）); several joined by 、.
_NAME = f"[{CJK}]{{2,4}}?(?:[（(][男女][)）])?"
_NAMES = f"{_NAME}(?:(?:同志)?、{_NAME})*"
#: ``免去X的…职务`` / ``免去X、Y同志的…职务``.
_REMOVE_RE = re.compile(f"^免去(?P<names>{_NAMES})(?:同志)?的(?P<posts>.+?)(?:职务|职)?$")
#: ``X不再担任…职务``.
_NO_LONGER_RE = re.compile(f"^(?P<names>{_NAMES})(?:同志)?不再担任(?P<posts>.+?)(?:职务|职)?$")
#: ``X任…``, ``X兼任…``, ``X任…，免去其…职务`` (the name is the shortest run before 任: 任志强任…).
_APPOINT_RE = re.compile(
    f"^(?P<names>{_NAMES})(?:同志)?(?P<verb>兼任|任|为)(?P<posts>.+?)"
    r"(?:[，,](?:同时)?免去(?:其|他|她|上述同志)?(?:的)?(?P<removed>.+?)(?:职务|职)?)?$"
)
#: ``任命X为…`` / ``聘任X为…``.
_NAMED_APPOINT_RE = re.compile(
    f"^(?:任命|聘任|聘请|聘)(?P<names>{_NAMES})(?:同志)?为(?P<posts>.+?)"
    r"(?:[，,](?:同时)?免去(?:其|他|她)?(?:的)?(?P<removed>.+?)(?:职务|职)?)?$"
)
#: A bracketed note at the end of a post: （正县长级）, （试用期一年）, （挂职）, （兼）.
_NOTE_RE = re.compile(r"[（(](?P<note>[^（）()]{1,16})[)）]$")
_PROBATION_RE = re.compile(r"试用期")
_STATEMENT_END = "。；;\n"
#: The decision's preamble: 市人民政府决定： / 经研究决定：.
_PREAMBLE_RE = re.compile(r"^[^，。；]{0,20}决定[：:]")


def _is_personnel(section: Section) -> bool:
    return section.kind == "personnel" or (
        section.kind == "document" and bool(_PERSONNEL_TITLE_RE.search(section.title or ""))
    )


def _statements(gz: Gazette, section: Section) -> Iterator[tuple[str, list[int]]]:
    """Sentences of the notice with the clean offset of each character.

    The quirk: a sentence may keep a line break that ingestion could not tell from a
    paragraph end (``胡琼洲任…副局长，免去`` / ``其温州市…职务``); a break after anything but
    ``。``/``；``/``：`` is joined.
    """
    text = gz.text
    chars: list[str] = []
    index: list[int] = []
    for i in range(section.start, section.end):
        c = text[i]
        if c == "\n":
            prev = chars[-1] if chars else ""
            if prev and prev not in "。；;：:":
                continue
        if c in _STATEMENT_END or c in "：:":
            if chars:
                yield "".join(chars), index
            chars, index = [], []
            continue
        if c in " \u3000\t" and not chars:
            continue
        chars.append(c)
        index.append(i)
    if chars:
        yield "".join(chars), index


def _notes(post: str) -> tuple[str, list[str]]:
    """A post without its bracketed notes at the end, and the notes."""
    vocab = vocabulary()
    notes: list[str] = []
    while True:
        m = _NOTE_RE.search(post)
        if not m or not any(w in m.group("note") for w in vocab.notes):
            return post, notes
        notes.insert(0, m.group("note"))
        post = post[: m.start()].rstrip()


def split_posts(posts: str, vocab: Vocabulary | None = None) -> list[tuple[str, str, list[str]]]:
    """``总经理、副董事长`` after an organisation → [(org, 总经理, notes), (org, 副董事长, notes)]."""
    vocab = vocab or vocabulary()
    out: list[tuple[str, str, list[str]]] = []
    org = ""
    for piece, _, _ in split_outside_brackets(posts):
        piece = re.sub(r"(?:职务|职)$", "", piece)
        piece, notes = _notes(piece)
        piece = re.sub(r"(?:职务|职)$", "", piece)  # 副主任（兼）职务
        if not piece:
            continue
        if vocab.head_suffix_re.fullmatch(piece) and org:
            out.append((org, piece, notes))
            continue
        o, position = split_post(piece, vocab)
        if o:
            org = o
        elif org:
            o = org
        out.append((o, position, notes))
    return out


def _names(names: str) -> list[str]:
    return [clean_name(n.removesuffix("同志")) for n in names.split("、") if n]


def _document_of(ex: Extraction, section: Section) -> DocumentRecord | None:
    line = section.header.number_line if section.header else section.line
    return next((d for d in ex.documents if d.prov.line == line), None)


def extract_appointments(gz: Gazette, ex: Extraction) -> list[Appointment]:
    """Every appointment and removal of the personnel notices, in text order."""
    vocab = vocabulary()
    out: list[Appointment] = []
    for section in gz.sections:
        if not _is_personnel(section):
            continue
        doc = _document_of(ex, section)
        doc_key = doc.key if doc else (section.header.doc_id if section.header else section.title) or None
        date = doc.date if doc else None
        for raw_sentence, index in _statements(gz, section):
            pre = _PREAMBLE_RE.match(raw_sentence)
            k = pre.end() if pre else 0
            sentence = raw_sentence[k:].rstrip()
            k += len(sentence) - len(sentence.lstrip())
            sentence = sentence.strip()
            if not sentence:
                continue
            offset, end = index[k], index[k + len(sentence) - 1] + 1
            events: list[tuple[str, AppointmentAction, str, str, list[str]]] = []
            m = _REMOVE_RE.match(sentence) or _NO_LONGER_RE.match(sentence)
            if m:
                names = _names(m.group("names"))
                for org, position, notes in split_posts(m.group("posts"), vocab):
                    events += [(n, "remove", org, position, notes) for n in names]
            else:
                m = _NAMED_APPOINT_RE.match(sentence) or _APPOINT_RE.match(sentence)
                if not m:
                    continue
                names = _names(m.group("names"))
                extra = ["兼"] if m.groupdict().get("verb") == "兼任" else []
                for org, position, notes in split_posts(m.group("posts"), vocab):
                    events += [(n, "appoint", org, position, notes + extra) for n in names]
                if m.group("removed"):
                    for org, position, notes in split_posts(m.group("removed"), vocab):
                        events += [(n, "remove", org, position, notes) for n in names]
            if not all(is_name(n, vocab) for n in names):
                log.debug("%s: not a personnel decision: %s", gz.name, sentence[:40])
                continue
            for person, action, org, position, notes in events:
                if not vocab.head_suffix_re.search(position) and not org:
                    log.debug("%s: no position recognised in %r", gz.name, position)
                    continue
                probation = next((n for n in notes if _PROBATION_RE.search(n)), None)
                rank = [n for n in notes if n != probation]
                out.append(
                    Appointment(
                        person=person,
                        action=action,
                        position=position,
                        organization=org,
                        rank_note="；".join(rank) or None,
                        probation=probation,
                        doc_key=doc_key,
                        date=date,
                        prov=gz.provenance(offset, end, EXTRACTOR),
                    )
                )
    log.debug("%s: %d appointments", gz.name, len(out))
    return out
