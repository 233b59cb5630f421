"""GROBID TEI XML: GROBID has already laid the PDF out; its `<ref type="bibr" target="#b12">`
marks and `<listBibl>` of `<biblStruct>` are taken as given.

A bibr mark without a target is one GROBID could not link: it is resolved by author and year
when it reads as a citation, reported when it does not resolve, and ignored when it is not a
citation at all ("(DMHIs)"). Figures, tables, notes and back matter are furniture.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from pipelines.lib.pages import expand_pages
from pipelines.lib.vancouver import normalize_doi
from pipelines.reading.assemble import author_year_index, finish, section_kind
from pipelines.reading.author_year import find_author_year
from pipelines.reading.citations import CitationMark, find_citations
from pipelines.reading.document import Paragraph, ParsedReview, ReferenceEntry
from pipelines.reading.xml_tree import ReadingText, all_text, local, parse_xml, squash, squash_with_marks

FURNITURE_TAGS = {"figure", "table", "note", "formula", "graphic", "listBibl"}


def read_tei(review_id: str, data: bytes, name: str) -> ParsedReview:
    root, warnings = parse_xml(data, name)
    review = ParsedReview(review_id=review_id, source_format="tei", reader="tei-lxml", warnings=warnings)
    header = _find(root, "teiHeader")
    _metadata(review, header)
    ids = _references(review, root)
    index = author_year_index(review) if review.references else None
    layout = ReadingText()
    paragraphs: list[Paragraph] = []
    abstract = _find(header, "abstract") if header is not None else None
    if abstract is not None:
        _division(review, abstract, "Abstract", None, ids, index, layout, paragraphs)
    text = _find(root, "text")
    body = _find(text, "body") if text is not None else None
    if body is not None:
        _division(review, body, None, None, ids, index, layout, paragraphs)
    back = _find(text, "back") if text is not None else None
    if back is not None:
        for child in back:
            if local(child.tag) == "div" and child.get("type") != "references":
                review.furniture.append((f"back matter: {child.get('type') or 'div'}", all_text(child)[:2000]))
    review.reading_text = layout.text
    review.citation_style = "xref"
    return finish(review, paragraphs)


def _find(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return next((e for e in element.iter() if local(e.tag) == tag), None)


def _children(element: etree._Element | None, tag: str) -> list[etree._Element]:
    return [c for c in element if local(c.tag) == tag] if element is not None else []


def _person(pers: etree._Element) -> str:
    surname = all_text(_find(pers, "surname"))
    initials = "".join(all_text(f)[:1].upper() for f in pers if local(f.tag) == "forename" and all_text(f)[:1].isalpha())
    return " ".join(p for p in (surname, initials) if p) or all_text(pers)


def _metadata(review: ParsedReview, header: etree._Element | None) -> None:
    if header is None:
        review.problems.append(("teiHeader", "no teiHeader: title and authors are missing"))
        return
    title_stmt = _find(header, "titleStmt")
    title = next((t for t in (title_stmt.iter() if title_stmt is not None else []) if local(t.tag) == "title" and t.get("type", "main") == "main"), None)
    review.title = all_text(title) or None
    source = _find(header, "sourceDesc")
    analytic = _find(source, "analytic")
    for author in _children(analytic, "author"):
        pers = _find(author, "persName")
        if pers is not None:
            review.authors.append(_person(pers))
    for idno in (source.iter() if source is not None else []):
        if local(idno.tag) == "idno" and (idno.get("type") or "").upper() == "DOI" and review.doi is None:
            review.doi = normalize_doi(squash(idno.text))
    monogr = _find(source, "monogr")
    journal = next((t for t in _children(monogr, "title") if t.get("level") == "j"), None)
    review.journal = all_text(journal) or None
    published = next((d for d in header.iter() if local(d.tag) == "date" and d.get("type") == "published"), None)
    review.published = _iso_date(published.get("when")) if published is not None else None
    review.keywords = [all_text(t) for t in header.iter() if local(t.tag) == "term" and all_text(t)]


def _iso_date(value: str | None) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


# a result as a table reports it ("d=0.58, p=0.02", "ps<0.001", "NS"): no reference prints that
_STATISTICS = re.compile(r"\bps?\s?[=<>]\s?0?\.\d|\b[dbB]\s?=\s?-?\s?\d|\bNS\b")
# an author as a reference list prints one: "Orji, R." or "Smith JA,"
_AUTHOR_WITH_INITIALS = re.compile(r"^[^()]{0,300}?[A-Z][\w'’-]+,?\s(?:[A-Z]\.\s?){1,3}|^[^()]{0,300}?[A-Z][\w'’-]+\s[A-Z]{1,3},")


def _references(review: ParsedReview, root: etree._Element) -> dict[str, int | None]:
    """GROBID's biblStructs in order. Table cells it mistook for entries ("Klimczak (2023; depression
    decreased (d=0.58, p=0.02)") are set aside as furniture, and their ids map to None so a
    citation GROBID linked to one is read from its own text instead."""
    bibliography = next((b for b in root.iter() if local(b.tag) == "listBibl"), None)
    ids: dict[str, int | None] = {}
    for bibl in _children(bibliography, "biblStruct"):
        key = bibl.get("{http://www.w3.org/XML/1998/namespace}id")
        raw_note = next((n for n in bibl.iter() if local(n.tag) == "note" and n.get("type") == "raw_reference"), None)
        raw = all_text(raw_note) if raw_note is not None else all_text(bibl)
        if _STATISTICS.search(raw) and not _AUTHOR_WITH_INITIALS.match(raw):
            review.furniture.append(("table text GROBID listed as a reference", raw))
            if key:
                ids[key] = None
            continue
        position = len(review.references) + 1
        review.references.append(ReferenceEntry(position, raw, bibl.sourceline or 0, key, _fields(bibl)))
        if key:
            ids[key] = position
    return ids


def _fields(bibl: etree._Element) -> dict:
    analytic, monogr = _find(bibl, "analytic"), _find(bibl, "monogr")
    owner = analytic if analytic is not None and _children(analytic, "author") else monogr
    authors = [_person(p) for a in _children(owner, "author") if (p := _find(a, "persName")) is not None]
    title = next((t for t in _children(analytic, "title") if t.get("level") == "a"), None)
    journal = next((t for t in _children(monogr, "title") if t.get("level") == "j"), None)
    if title is None:  # a book or chapter with no article title: the monograph's title
        title = next((t for t in _children(monogr, "title") if t.get("level") == "m"), None)
    imprint = _find(monogr, "imprint")
    when = next((d for d in (imprint.iter() if imprint is not None else []) if local(d.tag) == "date"), None)
    year = re.match(r"(\d{4})", (when.get("when") or all_text(when)) if when is not None else "")
    scopes = {s.get("unit"): s for s in (imprint.iter() if imprint is not None else []) if local(s.tag) == "biblScope"}
    page = scopes.get("page")
    pages = None
    if page is not None:
        pages = f"{page.get('from')}-{page.get('to')}" if page.get("from") and page.get("to") else page.get("from") or all_text(page) or None
    idnos = {(i.get("type") or "").upper(): squash(i.text) for i in bibl.iter() if local(i.tag) == "idno"}
    raw_note = next((n for n in bibl.iter() if local(n.tag) == "note" and n.get("type") == "raw_reference"), None)
    suffix = re.search(rf"\b{year.group(1)}([a-z])\b", all_text(raw_note)) if year and raw_note is not None else None
    return {
        "authors": authors,
        "et_al": False,
        "title": all_text(title).rstrip(".") or None,
        "journal": all_text(journal) or None,
        "year": int(year.group(1)) if year else None,
        "year_label": (year.group(1) + (suffix.group(1) if suffix else "")) if year else None,
        "volume": all_text(scopes.get("volume")) or None,
        "issue": all_text(scopes.get("issue")) or None,
        "pages": expand_pages(pages) if pages else None,
        "doi": normalize_doi(idnos.get("DOI")),
        "pmid": idnos.get("PMID") if (idnos.get("PMID") or "").isdigit() else None,
        "publication_type": "journal" if journal is not None else None,
    }


def _division(review, element, heading, parent_kind, ids, index, layout, paragraphs) -> None:
    kind = section_kind(heading, parent_kind) if heading else parent_kind
    if heading:
        layout.add_heading(heading)
    for child in element:
        tag = local(child.tag)
        if tag == "div":
            head = _find(child, "head")
            title = all_text(head) if head is not None and head.getparent() is child else None
            _division(review, child, title or heading, kind, ids, index, layout, paragraphs)
        elif tag == "head":
            continue
        elif tag == "p":
            _paragraph(review, child, heading, kind, ids, index, layout, paragraphs)
        elif tag == "figure" and child.get("type") == "table":
            _table(review, child, ids, index, layout, paragraphs)
        elif tag in FURNITURE_TAGS:
            review.furniture.append((tag, all_text(child)[:2000]))


def _paragraph(review, p, heading, kind, ids, index, layout, paragraphs) -> None:
    pieces: list[str] = []
    marks: list[CitationMark] = []
    _inline(review, p, pieces, marks, ids, index)
    text, marks = squash_with_marks("".join(pieces), marks)
    if text:
        mapped, marks = layout.add_paragraph(text, marks)
        paragraphs.append(Paragraph(heading, mapped, kind, marks))


def _table(review, figure, ids, index, layout, paragraphs) -> None:
    """Rows that cite become sentences of kind 'table' (their citations count; the extractor skips them)."""
    label = all_text(_find(figure, "head")) or "Table"
    for row in (r for r in figure.iter() if local(r.tag) == "row"):
        if not any(local(x.tag) == "ref" and x.get("type") == "bibr" for x in row.iter()):
            continue
        pieces: list[str] = []
        marks: list[CitationMark] = []
        for cell in (c for c in row if local(c.tag) == "cell"):
            if pieces:
                pieces.append(" | ")
            _inline(review, cell, pieces, marks, ids, index)
        text, marks = squash_with_marks("".join(pieces), marks)
        if text:
            mapped, marks = layout.add_paragraph(text.rstrip(" |") + ".", marks)
            paragraphs.append(Paragraph(label, mapped, "table", marks))
    review.furniture.append(("table", all_text(figure)[:2000]))


def _inline(review, element, pieces, marks, ids, index) -> None:
    if element.text:
        pieces.append(element.text)
    for child in element:
        tag = local(child.tag)
        if tag == "ref" and child.get("type") == "bibr":
            start = sum(len(p) for p in pieces)
            label = all_text(child)
            pieces.append(label)
            mark = _mark(review, child, label, start, ids, index)
            if mark is not None:
                marks.append(mark)
        elif tag in FURNITURE_TAGS:
            review.furniture.append((tag, all_text(child)[:2000]))
        else:
            _inline(review, child, pieces, marks, ids, index)
        if tag == "s" or (tag == "ref" and pieces and pieces[-1].rstrip().endswith((";", ","))):
            pieces.append(" ")  # GROBID writes its <s> sentences and split citations with nothing between them
        if child.tail:
            pieces.append(child.tail)


def _mark(review, ref, label, start, ids, index) -> CitationMark | None:
    target = (ref.get("target") or "").lstrip("#")
    if target and ids.get(target, 0) is not None:
        if target in ids:
            return CitationMark(start, start + len(label), (ids[target],), label)
        review.problems.append((f"line {ref.sourceline}", f"citation {label!r} points to {target!r}, which the reference list does not hold"))
        return CitationMark(start, start + len(label), (), label)
    # GROBID could not link it: read it as an author-year citation, or as a number
    wrapped = label if label.startswith("(") else f"({label.strip('(); ')})"
    if index is not None:
        found, unresolved = find_author_year(wrapped, index)
        if found:
            if unresolved:
                review.unresolved_marks.extend(("", mark, why) for mark, why in unresolved)
            return CitationMark(start, start + len(label), found[0].numbers, label)
    numeric = find_citations(f"[{label.strip('[]() ')}]", len(review.references))
    if numeric and all(n <= len(review.references) for n in numeric[0].numbers):
        return CitationMark(start, start + len(label), numeric[0].numbers, label)
    return None
