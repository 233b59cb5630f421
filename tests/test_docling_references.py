"""Reference lists as docling writes them, from real papers (tests/fixtures/docling/README.md):
each entry stored under its printed number with its first author and year."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipelines.reading.read import read_review
from pipelines.reading.reference_strings import parse_reference_list

FIXTURES = Path(__file__).parent / "fixtures" / "docling"
GOLD = list(csv.DictReader((FIXTURES / "gold_first_authors.csv").open(encoding="utf-8")))


def _read(name: str) -> dict[int, tuple[str | None, int | None]]:
    review = read_review(name, FIXTURES / f"{name}.references.md").review
    parsed = parse_reference_list([e.raw_text for e in review.references])
    return {e.number: (p.authors[0].rsplit(" ", 1)[0] if p.authors else None, p.year) for e, p in zip(review.references, parsed, strict=True)}


@pytest.mark.parametrize("name", sorted({g["file"] for g in GOLD}))
def test_every_printed_number_is_stored_once(name):
    numbers = [int(g["number"]) for g in GOLD if g["file"] == name]
    assert sorted(_read(name)) == sorted(numbers)


def test_first_author_and_year_right_for_95_percent_of_entries():
    read = {name: _read(name) for name in {g["file"] for g in GOLD}}
    right = [read[g["file"]].get(int(g["number"])) == (g["first_author_family"], int(g["year"])) for g in GOLD]
    wrong = [f"{g['file']} [{g['number']}]: {read[g['file']].get(int(g['number']))}" for g, ok in zip(GOLD, right, strict=True) if not ok]
    assert sum(right) / len(right) >= 0.95, wrong
