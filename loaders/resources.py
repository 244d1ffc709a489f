"""Access to the loaders' data tables (``loaders/data``), loaded once and cached."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def _read(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def lexicon() -> dict:
    """Word lists: connectives, document types, positions, provinces, units, ..."""
    return json.loads(_read("lexicon.json"))


@lru_cache(maxsize=None)
def chrome() -> dict:
    """Web-page chrome prefixes to drop (per line, or the whole tail)."""
    return json.loads(_read("chrome.json"))


@lru_cache(maxsize=None)
def agency_rows() -> tuple[dict, ...]:
    """Rows of the agency gazetteer ``agencies.tsv``."""
    cols = ["key", "canonical", "aliases", "kind", "level", "parent", "scope", "codes"]
    rows = []
    for line in _read("agencies.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (len(cols) - len(cells))
        rows.append(dict(zip(cols, cells)))
    return tuple(rows)
