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
_BY_DATE = re.compile(fpat(r"(?:đến|chậm nhất|hoàn thành)(?:\s+(?:trước|trong|vào))?\s+ngày\s*") + "(?:" + DATE_ANY.pattern + ")")
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


def attach(provisions: list[Provision], own: dict[str, list[Line]], source_file: str) -> None:
    """Fill ``Provision.deadlines`` from each provision's own lines."""
    for p in provisions:
        for ln in own.get(p.id, []):
            p.deadlines.extend(find(ln.text, Span(source_file, ln.first, ln.last, ln.quote)))
