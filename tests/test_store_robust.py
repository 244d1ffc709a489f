"""The store under concurrent use and crashes: never corrupted, never half-replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from mandategraph.graph.store import GraphStore, StoreError

CHILD = textwrap.dedent(
    """
    import sys, time
    from mandategraph.graph.store import GraphStore
    path, graph, n, hold = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    nt = "\\n".join(f"<http://example.org/{graph}/s{i}> <http://example.org/p> \\"{i}\\" ." for i in range(n))
    update = f"DROP SILENT GRAPH <http://example.org/g/{graph}> ; INSERT DATA {{ GRAPH <http://example.org/g/{graph}> {{ {nt} }} }}"
    with GraphStore(path, wait=60) as s:
        print("updating", flush=True)  # the next statement is the one atomic write
        t = time.monotonic()
        s.ox.update(update)
        print(f"done {time.monotonic() - t:.3f}", flush=True)
        time.sleep(hold)
    """
)


def spawn(store, graph, n, hold=0.0):
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store), graph, str(n), str(hold)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def count(store, graph):
    with GraphStore(store) as s:
        return s.count(f"http://example.org/g/{graph}")


def test_two_writers_at_once_both_succeed(tmp_path):
    store = tmp_path / "store"
    a = spawn(store, "a", 2000, hold=1.0)  # holds the store for a second after writing
    b = spawn(store, "b", 2000)
    assert a.wait(120) == 0, a.stderr.read()
    assert b.wait(120) == 0, b.stderr.read()
    assert count(store, "a") == 2000 and count(store, "b") == 2000


def test_a_writer_that_cannot_get_the_store_fails_clearly(tmp_path):
    store = tmp_path / "store"
    with GraphStore(store):
        with pytest.raises(StoreError, match="in use by another mandategraph process"):
            # Same process, second handle: the lock is per database directory.
            GraphStore(store, wait=0.5)


def test_kill_9_during_a_load_leaves_the_store_as_it_was(tmp_path):
    store = tmp_path / "store"
    first = spawn(store, "kept", 500)
    assert first.wait(60) == 0
    victim = spawn(store, "big", 400_000)
    # wait until it has the store open, then give it a moment to be inside the update
    assert victim.stdout.readline().strip() == "updating"
    time.sleep(0.2)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(30)
    rest = victim.stdout.read()
    assert "done" not in rest, f"the update finished before the kill ({rest.strip()}): make it bigger"
    assert count(store, "kept") == 500
    assert count(store, "big") in (0, 400_000)  # all or nothing
