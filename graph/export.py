"""Write the graph to a file, atomically (temporary file in the same folder, then rename).

Triple formats (ttl, nt) merge the per-document graphs; quad formats (nq, trig, jsonld) keep
one named graph per source document. Inferred triples are left out unless asked for. Everything
but JSON-LD (rdflib) is written by Oxigraph, streamed into the file graph by graph.
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


def _write(store: GraphStore, fmt: str, include_inferred: bool, f) -> None:
    """Stream the graph in ``fmt`` to the binary file ``f``, one graph at a time (memory stays
    bounded by the largest document graph, not the store: a 5 GB export must not need 12 GB)."""
    nt_of = lambda g: store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))  # noqa: E731
    if fmt == "nq":  # one named graph per source document
        for g in _graphs(store, include_inferred):
            suffix = f" <{g}> .\n".encode()
            f.write(b"".join(line[:-2] + suffix for line in nt_of(g).splitlines(keepends=True) if line.strip()))
        return
    if fmt == "trig":
        f.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode())
        for g in _graphs(store, include_inferred):
            f.write(f"\n<{g}> {{\n".encode() + nt_of(g) + b"}\n")
        return
    # nt, ttl: the merged graph = the union graph (deduplicated) and the inferred triples
    graphs = [UNION_GRAPH] if store.data_graphs() else []
    if include_inferred and store.inferred_ready():
        graphs.append(INFERRED_GRAPH)
    for g in graphs:  # Oxigraph writes straight into the file
        if fmt == "nt":
            store.ox.dump(f, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
        else:  # one Turtle block per graph (a document may repeat its @prefix lines)
            store.ox.dump(f, format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(g), prefixes=PREFIXES)


def export(store: GraphStore, fmt: str, out: str | Path, include_inferred: bool = False) -> int:
    """Write the graph to ``out`` atomically (temporary file, fsync, rename); returns its size."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format '{fmt}'; choose one of {', '.join(FORMATS)}")
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if fmt == "jsonld":  # rdflib: the whole graph in memory (small stores)
                ds = store.to_rdflib(include_inferred=include_inferred)
                for prefix, ns in PREFIXES.items():
                    ds.bind(prefix, ns, override=True)
                f.write(ds.serialize(format=FORMATS[fmt], encoding="utf-8"))
            else:
                _write(store, fmt, include_inferred, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path.stat().st_size
