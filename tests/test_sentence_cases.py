"""The vocabulary extractor's sentence -> rows cases, kept as data (tests/data/sentence_cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipelines.evidence.sentence_reader import read_sentence

CASES = yaml.safe_load((Path(__file__).parent / "data" / "sentence_cases.yaml").read_text(encoding="utf-8"))["cases"]


def test_case_ids_are_unique():
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentence_gives_its_rows(vocabulary, case):
    got = sorted([s.intervention.name, s.outcome.name, s.direction] for s in read_sentence(case["sentence"], vocabulary).statements)
    assert got == sorted(case["rows"]), case.get("why", "")
