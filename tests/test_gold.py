"""Loader quality on hand-written gold (tests/gold): thresholds the lead set, printed as a table."""

from __future__ import annotations

from pathlib import Path

import pytest

from mandategraph.loaders.score import gold_files, score_file, table, totals

GOLD = Path(__file__).resolve().parent / "gold"
THRESHOLDS = {"citations": 0.95, "lead": 0.95, "coordinating": 0.9, "deadlines": 0.9, "targets": 0.9, "header": 0.9}


@pytest.fixture(scope="module")
def sample_scores():
    return [score_file(f) for f in gold_files([GOLD])]


@pytest.fixture(scope="module")
def new_scores():
    return [score_file(f) for f in gold_files([GOLD / "new"])]


def test_gold_files_cover_the_samples():
    stems = {p.stem for p in (GOLD.parent.parent / "examples").glob("*.txt")}
    assert stems == {p.stem for p in gold_files([GOLD])}


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_samples_meet_thresholds(sample_scores, field):
    print("\n" + table(sample_scores, "samples"))
    t = totals(sample_scores)[field]
    assert t.precision >= THRESHOLDS[field] and t.recall >= THRESHOLDS[field], (field, t.precision, t.recall)


def test_new_documents_scored(new_scores):
    print("\n" + table(new_scores, "new documents"))
    assert len(new_scores) >= 2
