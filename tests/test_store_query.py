"""Emitter, store and query runner, on hand-built ParsedDocuments (no text parsing involved).

The two small documents mirror 161/QĐ-UBND (Sơn La, 2025): task 1.1 led by Sở Tư pháp, based on
01/NQ-CP, implementing 27-CTr/TU which implements 158/2024/QH15.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from mandategraph.graph import query as q
from mandategraph.graph.emit import emit, graph_iri
from mandategraph.graph.export import export
from mandategraph.graph.store import GraphStore, resolve_undated
from mandategraph.graph.vocab import ID, MG
from mandategraph.loaders.model import (
    AgencyRef, Assignment, Citation, Deadline, DocRef, ParsedDocument, Provision, Span,
)

SL = "son-la"
UBND = AgencyRef("UBND tỉnh Sơn La", "Ủy ban nhân dân tỉnh Sơn La", "son-la/ubnd-tinh", province=SL)
STP = AgencyRef("Sở Tư pháp", "Sở Tư pháp tỉnh Sơn La", "son-la/so-tu-phap", parent_key="son-la/ubnd-tinh", province=SL)
COLL = AgencyRef("các ngành có liên quan", "Các sở, ban, ngành tỉnh Sơn La", "son-la/collective/cac-nganh",
                 kind="collective", collective=True, province=SL)
CP = AgencyRef("Chính phủ", "Chính phủ", "central/chinh-phu", level="central")
QH = AgencyRef("Quốc hội", "Quốc hội", "central/quoc-hoi", level="central")
BTV = AgencyRef("Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Sơn La", "son-la/ban-thuong-vu-tinh-uy", kind="party", province=SL)


def _span(line, end=None, quote=""):
    return Span("decision.txt", line, end or line, quote)


def decision(source="decision.txt", task_label="Sở Tư pháp chủ trì") -> ParsedDocument:
    doc = DocRef("161-qd-ubnd/son-la/2025", number="161/QĐ-UBND", doc_type="QĐ",
                 title="Quyết định về nhiệm vụ, giải pháp chủ yếu năm 2025", issuer=UBND,
                 date=dt.date(2025, 1, 20), year=2025, province=SL)
    nq01 = DocRef("01-nq-cp/2025", number="01/NQ-CP", doc_type="NQ", issuer=CP, date=dt.date(2025, 1, 8), year=2025)
    ctr27 = DocRef("27-ctr-tu/son-la/2024", number="27-CTr/TU", doc_type="CTr", issuer=BTV,
                   date=dt.date(2024, 12, 13), year=2024, province=SL)
    qh158 = DocRef("158-2024-qh15", number="158/2024/QH15", doc_type="NQ", issuer=QH, year=2024)
    nq49 = DocRef("49-nq-tw", number="49-NQ/TW", doc_type="NQ")
    sec = Provision("II", "II", "section", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", "", _span(135, 136))
    grp = Provision("II/1", "1", "section", "Xác định đột phá về thể chế", "", _span(137, 144), parent_id="II")
    task = Provision("II/1/1.1", "1.1", "task", task_label, "Nâng cao chất lượng ...", _span(145, 163), parent_id="II/1")
    task.assignments = [Assignment("lead", STP, _span(145)), Assignment("coordinating", COLL, _span(146))]
    task.deadlines = [Deadline("trước ngày 15/02/2025", "before", dt.date(2025, 2, 15), _span(150))]
    return ParsedDocument(
        source_file=source,
        doc=doc,
        place="Sơn La",
        provisions=[sec, grp, task],
        citations=[
            Citation(nq01, "basis", _span(24, 26)),
            Citation(ctr27, "implements", _span(33, 37)),
            Citation(qh158, "implements", _span(33, 37), source=ctr27),
            Citation(nq49, "cites", _span(160), provision_id="II/1/1.1"),
        ],
        header_span=_span(1, 18),
        content_sha256="abc",
    )


def other_citing_49_dated() -> ParsedDocument:
    doc = DocRef("unnumbered/son-la/CTr/0123456789", doc_type="CTr", title="Chương trình hành động thử", province=SL)
    nq49 = DocRef("49-nq-tw/2005", number="49-NQ/TW", doc_type="NQ", date=dt.date(2005, 6, 2), year=2005)
    return ParsedDocument(source_file="other.txt", doc=doc,
                          citations=[Citation(nq49, "cites", Span("other.txt", 3, 3))], content_sha256="def")


@pytest.fixture
def store(tmp_path):
    with GraphStore(tmp_path / "store") as s:
        yield s


def rows(store, name, **params):
    res = q.run(store, q.resolve(name), params)
    return [dict(zip(res.columns, [q._plain(t) for t in r])) for r in res.rows]


def test_emit_is_deterministic():
    a = emit(decision()).serialize(format="nt")
    b = emit(decision()).serialize(format="nt")
    assert sorted(a.splitlines()) == sorted(b.splitlines())
    assert f"<{ID}doc/161-qd-ubnd/son-la/2025/p/II/1/1.1>" in a


def test_reload_replaces_graph_never_duplicates(store):
    g = str(graph_iri("decision.txt"))
    store.replace_graph(g, emit(decision()))
    n = store.count(g)
    store.replace_graph(g, emit(decision(task_label="Sở Tư pháp chủ trì (sửa)")))
    assert store.count(g) == n
    labels = [r["task_label"] for r in rows(store, "assignments")]
    assert set(labels) == {"Sở Tư pháp chủ trì (sửa)"}


def test_assignments_columns_and_values(store):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    got = rows(store, "assignments")
    assert [c for c in got[0]][:8] == ["document_number", "task_id", "task_ref", "task_label", "role", "agency", "deadline", "source_line"]
    lead = [r for r in got if r["role"] == "lead"]
    assert len(lead) == 1
    assert lead[0]["agency"] == "Sở Tư pháp tỉnh Sơn La"
    assert lead[0]["task_ref"] == "1.1" and lead[0]["task_id"] == "II/1/1.1"
    assert lead[0]["deadline"] == "2025-02-15"
    assert lead[0]["source_line"] == "145"
    assert {r["role"] for r in got} == {"lead", "coordinating"}


def test_trace_reaches_national_resolutions_through_chain(store):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    got = rows(store, "trace")
    by_res = {r["resolution_number"]: r for r in got}
    assert set(by_res) == {"01/NQ-CP", "158/2024/QH15"}
    assert len(got) == 2  # one row per task and resolution, whatever the number of labels
    assert by_res["158/2024/QH15"]["path"] == "1.1 → 161/QĐ-UBND → 27-CTr/TU → 158/2024/QH15"
    assert by_res["01/NQ-CP"]["path"] == "1.1 → 161/QĐ-UBND → 01/NQ-CP"
    assert by_res["01/NQ-CP"]["resolution_issuer"] == "Chính phủ"
    assert by_res["01/NQ-CP"]["lead_agency"] == "Sở Tư pháp tỉnh Sơn La"
    assert rows(store, "trace", document="161/QĐ-UBND") == got
    assert rows(store, "trace", document="999/QĐ-UBND") == []


def test_citations_relations(store):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    got = rows(store, "citations")
    rel = {(r["cited_number"], r["relation"]) for r in got}
    assert rel == {("01/NQ-CP", "basis"), ("27-CTr/TU", "implements"), ("158/2024/QH15", "implements"), ("49-NQ/TW", "cites")}
    nq01 = next(r for r in got if r["cited_number"] == "01/NQ-CP")
    assert nq01["cited_type"] == "NQ" and nq01["cited_date"] == "2025-01-08" and nq01["cited_issuer"] == "Chính phủ"
    assert nq01["source_line"] == "24" and nq01["document_number"] == "161/QĐ-UBND"


def test_undated_mention_merges_with_the_one_dated_document(store):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    merged = store.replace_graph(str(graph_iri("other.txt")), emit(other_citing_49_dated()))
    assert merged == {f"{ID}doc/49-nq-tw": f"{ID}doc/49-nq-tw/2005"}
    ask = f"ASK {{ ?s ?p <{ID}doc/49-nq-tw> }}"
    assert not bool(store.query(ask))
    n = store.query(f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d <{MG.documentNumber}> \"49-NQ/TW\" }}")
    assert next(iter(n))["n"].value == "1"


def test_two_dated_candidates_are_left_apart():
    base = f"{ID}doc/20-nq-tw"
    assert resolve_undated([base, base + "/2017", base + "/2022"]) == {}
    assert resolve_undated([base, base + "/2017"]) == {base: base + "/2017"}


@pytest.mark.parametrize("hostile", ['"} ; DROP ALL #', "x\" } } ; INSERT DATA { <a> <b> <c> } #", "{ ?s ?p ?o }", "' OR 1=1"])
def test_parameters_are_literals_not_query_text(store, hostile):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    before = store.count()
    assert rows(store, "trace", document=hostile) == []
    assert store.count() == before


def test_query_refuses_updates(store, tmp_path):
    f = tmp_path / "evil.rq"
    f.write_text("PREFIX x: <http://x/>\nDROP ALL", encoding="utf-8")
    with pytest.raises(q.QueryError, match="read-only"):
        q.run(store, q.resolve(str(f)), {})


def test_unknown_and_missing_parameters(store):
    with pytest.raises(q.QueryError, match="unknown parameter"):
        q.run(store, q.resolve("trace"), {"nope": "1"})


def test_named_queries_declare_columns():
    named = q.named_queries()
    assert {"trace", "citations", "assignments"} <= set(named)
    assert named["trace"].columns == ["task_id", "task_ref", "task_label", "lead_agency", "document_number",
                                      "resolution_number", "resolution_title", "resolution_issuer", "path"]
    assert named["citations"].columns[:8] == ["document_number", "cited_number", "cited_title", "cited_type",
                                              "cited_issuer", "cited_date", "relation", "source_line"]


def test_output_formats(store):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    res = q.run(store, q.resolve("citations"), {})
    data = json.loads(q.format_json(res))
    assert data["head"]["vars"] == res.columns
    date = [b["cited_date"] for b in data["results"]["bindings"] if "cited_date" in b][0]
    assert date["datatype"].endswith("#date")
    tsv = q.format_tsv(res)
    assert '"2025-01-08"^^<http://www.w3.org/2001/XMLSchema#date>' in tsv
    csv_text = q.format_csv(res)
    assert csv_text.splitlines()[0].startswith("document_number,cited_number")
    table = q.format_table(res)
    assert "01/NQ-CP" in table and "rows)" in table


def test_export_is_atomic_and_complete(store, tmp_path):
    store.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
    out = tmp_path / "g.trig"
    export(store, "trig", out)
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out, format="trig")
    assert sum(len(g) for g in ds.graphs()) == store.count()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_parent_bodies_are_described_not_just_linked():
    from rdflib.namespace import ORG, RDF, SKOS

    g = emit(decision())
    stp = next(s for s, o in g.subject_objects(SKOS.prefLabel) if str(o) == "Sở Tư pháp tỉnh Sơn La")
    parents = list(g.objects(stp, ORG.subOrganizationOf))
    assert len(parents) == 1
    assert (parents[0], RDF.type, MG.Agency) in g
    assert "Ủy ban nhân dân tỉnh Sơn La" in {str(o) for o in g.objects(parents[0], SKOS.prefLabel)}


def test_no_parameter_text_changes_a_query(tmp_path):
    """Any text bound as a parameter is one literal: it never errors, matches nothing it should
    not, and never writes (the store is identical after every query)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    with GraphStore(tmp_path / "store") as s:
        s.replace_graph(str(graph_iri("decision.txt")), emit(decision()))
        before = sorted(str(q) for q in s.ox)
        nq = q.resolve("trace")

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(st.text(max_size=80).filter(lambda v: v != "161/QĐ-UBND"))
        def check(value):
            try:
                res = q.run(s, nq, {"document": value})
            except q.QueryError:  # only "<...>" (an IRI) can be refused, as malformed
                assert value.startswith("<") and value.endswith(">")
                return
            assert res.rows == []

        check()
        assert sorted(str(x) for x in s.ox) == before


def test_emitter_reports_the_documents_it_describes():
    from mandategraph.graph.emit import emit_triples

    docs = emit_triples(decision()).documents
    assert f"{ID}doc/161-qd-ubnd/son-la/2025" in docs and f"{ID}doc/49-nq-tw" in docs


def test_undated_mention_merges_when_emitted_as_lines(store):
    """The load path (emit_triples, not an rdflib Graph) merges too."""
    from mandategraph.graph.emit import emit_triples

    store.replace_graph(str(graph_iri("decision.txt")), emit_triples(decision()))
    merged = store.replace_graph(str(graph_iri("other.txt")), emit_triples(other_citing_49_dated()))
    assert merged == {f"{ID}doc/49-nq-tw": f"{ID}doc/49-nq-tw/2005"}
    got = [r for r in rows(store, "citations") if r["cited_number"] == "49-NQ/TW"]
    assert len(got) == 2 and {r["cited_date"] for r in got} == {"2005-06-02"}


def test_queries_see_a_set_union_of_the_documents(store):
    """A fact repeated by several documents counts once, survives while any document states it,
    and goes when the last one is replaced without it."""
    from mandategraph.graph.store import UNION_GRAPH

    count_cp = "SELECT (COUNT(*) AS ?n) WHERE { ?b skos:prefLabel \"Chính phủ\"@vi }"

    def n():
        return int(next(iter(store.query(count_cp)))["n"].value)

    store.replace_graph(str(graph_iri("a.txt")), emit(decision(source="a.txt")))
    store.replace_graph(str(graph_iri("b.txt")), emit(decision(source="b.txt")))
    assert n() == 1  # stated in two graphs, one triple in the union
    empty = ParsedDocument(source_file="b.txt", doc=DocRef("unnumbered/son-la/KH/x", doc_type="KH", title="Kế hoạch"),
                           provisions=[Provision("1", "1", "section", "Mục 1", "", Span("b.txt", 1, 1))])
    store.replace_graph(str(graph_iri("b.txt")), emit(empty))
    assert n() == 1  # a.txt still says it
    store.drop_graph(str(graph_iri("a.txt")))
    assert n() == 0
    assert UNION_GRAPH not in store.data_graphs()
