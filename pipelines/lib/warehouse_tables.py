"""Everything one warehouse build holds, assembled from staging and raw, validated table by table.

Order matters: analyst curations apply to the extracted evidence before it is validated, and
claims are computed from the evidence that passed. Rows failing their model join
rejected_records with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.lib.claims import build_claims
from pipelines.lib.curations import apply_curations, read_curation_rows
from pipelines.lib.validation import validate_table
from pipelines.lib.vocabulary import load_vocabulary
from pipelines.lib.warehouse_inputs import gather_frames, source_of_row
from schemas.tables import TABLE_MODELS


@dataclass
class AssembledTables:
    tables: dict[str, pd.DataFrame]
    curations_read: int
    curations_not_applied: int


def assemble_tables(raw: Path, processed: Path) -> AssembledTables:
    frames = gather_frames(raw, processed)
    curation_rows, rejected = read_curation_rows(raw)
    curated = apply_curations(curation_rows, frames["evidence"], frames["sentences"], frames["bibliography"], load_vocabulary(raw / "vocabulary"))
    frames["evidence"], frames["curations"] = curated.evidence, curated.curations
    rejected = rejected + curated.rejected
    accepted: dict[str, pd.DataFrame] = {}
    for table, model in TABLE_MODELS.items():
        if table == "rejected_records":
            continue
        if table == "claims":
            frames["claims"] = build_claims(accepted["evidence"])
        result = validate_table(model, frames[table], table, source_of_row)
        accepted[table] = result.accepted
        rejected.extend(result.rejected)
    columns = list(frames["rejected_records"].columns)
    all_rejected = pd.concat([frames["rejected_records"], pd.DataFrame.from_records(rejected, columns=columns)], ignore_index=True)
    accepted["rejected_records"] = validate_table(TABLE_MODELS["rejected_records"], all_rejected, "rejected_records", source_of_row).accepted
    return AssembledTables(accepted, len(curation_rows), len(curated.rejected))
