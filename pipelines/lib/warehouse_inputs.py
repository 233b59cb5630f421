"""What one warehouse build reads from staging, checked for staleness first, then read a batch at a time.

The warehouse must show exactly what is in the raw folder now: a review whose staged rows come
from an older version of its file or from another vocabulary, or a reference file staged from
other bytes, stops the build with a message saying what to re-run. Checking reads only each
review's small JSON stamps; the staged tables are read later, one batch of reviews at a time,
so a build's memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.lib.code_version import staging_fingerprint
from pipelines.lib.raw_files import list_reviews
from pipelines.lib.reference_formats.records import ReferenceRecord
from pipelines.lib.reference_staging import load_staged_references, reference_files
from pipelines.lib.review_staging import EXTRACTION_REJECTS
from pipelines.lib.staging import folder_fingerprint, read_json, review_folder, vocabulary_folder
from pipelines.lib.warehouse_sql import read_parquet_files

REVIEW_TABLES = ("reviews", "sentences", "citations", "bibliography", "evidence", "rejected_records", "citation_issues", "document_quality")
VOCABULARY_TABLES = ("interventions", "outcomes", "conditions")


class StaleStaging(RuntimeError):
    """Staged rows do not match the raw files; the message says what to re-run."""


@dataclass
class StagingPlan:
    raw: Path
    processed: Path
    review_files: dict[str, Path]
    folders: list[Path]
    records: list[ReferenceRecord]
    reference_rejects: list[Path]
    reference_summaries: list[dict]
    refused_files: list = field(default_factory=list)
    review_sha: dict[str, str] = field(default_factory=dict)  # review id -> SHA-256 of its raw file

    @property
    def review_ids(self) -> set[str]:
        return set(self.review_files)

    def staged_files(self, table: str) -> list[Path]:
        return [f / f"{table}.parquet" for f in self.folders if (f / f"{table}.parquet").exists()]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plan_staging(raw: Path, processed: Path) -> StagingPlan:
    """Every staged review and reference file, or StaleStaging naming what is out of date."""
    files, refused = list_reviews(raw)
    vocabulary_fp = folder_fingerprint(raw / "vocabulary")
    staged_vocabulary = read_json(vocabulary_folder(processed) / "vocabulary.json") or {}
    if staged_vocabulary.get("fingerprint") != vocabulary_fp:
        raise StaleStaging("the staged vocabulary does not match <raw>/vocabulary/: materialize the 'vocabulary' asset first")
    problems, folders, shas = [], [], {}
    for review_id, path in sorted(files.items()):
        folder = review_folder(processed, review_id)
        document = read_json(folder / "document.json")
        evidence = read_json(folder / "evidence.json")
        sha = shas[review_id] = _sha(path)
        if document is None or document.get("raw_sha256") != sha or document.get("code") != staging_fingerprint():
            problems.append(f"{review_id}: not parsed since the file or the code changed (review_documents)")
        elif evidence is None or evidence.get("vocabulary") != vocabulary_fp or evidence.get("raw_sha256") != sha or evidence.get("code") != staging_fingerprint():
            problems.append(f"{review_id}: evidence not extracted with the current file and vocabulary (review_evidence)")
        folders.append(folder)
    records, reference_rejects, reference_summaries, stale = load_staged_references(raw, processed)
    if stale:
        problems.append("reference files not read since they changed (reference_records): " + ", ".join(stale))
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise StaleStaging("staged results are out of date; materialize: " + shown)
    return StagingPlan(raw, processed, files, folders, records, reference_rejects, reference_summaries, refused + reference_files(raw)[1], shas)


def read_review_batch(folders: list[Path]) -> dict[str, pd.DataFrame]:
    """The staged per-review tables of a few reviews, with the extractor's rejected sentences among rejected_records."""
    frames = {table: read_parquet_files([f / f"{table}.parquet" for f in folders if (f / f"{table}.parquet").exists()], table) for table in REVIEW_TABLES}
    extraction_rejected = read_parquet_files([f / EXTRACTION_REJECTS for f in folders if (f / EXTRACTION_REJECTS).exists()], "rejected_records")
    frames["rejected_records"] = pd.concat([f for f in (frames["rejected_records"], extraction_rejected) if len(f)] or [frames["rejected_records"]], ignore_index=True)
    return frames


def read_vocabulary_tables(processed: Path) -> dict[str, pd.DataFrame]:
    return {table: read_parquet_files([vocabulary_folder(processed) / f"{table}.parquet"], table) for table in VOCABULARY_TABLES}


def unstaged_rejects(plan: StagingPlan, columns: list[str]) -> pd.DataFrame:
    """Files refused before staging (bad names, unreadable) and reference files rejected whole, as rejected_records rows."""
    reference_rejected = read_parquet_files(plan.reference_rejects, "rejected_records")
    refused_rows = [{"source_file": r.path, "location": "file", "target": r.path.split("/")[0], "reason": r.reason, "raw": ""} for r in plan.refused_files]
    parts = [reference_rejected.reindex(columns=columns), pd.DataFrame(refused_rows, columns=columns)]
    return pd.concat([p for p in parts if len(p)] or [parts[1]], ignore_index=True)


def source_summaries(plan: StagingPlan, parsed: dict[str, str]) -> tuple[list[dict], dict[str, str]]:
    """One source_files row per raw file (parsed maps each parsed review's source file to its SHA-256), and every input's hash."""
    raw = plan.raw
    summaries = [{"source_file": name, "folder": "reviews", "source_sha256": sha, "records_read": 1, "records_accepted": 1, "records_rejected": 0}
                 for name, sha in parsed.items()]
    for _, path in sorted(plan.review_files.items()):
        name = path.relative_to(raw).as_posix()
        if name not in parsed:
            summaries.append({"source_file": name, "folder": "reviews", "source_sha256": _sha(path), "records_read": 1, "records_accepted": 0, "records_rejected": 1})
    summaries.extend(plan.reference_summaries)
    for refused_file in plan.refused_files:
        path = raw / refused_file.path
        sha = _sha(path) if path.is_file() and not path.is_symlink() else None
        summaries.append({"source_file": refused_file.path, "folder": refused_file.path.split("/")[0], "source_sha256": sha,
                          "records_read": 1, "records_accepted": 0, "records_rejected": 1})
    hashes = {s["source_file"]: s["source_sha256"] for s in summaries}
    for folder in ("vocabulary", "curations", "effect_sizes"):
        hashes.update(folder_hashes(raw, folder))
    return summaries, hashes


def folder_hashes(raw: Path, folder: str) -> dict[str, str]:
    """SHA-256 of each file of a raw folder (vocabulary, curations, effect sizes), keyed by its path under raw."""
    base = raw / folder
    if not base.is_dir():
        return {}
    return {p.relative_to(raw).as_posix(): _sha(p) for p in sorted(base.iterdir()) if p.is_file() and not p.name.startswith(".")}


def source_of_row(row: pd.Series) -> str:
    for column in ("source_file", "review_id"):
        value = row.get(column)
        if isinstance(value, str) and value:
            return value if column == "source_file" else f"reviews/{value}.md"
    return "(unknown)"
