"""Cross-document references: printed forms, relations, skipped forms, attribution, gold scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from repo import DEMO_GOLD

from govgraph.extract import extract_gazette
from govgraph.extract.references import extract_references
from govgraph.ingest import parse_gazette
from govgraph.records import Reference

ROOT = Path(__file__).resolve().parents[1]
GAZETTES = sorted((ROOT / "data" / "gazettes").glob("*.txt"))
GOLD = DEMO_GOLD

REPEAL_NOTICE = "温州市人民政府办公室 关于废止温政办〔2018〕96号文件的通知\n\n温政办〔2022〕80号\n\n"
ISSUING_NOTICE = (
    "温州市人民政府办公室 关于印发温州市水环境质量行动实施方案（2021—2023年）的通知\n\n"
    "温政办〔2021〕28号\n\n"
)
ANNOUNCEMENT = (
    "温州市人民政府 关于公布温州市综合行政执法事项(2022年第二批)的通告\n\n通告〔2022〕2号\n\n"
)
ADDRESSEES = "各县（市、区）人民政府，市政府直属各单位：\n\n"
SIGNATURE = "\n\n温州市人民政府办公室\n\n2022年10月27日\n"


def references(body: str, header: str = REPEAL_NOTICE) -> list[Reference]:
    """References of one document made of ``header`` + addressees + ``body`` + signature."""
    gz = parse_gazette(header + ADDRESSEES + body + SIGNATURE)
    return extract_gazette(gz).references


def triples(refs: list[Reference]) -> list[tuple[str, str, str]]:
    return [(r.from_doc, r.to_doc, r.relation) for r in refs]


# -- printed forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed",
    [
        "（温政办〔2018〕96号）",
        "(温政办[2018]96号)",
        "（温政办［2018］96号）",
        "（温政办【2018】96号）",
        "（温政办 〔 2018 〕 96 号）",
        "（温政办〔2018〕第96号）",
    ],
)
def test_references_title_with_number_in_any_bracket_form(printed: str) -> None:
    refs = references(f"经市政府同意，决定废止《世界温州人家园招商办法（试行）》{printed}。")
    assert triples(refs) == [("温政办〔2022〕80号", "温政办〔2018〕96号", "repeals")]
    assert refs[0].to_id == "温政办〔2018〕96号"
    assert refs[0].to_title == "《世界温州人家园招商办法（试行）》"


def test_references_number_split_across_lines_keeps_line_of_the_title() -> None:
    body = (
        "为推动温州经济高质量发展，根据《浙江省人民政府印发进一步推动经济高质量发展若干政策的通知》（浙政发〔\n"
        "2024〕4号）精神，制定本办法。"
    )
    refs = references(body)
    assert triples(refs) == [("温政办〔2022〕80号", "浙政发〔2024〕4号", "based_on")]
    assert refs[0].prov.line == 7  # the line of the opening 《, not of the number


def test_references_bare_number_is_cited_at_its_own_line() -> None:
    refs = references("职能承接主体一般应具备浙政办发〔2015〕133号中规定的有关条件。")
    assert triples(refs) == [("温政办〔2022〕80号", "浙政办发〔2015〕133号", "cites")]
    assert refs[0].to_title is None
    assert refs[0].prov.line == 7


def test_references_title_without_number_keeps_its_brackets() -> None:
    refs = references("要严格执行新《土地管理法》和《浙江省土地征收程序规定（试行）》。")
    assert triples(refs) == [
        ("温政办〔2022〕80号", "《土地管理法》", "cites"),
        ("温政办〔2022〕80号", "《浙江省土地征收程序规定（试行）》", "cites"),
    ]
    assert all(r.to_id is None for r in refs)


def test_references_decree_series_title_with_serial() -> None:
    refs = references("由住建部门根据《温州市人民政府令》(第147号)有关规定执行。")
    assert triples(refs) == [("温政办〔2022〕80号", "温州市人民政府令第147号", "based_on")]


def test_references_bare_decree_and_decree_in_brackets() -> None:
    refs = references(
        "根据《中华人民共和国城镇土地使用税暂行条例》（中华人民共和国国务院令第483号）制定。"
        "市人民政府发布的温政令第135号同时废止。"
    )
    assert triples(refs) == [
        ("温政办〔2022〕80号", "中华人民共和国国务院令第483号", "based_on"),
        ("温政办〔2022〕80号", "温政令第135号", "repeals"),
    ]


def test_references_numbered_announcement_in_brackets() -> None:
    refs = references(
        "依据《浙江省推进长三角区域社会保障卡居民服务一卡通规定》"
        "（浙江省第十三届人民代表大会常务委员会公告第83号）。"
    )
    assert triples(refs) == [
        ("温政办〔2022〕80号", "浙江省第十三届人民代表大会常务委员会公告第83号", "based_on")
    ]


def test_references_issuer_prefixed_number_is_kept_as_printed() -> None:
    refs = references(
        "与《温州市综合行政执法事项目录(2021年)》(温州市人民政府通告〔2021〕4号)一并执行。", ANNOUNCEMENT
    )
    assert triples(refs) == [("通告〔2022〕2号", "温州市人民政府通告〔2021〕4号", "cites")]


# -- relations ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        ("经市政府同意，决定废止《温州市甲办法》（温政发〔2010〕1号）。", "repeals"),
        ("本办法自2024年3月25日起施行。原《温州市甲办法》（温政发〔2010〕1号）同时废止。", "repeals"),
        ("根据《温州市甲办法》（温政发〔2010〕1号），结合我市实际，制定本办法。", "based_on"),
        ("依据《温州市甲办法》（温政发〔2010〕1号）制定本办法。", "based_on"),
        ("按照《温州市甲办法》（温政发〔2010〕1号）要求，强化监控预警。", "based_on"),
        ("为贯彻落实《温州市甲办法》（温政发〔2010〕1号）精神，提出如下意见。", "based_on"),
        ("市政府决定对《温州市甲办法》（温政发〔2010〕1号）作如下修改：", "amends"),
        ("经研究，决定修改《温州市甲办法》（温政发〔2010〕1号）。", "amends"),
        ("现将《温州市甲办法》（温政发〔2010〕1号）转发给你们，请认真贯彻执行。", "issues"),
        ("《温州市甲办法》（温政发〔2010〕1号）已经市政府同意，现印发给你们，请认真贯彻执行。", "issues"),
        ("《温州市甲计划》（温政发〔2010〕1号）已经审议批准，现下达给你们，请认真组织实施。", "issues"),
        ("组织实施《温州市甲办法》（温政发〔2010〕1号），加快项目建设。", "cites"),
        # 按 alone describes past practice; 修订 in 新修订的 qualifies the title.
        ("一直按《温州市甲办法》（温政发〔2010〕1号）执行至今。", "cites"),
        ("严格执行新修订的《温州市甲办法》（温政发〔2010〕1号）。", "cites"),
    ],
)
def test_references_relation_from_wording(sentence: str, relation: str) -> None:
    assert triples(references(sentence)) == [("温政办〔2022〕80号", "温政发〔2010〕1号", relation)]


def test_references_keyword_scopes_over_a_list_of_titles() -> None:
    refs = references(
        "根据《浙江省甲规定》（浙政发〔2021〕31号）、《浙江省乙意见》（浙自然资规〔2019〕3号）、"
        "《浙江省丙意见》（浙政发〔2014〕20号）等文件精神，结合我市实际，制定本方案。"
        "《温州市丁办法》(温政发〔2004〕49号)、《温州市戊通知》(温政办〔2014〕63号)同时废止。"
    )
    assert [(r.to_doc, r.relation) for r in refs] == [
        ("浙政发〔2021〕31号", "based_on"),
        ("浙自然资规〔2019〕3号", "based_on"),
        ("浙政发〔2014〕20号", "based_on"),
        ("温政发〔2004〕49号", "repeals"),
        ("温政办〔2014〕63号", "repeals"),
    ]


def test_references_issuing_verb_belongs_to_the_nearest_clause() -> None:
    refs = references("为落实《浙江省甲意见》，现将《温州市乙办法》印发给你们，请认真贯彻执行。")
    assert [(r.to_doc, r.relation) for r in refs] == [
        ("《浙江省甲意见》", "based_on"),  # a purpose clause (为落实…) states the basis (issue 12)
        ("《温州市乙办法》", "issues"),
    ]


def test_references_two_numbers_in_one_bracket() -> None:
    refs = references("根据《浙江省甲意见》（浙政发〔2021〕31号、浙政办发〔2021〕5号）精神，制定本办法。")
    assert [(r.to_doc, r.to_title, r.relation) for r in refs] == [
        ("浙政发〔2021〕31号", "《浙江省甲意见》", "based_on"),
        ("浙政办发〔2021〕5号", None, "based_on"),
    ]


def test_references_keywords_inside_titles_do_not_count() -> None:
    refs = references("实施《浙江省人民政府关于印发浙江省甲办法的通知》（浙政发〔2007〕50号）。")
    assert triples(refs) == [("温政办〔2022〕80号", "浙政发〔2007〕50号", "cites")]


def test_references_basis_heading_types_its_list() -> None:
    refs = references(
        "一、制定背景\n\n为加强管理，制定本办法。\n\n二、制定依据\n\n"
        "1.《关于印发社会保障卡管理办法的通知》（人社部发〔2011〕47号）；\n\n"
        "2.《浙江省社会保障卡监督管理办法（试行）》。\n\n三、主要内容\n\n明确了《温州市甲办法》的内容。"
    )
    assert [(r.to_doc, r.relation) for r in refs] == [
        ("人社部发〔2011〕47号", "based_on"),
        ("《浙江省社会保障卡监督管理办法（试行）》", "based_on"),
        ("《温州市甲办法》", "cites"),
    ]


def test_references_list_introduced_by_a_repeal_clause() -> None:
    refs = references(
        "经研究，决定废止以下文件：\n\n1.《温州市甲办法》（温政发〔2010〕1号）；\n\n2.温政办〔2011〕2号。\n\n"
        "各地要做好衔接，落实《温州市乙规定》。"
    )
    assert [(r.to_doc, r.relation) for r in refs] == [
        ("温政发〔2010〕1号", "repeals"),
        ("温政办〔2011〕2号", "repeals"),
        ("《温州市乙规定》", "cites"),
    ]


# -- skipped forms ------------------------------------------------------------------------------


def test_references_skip_shortened_forms_contracts_and_periodicals() -> None:
    refs = references(
        "制定《关于市区城镇土地使用税征税范围和税额标准的通知》（以下简称《通知》）。《通知》未做出变化，"
        "《管理办法》增加了内容。应对原已签订的《项目管理合同》《回购协议》进行调整，"
        "并在《温州市人民政府公报》刊登，播放《走进温州》。"
    )
    assert triples(refs) == [
        ("温政办〔2022〕80号", "《关于市区城镇土地使用税征税范围和税额标准的通知》", "cites")
    ]


def test_references_issued_attachment_only_in_the_issuing_sentence() -> None:
    refs = references(
        "《温州市水环境质量行动实施方案（2021—2023年）》已经市政府同意，现印发给你们，请认真贯彻执行。\n\n"
        "各地要按照《温州市水环境质量行动实施方案（2021—2023年）》要求抓好落实。",
        ISSUING_NOTICE,
    )
    assert triples(refs) == [
        ("温政办〔2021〕28号", "《温州市水环境质量行动实施方案（2021—2023年）》", "issues")
    ]


def test_references_skip_own_attachment_and_keep_other_editions() -> None:
    refs = references(
        "一、将事项列入《温州市综合行政执法事项目录(2022年第二批)》，"
        "与《温州市综合行政执法事项目录(2021年)》(温州市人民政府通告〔2021〕4号)一并执行。\n\n"
        "附件：温州市综合行政执法事项目录",
        ANNOUNCEMENT,
    )
    assert triples(refs) == [("通告〔2022〕2号", "温州市人民政府通告〔2021〕4号", "cites")]


def test_references_skip_the_contents_and_the_issuance_list() -> None:
    text = (
        "目    录\n\n温州市人民政府办公室关于废止温政办〔2018〕96号文件的通知"
        "（温政办〔2022〕80号）……………（28）\n\n"
        + REPEAL_NOTICE + ADDRESSEES + "经市政府同意，决定废止《甲办法》（温政办〔2018〕96号）。" + SIGNATURE
        + "\n10月份市政府、市政府办公室发文目录\n\n"
        "温政办〔2022〕80号　　温州市人民政府办公室关于废止温政办〔2018〕96号文件的通知\n"
    )
    refs = extract_gazette(parse_gazette(text)).references
    assert triples(refs) == [("温政办〔2022〕80号", "温政办〔2018〕96号", "repeals")]


# -- attribution and links ------------------------------------------------------------------------


def test_references_chronicle_cites_under_its_section_title() -> None:
    text = (
        REPEAL_NOTICE + ADDRESSEES + "本通知自印发之日起施行。" + SIGNATURE
        + "\n10月份市政府记事\n\n28日\n\n"
        "△ 副市长章月影参加省红十字会实施《浙江省红十字会条例》宣贯动员部署会。\n"
    )
    refs = extract_gazette(parse_gazette(text)).references
    assert triples(refs) == [("10月份市政府记事", "《浙江省红十字会条例》", "cites")]


def test_references_interpretation_cites_under_its_title_and_skips_the_title() -> None:
    text = (
        REPEAL_NOTICE + ADDRESSEES + "本通知自印发之日起施行。" + SIGNATURE
        + "\n关于《温州市社会保障卡居民服务“一卡通”管理办法》的政策解读\n\n一、制定背景\n\n"
        "近年来，省里先后出台了《浙江省推进长三角区域社会保障卡居民服务一卡通规定》。\n\n"
        "二、制定依据\n\n1.《关于印发社会保障卡管理办法的通知》（人社部发〔2011〕47号）。\n"
    )
    refs = extract_gazette(parse_gazette(text)).references
    title = "关于《温州市社会保障卡居民服务“一卡通”管理办法》的政策解读"
    assert triples(refs) == [
        (title, "《浙江省推进长三角区域社会保障卡居民服务一卡通规定》", "cites"),
        (title, "人社部发〔2011〕47号", "based_on"),
    ]


def test_references_feature_article_cites_under_its_headline() -> None:
    text = (
        REPEAL_NOTICE + ADDRESSEES + "本通知自印发之日起施行。" + SIGNATURE
        + "\n10月份市政府、市政府办公室发文目录\n\n"
        "温政办〔2022〕80号　　温州市人民政府办公室关于废止温政办〔2018〕96号文件的通知\n\n"
        "# 苍南县做好“四个加法” 打造医共体“苍南样板”\n\n"
        "## 四、创新绩效管理,在激发医共体工作活力上做好加法\n\n"
        "因医共体单位之间发展不平衡,统一考核难度大。为此,苍南制定了《苍南县2020年度医共体绩效考核办法》,"
        "设定不同的考核指标。\n"
    )
    refs = extract_gazette(parse_gazette(text)).references
    assert triples(refs) == [
        ("苍南县做好“四个加法”打造医共体“苍南样板”", "《苍南县2020年度医共体绩效考核办法》", "cites")
    ]


def test_references_link_to_a_document_of_the_issue() -> None:
    earlier = (
        "温州市人民政府 关于公布温州市综合行政执法事项(2022年第一批)的通告\n\n通告〔2022〕1号\n\n"
        + ADDRESSEES + "现将有关事项通告如下。" + SIGNATURE + "\n"
    )
    gz = parse_gazette(
        earlier + REPEAL_NOTICE + ADDRESSEES
        + "与《温州市综合行政执法事项目录(2022年第一批)》(温州市人民政府通告〔2022〕1号)一并执行。"
        + SIGNATURE
    )
    ex = extract_gazette(gz)
    assert {d.doc_id for d in ex.documents} == {"通告〔2022〕1号", "温政办〔2022〕80号"}
    assert triples(ex.references) == [("温政办〔2022〕80号", "温州市人民政府通告〔2022〕1号", "cites")]
    assert ex.references[0].to_id == "通告〔2022〕1号"  # the issuer printed before a corpus number


def test_references_are_deterministic_and_carry_provenance() -> None:
    body = "经市政府同意，决定废止《甲办法》（温政办〔2018〕96号）。"
    gz = parse_gazette(REPEAL_NOTICE + ADDRESSEES + body + SIGNATURE)
    ex = extract_gazette(gz)
    again = extract_references(gz, ex)
    assert again == ex.references
    prov = again[0].prov
    assert prov.extractor == "references"
    assert "废止" in prov.evidence
    assert gz.raw[prov.start : prov.end].startswith("《甲办法》")
