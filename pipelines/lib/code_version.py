"""Fingerprints of the code: the code that turns raw files into staged rows, and all of it.

Staged results record the staging fingerprint, so a change to a parser or the extractor makes every
staged review and reference file stale and the next run redoes them, while a change to the
warehouse step alone (claims, checks, exports) rebuilds the warehouse from the staged rows without
reading 10,000 reviews again. The staging code is the modules the staging entry points import,
found by reading their import statements (not by what a process happens to have imported), and
every rule file. The manifest records the fingerprint of all the code as a build's code version,
so any change to it means the live warehouse is not current.
"""

from __future__ import annotations

import ast
import hashlib
from functools import lru_cache
from pathlib import Path

_PIPELINES = Path(__file__).resolve().parents[1]
_REPO = _PIPELINES.parent
_ROOTS = [_PIPELINES / "lib", _PIPELINES / "reading", _PIPELINES / "evidence", _REPO / "schemas"]
_SUFFIXES = (".py", ".yaml")  # rule files are code too: a changed rule must re-read every review
STAGING_ENTRY_POINTS = ("pipelines.lib.review_staging", "pipelines.lib.review_workers", "pipelines.lib.reference_staging")


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(_REPO).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _module_file(name: str) -> Path | None:
    base = _REPO.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from pipelines.lib import raw_files`
    return {n for n in names if n.split(".")[0] in ("pipelines", "schemas")}


def staging_modules() -> list[Path]:
    """The source files the staging entry points import, directly or not, with their packages' __init__ files."""
    seen: dict[str, Path] = {}
    frontier = list(STAGING_ENTRY_POINTS)
    while frontier:
        name = frontier.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
            prefix = ".".join(parts[:i])
            path = _module_file(prefix)
            if path is not None and prefix not in seen:
                seen[prefix] = path
                frontier.extend(_imported(path))
    return sorted(set(seen.values()))


@lru_cache(maxsize=1)
def staging_fingerprint() -> str:
    rules = [p for root in _ROOTS for p in root.rglob("*.yaml")]
    return _digest(staging_modules() + rules)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    return _digest([p for root in _ROOTS for p in root.rglob("*") if p.suffix in _SUFFIXES])
