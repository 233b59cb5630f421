"""A fingerprint of the code that turns raw files into rows.

Staged results record it, so a change to a parser or the extractor makes every staged review
and reference file stale and the next run redoes them, while unchanged files under unchanged
code are skipped. The manifest records it as the code version of a build.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_PIPELINES = Path(__file__).resolve().parents[1]
_ROOTS = [_PIPELINES / "lib", _PIPELINES / "reading", _PIPELINES / "evidence", _PIPELINES.parent / "schemas"]
_SUFFIXES = (".py", ".yaml")  # rule files are code too: a changed rule must re-read every review


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for root in _ROOTS:
        for path in sorted(p for p in root.rglob("*") if p.suffix in _SUFFIXES):
            digest.update(path.relative_to(root.parent).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
