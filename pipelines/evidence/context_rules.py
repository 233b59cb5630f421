"""The vocabulary extractor's context rules, loaded from `rules/extraction_context.yaml`.

Each rule is a pattern with an id, a category saying where it looks (the words just before a
mention, just after it, the gap between two mentions, or the clause's wording), the method it is
applied with, and the text it was written for; its examples run as tests
(tests/test_context_rules.py). Code names a rule by id (`CONTEXT.reversal`), never spells a pattern.
Word lists (function words, generic outcome words) live in the same file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import yaml

from pipelines.evidence.literal_prefilter import may_match, required_literals

RULES_FILE = Path(__file__).with_name("rules") / "extraction_context.yaml"
CATEGORIES = ("before", "after", "gap", "wording")
METHODS = ("search", "match", "fullmatch")


@dataclass(frozen=True)
class ContextRule:
    rule_id: str
    category: str
    applies: str  # search, match (at the start of the text given) or fullmatch (the whole gap)
    pattern: re.Pattern
    written_for: str = ""
    examples: tuple[str, ...] = ()  # texts the rule must match, as the extractor hands them over
    counter_examples: tuple[str, ...] = ()  # texts it must leave alone
    window: int | None = None  # words read before or after a position ('before' and 'after' rules)
    literals: frozenset[str] | None = field(init=False, default=None)  # one must be in the text for a match
    folds_case: bool = field(init=False, default=False)

    def __post_init__(self):
        object.__setattr__(self, "literals", required_literals(self.pattern))
        object.__setattr__(self, "folds_case", bool(self.pattern.flags & re.IGNORECASE))  # read once: enum flags cost

    def _could_match(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """False when text[start:end] lacks every word the pattern needs: the engine is not run for nothing."""
        if self.literals is None:
            return True
        return may_match(self.literals, text[start:end] if start or end is not None else text, self.folds_case)

    def fires(self, text: str) -> bool:
        return self._could_match(text) and getattr(self.pattern, self.applies)(text) is not None

    def before(self, text: str, position: int, floor: int = 0) -> re.Match | None:
        """The rule on the `window` words that end at position (not before floor, usually the clause start)."""
        window = words_before(text, position, self.window or 1, floor)
        return self.pattern.search(window) if self._could_match(window) else None

    def after(self, text: str, position: int) -> re.Match | None:
        """The rule at the start of the `window` words that begin at position."""
        return self.pattern.match(words_after(text, position, self.window or 1))

    def search(self, text: str, *span: int) -> re.Match | None:
        # search(text, pos) reads text[pos:], search(text, pos, end) text[pos:end]
        return self.pattern.search(text, *span) if self._could_match(text, *span) else None

    def match(self, text: str, *span: int) -> re.Match | None:
        return self.pattern.match(text, *span)

    def fullmatch(self, text: str, *span: int) -> re.Match | None:
        return self.pattern.fullmatch(text, *span)

    def finditer(self, text: str):
        return self.pattern.finditer(text)


_LONGEST_WORD = 40  # characters looked at per word of a window, so a window never reads the whole sentence


def words_before(text: str, position: int, words: int, floor: int = 0) -> str:
    """The text of the last `words` words before position, with the whitespace around them."""
    chunk = text[max(floor, position - _LONGEST_WORD * words) : position]
    parts = chunk.rsplit(None, words)
    return chunk if len(parts) <= words else chunk[len(parts[0]) :]


def words_after(text: str, position: int, words: int) -> str:
    """The text of the first `words` words after position, with the whitespace around them."""
    chunk = text[position : position + _LONGEST_WORD * words]
    parts = chunk.split(None, words)
    return chunk if len(parts) <= words else chunk[: len(chunk) - len(parts[-1])]


@dataclass(frozen=True)
class ContextRules:
    version: int
    rules: tuple[ContextRule, ...]
    patterns: SimpleNamespace  # rule id -> ContextRule, as the extractor names them (CONTEXT.reversal)
    words: SimpleNamespace  # list id -> frozenset, tuple or dict


@lru_cache(maxsize=4)
def load_context_rules(path: Path = RULES_FILE) -> ContextRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for raw in data["rules"]:
        where = f"{path.name}: rule {raw.get('id')!r}"
        if raw.get("category") not in CATEGORIES or raw.get("applies") not in METHODS:
            raise ValueError(f"{where}: category must be one of {CATEGORIES} and applies one of {METHODS}")
        try:
            pattern = re.compile(raw["pattern"], re.IGNORECASE if raw.get("ignore_case") else 0)
        except re.error as exc:
            raise ValueError(f"{where}: the pattern does not compile ({exc})") from exc
        window = raw.get("window")
        if window is not None and (raw["category"] not in ("before", "after") or not isinstance(window, int) or window < 1):
            raise ValueError(f"{where}: a window is a number of words (1 or more), for a 'before' or 'after' rule")
        rules.append(ContextRule(raw["id"], raw["category"], raw["applies"], pattern, raw.get("written_for") or "",
                                 tuple(raw.get("examples") or ()), tuple(raw.get("not") or ()), window))
    ids = [r.rule_id for r in rules]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: rule ids must be unique")
    words = {}
    for name, raw in data["word_lists"].items():
        if not isinstance(raw, dict) or raw.get("kind") not in ("set", "sequence", "mapping"):
            raise ValueError(f"{path.name}: word list {name!r} needs a kind (set, sequence or mapping) and words")
        value = raw["words"]
        words[name] = frozenset(value) if raw["kind"] == "set" else tuple(value) if raw["kind"] == "sequence" else dict(value)
    return ContextRules(int(data["version"]), tuple(rules), SimpleNamespace(**{r.rule_id: r for r in rules}), SimpleNamespace(**words))
