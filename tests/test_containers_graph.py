"""The same document in .txt, .docx, .html and .pdf gives the same graph, provenance aside.

Sample 002 (161/QĐ-UBND, hard-wrapped, 999 lines) is converted to each container; each file is read,
parsed and emitted; the graphs are compared after dropping provenance (file, lines, quotes, hashes)
and naming citation nodes by what they say (citing, cited, relation) instead of by their IRI, which
carries the source file's name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from mandategraph.graph.emit import emit_triples
from mandategraph.graph.vocab import ID, MG
from mandategraph.loaders import parse_text
from mandategraph.loaders.readers import read_document
from test_readers import make_docx, make_html, make_pdf

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "002_9bda8510e97b7cbd.txt"
PROVENANCE = {MG.sourceFile, MG.lineStart, MG.lineEnd, MG.quote, MG.fileName, MG.sha256, MG.loadedFrom}


def facts(path: Path) -> set[tuple]:
    decoded = read_document(path)
    g: Graph = emit_triples(parse_text(decoded.text, "doc")).to_graph()
    names = {}
    for c in g.subjects(predicate=MG.citingDocument):
        names[c] = ("citation", g.value(c, MG.citingDocument), g.value(c, MG.citedDocument), g.value(c, MG.relation))

    def term(t):
        if t in names:
            return names[t]
        if isinstance(t, URIRef) and str(t).startswith(str(ID) + "source/"):
            return "source"
        return t

    return {(term(s), p, term(o)) for s, p, o in g if p not in PROVENANCE}


@pytest.fixture(scope="module")
def reference():
    return facts(SAMPLE)


@pytest.fixture(scope="module")
def lines():
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def test_reference_is_substantial(reference):
    assert len(reference) > 1500


def test_docx_gives_the_same_graph(tmp_path, lines, reference):
    make_docx(tmp_path / "d.docx", lines)
    assert facts(tmp_path / "d.docx") == reference


def test_html_gives_the_same_graph(tmp_path, lines, reference):
    (tmp_path / "d.html").write_text(make_html(lines), encoding="utf-8")
    assert facts(tmp_path / "d.html") == reference


def test_pdf_gives_the_same_graph(tmp_path, lines, reference):
    make_pdf(tmp_path / "d.pdf", lines)
    got = facts(tmp_path / "d.pdf")
    assert got == reference, (sorted(map(str, got - reference))[:5], sorted(map(str, reference - got))[:5])
