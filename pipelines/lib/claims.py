"""Claims above evidence: one row per (intervention, outcome, direction), counted by distinct references.

A review that repeats a claim in three sentences citing one paper is one reference, not three;
analysts rank interventions by n_references. A claim is contradicted when another evidence row
on the same intervention and outcome goes the other way (increase against decrease) or finds
no effect where this one finds one.
"""

from __future__ import annotations

import pandas as pd

from pipelines.lib.evidence_rows import claim_id

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


def build_claims(evidence: pd.DataFrame) -> pd.DataFrame:
    if evidence.empty:
        return pd.DataFrame(columns=COLUMNS)
    directions = evidence.groupby(["intervention", "outcome"])["direction"].agg(lambda d: set(d)).to_dict()
    rows = []
    for (intervention, outcome, direction), group in evidence.groupby(["intervention", "outcome", "direction"], sort=True):
        conflicting = sorted(CONFLICTS[direction] & directions[(intervention, outcome)])
        references = sorted({r for r in group["reference_id"] if isinstance(r, str)})
        rows.append(
            {
                "claim_id": claim_id(intervention, outcome, direction),
                "intervention": intervention,
                "intervention_class": group["intervention_class"].iloc[0],
                "outcome": outcome,
                "outcome_domain": group["outcome_domain"].iloc[0],
                "direction": direction,
                "n_references": len(references),
                "n_statements": group["sentence_id"].nunique(),
                "n_reviews": group["review_id"].dropna().nunique(),
                "all_hedged": bool(group["hedged"].astype(bool).all()),
                "contradicted": bool(conflicting),
                "contradicting_directions": conflicting,
                "reference_ids": references,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
