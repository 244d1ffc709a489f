"""Load files into the store: read -> parse -> emit -> write, every document atomically.

A folder is walked in sorted order (``loaders.readers.walk_paths``); a file that fails is
reported and the others go on. A file whose content hash matches what is stored is skipped
(re-loading an unchanged file costs one hash and one lookup).

Speed (bench/RESULTS.md): reading, parsing and emitting are pure Python text work, so with
``jobs > 1`` they run in a pool of worker processes while this process writes. Writes of
documents that are new to the store, and need no rewrite of what other graphs say, are
gathered into batches, each one atomic N-Quads load (``GraphStore.add_new_graphs``). A
re-loaded (changed) file, or one whose arrival merges an undated mention stored elsewhere,
takes the one-update path (``GraphStore.replace_graph``), after the pending batch is written.
Either way a failure or a kill leaves every document either wholly stored or absent.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..loaders import parse_text
from ..loaders.errors import LoaderError
from ..loaders.readers import DecodedText, read_safely, walk_paths
from .emit import emit_triples, graph_iri
from .store import GraphStore, NewGraph

BATCH_DOCS = 64  # documents per atomic batch write (≈ 200 k quads, a few MB of N-Quads)
POOL_MIN_FILES = 16  # below this a pool costs more to start than it saves


@dataclass
class LoadReport:
    loaded: list[tuple[str, int]] = field(default_factory=list)  # (file, triples)
    skipped: list[str] = field(default_factory=list)  # unchanged since last load
    failed: list[LoaderError] = field(default_factory=list)
    merged: dict[str, str] = field(default_factory=dict)  # entity-resolution rewrites
    dropped_inferred: bool = False  # the inferred graph was stale after this load and was removed


def load_decoded(store: GraphStore, decoded: DecodedText, force: bool = False) -> tuple[str, int, dict]:
    """Load one decoded text with the one-update path (used by callers holding text already)."""
    path = decoded.source
    graph = str(graph_iri(path))
    if not force and store.graph_sha256(graph) == decoded.raw_sha256:
        return "skipped", 0, {}
    parsed = parse_text(decoded.text, path, content_sha256=decoded.raw_sha256)
    data = emit_triples(parsed)
    merged = store.replace_graph(graph, data)
    return "loaded", len(data), merged


def prepare(path: Union[str, Path]) -> Union[NewGraph, LoaderError]:
    """Read, parse and emit one file (runs in a worker process): no store access."""
    decoded = read_safely(path)
    if isinstance(decoded, LoaderError):
        return decoded
    try:
        parsed = parse_text(decoded.text, decoded.source, content_sha256=decoded.raw_sha256)
        data = emit_triples(parsed)
    except LoaderError as e:
        return e
    except Exception as e:  # a bug must not stop a folder; report it against the file
        return LoaderError(str(path), f"unexpected {type(e).__name__}: {e}")
    return NewGraph.prepared(str(graph_iri(decoded.source)), data.ntriples(), data.documents, len(data))


def _unchanged(store: GraphStore, path: Path) -> bool:
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False  # the worker reports the read error against the file
    return store.graph_sha256(str(graph_iri(str(path)))) == sha


def _prepared(paths: list[Path], jobs: int) -> Iterator[tuple[Path, Union[NewGraph, LoaderError]]]:
    """(path, prepared) in the given order; parsed by a pool when ``jobs > 1`` and it pays."""
    if jobs <= 1 or len(paths) < POOL_MIN_FILES:
        for p in paths:
            yield p, prepare(p)
        return
    import multiprocessing as mp

    # fork: workers start at once and need no importable __main__ (a user's script without the
    # main guard); they only parse text and never touch the store this process holds open
    with mp.get_context("fork").Pool(processes=jobs) as pool:
        yield from zip(paths, pool.imap(prepare, paths, chunksize=4))


def load_paths(store: GraphStore, paths: Iterable[str], force: bool = False, jobs: Optional[int] = None) -> LoadReport:
    """Load files and folders; ``jobs`` worker processes parse (default: one per core)."""
    jobs = os.cpu_count() or 1 if jobs is None else max(1, jobs)
    report = LoadReport()
    todo: list[Path] = []
    for path, err in walk_paths(list(paths)):
        if err is not None:
            report.failed.append(err)
        elif not force and _unchanged(store, path):
            report.skipped.append(str(path))
        else:
            todo.append(path)

    batch: list[tuple[Path, NewGraph]] = []
    batch_docs: set[str] = set()
    batch_graphs: set[str] = set()

    def flush() -> None:
        if not batch:
            return
        try:
            store.add_new_graphs([g for _, g in batch])
            report.loaded.extend((str(p), g.size) for p, g in batch)
        except Exception:
            store._doc_index = None  # it counted the batch's documents as stored
            # find the culprit: each document on its own (still atomic each)
            for p, g in batch:
                try:
                    store.add_new_graphs([g])
                    report.loaded.append((str(p), g.size))
                except Exception as e:
                    report.failed.append(LoaderError(str(p), f"the store refused the triples: {e}"))
        batch.clear()
        batch_docs.clear()
        batch_graphs.clear()

    for path, item in _prepared(todo, jobs):
        if isinstance(item, LoaderError):
            report.failed.append(item)
            continue
        rewrites, elsewhere, replaces = store.plan_new_graph(item, pending=batch_docs, pending_graphs=batch_graphs)
        if replaces:  # a changed file: drop and insert in one update
            flush()
            report.merged.update(store.replace_graph(item.graph, item))
            report.loaded.append((str(path), item.size))
            continue
        if elsewhere:  # its dated number names what other graphs mention undated
            in_batch = {u: d for u, d in elsewhere.items() if u in batch_docs}
            store.merge_mentions(elsewhere)  # stored graphs (a mention may be stored AND pending)
            if in_batch:  # not written yet: rewrite them here
                batch[:] = [(p, g.rewritten(in_batch)) for p, g in batch]
                batch_docs.difference_update(in_batch)
                batch_docs.update(in_batch.values())
                store.note_documents(in_batch.values(), gone=in_batch)
        item = item.rewritten(rewrites)
        report.merged.update(rewrites)
        batch.append((path, item))
        batch_docs.update(item.documents)
        batch_graphs.add(item.graph)
        store.note_documents(item.documents)
        if len(batch) >= BATCH_DOCS:
            flush()
    flush()
    if report.loaded:
        report.dropped_inferred = store.drop_inferred()  # computed from the old data: stale now
    return report
