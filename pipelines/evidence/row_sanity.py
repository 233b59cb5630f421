"""The last check on a row, whichever reader made it: an outcome that names a statistic, a design
feature or nothing, or an intervention that names no treatment, makes no row
(rules/row_sanity.yaml). Words are compared with the whole phrase, never a part of it, so "mean"
goes but "mean arterial pressure" stays."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules") / "row_sanity.yaml"
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)


@dataclass(frozen=True)
class RowSanityRules:
    not_outcomes: dict[str, frozenset[str]]
    outcome_patterns: dict[str, re.Pattern]  # value_tail, dangling_adjective ...: matched against the phrase
    not_interventions: frozenset[str]
    not_intervention_pattern: re.Pattern
    raw: dict


def _phrase(text: str) -> str:
    return _LEADING_ARTICLE.sub("", re.sub(r"\s+", " ", text.strip().lower()))


@lru_cache(maxsize=2)
def load_row_sanity_rules(path: Path = RULES_FILE) -> RowSanityRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    outcomes = {name: entry for name, entry in data["not_outcomes"].items() if isinstance(entry, dict) and "words" in entry}
    for name, entry in [*outcomes.items(), ("not_interventions", data["not_interventions"])]:
        odd = [w for w in entry["words"] if not isinstance(w, str)]
        if odd:  # YAML reads a bare no, yes, on or off as a boolean: quote it
            raise ValueError(f"{path.name}: {name} has entries that are not words: {odd!r}")
    return RowSanityRules(
        not_outcomes={name: frozenset(w.lower() for w in entry["words"]) for name, entry in outcomes.items()},
        outcome_patterns={name: re.compile(entry["pattern"], re.IGNORECASE)
                          for name, entry in data["not_outcomes"].items() if isinstance(entry, dict) and "pattern" in entry},
        not_interventions=frozenset(w.lower() for w in data["not_interventions"]["words"]),
        not_intervention_pattern=re.compile(data["not_interventions"]["pattern"], re.IGNORECASE),
        raw=data,
    )


def outcome_problem(outcome_text: str, rules: RowSanityRules | None = None) -> str | None:
    """The rule an outcome breaks ('row_sanity.statistics'), or None when it may name an outcome."""
    rules = rules or load_row_sanity_rules()
    phrase = _phrase(outcome_text)
    if not phrase:
        return "row_sanity.empty"
    acronym = outcome_text.strip().isupper() and len(outcome_text.strip()) > 1  # "AN" is anorexia nervosa, not an article
    for name, words in rules.not_outcomes.items():
        if (phrase in words or outcome_text.strip().lower() in words) and not (acronym and name == "empty"):
            return f"row_sanity.{name}"
    return next((f"row_sanity.{name}" for name, pattern in rules.outcome_patterns.items() if pattern.search(phrase)), None)


def intervention_problem(intervention_text: str, rules: RowSanityRules | None = None) -> str | None:
    rules = rules or load_row_sanity_rules()
    phrase = _phrase(intervention_text)
    return "row_sanity.not_intervention" if phrase in rules.not_interventions or rules.not_intervention_pattern.match(phrase) else None
