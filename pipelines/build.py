"""`make build`: run the code location's jobs in-process, the same definitions `dagster dev` shows.

It takes the refresh lock first (a second build exits at once, before importing Dagster), ends
without a run when nothing changed, removes leftovers of builds that were killed, then runs
warehouse_job once: the out-of-date reviews parsed and extracted, vocabulary, reference files,
tables and checks, publish, exports (without the review assets when every review's staged rows
are current). Runs are recorded in the Dagster instance at $DAGSTER_HOME, so `dagster dev` shows
them afterwards.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter

from pipelines.lib.raw_files import configuration_problems, list_reviews, processed_dir, raw_dir
from pipelines.lib.refresh_lock import RefreshBusy, refresh_lock

BUSY_EXIT_CODE = 75  # EX_TEMPFAIL: another refresh is running; try again later


def stale_reviews(files: dict, raw, processed) -> list[str]:
    """The reviews whose staged rows are out of date (file, code or vocabulary changed); when there are none
    the run leaves out the review assets."""
    from pipelines.lib.review_staging import review_document_current, review_evidence_current
    from pipelines.lib.staging import folder_fingerprint, review_folder

    fingerprint = folder_fingerprint(raw / "vocabulary")
    return [key for key in sorted(files)
            if not review_document_current(files[key], review_folder(processed, key))
            or not review_evidence_current(review_folder(processed, key), fingerprint)]


def _failure_message(result) -> str:
    lines = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.step_failure_data.error
            cause = error.cause or error
            lines.append(f"  step {event.step_key}: {cause.message.strip()}")
        elif event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
            evaluation = event.event_specific_data
            lines.append(f"  check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed")
    return "\n".join(lines) or "  (see the run's logs in dagster dev)"


def step_times(events) -> str:
    """One line of each finished step's seconds, in the order they finished: where a build's time went."""
    times = [f"{e.step_key} {e.event_specific_data.duration_ms / 1000:.1f}s" for e in events if e.event_type_value == "STEP_SUCCESS"]
    return "steps: " + (", ".join(times) or "none finished")


def run_job(defs, instance, job_name: str, **kwargs) -> bool:
    started = time.monotonic()
    quiet = {"loggers": {"console": {"config": {"log_level": os.environ.get("EVIDENCE_LOG_LEVEL", "CRITICAL")}}}}
    tags = {"evidence/origin": "make-build", **kwargs.pop("tags", {})}
    result = defs.resolve_job_def(job_name).execute_in_process(instance=instance, raise_on_error=False, run_config=quiet, tags=tags, **kwargs)
    status = "ok" if result.success else "FAILED"
    print(f"{job_name}: {status} in {time.monotonic() - started:.1f}s (run {result.run_id})", flush=True)
    print(step_times(result.all_events), flush=True)
    if not result.success:
        print(_failure_message(result), file=sys.stderr)
    return result.success


def ends_before_dagster() -> int | None:
    """What a build settles without importing Dagster (seconds of imports): a broken rule file, no reviews,
    or nothing changed since the live warehouse. An exit code when the build ends here, else None."""
    from pipelines.evidence.rule_files import rule_file_problems
    from pipelines.lib.change_detection import unchanged_since
    from pipelines.lib.publish import complete_publish

    problems = rule_file_problems()
    if problems:
        for problem in problems:
            print(f"rule file does not load, fix it and build again: {problem}", file=sys.stderr)
        print("the published warehouse is unchanged", file=sys.stderr)
        return 1
    raw = raw_dir()
    reviews, refused = list_reviews(raw)
    print(f"raw folder {raw}: {len(reviews)} review file(s), {len(refused)} refused; output in {processed_dir()}")
    if not reviews:
        print("no review files under reviews/: nothing to build, the published warehouse is unchanged", file=sys.stderr)
        return 1
    if complete_publish(processed_dir()) == "completed":
        print("completed the records of a publish an interrupted build left: manifest.json and the refresh history now describe the live warehouse")
    current = unchanged_since(raw, processed_dir())
    if current:
        print(f"nothing changed since run {current}: {processed_dir() / 'warehouse.duckdb'} is current; no run started "
              "(EVIDENCE_FORCE_REBUILD=1 builds anyway)")
        return 0
    return None


def build(defs, instance, checked: bool = False) -> int:
    """checked: ends_before_dagster() already ran and found work to do."""
    import dagster as dg

    from pipelines.defs.automation import WAREHOUSE_ONLY
    from pipelines.lib.publish import live_identity, remove_leftovers

    ended = None if checked else ends_before_dagster()
    if ended is not None:
        return ended
    raw = raw_dir()
    reviews, _ = list_reviews(raw)
    for leftover in remove_leftovers(processed_dir()):
        print(f"removed {leftover.name}, left by a build that did not finish")
    stale = stale_reviews(reviews, raw, processed_dir())
    print(f"{len(stale)} of {len(reviews)} review(s) to read or extract" if stale else "every review's staged rows are current (nothing to parse or extract)")
    selection = None if stale else [dg.AssetKey("vocabulary"), *WAREHOUSE_ONLY]
    before = live_identity(processed_dir())
    if not run_job(defs, instance, "warehouse_job", asset_selection=selection):
        if live_identity(processed_dir()) != before:
            print(f"the new warehouse IS live ({processed_dir() / 'warehouse.duckdb'}, manifest and refresh history with it), but a later step "
                  "failed (see above): exports or figures may be one build behind until the next build", file=sys.stderr)
        else:
            print("the published warehouse was left unchanged", file=sys.stderr)
        return 1
    print(f"published {processed_dir() / 'warehouse.duckdb'} and exports in {processed_dir() / 'exports'}")
    print(reading_summary(processed_dir() / "warehouse.duckdb"))
    analyst = analyst_rows_summary(processed_dir() / "warehouse.duckdb")
    if analyst:
        print(analyst)
    return 0


def reading_summary(database) -> str:
    """One line on how well the reviews were read, naming those that read badly (document_quality)."""
    import duckdb

    try:
        con = duckdb.connect(str(database), read_only=True)
        try:
            rows = con.execute("SELECT review_id, source_format, read_well, warnings FROM document_quality ORDER BY review_id").fetchall()
        finally:
            con.close()
    except duckdb.Error as exc:
        return f"reading: could not read document_quality ({exc})"
    forms = ", ".join(f"{n} {form}" for form, n in sorted(Counter(r[1] for r in rows).items()))
    bad = [r for r in rows if not r[2]]
    line = f"reading: {len(rows)} review(s) ({forms}); {len(rows) - len(bad)} read well, {len(bad)} with warnings"
    if bad:
        shown = "; ".join(f"{r[0]}: {r[3][0]}" for r in bad[:5])
        line += f" ({shown}{'; ...' if len(bad) > 5 else ''}; see document_quality)"
    return line


def analyst_rows_summary(database) -> str | None:
    """One line when rows of the analysts' own sheets or curations were rejected: they typed them, so say so."""
    import duckdb

    from pipelines.lib.warehouse_checks import analyst_rows_accepted

    try:
        with duckdb.connect(str(database), read_only=True) as con:
            passed, count, rows = analyst_rows_accepted(con)
    except duckdb.Error as exc:
        return f"analyst files: could not read rejected_records ({exc})"
    if passed:
        return None
    first = rows.iloc[0]
    files = ", ".join(f"{name} ({n})" for name, n in rows["source_file"].value_counts().sort_index().items())
    return (f"analyst files: {count} row(s) REJECTED in {files}; first: {first.source_file} {first.location}: {first.reason} "
            "(all in rejected_records)")


def main() -> int:
    problems = configuration_problems()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    try:
        with refresh_lock(processed_dir()):
            ended = ends_before_dagster()
            if ended is not None:
                return ended
            import dagster as dg

            from pipelines.definitions import defs

            with dg.DagsterInstance.get() as instance:
                return build(defs, instance, checked=True)
    except RefreshBusy as exc:
        print(exc, file=sys.stderr)
        return BUSY_EXIT_CODE
    except PermissionError as exc:
        print(f"cannot write {exc.filename or processed_dir()} (permission denied): point EVIDENCE_PROCESSED_DIR at a folder you can write to", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
