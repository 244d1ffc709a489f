"""The loaders' output: plain data, no RDF.

This module is the contract between the text loaders (which fill these objects) and
``mandategraph.graph.emit`` (which turns them into triples). Every extracted fact carries
a :class:`Span` pointing back to the source lines, so provenance survives into the graph.

Conventions
- Line numbers are 1-based and refer to the ORIGINAL file (before unwrapping/cleaning).
- All strings are NFC-normalised; ``Span.quote`` keeps the original text of the lines
  (NFC, whitespace-collapsed), so a reader can find the sentence in the source.
- Document numbers are normalised: ``"06 - CTr/TU" -> "06-CTr/TU"``, ``"Số: 161/QĐ-UBND" -> "161/QĐ-UBND"``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal, Optional

# Roles of a body in an assignment.
Role = Literal["lead", "coordinating", "advising", "monitoring", "requested"]
# How a document relates to a document it mentions.
Relation = Literal["basis", "implements", "cites"]
# Kind of a numbered provision.
ProvisionKind = Literal["section", "programme", "task", "scheme", "objective"]


@dataclass(frozen=True)
class Span:
    """Where a fact comes from: file, first and last line (1-based, inclusive), quoted text."""

    file: str
    line_start: int
    line_end: int
    quote: str = ""


@dataclass
class AgencyRef:
    """A body (cơ quan, tổ chức) as named in a text, resolved to a canonical identity.

    ``key`` is the identity used to mint the IRI: the same real body always gets the same key,
    whatever the surface form ('UBND tỉnh', 'Ủy ban nhân dân tỉnh', 'Uỷ ban nhân dân tỉnh' in a
    Sơn La document -> the same key), and bodies of different provinces get different keys.
    Key format: lowercase ASCII slug, e.g. ``"son-la/ubnd-tinh"``, ``"son-la/so-tu-phap"``,
    ``"central/chinh-phu"``, ``"central/bo-chinh-tri"``, ``"son-la/collective/cac-so-ban-nganh"``.
    """

    name: str  # as written (NFC), e.g. "Sở Tư pháp"
    canonical: str  # canonical Vietnamese name, e.g. "Sở Tư pháp tỉnh Sơn La"
    key: str
    kind: str = "state"  # party | state | front | armed | judicial | collective | other
    level: str = "provincial"  # central | provincial | district | commune
    collective: bool = False  # "các sở, ban, ngành", "UBND các huyện, thành phố"
    parent_key: Optional[str] = None  # e.g. "son-la/ubnd-tinh" for a Sở
    province: Optional[str] = None  # province slug, e.g. "son-la"; None for central bodies
    aliases: tuple[str, ...] = ()  # other surface forms seen/known


@dataclass
class DocRef:
    """A document: either the loaded document itself or one it cites.

    ``key`` is the identity used to mint the IRI (see ``loaders.identity.document_key``):
    numbered documents are keyed by (normalised number, issuer scope, year); unnumbered ones
    (congress resolutions, plenum resolutions, laws, named schemes) by a canonical name.
    """

    key: str
    number: Optional[str] = None  # "01/NQ-CP", "06-CTr/TU", "158/2024/QH15"
    doc_type: Optional[str] = None  # type code from NĐ 30/2020: NQ QĐ CT KL KH CTr TB TTr BC QyĐ QĐi HD ĐA LUAT VKDH ...
    title: Optional[str] = None  # e.g. "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" or the subject "về ..."
    issuer: Optional[AgencyRef] = None
    date: Optional[_dt.date] = None
    year: Optional[int] = None  # known year even when the full date is not (e.g. "158/2024/QH15")
    province: Optional[str] = None  # province slug for local documents
    span: Optional[Span] = None  # the mention (for cited documents)


@dataclass
class Deadline:
    text: str  # as written: "Tháng 11/2025", "trong quý II năm 2025", "trước ngày 18 hàng tháng"
    kind: str  # date | before | month | quarter | year | recurring
    due: Optional[_dt.date] = None  # latest date that satisfies it (month -> last day; quarter -> last day)
    span: Optional[Span] = None


@dataclass
class Target:
    """A numeric target: 'độ che phủ rừng đạt 65% vào năm 2025'."""

    indicator: str
    value: float
    unit: str = ""  # "%", "tỷ đồng", "triệu USD", "ha/năm", "%/năm", ...
    value_max: Optional[float] = None  # ranges: "9-10%/năm" -> value 9, value_max 10
    comparator: str = "eq"  # eq | gt (trên) | gte (tối thiểu, từ ... trở lên) | approx (khoảng) | lt | lte
    year: Optional[int] = None
    text: str = ""
    span: Optional[Span] = None
    # the starting point the goal is measured from: "từ 140 tỷ đồng năm 2010 lên trên 1.000 tỷ đồng vào năm 2015"
    # -> value 1000, year 2015, baseline_value 140, baseline_year 2010
    baseline_value: Optional[float] = None
    baseline_year: Optional[int] = None


@dataclass
class Assignment:
    role: Role
    agency: AgencyRef
    span: Span


@dataclass
class Citation:
    """``source`` mentions ``target`` with ``relation``.

    ``source`` is None when the citing document is the loaded document itself; it is a DocRef
    for nested statements such as "Chương trình hành động số 27-CTr/TU ... về việc thực hiện
    Kết luận số 97-KL/TW" (27-CTr/TU implements 97-KL/TW, as stated by the loaded document).
    ``provision_id`` is the id of the provision the mention sits in (None: header/preamble).
    """

    target: DocRef
    relation: Relation
    span: Span
    source: Optional[DocRef] = None
    provision_id: Optional[str] = None


@dataclass
class Provision:
    """A numbered (or bulleted) division of the document.

    ``id`` is unique within the document and deterministic: the path of refs from the root,
    joined by '/', with bullets numbered by position (e.g. ``"II/1/1.1"``, ``"II/2/b3"``).
    ``ref`` is the numbering label as printed, without trailing punctuation: "II", "1.1", "1.1.1", "(1)", "a", "-".
    """

    id: str
    ref: str
    kind: ProvisionKind
    heading: str  # the provision's first sentence/line (label), NFC
    text: str  # the full text of the provision's own lines (not its children), unwrapped
    span: Span
    parent_id: Optional[str] = None
    assignments: list[Assignment] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    # Assignments made elsewhere that apply here (e.g. 001 II.1.2: a body leads programmes 1-4).
    inherited_from: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    source_file: str  # path as given
    doc: DocRef  # the document itself (number, type, title, issuer, date, province)
    place: Optional[str] = None  # "Sơn La"
    signer: Optional[str] = None  # "Thào Xuân Sùng"
    signer_capacity: Optional[str] = None  # "T/M TỈNH UỶ, BÍ THƯ"
    recipients: list[str] = field(default_factory=list)  # Nơi nhận
    provisions: list[Provision] = field(default_factory=list)  # document order, parents before children
    citations: list[Citation] = field(default_factory=list)
    header_span: Optional[Span] = None
    content_sha256: str = ""  # hash of the raw bytes, for cheap re-loads
