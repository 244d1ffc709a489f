"""Benchmark: load, reason, validate, query, export, re-load, at several corpus sizes.

    python bench/run.py --sizes 100,1000,10000 [--repeat 5] [--out bench/RESULTS.md]
    python bench/run.py --docs 1000            # one size

Every stage runs in its own child process (a fresh interpreter), so its peak memory is that process's
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (resident set, includes the interpreter and imports, about
100 MB; for the parallel load the pool workers' peak, ``RUSAGE_CHILDREN``, is reported too). CPU use is
(user + system CPU of the process and its children) / wall time: 2.0 means both cores busy.

Each size gets a fresh store in a temporary folder. The corpus (bench/generate.py) is generated once for
the largest size; a smaller size uses the first N documents (the generator is prefix-stable). Generation is
not timed. A stage whose predicted time (from the previous size and a linear growth) exceeds ``--budget``
seconds is skipped and the results SAY so; a stage that runs over the budget is killed and reported as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

QUERY_NAMES = ("trace", "implementers", "workload")


# ---------------------------------------------------------------------------------------------
# Stages (run in a child process: ``run.py --stage NAME --spec JSON``); each returns a dict.
def _peak_rss_mb() -> float:
    """This process's RSS high-water mark since exec (VmHWM). Not ru_maxrss: Linux carries that
    across fork+exec, so every stage would report at least the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _usage() -> dict:
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"maxrss_mb": _peak_rss_mb(), "children_maxrss_mb": ch.ru_maxrss / 1024,
            "cpu_s": me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime}


def stage_load(spec: dict) -> dict:
    """The real pipeline: ``graph.load.load_paths`` (a pool of ``jobs`` parses, batches written)."""
    from mandategraph.graph.load import load_paths
    from mandategraph.graph.store import GraphStore

    files = spec["files"]
    jobs = spec.get("jobs")
    t0 = time.perf_counter()
    with GraphStore(spec["store"]) as store:
        report = load_paths(store, files, jobs=jobs)
        quads = store.count()
    wall = time.perf_counter() - t0
    triples = sum(n for _, n in report.loaded)
    return {"wall_s": wall, "docs": len(report.loaded), "failed": len(report.failed), "triples": triples,
            "quads": quads, "docs_per_s": len(report.loaded) / wall, "triples_per_s": triples / wall,
            "jobs": jobs or os.cpu_count(), "merged": len(report.merged),
            "errors": [str(e)[:200] for e in report.failed[:5]]}


def stage_reload(spec: dict) -> dict:
    from mandategraph.graph.load import load_paths
    from mandategraph.graph.store import GraphStore

    files = spec["files"]
    t0 = time.perf_counter()
    with GraphStore(spec["store"]) as store:
        report = load_paths(store, files)
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "unchanged": len(report.skipped), "reloaded": len(report.loaded),
            "ms_per_file": 1000 * wall / max(1, len(files))}


def stage_reason(spec: dict) -> dict:
    """engine "rules": ``materialise_store`` inside the on-disk store (the default). engine
    "owlrl": the reference, on an rdflib copy of the union graph (small sizes only)."""
    from mandategraph.graph.reason import materialise, materialise_store
    from mandategraph.graph.store import GraphStore

    t0 = time.perf_counter()
    with GraphStore(spec["store"]) as store:
        if spec["engine"] == "rules":
            n = materialise_store(store)
            return {"wall_s": time.perf_counter() - t0, "inferred": n, "in_store": True}
        data = store.union_graph(include_inferred=False)
        t1 = time.perf_counter()
        inferred = materialise(data, engine=spec["engine"])
        t2 = time.perf_counter()
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "to_rdflib_s": t1 - t0, "materialise_s": t2 - t1, "inferred": len(inferred),
            "input": len(data), "in_store": False}


def stage_validate(spec: dict) -> dict:
    """engine "sparql": the shapes compiled to SPARQL, run by Oxigraph on the store (the default).
    engine "pyshacl": the reference, pyshacl on an rdflib copy of the union graph."""
    from mandategraph.graph.store import GraphStore
    from mandategraph.graph.validate import validate_store

    t0 = time.perf_counter()
    with GraphStore(spec["store"]) as store:
        report = validate_store(store, engine=spec.get("engine", "sparql"))
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "conforms": report.conforms, "violations": len(report.violations),
            "warnings": len(report.warnings), "results": len(report.results), "engine": spec.get("engine", "sparql")}


def _query_params(store) -> dict[str, dict]:
    """One document (the most-tasked number that names ONE loaded document: a number such as
    06-CTr/TU recurs in every province) and one resolution (the most-implemented national one)."""
    doc = next(iter(store.query(
        "SELECT ?n (COUNT(?t) AS ?c) WHERE { ?t a mg:Task ; mg:inDocument ?d . ?d mg:documentNumber ?n ; "
        "mg:loadedFrom ?s } GROUP BY ?n HAVING (COUNT(DISTINCT ?d) = 1) ORDER BY DESC(?c) ?n LIMIT 1")), None)
    res = next(iter(store.query(
        "SELECT ?n (COUNT(?x) AS ?c) WHERE { ?x mg:implements ?r . ?r mg:documentNumber ?n . "
        "FILTER(CONTAINS(?n, '/TW') || CONTAINS(?n, 'QH') || CONTAINS(?n, 'NQ-CP')) } "
        "GROUP BY ?n ORDER BY DESC(?c) ?n LIMIT 1")), None)
    d = doc["n"].value if doc else "161/QĐ-UBND"
    r = res["n"].value if res else "01/NQ-CP"
    return {"trace": {"document": d}, "implementers": {"resolution": r}, "workload": {"document": d}}


def stage_queries(spec: dict) -> dict:
    from mandategraph.graph import query as q
    from mandategraph.graph.store import GraphStore

    out = {}
    with GraphStore(spec["store"]) as store:
        params = _query_params(store)
        named = q.named_queries()
        for name in sorted(QUERY_NAMES, key=lambda n: n == "trace"):  # the slowest last
            if name not in named:
                out[name] = {"skipped": "named query not available"}
                continue
            out[name] = {"skipped": f"did not finish one run within the stage budget", "params": params[name]}
            _partial(spec, out)
            times, rows = [], 0
            for _ in range(spec["repeat"]):
                t0 = time.perf_counter()
                res = q.run(store, named[name], params[name])
                times.append(time.perf_counter() - t0)
                rows = len(res.rows)
                if sum(times) > spec.get("query_budget", 60):  # a very slow query: fewer runs, said in 'runs'
                    break
            times.sort()
            out[name] = {"params": params[name], "rows": rows, "p50_ms": 1000 * statistics.median(times),
                         "p95_ms": 1000 * times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)],
                         "runs": len(times)}
            _partial(spec, out)
    return out


def _partial(spec: dict, result: dict) -> None:
    """Results so far, kept if the stage is killed at its budget."""
    if spec.get("_out"):
        tmp = spec["_out"] + ".tmp"
        Path(tmp).write_text(json.dumps(result, default=str))
        os.replace(tmp, spec["_out"] + ".partial")


def stage_export(spec: dict) -> dict:
    from mandategraph.graph.export import export
    from mandategraph.graph.store import GraphStore

    t0 = time.perf_counter()
    with GraphStore(spec["store"]) as store:
        size = export(store, "nq", spec["out"])
    wall = time.perf_counter() - t0
    return {"wall_s": wall, "bytes": size}


def stage_push(spec: dict) -> dict:
    """push every document graph to a fresh Oxigraph server on 127.0.0.1 (Graph Store Protocol PUTs),
    then run trace remotely once (``query --endpoint``). Skipped when the server binary is missing."""
    import shutil as _sh
    import socket
    import subprocess
    import urllib.request

    from mandategraph.graph import query as q
    from mandategraph.graph import remote
    from mandategraph.graph.push import push
    from mandategraph.graph.store import GraphStore

    binary = str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        binary = _sh.which("oxigraph")
    if not binary:
        return {"skipped": "no 'oxigraph' server binary (pip install oxigraph)"}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = Path(spec["out"])
    proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        t0 = time.perf_counter()
        with GraphStore(spec["store"]) as store:
            report = push(store, url + "/store")
            params = _query_params(store)["trace"]
        wall = time.perf_counter() - t0
        t1 = time.perf_counter()
        rows = len(remote.run_remote(url + "/query", q.resolve("trace"), params).rows)
        remote_ms = 1000 * (time.perf_counter() - t1)
    finally:
        proc.terminate()
        proc.wait(30)
        _sh.rmtree(folder, ignore_errors=True)
    return {"wall_s": wall, "graphs": len(report.pushed), "triples": sum(n for _, n in report.pushed),
            "remote_trace_ms": remote_ms, "remote_trace_rows": rows, "params": params}


def _rdflib_term(t):
    """pyoxigraph term -> rdflib term: the reasoner's conversion, so both backends see the same terms."""
    from mandategraph.graph.reason import _to_rdflib

    return _to_rdflib(t)


def _key(v) -> str:
    if v is None:
        return ""
    text = getattr(v, "value", None) if hasattr(v, "value") else str(v)
    # GROUP_CONCAT's order is unspecified: compare "; "-joined lists as sorted lists
    return "; ".join(sorted(text.split("; "))) if isinstance(text, str) and "; " in text else text


def _rdflib_rows(ds, text, prefixes, bindings, columns, timeout: float):
    """Run one query on rdflib in a forked child, killed after ``timeout`` seconds."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)

    def work():
        try:
            res = ds.query(text, initNs=prefixes, initBindings=bindings)
            rows = {tuple(str(row[c]) if row[c] is not None else "" for c in columns) for row in res}
            child.send(("ok", rows))
        except Exception as e:
            child.send(("error", f"{type(e).__name__}: {e}"))

    proc = ctx.Process(target=work)
    proc.start()
    if parent.poll(timeout):
        status, payload = parent.recv()
        proc.join()
        return status, payload
    proc.kill()
    proc.join()
    return "timeout", f"rdflib did not answer within {timeout:.0f} s"


def stage_backends(spec: dict) -> dict:
    """Same SPARQL on Oxigraph and on an rdflib Dataset of the same quads: compare row sets."""
    from rdflib import Dataset

    from mandategraph.graph import query as q
    from mandategraph.graph.store import GraphStore
    from mandategraph.graph.vocab import PREFIXES

    out = {}
    with GraphStore(spec["store"]) as store:
        params = _query_params(store)
        src = store.to_rdflib()
        ds = Dataset(default_union=True)
        for ctx in src.graphs():
            g = ds.graph(ctx.identifier)
            for t in ctx:
                g.add(t)
        named = q.named_queries()
        for name in QUERY_NAMES:
            if name not in named:
                continue
            nq = named[name]
            ox_res = q.run(store, nq, params[name])
            ox_rows = {tuple(str(_key(v)) for v in row) for row in ox_res.rows}
            bindings = {k: _rdflib_term(q.to_term(v)) for k, v in params[name].items()}
            t0 = time.perf_counter()
            status, payload = _rdflib_rows(ds, nq.text, PREFIXES, bindings, ox_res.columns, spec.get("timeout", 60))
            if status != "ok":  # an engine difference (or a very slow rdflib) is a finding, not a crash
                out[name] = {"oxigraph_rows": len(ox_rows), "rdflib_error": payload[:200],
                             "rdflib_ms": 1000 * (time.perf_counter() - t0)}
                continue
            rl_rows = payload
            rl_s = time.perf_counter() - t0
            out[name] = {"oxigraph_rows": len(ox_rows), "rdflib_rows": len(rl_rows), "same": ox_rows == rl_rows,
                         "only_oxigraph": len(ox_rows - rl_rows), "only_rdflib": len(rl_rows - ox_rows),
                         "rdflib_ms": 1000 * rl_s}
    return out


def stage_profile(spec: dict) -> dict:
    """cProfile of the serial load: the top functions by own time."""
    import cProfile
    import pstats

    pr = cProfile.Profile()
    pr.enable()
    r = stage_load(spec)
    pr.disable()
    st = pstats.Stats(pr)
    rows = []
    for (file, line, fn), (cc, nc, tt, ct, _) in st.stats.items():
        rows.append({"function": f"{Path(file).name}:{line}({fn})", "calls": nc, "tottime_s": tt, "cumtime_s": ct})
    rows.sort(key=lambda r_: -r_["tottime_s"])
    return {"wall_s": r["wall_s"], "top": rows[:12]}


STAGES = {"load": stage_load, "reload": stage_reload, "push": stage_push, "reason": stage_reason,
          "validate": stage_validate, "queries": stage_queries, "export": stage_export, "backends": stage_backends,
          "profile": stage_profile}


def child_main(name: str, spec_path: str) -> int:
    spec = json.loads(Path(spec_path).read_text())
    result = STAGES[name](spec)
    result.update(_usage())
    Path(spec_path + ".out").write_text(json.dumps(result, default=str))
    return 0


def run_stage(name: str, spec: dict, workdir: Path, timeout: float) -> dict:
    spec_path = workdir / f"spec-{name}-{spec.get('engine', '')}.json"
    spec = {**spec, "_out": str(spec_path) + ".out"}
    spec_path.write_text(json.dumps(spec))
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--stage", name, "--spec", str(spec_path)],
                              timeout=timeout, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        partial = Path(str(spec_path) + ".out.partial")
        if partial.exists():  # what finished before the kill (queries: the fast ones)
            res = json.loads(partial.read_text())
            res["timeout"] = True
            return res
        return {"skipped": f"killed after the {timeout:.0f} s budget", "wall_s": time.perf_counter() - t0,
                "timeout": True}
    out = Path(str(spec_path) + ".out")
    if proc.returncode != 0 or not out.exists():
        return {"skipped": f"failed: {(proc.stderr or '').strip().splitlines()[-1:]}", "error": True}
    res = json.loads(out.read_text())
    res["process_wall_s"] = time.perf_counter() - t0
    return res


# ---------------------------------------------------------------------------------------------
def corpus_files(corpus: Path, n: int, seed: int) -> list[str]:
    manifest = corpus / "manifest.jsonl"
    ok = False
    if manifest.exists():
        head, _ = generate.read_manifest(corpus)
        ok = head.get("seed") == seed and head.get("docs", 0) >= n
    if not ok:
        print(f"generating {n} documents into {corpus} ...", file=sys.stderr)
        generate.generate(n, corpus, seed=seed, jobs=os.cpu_count() or 1)
    _, metas = generate.read_manifest(corpus)
    return [str(corpus / m["file"]) for m in metas[:n]]


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    from importlib.metadata import version

    vers = {"python": platform.python_version()}
    for pkg in ("pyoxigraph", "rdflib", "pyshacl", "owlrl", "mandategraph"):
        try:
            vers[pkg] = version(pkg)
        except Exception:
            vers[pkg] = "n/a"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": mem, "os": platform.platform(), "versions": vers}


def fit_k(points: list[tuple[int, float]]) -> float | None:
    pts = [(math.log(n), math.log(c)) for n, c in points if c and c > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def bench_size(n: int, files: list[str], args, prev: dict | None, manifest: dict) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"mg-bench-{n}-", dir=args.workdir))
    store = str(work / "store")
    res: dict = {"docs": n, "bytes": sum(Path(f).stat().st_size for f in files)}

    def budget_ok(stage: str) -> str | None:
        if prev and stage in prev and prev[stage].get("wall_s"):
            predicted = prev[stage]["wall_s"] * n / prev["docs"]
            if predicted > args.budget:
                return f"skipped: predicted {predicted:.0f} s (linear from {prev['docs']} docs) > budget {args.budget:.0f} s"
        if prev and stage in prev and prev[stage].get("timeout"):
            return f"skipped: ran over the budget at {prev['docs']} docs"
        return None

    def go(stage: str, key: str | None = None, **extra) -> None:
        key = key or stage
        why = budget_ok(key)
        if why:
            res[key] = {"skipped": why}
        else:
            res[key] = run_stage(stage, {"files": files, "store": extra.pop("store", store), **extra}, work, args.budget)
        print(f"  {n:>6} {key:<16} {json.dumps({k: v for k, v in res[key].items() if k not in ('top', 'errors')}, default=str)[:300]}",
              file=sys.stderr)

    go("load")
    if not args.no_serial and n <= args.serial_max:
        go("load", key="load_serial", store=str(work / "store-serial"), jobs=1)
        shutil.rmtree(work / "store-serial", ignore_errors=True)
    go("reload")
    go("queries", repeat=args.repeat)
    go("export", out=str(work / "export.nq"))
    (work / "export.nq").unlink(missing_ok=True)
    if n <= args.push_max:
        go("push", out=str(work / "server"))
    if n <= args.backends_max:
        go("backends", timeout=args.backends_timeout)
    go("validate", engine="sparql")
    if n <= args.reference_max:
        go("validate", key="validate_pyshacl", engine="pyshacl")
    for engine in args.engines:
        if engine == "rules" or n <= args.reference_max:
            go("reason", key=f"reason_{engine}", engine=engine)
    if args.profile and n == min(args.sizes):
        go("profile", store=str(work / "store-profile"))
    shutil.rmtree(work, ignore_errors=True)
    return res


# ---------------------------------------------------------------------------------------------
def _fmt(v, unit="", digits=1) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        if math.isnan(v):
            return "—"
        return f"{v:,.{digits}f}{unit}"
    return f"{v:,}{unit}"


def _cell(stage: dict, key: str = "wall_s", unit=" s", digits=1) -> str:
    if stage is None:
        return "—"
    if "skipped" in stage:
        return stage["skipped"]
    return _fmt(stage.get(key), unit, digits)


def write_results(path: Path, results: list[dict], mach: dict, args, recall: list | None, started: str) -> None:
    L = [f"# mandategraph benchmark", "",
         f"Generated by `python bench/run.py --sizes {','.join(map(str, args.sizes))} --repeat {args.repeat} "
         f"--budget {args.budget:.0f}` on {started} (one run; figures, not assertions).", "",
         "## Machine", "",
         f"- CPU: {mach['cpu']}, {mach['cores']} cores; RAM {mach['ram']}; {mach['os']}",
         "- Versions: " + ", ".join(f"{k} {v}" for k, v in mach["versions"].items()), "",
         "## Method", "",
         "- Corpus: `bench/generate.py --seed %d`, synthetic text documents imitating the five samples (kinds: Party "
         "action programme, newspaper programme, UBND decision hard-wrapped, markdown plan, political report), "
         "34 provinces, citation chains up to national resolutions; 10–80 KB each. Size N = the first N documents." % args.seed,
         "- Each stage runs in its own child process; **peak memory = `ru_maxrss` of that process** (RSS high-water mark, "
         "includes the Python interpreter and imports ≈ 100 MB; pool workers of the parallel load: `RUSAGE_CHILDREN`). "
         "**CPU** = user+system CPU time of the process and its children / wall time (2.0 = both cores busy).",
         "- load = the real pipeline `graph.load.load_paths` (a pool of one worker per core reads, parses and emits; "
         "the parent writes new documents in batches of 64 with Oxigraph's bulk loader under a write-ahead record), "
         "fresh store. load ×1 = the same with `jobs=1` (parsing in the writing process).",
         "- reload = `load_paths` again over the unchanged files (content hash: every file skipped).",
         "- validate = `graph.validate.validate_store(engine=\"sparql\")`: the SHACL shapes compiled to SPARQL and run "
         "by Oxigraph on the store. validate (pyshacl) = the reference: pyshacl on an rdflib copy of the union graph "
         "(sizes ≤ %d)." % args.reference_max,
         "- reason (rules) = `graph.reason.materialise_store`: the OWL RL rules the ontology needs, as SPARQL updates "
         "inside the on-disk store, to a fixpoint. reason (owlrl) = the reference, owlrl on an rdflib copy "
         "(sizes ≤ %d)." % args.reference_max,
         "- push = every document graph PUT to a fresh `oxigraph serve` on 127.0.0.1 (Graph Store Protocol), then "
         "trace run once on it with `query --endpoint` (sizes ≤ %d)." % args.push_max,
         f"- Queries: p50 / p95 over {args.repeat} runs, parameters = the number with the most tasks among numbers that "
         "name ONE loaded document (trace, workload; 06-CTr/TU recurs in every province) "
         "and the most-implemented national resolution (implementers).",
         "- Backends: the same SPARQL text on Oxigraph and on an rdflib `Dataset(default_union=True)` of the same quads, "
         "row sets compared (sizes ≤ %d)." % args.backends_max,
         f"- Budget: a stage predicted (linear from the previous size) or observed to run over {args.budget:.0f} s is skipped "
         "and marked so.", ""]
    for r in results:
        n = r["docs"]
        L += [f"## {n:,} documents ({r['bytes'] / 1e6:.1f} MB of text)", "",
              "| stage | wall | throughput | peak RSS | CPU | notes |", "|---|---|---|---|---|---|"]

        def row(name, st, thr="", notes=""):
            if st is None:
                return
            if "skipped" in st:
                L.append(f"| {name} | {st['skipped']} | | | | |")
                return
            cpu = st.get("cpu_s", 0) / st["wall_s"] if st.get("wall_s") else None
            rss = max(st.get("maxrss_mb", 0), st.get("children_maxrss_mb", 0))
            L.append(f"| {name} | {_fmt(st.get('wall_s'), ' s', 2)} | {thr} | {_fmt(rss, ' MB', 0)} | {_fmt(cpu, '', 2)} | {notes} |")

        ld = r.get("load", {})
        if "skipped" not in ld:
            row("load", ld, f"{ld['docs_per_s']:.1f} docs/s, {ld['triples_per_s']:,.0f} triples/s",
                f"{ld['docs']} loaded, {ld['failed']} failed, {ld['triples']:,} triples, {ld['quads']:,} quads")
        else:
            row("load", ld)
        lp = r.get("load_serial")
        if lp and "skipped" not in lp:
            row("load ×1 (jobs=1)", lp, f"{lp['docs_per_s']:.1f} docs/s, {lp['triples_per_s']:,.0f} triples/s",
                f"{lp['docs']} loaded; quads {lp['quads']:,} (pool: {ld.get('quads', 0):,})")
        else:
            row("load ×1 (jobs=1)", lp)
        rl = r.get("reload", {})
        row("reload unchanged", rl, f"{rl.get('ms_per_file', 0):.2f} ms/file" if "skipped" not in rl else "",
            f"{rl.get('unchanged', 0)} unchanged (skipped), {rl.get('reloaded', 0)} re-parsed" if "skipped" not in rl else "")
        for key, label in (("reason_rules", "reason (rules, in store)"), ("reason_owlrl", "reason (owlrl, rdflib copy)")):
            st = r.get(key)
            if st and "skipped" not in st:
                quads = ld.get("quads", 0)
                row(label, st, f"{quads / st['wall_s']:,.0f} triples/s" if quads else "",
                    f"{st['inferred']:,} inferred" + (f"; to rdflib {st['to_rdflib_s']:.1f} s" if "to_rdflib_s" in st else ""))
            else:
                row(label, st)
        for key, label in (("validate", "validate (sparql, in store)"), ("validate_pyshacl", "validate (pyshacl, rdflib copy)")):
            v = r.get(key)
            if v and "skipped" not in v:
                quads = ld.get("quads", 0)
                row(label, v, f"{quads / v['wall_s']:,.0f} triples/s" if quads else "",
                    f"conforms={v['conforms']}, {v['violations']} violations, {v['warnings']} warnings")
            else:
                row(label, v)
        pu = r.get("push")
        if pu and "skipped" not in pu:
            row("push (GSP, local server)", pu, f"{pu['triples'] / pu['wall_s']:,.0f} triples/s",
                f"{pu['graphs']} graphs; remote trace {pu['remote_trace_ms']:.0f} ms, {pu['remote_trace_rows']} rows")
        else:
            row("push (GSP, local server)", pu)
        e = r.get("export")
        row("export nq", e, f"{e.get('bytes', 0) / 1e6:.1f} MB" if e and "skipped" not in e else "")
        L.append("")
        qs = r.get("queries", {})
        if "skipped" in qs:
            L += [f"Queries: {qs['skipped']}", ""]
        else:
            L += ["| query | parameters | rows | p50 | p95 |", "|---|---|---|---|---|"]
            for name in QUERY_NAMES:
                s = qs.get(name)
                if not s:
                    continue
                if "skipped" in s:
                    L.append(f"| {name} | {s['skipped']} | | | |")
                else:
                    L.append(f"| {name} | {', '.join(f'{k}={v}' for k, v in s['params'].items())} | {s['rows']} | "
                             f"{s['p50_ms']:.1f} ms | {s['p95_ms']:.1f} ms |")
            L.append("")
        b = r.get("backends")
        if b and "skipped" not in b:
            L += ["Backends (Oxigraph vs rdflib Dataset, same SPARQL):", ""]
            for name, s in b.items():
                if isinstance(s, dict) and "rdflib_error" in s:
                    L.append(f"- {name}: oxigraph {s['oxigraph_rows']} rows; rdflib FAILS: `{s['rdflib_error']}`")
                if isinstance(s, dict) and "same" in s:
                    L.append(f"- {name}: oxigraph {s['oxigraph_rows']} rows, rdflib {s['rdflib_rows']} rows → "
                             f"{'same row set' if s['same'] else 'DIFFERENT (%d only in oxigraph, %d only in rdflib)' % (s['only_oxigraph'], s['only_rdflib'])}"
                             f" (rdflib {s['rdflib_ms']:.0f} ms)")
            L.append("")
        elif b:
            L += [f"Backends: {b['skipped']}", ""]
    # growth
    L += ["## Growth: cost ∝ size^k (least-squares fit of log cost vs log size over the sizes run)", "",
          "| stage | k | points |", "|---|---|---|"]
    ks = {}
    for key, label, metric in (("load", "load", "wall_s"), ("load_serial", "load ×1", "wall_s"),
                               ("reload", "reload", "wall_s"), ("reason_rules", "reason rules", "wall_s"),
                               ("reason_owlrl", "reason owlrl", "wall_s"), ("validate", "validate", "wall_s"),
                               ("export", "export", "wall_s"), ("load", "load peak RSS", "maxrss_mb"),
                               ("validate", "validate peak RSS", "maxrss_mb")):
        pts = [(r["docs"], r[key][metric]) for r in results if r.get(key) and metric in r[key] and "skipped" not in r[key]]
        # a run killed at the budget gives a lower bound on its cost, hence on k
        killed = [(r["docs"], r[key][metric]) for r in results
                  if r.get(key) and r[key].get("timeout") and metric in r[key] and "skipped" in r[key]]
        k = fit_k(pts + killed)
        ks[label] = k
        bound = "≥ " if killed and k is not None else ""
        L.append(f"| {label} | {bound}{_fmt(k, '', 2)} | {', '.join(f'{n}: {c:,.1f}' for n, c in pts)}"
                 f"{''.join(f', {n}: > {c:,.0f} (killed at the budget)' for n, c in killed)} |")
    for name in QUERY_NAMES:
        pts = [(r["docs"], r["queries"][name]["p50_ms"]) for r in results
               if isinstance(r.get("queries"), dict) and name in r["queries"] and "p50_ms" in r["queries"][name]]
        ks[f"query {name}"] = fit_k(pts)
        L.append(f"| query {name} p50 | {_fmt(ks[f'query {name}'], '', 2)} | {', '.join(f'{n}: {c:,.1f} ms' for n, c in pts)} |")
    L.append("")
    # verdicts
    L += ["## Verdicts", ""]
    big = max(results, key=lambda r: r["docs"])
    ld = [r for r in results if "docs_per_s" in r.get("load", {})]
    if ld:
        best = max(ld, key=lambda r: r["docs"])
        dps = best["load"]["docs_per_s"]
        ser = max((r.get("load_serial", {}).get("docs_per_s", 0) for r in ld), default=0)
        L.append(f"- Loading ≥ 100 documents/s: **{'HOLDS' if dps >= 100 else 'FAILS'}** — {dps:.1f} docs/s with the pool"
                 + (f" ({ser:.1f} docs/s with jobs=1 at ≤ {args.serial_max:,})" if ser else "") + f" at {best['docs']:,} documents.")
    if big["docs"] >= 10000:
        parts = [big.get(k, {}) for k in ("load", "reason_rules", "validate")]
        done = all("wall_s" in p and "skipped" not in p for p in parts)
        total = sum(p.get("wall_s", 0) for p in parts)
        peak = max((p.get("maxrss_mb", 0) for p in parts), default=0)
        L.append(f"- 10,000 documents: load + reason + validate < 20 min, peak < 4 GiB: "
                 f"**{'HOLDS' if done and total < 1200 and peak < 4096 else 'FAILS' if done else 'NOT MEASURED (stages skipped, see table)'}** "
                 f"— {total:.0f} s measured, peak {peak:.0f} MB.")
    else:
        L.append(f"- 10,000 documents: load + reason + validate < 20 min, peak < 4 GiB: **NOT MEASURED at 10,000** "
                 f"(largest size run: {big['docs']:,}); extrapolation from k below.")
    lin = {k: v for k, v in ks.items() if v is not None and not k.startswith("query") and "RSS" not in k}
    if lin:
        bad = [f"{k} (k={v:.2f})" for k, v in lin.items() if v > 1.1]
        L.append(f"- Every stage grows linearly (k ≤ 1.1): **{'HOLDS' if not bad else 'FAILS'}**"
                 + (f" — super-linear: {', '.join(bad)}." if bad else "."))
    qs = big.get("queries", {})
    for name in ("trace", "implementers"):
        s = qs.get(name, {}) if isinstance(qs, dict) else {}
        if "p50_ms" in s:
            L.append(f"- Query {name} p50 < 100 ms at {big['docs']:,} documents: **{'HOLDS' if s['p50_ms'] < 100 else 'FAILS'}** "
                     f"— {s['p50_ms']:.1f} ms (p95 {s['p95_ms']:.1f} ms)" + ("" if big["docs"] >= 10000 else " (not 10,000)") + ".")
    rl = big.get("reload", {})
    if "ms_per_file" in rl and "docs_per_s" in big.get("load", {}):
        per_doc_load = 1000 / big["load"]["docs_per_s"]
        L.append(f"- Re-loading an unchanged file costs almost nothing: **{'HOLDS' if rl['ms_per_file'] < 0.05 * per_doc_load else 'FAILS'}** "
                 f"— {rl['ms_per_file']:.2f} ms/file vs {per_doc_load:.0f} ms/file to load.")
    if "cpu_s" in big.get("load", {}):
        cpu = big["load"]["cpu_s"] / big["load"]["wall_s"]
        L.append(f"- Loading uses both cores: **{'HOLDS' if cpu >= 1.6 else 'FAILS'}** — load_paths (pool) CPU {cpu:.2f} "
                 f"(CPU seconds of the process and its workers / wall seconds).")
    L.append("")
    if recall:
        L += ["## Loader recall on generated text (bench/accuracy.py)", "",
              f"What the generator wrote vs what `parse_text` found, first {recall[0]} documents:", "",
              "| fact | written | found | recall |", "|---|---|---|---|"]
        for k, w, f, rc in recall[1]:
            L.append(f"| {k} | {w:,} | {f:,} | {_fmt(rc * 100 if rc == rc else None, ' %', 1)} |")
        L.append("")
    prof = next((r.get("profile") for r in results if r.get("profile") and "top" in r["profile"]), None)
    if prof:
        L += [f"## Hot spots (cProfile of the serial load, {min(args.sizes):,} documents, own time)", "",
              "| function | calls | own time | cumulative |", "|---|---|---|---|"]
        for t in prof["top"][:10]:
            L.append(f"| `{t['function']}` | {t['calls']:,} | {t['tottime_s']:.2f} s | {t['cumtime_s']:.2f} s |")
        L.append("")
    L += ["## Raw results", "", "```json", json.dumps(results, indent=1, default=str)[:60000], "```", ""]
    path.write_text("\n".join(L), encoding="utf-8")


def loader_recall(files: list[str], corpus: Path, limit: int) -> tuple[int, list]:
    import accuracy
    from mandategraph.loaders import parse_text

    _, metas = generate.read_manifest(corpus)
    by_file = {m["file"]: m for m in metas}
    tally = accuracy.Tally()
    for f in files[:limit]:
        m = by_file[Path(f).name]
        parsed = parse_text(Path(f).read_text(encoding="utf-8"), f)
        accuracy.compare(m, parsed, tally)
    return min(limit, len(files)), accuracy.recall_table(tally)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="mandategraph benchmark")
    ap.add_argument("--docs", type=int, help="one size (same as --sizes N)")
    ap.add_argument("--sizes", default="100,1000", help="comma-separated corpus sizes")
    ap.add_argument("--repeat", type=int, default=5, help="query repetitions (p50/p95)")
    ap.add_argument("--out", default=str(HERE / "RESULTS.md"))
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", default=os.path.join(tempfile.gettempdir(), "mandategraph-bench-corpus"))
    ap.add_argument("--workdir", default=None, help="where the temporary stores go (default: system temp)")
    ap.add_argument("--budget", type=float, default=900, help="seconds allowed per stage")
    ap.add_argument("--backends-max", type=int, default=100, help="compare query backends up to this size")
    ap.add_argument("--backends-timeout", type=float, default=60, help="seconds allowed per rdflib query")
    ap.add_argument("--engines", default="rules,owlrl", help="reasoning engines to time (comma-separated)")
    ap.add_argument("--no-serial", action="store_true", help="skip the one-process load variant")
    ap.add_argument("--serial-max", type=int, default=1000, help="run the one-process load up to this size")
    ap.add_argument("--reference-max", type=int, default=100,
                    help="run the reference engines (pyshacl, owlrl on rdflib copies) up to this size")
    ap.add_argument("--push-max", type=int, default=1000, help="push to a local Oxigraph server up to this size")
    ap.add_argument("--profile", action="store_true", help="cProfile the serial load at the smallest size")
    ap.add_argument("--recall", type=int, default=200, help="documents for the loader recall check (0: none)")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--stage", help=argparse.SUPPRESS)
    ap.add_argument("--spec", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stage:
        return child_main(args.stage, args.spec)
    args.engines = [e for e in args.engines.split(",") if e]
    args.sizes = [args.docs] if args.docs else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    started = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    corpus = Path(args.corpus)
    all_files = corpus_files(corpus, max(args.sizes), args.seed)
    mach = machine()
    results, prev = [], None
    for n in args.sizes:
        print(f"size {n}", file=sys.stderr)
        r = bench_size(n, all_files[:n], args, prev, {})
        results.append(r)
        prev = r
        write_results(Path(args.out), results, mach, args, None, started)  # partial results survive a kill
    recall = loader_recall(all_files, corpus, args.recall) if args.recall else None
    write_results(Path(args.out), results, mach, args, recall, started)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": mach, "results": results, "recall": recall}, indent=1, default=str))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
