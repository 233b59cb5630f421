"""Gathering everything staged for one warehouse build, and refusing stale staging.

The warehouse must show exactly what is in the raw folder now: a review whose staged rows come
from an older version of its file or from another vocabulary, or a reference file staged from
other bytes, stops the build with a message saying what to re-run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.lib.code_version import code_fingerprint
from pipelines.lib.raw_files import list_reviews
from pipelines.lib.reference_formats.records import ReferenceRecord
from pipelines.lib.reference_staging import load_staged_references, reference_files
from pipelines.lib.review_staging import EXTRACTION_REJECTS
from pipelines.lib.staging import folder_fingerprint, read_json, review_folder, vocabulary_folder
from pipelines.lib.warehouse_sql import read_parquet_files


class StaleStaging(RuntimeError):
    """Staged rows do not match the raw files; the message says what to re-run."""


@dataclass
class StagedInputs:
    frames: dict[str, pd.DataFrame]
    records: list[ReferenceRecord]
    review_ids: set[str]
    source_files: list[dict] = field(default_factory=list)
    input_hashes: dict[str, str] = field(default_factory=dict)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gather_frames(raw: Path, processed: Path) -> StagedInputs:
    files, refused = list_reviews(raw)
    vocabulary_fp = folder_fingerprint(raw / "vocabulary")
    staged_vocabulary = read_json(vocabulary_folder(processed) / "vocabulary.json") or {}
    if staged_vocabulary.get("fingerprint") != vocabulary_fp:
        raise StaleStaging("the staged vocabulary does not match <raw>/vocabulary/: materialize the 'vocabulary' asset first")
    problems, folders, summaries = [], [], []
    for review_id, path in sorted(files.items()):
        folder = review_folder(processed, review_id)
        document = read_json(folder / "document.json")
        evidence = read_json(folder / "evidence.json")
        sha = _sha(path)
        if document is None or document.get("raw_sha256") != sha or document.get("code") != code_fingerprint():
            problems.append(f"{review_id}: not parsed since the file or the code changed (review_documents)")
        elif evidence is None or evidence.get("vocabulary") != vocabulary_fp or evidence.get("raw_sha256") != sha or evidence.get("code") != code_fingerprint():
            problems.append(f"{review_id}: evidence not extracted with the current file and vocabulary (review_evidence)")
        folders.append(folder)
    records, reference_rejects, reference_summaries, stale = load_staged_references(raw, processed)
    if stale:
        problems.append("reference files not read since they changed (reference_records): " + ", ".join(stale))
    if problems:
        raise StaleStaging("staged results are out of date; materialize: " + "; ".join(problems))

    frames: dict[str, pd.DataFrame] = {}
    for table in ("reviews", "sentences", "citations", "bibliography", "evidence", "rejected_records", "citation_issues", "document_quality"):
        frames[table] = read_parquet_files([f / f"{table}.parquet" for f in folders if (f / f"{table}.parquet").exists()], table)
    for table in ("interventions", "outcomes", "conditions"):
        frames[table] = read_parquet_files([vocabulary_folder(processed) / f"{table}.parquet"], table)
    extraction_rejected = read_parquet_files([f / EXTRACTION_REJECTS for f in folders if (f / EXTRACTION_REJECTS).exists()], "rejected_records")
    frames["rejected_records"] = pd.concat([frames["rejected_records"], extraction_rejected], ignore_index=True)
    reference_rejected = read_parquet_files(reference_rejects, "rejected_records")
    refused_rows = [{"source_file": r.path, "location": "file", "target": r.path.split("/")[0], "reason": r.reason, "raw": ""} for r in refused + reference_files(raw)[1]]
    frames["rejected_records"] = pd.concat(
        [frames["rejected_records"], reference_rejected, pd.DataFrame(refused_rows, columns=list(frames["rejected_records"].columns))], ignore_index=True
    )
    for review in frames["reviews"].itertuples():
        summaries.append({"source_file": review.source_file, "folder": "reviews", "source_sha256": review.source_sha256,
                          "records_read": 1, "records_accepted": 1, "records_rejected": 0})
    parsed = set(frames["reviews"]["source_file"])
    for _, path in sorted(files.items()):
        name = path.relative_to(raw).as_posix()
        if name not in parsed:
            summaries.append({"source_file": name, "folder": "reviews", "source_sha256": _sha(path), "records_read": 1, "records_accepted": 0, "records_rejected": 1})
    summaries.extend(reference_summaries)
    for refused_file in refused + reference_files(raw)[1]:
        path = raw / refused_file.path
        sha = _sha(path) if path.is_file() and not path.is_symlink() else None
        summaries.append({"source_file": refused_file.path, "folder": refused_file.path.split("/")[0], "source_sha256": sha,
                          "records_read": 1, "records_accepted": 0, "records_rejected": 1})
    hashes = {s["source_file"]: s["source_sha256"] for s in summaries}
    for folder in ("vocabulary", "curations", "effect_sizes"):
        base = raw / folder
        if base.is_dir():
            for path in sorted(p for p in base.iterdir() if p.is_file() and not p.name.startswith(".")):
                hashes[path.relative_to(raw).as_posix()] = _sha(path)
    return StagedInputs(frames, records, set(files), summaries, hashes)


def source_of_row(row: pd.Series) -> str:
    for column in ("source_file", "review_id"):
        value = row.get(column)
        if isinstance(value, str) and value:
            return value if column == "source_file" else f"reviews/{value}.md"
    return "(unknown)"
