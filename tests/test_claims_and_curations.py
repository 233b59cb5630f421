
import pandas as pd

from pipelines.lib.claims import build_claims
from pipelines.sql import connect_readonly
from tests.conftest import make_raw, run_build


def evidence(*rows):
    columns = ["intervention", "intervention_class", "outcome", "outcome_domain", "direction", "sentence_id", "review_id", "reference_id", "hedged"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])


def test_claims_count_distinct_references_and_find_contradictions():
    claims = build_claims(
        evidence(
            ("ketamine", "pharmacological", "BDNF", "molecular", "increase", "s1", "r1", "ref_a", False),
            ("ketamine", "pharmacological", "BDNF", "molecular", "increase", "s2", "r1", "ref_a", True),
            ("ketamine", "pharmacological", "BDNF", "molecular", "increase", "s3", "r2", "ref_b", False),
            ("ketamine", "pharmacological", "BDNF", "molecular", "no_effect", "s4", "r2", "ref_c", False),
            ("yoga", "lifestyle", "cortisol", "molecular", "modulates", "s5", "r2", None, True),
        )
    ).set_index(["intervention", "direction"])
    increase = claims.loc[("ketamine", "increase")]
    assert (increase.n_references, increase.n_statements, increase.n_reviews) == (2, 3, 2)
    assert increase.contradicted and increase.contradicting_directions == ["no_effect"]
    assert claims.loc[("ketamine", "no_effect")].contradicted
    yoga = claims.loc[("yoga", "modulates")]
    assert not yoga.contradicted and yoga.n_references == 0 and yoga.all_hedged


def test_curation_file_removes_and_adds_rows(seed_build, tmp_path):
    live = connect_readonly(seed_build / "warehouse.duckdb")
    wrong = live.execute(
        "SELECT evidence_id FROM evidence WHERE intervention = 'ketamine' AND review_id = 'neuroplasticity_mental_health' ORDER BY evidence_id LIMIT 1"
    ).fetchone()[0]  # a seed row: the build below has the seed only
    sentence = live.execute("SELECT sentence_id FROM sentences WHERE text LIKE 'Exercise increases BDNF levels%'").fetchone()[0]
    live.close()
    raw = make_raw(tmp_path)
    (raw / "curations").mkdir()
    (raw / "curations" / "ah_2026.csv").write_text(
        "action,evidence_id,review_id,sentence_id,intervention,outcome,direction,reference_number,note,curator\n"
        f"reject,{wrong},,,,,,,wrong subject,AH\n"
        f"add,,,{sentence},exercise,mood,increase,6,missed outcome,AH\n"
        "reject,evd_doesnotexist,,,,,,,stale,AH\n"
        f"add,,,{sentence},jogging,mood,increase,6,not in vocabulary,AH\n",
        encoding="utf-8",
    )
    processed = tmp_path / "processed"
    assert run_build(raw, processed) == 0
    con = connect_readonly(processed / "warehouse.duckdb")
    assert con.execute("SELECT count(*) FROM evidence WHERE evidence_id = ?", [wrong]).fetchone()[0] == 0
    added = con.execute("SELECT intervention, outcome, direction, reference_number, curated, reference_id IS NOT NULL FROM evidence WHERE curated").fetchall()
    assert added == [("exercise", "mood", "increase", 6, True, True)]
    assert con.execute("SELECT count(*) FROM claims WHERE intervention = 'exercise' AND outcome = 'mood'").fetchone()[0] == 1
    log = con.execute("SELECT line, action, applied FROM curations ORDER BY line").fetchall()
    assert log == [(2, "reject", True), (3, "add", True), (4, "reject", False), (5, "add", False)]
    reasons = [r[0] for r in con.execute("SELECT reason FROM rejected_records WHERE target = 'curations' ORDER BY location").fetchall()]
    assert len(reasons) == 2 and "no evidence row has id" in reasons[0] and "not an intervention" in reasons[1]


def test_comparator_is_recorded(seed_build):
    con = connect_readonly(seed_build / "warehouse.duckdb")
    rows = con.execute("SELECT intervention, outcome, comparator FROM evidence WHERE review_id = 'trd_neuromodulation' AND comparator IS NOT NULL ORDER BY ALL").fetchall()
    assert ("rTMS", "treatment response", "sham") in rows
    assert ("venlafaxine", "treatment response", "tricyclic antidepressants") in rows


def test_claims_cover_every_evidence_row(seed_build):
    con = connect_readonly(seed_build / "warehouse.duckdb")
    assert con.execute("SELECT count(*) FROM evidence WHERE claim_id NOT IN (SELECT claim_id FROM claims)").fetchone()[0] == 0
    mismatched = con.execute(
        """
        SELECT c.claim_id FROM claims c JOIN (
            SELECT claim_id, count(DISTINCT sentence_id) AS statements, count(DISTINCT reference_id) AS refs FROM evidence GROUP BY claim_id
        ) e USING (claim_id)
        WHERE c.n_statements <> e.statements OR c.n_references <> e.refs
        """
    ).fetchall()
    con.close()
    assert mismatched == []


def test_a_curation_saved_by_r_reads_na_as_empty(tmp_path):
    from pipelines.lib.curations import read_curation_rows

    (tmp_path / "curations").mkdir()
    (tmp_path / "curations" / "from_r.csv").write_text(
        '"","action","evidence_id","review_id","sentence_id","intervention","outcome","direction","note"\n'
        '"1","reject","evd_3f0c2a9d1b7e4c55",NA,NA,NA,NA,NA,"wrong subject"\n', encoding="utf-8")
    rows, rejected = read_curation_rows(tmp_path)
    assert rejected == []
    assert rows[0]["evidence_id"] == "evd_3f0c2a9d1b7e4c55" and rows[0]["review_id"] == "" and rows[0]["direction"] == ""
