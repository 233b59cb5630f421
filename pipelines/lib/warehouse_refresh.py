"""A refresh that costs what changed: the live warehouse copied, and only the changed reviews' rows replaced.

Taken only when the result is the full build's, row for row (tests/test_warehouse_refresh.py
compares the two): the live file is what the manifest describes, built by the same code and storage
version from the same vocabulary, with no curation files (a curation edits rows of any review, and
the live file holds only their curated state), and no reference record enriching a review's own
entry (the merge reaches across reviews). Reference files may change: the rows they create are
re-derived every build. Claims are derived again for the intervention-outcome pairs whose evidence
changed; everything else not tied to one review (effect sizes, pooled estimates, matches, source
files, the refresh log and the rejected rows of those) is recomputed as in a full build. Anything
else is a full build; EVIDENCE_FULL_WAREHOUSE=1 asks for one.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.lib.code_version import code_fingerprint
from pipelines.lib.publish import JOURNAL_NAME
from pipelines.lib.staging import read_json
from pipelines.lib.warehouse_inputs import StagingPlan, folder_hashes
from pipelines.lib.warehouse_sql import STORAGE_VERSION

REVIEW_TABLES = ("reviews", "sentences", "citations", "bibliography", "evidence", "citation_issues", "document_quality")
RECOMPUTED_TABLES = ("effect_sizes", "meta_analyses", "curations", "reference_matches", "source_files", "claims",
                     "interventions", "outcomes", "conditions", "refresh_log")
TOUCHED = "touched_pairs"  # the intervention-outcome pairs whose evidence this refresh removes or adds: only their claims are derived again
RECORD_ISSUES = ("malformed DOI", "malformed PMID", "conflicting DOI", "conflicting PMID")  # made by the reference files, never by a review


@dataclass
class IncrementalChange:
    reviews: list[str]  # every review whose rows go: changed, added or removed
    load: list[str]  # the ones staged now, loaded again
    record_ids: list[str]  # bibliography rows the reference files created in the live file
    files: list[str]  # the raw files of those reviews, as they were and as they are

    claims_by_pair: bool = False  # only the touched pairs' claims are derived again (set by remove_replaced_rows)
    pairs: int | None = None  # how many pairs that was (set by touched_claims_evidence)

    def describe(self) -> str:
        claims = f", claims of {self.pairs} intervention-outcome pair(s) derived again" if self.pairs is not None else ", every claim derived again"
        return f"incremental: {len(self.reviews)} review(s) replaced ({len(self.load)} loaded), reference-file rows re-derived{claims}"


def plan_incremental(plan: StagingPlan, processed: Path, live: Path | None, enriches_reviews: bool) -> IncrementalChange | None:
    """The reviews to replace in a copy of the live file, or None when only a full build gives the right rows."""
    if os.environ.get("EVIDENCE_FULL_WAREHOUSE") or live is None or not live.exists():
        return None
    if live.with_name(live.name + ".wal").exists() or (processed / JOURNAL_NAME).exists() or enriches_reviews:
        return None
    manifest = read_json(processed / "manifest.json") or {}
    if manifest.get("code_version") != code_fingerprint() or manifest.get("storage_version") != STORAGE_VERSION:
        return None
    previous = manifest.get("input_hashes", {})
    if _folder_hashes(previous, "vocabulary/") != folder_hashes(plan.raw, "vocabulary"):
        return None
    if _folder_hashes(previous, "curations/") or folder_hashes(plan.raw, "curations"):
        return None
    try:
        with duckdb.connect(str(live), read_only=True) as con:
            matches = con.execute("SELECT reference_id, rule FROM reference_matches").fetchall()
            live_reviews = dict(con.execute("SELECT review_id, source_file FROM reviews").fetchall())
    except duckdb.Error:
        return None  # a live file this build cannot read is rebuilt, never patched
    created = sorted({reference_id for reference_id, rule in matches if rule == "new"})
    if any(reference_id not in created for reference_id, _ in matches):
        return None  # a record enriched a review's entry in the live file
    names = {r: path.relative_to(plan.raw).as_posix() for r, path in plan.review_files.items()}
    changed = sorted(r for r, name in names.items() if previous.get(name) != plan.review_sha[r])
    removed = sorted(r for r in live_reviews if r not in plan.review_files)
    gone_files = [name for name in previous if name.startswith("reviews/") and name not in set(names.values())]
    files = sorted({names[r] for r in changed} | {live_reviews[r] for r in changed + removed if r in live_reviews} | set(gone_files))
    return IncrementalChange(sorted(set(changed) | set(removed)), changed, created, files)


def _folder_hashes(hashes: dict[str, str], prefix: str) -> dict[str, str]:
    return {name: sha for name, sha in hashes.items() if name.startswith(prefix)}


def copy_live(live: Path, target: Path) -> None:
    """The live file as the build's starting point; analysts reading it meanwhile are not disturbed."""
    target.unlink(missing_ok=True)
    shutil.copyfile(live, target)


def remove_replaced_rows(con: duckdb.DuckDBPyConnection, change: IncrementalChange) -> None:
    """Delete what this build derives again: the changed reviews' rows, the rows the reference files made, every
    table not tied to one review, and the rejected rows of all of those. Claims are kept but for the pairs the
    removed evidence touched (touched_claims_evidence adds the pairs of the evidence loaded), unless the live file
    holds a rejected claim: its row number is the full build's, so then every claim is derived again."""
    change.claims_by_pair = con.execute("SELECT count(*) FROM rejected_records WHERE target = 'claims'").fetchone()[0] == 0
    con.execute(f"CREATE TEMP TABLE {TOUCHED} (intervention VARCHAR, outcome VARCHAR)")
    add_touched_pairs(con, change.reviews, change.record_ids)
    for table in REVIEW_TABLES:
        con.execute(f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], review_id)", [change.reviews])
    con.execute("DELETE FROM bibliography WHERE list_contains(?::VARCHAR[], reference_id)", [change.record_ids])
    con.execute("DELETE FROM evidence WHERE list_contains(?::VARCHAR[], reference_id)", [change.record_ids])
    con.execute("DELETE FROM citation_issues WHERE list_contains(?::VARCHAR[], kind)", [list(RECORD_ISSUES)])
    files = sorted(set(change.files) | {f"reviews/{r}.md" for r in change.reviews})
    con.execute(
        "DELETE FROM rejected_records WHERE list_contains(?::VARCHAR[], source_file) OR list_contains(?::VARCHAR[], target) OR location = 'file' "
        "OR source_file LIKE 'references/%' OR source_file LIKE 'curations/%' OR source_file LIKE 'effect_sizes/%' OR source_file = '(unknown)'",
        [files, list(RECOMPUTED_TABLES)],
    )
    for table in RECOMPUTED_TABLES:
        if table != "claims" or not change.claims_by_pair:
            con.execute(f"DELETE FROM {table}")


def add_touched_pairs(con: duckdb.DuckDBPyConnection, reviews: list[str], reference_ids: list[str]) -> None:
    """The pairs of the evidence rows of these reviews or references, among the touched ones."""
    con.execute(f"INSERT INTO {TOUCHED} SELECT DISTINCT intervention, outcome FROM evidence "
                "WHERE (list_contains(?::VARCHAR[], review_id) OR list_contains(?::VARCHAR[], reference_id)) AND intervention IS NOT NULL AND outcome IS NOT NULL",
                [reviews, reference_ids])


def touched_claims_evidence(con: duckdb.DuckDBPyConnection, change: IncrementalChange, new_record_ids: list[str]) -> str:
    """Once the changed reviews and the reference files' rows are loaded: the evidence of every touched pair, as a
    relation claims_sql reads, with those pairs' old claims deleted."""
    add_touched_pairs(con, change.load, new_record_ids)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TOUCHED} AS SELECT DISTINCT * FROM {TOUCHED}")
    change.pairs = con.execute(f"SELECT count(*) FROM {TOUCHED}").fetchone()[0]
    con.execute(f"DELETE FROM claims USING {TOUCHED} t WHERE claims.intervention = t.intervention AND claims.outcome = t.outcome")
    return f"(SELECT e.* FROM evidence e SEMI JOIN {TOUCHED} t ON e.intervention = t.intervention AND e.outcome = t.outcome)"
