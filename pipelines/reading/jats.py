"""PubMed Central / JATS XML: the exact form. Metadata from `article-meta`, citations from
`<xref ref-type="bibr">` (inside `<sup>` too), the bibliography from `<ref-list>` without guessing.

Tables, figures, footnotes, boxed text and back matter are set aside as furniture. A citation
whose `rid` names no reference is reported, never dropped.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from pipelines.lib.pages import expand_pages
from pipelines.lib.vancouver import normalize_doi, parse_vancouver
from pipelines.reading.assemble import finish, section_kind
from pipelines.reading.citations import CitationMark
from pipelines.reading.document import Paragraph, ParsedReview, ReferenceEntry
from pipelines.reading.xml_tree import ReadingText, all_text, local, parse_xml, squash, squash_with_marks

FURNITURE_TAGS = {
    "table-wrap", "table-wrap-group", "fig", "fig-group", "supplementary-material", "boxed-text", "fn-group", "fn",
    "disp-formula", "media", "graphic", "chem-struct-wrap", "array", "table", "alternatives", "code", "preformat",
}
BLOCK_TAGS = {"list", "disp-quote", "statement", "def-list", "verse-group"}
_CITATION_TAGS = ("element-citation", "mixed-citation", "citation", "nlm-citation", "citation-alternatives")


def read_jats(review_id: str, data: bytes, name: str) -> ParsedReview:
    root, warnings = parse_xml(data, name)
    article = root if local(root.tag) == "article" else next((e for e in root.iter() if local(e.tag) == "article"), root)
    review = ParsedReview(review_id=review_id, source_format="jats", reader="jats-lxml", warnings=warnings)
    _metadata(review, article)
    ids = _references(review, article)
    layout = ReadingText()
    paragraphs: list[Paragraph] = []
    front = _first(article, "front")
    meta = _first(front, "article-meta") if front is not None else None
    for abstract in (meta.iter() if meta is not None else []):
        if local(abstract.tag) == "abstract" and abstract.get("abstract-type") not in ("graphical", "teaser", "toc"):
            title = _first(abstract, "title")
            _section(review, abstract, all_text(title) if title is not None else "Abstract", "abstract", ids, layout, paragraphs)
            break
    body = _first(article, "body")
    if body is not None:
        _section(review, body, None, None, ids, layout, paragraphs)
    back = _first(article, "back")
    if back is not None:
        for child in back:
            if local(child.tag) != "ref-list":
                review.furniture.append((f"back matter: {local(child.tag)}", all_text(child)[:2000]))
    floats = _first(article, "floats-group")
    for child in floats if floats is not None else []:
        if local(child.tag) in ("table-wrap", "table-wrap-group"):
            _table(review, child, ids, layout, paragraphs)
        else:
            review.furniture.append((local(child.tag), all_text(child)[:2000]))
    review.reading_text = layout.text
    review.citation_style = "xref"
    return finish(review, paragraphs)


def _first(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element if local(c.tag) == tag), None)


def _descendant(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in element.iter() if local(c.tag) == tag), None)


def _either(first: etree._Element | None, second: etree._Element | None) -> etree._Element | None:
    """`a or b` on elements tests whether they have children; this tests whether they exist."""
    return first if first is not None else second


def _metadata(review: ParsedReview, article: etree._Element) -> None:
    front = _first(article, "front")
    meta = _first(front, "article-meta")
    journal_meta = _first(front, "journal-meta")
    review.article_type = article.get("article-type")
    if journal_meta is not None:
        review.journal = all_text(_descendant(journal_meta, "journal-title")) or None
    if meta is None:
        review.problems.append(("front", "no article-meta: title, authors and identifiers are missing"))
        return
    review.title = all_text(_descendant(_first(meta, "title-group"), "article-title")) or None
    for article_id in meta:
        if local(article_id.tag) == "article-id":
            kind, value = article_id.get("pub-id-type"), squash(article_id.text)
            if kind == "doi":
                review.doi = normalize_doi(value)
            elif kind == "pmid" and value.isdigit():
                review.pmid = value
            elif kind in ("pmc", "pmcid"):
                review.pmcid = value if value.upper().startswith("PMC") else f"PMC{value}"
    for contrib in meta.iter():
        if local(contrib.tag) == "contrib" and contrib.get("contrib-type", "author") == "author":
            name = _either(_descendant(contrib, "name"), _descendant(contrib, "string-name"))
            collab = _descendant(contrib, "collab")
            if name is not None:
                review.authors.append(_person(name))
            elif collab is not None:
                review.authors.append(all_text(collab))
    review.keywords = [all_text(k) for k in meta.iter() if local(k.tag) == "kwd" and all_text(k)]
    dates = {}
    for element in meta.iter():
        if local(element.tag) in ("pub-date", "date"):
            kind = element.get("pub-type") or element.get("date-type") or element.get("publication-format") or ""
            dates.setdefault(kind, _date(element))
    review.published = next((dates[k] for k in ("epub", "pub", "electronic", "ppub", "print", "collection", "") if dates.get(k)), None)
    review.received = dates.get("received")


def _date(element: etree._Element) -> date | None:
    parts = {local(c.tag): squash(c.text) for c in element}
    try:
        return date(int(parts["year"]), int(parts.get("month") or 0), int(parts.get("day") or 0))
    except (KeyError, ValueError):
        return None


def _person(name: etree._Element) -> str:
    """'Family Initials', as the bibliography stores authors."""
    surname = all_text(_first(name, "surname")) or all_text(name)
    given = all_text(_first(name, "given-names"))
    initials = "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w and w[0].isalpha())
    suffix = all_text(_first(name, "suffix"))
    return " ".join(p for p in (surname, initials.upper(), suffix) if p)


def _references(review: ParsedReview, article: etree._Element) -> dict[str, int]:
    """The list as printed, each entry keyed by its id; numbered by label when the labels are numbers, else by position."""
    back = _first(article, "back")
    refs = [r for r in (back.iter() if back is not None else []) if local(r.tag) == "ref"]
    labels = [squash(all_text(_first(r, "label"))).strip("[]().") for r in refs]
    by_label = all(label.isdigit() for label in labels) and len(set(labels)) == len(labels) and bool(labels)
    ids: dict[str, int] = {}
    for position, ref in enumerate(refs, start=1):
        number = int(labels[position - 1]) if by_label else position
        citation = next((c for c in ref.iter() if local(c.tag) in _CITATION_TAGS and local(c.tag) != "citation-alternatives"), None)
        fields = _reference_fields(citation) if citation is not None else {}
        raw = all_text(citation if citation is not None else ref)
        review.references.append(ReferenceEntry(number, raw, ref.sourceline or 0, ref.get("id"), fields))
        if ref.get("id"):
            ids[ref.get("id")] = number
    return ids


def _reference_fields(citation: etree._Element) -> dict:
    people = []
    group = next((g for g in citation.iter() if local(g.tag) == "person-group" and g.get("person-group-type", "author") == "author"), None)
    for person in (group if group is not None else citation):
        tag = local(person.tag)
        if tag in ("name", "string-name"):
            people.append(_person(person))
        elif tag == "collab":
            people.append(all_text(person))
    et_al = _descendant(citation, "etal") is not None
    if not people:  # authors as plain text in a mixed-citation ('Whiteford HA, Degenhardt L et al. <article-title>')
        head = (citation.text or "").strip()
        loose = parse_vancouver(head + " Title. Journal 2000;1:1.") if head else None
        if loose is not None and loose.authors:
            people, et_al = loose.authors, loose.et_al or bool(re.search(r"\bet al\b", head))
            people = [re.sub(r"\s+et al\.?$", "", p) for p in people]
    year_text = all_text(_descendant(citation, "year"))
    year = re.match(r"(\d{4})([a-z]?)", year_text)
    fpage, lpage = all_text(_descendant(citation, "fpage")), all_text(_descendant(citation, "lpage"))
    pages = f"{fpage}-{lpage}" if fpage and lpage else fpage or all_text(_descendant(citation, "elocation-id")) or None
    pub_ids = {p.get("pub-id-type"): squash(p.text) for p in citation.iter() if local(p.tag) == "pub-id"}
    title = _either(_descendant(citation, "article-title"), _descendant(citation, "chapter-title"))
    source = _descendant(citation, "source")
    if title is None and source is not None:  # a book: its title is the source
        title, source = source, None
    return {
        "authors": people,
        "et_al": et_al,
        "title": all_text(title).rstrip(".") or None,
        "journal": all_text(source) or None,
        "year": int(year.group(1)) if year else None,
        "year_label": (year.group(1) + year.group(2)) if year else None,
        "volume": all_text(_descendant(citation, "volume")) or None,
        "issue": all_text(_descendant(citation, "issue")) or None,
        "pages": expand_pages(pages) if pages else None,
        "doi": normalize_doi(pub_ids.get("doi")),
        "pmid": pub_ids.get("pmid") if (pub_ids.get("pmid") or "").isdigit() else None,
        "publication_type": citation.get("publication-type"),
    }


def _section(review, element, heading, parent_kind, ids, layout, paragraphs) -> None:
    kind = section_kind(heading, parent_kind) if heading else parent_kind
    if heading:
        layout.add_heading(heading)
    for child in element:
        tag = local(child.tag)
        if tag in ("title", "label", "sec-meta"):
            continue
        if tag == "sec":
            title = _first(child, "title")
            _section(review, child, all_text(title) or heading, kind, ids, layout, paragraphs)
        elif tag == "p":
            _paragraph(review, child, heading, kind, ids, layout, paragraphs)
        elif tag in BLOCK_TAGS:
            for p in child.iter():
                if local(p.tag) == "p":
                    _paragraph(review, p, heading, kind, ids, layout, paragraphs)
        elif tag in ("table-wrap", "table-wrap-group"):
            _table(review, child, ids, layout, paragraphs)
        elif tag in FURNITURE_TAGS or tag == "ref-list":
            review.furniture.append((tag, all_text(child)[:2000]))
        else:
            review.furniture.append((tag, all_text(child)[:2000]))


def _paragraph(review, p, heading, kind, ids, layout, paragraphs) -> None:
    pieces: list[str] = []
    marks: list[CitationMark] = []
    tables: list[etree._Element] = []
    _inline(review, p, pieces, marks, ids, in_sup=False, tables=tables)
    text, marks = squash_with_marks("".join(pieces), _merge_ranges("".join(pieces), marks))
    if text:
        mapped, marks = layout.add_paragraph(text, marks)
        paragraphs.append(Paragraph(heading, mapped, kind, marks))
    for table in tables:
        _table(review, table, ids, layout, paragraphs)


def _table(review, wrap, ids, layout, paragraphs) -> None:
    """A table's rows that cite: one sentence each, kind 'table', so their citations count (studies
    listed in a review's tables) while the extractor leaves them alone. Other rows are furniture."""
    label = all_text(_descendant(wrap, "label")) or "Table"
    for row in (r for r in wrap.iter() if local(r.tag) == "tr"):
        if not any(local(x.tag) == "xref" and x.get("ref-type") == "bibr" for x in row.iter()):
            continue
        pieces: list[str] = []
        marks: list[CitationMark] = []
        for cell in (c for c in row if local(c.tag) in ("td", "th")):
            if pieces:
                pieces.append(" | ")
            _inline(review, cell, pieces, marks, ids, in_sup=False)
        text, marks = squash_with_marks("".join(pieces), _merge_ranges("".join(pieces), marks))
        if text:
            mapped, marks = layout.add_paragraph(text.rstrip(" |") + ".", marks)
            paragraphs.append(Paragraph(label, mapped, "table", marks))
    review.furniture.append(("table", all_text(wrap)[:2000]))


def _length(pieces: list[str]) -> int:
    return sum(len(p) for p in pieces)


def _inline(review, element, pieces, marks, ids, in_sup: bool, tables: list | None = None) -> None:
    if element.text:
        pieces.append(element.text)
    for child in element:
        tag = local(child.tag)
        if tag == "xref" and child.get("ref-type") == "bibr":
            start = _length(pieces)
            label = all_text(child)
            numbers = []
            for rid in (child.get("rid") or "").split():
                if rid in ids:
                    numbers.append(ids[rid])
                else:
                    review.problems.append((f"line {child.sourceline}", f"citation {label!r} points to {rid!r}, which the reference list does not hold"))
            pieces.append(label)
            marks.append(CitationMark(start, _length(pieces), tuple(numbers), label))
        elif tag == "sup" and any(local(x.tag) == "xref" and x.get("ref-type") == "bibr" for x in child.iter()):
            start = _length(pieces)
            pieces.append("[")
            inner: list[CitationMark] = []
            _inline(review, child, pieces, inner, ids, in_sup=True, tables=tables)
            pieces.append("]")
            text = "".join(pieces)[start:]
            numbers = _expand_group(text, start, inner)
            marks.append(CitationMark(start, _length(pieces), numbers, text))
        elif tag in ("table-wrap", "table-wrap-group") and tables is not None:
            tables.append(child)
        elif tag in FURNITURE_TAGS or tag in BLOCK_TAGS:
            review.furniture.append((tag, all_text(child)[:2000]))
        elif tag in ("inline-graphic", "private-char"):
            pass
        else:
            _inline(review, child, pieces, marks, ids, in_sup, tables)
        if child.tail:
            pieces.append(child.tail)


def _expand_group(text: str, offset: int, inner: list[CitationMark]) -> tuple[int, ...]:
    """'[1,3–5]' of xrefs 1, 3 and 5: a dash between two xrefs cites the numbers between them too."""
    numbers: list[int] = []
    for i, mark in enumerate(inner):
        between = text[inner[i - 1].end - offset : mark.start - offset] if i else ""
        if i and mark.numbers and inner[i - 1].numbers and re.fullmatch(r"\s*[-–—]\s*", between):
            low, high = inner[i - 1].numbers[-1], mark.numbers[0]
            if 0 < high - low <= 100:
                numbers.extend(range(low + 1, high))
        numbers.extend(mark.numbers)
    return tuple(dict.fromkeys(numbers))


def _merge_ranges(text: str, marks: list[CitationMark]) -> list[CitationMark]:
    """'[1]–[3]' or '1–3' as two xrefs: one mark citing 1, 2 and 3."""
    merged: list[CitationMark] = []
    for mark in marks:
        last = merged[-1] if merged else None
        between = text[last.end : mark.start] if last else ""
        if last and last.numbers and mark.numbers and re.fullmatch(r"\s*[-–—]\s*", between) and 0 < mark.numbers[0] - last.numbers[-1] <= 100:
            numbers = tuple(dict.fromkeys(last.numbers + tuple(range(last.numbers[-1] + 1, mark.numbers[0])) + mark.numbers))
            merged[-1] = CitationMark(last.start, mark.end, numbers, text[last.start : mark.end])
        else:
            merged.append(mark)
    return merged
