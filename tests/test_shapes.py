"""Every SHACL shape: a minimal graph that violates it (severity + message), and a conforming graph."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from mandategraph.graph.validate import Report, as_graph, exit_code, validate
from mandategraph.ontology import load_shapes

PREFIXES = """
@base <https://w3id.org/mandategraph/id/> .
@prefix mg: <https://w3id.org/mandategraph/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A small graph shaped like the emitter's output that satisfies every shape (no result at all).
BASE = PREFIXES + """
<doc/kh> a mg:Document, mg:Plan ; mg:documentNumber "161/KH-UBND" ; mg:documentType <doctype/KH> ;
    rdfs:label "161/KH-UBND"@vi ; mg:title "Kế hoạch thực hiện Nghị quyết 19-NQ/TW"@vi ;
    eli:date_document "2025-01-20"^^xsd:date ; mg:year 2025 ; mg:issuedBy <body/ubnd> ; mg:province <province/son-la> ;
    mg:loadedFrom <source/f> ; mg:implements <doc/nq> ; mg:sourceFile <source/f> ; mg:lineStart 1 ; mg:lineEnd 5 .
<doc/nq> a mg:Document, mg:Resolution ; mg:documentNumber "19-NQ/TW" ; rdfs:label "19-NQ/TW"@vi ;
    eli:date_document "2018-10-25"^^xsd:date ; mg:year 2018 ; mg:issuedBy <body/bch-tw> .
<body/ubnd> a mg:Agency ; rdfs:label "UBND tỉnh Sơn La"@vi ; skos:prefLabel "UBND tỉnh Sơn La"@vi ;
    mg:agencyKind <agency-kind/state> ; mg:adminLevel <level/provincial> ; mg:collective false ; mg:province <province/son-la> .
<body/bch-tw> a mg:Agency ; skos:prefLabel "Ban Chấp hành Trung ương"@vi ; mg:agencyKind <agency-kind/party> ; mg:adminLevel <level/central> .
<body/cac-so> a mg:Agency, mg:CollectiveBody ; skos:prefLabel "Các sở, ban, ngành"@vi ; mg:collective true ;
    mg:agencyKind <agency-kind/collective> ; org:subOrganizationOf <body/ubnd> .
<body/sxd> a mg:Agency ; skos:prefLabel "Sở Xây dựng"@vi ; org:subOrganizationOf <body/ubnd> .
<province/son-la> a mg:Province ; rdfs:label "Sơn La"@vi .
<source/f> a mg:SourceFile ; mg:fileName "002.txt" ; mg:sha256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" .
<doc/kh/p/II> a mg:Provision ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh> ; mg:provisionId "II" ; mg:ref "II" ;
    rdfs:label "Nhiệm vụ, giải pháp"@vi ; mg:sourceFile <source/f> ; mg:lineStart 10 ; mg:lineEnd 11 .
<doc/kh/p/II/1> a mg:Provision, mg:Task ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh/p/II> ; mg:provisionId "II/1" ; mg:ref "1" ;
    rdfs:label "Rà soát quy hoạch"@vi ; mg:leadAgency <body/sxd> ; mg:coordinatingAgency <body/cac-so> ;
    mg:hasAssignment <doc/kh/p/II/1/a/lead/sxd>, <doc/kh/p/II/1/a/coordinating/cac-so> ;
    mg:hasDeadline <doc/kh/p/II/1/deadline/1> ; mg:hasTarget <doc/kh/p/II/1/target/1> ;
    mg:sourceFile <source/f> ; mg:lineStart 12 ; mg:lineEnd 14 .
<doc/kh/p/II/1/a/lead/sxd> a mg:Assignment ; mg:onTask <doc/kh/p/II/1> ; mg:agency <body/sxd> ; mg:role <role/lead> ;
    mg:sourceFile <source/f> ; mg:lineStart 13 ; mg:lineEnd 13 .
<doc/kh/p/II/1/a/coordinating/cac-so> a mg:Assignment ; mg:onTask <doc/kh/p/II/1> ; mg:agency <body/cac-so> ;
    mg:role <role/coordinating> ; mg:sourceFile <source/f> ; mg:lineStart 13 ; mg:lineEnd 13 .
<doc/kh/p/II/1/deadline/1> a mg:Deadline ; mg:dueDate "2025-11-30"^^xsd:date ; mg:deadlineKind "month" ;
    mg:text "Tháng 11/2025"@vi ; mg:sourceFile <source/f> ; mg:lineStart 14 ; mg:lineEnd 14 .
<doc/kh/p/II/1/target/1> a mg:Target ; mg:indicator "độ che phủ rừng"@vi ; mg:value 65.0 ; mg:valueMax 66.0 ;
    mg:unit "%" ; mg:comparator "eq" ; mg:targetYear 2025 ; mg:sourceFile <source/f> ; mg:lineStart 14 ; mg:lineEnd 14 .
<doc/kh/p/II/2> a mg:Provision, mg:Task, mg:Scheme ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh/p/II> ;
    mg:provisionId "II/2" ; mg:ref "2" ; rdfs:label "Xây dựng đề án"@vi ; mg:inheritsAssignmentFrom <doc/kh/p/II/1> ;
    mg:sourceFile <source/f> ; mg:lineStart 15 ; mg:lineEnd 16 .
<cit/f/1> a mg:Citation ; mg:citingDocument <doc/kh> ; mg:citedDocument <doc/nq> ; mg:relation <relation/implements> ;
    mg:inProvision <doc/kh/p/II> ; mg:sourceFile <source/f> ; mg:lineStart 3 ; mg:lineEnd 3 .
"""

SPAN = 'mg:sourceFile <source/f> ; mg:lineStart 30 ; mg:lineEnd 30'
PROV = f'mg:inDocument <doc/kh> ; mg:partOf <doc/kh> ; mg:provisionId "X" ; rdfs:label "x"@vi ; {SPAN}'

# (node shape, Turtle added to BASE, expected severity, fragment of the English message)
CASES = [
    ("DocumentShape", '<doc/x> a mg:Document ; mg:documentNumber "29-NQ" ; rdfs:label "29-NQ"@vi ; mg:year 2020 .',
     "Violation", "national format"),
    ("DocumentShape", '<doc/x> a mg:Document ; mg:documentNumber "1/QĐ-UBND", "2/QĐ-UBND" ; rdfs:label "x"@vi ; mg:year 2020 .',
     "Violation", "at most one number"),
    ("DocumentShape", '<doc/x> a mg:Document ; rdfs:label "x"@vi ; mg:year 2020 ; mg:issuedBy <province/son-la> .',
     "Violation", "must be an mg:Agency"),
    ("DocumentLabelShape", '<doc/x> a mg:Document ; mg:year 2020 .', "Warning", "has no label"),
    ("DocumentDateKnownShape", '<doc/x> a mg:Document ; rdfs:label "Nghị quyết Đại hội XIII"@vi .', "Info", "Neither date nor year"),
    ("DocumentTypeClassShape", '<doc/x> a mg:Decision ; rdfs:label "x"@vi .', "Violation", "also be typed mg:Document"),
    ("ProvisionShape", f'<doc/kh/p/X> a mg:Provision ; mg:partOf <doc/kh> ; mg:provisionId "X" ; rdfs:label "x"@vi ; {SPAN} .',
     "Violation", "in exactly one mg:Document"),
    ("ProvisionKindShape", f'<doc/kh/p/X> a mg:Objective ; {PROV} .', "Violation", "also be typed mg:Provision"),
    ("SchemeShape", f'<doc/kh/p/X> a mg:Provision, mg:Scheme ; {PROV} ; mg:leadAgency <body/sxd> .', "Warning", "also be typed mg:Task"),
    ("TaskLeadShape", f'<doc/kh/p/X> a mg:Provision, mg:Task ; {PROV} .', "Warning", "no lead agency"),
    ("AssignmentShape", f'<doc/kh/p/II/1/a/x> a mg:Assignment ; mg:onTask <doc/kh/p/II/1> ; mg:agency <body/sxd> ; mg:role <role/boss> ; {SPAN} .',
     "Violation", "exactly one role"),
    ("DeadlineShape", '<doc/kh/p/II/1/deadline/1> mg:dueDate "soon" .', "Violation", "at most one due date"),
    ("DeadlineKindShape", '<doc/kh/p/II/1/deadline/1> mg:deadlineKind "whenever" .', "Warning", "deadline kind should be"),
    ("TargetShape", '<doc/kh/p/II/1/target/1> mg:valueMax 60.0 .', "Violation", "greater than its maximum"),
    ("TargetDetailShape", '<doc/kh/p/II/1/target/1> mg:comparator "bigger" .', "Warning", "comparator should be"),
    ("CitationShape", f'<cit/f/2> a mg:Citation ; mg:citingDocument <doc/kh> ; mg:citedDocument <doc/kh> ; mg:relation <relation/cites> ; {SPAN} .',
     "Violation", "cannot cite itself"),
    ("AgencyShape", '<body/x> a mg:Agency ; skos:prefLabel "X"@vi ; mg:agencyKind <agency-kind/alien> .', "Violation", "at most one kind"),
    ("CollectiveBodyShape", '<body/x> a mg:Agency, mg:CollectiveBody ; skos:prefLabel "Các huyện"@vi ; mg:collective false .',
     "Warning", "mg:collective true"),
    ("ProvinceShape", '<http://example.org/son-la> a mg:Province .', "Violation", "province IRI"),
    ("SourceFileShape", '<source/f> mg:sha256 "XYZ" .', "Violation", "SHA-256"),
    ("SpanShape", '<doc/kh/p/II/1> mg:lineEnd 2 .', "Violation", "after its last line"),
    ("ProvenanceShape", '<doc/kh/p/X> a mg:Provision ; mg:inDocument <doc/kh> ; mg:partOf <doc/kh> ; mg:provisionId "X" ; rdfs:label "x"@vi .',
     "Warning", "no provenance"),
    ("ChronologyShape", '<doc/nq> mg:cites <doc/later> . <doc/later> a mg:Document ; rdfs:label "l"@vi ; eli:date_document "2020-01-01"^^xsd:date ; mg:year 2020 .',
     "Violation", "dated 2020-01-01, after its own date 2018-10-25"),
    ("DeadlineAfterIssueShape", '<doc/kh/p/II/1> mg:hasDeadline <doc/kh/p/II/1/deadline/2> . <doc/kh/p/II/1/deadline/2> a mg:Deadline ; '
     f'mg:dueDate "2024-12-31"^^xsd:date ; mg:deadlineKind "year" ; mg:text "Năm 2024"@vi ; {SPAN} .',
     "Violation", "falls before the issuing date 2025-01-20"),
    ("DuplicateDocumentShape", '<doc/kh2> a mg:Document ; mg:documentNumber "161/KH-UBND" ; rdfs:label "161/KH-UBND"@vi ; '
     'mg:year 2025 ; mg:issuedBy <body/ubnd> .', "Violation", "same number 161/KH-UBND"),
    ("YearMatchesDateShape", '<doc/nq> mg:year 2019 .', "Violation", "year 2019 disagrees"),
    ("ProvisionCycleShape", '<doc/kh/p/II> mg:partOf <doc/kh/p/II/1> .', "Violation", "part of itself"),
    ("ProvisionDocumentShape", f'<doc/kh/p/X> a mg:Provision ; mg:inDocument <doc/kh> ; mg:partOf <doc/nq> ; mg:provisionId "X" ; rdfs:label "x"@vi ; {SPAN} .',
     "Violation", "does not reach its document"),
    ("CentralIssuerShape", '<doc/cp> a mg:Document ; mg:documentNumber "01/NQ-CP" ; rdfs:label "01/NQ-CP"@vi ; mg:year 2025 .',
     "Warning", "central-level document 01/NQ-CP"),
    ("ChangeEventShape", '<event/merge/son-la> a org:ChangeEvent ; org:originalOrganization <body/sxd> ; '
     'org:resultingOrganization <province/son-la> ; <http://www.w3.org/ns/prov#atTime> "2025-03-01"^^xsd:date .',
     "Violation", "resulting organization, an mg:Agency"),
    ("AssignmentShortcutShape", f'<doc/kh/p/II/1/a/lead/ubnd> a mg:Assignment ; mg:onTask <doc/kh/p/II/1> ; mg:agency <body/ubnd> ; mg:role <role/lead> ; {SPAN} .',
     "Warning", "lacks the shortcut"),
]


def _graph(extra: str = "") -> Graph:
    return Graph().parse(data=BASE + extra, format="turtle")


@pytest.fixture(scope="module")
def base_report() -> Report:
    return validate(_graph())


def test_base_graph_conforms_without_any_result(base_report):
    assert base_report.conforms
    assert base_report.results == [], base_report.to_text()
    assert base_report.exit_code == 0 == exit_code(base_report)


def test_every_node_shape_has_a_violating_case():
    shapes = load_shapes()
    names = {str(s).rsplit("#", 1)[1] for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    assert names == {c[0] for c in CASES}


@pytest.mark.parametrize("shape,extra,severity,fragment", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_violating_graph(shape, extra, severity, fragment):
    report = validate(_graph(extra))
    hits = [r for r in report.results if fragment in r.message_en]
    assert hits, f"no result with {fragment!r}:\n{report.to_text()}"
    r = hits[0]
    assert r.severity == severity
    assert r.message_vi and r.message_vi != r.message_en  # both languages reported
    assert report.conforms == (severity != "Violation")
    assert report.exit_code == (1 if severity == "Violation" else 0)


def test_report_renders_text_turtle_and_json_with_source_lines():
    g = _graph()
    g.set((URIRef("https://w3id.org/mandategraph/id/doc/kh/p/II/1/deadline/1"),
           URIRef("https://w3id.org/mandategraph/ontology#dueDate"), Literal(date(2024, 1, 31))))
    report = validate(g)
    [r] = report.violations
    assert (r.label, r.source_file, r.line) == ("Tháng 11/2025", "002.txt", 14)
    assert r.document == "https://w3id.org/mandategraph/id/doc/kh" and r.document_label == "161/KH-UBND"
    text = report.to_text()
    assert "Document 161/KH-UBND" in text and "Tháng 11/2025 [002.txt:14]" in text
    assert "Hạn chót 2024-01-31" in report.to_text(lang="vi")
    data = json.loads(report.to_json())
    assert data["conforms"] is False and data["results"][0]["line"] == 14
    assert "sh:ValidationReport" in report.to_turtle()


def test_dataset_is_validated_as_one_union():
    from rdflib import Dataset

    ds = Dataset()
    g1 = ds.graph(URIRef("https://w3id.org/mandategraph/graph/a"))
    g2 = ds.graph(URIRef("https://w3id.org/mandategraph/graph/b"))
    g1.parse(data=BASE, format="turtle")
    # the same document minted twice in another named graph: only visible across graphs
    g2.parse(data=PREFIXES + '<doc/kh2> a mg:Document ; mg:documentNumber "161/KH-UBND" ; rdfs:label "x"@vi ; '
             'mg:year 2025 ; mg:issuedBy <body/ubnd> .', format="turtle")
    assert len(as_graph(ds)) == len(g1) + len(g2)
    report = validate(ds)
    assert any("same number" in r.message_en for r in report.violations)


def test_exit_code_for_errors():
    assert exit_code(ValueError("boom")) == 2
    with pytest.raises(ValueError):
        validate(_graph(), inference="magic")
