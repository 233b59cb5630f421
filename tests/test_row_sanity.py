"""The last check on every evidence row (pipelines/evidence/rules/row_sanity.yaml): its examples are
caught, its counter-examples pass, and a broken rule file is named before a build starts."""

from __future__ import annotations

import pytest

from pipelines.evidence.row_sanity import RULES_FILE, intervention_problem, load_row_sanity_rules, outcome_problem

RULES = load_row_sanity_rules()


@pytest.mark.parametrize("text", RULES.raw["not_outcomes"]["examples"])
def test_outcomes_that_name_no_outcome_are_caught(text):
    assert outcome_problem(text)


@pytest.mark.parametrize("text", RULES.raw["not_outcomes"]["not"])
def test_real_outcomes_pass(text):
    assert outcome_problem(text) is None


def test_interventions():
    assert all(intervention_problem(t) for t in RULES.raw["not_interventions"]["examples"])
    assert not any(intervention_problem(t) for t in RULES.raw["not_interventions"]["not"])


def test_a_rule_file_with_a_boolean_for_a_word_is_refused(tmp_path):
    broken = tmp_path / "row_sanity.yaml"
    broken.write_text(RULES_FILE.read_text(encoding="utf-8").replace("words: [the, a, an,", "words: [no, the, a, an,"), encoding="utf-8")
    with pytest.raises(ValueError, match="not words"):
        load_row_sanity_rules(broken)

