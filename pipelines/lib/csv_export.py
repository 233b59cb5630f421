"""CSV exports that are safe to open in a spreadsheet and byte-identical across rebuilds.

A text cell starting with =, +, -, @, tab, CR or LF could run as a formula in Excel or
LibreOffice, so it gets a leading apostrophe (OWASP's advice); numeric columns are left as
numbers. Rows are sorted by the table's key, lines end in LF, the encoding is UTF-8 without a
BOM (R's read.csv would keep a BOM in the first column name). List columns are joined with
"; ".
"""

from __future__ import annotations

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


def export_query(con: duckdb.DuckDBPyConnection, relation: str, order_by: list[str]) -> pd.DataFrame:
    """All columns of a relation, lists joined into text, in a stable order."""
    described = con.execute(f"DESCRIBE {relation}").fetchall()
    select = ", ".join(
        f"array_to_string({name}, '; ') AS {name}" if dtype.endswith("[]") else name for name, dtype, *_ in described
    )
    order = ", ".join(f"{c} NULLS FIRST" for c in order_by)
    return con.execute(f"SELECT {select} FROM {relation} ORDER BY {order}").df()


def write_csv(df: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    frame = neutralize_frame(df)
    for column in frame.columns:
        if pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].map({True: "TRUE", False: "FALSE"})
    frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    tmp.replace(path)
