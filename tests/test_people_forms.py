"""People: genre forms read on texts of governments the development set does not have.

Every snippet is invented (names, bodies and dates are made up); each prints one form of the
genre, and the assertions are what a reader of the snippet records.
"""

from __future__ import annotations

from govgraph.extract import extract_gazette
from govgraph.ingest import parse_gazette
from govgraph.records import Extraction


def _extract(text: str, name: str = "snippet.txt") -> Extraction:
    return extract_gazette(parse_gazette(text, name))


def _duties(text: str) -> set[tuple[str, str, str, str]]:
    return {(d.person, d.role, d.relation, d.unit) for d in _extract(text).leader_duties}


# -- division of work ---------------------------------------------------------------------------


def test_people_duty_in_a_news_sentence_after_a_comma() -> None:
    # role name + 分管 right after a comma of a news lead; 及 joins two bodies.
    text = (
        "本报讯 市政府门户网站公布了市长、副市长工作分工。"
        "根据分工，副市长林远舟分管市交通运输局及市港航管理中心、市机关事务管理局。\n"
    )
    assert _duties(text) == {
        ("林远舟", "副市长", "supervises", "市交通运输局"),
        ("林远舟", "副市长", "supervises", "市港航管理中心"),
        ("林远舟", "副市长", "supervises", "市机关事务管理局"),
    }


def test_people_duty_head_ends_at_a_directing_keyword() -> None:
    # 代市长赵明川领导…: the keyword 领导 ends the name; the entry's 分管 list follows.
    text = (
        "日前召开的市政府第一次全体会议明确了市政府领导分工。\n"
        "代市长赵明川领导市政府全面工作。负责财政、审计方面工作。分管市财政局、市审计局。\n"
        "副市长钱思源负责教育、卫生健康方面工作。\n"
    )
    assert _duties(text) == {
        ("赵明川", "代市长", "supervises", "市财政局"),
        ("赵明川", "代市长", "supervises", "市审计局"),
    }


def test_people_duty_list_closed_by_work_is_a_list_of_areas() -> None:
    # 工作 closes every item of its list: zones, 对台 and bodies named without their level
    # (妇联, 供销社) are areas there; a body written out with its level (市体育局) stays a unit.
    text = (
        "关于调整市政府领导工作分工的通知\n"
        "一、孙立恒副市长\n"
        "分管外贸、口岸、对台、高新技术开发区、保税区、供销社、打击走私工作。联系工会、妇联、工商联工作。\n"
        "二、周启航副市长\n"
        "增加分管市体育局、妇女儿童工作。联系市侨联。\n"
        "三、吴思远副市长\n"
        "协助市长分管市发展改革委、市财政局等部门工作。\n"
    )
    assert _duties(text) == {
        ("周启航", "副市长", "supervises", "市体育局"),
        ("周启航", "副市长", "liaises", "市侨联"),
        ("吴思远", "副市长", "assists", "市发展改革委"),
        ("吴思远", "副市长", "assists", "市财政局"),
    }


def test_people_duty_unit_after_a_kind_tail() -> None:
    # …等群众团体和驻市部队: the kind tail is dropped, the unit after 和 is one more item.
    text = "市长、副市长工作分工\n郑云帆副市长\n联系市总工会、市妇联等群众团体和驻市部队。\n"
    assert _duties(text) == {
        ("郑云帆", "副市长", "liaises", "市总工会"),
        ("郑云帆", "副市长", "liaises", "市妇联"),
        ("郑云帆", "副市长", "liaises", "驻市部队"),
    }


def test_people_duty_xieguan_assists() -> None:
    text = "县政府领导分工\n县长助理冯晓岚：协管县公安局、县司法局。\n"
    assert _duties(text) == {
        ("冯晓岚", "县长助理", "assists", "县公安局"),
        ("冯晓岚", "县长助理", "assists", "县司法局"),
    }


def test_people_duty_area_only_entry_keeps_its_leader_as_an_official() -> None:
    text = "市政府领导分工\n钱思源副市长，分管教育、科技工作。\n"
    ex = _extract(text)
    assert ex.leader_duties == []
    assert {(o.person, o.title) for o in ex.officials} == {("钱思源", "副市长")}
