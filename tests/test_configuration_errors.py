"""Issue 16: an error the user causes by configuration is one line that says what to do, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.lib.raw_files import configuration_problems

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("raw", "processed", "expected"), [
    ("missing", "ok", "does not exist: set EVIDENCE_RAW_DIR"),
    ("file", "ok", "is a file, not a folder: point it at the folder that holds reviews/"),
    ("ok", "file", "EVIDENCE_PROCESSED_DIR"),
    ("ok", "under_file", "which is a file"),
])
def test_configuration_problems_name_the_fix(tmp_path, monkeypatch, raw, processed, expected):
    paths = {"ok": tmp_path / "raw", "missing": tmp_path / "nowhere", "file": tmp_path / "a_file"}
    paths["ok"].mkdir()
    paths["file"].write_text("x")
    processed_paths = {"ok": tmp_path / "processed", "file": tmp_path / "a_file", "under_file": tmp_path / "a_file" / "processed"}
    monkeypatch.setenv("EVIDENCE_RAW_DIR", str(paths[raw]))
    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(processed_paths[processed]))
    problems = configuration_problems()
    assert len(problems) == 1 and expected in problems[0]


def test_a_good_configuration_has_no_problem(tmp_path, monkeypatch):
    (tmp_path / "raw").mkdir()
    monkeypatch.setenv("EVIDENCE_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path / "not_yet" / "processed"))
    assert configuration_problems() == []


def test_a_processed_path_that_is_a_file_is_one_line_not_a_traceback(tmp_path):
    target = tmp_path / "processed"
    target.write_text("not a folder")
    env = dict(os.environ, EVIDENCE_PROCESSED_DIR=str(target), EVIDENCE_RAW_DIR=str(ROOT / "data" / "raw"), DAGSTER_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "pipelines.build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"EVIDENCE_PROCESSED_DIR {target} is a file, not a folder: point it at a folder (it is created if missing)"]
    assert target.read_text() == "not a folder"
