"""The one document model every reader produces, whatever form the article came in.

Downstream code (tables, extraction, quality) reads only this: metadata, sentences with
offsets into the reading text, their citation marks resolved to reference numbers, the
reference list as printed, and the furniture the reader set aside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipelines.reading.citations import CitationMark
from pipelines.reading.mapped_text import MappedText


@dataclass
class Sentence:
    sentence_id: str
    section: str | None
    paragraph_number: int
    sentence_number: int
    text: str
    char_start: int
    char_end: int
    citations: list[CitationMark]
    section_kind: str | None = None


@dataclass
class ReferenceEntry:
    """One entry of the printed reference list. `number` is the printed number, or the entry's
    position in an unnumbered (author-year) list; `fields` holds what a structured form (JATS,
    TEI) states outright, so nothing has to be guessed from the raw text."""

    number: int | None
    raw_text: str
    line: int
    key: str | None = None  # the source's own id for the entry (JATS ref/@id, TEI xml:id)
    fields: dict | None = None


@dataclass
class Paragraph:
    section: str | None
    text: MappedText
    section_kind: str | None = None
    marks: list[CitationMark] | None = None  # exact citation marks (XML forms), offsets into text


@dataclass
class ParsedReview:
    review_id: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliation: str | None = None
    doi: str | None = None
    journal: str | None = None
    received: date | None = None
    published: date | None = None
    keywords: list[str] = field(default_factory=list)
    pmid: str | None = None
    pmcid: str | None = None
    article_type: str | None = None
    source_format: str = "markdown"
    reader: str = ""
    citation_style: str | None = None  # numeric, superscript, author-year, none
    sentences: list[Sentence] = field(default_factory=list)
    references: list[ReferenceEntry] = field(default_factory=list)
    furniture: list[tuple[str, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (location, reason)
    unresolved_marks: list[tuple[str, str, str]] = field(default_factory=list)  # (sentence_id, mark text, why)
    warnings: list[str] = field(default_factory=list)
    reading_text: str | None = None  # the text offsets point into, when it is not the file itself
