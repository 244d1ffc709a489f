"""The loader pipeline: text -> :class:`ParsedDocument` (normalise, header, segment, extract)."""

from __future__ import annotations

from pathlib import Path

from . import assignments, citations, deadlines, tables, targets
from .errors import LoaderError
from .header import parse_header
from .identity import document_key
from .model import DocRef, ParsedDocument, Span
from .normalise import normalise
from .readers import read_document
from .segment import segment


def parse_text(text: str, source_file: str, content_sha256: str = "") -> ParsedDocument:
    """Parse one document's text; raises :class:`LoaderError` when it has no header and no structure."""
    lines = normalise(text or "")
    if not lines:
        raise LoaderError(source_file, "no document header or numbered structure found")
    head, closing = parse_header(lines)
    rows: dict = {}
    provisions, own = segment(lines, head.end, closing, source_file, rows)
    if head.appendix is not None:  # appendices after the signature: their items and task tables
        more, more_own = segment(lines, head.appendix, len(lines), source_file, rows)
        taken = {p.id for p in provisions}
        provisions += [p for p in more if p.id not in taken]
        own.update((k, v) for k, v in more_own.items() if k not in taken)
    if not head.found and not provisions:
        raise LoaderError(source_file, "no document header or numbered structure found")
    year = head.date.year if head.date else None
    doc = DocRef(
        key=document_key(head.number, head.province, year, doc_type=head.doc_type, title=head.title),
        number=head.number, doc_type=head.doc_type, title=head.title, issuer=head.issuer,
        date=head.date, year=year, province=head.province,
    )
    if not head.number:
        scope = head.province if head.issuer is None or head.issuer.province else "central"
        doc.key = document_key(None, scope, doc_type=head.doc_type, title=head.title)
        if content_sha256:  # two different texts with the same title are two documents
            doc.key += "/" + content_sha256[:8]
    first = provisions[0].span.line_start if provisions else lines[-1].last + 1
    header_lines = [ln for ln in lines if ln.first < first]
    header_span = (Span(source_file, header_lines[0].first, header_lines[-1].last, "") if header_lines else None)
    parsed = ParsedDocument(
        source_file=source_file, doc=doc, place=head.place, signer=head.signer,
        signer_capacity=head.signer_capacity, recipients=head.recipients, provisions=provisions,
        header_span=header_span, content_sha256=content_sha256,
    )
    parsed.citations = citations.extract(lines, head, provisions, own, doc, source_file)
    skip = frozenset(rows)
    assignments.attach(provisions, own, head.province, source_file, skip, subjects=head.doc_type != "BC")
    tables.attach(rows, provisions, own, head.province, source_file)
    deadlines.attach(provisions, own, source_file, skip)
    targets.attach(provisions, own, source_file)
    return parsed


def parse_file(path: str | Path) -> ParsedDocument:
    """Read a file with :func:`readers.read_document` and parse it."""
    decoded = read_document(path)
    return parse_text(decoded.text, decoded.source, decoded.raw_sha256)
