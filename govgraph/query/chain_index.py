"""The chain index: every responsibility chain of a build, answered once at build time.

``govgraph chain`` answers from SPARQL in tens to hundreds of milliseconds on a large store, most
of it spent outside the answer (the supervising duties of the whole graph, the registry, opening
RocksDB).  The build therefore runs the chain queries once over the whole graph and writes their
rows, grouped by the thing they are the chain of, to ``chain.sqlite`` in the build's generation:

* ``names``  every name a reader may type for a subject: document numbers (normalised), document
  titles, people's names, agencies' preferred and alternative labels → (kind, IRI, label);
* ``chains`` the rows of ``agency_tasks`` per agency, ``leader_agencies`` per leader, per agency
  and per notice, and ``responsibility_chain`` per document — each row being a task, its lead
  unit, the supervising duty valid on the document's date, the leader and the post's title —
  in the named queries' own order, one compressed JSON block per subject;
* ``columns`` each query's column names.

A chain then costs one indexed lookup of the name and one read of its block: the size of
the answer, not of the corpus.  :func:`govgraph.query.chain.chain` uses the index when the build
has one and gives the same :class:`~govgraph.query.chain.ChainResult` as the SPARQL path (the
tests compare them).  SQLite is in the standard library and opens in microseconds.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from govgraph.query.sparql import QueryResult

log = logging.getLogger(__name__)

INDEX_FILE = "chain.sqlite"
SCHEMA_VERSION = 2

# (named query, the column whose value a row is the chain of)
INDEXED: tuple[tuple[str, str], ...] = (
    ("agency_tasks", "agency"),
    ("leader_agencies", "leader"),
    ("leader_agencies", "agency"),
    ("leader_agencies", "notice"),
    ("responsibility_chain", "document"),
)


def index_path(generation: str | Path) -> Path:
    return Path(generation) / INDEX_FILE


def write_chain_index(generation: str | Path) -> Path | None:
    """Write ``chain.sqlite`` for the build in ``generation`` from its ``store/`` (None: no store).

    Written to a temporary file and renamed, so a reader never opens half an index.
    """
    from govgraph.query.chain import NAME_QUERIES, full_rows
    from govgraph.store import ROCKSDB_MARKER, STORE_DIRNAME

    generation = Path(generation)
    if not (generation / STORE_DIRNAME / ROCKSDB_MARKER).is_file():
        return None
    target = index_path(generation)
    tmp = target.with_name(f".{INDEX_FILE}.{os.getpid()}.tmp")
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
        for kind, query in NAME_QUERIES.items():
            db.executemany(
                "INSERT INTO names VALUES (?, ?, ?, ?)",
                ((name, kind, subject, label) for name, subject, label in _name_rows(generation, query)),
            )
        db.execute("CREATE INDEX names_by_name ON names (name, kind)")
        done: dict[str, QueryResult] = {}
        for query, column in INDEXED:
            result = done.get(query) or full_rows(generation, query)
            done[query] = result
            db.execute(
                "INSERT OR REPLACE INTO columns VALUES (?, ?, ?)", (query, json.dumps(result.columns), "")
            )
            at = result.columns.index(column)
            grouped: dict[str, tuple[list[Any], list[list[int]]]] = {}
            for r, row in enumerate(result.rows):
                subject = row[at]
                if subject is None:
                    continue
                rows, iris = grouped.setdefault(subject, ([], []))
                iris.append([c for c in range(len(row)) if (r, c) in result.iris])
                rows.append(row)
            db.executemany(
                "INSERT INTO chains VALUES (?, ?, ?, ?)",
                (
                    (query, column, subject, zlib.compress(json.dumps(data, ensure_ascii=False).encode()))
                    for subject, data in sorted(grouped.items())
                ),
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


def _name_rows(generation: Path, query: str) -> Iterable[tuple[str, str, str]]:
    from govgraph.query.sparql import select

    for r in select(generation, query, engine="store").records():
        if r["key"] and r["subject"]:
            yield r["key"], r["subject"], r.get("label") or r["key"]


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


__all__ = ["INDEX_FILE", "ChainIndex", "index_path", "write_chain_index"]
