"""Two floors to read the build's own figures against (issue 14), printed side by side:

    .venv/bin/python benchmarks/floors.py --warehouse PATH/warehouse.duckdb [--repeat 3]

1. The warehouse load (what `build_tables` does with the rows once validated: `open_build`, typed tables,
   `insert_frame` with casts, then `finish_build`: views, comments, checkpoint) beside DuckDB's own ingest of the same rows: `CREATE TABLE t AS SELECT * FROM frame` over the
   same pandas frames (pyarrow is not a dependency, so DuckDB reads the frames, as its Arrow path
   would, without a copy), and DuckDB copying the tables file to file; all into a new file, on the
   tables of a warehouse already built (any N).
2. The seed build (`python -m pipelines.build` on data/raw as cloned, forced, fresh Dagster home)
   beside `dagster asset materialize` of one trivial asset in-process (a fresh process importing
   Dagster and materializing an asset that returns 1): what any Dagster run costs before it does work.

Prints figures, asserts nothing; run nothing else meanwhile. The best of --repeat runs is shown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.lib.warehouse_sql import finish_build, insert_frame, open_build, spill_folder  # noqa: E402
from schemas.tables import TABLE_MODELS  # noqa: E402

TRIVIAL = """
import dagster as dg

@dg.asset
def one() -> int:
    return 1

assert dg.materialize([one], instance=dg.DagsterInstance.ephemeral()).success
"""


def _best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def warehouse_floor(warehouse: Path, repeat: int) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        frames = {t: con.table(t).df() for t in TABLE_MODELS}
    rows = sum(len(f) for f in frames.values())
    with tempfile.TemporaryDirectory() as tmp:
        def ours() -> None:
            target = Path(tmp) / "ours.duckdb"
            target.unlink(missing_ok=True)
            con = open_build(target)
            for name, frame in frames.items():
                insert_frame(con, name, frame)
            finish_build(con)
            con.close()
            shutil.rmtree(spill_folder(target), ignore_errors=True)

        def duck_frames() -> None:
            target = Path(tmp) / "frames.duckdb"
            target.unlink(missing_ok=True)
            with duckdb.connect(str(target)) as out:
                for name, frame in frames.items():
                    out.register("incoming", frame)
                    out.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
                    out.unregister("incoming")
                out.execute("CHECKPOINT")

        def duck_native() -> None:
            target = Path(tmp) / "native.duckdb"
            target.unlink(missing_ok=True)
            with duckdb.connect(str(target)) as out:
                out.execute(f"ATTACH '{warehouse}' AS source (READ_ONLY)")
                for name in frames:
                    out.execute(f"CREATE TABLE {name} AS SELECT * FROM source.{name}")
                out.execute("CHECKPOINT")

        ours_s, frames_s, native_s = _best(repeat, ours), _best(repeat, duck_frames), _best(repeat, duck_native)
    print(f"warehouse load: {rows:,} rows in {len(frames)} tables: ours (insert_frame per table, finish_build) {ours_s:.2f} s; DuckDB's own ingest of the same "
          f"pandas frames (CREATE TABLE AS SELECT) {frames_s:.2f} s, ours at {frames_s / ours_s:.2f}x its speed; DuckDB copying the "
          f"tables file to file {native_s:.2f} s ({native_s / ours_s:.2f}x)")


def seed_floor(repeat: int) -> None:
    def seed_build() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            home.mkdir()
            shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
            env = {**os.environ, "EVIDENCE_RAW_DIR": str(ROOT / "data" / "raw"), "EVIDENCE_PROCESSED_DIR": str(Path(tmp) / "processed"),
                   "DAGSTER_HOME": str(home), "EVIDENCE_FORCE_REBUILD": "1"}
            subprocess.run([sys.executable, "-m", "pipelines.build"], cwd=ROOT, env=env, check=True, capture_output=True)

    def trivial() -> None:
        subprocess.run([sys.executable, "-c", TRIVIAL], cwd=ROOT, check=True, capture_output=True)

    seed_s, floor_s = _best(repeat, seed_build), _best(repeat, trivial)
    print(f"seed build: {seed_s:.1f} s; one trivial asset materialized in a fresh process: {floor_s:.1f} s "
          f"(the seed build is {seed_s / floor_s:.1f}x Dagster's floor)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, help="a built warehouse.duckdb whose tables are loaded again")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.warehouse:
        warehouse_floor(args.warehouse, args.repeat)
    seed_floor(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
