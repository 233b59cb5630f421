"""Plain text (`.txt`): a converter's text dump or a PDF's text layer saved as text.

It has the shape of converter Markdown without its markup (lines broken where the page broke
them, headings on lines of their own), so the Markdown reader's block, heading and furniture
rules read it; only the form and reader recorded differ.
"""

from __future__ import annotations

import re

from pipelines.reading.document import ParsedReview
from pipelines.reading.markdown import parse_review

_PAGE_MARKER = re.compile(r"^(?:PAGE \d+:|-{3,} ?page \d+ ?-{3,}|\f)\s*$", re.IGNORECASE | re.MULTILINE)


def read_plain_text(review_id: str, text: str) -> ParsedReview:
    # a page marker line stands for a page break: a blank line, same length, so offsets stay put
    review = parse_review(review_id, _PAGE_MARKER.sub(lambda m: " " * len(m.group()), text))
    review.source_format, review.reader = "text", "text" if review.reader == "markdown" else "text-lines"
    return review
