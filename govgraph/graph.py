"""Extraction records + a resolver → RDF triples on the govgraph ontology, and a networkx view.

Two ways in:

* :func:`build_graph` returns an :class:`rdflib.Graph` (comfortable up to a few 100k triples);
* :func:`iter_triples` yields the triples of one extraction, so that a large corpus can be
  streamed to N-Triples or a pyoxigraph store without ever holding an rdflib Graph.

Facts that span gazettes need the whole corpus first: a division-of-work notice is valid until
the same government's next notice, a document cited by title links to the corpus document of
that title, a repealed document gets the repealing document's date.  :class:`GraphContext`
collects those in a cheap first pass (:meth:`GraphContext.add`), then :meth:`~GraphContext.finish`.

IRIs are derived from canonical names and normalised document numbers (percent-encoded UTF-8),
never from counters or blank nodes, so a rebuild and a build of an overlapping corpus give the
same IRIs.  Every fact node carries its provenance (PROV-O + gg:sourceLine/charStart/charEnd/
evidence).  :class:`FactView` reads the triples back into the networkx schema of CONTRACTS.md
and into the tables of the CSV export, so all outputs carry the same facts.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Protocol
from urllib.parse import quote

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from govgraph import namespace
from govgraph.docnum import normalize_doc_number
from govgraph.namespace import ID, PREFIXES
from govgraph.records import (
    Appointment,
    DocumentRecord,
    Extraction,
    LeaderDuty,
    Official,
    Provenance,
    Reference,
    ResponsibilityClause,
    Task,
    make_key,
)

log = logging.getLogger(__name__)


def _snapshot(ns: Any) -> Any:
    """A namespace's terms as plain attributes: still closed (a typo is an AttributeError), but
    without ``DefinedNamespace.__getattr__`` on every lookup of a hot path (millions of triples)."""
    names = [n for n in ns.__annotations__ if not n.startswith("_")]
    return SimpleNamespace(**{n: ns[n] for n in names})


GG = _snapshot(namespace.GG)
ELI = _snapshot(namespace.ELI)
DCTERMS, FOAF, ORG, PROV, RDF, SKOS, TIME, XSD = (
    _snapshot(ns)
    for ns in (
        namespace.DCTERMS,
        namespace.FOAF,
        namespace.ORG,
        namespace.PROV,
        namespace.RDF,
        namespace.SKOS,
        namespace.TIME,
        namespace.XSD,
    )
)

Triple = tuple[URIRef, URIRef, Node]


class EntityLike(Protocol):
    """The part of :class:`govgraph.resolve.Entity` the graph reads."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def in_registry(self) -> bool: ...
    @property
    def level(self) -> str | None: ...
    @property
    def org_kind(self) -> str | None: ...
    @property
    def parent(self) -> str | None: ...


class ResolverLike(Protocol):
    """The part of :class:`govgraph.resolve.Resolver` the graph calls.  A resolver that also has
    ``jurisdictions(extraction)`` (the real one) resolves each mention in the jurisdiction of its
    document and is told each resolution (``count``) for the build report."""

    def resolve_agency(self, mention: str) -> EntityLike: ...
    def resolve_person(self, name: str) -> EntityLike: ...
    def post(self, organization: EntityLike | None, title: str) -> EntityLike: ...
    def entities(self) -> Sequence[EntityLike]: ...


# ---------------------------------------------------------------------------------------------
# IRIs

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RE = re.compile(r"(?:19|20)\d{2}")
_TITLE_MARKS = "《》<>〈〉"

ROLE_TERMS: dict[str, URIRef] = {
    "lead": GG.Lead,
    "participant": GG.Participant,
    "unspecified": GG.Unspecified,
}
DUTY_TERMS: dict[str, URIRef] = {
    "supervises": GG.supervises,
    "assists": GG.assistsSupervising,
    "liaises": GG.liaisesWith,
    "directs": GG.directs,
}
REFERENCE_TERMS: dict[str, URIRef] = {
    "repeals": ELI.repeals,
    "based_on": ELI.based_on,
    "amends": ELI.amends,
    "issues": GG.issues,
    "cites": ELI.cites,
}


def _seg(text: str) -> str:
    return quote(text, safe="")


# The IRIs of entities and gazettes come back on every fact that names them: made once each
# (percent-encoding and rdflib's IRI check were a sixth of emitting a triple).
@lru_cache(maxsize=1 << 16)
def entity_iri(entity_id: str) -> URIRef:
    """``agency/温州市经济和信息化局`` → ``…/id/agency/%E6%B8%A9…`` (the resolver's '/' kept)."""
    return URIRef(ID + quote(entity_id, safe="/"))


def document_iri(key: str) -> URIRef:
    """A document by its normalised 文号 (or its title when it has none)."""
    return URIRef(f"{ID}document/{_seg(key)}")


@lru_cache(maxsize=1 << 12)
def gazette_iri(source: str) -> URIRef:
    return URIRef(f"{ID}gazette/{_seg(source)}")


def task_iri(doc: URIRef, path: Sequence[str]) -> URIRef:
    """``id/task/<document>/<path…>``: the document's local part, then one segment per level."""
    local = str(doc)[len(f"{ID}document/") :]
    return URIRef(f"{ID}task/{local}/" + "/".join(_seg(p) for p in path))


def instant_iri(date: str) -> URIRef:
    return URIRef(f"{ID}instant/{date}")


def place_iri(code: str) -> URIRef:
    """A division (GB/T 2260 code) or a township inside one (``420204/石鱼镇``)."""
    return URIRef(f"{ID}place/" + quote(code, safe="/"))


def role_iri(title: str) -> URIRef:
    return URIRef(f"{ID}role/{_seg(title)}")


_ACTING_RE = re.compile(r"^(代理|代)(?=[\u4e00-\u9fff]*[长任席记]$)")


def acting_split(title: str) -> tuple[str, str | None]:
    """(the post's title, the acting qualifier): 代理市长 → (市长, 代理), 代市长 → (市长, 代).

    An acting holder holds the post itself; 代理/代 qualifies the holding, it is no other post."""
    m = _ACTING_RE.match(title)
    if m and len(title) > len(m.group(1)) + 1:
        return title[m.end() :], m.group(1)
    return title, None


def position_of(title: str, organization: str | None) -> str:
    """The position of a title printed with its organisation (温州市农业农村局副局长 → 副局长):
    the post is (organisation, position), whichever way the text printed it."""
    title = re.sub(r"\s+", "", title)
    org = re.sub(r"\s+", "", organization or "")
    if org and title.startswith(org) and len(title) > len(org):
        return title[len(org) :]
    return title


def fact_iri(kind: str, prov: Provenance | None, *parts: object) -> URIRef:
    """``id/<kind>/<key>``: a hash of where the fact was read and what it says."""
    where = (prov.source, prov.start, prov.end) if prov is not None else ()
    return URIRef(f"{ID}{kind}/{make_key(*where, *parts)}")


def _strip_title(text: str) -> str:
    return text.strip().strip(_TITLE_MARKS).strip()


_LITERALS: dict[tuple[type, object, str | None], Literal] = {}
_LITERALS_MAX = 200_000


def _lit(value: object, lang: str | None = None) -> Literal:
    """``Literal(value, lang=lang)``, shared for values that recur (offsets, names, paths):
    rdflib spends microseconds creating a Literal, the largest cost of emitting a triple."""
    key = (type(value), value, lang)  # the type: 1 and True are equal keys
    term = _LITERALS.get(key)
    if term is None:
        if len(_LITERALS) >= _LITERALS_MAX:
            _LITERALS.clear()
        term = _LITERALS[key] = Literal(value, lang=lang)
    return term


def _zh(text: str) -> Literal:
    return _lit(text, "zh")


def _date(text: str | None) -> Literal | None:
    if text and _ISO_DATE_RE.match(text):
        return Literal(text, datatype=XSD.date)
    if text:
        log.warning("ignoring a date that is not ISO yyyy-mm-dd: %r", text)
    return None


# ---------------------------------------------------------------------------------------------
# Corpus context


@dataclass(slots=True)
class _Notice:
    government: str
    date: str | None
    adjustment: bool = False  # 调整分工: ends only the assignments it replaces


def _unit_key(unit: str) -> str:
    return re.sub(r"\s+", "", unit)


@dataclass
class GraphContext:
    """What a fact needs to know about the rest of the corpus, plus streaming bookkeeping.

    Fill it with :meth:`add` for every extraction (cheap: documents and duty notices only),
    call :meth:`finish`, then stream :func:`iter_triples` extraction by extraction.
    """

    titles: dict[str, URIRef] = field(default_factory=dict)
    dates: dict[URIRef, str] = field(default_factory=dict)
    corpus_documents: set[URIRef] = field(default_factory=set)
    notices: dict[URIRef, _Notice] = field(default_factory=dict)
    valid_until: dict[URIRef, str] = field(default_factory=dict)
    #: (government, relation, unit) → [(date, person, adjustment)] of every dated duty.
    assignments: dict[tuple[str, str, str], list[tuple[str, str, bool]]] = field(default_factory=dict)
    #: (government, relation, unit, person, date) → the date a later adjustment reassigned the unit.
    duty_until: dict[tuple[str, str, str, str, str], str] = field(default_factory=dict)
    described: set[str] = field(default_factory=set)
    parents_wanted: set[str] = field(default_factory=set)
    _doc_maps: dict[str, dict[str, URIRef]] = field(default_factory=dict)
    _finished: bool = False

    @classmethod
    def from_extractions(cls, extractions: Iterable[Extraction]) -> GraphContext:
        ctx = cls()
        for ex in extractions:
            ctx.add(ex)
        ctx.finish()
        return ctx

    # -- first pass ----------------------------------------------------------------------------
    def add(self, extraction: Extraction) -> None:
        docs = self.documents_of(extraction)
        for d in extraction.documents:
            iri = docs[d.key]
            self.corpus_documents.add(iri)
            self.titles.setdefault(_title_key(d.title), iri)
            if d.date and _ISO_DATE_RE.match(d.date):
                self.dates.setdefault(iri, d.date)
        for duty in extraction.leader_duties:
            doc = self.document_of(extraction, duty.doc_key or duty.doc_number)
            government = self.duty_government(extraction, duty)
            date = duty.date or (self.dates.get(doc) if doc is not None else None)
            if date and _ISO_DATE_RE.match(date):
                key = (government, duty.relation, _unit_key(duty.unit))
                self.assignments.setdefault(key, []).append((date, duty.person, duty.adjustment))
            if doc is not None:
                self.notices.setdefault(doc, _Notice(government, date, duty.adjustment))
        self._finished = False

    def duty_government(self, extraction: Extraction, duty: LeaderDuty) -> str:
        """Whose division of work a duty is: the notice's issuer, else the text it was read
        from (a reprint without its issuer is not merged with another government's)."""
        for d in extraction.documents:
            if duty.doc_key and duty.doc_key in (d.key, d.doc_number, d.title):
                return d.issuer or extraction.source
        return extraction.source

    def finish(self) -> None:
        """A division-of-work notice is valid until the same government's next later notice;
        an adjustment notice (调整分工) ends only the earlier assignments of the units it gives
        to another leader, not the whole earlier notice."""
        by_government: dict[str, list[tuple[str, URIRef, bool]]] = defaultdict(list)
        for doc, notice in self.notices.items():
            if notice.date:
                by_government[notice.government].append((notice.date, doc, notice.adjustment))
        self.valid_until.clear()
        for items in by_government.values():
            full = sorted({d for d, _, adjustment in items if not adjustment})
            for date, doc, _ in items:
                later = [d for d in full if d > date]
                if later:
                    self.valid_until[doc] = later[0]
        self.duty_until.clear()
        for (government, relation, unit), stated in self.assignments.items():
            adjustments = sorted({(d, p) for d, p, adjustment in stated if adjustment})
            for date, person, _ in stated:
                ends = [d for d, p in adjustments if d > date and p != person]
                if ends:
                    self.duty_until[(government, relation, unit, person, date)] = ends[0]
        self._finished = True

    # -- lookups -------------------------------------------------------------------------------
    def documents_of(self, extraction: Extraction) -> dict[str, URIRef]:
        """The extraction's documents by every key a record may use (key, 文号 as printed, title)."""
        cached = self._doc_maps.get(extraction.source)
        if cached is not None:
            return cached
        out: dict[str, URIRef] = {}
        for d in extraction.documents:
            iri = _own_document_iri(d, extraction.issue.year)
            for k in (d.key, d.doc_id, d.doc_number, d.title):
                if k:
                    out.setdefault(k, iri)
        self._doc_maps[extraction.source] = out
        return out

    def document_of(self, extraction: Extraction, key: str | None) -> URIRef | None:
        """The IRI of a document named by number or title, inside or outside the corpus."""
        if not key:
            return None
        own = self.documents_of(extraction).get(key)
        if own is not None:
            return own
        doc_id = normalize_doc_number(key)
        # Only a key that *is* a number: a title may contain one (关于废止温政办〔2018〕96号文件的通知).
        if doc_id is not None and len(doc_id) >= len(re.sub(r"\s+", "", key)) - 2:
            return document_iri(doc_id)
        title = _strip_title(key)
        return self.titles.get(_title_key(title)) or document_iri(title)


def _title_key(title: str) -> str:
    return re.sub(r"\s+", "", _strip_title(title))


def _own_document_iri(d: DocumentRecord, year: int | None) -> URIRef:
    """Numbered documents by their normalised 文号; unnumbered notices by title, dated by the
    issue year when the title has none (every year has a 2月份市政府人事任免)."""
    if d.doc_id:
        return document_iri(d.doc_id)
    if year is not None and not _YEAR_RE.search(d.title):
        return URIRef(f"{ID}document/{year}/{_seg(d.title)}")
    return document_iri(d.title)


# ---------------------------------------------------------------------------------------------
# Triples


def _provenance(node: URIRef, prov: Provenance) -> Iterator[Triple]:
    yield node, PROV.wasDerivedFrom, gazette_iri(prov.source)
    yield node, GG.sourceLine, _lit(prov.line)
    if prov.page is not None:
        yield node, GG.sourcePage, _lit(prov.page)
        yield node, GG.sourcePageLine, _lit(prov.page_line)
    yield node, GG.charStart, _lit(prov.start)
    yield node, GG.charEnd, _lit(prov.end)
    yield node, GG.evidence, Literal(prov.evidence)
    if prov.extractor:
        yield node, GG.extractor, _lit(prov.extractor)


class _Emitter:
    """Turns one extraction's records into triples; entity descriptions are emitted once."""

    def __init__(self, extraction: Extraction, resolver: ResolverLike, ctx: GraphContext) -> None:
        self.ex = extraction
        self.resolver = resolver
        self.ctx = ctx
        self.docs = ctx.documents_of(extraction)
        # Jurisdiction of each document (resolve.Resolver); None for a resolver without places.
        finder = getattr(resolver, "jurisdictions", None)
        self.places = finder(extraction) if finder is not None else None
        self._issuers = {self.docs[d.key]: d.issuer for d in extraction.documents}
        self._tasks: dict[tuple[URIRef, tuple[str, ...]], Task] = {}
        # The post each (person, title as printed) was given by a duty or an appointment of this
        # extraction: an official's statement of the same title names the same post.
        self._held: dict[tuple[str, str], URIRef] = {}
        for t in extraction.tasks:
            doc = ctx.document_of(extraction, t.doc_key)
            if doc is not None:
                self._tasks.setdefault((doc, tuple(t.path)), t)

    # -- entities ------------------------------------------------------------------------------
    def entity(self, entity: EntityLike) -> Iterator[Triple]:
        if entity.id in self.ctx.described:
            return
        self.ctx.described.add(entity.id)
        yield from describe_entity(entity)
        yield from self.place(getattr(entity, "place_code", None), getattr(entity, "jurisdiction", None))
        if entity.parent:
            self.ctx.parents_wanted.add(entity.parent)

    def where(self, doc_key: str | None, line: int | None) -> Any:
        """The jurisdiction of the document a record belongs to (None: no places known)."""
        return self.places.of(doc_key, line) if self.places is not None else None

    def agency(self, mention: str, where: Any = None, doc: str = "") -> tuple[URIRef, list[Triple]]:
        if where is None:
            ent = self.resolver.resolve_agency(mention)
        else:
            ent = self.resolver.resolve_agency(mention, where)  # type: ignore[call-arg]
            self.resolver.count(self.ex.source, doc, ent)  # type: ignore[attr-defined]
        return entity_iri(ent.id), list(self.entity(ent))

    def place(self, code: str | None, name: str | None) -> Iterator[Triple]:
        """A place node, described once: dcterms:Location with its name and code."""
        if not code or f"place/{code}" in self.ctx.described:
            return
        self.ctx.described.add(f"place/{code}")
        iri = place_iri(code)
        yield iri, RDF.type, DCTERMS.Location
        if name:
            yield iri, SKOS.prefLabel, _zh(name)
        yield iri, SKOS.notation, _lit(code)

    def post(
        self, organization: EntityLike | None, title: str, where: Any = None
    ) -> tuple[URIRef, list[Triple]]:
        """The post ``title`` of ``organization``: one entity per (body, title); an acting
        qualifier (代理市长, 代市长) is not part of the post (see :func:`acting_split`)."""
        title = acting_split(re.sub(r"\s+", "", title))[0]
        if where is None:
            post = self.resolver.post(organization, title)
        else:
            post = self.resolver.post(organization, title, where)  # type: ignore[call-arg]
        title = re.sub(r"\s+", "", title)
        iri = entity_iri(post.id)
        if post.id in self.ctx.described:
            return iri, []
        self.ctx.described.add(post.id)
        out: list[Triple] = [
            (iri, RDF.type, ORG.Post),
            (iri, SKOS.prefLabel, _zh(post.name)),
            (iri, ORG.role, role_iri(title)),
            (role_iri(title), RDF.type, ORG.Role),
            (role_iri(title), SKOS.prefLabel, _zh(title)),
        ]
        if organization is not None:
            out.append((iri, ORG.postIn, entity_iri(organization.id)))
            out += self.entity(organization)
        elif post.parent:
            out.append((iri, ORG.postIn, entity_iri(post.parent)))
            self.ctx.parents_wanted.add(post.parent)
        return iri, out

    # -- records -------------------------------------------------------------------------------
    def gazette(self) -> Iterator[Triple]:
        g = gazette_iri(self.ex.source)
        yield g, RDF.type, PROV.Entity
        yield g, DCTERMS.identifier, Literal(self.ex.source)
        yield g, SKOS.prefLabel, _zh(self.ex.source)

    def document(self, d: DocumentRecord) -> Iterator[Triple]:
        iri = self.docs[d.key]
        yield iri, RDF.type, ELI.LegalResource
        yield iri, SKOS.prefLabel, _zh(d.doc_id or d.title)
        if d.title:
            yield iri, ELI.title, _zh(d.title)
        if d.doc_id:
            yield iri, ELI.id_local, Literal(d.doc_id)
        if d.doc_number:
            yield iri, DCTERMS.identifier, Literal(d.doc_number)
        if d.standard_id:
            yield iri, GG.standardId, Literal(d.standard_id)
        date = _date(d.date)
        if date is not None:
            yield iri, ELI.date_document, date
        where = self.where(d.key, d.prov.line)
        if where is not None:
            if where.place is not None:
                code = where.place.code
                yield from self.place(code, where.label)
                yield iri, DCTERMS.spatial, place_iri(code)
            yield iri, GG.jurisdictionBasis, _lit(where.basis)
        if d.issuer:
            issuer, triples = self.agency(d.issuer, where, d.key)
            yield from triples
            yield iri, DCTERMS.creator, issuer
        yield from _provenance(iri, d.prov)

    def unidentified_documents(self) -> Iterator[Triple]:
        """A text whose tasks and clauses belong to a document printed without a title or a
        文号 (an excerpt, a page cut above its header): still an eli:LegalResource, labelled by
        the file it was read from (issue 12)."""
        own = set(self.documents_of_extraction())
        keys = {doc for doc, _ in self._tasks} | {
            self.document_ref(c.doc_key or c.doc_number) for c in self.ex.responsibilities
        }
        known = own | self.ctx.corpus_documents
        for doc in sorted(k for k in keys if k is not None and k not in known):
            yield doc, RDF.type, ELI.LegalResource
            yield doc, SKOS.prefLabel, _zh(f"{self.ex.source}（未具名文件）")
            yield doc, PROV.wasDerivedFrom, gazette_iri(self.ex.source)

    def documents_of_extraction(self) -> list[URIRef]:
        return list(self.ctx.documents_of(self.ex).values())

    def tasks(self) -> Iterator[Triple]:
        for (doc, path), t in sorted(self._tasks.items()):
            iri = task_iri(doc, path)
            yield iri, RDF.type, GG.Task
            yield iri, SKOS.prefLabel, _zh(t.heading or "/".join(path))
            if t.heading:
                yield iri, GG.heading, _zh(t.heading)
            if t.text:
                yield iri, GG.text, Literal(t.text)
            if t.target:
                yield iri, GG.target, Literal(t.target)
            yield iri, GG.taskPath, _lit("/".join(path))
            yield iri, GG.inDocument, doc
            parent = self._nearest_task(doc, path[:-1])
            if parent is not None:
                yield iri, GG.subTaskOf, parent
            yield from _provenance(iri, t.prov)

    def _nearest_task(self, doc: URIRef, path: tuple[str, ...]) -> URIRef | None:
        while path:
            if (doc, path) in self._tasks:
                return task_iri(doc, path)
            path = path[:-1]
        return None

    def document_ref(self, key: str | None) -> URIRef | None:
        return self.ctx.document_of(self.ex, key)

    def responsibility(self, c: ResponsibilityClause) -> Iterator[Triple]:
        doc = self.document_ref(c.doc_key or c.doc_number)
        if doc is None:
            log.warning("%s:%d: responsibility clause without a document", c.prov.source, c.prov.line)
            return
        path = tuple(c.task_path)
        own = self._task_record(doc, path)
        if own is not None and (not c.task or c.task == own.heading):
            task = task_iri(doc, path)
        else:
            # A table row or a sentence: its own task, under the nearest heading of the tree.
            task = task_iri(doc, (*path, "~" + make_key(c.task, c.task_text)))
            yield task, RDF.type, GG.Task
            yield task, RDF.type, GG.ClauseTask
            yield task, SKOS.prefLabel, _zh(c.task or c.task_text[:40] or "/".join(path))
            if c.task:
                yield task, GG.heading, _zh(c.task)
            if c.task_text:
                yield task, GG.text, Literal(c.task_text)
            yield task, GG.taskPath, _lit("/".join(path))
            yield task, GG.inDocument, doc
            parent = self._nearest_task(doc, path)
            if parent is not None:
                yield task, GG.subTaskOf, parent
            yield from _provenance(task, c.prov)
        where = self.where(c.doc_key, c.prov.line)
        for i, mention in enumerate(c.units):
            unit, triples = self.agency(mention, where, c.doc_key)
            yield from triples
            node = fact_iri("assignment", c.prov, i, mention)
            yield node, RDF.type, GG.ResponsibilityAssignment
            yield node, GG.task, task
            yield node, GG.unit, unit
            yield node, GG.role, ROLE_TERMS[c.role_of(mention)]
            yield node, GG.leadConvention, _lit(c.convention or "none")
            label = c.labels[i] if i < len(c.labels) else ""
            if label:
                yield node, GG.roleLabel, _zh(label)
            yield node, GG.inDocument, doc
            yield from _provenance(node, c.prov)

    def _task_record(self, doc: URIRef, path: tuple[str, ...]) -> Task | None:
        return self._tasks.get((doc, path))

    def duty(self, d: LeaderDuty) -> Iterator[Triple]:
        doc = self.document_ref(d.doc_key or d.doc_number)
        leader = self.resolver.resolve_person(d.person)
        yield from self.entity(leader)
        leader_iri = entity_iri(leader.id)
        issuer = self._issuer_of(doc)
        where = self.where(d.doc_key, d.prov.line)
        government = None
        if issuer:
            government = self._entity_of(issuer, where)
        post, triples = self.post(government, d.role, where)
        yield from triples
        self._held.setdefault((d.person, re.sub(r"\s+", "", d.role)), post)
        unit, triples = self.agency(d.unit, where, d.doc_key or "")
        yield from triples
        relation = DUTY_TERMS[d.relation]
        node = fact_iri("duty", d.prov, d.person, d.relation, d.unit)
        yield node, RDF.type, GG.DutyAssignment
        yield node, GG.leader, leader_iri
        yield node, GG.post, post
        yield node, GG.unit, unit
        yield node, GG.dutyRelation, relation
        valid_from = _date(d.date or (self.ctx.dates.get(doc) if doc is not None else None))
        if valid_from is not None:
            yield node, GG.validFrom, valid_from
        ends = []
        if doc is not None:
            yield node, GG.inDocument, doc
            ends.append(self.ctx.valid_until.get(doc))
        if valid_from is not None:
            government = self.ctx.duty_government(self.ex, d)
            key = (government, d.relation, _unit_key(d.unit), d.person, str(valid_from))
            ends.append(self.ctx.duty_until.get(key))
        until = _date(min((e for e in ends if e), default=None))
        if until is not None:
            yield node, GG.validUntil, until
        yield from _provenance(node, d.prov)
        yield leader_iri, relation, unit
        yield leader_iri, ORG.holds, post
        yield post, ORG.heldBy, leader_iri

    def _issuer_of(self, doc: URIRef | None) -> str | None:
        return self._issuers.get(doc) if doc is not None else None

    def appointment(self, a: Appointment) -> Iterator[Triple]:
        person = self.resolver.resolve_person(a.person)
        yield from self.entity(person)
        person_iri = entity_iri(person.id)
        where = self.where(a.doc_key, a.prov.line)
        org = None
        if a.organization:
            _, triples = self.agency(a.organization, where, a.doc_key or "")
            org = self._entity_of(a.organization, where)
            yield from triples
        post, triples = self.post(org, a.position, where)
        yield from triples
        if a.action == "appoint":
            # The text may restate the post with or without its organisation (县人民政府副县长,
            # 副县长): both statements are of the post the appointment gave.
            self._held.setdefault((a.person, re.sub(r"\s+", "", a.organization + a.position)), post)
            self._held.setdefault((a.person, re.sub(r"\s+", "", a.position)), post)
        node = fact_iri("appointment", a.prov, a.person, a.action, a.position, a.organization)
        yield node, RDF.type, GG.AppointmentEvent
        yield node, GG.action, _lit(a.action)
        yield node, GG.person, person_iri
        yield node, GG.post, post
        acting = acting_split(re.sub(r"\s+", "", a.position))[1]
        rank_note = "；".join(n for n in (acting, a.rank_note) if n)
        if rank_note:
            yield node, GG.rankNote, Literal(rank_note)
        if a.probation:
            yield node, GG.probation, Literal(a.probation)
        date = _date(a.date)
        if date is not None:
            yield node, DCTERMS.date, date
        doc = self.document_ref(a.doc_key)
        if doc is not None:
            yield node, GG.inDocument, doc
        yield from _provenance(node, a.prov)
        # The holding the event starts or ends: one org:Membership per (person, post).
        holding = fact_iri("holding", None, person.id, str(post))
        yield holding, RDF.type, ORG.Membership
        yield holding, ORG.member, person_iri
        yield holding, GG.post, post
        yield holding, ORG.role, role_iri(acting_split(re.sub(r"\s+", "", a.position))[0])
        if org is not None:
            yield holding, ORG.organization, entity_iri(org.id)
        yield holding, PROV.wasDerivedFrom, node
        if date is not None:
            interval = URIRef(f"{holding}/during")
            instant = instant_iri(str(date))
            yield holding, ORG.memberDuring, interval
            yield interval, RDF.type, TIME.Interval
            yield interval, TIME.hasBeginning if a.action == "appoint" else TIME.hasEnd, instant
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME.inXSDDate, date
        if a.action == "appoint":
            yield person_iri, ORG.holds, post
            yield post, ORG.heldBy, person_iri

    def reference(self, r: Reference) -> Iterator[Triple]:
        source = self.document_ref(r.from_doc)
        if source is None:
            return
        if r.to_id:
            target = document_iri(r.to_id)
        else:
            target = self.document_ref(r.to_title or r.to_doc)
            if target is None:
                return
        for doc, label, title, doc_id in (
            (source, normalize_doc_number(r.from_doc) or r.from_doc, None, normalize_doc_number(r.from_doc)),
            (target, r.to_id or _strip_title(r.to_doc), r.to_title, r.to_id),
        ):
            if doc in self.ctx.corpus_documents:
                continue
            yield doc, RDF.type, ELI.LegalResource
            yield doc, SKOS.prefLabel, _zh(_strip_title(label))
            if doc_id:
                yield doc, ELI.id_local, Literal(doc_id)
            if title:
                yield doc, ELI.title, _zh(_strip_title(title))
        relation = REFERENCE_TERMS[r.relation]
        node = fact_iri("reference", r.prov, r.from_doc, r.to_doc, r.relation)
        yield node, RDF.type, RDF.Statement
        yield node, RDF.subject, source
        yield node, RDF.predicate, relation
        yield node, RDF.object, target
        yield from _provenance(node, r.prov)
        yield source, relation, target
        if r.relation == "repeals":
            date = _date(self.ctx.dates.get(source))
            if date is not None:
                yield target, GG.repealedOn, date

    def official(self, o: Official) -> Iterator[Triple]:
        person = self.resolver.resolve_person(o.person)
        yield from self.entity(person)
        person_iri = entity_iri(person.id)
        held = self._held.get((o.person, re.sub(r"\s+", "", o.title)))
        if held is not None:
            post = held
        else:
            where = self.where(None, o.prov.line)
            org = None
            if o.organization:
                _, triples = self.agency(o.organization, where)
                org = self._entity_of(o.organization, where)
                yield from triples
            post, triples = self.post(org, position_of(o.title, o.organization), where)
            yield from triples
        node = fact_iri("statement", o.prov, o.person, o.title, o.organization)
        yield node, RDF.type, RDF.Statement
        yield node, RDF.subject, person_iri
        yield node, RDF.predicate, ORG.holds
        yield node, RDF.object, post
        yield from _provenance(node, o.prov)
        yield person_iri, ORG.holds, post
        yield post, ORG.heldBy, person_iri

    def _entity_of(self, mention: str, where: Any) -> EntityLike:
        """The entity of a mention (cached by the resolver: no second count)."""
        if where is None:
            return self.resolver.resolve_agency(mention)
        return self.resolver.resolve_agency(mention, where)  # type: ignore[call-arg]

    def all(self) -> Iterator[Triple]:
        yield from self.gazette()
        for d in self.ex.documents:
            yield from self.document(d)
        yield from self.unidentified_documents()
        yield from self.tasks()
        for c in self.ex.responsibilities:
            yield from self.responsibility(c)
        for duty in self.ex.leader_duties:
            yield from self.duty(duty)
        for a in self.ex.appointments:
            yield from self.appointment(a)
        for r in self.ex.references:
            yield from self.reference(r)
        for o in self.ex.officials:
            yield from self.official(o)


def describe_entity(entity: EntityLike, *, with_aliases: bool = False) -> Iterator[Triple]:
    """The triples of an agency, collective, person or post (posts: see ``_Emitter.post``).

    Aliases are left to :func:`iter_closing_triples` unless ``with_aliases``.
    """
    iri = entity_iri(entity.id)
    if entity.kind == "person":
        yield iri, RDF.type, FOAF.Person
        yield iri, FOAF.name, _zh(entity.name)
        yield iri, SKOS.prefLabel, _zh(entity.name)
        return
    if entity.kind == "post":
        yield iri, RDF.type, ORG.Post
        yield iri, SKOS.prefLabel, _zh(entity.name)
        if entity.parent:
            yield iri, ORG.postIn, entity_iri(entity.parent)
        return
    yield iri, RDF.type, GG.CollectiveActor if entity.kind == "collective" else ORG.Organization
    yield iri, SKOS.prefLabel, _zh(entity.name)
    if with_aliases:
        for alias in entity.aliases:
            if alias != entity.name:
                yield iri, SKOS.altLabel, _zh(alias)
    yield iri, GG.inRegistry, _lit(bool(entity.in_registry))
    resolved_by = getattr(entity, "resolved_by", None)
    if resolved_by:
        yield iri, GG.resolvedBy, _lit(resolved_by)
    code = getattr(entity, "place_code", None)
    if code:
        yield iri, DCTERMS.spatial, place_iri(code)
    if entity.level:
        yield iri, GG.level, _lit(entity.level)
    if entity.org_kind:
        yield iri, GG.orgKind, _lit(entity.org_kind)
    if entity.parent:
        yield iri, ORG.subOrganizationOf, entity_iri(entity.parent)


def iter_triples(extraction: Extraction, resolver: ResolverLike, context: GraphContext) -> Iterator[Triple]:
    """The triples of one extraction (may repeat a triple; sinks deduplicate).

    ``context`` must have seen every extraction of the corpus (:meth:`GraphContext.add`) and be
    finished; it also remembers which entities were already described, across calls.
    """
    if not context._finished:
        context.add(extraction)
        context.finish()
    yield from _Emitter(extraction, resolver, context).all()


def iter_closing_triples(resolver: ResolverLike, context: GraphContext) -> Iterator[Triple]:
    """What is known only once the whole corpus was read: aliases and parent bodies.

    The resolver learns a new printed form of a name (an alias) with every mention, so aliases
    are written from its final state, which does not depend on the order of the gazettes.
    Parents are bodies named by a described entity (org:subOrganizationOf, org:postIn) that the
    text never mentioned.
    """
    known = {e.id: e for e in resolver.entities()}
    for entity_id in sorted(context.described):
        entity = known.get(entity_id)
        if entity is not None and entity.kind != "person":
            iri = entity_iri(entity.id)
            for alias in entity.aliases:
                if alias != entity.name:
                    yield iri, SKOS.altLabel, _zh(alias)
    while True:
        wanted = sorted(context.parents_wanted - context.described)
        if not wanted:
            return
        for entity_id in wanted:
            context.described.add(entity_id)
            entity = known.get(entity_id) or _resolve_by_id(resolver, entity_id)
            if entity is None:
                log.warning("parent entity %s is unknown to the resolver", entity_id)
                continue
            yield from describe_entity(entity, with_aliases=True)
            if entity.parent:
                context.parents_wanted.add(entity.parent)


def _resolve_by_id(resolver: ResolverLike, entity_id: str) -> EntityLike | None:
    kind, _, name = entity_id.partition("/")
    if kind not in ("agency", "collective") or not name:
        return None
    entity = resolver.resolve_agency(name)
    return entity if entity.id == entity_id else None


def iter_corpus_triples(extractions: Sequence[Extraction], resolver: ResolverLike) -> Iterator[Triple]:
    """Every triple of a corpus: a first pass for the context, then one extraction at a time."""
    ctx = GraphContext.from_extractions(extractions)
    for ex in extractions:
        yield from iter_triples(ex, resolver, ctx)
    yield from iter_closing_triples(resolver, ctx)


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def build_graph(extractions: Iterable[Extraction], resolver: ResolverLike) -> Graph:
    """The RDF graph of a corpus (an rdflib Graph: use :func:`iter_corpus_triples` past ~500k triples)."""
    graph = bind_prefixes(Graph())
    add = graph.add
    for triple in iter_corpus_triples(list(extractions), resolver):
        add(triple)
    log.info("built graph: %d triples", len(graph))
    return graph


# ---------------------------------------------------------------------------------------------
# N-Triples lines (canonical form, no blank nodes)

_NT_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_NT_ESCAPES.update({c: f"\\u{c:04X}" for c in (*range(0x00, 0x20), 0x7F) if c not in _NT_ESCAPES})
_NT_ESCAPES[0x08] = "\\b"
_NT_ESCAPES[0x0C] = "\\f"
# The characters of _NT_ESCAPES: most lexical forms hold none, and a search is ten times cheaper
# than str.translate (which looks every character of CJK text up in the table).
_NT_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def nt_term(term: Node) -> str:
    if type(term) is URIRef or isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        lexical = f'"{text.translate(_NT_ESCAPES) if _NT_NEEDS_ESCAPE.search(text) else text}"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{lexical}^^<{term.datatype}>"
        return lexical
    raise TypeError(f"govgraph graphs have no blank nodes: {term!r}")


_NT_PREDICATES: dict[Node, str] = {}  # the vocabulary's few predicates, written once each


def nt_line(triple: Triple) -> str:
    s, p, o = triple
    predicate = _NT_PREDICATES.get(p)
    if predicate is None:
        predicate = nt_term(p)
        if len(_NT_PREDICATES) < 4096:
            _NT_PREDICATES[p] = predicate
    return f"{nt_term(s)} {predicate} {nt_term(o)} .\n"


# ---------------------------------------------------------------------------------------------
# Reading the facts back: networkx and tables

RELATION_LABELS: dict[str, str] = {
    "leads": "牵头",
    "participates": "配合",
    "assigned": "责任",
    "supervises": "分管",
    "assists": "协助分管",
    "liaises": "联系",
    "directs": "主持",
    "holds": "任职",
    "post_in": "隶属",
    "appointed": "任",
    "removed": "免",
    "repeals": "废止",
    "based_on": "依据",
    "amends": "修改",
    "issues": "印发",
    "cites": "引用",
    "in_document": "属于",
    "subtask_of": "下级任务",
    "sub_organization_of": "隶属",
}
_ROLE_RELATIONS = {GG.Lead: "leads", GG.Participant: "participates", GG.Unspecified: "assigned"}
_ROLE_NAMES = {v: k for k, v in ROLE_TERMS.items()}
_DUTY_RELATIONS = {v: k for k, v in DUTY_TERMS.items()}
_REFERENCE_RELATIONS = {v: k for k, v in REFERENCE_TERMS.items()}
_NODE_KINDS: tuple[tuple[URIRef, str], ...] = (
    (GG.ClauseTask, "clause"),
    (GG.Task, "task"),
    (ELI.LegalResource, "document"),
    (FOAF.Person, "person"),
    (ORG.Post, "post"),
    (GG.CollectiveActor, "collective"),
    (ORG.Organization, "agency"),
)
_IRI_KINDS = {"agency": "agency", "collective": "collective", "person": "person", "post": "post",
              "document": "document", "task": "task"}  # fmt: skip


def term_order(term: Node) -> tuple[str, str]:
    return type(term).__name__, str(term)


class FactView:
    """The triples grouped by subject: the source of the networkx graph and of the tables."""

    def __init__(self) -> None:
        self.props: dict[URIRef, dict[URIRef, list[Node]]] = {}
        self._by_type: dict[Node, list[URIRef]] = {}

    @classmethod
    def from_triples(cls, triples: Iterable[Triple] | Graph) -> FactView:
        view = cls()
        for t in set(triples):  # type: ignore[arg-type]
            view.add(t)
        view.freeze()
        return view

    def add(self, triple: Triple) -> None:
        """Add a triple; the caller deduplicates (:meth:`from_triples` does)."""
        s, p, o = triple
        props = self.props.get(s)
        if props is None:
            props = self.props[s] = {}
        values = props.get(p)
        if values is None:
            props[p] = [o]
        else:
            values.append(o)

    def freeze(self) -> None:
        self._by_type: dict[Node, list[URIRef]] = defaultdict(list)
        for s in sorted(self.props):
            props = self.props[s]
            for values in props.values():
                values.sort(key=term_order)
            for cls in props.get(RDF.type, ()):
                self._by_type[cls].append(s)

    # -- helpers -------------------------------------------------------------------------------
    def values(self, s: Node, p: URIRef) -> Sequence[Node]:
        return self.props.get(s, {}).get(p, ())  # type: ignore[call-overload]

    def one(self, s: Node, p: URIRef) -> Node | None:
        values = self.props.get(s, {}).get(p)  # type: ignore[call-overload]
        return values[0] if values else None

    def text(self, s: Node, p: URIRef) -> str:
        v = self.one(s, p)
        return "" if v is None else str(v)

    def of_type(self, *classes: URIRef) -> list[URIRef]:
        if len(classes) == 1:
            return self._by_type.get(classes[0], [])
        return sorted({s for c in classes for s in self._by_type.get(c, ())})

    def label(self, s: Node) -> str:
        return self.text(s, SKOS.prefLabel) or str(s)

    def kind(self, s: URIRef) -> str:
        types = self.values(s, RDF.type)
        for cls, kind in _NODE_KINDS:
            if cls in types:
                return kind
        local = str(s)[len(ID) :].split("/", 1)[0]
        return _IRI_KINDS.get(local, "agency")

    def provenance(self, s: Node) -> dict[str, Any]:
        line = self.one(s, GG.sourceLine)
        gazette = self.one(s, PROV.wasDerivedFrom)
        return {
            "source": self.text(gazette, DCTERMS.identifier) if gazette is not None else "",
            "line": int(line) if line is not None else 0,  # type: ignore[call-overload]
            "evidence": self.text(s, GG.evidence),
        }

    # -- networkx ------------------------------------------------------------------------------
    def node_attrs(self, s: URIRef) -> dict[str, Any]:
        kind = self.kind(s)
        doc = self.one(s, GG.inDocument) if kind in ("task", "clause") else None
        date = self.text(s, ELI.date_document) if kind == "document" else ""
        attrs: dict[str, Any] = {
            "kind": kind,
            "label": self.label(s),
            "aliases": "|".join(str(a) for a in self.values(s, SKOS.altLabel)),
            "in_registry": self.one(s, GG.inRegistry) == Literal(True),
            **self.provenance(s),
            "doc": self.label(doc) if doc is not None else "",
            "date": date,
            "jurisdiction": self.jurisdiction(s),
            "title": self.text(s, ELI.title) if kind == "document" else "",
        }
        return attrs

    def jurisdiction(self, s: Node) -> str:
        """The name of the place ``s`` belongs to: its own (a body, a document), else that of the
        body a post is in or of the document a task is in; "" when unknown."""
        place = self.one(s, DCTERMS.spatial)
        for via in (ORG.postIn, GG.inDocument):
            if place is not None:
                break
            if (holder := self.one(s, via)) is not None:
                place = self.one(holder, DCTERMS.spatial)
        return "" if place is None else self.text(place, SKOS.prefLabel) or self.text(place, SKOS.notation)

    def edges(self) -> Iterator[tuple[URIRef, URIRef, str, str, dict[str, Any]]]:
        """(from, to, key, relation, fact attributes) for every edge of the networkx schema."""
        for a in self.of_type(GG.ResponsibilityAssignment):
            relation = _ROLE_RELATIONS[self.one(a, GG.role)]  # type: ignore[index]
            doc = self.one(a, GG.inDocument)
            date = self.text(doc, ELI.date_document) if doc is not None else ""
            attrs = {**self.provenance(a), "date": date}
            yield self.one(a, GG.unit), self.one(a, GG.task), str(a), relation, attrs  # type: ignore[misc]
        for d in self.of_type(GG.DutyAssignment):
            relation = _DUTY_RELATIONS[self.one(d, GG.dutyRelation)]  # type: ignore[index]
            attrs = {
                **self.provenance(d),
                "date": self.text(d, GG.validFrom),
                "valid_until": self.text(d, GG.validUntil),
            }
            yield self.one(d, GG.leader), self.one(d, GG.unit), str(d), relation, attrs  # type: ignore[misc]
        for e in self.of_type(GG.AppointmentEvent):
            relation = "appointed" if self.text(e, GG.action) == "appoint" else "removed"
            attrs = {**self.provenance(e), "date": self.text(e, DCTERMS.date)}
            yield self.one(e, GG.person), self.one(e, GG.post), str(e), relation, attrs  # type: ignore[misc]
        stated_holdings: set[tuple[Node, Node]] = set()
        for st in self.of_type(RDF.Statement):
            s, p, o = self.one(st, RDF.subject), self.one(st, RDF.predicate), self.one(st, RDF.object)
            if p == ORG.holds:
                stated_holdings.add((s, o))
                yield s, o, str(st), "holds", {**self.provenance(st), "date": ""}  # type: ignore[misc]
            elif p in _REFERENCE_RELATIONS:
                attrs = {**self.provenance(st), "date": self.text(s, ELI.date_document)}
                yield s, o, str(st), _REFERENCE_RELATIONS[p], attrs  # type: ignore[misc,index]
        empty = {"source": "", "line": 0, "evidence": "", "date": ""}
        for s in sorted(self.props):
            props = self.props[s]
            for post in props.get(ORG.holds, ()):
                if (s, post) not in stated_holdings:
                    yield s, post, "holds", "holds", empty  # type: ignore[misc]
            for target, relation in (
                *((o, "post_in") for o in props.get(ORG.postIn, ())),
                *((o, "sub_organization_of") for o in props.get(ORG.subOrganizationOf, ())),
            ):
                yield s, target, relation, relation, empty  # type: ignore[misc]
            if GG.Task in props.get(RDF.type, ()):
                for doc in props.get(GG.inDocument, ()):
                    yield s, doc, "in_document", "in_document", empty  # type: ignore[misc]
                for parent in props.get(GG.subTaskOf, ()):
                    yield s, parent, "subtask_of", "subtask_of", empty  # type: ignore[misc]

    def to_networkx(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        node_types = {cls for cls, _ in _NODE_KINDS}
        nodes = {s for s, props in self.props.items() if node_types & set(props.get(RDF.type, ()))}
        edges = sorted(self.edges(), key=lambda e: (str(e[0]), str(e[1]), e[2]))
        for u, v, *_ in edges:
            nodes.update((u, v))
        for s in sorted(nodes):
            g.add_node(str(s), **self.node_attrs(s))
        for u, v, key, relation, attrs in edges:
            attrs = {"valid_until": "", **attrs}  # a duty ends when the next division of work starts
            g.add_edge(str(u), str(v), key=key, relation=relation, label=RELATION_LABELS[relation], **attrs)
        return g

    # -- tables --------------------------------------------------------------------------------
    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """One list of rows per CSV table, every fact row with its provenance."""
        return {
            name: [row(self, s) for s in self.of_type(*cls) if keep(self, s)]
            for name, cls, row, keep in TABLES
        }

    def link(self, s: Node, p: URIRef) -> tuple[str, str]:
        """(IRI, label) of the object of ``p``; ("", "") when absent."""
        o = self.one(s, p)
        return ("", "") if o is None else (str(o), self.label(o))

    def fact_provenance(self, s: Node) -> dict[str, Any]:
        return {
            **self.provenance(s),
            "char_start": self.text(s, GG.charStart),
            "char_end": self.text(s, GG.charEnd),
        }


def _agency_row(v: FactView, s: Node) -> dict[str, Any]:
    return {
        "iri": str(s),
        "kind": v.kind(s),  # type: ignore[arg-type]
        "name": v.label(s),
        "aliases": "|".join(str(a) for a in v.values(s, SKOS.altLabel)),
        "in_registry": v.one(s, GG.inRegistry) == Literal(True),
        "resolved_by": v.text(s, GG.resolvedBy),
        "jurisdiction": v.link(s, DCTERMS.spatial)[1],
        "level": v.text(s, GG.level),
        "org_kind": v.text(s, GG.orgKind),
        "parent_iri": v.text(s, ORG.subOrganizationOf),
    }


def _person_row(v: FactView, s: Node) -> dict[str, Any]:
    posts = v.values(s, ORG.holds)
    return {"iri": str(s), "name": v.label(s), "posts": "|".join(sorted(v.label(p) for p in posts))}


def _post_row(v: FactView, s: Node) -> dict[str, Any]:
    org_iri, org = v.link(s, ORG.postIn)
    holders = v.values(s, ORG.heldBy)
    return {
        "iri": str(s),
        "name": v.label(s),
        "role": v.link(s, ORG.role)[1],
        "organization": org,
        "organization_iri": org_iri,
        "holders": "|".join(sorted(v.label(p) for p in holders)),
    }


def _document_row(v: FactView, s: Node) -> dict[str, Any]:
    return {
        "iri": str(s),
        "label": v.label(s),
        "doc_number": v.text(s, DCTERMS.identifier),
        "doc_id": v.text(s, ELI.id_local),
        "standard_id": v.text(s, GG.standardId),
        "title": v.text(s, ELI.title),
        "issuer": v.link(s, DCTERMS.creator)[1],
        "date": v.text(s, ELI.date_document),
        "jurisdiction": v.link(s, DCTERMS.spatial)[1],
        "jurisdiction_basis": v.text(s, GG.jurisdictionBasis),
        "repealed_on": v.text(s, GG.repealedOn),
        "in_corpus": v.one(s, PROV.wasDerivedFrom) is not None,
        **v.provenance(s),
    }


def _task_row(v: FactView, s: Node) -> dict[str, Any]:
    return {
        "iri": str(s),
        "kind": v.kind(s),  # type: ignore[arg-type]
        "document": v.link(s, GG.inDocument)[1],
        "path": v.text(s, GG.taskPath),
        "heading": v.text(s, GG.heading),
        "parent_iri": v.text(s, GG.subTaskOf),
        "target": v.text(s, GG.target),
        "text": v.text(s, GG.text),
        **v.provenance(s),
    }


def _assignment_row(v: FactView, s: Node) -> dict[str, Any]:
    task_iri_, task = v.link(s, GG.task)
    unit_iri, unit = v.link(s, GG.unit)
    return {
        "iri": str(s),
        "document": v.link(s, GG.inDocument)[1],
        "task": task,
        "task_iri": task_iri_,
        "unit": unit,
        "unit_iri": unit_iri,
        "role": _ROLE_NAMES.get(v.one(s, GG.role), ""),  # type: ignore[arg-type]
        "convention": v.text(s, GG.leadConvention),
        **v.fact_provenance(s),
    }


def _duty_row(v: FactView, s: Node) -> dict[str, Any]:
    unit_iri, unit = v.link(s, GG.unit)
    return {
        "iri": str(s),
        "leader": v.link(s, GG.leader)[1],
        "post": v.link(s, GG.post)[1],
        "relation": _DUTY_RELATIONS.get(v.one(s, GG.dutyRelation), ""),  # type: ignore[arg-type]
        "unit": unit,
        "unit_iri": unit_iri,
        "document": v.link(s, GG.inDocument)[1],
        "valid_from": v.text(s, GG.validFrom),
        "valid_until": v.text(s, GG.validUntil),
        **v.fact_provenance(s),
    }


def _appointment_row(v: FactView, s: Node) -> dict[str, Any]:
    post_iri, post = v.link(s, GG.post)
    return {
        "iri": str(s),
        "person": v.link(s, GG.person)[1],
        "action": v.text(s, GG.action),
        "post": post,
        "post_iri": post_iri,
        "rank_note": v.text(s, GG.rankNote),
        "probation": v.text(s, GG.probation),
        "date": v.text(s, DCTERMS.date),
        "document": v.link(s, GG.inDocument)[1],
        **v.fact_provenance(s),
    }


def _reference_row(v: FactView, s: Node) -> dict[str, Any]:
    from_iri, from_label = v.link(s, RDF.subject)
    to_iri, to_label = v.link(s, RDF.object)
    return {
        "iri": str(s),
        "from": from_label,
        "relation": _REFERENCE_RELATIONS.get(v.one(s, RDF.predicate), ""),  # type: ignore[arg-type]
        "to": to_label,
        "from_iri": from_iri,
        "to_iri": to_iri,
        **v.fact_provenance(s),
    }


def _always(v: FactView, s: Node) -> bool:
    return True


def _is_reference(v: FactView, s: Node) -> bool:
    return v.one(s, RDF.predicate) in _REFERENCE_RELATIONS


TABLES = (
    ("agencies", (ORG.Organization, GG.CollectiveActor), _agency_row, _always),
    ("persons", (FOAF.Person,), _person_row, _always),
    ("posts", (ORG.Post,), _post_row, _always),
    ("documents", (ELI.LegalResource,), _document_row, _always),
    ("tasks", (GG.Task,), _task_row, _always),
    ("assignments", (GG.ResponsibilityAssignment,), _assignment_row, _always),
    ("duties", (GG.DutyAssignment,), _duty_row, _always),
    ("appointments", (GG.AppointmentEvent,), _appointment_row, _always),
    ("references", (RDF.Statement,), _reference_row, _is_reference),
)
TABLE_NAMES = tuple(name for name, *_ in TABLES)


def table_columns() -> dict[str, list[str]]:
    """The columns of every table (the row functions on an empty view), for empty tables too."""
    empty, nothing = FactView(), URIRef(f"{ID}nothing")
    return {name: list(row(empty, nothing)) for name, _, row, _ in TABLES}


def to_networkx(
    source: Graph | Iterable[Triple] | Iterable[Extraction], resolver: ResolverLike | None = None
) -> nx.MultiDiGraph:
    """The networkx view (CONTRACTS.md schema) of an RDF graph, a triple stream, or extractions.

    Built from the triples either way, so it carries exactly the facts of the RDF graph.
    """
    if not isinstance(source, Graph):
        items = list(source)
        if items and isinstance(items[0], Extraction):
            if resolver is None:
                raise TypeError("to_networkx(extractions) needs a resolver")
            source = iter_corpus_triples(items, resolver)  # type: ignore[arg-type]
        else:
            source = items  # type: ignore[assignment]
    return FactView.from_triples(source).to_networkx()  # type: ignore[arg-type]
