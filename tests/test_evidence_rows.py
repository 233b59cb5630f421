"""Citations and abbreviations at the level of a whole review."""

from pipelines.lib.evidence_rows import review_evidence_rows
from pipelines.reading.markdown import parse_review


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


def test_a_citation_closing_a_run_of_sentences_covers_the_uncited_ones_before_it(vocabulary):
    rows = rows_for("Exercise increases BDNF. Yoga lowers cortisol [7].", vocabulary)
    assert {(r[0], r[3]) for r in rows} == {("exercise", 7), ("yoga", 7)}
    rows = rows_for("Exercise increases BDNF [2]. Tai chi improves mood. Yoga lowers cortisol [7]. Sertraline elevates BDNF.", vocabulary)
    assert ("tai chi", "mood", "increase", 7) in rows  # the run after [2] closes with [7]
    assert ("sertraline", "BDNF", "increase", None) in rows  # nothing closes the last run
    # a closing sentence with two citations does not say which one covers the run
    rows = rows_for("Exercise is effective. Yoga lowered IL-6 [3], and tai chi raised BDNF [4].", vocabulary)
    assert all(r[3] is None for r in rows if r[0] == "exercise")


def test_an_uncited_sentence_continuing_the_same_treatment_keeps_its_citation(vocabulary):
    rows = rows_for("Metacognitive therapy reduced worry [8]. Metacognitive therapy also reduced rumination.", vocabulary)
    assert ("metacognitive therapy", "rumination", "decrease", 8) in rows
    # another treatment, or a sentence further on, is not the same study
    rows = rows_for("Metacognitive therapy reduced worry [8]. Yoga also reduced rumination.", vocabulary)
    assert ("yoga", "rumination", "decrease", None) in rows
    rows = rows_for("Metacognitive therapy reduced worry [8]. Its origins are old. Metacognitive therapy also reduced rumination.", vocabulary)
    assert ("metacognitive therapy", "rumination", "decrease", None) in rows


def test_abbreviation_defined_in_the_review_is_learned(vocabulary):
    body = "Trigeminal nerve stimulation via transcutaneous vagus nerve stimulation (tVNS) is new [1]. In trials, tVNS reduced IL-6 [2]."
    rows = rows_for(body, vocabulary)
    assert ("VNS", "IL-6", "decrease", 2) in rows


def test_a_sentence_the_extractor_fails_on_is_rejected_not_fatal(vocabulary, tmp_path, monkeypatch):
    import duckdb

    from pipelines.lib import evidence_rows
    from pipelines.lib.review_staging import EXTRACTION_REJECTS, stage_review_document, stage_review_evidence

    path = tmp_path / "r.md"
    path.write_text("# T\n\n## Body\n\nSertraline increased BDNF [1]. Ketamine reduced depressive symptoms [1].\n\n## References\n\n1. A B. T. J. 2020;1:1-2.\n")
    real = evidence_rows.read_sentence

    def failing(text, *args, **kwargs):
        if text.startswith("Ketamine"):
            raise ValueError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(evidence_rows, "read_sentence", failing)
    folder = tmp_path / "staged"
    stage_review_document("r", path, "reviews/r.md", folder)
    assert stage_review_evidence(folder, vocabulary, "fp") == 1  # the sertraline row survives
    rejected = duckdb.sql(f"SELECT location, target, reason, raw FROM read_parquet('{folder / EXTRACTION_REJECTS}')").fetchall()
    assert len(rejected) == 1
    location, target, reason, raw = rejected[0]
    assert location.startswith("sentence ") and target == "evidence" and "ValueError: boom" in reason and raw.startswith("Ketamine")


def test_a_dose_opening_a_paragraph_is_of_the_treatment_the_title_names(vocabulary):
    refs = "\n".join(f"{n}. Doe J. Title {n}. J Test. 2020;1:{n}-{n + 1}." for n in range(1, 4))
    body = "## Efficacy\n\nA single infusion reduced depressive symptoms within a day [1].\n\n## Safety\n\nDissociation is common [2]."
    review = parse_review("r", f"**Clinical Review**\n\n**Ketamine in practice: a review**\n\n{body}\n\n## References\n\n{refs}\n")
    assert review.title == "Ketamine in practice: a review"
    rows = [(r["intervention"], r["outcome"], r["direction"], r["reference_number"]) for r in review_evidence_rows(review, vocabulary, {n: f"ref{n}" for n in range(1, 4)})]
    assert rows == [("ketamine", "depressive symptoms", "decrease", 1)]


def test_one_claim_named_twice_in_a_sentence_keeps_a_row_per_wording(vocabulary):
    rows = rows_for("CBT reduced gambling severity, gambling frequency and money lost [2].", vocabulary)
    assert rows.count(("cognitive behavioural therapy", "gambling severity", "decrease", 2)) == 3
    refs = "\n".join(f"{n}. Doe J. Title {n}. J Test. 2020;1:{n}-{n + 1}." for n in range(1, 3))
    review = parse_review("r", f"# T\n\n## Body\n\nCBT reduced gambling severity and money lost [2].\n\n## References\n\n{refs}\n")
    ids = [r["evidence_id"] for r in review_evidence_rows(review, vocabulary, {1: "ref1", 2: "ref2"})]
    assert len(ids) == len(set(ids)) == 2


def test_a_sentence_the_extractor_fails_on_is_listed_and_the_rest_are_read(vocabulary, monkeypatch):
    from pipelines.lib import evidence_rows

    real = evidence_rows.read_sentence

    def fragile(text, *args):
        if "yoga" in text.lower():
            raise ValueError("injected")
        return real(text, *args)

    monkeypatch.setattr(evidence_rows, "read_sentence", fragile)
    refs = "\n".join(f"{i}. Author A. Title {i}. J. 2020;1:1." for i in range(1, 3))
    review = parse_review("r", f"# R\n\n## Body\n\nYoga reduced anxiety [1]. Ketamine reduced depressive symptoms [2].\n\n## References\n\n{refs}\n")
    unread: list = []
    rows = review_evidence_rows(review, vocabulary, {}, unread)
    assert [r["intervention"] for r in rows] == ["ketamine"]
    assert len(unread) == 1 and "Yoga" in unread[0][0].text
    assert unread[0][1] == "the extractor failed on this sentence (ValueError: injected); its statements are missing, please report it"


def test_a_vague_row_beside_one_that_says_which_way_is_dropped():
    from pipelines.lib.evidence_rows import _without_vague_duplicates

    def row(direction, outcome="coping skills", reference=29):
        return {"sentence_id": "s1", "intervention": "school programmes", "outcome": outcome, "reference_number": reference, "direction": direction}

    rows = [row("increase"), row("modulates"), row("modulates", outcome="stress"), row("modulates", reference=30)]
    assert [(r["outcome"], r["direction"], r["reference_number"]) for r in _without_vague_duplicates(rows)] == [
        ("coping skills", "increase", 29), ("stress", "modulates", 29), ("coping skills", "modulates", 30)]


def test_a_statement_takes_the_citation_its_own_study_carries():
    """garakani2020: 'In one of those studies (240), THC-CBD was effective ..., while in the second study (241) THC-CBD
    was not effective for pain': each result takes its own study's number, not the first number after it."""
    from types import SimpleNamespace

    from pipelines.lib.evidence_rows import statement_citations
    from pipelines.reading.citations import find_citations

    text = "In one of those studies (240), THC-CBD was effective for pain, while in the second study (241) THC-CBD was not effective for pain."
    marks = find_citations(text, 300)
    first, second = text.index("pain"), text.rindex("pain")
    assert statement_citations(SimpleNamespace(outcome_start=first, outcome_end=first + 4), marks, (), text) == (240,)
    assert statement_citations(SimpleNamespace(outcome_start=second, outcome_end=second + 4), marks, (), text) == (241,)


def test_the_authors_own_sentences_take_no_neighbours_citation(vocabulary):
    # a present-tense description in a paragraph that cites sentence by sentence: neither the citation before it nor after
    rows = rows_for("Gabapentin reduced anxiety in several trials [61]. Gabapentin has similar adverse effects as pregabalin, "
                    "including sedation and weight gain. Pregabalin reduced anxiety [64].", vocabulary)
    assert ("gabapentin", "anxiety symptoms", "decrease", 61) in rows
    assert not [r for r in rows if r[1] == "adverse events" and r[3] is not None]
    # "Overall, ..." sums up: the next sentence's citation is about another drug
    rows = rows_for("Mirtazapine improved anxiety in one trial [29]. Overall, the evidence has suggested that mirtazapine may "
                    "improve anxiety. Bupropion reduced depressive symptoms [31].", vocabulary)
    assert ("mirtazapine", "anxiety symptoms", "decrease", 29) in rows
    assert not [r for r in rows if r[0] == "mirtazapine" and r[3] == 31]


def trial_rows(discussion: str, vocabulary, title: str = "Sertraline versus placebo for insomnia: a randomised controlled trial"):
    """Rows of a small randomised trial report whose discussion is the given text."""
    refs = "\n".join(f"{n}. Doe J. Title {n}. J Test. 2020;1:{n}-{n + 1}." for n in range(1, 50))
    text = (f"# {title}\n\n## Methods\n\n"
            "Participants were randomly assigned to the sertraline group or the placebo group.\n\n"
            "## Results\n\nInsomnia severity was lower in the sertraline group than in the placebo group (p = 0.01).\n\n"
            f"## Discussion\n\n{discussion}\n\n## References\n\n{refs}\n")
    review = parse_review("t", text)
    ids = {n: f"ref{n}" for n in range(1, 50)}
    return [(r["intervention"], r["outcome"], r["direction"], r["reference_number"]) for r in review_evidence_rows(review, vocabulary, ids)]


def test_a_trial_discussion_cites_others_to_compare_not_as_the_source_of_its_own_result(vocabulary):
    rows = trial_rows("Sertraline also reduced depressive symptoms, in line with Smith [45].", vocabulary)
    assert ("sertraline", "depressive symptoms", "decrease", None) in rows
    assert not [r for r in rows if r[3] == 45]
    # a sentence that says it reports other work keeps its citation
    rows = trial_rows("Previous trials have shown that sertraline reduced depressive symptoms [45].", vocabulary)
    assert ("sertraline", "depressive symptoms", "decrease", 45) in rows


def test_each_treatment_of_a_list_keeps_the_mark_it_carries(vocabulary):
    rows = rows_for("Psychotherapies such as cognitive behavioral therapy (37) and mindfulness therapy (38) have been "
                    "associated with reduced relapse in depression.", vocabulary)
    assert ("cognitive behavioural therapy", "relapse", "decrease", 37) in rows
    assert not [r for r in rows if r[0] == "cognitive behavioural therapy" and r[3] == 38]
    assert {r[3] for r in rows if r[0] != "cognitive behavioural therapy"} == {38}

    # a review of randomised trials reports no trial of its own: its discussion cites as reviews do
    rows = trial_rows("Sertraline also reduced depressive symptoms, in line with Smith [45].", vocabulary,
                      title="Sertraline for insomnia: a systematic review and meta-analysis of randomised controlled trials")
    assert ("sertraline", "depressive symptoms", "decrease", 45) in rows


def test_a_trial_result_that_judges_a_symptom_scale_lowers_it(vocabulary):
    rows = trial_rows("Sertraline was significantly more effective than placebo on the HAM-D total score (p = 0.01).", vocabulary)
    assert ("sertraline", "depressive symptoms", "decrease", None) in rows
    assert not [r for r in rows if r[2] == "increase"]
    rows = trial_rows("Sleep quality was significantly better with sertraline than with placebo (p = 0.02).", vocabulary)
    assert ("sertraline", "sleep quality", "increase", None) in rows
    # the trial reader's own row: a greater improvement in a symptom scale lowers it
    rows = trial_rows("Improvement in YMRS total score was significantly greater in the sertraline group than in the placebo "
                      "group (p < 0.001).", vocabulary)
    assert ("sertraline", "ymrs total score", "decrease", None) in rows
    assert not [r for r in rows if r[2] == "increase"]
    # an outcome the vocabulary does not list that is bad by its head word ("nasal symptoms") goes down too
    rows = trial_rows("The improvement of nasal symptoms in the sertraline group was significantly higher than in the placebo group "
                      "(p < 0.001).", vocabulary)
    assert [r for r in rows if r[0] == "sertraline" and "nasal symptoms" in r[1] and r[2] == "decrease"]
    assert not [r for r in rows if "nasal symptoms" in r[1] and r[2] == "increase"]
