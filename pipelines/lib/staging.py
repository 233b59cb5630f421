"""Where per-review and vocabulary results wait between assets, under <processed>/staging/.

Per-review results are kept one folder per review, so a refresh redoes only the reviews that
changed and the warehouse reads every review's Parquet files in one query.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path


def staging_root(processed: Path) -> Path:
    return processed / "staging"


def review_folder(processed: Path, review_id: str) -> Path:
    return staging_root(processed) / "reviews" / review_id


def vocabulary_folder(processed: Path) -> Path:
    return staging_root(processed) / "vocabulary"


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, sort_keys=True, indent=2, default=str), encoding="utf-8")
    tmp.replace(path)


def read_json(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def folder_fingerprint(folder: Path) -> str:
    """SHA-256 over the names and bytes of the files in a folder, in sorted order."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def remove_unlisted_reviews(processed: Path, review_ids: set[str]) -> list[str]:
    """Drop the staged folders of reviews whose file is gone, so no later step can read them; returns their ids."""
    base = staging_root(processed) / "reviews"
    gone = sorted(p.name for p in base.iterdir() if p.is_dir() and p.name not in review_ids) if base.is_dir() else []
    for review_id in gone:
        shutil.rmtree(base / review_id, ignore_errors=True)
    return gone
