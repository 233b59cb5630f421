"""The finding gate: every role rule's own examples, section defaults, and the gate in the extractor."""

from __future__ import annotations

import pytest

from pipelines.evidence.roles import abstract_label_role, in_scope, load_role_rules, sentence_role

RULES = load_role_rules()


def _cases():
    for rule in RULES.rules:
        for text in rule.examples:
            yield pytest.param(rule.rule_id, rule.role, text, True, id=f"{rule.rule_id}:{text[:40]}")
        for text in rule.counter_examples:
            yield pytest.param(rule.rule_id, rule.role, text, False, id=f"{rule.rule_id}:not:{text[:40]}")


@pytest.mark.parametrize(("rule_id", "role", "text", "applies"), list(_cases()))
def test_rule_examples(rule_id, role, text, applies):
    got_role, got_rule = sentence_role(text, "Results", "body", cited=False)
    if applies:
        assert (got_role, got_rule) == (role, rule_id)
    else:
        assert got_rule != rule_id


def test_every_rule_has_examples_and_counter_examples():
    assert all(rule.examples and rule.counter_examples for rule in RULES.rules)
    assert len({r.rule_id for r in RULES.rules}) == len(RULES.rules)


@pytest.mark.parametrize(("kind", "cited", "role"), [
    ("results", False, "finding"), ("discussion", True, "claim"), ("introduction", False, "background"),
    ("introduction", True, "claim"), ("methods", True, "method"), ("body", True, "claim"), (None, False, "claim"),
])
def test_section_defaults(kind, cited, role):
    assert sentence_role("Ketamine acts on glutamate signalling in the prefrontal cortex.", "X", kind, cited)[0] == role


def test_methods_section_reports_no_finding_whatever_its_wording():
    text = "Group differences were significant if p < 0.05."
    assert sentence_role(text, "Statistical analysis", "methods", False)[0] == "method"
    assert sentence_role(text, "Results", "results", False)[0] == "finding"


@pytest.mark.parametrize(("label", "role"), [
    ("Abstract: Objective", "aim"), ("Abstract: Methods and Findings", "finding"), ("Abstract: Background", "background"),
    ("Abstract: Conclusions", "claim"), ("Abstract: Design, setting and participants", "method"), ("Abstract: Interpretation", "claim"),
])
def test_structured_abstract_labels(label, role):
    assert abstract_label_role(label) == role
    assert sentence_role("Ketamine acts on glutamate signalling.", label, "abstract", False)[0] == role


def test_long_table_dumps_are_read_by_their_head_only():
    text = "We searched PubMed. " + "x " * 100_000
    assert sentence_role(text, None, "body", False)[0] == "method"


def test_a_rule_file_that_does_not_load_is_one_clear_line(tmp_path, monkeypatch):
    from pipelines.evidence import rule_files

    assert rule_files.rule_file_problems() == []
    broken = tmp_path / "trial_results.yaml"
    broken.write_text(rule_files.TRIAL_RULES.read_text(encoding="utf-8").replace('"no", not,', "no, not,"), encoding="utf-8")
    monkeypatch.setattr(rule_files, "TRIAL_RULES", broken)
    problems = rule_files.rule_file_problems()
    assert len(problems) == 1 and "trial_results.yaml" in problems[0] and "not words" in problems[0] and "\n" not in problems[0]


def _citation_scope_cases():
    """own_voice and present_description: sentences that take no neighbour's citation, with their examples."""
    for name, (_, examples, counter) in RULES.citation_scope.items():
        yield from (pytest.param(name, text, True, id=f"{name}:{text[:40]}") for text in examples)
        yield from (pytest.param(name, text, False, id=f"{name}:not:{text[:40]}") for text in counter)


def test_every_citation_scope_is_loaded():
    assert set(RULES.citation_scope) == {"own_voice", "present_description", "attributed"}


@pytest.mark.parametrize(("name", "text", "applies"), list(_citation_scope_cases()))
def test_citation_scope_examples(name, text, applies):
    assert in_scope(name, text) is applies


def test_runs_of_whitespace_in_pdf_text_read_as_one_space():
    """chen2025 (PDF): "This effect may be partially attributed  to ..." has two spaces where the rule writes one."""
    assert sentence_role("This effect may be partially attributed  to the ability of CBT-I to address depression.", "Discussion", "discussion", False)[0] == "other"


@pytest.mark.parametrize(("text", "legend"), [
    ("PHQ Patient Health Questionnaire, QIDS Quick Inventory of Depressive Symptomatology, nr not reported, S sleep, "
     "PA physical activity, CR circadian rhythm, So sociability, L location, PU phone use, SC skin conductance.", True),
    ("HAM-D Hamilton Depression Rating Scale; MADRS Montgomery-Asberg Depression Rating Scale; CI confidence interval; "
     "SMD standardised mean difference; RR risk ratio", True),
    ("CBT reduced anxiety, IPT reduced depression, ACT improved flexibility and MBCT prevented relapse (4, 5).", False),
    ("SSRIs, SNRIs, TCAs, MAOIs and benzodiazepines reduced anxiety symptoms (12).", False),
])
def test_abbreviation_legends_state_nothing(text, legend):
    from pipelines.evidence.roles import abbreviation_legend

    assert abbreviation_legend(text) is legend
    assert (sentence_role(text, "Results", "results", cited=False)[1] == "other.abbreviation_legend") is legend
