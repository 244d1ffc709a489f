"""Compile SHACL shapes to SPARQL SELECT queries that run inside Oxigraph.

    queries = compile_shapes(load_shapes())       # raises UnsupportedShape on an unknown construct
    for cq in queries:
        for row in store.ox.query(cq.query, default_graph=[...]):
            ...                                   # one row per validation result: ?this [?value]

Why: pyshacl needs the data graph as an rdflib Graph (a copy of the whole store in Python, slow
and large). Here every constraint of every shape becomes one SELECT query whose rows ARE the
validation results, evaluated by Oxigraph on the store itself; Python only sees the results.
pyshacl stays the reference implementation (``graph.validate.validate_store(engine="pyshacl")``),
and the tests check that both give the same results.

The compiler is generic over the SHACL constructs the shipped shapes use, and refuses (with
:class:`UnsupportedShape`) any other construct, so a new shape is never silently ignored:

* targets: ``sh:targetClass`` (with ``rdfs:subClassOf*`` in the data, as SHACL defines SHACL
  instances), ``sh:targetSubjectsOf``, ``sh:target`` with an ``sh:SPARQLTarget``;
* paths: predicate, ``sh:inversePath``, ``sh:alternativePath``, sequences, ``sh:zeroOrMorePath``,
  ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``;
* core constraints: ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``,
  ``sh:maxCount``, ``sh:minInclusive``, ``sh:pattern`` (``sh:flags``), ``sh:in``, ``sh:hasValue``,
  ``sh:or``, ``sh:disjoint``, ``sh:lessThanOrEquals``, ``sh:uniqueLang``, ``sh:property``;
* SHACL-SPARQL: ``sh:sparql`` with ``sh:select`` and ``sh:prefixes`` on node shapes.

Each constraint yields a "violation pattern": a SPARQL group that, given a candidate pattern
binding the focus variable, has one solution per validation result. Patterns never rely on
correlated evaluation (``FILTER NOT EXISTS`` with an outer variable inside an arbitrary-length
path is very slow in Oxigraph); a missing value is found with ``MINUS`` against the candidates
joined with the path, and nested shapes (``sh:or``) by joining the sets of nodes that fail each
member shape. SPARQL constraints are pre-bound set-wise: the shape's focus-node selection is put
as a sub-query at the start of the constraint's WHERE clause, with ``$this`` read as ``?this``.

Semantics follow pyshacl where SHACL leaves room: the value reported by a SPARQL constraint of
a node shape is ``?value`` or else the focus node; ``sh:lessThanOrEquals`` compares IRIs and
strings as strings and fails on mixed kinds, one result per failing pair; ``sh:uniqueLang`` gives
one result per duplicated (lower-cased) language, without a value.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node


class UnsupportedShape(ValueError):
    """The shapes use a SHACL construct this compiler does not implement."""


RDF_TYPE_SUBCLASS = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"

# Predicates of a shape that are not constraints (targets are read separately).
_NON_CONSTRAINT = {
    RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description, SH.order,
    SH.group, SH.defaultValue, SH.deactivated, SH.path, SH.targetClass, SH.targetSubjectsOf, SH.target,
    SH.flags,  # read together with sh:pattern
}
_TARGETS_UNSUPPORTED = (SH.targetNode, SH.targetObjectsOf)
_SUPPORTED = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.pattern, SH["in"],
    SH.hasValue, SH["or"], SH.disjoint, SH.lessThanOrEquals, SH.uniqueLang, SH.property, SH.sparql,
}
# sh:datatype: the datatypes whose well-formedness Oxigraph can check with a cast, as pyshacl does.
_CASTABLE = {XSD.integer, XSD.decimal, XSD.float, XSD.double, XSD.boolean, XSD.date, XSD.dateTime, XSD.time,
             XSD.duration}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_OTHER_PREBOUND = re.compile(r"\$(PATH|value|shapesGraph|currentShape)\b")


@dataclass
class ConstraintQuery:
    """One SELECT query whose solutions are the validation results of one constraint.

    Columns: ``?this`` (focus node), ``value_var`` (the value node, when the component reports
    one; the focus node itself for constraints of node shapes). SPARQL-based constraints
    (``sparql=True``) return the constraint's own variables (``?path``, ``?value``, ...)."""

    shape: Node  # sh:sourceShape
    component: URIRef  # sh:sourceConstraintComponent
    severity: URIRef
    path: Optional[Node]  # the shape's sh:path node in the shapes graph (sh:resultPath)
    messages: tuple  # Literals (templates for SPARQL constraints)
    query: str
    value_var: Optional[str] = None  # column holding sh:value
    sparql: bool = False
    source_constraint: Optional[Node] = None
    node_shape: bool = True  # the reporting shape is a node shape (no path)
    parameter: Optional[Node] = None  # the constraint's parameter value, for generic messages
    extra_vars: tuple = field(default_factory=tuple)


def compile_shapes(shapes: Graph, *, focus_filter: Optional[str] = None) -> list[ConstraintQuery]:
    """Compile every active shape with targets to :class:`ConstraintQuery` objects.

    ``focus_filter``: a SPARQL group pattern binding ``?this`` that further restricts the focus
    nodes of every shape (e.g. "subjects of these named graphs")."""
    return _Compiler(shapes, focus_filter).compile()


class _Compiler:
    def __init__(self, shapes: Graph, focus_filter: Optional[str]):
        self.g = shapes
        self.focus_filter = focus_filter
        self._n = itertools.count(1)
        self.prefix_text = ""

    # -- helpers ---------------------------------------------------------------------------------
    def fresh(self, base: str = "v") -> str:
        return f"?_{base}{next(self._n)}"

    def _one(self, node: Node, p: URIRef) -> Optional[Node]:
        vals = list(self.g.objects(node, p))
        if len(vals) > 1:
            raise UnsupportedShape(f"{_n3(node)} has {len(vals)} values for {_n3(p)}; expected at most one")
        return vals[0] if vals else None

    def _list(self, node: Node) -> list:
        if node != RDF.nil and (node, RDF.first, None) not in self.g:
            raise UnsupportedShape(f"{_n3(node)} should be an RDF list")
        return list(Collection(self.g, node))

    def deactivated(self, shape: Node) -> bool:
        d = self._one(shape, SH.deactivated)
        return isinstance(d, Literal) and d.toPython() is True

    def severity(self, shape: Node) -> URIRef:
        return self._one(shape, SH.severity) or SH.Violation

    def messages(self, node: Node) -> tuple:
        return tuple(sorted((m for m in self.g.objects(node, SH.message)), key=str))

    def term(self, t: Node) -> str:
        if isinstance(t, URIRef):
            return f"<{_iri(t)}>"
        if isinstance(t, Literal):
            lex = _string(str(t))
            if t.language:
                return f"{lex}@{t.language}"
            if t.datatype is not None:
                return f"{lex}^^<{_iri(t.datatype)}>"
            return lex
        raise UnsupportedShape(f"blank node {_n3(t)} used as a constant in a constraint")

    # -- paths -----------------------------------------------------------------------------------
    def path(self, node: Node) -> str:
        g = self.g
        if isinstance(node, URIRef):
            return f"<{_iri(node)}>"
        if isinstance(node, Literal):
            raise UnsupportedShape(f"a literal is not a path: {node!r}")
        if (node, RDF.first, None) in g:
            items = self._list(node)
            if len(items) < 2:
                raise UnsupportedShape(f"a sequence path needs at least two members: {_n3(node)}")
            return "(" + "/".join(self.path(i) for i in items) + ")"
        preds = {p for p in g.predicates(node, None)} - {RDF.type}
        if len(preds) != 1:
            raise UnsupportedShape(f"unsupported property path {_n3(node)} with {sorted(map(_n3, preds))}")
        p = preds.pop()
        inner = self._one(node, p)
        if p == SH.inversePath:
            return f"^({self.path(inner)})"
        if p == SH.alternativePath:
            items = self._list(inner)
            if len(items) < 2:
                raise UnsupportedShape(f"an alternative path needs at least two members: {_n3(node)}")
            return "(" + "|".join(self.path(i) for i in items) + ")"
        if p == SH.zeroOrMorePath:
            return f"({self.path(inner)})*"
        if p == SH.oneOrMorePath:
            return f"({self.path(inner)})+"
        if p == SH.zeroOrOnePath:
            return f"({self.path(inner)})?"
        raise UnsupportedShape(f"unsupported property path construct {_n3(p)} in {_n3(node)}")

    # -- shapes ----------------------------------------------------------------------------------
    def shapes_with_targets(self) -> list[Node]:
        g = self.g
        out = set()
        for p in (SH.targetClass, SH.targetSubjectsOf, SH.target) + _TARGETS_UNSUPPORTED:
            out.update(g.subjects(p, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            for s in g.subjects(RDF.type, kind):
                if (s, RDF.type, RDFS.Class) in g or (s, RDF.type, OWL.Class) in g:
                    raise UnsupportedShape(f"implicit class target (shape {_n3(s)} is also a class)")
        return sorted(out, key=str)

    def target(self, shape: Node) -> str:
        """A sub-query binding ``?this`` to each focus node of ``shape`` (once)."""
        g = self.g
        for p in _TARGETS_UNSUPPORTED:
            if (shape, p, None) in g:
                raise UnsupportedShape(f"{_n3(p)} (shape {_n3(shape)}) is not supported")
        parts = []
        for c in sorted(g.objects(shape, SH.targetClass), key=str):
            parts.append(f"?this {RDF_TYPE_SUBCLASS} {self.term(c)} .")
        for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"?this {self.term(p)} {self.fresh('o')} .")
        for t in sorted(g.objects(shape, SH.target), key=str):
            if (t, RDF.type, SH.SPARQLTarget) not in g or (t, SH.select, None) not in g:
                raise UnsupportedShape(f"sh:target of {_n3(shape)}: only sh:SPARQLTarget with sh:select is supported")
            if set(g.predicates(t, None)) - {RDF.type, SH.select, SH.prefixes}:
                raise UnsupportedShape(f"sh:SPARQLTarget of {_n3(shape)}: unsupported parameters")
            self.add_prefixes(t)
            body = self.strip_prologue(str(self._one(t, SH.select)))
            if "$this" in body:
                raise UnsupportedShape(f"sh:SPARQLTarget of {_n3(shape)} uses $this")
            parts.append(f"{{ {body} }}")
        if not parts:
            raise UnsupportedShape(f"shape {_n3(shape)} has no target")
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        filt = f" {{ {self.focus_filter} }}" if self.focus_filter else ""
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union}{filt} }} }}"

    def add_prefixes(self, node: Node) -> None:
        """Declare the prefixes of ``sh:prefixes`` (``sh:declare``) in every query."""
        for ont in self.g.objects(node, SH.prefixes):
            for decl in self.g.objects(ont, SH.declare):
                pre, ns = self._one(decl, SH.prefix), self._one(decl, SH.namespace)
                if pre is None or ns is None:
                    raise UnsupportedShape(f"incomplete sh:declare in {_n3(ont)}")
                line = f"PREFIX {pre}: <{_iri(str(ns))}>\n"
                if line not in self.prefix_text:
                    self.prefix_text += line

    @staticmethod
    def strip_prologue(text: str) -> str:
        m = re.match(r"\s*((PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)+", text, re.I)
        if m:
            raise UnsupportedShape("PREFIX/BASE inside sh:select: declare prefixes with sh:prefixes instead")
        return text.strip()

    def check_constraints(self, shape: Node) -> None:
        for p in set(self.g.predicates(shape, None)):
            if p in _NON_CONSTRAINT or p in _SUPPORTED:
                continue
            if str(p).startswith(str(SH)):
                raise UnsupportedShape(f"{_n3(p)} (in shape {_n3(shape)}) is not supported by the SPARQL engine")

    def compile(self) -> list[ConstraintQuery]:
        out: list[ConstraintQuery] = []
        for shape in self.shapes_with_targets():
            if self.deactivated(shape):
                continue
            out.extend(self.top_level(shape, "?this", self.target(shape)))
        return out

    def top_level(self, shape: Node, f: str, cand: str) -> list[ConstraintQuery]:
        """The queries of ``shape`` for focus variable ``f`` ranging over ``cand``."""
        self.check_constraints(shape)
        out = []
        path_node = self._one(shape, SH.path)
        for comp, pattern, v, param, extra in self.violations(shape, f, cand, top=True):
            cols = " ".join([f] + ([v] if v and v != f else []) + list(extra))
            out.append(ConstraintQuery(
                shape=shape, component=comp, severity=self.severity(shape), path=path_node,
                messages=self.messages(shape), query=self.prefix_text + f"SELECT {cols} WHERE {{ {pattern} }}",
                value_var=v, node_shape=path_node is None, parameter=param, extra_vars=tuple(extra),
            ))
        for ps in sorted(self.g.objects(shape, SH.property), key=str):
            if self.deactivated(ps):
                continue
            if path_node is not None:
                raise UnsupportedShape(f"sh:property on a property shape ({_n3(shape)}) is not supported")
            out.extend(self.top_level(ps, f, cand))
        for sc in sorted(self.g.objects(shape, SH.sparql), key=str):
            if self._one(sc, SH.deactivated) == Literal(True):
                continue
            out.append(self.sparql_constraint(shape, sc, f, cand))
        return out

    # -- value nodes -----------------------------------------------------------------------------
    def values(self, shape: Node, f: str, cand: str) -> tuple[str, str]:
        """(value variable, pattern binding ``f`` and each of its value nodes once)."""
        path_node = self._one(shape, SH.path)
        if path_node is None:
            return f, cand
        v = self.fresh()
        p = self.path(path_node)
        if isinstance(path_node, URIRef):
            return v, f"{cand} {f} {p} {v} ."
        return v, f"{{ SELECT DISTINCT {f} {v} WHERE {{ {cand} {f} {p} {v} . }} }}"

    def violations(self, shape: Node, f: str, cand: str, top: bool = False):
        """Yield (component, pattern, value var or None, parameter, extra columns) for every
        constraint directly on ``shape`` (not its sh:property shapes)."""
        g = self.g
        self.check_constraints(shape)
        path_node = self._one(shape, SH.path)
        p = self.path(path_node) if path_node is not None else None
        v, vals = self.values(shape, f, cand)

        for c in sorted(g.objects(shape, SH["class"]), key=str):
            yield SH.ClassConstraintComponent, f"{vals} MINUS {{ {v} {RDF_TYPE_SUBCLASS} {self.term(c)} . }}", v, c, ()
        dt = self._one(shape, SH.datatype)
        if dt is not None:
            yield SH.DatatypeConstraintComponent, f"{vals} FILTER (!COALESCE({self.datatype_ok(dt, v)}, false))", v, dt, ()
        nk = self._one(shape, SH.nodeKind)
        if nk is not None:
            if nk not in _NODE_KINDS:
                raise UnsupportedShape(f"unknown sh:nodeKind {_n3(nk)}")
            yield SH.NodeKindConstraintComponent, f"{vals} FILTER (!{_NODE_KINDS[nk].format(v=v)})", v, nk, ()
        pat = self._one(shape, SH.pattern)
        if pat is not None:
            flags = self._one(shape, SH.flags)
            fl = f", {_string(str(flags))}" if flags is not None else ""
            yield (SH.PatternConstraintComponent,
                   f"{vals} FILTER (isBlank({v}) || !REGEX(STR({v}), {_string(str(pat))}{fl}))", v, pat, ())
        ins = self._one(shape, SH["in"])
        if ins is not None:
            members = self._list(ins)
            ok = " || ".join(f"sameTerm({v}, {self.term(m)})" for m in members) or "false"
            yield SH.InConstraintComponent, f"{vals} FILTER (!({ok}))", v, ins, ()
        mi = self._one(shape, SH.minInclusive)
        if mi is not None:
            if not isinstance(mi, Literal):
                raise UnsupportedShape(f"sh:minInclusive must be a literal in {_n3(shape)}")
            yield (SH.MinInclusiveConstraintComponent,
                   f"{vals} FILTER (!COALESCE({v} >= {self.term(mi)}, false))", v, mi, ())
        for other in sorted(g.objects(shape, SH.disjoint), key=str):
            yield SH.DisjointConstraintComponent, f"{vals} {f} {self.term(other)} {v} .", v, other, ()
        for other in sorted(g.objects(shape, SH.lessThanOrEquals), key=str):
            o = self.fresh("o")
            yield (SH.LessThanOrEqualsConstraintComponent,
                   f"{vals} {f} {self.term(other)} {o} . FILTER (!COALESCE({_ltoe(v, o)}, false))", v, other, ())
        hv = self._one(shape, SH.hasValue)
        if hv is not None:
            if p is None:
                yield SH.HasValueConstraintComponent, f"{cand} FILTER (!sameTerm({f}, {self.term(hv)}))", None, hv, ()
            else:
                y = self.fresh("y")
                yield (SH.HasValueConstraintComponent,
                       f"{cand} MINUS {{ {cand} {f} {p} {y} . FILTER (sameTerm({y}, {self.term(hv)})) }}", None, hv, ())
        mn = self._one(shape, SH.minCount)
        if mn is not None:
            n = _int(mn, "sh:minCount", shape)
            if n > 0:
                if p is None:
                    raise UnsupportedShape(f"sh:minCount on a node shape ({_n3(shape)})")
                # a bounded path is evaluated once as a whole (hash anti-join); a path with * or ?
                # must start from the candidates (its zero-length part would range over every node)
                inner = "" if self.bounded(path_node) else cand
                yield SH.MinCountConstraintComponent, f"{cand} MINUS {{ {inner} {self.distinct_values(f, p, n)} }}", None, mn, ()
        mx = self._one(shape, SH.maxCount)
        if mx is not None:
            n = _int(mx, "sh:maxCount", shape)
            if p is None:
                raise UnsupportedShape(f"sh:maxCount on a node shape ({_n3(shape)})")
            y = self.fresh("y")
            if self.bounded(path_node):  # count over the whole property, then keep the candidates
                pattern = f"{{ SELECT {f} WHERE {{ {f} {p} {y} . }} GROUP BY {f} HAVING (COUNT(DISTINCT {y}) > {n}) }} {cand}"
            else:
                pattern = f"{{ SELECT {f} WHERE {{ {cand} {f} {p} {y} . }} GROUP BY {f} HAVING (COUNT(DISTINCT {y}) > {n}) }}"
            yield SH.MaxCountConstraintComponent, pattern, None, mx, ()
        ul = self._one(shape, SH.uniqueLang)
        if ul is not None and isinstance(ul, Literal) and ul.toPython() is True:
            if p is None:
                raise UnsupportedShape(f"sh:uniqueLang on a node shape ({_n3(shape)})")
            y, lang = self.fresh("y"), self.fresh("lang")
            yield (SH.UniqueLangConstraintComponent,
                   f"{{ SELECT {f} {lang} WHERE {{ {cand} {f} {p} {y} . FILTER (isLiteral({y}) && LANG({y}) != \"\") }} "
                   f"GROUP BY {f} (LCASE(LANG({y})) AS {lang}) HAVING (COUNT(DISTINCT {y}) > 1) }}",
                   None, ul, (lang,) if top else ())
        elif ul is not None and not (isinstance(ul, Literal) and ul.toPython() is False):
            raise UnsupportedShape(f"sh:uniqueLang must be a boolean in {_n3(shape)}")
        for lst in sorted(g.objects(shape, SH["or"]), key=str):
            members = self._list(lst)
            vcand = cand if v == f else f"{{ SELECT DISTINCT {v} WHERE {{ {vals} }} }}"
            fv = vals if v == f else f"{{ SELECT DISTINCT {f} {v} WHERE {{ {vals} }} }}"
            fails = " ".join(f"{{ {self.fails(m, v, vcand)} }}" for m in members)
            yield SH.OrConstraintComponent, f"{fv} {fails}", v, lst, ()
        if not top and (g.value(shape, SH.sparql) is not None):
            raise UnsupportedShape(f"sh:sparql in a nested shape ({_n3(shape)}) is not supported")

    def bounded(self, path: Node) -> bool:
        """A predicate, an inverse predicate or alternatives of these: cheap to evaluate unbound."""
        if isinstance(path, URIRef):
            return True
        inv = self.g.value(path, SH.inversePath)
        if inv is not None:
            return isinstance(inv, URIRef)
        alt = self.g.value(path, SH.alternativePath)
        if alt is not None:
            return all(self.bounded(m) for m in self._list(alt))
        return False

    def distinct_values(self, f: str, p: str, n: int) -> str:
        """A pattern that matches when ``f`` has at least ``n`` distinct values of ``p``."""
        if n > 3:
            raise UnsupportedShape(f"sh:minCount {n} > 3 is not supported")
        ys = [self.fresh("y") for _ in range(n)]
        triples = " ".join(f"{f} {p} {y} ." for y in ys)
        neq = " ".join(f"FILTER (!sameTerm({a}, {b}))" for a, b in itertools.combinations(ys, 2))
        return f"{triples} {neq}"

    def fails(self, shape: Node, f: str, cand: str) -> str:
        """A sub-query binding ``f`` to the nodes of ``cand`` that do NOT conform to ``shape``."""
        if self.deactivated(shape):
            return f"{cand} FILTER (false)"
        parts = [pattern for _c, pattern, _v, _p, _e in self.violations(shape, f, cand)]
        for ps in sorted(self.g.objects(shape, SH.property), key=str):
            if not self.deactivated(ps):
                parts.append(self.fails(ps, f, cand))
        if not parts:  # no constraint: every node conforms
            return f"{cand} FILTER (false)"
        union = " UNION ".join(f"{{ {p} }}" for p in parts)
        return f"SELECT DISTINCT {f} WHERE {{ {union} }}"

    def datatype_ok(self, dt: Node, v: str) -> str:
        if dt == XSD.string:
            return f"(isLiteral({v}) && DATATYPE({v}) = <{XSD.string}>)"
        if dt == RDF.langString:
            return f"(isLiteral({v}) && LANG({v}) != \"\")"
        if dt in _CASTABLE:
            return f"(isLiteral({v}) && DATATYPE({v}) = <{dt}> && isLiteral(<{dt}>(STR({v}))))"
        raise UnsupportedShape(f"sh:datatype {_n3(dt)}: well-formedness check not implemented")

    # -- SHACL-SPARQL --------------------------------------------------------------------------
    def sparql_constraint(self, shape: Node, sc: Node, f: str, cand: str) -> ConstraintQuery:
        g = self.g
        if self._one(shape, SH.path) is not None:
            raise UnsupportedShape(f"sh:sparql on a property shape ({_n3(shape)}) is not supported ($PATH)")
        if f != "?this":
            raise UnsupportedShape(f"sh:sparql in a nested shape ({_n3(shape)}) is not supported")
        if set(g.predicates(sc, None)) - {RDF.type, SH.select, SH.prefixes, SH.message, SH.deactivated}:
            raise UnsupportedShape(f"sh:sparql of {_n3(shape)}: only sh:select, sh:prefixes and sh:message are supported")
        sel = self._one(sc, SH.select)
        if sel is None:
            raise UnsupportedShape(f"sh:sparql of {_n3(shape)} has no sh:select (ASK validators are not supported)")
        self.add_prefixes(sc)
        text = self.strip_prologue(str(sel))
        if _OTHER_PREBOUND.search(text):
            raise UnsupportedShape(f"sh:sparql of {_n3(shape)}: only $this can be pre-bound")
        text = re.sub(r"\$this\b", "?this", text)
        m = re.search(r"\bSELECT\b(.*?)(\bWHERE\b\s*)?\{", text, re.I | re.S)
        if not m:
            raise UnsupportedShape(f"sh:sparql of {_n3(shape)}: cannot find the WHERE clause")
        proj = m.group(1)
        if "*" not in proj and not re.search(r"\?this\b", proj):
            raise UnsupportedShape(f"sh:sparql of {_n3(shape)} does not project $this")
        if re.search(r"\?failure\b", proj):
            raise UnsupportedShape(f"sh:sparql of {_n3(shape)}: ?failure is not supported")
        query = text[: m.end()] + f" {cand} " + text[m.end():]
        msgs = self.messages(sc) + tuple(m for m in self.messages(shape) if m not in self.messages(sc))
        return ConstraintQuery(
            shape=shape, component=SH.SPARQLConstraintComponent, severity=self.severity(shape), path=None,
            messages=msgs, query=self.prefix_text + query, sparql=True, source_constraint=sc, node_shape=True,
        )


def _ltoe(v: str, o: str) -> str:
    """pyshacl's sh:lessThanOrEquals: IRIs and strings compare as strings; mixed kinds fail."""
    def s(x):
        return f"(isIRI({x}) || (isLiteral({x}) && (DATATYPE({x}) = <{XSD.string}> || LANG({x}) != \"\")))"
    return f"IF({s(v)} && {s(o)}, STR({v}) <= STR({o}), IF({s(v)} || {s(o)}, false, {v} <= {o}))"


def _int(node: Node, what: str, shape: Node) -> int:
    if not isinstance(node, Literal) or not isinstance(node.toPython(), int):
        raise UnsupportedShape(f"{what} must be an integer in {_n3(shape)}")
    return int(node.toPython())


def _string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _iri(s: str) -> str:
    if re.search(r'[<>"{}|^`\\\s]', str(s)):
        raise UnsupportedShape(f"IRI with characters SPARQL cannot hold: {s!r}")
    return str(s)


def _n3(node: Node) -> str:
    return node.n3() if hasattr(node, "n3") else str(node)


__all__ = ["ConstraintQuery", "UnsupportedShape", "compile_shapes"]
