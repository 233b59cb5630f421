"""The normalised reference record every reader produces, and the normalisation it shares.

DOIs are lower case without resolver prefix; PMIDs digits; authors "Family Initials"; years
integers; page ranges expanded; publication types mapped to a study design.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipelines.lib.pages import expand_pages
from pipelines.lib.vancouver import normalize_doi
from schemas.tables import STUDY_DESIGNS  # noqa: F401  (the closed list the mapping below produces)

_DESIGN_RULES = [
    ("meta-analysis", r"meta[- ]?analy(?:s|tic)"),
    ("systematic review", r"systematic review|systematic literature review"),
    ("randomized controlled trial", r"randomi[sz]ed controlled trial|randomi[sz]ed clinical trial|\brct\b|controlled clinical trial|randomi[sz]ed"),
    ("cohort", r"cohort|longitudinal|prospective stud|follow-up stud"),
    ("case-control", r"case[- ]control"),
    ("cross-sectional", r"cross[- ]sectional|survey"),
    ("animal study", r"\b(?:mice|mouse|rats?|rodents?|murine|animal model|primates?|zebrafish|in vivo|in vitro)\b"),
    ("narrative review", r"\breview\b"),
]


@dataclass
class ReferenceRecord:
    source_file: str
    record_number: int
    line: int | None
    source_format: str
    raw_text: str
    authors: list[str] = field(default_factory=list)
    et_al: bool = False
    title: str | None = None
    journal: str | None = None
    journal_abbreviation: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    publication_type: str | None = None
    abstract: str | None = None
    raw_doi: str | None = None  # as written, to report a malformed one
    raw_pmid: str | None = None

    @property
    def location(self) -> str:
        return f"record {self.record_number}" + (f" (line {self.line})" if self.line else "")


@dataclass
class Rejected:
    source_file: str
    location: str
    reason: str
    raw: str


@dataclass
class ReadResult:
    records: list[ReferenceRecord] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    records_read: int = 0  # records the file holds, accepted or not

    def accept(self, record: ReferenceRecord, format_name: str) -> None:
        """Normalise the record and keep it, or reject it saying what is missing."""
        finished, problem = finish(record)
        if finished is None:
            self.rejected.append(Rejected(record.source_file, record.location, f"{format_name}: {problem}", record.raw_text))
        else:
            self.records.append(finished)


def clean_text(value) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", re.sub(r"\s+", " ", str(value))).strip()
    text = re.sub(r"[{}]", "", text)
    return text or None


def normalize_pmid(value) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    m = re.fullmatch(r"(?:pmid:?\s*)?(\d{1,9})", text, re.IGNORECASE)
    return m.group(1) if m else None


def normalize_year(value) -> int | None:
    m = re.search(r"(?<!\d)(1[89]\d{2}|20\d{2}|2100)(?!\d)", str(value or ""))
    return int(m.group(1)) if m else None


def pages_from(start, end=None) -> str | None:
    start, end = clean_text(start), clean_text(end)
    if start and end and end != start:
        return expand_pages(f"{start}-{end}")
    return expand_pages(start) if start else None


def author_name(family: str | None, given: str | None = None, literal: str | None = None) -> str | None:
    """'Family Initials' (Vancouver), or the literal name of a corporate author."""
    if literal and not family:
        return clean_text(literal)
    family = clean_text(family)
    if not family:
        return None
    given = clean_text(given) or ""
    if re.fullmatch(r"[A-Z]{2,4}", given):  # initials run together, as Web of Science and MEDLINE write them ("PS")
        return f"{family} {given}"
    initials = "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())
    return f"{family} {initials}".strip()


def split_author(name: str) -> str | None:
    """'Müller, Jörg' or 'Müller J' or 'Jörg Müller' to 'Müller J'; a braced or long name stays as it is."""
    name = clean_text(name) or ""
    if not name or re.fullmatch(r"et\.?\s*al\.?", name, re.IGNORECASE):
        return None
    if "," in name:
        family, given = name.split(",", 1)
        return author_name(family, given)
    if re.fullmatch(r"[^\W\d_][\w'’\- ]*\s[A-Z]{1,4}", name):
        return name
    parts = name.split()
    if len(parts) >= 2 and len(parts) <= 4 and all(p[0].isupper() for p in parts if p[0].isalpha()):
        return author_name(parts[-1], " ".join(parts[:-1]))
    return name


def study_design(publication_type: str | None, title: str | None, abstract: str | None = None) -> str | None:
    """Map what the source says to one of STUDY_DESIGNS; the publication type wins over the title."""
    for text in (publication_type, title, abstract):
        if not text:
            continue
        for design, pattern in _DESIGN_RULES:
            if design == "animal study" and text is publication_type:
                continue
            if re.search(pattern, text, re.IGNORECASE):
                return design
    return "other" if publication_type or title else None


def finish(record: ReferenceRecord) -> tuple[ReferenceRecord | None, str | None]:
    """Normalise DOI and PMID; a record with nothing bibliographic in it cannot be used."""
    record.raw_doi = record.raw_doi or record.doi
    record.raw_pmid = record.raw_pmid or record.pmid
    record.doi = normalize_doi(record.doi) if record.doi else None
    record.pmid = normalize_pmid(record.pmid)
    record.title = clean_text(record.title)
    if record.title and record.title.endswith(".") and not record.title.endswith(".."):
        record.title = record.title[:-1]
    record.abstract = clean_text(record.abstract)
    record.journal = clean_text(record.journal)
    record.authors = [a for a in record.authors if a]
    names_a_work = record.journal and (record.year or record.volume or record.pages)  # "G-Animal's Journal 1986;41(7)"
    if not (record.title or record.doi or record.pmid or record.authors or names_a_work):
        # what a reference manager holds is kept, however little ("Marx K"); a record with nothing that names a
        # work (notes, a type, a journal's name alone) is refused
        return None, "no title, author, identifier, or journal with its year or volume: nothing bibliographic in the record"
    return record, None
