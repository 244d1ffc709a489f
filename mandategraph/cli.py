"""The ``mandategraph`` command line.

Every command works on a persistent store (default ./.mandategraph, ``--store DIR``).
Errors are one line on stderr and a non-zero exit; set MANDATEGRAPH_DEBUG=1 for a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from . import __version__

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def open_store(args):
    from mandategraph.graph.store import GraphStore

    return GraphStore(args.store)


def _parse_params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise CliError(f"--param needs NAME=VALUE, got '{pair}'")
        k, v = pair.split("=", 1)
        if not k.isidentifier():
            raise CliError(f"--param name must be a plain identifier, got '{k}'")
        params[k] = v
    return params


def _print(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# -- commands ----------------------------------------------------------------------------
def cmd_load(args) -> int:
    from mandategraph.graph.load import load_paths

    with open_store(args) as store:
        report = load_paths(store, args.paths, force=args.force, jobs=args.jobs)
    for path, n in report.loaded:
        _print(f"loaded   {path}  ({n} triples)")
    for path in report.skipped:
        _print(f"unchanged {path}  (same content already stored)")
    for e in report.failed:
        print(f"error: {e}", file=sys.stderr)
    total = len(report.loaded) + len(report.skipped) + len(report.failed)
    summary = f"{len(report.loaded)} loaded, {len(report.skipped)} unchanged, {len(report.failed)} failed of {total} file(s)"
    if report.merged:
        summary += f"; {len(report.merged)} undated citation(s) merged with their dated document"
    if report.dropped_inferred:
        summary += "; the inferred graph was out of date and was removed (run 'mandategraph reason' again)"
    print(summary, file=sys.stderr if report.failed else sys.stdout)
    if total == 0:
        raise CliError("no files to load (give files or folders with .txt/.md/.html/.docx/.pdf documents)")
    return EXIT_FAIL if report.failed else EXIT_OK


def cmd_query(args) -> int:
    from mandategraph.graph import query as q

    if args.list:
        for name, nq in q.named_queries().items():
            params = ", ".join(f"{p}{'' if req else '?'}" for p, (req, _) in nq.params.items())
            _print(f"{name:<14} {nq.purpose}")
            if params:
                _print(f"{'':<14} params: {params}")
            if nq.columns:
                _print(f"{'':<14} columns: {', '.join(nq.columns)}")
        return EXIT_OK
    if not args.query:
        raise CliError("give a query name or a .rq file (see 'mandategraph query --list')")
    nq = q.resolve(args.query)
    if args.endpoint:  # a remote SPARQL 1.1 endpoint: parameters bound with VALUES, not pasted
        from mandategraph.graph.remote import run_remote

        res = run_remote(args.endpoint, nq, _parse_params(args.param), timeout=args.timeout)
    else:
        with open_store(args) as store:
            res = q.run(store, nq, _parse_params(args.param))
    _print(q.FORMATTERS[args.format](res))
    return EXIT_OK


def cmd_trace(args) -> int:
    from mandategraph.graph import query as q

    params = {"document": args.document} if args.document else {}
    if args.national:
        params["scope"] = "national"
    with open_store(args) as store:
        res = q.run(store, q.resolve("trace"), params)
    if args.format == "table" and not res.rows:
        _print("no task reaches a resolution" + (f" in {args.document}" if args.document else "") + " (is the document loaded?)")
        return EXIT_OK
    _print(q.FORMATTERS[args.format](res))
    return EXIT_OK


def cmd_validate(args) -> int:
    from mandategraph.graph.validate import validate, validate_store

    with open_store(args) as store:
        if args.inference != "none":  # pyshacl's own pre-inference: the reference engine on a copy
            report = validate(store.union_graph(include_inferred=False), inference=args.inference)
        else:
            report = validate_store(store, engine=args.engine)
    out = {"text": report.to_text, "ttl": report.to_turtle, "json": report.to_json}[args.format]()
    _print(out)
    return EXIT_OK if report.conforms else EXIT_FAIL


def cmd_reason(args) -> int:
    from mandategraph.graph.reason import materialise, materialise_store

    with open_store(args) as store:
        if args.engine == "rules":
            n = materialise_store(store)
        else:  # the reference implementation, on an rdflib copy of the union graph
            inferred = materialise(store.union_graph(include_inferred=False), engine=args.engine)
            n = store.set_inferred(inferred)
    _print(f"{n} inferred triples stored in the inferred graph (engine: {args.engine})")
    return EXIT_OK


def cmd_export(args) -> int:
    from mandategraph.graph.export import export

    with open_store(args) as store:
        size = export(store, args.format, args.out, include_inferred=args.inferred)
    _print(f"wrote {args.out} ({size} bytes, {args.format})")
    return EXIT_OK


STATS_QUERY = """
SELECT
  (COUNT(DISTINCT ?loaded) AS ?documents_loaded)
  (COUNT(DISTINCT ?doc) AS ?documents_total)
  (COUNT(DISTINCT ?task) AS ?tasks)
  (COUNT(DISTINCT ?prov) AS ?provisions)
  (COUNT(DISTINCT ?asg) AS ?assignments)
  (COUNT(DISTINCT ?body) AS ?bodies)
  (COUNT(DISTINCT ?cit) AS ?citations)
  (COUNT(DISTINCT ?tgt) AS ?targets)
  (COUNT(DISTINCT ?dl) AS ?deadlines)
WHERE {
  { ?loaded mg:loadedFrom ?s } UNION { ?doc a mg:Document } UNION { ?task a mg:Task }
  UNION { ?prov a mg:Provision } UNION { ?asg a mg:Assignment } UNION { ?body a mg:Agency }
  UNION { ?cit a mg:Citation } UNION { ?tgt a mg:Target } UNION { ?dl a mg:Deadline }
}
"""


def cmd_stats(args) -> int:
    if getattr(args, "bodies", False):
        return cmd_stats_bodies(args)
    with open_store(args) as store:
        row = next(iter(store.query(STATS_QUERY)))
        names = ["documents_loaded", "documents_total", "tasks", "provisions", "assignments", "bodies",
                 "citations", "targets", "deadlines"]
        for n in names:
            _print(f"{n:<18} {row[n].value}")
        _print(f"{'named_graphs':<18} {len(store.data_graphs())}")
        _print(f"{'quads':<18} {store.count()}")
    return EXIT_OK


def cmd_stats_bodies(args) -> int:
    from mandategraph.graph import viz

    with open_store(args) as store:
        g = viz.build(store, max_tasks=10**9)
    m = viz.body_measures(g, top=args.top)
    _print("bodies carrying the most work (tasks led, tasks coordinated, distinct partner bodies):")
    w = max([len(r[0]) for r in m["bodies"]] + [4])
    _print(f"  {'body':<{w}}  lead  coordinating  partners")
    for name, lead, coord, partners in m["bodies"]:
        _print(f"  {name:<{w}}  {lead:>4}  {coord:>12}  {partners:>8}")
    _print("longest delegation chains (documents, highest first):")
    for chain in m["chains"]:
        _print(f"  {chain}")
    return EXIT_OK


def cmd_push(args) -> int:
    from mandategraph.graph.push import push

    with open_store(args) as store:
        report = push(store, args.endpoint, include_inferred=args.inferred, timeout=args.timeout,
                      progress=lambda g, n: _print(f"pushed {g}  ({n} triples)"))
    from mandategraph.graph.store import UNION_GRAPH

    own = [(g, n) for g, n in report.pushed if g != UNION_GRAPH]
    _print(f"{len(own)} graph(s) pushed, {sum(n for _, n in own)} triples, and the union graph the queries read")
    return EXIT_OK


def cmd_viz(args) -> int:
    from mandategraph.graph import viz

    if args.max_tasks < 1:
        raise CliError("--max-tasks must be at least 1")
    with open_store(args) as store:
        g = viz.build(store, document=args.document, body=args.body, resolution=args.resolution,
                      max_tasks=args.max_tasks)
    viz.write(g, args.out)
    _print(f"wrote {args.out} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
    return EXIT_OK


# -- parser ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    store_help = "store folder (default: ./.mandategraph or $MANDATEGRAPH_STORE)"
    top = argparse.ArgumentParser(add_help=False)
    top.add_argument("--store", default=os.environ.get("MANDATEGRAPH_STORE", ".mandategraph"), help=store_help)
    # On subcommands --store only overrides when given, so `mandategraph --store X trace` works too.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", default=argparse.SUPPRESS, help=store_help)
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                     help="output format (csv drops datatypes and language tags; tsv keeps them; json is SPARQL 1.1 JSON)")

    p = argparse.ArgumentParser(
        prog="mandategraph",
        description="Trace who must do what, and why, through Vietnam's planning documents.",
        parents=[top],
    )
    p.add_argument("--version", action="version", version=f"mandategraph {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("load", parents=[common], help="load documents (files or folders) into the store",
                       description="Parse documents and store one named graph per file. Loading a file "
                                   "again replaces its graph; an unchanged file is skipped.")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--force", action="store_true", help="re-load even when the content is unchanged")
    s.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="worker processes that parse (default: one per core; 1 = parse in this process)")
    s.set_defaults(func=cmd_load)

    s = sub.add_parser("validate", parents=[common], help="check the graph with the SHACL shapes",
                       description="Exit 0: conforms (no Violation); 1: violations; 2: error.")
    s.add_argument("--format", choices=["text", "ttl", "json"], default="text")
    s.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="sparql: the shapes compiled to SPARQL, run inside the store (fast); "
                        "pyshacl: the reference implementation on an rdflib copy; same results")
    s.add_argument("--inference", choices=["none", "rdfs"], default="none",
                   help="pre-inference before checking (uses pyshacl)")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("query", parents=[common, fmt], help="run a named query or a .rq file (read-only)",
                       description="Run a named query (see --list) or a SPARQL file. Parameters are bound "
                                   "as RDF terms: <iri>, YYYY-MM-DD (xsd:date), integers, else strings.")
    s.add_argument("query", nargs="?", help="named query (trace, citations, assignments, ...) or FILE.rq")
    s.add_argument("--param", action="append", metavar="NAME=VALUE", help="bind a parameter (repeatable)")
    s.add_argument("--list", action="store_true", help="list the named queries with their parameters and columns")
    s.add_argument("--endpoint", metavar="URL",
                   help="run on a remote SPARQL 1.1 query endpoint instead of the store (e.g. http://127.0.0.1:7878/query); "
                        "credentials from MANDATEGRAPH_TOKEN or MANDATEGRAPH_USER/MANDATEGRAPH_PASSWORD")
    s.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the endpoint (default 30)")
    s.set_defaults(func=cmd_query)

    s = sub.add_parser("trace", parents=[common, fmt], help="which task implements which resolution",
                       description="Tasks, their lead bodies, and the chain of documents up to the resolutions they implement.")
    s.add_argument("--document", metavar="NUMBER", help="only the tasks of this document, e.g. 161/QĐ-UBND")
    s.add_argument("--national", action="store_true",
                   help="only resolutions issued at central level (Quốc hội, Chính phủ, Trung ương Đảng, ...)")
    s.set_defaults(func=cmd_trace)

    s = sub.add_parser("reason", parents=[common], help="materialise the OWL RL closure into its own graph")
    s.add_argument("--engine", choices=["owlrl", "rules"], default="rules",
                   help="rules: SPARQL rules inside the store (fast); owlrl: the reference implementation "
                        "on an rdflib copy; same inferences")
    s.set_defaults(func=cmd_reason)

    s = sub.add_parser("export", parents=[common], help="write the graph to a file (atomically)")
    s.add_argument("--format", choices=["ttl", "nt", "nq", "trig", "jsonld"], required=True)
    s.add_argument("--out", required=True, metavar="FILE")
    s.add_argument("--inferred", action="store_true", help="include the inferred triples")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("stats", parents=[common], help="counts of documents, tasks, bodies, citations")
    s.add_argument("--bodies", action="store_true",
                   help="network measures: bodies carrying the most work, longest delegation chains")
    s.add_argument("--top", type=int, default=10, help="how many bodies and chains to show with --bodies (default 10)")
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("push", parents=[common], help="copy the graphs to a triplestore (Graph Store Protocol, PUT)",
                       description="PUT each document's named graph to ENDPOINT?graph=IRI (replacing it). ENDPOINT is "
                                   "the Graph Store base, e.g. http://127.0.0.1:7878/store (Oxigraph) or "
                                   "http://host:3030/DATASET/data (Fuseki). Credentials only from the environment: "
                                   "MANDATEGRAPH_TOKEN (Bearer) or MANDATEGRAPH_USER and MANDATEGRAPH_PASSWORD (Basic).")
    s.add_argument("--endpoint", required=True, metavar="URL", help="Graph Store HTTP Protocol endpoint")
    s.add_argument("--inferred", action="store_true", help="also push the inferred graph")
    s.add_argument("--timeout", type=float, default=30.0, help="seconds to wait per request (default 30)")
    s.set_defaults(func=cmd_push)

    s = sub.add_parser("viz", parents=[common], help="draw a delegation chain (png, svg, html, graphml, dot)",
                       description="Resolution → programme → decision → task → lead body → coordinating bodies, "
                                   "drawn left to right; the format follows the --out extension.")
    which = s.add_mutually_exclusive_group()
    which.add_argument("--document", metavar="NUMBER", help="a loaded document, e.g. 161/QĐ-UBND")
    which.add_argument("--body", metavar="NAME", help="a body's canonical name: the documents it issued, the tasks it leads")
    which.add_argument("--resolution", metavar="NUMBER", help="a resolution, e.g. 158/2024/QH15: everything implementing it")
    s.add_argument("--out", required=True, metavar="FILE", help="output file: .png .svg .html .graphml .dot")
    s.add_argument("--max-tasks", type=int, default=12,
                   help="a body's tasks in one document above this count become one node 'N nhiệm vụ' (default 12)")
    s.set_defaults(func=cmd_viz)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_ERROR
    from mandategraph.graph.query import QueryError
    from mandategraph.graph.store import StoreError
    from mandategraph.loaders.errors import LoaderError

    try:
        return args.func(args)
    except CliError as e:
        print(f"error: {e}", file=sys.stderr)
        return e.code
    except (QueryError, StoreError, LoaderError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # never a traceback for users; MANDATEGRAPH_DEBUG=1 shows it
        if os.environ.get("MANDATEGRAPH_DEBUG"):
            raise
        print(f"error: {type(e).__name__}: {e} (set MANDATEGRAPH_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
