"""Officials: title chains, shared titles, name boundaries, group lists, exclusions, gold scores."""

from __future__ import annotations

from pathlib import Path

from repo import DEMO_GOLD

from govgraph.extract import extract_gazette
from govgraph.extract.officials import read_names, split_post, vocabulary
from govgraph.ingest import parse_gazette

DATA = Path(__file__).resolve().parents[1] / "data" / "gazettes"
GAZETTES = sorted(DATA.glob("*.txt"))
GOLD = DEMO_GOLD

ISSUE = """温州市人民政府公报

编辑委员会

主任：张雷

主编：梁彬

温州市人民政府办公室关于印发温州市促进新电商经济高质量发展三年行动计划的通知

温政办〔2022〕78号

各县（市、区）人民政府，市政府直属各单位：

为全面贯彻落实习近平总书记考察浙江重要讲话精神和省委袁家军书记在温调研考察时的指示，制定本计划。分管工业副市长为联席会议召集人。

温州市人民政府办公室

2022年10月27日

附件1

温州市促进新电商经济高质量发展工作专班

组长：陈应许 市政府副市长

副组长：方培雷 市政府副秘书长

彭魏滨 市商务局局长

副组长：陈建明、杨胜杰

集体和个人嘉奖名单

夏爱睦　中共温州市鹿城区委办公室

张　亨　温州市某某局局长

政 务 简 讯

10月25日，省委常委、温州市委书记刘小涛作传达并讲话。省市场监管局党委书记、局长章根明充分肯定我市工作。

市委副书记、市长张振丰主持召开会议，市发展改革委主任王五出席。会见时，副市长王军作讲话。

解读人：叶盛锋

10月份市政府记事

1日

△ 市长张振丰，常务副市长杨胜杰，市

委常委、副市长李无文，副市长陈应许、毛伟平参加市长工作例会。

△ 副市毛胤强、陈宽参加会议。

△ 代市长张文杰、常务副市长王  军参加会议。
"""


def _pairs(text: str = ISSUE) -> set[tuple[str, str]]:
    ex = extract_gazette(parse_gazette(text, "issue.txt"))
    return {(o.person, o.title) for o in ex.officials}


def test_officials_chain_of_titles_and_shared_title() -> None:
    pairs = _pairs()
    assert {("李无文", "市委常委"), ("李无文", "副市长")} <= pairs  # the chain is cut by a line break
    assert {("陈应许", "副市长"), ("毛伟平", "副市长")} <= pairs
    assert {("张振丰", "市长"), ("张振丰", "市委副书记"), ("杨胜杰", "常务副市长")} <= pairs
    assert ("张文杰", "代市长") in pairs
    assert ("王军", "常务副市长") in pairs  # padded name 王  军


def test_officials_home_city_and_organisation_titles() -> None:
    pairs = _pairs()
    assert {("刘小涛", "省委常委"), ("刘小涛", "市委书记")} <= pairs  # 温州市委书记 in the 温州 gazette
    assert {("章根明", "省市场监管局党委书记"), ("章根明", "省市场监管局局长")} <= pairs
    assert ("王五", "市发展改革委主任") in pairs  # built by rule: organisation + head


def test_officials_party_form_and_honorific() -> None:
    pairs = _pairs()
    assert ("袁家军", "省委书记") in pairs
    assert ("习近平", "总书记") in pairs


def test_officials_name_boundaries() -> None:
    pairs = _pairs()
    people = {p for p, _ in pairs}
    assert ("王军", "副市长") in pairs  # 王军作讲话: not 王军作
    assert "王军作" not in people and "刘小涛作" not in people
    assert "张振丰主" not in people


def test_officials_named_before_a_meeting_verb() -> None:
    text = (
        "县发展改革局局长周涛汇报了一季度经济运行情况。县财政局局长吴敏发言。"
        "县委办公室主任郑洁宣读了表彰决定。县审计局局长冯军通报审计情况。\n"
    )
    assert {
        ("周涛", "县发展改革局局长"),
        ("吴敏", "县财政局局长"),
        ("郑洁", "县委办公室主任"),
        ("冯军", "县审计局局长"),
    } <= _pairs(text)


def test_officials_group_lists() -> None:
    pairs = _pairs()
    assert ("陈应许", "副市长") in pairs  # 市政府副市长 is the same post as 副市长
    assert ("方培雷", "市政府副秘书长") in pairs
    assert ("彭魏滨", "市商务局局长") in pairs
    people = {p for p, _ in pairs}
    assert "陈建明" not in people  # a group role is not a title


def test_officials_exclusions() -> None:
    pairs = _pairs()
    people = {p for p, _ in pairs}
    assert not {"张雷", "梁彬", "叶盛锋", "夏爱睦", "张亨"} & people  # board, 解读人, award list
    assert not any(t.startswith("副市") and not t.startswith("副市长") for _, t in pairs)  # 副市毛胤强
    assert ("毛胤强", "副市") not in pairs
    assert not any(t in ("组长", "副组长", "主任", "主编") for _, t in pairs)
    assert not any(len(p) > 4 or len(p) < 2 for p in people)


HEAD = ISSUE.split("政 务 简 讯")[0].split("附件1")[0]

PERSONNEL = HEAD + """2月份市政府人事任免

市人民政府决定：

谢明化任温州设计集团有限公司总经理、副董事长；

免去潘健的温州市生态环境局副局长职务。
"""

PLAN_TITLE = "关于印发温州市促进新电商经济高质量发展三年行动计划的通知"
DIVISION = HEAD.replace(PLAN_TITLE, "关于市政府领导分工的通知") + """
王  军（常务副市长）   负责市政府常务工作。

分管市发改委、市统计局。

陈宏鸣（秘书长）  处理市政府日常工作，联系市政府驻杭州办事处。
"""


def test_officials_from_appointments_and_division_of_work() -> None:
    pairs = _pairs(PERSONNEL)
    assert ("谢明化", "温州设计集团有限公司总经理") in pairs
    assert ("谢明化", "温州设计集团有限公司副董事长") in pairs
    assert not any(p == "潘健" for p, _ in pairs)  # a removed post is no longer held
    pairs = _pairs(DIVISION)
    assert {("王军", "常务副市长"), ("陈宏鸣", "秘书长")} <= pairs


def test_read_names_stops_at_a_new_title() -> None:
    vocab = vocabulary()
    text = "副市长王军、副市长王振勇参加"
    assert [n for n, _, _ in read_names(text, 3, vocab)] == ["王军"]
    text = "副市长陈应许、毛伟平、王彩莲参加"
    assert [n for n, _, _ in read_names(text, 3, vocab)] == ["陈应许", "毛伟平", "王彩莲"]
    assert read_names("市长工作例会", 2, vocab) == []
    assert read_names("由分管副市长任组长，", 6, vocab) == []  # 任 is the verb, not a surname


def test_split_post_organisation_and_position() -> None:
    assert split_post("温州市生态环境局副局长") == ("温州市生态环境局", "副局长")
    assert split_post("温州市温州商会总会专职副秘书长") == ("温州市温州商会总会", "专职副秘书长")
    org = "南麂列岛国家级海洋自然保护区管理局"
    assert split_post(org + "局长") == (org, "局长")
