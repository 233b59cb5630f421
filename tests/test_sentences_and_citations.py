from pipelines.reading.citations import expand_numbers, find_citations
from pipelines.reading.sentences import split_sentences


def split(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Fuchs et al. found it, e.g. in rats. Smith J. R. agreed. Next one."
    assert split(text) == ["Fuchs et al. found it, e.g. in rats.", "Smith J. R. agreed.", "Next one."]


def test_citation_after_the_period_stays_with_its_sentence():
    assert split("BDNF rises.[4] Next sentence [5].") == ["BDNF rises.[4]", "Next sentence [5]."]


def test_decimals_and_brackets_do_not_split():
    assert split("The effect was 0.5 (95% CI 0.2. to 0.8) overall. Then more.") == [
        "The effect was 0.5 (95% CI 0.2. to 0.8) overall.",
        "Then more.",
    ]


def test_citation_forms_expand():
    assert expand_numbers("2, 5–7") == (2, 5, 6, 7)
    assert expand_numbers("29,31-34") == (29, 31, 32, 33, 34)
    assert expand_numbers("7-5") == (7, 5)
    marks = find_citations("A [4]. B [2,3]. C [5-7]. D word[26].")
    assert [m.numbers for m in marks] == [(4,), (2, 3), (5, 6, 7), (26,)]


def test_parenthesised_numbers_are_citations_only_when_they_resolve():
    text = "Ketamine helps (4) in trials (n = 40) since (2019) and (3, 5)."
    assert [m.numbers for m in find_citations(text, n_references=10)] == [(4,), (3, 5)]
    assert find_citations(text) == []


def test_superscripts_flattened_onto_a_word_are_citations_but_names_with_digits_are_not():
    text = "tDCS enhanced extinction in healthy volunteers13 but not in CA3 neurons, IL6 or mGluR5 signalling, nor in covid19 cohorts."
    assert [(m.text, m.numbers) for m in find_citations(text, n_references=20)] == [("13", (13,))]
    assert find_citations("volunteers13 but", n_references=5) == []  # 13 resolves to no reference


def test_citations_introduced_by_ref_or_see():
    marks = find_citations("a [Ref. 7] b (refs. 8, 9) c [refs 3-5] d (see 4)", n_references=10)
    assert [m.numbers for m in marks] == [(7,), (8, 9), (3, 4, 5), (4,)]


def test_units_and_slashes_end_sentences_but_initials_do_not():
    assert split("CRP exceeded 5 mg/L.[5] Tocilizumab failed. The dose was 20 mg. Patients improved. Smith J. R. agreed.") == [
        "CRP exceeded 5 mg/L.[5]", "Tocilizumab failed.", "The dose was 20 mg.", "Patients improved.", "Smith J. R. agreed."
    ]


def test_a_squared_statistic_is_not_reference_2():
    """cai2025 (a real meta-analysis, PDF): the converter wrote I² as 'I[2]'."""
    assert find_citations("with considerable heterogeneity identified (I[2] = 81.90%, Q = 110.47, p < 0.01).", 92) == []
    assert [m.numbers for m in find_citations("R[2] = 0.31, as before [2].", 92)] == [(2,)]
