"""Answering Evidence Inference prompts with evidence rows, and the macro F1 the benchmark prints."""

from __future__ import annotations

import pytest

from pipelines.evidence.prompt_scoring import Prompt, answer, content_words, majority_labels, score_prompts


def _row(intervention, outcome, direction, comparator=None, kind="finding", reference=None, subgroup=None):
    return {"intervention_text": intervention, "intervention": intervention.lower(), "outcome_text": outcome, "outcome": outcome.lower(),
            "direction": direction, "comparator": comparator, "statement_kind": kind, "reference_number": reference, "subgroup": subgroup}


def _prompt(intervention, comparator, outcome, label="increase"):
    return Prompt("p1", "PMC1", intervention, comparator, outcome, label)


def test_content_words_drop_stop_words_and_plural_s():
    assert content_words("The patients in both groups: Levels of Cortisol") == {"both", "cortisol"}


def test_a_row_answers_as_written_or_the_other_way_round():
    prompt = _prompt("ketamine infusion", "midazolam", "depressive symptoms")
    assert answer(prompt, [_row("ketamine", "depressive symptoms", "decrease", "midazolam")])[0] == "decrease"
    assert answer(prompt, [_row("midazolam", "depressive symptoms", "decrease", "ketamine")])[0] == "increase"


def test_the_trials_own_finding_answers_before_a_cited_claim():
    prompt = _prompt("ketamine", "placebo", "suicidal ideation")
    cited = _row("ketamine", "suicidal ideation", "increase", "placebo", kind="claim", reference=4)
    own = _row("ketamine", "suicidal ideation", "decrease", "placebo")
    assert answer(prompt, [cited, own]) == ("decrease", own)


def test_a_change_within_one_arm_does_not_answer_a_comparison_of_two():
    prompt = _prompt("vitamin E", "placebo", "lactate dehydrogenase")
    assert answer(prompt, [_row("vitamin E", "lactate dehydrogenase", "decrease", "baseline")]) == (None, None)


def test_an_own_finding_whose_arm_the_prompt_names_otherwise_answers_as_the_tested_arm():
    prompt = _prompt("dietary nucleotides", "placebo", "diarrhoea, bloating and flatulence", "no_effect")
    brand = _row("intestaidib", "diarrhoea", "no_effect", "placebo")
    assert answer(prompt, [brand]) == ("no_effect", brand)
    # but not a cited claim, and not a row whose arm is the prompt's comparator
    assert answer(prompt, [_row("intestaidib", "diarrhoea", "no_effect", "placebo", kind="claim", reference=3)]) == (None, None)
    assert answer(prompt, [_row("placebo", "diarrhoea", "increase", "nucleotides")])[0] == "decrease"


def test_a_named_arm_outranks_an_unnamed_one():
    prompt = _prompt("vitamin C", "placebo", "creatine kinase", "decrease")
    named = _row("vitamin C", "creatine kinase", "decrease", "placebo")
    unnamed = _row("group 2", "creatine kinase", "increase", "placebo")
    assert answer(prompt, [unnamed, named]) == ("decrease", named)


def test_an_unmatched_prompt_counts_as_wrong_in_macro_f1():
    prompts = [_prompt("ketamine", "placebo", "depression", "decrease"), Prompt("p2", "PMC1", "ketamine", "placebo", "sleep", "no_effect")]
    score, answers = score_prompts(prompts, {"PMC1": [_row("ketamine", "depression", "decrease", "placebo")]})
    assert (score.prompts, score.answered, score.correct) == (2, 1, 1)
    assert score.per_class["decrease"] == (1.0, 1.0, 1.0)
    assert score.per_class["no_effect"][1] == 0.0
    assert score.macro_f1 == pytest.approx(1 / 3)
    assert answers[1][1] is None


def test_majority_labels_break_ties_by_name_and_drop_invalid_votes():
    votes = [
        {"PromptID": "1", "Label": "significantly increased", "Valid Label": "1"},
        {"PromptID": "1", "Label": "no significant difference", "Valid Label": "1"},
        {"PromptID": "2", "Label": "significantly decreased", "Valid Label": "0"},
        {"PromptID": "3", "Label": "unsure", "Valid Label": "1"},
    ]
    assert majority_labels(votes) == {"1": "increase"}
