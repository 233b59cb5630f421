"""Issue 14: a build with nothing changed hashes the raw files and exits, with no Dagster run; anything that
makes the live warehouse or its exports out of date makes it build."""

from __future__ import annotations

import json
import time

from pipelines.lib.change_detection import unchanged_since
from tests.conftest import make_raw, run_build


def test_nothing_changed_is_recognised_and_every_change_is_not(tmp_path, monkeypatch, capsys):
    raw = make_raw(tmp_path)
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    run_id = json.loads((processed / "manifest.json").read_text())["run_id"]
    assert unchanged_since(raw, processed) == run_id
    capsys.readouterr()
    assert run_build(raw, processed) == 0
    assert f"nothing changed since run {run_id}" in capsys.readouterr().out
    assert len((processed / "refresh_log.jsonl").read_text().splitlines()) == 1  # no second refresh

    seed = next((raw / "reviews").iterdir())
    seed.touch()  # same bytes: still nothing changed
    assert unchanged_since(raw, processed) == run_id
    (raw / "curations").mkdir()
    (raw / "curations" / "c.csv").write_text("action,evidence_id\n", encoding="utf-8")
    assert unchanged_since(raw, processed) is None  # a new file
    (raw / "curations" / "c.csv").unlink()
    assert unchanged_since(raw, processed) == run_id

    (processed / ".figures.run_id").write_text("an older run", encoding="utf-8")
    assert unchanged_since(raw, processed) is None  # a build stopped before its figures
    (processed / ".figures.run_id").write_text(run_id, encoding="utf-8")
    time.sleep(0.01)
    (processed / "last_failure.json").write_text("{}", encoding="utf-8")
    assert unchanged_since(raw, processed) is None  # a refresh failed since
    (processed / "last_failure.json").unlink()
    monkeypatch.setenv("EVIDENCE_FORCE_REBUILD", "1")
    assert unchanged_since(raw, processed) is None


def test_one_added_review_is_the_one_review_to_stage(tmp_path):
    from pipelines.build import stale_reviews
    from pipelines.lib.raw_files import list_reviews

    raw = make_raw(tmp_path, {"b_review.md": "# B\n\n## Findings\n\nExercise improved sleep quality [1].\n\n## References\n\n1. Doe J. A trial. J. 2020;1:1-2.\n"})
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    files, _ = list_reviews(raw)
    keys = sorted(files)
    assert stale_reviews(files, raw, processed) == []
    (raw / "reviews" / "c_review.md").write_text("# C\n\n## Findings\n\nYoga reduced anxiety [1].\n\n## References\n\n1. Roe J. A trial. J. 2021;2:3-4.\n", encoding="utf-8")
    files, _ = list_reviews(raw)
    assert stale_reviews(files, raw, processed) == ["c_review"]
    vocabulary_file = next((raw / "vocabulary").iterdir())
    vocabulary_file.write_text(vocabulary_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stale_reviews(files, raw, processed) == sorted([*keys, "c_review"])  # the vocabulary re-reads every review
