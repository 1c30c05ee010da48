"""SHACL validation of a built graph against ``govgraph/data/ontology/shapes.ttl``.

The shapes use a small part of SHACL Core (targets by class; ``sh:property`` with a predicate
path; min/max count, datatype, class, node kind, ``sh:in``, ``sh:hasValue``, pattern, minimum
length, ``sh:minInclusive``, ``sh:lessThan``; ``sh:or`` and ``sh:xone`` of shapes), and the
graph is sorted N-Triples of IRIs and literals, so both are checked here in one pass over the
lines: a tenth of the CPU of the Rust engine rudof on the demo (0.9 CPU-s there, a third of a
cold build; rudof also held about 10 KB a triple), the same violations as pySHACL (the tests
compare them on broken graphs).  A shape using any other SHACL feature is refused with one line
rather than half-checked.  The build reports conformance and the shapes that fail.

A graph of any size is validated in its sorted partitions, one at a time (:func:`count_violations`):
a subject's triples are all in one partition, so every constraint but ``sh:class`` reads only its
focus node's own triples, and ``sh:class`` reads the types of the nodes linked to, which a
:class:`TypeIndex` of the whole graph holds (the types the shapes ask about: a few percent of the
nodes).  The counts of the partitions add up to those of the whole graph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from govgraph.build.tables import unescape_literal
from govgraph.errors import ExportError

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
LANG_STRING = RDF + "langString"

# A term: ("I", iri) | ("B", label) | ("L", lexical form, datatype IRI, language tag or "")
Term = tuple[str, ...]

_NUMERIC = {XSD + t for t in ("integer", "decimal", "int", "long", "short", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger", "double",
                              "float", "unsignedInt", "unsignedLong", "byte")}  # fmt: skip
_LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "date": re.compile(
        r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?"
    ),
}
_NODE_KINDS = {
    SH + "IRI": "I",
    SH + "BlankNode": "B",
    SH + "Literal": "L",
    SH + "BlankNodeOrIRI": "BI",
    SH + "IRIOrLiteral": "IL",
    SH + "BlankNodeOrLiteral": "BL",
}
# What a shape may say besides its constraints (targets, names, messages, descriptions).
_SHAPE_NOTES = {RDF_TYPE, SH + "message", SH + "name", SH + "description", SH + "severity", SH + "order",
                SH + "group", "http://www.w3.org/2000/01/rdf-schema#label",
                "http://www.w3.org/2000/01/rdf-schema#comment"}  # fmt: skip


@dataclass
class Validation:
    conforms: bool
    violations: int = 0
    failing_shapes: list[str] = field(default_factory=list)  # "shape on path: message (n node(s))"

    @classmethod
    def of_counts(cls, found: Counter[str]) -> Validation:
        """The validation of a graph whose violations (:func:`count_violations`) are ``found``."""
        if not found:
            return cls(True)
        failing = [f"{what} ({n} node(s))" for what, n in sorted(found.items())]
        return cls(False, sum(found.values()), failing)

    def summary(self) -> str:
        if self.conforms:
            return "conforms"
        return f"DOES NOT CONFORM: {self.violations} violation(s); " + " | ".join(self.failing_shapes[:3])


# ---------------------------------------------------------------------------------------------
# Terms of N-Triples lines


def _node(text: str) -> Term:
    if text.startswith("<"):
        return ("I", text[1:-1])
    if text.startswith("_:"):
        return ("B", text[2:])
    raise ValueError(text)


def _object(text: str) -> Term:
    if not text.startswith('"'):
        return _node(text)
    # Language tags and datatype IRIs hold no quote: the last quote closes the lexical form.
    end = text.rindex('"')
    lexical, tail = unescape_literal(text[1:end]), text[end + 1 :]
    if tail.startswith("@"):
        return ("L", lexical, LANG_STRING, tail[1:].lower())
    if tail.startswith("^^<"):
        return ("L", lexical, tail[3:-1], "")
    return ("L", lexical, XSD_STRING, "")


class TypeIndex:
    """The classes of the nodes of a whole graph, of those that ``sh:class`` constraints ask about:
    what a partition of the graph needs to know of the nodes it links to (see the module doc).

    Subclasses declared in the data graph (``rdfs:subClassOf``, which govgraph never writes) are
    applied only within a partition: a node typed by such a subclass alone is not indexed.
    """

    def __init__(self, shapes: str | Path | None = None) -> None:
        self.wanted = _shapes(_shapes_path(shapes)).classes_asked
        self.types: dict[str, frozenset[str]] = {}
        self._sets: dict[frozenset[str], frozenset[str]] = {}
        self._marker = f"> <{RDF_TYPE}> <"

    def note_lines(self, lines: Iterable[str]) -> None:
        marker, start, wanted = self._marker, len(self._marker), self.wanted
        predicate = f"<{RDF_TYPE}>"
        for line in lines:
            at = line.find(marker)
            if at >= 0:  # as govgraph writes a line: one space between the terms
                node, cls = line[1:at], line[at + start : line.rindex(">")]
            elif predicate in line:  # any other spacing N-Triples allows
                fields = line.split(None, 2)
                if len(fields) < 3 or fields[1] != predicate or fields[0][:1] != "<" or fields[2][:1] != "<":
                    continue
                node, cls = fields[0][1:-1], fields[2][1 : fields[2].find(">")]
            else:
                continue
            if cls in wanted:
                self._add(node, frozenset((cls,)))

    def update(self, other: TypeIndex) -> None:
        for node, classes in other.types.items():
            self._add(node, classes)

    def _add(self, node: str, classes: frozenset[str]) -> None:
        old = self.types.get(node)
        if old is not None:
            classes = old | classes
        # One object per distinct set of classes: a worker holds, and a cluster sends, a few.
        self.types[node] = self._sets.setdefault(classes, classes)


class DataGraph:
    """The triples of an N-Triples file: each subject's values by predicate, and the types (those of
    nodes that are not subjects here from ``known``, when the lines are a partition of a graph)."""

    def __init__(self, lines: Iterable[str], known: TypeIndex | None = None, first_line: int = 1) -> None:
        self._known = known.types if known is not None else {}
        self.values: dict[Term, dict[str, list[Term]]] = {}
        objects: dict[str, Term] = {}  # one term object per distinct object text
        predicates: dict[str, str] = {}
        subject_text, props = None, {}
        for n, line in enumerate(lines, first_line):
            # A line as govgraph writes it ("<s> <p> o .\n", no tab) is read by one split at
            # spaces; any other line by the general reading (tabs, runs of blanks, comments).
            fields = line.split(" ", 2) if "\t" not in line else ()
            if (
                len(fields) == 3
                and fields[0]
                and fields[1]
                and fields[2].endswith(" .\n")
                and fields[2][-4:-3] not in ("", " ")
            ):
                s, p, rest = fields
            else:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                try:
                    s, p, rest = line.split(None, 2)
                    if not rest.endswith("."):
                        raise ValueError(line)
                except ValueError:
                    raise ExportError(f"line {n}: not an N-Triples line: {line[:80]!r}") from None
                rest = rest[:-1].rstrip() + " .\n"
            o_text = rest[:-3]
            try:
                o = objects.get(o_text)
                if o is None:
                    o = objects[o_text] = _object(o_text)
                if s != subject_text:  # a subject's lines are consecutive in sorted N-Triples
                    subject_text, props = s, self.values.setdefault(_node(s), {})
            except ValueError:
                raise ExportError(f"line {n}: not an N-Triples line: {line.strip()[:80]!r}") from None
            predicate = predicates.get(p)
            if predicate is None:
                predicate = predicates[p] = p[1:-1]
            found = props.get(predicate)
            if found is None:
                props[predicate] = [o]
            else:
                found.append(o)
        self.types: dict[Term, set[str]] = {}
        self._supers: dict[str, set[str]] = {}
        for subject, props in self.values.items():
            for o in props.get(RDF_TYPE, ()):
                if o[0] == "I":
                    self.types.setdefault(subject, set()).add(o[1])
            if subject[0] == "I":
                for o in props.get(RDFS_SUBCLASS, ()):
                    if o[0] == "I":
                        self._supers.setdefault(subject[1], set()).add(o[1])
        if self._supers:  # SHACL's instances: the types and their superclasses in the data graph
            for types in self.types.values():
                self._closed(types)

    def _closed(self, types: set[str]) -> set[str]:
        todo = list(types)
        while todo:
            for parent in self._supers.get(todo.pop(), ()):
                if parent not in types:
                    types.add(parent)
                    todo.append(parent)
        return types

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        return self.values.get(subject, {}).get(predicate, [])

    def is_instance(self, node: Term, cls: str) -> bool:
        types = self.types.get(node)
        if types is None and node[0] == "I" and node not in self.values:
            types = self._known.get(node[1])
            if types is not None and self._supers:
                types = self._closed(set(types))
        return types is not None and cls in types

    def instances(self, cls: str) -> Iterator[Term]:
        return (node for node, types in self.types.items() if cls in types)


# ---------------------------------------------------------------------------------------------
# Shapes


@dataclass
class Shape:
    """A node shape (``path`` None) or a property shape, with its constraints."""

    id: Term
    name: str
    path: str | None = None
    targets: list[str] = field(default_factory=list)
    constraints: list[tuple[str, Callable[[DataGraph, Term, list[Term]], bool]]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    message: str | None = None

    _flat: list[tuple[Shape, list[tuple[str, Callable[..., bool]]]]] | None = field(
        default=None, repr=False, compare=False
    )

    def checks(self) -> list[tuple[Shape, list[tuple[str, Callable[..., bool]]]]]:
        """This shape's constraints and those of its property shapes, in order, as one list (made
        once the shapes are read: the checks run for every focus node)."""
        if self._flat is None:
            flat = [(self, self.constraints)]
            for prop in self.properties:
                flat += prop.checks()
            self._flat = flat
        return self._flat

    def failures(self, data: DataGraph, focus: Term) -> Iterator[tuple[Shape, str]]:
        """(shape, constraint) of every constraint ``focus`` breaks (property shapes included)."""
        for shape, constraints in self.checks():
            values = [focus] if shape.path is None else data.objects(focus, shape.path)
            for component, holds in constraints:
                if not holds(data, focus, values):
                    yield shape, component

    def conforms(self, data: DataGraph, focus: Term) -> bool:
        return next(self.failures(data, focus), None) is None


class _ShapesGraph:
    def __init__(self, path: Path) -> None:
        import pyoxigraph as ox

        try:
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            self.values: dict[Term, dict[str, list[Term]]] = {}
            for t in triples:
                s, p, o = _term(t.subject), t.predicate.value, _term(t.object)
                self.values.setdefault(s, {}).setdefault(p, []).append(o)
        except (OSError, SyntaxError) as err:
            raise ExportError(f"{path}: cannot read the shapes ({err})") from None
        self.path = path
        self.prefixes = _prefixes()
        self.shapes: dict[Term, Shape] = {}
        self.classes_asked: set[str] = set()  # of sh:class constraints

    def one(self, node: Term, predicate: str) -> Term | None:
        found = self.values.get(node, {}).get(predicate, [])
        if len(found) > 1:
            raise ExportError(
                f"{self.path}: {self.short(node)} has {len(found)} values of {self.short(predicate)}"
            )
        return found[0] if found else None

    def members(self, node: Term | None) -> list[Term]:
        out = []
        while node is not None and node != ("I", RDF + "nil"):
            first = self.one(node, RDF + "first")
            if first is None:
                raise ExportError(f"{self.path}: a malformed RDF list")
            out.append(first)
            node = self.one(node, RDF + "rest")
        return out

    def short(self, what: Term | str) -> str:
        iri = what if isinstance(what, str) else (what[1] if what[0] == "I" else "")
        if not iri:
            return "a property shape" if isinstance(what, tuple) and what[0] == "B" else str(what)
        for prefix, ns in self.prefixes:
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return f"<{iri}>"

    def node_shapes(self) -> list[Shape]:
        targeted = [s for s, props in self.values.items() if SH + "targetClass" in props]
        return [self.shape(s) for s in sorted(targeted)]

    def shape(self, node: Term) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        props = self.values.get(node, {})
        path = self.one(node, SH + "path")
        if path is not None and path[0] != "I":
            raise ExportError(f"{self.path}: {self.short(node)}: only predicate paths are supported")
        message = self.one(node, SH + "message")
        shape = self.shapes[node] = Shape(
            id=node,
            name=self.short(node),
            path=path[1] if path else None,
            targets=[t[1] for t in props.get(SH + "targetClass", [])],
            message=message[1] if message else None,
        )
        for predicate, objects in sorted(props.items()):
            if predicate in _SHAPE_NOTES or predicate in (SH + "path", SH + "targetClass"):
                continue
            if predicate == SH + "property":
                shape.properties += [self.shape(o) for o in sorted(objects)]
                continue
            for o in objects:
                shape.constraints.append(self.constraint(shape, predicate, o))
        return shape

    def constraint(self, shape: Shape, predicate: str, o: Term) -> tuple[str, Callable[..., bool]]:
        name = predicate[len(SH) :] if predicate.startswith(SH) else predicate
        label = f"{name} {self.short(o) if o[0] != 'L' else o[1]}"
        if predicate == SH + "minCount":
            n = int(o[1])
            return label, lambda d, f, vs: len(vs) >= n
        if predicate == SH + "maxCount":
            n = int(o[1])
            return label, lambda d, f, vs: len(vs) <= n
        if predicate == SH + "datatype":
            dt = o[1]
            check = _LEXICAL.get(dt)
            return label, lambda d, f, vs: all(
                v[0] == "L" and v[2] == dt and (check is None or check.fullmatch(v[1])) for v in vs
            )
        if predicate == SH + "class":
            cls = o[1]
            self.classes_asked.add(cls)
            return label, lambda d, f, vs: all(v[0] != "L" and d.is_instance(v, cls) for v in vs)
        if predicate == SH + "nodeKind":
            kinds = _NODE_KINDS.get(o[1])
            if kinds is None:
                raise ExportError(f"{self.path}: {shape.name}: unknown node kind {self.short(o)}")
            return label, lambda d, f, vs: all(v[0] in kinds for v in vs)
        if predicate == SH + "in":
            allowed = set(self.members(o))
            label = f"in ({' '.join(self.short(a) if a[0] != 'L' else a[1] for a in self.members(o))})"
            return label, lambda d, f, vs: all(v in allowed for v in vs)
        if predicate == SH + "hasValue":
            return label, lambda d, f, vs: o in vs
        if predicate == SH + "pattern":
            if self.one(shape.id, SH + "flags") is not None:
                raise ExportError(f"{self.path}: {shape.name}: sh:flags is not supported")
            regex = re.compile(o[1])
            return label, lambda d, f, vs: all(v[0] != "B" and regex.search(v[1]) for v in vs)
        if predicate == SH + "minLength":
            n = int(o[1])
            return label, lambda d, f, vs: all(v[0] != "B" and len(v[1]) >= n for v in vs)
        if predicate == SH + "minInclusive":
            return label, lambda d, f, vs: all(_compare(v, o) in (0, 1) for v in vs)
        if predicate == SH + "lessThan":
            other = o[1]
            return label, lambda d, f, vs: all(_compare(v, w) == -1 for v in vs for w in d.objects(f, other))
        if predicate in (SH + "or", SH + "xone"):
            options = [self.shape(m) for m in self.members(o)]
            wanted = (lambda n: n >= 1) if predicate == SH + "or" else (lambda n: n == 1)
            return f"{name} of {len(options)} shapes", lambda d, f, vs: all(
                wanted(sum(1 for s in options if s.conforms(d, v))) for v in vs
            )
        if predicate == SH + "flags":
            return "flags", lambda d, f, vs: True  # refused with its pattern above
        raise ExportError(f"{self.path}: {shape.name}: {self.short(predicate)} is not supported")


def _term(node: Any) -> Term:
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return ("I", node.value)
    if isinstance(node, ox.BlankNode):
        return ("B", node.value)
    if node.language:
        return ("L", node.value, LANG_STRING, node.language.lower())
    return ("L", node.value, node.datatype.value, "")


def _compare(a: Term, b: Term) -> int | None:
    """-1, 0 or 1 for comparable literals (numbers, dates, strings), else None."""
    if a[0] != "L" or b[0] != "L":
        return None
    if a[2] in _NUMERIC and b[2] in _NUMERIC:
        try:
            x, y = Decimal(a[1]), Decimal(b[1])
        except InvalidOperation:
            return None
    elif a[2] == b[2] and a[2] in (XSD + "date", XSD + "dateTime", XSD_STRING) and a[3] == b[3]:
        x, y = a[1], b[1]  # type: ignore[assignment]
    else:
        return None
    return (x > y) - (x < y)


def _prefixes() -> list[tuple[str, str]]:
    from govgraph.namespace import PREFIXES

    ordered = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda kv: -len(kv[1]))
    return [*ordered, ("ggsh", "https://w3id.org/govgraph/shapes#"), ("sh", SH)]


@dataclass(frozen=True)
class _Shapes:
    node_shapes: list[Shape]
    short: Callable[[Term | str], str]
    classes_asked: frozenset[str]


@cache
def _shapes(path: Path) -> _Shapes:
    graph = _ShapesGraph(path)
    node_shapes = graph.node_shapes()
    return _Shapes(node_shapes, graph.short, frozenset(graph.classes_asked))


def _shapes_path(shapes: str | Path | None) -> Path:
    from govgraph.resources import ontology_dir

    return Path(shapes or ontology_dir() / "shapes.ttl").resolve()


# ---------------------------------------------------------------------------------------------
# Validation


def violations(
    lines: Iterable[str],
    shapes: str | Path | None = None,
    known: TypeIndex | None = None,
    first_line: int = 1,
) -> list[tuple[str, str, str, str]]:
    """(focus node, node shape, path or "", what it breaks) of every violation in the graph of
    N-Triples ``lines`` against the shapes (default: the ontology's), sorted.  With ``known``, the
    lines are a partition of a graph (every triple of a subject in one partition) whose types
    ``known`` holds: the violations are those of the partition's focus nodes in the whole graph.
    ``first_line``: the number of the first line, for the error of a malformed one."""
    loaded = _shapes(_shapes_path(shapes))
    data = DataGraph(lines, known, first_line)
    found = []
    for node_shape in loaded.node_shapes:
        focus_nodes = sorted({f for cls in node_shape.targets for f in data.instances(cls)})
        for focus in focus_nodes:
            for shape, component in node_shape.failures(data, focus):
                path = loaded.short(shape.path) if shape.path else ""
                found.append((focus[1], node_shape.name, path, shape.message or component))
    return sorted(found)


def count_violations(
    lines: Iterable[str],
    shapes: str | Path | None = None,
    known: TypeIndex | None = None,
    first_line: int = 1,
) -> Counter[str]:
    """The violations of :func:`violations`, counted by shape, path and what is broken: the counts
    of a graph's partitions add up to the graph's (:meth:`Validation.of_counts`)."""
    return Counter(
        f"{shape}{f' on {path}' if path else ''}: {what}"
        for _, shape, path, what in violations(lines, shapes, known, first_line)
    )


def validate_lines(lines: Iterable[str], shapes: str | Path | None = None) -> Validation:
    """Validate the graph of N-Triples ``lines`` against the shapes (default: the ontology's)."""
    return Validation.of_counts(count_violations(lines, shapes))


def validate_ntriples(
    nt_path: str | Path, shapes: str | Path | None = None, run_lines: int = 200_000
) -> Validation:
    """Validate the N-Triples file ``nt_path`` against the shapes (default: the ontology's).

    A file whose subjects' lines are consecutive (a build's sorted ``graph.nt``) is validated in
    runs of about ``run_lines`` lines, with the types of a first pass (:class:`TypeIndex`), so the
    memory is that of a run, not of the graph; any other file, or one that declares subclasses,
    is validated whole."""
    try:
        known = TypeIndex(shapes)
        with open(nt_path, encoding="utf-8") as fh:
            known.note_lines(fh)
        found: Counter[str] = Counter()
        with open(nt_path, encoding="utf-8") as fh:
            first_line = 1
            for run in _subject_runs(fh, run_lines):
                if run is None:
                    break
                found += count_violations(run, shapes, known, first_line)
                first_line += len(run)
            else:
                return Validation.of_counts(found)
        with open(nt_path, encoding="utf-8") as fh:
            return validate_lines(fh, shapes)
    except (OSError, UnicodeDecodeError) as err:
        raise ExportError(f"{nt_path}: cannot validate ({err})") from None


def _subject_runs(lines: Iterable[str], size: int) -> Iterator[list[str] | None]:
    """Runs of about ``size`` lines, each ending where a subject's lines end; None (and no more)
    as soon as a subject's lines are seen not to be consecutive, or a subclass is declared."""
    subclass = f" <{RDFS_SUBCLASS}> "
    run: list[str] = []
    done: set[str] = set()  # subjects whose lines have ended
    subject = None
    for line in lines:
        s = line.split(None, 1)[0] if line.strip() else ""
        if subclass in line:
            yield None
            return
        if s != subject and s and not s.startswith("#"):
            if s in done:
                yield None
                return
            if subject is not None:
                done.add(subject)
            if len(run) >= size:
                yield run
                run = []
            subject = s
        run.append(line)
    if run:
        yield run
