import pytest

from pipelines.lib.vocabulary import VocabularyError, inflections, load_vocabulary, variants


def names(vocabulary, text):
    return [(m.kind, m.term.name) for m in vocabulary.find(text)]


def test_longest_match_and_spelling_variants(vocabulary):
    found = names(vocabulary, "cognitive-behavioral therapy and mindfulness-based cognitive therapy")
    assert found == [("intervention", "cognitive behavioural therapy"), ("intervention", "MBCT")]


def test_capital_abbreviations_match_only_in_capitals(vocabulary):
    assert ("intervention", "acceptance and commitment therapy") in names(vocabulary, "ACT reduced worry")
    assert ("intervention", "acceptance and commitment therapy") not in names(vocabulary, "they act quickly")


def test_word_boundaries(vocabulary):
    assert ("intervention", "exercise") not in names(vocabulary, "nonexercise groups")
    assert ("intervention", "exercise") in names(vocabulary, "(exercise)")


def test_every_listed_surface_is_found_as_its_own_term(vocabulary):
    for kind in ("intervention", "outcome", "condition"):
        for term, synonyms in vocabulary.entries(kind):
            for surface in synonyms:
                mentions = vocabulary.find(f"x {surface} x")
                assert any(m.term.name == term.name for m in mentions) or any(
                    m.start <= 2 and m.end >= 2 + len(surface) for m in mentions
                ), (kind, term.name, surface)


def test_generated_forms():
    assert {"aids in", "aided in", "aiding in"} <= inflections("aid in")
    assert {"reduces", "reduced", "reducing"} <= inflections("reduce")
    assert "behavioral activation" in variants("behavioural activation")


def test_missing_column_is_a_clear_error(tmp_path):
    for stem in ("interventions", "outcomes", "conditions", "cues"):
        (tmp_path / f"{stem}.csv").write_text("name,x\na,b\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="interventions.csv: the header must have a 'intervention' column"):
        load_vocabulary(tmp_path)
