"""The benchmark: generator determinism and structures, loader recall on generated text, run.py end to end.

No test asserts a duration: the benchmark reports figures, it does not time the tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import accuracy  # noqa: E402
import generate  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate.generate(60, out, seed=11, jobs=1)
    return out


def test_same_seed_same_bytes(tmp_path, corpus):
    generate.generate(60, tmp_path / "again", seed=11, jobs=2)  # the pool writes the same bytes
    assert _files(tmp_path / "again") == _files(corpus)


def test_other_seed_other_bytes(tmp_path, corpus):
    generate.generate(60, tmp_path / "other", seed=12, jobs=1)
    assert _files(tmp_path / "other") != _files(corpus)


def test_smaller_corpus_is_a_prefix(tmp_path, corpus):
    generate.generate(25, tmp_path / "small", seed=11, jobs=1)
    small = _files(tmp_path / "small")
    big = _files(corpus)
    assert {k: v for k, v in small.items() if k.endswith(".txt")} == {k: big[k] for k in small if k.endswith(".txt")}


def test_sizes_and_kinds(corpus):
    head, metas = generate.read_manifest(corpus)
    assert head["docs"] == 60 and len(metas) == 60
    sizes = [m["bytes"] for m in metas]
    assert min(sizes) >= 9_000 and max(sizes) <= 90_000
    assert {m["kind"] for m in metas} == {"ctr", "news", "qd", "kh", "bc"}
    assert {m["province"] for m in metas} <= set(generate.ALL_PROVINCES)
    assert len(generate.ALL_PROVINCES) == 34


def test_structures_of_the_samples_are_present(corpus):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    for needle in ["CTr/TU", "/QĐ-UBND", "/KH-UBND", "Số: ", "ĐẢNG CỘNG SẢN VIỆT NAM", "\nI- ", "\nII. ", ".1- ",
                   ".1.1- ", "\n(1) ", "\na) ", "\n- ", "\n## ", "Căn cứ Nghị quyết số", "Thực hiện Chương",
                   "chủ trì, phối hợp", "Cơ quan chủ trì", "Cơ quan phối hợp:", "Giao ", "trước ngày", "Tháng ",
                   "trong quý", "vào năm", "Phần thứ nhất", "Đại hội đại biểu Đảng bộ", "/NQ-CP", "-NQ/TW", "/QH15"]:
        assert needle in text, needle
    # hard-wrapped decisions: many short lines, like sample 002
    qd = next(corpus.glob("*_qd_*.txt")).read_text(encoding="utf-8").splitlines()
    assert max(len(ln) for ln in qd) < 120


def test_citation_chains_reach_national_resolutions(corpus):
    _, metas = generate.read_manifest(corpus)
    pool = {r.number for r in generate.national_pool(11)}
    chained = [m for m in metas if m["kind"] in ("qd", "kh") and m["ctr_ref"]]
    assert chained
    for m in chained:
        nested = [c for c in m["citations"] if c.get("source") == m["ctr_ref"]["number"]]
        assert nested and nested[0]["number"] in pool
    in_corpus = [m for m in chained if m["ctr_ref"]["index"] is not None]
    assert in_corpus, "some decisions implement an action programme of the corpus"


def test_loader_recall_on_generated_text(corpus):
    """The generator knows what it wrote: recall of the loader on unseen text (printed; loose floor)."""
    loaders = pytest.importorskip("mandategraph.loaders")
    if not hasattr(loaders, "parse_text"):
        pytest.skip("loaders.parse_text not available yet")
    _, metas = generate.read_manifest(corpus)
    tally = accuracy.Tally()
    for m in metas:
        parsed = loaders.parse_text((corpus / m["file"]).read_text(encoding="utf-8"), m["file"])
        accuracy.compare(m, parsed, tally)
    table = accuracy.recall_table(tally)
    print("\n" + "\n".join(f"{k:<28} {w:>6} {f:>6} {r:6.1%}" for k, w, f, r in table))
    assert tally.written["assignment:lead"] > 50 and tally.written["citation:number"] > 20
    # Floors well under today's figures: they catch a loader that stops finding a structure, not noise.
    assert tally.recall("assignment:lead") >= 0.7
    assert tally.recall("citation:number") >= 0.7
    assert tally.recall("header:number") >= 0.7


def test_run_end_to_end(tmp_path):
    pytest.importorskip("mandategraph.graph.validate")
    out = tmp_path / "RESULTS.md"
    cmd = [sys.executable, str(BENCH / "run.py"), "--sizes", "20", "--repeat", "2", "--out", str(out),
           "--corpus", str(tmp_path / "corpus"), "--workdir", str(tmp_path), "--recall", "20",
           # CI: the owlrl engine (~50 s alone at 20 documents) and rdflib's trace are left to the full run
           "--engines", "rules", "--backends-timeout", "5", "--json", str(tmp_path / "r.json")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    for needle in ["## Machine", "pyoxigraph", "## 20 documents", "| load |", "| reload unchanged |",
                   "| query |", "## Growth", "## Verdicts", "Loading ≥ 100 documents/s", "## Loader recall"]:
        assert needle in text, needle
    assert "20 loaded, 0 failed" in text
    assert "20 unchanged (skipped), 0 re-parsed" in text
