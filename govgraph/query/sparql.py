"""SPARQL over a built output, with the same answers from rdflib and from the on-disk store.

Two engines answer a query on ``OUT`` (from ``govgraph build``):

* ``"rdflib"`` parses ``OUT/graph.nt`` into an in-memory :class:`rdflib.Graph` (comfortable up to
  a few hundred thousand triples);
* ``"store"`` opens the pyoxigraph store ``OUT/store`` read-only (bounded memory, faster joins).

``"auto"`` uses the store when the output has one.  Both return a :class:`QueryResult` whose cells
are rendered the same way (IRIs as strings, literals as their lexical form, unbound as ``None``),
with the same column order and row order, so a test can compare them cell by cell.

A variable bound to an IRI is written into the WHERE pattern as a constant
(:func:`inline_constants`): a constant in a triple pattern is an index lookup on both engines.
Other parameters never go in as a ``FILTER`` (rdflib evaluates a FILTER after the full join, see
MEASURED.md).  They go in twice, the same way on both engines: as a ``VALUES`` block opening the
WHERE pattern (:func:`bind_values`), which Oxigraph's planner sees (its ``substitutions`` do not
reach the planner), and, for projected variables, as pre-bound values (rdflib ``initBindings``,
Oxigraph ``substitutions``), which also reach the parts evaluated on their own, such as the table
an OPTIONAL is joined with.  On a 555k-triple store this takes ``leader_agencies`` for one leader
from 1.9 s to 0.09 s and ``agency_tasks`` for one agency from 0.11 s to 0.03 s.

Named queries live in ``ontology/queries/<name>.rq``; each starts with a comment header saying
what it answers and which variables can be bound.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

from govgraph.build.outputs import current
from govgraph.errors import QueryError
from govgraph.resources import queries_dir
from govgraph.store import store_path

log = logging.getLogger(__name__)

Engine = Literal["auto", "rdflib", "store"]
ENGINES: tuple[str, ...] = ("auto", "rdflib", "store")
FORMATS: tuple[str, ...] = ("table", "csv", "json")
GRAPH_FILE = "graph.nt"
Cell = str | None


def query_dir() -> Path:
    """Where the named queries are: the package's ``data/queries``."""
    return queries_dir()


# ---------------------------------------------------------------------------------------------
# Terms for bindings


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term to pre-bind a query variable with, independent of the engine."""

    value: str
    kind: Literal["iri", "literal"] = "iri"
    lang: str | None = None
    datatype: str | None = None


def iri(value: str) -> Term:
    return Term(value.strip().removeprefix("<").removesuffix(">"))


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> Term:
    return Term(value, "literal", lang, datatype)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_XSD_BOOLEAN = _XSD + "boolean"
# What a rendered cell was: an IRI, a literal of a datatype (the datatype's IRI), or neither.
CellKind = str | None
IRI_CELL = "iri"
_INTEGER_TYPES = frozenset(
    _XSD + t
    for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
              "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort")
)
_FLOAT_TYPES = frozenset(_XSD + t for t in ("decimal", "double", "float"))
_TIME_TYPES = frozenset(_XSD + t for t in ("date", "dateTime", "dateTimeStamp"))
_ABSOLUTE_IRI_RE = re.compile(r"^<?[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+>?$")
_VAR_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def as_term(value: Any) -> Term:
    """A binding value as a :class:`Term`.

    A :class:`Term` as is; an rdflib or pyoxigraph term by its kind; a string that is an absolute
    IRI (``https://…``, ``<…>``) as that IRI, any other string as a plain literal.
    """
    if isinstance(value, Term):
        return value
    kind, module = type(value).__name__, type(value).__module__
    if module.startswith("pyoxigraph"):
        if kind == "NamedNode":
            return iri(value.value)
        if kind == "Literal":
            lang, datatype = value.language, value.datatype.value
            return literal(
                value.value, lang=lang, datatype=None if lang or datatype == _XSD_STRING else datatype
            )
    if module.startswith("rdflib"):
        if kind == "URIRef":
            return iri(str(value))
        if kind == "Literal":
            datatype = str(value.datatype) if value.datatype else None
            return literal(
                str(value), lang=value.language, datatype=None if datatype == _XSD_STRING else datatype
            )
    if isinstance(value, str):
        return iri(value) if _ABSOLUTE_IRI_RE.match(value.strip()) else literal(value)
    raise QueryError(f"cannot bind a {type(value).__name__} ({value!r}); give an IRI string or a Term")


def _rdflib_term(term: Term) -> Any:
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef

    if term.kind == "iri":
        return URIRef(term.value)
    return RdfLiteral(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)


def _oxigraph_term(term: Term) -> Any:
    import pyoxigraph as ox

    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    if term.datatype:
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.Literal(term.value)


_LANG_RE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z0-9]+)*$")
_IRI_BODY_RE = re.compile(r"^[^\x00-\x20<>\"{}|\\^`]+$")


def sparql_term(term: Term) -> str:
    """``term`` as SPARQL syntax: ``<iri>``, ``"text"@zh``, ``"3"^^<…#integer>``."""
    if term.kind == "iri":
        if not _IRI_BODY_RE.match(term.value):
            raise QueryError(f"cannot bind {term.value!r}: not an IRI")
        return f"<{term.value}>"
    body = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.lang:
        if not _LANG_RE.match(term.lang):
            raise QueryError(f"cannot bind a literal with language tag {term.lang!r}")
        return f'"{body}"@{term.lang}'
    if term.datatype:
        return f'"{body}"^^{sparql_term(iri(term.datatype))}'
    return f'"{body}"'


# ---------------------------------------------------------------------------------------------
# Query text


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query shipped in ``ontology/queries``: its name, header comment and text."""

    name: str
    path: Path
    text: str

    @property
    def header(self) -> str:
        """The leading comment block, without the ``#`` marks."""
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line[1:].removeprefix(" "))
        return "\n".join(lines).strip()

    @property
    def summary(self) -> str:
        """The first line of the header, without the query's own name."""
        first = self.header.splitlines()[0] if self.header else ""
        return re.sub(rf"^{re.escape(self.name)}\s*[—:-]+\s*", "", first)

    @property
    def parameters(self) -> tuple[str, ...]:
        """Variables the header lists under ``Parameters`` (``?document``, …), without the ``?``."""
        out: list[str] = []
        in_params = False
        for line in self.header.splitlines():
            if line.lower().startswith("parameters"):
                in_params = True
                continue
            if in_params:
                m = re.match(r"^\s+\?(\w+)", line)
                if m:
                    out.append(m.group(1))
                elif line.strip() and not line.startswith((" ", "\t")):
                    in_params = False
        return tuple(out)


def named_queries() -> dict[str, NamedQuery]:
    """Every named query by name (the stem of its ``.rq`` file), sorted."""
    directory = query_dir()
    return {
        p.stem: NamedQuery(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.rq"))
    }


def named_query(name: str) -> NamedQuery:
    queries = named_queries()
    try:
        return queries[name]
    except KeyError:
        raise QueryError(f"no named query {name!r} (available: {', '.join(queries) or 'none'})") from None


_NAME_RE = re.compile(r"^[\w-]+$")


def load_query(query: str | Path) -> tuple[str, str]:
    """(SPARQL text, label for messages) of SPARQL text, a ``.rq`` path, or a named query."""
    if isinstance(query, Path) or (isinstance(query, str) and query.strip().endswith(".rq")):
        path = Path(query).expanduser()
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"{path}: cannot read the query ({err})") from None
    text = query.strip()
    if not text:
        raise QueryError("empty query")
    if _NAME_RE.match(text):
        return named_query(text).text, text
    if "\n" not in text and "{" not in text and Path(text).expanduser().is_file():
        return load_query(Path(text))
    return query, "query"


_MASKED_RE = re.compile(
    r'(?P<string>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r"|(?P<iri><[^<>\s]*>)"
    r"|(?P<comment>#[^\n]*)"
)


def _mask(text: str) -> str:
    """The query with the insides of strings, IRIs and comments blanked, same length and offsets:
    keywords and braces can then be found by regex without tripping over ``"{"`` or ``<…#x>``."""

    def blank(m: re.Match[str]) -> str:
        token = m.group(0)
        if m.lastgroup == "comment":
            return " " * len(token)
        return token[0] + " " * (len(token) - 2) + token[-1]

    return _MASKED_RE.sub(blank, text)


_UPDATE_RE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_ORDER_BY_RE = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_SELECT_STAR_RE = re.compile(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", re.IGNORECASE)
_VARIABLE_RE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_PREFIX_DECL_RE = re.compile(r"\bPREFIX\s+([\w-]*):", re.IGNORECASE)
_PREFIX_USE_RE = re.compile(r"(?<![\w<?$-])([A-Za-z][\w-]*):(?=[\w%])")


def _default_prefixes(bare: str) -> dict[str, str]:
    """govgraph's prefixes that the query uses without declaring them (rdflib loaded only then)."""
    declared = set(_PREFIX_DECL_RE.findall(bare))
    used = set(_PREFIX_USE_RE.findall(bare)) - declared
    if not used:
        return {}
    from govgraph.namespace import DATA_BASE, PREFIXES

    known = {**PREFIXES, "id": DATA_BASE}
    return {p: known[p] for p in sorted(used) if p in known}


_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM_RE = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def _where_brace(masked: str) -> int | None:
    """Offset of the ``{`` that opens the query's own WHERE pattern (the keyword is optional)."""
    where = _WHERE_RE.search(masked)
    if where is not None:
        return where.end() - 1
    form = _FORM_RE.search(masked)
    if form is None or form.group(1).upper() == "DESCRIBE":
        return None
    brace = masked.find("{", form.end())
    if brace < 0 or form.group(1).upper() != "CONSTRUCT":
        return brace if brace >= 0 else None
    depth = 0  # CONSTRUCT {template} {pattern}: skip the template
    for i in range(brace, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            following = masked.find("{", i + 1)
            return following if following >= 0 else None
    return None


def bind_values(text: str, bindings: Mapping[str, Term], label: str = "query") -> str:
    """``text`` with ``VALUES (?a ?b) { (… …) }`` opening its WHERE pattern.

    Both engines plan with the values known: rdflib joins the rest of the pattern on them, and
    Oxigraph's optimizer treats the variables as bound (its ``substitutions`` do not reach it).
    """
    if not bindings:
        return text
    masked = _mask(text)
    used = set(_VARIABLE_RE.findall(masked))
    missing = [name for name in bindings if name not in used]
    if missing:
        raise QueryError(f"{label}: cannot bind {', '.join('?' + n for n in missing)}: no such variable")
    brace = _where_brace(masked)
    if brace is None:
        raise QueryError(f"{label}: cannot bind variables: the query has no WHERE pattern")
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(sparql_term(term) for term in bindings.values())
    return f"{text[: brace + 1]} VALUES ({names}) {{ ({values}) }}{text[brace + 1 :]}"


_SUBQUERY_RE = re.compile(r"\bSELECT\b", re.IGNORECASE)
_VALUES_RE = re.compile(r"\bVALUES\b", re.IGNORECASE)


def _closing_brace(masked: str, opening: int) -> int | None:
    depth = 0
    for i in range(opening, len(masked)):
        depth += {"{": 1, "}": -1}.get(masked[i], 0)
        if depth == 0:
            return i
    return None


def inline_constants(text: str, bindings: Mapping[str, Term]) -> tuple[str, dict[str, Term]]:
    """``text`` with IRI-bound variables written into the WHERE pattern as constants, and the
    bindings it could not inline (for :func:`bind_values`).

    A constant in a triple pattern is an index lookup on both engines; a VALUES row or an
    Oxigraph substitution is not: Oxigraph's planner starts its joins from a VALUES table and
    evaluates an OPTIONAL for every candidate before the join (85 ms for the duties of one unit on
    a 555k-triple store), rdflib joins everything before it filters.  Each occurrence of ``?v``
    inside the WHERE braces becomes ``<iri>`` and ``BIND (<iri> AS ?v)`` closes the pattern, so
    projection and ORDER BY still see ``?v``.  The IRI was checked by :func:`sparql_term` (no
    ``<>"{}|^`\\`` or spaces, so it cannot end the IRI early).  Not inlined, hence bound by VALUES:
    literals (a literal cannot stand in a subject position), and every variable of a query with
    a subquery or a VALUES block of its own, or that the query assigns itself (``AS ?v``), where
    a textual constant could change scope or syntax.
    """
    candidates = {name: term for name, term in bindings.items() if term.kind == "iri"}
    if not candidates:
        return text, dict(bindings)
    masked = _mask(text)
    brace = _where_brace(masked)
    if brace is None or len(_SUBQUERY_RE.findall(masked)) > 1 or _VALUES_RE.search(masked):
        return text, dict(bindings)
    closing = _closing_brace(masked, brace)
    if closing is None:
        return text, dict(bindings)
    assigned = set(re.findall(r"\bAS\s+[?$]([A-Za-z_][A-Za-z0-9_]*)", masked, re.IGNORECASE))
    inline = {name: sparql_term(term) for name, term in candidates.items() if name not in assigned}
    if not inline:
        return text, dict(bindings)
    pattern = re.compile(r"[?$](" + "|".join(map(re.escape, inline)) + r")(?![A-Za-z0-9_])")
    body, pieces, last = masked[brace + 1 : closing], [], 0
    for m in pattern.finditer(body):
        pieces += [text[brace + 1 + last : brace + 1 + m.start()], inline[m.group(1)]]
        last = m.end()
    pieces.append(text[brace + 1 + last : closing])
    binds = "".join(f"\n  BIND ({constant} AS ?{name})" for name, constant in inline.items())
    rewritten = f"{text[: brace + 1]}{''.join(pieces)}{binds}\n{text[closing:]}"
    return rewritten, {name: term for name, term in bindings.items() if name not in inline}


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class QueryResult:
    """Rows of rendered cells: IRIs as strings, literals as lexical forms, unbound as ``None``.

    ``iris`` marks the cells that are IRIs (for display only; the value is the IRI string);
    ``datatypes`` gives each typed literal cell its XSD datatype, so :meth:`to_frame` can give
    numbers, booleans and dates their own column types.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    engine: str
    iris: frozenset[tuple[int, int]] = frozenset()
    datatypes: Mapping[tuple[int, int], str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_frame(self) -> Any:
        """A DataFrame; a column whose bound cells are all integers (counts), all decimals, all
        booleans or all dates/times gets that type (``Int64``, ``float64``, ``boolean``,
        ``datetime64``); every other column holds strings (``None`` where unbound)."""
        import pandas as pd

        frame = pd.DataFrame(list(self.rows), columns=list(self.columns), dtype=object)
        for c, name in enumerate(self.columns):
            kinds = {self.datatypes.get((r, c)) for r, row in enumerate(self.rows) if row[c] is not None}
            if len(kinds) != 1 or None in kinds:
                continue
            (kind,) = kinds
            column = frame.iloc[:, c]
            if kind in _INTEGER_TYPES:
                frame[name] = pd.to_numeric(column).astype("Int64")
            elif kind in _FLOAT_TYPES:
                frame[name] = pd.to_numeric(column).astype("float64")
            elif kind == _XSD_BOOLEAN:
                truth = column.map(lambda v: None if v is None else v in ("true", "1"))
                frame[name] = truth.astype("boolean")
            elif kind in _TIME_TYPES:
                frame[name] = pd.to_datetime(column, errors="coerce")
        return frame


def _sort_key(row: Sequence[Cell]) -> tuple[tuple[int, str], ...]:
    return tuple((0, "") if v is None else (1, v) for v in row)


def _finish(
    columns: list[str],
    rows: list[tuple[Cell, ...]],
    cell_kinds: list[tuple[CellKind, ...]],
    bare: str,
    engine: str,
) -> QueryResult:
    """Same column order and row order whichever engine answered."""
    if _SELECT_STAR_RE.search(bare):
        # SELECT * has no defined column order (rdflib: appearance, oxigraph: sorted).
        first: dict[str, int] = {}
        for m in _VARIABLE_RE.finditer(bare):
            first.setdefault(m.group(1), m.start())
        order = sorted(range(len(columns)), key=lambda i: (first.get(columns[i], len(bare)), columns[i]))
        columns = [columns[i] for i in order]
        rows = [tuple(r[i] for i in order) for r in rows]
        cell_kinds = [tuple(f[i] for i in order) for f in cell_kinds]
    pairs = list(zip(rows, cell_kinds, strict=True))
    if not _ORDER_BY_RE.search(bare):
        pairs.sort(key=lambda p: _sort_key(p[0]))
    cells = [((r, c), k) for r, (_, kinds) in enumerate(pairs) for c, k in enumerate(kinds) if k]
    iris = frozenset(at for at, k in cells if k == IRI_CELL)
    datatypes = {at: k for at, k in cells if k != IRI_CELL}
    return QueryResult(tuple(columns), tuple(p[0] for p in pairs), engine, iris, datatypes)


def _render_rdflib(term: Any) -> tuple[Cell, CellKind]:
    if term is None:
        return None, None
    kind = type(term).__name__
    if kind == "BNode":
        return f"_:{term}", None
    if kind == "URIRef":
        return str(term), IRI_CELL
    datatype = getattr(term, "datatype", None)
    return str(term), str(datatype) if datatype else None


def _render_oxigraph(term: Any) -> tuple[Cell, CellKind]:
    if term is None:
        return None, None
    kind = type(term).__name__
    if kind == "BlankNode":
        return f"_:{term.value}", None
    if kind == "Triple":
        return str(term), None
    if kind == "NamedNode":
        return term.value, IRI_CELL
    datatype = term.datatype.value if term.language is None else None
    return term.value, None if datatype == _XSD_STRING else datatype


# ---------------------------------------------------------------------------------------------
# Engines

_GRAPH_CACHE: dict[Path, tuple[tuple[int, int], Any]] = {}
_STORE_CACHE: dict[Path, tuple[tuple[int, int], Any]] = {}


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def _rdflib_graph(target: Path) -> Any:
    """The parsed ``graph.nt`` of ``target``; kept per process until the file changes."""
    path = (current(target) / GRAPH_FILE).resolve()
    if not path.is_file():
        raise QueryError(f"{target}: no {GRAPH_FILE}; run 'govgraph build' first")
    stamp = _stamp(path)
    cached = _GRAPH_CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    from rdflib import Graph

    graph = Graph()
    try:
        graph.parse(path, format="nt")
    except Exception as err:  # rdflib raises parser-specific exceptions
        raise QueryError(f"{path}: cannot parse the graph ({_one_line(err)})") from None
    _GRAPH_CACHE.clear()  # one graph at a time: they can be large
    _GRAPH_CACHE[path] = (stamp, graph)
    return graph


def _store(target: Path) -> Any:
    """The read-only store of ``target``; reopened when a rebuild renamed a new store in."""
    from govgraph.errors import GovGraphError
    from govgraph.store import open_store

    path = store_path(target).resolve()
    if not path.is_dir():
        raise QueryError(f"{target}: no SPARQL store; run 'govgraph build' first")
    stamp = _stamp(path)
    cached = _STORE_CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        store = open_store(path, read_only=True)
    except GovGraphError as err:
        raise QueryError(str(err)) from None
    _STORE_CACHE[path] = (stamp, store)
    return store


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def _run_rdflib(
    target: Path, text: str, bindings: dict[str, Term], prefixes: dict[str, str], label: str
) -> tuple[list[str], list[tuple[Cell, ...]], list[tuple[CellKind, ...]]]:
    graph = _rdflib_graph(target)
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=prefixes)
    except Exception as err:  # pyparsing.ParseException and friends
        raise QueryError(f"{label}: SPARQL syntax error: {_one_line(err)}") from None
    projected = {str(v) for v in prepared.algebra.get("PV") or ()}
    init = {name: _rdflib_term(t) for name, t in bindings.items() if name in projected}
    try:
        result = graph.query(prepared, initBindings=init)
        if result.type == "ASK":
            return ["ask"], [("true" if result.askAnswer else "false",)], [(_XSD_BOOLEAN,)]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            cols = ["subject", "predicate", "object"]
            rendered = [tuple(_render_rdflib(t) for t in triple) for triple in result]
        else:
            cols = [str(v) for v in result.vars or ()]
            rendered = [tuple(_render_rdflib(t) for t in row) for row in result]
    except Exception as err:  # evaluation errors surface as assorted exception types
        raise QueryError(f"{label}: query failed: {_one_line(err)}") from None
    rows = [tuple(c for c, _ in r) for r in rendered]
    flags = [tuple(f for _, f in r) for r in rendered]
    return cols, rows, flags


def _oxigraph_rows(result: Any) -> tuple[list[str], list[tuple[tuple[Cell, CellKind], ...]]]:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [(("true" if bool(result) else "false", _XSD_BOOLEAN),)]
    if isinstance(result, ox.QueryTriples):
        triples = [
            (_render_oxigraph(t.subject), _render_oxigraph(t.predicate), _render_oxigraph(t.object))
            for t in result
        ]
        return ["subject", "predicate", "object"], triples
    variables = list(result.variables)
    return [v.value for v in variables], [
        tuple(_render_oxigraph(sol[v]) for v in variables) for sol in result
    ]


def _run_store(
    target: Path, text: str, bindings: dict[str, Term], prefixes: dict[str, str], label: str
) -> tuple[list[str], list[tuple[Cell, ...]], list[tuple[CellKind, ...]]]:
    store = _store(target)
    import pyoxigraph as ox

    substitutions = {ox.Variable(name): _oxigraph_term(t) for name, t in bindings.items()}
    try:
        try:
            result = store.query(text, prefixes=prefixes or None, substitutions=substitutions or None)
            cols, rendered = _oxigraph_rows(result)
        except (ValueError, RuntimeError) as err:
            if not substitutions or "SELECT projection" not in str(err):
                raise
            # Oxigraph substitutes projected variables only; the VALUES block binds the others.
            projected = {v.value for v in store.query(text, prefixes=prefixes or None).variables}
            substitutions = {v: t for v, t in substitutions.items() if v.value in projected}
            result = store.query(text, prefixes=prefixes or None, substitutions=substitutions or None)
            cols, rendered = _oxigraph_rows(result)
    except (SyntaxError, OSError, ValueError, RuntimeError) as err:
        kind = "SPARQL syntax error" if isinstance(err, SyntaxError) else "query failed"
        raise QueryError(f"{label}: {kind}: {_one_line(err)}") from None
    rows = [tuple(c for c, _ in r) for r in rendered]
    flags = [tuple(f for _, f in r) for r in rendered]
    return cols, rows, flags


def resolve_engine(target: str | Path, engine: str = "auto") -> str:
    """The engine that will answer: ``"auto"`` is the store when ``OUT/store`` exists."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine != "auto":
        return engine
    return "store" if store_path(target).is_dir() else "rdflib"


def select(
    target: str | Path,
    query: str | Path,
    *,
    engine: str = "auto",
    bindings: Mapping[str, Any] | None = None,
) -> QueryResult:
    """Run SPARQL text, a ``.rq`` file or a named query over a built output; no pandas needed.

    ``bindings`` binds variables (``{"unit": "https://…/agency/…"}``, values as in :func:`as_term`)
    through a VALUES block at the start of the WHERE pattern (:func:`bind_values`) and, when the
    variable is projected, as a pre-bound value; never through FILTER.
    Raises :class:`QueryError` with a one-line message for a bad query, name, target or binding.
    """
    target = Path(target)
    if not target.is_dir():
        raise QueryError(f"{target}: no such output directory; run 'govgraph build' first")
    chosen = resolve_engine(target, engine)
    text, label = load_query(query)
    bare = _mask(text)
    if _UPDATE_RE.match(bare):
        raise QueryError(f"{label}: SPARQL updates are not allowed; the graph is read-only")
    terms: dict[str, Term] = {}
    for name, value in (bindings or {}).items():
        var = name.lstrip("?$")
        if not _VAR_NAME_RE.match(var):
            raise QueryError(f"{label}: {name!r} is not a variable name")
        terms[var] = as_term(value)
    prefixes = _default_prefixes(bare)
    run = _run_store if chosen == "store" else _run_rdflib
    missing = [name for name in terms if name not in set(_VARIABLE_RE.findall(bare))]
    if missing:
        raise QueryError(f"{label}: cannot bind {', '.join('?' + n for n in missing)}: no such variable")
    inlined, rest = inline_constants(text, terms)
    columns, rows, flags = run(target, bind_values(inlined, rest, label), rest, prefixes, label)
    log.debug("%s on %s (%s): %d rows", label, target, chosen, len(rows))
    return _finish(columns, rows, flags, bare, chosen)


def run_query(
    target: str | Path,
    query: str | Path,
    *,
    engine: str = "auto",
    bindings: Mapping[str, Any] | None = None,
) -> Any:
    """:func:`select` as a :class:`pandas.DataFrame` (object columns; unbound cells ``None``)."""
    return select(target, query, engine=engine, bindings=bindings).to_frame()


# ---------------------------------------------------------------------------------------------
# Output formats


def _display_iri(value: str, prefixes: Mapping[str, str]) -> str:
    for prefix, ns in prefixes.items():
        if value.startswith(ns) and len(value) > len(ns):
            return f"{prefix}:{unquote(value[len(ns) :])}"
    return unquote(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(result: QueryResult, *, max_width: int = 48) -> str:
    """An aligned plain-text table (CJK counted double width); IRIs shortened to prefix:name,
    percent-decoded; cells longer than ``max_width`` columns clipped with an ellipsis."""
    prefixes: dict[str, str] = {}
    if result.iris:
        from govgraph.namespace import DATA_BASE, PREFIXES

        prefixes = {"id": DATA_BASE, **PREFIXES}
    cells = [
        [
            ""
            if v is None
            else _clip(
                " ".join((_display_iri(v, prefixes) if (r, c) in result.iris else v).split()), max_width
            )
            for c, v in enumerate(row)
        ]
        for r, row in enumerate(result.rows)
    ]
    header = list(result.columns)
    widths = [max([_width(h)] + [_width(row[i]) for row in cells]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_csv(result: QueryResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows(["" if v is None else v for v in row] for row in result.rows)
    return buf.getvalue()


def format_json(result: QueryResult) -> str:
    """A JSON array of objects, one per row (unbound cells are ``null``)."""
    return json.dumps(result.records(), ensure_ascii=False, indent=1) + "\n"


FORMATTERS = {"table": format_table, "csv": format_csv, "json": format_json}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    try:
        return FORMATTERS[fmt](result)
    except KeyError:
        raise QueryError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})") from None


__all__ = [
    "ENGINES",
    "FORMATS",
    "NamedQuery",
    "QueryResult",
    "Term",
    "as_term",
    "bind_values",
    "format_csv",
    "format_json",
    "format_result",
    "format_table",
    "inline_constants",
    "iri",
    "literal",
    "load_query",
    "named_queries",
    "named_query",
    "resolve_engine",
    "run_query",
    "select",
    "sparql_term",
]
