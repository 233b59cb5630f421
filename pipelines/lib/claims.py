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
    """Grouped aggregations, not a Python loop over groups: 1,000 generated reviews took 40 s that way."""
    if evidence.empty:
        return pd.DataFrame(columns=COLUMNS)
    keys = ["intervention", "outcome", "direction"]
    frame = evidence.assign(hedged=evidence["hedged"].astype(bool))
    claims = frame.groupby(keys, sort=True).agg(
        intervention_class=("intervention_class", "first"),
        outcome_domain=("outcome_domain", "first"),
        n_statements=("sentence_id", "nunique"),
        n_reviews=("review_id", "nunique"),
        all_hedged=("hedged", "all"),
    ).reset_index()
    cited = frame.loc[frame["reference_id"].map(lambda r: isinstance(r, str)), [*keys, "reference_id"]].drop_duplicates()
    references = cited.sort_values([*keys, "reference_id"]).groupby(keys, sort=False)["reference_id"].agg(list)
    claims["reference_ids"] = [references.get(key, []) for key in zip(claims["intervention"], claims["outcome"], claims["direction"], strict=True)]
    claims["n_references"] = claims["reference_ids"].map(len)
    directions = frame.groupby(["intervention", "outcome"])["direction"].agg(set).to_dict()
    claims["contradicting_directions"] = [sorted(CONFLICTS[d] & directions[(i, o)]) for i, o, d in zip(claims["intervention"], claims["outcome"], claims["direction"], strict=True)]
    claims["contradicted"] = claims["contradicting_directions"].map(bool)
    claims["claim_id"] = [claim_id(i, o, d) for i, o, d in zip(claims["intervention"], claims["outcome"], claims["direction"], strict=True)]
    claims["all_hedged"] = claims["all_hedged"].astype(bool)
    return claims[COLUMNS]
