"""The fault scenarios of ../shared/RELIABILITY.md. `make test` runs a quick version of each;
`make test-reliability` runs the full trial counts (marked slow)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.lib.fingerprints import table_fingerprints
from pipelines.lib.publish import PublishBlocked, publish
from pipelines.resources import EvidencePaths
from tests.conftest import evidence_dirs, make_raw, run_build
from tests.reliability.helpers import REPO, build_env, run_build_process, sha, start_build


@pytest.fixture(scope="module")
def published_template(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    raw, processed = make_raw(root), root / "processed"
    assert run_build(raw, processed) == 0
    return root


@pytest.fixture()
def published(published_template, tmp_path):
    """A raw folder and a processed folder holding one published build (a copy per test)."""
    shutil.copytree(published_template / "raw", tmp_path / "raw")
    shutil.copytree(published_template / "processed", tmp_path / "processed")
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    return raw, processed, build_env(raw, processed, tmp_path / "home")


def live_is_intact(processed: Path, expected_sha: str) -> None:
    live = processed / "warehouse.duckdb"
    manifest = json.loads((processed / "manifest.json").read_text())
    con = duckdb.connect(str(live), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM evidence").fetchone()[0] > 0
        if sha(live) == expected_sha:
            return
        # killed after the atomic rename: the new file is complete and its manifest matches
        assert table_fingerprints(con) == manifest["table_fingerprints"]
    finally:
        con.close()


def kill_trials(published, trials: int) -> int:
    raw, processed, env = published
    survived = 0
    rng = random.Random(7)
    (raw / "reviews" / "extra.md").write_text("# Extra\n\n## Body\n\nYoga lowers cortisol [1].\n\n## References\n\n1. Doe J. Yoga. J Y. 2020;1:1-2.\n", encoding="utf-8")
    for _ in range(trials):
        before = sha(processed / "warehouse.duckdb")
        process = start_build(env)
        time.sleep(rng.uniform(0.2, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        live_is_intact(processed, before)
        survived += 1
    result = run_build_process(env)
    assert result.returncode == 0, result.stderr
    assert not list(processed.glob("warehouse.duckdb.building-*"))
    return survived


def test_killed_builds_leave_the_live_warehouse_intact_quick(published):
    assert kill_trials(published, 3) == 3


@pytest.mark.slow
def test_killed_builds_leave_the_live_warehouse_intact_30_trials(published):
    survived = kill_trials(published, 30)
    print(f"F1: {survived}/30 killed builds left a live warehouse that opens and equals the previous one")
    assert survived == 30


def test_two_refreshes_at_once_one_builds_the_other_exits(published):
    _, processed, env = published
    # the first build must have work to do: a no-change build ends in about a second, before the second starts
    first = start_build({**env, "EVIDENCE_FORCE_REBUILD": "1"})
    time.sleep(0.3)
    started = time.monotonic()
    second = subprocess.run([sys.executable, "-m", "pipelines.build"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0 and "published" in out, err
    assert second.returncode == 75 and "refresh already running" in second.stderr
    assert elapsed < 1.5, elapsed
    duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True).close()


HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


def test_publish_refuses_while_someone_holds_the_live_file_read_write(published, tmp_path):
    _, processed, _ = published
    live = processed / "warehouse.duckdb"
    building = tmp_path / "next.duckdb"
    building.write_bytes(live.read_bytes())
    before = sha(live)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(live)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(PublishBlocked, match=rf"PID {holder.pid}"):
            publish(building, live)
        assert sha(live) == before and building.exists()
    finally:
        holder.kill()
        holder.wait()


CRASHED_WRITER = """
import sys, duckdb, os
con = duckdb.connect(sys.argv[1])
con.execute("SET checkpoint_threshold = '1GB'")
con.execute("CREATE TABLE scratch AS SELECT range AS x FROM range(1000)")
print("written", flush=True)
os.kill(os.getpid(), 9)
"""


def test_stale_wal_is_moved_aside_and_the_new_file_opens(published, tmp_path):
    _, processed, _ = published
    live = processed / "warehouse.duckdb"
    building = tmp_path / "next.duckdb"
    building.write_bytes(live.read_bytes())
    subprocess.run([sys.executable, "-c", CRASHED_WRITER, str(live)], capture_output=True, text=True)
    assert live.with_name("warehouse.duckdb.wal").exists()
    moved = publish(building, live)
    assert moved is not None and moved.name.startswith("warehouse.duckdb.wal.stale-")
    con = duckdb.connect(str(live), read_only=True)
    assert con.execute("SELECT count(*) FROM evidence").fetchone()[0] > 0
    con.close()


def test_write_error_mid_build_leaves_live_unchanged_and_is_cleaned_next_time(published, monkeypatch):
    raw, processed, _ = published
    before = sha(processed / "warehouse.duckdb")
    import pipelines.lib.warehouse_tables as warehouse_tables

    real_insert = warehouse_tables.insert_frame

    def fail_midway(con, table, frame):
        if table == "claims":  # after every review's rows are in the building file
            raise duckdb.IOException("No space left on device (injected)")
        real_insert(con, table, frame)

    monkeypatch.setattr(warehouse_tables, "insert_frame", fail_midway)
    (raw / "reviews" / "new.md").write_text("# N\n\n## B\n\nYoga lowers cortisol [1].\n\n## References\n\n1. Doe J. Y. J. 2020;1:1.\n", encoding="utf-8")
    assert run_build(raw, processed) == 1
    assert sha(processed / "warehouse.duckdb") == before
    assert list(processed.glob("warehouse.duckdb.building-*"))
    monkeypatch.undo()
    assert run_build(raw, processed) == 0
    assert not list(processed.glob("warehouse.duckdb.building-*"))


def test_failing_blocking_check_stops_the_publish(published, monkeypatch):
    raw, processed, _ = published
    before = sha(processed / "warehouse.duckdb")
    import pipelines.lib.warehouse_batches as batches

    real_merge = batches.merge_references

    def drop_reference_four(*args, **kwargs):
        result = real_merge(*args, **kwargs)
        result.rows = [r for r in result.rows if r.get("reference_number") != 4]
        return result

    monkeypatch.setattr(batches, "merge_references", drop_reference_four)
    monkeypatch.setenv("EVIDENCE_FULL_WAREHOUSE", "1")  # nothing changed: a refresh would keep the live rows and never merge
    from pipelines.definitions import defs

    with evidence_dirs(raw, processed), dg.instance_for_test() as instance:
        result = defs.resolve_job_def("warehouse_job").execute_in_process(instance=instance, raise_on_error=False)
        evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
        failed = {e.check_name: e.metadata["count"].value for e in evaluations if not e.passed}
        materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert failed.get("evidence_references_exist", 0) >= 1
    assert "warehouse" not in materialized and "csv_exports" not in materialized
    assert sha(processed / "warehouse.duckdb") == before


def test_transient_read_errors_are_retried(published, monkeypatch):
    raw, processed, _ = published
    import pipelines.lib.review_staging as staging

    real = staging.read_review
    calls = {"n": 0}

    def flaky(review_id, path, *a, **k):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise OSError("Resource temporarily unavailable (injected)")
        return real(review_id, path, *a, **k)

    monkeypatch.setattr(staging, "read_review", flaky)
    (raw / "reviews" / "neuroplasticity_mental_health.md").write_text((raw / "reviews" / "neuroplasticity_mental_health.md").read_text() + "\n", encoding="utf-8")
    from pipelines.definitions import defs

    with evidence_dirs(raw, processed), dg.instance_for_test() as instance:
        result = defs.resolve_job_def("reviews_job").execute_in_process(instance=instance, raise_on_error=False)
        retries = [e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]
    assert result.success and len(retries) == 2 and calls["n"] == 3


def test_permanent_read_error_fails_after_four_attempts_and_nothing_downstream_runs(published, monkeypatch):
    raw, processed, _ = published
    before = sha(processed / "warehouse.duckdb")
    import pipelines.lib.reference_staging as reference_staging

    calls = {"n": 0}

    def broken(*a, **k):
        calls["n"] += 1
        raise OSError("Input/output error (injected)")

    monkeypatch.setattr(reference_staging, "read_reference_file", broken)
    (raw / "references").mkdir(exist_ok=True)
    (raw / "references" / "x.ris").write_text("TY  - JOUR\nTI  - X\nER  -\n", encoding="utf-8")
    from pipelines.definitions import defs

    with evidence_dirs(raw, processed), dg.instance_for_test() as instance:
        result = defs.resolve_job_def("warehouse_job").execute_in_process(instance=instance, raise_on_error=False)
        materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
        sensor = defs.get_sensor_def("refresh_failure_notice")
        failure_event = result.get_run_failure_event()
        context = dg.build_run_status_sensor_context(
            sensor_name=sensor.name, dagster_instance=instance, dagster_run=result.dagster_run, dagster_event=failure_event,
            resources={"paths": EvidencePaths(raw_dir=str(raw), processed_dir=str(processed))},
        ).for_run_failure()
        sensor(context)
    assert not result.success and calls["n"] == 4
    assert not {"evidence", "warehouse", "csv_exports"} & materialized
    assert sha(processed / "warehouse.duckdb") == before
    notice = json.loads((processed / "last_failure.json").read_text())
    assert notice["run_id"] == result.run_id and notice["job"] == "warehouse_job"


def test_rerun_on_unchanged_inputs_is_identical(published, monkeypatch, capsys):
    raw, processed, _ = published
    first = json.loads((processed / "manifest.json").read_text())["table_fingerprints"]
    exports = {p.name: p.read_bytes() for p in (processed / "exports").glob("*.csv")}
    live = (processed / "warehouse.duckdb").stat().st_ino
    assert run_build(raw, processed) == 0  # nothing changed: no run at all (issue 14)
    assert "nothing changed since run" in capsys.readouterr().out
    assert (processed / "warehouse.duckdb").stat().st_ino == live
    monkeypatch.setenv("EVIDENCE_FORCE_REBUILD", "1")
    assert run_build(raw, processed) == 0
    second = json.loads((processed / "manifest.json").read_text())["table_fingerprints"]
    assert first == second
    assert exports == {p.name: p.read_bytes() for p in (processed / "exports").glob("*.csv")}
    con = duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) = count(DISTINCT evidence_id) FROM evidence").fetchone()[0]
    assert con.execute("SELECT count(*) FROM refresh_log").fetchone()[0] == 2


def test_empty_raw_folder_publishes_nothing(published, tmp_path):
    _, processed, env = published
    before = sha(processed / "warehouse.duckdb")
    empty = tmp_path / "empty_raw"
    (empty / "reviews").mkdir(parents=True)
    env = {**env, "EVIDENCE_RAW_DIR": str(empty)}
    result = run_build_process(env)
    assert result.returncode == 1 and "nothing to build" in result.stderr
    assert sha(processed / "warehouse.duckdb") == before


def test_build_subprocess_output_has_no_stack_trace(published):
    raw, _, env = published
    (raw / "vocabulary" / "cues.csv").write_text("nonsense,columns\n1,2\n", encoding="utf-8")
    result = run_build_process(env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "cues.csv" in result.stderr
    os.environ.pop("EVIDENCE_REFRESH_LOCK_HELD", None)
