"""Builds as separate processes, the way a scheduler or an analyst's terminal starts them."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_env(raw: Path, processed: Path, home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    env = dict(os.environ)
    env.update({"EVIDENCE_RAW_DIR": str(raw), "EVIDENCE_PROCESSED_DIR": str(processed), "DAGSTER_HOME": str(home)})
    env.pop("EVIDENCE_REFRESH_LOCK_HELD", None)
    return env


def start_build(env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipelines.build"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def run_build_process(env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.build"], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
