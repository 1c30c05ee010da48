"""govgraph.namespace mirrors ontology/govgraph.ttl: every GG term is defined, labelled and used right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from govgraph import graph as graph_module
from govgraph.namespace import ELI, GG, ONTOLOGY_IRI, OWL, RDF, RDFS
from govgraph.resources import ontology_dir

GG_NS = ONTOLOGY_IRI + "#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "govgraph.ttl")


def code_terms() -> set[str]:
    return set(GG.__annotations__)


def ontology_terms(ontology: Graph) -> set[str]:
    return {
        str(s)[len(GG_NS) :]
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(GG_NS)
    }


def test_namespace_gg_terms_match_the_ontology_both_ways(ontology: Graph) -> None:
    assert code_terms() == ontology_terms(ontology)


def test_namespace_gg_is_closed() -> None:
    assert GG.supervises == URIRef(GG_NS + "supervises")
    with pytest.raises(AttributeError):
        _ = GG.supervise
    with pytest.raises(AttributeError):
        _ = ELI.repeal


@pytest.mark.parametrize("term", sorted(code_terms()))
def test_namespace_every_own_term_is_typed_and_labelled_in_chinese_and_english(
    ontology: Graph, term: str
) -> None:
    iri = GG[term]
    types = set(ontology.objects(iri, RDF.type))
    assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    for prop in (RDFS.label, RDFS.comment):
        languages = {o.language for o in ontology.objects(iri, prop) if isinstance(o, Literal)}
        assert {"zh", "en"} <= languages, (term, prop)


def test_namespace_every_gg_term_used_in_code_and_shapes_is_defined() -> None:
    source = Path(graph_module.__file__).read_text(encoding="utf-8")
    used_in_code = set(re.findall(r"\bGG\.(\w+)", source))
    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    used_in_shapes = {str(t)[len(GG_NS) :] for triple in shapes for t in triple if str(t).startswith(GG_NS)}
    assert used_in_code and used_in_shapes
    assert used_in_code <= code_terms()
    assert used_in_shapes <= code_terms()


def test_namespace_reused_vocabularies_come_from_rdflib() -> None:
    from rdflib.namespace import ORG as RDFLIB_ORG

    from govgraph.namespace import ORG

    assert ORG is RDFLIB_ORG
    assert str(ELI.LegalResource) == "http://data.europa.eu/eli/ontology#LegalResource"
