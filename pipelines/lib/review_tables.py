"""A parsed review as rows of the warehouse tables: reviews, sentences, citations, bibliography."""

from __future__ import annotations

from pipelines.evidence.roles import review_sentence_roles
from pipelines.lib.ids import content_id
from pipelines.lib.vancouver import ParsedReference
from pipelines.reading.document import ParsedReview, ReferenceEntry
from pipelines.reading.reference_strings import parse_reference_list


def reference_id_for(review_id: str, reference_number: int | None, raw_text: str) -> str:
    """A review's own list entry is identified by the review and its number (or text, if unnumbered)."""
    return content_id("ref", review_id, reference_number if reference_number is not None else raw_text)


def review_rows(review: ParsedReview, source_file: str, source_sha256: str) -> list[dict]:
    return [
        {
            "review_id": review.review_id,
            "title": review.title,
            "authors": review.authors,
            "affiliation": review.affiliation,
            "doi": review.doi,
            "journal": review.journal,
            "received": review.received,
            "published": review.published,
            "source_file": source_file,
            "source_sha256": source_sha256,
            "source_format": review.source_format,
            "reader": review.reader,
            "pmid": review.pmid,
            "pmcid": review.pmcid,
        }
    ]


def sentence_rows(review: ParsedReview, roles: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    """roles: each sentence's (role, rule) when the caller has decided them already."""
    roles = roles or review_sentence_roles(review.sentences)
    return [
        {
            "sentence_id": s.sentence_id,
            "review_id": review.review_id,
            "section": s.section,
            "section_kind": s.section_kind,
            "role": role,
            "role_rule": rule,
            "paragraph_number": s.paragraph_number,
            "sentence_number": s.sentence_number,
            "text": s.text,
            "char_start": s.char_start,
            "char_end": s.char_end,
        }
        for s in review.sentences
        for role, rule in [roles[s.sentence_id]]
    ]


def bibliography_rows(review: ParsedReview, source_file: str) -> tuple[list[dict], list[dict], list[dict]]:
    """Rows for the review's reference list, rejected rows for entries that did not parse whole,
    and citation issues for numbers listed twice."""
    rows, rejected, issues = [], [], []
    seen_numbers: set[int] = set()
    printed = iter(parse_reference_list([e.raw_text for e in review.references if not e.fields]))
    for entry in review.references:
        parsed = _structured(entry) if entry.fields else next(printed)
        reference_id = reference_id_for(review.review_id, entry.number, entry.raw_text)
        duplicate = entry.number is not None and entry.number in seen_numbers
        if duplicate:
            rejected.append(_rejected(source_file, f"line {entry.line}", "bibliography", f"reference number {entry.number} appears twice; the first entry is kept", entry.raw_text))
            issues.append({"review_id": review.review_id, "kind": "duplicate entry", "reference_number": entry.number, "sentence_id": None,
                           "detail": f"number {entry.number} is listed twice (line {entry.line}); the first entry is kept"})
            continue
        if entry.number is not None:
            seen_numbers.add(entry.number)
        hard = [p for p in parsed.problems if p.startswith("no ")]
        if hard:
            rejected.append(_rejected(source_file, f"line {entry.line}", "bibliography", "could not parse reference: " + "; ".join(hard), entry.raw_text))
        rows.append(
            {
                "reference_id": reference_id,
                "review_id": review.review_id,
                "reference_number": entry.number,
                "authors": parsed.authors,
                "first_author": parsed.authors[0] if parsed.authors else None,
                "et_al": parsed.et_al,
                "title": parsed.title,
                "journal": parsed.journal,
                "year": parsed.year,
                "volume": parsed.volume,
                "issue": parsed.issue,
                "pages": parsed.pages,
                "doi": parsed.doi,
                "pmid": parsed.pmid,
                "publication_type": (entry.fields or {}).get("publication_type"),
                "abstract": None,
                "source_format": review.source_format if entry.fields else "vancouver",  # a printed list entry, whatever its style (kept for existing queries)
                "source_file": source_file,
                "raw_text": entry.raw_text,
            }
        )
    return rows, rejected, issues


def citation_rows(review: ParsedReview, reference_ids: dict[int, str]) -> list[dict]:
    rows = []
    for s in review.sentences:
        numbers: dict[int, str] = {}
        for mark in s.citations:
            for n in mark.numbers:
                numbers.setdefault(n, mark.text)
        for n, mark_text in numbers.items():
            rows.append({"review_id": review.review_id, "sentence_id": s.sentence_id, "reference_number": n, "reference_id": reference_ids.get(n),
                         "mark_text": mark_text})
    return rows


def unresolved_mark_issues(review: ParsedReview) -> list[dict]:
    """Author-year citations that fit no entry, or more than one: reported, never guessed."""
    return [{"review_id": review.review_id, "kind": "unresolved citation", "reference_number": None, "sentence_id": sentence_id,
             "detail": f"{mark!r}: {why}"} for sentence_id, mark, why in review.unresolved_marks]


def _structured(entry: ReferenceEntry) -> ParsedReference:
    """A reference whose fields the source states (JATS, TEI): taken as given."""
    fields = entry.fields or {}
    ref = ParsedReference(raw_text=entry.raw_text, authors=list(fields.get("authors") or []), et_al=bool(fields.get("et_al")))
    for name in ("title", "journal", "year", "volume", "issue", "pages", "doi", "pmid"):
        setattr(ref, name, fields.get(name))
    if not ref.authors:
        ref.problems.append("no author list found")
    if ref.year is None:
        ref.problems.append("no publication year found")
    return ref


def problem_rows(review: ParsedReview, source_file: str) -> list[dict]:
    return [_rejected(source_file, location, "bibliography", reason, "") for location, reason in review.problems]


def _rejected(source_file: str, location: str, target: str, reason: str, raw: str) -> dict:
    return {"source_file": source_file, "location": location, "target": target, "reason": reason, "raw": raw}
