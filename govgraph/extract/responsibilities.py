"""Responsibility assignments: who leads and who joins each task of a document.

Gazette documents (行动方案, 若干措施, 若干政策 …) number their tasks and close each one with
the units responsible for it.  The forms this module reads, in the order the scanner tries
them:

* a labelled clause, bracketed anywhere in a paragraph (several per paragraph, each for the
  sentence before it) or on a line of its own: ``（责任单位：*市自然资源和规划局、市住建局）``,
  ``责任单位：市发改委``, ``（牵头单位：市商务局；配合单位：市财政局）``;
* a bracketed lead statement: ``一、科技创新政策（由市科技局牵头实施）``;
* a bare bracketed unit list closing a sentence: ``…公开出让。（市自然资源和规划局，各县<市、区>政府）``;
* running text ``由市商务局牵头，市财政局配合``;
* table rows with a 责任单位 / 牵头单位 / 配合单位 / 责任主体 / 承办单位 column (tab-separated,
  markdown or HTML rows, HTML lists inside cells), one clause per row; a row whose task cell
  says "瑞安牵头瓯海…" names its lead unit inline.

Which unit leads is a convention of the document: a ``*`` marker ("带*为牵头单位"), "列第一位
的为牵头单位", an explicit 牵头单位 field or an inline "X牵头".  A convention declared with 下同
(or in a sentence of its own) holds for the rest of the document; without one the lead is
unknown (``lead == ()``) and the units keep their printed order.

Units are mentions as printed (brackets as printed, white space removed, ``*`` dropped);
resolving them to agencies is :mod:`govgraph.resolve`'s job.  The scanner works on plain
text, so :func:`responsibility_spans` exposes it to a spaCy component without a Gazette.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from govgraph.ingest import Gazette, Section
from govgraph.records import DocumentRecord, Extraction, ResponsibilityClause, Task
from govgraph.text import HAN_RE, fold_all_brackets, without_spaces
from govgraph.vocab import alternation, word_list, words

log = logging.getLogger(__name__)

EXTRACTOR = "responsibilities"

# ---------------------------------------------------------------------------------------------
# Width folding: one bracket pair, ASCII colon/comma/semicolon, same length as the input.
# (A text printed in traditional characters reaches here already read in simplified ones: see
# ``Gazette.as_printed``.)
_fold = fold_all_brackets


def _sub_folded(pattern: re.Pattern[str], repl: str, text: str) -> str:
    """``pattern.sub(repl, text)`` with the pattern matched on the folded text (the vocabulary is
    written with one bracket width)."""
    pieces, pos = [], 0
    for m in pattern.finditer(_fold(text)):
        pieces += [text[pos : m.start()], repl]
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


def _without_head(pattern: re.Pattern[str], text: str) -> str:
    """``text`` without what ``pattern`` (anchored at the start: ``^…``) matches at its start,
    matched on the folded text (``_sub_folded(pattern, "", text)`` for such a pattern)."""
    m = pattern.match(_fold(text))
    return text[m.end() :] if m else text


def _norm(unit: str) -> str:
    """Comparison key of a unit mention (dedup): brackets width-blind, no white space."""
    return without_spaces(_fold(unit))


# ---------------------------------------------------------------------------------------------
# Vocabulary of the genre (patterns on folded text)

# Quirk: a page or column break can fall between any two characters of the keyword
# ("（责" / "任单位"), so white space is allowed inside it.  Everything here is compiled on
# first use from data/vocab/clauses.tsv.
_ROLE_KINDS = ("neutral", "lead", "participant")
# Any label ending in 单位/部门/主体/处室 is a role ("数据提供单位："), unless it names a collective
# of bodies rather than a role ("市政府各部门：" closing an addressee line).
_GENERIC_LABEL = r"(?<![\u4e00-\u9fff\n])[\u4e00-\u9fff]{1,6}?(?:单位|部门|主体|处室)"
_NOT_A_ROLE_RE = re.compile(r"各|有关|相关|其他|所有|政府|直属|以下|上述|本")


@cache
def _label_words() -> dict[str, str]:
    """label → neutral | lead | participant | leader."""
    return {w: k for w, k in word_list("clauses") if k in (*_ROLE_KINDS, "leader")}


@cache
def _not_role_words() -> frozenset[str]:
    """Labels ending in 单位/部门 that name no responsibility (监考单位, 发文单位)."""
    return frozenset(words("clauses", "not_role"))


@cache
def _label_alt() -> str:
    return alternation(_label_words(), spaced=True) + "|" + _GENERIC_LABEL


def label_role(label: str) -> str | None:
    """The role a printed label gives its units (neutral | lead | participant), "leader" for a
    label whose value is a person, None when the words are not a label."""
    key = re.sub(r"\s+", "", _fold(label))
    known = _label_words().get(key)
    if known is not None:
        return known
    if _NOT_A_ROLE_RE.search(key) or key in _not_role_words():
        return None
    if any(w in key for w in words("clauses", "lead_verb")):
        return "lead"
    if any(w in key for w in words("clauses", "participant_verb")):
        return "participant"
    return "neutral"


@cache
def _label_re() -> re.Pattern[str]:
    """A labelled clause: optional opening bracket, the label, a colon (width folded)."""
    return re.compile(rf"(?P<open>\(\s*)?(?P<label>{_label_alt()})\s*:")


@cache
def _known_label_re() -> re.Pattern[str]:
    """A label of clauses.tsv opening a line (a generic "X单位" could be a word cut by a break)."""
    return re.compile(rf"\s*(?:{alternation(_label_words(), spaced=True)})\s*:")


@cache
def _label_line_re() -> re.Pattern[str]:
    """A label heading a later segment, after a line break, a comma or a space:
    "牵头单位：…；配合单位：…", "牵头单位：…，配合单位：…", "牵头单位：…" / "配合单位：…"."""
    labels = f"{_label_alt()}|{alternation(_column_words(), spaced=True)}"
    return re.compile(rf"(?:\n|[,，。]|\s+)(?=\s*(?:{labels})\s*[:：])")


@cache
def _other_field_re() -> re.Pattern[str]:
    """A task field that is no unit list, printed in the clause after the units: "完成时限：2024年底",
    "完成时间：…", "责任领导：…" (clauses.tsv column names)."""
    return re.compile(rf"\s*(?:{alternation(_column_words(), spaced=True)})\s*:")


# Bullets a labelled line may open with ("▲责任单位：…", "● 牵头单位：…").
_BULLETS = "▲△●○■□◆◇★☆•·-—*> "


@cache
def _longest_label() -> int:
    return max((len(w) for w in _label_words()), default=0)


def _role_label_words() -> list[str]:
    return [w for w, k in _label_words().items() if k in _ROLE_KINDS]


def _role_labels() -> str:
    return alternation(_role_label_words(), spaced=True)


@cache
def _stated_label_end_re() -> re.Pattern[str]:
    """The last character of a role label before 为/是: what a stated label (see
    :func:`_label_variant_re`) cannot be without, found by a quick scan."""
    ends = "".join(sorted({re.escape(w[-1]) for w in _role_label_words() if w}))
    return re.compile(rf"[{ends}]\s*[为是]") if ends else re.compile(r"(?!x)x")


@cache
def _label_variant_re() -> re.Pattern[str]:
    """A role label without its colon: in lenticular brackets before the units ("【责任单位】市发改委、
    市财政局", "【牵头单位】X【配合单位】Y"), or stated with 为 ("…，责任单位为市住建局、市城管局。")."""
    labels = _role_labels()
    return re.compile(
        rf"\(\s*(?P<bracketed>{labels})\s*\)\s*:?\s*(?=[^\s)])|(?P<stated>{labels})\s*(?:为|是)(?=\S)"
    )


@cache
def _bracketed_label_re() -> re.Pattern[str]:
    """A later label of the same line in lenticular brackets ("…【配合单位】Y")."""
    return re.compile(rf"\(\s*(?P<label>{_role_labels()})\s*\)\s*:?")


def _as_segments(text: str) -> str:
    """"X【配合单位】Y" → "X;配合单位:Y": later bracketed labels as segment labels."""
    pieces, pos = [], 0
    for m in _bracketed_label_re().finditer(_fold(text)):
        pieces += [text[pos : m.start()], ";", text[m.start("label") : m.end("label")], ":"]
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


@cache
def _segment_label_re() -> re.Pattern[str]:
    return re.compile(rf"\s*(?P<label>{_label_alt()})\s*:\s*")


@cache
def _role_before_close_re() -> re.Pattern[str]:
    """A role verb (or its tail) closing a bracket: "…负责）", "…配合)", "…牵头实施）" — the cheap
    test before the brackets of a paragraph are matched."""
    verbs = [
        w
        for kind in ("lead_verb", "participant_verb", "neutral_verb", "verb_tail")
        for w in words("clauses", kind)
    ]
    return re.compile(rf"(?:{alternation(verbs)})\s*\)")


@cache
def _role_suffix_re() -> re.Pattern[str]:
    """Role words closing a group of items: "市商务局牵头，市财政局配合", "…管委会为责任主体",
    "有关县〔市、区〕政府、功能区管委会负责落实", "由市科技局牵头实施", "…市建委承办"."""
    tail = alternation(words("clauses", "verb_tail"))
    manner = alternation(words("clauses", "manner_verb"))
    groups = []
    for role in ("lead", "participant", "neutral"):
        verbs = alternation(words("clauses", f"{role}_verb"))
        groups.append(rf"(?P<{role}>(?:{manner})?(?:{verbs})(?:{tail})?)")
    return re.compile(rf"(?P<role>{'|'.join(groups)})$")


# Lead conventions.  Quirks: "带*为牵头单位", "带*号的为牵头单位", "标“*”的单位为牵头单位";
# "列第一位的为牵头单位", "列第一位者为牵头单位", "列第一位的责任单位为牵头单位",
# "排在第一位的为牵头单位", "第一个单位为牵头单位", and the reverse
# order "牵头单位列第一位" / "排在首位的是牵头部门"; the scope note "下同" after a comma or in
# its own bracket, or "以下" before the statement.
_STAR = r"[“\"'‘]?\s*\*\s*[”\"'’]?"
# 牵头单位, also 牵头或汇总单位 (the unit that leads or gathers the reports)
_LEAD_UNIT = r"牵\s*头\s*(?:或\s*[\u4e00-\u9fff]{1,4}\s*)?(?:单位|部门)"
_STAR_CONVENTION = (
    rf"(?:带|标|加|有|标注|注有|标有)\s*{_STAR}\s*(?:号)?\s*(?:的)?\s*(?:单位|部门)?"
    rf"\s*(?:为|是)\s*{_LEAD_UNIT}"
)
# "第一责任单位为牵头单位": the first-named responsible unit leads.
_FIRST_PLACE = (
    r"(?:(?:列|排|排名|排序)\s*(?:在|于|为)?\s*(?:第\s*一|首)\s*(?:位|个)?|第\s*一\s*(?:个|位|责\s*任)|首\s*位)"
)
_FIRST_CONVENTION = (
    rf"{_FIRST_PLACE}\s*(?:的|者)?\s*(?:责\s*任\s*)?(?:单位|部门)?\s*(?:为|是)\s*{_LEAD_UNIT}"
    rf"|{_LEAD_UNIT}\s*(?:列|排|排名)\s*(?:在|于|为)?\s*(?:第\s*一|首)\s*(?:位|个)"
)
_CONVENTION_RE = re.compile(
    rf"(?P<before>以下|下列[^。;,()]{{0,12}}?)?(?:(?P<star>{_STAR_CONVENTION})|(?P<first>{_FIRST_CONVENTION}))"
    r"(?P<scope>\s*[,、]?\s*\(?\s*下\s*同\s*\)?)?"
)
# A bracket that holds only a convention note, printed right after a unit list.
_CONVENTION_BRACKET_RE = re.compile(rf"\s*\(([^()]{{0,40}}{_LEAD_UNIT}[^()]{{0,12}})\)")

# "等" closing a list ("市经信局等", "…等有关部门", "省农业厅等省直有关部门", "市发改委等10个部门")
# is a trailer, not part of the unit; a 等 inside an item ("浙江工贸职业技术学院等在温相关高校")
# is kept as printed, and so is a 等 inside a name ("市高等教育管理部门": the part before 等
# must read as a unit).
_ETC_RE = re.compile(r"等(?:[\u4e00-\u9fff\d]{0,8}?(?:单位|部门|机构))?$")


def _drop_etc(item: str) -> str:
    if "等" not in item:
        return item  # (folding a long cell costs more than this test)
    m = _ETC_RE.search(_fold(item))
    if m is None or len(item) <= 3:
        return item
    head = item[: m.start()]
    if m.end() - m.start() > 1 and not looks_like_unit(head):
        return item
    return head
# A unit's own bracket naming its role: "市发改委（牵头）", "市财政局（配合单位）".
_ROLE_MARK_RE = re.compile(
    r"\(\s*(?P<role>牵头(?:单位|部门)?|主办|主责|配合(?:单位|部门)?|协办|参与|协同)\s*\)\s*$"
)
_LEADING_RE = re.compile(r"^(?:由|和|及|以及|会同)(?=\S{2})")

# What a unit name looks like: used only where no label says "these are units" (bare
# bracket lists, 由…牵头, space-separated cells).
_UNIT_SUFFIX_RE = re.compile(
    r"(?:局|委|办|厅|部|署|院|会|政府|集团|队|中心|支行|分行|海关|公司|所|站|室|处|岗|党校|馆|"
    r"高校|大学|学院|学校|单位|部门|机构|联|社|行|区|市|县|镇|乡|街道|小组|专班)$"
)
_TRAILING_BRACKET_RE = re.compile(r"\([^()]*\)$")

# Numbered headings of the task tree.  Quirks: markdown "#" before the marker, half-width
# brackets, "1." / "1．" / "1、" and a space after the marker; "2.4月底前" is not a heading.
_HEADING_RE = re.compile(
    r"\s*#*\s*(?:(?P<l0>[一二三四五六七八九十百]+)\s*[、.]|\(\s*(?P<l1>[一二三四五六七八九十]+)\s*\)|"
    r"(?P<l2>\d{1,3})\s*(?:[.、](?!\d)|\s(?=\D))|\(\s*(?P<l3>\d{1,3})\s*\))\s*"
)
_ATTACHMENT_RE = re.compile(r"\s*#*\s*附\s*件\s*(?:\d{1,2}\s*)?(?P<list>[:：].*)?$")
# Targets: "到2027年，…" / "2024年，…" / "2021年底前…" opening a sentence.
_TARGET_RE = re.compile(
    r"(?:^|(?<=[。;,\n]))\s*(?:(?:力争|计划)?(?:到|至)\s*)?\d{4}\s*年(?:底|末|前|年底|上半年)?\s*(?:前)?\s*[,，][^。]*。?"
)
_SENTENCE_END = "。"
# HTML inside table cells (markdown conversions keep <ol><li> lists) and whole HTML rows.
# Quirk: only real tag names count, so the half-width brackets of 各县<市、区>政府 stay text;
# unclosed <tr>/<td> (sloppy converters) end at the next row/cell.
_HTML_TAG_RE = re.compile(r"</?(?:ol|ul|li|br|p|span|div|strong|b|em|font|sup|sub)\b[^>]*>", re.I)
_HTML_ROW_START_RE = re.compile(r"<t[rd]\b", re.I)
_HTML_ROW_RE = re.compile(r"<tr\b[^>]*>(?P<body>.*?)(?:</tr>|(?=<tr\b)|$)", re.I | re.S)
_HTML_CELL_RE = re.compile(r"<t(?P<kind>[hd])\b[^>]*>(?P<body>.*?)(?:</t[hd]>|(?=<t[hd]\b)|$)", re.I | re.S)


# ---------------------------------------------------------------------------------------------
# Unit lists


@dataclass(slots=True)
class UnitList:
    """A parsed unit list: the units in printed order and what the list itself says of leads."""

    units: list[str] = field(default_factory=list)
    starred: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # unit -> lead | participant (stated)
    labelled_lead: bool = False  # a 牵头单位 field (as opposed to an inline "X牵头")
    convention: str | None = None  # star | first_listed declared inside the list
    persistent: bool = False  # the declaration holds for the rest of the document (下同)
    labels: dict[str, str] = field(default_factory=dict)  # unit -> role as printed (配合单位, 牵头)

    @property
    def stated_lead(self) -> list[str]:
        return [u for u in self.units if self.roles.get(u) == "lead"]


def _split_depth0(text: str, folded: str, separators: str) -> list[str]:
    """Split at separators outside brackets (a list item may hold 〈市、区〉 or （经开区））."""
    parts: list[str] = []
    depth = 0
    last = 0
    for m in _marks_re(separators).finditer(folded):
        i, ch = m.start(), m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return parts


@cache
def _marks_re(separators: str) -> re.Pattern[str]:
    """Brackets and ``separators``: the only characters the splitters act on (the others are
    skipped in C, not looked at one by one)."""
    return re.compile("[()" + "".join(re.escape(c) for c in separators) + "]")


def _cut_sentence(text: str) -> str:
    """Text up to the first 。 outside brackets ("…负责落实。以下均需…不再列出" keeps the first part)."""
    folded = _fold(text)
    if _SENTENCE_END not in folded:
        return text
    depth = 0
    for m in _marks_re(_SENTENCE_END).finditer(folded):
        i, ch = m.start(), m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return text[:i]
    return text


def looks_like_unit(item: str) -> bool:
    """True when ``item`` reads as the name of a unit (agency, government, collective)."""
    item = re.sub(r"[\s*]", "", item)
    core = _TRAILING_BRACKET_RE.sub("", _fold(item)) or item
    if not 2 <= len(core) <= 40 or re.search(r"\d", core):
        return False
    if re.search(r"[。,;:!?“”\"《》]", core):
        return False
    if re.search(r"(?<!自)由", core):  # "所需经费由各地自行": a sentence, not a name (自由贸易区 is)
        return False
    return bool(_UNIT_SUFFIX_RE.search(core))


_BARE_DEPARTMENT_RE = re.compile(r"^[^市县区省各]\S{0,3}(?:局|委|办|厅|部)$")


def _space_split(item: str) -> list[str]:
    """Quirk: tables (and some clauses) separate units by spaces ("龙湾区 温州经开区"), while a
    layout break or a padding space can also fall inside a name ("市\\n金融办", "温州市 公安局").

    A line break always joins (a clause is never laid out one unit per line without a
    separator); a space splits only when every piece reads as a unit and no piece is a bare
    department ("公安局") that completes the place name before it.
    """
    if "\n" in item:
        return [without_spaces(item)]
    pieces = [p.strip() for p in _split_depth0(item, _fold(item), " \u3000") if p.strip()]
    if len(pieces) > 1 and all(looks_like_unit(p) for p in pieces):
        joined_to_place = any(
            pieces[k - 1][-1] in "市县区省" and _BARE_DEPARTMENT_RE.match(pieces[k])
            for k in range(1, len(pieces))
        )
        if not joined_to_place:
            return pieces
    return [without_spaces(item)]


def _conventions_in(folded: str) -> tuple[str | None, bool, list[tuple[int, int]]]:
    """Lead convention declared in a piece of text: (kind, persistent, spans to drop)."""
    kind = None
    persistent = False
    spans = []
    for m in _CONVENTION_RE.finditer(folded):
        kind = "star" if m.group("star") else "first_listed"
        persistent = persistent or bool(m.group("scope") or m.group("before"))
        spans.append(m.span())
    return kind, persistent, spans


def parse_unit_list(text: str) -> UnitList:
    """Parse the inside of a responsibility clause or a table cell into units.

    Handles segment labels (牵头单位：…；配合单位：…), role words closing a group
    (X牵头，Y配合; …为责任主体; …负责落实), convention notes (带*为牵头单位，下同), the ``*``
    marker, "等" trailers, a sentence after the list (cut at 。) and nested brackets.
    """
    out = UnitList()
    folded = _fold(text)
    kind, persistent, spans = _conventions_in(folded)
    if spans:
        chars = list(text)
        for a, b in spans:
            chars[a:b] = [","] * (b - a)
        # The note may have had a bracket of its own after the last unit: "市财政局（第一责任
        # 单位为牵头单位，下同）" leaves an empty bracket behind.
        text = re.sub(r"[（(][,\s]*(?:[)）]|(?=[,;；]|$))", "", "".join(chars))
        # … or a bracket holding a qualifier around the note: "市卫生健康委（除标注“分别牵头”外，
        # 列第一位为牵头或汇总单位，下同）" — the whole bracket is the note, no part of the unit.
        text = re.sub(r"[（(][^()（）]{0,24}?,{4,}[^()（）]{0,12}(?:[)）]|$)", "", text)
        out.convention, out.persistent = kind, persistent
    # A left-over scope note "下同" standing alone.
    text = re.sub(r"(?<=[,，;；\s])\s*下\s*同\s*(?=$|[,，;；)）])", "", text)
    text = _cut_sentence(text)
    # "牵头单位：…" and "配合单位：…" (on lines of their own, or after a comma) are segments
    # of one list.
    text = _sub_folded(_label_line_re(), ";", text)
    seen: dict[str, str] = {}
    for segment in _split_depth0(text, _fold(text), ";"):
        seg_role = None
        seg_label = ""
        if _other_field_re().match(_fold(segment)) and not _segment_label_re().match(_fold(segment)):
            continue  # "（牵头单位：X；完成时限：2024年底）": the deadline is no unit
        m = _segment_label_re().match(_fold(segment))
        if m:
            seg_role = label_role(m.group("label"))
            if seg_role in ("leader", None):
                continue  # 牵头负责领导：张三 names a person; 监考单位：X assesses, answers for nothing
            seg_label = re.sub(r"\s+", "", segment[m.start("label") : m.end("label")])
            segment = segment[m.end() :]
            if seg_role == "lead":
                out.labelled_lead = True
        pending: list[str] = []
        for raw_item in _merge_collectives(_split_items(segment)):
            for item in _space_split(raw_item):
                item = item.strip()
                starred = "*" in _fold(item)
                item = re.sub(r"[*＊]", "", item) if starred else item
                item = _without_head(_SCOPE_RE, item)
                item = _without_head(_LEADING_RE, item)
                role = seg_role if seg_role in ("lead", "participant") else None
                item_label = seg_label
                mark = _ROLE_MARK_RE.search(_fold(item))
                if mark and mark.start() >= 2:
                    # "市发改委（牵头）、市财政局": the unit's own bracket names its role.
                    marked = label_role(mark.group("role"))
                    role = marked if marked in ("lead", "participant") else role
                    item_label = re.sub(r"\s+", "", item[mark.start("role") : mark.end("role")])
                    item = item[: mark.start()]
                rm = _role_suffix_re().search(_fold(item))
                group_role = None
                verb = ""
                if rm and len(item) > len(rm.group("role")):
                    group_role = next(g for g in ("lead", "participant", "neutral") if rm.group(g))
                    verb = re.sub(r"\s+", "", item[rm.start() :])
                    item = item[: rm.start()]
                for sub in map(_drop_etc, _and_split(item.strip())):
                    if not sub or not HAN_RE.search(sub):
                        continue
                    key = _norm(sub)
                    if key not in seen:
                        seen[key] = sub
                        out.units.append(sub)
                        if role:
                            out.roles[sub] = role
                        if starred:
                            out.starred.append(sub)
                        if item_label:
                            out.labels[sub] = item_label
                    pending.append(seen[key])
                if rm is not None:
                    if group_role in ("lead", "participant"):
                        for unit in pending:
                            out.roles.setdefault(unit, group_role)
                    if verb:
                        for unit in pending:
                            out.labels[unit] = verb
                    pending = []
    return out


# "（以上四项工作市X局牵头）", "（以上各项均由市X局负责）": a scope note before the units; the clause
# closes the tasks it names, and the note is no part of a unit.
# Also "（此项工作由县信访局负责）", "（具体由县委宣传部负责）".
_SCOPE_RE = re.compile(
    r"^(?:(?:以上|上述)[\d一二三四五六七八九十两几各]*(?:项|条)?(?:工作|任务|措施|事项|内容)?(?:均)?(?:由)?"
    r"|(?:此|该|本|这)(?:项|些)?(?:工作|任务|措施|事项)(?:具体)?(?:均|分别)?由|具体由|分别由|均由)"
)
# A collective printed with 、 inside: "各县、市、区政府", "各州、市人民政府", "各县、区人民政府(管委会)",
# "各市州、县市区人民政府", "各设区市、县（市、区）人民政府".
_LEVELS = "省市县区州盟旗乡镇"
# 县, 县（市）, 市州, 县市区, 设区市 — on folded text
_LEVEL = rf"(?:设区的?)?[{_LEVELS}]{{1,3}}(?:\([{_LEVELS}、]{{1,6}}\))?"
_LONE_LEVEL_RE = re.compile(rf"^\s*各{_LEVEL}\s*$")
_LEVEL_ITEM_RE = re.compile(rf"^\s*{_LEVEL}\s*$")
_LEVEL_BODY_RE = re.compile(rf"^\s*{_LEVEL}(?:人民)?(?:政府|党委|管委会|委员会)\S{{0,16}}$")


_AND_RE = re.compile(r"以及|及|和|会同|/|／")


def _and_split(item: str) -> list[str]:
    """Two units joined by 及 / 和 / 会同 ("市级各有关部门及各县市区政府", "市发改委会同市财政局"):
    split only when every part reads as a unit on its own (及 / 和 inside a name stays:
    市发展和改革委员会, 区科技和经信局 — "市发展", "区科技" are no units)."""
    parts = [p for p in _AND_RE.split(item) if p]
    if len(parts) > 1 and all(looks_like_unit(p) for p in parts):
        return parts
    return [item]


def _split_items(segment: str) -> list[tuple[str, str]]:
    """Items of a list segment with the separator before each ("" for the first): split at 、
    and commas outside brackets (a list item may hold 〈市、区〉 or （经开区））."""
    folded = _fold(segment)
    out: list[tuple[str, str]] = []
    depth, last, sep = 0, 0, ""
    for m in _marks_re("、,").finditer(folded):
        i, ch = m.start(), m.group()
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append((sep, segment[last:i]))
            last, sep = i + 1, ch
    out.append((sep, segment[last:]))
    return out


def _merge_collectives(items: list[tuple[str, str]]) -> list[str]:
    """Rejoin a collective whose levels are listed with 、 (各县、市、区政府 is one unit: split, it
    would give 各县 / 市 / 区政府); "各县(市)区、开发区" stays two items."""
    out: list[str] = []
    k = 0
    while k < len(items):
        text = items[k][1]
        if _LONE_LEVEL_RE.match(_fold(text)):
            j = k + 1
            parts = [text]
            while j < len(items) and items[j][0] == "、" and _LEVEL_ITEM_RE.match(_fold(items[j][1])):
                parts.append(items[j][1])
                j += 1
            if j < len(items) and items[j][0] == "、" and _LEVEL_BODY_RE.match(_fold(items[j][1])):
                out.append("、".join(p.strip() for p in [*parts, items[j][1]]))
                k = j + 1
                continue
        out.append(text)
        k += 1
    return out


# ---------------------------------------------------------------------------------------------
# Clause spans found by the scanner


@dataclass(slots=True)
class ClauseSpan:
    """A clause as found in a text: offsets, units and the lead decided under the conventions."""

    start: int
    end: int
    anchor: int  # the character whose line is the clause's line (责 / 牵 / row start)
    units: list[str]
    lead: list[str]
    convention: str  # star | first_listed | field | inline | none
    form: str  # label | heading | bare | running | table
    row_task: str | None = None  # table rows: the row's own task cell
    row_target: str | None = None
    row_text: str | None = None
    table_title: str | None = None
    row_number: int = 0
    labels: list[str] = field(default_factory=list)  # each unit's role as printed


@dataclass(slots=True)
class _LeadHeading:
    """An open "（一）X牵头的工作" heading: its level, span, anchor (牵) and units so far."""

    level: int
    start: int
    end: int
    anchor: int
    units: UnitList


# The text of a heading naming the lead of the tasks under it: "省审计厅牵头的工作",
# "市发改委牵头负责的工作", "市商务局主办的事项" (on folded text, after the heading marker).
_LEAD_HEADING_RE = re.compile(
    r"\s*(?P<units>[^。;:,()]{2,60}?)(?P<verb>牵头|主办)(?:负责|组织|实施|落实)?的?(?:工作|任务|事项)\s*:?\s*"
)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    anchor: int
    units: UnitList
    form: str


@dataclass(slots=True)
class _Table:
    keys: list[str]
    names: list[str]  # the column names as printed
    unit_cols: list[tuple[int, str]]  # (column, role)
    task_col: int | None
    target_col: int | None
    width: int
    title: str | None
    rows: int = 0


MAX_BRACKET_SPAN = 1000
"""Characters a bracketed clause may span (the longest unit lists run to a few hundred)."""

#: The longest stretch a clause is looked for in, from its start (issue 18: every match scans a
#: bounded window, so a text without line breaks stays linear).
CLAUSE_WINDOW = 800


class _FoundList(list):  # type: ignore[type-arg]
    """Clauses found in a paragraph, with an overlap test that looks only at neighbours."""

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int]] = []

    def append(self, f: _Found) -> None:  # type: ignore[override]
        super().append(f)
        bisect.insort(self._spans, (f.start, f.end))

    def free(self, a: int, b: int) -> bool:
        """Does [a, b) overlap no clause found so far?  (The found spans never overlap, so only
        the one before ``a`` and those starting inside [a, b) can.)"""
        k = bisect.bisect_left(self._spans, (a, a))
        if k and self._spans[k - 1][1] > a:
            return False
        return k >= len(self._spans) or self._spans[k][0] >= b


def _match_bracket(folded: str, i: int, para_end: int, hard_end: int) -> int | None:
    """Index of the bracket closing the one at ``i``.

    Quirk: a stray paragraph break can fall inside a clause ("…各县" / "〈市、区〉政府）"), so the
    search goes on past the paragraph end while only the outer bracket is open, up to
    ``hard_end`` and never into a numbered heading.  A bracket still open after
    :data:`MAX_BRACKET_SPAN` characters closes no clause: the search is bounded, so brackets
    nested thousands deep cost time in proportion to the text, not to its square.
    """
    depth = 0
    j = i
    hard_end = min(hard_end, i + MAX_BRACKET_SPAN)
    while j < hard_end:
        ch = folded[j]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j
        elif (
            ch == "\n"
            and j >= para_end
            and (depth != 1 or _HEADING_RE.match(folded, j + 1) or _known_label_re().match(folded, j + 1))
        ):
            return None
        j += 1
    return None


def _char_before(folded: str, begin: int, i: int) -> str:
    """The last non-space character in ``folded[begin:i]`` ("" when there is none)."""
    j = i - 1
    while j >= begin and folded[j].isspace():
        j -= 1
    return folded[j] if j >= begin else ""


def _complete_items(content: str) -> str | None:
    """A labelled list cut by the end of the excerpt, up to its last complete item (the names
    followed by a separator); None when no item is complete."""
    folded = _fold(content)
    cut = max(folded.rfind(sep) for sep in "、,;")
    colon = folded.rfind(":", 0, cut) if cut >= 0 else -1
    if cut < 0 or colon < 0 or not folded[colon + 1 : cut].strip(" ,;、"):
        return None
    return content[:cut]


def _last_close_before(folded: str, start: int, end: int) -> int | None:
    k = folded.rfind(")", start, end)
    return k if k > start else None


class _Scanner:
    """Finds clauses in the paragraphs of one document and applies its lead conventions."""

    def __init__(
        self,
        text: str,
        row_cells: Callable[[int, int], list[str]] | None = None,
        folded: str | None = None,
        open_end: bool = False,
    ) -> None:
        self.text = text
        # The excerpt stops mid-line (no line break after its last character): a list running
        # into the end of the text may end in a cut name ("责任单位：区" of 区发展和改革局).
        self.open_end = open_end
        self.folded = _fold(text) if folded is None else folded
        self.row_cells = row_cells or (lambda s, e: text[s:e].split("\t"))
        self.convention: str | None = None  # persistent convention of the document
        self.table: _Table | None = None
        self.last_title: str | None = None
        self.clauses: list[ClauseSpan] = []
        self.consumed = 0
        self.lead_heading: _LeadHeading | None = None

    # -- one document ---------------------------------------------------------------------
    def scan(self, paragraphs: list[tuple[int, int]]) -> list[ClauseSpan]:
        """Every clause of one document's paragraphs, in text order."""
        skip = self._cell_tables(paragraphs) | self._space_tables(paragraphs)
        for start, end in paragraphs:
            if start not in skip:
                self.paragraph(start, end)
        self._close_lead_heading()
        self.clauses.sort(key=lambda c: (c.start, c.anchor))
        return self.clauses

    def _space_tables(self, paragraphs: list[tuple[int, int]]) -> set[int]:
        """Tables whose rows are lines of cells separated by spaces (a PDF or Word conversion):
        a header line of column names ("序号  重点任务  牵头单位  配合单位  完成时限"), then one
        row a line, cells split at runs of two or more spaces (or at single spaces when that
        gives the header's number of cells).  One clause per row, at the row's line."""
        used: set[int] = set()
        k = 0
        while k < len(paragraphs):
            a, b = paragraphs[k]
            line = self.text[a:b]
            header = line.split()
            if len(header) < 3 or "\t" in line or "|" in line:
                k += 1
                continue
            roles = [_column_role(h) for h in header]
            if None in roles or not any(r in _ROLE_KINDS for r in roles):
                k += 1
                continue
            used.add(a)
            self._table_row(a, b, header, self.text[a:b])
            k += 1
            while k < len(paragraphs):
                a, b = paragraphs[k]
                row = self.text[a:b]
                cells = [c for c in re.split(r"\s{2,}|\u3000+", row.strip()) if c]
                if len(cells) < len(header) and len(row.split()) == len(header):
                    cells = row.split()
                if len(cells) < 2 or "\t" in row:
                    break
                offsets, pos = [], a
                for c in cells:
                    pos = self.text.find(c, pos, b)
                    offsets.append(pos)
                    pos += len(c)
                used.add(a)
                self._table_row(a, b, cells, row, anchors=offsets)
                k += 1
            self.table = None
        return used

    def _cell_tables(self, paragraphs: list[tuple[int, int]]) -> set[int]:
        """Tables flattened one cell a line (web pages, PDF conversions), read row by row.

        Genre form: a header of three or more cells naming the columns (序号 / 重点工作 / 牵头单位 /
        责任单位 / 完成时限 …), each on its own line, often closed by a bar ("责任单位 |"); then
        rows, each opened by its number cell ("1 |").  Quirks: stray bars ("| ||||"), a section
        row ("一、推动…") or a merged category cell ("属地党 |") between rows, a header without
        its 序号 cell, a row cut off by the end of the excerpt.  One clause per row, at the line
        of its first unit cell.  Returns the paragraph starts the tables consumed.
        """
        cells = [(a, b, _cell(self.text[a:b])) for a, b in paragraphs]
        texts = [c[2] for c in cells]
        used: set[int] = set()
        k = 0
        while k < len(cells):
            run = _header_run(texts, k)
            header = [c[2] for c in cells[k:run]]
            if run - k < 3 or not any(_column_role(h) in _ROLE_KINDS for h in header):
                k += 1
                continue
            used.update(a for a, _, _ in cells[k:run])
            self._table_row(cells[k][0], cells[run - 1][1], header, " | ".join(header))
            numbered = header[0] in ("序号", "编号")
            rows: list[list[tuple[int, int, str]]] = []
            j = run
            while j < len(cells) and not (_column_role(cells[j][2]) is not None and j + 2 < len(cells)
                                          and all(_column_role(c[2]) is not None for c in cells[j:j + 3])):
                a, b, c = cells[j]
                if _ROW_NUMBER_RE.fullmatch(c):
                    rows.append([(a, b, c)] if numbered else [])
                elif rows and c:
                    rows[-1].append((a, b, c))
                used.add(a)
                j += 1
            roles = [_column_role(h) for h in header]
            for row in rows:
                if row:
                    row = _align_cells(row, roles)
                    self._table_row(
                        row[0][0], row[-1][1], [c for _, _, c in row], " | ".join(c for _, _, c in row if c),
                        anchors=[a for a, _, _ in row],
                    )
            self.table = None
            k = j
        return used

    # -- per paragraph -------------------------------------------------------------------
    def paragraph(self, start: int, end: int) -> None:
        text = self.text[start:end]
        if "\t" in text or text.lstrip().startswith("|") or _HTML_ROW_START_RE.search(text):
            self._table_paragraph(start, end)
            return
        self.table = None
        stripped = text.strip()
        if self._lead_heading(start, end):
            return
        if (
            stripped
            and len(stripped) <= 40
            and _SENTENCE_END not in stripped
            and not _HEADING_RE.match(stripped)
            and not _ATTACHMENT_RE.match(stripped)
            and stripped[-1] not in "：:"
        ):
            self.last_title = re.sub(r"^#+\s*", "", stripped)
        if end <= self.consumed:
            return
        begin = max(start, self.consumed)
        found = self._find(begin, end)
        # Conventions stated outside any clause ("以下带*的为牵头单位") hold from there on.
        pieces, pos = [], begin
        for f in sorted(found, key=lambda f: f.start):
            a, b = max(f.start, pos), min(max(f.end, pos), end)
            pieces += [self.folded[pos:a], " " * (b - a)]
            pos = b
        pieces.append(self.folded[pos:end])
        outside = "".join(pieces)
        events: list[tuple[int, object]] = [(f.start, f) for f in found]
        for m in _CONVENTION_RE.finditer(outside) if "牵" in outside else ():
            events.append((begin + m.start(), "star" if m.group("star") else "first_listed"))
        events.sort(key=lambda e: e[0])
        for _, ev in events:
            if isinstance(ev, str):
                self.convention = ev
            else:
                assert isinstance(ev, _Found)
                self._emit(ev)
        if found:
            self.consumed = max(self.consumed, max(f.end for f in found))

    def _lead_heading(self, start: int, end: int) -> bool:
        """Track the scope of a heading that names the lead unit of the tasks under it.

        Genre form (责任分解 notices grouped by department): "（一）省审计厅牵头的工作", its tasks
        as numbered items, and a "协同单位：…" / "配合单位：…" line after them.  The heading and the
        partner lines are one clause, at the heading's line; the heading's scope ends at the next
        heading of the same or a higher level.  Returns True when the paragraph is such a heading.
        """
        m = _HEADING_RE.match(self.folded, start, end)
        level = _marker(m)[0] if m else None
        if level is not None and self.lead_heading is not None and level <= self.lead_heading.level:
            self._close_lead_heading()
        if m is None:
            return False
        h = _LEAD_HEADING_RE.fullmatch(self.folded, m.end(), end)
        if h is None:
            return False
        ul = parse_unit_list(self.text[h.start("units") : h.end("verb")])
        if not ul.units or not ul.stated_lead or not all(looks_like_unit(u) for u in ul.units):
            return False
        self._close_lead_heading()
        self.lead_heading = _LeadHeading(level or 0, start, end, h.start("verb"), ul)
        return True

    def _close_lead_heading(self) -> None:
        h, self.lead_heading = self.lead_heading, None
        if h is not None:
            lead, convention = self._lead(h.units, None)
            units = h.units.units
            span = ClauseSpan(h.start, h.end, h.anchor, units, lead, convention, "heading")
            span.labels = [h.units.labels.get(u, "") for u in units]
            self.clauses.append(span)

    def _merge_into_heading(self, f: _Found) -> bool:
        """A labelled partner list ("协同单位：…", "责任单位：…") under a lead heading joins its
        clause; a list that names its own lead is a clause of its own."""
        h = self.lead_heading
        if h is None or f.form != "label" or f.units.stated_lead or f.units.starred:
            return False
        seen = {_norm(u) for u in h.units.units}
        for unit in f.units.units:
            if _norm(unit) not in seen:
                seen.add(_norm(unit))
                h.units.units.append(unit)
                h.units.roles.setdefault(unit, "participant")
                h.units.labels[unit] = f.units.labels.get(unit, "")
        h.end = max(h.end, f.end)
        return True

    def _emit(self, f: _Found) -> None:
        ul = f.units
        if not ul.units:
            return
        if self._merge_into_heading(f):
            return
        if ul.convention and ul.persistent:
            self.convention = ul.convention
        local = ul.convention or self.convention
        lead, convention = self._lead(ul, local)
        span = ClauseSpan(f.start, f.end, f.anchor, ul.units, lead, convention, f.form)
        span.labels = [ul.labels.get(u, "") for u in ul.units]
        self.clauses.append(span)

    @staticmethod
    def _lead(ul: UnitList, convention: str | None) -> tuple[list[str], str]:
        stated = ul.stated_lead
        if stated:
            return stated, "field" if ul.labelled_lead else "inline"
        if any(role == "participant" for role in ul.roles.values()):
            # "责任单位：X；配合单位：Y": the units not marked as partners lead.
            main = [u for u in ul.units if u not in ul.roles]
            if main:
                return main, "field"
        if ul.starred:
            return list(ul.starred), "star"
        if convention == "first_listed":
            return [ul.units[0]], "first_listed"
        if convention == "star":
            return [], "star"
        return [], "none"

    # -- text clauses --------------------------------------------------------------------
    def _find(self, begin: int, end: int) -> list[_Found]:
        folded = self.folded
        hard_end = min(len(folded), end + 400)
        found: list[_Found] = _FoundList()
        free = found.free

        # 1. Labelled clauses.
        # Quirk: the keyword itself may be cut by a kept break ("（责" / "任单位："), so a
        # match may run past the paragraph end as long as it starts inside it.
        scope = min(len(folded), end + 16)
        # (every label ends with its colon: a paragraph without one is not scanned)
        for m in _label_re().finditer(folded, begin, scope) if folded.find(":", begin, scope) >= 0 else ():
            if m.start() >= end:
                break
            if not free(m.start(), m.end()):
                continue
            if label_role(m.group("label")) is None:
                continue  # "监考单位：", "发文单位：": no responsibility
            label_at = m.start("label")
            if m.group("open"):
                open_at = m.start()
                close = _match_bracket(folded, open_at, end, hard_end)
                if close is None and self._at_text_end(end):
                    close = self._cut_list_end(m.end(), end)
                    if close is None:
                        continue  # "（牵头单位：市发" cut by the excerpt: no complete name
                elif close is None:
                    close = _last_close_before(folded, m.end(), end)
                stop = close if close is not None else end
                clause_end = stop + 1 if close is not None else end
                content = self.text[m.start("label") : stop]
            else:
                before = folded[begin:label_at].rstrip().rstrip(_BULLETS)
                if before and before[-1] not in "。;:":
                    continue  # "由责任单位另行制定": a mention, not a clause
                stop = self._sentence_stop(label_at, end)
                content = self.text[label_at:stop]
                lead_line = label_role(m.group("label")) == "lead"
                last_end = end
                for a, b in self._label_lines_after(stop, lead_line):
                    content += ";" + self.text[a:b]
                    stop = last_end = b
                if stop >= last_end and self._at_text_end(last_end):
                    content = _complete_items(content)
                    if content is None:
                        continue  # "责任单位：区" at the end of the excerpt
                clause_end = stop
                open_at = label_at
            clause_end, content = self._absorb_convention(clause_end, content)
            found.append(_Found(open_at, clause_end, label_at, parse_unit_list(content), "label"))
        # 1b. A label in lenticular brackets or stated with 为 instead of a colon.
        variants = folded.find("(", begin, end) >= 0 or _stated_label_end_re().search(folded, begin, end)
        for m in _label_variant_re().finditer(folded, begin, end) if variants else ():
            group = "bracketed" if m.group("bracketed") else "stated"
            if not free(m.start(), m.end()) or label_role(m.group(group)) in (None, "leader"):
                continue
            before = folded[begin : m.start()].rstrip().rstrip(_BULLETS)
            if before and before[-1] not in "。;:,":
                continue  # "各责任单位为…负责": no clause opening
            stop = self._sentence_stop(m.end(), end)
            label = re.sub(r"\s+", "", self.text[m.start(group) : m.end(group)])
            units = parse_unit_list(f"{label}:{_as_segments(self.text[m.end() : stop])}")
            found.append(_Found(m.start(), stop, m.start(group), units, "label"))
        # 2. Bracketed lead statements and bare unit lists.  Cheap tests first: a lead
        # statement holds 牵; a bare list closes a sentence or carries a convention note.
        has_lead_word = folded.find("牵", begin, end) >= 0
        has_role_close = _role_before_close_re().search(folded, begin, end) is not None
        for i in self._brackets(begin, end):
            opens_line = self._bracket_line_after_sentence(begin, i)
            if (
                not (has_lead_word or has_role_close or opens_line)
                and _char_before(folded, begin, i) not in ("。", ";")
            ):
                continue
            close = _match_bracket(folded, i, end, min(hard_end, end + 1))
            if close is None:
                close = self._cut_list_end(i + 1, end)
            if close is None or not free(i, close + 1):
                continue
            inner = self.text[i + 1 : close]
            inner_folded = folded[i + 1 : close].strip()
            if inner_folded.startswith("由") and "牵头" in inner_folded:
                ul = parse_unit_list(inner)
                if ul.units and all(looks_like_unit(u) for u in ul.units) and ul.stated_lead:
                    anchor = i + 1 + folded[i + 1 : close].find("牵")
                    found.append(_Found(i, close + 1, anchor, ul, "heading"))
                continue
            clause_end, _ = self._absorb_convention(close + 1, "")
            has_note = clause_end > close + 1
            if not (
                has_note
                or _char_before(folded, begin, i) in ("。", ";")
                or self._closes_sentence(close, end, inner_folded)
                or (opens_line and not folded[close + 1 : end].strip())
            ):
                continue
            ul = parse_unit_list(inner)
            if ul.units and all(looks_like_unit(u) for u in ul.units):
                if has_note:
                    note = self.text[close + 1 : clause_end]
                    kind, persistent, _spans = _conventions_in(_fold(note))
                    ul.convention, ul.persistent = kind, persistent
                found.append(_Found(i, clause_end, i + 1, ul, "bare"))
        # 3. Running text: "由市商务局牵头，市财政局配合"; the groups that follow the lead
        # join it whatever their verb ("由X牵头，Y、Z按职责分工负责").
        for m in _RUNNING_RE.finditer(folded, begin, end) if has_lead_word else ():
            if not free(m.start(), m.end()) or self._inside_bracket(begin, m.start()):
                continue
            stop = m.end()
            if folded.startswith(",", stop):
                stop = self._role_groups_end(stop + 1, end) or stop
            ul = parse_unit_list(self.text[m.start("lead") : stop])
            if ul.units and all(looks_like_unit(u) for u in ul.units) and ul.stated_lead:
                found.append(_Found(m.start(), stop, m.start("verb"), ul, "running"))
        # 3b. The same without 由, a sentence of its own: "市发改委牵头，市财政局、市审计局配合。"
        for m in _LEAD_FIRST_RE.finditer(folded, begin, end) if has_lead_word else ():
            if not free(m.start(), m.end()) or self._inside_bracket(begin, m.start()):
                continue
            stop = self._role_groups_end(m.end(), end)
            if stop is None or (stop < end and folded[stop] not in "。;\n"):
                continue  # "市发改委牵头，各部门配合，形成合力": a sentence about working together
            ul = parse_unit_list(self.text[m.start("lead") : stop])
            if len(ul.units) > 1 and all(looks_like_unit(u) for u in ul.units) and ul.stated_lead:
                found.append(_Found(m.start("lead"), stop, m.start("verb"), ul, "running"))
        # 4. A leader named first: "由张三副市长负责，市发改委牵头，相关部门配合，尽快…",
        # "由小军同志负责，市卫生局、市财政局承办。", "请奇帆、家农同志负责，…承办".
        for m in _LEADER_FIRST_RE.finditer(folded, begin, end):
            if not free(m.start(), m.end()) or self._inside_bracket(begin, m.start()):
                continue
            stop = self._role_groups_end(m.end(), end)
            if stop is None:
                continue
            ul = parse_unit_list(self.text[m.end() : stop])
            if ul.units and all(looks_like_unit(u) for u in ul.units):
                found.append(_Found(m.start(), stop, m.end(), ul, "running"))
        for m in _UNIT_FIRST_RE.finditer(folded, begin, end):
            if not free(m.start(), m.end()) or self._inside_bracket(begin, m.start()):
                continue
            first = parse_unit_list(self.text[m.start("units") : m.end("units")])
            stop = self._role_groups_end(m.end(), end)
            if stop is None or not first.units or not all(looks_like_unit(u) for u in first.units):
                continue
            listed = self.text[m.start("units") : m.end("units")] + "," + self.text[m.end() : stop]
            ul = parse_unit_list(listed)
            if ul.units and all(looks_like_unit(u) for u in ul.units):
                found.append(_Found(m.start(), stop, m.start("units"), ul, "running"))
        found.sort(key=lambda f: f.start)
        return found

    def _bracket_line_after_sentence(self, begin: int, i: int) -> bool:
        """Does the bracket at ``i`` open its own line right after a finished sentence?

        Quirk: plans print a task on one line and its units in a bracket on the next
        ("1、地区生产总值增长8%。" / "（市发改委、财政局，市税务局）")."""
        if self.folded[begin:i].strip():
            return False
        before = self.folded[max(0, begin - 200) : begin].rstrip()
        return bool(before) and before[-1] in "。;"

    def _closes_sentence(self, close: int, end: int, inner_folded: str) -> bool:
        """Is the bracket closing at ``close`` a clause at the end of its sentence?

        Quirk: the clause is often printed before the sentence's full stop, not after it
        ("建设乡镇敬老院5所（县民政局负责）。", "…（由县民政局、县财政局负责实施）；"). Only a
        bracket whose units are closed by a role verb and that ends its sentence is a clause
        there: a bracket inside a sentence glosses a name (市政务服务中心（市大数据局）)."""
        after = self.folded[close + 1 : min(end, close + 3)].lstrip(" ")
        return (not after or after[0] in "。;\n") and _role_suffix_re().search(inner_folded) is not None

    def _at_text_end(self, end: int) -> bool:
        """Is ``end`` the end of the text's last paragraph, cut by the end of the excerpt?"""
        return self.open_end and not self.folded[end:].strip()

    def _cut_list_end(self, start: int, end: int) -> int | None:
        """Where an unclosed bracket's list stops when the excerpt (the text) ends inside it:
        after its last complete item.  Quirk: a list cut by the end of an excerpt
        ("…市公安局、自然资源局、应急管理局、") yields only the names followed by a separator."""
        if self.folded[end:].strip() or end - start > 400:
            return None
        cut = max(self.folded.rfind(sep, start, end) for sep in "、,;")
        return cut if cut > start else None

    def _role_groups_end(self, start: int, end: int) -> int | None:
        """End of the run of role groups after a leader ("X牵头，Y配合"), each a unit list closed
        by a role verb; the task text that follows ("，尽快完成…") is not part of it."""
        stop = None
        pos = start
        limit = min(end, start + 300)
        while pos < limit:
            k = pos
            depth = 0
            while k < limit and (depth or self.folded[k] not in ",;。"):
                depth += {"(": 1, ")": -1}.get(self.folded[k], 0)
                k += 1
            piece = self.text[pos:k]
            if not _role_suffix_re().search(_fold(piece).strip()):
                break
            stop = k
            if k >= limit or self.folded[k] != ",":
                break
            pos = k + 1
        return stop

    def _brackets(self, begin: int, end: int) -> Iterator[int]:
        pos = self.folded.find("(", begin, end)
        while pos >= 0:
            yield pos
            pos = self.folded.find("(", pos + 1, end)

    def _inside_bracket(self, begin: int, i: int) -> bool:
        seg = self.folded[max(begin, i - CLAUSE_WINDOW) : i]
        return seg.count("(") > seg.count(")")

    def _sentence_stop(self, i: int, end: int) -> int:
        depth = 0
        end = min(end, i + CLAUSE_WINDOW)
        for j in range(i, end):
            ch = self.folded[j]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(depth - 1, 0)
            elif ch == _SENTENCE_END and depth == 0:
                return j
        return end

    def _label_lines_after(self, stop: int, lead_line: bool = False) -> list[tuple[int, int]]:
        """Spans of the "配合单位：…" / "协同责任单位：…" lines that follow a "牵头单位：…" line,
        each a segment of the same clause.

        Quirk: each line may close with 。 ("牵头责任单位：市发展改革委。" / "协同责任单位：…。"),
        and a line naming a person ("牵头负责领导：张三。") may stand between them.
        """
        text = self.folded
        out: list[tuple[int, int]] = []
        limit = min(len(text), stop + 2000)
        while stop < limit:
            nl = stop
            while nl < limit and text[nl] in "。; \u3000":
                nl += 1
            if nl >= limit or text[nl] != "\n":
                break
            m = _segment_label_re().match(text, nl + 1)
            # After a 牵头单位 line, a 责任单位 line names the other units of the same task.
            absorbed = ("participant", "leader", "neutral") if lead_line else ("participant", "leader")
            if not m or label_role(m.group("label")) not in absorbed:
                break
            end = text.find("\n", nl + 1, limit)
            end = limit if end < 0 else end
            out.append((nl + 1, end))
            stop = end
        return out

    def _absorb_convention(self, clause_end: int, content: str) -> tuple[int, str]:
        """ "（…）（列第一位的为牵头单位，下同）": the note's bracket belongs to the clause before it."""
        m = _CONVENTION_BRACKET_RE.match(self.folded, clause_end)
        if m and _CONVENTION_RE.search(m.group(1)):
            return m.end(), content + "," + self.text[m.start(1) : m.end(1)]
        return clause_end, content

    # -- tables --------------------------------------------------------------------------
    def _table_paragraph(self, start: int, end: int) -> None:
        text = self.text[start:end]
        if re.search(r"<tr\b", text, re.I):
            for m in _HTML_ROW_RE.finditer(text):
                cells = [c.group("body") for c in _HTML_CELL_RE.finditer(m.group("body"))]
                if cells:
                    self._table_row(start + m.start(), start + m.end(), cells, text[m.start() : m.end()])
            return
        if text.lstrip().startswith("|"):
            cells = [c for c in text.strip().strip("|").split("|")]
            if all(re.fullmatch(r"\s*:?-{2,}:?\s*", c) for c in cells):
                return
            self._table_row(start, end, cells, text)
            return
        self._table_row(start, end, self.row_cells(start, end), text)

    def _table_row(
        self, start: int, end: int, cells: list[str], row_text: str, anchors: list[int] | None = None
    ) -> None:
        plain = [_HTML_TAG_RE.sub(" ", c) if "<" in c else c for c in cells]
        labels = _label_words()
        # A header names its unit columns with labels: a cell longer than any label is none
        # (spaces out, then folded: folding keeps spaces spaces, so the key is the same).
        longest = _longest_label()
        header_cols: list[tuple[int, str]] = []
        for i, c in enumerate(plain):
            key = without_spaces(c)
            role = labels.get(_fold(key)) if len(key) <= longest else None
            if role in _ROLE_KINDS:
                header_cols.append((i, role))
        if header_cols:
            keys = [without_spaces(_fold(c)) for c in plain]
            previous = self.table
            if previous is not None and previous.keys == keys:
                return  # the header repeated at a page break: the same table goes on
            self.table = _Table(
                keys=keys,
                names=[without_spaces(c) for c in plain],
                unit_cols=header_cols,
                task_col=_pick_column(
                    keys, ("内容", "名称", "事项", "任务", "项目"), exclude={i for i, _ in header_cols}
                ),
                target_col=_pick_column(keys, ("目标",), exclude={i for i, _ in header_cols}),
                width=len(keys),
                title=self.last_title,
            )
            return
        table = self.table
        if table is None:
            return
        if len(plain) < table.width and anchors is None:
            # Leading empty cells of a merged column may have been stripped: align right.
            # (A row printed one cell a line keeps its cells in order; a short row is cut.)
            plain = [""] * (table.width - len(plain)) + plain
        ul = UnitList()
        seen: set[str] = set()
        for col, role in table.unit_cols:
            if col >= len(plain) or not plain[col].strip():
                continue
            cell = parse_unit_list(plain[col])
            if not all(looks_like_unit(u) for u in cell.units):
                # A cell that is not a list of names: a task's description shifted into the unit
                # column (a row with one cell more than its header: the whole row is misaligned),
                # or a name cut by the end of the excerpt ("沈"). Nothing rather than a sentence
                # taken for a body, or a body given the role of another column.
                return
            for unit in cell.units:
                if _norm(unit) in seen:
                    continue
                seen.add(_norm(unit))
                ul.units.append(unit)
                r = cell.roles.get(unit) or (role if role != "neutral" else None)
                if r:
                    ul.roles[unit] = r
                if unit in cell.starred:
                    ul.starred.append(unit)
                column = table.names[col] if col < len(table.names) else ""
                ul.labels[unit] = cell.labels.get(unit) or column
            ul.labelled_lead = ul.labelled_lead or role == "lead" or cell.labelled_lead
        if not ul.units:
            return
        unit_cols = {c for c, _ in table.unit_cols}
        others = "".join(plain[i] for i in range(len(plain)) if i not in unit_cols)
        if not ul.stated_lead and not ul.starred:
            for unit in _inline_leads(ul.units, others):
                ul.roles[unit] = "lead"
        table.rows += 1
        lead, convention = self._lead(ul, self.convention)
        task = (
            _cell_text(plain[table.task_col])
            if table.task_col is not None and table.task_col < len(plain)
            else None
        )
        target = (
            _cell_text(plain[table.target_col])
            if table.target_col is not None and table.target_col < len(plain)
            else None
        )
        # The clause's line is its first unit cell's when the row prints one cell a line.
        anchor = start
        if anchors is not None:
            filled = [c for c, _ in table.unit_cols if c < len(plain) and plain[c].strip()]
            anchor = anchors[filled[0]] if filled and filled[0] < len(anchors) else start
        self.clauses.append(
            ClauseSpan(
                start,
                end,
                anchor,
                ul.units,
                lead,
                convention,
                "table",
                row_task=task or None,
                row_target=target or None,
                row_text=" | ".join(_cell_text(c) for c in plain if c.strip()),
                table_title=table.title,
                row_number=table.rows,
                labels=[ul.labels.get(u, "") for u in ul.units],
            )
        )


# "由X牵头" in running text, optionally "，Y配合".  Quirk: "由…等牵头部门负责解释" names the
# lead departments of an interpretation clause, not a task, hence the look-ahead.
_RUNNING_RE = re.compile(
    r"由(?P<lead>[^。;:,()由]{2,60}?)(?P<verb>牵头)(?!部门|单位|作用|抓总)(?:负责|组织)?(?:实施|落实|推进)?"
    r"(?:,(?P<part>[^。;:()]{2,80}?)(?:配合|参与|协助|协同))?"
)


_ROW_NUMBER_RE = re.compile(r"\d{1,3}")
# A column name the vocabulary does not know ("民生实事", "实事项目"): short, letters only.
# Quirk: a column named for its year ("2022年预期目标", "2024年重点任务").
_UNKNOWN_COLUMN_RE = re.compile(r"(?:(?:19|20)\d\d年)?[\u4e00-\u9fff]{2,8}")


def _header_run(cells: list[str], k: int) -> int:
    """End of the run of column names starting at ``cells[k]`` (a table flattened one cell a
    line).  Quirk: a table names its task column in its own words ("序号 / 民生实事 / 责任单位 /
    完成时限"); a cell the vocabulary does not know belongs to the header when it is short and
    stands between known column names, and the header opens with 序号 / 编号."""
    run = k
    while run < len(cells):
        if _column_role(cells[run]) is not None or (
            run > k
            and cells[k] in ("序号", "编号")
            and _UNKNOWN_COLUMN_RE.fullmatch(cells[run].replace(" ", ""))
            and run + 1 < len(cells)
            and _column_role(cells[run + 1]) is not None
        ):
            run += 1
        else:
            break
    return run


def _align_cells(row: list[tuple[int, int, str]], roles: list[str | None]) -> list[tuple[int, int, str]]:
    """A row printed one cell a line, aligned to the header's columns.

    Quirk: a unit cell holding several units prints each on its own line ("县水务局" / "县住建局" /
    "县护城河指挥部" under one 责任单位), so the row has more lines than the header has columns: the
    extra lines that read as units are joined (with 、) into the unit cell they follow (into the
    last of adjacent unit columns: a 牵头单位 cell before a 配合单位 cell holds one unit).  Lines
    left over after the last column (a second task sharing the row's units) are dropped.
    """
    if len(row) <= len(roles):
        return row
    out: list[tuple[int, int, str]] = []
    pos = 0
    for col, role in enumerate(roles):
        if pos >= len(row):
            break
        a, b, c = row[pos]
        pos += 1
        next_is_unit = col + 1 < len(roles) and roles[col + 1] in _ROLE_KINDS
        if role in _ROLE_KINDS and not next_is_unit:
            # Spare lines (what the columns still to come would not need) join the last of
            # adjacent unit columns: "牵头单位 / 配合单位" cells print one lead, then the partners.
            while pos < len(row) and len(row) - pos > len(roles) - col - 1 and looks_like_unit(row[pos][2]):
                c += "、" + row[pos][2]
                b = row[pos][1]
                pos += 1
        out.append((a, b, c))
    return out


def _cell(text: str) -> str:
    """A cell's text: bars and padding stripped ("林业发展岗 | |" → 林业发展岗)."""
    return text.strip().strip("|").strip().rstrip("|").strip()


def _column_role(cell: str) -> str | None:
    """The kind of a column name (a unit label's role, or "column"), None for any other cell."""
    if len(cell) > 12 and len("".join(cell.split())) > 12:
        return None  # a paragraph: folding keeps spaces spaces, its key is longer than a name's
    key = without_spaces(_fold(cell))
    if not key or len(key) > 12:
        return None
    role = _label_words().get(key)
    if role in _ROLE_KINDS:
        return role
    return "column" if key in _column_words() or key in _not_role_words() else None


@cache
def _column_words() -> frozenset[str]:
    return frozenset(words("clauses", "column"))


# "由杨某副市长负责，" / "由小军同志负责，" / "请奇帆、家农同志负责，": a leader (a name with 同志 or a
# title) who answers for the task; the units follow in role groups.
_LEADER_FIRST_RE = re.compile(
    r"(?:由|请)[^。;:,()由请]{1,24}?(?:同志|长|书记|主任|委员)\s*(?:负总责|负责|分管|牵头)\s*,\s*"
)
# "市发改委牵头，市财政局配合。": a lead group opening a sentence (after a full stop, a colon or
# the start of a line), the role groups that follow it read by _role_groups_end.
_LEAD_FIRST_RE = re.compile(
    r"(?:^|(?<=[。;:\n]))\s*(?P<lead>[^。;:,()由\n]{2,40}?)(?P<verb>牵头)(?:负责|组织)?(?:实施|落实|推进)?\s*,\s*",
    re.M,
)
# "由市发改委负责，市财政局、市住建局承办": a unit answers, the others undertake.
_UNIT_FIRST_RE = re.compile(r"由(?P<units>[^。;:,()由]{2,60}?)负责\s*,\s*")


def _pick_column(keys: list[str], words: tuple[str, ...], exclude: set[int]) -> int | None:
    for word in words:
        for i, k in enumerate(keys):
            if i not in exclude and word in k and len(k) <= 12:
                return i
    return None


def _cell_text(cell: str) -> str:
    return re.sub(r"\s+", " ", _HTML_TAG_RE.sub(" ", cell)).strip()


def _inline_leads(units: list[str], text: str) -> list[str]:
    """Units a table's task cell names as leading: "瑞安牵头瓯海…" → 瑞安市 (short form of a
    county-level name without its 市/县/区 suffix, or the full name)."""
    leads = []
    for unit in units:
        forms = {unit}
        if len(unit) >= 3 and unit[-1] in "市县区":
            forms.add(unit[:-1])
        if any(f"{_fold(form)}牵头" in _fold(text) for form in forms):
            leads.append(unit)
    return leads


# ---------------------------------------------------------------------------------------------
# Public text API (for a spaCy component)


def responsibility_spans(text: str) -> list[tuple[int, int, tuple[str, ...], tuple[str, ...]]]:
    """Clauses in plain text: ``(start, end, units, lead)`` with character offsets into ``text``.

    The build's own path (one recognition stack): the text is read like an input file (layout,
    furniture, documents) and its clauses extracted as the build extracts them; the offsets are
    the clauses' provenance in ``text`` (with \\r\\n counted as one line break).  A spaCy
    component wraps this and turns the offsets into ``doc.char_span(start, end)``.
    """
    from govgraph.extract.documents import extract_documents
    from govgraph.ingest import parse_gazette
    from govgraph.records import Extraction

    gz = parse_gazette(text, "<text>")
    assert gz.issue is not None
    ex = Extraction(source=gz.name, issue=gz.issue, documents=extract_documents(gz))
    return [
        (c.prov.start, c.prov.end, gz.as_printed(tuple(c.units)), gz.as_printed(tuple(c.lead)))
        for c in extract_responsibilities(gz, ex)
    ]


def _paragraph_bounds(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if stop > pos:
            yield pos, stop
        pos = stop + 1


# ---------------------------------------------------------------------------------------------
# Task tree


@dataclass(slots=True)
class _TaskNode:
    level: int
    path: tuple[str, ...]
    heading: str
    start: int  # heading paragraph start
    end: int  # end of the task's own text (before the next heading)
    anchor: int
    heading_end: int = 0


def _unterminated(paragraph: str) -> bool:
    """A heading paragraph cut mid-sentence: long, no 。, ending on a CJK character."""
    p = paragraph.strip()
    return len(p) >= 16 and _SENTENCE_END not in p and "\u4e00" <= p[-1] <= "\u9fff"


def _marker(m: re.Match[str]) -> tuple[int, str]:
    if m.group("l0"):
        return 0, m.group("l0")
    if m.group("l1"):
        return 1, f"（{m.group('l1')}）"
    if m.group("l2"):
        return 2, f"{m.group('l2')}."
    return 3, f"（{m.group('l3')}）"


def _short_heading(text: str) -> str:
    """The task's name: its first sentence, or its first phrase when the sentence is long;
    trailing bracketed clauses ("（由市科技局牵头实施）") are not part of the name."""
    folded = _fold(text)
    cut = len(text)
    for stop in ("。", ";"):
        k = folded.find(stop)
        if 0 <= k < cut:
            cut = k
    name = text[:cut]
    if len(name) > 40:
        k = _fold(name).find(",")
        if k > 0:
            name = name[:k]
    while True:
        m = _TRAILING_BRACKET_RE.search(_fold(name.rstrip()))
        if not m:
            break
        name = name.rstrip()[: m.start()]
    return re.sub(r"\s+", "", name).rstrip("：:，,")


def _sentence_before(text: str, floor: int, start: int) -> str:
    """The task a clause without a numbered heading closes: the first phrase of the sentence
    before it ("…加强就业援助。(以上四项工作X牵头)" names 加强就业援助's sentence), read within
    ``floor`` (a bounded window)."""
    end = start
    while end > floor and text[end - 1] in "。;；，, \u3000\n":
        end -= 1
    begin = max(text.rfind("。", floor, end), text.rfind("\n", floor, end), floor - 1)
    return _first_phrase(text[begin + 1 : end])


def _first_phrase(text: str) -> str:
    """First phrase of a sentence (reading aid for a clause's task)."""
    text = re.sub(r"\s+", "", text).lstrip("。，,；;、")
    folded = _fold(text)
    k = min((i for i in (folded.find(","), folded.find("。"), folded.find(";")) if i >= 0), default=len(text))
    return text[:k][:60]


def _build_tasks(text: str, paragraphs: list[tuple[int, int]]) -> list[_TaskNode]:
    """Numbered headings/paragraphs → task nodes (一、 → （一） → 1. → （1））.

    A task's own text runs from its heading paragraph to the next heading, attachment mark
    or table; the path holds the markers of the open ancestors (levels may be skipped:
    一、 → 1.).  Quirk: the numbered list after "附件：1.…" names attachments, not tasks.
    """
    nodes: list[_TaskNode] = []
    stack: list[_TaskNode] = []
    in_attachment_list = False
    open_node: _TaskNode | None = None
    for start, end in paragraphs:
        para = text[start:end]
        folded = _fold(para)
        if "\t" in para or para.lstrip().startswith("|") or "<tr" in para:
            open_node = None
            continue
        am = _ATTACHMENT_RE.match(folded)
        if am:
            stack, open_node = [], None
            in_attachment_list = bool(am.group("list"))
            continue
        m = _HEADING_RE.match(folded)
        if m and in_attachment_list and _SENTENCE_END not in para and len(para) < 60:
            continue
        in_attachment_list = False
        if not m:
            if open_node is not None:
                if open_node.end == open_node.heading_end and _unterminated(
                    text[open_node.start : open_node.end]
                ):
                    # Quirk: a layout break kept inside the heading sentence ("…作为公共基础" /
                    # "设施建设纳入…"): the name continues in this paragraph.
                    body = text[open_node.start : end].replace("\n", "")
                    hm = _HEADING_RE.match(_fold(body))
                    open_node.heading = _short_heading(body[hm.end() :] if hm else body)
                open_node.end = end
            continue
        level, marker = _marker(m)
        while stack and stack[-1].level >= level:
            stack.pop()
        path = (*(n.path[-1] for n in stack), marker)
        node = _TaskNode(level, path, _short_heading(para[m.end() :]), start, end, start, end)
        nodes.append(node)
        stack.append(node)
        open_node = node
    return nodes


def _target(text: str) -> str | None:
    """Target sentences of a task ("到2023年，…", "2024年，…")."""
    found = [re.sub(r"\s+", "", text[m.start() : m.end()]) for m in _TARGET_RE.finditer(_fold(text))]
    return "".join(f.lstrip("。;；") for f in found) or None


# ---------------------------------------------------------------------------------------------
# Gazette extractor


def extract_responsibilities(gz: Gazette, ex: Extraction) -> list[ResponsibilityClause]:
    """Every responsibility clause of every document in the gazette; sets ``ex.tasks``."""
    clauses: list[ResponsibilityClause] = []
    tasks: list[Task] = []
    sections = gz.documents()
    if not sections and gz.sections:
        log.warning("%s: no document sections; reading the whole text as one document", gz.name)
        sections = [Section(kind="document", title=gz.name, start=0, end=len(gz.text))]
    folded = _fold(gz.text)
    for section in sections:
        doc_clauses, doc_tasks = _extract_document(gz, section, ex.documents, folded)
        clauses += doc_clauses
        tasks += doc_tasks
    ex.tasks = tasks
    log.debug("%s: %d responsibility clauses, %d tasks", gz.name, len(clauses), len(tasks))
    return clauses


def _document_keys(section: Section, documents: Iterable[DocumentRecord]) -> tuple[str | None, str]:
    h = section.header
    if h is None:
        return None, section.title
    for doc in documents:
        if doc.prov.line == h.number_line:
            return doc.doc_number, doc.key
    return h.doc_number, h.doc_id or h.title


def _open_end(gz: Gazette) -> bool:
    """The text stops mid-line: an excerpt cut where the page or the search result ended."""
    return bool(gz.raw) and not gz.raw.isspace() and not gz.raw.endswith("\n")


def _raw_cells(gz: Gazette) -> Callable[[int, int], list[str]]:
    """Cells of a tab-separated row read from the original line.

    Quirk (ingestion): the clean text strips a row's leading and trailing tabs, so the empty
    cells of a merged first column vanish and the columns shift; the original line keeps them.
    """

    def cells(start: int, end: int) -> list[str]:
        first, last = gz.line_of(start), gz.line_of(max(end - 1, start))
        if first != last:
            return gz.text[start:end].split("\t")
        a = gz.line_starts[first - 1]
        b = gz.line_starts[first] - 1 if first < len(gz.line_starts) else len(gz.raw)
        return gz.raw[a:b].split("\t")

    return cells


def _extract_document(
    gz: Gazette, section: Section, documents: Iterable[DocumentRecord], folded: str
) -> tuple[list[ResponsibilityClause], list[Task]]:
    doc_number, doc_key = _document_keys(section, documents)
    paragraphs = [(p.start, p.end) for p in gz.paragraphs(section.start, section.end)]
    scanner = _Scanner(gz.text, _raw_cells(gz), folded, open_end=_open_end(gz))
    scanner.consumed = section.start
    scanner.scan(paragraphs)
    if not scanner.clauses:
        return [], []
    nodes = _build_tasks(gz.text, paragraphs)
    tasks: dict[tuple[tuple[str, ...], int], Task] = {}

    def task_record(node: _TaskNode, text: str, target: str | None) -> Task:
        key = (node.path, node.start)
        if key not in tasks:
            tasks[key] = Task(
                doc_key=doc_key,
                path=node.path,
                heading=node.heading,
                text=text,
                target=target,
                prov=gz.provenance(node.start, node.end, EXTRACTOR, line_at=node.anchor),
            )
        return tasks[key]

    for node in nodes:
        own = gz.text[node.start : node.end]
        task_record(node, own, _target(own))
    starts = [n.start for n in nodes]
    out: list[ResponsibilityClause] = []
    previous_end: dict[int, int] = {}
    for c in scanner.clauses:
        prov = gz.provenance(c.start, c.end, EXTRACTOR, line_at=c.anchor)
        if c.form == "table":
            title = c.table_title or "表"
            node = _TaskNode(
                9,
                (title, str(c.row_number)),
                c.row_task or _first_phrase(c.row_text or ""),
                c.start,
                c.end,
                c.start,
            )
            task = task_record(node, c.row_text or "", c.row_target)
            name = task.heading
        else:
            idx = bisect.bisect_right(starts, c.anchor) - 1
            node = nodes[idx] if idx >= 0 and nodes[idx].end >= c.anchor else None
            if node is None:
                name = _sentence_before(gz.text, max(section.start, c.start - 400), c.start)
                task = None
            else:
                task = tasks[(node.path, node.start)]
                prev = previous_end.get(node.start)
                name = (
                    task.heading if prev is None else _first_phrase(gz.text[prev : c.start]) or task.heading
                )
                previous_end[node.start] = c.end
        out.append(
            ResponsibilityClause(
                doc_number=doc_number,
                doc_key=doc_key,
                task=name,
                task_path=task.path if task else (),
                task_text=task.text if task else "",
                units=tuple(c.units),
                lead=tuple(c.lead),
                convention=c.convention,
                prov=prov,
                labels=tuple(c.labels),
            )
        )
    return out, list(tasks.values())
