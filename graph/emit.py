"""ParsedDocument -> RDF triples of the document's own named graph.

IRIs are deterministic: the same input text always gives the same IRIs, so loading a file
again replaces its graph instead of duplicating it. Every provision, assignment, citation,
deadline and target carries its provenance (source file node, first and last line, quote).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import PurePath
from typing import Iterable, Optional

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS, XSD

from ..loaders import agencies
from ..loaders.model import AgencyRef, Citation, DocRef, ParsedDocument, Provision, Span
from ..loaders.text import ascii_slug, strip_diacritics
from .vocab import (
    ADMIN_LEVEL,
    AGENCY_KIND,
    DOC_TYPE_CLASS,
    DOC_TYPE_NAME_VI,
    ELI,
    GRAPH,
    ID,
    MG,
    PROVINCE,
    PROVISION_CLASS,
    RELATION,
    RELATION_PROPERTY,
    ROLE,
    ROLE_SHORTCUT,
    doctype_iri,
)

_MG_DOCUMENT = str(MG.Document)
_RDF_TYPE = str(RDF.type)
_SEG_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
QUOTE_MAX = 500  # characters of quoted source text kept per fact


def _seg(s: str) -> str:
    return _SEG_UNSAFE.sub("-", strip_diacritics(s)).strip("-") or "x"


def source_name(source_file: str) -> str:
    return PurePath(source_file).name


def graph_iri(source_file: str) -> URIRef:
    """The named graph of a source file: one per file name, so re-loading replaces it."""
    return GRAPH[ascii_slug(source_name(source_file))]


def source_iri(source_file: str) -> URIRef:
    return ID["source/" + ascii_slug(source_name(source_file))]


def doc_iri(ref: DocRef) -> URIRef:
    return ID["doc/" + "/".join(_seg(p) for p in ref.key.split("/"))]


def agency_iri(key: str) -> URIRef:
    return ID["body/" + "/".join(_seg(p) for p in key.split("/"))]


def provision_iri(doc: URIRef, provision_id: str) -> URIRef:
    return URIRef(str(doc) + "/p/" + "/".join(_seg(p) for p in provision_id.split("/")))


@lru_cache(maxsize=4096)
def _agency_by_key(key: str) -> Optional[AgencyRef]:
    """The gazetteer's description of a body from its key ('central/bo-tai-chinh')."""
    scope, _, row_key = key.partition("/")
    row = next((r for r in agencies.agency_rows() if r["key"] == row_key), None)
    if row is None:
        return None
    province = None if scope == "central" else scope
    return agencies._from_row(row, row["canonical"].replace("{p}", "").strip(), province)


def parent_agency(a: AgencyRef) -> Optional[AgencyRef]:
    """The parent body (Sở -> UBND tỉnh), described, or None when the gazetteer does not know it."""
    if not a.parent_key or a.parent_key == a.key:
        return None
    return _agency_by_key(a.parent_key)


class _Lit(str):
    """An N-Triples literal, already serialized."""


_ESC = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _quoted(text: str) -> str:
    return '"' + str(text).translate(_ESC) + '"'


def _vi(text: str) -> _Lit:
    return _Lit(_quoted(text) + "@vi")


def _str(text: str) -> _Lit:
    return _Lit(_quoted(text))


_PROV_AT_TIME = URIRef("http://www.w3.org/ns/prov#atTime")


def _typed(value, datatype: str) -> _Lit:
    return _Lit(f'"{value}"^^<{_XSD}{datatype}>')


class Triples:
    """The emitter's sink: a set of N-Triples lines (no rdflib objects on the hot path)."""

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self.documents: set[str] = set()  # IRIs typed mg:Document, for entity resolution

    def add(self, t) -> None:
        s, p, o = t
        obj = o if isinstance(o, _Lit) else f"<{o}>"
        self.lines.add(f"<{s}> <{p}> {obj} .")
        # str(): rdflib terms never compare equal to plain strings
        if str(p) == _RDF_TYPE and str(o) == _MG_DOCUMENT:
            self.documents.add(str(s))

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> str:
        return "\n".join(sorted(self.lines)) + "\n"

    def to_graph(self) -> Graph:
        return Graph().parse(data=self.ntriples(), format="nt")


def _short(text: str, limit: int = QUOTE_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class _Emitter:
    def __init__(self, parsed: ParsedDocument):
        self.p = parsed
        self.g = Triples()
        self.src = source_iri(parsed.source_file)
        self.doc = doc_iri(parsed.doc)
        self._agencies_done: set[str] = set()
        self._docs_done: set[URIRef] = set()

    # -- provenance -----------------------------------------------------------------
    def provenance(self, node, span: Optional[Span]) -> None:
        if span is None:
            return
        g = self.g
        g.add((node, MG.sourceFile, self.src))
        g.add((node, MG.lineStart, _typed(span.line_start, 'integer')))
        g.add((node, MG.lineEnd, _typed(span.line_end, 'integer')))
        if span.quote:
            g.add((node, MG.quote, _vi(_short(span.quote))))

    # -- agencies ---------------------------------------------------------------------
    def agency(self, a: AgencyRef) -> URIRef:
        node = agency_iri(a.key)
        if a.key in self._agencies_done:
            return node
        self._agencies_done.add(a.key)
        g = self.g
        g.add((node, RDF.type, MG.Agency))
        if a.collective:
            g.add((node, RDF.type, MG.CollectiveBody))
        name = a.canonical  # collective bodies: normalised by the loader (agencies.collective_canonical)
        g.add((node, RDFS.label, _vi(name)))
        g.add((node, SKOS.prefLabel, _vi(name)))
        for alt in {a.name, *a.aliases} - {name}:
            if alt:
                g.add((node, SKOS.altLabel, _vi(alt)))
        g.add((node, MG.agencyKind, AGENCY_KIND[ascii_slug(a.kind)]))
        g.add((node, MG.adminLevel, ADMIN_LEVEL[ascii_slug(a.level)]))
        g.add((node, MG.collective, _typed('true' if a.collective else 'false', 'boolean')))
        if a.province:
            g.add((node, MG.province, self.province(a.province)))
        parent = parent_agency(a)
        if parent is not None:
            g.add((node, ORG.subOrganizationOf, self.agency(parent)))
        # the 2025 reorganisation: who carries this body's tasks now (loaders/data/reorganisation.tsv)
        for successor, effective, event_key in agencies.successors(a):
            event = ID["event/" + _seg(event_key) + "/" + _seg(a.province or "central")]
            g.add((event, RDF.type, ORG.ChangeEvent))
            g.add((event, ORG.originalOrganization, node))
            g.add((event, ORG.resultingOrganization, self.agency(successor)))
            g.add((event, _PROV_AT_TIME, _typed(effective.isoformat(), "date")))
            g.add((event, RDFS.label, _vi(f"Sắp xếp bộ máy 2025: {a.canonical} → {successor.canonical}, "
                                          f"từ ngày {effective:%d/%m/%Y}")))
            g.add((event, RDFS.label, _Lit(_quoted(f"2025 reorganisation: {a.canonical} → {successor.canonical}, "
                                                   f"from {effective.isoformat()}") + "@en")))
        return node

    def province(self, slug: str) -> URIRef:
        node = PROVINCE[ascii_slug(slug)]
        self.g.add((node, RDF.type, MG.Province))
        return node

    # -- documents --------------------------------------------------------------------
    def document(self, ref: DocRef) -> URIRef:
        node = doc_iri(ref)
        g = self.g
        first = node not in self._docs_done
        self._docs_done.add(node)
        if first:
            g.add((node, RDF.type, MG.Document))
        if ref.doc_type:
            cls = DOC_TYPE_CLASS.get(ref.doc_type)
            if cls:
                g.add((node, RDF.type, MG[cls]))
            concept = doctype_iri(ref.doc_type)
            g.add((node, MG.documentType, concept))
            g.add((concept, SKOS.notation, _str(ref.doc_type)))
            if ref.doc_type in DOC_TYPE_NAME_VI:
                g.add((concept, SKOS.prefLabel, _vi(DOC_TYPE_NAME_VI[ref.doc_type])))
        if ref.number:
            g.add((node, MG.documentNumber, _str(ref.number)))
        if ref.title:
            g.add((node, MG.title, _vi(ref.title)))
        label = ref.number or ref.title
        if label and first:
            g.add((node, RDFS.label, _vi(label)))
        if ref.date:
            g.add((node, ELI.date_document, _typed(ref.date.isoformat(), 'date')))
        year = ref.year or (ref.date.year if ref.date else None)
        if year:
            g.add((node, MG.year, _typed(year, 'integer')))
        if ref.issuer:
            g.add((node, MG.issuedBy, self.agency(ref.issuer)))
        if ref.province:
            g.add((node, MG.province, self.province(ref.province)))
        return node

    def loaded_document(self) -> None:
        p, g = self.p, self.g
        self.document(p.doc)
        g.add((self.doc, MG.loadedFrom, self.src))
        g.add((self.src, RDF.type, MG.SourceFile))
        g.add((self.src, MG.fileName, _str(source_name(p.source_file))))
        if p.content_sha256:
            g.add((self.src, MG.sha256, _str(p.content_sha256)))
        if p.place:
            g.add((self.doc, MG.place, _vi(p.place)))
        if p.signer:
            g.add((self.doc, MG.signer, _vi(p.signer)))
        if p.signer_capacity:
            g.add((self.doc, MG.signerCapacity, _vi(p.signer_capacity)))
        for r in p.recipients:
            g.add((self.doc, MG.recipient, _vi(r)))
        self.provenance(self.doc, p.header_span)

    # -- provisions ---------------------------------------------------------------------
    def provisions(self, provisions: Iterable[Provision]) -> None:
        g = self.g
        by_id = {pr.id: pr for pr in provisions}
        for pr in by_id.values():
            node = provision_iri(self.doc, pr.id)
            g.add((node, RDF.type, MG.Provision))
            cls = PROVISION_CLASS.get(pr.kind, "Provision")
            g.add((node, RDF.type, MG[cls]))
            if pr.kind == "scheme":  # a scheme is a task (queries run without inference)
                g.add((node, RDF.type, MG.Task))
            g.add((node, MG.ref, _str(pr.ref)))
            g.add((node, MG.provisionId, _str(pr.id)))
            if pr.heading:
                g.add((node, RDFS.label, _vi(_short(pr.heading, 300))))
            if pr.text:
                g.add((node, MG.text, _vi(pr.text)))
            parent = provision_iri(self.doc, pr.parent_id) if pr.parent_id in by_id else self.doc
            g.add((node, MG.partOf, parent))
            g.add((node, MG.inDocument, self.doc))
            self.provenance(node, pr.span)
            for src_id in pr.inherited_from:
                if src_id in by_id:
                    g.add((node, MG.inheritsAssignmentFrom, provision_iri(self.doc, src_id)))
            for a in pr.assignments:
                body = self.agency(a.agency)
                an = URIRef(f"{node}/a/{a.role}/{ascii_slug(a.agency.key)}")
                g.add((an, RDF.type, MG.Assignment))
                g.add((an, MG.onTask, node))
                g.add((an, MG.agency, body))
                g.add((an, MG.role, ROLE[a.role]))
                g.add((node, MG.hasAssignment, an))
                g.add((node, ROLE_SHORTCUT[a.role], body))
                self.provenance(an, a.span)
            for i, d in enumerate(pr.deadlines, 1):
                dn = URIRef(f"{node}/deadline/{i}")
                g.add((dn, RDF.type, MG.Deadline))
                g.add((node, MG.hasDeadline, dn))
                g.add((dn, MG.deadlineKind, _str(d.kind)))
                g.add((dn, MG.text, _vi(d.text)))
                if d.due:
                    g.add((dn, MG.dueDate, _typed(d.due.isoformat(), 'date')))
                self.provenance(dn, d.span)
            for i, t in enumerate(pr.targets, 1):
                tn = URIRef(f"{node}/target/{i}")
                g.add((tn, RDF.type, MG.Target))
                g.add((node, MG.hasTarget, tn))
                g.add((tn, MG.indicator, _vi(t.indicator)))
                g.add((tn, MG.value, _typed(_decimal(t.value), 'decimal')))
                if t.value_max is not None:
                    g.add((tn, MG.valueMax, _typed(_decimal(t.value_max), 'decimal')))
                if t.unit:
                    g.add((tn, MG.unit, _str(t.unit)))
                g.add((tn, MG.comparator, _str(t.comparator)))
                if t.year:
                    g.add((tn, MG.targetYear, _typed(t.year, 'integer')))
                if t.text:
                    g.add((tn, MG.text, _vi(_short(t.text))))
                self.provenance(tn, t.span)

    # -- citations ----------------------------------------------------------------------
    def citation(self, c: Citation) -> None:
        g = self.g
        citing = self.document(c.source) if c.source is not None else self.doc
        cited = self.document(c.target)
        if citing == cited:
            return
        g.add((citing, RELATION_PROPERTY[c.relation], cited))
        h = hashlib.sha1(f"{citing}|{cited}|{c.relation}|{c.span.line_start}".encode()).hexdigest()[:12]
        node = ID[f"cit/{ascii_slug(source_name(self.p.source_file))}/{h}"]
        g.add((node, RDF.type, MG.Citation))
        g.add((node, MG.citingDocument, citing))
        g.add((node, MG.citedDocument, cited))
        g.add((node, MG.relation, RELATION[c.relation]))
        if c.provision_id:
            g.add((node, MG.inProvision, provision_iri(self.doc, c.provision_id)))
        self.provenance(node, c.span)


def _decimal(v: float) -> str:
    return format(v, "f").rstrip("0").rstrip(".") if "." in format(v, "f") else format(v, "f")


def emit_triples(parsed: ParsedDocument) -> Triples:
    """All triples of one parsed document (for its named graph ``graph_iri(source_file)``)."""
    e = _Emitter(parsed)
    e.loaded_document()
    e.provisions(parsed.provisions)
    for c in parsed.citations:
        e.citation(c)
    return e.g


def emit(parsed: ParsedDocument) -> Graph:
    """The same triples as an rdflib Graph (for tools and tests; loading uses emit_triples)."""
    return emit_triples(parsed).to_graph()
