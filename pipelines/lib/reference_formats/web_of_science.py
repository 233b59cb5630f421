"""Web of Science tagged export ("FN Clarivate Analytics Web of Science", `PT`...`ER`), which Web of
Science saves as `savedrecs.txt` and tools often rename `.ris`: read with rispy's WokParser, one
record at a time so a broken record costs only itself."""

from __future__ import annotations

import re

import rispy

from pipelines.lib.reference_formats.records import ReadResult, ReferenceRecord, clean_text, normalize_year, pages_from, split_author
from pipelines.lib.reference_formats.ris import tagged_records

_START = re.compile(r"^PT ", re.MULTILINE)
_END = re.compile(r"^ER\s*$", re.MULTILINE)


def is_web_of_science(text: str) -> bool:
    head = text.lstrip("\ufeff")[:200]
    return head.startswith("FN ") or (head.startswith("PT ") and bool(_END.search(text)))


def read_web_of_science(text: str, source_file: str) -> ReadResult:
    result = ReadResult()
    for number, line, raw, entry in tagged_records(text, source_file, result, _START, _END, "ER", "Web of Science", rispy.WokParser):
        pmid = str(entry.get("pubmed_id") or "").strip()
        result.accept(ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=line,
            source_format="web_of_science",
            raw_text=raw,
            authors=[a for a in (split_author(x) for x in entry.get("authors", [])) if a],
            title=clean_text(entry.get("document_title")),
            journal=clean_text(entry.get("publication_name")),
            journal_abbreviation=clean_text(entry.get("iso_source_abbreviation") or entry.get("source_abbreviation_29c")),
            year=normalize_year(entry.get("publication_year")),
            volume=clean_text(entry.get("volume")),
            issue=clean_text(entry.get("issue")),
            pages=pages_from(entry.get("beginning_page"), entry.get("ending_page")),
            doi=entry.get("doi"),
            pmid=pmid if pmid.isdigit() else None,
            publication_type=clean_text(entry.get("document_type")),
            abstract=entry.get("abstract"),
        ), "Web of Science")
    return result
