import pandas as pd
import pytest

from pipelines.lib.validation import TableRejected, validate_table
from schemas.tables import BibliographyTable, EvidenceTable, SentencesTable


def sentences(**overrides):
    base = {
        "sentence_id": ["s1", "s2", "s3"],
        "review_id": ["r"] * 3,
        "section": ["Intro"] * 3,
        "section_kind": ["introduction"] * 3,
        "role": ["background"] * 3,
        "role_rule": ["section.introduction"] * 3,
        "paragraph_number": [1, 1, 2],
        "sentence_number": [1, 2, 1],
        "text": ["a", "b", "c"],
        "char_start": [0, 2, 4],
        "char_end": [1, 3, 5],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_lazy_validation_lists_every_bad_row():
    bad = sentences(sentence_id=["s1", "s1", "s3"], char_end=[1, 1, 2], paragraph_number=[1, 1, 0])
    with pytest.raises(Exception) as caught:
        SentencesTable.validate(bad, lazy=True)
    cases = caught.value.failure_cases
    assert {"field_uniqueness", "greater_than_or_equal_to(1)", "char_end must be greater than char_start"} <= set(cases["check"])
    assert {0, 1, 2} <= set(cases["index"].dropna().astype(int))


def test_bad_rows_go_to_rejected_with_reasons_and_the_rest_is_kept():
    bad = sentences(char_end=[1, 1, 5])  # row 1 ends before it starts
    result = validate_table(SentencesTable, bad, "sentences", lambda row: "reviews/r.md")
    assert list(result.accepted["sentence_id"]) == ["s1", "s3"]
    assert len(result.rejected) == 1
    assert result.rejected[0]["source_file"] == "reviews/r.md"
    assert "char_end must be greater than char_start" in result.rejected[0]["reason"]


def test_a_table_level_failure_rejects_the_table_not_a_guess_at_rows():
    with pytest.raises(TableRejected, match="char_start"):
        validate_table(SentencesTable, sentences().drop(columns=["char_start"]), "sentences", lambda row: "x")


def test_year_range_doi_form_and_direction_values():
    bib = pd.DataFrame(
        {
            "reference_id": ["a", "b"], "review_id": ["r", "r"], "reference_number": [1, 2], "authors": [["X A"], []],
            "first_author": ["X A", None], "et_al": [False, False], "title": ["t", "t"], "journal": ["j", "j"],
            "year": [2020, 3020], "volume": [None, None], "issue": [None, None], "pages": [None, None],
            "doi": ["10.1000/x", "doi:10.1000/x"], "pmid": [None, "12a"], "publication_type": [None, None], "abstract": [None, None],
            "source_format": ["vancouver"] * 2, "source_file": ["f"] * 2, "raw_text": ["r"] * 2,
        }
    )
    with pytest.raises(Exception) as caught:
        BibliographyTable.validate(bib, lazy=True)
    failed_columns = set(caught.value.failure_cases["column"])
    assert {"year", "doi", "pmid"} <= failed_columns
    assert set(caught.value.failure_cases["index"].dropna()) == {1}


def test_evidence_direction_must_be_known():
    row = {c: ["x"] for c in EvidenceTable.to_schema().columns}
    row.update({"direction": ["benefit"], "source_kind": ["review"], "hedged": [False], "negated": [False], "reference_number": [1]})
    with pytest.raises(Exception) as caught:
        EvidenceTable.validate(pd.DataFrame(row), lazy=True)
    assert "isin" in " ".join(caught.value.failure_cases["check"].astype(str))
