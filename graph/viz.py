"""Delegation-chain pictures: national resolution → provincial programme → decision → task → lead → coordinating.

:func:`build` reads the store into a networkx DiGraph (parameters bound as RDF terms, never pasted into
the query); :func:`layout` places it in layers from left to right; :func:`write` picks the format by the
file extension: .png / .svg (matplotlib, Agg backend, DejaVu Sans for Vietnamese diacritics), .html (a
self-contained page: inline SVG and a few lines of JavaScript, no network), .graphml, .dot.

Edges point down the chain: ``resolution → programme`` reads "is implemented by"; ``task → body`` is the
assignment (chủ trì); ``lead → body`` is coordination (phối hợp) on the lead's tasks. A body appears once as
a lead and once as a coordinator (two columns), so the picture stays layered. When a document has more than
``max_tasks`` tasks, its tasks are grouped per lead body: a body's tasks become one node "N nhiệm vụ"
listing their numbers (a body with a single task keeps it as is); a body leading more than ``max_tasks``
tasks is always grouped.
"""

from __future__ import annotations

import hashlib
import html
import json
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Optional

import networkx as nx
import pyoxigraph as ox

from .vocab import MG

ROLE_VI = {"lead": "chủ trì", "coordinating": "phối hợp", "advising": "tham mưu", "monitoring": "theo dõi",
           "requested": "đề nghị", "implements": "thực hiện", "basis": "căn cứ", "task": "giao"}
KIND_COLOR = {"national": "#f4cccc", "document": "#fce5cd", "loaded": "#f9cb9c", "task": "#fff2cc",
              "collapsed": "#ead1dc", "lead": "#d9ead3", "coordinating": "#d0e0e3", "other": "#e6e6e6"}
EDGE_STYLE = {  # relation -> (colour, matplotlib linestyle, dot style)
    "implements": ("#1f4e9c", "-", "solid"), "basis": ("#6d8fc7", ":", "dotted"), "task": ("#999999", "-", "solid"),
    "lead": ("#274e13", "-", "bold"), "coordinating": ("#45818e", "--", "dashed"),
    "requested": ("#b45f06", "--", "dashed"), "advising": ("#741b47", "--", "dashed"),
    "monitoring": ("#741b47", ":", "dotted"),
}
FORMATS = (".png", ".svg", ".html", ".graphml", ".dot")
CENTRAL = "https://w3id.org/mandategraph/id/level/central"


class VizError(ValueError):
    """The picture cannot be made (nothing matches, unknown format)."""


_CHAIN = "(<{0}implements>|<{0}basedOn>)".format(MG)

_DOCS_BY_NUMBER = f"""
SELECT DISTINCT ?doc ?number WHERE {{ ?doc <{MG}loadedFrom> ?s ; <{MG}documentNumber> ?number }}"""
_DOCS_BY_RESOLUTION = f"""
SELECT DISTINCT ?doc ?number WHERE {{
  ?res <{MG}documentNumber> ?number . ?doc <{MG}loadedFrom> ?s ; {_CHAIN}+ ?res }}"""
_DOCS_BY_BODY = f"""
SELECT DISTINCT ?doc ?all ?name WHERE {{
  ?b <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
  ?doc <{MG}loadedFrom> ?s .
  {{ ?doc <{MG}issuedBy> ?b . BIND(true AS ?all) }}
  UNION {{ ?t <{MG}inDocument> ?doc ; <{MG}inheritsAssignmentFrom>*/<{MG}leadAgency> ?b . BIND(false AS ?all) }}
}}"""
_ALL_DOCS = f"SELECT DISTINCT ?doc WHERE {{ ?doc <{MG}loadedFrom> ?s }}"

_DOC_EDGES = f"""
SELECT DISTINCT ?x ?y ?rel ?doc WHERE {{
  ?doc {_CHAIN}* ?x .
  {{ ?x <{MG}implements> ?y . BIND("implements" AS ?rel) }} UNION {{ ?x <{MG}basedOn> ?y . BIND("basis" AS ?rel) }}
}}"""
_DOC_EDGES_TO_RES = f"""
SELECT DISTINCT ?x ?y ?rel ?doc ?number WHERE {{
  ?res <{MG}documentNumber> ?number .
  ?doc {_CHAIN}* ?x .
  {{ ?x <{MG}implements> ?y . BIND("implements" AS ?rel) }} UNION {{ ?x <{MG}basedOn> ?y . BIND("basis" AS ?rel) }}
  ?y {_CHAIN}* ?res .
}}"""
_DOC_INFO = f"""
SELECT ?label ?number ?title ?level ?loaded ?doc WHERE {{
  OPTIONAL {{ ?doc <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
  OPTIONAL {{ ?doc <{MG}documentNumber> ?number }}
  OPTIONAL {{ ?doc <{MG}title> ?title }}
  OPTIONAL {{ ?doc <{MG}issuedBy>/<{MG}adminLevel> ?level }}
  BIND(EXISTS {{ ?doc <{MG}loadedFrom> ?s }} AS ?loaded)
}} LIMIT 1"""
_TASKS = f"""
SELECT DISTINCT ?task ?ref ?tlabel ?body ?bname ?role ?doc WHERE {{
  ?task a <{MG}Task> ; <{MG}inDocument> ?doc ; <{MG}ref> ?ref .
  OPTIONAL {{ ?task <http://www.w3.org/2000/01/rdf-schema#label> ?tlabel }}
  OPTIONAL {{
    ?task <{MG}inheritsAssignmentFrom>*/<{MG}hasAssignment> ?a .
    ?a <{MG}agency> ?body ; <{MG}role> ?r .
    ?body <http://www.w3.org/2004/02/skos/core#prefLabel> ?bname .
    BIND(STRAFTER(STR(?r), "/role/") AS ?role)
  }}
}}"""


def _v(row, name) -> Optional[str]:
    t = row[name]
    return None if t is None else t.value


def _q(store, sparql: str, **params):
    subs = {ox.Variable(k): (v if isinstance(v, (ox.NamedNode, ox.Literal)) else ox.Literal(v)) for k, v in params.items()}
    return list(store.query(sparql, substitutions=subs))


def _short(text: str, width: int = 30, lines: int = 3) -> str:
    text = " ".join((text or "").split())
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def build(store, document: Optional[str] = None, body: Optional[str] = None, resolution: Optional[str] = None,
          max_tasks: int = 12) -> nx.DiGraph:
    """The delegation chain around a document, a body or a resolution (or everything) as a DiGraph."""
    if sum(x is not None for x in (document, body, resolution)) > 1:
        raise VizError("give one of --document, --body, --resolution")
    whole: dict[str, bool] = {}  # loaded doc IRI -> all its tasks (False: only the body's own tasks)
    if document is not None:
        rows = _q(store, _DOCS_BY_NUMBER, number=document)
        whole = {r["doc"].value: True for r in rows}
        what = f"no loaded document numbered '{document}'"
    elif resolution is not None:
        whole = {r["doc"].value: True for r in _q(store, _DOCS_BY_RESOLUTION, number=resolution)}
        what = f"no loaded document implements '{resolution}'"
    elif body is not None:
        for r in _q(store, _DOCS_BY_BODY, name=body):
            whole[r["doc"].value] = whole.get(r["doc"].value, False) or r["all"].value == "true"
        what = f"no loaded document issued by, or task led by, '{body}' (give the canonical name)"
    else:
        whole = {r["doc"].value: True for r in _q(store, _ALL_DOCS)}
        what = "the store has no loaded document"
    if not whole:
        raise VizError(what)

    g = nx.DiGraph()
    title = document or resolution or body or "all loaded documents"
    g.graph["title"] = f"Delegation chain — {title}"

    def add_doc(iri: str) -> None:
        if iri in g:
            return
        info = _q(store, _DOC_INFO, doc=ox.NamedNode(iri))
        r = info[0] if info else None
        number = _v(r, "number") if r else None
        label = number or (_v(r, "title") if r else None) or (_v(r, "label") if r else None) or iri.rsplit("/", 1)[-1]
        loaded = bool(r and _v(r, "loaded") == "true")
        national = bool(r and _v(r, "level") == CENTRAL) or bool(
            number and any(number.upper().endswith(s) for s in ("-CP", "-TTG", "/TW")) or (number and "/QH" in number.upper()))
        kind = "national" if national else ("loaded" if loaded else "document")
        full = " — ".join(x for x in (number, _v(r, "title") if r else None) if x) or label
        g.add_node(iri, kind=kind, label=_short(label, 30, 3), title=full, count=1, body="")

    for doc in sorted(whole):
        add_doc(doc)
        edges = (_q(store, _DOC_EDGES_TO_RES, doc=ox.NamedNode(doc), number=resolution) if resolution is not None
                 else _q(store, _DOC_EDGES, doc=ox.NamedNode(doc)))
        for r in edges:
            x, y, rel = r["x"].value, r["y"].value, r["rel"].value
            add_doc(x)
            add_doc(y)
            g.add_edge(y, x, relation=rel, label=ROLE_VI[rel], weight=1)  # down the chain: higher → lower

    # tasks and bodies
    for doc, all_tasks in sorted(whole.items()):
        tasks: dict[str, dict] = {}
        for r in _q(store, _TASKS, doc=ox.NamedNode(doc)):
            t = tasks.setdefault(r["task"].value, {"ref": _v(r, "ref"), "label": _v(r, "tlabel") or "", "roles": defaultdict(dict)})
            if r["body"] is not None:
                t["roles"][_v(r, "role")][r["body"].value] = _v(r, "bname")
        if not all_tasks:  # body mode, document not issued by the body: only the tasks it leads
            tasks = {k: t for k, t in tasks.items()
                     if any(n.lower() == body.lower() for n in t["roles"].get("lead", {}).values())}
        by_lead: dict[Optional[str], list[str]] = defaultdict(list)
        for k, t in tasks.items():
            leads = sorted(t["roles"].get("lead", {})) or [None]
            for lead in leads:
                by_lead[lead].append(k)
        crowded = len(tasks) > max_tasks  # too many tasks to draw one by one: group them per lead body
        for lead, keys in sorted(by_lead.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
            if len(keys) > max_tasks or (crowded and len(keys) > 1):
                # joint leads of the same tasks share one group node
                node = f"{doc}#tasks/" + hashlib.sha1("|".join(sorted(keys)).encode()).hexdigest()[:12]
                note = "" if lead else " (chưa rõ chủ trì)"
                refs = _refs([tasks[k]["ref"] or "" for k in keys])
                g.add_node(node, kind="collapsed", label=f"{len(keys)} nhiệm vụ{note}\n" + _short(refs, 30, 2),
                           count=len(keys), body="", title=f"{len(keys)} nhiệm vụ{note}: {refs}")
                g.add_edge(doc, node, relation="task", label=ROLE_VI["task"], weight=len(keys))
                task_nodes = [(node, k) for k in keys]
            else:
                task_nodes = []
                for k in keys:
                    t = tasks[k]
                    g.add_node(k, kind="task", label=_short(f"{t['ref']}. {t['label']}", 30, 3), count=1, body="",
                               title=f"{t['ref']}. {t['label']}")
                    g.add_edge(doc, k, relation="task", label=ROLE_VI["task"], weight=1)
                    task_nodes.append((k, k))
            for node, k in task_nodes:
                roles = tasks[k]["roles"]
                leads = roles.get("lead", {})
                if lead is not None:
                    ln = _body_node(g, lead, leads[lead], "lead")
                    _bump(g, node, ln, "lead", collapsed=node != k)
                for role, bodies in roles.items():
                    if role == "lead":
                        continue
                    for b, name in bodies.items():
                        if role == "coordinating" and lead is not None:
                            _bump(g, _body_node(g, lead, leads[lead], "lead"), _body_node(g, b, name, "coordinating"),
                                  "coordinating")
                        elif role == "coordinating" or lead is None or lead == min(leads):
                            kind = "coordinating" if role == "coordinating" else "other"
                            _bump(g, node, _body_node(g, b, name, kind), role, collapsed=node != k)
    _assign_layers(g)
    return g


def _refs(refs: list[str]) -> str:
    """Task numbers in document order ("1.3, 2.1, 11.1"); bullets without a number are counted."""
    def key(r):
        return [int(p) if p.isdigit() else 0 for p in r.split(".")]
    numbered = sorted({r for r in refs if any(c.isdigit() for c in r)}, key=key)
    rest = len(refs) - len([r for r in refs if any(c.isdigit() for c in r)])
    return ", ".join(numbered + ([f"+{rest} mục"] if rest else []))


def _body_node(g: nx.DiGraph, iri: str, name: str, kind: str) -> str:
    node = iri if kind == "lead" else f"{iri}#{kind}"
    if node not in g:
        g.add_node(node, kind=kind, label=_short(name, 30, 3), title=name, count=1, body=iri)
    return node


def _bump(g: nx.DiGraph, a: str, b: str, relation: str, collapsed: bool = False) -> None:
    if g.has_edge(a, b):
        if not collapsed:
            g[a][b]["weight"] += 1
    else:
        g.add_edge(a, b, relation=relation, label=ROLE_VI.get(relation, relation), weight=1)
    if collapsed:  # a collapsed node stands for many tasks: count them
        g[a][b]["weight"] = g.nodes[a].get("count", 1)


def _assign_layers(g: nx.DiGraph) -> None:
    docs = [n for n, d in g.nodes(data=True) if d["kind"] in ("national", "document", "loaded")]
    dg = g.subgraph(docs).copy()
    # cycles between documents (should not happen) would break longest paths: drop back edges
    while not nx.is_directed_acyclic_graph(dg):
        cyc = nx.find_cycle(dg)
        dg.remove_edge(*cyc[-1][:2])
    depth = {}
    for n in nx.topological_sort(dg):
        preds = list(dg.predecessors(n))
        depth[n] = max((depth[p] + 1 for p in preds), default=0)
    top = max(depth.values(), default=-1)
    base = {"task": 1, "collapsed": 1, "lead": 2, "coordinating": 3, "other": 3}
    for n, d in g.nodes(data=True):
        d["layer"] = depth[n] if n in depth else top + base[d["kind"]]


# -- layout ----------------------------------------------------------------------------------
BOX_W, LINE_H, PAD, GAP_Y, GAP_X = 2.5, 0.17, 0.14, 0.14, 1.0


def box_height(label: str) -> float:
    return PAD + LINE_H * (label.count("\n") + 1)


def layout(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Layered positions (x by layer, y ordered by barycentre to reduce crossings); y grows downwards."""
    layers: dict[int, list[str]] = defaultdict(list)
    for n, d in sorted(g.nodes(data=True), key=lambda nd: (nd[1]["kind"], nd[1]["label"])):
        layers[d["layer"]].append(n)
    def rank(L, i):  # position within the layer, 0..1, so layers of different sizes compare
        return (i + 0.5) / len(layers[L])

    order = {n: rank(L, i) for L, ns in layers.items() for i, n in enumerate(ns)}
    keys = sorted(layers)
    for sweep in range(6):
        seq = keys[1:] if sweep % 2 == 0 else list(reversed(keys[:-1]))
        for L in seq:
            nbrs = g.predecessors if sweep % 2 == 0 else g.successors

            def bary(n):
                ps = [order[p] for p in nbrs(n) if p in order]
                return sum(ps) / len(ps) if ps else order[n]

            layers[L].sort(key=bary)
            for i, n in enumerate(layers[L]):
                order[n] = rank(L, i)
    heights = {L: sum(box_height(g.nodes[n]["label"]) for n in ns) + GAP_Y * (len(ns) - 1) for L, ns in layers.items()}
    total = max(heights.values(), default=1.0)
    pos = {}
    for L, ns in layers.items():
        y = (total - heights[L]) / 2
        for n in ns:
            h = box_height(g.nodes[n]["label"])
            pos[n] = (L * (BOX_W + GAP_X), y + h / 2)
            y += h + GAP_Y
    return pos


# -- writers ---------------------------------------------------------------------------------
def write(g: nx.DiGraph, out: str | Path) -> None:
    out = Path(out)
    ext = out.suffix.lower()
    if ext not in FORMATS:
        raise VizError(f"unknown picture format '{ext or out.name}'; use one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    if ext in (".png", ".svg"):
        _write_matplotlib(g, out)
    elif ext == ".html":
        out.write_text(to_html(g), encoding="utf-8")
    elif ext == ".graphml":
        h = g.copy()
        for _, d in h.nodes(data=True):
            d.update({k: ("" if v is None else v) for k, v in d.items()})
        nx.write_graphml(h, out)
    else:
        out.write_text(to_dot(g), encoding="utf-8")


def _write_matplotlib(g: nx.DiGraph, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    pos = layout(g)
    width = max(x for x, _ in pos.values()) + BOX_W + 0.4
    height = max(y + box_height(g.nodes[n]["label"]) / 2 for n, (_, y) in pos.items()) + 1.3
    fig = plt.figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-BOX_W / 2 - 0.2, width - BOX_W / 2 - 0.2)
    ax.set_ylim(height - 0.7, -0.6)
    ax.axis("off")
    font = {"family": "DejaVu Sans", "size": 8}
    ax.text(-BOX_W / 2, -0.35, g.graph.get("title", ""), fontdict={"family": "DejaVu Sans", "size": 12, "weight": "bold"},
            va="center", ha="left")
    for a, b, d in g.edges(data=True):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        colour, ls, _ = EDGE_STYLE.get(d["relation"], ("#999999", "-", "solid"))
        lw = 0.8 + min(2.5, 0.35 * (d.get("weight", 1) - 1))
        sx, ex = (xa + BOX_W / 2, xb - BOX_W / 2) if xb > xa else (xa - BOX_W / 2, xb + BOX_W / 2)
        if xb == xa:
            sx = ex = xa + BOX_W / 2
        ax.add_patch(FancyArrowPatch((sx, ya), (ex, yb), arrowstyle="-|>", mutation_scale=8, color=colour,
                                     linestyle=ls, linewidth=lw, connectionstyle="arc3,rad=0.0" if xb != xa else "arc3,rad=-0.4",
                                     zorder=1))
    for n, (x, y) in pos.items():
        d = g.nodes[n]
        h = box_height(d["label"])
        ax.add_patch(FancyBboxPatch((x - BOX_W / 2, y - h / 2), BOX_W, h, boxstyle="round,pad=0,rounding_size=0.06",
                                    facecolor=KIND_COLOR.get(d["kind"], "#eeeeee"), edgecolor="#555555", linewidth=0.6,
                                    zorder=2))
        weight = "bold" if d["kind"] in ("national", "loaded", "collapsed") else "normal"
        ax.text(x, y, d["label"], ha="center", va="center", zorder=3, fontdict={**font, "weight": weight},
                linespacing=1.15)
    legend = [Line2D([0], [0], color=EDGE_STYLE[k][0], linestyle=EDGE_STYLE[k][1], lw=1.5, label=f"{ROLE_VI[k]} ({k})")
              for k in ("implements", "basis", "lead", "coordinating", "requested")]
    legend += [FancyBboxPatch((0, 0), 1, 1, facecolor=KIND_COLOR[k], edgecolor="#555555", label=lbl) for k, lbl in (
        ("national", "văn bản trung ương (national)"), ("loaded", "văn bản đã nạp (loaded)"),
        ("document", "văn bản được dẫn (cited)"), ("task", "nhiệm vụ (task)"), ("lead", "cơ quan chủ trì (lead)"),
        ("coordinating", "cơ quan phối hợp / khác"))]
    ax.legend(handles=legend, loc="lower left", ncol=6, prop={"family": "DejaVu Sans", "size": 7}, frameon=False,
              bbox_to_anchor=(0.0, 0.0))
    fig.savefig(out, dpi=110 if out.suffix.lower() == ".png" else 100)
    plt.close(fig)


def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(g: nx.DiGraph) -> str:
    lines = ["digraph delegation {", "  rankdir=LR;", f"  label={_dot_str(g.graph.get('title', ''))}; labelloc=t;",
             '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=10];',
             '  edge [fontname="DejaVu Sans", fontsize=8];']
    for n, d in g.nodes(data=True):
        lines.append(f"  {_dot_str(n)} [label={_dot_str(d['label'])}, tooltip={_dot_str(d['title'])}, "
                     f"fillcolor={_dot_str(KIND_COLOR.get(d['kind'], '#eeeeee'))}];")
    for a, b, d in g.edges(data=True):
        colour, _, style = EDGE_STYLE.get(d["relation"], ("#999999", "-", "solid"))
        w = d.get("weight", 1)
        label = d["label"] + (f" ×{w}" if w > 1 else "")
        lines.append(f"  {_dot_str(a)} -> {_dot_str(b)} [label={_dot_str(label)}, color={_dot_str(colour)}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_HTML = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ margin: 0; font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; }}
header {{ padding: 6px 10px; border-bottom: 1px solid #ccc; font-size: 14px; }}
header small {{ color: #666; margin-left: 1em; }}
svg {{ width: 100vw; height: calc(100vh - 34px); cursor: grab; display: block; }}
g.node rect {{ stroke: #555; stroke-width: 0.6; }}
g.node text {{ font-size: 8px; pointer-events: none; }}
g.node {{ cursor: pointer; }}
.dim {{ opacity: 0.15; }}
path.edge {{ fill: none; }}
</style></head><body>
<header><b>{title}</b><small>click a box: its chain up and down; click the background: everything; wheel: zoom; drag: pan</small></header>
<svg id="c" viewBox="{vb}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
<path d="M 0 0 L 10 5 L 0 10 z" fill="#666"/></marker></defs>
<g id="view">{edges}{nodes}</g></svg>
<script>
const E = {adj};
const svg = document.getElementById('c');
function reach(start, dir) {{ const seen = new Set([start]); const todo = [start];
  while (todo.length) {{ const n = todo.pop(); for (const [a, b] of E) {{ const [f, t] = dir ? [a, b] : [b, a];
    if (f === n && !seen.has(t)) {{ seen.add(t); todo.push(t); }} }} }} return seen; }}
function show(id) {{
  const keep = id === null ? null : new Set([...reach(id, true), ...reach(id, false)]);
  document.querySelectorAll('g.node').forEach(el => el.classList.toggle('dim', keep !== null && !keep.has(el.dataset.id)));
  document.querySelectorAll('path.edge').forEach(el => el.classList.toggle('dim',
    keep !== null && !(keep.has(el.dataset.a) && keep.has(el.dataset.b))));
}}
document.querySelectorAll('g.node').forEach(el => el.addEventListener('click', ev => {{ ev.stopPropagation(); show(el.dataset.id); }}));
let vb = svg.getAttribute('viewBox').split(' ').map(Number), drag = null, moved = false;
function apply() {{ svg.setAttribute('viewBox', vb.join(' ')); }}
svg.addEventListener('wheel', ev => {{ ev.preventDefault(); const k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
  const r = svg.getBoundingClientRect(); const px = vb[0] + (ev.clientX - r.left) / r.width * vb[2];
  const py = vb[1] + (ev.clientY - r.top) / r.height * vb[3];
  vb = [px - (px - vb[0]) * k, py - (py - vb[1]) * k, vb[2] * k, vb[3] * k]; apply(); }}, {{passive: false}});
svg.addEventListener('mousedown', ev => {{ drag = [ev.clientX, ev.clientY]; moved = false; }});
window.addEventListener('mousemove', ev => {{ if (!drag) return; const r = svg.getBoundingClientRect();
  const dx = (ev.clientX - drag[0]) / r.width * vb[2], dy = (ev.clientY - drag[1]) / r.height * vb[3];
  if (Math.abs(dx) + Math.abs(dy) > 0) moved = true; vb[0] -= dx; vb[1] -= dy; drag = [ev.clientX, ev.clientY]; apply(); }});
window.addEventListener('mouseup', () => {{ drag = null; }});
svg.addEventListener('click', () => {{ if (!moved) show(null); }});
</script></body></html>
"""


def to_html(g: nx.DiGraph) -> str:
    """A self-contained interactive page (inline SVG + JavaScript, no external resources)."""
    pos = layout(g)
    s = 72.0  # px per layout unit
    ids = {n: f"n{i}" for i, n in enumerate(g.nodes)}
    esc = lambda t: html.escape(str(t), quote=True)  # noqa: E731
    edges = []
    for a, b, d in g.edges(data=True):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        colour, _, style = EDGE_STYLE.get(d["relation"], ("#999999", "-", "solid"))
        dash = {"dashed": ' stroke-dasharray="5,3"', "dotted": ' stroke-dasharray="1,3"'}.get(style, "")
        x1, x2 = (xa + BOX_W / 2) * s, (xb - BOX_W / 2) * s
        if xb == xa:
            x2 = x1
        mx = (x1 + x2) / 2
        w = d.get("weight", 1)
        edges.append(
            f'<path class="edge" data-a="{ids[a]}" data-b="{ids[b]}" d="M{x1:.1f},{ya * s:.1f} C{mx:.1f},{ya * s:.1f} '
            f'{mx:.1f},{yb * s:.1f} {x2:.1f},{yb * s:.1f}" stroke="{colour}" stroke-width="{min(4, 0.8 + 0.35 * (w - 1)):.1f}"'
            f'{dash} marker-end="url(#a)"><title>{esc(d["label"] + (f" ×{w}" if w > 1 else ""))}</title></path>')
    nodes = []
    for n, (x, y) in pos.items():
        d = g.nodes[n]
        h = box_height(d["label"]) * s
        lines = d["label"].split("\n")
        y0 = y * s - (len(lines) - 1) * LINE_H * s / 2
        tspans = "".join(f'<tspan x="{x * s:.1f}" y="{y0 + i * LINE_H * s + 3:.1f}">{esc(t)}</tspan>' for i, t in enumerate(lines))
        bold = ' font-weight="bold"' if d["kind"] in ("national", "loaded", "collapsed") else ""
        nodes.append(
            f'<g class="node" data-id="{ids[n]}"><title>{esc(d["title"])}</title>'
            f'<rect x="{(x - BOX_W / 2) * s:.1f}" y="{y * s - h / 2:.1f}" width="{BOX_W * s:.1f}" height="{h:.1f}" rx="4" '
            f'fill="{KIND_COLOR.get(d["kind"], "#eee")}"/><text text-anchor="middle"{bold}>{tspans}</text></g>')
    maxx = max((x for x, _ in pos.values()), default=0) + BOX_W
    maxy = max((y for _, y in pos.values()), default=0) + 1
    vb = f"{-BOX_W / 2 * s - 10:.0f} -20 {maxx * s + 20:.0f} {maxy * s + 40:.0f}"
    adj = json.dumps([[ids[a], ids[b]] for a, b in g.edges])
    return _HTML.format(title=esc(g.graph.get("title", "")), vb=vb, edges="".join(edges), nodes="".join(nodes), adj=adj)


# -- measures (stats --bodies) ----------------------------------------------------------------
def body_measures(g: nx.DiGraph, top: int = 10) -> dict:
    """Bodies carrying the most work, and the longest delegation chains, from the whole-store graph."""
    lead_tasks: dict[str, int] = defaultdict(int)
    coord_tasks: dict[str, int] = defaultdict(int)
    partners: dict[str, set] = defaultdict(set)
    names = {}
    for a, b, d in g.edges(data=True):
        kb = g.nodes[b]
        body = kb.get("body") or (b if kb["kind"] == "lead" else "")
        if not body:
            continue
        names[body] = kb["title"]
        if d["relation"] == "lead":
            lead_tasks[body] += d.get("weight", 1)
        elif d["relation"] == "coordinating":
            coord_tasks[body] += d.get("weight", 1)
            if g.nodes[a]["kind"] == "lead":
                partners[a].add(body)
                partners[body].add(a)
                names.setdefault(a, g.nodes[a]["title"])
    bodies = sorted(set(lead_tasks) | set(coord_tasks),
                    key=lambda b: (-(lead_tasks[b] + coord_tasks[b]), -lead_tasks[b], names[b]))
    rows = [(names[b], lead_tasks[b], coord_tasks[b], len(partners[b])) for b in bodies[:top]]
    docs = g.subgraph([n for n, d in g.nodes(data=True) if d["kind"] in ("national", "document", "loaded")]).copy()
    while not nx.is_directed_acyclic_graph(docs):
        docs.remove_edge(*nx.find_cycle(docs)[-1][:2])
    chains = []
    for src in [n for n in docs if docs.in_degree(n) == 0]:
        lengths = nx.single_source_shortest_path_length(docs, src)
        for dst in lengths:
            if docs.out_degree(dst) == 0 and dst != src:
                for path in nx.all_simple_paths(docs, src, dst):
                    chains.append(path)
    chains.sort(key=lambda p: (-len(p), [g.nodes[n]["title"] for n in p]))
    longest = []
    for p in chains[:top]:
        longest.append(" → ".join(g.nodes[n]["label"].replace("\n", " ") for n in p))
    return {"bodies": rows, "chains": longest}
