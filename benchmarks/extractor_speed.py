"""Extractor speed beside spaCy's bare PhraseMatcher over the same vocabulary and the same sentences.
Prints figures; asserts nothing.

    .venv/bin/pip install -e '.[bench]'     # spaCy, for the comparison only
    .venv/bin/python benchmarks/extractor_speed.py [REVIEW FILES or FOLDERS ...]

The sentences are those the readers produce from the given files (default: the seed review, the
project's gold reviews and the real articles in tests/fixtures/real_articles). "Extractor" is the
whole per-review evidence step (sentence roles, the vocabulary extractor, the trial-results reader,
rows): `review_evidence_rows`. The PhraseMatcher matches every vocabulary surface (lower-cased) on
`nlp.make_doc` of each sentence with a blank English pipeline: no model weights. Each figure is the
median of three runs, after a first run that loads the rule files. Target (issue 13):
the extractor at >= 0.25x the PhraseMatcher's sentences/s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.evidence.trial_results import trial_arms  # noqa: E402
from pipelines.lib.evidence_rows import review_evidence_rows  # noqa: E402
from pipelines.lib.vocabulary import load_vocabulary  # noqa: E402
from pipelines.reading.read import read_review  # noqa: E402

SUFFIXES = (".md", ".pdf", ".nxml", ".xml", ".txt")
REPEATS = 3


def _files(argv: list[str]) -> list[Path]:
    given = [Path(a) for a in argv] or [ROOT / "data" / "raw" / "reviews", ROOT / "tests" / "fixtures" / "reviews", ROOT / "tests" / "fixtures" / "real_articles"]
    found: list[Path] = []
    for p in given:
        found += [p] if p.is_file() else sorted(f for f in p.rglob("*") if f.suffix in SUFFIXES and f.name != "README.md")
    return found


def _median_rate(work, n: int, repeats: int = REPEATS) -> tuple[float, int]:
    """Items per CPU-second, the median of a few runs: a shared virtual machine's speed varies by a fifth."""
    rates, result = [], 0
    for _ in range(repeats):
        started = time.process_time()
        result = work()
        rates.append(n / (time.process_time() - started))
    return sorted(rates)[len(rates) // 2], result


def main() -> int:
    vocabulary = load_vocabulary(ROOT / "data" / "raw" / "vocabulary").compile()
    reviews = []
    for path in _files(sys.argv[1:]):
        try:
            reviews.append(read_review(path.name.split(".")[0], path).review)
        except Exception as exc:  # a file the readers refuse is not part of the measure
            print(f"skipped {path.name}: {exc}")
    sentences = [s.text for r in reviews for s in r.sentences]
    print(f"{len(reviews)} articles, {len(sentences)} sentences")

    for review in reviews[:1] + [r for r in reviews if trial_arms(r) is not None][:1]:  # loads every rule file once, as the matcher is built once below
        review_evidence_rows(review, vocabulary, {}, [])
    extractor, rows = _median_rate(lambda: sum(len(review_evidence_rows(r, vocabulary, {}, [])) for r in reviews), len(sentences))
    print(f"extractor (roles, vocabulary extractor, trial results, rows): {extractor:,.0f} sentences/s of CPU, {rows} rows")

    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        print("spaCy is not installed: .venv/bin/pip install -e '.[bench]' for the PhraseMatcher comparison")
        return 0
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    surfaces = sorted({s for kind in vocabulary.terms for _, synonyms in vocabulary.entries(kind) for s in synonyms})
    matcher.add("TERM", list(nlp.tokenizer.pipe(surfaces)))
    started = time.process_time()
    docs = list(nlp.tokenizer.pipe(sentences))  # first run: the tokenizer's cache is cold, as for new text
    tokenizing = len(sentences) / (time.process_time() - started)
    phrase, matches = _median_rate(lambda: sum(len(matcher(doc)) for doc in docs), len(sentences))
    both = 1 / (1 / tokenizing + 1 / phrase)
    print(f"spaCy {spacy.__version__} PhraseMatcher ({len(surfaces)} surfaces): {phrase:,.0f} sentences/s of CPU on tokenized docs "
          f"({matches} matches); {both:,.0f} with tokenizing new text")
    print(f"extractor / bare PhraseMatcher: {extractor / phrase:.2f}x (target >= 0.25x); / tokenizing and matching: {extractor / both:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
