"""Responsibility chains: task → unit → the leader who supervised it then → that leader's title.

:func:`chain` takes what a reader has at hand, an agency in any printed form (市经信局,
温州市经济和信息化局, 经信局), a leader's name or a document number in any printed form
(温政发[2024]5号), finds it in a built output and answers with the named queries of
``ontology/queries``:

* an agency: ``agency_tasks`` (everything it leads or joins, with the leader supervising it on each
  document's date) plus its division-of-work duties from ``leader_agencies``;
* a leader: ``leader_agencies`` (the units in the leader's portfolio and their tasks during it);
* a document: ``responsibility_chain`` (each task → lead unit → supervising leader → title).

Every step of :meth:`ChainResult.render` names its source as ``gazette:line``.  The module needs
neither spaCy nor rdflib nor pandas (``govgraph chain`` start-up is measured): names resolve
through the registry (:mod:`govgraph.resolve`) and the graph's own labels.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from govgraph.build.outputs import current
from govgraph.docnum import normalize_doc_number
from govgraph.errors import GovGraphError, QueryError
from govgraph.query.chain_index import ChainIndex
from govgraph.query.sparql import (
    GRAPH_FILE,
    QueryResult,
    as_term,
    iri,
    literal,
    load_query,
    resolve_engine,
    select,
)
from govgraph.store import store_path

log = logging.getLogger(__name__)

SubjectKind = Literal["agency", "leader", "document"]
_SPACE_RE = re.compile(r"[\s\u3000]+")
_TITLE_MARKS = "《》〈〉<>"

_PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX gg: <https://w3id.org/govgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Bound variables must be projected (oxigraph's substitution rule), hence ?key in every SELECT.
_DOCUMENT_BY_NUMBER = (
    _PREFIXES + "SELECT ?key ?subject ?label WHERE { ?subject eli:id_local ?key ; skos:prefLabel ?label }"
)
_DOCUMENT_BY_TITLE = _PREFIXES + (
    "SELECT ?key ?subject ?label "
    "WHERE { ?subject a eli:LegalResource ; eli:title ?key ; skos:prefLabel ?label }"
)
_PERSON_BY_NAME = _PREFIXES + "SELECT ?key ?subject WHERE { ?subject a foaf:Person ; foaf:name ?key }"
_AGENCY_BY_NAME = _PREFIXES + (
    "SELECT ?key ?subject WHERE { ?subject skos:prefLabel ?key "
    "{ ?subject a org:Organization } UNION { ?subject a gg:CollectiveActor } }"
)
# The places of the graph's documents: a relative name (市经信局) means that body of each of them.
_DOCUMENT_PLACES = _PREFIXES + (
    "SELECT DISTINCT ?key ?subject WHERE { ?doc a eli:LegalResource ; "
    "<http://purl.org/dc/terms/spatial> ?subject . ?subject skos:prefLabel ?key }"
)
_AGENCY_BY_ALIAS = _PREFIXES + (
    "SELECT ?key ?subject ?label WHERE { ?subject skos:altLabel ?key ; skos:prefLabel ?label "
    "{ ?subject a org:Organization } UNION { ?subject a gg:CollectiveActor } }"
)


@dataclass(frozen=True, slots=True)
class Subject:
    """What the name was found to be: its kind, IRI and preferred label."""

    kind: SubjectKind
    iri: str
    label: str


@dataclass(frozen=True)
class ChainResult:
    """The chain of one name: the subjects it named and the rows of the named query."""

    name: str
    subjects: tuple[Subject, ...]
    query: str
    result: QueryResult
    duties: QueryResult | None = None  # an agency's division-of-work duties (leader_agencies)

    @property
    def kind(self) -> SubjectKind:
        return self.subjects[0].kind

    @property
    def columns(self) -> tuple[str, ...]:
        return self.result.columns

    @property
    def rows(self) -> list[dict[str, str | None]]:
        return self.result.records()

    def to_frame(self) -> Any:
        return self.result.to_frame()

    def render(self) -> str:
        """The chain as readable text, each step with its source (gazette:line)."""
        render = {"agency": _render_agency, "leader": _render_leader, "document": _render_document}
        return render[self.kind](self)


# ---------------------------------------------------------------------------------------------
# Finding the name in the graph


def _compact(text: str) -> str:
    return _SPACE_RE.sub("", text).strip(_TITLE_MARKS)


_NAME_QUERY_OF = {
    _DOCUMENT_BY_NUMBER: "number",
    _DOCUMENT_BY_TITLE: "title",
    _PERSON_BY_NAME: "person",
    _AGENCY_BY_NAME: "agency",
    _AGENCY_BY_ALIAS: "alias",
}
NAME_QUERIES: dict[str, str] = {kind: query for query, kind in _NAME_QUERY_OF.items()}
"""The queries that list every name of a kind (?key) with its subject (and ?label): the chain
index stores their rows (:mod:`govgraph.query.chain_index`)."""


def _find(
    out_dir: Path, query: str, key: Any, engine: str, index: ChainIndex | None = None
) -> list[tuple[str, str | None]]:
    if index is not None:
        return index.names(key.value, _NAME_QUERY_OF[query])
    rows = select(out_dir, query, engine=engine, bindings={"key": key}).records()
    return sorted({(r["subject"] or "", r.get("label") or r["key"]) for r in rows})


def find_subjects(
    name: str, out_dir: str | Path, *, engine: str = "auto", index: ChainIndex | None = None
) -> tuple[Subject, ...]:
    """The documents, leader or agency ``name`` stands for in the built output ``out_dir``.

    A document number in any printed form (or a document's exact title) is a document; a person's
    name in the graph is a leader; anything else is resolved as an agency mention by the registry
    (every alias), then looked up among the graph's aliases.  ``index`` (the build's chain index)
    answers the look-ups instead of SPARQL.
    """
    out_dir = Path(out_dir)
    text = _compact(name)
    if not text:
        raise QueryError("chain: empty name")
    number = normalize_doc_number(text)
    # Only a name that *is* a number: a title may contain one (关于废止温政办〔2018〕96号文件的通知).
    if number is not None and len(number) >= len(text) - 2:
        found = _find(out_dir, _DOCUMENT_BY_NUMBER, literal(number), engine, index)
        if found:
            return tuple(Subject("document", s, label or number) for s, label in found)
        raise QueryError(f"{out_dir}: no document {number} in the graph")
    found = _find(out_dir, _PERSON_BY_NAME, literal(text, lang="zh"), engine, index)
    if found:
        return tuple(Subject("leader", s, label or text) for s, label in found)
    # The graph's own names and aliases first (the registry's, as the resolver wrote them); the
    # registry (~0.1 s to load) only for other printed forms (温州市X ↔ 市X, bracket widths, …).
    found = _find(out_dir, _AGENCY_BY_NAME, literal(text, lang="zh"), engine, index)
    if not found:
        aliased = _find(out_dir, _AGENCY_BY_ALIAS, literal(text, lang="zh"), engine, index)
        found = aliased if len(aliased) == 1 else []
    if not found:
        from govgraph.resolve import Resolver

        # A relative name (市经信局) is that body of each place the graph's documents are of.
        resolver = Resolver.default()
        names = {resolver.resolve_agency(text).name}
        rows = select(out_dir, _DOCUMENT_PLACES, engine=engine).records()
        for place in sorted({r["key"] for r in rows if r.get("key")}):
            with contextlib.suppress(GovGraphError):
                names.add(resolver.resolve_agency(text, resolver.jurisdiction(place)).name)
        found = sorted(
            {f for n in names for f in _find(out_dir, _AGENCY_BY_NAME, literal(n, lang="zh"), engine, index)}
        )
    if found:
        return tuple(Subject("agency", s, label or text) for s, label in found)
    found = _find(out_dir, _DOCUMENT_BY_TITLE, literal(text, lang="zh"), engine, index)
    if found:
        return tuple(Subject("document", s, label or text) for s, label in found)
    raise QueryError(f"{out_dir}: no agency, leader or document named {name.strip()!r} in the graph")


def lookup(value: str, out_dir: str | Path, *, engine: str = "auto") -> Any:
    """A query parameter from what a user types: an IRI (``<…>``, ``https://…``), a literal
    (``"…"``, ``"…"@zh``), or a name found in the graph the way :func:`chain` finds it (agency
    alias, leader, 文号 in any bracket form).  A name that stands for several things is an error
    listing them.

    ``run_query(out, "agency_tasks", bindings={"agency": lookup("市经信局", out)})``
    """
    text = value.strip()
    if text.startswith('"'):
        body, _, tail = text[1:].rpartition('"')
        return literal(body, lang=tail[1:] or None) if tail.startswith("@") or not tail else literal(text)
    term = as_term(text)
    if term.kind == "iri":
        return term
    subjects = find_subjects(text, out_dir, engine=engine)
    if len(subjects) > 1:
        labels = ", ".join(s.label for s in subjects)
        raise QueryError(f"{text!r} names {len(subjects)} things ({labels}); give an IRI")
    return iri(subjects[0].iri)


# ---------------------------------------------------------------------------------------------
# Chains

_QUERY_OF: dict[str, tuple[str, str]] = {
    "agency": ("agency_tasks", "agency"),
    "leader": ("leader_agencies", "leader"),
    "document": ("responsibility_chain", "document"),
}


def _merge(results: Sequence[QueryResult]) -> QueryResult:
    first = results[0]
    if len(results) == 1:
        return first
    rows = tuple(row for r in results for row in r.rows)
    offset, iris = 0, set()
    for r in results:
        iris.update((row + offset, col) for row, col in r.iris)
        offset += len(r.rows)
    return QueryResult(first.columns, rows, first.engine, frozenset(iris))


# The supervising duty valid on a document's date, as the named queries state it in their
# "supervision" OPTIONAL; fetched once per built output and joined in Python instead.
_SUPERVISING_DUTIES = (
    _PREFIXES
    + """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?duty ?unit ?leader ?leader_name ?title ?valid_from ?valid_until ?notice ?notice_label
       ?duty_gazette ?duty_line
WHERE {
  ?duty gg:dutyRelation gg:supervises ;
        gg:unit ?unit ;
        gg:leader ?leader ;
        gg:post/org:role/skos:prefLabel ?title ;
        gg:validFrom ?valid_from ;
        gg:inDocument ?notice ;
        gg:sourceLine ?duty_line ;
        prov:wasDerivedFrom/dcterms:identifier ?duty_gazette .
  ?leader skos:prefLabel ?leader_name .
  ?notice skos:prefLabel ?notice_label .
  OPTIONAL { ?duty gg:validUntil ?valid_until }
}
"""
)
_SUPERVISION_RE = re.compile(r"^[ \t]*# supervision\b.*?^[ \t]*# end supervision[^\n]*\n", re.M | re.S)
_DUTY_COLUMNS = ("leader", "leader_name", "title", "notice", "notice_label", "duty_gazette", "duty_line")
_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# unit IRI → [(valid_from, valid_until, cells, IRI columns)]
_Duties = dict[str, list[tuple[str, str | None, dict[str, Any], set[str]]]]
_DUTY_CACHE: dict[tuple[Path, str], tuple[tuple[int, int], _Duties]] = {}


def _supervising_duties(out_dir: Path, engine: str) -> _Duties:
    """Every supervising duty of the graph by unit IRI: (its cells, the columns that are IRIs).

    A few thousand duties on a 555k-triple graph; kept per process until the graph changes."""
    chosen = resolve_engine(out_dir, engine)
    source = store_path(out_dir) if chosen == "store" else current(out_dir) / GRAPH_FILE
    st = source.stat()
    key, stamp = (source.resolve(), chosen), (st.st_ino, st.st_mtime_ns)
    cached = _DUTY_CACHE.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    result = select(out_dir, _SUPERVISING_DUTIES, engine=chosen)
    by_unit: _Duties = {}
    for r, row in enumerate(result.rows):
        cells = dict(zip(result.columns, row, strict=True))
        iris = {c for i, c in enumerate(result.columns) if (r, i) in result.iris}
        since, until = cells["valid_from"] or "", cells["valid_until"]
        # SPARQL compares xsd:date values, which order as their ISO lexical forms; a duty whose
        # dates are not ISO dates never satisfies the query's FILTER.
        if _ISO_DATE_RE.match(since) and (until is None or _ISO_DATE_RE.match(until)):
            by_unit.setdefault(cells["unit"] or "", []).append((since, until, cells, iris))
    for duties in by_unit.values():  # the named queries' ORDER BY ends with ?leader_name ?duty
        duties.sort(key=lambda d: (d[2]["leader_name"] or "", d[2]["duty"] or "", d[2]["title"] or ""))
    _DUTY_CACHE[key] = (stamp, by_unit)
    return by_unit


def _supervised_select(
    out_dir: Path, query: str, unit_column: str, bindings: dict[str, Any], engine: str
) -> QueryResult:
    """The named query ``query`` with its supervision OPTIONAL answered from the cached duty table.

    Same rows in the same order: the query without the OPTIONAL is ordered down to ?assignment
    (one row each), and each row is followed by its valid duties in (?leader_name, ?duty) order.
    """
    text, _ = load_query(query)
    stripped, count = _SUPERVISION_RE.subn("", text)
    if count != 1:
        return select(out_dir, query, engine=engine, bindings=bindings)
    base = select(out_dir, stripped, engine=engine, bindings=bindings)
    duties = _supervising_duties(out_dir, engine)
    columns = base.columns
    index = {c: i for i, c in enumerate(columns)}
    unit_at, date_at = index[unit_column], index["date"]
    fill = [(index[c], c) for c in _DUTY_COLUMNS if c in index]
    rows: list[tuple[str | None, ...]] = []
    iris: set[tuple[int, int]] = set()
    for r, row in enumerate(base.rows):
        own_iris = [c for c in range(len(columns)) if (r, c) in base.iris]
        date = row[date_at]
        # ?valid_from <= ?date && (!BOUND(?valid_until) || ?date < ?valid_until)
        matches = (
            [
                (cells, duty_iris)
                for since, until, cells, duty_iris in duties.get(row[unit_at] or "", ())
                if since <= date and (until is None or date < until)
            ]
            if date and _ISO_DATE_RE.match(date)
            else []
        )
        for cells, duty_iris in matches or [({}, set())]:
            out_row = list(row)
            for i, c in fill:
                if cells:
                    out_row[i] = cells[c]
            n = len(rows)
            iris.update((n, c) for c in own_iris)
            iris.update((n, i) for i, c in fill if c in duty_iris)
            rows.append(tuple(out_row))
    return QueryResult(columns, tuple(rows), base.engine, frozenset(iris))


def full_rows(out_dir: str | Path, query: str, engine: str = "store") -> QueryResult:
    """Every row of a chain query over the whole graph (what the chain index stores)."""
    unit_column = _UNIT_COLUMN.get(query)
    if unit_column:
        return _supervised_select(Path(out_dir), query, unit_column, {}, engine)
    return select(out_dir, query, engine=engine)


_UNIT_COLUMN = {"agency_tasks": "agency", "responsibility_chain": "unit"}


def chain(name: str, out_dir: str | Path, *, engine: str = "auto") -> ChainResult:
    """The responsibility chain of an agency, a leader or a document in the built output ``out_dir``.

    With ``engine="auto"`` and a build that has a chain index (:mod:`govgraph.query.chain_index`)
    the answer is read from the index; otherwise the named queries run on the store or on rdflib.
    Raises :class:`QueryError` (one line) when the name is in none of these forms in the graph.
    """
    out_dir = current(out_dir)  # one build for every query of the chain, even if a rebuild switches
    index = ChainIndex.open(out_dir) if engine == "auto" else None
    subjects = find_subjects(name, out_dir, engine=engine, index=index)
    kind = subjects[0].kind
    query, variable = _QUERY_OF[kind]
    unit_column = _UNIT_COLUMN.get(query)
    if index is not None:
        result = _merge([index.result(query, variable, s.iri) for s in subjects])
    else:
        result = _merge(
            [
                _supervised_select(out_dir, query, unit_column, {variable: iri(s.iri)}, engine)
                if unit_column
                else select(out_dir, query, engine=engine, bindings={variable: iri(s.iri)})
                for s in subjects
            ]
        )
    duties = None
    # An agency's own duties head its chain; a division-of-work notice has duties, not tasks.
    duty_variable = {"agency": "agency", "document": "notice"}.get(kind)
    if duty_variable and (kind == "agency" or len(result) < len(subjects)):
        duties = _merge(
            [
                index.result("leader_agencies", duty_variable, s.iri)
                if index is not None
                else select(out_dir, "leader_agencies", engine=engine, bindings={duty_variable: iri(s.iri)})
                for s in subjects
            ]
        )
    log.debug("chain %r: %s %s, %d rows", name, kind, [s.label for s in subjects], len(result))
    return ChainResult(name, subjects, query, result, duties)


# ---------------------------------------------------------------------------------------------
# Rendering


_NO_SUPERVISOR = "no leader in the graph supervised this unit on that date"


def _source(gazette: str | None, line: str | None) -> str:
    return f"{gazette}:{line}" if gazette else "(no source)"


def _document_heading(row: dict[str, str | None]) -> str:
    parts = [row.get("document_label") or row.get("document") or "?"]
    if row.get("date"):
        parts.append(row["date"] or "")
    title = row.get("document_title")
    if title and title != parts[0]:
        parts.append(title)
    return " · ".join(parts)


def _supervisor(row: dict[str, str | None]) -> str:
    if not row.get("leader"):
        return _NO_SUPERVISOR
    return (
        f"{row['leader_name']} ({row['title']}), per {row['notice_label']} "
        f"[{_source(row.get('duty_gazette'), row.get('duty_line'))}]"
    )


def _by(rows: Iterable[dict[str, str | None]], key: str) -> dict[str | None, list[dict[str, str | None]]]:
    groups: dict[str | None, list[dict[str, str | None]]] = {}
    for row in rows:
        groups.setdefault(row.get(key), []).append(row)
    return groups


def _duty_lines(rows: Sequence[dict[str, str | None]]) -> list[str]:
    seen, out = set(), []
    for r in rows:
        key = (r["leader"], r["relation"], r["notice"], r["duty_line"])
        if key in seen:
            continue
        seen.add(key)
        span = f"from {r['valid_from']}" if r.get("valid_from") else "undated"
        if r.get("valid_until"):
            span += f" until {r['valid_until']}"
        out.append(
            f"  {r['relation']} by {r['leader_name']} ({r['title']}), {span}, per {r['notice_label']} "
            f"[{_source(r.get('duty_gazette'), r.get('duty_line'))}]"
        )
    return out


def _render_agency(res: ChainResult) -> str:
    rows = res.rows
    out: list[str] = []
    for subject in res.subjects:
        mine = [r for r in rows if r["agency"] == subject.iri]
        documents = _by(mine, "document")
        out.append(f"{subject.label} (agency): {len(mine)} task assignments in {len(documents)} documents")
        duties = [r for r in (res.duties.records() if res.duties else []) if r["agency"] == subject.iri]
        if duties:
            out.append("division of work:")
            out += _duty_lines(duties)
        for doc_rows in documents.values():
            first = doc_rows[0]
            out.append("")
            out.append(_document_heading(first))
            supervisors = {_supervisor(r) for r in doc_rows}
            for s in sorted(supervisors):
                out.append(f"  ({s})" if s == _NO_SUPERVISOR else f"  supervised then by {s}")
            seen = set()
            for r in doc_rows:
                key = (r["task"], r["role"], r["task_line"])
                if key in seen:  # one row per supervising duty; the task once
                    continue
                seen.add(key)
                out.append(
                    f"  {r['role']} {r['task_path']} {r['task_label']}  "
                    f"[{_source(r['task_gazette'], r['task_line'])}]"
                )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _render_document(res: ChainResult) -> str:
    rows = res.rows
    out: list[str] = []
    for subject in res.subjects:
        mine = [r for r in rows if r["document"] == subject.iri]
        if not mine:
            out += _render_notice(subject, res.duties.records() if res.duties else [])
            continue
        out.append(_document_heading(mine[0]))
        for task_rows in _by(mine, "task").values():
            t = task_rows[0]
            out.append(
                f"  {t['task_path']} {t['task_label']}  [{_source(t['task_gazette'], t['task_line'])}]"
            )
            for r in task_rows:
                out.append(f"    → {r['role']} {r['unit_name']}")
                if r.get("leader"):
                    out.append(
                        f"      → supervised by {r['leader_name']} → {r['title']}, per {r['notice_label']} "
                        f"[{_source(r['duty_gazette'], r['duty_line'])}]"
                    )
                else:
                    out.append(f"      → ({_NO_SUPERVISOR})")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _render_notice(subject: Subject, duties: list[dict[str, str | None]]) -> list[str]:
    """A document without tasks: the division of work it sets out, if it is such a notice."""
    mine = [r for r in duties if r["notice"] == subject.iri]
    if not mine:
        return [
            f"{subject.label} (document): no task with a lead unit and no division of work in the graph",
            "",
        ]
    out = [f"{subject.label} (division-of-work notice, valid from {mine[0]['valid_from'] or '?'})"]
    leaders = sorted(_by(mine, "leader").values(), key=lambda rs: min(int(r["duty_line"] or 0) for r in rs))
    for leader_rows in leaders:
        first = leader_rows[0]
        out.append(f"  {first['leader_name']} → {first['title']}")
        units: dict[tuple[str | None, str | None], list[str]] = {}
        for r in leader_rows:
            names = units.setdefault((r["relation"], r["duty_line"]), [])
            if r["agency_name"] not in names:
                names.append(r["agency_name"] or "")
        for (relation, line), names in units.items():
            out.append(f"    {relation} {'、'.join(names)}  [{_source(first['duty_gazette'], line)}]")
    return [*out, ""]


def _render_leader(res: ChainResult) -> str:
    rows = res.rows
    out: list[str] = []
    for subject in res.subjects:
        mine = [r for r in rows if r["leader"] == subject.iri]
        duties: dict[tuple[str | None, ...], list[dict[str, str | None]]] = {}
        for r in mine:
            duties.setdefault((r["relation"], r["agency"], r["notice"], r["duty_line"]), []).append(r)
        out.append(
            f"{subject.label} (leader): {len({r['agency'] for r in mine})} units in the division of work"
        )
        for duty_rows in duties.values():
            d = duty_rows[0]
            span = f"from {d['valid_from']}" if d.get("valid_from") else "undated"
            if d.get("valid_until"):
                span += f" until {d['valid_until']}"
            out.append(
                f"  {d['relation']} {d['agency_name']} as {d['title']}, {span}, per {d['notice_label']} "
                f"[{_source(d['duty_gazette'], d['duty_line'])}]"
            )
            for r in duty_rows:
                if r.get("task"):
                    out.append(
                        f"    {r['document_label']} · {r['date']}  {r['role']} {r['task_label']}  "
                        f"[{_source(r['task_gazette'], r['task_line'])}]"
                    )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


__all__ = ["NAME_QUERIES", "ChainResult", "Subject", "chain", "find_subjects", "full_rows", "lookup"]
