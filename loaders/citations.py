"""Stage 4: document mentions -> :class:`Citation` (basis / implements / cites, nested statements)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from . import agencies
from .header import Header, normalise_number, type_of
from .identity import congress_key, document_key, law_key, number_parts, plenum_key, scheme_key
from .match import DATE_ANY, fpat, mfold, parse_date_match, roman_to_int
from .model import AgencyRef, Citation, DocRef, Provision, Span
from .normalise import Line
from .resources import lexicon
from .text import collapse_ws

_TYPES = "|".join(sorted((fpat(n.lower()) for n, _ in lexicon()["doc_types"] if n != "Luật"), key=len, reverse=True))
_NUM = r"(\d{1,5}\s*(?:/\s*\d{4}\s*)?(?:/\s*|-\s*)[a-zđ][a-zđ0-9&]*(?:\s*[-/]\s*[a-zđ][a-zđ0-9&]*)*)"
_DATE = r"(?:,?\s*" + fpat("ngày") + r"\s*(?:" + DATE_ANY.pattern + r"))?"
_NUMBERED = re.compile(r"(" + _TYPES + r")\s*(?:" + fpat("số") + r"\s*)?" + _NUM + _DATE)
_CONGRESS = re.compile(fpat(r"nghị quyết\s+(?:của\s+)?đại hội\s+(?:đảng\s+)?(?:đại biểu\s+)?(?:(toàn quốc)|đảng bộ\s*([^,;.]{0,80}?))\s+lần thứ\s+([ivxlc]+)\b(?:\s+của đảng)?"))
# "Nghị quyết Đại hội XII của Đảng": the national congress named by its number only
_CONGRESS_SHORT = re.compile(fpat(r"nghị quyết\s+đại hội\s+(?:đảng\s+)?([ivxlc]+)\s+của đảng"))
_PLENUM = re.compile(fpat(r"nghị quyết\s+(?:hội nghị\s+)?(?:trung ương|tw)\s*(\d{1,2})\s*\(?\s*khóa\s+([ivxlc]+)((?:\s*(?:,|và)\s*[ivxlc]+)*)\)?"))
# A law's name may hold a comma ("Luật Phòng, chống thiên tai", "Luật Tín ngưỡng, tôn giáo"): a short
# continuation after a comma belongs to the name when a boundary (ngày, số, năm, ';', '(', '.', a connective)
# follows it; otherwise the name stops at the comma ("Luật Ngân sách Nhà nước, đảm bảo dân chủ, công khai").
_LAW_END = r"\s+ngày|\s*[;.()]|\s+năm\s+\d{4}|\s+(?:và|của|được|theo|trong|cho|đến|số)\s|$"
_LAW = re.compile(fpat(r"luật\s+(sửa đổi[^;]{0,200}?(?=\s+ngày\s)|[^\s,;.()]+(?:\s+[^\s,;.()]+){0,8}?"
                       r"(?:,\s+(?!luật\s|bộ luật\s)[^\s,;.()]+(?:\s+[^\s,;.()]+){0,3}?(?=" + _LAW_END + r"))?)"
                       r"(?=" + _LAW_END + r"|\s*,)(?:\s+ngày\s*(?:" + DATE_ANY.pattern + r"))?"))
_SCHEME = re.compile(fpat(r"đề án\s+(\d{1,3})\b(?:\s+của\s+(chính phủ|thủ tướng chính phủ))?"))
_OF = re.compile(fpat(r"\s*(?:của\s+)"))
# the whole gap between two mentions: "27-CTr/TU ... về việc thực hiện Kết luận số 97-KL/TW" (nested statement);
# a longer gap ("Chỉ thị 05-CT/TW về đẩy mạnh ... gắn với thực hiện Nghị quyết ...") is the loaded document's own action
_IMPL_GAP = re.compile(fpat(r"^\s*,?\s*(?:về việc|về)?\s*(?:tiếp tục\s+)?(?:thực hiện|triển khai)\s*$"))
_CHAIN_GAP = re.compile(r"(?:,|\s" + fpat("và") + r")\s*$")
_BASIS = fpat("căn cứ")
_IMPLEMENTS = tuple(fpat(s) for s in ("thực hiện", "triển khai", "cụ thể hóa", "để triển khai", "quán triệt"))


@lru_cache(maxsize=None)
def _type_codes() -> dict[str, str]:
    return {fpat(n.lower()): code for n, code in lexicon()["doc_types"]}


_PARTY_NO_SUFFIX = re.compile(r"^\d{1,4}-[A-Za-zĐđ]+$")
# Party committees whose numbers carry a suffix (Hướng dẫn 36-HD/VPTW): central bodies /TW, provincial /TU
_PARTY_SUFFIX = {"ban-chap-hanh-trung-uong": "TW", "bo-chinh-tri": "TW", "ban-bi-thu": "TW",
                 "tinh-uy": "TU", "ban-thuong-vu-tinh-uy": "TU"}


def _year_of(number: Optional[str], date) -> Optional[int]:
    if date:
        return date.year
    if number:
        return number_parts(number)[2]
    return None


def _congress_title(roman: str, province: Optional[str] = None, organisation=None):
    """ONE canonical title per congress key (the surface form stays in the citation's Span quote) and the
    congress as issuer: national -> 'Đại hội đại biểu toàn quốc của Đảng', provincial -> 'Đại hội đại biểu
    Đảng bộ tỉnh X', of a Party organisation -> 'Đại hội đại biểu Đảng bộ <organisation>'."""
    r = roman.upper()
    if province is None:
        return f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {r} của Đảng", agencies.by_key("dai-hoi-dang-toan-quoc")
    pname = agencies.province_name(province)
    if organisation is None:
        body = agencies.by_key("dai-hoi-dang-bo-tinh", province)
        return f"Nghị quyết Đại hội đại biểu Đảng bộ tỉnh {pname} lần thứ {r}".replace("  ", " "), body
    org = re.sub(r"^(?:Ban Chấp hành\s+)?Đảng [uủ]ỷ?y?\s+", "", organisation.canonical)
    org = re.sub(r"\bUBND\b", "Ủy ban nhân dân", org)
    org = re.sub(r"^Đảng bộ\s+", "", org)
    name = f"Đại hội đại biểu Đảng bộ {org}"
    slug = organisation.key.split("/", 1)[1]
    issuer = AgencyRef(name=name, canonical=name, key=f"{province}/dai-hoi-dang-bo-{slug}", kind="party",
                       level="provincial", province=province)
    return f"Nghị quyết {name} lần thứ {r}", issuer


def _issuer_after(text: str, folded: str, pos: int, province: Optional[str]):
    """Issuer named right after a mention ('của Chính phủ'); returns (agency, end offset)."""
    m = _OF.match(folded, pos)
    if not m:
        return None, pos
    hit = agencies.resolve_prefix(text[m.end():], province)
    if hit:
        return hit[0], m.end() + hit[1]
    return None, pos


def _mentions(text: str, province: Optional[str]) -> list[tuple[int, int, DocRef]]:
    """All document mentions in one logical line: (start, end, DocRef), in text order."""
    f = mfold(text)
    found: list[tuple[int, int, DocRef]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _NUMBERED.finditer(f):
        number = normalise_number(text[m.start(2):m.end(2)])
        dm = DATE_ANY.match(f, m.start(3)) if m.group(3) else None
        date = parse_date_match(dm) if dm else None
        tcode, icode, _ = number_parts(number)
        issuer, end = _issuer_after(text, f, m.end(), province)
        if issuer is None and icode:
            issuer = agencies.from_code(icode, province)
        if tcode is None:
            tcode = _type_codes().get(m.group(1))  # "Nghị quyết số 158/2024/QH15": the type is the word before
        if icode is None and issuer is not None and _PARTY_NO_SUFFIX.match(number):
            suffix = _PARTY_SUFFIX.get(issuer.key.split("/", 1)[1])  # "29-NQ ... của Ban Chấp hành Trung ương"
            if suffix:
                number = f"{number}/{suffix}"
        year = _year_of(number, date)
        local = bool(issuer and issuer.province)
        ref = DocRef(key=document_key(number, province, year, local=local or None), number=number,
                     doc_type=tcode, issuer=issuer, date=date, year=year,
                     province=province if local else None)
        found.append((m.start(), end, ref))
        taken.append((m.start(), end))
    for m in _CONGRESS.finditer(f):
        if not free(m.start(), m.end()):
            continue
        roman = m.group(3)
        if m.group(1):
            key = congress_key(roman)
            title, issuer = _congress_title(roman)
        else:
            org = text[m.start(2):m.end(2)].strip() if m.group(2) else ""
            org_f = mfold(org)
            prov = province
            for p in lexicon()["provinces"]:
                if mfold(p) in org_f:
                    prov = agencies.province_slug(p)
                    org_f = org_f.replace(mfold(p), "").strip()
            org_f = org_f.strip()
            organisation, hit = None, None
            if org_f and org_f != fpat("tỉnh"):
                hit = agencies.resolve(org, prov)
                local = hit.key.split("/", 1)[1] if hit else org_f
                organisation = "dang-bo-" + local
            key = congress_key(roman, prov or "unknown", organisation)
            if organisation and hit is None:  # an organisation the gazetteer does not know: keep the surface title
                title, issuer = collapse_ws(text[m.start():m.end()]), None
            else:
                title, issuer = _congress_title(roman, prov or "unknown", hit)
        found.append((m.start(), m.end(), DocRef(key=key, doc_type="NQ", title=title, issuer=issuer)))
        taken.append((m.start(), m.end()))
    for m in _CONGRESS_SHORT.finditer(f):
        if not free(m.start(), m.end()):
            continue
        title, issuer = _congress_title(m.group(1))
        found.append((m.start(), m.end(), DocRef(key=congress_key(m.group(1)), doc_type="NQ", title=title,
                                                 issuer=issuer)))
        taken.append((m.start(), m.end()))
    for m in _PLENUM.finditer(f):
        if not free(m.start(), m.end()):
            continue
        terms = [m.group(2)] + re.findall(r"[ivxlc]+", m.group(3) or "")
        for term in terms:
            title = f"Nghị quyết Trung ương {m.group(1)} khóa {term.upper()}"
            found.append((m.start(), m.end(), DocRef(key=plenum_key(term, m.group(1)), doc_type="NQ", title=title,
                                                     issuer=agencies.by_key("ban-chap-hanh-trung-uong"))))
        taken.append((m.start(), m.end()))
    for m in _LAW.finditer(f):
        if not free(m.start(), m.end()) or not text[m.start()].isupper():
            continue
        name = collapse_ws(text[m.start(1):m.end(1)])
        if not name[:1].isupper():
            continue
        dm = DATE_ANY.match(f, m.start(2)) if m.group(2) else None
        date = parse_date_match(dm) if dm else None
        title = "Luật " + name
        found.append((m.start(), m.end(), DocRef(key=law_key(name, date.year if date else None), doc_type="LUAT",
                                                 title=title, date=date, year=date.year if date else None)))
        taken.append((m.start(), m.end()))
    for m in _SCHEME.finditer(f):
        if not free(m.start(), m.end()):
            continue
        taken.append((m.start(), m.end()))
        issuer = agencies.resolve(text[m.start(2):m.end(2)], None) if m.group(2) else None
        found.append((m.start(), m.end(), DocRef(key=scheme_key(m.group(1)), doc_type="ĐA",
                                                 title=collapse_ws(text[m.start():m.end()]), issuer=issuer)))
    # one mention per occurrence: a mention inside a longer one is dropped (longest match wins)
    found.sort(key=lambda x: (x[0], -x[1]))
    out: list[tuple[int, int, DocRef]] = []
    for a, b, ref in found:
        if out and a < out[-1][1] and b <= out[-1][1] and (a, b) != out[-1][:2]:
            continue
        out.append((a, b, ref))
    return out


def _relation(prefix: str, in_body: bool) -> str:
    """Relation from the clause before a mention: 'Căn cứ' -> basis, 'Thực hiện' -> implements."""
    if in_body:
        return "cites"
    clause = re.split(r"[.;]\s", prefix)[-1].strip()
    if clause.startswith(_BASIS) or _BASIS in clause:
        return "basis"
    if any(w in clause for w in _IMPLEMENTS):
        return "implements"
    return "cites"


def _line_citations(ln: Line, province: Optional[str], source_file: str, in_body: bool,
                    provision_id: Optional[str], title_line: bool = False) -> list[Citation]:
    text = ln.text
    f = mfold(text)
    out: list[Citation] = []
    chain_src: Optional[DocRef] = None
    prev_end = 0
    span = Span(source_file, ln.first, ln.last, ln.quote)
    for start, end, ref in _mentions(text, province):
        gap = f[prev_end:start]
        ref.span = span
        if chain_src is not None and (";" in gap or "." in gap.strip()[:1]):
            chain_src = None
        if out and chain_src is None and _IMPL_GAP.search(gap) and len(gap) <= 40:
            chain_src = out[-1].target if out[-1].source is None else out[-1].source
            out.append(Citation(ref, "implements", span, source=chain_src, provision_id=provision_id))
        elif chain_src is not None and (_CHAIN_GAP.search(gap) or _IMPL_GAP.search(gap)) and ";" not in gap:
            out.append(Citation(ref, "implements", span, source=chain_src, provision_id=provision_id))
        else:
            chain_src = None
            rel = "implements" if title_line else _relation(f[:start], in_body)
            out.append(Citation(ref, rel, span, provision_id=provision_id))
        prev_end = end
    return out


def _unify_years(cits: list[Citation], province: Optional[str]) -> None:
    """An undated mention takes the year the same number has elsewhere in the document."""
    years: dict[str, set[int]] = {}
    for c in cits:
        for r in (c.target, c.source):
            if r is not None and r.number and r.year:
                years.setdefault(r.number, set()).add(r.year)
    for c in cits:
        for r in (c.target, c.source):
            if r is not None and r.number and not r.year and len(years.get(r.number, ())) == 1:
                r.year = next(iter(years[r.number]))
                r.key = document_key(r.number, province, r.year, local=bool(r.province) or None)


def extract(lines: list[Line], head: Header, provisions: list[Provision], own: dict[str, list[Line]],
            doc: DocRef, source_file: str) -> list[Citation]:
    """Citations of the whole document: header/preamble lines, then each provision's own lines."""
    province = head.province
    cits: list[Citation] = []
    first_prov_line = provisions[0].span.line_start if provisions else 10 ** 9
    title_idx = head.title_line if head.title_line is not None else -1
    title_impl = bool(head.title) and any(w in mfold(head.title) for w in _IMPLEMENTS)
    for i, ln in enumerate(lines):
        if ln.first >= first_prov_line:
            break
        in_title = 0 <= title_idx <= i < head.end
        # a title-like line before the header (a web page's own title) states what the document implements
        titleish = type_of(ln.text) is not None and any(w in mfold(ln.text) for w in _IMPLEMENTS)
        found = _line_citations(ln, province, source_file, False, None,
                                title_line=(in_title and title_impl) or titleish)
        if doc.doc_type == "BC":  # a report reviews "việc thực hiện" a resolution; it does not implement it
            for c in found:
                if c.relation == "implements" and c.source is None:
                    c.relation = "cites"
        cits += found
    for p in provisions:
        for ln in own.get(p.id, []):
            cits += _line_citations(ln, province, source_file, True, p.id)
    _unify_years(cits, province)
    seen: set[tuple] = set()
    out: list[Citation] = []
    for c in cits:
        k = (c.target.key, c.relation, c.source.key if c.source else None, c.provision_id, c.span.line_start)
        if k in seen or c.target.key == doc.key or (c.source is not None and c.source.key == c.target.key):
            continue
        seen.add(k)
        out.append(c)
    return out
