"""spaCy integration: govgraph's recognisers as pipeline components.

``import govgraph; doc = govgraph.nlp()("由市商务局牵头…")`` gives ``doc.ents`` with
ORG / COLLECTIVE spans (``ent_id_`` and ``kb_id_`` = the resolved entity id, e.g.
``agency/温州市商务局``) and TITLE / PERSON spans for officials (``副市长陈应许``).

The components are registered with ``@Language.factory`` and advertised through the
``spacy_factories`` entry points, so ``spacy.blank("zh").add_pipe("govgraph_agencies")``
works once govgraph is installed.  Pattern data (agency registry, title words) is read
from ``ontology/`` when the component first runs or in ``initialize()``, never from the
config.

spaCy's Doc construction is quadratic in Doc length (see MEASURED.md): build one Doc per
paragraph or document.  govgraph's own pipeline calls the pure functions
(:func:`govgraph.resolve.find_agency_mentions`, :func:`find_official_mentions`) on
paragraphs and needs no Doc at all.
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from govgraph.errors import InputError
from govgraph.extract.responsibilities import responsibility_spans
from govgraph.resolve import Resolver
from govgraph.resources import registry_dir, vocab_dir

log = logging.getLogger(__name__)

OfficialLabel = Literal["PERSON", "TITLE"]
TITLE_COLUMNS = ("title", "category", "rank", "scope", "after_name")

# ---------------------------------------------------------------------------------------------
# Title words (ontology/titles.csv)


@dataclass(frozen=True, slots=True)
class TitleWord:
    """One row of ``titles.csv``: a title word, its category, rank and scope."""

    title: str
    category: str  # government_leader, party_leader, department_leader, enterprise, …
    rank: str  # head | deputy | member
    scope: str  # national | provincial | municipal | county | township | any
    after_name: bool = False  # may follow the name (习近平总书记)


def load_titles(path: Path | None = None) -> tuple[TitleWord, ...]:
    """Read ``titles.csv``; a bad file is an :class:`InputError` naming it and the reason."""
    path = path or registry_dir() / "titles.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != TITLE_COLUMNS:
                raise InputError(str(path), f"header must be {','.join(TITLE_COLUMNS)}")
            rows = [
                TitleWord(
                    r["title"].strip(),
                    r["category"].strip(),
                    r["rank"].strip(),
                    r["scope"].strip(),
                    (r["after_name"] or "").strip().lower() in ("yes", "true", "1"),
                )
                for r in reader
            ]
    except OSError as exc:
        raise InputError(str(path), f"cannot read title list: {exc.strerror or exc}") from exc
    if any(not r.title for r in rows):
        raise InputError(str(path), "a row has an empty title")
    return tuple(rows)


# ---------------------------------------------------------------------------------------------
# Officials: title + name patterns

_CJK = "\u4e00-\u9fff"
# A person name is 2–3 characters; letter-spaced two-character names print as "王  军".
# The name ends where a delimiter or a verb of the chronicle follows ("副市长王军参加…"),
# which is what tells 王军 (+参加) from 陈应许 (+参加): the shorter reading is tried first.
_NAME_END = (
    r"(?=$|[\s、，,。；;：:（()）“”]|参加|出席|主持|陪同|会见|会同|率|带队|调研|一行|等|同志|讲话|指出|"
    r"强调|表示|赴|到|前往|检查|督查|走访|考察|召开|听取|宣布|作|看望|慰问|接待|签|与|和|及|分管|负责|"
    r"协助|联系|兼|任|为|的|代表|致辞|在|对|就|向|带领|深入|专题|一同|共同)"
)


def load_name_vocabulary(path: Path | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(surnames, followers) from ``data/vocab/names.tsv`` (``word<TAB>kind``).

    Surnames (kind ``surname`` / ``compound_surname``) start a name; followers (kind
    ``follower``: 参加, 要求, 强调…) are words that may follow one in running text.
    """
    path = path or vocab_dir() / "names.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read name vocabulary: {exc.strerror or exc}") from exc
    surnames: list[str] = []
    followers: list[str] = []
    for line in lines:
        word, _, kind = line.partition("\t")
        word, kind = word.strip(), kind.strip()
        if not word or word.startswith("#"):
            continue
        if kind in ("surname", "compound_surname"):
            surnames.append(word)
        elif kind == "follower":
            followers.append(word)
    if not surnames:
        raise InputError(str(path), "no surname rows (word<TAB>surname)")
    return tuple(surnames), tuple(followers)


class OfficialMatcher:
    """Finds ``<titles><names>`` (市委常委、副市长李无文; 副市长陈应许、毛伟平、王彩莲) and
    ``<name>（<titles>）`` (王  军（常务副市长）) in text.

    A name starts with a known surname, so "分管工业副市长要求…" gives no official.
    """

    def __init__(
        self, titles: Iterable[TitleWord], surnames: Iterable[str], followers: Iterable[str] = ()
    ) -> None:
        words = sorted({t.title for t in titles}, key=lambda s: (-len(s), s))
        family = sorted(set(surnames), key=lambda s: (-len(s), s))
        if not words or not family:
            raise ValueError("an official matcher needs title words and surnames")
        title = "(?:" + "|".join(re.escape(w) for w in words) + ")"
        sur = "(?:" + "|".join(re.escape(w) for w in family) + ")"
        self._title_re = re.compile(title)
        after = sorted(set(followers), key=lambda s: (-len(s), s))
        name_end = _NAME_END[:-1] + "".join("|" + re.escape(w) for w in after) + ")"
        name = (
            rf"(?:{sur}[ \u3000]+[{_CJK}](?![{_CJK}])"  # 王  军
            rf"|(?={sur})[{_CJK}](?:[ \u3000]*[{_CJK}]){{1,2}}?{name_end})"
        )
        self._title_first = re.compile(rf"(?P<titles>{title}(?:、{title})*)(?P<names>{name}(?:、{name})*)")
        self._name_first = re.compile(
            rf"(?<![{_CJK}])(?P<names>{name})[（(](?P<titles>{title}(?:、{title})*)[）)]"
        )
        self._name_re = re.compile(name)

    def find(self, text: str) -> list[tuple[int, int, OfficialLabel]]:
        """(start, end, PERSON|TITLE) spans, sorted, non-overlapping."""
        out: list[tuple[int, int, OfficialLabel]] = []
        for rx in (self._title_first, self._name_first):
            for m in rx.finditer(text):
                for t in self._title_re.finditer(text, m.start("titles"), m.end("titles")):
                    out.append((t.start(), t.end(), "TITLE"))
                pos, end = m.start("names"), m.end("names")
                while pos < end:
                    n = self._name_re.match(text, pos, end)
                    if n is None:
                        break
                    out.append((n.start(), n.end(), "PERSON"))
                    pos = n.end() + 1  # skip the 、
        return sorted(set(out))


@functools.cache
def _default_official_matcher() -> OfficialMatcher:
    return OfficialMatcher(load_titles(), *load_name_vocabulary())


def find_official_mentions(text: str) -> list[tuple[int, int, OfficialLabel]]:
    """TITLE and PERSON spans of officials named with their titles, by ``ontology/titles.csv``."""
    return _default_official_matcher().find(text)


# ---------------------------------------------------------------------------------------------
# spaCy components

_Finder = Callable[[str], list[tuple[int, int, str]]]


def _set_ents(doc: Doc, found: Iterable[tuple[int, int, str]], entity_id: Callable[[str, str], str]) -> Doc:
    """Add spans to ``doc.ents``; overlaps (with each other or earlier ents) keep the longest."""
    spans: list[Span] = []
    for start, end, label in found:
        eid = entity_id(doc.text[start:end], label)
        span = doc.char_span(start, end, label=label, kb_id=eid, span_id=eid, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.ents = filter_spans([*doc.ents, *spans])
    return doc


class AgencyRecognizer:
    """Sets ORG / COLLECTIVE entities with the resolved entity id as ``ent_id_`` and ``kb_id_``."""

    def __init__(self, name: str, registry_dir: str | None) -> None:
        self.name = name
        self.registry_dir = registry_dir
        self._resolver: Resolver | None = None

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = (
                Resolver.from_dir(Path(self.registry_dir)) if self.registry_dir else Resolver.default()
            )
        return self._resolver

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, nlp: Language | None = None
    ) -> None:
        """Load the registry now rather than on the first Doc."""
        _ = self.resolver

    def __call__(self, doc: Doc) -> Doc:
        resolver = self.resolver
        return _set_ents(
            doc, resolver.find_mentions(doc.text), lambda text, _label: resolver.resolve_agency(text).id
        )


class OfficialRecognizer:
    """Sets TITLE and PERSON entities (PERSON ``ent_id_`` = ``person/<name>``)."""

    def __init__(self, name: str, titles_path: str | None) -> None:
        self.name = name
        self.titles_path = titles_path
        self._matcher: OfficialMatcher | None = None

    @property
    def matcher(self) -> OfficialMatcher:
        if self._matcher is None:
            self._matcher = (
                OfficialMatcher(load_titles(Path(self.titles_path)), *load_name_vocabulary())
                if self.titles_path
                else _default_official_matcher()
            )
        return self._matcher

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, nlp: Language | None = None
    ) -> None:
        """Load the title words now rather than on the first Doc."""
        _ = self.matcher

    def __call__(self, doc: Doc) -> Doc:
        return _set_ents(doc, self.matcher.find(doc.text), _official_id)


def _official_id(text: str, label: str) -> str:
    name = re.sub(r"\s+", "", text)
    return f"person/{name}" if label == "PERSON" else f"title/{name}"


@Language.factory("govgraph_agencies", default_config={"registry_dir": None})
def make_agency_recognizer(nlp: Language, name: str, registry_dir: str | None) -> AgencyRecognizer:
    """Agency and collective-actor recogniser; ``registry_dir`` overrides ``ontology/``."""
    return AgencyRecognizer(name, registry_dir)


@Language.factory("govgraph_officials", default_config={"titles_path": None})
def make_official_recognizer(nlp: Language, name: str, titles_path: str | None) -> OfficialRecognizer:
    """Title + person recogniser; ``titles_path`` overrides ``ontology/titles.csv``."""
    return OfficialRecognizer(name, titles_path)


RESPONSIBILITY_SPANS_KEY = "govgraph_responsibilities"


class ResponsibilityExtractor:
    """Puts each responsibility clause in ``doc.spans["govgraph_responsibilities"]`` (label
    RESPONSIBILITY) with ``span._.units`` and ``span._.lead`` (lead units, () when unstated)."""

    def __init__(self, name: str) -> None:
        self.name = name
        for attr in ("units", "lead"):
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=())

    def __call__(self, doc: Doc) -> Doc:
        group = []
        for start, end, units, lead in responsibility_spans(doc.text):
            span = doc.char_span(start, end, label="RESPONSIBILITY", alignment_mode="expand")
            if span is None:
                continue
            span._.units = units
            span._.lead = lead
            group.append(span)
        doc.spans[RESPONSIBILITY_SPANS_KEY] = group
        return doc


@Language.factory("govgraph_responsibilities")
def make_responsibility_extractor(nlp: Language, name: str) -> ResponsibilityExtractor:
    """Responsibility clauses (责任单位/牵头单位/…) as a span group with units and lead."""
    return ResponsibilityExtractor(name)


def nlp() -> Language:
    """A blank Chinese pipeline (one token per character) with govgraph's components."""
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("govgraph_agencies")
    pipeline.add_pipe("govgraph_officials")
    pipeline.add_pipe("govgraph_responsibilities")
    return pipeline


__all__ = [
    "AgencyRecognizer",
    "OfficialMatcher",
    "OfficialRecognizer",
    "ResponsibilityExtractor",
    "TitleWord",
    "find_official_mentions",
    "load_name_vocabulary",
    "load_titles",
    "make_agency_recognizer",
    "make_official_recognizer",
    "make_responsibility_extractor",
    "nlp",
]
