"""The sensor and the runs it requests, as a refresh runs them: only what a change affects runs."""

import json
import subprocess
import sys
import time
from contextlib import contextmanager

import dagster as dg
import pytest

from pipelines.build import build
from pipelines.definitions import defs
from pipelines.defs.automation import WAREHOUSE_ONLY
from pipelines.lib.change_detection import plan_refresh, scan_raw
from pipelines.resources import EvidencePaths
from pipelines.sql import connect_readonly
from tests.conftest import evidence_dirs, make_raw

DROPPED_RIS = """TY  - JOUR
AU  - Dreevets, Wayne C.
TI  - Neuroplasticity in Mood Disorders.
T2  - Dialogues in clinical neuroscience
PY  - 2004
DO  - 10.31887/DCNS.2004.6.2/wdrevets
ER  -

TY  - JOUR
AU  - Haddad, Amir
TI  - Transcranial direct current stimulation for generalized anxiety disorder: a randomized controlled trial
T2  - Brain Stimulation
PY  - 2024
AB  - In this randomized controlled trial, tDCS reduced worry and improved sleep quality compared with sham stimulation.
ER  -

TY  - JOUR
TI  - A record cut off before its end
AU  - Nobody, N
"""


def run_request(instance, request, paths):
    job = defs.resolve_job_def(request.job_name)
    result = job.execute_in_process(instance=instance, tags=request.tags, asset_selection=request.asset_selection, raise_on_error=False)
    materialized = sorted({e.asset_key.to_user_string() for e in result.get_asset_materialization_events()})
    return result, materialized


SECOND_REVIEW = "# Second\n\n## Body\n\nYoga lowers cortisol [1].\n\n## References\n\n1. Doe J. Yoga. J Y. 2020;1:1-2.\n"


@contextmanager
def built(tmp_path):
    """A raw folder built once: the instance it was built in, its paths, and the sensor's cursor at that build."""
    raw, processed = make_raw(tmp_path), tmp_path / "processed"
    paths = EvidencePaths(raw_dir=str(raw), processed_dir=str(processed))
    with evidence_dirs(raw, processed), dg.instance_for_test() as instance:
        assert build(defs, instance) == 0
        yield instance, paths, raw, processed, json.dumps(scan_raw(raw), sort_keys=True)


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory):
    with built(tmp_path_factory.mktemp("refreshed")) as (instance, paths, raw, processed, seen):
        sensor = defs.get_sensor_def("raw_files_sensor")
        (raw / "references").mkdir(exist_ok=True)
        (raw / "references" / "colleague_additions.ris").write_text(DROPPED_RIS, encoding="utf-8")
        context = dg.build_sensor_context(instance=instance, cursor=seen, resources={"paths": paths}, definitions=defs)
        result = sensor.evaluate_tick(context)
        assert len(result.run_requests) == 1
        run, materialized = run_request(instance, result.run_requests[0], paths)
        assert run.success
        again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=result.cursor, resources={"paths": paths}, definitions=defs))
        yield result.run_requests[0], materialized, again, processed


def test_dropped_ris_runs_only_the_warehouse_assets(refreshed):
    request, materialized, _, _ = refreshed
    assert request.job_name == "warehouse_job"
    print("assets in the sensor's run:", ", ".join(materialized))
    assert "reference_records" in materialized and "evidence" in materialized and "warehouse" in materialized and "csv_exports" in materialized
    assert not {"review_documents", "review_evidence", "vocabulary"} & set(materialized)


def test_dropped_ris_records_merge_add_and_reject(refreshed):
    _, _, _, processed = refreshed
    con = connect_readonly(processed / "warehouse.duckdb")
    seed = con.execute("SELECT reference_id, doi FROM bibliography WHERE review_id = 'neuroplasticity_mental_health' AND reference_number = 4").fetchone()
    assert seed[1] == "10.31887/dcns.2004.6.2/wdrevets"
    assert con.execute("SELECT count(*) FROM bibliography").fetchone()[0] == 11  # ten of the seed and one new
    match = con.execute("SELECT reference_id, rule, score FROM reference_matches WHERE matched_record = 'references/colleague_additions.ris#1'").fetchone()
    assert match[0] == seed[0] and match[1] == "fuzzy title" and match[2] >= 90
    new_id = con.execute("SELECT reference_id FROM reference_matches WHERE matched_record = 'references/colleague_additions.ris#2' AND rule = 'new'").fetchone()[0]
    evidence = con.execute("SELECT intervention, outcome, direction, comparator, study_design FROM evidence WHERE source_kind = 'abstract' AND reference_id = ? ORDER BY ALL", [new_id]).fetchall()
    assert ("tDCS", "worry", "decrease", "sham", "randomized controlled trial") in evidence
    assert ("tDCS", "sleep quality", "increase", "sham", "randomized controlled trial") in evidence
    rejected = con.execute("SELECT location, reason FROM rejected_records WHERE source_file = 'references/colleague_additions.ris'").fetchall()
    assert rejected == [("record 3 (line 17)", "RIS: the record has no 'ER  -' end line")]
    log = con.execute("SELECT files_new, files_changed, files_removed, rows_gained FROM refresh_log ORDER BY finished DESC LIMIT 1").fetchone()
    assert log[0] == ["references/colleague_additions.ris"] and log[1] == [] and log[2] == []
    assert json.loads(log[3])["bibliography"] == 1


def test_nothing_changed_means_no_run(refreshed):
    _, _, again, _ = refreshed
    assert again.run_requests == [] and again.skip_message == "no file under the raw folder changed"


def test_plan_for_each_kind_of_change():
    base = {"reviews/a.md": "1", "vocabulary/cues.csv": "2", "references/x.bib": "3"}
    assert plan_refresh(base, base).nothing
    review = plan_refresh(base, {**base, "reviews/b.md": "4"})
    assert review.parse_reviews and review.reviews_added == ["b"] and not review.extract_all
    vocabulary = plan_refresh(base, {**base, "vocabulary/cues.csv": "9"})
    assert vocabulary.extract_all and not vocabulary.parse_reviews
    changed = plan_refresh({**base, "reviews/b.md": "4"}, {**base, "reviews/b.md": "5", "reviews/c.md": "6"})
    assert changed.reviews_touched == ["b", "c"] and changed.reviews_added == ["c"]
    removed = plan_refresh(base, {k: v for k, v in base.items() if k != "reviews/a.md"})
    assert removed.reviews_removed == ["a"] and not removed.parse_reviews and removed.warehouse


def test_new_review_is_one_run_that_reads_only_it_and_publishes(tmp_path):
    with built(tmp_path) as (instance, paths, raw, processed, seen):
        first_stamp = (processed / "staging" / "reviews" / "neuroplasticity_mental_health" / "document.json").stat().st_mtime_ns
        (raw / "reviews" / "second.md").write_text(SECOND_REVIEW, encoding="utf-8")
        result = defs.get_sensor_def("raw_files_sensor").evaluate_tick(dg.build_sensor_context(instance=instance, cursor=seen, resources={"paths": paths}, definitions=defs))
        request = result.run_requests[0]
        assert request.job_name == "warehouse_job" and request.asset_selection is None
        run, materialized = run_request(instance, request, paths)
        assert run.success and {"review_documents", "review_evidence", "warehouse", "csv_exports"} <= set(materialized)
        documents = next(e for e in run.get_asset_materialization_events() if e.asset_key == dg.AssetKey("review_documents"))
        metadata = documents.materialization.metadata
        assert (metadata["reviews"].value, metadata["reviews_read"].value, metadata["read_in_this_run"].value) == (2, 1, "second")
        # the review already staged was not read again
        assert (processed / "staging" / "reviews" / "neuroplasticity_mental_health" / "document.json").stat().st_mtime_ns == first_stamp
        con = connect_readonly(processed / "warehouse.duckdb")
        assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2


def test_removed_review_leaves_the_warehouse_and_staging(tmp_path):
    with built(tmp_path) as (instance, paths, raw, processed, seen):
        (raw / "reviews" / "second.md").write_text(SECOND_REVIEW, encoding="utf-8")
        with evidence_dirs(raw, processed):
            assert build(defs, instance) == 0
        (raw / "reviews" / "second.md").unlink()
        run, _ = run_request(instance, dg.RunRequest(job_name="warehouse_job"), paths)
        assert run.success and not (processed / "staging" / "reviews" / "second").exists()
        con = connect_readonly(processed / "warehouse.duckdb")
        assert con.execute("SELECT review_id FROM reviews").fetchall() == [("neuroplasticity_mental_health",)]


def test_reviews_job_from_the_ui_is_followed_by_a_publish(tmp_path):
    with built(tmp_path) as (instance, paths, raw, processed, seen):
        (raw / "reviews" / "second.md").write_text(SECOND_REVIEW, encoding="utf-8")
        run, materialized = run_request(instance, dg.RunRequest(job_name="reviews_job"), paths)
        assert run.success and materialized == ["review_documents", "review_evidence"]
        follow_up = defs.get_sensor_def("warehouse_after_reviews")
        context = dg.build_run_status_sensor_context(sensor_name=follow_up.name, dagster_instance=instance, dagster_run=run.dagster_run, dagster_event=run.get_run_success_event())
        follow = follow_up(context)
        assert isinstance(follow, dg.RunRequest) and follow.run_key == f"after:{run.run_id}"
        warehouse, _ = run_request(instance, dg.RunRequest(job_name="warehouse_job", tags=follow.tags), paths)
        assert warehouse.success
        con = connect_readonly(processed / "warehouse.duckdb")
        assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0); os.pwrite(fd, str(os.getpid()).encode(), 0)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@contextmanager
def lock_held_elsewhere(processed, seconds: float = 120):
    """The refresh lock held by another process, as `make build` holds it while dagster dev runs."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(processed / ".refresh.lock"), str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.fixture(scope="module")
def built_then_added(tmp_path_factory):
    """A built warehouse, the sensor's cursor at that build, and a review added since."""
    with built(tmp_path_factory.mktemp("lock")) as (instance, paths, raw, processed, seen):
        (raw / "reviews" / "second.md").write_text(SECOND_REVIEW, encoding="utf-8")
        yield instance, paths, seen, raw, processed


def _tick(instance, paths, cursor):
    return defs.get_sensor_def("raw_files_sensor").evaluate_tick(dg.build_sensor_context(instance=instance, cursor=cursor, resources={"paths": paths}, definitions=defs))


def test_sensor_waits_while_make_build_holds_the_lock(built_then_added):
    instance, paths, seen, _, processed = built_then_added
    with lock_held_elsewhere(processed) as holder:
        skipped = _tick(instance, paths, seen)
        assert not skipped.run_requests and skipped.cursor == seen  # the change is looked at again next tick
        assert f"PID {holder.pid} holds the refresh lock" in skipped.skip_message
    after = _tick(instance, paths, seen)
    assert [r.job_name for r in after.run_requests] == ["warehouse_job"]


def test_a_run_that_meets_the_lock_waits_for_it(built_then_added, monkeypatch):
    instance, paths, _, raw, processed = built_then_added
    monkeypatch.setenv("EVIDENCE_LOCK_WAIT_SECONDS", "60")
    with evidence_dirs(raw, processed):
        assert build(defs, instance) == 0  # staged data current, whatever ran before
    with evidence_dirs(raw, processed), lock_held_elsewhere(processed, seconds=3):
        started = time.monotonic()
        run, materialized = run_request(instance, dg.RunRequest(job_name="warehouse_job", asset_selection=WAREHOUSE_ONLY), paths)
    assert run.success and "warehouse" in materialized and time.monotonic() - started >= 3
    logs = [e.message for e in instance.all_logs(run.run_id) if e.message]
    assert any("holds the refresh lock: waiting up to 60 s" in m for m in logs)


def test_a_run_that_waits_too_long_fails_with_one_clear_line(built_then_added, monkeypatch):
    instance, paths, _, raw, processed = built_then_added
    monkeypatch.setenv("EVIDENCE_LOCK_WAIT_SECONDS", "1")
    with evidence_dirs(raw, processed):
        assert build(defs, instance) == 0  # staged data current, whatever ran before
    with evidence_dirs(raw, processed), lock_held_elsewhere(processed) as holder:
        run, _ = run_request(instance, dg.RunRequest(job_name="warehouse_job", asset_selection=WAREHOUSE_ONLY), paths)
    assert not run.success
    failure = next(e for e in run.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    assert failure.step_failure_data.error.message.strip().endswith(f"refresh already running (PID {holder.pid} holds {processed / '.refresh.lock'}) "
                                                                    "after waiting 1 s; try again when it finishes")


def test_sensor_skips_what_make_build_already_built(built_then_added):
    instance, paths, seen, raw, processed = built_then_added
    with evidence_dirs(raw, processed):
        assert build(defs, instance) == 0  # make build picked the new review up first
    result = _tick(instance, paths, seen)
    assert not result.run_requests and "already built from these files" in result.skip_message
    assert result.cursor == json.dumps(scan_raw(raw), sort_keys=True)


def test_sensor_and_schedule_are_on_by_default():
    assert defs.get_sensor_def("raw_files_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.get_sensor_def("warehouse_after_reviews").default_status == dg.DefaultSensorStatus.RUNNING
    schedule = defs.get_schedule_def("daily_full_refresh")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING and schedule.cron_schedule == "0 3 * * *"
