"""Everything one warehouse build holds, assembled from staging and raw, validated table by table.

Order matters: reference records merge into the reviews' lists; abstracts add evidence;
analyst curations apply to the evidence before it is validated; claims are computed from the
evidence that passed. Rows failing their model join rejected_records with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipelines.lib.abstract_evidence import abstract_evidence_rows
from pipelines.lib.citation_issues import citation_issues
from pipelines.lib.claims import build_claims
from pipelines.lib.curations import apply_curations, read_curation_rows
from pipelines.lib.effect_size_sheets import read_effect_size_sheets
from pipelines.lib.meta_analysis import POOLED_COLUMNS, pool_effect_sizes
from pipelines.lib.reference_formats.dispatch import reference_stem
from pipelines.lib.reference_merge import merge_references
from pipelines.lib.refresh_log import file_changes, history_frame, load_history, rows_gained_lost
from pipelines.lib.staging import read_json
from pipelines.lib.validation import validate_table
from pipelines.lib.vocabulary import load_vocabulary
from pipelines.lib.warehouse_inputs import gather_frames, source_of_row
from schemas.tables import TABLE_MODELS


@dataclass
class AssembledTables:
    tables: dict[str, pd.DataFrame]
    curations_read: int
    curations_not_applied: int
    input_hashes: dict[str, str] = field(default_factory=dict)
    refresh_row: dict = field(default_factory=dict)


def _records_to_frame(rows: list[dict], table: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[c for c in TABLE_MODELS[table].to_schema().columns])


def assemble_tables(raw: Path, processed: Path, run_id: str = "", started: datetime | None = None, previous_db: Path | None = None) -> AssembledTables:
    staged = gather_frames(raw, processed)
    frames = staged.frames
    vocabulary = load_vocabulary(raw / "vocabulary").compile()

    merged = merge_references(frames["bibliography"].to_dict("records"), staged.records, staged.review_ids, lambda f: reference_stem(Path(f)))
    frames["bibliography"] = _records_to_frame(merged.rows, "bibliography")
    frames["reference_matches"] = pd.DataFrame(merged.matches, columns=["reference_id", "matched_record", "rule", "score", "detail"])
    abstract_rows = abstract_evidence_rows(merged.rows, vocabulary)
    evidence = pd.concat([f for f in (frames["evidence"], _records_to_frame(abstract_rows, "evidence")) if len(f)] or [frames["evidence"]], ignore_index=True)
    designs = dict(zip(frames["bibliography"]["reference_id"], frames["bibliography"]["study_design"], strict=True))
    evidence["study_design"] = evidence["reference_id"].map(designs)

    curation_rows, rejected = read_curation_rows(raw)
    curated = apply_curations(curation_rows, evidence, frames["sentences"], frames["bibliography"], vocabulary)
    frames["evidence"], frames["curations"] = curated.evidence, curated.curations
    rejected = rejected + curated.rejected
    sheets = read_effect_size_sheets(raw, frames["bibliography"], frames["evidence"])
    frames["effect_sizes"] = sheets.effects
    frames["meta_analyses"] = pd.DataFrame(pool_effect_sizes(sheets.effects), columns=POOLED_COLUMNS)
    rejected = rejected + sheets.rejected
    frames["citation_issues"] = citation_issues(frames["citations"], frames["bibliography"], staged.records, merged.conflicts, frames["citation_issues"])
    sheet_summaries = [{**summary, "source_sha256": staged.input_hashes.get(summary["source_file"])} for summary in sheets.summaries]
    frames["source_files"] = pd.DataFrame(staged.source_files + _curation_summaries(curation_rows, curated.curations, staged.input_hashes) + sheet_summaries)

    accepted: dict[str, pd.DataFrame] = {}
    for table, model in TABLE_MODELS.items():
        if table in ("rejected_records", "refresh_log"):
            continue
        if table == "claims":
            frames["claims"] = build_claims(accepted["evidence"])
        result = validate_table(model, frames[table], table, source_of_row)
        accepted[table] = result.accepted
        rejected.extend(result.rejected)
    columns = list(frames["rejected_records"].columns)
    all_rejected = pd.concat([frames["rejected_records"], pd.DataFrame.from_records(rejected, columns=columns)], ignore_index=True)
    accepted["rejected_records"] = validate_table(TABLE_MODELS["rejected_records"], all_rejected, "rejected_records", source_of_row).accepted

    refresh_row = _refresh_row(processed, run_id, started, staged.input_hashes, previous_db, accepted)
    accepted["refresh_log"] = TABLE_MODELS["refresh_log"].validate(history_frame(load_history(processed) + [refresh_row]), lazy=True)
    return AssembledTables(accepted, len(curation_rows), len(curated.rejected), staged.input_hashes, refresh_row)


def _curation_summaries(rows: list[dict], log: pd.DataFrame, hashes: dict[str, str]) -> list[dict]:
    summaries = []
    for name in sorted({r["source_file"] for r in rows}):
        entries = log[log["source_file"] == name]
        read = sum(1 for r in rows if r["source_file"] == name)
        applied = int(entries["applied"].sum()) if len(entries) else 0
        summaries.append({"source_file": name, "folder": "curations", "source_sha256": hashes.get(name), "records_read": read,
                          "records_accepted": applied, "records_rejected": read - applied})
    return summaries


def _refresh_row(processed: Path, run_id: str, started: datetime | None, hashes: dict[str, str], previous_db: Path | None, tables: dict[str, pd.DataFrame]) -> dict:
    manifest = read_json(processed / "manifest.json") or {}
    new, changed, removed = file_changes(manifest.get("input_hashes", {}), hashes)
    gained, lost = rows_gained_lost(previous_db, tables)
    now = datetime.now(UTC).replace(tzinfo=None)
    return {
        "run_id": run_id or "local",
        "started": (started or now).isoformat(),
        "finished": now.isoformat(),
        "files_new": new,
        "files_changed": changed,
        "files_removed": removed,
        "rows_gained": json.dumps(gained, sort_keys=True),
        "rows_lost": json.dumps(lost, sort_keys=True),
    }
