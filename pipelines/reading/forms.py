"""Which form a review file is in, recognised from its first bytes, not only from its name.

A PDF saved as `.txt`, a JATS file saved as `.xml` or `.nxml`, a GROBID TEI file as `.xml` or
`.tei.xml`: the reader is chosen by what the file holds, and the name's extensions only decide
the review id (the file name without any of the extensions below).
"""

from __future__ import annotations

import re

REVIEW_SUFFIXES = (".tei.xml", ".md", ".markdown", ".txt", ".text", ".pdf", ".xml", ".nxml")

MARKDOWN, TEXT, PDF, JATS, TEI = "markdown", "text", "pdf", "jats", "tei"

_XML_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?P<root>[A-Za-z_][\w.-]*)[\s>/]")
_MARKDOWN_SIGNS = re.compile(r"^(?:#{1,6}\s|\s*[-*+]\s|\s*\|.*\|\s*$|\s*\d+\.\s)|\*\*|\]\(", re.MULTILINE)


def review_id_of(name: str) -> str:
    """'opie2024.grobid.tei.xml' -> 'opie2024.grobid'; 'PMC123.nxml' -> 'PMC123'."""
    lower = name.lower()
    for suffix in REVIEW_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name.rsplit(".", 1)[0]


def has_review_suffix(name: str) -> bool:
    return name.lower().endswith(REVIEW_SUFFIXES)


def _xml_root(head: bytes) -> bytes | None:
    body = head
    # skip the declaration, comments, processing instructions and the doctype
    while True:
        body = body.lstrip()
        if body.startswith(b"<?"):
            end = body.find(b"?>")
        elif body.startswith(b"<!--"):
            end = body.find(b"-->")
        elif body.startswith(b"<!"):
            end = body.find(b">")
        else:
            break
        if end < 0:
            return None
        body = body[end + 2 :] if body.startswith((b"<?", b"<!-")) else body[end + 1 :]
    m = _XML_ROOT.match(body)
    return m.group("root") if m else None


def recognise(data: bytes, name: str) -> str:
    """The form of a review file: pdf, jats, tei, markdown or text."""
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-" or data[:1024].find(b"%PDF-") >= 0:
        return PDF
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(codec, "ignore").encode("utf-8")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.lstrip().startswith(b"<"):
        root = _xml_root(head)
        if root == b"TEI" or root == b"teiCorpus":
            return TEI
        if root in (b"article", b"pmc-articleset", b"articles"):
            return JATS
    lower = name.lower()
    if lower.endswith((".md", ".markdown")):
        return MARKDOWN
    if lower.endswith((".txt", ".text")):
        sample = head.decode("utf-8", "ignore")
        return MARKDOWN if len(_MARKDOWN_SIGNS.findall(sample)) >= 5 else TEXT
    return MARKDOWN if lower.endswith((".xml", ".nxml")) is False else TEXT
