"""Stage 2: the document header -- number, type, issuer, date, place, title, province, signer, recipients."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from . import agencies
from .identity import number_parts
from .match import DATE_ANY, fpat, mfold, parse_date_match
from .model import AgencyRef
from .normalise import ITEM_START, Line
from .resources import lexicon
from .text import ascii_slug, collapse_ws


@dataclass
class Header:
    number: Optional[str] = None
    doc_type: Optional[str] = None
    issuer: Optional[AgencyRef] = None
    date: Optional[dt.date] = None
    place: Optional[str] = None
    title: Optional[str] = None
    title_line: Optional[int] = None  # index of the title's first logical line
    province: Optional[str] = None
    signer: Optional[str] = None
    signer_capacity: Optional[str] = None
    recipients: list[str] = field(default_factory=list)
    end: int = 0  # index of the first logical line after the header block
    found: bool = False
    appendix: Optional[int] = None  # index of the first appendix heading ("PHỤ LỤC I") after the signature


_NUMBER = re.compile(r"^s[oố]\s*:?\s*(\d+\s*(?:/\s*\d{4}\s*)?[-/]\s*[^\s,;]+(?:\s*[-/]\s*[^\s,;]+)*)", re.I)
_PLACE_DATE = re.compile(r"^([^\d,]{2,40}),\s*" + fpat("ngày") + r"\s*(\d{1,2})", re.I)
_SIGN = re.compile(r"^(?:t/m|tm\.?|kt\.?|q\.?|tl\.?|tuq\.?|thừa lệnh|thay mặt)\s", re.I)
_NAME = re.compile(r"^(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]+)(?:\s+[A-ZÀ-ỸĐ][a-zà-ỹđ]+){1,4}$")
_PAREN_TAIL = re.compile(r"\s*\([^)]*\)\s*$")
_NOI_NHAN = fpat("nơi nhận")
_HEADER_SKIP = tuple(fpat(s) for s in ("cộng hòa xã hội", "chủ nghĩa việt nam", "độc lập", "đảng cộng sản việt nam"))
_TITLE_STOP = tuple(fpat(s) for s in ("căn cứ", "theo đề nghị", "xét đề nghị"))
_TITLE_CONT = tuple(fpat(s) for s in ("thực hiện ", "nghị quyết ", "về ", "và ", "của ", "triển khai ", "(nhiệm kỳ"))


@lru_cache(maxsize=None)
def _type_names() -> list[tuple[str, str, str]]:
    return [(fpat(name.lower()), name, code) for name, code in lexicon()["doc_types"]]


def _is_caps(s: str) -> bool:
    up = sum(map(str.isupper, s))
    cased = up + sum(map(str.islower, s))
    return bool(cased) and up >= 0.8 * cased


def normalise_number(raw: str) -> str:
    """'06 - CTr/TU' -> '06-CTr/TU'."""
    return re.sub(r"\s*([-/])\s*", r"\1", collapse_ws(raw)).strip(" .,;")


def type_of(line: str) -> Optional[tuple[str, str]]:
    """('CTr', 'Chương trình hành động') when ``line`` starts with a document type name."""
    f = mfold(line.lstrip("(#* "))
    for folded, name, code in _type_names():
        if f.startswith(folded) and (len(f) == len(folded) or not f[len(folded)].isalnum()):
            return code, name
    return None


def _casing(lines: list[Line], wanted: set[str], head: int = 12) -> dict[str, str]:
    """Casing of each word as the document writes it: a mixed-case heading line near the top
    (a web page's own title) wins, then the most frequent non-initial casing in the body."""
    counts: dict[str, Counter] = {}
    for n, ln in enumerate(lines):
        if _is_caps(ln.text):
            continue
        lowered = ln.text.lower().split()
        if wanted.isdisjoint(w.strip(",.;:()“”\"") for w in lowered[1:]):
            continue
        words = ln.text.split()
        for i, w in enumerate(words[1:], 1):
            if words[i - 1].endswith((".", ":")):
                continue
            w = w.strip(",.;:()“”\"")
            if w and w.lower() in wanted:
                counts.setdefault(w.lower(), Counter())[w] += 1000 if n < head and len(ln.text) < 300 else 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def recase(text: str, casing: dict[str, str]) -> str:
    """Sentence-case an ALL-CAPS title using the casing the document itself uses."""
    out = []
    for w in text.split():
        core = w.strip(",.;:()“”\"")
        if core and _is_caps(core) and len(core) > 1 and not re.fullmatch(r"[IVXLC]+", core):
            cased = casing.get(core.lower(), core.lower())
            w = w.replace(core, cased)
        out.append(w)
    s = " ".join(out)
    return s[:1].upper() + s[1:]


def _find_title(lines: list[Line], limit: int) -> Optional[int]:
    caps = [i for i in range(limit) if type_of(lines[i].text) and _is_caps(lines[i].text.split(" ", 3)[0])]
    if caps:
        return caps[0]
    anyt = [i for i in range(limit) if type_of(lines[i].text) and len(lines[i].text) < 300]
    return anyt[0] if anyt else None


_TITLE_LOWER = tuple(fpat(s) for s in ("thực hiện ", "về ", "và ", "của ", "triển khai "))


def _unparen(t: str) -> str:
    return t[1:-1] if t.startswith("(") and t.endswith(")") else t


# Instruments whose title is the subject line after the bare type name ('QUYẾT ĐỊNH' / 'Về ...',
# 'Ban hành ...', 'Phê duyệt ...'); a plan or programme is named with its type ('Chương trình hành động
# thực hiện ...', 'Kế hoạch triển khai ...'), so its title keeps the type word unless the subject is 'Về ...'.
_SUBJECT_TITLED = frozenset(("QĐ", "NQ", "CT", "NĐ", "TT", "QyĐ", "QĐi", "QC"))
_ABOUT = tuple(fpat(s) for s in ("về ", "v/v ", "về việc "))


def _bare_type(text: str, following: str) -> bool:
    """The line is only the type name ('QUYẾT ĐỊNH') and the subject (trích yếu) follows it."""
    tn = type_of(text)
    if tn is None or mfold(text.strip(" *#:")) != mfold(tn[1].lower()):
        return False
    return tn[0] in _SUBJECT_TITLED or mfold(following).startswith(_ABOUT)


def _title_block(lines: list[Line], start: int) -> tuple[str, int]:
    """The title: the subject line(s) after a bare type name ('QUYẾT ĐỊNH' / 'Về nhiệm vụ, giải pháp ...'),
    else the type line and its continuation ('CHƯƠNG TRÌNH HÀNH ĐỘNG' 'thực hiện Nghị quyết ...')."""
    bare = start + 1 < len(lines) and _bare_type(lines[start].text, lines[start + 1].text)
    parts = [] if bare else [_unparen(lines[start].text)]
    j = start + 1
    while j < len(lines) and j <= start + 5:
        t = lines[j].text
        f = mfold(t)
        if ITEM_START.match(t) or f.startswith(_TITLE_STOP) or len(t) > 250:
            break
        if _is_caps(t) and agencies.resolve_prefix(t, None) and not f.startswith(_TITLE_CONT):
            break
        if not (_is_caps(t) or t[:1].islower() or f.startswith(_TITLE_CONT) or not parts):
            break
        if not parts:
            parts.append(_unparen(t))
            j += 1
            continue
        t = _unparen(t)
        if t[:1].isupper() and not _is_caps(t.split(" ", 1)[0]) and f.startswith(_TITLE_LOWER):
            t = t[:1].lower() + t[1:]
        parts.append(t)
        j += 1
    if not parts:  # a bare type name with nothing usable after it
        return _unparen(lines[start].text), start + 1
    return collapse_ws(" ".join(parts)), j


def _province_of(text: str) -> Optional[str]:
    f = mfold(text)
    for p in lexicon()["provinces"]:
        if mfold(p) in f:
            return ascii_slug(p)
    return None


def _province_by_count(lines: list[Line]) -> Optional[str]:
    counts: Counter = Counter()
    names = {mfold(p): ascii_slug(p) for p in lexicon()["provinces"]}
    pat = re.compile(fpat(r"tỉnh\s+(?:ủy\s+)?") + "(" + "|".join(re.escape(n) for n in names) + r")\b")
    for ln in lines[:400]:
        for name in pat.findall(mfold(ln.text)):
            counts[names[name]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _signature(lines: list[Line], h: Header) -> int:
    """Signer block near the end; returns the index where the closing block starts (len(lines) if none)."""
    positions = [mfold(p) for p in lexicon()["positions"]]
    start = len(lines)
    for i in range(len(lines) - 1, max(-1, len(lines) - 40), -1):
        if _SIGN.match(lines[i].text):
            cap_parts = [lines[i].text]
            j = i + 1
            pos = None
            while j < len(lines) and j < i + 5:
                t = _PAREN_TAIL.sub("", lines[j].text)
                if mfold(t) in positions:
                    pos = t
                    j += 1
                    break
                if _is_caps(t) and not _NAME.match(t):
                    cap_parts.append(t)
                    j += 1
                    continue
                break
            h.signer_capacity = collapse_ws(" ".join(cap_parts)) + (", " + pos if pos else "")
            for k in range(j, min(len(lines), j + 6)):
                t = lines[k].text.strip("* ")
                if _NAME.match(t):
                    h.signer = t
                    break
            start = i
            break
    for i in range(len(lines) - 1, max(-1, len(lines) - 80), -1):
        if mfold(lines[i].text).startswith(_NOI_NHAN):
            rec = []
            for k in range(i + 1, start):
                t = lines[k].text
                if not t.startswith(("-", "–", "+")):
                    break
                rec.append(t.lstrip("-–+ ").rstrip(";,. "))
            h.recipients = [r for r in rec if r]
            start = min(start, i)
            break
    return start


def parse_header(lines: list[Line]) -> tuple[Header, int]:
    """Parse the header; returns it and the index where the closing block (Nơi nhận/signature) starts."""
    h = Header()
    limit = min(len(lines), 40)
    first_item = next((i for i in range(limit) if ITEM_START.match(lines[i].text) and not lines[i].text.startswith(("-", "–", "*", "+"))), limit)
    head_bodies: list[str] = []
    for i in range(min(limit, first_item)):
        t = lines[i].text
        f = mfold(t)
        m = _NUMBER.match(t)
        if m and h.number is None:
            h.number = normalise_number(m.group(1))
            h.found = True
            continue
        pd = _PLACE_DATE.match(f)
        if pd and h.date is None:
            dm = DATE_ANY.search(f)
            if dm:
                h.date = parse_date_match(dm)
                h.place = t[pd.start(1):pd.end(1)].strip()
                h.found = True
                continue
        if h.number is None and h.title_line is None and _is_caps(t) and not f.startswith(_HEADER_SKIP) and not type_of(t) and len(t) < 80:
            head_bodies.append(t)
    ti = _find_title(lines, min(limit, first_item))
    if ti is not None:
        h.found = True
        code, _name = type_of(lines[ti].text)
        h.doc_type = code
        raw_title, h.end = _title_block(lines, ti)
        h.title = recase(raw_title, _casing(lines, {w.strip(",.;:()“”\"").lower() for w in raw_title.split()})) if _is_caps(raw_title.split(" ", 2)[0]) else raw_title
        h.title_line = ti
    if h.number:
        tcode, _, _ = number_parts(h.number)
        if tcode:
            h.doc_type = tcode
    h.appendix = appendix_start(lines, (h.title_line or 0) + 1)
    closing = _signature(lines[: h.appendix] if h.appendix is not None else lines, h)
    # province
    h.province = (_province_of(" ".join(head_bodies)) or (_province_of(h.place) if h.place else None)
                  or _province_by_count(lines))
    # issuer: header block, number code, "của X" in the title, signer capacity, "Ban Chấp hành X ban hành"
    h.issuer = _issuer(h, head_bodies, lines)
    if h.issuer is not None and h.issuer.level == "central" and not _province_of(" ".join(head_bodies)):
        h.province = None  # a ministry in Hà Nội: the place is not the scope
    if h.end == 0:
        h.end = max(first_item, (h.title_line or 0) + 1)
    return h, closing


# An appendix after the signature ("PHỤ LỤC I", "Phụ lục: Danh mục nhiệm vụ ..."): the closing block (signature,
# Nơi nhận) comes before it, and its numbered items / task tables are provisions too.
APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2})\b)?\s*[.:\-–]?\s*(?=$|[A-ZĐÀ-Ỹ(])")


def appendix_start(lines: list[Line], after: int) -> Optional[int]:
    """Index of the first appendix heading that follows a signature block, or None."""
    signed = False
    for i in range(after, len(lines)):
        t = lines[i].text
        if _SIGN.match(t) or mfold(t).startswith(_NOI_NHAN):
            signed = True
        elif signed and APPENDIX.match(t):
            return i
    return None


_CUA = re.compile(fpat(r"\bcủa\s+"))
_BAN_HANH = re.compile(fpat(r"((?:ban chấp hành|ban thường vụ)[^.;:]{0,60}?)\s+(?:ban hành|xây dựng)\s"))


def _issuer(h: Header, head_bodies: list[str], lines: list[Line]) -> Optional[AgencyRef]:
    if head_bodies:
        joined = collapse_ws(" ".join(head_bodies))
        hit = agencies.resolve_prefix(joined, h.province)
        if hit:
            return hit[0]
    if h.number:
        _, code, _ = number_parts(h.number)
        if code:
            ref = agencies.from_code(code, h.province)
            if ref:
                return ref
    if head_bodies:
        # a body the gazetteer does not know ("BỘ NGOẠI THƯƠNG"), named in the header block
        ref = agencies.resolve(collapse_ws(" ".join(head_bodies[-1:] if len(head_bodies) > 1 and _is_caps(head_bodies[-1]) and agencies.looks_like_body(head_bodies[-1]) else head_bodies)), h.province, require_body=True)
        if ref is not None:
            return ref
    if h.title:
        m = _CUA.search(mfold(h.title))
        if m:
            hit = agencies.resolve_prefix(h.title[m.end():], h.province)
            if hit:
                return hit[0]
    for ln in lines[: (h.end or 0) + 3]:
        m = _BAN_HANH.search(mfold(ln.text))
        if m:
            ref = agencies.resolve_prefix(ln.text[m.start(1):m.end(1)], h.province)
            if ref:
                return ref[0]
    if h.signer_capacity:
        cap = re.sub(r"^\S+\s+", "", h.signer_capacity.split(",")[0])
        hit = agencies.resolve_prefix(cap, h.province)
        if hit:
            return hit[0]
    return None
