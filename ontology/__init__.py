"""mandategraph.ontology: the OWL 2 ontology (Turtle modules) and the SHACL shapes, as package data.

``load_ontology()`` parses the top file and every module it imports (no network: the imports are
resolved to the files shipped here); ``load_shapes()`` parses every ``shapes/*.ttl``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import Graph

ONTOLOGY_IRI = "https://w3id.org/mandategraph/ontology"
VERSION_IRI = ONTOLOGY_IRI + "/0.1.0"
# Module files in import order; the top file imports all of them.
MODULES = ("mandategraph", "documents", "organisations", "plans", "targets", "provenance", "concepts")


def _parse_into(graph: Graph, *parts: str) -> Graph:
    res = resources.files(__name__).joinpath(*parts)
    graph.parse(data=res.read_text(encoding="utf-8"), format="turtle", publicID=ONTOLOGY_IRI)
    return graph


@lru_cache(maxsize=1)
def _ontology_cached() -> Graph:
    g = Graph()
    for name in MODULES:
        _parse_into(g, f"{name}.ttl")
    return g


@lru_cache(maxsize=1)
def _shapes_cached() -> Graph:
    g = Graph()
    folder = resources.files(__name__).joinpath("shapes")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttl"):
            _parse_into(g, "shapes", entry.name)
    return g


def _copy(src: Graph) -> Graph:
    g = Graph()
    for prefix, ns in src.namespaces():
        g.bind(prefix, ns, override=True)
    for t in src:
        g.add(t)
    return g


def load_ontology() -> Graph:
    """All ontology modules (TBox + concept schemes) as one fresh graph."""
    return _copy(_ontology_cached())


def load_shapes() -> Graph:
    """All SHACL shapes as one fresh graph."""
    return _copy(_shapes_cached())
