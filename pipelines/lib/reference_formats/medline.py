"""MEDLINE/PubMed tagged format (.nbib, .txt): `TAG - value`, continuation lines indented.

Written here rather than with the `nbib` package (unmaintained since 2021, and it gives no line
numbers for a bad record). Records are separated by blank lines and begin with `PMID-`.
"""

from __future__ import annotations

import re

from pipelines.lib.reference_formats.records import (
    ReadResult,
    ReferenceRecord,
    Rejected,
    clean_text,
    normalize_year,
    pages_from,
    split_author,
)

_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*- ?(.*)$")


def _records(text: str) -> list[tuple[int, list[str]]]:
    records, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if current:
                records.append((start, current))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        records.append((start, current))
    return records


def _fields(lines: list[str]) -> tuple[dict[str, list[str]], str | None]:
    fields: dict[str, list[str]] = {}
    tag = None
    for offset, line in enumerate(lines):
        m = _TAG.match(line)
        if m and not line.startswith(" "):
            tag = m.group(1)
            fields.setdefault(tag, []).append(m.group(2).strip())
        elif line.startswith(" ") and tag:
            fields[tag][-1] = f"{fields[tag][-1]} {line.strip()}"
        else:
            return fields, f"line {offset + 1} of the record is neither 'TAG - value' nor a continuation"
    return fields, None


def _first_of(fields: dict[str, list[str]]):
    return lambda tag: fields.get(tag, [None])[0]


def read_medline(text: str, source_file: str) -> ReadResult:
    result = ReadResult()
    for number, (line, lines) in enumerate(_records(text), start=1):
        result.records_read += 1
        raw = "\n".join(lines)
        fields, problem = _fields(lines)
        if problem or not ("PMID" in fields or "TI" in fields):
            result.rejected.append(Rejected(source_file, f"record {number} (line {line})", f"MEDLINE: {problem or 'no PMID or TI tag'}", raw))
            continue

        first = _first_of(fields)
        names = fields.get("FAU") or fields.get("AU") or []
        authors = [split_author(n) for n in names]
        pages = first("PG")
        dois = [re.sub(r"\s*\[doi\]\s*$", "", v) for v in fields.get("LID", []) + fields.get("AID", []) if v.endswith("[doi]")]
        record = ReferenceRecord(
            source_file=source_file,
            record_number=number,
            line=line,
            source_format="medline",
            raw_text=raw,
            authors=[a for a in authors if a],
            et_al=any(re.fullmatch(r"et\.?\s*al\.?", n, re.IGNORECASE) for n in names + fields.get("AU", [])),
            title=first("TI"),
            journal=clean_text(first("JT")),
            journal_abbreviation=clean_text(first("TA")),
            year=normalize_year(first("DP") or first("DEP")),
            volume=clean_text(first("VI")),
            issue=clean_text(first("IP")),
            pages=pages_from(pages.split(",")[0].strip() if pages else None),
            doi=dois[0] if dois else None,
            pmid=first("PMID"),
            publication_type="; ".join(fields.get("PT", [])) or None,
            abstract=first("AB"),
        )
        result.accept(record, "MEDLINE")
    return result
