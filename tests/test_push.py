"""push (Graph Store Protocol) and query --endpoint, against a REAL Oxigraph server.

The server is the ``oxigraph`` binary of the PyPI package ``oxigraph`` (test extra), started once for the
module on a free port of 127.0.0.1 in a temporary folder. Without the binary the tests are skipped with
the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from mandategraph.cli import main
from mandategraph.graph import query as q
from mandategraph.graph import remote
from mandategraph.graph.store import UNION_GRAPH, GraphStore

import _mandate_docs as M


def _oxigraph_binary():
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def _unavailable(reason: str):
    """Skip on a developer machine without the server; fail in CI, where it must run for real."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs the test extras, so this is a real failure)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = _oxigraph_binary()
    if not binary:
        _unavailable("the 'oxigraph' server binary is not installed (pip install oxigraph: test extra)")
    port = _free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    proc = subprocess.Popen([binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    _unavailable("the oxigraph server did not start")
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("push") / "store"
    with GraphStore(path) as s:
        M.load(s)
    return path


@pytest.fixture(scope="module")
def pushed(server, store_path):
    assert main(["--store", str(store_path), "push", "--endpoint", server + "/store"]) == 0
    return server


def _local(store_path, name, **params):
    with GraphStore(store_path) as s:
        res = q.run(s, q.resolve(name), params)
    return res.columns, sorted(tuple(q._plain(t) for t in r) for r in res.rows)


def _remote(server, name, **params):
    res = remote.run_remote(server + "/query", q.resolve(name), params)
    return res.columns, sorted(tuple(q._plain(t) for t in r) for r in res.rows)


def test_push_one_graph_per_document_replacing(pushed, store_path, capsys):
    with GraphStore(store_path) as s:
        graphs = s.data_graphs()
        total = s.count()
    assert len(remote.mandategraph_graphs(pushed + "/query")) == len(graphs) == 4
    # pushing again replaces (PUT), never duplicates
    assert main(["--store", str(store_path), "push", "--endpoint", pushed + "/store"]) == 0
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s>) }" % UNION_GRAPH
    n = remote.run_remote(pushed + "/query", q.parse_header("count", count), union=False)
    assert int(n.rows[0][0].value) == total
    # the union graph went too, and it is what the named queries read there, as locally
    assert remote.default_graphs(pushed + "/query") == [UNION_GRAPH]
    u = remote.run_remote(pushed + "/query", q.parse_header("u", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % UNION_GRAPH), union=False)
    with GraphStore(store_path) as s:
        assert int(u.rows[0][0].value) == s.count(UNION_GRAPH)
    assert "4 graph(s) pushed" in capsys.readouterr().out


@pytest.mark.parametrize("name,params", [
    ("trace", {}), ("trace", {"document": "161/QĐ-UBND"}),
    ("implementers", {"resolution": "158/2024/QH15"}), ("implementers", {"resolution": "01/NQ-CP"}),
    ("deadlines", {"as_of": "2025-11-15"}), ("deadlines", {"as_of": "2025-11-15", "within": "10"}),
    ("targets", {"keyword": "che phủ"}), ("delegation", {"body": "Sở Tư pháp tỉnh Sơn La"}), ("coverage", {}),
])
def test_remote_rows_equal_local_rows(pushed, store_path, name, params):
    local = _local(store_path, name, **params)
    assert local[1], "the local result should not be empty"
    assert _remote(pushed, name, **params) == local


def test_optional_parameter_idiom_works_with_values(pushed, store_path):
    everything = _remote(pushed, "trace")[1]
    only = _remote(pushed, "trace", document="161/QĐ-UBND")[1]
    assert only and set(only) <= set(everything)
    assert _remote(pushed, "trace", document="999/QĐ-UBND")[1] == []


@pytest.mark.parametrize("hostile", ['"} ; DROP ALL #', "x\" } } ; INSERT DATA { <a> <b> <c> } #", "\\\"}\n#"])
def test_remote_parameters_are_only_literals(pushed, store_path, hostile, capsys):
    before = _remote(pushed, "trace")[1]
    assert main(["query", "trace", "--endpoint", pushed + "/query", "--param", f"document={hostile}",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip().count("\n") == 0  # header only
    assert _remote(pushed, "trace")[1] == before


def test_values_block_uses_escaped_terms():
    text = remote.prepare(q.resolve("trace"), {"document": 'a"} ; DROP ALL #'})
    assert 'VALUES (?document) { ("a\\"} ; DROP ALL #") }' in text
    assert text.index("VALUES") > text.index("WHERE")


def test_remote_query_refuses_updates(tmp_path, capsys):
    f = tmp_path / "u.rq"
    f.write_text("INSERT DATA { <a:a> <a:b> <a:c> }", encoding="utf-8")
    assert main(["query", str(f), "--endpoint", "http://127.0.0.1:9/query"]) == 2
    assert "read-only" in capsys.readouterr().err


def test_push_to_a_dead_port_fails_clearly(store_path, capsys):
    port = _free_port()
    code = main(["--store", str(store_path), "push", "--endpoint", f"http://127.0.0.1:{port}/store"])
    err = capsys.readouterr().err
    assert code != 0
    assert err.strip() == f"error: cannot reach http://127.0.0.1:{port}: connection refused"


def test_credentials_never_printed(store_path, capsys, monkeypatch):
    secret = "s3cr3t-P@ss"
    monkeypatch.setenv("MANDATEGRAPH_USER", "analyst")
    monkeypatch.setenv("MANDATEGRAPH_PASSWORD", secret)
    port = _free_port()
    assert main(["--store", str(store_path), "push", "--endpoint", f"http://127.0.0.1:{port}/store"]) != 0
    assert main(["query", "trace", "--endpoint", f"http://127.0.0.1:{port}/query"]) != 0
    out = capsys.readouterr()
    assert secret not in out.out + out.err
    # credentials in the URL are refused without echoing them
    assert main(["--store", str(store_path), "push", "--endpoint", f"http://analyst:{secret}@127.0.0.1:{port}/store"]) == 2
    out = capsys.readouterr()
    assert secret not in out.out + out.err and "environment" in out.err
    monkeypatch.setenv("MANDATEGRAPH_TOKEN", secret)
    assert remote.auth_header() == f"Bearer {secret}"
    assert secret not in remote.redact(f"HTTP 401 {secret}")


def test_credentials_are_sent_and_errors_redacted(pushed, store_path, capsys, monkeypatch):
    # Oxigraph ignores Authorization: pushing with credentials works, nothing is printed
    monkeypatch.setenv("MANDATEGRAPH_USER", "analyst")
    monkeypatch.setenv("MANDATEGRAPH_PASSWORD", "pw-123456")
    assert main(["--store", str(store_path), "push", "--endpoint", pushed + "/store"]) == 0
    out = capsys.readouterr()
    assert "pw-123456" not in out.out + out.err
    # an HTTP error (404 on a wrong path) is one line, without credentials
    assert main(["--store", str(store_path), "push", "--endpoint", pushed + "/nowhere"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: PUT ") and "HTTP 404" in err and "pw-123456" not in err
    assert err.count("\n") == 1


def test_user_without_password_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("MANDATEGRAPH_TOKEN", raising=False)
    monkeypatch.setenv("MANDATEGRAPH_USER", "analyst")
    monkeypatch.delenv("MANDATEGRAPH_PASSWORD", raising=False)
    with pytest.raises(remote.RemoteError, match="MANDATEGRAPH_PASSWORD is not"):
        remote.auth_header()


def test_a_graph_larger_than_a_chunk_arrives_whole(server, store_path):
    """The union graph of a big store goes as PUT + POSTs; here with chunks of 50 triples."""
    from mandategraph.graph.push import push

    with GraphStore(store_path) as s:
        report = push(s, server + "/store", chunk_triples=50)
        local = s.count(UNION_GRAPH)
    assert dict(report.pushed)[UNION_GRAPH] == local > 100  # 13 requests
    u = remote.run_remote(server + "/query", q.parse_header(
        "u", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }" % UNION_GRAPH), union=False)
    assert int(u.rows[0][0].value) == local
