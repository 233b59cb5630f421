"""Lay out N real PubMed Central trial reports as a raw folder, for benchmarks at scale.

    .venv/bin/python benchmarks/real_corpus.py --ei-repo PATH --articles 1000 --out DIR
    EVIDENCE_RAW_DIR=DIR/raw EVIDENCE_PROCESSED_DIR=DIR/processed make build

The articles are the JATS XML files of the Evidence Inference repository (jayded/evidence-inference,
a checkout or a bare git directory) whose ids are in the **train** split only (3,562 articles; the
validation and test splits are held out for the project's own checks), a deterministic sample by
`--seed`. The project's vocabulary is copied beside them. No labels are read.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.evidence_inference import _reader, _sample  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ei-repo", required=True, type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", default="scale")
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    read = _reader(args.ei_repo)
    ids = read("annotations/splits/train_article_ids.txt").decode().split()
    chosen = _sample(ids, args.seed, args.articles)
    reviews = args.out / "raw" / "reviews"
    shutil.rmtree(args.out / "raw", ignore_errors=True)
    reviews.mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "raw" / "vocabulary", args.out / "raw" / "vocabulary")
    for pmcid in chosen:
        (reviews / f"PMC{pmcid}.nxml").write_bytes(read(f"annotations/xml_files/PMC{pmcid}.nxml"))
    print(f"{len(chosen)} train-split articles under {reviews}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
