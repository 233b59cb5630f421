"""The figure step on a built warehouse: wall time and peak memory of drawing every figure.

    .venv/bin/python benchmarks/figures_step.py --db DIR/processed/warehouse.duckdb

Runs `pipelines.lib.figures.draw_figures` (the gap map and one forest plot per pooled pair, what
the `figures` asset draws) in a fresh process and prints its wall time and peak resident memory,
beside the size of the warehouse it drew. A benchmark, not a test: figures vary by machine.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from pipelines.lib.figures import draw_figures
started = time.perf_counter()
made = draw_figures(Path(sys.argv[1]), Path(sys.argv[2]))
print(len(made), time.perf_counter() - started)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, type=Path)
    args = parser.parse_args()
    import duckdb

    with duckdb.connect(str(args.db), read_only=True) as con:
        reviews, claims, interventions, outcomes = con.execute(
            "SELECT (SELECT count(*) FROM reviews), count(*), count(DISTINCT intervention), count(DISTINCT outcome) FROM claims").fetchone()
        pooled = con.execute("SELECT count(DISTINCT (intervention, outcome, measure)) FROM meta_analyses").fetchone()[0]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(args.db), folder, str(ROOT)], capture_output=True, text=True)
        wall = time.perf_counter() - started
    if out.returncode:
        print(f"the figure step failed: {out.stderr.strip().splitlines()[-1]}", file=sys.stderr)
        return 1
    made, drawing = out.stdout.split()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"warehouse: {reviews:,} articles, {claims:,} claims over {interventions:,} interventions x {outcomes:,} outcomes, {pooled} pooled pairs")
    print(f"figure step: {made} figures in {float(drawing):.1f} s of drawing ({wall:.1f} s with the process start and imports), "
          f"peak RSS {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
