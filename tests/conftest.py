"""Shared fixtures: the repository's raw folder, and full builds into temporary folders."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import pytest

from pipelines.lib.vocabulary import load_vocabulary

# Test builds are small and many: worker processes cost more than they save there (the suite took
# 389 s before the pool, 454-519 s with it). tests/test_review_workers.py sets its own count.
os.environ.setdefault("EVIDENCE_WORKERS", "1")

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
SEED = RAW / "reviews" / "neuroplasticity_mental_health.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@contextmanager
def evidence_dirs(raw: Path, processed: Path):
    """Point the pipeline at raw and processed for the duration of a block."""
    saved = {k: os.environ.get(k) for k in ("EVIDENCE_RAW_DIR", "EVIDENCE_PROCESSED_DIR")}
    os.environ["EVIDENCE_RAW_DIR"] = str(raw)
    os.environ["EVIDENCE_PROCESSED_DIR"] = str(processed)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def make_raw(root: Path, reviews: dict[str, str] | None = None, with_seed: bool = True) -> Path:
    """A raw folder with the project's vocabulary, the seed (optionally) and extra reviews."""
    raw = root / "raw"
    (raw / "reviews").mkdir(parents=True)
    shutil.copytree(RAW / "vocabulary", raw / "vocabulary")
    if with_seed:
        shutil.copy(SEED, raw / "reviews" / SEED.name)
    for name, text in (reviews or {}).items():
        (raw / "reviews" / name).write_text(text, encoding="utf-8")
    return raw


def run_build(raw: Path, processed: Path) -> int:
    from pipelines.build import build
    from pipelines.definitions import defs

    with evidence_dirs(raw, processed), dg.instance_for_test() as instance:
        return build(defs, instance)


@pytest.fixture(scope="session")
def vocabulary():
    return load_vocabulary(RAW / "vocabulary").compile()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed and the project's own gold reviews built once, end to end, through Dagster."""
    root = tmp_path_factory.mktemp("seed_build")
    raw = make_raw(root)
    for review in (FIXTURES / "reviews").glob("*.md"):
        shutil.copy(review, raw / "reviews" / review.name)
    processed = root / "processed"
    assert run_build(raw, processed) == 0
    return processed
