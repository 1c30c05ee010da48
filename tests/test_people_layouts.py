"""People in every layout of the genre: division of work, appointments, officials.

Each snippet is invented (names, bodies and dates are made up) and prints one layout the
genre uses; the assertions are what a reader of the snippet would record.
"""

from __future__ import annotations

from govgraph.extract import extract_gazette
from govgraph.ingest import parse_gazette
from govgraph.records import Extraction

# -- division of work ---------------------------------------------------------------------------

ADJUSTMENT = """关于调整省政府领导同志工作分工的通知

各市人民政府，省政府各部门：

根据工作需要，现将省政府领导同志工作分工调整如下：

一、林远舟副省长

负责财政、税务方面工作。

分管省财政厅、省地方金融监管局；

省统计局。

联系省税务局、国家统计局驻省调查总队。

二、赵明川副省长

负责教育、卫生健康方面工作。具体分管省教育厅、省卫生健康委，协助省长分管省审计厅。同时联系省红十字会、省妇联等群众团体。

副省长钱思源同志，增加分管省体育局、妇女儿童工作。协调联系省侨联。

孙立恒：省委常委、常务副省长，负责省政府常务工作。分管省发展改革委（省粮食局）及省国资委。

周启航副省长：主要负责农业农村方面工作，分管和联系单位：省农业农村厅、省水利厅。

省人民政府
2031年3月5日
"""


def _extract(text: str, name: str = "snippet.txt") -> Extraction:
    return extract_gazette(parse_gazette(text, name))


def _duties(text: str) -> set[tuple[str, str, str, str]]:
    return {(d.person, d.role, d.relation, d.unit) for d in _extract(text).leader_duties}


def test_people_duties_numbered_name_role_heads_and_lists_across_lines() -> None:
    duties = _duties(ADJUSTMENT)
    lin = {(r, u) for p, _, r, u in duties if p == "林远舟"}
    # 一、林远舟副省长 alone on its line; the 分管 list runs over ； and a line break.
    assert lin == {
        ("supervises", "省财政厅"),
        ("supervises", "省地方金融监管局"),
        ("supervises", "省统计局"),
        ("liaises", "省税务局"),
        ("liaises", "国家统计局驻省调查总队"),
    }
    assert {r for p, r, _, _ in duties if p == "林远舟"} == {"副省长"}


PROFILES = """政府领导
韩立新
职务：区委副书记、区长
工作分工：主持区政府全面工作。分管区审计局。
姓名：魏春梅
职务：区委常委、常务副区长
工作分工：负责区政府常务工作，负责发展改革、财政、统计等方面工作，协调推进重点项目建设和招商引资等工作。分管区发展和改革局、区财政局。联系区税务局。
"""


def test_people_duties_profile_pages_name_post_field_and_duty_field() -> None:
    # a government site's leader profiles: the name alone (or after 姓名：), 职务：, 工作分工：
    assert _duties(PROFILES) == {
        ("韩立新", "区长", "supervises", "区审计局"),
        ("魏春梅", "常务副区长", "supervises", "区发展和改革局"),
        ("魏春梅", "常务副区长", "supervises", "区财政局"),
        ("魏春梅", "常务副区长", "liaises", "区税务局"),
    }
    # a name alone on its line without a post field is no entry head
    assert _duties("韩立新\n分管区审计局。\n") == set()


def test_people_duties_prefixed_keywords_assists_and_collective_tails() -> None:
    zhao = {(r, u) for p, _, r, u in _duties(ADJUSTMENT) if p == "赵明川"}
    assert ("supervises", "省教育厅") in zhao  # 具体分管
    assert ("assists", "省审计厅") in zhao  # 协助省长分管
    assert ("liaises", "省妇联") in zhao  # 同时联系 …等群众团体
    assert ("supervises", "省审计厅") not in zhao


def test_people_duties_role_name_comrade_adjustment_and_areas() -> None:
    ex = _extract(ADJUSTMENT)
    qian = {(d.relation, d.unit) for d in ex.leader_duties if d.person == "钱思源"}
    # 副省长钱思源同志，增加分管…: 妇女儿童工作 is an area of work, not a unit.
    assert qian == {("supervises", "省体育局"), ("liaises", "省侨联")}
    assert all(d.adjustment for d in ex.leader_duties)
    # No date of its own: the date printed after the entries.
    assert {d.date for d in ex.leader_duties} == {"2031-03-05"}


def test_people_duties_name_colon_title_chain_and_ambiguous_lists() -> None:
    duties = _duties(ADJUSTMENT)
    sun = {(role, r, u) for p, role, r, u in duties if p == "孙立恒"}
    assert sun == {
        ("常务副省长", "supervises", "省发展改革委（省粮食局）"),
        ("常务副省长", "supervises", "省国资委"),  # two units joined by 及
    }
    # 分管和联系单位 mixes two relations: the list is not read.
    assert not any(p == "周启航" for p, _, _, _ in duties)
    officials = {(o.person, o.title) for o in _extract(ADJUSTMENT).officials}
    assert {("孙立恒", "省委常委"), ("孙立恒", "常务副省长"), ("周启航", "副省长")} <= officials


def test_people_duties_need_a_named_leader() -> None:
    # A leader's profile page without the leader's name: nothing to attribute.
    profile = (
        "协助区长负责区政府日常工作。\n"
        "分管：区政府办公室、区财政局等单位；协助区长分管审计工作。\n"
        "联系：区人大、区政协。\n"
    )
    ex = _extract(profile)
    assert ex.leader_duties == [] and ex.officials == []


def test_people_duties_adjustment_ends_only_the_units_it_reassigns() -> None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    from govgraph.graph import build_graph
    from govgraph.namespace import GG
    from govgraph.resolve import Resolver

    first = (
        "副省长 林远舟：分管省教育厅、省体育局。\n\n"
        "副省长 赵明川：分管省卫生健康委。\n\n省人民政府\n2030年1月2日\n"
    )
    second = (
        "经研究，调整省政府领导分工如下：\n\n"
        "副省长赵明川同志，增加分管省体育局。\n\n省人民政府\n2031年3月5日\n"
    )
    exs = [_extract(first, "first.txt"), _extract(second, "second.txt")]
    # One government's texts (a reprint names no issuer): give both the same source key.
    for ex in exs:
        ex.source = "notices.txt"
    g = build_graph(exs, Resolver.default())
    until = {}
    for node in g.subjects(GG.validFrom, Literal("2030-01-02", datatype=XSD.date)):
        unit = str(g.value(node, GG.unit))
        until[unit] = g.value(node, GG.validUntil)
    ended = [u for u, d in until.items() if d is not None]
    assert len(until) == 3 and len(ended) == 1  # 省体育局 moved; 省教育厅 and 省卫生健康委 stay
    assert until[ended[0]] == Literal("2031-03-05", datatype=XSD.date)


# -- appointments and removals ------------------------------------------------------------------

MEETING = (
    "市人大常委会举行第九次会议\n\n"
    "本报讯 12日，市十五届人大常委会举行第九次会议，市人大常委会主任吴承德主持会议，"
    "副主任郑怀远、冯嘉禾出席会议。会议表决通过了人事任免事项。\n\n"
    "会议接受林远舟辞去市人民政府市长职务、赵明川辞去市人民政府副市长职务的请求。"
    "会议决定任命钱思源为市人民政府副市长，并决定为代理市长；任命孙立恒、周启航为市人民政府副市长，"
    "亓卫东等2名同志为市监察委员会委员。\n\n"
    "会议决定任命卫青山任市财政局局长、褚一帆任市审计局局长（试用期一年），"
    "免去郑明远的市财政局局长职务、冯一川的市审计局局长职务。免去马文涛市统计局局长职务。\n\n"
    "因工作调动，黄子健提出辞去市人大常委会委员职务；苏北辰提出辞去市十五届人民代表大会代表职务。\n\n"
    "市人民代表大会常务委员会任命名单\n\n决定任命：\n\n何清远为市教育局局长；\n\n"
    "任命县委副书记韩思齐同志为县人民政府副县长、代理县长。\n"
)


def _events(text: str) -> set[tuple[str, str, str, str]]:
    return {(a.person, a.action, a.organization, a.position) for a in _extract(text).appointments}


def test_people_appointments_resignations_accepted_are_removals() -> None:
    events = _events(MEETING)
    assert ("林远舟", "remove", "市人民政府", "市长") in events
    assert ("赵明川", "remove", "市人民政府", "副市长") in events


def test_people_appointments_acting_posts_and_shared_names() -> None:
    events = _events(MEETING)
    # 并决定为代理市长: the organisation of the decision before; 代理 qualifies the post.
    assert ("钱思源", "appoint", "市人民政府", "代理市长") in events
    assert ("孙立恒", "appoint", "市人民政府", "副市长") in events
    assert ("周启航", "appoint", "市人民政府", "副市长") in events
    assert ("亓卫东", "appoint", "市监察委员会", "委员") in events  # 等2名同志: only the named one
    assert not any(org == "代理" for _, _, org, _ in events)


def test_people_appointments_ren_lists_removals_with_and_without_de() -> None:
    ex = _extract(MEETING)
    events = {(a.person, a.action, a.organization, a.position) for a in ex.appointments}
    assert ("卫青山", "appoint", "市财政局", "局长") in events
    assert ("郑明远", "remove", "市财政局", "局长") in events
    assert ("冯一川", "remove", "市审计局", "局长") in events
    assert ("马文涛", "remove", "市统计局", "局长") in events  # 免去X市…职务 (no 的)
    (chu,) = [a for a in ex.appointments if a.person == "褚一帆"]
    assert (chu.position, chu.probation) == ("局长", "试用期一年")


def test_people_appointments_list_form_and_title_before_the_name() -> None:
    events = _events(MEETING)
    assert ("何清远", "appoint", "市教育局", "局长") in events  # 决定任命： / X为…；
    assert ("韩思齐", "appoint", "县人民政府", "代理县长") in events
    officials = {(o.person, o.title) for o in _extract(MEETING).officials}
    assert ("韩思齐", "县委副书记") in officials


def test_people_appointments_offers_to_resign_and_seats() -> None:
    events = _events(MEETING)
    assert ("黄子健", "remove", "市人大常委会", "委员") in events  # the meeting voted the items
    assert not any(p == "苏北辰" for p, _, _, _ in events)  # a deputy's seat is not a post
    # An offer to resign that no vote is reported on is not a removal.
    assert _events("因工作调动，黄子健提出辞去市人大常委会委员职务。\n") == set()


def test_people_appointments_never_guess_a_name() -> None:
    # 王小川 + 新区局… or 王小 + 川新区局…: the removed post follows the name directly and starts
    # with neither a level word nor a place name, so the name's end is not certain: dropped and
    # counted.  (A post starting with a place of the gazetteer bounds the name: test_genre_forms.)
    ex = _extract("会议决定免去王小川新区局局长职务。\n")
    assert ex.appointments == []
    assert any("dropped" in w for w in ex.warnings)


# -- officials ----------------------------------------------------------------------------------

NEWS = (
    "市领导调研重点项目\n\n"
    "3日，市长吴承德，市委常委、宣传部部长、副市长郑怀远，市委常委、统战部长冯嘉禾，"
    "市政府秘书长卫青山到开发区调研。省长助理褚一帆、省政协副主席马文涛、省发展改革委一级巡视员何清远陪同。\n\n"
    "由孙立恒副市长负责，市发展改革委牵头。市委常委、常务副市长亓卫东同志代市长周启航作报告。\n\n"
    "市人大常委会主任林远舟主持会议，副主任赵明川、钱思源出席。会议由市政协副主席韩思齐主持。\n\n"
    "大会执行主席黄子健、苏北辰在主席台就座。"
    "副市长郑怀远在会见某某集团有限公司副总经理马一鸣一行时表示欢迎。记者 张小明 摄\n"
)


def _officials(text: str = NEWS) -> set[tuple[str, str]]:
    return {(o.person, o.title) for o in _extract(text).officials}


def test_people_officials_title_before_chains_and_grammar_titles() -> None:
    pairs = _officials()
    assert ("吴承德", "市长") in pairs
    assert {("郑怀远", "市委常委"), ("郑怀远", "宣传部部长"), ("郑怀远", "副市长")} <= pairs
    assert ("冯嘉禾", "统战部长") in pairs  # 统战部 + 部长 printed as one word
    assert ("卫青山", "市政府秘书长") in pairs
    assert ("褚一帆", "省长助理") in pairs
    assert ("马文涛", "省政协副主席") in pairs
    assert ("何清远", "省发展改革委一级巡视员") in pairs


def test_people_officials_name_before_title_rare_surname_and_acting_verb() -> None:
    pairs = _officials()
    assert ("孙立恒", "副市长") in pairs  # 由孙立恒副市长负责
    assert {("亓卫东", "市委常委"), ("亓卫东", "常务副市长")} <= pairs  # rare surname, 同志
    # 同志代市长周启航: 代 is the verb (on behalf of), 周启航 is the mayor.
    assert ("周启航", "市长") in pairs and ("周启航", "代市长") not in pairs


def test_people_officials_shared_organisation_after_a_name_list() -> None:
    pairs = _officials()
    assert ("林远舟", "市人大常委会主任") in pairs
    assert {("赵明川", "市人大常委会副主任"), ("钱思源", "市人大常委会副主任")} <= pairs
    assert ("韩思齐", "市政协副主席") in pairs


def test_people_officials_meeting_roles_visitors_and_credits_are_not_officials() -> None:
    people = {p for p, _ in _officials()}
    assert not {"黄子健", "苏北辰", "马一鸣", "张小明"} & people
    # Names are never glued to the next word: 郑怀远在…, 林远舟主持….
    assert all(len(p) <= 3 for p in people)
    assert not any(p.endswith(("在", "及", "主", "出")) for p in people)


def test_people_officials_government_prefix_is_one_post() -> None:
    text = "副市长赵明川出席。\n\n组长：赵明川 市政府副市长\n"
    pairs = _officials(text)
    assert ("赵明川", "副市长") in pairs and ("赵明川", "市政府副市长") not in pairs
    # Alone, the printed form is kept.
    assert ("卫青山", "市人民政府市长") in _officials("会议根据市人民政府市长卫青山的提请，审议通过。\n")


def test_people_appointments_are_dated_by_what_the_text_prints() -> None:
    # A 任命名单 carries its adoption line; a news page its publication date (metadata that
    # ingestion may drop from the text as furniture).
    roster = (
        "市人民代表大会常务委员会任命名单\n\n（2031年3月5日市十五届人民代表大会常务委员会第九次会议通过）\n\n"
        "决定任命：\n\n何清远为市教育局局长。\n"
    )
    assert {a.date for a in _extract(roster).appointments} == {"2031-03-05"}
    news = "来源：本网 发布时间：2031-04-01 10:00\n\n会议任命何清远为市教育局局长。\n"
    assert {a.date for a in _extract(news).appointments} == {"2031-04-01"}
    assert {a.date for a in _extract("会议任命何清远为市教育局局长。\n").appointments} == {None}


def test_people_appointments_resignation_lists_and_hiring() -> None:
    text = (
        "会议决定任命陈文光为省政府副省长；接受徐世群、欧泽高辞去省政府副省长职务的请求，"
        "李永寿辞去省人大常委会副主任职务的请求。聘任孙立恒为市政府参事。\n"
    )
    events = _events(text)
    assert {
        ("陈文光", "appoint", "省政府", "副省长"),
        ("徐世群", "remove", "省政府", "副省长"),
        ("欧泽高", "remove", "省政府", "副省长"),
        ("李永寿", "remove", "省人大常委会", "副主任"),
        ("孙立恒", "appoint", "市政府", "参事"),
    } <= events


def test_people_duties_name_role_on_its_own_line_or_glued_to_the_first_clause() -> None:
    text = (
        "市长、副市长工作分工\n"
        "林远舟市长\n领导市政府全面工作。\n"
        "赵明川常务副市长\n负责发展和改革工作。协助分管财政、审计工作。\n"
        "分管市发展和改革委员会（市物价局）及市粮食和物资储备局，市统计局。协助分管市财政局，市审计局。\n"
        "钱思源副市长\n兼市公安局局长，负责公安工作。\n分管市公安局，市司法局。\n"
        "联系市总工会，团市委，市残联等群众团体和部队（武警部队）。\n"
    )
    duties = {(p, role, r, u) for p, role, r, u in _duties(text)}
    assert ("赵明川", "常务副市长", "supervises", "市粮食和物资储备局") in duties
    assert ("赵明川", "常务副市长", "assists", "市审计局") in duties
    assert ("钱思源", "副市长", "supervises", "市公安局") in duties  # not 钱思源副 + 市长
    assert ("钱思源", "副市长", "liaises", "市残联") in duties
    assert not any(p.endswith("副") for p, _, _, _ in duties)


def test_people_appointments_a_reprinted_notice_list_and_proposals() -> None:
    text = (
        "市人民政府关于何清远等同志职务任免的通知\n\n各区人民政府，市政府各部门：\n\n经市人民政府研究决定：\n\n"
        "何清远任市教育局局长；\n\n林远舟、赵明川任市财政局副局长（试用期一年）；\n\n"
        "免去钱思源的市审计局局长职务。\n\n以上同志任职时间自2031年3月起计算。张一鸣任职期间表现突出。\n\n"
        "会议听取了拟任命人员的情况，拟任命周启航为市统计局局长。\n"
    )
    events = _events(text)
    assert events == {
        ("何清远", "appoint", "市教育局", "局长"),
        ("林远舟", "appoint", "市财政局", "副局长"),
        ("赵明川", "appoint", "市财政局", "副局长"),
        ("钱思源", "remove", "市审计局", "局长"),
    }  # 张一鸣任职期间 is past the list; 拟任命 is a proposal


def test_people_duties_table_rows() -> None:
    text = (
        "区政府领导班子成员分工\n姓名 | 职务 | 工作分工\n"
        "林远舟 | 区长 | 主持区政府全面工作。分管区审计局。\n"
        "赵明川 | 常务副区长 | 负责区政府常务工作。分管区政府办公室、区财政局。联系区人武部。\n"
    )
    assert _duties(text) == {
        ("林远舟", "区长", "supervises", "区审计局"),
        ("赵明川", "常务副区长", "supervises", "区政府办公室"),
        ("赵明川", "常务副区长", "supervises", "区财政局"),
        ("赵明川", "常务副区长", "liaises", "区人武部"),
    }


def test_people_acting_appointments_in_their_printed_forms() -> None:
    text = (
        "会议接受林远舟辞去市人民政府市长职务，决定任命赵明川为市人民政府副市长，代理市人民政府市长职务。\n\n"
        "表决通过了关于钱思源代理县人民政府县长职务的决定。\n\n"
        "任命孙立恒为区人民政府副区长，并决定孙立恒为区人民政府代理区长。\n"
    )
    events = _events(text)
    assert ("赵明川", "appoint", "市人民政府", "代理市长") in events
    assert ("钱思源", "appoint", "县人民政府", "代理县长") in events
    assert ("孙立恒", "appoint", "区人民政府", "代理区长") in events
    assert not any(org.startswith("并") for _, _, org, _ in events)


def test_people_officials_leaving_a_post_and_bare_secretary_general() -> None:
    text = (
        "会议接受林远舟辞去市人民政府市长职务。林远舟市长因工作变动提出辞职。"
        "受主任会议委托，秘书长赵明川作说明。市委常委、组织部部长钱思源作关于人事任免事项的说明，"
        "市政协副主席孙立恒应邀参加会议。\n"
    )
    pairs = _officials(text)
    assert not any(p == "林远舟" for p, _ in pairs)  # the post he resigns is being left
    assert ("赵明川", "秘书长") in pairs
    assert {("钱思源", "市委常委"), ("钱思源", "组织部部长")} <= pairs  # not 钱思源作 + 关于
    assert ("孙立恒", "市政协副主席") in pairs


def test_people_duties_role_colon_name_heading_and_list_one_unit_a_line() -> None:
    text = (
        "县政府领导分工\n县长：林远舟\n主持县政府全面工作。分管县审计局。\n"
        "常务副县长：赵明川\n负责县政府常务工作，负责联系县人大、县政协。分管：\n"
        "县政府办公室；\n县财政局；\n县统计局。\n"
    )
    duties = _duties(text)
    assert ("林远舟", "县长", "supervises", "县审计局") in duties
    zhao = {(r, u) for p, role, r, u in duties if p == "赵明川" and role == "常务副县长"}
    assert zhao == {
        ("liaises", "县人大"),
        ("liaises", "县政协"),
        ("supervises", "县政府办公室"),
        ("supervises", "县财政局"),
        ("supervises", "县统计局"),
    }
    assert not any(p == "常务" for p, _, _, _ in duties)  # 常务副县长 is one title, not 常务 + 副县长


def test_people_officials_words_after_a_title_are_not_names() -> None:
    from govgraph.extract.officials import official_mentions

    def persons(text: str) -> list[str]:
        return [text[s:e] for s, e, label in official_mentions(text) if label == "PERSON"]

    # A surname character opening a word of running text (于会上, 曾多次, 严格, 安排) is no name.
    for text in ("市长于会上强调", "副市长曾多次到现场", "市长严格要求各部门", "副市长安排部署工作"):
        assert persons(text) == [], text
    assert persons("副市长于加良出席会议") == ["于加良"]
    assert persons("市长曾庆红参加") == ["曾庆红"]


def test_people_duties_heads_with_a_chain_of_titles_and_comrade() -> None:
    text = (
        "县委常委分工\n"
        "县委常委、宣传部部长林远舟同志主持县委宣传部、县总工会工作。负责宣传工作。联系县文联、县社科联。\n"
        "县委常委、常务副县长赵明川同志：负责县政府常务工作。分管县财政局、县税务局。\n"
    )
    duties = _duties(text)
    assert {("林远舟", "liaises", "县文联"), ("赵明川", "supervises", "县财政局")} <= {
        (p, r, u) for p, _, r, u in duties
    }
    assert {role for p, role, _, _ in duties if p == "赵明川"} == {"常务副县长"}
    assert not any(u.endswith("工作") for _, _, _, u in duties)  # 主持…工作 directs: a portfolio


def test_people_duties_internal_sections_are_bodies_in_a_list_of_work() -> None:
    text = (
        "根据工作需要，办公室主任韩立同志主持全面工作，副主任魏春同志分管文秘科和督查科工作，"
        "副主任蒋平同志分管综合一科、民政和体育工作。\n"
    )
    assert _duties(text) == {
        ("魏春", "副主任", "supervises", "文秘科"),
        ("魏春", "副主任", "supervises", "督查科"),
        ("蒋平", "副主任", "supervises", "综合一科"),
    }
