"""Precision of rows of real articles, cited and uncited, against rows a person judged by reading their sentence.
Prints figures; asserts nothing.

    .venv/bin/python benchmarks/judged_precision.py --db WAREHOUSE [--judged FILE ...]  (default: the three files below)

`trial_report_rows.csv` holds every kind of row (cited or not) of real trial reports no rule was written on:
Q, 40 rows of ten Evidence Inference train-split trial reports in the field (mental health, stress, sleep,
autism, distress; not one of the seeds the harness figures use), judged at first contact. Build those
articles to score it (their ids are `PMC<id>`); a sample none of whose articles the warehouse holds is skipped.

`uncited_rows.csv` holds uncited rows judged the same way (U: 40 uncited rows of the eight reviews and the trial reports,
drawn after M's rules; V: 40 uncited rows never judged before, drawn after the trial reader's judging cues; W: 40
more never-judged uncited rows of all the shared article-forms, drawn after P's rules):
right when the sentence reports, as the article's own result or an uncited claim, that this
intervention moves this outcome this way.

The warehouse is a build of the real article-forms (`read_report.py --lay-out DIR`, then `make build`
with EVIDENCE_RAW_DIR=DIR/...), whose review ids are `<article>__<form>`. `cited_rows.csv` holds random
samples of cited rows (a row with a reference number) from the real articles of the shared set,
each judged right or wrong by reading its sentence as a gold writer would: A (garakani2020, 40 rows) and
B (guo2023, 30) drawn from a build before this round's changes; C (both, 40) after the first rules; D
(the six other reviews, 40) after more; E (all eight, 40) after the rules D led to; F (40 cited rows of
the ten trial reports and the observational study: their introductions and discussions) after E's; G (all
eight reviews, 40) after F's; H (all eight reviews, 40) after G's, at the end of the round; I (all eight
reviews, 40, drawn at random from every cited row, so 19 had been judged in earlier samples: 18 of them alike,
one inherited summary judged wrong in both) at the start of the next; J (all eight reviews, 39 cited rows
never judged before, drawn after I's rules); K (39 never-judged cited rows of the trial reports, drawn after
J's rules); L (all eight reviews, 40 never-judged cited rows, drawn after K's rules); M (40 never-judged cited
rows of the trial reports, drawn after L's rules; some are new readings of sentences K had judged); N (all
eight reviews, 40 never-judged cited rows, drawn after U's rules); O (the same, drawn after V's rules, the
last of the round); P (the same, the next round's first draw, from the last 80 never-judged cited rows). A sample's rows were
read off its build, so its "when drawn" figure is first contact for the rules before it and a training
figure for the rules after. Rows are matched on review, reference number,
intervention, outcome, direction and the sentence's first 100 characters. The figure is precision among
the judged rows the warehouse still makes; rows it makes that nobody judged are counted beside it, as
they are the part of the precision this file cannot see.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
KEY = ("review_id", "reference_number", "intervention", "outcome", "direction", "sentence_start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--judged", nargs="+", default=[str(ROOT / "benchmarks" / "judged_rows" / name) for name in ("cited_rows.csv", "uncited_rows.csv", "trial_report_rows.csv")],
                        help="judged rows; a row with an empty reference_number is an uncited row")
    args = parser.parse_args()
    judged = []
    for path in args.judged:
        with open(path, newline="", encoding="utf-8") as fh:
            judged += list(csv.DictReader(fh))
    reviews = sorted({r["review_id"] for r in judged})
    con = duckdb.connect(args.db, read_only=True)
    rows = con.execute(
        "SELECT review_id, CAST(reference_number AS VARCHAR), intervention, outcome, direction, left(sentence_text, 100) "
        "FROM evidence WHERE review_id IN (SELECT unnest(?))", [reviews]).fetchall()
    made = {tuple("" if v is None else v for v in row) for row in rows}
    built = {key[0] for key in made}
    for sample in sorted({r["sample"] for r in judged}):
        rows = [r for r in judged if r["sample"] == sample]
        if not {r["review_id"] for r in rows} & built:
            continue  # its articles are not in this warehouse
        kept = Counter(r["right"] for r in rows if tuple(r[k] for k in KEY) in made)
        dropped = Counter(r["right"] for r in rows if tuple(r[k] for k in KEY) not in made)
        judged_kept = kept["yes"] + kept["no"]
        right = sum(r["right"] == "yes" for r in rows)
        print(f"sample {sample}: {len(rows)} judged rows, {right} right when drawn ({right / len(rows):.2f}); "
              f"this warehouse keeps {judged_kept}: precision {kept['yes'] / max(1, judged_kept):.2f} "
              f"(dropped {dropped['yes']} right and {dropped['no']} wrong rows)")
    keys = {tuple(r[k] for k in KEY) for r in judged}
    reviews = sorted(set(reviews) & built)
    for kind, rows_of_kind in (("cited", [k for k in made if k[1]]), ("uncited", [k for k in made if not k[1]])):
        unjudged = sum(1 for k in rows_of_kind if k not in keys)
        print(f"{kind} rows of the {len(reviews)} sampled article-forms in this warehouse: {len(rows_of_kind)}, of which {unjudged} never judged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
