"""Web of Science tagged export ("FN Clarivate Analytics Web of Science", `PT`...`ER`), which Web of
Science saves as `savedrecs.txt` and tools often rename `.ris`: read with rispy's WokParser, one
record at a time so a broken record costs only itself."""

from __future__ import annotations

import re

import rispy

from pipelines.lib.reference_formats.records import (
    ReadResult,
    ReferenceRecord,
    Rejected,
    clean_text,
    normalize_year,
    pages_from,
    split_author,
)

_START = re.compile(r"^PT ", re.MULTILINE)
_END = re.compile(r"^ER\s*$", re.MULTILINE)


def is_web_of_science(text: str) -> bool:
    head = text.lstrip("\ufeff")[:200]
    return head.startswith("FN ") or (head.startswith("PT ") and bool(_END.search(text)))


def read_web_of_science(text: str, source_file: str) -> ReadResult:
    result = ReadResult()
    starts = [m.start() for m in _START.finditer(text)]
    for number, start in enumerate(starts, start=1):
        chunk = text[start : starts[number] if number < len(starts) else len(text)]
        line = text.count("\n", 0, start) + 1
        result.records_read += 1
        location = f"record {number} (line {line})"
        if not _END.search(chunk):
            result.rejected.append(Rejected(source_file, location, "Web of Science: the record has no 'ER' end line", chunk.strip()))
            continue
        try:
            entries = rispy.loads(chunk, implementation=rispy.WokParser)
        except Exception as exc:  # rispy raises plain exceptions on malformed tags
            result.rejected.append(Rejected(source_file, location, f"Web of Science: {exc}", chunk.strip()))
            continue
        entry = entries[0] if len(entries) == 1 else {}
        pmid = str(entry.get("pubmed_id") or "").strip()
        result.accept(ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=line,
            source_format="web_of_science",
            raw_text=chunk.strip(),
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
