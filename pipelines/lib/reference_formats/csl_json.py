"""CSL-JSON (.json), as Zotero and Mendeley export it: a list of items (or one item)."""

from __future__ import annotations

import json

from pipelines.lib.reference_formats.records import (
    ReadResult,
    ReferenceRecord,
    Rejected,
    author_name,
    clean_text,
    normalize_year,
    pages_from,
)


def _year(item: dict) -> int | None:
    for key in ("issued", "published-print", "published-online", "created"):
        value = item.get(key)
        if isinstance(value, dict):
            parts = value.get("date-parts")
            if parts and parts[0] and parts[0][0]:
                return normalize_year(parts[0][0])
            if value.get("raw") or value.get("literal"):
                return normalize_year(value.get("raw") or value.get("literal"))
    return normalize_year(item.get("year"))


def read_csl_json(text: str, source_file: str) -> ReadResult:
    result = ReadResult()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.records_read = 1
        result.rejected.append(Rejected(source_file, f"line {exc.lineno}", f"CSL-JSON: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", text[:500]))
        return result
    items = data if isinstance(data, list) else data.get("items", [data]) if isinstance(data, dict) else None
    if items is None:
        result.records_read = 1
        result.rejected.append(Rejected(source_file, "file", "CSL-JSON: expected a list of items", text[:500]))
        return result
    for number, item in enumerate(items, start=1):
        result.records_read += 1
        raw = json.dumps(item, ensure_ascii=False, sort_keys=True)[:4000]
        if not isinstance(item, dict):
            result.rejected.append(Rejected(source_file, f"record {number}", "CSL-JSON: an item is not an object", raw))
            continue
        authors = []
        for person in item.get("author", []) or []:
            if isinstance(person, dict):
                authors.append(author_name(person.get("family"), person.get("given"), person.get("literal")))
        page = clean_text(item.get("page"))
        record = ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=None,
            source_format="csl-json",
            raw_text=raw,
            authors=[a for a in authors if a],
            title=item.get("title"),
            journal=clean_text(item.get("container-title")),
            journal_abbreviation=clean_text(item.get("container-title-short") or item.get("journalAbbreviation")),
            year=_year(item),
            volume=clean_text(item.get("volume")),
            issue=clean_text(item.get("issue")),
            pages=pages_from(page.replace("–", "-") if page else None),
            doi=item.get("DOI") or item.get("doi"),
            pmid=item.get("PMID") or item.get("pmid"),
            publication_type=clean_text(item.get("genre") or item.get("type")),
            abstract=item.get("abstract"),
        )
        result.accept(record, "CSL-JSON")
    return result
