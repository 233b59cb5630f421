"""Analyst-filled extraction sheets under <raw>/effect_sizes/*.csv, validated and turned into effect sizes.

A sheet is a filled copy of meta_analysis.csv, saved from R, Excel, pandas or by hand: every
usual spelling of a missing value counts as empty, and R's row-name column is ignored. Rows
with no numbers yet are skipped (their data_status stays 'none'). A row with numbers is checked by the EffectSizeSheet model (counts
positive integers, SDs positive, events within totals, a known measure) and against the
warehouse (the reference exists, and the evidence has that intervention and outcome for it);
a failing row is a rejected_records row with the reason. A sheet missing a required column is
rejected whole: guessing which column was meant would be worse.
"""

from __future__ import annotations

import io
import math
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from pipelines.lib.analyst_csv import blank_if_missing
from pipelines.lib.meta_analysis import EffectSizeError, effect_size
from pipelines.lib.raw_files import list_inputs
from pipelines.reading.source_text import RawFileError, decode_text
from schemas.inputs import REQUIRED_COLUMNS, EffectSizeSheet

COUNT_COLUMNS = frozenset({"n1i", "n2i", "ai", "bi", "ci", "di", "ni"})
NUMBER_COLUMNS = ["yi", "vi", "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "ai", "bi", "ci", "di", "ri", "ni"]
EFFECT_COLUMNS = ["source_file", "row", "intervention", "outcome", "reference_id", "study_label", "measure", "yi", "vi", "data_status", *NUMBER_COLUMNS[2:]]


@dataclass
class SheetResult:
    effects: pd.DataFrame
    rejected: list[dict] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)


def _rejected(source_file: str, location: str, reason: str, raw: str) -> dict:
    return {"source_file": source_file, "location": location, "target": "effect_sizes", "reason": reason, "raw": raw}


def read_effect_size_sheets(raw: Path, references: Container[str], pairs: Container[tuple]) -> SheetResult:
    """references holds every bibliography reference_id, pairs every evidence (intervention, outcome, reference_id):
    any container, so the warehouse can answer from its tables without loading them."""
    files, refused = list_inputs(raw, "effect_sizes", (".csv",))
    effects: list[dict] = []
    rejected = [_rejected(r.path, "file", r.reason, "") for r in refused]
    summaries = []
    for _, path in sorted(files.items()):
        name = path.relative_to(raw).as_posix()
        before_effects, before_rejected = len(effects), len(rejected)
        read = _read_sheet(path, name, references, pairs, effects, rejected)
        summaries.append({"source_file": name, "folder": "effect_sizes", "records_read": read,
                          "records_accepted": len(effects) - before_effects, "records_rejected": len(rejected) - before_rejected})
    return SheetResult(pd.DataFrame(effects, columns=EFFECT_COLUMNS), rejected, summaries)


def _read_sheet(path: Path, name: str, references: Container[str], pairs: Container[tuple], effects: list[dict], rejected: list[dict]) -> int:
    try:
        frame = pd.read_csv(io.StringIO(decode_text(path.read_bytes(), path.name)), dtype=str, keep_default_na=False)
    except (RawFileError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        rejected.append(_rejected(name, "file", f"cannot read the sheet: {exc}", ""))
        return 1
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        rejected.append(_rejected(name, "file", f"the sheet lacks the column(s) {missing}; start from exports/meta_analysis.csv", ",".join(frame.columns)))
        return 1
    frame = frame.map(lambda cell: blank_if_missing(cell).lstrip("'"))  # a leading ' is our own formula guard
    for column in NUMBER_COLUMNS:
        if column not in frame.columns:
            frame = frame.assign(**{column: ""})
    filled = frame[(frame[NUMBER_COLUMNS] != "").any(axis=1)].replace("", None)
    for index, row in filled.iterrows():
        line = int(index) + 2
        raw_row = ",".join(f"{k}={v}" for k, v in row.items() if v is not None and not k.startswith("Unnamed:"))
        numbers, problem = _numbers(row)
        problem = problem or _row_problem(row, references, pairs)
        if problem:
            rejected.append(_rejected(name, f"row {line}", problem, raw_row))
            continue
        try:
            checked = EffectSizeSheet.validate(pd.DataFrame([{**row.to_dict(), **numbers}]), lazy=True).iloc[0]
        except pa_errors.SchemaErrors as errors:
            rejected.append(_rejected(name, f"row {line}", f"failed validation: {_schema_reasons(errors)}", raw_row))
            continue
        status, yi, vi = "complete", numbers["yi"], numbers["vi"]
        if yi is None or vi is None:
            try:
                yi, vi = effect_size(checked["measure"], numbers)
            except EffectSizeError:
                status, yi, vi = "partial", None, None
        effects.append({"source_file": name, "row": line, "intervention": checked["intervention"], "outcome": checked["outcome"],
                        "reference_id": checked["reference_id"], "study_label": row.get("study_label"), "measure": checked["measure"],
                        "yi": yi, "vi": vi, "data_status": status, **{c: numbers[c] for c in NUMBER_COLUMNS[2:]}})
    return len(filled)


def _numbers(row: pd.Series) -> tuple[dict, str | None]:
    """The number columns as floats, or the first cell that is not a number, named with its value."""
    numbers = {}
    for column in NUMBER_COLUMNS:
        value = row.get(column)
        if value is None:
            numbers[column] = None
            continue
        try:
            number = float(value)
        except ValueError:
            return numbers, f"{column} = {value!r} is not a number (leave it empty or write NA when it is missing)"
        if not math.isfinite(number):
            return numbers, f"{column} = {value!r} is not a finite number"
        if column in COUNT_COLUMNS and not number.is_integer():
            return numbers, f"{column} = {value!r} is a count and must be a whole number"
        numbers[column] = number
    return numbers, None


def _schema_reasons(errors: pa_errors.SchemaErrors) -> str:
    """pandera's failure cases as 'column = value: check', the row-level checks by their message."""
    reasons = set()
    for case in errors.failure_cases.itertuples():
        if case.schema_context == "DataFrameSchema":  # a check across columns: its message says it all
            reasons.add(str(case.check))
        else:
            reasons.add(f"{case.column} = {case.failure_case!r}: {case.check}")
    return "; ".join(sorted(reasons))


def _row_problem(row: pd.Series, references: Container[str], pairs: Container[tuple]) -> str | None:
    if row.get("reference_id") not in references:
        return f"reference {row.get('reference_id')!r} is not in the bibliography"
    if (row.get("intervention"), row.get("outcome"), row.get("reference_id")) not in pairs:
        return f"no evidence row links {row.get('intervention')!r} and {row.get('outcome')!r} to this reference"
    if not row.get("measure"):
        return "measure is empty: use SMD, MD, OR, RR or ZCOR"
    return None
