"""Analyst access: a hardened read-only connection, and a small query command with safe filters.

`read_only=True` alone is no sandbox (COPY ... TO and read_csv('/etc/passwd') still run), so
external access is switched off and the configuration locked. Filters are bound as
parameters; the sort column is checked against an allow-list before any SQL is built.

    python -m pipelines.sql --intervention exercise --outcome BDNF --sort n_references
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from pipelines.lib.raw_files import processed_dir

SORTABLE = {"n_references", "n_statements", "intervention", "outcome", "direction"}


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only, no file or network access, settings locked; reconnect to see a new refresh."""
    return duckdb.connect(str(path), read_only=True, config={"enable_external_access": False, "lock_configuration": True})


CLAIM_COLUMNS = ("intervention", "outcome", "direction", "n_references", "n_statements", "contradicted")


def query_claims(con: duckdb.DuckDBPyConnection, intervention: str | None, outcome: str | None, sort: str = "n_references") -> list[tuple]:
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}: choose one of {sorted(SORTABLE)}")
    order = f"{sort} DESC" if sort.startswith("n_") else sort
    sql = f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE (? IS NULL OR intervention = ?) AND (? IS NULL OR outcome = ?) ORDER BY {order}, intervention, outcome, direction"
    return con.execute(sql, [intervention, intervention, outcome, outcome]).fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(processed_dir() / "warehouse.duckdb"))
    parser.add_argument("--intervention")
    parser.add_argument("--outcome")
    parser.add_argument("--sort", default="n_references")
    args = parser.parse_args(argv)
    try:
        rows = query_claims(connect_readonly(Path(args.db)), args.intervention, args.outcome, args.sort)
    except (ValueError, duckdb.Error) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print("\t".join(CLAIM_COLUMNS))  # a header row, so the output reads into R or a spreadsheet as a table
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
