"""JSON-LD in compact form: short keys for JSON-LD consumers, the same triples.

pyoxigraph writes JSON-LD in expanded form (every key a full IRI).  :func:`compact` turns that
document into ``{"@context": {...}, "@graph": [...]}`` whose context declares govgraph's prefixes
(``gg:``, ``org:``, ``skos:``, …, and ``id:`` for govgraph's own entities), so keys, ``@id`` and
``@type`` values read ``skos:prefLabel``, ``id:agency/…``, ``org:Organization``.  Only compact
IRIs are introduced (no term definitions, no value coercion), so expanding the result gives
exactly the expanded input — the export test parses it back with rdflib and compares triples.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _shortener(prefixes: Mapping[str, str]) -> Any:
    # longest namespace first, so that a namespace inside another is used when it applies
    ordered = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    known: dict[str, str] = {}  # the same IRIs come back on every node

    def shorten(iri: str) -> str:
        for prefix, namespace in ordered:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                rest = iri[len(namespace) :]
                if not rest.startswith("//"):  # "p://…" would read as an absolute IRI
                    return f"{prefix}:{rest}"
        return iri

    def short(iri: str) -> str:
        found = known.get(iri)
        if found is None:
            found = known[iri] = shorten(iri)
        return found

    return short


def compact(expanded: list[dict[str, Any]], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The compact form of an expanded JSON-LD document (a list of node objects)."""
    short = _shortener(prefixes)

    def value(v: Any) -> Any:
        if not isinstance(v, dict):
            return v
        out = {}
        for key, item in v.items():
            if key == "@id" or (key == "@type" and "@value" in v):
                out[key] = short(item)
            else:
                out[key] = item
        return out

    graph = []
    for node in expanded:
        out: dict[str, Any] = {}
        for key, items in node.items():
            if key == "@id":
                out["@id"] = short(items)
            elif key == "@type":
                out["@type"] = [short(t) for t in items]
            elif key == RDF_TYPE and all(isinstance(i, dict) and set(i) == {"@id"} for i in items):
                out["@type"] = [short(i["@id"]) for i in items]
            else:
                out[short(key)] = [value(i) for i in items]
        graph.append(out)
    return {"@context": dict(sorted(prefixes.items())), "@graph": graph}


__all__ = ["compact"]
