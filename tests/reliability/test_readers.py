"""Analysts polling the live file while refreshes publish (RELIABILITY F3)."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.publish import publish

READ_SECONDS = 8.0


def _make_version(path: Path, version: int) -> None:
    con = duckdb.connect(str(path), config={"storage_compatibility_version": "v1.5.0"})
    con.execute("BEGIN")
    con.execute("CREATE TABLE marker AS SELECT ? AS version", [version])
    con.execute("CREATE TABLE rows AS SELECT ? AS version, range AS i FROM range(?)", [version, 1000 + version])
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()


def _reader(live: str, stop_at: float, results) -> None:
    reads = errors = inconsistent = 0
    while time.monotonic() < stop_at:
        try:
            con = duckdb.connect(live, read_only=True)
            try:
                version = con.execute("SELECT version FROM marker").fetchone()[0]
                count, versions = con.execute("SELECT count(*), count(DISTINCT version) FROM rows WHERE version = ?", [version]).fetchone()
                total = con.execute("SELECT count(*) FROM rows").fetchone()[0]
                if count != 1000 + version or versions != 1 or total != count:
                    inconsistent += 1
                reads += 1
            finally:
                con.close()
        except duckdb.Error:
            errors += 1
    results.put((reads, errors, inconsistent))


def poll_during_publishes(tmp_path: Path, publishes: int, readers: int = 3) -> tuple[int, int, int, int]:
    live = tmp_path / "warehouse.duckdb"
    _make_version(live, 0)
    builds = []
    for version in range(1, publishes + 1):
        path = tmp_path / f"warehouse.duckdb.building-{version}"
        _make_version(path, version)
        builds.append(path)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    stop_at = time.monotonic() + READ_SECONDS + 2
    processes = [context.Process(target=_reader, args=(str(live), stop_at, results)) for _ in range(readers)]
    for p in processes:
        p.start()
    time.sleep(2)  # let the readers start polling
    interval = READ_SECONDS / publishes
    published = 0
    for path in builds:
        publish(path, live)
        published += 1
        time.sleep(interval)
    totals = [results.get(timeout=60) for _ in processes]
    for p in processes:
        p.join()
    reads = sum(t[0] for t in totals)
    return published, reads, sum(t[1] for t in totals), sum(t[2] for t in totals)


def test_readers_see_whole_versions_during_publishes_quick(tmp_path):
    published, reads, errors, inconsistent = poll_during_publishes(tmp_path, publishes=20)
    print(f"F3: {published} publishes, 3 readers, {reads} reads, {errors} read errors, {inconsistent} inconsistent reads")
    assert published == 20 and reads > 0 and errors == 0 and inconsistent == 0


@pytest.mark.slow
def test_readers_see_whole_versions_during_many_publishes(tmp_path):
    published, reads, errors, inconsistent = poll_during_publishes(tmp_path, publishes=60)
    print(f"F3 (slow): {published} publishes, {reads} reads, {errors} read errors, {inconsistent} inconsistent reads")
    assert errors == 0 and inconsistent == 0
