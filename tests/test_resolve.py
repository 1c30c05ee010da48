"""The Wenzhou overrides, mention recognition and resolution in a known jurisdiction
(govgraph.resolve); other governments: tests/test_resolve_places.py."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from repo import DEMO_GOLD

from govgraph.errors import InputError
from govgraph.resolve import (
    Resolver,
    find_agency_mentions,
    load_agencies,
    load_collectives,
    normalize_name,
)
from govgraph.resources import registry_dir

GOLD = DEMO_GOLD
AGENCY_ROWS = load_agencies(registry_dir() / "places" / "温州市.csv")
COLLECTIVE_ROWS = load_collectives(registry_dir() / "collectives.csv")


class _InWenzhou:
    """The resolver with every mention in a document of 温州市 (as the demo gazettes are)."""

    def __init__(self, resolver: Resolver) -> None:
        self._resolver = resolver
        self.where = resolver.jurisdiction("温州市")
        self.agencies = resolver.agencies

    def resolve_agency(self, mention: str):
        return self._resolver.resolve_agency(mention, self.where)

    def post(self, organization, title: str):
        return self._resolver.post(organization, title, self.where)

    def __getattr__(self, name: str):
        return getattr(self._resolver, name)


@pytest.fixture(scope="module")
def resolver() -> _InWenzhou:
    return _InWenzhou(Resolver.from_dir(registry_dir()))


def spans(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], label) for s, e, label in find_agency_mentions(text)]


# --- registry data ---------------------------------------------------------------------------


@pytest.mark.parametrize("row", AGENCY_ROWS, ids=lambda r: r.id)
def test_resolve_every_registry_name_is_one_entity(resolver: Resolver, row) -> None:
    expected = f"agency/{row.id}"
    for name in row.names():
        ent = resolver.resolve_agency(name)
        assert ent.id == expected, f"{name} -> {ent.id}"
        assert ent.in_registry
        assert ent.name == row.name
        assert ent.level == row.level and ent.org_kind == row.kind


@pytest.mark.parametrize("row", COLLECTIVE_ROWS, ids=lambda r: r.id)
def test_resolve_every_collective_name_is_one_collective(resolver: Resolver, row) -> None:
    for name in (row.name, *row.aliases):
        ent = resolver.resolve_agency(name)
        assert (ent.id, ent.kind, ent.org_kind) == (f"collective/温州市/{row.id}", "collective", "collective")


def test_resolve_registry_parents_are_registry_bodies(resolver: Resolver) -> None:
    for row in AGENCY_ROWS:
        ent = resolver.resolve_agency(row.name)
        if row.parent:
            assert ent.parent == f"agency/{row.parent}"
            assert resolver.resolve_agency(resolver.agencies[row.parent].name).id == ent.parent


def test_resolve_registry_has_every_county_government(resolver: Resolver) -> None:
    counties = ["鹿城区", "龙湾区", "瓯海区", "洞头区", "瑞安市", "乐清市", "龙港市"]
    counties += ["永嘉县", "平阳县", "苍南县", "文成县", "泰顺县"]
    for county in counties:
        ent = resolver.resolve_agency(county)
        assert ent.in_registry and ent.org_kind == "government" and ent.level == "county", county
        assert ent.name.endswith(county + "人民政府")
        assert resolver.resolve_agency(county[:2]).id == ent.id  # 瓯海 as an actor
        assert resolver.resolve_agency(county + "人民政府").id == ent.id


# --- alias pairs, brackets, never-merge ------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("市发展改革委", "市发改委", "温州市发展和改革委员会", "温州市发改委"),
        ("市府办", "市政府办公室", "温州市人民政府办公室", "市政府办"),
        ("市市场监管局", "温州市市场监督管理局", "市场监管局", "市市场监督管理局"),
        ("市人力社保局", "温州市人力资源和社会保障局", "市人社局", "市人力资源和社会保障局"),
        ("市经信局", "经信局", "温州市经信局", "温州市经济和信息化局"),
        ("市卫健委", "市卫生健康委", "温州市卫生健康委员会"),
        ("市大数据管理局", "市大数据发展管理局", "温州市大数据发展管理局"),
        ("人行温州市中心支行", "人行温州市分行", "中国人民银行温州市分行"),
        ("温州银保监分局", "国家金融监督管理总局温州监管分局"),
        ("温州海经区", "温州海经区管委会", "浙江温州海洋经济发展示范区管委会"),
        ("生态环境局", "市生态环境局", "温州市生态环境局"),
    ],
)
def test_resolve_short_and_full_forms_are_one_entity(resolver: Resolver, forms: tuple[str, ...]) -> None:
    ids = {resolver.resolve_agency(f).id for f in forms}
    assert len(ids) == 1, ids


@pytest.mark.parametrize(
    ("printed", "body"),
    [
        ("市自然资源和规划局（海洋局、林业局）", "市自然资源和规划局"),
        ("*市自然资源和规划局", "市自然资源和规划局"),
        ("市政务服务局（公共资源管委办）", "市政务服务局"),
        ("市委组织部〈市委人才办〉", "市委组织部"),
        ("市委组织部(市委人才办)", "市委人才办"),
        ("市府办（市政府研究室）", "市府办"),
        ("市治水办〔河长办〕", "市治水办"),
        ("市国动办（人防办）", "市国动办"),
        ("市农业农村局（渔业局、乡村振兴局）", "市农业农村局"),
        ("温州高新区〈经开区〉管委会", "温州高新区（经开区）管委会"),
        ("温州高新区<经开区>管委会", "温州经开区管委会"),
        ("温州高新区(经开区)管委会", "温州湾新区管委会"),
        ("温州开放大学（温州城市大学、温州老年大学、温州市工人业余大学）", "温州开放大学"),
        ("市 财 政 局", "市财政局"),
    ],
)
def test_resolve_bracket_and_print_variants(resolver: Resolver, printed: str, body: str) -> None:
    assert resolver.resolve_agency(printed).id == resolver.resolve_agency(body).id
    assert resolver.resolve_agency(printed).in_registry


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市公安局", "温州市公安局交通管理局"),
        ("市委", "市委组织部"),
        ("市经信局", "市信访局"),
        ("市政府", "市政府办公室"),
        ("市发改委", "市粮食和物资储备局"),
        ("市交通运输局", "市交运集团"),
        ("市交运集团", "市交发集团"),
        ("市场监管局", "省市场监管局"),
        ("市财政局", "省财政厅"),
        ("瓯海区", "温州市生态环境局瓯海分局"),
        ("各县（市、区）政府", "有关县（市、区）政府"),
        ("市公安局", "温州市公安局治安支队"),
    ],
)
def test_resolve_different_bodies_are_never_merged(resolver: Resolver, a: str, b: str) -> None:
    assert resolver.resolve_agency(a).id != resolver.resolve_agency(b).id


# --- collectives ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed",
    [
        "各县（市、区）政府",
        "各县〈市、区〉政府",
        "各县<市、区>政府",
        "各县(市、区)政府",
        "各县（市、区）人民政府",
    ],
)
def test_resolve_collective_is_one_span_and_one_entity(resolver: Resolver, printed: str) -> None:
    assert spans(f"由{printed}负责") == [(printed, "COLLECTIVE")]
    assert resolver.resolve_agency(printed).id == "collective/温州市/各县（市、区）政府"


@pytest.mark.parametrize(
    "printed", ["各功能区管委会", "在温各保险机构", "驻温各高校", "有关乡镇人民政府", "市级各有关单位"]
)
def test_resolve_unseen_collectives_by_rule(resolver: Resolver, printed: str) -> None:
    ent = resolver.resolve_agency(printed)
    assert ent.kind == "collective" and ent.org_kind == "collective"
    assert spans(f"请{printed}配合") == [(printed, "COLLECTIVE")]


def test_resolve_group_after_etc_is_the_collective(resolver: Resolver) -> None:
    ent = resolver.resolve_agency("浙江工贸职业技术学院等在温相关高校")
    assert ent.id == "collective/温州市/在温相关高校"


# --- rules for names not in the registry -----------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "name", "parent", "level"),
    [
        ("市数据局", "温州市数据局", "agency/温州市人民政府", "municipal"),
        ("市城市更新服务中心", "温州市城市更新服务中心", "agency/温州市人民政府", "municipal"),
        ("温州市公安局治安支队", "温州市公安局治安支队", "agency/温州市公安局", "municipal"),
        ("温州市龙湾区财政局", "温州市龙湾区财政局", "agency/温州市龙湾区人民政府", "county"),
        ("瑞安市体育事业发展中心", "瑞安市体育事业发展中心", "agency/瑞安市人民政府", "county"),
        ("省版权局", "浙江省版权局", "agency/浙江省人民政府", "provincial"),
    ],
)
def test_resolve_unseen_names_are_rule_made_and_flagged(
    resolver: Resolver, printed: str, name: str, parent: str, level: str
) -> None:
    ent = resolver.resolve_agency(printed)
    assert (ent.name, ent.in_registry, ent.parent, ent.level) == (name, False, parent, level)
    assert ent.id == f"agency/{name}"
    assert resolver.resolve_agency(name).id == ent.id  # full and short form meet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由市商务局牵头", ["市商务局"]),
        ("会同市财政局、市税务局研究", ["市财政局", "市税务局"]),
        ("推动市场监管局加强执法", ["市场监管局"]),
        ("由市发改委会同市财政局负责", ["市发改委", "市财政局"]),
        ("市发改委统筹推进中心城区建设", ["市发改委"]),
        ("市住建局和市数据局共同推进", ["市住建局", "市数据局"]),
        ("督促温州市公安局交通管理局二大队整改", ["温州市公安局交通管理局二大队"]),
        ("由宁波市鄞州区人民政府负责", ["宁波市鄞州区人民政府"]),
        ("支持温州菜篮子农副产品配送有限公司发展", ["温州菜篮子农副产品配送有限公司"]),
        ("陈某任温州设计集团有限公司总经理", ["温州设计集团有限公司"]),
        ("中共宁波市委宣传部、人行宁波市中心支行", ["中共宁波市委宣传部", "人行宁波市中心支行"]),
        ("省教育厅和省卫生健康委联合印发", ["省教育厅", "省卫生健康委"]),
        (
            "市委组织部〈市委人才办〉、市府办（市政府研究室）负责",
            ["市委组织部〈市委人才办〉", "市府办（市政府研究室）"],
        ),
        ("瓯海牵头鹿城", ["瓯海", "鹿城"]),
        ("城市管理和超市经营", []),
        ("全市上下要加强市场监督管理", []),
    ],
)
def test_resolve_mention_boundaries(text: str, expected: list[str]) -> None:
    assert [m for m, _ in spans(text)] == expected


def test_resolve_mentions_are_sorted_and_disjoint() -> None:
    text = (GOLD.parent / "gazettes" / "wenzhou-gazette-2022-10.txt").read_text(encoding="utf-8")
    found = find_agency_mentions(text)
    assert len(found) > 300
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))


# --- gold units ------------------------------------------------------------------------------


def _gold_units() -> list[str]:
    units: list[str] = []
    for path in sorted(GOLD.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        units += [u for rec in gold["responsibilities"] for u in rec["units"]]
        units += [rec["unit"] for rec in gold["leader_duties"]]
    return units


def test_resolve_gold_units_hit_the_registry(resolver: Resolver) -> None:
    units = _gold_units()
    assert len(units) > 800
    hits = [u for u in units if resolver.resolve_agency(u).in_registry]
    assert len(hits) / len(units) >= 0.97, sorted(set(units) - set(hits))


def test_resolve_gold_units_are_recognised_whole() -> None:
    units = _gold_units()
    whole = [u for u in units if [(s, e) for s, e, _ in find_agency_mentions(u)] == [(0, len(u))]]
    assert len(whole) / len(units) >= 0.97, sorted(set(units) - set(whole))


# --- resolver behaviour ----------------------------------------------------------------------


def test_resolve_normalize_name_folds_brackets_spaces_and_marker() -> None:
    assert normalize_name(" *温州高新区〈经开区〉管委会") == "温州高新区（经开区）管委会"
    assert normalize_name("市治水办〔河长办〕") == normalize_name("市治水办(河长办)")
    assert normalize_name("王  军") == "王军"


def test_resolve_cache_and_entities_listing(resolver: Resolver) -> None:
    fresh = _InWenzhou(Resolver.from_dir(registry_dir()))
    a = fresh.resolve_agency("市经信局")
    assert fresh.resolve_agency("市经信局") is a
    fresh.resolve_agency("市某某中心")
    fresh.resolve_agency("温州市某某中心")
    ids = [e.id for e in fresh.entities()]
    assert ids == sorted(ids) == ["agency/温州市某某中心", "agency/温州市经济和信息化局"]
    made = fresh.entities()[0]
    assert made.aliases == ("市某某中心",) and not made.in_registry


def test_resolve_person_and_post(resolver: Resolver) -> None:
    person = resolver.resolve_person("王  军")
    assert (person.id, person.kind, person.name) == ("person/王军", "person", "王军")
    org = resolver.resolve_agency("市经信局")
    post = resolver.post(org, "局长")
    assert post.id == "post/温州市经济和信息化局/局长" and post.parent == org.id and post.kind == "post"
    # A title of scope "any" needs its organisation; without one it is its document's post,
    # never one post of every bureau.
    plain = resolver._resolver
    a, b = (plain.jurisdiction("温州市", scope=f"{x}.txt") for x in "ab")
    assert plain.post(None, "局长", a).id == "post/未定/a.txt/局长"
    assert plain.post(None, "局长", b).id == "post/未定/b.txt/局长"


def test_resolve_city_titles_are_posts_of_the_city_bodies(resolver: Resolver) -> None:
    """副市长 printed alone (市委常委、副市长李无文) is the post the division-of-work notice of
    温州市人民政府 names, not a post of every city at once."""
    gov = resolver.resolve_agency("市政府")
    for title in ("市长", "副市长", "常务副市长"):
        assert resolver.post(None, title) == resolver.post(gov, title)
    assert resolver.post(None, "市委书记").parent == resolver.resolve_agency("市委").id
    assert resolver.post(None, "省长").parent == resolver.resolve_agency("省政府").id
    # Which county a 县长 heads is not in the title.
    assert resolver.post(None, "县长").parent is None


def test_resolve_overrides_of_another_city(tmp_path: Path) -> None:
    """A user's places file for 宁波市: its rows win, the templates make the rest, in 宁波."""
    for name in ("divisions.csv", "departments.csv", "abbreviations.csv", "collectives.csv", "titles.csv"):
        (tmp_path / name).write_bytes((registry_dir() / name).read_bytes())
    (tmp_path / "places").mkdir()
    (tmp_path / "places" / "宁波市.csv").write_text(
        "# place: 330200\n"
        "id,name,aliases,other_names,former_names,level,kind,parent\n"
        "宁波市人民政府,宁波市人民政府,市政府,,,municipal,government,\n"
        "宁波市财政局,宁波市财政局,市财政局|市财局,,,municipal,government_department,宁波市人民政府\n"
        "宁波市鄞州区人民政府,宁波市鄞州区人民政府,鄞州区|鄞州,,,county,government,宁波市人民政府\n",
        encoding="utf-8",
    )
    ningbo = Resolver.from_dir(tmp_path)
    here = ningbo.jurisdiction("宁波市")
    assert ningbo.resolve_agency("市财局", here).id == "agency/宁波市财政局"
    made = ningbo.resolve_agency("市商务局", here)
    assert (made.name, made.in_registry, made.parent) == ("宁波市商务局", False, "agency/宁波市人民政府")
    assert ningbo.resolve_agency("鄞州区", here).name == "宁波市鄞州区人民政府"
    found = ningbo.find_mentions("由鄞州区交通运输局牵头")
    assert found == [(1, 9, "ORG")]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("x,x,,,,city,government,", "unknown level"),
        ("x,x,,,,municipal,ministry,", "unknown kind"),
        ("x,x,,,,municipal,government,nowhere", "parent"),
        ("x,x,,,y:19x,municipal,government,", "year"),
    ],
)
def test_resolve_bad_registry_row_names_file_and_reason(tmp_path: Path, row: str, reason: str) -> None:
    path = tmp_path / "agencies.csv"
    path.write_text(
        "id,name,aliases,other_names,former_names,level,kind,parent\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as exc:
        load_agencies(path)
    assert str(path) in str(exc.value) and reason in str(exc.value)


def test_resolve_name_claimed_by_two_bodies_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "divisions.csv").write_bytes((registry_dir() / "divisions.csv").read_bytes())
    (tmp_path / "places").mkdir()
    (tmp_path / "places" / "x.csv").write_text(
        "# place: 330200\n"
        "id,name,aliases,other_names,former_names,level,kind,parent\n"
        "a,宁波市甲局,市局,,,municipal,government_department,\n"
        "b,宁波市乙局,市局,,,municipal,government_department,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="claimed by both"):
        Resolver.from_dir(tmp_path)
