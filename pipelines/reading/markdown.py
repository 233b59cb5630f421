"""A review article, converted from PDF to Markdown, into metadata, sentences and its reference list.

The conversion leaves page furniture (correspondence, received/published lines, running
headers) between the paragraphs and cuts paragraphs where a page or a footnote block ended.
Furniture becomes metadata or is dropped; a paragraph that does not end a sentence goes on in
the next body paragraph, across any furniture in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from pipelines.lib.evidence_tables import table_sentences
from pipelines.lib.vancouver import normalize_doi, parse_vancouver
from pipelines.reading.assemble import finish, section_kind
from pipelines.reading.document import Paragraph, ParsedReview, ReferenceEntry, Sentence
from pipelines.reading.mapped_text import MappedText
from pipelines.reading.markdown_inline import clean_inline

__all__ = ["ParsedReview", "ReferenceEntry", "Sentence", "parse_review", "split_blocks", "furniture_kind"]

REFERENCE_HEADINGS = re.compile(
    r"^(references?|bibliography|reference list|literature cited|works cited|cited literature)\b", re.IGNORECASE
)
_SECTION_NAMES = re.compile(
    r"^\W*(\d+\.?\s*)?(abstract|summary|introduction|background|methods?|materials|results|discussion|conclusions?|"
    r"references?|bibliography|acknowledge?ments?|keywords|funding|conflicts? of interest)\b",
    re.IGNORECASE,
)
_ARTICLE_TYPE = re.compile(
    r"^\W*(?:[\w-]+\s+){0,3}?(review article|original article|research article|mini[- ]review|short communication|editorial|commentary|perspective|"
    r"opinion|case report|letter|open access|systematic review|narrative review|clinical review|review|invited review|brief report|"
    r"viewpoint|hypothesis|rapid communication|special article)\W*$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_TABLE = re.compile(r"^\s*\|")
_REFERENCE_ITEM = re.compile(r"^\s*(?:\[(?P<n1>\d{1,4})\]|\((?P<n4>\d{1,4})\)|(?P<n2>\d{1,4})[.)]|(?P<n3>\d{1,4})(?=\s+[A-Z]))\s*(?P<body>\S.*)$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(?P<body>\S.*)$")
_FURNITURE = [
    ("correspondence", re.compile(r"^\W*(correspondence|corresponding author|\*?\s*correspond)", re.I)),
    ("dates", re.compile(r"^\W*(received|accepted|revised|published|editor assigned|reviewed)\b[^.]{0,40}\d{4}", re.I)),
    ("manuscript", re.compile(r"manuscript\s+no\b|\bpreqc\b", re.I)),
    ("citation header", re.compile(r"^\W*(citation|cite this article|how to cite)\b\s*:?", re.I)),
    ("copyright", re.compile(r"^\W*(copyright|©|this is an open[- ]access|open access\b|permission to make digital or hard copies)|creative commons", re.I)),
    ("email", re.compile(r"\be-?\s?mail\s*:|^[\w.+-]+@[\w-]+\.[\w.]+$", re.I)),
    ("page number", re.compile(r"^\s*(page\s+\d+(\s+of\s+\d+)?|\d{1,4})\s*$", re.I)),
    ("running header", re.compile(r"\bvol(ume)?\.?\s*\d+\s*,?\s*(issue|no\.?)\s*\d+", re.I)),
    ("running header", re.compile(r"^\W*[A-Z][\w .&'-]{2,80}\s(?:19|20)\d{2}\s*[;,]\s*\d+\s*(?:\(\s*[\w-]+\s*\))?\s*:\s*[\w-]+\W*$")),
    ("article type", _ARTICLE_TYPE),
    ("running header", re.compile(r"^[^|]{2,120}\|[^|]{2,120}\|.*\b(?:volume|vol\.?|article|page|issue)\b", re.I)),
    ("running header", re.compile(r"^\S.{0,80}\bwww\.[\w-]+\.\w+", re.I)),
    ("editors", re.compile(r"^\W*(edited by|reviewed by|academic editor|handling editor)\s*:", re.I)),
    ("caption", re.compile(r"^\W*(figure|fig\.|table|supplementary (figure|table))\s*\d+[a-z]?\s*[.:|]", re.I)),
    ("doi line", re.compile(r"^\W*(doi:?\s*|https?://(dx\.)?doi\.org/)10\.\S+\W*$", re.I)),
    ("keywords", re.compile(r"^\W*key\s?words?\s*:", re.I)),
    ("running title", re.compile(r"^\W*(running (title|head)|short title)\s*:", re.I)),
]
_AFFILIATION_WORDS = re.compile(
    r"\b(department|university|institute|hospital|school|college|cent(er|re)|faculty|laborator(y|ies)|clinic|foundation)\b",
    re.I,
)
_TERMINAL = re.compile(r"([.!?:][\"'”’)]*|\]|\))\s*$")
_DATE_FORMATS = ("%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%B %d %Y")


@dataclass
class Block:
    kind: str  # heading, rule, table, text
    text: str  # raw Markdown of the block
    start: int  # offset of the block in the source
    line: int  # 1-based line of the block's first line
    level: int = 0


_PSEUDO_HEADING_MARKUP = re.compile(r"^\s*(?:\*\*|__)|(?:\*\*|__)\s*:?\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?P<inner>[^*_]{2,120}?)\1\s*:?\s*$")
_CAPS_LINE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?P<inner>[A-Z][A-Z &,:-]{3,80})\s*$")
_NUMBERED_SECTION = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+(?P<inner>[A-Z][\w ,:&-]{2,80})\s*$")


def _pseudo_heading(line: str, text: str, line_end: int) -> bool:
    """A heading the PDF converter did not mark: a bold line, an all-capital line or a known section name,
    standing alone between blank lines."""
    next_break = text[line_end : line_end + 2]
    if next_break not in ("\n\n", "\n", "") or (next_break == "\n" and text[line_end + 1 : line_end + 2].strip()):
        return False
    bold = _BOLD_LINE.match(line)
    if bold:
        return not bold.group("inner").rstrip().endswith(".")
    if _CAPS_LINE.match(line) and len(line.split()) <= 8:
        return True
    numbered = _NUMBERED_SECTION.match(line)
    plain = numbered.group("inner") if numbered else line.strip()
    return len(plain.split()) <= 6 and bool(_SECTION_NAMES.match(plain)) and not plain.rstrip().endswith(".")


_CONNECTOR_END = re.compile(
    r"\b(?:and|or|of|the|a|an|to|in|on|for|with|by|from|as|at|that|which|is|are|was|were|some|many|most|all|these|those|their|its|our|"
    r"more|less|than|between|into|through|during|after|before|such|both|each|other|not|no|can|may|has|have|had|be|been)$",
    re.IGNORECASE,
)


def _in_body(blocks: list[Block]) -> bool:
    """Past the front matter: a section heading ("Introduction", "## Background") has been seen."""
    return any(b.kind == "heading" and (b.level >= 2 or _SECTION_NAMES.match(b.text.strip())) for b in blocks[1:] + blocks[:1] if b.level != 1)


def _plain_heading(line: str, following: list[str]) -> bool:
    """A section title with no markup at all ("Psychological interventions"): a short capitalised line
    standing alone, without end punctuation or citation, before a paragraph that starts a sentence."""
    plain = line.strip()
    words = plain.split()
    if not (1 <= len(words) <= 8) or not plain[:1].isupper() or plain.count(",") > 1:
        return False
    if re.search(r"[.,;:!?\-–]\d*$|[\[\]()<>@]|\b(?:19|20)\d{2}\b|[a-z]\d{1,3}$", plain) or _CONNECTOR_END.search(plain) or _AFFILIATION_WORDS.search(plain):
        return False
    if re.search(r"\s(?:is|are|was|were|has|have|had|[a-z]{3,}ed)\s", f" {plain} ") and len(words) > 3:
        return False  # a short sentence the converter left on a line of its own, not a title
    if not following or following[0].strip():
        return False
    paragraphs = [p.strip() for p in "\n".join(following[:200]).split("\n\n") if p.strip()]
    paragraph = next((p for p in paragraphs if not furniture_kind(clean_inline(p, 0).text)), "")
    return paragraph[:1].isupper() and len(paragraph.split()) >= 8 and not _HEADING.match(paragraph)


def split_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks; headings and rules are blocks of their own."""
    blocks: list[Block] = []
    current: list[tuple[str, int, int]] = []

    def flush() -> None:
        if current:
            start = current[0][1]
            end = current[-1][1] + len(current[-1][0])
            kind = "table" if all(_TABLE.match(ln) for ln, _, _ in current) else "item" if _LIST_ITEM.match(current[0][0]) else "text"
            blocks.append(Block(kind, text[start:end], start, current[0][2]))
            current.clear()

    offset = 0
    lines = text.split("\n")
    continued = False
    for number, line in enumerate(lines, start=1):
        if continued:  # the second line of a heading the converter broke in two
            continued = False
            offset += len(line) + 1
            continue
        heading = _HEADING.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            heading_text = heading.group(2)
            following = lines[number] if number < len(lines) else ""
            if following.strip() and not _HEADING.match(following) and (heading_text.endswith("-") or following.lstrip()[:1].islower()):
                joiner = "" if heading_text.endswith("-") else " "
                heading_text = heading_text + joiner + following.strip()
                continued = True
            blocks.append(Block("heading", heading_text, offset + heading.start(2), number, len(heading.group(1))))
        elif _RULE.match(line):
            flush()
            blocks.append(Block("rule", line, offset, number))
        elif _LIST_ITEM.match(line) and not _TABLE.match(line):
            flush()  # each list item is a unit of its own: "- Ketamine reduces symptoms [2]" ends where the next item starts
            current.append((line, offset, number))
        elif not current and (_pseudo_heading(line, text, offset + len(line)) or (_plain_heading(line, lines[number:]) and _in_body(blocks))):
            flush()
            inner = _PSEUDO_HEADING_MARKUP.sub("", line).strip()
            blocks.append(Block("heading", inner, offset + max(line.find(inner), 0), number, 3))
        else:
            current.append((line, offset, number))
        offset += len(line) + 1
    flush()
    return blocks


def clean_block(block: Block) -> MappedText:
    """Plain text of a block, its soft line breaks turned into spaces; list and quote markers dropped."""
    out = MappedText()
    offset = block.start
    for index, line in enumerate(block.text.split("\n")):
        marker = _QUOTE.match(line)
        if index == 0 and block.kind == "item":
            marker = _LIST_ITEM.match(line)
        skip = marker.end() if marker else 0
        cleaned = clean_inline(line[skip:], offset + skip).strip()
        if len(cleaned):
            if len(out) and not out.text.endswith("-"):
                out.append_synthetic(" ", offset)
            out.extend(cleaned)
        offset += len(line) + 1
    return out


def furniture_kind(plain: str) -> str | None:
    plain = plain.strip()
    for kind, pattern in _FURNITURE:
        if pattern.search(plain):
            return kind
    return None


def parse_date(value: str) -> date | None:
    value = re.sub(r"\s+", " ", value.strip().rstrip(".,;"))
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _date_after(label: str, text: str) -> date | None:
    m = re.search(rf"\b{label}\s*(?:on|online)?\s*:?\s*([A-Za-z0-9 ,./-]{{6,25}}?\d{{4}})", text, re.I)
    return parse_date(m.group(1)) if m else None


def _read_furniture_metadata(review: ParsedReview) -> None:
    joined = "\n".join(text for _, text in review.furniture)
    if review.doi is None:
        m = re.search(r"(?:doi:?\s*|doi\.org/)(10\.\d{4,9}/\S+)", joined, re.I)
        review.doi = normalize_doi(m.group(1)) if m else None
    review.received = review.received or _date_after("received", joined)
    review.published = review.published or _date_after("published", joined)
    for kind, text in review.furniture:
        if kind == "citation header" and review.journal is None:
            body = re.sub(r"^\W*(citation|cite this article|how to cite)\W*", "", text, flags=re.I)
            review.journal = parse_vancouver(body).journal
        if kind == "keywords" and not review.keywords:
            body = text.split(":", 1)[1]
            review.keywords = [k.strip() for k in re.split(r"[;,]", body) if k.strip()]


def _read_front_matter(review: ParsedReview, blocks: list[MappedText]) -> list[MappedText]:
    """Authors and affiliation from the short blocks under the title; other blocks stay body text."""
    body = []
    for plain in blocks:
        text = plain.text.strip()
        if not review.authors and len(text) < 300 and not _AFFILIATION_WORDS.search(text) and not _reads_as_prose(text):
            names = re.split(r"\s*(?:,|;|\band\b|&)\s*", re.sub(r"[*†‡§¶#\d]+", "", text))
            review.authors = [n.strip() for n in names if n.strip()]
        elif review.affiliation is None and len(text) < 500 and _AFFILIATION_WORDS.search(text):
            review.affiliation = re.sub(r"^[\d*†‡§¶\s]+", "", text)
        else:
            body.append(plain)
    return body


_NOT_A_TITLE = re.compile(
    r"^\W*(?:article|articles|research|review|open access|original research|research paper|full text|abstract|contents)\W*$"
    r"|^\W*[A-Z][\w .&'-]{2,80}\s(?:19|20)\d{2}\s*[;,]\s*\d+"  # 'Lancet 2009; 373: 746-58'
    r"|^\W*(?:the\s+)?(?:world\s+|international\s+|american\s+|british\s+|european\s+)?journal\b.{0,60}$"  # 'World Journal of Clinical Cases'
    r"|^\W*(?:frontiers in|annals of|archives of|proceedings of|bmc|plos|npj|jama|lancet|nature|translational)\b[\w\s&-]{0,40}$",
    re.IGNORECASE,
)


def _title_index(blocks: list[Block]) -> int | None:
    """The first heading that reads as a title: a level-1 heading first, but never a journal's
    name, a citation line or an article-type label, which converters also set large."""
    headings = [(i, b, clean_inline(b.text, 0).text.strip()) for i, b in enumerate(blocks) if b.kind == "heading"]

    def usable(name: str) -> bool:
        return bool(name) and not _SECTION_NAMES.match(name) and not _ARTICLE_TYPE.match(name) and not _NOT_A_TITLE.match(name) and not furniture_kind(name)

    for i, b, name in headings:
        if b.level == 1 and usable(name):
            return i
    for i, _, name in headings:
        if usable(name) and len(name.split()) >= 3:
            return i
    for i, b, _ in headings:
        if b.level == 1:
            return i
    return None


def _reads_as_prose(text: str) -> bool:
    """A line of names has no run of eight words without a comma; a sentence does."""
    return any(len(part.split()) >= 8 for part in re.split(r"[,;]", text))


def _ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


def parse_review(review_id: str, text: str, source_format: str = "markdown") -> ParsedReview:
    from pipelines.reading.text_lines import layout_less, read_text_lines

    if layout_less(text):  # a converter's line dump dressed as Markdown: read by its lines
        return read_text_lines(review_id, text, source_format, "markdown-lines")
    review = ParsedReview(review_id=review_id, source_format=source_format, reader="markdown")
    paragraphs: list[tuple[str | None, MappedText]] = []
    section: str | None = None
    in_references = False
    seen_section_heading = False
    front: list[MappedText] = []
    open_paragraph: MappedText | None = None

    def close() -> None:
        nonlocal open_paragraph
        if open_paragraph is not None and len(open_paragraph.strip()):
            paragraphs.append((section, open_paragraph.strip()))
        open_paragraph = None

    blocks = split_blocks(text)
    title_index = _title_index(blocks)
    for index, block in enumerate(blocks):
        if title_index is not None and index < title_index:
            review.furniture.append(("before title", block.text))
            continue
        if block.kind == "heading":
            heading = clean_inline(block.text, block.start).text.strip()
            if index == title_index:
                review.title = heading.rstrip(".").strip() or None
                continue
            close()
            seen_section_heading = True
            section = heading
            in_references = bool(REFERENCE_HEADINGS.match(heading))
            continue
        if block.kind == "rule":
            continue
        if block.kind == "table":
            rows = table_sentences(block.text, block.start) if seen_section_heading and not in_references else []
            if not rows:
                review.furniture.append(("table", block.text))
                continue
            close()
            paragraphs.extend((section, row) for row in rows)  # each row is a claim of its own, with its own citations
            continue
        if in_references and block.kind == "item":
            _read_reference_block(review, block)
            continue
        plain = clean_block(block)
        kind = furniture_kind(plain.text)
        if kind:
            review.furniture.append((kind, plain.text))
            continue
        if in_references:
            _read_reference_block(review, block)
            continue
        if not seen_section_heading:
            front.append(plain)
            continue
        if block.kind == "item":
            close()
            paragraphs.append((section, plain.strip()))
            continue
        if open_paragraph is not None and not _ends_sentence(open_paragraph.text):
            open_paragraph.append_synthetic(" ", block.start)
            open_paragraph.extend(plain)
        else:
            close()
            open_paragraph = plain
    close()

    body_front = _read_front_matter(review, front)
    paragraphs = [(None, p) for p in body_front] + paragraphs
    _read_furniture_metadata(review)
    kinds: dict[str | None, str | None] = {}
    previous = None
    for heading, _ in paragraphs:
        if heading not in kinds:
            kinds[heading] = previous = section_kind(heading, previous)
    return finish(review, [Paragraph(heading, text, kinds[heading]) for heading, text in paragraphs])


_PRINTED_NUMBER = re.compile(r"^\s*(?:\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)]|(?P<c>\d{1,4})(?=\s+\S))\s*(?P<body>\S.*)$")
_NOT_AN_ENTRY = re.compile(r"^\s*(?:<!--.*-->|!\[[^\]]*\]\([^)]*\)|page \d+(?: of \d+)?|\d{1,4})\s*$", re.I)


def _read_reference_block(review: ParsedReview, block: Block) -> None:
    """Entries keyed by the number printed with them: a converter's own list numbering or bullet is
    looked past ('- 12. Kessler RC', '3. [12] Kessler RC'); image placeholders and running headers
    are skipped; an item that opens with no number inside a numbered list continues the entry cut by a page break."""
    offset = block.start
    for index, line in enumerate(block.text.split("\n")):
        line_no = block.line + index
        plain = clean_inline(line, offset).text.strip()
        offset += len(line) + 1
        if not plain or _NOT_AN_ENTRY.match(line) or (furniture_kind(plain) and len(plain) < 120 and not re.search(r"\b(?:19|20)\d{2}\b.*\d", plain)):
            continue
        item = _REFERENCE_ITEM.match(line)
        bullet = _BULLET.match(line)
        if item and item.group("n3") and not _next_in_sequence(review, int(item.group("n3"))):
            item = None  # a bare number not continuing the list ("2019 Mar;...") is text, not a new entry
        number, body = None, None
        if item:
            number, body = int(item.group("n1") or item.group("n4") or item.group("n2") or item.group("n3")), item.group("body").strip()
        elif bullet:
            body = bullet.group("body").strip()
        if body is not None:
            inner = _PRINTED_NUMBER.match(body)
            if inner and (bullet or _plausible_inner(review, int(inner.group("a") or inner.group("b") or inner.group("c")), number)):
                number, body = int(inner.group("a") or inner.group("b") or inner.group("c")), inner.group("body").strip()
            numbered = any(r.number is not None for r in review.references)
            if number is None and numbered and review.references and not re.match(r"^[A-Z][\w'’-]+", body):
                last = review.references[-1]
                last.raw_text = f"{last.raw_text} {body}"
                continue
            review.references.append(ReferenceEntry(number, body, line_no))
        elif review.references and index > 0:
            last = review.references[-1]
            last.raw_text = f"{last.raw_text} {line.strip()}"
        elif review.references and any(r.number is not None for r in review.references):
            if len(plain) < 100 and not re.search(r"\b(?:1[89]|20)\d{2}\b", plain):
                review.furniture.append(("running header", plain))  # a page's header between entries of a numbered list
            else:
                last = review.references[-1]  # the rest of an entry cut by a page break
                last.raw_text = f"{last.raw_text} {line.strip()}"
        else:
            review.references.append(ReferenceEntry(None, line.strip(), line_no))


def _plausible_inner(review: ParsedReview, inner: int, outer: int | None) -> bool:
    """'3. 12. Kessler': the printed 12 wins over the converter's 3 when it continues the printed sequence."""
    numbers = [r.number for r in review.references if r.number is not None]
    return inner != outer and (not numbers or inner > numbers[-1]) and inner <= 5000


def _next_in_sequence(review: ParsedReview, number: int) -> bool:
    numbers = [r.number for r in review.references if r.number is not None]
    return number == (numbers[-1] + 1 if numbers else 1)
