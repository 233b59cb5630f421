"""Author–year citations, parenthetical and narrative, resolved to the reference list by surname and year.

  (Craske et al., 2009)   (Bayram & Bilgel, 2008; Ribeiro et al., 2017)   (see also Smith, 2020a, p. 4)
  Smith and Lee (2020a)   Craske et al. (2009, 2011)

A citation resolves only when exactly one entry fits its first author, year (with its letter)
and, when it names two, its second author; anything else is reported, never guessed. Every
pattern is bounded (no run longer than a parenthesis of 400 characters is scanned), so the
work is linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipelines.reading.citations import CitationMark

_YEAR = r"(?:1[89]|20)\d{2}[a-z]?|in press|n\.d\.|forthcoming"
_PAREN = re.compile(r"\(([^()]{4,400})\)")
_NAME = r"(?:(?:van|von|de|der|den|da|di|du|del|la|le|dos|das|ten|ter|mc|o')\s+)*[A-Z][\w'’`\-]+(?:\s+[A-Z][\w'’`\-]+)?"
_PART = re.compile(
    rf"^(?:(?:see|see also|e\.g\.|cf\.|i\.e\.|for a review,? see|reviewed in|as cited in|also|and)[,:]?\s+)*"
    rf"(?P<authors>{_NAME}(?:\s+et\s+al\.?|\s*(?:,\s*{_NAME})*\s*(?:,?\s*(?:&|and)\s+{_NAME}))?)"
    rf",?\s+(?P<years>(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*)(?:\s*,\s*(?:p|pp|chap|ch)\.?\s*[\d–-]+)?\s*$",
    re.IGNORECASE,
)
_NARRATIVE = re.compile(
    rf"\b(?P<authors>{_NAME}(?:\s+et\s+al\.?|\s+(?:&|and)\s+{_NAME})?)\s+\((?P<years>(?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR}))*)(?:\s*,\s*(?:p|pp)\.?\s*[\d–-]+)?\)"
)
_STOP_NAMES = {"table", "figure", "fig", "see", "in", "and", "the", "study", "trial", "phase", "version", "dsm", "icd", "n"}


def fold(name: str) -> str:
    """'Müller-Lüdenscheidt' -> 'mullerludenscheidt': surnames compared without accents, case or hyphens."""
    text = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^a-z]", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


@dataclass(frozen=True)
class ListKey:
    number: int
    first: str
    second: str | None
    n_authors: int
    year: str  # '2009', '2009a', 'n.d.'


def parse_years(text: str) -> list[str]:
    return [y.strip().lower() for y in re.split(r"\s*[,;]\s*", text) if y.strip()]


def _surnames(authors: str) -> tuple[str, str | None, bool]:
    et_al = bool(re.search(r"\bet\s+al\b", authors, re.I))
    core = re.sub(r"\s+et\s+al\.?", "", authors, flags=re.I)
    names = [n for n in re.split(r"\s*(?:,|&|\band\b)\s*", core) if n.strip()]
    first = fold(names[0].split()[-1] if names[0].split()[0][:1].islower() else names[0]) if names else ""
    second = fold(names[1]) if len(names) > 1 and not et_al else None
    return first, second, et_al


class AuthorYearIndex:
    def __init__(self, keys: list[ListKey]) -> None:
        self.keys = keys
        self.by_first: dict[str, list[ListKey]] = {}
        for key in keys:
            self.by_first.setdefault(key.first, []).append(key)

    def resolve(self, authors: str, year: str) -> tuple[int | None, str | None]:
        """The entry's number, or None with the reason."""
        first, second, et_al = _surnames(authors)
        candidates = [k for k in self.by_first.get(first, []) if k.year == year]
        if not candidates and not year[-1:].isalpha():
            candidates = [k for k in self.by_first.get(first, []) if k.year.rstrip("abcdefghij") == year]
        if not candidates and year[-1:].isalpha():
            bare = [k for k in self.by_first.get(first, []) if k.year == year[:-1]]
            candidates = bare if len(bare) == 1 else []
        if len(candidates) > 1 and second:
            candidates = [k for k in candidates if k.second == second] or candidates
        if len(candidates) > 1:
            candidates = [k for k in candidates if (k.n_authors > 2) == et_al] or candidates
        if len(candidates) == 1:
            return candidates[0].number, None
        if not candidates:
            return None, f"no entry of the reference list by {authors.strip()} in {year}"
        return None, f"{len(candidates)} entries by {authors.strip()} in {year} (numbers {', '.join(str(k.number) for k in candidates)}); ambiguous"


def find_author_year(text: str, index: AuthorYearIndex) -> tuple[list[CitationMark], list[tuple[str, str]]]:
    """Marks with the numbers they resolve to, and (mark text, reason) for parts that resolve to nothing."""
    marks: list[CitationMark] = []
    unresolved: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _PAREN.finditer(text):
        numbers: list[int] = []
        parts = [p.strip() for p in m.group(1).split(";")]
        parsed = [(_PART.match(p), p) for p in parts]
        if not any(pm for pm, _ in parsed):
            continue
        for pm, raw in parsed:
            if pm is None:
                continue
            authors = pm.group("authors")
            if fold(authors.split()[0]) in _STOP_NAMES:
                continue
            for year in parse_years(pm.group("years")):
                number, why = index.resolve(authors, year)
                if number is None:
                    unresolved.append((raw, why or "unresolved"))
                elif number not in numbers:
                    numbers.append(number)
        if numbers or unresolved:
            marks.append(CitationMark(m.start(), m.end(), tuple(numbers), m.group()))
            taken.append((m.start(), m.end()))
    for m in _NARRATIVE.finditer(text):
        if any(s <= m.start("authors") < e for s, e in taken):
            continue
        authors = m.group("authors")
        if fold(authors.split()[0]) in _STOP_NAMES:
            continue
        numbers = []
        for year in parse_years(m.group("years")):
            number, why = index.resolve(authors, year)
            if number is None:
                unresolved.append((m.group(), why or "unresolved"))
            elif number not in numbers:
                numbers.append(number)
        marks.append(CitationMark(m.start(), m.end(), tuple(numbers), m.group()))
    return sorted(marks, key=lambda c: c.start), unresolved


_LIST_YEAR = re.compile(r"\((?P<y1>(?:1[89]|20)\d{2}[a-z]?|n\.d\.|in press)[^)]{0,20}\)|\b(?P<y2>(?:1[89]|20)\d{2}[a-z]?)\b")
_LEADING_NAME = re.compile(r"^\s*(?P<name>(?:(?:van|von|de|der|den|da|di|du|del|la|le|dos|ten|ter)\s+)*[^\W\d_][\w'’`\-]*(?:\s+[^\W\d_][\w'’`\-]*)?)\s*(?:,|\s+[A-Z]{1,3}\b|\s+[A-Z]\.)", re.UNICODE)


def entry_key(number: int, raw: str, authors: list[str] | None = None, year: str | None = None) -> ListKey | None:
    """The surname(s) and year an author–year citation of this entry would give."""
    text = re.sub(r"\s+", " ", raw).strip()
    if authors:
        names = [fold(_family(a)) for a in authors]
    else:
        head = re.split(r"\(\s*(?:1[89]|20)\d{2}|\.\s+[A-Z][a-z]+\s", text, maxsplit=1)[0]
        names = [fold(_family(a)) for a in _split_author_list(head)]
    names = [n for n in names if n]
    if not names:
        return None
    if year is None:
        m = _LIST_YEAR.search(text)
        year = (m.group("y1") or m.group("y2")) if m else None
    if year is None:
        return None
    return ListKey(number, names[0], names[1] if len(names) > 1 else None, len(names), year.lower())


def _family(author: str) -> str:
    """'Craske MG', 'Craske, M. G.', 'M. G. Craske', 'van der Berg J' -> the family name."""
    author = author.strip().strip(".")
    if "," in author:
        return author.split(",")[0]
    words = author.split()
    if len(words) >= 2 and re.fullmatch(r"[A-Z]{1,4}|(?:[A-Z]\.\s?-?)+", words[-1]):
        return " ".join(words[:-1])
    if len(words) >= 2 and re.fullmatch(r"(?:[A-Z]\.-?)+", words[0]):
        return words[-1]
    return author


def _split_author_list(head: str) -> list[str]:
    """APA 'Craske, M. G., Rauch, S. L., & Ursano, R.' or Vancouver 'Craske MG, Rauch SL' into authors."""
    head = head.replace("&", ",").replace(" and ", ", ")
    parts = [p.strip() for p in head.split(",") if p.strip()]
    authors: list[str] = []
    for part in parts:
        if re.fullmatch(r"(?:[A-Z]\.\s?-?\s?)+|[A-Z]{1,3}|Jr\.?|Sr\.?", part) and authors:
            authors[-1] = f"{authors[-1]}, {part}"  # APA initials after the surname
        elif re.search(r"\bet al\b", part):
            break
        else:
            authors.append(part)
    return authors
