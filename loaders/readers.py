"""File -> text. Decoding and container formats live here, parsing does not.

``read_document(path)`` returns the document's text (NFC, ``\\n`` line ends) as a
:class:`DecodedText`, or raises :class:`LoaderError` naming the file, one line, never a library
traceback. ``iter_documents(paths)`` walks files and folders and yields an error per unreadable
file instead of stopping.

Supported: ``.txt``/``.md`` (and any other name read as text) in UTF-8 (with or without BOM),
UTF-16 with BOM, or a legacy Vietnamese encoding recognised with confidence (Windows-1258,
TCVN3/ABC, VNI-Windows); ``.html``/``.htm``; ``.docx`` (python-docx); ``.pdf`` with a text
layer (pypdf). The optional packages are imported only when such a file is read.
"""

from __future__ import annotations

import codecs
import io
import os
import stat as stat_mod
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .errors import LoaderError

MAX_BYTES = 50 * 1024 * 1024  # a planning document is far smaller; refuse rather than exhaust memory

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

# Legacy-encoding detection: the winner must have at least this share of well-formed Vietnamese
# words, be judged on at least LEGACY_MIN_WORDS words, and beat the runner-up by LEGACY_MARGIN.
LEGACY_MIN_CONFIDENCE = 0.85
LEGACY_MIN_WORDS = 3
LEGACY_MARGIN = 0.15
_LEGACY_SAMPLE = 256 * 1024
_LATIN_FAMILY = frozenset({"latin-1", "iso8859-1", "cp1252", "iso8859-15"})
_LEGACY_NAMES = {"cp1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI-Windows"}

# C0 control characters that plain text does not contain (tab, LF, VT, FF, CR, and the DOS
# end-of-file mark ^Z are allowed).
_CONTROL = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A))
_MAGIC = (
    (b"PK\x03\x04", "a zip archive (a .docx/.xlsx/.odt saved under another name?)"),
    (b"%PDF-", "a PDF file saved under another name; rename it to .pdf"),
    (b"\xd0\xcf\x11\xe0", "an old binary Office file (.doc/.xls); save it as .docx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


@dataclass
class DecodedText:
    text: str
    source: str  # the path as given
    format: str  # txt | md | html | docx | pdf | <other suffix read as text>
    encoding: str  # utf-8 | utf-8-sig | utf-16 | cp1258 | tcvn3 | vni | <html charset> | docx | pdf
    raw_sha256: str
    # Share of well-formed Vietnamese words when the encoding was guessed (legacy encodings);
    # 1.0 when the encoding is certain.
    confidence: float = 1.0


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise LoaderError(source, f"this is {what}, not a text document")
    nul = data.find(b"\x00")
    if nul >= 0:
        head = data[:4096]
        if head.count(b"\x00") * 3 > len(head):
            raise LoaderError(
                source, "looks like UTF-16 text without a byte-order mark; save it as UTF-8"
            )
        raise LoaderError(source, "this is a binary file, not a text document (NUL byte)", line=_line_of(data, nul))
    controls = len(data) - len(data.translate(None, _CONTROL))
    if controls and controls * 200 > len(data):
        raise LoaderError(source, "this is a binary file, not a text document (control bytes)")


def _decode_legacy(data: bytes, source: str, bad_offset: int) -> tuple[str, str, float]:
    from .formats.legacy import DECODERS
    from .formats.vietnamese import score

    # Judge the candidates on a sample (cut at a line or word end); decode only the winner fully.
    sample = data
    if len(data) > _LEGACY_SAMPLE:
        cut = max(data.rfind(b"\n", 0, _LEGACY_SAMPLE), data.rfind(b" ", 0, _LEGACY_SAMPLE))
        sample = data[: cut if cut > 0 else _LEGACY_SAMPLE]
    results = []
    for name, decode in DECODERS.items():
        try:
            text = decode(sample)
        except UnicodeDecodeError:
            continue
        results.append((score(text), name, text))
    results.sort(key=lambda r: r[0].confidence, reverse=True)
    line = _line_of(data, bad_offset)
    if results:
        best, name, text = results[0]
        runner_up = next((r[0].confidence for r in results[1:] if r[2] != text), 0.0)
        if (
            best.confidence >= LEGACY_MIN_CONFIDENCE
            and best.words >= LEGACY_MIN_WORDS
            and best.confidence - runner_up >= LEGACY_MARGIN
        ):
            if sample is not data:
                try:
                    text = DECODERS[name](data)
                except UnicodeDecodeError as e:
                    raise LoaderError(
                        source, f"looks like {_LEGACY_NAMES[name]} but has a byte it does not define",
                        line=_line_of(data, e.start),
                    ) from None
            return text, name, round(best.confidence, 3)
        guess = f"best guess {_LEGACY_NAMES[name]} with {best.confidence:.0%} of {best.words} words well-formed"
    else:
        guess = "no candidate decodes it"
    raise LoaderError(
        source,
        "not UTF-8, and not recognisably Vietnamese in Windows-1258, TCVN3 or VNI "
        f"({guess}); convert it to UTF-8",
        line=line,
    )


def _decode(data: bytes, source: str, declared: str | None = None) -> tuple[str, str, float]:
    if not data.strip():
        raise LoaderError(source, "the file is empty")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16", 1.0
        except UnicodeDecodeError as e:
            raise LoaderError(source, f"invalid UTF-16 text ({e.reason})") from None
    if data.startswith(codecs.BOM_UTF8):
        body, enc = data[len(codecs.BOM_UTF8):], "utf-8-sig"
    else:
        body, enc = data, "utf-8"
    _check_binary(body, source)
    try:
        return body.decode("utf-8"), enc, 1.0
    except UnicodeDecodeError as e:
        bad = e.start
    if enc == "utf-8" and declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec in _LATIN_FAMILY:
            # Old pages written with TCVN3/VNI fonts declare a Latin charset; the bytes decide.
            try:
                return _decode_legacy(body, source, bad)
            except LoaderError:
                pass
        if codec and codec not in ("utf-8", "utf-16", "ascii"):
            try:
                return _finish(data.decode(codec)), codec, 1.0
            except UnicodeDecodeError:
                pass
    return _decode_legacy(body, source, bad)


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy
    Vietnamese encoding detected with confidence. Returns (NFC text, encoding name)."""
    text, enc, _ = _decode(data, source)
    return _finish(text), enc


def _finish(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\x1a"):
        text = text[:-1]
    return unicodedata.normalize("NFC", text)


def _read_bytes(p: Path, source: str) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise LoaderError(source, "no such file") from None
    except NotADirectoryError:
        raise LoaderError(source, "no such file (a parent is not a folder)") from None
    except PermissionError:
        raise LoaderError(source, "permission denied") from None
    except OSError as e:
        raise LoaderError(source, f"cannot read: {e.strerror or e}") from None
    if stat_mod.S_ISDIR(st.st_mode):
        raise LoaderError(source, "is a directory (give files, or load the folder)")
    if not stat_mod.S_ISREG(st.st_mode):
        raise LoaderError(source, "not a regular file")
    limit = f"over the {MAX_BYTES // (1024 * 1024)} MiB limit"
    if st.st_size > MAX_BYTES:
        raise LoaderError(source, f"file is {st.st_size / (1024 * 1024):.0f} MiB, {limit}")
    if st.st_size == 0:
        raise LoaderError(source, "the file is empty")
    try:
        with open(p, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except PermissionError:
        raise LoaderError(source, "permission denied") from None
    except IsADirectoryError:
        raise LoaderError(source, "is a directory (give files, or load the folder)") from None
    except OSError as e:
        raise LoaderError(source, f"cannot read: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:  # grew since stat
        raise LoaderError(source, f"file is {limit}")
    return data


def read_document(path: Union[str, Path]) -> DecodedText:
    p = Path(path)
    source = str(path)
    data = _read_bytes(p, source)
    suffix = p.suffix.lower()
    fmt = suffix.lstrip(".") or "txt"
    confidence = 1.0
    if suffix == ".docx":
        from .formats.docx import docx_to_text

        if not data.startswith(b"PK"):
            hint = " (an old .doc renamed?)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
            raise LoaderError(source, f"not a valid .docx: not a zip archive{hint}")
        text, enc = docx_to_text(io.BytesIO(data), source), "docx"
    elif suffix == ".pdf":
        from .formats.pdf import pdf_to_text

        if b"%PDF-" not in data[:1024]:
            raise LoaderError(source, "not a valid PDF (no %PDF- header)")
        text, enc = pdf_to_text(io.BytesIO(data), source), "pdf"
    elif suffix in (".html", ".htm", ".xhtml"):
        from .formats.html import declared_charset, html_to_text

        markup, enc, confidence = _decode(data, source, declared=declared_charset(data))
        text = html_to_text(markup)
    elif suffix == ".doc":
        raise LoaderError(source, "old binary Word .doc files are not supported; save it as .docx")
    else:
        text, enc, confidence = _decode(data, source)
    text = _finish(text)
    if not text.strip():
        raise LoaderError(source, f"no text found in this .{fmt} file")
    return DecodedText(
        text=text, source=source, format=fmt, encoding=enc, raw_sha256=_sha256(data), confidence=confidence
    )


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")  # ~$x.docx: Word's lock file


def _walk(folder: Path) -> Iterator[tuple[Path, Union[LoaderError, None]]]:
    """Supported files below ``folder``, sorted by name at each level; hidden entries skipped;
    symlinked folders not followed. Yields (path, None) per file, (folder, error) when a
    folder cannot be listed."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield folder, LoaderError(str(folder), f"cannot list folder: {e.strerror or e}")
        return
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(path)
                continue
        except OSError:
            pass
        if path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield path, None


def iter_documents(
    paths: Union[str, Path, Iterable[Union[str, Path]]]
) -> Iterator[tuple[Path, Union[DecodedText, LoaderError]]]:
    """Read every document named by ``paths`` (files, or folders walked recursively).

    Yields ``(path, DecodedText)`` or ``(path, LoaderError)`` and never stops at a bad file, so
    a caller can load what it can and report the failures, with their count, at the end. Files
    named explicitly are read whatever their extension; inside folders only
    :data:`SUPPORTED_SUFFIXES` are taken, hidden files and folders are skipped, and the order is
    sorted by name so runs are deterministic.
    """
    for path, err in walk_paths(paths):
        yield path, err if err is not None else _read_safely(path)


def walk_paths(
    paths: Union[str, Path, Iterable[Union[str, Path]]]
) -> Iterator[tuple[Path, Optional[LoaderError]]]:
    """The files :func:`iter_documents` would read, in the same order, without reading them:
    ``(path, None)`` per file, ``(folder, LoaderError)`` for a folder that cannot be listed."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for given in paths:
        p = Path(given)
        if p.is_dir():
            yield from _walk(p)
        else:
            yield p, None


def read_safely(path: Union[str, Path]) -> Union[DecodedText, LoaderError]:
    """:func:`read_document`, with every failure returned as a LoaderError naming the file."""
    return _read_safely(Path(path))


def _read_safely(path: Path) -> Union[DecodedText, LoaderError]:
    try:
        return read_document(path)
    except LoaderError as e:
        return e
    except Exception as e:  # a bug must not stop a whole folder; report it against the file
        return LoaderError(str(path), f"unexpected {type(e).__name__}: {e}")
