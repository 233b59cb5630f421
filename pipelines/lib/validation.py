"""pandera validation that splits a table into accepted rows and rejected rows with reasons.

Validation is lazy, so one run lists every failure. A failure tied to a row sends that row to
rejected_records; a failure of the table as a whole (a missing column, a dtype that cannot be
coerced) has no row to blame and rejects the table, never a guess at some rows. The accepted
part is validated again so that nothing invalid slips through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import pandera.errors as pa_errors


class TableRejected(ValueError):
    """The table failed as a whole; the message lists the failures."""


@dataclass
class ValidationResult:
    accepted: pd.DataFrame
    rejected: list[dict]
    failure_cases: pd.DataFrame


def _raw_row(row: pd.Series) -> str:
    return json.dumps({k: (None if _is_missing(v) else v) for k, v in row.items()}, default=str, ensure_ascii=False, sort_keys=True)


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def validate_table(model, df: pd.DataFrame, table: str, source_of) -> ValidationResult:
    """source_of(row) names the raw file a row came from, for its rejected_records row."""
    try:
        return ValidationResult(model.validate(df, lazy=True), [], pd.DataFrame())
    except pa_errors.SchemaErrors as errors:
        cases = errors.failure_cases
    table_level = cases[cases["index"].isna()]
    if len(table_level):
        listing = "; ".join(f"{r.column}: {r.check} ({r.failure_case})" for r in table_level.itertuples())
        raise TableRejected(f"table {table} failed validation as a whole: {listing}")
    reasons: dict[object, list[str]] = {}
    for case in cases.itertuples():
        reasons.setdefault(case.index, []).append(f"{case.column or 'row'}: {case.check}")
    bad = df.loc[df.index.isin(list(reasons))]
    rejected = [
        {
            "source_file": source_of(row),
            "location": f"{table} row {index}",
            "target": table,
            "reason": "failed validation: " + "; ".join(sorted(set(reasons[index]))),
            "raw": _raw_row(row),
        }
        for index, row in bad.iterrows()
    ]
    accepted = model.validate(df.drop(index=bad.index), lazy=True)
    return ValidationResult(accepted, rejected, cases)
