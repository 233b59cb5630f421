"""In-text numeric citations: [4], [2,3], [5-7], [2, 5–7], word[26], (4), [Ref. 7], (refs. 8, 9), superscripts and flattened superscripts (word13).

Superscripts are turned into brackets when Markdown is cleaned, so only two surface forms
remain here. Parenthesised numbers are citations only when every number resolves to the
review's reference list, so "(2019)" or "(n = 40)" never become one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_RANGE = 100

_NUMBERS = r"\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*"
_REFS = r"(?:refs?\.?|references?|see)\s*"
_BRACKET = re.compile(rf"\[\s*(?:{_REFS})?({_NUMBERS})\s*\]", re.IGNORECASE)
_PAREN = re.compile(rf"\(\s*(?:{_REFS})?({_NUMBERS})\s*\)", re.IGNORECASE)
# "within hours.1 Here", "effects,3,4 and": superscripts flattened by the PDF converter
_AFTER_PUNCTUATION = re.compile(r"(?<=[A-Za-z)\]][.,;:])(\d{1,3}(?:[,–-]\d{1,3})*)(?=\s|$)")
# "in healthy volunteers13 but": a superscript flattened onto a lower-case word (never "CA3", "IL6", "mGluR5")
_AFTER_WORD = re.compile(r"\b(?!covid|cov\d)[a-z]{3,}(\d{1,3}(?:[,–-]\d{1,3})*)(?=[\s.,;:)]|$)")
_NOT_CITATION_BEFORE = re.compile(r"\b(?:fig|figs|table|eq|no|nos|vol|p|pp|ref|refs|n|version|v)\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class CitationMark:
    start: int
    end: int
    numbers: tuple[int, ...]
    text: str


def expand_numbers(body: str) -> tuple[int, ...]:
    """'2, 5–7' -> (2, 5, 6, 7); a reversed or huge range keeps only its end points."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", body.strip()):
        bounds = [int(x) for x in re.split(r"\s*[-–—]\s*", part) if x]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] <= MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    seen: dict[int, None] = {}
    for n in numbers:
        seen.setdefault(n, None)
    return tuple(seen)


_SQUARED_BEFORE = re.compile(r"(?<![A-Za-z])[IRχ]\s?$")
_SQUARED_AFTER = re.compile(r"\s*[=<>≤≥]")


def _is_squared(text: str, m: re.Match) -> bool:
    """'I[2] = 81.90%', 'R[2] = 0.31': a converter's superscript 2 of a statistic, not reference 2."""
    return m.group(1).strip() == "2" and bool(_SQUARED_BEFORE.search(text, 0, m.start())) and bool(_SQUARED_AFTER.match(text, m.end()))


def find_citations(text: str, n_references: int | None = None) -> list[CitationMark]:
    """Citation marks in text, in order. Parenthesised and flattened-superscript forms need the reference count."""
    marks = [
        CitationMark(m.start(), m.end(), expand_numbers(m.group(1)), m.group())
        for m in _BRACKET.finditer(text)
        if not _is_squared(text, m)
    ]
    if n_references:
        for m in _AFTER_PUNCTUATION.finditer(text):
            numbers = expand_numbers(m.group(1))
            if numbers and all(1 <= n <= n_references for n in numbers) and not _NOT_CITATION_BEFORE.search(text[: m.start()]):
                marks.append(CitationMark(m.start(), m.end(), numbers, m.group()))
        for m in _AFTER_WORD.finditer(text):
            numbers = expand_numbers(m.group(1))
            if numbers and all(1 <= n <= n_references for n in numbers):
                marks.append(CitationMark(m.start(1), m.end(1), numbers, m.group(1)))
        enumerators = _enumerators(text)
        for m in _PAREN.finditer(text):
            numbers = expand_numbers(m.group(1))
            if numbers and all(1 <= n <= n_references for n in numbers) and m.start() not in enumerators:
                marks.append(CitationMark(m.start(), m.end(), numbers, m.group()))
    return sorted(marks, key=lambda c: c.start)


_ENUMERATOR = re.compile(r"\((\d{1,2})\)(?=\s+(?!(?:and|or|but|nor|which|that|who|whereas|while|with|in|as|were|was|is|are)\b)[^\W\d_])")


def _enumerators(text: str) -> set[int]:
    """Starts of '(1)', '(2)' that number the items of a list: one that opens the text ('(1) Human
    annotation: ...'), or a run (1), (2), ... in which '(1)' comes before its item's first word
    ('were (1) the overall occurrence ..., (2) the specificity'). A citation follows its claim:
    'common (1), disabling (2) and costly (3)' keeps its marks."""
    found = list(_ENUMERATOR.finditer(text))
    starts = {m.start() for m in found if not text[: m.start()].strip(" -*•·")}
    run = [m for m in found if m.start() not in starts]
    if len(run) >= 2 and [int(m.group(1)) for m in run] == list(range(1, len(run) + 1)):
        starts |= {m.start() for m in run}
    return starts
