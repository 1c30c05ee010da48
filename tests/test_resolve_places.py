"""Resolution for any government: jurisdictions from what a document prints, mentions inside
them, the national registry, 文号 codes and department templates (invented snippets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govgraph.errors import InputError
from govgraph.graph import build_graph, entity_iri, place_iri
from govgraph.namespace import DCTERMS, GG, SKOS
from govgraph.places import gazetteer, load_divisions, place_cues
from govgraph.records import DocumentRecord, Extraction, IssueMeta, Provenance, ResponsibilityClause
from govgraph.resolve import UNKNOWN, Resolver
from govgraph.resources import registry_dir


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_dir(registry_dir())


def extraction(text: str, source: str = "snippet.txt", issuer: str | None = None, number: str | None = None,
               date: str | None = None) -> Extraction:  # fmt: skip
    ex = Extraction(source=source, issue=IssueMeta(source, None, None, None), place_cues=place_cues(text))
    if issuer or number:
        prov = Provenance(source, 1, 0, 1, text[:20])
        ex.documents.append(DocumentRecord(number, number, "通知", issuer, date, None, None, (), prov))
    return ex


def where(resolver: Resolver, text: str, **kwargs: str):
    return resolver.jurisdictions(extraction(text, **kwargs)).of()


# --- jurisdiction of a document ---------------------------------------------------------------


def test_places_county_level_city_document_puts_shi_in_that_city(resolver: Resolver) -> None:
    j = where(resolver, "各乡镇人民政府：\n现印发给你们。\n\n吉首市人民政府\n2022年8月7日\n", source="a.txt")
    assert j.label == "吉首市" and j.basis == "signature"
    assert resolver.resolve_agency("市财政局", j).name == "吉首市财政局"
    assert resolver.resolve_agency("税务局", j).name == "国家税务总局吉首市税务局"
    assert resolver.resolve_agency("市委", j).name == "中共吉首市委员会"
    # 州 in a county-level city's document is its autonomous prefecture
    assert resolver.resolve_agency("州财政局", j).name == "湘西土家族苗族自治州财政局"


def test_places_district_document_qu_is_the_district_and_shi_its_city(resolver: Resolver) -> None:
    j = where(resolver, "发布机构：下陆区政府办公室\n关于做好防控工作的通知\n", source="b.txt")
    assert j.label == "黄石市下陆区"
    assert resolver.resolve_agency("区卫健局", j).name == "黄石市下陆区卫生健康局"
    assert resolver.resolve_agency("市发改委", j).name == "黄石市发展和改革委员会"
    assert resolver.resolve_agency("财政局", j).name == "黄石市下陆区财政局"  # a bare 局: the issuer's level


def test_places_autonomous_region_and_prefecture_words(resolver: Resolver) -> None:
    j = where(resolver, "上思县人民政府文件\n", source="gx.txt")
    assert j.label == "上思县"
    assert resolver.resolve_agency("自治区财政厅", j).name == "广西壮族自治区财政厅"
    assert resolver.resolve_agency("县财政局", j).name == "上思县财政局"
    assert resolver.resolve_agency("市财政局", j).name == "防城港市财政局"


def test_places_provincial_document_sheng_is_the_province(resolver: Resolver) -> None:
    j = where(resolver, "安徽省人民政府关于印发重点工作的通知\n", source="c.txt", issuer="安徽省人民政府")
    assert (j.label, j.basis) == ("安徽省", "issuer")
    assert resolver.resolve_agency("省财政厅", j).name == "安徽省财政厅"
    assert resolver.resolve_agency("省发展改革委", j).name == "安徽省发展和改革委员会"
    assert resolver.resolve_agency("省税务局", j).name == "国家税务总局安徽省税务局"
    assert resolver.resolve_agency("合肥海关", j).name == "中华人民共和国合肥海关"
    assert resolver.resolve_agency("团省委", j).name == "共青团安徽省委员会"
    # 市X in a province's document: no city is printed, so none is guessed
    assert resolver.resolve_agency("市发改委", j).resolved_by == UNKNOWN


def test_places_two_cities_never_merge_and_one_citys_forms_always_do(resolver: Resolver) -> None:
    nanjing = where(resolver, "南京市人民政府文件\n", source="nj.txt")
    hangzhou = where(resolver, "杭州市人民政府文件\n", source="hz.txt")
    a = resolver.resolve_agency("市发改委", nanjing)
    b = resolver.resolve_agency("市发改委", hangzhou)
    assert a.id != b.id
    assert (a.name, a.jurisdiction) == ("南京市发展和改革委员会", "南京市")
    assert b.name == "杭州市发展和改革委员会"
    for form in ("市发展改革委", "南京市发展和改革委员会", "市发展和改革委员会"):
        assert resolver.resolve_agency(form, nanjing).id == a.id
    assert (
        resolver.resolve_agency("南京市发展和改革委员会", hangzhou).id == a.id
    )  # a name that prints its place


def test_places_unknown_jurisdiction_keeps_the_mention_and_flags_it(resolver: Resolver) -> None:
    j1 = where(resolver, "（市发改委、市财政局负责）\n", source="u1.txt")
    j2 = where(resolver, "（市发改委牵头）\n", source="u2.txt")
    assert not j1.known and j1.basis == "unknown"
    a, b = resolver.resolve_agency("市发改委", j1), resolver.resolve_agency("市发改委", j2)
    assert a.name == "市发改委" and a.resolved_by == UNKNOWN and a.jurisdiction is None
    assert a.id != b.id  # two documents of unknown places: never one body
    assert "温州" not in a.id
    # in the graph: the document says unknown, the body is flagged
    ex = extraction("（市发改委负责）\n", source="u3.txt", number="某发〔2020〕1号")
    prov = Provenance("u3.txt", 1, 0, 5, "市发改委负责")
    ex.responsibilities.append(
        ResponsibilityClause(
            "某发〔2020〕1号", "某发〔2020〕1号", "任务", (), "任务", ("市发改委",), (), "none", prov
        )
    )
    graph = build_graph([ex], Resolver.from_dir(registry_dir()))
    flagged = [s for s, _, o in graph.triples((None, GG.resolvedBy, None)) if str(o) == UNKNOWN]
    assert len(flagged) == 1 and str(graph.value(flagged[0], SKOS.prefLabel)) == "市发改委"
    assert any(str(o) == "unknown" for o in graph.objects(None, GG.jurisdictionBasis))


def test_places_user_override_wins(resolver: Resolver) -> None:
    hangzhou = Resolver.from_dir(registry_dir(), jurisdiction="杭州市")
    j = hangzhou.jurisdictions(extraction("南京市人民政府文件\n", source="o.txt")).of()
    assert (j.label, j.basis) == ("杭州市", "override")
    assert hangzhou.resolve_agency("市发改委", j).name == "杭州市发展和改革委员会"
    with pytest.raises(InputError, match="ambiguous"):
        Resolver.from_dir(registry_dir(), jurisdiction="鼓楼区")
    assert Resolver.from_dir(registry_dir(), jurisdiction="福州市鼓楼区").override == "福州市鼓楼区"


def test_places_posts_printed_alone_are_posts_of_the_documents_government(resolver: Resolver) -> None:
    nanjing = where(resolver, "南京市人民政府文件\n", source="p1.txt")
    anhui = where(resolver, "安徽省人民政府文件\n", source="p2.txt")
    assert resolver.post(None, "副市长", nanjing).id == "post/南京市人民政府/副市长"
    assert resolver.post(None, "省长", anhui).parent == "agency/安徽省人民政府"
    assert resolver.post(None, "市委书记", nanjing).parent == "agency/中共南京市委员会"
    unknown = where(resolver, "（市发改委牵头）\n", source="p3.txt")
    assert resolver.post(None, "副市长", unknown).id == "post/未定/p3.txt/副市长"  # no place: no city's post


# --- 文号 codes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "places"),
    [
        ("甬政办发", {"宁波市"}),
        ("川发改", {"四川省"}),
        ("京政办发", {"北京市"}),
        ("穗府", {"广州市"}),
        ("宁政发", {"宁夏回族自治区", "南京市"}),
    ],
)
def test_places_docnum_code_table(resolver: Resolver, code: str, places: set[str]) -> None:
    conventional, _ = resolver.detector.places_of_code(code)
    assert {d.name for d in conventional} == places


def test_places_docnum_first_character_rule_and_ambiguity(resolver: Resolver) -> None:
    j = where(resolver, "许政〔2020〕20号\n各县（市、区）人民政府：\n", source="d1.txt")
    assert (j.label, j.basis) == ("许昌市", "docnum")
    # 宁 is 宁夏 and 南京: a cited 苏政发 (江苏) decides; nothing else, nothing decided
    ambiguous = "宁政发〔2021〕3号\n为落实好工作，现通知如下：\n"
    assert not where(resolver, ambiguous, source="d2.txt").known
    decided = where(resolver, ambiguous + "根据《通知》（苏政发〔2020〕1号）\n", source="d3.txt")
    assert decided.label == "南京市"


# --- names in force at the document's date ---------------------------------------------------


def test_places_pre_2018_department_names(resolver: Resolver) -> None:
    before = where(
        resolver, "南京市人民政府文件\n", source="y1.txt", issuer="南京市人民政府", number="宁政发〔2015〕9号"
    )
    after = where(
        resolver, "南京市人民政府文件\n", source="y2.txt", issuer="南京市人民政府", number="宁政发〔2021〕9号"
    )
    assert before.year == 2015 and after.year == 2021
    assert resolver.resolve_agency("市卫计委", before).name == "南京市卫生和计划生育委员会"
    assert resolver.resolve_agency("市环保局", before).name == "南京市环境保护局"
    assert resolver.resolve_agency("市农业局", before).name == "南京市农业局"
    assert resolver.resolve_agency("市农业局", after).name == "南京市农业农村局"
    assert resolver.resolve_agency("市税务局", after).name == "国家税务总局南京市税务局"
    assert resolver.resolve_agency("市地税局", before).name == "南京市地方税务局"


# --- the national registry --------------------------------------------------------------------


def test_places_registry_has_every_level_and_unique_qualified_names() -> None:
    gaz = gazetteer()
    levels = {d.level for d in gaz.by_code.values()}
    assert {"province", "prefecture", "county"} <= levels
    assert sum(d.level == "province" for d in gaz.by_code.values()) >= 31
    assert sum(d.level == "county" and d.current for d in gaz.by_code.values()) > 2800
    assert [gaz.qualified(d) for d in gaz.named("鼓楼区")] == [
        "南京市鼓楼区",
        "徐州市鼓楼区",
        "福州市鼓楼区",
        "开封市鼓楼区",
    ]
    assert gaz.by_code["433100"].short_name == "湘西"


def test_places_bad_division_row_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "divisions.csv"
    path.write_text(
        "# a comment\ncode,name,short_name,level,kind,parent,current\n"
        "110000,北京市,北京,province,municipality,,yes\n"
        "12000,天津市,天津,province,municipality,,yes\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        load_divisions(path)
    assert str(path) in str(exc.value) and "line 4" in str(exc.value)


def test_places_graph_records_document_jurisdiction_and_body_place(resolver: Resolver) -> None:
    ex = extraction(
        "南京市人民政府文件\n", source="g.txt", issuer="南京市人民政府", number="宁政发〔2021〕9号"
    )
    prov = Provenance("g.txt", 2, 0, 5, "市发改委负责")
    ex.responsibilities.append(
        ResponsibilityClause(
            "宁政发〔2021〕9号", "宁政发〔2021〕9号", "任务", (), "任务", ("市发改委",), (), "none", prov
        )
    )
    fresh = Resolver.from_dir(registry_dir())
    graph = build_graph([ex], fresh)
    body = entity_iri("agency/南京市发展和改革委员会")
    assert (body, DCTERMS.spatial, place_iri("320100")) in graph
    docs = set(graph.subjects(GG.jurisdictionBasis, None))
    assert len(docs) == 1 and (next(iter(docs)), DCTERMS.spatial, place_iri("320100")) in graph
    assert fresh.counts[("g.txt", "宁政发〔2021〕9号")]["template"] >= 1


# --- CLI and the resolution score ------------------------------------------------------------


def test_places_cli_extract_records_jurisdictions_and_takes_an_override(tmp_path: Path, monkeypatch) -> None:
    from clirun import invoke

    from govgraph.resolve.resolver import JURISDICTION_ENV

    monkeypatch.setenv(JURISDICTION_ENV, "")  # restored after the test, whatever it was
    path = tmp_path / "notice.txt"
    path.write_text(
        "各乡镇人民政府：\n（责任单位：市财政局）\n\n吉首市人民政府\n2022年8月7日\n", encoding="utf-8"
    )
    code, out, _ = invoke("extract", str(path))
    assert code == 0
    assert json.loads(out)["jurisdictions"]["gazette"]["jurisdiction"] == "吉首市"
    code, out, _ = invoke("extract", "--jurisdiction", "杭州市", str(path))
    gazette = json.loads(out)["jurisdictions"]["gazette"]
    assert code == 0 and (gazette["jurisdiction"], gazette["basis"]) == ("杭州市", "override")
    code, _, err = invoke("extract", "--jurisdiction", "鼓楼区", str(path))
    assert code == 2 and "ambiguous" in err


def test_places_resolution_score_counts_exact_and_wrong_jurisdiction(tmp_path: Path) -> None:
    from govgraph.resolve.score import evaluate_resolution

    gold = [
        {"file": "a.txt", "jurisdiction": "南京市", "line": 2, "mention": "市发改委",
         "canonical": "南京市发展和改革委员会", "collective": False, "sure": True},
        {"file": "a.txt", "jurisdiction": "南京市", "line": 2, "mention": "市财政局",
         "canonical": "南京市财政局", "collective": False, "sure": True},
        {"file": "b.txt", "jurisdiction": "西宁市", "line": 1, "mention": "市商务局",
         "canonical": "西宁市商务局", "collective": False, "sure": True},
    ]  # fmt: skip
    path = tmp_path / "resolution.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    a = extraction("南京市人民政府文件\n（责任单位：市发改委、市财政局）\n", source="a.txt")
    b = extraction("杭州市人民政府文件\n（市商务局负责）\n", source="b.txt")  # the text misleads
    detected, given = evaluate_resolution(path, [a, b], lambda: Resolver.from_dir(registry_dir()))
    assert (detected.sure, detected.sure_exact) == (3, 2)
    assert detected.wrong == {"agency/杭州市商务局"} and detected.files_wrong == 1
    assert (given.sure_exact, given.wrong) == (3, set())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由鄞州区交通运输局牵头", ["鄞州区交通运输局"]),
        (
            "南京市发展和改革委员会会同黄石市下陆区卫生健康局负责",
            ["南京市发展和改革委员会", "黄石市下陆区卫生健康局"],
        ),
        ("吉首市人民政府关于印发方案的通知", ["吉首市人民政府"]),
        ("中共南京市委组织部、人行宁波市中心支行", ["中共南京市委组织部", "人行宁波市中心支行"]),
    ],
)
def test_places_recognizer_finds_names_of_any_place(text: str, expected: list[str]) -> None:
    """The in-text recognizer (and the spaCy component) anchors on every division's name, not
    only on the places files' rows."""
    from govgraph.resolve import find_agency_mentions

    assert [text[s:e] for s, e, _ in find_agency_mentions(text)] == expected
