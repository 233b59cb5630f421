"""Reference files read once per content: staged under <processed>/staging/references/<file name>/.

A file whose bytes did not change since it was staged is not read again, so a refresh after
one new file reads one file.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pandas as pd

from pipelines.lib.code_version import staging_fingerprint
from pipelines.lib.raw_files import list_inputs
from pipelines.lib.reference_formats.dispatch import REFERENCE_SUFFIXES, read_reference_file
from pipelines.lib.reference_formats.records import ReferenceRecord
from pipelines.lib.staging import read_json, staging_root, write_json
from pipelines.lib.warehouse_sql import write_parquet

RECORDS_FILE = "records.pkl"


def references_folder(processed: Path) -> Path:
    return staging_root(processed) / "references"


def reference_files(raw: Path):
    return list_inputs(raw, "references", REFERENCE_SUFFIXES, key_by_name=True)


def stage_reference_files(raw: Path, processed: Path) -> dict[str, int]:
    files, _ = reference_files(raw)
    root = references_folder(processed)
    counts = {"files": len(files), "read": 0, "cached": 0, "records": 0, "rejected": 0}
    for name, path in sorted(files.items()):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        folder = root / name
        staged = read_json(folder / "file.json")
        if staged and staged.get("source_sha256") == sha and staged.get("code") == staging_fingerprint():
            counts["cached"] += 1
        else:
            source_file = path.relative_to(raw).as_posix()
            result = read_reference_file(path, source_file)
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            with open(folder / RECORDS_FILE, "wb") as fh:
                pickle.dump(result.records, fh)
            rejected = [{"source_file": r.source_file, "location": r.location, "target": "bibliography", "reason": r.reason, "raw": r.raw} for r in result.rejected]
            write_parquet(pd.DataFrame(rejected), "rejected_records", folder / "rejected_records.parquet")
            write_json(folder / "file.json", {"source_file": source_file, "source_sha256": sha, "code": staging_fingerprint(), "records_read": result.records_read,
                                              "records_accepted": len(result.records), "records_rejected": len(result.rejected)})
            counts["read"] += 1
        info = read_json(folder / "file.json")
        counts["records"] += info["records_accepted"]
        counts["rejected"] += info["records_rejected"]
    if root.exists():
        for folder in root.iterdir():
            if folder.name not in files:
                shutil.rmtree(folder, ignore_errors=True)
    return counts


def load_staged_references(raw: Path, processed: Path) -> tuple[list[ReferenceRecord], list[Path], list[dict], list[str]]:
    """Records, rejected-row files and file summaries of every current reference file; stale ones are named."""
    files, _ = reference_files(raw)
    records: list[ReferenceRecord] = []
    rejected_files: list[Path] = []
    summaries: list[dict] = []
    stale: list[str] = []
    for name, path in sorted(files.items()):
        folder = references_folder(processed) / name
        info = read_json(folder / "file.json")
        if info is None or info.get("source_sha256") != hashlib.sha256(path.read_bytes()).hexdigest() or info.get("code") != staging_fingerprint():
            stale.append(name)
            continue
        with open(folder / RECORDS_FILE, "rb") as fh:
            records.extend(pickle.load(fh))
        rejected_files.append(folder / "rejected_records.parquet")
        summaries.append({"source_file": info["source_file"], "folder": "references", "source_sha256": info["source_sha256"],
                          "records_read": info["records_read"], "records_accepted": info["records_accepted"], "records_rejected": info["records_rejected"]})
    return records, rejected_files, summaries, stale
