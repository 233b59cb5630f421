"""Ids derived from content, so that the same inputs give the same ids in any run order."""

from __future__ import annotations

import hashlib

CONTENT_ID_DIGITS = 16


def content_id(prefix: str, *parts: object) -> str:
    """A short stable id: prefix plus 16 hex digits of SHA-256 over the parts."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{prefix}_{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:CONTENT_ID_DIGITS]}"
