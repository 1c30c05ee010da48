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


def test_people_congress_appointment_list_under_headings() -> None:
    # 任免名单: a heading per kind of decision (一、任命 / 二、免去), items without the verb.
    text = (
        "青禾市人民代表大会常务委员会任免名单\n"
        "（2023年3月1日青禾市第十六届人民代表大会常务委员会第九次会议通过）\n"
        "一、任命\n"
        "张明远为青禾市人民政府副市长\n"
        "李东海为青禾市发展和改革委员会主任\n"
        "二、免去\n"
        "王立新的青禾市财政局局长职务\n"
    )
    assert _events(text) == {
        ("张明远", "appoint", "青禾市人民政府", "副市长"),
        ("李东海", "appoint", "青禾市发展和改革委员会", "主任"),
        ("王立新", "remove", "青禾市财政局", "局长"),
    }


def test_people_notice_list_items_glued_by_a_lost_line_break() -> None:
    # A government notice whose list lines were joined (…（试用期一年）Y为…, …职务Z的…, a
    # heading glued after a post): each item is read from its own name, nothing is glued.
    text = (
        "松岭县人民政府关于赵子龙等同志职务任免的通知\n"
        "松政任〔2023〕5号\n"
        "各乡镇人民政府，县政府各部门：\n"
        "经县人民政府研究决定：\n"
        "一、任命\n"
        "赵子龙为县教育局副局长（试用期一年）阿不都·艾力为县民族宗教事务局局长二、免去\n"
        "周有才的县交通运输局局长职务买买提·吐尔逊的县审计局副局长职务\n"
        "松岭县人民政府\n"
        "2023年3月5日\n"
    )
    ex = _extract(text)
    assert {(a.person, a.action, a.organization, a.position) for a in ex.appointments} == {
        ("赵子龙", "appoint", "县教育局", "副局长"),
        ("阿不都·艾力", "appoint", "县民族宗教事务局", "局长"),
        ("周有才", "remove", "县交通运输局", "局长"),
        ("买买提·吐尔逊", "remove", "县审计局", "副局长"),
    }
    probation = {a.person: a.probation for a in ex.appointments}
    assert probation["赵子龙"] == "试用期一年"
    assert probation["阿不都·艾力"] is None


def test_people_secondment_is_a_note_not_the_post() -> None:
    # X同志挂职任…: a secondment; the post is the post, 挂职 goes to the rank note.
    text = (
        "经县人民政府研究决定：\n"
        "孙大圣同志挂职任县科技局副局长（挂职时间一年）；\n"
        "钱多多挂任县商务局副局长。\n"
    )
    ex = _extract(text)
    events = {a.person: (a.organization, a.position, a.rank_note) for a in ex.appointments}
    assert events == {
        "孙大圣": ("县科技局", "副局长", "挂职时间一年"),
        "钱多多": ("县商务局", "副局长", "挂职"),
    }


def test_people_middle_dot_names_end_at_a_verb_or_punctuation() -> None:
    # 阿不都·艾力: no surname table applies; the name ends at 、 or a verb of two characters,
    # never swallowing it (吐尔逊出席 is not a name).
    text = "副县长阿不都·艾力、买买提·吐尔逊出席会议。县委常委、副县长帕尔哈提·买买提依明主持。\n"
    assert _officials(text) == {
        ("阿不都·艾力", "副县长"),
        ("买买提·吐尔逊", "副县长"),
        ("帕尔哈提·买买提依明", "副县长"),
        ("帕尔哈提·买买提依明", "县委常委"),
    }


def test_people_a_verb_after_a_name_is_not_read_into_it() -> None:
    # 同时决定李南任代县长: 任 is the verb, not the third character of the name.
    text = "下午，县人大召开常务会议，任命李南为建安县人民政府副县长，同时决定李南任代县长。\n"
    officials = _officials(text)
    assert ("李南", "代县长") in officials
    assert all(person == "李南" for person, _ in officials)


# -- officials in news lists ----------------------------------------------------------------------


def test_people_meeting_role_last_in_a_chain_leaves_the_titles_before_it() -> None:
    # 区人大常委会主任、大会主席团常务主席X: the meeting role is no title; the post before is.
    text = "区委书记钱文，区十二届人大常委会主任、大会主席团常务主席孙立明，区委副书记赵敏出席。\n"
    officials = _officials(text)
    assert ("孙立明", "区十二届人大常委会主任") in officials
    assert not any("主席团" in title for _, title in officials)


def test_people_shared_body_takes_the_level_printed_earlier_in_the_sentence() -> None:
    # 区政协副主席甲，政协党组副书记乙，副主席丙、丁: the bare 副主席 shares 政协, which the
    # sentence printed with its level before (区政协).
    text = "区政协主席方华，区政协副主席周进，政协党组副书记郑和平，副主席冯远、陈露等参加。\n"
    officials = _officials(text)
    assert ("冯远", "区政协副主席") in officials
    assert ("陈露", "区政协副主席") in officials
    assert ("郑和平", "政协党组副书记") in officials
    assert not any(person.endswith("等") for person, _ in officials)  # 陈露等参加: 等 ends the list


def test_people_entry_line_name_first_with_a_body_and_a_concurrent_post() -> None:
    # A division-of-work list in the polite order: name, titles with their body, then
    # ，兼任… on the line or 兼… opening the next line.
    text = (
        "具体分工如下：\n"
        "韩东明省政府党组副书记，兼任省公安厅厅长。\n"
        "沈丽华副省长，分管文化、卫生工作。\n"
        "何立人副市长\n"
        "兼市公安局局长，负责公安、司法行政等工作。\n"
    )
    officials = _officials(text)
    assert {
        ("韩东明", "省政府党组副书记"),
        ("韩东明", "省公安厅厅长"),
        ("沈丽华", "副省长"),
        ("何立人", "副市长"),
        ("何立人", "市公安局局长"),
    } <= officials
    assert not any(title.startswith("兼") for _, title in officials)


def test_people_court_and_procuratorate_divisions_are_bodies() -> None:
    # 县法院行政审判庭庭长, 县检察院民行科科长: a tribunal (庭) and a section (科) are bodies.
    text = "会上，县法院行政审判庭庭长许志、县检察院民行科科长魏东分别作了报告。\n"
    officials = _officials(text)
    assert ("许志", "县法院行政审判庭庭长") in officials
    assert ("魏东", "县检察院民行科科长") in officials


# -- congress decisions and reported votes ---------------------------------------------------------


def test_people_acting_decision_without_zhiwu() -> None:
    # A titled decision 关于X同志代理…市长的决定 whose body says 决定：X同志代理…市长。 (no 职务):
    # one acting appointment; the post is a whole title with its body.
    text = (
        "青禾市人民代表大会常务委员会\n"
        "关于赵宏远同志代理青禾市人民政府市长\n"
        "的决定\n"
        "（2023年5月31日青禾市第十五届人民代表大会常务委员会第七次会议通过）\n"
        "根据有关法律的规定，青禾市第十五届人民代表大会常务委员会第七次会议决定：赵宏远同志代理青禾市人民政府市长。\n"
        "青禾市人民代表大会常务委员会\n"
        "2023年5月31日\n"
    )
    assert _events(text) == {("赵宏远", "appoint", "青禾市人民政府", "代理市长")}


def test_people_items_of_a_reported_vote() -> None:
    # 表决通过…关于X同志任…，Y同志任…、…，以及Z同志代理…职务等人事任免事项: each item named
    # with 同志 is a decision; 接受X同志辞职 without a post gives nothing.
    text = (
        "会议审议并表决通过区政府提请的关于宋雨同志任区人民政府副区长，区人大常委会提请的接受宋文同志辞职，"
        "于立峰同志任区人民法院审判员、副院长，以及区人大常委会提请的于立峰同志代理区人民法院院长职务等人事任免事项。\n"
    )
    assert _events(text) == {
        ("宋雨", "appoint", "区人民政府", "副区长"),
        ("于立峰", "appoint", "区人民法院", "审判员"),
        ("于立峰", "appoint", "区人民法院", "副院长"),
        ("于立峰", "appoint", "区人民法院", "代理院长"),
    }


def test_people_headings_with_a_colon_and_their_items_on_the_same_line() -> None:
    # 决定任命：X为…； / 决定免去：Y的…职务；: the first item printed on the heading's line.
    text = (
        "决定任命：\n"
        "周一为青禾市人民政府秘书长；\n"
        "吴二为青禾市财政局局长（兼）。\n"
        "决定免去：\n"
        "郑三的青禾市财政局局长职务；\n"
        "王四的青禾市审计局局长职务。\n"
    )
    assert _events(text) == {
        ("周一", "appoint", "青禾市人民政府", "秘书长"),
        ("吴二", "appoint", "青禾市财政局", "局长"),
        ("郑三", "remove", "青禾市财政局", "局长"),
        ("王四", "remove", "青禾市审计局", "局长"),
    }


def test_people_engagement_term_is_a_note() -> None:
    text = "经研究，决定聘任孙八为市政府参事（聘期三年）。\n"
    (event,) = _extract(text).appointments
    assert (event.person, event.organization, event.position, event.rank_note) == (
        "孙八",
        "市政府",
        "参事",
        "聘期三年",
    )


def test_people_name_before_a_one_character_verb_is_not_glued() -> None:
    # ：张三为市财政局局长: 张三为 is not a name with a title; 张三 holds the post.
    text = "会议决定任命：张三为市财政局局长。李四说，要做好工作。\n"
    assert _officials(text) == {("张三", "市财政局局长")}


def test_people_passive_appointment_in_a_report_gives_the_new_titles() -> None:
    # 原副县长X因被任命为县委常委、组织部长，不再担任副县长职务: X holds the new titles, not
    # the former one; a group role (组长) is no title.
    text = (
        "近期，原副县长林晓燕因被任命为县委常委、组织部长，不再担任副县长职务。"
        "会上，张三被选举为市人民政府市长。李四被任命为组长。\n"
    )
    assert _officials(text) == {
        ("林晓燕", "县委常委"),
        ("林晓燕", "组织部长"),
        ("张三", "市人民政府市长"),
    }


def test_a_decisions_title_or_an_unread_appointee_is_no_organisation() -> None:
    from govgraph.extract import extract_gazette
    from govgraph.ingest import parse_gazette

    text = (
        "会议决定任命李华同志为某某市人民政府副市长、查中才同志为某某市人民政府副市长。"
        "审议通过了某某市人大常委会关于市人民政府副市长李华代理市长的决定。\n"
    )
    ex = extract_gazette(parse_gazette(text, "news.txt"))
    # 查 is not read as a surname: its appointment is left out, never a body "查中才同志为…"
    assert {(a.person, a.organization, a.position) for a in ex.appointments} == {
        ("李华", "某某市人民政府", "副市长")
    }
    titles = {o.title for o in ex.officials}
    assert not any("关于" in t or "同志" in t for t in titles)
    assert "市人民政府副市长" in titles or "某某市人民政府副市长" in titles
