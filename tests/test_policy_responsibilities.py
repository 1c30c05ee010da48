"""Responsibility clauses in the conventions of many governments (invented snippets, one per rule).

Each test prints a snippet in the genre's layout and checks the (units, lead) pairs a user gets,
through the build's extractor and through the spaCy component: one recognition stack.
"""

from __future__ import annotations

import pytest

from govgraph.extract import extract_gazette
from govgraph.extract.responsibilities import label_role, parse_unit_list, responsibility_spans
from govgraph.ingest import parse_gazette

Pair = tuple[tuple[str, ...], tuple[str, ...]]


def clauses(text: str) -> list[Pair]:
    """(units, lead) of every clause, checked to be the same through both entry points."""
    built = [(c.units, c.lead) for c in extract_gazette(parse_gazette(text, "plan.txt")).responsibilities]
    spans = [(units, lead) for _, _, units, lead in responsibility_spans(text)]
    assert built == spans
    return built


def lines(text: str) -> list[int]:
    return [c.prov.line for c in extract_gazette(parse_gazette(text, "plan.txt")).responsibilities]


def test_square_bracket_fields() -> None:
    text = "1、做好防控工作。[牵头单位:区卫健局、区创文办;责任单位:区指挥部成员单位、各街办(新区)]\n"
    assert clauses(text) == [
        (("区卫健局", "区创文办", "区指挥部成员单位", "各街办(新区)"), ("区卫健局", "区创文办"))
    ]


def test_two_fields_in_one_bracket_without_separator() -> None:
    text = "1.提高管理效能。(牵头单位:市商务局  责任单位:市编办、市发改委、各区县政府)\n"
    assert clauses(text) == [(("市商务局", "市编办", "市发改委", "各区县政府"), ("市商务局",))]


def test_labelled_lines_with_a_leader_line_and_full_stops() -> None:
    text = (
        "1. 地区生产总值增长8%以上。\n牵头负责领导：张某。\n牵头责任单位：市发展改革委。\n"
        "协同责任单位：市经信局、开发区管委会等，各县、市、区政府。\n2. 财政收入增长。\n"
    )
    assert clauses(text) == [
        (("市发展改革委", "市经信局", "开发区管委会", "各县、市、区政府"), ("市发展改革委",))
    ]
    assert lines(text) == [3]


def test_any_unit_label_is_a_role_and_is_never_glued_to_a_unit() -> None:
    assert label_role("数据提供单位") == "neutral"
    assert label_role("牵头督办单位") == "lead"
    assert label_role("协同配合部门") == "participant"
    assert label_role("牵头负责领导") == "leader"
    assert label_role("市政府各部门") is None  # an addressee, not a role
    text = "1.归集数据。（数据提供单位：市大数据局、市公安局）\n"
    assert clauses(text) == [(("市大数据局", "市公安局"), ())]


def test_first_listed_convention_with_xiatong_and_a_single_unit_later() -> None:
    text = (
        "（一）推进项目建设。\n\n责任单位：市发改委、市财政局（第一责任单位为牵头单位，下同）\n\n时限要求：持续推进\n\n"
        "（二）落实招投标政策。\n\n责任单位：市建设局\n"
    )
    assert clauses(text) == [(("市发改委", "市财政局"), ("市发改委",)), (("市建设局",), ("市建设局",))]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("（市农委、粮食局负责）", (("市农委", "粮食局"), ())),
        ("（市人社局牵头，市发改委、财政局负责）", (("市人社局", "市发改委", "财政局"), ("市人社局",))),
        ("（市卫健委主办，市妇联协办）", (("市卫健委", "市妇联"), ("市卫健委",))),
        ("（市商务局负责）", (("市商务局",), ())),
        ("（市农业局、市水利局按职责分工负责）", (("市农业局", "市水利局"), ())),
        ("（市教育局牵头）", (("市教育局",), ("市教育局",))),
        ("（以上四项工作市人力资源保障局牵头）", (("市人力资源保障局",), ("市人力资源保障局",))),
        ("（工资处、就管中心）", (("工资处", "就管中心"), ())),
    ],
)
def test_unlabelled_brackets_closing_a_task(clause: str, expected: Pair) -> None:
    assert clauses(f"5.城镇登记失业率控制在4%以内。{clause}\n") == [expected]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("5.新建社区食堂12个（县民政局负责）。\n", (("县民政局",), ())),
        ("5.新建社区食堂12个（由县民政局、县财政局负责实施）；\n", (("县民政局", "县财政局"), ())),
        ("5.新建社区食堂12个（县民政局牵头，各乡镇配合）\n", (("县民政局", "各乡镇"), ("县民政局",))),
    ],
)
def test_a_clause_printed_before_its_sentence_ends(sentence: str, expected: Pair) -> None:
    assert clauses(sentence) == [expected]


def test_a_scope_before_the_units_is_no_part_of_a_unit() -> None:
    assert clauses("5.做好信访工作（此项工作由县信访局负责）。\n") == [(("县信访局",), ())]
    assert clauses("5.加强宣传。（具体由县委宣传部负责）\n") == [(("县委宣传部",), ())]
    # a sentence is no unit: nothing rather than "所需经费由各地自行"
    assert clauses("5.统筹安排资金。（所需经费由各地自行负责）\n") == []
    assert clauses("5.建设试验区。（自由贸易试验区管委会负责）\n") == [(("自由贸易试验区管委会",), ())]


def test_units_in_a_bracket_on_the_line_after_the_task() -> None:
    text = (
        "1、地区生产总值增长8%。\n（县发改委、财政局，县税务局）\n"
        "2、城镇登记失业率控制在4%以内。\n（县人社局）\n"
    )
    assert clauses(text) == [(("县发改委", "财政局", "县税务局"), ()), (("县人社局",), ())]
    # a bracket line after an unfinished sentence glosses it
    assert clauses("1、建设县政务服务中心\n（县行政审批局）等窗口。\n") == []


def test_a_lead_or_gather_convention_in_a_bracket_after_the_last_unit() -> None:
    text = (
        "4.投资增长10%。\n责任单位:县发改委、县财政局、县卫健委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)\n"
        "5.消费增长。\n责任单位:县商务局、县统计局\n"
    )
    assert clauses(text) == [
        (("县发改委", "县财政局", "县卫健委"), ("县发改委",)),
        (("县商务局", "县统计局"), ("县商务局",)),
    ]


def test_table_cells_that_are_not_names_are_no_units() -> None:
    # a row with a description cell more than its header: the description is not a unit
    text = (
        "序号\n工作任务\n牵头单位\n配合单位\n1\n共建科学城\n推动重点实验室落地,引进研发机构\n区科技局\n"
        "2\n建设数字园区\n区经信委\n区科技局\n"
    )
    assert [units for units, _ in clauses(text)] == [("区经信委", "区科技局")]


def test_a_bracket_inside_a_sentence_is_a_gloss_not_a_clause() -> None:
    # no role verb, or the sentence goes on after the bracket
    assert clauses("5.依托县政务服务中心（县行政审批局）建设窗口。\n") == []
    assert clauses("5.经县民政局（牵头负责）审核后发放补贴。\n") == []


def test_two_leads_and_a_long_list_with_a_collective_holding_dun_hao() -> None:
    text = (
        "一、推进重大项目建设。加快资金拨付进度。（省发展改革委、财政厅牵头；省工业和信息化委、林业厅，"
        "国家开发银行甲省分行，各州、市人民政府配合）\n"
    )
    assert clauses(text) == [
        (
            (
                "省发展改革委",
                "财政厅",
                "省工业和信息化委",
                "林业厅",
                "国家开发银行甲省分行",
                "各州、市人民政府",
            ),
            ("省发展改革委", "财政厅"),
        )
    ]


def test_a_block_of_sub_items_closed_by_one_clause() -> None:
    text = (
        "1.完善应急预案体系\n(1)加强应急预案管理。\n(2)推进预案精编化。\n"
        "(责任单位:市直各有关单位、各县(市、区)人民政府、各开发区管委会)\n2.健全体制\n"
    )
    assert clauses(text) == [(("市直各有关单位", "各县(市、区)人民政府", "各开发区管委会"), ())]


def test_leader_first_then_lead_and_partners() -> None:
    text = (
        "1、设立改革试验区事宜\n由张某副市长负责，市发改委牵头，相关部门配合，尽快完成实施方案。\n"
        "2、轨道交通项目\n由李某副市长负责，市建设局牵头，市发改委配合，进一步完善方案。\n"
    )
    assert clauses(text) == [
        (("市发改委", "相关部门"), ("市发改委",)),
        (("市建设局", "市发改委"), ("市建设局",)),
    ]


def test_leader_first_then_undertaking_units() -> None:
    text = (
        "加强社区建设。由某某同志负责，市卫生局、市发展改革委承办。\n"
        "请甲乙、丙丁同志负责，市劳动局、市教委承办。\n"
    )
    assert clauses(text) == [(("市卫生局", "市发展改革委"), ()), (("市劳动局", "市教委"), ())]


def test_declared_collectives_are_not_copied_into_later_clauses() -> None:
    text = (
        "1.制定清单。〔市生态环境局牵头，市发展和改革局、工业和信息化局参与，各县、区人民政府（管委会）负责落实。"
        "以下各项工作均需各县、区人民政府（管委会）落实，不再列出。〕\n"
        "2.整治企业。（市生态环境局、市场监管局牵头，市发展和改革局参与）\n"
    )
    assert clauses(text) == [
        (
            ("市生态环境局", "市发展和改革局", "工业和信息化局", "各县、区人民政府（管委会）"),
            ("市生态环境局",),
        ),
        (("市生态环境局", "市场监管局", "市发展和改革局"), ("市生态环境局", "市场监管局")),
    ]


def test_a_list_cut_by_the_end_of_the_excerpt_yields_only_complete_names() -> None:
    text = "2.排查整治企业。完成整治任务。（市生态环境局、发展和改革局牵头督导，市公安局、自然资源局、应急"
    assert clauses(text) == [
        (("市生态环境局", "发展和改革局", "市公安局", "自然资源局"), ("市生态环境局", "发展和改革局"))
    ]


def test_table_one_cell_a_line_with_bars() -> None:
    text = (
        "2025年重点工作及责任清单\n序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n优化重点项目服务机制。 |\n张某 |\n招商工作部、安商工作部 |\n全年 |\n"
        "2 |\n盘活存量土地400亩。 |\n李某 |\n改革办 |\n全年 |\n"
    )
    assert clauses(text) == [(("招商工作部", "安商工作部"), ()), (("改革办",), ())]
    assert lines(text) == [10, 15]  # the unit cell's line


def test_table_one_cell_a_line_without_bars_or_number_column() -> None:
    text = (
        "附件\n\n重点任务清单\n\n工作任务 |\n\n时限要求 |\n\n责任单位 | ||\n\n"
        "一、推动责任落实 | ||||\n\n属地党 |\n\n"
        "1 |\n\n开展宣贯活动。 |\n\n3月底前 |\n\n林业发展岗 |\n\n2 |\n\n签订责任书。 |\n\n4月底前 |\n\n"
        "林业发展岗、应急管理岗 | |\n\n3 |\n\n在林区从事各类活动的单位和个人要严格履行"
    )
    assert clauses(text) == [(("林业发展岗",), ()), (("林业发展岗", "应急管理岗"), ())]


def test_table_with_a_lead_column_gives_the_lead() -> None:
    text = (
        "序号\n\n目  标  任  务\n\n牵头单位\n\n责任单位\n\n责任人\n\n"
        "1\n\n★地区生产总值增长15%。\n\n区发改局\n"
    )
    assert clauses(text) == [(("区发改局",), ("区发改局",))]


@pytest.mark.parametrize(
    ("printed", "units"),
    [
        ("市行政审批局、住建局、司法局", ("市行政审批局", "住建局", "司法局")),  # shared prefix not copied
        ("市工信局、市财政局等有关部门，各县区人民政府", ("市工信局", "市财政局", "各县区人民政府")),
        ("市卫生健康委等，各县(市、区)政府(管委会)", ("市卫生健康委", "各县(市、区)政府(管委会)")),
        ("各县、市、区政府", ("各县、市、区政府",)),
        ("各区、县（市）政府", ("各区、县（市）政府",)),
        ("各县(市)区、开发区", ("各县(市)区", "开发区")),
        ("市住建局；市自然资源局", ("市住建局", "市自然资源局")),
        ("市级各有关部门及各县市区政府按职责分工负责", ("市级各有关部门", "各县市区政府")),
        ("市教育局及所属学校", ("市教育局", "所属学校")),
        ("市应急及消防救援支队", ("市应急及消防救援支队",)),  # 及 inside a name stays
    ],
)
def test_unit_lists(printed: str, units: tuple[str, ...]) -> None:
    assert tuple(parse_unit_list(printed).units) == units


def test_several_leads_each_leading_a_part() -> None:
    text = "1.推进项目建设。（市发改委、市财政局分别牵头，市住建局配合）\n"
    assert clauses(text) == [(("市发改委", "市财政局", "市住建局"), ("市发改委", "市财政局"))]


def test_a_unit_answers_and_others_undertake() -> None:
    text = "2.加强监管。由市市场监管局负责，市公安局、市商务局承办。\n"
    assert clauses(text) == [(("市市场监管局", "市公安局", "市商务局"), ())]


def test_table_rows_of_space_separated_cells() -> None:
    text = (
        "重点任务分工\n序号  重点任务  牵头单位  配合单位  完成时限\n"
        "1  推进项目建设  市发改委  市财政局、市住建局  2024年底\n2  加强执法  市公安局  市司法局  持续推进\n"
    )
    assert clauses(text) == [
        (("市发改委", "市财政局", "市住建局"), ("市发改委",)),
        (("市公安局", "市司法局"), ("市公安局",)),
    ]
    assert lines(text) == [3, 4]


def test_clause_windows_are_bounded_on_a_text_without_line_breaks() -> None:
    """Issue 18: every clause scans a bounded window, so a newline-free text stays linear."""
    import time

    # (an unclosed bracket each time: the scans that look for its end must stay bounded)
    unit = "推进项目建设，加快审批。（责任单位：市发改委、市财政局）由市住建局负责，市公安局承办。"
    unit += "（市商务局牵头"

    def cpu(n: int) -> float:
        text = "甲市人民政府关于印发乙方案的通知\n各区人民政府：\n" + unit * n
        times = []
        for _ in range(3):  # the least of three: a pause of the machine is not the extractor's
            t0 = time.process_time()
            found = extract_gazette(parse_gazette(text, "long.txt")).responsibilities
            times.append(time.process_time() - t0)
            assert len(found) >= n
        return min(times)

    small, large = cpu(400), cpu(3200)
    assert large < small * 8 * 3  # 8× the text: linear (quadratic would be 64×), with slack


def test_a_lead_line_then_a_responsible_line_is_one_clause() -> None:
    text = (
        "1.努力实现地区生产总值增长6%左右。\n\n牵头单位:区发改局\n\n责任单位:甲经济开发区,全区经济运行各专班\n\n"
        "2.规上工业增加值增长5%左右。\n\n牵头单位:区工信局\n"
    )
    assert clauses(text) == [
        (("区发改局", "甲经济开发区", "全区经济运行各专班"), ("区发改局",)),
        (("区工信局",), ("区工信局",)),
    ]


def test_a_labelled_list_cut_by_the_end_of_the_excerpt_keeps_only_complete_names() -> None:
    # the excerpt stops mid-line: its last name may be cut ("区" of 区发展和改革局)
    assert clauses("（一）地区生产总值增长7%\n责任单位:区发展和改革局\n（二）工业投资增长\n责任单位:区") == [
        (("区发展和改革局",), ())
    ]
    assert clauses("1.推进项目建设。(牵头单位:市发") == []
    assert clauses("1.推进项目建设。\n责任单位:市甲局、市乙") == [(("市甲局",), ())]
    # a whole file ends with a line break: its last line is complete
    assert clauses("1.推进项目建设。\n责任单位:市甲局、市乙局\n") == [(("市甲局", "市乙局"), ())]


def test_fields_printed_one_a_line_are_not_glued_together() -> None:
    text = (
        "10件惠民实事\n一、 扩大优质教育资源。新增公办幼儿园40所。\n牵头单位:市教育局\n"
        "责任单位:各县(市)区人民政府、甲新区管委会、乙—丙合作区管委会\n完成时限:2023年12月31日前\n"
    )
    assert clauses(text) == [
        (("市教育局", "各县(市)区人民政府", "甲新区管委会", "乙—丙合作区管委会"), ("市教育局",))
    ]


@pytest.mark.parametrize(
    ("printed", "units"),
    [
        ("省直各部门和各市人民政府", ("省直各部门", "各市人民政府")),  # 和 between two bodies
        ("省财政厅、省农业厅等省直有关部门和各市人民政府", ("省财政厅", "省农业厅", "各市人民政府")),
        ("区水务局等部门,区国投公司", ("区水务局", "区国投公司")),
        ("市发改委等10个部门", ("市发改委",)),
        ("市发展和改革委员会、区科技和经信局", ("市发展和改革委员会", "区科技和经信局")),  # 和 inside names
        ("市高等教育管理部门", ("市高等教育管理部门",)),  # 等 inside a name
        ("省发改委、各市州、县市区人民政府", ("省发改委", "各市州、县市区人民政府")),  # one collective
        ("各设区市、县（市、区）人民政府", ("各设区市、县（市、区）人民政府",)),
    ],
)
def test_unit_lists_joined_by_he_and_closed_by_deng(printed: str, units: tuple[str, ...]) -> None:
    assert tuple(parse_unit_list(printed).units) == units


def test_a_heading_naming_the_lead_and_partner_lines_under_it_are_one_clause() -> None:
    text = (
        "一、张某省长负责的工作\n全面负责省人民政府工作任务的落实。\n"
        "（一）省监察厅牵头的工作\n加强行政监察工作。\n"
        "（二）省编办牵头的工作\n1.深化行政管理体制改革。\n2.推进乡镇机构改革。\n"
        "协同单位：省财政厅、省农业厅等省直有关部门和各市人民政府。\n"
        "二、李某常务副省长负责的工作\n（一）省人民政府办公厅牵头的工作\n1.加强政府自身建设。\n"
        "协同单位：省直有关部门和各市人民政府。\n2.认真办理建议提案。\n协同单位：省直有关部门和各市人民政府。\n"
    )
    assert clauses(text) == [
        (("省监察厅",), ("省监察厅",)),
        (("省编办", "省财政厅", "省农业厅", "各市人民政府"), ("省编办",)),
        (("省人民政府办公厅", "省直有关部门", "各市人民政府"), ("省人民政府办公厅",)),
    ]
    assert lines(text) == [3, 5, 10]  # the heading's line


def test_table_one_cell_a_line_with_its_own_task_column_name_and_units_over_several_lines() -> None:
    text = (
        "附件\n\n2016年民生实事目标任务分解表\n\n序号\n\n民生实事\n\n责任单位\n\n完成时限\n\n"
        "1\n\n启动建设城区综合治理工程。\n\n县水务局\n\n县住建局\n\n县护城河指挥部\n\n12月底前\n\n"
        "2\n\n新建2座人行天桥。\n\n县住建局\n\n9月投入使用\n\n"
        "3\n\n开工建设县老年养护楼。\n\n县民政局\n\n5月底前动工\n\n开工建设老年大学。\n\n12月底前\n"
    )
    assert clauses(text) == [
        (("县水务局", "县住建局", "县护城河指挥部"), ()),
        (("县住建局",), ()),
        (("县民政局",), ()),
    ]
    assert lines(text) == [17, 29, 37]  # the first unit line of each row


def test_a_lead_column_before_a_partner_column_holds_one_unit_when_cells_run_over_lines() -> None:
    text = (
        "序号\n\n重点任务\n\n牵头单位\n\n配合单位\n\n完成时限\n\n"
        "1\n\n推进项目建设。\n\n市发改委\n\n市财政局\n\n市住建局\n\n2024年底\n"
    )
    assert clauses(text) == [(("市发改委", "市财政局", "市住建局"), ("市发改委",))]


def test_a_monitoring_column_or_label_is_no_responsibility() -> None:
    table = (
        "附件\n目标任务分解表\n项 目\n分值\n目标任务\n监考单位\n宏观调控\n地区生产总值增长率\n3\n"
        "年终根据全省平均水平综合考核\n区发改局区统计局\n"
    )
    assert clauses(table) == []
    assert clauses("1.统计工作。(监考单位:区统计局)\n2.考核工作。\n考核单位:区统计局、区发改局\n") == []
    assert label_role("监考单位") is None
    assert label_role("发文单位") is None


def test_a_repost_in_traditional_characters_is_read_and_units_are_kept_as_printed() -> None:
    text = (
        "(一)堅持擴大就業發展戰略。鼓勵社會資金參與創業投資。(省發展改革委、省財政廳、省人力資源社會保障廳、"
        "省國稅局等負責,列第一位者為牽頭單位,下同)\n(二)發展產業。支持企業轉型升級。(省經濟和信息化委、省科技廳負責)\n"
    )
    assert clauses(text) == [
        (("省發展改革委", "省財政廳", "省人力資源社會保障廳", "省國稅局"), ("省發展改革委",)),
        (("省經濟和信息化委", "省科技廳"), ("省經濟和信息化委",)),
    ]
    assert clauses("1.做好疫情防控工作,確保各項措施落實到位。(牽頭單位:區衛健局;責任單位:各街辦)\n") == [
        (("區衛健局", "各街辦"), ("區衛健局",))
    ]


def test_the_first_listed_convention_in_its_printed_variants() -> None:
    for note in ("列第一位者为牵头单位", "列第一位的责任单位为牵头单位", "排在第一位的为牵头单位"):
        found = clauses(f"1.推进项目建设。(市甲局、市乙局负责,{note})\n")
        assert found == [(("市甲局", "市乙局"), ("市甲局",))]


def test_traditional_characters_are_read_as_simplified_for_matching_only() -> None:
    from govgraph.text import is_traditional, simplified

    assert simplified("責任單位:省發展改革委") == "责任单位:省发展改革委"
    # a simplified text is left alone, characters that are also simplified forms included
    assert simplified("乾县人民政府、於某、市发改委") == "乾县人民政府、於某、市发改委"
    assert is_traditional("各市人民政府,省政府各廳委、各直屬機構:為深入貫徹落實國務院關於就業創業工作的意見")
    # a simplified text with a stray traditional character is not a traditional text
    assert not is_traditional("各市人民政府，省政府各厅委、各直属机构：为深入贯彻落实国务院关于就業创业工作")


def test_each_unit_keeps_its_role_as_printed() -> None:
    text = (
        "1.归集数据。（数据提供单位：市大数据局、市公安局）\n2.推进项目。（市发改委牵头，市财政局、市住建局配合）\n"
        "序号  重点任务  牵头单位  配合单位  完成时限\n1  推进项目建设  市商务局  市财政局  2024年底\n"
    )
    found = [(c.units, c.labels) for c in extract_gazette(parse_gazette(text, "plan.txt")).responsibilities]
    assert found == [
        (("市大数据局", "市公安局"), ("数据提供单位", "数据提供单位")),
        (("市发改委", "市财政局", "市住建局"), ("牵头", "配合", "配合")),
        (("市商务局", "市财政局"), ("牵头单位", "配合单位")),
    ]


def test_the_graph_names_each_units_printed_role() -> None:
    from govgraph.graph import build_graph
    from govgraph.namespace import GG
    from govgraph.resolve import Resolver

    text = (
        "甲市人民政府关于乙事项的通知\n各区人民政府：\n"
        "1.归集数据。（数据提供单位：市大数据局、市公安局）\n"
    )
    graph = build_graph([extract_gazette(parse_gazette(text, "plan.txt"))], Resolver.default())
    labels = [str(o) for o in graph.objects(None, GG.roleLabel)]
    assert labels == ["数据提供单位", "数据提供单位"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("\n责任单位：市发改委（牵头）、市财政局", (("市发改委", "市财政局"), ("市发改委",))),
        ("（市市场监管局负责，各县（市、区）政府落实）", (("市市场监管局", "各县（市、区）政府"), ())),
    ],
)
def test_a_role_in_the_units_own_bracket_and_units_that_carry_it_out(clause: str, expected: Pair) -> None:
    assert clauses(f"1.加强食品安全监管。{clause}\n") == [expected]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            "（牵头单位：市发改委；责任单位：市财政局；完成时限：2024年底）",
            (("市发改委", "市财政局"), ("市发改委",)),
        ),
        ("（责任单位：市商务局，完成时间：2024年6月底前）", (("市商务局",), ())),
    ],
)
def test_a_deadline_printed_inside_the_clause_is_no_unit(clause: str, expected: Pair) -> None:
    assert clauses(f"1.推进项目建设。{clause}\n") == [expected]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("\n【责任单位】市发改委、市财政局", (("市发改委", "市财政局"), ())),
        ("\n【牵头单位】市商务局【配合单位】市财政局", (("市商务局", "市财政局"), ("市商务局",))),
        ("责任单位为市住建局、市城管局。", (("市住建局", "市城管局"), ())),
        ("\n▲责任单位：市交通局", (("市交通局",), ())),
        ("\n责任单位：市农业农村局/市水利局", (("市农业农村局", "市水利局"), ())),
    ],
)
def test_labels_without_a_colon_bullets_and_slashes(clause: str, expected: Pair) -> None:
    assert clauses(f"1.推进项目建设。{clause}\n") == [expected]


def test_a_label_that_opens_no_clause_is_a_mention() -> None:
    assert clauses("1.推进项目建设。各责任单位为此要加强协调，本项目的责任单位为市甲局。\n") == []
