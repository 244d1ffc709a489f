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
