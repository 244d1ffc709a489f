"""Materialisation: implementation chains, partOf transitivity, inverses, engines agree, clashes detected."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import OWL, RDF, RDFS

from mandategraph.graph.reason import inconsistencies, is_consistent, materialise
from mandategraph.graph.vocab import ELI, MG

ID = Namespace("https://w3id.org/mandategraph/id/")
ENGINES = ("owlrl", "rules")

DATA = """
@base <https://w3id.org/mandategraph/id/> .
@prefix mg: <https://w3id.org/mandategraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<doc/a> a mg:Document, mg:ActionProgramme ; mg:implements <doc/b> ; mg:issuedBy <body/tu> ; mg:loadedFrom <source/f> .
<doc/b> a mg:Document, mg:Conclusion ; mg:implements <doc/c> .
<doc/c> a mg:Document, mg:Resolution ; mg:basedOn <doc/d> .
<doc/d> a mg:Document .
<body/tu> a mg:Agency .
<source/f> a mg:SourceFile .
<doc/a/p/II> a mg:Provision ; mg:inDocument <doc/a> ; mg:partOf <doc/a> .
<doc/a/p/II/1> a mg:Provision, mg:Task ; mg:inDocument <doc/a> ; mg:partOf <doc/a/p/II> ;
    mg:leadAgency <body/so> ; mg:hasAssignment <doc/a/p/II/1/a/lead/so> .
<doc/a/p/II/1/a> a mg:Provision, mg:Scheme ; mg:inDocument <doc/a> ; mg:partOf <doc/a/p/II/1> .
<doc/a/p/II/1/a/lead/so> a mg:Assignment ; mg:onTask <doc/a/p/II/1> ; mg:agency <body/so> ; mg:role <role/lead> .
"""


@pytest.fixture(scope="module")
def data() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


@pytest.fixture(scope="module", params=ENGINES)
def inferred(request, data) -> Graph:
    return materialise(data, engine=request.param)


def test_task_contributes_to_everything_its_document_implements_through_any_chain(inferred):
    task = ID["doc/a/p/II/1"]
    assert set(inferred.objects(task, MG.contributesTo)) == {ID["doc/b"], ID["doc/c"]}  # not doc/d: basedOn


def test_part_of_is_transitive_and_has_an_inverse(inferred):
    leaf = ID["doc/a/p/II/1/a"]
    assert (leaf, MG.partOf, ID["doc/a/p/II"]) in inferred
    assert (leaf, MG.partOf, ID["doc/a"]) in inferred
    assert (ID["doc/a"], MG.hasPart, leaf) in inferred


def test_inverses_and_alignments(inferred):
    assert (ID["doc/b"], MG.implementedBy, ID["doc/a"]) in inferred
    assert (ID["doc/d"], MG.basisFor, ID["doc/c"]) in inferred
    assert (ID["doc/a"], ELI.ensures_implementation_of, ID["doc/b"]) in inferred
    assert (ID["doc/a"], ELI.passed_by, ID["body/tu"]) in inferred
    assert (ID["doc/a"], RDF.type, ELI.LegalResource) in inferred
    assert (ID["doc/a/p/II/1/a"], RDF.type, MG.Task) in inferred  # Scheme ⊑ Task
    assert (ID["body/so"], RDF.type, MG.Agency) in inferred  # range of mg:leadAgency
    assert (ID["doc/a/p/II/1"], MG.assignedAgency, ID["body/so"]) in inferred


def test_only_new_non_trivial_triples_are_returned(data, inferred):
    assert not any(t in data for t in inferred)
    for s, p, o in inferred:
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))
        assert p not in (RDFS.subClassOf, RDFS.subPropertyOf)
        assert not str(s).startswith(str(MG))  # nothing about the ontology's own terms


def test_both_engines_give_the_same_inferences(data):
    owl = materialise(data, engine="owlrl")
    rules = materialise(data, engine="rules")
    assert set(owl) == set(rules)
    assert len(owl) > 30


def test_consistent_data(data):
    for engine in ENGINES:
        assert is_consistent(data, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_disjointness_clash_is_inconsistent(data, engine):
    bad = Graph()
    for t in data:
        bad.add(t)
    bad.add((ID["body/tu"], RDF.type, MG.Document))  # an agency that is also a document
    assert not is_consistent(bad, engine=engine)
    assert any("body/tu" in m for m in inconsistencies(bad, engine=engine))


def test_unknown_engine(data):
    with pytest.raises(ValueError):
        materialise(data, engine="magic")


@pytest.fixture(scope="module")
def samples_graph():
    from pathlib import Path

    from mandategraph.graph.emit import emit_triples
    from mandategraph.loaders import parse_file

    g = Graph()
    for f in sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt")):
        g += emit_triples(parse_file(f)).to_graph()
    return g


def test_samples_closure_is_consistent_and_engines_agree(samples_graph):
    """owlrl (the reference) and the SPARQL rules give the same inferences on the five samples."""
    reference = materialise(samples_graph, engine="owlrl")
    rules = materialise(samples_graph, engine="rules")
    assert len(reference) > 1000
    assert set(reference) == set(rules)
    assert is_consistent(samples_graph, engine="rules")  # same rules as owlrl, as asserted above
