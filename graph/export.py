"""Write the graph to a file, atomically (temporary file in the same folder, then rename).

Triple formats (ttl, nt) merge the per-document graphs; quad formats (nq, trig, jsonld) keep
one named graph per source document. Inferred triples are left out unless asked for.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .store import UNION_GRAPH, GraphStore
from .vocab import INFERRED_GRAPH, PREFIXES

FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
QUAD_FORMATS = {"nq", "trig", "jsonld"}


def _graphs(store: GraphStore, include_inferred: bool) -> list[str]:
    graphs = store.data_graphs()
    if include_inferred and store.inferred_ready():
        graphs.append(INFERRED_GRAPH)
    return graphs


def serialize(store: GraphStore, fmt: str, include_inferred: bool = False) -> bytes:
    """The graph in ``fmt``. Written by Oxigraph (linear in size), except JSON-LD (rdflib)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    nt_of = lambda g: store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))  # noqa: E731
    if fmt == "nq":  # one named graph per source document
        return b"".join(
            line[:-2] + f" <{g}> .\n".encode() for g in _graphs(store, include_inferred)
            for line in nt_of(g).splitlines(keepends=True) if line.strip()
        )
    if fmt == "trig":
        prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode()
        return prefixes + b"".join(f"\n<{g}> {{\n".encode() + nt_of(g) + b"}\n" for g in _graphs(store, include_inferred))
    if fmt in ("nt", "ttl"):  # the merged graph: the union (deduplicated) and the inferred triples
        graphs = [UNION_GRAPH] if store.data_graphs() else []
        if include_inferred and store.inferred_ready():
            graphs.append(INFERRED_GRAPH)
        if fmt == "nt":
            return b"".join(nt_of(g) for g in graphs)
        merged = ox.Store()
        for g in graphs:
            merged.load(nt_of(g), format=ox.RdfFormat.N_TRIPLES)
        return merged.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    ds = store.to_rdflib(include_inferred=include_inferred)  # JSON-LD
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds.serialize(format=FORMATS[fmt], encoding="utf-8")


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
