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
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

RDF_TYPE = RDF.type

from .vocab import BASE, GRAPH, ID, INFERRED_GRAPH, MG, PREFIXES, UNION_GRAPH

DEFAULT_STORE = ".mandategraph"
# UNION_GRAPH (vocab): the RDF merge (a set) of all document graphs, maintained by every write.
# Queries run on it: Oxigraph's "default graph as union" returns a triple once PER GRAPH holding
# it, so a fact that 100 documents repeat (an agency's name, a cited resolution) multiplied joins.
# The write-ahead record of a batch load in progress: the graphs it is writing. Present only
# while (or if a crash interrupted) a batch; opening the store rolls such graphs back.
PENDING_GRAPH = BASE + "graph/pending"
_SPECIAL = {UNION_GRAPH, INFERRED_GRAPH, PENDING_GRAPH}
_FIRST_YEAR = 1945  # candidate years when merging an undated mention with its dated document
_DOC_PREFIX = str(ID) + "doc/"
_YEAR_SUFFIX = re.compile(r"^(.*)/(\d{4})$")
_USES_GRAPH = re.compile(r"\b(GRAPH|FROM)\s+[?$<\w]", re.IGNORECASE)


class StoreError(Exception):
    """A store problem the user can act on (locked, unreadable, ...)."""


@dataclass(frozen=True)
class NewGraph:
    """One document's triples ready to store: N-Triples text, the documents it types, its size,
    and (optionally, made by a parsing worker so the writing process does not have to) the
    UTF-8 N-Quads of its graph and union-graph copies that :meth:`GraphStore.add_new_graphs` loads."""

    graph: str
    nt: str
    documents: frozenset
    size: int
    nq: Optional[bytes] = None

    @classmethod
    def prepared(cls, graph: str, nt: str, documents: Iterable[str], size: int) -> "NewGraph":
        item = cls(graph, nt, frozenset(documents), size)
        return cls(graph, nt, item.documents, size, item.quads())

    def ntriples(self) -> str:
        return self.nt

    def rewritten(self, rewrites: dict[str, str]) -> "NewGraph":
        if not rewrites:
            return self
        docs = frozenset(rewrites.get(d, d) for d in self.documents)
        return NewGraph(self.graph, _rewrite_ntriples(self.nt, rewrites), docs, self.size)

    def nquads(self, graph: str) -> str:
        # N-Triples lines end with " ." and a newline; a literal never holds a raw newline
        return self.nt.replace(" .\n", f" <{graph}> .\n")

    def quads(self) -> bytes:
        """N-Quads of the document graph and of its copy in the union graph."""
        if self.nq is not None:
            return self.nq
        return (self.nquads(self.graph) + self.nquads(UNION_GRAPH)).encode("utf-8")


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
        self._doc_index: Optional[dict[str, set[str]]] = None
        self._recover()
        self._ensure_union()

    def _recover(self) -> None:
        """Roll back a batch load that a crash interrupted (see :meth:`add_new_graphs`)."""
        pending = ox.NamedNode(PENDING_GRAPH)
        if not self.ox.contains_named_graph(pending):
            return
        graphs = sorted({q.subject.value for q in self.ox.quads_for_pattern(None, None, None, pending)})
        for g in graphs:
            self.ox.update(_leave_union(g) + f" ;\nDROP SILENT GRAPH <{g}>")
        # union triples the interrupted batch wrote without their document triples
        u = UNION_GRAPH
        self.ox.update(
            f"DELETE {{ GRAPH <{u}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{u}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{u}> && ?h != <{INFERRED_GRAPH}> "
            f"&& ?h != <{PENDING_GRAPH}>) }} }}"
        )
        self.ox.remove_graph(pending)

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
        if self.inferred_ready():
            default.append(ox.NamedNode(INFERRED_GRAPH))
        # Listing the named graphs costs ~8 ms at 1,000 documents: only when the query can use them
        names = self.named_graphs() if _USES_GRAPH.search(sparql) else []
        return self.ox.query(
            sparql,
            default_graph=default,
            named_graphs=[ox.NamedNode(g) for g in names if g not in (UNION_GRAPH, PENDING_GRAPH)] or None,
            substitutions=substitutions or None,
            prefixes=PREFIXES,
        )

    def inferred_ready(self) -> bool:
        """An inferred graph exists and is complete (a reasoning run, or the removal of a stale
        closure, that did not finish leaves graph.reason's incomplete marker in it)."""
        from .reason import _marker_quad

        return self.ox.contains_named_graph(ox.NamedNode(INFERRED_GRAPH)) and _marker_quad() not in self.ox

    def drop_inferred(self) -> bool:
        """Remove the inferred graph (stale after a load). It is marked incomplete first, so
        queries stop using it at once, then emptied in bounded transactions: one DROP of a
        closure of millions of triples is one transaction holding gigabytes."""
        from .reason import _clear_graph, _marker_quad

        g = ox.NamedNode(INFERRED_GRAPH)
        if not self.ox.contains_named_graph(g):
            return False
        marker = _marker_quad()
        self.ox.add(marker)
        _clear_graph(self.ox, INFERRED_GRAPH, keep=marker)
        self.ox.remove_graph(g)
        return True

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
    def plan_new_graph(self, item: NewGraph, pending: frozenset | set = frozenset(),
                       pending_graphs: frozenset | set = frozenset()) -> tuple[dict[str, str], bool]:
        """How to store ``item``: ``(rewrites, elsewhere, replaces)``.

        ``rewrites``: undated IRI -> dated IRI to apply to its own text; ``elsewhere``: those of
        them that other graphs (stored, or ``pending``: the documents of the batch not written
        yet) mention, to rewrite there with :meth:`merge_mentions` first; ``replaces``: its
        graph is stored (or pending) already, so it takes the one-update path of
        :meth:`replace_graph` instead.
        """
        if item.graph in pending_graphs or self.ox.contains_named_graph(ox.NamedNode(item.graph)):
            return {}, {}, True
        index = self._documents_by_key()
        elsewhere: set[str] = set()
        for d in item.documents:
            elsewhere |= index.get(_undated(d), set())
        rewrites = resolve_undated(elsewhere | set(item.documents))
        return rewrites, {u: d for u, d in rewrites.items() if u in elsewhere}, False

    def note_documents(self, iris: Iterable[str], gone: Iterable[str] = ()) -> None:
        """Keep the document index right for documents about to be written (a pending batch)
        and for undated IRIs merged away."""
        if self._doc_index is None:
            return
        for g in gone:
            self._doc_index.get(_undated(g), set()).discard(g)
        for d in iris:
            if d.startswith(_DOC_PREFIX):
                self._doc_index.setdefault(_undated(d), set()).add(d)

    def _documents_by_key(self) -> dict[str, set[str]]:
        """Document IRIs by undated key (``.../doc/49-nq-tw`` for ``.../doc/49-nq-tw/2018``): read
        once from the union graph, then kept in step by this process's writes."""
        if self._doc_index is None:
            index: dict[str, set[str]] = {}
            t, d, u = ox.NamedNode(str(RDF_TYPE)), ox.NamedNode(str(MG.Document)), ox.NamedNode(UNION_GRAPH)
            for q in self.ox.quads_for_pattern(None, t, d, u):
                iri = q.subject.value
                if iri.startswith(_DOC_PREFIX):
                    index.setdefault(_undated(iri), set()).add(iri)
            self._doc_index = index
        return self._doc_index

    def merge_mentions(self, rewrites: dict[str, str]) -> None:
        """Rewrite undated mentions stored in any graph to their dated document (one update)."""
        if rewrites:
            self.ox.update(" ;\n".join(_rewrite_updates(rewrites)))
            self.note_documents(rewrites.values(), gone=rewrites)

    def add_new_graphs(self, items: Iterable[NewGraph]) -> None:
        """Store graphs that are not in the store yet, with their union-graph triples.

        Oxigraph's transactional load costs ≈ 20 µs a quad here, its bulk loader a third of
        that, so a batch is bulk-loaded under a write-ahead record: the batch's graph names go
        to :data:`PENDING_GRAPH` (one transaction) before, and are removed after. If the
        process dies in between, the next open rolls those graphs back, so every document is
        still either wholly stored or absent. The caller checks :meth:`plan_new_graph`.
        """
        items = list(items)
        if not items:
            return
        pending = ox.NamedNode(PENDING_GRAPH)
        flag = ox.NamedNode(BASE + "store#pendingLoad")  # bookkeeping, not part of the ontology
        yes = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
        self.ox.extend([ox.Quad(ox.NamedNode(it.graph), flag, yes, pending) for it in items])
        try:
            self.ox.bulk_load(b"".join(it.quads() for it in items), format=ox.RdfFormat.N_QUADS)
        except BaseException:
            self._doc_index = None
            self._recover()  # undo what the failed load wrote, now
            raise
        self.ox.remove_graph(pending)

    def replace_graph(self, graph: str, data) -> dict[str, str]:
        """Atomically replace ``graph`` with ``data``; merge undated mentions of documents.

        ``data`` is the emitter's ``Triples`` (N-Triples lines) or an rdflib Graph.
        Returns the entity-resolution rewrites applied (undated IRI -> dated IRI).
        """
        if isinstance(data, Graph):
            new_docs = {str(s) for s in data.subjects(predicate=RDF_TYPE, object=URIRef(str(MG.Document)))}
            nt = data.serialize(format="nt")
        else:  # the emitter's Triples, or a NewGraph
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
            parts.extend(_rewrite_updates(rewrites))
        self.ox.update(" ;\n".join(parts))
        self._doc_index = None  # the replaced graph may have stopped mentioning documents
        return rewrites

    def drop_graph(self, graph: str) -> None:
        """Remove a graph (atomically keeping the union graph right for a document graph)."""
        u = UNION_GRAPH
        self._doc_index = None
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
            self._doc_index = None
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


def _rewrite_updates(rewrites: dict[str, str]) -> list[str]:
    """SPARQL: replace each undated IRI by its dated one, as subject and as object, in every graph."""
    values = " ".join(f"(<{u}> <{d}>)" for u, d in sorted(rewrites.items()))
    return [
        f"DELETE {{ GRAPH ?g {{ ?u ?p ?o }} }} INSERT {{ GRAPH ?g {{ ?d ?p ?o }} }} "
        f"WHERE {{ VALUES (?u ?d) {{ {values} }} GRAPH ?g {{ ?u ?p ?o }} }}",
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?u }} }} INSERT {{ GRAPH ?g {{ ?s ?p ?d }} }} "
        f"WHERE {{ VALUES (?u ?d) {{ {values} }} GRAPH ?g {{ ?s ?p ?u }} }}",
    ]


def _leave_union(graph: str) -> str:
    """SPARQL: remove from the union graph the triples that only ``graph`` holds."""
    u = UNION_GRAPH
    return (
        f"DELETE {{ GRAPH <{u}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{graph}> && ?h != <{u}> && ?h != <{INFERRED_GRAPH}>) }} }}"
    )


def _undated(iri: str) -> str:
    m = _YEAR_SUFFIX.match(iri)
    return m.group(1) if m else iri


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


__all__ = ["GraphStore", "StoreError", "NewGraph", "DEFAULT_STORE", "resolve_undated", "GRAPH"]
