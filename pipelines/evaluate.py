"""`python -m pipelines.evaluate --db WAREHOUSE --gold GOLD.csv [--review ID]`: score evidence rows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipelines.lib.evaluation import load_gold, score_warehouse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--gold", required=True)
    parser.add_argument("--review")
    parser.add_argument("--show", action="store_true", help="list missed items and rows matching no gold line")
    args = parser.parse_args(argv)
    con = duckdb.connect(args.db, read_only=True)
    score = score_warehouse(con, load_gold(Path(args.gold)), args.review)
    if args.show:
        print("missed required items:", ", ".join(score.missed) or "none")
        for row in score.unmatched:
            print(f"  [{row['reference_number']}] {row['intervention']} -> {row['direction']} {row['outcome']} ({row['outcome_text']})")
    print(score.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
