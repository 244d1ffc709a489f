"""Copy the store to a triplestore with the SPARQL 1.1 Graph Store HTTP Protocol.

One named graph per source document: each is sent with HTTP PUT (replace) to
``ENDPOINT?graph=<graph IRI>`` as N-Triples, so pushing again replaces the remote copy instead of
duplicating it. The store's deduplicated union graph goes too (last), so that ``query --endpoint``
can use it as the default graph, as the local store does: a server merging thousands of document
graphs repeats a triple once per graph holding it, and joins explode (at 1,000 documents the remote
trace did not answer). ENDPOINT is the Graph Store base, e.g. ``http://127.0.0.1:7878/store`` for an Oxigraph
server, ``http://host:3030/DATASET/data`` for Fuseki. The inferred graph is pushed only when asked.
Credentials come from the environment (see :mod:`.remote`); they are never printed.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Optional

import pyoxigraph as ox

from .remote import DEFAULT_TIMEOUT, RemoteError, check_endpoint, http
from .store import UNION_GRAPH, GraphStore
from .vocab import INFERRED_GRAPH


@dataclass
class PushReport:
    pushed: list[tuple[str, int]] = field(default_factory=list)  # (graph IRI, triples)


def graph_url(endpoint: str, graph: str) -> str:
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + sep + urllib.parse.urlencode({"graph": graph})


CHUNK_TRIPLES = 50_000  # per request: a server writes ~20-40 µs a triple, so ~1-2 s a request


def push(store: GraphStore, endpoint: str, include_inferred: bool = False, timeout: float = DEFAULT_TIMEOUT,
         progress: Optional[Callable[[str, int], None]] = None, chunk_triples: int = CHUNK_TRIPLES) -> PushReport:
    """PUT every data graph (and the inferred graph if asked) to the Graph Store endpoint.

    A graph larger than ``chunk_triples`` (the union graph of a big store: millions of triples,
    which one request would not get written within any sane timeout) is sent as a PUT of its first
    chunk (replacing the remote graph) followed by POSTs (Graph Store "merge") of the rest.
    """
    endpoint = check_endpoint(endpoint)
    graphs = store.data_graphs()
    if include_inferred:
        if not store.inferred_ready():
            raise RemoteError("no inferred graph in the store (run 'mandategraph reason' first)")
        graphs.append(INFERRED_GRAPH)
    if not graphs:
        raise RemoteError("the store is empty: nothing to push (load documents first)")
    graphs.append(UNION_GRAPH)  # last: a server with the union graph has every document graph
    report = PushReport()
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    for g in graphs:
        lines = store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)).splitlines(keepends=True)
        step = max(1, chunk_triples)
        for i in range(0, max(1, len(lines)), step):
            method = "PUT" if i == 0 else "POST"
            status, _, _ = http(method, graph_url(endpoint, g), b"".join(lines[i:i + step]), headers, timeout=timeout)
            if status not in (200, 201, 204):
                raise RemoteError(f"{method} {g}: unexpected HTTP {status}")
        report.pushed.append((g, len(lines)))
        if progress:
            progress(g, len(lines))
    return report
