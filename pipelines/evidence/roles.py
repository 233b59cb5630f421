"""What each sentence does in its article: finding, claim, aim, method, recommendation, background
or other. Evidence comes only from findings and claims; an aim ("to examine whether exercise
reduces anxiety") or a recommendation states no result, however its verbs read.

The rules are data (`rules/sentence_roles.yaml`): wording rules first, in file order, then the
section's default. Before them, one detector in code: an abbreviation legend, whose test is the
letters of each item rather than its words (`abbreviation_legend`). Each returns the rule id that decided, so a row can say why it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipelines.evidence.literal_prefilter import LiteralIndex, required_literals
from schemas.tables import SENTENCE_ROLES, STATEMENT_KINDS

RULES_FILE = Path(__file__).with_name("rules") / "sentence_roles.yaml"
CITATION_SCOPE = ("own_voice", "present_description", "attributed")
ROLES = tuple(SENTENCE_ROLES)
EVIDENCE_ROLES = frozenset(STATEMENT_KINDS)
MAX_SENTENCE = 3000  # longer "sentences" are table dumps; only their first characters are read


@dataclass(frozen=True)
class RoleRule:
    rule_id: str
    role: str
    pattern: re.Pattern
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    first_clause: bool = False  # the rule reads only the sentence's first clause
    unless: re.Pattern | None = None  # a pseudo-trigger: the rule does not fire where this matches the sentence
    literals: frozenset[str] | None = field(init=False, default=None)  # one must be in the text for a match

    def __post_init__(self):
        object.__setattr__(self, "literals", required_literals(self.pattern, max_literals=200))  # one automaton pass checks them all


@dataclass(frozen=True)
class RoleRules:
    version: int
    rules: tuple[RoleRule, ...]
    clause_boundary: re.Pattern
    section_defaults: dict[str, dict[str, str]]
    abstract_labels: tuple[tuple[re.Pattern, str, str], ...]  # (label, role, role when cited)
    # sentences that take no neighbour's citation, by name (own_voice, present_description): (pattern, examples, not)
    citation_scope: dict[str, tuple[re.Pattern, tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    literal_index: LiteralIndex = field(init=False)  # which rules could match a sentence, in one pass

    def __post_init__(self):
        object.__setattr__(self, "literal_index", LiteralIndex([r.literals for r in self.rules]))


@lru_cache(maxsize=4)
def load_role_rules(path: Path = RULES_FILE) -> RoleRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for raw in data["rules"]:
        if raw["role"] not in ROLES:
            raise ValueError(f"{path.name}: rule {raw['id']} has unknown role {raw['role']!r}")
        unless = _lower_case(raw["unless"], path, raw["id"]) if raw.get("unless") else None
        rules.append(RoleRule(raw["id"], raw["role"], _lower_case(raw["pattern"], path, raw["id"]),
                              tuple(raw.get("examples") or ()), tuple(raw.get("not") or ()), raw.get("scope") == "first_clause", unless))
        if raw.get("scope") not in (None, "sentence", "first_clause"):
            raise ValueError(f"{path.name}: rule {raw['id']} has unknown scope {raw['scope']!r}")
    if len({r.rule_id for r in rules}) != len(rules):
        raise ValueError(f"{path.name}: rule ids must be unique")
    sections = dict(data["sections"])
    for kind, default in sections.items():
        if kind != "abstract_labels" and not {default["default"], default.get("cited", "finding")} <= set(ROLES):
            raise ValueError(f"{path.name}: section {kind} names an unknown role")
    labels = tuple((_lower_case(item["pattern"], path, "abstract_labels"), item["role"], item.get("cited", item["role"]))
                   for item in sections.pop("abstract_labels", ()))
    scope = {name: (_lower_case(entry["pattern"], path, name), tuple(entry.get("examples") or ()), tuple(entry.get("not") or ()))
             for name in CITATION_SCOPE if (entry := data.get(name))}
    return RoleRules(int(data["version"]), tuple(rules), _lower_case(data["clause_boundary"], path, "clause_boundary"), sections, labels, scope)


def _lower_case(pattern: str, path: Path, where: str) -> re.Pattern:
    """Rules are matched against lower-cased text (twice as fast as IGNORECASE over every sentence), so a
    rule's own letters must be lower case; escapes such as \\S or \\W are not letters of the text."""
    if any(ch.isupper() for ch in re.sub(r"\\.", "", pattern)):
        raise ValueError(f"{path.name}: {where}: write the pattern in lower case (text is lower-cased before matching)")
    return re.compile(pattern)


_SPACES = re.compile(r"\s+")


def _folded(text: str) -> str:
    """Lower case with runs of whitespace as one space: PDF text keeps double spaces and line breaks
    ("may be partially attributed  to"), and the rules' patterns write one."""
    return _SPACES.sub(" ", text[:MAX_SENTENCE].strip().lower())


_LEGEND_ITEM = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]{0,7})\s+([A-Za-z][\w-]*(?:\s+[\w-]+){0,7})\s*$")
LEGEND_MIN_ITEMS = 4  # "PHQ Patient Health Questionnaire, QIDS Quick Inventory ..., nr not reported, S sleep"


def _spells(abbreviation: str, words: str) -> bool:
    """Whether the expansion's word initials (hyphenated parts too) spell the abbreviation, in order."""
    initials = "".join(part[0] for part in re.split(r"[\s-]+", words.lower()) if part)
    letters = [ch for ch in abbreviation.lower() if ch.isalpha()]
    at = 0
    for ch in letters:
        at = initials.find(ch, at) + 1
        if at == 0:
            return False
    return bool(letters) and initials[0] == letters[0]


def abbreviation_legend(text: str) -> bool:
    """A table's or figure's list of abbreviations read as a sentence: most comma-separated items are an
    abbreviation followed by the words its letters stand for. It states nothing, whatever words it holds."""
    if text.count(",") + text.count(";") < LEGEND_MIN_ITEMS - 1:
        return False
    items = [item for item in re.split(r"[,;]", text[:MAX_SENTENCE]) if item.strip()]
    needed = max(LEGEND_MIN_ITEMS, (len(items) + 1) // 2)
    spelled = missed = 0
    for item in items:
        match = _LEGEND_ITEM.match(item)
        if match and any(ch.isupper() for ch in match.group(1) + item[:2]) and _spells(match.group(1), match.group(2)):
            spelled += 1
        else:
            missed += 1
            if missed > len(items) - needed:
                return False  # too few items left to make a legend
    return spelled >= needed


def sentence_role(text: str, section: str | None, section_kind: str | None, cited: bool, rules: RoleRules | None = None) -> tuple[str, str]:
    """(role, id of the rule or section default that decided)."""
    rules = rules or load_role_rules()
    if abbreviation_legend(text):
        return "other", "other.abbreviation_legend"
    head = _folded(text)
    boundary = rules.clause_boundary.search(head)
    first = head[:boundary.start()] if boundary else head
    defaults = rules.section_defaults.get(section_kind or "none") or rules.section_defaults["none"]
    final = bool(defaults.get("final"))  # a methods section reports no result, whatever its verbs
    present = rules.literal_index.earliest_ends(head)
    for index, rule in enumerate(rules.rules):
        if final and rule.role in EVIDENCE_ROLES:
            continue
        if rule.literals is not None and present.get(index, len(head) + 1) > (len(first) if rule.first_clause else len(head)):
            continue  # a word the rule cannot match without is missing
        if rule.pattern.search(first if rule.first_clause else head) and not (rule.unless and rule.unless.search(head)):
            return rule.role, rule.rule_id
    if section_kind == "abstract" and section:
        label = abstract_label_role(section, rules, cited)
        if label:
            return label, f"section.abstract_label.{label}"
    if cited and "cited" in defaults:
        return defaults["cited"], f"section.{section_kind or 'none'}.cited"
    return defaults["default"], f"section.{section_kind or 'none'}"


def in_scope(name: str, text: str, rules: RoleRules | None = None) -> bool:
    """Whether the sentence matches a citation-scope pattern: own_voice (the article speaking of its own study,
    results or summing up), present_description (a present-tense description, the author's own summary) or
    attributed (the sentence says it reports other work)."""
    rules = rules or load_role_rules()
    entry = rules.citation_scope.get(name)
    return bool(entry and entry[0].search(_folded(text)))


def abstract_label_role(section: str, rules: RoleRules | None = None, cited: bool = False) -> str | None:
    """'Abstract: Methods and Findings' reads as findings: a label naming results wins over one naming methods."""
    rules = rules or load_role_rules()
    label = (section.split(":", 1)[1] if ":" in section else section).lower()
    found = [when_cited if cited else role for pattern, role, when_cited in rules.abstract_labels if pattern.search(label)]
    return next((r for r in found if r in EVIDENCE_ROLES), found[0] if found else None)


def review_sentence_roles(sentences) -> dict[str, tuple[str, str]]:
    """(role, rule) of each of a review's Sentences by sentence_id. A sentence counts as cited when
    its paragraph cites: reviews often cite a run of findings once, at the paragraph's end."""
    cited_paragraphs = {s.paragraph_number for s in sentences if s.citations}
    return {
        s.sentence_id: sentence_role(s.text, s.section, s.section_kind, s.paragraph_number in cited_paragraphs)
        for s in sentences
    }
