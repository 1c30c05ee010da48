"""Agency and collective mentions in running text (the in-text recognizer).

:func:`find_agency_mentions` finds agency and collective-actor spans: the names of the
registry's places files by one compiled alternation, plus rules for names the registry does not
hold (``…市…局``, ``市…中心``, ``省…厅``, ``…县人民政府``, ``…有限公司``, ``人行…支行``,
``中共…委…部``, sub-units such as ``市公安局瓯海区分局``, collectives such as ``各…政府``).
The spaCy ``govgraph_agencies`` component calls the same recognizer.  Which body a span is,
is :class:`govgraph.resolve.Resolver`'s job.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from govgraph.errors import InputError
from govgraph.resolve.registry import (
    AgencyRecord,
    CollectiveRecord,
    Registry,
    normalize_name,
)
from govgraph.text import fold_name_brackets
from govgraph.vocab import alternation, trie_pattern, words

log = logging.getLogger(__name__)

MentionLabel = Literal["ORG", "COLLECTIVE"]

_OPENERS = "（(〈<〔[【［＜﹙"
_CLOSERS = "）)〉>〕]】］＞﹚"
_OPEN_CLASS = "[" + re.escape(_OPENERS) + "]"
_CLOSE_CLASS = "[" + re.escape(_CLOSERS) + "]"
_SPACE_RE = re.compile(r"[\s\u3000\u00a0]+")
# Bodies that contain other bodies: a rule-made name may extend a registry name of this kind
# (温州市龙湾区 + 财政局, 中共温州市委 + 某某部) but not a plain department (市发改委 + 统筹推进中心).
CONTAINER_KINDS = frozenset({"government", "zone_committee"})
# 中共 before a registry name is part of the name (中共温州市委 + 组织部), not a verb phrase.
_PARTY_HEAD_RE = re.compile(r"中共")

# ---------------------------------------------------------------------------------------------
# Recognition rules (text → spans).  Built per registry because the place anchors are data.

_CJK = "\u4e00-\u9fff"
# Words that end a name: a verb or conjunction between two names ("由市发改委会同市财政局",
# "市住建局和市财政局", "市经信局等牵头部门", "市长张振丰参加…").  Names never contain them.
# A conjunction is a stop before what starts another name: a level word, a collective's head,
# or the first character of a place of the registry (温州…, 浙江…), added per registry.
_NAME_STARTS = "市省县区各有相"


def _stop_words(place_initials: str = "") -> str:
    starts = re.escape("".join(sorted(set(_NAME_STARTS + place_initials))))
    return (
        "会同|牵头|负责|配合|协调|协助|指导|督促|推动|推进|支持|联合|组织(?!部)|开展|加强|落实|做好|"
        "关于|印发|转发|参加|出席|主持|召开|举行|陪同|会见|调研|听取|研究|部署|要求|按照|根据|依据|"
        "常委|书记|常务|市长|省长|县长|区长|局长|主任|会议|工作会|"
        f"[和与及或](?=[{starts}])|[的了在对将把被向从以并于是要让使等为各]|应(?!急)"
    )


# Where a name can begin after a level word that also ends ordinary words (区, 县, 州): the
# start, a non-Chinese character (a mark, a bracket, a space), or a word that takes a body.
_NAME_START = (
    r"(?:(?<![\u4e00-\u9fff])|(?<=[由和与及或请经向对、])"
    r"|(?<=会同|牵头|配合|负责|督促|指导|组织|协调|联合|支持|委托|责成))"
)
_LEVEL_HEADS = frozenset({"省", "市", "区", "县", "州", "盟", "旗", "自治区", "地区"})
# Suffixes of a body's own name, longest first, each with what may not follow it
# (局长/局面, 委员/委托, 办法/办理/办事, 中心城区, 部署/部门, 厅长…).
_ORG_SUFFIX = (
    r"(?:管理委员会|委员会|管委会|领导小组办公室|办公室|办事处|联络处|"
    r"分局|局(?![长面势])|厅(?![长级])|委(?![员托屈会])|办(?![法理事公好学成])|"
    r"(?:服务|指导|管理|发展|研究|事务|监测|检测|促进|指挥|交易|运行|活动|传媒|建设|治理|控制|保障|"
    r"信息|数据|培训|救助|应急|评估|认证|调查|分)中心(?![城区镇组任])|"
    r"总队|支队(?!长)|大队(?!长)|中队(?!长)|"
    r"集团有限公司|股份有限公司|有限责任公司|有限公司|分公司|集团(?!化)|公司|中心支行|分行|支行|"
    r"(?<=[委宣战织传线])部(?![署门长分])|研究院|研究所|科学院|联合会|总会|商会|协会|"
    r"法院|检察院|海关|调查队|大学|学院|党校|科协|总工会|红十字会|(?<=[侨残妇商文])联(?![系合动络盟])"
    r")"
)
# Zones of the city and of its counties, and their management committees: 温州海经区,
# 温州高新区（经开区）管委会, 瑞安经开区.
_ZONE_SUFFIX = (
    r"(?:经济技术开发区|高新技术产业开发区|开发区|示范区|保税区|试验区|高新区|经开区|海经区|新区|园区)"
)


# A sub-unit printed straight after its parent: 市公安局 + 瓯海区分局 / 治安支队 / 交通管理局二大队.
def _subunit_re(stop: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:{stop}[{_CJK}]){{0,8}}?(?:分局|支队|大队|中队|总队|分中心|分行|支行|分公司|分院|派出所|联络处|"
        r"交通管理局|办事处|管理处|管理所|管理站|服务中心)(?!长)"
    )


# Names with no anchor word (companies, other places' county governments) are found from
# their suffix backwards: the name starts after the last punctuation mark or list separator,
# after any registry name printed before it, and after a leading verb or preposition that
# takes an agency as object ("由…", "会同…", "督促…").
_PUNCT_BOUNDARY_RE = re.compile(r"[^\u4e00-\u9fff“”（）()]")
_LEADING_FUNCTION_WORDS = tuple(
    sorted(
        (
            "由",
            "会同",
            "及",
            "和",
            "与",
            "或",
            "向",
            "对",
            "经",
            "请",
            "将",
            "在",
            "为",
            "已经",
            "现将",
            "督促",
            "指导",
            "支持",
            "推动",
            "配合",
            "协调",
            "联合",
            "牵头",
            "委托",
            "授权",
            "责成",
            "同意",
            "关于",
            "印发",
            "批复",
            "鼓励",
            "引导",
            "组织",
            "是",
            "任",
            "免去",
            "其",
            "成立",
            "建立",
            "负责",
            "领导",
            "要求",
            "处理",
            "联系",
            "分管",
            "协助",
        ),
        key=len,
        reverse=True,
    )
)
_COMPANY_SUFFIX_RE = re.compile(r"股份有限公司|有限责任公司|有限公司")
_COMPANY_NAME_RE = re.compile(rf"(?!股份|有限)[{_CJK}（()）“”]{{2,26}}")
# "…县人民政府" / "…区政府" of a place the registry does not hold (another city's gazette).
_GOV_SUFFIX_RE = re.compile(r"人民政府|政府")
_COUNTY_NAME_RE = re.compile(
    r"(?!各|有关|相关|全)"
    rf"(?:[{_CJK}]{{2,4}}(?:市|州|盟))?[{_CJK}]{{1,4}}(?:自治县|县|区|旗)|[{_CJK}]{{2,3}}市(?=人民政府)"
)
# People's Bank branches keep their own prefix: 人行温州市中心支行, 中国人民银行温州市分行.
_PBOC_RE = re.compile(rf"(?:中国人民银行|人民银行|人行)[{_CJK}]{{2,8}}?(?:中心支行|营业管理部|分行|支行)")


# Party organs of any place: 中共温州市委组织部, 中共宁波市鄞州区委宣传部, 中共温州市委员会.
def _party_re(stop: str) -> re.Pattern[str]:
    return re.compile(
        rf"中共[{_CJK}]{{2,10}}?(?:省|市|县|区)(?:委员会|委(?:{stop}[{_CJK}]){{0,12}}?"
        r"(?:部(?![署门长分])|办公室|委员会|委(?![员托会])|办(?![法理事公好])|局(?!长)|室))?"
    )


# Collective actors not in the registry: 各…政府, 有关…部门, 在温各…机构, 驻温…部队, 市级…单位.
_COLLECTIVE_STOP = r"(?!的|规定|要求|工作|[和与及等为是由对在]|按照|加强|负责|做好|落实|根据)"
_COLLECTIVE_HEAD = (
    rf"(?:各级|各|有关|相关|在[{_CJK}](?:各|省属|市属|相关|有关)|驻[{_CJK}]各?|市级各?|市直各?|市属)"
)
_COLLECTIVE_NOUN = (
    r"(?:人民政府|政府|部门|单位|机构|部队|高校|院校|学校|企业|管委会|党派|乡镇|街道|团体|医院|银行)"
)
_COLLECTIVE_TEXT_RE = re.compile(
    rf"{_COLLECTIVE_HEAD}(?:（[^（）\n]{{1,8}}）|{_COLLECTIVE_STOP}[{_CJK}]){{0,5}}?"
    rf"{_COLLECTIVE_NOUN}(?:{_COLLECTIVE_NOUN}|（[^（）\n]{{1,8}}）)?"
)
# A mention that names a group rather than one body (used when resolving a whole mention).
_COLLECTIVE_MENTION_RE = re.compile(
    rf"^(?:{_COLLECTIVE_HEAD}.*{_COLLECTIVE_NOUN}|.+等(?:{_COLLECTIVE_HEAD})?.*{_COLLECTIVE_NOUN}|各地.*|全市.*{_COLLECTIVE_NOUN})$"
)
# A bracket group after a name that lists more plaques of the same body:
# 市农业农村局（渔业局、乡村振兴局）, 市府办（市政府研究室）, 市治水办〔河长办〕,
# 温州开放大学（温州城市大学、…）.
_PLAQUE_ITEM = (
    rf"[{_CJK}“”]{{1,24}}?"
    r"(?:委员会|管委会|管委办|办公室|局|委|办|室|中心|站|处|大学|学院|院|馆|会|部|队|所|社)"
)
_PLAQUE_TAIL_RE = re.compile(rf"{_OPEN_CLASS}{_PLAQUE_ITEM}(?:、{_PLAQUE_ITEM})*{_CLOSE_CLASS}")
# One bracket inside a normalised key: head（inner）tail.
_BRACKETED_KEY_RE = re.compile(r"^(?P<head>[^（）]+)（(?P<inner>[^（）]+)）(?P<tail>[^（）]*)$")

_LEVEL_CENTRAL_RE = re.compile(r"^(?:国家|国务院|中央|中国|全国|民航|海关总署)")
_TOWNSHIP_RE = re.compile(r"(?:街道|乡|镇)(?:人民政府|办事处|党工委|党委)?")
_KIND_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"管委会$|管理委员会$"), "zone_committee"),
    (re.compile(r"(?:有限公司|有限责任公司|集团|公司|银行|分行|支行)$"), "soe"),
    (re.compile(r"(?:法院|检察院|法庭)$"), "judicial"),
    (re.compile(r"^中共|(?:[市县区]委|党委|党工委|纪律检查委员会)(?:[^员]|$)"), "party_organ"),
    (re.compile(r"人大|政协"), "congress_cppcc"),
    (re.compile(r"(?:人民政府|政府)$"), "government"),
    (re.compile(r"(?:联合会|总会|协会|商会|学会|团委)$"), "mass_organisation"),
    (re.compile(r"(?:中心|院|所|站|馆|学校|大学|学院|医院|台)$"), "public_institution"),
    (re.compile(r"(?:局|厅|委员会|委|办公室|办|支队|大队|中队|总队|署|处)$"), "government_department"),
)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: MentionLabel
    priority: int  # lower wins among equal-length overlapping spans: collective rule -1, registry 0, rules 1
    container: bool = False  # a registry body that may head a longer rule-made name


# ---------------------------------------------------------------------------------------------
# Resolver


@dataclass(slots=True)
class _Places:
    """The place prefixes read from the registry's government rows."""

    city: str  # 温州市
    city_short: str  # 温州
    province: str  # 浙江省
    province_short: str  # 浙江
    counties: tuple[str, ...]  # 鹿城区, 瑞安市, …  (with and without the city prefix)
    governments: dict[str, str]  # place name → id of its government row


class Recognizer:
    """Agency and collective mentions in running text (one path for the build's extractors and
    the spaCy ``govgraph_agencies`` component): the names of the registry's places files by one
    compiled alternation, plus rules for names the registry does not hold.  Which body a mention
    is, is :class:`govgraph.resolve.Resolver`'s job."""

    def __init__(
        self,
        agencies: Iterable[AgencyRecord],
        collectives: Iterable[CollectiveRecord] = (),
        *,
        city: str | None = None,
        source: str = "<registry>",
        places: Iterable[str] = (),
    ) -> None:
        # Every division's full and qualified name (南京市, 黄石市下陆区, 吉首市): names of any
        # place start with them (南京市发展和改革委员会), whatever the places files hold.
        self._division_names = sorted({n for n in places if len(n) >= 3})
        self._division_set = frozenset(self._division_names)
        self.agencies: dict[str, AgencyRecord] = {}
        self.collectives: dict[str, CollectiveRecord] = {}
        self._index: dict[str, str] = {}  # normalised name → agency id
        self._collective_index: dict[str, str] = {}  # normalised name → collective id
        self._core: dict[str, str | None] = {}  # name without the city prefix → agency id (None: ambiguous)
        self._province_core: dict[str, str | None] = {}
        for rec in agencies:
            self.agencies[rec.id] = rec
            for n in rec.names():
                key = normalize_name(n)
                other = self._index.get(key)
                if other is not None and other != rec.id:
                    raise InputError(source, f"name {n!r} is claimed by both {other!r} and {rec.id!r}")
                self._index[key] = rec.id
        for crec in collectives:
            self.collectives[crec.id] = crec
            for n in (crec.name, *crec.aliases):
                self._collective_index[normalize_name(n)] = crec.id
        self.places = self._find_places(city, source)
        p = self.places
        initials = "".join(x[:1] for x in (p.city_short, p.province_short) if x)
        self._stop = f"(?!{_stop_words(initials)})"
        self._subunit_re = _subunit_re(self._stop)
        self._party_re = _party_re(self._stop)
        self._build_cores()
        self._scan_re, self._scan_labels = self._build_scan()
        self._anchored_re = self._build_anchored()
        self._zone_re, self._branch_re = self._build_zone_and_branch()
        log.debug(
            "recognizer %s: %d agencies, %d collectives", source, len(self.agencies), len(self.collectives)
        )

    def _find_places(self, city: str | None, source: str) -> _Places:
        govs = [r for r in self.agencies.values() if r.kind == "government"]
        munis = [r.name.removesuffix("人民政府") for r in govs if r.level == "municipal"]
        if city is None:
            if len(munis) != 1:
                raise InputError(
                    source,
                    f"cannot tell the default city: {len(munis)} municipal government rows (pass city=)",
                )
            city = munis[0]
        provs = [r.name.removesuffix("人民政府") for r in govs if r.level == "provincial"]
        province = provs[0] if len(provs) == 1 else ""
        counties: set[str] = set()
        governments: dict[str, str] = {}
        for r in govs:
            place = r.name.removesuffix("人民政府")
            governments[place] = r.id
            if r.level == "county":
                counties.add(place)
                counties.add(place.removeprefix(city))
                governments[place.removeprefix(city)] = r.id
        return _Places(
            city=city,
            city_short=city.removesuffix("市") if len(city) > 2 else city,
            province=province,
            province_short=province.removesuffix("省") if len(province) > 2 else province,
            counties=tuple(sorted(counties, key=lambda s: (-len(s), s))),
            governments=governments,
        )

    def _build_cores(self) -> None:
        """Index names by their core without the place prefix, for 市X ↔ 温州市X ↔ X."""
        p = self.places
        city_prefixes = sorted({p.city, p.city_short, "市"} - {""}, key=len, reverse=True)
        prov_prefixes = sorted({p.province, p.province_short, "省"} - {""}, key=len, reverse=True)
        for key, aid in self._index.items():
            for table, prefixes in ((self._core, city_prefixes), (self._province_core, prov_prefixes)):
                for pre in prefixes:
                    if key.startswith(pre) and len(key) > len(pre):
                        core = key[len(pre) :]
                        if table.get(core, aid) != aid:
                            table[core] = None  # two bodies share the core: never guess
                        else:
                            table[core] = aid
                        break

    def _build_scan(self) -> tuple[re.Pattern[str], dict[str, tuple[MentionLabel, bool]]]:
        """One alternation of every registry name, longest first (the fast path, ~50 M chars/s)."""
        p = self.places
        bare_places = {p.city, p.city_short, p.province, p.province_short}
        labels: dict[str, tuple[MentionLabel, bool]] = {}
        for key, aid in self._index.items():
            if key in bare_places or len(key) < 2:
                continue  # 温州市 alone is a place far more often than an actor
            labels[key] = ("ORG", self._is_container(key, self.agencies[aid]))
        for key in self._collective_index:
            if len(key) >= 2:
                labels[key] = ("COLLECTIVE", False)
        return re.compile(trie_pattern(labels)), labels

    @staticmethod
    def _is_container(key: str, rec: AgencyRecord) -> bool:
        """A registry name that heads other bodies' names: a place (温州市龙湾区, 瑞安, 瓯海区) or a
        zone (温州海经区), never a department (市发改委) or a government by name (市政府)."""
        if rec.kind == "government":
            return not key.endswith("政府")
        return rec.kind in CONTAINER_KINDS and not _ORG_TAIL_RE.search(key)

    def _build_anchored(self) -> re.Pattern[str]:
        """``<place>…<suffix>``: 温州市…局, 市…中心, 省…厅, 瑞安市…局, 中共温州市…委…部."""
        p = self.places
        anchors = [p.city, p.city_short, p.province, p.province_short, *p.counties]
        anchors = sorted({a for a in anchors if a}, key=lambda s: (-len(s), s))
        alt = "|".join(re.escape(a) for a in anchors)
        if self._division_names:
            alt += "|" + trie_pattern(self._division_names)
        # A bare 市/省 starts a name unless it ends a word (城市, 超市, 全市, 本省…).
        bare = (
            r"(?<![城都超门全本该我各县区省州])市(?![级长区里内外域直属场])"
            r"|(?<![全本该外我各])省(?![级长内外域直属])"
            # 区卫健局, 县财政局, 州发改委, 自治区发展改革委: these level words end many words
            # (社区, 园区, 郡县), so only where a name can begin: after a mark or a word that
            # takes a body (由县财政局牵头, 会同区住建局)
            rf"|{_NAME_START}(?:自治区|地区|区|县|州|盟|旗)(?![级长内外域直属块划别])"
        )
        body = rf"(?:{self._stop}[{_CJK}]|“[^”\n]{{1,12}}”)"
        institution = alternation(words("institutions", "institution"))
        return re.compile(
            rf"(?:中共)?(?:{alt}|{bare})(?:委)?(?:{body}{{1,16}}{_ORG_SUFFIX}|{body}{{0,12}}?(?:{institution})"
            r"|(?:人民)?政府(?!工作|采购|信息|网站))"
        )

    def _build_zone_and_branch(self) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        """Zones named after a place (温州海经区, 温州高新区（经开区）管委会) and central organs'
        branches in the city (国家金融监督管理总局温州监管分局, 国家统计局温州调查队)."""
        p = self.places
        places = sorted({a for a in (p.city, p.city_short, *p.counties) if a}, key=lambda s: (-len(s), s))
        alt = "|".join(re.escape(a) for a in places)
        char = rf"{self._stop}[{_CJK}]"
        zone = re.compile(
            rf"(?:{alt}){char}{{0,8}}?{_ZONE_SUFFIX}(?:（[^（）\n]{{1,12}}）)?(?:管委会|管理委员会)?"
        )
        city = "|".join(re.escape(a) for a in sorted({p.city, p.city_short} - {""}, key=len, reverse=True))
        if not city:
            return zone, None
        branch = re.compile(rf"(?:国家|中国)[{_CJK}]{{2,14}}?(?:{city}){char}{{0,10}}?{_ORG_SUFFIX}")
        return zone, branch

    # -- recognition --------------------------------------------------------------------------

    def find_mentions(self, text: str) -> list[tuple[int, int, MentionLabel]]:
        """Agency and collective mentions in ``text`` as (start, end, label), sorted, non-overlapping."""
        folded = fold_name_brackets(text)  # one bracket form; same length, offsets stay valid
        registry: list[_Span] = []
        for m in self._scan_re.finditer(folded):
            label, container = self._scan_labels[m.group()]
            end = self._extend(folded, m.end(), container) if label == "ORG" else m.end()
            registry.append(_Span(m.start(), end, label, 0, container))
        candidates = list(registry)
        rule_spans = [
            (m.start(), m.end())
            for rx in (self._anchored_re, _PBOC_RE, self._party_re, self._zone_re, self._branch_re)
            if rx is not None
            for m in rx.finditer(folded)
        ]
        rule_spans += self._left_bounded(folded, _COMPANY_SUFFIX_RE, _COMPANY_NAME_RE, registry)
        rule_spans += self._left_bounded(folded, _GOV_SUFFIX_RE, _COUNTY_NAME_RE, registry)
        for start, end in rule_spans:
            if self._plausible(start, end, folded, registry):
                candidates.append(_Span(start, self._extend(folded, end, False), "ORG", 1))
        for m in _COLLECTIVE_TEXT_RE.finditer(folded):
            # a group ("各区政府") beats an equally long single-body reading of the same words
            candidates.append(_Span(m.start(), m.end(), "COLLECTIVE", -1))
        return _select(candidates, len(text))

    @staticmethod
    def _left_bounded(
        text: str, suffix_re: re.Pattern[str], name_re: re.Pattern[str], registry: list[_Span]
    ) -> list[tuple[int, int]]:
        """Names found from their suffix backwards (see ``_LEADING_FUNCTION_WORDS``)."""
        out: list[tuple[int, int]] = []
        for m in suffix_re.finditer(text):
            lo = max(0, m.start() - 30)
            start = lo
            for b in _PUNCT_BOUNDARY_RE.finditer(text, lo, m.start()):
                start = b.end()
            if start == lo and lo > 0:
                continue  # no boundary within reach: not a name
            # "市财政局和温州某某有限公司": the company starts after 市财政局; but a group's
            # subsidiary (温州交运集团 + 交通旅游发展有限公司) is one name.
            for s in _within(registry, start, m.start()):
                if (
                    s.label == "ORG"
                    and not s.container
                    and not text.endswith(("集团", "公司"), s.start, s.end)
                ):
                    start = max(start, s.end)
            stripped = True
            while stripped:
                stripped = False
                for w in _LEADING_FUNCTION_WORDS:
                    if text.startswith(w, start) and start + len(w) < m.start():
                        start += len(w)
                        stripped = True
                        break
            if name_re.fullmatch(text, start, m.start()):
                out.append((start, m.end()))
        return out

    def _extend(self, text: str, end: int, container: bool) -> int:
        """Extend a name over a sub-unit (市公安局 + 治安支队) and a bracket of plaques."""
        if not container:
            m = self._subunit_re.match(text, end)
            if m:
                end = m.end()
        m = _PLAQUE_TAIL_RE.match(text, end)
        return m.end() if m else end

    def _is_place_prefix(self, text: str, start: int, end: int) -> bool:
        """南京 + 市发展和改革委员会: a relative registry name after the rest of a division's name
        (the name is 南京市发展和改革委员会, not words before a registry name)."""
        head = text[start:end].removeprefix("中共")
        if head in _LEVEL_HEADS:
            return True  # 县 + 财政局: a level word before a body's name is the body's place
        names = self._division_set
        return any(head + text[end : end + k] in names for k in (0, 1, 2))

    def _plausible(self, start: int, end: int, text: str, registry: list[_Span]) -> bool:
        """A rule-made name may contain a registry name only as its parent body.

        "市发改委统筹推进中心" is the department 市发改委 followed by a verb phrase, and
        "陈某任温州设计集团有限公司" puts words before a registry name; "温州市龙湾区财政局"
        (a county + a department) and "市公安局瓯海区分局" (a department + a sub-unit) are
        real names.
        """
        inner = [s for s in _within(registry, start, end) if s.label == "ORG"]
        if any(
            s.end == end
            and s.start > start
            and not _PARTY_HEAD_RE.match(text, start, s.start)
            and not self._is_place_prefix(text, start, s.start)
            for s in inner
        ):
            return False
        inner = [s for s in inner if s.end < end]
        if not inner:
            return True
        last = max(inner, key=lambda s: (s.end, -s.start))
        if last.container:
            return True
        return self._subunit_re.fullmatch(text, last.end, end) is not None


_ORG_TAIL_RE = re.compile(r"(?:局|厅|委员会|委|办公室|办|中心|支队|大队|集团|公司|管委会|院|会|联|社)$")


def _guess_kind(name: str) -> str:
    for rx, kind in _KIND_RULES:
        if rx.search(name):
            return kind
    return "other"


def _within(spans: list[_Span], start: int, end: int) -> list[_Span]:
    """The spans (sorted by start) lying inside [start, end)."""
    i = bisect.bisect_left(spans, start, key=lambda s: s.start)
    out = []
    while i < len(spans) and spans[i].start < end:
        if spans[i].end <= end:
            out.append(spans[i])
        i += 1
    return out


def _select(spans: list[_Span], length: int) -> list[tuple[int, int, MentionLabel]]:
    """Non-overlapping spans, longest first (then leftmost, then registry before rule)."""
    occupied = bytearray(length + 1)
    taken: list[tuple[int, int, MentionLabel]] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.priority)):
        if 1 in occupied[s.start : s.end]:
            continue
        occupied[s.start : s.end] = b"\x01" * (s.end - s.start)
        taken.append((s.start, s.end, s.label))
    return sorted(taken)


_RECOGNIZERS: dict[int, Recognizer] = {}
_RECOGNIZERS_LOCK = threading.Lock()


def recognizer_for(registry: Registry) -> Recognizer:
    """The recognizer of a registry (built once: its regexes take ~0.1 s)."""
    with _RECOGNIZERS_LOCK:
        found = _RECOGNIZERS.get(id(registry))
        if found is None:
            rows = [row for _, row in registry.agencies()]
            municipal = [
                row.name.removesuffix("人民政府")
                for row in rows
                if row.kind == "government" and row.level == "municipal"
            ]
            gaz = registry.gazetteer
            found = Recognizer(
                rows,
                registry.collectives,
                city=municipal[0] if municipal else "",
                source=str(registry.directory / "places"),
                places=[*gaz.by_qualified, *gaz.by_name],
            )
            _RECOGNIZERS[id(registry)] = found
        return found


def find_agency_mentions(text: str) -> list[tuple[int, int, MentionLabel]]:
    """Agency (ORG) and collective-actor (COLLECTIVE) spans in ``text``, by the registry in use.

    Registry names and aliases are matched longest first in any bracket width; names the
    registry does not hold are found by rules (see the module docstring).
    """
    from govgraph.resolve.registry import registry

    return recognizer_for(registry()).find_mentions(text)


__all__ = ["MentionLabel", "Recognizer", "find_agency_mentions", "recognizer_for"]
