"""Stage 5: surface names of bodies -> :class:`AgencyRef` via the gazetteer ``data/agencies.tsv``.

Provincial bodies are scoped to the document's province (key ``"son-la/so-tu-phap"``), central
ones are keyed ``"central/..."``, collective bodies ("các sở, ban, ngành") are kept as collective
refs, and unknown names that look like bodies get a slug key.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Optional

from .match import fpat, mfold
from .model import AgencyRef
from .resources import agency_rows, lexicon, reorganisation_rows
from .text import ascii_slug, collapse_ws, modern_tones, nfc


def fold(s: str) -> str:
    return mfold(collapse_ws(s))

_PUNCT_TAIL = re.compile(r"[\s,;:.()\-–]+$")


@lru_cache(maxsize=None)
def _province_names() -> dict[str, str]:
    return {fold(p): p for p in lexicon()["provinces"]}


def province_slug(name: str) -> str:
    return ascii_slug(name)


@lru_cache(maxsize=None)
def _slug_to_province() -> dict[str, str]:
    return {ascii_slug(p): p for p in lexicon()["provinces"]}


def province_name(slug: Optional[str]) -> str:
    return _slug_to_province().get(slug or "", "")


@lru_cache(maxsize=None)
def _alias_index() -> dict[str, dict]:
    """Folded alias (province placeholder removed) -> gazetteer row."""
    idx: dict[str, dict] = {}
    for row in agency_rows():
        for alias in row["aliases"].split("|"):
            alias = alias.replace("{p}", "").strip()
            if alias:
                idx.setdefault(fold(alias), row)
    return idx


@lru_cache(maxsize=None)
def _code_index() -> dict[str, dict]:
    idx: dict[str, dict] = {}
    for row in agency_rows():
        for code in row["codes"].split("|"):
            if code:
                idx.setdefault(code.upper(), row)
    return idx


def _strip_province(folded: str) -> tuple[str, Optional[str]]:
    """'ubnd tinh son la' -> ('ubnd tinh', 'son-la')."""
    for pf, pname in _province_names().items():
        if folded.endswith(" " + pf):
            base = folded[: -len(pf) - 1].strip()
            return base, ascii_slug(pname)
    return folded, None


def _from_row(row: dict, name: str, province: Optional[str]) -> AgencyRef:
    central = row["scope"] == "central"
    prov = None if central else (province or "unknown")
    prefix = "central" if central else prov
    parent = row["parent"] or None
    parent_key = None
    if parent:
        prow = next((r for r in agency_rows() if r["key"] == parent), None)
        pscope = "central" if prow is None or prow["scope"] == "central" else prov
        parent_key = f"{pscope}/{parent}"
    canonical = collapse_ws(row["canonical"].replace("{p}", province_name(prov) if prov else ""))
    aliases = tuple(a.replace("{p}", province_name(prov) if prov else "").strip() for a in row["aliases"].split("|"))
    return AgencyRef(
        name=name, canonical=canonical, key=f"{prefix}/{row['key']}", kind=row["kind"],
        level=row["level"], parent_key=parent_key, province=prov, aliases=aliases,
    )


def _abbreviate(folded: str) -> str:
    for long, short in lexicon()["abbreviations"]:
        folded = folded.replace(fold(long), fold(short))
    return folded


@lru_cache(maxsize=None)
def _body_starts() -> tuple[str, ...]:
    return tuple(fold(w) + " " for w in lexicon()["body_starts"])


def looks_like_body(name: str) -> bool:
    """True when ``name`` starts with a word that names a body (Sở, Ban, Ủy ban, Cục, ...)."""
    return (mfold(name[:30]) + " ").startswith(_body_starts())


_CAC = mfold("các ")


_COLLECTIVE_NOUNS = tuple(mfold(w) for w in (
    "sở", "ban", "ngành", "cơ quan", "đơn vị", "huyện", "xã", "phường", "cấp", "tổ chức", "đảng", "chi bộ",
    "đoàn thể", "hội", "bộ", "địa phương", "doanh nghiệp", "thành viên", "lực lượng", "trường", "đồng chí",
    "tỉnh", "thành phố", "quận"))


def is_collective(name: str) -> bool:
    """'các sở, ban, ngành', 'UBND các huyện, thành phố': plural bodies named by category."""
    f = mfold(name)
    if f.startswith(_CAC):
        return f[len(_CAC):].startswith(_COLLECTIVE_NOUNS)
    i = f.find(" " + _CAC, 0, 40)
    return i > 0 and looks_like_body(name[:i]) and f[i + 1 + len(_CAC):].startswith(_COLLECTIVE_NOUNS)


_LEVEL_WORDS = frozenset(("tỉnh", "huyện", "xã", "phường", "thị trấn", "thị xã", "đặc khu"))


# Surface variants of one collective ('các ngành có liên quan' = 'các ngành liên quan' = 'các sở, ban, ngành liên quan')
_COLLECTIVE_FORMS = tuple((re.compile(fpat(a)), mfold(b)) for a, b in (
    (r"\s+có\s+liên quan\b", " liên quan"),
    (r"^các\s+(?:sở,?\s+ngành|ngành)(?=\s+liên quan\b|$)", "các sở, ban, ngành"),
    (r"^các\s+sở,?\s+ban,?\s+ngành", "các sở, ban, ngành"),
    (r"\s+khác\s+(?:có\s+)?liên quan\b", " liên quan"),
))


_COLLECTIVE_DISPLAY = (
    (re.compile(r"\bubnd\b"), "ủy ban nhân dân"),
    (re.compile(r"\bhđnd\b"), "hội đồng nhân dân"),
    (re.compile(r"\bmttq\b"), "mặt trận tổ quốc"),
    (re.compile(r"\s+có\s+liên quan\b"), " liên quan"),
    (re.compile(r"^các\s+(?:sở,?\s+ngành|ngành)(?=\s+liên quan\b|$)"), "các sở, ban, ngành"),
    (re.compile(r"^các\s+sở,?\s+ban,?\s+ngành"), "các sở, ban, ngành"),
    (re.compile(r"\s+khác\s+(?:có\s+)?liên quan\b"), " liên quan"),
)


def collective_canonical(name: str, province: Optional[str]) -> str:
    """One display name per collective body, built like its key: 'UBND các huyện, thành phố' and
    'Ủy ban nhân dân các huyện, thành phố' -> 'Ủy ban nhân dân các huyện, thành phố'."""
    s = modern_tones(collapse_ws(nfc(name))).lower()
    for pat, rep in _COLLECTIVE_DISPLAY:
        s = pat.sub(rep, s)
    pname = province_name(province) if province else ""
    if pname:
        s = re.sub(re.escape(pname.lower()), pname, s)
    return s[:1].upper() + s[1:]


def _collective_form(folded: str) -> str:
    for pat, rep in _COLLECTIVE_FORMS:
        folded = pat.sub(rep, folded)
    return folded


def _plausible_unknown(name: str) -> bool:
    """An unknown body: starts with a body word and names something ('Sở Ngoại thương', 'Văn phòng Bộ',
    'Công an xã', not 'Ban định kỳ')."""
    if not looks_like_body(name):
        return False
    f = mfold(name[:40]) + " "
    start = max((s for s in _body_starts() if f.startswith(s)), key=len)
    rest = name[len(start):].split()
    if not rest:
        return False
    return rest[0][:1].isupper() or " ".join(rest[:2]) in _LEVEL_WORDS or rest[0] in _LEVEL_WORDS


def _ftuple(*words: str) -> tuple[str, ...]:
    return tuple(mfold(w) for w in words)


_ARMED = _ftuple("công an", "bộ chỉ huy", "quân", "bộ đội")
_JUDICIAL = _ftuple("tòa án", "viện kiểm sát")
_FRONT = _ftuple("mặt trận", "ủy ban mặt trận", "mttq", "hội ", "liên đoàn", "đoàn ", "tỉnh đoàn")
_PARTY_IN = _ftuple("đảng", "tỉnh ủy", "huyện ủy", "thành ủy")
_PARTY_START = _ftuple("ban tuyên giáo", "ban dân vận", "ban tổ chức")
_CENTRAL_NOT = _ftuple("bộ chỉ huy", "bộ đội")
_BO = mfold("bộ ")
_TINH = mfold(" tỉnh")


def _guess_kind(folded: str) -> str:
    if folded.startswith(_ARMED):
        return "armed"
    if folded.startswith(_JUDICIAL):
        return "judicial"
    if folded.startswith(_FRONT):
        return "front"
    if any(w in folded for w in _PARTY_IN) or folded.startswith(_PARTY_START):
        return "party"
    return "state"


# Bodies of a district or commune: "UBND xã Mường Bú", "Công an xã", "Ủy ban MTTQ Việt Nam huyện Mai Sơn".
_LOCAL_BASES: tuple[tuple[str, str, str, str], ...] = tuple(
    (mfold(surface), slug, canonical, kind) for surface, slug, canonical, kind in (
        ("Ủy ban nhân dân", "ubnd", "Ủy ban nhân dân", "state"), ("Uỷ ban nhân dân", "ubnd", "Ủy ban nhân dân", "state"),
        ("UBND", "ubnd", "Ủy ban nhân dân", "state"),
        ("Hội đồng nhân dân", "hdnd", "Hội đồng nhân dân", "state"), ("HĐND", "hdnd", "Hội đồng nhân dân", "state"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam", "ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front"),
        ("Ủy ban MTTQ Việt Nam", "ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front"),
        ("Ủy ban MTTQ", "ubmttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "front"),
        ("Công an", "cong-an", "Công an", "armed"),
        ("Ban Chỉ huy quân sự", "ban-chi-huy-quan-su", "Ban Chỉ huy Quân sự", "armed"),
        ("Ban CHQS", "ban-chi-huy-quan-su", "Ban Chỉ huy Quân sự", "armed"),
        ("Đảng ủy", "dang-uy", "Đảng ủy", "party"), ("Đảng uỷ", "dang-uy", "Đảng ủy", "party"),
        ("Huyện ủy", "huyen-uy", "Huyện ủy", "party"),
        ("Trạm Y tế", "tram-y-te", "Trạm Y tế", "state"),
    ))
_LOCAL_LEVELS = ((mfold("thị trấn"), "thị trấn", "commune"), (mfold("xã"), "xã", "commune"),
                 (mfold("phường"), "phường", "commune"), (mfold("đặc khu"), "đặc khu", "commune"),
                 (mfold("huyện"), "huyện", "district"), (mfold("thị xã"), "thị xã", "district"),
                 (mfold("thành phố"), "thành phố", "district"))
_PROPER = re.compile(r"(?:\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\d+))+")


def _local_body(text: str, province: Optional[str]) -> Optional[tuple[AgencyRef, int]]:
    """A district/commune body at the start of ``text``: (agency, length); None when it is not one."""
    f = mfold(text[:120])
    for base, slug, canonical, kind in _LOCAL_BASES:
        if not f.startswith(base + " "):
            continue
        i = len(base) + 1
        for lf, lword, level in _LOCAL_LEVELS:
            if not f.startswith(lf, i) or (len(f) > i + len(lf) and f[i + len(lf)].isalnum()):
                continue
            j = i + len(lf)
            m = _PROPER.match(text, j)
            pname = m.group(0).strip() if m else ""
            pname = pname.title() if pname.isupper() else pname  # "HUYỆN MAI SƠN" in a header block
            if pname and fold(pname) in _province_names():
                return None  # "UBND tỉnh Sơn La" style names are the gazetteer's
            if lword in ("thành phố", "thị xã") and not pname:
                return None  # "UBND các huyện, thành phố": not one body
            if lword == "huyện" and f.startswith(mfold("huyện ủy")):
                continue
            end = m.end() if m else j
            prov = province or "unknown"
            key = f"{prov}/{slug}-{ascii_slug(lword)}" + (f"-{ascii_slug(pname)}" if pname else "")
            canon = f"{canonical} {lword}" + (f" {pname}" if pname else "")
            parent = None
            if slug != "ubnd" and pname:
                parent = f"{prov}/ubnd-{ascii_slug(lword)}-{ascii_slug(pname)}"
            return AgencyRef(name=text[:end], canonical=canon, key=key, kind=kind, level=level,
                             parent_key=parent, province=prov), end
        return None
    return None


def resolve(name: str, province: Optional[str], require_body: bool = False) -> Optional[AgencyRef]:
    """Resolve a surface name; None when it is empty (or, with ``require_body``, not body-like)."""
    name = _PUNCT_TAIL.sub("", collapse_ws(name)).strip()
    if not name:
        return None
    local = _local_body(name, province)
    if local and local[1] >= len(name.rstrip()):
        return local[0]
    folded, named_prov = _strip_province(mfold(name))
    prov = named_prov or province
    idx = _alias_index()
    for cand in (folded, folded[: -len(_TINH)] if folded.endswith(_TINH) else None, folded + _TINH):
        if cand and cand in idx:
            return _from_row(idx[cand], name, prov)
    if is_collective(name):
        p = prov or "unknown"
        slug = ascii_slug(_collective_form(_abbreviate(folded)))
        return AgencyRef(name=name, canonical=collective_canonical(name, prov), key=f"{p}/collective/{slug}", kind="collective",
                         level="provincial", collective=True, province=p)
    if require_body and not _plausible_unknown(name):
        return None
    central = folded.startswith(_BO) and not folded.startswith(_CENTRAL_NOT)
    slug = ascii_slug(_abbreviate(folded))
    if central:
        return AgencyRef(name=name, canonical=name, key=f"central/{slug}", kind=_guess_kind(folded),
                         level="central", province=None)
    p = prov or "unknown"
    return AgencyRef(name=name, canonical=name, key=f"{p}/{slug}", kind=_guess_kind(folded),
                     level="provincial", province=p)


_FIRST_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=None)
def _alias_buckets() -> dict[str, tuple[tuple[str, dict], ...]]:
    """The alias index by first word (an alias can only start a text that starts with its first word)."""
    out: dict[str, list[tuple[str, dict]]] = {}
    for alias, row in _alias_index().items():
        m = _FIRST_WORD.match(alias)
        out.setdefault(m.group(0) if m else "", []).append((alias, row))
    return {k: tuple(v) for k, v in out.items()}


def resolve_prefix(text: str, province: Optional[str]) -> Optional[tuple[AgencyRef, int]]:
    """Longest gazetteer alias (or district/commune body) at the start of ``text``: (agency, length in ``text``)."""
    local = _local_body(text, province)
    if local:
        return local
    f = mfold(text[:120])
    best = None
    fw = _FIRST_WORD.match(f)
    for alias, row in _alias_buckets().get(fw.group(0) if fw else "", ()):
        if f.startswith(alias) and (len(f) == len(alias) or not f[len(alias)].isalnum()):
            if best is None or len(alias) > len(best[0]):
                best = (alias, row)
    if best is None:
        return None
    n = len(best[0])
    rest = f[n:]
    # "UBND tỉnh Sơn La": absorb a trailing province name
    prov = province
    for pf, pname in _province_names().items() if rest[:1] == " " else ():
        for lead in (_TINH + " " + pf, " " + pf):
            if rest.startswith(lead) and (len(rest) == len(lead) or not rest[len(lead)].isalnum()):
                n += len(lead)
                prov = ascii_slug(pname)
                break
    return _from_row(best[1], text[:n], prov), n


def by_key(row_key: str, province: Optional[str] = None) -> Optional[AgencyRef]:
    """The gazetteer body with row key ``row_key`` ('tinh-uy'), scoped to ``province`` when provincial."""
    row = next((r for r in agency_rows() if r["key"] == row_key), None)
    if row is None:
        return None
    prov = None if row["scope"] == "central" else province
    name = collapse_ws(row["canonical"].replace("{p}", province_name(prov) if prov else ""))
    return _from_row(row, name, prov)


def from_code(code: str, province: Optional[str]) -> Optional[AgencyRef]:
    """Issuer from a document-number code: 'CP' -> Chính phủ, 'TU' -> Tỉnh ủy of the province."""
    code = code.upper()
    row = _code_index().get(code)
    if row is None and re.fullmatch(r"QH\d*", code):
        row = _code_index().get("QH")
    if row is None:
        return None
    return _from_row(row, code, province)


_LEAD_JOIN = re.compile(r"(?:và|với|cùng)\s+")


_BARE_COLLECTIVE = re.compile(fpat(r"^các\s+(?:ban|sở|phòng|cơ quan|đơn vị|tổ chức|chi bộ)$"))


def _owner(piece: str, province: Optional[str]) -> Optional[str]:
    """'Văn phòng Đảng ủy UBND tỉnh' -> 'Đảng ủy UBND tỉnh': the known body a named unit belongs to."""
    words = piece.split()
    for j in range(1, min(len(words), 4)):
        rest = " ".join(words[j:])
        if not rest[:1].isupper():
            continue
        hit = resolve_prefix(rest, province)
        if hit and hit[1] >= len(rest):
            return rest
    return None


def _share_owner(pieces: list[str], province: Optional[str]) -> None:
    """'Các Ban, Văn phòng Đảng ủy UBND tỉnh': the owner named once applies to the bare collective too
    ('Các Ban Đảng ủy UBND tỉnh')."""
    for i in range(len(pieces) - 1):
        if _BARE_COLLECTIVE.match(mfold(pieces[i].strip())):
            owner = _owner(pieces[i + 1].strip(), province)
            if owner:
                pieces[i] = pieces[i].strip() + " " + owner


# a list of bodies ends at its verb: "UBND các huyện, thành phố, thị xã chỉ đạo các tổ chức tín dụng"
_VERB_CUT = re.compile(fpat(r"\s(?:chỉ đạo|thực hiện|triển khai|xây dựng|tổ chức thực hiện|hướng dẫn|rà soát|"
                            r"chịu trách nhiệm|có trách nhiệm|theo chức năng|theo dõi|đôn đốc|tăng cường|căn cứ|"
                            r"chủ động|tiếp tục|nghiên cứu|đề xuất|tham mưu)\b"))


_JOINT_OFFICE = re.compile(r"(Văn phòng\s+(?:HĐND|Hội đồng nhân dân|Đoàn ĐBQH|Đoàn đại biểu Quốc hội))\s+và\s+"
                           r"(?=(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)\b)")


def _cut_at_verb(text: str) -> str:
    f = mfold(text)
    for m in _VERB_CUT.finditer(f):
        if (text[m.start() + 1].islower() and not f[:m.start()].endswith(_CAC.strip())
                and text[m.end():].strip(" .;,")):  # a verb ending the text is part of a name ("Cục Kinh tế xây dựng")
            return text[:m.start()]
    return text


def split_bodies(text: str, province: Optional[str], cut_verbs: bool = True) -> list[AgencyRef]:
    """'Cục thuế tỉnh, Kho bạc Nhà nước tỉnh và các ngành có liên quan, UBND các huyện, thành phố, thị xã'
    -> one AgencyRef per body; commas inside a collective name and inside known names do not split."""
    if cut_verbs:  # not in a table cell, which holds names only
        text = _cut_at_verb(text)
    # "Văn phòng HĐND và UBND huyện" is one office: its 'và' does not split
    text = _JOINT_OFFICE.sub(lambda m: m.group(1) + " \x00 ", text)
    pieces: list[str] = []
    prev_sep = ","
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i] in " ,;":
            i += 1
        lead = _LEAD_JOIN.match(text, i)
        if lead:
            i = lead.end()
        if i >= n:
            break
        hit = resolve_prefix(text[i:], province)
        if hit and (i + hit[1] >= n or text[i + hit[1]] in " ,;.:"):
            end = i + hit[1]
            # "UBND tỉnh" followed by a qualifier stays one piece until the next separator
            nxt = re.search(r"[,;]|\s(?:và|với)\s", text[end:])
            tail = text[end: end + nxt.start()] if nxt else text[end:]
            pieces.append(text[i:end] + (tail if tail.strip() and len(tail) < 40 and not tail.strip()[:1].isupper() else ""))
            i = end + (len(tail) if pieces[-1].endswith(tail) and tail else 0)
            continue
        m = re.search(r"[,;]|\s(?:và)\s", text[i:])
        end = i + m.start() if m else n
        piece = text[i:end].strip()
        sep = text[end:end + (m.end() - m.start())] if m else ""
        joiner = prev_sep
        prev_sep = "," if m and m.group(0) in ",;" else " và"
        if pieces and piece and (piece[:1].islower() and not mfold(piece).startswith(_CAC)
                                 or (piece[:1].isupper() and not looks_like_body(piece) and not is_collective(piece)
                                     and looks_like_body(pieces[-1]))):
            pieces[-1] = pieces[-1] + joiner + " " + piece
        elif piece:
            pieces.append(piece)
        i = end + (len(sep) if m else 0)
    pieces = [p.replace("\x00", "và") for p in pieces]
    _share_owner(pieces, province)
    out: list[AgencyRef] = []
    seen: set[str] = set()
    for p in pieces:
        ref = resolve(p, province, require_body=True)
        if ref and ref.key not in seen:
            seen.add(ref.key)
            out.append(ref)
    return out


@lru_cache(maxsize=None)
def _successor_index() -> dict[str, tuple[dict, ...]]:
    """Gazetteer row key of an original body -> reorganisation rows that replaced it."""
    idx: dict[str, list[dict]] = {}
    for row in reorganisation_rows():
        for key in row["original"].split("|"):
            if key.strip():
                idx.setdefault(key.strip(), []).append(row)
    return {k: tuple(v) for k, v in idx.items()}


def successors(agency: AgencyRef) -> list[tuple[AgencyRef, _dt.date, str]]:
    """Bodies that took over ``agency`` in the 2025 reorganisation: (resulting body, date effective, event key).

    Data in ``data/reorganisation.tsv`` (with the confidence of each date). A provincial body's successor is the
    same province's body ('son-la/so-ke-hoach-va-dau-tu' -> 'son-la/so-tai-chinh'); collective and unknown
    bodies have none.
    """
    if agency.collective:
        return []
    _scope, _, row_key = agency.key.partition("/")
    out = []
    for row in _successor_index().get(row_key, ()):
        target = next((r for r in agency_rows() if r["key"] == row["resulting"]), None)
        if target is None:
            continue
        central = target["scope"] == "central"
        if central != (agency.province is None):
            continue  # a central event does not apply to a provincial body of the same key, and vice versa
        ref = _from_row(target, collapse_ws(target["canonical"].replace("{p}", province_name(agency.province))),
                        None if central else agency.province)
        out.append((ref, _dt.date.fromisoformat(row["effective"]), row["event"]))
    return out
