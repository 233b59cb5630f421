"""Analyst-filled extraction sheets under <raw>/effect_sizes/*.csv, validated and turned into effect sizes.

A sheet is a filled copy of meta_analysis.csv. Rows with no numbers yet are skipped (their
data_status stays 'none'). A row with numbers is checked by the EffectSizeSheet model (counts
positive integers, SDs positive, events within totals, a known measure) and against the
warehouse (the reference exists, and the evidence has that intervention and outcome for it);
a failing row is a rejected_records row with the reason. A sheet missing a required column is
rejected whole: guessing which column was meant would be worse.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from pipelines.lib.meta_analysis import EffectSizeError, effect_size
from pipelines.lib.raw_files import list_inputs
from pipelines.reading.source_text import RawFileError, decode_text
from schemas.inputs import REQUIRED_COLUMNS, EffectSizeSheet

NUMBER_COLUMNS = ["yi", "vi", "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "ai", "bi", "ci", "di", "ri", "ni"]
EFFECT_COLUMNS = ["source_file", "row", "intervention", "outcome", "reference_id", "study_label", "measure", "yi", "vi", "data_status", *NUMBER_COLUMNS[2:]]


@dataclass
class SheetResult:
    effects: pd.DataFrame
    rejected: list[dict] = field(default_factory=list)
    summaries: list[dict] = field(default_factory=list)


def _rejected(source_file: str, location: str, reason: str, raw: str) -> dict:
    return {"source_file": source_file, "location": location, "target": "effect_sizes", "reason": reason, "raw": raw}


def read_effect_size_sheets(raw: Path, bibliography: pd.DataFrame, evidence: pd.DataFrame) -> SheetResult:
    files, refused = list_inputs(raw, "effect_sizes", (".csv",))
    effects: list[dict] = []
    rejected = [_rejected(r.path, "file", r.reason, "") for r in refused]
    summaries = []
    references = set(bibliography["reference_id"])
    pairs = set(zip(evidence["intervention"], evidence["outcome"], evidence["reference_id"], strict=True))
    for _, path in sorted(files.items()):
        name = path.relative_to(raw).as_posix()
        before_effects, before_rejected = len(effects), len(rejected)
        read = _read_sheet(path, name, references, pairs, effects, rejected)
        summaries.append({"source_file": name, "folder": "effect_sizes", "records_read": read,
                          "records_accepted": len(effects) - before_effects, "records_rejected": len(rejected) - before_rejected})
    return SheetResult(pd.DataFrame(effects, columns=EFFECT_COLUMNS), rejected, summaries)


def _read_sheet(path: Path, name: str, references: set, pairs: set, effects: list[dict], rejected: list[dict]) -> int:
    try:
        frame = pd.read_csv(io.StringIO(decode_text(path.read_bytes(), path.name)), dtype=str, keep_default_na=False)
    except (RawFileError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        rejected.append(_rejected(name, "file", f"cannot read the sheet: {exc}", ""))
        return 1
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        rejected.append(_rejected(name, "file", f"the sheet lacks the column(s) {missing}; start from exports/meta_analysis.csv", ",".join(frame.columns)))
        return 1
    frame = frame.apply(lambda col: col.str.strip().str.lstrip("'") if col.dtype == object else col)
    numbers = [c for c in NUMBER_COLUMNS if c in frame.columns]
    filled = frame[frame[numbers].replace("", pd.NA).notna().any(axis=1)] if numbers else frame.iloc[0:0]
    for column in NUMBER_COLUMNS:
        if column not in filled.columns:
            filled = filled.assign(**{column: ""})
    typed = filled.replace("", None)
    for index, row in typed.iterrows():
        line = int(index) + 2
        raw_row = ",".join(f"{k}={v}" for k, v in row.items() if v is not None)
        problem = _row_problem(row, references, pairs)
        if problem:
            rejected.append(_rejected(name, f"row {line}", problem, raw_row))
            continue
        one = pd.DataFrame([row.to_dict()])
        try:
            checked = EffectSizeSheet.validate(one, lazy=True).iloc[0]
        except pa_errors.SchemaErrors as errors:
            reasons = "; ".join(sorted({f"{c.column or 'row'}: {c.check}" for c in errors.failure_cases.itertuples()}))
            rejected.append(_rejected(name, f"row {line}", f"failed validation: {reasons}", raw_row))
            continue
        values = {c: (None if pd.isna(checked.get(c)) else checked.get(c)) for c in NUMBER_COLUMNS}
        status, yi, vi = "complete", values["yi"], values["vi"]
        if yi is None or vi is None:
            try:
                yi, vi = effect_size(checked["measure"], values)
            except EffectSizeError:
                status, yi, vi = "partial", None, None
        effects.append({"source_file": name, "row": line, "intervention": checked["intervention"], "outcome": checked["outcome"],
                        "reference_id": checked["reference_id"], "study_label": row.get("study_label"), "measure": checked["measure"],
                        "yi": yi, "vi": vi, "data_status": status, **{c: values[c] for c in NUMBER_COLUMNS[2:]}})
    return len(filled)


def _row_problem(row: pd.Series, references: set, pairs: set) -> str | None:
    if row.get("reference_id") not in references:
        return f"reference {row.get('reference_id')!r} is not in the bibliography"
    if (row.get("intervention"), row.get("outcome"), row.get("reference_id")) not in pairs:
        return f"no evidence row links {row.get('intervention')!r} and {row.get('outcome')!r} to this reference"
    if not row.get("measure"):
        return "measure is empty: use SMD, MD, OR, RR or ZCOR"
    return None
