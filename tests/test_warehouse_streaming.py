"""The warehouse is built a batch of reviews at a time: the batch size must not change a single row."""

from datetime import UTC, datetime

import duckdb
import pandas as pd
import pytest

import pipelines.lib.warehouse_tables as warehouse_tables
from pipelines.lib.claims import build_claims
from pipelines.lib.evidence_rows import claim_id
from pipelines.lib.fingerprints import table_fingerprints
from pipelines.lib.warehouse_checks import table_matches_schema
from pipelines.lib.warehouse_sql import insert_frame, open_build
from tests.conftest import make_raw, run_build

REVIEW = """# {title}

## Results

Exercise increased BDNF levels in older adults [1]. Ketamine reduced depressive symptoms within hours [2].

## References

1. Erickson KI, Voss MW. Exercise training increases size of hippocampus. Proc Natl Acad Sci U S A. 2011;108(7):3017-22.
2. Berman RM, Cappiello A. Antidepressant effects of ketamine in depressed patients. Biol Psychiatry. 2000;47(4):351-4.
"""


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    root = tmp_path_factory.mktemp("streamed")
    raw = make_raw(root)
    for name in ("alpha", "beta", "gamma"):
        (raw / "reviews" / f"{name}.md").write_text(REVIEW.format(title=name.title()), encoding="utf-8")
    processed = root / "processed"
    assert run_build(raw, processed) == 0
    return root, raw, processed


def _fingerprints(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return table_fingerprints(con)


def test_batch_size_and_worker_processes_change_no_row(staged, monkeypatch):
    """Batches are prepared in worker processes when there are several (EVIDENCE_WORKERS) and inserted in order."""
    root, raw, processed = staged
    prints = {}
    for size, workers in ((1, "1"), (1, "2"), (2, "2"), (100, "2")):
        monkeypatch.setattr(warehouse_tables, "BATCH_REVIEWS", size)
        monkeypatch.setenv("EVIDENCE_WORKERS", workers)
        target = root / f"batch{size}_{workers}.duckdb"
        built = warehouse_tables.build_tables(raw, processed, target, started=datetime.now(UTC))
        assert built.counts["reviews"] == 4 and built.counts["evidence"] > 0
        prints[size, workers] = _fingerprints(target)
    assert len({str(p) for p in prints.values()}) == 1 and prints[1, "2"] == _fingerprints(processed / "warehouse.duckdb")


def test_a_key_in_two_batches_is_rejected_not_kept(tmp_path):
    con = open_build(tmp_path / "w.duckdb")
    review = {"review_id": "same", "title": "t", "authors": ["A"], "source_file": "reviews/same.md", "source_sha256": "0" * 64}
    insert_frame(con, "reviews", pd.DataFrame([review]))
    insert_frame(con, "reviews", pd.DataFrame([{**review, "title": "u"}]))
    rejected = warehouse_tables._reject_keys_duplicated_across_batches(con)
    assert [r["reason"] for r in rejected] == ["failed validation: review_id: field_uniqueness"] * 2
    assert con.execute("SELECT count(*) FROM reviews").fetchall()[0][0] == 0
    con.close()


def test_schema_check_reads_in_chunks_and_sees_duplicates_across_them(tmp_path, monkeypatch):
    import pipelines.lib.warehouse_checks as checks

    con = open_build(tmp_path / "w.duckdb")
    rows = [{"intervention": f"i{n}", "intervention_class": "lifestyle", "parent": None, "synonyms": []} for n in range(5000)]
    insert_frame(con, "interventions", pd.DataFrame(rows + [rows[0]]))
    monkeypatch.setattr(checks, "CHUNK_VECTORS", 1)  # 2,048 rows a chunk: the copy of i0 is in the third
    passed, count, cases = table_matches_schema(con, "interventions")
    con.close()
    assert not passed and "field_uniqueness" in set(cases["check"]) and "i0" in set(cases["failure_case"])


def test_claim_ids_computed_in_sql_match_the_python_ids():
    evidence = pd.DataFrame([
        {"intervention": "électroconvulsive therapy", "intervention_class": "neuromodulation", "outcome": "BDNF", "outcome_domain": "molecular",
         "direction": "increase", "sentence_id": "s1", "review_id": "r", "reference_id": "ref_b", "hedged": False},
        {"intervention": "électroconvulsive therapy", "intervention_class": "neuromodulation", "outcome": "BDNF", "outcome_domain": "molecular",
         "direction": "increase", "sentence_id": "s2", "review_id": "r", "reference_id": "ref_a", "hedged": True},
    ])
    claims = build_claims(evidence)
    assert claims["claim_id"].tolist() == [claim_id("électroconvulsive therapy", "BDNF", "increase")]
    assert list(claims["reference_ids"].iloc[0]) == ["ref_a", "ref_b"] and not claims["all_hedged"].iloc[0]
