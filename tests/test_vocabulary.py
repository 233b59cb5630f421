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
    from pipelines.lib.vocabulary import defined_only

    for kind in ("intervention", "outcome", "condition"):
        for term, synonyms in vocabulary.entries(kind):
            for surface in synonyms:
                if defined_only(surface, term):
                    continue  # matched only where the document defines it (next tests)
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


def test_parents_exist_and_roll_up_without_cycles(vocabulary):
    for kind in ("intervention", "outcome", "condition"):
        terms = vocabulary.by_name(kind)
        for name, term in terms.items():
            seen = {name}
            parent = term.parent
            while parent:
                assert parent in terms, (kind, name, parent)
                assert parent not in seen, (kind, name, "cycle")
                seen.add(parent)
                parent = terms[parent].parent
    chain, term = [], vocabulary.by_name("intervention")["fluoxetine"]
    while term is not None:
        chain.append(term.name)
        term = vocabulary.by_name("intervention").get(term.parent) if term.parent else None
    assert chain == ["fluoxetine", "SSRIs", "antidepressants"]


def test_no_surface_form_names_two_terms(vocabulary):
    owners: dict[str, set[str]] = {}
    for kind in ("intervention", "outcome", "condition", "control"):
        for term, synonyms in vocabulary.entries(kind):
            for surface in synonyms:
                owners.setdefault(surface.lower(), set()).add(f"{kind}:{term.name}")
    clashes = {s: o for s, o in owners.items() if len(o) > 1}
    assert clashes == {}


def test_issue_vocabulary_is_covered(vocabulary):
    interventions = {n.lower() for n in vocabulary.by_name("intervention")}
    for name in ["ssris", "fluoxetine", "sertraline", "escitalopram", "snris", "tricyclic antidepressants", "maois", "bupropion", "mirtazapine",
                 "vortioxetine", "lithium", "antipsychotic augmentation", "benzodiazepines", "ketamine", "esketamine", "psilocybin", "lsd", "mdma",
                 "psychedelics", "cognitive behavioural therapy", "internet-delivered cbt", "computerized cbt", "group cbt", "behavioural activation",
                 "acceptance and commitment therapy", "dialectical behaviour therapy", "interpersonal therapy", "psychodynamic therapy",
                 "problem-solving therapy", "exposure therapy", "emdr", "mbct", "mbsr", "psychoeducation", "aerobic exercise", "resistance exercise",
                 "yoga", "tai chi", "sleep", "sleep deprivation", "cbt for insomnia", "bright light therapy", "omega-3 fatty acids", "probiotics",
                 "mediterranean diet", "vitamin d", "rtms", "tdcs", "ect", "magnetic seizure therapy", "vns", "dbs", "neurofeedback",
                 "digital therapeutics", "mental health apps", "brain training", "virtual reality"]:
        assert name in interventions, name
    outcomes = {n.lower() for n in vocabulary.by_name("outcome")}
    for name in ["bdnf", "neurogenesis", "synaptic plasticity", "synaptogenesis", "dendritic spine density", "hippocampal volume", "grey matter volume",
                 "functional connectivity", "prefrontal activity", "amygdala activity", "cortisol", "hpa axis activity", "il-6", "crp", "tnf-α",
                 "oxidative stress", "glutamate", "monoamines", "depressive symptoms", "anxiety symptoms", "worry", "suicidal ideation",
                 "treatment response", "remission", "relapse", "readmission", "quality of life", "cognition", "cognitive flexibility",
                 "emotional regulation", "stress resilience", "sleep quality"]:
        assert name in outcomes, name
    conditions = {n.lower() for n in vocabulary.by_name("condition")}
    for name in ["depression", "major depressive disorder", "treatment-resistant depression", "bipolar depression", "seasonal affective disorder",
                 "anxiety disorders", "generalized anxiety disorder", "panic disorder", "social anxiety disorder", "ptsd", "ocd", "insomnia"]:
        assert name in conditions, name


def test_a_term_listed_twice_is_a_clear_error(tmp_path):
    for stem, header in (("interventions", "intervention,intervention_class,parent,synonyms"), ("outcomes", "outcome,outcome_domain,parent,polarity,synonyms"),
                         ("conditions", "condition,parent,symptom_outcome,synonyms"), ("cues", "cue,role,part_of_speech")):
        (tmp_path / f"{stem}.csv").write_text(header + "\n", encoding="utf-8")
    (tmp_path / "interventions.csv").write_text(
        "intervention,intervention_class,parent,synonyms\nyoga,lifestyle,,hatha yoga\ntai chi,lifestyle,,\nyoga,lifestyle,,yoga practice\n", encoding="utf-8"
    )
    with pytest.raises(VocabularyError, match="interventions.csv, line 4: 'yoga' is already listed on line 2"):
        load_vocabulary(tmp_path)


def test_a_documents_abbreviations_match_as_a_full_recompile_would(vocabulary):
    """with_extra shares the compiled vocabulary and adds only the document's forms; it must find what
    compiling everything again with those forms finds, a listed form keeping its higher-priority kind."""
    from pipelines.lib.vocabulary import Vocabulary

    rtms = vocabulary.by_name("intervention")["rTMS"]
    depression = vocabulary.by_name("outcome")["depressive symptoms"]
    extra = {"XRTM": rtms, "QDS": depression, "SSRI": depression}  # SSRI is listed as an intervention already
    text = "XRTM and SSRIs reduced QDS scores, and XRTM was safe; xrtm in lower case is no abbreviation."
    shared = vocabulary.with_extra(extra).find(text)
    recompiled = Vocabulary(terms=vocabulary.terms).compile(extra_surfaces=extra).find(text)
    assert [(m.start, m.end, m.term) for m in shared] == [(m.start, m.end, m.term) for m in recompiled]
    assert [m.text for m in shared if m.term == rtms] == ["XRTM", "XRTM"]
    assert vocabulary.find(text) != shared  # the base vocabulary is left as it was


def test_bare_two_letter_abbreviations_need_the_document_to_define_them(vocabulary):
    from pipelines.lib.abbreviations import learn_abbreviations

    assert not [m for m in vocabulary.find("Activity in Brodmann area 25 (BA 25) fell after MI.") if m.kind == "intervention"]
    texts = ["Behavioural activation (BA) reduced depressive symptoms.", "BA also improved mood."]
    learned = {k: t for k, t in learn_abbreviations(texts, vocabulary).items() if k not in vocabulary.surfaces()}
    found = vocabulary.with_extra(learned).find(texts[1])
    assert [(m.text, m.term.name) for m in found if m.kind == "intervention"] == [("BA", "behavioural activation")]


def test_a_documents_own_definition_overrides_the_vocabularys_sense_of_the_letters(vocabulary):
    """garakani2020 defines SAD as social anxiety disorder; the vocabulary's SAD is seasonal affective disorder."""
    from types import SimpleNamespace

    from pipelines.lib.evidence_rows import document_vocabulary

    texts = ["Social anxiety disorder (SAD) is common.", "Pregabalin showed efficacy in SAD."]
    document = document_vocabulary(SimpleNamespace(sentences=[SimpleNamespace(text=t) for t in texts]), vocabulary)
    sad = [m.term.name for m in document.find(texts[1]) if m.text == "SAD"]
    assert sad == ["social anxiety disorder"]
    assert [m.term.name for m in vocabulary.find(texts[1]) if m.text == "SAD"] == ["seasonal affective disorder"]
