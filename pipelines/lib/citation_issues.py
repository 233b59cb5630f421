"""Citation integrity per review: what a careful reader of the reference list would flag.

Kinds: `unresolved citation` (a number cited that the list lacks), `uncited reference` (an
entry never cited), `duplicate entry` (a number listed twice, or two entries for one DOI),
`malformed DOI` / `malformed PMID` (an identifier that is not one), `conflicting DOI` /
`conflicting PMID` (sources disagree; found while merging).
"""

from __future__ import annotations

import pandas as pd

from pipelines.lib.reference_formats.records import ReferenceRecord

COLUMNS = ["review_id", "kind", "reference_number", "sentence_id", "detail"]


def citation_issues(citations: pd.DataFrame, bibliography: pd.DataFrame, records: list[ReferenceRecord], merge_conflicts: list[dict], staged: pd.DataFrame) -> pd.DataFrame:
    rows: list[dict] = []
    for c in citations[citations["reference_id"].isna()].itertuples():
        rows.append({"review_id": c.review_id, "kind": "unresolved citation", "reference_number": c.reference_number, "sentence_id": c.sentence_id,
                     "detail": f"[{c.reference_number}] is cited but the reference list has no entry {c.reference_number}"})
    listed = bibliography[bibliography["reference_number"].notna() & bibliography["review_id"].notna()]
    cited = set(zip(citations["review_id"], citations["reference_number"], strict=True))
    for r in listed.itertuples():
        if (r.review_id, int(r.reference_number)) not in cited:
            rows.append({"review_id": r.review_id, "kind": "uncited reference", "reference_number": int(r.reference_number), "sentence_id": None,
                         "detail": f"entry {int(r.reference_number)} is never cited in the text"})
    for (review_id, doi), group in listed[listed["doi"].notna()].groupby(["review_id", "doi"]):
        if len(group) > 1:
            numbers = sorted(int(n) for n in group["reference_number"])
            for n in numbers[1:]:
                rows.append({"review_id": review_id, "kind": "duplicate entry", "reference_number": n, "sentence_id": None,
                             "detail": f"entries {numbers} have the same DOI {doi}"})
    for record in records:
        if record.raw_doi and not record.doi:
            rows.append({"review_id": None, "kind": "malformed DOI", "reference_number": None, "sentence_id": None,
                         "detail": f"{record.source_file} {record.location}: {record.raw_doi!r} is not a DOI"})
        if record.raw_pmid and not record.pmid:
            rows.append({"review_id": None, "kind": "malformed PMID", "reference_number": None, "sentence_id": None,
                         "detail": f"{record.source_file} {record.location}: {record.raw_pmid!r} is not a PMID"})
    rows.extend(merge_conflicts)
    frame = pd.concat([pd.DataFrame(rows, columns=COLUMNS), staged.reindex(columns=COLUMNS)], ignore_index=True)
    return frame.sort_values(COLUMNS, na_position="first", key=lambda s: s.astype(str)).reset_index(drop=True)
