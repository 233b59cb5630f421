"""The warehouse: every contract table built into a new DuckDB file, checked, then published."""


import shutil
from datetime import UTC, datetime
from functools import partial

import dagster as dg

from pipelines.defs.run_lock import run_lock
from pipelines.lib import warehouse_checks
from pipelines.lib.change_detection import scan_raw
from pipelines.lib.code_version import code_fingerprint
from pipelines.lib.fingerprints import table_fingerprints
from pipelines.lib.publish import PublishBlocked, building_path, live_path, pending_path, publish_with_records, remove_leftovers
from pipelines.lib.staging import read_json, write_json
from pipelines.lib.warehouse_sql import STORAGE_VERSION, VIEWS, open_for_reading, spill_folder
from pipelines.lib.warehouse_tables import build_tables
from pipelines.metadata import markdown_preview, table_metadata
from pipelines.resources import EvidencePaths
from schemas.tables import TABLE_MODELS

TABLE_DESCRIPTIONS = {table: (model.__doc__ or "").strip() for table, model in TABLE_MODELS.items()}
WAREHOUSE_KEYS = [dg.AssetKey(t) for t in TABLE_MODELS] + [dg.AssetKey(v) for v in VIEWS]

# (check name, asset, function, blocking, description)
CHECKS = [
    ("reviews_present", "reviews", warehouse_checks.reviews_present, True, "At least one review was read: never publish an empty warehouse."),
    ("evidence_references_exist", "evidence", warehouse_checks.evidence_references_exist, True, "Every non-NULL evidence.reference_id is a bibliography row."),
    ("evidence_sentences_exist", "evidence", warehouse_checks.evidence_sentences_exist, True, "Every review evidence row points at a sentence."),
    ("evidence_from_findings_only", "evidence", warehouse_checks.evidence_from_findings_only, True,
     "No extracted evidence row comes from a sentence whose role (sentences.role) is an aim, method, recommendation, background or other."),
    ("evidence_claims_exist", "claims", warehouse_checks.evidence_claims_exist, True, "Every evidence row's claim_id is a claims row, and every claim has evidence."),
    ("citations_resolve", "citations", warehouse_checks.citations_resolve, False, "Every cited number resolves to the review's reference list (a warning: the review itself may be wrong)."),
    ("views_selectable", "evidence_map", warehouse_checks.views_selectable, True, "Every view can be selected from."),
    ("records_accounted_for", "source_files", warehouse_checks.records_accounted_for, True, "For every raw file, records read = records accepted + records rejected."),
    ("reviews_read_well", "document_quality", warehouse_checks.reviews_read_well, False,
     "Every review read well: enough sentences, at least 80% of its references cited, at least 95% of its citation marks resolved (a warning: see document_quality.warnings)."),
    ("analyst_rows_accepted", "rejected_records", warehouse_checks.analyst_rows_accepted, False,
     "Every row of the analysts' effect-size sheets and curations was accepted (a warning naming the file, row and reason of each rejected one)."),
    ("citation_integrity", "citation_issues", warehouse_checks.citation_integrity, False, "Reviews cite only listed numbers, list only cited ones, and identifiers agree (a warning: the sources may be wrong)."),
] + [
    (f"{table}_matches_schema", table, partial(warehouse_checks.table_matches_schema, table=table), True,
     f"The stored {table} table passes its pandera model (after an incremental refresh: the rows this build wrote; keys across the whole table).")
    for table in TABLE_MODELS
]
SCHEMA_CHECKS = {f"{table}_matches_schema" for table in TABLE_MODELS}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table,
            description=TABLE_DESCRIPTIONS.get(table) or VIEWS.get(table, ("",))[0],
            group_name="warehouse",
            kinds={"duckdb", "view" if table in VIEWS else "table"},
            deps=["review_documents", "review_evidence", "vocabulary", "reference_records"],
        )
        for table in list(TABLE_MODELS) + list(VIEWS)
    ],
    check_specs=[dg.AssetCheckSpec(name, asset=asset, blocking=blocking, description=description) for name, asset, _, blocking, description in CHECKS],
    name="warehouse_tables",
)
def warehouse_tables(context: dg.AssetExecutionContext, paths: EvidencePaths):
    """Builds every table in warehouse.duckdb.building-<run id> beside the live file; nothing is published here."""
    processed = paths.processed()
    started = datetime.now(UTC)
    live = live_path(processed)
    with run_lock(context, processed):
        for leftover in remove_leftovers(processed, keep_run_id=context.run.run_id):
            context.log.info(f"removed {leftover.name}, left by a build that did not finish")
        raw_scan = scan_raw(paths.raw())  # before reading: a file changed meanwhile makes the next build run again
        target = building_path(processed, context.run.run_id)
        target.unlink(missing_ok=True)
        try:
            built = build_tables(paths.raw(), processed, target, context.run.run_id, started, live if live.exists() else None)
        finally:
            shutil.rmtree(spill_folder(target), ignore_errors=True)
        context.log.info(f"warehouse tables: {built.refresh_row['rebuilt']}")
        if built.curations_read:
            context.log.info(f"{built.curations_read} curation(s) read, {built.curations_not_applied} not applied")
        counts = built.counts
        with open_for_reading(target) as con:
            prints = table_fingerprints(con)
        write_json(
            pending_path(target),
            {"run_id": context.run.run_id, "code_version": code_fingerprint(), "storage_version": STORAGE_VERSION, "input_hashes": built.input_hashes,
             "row_counts": counts, "table_fingerprints": prints, "refresh_row": built.refresh_row, "raw_scan": raw_scan},
        )
    con = open_for_reading(target)
    try:
        for table, model in TABLE_MODELS.items():
            preview = con.execute(f"SELECT * FROM {table} LIMIT 10").df()
            yield dg.MaterializeResult(asset_key=table, metadata={**table_metadata(preview, model, rows=counts[table]), "building_file": target.name})
        for view in VIEWS:
            preview = con.execute(f"SELECT * FROM {view} ORDER BY ALL LIMIT 10").df()
            yield dg.MaterializeResult(asset_key=view, metadata={"dagster/row_count": counts[view], "preview": dg.MetadataValue.md(markdown_preview(preview))})
        for name, asset, check, blocking, _ in CHECKS:
            passed, count, details = check(con, reviews=built.loaded_reviews) if name in SCHEMA_CHECKS else check(con)
            yield dg.AssetCheckResult(
                asset_key=asset,
                check_name=name,
                passed=bool(passed),
                severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
                metadata={"count": int(count), "failures": dg.MetadataValue.md(markdown_preview(details, rows=20))},
            )
    finally:
        con.close()


@dg.asset(
    deps=WAREHOUSE_KEYS,
    group_name="warehouse",
    kinds={"duckdb"},
    description="Publishes the checked build as `<processed>/warehouse.duckdb` by an atomic rename; the previous file is kept as warehouse.previous.duckdb.",
)
def warehouse(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Runs only when every blocking check on the tables passed, so analysts never see a failed build."""
    processed = paths.processed()
    building = building_path(processed, context.run.run_id)
    if not building.exists():
        raise dg.Failure(f"no build to publish for run {context.run.run_id}: materialize the warehouse tables in the same run")
    live = live_path(processed)
    pending = read_json(pending_path(building)) or {}
    with run_lock(context, processed):
        try:
            stale = publish_with_records(building, live, pending)
        except PublishBlocked as exc:
            raise dg.Failure(str(exc)) from None
        pending_path(building).unlink(missing_ok=True)
    if stale:
        context.log.warning(f"moved a stale write-ahead log aside to {stale.name}")
    counts = pending.get("row_counts", {})  # counted when the tables were built: the published file is that file, renamed
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(live)), "bytes": live.stat().st_size, **{f"rows_{t}": n for t, n in counts.items()}})
