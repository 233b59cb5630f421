"""Metadata Dagster shows for an asset: row counts, a Markdown preview, the column schema."""

from __future__ import annotations

import dagster as dg
import numpy as np
import pandas as pd

from schemas.tables import columns

LEAD_COLUMNS = ("intervention", "outcome", "direction")


def reading_order(columns) -> list[str]:
    """Columns as an analyst reads a row: intervention, outcome, direction, then the rest, ids (hashes) last."""
    columns = list(columns)
    lead = [c for c in LEAD_COLUMNS if c in columns]
    ids = [c for c in columns if c.endswith("_id") and c not in lead]
    return lead + [c for c in columns if c not in lead and c not in ids] + ids


def markdown_preview(df: pd.DataFrame, rows: int = 10, width: int = 60) -> str:
    if df.empty:
        return "_no rows_"
    head = df.head(rows)[reading_order(df.columns)]

    def cell(value) -> str:
        if isinstance(value, (list, tuple, np.ndarray)):
            text = "; ".join(str(v) for v in value)
        else:
            text = "" if value is None or pd.isna(value) else str(value)
        text = text.replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.itertuples(index=False)]
    return "\n".join(lines)


def column_schema(model) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, sql, description) for name, sql, description in columns(model)])


def table_metadata(df: pd.DataFrame, model=None, rows: int | None = None) -> dict:
    """rows: the table's row count when df is only its first rows (a preview read from the warehouse)."""
    metadata = {"dagster/row_count": len(df) if rows is None else rows, "preview": dg.MetadataValue.md(markdown_preview(df))}
    if model is not None:
        metadata["dagster/column_schema"] = column_schema(model)
    return metadata
