"""Load files into the store: read -> parse -> emit -> one atomic graph replacement each.

A folder is walked in sorted order; a file that fails is reported and the others go on.
A file whose content hash matches what is stored is skipped (re-loading costs almost nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..loaders import parse_text
from ..loaders.errors import LoaderError
from ..loaders.readers import read_document
from .emit import emit, graph_iri
from .store import GraphStore

SUPPORTED = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


@dataclass
class LoadReport:
    loaded: list[tuple[str, int]] = field(default_factory=list)  # (file, triples)
    skipped: list[str] = field(default_factory=list)  # unchanged since last load
    failed: list[LoaderError] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)  # entity-resolution rewrites


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and the supported files inside folders (sorted, hidden files skipped)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not any(
                    part.startswith(".") for part in f.relative_to(p).parts
                ):
                    yield str(f)
        else:
            yield raw


def load_file(store: GraphStore, path: str, force: bool = False) -> tuple[str, int, dict]:
    decoded = read_document(path)
    graph = str(graph_iri(path))
    if not force and store.graph_sha256(graph) == decoded.raw_sha256:
        return "skipped", 0, {}
    parsed = parse_text(decoded.text, path, content_sha256=decoded.raw_sha256)
    data = emit(parsed)
    merged = store.replace_graph(graph, data)
    return "loaded", len(data), merged


def load_paths(store: GraphStore, paths: Iterable[str], force: bool = False) -> LoadReport:
    report = LoadReport()
    for path in expand(paths):
        try:
            status, n, merged = load_file(store, path, force=force)
        except LoaderError as e:
            report.failed.append(e)
            continue
        if status == "skipped":
            report.skipped.append(path)
        else:
            report.loaded.append((path, n))
            report.merged.update(merged)
    return report
