"""Shared test helpers."""

from __future__ import annotations

import contextlib
import signal


@contextlib.contextmanager
def no_hang(seconds: int = 30):
    """Fail if the block runs for more than ``seconds``: a guard against catastrophic regex
    backtracking or an endless loop, not a speed check (speed is measured in bench/)."""

    def _alarm(signum, frame):
        raise AssertionError(f"still running after {seconds} s: hang or catastrophic backtracking")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
