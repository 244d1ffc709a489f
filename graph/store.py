"""The persistent store: an on-disk Oxigraph database, one named graph per source document.

Why Oxigraph (pyoxigraph): a transactional on-disk quad store with a complete SPARQL 1.1
engine, much faster than rdflib's in-memory store and engine (see README). rdflib stays the
reference for SHACL (pyshacl) and OWL RL (owlrl): :meth:`GraphStore.to_rdflib` hands them
the graph.

Loading a document is ONE SPARQL update (drop its graph, insert the new triples, merge
entity-resolution rewrites), which Oxigraph applies atomically: a failure or a kill in the
middle leaves the store as it was. Only one process can open the store for writing at a
time; a second one waits (up to ``wait`` seconds) and then fails with a clear message.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

RDF_TYPE = RDF.type

from .vocab import BASE, GRAPH, ID, INFERRED_GRAPH, MG, PREFIXES

DEFAULT_STORE = ".mandategraph"
# The RDF merge (a set) of all document graphs, maintained by every write. Queries run on it:
# Oxigraph's "default graph as union" returns a triple once PER GRAPH holding it, so a fact that
# 100 documents repeat (an agency's name, a cited resolution's number) multiplied every join.
UNION_GRAPH = BASE + "graph/union"
_SPECIAL = {UNION_GRAPH, INFERRED_GRAPH}
_FIRST_YEAR = 1945  # candidate years when merging an undated mention with its dated document
_DOC_PREFIX = str(ID) + "doc/"
_YEAR_SUFFIX = re.compile(r"^(.*)/(\d{4})$")


class StoreError(Exception):
    """A store problem the user can act on (locked, unreadable, ...)."""


class GraphStore:
    def __init__(self, path: str | Path = DEFAULT_STORE, *, wait: float = 30.0):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + wait
        while True:
            try:
                self.ox = ox.Store(str(self.path))
                break
            except OSError as e:
                msg = str(e)
                if "lock" in msg.lower() and time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                if "lock" in msg.lower():
                    raise StoreError(
                        f"{self.path}: the store is in use by another mandategraph process (waited {wait:.0f} s)"
                    ) from None
                raise StoreError(f"{self.path}: cannot open the store: {msg}") from None
        self._ensure_union()

    def _ensure_union(self) -> None:
        """Build the union graph of a store written before it existed (one update, atomic)."""
        if self.ox.contains_named_graph(ox.NamedNode(UNION_GRAPH)) or not self.data_graphs():
            return
        self.ox.update(
            f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER(?g != <{UNION_GRAPH}> && ?g != <{INFERRED_GRAPH}>) }}"
        )

    def close(self) -> None:
        try:
            self.ox.flush()
        finally:
            del self.ox

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------
    def query(self, sparql: str, substitutions: Optional[dict] = None, union: bool = True):
        """Run SPARQL. The default graph is the union of the documents (deduplicated) plus the
        inferred graph; GRAPH ?g sees the per-document graphs."""
        default = [ox.NamedNode(UNION_GRAPH)]
        names = self.named_graphs()
        if INFERRED_GRAPH in names:
            default.append(ox.NamedNode(INFERRED_GRAPH))
        return self.ox.query(
            sparql,
            default_graph=default,
            named_graphs=[ox.NamedNode(g) for g in names if g != UNION_GRAPH] or None,
            substitutions=substitutions or None,
            prefixes=PREFIXES,
        )

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    def data_graphs(self) -> list[str]:
        """One graph per source document (not the union or inferred graphs)."""
        return [g for g in self.named_graphs() if g not in _SPECIAL]

    def graph_sha256(self, graph: str) -> Optional[str]:
        q = f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ ?s <{MG.sha256}> ?h }} }} LIMIT 1"
        for row in self.ox.query(q):
            return row["h"].value
        return None

    def count(self, graph: Optional[str] = None) -> int:
        """Quads in one graph, or in the document graphs (not the union, not inferred)."""
        if graph:
            return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        return sum(self.count(g) for g in self.data_graphs())

    def existing_documents(self, candidates: Iterable[str], exclude_graph: Optional[str] = None) -> set[str]:
        """Which of these IRIs are documents in some graph other than ``exclude_graph`` (index lookups)."""
        cands = sorted(set(candidates))
        if not cands:
            return set()
        values = " ".join(f"<{c}>" for c in cands)
        q = (f"SELECT DISTINCT ?d WHERE {{ VALUES ?d {{ {values} }} GRAPH ?g {{ ?d a <{MG.Document}> }} "
             f"FILTER(?g != <{UNION_GRAPH}> && ?g != <{INFERRED_GRAPH}>"
             + (f" && ?g != <{exclude_graph}>" if exclude_graph else "") + ") }")
        return {r["d"].value for r in self.ox.query(q)}

    # -- writing ----------------------------------------------------------------------
    def replace_graph(self, graph: str, data) -> dict[str, str]:
        """Atomically replace ``graph`` with ``data``; merge undated mentions of documents.

        ``data`` is the emitter's ``Triples`` (N-Triples lines) or an rdflib Graph.
        Returns the entity-resolution rewrites applied (undated IRI -> dated IRI).
        """
        if isinstance(data, Graph):
            new_docs = {str(s) for s in data.subjects(predicate=RDF_TYPE, object=URIRef(str(MG.Document)))}
            nt = data.serialize(format="nt")
        else:
            new_docs = set(data.documents)
            nt = data.ntriples()
        existing = self.existing_documents(_merge_candidates(new_docs), exclude_graph=graph)
        rewrites = resolve_undated(existing | new_docs)
        if rewrites:
            nt = _rewrite_ntriples(nt, rewrites)
        u = UNION_GRAPH
        parts = [
            # take out of the union what only this graph said
            _leave_union(graph),
            f"DROP SILENT GRAPH <{graph}>",
            f"INSERT DATA {{ GRAPH <{graph}> {{\n{nt}\n}} }}",
            f"INSERT {{ GRAPH <{u}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        ]
        if rewrites:
            values = " ".join(f"(<{u}> <{d}>)" for u, d in sorted(rewrites.items()))
            parts.append(
                f"DELETE {{ GRAPH ?g {{ ?u ?p ?o }} }} INSERT {{ GRAPH ?g {{ ?d ?p ?o }} }} "
                f"WHERE {{ VALUES (?u ?d) {{ {values} }} GRAPH ?g {{ ?u ?p ?o }} }}"
            )
            parts.append(
                f"DELETE {{ GRAPH ?g {{ ?s ?p ?u }} }} INSERT {{ GRAPH ?g {{ ?s ?p ?d }} }} "
                f"WHERE {{ VALUES (?u ?d) {{ {values} }} GRAPH ?g {{ ?s ?p ?u }} }}"
            )
        self.ox.update(" ;\n".join(parts))
        return rewrites

    def drop_graph(self, graph: str) -> None:
        """Remove a graph (atomically keeping the union graph right for a document graph)."""
        u = UNION_GRAPH
        if graph in _SPECIAL:
            self.ox.update(f"DROP SILENT GRAPH <{graph}>")
            return
        self.ox.update(
            _leave_union(graph) + f" ;\nDROP SILENT GRAPH <{graph}>"
        )

    def set_inferred(self, data: Graph) -> int:
        """Replace the inferred-triples graph (kept apart from asserted triples)."""
        self.replace_graph_plain(INFERRED_GRAPH, data)
        return len(data)

    def replace_graph_plain(self, graph: str, data: Graph) -> None:
        """Replace a graph without entity resolution (document graphs still keep the union right)."""
        if graph not in _SPECIAL:
            u = UNION_GRAPH
            nt = data.serialize(format="nt")
            self.ox.update(
                _leave_union(graph) + " ;\n"
                f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{nt}\n}} }} ;\n"
                f"INSERT {{ GRAPH <{u}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
            return
        nt = data.serialize(format="nt")
        self.ox.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{nt}\n}} }}")

    # -- export to rdflib ---------------------------------------------------------------
    def to_rdflib(self, include_inferred: bool = False, graphs: Optional[Iterable[str]] = None) -> Dataset:
        ds = Dataset()
        wanted = list(graphs) if graphs is not None else self.data_graphs()
        if include_inferred and INFERRED_GRAPH in self.named_graphs():
            wanted.append(INFERRED_GRAPH)
        for g in wanted:
            data = self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
            ds.graph(URIRef(g)).parse(data=data, format="nt")
        return ds

    def union_graph(self, include_inferred: bool = False) -> Graph:
        """The merged graph of all documents, as an rdflib Graph (for pyshacl and owlrl)."""
        union = Graph()
        if self.data_graphs():
            union.parse(data=self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(UNION_GRAPH)), format="nt")
        if include_inferred and INFERRED_GRAPH in self.named_graphs():
            union.parse(data=self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(INFERRED_GRAPH)), format="nt")
        return union


def resolve_undated(doc_iris: Iterable[str]) -> dict[str, str]:
    """Undated mention -> the one dated document with the same key, if exactly one exists.

    ``.../doc/49-nq-tw`` (cited without a date) and ``.../doc/49-nq-tw/2018`` (cited with one)
    are the same document when no other ``49-nq-tw/<year>`` exists. Two dated candidates
    are ambiguous (a party number restarts each term) and are left alone.
    """
    iris = {i for i in doc_iris if i.startswith(_DOC_PREFIX)}
    dated: dict[str, list[str]] = {}
    for i in iris:
        m = _YEAR_SUFFIX.match(i)
        if m:
            dated.setdefault(m.group(1), []).append(i)
    return {u: dated[u][0] for u in iris if u in dated and len(dated[u]) == 1}


def _leave_union(graph: str) -> str:
    """SPARQL: remove from the union graph the triples that only ``graph`` holds."""
    u = UNION_GRAPH
    return (
        f"DELETE {{ GRAPH <{u}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{graph}> && ?h != <{u}> && ?h != <{INFERRED_GRAPH}>) }} }}"
    )


def _merge_candidates(new_docs: Iterable[str]) -> set[str]:
    """IRIs that could merge with the new documents: each one's undated form and its dated forms.

    Lookups by IRI (one index probe each) instead of scanning every document in the store, so a
    load costs the same in an empty store and in one holding a nation's archive.
    """
    import datetime as _dt

    last = _dt.date.today().year + 5
    out: set[str] = set()
    for d in new_docs:
        if not d.startswith(_DOC_PREFIX):
            continue
        m = _YEAR_SUFFIX.match(d)
        undated = m.group(1) if m else d
        out.add(undated)
        out.update(f"{undated}/{y}" for y in range(_FIRST_YEAR, last + 1))
    return out


def _rewrite_ntriples(nt: str, rewrites: dict[str, str]) -> str:
    """Replace whole IRIs (with their angle brackets, so a prefix never matches) in N-Triples."""
    pattern = re.compile("|".join(re.escape(f"<{u}>") for u in sorted(rewrites, key=len, reverse=True)))
    return pattern.sub(lambda m: f"<{rewrites[m.group(0)[1:-1]]}>", nt)


def graph_of(source_file: str) -> str:
    from .emit import graph_iri

    return str(graph_iri(source_file))


__all__ = ["GraphStore", "StoreError", "DEFAULT_STORE", "resolve_undated", "GRAPH"]
