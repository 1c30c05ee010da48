"""Answers from a built output: SPARQL (:mod:`.sparql`), responsibility chains (:mod:`.chain`,
:mod:`.chain_index`) and the bounded SPARQL endpoint with the explorer (:mod:`.serve`).

The public names of :mod:`govgraph.query.sparql` are re-exported here (``from govgraph.query
import run_query``); chains are ``from govgraph.query.chain import chain, lookup``.
"""

from __future__ import annotations

from govgraph.query.sparql import (
    ENGINES,
    FORMATS,
    GRAPH_FILE,
    NamedQuery,
    QueryResult,
    Term,
    as_term,
    bind_values,
    format_csv,
    format_json,
    format_result,
    format_table,
    inline_constants,
    iri,
    literal,
    load_query,
    named_queries,
    named_query,
    resolve_engine,
    run_query,
    select,
    sparql_term,
)

__all__ = [
    "ENGINES",
    "FORMATS",
    "GRAPH_FILE",
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
