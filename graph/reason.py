"""OWL RL materialisation of the mandategraph ontology over instance data.

    inferred = materialise(data)                  # owlrl (reference OWL 2 RL semantics)
    inferred = materialise(data, engine="rules")  # SPARQL CONSTRUCT rules on pyoxigraph (fast)
    is_consistent(data)                           # False on e.g. a node both mg:Document and mg:Agency

Both engines return ONLY the new triples: the closure of data + ontology, minus the asserted
data, minus the ontology's own triples, minus trivia (``x owl:sameAs x``, ``x a owl:Thing``,
``x a rdfs:Resource``, schema-level triples about classes and properties, literal subjects).

The "rules" engine implements exactly the axioms the ontology uses -- subclass, subproperty,
inverse, transitive properties, two-step property chains (mg:contributesTo), domains and
ranges -- as generic rules that read the axioms from the ontology, so it agrees with owlrl on
data that does not trigger the equality rules (functional properties, owl:sameAs).
"""

from __future__ import annotations

from typing import Iterable, Optional, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..ontology import load_ontology
from .validate import as_graph

ENGINES = ("owlrl", "rules")
ERRNS = "http://www.daml.org/2002/03/agents/agent-ont#"  # owlrl's namespace for inconsistency reports
_SCHEMA_NS = (str(RDF), str(RDFS), str(OWL), str(XSD))
_SCHEMA_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.equivalentClass, OWL.equivalentProperty,
    OWL.inverseOf, OWL.disjointWith, OWL.propertyDisjointWith, OWL.propertyChainAxiom, OWL.onProperty,
}

# One rule per OWL RL rule the ontology needs (names from the OWL 2 RL profile, section 4.3).
RULES: dict[str, str] = {
    "cax-sco": """CONSTRUCT { ?x a ?d } WHERE { ?c rdfs:subClassOf ?d . FILTER isIRI(?d) ?x a ?c . }""",
    "prp-spo1": """CONSTRUCT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf ?q . ?x ?p ?y . }""",
    "prp-inv1": """CONSTRUCT { ?y ?q ?x } WHERE { ?p owl:inverseOf ?q . ?x ?p ?y . FILTER (!isLiteral(?y)) }""",
    "prp-inv2": """CONSTRUCT { ?y ?p ?x } WHERE { ?p owl:inverseOf ?q . ?x ?q ?y . FILTER (!isLiteral(?y)) }""",
    "prp-trp": """CONSTRUCT { ?x ?p ?z } WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z . }""",
    "prp-spo2": """CONSTRUCT { ?x ?p ?z } WHERE {
        ?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; rdf:rest ?r . ?r rdf:first ?p2 ; rdf:rest rdf:nil .
        ?x ?p1 ?y . ?y ?p2 ?z . }""",
    "prp-dom": """CONSTRUCT { ?x a ?c } WHERE { ?p rdfs:domain ?c . FILTER isIRI(?c) ?x ?p ?y . }""",
    "prp-rng": """CONSTRUCT { ?y a ?c } WHERE {
        ?p rdfs:range ?c . FILTER (isIRI(?c) && !STRSTARTS(STR(?c), STR(xsd:)) && ?c != rdf:langString)
        ?x ?p ?y . FILTER (!isLiteral(?y)) }""",
}
# Clash rules for is_consistent(engine="rules"): each SELECT returns offending nodes.
CLASH_RULES: dict[str, str] = {
    "cax-dw": """SELECT ?x ?c ?d WHERE { ?c owl:disjointWith ?d . ?x a ?c , ?d . }""",
    "cls-nothing2": """SELECT ?x WHERE { ?x a owl:Nothing . }""",
}
_PREFIXES = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
)


def materialise(data: Union[Graph, Dataset], engine: str = "owlrl", *, ontology: Optional[Graph] = None) -> Graph:
    """The triples entailed by ``data`` + the ontology that are not already asserted (see module doc)."""
    data = as_graph(data)
    onto = ontology if ontology is not None else load_ontology()
    closure = _closure(data, onto, engine)
    out = Graph()
    out.bind("mg", "https://w3id.org/mandategraph/ontology#")
    tbox_subjects = set(onto.subjects())
    for t in closure:
        if t in data or t in onto or _trivial(t, tbox_subjects):
            continue
        out.add(t)
    return out


def is_consistent(data: Union[Graph, Dataset], engine: str = "owlrl", *, ontology: Optional[Graph] = None) -> bool:
    """False when the data + ontology entail a contradiction (e.g. a disjointness clash)."""
    return not inconsistencies(data, engine, ontology=ontology)


def inconsistencies(data: Union[Graph, Dataset], engine: str = "owlrl", *, ontology: Optional[Graph] = None) -> list[str]:
    """Human-readable reasons why the data is inconsistent (empty when it is consistent)."""
    data = as_graph(data)
    onto = ontology if ontology is not None else load_ontology()
    if engine == "owlrl":
        closure = _closure(data, onto, "owlrl")
        msgs = [str(m) for e in closure.subjects(RDF.type, URIRef(ERRNS + "ErrorMessage"))
                for m in closure.objects(e, URIRef(ERRNS + "error"))]
        msgs += [f"{x} is a member of owl:Nothing" for x in closure.subjects(RDF.type, OWL.Nothing)]
        return sorted(set(msgs))
    if engine == "rules":
        store = _rules_store(data, onto)
        msgs = []
        for name, q in CLASH_RULES.items():
            for row in store.query(_PREFIXES + q):
                msgs.append(f"{name}: " + ", ".join(str(row[i]) for i in range(len(row))))
        return sorted(set(msgs))
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


# ---------------------------------------------------------------------------------------------
def _closure(data: Graph, onto: Graph, engine: str) -> Graph:
    if engine == "owlrl":
        import owlrl

        g = Graph()
        for t in data:
            g.add(t)
        for t in onto:
            g.add(t)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
        return g
    if engine == "rules":
        store = _rules_store(data, onto)
        g = Graph()
        for q in store.quads_for_pattern(None, None, None, None):
            g.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
        return g
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def _rules_store(data: Graph, onto: Graph, max_rounds: int = 100):
    """A pyoxigraph in-memory store holding data + ontology, closed under RULES (fixpoint)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(_to_quads(data))
    store.extend(_to_quads(onto))
    queries = [_PREFIXES + q for q in RULES.values()]
    for _ in range(max_rounds):
        new = []
        for q in queries:
            for tr in store.query(q):
                quad = ox.Quad(tr.subject, tr.predicate, tr.object, ox.DefaultGraph())
                if not isinstance(tr.subject, ox.Literal) and quad not in store:
                    new.append(quad)
        if not new:
            return store
        store.extend(new)
    raise RuntimeError(f"rules did not reach a fixpoint in {max_rounds} rounds")


def _trivial(t, tbox_subjects: set) -> bool:
    s, p, o = t
    if isinstance(s, Literal) or str(p).startswith(ERRNS) or (isinstance(o, URIRef) and str(o).startswith(ERRNS)):
        return True
    if p == OWL.sameAs and s == o:
        return True
    if s in tbox_subjects or p in _SCHEMA_PREDICATES:
        return True  # schema-level inferences (about classes, properties, concepts)
    if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(_SCHEMA_NS):
        return True  # x a owl:Thing / rdfs:Resource / owl:NamedIndividual / xsd:... / rdfs:Literal
    if p == RDF.type and isinstance(o, BNode) and o in tbox_subjects:
        return True  # membership of an anonymous class expression (a restriction)
    return False


def _to_quads(g: Graph) -> Iterable:
    import pyoxigraph as ox

    dg = ox.DefaultGraph()
    for s, p, o in g:
        if isinstance(s, Literal):
            continue
        yield ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), dg)


def _to_ox(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _to_rdflib(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value if term.datatype is not None else None
    if dt == str(XSD.string):
        return Literal(term.value)  # rdflib keeps plain literals untyped
    return Literal(term.value, datatype=URIRef(dt) if dt else None)
