"""Which government a document is of, and why: from what the document prints.

Evidence, strongest first (the first that names one place decides; a weaker one that agrees
may name a place inside it, e.g. a county of the city):

1. ``override``  — the user's ``--jurisdiction`` / ``jurisdiction=``;
2. ``issuer``    — the document's issuer (南京市人民政府办公厅, 郧阳区人民政府);
3. ``masthead``  — the gazette's masthead (X市人民政府公报, X市人民政府文件) and source lines
   (来源:吉首市人民政府);
4. ``signature`` — a signature line (合肥市人民政府 above the date);
5. ``docnum``    — the place part of the document's 文号 (宁政发, 川发改, 甬政办发: the table
   ``docnum_codes.csv`` and the first-character rule 许政 → 许昌);
6. ``title``     — a place named in the title or the first lines (关于加快西宁市…);
7. ``text``      — the place the text says it is of (结合官渡区实际); else the one place of the
   text's own level (全市, 我区; or its organs printed without a place: 市政府, 区委书记, 副县长)
   whose organs it names with their place (安顺市委、市人民政府…, 广州市政府…) — not in a
   《cited title》; else the place named most (镇江工商局), when it stands out.

A place that is ambiguous (鼓楼区 is in four cities; 宁 is 宁夏 and 南京) is decided by the
document's other evidence (cited 文号 of its province, places named in the text); when nothing
decides, the document's jurisdiction is unknown — never a default place.  Evidence that conflicts
is passed over rather than guessed from: two signatures of unrelated places (a joint document);
a 文号 code or title naming a place of another level than the one the text speaks of itself
(全县 under a title naming its city); a code read by its first character against the document's
other evidence.  A document of the central government (国办发, 国务院办公厅, addressed to
各省、自治区、直辖市) is of no local place (basis ``central``), whatever places it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govgraph.docnum import parse_doc_number
from govgraph.places import LEVEL_WORDS, Division, Gazetteer, Place, find_places, names_a_street
from govgraph.records import DocumentRecord, Extraction, PlaceCue
from govgraph.resolve.registry import Registry

_CJK = "\u4e00-\u9fff"
_TOWNSHIP_RE = re.compile(rf"([{_CJK}]{{1,6}}?(?:镇|乡|街道))(?:人民政府|政府|办事处|党委)")
_TOWNSHIP_END_RE = re.compile(rf"([{_CJK}]{{1,6}}?(?:镇|乡|街道))")
_SENTENCE_ENDS = ("。", "！", "？", "；")
_SENTENCE_RE = re.compile(r"[，,。；;]")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# Words a 文号 code prints after its place part (川发改, 苏劳社, 十政办发): not part of the place.
_ORGAN_CODE_RE = re.compile(r"[政府办发委党字函]")
_PREFIXES = ("中共", "中国共产党", "共青团")

BASES = ("override", "issuer", "masthead", "signature", "docnum", "title", "text", "central", "unknown")
# What a document states of itself: its issuer, masthead, signature.  It decides alone; weaker
# evidence (文号 code, title) must also fit the level the text speaks of itself.
_STATED = frozenset({"issuer", "masthead", "signature"})
# An issuer of the central government: the State Council and its offices, the Party centre, the
# NPC, ministries and national bureaus (with no place named in it: 国家统计局温州调查队 is local).
_CENTRAL_ISSUER_RE = re.compile(
    r"^(?:国务院|中共中央|中央|全国人民代表大会|全国人大|中华人民共和国|国家)"
    r"|^(?![省市区县州旗乡镇])(?!.*委)[\u4e00-\u9fff]{1,8}(?:部|总署|总局)(?:办公厅)?$"
)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """The government a document is of (``place`` None: unknown) and how that was decided."""

    place: Place | None
    basis: str  # one of BASES
    evidence: str  # what was read ("" for unknown)
    scope: str  # the gazette file: names the document's unknown-place entities
    year: int | None = None  # the document's year, for names in force at the time

    @property
    def label(self) -> str:
        """The place's qualified name (黄石市下陆区, 重庆市铜梁区石鱼镇); "" when unknown."""
        if self.place is None:
            return ""
        from govgraph.places import gazetteer_at
        from govgraph.resources import registry_dir

        return gazetteer_at(registry_dir()).qualified(self.place.division) + (self.place.township or "")

    @property
    def known(self) -> bool:
        return self.place is not None

    @property
    def division(self) -> Division | None:
        return self.place.division if self.place is not None else None


def place_chain(text: str, gaz: Gazetteer) -> list[list[Division]]:
    """The places a name starts with, outermost first: 黄石市下陆区人民政府办公室 →
    [[黄石市], [下陆区]]; each entry lists the divisions the words may name (鼓楼区: four)."""
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    out: list[list[Division]] = []
    pos = 0
    pattern = gaz.names_pattern
    while pos < len(text):
        m = pattern.match(text, pos)
        if not m or names_a_street(text, m.end()):
            break  # 南京路步行街管理办公室: a street of the document's city, not 南京
        found = gaz.named(m.group())
        if out:
            inside = [d for d in found if any(gaz.is_within(d, p) for p in out[-1])]
            if not inside:
                break
            found = inside
            out[-1] = [p for p in out[-1] if any(gaz.is_within(d, p) for d in found)]
        out.append(found)
        pos = m.end()
    return out


def _chain_end(text: str, chain: list[list[Division]], gaz: Gazetteer) -> int:
    """Where the place words of ``text`` end (after a 中共 prefix and each place name)."""
    pos = next((len(p) for p in _PREFIXES if text.startswith(p)), 0)
    for _ in chain:
        m = gaz.names_pattern.match(text, pos)
        if m is None:
            break
        pos = m.end()
    return pos


def _deepest(chain: list[list[Division]]) -> list[Division]:
    return chain[-1] if chain else []


class JurisdictionDetector:
    """Decides the jurisdiction of each document of an extraction (see the module docstring)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.gaz = registry.gazetteer
        # places_of_code scans every division: asked again for every 文号 of a corpus (thousands
        # of times), the answer for a code is kept.
        self._code_places: dict[str, tuple[list[Division], list[Division]]] = {}

    # -- evidence ------------------------------------------------------------------------------
    def places_in_name(self, text: str) -> list[Place]:
        """Places an issuer, masthead or signature names (with a township when printed)."""
        chain = place_chain(text, self.gaz)
        divisions = _deepest(chain)
        if not divisions:
            return []
        township = None
        m = _TOWNSHIP_RE.match(text, _chain_end(text, chain, self.gaz))
        if m and len(divisions) == 1:
            township = m.group(1)
        return [Place(d, township) for d in divisions]

    def places_of_code(self, code: str) -> tuple[list[Division], list[Division]]:
        """(conventional, by first character) divisions a 文号 issuer code names."""
        known = self._code_places.get(code)
        if known is None:
            known = self._code_places[code] = self._places_of_code(code)
        return list(known[0]), list(known[1])

    def _places_of_code(self, code: str) -> tuple[list[Division], list[Division]]:
        table = self.registry.docnum_codes
        place_part = _ORGAN_CODE_RE.split(code, maxsplit=1)[0] or code[:1]
        conventional: list[Division] = []
        for k in range(min(3, len(place_part)), 0, -1):
            if place_part[:k] in table:
                conventional = [self.gaz.by_code[c] for c in table[place_part[:k]]]
                break
        first = place_part[:1]
        # The first character begins a prefecture's short name (许政 → 许昌) or a county's,
        # a district's or a county-level city's (永政发 is 永州's code and 永嘉县's): every one of
        # them is a candidate, for the document's other evidence to choose from.
        by_rule = [
            d
            for d in self.gaz.by_code.values()
            if d.current
            and d.level == "prefecture"
            and d.short_name.startswith(place_part[:2] if len(place_part) > 1 else first)
        ]
        by_rule += [
            d
            for d in self.gaz.by_code.values()
            if d.current and d.level == "county" and d.short_name.startswith(first)
        ]
        return conventional, [d for d in by_rule if d not in conventional]

    def _context(self, cues: Sequence[PlaceCue], docs: Sequence[DocumentRecord]) -> list[Division]:
        """Divisions the document's weaker evidence points at: cited 文号 and places named."""
        out = self._province_context(cues)
        for cue in cues:
            if cue.kind == "text":
                out += self.gaz.named(cue.text)
        for d in docs:
            for text in (d.issuer or "", d.title or ""):
                for found in place_chain(text, self.gaz):
                    out += found
        return out

    def _province_context(self, cues: Sequence[PlaceCue]) -> list[Division]:
        """The provinces of the 文号 a document cites (苏政发, 陕财办农): a document cites its own
        province's documents and the centre's, so its place lies in one of them."""
        out: list[Division] = []
        for cue in cues:
            if cue.kind == "cited":  # not the document's own number: that is the evidence itself
                number = parse_doc_number(cue.text)
                if number is not None:
                    conventional, _ = self.places_of_code(number.code)
                    if len(conventional) == 1 and conventional[0].level == "province":
                        out += conventional  # 宁政发 (宁夏 or 南京) points nowhere
        return out

    def _narrow(self, candidates: list[Division], context: list[Division]) -> list[Division]:
        if len(candidates) <= 1:
            return candidates
        near = [
            c
            for c in candidates
            if any(self.gaz.is_within(x, c) or self.gaz.is_within(c, x) for x in context)
        ]
        return near or candidates

    # -- decision ------------------------------------------------------------------------------
    def detect(
        self,
        extraction: Extraction,
        override: str | None = None,
    ) -> tuple[Jurisdiction, dict[str, Jurisdiction]]:
        """(the gazette's jurisdiction, each document's by its key)."""
        cues = list(extraction.place_cues)
        year = _year_of(extraction, cues) or next(
            (y for y in (_doc_year(d) for d in extraction.documents) if y is not None), None
        )
        scope = extraction.source
        if override:
            place = self.parse_override(override)
            j = Jurisdiction(place, "override", override, scope, year)
            return j, {d.key: _with_year(j, _doc_year(d) or year) for d in extraction.documents}
        gazette = self._decide(cues, [], scope, year)
        docs: dict[str, Jurisdiction] = {}
        for d in extraction.documents:
            own = self._decide(cues, [d], scope, _doc_year(d) or year)
            if not own.known and own.basis != "central":  # a central document stays of no place
                own = _with_year(gazette, _doc_year(d) or year)
            docs[d.key] = own
        if not gazette.known and len({j.place for j in docs.values() if j.known}) == 1:
            gazette = next(j for j in docs.values() if j.known)
        return gazette, docs

    def parse_override(self, text: str) -> Place:
        text = text.strip()
        places = self.places_in_name(text)
        if len(places) == 1 and places[0].township is None:
            # a township named by itself at the end (重庆市铜梁区石鱼镇): the user's place
            chain = place_chain(text, self.gaz)
            m = _TOWNSHIP_END_RE.fullmatch(text, _chain_end(text, chain, self.gaz))
            if m:
                places = [Place(places[0].division, m.group(1))]
        if len(places) != 1:
            from govgraph.errors import InputError

            what = (
                "names no division"
                if not places
                else "is ambiguous: " + "、".join(self.gaz.qualified(p.division) for p in places)
            )
            raise InputError(
                "--jurisdiction", f"{text!r} {what} (give the qualified name, e.g. 南京市鼓楼区)"
            )
        return places[0]

    def _decide(
        self, cues: Sequence[PlaceCue], docs: Sequence[DocumentRecord], scope: str, year: int | None
    ) -> Jurisdiction:
        context = self._context(cues, docs)
        provinces = self._province_context(cues)
        evidence: list[tuple[str, str, list[Place], list[Place]]] = []  # basis, text, sure, by rule
        for d in docs:
            if d.issuer:
                evidence.append(("issuer", d.issuer, self.places_in_name(d.issuer), []))
        for cue in cues:
            if cue.kind in ("masthead", "source"):
                evidence.append(("masthead", cue.text, self.places_in_name(cue.text), []))
        for cue in cues:
            if cue.kind == "signature":
                evidence.append(("signature", cue.text, self.places_in_name(cue.text), []))
        for cue in cues:
            if cue.kind == "issuer":
                evidence.append(("issuer", cue.text, self.places_in_name(cue.text), []))
        numbers = [d.doc_number for d in docs if d.doc_number] or (
            [c.text for c in cues if c.kind == "docnum"][:1] if not docs else []
        )
        for text in numbers:
            number = parse_doc_number(text)
            if number is not None:
                conventional, by_rule = self.places_of_code(number.code)
                evidence.append(
                    ("docnum", text, [Place(d) for d in conventional], [Place(d) for d in by_rule])
                )
        heads = [d.title for d in docs if d.title] or (
            [c.text for c in cues if c.kind == "head"][:3] if not docs else []
        )
        # A head line is a title when it is not a sentence (news text names places in passing).
        # A line ending a sentence (全市各单位要…确保长治久安。) is no title, however short.
        heads = [h for h in heads if len(h) <= 40 or not _SENTENCE_RE.search(h)]
        heads = [h for h in heads if not h.endswith(_SENTENCE_ENDS)]
        for text in heads:
            for start, _, printed in find_places(text, self.gaz):
                found = [p for p in self.places_in_name(text[start:]) if _title_worthy(p.division, printed)]
                if found:
                    evidence.append(("title", text, found, []))
                    break
        central = self._central(cues, docs, numbers)
        # How the text speaks of its own government (我县, 全市): a weaker piece of evidence (a 文号
        # code, a title) that names a place of another level is not the speaker (a county's
        # notice titled after its city, 永政发 read as 永州 in a text of 我县).
        own = _own_level(cues)
        kinds = LEVEL_WORDS[own] if own is not None else None
        decided: Jurisdiction | None = None
        choices = [
            (basis, text, sure + by_rule, self._choose(basis, sure, by_rule, context, kinds, provinces))
            for basis, text, sure, by_rule in evidence
        ]
        for basis, text, places, divisions in choices:
            if central is not None and basis not in _STATED:
                break  # a central document (国办发, 各省、自治区、直辖市): no local place is its own
            if len(divisions) != 1:
                continue
            # Two signatures (or mastheads, issuers) of unrelated places: a joint document, or a
            # line taken for a signature; that kind of evidence says nothing, the next may.
            others = {ds[0].code: ds[0] for b, _, _, ds in choices if b == basis and len(ds) == 1}
            if any(not self._nested(d, divisions[0]) for d in others.values()):
                continue
            place = next((p for p in places if p.division == divisions[0]), Place(divisions[0]))
            decided = Jurisdiction(place, basis, text, scope, year)
            break
        if decided is None and central is not None:
            return Jurisdiction(None, "central", central, scope, year)
        if decided is None:
            decided = self._from_self(cues, scope, year)
        if decided is None:
            text_place = self._from_text(cues, context)
            if text_place is not None:
                return Jurisdiction(Place(text_place[0]), "text", text_place[1], scope, year)
            return Jurisdiction(None, "unknown", "", scope, year)
        return decided

    def _choose(
        self,
        basis: str,
        sure: list[Place],
        by_rule: list[Place],
        context: list[Division],
        kinds: frozenset[str] | None,
        provinces: list[Division],
    ) -> list[Division]:
        """The divisions one piece of evidence leaves (one: it decides).

        What the document states of itself (issuer, masthead, signature) decides alone.  A 文号
        code or a title is weaker: it must fit the level the text speaks of itself (``kinds``),
        and a code read by its first character decides only when the document's other evidence
        agrees with it, or there is none — never against it (永政发 in a text citing 浙政办发
        is not 永州), nor does a conventional code outside the provinces of the 文号 the document
        cites (汉政办发 citing 陕财办农 is not 武汉's)."""
        stated = [p.division for p in sure]
        rule = [p.division for p in by_rule]
        if basis not in _STATED:
            if kinds is not None:
                stated = [d for d in stated if d.kind in kinds]
                rule = [d for d in rule if d.kind in kinds]
            if provinces:
                stated = [d for d in stated if self._near(d, provinces)]
                rule = [d for d in rule if self._near(d, provinces)]
        divisions = self._narrow(stated, context)
        if len(divisions) == 1 or not rule:
            return divisions
        pool = stated + rule
        near = [d for d in pool if self._near(d, context)]
        if near:
            return near
        if not stated and len(rule) == 1 and not context:
            return rule
        return []

    def _near(self, d: Division, context: list[Division]) -> bool:
        return any(self._nested(d, x) for x in context)

    def _nested(self, a: Division, b: Division) -> bool:
        return self.gaz.is_within(a, b) or self.gaz.is_within(b, a)

    def _central(
        self, cues: Sequence[PlaceCue], docs: Sequence[DocumentRecord], numbers: Sequence[str]
    ) -> str | None:
        """What marks a document of the central government, if anything: its 文号 code (国办发,
        中发: ``docnum_codes.csv`` rows of 中央), its issuer (国务院办公厅, a ministry: an organ
        naming no place), or its addressees (各省、自治区、直辖市人民政府)."""
        central_codes = self.registry.central_codes
        for text in numbers:
            number = parse_doc_number(text)
            if number is not None and number.code.startswith(tuple(central_codes)):
                return text
        for d in docs:
            issuer = d.issuer or ""
            if _CENTRAL_ISSUER_RE.match(issuer) and not self.gaz.names_pattern.search(issuer):
                return issuer
        for cue in cues:
            if cue.kind == "central":
                return cue.text
        return None

    def _from_self(self, cues: Sequence[PlaceCue], scope: str, year: int | None) -> Jurisdiction | None:
        """The place the text says it is of: 结合官渡区实际 (one place), else the one place of the
        text's own level whose organs it names (安顺市委、市人民政府…全市; 广州市政府…市长)."""
        own = _own_level(cues) or _own_level(cues, "relative", 2)
        for kind in ("self", "organ"):
            found: dict[str, tuple[Division, str, int]] = {}
            for cue in cues:
                if cue.kind != kind:
                    continue
                named = [d for d in self.gaz.named(cue.text) if d.level != "zone"]
                if own is not None and kind == "organ":
                    named = [d for d in named if d.kind in LEVEL_WORDS[own]]
                if len(named) > 1:
                    near = [d for d in named if d.current]
                    named = near if len(near) == 1 else named
                for d in named:
                    _, text, n = found.get(d.code, (d, cue.text, 0))
                    found[d.code] = (d, text, n + 1)
            if len(found) != 1:
                continue
            d, text, n = next(iter(found.values()))
            if len(self.gaz.named(text)) > 1 and own is None:
                continue  # 鼓楼区: which one?
            if kind == "organ" and own is None and n < 2:
                continue  # one organ named in passing, by a text that never speaks of its own level
            return Jurisdiction(Place(d), "text", text, scope, year)
        return None

    def _from_text(self, cues: Sequence[PlaceCue], context: list[Division]) -> tuple[Division, str] | None:
        """The place named most often in the text, when it stands out (twice the next, ≥ 2)."""
        counts: dict[str, tuple[int, str]] = {}
        for cue in cues:
            if cue.kind != "text":
                continue
            found = [d for d in self.gaz.named(cue.text) if d.level in ("prefecture", "county", "province")]
            if len(found) != 1:
                continue
            d = found[0]
            n, _ = counts.get(d.code, (0, cue.text))
            counts[d.code] = (n + cue.count, cue.text)
        if not counts:
            return None
        # a place's mentions count for the places around it too (温州 + 鹿城区 → 温州)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
        best, (n, text) = ranked[0]
        runner = ranked[1][1][0] if len(ranked) > 1 else 0
        d = self.gaz.by_code[best]
        if d.level == "province":
            inner = [c for c, _ in ranked[1:] if self.gaz.is_within(self.gaz.by_code[c], d)]
            if inner:
                return None  # a province and places inside it: which one is the document's?
        own = _own_level(cues)
        if own is not None and d.kind not in LEVEL_WORDS[own]:
            return None  # 我市/全市 text naming a province, 全省 text naming a city: not its own place
        if d.level == "county" and any(
            self.gaz.by_code[c].level == "county" and self.gaz.by_code[c].parent == d.parent
            for c, _ in ranked[1:]
        ):
            # Districts of one city named side by side (…商务局、高新区、岳麓区 / 望城区) are units
            # of their city's document more often than the issuers: which one is not said.
            return None
        if (n >= 2 and n >= 2 * runner) or (len(ranked) == 1 and own is not None):
            return d, text  # named most, or the only place a text that speaks of its level names
        return None


def _own_level(cues: Iterable[PlaceCue], kind: str = "level", least: int = 1) -> str | None:
    """The level word the text uses for its own government (我市, 全省; ``relative``: 区政府,
    副市长), when one dominates."""
    counts = sorted(((c.count, c.text) for c in cues if c.kind == kind), reverse=True)
    if not counts or counts[0][0] < least:
        return None
    if len(counts) > 1 and counts[1][0] * 2 > counts[0][0]:
        return None
    return counts[0][1]


def _title_worthy(d: Division, printed: str) -> bool:
    """A place named in a title: a province or prefecture, or a county printed with its suffix
    and three characters or more (理县 inside 代理县长 is not a place)."""
    return d.level in ("province", "prefecture") or len(printed) >= 3


def _with_year(j: Jurisdiction, year: int | None) -> Jurisdiction:
    return Jurisdiction(j.place, j.basis, j.evidence, j.scope, year)


def _doc_year(d: DocumentRecord) -> int | None:
    for text in (d.date or "", d.doc_number or ""):
        m = _YEAR_RE.search(text)
        if m:
            return int(m.group())
    return None


def _year_of(extraction: Extraction, cues: Iterable[PlaceCue]) -> int | None:
    if extraction.issue.year:
        return extraction.issue.year
    for cue in cues:
        if cue.kind == "docnum":
            n = parse_doc_number(cue.text)
            if n is not None:
                return n.year
    dates = sorted(c.text for c in cues if c.kind == "date")
    if dates:
        return int(dates[-1][:4])
    for cue in cues:
        if cue.kind == "head":
            m = re.search(r"((?:19|20)\d\d)年", cue.text)
            if m:
                return int(m.group(1))
    return None
