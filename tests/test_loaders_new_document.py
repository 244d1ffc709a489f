"""A document nobody showed the loaders: a district-level Kế hoạch, written for this test."""

from __future__ import annotations

import datetime as dt

from mandategraph.loaders import parse_text

TEXT = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 45/KH-UBND
Lào Cai, ngày 03 tháng 3 năm 2024

KẾ HOẠCH
Triển khai thực hiện Nghị quyết số 12/NQ-HĐND ngày 10/12/2023 của HĐND tỉnh về phát triển du lịch

Căn cứ Luật Du lịch ngày 19/6/2017;
Căn cứ Quyết định số 147/QĐ-TTg ngày 22/01/2020 của Thủ tướng Chính phủ;

I. MỤC TIÊU
1. Đến năm 2025, thu hút khoảng 8,5 triệu lượt khách; doanh thu du lịch đạt trên 30.000 tỷ đồng.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Sở Tài chính, UBND các huyện, thị xã, thành phố xây dựng đề án phát triển sản phẩm du lịch, hoàn thành trong quý III năm 2024.
2. Giao Sở Xây dựng rà soát quy hoạch các khu du lịch, báo cáo trước ngày 30/6/2024.
III. TỔ CHỨC THỰC HIỆN
Các sở, ban, ngành báo cáo kết quả định kỳ 6 tháng.

Nơi nhận:
- Bộ Văn hóa, Thể thao và Du lịch;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn An
"""


def test_new_document_parses_sensibly():
    d = parse_text(TEXT, "lao-cai-kh.txt")
    assert d.doc.number == "45/KH-UBND" and d.doc.doc_type == "KH"
    assert d.doc.province == "lao-cai" and d.doc.issuer.key == "lao-cai/ubnd-tinh"
    assert d.doc.date == dt.date(2024, 3, 3) and d.doc.key == "45-kh-ubnd/lao-cai/2024"
    keys = {(c.target.key, c.relation) for c in d.citations}
    assert ("12-nq-hdnd/lao-cai/2023", "implements") in keys
    assert ("law/du-lich/2017", "basis") in keys
    assert ("147-qd-ttg/2020", "basis") in keys
    p1 = next(p for p in d.provisions if p.id == "II/1")
    roles = {(a.role, a.agency.key) for a in p1.assignments}
    assert ("lead", "lao-cai/so-van-hoa-the-thao-va-du-lich") in roles
    assert ("coordinating", "lao-cai/so-tai-chinh") in roles
    assert p1.deadlines[0].due == dt.date(2024, 9, 30)
    p2 = next(p for p in d.provisions if p.id == "II/2")
    assert ("lead", "lao-cai/so-xay-dung") in {(a.role, a.agency.key) for a in p2.assignments}
    assert p2.deadlines[0].kind == "before"
    t = next(p for p in d.provisions if p.id == "I/1").targets
    assert any(x.value == 30000 and x.unit == "tỷ đồng" and x.comparator == "gt" for x in t)
    assert d.signer == "Trần Văn An"
