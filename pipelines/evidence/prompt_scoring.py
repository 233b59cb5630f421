"""Scoring evidence rows against Evidence Inference prompts (Lehman et al. 2019; DeYoung et al. 2020).

A prompt asks, of one trial report: with respect to OUTCOME, how did INTERVENTION compare with
COMPARATOR? Doctors answered "significantly increased", "significantly decreased" or "no significant
difference". The warehouse answers with the evidence row of that article whose intervention and
outcome best match the prompt's words: `increase`, `decrease` or `no_effect` (a row read the other
way round, the comparator acting against the intervention, answers with its direction flipped). A
prompt no row matches counts as wrong, so macro F1 is over all prompts, as the issue asks.

Matching is by content words (lower case, stop words out, a plural's s dropped): a row matches when
it shares at least one content word with the prompt's intervention and one with its outcome. Rows of
the article's own findings (uncited, from a sentence whose role is finding) answer before rows of
claims it cites from other papers; among those, the largest word overlap wins. An own finding on the
prompt's outcome whose arm the prompt does not name (a brand name, a group number, an arm the reader
got wrong) answers last, as the trial's tested arm: measured on the train split, this lifted macro F1
by 0.05-0.08 on each of four samples (docs/evidence.md).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

LABELS = {"significantly increased": "increase", "significantly increase": "increase",
          "significantly decreased": "decrease", "no significant difference": "no_effect"}
CLASSES = ("increase", "decrease", "no_effect")
FLIP = {"increase": "decrease", "decrease": "increase", "no_effect": "no_effect"}

_STOP = frozenset(["a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "and", "or", "by", "from", "as", "vs", "versus", "than", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been", "after", "before", "during", "between", "among", "per", "group", "groups", "arm", "arms", "patients", "patient", "subjects", "participants", "treatment", "treated", "therapy", "plus", "alone", "only", "mg", "kg", "ml", "day", "days", "week", "weeks", "month", "months", "dose", "doses", "level", "levels", "rate", "rates", "score", "scores", "total", "mean", "number", "incidence", "change", "changes", "baseline", "control", "controls", "received", "receiving", "who", "which", "their", "its", "it"])
_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")


def content_words(text: str | None) -> frozenset[str]:
    words = set()
    for w in _WORD.findall((text or "").lower()):
        w = w.strip("-")
        if len(w) < 2 or w in _STOP or w.isdigit():
            continue
        words.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return frozenset(words)


@dataclass(frozen=True)
class Prompt:
    prompt_id: str
    article: str  # the review_id the article was built under
    intervention: str
    comparator: str
    outcome: str
    label: str  # increase, decrease or no_effect


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_OWN_FINDING = 2.0  # outranks any overlap: the prompt asks what this trial found


def _own_finding(row: dict) -> bool:
    """A row read from the article's own result (a finding citing no other paper), not a claim it cites."""
    number = row.get("reference_number")
    return row.get("statement_kind") == "finding" and (number is None or number != number)


_UNNAMED_ARM = 1.0  # what an own finding loses when its arm is not named in the prompt's words
_UNNAMED_ARM_DIRECTIONAL = 1.5  # more when the direction depends on which arm it is


def answer(prompt: Prompt, rows: list[dict]) -> tuple[str | None, dict | None]:
    """The direction the best-matching row gives for the prompt, and the row; (None, None) when none matches."""
    i, c, o = content_words(prompt.intervention), content_words(prompt.comparator), content_words(prompt.outcome)
    best: tuple[float, str, dict] | None = None
    for row in rows:
        if row.get("direction") not in CLASSES:
            continue
        for score, direction in _readings(row, i, c, o, prompt.comparator):
            if best is None or score > best[0]:
                best = (score, direction, row)
    return (best[1], best[2]) if best else (None, None)


def _readings(row: dict, i: frozenset[str], c: frozenset[str], o: frozenset[str], comparator: str):
    """(score, direction) for each way the row can answer the prompt: as written, the other way round (its
    comparator acting against the prompt's intervention), or, for the trial's own finding whose arm the prompt
    names in other words ("intestaidib" for "dietary nucleotides", "group 2" for "vitamin E"), as the tested arm."""
    r_i = content_words(row.get("intervention_text")) | content_words(row.get("intervention"))
    r_o = content_words(row.get("outcome_text")) | content_words(row.get("outcome"))
    r_c = content_words(row.get("comparator"))
    if not (r_o & o):
        return
    if (row.get("comparator") or "").lower() == "baseline" and "baseline" not in comparator.lower():
        return  # a change within one arm answers no question about two arms
    own = _own_finding(row)
    subgroup = 0.5 if row.get("subgroup") else 0.0  # a prompt asks for the main effect, not a subgroup's
    named = False
    for flipped, mine, theirs in ((False, i, c), (True, c, i)):
        if not (r_i & mine) or (flipped and not (r_c & theirs)):
            continue
        named = True
        score = _overlap(r_i, mine) + _overlap(r_o, o) + (0.5 * _overlap(r_c, theirs) if r_c else 0.0) - (0.25 if flipped else 0.0)
        yield score + (_OWN_FINDING if own else 0.0) - subgroup, FLIP[row["direction"]] if flipped else row["direction"]
    if own and not named and not (r_i & c) and not (r_c & i):
        # a trial compares its tested arm with its control: an own finding on the outcome whose arm is not the
        # prompt's comparator is the tested arm's, under another name; a no-difference result holds either way
        penalty = _UNNAMED_ARM if row["direction"] == "no_effect" else _UNNAMED_ARM_DIRECTIONAL
        yield _overlap(r_o, o) + _OWN_FINDING - penalty - subgroup, row["direction"]


@dataclass(frozen=True)
class PromptScore:
    prompts: int
    answered: int  # prompts some row matched
    correct: int
    macro_f1: float
    per_class: dict[str, tuple[float, float, float]]  # precision, recall, F1

    def line(self) -> str:
        per = ", ".join(f"{k} F1 {v[2]:.2f}" for k, v in self.per_class.items())
        return (f"macro F1 {self.macro_f1:.3f} over {self.prompts} prompts; {self.answered} matched by a row "
                f"({self.answered / max(self.prompts, 1):.0%}); {self.correct} right; {per}")


def score_prompts(prompts: list[Prompt], rows_by_article: dict[str, list[dict]]) -> tuple[PromptScore, list[tuple[Prompt, str | None, dict | None]]]:
    answers = [(p, *answer(p, rows_by_article.get(p.article, []))) for p in prompts]
    tp, fp, fn = Counter(), Counter(), Counter()
    for prompt, predicted, _ in answers:
        if predicted == prompt.label:
            tp[prompt.label] += 1
        else:
            fn[prompt.label] += 1
            if predicted is not None:
                fp[predicted] += 1
    per_class = {}
    for k in CLASSES:
        precision = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
        recall = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
        per_class[k] = (precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    macro = sum(v[2] for v in per_class.values()) / len(CLASSES)
    answered = sum(1 for _, p, _ in answers if p is not None)
    return PromptScore(len(prompts), answered, sum(tp.values()), macro, per_class), answers


def majority_labels(annotations: list[dict]) -> dict[str, str]:
    """One label per prompt: the doctors' most frequent valid answer (ties broken by label name, so the
    result does not depend on row order); invalid prompts and unknown labels dropped."""
    votes: dict[str, Counter] = {}
    for a in annotations:
        label = LABELS.get((a.get("Label") or "").strip().lower())
        if label is None or str(a.get("Valid Label", "1")).strip() == "0":
            continue
        votes.setdefault(a["PromptID"], Counter())[label] += 1
    return {pid: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for pid, c in votes.items()}
