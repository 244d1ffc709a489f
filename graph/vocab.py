"""Namespaces and the terms mandategraph emits.

The single list of terms shared by the emitter, the named queries and the ontology: every
term named here is declared (with vi and en labels) in ``ontology/*.ttl``, and a test fails on
a term the emitter writes that the ontology does not declare.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DCTERMS

BASE = "https://w3id.org/mandategraph/"
MG = Namespace(BASE + "ontology#")  # the ontology (TBox)
ID = Namespace(BASE + "id/")  # instances (ABox)
GRAPH = Namespace(BASE + "graph/")  # one named graph per source document
# The RDF merge (a set) of all document graphs, maintained by every write (see graph/store.py)
UNION_GRAPH = BASE + "graph/union"
INFERRED_GRAPH = BASE + "graph/inferred"  # OWL RL closure, kept apart from asserted triples

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "mg": str(MG),
    "id": str(ID),
    "eli": str(ELI),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
}

# Document type codes (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW) -> class local name.
DOC_TYPE_CLASS = {
    "NQ": "Resolution",  # Nghị quyết
    "QĐ": "Decision",  # Quyết định
    "CT": "Directive",  # Chỉ thị
    "KL": "Conclusion",  # Kết luận (Party)
    "KH": "Plan",  # Kế hoạch
    "CTr": "ActionProgramme",  # Chương trình (hành động)
    "ĐA": "SchemeDocument",  # Đề án
    "DA": "ProjectDocument",  # Dự án
    "PA": "ContingencyPlan",  # Phương án
    "QC": "Rules",  # Quy chế
    "QyĐ": "Regulation",  # Quy định (state)
    "QĐi": "PartyRegulation",  # Quy định (Party)
    "TC": "Communique",  # Thông cáo
    "TB": "Notice",  # Thông báo
    "HD": "Guidance",  # Hướng dẫn
    "BC": "Report",  # Báo cáo
    "BB": "Minutes",  # Biên bản
    "TTr": "Submission",  # Tờ trình
    "HĐ": "Contract",  # Hợp đồng
    "CĐ": "Telegram",  # Công điện
    "GM": "Invitation",  # Giấy mời
    "CV": "OfficialLetter",  # Công văn
    "NĐ": "Decree",  # Nghị định
    "TT": "Circular",  # Thông tư
    "LUAT": "Law",  # Luật
}

# Vietnamese names of the type codes (labels of the doctype concepts).
DOC_TYPE_NAME_VI = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "KL": "Kết luận", "KH": "Kế hoạch",
    "CTr": "Chương trình", "ĐA": "Đề án", "DA": "Dự án", "PA": "Phương án", "QC": "Quy chế",
    "QyĐ": "Quy định", "QĐi": "Quy định (Đảng)", "TC": "Thông cáo", "TB": "Thông báo",
    "HD": "Hướng dẫn", "BC": "Báo cáo", "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng",
    "CĐ": "Công điện", "GM": "Giấy mời", "CV": "Công văn", "NĐ": "Nghị định", "TT": "Thông tư",
    "LUAT": "Luật",
}

# Provision kinds (loaders.model.ProvisionKind) -> class local name.
PROVISION_CLASS = {
    "section": "Provision",
    "programme": "Programme",
    "task": "Task",
    "scheme": "Scheme",
    "objective": "Objective",
}

ROLES = ("lead", "coordinating", "advising", "monitoring", "requested")
ROLE_SHORTCUT = {  # task -> agency shortcut property per role
    "lead": MG.leadAgency,
    "coordinating": MG.coordinatingAgency,
    "advising": MG.advisingAgency,
    "monitoring": MG.monitoringAgency,
    "requested": MG.requestedAgency,
}
RELATIONS = ("basis", "implements", "cites")
RELATION_PROPERTY = {"basis": MG.basedOn, "implements": MG.implements, "cites": MG.cites}

# Concept schemes (instances of skos:Concept, declared in ontology/concepts.ttl).
ROLE = Namespace(BASE + "id/role/")  # ROLE.lead ...
RELATION = Namespace(BASE + "id/relation/")  # RELATION.basis ...
DOCTYPE = Namespace(BASE + "id/doctype/")  # DOCTYPE["QĐ"] -> percent-safe slug, see doctype_iri()
AGENCY_KIND = Namespace(BASE + "id/agency-kind/")  # party state front armed judicial collective other
ADMIN_LEVEL = Namespace(BASE + "id/level/")  # central provincial district commune
PROVINCE = Namespace(BASE + "id/province/")  # son-la, lang-son, ...

# Properties the emitter writes (all in the MG namespace unless noted).
EMITTED_PROPERTIES = [
    # documents
    MG.documentNumber, MG.documentType, MG.issuedBy, MG.title, MG.year, MG.place, MG.province,
    MG.signer, MG.signerCapacity, MG.recipient, MG.loadedFrom, ELI.date_document,
    # relations between documents
    MG.basedOn, MG.implements, MG.cites,
    # structure
    MG.partOf, MG.inDocument, MG.ref, MG.provisionId, MG.text, MG.inheritsAssignmentFrom,
    # assignments
    MG.hasAssignment, MG.onTask, MG.agency, MG.role,
    MG.leadAgency, MG.coordinatingAgency, MG.advisingAgency, MG.monitoringAgency, MG.requestedAgency,
    # deadlines and targets
    MG.hasDeadline, MG.dueDate, MG.deadlineKind, MG.hasTarget, MG.indicator, MG.value, MG.valueMax,
    MG.unit, MG.comparator, MG.targetYear,
    # citations (qualified)
    MG.citingDocument, MG.citedDocument, MG.relation, MG.inProvision,
    # agencies, and their 2025 reorganisation (org:ChangeEvent)
    MG.agencyKind, MG.adminLevel, MG.collective, ORG.subOrganizationOf,
    ORG.originalOrganization, ORG.resultingOrganization, PROV.atTime,
    # provenance
    MG.sourceFile, MG.lineStart, MG.lineEnd, MG.quote, MG.sha256, MG.fileName,
    # labels
    RDFS.label, SKOS.prefLabel, SKOS.altLabel,
]

EMITTED_CLASSES = [
    MG.Document, MG.Provision, MG.Programme, MG.Task, MG.Scheme, MG.Objective,
    MG.Agency, MG.CollectiveBody, MG.Assignment, MG.Citation, MG.Deadline, MG.Target,
    MG.SourceFile, MG.Province, ORG.ChangeEvent,
] + [MG[c] for c in DOC_TYPE_CLASS.values()]


def doctype_iri(code: str):
    """IRI of the SKOS concept for a document-type code.

    'Đ' is written 'DD' as in the Telex input method, so every code gets its own ASCII IRI:
    'QĐ' -> .../doctype/QDD, 'ĐA' -> DDA (đề án) but 'DA' -> DA (dự án), 'HĐ' -> HDD but 'HD' -> HD.
    """
    from ..loaders.text import ascii_slug  # local import: vocab stays importable alone

    return DOCTYPE[ascii_slug(code.replace("Đ", "DD").replace("đ", "dd"), keep_case=True)]
