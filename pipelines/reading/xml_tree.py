"""Parsing XML articles safely, and the text builder the XML and PDF readers lay their reading text out with.

Entities are never resolved, no DTD is loaded and nothing is fetched: a JATS file names its DTD
by URL and a hostile one can declare entities that read local files or expand without bound.
"""

from __future__ import annotations

import re

from lxml import etree

from pipelines.reading.citations import CitationMark
from pipelines.reading.mapped_text import MappedText
from pipelines.reading.source_text import RawFileError


def parse_xml(data: bytes, name: str) -> tuple[etree._Element, list[str]]:
    """The root element, and warnings (a file that needed libxml2's recovery mode says so)."""
    options = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, etree.XMLParser(**options)), []
    except etree.XMLSyntaxError as exc:
        first_error = str(exc)
    root = etree.fromstring(data, etree.XMLParser(recover=True, **options))
    if root is None:
        raise RawFileError(f"{name}: not well-formed XML ({first_error}); re-export the file")
    return root, [f"XML not well-formed ({first_error}); read in recovery mode, parts may be missing"]


def local(tag: object) -> str:
    """'{http://www.tei-c.org/ns/1.0}p' -> 'p'; comments and entities have no tag name."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def all_text(element: etree._Element | None) -> str:
    return squash("".join(element.itertext())) if element is not None else ""


class ReadingText:
    """The text a structured reader lays out (headings and paragraphs, blank lines between); every
    paragraph's characters map to their offsets in it, so sentences have offsets like Markdown's."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add_heading(self, heading: str) -> None:
        self._add(f"## {heading}\n\n")

    def add_paragraph(self, text: str, marks: list[CitationMark] | None = None) -> tuple[MappedText, list[CitationMark] | None]:
        start = self.length
        self._add(text + "\n\n")
        mapped = MappedText(list(text), list(range(start, start + len(text))))
        return mapped, marks

    def _add(self, piece: str) -> None:
        self.parts.append(piece)
        self.length += len(piece)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def squash_with_marks(text: str, marks: list[CitationMark]) -> tuple[str, list[CitationMark]]:
    """Collapse runs of white space and strip, moving the marks with their characters."""
    keep: list[int] = []  # for each kept character, its old index
    out: list[str] = []
    previous_space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if previous_space:
                continue
            ch = " "
            previous_space = True
        else:
            previous_space = False
        out.append(ch)
        keep.append(i)
    while out and out[-1] == " ":
        out.pop()
        keep.pop()
    new_index = {}
    for new, old in enumerate(keep):
        new_index.setdefault(old, new)
    moved = []
    for m in marks:
        start = next((new_index[i] for i in range(m.start, m.end) if i in new_index), None)
        end_old = next((i for i in range(m.end - 1, m.start - 1, -1) if i in new_index), None)
        if start is None or end_old is None:
            continue
        moved.append(CitationMark(start, new_index[end_old] + 1, m.numbers, m.text))
    return "".join(out), moved
