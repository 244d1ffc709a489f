"""SHACL validation of a mandategraph graph with the shipped shapes (``ontology/shapes/*.ttl``).

    report = validate_store(store)      # the store's union graph, validated inside Oxigraph (fast)
    report = validate(graph)            # rdflib.Graph or rdflib.Dataset (all named graphs are merged)
    print(report.to_text())             # grouped by source document, nodes named by label and line
    sys.exit(report.exit_code)          # 0 conforms, 1 violations; exit_code(exc) == 2 on error

:func:`validate_store` has three engines giving the same results: ``"sparql"`` (default) compiles
the shapes to SPARQL queries run by Oxigraph on the store (``graph/shacl_sparql.py``), so the
graph is never copied into Python; ``"pyshacl"`` copies the union graph into rdflib and runs
pyshacl (the reference implementation, as :func:`validate`); ``"pyshacl-ox"`` copies the union
graph into an in-memory Oxigraph store and hands that to pyshacl.

``conforms`` means "no sh:Violation": Warnings and Infos are reported but do not fail.
The shapes need no inference; ``inference="rdfs" | "owlrl" | "both"`` runs pyshacl's own
pre-inference with the mandategraph ontology as ``ont_graph``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Optional, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..ontology import load_ontology, load_shapes
from .vocab import MG

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
INFERENCE_MODES = ("none", "rdfs", "owlrl", "both")
ENGINES = ("sparql", "pyshacl", "pyshacl-ox")


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, with the context needed to find the fact in its source."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str  # IRI (or blank-node id) of the offending node
    label: Optional[str]  # its rdfs:label / skos:prefLabel / number, when it has one
    source_file: Optional[str]  # mg:fileName of the file the node was extracted from
    line: Optional[int]  # mg:lineStart of the node (or of its nearest owner that has one)
    path: Optional[str]  # the property path (as an IRI or Turtle-ish text)
    message_en: str
    message_vi: str
    document: Optional[str]  # IRI of the document the node belongs to
    document_label: Optional[str]
    value: Optional[str] = None
    shape: Optional[str] = None
    component: Optional[str] = None  # local name of the constraint component, e.g. "MinCountConstraintComponent"


@dataclass
class Report:
    conforms: bool  # True when no result has severity sh:Violation
    results: list[Result] = field(default_factory=list)
    _graph: Optional[Graph] = field(default=None, repr=False, compare=False)
    _graph_builder: Optional[Callable[[], Graph]] = field(default=None, repr=False, compare=False)

    def __init__(self, conforms: bool, results: Optional[list[Result]] = None, graph: Optional[Graph] = None, *,
                 graph_builder: Optional[Callable[[], Graph]] = None):
        self.conforms = conforms
        self.results = results if results is not None else []
        self._graph = graph
        self._graph_builder = graph_builder

    @property
    def graph(self) -> Graph:
        """The raw SHACL validation report (sh:ValidationReport), built on first use when the
        engine did not need one."""
        if self._graph is None:
            self._graph = self._graph_builder() if self._graph_builder is not None else Graph()
        return self._graph

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def infos(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Info"]

    @property
    def exit_code(self) -> int:
        return 0 if self.conforms else 1

    def to_text(self, lang: str = "en") -> str:
        """Human-readable report grouped by source document."""
        counts = {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITY_ORDER}
        head = "Conforms" if self.conforms else "Does NOT conform"
        lines = [f"{head}: {counts['Violation']} violation(s), {counts['Warning']} warning(s), {counts['Info']} info(s)"]
        groups: dict[Optional[str], list[Result]] = defaultdict(list)
        for r in self.results:
            groups[r.document].append(r)
        for doc in sorted(groups, key=lambda d: (d is None, d or "")):
            rs = sorted(groups[doc], key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.line or 0, r.focus))
            if doc is None:
                lines.append("\n(no document: agencies, provinces, ...)")
            else:
                dl = rs[0].document_label
                lines.append(f"\nDocument {dl} <{doc}>" if dl else f"\nDocument <{doc}>")
            for r in rs:
                where = ""
                if r.source_file:
                    where = f" [{r.source_file}" + (f":{r.line}" if r.line else "") + "]"
                name = r.label or r.focus
                msg = r.message_vi if lang == "vi" else r.message_en
                path = f" ({r.path})" if r.path else ""
                lines.append(f"  {r.severity}: {name}{where}{path}: {msg}")
        return "\n".join(lines) + "\n"

    def to_turtle(self) -> str:
        return self.graph.serialize(format="turtle")

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps({"conforms": self.conforms, "results": [asdict(r) for r in self.results]},
                          ensure_ascii=False, indent=indent)


def exit_code(outcome: Union[Report, BaseException, None]) -> int:
    """0 conforms, 1 violations, 2 error (an exception, or nothing to report)."""
    if isinstance(outcome, Report):
        return outcome.exit_code
    return 2


def as_graph(data: Union[Graph, Dataset]) -> Graph:
    """The union of all graphs of a Dataset/ConjunctiveGraph as one plain Graph (a Graph as is)."""
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        g = Graph()
        for prefix, ns in data.namespaces():
            g.bind(prefix, ns, override=False)
        for s, p, o, _ in data.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return data


def validate(data: Union[Graph, Dataset], *, inference: str = "none", shapes: Optional[Graph] = None) -> Report:
    """Validate ``data`` against the shipped shapes (or ``shapes``) and return a :class:`Report`.

    A Dataset is validated as the union of its graphs, so cross-document checks (duplicate
    documents, chronology) see every document.
    """
    import pyshacl

    if inference not in INFERENCE_MODES:
        raise ValueError(f"inference must be one of {INFERENCE_MODES}, not {inference!r}")
    g = as_graph(data)
    shapes = shapes if shapes is not None else load_shapes()
    _conforms, results_graph, _text = pyshacl.validate(
        g,
        shacl_graph=shapes,
        ont_graph=load_ontology() if inference != "none" else None,
        inference=inference,
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
        advanced=True,
        meta_shacl=False,
        inplace=False,
    )
    results = sorted(_results(results_graph, g, shapes), key=lambda r: (r.document or "", SEVERITY_ORDER.get(r.severity, 9), r.line or 0, r.focus))
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results, graph=results_graph)


def validate_store(store, *, engine: str = "sparql", graphs: Optional[Iterable[str]] = None,
                   shapes: Optional[Graph] = None) -> Report:
    """Validate the union graph of a :class:`~mandategraph.graph.store.GraphStore` (asserted
    triples only, not the inferred graph) and return a :class:`Report`.

    ``engine``: ``"sparql"`` (default, fastest: the shapes compiled to SPARQL and evaluated by
    Oxigraph; memory does not grow with the store), ``"pyshacl"`` (reference: the union graph
    copied into rdflib) or ``"pyshacl-ox"`` (pyshacl on an in-memory Oxigraph copy of the union
    graph). All three give the same results.

    ``graphs``: only report on focus nodes that are subjects in these document graphs (IRIs),
    e.g. the documents just loaded. Their constraints are still checked against the whole union
    graph (a duplicate of a document in another file is found).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    shapes = shapes if shapes is not None else load_shapes()
    graphs = list(graphs) if graphs is not None else None
    view = _StoreView(store.ox)
    if engine == "sparql":
        raw = _validate_sparql(store.ox, shapes, graphs)
        results = list(_raw_results(raw, view, shapes))
        rg = None
    else:
        rg = _validate_pyshacl(store, shapes, oxigraph=(engine == "pyshacl-ox"))
        if graphs is not None:
            _keep_focus(rg, _subjects_of(store.ox, graphs))
        results = list(_results(rg, view, shapes))
    results.sort(key=lambda r: (r.document or "", SEVERITY_ORDER.get(r.severity, 9), r.line or 0, r.focus))
    conforms = not any(r.severity == "Violation" for r in results)
    if rg is not None:
        return Report(conforms=conforms, results=results, graph=rg)
    return Report(conforms=conforms, results=results, graph_builder=lambda: _report_graph(raw, shapes, conforms))


def _validate_pyshacl(store, shapes: Graph, oxigraph: bool) -> Graph:
    import pyoxigraph as ox
    import pyshacl

    from .store import UNION_GRAPH

    if oxigraph:
        data = ox.Store()  # in memory: pyshacl reads the default graph
        if UNION_GRAPH in store.named_graphs():
            data.load(store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(UNION_GRAPH)),
                      format=ox.RdfFormat.N_TRIPLES)
        inplace = True  # our private copy: no need for pyshacl to clone it again
    else:
        data = store.union_graph(include_inferred=False)
        inplace = False
    _conforms, results_graph, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True,
        allow_infos=True, advanced=True, meta_shacl=False, inplace=inplace,
    )
    return results_graph


def _subjects_of(ox_store, graphs: list[str]) -> set:
    if not graphs:
        return set()
    values = " ".join(f"<{g}>" for g in graphs)
    q = f"SELECT DISTINCT ?s WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return {_to_rdflib(r["s"]) for r in ox_store.query(q)}


def _keep_focus(rg: Graph, keep: set) -> None:
    """Drop from a report graph the results whose focus node is not in ``keep``."""
    for res in list(rg.subjects(RDF.type, SH.ValidationResult)):
        if rg.value(res, SH.focusNode) not in keep:
            for report in list(rg.subjects(SH.result, res)):
                rg.remove((report, SH.result, res))
            rg.remove((res, None, None))
    conforms = not any(rg.value(r, SH.resultSeverity) == SH.Violation for r in rg.subjects(RDF.type, SH.ValidationResult))
    for report in rg.subjects(RDF.type, SH.ValidationReport):
        rg.set((report, SH.conforms, Literal(conforms)))


def _validate_sparql(ox_store, shapes: Graph, graphs: Optional[list[str]]) -> list[tuple]:
    """Run the compiled shapes on the store: one (query, focus, value, path, messages) per result."""
    import pyoxigraph as ox

    from .shacl_sparql import compile_shapes
    from .store import UNION_GRAPH

    focus_filter = None
    if graphs is not None:
        values = " ".join(f"<{g}>" for g in graphs)
        focus_filter = f"SELECT DISTINCT ?this WHERE {{ VALUES ?_g {{ {values} }} GRAPH ?_g {{ ?this ?_p ?_o }} }}"
    raw: list[tuple] = []
    for cq in compile_shapes(shapes, focus_filter=focus_filter):
        solutions = ox_store.query(cq.query, default_graph=[ox.NamedNode(UNION_GRAPH)])
        names = [v.value for v in solutions.variables]
        seen = set()
        default_msgs = list(cq.messages) or [Literal(f"{_local(cq.component)} failed")]
        for row in solutions:
            focus = _to_rdflib(row["this"])
            path = cq.path
            if cq.sparql:
                bound = {n: _to_rdflib(row[n]) for n in names if row[n] is not None}
                path = bound.pop("path", None)
                value = bound.pop("value", None)
                bound.pop("this", None)
                key = (focus, path, value, frozenset(bound.items()))
                if key in seen:  # pyshacl reports a repeated solution once
                    continue
                seen.add(key)
                if value is None and cq.node_shape:
                    value = focus
                msgs = [_fill_message(m, bound, focus, path, value) for m in cq.messages]
                path = path if path is not None else cq.path
            else:
                value = _to_rdflib(row[cq.value_var[1:]]) if cq.value_var else None
                msgs = default_msgs
            raw.append((cq, focus, value, path, msgs))
    return raw


def _raw_results(raw: list[tuple], data, shapes: Graph) -> Iterable[Result]:
    ctx = _Context(data)
    paths: dict = {}
    for cq, focus, value, path, msgs in raw:
        en, vi = _pick(msgs, "en"), _pick(msgs, "vi")
        doc = ctx.document(focus)
        src, line = ctx.span(focus)
        yield Result(
            severity=_local(cq.severity),
            focus=str(focus),
            label=ctx.label(focus),
            source_file=src,
            line=line,
            path=_path_text(shapes, path, paths),
            message_en=en or vi or "",
            message_vi=vi or en or "",
            document=str(doc) if doc is not None else None,
            document_label=ctx.label(doc) if doc is not None else None,
            value=str(value) if value is not None else None,
            shape=str(cq.shape) if isinstance(cq.shape, URIRef) else None,
            component=_local(cq.component),
        )


def _report_graph(raw: list[tuple], shapes: Graph, conforms: bool) -> Graph:
    """The SHACL validation report graph of the SPARQL engine's results."""
    rg = Graph()
    rg.bind("sh", SH)
    report = BNode()
    rg.add((report, RDF.type, SH.ValidationReport))
    rg.add((report, SH.conforms, Literal(conforms)))
    copied: set = set()
    for cq, focus, value, path, msgs in raw:
        r = BNode()
        rg.add((report, SH.result, r))
        rg.add((r, RDF.type, SH.ValidationResult))
        rg.add((r, SH.focusNode, focus))
        rg.add((r, SH.resultSeverity, cq.severity))
        rg.add((r, SH.sourceConstraintComponent, cq.component))
        rg.add((r, SH.sourceShape, _copy_node(shapes, cq.shape, rg, copied)))
        if value is not None:
            rg.add((r, SH.value, value))
        if path is not None:
            rg.add((r, SH.resultPath, _copy_node(shapes, path, rg, copied)))
        if cq.source_constraint is not None:
            rg.add((r, SH.sourceConstraint, _copy_node(shapes, cq.source_constraint, rg, copied)))
        for m in msgs:
            rg.add((r, SH.resultMessage, m))
    return rg


def _fill_message(template: Literal, bound: dict, focus, path, value) -> Literal:
    """Fill {?var} / {$var} like pyshacl does (str() of the term), keeping the language tag."""
    fdict = dict(bound)
    fdict["this"] = focus
    if path is not None:
        fdict["path"] = path
    if value is not None:
        fdict["value"] = value
    msg = str(template)
    for var, val in fdict.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(val), msg)
    return Literal(msg, lang=template.language) if template.language else Literal(msg)


def _copy_node(src: Graph, node: Node, dst: Graph, copied: set) -> Node:
    """Copy a blank node's description (a path, an anonymous shape) from the shapes graph."""
    if isinstance(node, BNode) and node not in copied:
        copied.add(node)
        for p, o in src.predicate_objects(node):
            dst.add((node, p, _copy_node(src, o, dst, copied)))
    return node


def _to_rdflib(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value if term.datatype is not None else None
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # rdflib keeps plain literals untyped
    return Literal(term.value, datatype=URIRef(dt) if dt else None)


def _to_ox(term):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class _StoreView:
    """The few rdflib Graph look-ups :class:`_Context` needs, answered from the store's union
    graph by index (a handful of look-ups per reported node, never a copy of the graph)."""

    def __init__(self, ox_store):
        import pyoxigraph as ox

        from .store import UNION_GRAPH

        self.s = ox_store
        self.g = ox.NamedNode(UNION_GRAPH)
        self._terms: dict = {}  # rdflib term -> pyoxigraph term (bounded)

    def _quads(self, s, p, o):
        if isinstance(s, Literal):
            return iter(())
        return self.s.quads_for_pattern(self._ox(s), self._ox(p), self._ox(o), self.g)

    def _ox(self, term):
        if term is None:
            return None
        t = self._terms.get(term)
        if t is None:
            if len(self._terms) > 100_000:
                self._terms.clear()
            t = self._terms[term] = _to_ox(term)
        return t

    def objects(self, subject=None, predicate=None):
        for q in self._quads(subject, predicate, None):
            yield _to_rdflib(q.object)

    def value(self, subject=None, predicate=None, object=None):
        for q in self._quads(subject, predicate, object):
            return _to_rdflib(q.subject if subject is None else q.object)
        return None

    def __contains__(self, triple) -> bool:
        return any(True for _ in self._quads(*triple))


# ---------------------------------------------------------------------------------------------
def _results(rg: Graph, data: Graph, shapes: Graph) -> Iterable[Result]:
    ctx = _Context(data)
    paths: dict = {}  # path node -> text (one namespace manager, each path rendered once)
    for res in rg.subjects(RDF.type, SH.ValidationResult):
        focus = rg.value(res, SH.focusNode)
        sev = rg.value(res, SH.resultSeverity)
        msgs = [m for m in rg.objects(res, SH.resultMessage) if isinstance(m, Literal)]
        if any(m.language is None for m in msgs):
            msgs = _tag_languages(msgs, shapes, rg.value(res, SH.sourceConstraint) or rg.value(res, SH.sourceShape))
        en = _pick(msgs, "en")
        vi = _pick(msgs, "vi")
        path = rg.value(res, SH.resultPath)
        value = rg.value(res, SH.value)
        comp = rg.value(res, SH.sourceConstraintComponent)
        shape = rg.value(res, SH.sourceShape)
        doc = ctx.document(focus)
        src, line = ctx.span(focus)
        yield Result(
            severity=_local(sev) if sev is not None else "Violation",
            focus=str(focus),
            label=ctx.label(focus),
            source_file=src,
            line=line,
            path=_path_text(rg, path, paths),
            message_en=en or vi or "",
            message_vi=vi or en or "",
            document=str(doc) if doc is not None else None,
            document_label=ctx.label(doc) if doc is not None else None,
            value=str(value) if value is not None else None,
            shape=str(shape) if isinstance(shape, URIRef) else None,
            component=_local(comp) if comp is not None else None,
        )


def _tag_languages(msgs: list[Literal], shapes: Graph, source: Optional[Node]) -> list[Literal]:
    """pyshacl drops the language tag when it fills {?var} into a SPARQL constraint's message:
    find the message template each result message was made from and take its language."""
    templates = [t for t in shapes.objects(source, SH.message) if isinstance(t, Literal)] if source is not None else []
    out = []
    for m in msgs:
        lang = m.language
        if lang is None:
            for t in templates:
                pattern = re.sub(r"\\\{\\[?$]\w+\\\}", "(?s:.*)", re.escape(str(t)))
                if t.language and re.fullmatch(pattern, str(m)):
                    lang = t.language
                    break
        out.append(Literal(str(m), lang=lang) if lang else m)
    return out


def _pick(msgs: list[Literal], lang: str) -> Optional[str]:
    for m in msgs:
        if m.language == lang:
            return str(m)
    for m in msgs:
        if m.language is None:
            return str(m)
    return None


def _local(iri: Node) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _path_text(rg: Graph, path: Optional[Node], _cache: Optional[dict] = None) -> Optional[str]:
    if path is None:
        return None
    if _cache is not None and path in _cache:
        return _cache[path]
    nm = _cache.get("_nm") if _cache is not None else None
    if nm is None:
        nm = Graph().namespace_manager
        nm.bind("mg", MG)
        if _cache is not None:
            _cache["_nm"] = nm
    if isinstance(path, URIRef):
        text = path.n3(nm)
    else:
        try:  # complex path: a blank-node structure; show it as a SPARQL property path
            from rdflib.extras.shacl import parse_shacl_path

            text = parse_shacl_path(rg, path).n3(nm)
        except Exception:  # pragma: no cover - display only
            text = "(complex path)"
    if _cache is not None:
        _cache[path] = text
    return text


class _Context:
    """Looks up, in the data, what a reader needs to find a node: its label, document and source line."""

    def __init__(self, g: Graph):
        self.g = g
        self._labels: dict = {}  # many results name the same document: look its label up once

    def label(self, node: Optional[Node]) -> Optional[str]:
        if node is None:
            return None
        if node not in self._labels:
            self._labels[node] = self._label(node)
        return self._labels[node]

    def _label(self, node: Node) -> Optional[str]:
        for p in (RDFS.label, SKOS.prefLabel, MG.documentNumber, MG.title, MG.indicator, MG.text, MG.fileName):
            vals = list(self.g.objects(node, p))
            if vals:
                vi = [v for v in vals if isinstance(v, Literal) and v.language == "vi"]
                return str((vi or vals)[0])
        return None

    def _owner(self, node: Node) -> Optional[Node]:
        """The provision/document a dependent node (assignment, deadline, target, citation) hangs on."""
        g = self.g
        return (g.value(node, MG.onTask) or g.value(None, MG.hasDeadline, node) or g.value(None, MG.hasTarget, node)
                or g.value(node, MG.inProvision) or g.value(node, MG.citingDocument))

    def document(self, node: Optional[Node], _depth: int = 0) -> Optional[Node]:
        g = self.g
        if node is None or isinstance(node, Literal) or _depth > 3:
            return None
        if (node, RDF.type, MG.Document) in g:
            return node
        doc = g.value(node, MG.inDocument)
        if doc is not None:
            return doc
        if (node, RDF.type, MG.SourceFile) in g:
            return g.value(None, MG.loadedFrom, node)
        owner = self._owner(node)
        return self.document(owner, _depth + 1) if owner is not None else None

    def span(self, node: Optional[Node], _depth: int = 0) -> tuple[Optional[str], Optional[int]]:
        g = self.g
        if node is None or isinstance(node, Literal) or _depth > 3:
            return None, None
        line = g.value(node, MG.lineStart)
        src = g.value(node, MG.sourceFile) or g.value(node, MG.loadedFrom)
        if (node, RDF.type, MG.SourceFile) in g:
            src = node
        if src is None and line is None:
            owner = self._owner(node)
            if owner is not None:
                return self.span(owner, _depth + 1)
        name = g.value(src, MG.fileName) if src is not None else None
        return (str(name) if name is not None else (str(src) if src is not None else None),
                int(line) if isinstance(line, Literal) and str(line).isdigit() else None)
