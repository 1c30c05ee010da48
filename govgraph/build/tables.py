"""Table rows and graph views from sorted N-Triples lines, one subject at a time.

The rows come from the row functions of :data:`govgraph.graph.TABLES` (the same that read a
:class:`~govgraph.graph.FactView`); a row reads its own subject's triples and the labels of the
nodes it links to (a :class:`LabelIndex` of the whole graph), so every sorted partition of the
graph yields its rows independently of the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from govgraph.errors import ExportError

_ESCAPE_RE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_SIMPLE_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def unescape_literal(text: str) -> str:
    """The lexical form of an N-Triples literal's quoted text (its escapes read back)."""
    if "\\" not in text:
        return text
    return _ESCAPE_RE.sub(
        lambda m: chr(int(m[1] or m[2], 16)) if (m[1] or m[2]) else _SIMPLE_ESCAPES[m[3]], text
    )


class Literal(str):
    """A literal read back for the rows: its lexical form, as cheap as a string.

    The row functions only take ``str()`` or ``int()`` of a literal, or compare it with
    ``rdflib.Literal(True)`` (equal lexical forms, "true"); rdflib's own Literal would parse every
    lexical form.  The class name matters: :func:`govgraph.graph.term_order` sorts by it.
    """

    __slots__ = ()


class TermReader:
    """Terms of N-Triples lines as written by :func:`govgraph.graph.nt_line` (no blank nodes,
    IRIs without spaces), for the row functions and the networkx view."""

    def __init__(self) -> None:
        from rdflib import URIRef

        from govgraph import graph

        self._uri = URIRef
        # The very objects the row functions look up with: dictionary hits by identity.
        self._vocabulary: dict[str, Any] = {}
        for ns in (graph.GG, graph.ELI, graph.DCTERMS, graph.FOAF, graph.ORG, graph.PROV, graph.RDF,
                   graph.SKOS, graph.TIME, graph.XSD):  # fmt: skip
            for term in vars(ns).values():
                self._vocabulary[str(term)] = term
        self._iris: dict[str, Any] = dict(self._vocabulary)

    def iri(self, text: str) -> Any:
        term = self._iris.get(text)
        if term is None:
            if len(self._iris) > 200_000:
                self._iris = dict(self._vocabulary)
            term = self._iris[text] = self._uri(text)
        return term

    def object(self, text: str) -> Any:
        if text[0] == "<":
            return self.iri(text[1:-1])
        # "…", "…"@zh or "…"^^<datatype>: tags and datatype IRIs hold no quote, so the last
        # quote closes the lexical form (quotes inside it are escaped).
        end = len(text) - 1 if text[-1] == '"' else text.rindex('"')
        return Literal(unescape_literal(text[1:end]))

    def triple(self, line: str) -> tuple[Any, Any, Any]:
        s, p, rest = line.split(" ", 2)
        if not rest.endswith(" .\n") or s[0] != "<" or p[0] != "<":
            raise ExportError(f"not an N-Triples line of govgraph: {line[:80]!r}")
        return self.iri(s[1:-1]), self.iri(p[1:-1]), self.object(rest[:-3])


def subject_key(line: str) -> str:
    """``<subject-IRI>`` of a line: sorting by (key, line) is sorting by line (an IRI holds no
    ``>``), and the lines of one subject share their key."""
    return line[: line.index(">") + 1]


def subject_groups(lines: Iterable[str]) -> Iterator[list[str]]:
    """Consecutive lines of one subject, from sorted lines."""
    key, group = None, []
    for line in lines:
        k = subject_key(line)
        if k != key:
            if group:
                yield group
            key, group = k, []
        group.append(line)
    if group:
        yield group


class LabelIndex:
    """What a row needs of the nodes it links to: their skos:prefLabel, and the dcterms:identifier
    of a gazette (the provenance columns name it).  The first value in sorted order wins, as in
    :meth:`govgraph.graph.FactView.one`."""

    def __init__(self) -> None:
        from govgraph.graph import DCTERMS, SKOS

        self.labels: dict[str, str] = {}
        self.identifiers: dict[str, str] = {}
        self._markers = (f"> <{SKOS.prefLabel}> ", f"> <{DCTERMS.identifier}> ")

    def __getstate__(self) -> dict[str, Any]:
        return {"labels": self.labels, "identifiers": self.identifiers, "markers": self._markers}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.labels, self.identifiers, self._markers = state["labels"], state["identifiers"], state["markers"]

    @staticmethod
    def _keep(target: dict[str, str], subject: str, text: str) -> None:
        old = target.get(subject)
        if old is None or text < old:
            target[subject] = text

    def note_lines(self, lines: Iterable[str], reader: TermReader | None = None) -> None:
        label, identifier = self._markers
        reader = reader or TermReader()
        for line in lines:
            if label in line:
                s, _, o = reader.triple(line)
                self._keep(self.labels, str(s), str(o))
            elif identifier in line:
                s, _, o = reader.triple(line)
                self._keep(self.identifiers, str(s), str(o))

    def update(self, other: LabelIndex) -> None:
        for mine, theirs in ((self.labels, other.labels), (self.identifiers, other.identifiers)):
            for subject, text in theirs.items():
                self._keep(mine, subject, text)


def _subject_view_class() -> type:
    from govgraph.graph import DCTERMS, SKOS, FactView, term_order

    class SubjectView(FactView):
        """A :class:`FactView` of one subject; other nodes are known by label (and identifier)."""

        def __init__(self, index: LabelIndex) -> None:
            super().__init__()
            self._labels, self._identifiers = index.labels, index.identifiers
            self.subject: Any = None

        def load(self, subject: Any, pairs: list[tuple[Any, Any]]) -> None:
            props: dict[Any, list[Any]] = {}
            for p, o in pairs:
                values = props.get(p)
                if values is None:
                    props[p] = [o]
                else:
                    values.append(o)
            for values in props.values():
                if len(values) > 1:
                    values.sort(key=term_order)  # as FactView.freeze
            self.props = {subject: props}
            self.subject = subject

        def one(self, s: Any, p: Any) -> Any:
            if s is self.subject or str.__eq__(s, self.subject):
                values = self.props[self.subject].get(p)
                return values[0] if values else None
            if p == SKOS.prefLabel:
                return self._labels.get(str(s))
            if p == DCTERMS.identifier:
                return self._identifiers.get(str(s))
            return None

    return SubjectView


class TableRows:
    """The rows of every table for subjects fed one at a time (their sorted lines)."""

    def __init__(self, index: LabelIndex) -> None:
        from govgraph.graph import RDF, TABLES, table_columns

        self._reader = TermReader()
        self._tables = TABLES
        self._classes_of = {name: {str(c) for c in classes} for name, classes, _, _ in TABLES}
        self._table_classes = set().union(*self._classes_of.values())
        self._type_marker = f"> <{RDF.type}> <"
        self.columns = table_columns()
        self.rows: dict[str, list[list[Any]]] = {name: [] for name, *_ in TABLES}
        self._view = _subject_view_class()(index)

    def feed(self, lines: list[str]) -> None:
        marker = self._type_marker
        start = len(marker)
        types = {ln[ln.index(marker) + start : -4] for ln in lines if marker in ln}
        if types.isdisjoint(self._table_classes):
            return
        reader, view = self._reader, self._view
        subject = reader.iri(lines[0][1 : lines[0].index(">")])
        view.load(subject, [reader.triple(ln)[1:] for ln in lines])
        for name, _classes, row, keep in self._tables:
            if not self._classes_of[name].isdisjoint(types) and keep(view, subject):
                values = row(view, subject)
                self.rows[name].append([values[c] for c in self.columns[name]])
