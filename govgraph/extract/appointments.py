"""Appointments and removals (人事任免): one dated event per person and post.

Where the genre prints them:

* the personnel notice of a gazette, one decision per sentence, separated by ``；``::

      市人民政府决定：
      谢忠诚任温州高新技术产业开发区（温州经济技术开发区）管委会常务副主任（正县长级），免去其温州市发展和改革委员会副主任职务；
      免去姜益祥、黄少燕的温州湾新区（…）管委会副主任职务；

* the people's congress decision, its 任命名单 and the news of the meeting, anywhere in a text::

      决定任命：余兴军为樊城区人民政府副区长。
      会议决定任命李胜平任市发展和改革委员会主任、张建平任市民政局局长，免去孙海献的市发展和改革委员会主任职务、于力强的市民政局局长职务。
      会议决定接受杨自力辞去市人民政府市长职务、邓为辞去市人民政府副市长职务的请求。
      任命邓正权为市人民政府副市长，并决定为代理市长。
      任命县委副书记纪道清同志为县人民政府副县长、代理县长。

Forms: ``任命/聘任X为…`` (also ``X、Y为…，Z为…``, ``X等3名同志为…``), ``决定X任…``, ``免去X的…职务``
(also without 的, ``X的…职务、Y的…职务``, ``免去其…``), ``接受X辞去…职务（的请求）`` → remove,
``X提出辞去…职务`` → remove where the text reports the vote on the personnel items, and in a
personnel notice ``X任…``, ``X兼任…``, ``X不再担任…职务``; in a report ``X不再担任…职务``
only where the name's start is certain, or as the subject of the sentence
(``原副市长X因…，不再担任…职务``).  ``免除X同志Y一职``: 一职 ends a post like 职务.
``决定X副区长代理…区长职务``: the person's current post may stand before 代理; a congress
decision may print the acting post without 职务 (``决定：X同志代理Y市人民政府市长。``), then
only a whole title with its body counts.  A reported vote lists its items after 表决通过
(``关于X同志任…，Y同志任…，以及Z同志代理…职务等人事任免事项``): items named with 同志.  A headline
that shortens the body (``X区政府``) restates the report's ``X区人民政府``.  The verbs are data
(``data/vocab/personnel.tsv``).  Posts joined by ``、`` or ``，`` are separate events; a bare
position after an organisation shares it (``副市长、代市长``, ``总经理、副董事长``); ``代理``/``代``
qualify the post (``代理市长``), they are not an organisation.  Bracketed notes are not part of
the post: rank (（正县长级）), （挂职）, （兼） go to ``rank_note``, （试用期一年） to ``probation``.
A seat (人大代表) is not a post.

A list of one kind of decision under a heading (任免名单: ``一、任命`` then ``X为…`` lines,
``二、免去`` then ``X的…职务`` lines) reads its items without the verb.  The quirk: list
lines often reach us joined (a lost line break: ``…副局长（试用期一年）Y为…``,
``…局长职务Z的…``, ``…局长二、免去``); an item starts again where the post before is
complete and a bounded name with its verb follows, and a numbered heading inside a line is
a heading.  ``X挂职任…`` / ``X挂任…``: a secondment, noted ``挂职`` in ``rank_note``.

Names are read only between certain boundaries: the verb before them, and after them ``、``,
``同志``, ``等`` or the verb of the form (为/任/的/辞去); a name followed directly by its post
(免去X市…职务) is read only when the post starts with a level word (省/市/县/区…) or
after 同志.  A middle-dot name (阿不都·艾力) is read with its last part ending where the
form's verb starts.  A decision
whose name cannot be bounded is dropped and counted (``DROPPED`` in the log and the
extraction's warnings).  A restatement (a headline ``任命X为代理县长`` before the full
``任命X为县人民政府副县长、代理县长``) is the same event and is kept once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from govgraph.extract.duties import printed_date, split_outside_brackets
from govgraph.extract.officials import (
    CJK,
    Vocabulary,
    clean_name,
    dotted_name_candidates,
    is_name,
    split_post,
    vocabulary,
)
from govgraph.ingest import Gazette, Section
from govgraph.places import find_places
from govgraph.records import Appointment, AppointmentAction, DocumentRecord, Extraction
from govgraph.vocab import alternation, word_list

log = logging.getLogger(__name__)

EXTRACTOR = "appointments"

#: A document of the genre besides the 人事任免 column: 关于张三等同志职务任免的通知.
_PERSONNEL_TITLE_RE = re.compile(r"任免|任职|免职|职务")
#: A bracketed note at the end of a post: （正县长级）, （试用期一年）, （挂职）, （兼）.
_NOTE_RE = re.compile(r"[（(](?P<note>[^（）()]{1,16})[)）]$")
_PROBATION_RE = re.compile(r"试用期")
#: The decision's preamble: 市人民政府决定： / 经研究决定：.
_PREAMBLE_RE = re.compile(r"^[^，。；]{0,20}决定[：:]")
#: A line that opens a list of decisions outside a notice (经市人民政府研究决定： / 任免如下：).
_LIST_PREAMBLE_RE = re.compile(r"(?:研究决定|决定|任免如下|任职如下|免职如下)[：:]\s*")
#: The heading of a list of one kind of decision (任免名单: ``一、任命`` … ``二、免去``): the
#: lines under it are ``X为…`` / ``X的…职务`` items without the verb.
_LIST_HEADING_RE = re.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．])?\s*"
    r"(?P<verb>决定任命|决定免去|任命|免去|免职|聘任|撤销)(?:名单)?[：:]?\s*"
)
_OPEN = "（(〈<〔[【“"
_CLOSE = "）)〉>〕]】”"
_SP = " \u3000\t\xa0"
#: After the names: 等3名同志 / 等同志 (only the named persons are recorded).
_ETC_NAMES_RE = re.compile(r"等(?:[\d一二三四五六七八九十两]+[名位人])?(?:同志)?")
#: Where a post that follows a name directly starts (免去X市…职务): a level word.
#: After the name of a list item: 为/任 (appointed), 的 (removed from).
_ITEM_FOLLOW_RE = re.compile(r"为|任|的")
_POST_START_RE = re.compile(r"(?:中共)?[省市县区州盟旗镇乡]")
_DOTTED_RE = re.compile(r"[·•・]")
_GENDER_RE = re.compile(r"[（(][男女][)）]")
#: Where a post ends: 职务, 职 before punctuation, and 一职 (免除X同志副县长一职: "the post of").
#: Quirk: "…市长的职务" (a 的 before 职务) ends the post at the 的.
_POST_END_RE = re.compile(r"的?(?:一职(?=[，,。；;、]|$)|职务|职(?=[，,。；;、]|$))")


@dataclass(frozen=True)
class PersonnelVocabulary:
    trigger_re: re.Pattern[str]  # appoint / remove / accept / decide verbs
    kinds: dict[str, str]
    be_re: re.Pattern[str]
    offer_re: re.Pattern[str]
    vote_re: re.Pattern[str]
    not_post_re: re.Pattern[str]
    #: Any word ``trigger_re`` or ``offer_re`` needs, on its own: a quick test that rules out
    #: most sentences (those two begin with look-behinds or an option, which ``re`` cannot scan
    #: for quickly).
    decision_word_re: re.Pattern[str]

    def decides(self, sentence: str) -> bool:
        """Does ``sentence`` state a decision (``trigger_re``) or an offer (``offer_re``)?"""
        return self.decision_word_re.search(sentence) is not None and (
            self.trigger_re.search(sentence) is not None or self.offer_re.search(sentence) is not None
        )


@lru_cache(maxsize=1)
def personnel_vocabulary() -> PersonnelVocabulary:
    """The verbs of ``personnel.tsv`` and the regexes built from them (first use only)."""
    kinds: dict[str, str] = {}
    by_kind: dict[str, list[str]] = {}
    for word, kind in word_list("personnel"):
        kinds[word] = kind
        by_kind.setdefault(kind, []).append(word)
    triggers = [w for w, k in kinds.items() if k in ("appoint", "remove", "accept", "decide")]
    return PersonnelVocabulary(
        # 拟任命 / 提请任命 / 建议免去: a proposal, not a decision.
        trigger_re=re.compile(f"(?<!拟)(?<!提请)(?<!建议)(?<!推荐)(?:{alternation(triggers)})"),
        kinds=kinds,
        be_re=re.compile(f"(?:兼任|{alternation(by_kind.get('be', []))})"),
        offer_re=re.compile(f"(?:分别)?(?:{alternation(by_kind.get('offer', []))})"),
        vote_re=re.compile(f"(?:{alternation(by_kind.get('vote', []))})[^。]{{0,30}}(?:任免|辞职|任命|免职)"),
        not_post_re=re.compile(f"(?:{alternation(by_kind.get('not_post', []))})$"),
        decision_word_re=re.compile(alternation([*triggers, *by_kind.get("offer", [])])),
    )


# ---------------------------------------------------------------------------------------------
# Posts


def _notes(post: str) -> tuple[str, list[str]]:
    """A post without its bracketed notes at the end, and the notes."""
    vocab = vocabulary()
    notes: list[str] = []
    while True:
        m = _NOTE_RE.search(post)
        if not m or not any(w in m.group("note") for w in vocab.notes):
            return post, notes
        notes.insert(0, m.group("note"))
        post = post[: m.start()].rstrip()


def split_posts(posts: str, vocab: Vocabulary | None = None) -> list[tuple[str, str, list[str]]]:
    """``总经理、副董事长`` after an organisation → [(org, 总经理, notes), (org, 副董事长, notes)]."""
    vocab = vocab or vocabulary()
    out: list[tuple[str, str, list[str]]] = []
    org = ""
    for piece, _, _ in split_outside_brackets(posts):
        piece = re.sub(r"(?:职务|职)$", "", piece)
        piece, notes = _notes(piece)
        piece = re.sub(r"(?:职务|职)$", "", piece)  # 副主任（兼）职务
        if not piece:
            continue
        if vocab.head_suffix_re.fullmatch(piece) and org:
            out.append((org, piece, notes))
            continue
        o, position = split_post(piece, vocab)
        if o.startswith("代理") and len(o) > 2:
            # 副市长、代理X市人民政府市长: 代理 qualifies the post, it is no part of the body.
            o, position = o[2:], "代理" + position
        if o:
            org = o
        elif org:
            o = org
        out.append((o, position, notes))
    return out


# ---------------------------------------------------------------------------------------------
# Names


def _name_at(
    text: str, i: int, follow: re.Pattern[str], vocab: Vocabulary, *, bare_post: bool
) -> tuple[str, int] | None:
    """One name at ``text[i]`` whose end is certain: (name, end) or None.

    After the name comes ``、``, ``同志``, ``等``, or what ``follow`` expects (为, 的, 辞去);
    with ``bare_post`` also a post starting with a level word (免去X市…职务).  Two readings
    that both end well are ambiguous: nothing is read.
    """
    lengths = (4, 3) if text[i : i + 2] in vocab.compound_surnames else (3, 2)
    readings = dotted_name_candidates(text, i) or [(text[i : i + n], i + n) for n in lengths]
    hard: list[tuple[str, int]] = []
    soft: list[tuple[str, int]] = []
    for cand, j in readings:
        if j > len(text) or not is_name(cand, vocab):
            continue
        gender = _GENDER_RE.match(text, j)  # 赵丽（女）任…
        if gender:
            j = gender.end()
        if j < len(text) and (text[j] == "、" or text.startswith(("同志", "等"), j) or follow.match(text, j)):
            hard.append((cand, j))
        elif bare_post and (_POST_START_RE.match(text, j) or _place_at(text, j)):
            soft.append((cand, j))
    found = hard or soft
    if len(found) == 2 and not _DOTTED_RE.search(found[0][0]):
        # 郑皓副区长代理…: a reading whose last character starts a post right after the
        # shorter reading (郑皓副|区长) cuts that post: the shorter one is the name.
        (long_name, _), (short_name, short_end) = sorted(found, key=lambda f: -len(f[0]))
        post = vocab.post_re.match(text, i + len(short_name))
        if post and post.end() > i + len(long_name):
            found = [(short_name, short_end)]
    if len(found) == 1:
        return found[0]
    return None


def _place_at(text: str, j: int) -> bool:
    """Does a place name of the gazetteer start at ``text[j]`` (免去X泉州市人民政府副市长…职务: the
    post starts with its place, not a level word)?"""
    return any(start == 0 for start, _, _ in find_places(text[j : j + 12]))


def _names_at(
    text: str, i: int, follow: re.Pattern[str], vocab: Vocabulary, *, bare_post: bool = False
) -> tuple[list[str], int] | None:
    """Names sharing one decision (``X、Y同志``, ``X等3名同志``), followed by ``follow``.

    A current title may stand before the first name (任命县委副书记纪道清同志为…)."""
    starts = [i]
    t = vocab.title_re.match(text, i)
    if t and t.end() > i:
        starts.append(t.end())
    # … also with its body (决定：X市人民政府副市长张三代理市长职务).
    f = vocab.full_title_re.match(text, i)
    if f and f.end() > i and f.end() not in starts:
        starts.append(f.end())
    for start in starts:
        names: list[str] = []
        pos = start
        while True:
            got = _name_at(text, pos, follow, vocab, bare_post=bare_post)
            if got is None:
                break
            name, end = got
            names.append(clean_name(name))
            if text.startswith("同志", end):
                end += 2
            if end < len(text) and text[end] == "、":
                nxt = _name_at(text, end + 1, follow, vocab, bare_post=bare_post)
                if nxt is not None:
                    pos = end + 1
                    continue
            pos = end
            break
        if not names:
            continue
        comrade = text.startswith("同志", pos - 2)
        m = _ETC_NAMES_RE.match(text, pos)
        if m and m.end() > pos:
            pos = m.end()
        # After 同志 the post follows with a certain left boundary (免除X同志常务副县长一职).
        if follow.match(text, pos) or (
            bare_post and (comrade or _POST_START_RE.match(text, pos) or _place_at(text, pos))
        ):
            return names, pos
    return None


# ---------------------------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True, slots=True)
class _Event:
    person: str
    action: AppointmentAction
    posts: str  # organisation + positions as printed
    start: int  # offsets in the sentence
    end: int
    inherit_org: bool = False  # 并决定为代理市长: the organisation of the decision before
    acting: bool = False  # 代理杭州市市长职务: the position is held as acting (代理市长)


def _depth_scan(text: str, i: int) -> Iterator[tuple[int, str]]:
    """(position, character) from ``text[i]`` on, outside brackets."""
    depth = 0
    for j in range(i, len(text)):
        c = text[j]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE and depth:
            depth -= 1
        elif depth == 0:
            yield j, c


class _SentenceParser:
    """The decisions of one sentence (see the module docstring for the forms)."""

    def __init__(
        self,
        text: str,
        vocab: Vocabulary,
        pv: PersonnelVocabulary,
        *,
        weak: bool,
        votes: bool,
        list_kind: str | None = None,
    ):
        self.s = text
        self.list_kind = list_kind
        self.vocab = vocab
        self.pv = pv
        self.weak = weak
        self.votes = votes
        self.events: list[_Event] = []
        self.dropped = 0
        self._last: list[str] = []

    # -- pieces ------------------------------------------------------------------------------
    def _appoint_posts_end(self, k: int) -> int:
        """Where the posts after 为/任 end: at 。/；, before a new verb or another ``X为…``
        item, and at a comma unless a title follows it (副区长、代理区长 is one item)."""
        s = self.s
        for j, c in _depth_scan(s, k):
            if c in "。；;":
                return j
            if j > k and s.startswith("的决定", j):  # 通过了任命X为…副市长的决定
                return j
            if c not in "，,、":
                if j > k and self._glued_item_at(j, k, self.pv.be_re):
                    return j
                continue
            rest = s[j + 1 :]
            lead = re.match(r"(?:并且|并|同时|另)?", rest)
            after = rest[lead.end() if lead else 0 :]
            if self.pv.trigger_re.match(after) or re.match(r"(?:决定|任命)*为|免去", after):
                return j
            if c in "，," and re.match(r"(?:决定)?代理[^，,。；;]{1,30}职务", after):
                return j  # ，代理杭州市市长职务 (but 副区长、代理区长 is a list of posts)
            if _names_at(s, j + 1, self.pv.be_re, self.vocab):
                return j
            if c in "，,":
                piece = re.split(r"[、，,。；;]", rest, maxsplit=1)[0]
                if not self.vocab.full_title_re.fullmatch(piece) or self.vocab.not_org_re.search(piece):
                    return j
        return len(s)

    def _glued_item_at(self, j: int, k: int, follow: re.Pattern[str]) -> bool:
        """A list item printed right after the previous one, the line break lost
        (``…副局长（试用期一年）李四为…``, ``…局长职务王五的…``): the post before is complete
        (a title or a closing bracket ends it) and a bounded name with its verb starts at ``j``."""
        s = self.s
        if s[j] not in self.vocab.surnames and not dotted_name_candidates(s, j):
            return False
        complete = (
            s[j - 1] in "）)" or s.startswith("职务", j - 2) or self.vocab.head_suffix_re.search(s, k, j)
        )
        return bool(complete) and _names_at(s, j, follow, self.vocab) is not None

    def _title_clause_end(self, k: int) -> tuple[int, int] | None:
        """A post printed without 职务 up to the clause's end (``决定：X同志代理Y市人民政府市长。``,
        a title ``关于X同志代理Y市人民政府市长的决定``): only a whole title with its body."""
        m = re.compile(r"[^，,。；;、\n]{2,40}?(?=的决定|[，,。；;\n]|$)").match(self.s, k)
        if m and self.vocab.full_title_re.fullmatch(m.group(0)) and split_post(m.group(0), self.vocab)[0]:
            return m.end(), m.end()
        return None

    def vote_items(self) -> None:
        """Items of a reported vote: ``表决通过（区政府提请的）关于X同志任…，Y同志任…、…，以及
        Z同志代理…职务等人事任免事项``.  Each item's name is bounded by 同志 and its start by
        关于, 的, 以及 or punctuation; the posts end at the item's comma or at 等…事项."""
        s = self.s
        vote = re.search(r"(?:表决|审议)(?:并表决)?通过", s)
        if vote is None:
            return
        item = re.compile(r"(?:关于|的|以及|[，,、；;])(?=[^，,。；;]{2,12}?同志(?:任|代理))")
        for m in item.finditer(s, vote.end()):
            got = _names_at(s, m.end(), re.compile("任|代理"), self.vocab)
            if got is None or not s.startswith("同志", got[1] - 2):
                continue
            names, j = got
            acting = s.startswith("代理", j)
            k = j + (2 if acting else 1)
            end = re.compile(r"[，,。；;]|等[^，,。；;]{0,12}事项|职务").search(s, k)
            posts = s[k : end.start() if end else len(s)]
            if not posts:
                continue
            for name in names:
                self.events.append(_Event(name, "appoint", posts, m.start(), k + len(posts), acting=acting))

    def _removed_posts_end(self, k: int) -> tuple[int, int] | None:
        """(end of the posts, end of 职务) after a removed name, or None.  A comma may
        separate two posts of one removal (…副秘书长，…副主任职务)."""
        s = self.s
        for j, c in _depth_scan(s, k):
            m = _POST_END_RE.match(s, j)
            if m:
                return j, m.end()
            if c in "。；;":
                return None
            if c in "，,":
                nxt = _POST_END_RE.search(s, j, min(len(s), j + 40))
                stop = re.search(r"[。；;]", s[j : nxt.start()]) if nxt else None
                if nxt is None or stop is not None:
                    return None
        return None

    # -- forms -------------------------------------------------------------------------------
    def appoint_items(self, i: int) -> int:
        """``X为…``, ``X、Y为…，Z为…``, ``X任…、Y任…`` from ``i``; returns where they end."""
        s = self.s
        pos = i
        while True:
            got = _names_at(s, pos, self.pv.be_re, self.vocab)
            if got is None:
                return pos
            names, j = got
            verb = self.pv.be_re.match(s, j)
            assert verb is not None
            k = verb.end()
            end = self._appoint_posts_end(k)
            posts = s[k:end]
            extra = {"兼任": "（兼）", "挂职任": "（挂职）", "挂任": "（挂职）"}.get(verb.group(0), "")
            if extra and extra[1:-1] in s[k:end]:  # 挂职任…副局长（挂职时间一年）: noted already
                extra = ""
            for name in names:
                self.events.append(_Event(name, "appoint", posts + extra, pos, end))
            self._last = names
            pos = end
            if pos < len(s) and s[pos] in "，,、；;" and _names_at(s, pos + 1, self.pv.be_re, self.vocab):
                pos += 1
                continue
            if pos < len(s) and self._glued_item_at(pos, k, self.pv.be_re):
                continue
            # 并决定为代理市长 / 并为…: another post of the same persons.
            m = re.compile(r"[，,]?并(?:决定|任命)*为").match(s, pos)
            if m:
                end = self._appoint_posts_end(m.end())
                for name in names:
                    self.events.append(_Event(name, "appoint", s[m.end() : end], pos, end, inherit_org=True))
                pos = end
            # ，代理杭州市市长职务: the same persons act in a post.
            m = re.compile(r"[，,]?(?:并|同时)?(?:决定)?代理").match(s, pos)
            if m:
                found = self._removed_posts_end(m.end())
                if found is not None:
                    for name in names:
                        self.events.append(
                            _Event(name, "appoint", s[m.end() : found[0]], pos, found[1], acting=True)
                        )
                    pos = found[1]
            return pos

    def acting(self) -> None:
        """``决定X代理…职务`` / ``关于X代理…职务的决定``: an acting appointment."""
        s = self.s
        # The person's current post may stand between the name and 代理 (决定X副区长代理…区长职务).
        follow = re.compile(f"(?:{self.vocab.post_re.pattern})?代理")
        for m in re.finditer(r"(?:决定|关于)[：:]?", s):
            got = _names_at(s, m.end(), follow, self.vocab)
            if got is None:
                continue
            names, j = got
            verb = follow.match(s, j)
            assert verb is not None
            found = self._removed_posts_end(verb.end()) or self._title_clause_end(verb.end())
            if found is None:
                continue
            posts = s[verb.end() : found[0]]
            # "X市人民政府副市长张三代理市长职务": the acting post is in the body of the title before
            # the name when it names none of its own.
            title = self.vocab.full_title_re.match(s, m.end())
            if title and title.end() < j and m.group(0).startswith("关于"):
                continue  # a headline (关于X市人民政府副市长张三代理市长职务的决定): its body decides
            body = split_post(title.group(0), self.vocab)[0] if title and title.end() < j else ""
            if body and not split_post(posts, self.vocab)[0]:
                posts = body + posts
            for name in names:
                self.events.append(_Event(name, "appoint", posts, m.end(), found[1], acting=True))

    def remove_items(self, i: int) -> int:
        """``X的…职务、Y的…职务``, ``X、Y的…职务``, ``其…职务`` from ``i``."""
        s = self.s
        pos = i
        follow = re.compile(r"的")
        while True:
            if s.startswith("其", pos) and self._last:
                names, j = self._last, pos + 1
            else:
                got = _names_at(s, pos, follow, self.vocab, bare_post=True)
                if got is None:
                    looks_named = re.match(f"[{CJK}]{{2,3}}", s[pos : pos + 3])
                    if looks_named and _POST_END_RE.search(s, pos, pos + 60):
                        self.dropped += 1
                    return pos
                names, j = got
            if s.startswith("的", j):
                j += 1
            found = self._removed_posts_end(j)
            if found is None:
                return pos
            post_end, end = found
            for name in names:
                self.events.append(_Event(name, "remove", s[j:post_end], pos, end))
            self._last = names
            pos = end
            more = pos < len(s) and s[pos] in "、，,；;"
            if more and _names_at(s, pos + 1, follow, self.vocab, bare_post=True):
                pos += 1
                continue
            if pos < len(s) and self._glued_item_at(pos, j, follow):
                continue
            return pos

    def resign_items(self, i: int) -> int:
        """``X辞去…职务、Y辞去…职务（的请求）`` after 接受/同意."""
        s = self.s
        pos = i
        follow = re.compile(r"(?:提出|申请)?辞去")
        while True:
            if s.startswith("其", pos) and self._last and follow.match(s, pos + 1):
                got: tuple[list[str], int] | None = (self._last, pos + 1)  # 接受其辞去…: the one named before
            else:
                got = _names_at(s, pos, follow, self.vocab)
            if got is None:
                return pos
            names, j = got
            verb = follow.match(s, j)
            assert verb is not None
            found = self._removed_posts_end(verb.end())
            if found is None:
                return pos
            post_end, end = found
            for name in names:
                self.events.append(_Event(name, "remove", s[verb.end() : post_end], pos, end))
            pos = end
            if s.startswith("的请求", pos):  # 接受X辞去…职务的请求，Y辞去…职务的请求
                pos += 3
            if pos < len(s) and s[pos] in "、，," and _names_at(s, pos + 1, follow, self.vocab):
                pos += 1
                continue
            return pos

    def offers(self) -> None:
        """``X、Y分别提出辞去…职务`` at a clause start: removals once the meeting voted them."""
        s = self.s
        for m in self.pv.offer_re.finditer(s):
            start = max(s.rfind(c, 0, m.start()) for c in "，,。；;：:") + 1
            got = _names_at(s, start, self.pv.offer_re, self.vocab)
            if got is None or got[1] != m.start():
                continue
            found = self._removed_posts_end(m.end())
            if found is None:
                continue
            post_end, end = found
            for name in got[0]:
                self.events.append(_Event(name, "remove", s[m.end() : post_end], start, end))

    def no_longer(self, i: int) -> None:
        """``X不再担任…职务`` (a personnel notice's removal)."""
        got = _names_at(self.s, i, re.compile("不再担任"), self.vocab)
        if got is None:
            return
        names, j = got
        found = self._removed_posts_end(j + 4)
        if found is not None:
            for name in names:
                self.events.append(_Event(name, "remove", self.s[j + 4 : found[0]], i, found[1]))

    def _bounded_names_before(self, end: int) -> tuple[str, ...]:
        """The names that end at ``end`` whose starts are certain: the sentence's or a
        clause's start, or a title right before them (``原副市长王五``, ``，李四同志``,
        ``副市长王五、赵六``); empty when any name is ambiguous."""
        s = self.s
        names: list[str] = []
        while True:
            if s.startswith("同志", end - 2):
                end -= 2
            found = []
            for n in (4, 3, 2):
                start = end - n
                if start < 0 or not is_name(s[start:end], self.vocab):
                    continue
                certain = start == 0 or s[start - 1] in "，,；;：:、 "
                if not certain:
                    titles = self.vocab.title_re.finditer(s, max(0, start - 30), start)
                    certain = any(t.end() == start for t in titles)
                if certain:
                    found.append(start)
            if len(found) != 1:
                return ()
            names.insert(0, s[found[0] : end])
            if found[0] == 0 or s[found[0] - 1] != "、":
                return tuple(names)
            end = found[0] - 1

    def no_longer_news(self) -> None:
        """``X不再担任…职务`` in a report (a decision's verb there only when the name's start
        is certain), and its subject form ``原副市长X因…，不再担任…职务``: the one bounded
        name (list) followed by 因 earlier in the sentence."""
        s = self.s
        for m in re.finditer("不再担任", s):
            found = self._removed_posts_end(m.end())
            if found is None:
                continue
            names = self._bounded_names_before(m.start())
            if not names and m.start() and s[m.start() - 1] in "，,":
                subjects = {self._bounded_names_before(c.start()) for c in re.finditer(r"因", s[: m.start()])}
                subjects.discard(())
                names = subjects.pop() if len(subjects) == 1 else ()
            for name in names:
                self.events.append(_Event(name, "remove", s[m.end() : found[0]], m.start(), found[1]))

    # -- the sentence ------------------------------------------------------------------------
    def parse(self) -> list[_Event]:
        s = self.s
        pos = 0
        if self.list_kind == "remove":
            pos = self.remove_items(0)
        elif self.list_kind == "appoint":
            pos = self.appoint_items(0)
        elif self.weak:
            self.no_longer(0)
            if not self.events:
                pos = self.appoint_items(0)
        else:
            self.no_longer_news()
        if self.votes:
            self.offers()
        self.acting()
        self.vote_items()
        while pos < len(s):
            m = self.pv.trigger_re.search(s, pos)
            if m is None:
                break
            kind = self.pv.kinds[m.group(0)]
            k = m.end()
            if s.startswith(("：", ":"), k):
                k += 1
            k += len(s[k:]) - len(s[k:].lstrip(_SP))
            if kind in ("appoint", "decide"):
                end = self.appoint_items(k)
            elif kind == "remove":
                end = self.remove_items(k)
            else:
                end = self.resign_items(k)
            pos = max(end, m.end())
        return self.events


# ---------------------------------------------------------------------------------------------
# Extraction


def _is_personnel(section: Section) -> bool:
    return section.kind == "personnel" or (
        section.kind == "document" and bool(_PERSONNEL_TITLE_RE.search(section.title or ""))
    )


def _statements(
    gz: Gazette, start: int, end: int, personnel: bool, starts_item: Callable[[str], bool] = lambda _: False
) -> Iterator[tuple[str, Sequence[int]]]:
    """Sentences with the clean offset of each character.

    In a personnel notice a decision ends at ``；`` or ``：`` too, and a line break after
    anything but 。/；/： is joined (the quirk: ``胡琼洲任…副局长，免去`` / ``其温州市…职务``),
    except after a list heading (``一、任命``) and before a line that ``starts_item``
    (a name list's ``X为…`` / ``X的…职务``, printed without closing punctuation).
    Elsewhere a sentence ends at ``。`` or a paragraph break (a headline is a sentence).
    """
    text = gz.text
    if not personnel:
        # Outside a personnel notice nothing joins lines: the sentences are the runs between
        # the breaks, found without visiting each character in Python (most of a gazette).
        pos = start
        for m in _SENTENCE_BREAK_RE.finditer(text, start, end):
            yield from _sentence(text, pos, m.start())
            pos = m.end()
        yield from _sentence(text, pos, end)
        return
    chars: list[str] = []
    index: list[int] = []
    ends = "。；;：:\n"
    for i in range(start, end):
        c = text[i]
        if c == "\n":
            prev = chars[-1] if chars else ""
            if prev and prev not in "。；;：:":
                line_end = text.find("\n", i + 1, end)
                nxt = text[i + 1 : end if line_end < 0 else line_end].strip(_SP + "\n")
                if not (_LIST_HEADING_RE.fullmatch("".join(chars)) or (nxt and starts_item(nxt))):
                    continue
        if c in ends:
            if chars:
                yield "".join(chars), index
            chars, index = [], []
            continue
        if c in _SP and not chars:
            continue
        chars.append(c)
        index.append(i)
    if chars:
        yield "".join(chars), index


_SENTENCE_BREAK_RE = re.compile("[。\n]")


def _sentence(text: str, start: int, end: int) -> Iterator[tuple[str, Sequence[int]]]:
    """The sentence ``text[start:end]`` without its leading spaces, if anything is left (with
    the offsets of its characters: a range, most sentences are read no further)."""
    sentence = text[start:end].lstrip(_SP)
    if sentence:
        yield sentence, range(end - len(sentence), end)


#: A numbered list heading printed inside a statement (a lost line break: ``…局长二、免去``).
_INNER_HEADING_RE = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])"
    r"(?:决定任命|决定免去|任命|免去|免职|聘任|撤销)(?:名单)?[：:]?"
    # … or a heading with its colon that opens the statement (决定任命：X为…, the break lost)
    r"|^(?:决定任命|决定免去|任命|免去|免职|聘任)(?:名单)?[：:]"
)


def _split_headings(
    statements: Iterable[tuple[str, Sequence[int]]],
) -> Iterator[tuple[str, Sequence[int]]]:
    """Statements with each numbered list heading inside them made a statement of its own."""
    for text, index in statements:
        if "任" not in text and "免" not in text and "撤" not in text:
            if text:  # no heading word (任命, 聘任, 免去, 免职, 撤销): most statements
                yield text, index
            continue
        pos = 0
        for m in _INNER_HEADING_RE.finditer(text):
            if m.start() > pos:
                yield text[pos : m.start()], index[pos : m.start()]
            yield m.group(0), index[m.start() : m.end()]
            pos = m.end()
        if pos < len(text):
            yield text[pos:], index[pos:]


_NOT_IN_AN_ORGANISATION_RE = re.compile(r"同志|关于|任命|免去")


def _document_of(ex: Extraction, section: Section) -> DocumentRecord | None:
    line = section.header.number_line if section.header else section.line
    return next((d for d in ex.documents if d.prov.line == line), None)


def _regions(gz: Gazette) -> Iterator[tuple[int, int, Section | None]]:
    """Personnel notices, and the text between them (where only the strong forms count)."""
    pos = 0
    for section in sorted((s for s in gz.sections if _is_personnel(s)), key=lambda s: s.start):
        if section.start > pos:
            yield pos, section.start, None
        yield section.start, section.end, section
        pos = max(pos, section.end)
    if pos < len(gz.text):
        yield pos, len(gz.text), None


def extract_appointments(gz: Gazette, ex: Extraction) -> list[Appointment]:
    """Every appointment and removal in the text, in text order, restatements kept once."""
    vocab = vocabulary()
    pv = personnel_vocabulary()
    votes = bool(pv.vote_re.search(gz.text))
    out: list[Appointment] = []
    dropped = 0
    for start, end, section in _regions(gz):
        personnel = section is not None
        doc_key: str | None = None
        date: str | None = None
        if section is not None:
            doc = _document_of(ex, section)
            doc_key = doc.key if doc else (section.header.doc_id if section.header else section.title) or None
            date = doc.date if doc else None
        else:
            # A decision outside a notice (news, a congress decision, a web page): the text's
            # own document when ingestion found one, else the date the text prints.
            doc = ex.documents[0] if len(ex.documents) == 1 else None
            doc_key = doc.key if doc else None
            date = (doc.date if doc else None) or printed_date(gz, start)
        # Outside a notice, the lines after a decision's preamble (经研究决定： / 任免如下：) are
        # a personnel list too: ``X任…`` counts there until a line is no decision.
        in_list = False
        list_kind: str | None = None

        def starts_item(line: str) -> bool:
            return _names_at(line, 0, _ITEM_FOLLOW_RE, vocab) is not None

        for raw_sentence, index in _split_headings(_statements(gz, start, end, personnel, starts_item)):
            heading = _LIST_HEADING_RE.fullmatch(raw_sentence)
            if heading:
                kind = pv.kinds.get(heading.group("verb"), "remove" if "免" in heading.group("verb") else "")
                list_kind = kind if kind in ("appoint", "remove") else None
                in_list = list_kind is not None
                continue
            preamble = _LIST_PREAMBLE_RE.search(raw_sentence) if not personnel else None
            if preamble and (
                preamble.end() == len(raw_sentence)
                or not re.search(r"[，,]", raw_sentence[: preamble.start()])
            ):
                in_list = True
                if preamble.end() == len(raw_sentence):
                    continue  # else the first item is printed on the preamble's line
            weak = personnel or in_list
            if not weak and "不再担任" not in raw_sentence and not pv.decides(raw_sentence):
                continue
            pre = _PREAMBLE_RE.match(raw_sentence) if personnel else None
            k = pre.end() if pre else 0
            sentence = raw_sentence[k:].strip()
            if not sentence:
                continue
            k += len(raw_sentence[k:]) - len(raw_sentence[k:].lstrip())
            parser = _SentenceParser(sentence, vocab, pv, weak=weak, votes=votes, list_kind=list_kind)
            events = parser.parse()
            dropped += parser.dropped
            in_list = in_list and bool(events)
            list_kind = list_kind if in_list else None
            last_org = ""
            for ev in events:
                # A personnel notice's decision is evidenced by its sentence; elsewhere by the
                # decision's own clause (a news paragraph may hold a headline and a report).
                if personnel:
                    span = index[k], index[min(k + len(sentence), len(index)) - 1] + 1
                else:
                    span = index[k + ev.start], index[min(k + max(ev.end, ev.start + 1), len(index)) - 1] + 1
                for org, position, notes in split_posts(ev.posts, vocab):
                    if ev.inherit_org and not org:
                        org = last_org
                    if ev.acting and not position.startswith("代"):
                        position = "代理" + position
                    if not position or pv.not_post_re.search(position):
                        continue
                    if not vocab.head_suffix_re.fullmatch(position):
                        log.debug("%s: no position recognised in %r", gz.name, position)
                        continue
                    if _NOT_IN_AN_ORGANISATION_RE.search(org or ""):
                        # "X同志为Y市人民政府" (a second appointee whose name was not read) or
                        # "…关于…" (a title of a decision): no organisation's name; nothing rather
                        # than a post of an invented body.
                        log.debug("%s: no organisation in %r", gz.name, org)
                        continue
                    last_org = org or last_org
                    probation = next((n for n in notes if _PROBATION_RE.search(n)), None)
                    rank = [n for n in notes if n != probation]
                    out.append(
                        Appointment(
                            person=ev.person,
                            action=ev.action,
                            position=position,
                            organization=org,
                            rank_note="；".join(rank) or None,
                            probation=probation,
                            doc_key=doc_key,
                            date=date,
                            prov=gz.provenance(*span, EXTRACTOR),
                        )
                    )
    if dropped:
        log.info("%s: %d personnel decision(s) dropped: a name without certain boundaries", gz.name, dropped)
        ex.warnings.append(
            f"{gz.name}: appointments: {dropped} decision(s) dropped (name boundaries not certain)"
        )
    out = _restatements_once(out)
    log.debug("%s: %d appointments", gz.name, len(out))
    return out


#: 政府 not after 人民: the short form of a government's name (通州区政府 = 通州区人民政府).
_SHORT_GOVERNMENT_RE = re.compile(r"(?<!人民)政府")


def _restatements_once(events: list[Appointment]) -> list[Appointment]:
    """One event per (person, action, organisation, position), first statement first; a post
    stated without its organisation (a headline) is dropped when the same person's same
    position is stated with one.  A headline that shortens the body (``X区政府`` for the
    report's ``X区人民政府``) states the same event: the full form is kept."""
    with_org = {(a.person, a.action, a.position) for a in events if a.organization}
    kept: dict[tuple[str, str, str, str], int] = {}
    out: list[Appointment] = []
    for a in events:
        org = _SHORT_GOVERNMENT_RE.sub("人民政府", a.organization)
        key = (a.person, a.action, org, a.position)
        if not a.organization and (a.person, a.action, a.position) in with_org:
            continue
        if key in kept:
            k = kept[key]
            if len(a.organization) > len(out[k].organization):
                out[k] = a
            continue
        kept[key] = len(out)
        out.append(a)
    return sorted(out, key=lambda a: a.prov.start)
