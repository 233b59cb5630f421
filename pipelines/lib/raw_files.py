"""Finding the raw inputs, refusing what must not be read.

Only regular files inside the raw folder are read: a symlink that leads outside it, a name
that is not a usable id, or a file over the size cap becomes a rejected row instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipelines.reading.source_text import MAX_RAW_FILE_BYTES

DEFAULT_RAW_DIR = "data/raw"
DEFAULT_PROCESSED_DIR = "data/processed"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def raw_dir() -> Path:
    return Path(os.environ.get("EVIDENCE_RAW_DIR") or DEFAULT_RAW_DIR).resolve()


def processed_dir() -> Path:
    return Path(os.environ.get("EVIDENCE_PROCESSED_DIR") or DEFAULT_PROCESSED_DIR).resolve()


def configuration_problems() -> list[str]:
    """What the user must fix in the folders before a build can start, one line each (never a traceback)."""
    problems = []
    raw, processed = raw_dir(), processed_dir()
    if not raw.exists():
        problems.append(f"the raw folder {raw} does not exist: set EVIDENCE_RAW_DIR to a folder with reviews/ (and vocabulary/) in it")
    elif not raw.is_dir():
        problems.append(f"EVIDENCE_RAW_DIR {raw} is a file, not a folder: point it at the folder that holds reviews/")
    if processed.exists() and not processed.is_dir():
        problems.append(f"EVIDENCE_PROCESSED_DIR {processed} is a file, not a folder: point it at a folder (it is created if missing)")
    else:
        existing = next((p for p in (processed, *processed.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            problems.append(f"EVIDENCE_PROCESSED_DIR {processed} is inside {existing}, which is a file: point it at a folder")
        elif existing is not None and not os.access(existing, os.W_OK | os.X_OK):
            problems.append(f"cannot write under {existing} (permission denied): point EVIDENCE_PROCESSED_DIR at a folder you can write to")
    return problems


@dataclass(frozen=True)
class Refused:
    path: str
    reason: str


def relative_name(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def list_inputs(root: Path, folder: str, suffixes: tuple[str, ...], key_by_name: bool = False, id_of=None) -> tuple[dict[str, Path], list[Refused]]:
    """Files of folder keyed by stem (or by file name, or by `id_of(name)`); refused files with a reason."""
    base = root / folder
    found: dict[str, Path] = {}
    refused: list[Refused] = []
    if not base.is_dir():
        return found, refused
    resolved_root = root.resolve()
    base_inside = base.resolve().is_relative_to(resolved_root)
    # os.scandir's entries carry their type and stat: resolving every path cost about a second a call at 10,000 reviews
    for entry in sorted(os.scandir(base), key=lambda e: e.name):
        path = Path(entry.path)
        name = relative_name(path, root)
        if entry.name.startswith(".") or entry.is_dir():
            continue
        if not entry.name.lower().endswith(suffixes):
            refused.append(Refused(name, f"not a {'/'.join(suffixes)} file; move it out of {folder}/ or convert it"))
            continue
        linked = entry.is_symlink() or not base_inside
        if linked and not path.resolve().is_relative_to(resolved_root):
            refused.append(Refused(name, "a link to a file outside the raw folder; copy the file in instead"))
            continue
        if not entry.is_file():
            refused.append(Refused(name, "not a regular file"))
            continue
        size = entry.stat().st_size
        if size > MAX_RAW_FILE_BYTES:
            refused.append(Refused(name, f"{size} bytes is over the {MAX_RAW_FILE_BYTES}-byte limit"))
            continue
        stem = path.name if key_by_name else id_of(path.name) if id_of else path.stem
        if not _SAFE_ID.match(stem):
            refused.append(Refused(name, "file name is not usable as an id: use letters, digits, '.', '_' and '-'"))
            continue
        if stem in found:
            refused.append(Refused(name, f"another file already has the id {stem!r}"))
            continue
        found[stem] = path
    return found, refused


def list_reviews(root: Path) -> tuple[dict[str, Path], list[Refused]]:
    """Review files of every form the readers know, keyed by review id (the name without its extensions)."""
    from pipelines.reading.forms import REVIEW_SUFFIXES, review_id_of

    return list_inputs(root, "reviews", REVIEW_SUFFIXES, id_of=review_id_of)
