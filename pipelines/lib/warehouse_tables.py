"""Everything one warehouse build holds, streamed from staging into the new DuckDB file a batch of reviews at a time.

A build's memory is one batch's frames and DuckDB's capped working set, whatever the corpus
holds: gathering 10,000 reviews as pandas frames took the build to 16.6 GB (issue 14). Order
matters: reference records merge into the reviews' lists first (the merge sees only the rows a
record could match: same DOI, PMID or year); then each batch gets its abstracts' evidence and
study designs, is validated table by table (pipelines/lib/warehouse_batches.py, in worker
processes) and inserted in order. The steps across reviews run on the
loaded tables: analyst curations, effect-size sheets, claims (SQL), keys duplicated across
batches, and the refresh log's rows gained and lost. Rows failing their model join
rejected_records with the reason.
"""

from __future__ import annotations

import gc
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.lib.claims import claims_sql
from pipelines.lib.curations import LOG_COLUMNS, apply_curations, read_curation_rows
from pipelines.lib.effect_size_sheets import read_effect_size_sheets
from pipelines.lib.meta_analysis import POOLED_COLUMNS, pool_effect_sizes
from pipelines.lib.reference_merge import merge_references, record_row_ids
from pipelines.lib.refresh_log import file_changes, history_frame, load_history, rows_gained_lost
from pipelines.lib.staging import read_json, review_folder
from pipelines.lib.validation import validate_table
from pipelines.lib.vocabulary import load_vocabulary
from pipelines.lib.warehouse_batches import BATCH_TABLES, BatchInputs, run_batches, stem, validated, with_bibliography
from pipelines.lib.warehouse_inputs import (
    StagingPlan,
    plan_staging,
    read_vocabulary_tables,
    source_of_row,
    source_summaries,
    unstaged_rejects,
)
from pipelines.lib.warehouse_refresh import copy_live, plan_incremental, remove_replaced_rows, touched_claims_evidence
from pipelines.lib.warehouse_sql import empty_frame, finish_build, insert_frame, open_build, parquet_source, select_casted
from schemas.tables import TABLE_MODELS, columns

BATCH_REVIEWS = int(os.environ.get("EVIDENCE_WAREHOUSE_BATCH", "100"))
CHUNK_VECTORS = 10  # DuckDB hands result chunks of 2,048 rows: claims are validated 20,480 rows at a time


@dataclass
class BuiltTables:
    counts: dict[str, int]
    curations_read: int
    curations_not_applied: int
    input_hashes: dict[str, str] = field(default_factory=dict)
    refresh_row: dict = field(default_factory=dict)
    loaded_reviews: list[str] | None = None  # an incremental refresh's reviews; None after a full build


@dataclass
class _MergedRecords:
    """What the reference files change: review rows a record matched and enriched (by id), rows they add, and the match log."""

    replaced: dict[str, dict] = field(default_factory=dict)
    new_rows: list[dict] = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)


class _Loader:
    """Validates frames table by table and inserts what passes; rejected rows carry across batches."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.rejected: list[dict] = []
        self.offsets: dict[str, int] = {}

    def load(self, table: str, frame: pd.DataFrame, scope: str = "") -> pd.DataFrame:
        start = self.offsets.get(table, 0)
        if "review_id" not in frame.columns or not len(frame):
            self.offsets[table] = start + len(frame)
        accepted, rejected = validated(table, frame, scope, start)
        insert_frame(self.con, table, accepted)
        self.rejected.extend(rejected)
        return accepted


def build_tables(raw: Path, processed: Path, target: Path, run_id: str = "", started: datetime | None = None, previous_db: Path | None = None) -> BuiltTables:
    """Into target: a full build, or, when warehouse_refresh allows it, the live file with the changed reviews replaced."""
    plan = plan_staging(raw, processed)
    vocabulary = load_vocabulary(raw / "vocabulary").compile()
    merged = _merge_records(plan)
    change = plan_incremental(plan, processed, previous_db, enriches_reviews=bool(merged.replaced))
    if change is None:
        con, folders = open_build(target), plan.folders
    else:
        copy_live(previous_db, target)
        con, folders = open_build(target, create_tables=False), [review_folder(processed, r) for r in change.load]
        remove_replaced_rows(con, change)
    try:
        loader = _Loader(con)
        staged_rejects, parsed = [], {}
        batches = [folders[start:start + BATCH_REVIEWS] for start in range(0, len(folders), BATCH_REVIEWS)]
        inputs = BatchInputs(raw / "vocabulary", plan.review_ids, merged.replaced)
        for batch in run_batches(batches, inputs, vocabulary):
            parsed.update(batch.parsed)
            staged_rejects.append(batch.staged_rejects)
            for table in BATCH_TABLES:
                insert_frame(con, table, batch.accepted[table])
            loader.rejected.extend(batch.rejected)
        records_batch = with_bibliography({t: empty_frame(t) for t in BATCH_TABLES}, merged.new_rows, vocabulary, plan.records, merged.conflicts)
        for table in BATCH_TABLES:
            loader.load(table, records_batch[table], scope="records")
        loader.rejected.extend(_reject_keys_duplicated_across_batches(con))
        parsed.update(con.execute("SELECT source_file, source_sha256 FROM reviews").fetchall())  # the reviews kept from the live file

        curation_rows, rejected = read_curation_rows(raw)
        curation_log, not_applied = _apply_curations(loader, curation_rows, vocabulary)
        sheets = read_effect_size_sheets(raw, _InTable(con, "bibliography", ["reference_id"]), _InTable(con, "evidence", ["intervention", "outcome", "reference_id"]))
        loader.load("effect_sizes", sheets.effects)
        loader.load("meta_analyses", pd.DataFrame(pool_effect_sizes(sheets.effects), columns=POOLED_COLUMNS))
        loader.load("curations", curation_log)
        loader.load("reference_matches", pd.DataFrame(merged.matches, columns=["reference_id", "matched_record", "rule", "score", "detail"]))
        summaries, hashes = source_summaries(plan, parsed)
        sheet_summaries = [{**summary, "source_sha256": hashes.get(summary["source_file"])} for summary in sheets.summaries]
        loader.load("source_files", pd.DataFrame(summaries + _curation_summaries(curation_rows, curation_log, hashes) + sheet_summaries))
        for table, frame in read_vocabulary_tables(processed).items():
            loader.load(table, frame)
        by_pair = change is not None and change.claims_by_pair
        _load_claims(loader, touched_claims_evidence(con, change, [row["reference_id"] for row in merged.new_rows]) if by_pair else "evidence")

        reject_columns = [c for c, _, _ in columns(TABLE_MODELS["rejected_records"])]
        everything_rejected = staged_rejects + [unstaged_rejects(plan, reject_columns), pd.DataFrame.from_records(rejected + sheets.rejected + loader.rejected, columns=reject_columns)]
        insert_frame(con, "rejected_records", validate_table(
            TABLE_MODELS["rejected_records"], pd.concat([f.reindex(columns=reject_columns) for f in everything_rejected], ignore_index=True), "rejected_records", source_of_row
        ).accepted)

        rebuilt = "full" if change is None else change.describe()
        refresh_row = _refresh_row(processed, run_id, started, hashes, con, previous_db, rebuilt)
        insert_frame(con, "refresh_log", TABLE_MODELS["refresh_log"].validate(history_frame(load_history(processed) + [refresh_row]), lazy=True))
        counts = finish_build(con)
    finally:
        con.close()
    return BuiltTables(counts, len(curation_rows), not_applied, hashes, refresh_row, None if change is None else change.load)


def _merge_records(plan: StagingPlan) -> _MergedRecords:
    """Merge the reference files' records into the reviews' lists, reading only the review rows a record could
    match (its DOI, PMID or year: the fuzzy match needs the same year) and, of the rest, the ids a record's new
    row could collide with."""
    if not plan.records:
        return _MergedRecords()
    files = plan.staged_files("bibliography")
    dois = sorted({r.doi for r in plan.records if r.doi})
    pmids = sorted({str(r.pmid) for r in plan.records if r.pmid})
    years = sorted({int(r.year) for r in plan.records if r.year})
    candidates, known_ids = empty_frame("bibliography"), set()
    if files:
        with duckdb.connect() as con:
            candidates = con.execute(
                f"SELECT * FROM ({select_casted('bibliography', parquet_source(files))}) "
                "WHERE list_contains(?::VARCHAR[], doi) OR list_contains(?::VARCHAR[], CAST(pmid AS VARCHAR)) OR list_contains(?::INTEGER[], year)",
                [dois, pmids, years],
            ).df()
            # not every reference id of the corpus (a million at 10,000 reviews): those a record's new row could take
            wanted = record_row_ids(plan.records, plan.review_ids, stem)
            known_ids = {i for (i,) in con.execute(f"SELECT reference_id FROM {parquet_source(files)} WHERE list_contains(?::VARCHAR[], reference_id)", [wanted]).fetchall()}
    merged = merge_references(candidates.to_dict("records"), plan.records, plan.review_ids, stem, known_ids)
    n, matched = len(candidates), {m["reference_id"] for m in merged.matches}
    enriched = {row["reference_id"]: row for row in merged.rows[:n] if row["reference_id"] in matched}
    return _MergedRecords(enriched, merged.rows[n:], merged.matches, merged.conflicts)


def _unique_columns(table: str) -> list[str]:
    return [name for name, column in TABLE_MODELS[table].to_schema().columns.items() if column.unique]


def _reject_keys_duplicated_across_batches(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """pandera checks a key's uniqueness within one batch; a key in two batches is rejected here, every copy of it,
    as pandera rejects every duplicate."""
    rejected = []
    for table in BATCH_TABLES:
        for key in _unique_columns(table):
            duplicated = f"SELECT {key} FROM {table} GROUP BY {key} HAVING count(*) > 1"
            rows = con.execute(f"SELECT * FROM {table} WHERE {key} IN ({duplicated})").df()
            if len(rows):
                rejected.extend({"source_file": source_of_row(row), "location": f"{table} {key} {row[key]}", "target": table,
                                 "reason": f"failed validation: {key}: field_uniqueness", "raw": row.to_json(default_handler=str)} for _, row in rows.iterrows())
                con.execute(f"DELETE FROM {table} WHERE {key} IN ({duplicated})")
    return rejected


def _apply_curations(loader: _Loader, rows: list[dict], vocabulary) -> tuple[pd.DataFrame, int]:
    """Curations need only the rows they name: the evidence they reject, the sentences and reference lists they add to."""
    if not rows:
        return pd.DataFrame(columns=LOG_COLUMNS), 0
    con = loader.con
    named_evidence = sorted({r["evidence_id"] for r in rows if r.get("evidence_id")})
    named_sentences = sorted({r["sentence_id"] for r in rows if r.get("sentence_id")})
    evidence = con.execute("SELECT * FROM evidence WHERE list_contains(?::VARCHAR[], evidence_id)", [named_evidence]).df()
    sentences = con.execute("SELECT sentence_id, text, review_id FROM sentences WHERE list_contains(?::VARCHAR[], sentence_id)", [named_sentences]).df()
    bibliography = con.execute("SELECT review_id, reference_number, reference_id FROM bibliography WHERE list_contains(?::VARCHAR[], review_id)",
                               [sorted(set(sentences["review_id"]))]).df()
    curated = apply_curations(rows, evidence, sentences, bibliography, vocabulary)
    con.execute("DELETE FROM evidence WHERE list_contains(?::VARCHAR[], evidence_id)", [named_evidence])
    present = {i for (i,) in con.execute("SELECT evidence_id FROM evidence WHERE list_contains(?::VARCHAR[], evidence_id)",
                                         [sorted(set(curated.evidence["evidence_id"]))]).fetchall()}
    loader.load("evidence", curated.evidence[~curated.evidence["evidence_id"].isin(present)])
    loader.rejected.extend(curated.rejected)
    return curated.curations, len(curated.rejected)


class _InTable:
    """`key in rows`, answered by the warehouse table: the effect-size sheets check their references this way."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, key_columns: list[str]):
        self.con, self.sql = con, f"SELECT 1 FROM {table} WHERE " + " AND ".join(f"{c} = ?" for c in key_columns) + " LIMIT 1"

    def __contains__(self, key) -> bool:
        values = list(key) if isinstance(key, tuple) else [key]
        if any(v is None or (isinstance(v, float) and v != v) for v in values):
            return False
        return bool(self.con.execute(self.sql, values).fetchall())


def _load_claims(loader: _Loader, evidence: str) -> None:
    """Claims are computed inside DuckDB from the loaded evidence (or a refresh's touched pairs of it), then validated
    and inserted a chunk at a time."""
    con = loader.con
    con.execute(f"CREATE TABLE claims_computed AS {claims_sql(evidence)}")
    reader = con.cursor()
    try:
        result = reader.execute("SELECT * FROM claims_computed")
        while len(chunk := result.fetch_df_chunk(CHUNK_VECTORS)):
            if loader.offsets.get("claims"):
                gc.collect()
            loader.load("claims", chunk)
    finally:
        reader.close()
    con.execute("DROP TABLE claims_computed")


def _curation_summaries(rows: list[dict], log: pd.DataFrame, hashes: dict[str, str]) -> list[dict]:
    summaries = []
    for name in sorted({r["source_file"] for r in rows}):
        entries = log[log["source_file"] == name]
        read = sum(1 for r in rows if r["source_file"] == name)
        applied = int(entries["applied"].sum()) if len(entries) else 0
        summaries.append({"source_file": name, "folder": "curations", "source_sha256": hashes.get(name), "records_read": read,
                          "records_accepted": applied, "records_rejected": read - applied})
    return summaries


def _refresh_row(processed: Path, run_id: str, started: datetime | None, hashes: dict[str, str], con: duckdb.DuckDBPyConnection, previous_db: Path | None,
                 rebuilt: str) -> dict:
    manifest = read_json(processed / "manifest.json") or {}
    new, changed, removed = file_changes(manifest.get("input_hashes", {}), hashes)
    gained, lost = rows_gained_lost(con, previous_db)
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
        "rebuilt": rebuilt,
    }
