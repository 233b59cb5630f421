"""A refresh replaces only the changed reviews' rows in a copy of the live file, and ends with the full build's rows."""

import json
import shutil

import duckdb
import pytest

from pipelines.lib.fingerprints import table_fingerprints
from tests.conftest import make_raw, run_build
from tests.test_warehouse_streaming import REVIEW

FIXTURES = ["anxiety_mindfulness.md", "depression_ssri.md", "ptsd_trauma_focused.md"]
RIS = "TY  - JOUR\nAU  - Walsh, Anna\nTI  - Exercise for depressive symptoms in primary care\nT2  - Br J Psychiatry\nPY  - {year}\nVL  - 12\nER  - \n"


def _state(processed):
    with duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True) as con:
        prints = table_fingerprints(con)
        rebuilt = con.execute("SELECT rebuilt FROM refresh_log ORDER BY finished DESC LIMIT 1").fetchall()[0][0]
    return prints, rebuilt


def _full_build_of(raw, root, monkeypatch):
    copy = root / "full"
    shutil.copytree(raw, copy / "raw")
    monkeypatch.setenv("EVIDENCE_FULL_WAREHOUSE", "1")
    assert run_build(copy / "raw", copy / "processed") == 0
    monkeypatch.delenv("EVIDENCE_FULL_WAREHOUSE")
    return _state(copy / "processed")


@pytest.fixture
def built(tmp_path):
    raw = make_raw(tmp_path, {"alpha.md": REVIEW.format(title="Alpha"), "beta.md": REVIEW.format(title="Beta")})
    (raw / "references").mkdir()
    (raw / "references" / "pool.ris").write_text(RIS.format(year=2019), encoding="utf-8")
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    assert _state(processed)[1] == "full"
    return raw, processed


def test_added_changed_and_removed_reviews_give_the_full_builds_rows(built, tmp_path, monkeypatch):
    raw, processed = built
    (raw / "reviews" / "gamma.md").write_text(REVIEW.format(title="Gamma"), encoding="utf-8")
    (raw / "reviews" / "alpha.md").write_text(REVIEW.format(title="Alpha").replace("older adults", "adolescents"), encoding="utf-8")
    (raw / "reviews" / "beta.md").unlink()
    assert run_build(raw, processed) == 0
    prints, rebuilt = _state(processed)
    assert rebuilt.startswith("incremental: 3 review(s) replaced (2 loaded)")
    assert (prints, "full") == _full_build_of(raw, tmp_path, monkeypatch)
    log = json.loads((processed / "refresh_log.jsonl").read_text().splitlines()[-1])
    assert log["files_new"] == ["reviews/gamma.md"] and log["files_changed"] == ["reviews/alpha.md"] and log["files_removed"] == ["reviews/beta.md"]


def test_a_changed_reference_file_is_rederived_without_reloading_reviews(built, tmp_path, monkeypatch):
    raw, processed = built
    (raw / "references" / "pool.ris").write_text(RIS.format(year=2020), encoding="utf-8")
    assert run_build(raw, processed) == 0
    prints, rebuilt = _state(processed)
    assert rebuilt.startswith("incremental: 0 review(s) replaced")
    assert (prints, "full") == _full_build_of(raw, tmp_path, monkeypatch)


def test_a_record_that_enriches_a_reviews_entry_means_a_full_build(built, tmp_path, monkeypatch):
    raw, processed = built
    enriching = ("TY  - JOUR\nAU  - Erickson, KI\nAU  - Voss, MW\nTI  - Exercise training increases size of hippocampus\n"
                 "PY  - 2011\nDO  - 10.1073/pnas.1015950108\nER  - \n")
    (raw / "references" / "alpha.ris").write_text(enriching, encoding="utf-8")
    assert run_build(raw, processed) == 0
    prints, rebuilt = _state(processed)
    assert rebuilt == "full"
    assert (prints, "full") == _full_build_of(raw, tmp_path, monkeypatch)
