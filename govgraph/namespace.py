"""RDF namespaces of govgraph, defined once, the way :mod:`rdflib.namespace` does.

``GG`` is a closed namespace mirroring ``ontology/govgraph.ttl`` (a typo such as ``GG.supervise``
raises ``AttributeError`` instead of minting a new IRI); ``tests/test_namespace.py`` keeps the two
in step.  rdflib has no ELI namespace, so :class:`ELI` lists the ELI terms govgraph uses.  The
standard namespaces are rdflib's own, re-exported so that code imports every namespace from here.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/govgraph/ontology"
DATA_BASE = "https://w3id.org/govgraph/id/"
ID = Namespace(DATA_BASE)


class GG(DefinedNamespace):
    """govgraph's own terms (ontology/govgraph.ttl); only where no standard term fits."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # Classes
    AppointmentEvent: URIRef  # an appointment to / removal from a post (任免事件)
    ClauseTask: URIRef  # a task known only from its responsibility clause (条款任务)
    CollectiveActor: URIRef  # bodies named collectively: 各县（市、区）政府 (集合主体)
    DutyAssignment: URIRef  # one leader / relation / unit statement of a division-of-work notice (领导分工)
    ResponsibilityAssignment: URIRef  # one clause assigning one task to one unit (责任分工)
    ResponsibilityRole: URIRef  # lead / participant / unspecified (责任角色)
    Task: URIRef  # a node of a document's task tree (任务)

    # Individuals
    Lead: URIRef  # 牵头
    Participant: URIRef  # 配合
    Unspecified: URIRef  # 责任 (the document does not say who leads)

    # Object properties
    assistsSupervising: URIRef  # 协助分管
    directs: URIRef  # 主持
    dutyRelation: URIRef  # the kind of a DutyAssignment, one of the four shortcut properties
    inDocument: URIRef  # task / assignment / duty / event -> document
    issues: URIRef  # 印发/转发: a notice prints or forwards a document
    leader: URIRef  # DutyAssignment -> person
    liaisesWith: URIRef  # 联系
    person: URIRef  # AppointmentEvent -> person
    post: URIRef  # AppointmentEvent / Membership / DutyAssignment -> org:Post
    role: URIRef  # ResponsibilityAssignment -> ResponsibilityRole
    subTaskOf: URIRef  # task -> parent task
    supervises: URIRef  # 分管
    task: URIRef  # ResponsibilityAssignment -> task
    unit: URIRef  # assignment / duty -> organization or collective

    # Datatype properties
    action: URIRef  # appoint | remove
    charEnd: URIRef
    charStart: URIRef
    evidence: URIRef
    extractor: URIRef
    heading: URIRef
    inRegistry: URIRef
    jurisdictionBasis: URIRef  # how a document's jurisdiction was decided (issuer, masthead, docnum …)
    leadConvention: URIRef  # star | first_listed | field | inline | none
    level: URIRef  # central | provincial | municipal | county | township
    orgKind: URIRef
    probation: URIRef
    rankNote: URIRef
    repealedOn: URIRef
    resolvedBy: URIRef  # registry | template | rule | name unresolved | jurisdiction unknown
    roleLabel: URIRef  # a unit's role as the document prints it (数据提供单位, 配合)
    sourceLine: URIRef
    sourcePage: URIRef  # page of a paged source (PDF)
    sourcePageLine: URIRef  # line on that page
    standardId: URIRef  # ZJCC01-2022-0019
    target: URIRef
    taskPath: URIRef
    text: URIRef
    validFrom: URIRef
    validUntil: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier ontology: the terms govgraph uses for documents."""

    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    LegalResource: URIRef
    LegalExpression: URIRef
    amended_by: URIRef
    amends: URIRef
    based_on: URIRef
    basis_for: URIRef
    cited_by: URIRef
    cites: URIRef
    date_document: URIRef
    date_publication: URIRef
    id_local: URIRef
    passed_by: URIRef
    repealed_by: URIRef
    repeals: URIRef
    title: URIRef
    type_document: URIRef


PREFIXES: dict[str, str] = {
    "gg": str(GG),
    "org": str(ORG),
    "foaf": str(FOAF),
    "eli": str(ELI),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "time": str(TIME),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
}

__all__ = [
    "DATA_BASE",
    "DCTERMS",
    "ELI",
    "FOAF",
    "GG",
    "ID",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
]
