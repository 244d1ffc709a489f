"""Write the graph to a file, atomically (temporary file in the same folder, then rename).

Triple formats (ttl, nt) merge the per-document graphs; quad formats (nq, trig, jsonld) keep
one named graph per source document. Inferred triples are left out unless asked for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from .store import GraphStore
from .vocab import PREFIXES

FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
QUAD_FORMATS = {"nq", "trig", "jsonld"}


def serialize(store: GraphStore, fmt: str, include_inferred: bool = False) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    ds = store.to_rdflib(include_inferred=include_inferred)
    if fmt in QUAD_FORMATS:
        target = ds
    else:
        target = Graph()
        for ctx in ds.graphs():
            for t in ctx:
                target.add(t)
    for prefix, ns in PREFIXES.items():
        target.bind(prefix, ns, override=True)
    return target.serialize(format=FORMATS[fmt], encoding="utf-8")


def write_atomic(path: str | Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def export(store: GraphStore, fmt: str, out: str | Path, include_inferred: bool = False) -> int:
    data = serialize(store, fmt, include_inferred)
    write_atomic(out, data)
    return len(data)
