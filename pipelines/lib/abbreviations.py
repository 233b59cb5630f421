"""Abbreviations a review defines for itself: "repetitive transcranial magnetic stimulation (rTMS)".

When the long form is a vocabulary term, the short form means that term for the rest of the
document, even when the vocabulary does not list it.
"""

from __future__ import annotations

import re

from pipelines.lib.vocabulary import Term, Vocabulary

_SHORT_FORM = re.compile(r"^\s*\(\s*([A-Za-z][A-Za-z0-9αβ-]{1,11}s?)\s*[);,]")
_ANY_SHORT_FORM = re.compile(r"\(\s*[A-Za-z][A-Za-z0-9αβ-]{1,11}s?\s*[);,]")  # most sentences define nothing: skip the matcher


def _initials_fit(short: str, before: str, mention_offset: int) -> bool:
    """Schwartz and Hearst's rule, simplified: some run of the last words before the parenthesis
    starts with the short form's first letter and contains the vocabulary mention."""
    letters = [c.lower() for c in short if c.isalpha()]
    if not letters:
        return False
    words = list(re.finditer(r"[\w'-]+", before))
    for k in range(1, min(len(words), len(letters) + 4) + 1):
        first = words[-k]
        if first.start() <= mention_offset and first.group()[0].lower() == letters[0]:
            return True
    return False


def learn_abbreviations(texts: list[str], vocabulary: Vocabulary) -> dict[str, Term]:
    learned: dict[str, Term] = {}
    for text in texts:
        if not _ANY_SHORT_FORM.search(text):
            continue
        for mention in vocabulary.find(text):
            if mention.kind not in ("intervention", "outcome", "condition"):
                continue
            m = _SHORT_FORM.match(text[mention.end :])
            if not m:
                continue
            short = m.group(1)
            if sum(c.isupper() for c in short) < 2 or not _initials_fit(short, text[: mention.end], mention.start):
                continue
            learned.setdefault(short, mention.term)
    return learned
