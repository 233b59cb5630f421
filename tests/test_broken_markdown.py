"""However broken a review's Markdown, parsing and extraction return rows instead of raising."""

import random
from pathlib import Path

import pytest

from pipelines.lib.evidence_rows import review_evidence_rows
from pipelines.lib.review_tables import bibliography_rows, citation_rows
from pipelines.reading.markdown import parse_review

REVIEWS = sorted((Path(__file__).parent / "fixtures" / "reviews").glob("*.md")) + [Path(__file__).parents[1] / "data/raw/reviews/neuroplasticity_mental_health.md"]
MUTATIONS = max(10, 2000 // len(REVIEWS))  # about 2000 mutated reviews in all, however many fixtures there are, so CI time stays flat
JUNK = ["[", "]", "(", ")", "<sup>", "</sup>", "*", "\\", "#", "##", "---", "|", "\n\n", "\n", "1. ", "[12", "-", "–", "<", ">", "&", "é", "\u200b", "\t", "^", "`"]


def mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 60)):
        op = rng.random()
        pos = rng.randrange(len(chars) + 1)
        if op < 0.4:
            chars[pos:pos] = list(rng.choice(JUNK))
        elif op < 0.7 and chars:
            del chars[pos : pos + rng.randint(1, 200)]
        elif chars:
            start = rng.randrange(len(chars))
            chars[pos:pos] = chars[start : start + rng.randint(1, 300)]
    return "".join(chars)


def parse_and_extract(text: str, vocabulary) -> None:
    review = parse_review("fuzz", text)
    bibliography, _, _ = bibliography_rows(review, "reviews/fuzz.md")
    ids = {r["reference_number"]: r["reference_id"] for r in bibliography if r["reference_number"] is not None}
    citation_rows(review, ids)
    review_evidence_rows(review, vocabulary, ids)


@pytest.mark.parametrize("path", REVIEWS, ids=[p.stem for p in REVIEWS])
def test_mutated_reviews_never_raise(path, vocabulary):
    rng = random.Random(path.stem)
    text = path.read_text(encoding="utf-8")
    for _ in range(MUTATIONS):
        parse_and_extract(mutate(text, rng), vocabulary)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "# Only a title",
        "## References\n\n1.\n2. \n[3]",
        "[" * 20000,
        "<sup>" * 5000 + "text",
        "(" * 10000 + "Exercise increases BDNF [1]." + ")" * 10000,
        "## Body\n\n" + "Exercise increases BDNF [1]. " * 3000,
        "## Body\n\n" + "word " * 50000,
        "## Body\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "## Body\n\n<script>alert(1)</script> Ketamine increases BDNF [1].\n\n## References\n\n1. X A. T. J. 2020;1:1.",
        "## Body\n\n" + "Sertraline [99999999999] increases BDNF [1-100000].",
    ],
    ids=lambda t: repr(t[:20]),
)
def test_pathological_inputs(text, vocabulary):
    parse_and_extract(text, vocabulary)
