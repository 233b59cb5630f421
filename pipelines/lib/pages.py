"""Page ranges as printed in reference lists, expanded so they sort and compare.

Vancouver style drops the leading digits an end page shares with the start ("118-24"), and
supplements carry a letter prefix ("S481-90"). Article numbers ("4605971", "e0212345") are
kept as they are.
"""

from __future__ import annotations

import re

_RANGE = re.compile(r"^(?P<p1>[A-Za-z]*)(?P<n1>\d+)(?P<s1>[A-Za-z]*)\s*[-–—]+\s*(?P<p2>[A-Za-z]*)(?P<n2>\d+)(?P<s2>[A-Za-z]*)$")


def expand_pages(pages: str | None) -> str | None:
    """'118-24' -> '118-124', 'S481-90' -> 'S481-S490', '690-7' -> '690-697'."""
    if pages is None:
        return None
    pages = pages.strip().rstrip(".,;")
    if not pages:
        return None
    m = _RANGE.match(pages)
    if not m:
        return pages
    prefix = m["p1"]
    start, end = m["n1"], m["n2"]
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    end_prefix = m["p2"] or prefix
    return f"{prefix}{start}{m['s1']}-{end_prefix}{end}{m['s2']}"
