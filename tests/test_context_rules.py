"""The vocabulary extractor's context rules (rules/extraction_context.yaml): each rule's examples,
as the extractor hands text to it, and the tie between the file and the code that names its rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipelines.evidence.context_rules import RULES_FILE, load_context_rules

RULES = load_context_rules()
ROOT = Path(__file__).resolve().parents[1]
STAGES = [ROOT / "pipelines" / "evidence" / f"{name}.py" for name in ("mentions", "relations", "normalisation", "sentence_reader")]
USERS = [*STAGES, ROOT / "pipelines" / "lib" / "evidence_rows.py"]  # the rows step reads the citation-mark rules


def _stage_sources() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in USERS)


def _cases():
    for rule in RULES.rules:
        for text in rule.examples:
            yield pytest.param(rule, text, True, id=f"{rule.rule_id}:{text[:40]}")
        for text in rule.counter_examples:
            yield pytest.param(rule, text, False, id=f"{rule.rule_id}:not:{text[:40]}")


@pytest.mark.parametrize(("rule", "text", "fires"), list(_cases()))
def test_rule_examples(rule, text, fires):
    assert rule.fires(text) is fires


def test_every_rule_has_an_example_and_a_text_it_leaves_alone():
    assert [r.rule_id for r in RULES.rules if not r.examples] == []
    assert [r.rule_id for r in RULES.rules if not r.counter_examples] == []


def test_the_code_names_exactly_the_rules_of_the_file():
    source = _stage_sources()
    used_rules = set(re.findall(r"\bCONTEXT\.(\w+)", source))
    used_words = set(re.findall(r"\bWORDS\.(\w+)", source))
    assert used_rules == {r.rule_id for r in RULES.rules}
    assert used_words == set(vars(RULES.words))


def test_the_extractor_stages_spell_no_pattern_of_their_own():
    source = _stage_sources()
    assert not re.search(r"(?<![\w.])re\.(?:compile|search|match|fullmatch|finditer|findall|sub)\(", source)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["rules"][0].update(category="anywhere"), "category must be one of"),
    (lambda d: d["rules"][0].update(pattern="(unclosed"), "does not compile"),
    (lambda d: d["rules"].append(dict(d["rules"][0])), "unique"),
    (lambda d: d["word_lists"].update(broken=["a", "b"]), "needs a kind"),
])
def test_a_broken_rule_file_says_what_is_wrong(tmp_path, edit, message):
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    edit(data)
    broken = tmp_path / "extraction_context.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_context_rules(broken)


def test_each_extractor_stage_stays_readable():
    assert {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in STAGES if len(path.read_text(encoding="utf-8").splitlines()) > 400} == {}
