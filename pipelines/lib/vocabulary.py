"""The curated vocabulary: CSV files an analyst edits, compiled into one phrase matcher.

Each entry has a canonical name, a class or domain, an optional parent for roll-ups and
synonyms separated by ';'. Matching runs on a case-folded copy of the text of the same length
(hyphens and dashes as spaces), so spans map straight back; all-capital abbreviations (ACT,
SAD, ECT) match only in capitals, since "act" and "sad" are ordinary words. British and
American spellings and plurals are generated, so the files list each term once.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

VOCABULARY_FILES = {
    "interventions": ("intervention", "intervention_class"),
    "outcomes": ("outcome", "outcome_domain"),
    "conditions": ("condition", None),
    "cues": ("cue", "role"),
    "controls": ("control", None),
}
OPTIONAL_FILES = {"controls"}
_SPELLING = [("programme", "program"), ("our", "or"), ("isation", "ization"), ("ise", "ize"), ("isi", "izi"), ("ae", "e"), ("oe", "e"), ("lling", "ling"), ("lled", "led")]
_FOLD_MAP = str.maketrans({"-": " ", "–": " ", "—": " ", "‐": " ", "‑": " ", "’": "'", "‘": "'", "/": " "})


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; the message names the file and the row."""


@dataclass(frozen=True)
class Term:
    kind: str  # intervention, outcome, condition, cue
    name: str  # canonical name (for a cue, the cue as listed)
    category: str | None  # class, domain or cue role
    parent: str | None = None
    extra: str | None = None  # conditions: the symptom outcome; cues: part of speech; outcomes: polarity

    @property
    def marks_comparison(self) -> bool:
        """A cue after which the named intervention is the comparator ("outperforms sham")."""
        return self.kind == "cue" and (self.category == "comparison" or (self.extra or "").startswith("comparison"))


@dataclass
class Mention:
    term: Term
    start: int
    end: int
    text: str

    @property
    def kind(self) -> str:
        return self.term.kind


@dataclass
class Vocabulary:
    terms: dict[str, list[tuple[Term, list[str]]]] = field(default_factory=dict)
    _folded: ahocorasick.Automaton | None = None
    _exact: ahocorasick.Automaton | None = None

    def entries(self, kind: str) -> list[tuple[Term, list[str]]]:
        return self.terms.get(kind, [])

    def by_name(self, kind: str) -> dict[str, Term]:
        return {t.name: t for t, _ in self.entries(kind)}

    def compile(self, extra_surfaces: dict[str, Term] | None = None) -> Vocabulary:
        """Build the matchers; extra_surfaces adds document-level forms such as learned abbreviations."""
        folded, exact = ahocorasick.Automaton(), ahocorasick.Automaton()
        priority = {"intervention": 0, "outcome": 1, "condition": 2, "control": 3, "cue": 4}
        surfaces: list[tuple[str, Term]] = []
        for kind in priority:
            for term, synonyms in self.entries(kind):
                for surface in synonyms:
                    surfaces.append((surface, term))
        for surface, term in (extra_surfaces or {}).items():
            surfaces.append((surface, term))
        for surface, term in surfaces:
            if is_abbreviation(surface):
                for form in {surface, surface + "s"}:
                    key = form.translate(_FOLD_MAP)
                    if key not in exact or priority[term.kind] < priority[exact.get(key)[1].kind]:
                        exact.add_word(key, (len(key), term))
            else:
                forms = inflections(surface) if term.kind == "cue" and (term.extra or "").endswith("verb") else variants(surface)
                for form in forms:
                    key = fold(form)
                    if key not in folded or priority[term.kind] < priority[folded.get(key)[1].kind]:
                        folded.add_word(key, (len(key), term))
        for automaton in (folded, exact):
            if len(automaton):
                automaton.make_automaton()
        self._folded, self._exact = folded, exact
        return self

    def find(self, text: str) -> list[Mention]:
        """Leftmost-longest, non-overlapping mentions at word boundaries."""
        if self._folded is None:
            self.compile()
        candidates: list[tuple[int, int, Term]] = []
        lowered = fold(text)
        exact_text = text.translate(_FOLD_MAP)
        for automaton, haystack in ((self._folded, lowered), (self._exact, exact_text)):
            if not len(automaton):
                continue
            for end_index, (length, term) in automaton.iter(haystack):
                start, end = end_index - length + 1, end_index + 1
                if _at_word_boundary(haystack, start, end):
                    candidates.append((start, end, term))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        mentions: list[Mention] = []
        last_end = -1
        for start, end, term in candidates:
            if start >= last_end:
                mentions.append(Mention(term, start, end, text[start:end]))
                last_end = end
        return mentions


def fold(text: str) -> str:
    """Case-folded copy of the same length, so offsets map one to one."""
    out = []
    for ch in text.translate(_FOLD_MAP):
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def is_abbreviation(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper >= len(letters) - 2 and " " not in surface.strip()


def _at_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def spellings(surface: str) -> set[str]:
    """British and American spellings of a phrase."""
    forms = {surface}
    for british, american in _SPELLING:
        for form in list(forms):
            if british in form:
                forms.add(form.replace(british, american))
    return forms


def variants(surface: str) -> set[str]:
    """Spelling variants, and the plural or singular of the last word."""
    forms = spellings(surface)
    for form in list(forms):
        last = form.split()[-1] if form.split() else form
        if not (last.isalpha() and last.islower() and len(last) > 3):
            continue
        if not last.endswith("s"):
            forms.add(form + ("es" if last.endswith(("sh", "ch", "x")) else "s"))
        elif not last.endswith(("ss", "is", "us", "ics", "sis")):
            forms.add(form[:-1])
    return forms


def inflections(verb: str) -> set[str]:
    """Forms of a cue verb, inflecting the first word of a phrase ('aid in' -> 'aided in')."""
    head, _, tail = verb.partition(" ")
    tail = f" {tail}" if tail else ""
    if head.endswith("e"):
        stems = [head + "s", head + "d", head[:-1] + "ing"]
    elif head.endswith("y") and len(head) > 2 and head[-2] not in "aeiou":
        stems = [head[:-1] + "ies", head[:-1] + "ied", head + "ing"]
    else:
        double = head + head[-1] if re.search(r"[^aeiou][aeiou][bdgmnprt]$", head) and len(head) <= 4 else head
        stems = [head + ("es" if head.endswith(("sh", "ch", "x", "s")) else "s"), double + "ed", double + "ing", head + "ed", head + "ing"]
    forms = {verb} | {s + tail for s in stems}
    for form in list(forms):
        forms |= spellings(form)
    return forms


def _split_synonyms(value: str | None) -> list[str]:
    return [s.strip() for s in (value or "").split(";") if s.strip()]


def load_vocabulary(folder: Path) -> Vocabulary:
    """Read the vocabulary CSVs; a missing required file or column, or a term listed twice, is an error naming it."""
    vocabulary = Vocabulary()
    for stem, (name_column, category_column) in VOCABULARY_FILES.items():
        path = folder / f"{stem}.csv"
        if not path.exists():
            if stem in OPTIONAL_FILES:
                continue
            raise VocabularyError(f"{path}: vocabulary file is missing")
        rows = read_vocabulary_rows(path, name_column)
        kind = stem[:-1]
        entries: dict[str, tuple[Term, list[str]]] = {}
        lines: dict[str, str] = {}
        for row in rows:
            name = row[name_column]
            if name in entries:  # two rows for one term: which synonyms and parent hold is the analyst's call
                raise VocabularyError(f"{path}, line {row['_line']}: '{name}' is already listed on line {lines[name]}; merge the two rows")
            lines[name] = row["_line"]
            extra = row.get("symptom_outcome") or row.get("part_of_speech") or row.get("polarity") or None
            term = Term(kind, name, row.get(category_column) if category_column else None, row.get("parent") or None, extra)
            synonyms = [name, *_split_synonyms(row.get("synonyms"))]
            entries[name] = (term, list(dict.fromkeys(synonyms)))
        vocabulary.terms[kind] = list(entries.values())
    return vocabulary


def read_vocabulary_rows(path: Path, name_column: str) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or name_column not in reader.fieldnames:
        raise VocabularyError(f"{path}: the header must have a '{name_column}' column, found {reader.fieldnames}")
    rows = []
    for line, row in enumerate(reader, start=2):
        cleaned = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not cleaned.get(name_column):
            if any(cleaned.values()):
                raise VocabularyError(f"{path}, line {line}: '{name_column}' is empty")
            continue
        cleaned["_line"] = str(line)
        rows.append(cleaned)
    return rows
