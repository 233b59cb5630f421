"""Staged rows are stamped with the fingerprint of the code that made them, and only that code."""

import subprocess
import sys
from pathlib import Path

from pipelines.lib.code_version import STAGING_ENTRY_POINTS, staging_modules

REPO = Path(__file__).resolve().parents[1]

# stage the seed review and a reference file in a fresh process, then list every project module it loaded
STAGE_AND_LIST = """
import sys, tempfile
from pathlib import Path
from pipelines.lib.review_workers import document_task, evidence_task
from pipelines.lib.reference_staging import stage_reference_files
raw = Path(sys.argv[1])
out = Path(tempfile.mkdtemp())
review = raw / "reviews" / "neuroplasticity_mental_health.md"
document_task(("seed", review, "reviews/neuroplasticity_mental_health.md", out / "seed"))
evidence_task((out / "seed", str(raw / "vocabulary"), "fingerprint"))
(out / "raw" / "references").mkdir(parents=True)
(out / "raw" / "references" / "seed.ris").write_text("TY  - JOUR\\nAU  - Doe, J\\nTI  - A trial\\nPY  - 2020\\nER  - \\n")
stage_reference_files(out / "raw", out / "processed")
for name, module in sorted(sys.modules.items()):
    if name.split(".")[0] in ("pipelines", "schemas") and getattr(module, "__file__", None):
        print(Path(module.__file__).resolve())
"""


def test_every_module_staging_runs_is_in_the_staging_fingerprint():
    loaded = subprocess.run([sys.executable, "-c", STAGE_AND_LIST, str(REPO / "data" / "raw")], cwd=REPO, capture_output=True, text=True, check=True)
    ran = {Path(line) for line in loaded.stdout.splitlines()}
    assert len(ran) > 30
    assert ran - set(staging_modules()) == set()


def test_warehouse_only_modules_are_left_out():
    names = {p.relative_to(REPO).as_posix() for p in staging_modules()}
    assert {f"{e.replace('.', '/')}.py" for e in STAGING_ENTRY_POINTS} <= names
    assert not names & {"pipelines/lib/warehouse_tables.py", "pipelines/lib/claims.py", "pipelines/lib/figures.py", "pipelines/lib/csv_export.py",
                        "pipelines/lib/warehouse_checks.py", "pipelines/lib/abstract_evidence.py"}


def test_a_warehouse_code_change_rebuilds_the_warehouse_from_staged_rows(tmp_path, monkeypatch):
    import json

    import pipelines.lib.code_version as code_version
    from tests.conftest import make_raw, run_build

    raw, processed = make_raw(tmp_path), tmp_path / "processed"
    assert run_build(raw, processed) == 0
    stamp = processed / "staging" / "reviews" / "neuroplasticity_mental_health" / "document.json"
    staged_at, first_run = stamp.stat().st_mtime_ns, json.loads((processed / "manifest.json").read_text())["run_id"]
    import pipelines.defs.warehouse as warehouse_defs

    for module in (code_version, warehouse_defs):
        monkeypatch.setattr(module, "code_fingerprint", lambda: "warehouse code edited")
    assert run_build(raw, processed) == 0
    manifest = json.loads((processed / "manifest.json").read_text())
    assert manifest["run_id"] != first_run and manifest["code_version"] == "warehouse code edited"  # a new warehouse was published
    assert stamp.stat().st_mtime_ns == staged_at  # from the rows staged before: the review was not read again
