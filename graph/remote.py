"""Run named queries against a remote SPARQL 1.1 endpoint, and the HTTP plumbing shared with ``push``.

A remote endpoint does not take Oxigraph substitutions, so parameters are bound with a VALUES block
placed at the START of the query's top-level WHERE group: ``WHERE { VALUES (?p) { (term) } ...``. The
terms are serialised by pyoxigraph (N-Triples escaping of quotes, backslashes, newlines), never pasted
from user text, so a value holding ``"} ; DROP ALL`` stays one literal. Because the VALUES block is in the
same group as the query's filters, the optional-parameter idiom
``FILTER(!COALESCE(?p = ?p, false) || ...)`` sees the binding exactly as it sees a substitution locally;
an optional parameter that is not given is simply left out of the block (unbound).

Named queries expect the union of mandategraph's named graphs as their default graph (as the local store
does). The endpoint is first asked which named graphs it holds; the mandategraph ones are passed as
``default-graph-uri`` (SPARQL 1.1 Protocol), so the default graph is their merge on any conforming server.

Credentials come from the environment only (MANDATEGRAPH_TOKEN for Bearer, or MANDATEGRAPH_USER and
MANDATEGRAPH_PASSWORD for Basic), never from argv; error messages never contain them.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Optional

import pyoxigraph as ox

from .query import _COMMENT_LINE, _UPDATE, NamedQuery, QueryError, Result, bind_values, query_text, term_ntriples, to_term
from .vocab import GRAPH, INFERRED_GRAPH, PREFIXES, UNION_GRAPH

DEFAULT_TIMEOUT = 30.0
ENV_USER, ENV_PASSWORD, ENV_TOKEN = "MANDATEGRAPH_USER", "MANDATEGRAPH_PASSWORD", "MANDATEGRAPH_TOKEN"


class RemoteError(ValueError):
    """A remote endpoint problem, as one line without credentials."""


# -- credentials and HTTP -----------------------------------------------------------------
def _secrets() -> list[str]:
    return [v for v in (os.environ.get(ENV_PASSWORD), os.environ.get(ENV_TOKEN)) if v]


def redact(text: str) -> str:
    """``text`` with any credential from the environment replaced by ***."""
    for s in sorted(_secrets(), key=len, reverse=True):
        text = text.replace(s, "***")
        b = base64.b64encode(f"{os.environ.get(ENV_USER, '')}:{s}".encode()).decode()
        text = text.replace(b, "***")
    return text


def auth_header() -> Optional[str]:
    """The Authorization header value from the environment, or None."""
    token = os.environ.get(ENV_TOKEN)
    if token:
        return f"Bearer {token}"
    user = os.environ.get(ENV_USER)
    if user:
        password = os.environ.get(ENV_PASSWORD)
        if password is None:
            raise RemoteError(f"{ENV_USER} is set but {ENV_PASSWORD} is not (set both for Basic authentication)")
        return "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    return None


def check_endpoint(url: str) -> str:
    """Validate an endpoint URL (http/https, no credentials in it); return it without a trailing '/'."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) endpoint URL: {safe_url(url)}")
    if parts.username or parts.password:
        raise RemoteError(
            f"credentials in the endpoint URL are not accepted; set them in the environment ({ENV_USER}/{ENV_PASSWORD} or {ENV_TOKEN})"
        )
    return url


def safe_url(url: str) -> str:
    """The URL without user info (for messages)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return redact(urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)))


def _base(url: str) -> str:
    p = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((p.scheme, p.netloc.rsplit("@", 1)[-1], "", "", ""))


def _reason(err: BaseException) -> str:
    r = getattr(err, "reason", err)
    if isinstance(r, ConnectionRefusedError) or getattr(r, "errno", None) == errno.ECONNREFUSED:
        return "connection refused"
    if isinstance(r, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(r, socket.gaierror):
        return "unknown host"
    return str(r.strerror if getattr(r, "strerror", None) else r)


def http(method: str, url: str, data: Optional[bytes] = None, headers: Optional[dict] = None,
         timeout: float = DEFAULT_TIMEOUT) -> tuple[int, dict, bytes]:
    """One HTTP request with the environment's credentials; RemoteError on any failure (one line)."""
    headers = dict(headers or {})
    auth = auth_header()
    if auth:
        headers["Authorization"] = auth
    headers.setdefault("User-Agent", "mandategraph")
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as e:
        body = b""
        try:
            body = e.read()
        except Exception:
            pass
        detail = " ".join(body.decode("utf-8", "replace").split())[:200]
        hint = " (check the credentials in the environment)" if e.code in (401, 403) else ""
        msg = f"{method} {safe_url(url)}: HTTP {e.code} {e.reason}{hint}" + (f": {detail}" if detail else "")
        raise RemoteError(redact(msg)) from None
    except (urllib.error.URLError, OSError) as e:
        raise RemoteError(redact(f"cannot reach {_base(url)}: {_reason(e)}")) from None


def with_prefixes(text: str) -> str:
    """Declare mandategraph's prefixes the query uses but does not declare (the local store adds them itself)."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([A-Za-z][\w.-]*)?:", text, re.IGNORECASE)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" + text


def prepare(nq: NamedQuery, params: Optional[dict[str, str]] = None) -> str:
    """The query text to send: checked like a local run, parameters bound with VALUES."""
    params = dict(params or {})
    body = _COMMENT_LINE.sub("", nq.text)
    if _UPDATE.match(body):
        raise QueryError(f"{nq.name}: this is a SPARQL update; 'query' is read-only and refuses it")
    if nq.params:
        unknown = set(params) - set(nq.params)
        if unknown:
            raise QueryError(f"{nq.name}: unknown parameter(s) {', '.join(sorted(unknown))}; it takes {', '.join(nq.params)}")
    missing = [p for p, (req, _) in nq.params.items() if req and p not in params]
    if missing:
        raise QueryError(f"{nq.name}: missing required parameter(s) {', '.join(missing)} (--param NAME=VALUE)")
    terms = {k: to_term(v) for k, v in params.items()}
    return with_prefixes(query_text(nq, terms))


# -- running -----------------------------------------------------------------------------------
def _json_to_term(b: dict):
    t, v = b.get("type"), b.get("value", "")
    if t == "uri":
        return ox.NamedNode(v)
    if t == "bnode":
        return ox.BlankNode(v)
    if "xml:lang" in b:
        return ox.Literal(v, language=b["xml:lang"])
    if b.get("datatype"):
        return ox.Literal(v, datatype=ox.NamedNode(b["datatype"]))
    return ox.Literal(v)


def post_query(endpoint: str, sparql: str, default_graphs: Optional[list[str]] = None,
               timeout: float = DEFAULT_TIMEOUT) -> tuple[str, bytes]:
    # "query via URL-encoded POST" (SPARQL 1.1 Protocol 2.1.2): the default-graph-uri of every
    # document graph go in the body, where a store of thousands of documents still fits (in the
    # URL, 100 of them already made the request fail)
    form = [("query", sparql)] + [("default-graph-uri", g) for g in default_graphs or []]
    _, headers, body = http("POST", endpoint, urllib.parse.urlencode(form).encode("ascii"), {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, application/n-triples;q=0.5",
    }, timeout=timeout)
    return headers.get("content-type", ""), body


def _remote_graphs(endpoint: str, timeout: float) -> list[str]:
    ctype, body = post_query(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", timeout=timeout)
    res = _parse(ctype, body, endpoint)
    return sorted(r[0].value for r in res.rows if r[0] is not None and r[0].value.startswith(str(GRAPH)))


def mandategraph_graphs(endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """The endpoint's named graphs that mandategraph wrote: one per document, plus the inferred graph
    (not the union graph, which only repeats them)."""
    return [g for g in _remote_graphs(endpoint, timeout) if g != UNION_GRAPH]


def default_graphs(endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> list[str]:
    """What a named query reads on the server, as locally: the union graph pushed with the documents
    (+ the inferred graph); from a server written by an older push, every mandategraph graph."""
    graphs = _remote_graphs(endpoint, timeout)
    if UNION_GRAPH in graphs:
        return [g for g in graphs if g in (UNION_GRAPH, INFERRED_GRAPH)]
    return graphs


def _parse(ctype: str, body: bytes, endpoint: str) -> Result:
    if "n-triples" in ctype or "turtle" in ctype:
        triples = ox.parse(body, format=ox.RdfFormat.N_TRIPLES if "n-triples" in ctype else ox.RdfFormat.TURTLE)
        return Result(["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in triples])
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise RemoteError(f"{safe_url(endpoint)} did not answer with SPARQL JSON results (content type {ctype or 'none'})") from None
    if "boolean" in data:
        return Result(["ask"], [[ox.Literal(str(bool(data["boolean"])).lower())]])
    cols = list(data.get("head", {}).get("vars", []))
    rows = []
    for b in data.get("results", {}).get("bindings", []):
        rows.append([_json_to_term(b[c]) if c in b else None for c in cols])
    return Result(cols, rows)


def run_remote(endpoint: str, nq: NamedQuery, params: Optional[dict[str, str]] = None,
               timeout: float = DEFAULT_TIMEOUT, union: bool = True) -> Result:
    """Run a named query on a SPARQL 1.1 endpoint; parameter columns are dropped as locally."""
    endpoint = check_endpoint(endpoint)
    sparql = prepare(nq, params)
    graphs = default_graphs(endpoint, timeout) if union else []
    ctype, body = post_query(endpoint, sparql, graphs, timeout)
    res = _parse(ctype, body, endpoint)
    keep = [i for i, c in enumerate(res.columns) if c not in nq.params]
    return Result([res.columns[i] for i in keep], [[r[i] for i in keep] for r in res.rows])
