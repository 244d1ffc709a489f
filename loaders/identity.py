"""Identity keys for documents and bodies (the emitter mints IRIs from them)."""

from __future__ import annotations

import hashlib
import re
from typing import Optional

from .match import mfold
from .text import ascii_slug, fold

# issuer codes of local bodies (the number is unique only within a province)
_LOCAL_CODES = {"UBND", "HĐND", "TU", "HU", "ĐU", "TƯ", "BTV", "TP", "HĐ"}
_YEAR_IN_NUMBER = re.compile(r"/((?:19|20)\d{2})/")


def number_parts(number: str) -> tuple[Optional[str], Optional[str], Optional[int]]:
    """'161/QĐ-UBND' -> ('QĐ', 'UBND', None); '06-CTr/TU' -> ('CTr', 'TU', None);
    '158/2024/QH15' -> (None, 'QH15', 2024)."""
    from .resources import lexicon

    tokens = [t for t in re.split(r"[-/]", number) if t]
    year = None
    rest = []
    for t in tokens[1:]:
        if re.fullmatch(r"(?:19|20)\d{2}", t):
            year = int(t)
        elif not t.isdigit():
            rest.append(t)
    codes = lexicon()["type_codes"]
    if not rest:
        return None, None, year
    if len(rest) == 1:
        return (rest[0], None, year) if rest[0] in codes else (None, rest[0], year)
    return rest[0], rest[-1], year


def is_local_code(code: Optional[str]) -> bool:
    """True for issuer codes of provincial/district bodies (UBND, HĐND, TU, HU, ĐU, S*-codes)."""
    if not code:
        return False
    return code in _LOCAL_CODES or (len(code) > 2 and code.startswith("S") and code.isupper())


def document_key(number: Optional[str] = None, province: Optional[str] = None, year: Optional[int] = None,
                 local: Optional[bool] = None, doc_type: Optional[str] = None, title: Optional[str] = None) -> str:
    """Key of a document.

    Numbered: ``ascii_slug(number)`` + ``/province`` when the issuer is local + ``/year`` when known
    and not already in the number. Unnumbered: ``unnumbered/<province|central>/<type>/<sha1(fold(title))[:10]>``.
    """
    if number:
        _, issuer, num_year = number_parts(number)
        if local is None:
            local = is_local_code(issuer)
        key = ascii_slug(number)
        if local and province:
            key += "/" + province
        if year and not num_year:
            key += "/" + str(year)
        return key
    digest = hashlib.sha1(fold(title or "").encode("utf-8")).hexdigest()[:10]
    return f"unnumbered/{province or 'central'}/{ascii_slug(doc_type or 'document')}/{digest}"


def congress_key(roman: str, province: Optional[str] = None, organisation: Optional[str] = None) -> str:
    """'congress/national/xiii', 'congress/son-la/xvi', 'congress/son-la/dang-bo-ubnd-tinh/i'."""
    r = roman.lower()
    if province is None:
        return f"congress/national/{r}"
    if organisation:
        return f"congress/{province}/{organisation}/{r}"
    return f"congress/{province}/{r}"


def plenum_key(term_roman: str, number: str) -> str:
    """'Nghị quyết Trung ương 4 khoá XII' -> 'plenum/central/xii/4'."""
    return f"plenum/central/{term_roman.lower()}/{number}"


def law_key(name: str, year: Optional[int] = None) -> str:
    """'Luật Tổ chức chính quyền địa phương' 2015 -> 'law/to-chuc-chinh-quyen-dia-phuong/2015'."""
    key = "law/" + ascii_slug(name)
    return key + (f"/{year}" if year else "")


def scheme_key(number: str, scope: str = "central") -> str:
    """'Đề án 06 của Chính phủ' -> 'scheme/central/06'."""
    return f"scheme/{scope}/{ascii_slug(number)}"


def agency_key(local_key: str, province: Optional[str]) -> str:
    """'so-tu-phap', 'son-la' -> 'son-la/so-tu-phap'; central bodies: 'central/...'."""
    return f"{province or 'central'}/{local_key}"


__all__ = ["document_key", "congress_key", "plenum_key", "law_key", "scheme_key", "agency_key",
           "number_parts", "is_local_code", "mfold"]
