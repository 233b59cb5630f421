"""The literal prefilter may only skip texts a pattern cannot match: checked on every rule file's
patterns against every example and sentence the tests hold, and on patterns built to trap it."""

import re
from pathlib import Path

import pytest

from pipelines.evidence.context_rules import load_context_rules
from pipelines.evidence.literal_prefilter import LiteralIndex, may_match, required_literals
from pipelines.evidence.roles import _folded, load_role_rules

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bwe (?:recommend|suggest)\b", {"recommend", "suggest"}),  # the longer of "we " and the branch
        (r"\b(?:lack|absence)\sof\s(?:data|evidence)\b", {"absence", "lack"}),  # the rarer words win over " of "
        (r"^to (?:examine|assess)\b", None),  # anchored: the engine tries it once anyway
        (r"\bp\s?[<=]", None),  # "p" alone is in every sentence
        (r"(?:foo)?bar", {"bar"}),  # an optional part requires nothing
        (r"(?:abc|)def", {"def"}),
        (r"(?:abc|x?)", None),  # a branch that can match the empty string
        (r"(?i)\bSerotonin\b", {"serotonin"}),  # case-insensitive: compared lower-cased
        (r"\b(?i:serotonin) syndrome\b", {" syndrome"}),  # an inline (?i:...) is not literal in a case-sensitive pattern
        (r"(?:the|our|its) aims?\b", {" aim"}),  # common words filter little
    ],
)
def test_required_literals(pattern, expected):
    found = required_literals(re.compile(pattern))
    assert (set(found) if found is not None else None) == expected


def test_case_insensitive_filter_lets_non_ascii_text_through():
    literals = required_literals(re.compile(r"(?i)\bkelvin\b"))
    assert not may_match(literals, "degrees", fold_case=True)
    assert may_match(literals, "\u212aelvin", fold_case=True)  # the Kelvin sign folds onto k: not filtered
    assert re.search(r"(?i)\bkelvin\b", "\u212aelvin")


def test_literal_index_reports_each_rules_first_literal_end():
    index = LiteralIndex([frozenset({"alpha", "beta"}), None, frozenset({"gamma"})])
    assert index.earliest_ends("beta then alpha") == {0: 4}
    assert index.earliest_ends("nothing here") == {}


def _texts() -> list[str]:
    """Every example of the rule files and every sentence of the test fixtures' Markdown articles."""
    texts = []
    for rule in load_context_rules().rules:
        texts += list(rule.examples) + list(rule.counter_examples) + [rule.written_for]
    for rule in load_role_rules().rules:
        texts += list(rule.examples) + list(rule.counter_examples)
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.md"))[:60]:
        texts += [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return texts


def test_no_rule_is_skipped_on_a_text_it_matches():
    texts = _texts()
    assert len(texts) > 1000
    checked = 0
    for rule in load_context_rules().rules:
        fold = bool(rule.pattern.flags & re.IGNORECASE)
        for text in texts:
            if rule.pattern.search(text):
                checked += 1
                assert may_match(rule.literals, text, fold), (rule.rule_id, text)
    roles = load_role_rules()
    for text in texts:
        head = _folded(text)
        present = roles.literal_index.earliest_ends(head)
        for index, rule in enumerate(roles.rules):
            if rule.pattern.search(head):
                checked += 1
                assert rule.literals is None or index in present, (rule.rule_id, text)
    assert checked > 500


def test_a_search_from_a_position_reads_the_text_after_it():
    """search(text, pos) looks at text[pos:], search(text, pos, end) at text[pos:end]: the filter must too."""
    from pipelines.evidence.context_rules import ContextRule

    rule = ContextRule("t", "wording", "search", re.compile(r"\bsuperior to\b"))
    text = "Drug A was superior to placebo."
    assert rule.literals == {"superior to"}
    assert rule.search(text, 5) is not None
    assert rule.search(text, 5, 15) is None
    assert rule.search(text, 0, len(text)) is not None
