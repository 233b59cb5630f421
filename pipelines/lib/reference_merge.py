"""Merging reference records from every file with the reviews' own reference lists.

Each record (in file-name, then record order, so file order on disk never matters) is matched
against the rows already known, by the first rule that applies:

1. `doi`: the same normalised DOI (score 100);
2. `pmid`: the same PMID (score 100);
3. `fuzzy title` (corroborated): rapidfuzz token_sort_ratio of the normalised titles >=
   FUZZY_TITLE_MIN, corroborated: both records name a first author (family names >=
   FUZZY_AUTHOR_MIN) and a year, the years agree, and the title is not a placeholder
   ("Editorial", "Lorem ipsum", "Erratum"...). A title alone never merges two records: distinct
   works share titles. A DOI or PMID that then disagrees is reported as a conflict (below).
   A file named `<review_id>.<ext>` is matched against that review's list first.

A match enriches the row: fields it lacks are filled from the record; what it has is kept (a
review's printed list is the review's own word; DOI, PMID, abstract and publication type come
from the records). A DOI or PMID that disagrees is kept as it was and reported as a conflict.
An unmatched record becomes a new pool row (review_id NULL unless its file belongs to a
review). Every record gets a reference_matches row: `new` when it created a row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from pipelines.lib.ids import content_id
from pipelines.lib.reference_formats.records import ReferenceRecord, study_design

FUZZY_TITLE_MIN = 90.0
FUZZY_AUTHOR_MIN = 80.0
ENRICHED_FIELDS = ("authors", "first_author", "title", "journal", "journal_abbreviation", "year", "volume", "issue", "pages", "doi", "pmid", "publication_type", "abstract")


@dataclass
class MergeResult:
    rows: list[dict]
    matches: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)  # citation_issues rows


def normalize_title(title: str | None) -> str:
    text = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text).split())


def family_name(author: str | None) -> str:
    if not author:
        return ""
    text = unicodedata.normalize("NFKD", author).encode("ascii", "ignore").decode().lower()
    parts = text.split()
    if len(parts) > 1 and re.fullmatch(r"[a-z]{1,4}", parts[-1]) and author.split()[-1].isupper():
        parts = parts[:-1]
    return " ".join(parts)


def pool_reference_id(record: ReferenceRecord) -> str:
    if record.doi:
        return content_id("ref", "doi", record.doi)
    if record.pmid:
        return content_id("ref", "pmid", record.pmid)
    return content_id("ref", "title", normalize_title(record.title), record.year, family_name(record.authors[0] if record.authors else None))


_PLACEHOLDER_TITLE = re.compile(
    r"^(?:lorem ipsum.*|editorial|editorials?|erratum|errata|corrigendum|correction|comment|commentary|reply|response|letter|"
    r"introduction|preface|foreword|abstracts?|untitled|title|no title|in this issue|news|book review|retraction.*|\W*)$"
)


def _fuzzy_score(row: dict, record: ReferenceRecord) -> float:
    """The title similarity, or 0 when anything besides the title is missing or disagrees."""
    if not row.get("year") or not record.year or int(row["year"]) != record.year:
        return 0.0
    row_author = family_name(row.get("first_author"))
    record_author = family_name(record.authors[0] if record.authors else None)
    if not row_author or not record_author or fuzz.ratio(row_author, record_author) < FUZZY_AUTHOR_MIN:
        return 0.0
    if _PLACEHOLDER_TITLE.match(normalize_title(row.get("title"))) or _PLACEHOLDER_TITLE.match(normalize_title(record.title)):
        return 0.0
    a, b = normalize_title(row.get("title")), normalize_title(record.title)
    if not a or not b:
        return 0.0
    return float(fuzz.token_sort_ratio(a, b))


def _row_from_record(record: ReferenceRecord, review_id: str | None) -> dict:
    return {
        "reference_id": pool_reference_id(record) if review_id is None else content_id("ref", review_id, "file", pool_reference_id(record)),
        "review_id": review_id,
        "reference_number": None,
        "authors": list(record.authors),
        "first_author": record.authors[0] if record.authors else None,
        "et_al": record.et_al,
        "title": record.title,
        "journal": record.journal,
        "journal_abbreviation": record.journal_abbreviation,
        "year": record.year,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "doi": record.doi,
        "pmid": record.pmid,
        "publication_type": record.publication_type,
        "abstract": record.abstract,
        "source_format": record.source_format,
        "source_file": record.source_file,
        "raw_text": record.raw_text,
    }


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value) or (isinstance(value, list) and not value)


def _plain(value):
    """Rows read back from Parquet carry numpy arrays and pandas NA; merging wants lists and None."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list):
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


class _Index:
    def __init__(self, rows: list[dict]):
        self.rows = rows
        self.by_doi: dict[str, dict] = {}
        self.by_pmid: dict[str, dict] = {}
        self.ids: set[str] = set()
        for row in rows:
            self.add(row)

    def add(self, row: dict) -> None:
        self.ids.add(row["reference_id"])
        if row.get("doi"):
            self.by_doi.setdefault(row["doi"], row)
        if row.get("pmid"):
            self.by_pmid.setdefault(str(row["pmid"]), row)

    def match(self, record: ReferenceRecord, own_review: str | None) -> tuple[dict | None, str, float]:
        if record.doi and record.doi in self.by_doi:
            return self.by_doi[record.doi], "doi", 100.0
        if record.pmid and record.pmid in self.by_pmid:
            return self.by_pmid[record.pmid], "pmid", 100.0
        groups = [[r for r in self.rows if r.get("review_id") == own_review], self.rows] if own_review else [self.rows]
        for group in groups:
            scored = [(s, r["reference_id"], r) for r in group if (s := _fuzzy_score(r, record)) >= FUZZY_TITLE_MIN]
            if scored:
                score, _, row = max(scored, key=lambda t: (t[0], t[1]))
                return row, "fuzzy title", score
        return None, "new", 0.0


def _why(rule: str, row: dict, record: ReferenceRecord, score: float) -> str:
    """In words, what the two records share: the reason an analyst can check."""
    if rule == "doi":
        return f"same DOI {record.doi}"
    if rule == "pmid":
        return f"same PMID {record.pmid}"
    if rule == "fuzzy title":
        return (f"titles {score:.0f}% alike, same first author ({family_name(row.get('first_author'))} / "
                f"{family_name(record.authors[0] if record.authors else None)}) and year ({row.get('year')})")
    return "no record matched: a new row" + ("" if record.title or record.doi or record.pmid else " (the file gives no title or identifier: it cannot be merged)")


def record_row_ids(records: list[ReferenceRecord], review_ids: set[str], stem_of) -> list[str]:
    """The id each record's row gets when it matches nothing: the only ids merge_references looks up among the
    rows it was not given."""
    ids = set()
    for record in records:
        stem = stem_of(record.source_file)
        ids.add(_row_from_record(record, stem if stem in review_ids else None)["reference_id"])
    return sorted(ids)


def merge_references(review_rows: list[dict], records: list[ReferenceRecord], review_ids: set[str], stem_of, known_ids: set[str] | None = None) -> MergeResult:
    """stem_of(source_file) names the file's review id candidate (`<review_id>.<ext>`). review_rows may be only
    the rows a record could match (same DOI, PMID or year) when known_ids holds the reference ids of the rest
    among record_row_ids(records, ...)."""
    rows = [{k: _plain(v) for k, v in r.items()} for r in review_rows]
    index = _Index(rows)
    index.ids |= known_ids or set()
    result = MergeResult(rows)
    for record in sorted(records, key=lambda r: (r.source_file, r.record_number)):
        stem = stem_of(record.source_file)
        own_review = stem if stem in review_ids else None
        row, rule, score = index.match(record, own_review)
        detail = None
        if row is None:
            row = _row_from_record(record, own_review)
            if row["reference_id"] in index.ids:
                # the same title, year and first author as a row it must not merge with (no author, a placeholder title)
                detail = f"kept apart from {row['reference_id']}, which it resembles but too little identifies both to merge them"
                row["reference_id"] = content_id(row["reference_id"], "record", record.source_file, record.record_number)
            rows.append(row)
            index.add(row)
        else:
            _enrich(row, record, result)
            index.add(row)
        result.matches.append({"reference_id": row["reference_id"], "matched_record": f"{record.source_file}#{record.record_number}", "rule": rule, "score": score,
                               "detail": detail or _why(rule, row, record, score)})
    for row in rows:
        row["study_design"] = study_design(row.get("publication_type"), row.get("title"), row.get("abstract"))
    return result


def _enrich(row: dict, record: ReferenceRecord, result: MergeResult) -> None:
    candidate = _row_from_record(record, None)
    for name, kind in (("doi", "conflicting DOI"), ("pmid", "conflicting PMID")):
        if row.get(name) and candidate.get(name) and str(row[name]) != str(candidate[name]):
            result.conflicts.append(
                {
                    "review_id": row.get("review_id"),
                    "kind": kind,
                    "reference_number": row.get("reference_number"),
                    "sentence_id": None,
                    "detail": f"{row['reference_id']} has {name} {row[name]}; {record.source_file} record {record.record_number} says {candidate[name]}",
                }
            )
    for name in ENRICHED_FIELDS:
        if _empty(row.get(name)) and not _empty(candidate.get(name)):
            row[name] = candidate[name]
