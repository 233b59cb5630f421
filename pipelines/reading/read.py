"""One entry point for every form: recognise the file's form from its bytes and hand it to its reader."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.reading import forms
from pipelines.reading.document import ParsedReview
from pipelines.reading.source_text import MAX_RAW_FILE_BYTES, RawFileError, decode_text


@dataclass(frozen=True)
class ReadReview:
    review: ParsedReview
    sha256: str  # of the raw bytes
    reading_text: str  # the text every offset points into (the file itself for Markdown and plain text)


MAX_ARTICLE_TEXT_BYTES = 10_000_000  # a text form over this is not one article: rejected before minutes of reading (issue 16)


def read_review(review_id: str, path: Path, max_bytes: int = MAX_RAW_FILE_BYTES) -> ReadReview:
    size = path.stat().st_size
    if size > max_bytes:
        raise RawFileError(f"{path.name}: {size} bytes is over the {max_bytes}-byte limit for a raw file")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise RawFileError(f"{path.name}: the file is empty")
    form = forms.recognise(data, path.name)
    if form != forms.PDF and size > MAX_ARTICLE_TEXT_BYTES:
        raise RawFileError(f"{path.name}: {size / 1e6:.0f} MB of text is more than one article holds (the limit for Markdown, "
                           f"plain text and XML is {MAX_ARTICLE_TEXT_BYTES // 1_000_000} MB; a long review is under 1 MB): split it, or check it is one article")
    if form == forms.PDF:
        from pipelines.reading.pdf import read_pdf

        review = read_pdf(review_id, data, path.name)
    elif form in (forms.JATS, forms.TEI):
        if form == forms.JATS:
            from pipelines.reading.jats import read_jats as reader
        else:
            from pipelines.reading.tei import read_tei as reader
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            data = decode_text(data, path.name).encode("utf-8")
        review = reader(review_id, data, path.name)
    else:
        text = decode_text(data, path.name)
        if form == forms.TEXT:
            from pipelines.reading.plain_text import read_plain_text

            review = read_plain_text(review_id, text)
        else:
            from pipelines.reading.markdown import parse_review

            review = parse_review(review_id, text)
        review.reading_text = None
        return ReadReview(review, sha, text)
    return ReadReview(review, sha, review.reading_text or "")
