"""Stage 8: numeric targets ("độ che phủ rừng đạt 65% vào năm 2025", "9-10%/năm", "6.650 triệu USD")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .match import fpat, mfold
from .model import Provision, Span, Target
from .normalise import Line
from .resources import lexicon

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_COMPARATORS = [("từ", "gte"), ("tối thiểu", "gte"), ("ít nhất", "gte"), ("trên", "gt"), ("hơn", "gt"),
                ("khoảng", "approx"), ("gần", "approx"), ("dưới", "lt"), ("không quá", "lte"), ("tối đa", "lte")]
_YEAR = re.compile(fpat(r"(?:vào|đến|đến hết|trong|năm)\s+(?:năm\s+)?(20\d{2}|19\d{2})\b"))


@lru_cache(maxsize=None)
def _pattern() -> re.Pattern:
    units = sorted(lexicon()["units"], key=len, reverse=True)
    unit = "|".join(re.escape(mfold(u)) for u in units)
    comp = "|".join(fpat(c) for c, _ in sorted(_COMPARATORS, key=lambda x: -len(x[0])))
    return re.compile(
        r"(?:(" + comp + r")\s+)?(" + _NUMBER + r")(?:\s*[-–]\s*(" + _NUMBER + r"))?\s*(" + unit + r")(?![\w])"
        + r"(\s+" + fpat("trở lên") + r")?"
    )


def parse_number(s: str) -> float:
    """Vietnamese number: '6.650' -> 6650, '62,79' -> 62.79."""
    return float(s.replace(".", "").replace(",", "."))


def _comparator(word: Optional[str], trailing: Optional[str]) -> str:
    if trailing:
        return "gte"
    if word:
        for w, c in _COMPARATORS:
            if fpat(w) == word:
                return c
    return "eq"


_TU = fpat("từ")
_NUMERATOR = re.compile(r"(?<![\d.,/])(" + _NUMBER + r")\s*/\s*$")
# "từ 140 tỷ đồng năm 2010 lên ...": the figure after 'từ' is the starting point of the next one
_BASELINE_TAIL = re.compile(fpat(r"\s*(?:\(?(?:vào\s+|trong\s+)?năm\s+(\d{4})\)?\s*)?(?:lên|tăng lên|xuống|giảm xuống|giảm còn)\s"))
# a year a goal is due by: "Đến năm 2025, ...", "đến hết năm 2030", "vào năm 2015"
GOAL_YEAR = re.compile(fpat(r"(?:đến hết|đến|vào|trong)\s+(?:năm\s+)?(20\d{2}|19\d{2})\b"))


def find(text: str, span: Optional[Span] = None) -> list[Target]:
    """Targets in ``text``: each number with a unit, its indicator (the clause before it) and year.
    A starting point ("từ 140 tỷ đồng năm 2010 lên ...") is the next target's baseline, not a target."""
    f = mfold(text)
    out: list[Target] = []
    baseline: Optional[tuple[float, Optional[int], int, int]] = None  # value, year, year span start/end
    prev_end = -1  # end of the previous target in this text
    for m in _pattern().finditer(f):
        frac = _NUMERATOR.search(f, max(0, m.start() - 16), m.start())  # "115/181 xã": 115 of 181 communes
        if frac and m.group(1):
            frac = None
        if (m.group(1) == _TU and prev_end >= 0 and not re.search(r"[;:]|\.\s", f[prev_end:m.start()])
                and m.start() - prev_end < 80):
            continue  # a qualifier of the previous target: "trên 30 sản phẩm OCOP đạt từ 3 sao trở lên"
        bm = _BASELINE_TAIL.match(f, m.end()) if m.group(1) == _TU and not m.group(5) else None
        if bm:
            baseline = (parse_number(m.group(2)), int(bm.group(1)) if bm.group(1) else None,
                        bm.start(1) if bm.group(1) else -1, bm.end(1) if bm.group(1) else -1)
            continue
        clause_start = max(f.rfind(";", 0, m.start()), f.rfind(",", 0, m.start()), f.rfind(":", 0, m.start()),
                           f.rfind(". ", 0, m.start()))
        indicator = text[clause_start + 1:m.start()].strip(" -–")
        indicator = re.sub(r"\s+(?:đạt|là)\s*$", "", indicator).strip()
        sent_start = max(f.rfind(". ", 0, m.start()), f.rfind(";", 0, m.start()), -1)
        sent_end_c = [i for i in (f.find(". ", m.end()), f.find(";", m.end())) if i >= 0]
        sentence = f[sent_start + 1:min(sent_end_c) if sent_end_c else len(f)]
        base = baseline if baseline is not None and 0 <= m.start() - baseline[3] < 40 or (
            baseline is not None and baseline[1] is None) else None
        baseline = None
        ym = next((y for y in _YEAR.finditer(sentence)
                   if not (base and base[2] == sent_start + 1 + y.start(1))), None)
        if ym is None:  # "Đến năm 2015 có trên 50% ...; có 25% cơ sở ...": the sentence's goal year before it
            ym = next(reversed(list(GOAL_YEAR.finditer(f, f.rfind(". ", 0, m.start()) + 1, m.start()))), None)
        unit = text[m.start(4):m.end(4)]
        value = parse_number(frac.group(1) if frac else m.group(2))
        value_max = parse_number(m.group(3)) if m.group(3) else None
        if value_max is not None and value_max < value:  # "25 - 22%": the same interval, bounds ordered
            value, value_max = value_max, value
        out.append(Target(
            indicator=indicator, value=value, unit=unit, value_max=value_max,
            comparator=_comparator(m.group(1), m.group(5)), year=int(ym.group(1)) if ym else None,
            text=text[frac.start(1) if frac else m.start():m.end()].strip(), span=span,
            baseline_value=base[0] if base else None, baseline_year=base[1] if base else None,
        ))
        prev_end = m.end()
    return out


# Headings of parts that review the past (a report's first part): their figures are results, not targets.
_REVIEW = tuple(fpat(w) for w in ("kết quả đạt được", "kết quả thực hiện", "đánh giá", "bối cảnh", "tình hình",
                                  "hạn chế", "nguyên nhân", "kinh nghiệm", "thuận lợi", "khó khăn"))
# Clause cues of achieved results or of conditions: "năm 2024 đã hoàn thành", "ước đạt", "có kết quả giải ngân dưới"
_PAST = re.compile(fpat(r"(?:^|\s)(?:đã|ước đạt|ước thực hiện đạt|có kết quả)\s"))


def _review_context(p: Provision, by_id: dict[str, Provision]) -> bool:
    q: Optional[Provision] = p
    while q is not None:
        if mfold(q.heading[:80]).lstrip(" -–:").startswith(_REVIEW) or any(
                w in mfold(q.heading[:40]) for w in _REVIEW[:2]):
            return True
        q = by_id.get(q.parent_id or "")
    return False


def _heading_year(p: Provision, by_id: dict[str, Provision]) -> Optional[int]:
    """The goal year of the nearest enclosing heading: 'Các chỉ tiêu chủ yếu đến năm 2025' -> 2025."""
    q = by_id.get(p.parent_id or "")
    while q is not None:
        m = GOAL_YEAR.search(mfold(q.heading))
        if m:
            return int(m.group(1))
        q = by_id.get(q.parent_id or "")
    return None


def _sentence_before(f: str, pos: int) -> str:
    start = max(f.rfind(". ", 0, pos), f.rfind(";", 0, pos), -1)
    return f[start + 1:pos]


def attach(provisions: list[Provision], own: dict[str, list[Line]], source_file: str) -> None:
    """Fill ``Provision.targets`` with FORWARD-LOOKING goals from each provision's own lines: figures in
    parts that review the past, and in clauses stating achieved results or conditions, are not targets."""
    by_id = {p.id: p for p in provisions}
    for p in provisions:
        if _review_context(p, by_id):
            continue
        for ln in own.get(p.id, []):
            found = find(ln.text, Span(source_file, ln.first, ln.last, ln.quote))
            f = mfold(ln.text) if found else ""
            for t in found:
                pos = f.find(mfold(t.text))
                if pos >= 0 and _PAST.search(_sentence_before(f, pos)):
                    continue
                if t.year is None:
                    t.year = _heading_year(p, by_id)
                p.targets.append(t)
