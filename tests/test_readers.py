"""File-reading layer: encodings, containers, bad input, folder walking."""

from __future__ import annotations

import html
import io
import os
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from mandategraph.loaders import readers
from mandategraph.loaders.errors import LoaderError
from mandategraph.loaders.formats import legacy
from mandategraph.loaders.formats.vietnamese import is_syllable
from mandategraph.loaders.readers import DecodedText, iter_documents, read_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SAMPLE_FILE = EXAMPLES / "002_9bda8510e97b7cbd.txt"


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def sample_lines(n: int = 150) -> list[str]:
    return nfc(SAMPLE_FILE.read_text(encoding="utf-8")).split("\n")[:n]


def words(s: str) -> list[str]:
    return s.split()


def norm_lines(s: str) -> list[str]:
    return [" ".join(line.split()) for line in s.split("\n") if line.strip()]


# Sentences taken from the example documents: body text, numbering, and all-caps headings.
VI_TEXT = "\n".join(
    [
        "QUYẾT ĐỊNH",
        "VỀ NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN",
        "KINH TẾ - XÃ HỘI VÀ DỰ TOÁN NGÂN SÁCH NHÀ NƯỚC NĂM 2025",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/06/2015;",
        "Căn cứ Nghị quyết số 01/NQ-CP ngày 08/01/2025 của Chính phủ về nhiệm vụ, giải pháp chủ yếu thực hiện",
        "Kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2025;",
        "Theo đề nghị của Giám đốc Sở Kế hoạch và Đầu tư tại Tờ trình số 12/TTr-SKHĐT.",
        "Điều 1. Ban hành kèm theo Quyết định này các nhiệm vụ, giải pháp chủ yếu. Ứng dụng công nghệ thông tin.",
        "- Ý kiến góp ý của các sở, ban, ngành; người dân được hưởng lợi.",
    ]
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------------------- plain text
def test_utf8_with_and_without_bom(tmp_path):
    a = read_document(write(tmp_path, "a.txt", VI_TEXT.encode("utf-8")))
    b = read_document(write(tmp_path, "b.md", b"\xef\xbb\xbf" + VI_TEXT.encode("utf-8")))
    assert a.text == b.text == VI_TEXT
    assert (a.encoding, b.encoding) == ("utf-8", "utf-8-sig")
    assert (a.format, b.format) == ("txt", "md")
    assert isinstance(a, DecodedText) and len(a.raw_sha256) == 64 and a.confidence == 1.0


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    data = VI_TEXT.encode(codec)
    if codec != "utf-16":
        data = ("\ufeff" + VI_TEXT).encode(codec)
    d = read_document(write(tmp_path, "u.txt", data))
    assert d.text == VI_TEXT and d.encoding == "utf-16"


def test_decomposed_utf8_and_crlf_are_normalised(tmp_path):
    raw = unicodedata.normalize("NFD", VI_TEXT).replace("\n", "\r\n")
    assert read_document(write(tmp_path, "d.txt", raw.encode())).text == VI_TEXT


def test_pure_ascii_is_utf8(tmp_path):
    d = read_document(write(tmp_path, "a.txt", b"Article 1. Scope\nThis decision applies.\n"))
    assert d.encoding == "utf-8" and d.text.startswith("Article 1.")


# ------------------------------------------------------------------------ legacy encodings
def test_windows_1258_decomposed(tmp_path):
    data = legacy.encode_cp1258_decomposed(VI_TEXT)
    assert b"\xcc" in data or b"\xec" in data  # combining tone bytes really are used
    d = read_document(write(tmp_path, "w.txt", data))
    assert d.encoding == "cp1258" and d.text == VI_TEXT
    assert d.confidence >= readers.LEGACY_MIN_CONFIDENCE


def test_windows_1258_precomposed(tmp_path):
    # Latin-1 letters such as "á" stored precomposed, the rest decomposed (Word's output)
    data = b"".join(
        c.encode("cp1258") if len(c.encode("cp1258", "ignore")) else legacy.encode_cp1258_decomposed(c)
        for c in VI_TEXT
    )
    assert b"\xe1" in data  # precomposed á
    d = read_document(write(tmp_path, "w.txt", data))
    assert d.encoding == "cp1258" and d.text == VI_TEXT


def test_vni(tmp_path):
    data = legacy.encode_vni(VI_TEXT)
    assert b"ca\xf9c" in data  # "các" = c a + acute byte + c
    d = read_document(write(tmp_path, "v.txt", data))
    assert d.encoding == "vni" and d.text == VI_TEXT


def test_tcvn3(tmp_path):
    data = legacy.encode_tcvn3(VI_TEXT)
    assert b"c\xb8c" in data  # "các"
    d = read_document(write(tmp_path, "t.txt", data))
    assert d.encoding == "tcvn3"
    # capitals drawn with the .VnTimeH font are restored in headings and at sentence starts
    assert d.text == VI_TEXT


def test_tcvn3_long_sample_case_insensitively(tmp_path):
    # A capital toned letter starting a mixed-case word ("Ủy ban") is a lowercase code in
    # TCVN3 and cannot be recovered; everything else must match.
    text = "\n".join(sample_lines()).replace("Ð", "Đ")
    d = read_document(write(tmp_path, "t.txt", legacy.encode_tcvn3(text)))
    assert d.encoding == "tcvn3"
    assert d.text.lower() == text.lower()
    assert "QUYẾT ĐỊNH" in d.text.split("\n")


@pytest.mark.parametrize("enc", ["cp1258", "vni"])
def test_legacy_long_sample_exact(tmp_path, enc):
    text = "\n".join(sample_lines())
    encode = {"cp1258": legacy.encode_cp1258_decomposed, "vni": legacy.encode_vni}[enc]
    d = read_document(write(tmp_path, "x.txt", encode(text)))
    assert (d.encoding, d.text) == (enc, text)


@pytest.mark.skipif(not shutil.which("iconv"), reason="no iconv to cross-check")
def test_tcvn3_table_agrees_with_iconv():
    res = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes(range(0xA0, 0x100)), capture_output=True
    )
    if res.returncode != 0:
        pytest.skip("iconv has no TCVN5712-1")
    assert nfc(res.stdout.decode("utf-8")) == nfc(legacy._TCVN3_A0_FF)


def test_syllable_checker():
    for w in ["của", "nghiêng", "Nguyễn", "quyết", "giường", "THƯỜNG", "khuyến", "oanh", "tỉnh"]:
        assert is_syllable(w), w
    for w in ["Hµ", "caùc", "cuềa", "vaø", "été", "Straße", "nhaân", "ộtộ"]:
        assert not is_syllable(w), w


def test_latin1_text_is_refused_not_misread(tmp_path):
    text = "Il était une fois, à Paris, un élève très sérieux qui étudiait déjà le français.\nÜber Straße."
    p = write(tmp_path, "fr.txt", text.encode("latin-1"))
    with pytest.raises(LoaderError) as e:
        read_document(p)
    assert str(e.value).startswith(f"{p}: line 1: not UTF-8")


def test_gb2312_chinese_is_refused(tmp_path):
    text = "中华人民共和国成立于1949年。\n北京是首都，人口众多，经济发达，文化历史悠久。"
    p = write(tmp_path, "zh.txt", text.encode("gb2312"))
    with pytest.raises(LoaderError, match="not UTF-8"):
        read_document(p)


def test_random_bytes_are_refused(tmp_path):
    import random

    rnd = random.Random(7)
    data = bytes(rnd.randrange(1, 256) for _ in range(20000))
    with pytest.raises(LoaderError) as e:
        read_document(write(tmp_path, "r.txt", data))
    assert "r.txt" in str(e.value)


def test_undecidable_legacy_error_names_line_of_first_bad_byte(tmp_path):
    data = b"line one\nline two\nbad \xff\xfe\xfd here\n"
    with pytest.raises(LoaderError) as e:
        read_document(write(tmp_path, "b.txt", data))
    assert e.value.line == 3 and ": line 3: " in str(e.value)


# --------------------------------------------------------------------------- bad input
def test_missing_file():
    with pytest.raises(LoaderError, match=r"^/nonexistent/x\.txt: no such file$"):
        read_document("/nonexistent/x.txt")


def test_directory(tmp_path):
    with pytest.raises(LoaderError, match="is a directory"):
        read_document(tmp_path)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n"])
def test_empty(tmp_path, data):
    with pytest.raises(LoaderError, match="empty"):
        read_document(write(tmp_path, "e.txt", data))


def test_binary_with_nul(tmp_path):
    with pytest.raises(LoaderError, match="binary file"):
        read_document(write(tmp_path, "b.txt", b"abc\x00\x01\x02" * 100))


@pytest.mark.parametrize(
    "magic,what", [(b"PK\x03\x04rest", "zip archive"), (b"%PDF-1.4\n", "PDF"), (b"\x89PNG\r\n\x1a\n", "PNG")]
)
def test_misnamed_binary_formats(tmp_path, magic, what):
    with pytest.raises(LoaderError, match=what):
        read_document(write(tmp_path, "m.txt", magic + b"x" * 50))


def test_permission_denied(tmp_path, monkeypatch):
    p = write(tmp_path, "locked.txt", b"hello")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        p.chmod(0)
    else:  # root reads anything: simulate the failure at open()

        def deny(*a, **k):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(readers, "open", deny, raising=False)
    with pytest.raises(LoaderError, match=r"locked\.txt: permission denied"):
        read_document(p)


def test_huge_file_refused_without_reading(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written to disk

    def no_open(*a, **k):
        raise AssertionError("must not open the file")

    monkeypatch.setattr(readers, "open", no_open, raising=False)
    with pytest.raises(LoaderError, match="100 MiB, over the 50 MiB limit"):
        read_document(p)


def test_one_megabyte_single_line_does_not_hang(tmp_path):
    line = ("Ủy ban nhân dân tỉnh chịu trách nhiệm thực hiện; " * 20000)[: 1024 * 1024]
    p = write(tmp_path, "long.txt", line.encode())
    from conftest import no_hang

    with no_hang(30):
        d = read_document(p)
    assert d.text.count("\n") == 0
    # the same in a legacy encoding goes through detection and must not hang either
    p2 = write(tmp_path, "long_vni.txt", legacy.encode_vni(line))
    with no_hang(30):
        assert read_document(p2).encoding == "vni"


def test_error_format_is_unchanged():
    assert str(LoaderError("a.txt", "bad", line=3)) == "a.txt: line 3: bad"
    assert str(LoaderError("a.txt", "bad")) == "a.txt: bad"


# ------------------------------------------------------------------------------ containers
def make_docx(path: Path, lines: list[str], table: list[list[str]] | None = None) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, val in enumerate(row):
                t.cell(r, c).text = val
        doc.add_paragraph("after the table")
    doc.save(str(path))


def make_html(lines: list[str]) -> str:
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>ignored title</title>"
        "<style>p { color: red }</style><script>var x = '<p>not text</p>';</script></head>"
        "<body><nav><a href='/'>Trang chủ</a> | <a href='/x'>Tin tức</a></nav>"
        f"{body}<script>console.log('hidden')</script></body></html>"
    )


def _font() -> str | None:
    candidates = []
    try:
        import matplotlib

        candidates.append(Path(matplotlib.__file__).parent / "mpl-data/fonts/ttf/DejaVuSans.ttf")
    except ImportError:
        pass
    candidates.append(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    return next((str(c) for c in candidates if c.exists()), None)


def make_pdf(path: Path, lines: list[str]) -> None:
    fpdf = pytest.importorskip("fpdf")
    font = _font()
    if not font:
        pytest.skip("no DejaVuSans.ttf available")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=font)
    pdf.set_font("DejaVu", size=10)
    for line in lines:
        pdf.multi_cell(0, 5, line if line.strip() else " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_same_text_in_every_container(tmp_path):
    lines = sample_lines()
    txt = read_document(write(tmp_path, "s.txt", "\n".join(lines).encode()))
    make_docx(tmp_path / "s.docx", lines)
    docx = read_document(tmp_path / "s.docx")
    htm = read_document(write(tmp_path, "s.html", make_html(lines).encode()))
    make_pdf(tmp_path / "s.pdf", lines)
    pdf = read_document(tmp_path / "s.pdf")
    assert (docx.format, htm.format, pdf.format) == ("docx", "html", "pdf")
    assert norm_lines(docx.text) == norm_lines(txt.text)
    assert norm_lines(htm.text) == norm_lines(txt.text)
    assert words(pdf.text) == words(txt.text)  # PDF may re-wrap lines


def test_docx_tables_in_document_order(tmp_path):
    p = tmp_path / "t.docx"
    make_docx(p, ["Trước bảng"], table=[["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Lập quy hoạch", "Sở Xây dựng"]])
    assert read_document(p).text.split("\n") == [
        "Trước bảng",
        "STT | Nhiệm vụ | Cơ quan chủ trì",
        "1 | Lập quy hoạch | Sở Xây dựng",
        "after the table",
    ]


def test_html_tables_hidden_elements_and_entities(tmp_path):
    page = """<html><head><style>.a{}</style></head><body>
      <nav><ul><li>Menu</li></ul></nav>
      <h1>QUYẾT&nbsp;ĐỊNH</h1>
      <div>Căn cứ <b>Luật</b> Tổ chức &amp; chính quyền<br>địa phương;</div>
      <table><tr><th>STT</th><th>Nhiệm vụ</th></tr>
        <tr><td>1</td><td><p>Lập</p><p>quy hoạch</p></td></tr></table>
      <noscript>enable JS</noscript><p>Hết.</p></body></html>"""
    d = read_document(write(tmp_path, "p.htm", page.encode()))
    assert d.text.split("\n") == [
        "QUYẾT ĐỊNH",
        "Căn cứ Luật Tổ chức & chính quyền",
        "địa phương;",
        "STT | Nhiệm vụ",
        "1 | Lập quy hoạch",
        "Hết.",
    ]


def test_html_declared_legacy_charset(tmp_path):
    page = "<html><head><meta charset='windows-1258'></head><body><p>Ủy ban nhân dân tỉnh</p></body></html>"
    d = read_document(write(tmp_path, "w.html", legacy.encode_cp1258_decomposed(page)))
    assert d.text == "Ủy ban nhân dân tỉnh" and d.encoding == "cp1258"


def test_html_font_encoded_page_declaring_latin1(tmp_path):
    # Old pages typed in VNI fonts declare iso-8859-1; the bytes are VNI all the same.
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>" + VI_TEXT + "</p></body></html>"
    d = read_document(write(tmp_path, "v.html", legacy.encode_vni(page)))
    assert d.encoding == "vni" and norm_lines(d.text) == [" ".join(VI_TEXT.split())]
    # a genuine Latin-1 page keeps its declared charset
    fr = "<html><head><meta charset='iso-8859-1'></head><body><p>Un élève très sérieux.</p></body></html>"
    d = read_document(write(tmp_path, "fr.html", fr.encode("latin-1")))
    assert d.text == "Un élève très sérieux." and d.encoding == "iso8859-1"


def test_html_unclosed_head_and_nested_table(tmp_path):
    page = (
        "<html><head><title>t</title><body><p>Nội dung</p>"
        "<table><tr><td>A</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>"
    )
    d = read_document(write(tmp_path, "n.html", page.encode()))
    assert d.text.split("\n") == ["Nội dung", "A | x | y"]


def test_truncated_docx(tmp_path):
    good = tmp_path / "g.docx"
    make_docx(good, ["Một đoạn văn"])
    data = good.read_bytes()
    with pytest.raises(LoaderError, match=r"bad\.docx: not a valid \.docx"):
        read_document(write(tmp_path, "bad.docx", data[: len(data) // 2]))


def test_docx_that_is_not_a_zip_or_not_word(tmp_path):
    import zipfile

    with pytest.raises(LoaderError, match="not a zip archive"):
        read_document(write(tmp_path, "a.docx", b"plain text pretending"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(LoaderError, match="not a Word .docx"):
        read_document(write(tmp_path, "b.docx", buf.getvalue()))


def test_corrupt_pdf(tmp_path):
    with pytest.raises(LoaderError, match=r"c\.pdf: not a valid PDF"):
        read_document(write(tmp_path, "c.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R\n garbage"))
    with pytest.raises(LoaderError, match="no %PDF- header"):
        read_document(write(tmp_path, "d.pdf", b"hello"))


def test_truncated_pdf(tmp_path):
    good = tmp_path / "g.pdf"
    make_pdf(good, ["Một đoạn văn bản"] * 30)
    data = good.read_bytes()
    with pytest.raises(LoaderError) as e:
        read_document(write(tmp_path, "t.pdf", data[: len(data) // 3]))
    assert str(e.value).startswith(f"{tmp_path / 't.pdf'}: ")


def test_scanned_pdf_without_text_layer(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a drawing, no text
    p = tmp_path / "scan.pdf"
    pdf.output(str(p))
    with pytest.raises(LoaderError, match=r"scan\.pdf: has no text layer \(scanned image\?\); run OCR first"):
        read_document(p)


def test_missing_optional_package_is_a_clear_error(tmp_path, monkeypatch):
    import sys

    p = tmp_path / "x.docx"
    make_docx(p, ["x"])
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(LoaderError, match=r"needs the optional package python-docx: pip install 'mandategraph\[formats\]'"):
        read_document(p)
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(LoaderError, match="needs the optional package pypdf"):
        read_document(write(tmp_path, "y.pdf", b"%PDF-1.4\n"))


def test_old_doc_is_refused(tmp_path):
    with pytest.raises(LoaderError, match=r"save it as \.docx"):
        read_document(write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100))


# ------------------------------------------------------------------------------ folders
def test_iter_documents_walks_sorted_and_reports_failures(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    write(tmp_path, "a.txt", "Điều 1.".encode())
    write(tmp_path, "c.md", "Điều 2.".encode())
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "notes.csv", b"skipped,not supported")
    write(tmp_path, ".secret.txt", b"hidden")
    write(tmp_path, "~$lock.docx", b"owner file")
    write(tmp_path / "b", "z.html", "<p>Điều 3.</p>".encode())
    write(tmp_path / "b", "broken.pdf", b"%PDF-1.4 nonsense")
    write(tmp_path / ".hidden", "x.txt", b"hidden")
    results = list(iter_documents([tmp_path]))
    names = [p.relative_to(tmp_path).as_posix() for p, _ in results]
    assert names == ["a.txt", "b/broken.pdf", "b/z.html", "c.md", "empty.txt"]
    failures = [(p.name, r) for p, r in results if isinstance(r, LoaderError)]
    assert [n for n, _ in failures] == ["broken.pdf", "empty.txt"]
    assert all(str(r).startswith(str(tmp_path)) for _, r in failures)
    ok = {p.name: r.text for p, r in results if isinstance(r, DecodedText)}
    assert ok == {"a.txt": "Điều 1.", "z.html": "Điều 3.", "c.md": "Điều 2."}


def test_iter_documents_explicit_files_and_missing_paths(tmp_path):
    f = write(tmp_path, "one.txt", b"Dieu 1.")
    results = list(iter_documents([f, tmp_path / "missing.txt"]))
    assert isinstance(results[0][1], DecodedText)
    assert isinstance(results[1][1], LoaderError) and "no such file" in str(results[1][1])
    assert [p for p, _ in iter_documents(str(f))] == [f]


# ------------------------------------------------------------------------------ fuzzing
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".docx", ".pdf", ""]))
def test_any_bytes_give_text_or_loader_error(tmp_path, data, suffix):
    p = write(tmp_path, "f" + suffix, data)
    try:
        d = read_document(p)
    except LoaderError as e:
        assert str(e).startswith(str(p) + ": ") and "\n" not in str(e)
    else:
        assert d.text.strip() and d.text == nfc(d.text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(sorted(set(" ".join(sample_lines(60)).split()))), min_size=5, max_size=40))
def test_legacy_round_trip_on_random_word_sequences(ws):
    text = " ".join(ws).replace("Ð", "Đ")
    assert legacy.decode_vni(legacy.encode_vni(text)) == text
    assert legacy.decode_cp1258(legacy.encode_cp1258_decomposed(text)) == text
    assert legacy.decode_tcvn3(legacy.encode_tcvn3(text)).lower() == text.lower()


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_damaged_containers_never_leak_library_errors(tmp_path, suffix):
    import random

    good = tmp_path / ("good" + suffix)
    (make_docx if suffix == ".docx" else make_pdf)(good, sample_lines(40))
    data = good.read_bytes()
    rnd = random.Random(3)
    for i in range(40):
        buf = bytearray(data)
        for _ in range(rnd.randint(1, 20)):
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
        p = write(tmp_path, f"bad{i}{suffix}", bytes(buf))
        try:
            read_document(p)
        except LoaderError as e:
            assert str(e).startswith(str(p) + ": ")
