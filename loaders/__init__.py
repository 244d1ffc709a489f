"""mandategraph.loaders: Vietnamese planning documents -> :class:`ParsedDocument`.

Public API: :func:`parse_text`, :func:`parse_file`; identity keys in :mod:`.identity`.
"""

from .errors import LoaderError
from .identity import document_key
from .model import (AgencyRef, Assignment, Citation, Deadline, DocRef, ParsedDocument, Provision, Span,
                    Target)
from .pipeline import parse_file, parse_text

__all__ = ["parse_text", "parse_file", "document_key", "LoaderError", "ParsedDocument", "DocRef", "AgencyRef",
           "Provision", "Assignment", "Citation", "Deadline", "Target", "Span"]
