"""Sentence splitting for scientific prose, on plain text with citation marks still in it.

A careful regular-expression splitter (measured far faster than pysbd and as accurate on this
text): it splits after ., ! or ? followed by space and a capital, digit or quote, unless the
period ends a known abbreviation, an initial, or sits inside brackets. A citation placed after
the period ("... levels.[4] Next") stays with the sentence it follows.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "al", "e.g", "i.e", "eg", "ie", "etc", "fig", "figs", "ref", "refs", "vs", "cf", "approx",
    "dr", "prof", "mr", "mrs", "ms", "no", "nos", "vol", "pp", "p", "ed", "eds", "st", "jr",
    "sr", "inc", "ltd", "co", "dept", "univ", "resp",
    "tab", "suppl", "ca", "incl", "est", "viz", "spp", "sp",
}

_BOUNDARY = re.compile(
    r"[.!?]+(?P<close>[\"'”’)\]]*)(?P<cite>\s?\[[\d,;\s–—-]+\]|(?<=[A-Za-z)\]][.!?])\d{1,3}(?:[,–-]\d{1,3})*)?(?P<space>\s+)(?=[\"“‘(\[]?(?:[A-Z0-9]|[a-z]{1,3}[A-Z]))"
)


def _previous_word(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end]


def _bracket_depths(text: str) -> list[int]:
    """Bracket depth before each character, computed once (a paragraph can be long)."""
    depths, depth = [], 0
    for ch in text:
        depths.append(depth)
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth > 0:
            depth -= 1
    return depths


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) of the sentences in text, trimmed of surrounding space."""
    spans: list[tuple[int, int]] = []
    start = 0
    depths = _bracket_depths(text)
    for m in _BOUNDARY.finditer(text):
        raw_word = _previous_word(text, m.start())
        word = raw_word.lower().rstrip(".")
        before = text[m.start() - len(raw_word) - 1] if m.start() - len(raw_word) > 0 else " "
        initial = len(word) == 1 and raw_word[:1].isupper() and word.isascii() and word.isalpha() and (before.isspace() or before in "(-")  # "J. R. Smith", not "5 mg/L." or "TNF-α."
        if word in ABBREVIATIONS or initial:
            continue
        if depths[m.start()] > 0:
            continue
        end = m.start("space")
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
