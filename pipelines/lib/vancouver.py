"""Parsing one Vancouver-style (ICMJE/NLM) reference into fields.

  Kays JL, Hurley RA, Taber KH. The dynamic brain. J Neuropsychiatry Clin Neurosci. 2012;24(2):118-24.

Authors end at the first ". " after which the list reads as "Surname INITIALS, ..."; the
journal is the italic span when the converter kept one, else the sentence before the year;
the "year;volume(issue):pages" block anchors the rest. What cannot be found is left empty and
reported as a problem, so the caller can keep the raw text and quarantine the gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.lib.pages import expand_pages
from pipelines.reading.markdown_inline import clean_inline

_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/|\b)(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID = re.compile(r"\bPMCID:?\s*PMC\d+\b", re.IGNORECASE)
_URL = re.compile(r"(?:Available (?:from|at):?\s*)?https?://\S+", re.IGNORECASE)
_YEAR_BLOCK = re.compile(
    r"(?P<year>(?:1[89]|20)\d{2})[a-z]?"
    r"(?:\s+(?:[A-Z][a-z]{2,8}\.?(?:\s*[-/]\s*[A-Z][a-z]{2,8}\.?)?)(?:\s+\d{1,2})?)?"
    r"(?:\s*;\s*(?P<volume>[A-Za-z]?\d+[A-Za-z]?(?:\s*Suppl\s*\d*)?)?\s*(?:\((?P<issue>[^()]{1,20})\))?)?"
    r"(?:\s*:\s*(?P<pages>[A-Za-z]{0,2}\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?))?"
    r"\s*(?:\.|$)"
)
_AUTHOR = re.compile(r"^[^\W\d_][\w'’`\-\s]*?\s[A-Z]{1,4}(?:\s*(?:Jr|Sr|II|III|IV))?$")
CORPORATE_AUTHOR = "authors not in 'Surname INITIALS' form; kept as a corporate author"
_ET_AL = re.compile(r"^et\s+al\.?$", re.IGNORECASE)


@dataclass
class ParsedReference:
    raw_text: str
    authors: list[str] = field(default_factory=list)
    et_al: bool = False
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    problems: list[str] = field(default_factory=list)


def normalize_doi(value: str | None) -> str | None:
    """Lower case, no resolver prefix, no trailing punctuation."""
    if not value:
        return None
    value = value.strip()
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    value = value.rstrip(".,;)").lower()
    return value if re.match(r"^10\.\d{4,9}/\S+$", value) else None


def _split_authors(segment: str) -> tuple[list[str], bool] | None:
    parts = [p.strip() for p in segment.split(",") if p.strip()]
    if not parts:
        return None
    et_al = False
    if _ET_AL.match(parts[-1]):
        et_al = True
        parts = parts[:-1]
    if parts and all(_AUTHOR.match(p) for p in parts):
        return parts, et_al
    return None


def _authors_end(text: str) -> tuple[list[str], bool, int] | None:
    """Find the shortest prefix ending in '. ' that reads as a Vancouver author list."""
    for m in re.finditer(r"\.\s+", text):
        segment = text[: m.start()]
        found = _split_authors(segment)
        if found:
            return found[0], found[1], m.end()
        if len(segment) > 600:
            break
    return None


def parse_vancouver(raw: str) -> ParsedReference:
    ref = ParsedReference(raw_text=raw.strip())
    italic = re.search(r"(?<![\w*])[*_](?P<j>[^*_]{2,200}?)[*_](?![\w*])", raw)
    text = clean_inline(raw, 0).text
    text = re.sub(r"\s+", " ", text).strip()

    doi_match = _DOI.search(text)
    if doi_match:
        ref.doi = normalize_doi(doi_match.group(1))
        text = (text[: doi_match.start()] + text[doi_match.end() :]).strip()
    pmid_match = _PMID.search(text)
    if pmid_match:
        ref.pmid = pmid_match.group(1)
        text = (text[: pmid_match.start()] + text[pmid_match.end() :]).strip()
    text = _PMCID.sub("", text)
    text = _URL.sub("", text)
    text = re.sub(r"\s*(?:\[(?:Epub|cited|Internet)[^\]]*\]|Epub\b.*$)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[\s.;,]+$", ".", text.strip())

    authors = _authors_end(text)
    rest = text
    if authors:
        ref.authors, ref.et_al, cut = authors
        rest = text[cut:]
    else:
        corporate = re.match(r"^([^.]{2,120})\.\s+", text)
        if corporate and not re.search(r"\d{4}", corporate.group(1)):
            ref.authors = [corporate.group(1).strip()]
            rest = text[corporate.end() :]
            ref.problems.append(CORPORATE_AUTHOR)
        else:
            ref.problems.append("no author list found")

    year_matches = list(_YEAR_BLOCK.finditer(rest))
    year_match = next((m for m in reversed(year_matches) if m.group("volume") or m.group("pages") or m.group("issue")), None)
    if year_match is None and year_matches:
        year_match = year_matches[-1]
    if year_match is None:
        ref.problems.append("no publication year found")
        head = rest
    else:
        ref.year = int(year_match.group("year"))
        ref.volume = year_match.group("volume")
        ref.issue = year_match.group("issue").strip() if year_match.group("issue") else None
        ref.pages = expand_pages(year_match.group("pages"))
        head = rest[: year_match.start()].strip()

    journal = italic.group("j").strip().rstrip(".").strip() if italic else None
    if journal and journal in head:
        title_part = head[: head.rfind(journal)]
    else:
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", head) if s.strip()]
        if len(sentences) >= 2:
            journal = sentences[-1]
            title_part = head[: head.rfind(journal)]
        else:
            journal = None
            title_part = head
    ref.journal = journal.strip().rstrip(".;,: ").strip() if journal else None
    title = title_part.strip().rstrip(".").strip()
    ref.title = title or None
    if not ref.title:
        ref.problems.append("no title found")
    if not ref.journal:
        ref.problems.append("no journal found")
    return ref
