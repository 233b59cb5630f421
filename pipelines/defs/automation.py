"""Jobs, the raw-folder sensor, the follow-up that rebuilds the warehouse, and the daily refresh.

Review partitions and the unpartitioned warehouse cannot share a run, so a refresh that touches
reviews is two runs: reviews_job for the review partitions, then warehouse_job, requested by
`warehouse_after_reviews` when the first succeeds. A change that touches no review (a reference
file, a curation) is one warehouse_job run without the review assets.
"""

import hashlib
import json

import dagster as dg

from pipelines.lib.change_detection import partition_span, plan_refresh, scan_raw, unchanged_since
from pipelines.lib.refresh_lock import lock_holder
from pipelines.lib.staging import write_json
from pipelines.lib.warehouse_sql import VIEWS
from pipelines.partitions import review_partitions
from pipelines.resources import EvidencePaths
from schemas.tables import TABLE_MODELS

ORIGIN_TAG = "evidence/origin"
REVIEW_ASSETS = [dg.AssetKey("review_documents"), dg.AssetKey("review_evidence")]

reviews_job = dg.define_asset_job(
    "reviews_job",
    selection=["review_documents", "review_evidence"],
    partitions_def=review_partitions,
    executor_def=dg.in_process_executor,
    description="Parse reviews and extract their evidence, per review partition; unchanged reviews are skipped.",
)
warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.groups("vocabulary", "references", "warehouse", "exports"),
    executor_def=dg.in_process_executor,
    description="Vocabulary, reference files, every table with its checks, publish and exports.",
)


def partition_range_tags(keys: list[str]) -> dict[str, str]:
    """One run over a contiguous range of review partitions, in partition order (current reviews inside it are skipped)."""
    return {"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]}


# what a change outside reviews/ and vocabulary/ affects: reference files, every table, publish, exports
WAREHOUSE_ONLY = [
    dg.AssetKey("reference_records"),
    *[dg.AssetKey(t) for t in list(TABLE_MODELS) + list(VIEWS)],
    dg.AssetKey("warehouse"),
    dg.AssetKey("csv_exports"),
    dg.AssetKey("figures"),
]


@dg.sensor(
    jobs=[reviews_job, warehouse_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Watches `<raw>/` by content hash; requests a run of what the new, changed or removed files affect (only the added and changed reviews' partitions unless the vocabulary changed), and nothing when nothing changed.",
)
def raw_files_sensor(context: dg.SensorEvaluationContext, paths: EvidencePaths):
    holder = lock_holder(paths.processed())
    if holder:  # the cursor stays: the next tick looks at the same change again
        return dg.SkipReason(f"a refresh is running (PID {holder} holds the refresh lock, e.g. make build): looking again at the next tick")
    current = scan_raw(paths.raw())
    previous = json.loads(context.cursor) if context.cursor else {}
    plan = plan_refresh(previous, current)
    if plan.nothing:
        return dg.SkipReason("no file under the raw folder changed")
    existing = [k for k in context.instance.get_dynamic_partitions(review_partitions.name) if k not in plan.reviews_removed]
    keys = existing + [r for r in plan.reviews_added if r not in existing]
    partition_requests = []
    if plan.reviews_added:
        partition_requests.append(review_partitions.build_add_request([r for r in plan.reviews_added if r not in existing]))
    if plan.reviews_removed:
        partition_requests.append(review_partitions.build_delete_request(plan.reviews_removed))
    built_by = unchanged_since(paths.raw(), paths.processed(), current)
    if built_by:
        return dg.SensorResult(skip_reason=f"the live warehouse (run {built_by}, e.g. make build) was already built from these files",
                               dynamic_partitions_requests=partition_requests, cursor=json.dumps(current, sort_keys=True))
    run_key = "raw:" + hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:24]
    # a vocabulary change re-reads every review; otherwise only the span of the added and changed ones
    selected = keys if plan.extract_all else partition_span(keys, plan.reviews_touched)
    if (plan.parse_reviews or plan.extract_all) and selected:
        request = dg.RunRequest(
            run_key=run_key,
            job_name="reviews_job",
            tags={**partition_range_tags(selected), ORIGIN_TAG: "sensor"},
            asset_selection=REVIEW_ASSETS if plan.parse_reviews else [dg.AssetKey("review_evidence")],
        )
    else:
        request = dg.RunRequest(run_key=run_key, job_name="warehouse_job", tags={ORIGIN_TAG: "sensor"}, asset_selection=WAREHOUSE_ONLY)
    context.log.info(f"new {plan.new}, changed {plan.changed}, removed {plan.removed}")
    return dg.SensorResult(run_requests=[request], dynamic_partitions_requests=partition_requests, cursor=json.dumps(current, sort_keys=True))


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[reviews_job],
    request_job=warehouse_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="When review partitions were refreshed by the sensor or the schedule, rebuild and publish the warehouse.",
)
def warehouse_after_reviews(context: dg.RunStatusSensorContext):
    if context.dagster_run.tags.get(ORIGIN_TAG) == "make-build":
        return dg.SkipReason("make build runs warehouse_job itself")
    return dg.RunRequest(run_key=f"after:{context.dagster_run.run_id}", tags={ORIGIN_TAG: "follow-up"})


@dg.schedule(
    cron_schedule="0 3 * * *",
    job=reviews_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Daily full refresh at 03:00: every review partition (unchanged ones are skipped inside), then the warehouse via warehouse_after_reviews.",
)
def daily_full_refresh(context: dg.ScheduleEvaluationContext):
    keys = list(context.instance.get_dynamic_partitions(review_partitions.name))
    if not keys:
        return dg.SkipReason("no review partitions yet: the sensor adds them when review files appear")
    return dg.RunRequest(run_key=f"daily:{context.scheduled_execution_time.date().isoformat()}", tags={**partition_range_tags(keys), ORIGIN_TAG: "schedule"})


@dg.run_failure_sensor(
    monitored_jobs=[reviews_job, warehouse_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Records a failed refresh in `<processed>/last_failure.json`; the published warehouse stays as it was.",
)
def refresh_failure_notice(context: dg.RunFailureSensorContext, paths: EvidencePaths):
    message = context.failure_event.message or "the run failed"
    write_json(paths.processed() / "last_failure.json", {"run_id": context.dagster_run.run_id, "job": context.dagster_run.job_name, "message": message})
    context.log.error(f"refresh {context.dagster_run.run_id} failed: {message}; the live warehouse was left unchanged")
