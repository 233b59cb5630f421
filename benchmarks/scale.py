"""Builds at scale: full build and refreshes on N generated review-length articles (issue 14).

    .venv/bin/python benchmarks/scale.py --n 100 1000 [10000] [--work DIR]

For each N: generates the corpus (benchmarks/generate_corpus.py, seed 1) with one shared reference
file, runs `python -m pipelines.build` as analysts do (a fresh DAGSTER_HOME and processed folder),
and prints its wall time and peak resident memory (the build's whole process tree, worker processes
included, sampled twice a second); then the three refreshes, each as a share of
the full build: nothing changed, one review added, one reference file changed. Builds run one
after another on this machine; nothing else should run meanwhile. Prints figures, asserts nothing.
The warehouse load beside DuckDB's Arrow ingest and the seed build beside a one-asset floor are
benchmarks/floors.py; the extractor beside spaCy is benchmarks/extractor_speed.py.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate_corpus import Vocabulary, article  # noqa: E402

POOL_RIS = ("TY  - JOUR\nAU  - Walsh, Anna\nTI  - Exercise for depressive symptoms in primary care: a pragmatic trial\n"
            "T2  - Br J Psychiatry\nPY  - {year}\nVL  - 12\nSP  - 100\nEP  - 110\nER  - \n")


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (worker processes included), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), None)
        total += int(line.split()[1]) if line else 0
    return total / 1024


class _TreeSampler(threading.Thread):
    """Samples the build's process tree twice a second: its peak is what the machine must hold."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.peak = max(self.peak, _tree_rss_mb(self.pid))


def run_build(raw: Path, processed: Path, home: Path, output: list[str] | None = None) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB of the build's process tree, exit code, last line); output, when given,
    receives every line the build printed."""
    env = {**os.environ, "EVIDENCE_RAW_DIR": str(raw), "EVIDENCE_PROCESSED_DIR": str(processed), "DAGSTER_HOME": str(home)}
    env.pop("EVIDENCE_REFRESH_LOCK_HELD", None)
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "pipelines.build"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = _TreeSampler(child.pid)
    sampler.start()
    printed = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    sampler.done.set()
    sampler.join()
    wall = time.perf_counter() - started
    lines = [line for line in printed.splitlines() if line.strip()]
    if output is not None:
        output.extend(lines)
    return wall, max(sampler.peak, usage.ru_maxrss / 1024), os.waitstatus_to_exitcode(status), lines[-1] if lines else ""


def measure(n: int, work: Path) -> None:
    vocabulary = Vocabulary()
    raw, processed, home = work / f"n{n}" / "raw", work / f"n{n}" / "processed", work / f"n{n}" / "home"
    shutil.rmtree(work / f"n{n}", ignore_errors=True)
    (raw / "reviews").mkdir(parents=True)
    (raw / "references").mkdir()
    shutil.copytree(ROOT / "data" / "raw" / "vocabulary", raw / "vocabulary")
    for index in range(n):
        (raw / "reviews" / f"generated_1_{index:05d}.md").write_text(article(index, "1", vocabulary), encoding="utf-8")
    (raw / "references" / "pool.ris").write_text(POOL_RIS.format(year=2019), encoding="utf-8")
    printed: list[str] = []
    full, peak, code, last = run_build(raw, processed, home, printed)
    print(f"N={n:,}: full build {full:,.1f} s, peak RSS {peak:,.0f} MB (exit {code}: {last[:100]})", flush=True)
    print(f"N={n:,}: " + next((line for line in printed if line.startswith("steps:")), "steps: (not printed)"), flush=True)
    nothing, _, code, _ = run_build(raw, processed, home)
    print(f"N={n:,}: nothing changed {nothing:,.1f} s = {100 * nothing / full:.1f}% of the full build (exit {code})", flush=True)
    (raw / "reviews" / f"generated_1_{n:05d}.md").write_text(article(n, "1", vocabulary), encoding="utf-8")
    added, _, code, _ = run_build(raw, processed, home)
    print(f"N={n:,}: one review added {added:,.1f} s = {100 * added / full:.1f}% (exit {code})", flush=True)
    (raw / "references" / "pool.ris").write_text(POOL_RIS.format(year=2020), encoding="utf-8")
    changed, _, code, _ = run_build(raw, processed, home)
    print(f"N={n:,}: one reference file changed {changed:,.1f} s = {100 * changed / full:.1f}% (exit {code})", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="scale_"))
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; work in {work}", flush=True)
    for n in args.n:
        measure(n, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
