"""Target years inherited from the sentence and the heading; baselines ('từ X năm N lên Y') kept apart."""

from __future__ import annotations

from mandategraph.loaders import parse_text
from mandategraph.loaders.targets import find

TEXT = """ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
Số: 12/KH-UBND
Yên Bái, ngày 05 tháng 02 năm 2021

KẾ HOẠCH
Phát triển lâm nghiệp bền vững

I. MỤC TIÊU
1. Các chỉ tiêu chủ yếu đến năm 2025
- Tỷ lệ che phủ rừng đạt 63%.
- Trồng mới khoảng 15.000 ha rừng.
2. Đến năm 2023, có 40% số xã có tổ bảo vệ rừng; 90% hộ nhận khoán được cấp giấy chứng nhận.
"""


def test_year_from_heading_and_sentence():
    d = parse_text(TEXT, "yb.txt")
    targets = {(t.value, t.unit): t.year for p in d.provisions for t in p.targets}
    assert targets[(63.0, "%")] == 2025 and targets[(15000.0, "ha")] == 2025
    assert targets[(40.0, "%")] == 2023 and targets[(90.0, "%")] == 2023


def test_baseline_is_not_a_target():
    [t] = find("Đưa doanh thu du lịch từ 120 tỷ đồng năm 2020 lên trên 500 tỷ đồng vào năm 2025.")
    assert (t.value, t.unit, t.year, t.comparator) == (500.0, "tỷ đồng", 2025, "gt")
    assert (t.baseline_value, t.baseline_year) == (120.0, 2020)
    u = find("Đến năm 2030, thu nhập bình quân đạt 80 triệu đồng. Mỗi năm tăng 8%.")
    assert [(x.value, x.year) for x in u] == [(80.0, 2030), (8.0, None)]  # the year does not cross a full stop


def test_congress_and_plenum_citations_have_one_title_and_an_issuer():
    from mandategraph.loaders.citations import extract  # noqa: F401  (module import check)

    text = """TỈNH ỦY HÒA BÌNH
Số: 09-CTr/TU
Hòa Bình, ngày 10 tháng 3 năm 2021
CHƯƠNG TRÌNH HÀNH ĐỘNG
thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng và Nghị quyết đại hội Đại biểu Đảng bộ tỉnh lần thứ XVII
I. MỤC TIÊU
1. Quán triệt Nghị quyết Đại hội XIII của Đảng, Nghị quyết Trung ương 4 khóa XIII và Nghị quyết Đại hội Đảng bộ tỉnh Hòa Bình lần thứ XVII.
"""
    from mandategraph.loaders import parse_text

    d = parse_text(text, "hb.txt")
    by_key: dict[str, set] = {}
    for c in d.citations:
        by_key.setdefault(c.target.key, set()).add((c.target.title, c.target.issuer.key if c.target.issuer else None))
    assert by_key["congress/national/xiii"] == {("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
                                                  "central/dai-hoi-dang-toan-quoc")}
    assert by_key["congress/hoa-binh/xvii"] == {("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Hòa Bình lần thứ XVII",
                                                  "hoa-binh/dai-hoi-dang-bo-tinh")}
    assert by_key["plenum/central/xiii/4"] == {("Nghị quyết Trung ương 4 khóa XIII", "central/ban-chap-hanh-trung-uong")}


def test_fractions_and_qualifiers():
    [a, b] = find("Đến năm 2030, có 150/204 xã đạt chuẩn nông thôn mới; có trên 40 sản phẩm OCOP đạt từ 4 sao trở lên.")
    assert (a.value, a.unit, a.year) == (150.0, "xã", 2030)
    assert (b.value, b.unit, b.comparator) == (40.0, "sản phẩm", "gt")  # 'từ 4 sao trở lên' qualifies it


def test_deadline_without_ngay():
    from mandategraph.loaders.deadlines import find as find_deadlines

    [d] = find_deadlines("thu hồi vốn của các dự án đến 31/10/2025 có giải ngân thấp")
    assert d.kind == "date" and d.due.isoformat() == "2025-10-31"
