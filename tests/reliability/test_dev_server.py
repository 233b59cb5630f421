"""`make build` while `dg dev` runs with its sensor on: no failed run in the UI (issue 15).

Starts the real dev server (webserver and daemon) on a raw folder, builds from a terminal while
the sensor's first run goes, adds a JATS article and a PDF with a build after each, lets the
sensor tick, and reads the run history. Slow (about three minutes): make test-reliability.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import make_raw
from tests.reliability.helpers import REPO, build_env, run_build_process

ARTICLES = REPO / "tests" / "fixtures" / "real_articles"
pytestmark = pytest.mark.slow


def _article(suffix: str) -> Path:
    found = sorted(p for p in ARTICLES.rglob(f"*{suffix}") if p.stat().st_size < 3_000_000)
    if not found:
        pytest.skip(f"no {suffix} article under tests/fixtures/real_articles")
    return found[0]


def test_make_build_beside_dg_dev_leaves_no_failed_run(tmp_path, monkeypatch):
    raw = make_raw(tmp_path)
    processed = tmp_path / "processed"
    env = build_env(raw, processed, tmp_path / "home")
    env["VIRTUAL_ENV"] = str(Path(sys.executable).resolve().parents[1])
    dg_cli = Path(sys.executable).parent / "dg"
    server = subprocess.Popen([str(dg_cli), "dev", "--port", "3917"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        time.sleep(30)  # the daemon's first sensor tick requests a run for the seed
        builds = [run_build_process(env)]
        for suffix in (".nxml", ".pdf"):
            source = _article(suffix)
            shutil.copy(source, raw / "reviews" / f"added_{source.stem}{suffix}")
            builds.append(run_build_process(env))
        time.sleep(90)  # sensor ticks after the builds
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    # 0 = built, 75 = a refresh held the lock (the sensor's run): a clean refusal, not a failed run
    outcomes = [b.returncode for b in builds]
    assert set(outcomes) <= {0, 75} and outcomes[-1] == 0, [(b.returncode, b.stdout[-1500:], b.stderr[-1500:]) for b in builds]
    monkeypatch.setenv("DAGSTER_HOME", env["DAGSTER_HOME"])
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
        failed = [(r.job_name, r.tags.get("evidence/origin"), [e.message for e in instance.all_logs(r.run_id) if e.message][-3:])
                  for r in runs if r.status == dg.DagsterRunStatus.FAILURE]
        assert runs and not failed
        assert {r.tags.get("evidence/origin") for r in runs} >= {"sensor", "make-build"}
