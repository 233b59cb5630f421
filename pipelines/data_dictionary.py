"""The data dictionary (docs/data_dictionary.md), generated from the warehouse's own COMMENT ON text.

    python -m pipelines.data_dictionary --db data/processed/warehouse.duckdb --write docs/data_dictionary.md
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import duckdb

from pipelines.lib.raw_files import processed_dir

START, END = "<!-- data-dictionary:start -->", "<!-- data-dictionary:end -->"


def data_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    relations = con.execute(
        "SELECT table_name, comment, 'table' FROM duckdb_tables() WHERE schema_name = 'main' "
        "UNION ALL SELECT view_name, comment, 'view' FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal ORDER BY 1"
    ).fetchall()
    lines = []
    for name, comment, kind in relations:
        lines.append(f"**`{name}`** ({kind}): {comment or ''}\n")
        lines.append("| column | type | meaning |\n| --- | --- | --- |")
        for column, dtype, text in con.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", [name]
        ).fetchall():
            lines.append(f"| `{column}` | {dtype} | {(text or '').replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def replace_section(readme: str, body: str) -> str:
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{body}{END}", readme)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(processed_dir() / "warehouse.duckdb"))
    parser.add_argument("--write", help="replace the section between the markers in this file")
    args = parser.parse_args(argv)
    con = duckdb.connect(args.db, read_only=True)
    body = data_dictionary(con)
    if args.write:
        path = Path(args.write)
        path.write_text(replace_section(path.read_text(encoding="utf-8"), body), encoding="utf-8")
    else:
        sys.stdout.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
