"""Stage 6: who does what -- lead / coordinating / advising / monitoring / requested bodies per provision."""

from __future__ import annotations

import re
from typing import Optional

from . import agencies
from .match import fpat, mfold
from .model import Assignment, Provision, Span
from .normalise import Line

_ADVISING_GIAO = re.compile(fpat(r"cơ quan chủ trì tham mưu\s*:\s*(.+?)\s+giao\s+(.+?)\s+(?:xây dựng|chủ trì|tham mưu|thực hiện|triển khai|chuẩn bị)\b"))
_LEAD_LABEL = re.compile(fpat(r"cơ quan chủ trì(?: tham mưu)?\s*:\s*(.+?)(?:[.;]|$)"))
_COORD_LABEL = re.compile(fpat(r"cơ quan phối hợp\s*:\s*(.+?)(?:\.\s|\.$|;|$)"))
_LEAD_COORD = re.compile(fpat(r"(?:^|[.;:]\s+)([^.;:]{2,160}?)\s+chủ trì\s*(?:,\s*|\s+và\s+)?(?:phối hợp\s+(?:với\s+)?([^.;:]+?))?(?=\s+(?:xây dựng|theo chức năng|theo|để|tổ chức|thực hiện|triển khai|nghiên cứu|tham mưu|hướng dẫn|kiểm tra|tổng hợp|trình|chỉ đạo|rà soát|chuẩn bị|vận động|đánh giá|lập|điều tra)[\s,]|[.;:]|$)"))
_GIAO = re.compile(fpat(r"(?:^|[\s,])giao\s+(?:cho\s+)?"))
_VERB = re.compile(fpat(r"\s(?:căn cứ|chủ trì|chỉ đạo|xây dựng|thành lập|nghiên cứu|tổ chức|thực hiện|triển khai|hướng dẫn|tham mưu|theo dõi|phối hợp|cụ thể hóa|rà soát|có trách nhiệm|chuẩn bị|vận động|kiểm tra|bố trí|lập)\b"))


_COORD_STOP = re.compile(fpat(r"\s+(?:xây dựng|theo chức năng|theo|để|tổ chức|thực hiện|triển khai|nghiên cứu|tham mưu|"
                              r"hướng dẫn|kiểm tra|tổng hợp|trình|chỉ đạo|rà soát|chuẩn bị|vận động|đánh giá|lập|điều tra)"
                              r"[\s,]|[.;:]|$"))


def _past_capitalised_stops(text: str, f: str, end: int) -> int:
    """A list of bodies stops at a verb; a capitalised 'verb' is part of a name ('Ủy ban Kiểm tra Tỉnh ủy')."""
    while end < len(f) and f[end] not in ".;:" and text[end + 1:end + 2].isupper():
        m = _COORD_STOP.search(f, end + 1)
        if not m:
            return len(f)
        end = m.start()
    return end


def _giao_target(text: str, f: str) -> Optional[tuple[int, int]]:
    """(start, end) of the body after 'giao' up to its first (lower-case) verb."""
    for g in _GIAO.finditer(f):
        if not _GIAO_WORD.search(text[max(0, g.start()):g.end()]):
            continue
        for v in _VERB.finditer(f, g.end(), min(len(f), g.end() + 140)):
            if text[v.start() + 1].islower():
                return g.end(), v.start()
        return None
    return None
_COORD_ONLY = re.compile(fpat(r"^([^.;:]{2,120}?)\s+phối hợp\s+(?:với\s+)?([^.;:]+?)(?=\s+(?:xây dựng|theo|để|tổ chức|thực hiện|triển khai)\s|[.;:]|$)"))
_MONITOR = re.compile(fpat(r"(?:^|[.;]\s+)([^.;:]{2,80}?)\s+(?:có trách nhiệm\s+)?(?:giúp [^.;]{0,120}?\s+)?theo dõi"))
_ADVISE = re.compile(fpat(r"^([^.;:]{2,80}?)\s+(?:có trách nhiệm\s+)?(?:[^.;]{0,150}?[\s,;])?tham mưu"))
_REQUEST = re.compile(fpat(r"^đề nghị\s+(.+?)(?=\s+(?:chỉ đạo|phối hợp|tăng cường|thực hiện|tổ chức|tiếp tục|quan tâm)\s|[.;:]|$)"))
_GIAO_WORD = re.compile(r"(?:^Giao|\bgiao)\s+(?:cho\s+)?")
_BODIES_COLON = re.compile(r"^([^.:]{2,160}?)\s*(?::|$)")
# "Các huyện ủy, ..., các ban, ngành, đoàn thể tỉnh căn cứ Chương trình này rà soát ...": bodies as the subject
_SUBJECT_VERB = re.compile(fpat(r"\s(?:căn cứ|xây dựng|thường xuyên|chủ động|hướng dẫn|tiến hành|chịu trách nhiệm|"
                                r"tổ chức|thực hiện|triển khai|chỉ đạo|nghiên cứu|rà soát|có trách nhiệm|báo cáo|chuẩn bị)\b"))
_MONITOR_VERB = re.compile(fpat(r"^\s*(?:có trách nhiệm\s+)?(?:đôn đốc|theo dõi|kiểm tra, giám sát)"))
_CAC_NOUN = (fpat(" các"), fpat(" những"))
# "... chủ động nghiên cứu, tham mưu, đề xuất với Ban Chấp hành ...": the subject advises
_ADVISE_VERB = re.compile(fpat(r"^\s*(?:chủ động\s+)?(?:nghiên cứu,?\s+)?tham mưu"))
_HEAD_OF = re.compile(fpat(r"^(?:thủ trưởng|chủ tịch|giám đốc|người đứng đầu)\s+(?=các\s|ubnd\s|ủy ban|sở\s)"))


def _bodies(text: str, province: Optional[str], strict: bool = True) -> list:
    refs = agencies.split_bodies(text, province)
    if strict and any(not (r.collective or agencies.looks_like_body(r.name)) for r in refs):
        return []
    return refs


def _add(out: list[Assignment], role: str, refs: list, span: Span) -> None:
    for r in refs:
        if not any(a.role == role and a.agency.key == r.key for a in out):
            out.append(Assignment(role, r, span))


def _from_sentence(text: str, province: Optional[str], span: Span, heading: bool,
                   subjects: bool = True) -> list[Assignment]:
    f = mfold(text)
    out: list[Assignment] = []
    m = _ADVISING_GIAO.search(f)
    if m:
        _add(out, "advising", _bodies(text[m.start(1):m.end(1)], province), span)
        _add(out, "lead", _bodies(text[m.start(2):m.end(2)], province), span)
        return out
    m = _COORD_LABEL.search(f)
    if m:
        _add(out, "coordinating", _bodies(text[m.start(1):m.end(1)], province, strict=False), span)
        return out
    m = _LEAD_LABEL.search(f)
    if m:
        _add(out, "lead", _bodies(text[m.start(1):m.end(1)], province, strict=False), span)
        return out
    m = _REQUEST.search(f)
    if m:
        _add(out, "requested", _bodies(text[m.start(1):m.end(1)], province), span)
        return out
    for m in _LEAD_COORD.finditer(f):
        lead = text[m.start(1):m.end(1)]
        gm = _GIAO_WORD.search(lead)
        if gm:
            lead = lead[gm.end():]
        _add(out, "lead", _bodies(lead, province), span)
        if m.group(2):
            end = _past_capitalised_stops(text, f, m.end(2))
            _add(out, "coordinating", _bodies(text[m.start(2):end], province, strict=False), span)
    if out:
        return out
    g = _giao_target(text, f)
    if g:
        _add(out, "lead", _bodies(text[g[0]:g[1]], province), span)
        if out:
            return out
    m = _COORD_ONLY.search(f)
    if m:
        lead = _bodies(text[m.start(1):m.end(1)], province)
        if lead:
            _add(out, "lead", lead, span)
            _add(out, "coordinating", _bodies(text[m.start(2):m.end(2)], province, strict=False), span)
            return out
    m = _MONITOR.search(f)
    if m:
        refs = _bodies(text[m.start(1):m.end(1)], province)
        _add(out, "monitoring", refs, span)
        if _THEN_ADVISE.search(f, m.end()):  # "X ... theo dõi, đôn đốc ...; tham mưu ...": the same subject advises
            _add(out, "advising", refs, span)
    m = _ADVISE.search(f)
    if m:
        _add(out, "advising", _bodies(text[m.start(1):m.end(1)], province), span)
    if out:
        return out
    m = _CAN_CU_SUBJECT.match(f)
    if m:
        refs = _bodies(_restore(text, m.start(1), m.end(1)), province)
        if refs and all(r.collective or r.key.split("/", 1)[1] in _known_keys() for r in refs):
            _add(out, "lead", refs, span)
            return out
    if heading and subjects:
        # the first lower-case verb that is not a noun after 'các' ("các tổ chức chính trị – xã hội")
        v = next((x for x in _SUBJECT_VERB.finditer(f, 0, 200)
                  if text[x.start() + 1].islower() and not f[:x.start()].endswith(_CAC_NOUN)), None)
        if v:
            subj = text[:v.start()]
            h = _HEAD_OF.match(mfold(subj))
            subj = subj[h.end():] if h else subj
            refs = _bodies(subj, province)
            if refs and all(r.collective or r.key.split("/", 1)[1] in _known_keys() for r in refs):
                role = ("monitoring" if _MONITOR_VERB.match(f[v.start():])
                        else "advising" if _ADVISE_VERB.match(f[v.start():]) else "lead")
                _add(out, role, refs, span)
                return out
        m = _BODIES_COLON.match(text)
        if m and (agencies.looks_like_body(text) or agencies.is_collective(text)):
            refs = _bodies(m.group(1), province)
            if refs and all(r.collective or r.key.split("/", 1)[1] in _known_keys() for r in refs):
                _add(out, "lead", refs, span)
    return out


# "Căn cứ Quyết định này ..., Thủ trưởng các Sở, ban, ngành, Chủ tịch UBND các huyện, thành phố theo chức năng,
# nhiệm vụ được giao: ...": the heads named after the basis clause are the subject
_CAN_CU_SUBJECT = re.compile(fpat(
    r"^căn cứ [^:;]{0,400}?,\s+((?:thủ trưởng|chủ tịch|giám đốc|người đứng đầu)\s[^:;]+?)"
    r"(?=\s+theo chức năng|\s+căn cứ|\s+có trách nhiệm|\s+chỉ đạo|\s+tổ chức|\s+triển khai|\s*:|\s*;|$)"))
_HEAD_WORD = re.compile(fpat(r"(^|,\s*|\s(?:và|với)\s)(?:thủ trưởng|chủ tịch|giám đốc|người đứng đầu)\s+"))


def _restore(text: str, a: int, b: int) -> str:
    """``text[a:b]`` without the head words ('Thủ trưởng', 'Chủ tịch', ...) before each body."""
    orig = text[a:b]
    out, i = [], 0
    f = mfold(orig)
    for m in _HEAD_WORD.finditer(f):
        out.append(orig[i:m.start()] + m.group(1))
        i = m.end()
    out.append(orig[i:])
    return "".join(out)


_THEN_ADVISE = re.compile(fpat(r";\s*(?:và\s+)?tham mưu\s"))
_SEND_TO_MONITOR = re.compile(fpat(r"gửi\s+([^,;()]{3,80}?)\s*\(\s*để\s+(?:theo dõi|giám sát)"))


def _known_keys() -> set[str]:
    from .resources import agency_rows

    return {r["key"] for r in agency_rows()}


_PROG_REF = re.compile(fpat(r"chương trình\s+(\d{1,2}(?:\s*(?:,|và)\s*\d{1,2})*)"))


def attach(provisions: list[Provision], own: dict[str, list[Line]], province: Optional[str], source_file: str,
           skip: frozenset = frozenset(), subjects: bool = True) -> None:
    """Fill ``Provision.assignments``; programme-level assignments are inherited by the programmes named.
    Provisions in ``skip`` (table rows, read from their columns) are left alone. With ``subjects`` False
    (a report, which reviews and proposes rather than assigns) a body that is merely the subject of an
    item's heading ("Các cấp ủy, tổ chức đảng kịp thời tổ chức quán triệt ...") is not taken as its lead."""
    for p in provisions:
        lines = own.get(p.id, [])
        if not lines or p.id in skip:
            continue
        first = lines[0]
        span = Span(source_file, first.first, first.last, first.quote)
        head = p.heading if p.heading else first.text
        if head.endswith((";", ",")) and len(lines) > 1 and len(lines[1].text) < 160 and (
                agencies.looks_like_body(lines[1].text) or agencies.is_collective(lines[1].text)):
            head = head + " " + lines[1].text  # "11.2. Các sở, ban, ngành;" + "UBND các huyện, thành phố, thị xã"
        found = _from_sentence(head, province, span, heading=True, subjects=subjects)
        # the provision's own first sentence group only: a later paragraph ("Trong quá trình tổ chức thực hiện,
        # ... giao cho Ban Thường vụ Tỉnh ủy ...") is not about this item
        # a first sentence wrapped before a body ("... và Thường trực" / "UBND tỉnh ...") or inside a name
        # ("Ngân hàng Nhà nước Việt" / "Nam chi nhánh tỉnh Sơn La chủ trì, ...")
        k = 1
        while (k < min(len(lines), 4) and not lines[k - 1].text.rstrip().endswith((".", ":", ";", "!", "?"))
               and (agencies.looks_like_body(lines[k].text) or lines[k - 1].text.rsplit(" ", 1)[-1][:1].isupper())):
            k += 1
        rest = " ".join(x.text for x in lines[k:])
        first_text = p.text[: len(p.text) - len(rest)].strip() if rest and p.text.endswith(rest) else p.text
        if not any(a.role == "lead" for a in found) and len(p.heading) < len(first_text):
            for a in _from_sentence(first_text, province, span, heading=False):
                if not any(x.role == a.role and x.agency.key == a.agency.key for x in found):
                    found.append(a)
        for m in _SEND_TO_MONITOR.finditer(mfold(p.text)):  # "..., gửi Văn phòng UBND tỉnh (để theo dõi), ..."
            _add(found, "monitoring", _bodies(p.text[m.start(1):m.end(1)], province), span)
        p.assignments.extend(found)
        if found and p.kind in ("section", "objective"):
            p.kind = "task"
    programmes = [p for p in provisions if p.kind == "programme"]
    for p in provisions:
        if not p.assignments or p.kind == "programme":
            continue
        m = _PROG_REF.search(mfold(p.text))
        if not m:
            continue
        nums = re.findall(r"\d+", m.group(1))
        for prog in programmes:
            hm = re.match(fpat(r"chương trình\s+(\d+)"), mfold(prog.heading))
            n = hm.group(1) if hm else prog.ref
            if n in nums:
                prog.inherited_from.append(p.id)
                prog.assignments.extend(a for a in p.assignments if a not in prog.assignments)
