"""The trial-results reader: every example of its rule file, and its sentence cases through the whole reader."""

from __future__ import annotations

import pytest

from pipelines.evidence.trial_results import Arms, article_arms, load_trial_rules, read_trial_sentence

RULES = load_trial_rules()
SIGNIFICANCE = [(name, entry) for name, entry in RULES.raw["significance"].items()]


@pytest.mark.parametrize(("name", "entry"), SIGNIFICANCE, ids=[n for n, _ in SIGNIFICANCE])
def test_significance_examples(name, entry):
    pattern = RULES.significant if name == "significant" else RULES.not_significant
    assert all(pattern.search(text) for text in entry["examples"])
    assert not any(pattern.search(text) for text in entry["not"])


@pytest.mark.parametrize("name", sorted(RULES.raw["structure"]))
def test_structure_pattern_examples(name):
    """The patterns that cut clauses, recognise a trial, read titles, p values and lists: their examples match, their counter-examples do not."""
    entry, pattern = RULES.raw["structure"][name], RULES.structure[name]
    assert all(pattern.search(text) for text in entry["examples"]), name
    assert not any(pattern.search(text) for text in entry["not"]), name


@pytest.mark.parametrize("rule", RULES.raw["outcome_patterns"], ids=[o["id"] for o in RULES.raw["outcome_patterns"]])
def test_outcome_pattern_examples(rule):
    pattern = dict(RULES.outcome_patterns)[rule["id"]]
    for text, outcome in rule["examples"]:
        found = pattern.search(text)
        assert found and found.group("outcome").strip() == outcome


@pytest.mark.parametrize("case", RULES.raw["cases"], ids=[c["sentence"][:50] for c in RULES.raw["cases"]])
def test_sentence_cases(case):
    names = [a.lower() for a in case["arms"]]
    arms = Arms(tuple(n for n in names if not RULES.control.search(n)), tuple(n for n in names if RULES.control.search(n)))
    got = [[r.intervention, r.outcome.lower(), r.direction, r.comparator] for r in read_trial_sentence(case["sentence"], arms)]
    assert got == case["rows"]


def test_arms_are_learned_from_the_article():
    texts = [
        "Patients were randomised to the valerian group or the placebo group.",
        "In the valerian group, 40% slept better; in the placebo group, 38%.",
        "Both groups completed the diary. The valerian group reported fewer awakenings.",
    ]
    arms = article_arms(texts)
    assert arms.main == "valerian" and arms.control == "placebo"


def test_letter_groups_and_generic_arms():
    arms = article_arms(["Group A received ketamine.", "Group B received midazolam.", "Group A and group B were similar at baseline."])
    assert set(arms.treatments) >= {"group a", "group b"}
    generic = Arms(("ketamine",), ("placebo",))
    rows = read_trial_sentence("Depression scores were significantly lower in the intervention group than in the control group (p = 0.006).", generic)
    assert [(r.intervention, r.direction, r.comparator) for r in rows] == [("ketamine", "decrease", "placebo")]


def test_a_clause_without_statistics_or_significance_gives_nothing():
    arms = Arms(("ketamine",), ("placebo",))
    assert read_trial_sentence("Depression scores were lower in the ketamine group than in the placebo group.", arms) == []


def test_table_dumps_are_not_read():
    arms = Arms(("ketamine",), ("placebo",))
    assert read_trial_sentence("p < 0.01 " * 2000, arms) == []


def test_this_difference_points_back_to_the_paragraphs_outcome():
    arms = Arms(("valerian",), ("placebo",))
    rows = read_trial_sentence("This difference was not statistically significant (p = 0.08).", arms, previous_outcome="sleep quality")
    assert [(r.intervention, r.outcome, r.direction, r.comparator) for r in rows] == [("valerian", "sleep quality", "no_effect", "placebo")]
    assert read_trial_sentence("This difference was not statistically significant (p = 0.08).", arms) == []


def test_lettered_arms_are_named_by_what_the_article_says_they_are():
    texts = [
        "Patients were randomised to a treatment mechanical pump (Group M) or to a control group (Group C).",
        "The M group received the pump and the C group did not.",
        "The total administered dosage of ephedrine was significantly lower in the M group (median 4.1 mg vs. 17.1 mg, p = 0.001).",
    ]
    arms = article_arms(texts)
    assert "group m" in arms.treatments
    rows = read_trial_sentence(texts[2], arms)
    assert [(r.intervention, r.outcome, r.direction) for r in rows] == [("treatment mechanical pump (group M)", "administered dosage of ephedrine", "decrease")]


def test_subgroup_examples_and_rows():
    entry = RULES.raw["subgroup"]
    for text, subgroup in entry["examples"]:
        assert RULES.subgroup.match(text).group("subgroup") == subgroup
    assert not any(RULES.subgroup.match(text) for text in entry["not"])
    arms = Arms(("ketamine",), ("placebo",))
    rows = read_trial_sentence("In patients with severe depression, remission was higher with ketamine than with placebo (p = 0.01).", arms)
    assert [(r.intervention, r.direction, r.subgroup) for r in rows] == [("ketamine", "increase", "patients with severe depression")]
    whole = read_trial_sentence("Remission was higher with ketamine than with placebo (p = 0.01).", arms)
    assert [r.subgroup for r in whole] == [None]
