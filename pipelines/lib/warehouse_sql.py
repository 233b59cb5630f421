"""Writing the warehouse: DDL from the pandera models, rows a batch at a time, views, comments.

The file is written in DuckDB's v1.5.0 storage format so that the DuckDB CLI analysts install
from PyPI (1.5) can open it. A build writes its own file, rows inserted a batch at a time; nobody
reads that file until it is checked and renamed over the live one, so a build that fails midway
leaves only a leftover the next build removes (`publish.remove_leftovers`).
"""

from __future__ import annotations

import itertools
import os
import tempfile
import threading
from pathlib import Path

import duckdb
import pandas as pd

from schemas.tables import TABLE_MODELS, columns

STORAGE_VERSION = "v1.5.0"

VIEWS = {
    "evidence_map": (
        "One row per intervention and outcome and direction, with the number of distinct references and statements.",
        """
        SELECT intervention_class, intervention, outcome_domain, outcome, direction,
               count(DISTINCT reference_id) AS n_references,
               count(DISTINCT sentence_id || '|' || intervention || '|' || outcome || '|' || direction) AS n_statements,
               coalesce(list(DISTINCT reference_id ORDER BY reference_id) FILTER (WHERE reference_id IS NOT NULL), []) AS reference_ids
        FROM evidence
        GROUP BY intervention_class, intervention, outcome_domain, outcome, direction
        """,
        {
            "intervention_class": "The intervention's class.",
            "intervention": "Canonical intervention name.",
            "outcome_domain": "The outcome's domain; 'unlisted' for an outcome read from the text that the vocabulary lacks.",
            "outcome": "Canonical outcome name.",
            "direction": "increase, decrease, no_effect or modulates.",
            "n_references": "Distinct references backing the cell.",
            "n_statements": "Distinct statements (sentence, intervention, outcome, direction) backing the cell.",
            "reference_ids": "The distinct references, sorted.",
        },
    ),
}


def connect_for_build(path: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(table: str) -> str:
    cols = ", ".join(f"{name} {sql}" for name, sql, _ in columns(TABLE_MODELS[table]))
    return f"CREATE TABLE {table} ({cols})"


def select_casted(table: str, source: str) -> str:
    """SELECT from a registered frame or file, casting each column to the table's type."""
    cols = ", ".join(f"CAST({name} AS {sql}) AS {name}" for name, sql, _ in columns(TABLE_MODELS[table]))
    return f"SELECT {cols} FROM {source}"


_STAGING = threading.local()


def _staging_connection() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per thread for staging writes: opening one per file cost about 30 ms, most of a
    review's staging time (issue 14's profile: 71% of a 1,000-review build inside write_parquet)."""
    con = getattr(_STAGING, "con", None)
    if con is None or getattr(_STAGING, "pid", None) != os.getpid():  # a forked worker opens its own
        con = _STAGING.con = duckdb.connect()
        _STAGING.pid = os.getpid()
    return con


def write_parquet(df: pd.DataFrame, table: str, path: Path) -> None:
    """Stage one table's rows as typed Parquet, written by DuckDB (no pyarrow in the stack)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = df.reindex(columns=[c for c, _, _ in columns(TABLE_MODELS[table])])
    con = _staging_connection()
    con.register("frame", frame)
    try:
        con.execute(f"COPY ({select_casted(table, 'frame')}) TO {quote_literal(str(path))} (FORMAT parquet)")
    finally:
        con.unregister("frame")


def parquet_source(files: list[Path]) -> str:
    """A read_parquet over the files in sorted order, which is the order their rows come back in."""
    listing = "[" + ", ".join(quote_literal(str(f)) for f in sorted(files)) + "]"
    return f"read_parquet({listing}, union_by_name = true)"


def read_parquet_files(files: list[Path], table: str) -> pd.DataFrame:
    if not files:
        return empty_frame(table)
    with duckdb.connect() as con:
        return con.execute(select_casted(table, parquet_source(files))).df()


def empty_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name, _, _ in columns(TABLE_MODELS[table])})


BUILD_MEMORY_LIMIT = os.environ.get("EVIDENCE_DUCKDB_MEMORY", "768MB")
READ_MEMORY_LIMIT = os.environ.get("EVIDENCE_DUCKDB_READ_MEMORY", "512MB")
EXPORT_MEMORY_LIMIT = os.environ.get("EVIDENCE_DUCKDB_EXPORT_MEMORY", "768MB")  # the exports sort on two threads
_READERS = itertools.count()


def open_for_reading(path: Path, memory_limit: str = READ_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """A read-only connection for the build's own reads of a warehouse (checks, fingerprints, exports, figures).
    Capped: DuckDB's default, 80% of the machine, let its buffer pool cache every table it scanned (3.3 GB for
    the checks on 10,000 reviews); capped, it evicts and spills a large sort to a folder it removes."""
    con = duckdb.connect(str(path), read_only=True)
    con.execute(f"SET memory_limit = {quote_literal(memory_limit)}")
    spill = Path(tempfile.gettempdir()) / f"evidence-duckdb-spill-{os.getpid()}-{next(_READERS)}"  # DuckDB removes a folder it made
    con.execute(f"SET temp_directory = {quote_literal(str(spill))}")
    return con


def spill_folder(path: Path) -> Path:
    """Where DuckDB spills beyond its memory limit: named like the building file, so an unfinished build's is removed with it."""
    return path.with_name(path.name + ".spill")


def open_build(path: Path, create_tables: bool = True) -> duckdb.DuckDBPyConnection:
    """The building file, with every table created and empty (or as copied from the live file); DuckDB's memory
    capped so a build's footprint does not grow with the corpus (it spills to a folder beside the file instead)."""
    con = connect_for_build(path)
    con.execute(f"SET memory_limit = {quote_literal(BUILD_MEMORY_LIMIT)}")
    con.execute(f"SET temp_directory = {quote_literal(str(spill_folder(path)))}")
    if create_tables:
        for table in TABLE_MODELS:
            con.execute(create_table_sql(table))
    return con


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame is None or not len(frame):
        return
    con.register("frame", frame.reindex(columns=[c for c, _, _ in columns(TABLE_MODELS[table])]))
    try:
        con.execute(f"INSERT INTO {table} {select_casted(table, 'frame')}")
    finally:
        con.unregister("frame")


def finish_build(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Views and comments, written to disk; returns every table's and view's row count."""
    for view, (_, sql, _) in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {view} AS {sql}")
    apply_comments(con)
    con.execute("CHECKPOINT")
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in list(TABLE_MODELS) + list(VIEWS)}


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    for table, model in TABLE_MODELS.items():
        con.execute(f"COMMENT ON TABLE {table} IS {quote_literal((model.__doc__ or '').strip())}")
        for name, _, description in columns(model):
            con.execute(f"COMMENT ON COLUMN {table}.{name} IS {quote_literal(description)}")
    for view, (description, _, column_comments) in VIEWS.items():
        con.execute(f"COMMENT ON VIEW {view} IS {quote_literal(description)}")
        for name, description in column_comments.items():
            con.execute(f"COMMENT ON COLUMN {view}.{name} IS {quote_literal(description)}")
