"""A PDF's text layer as lines with their font size, weight, position and true superscripts.

pypdfium2 (PDFium's bindings, Apache-2.0/BSD) exposes each character's font size and box and
reads a 20-page article in well under a second of CPU; pdfplumber (pdfminer.six) exposes the
same and more but measured 6-7 times slower here, and PyMuPDF is AGPL. See docs/reading.md.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.reading.source_text import RawFileError

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
MAX_PAGES = 400


@dataclass
class Char:
    text: str  # after ligature repair: may be two or three letters, or empty (soft hyphen)
    size: float
    left: float
    right: float
    bottom: float
    top: float
    superscript: bool = False


@dataclass
class Line:
    page: int
    chars: list[Char]
    size: float  # the line's main font size
    bold: bool
    left: float
    right: float
    baseline: float
    top: float
    angle: float = 0.0
    kind: str = "text"  # text, heading, furniture kinds
    start: int = 0  # offset of the line in the reading text
    offsets: list[int] = field(default_factory=list)  # offset of each char's first letter

    @property
    def text(self) -> str:
        """Cached: lines are asked for their text many times; merging lines resets it."""
        cached = self.__dict__.get("_text")
        if cached is None or cached[0] != len(self.chars):
            cached = (len(self.chars), "".join(c.text for c in self.chars))
            self.__dict__["_text"] = cached
        return cached[1]


@dataclass
class PdfPages:
    lines: list[Line]
    widths: list[float]
    heights: list[float]
    reading_text: str


def _font_name(textpage, index: int) -> str:
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 128, ctypes.byref(flags))
    return buffer.value.decode("latin-1", "replace")


def read_pages(data: bytes, name: str) -> PdfPages:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RawFileError(f"{name}: not a readable PDF ({exc}); re-save or re-download it") from None
    if len(document) > MAX_PAGES:
        raise RawFileError(f"{name}: {len(document)} pages is over the {MAX_PAGES}-page limit for one article")
    lines: list[Line] = []
    widths, heights = [], []
    box = pdfium_c.FS_RECTF()
    for page_index in range(len(document)):
        page = document[page_index]
        width, height = page.get_size()
        widths.append(width)
        heights.append(height)
        textpage = page.get_textpage()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # surrogate pairs: fall back to one call per character
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        current: list[tuple[int, Char]] = []
        for i, ch in enumerate(text):
            if ch in "\r\n":
                if current:
                    lines.append(_line(page_index, current, textpage))
                    current = []
                continue
            if ch in "\x02\u00ad":  # PDFium's mark for a hyphen at a line end, or a soft hyphen: a hyphen, which the paragraph joiner may remove
                ch = "-"
            if ch == "\ufffe" or ch == "\x00":
                continue
            # the loose box spans the font's ascent to descent: its height is the size as drawn,
            # whatever text matrix scaled the nominal font size (many PDFs set size 1 and scale)
            pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box)
            glyph = unicodedata.normalize("NFC", LIGATURES.get(ch, ch))
            top, bottom = box.top, box.bottom
            current.append((i, Char(glyph, int((top - bottom) * 10 + 0.5) / 10, box.left, box.right, bottom, top)))
        if current:
            lines.append(_line(page_index, current, textpage))
        textpage.close()
        page.close()
    document.close()
    pages = PdfPages(lines, widths, heights, "")
    pages.reading_text = _lay_out(lines)
    return pages


def _line(page: int, chars: list[tuple[int, Char]], textpage) -> Line:
    last_visible = max((k for k, (_, c) in enumerate(chars) if c.text.strip()), default=-1)
    chars = [(i, c) for k, (i, c) in enumerate(chars) if not (c.text == "-" and k < last_visible and _soft(textpage, i))]
    visible = [c for _, c in chars if c.text.strip()]
    sizes: dict[float, int] = {}
    for c in visible:
        sizes[round(c.size, 1)] = sizes.get(round(c.size, 1), 0) + 1
    size = max(sizes, key=lambda s: (sizes[s], s)) if sizes else 0.0
    main = [c for c in visible if abs(c.size - size) < 0.3]
    baseline = sorted(c.bottom for c in main)[len(main) // 2] if main else 0.0
    ligature = _ligature_parts(visible)
    for k, c in enumerate(visible):
        if c.size < 0.85 * size and c.bottom > baseline + 0.2 * size and len(c.text) == 1 and k not in ligature:
            c.superscript = True
    first = next((i for i, c in chars if c.text.strip() and abs(c.size - size) < 0.3), chars[0][0])
    font = _font_name(textpage, first).lower()
    bold = any(w in font for w in ("bold", "black", "heavy", "semibold", "demi", "-bd", "-sb"))
    angle = pdfium_c.FPDFText_GetCharAngle(textpage, first)
    return Line(page, [c for _, c in chars], size, bold, min((c.left for c in visible), default=0.0), max((c.right for c in visible), default=0.0),
                baseline, max((c.top for c in main), default=0.0), angle)


def _ligature_parts(visible: list[Char]) -> set[int]:
    """Letters PDFium expanded from one ligature glyph ('fl' of 'inflammation') share that glyph's box, which
    some fonts draw smaller and higher: they are letters of the word, never a superscript to drop."""
    parts: set[int] = set()
    for k in range(1, len(visible)):
        a, b = visible[k - 1], visible[k]
        if a.text.isalpha() and b.text.isalpha() and abs(a.left - b.left) < 0.01 and abs(a.right - b.right) < 0.01:
            parts.update((k - 1, k))
    return parts


def _soft(textpage, index: int) -> bool:
    return chr(pdfium_c.FPDFText_GetUnicode(textpage, index)) in "\x02\u00ad"


def _lay_out(lines: list[Line]) -> str:
    """The reading text: one line of the PDF per line, a form feed between pages."""
    parts: list[str] = []
    position = 0
    page = 0
    for line in lines:
        if line.page != page:
            parts.append("\f")
            position += 1
            page = line.page
        line.start = position
        line.offsets = []
        for c in line.chars:
            line.offsets.append(position)
            parts.append(c.text)
            position += len(c.text)
        parts.append("\n")
        position += 1
    return "".join(parts)
