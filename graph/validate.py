"""SHACL validation of a mandategraph graph with the shipped shapes (``ontology/shapes/*.ttl``).

    report = validate(graph)            # rdflib.Graph or rdflib.Dataset (all named graphs are merged)
    print(report.to_text())             # grouped by source document, nodes named by label and line
    sys.exit(report.exit_code)          # 0 conforms, 1 violations; exit_code(exc) == 2 on error

``conforms`` means "no sh:Violation": Warnings and Infos are reported but do not fail.
The shapes need no inference; ``inference="rdfs" | "owlrl" | "both"`` runs pyshacl's own
pre-inference with the mandategraph ontology as ``ont_graph``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable, Optional, Union

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from ..ontology import load_ontology, load_shapes
from .vocab import MG

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
INFERENCE_MODES = ("none", "rdfs", "owlrl", "both")


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
    graph: Graph = field(default_factory=Graph, repr=False)  # the raw SHACL validation report

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


# ---------------------------------------------------------------------------------------------
def _results(rg: Graph, data: Graph, shapes: Graph) -> Iterable[Result]:
    ctx = _Context(data)
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
            path=_path_text(rg, path),
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


def _path_text(rg: Graph, path: Optional[Node]) -> Optional[str]:
    if path is None:
        return None
    nm = Graph().namespace_manager
    nm.bind("mg", MG)
    if isinstance(path, URIRef):
        return path.n3(nm)
    try:  # complex path: a blank-node structure; show it as a SPARQL property path
        from rdflib.extras.shacl import parse_shacl_path

        return parse_shacl_path(rg, path).n3(nm)
    except Exception:  # pragma: no cover - display only
        return "(complex path)"


class _Context:
    """Looks up, in the data, what a reader needs to find a node: its label, document and source line."""

    def __init__(self, g: Graph):
        self.g = g

    def label(self, node: Optional[Node]) -> Optional[str]:
        if node is None:
            return None
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
