"""Text whose only structure is its lines: a PDF's text dumped by a converter (PyMuPDF, pdftotext),
as `.txt` or dressed as Markdown with hardly a blank line or heading mark.

Headings are lines of their own that name a section or are set in capitals; a paragraph ends at
a short line that ends a sentence; lines repeated on many pages are running headers; the
reference list starts at its heading and its entries at the printed numbers (or, unnumbered,
at a surname after a line that ended an entry). Offsets point into the file itself.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.reading.assemble import SECTION_KINDS, finish, section_kind
from pipelines.reading.document import Paragraph, ParsedReview, ReferenceEntry
from pipelines.reading.mapped_text import MappedText
from pipelines.reading.markdown import _ARTICLE_TYPE, REFERENCE_HEADINGS, furniture_kind
from pipelines.reading.pdf import BACK_MATTER, CAPTION
from pipelines.reading.pdf_references import _ENDS_ENTRY, _SURNAME_START

_TERMINAL = re.compile(r"[.!?:][\"'”’)\]]*\s*$")
_NUMBERED = re.compile(r"^\s*\[?(\d{1,4})[.\])]?(?:\s+|$)(.*)$")
# a header a pipeline put over the dump names the extraction job, not the article
_WRAPPER_TITLE = re.compile(r"\bfull[- ]text(?: extraction)?\s*$|^\S+ et al\. \(\d{4}\)", re.I)
# front lines that are not the title: converter metadata, page markers, labels, journal lines
_NOT_TITLE = re.compile(r"^(?:#|\*\*[^*]+:\*\*|-{3,}|PAGE \d+:|open(?: access)?$|check for updates|citation:|doi\b|https?://|www\.|received\b|"
                        r"accepted\b|published\b|edited by|reviewed by|correspondence|©|copyright|vol(?:ume)?\.? \d|.*\b(?:19|20)\d\d\s*[;,:]\s*\d)", re.I)
# an author line: names with affiliation digits or marks ("Chenyi Cai 1†,", "TakamiyaID,"), or a list of capitalised names
_AUTHOR_LINE = re.compile(r"[A-Z][a-z]+(?:ID|\s?\d{1,2}(?:,\d{1,2})*|\s?[*†‡✉])(?:,|\s|$)|^(?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w'-]+(?:\s*,\s*(?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w'-]+){2,}")
_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|\*\*|__)|(?:\*\*|__)\s*$")


def layout_less(text: str) -> bool:
    """Hardly any blank lines between many lines: the converter kept lines, not paragraphs."""
    lines = text.split("\n")
    filled = sum(1 for line in lines if line.strip())
    blocks = sum(1 for i, line in enumerate(lines) if line.strip() and (i == 0 or not lines[i - 1].strip()))
    return filled >= 80 and filled >= 10 * max(blocks, 1)


def _is_heading(line: str) -> bool:
    plain = _MARKUP.sub("", line).strip()
    words = plain.split()
    if not words or len(words) > 8 or _TERMINAL.search(plain) or re.search(r"[,;]$|\d{3,}", plain):
        return False
    named = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", plain)
    if REFERENCE_HEADINGS.match(named) or BACK_MATTER.match(named):
        return len(words) <= 5
    if any(p.fullmatch(named) or (p.match(named) and len(words) <= 3) for _, p in SECTION_KINDS):
        return True
    return plain.upper() == plain and len(words) <= 6 and bool(re.search(r"[A-Z]{3}", plain))


def read_text_lines(review_id: str, text: str, source_format: str, reader: str) -> ParsedReview:
    review = ParsedReview(review_id=review_id, source_format=source_format, reader=reader)
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    repeated = Counter(re.sub(r"\d+", "#", line.strip().lower()) for _, line in lines if line.strip())
    widths = sorted(len(line.rstrip()) for _, line in lines if len(line.strip()) > 20)
    typical = widths[len(widths) * 3 // 4] if widths else 80
    title = next((_MARKUP.sub("", line).strip() for _, line in lines if line.startswith("# ")), None)
    if title is None or _WRAPPER_TITLE.search(title):
        title = front_title([line for _, line in lines[:80]]) or (None if title is None or _WRAPPER_TITLE.search(title) else title)
    paragraphs: list[Paragraph] = []
    section = kind = None
    mode = "front"
    current: MappedText | None = None
    reference_lines: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal current
        if current is not None and len(current.strip()):
            paragraphs.append(Paragraph(section, current.strip(), kind))
        current = None

    for start, line in lines:
        plain = line.strip()
        if not plain:
            close()
            continue
        if _is_heading(line):
            heading = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", _MARKUP.sub("", line).strip())
            close()
            if REFERENCE_HEADINGS.match(heading):
                mode, section, kind = "references", heading, "references"
            elif BACK_MATTER.match(heading):
                mode = "back"
            elif mode != "references":
                mode, section, kind = "body", heading, section_kind(heading, kind)
            continue
        if mode == "references":
            reference_lines.append((start, plain))
            continue
        key = re.sub(r"\d+", "#", plain.lower())
        furniture = furniture_kind(plain)
        if mode == "back" or furniture or repeated[key] >= 3 or re.fullmatch(r"[\d\s|/]+|page \d+.*", plain, re.I) or CAPTION.match(plain):
            review.furniture.append((furniture or ("back matter" if mode == "back" else "repeated line"), plain))
            close()
            continue
        if mode == "front" and len(plain.split()) < 12:
            review.furniture.append(("front matter", plain))
            continue
        lead = len(line) - len(line.lstrip())
        if current is None:
            current = MappedText()
        elif current.text.endswith("-") and current.text[-2:-1].islower() and plain[:1].islower():
            current.chars.pop()
            current.offsets.pop()
        else:
            current.append_synthetic(" ", start)
        current.append(line.strip(), start + lead)
        if _TERMINAL.search(plain) and len(line.rstrip()) < 0.85 * typical:
            close()
    close()
    review.title = title
    review.references = _entries(reference_lines)
    return finish(review, paragraphs)


def front_title(lines: list[str]) -> str | None:
    """The article's title in a dump's first lines: the run of lines after the labels and journal
    lines and before the author line or a blank line; a run of more than six lines, or one that
    runs to the end of the lines given, is not trusted."""
    run: list[str] = []
    for index, line in enumerate(lines):
        plain = line.strip()
        if not plain:
            if run:
                break
            continue
        if not run and (_NOT_TITLE.match(plain) or _ARTICLE_TYPE.match(plain) or furniture_kind(plain)
                        or len(plain.split()) < 2 or not plain[:1].isupper()):
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _AUTHOR_LINE.search(plain) or re.match(r"\d{1,2}(?:,\d{1,2})*\s?[✉*†‡]?\s?,", following):
            break
        run.append(plain)
        if len(run) > 6:
            return None
    else:
        return None
    if not run:
        return None
    title = ""
    for part in run:
        title = title + part if title.endswith("-") else f"{title} {part}".strip()
    return title.rstrip(".") if 3 <= len(title.split()) <= 40 else None


def _entries(lines: list[tuple[int, str]]) -> list[ReferenceEntry]:
    entries: list[ReferenceEntry] = []
    expected = None
    numbered = sum(1 for _, t in lines if _NUMBERED.match(t)) >= 0.2 * max(len(lines), 1)
    for number_line, (_, text) in enumerate(lines, start=1):
        m = _NUMBERED.match(text) if numbered else None
        if m and (expected is None and int(m.group(1)) <= 3 or expected is not None and int(m.group(1)) == expected):
            entries.append(ReferenceEntry(int(m.group(1)), m.group(2).strip(), number_line))
            expected = int(m.group(1)) + 1
            continue
        starts_entry = not numbered and _SURNAME_START.match(text) and (not entries or _ENDS_ENTRY.search(entries[-1].raw_text))
        if starts_entry or not entries:
            entries.append(ReferenceEntry(None, text, number_line))
            continue
        last = entries[-1]
        if last.raw_text.endswith("-") and last.raw_text[-2:-1].islower() and text[:1].islower():
            last.raw_text = last.raw_text[:-1] + text
        else:
            last.raw_text = f"{last.raw_text} {text}".strip()
    return entries
