"""One review's parse and extraction results, written to and read from its staging folder."""

from __future__ import annotations

import hashlib
import pickle
import shutil
import traceback
from pathlib import Path

import pandas as pd

from pipelines.evidence.roles import review_sentence_roles
from pipelines.lib.code_version import staging_fingerprint
from pipelines.lib.evidence_rows import review_evidence_rows
from pipelines.lib.review_tables import bibliography_rows, citation_rows, problem_rows, review_rows, sentence_rows, unresolved_mark_issues
from pipelines.lib.staging import read_json, write_json
from pipelines.lib.vocabulary import Vocabulary
from pipelines.lib.warehouse_sql import write_parquet
from pipelines.reading.budget import EXTRACT_SECONDS, ReadingTimeout, time_budget
from pipelines.reading.document import ParsedReview
from pipelines.reading.quality import quality_row
from pipelines.reading.read import read_review
from pipelines.reading.source_text import RawFileError

DOCUMENT_TABLES = ("reviews", "sentences", "citations", "bibliography", "rejected_records", "citation_issues", "document_quality")
READING_TEXT = "reading_text.txt"  # what offsets point into when the review is not Markdown or plain text
PARSED_FILE = "parsed.pkl"
EXTRACTION_REJECTS = "extraction_rejected.parquet"  # sentences the extractor failed on, for rejected_records


def review_document_current(path: Path, folder: Path) -> bool:
    """The staged parse is of these bytes, by this code: nothing to redo."""
    document = read_json(folder / "document.json") or {}
    return document.get("code") == staging_fingerprint() and document.get("raw_sha256") == hashlib.sha256(path.read_bytes()).hexdigest()


def review_evidence_current(folder: Path, vocabulary_fingerprint: str) -> bool:
    document = read_json(folder / "document.json") or {}
    evidence = read_json(folder / "evidence.json") or {}
    return evidence.get("code") == staging_fingerprint() and evidence.get("vocabulary") == vocabulary_fingerprint and evidence.get("raw_sha256") == document.get("raw_sha256")


def stage_review_document(review_id: str, path: Path, source_file: str, folder: Path) -> dict[str, int]:
    """Parse one review into its folder; an unreadable review becomes a rejected row, not a failure."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    tables: dict[str, list[dict]] = {t: [] for t in DOCUMENT_TABLES}
    sha = None
    try:
        with time_budget():
            read = read_review(review_id, path)
        sha, review = read.sha256, read.review
        bibliography, rejected, issues = bibliography_rows(review, source_file)
        tables["citation_issues"] = issues + unresolved_mark_issues(review)
        reference_ids = {row["reference_number"]: row["reference_id"] for row in bibliography if row["reference_number"] is not None}
        tables["reviews"] = review_rows(review, source_file, sha)
        tables["document_quality"] = [quality_row(review, bibliography)]
        if review.reading_text is not None:
            (folder / READING_TEXT).write_text(review.reading_text, encoding="utf-8")
        roles = review_sentence_roles(review.sentences)  # decided once: the evidence stage reads them from the pickle
        tables["sentences"] = sentence_rows(review, roles)
        tables["citations"] = citation_rows(review, reference_ids)
        tables["bibliography"] = bibliography
        tables["rejected_records"] = rejected + problem_rows(review, source_file)
        if not review.sentences:
            tables["rejected_records"].append(_rejected(source_file, "file", "sentences", f"no body text found in this {review.source_format} file: the review has no paragraphs under a section heading", ""))
        with open(folder / PARSED_FILE, "wb") as fh:
            pickle.dump((review, reference_ids, roles), fh)
    except RawFileError as exc:
        tables["rejected_records"].append(_rejected(source_file, "file", "reviews", str(exc), ""))
    except ReadingTimeout as exc:
        tables["rejected_records"].append(_rejected(source_file, "file", "reviews", f"{exc}; the file is rejected (set EVIDENCE_READ_SECONDS to allow more)", ""))
    except OSError:
        raise  # a transient read error: the asset's retry policy tries again
    except Exception as exc:  # one broken review must not stop the others
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        tables["rejected_records"].append(_rejected(source_file, "file", "reviews", f"the review could not be parsed ({detail}); please report it with the file", ""))
    for table, rows in tables.items():
        _stage_rows(rows, table, folder / f"{table}.parquet")
    raw_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    write_json(folder / "document.json", {"review_id": review_id, "source_file": source_file, "source_sha256": sha, "raw_sha256": raw_sha, "code": staging_fingerprint()})
    return {t: len(rows) for t, rows in tables.items()}


def stage_review_evidence(folder: Path, vocabulary: Vocabulary, vocabulary_fingerprint: str) -> int:
    parsed_path = folder / PARSED_FILE
    rows: list[dict] = []
    unread: list = []
    timed_out = ""
    document = read_json(folder / "document.json") or {}
    if parsed_path.exists():
        with open(parsed_path, "rb") as fh:
            review, reference_ids, roles = pickle.load(fh)
        assert isinstance(review, ParsedReview)
        try:
            with time_budget(EXTRACT_SECONDS, "extracting evidence"):
                rows = review_evidence_rows(review, vocabulary, reference_ids, unread, roles)
        except ReadingTimeout as exc:
            rows, unread = [], []
            timed_out = f"{exc}: no evidence rows from this review (set EVIDENCE_EXTRACT_SECONDS to allow more)"
    rejected = [_rejected(document.get("source_file", ""), f"sentence {sentence.sentence_id}", "evidence", reason, sentence.text[:4000])
                for sentence, reason in unread]
    if timed_out:
        rejected.append(_rejected(document.get("source_file", ""), "file", "evidence", timed_out, ""))
    _stage_rows(rows, "evidence", folder / "evidence.parquet")
    _stage_rows(rejected, "rejected_records", folder / EXTRACTION_REJECTS)
    write_json(folder / "evidence.json", {"vocabulary": vocabulary_fingerprint, "source_sha256": document.get("source_sha256"),
                                          "raw_sha256": document.get("raw_sha256"), "code": staging_fingerprint()})
    return len(rows)


def _stage_rows(rows: list[dict], table: str, path: Path) -> None:
    """No file for no rows: most reviews have no rejected rows or issues, and every Parquet file costs about
    4 ms to write and again to read (the warehouse reads only the files that exist)."""
    if rows:
        write_parquet(pd.DataFrame.from_records(rows), table, path)
    else:
        path.unlink(missing_ok=True)


def _rejected(source_file: str, location: str, target: str, reason: str, raw: str) -> dict:
    return {"source_file": source_file, "location": location, "target": target, "reason": reason, "raw": raw}
