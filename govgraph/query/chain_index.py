"""Reading the chain index (``chain.sqlite``) that the build writes.

The build joins every responsibility chain of the graph once, from its triples, and stores the
rows grouped by the thing they are the chain of (:mod:`govgraph.build.chain_index`): ``names``
(every name a reader may type → kind, IRI, label), ``chains`` (the rows of ``agency_tasks`` per
agency, ``leader_agencies`` per leader, agency and notice, ``responsibility_chain`` per document,
one compressed JSON block per subject) and ``columns``.  A chain then costs one indexed lookup of
the name and one read of its block: the size of the answer, not of the corpus.
:func:`govgraph.query.chain.chain` uses the index when the build has one and gives the same
:class:`~govgraph.query.chain.ChainResult` as the SPARQL path (the tests compare them).  SQLite is
in the standard library and opens in microseconds.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import zlib
from pathlib import Path

from govgraph.build.chain_index import INDEX_FILE, SCHEMA_VERSION, index_path
from govgraph.query.sparql import QueryResult

log = logging.getLogger(__name__)


class ChainIndex:
    """A read-only view of a build's ``chain.sqlite``."""

    def __init__(self, path: Path) -> None:
        # immutable=1: the file never changes once renamed in (a new build writes a new generation)
        self.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)

    @classmethod
    def open(cls, generation: str | Path) -> ChainIndex | None:
        """The index of the build in ``generation``; None when it has none (or an older kind)."""
        path = index_path(generation)
        if not path.is_file():
            return None
        index = cls(path)
        try:
            found = index.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.Error:
            found = None
        if found is None or found[0] != str(SCHEMA_VERSION):
            log.info("%s: not a chain index of this version; answering with SPARQL", path)
            index.db.close()
            return None
        return index

    def names(self, name: str, kind: str) -> list[tuple[str, str]]:
        """(IRI, label) of the subjects of ``kind`` called ``name``, sorted."""
        rows = self.db.execute(
            "SELECT DISTINCT iri, label FROM names WHERE name = ? AND kind = ? ORDER BY iri, label",
            (name, kind),
        ).fetchall()
        return [(iri, label) for iri, label in rows]

    def result(self, query: str, column: str, subject: str) -> QueryResult:
        """The rows of ``query`` whose ``column`` is ``subject``, in the query's order."""
        (columns,) = self.db.execute("SELECT columns FROM columns WHERE query = ?", (query,)).fetchone()
        found = self.db.execute(
            "SELECT rows FROM chains WHERE query = ? AND subject_column = ? AND subject = ?",
            (query, column, subject),
        ).fetchone()
        rows, iri_columns = json.loads(zlib.decompress(found[0])) if found else ([], [])
        rows = [tuple(row) for row in rows]
        iris = {(r, c) for r, cs in enumerate(iri_columns) for c in cs}
        return QueryResult(tuple(json.loads(columns)), tuple(rows), "index", frozenset(iris))


__all__ = ["INDEX_FILE", "ChainIndex", "index_path"]
