"""Loader recall on generated text: what the generator wrote (manifest.jsonl) vs what parse_text found.

Matching is per document and multiset-based (a fact found once cannot match two written facts):

* assignments: (role, body) with role lead / coordinating; a found assignment matches when its role is the
  same and its surface name or canonical name, case- and diacritics-folded, equals or contains the written
  body name (the canonical name adds the province: "Sở Tư pháp" -> "Sở Tư pháp tỉnh Sơn La").
* citations: the cited document number (spaces removed); separately, number + relation.
* deadlines: the due date; targets: the value.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field


def fold(s: str) -> str:
    s = unicodedata.normalize("NFD", (s or "").replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(s.replace("uy ban", "uy ban").split())


def _num(s: str) -> str:
    return "".join((s or "").split()).upper()


@dataclass
class Tally:
    written: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)

    def add(self, kind: str, written: int, found: int) -> None:
        self.written[kind] += written
        self.found[kind] += found

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.written[kind] if self.written[kind] else float("nan")

    def kinds(self) -> list[str]:
        return sorted(self.written)


def _match_bodies(written: list[str], found: list[tuple[str, str]]) -> int:
    pool = [(fold(n), fold(c)) for n, c in found]
    hits = 0
    for body in written:
        b = fold(body)
        for i, (n, c) in enumerate(pool):
            if n == b or b in c or b in n or (n and n in b and len(n) > 8):
                hits += 1
                del pool[i]
                break
    return hits


def _multiset_hits(written: list, found: list) -> int:
    return sum((Counter(written) & Counter(found)).values())


def compare(meta: dict, parsed, tally: Tally) -> None:
    """Add one document's written-vs-found counts to ``tally``."""
    found_asg: dict[str, list[tuple[str, str]]] = {}
    for pr in parsed.provisions:
        for a in pr.assignments:
            found_asg.setdefault(a.role, []).append((a.agency.name, a.agency.canonical))
    for role in ("lead", "coordinating"):
        written = [a["body"] for a in meta["assignments"] if a["role"] == role and not a.get("collective")]
        tally.add(f"assignment:{role}", len(written), _match_bodies(written, found_asg.get(role, [])))
    w_cit = [c for c in meta["citations"] if c.get("number")]
    f_nums = [_num(c.target.number) for c in parsed.citations if c.target.number]
    tally.add("citation:number", len(w_cit), _multiset_hits([_num(c["number"]) for c in w_cit], f_nums))
    f_rel = [(_num(c.target.number), c.relation) for c in parsed.citations if c.target.number]
    tally.add("citation:number+relation", len(w_cit),
              _multiset_hits([(_num(c["number"]), c["relation"]) for c in w_cit], f_rel))
    w_unnum = [c for c in meta["citations"] if not c.get("number")]
    f_unnum = [c for c in parsed.citations if not c.target.number]
    tally.add("citation:unnumbered", len(w_unnum), min(len(w_unnum), len(f_unnum)))
    f_due = [d.due.isoformat() for pr in parsed.provisions for d in pr.deadlines if d.due]
    tally.add("deadline:due", len(meta["deadlines"]), _multiset_hits([d["due"] for d in meta["deadlines"]], f_due))
    f_val = [round(float(t.value), 3) for pr in parsed.provisions for t in pr.targets]
    tally.add("target:value", len(meta["targets"]),
              _multiset_hits([round(float(t["value"]), 3) for t in meta["targets"]], f_val))
    f_number = _num(parsed.doc.number) if parsed.doc.number else None
    if meta.get("number"):
        tally.add("header:number", 1, int(f_number == _num(meta["number"])))


def recall_table(tally: Tally) -> list[tuple[str, int, int, float]]:
    return [(k, tally.written[k], tally.found[k], tally.recall(k)) for k in tally.kinds()]
