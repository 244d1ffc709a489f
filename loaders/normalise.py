"""Stage 1: raw text -> logical lines with their ORIGINAL line numbers.

NFC; web-page chrome, lone table pipes, separator lines and markdown markup are dropped
(the text is kept); hard-wrapped lines are unwrapped. Linear time, idempotent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .match import mfold
from .resources import chrome, lexicon
from .text import collapse_ws, nfc


@dataclass
class Line:
    """A logical line: cleaned text and the original lines [first, last] it came from."""

    text: str
    first: int
    last: int
    para: bool = False  # preceded by a blank (or dropped) line
    quote: str = ""  # original text of the lines, whitespace-collapsed


_SEPARATOR = re.compile(r"^[\s\-_*=~.|•·]*$")
_MD_HEADING = re.compile(r"^(?:#{1,6}\s*)+")  # repeated: "## ## x" -> "x" (idempotent)
_EMPH = re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")
_BOLD = re.compile(r"\*\*|__")
# labels that start a numbered/bulleted item (must not be joined onto the previous line)
ITEM_START = re.compile(
    r"^(?!\d{1,4}(?:/\d{4})?\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]*[-/])"  # a document number ("06-NQ/TW ...") is not a label
    r"(?:[IVXLC]+\s*[.\-–)]|[A-ZĐ]\s*[.\-–)]\s|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.\-–)]?(?!\d)(?![\w/]*[/])|"
    r"\(\d{1,2}\)|[a-zđ]\)|[-–+•*]|Điều\s+\d|Phần\s+thứ|Chương\s+[IVXLC\d]+\b)"
)


def _is_chrome(folded: str, prefixes: list[str]) -> bool:
    return any(folded.startswith(p) for p in prefixes)


def clean_line(raw: str) -> str:
    """One raw line -> text without markdown markup and surrounding space ('' when nothing is left)."""
    s = nfc(raw).replace("\u00a0", " ").strip()
    if not s or _SEPARATOR.match(s):
        return ""
    s = _MD_HEADING.sub("", s)
    s = _BOLD.sub("", s)
    bullet = ""
    if s.startswith("* ") or s.startswith("*\t"):
        bullet, s = "* ", s[2:]
    s = _EMPH.sub("", s)
    s = collapse_ws(bullet + s)
    return "" if _SEPARATOR.match(s) else s


def _first_alpha(s: str) -> str:
    for c in s:
        if c.isalpha():
            return c
        if c.isdigit():
            return c
    return ""


def _should_join(prev: str, cur: str, connectives: frozenset[str]) -> bool:
    if " | " in cur and " | " in prev or cur.startswith("| "):
        return False  # table rows stay one per line (a continuation row is merged by ``segment``)
    if ITEM_START.match(cur):
        # a dash followed by a lower-case word continues "kinh tế - xã hội" wrapped at the dash
        if cur[:1] in "-–" and cur[1:].strip()[:1].islower() and prev[-1:] not in ".:;!?":
            return True
        return False
    first = _first_alpha(cur)
    if first and first.isalpha() and first.islower():
        return True
    last_word = prev.rsplit(" ", 1)[-1]
    if prev.endswith(",") or mfold(last_word) in connectives:
        return True
    if mfold(prev[-30:]).endswith(_type_name_tails()):
        return True  # "... thực hiện hiệu quả Luật" + "Đất đai năm 2024": a name wrapped after its type word
    first_word = mfold(cur.split(" ", 1)[0])
    return first_word in ("và", "về", "của", "với") and not prev.endswith((".", ":", ";"))


@lru_cache(maxsize=None)
def _type_name_tails() -> tuple[str, ...]:
    return tuple(" " + mfold(name.lower()) for name, _ in lexicon()["doc_types"])


def normalise(text: str) -> list[Line]:
    """Clean and unwrap ``text``; every logical line keeps its original line span."""
    ch = chrome()
    line_prefixes = [mfold(p) for p in ch["line_prefixes"]]
    tail_prefixes = [mfold(p) for p in ch["tail_prefixes"]]
    connectives = frozenset(mfold(c) for c in lexicon()["connectives"])
    out: list[Line] = []
    blank = True
    # Lines are what editors count: \n, \r\n or a lone \r. Not str.splitlines(), which also breaks
    # on \x85, \u2028, form feeds ... (whitespace inside a line here), shifting every line number.
    for no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        s = clean_line(raw)
        if not s:
            blank = True
            continue
        folded = mfold(s[:48])
        if _is_chrome(folded, tail_prefixes):
            break
        if _is_chrome(folded, line_prefixes):
            blank = True
            continue
        quote = collapse_ws(nfc(raw))
        if out and not blank and _should_join(out[-1].text, s, connectives):
            prev = out[-1]
            prev.text = prev.text + " " + s
            prev.last = no
            prev.quote = prev.quote + " " + quote
        else:
            out.append(Line(s, no, no, para=blank or not out, quote=quote))
        blank = False
    return out


def render(lines: list[Line]) -> str:
    """Logical lines back to text (blank line before paragraph starts); used to check idempotence."""
    parts: list[str] = []
    for i, ln in enumerate(lines):
        if ln.para and i:
            parts.append("")
        parts.append(ln.text)
    return "\n".join(parts)
