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
