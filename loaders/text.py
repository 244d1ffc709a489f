"""Vietnamese text utilities: NFC, matching folds and ASCII slugs.

- :func:`nfc` is applied to everything we keep (labels, quotes).
- :func:`fold` is for MATCHING only: NFC, lower case, whitespace collapsed, and the tone mark
  moved to the end of its syllable, so the old and new tone placements compare equal
  ('Uỷ' == 'Ủy', 'hoá' == 'hóa', 'thuỷ' == 'thủy') while different words stay different.
- :func:`ascii_slug` makes IRI-safe keys ('Sở Kế hoạch và Đầu tư' -> 'so-ke-hoach-va-dau-tu').
"""

from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def collapse_ws(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _fold_syllable(m: re.Match) -> str:
    decomposed = unicodedata.normalize("NFD", m.group(0))
    tones = [c for c in decomposed if c in _TONES]
    if not tones:
        return m.group(0)
    bare = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", bare + tones[-1])


def fold(s: str) -> str:
    """Matching key: NFC, casefolded, whitespace collapsed, tone placement made irrelevant."""
    s = collapse_ws(nfc(s)).lower()
    return _WORD.sub(_fold_syllable, s)


def strip_diacritics(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s)
    out = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return out.replace("đ", "d").replace("Đ", "D")


_NON_SLUG = re.compile(r"[^A-Za-z0-9]+")


def ascii_slug(s: str, keep_case: bool = False) -> str:
    """'Sở Kế hoạch và Đầu tư' -> 'so-ke-hoach-va-dau-tu'; 'QĐ' -> 'QD' with keep_case."""
    out = strip_diacritics(nfc(s))
    if not keep_case:
        out = out.lower()
    return _NON_SLUG.sub("-", out).strip("-")


_OLD_TONE = re.compile(r"(?<![qQ])([oO])([aAeE])([\u0300\u0301\u0303\u0309\u0323])(?!\w)|"
                       r"(?<![qQ])([uU])([yY])([\u0300\u0301\u0303\u0309\u0323])(?!\w)")


def modern_tones(s: str) -> str:
    """Old tone placement to the modern one, for display of canonical names: 'Uỷ' -> 'Ủy',
    'hoá' -> 'hóa', 'thuỷ' -> 'thủy' ('quý' is left alone: its 'u' belongs to 'qu')."""

    def move(m: re.Match) -> str:
        if m.group(1):
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)

    return unicodedata.normalize("NFC", _OLD_TONE.sub(move, unicodedata.normalize("NFD", s)))
