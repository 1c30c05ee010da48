"""Leaders' division of work: entries, relations, unit lists, portfolios, provenance, gold scores."""

from __future__ import annotations

import re
from pathlib import Path

from repo import DEMO_GOLD

from govgraph.extract import extract_gazette
from govgraph.extract.duties import split_units
from govgraph.ingest import parse_gazette
from govgraph.records import Extraction

DATA = Path(__file__).resolve().parents[1] / "data" / "gazettes"
GAZETTES = sorted(DATA.glob("*.txt"))
GOLD = DEMO_GOLD

# A division-of-work notice with the quirks of the genre: a padded name, a unit list broken
# across lines (and before a bracket), alternative names in brackets, a keyword split by a
# line break (联 / 系), 主持/领导/协助市长负责 that are not duties, clauses separated by commas,
# and the role-first form with a label (分管单位：).
NOTICE = (
    """温州市人民政府公报

温州市人民政府关于市政府领导分工的通知

温政发〔2030〕9号

各县（市、区）人民政府，市政府直属各单位：

现将市政府领导分工通知如下：

张三丰（市长）  领导市政府全面工作。负责财政、审计等方面工作。

分管市财政局、市审计局。

王  军（常务副市长）   负责市政府常务工作，协助市长负责财政工作。

分管市自然资源和规划局（海洋局、林业局）、市发改

委、市经信局

（民营经济健康发展促进局）、市统计局。

联系市人大、市政协、在温各能源单位。

毛胤强（副市长）  协助负责大数据发展管理工作。

协助分管市大数据发展管理局、市投资促进局。

毛伟平（副市长）  主持市公安局工作。联

系市信访局、市民宗局。

"""
    + (
        "陈宏鸣（秘书长）  处理市政府日常工作，领导市政府办公室（市政府研究室、市打击走私和海防口岸办公室），"
        "协助市长处理财政方面工作，联系市政府驻杭州办事处、市政府驻北京联络处。"
    )
    + """

副市长  李四光：分管单位：市教育局、市卫健委等。

温州市人民政府

2030年2月18日
"""
)


def _extract(text: str, name: str = "notice.txt") -> Extraction:
    return extract_gazette(parse_gazette(text, name))


def _triples(ex: Extraction) -> list[tuple[str, str, str]]:
    return [(d.person, d.relation, d.unit) for d in ex.leader_duties]


def test_duties_padded_name_and_role() -> None:
    ex = _extract(NOTICE)
    roles = {(d.person, d.role) for d in ex.leader_duties}
    assert ("王军", "常务副市长") in roles
    assert ("张三丰", "市长") in roles
    assert ("陈宏鸣", "秘书长") in roles
    assert not any(" " in d.person or "\u3000" in d.person for d in ex.leader_duties)


def test_duties_unit_list_across_lines_and_brackets() -> None:
    supervised = [u for p, r, u in _triples(_extract(NOTICE)) if p == "王军" and r == "supervises"]
    assert supervised == [
        "市自然资源和规划局（海洋局、林业局）",
        "市发改委",
        "市经信局（民营经济健康发展促进局）",
        "市统计局",
    ]


def test_duties_relations_supervises_assists_liaises() -> None:
    triples = _triples(_extract(NOTICE))
    assert ("王军", "liaises", "在温各能源单位") in triples
    assert ("毛胤强", "assists", "市大数据发展管理局") in triples
    # 协助分管 is not also 分管.
    assert ("毛胤强", "supervises", "市大数据发展管理局") not in triples
    # 联 / 系 split by a line break is still the keyword.
    assert ("毛伟平", "liaises", "市信访局") in triples
    assert ("毛伟平", "liaises", "市民宗局") in triples


def test_duties_directing_is_a_portfolio_not_a_duty() -> None:
    ex = _extract(NOTICE)
    units = {u for _, _, u in _triples(ex)}
    assert "市公安局工作" not in units and "市公安局" not in units
    assert not any("办公室" in u and p == "陈宏鸣" for p, _, u in _triples(ex))
    assert {d.relation for d in ex.leader_duties} <= {"supervises", "assists", "liaises"}
    domains = {(p.person, p.domains) for p in ex.portfolios}
    assert ("毛伟平", "主持市公安局工作") in domains
    assert ("张三丰", "负责财政、审计等方面工作") in domains
    assert ("王军", "协助市长负责财政工作") in domains


def test_duties_comma_clauses_end_a_list() -> None:
    triples = _triples(_extract(NOTICE))
    chen = [(r, u) for p, r, u in triples if p == "陈宏鸣"]
    assert chen == [("liaises", "市政府驻杭州办事处"), ("liaises", "市政府驻北京联络处")]


def test_duties_role_first_entry_with_label() -> None:
    triples = _triples(_extract(NOTICE))
    li = [(r, u) for p, r, u in triples if p == "李四光"]
    assert li == [("supervises", "市教育局"), ("supervises", "市卫健委")]


def test_duties_validity_and_line_of_keyword() -> None:
    ex = _extract(NOTICE)
    lines = NOTICE.split("\n")
    for d in ex.leader_duties:
        assert d.doc_number == "温政发〔2030〕9号"
        assert d.date == "2030-02-18"
        assert d.doc_key
    wang = [d for d in ex.leader_duties if d.person == "王军" and d.relation == "supervises"]
    first = lines.index("分管市自然资源和规划局（海洋局、林业局）、市发改") + 1
    assert {d.prov.line for d in wang} == {first}
    mao = [d for d in ex.leader_duties if d.person == "毛伟平"]
    assert {d.prov.line for d in mao} == {lines.index("毛伟平（副市长）  主持市公安局工作。联") + 1}
    gz = parse_gazette(NOTICE, "notice.txt")
    for d in extract_gazette(gz).leader_duties:
        assert d.prov.source == "notice.txt"
        assert re.sub(r"\s", "", d.prov.evidence).startswith(d.unit)
        assert re.sub(r"\s", "", gz.raw[d.prov.start : d.prov.end]).startswith(d.unit)


def test_duties_outside_notices_need_an_entry_with_a_relation_list() -> None:
    # A reprinted list outside a titled notice is still a division of work (no document key).
    other = NOTICE.replace("关于市政府领导分工的通知", "关于加强安全生产工作的通知")
    reprinted = _extract(other).leader_duties
    assert ("王军", "supervises", "市统计局") in _triples(_extract(other))
    assert {d.doc_key for d in reprinted} == {None}
    # News sentences that name a leader and a supervised body are not entries.
    news = NOTICE.split("温州市人民政府关于")[0] + (
        "政 务 简 讯\n\n10月10日，副市长王军到分管的市统计局调研。分管工业副市长为联席会议召集人。\n\n"
        "副市长王军强调，分管市统计局的领导要抓好落实。\n"
    )
    assert _extract(news).leader_duties == []


def test_split_units_keeps_bracketed_alternatives() -> None:
    text = "市府办（市政府研究室）、市“两个健康”创建办、温州湾新区（高新区、经开区）管委会等"
    units = [u for u, _, _ in split_units(text)]
    assert units == ["市府办（市政府研究室）", "市“两个健康”创建办", "温州湾新区（高新区、经开区）管委会"]
