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
    _extra: tuple = ()  # a document's own (folded, exact) matchers, see with_extra
    _by_name: dict = field(default_factory=dict)
    _surfaces: frozenset[str] | None = None

    def entries(self, kind: str) -> list[tuple[Term, list[str]]]:
        return self.terms.get(kind, [])

    def by_name(self, kind: str) -> dict[str, Term]:
        cached = self._by_name.get(kind)
        if cached is None:
            cached = self._by_name[kind] = {t.name: t for t, _ in self.entries(kind)}
        return cached

    def surfaces(self) -> frozenset[str]:
        """Every listed surface, of every kind."""
        if self._surfaces is None:
            self._surfaces = frozenset(s for kind in self.terms for t, synonyms in self.entries(kind) for s in synonyms if not defined_only(s, t))
        return self._surfaces

    def compile(self, extra_surfaces: dict[str, Term] | None = None) -> Vocabulary:
        """Build the matchers; extra_surfaces adds document-level forms such as learned abbreviations."""
        surfaces: list[tuple[str, Term]] = []
        for kind in _PRIORITY:
            for term, synonyms in self.entries(kind):
                for surface in synonyms:
                    if not defined_only(surface, term):
                        surfaces.append((surface, term))
        surfaces += list((extra_surfaces or {}).items())
        self._folded, self._exact = _automata(surfaces)
        self._extra = ()
        return self

    def with_extra(self, extra_surfaces: dict[str, Term], overriding: frozenset[str] = frozenset()) -> Vocabulary:
        """This vocabulary plus a document's own forms (learned abbreviations), sharing the compiled
        matchers: only the few extra forms are compiled, so a review costs its abbreviations, not the
        whole vocabulary again. A form already listed under a kind of higher priority keeps that kind,
        unless it is overriding: the document defines it as something else ("social anxiety disorder
        (SAD)" where the vocabulary's SAD is seasonal affective disorder), and the document's sense wins."""
        if self._folded is None:
            self.compile()
        doc = Vocabulary(terms=self.terms, _folded=self._folded, _exact=self._exact)
        doc._by_name, doc._surfaces = self._by_name, self._surfaces
        doc._extra = _automata(list(extra_surfaces.items()), base=(self._folded, self._exact), overriding=overriding)
        return doc

    def term_names_for(self, surface: str) -> set[str]:
        """The names of the terms that list this surface."""
        return {t.name for kind in self.terms for t, synonyms in self.entries(kind) if surface in synonyms}

    def find(self, text: str) -> list[Mention]:
        """Leftmost-longest, non-overlapping mentions at word boundaries."""
        if self._folded is None:
            self.compile()
        candidates: list[tuple[int, int, int, Term]] = []
        lowered = fold(text)
        exact_text = text.translate(_FOLD_MAP)
        pairs = [(self._folded, lowered), (self._exact, exact_text)]
        if self._extra:
            pairs += [(self._extra[0], lowered), (self._extra[1], exact_text)]
        for rank, (automaton, haystack) in enumerate(pairs):
            if not len(automaton):
                continue
            for end_index, (length, term) in automaton.iter(haystack):
                start, end = end_index - length + 1, end_index + 1
                if _at_word_boundary(haystack, start, end) and not (rank % 2 == 0 and _written_as_abbreviation(text, start, end)):
                    candidates.append((start, end, -(rank // 2), _PRIORITY[term.kind], term))  # the document's forms first
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2], c[3]))
        mentions: list[Mention] = []
        last_end = -1
        for start, end, _, _, term in candidates:
            if start >= last_end:
                mentions.append(Mention(term, start, end, text[start:end]))
                last_end = end
        return mentions


_PRIORITY = {"intervention": 0, "outcome": 1, "condition": 2, "control": 3, "cue": 4}


def _forms(surface: str, term: Term) -> list[tuple[bool, str]]:
    """(exact?, key) for each form a surface is matched in: abbreviations as written (and plural), other
    words case-folded with their variants (cue verbs with their inflections)."""
    if is_abbreviation(surface):
        return [(True, form.translate(_FOLD_MAP)) for form in {surface, surface + "s"}]
    forms = inflections(surface) if term.kind == "cue" and (term.extra or "").endswith("verb") else variants(surface)
    return [(False, fold(form)) for form in forms]


def _automata(surfaces: list[tuple[str, Term]], base: tuple | None = None,
              overriding: frozenset[str] = frozenset()) -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
    """The (folded, exact) matchers; with base, only the forms base does not already hold under a kind of
    equal or higher priority (a form base holds under a lower one is matched by both, and wins on priority)."""
    folded, exact = ahocorasick.Automaton(), ahocorasick.Automaton()
    for surface, term in surfaces:
        for is_exact, key in _forms(surface, term):
            automaton = exact if is_exact else folded
            held = base[1 if is_exact else 0] if base else None
            if held is not None and len(held) and key in held and _PRIORITY[held.get(key)[1].kind] <= _PRIORITY[term.kind] and surface not in overriding:
                continue
            if key not in automaton or _PRIORITY[term.kind] < _PRIORITY[automaton.get(key)[1].kind]:
                automaton.add_word(key, (len(key), term))
    for automaton in (folded, exact):
        if len(automaton):
            automaton.make_automaton()
    return folded, exact


def fold(text: str) -> str:
    """Case-folded copy of the same length, so offsets map one to one."""
    mapped = text.translate(_FOLD_MAP)
    lowered = mapped.lower()
    if len(lowered) == len(mapped):  # lower() never shrinks a character: same length, same offsets
        return lowered
    out = []
    for ch in mapped:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out)


def defined_only(surface: str, term: Term) -> bool:
    """A bare two-letter abbreviation ('BA', 'MI', 'CM') names too many things (Brodmann area, myocardial
    infarction): it means the listed term only in a document that defines it ("behavioural activation (BA)").
    One that is the term's own name ('IQ') always does."""
    return len(surface) == 2 and surface.isalpha() and surface.isupper() and surface != term.name


def _written_as_abbreviation(text: str, start: int, end: int) -> bool:
    """'PET' (positron emission tomography) is not 'pets': a word the text writes in capitals matches only a surface
    listed as an abbreviation (or one the document defines), never a common word's folded form."""
    span = text[start:end]
    return len(span) >= 2 and span.isalpha() and span.isupper()


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
