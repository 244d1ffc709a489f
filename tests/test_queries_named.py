"""The named queries implementers, coverage, workload, deadlines, targets, delegation, orphans.

Expectations come from the sample texts (see tests/_mandate_docs.py for the lines), on hand-built documents,
and, for the loaders' output, on examples/ itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mandategraph.cli import main
from mandategraph.graph import query as q
from mandategraph.graph.store import GraphStore

import _mandate_docs as M

NEW = ["implementers", "coverage", "workload", "deadlines", "targets", "delegation", "orphans"]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with GraphStore(tmp_path_factory.mktemp("named") / "store") as s:
        M.load(s)
        M.add_unused_body(s)
        yield s


def rows(store, name, **params):
    res = q.run(store, q.resolve(name), params)
    return [dict(zip(res.columns, [q._plain(t) for t in r])) for r in res.rows]


def test_headers_declare_params_and_columns():
    named = q.named_queries()
    assert set(NEW) <= set(named)
    for name in NEW:
        nq = named[name]
        assert nq.purpose and nq.columns, name
        res_vars = nq.text.split("SELECT", 1)[1].split("WHERE", 1)[0]
        for c in nq.columns:
            assert f"?{c}" in res_vars, (name, c)
    assert named["implementers"].params["resolution"][0] is True
    assert named["deadlines"].params["as_of"][0] is True and named["deadlines"].params["within"][0] is False
    assert named["targets"].params["keyword"][0] is False


def test_query_list_shows_new_queries(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in NEW:
        assert name in out


def test_implementers_follow_chains_of_any_depth(store):
    # 161/QĐ-UBND implements 27-CTr/TU, which implements 158/2024/QH15 (002 l.33-37): two hops
    got = rows(store, "implementers", resolution="158/2024/QH15")
    assert {r["task_ref"] for r in got} == {"1.1", "1.2", "12.2"}
    t11 = next(r for r in got if r["task_ref"] == "1.1")
    assert t11["lead_agency"] == "Sở Tư pháp tỉnh Sơn La"
    assert t11["province"] == "son-la" and t11["deadline"] == "2025-02-15"
    assert t11["document_number"] == "161/QĐ-UBND"
    # 01/NQ-CP is the legal basis (Căn cứ, l.24-26): one hop
    assert {r["task_ref"] for r in rows(store, "implementers", resolution="01/NQ-CP")} == {"1.1", "1.2", "12.2"}
    assert rows(store, "implementers", resolution="19-NQ/TW") == []  # 004 only cites it inside a scheme


def test_implementers_requires_its_parameter(store):
    with pytest.raises(q.QueryError, match="missing required parameter"):
        q.run(store, q.resolve("implementers"), {})


def test_coverage_implemented_and_missing_provinces(store):
    got = {(r["resolution_number"] or r["resolution_title"], r["province"]): r for r in rows(store, "coverage")}
    assert got[("158/2024/QH15", "son-la")]["status"] == "implemented"
    assert got[("158/2024/QH15", "son-la")]["documents"] == "161/QĐ-UBND"
    assert got[("158/2024/QH15", "lang-son")]["status"] == "missing"
    assert got[("97-KL/TW", "son-la")]["status"] == "implemented"
    # 05-CT/TW is only cited (001 l.63): no province implements it
    assert got[("05-CT/TW", "lang-son")]["status"] == "missing"
    # a national resolution without a number, found by its issuer's level (000: Đại hội XI)
    xi = got[("Nghị quyết Đại hội toàn quốc lần thứ XI của Đảng", "son-la")]
    assert xi["status"] == "implemented" and xi["documents"] == "06-CTr/TU"
    # provincial resolutions are not national
    assert not any("Đảng bộ tỉnh" in k[0] for k in got)
    only = rows(store, "coverage", resolution="158/2024/QH15")
    assert {(r["province"], r["status"]) for r in only} == {("son-la", "implemented"), ("lang-son", "missing")}


def test_workload_per_body_role_document_and_total(store):
    got = rows(store, "workload")
    stp = [r for r in got if r["agency"] == "Sở Tư pháp tỉnh Sơn La"]
    assert stp == [{"agency": "Sở Tư pháp tỉnh Sơn La", "role": "lead", "document_number": "161/QĐ-UBND",
                    "source_file": "002_161.txt", "tasks": "1", "total_tasks": "1"}]
    coll = next(r for r in got if r["agency"] == "Các sở, ban, ngành tỉnh Sơn La")
    assert (coll["role"], coll["tasks"]) == ("coordinating", "2")  # 1.1 and 1.2
    # 001: the programmes inherit "Ban cán sự đảng ... chủ trì" (II.1.2): the inherited task counts
    bcs = next(r for r in got if r["agency"] == "Ban cán sự đảng UBND tỉnh Lạng Sơn")
    assert bcs["tasks"] == "2"
    mttq = next(r for r in got if r["agency"].startswith("Ủy ban Mặt trận"))
    assert mttq["role"] == "requested"
    assert {r["role"] for r in rows(store, "workload", role_name="lead")} == {"lead"}
    assert {r["document_number"] for r in rows(store, "workload", document="161/QĐ-UBND")} == {"161/QĐ-UBND"}


def test_deadlines_status_as_of_a_date(store):
    got = rows(store, "deadlines", as_of="2025-11-15")
    schemes = [r for r in got if r["deadline_text"] == "Tháng 11/2025"]  # 004: due 30/11/2025
    assert schemes and all(r["status"] == "due_soon" and r["days_left"] == "15" for r in schemes)
    assert {r["agency"] for r in schemes} == {"Ủy ban nhân dân tỉnh Sơn La"}
    t11 = next(r for r in got if r["task_ref"] == "1.1")
    assert t11["status"] == "overdue" and t11["agency"] == "Sở Tư pháp tỉnh Sơn La"
    undated = next(r for r in got if r["task_ref"] == "12.2")
    assert undated["status"] == "undated" and undated["role"] == "requested"
    # within (integer) narrows the window; the default is 30
    later = rows(store, "deadlines", as_of="2025-11-15", within="10")
    assert {r["status"] for r in later if r["deadline_text"] == "Tháng 11/2025"} == {"later"}
    dec = rows(store, "deadlines", as_of="2025-12-01")
    assert {r["status"] for r in dec if r["deadline_text"] == "Tháng 11/2025"} == {"overdue"}


def test_targets_keyword_is_case_insensitive(store):
    got = rows(store, "targets", keyword="CHE PHỦ")
    assert len(got) == 1
    assert (got[0]["indicator"], got[0]["value"], got[0]["unit"], got[0]["target_year"], got[0]["province"]) == \
        ("độ che phủ rừng", "65", "%", "2025", "lang-son")
    every = rows(store, "targets")
    assert {r["province"] for r in every} == {"lang-son", "son-la"}
    assert rows(store, "targets", keyword="không có chỉ tiêu này") == []


def test_delegation_from_resolution_and_from_body(store):
    got = rows(store, "delegation", resolution="158/2024/QH15")
    assert {r["document_number"] for r in got} == {"161/QĐ-UBND"}
    t11 = next(r for r in got if r["task_ref"] == "1.1")
    assert t11["lead_agency"] == "Sở Tư pháp tỉnh Sơn La"
    assert set(t11["coordinating_agencies"].split("; ")) == {"Các sở, ban, ngành tỉnh Sơn La",
                                                            "UBND các huyện, thành phố tỉnh Sơn La"}
    t122 = next(r for r in got if r["task_ref"] == "12.2")
    assert t122["lead_agency"] == "" and "(requested)" in t122["other_agencies"]
    by_body = rows(store, "delegation", body="sở tư pháp tỉnh sơn la")
    assert [(r["task_ref"], r["body_role"]) for r in by_body] == [("1.1", "lead")]
    issuer = rows(store, "delegation", body="Ủy ban nhân dân tỉnh Sơn La")
    assert {r["task_ref"] for r in issuer if r["body_role"] == "issuer"} == {"1.1", "1.2", "12.2"}
    assert {r["task_ref"] for r in issuer if r["body_role"] == "lead"} == {"1", "4"}  # 004 schemes


def test_orphans_three_kinds(store):
    got = rows(store, "orphans")
    no_lead = {(r["source_file"], r["task_ref"]) for r in got if r["kind"] == "task_without_lead"}
    assert ("002_161.txt", "12.2") in no_lead  # only "Đề nghị Ủy ban Mặt trận ..."
    assert ("002_161.txt", "1.1") not in no_lead
    assert sum(1 for f, _ in no_lead if f == "001_ls.txt") == 1  # b2 has no lead; b1 inherits one
    m = next(r for r in got if r["kind"] == "task_without_lead" and r["task_ref"] == "12.2")
    assert "(requested)" in m["note"]
    not_loaded = {r["label"] for r in got if r["kind"] == "document_not_loaded"}
    assert {"01/NQ-CP", "27-CTr/TU", "158/2024/QH15", "97-KL/TW", "19-NQ/TW", "05-CT/TW"} <= not_loaded
    assert "161/QĐ-UBND" not in not_loaded
    unassigned = {r["label"] for r in got if r["kind"] == "body_unassigned"}
    assert {"Văn phòng Tỉnh ủy Lạng Sơn", "Chính phủ", "Quốc hội"} <= unassigned
    assert "Sở Tư pháp tỉnh Sơn La" not in unassigned
    assert {r["kind"] for r in rows(store, "orphans", kind_name="body_unassigned")} == {"body_unassigned"}


HOSTILE = ['"} ; DROP ALL #', "x\" } } ; INSERT DATA { <a> <b> <c> } #", "{ ?s ?p ?o }", "' OR 1=1",
           "158/2024/QH15\" || true || \"", "\\\"; CLEAR ALL"]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("name,param", [("trace", "document"), ("implementers", "resolution"), ("coverage", "resolution"),
                                        ("workload", "document"), ("targets", "keyword"), ("delegation", "body"),
                                        ("delegation", "resolution"), ("orphans", "kind_name")])
def test_parameters_are_only_literals(store, name, param, hostile):
    before = store.count()
    assert rows(store, name, **{param: hostile}) == []
    assert store.count() == before


def test_hostile_date_is_refused_or_literal(store):
    before = store.count()
    with pytest.raises(q.QueryError):
        rows(store, "deadlines", as_of="2025-13-45")
    assert rows(store, "deadlines", as_of='2025-01-01"} ; DROP ALL #')  # not a date: status unknown, no harm
    assert store.count() == before


def test_query_refuses_updates_through_the_cli(tmp_path, capsys):
    f = tmp_path / "evil.rq"
    f.write_text("# evil\nDELETE WHERE { ?s ?p ?o }", encoding="utf-8")
    assert main(["--store", str(tmp_path / "s"), "query", str(f)]) == 2
    assert "read-only" in capsys.readouterr().err


# -- on the loaders' own output (examples/) -----------------------------------------------------------
@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("ex") / "store"
    assert main(["--store", str(path), "load", str(EXAMPLES)]) == 0
    with GraphStore(path) as s:
        yield s


def _need_assignments(s):
    if not rows(s, "assignments"):
        pytest.skip("the loaders do not extract assignments yet (loaders/assignments.py is a stub)")


def test_examples_implementers_of_158(loaded):
    _need_assignments(loaded)
    got = rows(loaded, "implementers", resolution="158/2024/QH15")
    t11 = [r for r in got if r["document_number"] == "161/QĐ-UBND" and r["task_ref"] == "1.1"]
    assert t11 and "Sở Tư pháp" in t11[0]["lead_agency"]


def test_examples_requested_front_and_scheme_deadlines(loaded):
    _need_assignments(loaded)
    got = rows(loaded, "deadlines", as_of="2025-11-15")
    assert any(r["deadline_text"] == "Tháng 11/2025" and r["status"] == "due_soon" for r in got)
    a = rows(loaded, "assignments", document="161/QĐ-UBND")
    assert any(r["task_ref"] == "12.2" and r["role"] == "requested" and "Mặt trận" in r["agency"] for r in a)


# -- hint lines ("#when PARAM: pattern"): only speed, never rows ------------------------------------
def test_a_hint_line_gets_the_parameter_as_one_escaped_term():
    nq = q.parse_header("h", "SELECT ?x WHERE {\n  #when document: ?d mg:documentNumber ?document .\n  ?x ?y ?z }")
    hostile = q.to_term('"} ; DROP ALL #')
    text = q.expand_hints(nq.text, {"document": hostile})
    assert '  ?d mg:documentNumber "\\"} ; DROP ALL #" .' in text.splitlines()
    assert q.expand_hints(nq.text, {}) == nq.text  # no parameter: still a comment


def _without_hints(nq):
    return q.NamedQuery(nq.name, "\n".join(l for l in nq.text.splitlines() if "#when" not in l),
                        nq.purpose, nq.params, nq.columns)


def _rowset(res):
    # GROUP_CONCAT's order is unspecified: compare "; "-joined lists as sets
    return sorted(tuple(tuple(sorted(str(q._plain(t)).split("; "))) for t in r) for r in res.rows)


@pytest.mark.parametrize("name,params", [("trace", {"document": "161/QĐ-UBND"}),
                                         ("trace", {"document": "06-CTr/TU", "scope": "national"}),
                                         ("implementers", {"resolution": "158/2024/QH15"}),
                                         ("implementers", {"resolution": "01/NQ-CP"}),
                                         ("workload", {"document": "161/QĐ-UBND"})])
def test_hints_change_no_row(loaded, name, params):
    nq = q.resolve(name)
    assert "#when" in nq.text
    with_hints = q.run(loaded, nq, params)
    assert with_hints.rows, f"{name} {params}: no rows on the samples"
    assert _rowset(with_hints) == _rowset(q.run(loaded, _without_hints(nq), params))
