"""How Vietnamese does a decoded text look? Used to choose among legacy encodings.

A text decoded with the wrong table is full of words such as "H\u00b5", "c\u00b8c", "vaø",
"cuềa": characters outside the Vietnamese alphabet, or vowel clusters no syllable has. The score
is the fraction of words containing a non-ASCII character that are well-formed Vietnamese
syllables (initial consonant, vowel nucleus, final consonant, at most one tone mark), with a
small bonus for very common words. ASCII-only words are ignored: they decode the same under
every candidate and so cannot tell them apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
# nuclei that may be followed by a final consonant
_OPEN = ["uyê", "iê", "yê", "uô", "ươ", "oa", "oă", "oe", "oo", "uâ", "uê", "uy", "ua",
         "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
# nuclei that end in a semivowel and take no final consonant
_CLOSED = ["iêu", "yêu", "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
           "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi",
           "ui", "ưa", "ưi", "ưu", "uơ", "ue"]
_FINAL = r"(?:ch|ng|nh|[cmnpt])?"


def _alt(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"{_INITIAL}(?:(?:{_alt(_OPEN)}){_FINAL}|(?:{_alt(_CLOSED)}))"
)
_MAX_SYLLABLE = 7  # "nghiêng", "nghiệp"

COMMON_WORDS = frozenset(
    "của và các có được cho với theo trong những này để là về từ một người thực hiện tỉnh "
    "nhân dân ủy ban quyết định năm tháng ngày số đã đến tại công tác phát triển kinh tế xã "
    "hội nhà nước cấp sở huyện thành phố quản lý chỉ đạo đơn vị cơ quan chịu trách nhiệm "
    "đầu tư nghị quyết kế hoạch giải pháp nhiệm vụ việc không sẽ khi trên đối tổ chức".split()
)

# Edge punctuation stripped from a word before it is judged (ASCII, and typographic marks that
# legitimately surround words in every encoding).
_EDGE = "".join(chr(c) for c in range(0x21, 0x80) if not chr(c).isalnum()) + "“”‘’–—…•«»"
_SEPARATORS = r"\s/\-.,;:()\[\]\"'!?"
_TOKEN = re.compile(rf"[^{_SEPARATORS}]+")


def is_syllable(word: str) -> bool:
    """True when ``word`` (any case) is a well-formed Vietnamese syllable."""
    w = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in w if c in _TONES)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in w if c not in _TONES))
    if not base or len(base) > _MAX_SYLLABLE:
        return False
    return _SYLLABLE.fullmatch(base) is not None


@dataclass(frozen=True)
class Score:
    confidence: float  # 0..1
    words: int  # words with a non-ASCII character that were judged
    valid: int
    common: int


def score(text: str, max_words: int = 20000) -> Score:
    """Judge up to ``max_words`` words that contain a non-ASCII character."""
    cache: dict[str, bool] = {}
    words = valid = common = 0
    for m in _TOKEN.finditer(text):
        w = m.group(0)
        if w.isascii():
            continue
        w = w.strip(_EDGE)
        if not w or w.isascii():
            continue
        ok = cache.get(w)
        if ok is None:
            ok = cache[w] = w.isalpha() and is_syllable(w)
        words += 1
        valid += ok
        if ok and w.lower() in COMMON_WORDS:
            common += 1
        if words >= max_words:
            break
    if not words:
        return Score(0.0, 0, 0, 0)
    frac = valid / words
    # Common words are a small bonus: real Vietnamese prose has many of them.
    bonus = min(0.05, common / words * 0.1)
    return Score(min(1.0, frac + bonus), words, valid, common)
