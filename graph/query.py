"""Named SPARQL queries (queries/*.rq), parameters bound as RDF terms, result formatting.

A named query's header comment gives its purpose, its parameters and its columns::

    # trace: which task implements which higher resolution ...
    # param document (optional): restrict to the tasks of this document number
    # columns: task_id, task_ref, ...

Parameters are bound as RDF terms written by pyoxigraph (so a value holding quotes, braces or
``} ; DROP ALL`` is only a literal): a VALUES block at the start of the top-level WHERE group,
the same text locally and on a remote endpoint, and in the query's hint lines
(:func:`expand_hints`). An optional parameter ``?p`` is projected by the query and tested with
the idiom ``FILTER(!COALESCE(?p = ?p, false) || ...)``; parameter columns are dropped from the
output.
``query`` is read-only: update requests are refused.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*\((required|optional)\)\s*:\s*(.*)$")
_COLUMNS = re.compile(r"^#\s*columns\s*:\s*(.*)$")
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_COMMENT_LINE = re.compile(r"^\s*#.*$", re.MULTILINE)


class QueryError(Exception):
    """A query the user gave cannot run (unknown name, syntax error, update, bad parameter)."""


@dataclass
class NamedQuery:
    name: str
    text: str
    purpose: str = ""
    params: dict[str, tuple[bool, str]] = field(default_factory=dict)  # name -> (required, description)
    columns: list[str] = field(default_factory=list)


def parse_header(name: str, text: str) -> NamedQuery:
    nq = NamedQuery(name=name, text=text)
    purpose: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if m := _PARAM.match(line):
            nq.params[m.group(1)] = (m.group(2) == "required", m.group(3).strip())
        elif m := _COLUMNS.match(line):
            nq.columns = [c.strip() for c in m.group(1).split(",") if c.strip()]
        elif not nq.params and not nq.columns:
            purpose.append(line.lstrip("#").strip())
    nq.purpose = " ".join(p for p in purpose if p)
    return nq


def named_queries() -> dict[str, NamedQuery]:
    out = {}
    for entry in sorted(resources.files("mandategraph.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_header(name, entry.read_text(encoding="utf-8"))
    return out


def resolve(name_or_file: str) -> NamedQuery:
    """A named query ('trace') or a .rq file path."""
    queries = named_queries()
    if name_or_file in queries:
        return queries[name_or_file]
    p = Path(name_or_file)
    if p.suffix == ".rq" or p.exists():
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"{name_or_file}: cannot read query file: {e}") from None
        return parse_header(p.stem, text)
    raise QueryError(f"unknown query '{name_or_file}'; named queries: {', '.join(queries)}")


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT = re.compile(r"^-?\d+$")


def to_term(value: str):
    """A parameter value as an RDF term: <iri>, a date, an integer, else a plain string."""
    if value.startswith("<") and value.endswith(">") and len(value) > 2:
        iri = value[1:-1]
        if any(c in iri for c in ' <>"{}|\\^`'):
            raise QueryError(f"not a valid IRI: {value}")
        return ox.NamedNode(iri)
    if _DATE.match(value):
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"not a valid date: {value}") from None
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    if _INT.match(value):
        return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(unicodedata.normalize("NFC", value))


# -- binding parameters with VALUES ------------------------------------------------------------
def term_ntriples(term) -> str:
    """An RDF term in N-Triples syntax (pyoxigraph escapes it)."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    raise QueryError(f"cannot bind a {type(term).__name__} as a parameter")


def _top_level_brace(text: str) -> int:
    """Index of the '{' opening the top-level WHERE group, skipping strings, IRIs and comments."""
    i, n = 0, len(text)
    iri = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            q3 = text[i:i + 3]
            if q3 in ('"""', "'''"):
                j = text.find(q3, i + 3)
                i = n if j < 0 else j + 3
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<":
            m = iri.match(text, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            return i
        i += 1
    raise QueryError("cannot find the query's WHERE clause to bind parameters")


def bind_values(text: str, params: dict) -> str:
    """``text`` with a VALUES block for ``params`` (name -> RDF term) at the start of the WHERE group."""
    if not params:
        return text
    names = sorted(params)
    for n in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n):
            raise QueryError(f"not a valid parameter name: {n!r}")
    block = "VALUES (" + " ".join("?" + n for n in names) + ") { (" + " ".join(
        term_ntriples(params[n]) for n in names) + ") }\n"
    at = _top_level_brace(text) + 1
    return text[:at] + "\n  " + block + text[at:]


# -- query text for a run: parameters as VALUES, hint lines switched on --------------------------
_HINT = re.compile(r"^(\s*)#\s*when\s+(\w+)\s*:\s?(.*)$", re.MULTILINE)


def expand_hints(text: str, terms: dict) -> str:
    """Switch on the hint lines of the parameters given, with the parameter's term written in.

    A named query may hold lines ``#when document: ?doc mg:documentNumber ?document .`` inside
    its sub-selects. Without the parameter they are comments. With it, the line becomes the
    pattern, with ``?document`` replaced by the parameter's RDF term (written by pyoxigraph, so
    quotes and braces in a value stay inside the literal). A hint only repeats a condition the
    query tests anyway at the top level, so the rows are the same: it lets the engine start
    from the few nodes the parameter names instead of computing a sub-select for the whole
    store and filtering afterwards (Oxigraph does not push bindings into sub-selects).
    """
    def on(m: re.Match) -> str:
        indent, name, pattern = m.group(1), m.group(2), m.group(3)
        if name not in terms:
            return m.group(0)
        return indent + re.sub(r"[?$]" + re.escape(name) + r"\b", lambda _: term_ntriples(terms[name]), pattern)

    return _HINT.sub(on, text)


def query_text(nq: "NamedQuery", terms: dict) -> str:
    """The text to run: hints expanded, comments dropped, parameters bound by VALUES."""
    return bind_values(_COMMENT_LINE.sub("", expand_hints(nq.text, terms)), terms)


@dataclass
class Result:
    columns: list[str]
    rows: list[list[Optional[object]]]  # pyoxigraph terms or None


def run(store, nq: NamedQuery, params: Optional[dict[str, str]] = None) -> Result:
    params = dict(params or {})
    body = _COMMENT_LINE.sub("", nq.text)
    if _UPDATE.match(body):
        raise QueryError(f"{nq.name}: this is a SPARQL update; 'query' is read-only and refuses it")
    unknown = set(params) - set(nq.params) if nq.params else set()
    if unknown and nq.params:
        raise QueryError(f"{nq.name}: unknown parameter(s) {', '.join(sorted(unknown))}; it takes {', '.join(nq.params)}")
    missing = [p for p, (req, _) in nq.params.items() if req and p not in params]
    if missing:
        raise QueryError(f"{nq.name}: missing required parameter(s) {', '.join(missing)} (--param NAME=VALUE)")
    terms = {k: to_term(v) for k, v in params.items()}
    try:
        solutions = store.query(query_text(nq, terms))
    except SyntaxError as e:
        raise QueryError(f"{nq.name}: SPARQL syntax error: {e}") from None
    except RuntimeError as e:
        raise QueryError(f"{nq.name}: {e}") from None
    if isinstance(solutions, bool) or isinstance(solutions, ox.QueryBoolean):
        return Result(["ask"], [[ox.Literal(str(bool(solutions)).lower())]])
    if isinstance(solutions, ox.QueryTriples):
        rows = [[t.subject, t.predicate, t.object] for t in solutions]
        return Result(["subject", "predicate", "object"], rows)
    variables = [v.value for v in solutions.variables]
    keep = [v for v in variables if v not in nq.params]
    rows = [[sol[v] for v in keep] for sol in solutions]
    return Result(keep, rows)


# -- formatting -------------------------------------------------------------------------
def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(term)


def _width(s: str) -> int:
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def format_table(res: Result, max_width: int = 48) -> str:
    def cut(s: str) -> str:
        s = " ".join(s.split())
        return s if _width(s) <= max_width else s[: max_width - 1] + "…"

    cells = [[cut(_plain(t)) for t in row] for row in res.rows]
    widths = [_width(c) for c in res.columns]
    for row in cells:
        widths = [max(w, _width(c)) for w, c in zip(widths, row)]

    def line(values):
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(res.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def format_csv(res: Result, delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(res.columns)
    for row in res.rows:
        w.writerow([_plain(t) for t in row])
    return buf.getvalue()


def _tsv_term(term) -> str:
    # SPARQL 1.1 TSV keeps full terms (datatype, language tag), unlike CSV.
    return "" if term is None else str(term)


def format_tsv(res: Result) -> str:
    lines = ["\t".join("?" + c for c in res.columns)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in res.rows]
    return "\n".join(lines) + "\n"


def _json_term(term):
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        d = {"type": "literal", "value": term.value}
        if term.language:
            d["xml:lang"] = term.language
        elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = term.datatype.value
        return d
    return {"type": "literal", "value": str(term)}


def format_json(res: Result) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    bindings = [
        {c: _json_term(t) for c, t in zip(res.columns, row) if t is not None} for row in res.rows
    ]
    return json.dumps({"head": {"vars": res.columns}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


FORMATTERS = {"table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json}
