"""Delegation-chain pictures and body measures (graph/viz.py, `viz`, `stats --bodies`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from mandategraph.cli import main
from mandategraph.graph import viz
from mandategraph.graph.store import GraphStore

import _mandate_docs as M


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "store"
    with GraphStore(path) as s:
        M.load(s, [M.doc_000(), M.doc_001(), M.doc_161(n_extra_tasks=14), M.doc_004()])
    return path


@pytest.fixture(scope="module")
def g161(store_path):
    with GraphStore(store_path) as s:
        return viz.build(s, document="161/QĐ-UBND")


def _by_label(g, text):
    return [n for n, d in g.nodes(data=True) if d["label"].replace("\n", " ").startswith(text)]


def test_chain_of_161_is_layered_left_to_right(g161):
    # 158/2024/QH15 → 27-CTr/TU → 161/QĐ-UBND (002 l.33-37); 01/NQ-CP → 161/QĐ-UBND (l.24-26)
    (qh,), (ctr,), (qd,), (cp,) = (_by_label(g161, x) for x in ("158/2024/QH15", "27-CTr/TU", "161/QĐ-UBND", "01/NQ-CP"))
    assert g161.has_edge(qh, ctr) and g161.has_edge(ctr, qd) and g161.has_edge(cp, qd)
    assert g161[cp][qd]["relation"] == "basis" and g161[ctr][qd]["relation"] == "implements"
    L = nx.get_node_attributes(g161, "layer")
    assert L[qh] < L[ctr] < L[qd]
    assert g161.nodes[qh]["kind"] == "national" and g161.nodes[qd]["kind"] == "loaded"
    (ttra,) = _by_label(g161, "Thanh tra tỉnh Sơn La")
    (t12,) = _by_label(g161, "1.2.")
    assert g161.has_edge(qd, t12) and g161.has_edge(t12, ttra) and g161[t12][ttra]["relation"] == "lead"
    coord = [b for b in g161.successors(ttra) if g161[ttra][b]["relation"] == "coordinating"]
    assert {g161.nodes[b]["title"] for b in coord} == {"Các sở, ban, ngành tỉnh Sơn La",
                                                     "UBND các huyện, thành phố tỉnh Sơn La"}
    assert L[qd] < L[t12] < L[ttra] < L[coord[0]]
    # 12.2: a requested body, no lead
    (t122,) = _by_label(g161, "12.2.")
    assert [g161[t122][b]["relation"] for b in g161.successors(t122)] == ["requested"]


def test_many_tasks_of_one_body_collapse(g161):
    # Sở Tư pháp leads 1.1 plus 14 more: 15 > 12 → one node "15 nhiệm vụ"
    collapsed = [d for _, d in g161.nodes(data=True) if d["kind"] == "collapsed"]
    assert len(collapsed) == 1 and collapsed[0]["count"] == 15
    assert collapsed[0]["label"].startswith("15 nhiệm vụ\n1.1, 1.10, 1.11")  # the task numbers, in order
    assert not _by_label(g161, "1.1.")


def test_max_tasks_threshold(store_path):
    with GraphStore(store_path) as s:
        g = viz.build(s, document="161/QĐ-UBND", max_tasks=100)
    assert not [1 for _, d in g.nodes(data=True) if d["kind"] == "collapsed"]
    assert _by_label(g, "1.1.")


def test_resolution_and_body_modes(store_path):
    with GraphStore(store_path) as s:
        g = viz.build(s, resolution="158/2024/QH15", max_tasks=100)
        labels = {d["label"].replace("\n", " ") for _, d in g.nodes(data=True)}
        assert {"158/2024/QH15", "27-CTr/TU", "161/QĐ-UBND"} <= labels
        assert "01/NQ-CP" not in labels  # not on a chain to 158/2024/QH15
        gb = viz.build(s, body="thanh tra tỉnh sơn la")
        tasks = [d["label"] for _, d in gb.nodes(data=True) if d["kind"] == "task"]
        assert len(tasks) == 1 and tasks[0].startswith("1.2.")
        with pytest.raises(viz.VizError, match="no loaded document"):
            viz.build(s, document="999/QĐ-UBND")


@pytest.mark.parametrize("ext", ["png", "svg", "html", "graphml", "dot"])
def test_writers(g161, tmp_path, ext):
    out = tmp_path / f"chain.{ext}"
    viz.write(g161, out)
    data = out.read_bytes()
    assert len(data) > 500
    if ext == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    elif ext == "svg":
        ET.fromstring(data)
    elif ext == "html":
        text = data.decode("utf-8")
        assert "Sở Tư pháp tỉnh Sơn La" in text and "15 nhiệm vụ" in text
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # self-contained
        assert "<script" in text and "<svg" in text
    elif ext == "graphml":
        h = nx.read_graphml(out)
        assert h.number_of_nodes() == g161.number_of_nodes()
    else:
        text = data.decode("utf-8")
        assert text.startswith("digraph") and "rankdir=LR" in text and '"15 nhiệm vụ\\n1.1, ' in text


def test_dot_and_html_escape_labels():
    g = nx.DiGraph(title='x "<b>" \\')
    g.add_node('a"b', kind="task", label='1. "quoted" <b>\\', title="t", layer=0, count=1, body="")
    dot = viz.to_dot(g)
    assert '\\"quoted\\"' in dot and "\\\\" in dot
    page = viz.to_html(g)
    assert '"quoted" <b>' not in page
    assert "&quot;quoted&quot; &lt;b&gt;" in page


def test_cli_viz_and_errors(store_path, tmp_path, capsys):
    out = tmp_path / "t.png"
    assert main(["--store", str(store_path), "viz", "--document", "161/QĐ-UBND", "--out", str(out)]) == 0
    assert out.exists()
    assert main(["--store", str(store_path), "viz", "--document", "161/QĐ-UBND", "--out", str(tmp_path / "t.jpg")]) == 2
    assert "unknown picture format" in capsys.readouterr().err
    assert main(["--store", str(store_path), "viz", "--body", "Không tồn tại", "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith("error: no loaded document")


def test_stats_bodies(store_path, capsys):
    assert main(["--store", str(store_path), "stats", "--bodies"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    first = lines[2]  # the body carrying the most work: Sở Tư pháp with 15 tasks led
    assert first.split()[:4] == ["Sở", "Tư", "pháp", "tỉnh"] and " 15 " in first
    assert "158/2024/QH15 → 27-CTr/TU → 161/QĐ-UBND" in out


def test_examples_161_picture(tmp_path_factory):
    """On the loaders' output for examples/002: 158/2024/QH15 → 27-CTr/TU → 161/QĐ-UBND → 1.1 → Sở Tư pháp."""
    from pathlib import Path

    path = tmp_path_factory.mktemp("vizex") / "store"
    examples = Path(__file__).resolve().parent.parent / "examples"
    assert main(["--store", str(path), "load", str(examples / "002_9bda8510e97b7cbd.txt")]) == 0
    with GraphStore(path) as s:
        g = viz.build(s, document="161/QĐ-UBND")
    (qh,), (ctr,), (qd,) = (_by_label(g, x) for x in ("158/2024/QH15", "27-CTr/TU", "161/QĐ-UBND"))
    assert nx.has_path(g, qh, ctr) and g.has_edge(ctr, qd)
    stp = [n for n, d in g.nodes(data=True) if d["kind"] == "lead" and d["title"].startswith("Sở Tư pháp")]
    assert stp
    t11 = [a for a in g.predecessors(stp[0]) if "1.1" in g.nodes[a]["title"].replace(",", " ").split()
           or g.nodes[a]["title"].startswith("1.1.")]
    assert t11 and g.has_edge(qd, t11[0])
