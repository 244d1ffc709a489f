"""Tables of tasks, as the readers flatten them: one line per row, cells joined by " | ".

    | TT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |
    | 1  | Xây dựng ...      | Sở Tài chính    | Các sở, ngành    | Quý II/2025          | Báo cáo  |

The header row is recognised by its column names (tolerant to the usual variants); each later row
becomes a task (see ``segment``), with its lead / coordinating bodies and deadline read from the
columns. A row whose numbering cell is empty continues the previous row (a wrapped or vertically
merged row); a row with a numbering cell and no body or time cell is a group row ("I | Nhiệm vụ chung").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .match import fpat, mfold

# column kind -> folded name fragments, tried in this order (first hit wins)
_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("coord", tuple(fpat(s) for s in ("phối hợp",))),
    ("lead", tuple(fpat(s) for s in ("chủ trì", "cơ quan thực hiện", "đơn vị thực hiện", "cơ quan thực hiện",
                                     "cơ quan, đơn vị thực hiện", "cơ quan chịu trách nhiệm", "đơn vị chịu trách nhiệm"))),
    ("time", tuple(fpat(s) for s in ("thời gian", "thời hạn", "tiến độ", "thời điểm"))),
    ("product", tuple(fpat(s) for s in ("sản phẩm", "kết quả đầu ra", "hình thức văn bản", "hình thức"))),
    ("task", tuple(fpat(s) for s in ("nhiệm vụ", "nội dung", "tên nhiệm vụ", "tên đề án", "tên chương trình",
                                     "tên dự án", "giải pháp", "công việc", "hoạt động"))),
    ("note", tuple(fpat(s) for s in ("ghi chú",))),
)
_REF_NAMES = frozenset(fpat(s) for s in ("tt", "stt", "số tt", "số thứ tự", "số"))
_REF = re.compile(r"^(?:[IVXLC]{1,5}|[A-ZĐ]|[a-zđ]|\d{1,2}(?:\.\d{1,2}){0,4}|\(\d{1,2}\)|[-+–•])[.)]?$")


def has_outer_pipes(text: str) -> bool:
    """'| TT | Nhiệm vụ |' (markdown) rather than 'TT | Nhiệm vụ' (our .docx/.html readers)."""
    s = text.strip()
    return s.startswith("|") and s.endswith("|")


def cells(text: str, outer: Optional[bool] = None) -> list[str]:
    """'| 1 | a | b |' or '1 | a | b' -> ['1', 'a', 'b'] (cells stripped). With ``outer`` False (a table
    without outer pipes) a leading '|' is an empty first cell: '| của tỉnh | |' -> ['', 'của tỉnh', '', '']."""
    s = text.strip()
    if outer is None:
        outer = has_outer_pipes(s)
    if outer:
        if s.startswith("|"):
            s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    return [c.strip() for c in s.split("|")]


def is_row(text: str) -> bool:
    return "|" in text and len(cells(text)) >= 2


def _column(cell: str) -> Optional[str]:
    f = mfold(cell).strip(" .:*()")
    if not f:
        return None
    if f in _REF_NAMES:
        return "ref"
    for kind, names in _COLUMNS:
        if any(n in f for n in names):
            return kind
    return None


def header_columns(text: str) -> Optional[list[Optional[str]]]:
    """Column kinds of a header row ('ref', 'task', 'lead', 'coord', 'time', 'product', 'note', None);
    None when ``text`` is not the header of a table of tasks (it needs a task column and a lead or time column)."""
    if "|" not in text:
        return None
    cs = cells(text)
    if len(cs) < 3 or any(len(c) > 60 for c in cs):
        return None
    kinds = [_column(c) for c in cs]
    seen: set[str] = set()
    for i, k in enumerate(kinds):  # a kind counts once: the first such column
        if k in seen:
            kinds[i] = None
        elif k:
            seen.add(k)
    if "task" in seen and ("lead" in seen or "time" in seen):
        return kinds
    return None


def refine_header(columns: list[Optional[str]], text: str, outer: Optional[bool] = None) -> bool:
    """A second header row under merged cells ('| | | Chủ trì | Phối hợp |' under 'Cơ quan thực hiện'):
    its column names replace the first row's; True when ``text`` was such a row."""
    kinds = [_column(c) for c in cells(text, outer)]
    if not any(k in ("lead", "coord", "time", "task") for k in kinds):
        return False
    for i, k in enumerate(kinds[:len(columns)]):
        if k:
            columns[i] = k
    return True


@dataclass
class Row:
    """One table row's cells by column kind."""

    ref: str = ""
    task: str = ""
    lead: str = ""
    coord: str = ""
    time: str = ""
    product: str = ""
    extra: list[str] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        """A group row: a number and a title, no body and no time ('I | Nhiệm vụ chung')."""
        return not (self.lead or self.coord or self.time)

    def extend(self, other: "Row") -> None:
        """Append a continuation row's cells."""
        for name in ("task", "lead", "coord", "time", "product"):
            add = getattr(other, name)
            if add:
                cur = getattr(self, name)
                setattr(self, name, (cur + " " + add).strip() if cur else add)


def read_row(text: str, columns: list[Optional[str]], outer: Optional[bool] = None) -> Row:
    cs = cells(text, outer)
    row = Row()
    if len(cs) < len(columns) and len(cs) == 2:
        # a spanning cell written once: "I | Nhiệm vụ chung"
        if "ref" in columns:
            row.ref, row.task = cs[0], cs[1]
        else:
            row.task = " ".join(cs)
        return row
    for kind, cell in zip(columns, cs):
        if kind in ("ref", "task", "lead", "coord", "time", "product"):
            cur = getattr(row, kind)
            setattr(row, kind, (cur + " " + cell).strip() if cur else cell)
        elif cell:
            row.extra.append(cell)
    if "ref" not in columns and cs and _REF.match(cs[0]) and columns and columns[0] != "ref":
        row.ref = cs[0]
    row.ref = row.ref.rstrip(".)").strip() if row.ref not in ("-", "+", "–", "•") else row.ref
    return row


def label_style(ref: str) -> tuple[str, int]:
    """(numbering style, ordinal) of a row's TT cell, the styles ``segment`` uses."""
    from .match import roman_to_int

    if re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,4}", ref):
        parts = ref.split(".")
        return f"dec{len(parts)}", int(parts[-1])
    if re.fullmatch(r"\(\d{1,2}\)", ref):
        return "paren", int(ref[1:-1])
    if re.fullmatch(r"[IVX]{1,5}", ref) and roman_to_int(ref):
        return "roman", roman_to_int(ref) or 0
    if re.fullmatch(r"[A-ZĐ]", ref):
        return "upper", ord(ref) - 64 if ref != "Đ" else 5
    if re.fullmatch(r"[a-zđ]", ref):
        return "lower", ord(ref) - 96 if ref != "đ" else 5
    if ref in ("-", "+", "–", "•", "*"):
        return "dash", 0
    return "row", 0


def attach(rows: dict[str, Row], provisions: list, own: dict, province: Optional[str], source_file: str) -> None:
    """Assignments and deadlines of table rows, from their columns (the row's line is the span)."""
    from . import agencies, deadlines
    from .model import Assignment, Span

    for p in provisions:
        row = rows.get(p.id)
        if row is None:
            continue
        lines = own.get(p.id) or []
        span = Span(source_file, lines[0].first, lines[-1].last, " ".join(x.quote for x in lines)) if lines else p.span
        for role, cell in (("lead", row.lead), ("coordinating", row.coord)):
            for ref in agencies.split_bodies(cell, province, cut_verbs=False) if cell else []:
                if not any(a.role == role and a.agency.key == ref.key for a in p.assignments):
                    p.assignments.append(Assignment(role, ref, span))
        if row.time:
            p.deadlines.extend(deadlines.find_cell(row.time, span))
        # a deadline written in the task or product cell ("..., hoàn thành trước 30/6/2025")
        for cell in (row.task, row.product):
            if cell:
                p.deadlines.extend(d for d in deadlines.find(cell, span)
                                   if not any(x.text == d.text for x in p.deadlines))
