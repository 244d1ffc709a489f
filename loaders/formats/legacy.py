"""Legacy Vietnamese 8-bit encodings: Windows-1258, TCVN3 (ABC) and VNI-Windows.

The tables are data written out here (no external converter). Each ``decode_*`` function turns
raw bytes into NFC Unicode; each ``encode_*`` function does the reverse and exists so the tests
can produce genuine legacy files from sample text (and so a user can round-trip if they must).

- **Windows-1258** (``cp1258``) is a real code page: Python's codec decodes it, but tones are
  usually stored as separate combining marks (``e`` + U+0301), so the result is NFC-normalised.
- **TCVN3 / ABC** (TCVN 5712:1993, VN3) is a font encoding: one byte per lowercase Vietnamese
  letter, plus seven base capitals (Ă Â Ê Ô Ơ Ư Đ). Upper-case toned letters were drawn by a
  separate "H" font (.VnTimeH) using the *lowercase* codes, so the bytes say "ñY BAN" for
  "ỦY BAN". :func:`decode_tcvn3` restores capitals inside words that are otherwise upper case
  (see :func:`_restore_caps`); a capital toned letter that starts a mixed-case word ("Ủy") cannot
  be told from lowercase and stays lowercase. The uppercase codes of the full VN1 set that fall
  in 0xA0-0xFF are decoded too; 0x80-0x9F are read as Windows-1252 punctuation (curly quotes,
  dashes), which is what Windows editors stored there.
- **VNI-Windows** is a font encoding that writes a base letter followed by a diacritic byte
  (``a`` + ``ù`` = ``á``), with single bytes for ơ ư đ and for the i/ỵ forms.
"""

from __future__ import annotations

import re
import unicodedata

from .vietnamese import is_syllable

# ---------------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993). Bytes 0xA0-0xFF; the lowercase letters and the seven base capitals
# are the ABC (VN3) set, the other capitals are the VN1 additions.
_TCVN3_A0_FF = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # A0-AF
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # B0-BF (B0-B4: combining tone marks)
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # C0-CF
    "éẹềểễếệìỉỄẾỒĩíịò"  # D0-DF
    "Ổỏõóọồổỗốộờởỡớợù"  # E0-EF
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # F0-FF
)
assert len(_TCVN3_A0_FF) == 96


def _cp1252_or_latin1(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_TCVN3_DECODE = "".join(chr(i) for i in range(0x80)) + "".join(
    _cp1252_or_latin1(b) for b in range(0x80, 0xA0)
) + _TCVN3_A0_FF
assert len(_TCVN3_DECODE) == 256

# What an ABC (VN3) keyboard driver wrote: lowercase codes, plus the seven base capitals.
_TCVN3_ENCODE: dict[str, int] = {}
for _b in range(0xA0, 0x100):
    _c = _TCVN3_A0_FF[_b - 0xA0]
    if _c.islower() or _c in "ĂÂÊÔƠƯĐ\u00a0":
        _TCVN3_ENCODE.setdefault(_c, _b)
for _b in range(0x80, 0xA0):
    _c = _cp1252_or_latin1(_b)
    if ord(_c) >= 0x100:  # punctuation such as “ ” – —
        _TCVN3_ENCODE.setdefault(_c, _b)

_WORD = re.compile(r"\w+")


def _restore_caps(text: str) -> str:
    """Upper-case words written in an ABC "H" (capitals) font.

    A word with no lowercase ASCII letter and a capital after its first character was typed in
    a capitals font ("ñY" -> "ủY" -> "ỦY", "QUYÕT" -> "QUYẾT"). When a line holds such a word
    and no lowercase ASCII letter at all, the whole line is a heading in that font and is
    upper-cased ("Về NHIệM Vụ" -> "VỀ NHIỆM VỤ"). A lone capitalised word ("Để", "Số") in
    ordinary text is left alone.
    """
    out_lines = []
    for line in text.split("\n"):
        if line.isascii() or line.islower() or not any(c.isupper() for c in line):
            out_lines.append(line)
            continue
        evidence = False
        pieces, last = [], 0
        for m in _WORD.finditer(line):
            w = m.group(0)
            if w.isupper():
                # an upper-case syllable with a Vietnamese letter ("THƯ", "NĂM") marks a heading
                evidence = evidence or (len(w) > 1 and not w.isascii() and is_syllable(w))
                continue
            rest = w[1:]
            if rest == rest.lower() or any("a" <= c <= "z" for c in w):
                continue  # no capital after the first letter, or typed in a lowercase font
            evidence = True
            pieces.append(line[last : m.start()])
            pieces.append(w.upper())
            last = m.end()
        pieces.append(line[last:])
        line = "".join(pieces)
        if evidence and not any("a" <= c <= "z" for c in line):
            line = line.upper()
        out_lines.append(line)
    return _SENTENCE_START.sub(_capitalise, "\n".join(out_lines))


# A lowercase toned vowel opening a sentence or a bullet was a capital drawn with the H font.
_SENTENCE_START = re.compile(r"(?m)((?:^[ \t]*[-+•*]|\d[-)]|[.!?])[ \t]+)(\w)")
_HAS_CAPITAL_CODE = frozenset("ăâêôơưđ")


def _capitalise(m: re.Match) -> str:
    c = m.group(2)
    if c.islower() and not c.isascii() and c not in _HAS_CAPITAL_CODE:
        return m.group(1) + c.upper()
    return m.group(0)


_TCVN3_TRANSLATE = {i: _TCVN3_DECODE[i] for i in range(0x80, 0x100)}


def decode_tcvn3(data: bytes) -> str:
    text = data.decode("latin-1").translate(_TCVN3_TRANSLATE)
    return unicodedata.normalize("NFC", _restore_caps(text))


def encode_tcvn3(text: str) -> bytes:
    """NFC text -> ABC bytes. Upper-case toned letters use the lowercase code, as with the
    .VnTimeH fonts; characters that TCVN3 cannot represent raise UnicodeEncodeError."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        o = ord(ch)
        if o < 0x80:
            out.append(o)
        elif ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        elif ch.lower() in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch.lower()])
        else:
            raise UnicodeEncodeError("tcvn3", ch, 0, 1, "not representable in TCVN3")
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# VNI-Windows. Diacritic bytes follow the base vowel; lowercase and uppercase forms differ.
_COMB = {"grave": "\u0300", "acute": "\u0301", "tilde": "\u0303", "hook": "\u0309", "dot": "\u0323"}
# diacritic byte (as its Latin-1 character, lowercase form) -> combining sequence it adds
_VNI_MARKS = {
    "ù": _COMB["acute"], "ø": _COMB["grave"], "û": _COMB["hook"], "õ": _COMB["tilde"], "ï": _COMB["dot"],
    "â": "\u0302",
    "á": "\u0302" + _COMB["acute"], "à": "\u0302" + _COMB["grave"], "å": "\u0302" + _COMB["hook"],
    "ã": "\u0302" + _COMB["tilde"], "ä": "\u0302" + _COMB["dot"],
    "ê": "\u0306",
    "é": "\u0306" + _COMB["acute"], "è": "\u0306" + _COMB["grave"], "ú": "\u0306" + _COMB["hook"],
    "ü": "\u0306" + _COMB["tilde"], "ë": "\u0306" + _COMB["dot"],
}
# single bytes standing for a whole letter (lowercase; the uppercase byte is the Latin-1 capital)
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
# base letter -> the diacritic bytes it takes
_VNI_BASES = {
    "a": "ùøûõïâáàåãäêéèúüë",
    "e": "ùøûõïâáàåãä",
    "o": "ùøûõïâáàåãä",
    "u": "ùøûõï",
    "y": "ùøûõ",  # ỵ is the single byte î
    "ô": "ùøûõï",  # ơ + tone
    "ö": "ùøûõï",  # ư + tone
}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, marks in _VNI_BASES.items():
        for upper in (False, True):
            b = base.upper() if upper else base
            letter = _VNI_SINGLE.get(base, base)
            letter = letter.upper() if upper else letter
            for m in marks:
                key = b + (m.upper() if upper else m)
                table[key] = unicodedata.normalize("NFC", letter + _VNI_MARKS[m])
    for k, v in _VNI_SINGLE.items():
        table[k] = v
        table[k.upper()] = v.upper()
    return table


_VNI_DECODE = _build_vni()
_VNI_ENCODE = {v: k for k, v in _VNI_DECODE.items()}
_VNI_PAIR_OR_SINGLE = re.compile(
    "[%s][%s]|[%s]"
    % (
        re.escape("".join(_VNI_BASES) + "".join(_VNI_BASES).upper()),
        re.escape("".join(_VNI_MARKS) + "".join(_VNI_MARKS).upper()),
        re.escape("".join(_VNI_SINGLE) + "".join(_VNI_SINGLE).upper()),
    )
)


def _vni_sub(m: re.Match) -> str:
    s = m.group(0)
    if s in _VNI_DECODE:
        return _VNI_DECODE[s]
    # a base followed by a mark it does not take: decode the base alone, keep the mark
    return _VNI_DECODE.get(s[0], s[0]) + s[1:]


_C1_AS_CP1252 = {b: _cp1252_or_latin1(b) for b in range(0x80, 0xA0)}


def _vni_bytes_to_str(data: bytes) -> str:
    # 0x80-0x9F are Windows-1252 punctuation in VNI-Windows files; the rest is Latin-1 positions.
    return data.decode("latin-1").translate(_C1_AS_CP1252)


def decode_vni(data: bytes) -> str:
    text = _VNI_PAIR_OR_SINGLE.sub(_vni_sub, _vni_bytes_to_str(data))
    return unicodedata.normalize("NFC", text)


def encode_vni(text: str) -> bytes:
    """NFC text -> VNI-Windows bytes; unrepresentable characters raise UnicodeEncodeError."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(_VNI_ENCODE.get(ch, ch))
    s = "".join(out)
    try:
        return s.encode("cp1252")
    except UnicodeEncodeError:
        return s.encode("latin-1")


# ---------------------------------------------------------------------------------------------
# Windows-1258.
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def encode_cp1258_decomposed(text: str) -> bytes:
    """NFC text -> Windows-1258 the way Windows wrote it: base letter (with any circumflex, breve
    or horn) followed by a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


DECODERS = {"cp1258": decode_cp1258, "tcvn3": decode_tcvn3, "vni": decode_vni}
