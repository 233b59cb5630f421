"""Plain text (`.txt`): a converter's text dump, a PDF's text layer saved as text, or the
Evidence Inference rendering of a PubMed Central article.

A dump has the shape of converter Markdown without its markup (lines broken where the page broke
them, headings on lines of their own), so the Markdown reader's block, heading and furniture
rules read it; only the form and reader recorded differ. The Evidence Inference rendering
("TITLE:" then one paragraph per line under "ABSTRACT.METHODS:" or "BODY.RESULTS:" labels) states
its structure outright and is read by its labels.
"""

from __future__ import annotations

import re

from pipelines.reading.assemble import finish, section_kind
from pipelines.reading.document import Paragraph, ParsedReview
from pipelines.reading.mapped_text import MappedText
from pipelines.reading.markdown import parse_review

_PAGE_MARKER = re.compile(r"^(?:PAGE \d+:|-{3,} ?page \d+ ?-{3,}|\f)\s*$", re.IGNORECASE | re.MULTILINE)
# a table's first line: "10.1371/journal.pone.0001040.t002Table 2BODY.RUN-IN…", "Table 1Sample characteristics", "Table 2"
_EI_TABLE_START = re.compile(r"^(?:\S*?\.t\d+)?Table \d+(?=[A-Z]|\s*$)")
_EI_FIGURE = re.compile(r"^(?:\S*?\.g\d+)?Fig(?:ure|\.)? \d+(?=[A-Z]|\s*$)")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*$")
_EI_LABEL = re.compile(r"^(ABSTRACT|BODY)(?:\.([^\n]*?))?:\s*$")


def is_evidence_inference_text(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("TITLE:") and bool(re.search(r"^(?:ABSTRACT|BODY)\.[^\n]*:\s*$", text, re.MULTILINE))


def read_plain_text(review_id: str, text: str) -> ParsedReview:
    if is_evidence_inference_text(text):
        return read_evidence_inference_text(review_id, text)
    # a page marker line stands for a page break: a blank line, same length, so offsets stay put
    review = parse_review(review_id, _PAGE_MARKER.sub(lambda m: " " * len(m.group()), text))
    review.source_format, review.reader = "text", "text" if review.reader == "markdown" else "text-lines"
    return review


def read_evidence_inference_text(review_id: str, text: str) -> ParsedReview:
    """Each label a section; a line is a paragraph, except that the rendering breaks a line at
    every cross-reference ("…substance use\n[9], which suggests"), so a line that does not end a
    sentence runs on into the next. The rendering has no reference list: its citation marks
    cannot resolve (they go to citation_issues)."""
    review = ParsedReview(review_id=review_id, source_format="text", reader="evidence-inference-text")
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    paragraphs: list[Paragraph] = []
    section = kind = None
    in_table = False
    current: Paragraph | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            paragraphs.append(current)
        current = None

    for index, (start, line) in enumerate(lines):
        plain = line.strip()
        if not plain:
            continue
        if plain.startswith("TITLE:") and index < 3:
            rest = plain[len("TITLE:"):].strip() or next((t.strip() for _, t in lines[index + 1:index + 4] if t.strip()), "")
            review.title = rest if rest and not _EI_LABEL.match(rest) else None
            continue
        if review.title is not None and plain == review.title:
            continue
        label = _EI_LABEL.match(plain)
        if label:
            close()
            part, name = label.group(1), (label.group(2) or "").strip()
            heading = name.title() if name.isupper() else name
            if part == "ABSTRACT":
                section, kind = f"Abstract: {heading}" if heading else "Abstract", "abstract"
            elif not heading:  # "BODY:" opens the body before its first heading: PubMed Central's unheaded introduction
                section, kind = None, "introduction" if kind in (None, "abstract") else "body"
            else:
                section, kind = heading, section_kind(heading, kind if kind != "abstract" else None)
            continue
        if _EI_FIGURE.match(plain):
            review.furniture.append(("figure caption", plain))
            continue
        if _EI_TABLE_START.match(plain):
            in_table = True
            close()
            review.furniture.append(("table", plain))
            continue
        if in_table:
            words = len(plain.split())
            if words < 12 and not (words >= 6 and _TERMINAL.search(plain)) or plain[:1] in "*†‡§¶#":
                review.furniture.append(("table", plain))
                continue
            in_table = False
        source = start + len(line) - len(line.lstrip())
        if current is not None and (not _TERMINAL.search(current.text.text) or re.match(r"\[\d", plain)):
            current.text.append_synthetic(" ", source)
            current.text.append(plain, source)
            continue
        close()
        current = Paragraph(section, MappedText(), kind)
        current.text.append(plain, source)
    close()
    review.citation_style = None
    return finish(review, paragraphs)
