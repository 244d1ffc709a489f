"""OWL RL materialisation of the mandategraph ontology over instance data.

    inferred = materialise(data)                  # owlrl (reference OWL 2 RL semantics)
    inferred = materialise(data, engine="rules")  # SPARQL CONSTRUCT rules on pyoxigraph (fast)
    is_consistent(data)                           # False on e.g. a node both mg:Document and mg:Agency
    n = materialise_store(store)                  # the same rules inside the on-disk store (scales)
    inconsistencies_store(store)                  # the clash rules on union + inferred, in the store

Both engines return ONLY the new triples: the closure of data + ontology, minus the asserted
data, minus the ontology's own triples, minus trivia (``x owl:sameAs x``, ``x a owl:Thing``,
``x a rdfs:Resource``, schema-level triples about classes and properties, literal subjects).

The "rules" engine implements exactly the axioms the ontology uses -- subclass, subproperty,
inverse, transitive properties, two-step property chains (mg:contributesTo), domains and
ranges -- as generic rules that read the axioms from the ontology, so it agrees with owlrl on
data that does not trigger the equality rules (functional properties, owl:sameAs).

``materialise_store`` runs the same rules on a GraphStore without copying the data into
Python: each rule is specialised per ontology axiom (one query per subclass pair, inverse pair,
domain, ...), the rules are grouped by the strongly connected components of their predicate
dependencies and run group by group, a group again only while it can still derive something.
Each rule's new triples come from a CONSTRUCT over the union + inferred graphs, streamed to a
temporary N-Triples file and added to the inferred graph (Oxigraph's bulk loader when large:
a SPARQL ``INSERT ... WHERE`` of the same size is several times slower and holds the whole
transaction in memory). A marker in the inferred graph says "incomplete" until the end.
"""

from __future__ import annotations

from typing import Iterable, Optional, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ..ontology import load_ontology
from .validate import _to_ox, _to_rdflib, as_graph  # the rdflib <-> pyoxigraph term conversion

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


# ---------------------------------------------------------------------------------------------
# In-store materialisation: the same rules, run as SPARQL updates inside the on-disk store.
# ---------------------------------------------------------------------------------------------
_RDF_TYPE = str(RDF.type)
# Written into the inferred graph first and removed last: a closure that carries it is a
# half-built one (the process died while reasoning), whatever else the graph holds.
INCOMPLETE_MARKER = (
    "https://w3id.org/mandategraph/graph/inferred",
    "https://w3id.org/mandategraph/graph/inferred#status",
    "incomplete",
)


class _TBox:
    """The axioms RULES read, taken from the ontology (+ any axioms the data asserts) and
    specialised: one rule per axiom, with the class hierarchy closed here so that one pass of the
    subclass rules reaches their fixpoint."""

    def __init__(self, g: Graph):
        from rdflib.collection import Collection

        iri = lambda t: isinstance(t, URIRef)  # noqa: E731
        sub_prop: dict[str, set[str]] = {}
        for p, q in g.subject_objects(RDFS.subPropertyOf):
            if iri(p) and iri(q):
                sub_prop.setdefault(str(p), set()).add(str(q))
        sub_cls: dict[str, set[str]] = {}
        for c, d in g.subject_objects(RDFS.subClassOf):
            if iri(c) and iri(d):
                sub_cls.setdefault(str(c), set()).add(str(d))
        # subproperties: the direct axioms only: the rule for p -> q sits in q's group, which
        # runs after p's, so q's subproperties are complete by then (q ⊑ r follows after)
        self.super_props = {p: set(qs) for p, qs in sub_prop.items()}
        # x a c |- x a d for every d above c (all of rdf:type is one group: one pass with the
        # hierarchy closed here is its fixpoint)
        self.super_classes = {c: _reach(sub_cls, c) for c in sub_cls}
        self.inverses = sorted((str(p), str(q)) for p, q in g.subject_objects(OWL.inverseOf) if iri(p) and iri(q))
        self.transitive = sorted(str(p) for p in g.subjects(RDF.type, OWL.TransitiveProperty) if iri(p))
        chains = set()
        for p, lst in g.subject_objects(OWL.propertyChainAxiom):
            items = list(Collection(g, lst))
            if iri(p) and len(items) == 2 and all(iri(i) for i in items):  # as prp-spo2 in RULES
                chains.add((str(p), str(items[0]), str(items[1])))
        self.chains = sorted(chains)
        self.domains = sorted((str(p), str(c)) for p, c in g.subject_objects(RDFS.domain) if iri(p) and iri(c))
        self.ranges = sorted(
            (str(p), str(c)) for p, c in g.subject_objects(RDFS.range)
            if iri(p) and iri(c) and not str(c).startswith(str(XSD)) and c != RDF.langString
        )
        self.disjoint = sorted((str(c), str(d)) for c, d in g.subject_objects(OWL.disjointWith) if iri(c) and iri(d))

    def rules(self) -> list["_Rule"]:
        """RULES specialised per axiom of this TBox."""
        out = []
        for p, qs in sorted(self.super_props.items()):
            for q in sorted(qs):
                out.append(_Rule("prp-spo1", q, (p,), f"?x <{q}> ?y", f"?x <{p}> ?y", closed=True))
        for p, q in self.inverses:
            # each undoes the other: what one derives gives the other nothing new
            out.append(_Rule("prp-inv1", q, (p,), f"?y <{q}> ?x", f"?x <{p}> ?y FILTER (!isLiteral(?y))", pair=(p, q)))
            out.append(_Rule("prp-inv2", p, (q,), f"?y <{p}> ?x", f"?x <{q}> ?y FILTER (!isLiteral(?y))", pair=(p, q)))
        for p in self.transitive:
            # the whole transitive closure in one update (a property path), not one step a round
            out.append(_Rule("prp-trp", p, (p,), f"?x <{p}> ?z", f"?x <{p}>+ ?z", closed=True))
        for p, p1, p2 in self.chains:
            out.append(_Rule("prp-spo2", p, (p1, p2), f"?x <{p}> ?z", f"?x <{p1}> ?y . ?y <{p2}> ?z"))
        for p, c in self.domains:
            out.append(_Rule("prp-dom", _RDF_TYPE, (p,), f"?x a <{c}>", f"{{ SELECT DISTINCT ?x {{ ?x <{p}> ?y }} }}"))
        for p, c in self.ranges:
            out.append(_Rule("prp-rng", _RDF_TYPE, (p,), f"?y a <{c}>",
                             f"{{ SELECT DISTINCT ?y {{ ?x <{p}> ?y FILTER (!isLiteral(?y)) }} }}"))
        for c, ds in sorted(self.super_classes.items()):
            for d in sorted(ds):
                out.append(_Rule("cax-sco", _RDF_TYPE, (_RDF_TYPE,), f"?x a <{d}>", f"?x a <{c}>", closed=True))
        return out

    def plan(self) -> list[tuple[list["_Rule"], bool]]:
        """The rules grouped by strongly connected component of the predicate dependency graph
        (body predicate -> head predicate), in dependency order, as (rules, recursive). In a
        group, the rules fed by earlier groups run first, then transitivity, then the others,
        the rules over the class hierarchy (closed here) last. A group is
        recursive when a rule can feed one that runs before it (or itself); otherwise one
        pass is its fixpoint."""
        rules = self.rules()
        edges: dict[str, set[str]] = {}
        for r in rules:
            for b in r.body_preds:
                edges.setdefault(b, set()).add(r.head_pred)
            edges.setdefault(r.head_pred, set())
        comp = _sccs(edges)  # predicate -> component number, in dependency order
        groups: dict[int, list[_Rule]] = {}
        for r in rules:
            groups.setdefault(comp[r.head_pred], []).append(r)
        out = []
        for k in sorted(groups):
            inside = lambda r: any(comp.get(b) == k for b in r.body_preds)  # noqa: E731
            # rules fed from earlier groups first, then transitivity, the other recursive rules,
            # and the closed-hierarchy rules last (a stable sort keeps the order of rules())
            rs = sorted(groups[k], key=lambda r: (inside(r), r.name != "prp-trp", r.name in _HIERARCHY_RULES))
            # recursive: a rule can feed one that runs before it (or itself)
            recursive = any(a.feeds(b) for n, a in enumerate(rs) for b in rs[:n + 1])
            out.append((rs, recursive))
        return out


_HIERARCHY_RULES = ("cax-sco",)  # over the class hierarchy, closed in _TBox


class _Rule:
    """One specialised rule: head and body are SPARQL patterns (?x ?y ?z). ``closed``: running
    it again on its own output derives nothing new (a closed hierarchy, a path closure)."""

    __slots__ = ("name", "head_pred", "body_preds", "head", "body", "closed", "pair")

    def __init__(self, name, head_pred, body_preds, head, body, closed=False, pair=None):
        self.name, self.head_pred, self.body_preds = name, head_pred, body_preds
        self.head, self.body, self.closed, self.pair = head, body, closed, pair

    def feeds(self, other: "_Rule") -> bool:
        """Whether new triples derived by this rule can make ``other`` derive new ones."""
        if self.head_pred not in other.body_preds:
            return False
        if self is other and self.closed:
            return False
        if self.name == other.name and self.name in _HIERARCHY_RULES:
            return False  # the hierarchy is closed: one pass of all its rules is its fixpoint
        return not (self.pair is not None and self.pair == other.pair and self is not other)

    def update(self, u: str, i: str) -> str:
        return _insert(u, i, self.head, self.body)

    def construct(self, u: str, i: str) -> str:
        """The same derivation as :meth:`update`, as a CONSTRUCT query (for the bulk path)."""
        return (f"CONSTRUCT {{ {self.head} }} FROM <{u}> FROM <{i}> "
                f"WHERE {{ {self.body} FILTER NOT EXISTS {{ {self.head} }} }}")


def _sccs(edges: dict[str, set[str]]) -> dict[str, int]:
    """Strongly connected components (Tarjan), numbered so that every edge goes from a lower
    or equal number to a higher or equal one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # recursion depth is bounded by the number of properties
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            found.append(comp)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    # Tarjan finds components in reverse topological order
    return {v: n for n, comp in enumerate(reversed(found)) for v in comp}


def _reach(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(edges.get(n, ()))
    return seen


def _insert(u: str, i: str, head: str, body: str) -> str:
    """INSERT ``head`` into graph ``i`` for each match of ``body`` on the RDF merge of the union
    graph ``u`` and ``i``, unless the triple is already in one of them."""
    return (
        f"INSERT {{ GRAPH <{i}> {{ {head} }} }} USING <{u}> USING <{i}> "
        f"WHERE {{ {body} FILTER NOT EXISTS {{ {head} }} }}"
    )


def materialise_store(store, *, engine: str = "rules", ontology: Optional[Graph] = None, max_rounds: int = 100,
                      log=None) -> int:
    """Materialise the OWL RL closure of the store's union graph + the ontology into the
    store's inferred graph, inside the store (SPARQL updates; no copy of the data into Python).

    The inferred graph ends up holding exactly what ``materialise(store.union_graph(),
    engine="rules")`` returns (the same rules, the same trivia dropped). Each axiom of the
    ontology is one rule: a CONSTRUCT whose new triples are streamed to a temporary file and
    added in their own write (bulk loader when large), so no transaction holds the closure;
    the rules run to a fixpoint (see the module doc). Crash safety: :data:`INCOMPLETE_MARKER` goes into the
    inferred graph before anything else changes and leaves it only when the closure is
    complete (see :func:`inferred_is_complete`). Returns the number of inferred triples.
    """
    import os
    import tempfile
    import time

    import pyoxigraph as ox

    from .store import UNION_GRAPH
    from .vocab import INFERRED_GRAPH

    if engine != "rules":
        raise ValueError(f"materialise_store supports engine='rules' only, not {engine!r}")
    say = log or (lambda msg: None)
    db = store.ox
    u, i = UNION_GRAPH, INFERRED_GRAPH
    marker = _marker_quad()
    t0 = time.monotonic()

    # 1. mark the inferred graph incomplete (one small transaction), then empty it (bounded
    #    transactions, one per predicate / class), keeping the marker
    db.add(marker)
    _clear_graph(db, i, keep=marker)
    say(f"cleared old inferred graph: {time.monotonic() - t0:.1f} s")

    # 2. the TBox: the ontology + axioms the data asserts; the ontology's own triples (without
    #    blank nodes) go into the inferred graph as premises, as materialise() reasons on
    #    data + ontology; they are taken out again in step 4
    onto = ontology if ontology is not None else load_ontology()
    axioms = _asserted_axioms(db, u)
    tbox = _TBox(onto + axioms if len(axioms) else onto)
    db.extend(
        ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), ox.NamedNode(i))
        for s, p, o in onto if not isinstance(s, BNode) and not isinstance(o, BNode)
    )

    # 3. the rules, to a fixpoint: group by group in dependency order (see _TBox.plan). In a
    #    recursive group, the rules fed only by earlier groups run once; the others run again
    #    while a rule derived something that feeds a rule that ran before it (or itself)
    with tempfile.TemporaryDirectory(prefix="mandategraph-reason-") as tmp_dir:
        _run_plan(db, tbox, u, i, os.path.join(tmp_dir, "derived.nt"), max_rounds, say)
    say(f"rules done: {time.monotonic() - t0:.1f} s")

    # 4. drop what materialise() drops: triples about the ontology's own terms (which covers
    #    the ontology's triples), schema-level triples, memberships of schema classes
    _drop_trivia(db, i, onto)
    db.remove(marker)
    n = _count(db, i)
    say(f"done: {n} inferred triples in {time.monotonic() - t0:.1f} s")
    return n


def _run_plan(db, tbox: "_TBox", u: str, i: str, tmp: str, max_rounds: int, say) -> None:
    import time

    for rules, recursive in tbox.plan():
        todo = rules
        for rnd in range(1, max_rounds + 1):
            again = False
            for k, r in enumerate(todo):
                t = time.monotonic()
                derived = _apply(db, r, u, i, tmp)
                if derived and recursive:
                    again = again or any(r.feeds(b) for b in todo[:k + 1])  # a rule that ran already
                say(f"  {r.name} {r.head} <- {r.body}: {derived} bytes, {time.monotonic() - t:.2f} s")
            if not again:
                break
            todo = [b for b in rules if any(a.feeds(b) for a in rules)]
            say(f"  round {rnd + 1} of {sorted({r.head_pred.rsplit('#', 1)[-1] for r in rules})}")
        else:
            raise RuntimeError(f"rules did not reach a fixpoint in {max_rounds} rounds")


def inferred_is_complete(store) -> bool:
    """False when the store has no inferred graph, or a half-built one (a reasoning run that
    did not finish: the graph still carries :data:`INCOMPLETE_MARKER`)."""
    import pyoxigraph as ox

    from .vocab import INFERRED_GRAPH

    if not store.ox.contains_named_graph(ox.NamedNode(INFERRED_GRAPH)):
        return False
    return _marker_quad() not in store.ox


def inconsistencies_store(store, *, ontology: Optional[Graph] = None) -> list[str]:
    """The clash rules (CLASH_RULES, specialised per disjointness axiom) on the store's union +
    inferred graphs; same messages as ``inconsistencies(..., engine="rules")``. Meaningful
    after :func:`materialise_store` (the inferred types are what clash)."""
    from .store import UNION_GRAPH
    from .vocab import INFERRED_GRAPH

    db = store.ox
    onto = ontology if ontology is not None else load_ontology()
    axioms = _asserted_axioms(db, UNION_GRAPH)
    tbox = _TBox(onto + axioms if len(axioms) else onto)
    graphs = [UNION_GRAPH] + ([INFERRED_GRAPH] if INFERRED_GRAPH in {g.value for g in db.named_graphs()} else [])
    frm = " ".join(f"FROM <{g}>" for g in graphs)
    msgs = set()
    for c, d in tbox.disjoint:
        for row in db.query(f"SELECT DISTINCT ?x {frm} WHERE {{ ?x a <{c}> . ?x a <{d}> }}"):
            msgs.add(f"cax-dw: {row['x']}, <{c}>, <{d}>")
    for row in db.query(f"SELECT DISTINCT ?x {frm} WHERE {{ ?x a <{OWL.Nothing}> }}"):
        msgs.add(f"cls-nothing2: {row['x']}")
    return sorted(msgs)


# Derivations larger than this (bytes of N-Triples, ~25 k triples) go in with Oxigraph's bulk
# loader (sorted runs written straight to disk, several times faster than a transaction of the
# same size, and with bounded memory); smaller ones with one ordinary transaction.
BULK_BYTES = 4 << 20


def _apply(db, rule: "_Rule", u: str, i: str, tmp: str) -> int:
    """Run one rule: its new triples (CONSTRUCT, streamed to an N-Triples file) added to graph
    ``i``. Returns the size of what it derived in bytes (0: nothing new)."""
    import os

    import pyoxigraph as ox

    db.query(rule.construct(u, i)).serialize(tmp, format=ox.RdfFormat.N_TRIPLES)
    size = os.path.getsize(tmp)
    if size >= BULK_BYTES:
        db.bulk_load(path=tmp, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(i))
    elif size:
        db.load(path=tmp, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(i))
    return size


def _marker_quad():
    import pyoxigraph as ox

    s, p, o = INCOMPLETE_MARKER
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(o), ox.NamedNode(s))


def _count(db, graph: str, predicates: Optional[list[str]] = None) -> int:
    values = f"VALUES ?p {{ {' '.join(f'<{p}>' for p in predicates)} }} " if predicates else ""
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ {values}GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(next(iter(db.query(q)))["n"].value)


DELETE_CHUNK = 200_000  # triples per deleting transaction (Oxigraph holds a transaction in memory)


def _clear_graph(db, graph: str, keep=None) -> None:
    """Empty ``graph`` (but ``keep``) in bounded transactions: per predicate, per class for
    rdf:type, and in slices of DELETE_CHUNK triples within those."""
    import pyoxigraph as ox

    g = f"<{graph}>"
    patterns = []
    for r in db.query(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} GROUP BY ?p"):
        p = r["p"]
        if keep is not None and p == keep.predicate:
            continue
        if p.value == _RDF_TYPE:
            for rc in db.query(f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ GRAPH {g} {{ ?s a ?c }} }} GROUP BY ?c"):
                c = rc["c"] if isinstance(rc["c"], ox.NamedNode) else "?o"
                patterns.append((f"?s a {c}", int(rc["n"].value)))
        else:
            patterns.append((f"?s {p} ?o", int(r["n"].value)))
    for pattern, n in patterns:
        for _ in range(n // DELETE_CHUNK):
            db.update(f"DELETE {{ GRAPH {g} {{ {pattern} }} }} WHERE {{ "
                      f"{{ SELECT * WHERE {{ GRAPH {g} {{ {pattern} }} }} LIMIT {DELETE_CHUNK} }} }}")
        db.update(f"DELETE WHERE {{ GRAPH {g} {{ {pattern} }} }}")


def _asserted_axioms(db, union: str) -> Graph:
    """Axioms the data itself asserts (normally none), for the TBox."""
    preds = [RDFS.subPropertyOf, RDFS.subClassOf, OWL.inverseOf, RDFS.domain, RDFS.range, OWL.disjointWith]
    g = Graph()
    values = " ".join(f"<{p}>" for p in preds)
    q = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{union}> {{ {{ VALUES ?p {{ {values} }} ?s ?p ?o }} UNION "
         f"{{ ?s ?p ?o FILTER (?p = <{RDF.type}> && ?o = <{OWL.TransitiveProperty}>) }} }} }}")
    for t in db.query(q):
        g.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
    return g


def _drop_trivia(db, graph: str, onto: Graph) -> None:
    """Delete from ``graph`` the triples ``_trivial`` (with the ontology's subjects) rejects."""
    g = f"<{graph}>"
    subjects = sorted({str(s) for s in onto.subjects() if isinstance(s, URIRef)})
    for k in range(0, len(subjects), 200):
        values = " ".join(f"<{s}>" for s in subjects[k:k + 200])
        db.update(f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} GRAPH {g} {{ ?s ?p ?o }} }}")
    for p in sorted(_SCHEMA_PREDICATES):
        db.update(f"DELETE WHERE {{ GRAPH {g} {{ ?s <{p}> ?o }} }}")
    ns = " || ".join(f'STRSTARTS(STR(?c), "{n}")' for n in _SCHEMA_NS)
    db.update(f"DELETE {{ GRAPH {g} {{ ?s a ?c }} }} WHERE {{ GRAPH {g} {{ ?s a ?c }} FILTER (isIRI(?c) && ({ns})) }}")
    db.update(f"DELETE {{ GRAPH {g} {{ ?s <{OWL.sameAs}> ?s }} }} WHERE {{ GRAPH {g} {{ ?s <{OWL.sameAs}> ?s }} }}")
