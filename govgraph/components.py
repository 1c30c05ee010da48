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
(:func:`govgraph.resolve.find_agency_mentions`, the extractors) on paragraphs and needs no
Doc at all; the officials component runs the officials extractor's own rules
(:func:`govgraph.extract.officials.official_mentions`), so a Doc and a build agree.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from govgraph.extract import extract_gazette
from govgraph.extract.officials import Vocabulary, official_mentions, vocabulary
from govgraph.extract.responsibilities import responsibility_spans
from govgraph.ingest import parse_gazette
from govgraph.records import Extraction
from govgraph.resolve import Resolver
from govgraph.resources import registry_dir

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Officials: the extractor's rules (govgraph.extract.officials), one recognition stack

OfficialLabel = Literal["PERSON", "TITLE"]


def find_official_mentions(text: str) -> list[tuple[int, int, OfficialLabel]]:
    """TITLE and PERSON spans of officials named with their titles (the build's own rules)."""
    return official_mentions(text)  # type: ignore[return-value]


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

    def __init__(self, name: str, registry_dir: str | None, jurisdiction: str | None = None) -> None:
        self.name = name
        self.registry_dir = registry_dir
        self.jurisdiction = jurisdiction
        self._resolver: Resolver | None = None

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            directory = Path(self.registry_dir) if self.registry_dir else registry_dir()
            self._resolver = Resolver.from_dir(directory, jurisdiction=self.jurisdiction)
        return self._resolver

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, nlp: Language | None = None
    ) -> None:
        """Load the registry now rather than on the first Doc."""
        _ = self.resolver

    def __call__(self, doc: Doc) -> Doc:
        """Mentions resolve in the Doc's jurisdiction: the component's ``jurisdiction`` when set,
        else what the text prints (masthead, signature, 文号…); unknown keeps them as printed."""
        resolver = self.resolver
        where = resolver.jurisdiction_of_text(doc.text)
        return _set_ents(
            doc,
            resolver.find_mentions(doc.text),
            lambda text, _label: resolver.resolve_agency(text, where).id,
        )


class OfficialRecognizer:
    """Sets TITLE and PERSON entities (PERSON ``ent_id_`` = ``person/<name>``) with the
    officials extractor's rules (:func:`govgraph.extract.officials.official_mentions`)."""

    def __init__(self, name: str, titles_path: str | None) -> None:
        self.name = name
        self.titles_path = titles_path

    @property
    def vocabulary(self) -> Vocabulary:
        return vocabulary(titles_path=Path(self.titles_path) if self.titles_path else None)

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, nlp: Language | None = None
    ) -> None:
        """Load the title words now rather than on the first Doc."""
        _ = self.vocabulary

    def __call__(self, doc: Doc) -> Doc:
        return _set_ents(doc, official_mentions(doc.text, vocab=self.vocabulary), _official_id)


def _official_id(text: str, label: str) -> str:
    name = re.sub(r"\s+", "", text)
    return f"person/{name}" if label == "PERSON" else f"title/{name}"


@Language.factory("govgraph_agencies", default_config={"registry_dir": None, "jurisdiction": None})
def make_agency_recognizer(
    nlp: Language, name: str, registry_dir: str | None, jurisdiction: str | None = None
) -> AgencyRecognizer:
    """Agency and collective-actor recogniser; ``registry_dir`` overrides the packaged registry,
    ``jurisdiction`` (南京市, 黄石市下陆区) the place the text prints."""
    return AgencyRecognizer(name, registry_dir, jurisdiction)


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


# ---------------------------------------------------------------------------------------------
# Documents and references: the build's extractors on the Doc's text (one recognition stack)

DOCUMENT_SPANS_KEY = "govgraph_documents"
REFERENCE_SPANS_KEY = "govgraph_references"


@functools.lru_cache(maxsize=8)
def _extraction(text: str) -> Extraction:
    """What a build extracts from ``text`` read as one input file (shared by the components
    of one Doc; offsets in the records' provenance are offsets into ``text``)."""
    return extract_gazette(parse_gazette(text, "<doc>"))


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class DocumentRecognizer:
    """Puts each official document the text prints (its header) in
    ``doc.spans["govgraph_documents"]`` (label DOCUMENT) with ``span._.doc_number``,
    ``span._.title``, ``span._.issuer`` and ``span._.date`` (ISO), as a build reads them."""

    def __init__(self, name: str) -> None:
        self.name = name
        for attr in ("doc_number", "title", "issuer", "date"):
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=None)

    def __call__(self, doc: Doc) -> Doc:
        group = []
        for d in _extraction(doc.text).documents:
            span = _span(doc, d.prov.start, d.prov.end, "DOCUMENT")
            if span is None:
                continue
            span._.doc_number, span._.title = d.doc_number, d.title
            span._.issuer, span._.date = d.issuer, d.date
            group.append(span)
        doc.spans[DOCUMENT_SPANS_KEY] = group
        return doc


class ReferenceRecognizer:
    """Puts each cross-document reference in ``doc.spans["govgraph_references"]`` (label
    REFERENCE) with ``span._.citing`` (the citing document's number or title), ``span._.cited``
    (the cited number, or 《title》) and ``span._.relation`` (based_on, issues, repeals, amends,
    cites), as a build reads them."""

    def __init__(self, name: str) -> None:
        self.name = name
        for attr in ("citing", "cited", "relation"):
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=None)

    def __call__(self, doc: Doc) -> Doc:
        group = []
        for r in _extraction(doc.text).references:
            span = _span(doc, r.prov.start, r.prov.end, "REFERENCE")
            if span is None:
                continue
            span._.citing, span._.cited, span._.relation = r.from_doc, r.to_doc, r.relation
            group.append(span)
        doc.spans[REFERENCE_SPANS_KEY] = group
        return doc


@Language.factory("govgraph_documents")
def make_document_recognizer(nlp: Language, name: str) -> DocumentRecognizer:
    """Official documents (title, 文号, issuer, date) as a span group."""
    return DocumentRecognizer(name)


@Language.factory("govgraph_references")
def make_reference_recognizer(nlp: Language, name: str) -> ReferenceRecognizer:
    """Cross-document references (根据/印发/废止…《X》, 文号) as a span group with their relation."""
    return ReferenceRecognizer(name)


def nlp(jurisdiction: str | None = None) -> Language:
    """A blank Chinese pipeline (one token per character) with govgraph's components;
    ``jurisdiction`` (杭州市) puts every text's mentions in that place."""
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("govgraph_agencies", config={"jurisdiction": jurisdiction})
    pipeline.add_pipe("govgraph_officials")
    pipeline.add_pipe("govgraph_responsibilities")
    pipeline.add_pipe("govgraph_documents")
    pipeline.add_pipe("govgraph_references")
    return pipeline


__all__ = [
    "AgencyRecognizer",
    "DocumentRecognizer",
    "OfficialRecognizer",
    "ReferenceRecognizer",
    "ResponsibilityExtractor",
    "find_official_mentions",
    "make_agency_recognizer",
    "make_document_recognizer",
    "make_official_recognizer",
    "make_reference_recognizer",
    "make_responsibility_extractor",
    "nlp",
]
