"""PDF with a text layer -> text, page by page (pypdf).

pypdf is pure Python with no required dependencies, actively maintained, and its text
extraction follows the content stream order, which for the single-column documents that Word
and government portals export is the reading order. (pdfminer.six does a finer layout analysis
but is slower and heavier; nothing here needs columns to be reflowed.) A PDF whose pages carry
no text at all is a scan and must be OCRed first.
"""

from __future__ import annotations

import logging
import re

from ..errors import LoaderError

_WS = re.compile(r"\s+")


def pdf_to_text(path, source: str) -> str:
    """``path`` is a file name or a binary file object."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise LoaderError(
            source, "reading .pdf needs the optional package pypdf: pip install 'mandategraph[formats]'"
        ) from None
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # pypdf warns about every repaired xref; we report our own error
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise LoaderError(source, "the PDF is password-protected; remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoaderError:
        raise
    except Exception as e:  # PdfReadError, struct/zlib/KeyError... on damaged files
        msg = _WS.sub(" ", str(e)).strip()[:200]
        raise LoaderError(source, f"not a valid PDF ({type(e).__name__}: {msg or 'unreadable'})") from None
    finally:
        log.setLevel(level)
    if not pages:
        raise LoaderError(source, "the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise LoaderError(source, "has no text layer (scanned image?); run OCR first")
    return "\n".join(p.rstrip("\n") for p in pages)
