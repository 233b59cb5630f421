"""Evidence Inference prompts answered by the warehouse: builds N trial reports of one split of the
Evidence Inference corpus and prints macro F1 over their prompts (pipelines/evidence/prompt_scoring.py).

    .venv/bin/python benchmarks/evidence_inference.py --ei-repo PATH [--split train] [--articles 100] [--seed 1]
        [--exclude 1:60 --exclude 2:100 ...]   # leave out samples whose errors were read

PATH is a checkout (or a bare git directory) of github.com/jayded/evidence-inference. Only the
train split is ours to develop on: the validation and test splits are held out for the project's
checks, so do not read their labels or tune to them. The prompts are those of
annotations/v2_annotations.csv (Evidence Inference 2.0) whose article is in the split's id list
(annotations/splits/<split>_article_ids.txt); a deterministic sample of N such articles is built
with `make build`'s own code into --work (a raw folder, a processed folder, a Dagster home).
Writes <work>/answers.csv (one row per prompt, the row that answered it) for reading the errors.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.evidence.prompt_scoring import Prompt, majority_labels, score_prompts  # noqa: E402


def _reader(repo: Path):
    """Files of the repository, from a checkout or with `git show` from a bare git directory."""
    if (repo / "annotations").is_dir():
        return lambda path: (repo / path).read_bytes()
    return lambda path: subprocess.run(["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True).stdout


def _sample(candidates: list[str], seed: str, n: int | str) -> list[str]:
    """A deterministic sample: the N articles whose hash with the seed sorts first."""
    return sorted(candidates, key=lambda pmcid: hashlib.sha256(f"{seed}:{pmcid}".encode()).hexdigest())[: int(n)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ei-repo", required=True, type=Path)
    parser.add_argument("--split", default="train", choices=["train", "validation", "test"])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--score-only", action="store_true", help="score the warehouse already built in --work")
    parser.add_argument("--exclude", action="append", default=[], metavar="SEED:N",
                        help="leave out the N articles that --seed SEED --articles N would draw (samples whose errors were read)")
    args = parser.parse_args()
    read = _reader(args.ei_repo)
    ids = set(read(f"annotations/splits/{args.split}_article_ids.txt").decode().split())
    annotations = [a for a in csv.DictReader(io.StringIO(read("annotations/v2_annotations.csv").decode("utf-8"))) if a["PMCID"] in ids]
    labels = majority_labels(annotations)
    candidates = sorted({a["PMCID"] for a in annotations if a["PromptID"] in labels})
    seen = {pmcid for spec in args.exclude for pmcid in _sample(candidates, *spec.split(":"))}
    articles = _sample([c for c in candidates if c not in seen], args.seed, args.articles)
    chosen = set(articles)
    prompts = [
        Prompt(p["PromptID"], f"PMC{p['PMCID']}", p["Intervention"], p["Comparator"], p["Outcome"], labels[p["PromptID"]])
        for p in csv.DictReader(io.StringIO(read("annotations/prompts_merged.csv").decode("utf-8")))
        if p["PMCID"] in chosen and p["PromptID"] in labels
    ]
    work = args.work or Path(tempfile.mkdtemp(prefix="ei_"))
    raw, processed = work / "raw", work / "processed"
    if not args.score_only:
        shutil.rmtree(raw, ignore_errors=True)
        (raw / "reviews").mkdir(parents=True)
        shutil.copytree(ROOT / "data" / "raw" / "vocabulary", raw / "vocabulary")
        for pmcid in articles:
            (raw / "reviews" / f"PMC{pmcid}.nxml").write_bytes(read(f"annotations/xml_files/PMC{pmcid}.nxml"))
        env = dict(os.environ, EVIDENCE_RAW_DIR=str(raw), EVIDENCE_PROCESSED_DIR=str(processed), DAGSTER_HOME=str(work / "dagster_home"))
        (work / "dagster_home").mkdir(exist_ok=True)
        shutil.copy(ROOT / "dagster.yaml", work / "dagster_home" / "dagster.yaml")
        started = time.perf_counter()
        build = subprocess.run([sys.executable, "-m", "pipelines.build"], cwd=ROOT, env=env, capture_output=True, text=True)
        print(f"built {len(articles)} articles in {time.perf_counter() - started:.0f} s (exit {build.returncode})")
        if build.returncode != 0:
            print(build.stdout[-2000:], build.stderr[-2000:])
            return 1
    import duckdb

    con = duckdb.connect(str(processed / "warehouse.duckdb"), read_only=True)
    rows = con.execute("SELECT * FROM evidence WHERE source_kind = 'review'").fetch_df().to_dict("records")
    con.close()
    by_article: dict[str, list[dict]] = {}
    for row in rows:
        by_article.setdefault(row["review_id"], []).append(row)
    score, answers = score_prompts(prompts, by_article)
    print(f"Evidence Inference {args.split} split, {len(articles)} articles (seed {args.seed}): {score.line()}")
    print(f"evidence rows: {len(rows)}, from {len(by_article)} articles")
    with open(work / "answers.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["prompt_id", "article", "intervention", "comparator", "outcome", "label", "answer", "row_intervention", "row_outcome", "row_direction", "sentence"])
        for p, predicted, row in answers:
            out.writerow([p.prompt_id, p.article, p.intervention, p.comparator, p.outcome, p.label, predicted or "",
                          (row or {}).get("intervention_text", ""), (row or {}).get("outcome_text", ""), (row or {}).get("direction", ""), (row or {}).get("sentence_text", "")])
    print(f"answers: {work / 'answers.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
