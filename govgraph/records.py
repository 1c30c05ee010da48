"""Typed records that flow between govgraph's stages.

Every record is a small frozen dataclass carrying a :class:`Provenance`: the
gazette file, the 1-based line and the character span in the *original* file,
and the evidence text.  Records serialise to the gold format of
``shared/gold/FORMAT.md`` through :meth:`to_gold`, with the provenance fields
added (``line`` is part of the gold format; ``span``/``evidence`` are extras).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["lead", "participant", "unspecified"]
DutyRelation = Literal["supervises", "assists", "liaises", "directs"]
AppointmentAction = Literal["appoint", "remove"]
ReferenceRelation = Literal["repeals", "based_on", "amends", "issues", "cites"]
SectionKind = Literal[
    "cover",  # cover, editorial board, photo captions
    "toc",  # table of contents
    "document",  # an official document (文件)
    "personnel",  # 人事任免
    "news",  # 政务简讯
    "chronicle",  # 政府记事
    "issuance_list",  # 发文目录
    "statistics",  # 统计资料
    "interpretation",  # 政策解读
    "feature",  # feature articles, back-cover stories
    "other",
]


def make_key(*parts: object) -> str:
    """Deterministic short key from the parts (followthemoney's ``make_key``)."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact was read: file, 1-based line, character span in the raw file; for a
    paged source (PDF), also the printed page and the line on it."""

    source: str  # gazette file name (not the full path: stable across machines)
    line: int
    start: int  # character offset in the decoded original text (a PDF's: the text read from it)
    end: int
    evidence: str  # the cleaned text the fact was read from
    extractor: str = ""
    page: int | None = None  # 1-based page of a paged source, where the evidence starts
    page_line: int | None = None  # 1-based line on that page (reading order, furniture aside)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class IssueMeta:
    source: str
    year: int | None
    number: int | None
    serial: int | None

    def to_gold(self) -> dict[str, Any]:
        return {"year": self.year, "number": self.number, "serial": self.serial}


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """An official document printed in the issue (文件 / titled notice)."""

    doc_number: str | None  # as printed, cleaned of spaces: 温政办〔2022〕80号
    doc_id: str | None  # normalised identifier (see govgraph.docnum)
    title: str
    issuer: str | None
    date: str | None  # ISO signing date
    standard_id: str | None  # ZJCC01-2022-0019
    addressees: str | None
    attachments: tuple[str, ...]
    prov: Provenance

    @property
    def key(self) -> str:
        return self.doc_id or self.title

    def to_gold(self) -> dict[str, Any]:
        return {
            "line": self.prov.line,
            "doc_number": self.doc_number,
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date,
            "standard_id": self.standard_id,
            "attachments": list(self.attachments),
            **_prov_extras(self.prov),
        }


@dataclass(frozen=True, slots=True)
class Task:
    """A node of a document's task tree (一、 → （一） → 1. → （1））."""

    doc_key: str
    path: tuple[str, ...]  # e.g. ("二", "（三）", "1.")
    heading: str
    text: str
    target: str | None  # 到2027年… where stated
    prov: Provenance

    @property
    def key(self) -> str:
        return make_key(self.doc_key, *self.path)


@dataclass(frozen=True, slots=True)
class ResponsibilityClause:
    """One 责任单位/牵头单位 clause (or table row) and its units."""

    doc_number: str | None
    doc_key: str
    task: str  # short name of the task, for reading
    task_path: tuple[str, ...]
    task_text: str
    units: tuple[str, ...]  # mentions as printed, in order, without '*'
    lead: tuple[str, ...]  # lead units when the document says; () otherwise
    convention: str  # how the lead was decided: star | first_listed | field | inline | none
    prov: Provenance
    #: each unit's role as printed (数据提供单位, 牵头单位, a column name, 牵头 / 配合), "" if none
    labels: tuple[str, ...] = ()

    def label_of(self, unit: str) -> str:
        """The role the document prints for ``unit`` ("" when it prints none)."""
        return next((lb for u, lb in zip(self.units, self.labels, strict=False) if u == unit), "")

    def role_of(self, unit: str) -> Role:
        if unit in self.lead:
            return "lead"
        return "participant" if self.lead else "unspecified"

    def to_gold(self) -> dict[str, Any]:
        return {
            "line": self.prov.line,
            "doc_number": self.doc_number,
            "task": self.task,
            "units": list(self.units),
            "lead": list(self.lead),
            "task_path": list(self.task_path),
            "convention": self.convention,
            "labels": list(self.labels),
            **_prov_extras(self.prov),
        }


@dataclass(frozen=True, slots=True)
class Appointment:
    """One appointment or removal of one person to/from one post."""

    person: str
    action: AppointmentAction
    position: str
    organization: str
    rank_note: str | None  # 正县长级, 挂职, 兼 …
    probation: str | None  # 试用期一年
    doc_key: str | None
    date: str | None
    prov: Provenance

    def to_gold(self) -> dict[str, Any]:
        return {
            "line": self.prov.line,
            "person": self.person,
            "action": self.action,
            "position": self.position,
            "organization": self.organization,
            "rank_note": self.rank_note,
            "probation": self.probation,
            **_prov_extras(self.prov),
        }


@dataclass(frozen=True, slots=True)
class LeaderDuty:
    """One (leader, relation, unit) statement of a division-of-work notice."""

    person: str
    role: str
    relation: DutyRelation
    unit: str
    doc_number: str | None
    doc_key: str | None
    date: str | None
    prov: Provenance
    #: Stated by a notice that adjusts earlier assignments (调整分工, 增加分管): it ends the
    #: earlier assignment of the same unit, not the whole earlier notice.
    adjustment: bool = False

    def to_gold(self) -> dict[str, Any]:
        return {
            "line": self.prov.line,
            "person": self.person,
            "role": self.role,
            "relation": self.relation,
            "unit": self.unit,
            **_prov_extras(self.prov),
        }


@dataclass(frozen=True, slots=True)
class LeaderPortfolio:
    """The 负责 domains of a leader in a division-of-work notice (text only)."""

    person: str
    role: str
    domains: str
    doc_key: str | None
    date: str | None
    prov: Provenance


@dataclass(frozen=True, slots=True)
class Reference:
    """A cross-document reference: ``from_doc`` mentions ``to_doc``."""

    from_doc: str  # citing document number, or its title
    to_doc: str  # cited document number, or its title in 《》
    to_title: str | None  # the 《title》 when printed
    to_id: str | None  # normalised document id when a number is printed
    relation: ReferenceRelation
    prov: Provenance

    def to_gold(self) -> dict[str, Any]:
        return {
            "line": self.prov.line,
            "from": self.from_doc,
            "to": self.to_doc,
            "relation": self.relation,
            "to_title": self.to_title,
            **_prov_extras(self.prov),
        }


@dataclass(frozen=True, slots=True)
class Official:
    """A (person, title) pair stated in the issue."""

    person: str
    title: str
    organization: str | None
    prov: Provenance

    def to_gold(self) -> dict[str, Any]:
        return {
            "line": self.prov.line,
            "person": self.person,
            "title": self.title,
            **_prov_extras(self.prov),
        }


@dataclass(frozen=True, slots=True)
class PlaceCue:
    """A line that says where a gazette or document comes from, for the jurisdiction of its
    documents (:mod:`govgraph.resolve.jurisdiction` weighs them)."""

    # masthead | source | signature | issuer | docnum | cited | head | date | level | relative
    # | text | self | organ | central
    kind: str
    text: str  # what was printed (a place name for ``text`` cues)
    line: int  # 1-based line (the first one for ``text`` cues)
    count: int = 1  # how often a ``text`` cue's place is named


@dataclass(frozen=True, slots=True)
class Mention:
    """An agency/person/title mention found in text, before resolution."""

    text: str
    label: Literal["ORG", "PERSON", "TITLE", "COLLECTIVE"]
    prov: Provenance
    entity_id: str | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one gazette."""

    source: str
    issue: IssueMeta
    documents: list[DocumentRecord] = field(default_factory=list)
    responsibilities: list[ResponsibilityClause] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    leader_duties: list[LeaderDuty] = field(default_factory=list)
    portfolios: list[LeaderPortfolio] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    place_cues: list[PlaceCue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Extractors that failed on this gazette (file, extractor, exception); their records are missing.
    errors: list[str] = field(default_factory=list)

    def to_gold(self) -> dict[str, Any]:
        return {
            "gazette": self.source,
            "issue": self.issue.to_gold(),
            "documents": [r.to_gold() for r in self.documents],
            "responsibilities": [r.to_gold() for r in self.responsibilities],
            "appointments": [r.to_gold() for r in self.appointments],
            "leader_duties": [r.to_gold() for r in self.leader_duties],
            "references": [r.to_gold() for r in self.references],
            "officials": [r.to_gold() for r in self.officials],
            "warnings": list(self.warnings),
        }


def _prov_extras(prov: Provenance) -> dict[str, Any]:
    extras: dict[str, Any] = {"span": [prov.start, prov.end], "evidence": prov.evidence}
    if prov.page is not None:
        extras["page"] = prov.page
        extras["page_line"] = prov.page_line
    return extras


# The record lists of an Extraction that a build counts, in report order.
RECORD_KINDS = (
    "documents",
    "tasks",
    "responsibilities",
    "leader_duties",
    "appointments",
    "references",
    "officials",
)
