"""Synthetic Vietnamese planning documents, as TEXT, for the benchmark.

The documents imitate the five samples in ``examples/``:

* ``ctr``   a provincial Party committee action programme (sample 000): "TỈNH ỦY X / * / Số : 06 - CTr/TU",
            numbering "I-", "1-", "1.1-", "1.1.1-", "-" bullets, "T/M TỈNH UỶ / BÍ THƯ".
* ``news``  an action programme as republished by a newspaper (sample 001): no header, "I.", "1.",
            "1.1.", "-" bullets glued to the text ("-Đến năm 2025, ...").
* ``qd``    a People's Committee decision (sample 002): "ỦY BAN NHÂN DÂN / TỈNH X / Số: n/QĐ-UBND" with
            table separators "|", every paragraph hard-wrapped (a citation may be split across lines),
            "Căn cứ ...", "Thực hiện Chương trình hành động số ...", "Điều 1.", "I.", "1.", "1.1. Sở X chủ trì,
            phối hợp với ...".
* ``kh``    a plan / Party-board programme in markdown (sample 004): "## **1. Đề án ...**", "(1) *Mục tiêu:*",
            "(2) Tổ chức thực hiện", "- Cơ quan chủ trì tham mưu: ...", "- Cơ quan phối hợp: ...",
            "(3) Thời gian hoàn thành ...: Tháng 11/2025", "a)" items.
* ``bc``    a political report to a provincial Party congress (sample 003): "Phần thứ nhất", "A-", "I-", "1.",
            long prose with numeric targets, few assignments.

Across the 34 provinces of the 2025 reorganisation, with the bodies of the right period (before 1 March
2025: Sở Kế hoạch và Đầu tư, Sở Thông tin và Truyền thông, ...; after: the merged departments). Citation
chains reach national resolutions: a ``qd``/``kh`` of province P implements an action programme of P
(a ``ctr`` of the corpus when one exists, dated earlier) which implements a resolution of the Government,
the National Assembly or the Politburo / Central Committee (a fixed pool with realistic numbers).

Deterministic: the same ``--seed`` gives the same bytes. The plan (kind, province, number, date, what each
document cites) is drawn document by document from one generator, so the first N documents of a corpus
of 10,000 are the corpus of N (the sizes of the benchmark are prefixes of each other); the text of
document i is drawn from its own generator (``Random(f"{seed}:{i}")``), so it can be written in parallel.

Each document's ground truth (the lead / coordinating assignments, citations, deadlines and targets the
generator wrote, with their lines) goes to ``manifest.jsonl`` next to the texts, for the loader's
accuracy check in ``tests/test_bench.py``.

    python bench/generate.py --docs 1000 --seed 7 --out /tmp/mg-corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

# ---------------------------------------------------------------------------------------------
# The 34 provinces and centrally-run cities of the 2025 reorganisation (resolution of 12 June 2025).
CITIES = ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"]
PROVINCES = [
    "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình",
    "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh",
    "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
ALL_PROVINCES = PROVINCES + CITIES
assert len(ALL_PROVINCES) == 34

REORG = dt.date(2025, 3, 1)  # departments merged (Sở KH&ĐT into Sở Tài chính, ...)
NO_DISTRICTS = dt.date(2025, 7, 1)  # district level abolished, provinces merged


def is_city(p: str) -> bool:
    return p in CITIES


def unit_word(p: str) -> str:
    """'tỉnh' or 'thành phố' (lower case, as in 'Công an tỉnh')."""
    return "thành phố" if is_city(p) else "tỉnh"


def place_name(p: str) -> str:
    return "Thành phố Hồ Chí Minh" if p == "Hồ Chí Minh" else p


def party_committee(p: str) -> str:
    return "Thành ủy" if is_city(p) else "Tỉnh ủy"


# ---------------------------------------------------------------------------------------------
# Provincial bodies. {u} is 'tỉnh' / 'thành phố'. Lists by period (the 2025 merger of departments).
DEPTS_COMMON = [
    "Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "Sở Công Thương", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ",
    "Công an {u}", "Bộ Chỉ huy Quân sự {u}", "Thanh tra {u}", "Văn phòng Ủy ban nhân dân {u}",
    "Ban Quản lý các khu công nghiệp {u}", "Ban Dân tộc {u}",
]
DEPTS_BEFORE = [
    "Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông", "Sở Giao thông vận tải",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
    "Sở Lao động - Thương binh và Xã hội",
]
DEPTS_AFTER = ["Sở Nông nghiệp và Môi trường", "Sở Dân tộc và Tôn giáo"]
PARTY_BODIES_BEFORE = [
    "Ban Tổ chức {pc}", "Ban Tuyên giáo {pc}", "Ban Dân vận {pc}", "Ủy ban Kiểm tra {pc}", "Văn phòng {pc}",
    "Ban Nội chính {pc}", "Đảng đoàn Hội đồng nhân dân {u}", "Ban cán sự đảng Ủy ban nhân dân {u}",
]
PARTY_BODIES_AFTER = [
    "Ban Tổ chức {pc}", "Ban Tuyên giáo và Dân vận {pc}", "Ủy ban Kiểm tra {pc}", "Văn phòng {pc}",
    "Ban Nội chính {pc}", "Đảng ủy Ủy ban nhân dân {u}", "Đảng ủy các cơ quan Đảng {u}",
]
COLLECTIVE_BEFORE = [
    "các sở, ban, ngành có liên quan", "Ủy ban nhân dân các huyện, thành phố", "các ngành có liên quan",
    "các cơ quan, đơn vị liên quan", "UBND các huyện, thành phố, thị xã",
]
COLLECTIVE_AFTER = [
    "các sở, ban, ngành có liên quan", "Ủy ban nhân dân các xã, phường", "các cơ quan, đơn vị liên quan",
    "các ngành có liên quan", "UBND các xã, phường, đặc khu",
]
FRONT = ["Ủy ban Mặt trận Tổ quốc Việt Nam {u}", "Liên đoàn Lao động {u}", "Tỉnh đoàn", "Hội Nông dân {u}",
         "Hội Liên hiệp Phụ nữ {u}", "Cục Thuế {u}", "Kho bạc Nhà nước {u}", "Ngân hàng Nhà nước chi nhánh {u}"]


def fmt_body(name: str, p: str) -> str:
    return name.format(u=unit_word(p), pc=party_committee(p))


def state_bodies(date: dt.date) -> list[str]:
    return DEPTS_COMMON + (DEPTS_AFTER if date >= REORG else DEPTS_BEFORE)


def party_bodies(date: dt.date) -> list[str]:
    return PARTY_BODIES_AFTER if date >= REORG else PARTY_BODIES_BEFORE


def collectives(date: dt.date) -> list[str]:
    return COLLECTIVE_AFTER if date >= NO_DISTRICTS else COLLECTIVE_BEFORE


# ---------------------------------------------------------------------------------------------
# National resolutions: a few real ones, then a deterministic pool with realistic numbers.
@dataclass(frozen=True)
class NatRes:
    number: str  # "01/NQ-CP", "158/2024/QH15", "57-NQ/TW"
    date: dt.date
    issuer: str  # "Chính phủ", "Quốc hội", "Bộ Chính trị", "Ban Chấp hành Trung ương Đảng", "Thủ tướng Chính phủ"
    kind: str  # "Nghị quyết", "Kết luận", "Chỉ thị", "Quyết định"
    subject: str


REAL_NATIONAL = [
    NatRes("01/NQ-CP", dt.date(2025, 1, 8), "Chính phủ", "Nghị quyết",
           "về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2025"),
    NatRes("158/2024/QH15", dt.date(2024, 11, 12), "Quốc hội", "Nghị quyết", "về Kế hoạch phát triển kinh tế - xã hội năm 2025"),
    NatRes("57-NQ/TW", dt.date(2024, 12, 22), "Bộ Chính trị", "Nghị quyết",
           "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"),
    NatRes("97-KL/TW", dt.date(2024, 10, 5), "Ban Chấp hành Trung ương Đảng", "Kết luận",
           "Hội nghị lần thứ mười Ban Chấp hành Trung ương khóa XIII"),
    NatRes("19-NQ/TW", dt.date(2022, 6, 16), "Ban Chấp hành Trung ương Đảng", "Nghị quyết",
           "về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045"),
    NatRes("68-NQ/TW", dt.date(2025, 5, 4), "Bộ Chính trị", "Nghị quyết", "về phát triển kinh tế tư nhân"),
    NatRes("11-NQ/TW", dt.date(2022, 2, 10), "Bộ Chính trị", "Nghị quyết",
           "về phát triển kinh tế - xã hội và bảo đảm quốc phòng, an ninh vùng trung du và miền núi phía Bắc"),
    NatRes("18-NQ/TW", dt.date(2017, 10, 25), "Ban Chấp hành Trung ương Đảng", "Nghị quyết",
           "về một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả"),
    NatRes("05-CT/TW", dt.date(2016, 5, 15), "Bộ Chính trị", "Chỉ thị",
           "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    NatRes("1454/QĐ-TTg", dt.date(2021, 9, 1), "Thủ tướng Chính phủ", "Quyết định",
           "phê duyệt Quy hoạch mạng lưới đường bộ thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"),
]

SUBJECTS = [
    "về phát triển kinh tế - xã hội và bảo đảm quốc phòng, an ninh", "về chuyển đổi số quốc gia",
    "về cải cách hành chính nhà nước giai đoạn 2021 - 2030", "về phát triển nguồn nhân lực chất lượng cao",
    "về đẩy mạnh công nghiệp hóa, hiện đại hóa nông nghiệp, nông thôn", "về bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "về phát triển văn hóa, con người Việt Nam", "về đổi mới căn bản, toàn diện giáo dục và đào tạo",
    "về tăng cường công tác bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân", "về phát triển du lịch trở thành ngành kinh tế mũi nhọn",
    "về thực hành tiết kiệm, chống lãng phí", "về phòng, chống tham nhũng, tiêu cực",
    "về sắp xếp đơn vị hành chính cấp tỉnh, cấp xã", "về phát triển kết cấu hạ tầng đồng bộ, hiện đại",
    "về giải ngân vốn đầu tư công", "về xây dựng nông thôn mới giai đoạn 2021 - 2025",
    "về giảm nghèo bền vững", "về phát triển kinh tế tập thể, hợp tác xã",
]


def national_pool(seed: int, size: int = 240) -> list[NatRes]:
    """Real resolutions plus ``size`` synthetic ones; numbers unique per issuer and year (per term for the Party)."""
    rng = random.Random(f"{seed}:national")
    pool = list(REAL_NATIONAL)
    used = {r.number for r in pool}
    while len(pool) < size + len(REAL_NATIONAL):
        year = rng.choice([2016, 2018, 2019, 2020, 2021, 2022, 2022, 2023, 2023, 2024, 2024, 2025, 2025])
        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.choices(["cp", "qh", "tw", "kl", "ct", "ttg"], [5, 2, 3, 2, 1, 2])[0]
        if kind == "cp":
            number, issuer, k = f"{rng.randint(1, 260):02d}/NQ-CP", "Chính phủ", "Nghị quyết"
        elif kind == "qh":
            number, issuer, k = f"{rng.randint(20, 190)}/{year}/QH{14 if year < 2021 else 15}", "Quốc hội", "Nghị quyết"
        elif kind == "tw":
            number = f"{rng.randint(1, 80):02d}-NQ/TW"
            issuer, k = rng.choice(["Bộ Chính trị", "Ban Chấp hành Trung ương Đảng"]), "Nghị quyết"
        elif kind == "kl":
            number, issuer, k = f"{rng.randint(1, 160):02d}-KL/TW", rng.choice(["Bộ Chính trị", "Ban Bí thư"]), "Kết luận"
        elif kind == "ct":
            number, issuer, k = f"{rng.randint(1, 45):02d}-CT/TW", rng.choice(["Bộ Chính trị", "Ban Bí thư"]), "Chỉ thị"
        else:
            number, issuer, k = f"{rng.randint(100, 1900)}/QĐ-TTg", "Thủ tướng Chính phủ", "Quyết định"
        # NQ-CP and QĐ-TTg numbers restart each year: key (number, year); Party numbers per term.
        ident = number + ("" if "/TW" in number or "QH" in number else f"@{year}")
        if ident in used or number in used:
            continue
        used.add(ident)
        pool.append(NatRes(number, date, issuer, k, rng.choice(SUBJECTS)))
    return pool


# ---------------------------------------------------------------------------------------------
# Prose. Filler sentences never contain the phrases the loader extracts (no "chủ trì", no document
# numbers, no deadlines, no numeric targets), so the ground truth below is exact.
VERBS = [
    "Tăng cường", "Đẩy mạnh", "Tiếp tục thực hiện", "Nâng cao chất lượng", "Rà soát, hoàn thiện", "Tập trung chỉ đạo",
    "Triển khai có hiệu quả", "Huy động", "Khuyến khích", "Kiện toàn", "Đổi mới", "Chú trọng", "Quan tâm đầu tư",
    "Thực hiện đồng bộ", "Phát huy", "Củng cố", "Đẩy nhanh tiến độ", "Tổ chức thực hiện tốt", "Xây dựng và triển khai",
]
OBJECTS = {
    "agri": ["tái cơ cấu ngành nông nghiệp theo hướng nâng cao giá trị gia tăng", "các vùng sản xuất hàng hóa tập trung",
             "liên kết sản xuất theo chuỗi giá trị", "công tác quản lý, bảo vệ và phát triển rừng", "chương trình mỗi xã một sản phẩm",
             "các hợp tác xã, tổ hợp tác nông nghiệp", "ứng dụng công nghệ cao trong sản xuất nông nghiệp"],
    "infra": ["hệ thống kết cấu hạ tầng giao thông", "công tác giải phóng mặt bằng các dự án trọng điểm", "giải ngân vốn đầu tư công",
              "hạ tầng khu, cụm công nghiệp", "quy hoạch đô thị và phát triển đô thị bền vững", "hạ tầng cấp điện, cấp thoát nước"],
    "digital": ["chuyển đổi số trong các cơ quan nhà nước", "cơ sở dữ liệu dùng chung của tỉnh", "dịch vụ công trực tuyến toàn trình",
                "hạ tầng số và bảo đảm an toàn, an ninh mạng", "kinh tế số, xã hội số, công dân số", "nền tảng số trong quản trị"],
    "admin": ["cải cách hành chính, cải cách thủ tục hành chính", "kỷ luật, kỷ cương hành chính", "sắp xếp tổ chức bộ máy tinh gọn",
              "chất lượng đội ngũ cán bộ, công chức, viên chức", "phân cấp, phân quyền gắn với kiểm tra, giám sát",
              "công tác tiếp công dân, giải quyết khiếu nại, tố cáo"],
    "social": ["chất lượng giáo dục và đào tạo", "mạng lưới y tế cơ sở", "chính sách an sinh xã hội", "công tác giảm nghèo bền vững",
               "bảo tồn và phát huy giá trị văn hóa các dân tộc", "phong trào toàn dân đoàn kết xây dựng đời sống văn hóa",
               "đào tạo nghề gắn với thị trường lao động"],
    "defence": ["thế trận quốc phòng toàn dân gắn với thế trận an ninh nhân dân", "công tác phòng, chống tội phạm",
                "an ninh chính trị, trật tự an toàn xã hội", "xây dựng khu vực phòng thủ vững chắc", "công tác đối ngoại nhân dân"],
    "party": ["công tác xây dựng Đảng về chính trị, tư tưởng, đạo đức", "năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
              "công tác kiểm tra, giám sát và thi hành kỷ luật đảng", "phương thức lãnh đạo của cấp ủy", "công tác dân vận",
              "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"],
    "finance": ["quản lý thu, chi ngân sách nhà nước", "thực hành tiết kiệm, chống lãng phí", "môi trường đầu tư kinh doanh",
                "hoạt động xúc tiến đầu tư, thương mại", "phát triển doanh nghiệp và kinh tế tư nhân", "quản lý tài sản công"],
    "env": ["quản lý tài nguyên, bảo vệ môi trường", "phòng, chống thiên tai, ứng phó với biến đổi khí hậu",
            "quản lý chất thải rắn sinh hoạt", "bảo tồn đa dạng sinh học", "sử dụng năng lượng tiết kiệm và hiệu quả"],
    "tourism": ["sản phẩm du lịch đặc trưng", "liên kết phát triển du lịch", "hạ tầng du lịch và cơ sở lưu trú",
                "công tác quảng bá, xúc tiến du lịch", "nguồn nhân lực du lịch"],
}
QUALS = [
    "gắn với chuyển đổi số", "theo hướng tinh gọn, hiệu lực, hiệu quả", "bảo đảm thực chất, hiệu quả",
    "phù hợp với điều kiện thực tiễn của địa phương", "tạo chuyển biến rõ nét", "đáp ứng yêu cầu nhiệm vụ trong tình hình mới",
    "trên tinh thần địa phương quyết, địa phương làm, địa phương chịu trách nhiệm", "bảo đảm đồng bộ, thống nhất",
    "có trọng tâm, trọng điểm, không dàn trải", "nâng cao trách nhiệm của người đứng đầu",
]
PURPOSES = [
    "nhằm tạo động lực thúc đẩy tăng trưởng kinh tế", "góp phần nâng cao đời sống vật chất và tinh thần của Nhân dân",
    "tạo môi trường thuận lợi cho người dân và doanh nghiệp", "góp phần giữ vững ổn định chính trị",
    "nhằm huy động tối đa các nguồn lực cho phát triển", "để khai thác hiệu quả tiềm năng, lợi thế của địa phương",
    "bảo đảm phát triển nhanh và bền vững", "tạo sự đồng thuận trong xã hội",
]
DOMAIN_HEADINGS = {
    "agri": "Đẩy mạnh phát triển nông nghiệp hàng hóa tập trung gắn với xây dựng nông thôn mới",
    "infra": "Hoàn thiện hệ thống kết cấu hạ tầng đồng bộ, nhất là hạ tầng giao thông trọng điểm",
    "digital": "Đẩy mạnh chuyển đổi số, phát triển khoa học, công nghệ và đổi mới sáng tạo",
    "admin": "Đẩy mạnh cải cách hành chính, nâng cao hiệu lực, hiệu quả quản lý nhà nước",
    "social": "Phát triển văn hóa, xã hội, nâng cao chất lượng nguồn nhân lực",
    "defence": "Bảo đảm vững chắc quốc phòng, an ninh, mở rộng quan hệ đối ngoại",
    "party": "Xây dựng Đảng bộ và hệ thống chính trị trong sạch, vững mạnh",
    "finance": "Ưu tiên thúc đẩy tăng trưởng trên cơ sở giữ vững ổn định kinh tế vĩ mô",
    "env": "Tăng cường quản lý tài nguyên, bảo vệ môi trường, ứng phó với biến đổi khí hậu",
    "tourism": "Tập trung phát triển du lịch trở thành ngành kinh tế quan trọng",
}
DOMAIN_LEADS = {
    "agri": (["Sở Nông nghiệp và Phát triển nông thôn"], ["Sở Nông nghiệp và Môi trường"]),
    "infra": (["Sở Giao thông vận tải", "Sở Xây dựng", "Sở Kế hoạch và Đầu tư"], ["Sở Xây dựng", "Sở Tài chính"]),
    "digital": (["Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"], ["Sở Khoa học và Công nghệ"]),
    "admin": (["Sở Nội vụ", "Sở Tư pháp", "Thanh tra {u}"], ["Sở Nội vụ", "Sở Tư pháp", "Thanh tra {u}"]),
    "social": (["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch"],
               ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch"]),
    "defence": (["Công an {u}", "Bộ Chỉ huy Quân sự {u}", "Sở Ngoại vụ"], ["Công an {u}", "Bộ Chỉ huy Quân sự {u}", "Sở Ngoại vụ"]),
    "party": (["Ban Tổ chức {pc}", "Ban Tuyên giáo {pc}", "Ủy ban Kiểm tra {pc}"],
              ["Ban Tổ chức {pc}", "Ban Tuyên giáo và Dân vận {pc}", "Ủy ban Kiểm tra {pc}"]),
    "finance": (["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương"], ["Sở Tài chính", "Sở Công Thương"]),
    "env": (["Sở Tài nguyên và Môi trường"], ["Sở Nông nghiệp và Môi trường"]),
    "tourism": (["Sở Văn hóa, Thể thao và Du lịch"], ["Sở Văn hóa, Thể thao và Du lịch"]),
}
# (text template, unit, low, high, decimals, domain) -- "{v}" value, "{y}" year
TARGETS = [
    ("độ che phủ rừng đạt {v}% vào năm {y}", "%", 40, 70, 1, "agri"),
    ("tỷ lệ xã đạt chuẩn nông thôn mới đạt {v}% vào năm {y}", "%", 40, 95, 0, "agri"),
    ("trồng rừng mới {v} ha/năm", "ha/năm", 2000, 12000, 0, "agri"),
    ("tốc độ tăng trưởng kinh tế (GRDP) bình quân đạt {v}%/năm", "%/năm", 6, 11, 1, "finance"),
    ("thu ngân sách nhà nước trên địa bàn đạt {v} tỷ đồng vào năm {y}", "tỷ đồng", 2000, 60000, 0, "finance"),
    ("tổng kim ngạch xuất nhập khẩu đạt khoảng {v} triệu USD vào năm {y}", "triệu USD", 300, 9000, 0, "finance"),
    ("tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt {v}% vào năm {y}", "%", 50, 100, 0, "digital"),
    ("kinh tế số chiếm {v}% GRDP vào năm {y}", "%", 10, 30, 0, "digital"),
    ("tỷ lệ trường học đạt chuẩn quốc gia đạt {v}% vào năm {y}", "%", 50, 90, 0, "social"),
    ("tỷ lệ dân số tham gia bảo hiểm y tế đạt {v}% vào năm {y}", "%", 90, 99, 1, "social"),
    ("thu hút {v} triệu lượt khách du lịch vào năm {y}", "triệu lượt", 1, 12, 1, "tourism"),
    ("tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt {v}% vào năm {y}", "%", 80, 100, 0, "env"),
    ("tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt {v}% hằng năm", "%", 80, 95, 0, "party"),
    ("tỷ lệ đường ô tô đến trung tâm xã được cứng hóa đạt {v}% vào năm {y}", "%", 85, 100, 0, "infra"),
    ("tỷ lệ án hình sự được điều tra làm rõ đạt {v}% vào năm {y}", "%", 80, 95, 0, "defence"),
    ("tỷ lệ cán bộ, công chức cấp xã đạt chuẩn đạt {v}% vào năm {y}", "%", 85, 100, 0, "admin"),
]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]
QUARTERS = ["I", "II", "III", "IV"]
SIGNERS = ["Nguyễn Văn An", "Trần Quốc Bảo", "Lê Thị Hồng", "Phạm Minh Chính", "Hoàng Văn Dũng", "Đỗ Thị Hà",
           "Vũ Đức Hải", "Bùi Văn Khánh", "Thào Xuân Sùng", "Nguyễn Đình Việt", "Lò Văn Mừng", "Đinh Thị Lan"]


def fmt_number(v: float, decimals: int) -> str:
    """Vietnamese number format: '.' thousands, ',' decimals (9.000; 6,5)."""
    if decimals:
        s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
        return s.replace(".", ",")
    return f"{int(v):,}".replace(",", ".")


def d_slash(d: dt.date, zero: bool = True) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if zero else f"{d.day}/{d.month}/{d.year}"


# ---------------------------------------------------------------------------------------------
# The plan: per document, what it is and what it cites (drawn sequentially: prefix-stable).
@dataclass
class DocPlan:
    index: int
    kind: str  # ctr | news | qd | kh | bc
    province: str
    date: dt.date
    number: Optional[str]  # None for news/bc
    national: list[int]  # indexes into the national pool it implements / is based on
    ctr_ref: Optional[dict] = None  # the action programme a qd/kh implements {number, date, index|None, national}
    size: int = 30000  # target size in bytes
    congress: str = "XVI"  # provincial congress numeral


KIND_WEIGHTS = {"ctr": 0.22, "news": 0.10, "qd": 0.33, "kh": 0.22, "bc": 0.13}


def make_plan(n: int, seed: int) -> tuple[list[DocPlan], list[NatRes]]:
    pool = national_pool(seed)
    rng = random.Random(f"{seed}:plan")
    counters: dict[tuple, int] = {}
    ctrs_by_province: dict[str, list[DocPlan]] = {}
    plans = []
    kinds, weights = zip(*KIND_WEIGHTS.items())
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        province = rng.choice(ALL_PROVINCES)
        year = rng.choice([2018, 2019, 2021, 2022, 2023, 2023, 2024, 2024, 2025, 2025, 2025])
        date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        size = int(math.exp(rng.uniform(math.log(10_500), math.log(78_000))))
        natives = [j for j, r in enumerate(pool) if r.date < date] or [min(range(len(pool)), key=lambda j: pool[j].date)]
        national = rng.sample(natives, k=min(len(natives), rng.randint(1, 3)))
        resolutions = [j for j in national if pool[j].kind != "Quyết định"]
        if not resolutions:  # what a programme implements is a resolution / conclusion / directive
            resolutions = [rng.choice([j for j in natives if pool[j].kind != "Quyết định"] or natives)]
        national = resolutions + [j for j in national if j not in resolutions]
        term_start = 2025 if date >= dt.date(2025, 9, 1) else (2020 if year >= 2020 else 2015)
        congress = ROMAN[(term_start - 2015) // 5 + 13]  # 2015: XIV? keep plausible: XIV, XV, XVI
        number = None
        if kind == "ctr":
            key = (province, "CTr/TU", term_start)
            counters[key] = counters.get(key, 0) + rng.randint(1, 6)
            number = f"{counters[key]:02d}-CTr/TU"
        elif kind in ("qd", "kh"):
            code = "QĐ-UBND" if kind == "qd" else "KH-UBND"
            key = (province, code, year)
            counters[key] = counters.get(key, 0) + rng.randint(1, 60)
            number = f"{counters[key]}/{code}"
        plan = DocPlan(i, kind, province, date, number, national, size=size, congress=congress)
        if kind in ("qd", "kh"):
            earlier = [c for c in ctrs_by_province.get(province, []) if c.date < date]
            if earlier and rng.random() < 0.8:
                c = rng.choice(earlier[-5:])
                plan.ctr_ref = {"number": c.number, "date": c.date.isoformat(), "index": c.index,
                                "national": c.national[0]}
            else:  # an action programme outside the corpus
                key = (province, "CTr/TU", term_start)
                fict = counters.get(key, 0) + 100 + rng.randint(1, 50)
                cdate = date - dt.timedelta(days=rng.randint(20, 200))
                plan.ctr_ref = {"number": f"{fict:02d}-CTr/TU", "date": cdate.isoformat(), "index": None,
                                "national": national[0]}
        if kind == "ctr":
            ctrs_by_province.setdefault(province, []).append(plan)
        plans.append(plan)
    return plans, pool


# ---------------------------------------------------------------------------------------------
# Writing one document.
@dataclass
class Truth:
    assignments: list[dict] = field(default_factory=list)  # {role, body, line, ref}
    citations: list[dict] = field(default_factory=list)  # {number|title, relation, line, source}
    deadlines: list[dict] = field(default_factory=list)  # {text, due, line}
    targets: list[dict] = field(default_factory=list)  # {text, value, unit, year, line}


class Writer:
    """Accumulates lines and the ground truth (with 1-based line numbers)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[str] = []
        self.truth = Truth()
        self.size = 0

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    def add(self, *lines: str) -> int:
        first = self.next_line
        for ln in lines:
            self.lines.append(ln)
            self.size += len(ln.encode("utf-8")) + 1
        return first

    def blank(self, n: int = 1) -> None:
        self.add(*([""] * n))

    def wrapped(self, text: str, width: int, first_width: Optional[int] = None) -> int:
        """Hard-wrap ``text`` (sample 002); returns the first line number."""
        words = text.split(" ")
        out, cur, limit = [], "", first_width or width
        for w in words:
            if cur and len(cur) + 1 + len(w) > limit:
                out.append(cur)
                cur, limit = w, width
            else:
                cur = f"{cur} {w}" if cur else w
        if cur:
            out.append(cur)
        return self.add(*out)

    def line_of(self, text_first_line: int, full: str, needle: str, width: int, first_width: Optional[int]) -> int:
        """Line on which ``needle`` starts once ``full`` is wrapped from ``text_first_line``."""
        pos = full.find(needle)
        if pos < 0:
            return text_first_line
        words = full.split(" ")
        line, cur, limit, offset = text_first_line, "", first_width or width, 0
        for w in words:
            if cur and len(cur) + 1 + len(w) > limit:
                line += 1
                cur, limit = w, width
            else:
                cur = f"{cur} {w}" if cur else w
            if offset + len(w) > pos:
                return line
            offset += len(w) + 1
        return line


class DocWriter:
    def __init__(self, plan: DocPlan, pool: list[NatRes], seed: int):
        self.p = plan
        self.pool = pool
        self.rng = random.Random(f"{seed}:{plan.index}")
        self.w = Writer(self.rng)
        self.unit = unit_word(plan.province)
        self.domains = list(DOMAIN_HEADINGS)
        self.rng.shuffle(self.domains)
        self.wrap = plan.kind == "qd"
        self.width = self.rng.randint(72, 92)

    # -- building blocks ---------------------------------------------------------------------
    def sentence(self, domain: str) -> str:
        r = self.rng
        s = f"{r.choice(VERBS)} {r.choice(OBJECTS[domain])}"
        if r.random() < 0.6:
            s += f" {r.choice(QUALS)}"
        if r.random() < 0.5:
            s += f", {r.choice(PURPOSES)}"
        if r.random() < 0.3:
            s += f"; {r.choice(VERBS).lower()} {r.choice(OBJECTS[domain])}"
        return s + "."

    def paragraph(self, domain: str, n: Optional[int] = None) -> str:
        return " ".join(self.sentence(domain) for _ in range(n or self.rng.randint(2, 6)))

    def para(self, text: str, first_width: Optional[int] = None) -> int:
        if self.wrap:
            return self.w.wrapped(text, self.width, first_width)
        return self.w.add(text)

    def body(self, name: str) -> str:
        return fmt_body(name, self.p.province)

    def leads_for(self, domain: str) -> str:
        before, after = DOMAIN_LEADS[domain]
        return self.body(self.rng.choice(after if self.p.date >= REORG else before))

    def coordinators(self, lead: str, k: Optional[int] = None) -> list[str]:
        r = self.rng
        pool = [self.body(b) for b in state_bodies(self.p.date)] + [self.body(b) for b in FRONT]
        pool = [b for b in pool if b != lead]
        picks = r.sample(pool, k if k is not None else r.randint(0, 3))
        if r.random() < 0.7:
            picks.append(r.choice(collectives(self.p.date)))
        return picks

    def record_assignment(self, role: str, body: str, line: int, ref: str) -> None:
        self.w.truth.assignments.append({"role": role, "body": body, "line": line, "ref": ref,
                                         "collective": body[:1].islower() or body.startswith("UBND các")})

    def record_citation(self, relation: str, line: int, number: Optional[str] = None, title: Optional[str] = None,
                        source: Optional[str] = None) -> None:
        c = {"relation": relation, "line": line}
        if number:
            c["number"] = number
        if title:
            c["title"] = title
        if source:
            c["source"] = source
        self.w.truth.citations.append(c)

    def nat_ref(self, j: int, dated: bool = True) -> str:
        r = self.pool[j]
        date = f" ngày {d_slash(r.date, self.rng.random() < 0.6)}" if dated else ""
        return f"{r.kind} số {r.number}{date} của {r.issuer} {r.subject}"

    def deadline(self) -> tuple[str, dt.date]:
        r, y = self.rng, self.p.date.year
        if self.p.date.month >= 10:
            y += 1
        form = r.randint(0, 3)
        if form == 0:
            d = dt.date(y, r.randint(1, 12), r.randint(1, 28))
            return f"trước ngày {d_slash(d)}", d
        if form == 1:
            m = r.randint(1, 12)
            last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
            return f"Tháng {m}/{y}", last
        if form == 2:
            q = r.randint(1, 4)
            last = dt.date(y, 3 * q, 31 if q in (1, 4) else 30)
            return f"trong quý {QUARTERS[q - 1]} năm {y}", last
        m = r.randint(1, 12)
        last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
        return f"trong tháng {m}/{y}", last

    def target(self, domain: str) -> tuple[str, dict]:
        r = self.rng
        cands = [t for t in TARGETS if t[5] == domain] or TARGETS
        tmpl, unit, lo, hi, dec, _ = r.choice(cands)
        v = round(r.uniform(lo, hi), dec) if dec else float(r.randint(lo, hi))
        y = r.choice([2025, 2026, 2030]) if self.p.date.year >= 2021 else r.choice([2020, 2025])
        text = tmpl.format(v=fmt_number(v, dec), y=y)
        return text, {"text": text, "value": v, "unit": unit, "year": y if "{y}" in tmpl else None}

    def task_prose(self, domain: str, ref: str, with_target: float = 0.35, with_deadline: float = 0.3) -> None:
        """Prose paragraphs of a task, sometimes with a target sentence and a deadline sentence."""
        r = self.rng
        for _ in range(r.randint(1, 3)):
            text = self.paragraph(domain)
            extra = None
            if r.random() < with_target:
                ttext, t = self.target(domain)
                extra = ("target", t)
                text += f" Phấn đấu {ttext}."
            if r.random() < with_deadline:
                dtext, due = self.deadline()
                if dtext.startswith("Tháng"):
                    text += f" Thời gian hoàn thành: {dtext}."
                else:
                    text += f" Hoàn thành {dtext}."
                extra2 = {"text": dtext, "due": due.isoformat()}
            else:
                extra2 = None
            first = self.para(text)
            last = self.w.next_line - 1
            if extra:
                extra[1]["line"] = self._locate(first, text, extra[1]["text"])
                extra[1]["ref"] = ref
                self.w.truth.targets.append(extra[1])
            if extra2:
                extra2["line"] = self._locate(first, text, extra2["text"])
                extra2["ref"] = ref
                self.w.truth.deadlines.append(extra2)
            if r.random() < 0.12:  # a mention of a national document inside a task
                j = r.randrange(len(self.pool))
                if self.pool[j].date < self.p.date:
                    res = self.pool[j]
                    line = self.para(f"Thực hiện nghiêm {res.kind.lower()} số {res.number} của {res.issuer} "
                                     f"{res.subject}; {self.sentence(domain).lower()}")
                    self.record_citation("cites", line, number=res.number)
            del last

    def _locate(self, first: int, text: str, needle: str) -> int:
        if not self.wrap:
            return first
        return self.w.line_of(first, text, needle, self.width, None)

    def wrapped_citation(self, text: str, relation: str, number: Optional[str], title: Optional[str] = None,
                         nested: Optional[tuple[str, str]] = None) -> None:
        """A 'Căn cứ' / 'Thực hiện' line of the preamble (hard-wrapped in decisions, first line short)."""
        first_width = self.rng.randint(20, 34) if self.wrap else None
        first = self.para(text, first_width)
        self.record_citation(relation, first, number=number, title=title)
        if nested:
            self.record_citation("implements", first, number=nested[1], source=nested[0])

    # -- signature, recipients -----------------------------------------------------------------
    def recipients(self, party: bool) -> None:
        w = self.w
        w.add("Nơi nhận:" if self.rng.random() < 0.8 else "Nơi nhận :")
        items = (["Ban Bí thư Trung ương Đảng;", "Văn phòng Trung ương Đảng;", "Ban cán sự đảng Chính phủ;",
                  "Các huyện ủy, thành ủy, đảng ủy trực thuộc;", "Các đồng chí tỉnh ủy viên;"]
                 if party else ["Văn phòng Chính phủ;", "Bộ Tài chính;", "Thường trực Tỉnh ủy;", "Thường trực HĐND tỉnh;",
                                "Chủ tịch, các PCT UBND tỉnh;", "Như Điều 3;"])
        for it in self.rng.sample(items, k=self.rng.randint(3, len(items))):
            w.add(f"- {it}")
        w.add("- Lưu: VT." if not party else "- Lưu.")
        w.blank()

    def signature(self, party: bool) -> None:
        w = self.w
        if party:
            w.add(f"T/M {party_committee(self.p.province).upper()}", "BÍ THƯ", "(đã ký)")
        else:
            w.add(f"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" if self.rng.random() < 0.6 else "KT. CHỦ TỊCH", "(đã ký)")
        w.blank(self.rng.randint(0, 4))
        w.add(self.rng.choice(SIGNERS))

    # -- the kinds -------------------------------------------------------------------------------
    def write(self) -> tuple[str, Truth]:
        getattr(self, "write_" + self.p.kind)()
        return "\n".join(self.w.lines) + "\n", self.w.truth

    def header_party(self) -> None:
        p, w, r = self.p, self.w, self.rng
        if r.random() < 0.4:
            w.add(f"Văn bản → Văn bản {self.unit} {place_name(p.province)}", "")
        sp = " " if r.random() < 0.5 else ""
        num = p.number.replace("-", f"{sp}-{sp}")
        w.add(f"{party_committee(p.province).upper()} {place_name(p.province).upper()} ", "*",
              f"Số{' ' if r.random() < 0.5 else ''}: {num}", " ",
              "                          ĐẢNG CỘNG SẢN VIỆT NAM ",
              f"                                         {place_name(p.province)}, ngày {p.date.day:02d} tháng "
              f"{p.date.month} năm {p.date.year}", "")

    def write_ctr(self) -> None:
        """Sample 000: I- / 1- / 1.1- / 1.1.1- / '-' bullets."""
        p, w, r = self.p, self.w, self.rng
        self.header_party()
        nat = self.pool[p.national[0]]
        w.add("CHƯƠNG TRÌNH HÀNH ĐỘNG ", "")
        if r.random() < 0.5:
            title = f"Nghị quyết Đại hội đại biểu Đảng bộ {self.unit} lần thứ {p.congress}"
            line = w.add(" CỦA BAN CHẤP HÀNH ĐẢNG BỘ " + self.unit.upper(), f" thực hiện {title}")
            self.record_citation("implements", line + 1, title=title)
            w.add("___ ", "")
            line = w.add(f"Thực hiện {self.nat_ref(p.national[0])}, Ban Thường vụ {party_committee(p.province)} "
                         f"xây dựng Chương trình hành động như sau:")
            self.record_citation("implements", line, number=nat.number)
        else:
            line = w.add(f" thực hiện {nat.kind} số {nat.number} ngày {d_slash(nat.date)} của {nat.issuer}")
            self.record_citation("implements", line, number=nat.number)
            w.add(f" {nat.subject}", "___ ", "")
        w.blank()
        sec = 0

        def section(title: str) -> None:
            nonlocal sec
            sec += 1
            w.add(f"{ROMAN[sec - 1]}- {title}", "", " ")

        section("MỤC ĐÍCH, YÊU CẦU")
        for k in range(1, r.randint(2, 4)):
            w.add(f"{k}- {self.paragraph(r.choice(self.domains), 2)}", "")
        section("NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU")
        w.add(self.paragraph("party", 2), "")
        prog = 0
        budget = p.size * 0.85
        while w.size < budget and prog < 14:
            prog += 1
            domain = self.domains[(prog - 1) % len(self.domains)]
            indent = " " * r.choice([0, 0, 12])
            w.add(f"{indent}{prog}- Chương trình {DOMAIN_HEADINGS[domain][0].lower()}{DOMAIN_HEADINGS[domain][1:]}", "")
            w.add(f"{prog}.1- Nhiệm vụ", "")
            for t in range(1, r.randint(3, 7)):
                ref = f"{prog}.1.{t}"
                first = w.add(f"{ref}- {self.paragraph(domain)}")
                if r.random() < 0.35:
                    ttext, tg = self.target(domain)
                    w.lines[-1] += f" Phấn đấu {ttext}."
                    tg.update(line=first, ref=ref)
                    w.truth.targets.append(tg)
                if r.random() < 0.3:
                    lead = self.leads_for(domain)
                    line = w.add(f"{lead} chủ trì, phối hợp với {', '.join(self.coordinators(lead, 1))} tham mưu "
                                 f"triển khai thực hiện.")
                    self.record_assignment("lead", lead, line, ref)
                if r.random() < 0.3:
                    for _ in range(r.randint(2, 4)):
                        w.add(f"- {self.sentence(domain)}")
                w.blank()
            w.add(f"{prog}.2- Các đề án", "")
            for t in range(1, r.randint(2, 6)):
                ref = f"{prog}.2.{t}"
                w.add(f"{ref}- Đề án {r.choice(OBJECTS[domain])} giai đoạn {p.date.year}-{p.date.year + 5}:")
                for _ in range(r.randint(1, 4)):
                    w.add(f"- {self.sentence(domain)}")
                if r.random() < 0.4:
                    dtext, due = self.deadline()
                    line = w.add(f"- Thời gian hoàn thành: {dtext}.")
                    w.truth.deadlines.append({"text": dtext, "due": due.isoformat(), "line": line, "ref": ref})
            w.blank()
        section("TỔ CHỨC THỰC HIỆN")
        bodies = [self.body(b) for b in party_bodies(p.date)]
        r.shuffle(bodies)
        for k, lead in enumerate(bodies[: r.randint(2, 5)], 1):
            form = r.random()
            co = self.coordinators(lead, r.randint(0, 2))
            if form < 0.5:
                text = f"{k}- Giao {lead} chủ trì, phối hợp với {', '.join(co) if co else 'các cơ quan liên quan'} " \
                       f"{self.sentence('party')[0].lower()}{self.sentence('party')[1:]}"
            elif form < 0.8:
                text = f"{k}- {lead} chủ trì{', phối hợp với ' + ', '.join(co) if co else ''} theo dõi, đôn đốc, " \
                       f"kiểm tra việc thực hiện Chương trình hành động này."
            else:
                text = f"{k}- Giao {lead} hướng dẫn, theo dõi, đôn đốc việc thực hiện Chương trình hành động này."
                co = []
            dl = None
            if r.random() < 0.4:
                dtext, due = self.deadline()
                text += f" Hoàn thành {dtext}."
                dl = {"text": dtext, "due": due.isoformat(), "ref": str(k)}
            line = w.add(text)
            self.record_assignment("lead", lead, line, str(k))
            for c in co:
                self.record_assignment("coordinating", c, line, str(k))
            if dl:
                dl["line"] = line
                w.truth.deadlines.append(dl)
        w.add(f"{k + 1}- Các huyện ủy, thành ủy, đảng ủy trực thuộc căn cứ Chương trình này xây dựng kế hoạch thực "
              f"hiện phù hợp với tình hình của địa phương, đơn vị./.", " ")
        self.recipients(party=True)
        self.signature(party=True)

    def write_news(self) -> None:
        """Sample 001: no header; 'I.' / '1. Chương trình k:' / '1.1.Mục tiêu cụ thể' / '-bullets'."""
        p, w, r = self.p, self.w, self.rng
        pn = place_name(p.province)
        title = f"Nghị quyết Đại hội đại biểu Đảng bộ {self.unit} {pn} lần thứ {p.congress}"
        w.add(f"Chương trình hành động của Ban Chấp hành Đảng bộ {self.unit} thực hiện {title}")
        w.add(f"Đại hội Đảng bộ {self.unit} {pn} lần thứ {p.congress} đã thông qua các văn kiện. Báo {pn} trân trọng "
              f"giới thiệu nội dung Chương trình hành động thực hiện Nghị quyết Đại hội.")
        w.add("CHƯƠNG TRÌNH HÀNH ĐỘNG", f"CỦA BAN CHẤP HÀNH ĐẢNG BỘ {self.unit.upper()}")
        line = w.add(f"Thực hiện {title}, nhiệm kỳ {p.date.year} – {p.date.year + 5}")
        self.record_citation("implements", line, title=title)
        nat = self.pool[p.national[0]]
        line = w.add(f"Căn cứ {self.nat_ref(p.national[0])}, Ban Chấp hành Đảng bộ {self.unit} xây dựng các "
                     f"Chương trình công tác trọng tâm như sau:")
        self.record_citation("basis", line, number=nat.number)
        w.add("I.CÁC CHƯƠNG TRÌNH CỤ THỂ")
        k = 0
        while w.size < p.size * 0.9 and k < 12:
            k += 1
            domain = self.domains[(k - 1) % len(self.domains)]
            w.add(f"{k}. Chương trình {k}: {DOMAIN_HEADINGS[domain]}")
            sub = r.choice(["1.1.", f"{k}.1.", "1."])
            w.add(f"{sub}Mục tiêu cụ thể")
            for _ in range(r.randint(2, 5)):
                ttext, tg = self.target(domain)
                line = w.add(f"-{'Đến năm ' + str(tg['year']) + ', ' if tg['year'] and r.random() < 0.3 else ''}"
                             f"{ttext[0].upper()}{ttext[1:]}.")
                tg.update(line=line, ref=f"{k}.1")
                w.truth.targets.append(tg)
            w.add(f"{sub.replace('1.', '2.', 1) if sub != '1.' else '2.'}Nhiệm vụ, giải pháp")
            for _ in range(r.randint(3, 8)):
                w.add(f"-{self.paragraph(domain)}")
            if r.random() < 0.5:
                lead = self.leads_for(domain)
                line = w.add(f"-Giao {lead} chủ trì, phối hợp với các cơ quan liên quan cụ thể hóa chương trình.")
                self.record_assignment("lead", lead, line, str(k))
        w.add("II.TỔ CHỨC THỰC HIỆN")
        w.add(f"1. Các cấp ủy, tổ chức đảng căn cứ Chương trình hành động xây dựng kế hoạch thực hiện.")

    def preamble_citations(self) -> None:
        """'Căn cứ Luật ...', 'Căn cứ Nghị quyết số ...', 'Thực hiện Chương trình hành động số ...'."""
        p, w, r = self.p, self.w, self.rng
        law = r.choice([("Luật Tổ chức chính quyền địa phương", dt.date(2025, 2, 19) if p.date >= dt.date(2025, 3, 1)
                         else dt.date(2015, 6, 19)), ("Luật Ngân sách nhà nước", dt.date(2015, 6, 25)),
                        ("Luật Đầu tư công", dt.date(2019, 6, 13))])
        first_width = r.randint(20, 34)
        line = self.w.wrapped(f"Căn cứ {law[0]} ngày {d_slash(law[1])};", self.width, first_width)
        self.record_citation("basis", line, title=law[0])
        for j in p.national[:2]:
            nat = self.pool[j]
            self.wrapped_citation(f"Căn cứ {self.nat_ref(j)};", "basis", nat.number)
        if r.random() < 0.6:
            n = r.randint(100, 450)
            hd = p.date - dt.timedelta(days=r.randint(15, 60))
            num = f"{n}/NQ-HĐND"
            self.wrapped_citation(f"Căn cứ Nghị quyết số {num} ngày {d_slash(hd)} của HĐND {self.unit} về "
                                  f"{r.choice(SUBJECTS)[3:]};", "basis", num)
        if p.ctr_ref:
            c = p.ctr_ref
            nat = self.pool[c["national"]]
            cd = dt.date.fromisoformat(c["date"])
            self.wrapped_citation(
                f"Thực hiện Chương trình hành động số {c['number']} ngày {d_slash(cd)} của Ban Thường vụ "
                f"{party_committee(p.province)} về việc thực hiện {nat.kind} số {nat.number} của {nat.issuer} {nat.subject};",
                "implements", c["number"], nested=(c["number"], nat.number))

    def write_qd(self) -> None:
        """Sample 002: table header with '|', hard-wrapped paragraphs, Điều 1 / I. / 1. / 1.1. Sở X chủ trì."""
        p, w, r = self.p, self.w, self.rng
        pn = place_name(p.province)
        w.add("ỦY BAN NHÂN DÂN", f"{self.unit.upper()} {pn.upper()}", "-------", "|", "CỘNG HÒA XÃ HỘI",
              "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------", "|", f"Số: {p.number}", "|",
              f"{pn}, ngày {p.date.day:02d}", f"tháng {p.date.month:02d} năm {p.date.year}", "|", "QUYẾT ĐỊNH")
        w.add(f"VỀ NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN", f"KINH TẾ - XÃ HỘI NĂM {p.date.year}",
              f"ỦY BAN NHÂN DÂN {self.unit.upper()} {pn.upper()}")
        self.preamble_citations()
        lead0, code = r.choice([("Sở Tài chính", "STC")] + ([("Sở Kế hoạch và Đầu tư", "SKHĐT")] if p.date < REORG else []))
        w.wrapped(f"Theo đề nghị của {lead0} tại Tờ trình số {r.randint(10, 400)}/TTr-{code} ngày "
                  f"{d_slash(p.date - dt.timedelta(days=3))}.", self.width, r.randint(20, 34))
        w.add("QUYẾT ĐỊNH:")
        w.wrapped("Điều 1. Ban hành những nhiệm vụ, giải pháp chủ yếu chỉ đạo, điều hành thực hiện Kế hoạch phát "
                  f"triển kinh tế - xã hội năm {p.date.year} như sau:", self.width, 14)
        self.para(self.paragraph("finance", 5))
        w.add("I. CHỦ ĐỀ,", "QUAN ĐIỂM, TRỌNG TÂM CHỈ ĐẠO ĐIỀU HÀNH")
        for k in range(1, r.randint(3, 6)):
            self.para(f"{k}. {self.paragraph(r.choice(self.domains), 3)}")
        w.add("II. NHIỆM VỤ", "VÀ GIẢI PHÁP CHỦ YẾU")
        k = 0
        while w.size < p.size * 0.88 and k < 16:
            k += 1
            domain = self.domains[(k - 1) % len(self.domains)]
            self.para(f"{k}. {DOMAIN_HEADINGS[domain]}", first_width=r.randint(12, 20))
            for t in range(1, r.randint(2, 5)):
                ref = f"{k}.{t}"
                if r.random() < 0.8:
                    lead = self.leads_for(domain)
                    co = self.coordinators(lead)
                    joiner = r.choice([", phối hợp với ", ", phối hợp ", ", phối hợp với "])
                    head = f"{ref}. {lead} chủ trì" + (f"{joiner}{', '.join(co)}" if co else "")
                    first = self.para(head)
                    self.record_assignment("lead", lead, first, ref)
                    for c in co:
                        self.record_assignment("coordinating", c, self.w.line_of(first, head, c, self.width, None), ref)
                else:
                    first = self.para(f"{ref}. Các sở, ban, ngành, UBND các {('xã, phường' if p.date >= NO_DISTRICTS else 'huyện, thành phố')}")
                self.task_prose(domain, ref)
        w.add("Điều 2. Tổ", "chức thực hiện")
        self.para("1. Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các cấp theo chức năng, nhiệm vụ được giao:")
        dtext, due = self.deadline()
        text = (f"- {dtext[0].upper()}{dtext[1:]}, ban hành Chương trình/Kế hoạch, các văn bản cụ thể của cơ quan, "
                f"đơn vị mình để triển khai thực hiện Quyết định này.")
        line = self.para(text)
        w.truth.deadlines.append({"text": dtext, "due": due.isoformat(), "line": line, "ref": "Điều 2"})
        self.para(f"- {self.paragraph('admin', 3)}")
        self.para(f"Điều 3. Chánh Văn phòng UBND {self.unit}, Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các cấp "
                  f"chịu trách nhiệm thi hành Quyết định này./.")
        self.recipients(party=False)
        w.add("|")
        self.signature(party=False)
        w.add("|")

    def write_kh(self) -> None:
        """Sample 004: markdown headings, (1)/(2)/(3), 'Cơ quan chủ trì tham mưu' / 'Cơ quan phối hợp', 'a)'."""
        p, w, r = self.p, self.w, self.rng
        pn = place_name(p.province)
        md = r.random() < 0.7
        w.add("ỦY BAN NHÂN DÂN", f"{self.unit.upper()} {pn.upper()}", "", f"Số: {p.number}", "",
              f"{pn}, ngày {p.date.day:02d} tháng {p.date.month:02d} năm {p.date.year}", "")
        w.add(f"{'## ' if md else ''}KẾ HOẠCH", "")
        nat = self.pool[p.national[0]]
        line = w.add(f"Triển khai thực hiện {nat.kind} số {nat.number} ngày {d_slash(nat.date)} của {nat.issuer}  ")
        self.record_citation("implements", line, number=nat.number)
        w.add(f"{nat.subject}", "")
        if p.ctr_ref:
            c = p.ctr_ref
            cnat = self.pool[c["national"]]
            line = w.add(f"Thực hiện Chương trình hành động số {c['number']} ngày {d_slash(dt.date.fromisoformat(c['date']), False)} "
                         f"của Ban Thường vụ {party_committee(p.province)} thực hiện {cnat.kind} số {cnat.number} của "
                         f"{cnat.issuer}, Ủy ban nhân dân {self.unit} ban hành Kế hoạch thực hiện như sau:")
            self.record_citation("implements", line, number=c["number"])
            self.record_citation("implements", line, number=cnat.number, source=c["number"])
        w.blank()
        h = lambda lvl, s: f"{'#' * lvl} {s}" if md else s  # noqa: E731
        w.add(h(3, "A- MỤC ĐÍCH, YÊU CẦU"), "")
        for k in range(1, r.randint(3, 5)):
            w.add(f"{k}. {self.paragraph(r.choice(self.domains), 2)}", "")
        w.add(h(3, "II- NỘI DUNG"), "")
        k = 0
        while w.size < p.size * 0.85 and k < 18:
            k += 1
            domain = self.domains[(k - 1) % len(self.domains)]
            style = r.choice(["## **{k}. {t}**", "**{k}. {t}**", "### **{k}. {t}**", "{k}. {t}"]) if md else "{k}. {t}"
            w.add(style.format(k=k, t=f"Đề án về {r.choice(OBJECTS[domain])} giai đoạn {p.date.year}-{p.date.year + 5}"), "")
            w.add(f"(1) {'*Mục tiêu:*' if md else 'Mục tiêu:'} {self.paragraph(domain, 3)}", "")
            if r.random() < 0.5:
                ttext, tg = self.target(domain)
                line = w.add(f"{'*Chỉ tiêu:*' if md else 'Chỉ tiêu:'} {ttext[0].upper()}{ttext[1:]}.", "")
                tg.update(line=line, ref=str(k))
                w.truth.targets.append(tg)
            w.add(f"{'*Nội dung:*' if md else 'Nội dung:'} {self.paragraph(domain)}", "")
            if r.random() < 0.4:
                for letter in "abcd"[: r.randint(2, 4)]:
                    w.add(f"{letter}) {self.sentence(domain)}")
                w.blank()
            w.add(r.choice(["(2) *Tổ chức thực hiện*", "## (2) *Tổ chức thực hiện*", "*(2) Tổ chức thực hiện*",
                            "### *2) Tổ chức thực hiện*"]) if md else "(2) Tổ chức thực hiện", "")
            lead = self.leads_for(domain)
            co = self.coordinators(lead, r.randint(1, 3))
            label = r.choice(["Cơ quan chủ trì tham mưu", "Cơ quan chủ trì"])
            line = w.add(f"- {label}: {lead}.", "")
            self.record_assignment("lead", lead, line, str(k))
            line = w.add(f"- Cơ quan phối hợp: {', '.join(co)}.", "")
            for c in co:
                self.record_assignment("coordinating", c, line, str(k))
            dtext, due = self.deadline()
            line = w.add(f"(3) {'*Thời gian hoàn thành:*' if md else 'Thời gian hoàn thành:'} "
                         f"{dtext[0].upper()}{dtext[1:]}.", "")
            w.truth.deadlines.append({"text": dtext, "due": due.isoformat(), "line": line, "ref": str(k)})
        w.add(h(2, "**C- TỔ CHỨC THỰC HIỆN**"), "")
        lead = self.body(r.choice(state_bodies(p.date)))
        line = w.add(f"1. Giao {lead} theo dõi, đôn đốc, tổng hợp tình hình thực hiện Kế hoạch, báo cáo Ủy ban nhân dân "
                     f"{self.unit}.", "")
        self.record_assignment("lead", lead, line, "C/1")
        w.add("2. Các sở, ban, ngành căn cứ Kế hoạch này triển khai thực hiện./.", "")
        self.recipients(party=False)
        self.signature(party=False)

    def write_bc(self) -> None:
        """Sample 003: political report, 'Phần thứ nhất', 'A-', 'I-', '1.', long prose with targets."""
        p, w, r = self.p, self.w, self.rng
        pn = place_name(p.province)
        prev = ROMAN[ROMAN.index(p.congress) - 1]
        w.add(f"XÂY DỰNG {self.unit.upper()} {pn.upper()} PHÁT TRIỂN NHANH VÀ BỀN VỮNG")
        w.add(f"(Báo cáo chính trị của Ban Chấp hành Đảng bộ {self.unit} khóa {prev}",
              f"trình Đại hội đại biểu Đảng bộ {self.unit} lần thứ {p.congress})", "-----")
        title = f"Nghị quyết Đại hội Đảng bộ {self.unit} lần thứ {prev}"
        line = w.add(f"Đại hội có nhiệm vụ kiểm điểm đánh giá việc thực hiện {title}, nhiệm kỳ "
                     f"{p.date.year - 5} - {p.date.year} và xác định mục tiêu, nhiệm vụ nhiệm kỳ mới.")
        self.record_citation("cites", line, title=title)
        parts = ["Phần thứ nhất", "Phần thứ hai"]
        for part_no, part in enumerate(parts):
            w.add(part, "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT" if part_no == 0 else "MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ TỚI")
            for letter_no, letter in enumerate("ABC"):
                w.add(f"{letter}- {['BỐI CẢNH TÌNH HÌNH', 'KẾT QUẢ ĐẠT ĐƯỢC', 'NHIỆM VỤ'][letter_no]}")
                for s in range(1, r.randint(3, 7)):
                    domain = self.domains[(s - 1) % len(self.domains)]
                    w.add(f"{ROMAN[s - 1]}- {DOMAIN_HEADINGS[domain]}")
                    for k in range(1, r.randint(2, 5)):
                        w.add(f"{k}. {r.choice(OBJECTS[domain])[0].upper()}{r.choice(OBJECTS[domain])[1:]}")
                        text = self.paragraph(domain, r.randint(4, 9))
                        if part_no == 1 and r.random() < 0.6:
                            ttext, tg = self.target(domain)
                            text += f" Phấn đấu đến năm {tg['year'] or p.date.year + 5}, {ttext}."
                            line = w.add(text)
                            tg.update(line=line, ref=f"{letter}/{ROMAN[s - 1]}/{k}")
                            w.truth.targets.append(tg)
                        else:
                            w.add(text)
                        if w.size > p.size * 0.95:
                            break
                    if w.size > p.size * 0.95:
                        break
                if w.size > p.size * 0.95 and part_no == 1:
                    break
            if w.size > p.size * 0.95 and part_no == 1:
                break


# ---------------------------------------------------------------------------------------------
def file_name(plan: DocPlan) -> str:
    slug = unicodedata.normalize("NFD", plan.province.replace("Đ", "D").replace("đ", "d")).encode("ascii", "ignore").decode().lower().replace(" ", "-")
    return f"{plan.index:05d}_{plan.kind}_{slug}.txt"


def render(plan: DocPlan, pool: list[NatRes], seed: int) -> tuple[str, Truth]:
    return DocWriter(plan, pool, seed).write()


def _render_job(args) -> tuple[int, str, bytes, dict]:
    plan, pool, seed = args
    text, truth = render(plan, pool, seed)
    data = unicodedata.normalize("NFC", text).encode("utf-8")
    meta = {"file": file_name(plan), "kind": plan.kind, "province": plan.province, "date": plan.date.isoformat(),
            "number": plan.number, "bytes": len(data), "national": [pool[j].number for j in plan.national],
            "ctr_ref": plan.ctr_ref, "assignments": truth.assignments, "citations": truth.citations,
            "deadlines": truth.deadlines, "targets": truth.targets}
    return plan.index, file_name(plan), data, meta


def generate(n: int, out: str | Path, seed: int = 7, jobs: int = 1) -> list[dict]:
    """Write ``n`` documents and ``manifest.jsonl`` into ``out``; returns the manifest rows."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("[0-9][0-9][0-9][0-9][0-9]_*.txt"):  # a previous corpus in the same folder
        stale.unlink()
    plans, pool = make_plan(n, seed)
    args = [(pl, pool, seed) for pl in plans]
    metas: list[dict] = [None] * n  # type: ignore[list-item]
    if jobs > 1 and n > 50:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs) as pool_:
            results = pool_.imap_unordered(_render_job, args, chunksize=16)
            for i, name, data, meta in results:
                (out / name).write_bytes(data)
                metas[i] = meta
    else:
        for a in args:
            i, name, data, meta = _render_job(a)
            (out / name).write_bytes(data)
            metas[i] = meta
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"seed": seed, "docs": n, "generator": 1}) + "\n")
        for m in metas:
            f.write(json.dumps(m, ensure_ascii=False, sort_keys=True) + "\n")
    return metas


def read_manifest(folder: str | Path) -> tuple[dict, list[dict]]:
    with open(Path(folder) / "manifest.jsonl", encoding="utf-8") as f:
        head = json.loads(f.readline())
        return head, [json.loads(line) for line in f]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="/tmp/mandategraph-corpus")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args(argv)
    metas = generate(a.docs, a.out, a.seed, a.jobs)
    total = sum(m["bytes"] for m in metas)
    print(f"wrote {len(metas)} documents ({total / 1e6:.1f} MB, mean {total / max(1, len(metas)) / 1e3:.1f} KB) to {a.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
