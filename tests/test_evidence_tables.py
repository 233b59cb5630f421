"""Summary tables read as one sentence per row, without Dagster."""

from pipelines.evidence.sentence_reader import read_sentence
from pipelines.lib.evidence_tables import table_sentences
from pipelines.reading.markdown import parse_review

FINDINGS_TABLE = (
    "| Intervention | Effect on plasticity | References |\n"
    "|---|---|---|\n"
    "| SSRIs | Increase BDNF; promote hippocampal neurogenesis | 4, 5 |\n"
    "| Ketamine | Rapid synaptogenesis | [6] |\n"
    "| Omega-3 | No effect on cortisol | 7 |"
)


def test_each_row_of_a_findings_table_is_a_cited_sentence_pointing_into_the_source():
    source = "preamble\n" + FINDINGS_TABLE
    rows = table_sentences(FINDINGS_TABLE, len("preamble\n"))
    assert [r.text for r in rows] == [
        "SSRIs produced increase BDNF and promote hippocampal neurogenesis [4, 5].",
        "Ketamine produced rapid synaptogenesis [6].",
        "Omega-3 produced no effect on cortisol [7].",
    ]
    first = rows[0]
    start, end = first.source_span(0, len(first))
    assert source[start:end].startswith("SSRIs") and source[start:end].endswith("4, 5")
    assert source[first.offsets[first.text.index("hippocampal")] :].startswith("hippocampal")


def test_rows_read_as_claims(vocabulary):
    triples = [
        (s.intervention.name, s.outcome.name, s.direction)
        for row in table_sentences(FINDINGS_TABLE, 0)
        for s in read_sentence(row.text, vocabulary).statements
    ]
    assert triples == [
        ("SSRIs", "BDNF", "increase"),
        ("SSRIs", "neurogenesis", "increase"),
        ("ketamine", "synaptogenesis", "increase"),
        ("omega-3 fatty acids", "cortisol", "no_effect"),
    ]


def test_an_outcome_column_and_a_one_word_effect():
    table = "| Treatment | Outcome | Effect |\n| --- | --- | --- |\n| EPA | Depressive symptoms | Reduced |\n| Vitamin D | Depression | None |"
    assert [r.text for r in table_sentences(table, 0)] == ["EPA reduced Depressive symptoms.", "Vitamin D had no effect on Depression."]


def test_tables_of_study_characteristics_or_counts_state_no_claims():
    assert table_sentences("| Trial | n | Intervention |\n|---|---|---|\n| Blumenthal 1999 | 156 | Aerobic exercise |", 0) == []
    assert table_sentences("| Outcome | Direction | Studies |\n| --- | --- | --- |\n| Cortisol | Decrease | 7 |", 0) == []
    assert table_sentences("| Intervention | Effect |\n| SSRIs | Increase BDNF |", 0) == []  # no separator line: not a table


def test_a_review_with_a_findings_table_cites_each_row_on_its_own():
    text = (
        "# Plasticity and treatment\n\nA. Author\n\n## Summary\n\nSeveral treatments act on plasticity [1].\n\n"
        + FINDINGS_TABLE
        + "\n\n## References\n\n"
        + "\n".join(f"{n}. Doe J. Study {n}. J Neurosci. 2020;{n}:1-9." for n in range(1, 8))
        + "\n"
    )
    review = parse_review("tables", text)
    cited = {s.text: [c.numbers for c in s.citations] for s in review.sentences}
    assert cited["Ketamine produced rapid synaptogenesis [6]."] == [(6,)]
    assert cited["SSRIs produced increase BDNF and promote hippocampal neurogenesis [4, 5]."] == [(4, 5)]
