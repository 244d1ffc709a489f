"""Load files into the store: read -> parse -> emit -> one atomic graph replacement each.

A folder is walked in sorted order (``loaders.readers.iter_documents``); a file that fails is
reported and the others go on. A file whose content hash matches what is stored is skipped
(re-loading an unchanged file costs one hash and one lookup).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..loaders import parse_text
from ..loaders.errors import LoaderError
from ..loaders.readers import DecodedText, iter_documents
from .emit import emit_triples, graph_iri
from .store import GraphStore
from .vocab import INFERRED_GRAPH


@dataclass
class LoadReport:
    loaded: list[tuple[str, int]] = field(default_factory=list)  # (file, triples)
    skipped: list[str] = field(default_factory=list)  # unchanged since last load
    failed: list[LoaderError] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)  # entity-resolution rewrites
    dropped_inferred: bool = False  # the inferred graph was stale after this load and was removed


def load_decoded(store: GraphStore, decoded: DecodedText, force: bool = False) -> tuple[str, int, dict]:
    path = decoded.source
    graph = str(graph_iri(path))
    if not force and store.graph_sha256(graph) == decoded.raw_sha256:
        return "skipped", 0, {}
    parsed = parse_text(decoded.text, path, content_sha256=decoded.raw_sha256)
    data = emit_triples(parsed)
    merged = store.replace_graph(graph, data)
    return "loaded", len(data), merged


def load_paths(store: GraphStore, paths: Iterable[str], force: bool = False) -> LoadReport:
    report = LoadReport()
    for path, item in iter_documents(list(paths)):
        if isinstance(item, LoaderError):
            report.failed.append(item)
            continue
        try:
            status, n, merged = load_decoded(store, item, force=force)
        except LoaderError as e:
            report.failed.append(e)
            continue
        if status == "skipped":
            report.skipped.append(str(path))
        else:
            report.loaded.append((str(path), n))
            report.merged.update(merged)
    if report.loaded and INFERRED_GRAPH in store.named_graphs():
        store.drop_graph(INFERRED_GRAPH)  # computed from the old data: stale now
        report.dropped_inferred = True
    return report
