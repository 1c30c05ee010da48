"""Mentions → entities, inside the jurisdiction of the document that prints them.

A body's identity is its place plus its official name.  A mention is read as

* an **explicit place** (南京市发展和改革委员会, 滁州海关, 中共温州市委组织部, 国家统计局镇江调查队):
  the place it prints, whatever the document's;
* a **level word** and a name (市发改委, 区卫健局, 省财政厅, 团省委): the division of that level
  around the document's jurisdiction (市 in a county-level city's document is that city, in a
  district's its city; 区 the district; 省 the province);
* a **bare name** (财政局, 税务局): the document's own place (the issuer's level).

Each reading is looked up in the place's overrides (``places/*.csv``), then in the department
templates (``departments.csv``: the names in force at the document's year, from their printed
short forms), then named by rule (the place's qualified name + the printed name with its
abbreviations expanded).  Without a jurisdiction, a mention that needs one is kept as printed,
flagged ``jurisdiction unknown``, and never merged with another document's.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from govgraph.errors import InputError
from govgraph.places import LEVEL_WORDS, Division, Place, names_a_street
from govgraph.records import Extraction
from govgraph.resolve.jurisdiction import Jurisdiction, JurisdictionDetector, place_chain
from govgraph.resolve.registry import (
    AgencyRecord,
    CollectiveRecord,
    Registry,
    Template,
    normalize_name,
    registry_at,
)
from govgraph.resources import registry_dir
from govgraph.text import simplified

log = logging.getLogger(__name__)

# The place every document is of, when the user knows better than the text (``--jurisdiction``).
JURISDICTION_ENV = "GOVGRAPH_JURISDICTION"
# How an entity was made (gg:resolvedBy): a registry row, a template, a rule, or not placed;
# ``name unresolved``: placed in its jurisdiction, but which body of it the printed name means is
# not known (a bare 财政局 in a province's document: provinces have a 财政厅, not a 局), so it is
# kept as printed rather than given an official name that may not exist.
REGISTRY, TEMPLATE, RULE, UNKNOWN = "registry", "template", "rule", "jurisdiction unknown"
UNRESOLVED = "name unresolved"

_ORG_TAIL_RE = re.compile(
    r"(?:局|厅|委员会|委|办公室|办|中心|支队|大队|总队|集团|公司|管委会|院|会|联|社|处|部|站|所|馆|队|行|署|岗|组)$"
)
_ZONE_RE = re.compile(r"(?:开发区|园区|新区|示范区|试验区|保税区|产业园|工业园|实验区)(?:管理委员会)?$")
_BRACKET_RE = re.compile(r"^(?P<head>[^（]+)（(?P<inner>[^（）]+)）(?P<tail>[^（）]*)$")
# 政府信访办公室, 政府合作交流办公室: an office of the people's government (人民政府…办公室).
_GOVERNMENT_OFFICE_RE = re.compile(r"^政府(?=[\u4e00-\u9fff]{0,12}(?:办公室|研究室|参事室|督查室)$)")
# 委党史研究室 after a level word (市委党史研究室): an organ of the party committee (中共X市委…),
# not 委员会 words nor a joint 委市政府.
_PARTY_CORE_RE = re.compile(r"^委(?!员)(?!.*政府)[\u4e00-\u9fff]{2,}$")
# 区公安分局, 区国土分局 in a district's document: the district branch of a city bureau.
_BRANCH_RE = re.compile(r"^(?P<bureau>[\u4e00-\u9fff]{2,10}?)分局$")
# Collective actors not in collectives.csv: 各…政府, 有关…部门, 在X各…机构, 驻X…部队, 市直…单位.
_COLLECTIVE_RE = re.compile(
    r"^(?:各级|各|有关|相关|在[\u4e00-\u9fff](?:各|省属|市属|相关|有关)|驻[\u4e00-\u9fff]{1,2}|[省市区县州旗盟]级|[省市区县州旗盟]直|市属|全)"
    r".*(?:政府|部门|单位|机构|部队|高校|院校|学校|企业|管委会|党派|乡镇|街道|团体|医院|银行|街办|区|县|市|开发区|园区)"
    r"(?:（[^（）]*）)?$"
    r"|成员单位$|^开发区$|^园区管委会$"
)
# Words after a place's short name inside a name that make it a branch there (中国银行上海分行).
_BRANCH_AFTER_RE = re.compile(
    r"(?:市|省)?(?:分行|支行|中心支行|分公司|分局|分院|分中心|监管局|监管分局|调查队|海关|办事处)"
)
# A 地区 and a 盟 are governed by an administrative office of their province (阿克苏地区行政公署,
# 锡林郭勒盟行政公署), not by a people's government of their own.
_ADMINISTRATIVE_OFFICE_KINDS = frozenset({"prefecture", "league"})
# Level words that begin ordinary words, not 市X / 区X (市场监管局, 市民政局 is both: both read).
_LEVEL_CHARS = "".join(w for w in LEVEL_WORDS if len(w) == 1) + "镇乡"
# 自治区财政厅 in a county of 广西 is the region's: the longer words first.
_LEVEL_WORDS = sorted([*LEVEL_WORDS, "镇", "乡"], key=len, reverse=True)


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
    jurisdiction: str | None = None  # the place's qualified name (黄石市下陆区); None: unknown
    place_code: str | None = None  # its division code (420204), township appended (…/石鱼镇)
    resolved_by: str = REGISTRY  # registry | template | rule | jurisdiction unknown


@dataclass(frozen=True, slots=True)
class _Reading:
    prefix: str  # the organ prefix as a template prints it (中共, 共青团, 中国人民银行)
    place: Place | None
    explicit: bool  # the mention printed its place
    printed_place: str | None
    core: str
    word: str = ""  # the level word read (市 in 市发改委); "" for an explicit place or a bare name

    @property
    def form(self) -> str:
        return self.prefix + self.core

    @property
    def bare(self) -> bool:
        return not self.explicit and not self.word


_LEVEL_OF_TIER = {
    "province": "provincial",
    "municipality": "provincial",
    "prefecture": "municipal",
    "county": "county",
}


class DocumentPlaces:
    """The jurisdictions of one extraction's documents, by document key and by line."""

    def __init__(
        self, gazette: Jurisdiction, documents: dict[str, Jurisdiction], starts: list[tuple[int, str]]
    ) -> None:
        self.gazette = gazette
        self.documents = documents
        self._starts = sorted(starts)

    def of(self, doc_key: str | None = None, line: int | None = None) -> Jurisdiction:
        if doc_key and doc_key in self.documents:
            return self.documents[doc_key]
        if line is not None:
            current = None
            for start, key in self._starts:
                if start > line:
                    break
                current = key
            if current is not None:
                return self.documents[current]
        return self.gazette


def _without_own_place(core: str, division: Division) -> str:
    """``core`` without the document's own place printed before a branch word: 人行嘉鱼支行 in
    嘉鱼县's document is its 支行, not a 嘉鱼支行 of 嘉鱼县 (the short name of a county alone is
    too ambiguous to place a text, but it does name the place the text is already in)."""
    for name in sorted({division.name, division.short_name} - {""}, key=len, reverse=True):
        if core.startswith(name) and _BRANCH_AFTER_RE.fullmatch(core, len(name)):
            return core[len(name) :]
    return core


class Resolver:
    """Maps agency, collective, person and post mentions to :class:`Entity` objects."""

    _default: ClassVar[Resolver | None] = None
    _default_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, registry: Registry, *, jurisdiction: str | None = None) -> None:
        self.registry = registry
        self.gaz = registry.gazetteer
        self.detector = JurisdictionDetector(registry)
        self.override = jurisdiction
        self._override_place = self.detector.parse_override(jurisdiction) if jurisdiction else None
        self._lock = threading.RLock()
        self._entities: dict[str, Entity] = {}
        self._cache: dict[tuple[str, str | None, int | None, str], str] = {}
        self._places: dict[str, DocumentPlaces] = {}
        self.counts: dict[tuple[str, str], Counter[str]] = {}  # (gazette, document) → resolved_by counts
        self.agencies: dict[str, AgencyRecord] = {}
        self._row_place: dict[str, Place] = {}
        self._by_place: dict[tuple[str, str], str | None] = {}  # (place code, form) → row id
        self._by_name: dict[str, str] = {}  # full normalised name → row id
        self._placed_alias: dict[str, str | None] = {}  # aliases that name their place (瓯海)
        self._templates: dict[str, list[Template]] = {}
        self._prefixes: dict[str, str] = {}  # printed organ prefix → the prefix templates print
        self._abbrev = [(normalize_name(a), normalize_name(b), w) for a, b, w in registry.abbreviations]
        self.collectives: dict[str, CollectiveRecord] = {}
        self._collective_index: dict[str, str] = {}
        self.title_scopes = registry.title_scopes
        self._recognizer = None
        self._index_templates()
        self._index_overrides()
        for crec in registry.collectives:
            self.collectives[crec.id] = crec
            for n in (crec.name, *crec.aliases):
                self._collective_index[normalize_name(n)] = crec.id

    def __getstate__(self) -> dict[str, object]:
        # A lock cannot be pickled; a copy (a spaCy pipeline sent to a worker, a pickled nlp)
        # gets a fresh one with what this resolver has learned so far.
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._lock = threading.RLock()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_dir(cls, directory: Path, *, jurisdiction: str | None = None) -> Resolver:
        """The resolver of a registry directory; ``jurisdiction`` (default ``$GOVGRAPH_JURISDICTION``)
        puts every document in that place (杭州市, 福州市鼓楼区)."""
        jurisdiction = jurisdiction or os.environ.get(JURISDICTION_ENV) or None
        return cls(registry_at(Path(directory)), jurisdiction=jurisdiction)

    @classmethod
    def default(cls) -> Resolver:
        """The registry in use, loaded once per process (no jurisdiction set)."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = cls.from_dir(registry_dir())
            return cls._default

    def _index_templates(self) -> None:
        for t in self.registry.templates:
            for form in t.forms:
                self._templates.setdefault(form, []).append(t)
            if t.prefix:
                self._prefixes[t.prefix] = t.prefix
        for printed, full, where in self._abbrev:
            if where == "start" and full in self._prefixes:
                self._prefixes[printed] = full
        self._prefix_order = sorted(self._prefixes, key=len, reverse=True)

    def _index_overrides(self) -> None:
        for place_file, row in self.registry.agencies():
            home = Place(self.gaz.by_code[place_file.place_code])
            chain = place_chain(row.name, self.gaz)
            deepest = [
                d
                for d in (chain[-1] if chain else [])
                if self.gaz.is_within(d, self.gaz.province_of(home.division))
            ]
            place = Place(deepest[0]) if len(deepest) == 1 else home
            if row.id in self.agencies:
                raise ValueError(f"{place_file.path}: id {row.id} is also in another places file")
            self.agencies[row.id] = row
            self._row_place[row.id] = place
            for n in row.names():
                key = normalize_name(n)
                if self._by_name.get(key, row.id) != row.id:
                    other = self._by_name[key]
                    raise InputError(
                        place_file.path, f"name {n!r} is claimed by both {other!r} and {row.id!r}"
                    )
                self._by_name.setdefault(key, row.id)
                reading = next(iter(self._readings(key, place)), None)
                if reading is None or reading.place is None:
                    continue
                slot = (reading.place.code, reading.form)
                if self._by_place.get(slot, row.id) != row.id:
                    self._by_place[slot] = None  # two bodies print the same form: never guess
                else:
                    self._by_place[slot] = row.id
                own = (reading.place.division.short_name, reading.place.division.name)
                if key.startswith(own) or reading.explicit:
                    if self._placed_alias.get(key, row.id) != row.id:
                        self._placed_alias[key] = None
                    else:
                        self._placed_alias[key] = row.id

    # -- jurisdictions ------------------------------------------------------------------------
    def jurisdictions(self, extraction: Extraction) -> DocumentPlaces:
        """The jurisdiction of each document of ``extraction`` (cached per gazette)."""
        with self._lock:
            found = self._places.get(extraction.source)
            if found is None:
                gazette, docs = self.detector.detect(extraction, self.override)
                starts = [(d.prov.line, d.key) for d in extraction.documents]
                found = self._places[extraction.source] = DocumentPlaces(gazette, docs, starts)
            return found

    def jurisdiction(self, place: str | None, *, year: int | None = None, scope: str = "") -> Jurisdiction:
        """A jurisdiction by name (``南京市``, ``黄石市下陆区``), or the unknown one of ``scope``."""
        if not place:
            return Jurisdiction(None, "unknown", "", scope, year)
        return Jurisdiction(self.detector.parse_override(place), "override", place, scope, year)

    def jurisdiction_of_text(self, text: str, source: str = "<text>") -> Jurisdiction:
        """The jurisdiction of a plain text (a spaCy Doc, a snippet) from what it prints; the
        resolver's ``jurisdiction=`` when set."""
        if self._override_place is not None:
            return self._default_jurisdiction()
        from govgraph.places import place_cues
        from govgraph.records import IssueMeta

        ex = Extraction(source=source, issue=IssueMeta(source, None, None, None), place_cues=place_cues(text))
        return self.detector.detect(ex)[0]

    def _default_jurisdiction(self) -> Jurisdiction:
        if self._override_place is not None:
            return Jurisdiction(self._override_place, "override", self.override or "", "", None)
        return Jurisdiction(None, "unknown", "", "", None)

    # -- agencies -----------------------------------------------------------------------------
    def resolve_agency(self, mention: str, jurisdiction: Jurisdiction | None = None) -> Entity:
        """The one entity a printed agency (or collective) mention stands for in ``jurisdiction``
        (default: the resolver's ``jurisdiction=``, else unknown)."""
        # A traditional-character repost prints 省財政廳: the body is read in simplified characters
        # (the printed form stays an alias).
        key = normalize_name(simplified(mention))
        if not key:
            raise ValueError("empty agency mention")
        j = jurisdiction or self._default_jurisdiction()
        slot = (key, j.place.code if j.place else None, j.year, "" if j.place else j.scope)
        with self._lock:
            eid = self._cache.get(slot)
            if eid is None:
                ent = self._resolve(key, mention.strip(), j)
                self._cache[slot] = ent.id
                return ent
            return self._entities[eid]

    def lookup(self, mention: str, jurisdiction: Jurisdiction | None = None) -> AgencyRecord | None:
        """The registry row a mention names, or None."""
        ent = self.resolve_agency(mention, jurisdiction)
        if ent.resolved_by == REGISTRY and ent.id.startswith("agency/"):
            return self.agencies.get(ent.id.removeprefix("agency/"))
        return None

    def _readings(self, key: str, place: Place | None) -> list[_Reading]:
        """The ways ``key`` can be read (explicit place, level word, bare), in that order."""
        out: list[_Reading] = []
        prefixes = [("", "")] + [(p, self._prefixes[p]) for p in self._prefix_order if key.startswith(p)]
        for printed_prefix, prefix in prefixes:
            rest = key[len(printed_prefix) :]
            if not rest and printed_prefix:
                continue
            chain = place_chain(rest, self.gaz)
            if chain:
                found = chain[-1]
                if place is not None and len(found) > 1:
                    province = self.gaz.province_of(place.division)
                    near = [d for d in found if self.gaz.is_within(d, province)]
                    found = near or found
                if len(found) == 1:
                    end = _chain_length(rest, len(chain), self.gaz)
                    out.append(_Reading(prefix, Place(found[0]), True, rest[:end], rest[end:]))
            word = next((w for w in _LEVEL_WORDS if rest.startswith(w)), None)
            if word is not None and place is not None:
                target = self._level_place(place, word)
                if target is not None:
                    out.append(_Reading(prefix, target, False, None, rest[len(word) :], word))
            if printed_prefix == "" or prefix:
                out.append(_Reading(prefix, place, False, None, rest))
        return out

    def _level_place(self, place: Place, word: str) -> Place | None:
        if word in ("镇", "乡"):
            return place if place.township else None
        found = self.gaz.nearest(place.division, word)
        return Place(found) if found is not None else None

    def _resolve(self, key: str, printed: str, j: Jurisdiction) -> Entity:
        cid = self._collective_index.get(key)
        if cid is None and "等" in key:  # 浙江工贸职业技术学院等在温相关高校: the group after 等
            cid = self._collective_index.get(key.rpartition("等")[2])
        if cid is not None or _COLLECTIVE_RE.search(key):
            return self._collective(key, printed, j, cid)
        if key.endswith("等") and len(key) > 2:
            return self._resolve(key[:-1], printed, j)
        rid = self._by_name.get(key)
        if rid is not None and self._row_place[rid].division.current and self._self_located(key):
            return self._row_entity(rid, printed)
        keys = [key]
        m = _BRACKET_RE.match(key)
        if m:  # 市自然资源和规划局（海洋局、林业局）: the name outside the bracket is the body
            keys.append(m["head"] + m["tail"])
        for k in keys:
            ent = self._resolve_readings(k, printed, j)
            if ent is not None:
                return ent
        return self._by_rule(keys[-1], printed, j)

    def _self_located(self, key: str) -> bool:
        """A name that prints its place (温州市财政局, 温州海关), not a relative one (市财政局)."""
        return (
            bool(self._readings(key, None)) and self._readings(key, None)[0].explicit
        ) or key in self._placed_alias

    def _resolve_readings(self, key: str, printed: str, j: Jurisdiction) -> Entity | None:
        readings = self._readings(key, j.place)
        for r in readings:
            if r.place is None:
                continue
            rid = self._by_place.get((r.place.code, r.form))
            if rid:
                return self._row_entity(rid, printed)
            if r.core == "" and not r.prefix:
                if r.place.division.level == "zone":  # a development zone is run by its committee
                    return self._zone(r.place.division.name, r.place, printed)
                r = _Reading("", r.place, r.explicit, r.printed_place, "人民政府", r.word)
            template = self._template(r, j.year)
            if template is None:
                r, template = self._other_tier(r, j.year)
            if template is not None:
                return self._template_entity(template, r, printed)
            branch = self._branch(r, printed, j.year)
            if branch is not None:
                return branch
        # A bare name of a body of a place around the document's (金温铁道公司 in a city's text
        # is the province's company): the overrides of the enclosing places.
        bare = readings[-1] if readings and not readings[-1].explicit else None
        if bare is not None and bare.place is not None and not bare.prefix:
            for outer in list(self.gaz.ancestors(bare.place.division))[1:]:
                rid = self._by_place.get((outer.code, bare.form))
                if rid:
                    return self._row_entity(rid, printed)
        alias = self._placed_alias.get(key)
        if alias:
            return self._row_entity(alias, printed)
        return None

    def _other_tier(self, r: _Reading, year: int | None) -> tuple[_Reading, Template | None]:
        """The 厅 of a province printed as a 局 (省财政局) and the 局 of a city or county printed
        as a 厅 (市财政厅): a province's departments are 厅, a city's and a county's 局, so the
        printed level decides which body it is.  A bare 厅 (公安厅) in the document of a city or
        county is its province's: only provinces have 厅 (办公厅 aside)."""
        assert r.place is not None
        if r.place.township or not r.core or r.core.endswith("办公厅"):
            return r, None
        tier = r.place.division.tier
        if r.core.endswith("局") and tier == "province" and not r.bare:
            other = replace(r, core=r.core[:-1] + "厅")
        elif r.core.endswith("厅") and tier != "province":
            if r.bare:
                province = self.gaz.province_of(r.place.division)
                if province.tier != "province":
                    return r, None  # a municipality's 厅: none
                other = replace(r, place=Place(province))
            else:
                other = replace(r, core=r.core[:-1] + "局")
        else:
            return r, None
        return other, self._template(other, year)

    def _branch(self, r: _Reading, printed: str, year: int | None) -> Entity | None:
        """区公安分局, 区国土分局 in a district's document, 县生态环境分局 in a county's: the
        branch of the city's bureau there (昆明市公安局官渡分局; a county-level place has no 分局
        of its own), named after the bureau the city's templates make."""
        assert r.place is not None
        d = r.place.division
        m = _BRANCH_RE.match(r.core)
        if m is None or r.place.township or d.level != "county" or r.prefix or r.core[0] in _LEVEL_CHARS:
            return None
        city = self.gaz.parent(d)
        if city is None or not (city.level == "prefecture" or city.kind == "municipality"):
            return None  # a county-level city under its province (济源) has bureaus of its own
        bureau = _Reading("", Place(city), False, None, m["bureau"] + "局", "市")
        template = self._template(bureau, year)
        if template is not None and template.parent is None:
            return None  # central organs in a place (税务局): their district bodies are not branches
        full = self.gaz.qualified(city)
        head = (
            template.render(full, city.short_name, None)
            if template is not None
            else full + self._expand(bureau.core)
        )
        short = d.short_name if d.short_name != d.name else d.name.removesuffix("区")
        name = head + short + "分局"
        rid = self._by_name.get(normalize_name(name))
        if rid is not None:
            return self._row_entity(rid, printed)
        parent = self._by_name.get(head)
        ent = Entity(
            id=f"agency/{name}",
            kind="agency",
            name=name,
            aliases=(),
            in_registry=False,
            level=_LEVEL_OF_TIER[city.tier],
            org_kind="government_department",
            parent=f"agency/{parent or head}",
            jurisdiction=full,
            place_code=city.code,
            resolved_by=TEMPLATE if template is not None else RULE,
        )
        return self._remember(ent, printed)

    def _other_tier_only(self, r: _Reading) -> bool:
        """Is ``r`` the standard name of a body of other tiers only (财政局 read in a province)?"""
        assert r.place is not None
        tier = r.place.division.tier
        made = [t for t in self._templates.get(r.form, ()) if t.bare_name == r.form]
        return bool(made) and not any(tier in t.tiers for t in self._templates.get(r.form, ()))

    def _template(self, r: _Reading, year: int | None) -> Template | None:
        assert r.place is not None
        if r.place.township:
            return None  # township bodies are named by rule
        tier = r.place.division.tier
        form = r.form
        candidates = [t for t in self._templates.get(form, ()) if tier in t.tiers]
        if not candidates and len(form) >= 4:
            # 省农村农业厅: the characters of a standard name in another order (a misprint)
            chars = sorted(form)
            candidates = [
                t
                for f, ts in self._templates.items()
                if len(f) == len(form) and sorted(f) == chars
                for t in ts
                if tier in t.tiers
            ]
        if not candidates:
            return None
        if year is not None:
            candidates = [t for t in candidates if t.in_force(year)] or candidates
        own = [t for t in candidates if t.forms[0] == form]
        pool = own or candidates
        if len(pool) > 1 and year is None:
            pool = [t for t in pool if t.until is None] or pool
        return pool[0]

    def _template_entity(self, t: Template, r: _Reading, printed: str) -> Entity:
        assert r.place is not None
        d = r.place.division
        full = self.gaz.qualified(d)
        name = t.render(full, d.short_name, r.printed_place if r.explicit else None)
        if d.kind in _ADMINISTRATIVE_OFFICE_KINDS:
            name = name.replace("人民政府", "行政公署")
        rid = self._by_name.get(normalize_name(name))
        if rid is not None:
            return self._row_entity(rid, printed)
        parent = None
        if t.parent == "government":
            parent = f"agency/{full}人民政府"
            if d.kind in _ADMINISTRATIVE_OFFICE_KINDS:
                parent = f"agency/{full}行政公署"
        elif t.parent == "party":
            parent = f"agency/中共{full}委员会"
        rid_parent = self._by_name.get(parent.removeprefix("agency/")) if parent else None
        if rid_parent is not None:
            parent = f"agency/{rid_parent}"
        # Organs of the central government in a place (海关, 税务局, 气象局) have no local parent.
        level = (
            "central" if t.parent is None and t.kind == "government_department" else _LEVEL_OF_TIER[d.tier]
        )
        ent = Entity(
            id=f"agency/{name}",
            kind="agency",
            name=name,
            aliases=(),
            in_registry=False,
            level=level,
            org_kind=t.kind,
            parent=parent,
            jurisdiction=full,
            place_code=r.place.code,
            resolved_by=TEMPLATE,
        )
        return self._remember(ent, printed)

    def _expand(self, text: str) -> str:
        for printed, full, where in self._abbrev:
            if where == "start" and text.startswith(printed) and not text.startswith(full):
                text = full + text[len(printed) :]
            elif where == "end" and text.endswith(printed):
                text = text[: -len(printed)] + full
            elif where == "any" and printed in text:
                text = text.replace(printed, full)
        return text

    def _by_rule(self, key: str, printed: str, j: Jurisdiction) -> Entity:
        readings = self._readings(key, j.place)
        explicit = next((r for r in readings if r.explicit), None)
        inside = None if explicit else self._place_inside(key)
        if explicit is not None or inside is not None:
            place = explicit.place if explicit is not None else inside
            assert place is not None
            if explicit is not None and explicit.printed_place:
                head = key[: len(key) - len(explicit.core)]
                core = _government_office(self._expand(explicit.core))
                if _PARTY_CORE_RE.match(core) and not explicit.prefix:
                    head = "中共" + head  # 洛阳市委党史研究室: an organ of the party committee
                name = self._expand(head) + core
            else:
                name = self._expand(key)
            if _ZONE_RE.search(name):
                return self._zone(name, place, printed)
            return self._rule_entity(name, place, printed)
        if j.place is None:
            return self._unknown(key, printed, j)
        if key.startswith(tuple(_LEVEL_WORDS)) and not any(
            not r.explicit and r.core != key for r in readings
        ):
            # 市X in a province's document: no city encloses it; which city is not printed
            return self._unknown(key, printed, j)
        level = next((r for r in readings if not r.explicit and r.place is not None and r.core != key), None)
        r = level or _Reading("", j.place, False, None, key)
        assert r.place is not None
        if r.bare and not r.place.township and self._other_tier_only(r):
            return self._unresolved(key, printed, r.place)
        full = self.gaz.qualified(r.place.division) + (r.place.township or "")
        core = _government_office(self._expand(_without_own_place(r.core, r.place.division)))
        if _ZONE_RE.search(core):
            return self._zone(core, r.place, printed)
        prefix = r.prefix
        if not prefix and r.word and _PARTY_CORE_RE.match(core):
            prefix = "中共"  # 市委党史研究室 → 中共X市委党史研究室: an organ of the party committee
        if core.endswith("岗") and not core.startswith("人民政府"):
            core = "人民政府" + core  # a post (岗) of the government's own offices (镇林业发展岗)
        return self._rule_entity(
            self._expand(prefix) + full + core if not prefix else prefix + full + core, r.place, printed
        )

    def _place_inside(self, key: str) -> Place | None:
        """A place named inside a name (国家开发银行云南省分行): the name says where it is."""
        if key.startswith(tuple(_LEVEL_WORDS)):
            return None  # 市北京路管理处: the level word places it
        for m in self.gaz.names_pattern.finditer(key):
            if m.start() == 0 or names_a_street(key, m.end()):
                continue
            short = not self.gaz.by_name.get(m.group()) and m.group() not in self.gaz.by_qualified
            if short and not _BRANCH_AFTER_RE.match(key, m.end()):
                continue  # 附属中山医院: a short name inside a name names a place before a branch word
            found = [
                d
                for d in self.gaz.named(m.group())
                if len(m.group()) >= 3 or d.level in ("province", "prefecture")
            ]
            if len(found) == 1:
                return Place(found[0])
        return None

    def _zone(self, core: str, place: Place, printed: str) -> Entity:
        """A development zone's committee: by its statistical name when it has one (中新苏滁
        高新技术产业开发区), else named after the place (医药高新区 → 泰州医药高新技术产业开发区).
        A zone printed as an actor (安顺经开区 among the responsible units) is its committee."""
        base = core.removesuffix("管理委员会")
        committee = True
        zones = [d for d in self.gaz.named(base) if d.level == "zone"]
        region = self._regional_province(base, place)
        if len(zones) == 1:
            zone_place = Place(zones[0])
            name = zones[0].name
        elif region is not None:
            zone_place = Place(region)
            name = region.short_name + base
        else:
            d = place.division
            name = base if base.startswith((d.short_name, d.name)) else d.short_name + base
            zone_place = place
        if committee:
            name += "管理委员会"
        return self._rule_entity(name, zone_place, printed, org_kind="zone_committee")

    def _regional_province(self, base: str, place: Place) -> Division | None:
        """The province a zone's name is made of, when it is (not the document's city's zone):
        a region named by a province's one-character code and a direction (X中, X北: the middle
        or north of that province, spanning its cities), or a 新区 named by the code of the
        document's own province (the national-level new areas a province runs)."""
        if len(base) < 3 or base[:2] in self.gaz.by_short or base[:2] in self.gaz.by_name:
            return None
        provinces = [
            d
            for c in self.registry.docnum_codes.get(base[0], ())
            if (d := self.gaz.by_code[c]).level == "province"
        ]
        if len(provinces) != 1:
            return None
        province = provinces[0]
        if not base.endswith(("新区", "示范区", "试验区", "实验区")):
            return None  # parks and industrial estates (京东…产业园) are a city's
        if base[1] in "东西南北中":
            return province
        if base.endswith("新区") and self.gaz.is_within(place.division, province):
            return province
        return None

    def _rule_entity(self, name: str, place: Place, printed: str, org_kind: str | None = None) -> Entity:
        rid = self._by_name.get(normalize_name(name))
        if rid is not None:
            return self._row_entity(rid, printed)
        d = place.division
        ent = Entity(
            id=f"agency/{name}",
            kind="agency",
            name=name,
            aliases=(),
            in_registry=False,
            level="township" if place.township else _LEVEL_OF_TIER.get(d.tier),
            org_kind=org_kind or _guess_kind(name),
            parent=self._rule_parent(name, place),
            jurisdiction=self.gaz.qualified(d) + (place.township or ""),
            place_code=place.code,
            resolved_by=RULE,
        )
        return self._remember(ent, printed)

    def _rule_parent(self, name: str, place: Place) -> str | None:
        """The longest registered name a rule-made name starts with (温州市公安局 for
        温州市公安局治安支队), else the government of its place."""
        for cut in range(len(name) - 1, 1, -1):
            rid = self._by_name.get(name[:cut])
            if rid is not None and self.agencies[rid].kind != "government":
                return f"agency/{rid}"
        if place.township:
            return None
        d = place.division
        if d.level == "zone":  # a development zone's bodies answer to its city's government
            d = self.gaz.parent(d) or d
        government = self.gaz.qualified(d) + "人民政府"
        if name == government:
            return None
        rid = self._by_name.get(government)
        return f"agency/{rid or government}"

    def _unresolved(self, key: str, printed: str, place: Place) -> Entity:
        """A mention placed in its jurisdiction whose body is not known: kept as printed."""
        where = self.gaz.qualified(place.division) + (place.township or "")
        ent = Entity(
            id=f"agency/未定/{where}/{key}",
            kind="agency",
            name=key,
            aliases=(),
            in_registry=False,
            level="township" if place.township else _LEVEL_OF_TIER.get(place.division.tier),
            org_kind=_guess_kind(key),
            parent=None,
            jurisdiction=where,
            place_code=place.code,
            resolved_by=UNRESOLVED,
        )
        return self._remember(ent, printed)

    def _unknown(self, key: str, printed: str, j: Jurisdiction) -> Entity:
        ent = Entity(
            id=f"agency/未定/{j.scope or '-'}/{key}",
            kind="agency",
            name=key,
            aliases=(),
            in_registry=False,
            level=None,
            org_kind=_guess_kind(key),
            parent=None,
            jurisdiction=None,
            place_code=None,
            resolved_by=UNKNOWN,
        )
        return self._remember(ent, printed)

    def _collective(self, key: str, printed: str, j: Jurisdiction, cid: str | None) -> Entity:
        name = self.collectives[cid].name if cid else key
        if cid is None:
            _, sep, after = key.rpartition("等")
            if sep and after in self._collective_index:
                name = self.collectives[self._collective_index[after]].name
        if j.place is not None:
            where = self.gaz.qualified(j.place.division) + (j.place.township or "")
            eid, by = f"collective/{where}/{name}", (REGISTRY if cid else RULE)
        else:
            where, eid, by = None, f"collective/未定/{j.scope or '-'}/{name}", UNKNOWN
        ent = Entity(
            id=eid,
            kind="collective",
            name=name,
            aliases=tuple(sorted(set(self.collectives[cid].aliases))) if cid else (),
            in_registry=cid is not None,
            level=None,
            org_kind="collective",
            parent=None,
            jurisdiction=where,
            place_code=j.place.code if j.place else None,
            resolved_by=by,
        )
        return self._remember(ent, printed)

    def _row_entity(self, rid: str, printed: str = "") -> Entity:
        eid = f"agency/{rid}"
        ent = self._entities.get(eid)
        if ent is None:
            rec = self.agencies[rid]
            place = self._row_place[rid]
            ent = Entity(
                id=eid,
                kind="agency",
                name=rec.name,
                aliases=tuple(sorted({n for n in rec.names() if n != rec.name})),
                in_registry=True,
                level=rec.level,
                org_kind=rec.kind,
                parent=f"agency/{rec.parent}" if rec.parent else None,
                jurisdiction=self.gaz.qualified(place.division),
                place_code=place.code,
                resolved_by=REGISTRY,
            )
            self._entities[eid] = ent
        return ent

    def _remember(self, ent: Entity, printed: str) -> Entity:
        """Store an entity; a printed form that differs from its name becomes an alias."""
        old = self._entities.get(ent.id, ent)
        aliases = set(old.aliases)
        if printed and normalize_name(printed) != old.name and ent.resolved_by != REGISTRY:
            aliases.add(printed)
        ent = replace(old, aliases=tuple(sorted(aliases)))
        self._entities[ent.id] = ent
        return ent

    # -- report -------------------------------------------------------------------------------
    def count(self, source: str, document: str, entity: Entity) -> None:
        """Count one resolved mention for the build report (per gazette and document)."""
        with self._lock:
            self.counts.setdefault((source, document), Counter())[entity.resolved_by] += 1

    def resolution_report(self) -> list[dict[str, object]]:
        """Per document: its jurisdiction and how it was decided, and its mentions resolved to a
        registered body, to a rule-made body (template or rule), or left unresolved (jurisdiction
        unknown, or the body of its place not known) — the build report's ``resolution`` list."""
        out: list[dict[str, object]] = []
        with self._lock:
            for (source, document), counts in sorted(self.counts.items()):
                places = self._places.get(source)
                where = places.of(document or None) if places is not None else None
                out.append(
                    {
                        "gazette": source,
                        "document": document,
                        "jurisdiction": where.label if where is not None and where.known else None,
                        "basis": where.basis if where is not None else "unknown",
                        "registered": counts.get(REGISTRY, 0),
                        "rule_made": counts.get(TEMPLATE, 0) + counts.get(RULE, 0),
                        "unresolved": counts.get(UNKNOWN, 0) + counts.get(UNRESOLVED, 0),
                    }
                )
        return out

    # -- persons and posts --------------------------------------------------------------------
    def resolve_person(self, name: str) -> Entity:
        key = re.sub(r"[\s\u3000]+", "", name)
        if not key:
            raise ValueError("empty person name")
        eid = f"person/{key}"
        with self._lock:
            ent = self._entities.get(eid)
            if ent is None:
                ent = Entity(eid, "person", key, (), False, None, None, None)
                self._entities[eid] = ent
            return ent

    def post(
        self, organization: Entity | None, title: str, jurisdiction: Jurisdiction | None = None
    ) -> Entity:
        """The post ``title`` in ``organization`` (org:Post); a title printed alone (副市长, 省长)
        is a post of its own body in the document's jurisdiction."""
        title = re.sub(r"[\s\u3000]+", "", title)
        if not title:
            raise ValueError("empty post title")
        if organization is None:
            organization = self.title_body(title, jurisdiction)
        j = jurisdiction or self._default_jurisdiction()
        if organization is None:
            # 副市长 of a document of unknown place, 局长 printed without its bureau: that
            # document's post, never one post of every city or every bureau
            eid, name, parent = f"post/未定/{j.scope or '-'}/{title}", title, None
        else:
            eid, parent = f"post/{organization.name}/{title}", organization.id
            name = organization.name + title
        with self._lock:
            ent = self._entities.get(eid)
            if ent is None:
                level = organization.level if organization else None
                where = organization.jurisdiction if organization else None
                ent = Entity(eid, "post", name, (), False, level, None, parent, where)
                self._entities[eid] = ent
            return ent

    def title_body(self, title: str, jurisdiction: Jurisdiction | None = None) -> Entity | None:
        """The body a title names by itself (``titles.csv`` scope): 市长 the government of the
        document's city, 省长 of its province, 县长 of its county; None when the jurisdiction is
        unknown or the title needs an organisation (局长)."""
        j = jurisdiction or self._default_jurisdiction()
        if j.place is None:
            return None
        category, scope = self.title_scopes.get(re.sub(r"[\s\u3000]+", "", title), ("", ""))
        word = {"municipal": "市", "provincial": "省"}.get(scope)
        if scope == "county":
            word = next((w for w in ("区", "县", "旗", "市") if w in title), None)
        if word is None:
            return None
        if category not in ("government_leader", "party_leader"):
            return None
        level = self._level_place(j.place, word)
        if level is None:
            return None
        party = category == "party_leader"
        reading = (
            _Reading("中共", level, False, None, "委")
            if party
            else _Reading("", level, False, None, "人民政府")
        )
        template = self._template(reading, None)
        return self._template_entity(template, reading, "") if template is not None else None

    def entities(self) -> list[Entity]:
        with self._lock:
            return [self._entities[k] for k in sorted(self._entities)]

    def registry_entities(self) -> list[Entity]:
        """Every registry agency as an entity, sorted by id."""
        with self._lock:
            for rid in self.agencies:
                self._row_entity(rid)
            return [e for k, e in sorted(self._entities.items()) if e.in_registry and e.kind == "agency"]

    # -- recognition (the in-text recognizer of :mod:`govgraph.resolve.recognize`) -------------
    def find_mentions(self, text: str) -> list[tuple[int, int, str]]:
        from govgraph.resolve.recognize import recognizer_for

        return recognizer_for(self.registry).find_mentions(text)


def _chain_length(text: str, links: int, gaz) -> int:  # type: ignore[no-untyped-def]
    pos = 0
    for _ in range(links):
        m = gaz.names_pattern.match(text, pos)
        if m is None:
            break
        pos = m.end()
    return pos


_KIND_RULES = (
    (re.compile(r"人民政府$|政府$"), "government"),
    (re.compile(r"^中共|委员会办公室$|工作委员会$"), "party_organ"),
    (re.compile(r"(?:有限公司|有限责任公司|集团|公司)$"), "soe"),
    (re.compile(r"(?:法院|检察院)$"), "judicial"),
    (re.compile(r"管委会$|管理委员会$"), "zone_committee"),
    (re.compile(r"(?:中心|院|所|站|馆|学校|大学|学院|医院|台)$"), "public_institution"),
    (re.compile(r"(?:联合会|协会|工会|商会|红十字会)$"), "mass_organisation"),
    (re.compile(r"(?:局|厅|委员会|委|办公室|办|支队|大队|中队|总队|署|处)$"), "government_department"),
)


def _government_office(core: str) -> str:
    """政府信访办公室 → 人民政府信访办公室 (an office of the people's government)."""
    return _GOVERNMENT_OFFICE_RE.sub("人民政府", core, count=1)


def _guess_kind(name: str) -> str:
    for rx, kind in _KIND_RULES:
        if rx.search(name):
            return kind
    return "other"


def division_of(entity: Entity, gaz) -> Division | None:  # type: ignore[no-untyped-def]
    code = (entity.place_code or "").split("/", 1)[0]
    return gaz.by_code.get(code)
