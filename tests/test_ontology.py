"""The ontology parses, declares every emitted term with the right OWL type, and labels everything in vi and en."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mandategraph.graph.vocab import (
    ADMIN_LEVEL, AGENCY_KIND, DOC_TYPE_CLASS, ELI, EMITTED_CLASSES, EMITTED_PROPERTIES, MG, ORG,
    RELATION, RELATION_PROPERTY, ROLE, ROLE_SHORTCUT, ROLES, RELATIONS, doctype_iri,
)
from mandategraph.ontology import MODULES, ONTOLOGY_IRI, VERSION_IRI, load_ontology

PROV = "http://www.w3.org/ns/prov#"

OBJECT_PROPERTIES = {
    MG.documentType, MG.issuedBy, MG.province, MG.loadedFrom, MG.basedOn, MG.implements, MG.cites,
    MG.partOf, MG.inDocument, MG.inheritsAssignmentFrom, MG.hasAssignment, MG.onTask, MG.agency, MG.role,
    *ROLE_SHORTCUT.values(), MG.hasDeadline, MG.hasTarget, MG.citingDocument, MG.citedDocument,
    MG.relation, MG.inProvision, MG.agencyKind, MG.adminLevel, ORG.subOrganizationOf, MG.sourceFile,
    ORG.originalOrganization, ORG.resultingOrganization,
}
ANNOTATION_PROPERTIES = {RDFS.label, SKOS.prefLabel, SKOS.altLabel}
OWL_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


@pytest.mark.parametrize("name", MODULES)
def test_module_parses_and_is_an_ontology(name):
    text = resources.files("mandategraph.ontology").joinpath(f"{name}.ttl").read_text(encoding="utf-8")
    g = Graph().parse(data=text, format="turtle")
    iri = URIRef(ONTOLOGY_IRI if name == "mandategraph" else f"{ONTOLOGY_IRI}/{name}")
    assert (iri, RDF.type, OWL.Ontology) in g


def test_top_file_imports_every_module_and_has_a_version_iri(onto):
    top = URIRef(ONTOLOGY_IRI)
    assert (top, OWL.versionIRI, URIRef(VERSION_IRI)) in onto
    assert VERSION_IRI.endswith("/ontology/0.1.0")
    imported = set(onto.objects(top, OWL.imports))
    assert imported == {URIRef(f"{ONTOLOGY_IRI}/{m}") for m in MODULES if m != "mandategraph"}


@pytest.mark.parametrize("cls", EMITTED_CLASSES, ids=lambda c: c.n3())
def test_emitted_class_is_declared(onto, cls):
    assert (cls, RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("prop", EMITTED_PROPERTIES, ids=lambda p: p.n3())
def test_emitted_property_is_declared_with_the_right_type(onto, prop):
    if prop in OBJECT_PROPERTIES:
        expected = OWL.ObjectProperty
    elif prop in ANNOTATION_PROPERTIES:
        expected = OWL.AnnotationProperty
    else:
        expected = OWL.DatatypeProperty
    types = set(onto.objects(prop, RDF.type)) & set(OWL_TERM_TYPES)
    assert types == {expected}, f"{prop} declared as {types}, expected {expected}"


def _lang_values(g: Graph, s, p) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def _labelled_terms(g: Graph):
    terms = {s for t in OWL_TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(str(MG))}
    terms |= set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(RDF.type, SKOS.ConceptScheme))
    terms |= set(g.subjects(RDF.type, OWL.Ontology))
    terms |= set(EMITTED_PROPERTIES)  # external emitted terms are documented too
    return sorted(terms)


def test_every_term_has_vi_and_en_labels_and_definitions(onto):
    missing = []
    for term in _labelled_terms(onto):
        for p in (RDFS.label, SKOS.definition):
            langs = _lang_values(onto, term, p)
            for lang in ("vi", "en"):
                if lang not in langs:
                    missing.append(f"{term} {p.n3()} @{lang}")
    assert not missing, "\n".join(missing)


def test_every_mg_iri_used_is_declared(onto):
    declared = {s for t in OWL_TERM_TYPES for s in onto.subjects(RDF.type, t)}
    used = {n for t in onto for n in t if isinstance(n, URIRef) and str(n).startswith(str(MG))}
    assert used - declared == set()


def test_concept_schemes_cover_the_vocab(onto):
    for code, local in DOC_TYPE_CLASS.items():
        concept = doctype_iri(code)
        assert (concept, RDF.type, SKOS.Concept) in onto
        assert Literal(code) in set(onto.objects(concept, SKOS.notation))
        assert _lang_values(onto, concept, SKOS.prefLabel) >= {"vi", "en"}
        assert (MG[local], RDFS.subClassOf, MG.Document) in onto
    for name in ROLES:
        assert (ROLE[name], RDF.type, SKOS.Concept) in onto
    for name in RELATIONS:
        assert (RELATION[name], RDFS.seeAlso, RELATION_PROPERTY[name]) in onto
    for name in ("party", "state", "front", "armed", "judicial", "collective", "other"):
        assert (AGENCY_KIND[name], RDF.type, SKOS.Concept) in onto
    for name in ("central", "provincial", "district", "commune"):
        assert (ADMIN_LEVEL[name], RDF.type, SKOS.Concept) in onto


@pytest.mark.parametrize("s,p,o", [
    (MG.Document, RDFS.subClassOf, ELI.LegalResource),
    (MG.Provision, RDFS.subClassOf, ELI.LegalResourceSubdivision),
    (MG.Agency, RDFS.subClassOf, ORG.Organization),
    (MG.Assignment, RDFS.subClassOf, URIRef(PROV + "Association")),
    (MG.basedOn, RDFS.subPropertyOf, ELI.based_on),
    (MG.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of),
    (MG.cites, RDFS.subPropertyOf, ELI.cites),
    (MG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
    (MG.documentNumber, RDFS.subPropertyOf, ELI.id_local),
    (MG.documentType, RDFS.subPropertyOf, ELI.type_document),
    (MG.sourceFile, RDFS.subPropertyOf, URIRef(PROV + "wasDerivedFrom")),
    (MG.implementedBy, OWL.inverseOf, MG.implements),
    (MG.basisFor, OWL.inverseOf, MG.basedOn),
    (MG.citedBy, OWL.inverseOf, MG.cites),
    (MG.hasPart, OWL.inverseOf, MG.partOf),
    (MG.partOf, RDF.type, OWL.TransitiveProperty),
    (MG.documentNumber, RDF.type, OWL.FunctionalProperty),
    (MG.Scheme, RDFS.subClassOf, MG.Task),
    (MG.Provision, OWL.disjointWith, MG.Document),
    (MG.Provision, OWL.disjointWith, MG.Agency),
    (MG.Agency, OWL.disjointWith, MG.Document),
])
def test_alignment_and_axioms(onto, s, p, o):
    assert (s, p, o) in onto


def test_contributes_to_chains(onto):
    from rdflib.collection import Collection

    chains = {tuple(Collection(onto, c)) for c in onto.objects(MG.contributesTo, OWL.propertyChainAxiom)}
    assert chains == {(MG.inDocument, MG.implements), (MG.contributesTo, MG.implements)}


# ------------------------------------------------------------------ competency questions (README)
CQ_DATA = """
@base <https://w3id.org/mandategraph/id/> .
@prefix mg: <https://w3id.org/mandategraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<doc/nq> a mg:Document, mg:Resolution ; mg:documentNumber "19-NQ/TW" .
<doc/ctr> a mg:Document, mg:ActionProgramme ; mg:documentNumber "06-CTr/TU" ; mg:implements <doc/nq> .
<doc/law> a mg:Document, mg:Law ; mg:basedOn <doc/hp> .
<doc/hp> a mg:Document .
<doc/kh> a mg:Document, mg:Plan ; mg:documentNumber "161/KH-UBND" ; mg:implements <doc/ctr> ; mg:basedOn <doc/law> ;
    mg:loadedFrom <source/f> .
<source/f> a mg:SourceFile ; mg:fileName "002.txt" .
<body/ubnd> a mg:Agency ; skos:prefLabel "UBND tỉnh"@vi .
<body/sxd> a mg:Agency ; skos:prefLabel "Sở Xây dựng"@vi ; org:subOrganizationOf <body/ubnd> .
<body/stc> a mg:Agency ; skos:prefLabel "Sở Tài chính"@vi ; org:subOrganizationOf <body/ubnd> .
<body/cac-so> a mg:Agency, mg:CollectiveBody ; skos:prefLabel "Các sở, ban, ngành"@vi .
<doc/kh/p/I> a mg:Provision, mg:Objective ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh> ; mg:hasTarget <doc/kh/p/I/target/1> .
<doc/kh/p/I/target/1> a mg:Target ; mg:indicator "độ che phủ rừng"@vi ; mg:value 65.0 ; mg:unit "%" ; mg:targetYear 2025 .
<doc/kh/p/II> a mg:Provision ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh> ; mg:leadAgency <body/sxd> .
<doc/kh/p/II/1> a mg:Provision, mg:Task ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh/p/II> ;
    mg:coordinatingAgency <body/cac-so> ; mg:hasDeadline <doc/kh/p/II/1/deadline/1> .
<doc/kh/p/II/1/deadline/1> a mg:Deadline ; mg:dueDate "2025-06-30"^^xsd:date .
<doc/kh/p/II/2> a mg:Provision, mg:Task ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh/p/II> ; mg:leadAgency <body/stc> ;
    mg:coordinatingAgency <body/cac-so>, <body/sxd> ; mg:hasDeadline <doc/kh/p/II/2/deadline/1> ;
    mg:hasAssignment <doc/kh/p/II/2/a/lead/stc> .
<doc/kh/p/II/2/deadline/1> a mg:Deadline ; mg:dueDate "2025-12-31"^^xsd:date .
<doc/kh/p/II/2/a/lead/stc> a mg:Assignment ; mg:onTask <doc/kh/p/II/2> ; mg:agency <body/stc> ; mg:role <role/lead> ;
    mg:sourceFile <source/f> ; mg:lineStart 20 ; mg:lineEnd 21 .
<doc/kh/p/III> a mg:Provision ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh> .
<doc/kh/p/III/1> a mg:Provision, mg:Task ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh/p/III> .
"""


def _id(path: str) -> URIRef:
    return URIRef("https://w3id.org/mandategraph/id/" + path)


# CQ -> (bindings, expected rows as tuples of the first columns, rendered with str())
CQ_EXPECTED = {
    "CQ1": ({"resolution": _id("doc/nq")}, {(str(_id(t)), str(_id("doc/kh"))) for t in ("doc/kh/p/II/1", "doc/kh/p/II/2", "doc/kh/p/III/1")}),
    "CQ2": ({"task": _id("doc/kh/p/II/1")}, {(str(_id("body/sxd")), "Sở Xây dựng")}),
    "CQ3": ({}, {(str(_id("body/cac-so")), "2"), (str(_id("body/sxd")), "1")}),
    "CQ4": ({}, {(str(_id(d)),) for d in ("doc/nq", "doc/ctr", "doc/law", "doc/hp")}),
    "CQ5": ({"date": Literal(date(2025, 7, 1))}, {(str(_id("doc/kh/p/II/1")), "2025-06-30", "None")}),
    "CQ6": ({"document": _id("doc/kh")}, {(str(_id("doc/law")), "None"), (str(_id("doc/hp")), "None")}),
    "CQ7": ({"document": _id("doc/kh")}, {(str(_id("doc/kh/p/III/1")),)}),
    "CQ8": ({"year": Literal(2025)}, {(str(_id("doc/kh/p/I")), "độ che phủ rừng", "65.0", "%", str(_id("doc/kh")))}),
    "CQ9": ({"agency": _id("body/stc")}, {(str(_id("doc/kh/p/II/2")), str(_id("role/lead")), "002.txt", "20")}),
    "CQ10": ({"parent": _id("body/ubnd")}, {(str(_id("body/sxd")), "1"), (str(_id("body/stc")), "1")}),
}


def _readme_queries() -> tuple[str, dict[str, str]]:
    import re

    text = resources.files("mandategraph.ontology").joinpath("README.md").read_text(encoding="utf-8")
    prefixes = re.search(r"Prefixes used by all queries:\s*```\n(.*?)```", text, re.S).group(1)
    queries = dict(re.findall(r"### (CQ\d+)\b.*?```sparql\n(.*?)```", text, re.S))
    return prefixes, queries


def test_readme_has_all_competency_questions():
    _, queries = _readme_queries()
    assert set(queries) == set(CQ_EXPECTED) and 8 <= len(queries) <= 10


@pytest.mark.parametrize("cq", sorted(CQ_EXPECTED, key=lambda c: int(c[2:])))
def test_competency_question(cq):
    prefixes, queries = _readme_queries()
    g = Graph().parse(data=CQ_DATA, format="turtle")
    bindings, expected = CQ_EXPECTED[cq]
    rows = g.query(prefixes + queries[cq], initBindings={k: v for k, v in bindings.items()})
    width = len(next(iter(expected)))
    got = {tuple(str(v) for v in row[:width]) for row in rows}
    assert got == expected


def test_every_type_code_has_its_own_declared_concept():
    """doctype_iri() must not merge codes ('ĐA' đề án vs 'DA' dự án; 'HĐ' hợp đồng vs 'HD' hướng dẫn)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS

    from mandategraph.graph.vocab import DOC_TYPE_CLASS, doctype_iri
    from mandategraph.ontology import load_ontology

    onto = load_ontology()
    iris = {code: doctype_iri(code) for code in DOC_TYPE_CLASS}
    assert len(set(iris.values())) == len(iris)
    assert str(iris["QĐ"]).endswith("/doctype/QDD") and str(iris["ĐA"]).endswith("/doctype/DDA")
    for code, iri in iris.items():
        assert set(onto.objects(URIRef(str(iri)), SKOS.notation)) == {Literal(code)}, code


def test_every_term_in_the_samples_graph_is_declared(onto):
    """What the loaders really emit on the five samples — not just what vocab.py lists — is declared."""
    from pathlib import Path

    from rdflib import RDF, URIRef
    from rdflib.namespace import OWL

    from mandategraph.graph.emit import emit_triples
    from mandategraph.graph.vocab import ELI, MG, ORG
    from mandategraph.loaders import parse_file

    declared = set(onto.subjects(RDF.type, OWL.Class)) | set(onto.subjects(RDF.type, OWL.ObjectProperty)) \
        | set(onto.subjects(RDF.type, OWL.DatatypeProperty)) | set(onto.subjects(RDF.type, OWL.AnnotationProperty))
    used: set[URIRef] = set()
    for f in sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt")):
        g = emit_triples(parse_file(f)).to_graph()
        used |= {p for p in g.predicates()} | {o for o in g.objects(None, RDF.type)}
    ours = {t for t in used if str(t).startswith((str(MG), str(ELI), str(ORG)))}
    assert ours, "the samples produced no terms at all"
    assert sorted(ours - declared) == []
