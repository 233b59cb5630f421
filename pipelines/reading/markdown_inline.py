"""Inline Markdown and HTML to plain text, keeping offsets into the source.

Converted PDFs carry escapes (``\\*``), emphasis, links, superscript citations and stray HTML.
The text is extracted, never rendered: tags are dropped, ``<script>`` and ``<style>`` with
their content. Every repeat is bounded and link text holds no bracket, so a file of nested
brackets or links is read in linear time.
"""

from __future__ import annotations

import html
import re

from pipelines.reading.mapped_text import MappedText

_CITATION_BODY = r"\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)*\s*"

_INLINE = re.compile(
    r"(?P<comment><!--.{0,2000}?-->)"  # docling's "<!-- image -->", "<!-- formula-not-decoded -->": placeholders, not text
    r"|(?P<dropblock><(?P<droptag>script|style)\b[^>]{0,500}>.{0,100000}?</(?P=droptag)\s*>)"
    r"|(?P<image>!\[[^\[\]]{0,1000}\]\([^()]{0,2000}\))"
    r"|(?P<link>\[(?P<linktext>[^\[\]]{1,1000})\]\((?P<url>[^()\s]{0,2000})[^()]{0,500}\))"
    rf"|(?P<sup><sup>(?P<supbody>{_CITATION_BODY})</sup>)"
    rf"|(?P<caret>\^(?P<caretbody>{_CITATION_BODY})\^)"
    r"|(?P<unicode_sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–‒-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*)"
    r"|(?P<tag></?[A-Za-z][^<>]{0,200}>)"
    r"|(?P<entity>&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});)"
    r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!<>|~]))"
    r"|(?P<emphasis>\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9]))"
    r"|(?P<code>`+)",
    re.IGNORECASE | re.DOTALL,
)
_STARTS = re.compile(r"[<!\[^&\\*_`⁰¹²³⁴⁵⁶⁷⁸⁹]")  # every alternative of _INLINE begins with one of these
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_KINDS = ("comment", "dropblock", "image", "link", "sup", "caret", "unicode_sup", "tag", "entity", "escape", "emphasis", "code")


def _inline_matches(text: str):
    """What _INLINE.finditer finds, tried only where a match can begin: the engine would try the whole
    alternation at every character of the line."""
    at = 0
    while (start := _STARTS.search(text, at)) is not None:
        m = _INLINE.match(text, start.start())
        if m is None:
            at = start.start() + 1
            continue
        yield m
        at = m.end()


def clean_inline(text: str, source_offset: int) -> MappedText:
    """Plain text of one Markdown line or block; offsets are relative to the whole source."""
    out = MappedText()
    pos = 0
    for m in _inline_matches(text):
        if m.start() > pos:
            out.append(text[pos : m.start()], source_offset + pos)
        kind = next(k for k in _KINDS if m.group(k) is not None)
        base = source_offset + m.start()
        if kind == "link":
            out.append(m.group("linktext"), source_offset + m.start("linktext"))
        elif kind in ("sup", "caret"):
            body = m.group("supbody") if kind == "sup" else m.group("caretbody")
            body_start = m.start("supbody") if kind == "sup" else m.start("caretbody")
            out.append_synthetic("[", base)
            out.append(body, source_offset + body_start)
            out.append_synthetic("]", source_offset + m.end() - 1)
        elif kind == "unicode_sup":
            out.append_synthetic("[", base)
            for i, ch in enumerate(m.group()):
                out.append_synthetic(ch.translate(_SUPERSCRIPT_DIGITS), base + i)
            out.append_synthetic("]", source_offset + m.end() - 1)
        elif kind == "entity":
            out.append_synthetic(html.unescape(m.group()), base)
        elif kind == "escape":
            out.append(m.group("escaped"), source_offset + m.start("escaped"))
        # comment, dropblock, image, tag, emphasis, code: dropped
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:], source_offset + pos)
    return out
