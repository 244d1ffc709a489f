"""Matching helpers shared by the stages: a length-preserving fold, dates, roman numerals."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Optional

import unicodedata

from .text import nfc

_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        c = chr(cp)
        out = unicodedata.normalize("NFC", unicodedata.normalize("NFD", c.lower()).translate(_TONES))
        if len(out) == 1 and out != c:
            table[cp] = out
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp).lower()
    return table


_TABLE = _build_table()


@lru_cache(maxsize=1 << 16)
def mfold(s: str) -> str:
    """Lower-case copy of ``s`` without tone marks, with the SAME length (for NFC input).

    Matching key that ignores tone placement ('Uỷ' == 'Ủy'); regexes run on the folded copy
    and their offsets index the original string. Cached: the stages fold the same lines and
    lexicon entries many times over.
    """
    if s.isascii():
        return s.lower()
    return s.translate(_TABLE)


def fpat(pattern: str) -> str:
    """Fold a (lower-case, no upper-case escapes) regex pattern so it matches :func:`mfold` text."""
    return mfold(nfc(pattern))


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_to_int(s: str) -> Optional[int]:
    """'XIII' -> 13; None when ``s`` is not a roman numeral."""
    s = s.lower()
    if not s or any(c not in _ROMAN for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = _ROMAN[c]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def make_date(d: int, m: int, y: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def last_day(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


# dd/mm/yyyy, dd.mm.yyyy, dd-mm-yyyy (spaces tolerated) or "ngày dd tháng mm năm yyyy"
DATE_NUM = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
DATE_WORDS = fpat(r"(\d{1,2})\s*/?\s*tháng\s*(\d{1,2})\s*/?\s*năm\s*(\d{4})")
DATE_ANY = re.compile(DATE_NUM + "|" + DATE_WORDS)


def parse_date_match(m: re.Match) -> Optional[dt.date]:
    """Date from a :data:`DATE_ANY` match."""
    g = [x for x in m.groups() if x is not None]
    if len(g) < 3:
        return None
    return make_date(int(g[0]), int(g[1]), int(g[2]))
