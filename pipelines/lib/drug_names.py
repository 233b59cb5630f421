"""Drugs the vocabulary does not list, recognised by their INN stems.

WHO's International Nonproprietary Names give drugs of one class a common ending (-oxetine,
-azepam, -apine, -mab ...), so "vilazodone reduced HAM-D scores" yields a row even before an
analyst adds vilazodone to interventions.csv. Such a mention is a pharmacological
intervention named by its own word; adding it to the vocabulary gives it a parent and synonyms.
"""

from __future__ import annotations

import re

from pipelines.lib.vocabulary import Mention, Term

INN_STEMS = (
    "oxetine", "xetine", "faxine", "pramine", "triptyline", "iptyline", "azepam", "azolam", "zepam", "apine", "tiapine",
    "idone", "piprazole", "perone", "azodone", "zodone", "milnacipran", "setron", "gabalin", "coxib", "profen", "cycline",
    "olol", "barbital", "xamine", "orexant", "anolone", "ketamine", "tamine", "mab", "pirone", "azine", "triptan",
    "dopa", "giline", "afinil", "zolam", "clone",
)
_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}(?:-[A-Za-z]+)?\b")
_STEM = re.compile(r"(?:" + "|".join(sorted(INN_STEMS, key=len, reverse=True)) + r")$", re.IGNORECASE)
_NOT_DRUGS = {"cyclone", "clone", "ozone", "azine", "online", "triptan"}


def unlisted_drugs(text: str, known: list[Mention]) -> list[Mention]:
    found = []
    for m in _WORD.finditer(text):
        word = m.group()
        lowered = word.lower()
        if lowered in _NOT_DRUGS or len(lowered) < 7 or not _STEM.search(lowered):
            continue
        if any(k.start < m.end() and m.start() < k.end for k in known):
            continue
        term = Term("intervention", lowered, "pharmacological", None, "unlisted")
        found.append(Mention(term, m.start(), m.end(), word))
    return found
