"""Score the loaders against hand-written gold files (``tests/gold/*.json``).

Usage: ``python -m mandategraph.loaders.score [GOLD.json | DIR ...]`` (default: ``tests/gold`` and
``tests/gold/new``). Prints precision, recall and F1 per field, per document and overall (micro).

Matching rules (documented in ``tests/gold/README.md``; one gold row matches at most one parsed item):

- citations: gold ``[line, cited, relation, citing]`` matches a parsed :class:`Citation` whose span
  covers ``line``, whose target id equals ``cited`` (the normalised number for numbered documents,
  otherwise the identity key; law keys are compared without their trailing year), with the same
  relation and the same citing document id (None for the loaded document itself). Parsed citations
  are counted once per (logical line, target, relation, source).
- lead / coordinating / other roles: gold ``[task line, task path, role, agency]`` matches an
  assignment of that role on the provision that STARTS at ``task line`` (the path is informative).
  ``agency`` is an identity key (``son-la/so-tu-phap``) compared with ``AgencyRef.key``, or ``~name``
  for a collective body named in the text, compared with ``AgencyRef.name`` by folded containment.
- deadlines: gold ``[line, task path, kind, due, text]`` matches a parsed deadline whose span covers
  ``line`` with the same kind and due date.
- targets: gold ``[line, value, value_max, unit, year, comparator]`` matches a parsed target whose
  span covers ``line`` with the same value and a compatible unit (equal, or one is the other plus
  more words: 'khu' ~ 'khu du lịch'; '%' and '%/năm' differ). Year and comparator are reported
  as accuracies over the matched targets, not used to match.
- header: number, doc_type, issuer (key), date, place, province, signer, signer_capacity (and title
  when the gold gives one); a field is a true positive when equal, a false positive when the parser
  gives a wrong or unexpected value, a false negative when gold has a value the parser missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .model import Citation, DocRef, ParsedDocument
from .pipeline import parse_file
from .text import collapse_ws, fold

FIELDS = ("citations", "lead", "coordinating", "deadlines", "targets", "header", "other_roles")
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocScore:
    name: str
    counts: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    missed: dict[str, list] = field(default_factory=lambda: {f: [] for f in FIELDS})
    spurious: dict[str, list] = field(default_factory=lambda: {f: [] for f in FIELDS})
    year_ok: int = 0
    comparator_ok: int = 0
    targets_matched: int = 0
    paths_ok: int = 0
    paths_total: int = 0


# --- ids ---------------------------------------------------------------------------------------

def doc_id(ref: Optional[DocRef]) -> Optional[str]:
    if ref is None:
        return None
    if ref.number:
        return ref.number
    return _law_base(ref.key)


def _law_base(key: str) -> str:
    if key.startswith("law/"):
        parts = key.split("/")
        if len(parts) == 3 and parts[2].isdigit():
            return "/".join(parts[:2])
    return key


def _fname(s: str) -> str:
    return fold(collapse_ws(s)).strip(" ,;:.")


def agency_matches(gold: str, ref) -> bool:
    if gold.startswith("~"):
        g, n = _fname(gold[1:]), _fname(ref.name)
        return bool(g) and (g in n or n in g) and len(min(g, n, key=len)) >= 5
    return ref.key == gold


def _unit(u: str) -> str:
    return fold(u or "").replace(" /", "/").strip()


def unit_matches(gold: str, got: str) -> bool:
    g, u = _unit(gold), _unit(got)
    return g == u or u.startswith(g + " ") or g.startswith(u + " ")


def _covers(span, line: int) -> bool:
    return span is not None and span.line_start <= line <= span.line_end


def _match(gold_rows: list, items: list, ok) -> tuple[Counts, list, list]:
    """Greedy one-to-one matching; returns counts, unmatched gold rows, unmatched items."""
    used = [False] * len(items)
    missed = []
    tp = 0
    for g in gold_rows:
        hit = next((i for i, it in enumerate(items) if not used[i] and ok(g, it)), None)
        if hit is None:
            missed.append(g)
        else:
            used[hit] = True
            tp += 1
    spurious = [it for i, it in enumerate(items) if not used[i]]
    return Counts(tp, len(spurious), len(missed)), missed, spurious


# --- per field ---------------------------------------------------------------------------------

def _citations(parsed: ParsedDocument) -> list[tuple]:
    seen, out = set(), []
    for c in parsed.citations:
        item = (c.span.line_start, c.span.line_end, doc_id(c.target), c.relation, doc_id(c.source))
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _cit_ok(g, it) -> bool:
    line, cited, rel, src = g
    return it[0] <= line <= it[1] and it[2] == _law_base(cited) and it[3] == rel and it[4] == src


def _roles(parsed: ParsedDocument, roles: Iterable[str]) -> list[tuple]:
    roles = set(roles)
    out = []
    for p in parsed.provisions:
        for a in p.assignments:
            if a.role in roles:
                out.append((p.span.line_start, p.id, a.role, a.agency))
    return out


def _role_ok(g, it) -> bool:
    return g[0] == it[0] and g[2] == it[2] and agency_matches(g[3], it[3])


def _deadlines(parsed: ParsedDocument) -> list:
    return [d for p in parsed.provisions for d in p.deadlines]


def _dl_ok(g, d) -> bool:
    line, _path, kind, due, _text = g
    return _covers(d.span, line) and d.kind == kind and (d.due.isoformat() if d.due else None) == due


def _targets(parsed: ParsedDocument) -> list:
    return [t for p in parsed.provisions for t in p.targets]


def _tg_ok(g, t) -> bool:
    line, value, _vmax, unit, _year, _cmp = g
    return _covers(t.span, line) and abs(t.value - float(value)) < 1e-9 and unit_matches(unit, t.unit)


def _header(parsed: ParsedDocument, gold: dict) -> tuple[Counts, list, list]:
    d = parsed.doc
    got = {
        "number": d.number, "doc_type": d.doc_type, "issuer": d.issuer.key if d.issuer else None,
        "date": d.date.isoformat() if d.date else None, "place": parsed.place, "province": d.province,
        "signer": parsed.signer, "signer_capacity": parsed.signer_capacity, "title": d.title,
    }
    c, missed, spurious = Counts(), [], []
    for k, want in gold.items():
        have = got.get(k)
        same = (fold(have) == fold(want)) if k == "title" and have and want else have == want
        if want is not None and same:
            c.tp += 1
            continue
        if want is not None:
            c.fn += 1
            missed.append((k, want))
        if have is not None:
            c.fp += 1
            spurious.append((k, have))
    return c, missed, spurious


def resolve_source(gold_path: Path, source: str) -> Path:
    for base in (REPO, gold_path.parent):
        p = base / source
        if p.exists():
            return p
    raise FileNotFoundError(f"{gold_path}: source {source} not found")


def score_file(gold_path: Path, parsed: Optional[ParsedDocument] = None) -> DocScore:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    if parsed is None:
        parsed = parse_file(resolve_source(Path(gold_path), gold["source"]))
    s = DocScore(Path(gold["source"]).stem)
    roles = gold.get("assignments", [])
    plan = [
        ("citations", gold.get("citations", []), _citations(parsed), _cit_ok),
        ("lead", [r for r in roles if r[2] == "lead"], _roles(parsed, ["lead"]), _role_ok),
        ("coordinating", [r for r in roles if r[2] == "coordinating"], _roles(parsed, ["coordinating"]), _role_ok),
        ("other_roles", [r for r in roles if r[2] not in ("lead", "coordinating")],
         _roles(parsed, ["advising", "monitoring", "requested"]), _role_ok),
        ("deadlines", gold.get("deadlines", []), _deadlines(parsed), _dl_ok),
    ]
    for name, g, items, ok in plan:
        s.counts[name], s.missed[name], s.spurious[name] = _match(g, items, ok)
    # targets: also check year / comparator on the matched ones
    items = _targets(parsed)
    used = [False] * len(items)
    tgold = gold.get("targets", [])
    for g in tgold:
        hit = next((i for i, t in enumerate(items) if not used[i] and _tg_ok(g, t)), None)
        if hit is None:
            s.missed["targets"].append(g)
            continue
        used[hit] = True
        s.targets_matched += 1
        s.year_ok += items[hit].year == g[4]
        s.comparator_ok += items[hit].comparator == g[5]
    s.spurious["targets"] = [t for i, t in enumerate(items) if not used[i]]
    s.counts["targets"] = Counts(s.targets_matched, len(s.spurious["targets"]), len(s.missed["targets"]))
    s.counts["header"], s.missed["header"], s.spurious["header"] = _header(parsed, gold.get("header", {}))
    starts = {p.span.line_start: p.id for p in parsed.provisions}
    for r in roles:
        s.paths_total += 1
        s.paths_ok += starts.get(r[0]) == r[1]
    return s


# --- report ------------------------------------------------------------------------------------

def table(scores: list[DocScore], title: str = "") -> str:
    cols = ("citations", "lead", "coordinating", "deadlines", "targets", "header", "other_roles")
    out = []
    if title:
        out.append(title)
    out.append(f"{'document':28} " + " ".join(f"{c[:12]:>16}" for c in cols))
    total = {c: Counts() for c in cols}
    for s in scores:
        cells = []
        for c in cols:
            k = s.counts[c]
            total[c].add(k)
            cells.append(f"{k.precision:5.2f}/{k.recall:4.2f} ({k.tp + k.fn:3d})")
        out.append(f"{s.name[:28]:28} " + " ".join(f"{x:>16}" for x in cells))
    out.append(f"{'ALL (micro P/R, gold n)':28} " + " ".join(
        f"{total[c].precision:5.2f}/{total[c].recall:4.2f} ({total[c].tp + total[c].fn:3d})" for c in cols))
    out.append(f"{'ALL F1':28} " + " ".join(f"{total[c].f1:>16.3f}" for c in cols))
    m = sum(s.targets_matched for s in scores)
    if m:
        out.append(f"targets matched: {m}; year correct {sum(s.year_ok for s in scores) / m:.2f}, "
                   f"comparator correct {sum(s.comparator_ok for s in scores) / m:.2f}")
    pt = sum(s.paths_total for s in scores)
    if pt:
        out.append(f"task paths as in gold: {sum(s.paths_ok for s in scores)}/{pt}")
    return "\n".join(out)


def totals(scores: list[DocScore]) -> dict[str, Counts]:
    total = {f: Counts() for f in FIELDS}
    for s in scores:
        for f in FIELDS:
            total[f].add(s.counts[f])
    return total


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.json")) if p.is_dir() else [p]
    return out


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m mandategraph.loaders.score", description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="*", help="gold JSON files or folders (default: tests/gold, tests/gold/new)")
    ap.add_argument("--errors", action="store_true", help="list missed and spurious items")
    args = ap.parse_args(argv)
    groups = [[g] for g in args.gold] if args.gold else [[REPO / "tests" / "gold"], [REPO / "tests" / "gold" / "new"]]
    for group in groups:
        files = gold_files(group)
        if not files:
            continue
        scores = [score_file(f) for f in files]
        print(table(scores, f"== {', '.join(map(str, group))}  (precision/recall (gold count))"))
        if args.errors:
            for s in scores:
                for f in FIELDS:
                    for g in s.missed[f]:
                        print(f"  MISSED   {s.name} {f}: {g}")
                    for it in s.spurious[f]:
                        print(f"  SPURIOUS {s.name} {f}: {_show(it)}")
        print()
    return 0


def _show(it) -> str:
    if isinstance(it, tuple) and len(it) == 4 and hasattr(it[3], "key"):
        return f"({it[0]}, {it[1]}, {it[2]}, {it[3].key} '{it[3].name}')"
    if hasattr(it, "span") and hasattr(it, "value"):
        return f"(l.{it.span.line_start}-{it.span.line_end} {it.value} {it.unit!r} {it.year} {it.comparator} '{it.text}')"
    if hasattr(it, "kind") and hasattr(it, "due"):
        return f"(l.{it.span.line_start}-{it.span.line_end} {it.kind} {it.due} '{it.text}')"
    return repr(it)


if __name__ == "__main__":
    sys.exit(main())
