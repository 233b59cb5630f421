"""The whole path on the seed: raw Markdown to a published warehouse and exports, through Dagster."""

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipelines.lib.evaluation import load_gold, score_warehouse
from pipelines.sql import connect_readonly
from tests.conftest import make_raw, run_build

CONTRACT_RELATIONS = {
    "reviews", "sentences", "bibliography", "citations", "interventions", "outcomes", "evidence", "evidence_map", "rejected_records", "claims",
}
GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def con(seed_build):
    connection = connect_readonly(seed_build / "warehouse.duckdb")
    yield connection
    connection.close()


def test_every_contract_relation_exists(con):
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert names >= CONTRACT_RELATIONS


def test_contract_columns(con):
    evidence_columns = [r[0] for r in con.execute("DESCRIBE evidence").fetchall()]
    for column in ("evidence_id", "review_id", "source_kind", "sentence_id", "sentence_text", "intervention", "intervention_class",
                   "intervention_text", "outcome", "outcome_domain", "outcome_text", "direction", "condition", "hedged", "negated",
                   "reference_number", "reference_id"):
        assert column in evidence_columns
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'bibliography'").fetchall())
    assert types["authors"] == "VARCHAR[]" and types["year"] == "INTEGER" and types["et_al"] == "BOOLEAN"


def test_seed_bibliography_fields(con):
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT reference_number, first_author, et_al, journal, year, volume, issue, pages FROM bibliography "
        "WHERE review_id = 'neuroplasticity_mental_health'"
    ).fetchall()}
    assert sorted(rows) == list(range(1, 11))
    assert rows[1] == ("Kays JL", False, "J Neuropsychiatry Clin Neurosci", 2012, "24", "2", "118-124")
    assert rows[3][4:] == ("14", "13-14", "690-697")
    assert rows[6][0] == "Rădulescu I" and rows[6][1] is True
    assert rows[8][4:] == ("14", None, "S481-S490")
    assert rows[9][4:] == ("2017", "1", "4605971")


def test_repaired_sentences_and_no_furniture(con):
    texts = [r[0] for r in con.execute("SELECT text FROM sentences WHERE review_id = 'neuroplasticity_mental_health'").fetchall()]
    assert any("Studies using functional MRI (fMRI) have demonstrated" in t for t in texts)
    assert any("promote healing and resilience." in t for t in texts)
    assert not [t for t in texts if any(w in t for w in ("Correspondence", "E mail", "Manuscript No"))]


def test_citations_resolve_to_the_reference_list(con):
    unresolved = con.execute("SELECT count(*) FROM citations WHERE review_id = 'neuroplasticity_mental_health' AND reference_id IS NULL").fetchone()[0]
    assert unresolved == 0


def test_seed_evidence_against_gold(con):
    score = score_warehouse(con, load_gold(GOLD / "neuroplasticity_mental_health.csv"), "neuroplasticity_mental_health")
    print(f"seed: {score.line()}")
    assert score.recall >= 0.95 and score.precision >= 0.90, (score.missed, score.unmatched)


def test_evidence_map_counts_distinct_references(con):
    rows = con.execute("SELECT n_references, len(reference_ids), n_statements FROM evidence_map").fetchall()
    assert rows and all(n == k and s >= 1 for n, k, s in rows)


def test_columns_are_commented(con):
    missing = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main' AND (comment IS NULL OR comment = '')").fetchall()
    assert missing == []


def test_exports_are_written(seed_build):
    exports = seed_build / "exports"
    for name in ("evidence", "evidence_map", "bibliography", "meta_analysis", "rejected_records"):
        frame = pd.read_csv(exports / f"{name}.csv")
        assert len(frame.columns) > 3
    meta = pd.read_csv(exports / "meta_analysis.csv")
    assert set(meta["data_status"]) == {"none"}


def test_duckdb_cli_1_5_reads_the_warehouse(seed_build):
    cli = Path(sys.executable).parent / "duckdb"
    if not cli.exists():
        cli = shutil.which("duckdb")
    if cli is None:
        pytest.skip("the duckdb CLI (pip install duckdb-cli) is not installed")
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, check=True).stdout
    out = subprocess.run(
        [str(cli), "-readonly", "-csv", str(seed_build / "warehouse.duckdb"), "-c", "SELECT count(*) FROM evidence_map"],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip().splitlines()[-1]) > 0, version


@pytest.mark.slow  # a second full build of 108 reviews; the quick reruns in tests/reliability cover a small raw folder
def test_a_second_build_gives_identical_ids_and_exports(seed_build, tmp_path):
    raw = make_raw(tmp_path)
    for review in (Path(__file__).parent / "fixtures" / "reviews").glob("*.md"):
        shutil.copy(review, raw / "reviews" / review.name)
    assert run_build(raw, tmp_path / "processed") == 0
    for name in ("evidence", "bibliography", "evidence_map", "meta_analysis"):
        assert (tmp_path / "processed" / "exports" / f"{name}.csv").read_bytes() == (seed_build / "exports" / f"{name}.csv").read_bytes()


def test_broken_and_unreadable_reviews_do_not_fail_the_build(tmp_path):
    raw = make_raw(tmp_path, reviews={"empty.md": "", "only_refs.md": "## References\n\n1. ???\n"})
    (raw / "reviews" / "latin1.md").write_bytes("# Caf\xe9 review\n".encode("latin-1"))
    (raw / "reviews" / "notes.txt").write_text("not a review", encoding="utf-8")
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    con = connect_readonly(processed / "warehouse.duckdb")
    rejected = con.execute("SELECT source_file, reason FROM rejected_records ORDER BY ALL").fetchall()
    reasons = " | ".join(f"{f}: {r}" for f, r in rejected)
    assert "reviews/latin1.md: latin1.md: not UTF-8" in reasons
    assert "reviews/notes.txt" in reasons
    assert "reviews/empty.md" in reasons and "could not parse reference" in reasons
    assert con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 3


def test_a_failed_build_leaves_the_published_warehouse_intact(seed_build, tmp_path):
    processed = tmp_path / "processed"
    shutil.copytree(seed_build, processed, ignore=shutil.ignore_patterns("staging"))
    before = (processed / "warehouse.duckdb").read_bytes()
    raw = make_raw(tmp_path, with_seed=False)
    assert run_build(raw, processed) == 1  # no reviews: nothing is published
    (raw / "vocabulary" / "interventions.csv").write_text("intervention,intervention_class\n,pharmacological\n", encoding="utf-8")
    (raw / "reviews" / "r.md").write_text((Path(__file__).parents[1] / "data/raw/reviews/neuroplasticity_mental_health.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert run_build(raw, processed) == 1  # a broken vocabulary fails the run
    assert (processed / "warehouse.duckdb").read_bytes() == before
    assert not list(processed.glob("warehouse.duckdb.building-*"))
