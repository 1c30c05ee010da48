"""The served explorer: the graph page, empty at first, filled by SPARQL requests to the bounded
endpoint of ``govgraph serve`` (``/query``), so it opens as fast over a ×1000 store as over the
demo and every view costs the size of what it shows.

The page sends the queries of ``govgraph/viz/static/queries/*.rq``, filled in the browser the way
:func:`fill` fills them here (the benchmark times the same texts):

* ``search``   named things whose name, alias or document number contains the text typed;
* ``suggest``  did-you-mean: names sharing most character pairs with a text nothing contains;
* ``node``     a node's types and literal properties (names, dates, jurisdiction, …);
* ``facts``    the statements linking a node to other named things (assignments, duties,
               appointments), with gazette, page, line, sentence and date;
* ``links``    its direct links (sub-organisation, sub-task, document, references) — with
               ``facts``, the inspection panel and the "expand" buttons;
* ``counts``   how many facts of each relation link a node (the panel's "300 of 1,751");
* ``chain``    a task → its lead units and its document's date, then ``duties``: the duty
               supervising each unit on that date → leader and title.

The explorer's filters — relations, node kinds, a document, an "as of" date — are applied by the
server: lines of ``facts``, ``counts``, ``links`` and ``search`` tagged ``#RELATIONS``, ``#TYPES``,
``#DOCUMENT`` or ``#ASOF`` become part of the query when that filter is set (:func:`fill`), so a
node with thousands of facts shows every one the filters keep, not the first few hundred.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from govgraph.errors import QueryError

QUERIES_DIR = Path(__file__).resolve().parent / "static" / "queries"
QUERY_NAMES = ("search", "suggest", "node", "facts", "counts", "links", "chain", "duties")
FILTERS = ("RELATIONS", "TYPES", "DOCUMENT", "ASOF")
_TAGGED_RE = re.compile(r"^([ \t]*)#(RELATIONS|TYPES|DOCUMENT|ASOF) (.*)$", re.M)
_IRI_RE = re.compile(r"^[^\x00-\x20<>\"{}|\\^`]+$")


@cache
def explorer_queries() -> dict[str, str]:
    """Each explorer query's text, prefixes included, with its ``$`` placeholders."""
    prefixes = (QUERIES_DIR / "prefixes.rq").read_text(encoding="utf-8")
    return {name: prefixes + (QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8") for name in QUERY_NAMES}


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal (the page's ``literal()`` does the same)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def pairs(text: str) -> list[str]:
    """The character pairs of ``text`` (one character alone when it is all there is)."""
    return sorted({text[i : i + 2] for i in range(len(text) - 1)}) or ([text] if text else [])


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iri(text: str) -> str:
    if not _IRI_RE.match(text):
        raise QueryError(f"not an IRI: {text!r}")
    return f"<{text}>"


def _date(text: str) -> str:
    if not _DATE_RE.match(text):
        raise QueryError(f"not a date: {text!r}")
    return f'"{text}"^^<http://www.w3.org/2001/XMLSchema#date>'


def _term(text: str) -> str:
    """A relation as the graph states it: an IRI, or a literal (an appointment's action)."""
    return _iri(text) if "://" in text else sparql_string(text)


def fill(
    template: str,
    *,
    q: str | None = None,
    node: str | None = None,
    date: str | None = None,
    limit: int = 50,
    relations: list[str] | None = None,
    types: list[str] | None = None,
    document: str | None = None,
    asof: str | None = None,
) -> str:
    """``template`` with ``$Q`` (the text typed), ``$NODE`` (an IRI), ``$DATE`` (an xsd:date),
    ``$LIMIT``, and for ``suggest`` ``$HITS`` / ``$NQ`` (the character pairs of the text).

    Filters (None: not set): ``relations`` the relation terms kept (IRIs, or the literals of an
    appointment's action), ``types`` the node types kept, ``document`` a document's IRI, ``asof``
    an xsd:date; each makes the template's lines tagged with its name part of the query."""
    values = {
        "RELATIONS": None if relations is None else ", ".join(_term(r) for r in relations),
        "TYPES": None if types is None else ", ".join(_iri(t) for t in types),
        "DOCUMENT": None if document is None else _iri(document),
        "ASOF": None if asof is None else _date(asof),
    }
    out = _TAGGED_RE.sub(
        lambda m: m.group(1) + m.group(3) if values[m.group(2)] is not None else m.group(0), template
    )
    for name in FILTERS:
        if values[name] is not None:
            out = out.replace(f"${name}", values[name])  # type: ignore[arg-type]
    out = out.replace("$LIMIT", str(int(limit)))
    if date is not None:
        out = out.replace("$DATE", _date(date))
    if node is not None:
        out = out.replace("$NODE", _iri(node))
    if q is not None:
        text = q.strip()
        grams = pairs(text)
        hits = " + ".join(f"IF(CONTAINS(?name, {sparql_string(g)}), 1, 0)" for g in grams) or "0"
        out = out.replace("$HITS", hits).replace("$NQ", str(len(grams))).replace("$Q", sparql_string(text))
    return out


GG = "https://w3id.org/govgraph/ontology#"
ORG = "http://www.w3.org/ns/org#"
ELI = "http://data.europa.eu/eli/ontology#"
RELATION_OF: dict[str, str] = {
    # what the page calls a relation (the static page's networkx relation names), by RDF term
    f"{GG}Lead": "leads",
    f"{GG}Participant": "participates",
    f"{GG}Unspecified": "assigned",
    f"{GG}supervises": "supervises",
    f"{GG}assistsSupervising": "assists",
    f"{GG}liaisesWith": "liaises",
    f"{GG}directs": "directs",
    "appoint": "appointed",
    "remove": "removed",
    f"{ORG}holds": "holds",
    f"{ORG}postIn": "post_in",
    f"{ORG}subOrganizationOf": "sub_organization_of",
    f"{GG}subTaskOf": "subtask_of",
    f"{GG}inDocument": "in_document",
    f"{GG}issues": "issues",
    f"{ELI}repeals": "repeals",
    f"{ELI}based_on": "based_on",
    f"{ELI}cites": "cites",
    f"{ELI}amends": "amends",
}
KIND_OF: dict[str, str] = {
    f"{ORG}Organization": "agency",
    f"{GG}CollectiveActor": "collective",
    "http://xmlns.com/foaf/0.1/Person": "person",
    f"{ELI}LegalResource": "document",
    f"{ORG}Post": "post",
    f"{GG}Task": "task",
    f"{GG}ClauseTask": "clause",
}


def render_explorer(
    query_url: str = "query", title: str = "govgraph explorer", source_base: str | None = None
) -> str:
    """The explorer page for a server whose SPARQL endpoint is ``query_url``; ``source_base``:
    where the server shows a gazette's text (``source/NAME#L12``), if it does."""
    from govgraph.viz.page import served_page

    return served_page(
        title,
        {
            "queryUrl": query_url,
            "sourceBase": source_base,
            "queries": explorer_queries(),
            "relationOf": RELATION_OF,
            "kindOf": KIND_OF,
        },
    )


__all__ = ["FILTERS", "QUERY_NAMES", "explorer_queries", "fill", "pairs", "render_explorer", "sparql_string"]
