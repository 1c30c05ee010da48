"""Lone documents (a notice saved from a web page or a Word file): header and page furniture.

Every snippet is invented, laid out the way the genre prints it.
"""

from __future__ import annotations

import pytest

from govgraph.extract import extract_gazette
from govgraph.ingest import parse_gazette
from govgraph.ingest.layout import parse_date, title_of_line
from govgraph.records import DocumentRecord

BODY = (
    "各区人民政府，市政府各部门：\n\n"
    "《甲市乙事项实施方案》已经市政府同意，现印发给你们，请认真贯彻执行。\n\n"
)


def documents(text: str) -> list[DocumentRecord]:
    return extract_gazette(parse_gazette(text, "notice.txt")).documents


def test_metadata_table_one_field_per_line_gives_number_and_title_first_after_it() -> None:
    text = (
        "甲市人民政府办公室关于印发乙事项实施方案的通知\n\n索引号\n\n0001/2024-01\n\n发文单位\n\n"
        "市人民政府办公室\n\n发文字号\n\n甲政办发〔2024〕7号\n\n发布日期\n\n2024年03月02日 09:00:00\n\n"
        "甲政办发〔2024〕7号\n\n市人民政府办公室\n\n关于印发乙事项实施方案的通知\n\n"
        + BODY
        + "2024年2月28日\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "甲政办发〔2024〕7号"
    assert doc.prov.line == 19  # the body's copy of the number, not the metadata field
    assert doc.title == "市人民政府办公室关于印发乙事项实施方案的通知"
    assert doc.date == "2024-02-28"  # the signing date, not the publication date


def test_number_only_in_the_metadata_field() -> None:
    text = (
        "甲县人民政府关于分解落实工作目标的通知\n\n发文字号\n\n甲政发〔2023〕5号\n\n"
        "发布日期\n\n2023-02-13\n\n" + BODY
    )
    (doc,) = documents(text)
    # the header begins at the title, one metadata field above the number
    assert (doc.doc_number, doc.prov.line) == ("甲政发〔2023〕5号", 1)
    assert doc.title == "甲县人民政府关于分解落实工作目标的通知"
    assert doc.issuer == "甲县人民政府"


@pytest.mark.parametrize(
    "printed", ["甲劳社[2007]18号", "甲政 [2020] 20号", "甲府发【2024】29号", "甲府发（2024）29号"]
)
def test_number_alone_in_any_bracket_form_is_a_document_without_title(printed: str) -> None:
    (doc,) = documents(f"{printed}\n各相关处室、直属单位：\n现将任务分解给你们。\n二○○七年三月二十三日\n")
    assert doc.doc_number == printed.replace(" ", "")
    assert doc.title == ""
    assert doc.date == "2007-03-23"  # Chinese numerals, ○ for 〇


def test_number_glued_before_the_title_and_a_later_copy_in_the_body() -> None:
    text = (
        "甲政办规[2023]4号 甲市人民政府办公厅关于印发若干政策措施的通知\n\n"
        "来源：某网站 作者：某网站 时间：2023-04-11\n\n"
        "甲市人民政府办公厅关于印发若干政策措施的通知\n\n甲政办规〔2023〕4号           2023-04-11\n\n" + BODY
    )
    (doc,) = documents(text)
    # anchored at the printed title, above its number
    assert (doc.doc_number, doc.prov.line) == ("甲政办规〔2023〕4号", 5)
    assert doc.title == "甲市人民政府办公厅关于印发若干政策措施的通知"


def test_title_set_over_lines_with_letter_spaced_type_word() -> None:
    text = "- 设为首页\n- 加入收藏\n\n乙区人民政府办公室\n关于印发重点工作责任分解的\n通 知\n" + BODY
    (doc,) = documents(text)
    assert doc.title == "乙区人民政府办公室关于印发重点工作责任分解的通知"
    assert doc.prov.line == 4
    assert doc.issuer == "乙区人民政府办公室"


def test_page_title_above_the_metadata_line_yields_to_the_printed_title() -> None:
    text = (
        "政 府\n\n甲市人大常委会 关于接受某人辞职请求的决定\n\n"
        "来源:    发布时间:2021-08-04 16:14:00    打印\n\n"
        "甲市人民代表大会常务委员会\n\n关于接受某人辞职请求的决定\n\n因工作变动，某人提出辞去职务。\n"
    )
    (doc,) = documents(text)
    assert doc.title == "甲市人民代表大会常务委员会关于接受某人辞职请求的决定"
    assert doc.prov.line == 7


def test_breadcrumb_and_column_tag_are_not_the_title() -> None:
    text = (
        "国内政策【切换】 国际政策\n\n您现在的位置: 首页 > 政策前沿\n\n"
        "【重点工作】加快甲市流通业发展实施意见\n\n"
        "发布人:某站  /  发布时间:2017-11-24 10:12:15\n\n"
        "为进一步深化流通业改革，现制定本意见。\n\n一、主要目标\n"
    )
    (doc,) = documents(text)
    assert doc.title == "加快甲市流通业发展实施意见"
    assert doc.prov.line == 5


def test_table_caption_and_attachment_title_are_not_documents() -> None:
    table = "2025年开发区重点工作及责任清单\n序号 |\n重点工作 |\n责任单位 |\n1 |\n推进项目。 |\n招商部 |\n"
    assert documents(table) == []
    text = (
        "各县（市）、区人民政府：\n现予印发，请认真组织实施。\n甲市人民政府\n2023年8月14日\n"
        "甲市为民服务行动方案(2023)\n"
    )
    assert documents(text) == []


def test_news_lead_then_the_plan_title() -> None:
    text = (
        "日前，甲市印发《甲市蓝天保卫战实施方案(2019-2020年)》。全文如下:\n"
        "甲市蓝天保卫战实施方案(2019-2020年)\n为落实有关部署，制定本方案。\n一、目标\n"
    )
    (doc,) = documents(text)
    assert doc.title == "甲市蓝天保卫战实施方案(2019-2020年)"
    assert doc.prov.line == 2


def test_title_in_guillemets_alone_on_the_first_line() -> None:
    text = "《关于帮助市场主体纾困解难的具体实施细则》\n为深入贯彻落实有关精神，制定实施细则。\n一、财税\n"
    (doc,) = documents(text)
    assert doc.title == "关于帮助市场主体纾困解难的具体实施细则"


def test_site_furniture_never_reaches_the_text() -> None:
    text = (
        "- 设为首页\n- 无障碍阅读\n您现在的位置：首页 > 政务公开 > 文件\n甲市人民政府关于乙事项的通知\n"
        "发布时间：2024-01-02  来源：甲市政府办  浏览次数：12\n【字体：大 中 小】 打印 关闭\n"
        + BODY
        + "主办单位：甲市人民政府办公室  承办单位：甲市大数据中心  网站标识码：1234\n"
    )
    gz = parse_gazette(text, "page.txt")
    for word in ("设为首页", "首页 >", "浏览次数", "打印", "主办单位", "网站标识码"):
        assert word not in gz.text
    assert "现印发给你们" in gz.text


def test_a_lone_clause_label_line_is_not_a_site_credit() -> None:
    gz = parse_gazette("甲市人民政府关于乙事项的通知\n一、推进项目。\n承办单位：市发展改革委\n", "page.txt")
    assert "承办单位：市发展改革委" in gz.text


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("2023年5月30日", "2023-05-30"),
        ("二〇二三年五月六日", "2023-05-06"),
        ("二○○七年十二月二十三日", "2007-12-23"),
    ],
)
def test_signing_dates_in_arabic_and_chinese_numerals(printed: str, iso: str) -> None:
    assert parse_date(printed) == iso


def test_title_line_forms() -> None:
    assert title_of_line("【栏目】甲市人民政府关于乙的通知") == "甲市人民政府关于乙的通知"
    assert title_of_line("甲政发〔2023〕5号 甲市人民政府关于乙的通知") == "甲市人民政府关于乙的通知"
    assert title_of_line("甲市人民政府关于乙的通知（甲政发〔2023〕5号）") == "甲市人民政府关于乙的通知"
    assert title_of_line("据悉，甲市印发了关于乙的通知。") is None
    assert title_of_line("国内政策【切换】 国际政策") is None


def test_bulleted_fields_with_values_on_the_next_line() -> None:
    text = (
        "返回顶部\n\n甲县人民政府工作规则\n\n  • 索引号:\n\n    0001/2024-001005\n"
        "  • 发文机构:\n\n    县政府网站\n"
        "  • 发文字号:\n\n    甲政发〔2024〕7号\n  • 发布日期:\n\n    2024年04月06日 16:34\n\n"
        "第一章总则\n\n一、根据《甲省乙条例》，制定本规则。\n"
    )
    gz = parse_gazette(text, "rules.txt")
    assert "县政府网站" not in gz.text and "0001/2024" not in gz.text
    (doc,) = extract_gazette(gz).documents
    assert (doc.doc_number, doc.title, doc.issuer) == ("甲政发〔2024〕7号", "甲县人民政府工作规则", None)


def test_the_same_number_printed_twice_is_one_lone_notice() -> None:
    text = (
        "甲政办发〔2016〕26号《甲市人民政府办公厅关于印发〈甲市政务公开工作要点〉的通知》\n"
        "甲政办发〔2016〕26号\n甲政办发〔2016〕26号\n各区人民政府，市政府各委、办、局：\n"
        "《甲市政务公开工作要点》已经市政府同意，现印发给你们。\n甲市人民政府办公厅\n2016年5月28日\n"
    )
    (doc,) = documents(text)
    assert doc.title == "甲市人民政府办公厅关于印发〈甲市政务公开工作要点〉的通知"
    assert (doc.doc_number, doc.prov.line, doc.date) == ("甲政办发〔2016〕26号", 1, "2016-05-28")
    assert doc.issuer == "甲市人民政府办公厅"


def test_a_heading_glued_to_its_number_is_the_title() -> None:
    text = (
        "  • 发布机构:县人民政府办公室\n  • 公开方式:政府网站\n2021年县政府重点工作任务(甲政发〔2021〕2号)\n"
        "来源:甲县政府   2021-03-23 10:56\n浏览量:1 | | | |\n\n各乡镇人民政府、县直各单位:\n\n"
        "《2021年县政府重点工作任务分解》已经县人民政府同意,现印发给你们。\n"
    )
    ex = extract_gazette(parse_gazette(text, "tasks.txt"))
    (doc,) = ex.documents
    assert (doc.doc_number, doc.title, doc.prov.line) == ("甲政发〔2021〕2号", "2021年县政府重点工作任务", 3)
    # what the notice prints is a document, whatever its title ends with
    assert [(r.to_doc, r.relation) for r in ex.references] == [("《2021年县政府重点工作任务分解》", "issues")]


def test_a_content_table_with_generic_headers_is_not_page_metadata() -> None:
    text = "甲市人民政府关于公布乙名单的通知\n各区人民政府：\n现将名单公布如下。\n"
    text += "名称\n甲公司\n日期\n2024年1月\n"
    gz = parse_gazette(text, "list.txt")
    assert "甲公司" in gz.text and "名称" in gz.text


@pytest.mark.parametrize("printed", ["甲政发〔2023 5号", "甲政发2023年5号"])
def test_header_number_with_a_bracket_missing(printed: str) -> None:
    (doc,) = documents(f"{printed}\n各区人民政府：\n现将有关事项通知如下。\n")
    assert doc.doc_id == "甲政发〔2023〕5号"
    assert doc.doc_number == printed.replace(" ", "")


def test_salutation_with_a_bracketed_tail_and_an_attachment_title_after_the_date() -> None:
    text = (
        "各市(州)人民政府、省级有关部门(单位):\n经省政府同意,现将《甲省流通体系建设实施方案》印发给你们。\n"
        "甲省发展和改革委员会\n2022年10月18日\n甲省流通体系建设实施方案\n为贯彻落实有关部署,制定本方案。\n"
        "一、深化改革\n全面实施《中华人民共和国反不正当竞争法》。\n"
    )
    ex = extract_gazette(parse_gazette(text, "plan.txt"))
    assert ex.documents == []  # the notice's own title is not printed; the plan is its attachment
    assert ex.references == []  # so no citing document is identifiable


def test_the_header_zone_of_a_notice_only_issues() -> None:
    text = (
        "甲政办发〔2017〕55号 甲省人民政府办公厅关于印发甲省贯彻落实《乙规划》工作方案\n"
        "甲省人民政府办公厅关于印发甲省贯彻落实《乙规划》工作方案\n甲政办发〔2017〕55号\n"
        "各市、县人民政府:\n为深入贯彻落实《乙规划》(国函〔2016〕204号),制定本方案。\n"
    )
    found = extract_gazette(parse_gazette(text, "n.txt")).references
    refs = {(r.prov.line, r.to_doc, r.relation) for r in found}
    assert refs == {(5, "国函〔2016〕204号", "based_on")}


def test_metadata_rows_without_colons_give_the_number() -> None:
    text = (
        "乙区人民政府办公室关于印发丙方案的通知\n\n"
        "索 引 号 MB0001/2023-00001 发文日期 2023-01-03\n"
        "发布机构 区人民政府办公室 文    号 乙政办〔2023〕1号\n"
        "分   类 政务公开 有 效 性 有效\n\n各街道办事处，区人民政府各部门：\n\n现将《丙方案》印发给你们。\n\n"
        "乙区人民政府办公室\n\n2023年1月3日\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "乙政办〔2023〕1号"
    assert doc.title == "乙区人民政府办公室关于印发丙方案的通知"


def test_a_date_on_the_number_line_is_the_signing_date() -> None:
    text = (
        "甲省人民政府\n关于落实《政府工作报告》重点工作\n部门分工的意见\n"
        "甲府发〔2011〕8号 二○一一年三月十七日\n"
        "省政府各部门、各直属机构：\n根据《政府工作报告》，现提出分工意见如下。\n"
    )
    (doc,) = documents(text)
    assert (doc.doc_number, doc.date) == ("甲府发〔2011〕8号", "2011-03-17")
    assert doc.title == "甲省人民政府关于落实《政府工作报告》重点工作部门分工的意见"


def test_a_metadata_table_printed_as_rows_with_bars_gives_number_and_title() -> None:
    text = (
        "索 引 号: | 0001/2023-00001 | 信息分类: | |\n发布机构: | 生成日期: | 2022-12-02 08:54:33 | |\n"
        "文 号: | 甲府办发〔2022〕10号 | 是否有效: | |\n"
        "名 称: | 市人民政府办公室关于印发甲市乙行动方案(2022—2024年)的通知 |\n"
        "各区人民政府，市人民政府各部门：\n经市人民政府同意，现将《甲市乙行动方案(2022—2024年)》印发给你们。\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "甲府办发〔2022〕10号"
    assert doc.title == "市人民政府办公室关于印发甲市乙行动方案(2022—2024年)的通知"


def test_a_repost_in_traditional_characters_gives_its_header_as_printed() -> None:
    text = (
        "穗府辦〔2006〕19號\n關於印發2006年政府工作報告要求重點做好的工作事項的通知\n"
        "各區、縣級市人民政府,市政府各部門、各直屬機構:\n"
        "根據市政府常務會議決定,現將《2006年〈政府工作報告〉要求重點做好的工作事項》印發給你們,請抓好落實。\n"
        "廣州市人民政府辦公廳\n二○○六年四月二十八日\n"
    )
    ex = extract_gazette(parse_gazette(text, "notice.txt"))
    (doc,) = ex.documents
    assert (doc.doc_number, doc.issuer) == ("穗府辦〔2006〕19號", "廣州市人民政府辦公廳")
    assert doc.date == "2006-04-28"
    assert doc.title == "關於印發2006年政府工作報告要求重點做好的工作事項的通知"
    assert "穗府辦" in doc.prov.evidence
    assert [(r.to_doc, r.relation) for r in ex.references] == [
        ("《2006年〈政府工作報告〉要求重點做好的工作事項》", "issues")
    ]


def test_a_second_complete_document_after_the_first_ones_signature() -> None:
    text = (
        "甲市人民代表大会常务委员会\n关于接受张某同志辞去甲市人民政府\n市长职务请求的决定\n"
        "(2023年5月31日甲市第十五届人民代表大会常务委员会第七次会议通过)\n"
        "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定，决定接受张某同志辞去市长职务的请求。\n"
        "甲市人民代表大会常务委员会\n2023年5月31日\n"
        "甲市人民代表大会常务委员会\n关于李某同志代理甲市人民政府市长\n的决定\n"
        "(2023年5月31日甲市第十五届人民代表大会常务委员会第七次会议通过)\n"
        "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定，决定：李某同志代理甲市人民政府市长。\n"
        "甲市人民代表大会常务委员会\n2023年5月31日\n"
    )
    ex = extract_gazette(parse_gazette(text, "news.txt"))
    assert [(d.prov.line, d.title) for d in ex.documents] == [
        (1, "甲市人民代表大会常务委员会关于接受张某同志辞去甲市人民政府市长职务请求的决定"),
        (8, "甲市人民代表大会常务委员会关于李某同志代理甲市人民政府市长的决定"),
    ]
    assert len({r.from_doc for r in ex.references if r.relation == "based_on"}) == 2


def test_the_plan_a_notice_prints_after_its_signature_stays_its_attachment() -> None:
    text = (
        "甲区人民政府办公室关于印发乙方案的通知\n各街道办事处，区政府各部门：\n"
        "《乙方案》已经区政府同意，现印发给你们。\n甲区人民政府办公室\n2023年1月3日\n乙方案\n一、总体要求\n"
        "（一）做好丙工作。\n2023年1月5日\n"
    )
    assert [d.title for d in documents(text)] == ["甲区人民政府办公室关于印发乙方案的通知"]


def test_a_notice_is_anchored_where_its_header_begins() -> None:
    # title over lines, then the 文号 with its date: the title's first line
    text = "甲省人民政府\n关于落实重点工作\n部门分工的意见\n甲府发〔2011〕8号 二○一一年三月十七日\n" + BODY
    assert [d.prov.line for d in documents(text)] == [1]
    # title, the site's publication fields, then the 文号 alone: the title's line
    text = (
        "乙县人民政府办公室关于对民生实事进行督办的通知\n来源:信息公开办\n发布日期:2016-03-01\n"
        "点击数:人次\n\n乙府办〔2016〕20号\n\n" + BODY + "乙县人民政府办公室\n2016年2月26日\n"
    )
    (doc,) = documents(text)
    assert (doc.prov.line, doc.doc_number, doc.date) == (1, "乙府办〔2016〕20号", "2016-02-26")
    # the 文号 first, the printed plan's title after the signature: the 文号's line
    text = "丙府发〔2024〕29号\n\n" + BODY + "丙市人民政府\n\n2024年4月29日\n\n丙市产业政策清单\n\n一、农业\n"
    assert [d.prov.line for d in documents(text)] == [1]


def test_a_page_heading_over_a_whole_disclosure_table_leaves_the_anchor_at_the_number() -> None:
    text = (
        "丁区人民政府\n\n丁区人民政府关于分解落实工作目标任务的通知\n\n索引号\n\n0001/2023-06550\n\n"
        "文件类型\n\n政府文件\n\n发文单位\n\n区人民政府\n\n发文字号\n\n丁政发〔2023〕5号\n\n"
        "发布日期\n\n2023年02月13日 10:53:20\n\n" + BODY
    )
    (doc,) = documents(text)
    assert (doc.prov.line, doc.doc_number) == (19, "丁政发〔2023〕5号")
    assert doc.title == "丁区人民政府关于分解落实工作目标任务的通知"


def test_a_personnel_list_printed_inside_a_news_paragraph_with_its_adoption_note() -> None:
    text = (
        "乙区人大常委会召开第九次会议\n\n本网讯 7月2日上午，区人大常委会召开第九次会议，"
        "表决通过人事任免名单。区人大常委会副主任张某出席会议。 乙区人民代表大会常务委员会任命名单 "
        "(2021年7月2日乙区第六届人民代表大会常务委员会第九次会议通过) 决定任命: 李某为乙区人民政府副区长。\n"
    )
    ex = extract_gazette(parse_gazette(text, "news.txt"))
    (doc,) = ex.documents
    assert (doc.prov.line, doc.title, doc.issuer, doc.date) == (
        3,
        "乙区人民代表大会常务委员会任命名单",
        "乙区人民代表大会常务委员会",
        "2021-07-02",
    )
    # the news text's own word for the list, without its note, is no document
    assert documents(text.replace("(2021年7月2日乙区第六届人民代表大会常务委员会第九次会议通过) ", "")) == []


def test_a_decision_inside_a_paragraph_with_its_note_is_the_document_its_basis_belongs_to() -> None:
    text = (
        "丙市人大常委会举行会议\n会议表决通过有关决定。 丙市人民代表大会常务委员会关于接受王某辞职请求的决定"
        "（2022年3月1日丙市第十届人民代表大会常务委员会第五次会议通过） "
        "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定，决定接受王某辞去副市长职务的请求。\n"
    )
    ex = extract_gazette(parse_gazette(text, "news.txt"))
    (doc,) = ex.documents
    assert doc.title == "丙市人民代表大会常务委员会关于接受王某辞职请求的决定"
    assert doc.date == "2022-03-01"
    assert [(r.from_doc, r.relation) for r in ex.references] == [(doc.title, "based_on")]


def test_an_empty_summary_field_does_not_take_the_notice_title_as_its_value() -> None:
    text = (
        "首页 > 信息公开 > 信息浏览\n索引号: 0001/201901-00336 组配分类: 规范性文件发布\n"
        "生成日期: 2019-01-23 文号:\n发文日期: 2019-01-23 生效时间: 2019-01-23\n"
        "废止时间: 2020-01-23 名称: 甲县人民政府关于印发《甲县人民政府工作规则》的通知\n"
        "浏览次数: 590 内容概述:\n\n甲县人民政府关于印发《甲县人民政府工作规则》的通知\n\n"
        "各乡、镇人民政府，县政府各部门：\n\n《甲县人民政府工作规则》已经县政府全体会议通过，现予印发。\n\n"
        "甲县人民政府\n2019年1月17日\n"
    )
    (doc,) = documents(text)
    assert (doc.prov.line, doc.title) == (8, "甲县人民政府关于印发《甲县人民政府工作规则》的通知")
    assert (doc.issuer, doc.date) == ("甲县人民政府", "2019-01-17")


def test_a_circular_and_its_number_in_a_metadata_row_above_the_title() -> None:
    text = (
        "索引号: 0001/2025-0096 发布文号: 乙政办字〔2025〕6号\n公开日期: 2025-01-24 公开目录: 目标考核\n\n"
        "乙县人民政府办公室关于表扬耕地保护工作先进单位的通报\n\n各镇人民政府，县政府各工作部门：\n\n"
        "根据有关规定，对先进单位予以通报表扬。\n\n乙县人民政府办公室\n\n2025年1月23日\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "乙政办字〔2025〕6号"
    assert doc.title == "乙县人民政府办公室关于表扬耕地保护工作先进单位的通报"
    assert doc.prov.line == 4  # the page's metadata row is not the notice's header


def test_a_decree_number_over_two_lines_is_the_number_not_a_citation() -> None:
    text = (
        "丙省道路管理规定\n\n丙省人民政府令\n\n第15号\n\n"
        "《丙省道路管理规定》已经2010年12月14日省政府第76次常务会议通过，现予公布，自2011年2月1日起施行。\n\n"
        "省长  某某\n\n二○一○年十二月二十五日\n\n丙省道路管理规定\n\n第一章 总则\n\n"
        "第一条 为加强道路管理，根据《中华人民共和国公路法》，制定本规定。\n"
    )
    ex = extract_gazette(parse_gazette(text, "decree.txt"))
    (doc,) = ex.documents
    assert (doc.doc_number, doc.title, doc.date) == ("丙省人民政府令第15号", "丙省道路管理规定", "2010-12-25")
    assert [(r.to_doc, r.relation) for r in ex.references] == [("《中华人民共和国公路法》", "based_on")]


def test_the_title_printed_at_the_number_over_a_long_second_line_beats_a_page_heading() -> None:
    text = (
        "甲市公文处理有关规定、格式细则\n甲政办发〔2013〕11号\n甲市人民政府办公室关于\n"
        "印发《甲市人民政府公文形式、适用范围和公文处理有关规定》和《甲市人民政府公文格式细则》的通知\n"
        "各镇人民政府、办事处，市直各部门：\n"
        "现将《甲市人民政府公文形式、适用范围和公文处理有关规定》和《甲市人民政府公文格式细则》印发给你们。\n"
        "2013年2月27日\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "甲政办发〔2013〕11号"
    assert doc.title == (
        "甲市人民政府办公室关于印发《甲市人民政府公文形式、适用范围和公文处理有关规定》"
        "和《甲市人民政府公文格式细则》的通知"
    )
    assert (doc.issuer, doc.prov.line) == ("甲市人民政府办公室", 2)


def test_a_repost_printing_pinyin_after_its_characters_is_read_without_it() -> None:
    text = (
        "甲府發(fā)〔2017〕92號\n甲市人民政府印發(fā)《關(guān)于本市加強(qiáng)誠信建設的實施意見》的通知\n"
        "各區(qū)人民政府，市政府各委、辦、局：\n現將《關(guān)于本市加強(qiáng)誠信建設的實施意見》印發(fā)給你們。\n"
        "甲市人民政府\n2017年12月20日\n"
    )
    ex = extract_gazette(parse_gazette(text, "repost.txt"))
    (doc,) = ex.documents
    assert doc.doc_number == "甲府發〔2017〕92號"
    assert doc.title == "甲市人民政府印發《關于本市加強誠信建設的實施意見》的通知"
    # provenance points into the file as printed, pinyin and all
    assert text[doc.prov.start : doc.prov.end].startswith("甲府發(fā)〔2017〕92號")
    (ref,) = ex.references
    assert (ref.to_doc, ref.relation, ref.prov.line) == ("《關于本市加強誠信建設的實施意見》", "issues", 4)
    assert text[ref.prov.start : ref.prov.end] == "《關(guān)于本市加強(qiáng)誠信建設的實施意見》"
    # one bracketed gloss is not a repost's reading aid
    assert "(ā)" in parse_gazette("甲乙(ā)丙丁\n", "gloss.txt").text


def test_a_news_item_headed_by_a_shortened_title_reports_on_the_document() -> None:
    text = (
        "关于春节期间禁止燃放烟花爆竹的通告\n\n2020-01-11 09:23\n来源:本网\n\n"
        "1月10日，县政府发布《甲县人民政府关于春节期间在县城部分区域禁止燃放烟花爆竹的通告》，"
        "决定在县城部分区域禁止燃放烟花爆竹。\n\n凡违反本通告的，将依法处理。\n"
    )
    assert documents(text) == []
    # the notice itself, with its addressees, is a document
    text = (
        "关于春节期间禁止燃放烟花爆竹的通告\n\n各乡镇人民政府，县直各单位：\n\n"
        "根据《烟花爆竹安全管理条例》，决定在县城部分区域禁止燃放烟花爆竹。\n\n甲县人民政府\n\n2020年1月10日\n"
    )
    assert [d.title for d in documents(text)] == ["关于春节期间禁止燃放烟花爆竹的通告"]


def test_a_signer_printed_on_the_number_line() -> None:
    text = (
        "丙县人民政府办公室文件\n\n丙政办发〔2022〕5号              签发人：张某\n\n"
        "丙县人民政府办公室关于印发丙县防汛应急预案的通知\n\n各乡镇人民政府，县直各单位：\n\n"
        "《丙县防汛应急预案》已经县政府同意，现印发给你们。\n\n丙县人民政府办公室\n\n二〇二二年五月六日\n"
    )
    (doc,) = documents(text)
    assert (doc.doc_number, doc.prov.line, doc.date) == ("丙政办发〔2022〕5号", 3, "2022-05-06")
    assert doc.title == "丙县人民政府办公室关于印发丙县防汛应急预案的通知"


def test_metadata_rows_without_colons_one_or_two_fields_a_row() -> None:
    text = (
        "索引号 0001/2022-1497743 主题分类   其他\n发布机构 发文日期  2022年05月10日\n"
        "文号 甲府办函〔2022〕56号 是否有效\n标题 甲市人民政府办公室关于印发乙事项实施方案的通知\n\n"
        "甲市人民政府办公室关于印发乙事项实施方案的通知\n\n" + BODY + "甲市人民政府办公室\n2022年5月10日\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "甲府办函〔2022〕56号"
    # the field's label is never part of the title or the issuer
    assert doc.title == "甲市人民政府办公室关于印发乙事项实施方案的通知"
    assert doc.issuer == "甲市人民政府办公室"


def test_a_bracketed_date_under_a_title_set_over_lines_is_no_part_of_it() -> None:
    text = (
        "甲市人民政府公报\n  •   甲市人民政府\n\n      关于2019年重点办好城乡建设和\n\n"
        "      改善人民生活方面10件实事的通知\n\n      (2019年1月29日)\n\n      甲政发〔2019〕1号\n\n"
        "      各区、市人民政府，市政府各部门：\n现将有关事项通知如下。\n"
    )
    (doc,) = documents(text)
    assert doc.doc_number == "甲政发〔2019〕1号"
    assert doc.title == "甲市人民政府关于2019年重点办好城乡建设和改善人民生活方面10件实事的通知"
    assert doc.issuer == "甲市人民政府"
