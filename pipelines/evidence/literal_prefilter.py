"""Words a pattern cannot match without, read from the compiled pattern, to skip the regular
expression engine on sentences that lack all of them.

Python's `re` tries most of our rules at every position of every sentence (a leading `\\b` or an
alternation of words leaves it no literal prefix to jump to), while `word in text` is a fast
substring search. A rule whose every match must contain one of a few literal strings is run only
on texts that contain one; the answer is the same, as the test suite checks on every rule's examples.
"""

from __future__ import annotations

import re
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser

import ahocorasick  # pyahocorasick, the vocabulary's matcher

MAX_LITERALS = 24  # beyond this many alternatives the substring checks cost what the pattern does
MIN_LENGTH = 3  # a shorter literal is in nearly every sentence: no use as a filter
RARE_MARKS = frozenset("?=<>%±≤≥")  # one of these alone is rare enough in prose to filter on
COMMON = frozenset({  # words in most sentences: a literal set made of them filters little
    "the", "and", "for", "with", "that", "this", "these", "our", "its", "their", "are", "was", "were", "has", "have",
    "had", "not", "from", "which", "been", "than", "more", "also", "may", "can", "into", "between",
})


def _length(word: str) -> int:
    """A literal's worth as a filter: its length, a common word's as one letter, a rare mark's as three."""
    if word.strip().lower() in COMMON:
        return 1
    return MIN_LENGTH if len(word) < MIN_LENGTH and any(ch in RARE_MARKS for ch in word) else len(word)


def required_literals(pattern: re.Pattern, max_literals: int = MAX_LITERALS) -> frozenset[str] | None:
    """Strings of which every match contains at least one, or None when no useful set exists
    (verbose patterns, optional-only parts, literals too short or too many). For a case-insensitive
    pattern the strings are lower case and hold for the lower-cased text, when that text is ASCII."""
    if pattern.flags & re.VERBOSE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except re.error:
        return None
    if _anchored(list(parsed)):
        return None  # the engine tries a pattern anchored at the start once, faster than any substring check
    found = _sequence(list(parsed), bool(pattern.flags & re.IGNORECASE))
    if not found or len(found) > max_literals or min(map(_length, found)) < MIN_LENGTH:
        return None
    if pattern.flags & re.IGNORECASE:
        if not all(word.isascii() for word in found):
            return None  # a non-ASCII letter may fold onto an ASCII one (the Kelvin sign onto k)
        return frozenset(word.lower() for word in found)
    return frozenset(found)


def _anchored(items: list) -> bool:
    if not items:
        return False
    op, arg = items[0]
    if op is C.AT:
        return arg is C.AT_BEGINNING or arg is C.AT_BEGINNING_STRING
    if op is C.SUBPATTERN:
        return _anchored(list(arg[3]))
    if op is C.BRANCH:
        return all(_anchored(list(b)) for b in arg[1])
    return False


def _selectivity(literals: frozenset[str]) -> tuple[int, int]:
    """Longer shortest literal first (a common word counts as one letter long), then fewer literals."""
    return min(map(_length, literals)), -len(literals)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two sets, each sufficient alone."""
    if not a or not b:
        return a or b
    return a if _selectivity(a) >= _selectivity(b) else b


def _sequence(items: list, folds: bool) -> frozenset[str] | None:
    """Every item of a sequence must match, so any one item's requirement holds for the whole; runs
    of literal characters join into one string."""
    best, run = None, ""
    for op, arg in items:
        if op is C.LITERAL:
            run += chr(arg)
            continue
        if run:
            best, run = _better(best, frozenset({run})), ""
        best = _better(best, _item(op, arg, folds))
    if run:
        best = _better(best, frozenset({run}))
    return best


def _item(op, arg, folds: bool) -> frozenset[str] | None:
    """folds: the whole pattern is case-insensitive (its literals are then compared lower-cased)."""
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = arg
        if add_flags & re.VERBOSE or (add_flags & re.IGNORECASE and not folds):
            return None  # an inline (?i:...) in a case-sensitive pattern: its letters are not literal
        return _sequence(list(sub), folds)
    if op is C.BRANCH:
        branches = [_sequence(list(b), folds) for b in arg[1]]
        if any(not b for b in branches):
            return None
        return frozenset().union(*branches)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and arg[0] >= 1:
        return _sequence(list(arg[2]), folds)
    if op is C.ATOMIC_GROUP:
        return _sequence(list(arg), folds)
    return None  # classes, anchors, lookarounds, back-references, optional parts: no requirement


def may_match(literals: frozenset[str] | None, text: str, fold_case: bool = False) -> bool:
    """False only when the text lacks every required literal, so the pattern cannot match it. With
    fold_case (a case-insensitive pattern) the lower-cased text is searched; non-ASCII text is not
    filtered, as Unicode case folding differs from lower()."""
    if literals is None:
        return True
    if fold_case:
        if not text.isascii():
            return True
        text = text.lower()
    return any(word in text for word in literals)


class LiteralIndex:
    """The required literals of many rules in one Aho-Corasick automaton: one pass over a text says which
    rules could match it, instead of a substring check per literal per rule."""

    def __init__(self, literal_sets: list[frozenset[str] | None]):
        owners: dict[str, list[int]] = {}
        for index, literals in enumerate(literal_sets):
            for word in literals or ():
                owners.setdefault(word, []).append(index)
        self.automaton = ahocorasick.Automaton()
        for word, indices in owners.items():
            self.automaton.add_word(word, (len(word), tuple(indices)))
        if owners:
            self.automaton.make_automaton()
        self.size = len(owners)

    def earliest_ends(self, text: str) -> dict[int, int]:
        """Rule index -> the end offset of the first of its literals in the text; rules absent cannot match."""
        ends: dict[int, int] = {}
        if not self.size:
            return ends
        for last, (_size, indices) in self.automaton.iter(text):
            for index in indices:
                if index not in ends:
                    ends[index] = last + 1
        return ends
