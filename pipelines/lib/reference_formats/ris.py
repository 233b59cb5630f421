"""RIS (.ris) with rispy, one record at a time.

rispy, given a whole file, merges a record that lacks its `ER  -` line into the next one and
the next record disappears; so the file is cut at every `TY  -` line first and each record is
parsed on its own. Text before the first record (EndNote's "Provider:" header) is not a record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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

_START = re.compile(r"^TY  - ", re.MULTILINE)
_END = re.compile(r"^ER  -\s*$", re.MULTILINE)


def tagged_records(text: str, source_file: str, result: ReadResult, start: re.Pattern, end: re.Pattern, end_tag: str, form: str,
                   implementation=None) -> Iterator[tuple[int, int, str, dict]]:
    """(number, line, raw, entry) of each record of a tagged export, cut at its start tag and read alone with rispy:
    a record without its end line, or one rispy cannot read, is a rejected row and costs only itself."""
    starts = [m.start() for m in start.finditer(text)]
    for number, at in enumerate(starts, start=1):
        chunk = text[at : starts[number] if number < len(starts) else len(text)]
        line = text.count("\n", 0, at) + 1
        location, raw = f"record {number} (line {line})", chunk.strip()
        result.records_read += 1
        if not end.search(chunk):
            result.rejected.append(Rejected(source_file, location, f"{form}: the record has no '{end_tag}' end line", raw))
            continue
        try:
            entries = rispy.loads(chunk, implementation=implementation) if implementation else rispy.loads(chunk)
        except Exception as exc:  # rispy raises plain exceptions on malformed tags
            result.rejected.append(Rejected(source_file, location, f"{form}: {exc}", raw))
            continue
        if len(entries) != 1:
            result.rejected.append(Rejected(source_file, location, f"{form}: could not read the record", raw))
            continue
        yield number, line, raw, entries[0]


_TITLE_FIELDS = ("primary_title", "title", "short_title", "secondary_title")  # TI, T1, ST, T2: the first present is the title


def _title_field(entry: dict) -> str | None:
    return next((f for f in _TITLE_FIELDS if clean_text(entry.get(f))), None)


def _title(entry: dict) -> str | None:
    """A record whose title is only in ST (short title) or T2 (the book or series) keeps that title."""
    field = _title_field(entry)
    return clean_text(entry.get(field)) if field else None


def read_ris(text: str, source_file: str) -> ReadResult:
    result = ReadResult()
    for number, line, raw, entry in tagged_records(text, source_file, result, _START, _END, "ER  -", "RIS"):
        authors = [split_author(a) for a in entry.get("authors", []) + entry.get("first_authors", [])]
        record = ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=line,
            source_format="ris",
            raw_text=raw,
            authors=[a for a in authors if a],
            et_al=any(re.fullmatch(r"et\.?\s*al\.?", a or "", re.IGNORECASE) for a in entry.get("authors", [])),
            title=_title(entry),
            journal=clean_text((entry.get("secondary_title") if _title_field(entry) != "secondary_title" else None)
                               or entry.get("journal_name") or entry.get("alternate_title3")),
            journal_abbreviation=clean_text(entry.get("alternate_title1") or entry.get("alternate_title2")),
            year=normalize_year(entry.get("year") or entry.get("publication_year") or entry.get("date")),
            volume=clean_text(entry.get("volume")),
            issue=clean_text(entry.get("number")),
            pages=pages_from(entry.get("start_page"), entry.get("end_page")),
            doi=entry.get("doi"),
            pmid=_pmid(entry),
            publication_type=clean_text(entry.get("type_of_reference")),
            abstract=entry.get("abstract") or entry.get("notes_abstract"),
        )
        result.accept(record, "RIS")
    return result


def _pmid(entry: dict) -> str | None:
    for key in ("accession_number", "pubmed_id"):
        value = entry.get(key)
        if value and re.fullmatch(r"\s*\d{1,9}\s*", str(value)):
            return str(value).strip()
    for note in entry.get("notes", []) if isinstance(entry.get("notes"), list) else []:
        m = re.search(r"PMID:?\s*(\d{1,9})", note)
        if m:
            return m.group(1)
    return None
