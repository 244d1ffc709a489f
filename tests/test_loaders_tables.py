"""Tables of tasks (rows as lines, cells joined by " | "), written for this test with other column names."""

from __future__ import annotations

import datetime as dt

from mandategraph.loaders import parse_text
from mandategraph.loaders.deadlines import find_all, find_cell

TEXT = """ỦY BAN NHÂN DÂN
TỈNH ĐIỆN BIÊN
Số: 77/KH-UBND
Điện Biên, ngày 10 tháng 4 năm 2025

KẾ HOẠCH
Thực hiện Chương trình chuyển đổi số tỉnh năm 2025

I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm triển khai đồng bộ.
II. NHIỆM VỤ CỤ THỂ
(Chi tiết tại Phụ lục kèm theo)
STT | Tên nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Tiến độ | Sản phẩm
I | Nhiệm vụ chung
1 | Rà soát hạ tầng số | Sở Khoa học và Công nghệ | Sở Tài chính, UBND các huyện | Thường xuyên | Báo cáo
2 | Xây dựng kho dữ liệu dùng chung | Văn phòng UBND tỉnh | Công an tỉnh | 2025-2030 | Kho dữ liệu
 | của tỉnh |  |  |  |
II | Nhiệm vụ riêng
1 | Số hóa hồ sơ đất đai | Sở Nông nghiệp và Môi trường | Các sở, ngành liên quan | Quý III/2025 | Cơ sở dữ liệu
III. TỔ CHỨC THỰC HIỆN
Sở Khoa học và Công nghệ theo dõi, đôn đốc việc thực hiện.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Thành Đô
"""


def test_table_rows_become_tasks_under_group_rows():
    d = parse_text(TEXT, "db-kh.txt")
    by_id = {p.id: p for p in d.provisions}
    assert {"II/I", "II/I/1", "II/I/2", "II/II", "II/II/1", "III"} <= set(by_id)
    assert by_id["II/I/1"].parent_id == "II/I" and by_id["II/II/1"].parent_id == "II/II"
    assert by_id["II/I/1"].kind == "task" and by_id["II/I/1"].heading == "Rà soát hạ tầng số"
    assert by_id["II/I/1"].span.line_start == 15 and by_id["II/I/1"].span.line_end == 15
    # the wrapped row continues row 2
    assert by_id["II/I/2"].text == "Xây dựng kho dữ liệu dùng chung của tỉnh"
    assert by_id["II/I/2"].span.line_end == 17
    roles = {(a.role, a.agency.key) for a in by_id["II/I/1"].assignments}
    assert ("lead", "dien-bien/so-khoa-hoc-va-cong-nghe") in roles
    assert ("coordinating", "dien-bien/so-tai-chinh") in roles
    assert any(a.role == "coordinating" and a.agency.collective for a in by_id["II/I/1"].assignments)
    assert [(x.kind, x.due) for x in by_id["II/I/1"].deadlines] == [("recurring", None)]
    assert [(x.kind, x.due) for x in by_id["II/I/2"].deadlines] == [("year", dt.date(2030, 12, 31))]
    assert [(x.kind, x.due) for x in by_id["II/II/1"].deadlines] == [("quarter", dt.date(2025, 9, 30))]
    assert {a.agency.key for a in by_id["II/II/1"].assignments if a.role == "lead"} == {"dien-bien/so-nong-nghiep-va-moi-truong"}
    # the table ends at the next heading; prose after it is not a row
    assert "theo dõi, đôn đốc" in by_id["III"].text and by_id["III"].parent_id is None


def test_deadline_cells_and_labels():
    assert [(x.kind, x.due) for x in find_cell("Tháng 10/2025")] == [("month", dt.date(2025, 10, 31))]
    assert [(x.kind, x.due) for x in find_cell("Năm 2026")] == [("year", dt.date(2026, 12, 31))]
    assert [x.kind for x in find_cell("Hằng năm")] == ["recurring"]
    found = find_all("Xây dựng quy chế phối hợp. Thời gian hoàn thành: tháng 12/2025.")
    assert [(x.kind, x.due) for x in found] == [("month", dt.date(2025, 12, 31))]


def test_commune_and_ministry_bodies():
    from mandategraph.loaders import agencies

    ref = agencies.resolve("UBND xã Chiềng Mung", "son-la")
    assert ref.key == "son-la/ubnd-xa-chieng-mung" and ref.level == "commune"
    assert agencies.resolve("Công an xã", "son-la").key == "son-la/cong-an-xa"
    assert agencies.resolve("Bộ Dân tộc và Tôn giáo", None).key == "central/bo-dan-toc-va-ton-giao"
    assert [r.name for r in agencies.split_bodies("Vụ Kế hoạch - Tài chính; Trung tâm Chuyển đổi số", None)] == [
        "Vụ Kế hoạch - Tài chính", "Trung tâm Chuyển đổi số"]


def test_collective_variants_share_a_key_and_lists_stop_at_the_verb():
    from mandategraph.loaders import agencies

    keys = {agencies.resolve(t, "son-la").key for t in ("các ngành có liên quan", "các ngành liên quan",
                                                         "các sở, ban, ngành liên quan")}
    assert len(keys) == 1
    assert agencies.resolve("các sở, ban, ngành", "son-la").key not in keys  # 'liên quan' restricts
    [ref] = agencies.split_bodies("UBND các huyện, thành phố, thị xã chỉ đạo các tổ chức tín dụng", "son-la")
    assert ref.name == "UBND các huyện, thành phố, thị xã"
    names = [r.name for r in agencies.split_bodies("Các Ban, Văn phòng Huyện ủy", "son-la")]
    assert names[0] in ("Các Ban Huyện ủy",) or names == ["Các Ban", "Văn phòng Huyện ủy"]
    names = [r.name for r in agencies.split_bodies("Các Ban, Văn phòng Tỉnh ủy", "son-la")]
    assert names == ["Các Ban Tỉnh ủy", "Văn phòng Tỉnh ủy"]


def test_two_row_header_under_merged_cells():
    text = """BỘ XÂY DỰNG
Số: 15/KH-BXD
Hà Nội, ngày 02 tháng 6 năm 2025
KẾ HOẠCH
Triển khai Nghị quyết số 66-NQ/TW
I. NHIỆM VỤ
| STT | Nội dung công việc | Cơ quan thực hiện | | Thời hạn |
| | | Chủ trì | Phối hợp | |
| 1 | Rà soát định mức | Cục Kinh tế xây dựng | Vụ Pháp chế | 30/9/2025 |
"""
    from mandategraph.loaders import parse_text

    d = parse_text(text, "bxd.txt")
    [row] = [p for p in d.provisions if p.id == "I/1"]
    assert {(a.role, a.agency.name) for a in row.assignments} == {("lead", "Cục Kinh tế xây dựng"),
                                                                  ("coordinating", "Vụ Pháp chế")}
    assert [(x.kind, x.due.isoformat()) for x in row.deadlines] == [("date", "2025-09-30")]
    assert d.doc.issuer.key == "central/bo-xay-dung" and d.doc.province is None


def test_task_table_in_an_appendix_after_the_signature():
    text = """ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
Số: 88/KH-UBND
Cao Bằng, ngày 20 tháng 8 năm 2025
KẾ HOẠCH
Thực hiện chuyển đổi số năm 2025
I. MỤC TIÊU
Hoàn thành các nhiệm vụ tại Phụ lục kèm theo.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hoàng Văn Thạch

PHỤ LỤC I
DANH MỤC NHIỆM VỤ
(Kèm theo Kế hoạch số 88/KH-UBND ngày 20/8/2025 của UBND tỉnh)
TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
1 | Số hóa hồ sơ hộ tịch | Sở Tư pháp | UBND các xã, phường | Tháng 12/2025
"""
    from mandategraph.loaders import parse_text

    d = parse_text(text, "cb.txt")
    assert d.signer == "Hoàng Văn Thạch"
    by_id = {p.id: p for p in d.provisions}
    assert "Phụ lục I" in by_id and by_id["Phụ lục I/1"].parent_id == "Phụ lục I"
    row = by_id["Phụ lục I/1"]
    assert {(a.role, a.agency.key) for a in row.assignments if a.role == "lead"} == {("lead", "cao-bang/so-tu-phap")}
    assert [(x.kind, x.due.isoformat()) for x in row.deadlines] == [("month", "2025-12-31")]


def test_table_without_a_number_column():
    text = """SỞ Y TẾ TỈNH NGHỆ AN
Số: 21/KH-SYT
Nghệ An, ngày 01 tháng 4 năm 2025
KẾ HOẠCH
Phòng, chống dịch bệnh năm 2025
I. PHÂN CÔNG
Nội dung | Đơn vị thực hiện | Thời gian thực hiện
Giám sát ca bệnh | Trung tâm Kiểm soát bệnh tật | Thường xuyên
Tập huấn chuyên môn | Bệnh viện Đa khoa tỉnh | Quý II/2025
"""
    from mandategraph.loaders import parse_text

    d = parse_text(text, "na.txt")
    by_id = {p.id: p for p in d.provisions}
    assert by_id["I/1"].heading == "Giám sát ca bệnh" and by_id["I/2"].heading == "Tập huấn chuyên môn"
    assert [a.agency.name for a in by_id["I/2"].assignments if a.role == "lead"] == ["Bệnh viện Đa khoa tỉnh"]
    assert [x.kind for x in by_id["I/1"].deadlines] == ["recurring"]
