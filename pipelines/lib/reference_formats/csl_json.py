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


class WrongType(ValueError):
    """A field whose value is not what CSL-JSON puts there (a list for a title, an object for a DOI)."""


def _text(item: dict, key: str) -> str | None:
    """A text field: a string, or a number written as text; anything else makes the item a rejected row."""
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise WrongType(f"CSL-JSON: field {key!r} is {type(value).__name__}, expected text")


def _year(item: dict) -> int | None:
    for key in ("issued", "published-print", "published-online", "created"):
        value = item.get(key)
        if isinstance(value, dict):
            parts = value.get("date-parts")
            if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0] and isinstance(parts[0][0], (int, str)):
                return normalize_year(parts[0][0])
            literal = _text(value, "raw") or _text(value, "literal")
            if literal:
                return normalize_year(literal)
    return normalize_year(_text(item, "year"))


def read_csl_json(text: str, source_file: str) -> ReadResult:
    result = ReadResult()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.records_read = 1
        result.rejected.append(Rejected(source_file, f"line {exc.lineno}", f"CSL-JSON: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", text[:500]))
        return result
    except RecursionError:
        result.records_read = 1
        result.rejected.append(Rejected(source_file, "file", "CSL-JSON: nested too deeply to be a reference list", text[:500]))
        return result
    items = data if isinstance(data, list) else data.get("items", [data]) if isinstance(data, dict) else None
    if not isinstance(items, list):
        result.records_read = 1
        result.rejected.append(Rejected(source_file, "file", "CSL-JSON: expected a list of items", text[:500]))
        return result
    for number, item in enumerate(items, start=1):
        result.records_read += 1
        try:
            raw = json.dumps(item, ensure_ascii=False, sort_keys=True)[:4000]
        except (RecursionError, ValueError):
            result.rejected.append(Rejected(source_file, f"record {number}", "CSL-JSON: an item nested too deeply to be a reference", ""))
            continue
        if not isinstance(item, dict):
            result.rejected.append(Rejected(source_file, f"record {number}", "CSL-JSON: an item is not an object", raw))
            continue
        try:
            record = _record(item, source_file, number, raw)
        except WrongType as exc:
            result.rejected.append(Rejected(source_file, f"record {number}", str(exc), raw))
            continue
        result.accept(record, "CSL-JSON")
    return result


def _record(item: dict, source_file: str, number: int, raw: str) -> ReferenceRecord:
    role = "author" if item.get("author") else "editor"  # an edited book is cited by its editors, as CSL styles substitute them
    people = item.get(role) or []
    if not isinstance(people, list):
        raise WrongType(f"CSL-JSON: field '{role}' is {type(people).__name__}, expected a list of names")
    authors = [author_name(_text(p, "family"), _text(p, "given"), _text(p, "literal")) for p in people if isinstance(p, dict)]
    page = clean_text(_text(item, "page"))
    return ReferenceRecord(
        source_file=source_file,
        record_number=number,
        line=None,
        source_format="csl-json",
        raw_text=raw,
        authors=[a for a in authors if a],
        title=_text(item, "title") or _text(item, "title-short") or _text(item, "shortTitle"),  # a short title alone still names the work, as RIS ST does
        journal=clean_text(_text(item, "container-title")),
        journal_abbreviation=clean_text(_text(item, "container-title-short") or _text(item, "journalAbbreviation")),
        year=_year(item),
        volume=clean_text(_text(item, "volume")),
        issue=clean_text(_text(item, "issue")),
        pages=pages_from(page.replace("–", "-") if page else None),
        doi=_text(item, "DOI") or _text(item, "doi"),
        pmid=_text(item, "PMID") or _text(item, "pmid"),
        publication_type=clean_text(_text(item, "genre") or _text(item, "type")),
        abstract=_text(item, "abstract"),
    )
