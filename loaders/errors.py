"""The one error type loaders raise for bad input.

Its message is one line a user can act on, naming the file (and the line, where there is one):
``examples/x.txt: line 3: no document header found``. The CLI prints ``str(error)`` and exits
non-zero; nothing already in the store is touched when a document fails to load.
"""

from __future__ import annotations

from typing import Optional


class LoaderError(Exception):
    def __init__(self, file: str, message: str, line: Optional[int] = None):
        self.file = str(file)
        self.line = line
        self.message = message
        where = f"{self.file}: line {line}: " if line else f"{self.file}: "
        super().__init__(where + message)
