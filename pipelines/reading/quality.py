"""How well one review was read, in numbers an analyst can check, and warnings when it read badly.

A review that reads badly is worse than a missing one (its rows look like evidence), so the
thresholds below are deliberately strict; they are the bars of the reading issue's first check.
"""

from __future__ import annotations

from pipelines.reading.document import ParsedReview

MIN_SENTENCES = 50
MIN_CITED_SHARE = 0.80
MIN_RESOLVED_SHARE = 0.95


def quality_row(review: ParsedReview, bibliography: list[dict]) -> dict:
    numbers = [e.number for e in review.references if e.number is not None]
    listed = set(numbers)
    marks = [m for s in review.sentences for m in s.citations]
    resolved = [m for m in marks if m.numbers and all(n in listed for n in m.numbers)]
    cited = {n for m in marks for n in m.numbers if n in listed}
    parsed = [row for row in bibliography if row.get("first_author") and row.get("title") and row.get("year")]
    gaps = (max(listed) - len(listed)) if listed and min(listed) >= 1 else 0
    disorder = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b != a + 1)
    first_seen: list[int] = []
    for m in marks:
        for n in m.numbers:
            if n in listed and n not in first_seen:
                first_seen.append(n)
    citation_disorder = sum(1 for i, n in enumerate(first_seen) if n > max(first_seen[:i], default=0) + 1) if review.citation_style != "author-year" else 0
    warnings = list(review.warnings)
    if len(review.sentences) < MIN_SENTENCES:
        warnings.append(f"only {len(review.sentences)} sentences read (fewer than {MIN_SENTENCES})")
    if not review.references:
        warnings.append("no reference list found")
    elif len(cited) < MIN_CITED_SHARE * len(listed):
        warnings.append(f"{len(cited)} of {len(listed)} references cited in the body (below {MIN_CITED_SHARE:.0%})")
    if marks and len(resolved) < MIN_RESOLVED_SHARE * len(marks):
        warnings.append(f"{len(resolved)} of {len(marks)} citation marks resolve (below {MIN_RESOLVED_SHARE:.0%})")
    if review.unresolved_marks:
        warnings.append(f"{len(review.unresolved_marks)} author-year citation(s) resolve to no single entry")
    if review.references and len(parsed) < 0.9 * len(review.references):
        warnings.append(f"{len(parsed)} of {len(review.references)} references parsed with first author, title and year")
    if gaps:
        warnings.append(f"{gaps} number(s) missing from the numbered list")
    if listed and citation_disorder > 0.1 * len(listed) and review.citation_style in ("numeric", "superscript", None):
        warnings.append(f"{citation_disorder} references first cited out of order: the numbers may be misread")
    if not review.title:
        warnings.append("no title found")
    return {
        "review_id": review.review_id,
        "source_format": review.source_format,
        "reader": review.reader,
        "citation_style": review.citation_style,
        "sentences": len(review.sentences),
        "references_printed": len(review.references),
        "references_parsed": len(parsed),
        "citation_marks": len(marks),
        "citation_marks_resolved": len(resolved),
        "references_cited": len(cited),
        "references_never_cited": len(listed - cited),
        "numbering_gaps": gaps,
        "numbering_disorder": disorder,
        "first_citation_disorder": citation_disorder,
        "furniture_blocks": len(review.furniture),
        "warnings": warnings,
        "read_well": not warnings,
    }
