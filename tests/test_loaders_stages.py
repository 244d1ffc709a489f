"""Loader stages on the five samples; expectations read by hand from the source texts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mandategraph.loaders import LoaderError, parse_file, parse_text
from mandategraph.loaders.agencies import resolve, split_bodies
from mandategraph.loaders.deadlines import find as find_deadlines
from mandategraph.loaders.identity import document_key
from mandategraph.loaders.normalise import normalise, render
from mandategraph.loaders.targets import find as find_targets
from mandategraph.loaders.text import fold

EX = Path(__file__).resolve().parent.parent / "examples"


def sample(n: str) -> Path:
    return next(EX.glob(f"{n}_*.txt"))


@pytest.fixture(scope="module")
def docs():
    return {n: parse_file(sample(n)) for n in ("000", "001", "002", "003", "004")}


def prov(doc, pid):
    return next(p for p in doc.provisions if p.id == pid)


# --- normalisation ---------------------------------------------------------------------------

def test_chrome_and_pipes_dropped():
    texts = [ln.text for ln in normalise(sample("000").read_text(encoding="utf-8"))]
    assert not any(t.startswith(("Văn bản →", "Số lần đọc", "Thăm dò dư luận", "Quảng Cáo")) for t in texts)
    texts2 = [ln.text for ln in normalise(sample("002").read_text(encoding="utf-8"))]
    assert "|" not in texts2


def test_002_wrapped_lines_joined_with_original_line_numbers():
    lines = normalise(sample("002").read_text(encoding="utf-8"))
    date = next(ln for ln in lines if ln.text.startswith("Sơn La, ngày"))
    assert date.text == "Sơn La, ngày 20 tháng 01 năm 2025" and (date.first, date.last) == (12, 13)
    task = next(ln for ln in lines if ln.text.startswith("1.1. Sở Tư pháp"))
    assert task.text == "1.1. Sở Tư pháp chủ trì, phối hợp với các ngành có liên quan, UBND các huyện, thành phố, thị xã"
    assert (task.first, task.last) == (145, 146)


def test_markdown_markup_removed_and_idempotent():
    for n in ("002", "004"):
        lines = normalise(sample(n).read_text(encoding="utf-8"))
        assert [x.text for x in normalise(render(lines))] == [x.text for x in lines]
    texts = [ln.text for ln in normalise(sample("004").read_text(encoding="utf-8"))]
    assert "2. Đề án, Nghị quyết về đẩy mạnh đầu tư phát triển kết cấu hạ tầng kinh tế - xã hội giai đoạn 2025-2030" in texts
    assert not any("**" in t or t.startswith("#") for t in texts)


def test_long_line_does_not_hang():
    from conftest import no_hang

    with no_hang(30):
        out = normalise("a, " * 350_000)
    assert len(out) == 1


# --- header ----------------------------------------------------------------------------------

def test_header_000(docs):
    d = docs["000"]
    assert d.doc.number == "06-CTr/TU" and d.doc.doc_type == "CTr"
    assert d.doc.issuer.key == "son-la/tinh-uy" and d.doc.date == dt.date(2011, 4, 6)
    assert d.place == "Sơn La" and d.doc.province == "son-la"
    assert d.signer == "Thào Xuân Sùng" and d.signer_capacity == "T/M TỈNH UỶ, BÍ THƯ"
    assert d.doc.title == ("Chương trình hành động của Ban Chấp hành Đảng bộ tỉnh thực hiện Nghị quyết Đại hội "
                           "toàn quốc lần thứ XI của Đảng, Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIII")
    assert d.doc.key == "06-ctr-tu/son-la/2011"
    assert "Ban Bí thư Trung ương Đảng" in d.recipients


def test_header_002(docs):
    d = docs["002"]
    assert d.doc.number == "161/QĐ-UBND" and d.doc.doc_type == "QĐ"
    assert d.doc.issuer.key == "son-la/ubnd-tinh" and d.doc.date == dt.date(2025, 1, 20)
    assert d.signer == "Nguyễn Đình Việt" and d.signer_capacity == "TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH"
    assert d.doc.key == "161-qd-ubnd/son-la/2025"
    assert "Văn phòng Chính phủ" in d.recipients


def test_header_unnumbered(docs):
    assert docs["001"].doc.number is None and docs["001"].doc.province == "lang-son"
    assert docs["001"].doc.issuer.key == "lang-son/tinh-uy"
    assert docs["001"].signer == "Lâm Thị Phương Thanh"
    assert docs["003"].doc.province == "lai-chau" and docs["003"].doc.doc_type == "BC"
    assert docs["003"].doc.issuer.key == "lai-chau/tinh-uy"
    assert docs["004"].doc.province == "son-la" and docs["004"].doc.issuer.key == "son-la/dang-uy-ubnd-tinh"
    for n in ("001", "003", "004"):
        assert docs[n].doc.key.startswith("unnumbered/")


# --- segmentation ----------------------------------------------------------------------------

def test_segment_000(docs):
    d = docs["000"]
    progs = [p for p in d.provisions if p.kind == "programme"]
    assert [p.ref for p in progs] == ["1", "2", "3", "4", "5", "6", "7"]
    assert prov(d, "II/1/1.1/1.1.1").kind == "task"
    assert prov(d, "II/1/1.2/1.2.1").kind == "scheme"
    p = prov(d, "II/6/6.2/6.2.9")
    assert p.kind == "scheme" and p.heading.startswith("Đề án nâng cao hiệu quả phổ biến")
    assert prov(d, "II/3/3.2/3.2.1/b1").parent_id == "II/3/3.2/3.2.1"


def test_segment_001_restarted_numbering(docs):
    d = docs["001"]
    assert prov(d, "I/1").kind == "programme"
    assert prov(d, "I/1/1.1").kind == "objective"
    assert prov(d, "I/1/1").parent_id == "I/1"  # "1.Nhiệm vụ" after "1.1.Mục tiêu" is its sibling
    assert prov(d, "I/2").heading.startswith("Chương trình 2")
    assert prov(d, "I/3").heading.startswith("Chương trình 3")
    assert prov(d, "II/2/2.2").heading.startswith("Tham mưu")


def test_segment_002_tasks(docs):
    d = docs["002"]
    p = prov(d, "Điều 1/II/1/1.1")
    assert p.kind == "task" and p.heading.startswith("Sở Tư pháp chủ trì")
    assert "Nâng cao chất lượng và hiệu quả công tác thẩm định" in p.text
    assert prov(d, "Điều 1/II/12/12.2").kind == "task"
    assert prov(d, "Điều 2").parent_id is None


def test_segment_004_schemes(docs):
    d = docs["004"]
    schemes = [p for p in d.provisions if p.kind == "scheme"]
    assert [p.ref for p in schemes] == [str(i) for i in range(1, 12)]
    assert prov(d, "II/8/(2)").heading == "Tổ chức thực hiện"


# --- citations -------------------------------------------------------------------------------

def cites(doc):
    return {(c.target.key, c.relation, c.source.key if c.source else None) for c in doc.citations}


def test_citations_002_header(docs):
    c = cites(docs["002"])
    for key in ("01-nq-cp/2025", "420-nq-hdnd/son-la/2024", "422-nq-hdnd/son-la/2024",
                "law/to-chuc-chinh-quyen-dia-phuong/2015"):
        assert (key, "basis", None) in c
    assert any(k.startswith("law/sua-doi-bo-sung") and r == "basis" for k, r, _ in c)
    assert ("27-ctr-tu/son-la/2024", "implements", None) in c
    assert ("97-kl-tw/2024", "implements", "27-ctr-tu/son-la/2024") in c
    assert ("158-2024-qh15", "implements", "27-ctr-tu/son-la/2024") in c
    assert ("27-ttr-skhdt/son-la/2025", "cites", None) in c
    assert ("scheme/central/06", "cites", None) in c
    assert ("law/ngan-sach-nha-nuoc", "cites", None) in c
    assert ("2615-qd-ubnd/son-la/2024", "cites", None) in c


def test_citations_004(docs):
    d = docs["004"]
    keys = {c.target.key for c in d.citations if c.target.number == "19-NQ/TW"}
    assert keys == {"19-nq-tw/2022"}
    c = cites(d)
    assert ("19-nq-tw/2022", "implements", "09-kh-tw/2022") in c
    assert ("congress/son-la/xvi", "implements", None) in c
    assert ("congress/son-la/dang-bo-ubnd-tinh/i", "implements", None) in c
    assert ("plenum/central/xii/4", "cites", None) in c and ("plenum/central/xiii/4", "cites", None) in c
    assert ("05-ct-tw/2016", "cites", None) in c
    assert ("20-nq-tw/2022", "cites", None) in c


def test_citations_000_001_003(docs):
    c0 = cites(docs["000"])
    assert ("congress/national/xi", "implements", None) in c0
    assert ("congress/son-la/xiii", "implements", None) in c0
    assert ("355-nq-hdnd/son-la/2010", "cites", None) in c0
    assert ("01-nq-tu/son-la/2010", "cites", None) in c0
    c1 = cites(docs["001"])
    assert ("congress/lang-son/xvii", "implements", None) in c1
    assert ("05-ct-tw/2016", "cites", None) in c1
    assert ("plenum/central/xii/4", "cites", None) in c1 or any(k == "plenum/central/xii/4" for k, _, _ in c1)
    keys3 = {k for k, _, _ in cites(docs["003"])}
    assert "49-nq-tw" in keys3 and "20-nq-tw/2017" in keys3


# --- agencies --------------------------------------------------------------------------------

def test_agency_aliases_and_scope():
    assert resolve("UBND tỉnh", "son-la").key == resolve("Uỷ ban nhân dân tỉnh", "son-la").key == "son-la/ubnd-tinh"
    assert resolve("Ủy ban nhân dân tỉnh", "lang-son").key == "lang-son/ubnd-tinh"
    assert resolve("Sở KH&ĐT", "son-la").key == resolve("Sở Kế hoạch và Đầu tư", "son-la").key
    assert resolve("Sở Nông nghiệp và PTNT", "son-la").key == resolve(
        "Sở Nông nghiệp và Phát triển nông thôn", "son-la").key
    assert resolve("Chính phủ", "son-la").key == "central/chinh-phu"
    assert resolve("Sở Tư pháp", "son-la").parent_key == "son-la/ubnd-tinh"
    assert resolve("Ban Tổ chức Tỉnh ủy", "son-la").parent_key == "son-la/tinh-uy"
    assert resolve("Ban cán sự đảng UBND tỉnh", "son-la").parent_key == "son-la/tinh-uy"
    assert fold("Uỷ") == fold("Ủy")


def test_collective_bodies_not_split():
    refs = split_bodies("Cục thuế tỉnh, Kho bạc Nhà nước tỉnh và các ngành có liên quan, UBND các huyện, thành phố, thị xã",
                        "son-la")
    assert [r.name for r in refs] == ["Cục thuế tỉnh", "Kho bạc Nhà nước tỉnh", "các ngành có liên quan",
                                      "UBND các huyện, thành phố, thị xã"]
    assert refs[3].collective and refs[3].key.startswith("son-la/collective/")
    unknown = resolve("Sở Ngoại thương", "son-la")
    assert unknown.key == "son-la/so-ngoai-thuong"


# --- assignments -----------------------------------------------------------------------------

def roles(p):
    return {(a.role, a.agency.key) for a in p.assignments}


def test_assignments_002(docs):
    d = docs["002"]
    assert roles(prov(d, "Điều 1/II/1/1.1")) == {
        ("lead", "son-la/so-tu-phap"), ("coordinating", "son-la/collective/cac-so-ban-nganh-lien-quan"),
        ("coordinating", "son-la/collective/ubnd-cac-huyen-thanh-pho-thi-xa")}
    r21 = roles(prov(d, "Điều 1/II/2/2.1"))
    assert ("coordinating", "son-la/cuc-thue-tinh") in r21 and ("coordinating", "son-la/kho-bac-nha-nuoc-tinh") in r21
    r14 = roles(prov(d, "Điều 1/II/1/1.4"))
    assert {("lead", "son-la/cong-an-tinh"), ("lead", "son-la/vien-kiem-sat-nhan-dan-tinh"),
            ("lead", "son-la/toa-an-nhan-dan-tinh")} == r14
    assert ("lead", "son-la/ban-dan-toc") in roles(prov(d, "Điều 1/II/7/7.4"))
    assert roles(prov(d, "Điều 1/II/12/12.2")) == {("requested", "son-la/ubmttq-tinh")}
    assert all(a.agency.collective for a in prov(d, "Điều 1/II/1/1.5").assignments)


def test_assignments_004_item_8(docs):
    d = docs["004"]
    b1 = prov(d, "II/8/(2)/b1")
    assert roles(b1) == {("advising", "son-la/ban-thuong-vu-dang-uy-ubnd-tinh"),
                         ("lead", "son-la/ban-tuyen-giao-va-dan-van-dang-uy-ubnd-tinh")}
    dl = prov(d, "II/8/(3)").deadlines
    assert dl and dl[0].kind == "month" and dl[0].due == dt.date(2025, 11, 30)


def test_assignments_001_inherited(docs):
    d = docs["001"]
    for ref in ("1", "2", "3", "4"):
        p = prov(d, f"I/{ref}")
        assert p.inherited_from == ["II/1/1.2"]
        assert ("lead", "lang-son/bcs-dang-ubnd-tinh") in roles(p)
        assert all(a.span.line_start == 75 for a in p.assignments)
    assert ("lead", "lang-son/ban-to-chuc-tinh-uy") in roles(prov(d, "I/5"))
    assert ("monitoring", "lang-son/van-phong-tinh-uy") in roles(prov(d, "II/3/3.1"))


# --- deadlines and targets -------------------------------------------------------------------

def test_deadlines():
    got = {(d.kind, d.due) for d in find_deadlines(
        "Trước ngày 15/02/2025 ban hành; khởi công trong quý II năm 2025; gửi trước ngày 18 hàng tháng; "
        "báo cáo định kỳ 6 tháng; đến ngày 30/6/2025; hoàn thành trong năm 2025.")}
    assert got == {("before", dt.date(2025, 2, 15)), ("quarter", dt.date(2025, 6, 30)), ("recurring", None),
                   ("date", dt.date(2025, 6, 30)), ("year", dt.date(2025, 12, 31))}


def test_targets(docs):
    t = find_targets("Trồng rừng mới 9.000 ha/năm; độ che phủ rừng đạt 65% vào năm 2025.")
    assert (t[1].indicator, t[1].value, t[1].unit, t[1].year) == ("độ che phủ rừng", 65.0, "%", 2025)
    t = find_targets("Đến năm 2025, tổng kim ngạch xuất nhập khẩu qua địa bàn đạt khoảng 6.650 triệu USD")
    assert (t[0].value, t[0].unit, t[0].comparator, t[0].year) == (6650.0, "triệu USD", "approx", 2025)
    t = find_targets("Tốc độ tăng trưởng GRDP đạt 9-10%/năm.")
    assert (t[0].value, t[0].value_max, t[0].unit) == (9.0, 10.0, "%/năm")
    assert find_targets("đạt 62,79%")[0].value == 62.79
    assert find_targets("từ 3 sao trở lên")[0].comparator == "gte"
    p = prov(docs["001"], "I/2/1/b2")
    assert any(x.value == 65.0 and x.year == 2025 for x in p.targets)


# --- identity and errors ---------------------------------------------------------------------

def test_document_keys():
    assert document_key("01/NQ-CP", None, 2025) == "01-nq-cp/2025"
    assert document_key("161/QĐ-UBND", "son-la", 2025) == "161-qd-ubnd/son-la/2025"
    assert document_key("158/2024/QH15", "son-la", 2024) == "158-2024-qh15"
    assert document_key("49-NQ/TW") == "49-nq-tw"
    assert document_key("20-NQ/TW", None, 2017) != document_key("20-NQ/TW", None, 2022)


def test_errors():
    with pytest.raises(LoaderError):
        parse_text("", "empty.txt")
    with pytest.raises(LoaderError, match="no document header"):
        parse_text("Hôm nay trời đẹp.\nChúng tôi đi chơi.", "x.txt")

