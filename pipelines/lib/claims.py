"""Claims above evidence: one row per (intervention, outcome, direction), counted by distinct references.

A review that repeats a claim in three sentences citing one paper is one reference, not three;
analysts rank interventions by n_references. A claim is contradicted when another evidence row
on the same intervention and outcome goes the other way (increase against decrease) or finds
no effect where this one finds one.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.lib.ids import CONTENT_ID_DIGITS

CONFLICTS = {
    "increase": {"decrease", "no_effect"},
    "decrease": {"increase", "no_effect"},
    "no_effect": {"increase", "decrease"},
    "modulates": set(),
}
COLUMNS = [
    "claim_id", "intervention", "intervention_class", "outcome", "outcome_domain", "direction", "n_references", "n_statements",
    "n_reviews", "all_hedged", "contradicted", "contradicting_directions", "reference_ids",
]
_CONFLICT_CASES = " ".join(
    f"WHEN '{d}' THEN [{', '.join(repr(c) for c in sorted(others))}]::VARCHAR[]" for d, others in CONFLICTS.items()
)


def claims_sql(evidence: str) -> str:
    """One SELECT over an evidence relation, so the warehouse computes claims inside DuckDB (10,000 reviews'
    evidence never becomes a pandas frame). claim_id is `evidence_rows.claim_id` in SQL: content_id's
    SHA-256 over the parts joined by the unit separator."""
    return f"""
    WITH e AS (
        SELECT * FROM {evidence} WHERE intervention IS NOT NULL AND outcome IS NOT NULL AND direction IS NOT NULL
    ), directions AS (
        SELECT intervention, outcome, list(DISTINCT direction) AS seen FROM e GROUP BY ALL
    ), grouped AS (
        SELECT intervention, outcome, direction,
               min(intervention_class) AS intervention_class,
               min(outcome_domain) AS outcome_domain,
               count(DISTINCT sentence_id) AS n_statements,
               count(DISTINCT review_id) AS n_reviews,
               bool_and(coalesce(CAST(hedged AS BOOLEAN), true)) AS all_hedged,
               coalesce(list(DISTINCT reference_id ORDER BY reference_id) FILTER (WHERE reference_id IS NOT NULL), []::VARCHAR[]) AS reference_ids
        FROM e GROUP BY ALL
    )
    SELECT 'clm_' || left(sha256(g.intervention || chr(31) || g.outcome || chr(31) || g.direction), {CONTENT_ID_DIGITS}) AS claim_id,
           g.intervention, g.intervention_class, g.outcome, g.outcome_domain, g.direction,
           len(g.reference_ids) AS n_references, g.n_statements, g.n_reviews, g.all_hedged,
           len(c.contradicting) > 0 AS contradicted, c.contradicting AS contradicting_directions, g.reference_ids
    FROM grouped g JOIN directions d USING (intervention, outcome),
         LATERAL (SELECT list_sort(list_filter(CASE g.direction {_CONFLICT_CASES} ELSE []::VARCHAR[] END, lambda x: list_contains(d.seen, x))) AS contradicting) c
    ORDER BY g.intervention, g.outcome, g.direction
    """


def build_claims(evidence: pd.DataFrame) -> pd.DataFrame:
    """Claims of an evidence frame, by the same SQL the warehouse runs."""
    if evidence.empty:
        return pd.DataFrame(columns=COLUMNS)
    with duckdb.connect() as con:
        con.register("evidence_frame", evidence)
        return con.execute(claims_sql("evidence_frame")).df()[COLUMNS]
