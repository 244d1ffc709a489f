"""Property-based tests (hypothesis) on normalisation, segmentation, the extractors and the emitter.

Hostile or random text must only ever produce a ParsedDocument or a LoaderError (the documented
error type), normalisation must be idempotent, and what comes out must be well formed: spans inside
the text, unique provision ids, parents that exist, N-Triples that parse.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import no_hang
from mandategraph.graph.emit import emit_triples
from mandategraph.loaders import deadlines, parse_text, targets
from mandategraph.loaders.errors import LoaderError
from mandategraph.loaders.normalise import normalise, render
from mandategraph.loaders.text import ascii_slug, fold

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLE_LINES = [
    ln for f in sorted(EXAMPLES.glob("*.txt")) for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()
][:4000]

# Pieces that drive the parser's branches: numbering styles, headers, citations, assignments.
PIECES = [
    "I-", "II.", "1-", "1.1-", "1.1.1-", "1.", "(1)", "a)", "-", "– ", "## ", "**", "Điều 1.", "|", "Số: ",
    "161/QĐ-UBND", "06 - CTr/TU", "158/2024/QH15", "Căn cứ Nghị quyết số ", "Thực hiện ", "ngày 08/01/2025",
    "ngày 06 tháng 4 năm 2011", "của Chính phủ", "Sở Tư pháp chủ trì, phối hợp với ", "UBND các huyện, thành phố",
    "Cơ quan chủ trì tham mưu: ", "Cơ quan phối hợp: ", "Giao ", "Đề nghị ", "Tháng 11/2025", "trước ngày 15/02/2025",
    "quý II năm 2025", "đạt 65% vào năm 2025", "9-10%/năm", "6.650 triệu USD", "Nơi nhận:", "T/M TỈNH UỶ", "BÍ THƯ",
    "\n", "\n\n", " ", ",", ";", ":", "(", ")", "\"", "\\", "{", "}", "<", ">", "\u0301", "\u200b", "\t",
]

text_pieces = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(SAMPLE_LINES), st.text(max_size=40)),
    max_size=60,
).map("".join)

relaxed = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(text_pieces)
def test_parse_gives_a_document_or_a_loader_error(text):
    try:
        parsed = parse_text(text, "random.txt")
    except LoaderError as e:
        assert str(e).startswith("random.txt: ")
        return
    n_lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))  # a lone \r ends a line too
    ids = [p.id for p in parsed.provisions]
    assert len(ids) == len(set(ids)), "provision ids must be unique"
    known = set(ids)
    for p in parsed.provisions:
        assert p.parent_id is None or p.parent_id in known
        assert 1 <= p.span.line_start <= p.span.line_end <= n_lines
        for a in p.assignments:
            assert a.role in {"lead", "coordinating", "advising", "monitoring", "requested"}
            assert a.agency.key and " " not in a.agency.key
    for c in parsed.citations:
        assert c.relation in {"basis", "implements", "cites"}
        assert 1 <= c.span.line_start <= n_lines
    # whatever was parsed emits well-formed N-Triples
    emit_triples(parsed).to_graph()


@relaxed
@given(text_pieces)
def test_normalisation_is_idempotent(text):
    once = normalise(text)
    twice = normalise(render(once))
    assert [ln.text for ln in twice] == [ln.text for ln in once]


@relaxed
@given(st.text(max_size=200))
def test_fold_and_slug(text):
    assert fold(fold(text)) == fold(text)
    slug = ascii_slug(text)
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-")


@relaxed
@given(text_pieces)
def test_extractors_never_raise(text):
    for d in deadlines.find(text):
        assert d.kind in {"date", "before", "month", "quarter", "year", "recurring"}
        assert d.text
    for t in targets.find(text):
        assert t.value == t.value  # not NaN
        assert t.value_max is None or t.value_max >= t.value


def test_pathological_inputs_do_not_hang():
    nasty = [
        "1." * 200_000,
        "(" * 300_000,
        "Sở " * 200_000 + "chủ trì",
        "Nghị quyết số " + "1/" * 100_000,
        "ngày " * 200_000,
        "- " * 300_000,
        "|" * 500_000,
        "a" * 1_000_000,
    ]
    for text in nasty:
        with no_hang(60):
            try:
                parse_text(text, "nasty.txt")
            except LoaderError:
                pass


def test_a_range_written_high_to_low_is_the_same_interval():
    (t,) = targets.find("tỷ lệ đảng viên trong dân quân tự vệ đạt 25 - 22%")
    assert (t.value, t.value_max, t.unit) == (22.0, 25.0, "%")


def test_modern_tone_placement_for_display():
    from mandategraph.loaders.text import modern_tones

    assert [modern_tones(w) for w in ("Uỷ ban", "hoá", "thuỷ điện", "Khoẻ", "quý", "hoàn")] == \
        ["Ủy ban", "hóa", "thủy điện", "Khỏe", "quý", "hoàn"]


def test_one_name_per_collective_body_whatever_the_spelling():
    from mandategraph.loaders.agencies import collective_canonical

    names = {collective_canonical(n, "son-la") for n in (
        "UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thành phố", "Uỷ ban nhân dân các huyện, thành phố")}
    assert names == {"Ủy ban nhân dân các huyện, thành phố"}
    assert collective_canonical("các ngành có liên quan", None) == collective_canonical("Các sở, ban, ngành có liên quan", None)
    assert collective_canonical("các sở, ban, ngành tỉnh Sơn La", "son-la") == "Các sở, ban, ngành tỉnh Sơn La"


def test_two_texts_with_the_same_title_are_two_documents():
    a = parse_text("BÁO CÁO CHÍNH TRỊ\n1. Nội dung A\n2. Nội dung B", "a.txt", content_sha256="a" * 64)
    b = parse_text("BÁO CÁO CHÍNH TRỊ\n1. Nội dung C", "b.txt", content_sha256="b" * 64)
    assert a.doc.key != b.doc.key
