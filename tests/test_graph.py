"""govgraph.graph: records → RDF on the ontology (validated by the SHACL shapes) and networkx."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from urllib.parse import quote

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef

from govgraph.graph import (
    FactView,
    GraphContext,
    build_graph,
    iter_closing_triples,
    iter_triples,
    nt_line,
    to_networkx,
)
from govgraph.namespace import DCTERMS, ELI, GG, ORG, PROV, RDF, SKOS, TIME, XSD
from govgraph.records import (
    Appointment,
    DocumentRecord,
    Extraction,
    IssueMeta,
    LeaderDuty,
    Official,
    Provenance,
    Reference,
    ResponsibilityClause,
    Task,
)
from govgraph.resources import ontology_dir

ID = "https://w3id.org/govgraph/id/"


# ---------------------------------------------------------------------------------------------
# A tiny resolver with the API of govgraph.resolve (CONTRACTS.md), so these tests do not depend
# on the registry.


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    in_registry: bool = False
    level: str | None = None
    org_kind: str | None = None
    parent: str | None = None


_REGISTRY = {
    "温州市人民政府": Entity(
        "agency/温州市人民政府", "agency", "温州市人民政府", ("市政府",), True, "municipal", "government"
    ),
    "温州市人民政府办公室": Entity(
        "agency/温州市人民政府办公室",
        "agency",
        "温州市人民政府办公室",
        ("市府办",),
        True,
        "municipal",
        "government_department",
        "agency/温州市人民政府",
    ),
    "温州市科学技术局": Entity(
        "agency/温州市科学技术局",
        "agency",
        "温州市科学技术局",
        ("市科技局",),
        True,
        "municipal",
        "government_department",
        "agency/温州市人民政府",
    ),
    "温州市自然资源和规划局": Entity(
        "agency/温州市自然资源和规划局",
        "agency",
        "温州市自然资源和规划局",
        ("市自然资源和规划局",),
        True,
        "municipal",
        "government_department",
        "agency/温州市人民政府",
    ),
    "温州市住房和城乡建设局": Entity(
        "agency/温州市住房和城乡建设局",
        "agency",
        "温州市住房和城乡建设局",
        ("市住建局",),
        True,
        "municipal",
        "government_department",
        "agency/温州市人民政府",
    ),
    "温州市发展和改革委员会": Entity(
        "agency/温州市发展和改革委员会",
        "agency",
        "温州市发展和改革委员会",
        ("市发展改革委",),
        True,
        "municipal",
        "government_department",
        "agency/温州市人民政府",
    ),
}


class FakeResolver:
    def __init__(self) -> None:
        self.seen: dict[str, Entity] = {}
        self.by_alias = {a: e for e in _REGISTRY.values() for a in (e.name, *e.aliases)}

    def _keep(self, e: Entity) -> Entity:
        self.seen[e.id] = e
        return e

    def resolve_agency(self, mention: str) -> Entity:
        if mention in self.by_alias:
            return self._keep(self.by_alias[mention])
        if mention.startswith("各"):
            return self._keep(Entity(f"collective/{mention}", "collective", mention, org_kind="collective"))
        return self._keep(Entity(f"agency/{mention}", "agency", mention))

    def resolve_person(self, name: str) -> Entity:
        return self._keep(Entity(f"person/{name}", "person", name))

    def post(self, organization: Entity | None, title: str) -> Entity:
        if organization is None:
            return self._keep(Entity(f"post/{title}", "post", title))
        return self._keep(
            Entity(
                f"post/{organization.name}/{title}", "post", organization.name + title, parent=organization.id
            )
        )

    def entities(self) -> list[Entity]:
        known = {**{e.id: e for e in _REGISTRY.values()}, **self.seen}
        return sorted(known.values(), key=lambda e: e.id)


# ---------------------------------------------------------------------------------------------
# Hand-made extractions of three gazettes


def prov(source: str, line: int, evidence: str) -> Provenance:
    return Provenance(source, line, line * 100, line * 100 + len(evidence), evidence, "test")


def doc(
    source: str, line: int, number: str | None, title: str, issuer: str, date: str | None
) -> DocumentRecord:
    return DocumentRecord(number, number, title, issuer, date, None, None, (), prov(source, line, title))


G2021 = "wenzhou-gazette-2021-05.txt"
G2022 = "wenzhou-gazette-2022-10.txt"
G2024 = "wenzhou-gazette-2024-02.txt"


def gazette_2021() -> Extraction:
    ex = Extraction(G2021, IssueMeta(G2021, 2021, 5, 223))
    ex.documents = [
        doc(
            G2021,
            10,
            "温政办〔2021〕28号",
            "温州市人民政府办公室关于印发温州市水环境质量行动实施方案的通知",
            "温州市人民政府办公室",
            "2021-04-27",
        ),
        doc(
            G2021,
            40,
            "温政发〔2021〕5号",
            "温州市人民政府关于市政府领导分工的通知",
            "温州市人民政府",
            "2021-03-01",
        ),
    ]
    ex.leader_duties = [
        LeaderDuty(
            "王振勇",
            "副市长",
            "supervises",
            "市科技局",
            "温政发〔2021〕5号",
            "温政发〔2021〕5号",
            "2021-03-01",
            prov(G2021, 45, "王振勇：……分管市科技局"),
        ),
        LeaderDuty(
            "王振勇",
            "副市长",
            "liaises",
            "市住建局",
            "温政发〔2021〕5号",
            "温政发〔2021〕5号",
            "2021-03-01",
            prov(G2021, 46, "联系市住建局"),
        ),
    ]
    return ex


def gazette_2022() -> Extraction:
    ex = Extraction(G2022, IssueMeta(G2022, 2022, 10, 242))
    d74 = "温政办〔2022〕74号"
    ex.documents = [
        replace(
            doc(
                G2022,
                200,
                d74,
                "温州市人民政府办公室关于印发温州市老旧工业区改造提升三年行动方案的通知",
                "温州市人民政府办公室",
                "2022-10-13",
            ),
            doc_number="温政办〔 2022〕74 号",
            standard_id="ZJCC01-2022-0019",
        ),
        doc(
            G2022,
            750,
            "温政办〔2022〕80号",
            "温州市人民政府办公室关于废止温政办〔2018〕96号文件的通知",
            "温州市人民政府办公室",
            "2022-10-27",
        ),
        doc(G2022, 760, None, "10月份市政府人事任免", "温州市人民政府", None),
    ]
    ex.tasks = [
        Task(d74, ("二",), "主要任务", "", None, prov(G2022, 220, "二、主要任务")),
        Task(
            d74,
            ("二", "（一）"),
            "支持企业联合连片改造",
            "鼓励连片改造。",
            "到2025年完成改造100个",
            prov(G2022, 236, "（一）支持企业联合连片改造"),
        ),
    ]
    ex.responsibilities = [
        ResponsibilityClause(
            d74,
            d74,
            "支持企业联合连片改造",
            ("二", "（一）"),
            "鼓励连片改造。",
            ("市自然资源和规划局", "市住建局"),
            ("市自然资源和规划局",),
            "star",
            prov(G2022, 237, "（责任单位：*市自然资源和规划局、市住建局）"),
        ),
        ResponsibilityClause(
            d74,
            d74,
            "加强要素保障",
            ("二",),
            "加强要素保障。",
            ("各县（市、区）政府",),
            (),
            "none",
            prov(G2022, 250, "（责任单位：各县（市、区）政府）"),
        ),
    ]
    notice = "10月份市政府人事任免"
    ex.appointments = [
        Appointment(
            "谢忠诚",
            "appoint",
            "常务副主任",
            "温州高新区管委会",
            "正县长级",
            None,
            notice,
            "2022-10-20",
            prov(G2022, 767, "任命谢忠诚为温州高新区管委会常务副主任（正县长级）"),
        ),
        Appointment(
            "谢忠诚",
            "remove",
            "副主任",
            "温州市发展和改革委员会",
            None,
            None,
            notice,
            "2022-10-20",
            prov(G2022, 767, "免去谢忠诚的温州市发展和改革委员会副主任职务"),
        ),
    ]
    ex.references = [
        Reference(
            "温政办〔2022〕80号",
            "温政办〔2018〕96号",
            None,
            "温政办〔2018〕96号",
            "repeals",
            prov(G2022, 752, "决定废止温政办〔2018〕96号"),
        ),
        Reference(
            d74,
            "《浙江省工业区改造提升指导意见》",
            "浙江省工业区改造提升指导意见",
            None,
            "based_on",
            prov(G2022, 205, "根据《浙江省工业区改造提升指导意见》"),
        ),
        Reference(
            d74,
            "温政办〔2021〕28号",
            None,
            "温政办〔2021〕28号",
            "cites",
            prov(G2022, 206, "温政办〔2021〕28号"),
        ),
    ]
    ex.officials = [Official("张振丰", "市长", "温州市人民政府", prov(G2022, 900, "市长张振丰"))]
    return ex


def gazette_2024() -> Extraction:
    ex = Extraction(G2024, IssueMeta(G2024, 2024, 2, 258))
    n = "温政发〔2024〕5号"
    ex.documents = [
        doc(G2024, 380, n, "温州市人民政府关于市政府领导分工的通知", "温州市人民政府", "2024-02-18")
    ]
    ex.leader_duties = [
        LeaderDuty(
            "王军", "常务副市长", "supervises", "市府办", n, n, "2024-02-18", prov(G2024, 413, "分管市府办")
        ),
        LeaderDuty(
            "王振勇",
            "副市长",
            "assists",
            "市科技局",
            n,
            n,
            "2024-02-18",
            prov(G2024, 480, "协助分管市科技局"),
        ),
    ]
    return ex


def corpus() -> list[Extraction]:
    return [gazette_2021(), gazette_2022(), gazette_2024()]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(corpus(), FakeResolver())


def nt_lines(g: Graph) -> list[str]:
    return sorted(nt_line(t) for t in g)  # type: ignore[arg-type]


def count(g: Graph, cls: URIRef) -> int:
    return len(set(g.subjects(RDF.type, cls)))


# ---------------------------------------------------------------------------------------------
# RDF


def test_graph_validates_against_shapes(graph: Graph) -> None:
    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    conforms, _, report = validate(graph, shacl_graph=shapes, inference="none")
    assert conforms, report


def test_graph_shapes_reject_a_fact_without_evidence(graph: Graph) -> None:
    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    broken = Graph()
    for t in graph:
        broken.add(t)
    duty = next(iter(sorted(broken.subjects(RDF.type, GG.DutyAssignment))))
    broken.remove((duty, GG.evidence, None))
    broken.add((duty, GG.dutyRelation, GG.issues))
    conforms, _, report = validate(broken, shacl_graph=shapes, inference="none")
    assert not conforms
    assert "evidence" in report and "dutyRelation" in report


def test_graph_iris_are_percent_encoded_names_and_numbers(graph: Graph) -> None:
    agency = URIRef(ID + "agency/" + quote("温州市科学技术局"))
    document = URIRef(ID + "document/" + quote("温政办〔2022〕74号", safe=""))
    task = URIRef(f"{ID}task/{quote('温政办〔2022〕74号', safe='')}/{quote('二')}/{quote('（一）')}")
    assert (agency, SKOS.prefLabel, Literal("温州市科学技术局", lang="zh")) in graph
    assert (agency, SKOS.altLabel, Literal("市科技局", lang="zh")) in graph
    assert (document, ELI.id_local, Literal("温政办〔2022〕74号")) in graph
    assert (document, DCTERMS.identifier, Literal("温政办〔 2022〕74 号")) in graph
    assert (document, GG.standardId, Literal("ZJCC01-2022-0019")) in graph
    assert (task, GG.inDocument, document) in graph
    assert (task, GG.target, Literal("到2025年完成改造100个")) in graph
    assert not any(isinstance(term, type(None)) or term.startswith("_:") for t in graph for term in t)


def test_graph_rebuild_and_reordered_corpus_give_identical_ntriples(graph: Graph) -> None:
    again = build_graph(list(reversed(corpus())), FakeResolver())
    assert nt_lines(again) == nt_lines(graph)


def test_graph_overlapping_corpora_merge_into_the_full_build(graph: Graph) -> None:
    full = set(nt_lines(graph))
    early = set(nt_lines(build_graph([gazette_2021(), gazette_2022()], FakeResolver())))
    late = set(nt_lines(build_graph([gazette_2022(), gazette_2024()], FakeResolver())))
    assert early <= full and late <= full
    # Only the corpus-wide validity of the 2021 duties needs the later notice.
    assert {line for line in full - (early | late) if "validUntil" not in line} == set()


def test_graph_responsibility_roles(graph: Graph) -> None:
    roles = {}
    for a in graph.subjects(RDF.type, GG.ResponsibilityAssignment):
        unit = graph.value(a, GG.unit)
        roles[str(graph.value(unit, SKOS.prefLabel))] = graph.value(a, GG.role)
        assert graph.value(a, GG.evidence) is not None
        assert graph.value(a, PROV.wasDerivedFrom) == URIRef(ID + "gazette/" + quote(G2022))
    assert roles == {
        "温州市自然资源和规划局": GG.Lead,
        "温州市住房和城乡建设局": GG.Participant,
        "各县（市、区）政府": GG.Unspecified,
    }
    collective = URIRef(ID + "collective/" + quote("各县（市、区）政府"))
    assert (collective, RDF.type, GG.CollectiveActor) in graph


def test_graph_clause_without_its_own_heading_gets_a_clause_task(graph: Graph) -> None:
    clause_tasks = list(graph.subjects(RDF.type, GG.ClauseTask))
    assert len(clause_tasks) == 1
    task = clause_tasks[0]
    assert graph.value(task, GG.heading) == Literal("加强要素保障", lang="zh")
    parent = graph.value(task, GG.subTaskOf)
    assert graph.value(parent, GG.heading) == Literal("主要任务", lang="zh")


def test_graph_duty_valid_until_the_next_notice_of_the_same_government(graph: Graph) -> None:
    def label(node: object) -> str:
        return str(graph.value(node, SKOS.prefLabel))  # type: ignore[arg-type]

    duties = {
        (
            label(graph.value(d, GG.leader)),
            graph.value(d, GG.dutyRelation),
            label(graph.value(d, GG.unit)),
            str(graph.value(d, GG.validFrom)),
            str(graph.value(d, GG.validUntil, default="")),
        )
        for d in graph.subjects(RDF.type, GG.DutyAssignment)
    }
    # Both notices' duties are kept; the 2021 ones end when the 2024 notice replaces them.
    assert duties == {
        ("王振勇", GG.supervises, "温州市科学技术局", "2021-03-01", "2024-02-18"),
        ("王振勇", GG.liaisesWith, "温州市住房和城乡建设局", "2021-03-01", "2024-02-18"),
        ("王军", GG.supervises, "温州市人民政府办公室", "2024-02-18", ""),
        ("王振勇", GG.assistsSupervising, "温州市科学技术局", "2024-02-18", ""),
    }
    wang = URIRef(ID + "person/" + quote("王振勇"))
    keji = URIRef(ID + "agency/" + quote("温州市科学技术局"))
    assert (wang, GG.supervises, keji) in graph and (wang, GG.assistsSupervising, keji) in graph
    post = URIRef(ID + "post/" + quote("温州市人民政府/副市长"))
    assert (wang, ORG.holds, post) in graph
    assert (post, ORG.postIn, URIRef(ID + "agency/" + quote("温州市人民政府"))) in graph


def test_graph_references_link_corpus_documents_and_mark_repeals(graph: Graph) -> None:
    cited = URIRef(ID + "document/" + quote("温政办〔2021〕28号", safe=""))
    citing = URIRef(ID + "document/" + quote("温政办〔2022〕74号", safe=""))
    assert (citing, ELI.cites, cited) in graph
    # The cited document is the one printed in the 2021 gazette: one node, with its provenance.
    assert graph.value(cited, ELI.date_document) == Literal("2021-04-27", datatype=XSD.date)
    assert graph.value(cited, PROV.wasDerivedFrom) == URIRef(ID + "gazette/" + quote(G2021))
    assert len(set(graph.objects(cited, SKOS.prefLabel))) == 1
    repealed = URIRef(ID + "document/" + quote("温政办〔2018〕96号", safe=""))
    assert str(graph.value(repealed, GG.repealedOn)) == "2022-10-27"
    assert (repealed, RDF.type, ELI.LegalResource) in graph
    statements = [s for s in graph.subjects(RDF.predicate, ELI.repeals)]
    assert len(statements) == 1 and graph.value(statements[0], GG.sourceLine) == Literal(752)
    by_title = URIRef(ID + "document/" + quote("浙江省工业区改造提升指导意见", safe=""))
    assert (citing, ELI.based_on, by_title) in graph


def test_graph_appointments_start_and_end_holdings(graph: Graph) -> None:
    xie = URIRef(ID + "person/" + quote("谢忠诚"))
    events = {str(graph.value(e, GG.action)) for e in graph.subjects(GG.person, xie)}
    assert events == {"appoint", "remove"}
    holdings = list(graph.subjects(ORG.member, xie))
    assert len(holdings) == 2
    ends = {}
    for h in holdings:
        interval = graph.value(h, ORG.memberDuring)
        begin = graph.value(interval, TIME.hasBeginning)
        end = graph.value(interval, TIME.hasEnd)
        ends[str(graph.value(graph.value(h, GG.post), SKOS.prefLabel))] = (begin is not None, end is not None)
    assert ends == {
        "温州高新区管委会常务副主任": (True, False),
        "温州市发展和改革委员会副主任": (False, True),
    }
    notice = next(graph.subjects(SKOS.prefLabel, Literal("10月份市政府人事任免", lang="zh")))
    assert str(notice).startswith(ID + "document/2022/")


def test_graph_parent_agencies_are_described(graph: Graph) -> None:
    office = URIRef(ID + "agency/" + quote("温州市人民政府办公室"))
    parent = graph.value(office, ORG.subOrganizationOf)
    assert (parent, RDF.type, ORG.Organization) in graph
    assert (parent, GG.inRegistry, Literal(True)) in graph


def test_iter_triples_streams_the_same_graph(graph: Graph) -> None:
    extractions = corpus()
    resolver = FakeResolver()
    ctx = GraphContext.from_extractions(extractions)
    lines: set[str] = set()
    for ex in extractions:
        lines.update(nt_line(t) for t in iter_triples(ex, resolver, ctx))
    lines.update(nt_line(t) for t in iter_closing_triples(resolver, ctx))
    assert sorted(lines) == nt_lines(graph)


# ---------------------------------------------------------------------------------------------
# networkx


def test_networkx_carries_the_same_facts_as_rdf(graph: Graph) -> None:
    g = to_networkx(graph)
    relations = Counter(r for _, _, r in g.edges(data="relation"))
    assert relations["leads"] + relations["participates"] + relations["assigned"] == count(
        graph, GG.ResponsibilityAssignment
    )
    duties = relations["supervises"] + relations["assists"] + relations["liaises"] + relations["directs"]
    assert duties == count(graph, GG.DutyAssignment) == 4
    assert relations["appointed"] + relations["removed"] == count(graph, GG.AppointmentEvent)
    refs = sum(relations[r] for r in ("repeals", "based_on", "amends", "issues", "cites"))
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    assert refs == len([s for s in statements if graph.value(s, RDF.predicate) != ORG.holds]) == 3
    # Every holding is an edge: one per statement that reads it, one for a holding known otherwise.
    holdings = set(graph.subject_objects(ORG.holds))
    assert {(URIRef(u), URIRef(v)) for u, v, r in g.edges(data="relation") if r == "holds"} == holdings


def test_networkx_follows_the_contract_schema(graph: Graph) -> None:
    g = to_networkx(graph)
    node_keys = {"kind", "label", "aliases", "in_registry", "source", "line", "evidence", "doc", "date"}
    node_keys |= {"jurisdiction", "title"}
    kinds = Counter()
    for node, attrs in g.nodes(data=True):
        assert set(attrs) == node_keys, node
        assert all(v is not None for v in attrs.values())
        assert isinstance(attrs["line"], int) and isinstance(attrs["in_registry"], bool)
        kinds[attrs["kind"]] += 1
    assert set(kinds) == {"agency", "collective", "person", "post", "document", "task", "clause"}
    edge_keys = {"relation", "label", "source", "line", "evidence", "date", "valid_until"}
    for _, _, attrs in g.edges(data=True):
        assert set(attrs) == edge_keys
    keji = ID + "agency/" + quote("温州市科学技术局")
    assert g.nodes[keji]["aliases"] == "市科技局" and g.nodes[keji]["in_registry"] is True
    lead = [(u, v, a) for u, v, a in g.edges(data=True) if a["relation"] == "leads"]
    assert len(lead) == 1
    u, v, a = lead[0]
    assert g.nodes[u]["label"] == "温州市自然资源和规划局"
    assert g.nodes[v]["kind"] == "task" and g.nodes[v]["doc"] == "温政办〔2022〕74号"
    assert (a["label"], a["source"], a["line"], a["date"]) == ("牵头", G2022, 237, "2022-10-13")
    assert "责任单位" in a["evidence"]


def test_to_networkx_from_extractions_equals_from_graph(graph: Graph) -> None:
    a = to_networkx(graph)
    b = to_networkx(corpus(), FakeResolver())
    assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def test_tables_have_one_row_per_fact(graph: Graph) -> None:
    tables = FactView.from_triples(graph).tables()
    assert len(tables["assignments"]) == 3 and len(tables["duties"]) == 4
    assert len(tables["appointments"]) == 2 and len(tables["references"]) == 3
    row = next(r for r in tables["assignments"] if r["role"] == "lead")
    assert (row["unit"], row["task"], row["line"], row["source"]) == (
        "温州市自然资源和规划局",
        "支持企业联合连片改造",
        237,
        G2022,
    )
