"""validate_store: the SPARQL engine (shapes compiled to queries run by Oxigraph) gives the same
results as pyshacl, the reference, on the samples, on every violating graph of test_shapes.py and
on generated documents. No test asserts a duration (speed is measured in bench/)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from mandategraph.graph.load import load_paths
from mandategraph.graph.shacl_sparql import UnsupportedShape, compile_shapes
from mandategraph.graph.store import GraphStore
from mandategraph.graph.validate import validate_store
from mandategraph.ontology import load_shapes

from test_shapes import BASE, CASES, PREFIXES, _graph

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MG = "https://w3id.org/mandategraph/ontology#"
ID = "https://w3id.org/mandategraph/id/"
TEST_GRAPH = "https://w3id.org/mandategraph/graph/test"


def key(r):
    """What must agree between engines: the SHACL result, plus both messages."""
    return (r.severity, r.focus, r.path, r.component, r.value, r.shape, r.message_en, r.message_vi)


def assert_same(a, b):
    ka, kb = Counter(map(key, a.results)), Counter(map(key, b.results))
    assert set(ka) == set(kb), (
        f"only in {a!r:.0}first: {sorted(set(ka) - set(kb))[:5]}\nonly in second: {sorted(set(kb) - set(ka))[:5]}")
    assert ka == kb  # the same multiplicities too (pyshacl repeats a result for e.g. two failing pairs)
    # and the same context for the reader: label, document, source file and line
    assert Counter(map(repr, a.results)) == Counter(map(repr, b.results))
    assert a.conforms == b.conforms


@pytest.fixture
def store(tmp_path):
    with GraphStore(tmp_path / "store") as s:
        yield s


def _store_with(store, g: Graph):
    store.replace_graph_plain(TEST_GRAPH, g)
    return store


# ---------------------------------------------------------------------------------------- test graphs
def test_base_graph_conforms_in_both_engines(store):
    _store_with(store, _graph())
    a, b = validate_store(store, engine="sparql"), validate_store(store, engine="pyshacl")
    assert a.conforms and a.results == [] == b.results


@pytest.mark.parametrize("shape,extra,severity,fragment", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_violating_graph_same_results(store, shape, extra, severity, fragment):
    _store_with(store, _graph(extra))
    a, b = validate_store(store, engine="sparql"), validate_store(store, engine="pyshacl")
    assert_same(a, b)
    hits = [r for r in a.results if fragment in r.message_en and r.severity == severity]
    assert hits, a.to_text()
    assert all(r.message_vi != r.message_en for r in hits)


def test_hand_checked_results(store):
    # the deadline in 2024 of a plan issued in 2025, and a target above its maximum
    _store_with(store, _graph(
        '<doc/kh/p/II/1> mg:hasDeadline <doc/kh/p/II/1/deadline/2> . <doc/kh/p/II/1/deadline/2> a mg:Deadline ; '
        'mg:dueDate "2024-12-31"^^xsd:date ; mg:deadlineKind "year" ; mg:text "Năm 2024"@vi ; '
        'mg:sourceFile <source/f> ; mg:lineStart 30 ; mg:lineEnd 30 . '
        '<doc/kh/p/II/1/target/1> mg:valueMax 60.0 .'))
    for engine in ("sparql", "pyshacl"):
        report = validate_store(store, engine=engine)
        assert not report.conforms and report.exit_code == 1
        by_comp = {r.component: r for r in report.results}
        # valueMax 60.0 is added to 66.0: two maxima (maxCount) and 65.0 > 60.0 (lessThanOrEquals)
        assert set(by_comp) == {"SPARQLConstraintComponent", "LessThanOrEqualsConstraintComponent",
                                "MaxCountConstraintComponent"}, engine
        d = by_comp["SPARQLConstraintComponent"]
        assert d.focus == ID + "doc/kh/p/II/1/deadline/2" and d.value == d.focus
        assert d.shape == "https://w3id.org/mandategraph/shapes#DeadlineAfterIssueShape" and d.path == "mg:dueDate"
        assert d.message_en == "The deadline 2024-12-31 falls before the issuing date 2025-01-20 of its document."
        assert d.message_vi.startswith("Hạn chót 2024-12-31 sớm hơn")
        assert (d.label, d.source_file, d.line, d.document_label) == ("Năm 2024", "002.txt", 30, "161/KH-UBND")
        t = by_comp["LessThanOrEqualsConstraintComponent"]
        assert (t.focus, t.value, t.path, t.severity) == (ID + "doc/kh/p/II/1/target/1", "65", "mg:value", "Violation")  # Oxigraph writes 65.0 as 65


def test_cross_graph_checks_and_multiplicities(store):
    # the same document minted in a second graph (duplicate), a span with two last lines both
    # before its first line (two failing pairs: pyshacl reports the pair twice), a role outside the list
    store.replace_graph_plain(TEST_GRAPH, _graph())
    store.replace_graph_plain(TEST_GRAPH + "2", Graph().parse(data=PREFIXES + """
        <doc/kh2> a mg:Document ; mg:documentNumber "161/KH-UBND" ; rdfs:label "x"@vi ; mg:year 2025 ; mg:issuedBy <body/ubnd> .
        <doc/kh/p/II> mg:lineEnd 8, 9 .
        <body/sxd> skos:prefLabel "Sở Xây dựng"@VI, "Sở XD"@vi, "Construction"@en .
        """, format="turtle"))
    a, b = validate_store(store, engine="sparql"), validate_store(store, engine="pyshacl")
    assert_same(a, b)
    comps = Counter(r.component for r in a.results)
    assert comps["SPARQLConstraintComponent"] == 2  # each of the two nodes names the other
    assert comps["LessThanOrEqualsConstraintComponent"] == 2
    assert comps["MaxCountConstraintComponent"] == 1
    assert comps["UniqueLangConstraintComponent"] == 1


# ---------------------------------------------------------------------------------------- real documents
@pytest.fixture(scope="module")
def examples_store(tmp_path_factory):
    with GraphStore(tmp_path_factory.mktemp("examples") / "store") as s:
        report = load_paths(s, [str(EXAMPLES)])
        assert not report.failed
        yield s


def test_examples_same_results(examples_store):
    a = validate_store(examples_store, engine="sparql")
    b = validate_store(examples_store, engine="pyshacl")
    assert_same(a, b)
    assert a.to_text() == b.to_text()
    assert json.loads(a.to_json()) == json.loads(b.to_json())
    assert "sh:ValidationReport" in a.to_turtle()
    # the SPARQL engine's report graph (built on demand) reads back to the same results
    from mandategraph.graph.validate import _StoreView, _results

    again = list(_results(a.graph, _StoreView(examples_store.ox), load_shapes()))
    assert Counter(map(repr, again)) == Counter(map(repr, a.results))
    assert len(set(a.graph.subjects(predicate=None, object=None))) > len(a.results)


def test_examples_pyshacl_on_oxigraph_copy(examples_store):
    """pyshacl 0.40 on an Oxigraph store agrees except for sh:in on plain strings: it reports
    e.g. comparator "eq" as not in ("eq" "gt" ...) (its Oxigraph backend compares an xsd:string
    literal with a plain one). So "pyshacl-ox" is a measured option, not a reference."""
    a = validate_store(examples_store, engine="sparql")
    c = validate_store(examples_store, engine="pyshacl-ox")
    ka, kc = set(map(key, a.results)), set(map(key, c.results))
    assert ka <= kc
    extra = kc - ka
    assert all(k[3] == "InConstraintComponent" for k in extra)


def test_restriction_to_graphs(examples_store):
    graphs = examples_store.data_graphs()[:2]
    a = validate_store(examples_store, engine="sparql", graphs=graphs)
    b = validate_store(examples_store, engine="pyshacl", graphs=graphs)
    assert_same(a, b)
    full = validate_store(examples_store, engine="sparql")
    assert set(map(key, a.results)) <= set(map(key, full.results))
    assert validate_store(examples_store, engine="sparql", graphs=[]).results == []


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    corpus = tmp_path_factory.mktemp("gen")
    generate.generate(20, corpus, seed=7, jobs=1)
    with GraphStore(tmp_path_factory.mktemp("genstore") / "store") as s:
        report = load_paths(s, [str(corpus)])
        assert report.loaded and not report.failed
        yield s


def test_generated_documents_same_results(generated_store):
    a = validate_store(generated_store, engine="sparql")
    b = validate_store(generated_store, engine="pyshacl")
    assert a.results, "the generated corpus is expected to trigger some shapes"
    assert_same(a, b)


def test_inferred_graph_is_not_validated(store):
    # types in the inferred graph must not satisfy (or trigger) shapes that run on asserted data
    _store_with(store, _graph('<doc/x> a mg:Decision ; rdfs:label "x"@vi .'))
    store.set_inferred(Graph().parse(data=PREFIXES + '<doc/x> a mg:Document .', format="turtle"))
    a, b = validate_store(store, engine="sparql"), validate_store(store, engine="pyshacl")
    assert_same(a, b)
    assert any(r.component == "ClassConstraintComponent" and r.focus == ID + "doc/x" for r in a.violations)


# ---------------------------------------------------------------------------------------- the compiler
def test_shipped_shapes_compile_to_queries():
    queries = compile_shapes(load_shapes())
    assert len(queries) > 100
    assert all(q.query.lstrip().upper().startswith(("SELECT", "PREFIX")) for q in queries)


SH_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
"""


@pytest.mark.parametrize("body,construct", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .", "closed"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) .", "xone"),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:n ; sh:class ex:A .", "targetNode"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:maxLength 3 ] .", "maxLength"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype ex:myType ] .", "myType"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( [ sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] ] ) .", "sparql"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select \"SELECT $this WHERE { $this ex:p $value }\" ] .",
     "$this"),
])
def test_unsupported_constructs_are_refused(body, construct):
    shapes = Graph().parse(data=SH_PREFIXES + body, format="turtle")
    with pytest.raises(UnsupportedShape, match=construct.replace("$", r"\$")):
        compile_shapes(shapes)


def test_unknown_engine():
    with pytest.raises(ValueError):
        validate_store(None, engine="jena")
