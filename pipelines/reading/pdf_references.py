"""A PDF's reference list from its lines: entries keyed by the number printed with them.

Numbered lists ("1.", "[1]", "1 " or a superscript number) start an entry at each number that
continues the sequence, so a page number or a year at a line's start never does. Unnumbered
(author–year) lists start an entry at a hanging indent, or, when the list has none, at a line
opening with a surname after a line that ended an entry. Entries cut by a column or page break
go on in the next line that starts no entry.
"""

from __future__ import annotations

import re

from pipelines.reading.document import ReferenceEntry
from pipelines.reading.pdf_layout import Line

_NUMBER = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})[.)]|(\d{1,4})(?=\s+\S))\s*")
_SURNAME_START = re.compile(r"^\s*(?:(?:van|von|de|der|den|da|di|du|del|la|le|dos|ten|ter)\s+)*[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?(?:,\s*(?:[A-Z]\.|[A-Z][a-z]+)|\s+[A-Z]{1,3}\b[,.]?|,\s*[A-Z]{1,3}\b)")
_ENDS_ENTRY = re.compile(r"(?:[.)]|\d|\b[a-z0-9]{4,}/[\w.\-]+)\s*$")


def _text(line: Line) -> str:
    return line.text.strip()


def _leading_number(line: Line) -> tuple[int, int] | None:
    """(number, characters it takes) when the line opens with a printed number (or a superscript one)."""
    text = line.text
    m = _NUMBER.match(text)
    if m:
        return int(next(g for g in m.groups() if g)), m.end()
    sup = 0
    while sup < len(line.chars) and (line.chars[sup].superscript or not line.chars[sup].text.strip()):
        sup += 1
    digits = "".join(c.text for c in line.chars[:sup]).strip()
    if digits.isdigit():
        return int(digits), sup
    return None


def reference_entries(lines: list[Line], widths: list[float]) -> list[ReferenceEntry]:
    if not lines:
        return []
    numbered = _numbered(lines)
    if numbered is not None:
        return numbered
    return _hanging(lines, widths)


def _numbered(lines: list[Line]) -> list[ReferenceEntry] | None:
    entries: list[ReferenceEntry] = []
    expected = None
    starts = 0
    for line in lines:
        lead = _leading_number(line)
        if lead is not None and (expected is None and lead[0] <= 3 or lead[0] == expected):
            number, width = lead
            body = "".join(c.text for c in line.chars)[width:].strip() if lead[1] and not _NUMBER.match(line.text) else line.text[width:].strip()
            entries.append(ReferenceEntry(number, body, line.page + 1))
            expected = number + 1
            starts += 1
        elif entries:
            _continue(entries[-1], _text(line))
    if starts < 3 or starts < 0.2 * len(lines):
        return None
    return entries


def _continue(entry: ReferenceEntry, text: str) -> None:
    if not text:
        return
    if entry.raw_text.endswith("-") and text[:1].islower() and entry.raw_text[-2:-1].isalpha():
        entry.raw_text = entry.raw_text[:-1] + text
    elif entry.raw_text.endswith(("/", "-", "_")) or re.search(r"(?:doi\.org|https?://\S*)$", entry.raw_text):
        entry.raw_text += text
    else:
        entry.raw_text = f"{entry.raw_text} {text}".strip()


def _column(line: Line, widths: list[float]) -> tuple[int, int]:
    return line.page, int(line.left > widths[line.page] * 0.45)


def _gaps(lines: list[Line], widths: list[float]) -> list[float | None]:
    """The baseline gap above each line within its column, None at a column's or page's first line."""
    gaps: list[float | None] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        if previous is None or _column(previous, widths) != _column(line, widths) or not 0 < previous.baseline - line.baseline < 3 * line.size:
            gaps.append(None)
        else:
            gaps.append(round(previous.baseline - line.baseline, 1))
    return gaps


def _entry_gap(gaps: list[float | None]) -> float | None:
    """When entries are set apart by extra space, the gap that separates them (else None)."""
    counts: dict[float, int] = {}
    for g in gaps:
        if g is not None:
            counts[round(g)] = counts.get(round(g), 0) + 1
    total = sum(counts.values())
    frequent = sorted(g for g, n in counts.items() if n >= 0.1 * total)
    if len(frequent) >= 2 and frequent[-1] >= 1.25 * frequent[0]:
        return (frequent[0] + frequent[-1]) / 2
    return None


def _hanging(lines: list[Line], widths: list[float]) -> list[ReferenceEntry]:
    """Unnumbered list: an entry starts with a surname after extra space, at a hanging indent, or after a line that ended an entry."""
    lefts: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        lefts.setdefault(_column(line, widths), []).append(line.left)
    gaps = _gaps(lines, widths)
    entry_gap = _entry_gap(gaps)
    entries: list[ReferenceEntry] = []
    for line, gap in zip(lines, gaps, strict=True):
        column = lefts[_column(line, widths)]
        edge = min(column)
        indented = sum(1 for x in column if x > edge + 3) >= 0.2 * len(column)
        at_edge = line.left <= edge + 1.5
        text = _text(line)
        previous_done = not entries or bool(_ENDS_ENTRY.search(entries[-1].raw_text))
        surname = bool(_SURNAME_START.match(text))
        if entry_gap is not None:
            starts = surname and (gap is None and previous_done or gap is not None and gap > entry_gap)
        else:
            starts = surname and ((at_edge and indented) or (not indented and previous_done))
        if starts or not entries:
            entries.append(ReferenceEntry(None, text, line.page + 1))
        else:
            _continue(entries[-1], text)
    return entries
