"""Stage 3: logical lines -> numbered hierarchy of :class:`Provision`.

Nesting is decided by numbering style and sequence, not by indentation: a label whose style is
already open becomes a sibling when it continues that sequence; a restart ("1." after "1.1.")
opens a nested level; headings that look like an open sibling's heading pick that level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .match import fpat, mfold, roman_to_int
from .model import Provision, Span
from .normalise import Line
from .resources import lexicon
from .text import collapse_ws
from . import tables

_LABEL = re.compile(
    r"^(?:"
    r"(?P<appendix>(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2})\b)?)\s*[.:\-–]?\s*(?=$|[A-ZĐÀ-Ỹ(])"
    r"|(?P<article>Điều\s+(?P<art_n>\d{1,3}))\s*[.:]?\s*"
    r"|(?P<part>Phần\s+(?:thứ\s+\S+|[IVXLC]+\b))\s*[.:\-–]?\s*"
    r"|(?P<chapter>Chương\s+(?P<chap_n>[IVXLC]+|\d{1,2}))\s*[.:\-–]?\s+"
    r"|(?P<roman>[IVXLC]{1,5})\s*[.\-–)]\s*"
    r"|(?P<upper>[A-ZĐ])\s*[.\-–)]\s*(?=\S)"
    r"|\((?P<paren>\d{1,2})\)\s*"
    r"|(?P<paren2>\d{1,2})\)\s*"
    r"|(?P<dec>\d{1,2}(?:\.\d{1,2}){0,4})(?:\s*[.\-–]\s*|(?=[A-ZÀ-ỸĐ]))"
    r"|(?P<lower>[a-zđ])\)\s*"
    r"|(?P<dash>[-–+•])\s*"
    r"|(?P<star>\*)\s+"
    r")"
)
_DOCNUM_AFTER = re.compile(r"^\d{1,2}\s*-\s*[A-ZĐ][A-Za-zĐđ]*/")
_PART_ORD = {fpat(w): i for i, w in enumerate(["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"], 1)}


@dataclass
class Label:
    style: str  # appendix | article | part | chapter | roman | upper | dec1..dec5 | paren | lower | dash | star
    ref: str
    ordinal: int
    rest: str  # text after the label


def parse_label(text: str) -> Optional[Label]:
    """The numbering label at the start of a logical line, or None."""
    if _DOCNUM_AFTER.match(text):
        return None
    m = _LABEL.match(text)
    if not m:
        return None
    rest = text[m.end():].strip()
    g = m.groupdict()
    if g["appendix"]:
        parts = collapse_ws(g["appendix"]).split()
        num = parts[-1] if len(parts) > 2 else ""
        n = (int(num) if num.isdigit() else roman_to_int(num) or 1) if num else 1
        return Label("appendix", "Phụ lục" + (" " + num if num else ""), n, rest)
    if g["article"]:
        return Label("article", g["article"], int(g["art_n"]), rest)
    if g["part"]:
        word = mfold(g["part"].split()[-1])
        n = _PART_ORD.get(word) or roman_to_int(word) or 0
        return Label("part", g["part"], n, rest)
    if g["chapter"]:
        n = roman_to_int(g["chap_n"]) or (int(g["chap_n"]) if g["chap_n"].isdigit() else 0)
        return Label("chapter", g["chapter"], n, rest)
    if g["roman"] in ("C", "L", "D", "M"):
        return Label("upper", g["roman"], ord(g["roman"]) - 64, rest) if rest else None
    if g["roman"]:
        n = roman_to_int(g["roman"])
        if n is None or not rest:
            return None
        return Label("roman", g["roman"], n, rest)
    if g["upper"]:
        return Label("upper", g["upper"], ord(g["upper"]) - 64 if g["upper"] != "Đ" else 5, rest)
    if g["dec"]:
        parts = g["dec"].split(".")
        if not rest:
            return None
        return Label(f"dec{len(parts)}", g["dec"], int(parts[-1]), rest)
    if g["paren"] or g["paren2"]:
        n = g["paren"] or g["paren2"]
        return Label("paren", f"({n})", int(n), rest)
    if g["lower"]:
        return Label("lower", g["lower"], ord(g["lower"]) - 96, rest)
    if g["dash"]:
        if not rest or rest[:1].isdigit() and re.match(r"\d{1,2}\s*[.\-–)]", rest) is None and False:
            return None
        return Label("dash", g["dash"], 0, rest)
    if g["star"]:
        return Label("star", "*", 0, rest)
    return None


@dataclass
class _Open:
    prov: Provision
    label: Label
    bullets: int = 0
    lines: list[Line] = field(default_factory=list)


_BULLETS = ("dash", "star")


def _first_words(s: str, n: int = 2) -> str:
    return " ".join(mfold(s).replace(":", " ").split()[:n])


def _choose_sibling(stack: list[_Open], lab: Label) -> Optional[int]:
    """Index in ``stack`` of the open item ``lab`` continues (becomes its sibling), or None."""
    cands = [i for i, o in enumerate(stack) if o.label.style == lab.style]
    if lab.style in _BULLETS:
        return cands[-1] if cands else None
    cont = [i for i in cands if lab.ordinal == stack[i].label.ordinal + 1]
    if lab.style.startswith("dec") and lab.style != "dec1":
        # "1.2" continues "1.1" only under the same prefix
        pref = lab.ref.rsplit(".", 1)[0]
        cont = [i for i in cont if stack[i].label.ref.rsplit(".", 1)[0] == pref] or cont
    if len(cont) > 1:
        fw = _first_words(lab.rest)
        same = [i for i in cont if _first_words(stack[i].label.rest) == fw]
        return same[0] if same else cont[-1]
    if cont:
        return cont[0]
    if cands and lab.ordinal <= 1:
        return None  # a restart: opens a nested level
    return cands[-1] if cands else None


def _heading(lab: Label) -> str:
    h = lab.rest
    if len(h) > 240:
        m = re.search(r"[.;:](?:\s|$)", h[:240])
        if m:
            h = h[: m.start() + 1]
    return h.rstrip()


def segment(lines: list[Line], start: int, end: int, source_file: str,
            table_rows: Optional[dict[str, tables.Row]] = None) -> tuple[list[Provision], dict[str, list[Line]]]:
    """Provisions of ``lines[start:end]``; also each provision's own logical lines (by id).

    Rows of a table of tasks become task provisions under the item the table sits in; their cells
    are put in ``table_rows`` (by provision id) when a dict is given.
    """
    provs: list[Provision] = []
    own: dict[str, list[Line]] = {}
    stack: list[_Open] = []
    ids: set[str] = set()
    rows: dict[str, tables.Row] = {} if table_rows is None else table_rows
    columns: Optional[list] = None  # the open table's column kinds
    outer = False  # its rows start and end with '|'
    row_count = 0  # rows read in a table without a number column
    floor = 0  # rows nest only under stack[floor - 1] (the item holding the table)
    last_row: Optional[str] = None
    for ln in lines[start:end]:
        row = None
        if columns is not None:
            if tables.is_row(ln.text):
                row = tables.read_row(ln.text, columns, outer)
                if not row.ref and "ref" not in columns and row.task and not (
                        last_row is None and tables.header_columns(ln.text)):
                    row_count += 1  # a table without a number column: rows are numbered by position
                    row.ref = str(row_count)
                if not row.ref and last_row is None and tables.refine_header(columns, ln.text, outer):
                    if stack:
                        stack[-1].lines.append(ln)
                    continue
                if not row.ref and last_row is not None:
                    rows[last_row].extend(row)  # a wrapped / merged row
                    own[last_row].append(ln)
                    continue
                if not row.ref:
                    if stack:
                        stack[-1].lines.append(ln)
                    continue
            else:
                columns, last_row = None, None
                del stack[floor:]  # the table is over: prose after it belongs to its holder
        if row is None and columns is None and "|" in ln.text:
            cols = tables.header_columns(ln.text)
            if cols is not None:
                columns, last_row, row_count = cols, None, 0
                outer = tables.has_outer_pipes(ln.text)
                while stack and stack[-1].label.style in _BULLETS:
                    stack.pop()
                floor = len(stack)
                if stack:
                    stack[-1].lines.append(ln)
                continue
        if row is not None:
            style, ordinal = tables.label_style(row.ref)
            lab = Label(style, row.ref, ordinal, row.task)
            sub = stack[floor:]
            sib = _choose_sibling(sub, lab) if style != "row" else (len(sub) - 1 if sub else None)
            if sib is not None:
                del stack[floor + sib:]
            parent = stack[-1] if stack else None
            ref_id = _ref_id(lab.ref)
            if style == "dash":
                if parent:
                    parent.bullets += 1
                ref_id = f"b{parent.bullets if parent else len(provs) + 1}"
            pid = _open(provs, own, stack, ids, parent, ref_id, lab, ln, source_file,
                        "section" if row.is_group else "task", row.task[:240])
            rows[pid] = row
            last_row = pid
            continue
        lab = parse_label(ln.text)
        if lab is not None and lab.style in _BULLETS and not stack:
            lab = None  # a dash before any numbered item is prose, not structure
        if lab is None:
            if stack:
                stack[-1].lines.append(ln)
            continue
        if lab.style not in _BULLETS:
            while stack and stack[-1].label.style in _BULLETS:
                stack.pop()
        sib = _choose_sibling(stack, lab)
        if sib is not None:
            del stack[sib:]
        elif lab.style not in _BULLETS and lab.ordinal > 1:
            # "II-" under "A-": a list that does not start at 1 continues an open ancestor list
            anc = [i for i, o in enumerate(stack) if o.label.style not in _BULLETS
                   and o.label.ordinal == lab.ordinal - 1 and o.label.style in ("upper", "roman", "part", "article")]
            if anc and lab.style in ("upper", "roman"):
                del stack[anc[-1]:]
        elif lab.style.startswith("dec") and lab.ordinal <= 1:
            # a restart after deeper decimal items ("1.1." then "1."): sibling of those items
            same = [i for i, o in enumerate(stack) if o.label.style == lab.style]
            if same:
                deeper = [i for i in range(same[-1] + 1, len(stack)) if stack[i].label.style not in _BULLETS]
                if deeper:
                    del stack[deeper[0]:]
        parent = stack[-1] if stack else None
        if lab.style in _BULLETS:
            holder = parent
            holder_count = (holder.bullets + 1) if holder else len([p for p in provs if p.parent_id is None]) + 1
            if holder:
                holder.bullets += 1
            ref_id = f"b{holder_count}"
        else:
            ref_id = lab.ref
        _open(provs, own, stack, ids, parent, ref_id, lab, ln, source_file, "section", _heading(lab))
    for p in provs:
        ls = own[p.id]
        if p.id in rows:
            r = rows[p.id]
            p.text = r.task
            p.heading = r.task[:240]
            p.span = Span(source_file, ls[0].first, ls[-1].last, " ".join(x.quote for x in ls))
            continue
        lab = parse_label(ls[0].text)
        first = lab.rest if lab else ls[0].text
        p.text = " ".join([first] + [x.text for x in ls[1:]]).strip()
        if not p.heading and len(ls) > 1:
            p.heading = ls[1].text[:240]  # "Phần thứ nhất" with its title on the next line
        p.span = Span(source_file, ls[0].first, ls[-1].last, " ".join(x.quote for x in ls))
    classify(provs)
    for p in provs:
        if p.id in rows and not rows[p.id].is_group:
            p.kind = "task"
    return provs, own


def _open(provs: list[Provision], own: dict[str, list[Line]], stack: list[_Open], ids: set[str],
          parent: Optional[_Open], ref_id: str, lab: Label, ln: Line, source_file: str, kind: str, heading: str) -> str:
    """Mint a unique id under ``parent``, record the new provision and push it on the stack; returns its id."""
    pid = (parent.prov.id + "/" + ref_id) if parent else ref_id
    base, k = pid, 2
    while pid in ids:
        pid = f"{base}~{k}"
        k += 1
    ids.add(pid)
    prov = Provision(id=pid, ref=lab.ref, kind=kind, heading=heading, text="",
                     span=Span(source_file, ln.first, ln.last, ln.quote), parent_id=parent.prov.id if parent else None)
    provs.append(prov)
    op = _Open(prov, lab, lines=[ln])
    own[pid] = op.lines
    stack.append(op)
    return pid


def _ref_id(ref: str) -> str:
    return ref.replace("/", "-")


_PROGRAMME = fpat("chương trình")
_PROGRAMME_NOT = fpat("chương trình hành động")
_SCHEME = tuple(fpat(s) for s in ("đề án", "xây dựng đề án", "xây dựng và thực hiện đề án", "xây dựng và triển khai đề án"))
_SCHEMES_PARENT = tuple(fpat(s) for s in ("các đề án", "đề án"))
_OBJECTIVE = fpat("mục tiêu")


@lru_cache(maxsize=None)
def _task_headings() -> tuple[str, ...]:
    return tuple(fpat(t) for t in lexicon()["task_headings"])


def _task_heading(h: str) -> bool:
    f = mfold(h).strip(" :.")
    return any(f == t or f.startswith(t + " ") or f.startswith(t + ",") for t in _task_headings())


def classify(provs: list[Provision]) -> None:
    """Set ``kind`` from the heading and the context (items under 'Các đề án', 'Nhiệm vụ', 'Mục tiêu')."""
    by_id = {p.id: p for p in provs}
    ctx: dict[str, str] = {}
    for p in provs:
        f = mfold(p.heading)
        parent_ctx = ctx.get(p.parent_id or "", "")
        if f.startswith(_PROGRAMME) and not f.startswith(_PROGRAMME_NOT):
            p.kind, ctx[p.id] = "programme", ""
        elif f.startswith(_SCHEME):
            p.kind, ctx[p.id] = "scheme", ""
        elif f.strip(" :.") in _SCHEMES_PARENT:
            p.kind, ctx[p.id] = "section", "scheme"
        elif f.startswith(_OBJECTIVE):
            p.kind, ctx[p.id] = "objective", "objective"
        elif _task_heading(p.heading):
            p.kind, ctx[p.id] = "section", "task"
        elif parent_ctx:
            p.kind = parent_ctx if not (parent_ctx == "scheme" and by_id[p.parent_id].kind != "section") else "section"
            ctx[p.id] = "task" if parent_ctx == "task" else ("objective" if parent_ctx == "objective" else "")
        else:
            ctx[p.id] = ""
