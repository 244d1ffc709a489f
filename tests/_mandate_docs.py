"""Small hand-built ParsedDocuments mirroring the sample texts in examples/ (no text parsing).

Facts taken from the texts by hand:
- 002 = 161/QĐ-UBND (UBND tỉnh Sơn La, 20/01/2025): "Căn cứ Nghị quyết số 01/NQ-CP ... của Chính phủ"
  (l.24-26); "Thực hiện Chương trình hành động số 27-CTr/TU ... về việc thực hiện Kết luận số 97-KL/TW ... và
  Nghị quyết số 158/2024/QH15 của Quốc hội" (l.33-37); "1.1. Sở Tư pháp chủ trì, phối hợp với các ngành có liên
  quan, UBND các huyện, thành phố, thị xã" (l.145-146); "1.2. Thanh tra tỉnh chủ trì" (l.165);
  "12.2. Đề nghị Ủy ban Mặt trận tổ quốc Việt Nam tỉnh" (l.913-914): a requested body, no lead.
- 004 (Đảng bộ UBND tỉnh Sơn La, 2025, unnumbered): schemes "Đề án, Nghị quyết về ...", each with
  "Cơ quan chủ trì tham mưu: ... Ủy ban nhân dân tỉnh", "Cơ quan phối hợp: Các cơ quan, đơn vị, xã, phường
  liên quan", "Thời gian hoàn thành dự thảo Đề án: Tháng 11/2025"; scheme 1 cites 19-NQ/TW; scheme 4 targets
  "tỷ lệ lao động qua đào tạo đạt 75%" by 2030.
- 001 (Ban Chấp hành Đảng bộ tỉnh Lạng Sơn, unnumbered): "độ che phủ rừng đạt 65% vào năm 2025"; II.1.2
  "Giao Ban cán sự đảng Uỷ ban nhân dân tỉnh chủ trì ... Chương trình 1, 2, 3, 4" (programmes inherit it);
  cites "Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị".
- 000 = 06-CTr/TU (Tỉnh ủy Sơn La, 2011): implements "Nghị quyết Đại hội toàn quốc lần thứ XI của Đảng"
  (unnumbered, central Party congress).
"""

from __future__ import annotations

import datetime as dt

from mandategraph.graph.emit import emit, graph_iri
from mandategraph.loaders.model import (
    AgencyRef, Assignment, Citation, Deadline, DocRef, ParsedDocument, Provision, Span, Target,
)

SL, LS = "son-la", "lang-son"

# bodies
UBND_SL = AgencyRef("UBND tỉnh Sơn La", "Ủy ban nhân dân tỉnh Sơn La", "son-la/ubnd-tinh", province=SL)
STP = AgencyRef("Sở Tư pháp", "Sở Tư pháp tỉnh Sơn La", "son-la/so-tu-phap", parent_key="son-la/ubnd-tinh", province=SL)
TTRA = AgencyRef("Thanh tra tỉnh", "Thanh tra tỉnh Sơn La", "son-la/thanh-tra-tinh", parent_key="son-la/ubnd-tinh", province=SL)
COLL = AgencyRef("các ngành có liên quan", "Các sở, ban, ngành tỉnh Sơn La", "son-la/collective/cac-nganh",
                 kind="collective", collective=True, province=SL)
HUYEN = AgencyRef("UBND các huyện, thành phố, thị xã", "UBND các huyện, thành phố tỉnh Sơn La",
                  "son-la/collective/ubnd-cac-huyen", kind="collective", level="district", collective=True, province=SL)
MTTQ = AgencyRef("Ủy ban Mặt trận tổ quốc Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn La",
                 "son-la/uy-ban-mttq-tinh", kind="front", province=SL)
XA = AgencyRef("Các cơ quan, đơn vị, xã, phường liên quan", "Các cơ quan, đơn vị, xã, phường tỉnh Sơn La",
               "son-la/collective/co-quan-xa-phuong", kind="collective", collective=True, province=SL)
BTV_SL = AgencyRef("Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Sơn La", "son-la/ban-thuong-vu-tinh-uy",
                   kind="party", province=SL)
TU_SL = AgencyRef("Tỉnh ủy Sơn La", "Tỉnh ủy Sơn La", "son-la/tinh-uy", kind="party", province=SL)
DUY_UBND = AgencyRef("Đảng bộ UBND tỉnh", "Ban Chấp hành Đảng bộ UBND tỉnh Sơn La", "son-la/dang-bo-ubnd-tinh",
                     kind="party", province=SL)
BCH_LS = AgencyRef("Ban Chấp hành Đảng bộ tỉnh", "Ban Chấp hành Đảng bộ tỉnh Lạng Sơn", "lang-son/bch-dang-bo-tinh",
                   kind="party", province=LS)
BCS_LS = AgencyRef("Ban cán sự đảng Uỷ ban nhân dân tỉnh", "Ban cán sự đảng UBND tỉnh Lạng Sơn",
                   "lang-son/ban-can-su-dang-ubnd-tinh", kind="party", province=LS)
UNUSED_LS = AgencyRef("Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy Lạng Sơn", "lang-son/van-phong-tinh-uy", kind="party",
                      province=LS)
CP = AgencyRef("Chính phủ", "Chính phủ", "central/chinh-phu", level="central")
QH = AgencyRef("Quốc hội", "Quốc hội", "central/quoc-hoi", level="central")
BCH_TW = AgencyRef("Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương Đảng", "central/bch-trung-uong",
                   kind="party", level="central")
DANG = AgencyRef("Đảng Cộng sản Việt Nam", "Đảng Cộng sản Việt Nam", "central/dang-cong-san-viet-nam",
                 kind="party", level="central")

# cited documents
NQ01 = DocRef("01-nq-cp/2025", number="01/NQ-CP", doc_type="NQ", issuer=CP, date=dt.date(2025, 1, 8), year=2025)
CTR27 = DocRef("27-ctr-tu/son-la/2024", number="27-CTr/TU", doc_type="CTr", issuer=BTV_SL,
               date=dt.date(2024, 12, 13), year=2024, province=SL)
QH158 = DocRef("158-2024-qh15", number="158/2024/QH15", doc_type="NQ", issuer=QH, year=2024)
KL97 = DocRef("97-kl-tw/2024", number="97-KL/TW", doc_type="KL", issuer=BCH_TW, date=dt.date(2024, 10, 5), year=2024)
NQ19 = DocRef("19-nq-tw/2022", number="19-NQ/TW", doc_type="NQ", issuer=BCH_TW, date=dt.date(2022, 6, 16), year=2022)
CT05 = DocRef("05-ct-tw/2016", number="05-CT/TW", doc_type="CT", date=dt.date(2016, 5, 15), year=2016)
DH_XI = DocRef("unnumbered/central/NQ/dai-hoi-toan-quoc-xi", doc_type="NQ", issuer=DANG,
               title="Nghị quyết Đại hội toàn quốc lần thứ XI của Đảng")
DH_SL_XVI = DocRef("unnumbered/son-la/NQ/dai-hoi-dang-bo-tinh-xvi", doc_type="NQ", province=SL,
                   title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI")
DH_LS_XVII = DocRef("unnumbered/lang-son/NQ/dai-hoi-dang-bo-tinh-xvii", doc_type="NQ", province=LS,
                    title="Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ XVII")


def _sp(f, a, b=None, quote=""):
    return Span(f, a, b or a, quote)


def doc_161(source="002_161.txt", n_extra_tasks: int = 0) -> ParsedDocument:
    f = source
    doc = DocRef("161-qd-ubnd/son-la/2025", number="161/QĐ-UBND", doc_type="QĐ",
                 title="Quyết định về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội "
                       "và dự toán ngân sách nhà nước năm 2025",
                 issuer=UBND_SL, date=dt.date(2025, 1, 20), year=2025, province=SL)
    sec = Provision("II", "II", "section", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", "", _sp(f, 134, 135))
    g1 = Provision("II/1", "1", "section", "Xác định đột phá về thể chế", "", _sp(f, 136, 144), parent_id="II")
    t11 = Provision("II/1/1.1", "1.1", "task", "Sở Tư pháp chủ trì, phối hợp với các ngành có liên quan",
                    "Nâng cao chất lượng và hiệu quả công tác thẩm định ...", _sp(f, 145, 163), parent_id="II/1")
    t11.assignments = [Assignment("lead", STP, _sp(f, 145)), Assignment("coordinating", COLL, _sp(f, 145, 146)),
                       Assignment("coordinating", HUYEN, _sp(f, 146))]
    t11.deadlines = [Deadline("trước ngày 15/02/2025", "before", dt.date(2025, 2, 15), _sp(f, 150))]
    t12 = Provision("II/1/1.2", "1.2", "task", "Thanh tra tỉnh chủ trì, phối hợp với các sở, ban, ngành",
                    "Tăng cường công tác thanh tra ...", _sp(f, 164, 174), parent_id="II/1")
    t12.assignments = [Assignment("lead", TTRA, _sp(f, 164)), Assignment("coordinating", COLL, _sp(f, 165)),
                       Assignment("coordinating", HUYEN, _sp(f, 165))]
    t12.deadlines = [Deadline("trong quý II năm 2025", "quarter", dt.date(2025, 6, 30), _sp(f, 170))]
    t122 = Provision("II/12/12.2", "12.2", "task", "Đề nghị Ủy ban Mặt trận tổ quốc Việt Nam tỉnh",
                     "Nâng cao hiệu quả công tác dân vận ...", _sp(f, 913, 919), parent_id="II")
    t122.assignments = [Assignment("requested", MTTQ, _sp(f, 913, 914))]
    t122.deadlines = [Deadline("trước ngày 18 hàng tháng", "recurring", None, _sp(f, 918))]
    extra = []
    for i in range(n_extra_tasks):  # many tasks led by one body: for the collapse test
        t = Provision(f"II/1/x{i}", f"1.{10 + i}", "task", f"Nhiệm vụ thêm {i}", "", _sp(f, 200 + i), parent_id="II/1")
        t.assignments = [Assignment("lead", STP, _sp(f, 200 + i))]
        extra.append(t)
    return ParsedDocument(
        source_file=f, doc=doc, place="Sơn La", provisions=[sec, g1, t11, t12, t122, *extra],
        citations=[
            Citation(NQ01, "basis", _sp(f, 24, 26)),
            Citation(CTR27, "implements", _sp(f, 33, 37)),
            Citation(KL97, "implements", _sp(f, 33, 37), source=CTR27),
            Citation(QH158, "implements", _sp(f, 33, 37), source=CTR27),
        ],
        header_span=_sp(f, 1, 17), content_sha256="sha-161",
    )


def doc_004(source="004_ctr.txt") -> ParsedDocument:
    f = source
    doc = DocRef("unnumbered/son-la/CTr/dang-bo-ubnd-2025", doc_type="CTr", issuer=DUY_UBND,
                 title="Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI",
                 year=2025, province=SL)
    sec = Provision("II", "II", "section", "NỘI DUNG", "", _sp(f, 20))
    schemes, cites = [], [Citation(DH_SL_XVI, "implements", _sp(f, 5, 6))]
    names = {1: "Đề án, Nghị quyết về phát triển nông nghiệp bền vững gắn với công nghiệp chế biến",
             4: "Đề án, Nghị quyết về phát triển nguồn nhân lực giai đoạn 2025-2030"}
    for n, label in names.items():
        s = Provision(f"II/{n}", str(n), "scheme", label, "", _sp(f, 22 + 20 * n, 40 + 20 * n), parent_id="II")
        s.assignments = [Assignment("lead", UBND_SL, _sp(f, 30 + 20 * n)),
                         Assignment("coordinating", XA, _sp(f, 32 + 20 * n))]
        s.deadlines = [Deadline("Tháng 11/2025", "month", dt.date(2025, 11, 30), _sp(f, 34 + 20 * n))]
        schemes.append(s)
    schemes[0].text = "Nghị quyết số 19-NQ/TW ngày 16/6/2022"
    cites.append(Citation(NQ19, "cites", _sp(f, 27), provision_id="II/1"))
    schemes[1].targets = [Target("tỷ lệ lao động qua đào tạo", 75, "%", year=2030, comparator="eq",
                                 text="tỷ lệ lao động qua đào tạo đạt 75%", span=_sp(f, 101))]
    return ParsedDocument(source_file=f, doc=doc, place="Sơn La", provisions=[sec, *schemes], citations=cites,
                          header_span=_sp(f, 1, 8), content_sha256="sha-004")


def doc_001(source="001_ls.txt") -> ParsedDocument:
    f = source
    doc = DocRef("unnumbered/lang-son/CTr/dai-hoi-xvii", doc_type="CTr", issuer=BCH_LS,
                 title="Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ XVII",
                 year=2020, province=LS)
    p2 = Provision("I/2", "2", "programme", "Chương trình 2: Đẩy mạnh thực hiện tái cơ cấu ngành nông nghiệp", "",
                   _sp(f, 20, 30))
    p2.targets = [Target("độ che phủ rừng", 65, "%", year=2025, text="độ che phủ rừng đạt 65% vào năm 2025",
                         span=_sp(f, 22))]
    t = Provision("I/2/2/b1", "-", "task", "Triển khai thực hiện tốt các chính sách ưu đãi", "", _sp(f, 26), parent_id="I/2")
    assign = Provision("II/1/1.2", "1.2", "task", "Giao Ban cán sự đảng Uỷ ban nhân dân tỉnh chủ trì", "", _sp(f, 74))
    assign.assignments = [Assignment("lead", BCS_LS, _sp(f, 74))]
    t.inherited_from = ["II/1/1.2"]
    orphan = Provision("I/2/2/b2", "-", "task", "Phát triển sản phẩm chủ lực có giá trị kinh tế cao", "", _sp(f, 27),
                       parent_id="I/2")
    return ParsedDocument(
        source_file=f, doc=doc, place="Lạng Sơn", provisions=[p2, t, orphan, assign],
        citations=[Citation(DH_LS_XVII, "implements", _sp(f, 5)),
                   Citation(CT05, "cites", _sp(f, 63), provision_id="I/2/2/b1")],
        header_span=_sp(f, 1, 6), content_sha256="sha-001",
    )


def doc_000(source="000_06.txt") -> ParsedDocument:
    f = source
    doc = DocRef("06-ctr-tu/son-la/2011", number="06-CTr/TU", doc_type="CTr", issuer=TU_SL,
                 date=dt.date(2011, 4, 6), year=2011, province=SL)
    t = Provision("II/1/1.1/1.1.1", "1.1.1", "task", "Ổn định dân cư, phát triển kinh tế-xã hội vùng tái định cư",
                  "", _sp(f, 47))
    return ParsedDocument(source_file=f, doc=doc, place="Sơn La", provisions=[t],
                          citations=[Citation(DH_XI, "implements", _sp(f, 20))], header_span=_sp(f, 1, 20),
                          content_sha256="sha-000")


def all_docs() -> list[ParsedDocument]:
    return [doc_000(), doc_001(), doc_161(), doc_004()]


def load(store, docs=None) -> None:
    """Store each document in its own named graph (as ``mandategraph load`` does)."""
    for d in docs or all_docs():
        store.replace_graph(str(graph_iri(d.source_file)), emit(d))


def add_unused_body(store) -> None:
    """A body known to the graph that is never assigned anything (recipient-only)."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    from mandategraph.graph.emit import agency_iri
    from mandategraph.graph.vocab import MG

    g = Graph()
    node = agency_iri(UNUSED_LS.key)
    g.add((node, RDF.type, MG.Agency))
    g.add((node, SKOS.prefLabel, Literal(UNUSED_LS.canonical, lang="vi")))
    store.replace_graph_plain("https://w3id.org/mandategraph/graph/extra-bodies", g)
