"""Genre forms read on real documents of governments outside the development sets.

Every snippet here is invented (places 甲/乙/丙, made-up numbers and names) in the layout of a
form met on a real page: a decree cited with its promulgation note, a fact about another act
(原《X》已废止), an emergency plan repealed by its successor.
"""

from __future__ import annotations

import pytest

from govgraph.docnum import iter_decrees, iter_doc_numbers
from govgraph.extract import extract_gazette
from govgraph.ingest import parse_gazette

TITLE = "甲市人民政府关于废止部分市政府规章的决定"
HEAD = f"{TITLE}\n\n甲政规〔2024〕3号\n\n各区人民政府，市政府各部门：\n\n"
SIGNATURE = "\n\n甲市人民政府\n\n2024年5月6日\n"


def refs(body: str, head: str = HEAD) -> list[tuple[str, str, str]]:
    ex = extract_gazette(parse_gazette(head + body + SIGNATURE, "notice.txt"))
    return sorted({(r.from_doc, r.to_doc, r.relation) for r in ex.references})


# -- document numbers after a date ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（2016年3月1日甲市人民政府令第2号发布）", "甲市人民政府令第2号"),
        ("二〇一六年三月一日甲市人民政府令第12号", "甲市人民政府令第12号"),
        ("2019年乙政发〔2019〕5号", "乙政发〔2019〕5号"),
        ("5月10日丙政办发〔2021〕7号", "丙政办发〔2021〕7号"),
    ],
)
def test_a_date_printed_before_a_number_is_no_part_of_its_code(text: str, expected: str) -> None:
    found = [ident for *_, ident in (*iter_decrees(text), *iter_doc_numbers(text))]
    assert found == [expected]


def test_a_code_that_begins_with_a_date_character_keeps_it() -> None:
    # A code may begin with 日 or 月 (a city's abbreviation): only a date's numerals cut it.
    assert [i for *_, i in iter_doc_numbers("根据日政发〔2020〕3号")] == ["日政发〔2020〕3号"]


# -- references ----------------------------------------------------------------------------------


def test_a_rule_cited_with_its_promulgation_note_is_named_by_its_decree_number() -> None:
    body = (
        "市政府决定对以下2件市政府规章予以废止：\n"
        "一、《甲市市容管理办法》（2016年3月1日甲市人民政府令第2号发布）\n"
        "二、《甲市停车管理办法》（2018年9月3日甲市人民政府令第8号公布）\n"
        "本决定自公布之日起施行。"
    )
    assert refs(body) == [
        ("甲政规〔2024〕3号", "甲市人民政府令第2号", "repeals"),
        ("甲政规〔2024〕3号", "甲市人民政府令第8号", "repeals"),
    ]


@pytest.mark.parametrize(
    ("sentence", "relation"),
    [
        ("鉴于原《甲市城市规划条例》已废止，相关条款不再适用。", "cites"),
        ("原《甲市城市规划条例》已经废止，本办法第三条相应调整。", "cites"),
        ("原《甲市城市规划条例》被撤销后，相关事项另行规定。", "cites"),
        ("依照已被修改的《甲市城市规划条例》办理。", "based_on"),  # the verb before the fact types it
    ],
)
def test_a_fact_about_another_act_is_no_repeal_or_amendment(sentence: str, relation: str) -> None:
    assert [(to, rel) for _, to, rel in refs(sentence)] == [("《甲市城市规划条例》", relation)]


def test_a_repeal_keyword_without_a_state_word_still_repeals() -> None:
    found = refs("《甲市城市规划条例》同时废止。")
    assert found == [("甲政规〔2024〕3号", "《甲市城市规划条例》", "repeals")]


def test_an_emergency_plan_is_a_document_its_successor_repeals() -> None:
    title = "甲县人民政府办公室关于印发甲县突发环境事件应急预案（试行）的通知"
    head = f"{title}\n\n各乡镇人民政府，县级有关部门：\n\n"
    body = (
        "经县人民政府同意，现将《甲县突发环境事件应急预案（试行）》印发给你们，请认真贯彻执行，"
        "原2015年印发的《甲县突发环境事件应急预案》同时废止。"
    )
    found = refs(body, head=head)
    assert [(to, rel) for _, to, rel in found] == [
        ("《甲县突发环境事件应急预案》", "repeals"),
        ("《甲县突发环境事件应急预案（试行）》", "issues"),
    ]


def test_a_forwarding_verb_without_给_issues_the_document() -> None:
    # "现将《X》印发你们" (a provincial office's forwarding notice drops the 给).
    title = "甲省人民政府办公厅关于印发甲省乙推进方案的通知"
    head = f"甲办函〔2015〕54号\n\n{title}\n\n各市（州）人民政府：\n\n"
    found = refs("经省政府领导同志同意，现将《甲省乙推进方案》印发你们，请认真贯彻执行。", head=head)
    assert [(to, rel) for _, to, rel in found] == [("《甲省乙推进方案》", "issues")]


# -- responsibilities ----------------------------------------------------------------------------

PLAN_HEAD = (
    "甲县人民政府办公室关于印发甲县乙工作方案的通知\n\n甲政办发〔2024〕5号\n\n各乡镇人民政府，县直各单位：\n\n"
    "现将《甲县乙工作方案》印发给你们，请认真贯彻执行。\n\n甲县人民政府办公室\n\n2024年3月1日\n\n"
    "甲县乙工作方案\n\n一、重点任务\n\n"
)


def clauses(body: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    ex = extract_gazette(parse_gazette(PLAN_HEAD + body + "\n", "plan.txt"))
    return [(c.units, c.lead) for c in ex.responsibilities]


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        # The groups after 由X牵头 join it whatever their verb.
        (
            "1.推进改革。由县委编办牵头，县人社局、县财政局按职责分工负责。",
            (("县委编办", "县人社局", "县财政局"), ("县委编办",)),
        ),
        # A party school is a unit; the deadline after the groups is not.
        (
            "1.保障供地。由县发展和改革局牵头，县委党校、县自然资源局配合，在9月底前完成供地工作。",
            (("县发展和改革局", "县委党校", "县自然资源局"), ("县发展和改革局",)),
        ),
        # How the units answer (按职责, 按照职能职责) is no part of their names.
        ("1.做好宣传。（县委宣传部、县融媒体中心按职责负责）", (("县委宣传部", "县融媒体中心"), ())),
        ("1.做好宣传。（县人社局、县财政局按照职责分工负责）", (("县人社局", "县财政局"), ())),
        (
            "1.整治环境。（县生态环境局牵头，各乡镇按照职能职责抓好落实）",
            (("县生态环境局", "各乡镇"), ("县生态环境局",)),
        ),
        (
            "1.整治环境。（县生态环境局牵头，县直各相关单位各负其责）",
            (("县生态环境局", "县直各相关单位"), ("县生态环境局",)),
        ),
    ],
)
def test_running_and_bracketed_role_groups(
    task: str, expected: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    assert clauses(task) == [expected]


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        # The role words alone as labels.
        ("1.推进改革。（牵头：县发改局；配合：县财政局）", (("县发改局", "县财政局"), ("县发改局",))),
        ("1.推进改革。（主责：县发改局；协同：县财政局）", (("县发改局", "县财政局"), ("县发改局",))),
        # A lead group opening a sentence of its own, without 由.
        (
            "1.推进改革。县发改局牵头，县财政局、县审计局配合。",
            (("县发改局", "县财政局", "县审计局"), ("县发改局",)),
        ),
        # 会同 joins two units; neither is a unit named 县发改局会同县财政局.
        ("1.推进改革。（由县发改局会同县财政局负责）", (("县发改局", "县财政局"), ())),
    ],
)
def test_more_clause_wordings(task: str, expected: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    assert clauses(task) == [expected]


def test_a_lead_sentence_that_goes_on_is_no_clause() -> None:
    # "X牵头，Y配合，形成合力" describes working together; it assigns no task here.
    assert clauses("1.推进改革。县发改局牵头，各部门配合，形成工作合力，确保按期完成。") == []


def test_a_manner_phrase_alone_names_no_unit() -> None:
    # "按职责分工负责" with nothing before it closes no list: no clause, no unit "按职责".
    assert clauses("1.推进改革。各部门要按职责分工负责，抓好落实。") == []


# -- appointments and officials ------------------------------------------------------------------

NOTICE_HEAD = (
    "甲县人民政府关于李明等同志职务任免的通知\n\n甲政任〔2024〕3号\n\n"
    "各乡镇人民政府，县政府各部门：\n\n经县人民政府研究决定：\n"
)


def appointments(body: str, head: str = NOTICE_HEAD) -> list[tuple[str, str, str, str]]:
    ex = extract_gazette(parse_gazette(head + body + "\n\n甲县人民政府\n\n2024年4月1日\n", "notice.txt"))
    return [(a.person, a.action, a.organization, a.position) for a in ex.appointments]


def test_a_dismissal_from_a_contract_post_is_a_removal() -> None:
    assert appointments("解聘陈刚的县人民医院副院长职务；\n聘任刘洋为县人民医院院长。") == [
        ("陈刚", "remove", "县人民医院", "副院长"),
        ("刘洋", "appoint", "县人民医院", "院长"),
    ]


def test_the_verb_heading_a_roster_is_no_name() -> None:
    # 任 is a surname, but "任命：" opens the list: no official named 任命.
    head = "甲市人大常委会任免名单\n\n（2024年5月30日甲市人大常委会第十次会议通过）\n\n"
    ex = extract_gazette(
        parse_gazette(head + "三、任命：\n刘洋为甲市中级人民法院副院长、审判委员会委员；\n", "roster.txt")
    )
    assert {o.person for o in ex.officials} == {"刘洋"}


def test_a_party_committee_post_after_its_body_keeps_the_body_whole() -> None:
    head = "中共甲市委组织部关于干部任免的通知\n\n各区委：\n\n经市委研究决定：\n"
    found = appointments(
        "王小明同志任中共甲市乙区委副书记；\n李大伟同志不再担任中共甲市乙区委书记职务。", head
    )
    assert ("王小明", "appoint", "中共甲市乙区委", "副书记") in found
    assert ("李大伟", "remove", "中共甲市乙区委", "书记") in found


def test_a_traditional_character_repost_naming_its_own_level_is_placed_without_error() -> None:
    # A repost converted to traditional characters speaks of 全區/本縣: the place cues are read
    # in simplified characters (the level word 區 is 区), and resolution does not fail.
    from govgraph.resolve import Resolver

    text = (
        "甲市乙區召開全區領導幹部大會\n"
        "會議宣佈區委主要領導任免決定。區委書記強調,全區各級幹部要認真學習,團結帶領全區幹部群眾"
        "紮實推進經濟發展,確保實現全年目標任務。會議還對當前重點工作進行了部署,要求各單位認真貫徹落實。\n"
    )
    ex = extract_gazette(parse_gazette(text, "repost.txt"))
    assert all(c.text in ("区", "市", "县", "省", "州") for c in ex.place_cues if c.kind == "level")
    Resolver.default().jurisdictions(ex)  # raised KeyError when the cues kept 區


# -- division of work ----------------------------------------------------------------------------

DIVISION_HEAD = (
    "甲县人民政府关于县政府领导班子成员工作分工的通知\n\n甲政发〔2024〕1号\n\n"
    "各乡镇人民政府，县政府各部门：\n\n现将县政府领导班子成员工作分工通知如下：\n\n"
)


def duties(body: str) -> set[tuple[str, str, str]]:
    ex = extract_gazette(
        parse_gazette(DIVISION_HEAD + body + "\n\n甲县人民政府\n\n2024年1月10日\n", "division.txt")
    )
    return {(d.person, d.relation, d.unit) for d in ex.leader_duties}


@pytest.mark.parametrize(
    "head",
    [
        "二、常务副县长王芳",  # numbered role and name alone on the line
        "王芳同志（常务副县长）：",  # 同志 before the bracketed role
        "◆王芳 县委常委、常务副县长",  # a bullet, the name set off from a title chain
        "王芳，常务副县长。",
        "【王芳】常务副县长：",
        "王芳 常务副县长（兼）：",  # a bracketed note after the title
    ],
)
def test_entry_heads_in_every_layout_start_a_new_leader(head: str) -> None:
    body = (
        "一、县长李明\n主持县政府全面工作。分管县审计局。\n"
        f"{head}\n负责县政府常务工作。分管县财政局、县统计局。联系县税务局。\n"
    )
    assert duties(body) == {
        ("李明", "supervises", "县审计局"),
        ("王芳", "supervises", "县财政局"),
        ("王芳", "supervises", "县统计局"),
        ("王芳", "liaises", "县税务局"),
    }


# -- decrees, repeal tables, cited titles with a dropped 《 ---------------------------------------

DECREE = (
    "甲市人民政府关于废止部分政策性文件的决定\n\n甲市人民政府令\n第48号\n\n"
    "《甲市人民政府关于废止部分政策性文件的决定》已经2008年9月24日市政府第90次常务会议通过，"
    "现予公布，自公布之日起施行。\n\n市长：张三\n\n2008年10月13日\n\n"
    "甲市人民政府关于废止部分政策性文件的决定\n\n"
    "市政府决定：对28件文件予以废止。（目录见附件1）\n\n"
    "附件1：甲市人民政府决定废止的政策性文件目录（28件）\n"
    "序号 文件名称 发布机关及文号 说明\n"
    "1 关于城市规划建设管理的通知 甲市府发〔2000〕65号 新的《城乡规划法》施行后，原《城市规划法》已废止\n"
    "2 关于加强城区市场管理的通知 甲市府发〔2001〕12号 已被新规定涵盖\n"
)


def test_a_decree_is_titled_by_the_act_it_promulgates_and_repeals_the_rows_of_its_table() -> None:
    ex = extract_gazette(parse_gazette(DECREE, "decree.txt"))
    assert [(d.doc_number, d.title) for d in ex.documents] == [
        ("甲市人民政府令第48号", "甲市人民政府关于废止部分政策性文件的决定")
    ]
    found = {(r.to_doc, r.relation) for r in ex.references}
    assert found == {
        ("甲市府发〔2000〕65号", "repeals"),
        ("甲市府发〔2001〕12号", "repeals"),
        # the explanation column cites laws; it repeals nothing
        ("《城乡规划法》", "cites"),
        ("《城市规划法》", "cites"),
    }


def test_a_table_of_documents_kept_in_force_repeals_nothing() -> None:
    body = "附件：继续有效的规范性文件目录\n序号 文件名称 文号\n"
    body += "1 关于加强城区市场管理的通知 甲市府发〔2001〕12号\n"
    found = refs(body)
    assert [(to, rel) for _, to, rel in found] == [("甲市府发〔2001〕12号", "cites")]


def test_a_cited_title_whose_opening_bracket_was_dropped_names_no_issuer() -> None:
    # "2.乙市人民政府办公室关于…的通知》(…)" cites the city's notice; the interpretation is the
    # county's (named in its own title), not the city's.
    text = (
        "关于发布《甲县人民政府关于公布规范性文件废止目录的通知》的解读说明\n\n"
        "二、制定的依据\n\n1.《丙省规范性文件管理办法》（省政府令第242号）\n\n"
        "2.乙市人民政府办公室关于进一步加强规范性文件管理工作的通知》（乙政办发〔2018〕10号）\n\n"
        "三、主要内容\n\n甲县人民政府对2件规范性文件予以宣布废止。\n"
    )
    ex = extract_gazette(parse_gazette(text, "interpretation.txt"))
    assert "乙市人民政府办公室" not in {c.text for c in ex.place_cues if c.kind == "issuer"}


def test_a_table_flattened_one_cell_a_line_with_a_column_named_for_its_year() -> None:
    # 序号 / 2024年预期目标 / 责任单位, then the rows, one cell a line (a district's web page).
    text = "附件1\n\n甲区2024年政府工作报告目标任务分解表\n\n序号\n\n2024年预期目标\n\n责任单位\n\n"
    text += "1\n\n地区生产总值增长5.5%左右\n\n区发展改革委\n\n2\n\n工业增加值增长7%左右\n\n区经济信息委\n"
    ex = extract_gazette(parse_gazette(text, "table.txt", whole_paragraphs=False))
    assert [(c.units, c.lead) for c in ex.responsibilities] == [
        (("区发展改革委",), ()),
        (("区经济信息委",), ()),
    ]


def events(text: str) -> set[tuple[str, str, str, str]]:
    ex = extract_gazette(parse_gazette(text, "news.txt"))
    return {(a.person, a.action, a.organization, a.position) for a in ex.appointments}


def test_a_standing_committee_report_in_every_removal_wording() -> None:
    # A city's standing-committee news: the removed post starts with the city's name right after
    # the person (no 的), 的职务 closes a post, and 其 is the person named before.
    text = (
        "泉州市人大常委会召开第十三次会议\n"
        "经市人大常委会组成人员表决决定：任命王永礼为泉州市人民政府副市长；"
        "免去卢炳椿泉州市人民政府副市长、市公安局局长的职务；接受康涛辞去泉州市人民政府市长的职务。\n"
        "会议经表决，决定任命陈晖东为泉州市人民政府副市长，接受其辞去泉州市人大常委会副主任职务的请求。\n"
    )
    assert events(text) == {
        ("王永礼", "appoint", "泉州市人民政府", "副市长"),
        ("卢炳椿", "remove", "泉州市人民政府", "副市长"),
        ("卢炳椿", "remove", "市公安局", "局长"),
        ("康涛", "remove", "泉州市人民政府", "市长"),
        ("陈晖东", "appoint", "泉州市人民政府", "副市长"),
        ("陈晖东", "remove", "泉州市人大常委会", "副主任"),
    }


def test_the_posts_of_a_reported_decision_end_before_的决定() -> None:
    text = "会议表决并通过了任命宋莉为泉州市人民政府副市长、代理市长的决定。\n"
    assert events(text) == {
        ("宋莉", "appoint", "泉州市人民政府", "副市长"),
        ("宋莉", "appoint", "泉州市人民政府", "代理市长"),
    }


@pytest.mark.parametrize("anaphor", ["上述两个专项行动方案", "以上方案", "两个专项行动方案"])
def test_titles_named_again_by_the_issuing_sentence_after_them_are_issued(anaphor: str) -> None:
    title = "甲县人民政府办公室关于印发甲县新型城镇化专项行动方案的通知"
    head = f"{title}\n\n各镇人民政府，县政府有关部门：\n\n"
    body = (
        "按照《乙市新型城镇化行动方案》（乙政办发〔2022〕5号）要求，县自然资源局等部门分别牵头制定了"
        "《甲县国土空间规划专项行动方案》《甲县城乡融合发展专项行动方案》。\n"
        f"{anaphor}已经县政府同意，现印发给你们，请认真抓好贯彻落实。"
    )
    found = refs(body, head=head)
    assert [(to, rel) for _, to, rel in found] == [
        ("《甲县国土空间规划专项行动方案》", "issues"),
        ("《甲县城乡融合发展专项行动方案》", "issues"),
        ("乙政办发〔2022〕5号", "based_on"),
    ]


def test_a_next_sentence_that_issues_nothing_leaves_the_titles_cited() -> None:
    body = "各部门制定了《甲县乙专项方案》。上述方案执行情况良好，请继续抓好落实。"
    assert [(to, rel) for _, to, rel in refs(body)] == [("《甲县乙专项方案》", "cites")]


def test_an_acting_post_in_the_body_of_the_title_before_the_name() -> None:
    # "决定：X市人民政府副市长张三代理市长职务": the acting post (市长) is in the body the person's
    # current title names (芜湖市人民政府), which the decision does not repeat.
    text = "芜湖市第十七届人大常委会第十一次会议决定：芜湖市人民政府副市长徐志代理市长职务。\n"
    assert ("徐志", "appoint", "芜湖市人民政府", "代理市长") in events(text)
