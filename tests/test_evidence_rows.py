"""Citations and abbreviations at the level of a whole review."""

from pipelines.lib.evidence_rows import review_evidence_rows
from pipelines.lib.review_markdown import parse_review


def rows_for(body: str, vocabulary, references: int = 40):
    refs = "\n".join(f"{n}. Doe J. Title {n}. J Test. 2020;1:{n}-{n + 1}." for n in range(1, references + 1))
    review = parse_review("r", f"# T\n\n## Body\n\n{body}\n\n## References\n\n{refs}\n")
    ids = {n: f"ref{n}" for n in range(1, references + 1)}
    return [(r["intervention"], r["outcome"], r["direction"], r["reference_number"]) for r in review_evidence_rows(review, vocabulary, ids)]


def test_each_clause_keeps_its_own_citation(vocabulary):
    rows = rows_for("Sertraline increases BDNF [3], whereas yoga lowers cortisol [29,31-34].", vocabulary)
    assert ("sertraline", "BDNF", "increase", 3) in rows
    assert {r[3] for r in rows if r[0] == "yoga"} == {29, 31, 32, 33, 34}
    assert not [r for r in rows if r[0] == "sertraline" and r[3] != 3]


def test_citation_forms(vocabulary):
    for body, expected in [
        ("Ketamine increases BDNF[26].", {26}),
        ("Ketamine increases BDNF (4).", {4}),
        ("Ketamine increases BDNF<sup>5–7</sup>.", {5, 6, 7}),
        ("Ketamine increases BDNF [2, 5–7].", {2, 5, 6, 7}),
    ]:
        assert {r[3] for r in rows_for(body, vocabulary)} == expected, body


def test_paragraph_final_citation_covers_an_uncited_paragraph_only(vocabulary):
    rows = rows_for("Exercise increases BDNF. Yoga lowers cortisol [7].", vocabulary)
    assert {(r[0], r[3]) for r in rows} == {("exercise", 7), ("yoga", 7)}
    rows = rows_for("Exercise increases BDNF [2]. Tai chi improves mood. Yoga lowers cortisol [7].", vocabulary)
    assert ("tai chi", "mood", "increase", None) in rows


def test_abbreviation_defined_in_the_review_is_learned(vocabulary):
    body = "Trigeminal nerve stimulation via transcutaneous vagus nerve stimulation (tVNS) is new [1]. In trials, tVNS reduced IL-6 [2]."
    rows = rows_for(body, vocabulary)
    assert ("VNS", "IL-6", "decrease", 2) in rows
