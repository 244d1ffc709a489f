"""Word .docx -> text: paragraphs and tables in document order (python-docx).

Tables become one line per row with " | " between cells; a cell spanning several grid columns is
written once; a table nested in a cell is flattened into that cell's text. Content controls
(``w:sdt``) are opened so their paragraphs are not lost.
"""

from __future__ import annotations

import re
import zipfile

from ..errors import LoaderError

MAX_UNZIPPED = 200 * 1024 * 1024  # refuse zip bombs before python-docx inflates them
_WS = re.compile(r"\s+")


def _require_docx(source: str):
    try:
        import docx  # noqa: F401
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise LoaderError(
            source, "reading .docx needs the optional package python-docx: pip install 'mandategraph[formats]'"
        ) from None
    return docx, Table, Paragraph


def docx_to_text(path, source: str) -> str:
    """``path`` is a file name or a binary file object."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise LoaderError(source, "not a Word .docx file (no word/document.xml inside)")
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise LoaderError(source, "the .docx unpacks to more than 200 MiB; refusing it")
    except zipfile.BadZipFile:
        raise LoaderError(source, "not a valid .docx (corrupt or truncated zip archive)") from None
    docx, Table, Paragraph = _require_docx(source)
    try:
        document = docx.Document(path)
        lines: list[str] = []
        _blocks(document.element.body, document, Table, Paragraph, lines)
    except LoaderError:
        raise
    except Exception as e:  # python-docx / lxml / zipfile raise many types on damaged files
        raise LoaderError(source, f"not a valid .docx ({type(e).__name__}: {_one_line(e)})") from None
    return "\n".join(lines)


def _one_line(e: Exception) -> str:
    return _WS.sub(" ", str(e)).strip()[:200] or "unreadable"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _blocks(container, parent, Table, Paragraph, out: list[str]) -> None:
    for child in container.iterchildren():
        name = _local(child.tag)
        if name == "p":
            out.append(Paragraph(child, parent).text)
        elif name == "tbl":
            table = Table(child, parent)
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    parts: list[str] = []
                    _blocks(cell._tc, cell, Table, Paragraph, parts)
                    cells.append(_WS.sub(" ", " ".join(parts)).strip())
                if any(cells):
                    out.append(" | ".join(cells))
        elif name in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
            _blocks(child, parent, Table, Paragraph, out)
