"""The chain index (``chain.sqlite``): every responsibility chain of a build, answered at build time.

``govgraph chain`` reads it (:class:`govgraph.query.chain_index.ChainIndex`) so that a chain costs
one indexed lookup and one block read: the size of the answer, not of the corpus.  It is a view
of the graph's triples, like the tables, and is written the way they are:

1. :func:`partition_facts` (in each partition's write task): from the partition's sorted lines,
   one subject at a time, what the chains need: the responsibility assignments, the
   division-of-work duties, the few attributes of the nodes they link to (labels, task paths,
   document dates and titles, gazette identifiers, a post's role) and the rows of the ``names``
   table (each subject's own triples say them).  Pickled beside the partition's other parts.
2. :func:`write_index` (two tasks, a half of :data:`INDEXED` each, on the workers while the
   store loads; :func:`merge_indexes` puts the halves in one file): the joins of the three
   named queries (``agency_tasks``, ``leader_agencies``, ``responsibility_chain`` in
   ``govgraph/data/queries``) over those facts, in the queries' own row order, one subject's
   chain at a time, one compressed JSON block per subject.

The rows are those the named queries give on the store, bound to the subject (the tests compare
them): the same optional and multi-valued parts, the same supervision rule (a ``gg:supervises``
duty on the unit valid on the document's date), the same ORDER BY.  Memory is that of the facts
(a few hundred bytes per assignment, duty and labelled node) and of the largest chain, not of
the graph.
"""

from __future__ import annotations

import bisect
import json
import logging
import os
import pickle
import re
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govgraph.build.tables import unescape_literal

log = logging.getLogger(__name__)

INDEX_FILE = "chain.sqlite"
SCHEMA_VERSION = 2

_GG = "https://w3id.org/govgraph/ontology#"
_ELI = "http://data.europa.eu/eli/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_ORG = "http://www.w3.org/ns/org#"
_FOAF = "http://xmlns.com/foaf/0.1/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Predicates read, by short name.
_P = {
    _RDF_TYPE: "type",
    _SKOS + "prefLabel": "label",
    _SKOS + "altLabel": "alt",
    _GG + "task": "task",
    _GG + "unit": "unit",
    _GG + "role": "role",
    _GG + "inDocument": "doc",
    _GG + "sourceLine": "line",
    _PROV + "wasDerivedFrom": "prov",
    _GG + "taskPath": "path",
    _ELI + "date_document": "date",
    _ELI + "title": "title",
    _ELI + "id_local": "id_local",
    _DCTERMS + "identifier": "ident",
    _GG + "leader": "leader",
    _GG + "dutyRelation": "relation",
    _GG + "post": "post",
    _GG + "validFrom": "from",
    _GG + "validUntil": "until",
    _ORG + "role": "org_role",
    _FOAF + "name": "name",
}
# What a node linked from an assignment or a duty is asked for.
_ATTRIBUTES = ("label", "path", "date", "title", "ident", "org_role")

_LEAD, _PARTICIPANT, _UNSPECIFIED = _GG + "Lead", _GG + "Participant", _GG + "Unspecified"
_SUPERVISES = _GG + "supervises"
_RELATION_LABEL = {
    _SUPERVISES: "分管",
    _GG + "assistsSupervising": "协助分管",
    _GG + "liaisesWith": "联系",
    _GG + "directs": "主持",
}
_ORGANIZATION, _COLLECTIVE = _ORG + "Organization", _GG + "CollectiveActor"
_LEGAL_RESOURCE, _PERSON = _ELI + "LegalResource", _FOAF + "Person"

# The named queries' columns (SELECT clauses of govgraph/data/queries/*.rq), and those that hold IRIs.
COLUMNS: dict[str, tuple[str, ...]] = {
    "agency_tasks": (
        "agency", "agency_name", "document", "document_label", "document_title", "date", "role", "task",
        "task_path", "task_label", "leader", "leader_name", "title", "notice_label", "task_gazette",
        "task_line", "duty_gazette", "duty_line",
    ),
    "leader_agencies": (
        "leader", "leader_name", "title", "relation", "agency", "agency_name", "valid_from", "valid_until",
        "notice", "notice_label", "duty_gazette", "duty_line", "document", "document_label",
        "document_title", "date", "role", "task", "task_label", "task_gazette", "task_line",
    ),
    "responsibility_chain": (
        "document", "document_label", "document_title", "date", "task", "task_path", "task_label", "unit",
        "unit_name", "role", "leader", "leader_name", "title", "notice", "notice_label", "task_gazette",
        "task_line", "duty_gazette", "duty_line",
    ),
}  # fmt: skip
_IRI_COLUMNS = frozenset(("agency", "document", "task", "leader", "notice", "unit"))
# (named query, the column whose value a row is the chain of)
INDEXED: tuple[tuple[str, str], ...] = (
    ("agency_tasks", "agency"),
    ("leader_agencies", "leader"),
    ("leader_agencies", "agency"),
    ("leader_agencies", "notice"),
    ("responsibility_chain", "document"),
)
NAME_KINDS = ("number", "title", "person", "agency", "alias")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def index_path(generation: str | Path) -> Path:
    return Path(generation) / INDEX_FILE


# ---------------------------------------------------------------------------------------------
# 1. Facts of a partition


@dataclass
class Facts:
    """What the chains need of some subjects (a partition's, or the whole graph's)."""

    # subject → {short predicate → values}; values: IRIs as str, literals as their lexical form
    assignments: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    duties: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    nodes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    names: list[tuple[str, str, str, str]] = field(default_factory=list)  # (name, kind, IRI, label)

    def update(self, other: Facts) -> None:
        """Add ``other``'s facts (another partition's, unpickled: its strings shared again with
        this one's, see :func:`_shared`)."""
        for mine, theirs in (
            (self.assignments, other.assignments),
            (self.duties, other.duties),
            (self.nodes, other.nodes),
        ):
            for subject, props in theirs.items():
                for values in props.values():
                    values[:] = map(_shared, values)
                subject = sys.intern(subject)
                old = mine.get(subject)
                if old is None:
                    mine[subject] = props
                else:  # a subject is in one sorted partition; kept general all the same
                    for p, values in props.items():
                        old.setdefault(p, []).extend(values)
        self.names.extend(other.names)


_SHARED_MAX = 40
"""Literals up to this length (dates, line numbers, names) are shared like IRIs (:func:`_shared`)."""


def _shared(value: str) -> str:
    """One string object for every occurrence of an IRI or a short literal: the same units,
    documents, gazettes and dates come back on thousands of facts (40% of their memory)."""
    return sys.intern(value) if len(value) <= _SHARED_MAX or value.startswith("http") else value


def _object(text: str) -> str:
    """An IRI (``<…>``) or the lexical form of a literal (``"…"``, ``"…"@zh``, ``"…"^^<…>``)."""
    if text[0] == "<":
        return sys.intern(text[1:-1])
    end = len(text) - 1 if text[-1] == '"' else text.rindex('"')
    lexical = text[1:end]
    return _shared(unescape_literal(lexical))


def _subject_groups(lines: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    subject, group = None, []
    for line in lines:
        s = line[1 : line.index(">")]
        if s != subject:
            s = sys.intern(s)
            if group:
                yield subject, group  # type: ignore[misc]
            subject, group = s, []
        group.append(line)
    if group:
        yield subject, group  # type: ignore[misc]


def partition_facts(lines: Iterable[str]) -> Facts:
    """The chain facts of sorted N-Triples lines (as :func:`govgraph.graph.nt_line` writes them)."""
    facts = Facts()
    wanted = _P
    for subject, group in _subject_groups(lines):
        props: dict[str, list[str]] = {}
        start = len(subject) + 4  # "<subject> <" then the predicate
        for line in group:
            end = line.index(">", start)
            short = wanted.get(line[start:end])
            if short is None:
                continue
            value = _object(line[end + 2 : -3])
            values = props.get(short)
            if values is None:
                props[short] = [value]
            else:
                values.append(value)
        if not props:
            continue
        _names(subject, props, facts.names)
        if "task" in props and "unit" in props:
            facts.assignments[subject] = props
        elif "relation" in props:
            facts.duties[subject] = props
        else:
            node = {k: props[k] for k in _ATTRIBUTES if k in props}
            if node:
                facts.nodes[subject] = node
    return facts


def _names(subject: str, props: dict[str, list[str]], out: list[tuple[str, str, str, str]]) -> None:
    """The rows of the name queries of :mod:`govgraph.query.chain` that this subject gives."""
    types = props.get("type", ())
    labels = props.get("label", ())
    for key in props.get("id_local", ()):
        out.extend((key, "number", subject, label or key) for label in labels if key)
    if _LEGAL_RESOURCE in types:
        for key in props.get("title", ()):
            out.extend((key, "title", subject, label or key) for label in labels if key)
    if _PERSON in types:
        out.extend((key, "person", subject, key) for key in props.get("name", ()) if key)
    branches = (_ORGANIZATION in types) + (_COLLECTIVE in types)  # a UNION: one row per branch
    for _ in range(branches):
        out.extend((key, "agency", subject, key) for key in labels if key)
        for key in props.get("alt", ()):
            out.extend((key, "alias", subject, label or key) for label in labels if key)


def save_facts(facts: Facts, path: Path) -> None:
    with path.open("wb") as fh:
        pickle.dump(facts, fh, protocol=pickle.HIGHEST_PROTOCOL)


def load_facts(paths: Sequence[Path], names: bool = True) -> Facts:
    """The facts of the partitions; without the rows of the ``names`` table unless ``names``."""
    facts = Facts()
    for path in paths:
        with Path(path).open("rb") as fh:
            part = pickle.load(fh)
        if not names:
            part.names = []
        facts.update(part)
    return facts


# ---------------------------------------------------------------------------------------------
# 2. The joins

Row = tuple[str | None, ...]


def _order(value: str | None) -> tuple[int, str]:
    """SPARQL's ORDER BY on one value: unbound first, then by lexical form (labels, IRIs and
    ISO dates order as their text)."""
    return (0, "") if value is None else (1, value)


def _number(value: str | None) -> tuple[int, int, str]:
    """ORDER BY on an xsd:integer (line numbers): numerically."""
    if value is None:
        return (0, 0, "")
    try:
        return (1, int(value), value)
    except ValueError:
        return (2, 0, value)


class _Graph:
    """The facts as lookups: the values of a node's attribute, the assignments of a unit."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.nodes = facts.nodes
        for table in (facts.assignments, facts.duties):  # they are nodes too (labels, documents …)
            for subject, props in table.items():
                self.nodes.setdefault(subject, props)
        self.by_unit: dict[str, list[str]] = {}
        for subject, props in sorted(facts.assignments.items()):
            for unit in props["unit"]:
                self.by_unit.setdefault(unit, []).append(subject)
        # gg:unit also names duties: the leader query's "assignments of the unit" include them
        # before its FILTER (BOUND(?task)) drops them; they never pass it, so they are left out.

    def values(self, node: str | None, attribute: str) -> list[str]:
        if node is None:
            return []
        return self.nodes.get(node, {}).get(attribute, [])

    def path(self, nodes: Iterable[str], *attributes: str) -> list[str]:
        """A property path (``a/b/c``): every value reached, with repeats (bag semantics)."""
        current = list(nodes)
        for attribute in attributes:
            current = [v for n in current for v in self.values(n, attribute)]
        return current


Cells = dict[str, Any]
Step = tuple[str, Callable[[Cells], Sequence[str | None]]]


def _optional(values: Sequence[str]) -> Sequence[str | None]:
    """An OPTIONAL part: its values, or one unbound value."""
    return values if values else (None,)


def _solutions(steps: Sequence[Step], start: Cells) -> list[Cells]:
    """The solutions of a basic graph pattern, one variable at a time: each step gives the values
    of its variable in a solution so far (several values multiply the solutions, none drops it),
    as SPARQL joins repeated values."""
    solutions = [start]
    for column, values_of in steps:
        grown: list[Cells] = []
        for solution in solutions:
            values = values_of(solution)
            if len(values) == 1:
                solution[column] = values[0]
                grown.append(solution)
            else:
                grown.extend({**solution, column: v} for v in values)
        solutions = grown
        if not solutions:
            break
    return solutions


class _Supervision:
    """Every ``gg:supervises`` duty with ISO dates, by unit: the supervision OPTIONAL of the
    named queries (a duty valid on the document's date: since <= date < until).

    Per unit, the dates where the set of valid duties changes cut time into intervals, each with
    its valid duties in (leader_name, duty, title) order, so a date finds its duties by bisection.
    """

    def __init__(self, g: _Graph) -> None:
        by_unit: dict[str, list[tuple[str, str | None, tuple[str, str, str], Cells]]] = {}
        for duty, props in g.facts.duties.items():
            if _SUPERVISES not in props.get("relation", ()):
                continue
            steps: list[Step] = [
                ("unit", lambda s: s["p"].get("unit", ())),
                ("leader", lambda s: s["p"].get("leader", ())),
                ("title", lambda s: g.path(s["p"].get("post", ()), "org_role", "label")),
                ("since", lambda s: s["p"].get("from", ())),
                ("notice", lambda s: s["p"].get("doc", ())),
                ("duty_line", lambda s: s["p"].get("line", ())),
                ("duty_gazette", lambda s: g.path(s["p"].get("prov", ()), "ident")),
                ("leader_name", lambda s: g.values(s["leader"], "label")),
                ("notice_label", lambda s: g.values(s["notice"], "label")),
                ("until", lambda s: _optional(s["p"].get("until", ()))),
            ]
            for cells in _solutions(steps, {"p": props, "duty": duty}):
                since, until = cells["since"], cells["until"]
                if not _ISO_RE.match(since) or (until is not None and not _ISO_RE.match(until)):
                    continue
                order = (cells["leader_name"], duty, cells["title"])
                by_unit.setdefault(cells["unit"], []).append((since, until, order, cells))
        self.cuts: dict[str, tuple[list[str], list[list[Cells]]]] = {}
        for unit, duties in by_unit.items():
            points = sorted({d[0] for d in duties} | {d[1] for d in duties if d[1] is not None})
            starts: dict[str, list[int]] = {}
            ends: dict[str, list[int]] = {}
            for k, (since, until, _, _) in enumerate(duties):
                starts.setdefault(since, []).append(k)
                if until is not None:
                    ends.setdefault(until, []).append(k)
            # interval i is [points[i], points[i + 1]): the duties valid there
            valid: list[list[Cells]] = []
            active: set[int] = set()
            for point in points:
                active.difference_update(ends.get(point, ()))
                active.update(
                    k for k in starts.get(point, ()) if duties[k][1] is None or duties[k][1] > point
                )
                valid.append([duties[k][3] for k in sorted(active, key=lambda k: duties[k][2])])
            self.cuts[unit] = (points, valid)

    def at(self, unit: str | None, date: str | None) -> list[Cells]:
        found = self.cuts.get(unit or "")
        if found is None or not date or not _ISO_RE.match(date):
            return []
        points, valid = found
        i = bisect.bisect_right(points, date) - 1
        return valid[i] if i >= 0 else []


_DUTY_COLUMNS = ("leader", "leader_name", "title", "notice", "notice_label", "duty_gazette", "duty_line")


def _supervised(
    base: list[tuple[Any, Cells]], columns: tuple[str, ...], unit_column: str, duties: _Supervision
) -> Iterator[Row]:
    """The base rows (sorted) each followed by the supervising duties valid on its date: the
    supervision OPTIONAL, in the order of the queries' ORDER BY (… ?leader_name ?duty)."""
    fill = frozenset(c for c in _DUTY_COLUMNS if c in columns)
    for _, cells in base:
        matches = duties.at(cells[unit_column], cells.get("date"))
        if not matches:
            yield tuple(cells.get(c) for c in columns)
        for duty in matches:
            yield tuple(duty[c] if c in fill else cells.get(c) for c in columns)


def _assignments(g: _Graph, subjects: Iterable[str], roles: frozenset[str] | None) -> Iterator[Cells]:
    """The pattern the task queries share (an assignment, its task, unit and document with their
    labels; the document's date and title optional), for the assignments ``subjects``; ``roles``
    filters ?role_term."""
    steps: list[Step] = [
        ("role_term", lambda s: [r for r in s["p"]["role"] if roles is None or r in roles]
         if "role" in s["p"] else ()),
        ("task", lambda s: s["p"]["task"]),
        ("unit", lambda s: s["p"]["unit"]),
        ("document", lambda s: s["p"].get("doc", ())),
        ("task_line", lambda s: s["p"].get("line", ())),
        ("task_gazette", lambda s: g.path(s["p"].get("prov", ()), "ident")),
        ("task_label", lambda s: g.values(s["task"], "label")),
        ("task_path", lambda s: g.values(s["task"], "path")),
        ("unit_name", lambda s: g.values(s["unit"], "label")),
        ("document_label", lambda s: g.values(s["document"], "label")),
        ("date", lambda s: _optional(g.values(s["document"], "date"))),
        ("document_title", lambda s: _optional(g.values(s["document"], "title"))),
    ]  # fmt: skip
    assignments = g.facts.assignments
    for a in subjects:
        yield from _solutions(steps, {"p": assignments[a], "assignment": a})


# Each query's rows are made one subject at a time, in the order of the subjects: the rows of a
# subject are the query's rows restricted to it, so sorting them by the query's whole ORDER BY
# key gives them in the query's order (Python's sort is stable: rows equal on the key keep the
# order they were made in, as in the query's).  Memory is that of the largest chain, not of
# every row of the query (×1000: 1.7 GB held the rows of one query before).
Chains = Iterator[tuple[str, list[Row]]]


def responsibility_chains(g: _Graph, duties: _Supervision) -> Chains:
    """(document, its ``responsibility_chain`` rows) by document."""
    columns = COLUMNS["responsibility_chain"]
    by_document: dict[str, list[str]] = {}
    for a, props in g.facts.assignments.items():
        for document in props.get("doc", ()):
            by_document.setdefault(document, []).append(a)
    roles = frozenset((_LEAD, _UNSPECIFIED))
    for document in sorted(by_document):
        base = []
        for cells in _assignments(g, by_document[document], roles):
            if cells["document"] != document:
                continue
            cells["role"] = "牵头" if cells["role_term"] == _LEAD else "责任"
            key = (
                _order(cells["date"]), _order(cells["document_label"]), _number(cells["task_line"]),
                _order(cells["task"]), _order(cells["role"]), _order(cells["unit_name"]),
                _order(cells["assignment"]),
            )  # fmt: skip
            base.append((key, cells))
        if base:
            base.sort(key=lambda kc: kc[0])
            yield document, list(_supervised(base, columns, "unit", duties))


def agency_tasks(g: _Graph, duties: _Supervision) -> Chains:
    """(agency, its ``agency_tasks`` rows) by agency."""
    columns = COLUMNS["agency_tasks"]
    for unit in sorted(g.by_unit):
        base = []
        for cells in _assignments(g, g.by_unit[unit], None):
            if cells["unit"] != unit:
                continue
            cells["role"] = _role(cells["role_term"])
            cells["agency"], cells["agency_name"] = cells["unit"], cells["unit_name"]
            key = (
                _order(cells["agency_name"]), _order(cells["agency"]), _order(cells["date"]),
                _order(cells["document_label"]), _number(cells["task_line"]), _order(cells["task"]),
                _order(cells["role"]), _order(cells["assignment"]),
            )  # fmt: skip
            base.append((key, cells))
        if base:
            base.sort(key=lambda kc: kc[0])
            yield unit, list(_supervised(base, columns, "agency", duties))


def _role(term: str | None) -> str | None:
    if term is None:
        return None
    return "牵头" if term == _LEAD else "配合" if term == _PARTICIPANT else "责任"


def _unit_tasks(g: _Graph, unit: str) -> tuple[list[str], list[tuple[Any, Row]]]:
    """The leader query's OPTIONAL group: every assignment of ``unit`` with its optional parts,
    those its FILTER can keep (a task and a date), by date: (dates, (the task's part of the
    ORDER BY key, the task's part of a row))."""
    steps: list[Step] = [
        ("date", lambda s: g.path(s["p"].get("doc", ()), "date")),
        ("task", lambda s: s["p"]["task"]),
        ("role_term", lambda s: _optional(s["p"].get("role", ()))),
        ("document", lambda s: _optional(s["p"].get("doc", ()))),
        ("document_label", lambda s: _optional(g.path(s["p"].get("doc", ()), "label"))),
        ("document_title", lambda s: _optional(g.path(s["p"].get("doc", ()), "title"))),
        ("task_label", lambda s: _optional(g.path(s["p"]["task"], "label"))),
        ("task_line", lambda s: _optional(s["p"].get("line", ()))),
        ("task_gazette", lambda s: _optional(g.path(s["p"].get("prov", ()), "ident"))),
    ]
    found = [
        cells
        for a in g.by_unit.get(unit, ())
        for cells in _solutions(steps, {"p": g.facts.assignments[a], "assignment": a})
    ]
    found.sort(key=lambda c: c["date"])
    tasks = []
    for cells in found:
        cells["role"] = _role(cells["role_term"])
        key = (
            _order(cells["date"]), _order(cells["document_label"]), _number(cells["task_line"]),
            _order(cells["assignment"]),
        )  # fmt: skip
        tasks.append((key, tuple(cells[c] for c in _TASK_COLUMNS)))
    return [c["date"] for c in found], tasks


# leader_agencies' columns: a duty's, then a task's (None when no task was valid then)
_HEAD_COLUMNS = COLUMNS["leader_agencies"][:12]
_TASK_COLUMNS = COLUMNS["leader_agencies"][12:]
_NO_TASK = ((_order(None), _order(None), _number(None), _order(None)), (None,) * len(_TASK_COLUMNS))


def _duty_heads(g: _Graph) -> list[tuple[str, Cells]]:
    """(duty, the duty columns of a ``leader_agencies`` row) for every solution of every duty."""
    steps: list[Step] = [
        ("leader", lambda s: s["p"].get("leader", ())),
        ("relation_term", lambda s: s["p"].get("relation", ())),
        ("agency", lambda s: s["p"].get("unit", ())),
        ("title", lambda s: g.path(s["p"].get("post", ()), "org_role", "label")),
        ("notice", lambda s: s["p"].get("doc", ())),
        ("duty_line", lambda s: s["p"].get("line", ())),
        ("duty_gazette", lambda s: g.path(s["p"].get("prov", ()), "ident")),
        ("leader_name", lambda s: g.values(s["leader"], "label")),
        ("agency_name", lambda s: g.values(s["agency"], "label")),
        ("notice_label", lambda s: g.values(s["notice"], "label")),
        ("valid_from", lambda s: _optional(s["p"].get("from", ()))),
        ("valid_until", lambda s: _optional(s["p"].get("until", ()))),
    ]
    heads = []
    for duty, props in g.facts.duties.items():
        for head in _solutions(steps, {"p": props}):
            del head["p"]
            head["relation"] = _RELATION_LABEL.get(head["relation_term"], "?")
            heads.append((duty, head))
    return heads


def leader_agencies(
    g: _Graph, heads: list[tuple[str, Cells]], column: str, tasks_of: dict[str, Any]
) -> Chains:
    """(value of ``column``: leader, agency or notice, its ``leader_agencies`` rows) by value.

    ``tasks_of``: the tasks of each unit by date (:func:`_unit_tasks`), filled as units come up
    and shared by the groupings by leader and by notice.  By agency, the duties of a chain are
    all on that agency: its tasks are made for its chain and let go after it, so that the largest
    chains (an agency's every duty and task) do not come on top of every unit's tasks."""
    by_subject: dict[str, list[int]] = {}
    for k, (_, head) in enumerate(heads):
        subject = head[column]
        if subject is not None:
            by_subject.setdefault(subject, []).append(k)
    no_task = [_NO_TASK]
    for subject in sorted(by_subject):
        keyed: list[tuple[Any, Row]] = []
        own_tasks = _unit_tasks(g, subject) if column == "agency" else None
        for k in by_subject[subject]:
            duty, head = heads[k]
            since, until, agency = head["valid_from"], head["valid_until"], head["agency"]
            matched: list[tuple[Any, Row]] = []
            if since is not None:
                if own_tasks is not None:
                    dates, tasks = own_tasks
                else:
                    if agency not in tasks_of:
                        tasks_of[agency] = _unit_tasks(g, agency)
                    dates, tasks = tasks_of[agency]
                lo = bisect.bisect_left(dates, since)
                hi = len(dates) if until is None else bisect.bisect_left(dates, until)
                matched = tasks[lo:hi]
            # The query's ORDER BY: the duty's part of the key, then the task's (a pair of
            # tuples orders as the two end to end); the row: the duty's columns, then the task's.
            head_key = (
                _order(head["leader_name"]), _order(head["leader"]), _order(since),
                _number(head["duty_line"]), _order(head["relation"]), _order(head["agency_name"]),
                _order(duty),
            )  # fmt: skip
            head_row = tuple(head[c] for c in _HEAD_COLUMNS)
            # FILTER inside the OPTIONAL: no task valid then is one row with the task columns unbound
            keyed.extend(
                ((head_key, task_key), head_row + task_row) for task_key, task_row in matched or no_task
            )
        keyed.sort(key=lambda kr: kr[0])
        rows = [row for _, row in keyed]
        del keyed, own_tasks
        yield subject, rows


def chains(facts: Facts, entries: Sequence[tuple[str, str]] = INDEXED) -> Iterator[tuple[str, str, Chains]]:
    """(query, indexed column, its chains one subject at a time) for each of ``entries`` (of
    :data:`INDEXED`)."""
    g = _Graph(facts)
    duties = _Supervision(g) if any(q != "leader_agencies" for q, _ in entries) else None
    heads = _duty_heads(g) if any(q == "leader_agencies" for q, _ in entries) else []
    tasks_of: dict[str, Any] = {}
    for query, column in entries:
        if query == "agency_tasks":
            yield query, column, agency_tasks(g, duties)  # type: ignore[arg-type]
        elif query == "responsibility_chain":
            yield query, column, responsibility_chains(g, duties)  # type: ignore[arg-type]
        else:
            yield query, column, leader_agencies(g, heads, column, tasks_of)


# ---------------------------------------------------------------------------------------------
# 3. The file


HALVES: tuple[tuple[tuple[str, str], ...], ...] = (
    (("agency_tasks", "agency"), ("responsibility_chain", "document")),
    # by agency first: its chains, the largest, are made before the tasks of every unit are kept
    (("leader_agencies", "agency"), ("leader_agencies", "leader"), ("leader_agencies", "notice")),
)
"""The entries of :data:`INDEXED` in two halves of about the same work (×300: 2.5 and 2.8 CPU-s),
joined by two tasks at once and merged (:func:`merge_indexes`): the index is the build's last
task, and two workers finish it in about half the time."""


def write_index(fact_files: Sequence[str | Path], target: str | Path, half: int | None = None) -> Path:
    """Write ``target`` (``chain.sqlite``) from the partitions' facts; only the entries of
    ``HALVES[half]`` when ``half`` is given (the names go with the first half).

    Written to a temporary file and renamed, so a reader never opens half an index.
    """
    facts = load_facts([Path(p) for p in fact_files], names=half in (None, 0))
    if half is None:
        return _write(facts, Path(target))
    return _write(facts, Path(target), HALVES[half])


def merge_indexes(halves: Sequence[str | Path], target: str | Path) -> Path:
    """``target``: the indexes written by :func:`write_index` for each half, in one file (the
    halves are consumed)."""
    first, *others = map(Path, halves)
    db = sqlite3.connect(first)
    try:
        for other in others:
            db.execute("ATTACH DATABASE ? AS half", (str(other),))
            db.execute("INSERT INTO chains SELECT * FROM half.chains")
            db.commit()
            db.execute("DETACH DATABASE half")
    finally:
        db.close()
    for other in others:
        other.unlink()
    os.replace(first, target)
    log.info("chain index %s written", target)
    return Path(target)


def write_chain_index(generation: str | Path) -> Path | None:
    """(Re)write ``chain.sqlite`` of a built output from its ``graph.nt`` (None: no graph)."""
    generation = Path(generation)
    nt = generation / "graph.nt"
    if not nt.is_file():
        return None
    with nt.open(encoding="utf-8") as fh:
        facts = partition_facts(fh)
    return _write(facts, index_path(generation))


def _write(facts: Facts, target: Path, entries: Sequence[tuple[str, str]] = INDEXED) -> Path:
    rows_of_names = sorted(set(facts.names))
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            CREATE TABLE names (name TEXT, kind TEXT, iri TEXT, label TEXT);
            CREATE TABLE columns (query TEXT PRIMARY KEY, columns TEXT, iri_columns TEXT) WITHOUT ROWID;
            CREATE TABLE chains (query TEXT, subject_column TEXT, subject TEXT, rows BLOB,
                                 PRIMARY KEY (query, subject_column, subject));
            """
        )
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", rows_of_names)
        del rows_of_names
        db.execute("CREATE INDEX names_by_name ON names (name, kind)")
        for query, columns in COLUMNS.items():
            db.execute("INSERT INTO columns VALUES (?, ?, ?)", (query, json.dumps(list(columns)), ""))
        for query, column, blocks in chains(facts, entries):
            iri_at = [i for i, c in enumerate(COLUMNS[query]) if c in _IRI_COLUMNS]
            db.executemany(
                "INSERT INTO chains VALUES (?, ?, ?, ?)",
                ((query, column, subject, _block(rows, iri_at)) for subject, rows in blocks),
            )
        db.commit()
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    db.close()
    os.replace(tmp, target)
    log.info("chain index %s written", target)
    return target


def _block(rows: list[Row], iri_at: list[int]) -> bytes:
    """A subject's rows and, per row, which of its cells are IRIs: compressed JSON."""
    iris = [[i for i in iri_at if row[i] is not None] for row in rows]
    # level 3: a third of the CPU of the default level for a third more bytes (×300: 0.56 s and
    # 13.6 MB against 1.43 s and 10.1 MB)
    packer = zlib.compressobj(3)
    # json.dumps((rows, iris)) a thousand rows at a time: the same text, without the whole of it
    # in memory at once (×1000: an agency's chain of 67,000 rows is 63 MB of JSON)
    out = [packer.compress(b"[[")]
    for values in (rows, iris):
        if values is iris:
            out.append(packer.compress(b"], ["))
        for start in range(0, len(values), _BLOCK_BATCH):
            text = json.dumps(values[start : start + _BLOCK_BATCH], ensure_ascii=False)[1:-1]
            out.append(packer.compress(((", " if start else "") + text).encode()))
    out.append(packer.compress(b"]]"))
    out.append(packer.flush())
    return b"".join(out)


_BLOCK_BATCH = 1000


__all__ = [
    "COLUMNS",
    "HALVES",
    "INDEXED",
    "INDEX_FILE",
    "SCHEMA_VERSION",
    "Facts",
    "chains",
    "index_path",
    "merge_indexes",
    "partition_facts",
    "write_chain_index",
    "write_index",
]
