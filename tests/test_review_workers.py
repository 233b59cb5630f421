"""Staging on several processes gives exactly what one process gives."""

import importlib.util
from pathlib import Path

import pandas as pd

from pipelines.lib.review_workers import MIN_REVIEWS_PER_WORKER, document_task, evidence_task, run_tasks, worker_count
from pipelines.lib.staging import folder_fingerprint
from pipelines.lib.warehouse_sql import read_parquet_files
from tests.conftest import RAW

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_corpus.py"
spec = importlib.util.spec_from_file_location("generate_corpus", SCRIPT)
generate_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate_corpus)


def test_worker_count_follows_the_setting_and_the_batch(monkeypatch):
    monkeypatch.setenv("EVIDENCE_WORKERS", "2")
    assert worker_count(2 * MIN_REVIEWS_PER_WORKER) == 2 and worker_count(MIN_REVIEWS_PER_WORKER) == 1 and worker_count(3) == 1
    monkeypatch.setenv("EVIDENCE_WORKERS", "1")
    assert worker_count(1000) == 1
    monkeypatch.setenv("EVIDENCE_WORKERS", "many")
    assert worker_count(1000) == 1


def _stage(tmp_path: Path, workers: str, monkeypatch) -> dict[str, pd.DataFrame]:
    monkeypatch.setenv("EVIDENCE_WORKERS", workers)
    vocabulary = generate_corpus.Vocabulary()
    tasks = []
    for index in range(2 * MIN_REVIEWS_PER_WORKER):
        path = tmp_path / "raw" / f"g{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_corpus.article(index, "w", vocabulary), encoding="utf-8")
        tasks.append((path.stem, path, f"reviews/{path.name}", tmp_path / f"staged_{workers}" / path.stem))
    assert [review_id for review_id, _ in run_tasks(document_task, tasks)] == [t[0] for t in tasks]  # results in task order
    fingerprint = folder_fingerprint(RAW / "vocabulary")
    list(run_tasks(evidence_task, [(t[3], str(RAW / "vocabulary"), fingerprint) for t in tasks]))
    return {f"{t[0]}/{table}": read_parquet_files([t[3] / f"{table}.parquet"], table) for t in tasks for table in ("sentences", "bibliography", "evidence")}


def test_two_processes_stage_the_same_rows_as_one(tmp_path, monkeypatch):
    one = _stage(tmp_path, "1", monkeypatch)
    two = _stage(tmp_path, "2", monkeypatch)
    assert one.keys() == two.keys()
    for key in one:
        pd.testing.assert_frame_equal(one[key], two[key], obj=key)
    assert sum(len(frame) for key, frame in one.items() if key.endswith("/evidence")) > 100


def test_the_default_uses_the_cores_up_to_four(monkeypatch):
    import os

    monkeypatch.delenv("EVIDENCE_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert worker_count(10_000) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert worker_count(10_000) == 2
