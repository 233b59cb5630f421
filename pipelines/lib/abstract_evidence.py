"""Evidence read from the abstracts of reference records: adding references adds evidence.

An abstract's sentences are read like a review's; the rows cite the record itself, belong to
a review only when the record does, and carry the record's study design.
"""

from __future__ import annotations

import re

from pipelines.evidence.roles import EVIDENCE_ROLES, abstract_label_role, sentence_role
from pipelines.evidence.sentence_reader import read_sentence
from pipelines.lib.evidence_rows import evidence_row
from pipelines.lib.ids import content_id
from pipelines.lib.vocabulary import Vocabulary
from pipelines.reading.markdown_inline import clean_inline
from pipelines.reading.sentences import split_sentences

# a structured abstract's label opening a sentence: "METHODS: We randomised…", "Results. Ketamine…"
_LABEL = re.compile(r"^\s*([A-Z][A-Za-z /&]{2,40}?):\s|^\s*([A-Z][A-Z /&]{2,40})\.\s")


def abstract_evidence_rows(bibliography_rows: list[dict], vocabulary: Vocabulary) -> list[dict]:
    rows: list[dict] = []
    for ref in bibliography_rows:
        abstract = ref.get("abstract")
        if not isinstance(abstract, str) or not abstract.strip():
            continue
        text = clean_inline(abstract, 0).text
        previous = None
        seen: dict[str, int] = {}
        seen_ids: set[str] = set()
        number = ref.get("reference_number")
        number = int(number) if number is not None and number == number else None
        label = None
        for start, end in split_sentences(text):
            sentence = text[start:end]
            labelled = _LABEL.match(sentence)
            named = labelled and (labelled.group(1) or labelled.group(2))
            label = named if named and abstract_label_role(named) else label
            role, role_rule = sentence_role(sentence, f"Abstract: {label}" if label else None, "abstract", False)
            occurrence = seen.get(sentence, 0)
            seen[sentence] = occurrence + 1
            sentence_id = content_id("abs", ref["reference_id"], sentence, occurrence)
            reading = read_sentence(sentence, vocabulary, previous)
            previous = reading.subjects or previous
            if role not in EVIDENCE_ROLES:  # the abstract's aim or methods, not its results
                continue
            for statement in reading.statements:
                if content_id("evd", sentence_id, statement.intervention.name, statement.outcome.name, statement.direction, number) in seen_ids:
                    continue
                seen_ids.add(content_id("evd", sentence_id, statement.intervention.name, statement.outcome.name, statement.direction, number))
                row = evidence_row(ref.get("review_id"), "abstract", sentence_id, sentence, statement, number, ref["reference_id"])
                row["study_design"] = ref.get("study_design")
                row["statement_kind"] = role
                row["rule_ids"] = [role_rule, *row["rule_ids"]]
                rows.append(row)
    return rows
