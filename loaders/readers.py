"""File -> text. Decoding and container formats live here, parsing does not.

``read_document(path)`` returns the document's text as a str (NFC is applied later by the
normaliser) or raises :class:`LoaderError` naming the file.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import LoaderError

MAX_BYTES = 50 * 1024 * 1024  # a planning document is far smaller; refuse rather than exhaust memory


@dataclass
class DecodedText:
    text: str
    source: str  # the path as given
    format: str  # txt | md | ...
    encoding: str  # utf-8 | utf-8-sig | utf-16 | ...
    raw_sha256: str


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is a LoaderError."""
    if not data.strip():
        raise LoaderError(source, "the file is empty")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise LoaderError(source, f"invalid UTF-16 text ({e.reason})") from None
    if b"\x00" in data[:4096]:
        raise LoaderError(source, "this is a binary file, not a text document")
    if data.startswith(codecs.BOM_UTF8):
        data, enc = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    else:
        enc = "utf-8"
    try:
        return data.decode("utf-8"), enc
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoaderError(
            source,
            "not UTF-8 text (a legacy Vietnamese encoding such as TCVN3, VNI or Windows-1258?); "
            "convert it to UTF-8",
            line=line,
        ) from None


def read_document(path: str | Path) -> DecodedText:
    p = Path(path)
    source = str(path)
    if not p.exists():
        raise LoaderError(source, "no such file")
    if p.is_dir():
        raise LoaderError(source, "is a directory (give files, or load the folder)")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LoaderError(source, f"file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit")
        data = p.read_bytes()
    except PermissionError:
        raise LoaderError(source, "permission denied") from None
    except OSError as e:
        raise LoaderError(source, f"cannot read: {e.strerror}") from None
    text, enc = decode_bytes(data, source)
    fmt = p.suffix.lower().lstrip(".") or "txt"
    return DecodedText(text=text, source=source, format=fmt, encoding=enc, raw_sha256=_sha256(data))
