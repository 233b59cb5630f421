"""What changed under the raw folder since the last look, and what must run because of it.

Files are compared by content hash, so touching a file or copying it over with the same bytes
changes nothing. The plan names the least work that brings the warehouse up to date:
- a review added or changed: it is parsed and extracted (the others are current), then the warehouse rebuilt;
- the vocabulary changed: every review is re-extracted (not re-parsed), then the warehouse;
- only reference files, curations or effect sizes changed: the warehouse alone, without the
  review assets (reference files are read again only if their bytes changed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.reading.forms import has_review_suffix, review_id_of

WATCHED_FOLDERS = ("reviews", "references", "vocabulary", "curations", "effect_sizes")


def scan_raw(raw: Path) -> dict[str, str]:
    """relative path -> SHA-256 of every regular file in the watched folders."""
    hashes: dict[str, str] = {}
    for folder in WATCHED_FOLDERS:
        base = raw / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            hashes[f"{folder}/{path.name}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


@dataclass
class RefreshPlan:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reviews_added: list[str] = field(default_factory=list)
    reviews_removed: list[str] = field(default_factory=list)
    reviews_touched: list[str] = field(default_factory=list)  # added or changed: the reviews to parse again
    parse_reviews: bool = False  # some review's file is new or changed
    extract_all: bool = False  # the vocabulary changed
    warehouse: bool = False  # anything changed at all

    @property
    def nothing(self) -> bool:
        return not (self.new or self.changed or self.removed)


def _review_id(path: str) -> str | None:
    if path.startswith("reviews/") and has_review_suffix(path):
        return review_id_of(path[len("reviews/") :])
    return None


def plan_refresh(previous: dict[str, str], current: dict[str, str]) -> RefreshPlan:
    plan = RefreshPlan(
        new=sorted(set(current) - set(previous)),
        changed=sorted(p for p in set(current) & set(previous) if current[p] != previous[p]),
        removed=sorted(set(previous) - set(current)),
    )
    plan.reviews_added = sorted(r for p in plan.new if (r := _review_id(p)))
    plan.reviews_removed = sorted(r for p in plan.removed if (r := _review_id(p)))
    plan.reviews_touched = sorted({r for p in plan.new + plan.changed if (r := _review_id(p))})
    plan.parse_reviews = bool(plan.reviews_touched)
    plan.extract_all = any(p.startswith("vocabulary/") for p in plan.new + plan.changed + plan.removed)
    plan.warehouse = not plan.nothing
    return plan


def unchanged_since(raw: Path, processed: Path, scan: dict | None = None) -> str | None:
    """The run whose warehouse is live and current, when nothing it was built from has changed: the same raw files
    (by content), the same code and storage version, its records complete and no failure since. None means build.
    EVIDENCE_FORCE_REBUILD=1 always builds (to check that a rerun is identical). scan: scan_raw(raw), when the caller has it."""
    import os

    from pipelines.lib.code_version import code_fingerprint
    from pipelines.lib.publish import JOURNAL_NAME, live_path, step_done_for
    from pipelines.lib.staging import read_json
    from pipelines.lib.warehouse_sql import STORAGE_VERSION

    if os.environ.get("EVIDENCE_FORCE_REBUILD"):
        return None
    manifest_path = processed / "manifest.json"
    manifest = read_json(manifest_path)
    if not manifest or not live_path(processed).exists() or (processed / JOURNAL_NAME).exists() or not (processed / "exports").is_dir():
        return None
    failure = processed / "last_failure.json"
    if failure.exists() and failure.stat().st_mtime_ns >= manifest_path.stat().st_mtime_ns:
        return None  # a refresh failed after this warehouse was published: exports or figures may be behind
    if manifest.get("code_version") != code_fingerprint() or manifest.get("storage_version") != STORAGE_VERSION:
        return None
    if any(step_done_for(processed, step) != manifest.get("run_id") for step in ("csv_exports", "figures")):
        return None  # a build stopped between publishing and its last export: the exports are behind
    if manifest.get("raw_scan") != (scan if scan is not None else scan_raw(raw)):
        return None
    return manifest.get("run_id")
