"""Saved web page -> visible text in reading order.

Uses the standard library's :mod:`html.parser`: it is lenient with broken markup, needs no
dependency, and the walk we need (drop invisible elements, break lines at block elements, lay
tables out as rows) is a few dozen lines whichever parser produces the events. Tables: one line
per row, cells joined with " | ", each cell's text on one line; a table nested in a cell is
flattened into that cell.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never visible document text.
_SKIP = frozenset(
    "script style noscript template nav head svg math iframe object embed button select "
    "textarea canvas map".split()
)
# Elements that start a new line.
_BLOCK = frozenset(
    "p div br hr h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre address article aside "
    "section header footer main figure figcaption form fieldset legend center title body "
    "html caption details summary".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KiB, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def text_lines(self) -> list[str]:
        lines = []
        for row in self.rows:
            cells = [c for c in row]
            if any(cells):
                lines.append(" | ".join(cells))
        return lines


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []  # pieces of the line being built outside tables
        self.skip_depth = 0
        self.skip_root = ""  # the element that started the current skipped region
        self.pre = 0
        self.tables: list[_Table] = []

    # -- output helpers
    def _sink(self) -> list[str]:
        t = self.tables[-1] if self.tables else None
        if t is not None and t.cell is not None:
            return t.cell
        return self.current

    def _break(self) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(" ")
            return
        text = "".join(self.current)
        self.current = []
        if self.pre:
            self.lines.extend(text.split("\n"))
        else:
            text = _WS.sub(" ", text).strip()
            if text:
                self.lines.append(text)

    def _close_cell(self, t: _Table) -> None:
        if t.cell is not None:
            if t.row is None:
                t.row = []
                t.rows.append(t.row)
            t.row.append(_WS.sub(" ", "".join(t.cell)).strip())
            t.cell = None

    def _close_row(self, t: _Table) -> None:
        self._close_cell(t)
        t.row = None

    # -- parser events
    def handle_starttag(self, tag, attrs):
        if self.skip_depth:
            if tag == "body" and self.skip_root == "head":  # <head> never closed
                self.skip_depth = 0
            elif tag in _SKIP and tag not in _VOID:
                self.skip_depth += 1
                return
            else:
                return
        if tag in _SKIP:
            self.skip_root = tag
            if tag not in _VOID:
                self.skip_depth = 1
            return
        if tag == "table":
            if not self.tables:
                self._break()
            self.tables.append(_Table())
        elif self.tables and tag == "tr":
            t = self.tables[-1]
            self._close_row(t)
            t.row = []
            t.rows.append(t.row)
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            self._close_cell(t)
            t.cell = []
        elif tag == "pre":
            self._break()
            self.pre += 1
        elif tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if not self.skip_depth and tag in ("br", "hr"):
            self._break()

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag in _SKIP:
                self.skip_depth -= 1
            return
        if tag == "table" and self.tables:
            t = self.tables.pop()
            self._close_row(t)
            lines = t.text_lines()
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append(" " + " ".join(lines) + " ")
            else:
                self.lines.extend(lines)
        elif self.tables and tag == "tr":
            self._close_row(self.tables[-1])
        elif self.tables and tag in ("td", "th"):
            self._close_cell(self.tables[-1])
        elif tag == "pre":
            self._break()
            self.pre = max(0, self.pre - 1)
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if self.skip_depth:
            return
        sink = self._sink()
        if self.tables and self.tables[-1].cell is None:
            # text between cells (stray markup): keep it as its own cell-less line
            if data.strip():
                t = self.tables[-1]
                t.cell = [data]
                self._close_cell(t)
            return
        sink.append(data)

    def finish(self) -> str:
        self.close()
        while self.tables:
            self.handle_endtag("table")
        self._break()
        return "\n".join(self.lines)


def html_to_text(markup: str) -> str:
    p = _Extractor()
    p.feed(markup)
    return p.finish()
