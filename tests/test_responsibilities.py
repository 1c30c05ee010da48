"""Responsibility clauses: forms, lead conventions, unit lists, tasks, provenance, scores."""

from __future__ import annotations

from pathlib import Path

from repo import DEMO_GOLD

from govgraph.extract import extract_gazette
from govgraph.extract.responsibilities import (
    parse_unit_list,
    responsibility_spans,
)
from govgraph.ingest import Gazette, parse_gazette
from govgraph.records import Extraction, ResponsibilityClause

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "gazettes"
GOLD = DEMO_GOLD


def document(body: str, number: str = "温政办〔2024〕11号", title: str = "温州市某某行动方案") -> str:
    """A document as a gazette prints it: title, 文号, addressees, then the body."""
    return (
        f"温州市人民政府办公室关于印发{title}的通知\n\n{number}\n\n"
        f"各县（市、区）人民政府，市政府直属各单位：\n\n{body.strip(chr(10))}\n"
    )


def clauses_of(text: str) -> tuple[Gazette, Extraction, list[ResponsibilityClause]]:
    gz = parse_gazette(text, "snippet.txt")
    ex = extract_gazette(gz)
    return gz, ex, ex.responsibilities


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# ---------------------------------------------------------------------------------------------
# Clause forms


def test_responsibilities_bracket_clause_after_each_sentence():
    text = document(
        "（四）支持产业用房分割转让。允许企业将多余部分分割转让（责任单位：*市自然资源和规划局、*市经信局、"
        "市住建局）。国有企业实施的工业综合体项目采用“先租后让”方式，可给予奖励（责任单位：*市自然资源和规划局、"
        "市国资委）。\n"
        "（五）统筹扩容空间利用。鼓励属地政府统筹产业空间。（责任单位：*市经信局，带*为牵头单位）",
    )
    _, _, clauses = clauses_of(text)
    assert [c.units for c in clauses] == [
        ("市自然资源和规划局", "市经信局", "市住建局"),
        ("市自然资源和规划局", "市国资委"),
        ("市经信局",),
    ]
    first, second, third = clauses
    assert first.lead == ("市自然资源和规划局", "市经信局")
    assert first.task == "支持产业用房分割转让"
    assert second.task.startswith("国有企业实施的工业综合体项目")
    assert first.task_path == second.task_path == ("（四）",)
    assert third.task_path == ("（五）",)
    assert first.prov.evidence == "（责任单位：*市自然资源和规划局、*市经信局、市住建局）"
    assert first.doc_number == "温政办〔2024〕11号"


def test_responsibilities_standalone_label_line():
    text = document("1.推进数字化改革。建设一体化平台。\n责任单位：市大数据管理局、市财政局\n2.另一项工作。")
    _, _, clauses = clauses_of(text)
    assert [c.units for c in clauses] == [("市大数据管理局", "市财政局")]
    assert clauses[0].task_path == ("1.",)


def test_responsibilities_lead_and_partner_fields():
    text = document(
        "1.做好稳外贸工作。（牵头单位：市商务局；配合单位：市财政局、市税务局）\n"
        "2.做好招商工作。\n牵头单位：市投资促进局\n配合单位：市商务局\n"
        "3.做好会展工作。（责任单位：市贸促会；配合单位：市商务局）"
    )
    _, _, clauses = clauses_of(text)
    assert [(c.units, c.lead, c.convention) for c in clauses] == [
        (("市商务局", "市财政局", "市税务局"), ("市商务局",), "field"),
        (("市投资促进局", "市商务局"), ("市投资促进局",), "field"),
        (("市贸促会", "市商务局"), ("市贸促会",), "field"),
    ]


def test_responsibilities_heading_led_by():
    text = document(
        "七、乡村振兴政策（由市农业农村局、市发展改革委牵头实施）\n深入实施千村示范工程。\n"
        "1.加大财政支持力度。安排资金。（责任单位：市财政局）"
    )
    _, _, clauses = clauses_of(text)
    heading = clauses[0]
    assert heading.units == heading.lead == ("市农业农村局", "市发展改革委")
    assert heading.task == "乡村振兴政策"
    assert heading.prov.line == line_of(text, "七、")
    assert clauses[1].lead == ()  # no convention declared: the heading's lead does not carry over
    assert clauses[1].task_path == ("七", "1.")


def test_responsibilities_running_text_led_by():
    text = document(
        "1.建立会商机制。由市商务局牵头，市财政局、市税务局配合，每季度召开会议。\n"
        "2.本方案由市自然资源和规划局、市经信局等牵头部门负责解释。\n"
        "3.相关实施细则由责任单位另行制定。"
    )
    _, _, clauses = clauses_of(text)
    assert [(c.units, c.lead, c.convention) for c in clauses] == [
        (("市商务局", "市财政局", "市税务局"), ("市商务局",), "inline")
    ]


def test_responsibilities_bare_unit_list_with_convention_note():
    text = document(
        "1.对符合条件的物流用地，优先纳入年度供应计划。（市自然资源和规划局，各县<市、区>政府，"
        "温州海经区管委会）（列第一位的为牵头单位，下同）\n"
        "2.支持建设冷链设施（见附件2）。\n"
        "3.将冷链物流纳入资金扶持范围。（责任单位：市农业农村局、市财政局）"
    )
    _, _, clauses = clauses_of(text)
    assert [c.units for c in clauses] == [
        ("市自然资源和规划局", "各县<市、区>政府", "温州海经区管委会"),
        ("市农业农村局", "市财政局"),
    ]
    assert [c.lead for c in clauses] == [("市自然资源和规划局",), ("市农业农村局",)]


# ---------------------------------------------------------------------------------------------
# Conventions


def test_responsibilities_star_convention_holds_with_xiatong():
    text = document(
        "（一）允许零星工业用地归宗开发。提高土地利用效率。（责任单位：*市自然资源和规划局，"
        "各县〈市、区〉政府、温州海经区管委会为责任主体，带*为牵头单位，下同）\n"
        "（二）支持企业联合连片改造。支持空间位置互换。（责任单位：*市自然资源和规划局、市住建局）\n"
        "（三）鼓励第三方运营。探索共建运营模式。（责任单位：市经信局、市财政局）"
    )
    _, _, clauses = clauses_of(text)
    assert clauses[0].units == ("市自然资源和规划局", "各县〈市、区〉政府", "温州海经区管委会")
    assert [c.lead for c in clauses] == [("市自然资源和规划局",), ("市自然资源和规划局",), ()]
    assert [c.convention for c in clauses] == ["star", "star", "star"]
    # The 责任主体 of the convention sentence are not copied into later clauses.
    assert clauses[1].units == ("市自然资源和规划局", "市住建局")


def test_responsibilities_first_listed_declared_inside_first_clause_applies_to_it():
    text = document(
        "1.发挥重大项目带动作用。迭代市重大项目库。（责任单位：市发展改革委、市财政局，列第一位的为牵头单位，下同）\n"
        "2.加大财政支持力度。安排资金。（责任单位：市财政局）"
    )
    _, _, clauses = clauses_of(text)
    assert [c.lead for c in clauses] == [("市发展改革委",), ("市财政局",)]
    assert {c.convention for c in clauses} == {"first_listed"}


def test_responsibilities_convention_without_xiatong_is_local():
    text = document(
        "1.甲项工作。（责任单位：市发展改革委、市财政局，列第一位的为牵头单位）\n"
        "2.乙项工作。（责任单位：市财政局、市税务局）"
    )
    _, _, clauses = clauses_of(text)
    assert [c.lead for c in clauses] == [("市发展改革委",), ()]


def test_responsibilities_standalone_convention_sentence():
    text = document(
        "下列各项任务中，带*的为牵头单位。\n"
        "1.甲项工作。（责任单位：市财政局、*市税务局）\n"
        "2.乙项工作。（责任单位：市财政局）"
    )
    _, _, clauses = clauses_of(text)
    assert [(c.lead, c.convention) for c in clauses] == [(("市税务局",), "star"), ((), "star")]


def test_responsibilities_no_convention_keeps_order_and_no_lead():
    first = document(
        "1.甲项工作。（责任单位：市发展改革委、市财政局，列第一位的为牵头单位，下同）",
        number="温政办〔2024〕10号",
        title="甲方案",
    )
    second = document(
        "1.全面补齐污水管网短板。加快推进管网建设。（责任单位：市住建局、市生态环境局、市综合行政执法局）",
        number="温政办〔2024〕12号",
        title="乙方案",
    )
    _, _, clauses = clauses_of(first + "\n" + second)
    assert [c.doc_number for c in clauses] == ["温政办〔2024〕10号", "温政办〔2024〕12号"]
    later = clauses[1]
    # A 下同 convention ends with its document.
    assert later.units == ("市住建局", "市生态环境局", "市综合行政执法局")
    assert later.lead == ()
    assert later.convention == "none"
    assert later.role_of("市住建局") == "unspecified"


# ---------------------------------------------------------------------------------------------
# Unit lists


def test_responsibilities_nested_brackets_of_every_kind():
    ul = parse_unit_list(
        "市商务局、市委组织部〈市委人才办〉，各县〈市、区〉政府，温州海经区、温州高新区〈经开区〉管委会、"
        "市治水办〔河长办〕"
    )
    assert ul.units == [
        "市商务局",
        "市委组织部〈市委人才办〉",
        "各县〈市、区〉政府",
        "温州海经区",
        "温州高新区〈经开区〉管委会",
        "市治水办〔河长办〕",
    ]
    assert parse_unit_list("各县<市、区>政府，温州高新区<经开区>管委会").units == [
        "各县<市、区>政府",
        "温州高新区<经开区>管委会",
    ]
    # Brackets are kept as printed; the same unit printed twice (any bracket width) counts once.
    assert parse_unit_list("各县(市、区)政府、市财政局、各县（市、区）政府").units == [
        "各县(市、区)政府",
        "市财政局",
    ]


def test_responsibilities_unit_list_notes_and_trailers_dropped():
    ul = parse_unit_list(
        "市生态环境局、温州海事局，有关县〔市、区〕政府、功能区管委会负责落实。以下均需有关县〔市、区〕政府、"
        "功能区管委会负责落实，不再列出"
    )
    assert ul.units == ["市生态环境局", "温州海事局", "有关县〔市、区〕政府", "功能区管委会"]
    assert parse_unit_list("市自然资源和规划局、市经信局等").units == ["市自然资源和规划局", "市经信局"]
    # An item that is a collective description keeps its 等 as printed.
    assert parse_unit_list("温州大学、浙江工贸职业技术学院等在温相关高校").units == [
        "温州大学",
        "浙江工贸职业技术学院等在温相关高校",
    ]


def test_responsibilities_clause_split_across_page_break():
    text = document(
        "5.强化用能要素保障。推动工商业电价在原有基础上稳中有降，进一步推进电力市场化交易，做好保障（责\n\n"
        "·    26    ·\n\n2024年第2 期文件发布\n\n任单位：市发展改革委）\n"
        "6.加大对民间投资支持力度。拓宽民间资本投资领域。（责任单位：市\n金融办、市发展改革委）"
    )
    _, _, clauses = clauses_of(text)
    assert [c.units for c in clauses] == [("市发展改革委",), ("市金融办", "市发展改革委")]
    # The line is the one holding "（责", not the page furniture or "任单位".
    assert clauses[0].prov.line == line_of(text, "做好保障（责")
    assert clauses[1].prov.line == line_of(text, "（责任单位：市\n")


def test_responsibility_spans_stray_break_inside_keyword_and_list():
    text = (
        "1.做某事。（责\n任单位：市发展改革委、市\n财政局，各县\n〈市、区〉政府）\n"
        "2.再做一事。（责任单位：市财政局）"
    )
    spans = responsibility_spans(text)
    assert [(units, lead) for _, _, units, lead in spans] == [
        (("市发展改革委", "市财政局", "各县〈市、区〉政府"), ()),
        (("市财政局",), ()),
    ]
    start, end, _, _ = spans[0]
    assert text[start:end].startswith("（责") and text[start:end].endswith("政府）")


# ---------------------------------------------------------------------------------------------
# Tables


def test_responsibilities_tab_table_space_separated_units_and_inline_lead():
    text = document(
        "附件2\n\n重点片区、流域治理清单\n\n"
        "片区、流域名称\t攻坚目标\t主要问题\t攻坚任务\t责任单位\n"
        "永强塘河片区\t2023年达到Ⅲ类。\t雨污混流等。\t"
        "<ol> <li>1.龙湾牵头联合经开区建立工作联动机制；</li> "
        "<li>2.工作专班牵头汇总。</li> </ol>\t龙湾区 温州经开区\n"
        "湖前片\t2023年稳定达到Ⅲ类。\t生活污染等。\t1.苍南、龙港两地建立工作联动机制；\t苍南县 龙港市\n"
        "\n片区、流域名称\t攻坚目标\t主要问题\t攻坚任务\t责任单位\n"
        "鳌江流域\t稳定达到Ⅲ类。\t船舶污染等。\t"
        "1.平阳牵头联合苍南、龙港建立联动机制；\t平阳县 苍南县 龙港市\n"
    )
    _, ex, clauses = clauses_of(text)
    assert [(c.units, c.lead) for c in clauses] == [
        (("龙湾区", "温州经开区"), ("龙湾区",)),
        (("苍南县", "龙港市"), ()),
        (("平阳县", "苍南县", "龙港市"), ("平阳县",)),
    ]
    assert [c.prov.line for c in clauses] == [
        line_of(text, "永强塘河片区"),
        line_of(text, "湖前片"),
        line_of(text, "鳌江流域"),
    ]
    assert clauses[0].task == "永强塘河片区"
    row_task = next(t for t in ex.tasks if t.heading == "永强塘河片区")
    assert row_task.target == "2023年达到Ⅲ类。"
    assert [c.task_path for c in clauses] == [
        ("重点片区、流域治理清单", "1"),
        ("重点片区、流域治理清单", "2"),
        ("重点片区、流域治理清单", "3"),
    ]


def test_responsibilities_tab_table_merged_cells_and_sub_lists():
    text = document(
        "附件2\n\n"
        "序号\t建设任务\t建设内容\t建设目标\t任务分解\t责任单位\n"
        "2\t壮大生态体系\t加快园区建设 招引企业\t建成园区15个\t各地至少建成1个\t"
        "市商务局、各县（市、区）政府，"
        "温州高新区（经开区）管委会 市投资促进局、市商务局、各县（市、区）政府，温州海经区\n"
        "\t\t招引创意团队\t招引团队3支\t\t市商务局、市委组织部（市委人才办）\n"
    )
    _, _, clauses = clauses_of(text)
    assert [c.units for c in clauses] == [
        ("市商务局", "各县（市、区）政府", "温州高新区（经开区）管委会", "市投资促进局", "温州海经区"),
        ("市商务局", "市委组织部（市委人才办）"),
    ]
    assert [c.task for c in clauses] == ["加快园区建设 招引企业", "招引创意团队"]
    assert all(c.lead == () for c in clauses)


def test_responsibilities_tab_table_empty_edge_cells_keep_columns():
    # Empty first and last cells: the columns are read from the original line.
    text = document("序号\t任务\t责任单位\t备注\n\t做好某事\t市财政局、市税务局\t\n")
    _, _, clauses = clauses_of(text)
    assert [(c.units, c.task) for c in clauses] == [(("市财政局", "市税务局"), "做好某事")]


def test_responsibilities_table_lead_and_partner_columns():
    text = document("序号\t任务\t牵头单位\t配合单位\n1\t做好稳外贸工作\t市商务局\t市财政局、市税务局\n")
    _, _, clauses = clauses_of(text)
    assert [(c.units, c.lead, c.convention) for c in clauses] == [
        (("市商务局", "市财政局", "市税务局"), ("市商务局",), "field")
    ]


def test_responsibility_spans_html_table():
    text = (
        "<table><tr><th>任务</th><th>承办单位</th></tr>"
        "<tr><td>做好某事</td><td>*市商务局、市财政局</td></tr></table>"
    )
    spans = responsibility_spans(text)
    assert [(units, lead) for _, _, units, lead in spans] == [(("市商务局", "市财政局"), ("市商务局",))]


# ---------------------------------------------------------------------------------------------
# Tasks


def test_responsibilities_task_tree_paths_text_and_targets():
    text = document(
        "二、重点任务\n（一）开展污水收集和处理能力提升攻坚\n"
        "1.全面补齐污水管网短板。加快推进管网建设。到2023年，河道周边区域截污纳管实现全覆盖。"
        "（责任单位：市住建局、市生态环境局）\n"
        "（1）细化管网档案。建立档案制度。（责任单位：市住建局）\n"
        "三、保障措施\n（一）强化责任落实。各地要认真落实主体责任。"
    )
    _, ex, clauses = clauses_of(text)
    assert [c.task_path for c in clauses] == [("二", "（一）", "1."), ("二", "（一）", "1.", "（1）")]
    by_path = {t.path: t for t in ex.tasks}
    task = by_path[("二", "（一）", "1.")]
    assert task.heading == "全面补齐污水管网短板"
    assert task.target == "到2023年，河道周边区域截污纳管实现全覆盖。"
    assert clauses[0].task_text == task.text and task.text.startswith("1.全面补齐污水管网短板。")
    assert by_path[("二", "（一）")].heading == "开展污水收集和处理能力提升攻坚"
    assert ("三", "（一）") in by_path
    assert all(t.doc_key == "温政办〔2024〕11号" for t in ex.tasks)


def test_responsibilities_task_heading_cut_by_kept_break():
    text = document(
        "2.支持将冷链物流基础设施作为公共基础\n设施建设纳入国土空间规划。（责任单位：市自然资源和规划局）"
    )
    _, _, clauses = clauses_of(text)
    assert clauses[0].task == "支持将冷链物流基础设施作为公共基础设施建设纳入国土空间规划"


# ---------------------------------------------------------------------------------------------
# Demo corpus
