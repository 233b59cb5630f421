"""Reference files merged with the seed's own list, through a full build."""

import shutil
from pathlib import Path

import pytest

from pipelines.lib.reference_formats.dispatch import read_reference_file
from pipelines.sql import connect_readonly
from tests.conftest import make_raw, run_build

FIXTURES = Path(__file__).parent / "fixtures" / "references"


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    root = tmp_path_factory.mktemp("merge")
    raw = make_raw(root)
    shutil.copytree(FIXTURES, raw / "references")
    assert run_build(raw, root / "processed") == 0
    con = connect_readonly(root / "processed" / "warehouse.duckdb")
    yield con, raw
    con.close()


def test_every_record_of_every_file_is_in_bibliography_or_rejected(merged):
    con, raw = merged
    for path in sorted((raw / "references").iterdir()):
        name = f"references/{path.name}"
        read = read_reference_file(path, name).records_read
        in_bibliography = con.execute("SELECT count(*) FROM reference_matches WHERE matched_record LIKE ? || '#%'", [name]).fetchone()[0]
        rejected = con.execute("SELECT count(*) FROM rejected_records WHERE source_file = ?", [name]).fetchone()[0]
        assert read == in_bibliography + rejected, (name, read, in_bibliography, rejected)
        accounted = con.execute("SELECT records_read, records_accepted, records_rejected FROM source_files WHERE source_file = ?", [name]).fetchone()
        assert accounted == (read, in_bibliography, rejected)


def test_records_merge_into_the_seed_list_and_enrich_it(merged):
    con, _ = merged
    seed = dict(con.execute(
        "SELECT reference_number, doi FROM bibliography WHERE review_id = 'neuroplasticity_mental_health' AND doi IS NOT NULL"
    ).fetchall())
    assert seed[4] == "10.31887/dcns.2004.6.2/wdrevets"  # BibTeX, fuzzy title
    assert seed[1] == "10.1176/appi.neuropsych.12050109"  # CSL-JSON, fuzzy title; then MEDLINE by DOI
    assert con.execute("SELECT count(*) FROM bibliography WHERE review_id = 'neuroplasticity_mental_health'").fetchone()[0] == 10
    rules = {r[0]: r[1] for r in con.execute(
        "SELECT matched_record, rule FROM reference_matches WHERE matched_record IN "
        "('references/zotero_export.bib#1', 'references/mendeley_export.json#1', 'references/pubmed_export.nbib#1', 'references/pubmed_export.xml#1')"
    ).fetchall()}
    assert rules == {"references/zotero_export.bib#1": "fuzzy title", "references/mendeley_export.json#1": "fuzzy title",
                     "references/pubmed_export.nbib#1": "doi", "references/pubmed_export.xml#1": "fuzzy title"}


def test_same_work_in_two_formats_is_one_row_with_two_provenance_rows(merged):
    con, _ = merged
    rows = con.execute("SELECT reference_id, authors FROM bibliography WHERE doi = '10.1016/j.jad.2019.01.001'").fetchall()
    # files are merged in name order: the RIS record creates the row, the BibTeX one fills its gaps
    assert len(rows) == 1 and rows[0][1] == ["Müller J", "Gómez A"]
    provenance = con.execute("SELECT matched_record, rule FROM reference_matches WHERE reference_id = ? ORDER BY ALL", [rows[0][0]]).fetchall()
    assert provenance == [("references/endnote_export.ris#1", "new"), ("references/zotero_export.bib#2", "doi")]
    assert con.execute("SELECT abstract IS NOT NULL FROM bibliography WHERE reference_id = ?", [rows[0][0]]).fetchone()[0]
    assert con.execute("SELECT count(*) - count(DISTINCT reference_id) FROM bibliography").fetchone()[0] == 0


def test_conflicts_and_malformed_identifiers_are_citation_issues(merged):
    con, _ = merged
    kinds = dict(con.execute("SELECT kind, count(*) FROM citation_issues GROUP BY kind").fetchall())
    assert kinds.get("conflicting DOI") == 1 and kinds.get("conflicting PMID") == 1  # the .xml.gz copy of Fuchs 2004
    assert kinds.get("malformed DOI") == 1  # 'not-a-doi' in the RIS file
    assert "unresolved citation" not in kinds


def test_abstracts_add_evidence_tagged_with_study_design(merged):
    con, _ = merged
    rows = con.execute(
        "SELECT intervention, outcome, direction, review_id, reference_number, study_design FROM evidence WHERE source_kind = 'abstract' ORDER BY ALL"
    ).fetchall()
    assert ("yoga", "cortisol", "decrease", None, None, "cohort") in rows
    assert ("aerobic exercise", "BDNF", "increase", None, None, "randomized controlled trial") in rows
    assert ("antidepressants", "neurogenesis", "increase", "neuroplasticity_mental_health", 8, "narrative review") in rows
