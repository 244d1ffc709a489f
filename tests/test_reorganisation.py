"""The 2025 reorganisation: a task assigned before it to a body that was merged can be traced to the
body that carries it now (loaders/data/reorganisation.tsv -> org:ChangeEvent in the graph)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from mandategraph.graph.emit import agency_iri, emit
from mandategraph.graph.validate import validate
from mandategraph.loaders import agencies, parse_file
from mandategraph.loaders.resources import agency_rows, reorganisation_rows
from mandategraph.ontology import load_ontology

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
MG = Namespace("https://w3id.org/mandategraph/ontology#")
SAMPLE_002 = Path(__file__).resolve().parent.parent / "examples" / "002_9bda8510e97b7cbd.txt"


@pytest.fixture(scope="module")
def parsed_002():
    return parse_file(SAMPLE_002)


@pytest.fixture(scope="module")
def graph_002(parsed_002):
    return emit(parsed_002)


def test_reorganisation_data_refers_to_known_bodies():
    keys = {r["key"] for r in agency_rows()}
    for row in reorganisation_rows():
        assert row["resulting"] in keys, row
        assert all(k in keys for k in row["original"].split("|")), row
        dt.date.fromisoformat(row["effective"])
        assert row["scope"] in ("central", "every-province", "provinces-with-it")
        assert row["confidence"] in ("high", "medium", "low") and row["note"]


def test_successors_api():
    kh = agencies.resolve("Sở Kế hoạch và Đầu tư", "son-la")
    [(succ, when, event)] = agencies.successors(kh)
    assert succ.key == "son-la/so-tai-chinh" and succ.canonical == "Sở Tài chính tỉnh Sơn La"
    assert when == dt.date(2025, 3, 1) and event
    # both original departments end in one
    a = agencies.successors(agencies.resolve("Sở Tài nguyên và Môi trường", "lang-son"))
    b = agencies.successors(agencies.resolve("Sở Nông nghiệp và Phát triển nông thôn", "lang-son"))
    assert [s.key for s, _, _ in a] == [s.key for s, _, _ in b] == ["lang-son/so-nong-nghiep-va-moi-truong"]
    # the central ministry merges separately
    [(bo, _, _)] = agencies.successors(agencies.resolve("Bộ Kế hoạch và Đầu tư", None))
    assert bo.key == "central/bo-tai-chinh"
    assert agencies.successors(agencies.resolve("Sở Tài chính", "son-la")) == []
    assert agencies.successors(agencies.resolve("các sở, ban, ngành", "son-la")) == []


def test_task_5_1_of_002_is_carried_by_so_tai_chinh_now(parsed_002, graph_002):
    task = next(p for p in parsed_002.provisions if p.id.endswith("II/5/5.1"))
    leads = [a.agency for a in task.assignments if a.role == "lead"]
    assert [a.key for a in leads] == ["son-la/so-ke-hoach-va-dau-tu"]
    g = graph_002
    old = agency_iri("son-la/so-ke-hoach-va-dau-tu")
    new = agency_iri("son-la/so-tai-chinh")
    events = list(g.subjects(ORG.originalOrganization, old))
    assert len(events) == 1
    ev = events[0]
    assert str(ev).endswith("/event/merge-so-tai-chinh-2025/son-la")
    assert (ev, RDF.type, ORG.ChangeEvent) in g
    assert (ev, ORG.resultingOrganization, new) in g
    assert (ev, PROV.atTime, Literal("2025-03-01", datatype=XSD.date)) in g
    assert {l.language for l in g.objects(ev, RDFS.label)} == {"vi", "en"}
    assert (new, RDF.type, MG.Agency) in g and (new, SKOS.prefLabel, Literal("Sở Tài chính tỉnh Sơn La", lang="vi")) in g
    # "who carries this task now": task -> lead body -> change event -> resulting body
    q = """
    PREFIX mg: <https://w3id.org/mandategraph/ontology#>
    PREFIX org: <http://www.w3.org/ns/org#>
    PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?now ?since WHERE {
      ?task mg:leadAgency ?body .
      ?ev org:originalOrganization ?body ; org:resultingOrganization ?now ; prov:atTime ?since .
      FILTER(STRENDS(STR(?task), "/p/Dieu-1/II/5/5.1"))
    }"""
    rows = {(str(r.now), str(r.since)) for r in g.query(q)}
    assert rows == {(str(new), "2025-03-01")}


def test_emitted_change_terms_are_declared_labelled_and_valid(graph_002):
    onto = load_ontology()
    for term in (ORG.ChangeEvent, ORG.originalOrganization, ORG.resultingOrganization, PROV.atTime):
        assert any(onto.triples((term, RDF.type, None))), term
        for p in (RDFS.label, SKOS.definition):
            assert {l.language for l in onto.objects(term, p)} >= {"vi", "en"}, (term, p)
    report = validate(graph_002)
    assert not [r for r in report.results if "change event" in r.message_en.lower()], report.to_text()
