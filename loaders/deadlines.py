"""Stage 7: deadlines in a provision's text ("trước ngày 15/02/2025", "Tháng 11/2025", "trong quý II năm 2025")."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from .match import DATE_ANY, fpat, last_day, make_date, mfold, parse_date_match, roman_to_int
from .model import Deadline, Provision, Span
from .normalise import Line

_CUE = fpat(r"(?:hoàn thành|xong|chậm nhất|thời gian|thời hạn|trước|đến|trong)")
_RECURRING = re.compile(fpat(r"(?:trước ngày\s*\d{1,2}\s*(?:hàng|hằng) tháng|định kỳ\s*(?:\d+\s*tháng|hàng tháng|hằng tháng|hàng quý|hằng quý|hàng năm|hằng năm))"))
_BEFORE = re.compile(fpat(r"trước ngày\s*") + "(?:" + DATE_ANY.pattern + ")")
_BY_DATE = re.compile(fpat(r"(?:đến|chậm nhất|hoàn thành)(?:\s+(?:trước|trong|vào))?\s+(?:ngày\s*)?") + "(?:" + DATE_ANY.pattern + ")")
_QUARTER = re.compile(fpat(r"(?:(?:chậm nhất|hoàn thành|trước|xong)\s+)?(?:trong\s+)?quý\s+([ivx]+|\d)\s*(?:năm\s*|/\s*)(\d{4})"))
_MONTH = re.compile(fpat(r"tháng\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})"))
_YEAR = re.compile(fpat(r"(?:hoàn thành|xong|chậm nhất)\s+(?:trong\s+|trước\s+|vào\s+)?năm\s*(\d{4})"))


def find(text: str, span: Optional[Span] = None) -> list[Deadline]:
    """Deadlines stated in ``text``, in text order."""
    f = mfold(text)
    out: list[tuple[int, Deadline]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, kind: str, due: Optional[dt.date]) -> None:
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        out.append((m.start(), Deadline(text[m.start():m.end()], kind, due, span)))

    for m in _RECURRING.finditer(f):
        add(m, "recurring", None)
    for m in _BEFORE.finditer(f):
        dm = DATE_ANY.search(f, m.start(), m.end())
        add(m, "before", parse_date_match(dm) if dm else None)
    for m in _BY_DATE.finditer(f):
        dm = DATE_ANY.search(f, m.start(), m.end())
        add(m, "date", parse_date_match(dm) if dm else None)
    for m in _QUARTER.finditer(f):
        q = roman_to_int(m.group(1)) if not m.group(1).isdigit() else int(m.group(1))
        if q and 1 <= q <= 4:
            add(m, "quarter", last_day(int(m.group(2)), q * 3))
    for m in _MONTH.finditer(f):
        before = f[max(0, m.start() - 60):m.start()]
        if re.search(r"\d\s*$", before) or not re.search(_CUE, before + " "):
            continue  # part of a full date, or a month without a deadline cue
        mo = int(m.group(1))
        if 1 <= mo <= 12:
            add(m, "month", last_day(int(m.group(2)), mo))
    for m in _YEAR.finditer(f):
        add(m, "year", make_date(31, 12, int(m.group(1))))
    return [d for _, d in sorted(out, key=lambda x: x[0])]


def attach(provisions: list[Provision], own: dict[str, list[Line]], source_file: str,
           skip: frozenset = frozenset()) -> None:
    """Fill ``Provision.deadlines`` from each provision's own lines (not for the ids in ``skip``)."""
    for p in provisions:
        if p.id in skip:
            continue
        for ln in own.get(p.id, []):
            p.deadlines.extend(find_all(ln.text, Span(source_file, ln.first, ln.last, ln.quote)))


# In a deadline column (or after "Thời gian hoàn thành:") a time needs no cue word.
_CELL_RECURRING = re.compile(fpat(r"(?:thường xuyên|liên tục|hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng|"
                                  r"định kỳ[^.;,]{0,30}|hằng tuần|hàng tuần)"))
_CELL_MONTH = re.compile(fpat(r"(?:tháng\s*)(\d{1,2})\s*(?:/|năm|-)\s*(\d{4})|^\s*(\d{1,2})\s*/\s*(\d{4})\s*$"))
_CELL_DATE = re.compile("(?:" + DATE_ANY.pattern + ")")
_CELL_RANGE = re.compile(fpat(r"(?:giai đoạn\s+|từ năm\s+|năm\s+)?(20\d{2}|19\d{2})\s*(?:-|–|đến|\s)\s*(?:năm\s+)?(20\d{2}|19\d{2})\b"))
_CELL_YEAR = re.compile(fpat(r"(?:(?:trong|trước|cuối|hết|đến|vào)\s+)?(?:năm\s*)?\b(20\d{2}|19\d{2})\b"))
_LABELLED = re.compile(fpat(r"(?:thời gian hoàn thành|thời hạn hoàn thành|thời hạn|thời gian thực hiện|tiến độ(?: thực hiện| hoàn thành)?)"
                            r"\s*:\s*([^;.]*?(?:\d{4}|thường xuyên|hằng năm|hàng năm)[^;]*?)(?=[;]|\.\s|\.$|$)"))


def find_cell(text: str, span: Optional[Span] = None) -> list[Deadline]:
    """Deadlines in a deadline cell: 'Tháng 10/2025', 'Quý II/2025', 'Năm 2026', '2025-2030', 'Thường xuyên'."""
    found = find(text, span)
    if found:
        return found
    f = mfold(text)
    m = _CELL_DATE.search(f)
    if m:
        return [Deadline(text[m.start():m.end()], "date", parse_date_match(m), span)]
    m = _CELL_MONTH.search(f)
    if m:
        mo, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if 1 <= int(mo) <= 12:
            return [Deadline(text[m.start():m.end()].strip(), "month", last_day(int(y), int(mo)), span)]
    m = _CELL_RANGE.search(f)
    if m and int(m.group(2)) > int(m.group(1)):
        return [Deadline(text[m.start():m.end()], "year", make_date(31, 12, int(m.group(2))), span)]
    m = _CELL_YEAR.search(f)
    if m:
        return [Deadline(text[m.start():m.end()], "year", make_date(31, 12, int(m.group(1))), span)]
    m = _CELL_RECURRING.search(f)
    if m:
        return [Deadline(text[m.start():m.end()].strip(), "recurring", None, span)]
    return []


def find_all(text: str, span: Optional[Span] = None) -> list[Deadline]:
    """:func:`find`, plus the time after a 'Thời gian hoàn thành:' label read as a deadline cell."""
    out = find(text, span)
    f = mfold(text)
    for m in _LABELLED.finditer(f):
        a, b = m.start(1), m.end(1)
        if any(d.text and d.text in text[a:b] for d in out):
            continue
        out.extend(find_cell(text[a:b], span))
    return out
