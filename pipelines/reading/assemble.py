"""What every reader shares once it has paragraphs and a reference list: numbering the list,
splitting sentences, finding and resolving citation marks, naming each section's kind."""

from __future__ import annotations

import re

from pipelines.lib.ids import content_id
from pipelines.reading.author_year import AuthorYearIndex, entry_key, find_author_year
from pipelines.reading.citations import CitationMark, expand_numbers, find_citations
from pipelines.reading.document import Paragraph, ParsedReview, Sentence
from pipelines.reading.sentences import split_sentences

# heading words -> section kind; first match wins, so back matter is tested before the body's words
SECTION_KINDS: list[tuple[str, re.Pattern]] = [
    ("references", re.compile(r"^\W*(?:\d+\.?\s*)?(references?|bibliography|literature cited|works cited)\b", re.I)),
    ("back", re.compile(r"\b(acknowledge?ments?|funding|conflicts? of interest|competing interests?|author contributions?|data availability|"
                        r"supplementary|ethics (?:statement|approval)|abbreviations|declarations?|disclosures?|publisher'?s note|trial registration|"
                        r"consent for publication|additional information|open access)\b", re.I)),
    ("abstract", re.compile(r"^\W*(abstract|summary|highlights|key points|research in context)\b", re.I)),
    ("introduction", re.compile(r"\b(introduction|background|rationale)\b", re.I)),
    # a review's "Trauma-Focused Interventions" or "Meta-analyses of ketamine" is not its methods: only
    # headings no review names its topics with; a trial's "Interventions" under "Methods" inherits the kind
    ("methods", re.compile(r"\b(methods?|materials|participants|statistical|search strategy|eligibility|study (?:design|population|selection)|"
                           r"data (?:collection|extraction|sources|analys[ie]s)|randomi[sz]ation|outcome measures?|trial design)\b", re.I)),
    ("results", re.compile(r"\b(results?|findings)\b", re.I)),
    ("discussion", re.compile(r"\b(discussion|limitations|strengths|implications|future directions)\b", re.I)),
    ("conclusion", re.compile(r"\b(conclusions?|concluding remarks|summary)\b", re.I)),
]


_ABSTRACT_LABELS = re.compile(r"^\W*(background|objectives?|aims?|purpose|context|methods?|design|setting|participants|results?|findings|"
                              r"conclusions?|interpretation|limitations|implications|funding|trial registration)\W*$", re.I)


def section_kind(heading: str | None, previous: str | None = None) -> str | None:
    """The kind of a section from its heading; a sub-heading with no known word keeps its parent's kind,
    and a structured abstract's labels ('Background', 'Methods') stay in the abstract."""
    if not heading:
        return previous
    if previous == "abstract" and _ABSTRACT_LABELS.match(heading):
        return "abstract"
    for kind, pattern in SECTION_KINDS:
        if pattern.search(heading):
            return kind
    # methods have sub-headings (Participants, Interventions...); a review's topic sections after its
    # introduction are its body
    return previous if previous not in (None, "abstract", "introduction") else "body"


def number_references(review: ParsedReview) -> None:
    """An unnumbered list is numbered in order; in a numbered list a stray entry is reported."""
    if review.references and all(r.number is None for r in review.references):
        for number, entry in enumerate(review.references, start=1):
            entry.number = number
        return
    for entry in review.references:
        if entry.number is None:
            review.problems.append((f"line {entry.line}", "reference entry without a number in a numbered list"))


def author_year_index(review: ParsedReview) -> AuthorYearIndex | None:
    """An index when the list reads as author–year (most entries open with a surname and give a year)."""
    keys = []
    for entry in review.references:
        fields = entry.fields or {}
        key = entry_key(entry.number or 0, entry.raw_text, fields.get("authors"), fields.get("year_label"))
        if key is not None:
            keys.append(key)
    if not review.references or len(keys) < 0.6 * len(review.references):
        return None
    return AuthorYearIndex(keys)


# a superscript flattened with spaces around it: "coronary events, 1 the extent", "meta-analysis. 21-137 Most trials"
_SPACED_SUPERSCRIPT = re.compile(r"(?<=[A-Za-z)\]%][.,;:]) (\d{1,3}(?:\s?[-–,]\s?\d{1,3}){0,12})(?= [A-Za-z(]| ?$)")
_LEADING_NUMBER = re.compile(r"(\d{1,3}(?:\s?[-–,]\s?\d{1,3}){0,12})(?:\s+(?=[A-Z])|\s*$)")
_COUNTED = re.compile(
    r"^\s*(?:%|percent|patients?|participants?|subjects?|people|persons?|individuals?|studies|study|trials?|women|men|children|adolescents|adults|"
    r"years?|months?|weeks?|days?|hours?|minutes?|mg|g|kg|ml|sessions?|items?|cases?|controls?|times|fold|points?|centres?|centers?|sites?|"
    r"countries|articles|papers|reviews|rcts|samples?|cohorts?|of|to|and|or|x|×)\b",
    re.IGNORECASE,
)
_ORDER_SLACK = 5  # a flattened superscript may run this far ahead of the highest number cited so far


def finish(review: ParsedReview, paragraphs: list[Paragraph], numeric_superscripts: bool = True) -> ParsedReview:
    """Number the list, split sentences and find their citations; exact marks (from XML) are kept as given."""
    unnumbered = bool(review.references) and all(r.number is None for r in review.references)
    number_references(review)
    author_year = review.citation_style == "author-year" or (review.citation_style is None and unnumbered)
    index = author_year_index(review) if author_year else None
    n_references = max((r.number or 0 for r in review.references), default=0)
    spans = [(paragraph, _spans(paragraph.text.text, n_references if not unnumbered else 0)) for paragraph in paragraphs]
    found = [[find_citations(p.text.text[a:b], n_references if numeric_superscripts else None) if p.marks is None else [] for a, b in ss] for p, ss in spans]
    found = _without_stray_flattened(found, [[p.text.text[a:b] for a, b in ss] for p, ss in spans])
    cited = {n for marks in found for ms in marks for m in ms for n in m.numbers}
    spaced = n_references and not unnumbered and index is None and len(cited) < 0.5 * n_references
    authors_by_number = first_authors(review) if n_references and not unnumbered and index is None else {}
    highest = 0
    sentences: list[Sentence] = []
    occurrences: dict[str, int] = {}
    for paragraph_number, ((paragraph, paragraph_spans), paragraph_marks) in enumerate(zip(spans, found, strict=True), start=1):
        text = paragraph.text.text
        for sentence_number, ((start, end), marks) in enumerate(zip(paragraph_spans, paragraph_marks, strict=True), start=1):
            sentence_text = text[start:end]
            char_start, char_end = paragraph.text.source_span(start, end)
            seen = occurrences.get(sentence_text, 0)
            occurrences[sentence_text] = seen + 1
            sentence_id = content_id("sen", review.review_id, sentence_text, seen)
            if paragraph.marks is not None:
                marks = [CitationMark(m.start - start, m.end - start, m.numbers, m.text) for m in paragraph.marks if start <= m.start < end]
            else:
                if authors_by_number:
                    marks = sorted(marks + _surname_marks(sentence_text, marks, authors_by_number), key=lambda c: c.start)
                if spaced:
                    marks = sorted(marks + _spaced_marks(sentence_text, marks, n_references, highest), key=lambda c: c.start)
                if index is not None:
                    more, unresolved = find_author_year(sentence_text, index)
                    marks = sorted(_without_overlaps(marks, more) + more, key=lambda c: c.start)
                    review.unresolved_marks.extend((sentence_id, mark, why) for mark, why in unresolved)
            highest = max([highest] + [n for m in marks for n in m.numbers if n <= n_references])
            sentences.append(
                Sentence(sentence_id, paragraph.section, paragraph_number, sentence_number, sentence_text, char_start, char_end, marks,
                         paragraph.section_kind)
            )
    review.sentences = sentences
    if index is not None and review.citation_style is None:
        review.citation_style = "author-year"
    elif spaced and review.citation_style is None:
        review.citation_style = "superscript"
    return review


def _without_stray_flattened(found: list[list[list[CitationMark]]], texts: list[list[str]]) -> list[list[list[CitationMark]]]:
    """In an article that cites in brackets set off by a space ('format [16]'), a number run onto a word
    ('detectron2', 'alpha2') is the word's, not a superscript the converter flattened. Superscripts a reader
    turned into brackets sit on the word ('studies[31,32]'), so an article of superscripts keeps its flattened marks."""
    spaced = glued = flattened = 0
    for paragraph, paragraph_texts in zip(found, texts, strict=True):
        for marks, text in zip(paragraph, paragraph_texts, strict=True):
            for m in marks:
                if not m.text.startswith("["):
                    flattened += not m.text.startswith("(")
                elif m.start == 0 or text[m.start - 1].isspace():
                    spaced += 1
                else:
                    glued += 1
    if not flattened or spaced < 5 or spaced < 4 * (glued + flattened):
        return found
    return [[[m for m in sentence if m.text.startswith(("[", "("))] for sentence in paragraph] for paragraph in found]


def _spans(text: str, n_references: int) -> list[tuple[int, int]]:
    """Sentence spans; a run of citation numbers opening a sentence ('. 21-137 Most trials') goes back to the sentence it ends."""
    spans = split_sentences(text)
    if not n_references:
        return spans
    fixed: list[tuple[int, int]] = []
    for start, end in spans:
        lead = _LEADING_NUMBER.match(text[:end], start) if fixed else None
        if lead and all(1 <= n <= n_references for n in expand_numbers(lead.group(1))):
            previous = fixed.pop()
            fixed.append((previous[0], start + len(lead.group(1))))
            start = lead.end()
        if end > start:
            fixed.append((start, end))
    return fixed


def _spaced_marks(text: str, marks: list[CitationMark], n_references: int, highest: int) -> list[CitationMark]:
    """Flattened superscripts set off by spaces, told from the text's own numbers by the list's size,
    the order of first citation and what follows them ('45 patients' counts, it does not cite)."""
    found = []
    for m in _SPACED_SUPERSCRIPT.finditer(text):
        numbers = expand_numbers(m.group(1))
        if not numbers or not all(1 <= n <= n_references for n in numbers) or min(numbers) > highest + _ORDER_SLACK:
            continue
        if _COUNTED.match(text[m.end(1):]) or any(c.start < m.end(1) and m.start(1) < c.end for c in marks):
            continue
        found.append(CitationMark(m.start(1), m.end(1), numbers, m.group(1)))
        highest = max(highest, max(numbers))
    return found


_LEADING_SURNAME = re.compile(r"^\W*([A-Z][A-Za-z'’-]+)")
# "except for Saeb7 who", "Mohr et al. 10 for", a table cell "Smagula (b)92": a study named by its
# first author with the superscript flattened onto the name
_NAMED_STUDY = re.compile(r"\b([A-Z][A-Za-z'’-]{1,30})(?: et al\.?| and colleagues)?(?: \([a-z]\))? ?(\d{1,3})(?![\d.,]\d)")


def first_authors(review: ParsedReview) -> dict[int, str]:
    found = {}
    for entry in review.references:
        authors = (entry.fields or {}).get("authors")
        surname = authors[0].split(",")[0].split()[-1] if authors else None
        if surname is None:
            m = _LEADING_SURNAME.match(entry.raw_text)
            surname = m.group(1) if m else None
        if entry.number and surname and len(surname) > 1:
            found[entry.number] = surname.lower()
    return found


def _surname_marks(text: str, marks: list[CitationMark], first_authors: dict[int, str]) -> list[CitationMark]:
    """A capitalised word with a number run onto it cites that number when the word is its entry's first author."""
    found = []
    for m in _NAMED_STUDY.finditer(text):
        number = int(m.group(2))
        surname = first_authors.get(number, "")
        if m.group(1).lower() not in (surname, surname.rsplit("-", 1)[-1]) or any(c.start < m.end(2) and m.start(2) < c.end for c in marks):
            continue
        found.append(CitationMark(m.start(2), m.end(2), (number,), m.group(2)))
    return found


def _without_overlaps(marks: list[CitationMark], kept: list[CitationMark]) -> list[CitationMark]:
    return [m for m in marks if not any(k.start < m.end and m.start < k.end for k in kept)]
