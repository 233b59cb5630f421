"""The refresh log: one row per published build, kept across builds in <processed>/refresh_log.jsonl.

Rows gained and lost are counted by each table's key against the warehouse that is live when
the build starts; files new, changed and removed against the input hashes of the last
published build (its manifest).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd

LOG_FILE = "refresh_log.jsonl"
TABLE_KEYS = {
    "reviews": ["review_id"],
    "sentences": ["sentence_id"],
    "bibliography": ["reference_id"],
    "citations": ["sentence_id", "reference_number"],
    "evidence": ["evidence_id"],
    "claims": ["claim_id"],
    "reference_matches": ["matched_record"],
    "interventions": ["intervention"],
    "outcomes": ["outcome"],
    "conditions": ["condition"],
    "rejected_records": ["source_file", "location", "target", "reason"],
    "citation_issues": ["review_id", "kind", "reference_number", "sentence_id", "detail"],
}


def _keys(frame: pd.DataFrame, columns: list[str]) -> set[tuple]:
    if frame.empty:
        return set()
    return set(frame[columns].astype(str).itertuples(index=False, name=None))


def rows_gained_lost(previous_db: Path | None, tables: dict[str, pd.DataFrame]) -> tuple[dict[str, int], dict[str, int]]:
    gained, lost = {}, {}
    con = None
    if previous_db is not None and previous_db.exists():
        try:
            con = duckdb.connect(str(previous_db), read_only=True)
        except duckdb.Error:
            con = None  # a live file nobody can open is reported as empty, never a failure
    try:
        for table, columns in TABLE_KEYS.items():
            new = _keys(tables.get(table, pd.DataFrame(columns=columns)), columns)
            old: set[tuple] = set()
            if con is not None:
                try:
                    old = _keys(con.execute(f"SELECT {', '.join(columns)} FROM {table}").df(), columns)
                except duckdb.Error:
                    old = set()
            gained[table], lost[table] = len(new - old), len(old - new)
    finally:
        if con is not None:
            con.close()
    return gained, lost


def file_changes(previous: dict[str, str], current: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    new = sorted(set(current) - set(previous))
    changed = sorted(f for f in set(current) & set(previous) if current[f] != previous[f])
    removed = sorted(set(previous) - set(current))
    return new, changed, removed


def load_history(processed: Path) -> list[dict]:
    path = processed / LOG_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def append_history(processed: Path, row: dict) -> None:
    with open(processed / LOG_FILE, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, sort_keys=True, default=str) + "\n")


def history_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["run_id", "started", "finished", "files_new", "files_changed", "files_removed", "rows_gained", "rows_lost"])
    for column in ("started", "finished"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_localize(None)
    return frame
