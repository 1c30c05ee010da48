"""graph.jsonld is compact JSON-LD: a @context with govgraph's prefixes, short keys, same triples."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from govgraph.jsonld import compact


def test_demo_jsonld_has_a_context_and_short_keys(demo_out: Path) -> None:
    from govgraph.build import current

    generation = current(demo_out)
    document = json.loads((generation / "graph.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    assert document["@context"]["id"] == "https://w3id.org/govgraph/id/"
    agency = next(n for n in document["@graph"] if "org:Organization" in n.get("@type", []))
    assert agency["@id"].startswith("id:agency/") and "skos:prefLabel" in agency
    assert not any(key.startswith("http") for node in document["@graph"] for key in node)
    parsed = Graph().parse(generation / "graph.jsonld", format="json-ld")
    assert set(parsed) == set(Graph().parse(generation / "graph.nt", format="nt"))


def test_compact_keeps_what_no_prefix_covers() -> None:
    expanded = [
        {
            "@id": "http://example.org/x",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": [
                {"@id": "https://w3id.org/govgraph/ontology#Task"}
            ],
            "https://w3id.org/govgraph/ontology#sourceLine": [
                {"@type": "http://www.w3.org/2001/XMLSchema#integer", "@value": "3"}
            ],
        }
    ]
    prefixes = {"gg": "https://w3id.org/govgraph/ontology#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
    assert compact(expanded, prefixes)["@graph"] == [
        {
            "@id": "http://example.org/x",
            "@type": ["gg:Task"],
            "gg:sourceLine": [{"@type": "xsd:integer", "@value": "3"}],
        }
    ]
