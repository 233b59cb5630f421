"""PDF with a text layer: the layout decides what is body text.

Lines repeated at the top or bottom of many pages are running headers and footers; lone
numbers there are page numbers; text left of the body's margin is a sidebar; smaller print
is furniture (tables, footnotes, affiliations) except in the reference list; blocks opening
"Figure 2"/"Table 1" are captions. Headings are larger or bold short lines. True superscripts
(smaller glyphs above the baseline) become citation marks "[12]"; words hyphenated across lines
are rejoined; a paragraph cut by a column or page break goes on in the next body block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines.lib.vancouver import normalize_doi
from pipelines.reading.assemble import finish, first_authors, section_kind
from pipelines.reading.citations import CitationMark
from pipelines.reading.document import Paragraph, ParsedReview
from pipelines.reading.mapped_text import MappedText
from pipelines.reading.markdown import _ARTICLE_TYPE as ARTICLE_TYPE
from pipelines.reading.markdown import REFERENCE_HEADINGS, furniture_kind, parse_date
from pipelines.reading.pdf_layout import Line, read_pages
from pipelines.reading.pdf_references import reference_entries

BACK_MATTER = re.compile(
    r"^\W*(acknowledge?ments?|funding|financial support|conflicts? of interest|competing interests?|declaration of (?:competing )?interests?|"
    r"author contributions?|contributors|data (?:availability|sharing)|ethics|publisher'?s note|supplementary (?:material|information)|"
    r"additional information|open access|reporting summary|consent|abbreviations|disclosures?|author information|code availability)\b",
    re.I,
)
CAPTION = re.compile(r"^\W*(figure|fig\.?|table|box|panel|supplementary (?:figure|table))\s*[A-Z]?\d+[a-z]?\b", re.I)
_SUPERSCRIPT_CITATION = re.compile(r"^[\d,\-–—]+$")
_TERMINAL = re.compile(r"[.!?:][\"'”’)\]]*$|\]$")


@dataclass
class Block:
    lines: list[Line]
    kind: str = "text"

    @property
    def text(self) -> str:
        return " ".join(line.text.strip() for line in self.lines)

    @property
    def size(self) -> float:
        return Counter(line.size for line in self.lines).most_common(1)[0][0]


def read_pdf(review_id: str, data: bytes, name: str) -> ParsedReview:
    pages = read_pages(data, name)
    review = ParsedReview(review_id=review_id, source_format="pdf", reader="pdf-pypdfium2")
    lines = _merge_split_lines(pages.lines)
    if not lines:
        review.warnings.append("no text layer: the PDF is a scan or an image; run OCR first")
        review.reading_text = pages.reading_text
        return finish(review, [])
    body_size = _body_size(lines)
    _mark_page_furniture(lines, pages.heights, review)
    _mark_sidebars(lines, body_size, review, pages.widths)
    blocks = _blocks([line for line in lines if line.kind == "text"], body_size)
    paragraphs = _read_blocks(review, blocks, body_size, pages.widths)
    paragraphs += _cited_table_rows(lines, review)
    first_page = " ".join(line.text for line in lines if line.page == 0)
    doi = re.search(r"(?:doi\.org/|doi:?\s*)(10\.\d{4,9}/[^\s,;]+)", first_page, re.I) or re.search(r"\b(10\.\d{4,9}/[^\s,;]+)", first_page)
    review.doi = normalize_doi(doi.group(1)) if doi else None
    published = re.search(r"Published(?: online)?:?\s*(\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})", first_page, re.I)
    review.published = parse_date(published.group(1)) if published else None
    review.reading_text = pages.reading_text
    return finish(review, paragraphs)


# a table row naming its study: "Hecker et al.,[29]", "Cicchetti & Handley,26"
_TABLE_CITATION = re.compile(r"(?:et al\.?|[A-Z][A-Za-z'’-]+),?\s?\[?(\d{1,3})\]?(?=[\s,;.]|$)")


def _cited_table_rows(lines: list[Line], review: ParsedReview) -> list[Paragraph]:
    """Tables set sideways (Nature's and Springer's journals) list their studies by first author with
    a superscript. Each such cell becomes a sentence of kind 'table' with its citation, so tabulated
    studies count as cited, when the entry's first author is named just before the number; the
    extractor leaves table sentences alone."""
    first = first_authors(review)
    rotated = [line for line in lines if line.kind == "rotated margin text"]
    rows: list[Paragraph] = []
    for page in sorted({line.page for line in rotated}) if first else ():
        mapped = MappedText()
        _line_text([line for line in rotated if line.page == page], mapped)
        text = mapped.text
        for m in _TABLE_CITATION.finditer(text):
            number = int(m.group(1))
            surname = first.get(number)
            named = re.search(rf"\b{re.escape(surname)}\b", text[max(0, m.start() - 60):m.end()], re.I) if surname else None
            if named is None:
                continue
            begin = max(0, m.start() - 60) + named.start()
            cell = MappedText(mapped.chars[begin:m.end()], mapped.offsets[begin:m.end()])
            mark = CitationMark(m.start(1) - begin, m.end(1) - begin, (number,), m.group(1))
            rows.append(Paragraph("Table", cell, "table", [mark]))
    return rows


def _merge_split_lines(lines: list[Line]) -> list[Line]:
    """PDFium ends a line at a superscript or a font change; pieces on one baseline, left to right, are one line."""
    merged: list[Line] = []
    for line in lines:
        last = merged[-1] if merged else None
        if (last is not None and last.page == line.page and abs(last.baseline - line.baseline) < 0.35 * max(last.size, 1)
                and last.right - 1 <= line.left <= last.right + 0.6 * max(last.size, 1)):
            last.chars.extend(line.chars)
            last.offsets.extend(line.offsets)
            last.right = max(last.right, line.right)
            last.top = max(last.top, line.top)
            continue
        merged.append(line)
    return [line for line in merged if line.text.strip()]


def _body_size(lines: list[Line]) -> float:
    counts: Counter[float] = Counter()
    for line in lines:
        counts[round(line.size * 2) / 2] += len(line.chars)
    return counts.most_common(1)[0][0]


def _mark_page_furniture(lines: list[Line], heights: list[float], review: ParsedReview) -> None:
    """Running headers, footers and page numbers: near the page's top or bottom, repeated or a bare number."""
    n_pages = len(heights)
    keys: dict[str, set[int]] = {}

    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.strip().lower()))

    def at_edge(line: Line) -> bool:
        height = heights[line.page]
        return line.baseline > 0.91 * height or line.top < 0.085 * height

    for line in lines:
        if at_edge(line):
            keys.setdefault(key(line), set()).add(line.page)
    for line in lines:
        if abs(line.angle) > 0.01:
            line.kind = "rotated margin text"
        elif at_edge(line):
            text = line.text.strip()
            if re.fullmatch(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[ivxl]{1,6}", text, re.I):
                line.kind = "page number"
            elif len(keys.get(key(line), ())) >= max(2, n_pages // 4):
                line.kind = "running header"
        if line.kind != "text":
            review.furniture.append((line.kind, line.text.strip()))


def _mark_sidebars(lines: list[Line], body_size: float, review: ParsedReview, widths: list[float]) -> None:
    """A column of text wholly left of the body's left margin (the Lancet's notes column) is a sidebar.
    The margin is the leftmost edge common among lines as wide as a body column (a quarter of the page)."""
    lefts = Counter(round(line.left) for line in lines
                    if line.kind == "text" and abs(line.size - body_size) < 0.6 and line.right - line.left > 0.25 * widths[line.page])
    if not lefts:
        return
    total = sum(lefts.values())
    margin = min(left for left, n in lefts.items() if n >= 0.05 * total)  # the leftmost column's edge, not the busiest column's
    for line in lines:
        if line.page > 0 and REFERENCE_HEADINGS.match(line.text.strip()) and len(line.text.split()) <= 2:
            break  # a reference list may run across the notes column: nothing after its heading is a sidebar
        if line.kind == "text" and line.right < margin - 3:
            line.kind = "sidebar"
            review.furniture.append(("sidebar", line.text.strip()))


def _blocks(lines: list[Line], body_size: float) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        last = blocks[-1].lines[-1] if blocks else None
        heading_line = len(line.text.split()) <= 2 and REFERENCE_HEADINGS.match(line.text.strip())
        if last is not None and REFERENCE_HEADINGS.match(last.text.strip()) and len(last.text.split()) <= 2:
            heading_line = True  # the line after a 'References' line starts the list's own block
        if last is not None and _continues(last, line) and not heading_line:
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block([line]))
    return blocks


def _continues(last: Line, line: Line) -> bool:
    if last.page != line.page or abs(last.size - line.size) > 0.6 or last.bold != line.bold and len(line.text) < 80:
        return False
    gap = last.baseline - line.baseline
    if not (0 < gap < 1.75 * max(line.size, last.size)):
        return False
    return abs(line.left - last.left) < 2.5 * line.size or line.left > last.left  # same column, or an indented line


KEEP_HYPHEN_AFTER = {"self", "non", "well", "cost", "co", "meta", "pre", "post", "anti", "semi", "multi", "long", "short", "high", "low", "dose", "age"}


def hyphenated_words(lines: list[Line]) -> set[str]:
    """Words written with a hyphen inside a line ('cost-effectiveness'): broken at that hyphen, they keep it."""
    return {m.group().lower() for line in lines for m in re.finditer(r"\b[A-Za-z]+-[A-Za-z]+\b", line.text)}


def _joined_word(previous: str, following: str, keep: set[str]) -> bool:
    """Whether the hyphen ending a line belongs to the word ('cost-' + 'effectiveness')."""
    head = re.search(r"([A-Za-z]+)-$", previous)
    tail = re.match(r"[A-Za-z]+", following.lstrip())
    if not head or not tail:
        return True
    return f"{head.group(1)}-{tail.group()}".lower() in keep or head.group(1).lower() in KEEP_HYPHEN_AFTER


def _line_text(lines: list[Line], out: MappedText, citations: bool = True, keep: set[str] = frozenset()) -> None:
    """Lines into text: superscript digits as '[n]', other superscripts dropped, hyphenated words rejoined."""
    for index, line in enumerate(lines):
        chars, offsets = line.chars, line.offsets
        if index and len(out):
            while len(out) > 1 and out.chars[-1].isspace() and out.chars[-2] == "-":
                out.chars.pop()  # 'placebo- ' at a line's end: the hyphen, not the space, ends it
                out.offsets.pop()
            previous = out.text
            if (previous.endswith("-") and len(previous) > 2 and previous[-2].isalpha() and previous[-2].islower() and line.text.lstrip()[:1].islower()
                    and not _joined_word(previous[-40:], line.text, keep)):
                out.chars.pop()
                out.offsets.pop()
            elif not previous.endswith((" ", "-", "/")):
                out.append_synthetic(" ", offsets[0] if offsets else 0)
        i = 0
        while i < len(chars):
            if chars[i].superscript:
                j = i
                while j < len(chars) and chars[j].superscript:
                    j += 1
                run = "".join(c.text for c in chars[i:j]).strip()
                if citations and run and _SUPERSCRIPT_CITATION.match(run) and any(ch.isdigit() for ch in run):
                    if len(out) and out.text.endswith(" "):
                        pass
                    out.append_synthetic("[", offsets[i])
                    for k in range(i, j):
                        if chars[k].text.strip():
                            out.append(chars[k].text, offsets[k])
                    out.append_synthetic("]", offsets[j - 1])
                i = j
                continue
            if i == 0 and not chars[i].text.strip() and len(out) and out.text.endswith((" ", "-", "/")):
                while i < len(chars) and not chars[i].text.strip():
                    i += 1
                continue
            out.append(chars[i].text, offsets[i])
            i += 1


def _is_heading(block: Block, body_size: float) -> bool:
    text = block.text.strip()
    words = text.split()
    if not words or len(words) > 20 or len(block.lines) > 3 or CAPTION.match(text):
        return False
    if re.fullmatch(r"[\d\W]+", text):
        return False
    if len(block.lines) == 1 and len(words) <= 3 and (REFERENCE_HEADINGS.match(text) or BACK_MATTER.match(text)) and not _TERMINAL.search(text):
        return True  # 'References' on a line of its own, whatever its print
    if block.size >= body_size + 0.9:
        return True
    if len(block.lines) == 1 and len(words) <= 6 and text.upper() == text and re.search(r"[A-Z]{3}", text) and not _TERMINAL.search(text):
        return True  # 'REFERENCES', 'AUTHOR CONTRIBUTIONS': a short line in capitals
    return block.lines[0].bold and len(words) <= 14 and not _TERMINAL.search(text) and len(block.lines) <= 2


def _read_blocks(review: ParsedReview, blocks: list[Block], body_size: float, widths: list[float]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    section: str | None = None
    kind: str | None = None
    mode = "front"
    reference_lines: list[Line] = []
    open_paragraph: MappedText | None = None
    title_block = _title_block(blocks, body_size)
    front_seen_authors = False
    title_page = title_block.lines[0].page if title_block is not None else 0
    keep = hyphenated_words([line for block in blocks for line in block.lines])

    def close() -> None:
        nonlocal open_paragraph
        if open_paragraph is not None and len(open_paragraph.strip()):
            paragraphs.append(Paragraph(section, open_paragraph.strip(), kind))
        open_paragraph = None

    for block in blocks:
        text = block.text.strip()
        if block.lines[0].page < title_page:  # a repository's or publisher's cover page before the article
            review.furniture.append(("cover page", text))
            continue
        if block is title_block:
            review.title = re.sub(r"\s+", " ", text).rstrip(".") or None
            continue
        if _is_heading(block, body_size) and not (mode == "references" and block.size < body_size + 0.9 and not BACK_MATTER.match(text)):
            heading = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", text)
            if ARTICLE_TYPE.match(heading) and mode == "front":
                review.article_type = review.article_type or heading.lower()
                review.furniture.append(("article type", heading))
                continue
            if REFERENCE_HEADINGS.match(heading):
                close()
                mode, section, kind = "references", heading, "references"
                continue
            if BACK_MATTER.match(heading):
                close()
                mode, section = "back", heading
                continue
            if mode == "references" and not BACK_MATTER.match(heading):
                reference_lines.extend(block.lines)
                continue
            close()
            mode = "body"
            section, kind = heading, section_kind(heading, kind)
            continue
        if mode == "references":
            if CAPTION.match(text):
                review.furniture.append(("caption", text))
                continue
            reference_lines.extend(block.lines)
            continue
        if mode == "back":
            review.furniture.append(("back matter", text))
            continue
        if CAPTION.match(text):
            review.furniture.append(("caption", text))
            continue
        if block.size < body_size - 1.1:
            review.furniture.append(("small print", text))
            continue
        furniture = furniture_kind(text)
        if furniture and len(text) < 400:
            review.furniture.append((furniture, text))
            continue
        if mode == "front" and block.lines[0].page <= title_page and not _reads_as_prose(text):
            if not front_seen_authors and title_block is not None:
                review.authors = [a.strip() for a in re.split(r"\s*(?:,|\band\b|&)\s*", re.sub(r"[\d*†‡§¶✉,]+(?=\s|,|$)", ",", text)) if len(a.strip()) > 3][:60]
                front_seen_authors = True
            review.furniture.append(("front matter", text))
            continue
        plain = MappedText()
        _line_text(block.lines, plain, keep=keep)
        if open_paragraph is not None and not _TERMINAL.search(open_paragraph.text.rstrip()):
            tail = open_paragraph.text.rstrip()
            if tail.endswith("-") and tail[-2:-1].islower() and plain.text[:1].islower():
                open_paragraph = open_paragraph.strip()  # a word cut by the column or page break
                if not _joined_word(tail[-40:], plain.text, keep):
                    open_paragraph.chars.pop()
                    open_paragraph.offsets.pop()
            else:
                open_paragraph.append_synthetic(" ", plain.offsets[0] if plain.offsets else 0)
            open_paragraph.extend(plain)
        else:
            close()
            open_paragraph = plain
    close()
    review.references = reference_entries(reference_lines, widths)
    return paragraphs


def _reads_as_prose(text: str) -> bool:
    return len(text.split()) >= 25 and any(len(part.split()) >= 10 for part in re.split(r"[,;]", text))


def _title_block(blocks: list[Block], body_size: float) -> Block | None:
    """The largest print on the first two pages (a repository's cover page may come first) that is words, not a journal's name or 'Article'."""
    candidates = [b for b in blocks if b.lines[0].page <= 1 and len(b.text.split()) >= 4 and b.size > body_size + 1.5 and not CAPTION.match(b.text)]
    return max(candidates, key=lambda b: (b.size, len(b.text)), default=None)
