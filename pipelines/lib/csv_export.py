"""CSV exports that are safe to open in a spreadsheet and byte-identical across rebuilds.

A text cell starting with =, +, -, @, tab, CR or LF could run as a formula in Excel or
LibreOffice, so it gets a leading apostrophe (OWASP's advice); numeric columns are left as
numbers. Rows are sorted by the table's key, lines end in LF, the encoding is UTF-8 without a
BOM (R's read.csv would keep a BOM in the first column name). List columns are joined with
"; ".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb
import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralize_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralize_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralize_cell)
    return out


def export_chunks(con: duckdb.DuckDBPyConnection, relation: str, order_by: list[str], vectors: int = 50) -> Iterator[pd.DataFrame]:
    """All columns of a relation, lists joined into text, in a stable order, 102,400 rows at a time: an export of
    10,000 reviews' evidence never sits in memory whole."""
    described = con.execute(f"DESCRIBE {relation}").fetchall()
    select = ", ".join(
        f"array_to_string({name}, '; ') AS {name}" if dtype.endswith("[]") else name for name, dtype, *_ in described
    )
    order = ", ".join(f"{c} NULLS FIRST" for c in order_by)
    result = con.execute(f"SELECT {select} FROM {relation} ORDER BY {order}")
    first = True
    while len(chunk := result.fetch_df_chunk(vectors)) or first:
        first = False
        yield chunk


def write_csv(chunks: Iterable[pd.DataFrame], path: Path) -> int:
    """Writes the chunks as one CSV (header once) through a temporary file; returns the rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    rows = 0
    with tmp.open("w", encoding="utf-8", newline="") as out:
        for number, chunk in enumerate(chunks):
            frame = neutralize_frame(chunk)
            for column in frame.columns:
                if pd.api.types.is_bool_dtype(frame[column]):
                    frame[column] = frame[column].map({True: "TRUE", False: "FALSE"})
            frame.to_csv(out, index=False, header=number == 0, lineterminator="\n")
            rows += len(frame)
    tmp.replace(path)
    return rows
