"""The per-article step on one process and on two (issue 14): the review steps' time with
EVIDENCE_WORKERS=1 and =2 on the same generated corpus, and whether the two warehouses are equal.

    .venv/bin/python benchmarks/workers.py [--n 200] [--repeat 3] [--work DIR]

Generates N review-length articles (benchmarks/generate_corpus.py, seed 1), then builds them as
analysts do (`python -m pipelines.build`, a fresh DAGSTER_HOME and processed folder each time),
alternating one process and two, --repeat times each. The per-article step is the two review assets (reading,
extraction and staging of every article: `review_documents Xs, review_evidence Ys` on the build's
`steps:` line); the build's wall time is printed beside it. The speed-up is the ratio of the medians. The tables' fingerprints
(manifest.json) of the last two builds must be equal: two processes change no byte of the warehouse.
Prints figures, asserts nothing; run nothing else meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate_corpus import Vocabulary, article  # noqa: E402
from benchmarks.scale import run_build  # noqa: E402

STEP_TIME = re.compile(r"\b(review_documents|review_evidence) ([\d.]+)s")


def _build(raw: Path, out: Path, workers: int) -> tuple[float, float | None]:
    """(build wall seconds, seconds of the two review steps) with this many worker processes."""
    shutil.rmtree(out, ignore_errors=True)
    os.environ["EVIDENCE_WORKERS"] = str(workers)  # run_build passes this process's environment on
    printed: list[str] = []
    wall, _, code, _ = run_build(raw, out / "processed", out / "home", printed)
    if code != 0:
        print(f"  build with {workers} process(es) failed (exit {code})")
    steps = STEP_TIME.findall("\n".join(printed))
    return wall, sum(float(seconds) for _, seconds in steps) if len(steps) == 2 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="evidence-workers-"))
    raw = work / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    (raw / "reviews").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "raw" / "vocabulary", raw / "vocabulary")
    vocabulary = Vocabulary()
    for index in range(args.n):
        (raw / "reviews" / f"generated_1_{index:05d}.md").write_text(article(index, "1", vocabulary), encoding="utf-8")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; {args.n} generated articles in {work}")
    times: dict[int, list[tuple[float, float | None]]] = {1: [], 2: []}
    for _ in range(args.repeat):
        for workers in (1, 2):
            wall, job = _build(raw, work / f"w{workers}", workers)
            times[workers].append((wall, job))
            print(f"  {workers} process(es): review steps {job if job is not None else float('nan'):.1f} s, whole build {wall:.1f} s", flush=True)
    jobs = {w: statistics.median(j for _, j in t if j is not None) for w, t in times.items() if any(j is not None for _, j in t)}
    walls = {w: statistics.median(x for x, _ in t) for w, t in times.items()}
    if len(jobs) == 2:
        print(f"review steps (the per-article step), median of {args.repeat}: {jobs[1]:.1f} s with 1 process, {jobs[2]:.1f} s with 2: {jobs[1] / jobs[2]:.2f}x")
    print(f"whole build, median of {args.repeat}: {walls[1]:.1f} s and {walls[2]:.1f} s: {walls[1] / walls[2]:.2f}x")
    manifests = [json.loads((work / f"w{w}" / "processed" / "manifest.json").read_text(encoding="utf-8")) for w in (1, 2)]
    same = manifests[0]["table_fingerprints"] == manifests[1]["table_fingerprints"]
    print(f"table fingerprints with 1 and 2 processes: {'identical' if same else 'DIFFERENT'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
