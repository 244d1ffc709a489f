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
    return _tsv("agencies.tsv", ["key", "canonical", "aliases", "kind", "level", "parent", "scope", "codes"])


@lru_cache(maxsize=None)
def reorganisation_rows() -> tuple[dict, ...]:
    """Rows of ``reorganisation.tsv``: change events of the 2025 reorganisation."""
    return _tsv("reorganisation.tsv", ["event", "original", "resulting", "effective", "scope", "confidence", "note"])


def _tsv(name: str, cols: list[str]) -> tuple[dict, ...]:
    """A tab-separated table (``#`` comments and blank lines skipped), one dict per row."""
    rows = []
    for line in _read(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (len(cols) - len(cells))
        rows.append(dict(zip(cols, cells)))
    return tuple(rows)
