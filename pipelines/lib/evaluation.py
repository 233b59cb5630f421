"""Scoring extracted evidence against a gold file, as our acceptance checks do.

A gold item (an `item` id, possibly several alternative lines) is found when a cited review
row has its reference number, an intervention and an outcome (canonical name or words as
written) matching the item's regular expressions, and one of its directions. Recall counts
required items found; precision counts cited review rows that match any gold line, required
or optional. Used by the tests on our own gold reviews and by `python -m pipelines.evaluate`.

A gold line with ref 0 is a finding the article states without citing anything (a trial's own
result): it matches uncited rows, and a gold file with any ref-0 line judges every row, cited or
not (the shared scorer's rule). `all_rows_precision` judges every row whatever the gold holds:
uncited rows a gold file of cited claims cannot excuse count against it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GoldLine:
    item: str
    ref: int
    intervention: re.Pattern
    outcome: re.Pattern
    directions: set[str]
    hedged: str
    required: bool
    note: str


@dataclass
class Score:
    recall: float
    precision: float
    found: int
    required: int
    good_rows: int
    cited_rows: int
    missed: list[str] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    all_rows: int = 0
    all_rows_good: int = 0

    @property
    def all_rows_precision(self) -> float:
        return self.all_rows_good / self.all_rows if self.all_rows else 0.0

    def line(self) -> str:
        return (
            f"recall={self.recall:.2f} precision={self.precision:.2f} "
            f"({self.found}/{self.required} required items; {self.good_rows}/{self.cited_rows} cited rows; "
            f"every row {self.all_rows_good}/{self.all_rows})"
        )


def load_gold(path: Path) -> list[GoldLine]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [
            GoldLine(
                item=r["item"],
                ref=int(r["ref"]),
                intervention=re.compile(r["intervention_pattern"], re.I),
                outcome=re.compile(r["outcome_pattern"], re.I),
                directions={d.strip() for d in r["directions"].split("|")},
                hedged=r.get("hedged", "").strip().lower(),
                required=r["required"].strip().lower() == "yes",
                note=r.get("note", ""),
            )
            for r in csv.DictReader(fh)
        ]


def _matches(row: dict, g: GoldLine) -> bool:
    number = row["reference_number"]
    if (0 if number is None or number != number else number) != g.ref or row["direction"] not in g.directions:
        return False
    intervention = f"{row['intervention'] or ''} {row['intervention_text'] or ''}"
    outcome = f"{row['outcome'] or ''} {row['outcome_text'] or ''}"
    return bool(g.intervention.search(intervention)) and bool(g.outcome.search(outcome))


def score_rows(rows: list[dict], gold: list[GoldLine]) -> Score:
    own_findings = any(g.ref == 0 for g in gold)
    cited = [r for r in rows if own_findings or r["reference_number"] is not None]
    required = sorted({g.item for g in gold if g.required})
    found = {g.item for g in gold if g.required and any(_matches(r, g) for r in cited)}
    good = [r for r in cited if any(_matches(r, g) for g in gold)]
    return Score(
        recall=len(found) / len(required) if required else 1.0,
        precision=len(good) / len(cited) if cited else 0.0,
        found=len(found),
        required=len(required),
        good_rows=len(good),
        cited_rows=len(cited),
        missed=[i for i in required if i not in found],
        unmatched=[r for r in cited if r not in good],
        all_rows=len(rows),
        all_rows_good=sum(1 for r in rows if any(_matches(r, g) for g in gold)),
    )


def score_warehouse(con, gold: list[GoldLine], review_id: str | None = None) -> Score:
    sql = (
        "SELECT review_id, reference_number, intervention, intervention_text, outcome, outcome_text, direction, hedged "
        "FROM evidence WHERE source_kind = 'review'"
    )
    params = []
    if review_id:
        sql += " AND review_id = ?"
        params.append(review_id)
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return score_rows([dict(zip(names, t, strict=True)) for t in cursor.fetchall()], gold)
