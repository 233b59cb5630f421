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


def rows_gained_lost(con: duckdb.DuckDBPyConnection, previous_db: Path | None) -> tuple[dict[str, int], dict[str, int]]:
    """Distinct keys in the build (con) and not in the previous file, and the reverse, counted inside DuckDB."""
    attached = False
    if previous_db is not None and previous_db.exists():
        try:
            con.execute(f"ATTACH {_literal(str(previous_db))} AS previous (READ_ONLY)")
            attached = True
        except duckdb.Error:
            attached = False  # a live file nobody can open is reported as empty, never a failure
    gained, lost = {}, {}
    try:
        for table, columns in TABLE_KEYS.items():
            keys = ", ".join(columns)
            new = f"SELECT DISTINCT {keys} FROM main.{table}"
            gained[table] = lost[table] = 0
            if attached:
                try:
                    old = f"SELECT DISTINCT {keys} FROM previous.{table}"
                    gained[table] = con.execute(f"SELECT count(*) FROM ({new} EXCEPT {old})").fetchall()[0][0]
                    lost[table] = con.execute(f"SELECT count(*) FROM ({old} EXCEPT {new})").fetchall()[0][0]
                    continue
                except duckdb.Error:
                    pass  # the previous file lacks the table or a key column: everything is new
            gained[table] = con.execute(f"SELECT count(*) FROM ({new})").fetchall()[0][0]
    finally:
        if attached:
            con.execute("DETACH previous")
    return gained, lost


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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
    frame = pd.DataFrame(rows, columns=["run_id", "started", "finished", "files_new", "files_changed", "files_removed", "rows_gained", "rows_lost", "rebuilt"])
    for column in ("started", "finished"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_localize(None)
    return frame
