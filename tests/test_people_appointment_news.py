"""People: appointment news and congress decisions of governments the development set does not have.

Every snippet is invented (names, bodies and dates are made up); each prints one form of the
genre, and the assertions are what a reader of the snippet records.
"""

from __future__ import annotations

from govgraph.extract import extract_gazette
from govgraph.ingest import parse_gazette
from govgraph.records import Extraction


def _extract(text: str, name: str = "snippet.txt") -> Extraction:
    return extract_gazette(parse_gazette(text, name))


def _events(text: str) -> set[tuple[str, str, str, str]]:
    return {(a.person, a.action, a.organization, a.position) for a in _extract(text).appointments}


def _officials(text: str) -> set[tuple[str, str]]:
    return {(o.person, o.title) for o in _extract(text).officials}


def test_people_removal_of_a_post_written_yi_zhi() -> None:
    # 免除X同志Y一职: 一职 ("the post of") ends the post; 同志 bounds the name before a post
    # that does not start with a level word.
    text = (
        "本网讯 9月3日，县十五届人大常委会召开第十二次会议。会议通过了人事任免决议，"
        "免除周明远同志常务副县长一职，免除钱立新同志副县长一职，任命孙少华同志为县人民政府副县长。\n"
    )
    assert _events(text) == {
        ("周明远", "remove", "", "常务副县长"),
        ("钱立新", "remove", "", "副县长"),
        ("孙少华", "appoint", "县人民政府", "副县长"),
    }


def test_people_acting_post_repeating_its_body() -> None:
    # 副市长、代理X市人民政府市长职务: 代理 qualifies the second post; the body is the printed one.
    text = (
        "本报讯 会议决定接受赵德明辞去青禾市人民政府市长职务的请求，"
        "决定任命冯启航为青禾市人民政府副市长、代理青禾市人民政府市长职务。\n"
    )
    assert _events(text) == {
        ("赵德明", "remove", "青禾市人民政府", "市长"),
        ("冯启航", "appoint", "青禾市人民政府", "副市长"),
        ("冯启航", "appoint", "青禾市人民政府", "代理市长"),
    }
    officials = _officials(text)
    assert ("冯启航", "青禾市人民政府代理市长") in officials
    assert not any("代理青禾" in title for _, title in officials)


def test_people_acting_decision_with_the_current_post_after_the_name() -> None:
    # 决定X副区长代理…区长职务: the current post between the name and 代理 is held; the
    # headline restates the decision with the short body name (区政府) and counts once.
    text = (
        "区八届人大常委会召开第五次会议\n"
        "决定韩立副区长代理松岭区政府区长职务\n"
        "本报讯 昨天，区八届人大常委会召开第五次会议，决定韩立副区长代理松岭区人民政府区长职务。\n"
    )
    assert _events(text) == {("韩立", "appoint", "松岭区人民政府", "代理区长")}
    officials = _officials(text)
    assert ("韩立", "副区长") in officials
    assert ("韩立", "松岭区人民政府代理区长") in officials
    assert ("韩立", "松岭区政府代理区长") not in officials


def test_people_judges_named_before_a_count() -> None:
    # 任命A、B、C等12人为…审判员: the named judges are appointed, the count is not a name.
    text = "会议以无记名投票方式，任命吴小雨、郑佳、王春生等12人为松岭区人民法院审判员。\n"
    assert _events(text) == {
        ("吴小雨", "appoint", "松岭区人民法院", "审判员"),
        ("郑佳", "appoint", "松岭区人民法院", "审判员"),
        ("王春生", "appoint", "松岭区人民法院", "审判员"),
    }
    assert ("郑佳", "松岭区人民法院审判员") in _officials(text)


def test_people_no_longer_holding_a_post_in_a_report() -> None:
    # 不再担任…职务 in news: the name right before it (bounded by punctuation or 同志), or the
    # subject of the sentence (原副市长X因…，不再担任); the former post is not held.
    text = (
        "近期，原副市长林晓燕因被任命为市委常委，不再担任副市长职务，市人大常委会任命高峻为副市长。\n"
        "因工作调动，李明华同志不再担任市人民政府副秘书长职务。\n"
        "会议认为王强不再担任市财政局局长职务。\n"
    )
    assert _events(text) == {
        ("林晓燕", "remove", "", "副市长"),
        ("李明华", "remove", "市人民政府", "副秘书长"),
        ("高峻", "appoint", "", "副市长"),
    }
    officials = _officials(text)
    assert ("林晓燕", "副市长") not in officials
    assert ("高峻", "副市长") in officials


def test_people_newly_elected_is_not_part_of_the_title() -> None:
    # 新当选X常委Y / 新任X代理区长Y: 新当选 and 新任 are words of the report, not of the title.
    text = (
        "据报道，新当选中共南岭省委第九届委员会常委方志远出任常务副省长。\n"
        "会议决定任命陆一鸣为区人民政府副区长、代理区长。新任区政府代理区长陆一鸣在会上表示…\n"
    )
    officials = _officials(text)
    assert ("方志远", "中共南岭省委第九届委员会常委") in officials
    assert ("陆一鸣", "区人民政府代理区长") in officials
    assert not any(title.startswith(("新", "当选")) for _, title in officials)
    assert ("陆一鸣", "区政府代理区长") not in officials


def test_people_former_post_is_not_held_but_a_place_ending_in_yuan_is_a_place() -> None:
    # 原副县长X: a post held before; 平原县县长 is a place's post.
    text = "出席会议的有平原县县长赵大勇，原副县长陈子健列席。\n"
    officials = _officials(text)
    assert ("陈子健", "副县长") not in officials
    assert ("赵大勇", "平原县县长") in officials or ("赵大勇", "县长") in officials
