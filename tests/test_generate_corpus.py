"""The generated corpus for scale benchmarks: deterministic, review-length, read as it was written."""

import importlib.util
from pathlib import Path

from pipelines.reading.read import read_review

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_corpus.py"
spec = importlib.util.spec_from_file_location("generate_corpus", SCRIPT)
generate_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate_corpus)


def test_same_seed_same_bytes_other_seed_other_text():
    vocabulary = generate_corpus.Vocabulary()
    assert generate_corpus.article(7, "1", vocabulary) == generate_corpus.article(7, "1", vocabulary)
    assert generate_corpus.article(7, "1", vocabulary) != generate_corpus.article(7, "2", vocabulary)


def test_articles_are_review_length_and_their_citations_resolve(tmp_path):
    vocabulary = generate_corpus.Vocabulary()
    styles = set()
    for index in range(6):
        path = tmp_path / f"g{index}.md"
        path.write_text(generate_corpus.article(index, "1", vocabulary), encoding="utf-8")
        review = read_review(path.stem, path).review
        marks = [mark for sentence in review.sentences for mark in sentence.citations]
        styles.add("author-year" if "et al.," in path.read_text(encoding="utf-8") else "numeric")
        assert 190 <= len(review.sentences) <= 310, len(review.sentences)
        assert 50 <= len(review.references) <= 150
        assert sum(1 for mark in marks if mark.numbers) >= 0.9 * len(marks)
        assert not any("Page " in s.text or "Correspondence to" in s.text for s in review.sentences)  # furniture set aside
    assert styles == {"author-year", "numeric"}
