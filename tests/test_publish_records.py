"""Issue 16: publish, manifest and refresh history move together; a build killed between the rename and the
records is completed by the next build, and the build's last line says truly what is live."""

from __future__ import annotations

import json

import duckdb
import pytest

from pipelines.lib import publish as publishing
from pipelines.lib.publish import JOURNAL_NAME, complete_publish, live_path, publish_with_records
from pipelines.lib.refresh_log import load_history
from tests.conftest import make_raw, run_build


def _database(path, rows: int) -> None:
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE t AS SELECT range AS i FROM range({rows})")
    con.close()


def _pending(run_id: str) -> dict:
    return {"run_id": run_id, "rows": {"t": 5}, "refresh_row": {"run_id": run_id, "started": "2026-12-07T00:00:00", "finished": "2026-12-07T00:01:00"}}


@pytest.fixture()
def processed(tmp_path):
    folder = tmp_path / "processed"
    folder.mkdir()
    _database(live_path(folder), 3)
    (folder / "manifest.json").write_text(json.dumps({"run_id": "old"}))
    return folder


def test_a_build_killed_after_the_rename_is_completed_by_the_next(processed, monkeypatch):
    building = processed / "warehouse.duckdb.building-new"
    _database(building, 5)
    monkeypatch.setattr(publishing, "complete_publish", lambda folder: (_ for _ in ()).throw(KeyboardInterrupt("killed")))
    with pytest.raises(KeyboardInterrupt):
        publish_with_records(building, live_path(processed), _pending("new"))
    monkeypatch.undo()
    assert json.loads((processed / "manifest.json").read_text())["run_id"] == "old"  # the kill left the records behind
    assert (processed / JOURNAL_NAME).exists()
    assert complete_publish(processed) == "completed"
    assert json.loads((processed / "manifest.json").read_text())["run_id"] == "new"
    assert [r["run_id"] for r in load_history(processed)] == ["new"]
    assert complete_publish(processed) is None and [r["run_id"] for r in load_history(processed)] == ["new"]


def test_a_journal_whose_rename_never_happened_is_dropped(processed):
    building = processed / "warehouse.duckdb.building-new"
    _database(building, 5)
    status = building.stat()
    (processed / JOURNAL_NAME).write_text(json.dumps({"inode": status.st_ino, "bytes": status.st_size, "pending": _pending("new")}))
    assert complete_publish(processed) == "dropped"
    assert json.loads((processed / "manifest.json").read_text())["run_id"] == "old"
    assert load_history(processed) == [] and not (processed / JOURNAL_NAME).exists()


def test_a_failure_after_publishing_says_the_new_warehouse_is_live(tmp_path, monkeypatch, capsys):
    from pipelines.defs import exports

    def broken(*args, **kwargs):
        raise RuntimeError("figure renderer broke")

    monkeypatch.setattr(exports, "draw_figures", broken)
    raw = make_raw(tmp_path)
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 1
    err = capsys.readouterr().err
    assert "the new warehouse IS live" in err and "left unchanged" not in err
    con = duckdb.connect(str(live_path(processed)), read_only=True)
    assert con.execute("SELECT count(*) FROM evidence").fetchone()[0] > 0
    con.close()
    assert json.loads((processed / "manifest.json").read_text())


@pytest.mark.parametrize("step", ["copy_csv", "draw_figures"])
def test_records_describe_the_live_warehouse_when_a_step_after_publishing_fails(tmp_path, monkeypatch, step):
    """Each step between the rename and the last export (the CSV exports, the figures) failing in turn."""
    from pipelines.defs import exports

    def broken(*args, **kwargs):
        raise RuntimeError(f"{step} broke")

    raw = make_raw(tmp_path)
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    monkeypatch.setattr(exports, step, broken)
    (raw / "reviews" / "another.md").write_text("# Another\n\n## Findings\n\nKetamine reduced depressive symptoms [1].\n\n## References\n\n1. Smith J. A trial. J Psy. 2020;1:1-2.\n")
    assert run_build(raw, processed) == 1
    con = duckdb.connect(str(live_path(processed)), read_only=True)
    live_run = con.execute("SELECT run_id FROM refresh_log ORDER BY finished DESC LIMIT 1").fetchone()[0]
    has_new_review = con.execute("SELECT count(*) FROM reviews WHERE review_id = 'another'").fetchone()[0] == 1
    con.close()
    assert has_new_review  # the second build did publish
    assert json.loads((processed / "manifest.json").read_text())["run_id"] == live_run
    assert load_history(processed)[-1]["run_id"] == live_run
