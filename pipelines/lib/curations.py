"""Analyst corrections to the extracted evidence, read from <raw>/curations/*.csv.

One row per correction:

    action,evidence_id,review_id,sentence_id,intervention,outcome,direction,reference_number,condition,comparator,hedged,negated,note,curator

`reject` needs only evidence_id: the row is taken out of `evidence` (ids come from content, so
the correction holds across rebuilds until the sentence itself changes). `add` needs
review_id, sentence_id, intervention, outcome and direction (canonical vocabulary names); the
added row is marked `curated`. Every correction is listed in the `curations` table with
whether it applied; one that cannot apply is also a `rejected_records` row saying why.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.lib.analyst_csv import blank_if_missing
from pipelines.lib.evidence_rows import claim_id
from pipelines.lib.ids import content_id
from pipelines.lib.raw_files import list_inputs
from pipelines.reading.source_text import RawFileError, decode_text

DIRECTIONS = {"increase", "decrease", "no_effect", "modulates"}
TRUE_WORDS = {"true", "yes", "1", "y", "t"}
LOG_COLUMNS = ["curation_id", "source_file", "line", "action", "evidence_id", "applied", "note", "curator"]


@dataclass
class CurationResult:
    evidence: pd.DataFrame
    curations: pd.DataFrame
    rejected: list[dict]


def read_curation_rows(raw: Path) -> tuple[list[dict], list[dict]]:
    """Rows of every curation CSV, with file and line; unreadable files become rejected rows."""
    files, refused = list_inputs(raw, "curations", (".csv",))
    rows: list[dict] = []
    rejected = [_rejected(r.path, "file", r.reason, "") for r in refused]
    for _, path in sorted(files.items()):
        name = path.relative_to(raw).as_posix()
        try:
            text = decode_text(path.read_bytes(), path.name)
        except RawFileError as exc:
            rejected.append(_rejected(name, "file", str(exc), ""))
            continue
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or "action" not in reader.fieldnames:
            rejected.append(_rejected(name, "line 1", "a curation file needs an 'action' column (reject or add)", text[:200]))
            continue
        for line, row in enumerate(reader, start=2):
            cleaned = {k.strip(): blank_if_missing(v or "") for k, v in row.items() if k}
            if any(cleaned.values()):
                rows.append({"source_file": name, "line": line, **cleaned})
    return rows, rejected


def apply_curations(rows: list[dict], evidence: pd.DataFrame, sentences: pd.DataFrame, bibliography: pd.DataFrame, vocabulary) -> CurationResult:
    evidence = evidence.copy()
    log: list[dict] = []
    rejected: list[dict] = []
    added: list[dict] = []
    sentence_text = dict(zip(sentences["sentence_id"], sentences["text"], strict=True))
    sentence_review = dict(zip(sentences["sentence_id"], sentences["review_id"], strict=True))
    references = {(r, int(n)): i for r, n, i in zip(bibliography["review_id"], bibliography["reference_number"], bibliography["reference_id"], strict=True) if pd.notna(n)}
    interventions, outcomes = vocabulary.by_name("intervention"), vocabulary.by_name("outcome")
    for row in rows:
        action = row.get("action", "").lower()
        location = f"line {row['line']}"
        raw = ",".join(f"{k}={v}" for k, v in row.items() if k not in ("source_file", "line") and v)
        problem, evidence_id = None, row.get("evidence_id") or None
        if action not in ("reject", "add"):
            rejected.append(_rejected(row["source_file"], location, f"unknown action {action!r}: use reject or add", raw))
            continue
        if action == "reject":
            if not evidence_id:
                problem = "reject needs an evidence_id"
            elif evidence_id not in set(evidence["evidence_id"]):
                problem = f"no evidence row has id {evidence_id} (the sentence may have changed); nothing was removed"
            else:
                evidence = evidence[evidence["evidence_id"] != evidence_id]
        else:
            problem, new = _added_row(row, sentence_text, sentence_review, references, interventions, outcomes)
            if new is not None:
                evidence_id = new["evidence_id"]
                added.append(new)
        if problem:
            rejected.append(_rejected(row["source_file"], location, problem, raw))
        log.append(
            {
                "curation_id": content_id("cur", row["source_file"], row["line"], raw),
                "source_file": row["source_file"],
                "line": row["line"],
                "action": action,
                "evidence_id": evidence_id,
                "applied": problem is None,
                "note": row.get("note") or None,
                "curator": row.get("curator") or None,
            }
        )
    if added:
        evidence = pd.concat([evidence, pd.DataFrame(added)], ignore_index=True)
        evidence = evidence.drop_duplicates("evidence_id", keep="first")
    return CurationResult(evidence.reset_index(drop=True), pd.DataFrame(log, columns=LOG_COLUMNS), rejected)


def _added_row(row, sentence_text, sentence_review, references, interventions, outcomes) -> tuple[str | None, dict | None]:
    sentence_id = row.get("sentence_id", "")
    intervention, outcome, direction = row.get("intervention", ""), row.get("outcome", ""), row.get("direction", "")
    if sentence_id not in sentence_text:
        return f"add: no sentence has id {sentence_id!r}", None
    if intervention not in interventions:
        return f"add: {intervention!r} is not an intervention in the vocabulary", None
    if outcome not in outcomes:
        return f"add: {outcome!r} is not an outcome in the vocabulary", None
    if direction not in DIRECTIONS:
        return f"add: direction must be one of {sorted(DIRECTIONS)}", None
    review_id = sentence_review[sentence_id]
    number_text = row.get("reference_number", "")
    if number_text and not number_text.isdigit():
        return f"add: reference_number {number_text!r} is not a number", None
    number = int(number_text) if number_text else None
    negated = row.get("negated", "").lower() in TRUE_WORDS
    return None, {
        "evidence_id": content_id("evd", "curation", sentence_id, intervention, outcome, direction, number),
        "review_id": review_id,
        "source_kind": "review",
        "sentence_id": sentence_id,
        "sentence_text": sentence_text[sentence_id],
        "intervention": intervention,
        "intervention_class": interventions[intervention].category,
        "intervention_text": row.get("intervention_text") or intervention,
        "outcome": outcome,
        "outcome_domain": outcomes[outcome].category,
        "outcome_text": row.get("outcome_text") or outcome,
        "direction": "no_effect" if negated else direction,
        "condition": row.get("condition") or None,
        "hedged": row.get("hedged", "").lower() in TRUE_WORDS,
        "negated": negated,
        "reference_number": number,
        "reference_id": references.get((review_id, number)) if number is not None else None,
        "comparator": row.get("comparator") or None,
        "claim_id": claim_id(intervention, outcome, "no_effect" if negated else direction),
        "curated": True,
        "statement_kind": None,
        "cue_text": None,
        "subgroup": None,
        "rule_ids": [],
    }


def _rejected(source_file: str, location: str, reason: str, raw: str) -> dict:
    return {"source_file": source_file, "location": location, "target": "curations", "reason": reason, "raw": raw}
