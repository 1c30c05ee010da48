"""Agency registry, agency mention recognition and entity resolution.

The genre knowledge lives in data (``ontology/agencies.csv``, ``ontology/collectives.csv``,
described in ``ontology/REGISTRY.md``); this module turns it into

* :func:`normalize_name` — the matching key of a printed name (bracket widths folded,
  spaces and the ``*`` lead marker removed);
* :func:`find_agency_mentions` — agency and collective-actor spans in running text: registry
  names by one compiled alternation, plus rules for names the registry does not hold
  (``温州市…局``, ``市…中心``, ``省…厅``, ``…县人民政府``, ``…有限公司``, ``人行…支行``,
  ``中共…委…部``, sub-units such as ``市公安局瓯海区分局``, collectives such as ``各…政府``);
* :class:`Resolver` — every mention → exactly one :class:`Entity`, cached per normalised
  mention.

Nothing here is specific to Wenzhou: the municipality (``温州市``), the province and the
county-level divisions are read from the registry (the ``government`` rows), so a registry
for another city makes the same code work there.
"""

from __future__ import annotations

import bisect
import csv
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar, Literal

from govgraph.errors import InputError
from govgraph.resources import registry_dir
from govgraph.vocab import alternation, words

log = logging.getLogger(__name__)

MentionLabel = Literal["ORG", "COLLECTIVE"]

AGENCY_COLUMNS = ("id", "name", "aliases", "other_names", "former_names", "level", "kind", "parent")
COLLECTIVE_COLUMNS = ("id", "name", "aliases", "scope")
LEVELS = frozenset({"central", "provincial", "municipal", "county", "township"})
ORG_KINDS = frozenset(
    {
        "government",
        "government_department",
        "party_organ",
        "congress_cppcc",
        "judicial",
        "zone_committee",
        "soe",
        "public_institution",
        "mass_organisation",
        "military",
        "other",
    }
)
SCOPES = LEVELS | {"any"}
# Bodies that contain other bodies: a rule-made name may extend a registry name of this kind
# (温州市龙湾区 + 财政局, 中共温州市委 + 某某部) but not a plain department (市发改委 + 统筹推进中心).
CONTAINER_KINDS = frozenset({"government", "zone_committee"})
# 中共 before a registry name is part of the name (中共温州市委 + 组织部), not a verb phrase.
_PARTY_HEAD_RE = re.compile(r"中共")

# ---------------------------------------------------------------------------------------------
# Normalisation

OPEN_BRACKET = "（"
CLOSE_BRACKET = "）"
# Gazettes print the same name with （）, (), 〈〉, <>, 〔〕, []: one form for matching.
_OPENERS = "（(〈<〔[【［＜﹙"  # not 《: a title mark, never inside an agency name
_CLOSERS = "）)〉>〕]】］＞﹚"
_BRACKET_FOLD = str.maketrans(
    {**dict.fromkeys(_OPENERS, OPEN_BRACKET), **dict.fromkeys(_CLOSERS, CLOSE_BRACKET)}
)
_SPACE_RE = re.compile(r"[\s\u3000\u00a0]+")
_OPEN_CLASS = "[" + re.escape(_OPENERS) + "]"
_CLOSE_CLASS = "[" + re.escape(_CLOSERS) + "]"


def normalize_name(name: str) -> str:
    """Matching key of a printed agency name.

    Folds every bracket width (``〈经开区〉``, ``<经开区>``, ``(经开区)``, ``〔河长办〕`` →
    ``（…）``), removes white space (names broken across lines or letter-spaced) and a
    leading ``*`` lead-unit marker.  The printed form is kept by the caller.
    """
    key = _SPACE_RE.sub("", name).lstrip("*＊")
    return key.translate(_BRACKET_FOLD)


# ---------------------------------------------------------------------------------------------
# Registry rows


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved actor: an agency, a collective actor, a person or a post."""

    id: str
    kind: str  # agency | collective | person | post
    name: str
    aliases: tuple[str, ...]
    in_registry: bool
    level: str | None
    org_kind: str | None
    parent: str | None


@dataclass(frozen=True, slots=True)
class AgencyRecord:
    """One row of ``agencies.csv``."""

    id: str
    name: str
    aliases: tuple[str, ...]
    other_names: tuple[str, ...]
    former_names: tuple[tuple[str, int | None], ...]  # (name, year of the rename)
    level: str
    kind: str
    parent: str | None

    def names(self) -> tuple[str, ...]:
        """Every name the body is known by, canonical first."""
        return (self.name, *self.aliases, *self.other_names, *(n for n, _ in self.former_names))


@dataclass(frozen=True, slots=True)
class CollectiveRecord:
    """One row of ``collectives.csv``: a collective actor (各县（市、区）政府, 市级有关部门…)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    scope: str


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


def _former(cell: str | None, path: Path, lineno: int) -> tuple[tuple[str, int | None], ...]:
    out: list[tuple[str, int | None]] = []
    for item in _split(cell):
        name, _, year = item.partition(":")
        if year and not year.isdigit():
            raise InputError(str(path), f"line {lineno}: former name {item!r}: year must be digits")
        out.append((name.strip(), int(year) if year else None))
    return tuple(out)


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            if header != columns:
                raise InputError(str(path), f"header must be {','.join(columns)}, found {','.join(header)}")
            return [(i + 2, {k: (v or "").strip() for k, v in row.items()}) for i, row in enumerate(reader)]
    except OSError as exc:
        raise InputError(str(path), f"cannot read registry: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "registry is not UTF-8") from exc


def load_agencies(path: Path) -> list[AgencyRecord]:
    """Read and validate ``agencies.csv``; a bad row is an :class:`InputError` naming file and line."""
    rows: list[AgencyRecord] = []
    for lineno, row in _read_csv(path, AGENCY_COLUMNS):
        if not row["id"] or not row["name"]:
            raise InputError(str(path), f"line {lineno}: id and name are required")
        if row["level"] not in LEVELS:
            raise InputError(str(path), f"line {lineno}: unknown level {row['level']!r}")
        if row["kind"] not in ORG_KINDS:
            raise InputError(str(path), f"line {lineno}: unknown kind {row['kind']!r}")
        rows.append(
            AgencyRecord(
                id=row["id"],
                name=row["name"],
                aliases=_split(row["aliases"]),
                other_names=_split(row["other_names"]),
                former_names=_former(row["former_names"], path, lineno),
                level=row["level"],
                kind=row["kind"],
                parent=row["parent"] or None,
            )
        )
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise InputError(str(path), f"duplicate ids: {', '.join(dup)}")
    known = set(ids)
    for r in rows:
        if r.parent is not None and r.parent not in known:
            raise InputError(str(path), f"{r.id}: parent {r.parent!r} is not an id of the registry")
    return rows


def load_collectives(path: Path) -> list[CollectiveRecord]:
    """Read and validate ``collectives.csv``."""
    rows: list[CollectiveRecord] = []
    for lineno, row in _read_csv(path, COLLECTIVE_COLUMNS):
        if not row["id"] or not row["name"]:
            raise InputError(str(path), f"line {lineno}: id and name are required")
        if row["scope"] not in SCOPES:
            raise InputError(str(path), f"line {lineno}: unknown scope {row['scope']!r}")
        rows.append(CollectiveRecord(row["id"], row["name"], _split(row["aliases"]), row["scope"]))
    return rows


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


class Resolver:
    """Maps agency, collective, person and post mentions to :class:`Entity` objects.

    Resolution order for an agency mention: collective registry → exact registry name →
    the same name with the municipality/province prefix added or dropped (市X ↔ 温州市X,
    省X ↔ 浙江省X) → the name without a bracket of plaques (市府办（市政府研究室）→ 市府办)
    → collective rules (各…, 有关…, 在温…, …等…) → a new rule-made entity named with the
    municipality prefix (``市某某局`` → ``温州市某某局``, in_registry False).  Names are
    compared only as whole normalised strings, so bodies that share characters
    (市公安局 / 温州市公安局交通管理局, 市委 / 市委组织部) are never merged.
    """

    _default: ClassVar[Resolver | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(
        self,
        agencies: Iterable[AgencyRecord],
        collectives: Iterable[CollectiveRecord] = (),
        *,
        city: str | None = None,
        source: str = "<registry>",
        title_scopes: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.agencies: dict[str, AgencyRecord] = {}
        self.collectives: dict[str, CollectiveRecord] = {}
        self._index: dict[str, str] = {}  # normalised name → agency id
        self._collective_index: dict[str, str] = {}  # normalised name → collective id
        self._core: dict[str, str | None] = {}  # name without the city prefix → agency id (None: ambiguous)
        self._province_core: dict[str, str | None] = {}
        self._cache: dict[str, str] = {}  # normalised mention → entity id
        self._entities: dict[str, Entity] = {}  # every entity handed out, by id
        self._lock = threading.Lock()
        # title → (category, scope) of titles.csv: which titles name their own body (副市长).
        self.title_scopes: dict[str, tuple[str, str]] = dict(title_scopes or {})
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
            "registry %s: %d agencies, %d collectives", source, len(self.agencies), len(self.collectives)
        )

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_dir(cls, directory: Path, *, city: str | None = None) -> Resolver:
        """Load ``agencies.csv`` and (when present) ``collectives.csv`` from ``directory``."""
        agencies = load_agencies(directory / "agencies.csv")
        cpath = directory / "collectives.csv"
        collectives = load_collectives(cpath) if cpath.exists() else []
        tpath = directory / "titles.csv"
        scopes: dict[str, tuple[str, str]] = {}
        if tpath.exists():
            from govgraph.extract.officials import registry_titles

            scopes = {row.title: (row.category, row.scope) for row in registry_titles(tpath)}
        return cls(
            agencies, collectives, city=city, source=str(directory / "agencies.csv"), title_scopes=scopes
        )

    def __getstate__(self) -> dict[str, object]:
        # A lock cannot be pickled; a copy (a spaCy pipeline sent to a worker, a pickled nlp)
        # gets a fresh one with what this resolver has learned so far.
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> Resolver:
        """The registry in use (:func:`govgraph.resources.registry_dir`), loaded once per process."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls.from_dir(registry_dir())
            return cls._default

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
        return re.compile(_trie_pattern(labels)), labels

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
        # A bare 市/省 starts a name unless it ends a word (城市, 超市, 全市, 本省…).
        bare = (
            r"(?<![城都超门全本该我各县区省州])市(?![级长区里内外域直属场])"
            r"|(?<![全本该外我各])省(?![级长内外域直属])"
        )
        body = rf"(?:{self._stop}[{_CJK}]|“[^”\n]{{1,12}}”)"
        institution = alternation(words("institutions", "institution"))
        return re.compile(
            rf"(?:中共)?(?:{alt}|{bare})(?:委)?(?:{body}{{1,16}}{_ORG_SUFFIX}|{body}{{0,12}}?(?:{institution}))"
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
        folded = text.translate(_BRACKET_FOLD)  # one bracket form; same length, offsets stay valid
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

    def _plausible(self, start: int, end: int, text: str, registry: list[_Span]) -> bool:
        """A rule-made name may contain a registry name only as its parent body.

        "市发改委统筹推进中心" is the department 市发改委 followed by a verb phrase, and
        "陈某任温州设计集团有限公司" puts words before a registry name; "温州市龙湾区财政局"
        (a county + a department) and "市公安局瓯海区分局" (a department + a sub-unit) are
        real names.
        """
        inner = [s for s in _within(registry, start, end) if s.label == "ORG"]
        if any(
            s.end == end and s.start > start and not _PARTY_HEAD_RE.match(text, start, s.start) for s in inner
        ):
            return False
        inner = [s for s in inner if s.end < end]
        if not inner:
            return True
        last = max(inner, key=lambda s: (s.end, -s.start))
        if last.container:
            return True
        return self._subunit_re.fullmatch(text, last.end, end) is not None

    # -- resolution ---------------------------------------------------------------------------

    def resolve_agency(self, mention: str) -> Entity:
        """The one entity a printed agency (or collective) mention stands for."""
        key = normalize_name(mention)
        if not key:
            raise ValueError("empty agency mention")
        with self._lock:
            eid = self._cache.get(key)
            if eid is None:
                ent = self._resolve_key(key, mention.strip())
                self._cache[key] = ent.id
                return ent
            return self._entities[eid]

    def lookup(self, mention: str) -> AgencyRecord | None:
        """The registry row a mention names, or None (no rule-made fallback)."""
        aid = self._lookup_key(normalize_name(mention))
        return self.agencies[aid] if aid else None

    def _lookup_key(self, key: str) -> str | None:
        aid = self._index.get(key)
        if aid is not None:
            return aid
        p = self.places
        if key in p.governments:  # the place itself as an actor: 温州市 → 温州市人民政府
            return p.governments[key]
        for pre in (p.city, "市", p.city_short):
            if pre and key.startswith(pre) and len(key) > len(pre):
                aid = self._core.get(key[len(pre) :])
                if aid:
                    return aid
                break
        for pre in (p.province, "省", p.province_short):
            if pre and key.startswith(pre) and len(key) > len(pre):
                aid = self._province_core.get(key[len(pre) :])
                if aid:
                    return aid
                break
        if len(key) >= 3 and _ORG_TAIL_RE.search(key):
            return self._core.get(key)  # 生态环境局 printed without its 市
        return None

    def _resolve_key(self, key: str, printed: str) -> Entity:
        cid = self._collective_index.get(key)
        if cid is not None:
            return self._collective_entity(self.collectives[cid])
        aid = self._lookup_key(key)
        if aid is not None:
            return self._agency_entity(aid)
        base = key
        m = _BRACKETED_KEY_RE.match(key)
        if m:
            # 市自然资源和规划局（海洋局、林业局）, 温州高新区（经开区）管委会: the bracket names
            # more plaques of one body; the name outside the bracket is the body.
            base = m["head"] + m["tail"]
            for candidate in (base, m["head"]):
                aid = self._lookup_key(candidate)
                if aid is not None:
                    return self._agency_entity(aid)
        if _COLLECTIVE_MENTION_RE.match(key):
            return self._rule_collective(key, printed)
        if key.endswith("等") and len(key) > 2:
            return self._resolve_key(key[:-1], printed)  # "市经信局等": the named body
        return self._rule_agency(base, printed)

    def _agency_entity(self, aid: str) -> Entity:
        eid = f"agency/{aid}"
        ent = self._entities.get(eid)
        if ent is None:
            rec = self.agencies[aid]
            aliases = tuple(sorted({n for n in rec.names() if n != rec.name}))
            ent = Entity(
                id=eid,
                kind="agency",
                name=rec.name,
                aliases=aliases,
                in_registry=True,
                level=rec.level,
                org_kind=rec.kind,
                parent=f"agency/{rec.parent}" if rec.parent else None,
            )
            self._entities[eid] = ent
        return ent

    def _collective_entity(self, rec: CollectiveRecord) -> Entity:
        eid = f"collective/{rec.id}"
        ent = self._entities.get(eid)
        if ent is None:
            ent = Entity(
                id=eid,
                kind="collective",
                name=rec.name,
                aliases=tuple(sorted(set(rec.aliases))),
                in_registry=True,
                level=None if rec.scope == "any" else rec.scope,
                org_kind="collective",
                parent=None,
            )
            self._entities[eid] = ent
        return ent

    def _rule_collective(self, key: str, printed: str) -> Entity:
        # "浙江工贸职业技术学院等在温相关高校": the group after 等 is the actor when registered.
        _, sep, after = key.rpartition("等")
        if sep and after in self._collective_index:
            return self._collective_entity(self.collectives[self._collective_index[after]])
        return self._remember(
            Entity(f"collective/{key}", "collective", key, (), False, None, "collective", None), printed
        )

    def _rule_agency(self, key: str, printed: str) -> Entity:
        name = self._canonical(key)
        parent = self._guess_parent(name)
        ent = Entity(
            id=f"agency/{name}",
            kind="agency",
            name=name,
            aliases=(),
            in_registry=False,
            level=self._guess_level(name, parent),
            org_kind=_guess_kind(name),
            parent=parent,
        )
        return self._remember(ent, printed)

    def _remember(self, ent: Entity, printed: str) -> Entity:
        """Store a rule-made entity; a printed form that differs from its name becomes an alias."""
        old = self._entities.get(ent.id, ent)
        aliases = set(old.aliases)
        if printed and printed != old.name:
            aliases.add(printed)
        ent = replace(old, aliases=tuple(sorted(aliases)))
        self._entities[ent.id] = ent
        log.debug("rule-made entity %s (printed %r)", ent.id, printed)
        return ent

    def _canonical(self, key: str) -> str:
        """Full name of an unregistered body: 市某某局 → 温州市某某局, 省某某厅 → 浙江省某某厅."""
        p = self.places
        if key.startswith("市") and not key.startswith("市场"):
            return p.city + key[1:]
        if key.startswith("省") and p.province:
            return p.province + key[1:]
        return key

    def _guess_parent(self, name: str) -> str | None:
        """The longest registered name the rule-made name starts with: 温州市公安局 for
        温州市公安局治安支队, 温州市龙湾区人民政府 for 温州市龙湾区财政局."""
        for cut in range(len(name) - 1, 1, -1):
            aid = self._lookup_key(name[:cut])
            if aid is not None:
                return f"agency/{aid}"
        return None

    def _guess_level(self, name: str, parent: str | None) -> str | None:
        p = self.places
        if _LEVEL_CENTRAL_RE.match(name):
            return "central"
        if _TOWNSHIP_RE.search(name):
            return "township"
        rest = name.removeprefix(p.city)
        if any(rest.startswith(c) for c in p.counties) or re.match(rf"^[{_CJK}]{{1,4}}[县区]", rest):
            return "county"
        if name.startswith(p.city) or name.startswith(p.city_short):
            return "municipal"
        if p.province and name.startswith((p.province, p.province_short)):
            return "provincial"
        if parent is not None:
            # From the registry row, not from the entities handed out so far: the level must not
            # depend on whether the parent happened to be mentioned first.
            rec = self.agencies.get(parent.removeprefix("agency/"))
            return rec.level if rec is not None else None
        return None

    # -- persons and posts --------------------------------------------------------------------

    def resolve_person(self, name: str) -> Entity:
        """A person by printed name (spaces of letter-spaced two-character names removed)."""
        key = _SPACE_RE.sub("", name)
        if not key:
            raise ValueError("empty person name")
        eid = f"person/{key}"
        with self._lock:
            ent = self._entities.get(eid)
            if ent is None:
                ent = Entity(eid, "person", key, (), False, None, None, None)
                self._entities[eid] = ent
            return ent

    def post(self, organization: Entity | None, title: str) -> Entity:
        """The post ``title`` in ``organization`` (org:Post), e.g. post/温州市经济和信息化局/局长."""
        title = _SPACE_RE.sub("", title)
        if not title:
            raise ValueError("empty post title")
        if organization is None:
            organization = self.title_body(title)
        if organization is None:
            eid, name, parent = f"post/{title}", title, None
        else:
            eid, parent = f"post/{organization.name}/{title}", organization.id
            name = organization.name + title
        with self._lock:
            ent = self._entities.get(eid)
            if ent is None:
                level = organization.level if organization else None
                ent = Entity(eid, "post", name, (), False, level, None, parent)
                self._entities[eid] = ent
            return ent

    def title_body(self, title: str) -> Entity | None:
        """The body a title names by itself, from its scope in ``titles.csv``: 副市长 and 市长 are
        posts of the city's government, 市委书记 of the city's party committee, 省长 of the
        province's government.  A county or township title does not say which county, and a
        title of scope ``any`` (局长) needs its organisation: None."""
        category, scope = self.title_scopes.get(_SPACE_RE.sub("", title), ("", ""))
        place = {"municipal": self.places.city, "provincial": self.places.province}.get(scope)
        if not place:
            return None
        if category == "government_leader":
            return self.resolve_agency(f"{place}人民政府")
        if category == "party_leader":
            return self.resolve_agency(f"中共{place}委员会")
        return None

    def entities(self) -> list[Entity]:
        """Every entity handed out so far, sorted by id."""
        with self._lock:
            return [self._entities[k] for k in sorted(self._entities)]

    def registry_entities(self) -> list[Entity]:
        """Every registry agency and collective as an entity, sorted by id."""
        with self._lock:
            for aid in self.agencies:
                self._agency_entity(aid)
            for crec in self.collectives.values():
                self._collective_entity(crec)
            return [e for k, e in sorted(self._entities.items()) if e.in_registry]


_ORG_TAIL_RE = re.compile(r"(?:局|厅|委员会|委|办公室|办|中心|支队|大队|集团|公司|管委会|院|会|联|社)$")


def _guess_kind(name: str) -> str:
    for rx, kind in _KIND_RULES:
        if rx.search(name):
            return kind
    return "other"


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` factored as a character trie.

    Python's ``re`` tries a flat alternation name by name at every position (7 M chars/s for
    700 names); the factored form ``市(?:委(?:组织部|宣传部)?|…)`` rejects a position after one
    character.  A greedy optional tail keeps longest-match semantics (市委组织部 before 市委).
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return build(trie)


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


def find_agency_mentions(text: str) -> list[tuple[int, int, MentionLabel]]:
    """Agency (ORG) and collective-actor (COLLECTIVE) spans in ``text``, by the default registry.

    Registry names and aliases are matched longest first in any bracket width; names the
    registry does not hold are found by rules (see the module docstring) and resolve to
    entities flagged ``in_registry=False``.
    """
    return Resolver.default().find_mentions(text)


__all__ = [
    "AgencyRecord",
    "CollectiveRecord",
    "Entity",
    "Resolver",
    "find_agency_mentions",
    "load_agencies",
    "load_collectives",
    "normalize_name",
]
