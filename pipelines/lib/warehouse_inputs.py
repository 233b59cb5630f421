"""Gathering everything staged for one warehouse build, and refusing stale staging.

The warehouse must show exactly what is in the raw folder now: a review whose staged rows come
from an older version of its file, or from another vocabulary, stops the build with a message
saying which review to re-run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from pipelines.lib.raw_files import list_inputs
from pipelines.lib.staging import folder_fingerprint, read_json, review_folder, vocabulary_folder
from pipelines.lib.warehouse_sql import read_parquet_files


class StaleStaging(RuntimeError):
    """Staged rows do not match the raw files; the message says what to re-run."""


def gather_frames(raw: Path, processed: Path) -> dict[str, pd.DataFrame]:
    files, refused = list_inputs(raw, "reviews", (".md",))
    vocabulary_fp = folder_fingerprint(raw / "vocabulary")
    staged_vocabulary = read_json(vocabulary_folder(processed) / "vocabulary.json") or {}
    if staged_vocabulary.get("fingerprint") != vocabulary_fp:
        raise StaleStaging("the staged vocabulary does not match <raw>/vocabulary/: materialize the 'vocabulary' asset first")
    problems = []
    folders = []
    for review_id, path in sorted(files.items()):
        folder = review_folder(processed, review_id)
        document = read_json(folder / "document.json")
        evidence = read_json(folder / "evidence.json")
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if document is None or document.get("source_sha256") not in (sha, None):
            problems.append(f"{review_id}: not parsed since the file changed (review_documents)")
        elif evidence is None or evidence.get("vocabulary") != vocabulary_fp or evidence.get("source_sha256") != document.get("source_sha256"):
            problems.append(f"{review_id}: evidence not extracted with the current file and vocabulary (review_evidence)")
        folders.append(folder)
    if problems:
        raise StaleStaging("staged results are out of date; materialize these review partitions: " + "; ".join(problems))

    frames: dict[str, pd.DataFrame] = {}
    for table in ("reviews", "sentences", "citations", "bibliography", "evidence", "rejected_records"):
        frames[table] = read_parquet_files([f / f"{table}.parquet" for f in folders if (f / f"{table}.parquet").exists()], table)
    for table in ("interventions", "outcomes", "conditions"):
        frames[table] = read_parquet_files([vocabulary_folder(processed) / f"{table}.parquet"], table)
    refused_rows = pd.DataFrame.from_records(
        [{"source_file": r.path, "location": "file", "target": "reviews", "reason": r.reason, "raw": ""} for r in refused],
        columns=["source_file", "location", "target", "reason", "raw"],
    )
    frames["rejected_records"] = pd.concat([frames["rejected_records"], refused_rows], ignore_index=True)
    return frames


def source_of_row(row: pd.Series) -> str:
    for column in ("source_file", "review_id"):
        value = row.get(column)
        if isinstance(value, str) and value:
            return value if column == "source_file" else f"reviews/{value}.md"
    return "(unknown)"
