"""Jobs, the raw-folder sensor, the daily refresh and the failure notice.

A refresh is one run of `warehouse_job`: the review assets redo only the reviews whose staged rows
are out of date, then the warehouse is rebuilt (incrementally when only reviews or reference files
changed), checked, published and exported. A change that touches no review (a reference file, a
curation) runs the warehouse assets alone. `reviews_job` re-stages reviews without publishing (from
the UI); `warehouse_after_reviews` publishes after it.
"""

import hashlib
import json

import dagster as dg

from pipelines.lib.change_detection import plan_refresh, scan_raw, unchanged_since
from pipelines.lib.refresh_lock import lock_holder
from pipelines.lib.staging import write_json
from pipelines.lib.warehouse_sql import VIEWS
from pipelines.resources import EvidencePaths
from schemas.tables import TABLE_MODELS

ORIGIN_TAG = "evidence/origin"

reviews_job = dg.define_asset_job(
    "reviews_job",
    selection=["review_documents", "review_evidence"],
    executor_def=dg.in_process_executor,
    description="Parse reviews and extract their evidence into staging, without publishing; current reviews are skipped.",
)
warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="The whole refresh in one run: out-of-date reviews parsed and extracted, vocabulary, reference files, every table with its checks, publish and exports.",
)


# what a change outside reviews/ and vocabulary/ affects: reference files, every table, publish, exports
WAREHOUSE_ONLY = [
    dg.AssetKey("reference_records"),
    *[dg.AssetKey(t) for t in list(TABLE_MODELS) + list(VIEWS)],
    dg.AssetKey("warehouse"),
    dg.AssetKey("csv_exports"),
    dg.AssetKey("figures"),
]


@dg.sensor(
    jobs=[warehouse_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Watches `<raw>/` by content hash; requests one refresh run when files are new, changed or removed (the review assets only when a review or the vocabulary changed), and nothing when nothing changed.",
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
    built_by = unchanged_since(paths.raw(), paths.processed(), current)
    if built_by:
        return dg.SensorResult(skip_reason=f"the live warehouse (run {built_by}, e.g. make build) was already built from these files",
                               cursor=json.dumps(current, sort_keys=True))
    run_key = "raw:" + hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:24]
    # the review assets find which reviews to redo themselves (their staging stamps); a removed review needs no reading
    selection = None if (plan.parse_reviews or plan.extract_all) else WAREHOUSE_ONLY
    request = dg.RunRequest(run_key=run_key, job_name="warehouse_job", tags={ORIGIN_TAG: "sensor"}, asset_selection=selection)
    context.log.info(f"new {plan.new}, changed {plan.changed}, removed {plan.removed}")
    return dg.SensorResult(run_requests=[request], cursor=json.dumps(current, sort_keys=True))


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[reviews_job],
    request_job=warehouse_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="When reviews were re-staged by a reviews_job run (launched from the UI), rebuild and publish the warehouse.",
)
def warehouse_after_reviews(context: dg.RunStatusSensorContext):
    if context.dagster_run.tags.get(ORIGIN_TAG) == "make-build":
        return dg.SkipReason("make build runs warehouse_job itself")
    return dg.RunRequest(run_key=f"after:{context.dagster_run.run_id}", tags={ORIGIN_TAG: "follow-up"})


@dg.schedule(
    cron_schedule="0 3 * * *",
    job=warehouse_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Daily full refresh at 03:00: every asset in one run (current reviews are skipped inside; a missed sensor tick is caught up).",
)
def daily_full_refresh(context: dg.ScheduleEvaluationContext):
    return dg.RunRequest(run_key=f"daily:{context.scheduled_execution_time.date().isoformat()}", tags={ORIGIN_TAG: "schedule"})


@dg.run_failure_sensor(
    monitored_jobs=[reviews_job, warehouse_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Records a failed refresh in `<processed>/last_failure.json`; the published warehouse stays as it was.",
)
def refresh_failure_notice(context: dg.RunFailureSensorContext, paths: EvidencePaths):
    message = context.failure_event.message or "the run failed"
    write_json(paths.processed() / "last_failure.json", {"run_id": context.dagster_run.run_id, "job": context.dagster_run.job_name, "message": message})
    context.log.error(f"refresh {context.dagster_run.run_id} failed: {message}; the live warehouse was left unchanged")
