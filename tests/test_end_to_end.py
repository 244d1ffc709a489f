"""The user's path through the CLI on the five sample documents in examples/.

Expected values were read from the texts by hand (line numbers are the files' own):
- 002 (161/QĐ-UBND, UBND tỉnh Sơn La, 20/01/2025): "Căn cứ Nghị quyết số 01/NQ-CP ngày 08/01/2025 của
  Chính phủ" (l.24-26); "Thực hiện Chương trình hành động số 27-CTr/TU ... về việc thực hiện Kết luận số
  97-KL/TW ... và Nghị quyết số 158/2024/QH15 của Quốc hội" (l.33-37); "1.1. Sở Tư pháp chủ trì, phối hợp
  với các ngành có liên quan, UBND các huyện, thành phố, thị xã" (l.145-146).
- 004: "Nghị quyết số 19-NQ/TW ngày 16/6/2022" three times on l.27: one document.
- 001 and 004 both cite "Chỉ thị số 05-CT/TW ... ngày 15/5/2016 của Bộ Chính trị" (001 l.63, 004 l.127).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from mandategraph.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("e2e") / "store"
    assert main(["--store", str(path), "load", str(EXAMPLES)]) == 0
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_trace_161_task_1_1_reaches_government_and_national_assembly(store, capsys):
    code, out, _ = run(capsys, "trace", "--store", str(store), "--document", "161/QĐ-UBND", "--format", "csv")
    assert code == 0
    rows = [r for r in csv_rows(out) if r["task_ref"] == "1.1"]
    reached = {r["resolution_number"] for r in rows}
    assert {"01/NQ-CP", "158/2024/QH15"} <= reached
    assert all("Sở Tư pháp" in r["lead_agency"] for r in rows)
    r158 = next(r for r in rows if r["resolution_number"] == "158/2024/QH15")
    assert "27-CTr/TU" in r158["path"]
    assert "Quốc hội" in r158["resolution_issuer"]
    r01 = next(r for r in rows if r["resolution_number"] == "01/NQ-CP")
    assert "Chính phủ" in r01["resolution_issuer"]


def test_citations_of_161(store, capsys):
    code, out, _ = run(capsys, "query", "citations", "--store", str(store), "--param", "document=161/QĐ-UBND", "--format", "csv")
    assert code == 0
    rows = csv_rows(out)
    basis = {r["cited_number"] for r in rows if r["relation"] == "basis"}
    assert {"01/NQ-CP", "420/NQ-HĐND", "422/NQ-HĐND"} <= basis
    assert any(r["cited_number"] == "27-CTr/TU" and r["relation"] == "implements" for r in rows)
    law = [r for r in rows if r["relation"] == "basis" and "Tổ chức chính quyền địa phương" in r["cited_title"]]
    assert law, "Luật Tổ chức chính quyền địa phương ngày 19/06/2015 is a legal basis of 161/QĐ-UBND"


def test_every_sample_cites_something(store, capsys):
    code, out, _ = run(capsys, "query", "citations", "--store", str(store), "--format", "csv")
    files = {r["source_file"] for r in csv_rows(out)}
    assert files == {p.name for p in EXAMPLES.glob("*.txt")}


def test_one_node_per_real_document(store, capsys):
    q = Path(store).parent / "count.rq"
    q.write_text(
        "SELECT ?n (COUNT(DISTINCT ?d) AS ?nodes) WHERE { ?d mg:documentNumber ?n "
        "FILTER(?n IN (\"19-NQ/TW\", \"05-CT/TW\", \"01/NQ-CP\")) } GROUP BY ?n ORDER BY ?n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "query", str(q), "--store", str(store), "--format", "csv")
    counts = {r["n"]: int(r["nodes"]) for r in csv_rows(out)}
    # 19-NQ/TW: one node; 05-CT/TW (2016, cited by 001 with date and by 003 without): one node
    assert counts == {"01/NQ-CP": 1, "05-CT/TW": 1, "19-NQ/TW": 1}


def test_assignments_161_lead_and_coordinating(store, capsys):
    code, out, _ = run(capsys, "query", "assignments", "--store", str(store), "--param", "document=161/QĐ-UBND", "--format", "csv")
    rows = [r for r in csv_rows(out) if r["task_ref"] == "1.1"]
    roles = {(r["role"], r["agency"]) for r in rows}
    assert any(role == "lead" and "Sở Tư pháp" in a for role, a in roles)
    assert any(role == "coordinating" for role, _ in roles)
    assert all(r["source_line"] in {"145", "146"} for r in rows)


def test_reload_is_idempotent(store, capsys):
    code, out, _ = run(capsys, "stats", "--store", str(store))
    before = out
    code, out, _ = run(capsys, "load", "--store", str(store), str(EXAMPLES))
    assert code == 0 and "5 unchanged" in out
    code, out, _ = run(capsys, "load", "--store", str(store), "--force", str(EXAMPLES / "002_9bda8510e97b7cbd.txt"))
    assert code == 0
    code, after, _ = run(capsys, "stats", "--store", str(store))
    assert after == before


def test_bad_files_are_reported_and_store_is_untouched(store, tmp_path, capsys):
    work = tmp_path / "copy"
    shutil.copytree(store, work)
    code, before, _ = run(capsys, "stats", "--store", str(work))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (bad / "legacy.txt").write_bytes("Ủy ban nhân dân tỉnh".encode("utf-8").replace(b"\xe1", b"\xff") + b"\xc3\x28")
    code, out, err = run(capsys, "load", "--store", str(work), str(bad))
    assert code == 1
    assert "empty.txt" in err and "binary.txt" in err and "legacy.txt" in err
    assert "3 failed" in err
    assert "Traceback" not in err
    code, after, _ = run(capsys, "stats", "--store", str(work))
    assert after == before


def test_errors_are_one_line(tmp_path, capsys):
    code, out, err = run(capsys, "load", "--store", str(tmp_path / "s"), str(tmp_path / "missing.txt"))
    assert code != 0 and "missing.txt" in err and "Traceback" not in err
    code, out, err = run(capsys, "query", "no-such-query", "--store", str(tmp_path / "s"))
    assert code == 2 and err.strip().count("\n") == 0


def test_national_trace_keeps_only_central_resolutions(store, capsys):
    code, out, _ = run(capsys, "trace", "--store", str(store), "--national", "--format", "csv")
    rows = csv_rows(out)
    reached = {r["resolution_number"] for r in rows}
    assert {"01/NQ-CP", "158/2024/QH15"} <= reached
    # 420/NQ-HĐND and 422/NQ-HĐND (Hội đồng nhân dân tỉnh Sơn La) are provincial
    assert not reached & {"420/NQ-HĐND", "422/NQ-HĐND"}


def test_the_samples_graph_conforms(store, capsys):
    """No SHACL Violation on the five samples (Warnings and Info are allowed)."""
    code, out, _ = run(capsys, "validate", "--store", str(store))
    assert code == 0, "\n".join(l for l in out.splitlines() if "Violation:" in l)
    assert out.startswith("Conforms")
