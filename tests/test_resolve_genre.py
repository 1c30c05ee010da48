"""Genre knowledge of resolution, on invented snippets: how documents say which government they
are of when they print no issuer, and the standard bodies every place of a level has (short forms,
provincial 厅 against municipal 局, district branches of city bureaus, zones, offices)."""

from __future__ import annotations

import pytest

from govgraph.places import find_places, gazetteer, place_cues
from govgraph.records import Extraction, IssueMeta
from govgraph.resolve import RULE, TEMPLATE, UNRESOLVED, Resolver
from govgraph.resolve.jurisdiction import Jurisdiction
from govgraph.resources import registry_dir


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_dir(registry_dir())


def where(resolver: Resolver, text: str, source: str) -> Jurisdiction:
    ex = Extraction(source=source, issue=IssueMeta(source, None, None, None), place_cues=place_cues(text))
    return resolver.jurisdictions(ex).of()


def name(resolver: Resolver, mention: str, place: str, year: int | None = None) -> str:
    return resolver.resolve_agency(mention, resolver.jurisdiction(place, year=year)).name


# --- which government a text is of, when it prints no issuer ------------------------------------


def test_genre_self_naming_phrase_decides_the_place(resolver: Resolver) -> None:
    # A cited higher document (苏州市人民政府 in 《》, its 文号) is not the speaker; 结合X实际 is.
    text = (
        "为贯彻落实《苏州市人民政府关于促进消费的若干措施》（苏府〔2022〕9号），结合吴中区实际，"
        "制定如下措施。\n一、支持企业发展（区商务局牵头，区财政局配合）\n"
    )
    j = where(resolver, text, "self.txt")
    assert (j.label, j.basis) == ("苏州市吴中区", "text")
    assert resolver.resolve_agency("区商务局", j).name == "苏州市吴中区商务局"


def test_genre_organs_named_with_their_place_and_then_relatively(resolver: Resolver) -> None:
    # News: the place is printed once with an organ, then the text speaks of 市政府, 副市长.
    news = (
        "近日，洛阳市政府召开常务会议，研究调整市政府领导分工。\n"
        "副市长张三：负责市政府常务工作，分管市财政局。\n副市长李四：分管市教育局。\n"
    )
    j = where(resolver, news, "organ.txt")
    assert j.label == "洛阳市"
    assert resolver.resolve_agency("市财政局", j).name == "洛阳市财政局"
    # 全市 and organs of several places of that level: which one speaks is not known.
    two = (
        "据报道，本月上旬开封市委、市政府与郑州市政府在会上签署合作协议，双方将在交通、产业等领域深化合作。\n"
        "全市各部门要抓好落实。\n"
    )
    assert not where(resolver, two, "two.txt").known
    # One organ named in passing, by a text that never speaks of its own level: not enough.
    passing = "经验交流会召开\n本报讯\n会议总结了上半年工作。\n会议邀请了南阳市政府的同志介绍经验。\n"
    assert not where(resolver, passing, "passing.txt").known


def test_genre_a_text_naming_its_province_level_organs_is_not_a_city(resolver: Resolver) -> None:
    # 省政府《…》 refers upward; the self-naming phrase still decides.
    text = "为贯彻落实省政府《关于稳住经济的若干措施》精神，结合扬州实际，制定本细则。\n"
    assert where(resolver, text, "up.txt").label == "扬州市"


# --- places printed as units ---------------------------------------------------------------------


def test_genre_autonomous_divisions_by_their_conventional_short_forms(resolver: Resolver) -> None:
    gaz = gazetteer()
    assert [d.name for d in gaz.named("石林自治县")] == ["石林彝族自治县"]
    assert [d.name for d in gaz.named("湘西州")] == ["湘西土家族苗族自治州"]
    # A county printed as a responsible unit is its people's government.
    assert name(resolver, "石林自治县", "昆明市") == "石林彝族自治县人民政府"
    assert name(resolver, "湘西州财政局", "吉首市") == "湘西土家族苗族自治州财政局"


def test_genre_a_development_zone_printed_as_a_unit_is_its_committee(resolver: Resolver) -> None:
    assert name(resolver, "滁州经济技术开发区", "滁州市") == "滁州经济技术开发区管理委员会"
    ent = resolver.resolve_agency("滁州经开区", resolver.jurisdiction("滁州市"))
    assert ent.name == "滁州经济技术开发区管理委员会"
    assert ent.parent == "agency/滁州市人民政府"  # the city's, not a zone 人民政府 that does not exist


# --- standard bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "place", "year", "canonical"),
    [
        ("区交运局", "苏州市吴中区", 2020, "苏州市吴中区交通运输局"),
        ("市扶贫办", "洛阳市", 2019, "洛阳市扶贫开发办公室"),
        ("市乡村振兴局", "洛阳市", 2022, "洛阳市乡村振兴局"),
        ("县文广新局", "宜良县", 2016, "宜良县文化广电新闻出版局"),
        ("市文明办", "洛阳市", 2020, "洛阳市精神文明建设委员会办公室"),
        ("市人大办", "洛阳市", 2020, "洛阳市人民代表大会常务委员会办公室"),
        ("省人大办", "河南省", 2020, "河南省人民代表大会常务委员会办公厅"),
        ("县政协办", "宜良县", 2020, "中国人民政治协商会议宜良县委员会办公室"),
        ("市委人才办", "洛阳市", 2020, "中共洛阳市委人才工作领导小组办公室"),
        ("市安委办", "洛阳市", 2020, "洛阳市安全生产委员会办公室"),
        ("区河长办", "苏州市吴中区", 2020, "苏州市吴中区河长制办公室"),
        ("省林草局", "河南省", 2020, "河南省林业和草原局"),
        ("市规自委", "北京市", 2020, "北京市规划和自然资源委员会"),
    ],
)
def test_genre_short_forms_of_standard_bodies(
    resolver: Resolver, mention: str, place: str, year: int, canonical: str
) -> None:
    assert name(resolver, mention, place, year) == canonical


def test_genre_provincial_departments_are_ting_municipal_ones_ju(resolver: Resolver) -> None:
    # 省X局 where the province's department is a 厅: that 厅 (a province has one finance body).
    assert name(resolver, "省财政局", "河南省") == "河南省财政厅"
    assert name(resolver, "省教育局", "洛阳市") == "河南省教育厅"
    assert name(resolver, "省统计局", "河南省") == "河南省统计局"  # a 局 provinces do have
    # 市X厅 (a misprint): the city's 局.
    assert name(resolver, "市财政厅", "洛阳市") == "洛阳市财政局"
    # A bare 厅 in a city's or county's document is its province's: only provinces have 厅.
    assert name(resolver, "公安厅", "宜良县") == "云南省公安厅"
    assert name(resolver, "市政府办公厅", "洛阳市") != "河南省人民政府办公厅"
    # A bare 财政局 in a province's document: provinces have none, and which city's is not
    # printed: placed in the province, kept as printed, flagged — never 河南省财政局.
    ent = resolver.resolve_agency("财政局", resolver.jurisdiction("河南省"))
    assert (ent.name, ent.resolved_by, ent.jurisdiction) == ("财政局", UNRESOLVED, "河南省")
    assert ent.id == "agency/未定/河南省/财政局"
    # … and a municipality has no 厅 of a province above it.
    assert resolver.resolve_agency("公安厅", resolver.jurisdiction("上海市")).resolved_by == UNRESOLVED


def test_genre_district_branches_of_city_bureaus(resolver: Resolver) -> None:
    j = resolver.jurisdiction("苏州市吴中区", year=2016)
    police = resolver.resolve_agency("区公安分局", j)
    assert police.name == "苏州市公安局吴中分局" and police.resolved_by == TEMPLATE
    assert police.jurisdiction == "苏州市" and police.parent == "agency/苏州市公安局"
    assert resolver.resolve_agency("公安分局", j).id == police.id
    assert resolver.resolve_agency("区国土分局", j).name == "苏州市国土资源局吴中分局"  # the 2016 name
    planning = resolver.resolve_agency("区规划分局", j)
    assert (planning.name, planning.resolved_by) == ("苏州市规划局吴中分局", RULE)
    # Central organs are not city bureaus with branches; a county has its own 公安局.
    assert "税务局吴中分局" not in resolver.resolve_agency("区税务分局", j).name
    assert name(resolver, "县公安局", "宜良县") == "宜良县公安局"


def test_genre_offices_of_the_people_s_government(resolver: Resolver) -> None:
    assert name(resolver, "市政府信访办公室", "洛阳市") == "洛阳市人民政府信访办公室"
    assert name(resolver, "洛阳市政府研究室", "洛阳市") == "洛阳市人民政府研究室"
    bracketed = "市政府合作交流办公室（市政府协作办公室）"
    assert name(resolver, bracketed, "洛阳市") == "洛阳市人民政府合作交流办公室"
    assert name(resolver, "市政府采购中心", "洛阳市") == "洛阳市政府采购中心"  # 政府采购: a term


# --- abstaining when the evidence is weak or conflicts ------------------------------------------


def test_genre_a_docnum_initial_is_read_with_the_texts_other_evidence(resolver: Resolver) -> None:
    # 永 begins a prefecture (永州) and many counties: the cited 浙政办发 puts the text in 浙江
    # and 我县 says it is a county's, which leaves one county.
    county = (
        "永政发〔2021〕12号\n关于加强农村供水工作的实施意见\n"
        "为贯彻落实《关于加强饮用水工作的意见》（浙政办发〔2020〕8号），结合我县实际，提出如下意见。\n"
        "（责任单位：县水利局、县财政局）\n"
    )
    j = where(resolver, county, "yong1.txt")
    assert (j.label, j.basis) == ("永嘉县", "docnum")
    assert resolver.resolve_agency("县财政局", j).name == "永嘉县财政局"
    # the same code with evidence of another province and no level: never 永州, nothing decided
    other = "永政发〔2021〕12号\n为贯彻落实《意见》（浙政办发〔2020〕8号），提出如下意见。\n"
    assert not where(resolver, other, "yong2.txt").known
    # 许 begins one place only, and nothing speaks against it
    assert where(resolver, "许政〔2020〕20号\n各县（市、区）人民政府：\n", "xu.txt").label == "许昌市"


def test_genre_a_title_of_another_level_is_not_the_speaker(resolver: Resolver) -> None:
    # A county's notice titled after its city's plan: 全县 says the speaker is a county.
    text = (
        "关于贯彻落实西宁市优化营商环境行动方案的实施意见\n"
        "全县各部门要高度重视，全县上下形成合力。\n（责任单位：县商务局）\n"
    )
    j = where(resolver, text, "title.txt")
    assert j.label != "西宁市"
    assert resolver.resolve_agency("县商务局", j).jurisdiction != "西宁市"


def test_genre_a_central_document_is_of_no_local_place(resolver: Resolver) -> None:
    text = (
        "国办发〔2021〕30号\n关于加快发展外贸新业态新模式的意见\n"
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
        "在北京、上海等地开展试点，总结北京经验，加快北京、天津试验区建设。（商务部、发展改革委负责）\n"
    )
    j = where(resolver, text, "central.txt")
    assert (j.known, j.basis) == (False, "central")
    ent = resolver.resolve_agency("发展改革委", j)
    assert ent.jurisdiction is None and ent.name == "发展改革委"
    # the addressees alone mark it too (no 文号)
    letter = "关于做好外贸工作的通知\n各省、自治区、直辖市人民政府：\n北京、北京、上海要抓好落实。\n"
    assert where(resolver, letter, "central2.txt").basis == "central"
    # a province's notice names its own addressees: not central
    province = "关于做好外贸工作的通知\n各市、县人民政府，省政府各部门：\n全省要抓好落实。\n河南省人民政府\n"
    assert where(resolver, province, "henan.txt").label == "河南省"


def test_genre_two_signatures_of_unrelated_places_decide_nothing(resolver: Resolver) -> None:
    joint = (
        "关于深化合作的协议\n双方商定如下。\n一、共建产业园区。\n二、共享交通设施。\n"
        "郑州市人民政府\n开封市人民政府\n2023年5月1日\n"
    )
    assert not where(resolver, joint, "joint.txt").known
    # a city's office and the city's government sign together: one place
    nested = "关于做好工作的通知\n洛阳市人民政府\n洛阳市人民政府办公室\n2023年5月1日\n"
    assert where(resolver, nested, "nested.txt").label == "洛阳市"


def test_genre_zones_named_after_their_province_are_the_provinces(resolver: Resolver) -> None:
    # A region named by a province's code and a direction spans its cities: the province's zone.
    ent = resolver.resolve_agency("滇中新区管委会", resolver.jurisdiction("昆明市"))
    assert (ent.name, ent.jurisdiction) == ("云南滇中新区管理委员会", "云南省")
    # a 新区 named by the code of the document's own province is the province's
    assert name(resolver, "赣江新区管委会", "南昌市") == "江西赣江新区管理委员会"
    # a zone whose name is the city's own (高新区) or a park (京东…产业园) stays the city's
    assert name(resolver, "高新区管委会", "昆明市") == "昆明高新技术产业开发区管理委员会"
    assert resolver.resolve_agency("京东物流产业园", resolver.jurisdiction("昆明市")).jurisdiction == "昆明市"


def test_genre_county_branches_of_city_bureaus(resolver: Resolver) -> None:
    # Since the reform a county's environment bureau is its city bureau's branch (县…分局).
    ent = resolver.resolve_agency("县生态环境分局", resolver.jurisdiction("永嘉县"))
    assert (ent.name, ent.jurisdiction) == ("温州市生态环境局永嘉分局", "温州市")
    # a county-level city under its province has bureaus of its own: no city to branch from
    assert resolver.resolve_agency("市生态环境分局", resolver.jurisdiction("济源市")).jurisdiction != "河南省"


def test_genre_a_conventional_code_outside_the_cited_province_is_not_the_place(resolver: Resolver) -> None:
    # 汉 is 武汉's conventional code, but a notice citing 陕财办农 is of 陕西: a county there
    # (县政府各工作部门) — not 武汉, and which county only 我县 and the initial can tell.
    head = "汉政办发〔2021〕88号\n关于印发资金管理办法的通知\n各镇人民政府，县政府各工作部门：\n"
    cites = "根据《实施细则》（陕财办农〔2021〕38号）精神，现将办法印发给你们。\n（责任单位：县财政局）\n"
    j = where(resolver, head + cites, "han1.txt")
    assert j.label != "武汉市"
    assert resolver.resolve_agency("县财政局", j).jurisdiction in (None, "汉阴县")
    j = where(resolver, head + "结合我县实际。\n" + cites, "han2.txt")
    assert j.label == "汉阴县"
    # a code that is two places (宁: 宁夏 and 南京) points at neither when cited
    nanjing = "宁政办发〔2021〕3号\n根据《通知》（宁政发〔2020〕1号），现通知如下。\n"
    assert where(resolver, nanjing, "ning.txt").label != "宁夏回族自治区"


@pytest.mark.parametrize(
    ("mention", "place", "canonical"),
    [
        # the traffic police of each tier's public security organ
        ("县交警大队", "宜良县", "宜良县公安局交通警察大队"),
        ("市公安局交警支队", "洛阳市", "洛阳市公安局交通警察支队"),
        ("省公安厅交警总队", "河南省", "河南省公安厅交通警察总队"),
        # state security: a province's 厅, a city's 局
        ("省国安厅", "河南省", "河南省国家安全厅"),
        ("市国安局", "洛阳市", "洛阳市国家安全局"),
        ("县疾控中心", "宜良县", "宜良县疾病预防控制中心"),
        ("县人武部", "宜良县", "宜良县人民武装部"),
        ("区审改办", "苏州市吴中区", "苏州市吴中区行政审批制度改革工作领导小组办公室"),
        ("省粮食和储备局", "河南省", "河南省粮食和物资储备局"),
        ("省法院", "河南省", "河南省高级人民法院"),
        ("市法院", "洛阳市", "洛阳市中级人民法院"),
        # the party committee's commissions since 2018; 依法治 takes the level of its place
        ("市委财经办", "洛阳市", "中共洛阳市委财经委员会办公室"),
        ("区委审计办", "苏州市吴中区", "中共苏州市吴中区委审计委员会办公室"),
        ("省委依法治省办", "河南省", "中共河南省委全面依法治省委员会办公室"),
        ("市委依法治市办", "洛阳市", "中共洛阳市委全面依法治市委员会办公室"),
        ("县委依法治县办", "宜良县", "中共宜良县委全面依法治县委员会办公室"),
        ("区委依法治区办", "苏州市吴中区", "中共苏州市吴中区委全面依法治区委员会办公室"),
        ("市委教育工委", "洛阳市", "中共洛阳市委教育工作委员会"),
        ("市委保密办", "洛阳市", "中共洛阳市委保密委员会办公室"),
    ],
)
def test_genre_more_standard_bodies_of_each_tier(
    resolver: Resolver, mention: str, place: str, canonical: str
) -> None:
    ent = resolver.resolve_agency(mention, resolver.jurisdiction(place, year=2022))
    assert (ent.name, ent.resolved_by) == (canonical, TEMPLATE)


def test_genre_party_committee_organs_without_a_template_keep_their_party(resolver: Resolver) -> None:
    # 市委X is an organ of 中共X市委, printed with its place or relatively; 市委市政府 is not one body.
    assert name(resolver, "市委党史研究室", "洛阳市") == "中共洛阳市委党史研究室"
    assert name(resolver, "洛阳市委讲师团", "洛阳市") == "中共洛阳市委讲师团"
    assert not name(resolver, "市委市政府", "洛阳市").startswith("中共")
    assert name(resolver, "市政府督查室", "洛阳市") == "洛阳市人民政府督查室"


def test_genre_posts_of_a_townships_offices_are_its_governments(resolver: Resolver) -> None:
    # A township's work posts (林业发展岗) are posts of its people's government; a user's
    # --jurisdiction may name the township.
    j = resolver.jurisdiction("重庆市铜梁区石鱼镇")
    assert j.label == "重庆市铜梁区石鱼镇"
    ent = resolver.resolve_agency("林业发展岗", j)
    assert (ent.name, ent.resolved_by) == ("重庆市铜梁区石鱼镇人民政府林业发展岗", RULE)


def test_genre_traditional_character_mentions_are_read_simplified(resolver: Resolver) -> None:
    j = resolver.jurisdiction("辽宁省", year=2016)
    ent = resolver.resolve_agency("省財政廳", j)
    assert ent.name == "辽宁省财政厅"
    assert ent.id == resolver.resolve_agency("省财政厅", j).id  # one body, whatever the script


def test_genre_prefectures_and_leagues_are_governed_by_an_administrative_office(resolver: Resolver) -> None:
    # 地区X in a 地区's notice is that 地区's department; its government is the 行政公署 (行署),
    # never a 人民政府 that does not exist.
    j = resolver.jurisdiction("阿克苏地区", year=2021)
    assert resolver.resolve_agency("地区发改委", j).name == "阿克苏地区发展和改革委员会"
    assert resolver.resolve_agency("地区财政局", j).parent == "agency/阿克苏地区行政公署"
    assert resolver.resolve_agency("行署办公室", j).name == "阿克苏地区行政公署办公室"
    assert name(resolver, "盟行署", "锡林郭勒盟") == "锡林郭勒盟行政公署"
    assert "人民政府" not in name(resolver, "阿克苏地区", "阿克苏地区")
    # 地区X in a city's notice: no 地区 encloses the city, so which one is not printed
    assert resolver.resolve_agency("地区发改委", resolver.jurisdiction("洛阳市")).jurisdiction is None


@pytest.mark.parametrize("printed", ["州级各部门", "州直各部门", "盟级各部门", "县直各单位"])
def test_genre_level_collectives_of_every_level_word(resolver: Resolver, printed: str) -> None:
    ent = resolver.resolve_agency(printed, resolver.jurisdiction("大理白族自治州"))
    assert ent.kind == "collective"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由区卫健局牵头，县财政局配合。", ["区卫健局", "县财政局"]),
        ("州财政局、盟发改委负责", ["州财政局", "盟发改委"]),
        ("由自治区发展改革委牵头", ["自治区发展改革委"]),
        ("地区发改委、地区财政局负责", ["地区发改委", "地区财政局"]),
        ("区委组织部、区委宣传部负责", ["区委组织部", "区委宣传部"]),
        # level characters that end ordinary words start no name
        ("加强社区卫生服务中心建设", []),
        ("推进区块链发展中心建设", []),
        ("县域经济发展局面良好", []),
    ],
)
def test_genre_recognizer_finds_bodies_after_every_level_word(text: str, expected: list[str]) -> None:
    from govgraph.resolve import find_agency_mentions

    assert [text[s:e] for s, e, _ in find_agency_mentions(text)] == expected


def test_genre_streets_named_after_places_are_not_those_places(resolver: Resolver) -> None:
    # 南京路, 北京东路, 延安中路: streets of every city; their offices and subdistricts are bodies
    # of the document's place, never of 南京, 北京, 延安.
    j = resolver.jurisdiction("上海市", year=2022)
    for printed in ("南京路步行街管理办公室", "北京东路街道办事处", "市北京路管理处", "延安中路街道"):
        assert resolver.resolve_agency(printed, j).jurisdiction == "上海市", printed
    # a body printed with its place stays that place's
    assert resolver.resolve_agency("南京海关", j).jurisdiction == "南京市"
    # a notice about a street, whose text names the street often, is not of that street's namesake
    text = "关于南京路步行街综合整治的通知\n南京路沿线商户要配合，南京路步行街管理办公室负责。\n"
    assert where(resolver, text, "street.txt").label != "南京市"
    assert find_places("南京市人民政府、南京路") == [(0, 3, "南京市")]


def test_genre_phrases_with_a_place_name_inside_name_no_place(resolver: Resolver) -> None:
    # 长治久安 is not 长治, 各位来宾 not 来宾; the place printed in full still is (来宾市).
    assert [n for _, _, n in find_places("确保社会长治久安，各位来宾，精简文山会海")] == []
    assert [n for _, _, n in find_places("各位来宾：来宾市人民政府、长治市")] == ["来宾市", "长治市"]
    # a short sentence at the head of a text is no title, and its idiom no place
    head = "关于加强社会治安综合治理的通知\n全市各单位要高度重视，确保社会长治久安。\n"
    text = head + "（责任单位：市公安局）\n"
    j = where(resolver, text, "idiom.txt")
    assert j.label != "长治市"
    assert resolver.resolve_agency("市公安局", j).jurisdiction != "长治市"


def test_genre_a_short_place_name_inside_a_name_places_it_only_before_a_branch_word(
    resolver: Resolver,
) -> None:
    j = resolver.jurisdiction("上海市", year=2022)
    assert resolver.resolve_agency("中国农业银行温州分行", j).jurisdiction == "温州市"
    assert resolver.resolve_agency("国家开发银行云南省分行", j).jurisdiction == "云南省"
    assert resolver.resolve_agency("复旦大学附属中山医院", j).jurisdiction == "上海市"


def test_genre_a_place_held_up_as_a_model_is_not_the_speaker(resolver: Resolver) -> None:
    # 全市 and one place named — but as a model to learn from: not the text's own city.
    head = "关于进一步优化营商环境的实施意见\n全市各部门要对标先进，学习借鉴深圳经验。\n"
    j = where(resolver, head + "（责任单位：市发改委）\n", "model.txt")
    assert j.label != "深圳市"
    # the place the text speaks of itself still decides
    own = "全市各部门要结合南通实际，学习借鉴深圳经验。\n（责任单位：市发改委）\n"
    assert where(resolver, own, "own.txt").label == "南通市"


def test_genre_sibling_districts_named_as_units_decide_no_district(resolver: Resolver) -> None:
    # A city's task table naming its districts as units (one of them three times) is not that
    # district's document: the jurisdiction is left unknown rather than guessed.
    text = (
        "目标任务\n责任单位\n推进商业配套建设\n商务局、雨花区\n建设综合交通枢纽\n雨花区、天心区\n"
        "实施老旧小区改造\n住建局、雨花区\n"
    )
    j = where(resolver, text, "table.txt")
    assert j.basis == "unknown"
    # one district named alone still decides
    text = "推进商业配套建设（雨花区商务局牵头）\n加快雨花区老旧小区改造（雨花区住建局负责）\n"
    assert where(resolver, text, "alone.txt").label == "长沙市雨花区"


def test_genre_a_branch_named_by_its_own_county_short_name_is_not_placed_twice(resolver: Resolver) -> None:
    # 人行X支行 in county X's own document: the county's 支行 under its official name, however
    # printed; the short name is not kept as a name of its own after the qualified one.
    for mention in ("人行桐庐支行", "人民银行桐庐县支行", "县人行"):
        assert name(resolver, mention, "桐庐县") == "中国人民银行桐庐县支行"
    # a body whose own name begins with the place's short name keeps it (no branch word follows)
    assert name(resolver, "县桐庐中学", "桐庐县") == "桐庐县桐庐中学"
