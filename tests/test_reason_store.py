"""In-store materialisation (materialise_store) against the reference (owlrl's materialise) on the
five samples and on 20 synthetic documents; idempotence, the incomplete marker, hand-checked
inferences, and a load after reasoning dropping the stale inferred graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from mandategraph.graph.load import load_paths
from mandategraph.graph.reason import (
    INCOMPLETE_MARKER,
    inconsistencies,
    inconsistencies_store,
    inferred_is_complete,
    materialise,
    materialise_store,
)
from mandategraph.graph.store import GraphStore
from mandategraph.graph.vocab import ELI, ID, INFERRED_GRAPH, MG

ROOT = Path(__file__).resolve().parent.parent
DOC_161 = ID["doc/161-qd-ubnd/son-la/2025"]
TASK_11 = URIRef(str(DOC_161) + "/p/Dieu-1/II/1/1.1")


def inferred_graph(store: GraphStore) -> Graph:
    nt = store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(INFERRED_GRAPH))
    return Graph().parse(data=nt, format="nt")


@pytest.fixture(scope="module")
def samples_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("reason-samples") / "store"
    with GraphStore(path) as s:
        report = load_paths(s, [ROOT / "examples"], jobs=1)
        assert len(report.loaded) == 5 and not report.failed
    return path


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("reason-corpus")
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--docs", "20", "--seed", "7",
                    "--out", str(corpus)], check=True, capture_output=True)
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md"))
    assert len(files) == 20
    path = tmp_path_factory.mktemp("reason-synthetic") / "store"
    with GraphStore(path) as s:
        report = load_paths(s, files, jobs=1)
        assert len(report.loaded) == 20 and not report.failed
    return path


@pytest.mark.parametrize("which", ["samples_store", "synthetic_store"])
def test_store_closure_equals_owlrl(request, which):
    with GraphStore(request.getfixturevalue(which)) as s:
        n = materialise_store(s)
        got = inferred_graph(s)
        reference = materialise(s.union_graph(), engine="owlrl")
    assert n == len(got)
    assert len(reference) > 1000
    assert set(got) == set(reference)


def test_rerun_is_idempotent(samples_store):
    with GraphStore(samples_store) as s:
        first = materialise_store(s)
        before = set(inferred_graph(s))
        assert materialise_store(s) == first
        assert set(inferred_graph(s)) == before
        assert inferred_is_complete(s)


def test_a_half_built_closure_is_marked_and_rebuilt(samples_store):
    with GraphStore(samples_store) as s:
        n = materialise_store(s)
        before = set(inferred_graph(s))
        marker = ox.Quad(*(ox.NamedNode(t) for t in INCOMPLETE_MARKER[:2]), ox.Literal(INCOMPLETE_MARKER[2]),
                         ox.NamedNode(INCOMPLETE_MARKER[0]))
        s.ox.add(marker)  # what a run killed half-way leaves behind
        s.ox.remove(next(iter(s.ox.quads_for_pattern(ox.NamedNode(str(TASK_11)), None, None, ox.NamedNode(INFERRED_GRAPH)))))
        assert not inferred_is_complete(s)
        assert materialise_store(s) == n
        assert inferred_is_complete(s)
        assert set(inferred_graph(s)) == before


def test_hand_checked_inferences(samples_store):
    with GraphStore(samples_store) as s:
        materialise_store(s)
        g = inferred_graph(s)
        asserted = s.union_graph()
    assert (TASK_11, RDF.type, MG.Task) in asserted
    # Task ⊑ Provision ⊑ eli:LegalResourceSubdivision ⊑ eli:LegalResource
    assert (TASK_11, RDF.type, ELI.LegalResourceSubdivision) in g
    assert (TASK_11, RDF.type, ELI.LegalResource) in g
    # mg:inDocument ⊑ mg:partOf; mg:hasPart is its inverse; mg:partOf ⊑ eli:is_part_of
    assert (TASK_11, MG.partOf, DOC_161) in g
    assert (DOC_161, MG.hasPart, TASK_11) in g
    assert (TASK_11, ELI.is_part_of, DOC_161) in g
    # the property chain: the task contributes to what its document implements, transitively
    implemented = set(asserted.objects(DOC_161, MG.implements))
    assert implemented and implemented <= set(g.objects(TASK_11, MG.contributesTo))
    # inverse: every implemented document is mg:implementedBy the decision
    for d in implemented:
        assert (d, MG.implementedBy, DOC_161) in g
    # nothing asserted, nothing about the ontology's own terms
    assert not any(t in asserted for t in g)
    assert not any(str(s).startswith(str(MG)) for s in g.subjects())


def test_inconsistencies_in_store_agree(samples_store):
    with GraphStore(samples_store) as s:
        materialise_store(s)
        assert inconsistencies_store(s) == inconsistencies(s.union_graph(), engine="rules") == []
        agency = next(iter(s.union_graph().subjects(RDF.type, MG.Agency)))
        s.ox.add(ox.Quad(ox.NamedNode(str(agency)), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(MG.Decision)),
                         ox.NamedNode("https://w3id.org/mandategraph/graph/union")))
        try:
            materialise_store(s)  # Decision ⊑ Document, disjoint with Agency
            msgs = inconsistencies_store(s)
            assert any(str(agency) in m and str(MG.Document) in m for m in msgs)
            assert msgs == inconsistencies(s.union_graph(), engine="rules")
        finally:
            s.ox.remove(ox.Quad(ox.NamedNode(str(agency)), ox.NamedNode(str(RDF.type)),
                                ox.NamedNode(str(MG.Decision)), ox.NamedNode("https://w3id.org/mandategraph/graph/union")))


def test_a_load_after_reasoning_drops_the_stale_inferred_graph(samples_store, tmp_path):
    with GraphStore(samples_store) as s:
        materialise_store(s)
        assert INFERRED_GRAPH in s.named_graphs()
        changed = tmp_path / "002_9bda8510e97b7cbd.txt"
        changed.write_text((ROOT / "examples" / changed.name).read_text(encoding="utf-8") + "\n", encoding="utf-8")
        report = load_paths(s, [changed], jobs=1)
        assert report.loaded and report.dropped_inferred
        assert INFERRED_GRAPH not in s.named_graphs()
        assert not inferred_is_complete(s)
        load_paths(s, [ROOT / "examples" / changed.name], jobs=1)  # back as it was for other tests


TRICKY_ONTOLOGY = """
@prefix : <http://example.org/o#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:p rdfs:subPropertyOf :q . :q rdfs:subPropertyOf :p .          # a cycle of subproperties
:q rdfs:subPropertyOf :r . :r a owl:TransitiveProperty .
:s owl:inverseOf :r . :s rdfs:subPropertyOf :t .
:u owl:propertyChainAxiom ( :t :p ) . :u owl:propertyChainAxiom ( :u :u ) .
:r rdfs:domain :A . :t rdfs:range :B . :A rdfs:subClassOf :C . :B rdfs:subClassOf :C . :C rdfs:subClassOf :D .
"""
TRICKY_DATA = """
@prefix : <http://example.org/o#> .
@prefix x: <http://example.org/x/> .
x:a :p x:b . x:b :q x:c . x:c :r x:d . x:d :s x:e . x:e :t x:f . x:f :p x:g . x:g :u x:a .
"""


def test_a_tbox_with_cycles_chains_and_inverses_gives_what_the_rules_engine_gives(tmp_path):
    """The grouping and re-run logic of materialise_store on an ontology with recursion through
    subproperty cycles, transitivity, inverses and chains, against materialise() (rules, and owlrl
    for the same set)."""
    onto = Graph().parse(data=TRICKY_ONTOLOGY, format="turtle")
    data = Graph().parse(data=TRICKY_DATA, format="turtle")
    union = "https://w3id.org/mandategraph/graph/union"
    with GraphStore(tmp_path / "store") as s:
        s.ox.update(f"INSERT DATA {{ GRAPH <{union}> {{ {data.serialize(format='nt')} }} }}")
        n = materialise_store(s, ontology=onto)
        got = set(inferred_graph(s))
    reference = set(materialise(data, engine="owlrl", ontology=onto))
    assert got == set(materialise(data, engine="rules", ontology=onto)) == reference
    assert n == len(got) > 50
