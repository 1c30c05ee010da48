"""The divisions of China (GB/T 2260) as a gazetteer: names, short names, levels, parents.

Ground floor (like :mod:`govgraph.docnum`): the extractors find place names in a gazette's text
with it, and :mod:`govgraph.resolve` puts documents and bodies in their place with it.  The data
is ``data/registry/divisions.csv`` (source, version and date in its header; made by
:mod:`govgraph.resolve.importer`), read once, when first needed.

A division's *qualified name* is the form official names of its bodies start with: a province,
a prefecture or a county-level division by its own name (浙江省, 温州市, 瑞安市, 永嘉县), a
city's district after its city (温州市鹿城区, 重庆市铜梁区): district names repeat across the
country (鼓楼区 in four cities), county and city names do not.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from govgraph.docnum import DOC_NUMBER_RE, parse_doc_number
from govgraph.errors import InputError
from govgraph.records import PlaceCue
from govgraph.resources import registry_dir

if TYPE_CHECKING:
    from govgraph.vocab import TrieFinder, TriePattern

DIVISION_COLUMNS = ("code", "name", "short_name", "level", "kind", "parent", "current")
DIVISION_LEVELS = ("province", "prefecture", "county", "zone")
DIVISION_KINDS = frozenset(
    {
        "province",
        "autonomous_region",
        "municipality",
        "sar",
        "city",
        "prefecture",
        "autonomous_prefecture",
        "league",
        "district",
        "county",
        "county_city",
        "autonomous_county",
        "banner",
        "autonomous_banner",
        "forestry_district",
        "special_district",
        "zone",
        "other",
    }
)
# Which level word (省, 市, 区, 县 …) names a division of each kind in 市X, 区X, 县X.
LEVEL_WORDS: dict[str, frozenset[str]] = {
    "省": frozenset({"province"}),
    "市": frozenset({"municipality", "city", "county_city"}),
    "区": frozenset({"district", "autonomous_region", "forestry_district", "special_district"}),
    "县": frozenset({"county", "autonomous_county"}),
    "州": frozenset({"autonomous_prefecture"}),
    "旗": frozenset({"banner", "autonomous_banner"}),
    "盟": frozenset({"league"}),
    "地区": frozenset({"prefecture"}),
    "自治区": frozenset({"autonomous_region"}),
    "自治州": frozenset({"autonomous_prefecture"}),
    "自治县": frozenset({"autonomous_county"}),
}


@dataclass(frozen=True, slots=True)
class Division:
    """One row of ``divisions.csv``."""

    code: str
    name: str
    short_name: str
    level: str  # province | prefecture | county | zone
    kind: str
    parent: str | None
    current: bool

    @property
    def tier(self) -> str:
        """The tier whose standard department names the division's bodies use: ``province``
        (省, 自治区), ``municipality`` (直辖市), ``prefecture`` or ``county``."""
        if self.kind == "municipality":
            return "municipality"
        return "county" if self.level == "zone" else self.level


# The conventional short forms of autonomous divisions (镇宁自治县 for 镇宁布依族苗族自治县,
# 湘西州 for 湘西土家族苗族自治州): the short name and the kind's word.
_AUTONOMOUS_FORMS = {
    "autonomous_county": ("自治县",),
    "autonomous_banner": ("自治旗",),
    "autonomous_prefecture": ("自治州", "州"),
    "autonomous_region": ("自治区",),
}


def _conventional_names(d: Division) -> tuple[str, ...]:
    if d.short_name == d.name:
        return ()
    return tuple(d.short_name + w for w in _AUTONOMOUS_FORMS.get(d.kind, ()))


@dataclass(frozen=True, slots=True)
class Place:
    """A place a document belongs to: a division, or a township inside one (石鱼镇)."""

    division: Division
    township: str | None = None

    @property
    def code(self) -> str:
        return self.division.code + (f"/{self.township}" if self.township else "")


class Gazetteer:
    """Every division, indexed by code, name and short name."""

    def __init__(self, divisions: list[Division], source: str = "divisions") -> None:
        self.phrases: tuple[str, ...] = ()  # phrases whose place name is no place (长治久安)
        self.by_code = {d.code: d for d in divisions}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for d in divisions:
            self.by_name.setdefault(d.name, []).append(d)
            if d.short_name != d.name:
                self.by_short.setdefault(d.short_name, []).append(d)
        for d in divisions:
            for alias in _conventional_names(d):
                if alias not in self.by_name and alias not in self.by_short:
                    self.by_name.setdefault(alias, []).append(d)
        for d in divisions:
            if d.parent is not None and d.parent not in self.by_code:
                raise InputError(source, f"{d.code}: parent {d.parent} is not a code of the file")
        self._qualified = {d.code: self._qualify(d) for d in divisions}
        self.by_qualified: dict[str, Division] = {}
        for d in divisions:
            q = self._qualified[d.code]
            if q in self.by_qualified and self.by_qualified[q].current and d.current:
                raise InputError(source, f"{d.code}: qualified name {q} is also {self.by_qualified[q].code}")
            self.by_qualified.setdefault(q, d)

    def _qualify(self, d: Division) -> str:
        parent = self.by_code.get(d.parent) if d.parent else None
        if d.kind == "district" and parent is not None and not d.name.startswith(parent.short_name):
            return parent.name + d.name
        return d.name

    # -- lookups -------------------------------------------------------------------------------
    def qualified(self, d: Division) -> str:
        return self._qualified[d.code]

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent) if d.parent else None

    def ancestors(self, d: Division) -> Iterator[Division]:
        """``d`` and its parents, nearest first."""
        node: Division | None = d
        while node is not None:
            yield node
            node = self.parent(node)

    def province_of(self, d: Division) -> Division:
        return list(self.ancestors(d))[-1]

    def is_within(self, d: Division, area: Division) -> bool:
        return any(a.code == area.code for a in self.ancestors(d))

    def nearest(self, d: Division, level_word: str) -> Division | None:
        """The division a level word (市, 区, 省 …) names in a document of ``d``."""
        kinds = LEVEL_WORDS[level_word]
        for a in self.ancestors(d):
            if a.kind in kinds:
                return a
        return None

    def named(self, text: str, *, short: bool = True) -> list[Division]:
        """Divisions printed as ``text`` (qualified, full or — for provinces and prefectures —
        short name), current ones first."""
        found = [self.by_qualified[text]] if text in self.by_qualified else []
        found += [d for d in self.by_name.get(text, ()) if d not in found]
        if short and not found:
            found = [d for d in self.by_short.get(text, ()) if d.level in ("province", "prefecture")]
        return sorted(found, key=lambda d: (not d.current, d.code))

    @property
    def names_pattern(self) -> TriePattern:
        return _names_pattern(self)

    @property
    def names_finder(self) -> TrieFinder:
        """The matches of :attr:`names_pattern` in a long text, faster (:class:`TrieFinder`)."""
        return _names_finder(self)


def _place_names(gaz: Gazetteer) -> list[str]:
    """Every qualified and full name, and the short names of provinces and prefectures."""
    names = set(gaz.by_qualified) | set(gaz.by_name)
    names |= {s for s, ds in gaz.by_short.items() if any(d.level in ("province", "prefecture") for d in ds)}
    return [n for n in names if len(n) >= 2]


@cache
def _names_pattern(gaz: Gazetteer) -> TriePattern:
    """The place names, longest first (the trie alternation's ``match`` and ``finditer``)."""
    return _names_finder(gaz).as_pattern()


@cache
def _names_finder(gaz: Gazetteer) -> TrieFinder:
    from govgraph.vocab import TrieFinder

    return TrieFinder(_place_names(gaz))


def _read_rows(path: Path, columns: tuple[str, ...] = DIVISION_COLUMNS) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = [(i + 1, line) for i, line in enumerate(fh) if not line.startswith("#")]
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "not UTF-8") from exc
    if not lines:
        raise InputError(str(path), "empty file")
    reader = csv.reader(line for _, line in lines)
    header = tuple(next(reader))
    if header != columns:
        raise InputError(str(path), f"header must be {','.join(columns)}, found {','.join(header)}")
    return [(lines[i + 1][0], dict(zip(header, row, strict=False))) for i, row in enumerate(reader)]


def load_divisions(path: Path) -> list[Division]:
    """Read and validate ``divisions.csv``: a bad row is an :class:`InputError` naming the line."""
    out: list[Division] = []
    seen: set[str] = set()
    for lineno, row in _read_rows(path):
        where = f"line {lineno}"
        code = (row.get("code") or "").strip()
        if not re.fullmatch(r"\d{6}", code):
            raise InputError(str(path), f"{where}: code must be six digits, found {code!r}")
        if code in seen:
            raise InputError(str(path), f"{where}: duplicate code {code}")
        seen.add(code)
        name = (row.get("name") or "").strip()
        if not name:
            raise InputError(str(path), f"{where}: name is required")
        level, kind = row.get("level", ""), row.get("kind", "")
        if level not in DIVISION_LEVELS:
            raise InputError(str(path), f"{where}: unknown level {level!r}")
        if kind not in DIVISION_KINDS:
            raise InputError(str(path), f"{where}: unknown kind {kind!r}")
        current = row.get("current", "")
        if current not in ("yes", "no"):
            raise InputError(str(path), f"{where}: current must be yes or no, found {current!r}")
        out.append(
            Division(
                code=code,
                name=name,
                short_name=(row.get("short_name") or "").strip() or name,
                level=level,
                kind=kind,
                parent=(row.get("parent") or "").strip() or None,
                current=current == "yes",
            )
        )
    return out


PHRASE_COLUMNS = ("phrase", "note")


def load_place_phrases(path: Path) -> tuple[str, ...]:
    """``place_phrases.csv``: phrases that contain a place name without naming the place
    (长治久安, 文山会海, 各位来宾); none when the file is absent."""
    if not path.exists():
        return ()
    out = []
    for lineno, row in _read_rows(path, PHRASE_COLUMNS):
        phrase = (row.get("phrase") or "").strip()
        if len(phrase) < 2:
            raise InputError(str(path), f"line {lineno}: a phrase of two characters or more is required")
        out.append(phrase)
    return tuple(out)


@cache
def gazetteer_at(directory: Path) -> Gazetteer:
    path = directory / "divisions.csv"
    gaz = Gazetteer(load_divisions(path), str(path))
    gaz.phrases = load_place_phrases(directory / "place_phrases.csv")
    return gaz


def gazetteer() -> Gazetteer:
    """The gazetteer of the registry in use (loaded once per registry directory)."""
    return gazetteer_at(registry_dir())


# A place name followed by a road word names a street (南京路, 北京东路, 延安中路街道, 中山大道):
# a street of any city, not the place — nor its 街道 (a subdistrict named after the street).
STREET_AFTER_RE = re.compile(r"[东西南北中]?(?:路|街|大道|巷|弄)")


def names_a_street(text: str, end: int) -> bool:
    """Does the place name ending at ``end`` name a street (南京路) rather than the place?"""
    return STREET_AFTER_RE.match(text, end) is not None


def find_places(text: str, gaz: Gazetteer | None = None) -> list[tuple[int, int, str]]:
    """Place names in ``text`` as (start, end, name), longest first, not overlapping; not the
    place words of street names (南京路 in a Shanghai notice)."""
    gaz = gaz or gazetteer()
    found = [(s, e, n) for s, e, n in gaz.names_finder.finditer(text) if not names_a_street(text, e)]
    if not found or not gaz.phrases:
        return found
    covered = [(m.start(), m.end()) for m in _phrases_pattern(gaz).finditer(text)]
    if not covered:
        return found
    starts = [a for a, _ in covered]
    out = []
    for s, e, n in found:
        i = bisect.bisect_right(starts, s) - 1
        # a name inside a phrase (长治 in 长治久安) is no place; one longer than it (来宾市) is
        if i >= 0 and covered[i][1] >= e:
            continue
        out.append((s, e, n))
    return out


@cache
def _phrases_pattern(gaz: Gazetteer) -> re.Pattern[str]:
    from govgraph.vocab import trie_pattern

    return re.compile(trie_pattern(gaz.phrases))


# ---------------------------------------------------------------------------------------------
# Place cues: the lines of a text that say which government it is of

_CJK = "\u4e00-\u9fff"
_ORGANS = (
    *("人民政府办公厅", "人民政府办公室", "人民政府", "政府办公厅", "政府办公室", "政府"),
    *("委员会", "办公厅", "办公室", "局", "厅", "委"),
)
_ORGAN = f"(?:{'|'.join(_ORGANS)})"
_ORGAN_ENDS = tuple(sorted({w[-1] for w in _ORGANS}))  # (a signature line ends with one, or its date)
_MASTHEAD_RE = re.compile(rf"^\s*([{_CJK}（）()]{{2,30}}?{_ORGAN}?)\s*(?:公报|文件)\s*$")
_SOURCE_RE = re.compile(
    rf"(?:来源|发布机构|发文机关|发文单位|发布单位|信息来源|制发机关|索引号.*?发布机构)\s*[:：]\s*([{_CJK}（）()]{{2,40}})"
)
_SIGNATURE_RE = re.compile(rf"^\s*([{_CJK}（）()]{{2,40}}{_ORGAN})\s*(?:\d{{4}}\s*年.*)?$")
# "安徽省人民政府发布关于…的通知", "吉首市人民政府关于印发…": an issuer named in a sentence.
_ISSUER_IN_TEXT_RE = re.compile(
    rf"([{_CJK}]{{2,20}}?(?:人民政府办公厅|人民政府办公室|人民政府))(?=关于|印发|发布|转发|办公厅关于|办公室关于)"
)
# How the text speaks of its own place: 我市/全市 (a city's document), 我省/全省 …
_OWN_LEVEL_RE = re.compile(r"(?:我|全|本)([省市区县州])(?![场民长级])")
# … and its own organs without their place (news: 市政府党组, 区委书记, 副县长, 市人大常委会):
# a level word before an organ word, not the end of a place name (广州市政府) nor in a list of
# levels (市县政府, 各区委).
_RELATIVE_ORGAN_RE = re.compile(r"(?<![各该县市区省州])([省市区县州])(?=委(?!员)|人民政府|政府|人大|政协|长)")
# A place named with one of its organs (安顺市委, 广州市政府, 官渡区人民政府): who speaks.
_ORGAN_AFTER_PLACE_RE = re.compile(r"(?:委(?!员)|人民政府|政府|人大常委会|人大|政协|党委)")
# The document naming its own place: 结合官渡区实际, 结合我市实际 (the latter names no place).
_SELF_RE = re.compile(rf"结合([{_CJK}]{{2,12}}?)(?:的)?(?:实际|实情)")
# The addressees of a central document: 各省、自治区、直辖市人民政府，国务院各部委 (a province
# writes to 各市、县人民政府; only the centre writes to every province).
_CENTRAL_ADDRESSEE_RE = re.compile(
    r"各省[、，,]\s*自治区[、，,]\s*直辖市|各省[（(]区[、，,]\s*市[）)]|国务院各部委"
)
# Another place held up as a model (学习借鉴深圳经验, 对标杭州, 赴成都考察): not the speaker.
_MODEL_AFTER_RE = re.compile(r"(?:市|省)?(?:经验|模式|做法|样板|考察)")
_MODEL_BEFORE_RE = re.compile(r"(?:学习|借鉴|对标|参照|推广|赴)$")
_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")
_HEAD_LINES = 12
_LINE_BREAK_RE = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # as str.splitlines


def gaz_names() -> frozenset[str]:
    """Every name :func:`find_places` can find (qualified, full, short)."""
    return _gaz_names(gazetteer())


@cache
def _gaz_names(gaz: Gazetteer) -> frozenset[str]:
    return frozenset(m for m in (*gaz.by_qualified, *gaz.by_name, *gaz.by_short))


def _in_title(text: str, pos: int) -> bool:
    """Is ``pos`` inside a 《cited title》?"""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _closed_after(text: str, i: int) -> bool:
    """Is there a 》 after ``text[i]`` with no 《 before it (the end of a cited title)?"""
    close = text.find("》", i)
    return close >= 0 and "《" not in text[i:close]


def place_cues(raw: str) -> list[PlaceCue]:
    """The place cues of a text (see :func:`govgraph.extract.places.extract_place_cues`), in line order."""
    cues: list[PlaceCue] = []
    levels: Counter[str] = Counter()
    first_level: dict[str, int] = {}
    relative: Counter[str] = Counter()
    first_relative: dict[str, int] = {}
    # The national place names, found in one pass over the whole text (a name holds no line
    # break, so it finds what a pass per line finds); a match's line by bisection over the line
    # starts that splitlines() uses.
    starts = [0, *(m.end() for m in _LINE_BREAK_RE.finditer(raw))]
    places_by_line: dict[int, list[tuple[int, int, str]]] = {}
    place_spans: list[tuple[int, int]] = []
    for start, end, name in find_places(raw):
        if _MODEL_AFTER_RE.match(raw, end) or _MODEL_BEFORE_RE.search(raw, max(0, start - 3), start):
            continue  # 学习借鉴深圳经验: another place held up as a model, not the speaker
        number = bisect.bisect_right(starts, start)
        places_by_line.setdefault(number, []).append(
            (start - starts[number - 1], end - starts[number - 1], name)
        )
        place_spans.append((start, end))
    # How the text speaks of its own place and organs, also in one pass over the whole text
    # (neither pattern holds a line break or reads one: what a pass per line finds).
    for m in _OWN_LEVEL_RE.finditer(raw):
        word = m.group(1)
        levels[word] += 1
        first_level.setdefault(word, bisect.bisect_right(starts, m.start()))
    place_starts = [a for a, _ in place_spans]
    for m in _RELATIVE_ORGAN_RE.finditer(raw):
        k = bisect.bisect_right(place_starts, m.start(1)) - 1
        if k < 0 or place_spans[k][1] <= m.start(1):  # not inside a place name (市 of 温州市委)
            relative[m.group(1)] += 1
            first_relative.setdefault(m.group(1), bisect.bisect_right(starts, m.start()))
    lines = raw.splitlines()
    head_seen = 0
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        if not text:
            continue
        if head_seen < _HEAD_LINES:
            head_seen += 1
            cues.append(PlaceCue("head", text[:80], number))
            m = _CENTRAL_ADDRESSEE_RE.search(text)
            if m:
                cues.append(PlaceCue("central", m.group(), number))
        # Each pattern runs only on the lines that hold what it cannot match without (a length,
        # a colon, 人民政府, 号 …): most lines are body text, and the scans are most of the cost.
        short = len(text) <= 40
        if len(text) <= 32 and text.endswith(("公报", "文件")):
            m = _MASTHEAD_RE.match(text)
            if m:
                cues.append(PlaceCue("masthead", m.group(1), number))
        if ":" in text or "：" in text:
            for m in _SOURCE_RE.finditer(text):
                cues.append(PlaceCue("source", m.group(1), number))
        if "人民政府" in text:
            for m in _ISSUER_IN_TEXT_RE.finditer(text):
                if text.rfind("《", 0, m.start()) <= text.rfind("》", 0, m.start()) and not _closed_after(
                    text, m.end()
                ):  # not a cited title (nor one whose 《 the printer dropped: "2.X人民政府关于…的通知》")
                    cues.append(PlaceCue("issuer", m.group(1), number))
        if "结合" in text:
            for m in _SELF_RE.finditer(text):
                if m.group(1) in gaz_names():
                    cues.append(PlaceCue("self", m.group(1), number))
        lead = len(raw) - len(raw.lstrip())
        for start, end, name in places_by_line.get(number, ()):  # (offsets in the raw line)
            if _ORGAN_AFTER_PLACE_RE.match(text, end - lead) and not _in_title(text, start - lead):
                cues.append(PlaceCue("organ", name, number))
        signed = short and (text.endswith(_ORGAN_ENDS) or "年" in text)
        m = _SIGNATURE_RE.match(text) if signed else None
        if m and not m.group(1).startswith(("关于", "各")):
            cues.append(PlaceCue("signature", m.group(1), number))
        if "号" in text:
            for m in DOC_NUMBER_RE.finditer(text):
                number_text = parse_doc_number(m.group())
                if number_text is None:
                    continue
                alone = len(text) - (m.end() - m.start()) <= 6
                cues.append(PlaceCue("docnum" if alone else "cited", str(number_text), number))
        m = _DATE_RE.search(text) if short and ("19" in text or "20" in text) else None
        if m:
            cues.append(PlaceCue("date", f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", number))
    for word in sorted(levels, key=lambda w: (first_level[w], w)):
        cues.append(PlaceCue("level", word, first_level[word], levels[word]))
    for word in sorted(relative, key=lambda w: (first_relative[w], w)):
        cues.append(PlaceCue("relative", word, first_relative[word], relative[word]))
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for number in sorted(places_by_line):
        for _, _, name in places_by_line[number]:
            counts[name] += 1
            first.setdefault(name, number)
    for name in sorted(counts, key=lambda n: (first[n], n)):
        cues.append(PlaceCue("text", name, first[name], counts[name]))
    return cues


__all__ = [
    "Division",
    "Gazetteer",
    "Place",
    "find_places",
    "gazetteer",
    "load_divisions",
    "names_a_street",
    "place_cues",
]
