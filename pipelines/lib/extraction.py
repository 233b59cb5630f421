"""Statements of the form (intervention, outcome, direction) read from one sentence.

The reading is deliberately shallow and explainable: vocabulary mentions, direction cues and
clauses (see clauses.py). For each outcome in a clause, the direction comes from the nearest
cue before it (a cue right after it, as in "glutamate receptor modulation", wins), the
interventions are those named before that cue in the clause (or inherited, for a participle
that continues the main clause, or taken from the previous sentence when the clause opens
with "these tools", "such treatments", "they"). Negation turns a direction into no_effect;
hedges mark the statement hedged. A condition counts as an outcome (its symptoms) only when a
cue governs it directly ("reduces depression", "depression treatment").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.lib.citations import CitationMark
from pipelines.lib.clauses import HEDGING_INTRODUCERS, split_clauses
from pipelines.lib.vocabulary import Mention, Term, Vocabulary

DIRECTIONS = ("increase", "decrease", "no_effect", "modulates")
_GENERIC_TO_SPECIFIC = re.compile(
    r"^\s*(?:[\w-]+\s*){0,3}?,?\s*\(?\s*(?:such as|including|particularly|especially|e\.\s?g\.,?|notably|like|namely|specifically|in particular|for example|for instance)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"^\W*(?:(?:\w+ly|however|moreover|furthermore|additionally|also|in addition|similarly|likewise|together|thus|therefore|in turn|importantly)\W+)*"
    r"(?:(?:these|this|such|those|both|the(?:se)?\s+two)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:tools?|interventions?|treatments?|therapies|therapy|approaches|approach|drugs?|agents?|medications?|compounds?|techniques?|"
    r"practices?|programmes?|programs?|applications?|apps?|strategies|strategy|methods?|modalities|modality|substances?|interventions?|"
    r"regimens?|protocols?|platforms?|supplements?|activities)\b|(?:it|they)\b)",
    re.IGNORECASE,
)
_PASSIVE_AGENT = re.compile(r"^\W*(?:[\w-]+\s+){0,2}?(?:by|after|following|with|in response to|during)\s+(?:the\s+)?$", re.IGNORECASE)
_NOT_ONLY = re.compile(r"\bnot\s+only\b", re.IGNORECASE)
_CONDITION_GAP = re.compile(r"^[\s,]*(?:(?:the|of|in|symptoms|symptom|severity|and|or|both|comorbid|severe|mild|moderate|major|chronic|clinical|co-occurring)\s+)*$", re.IGNORECASE)
_COORDINATION = re.compile(r"^\s*(?:,\s*)?(?:and|or|as well as|,)\s*(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    intervention: Term
    intervention_text: str
    outcome: Term
    outcome_text: str
    direction: str
    condition: str | None
    hedged: bool
    negated: bool
    outcome_start: int
    outcome_end: int


@dataclass
class SentenceReading:
    statements: list[Statement]
    subjects: list[Mention]  # the interventions the sentence talks about, for the next sentence's "these tools"


def mask_citations(text: str, citations: list[CitationMark]) -> str:
    """Blank out citation marks so their digits never look like words; offsets stay put."""
    chars = list(text)
    for c in citations:
        chars[c.start : c.end] = " " * (c.end - c.start)
    return "".join(chars)


def _drop_generic_and_repeats(mentions: list[Mention], text: str) -> list[Mention]:
    """'antidepressants, such as SSRIs' keeps SSRIs; 'cognitive therapy (CBT)' keeps one mention."""
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and following.kind == "intervention" and _GENERIC_TO_SPECIFIC.match(text[m.end : following.start]):
            continue
        previous = kept[-1] if kept else None
        if previous is not None and previous.term == m.term and re.fullmatch(r"\s*\(\s*", text[previous.end : m.start]):
            continue
        kept.append(m)
    return kept


def _cue_direction(cue: Mention) -> str | None:
    role = cue.term.category
    if role in ("increase", "decrease", "modulates", "no_effect"):
        return role
    if role == "treats":
        return "decrease"
    if role == "effect":
        return "increase"
    return None


def _negated(text: str, clause_start: int, cue: Mention, negations: list[Mention]) -> bool:
    window_start = max(clause_start, cue.start - 30)
    return any(window_start <= n.start < cue.start and not _NOT_ONLY.match(text[n.start:]) for n in negations)


def _condition_as_outcome(text: str, mention: Mention, cues: list[Mention], outcome_mentions: list[Mention]) -> Mention | None:
    """The cue that governs a condition directly, or None when the condition is only context."""
    before = [c for c in cues if c.end <= mention.start and _CONDITION_GAP.match(text[c.end : mention.start])]
    if before:
        return before[-1]
    after = [c for c in cues if c.start >= mention.end and c.term.category == "treats" and re.fullmatch(r"[\s\w,-]{0,40}", text[mention.end : c.start])]
    if after and not re.search(r"[.;]", text[mention.end : after[0].start]):
        return after[0]
    return None


def read_sentence(text: str, vocabulary: Vocabulary, previous_subjects: list[Mention] | None = None) -> SentenceReading:
    mentions = vocabulary.find(text)
    interventions = _drop_generic_and_repeats([m for m in mentions if m.kind == "intervention"], text)
    outcomes = [m for m in mentions if m.kind == "outcome"]
    conditions = [m for m in mentions if m.kind == "condition"]
    cues = [m for m in mentions if m.kind == "cue" and _cue_direction(m)]
    negations = [m for m in mentions if m.kind == "cue" and m.term.category == "negation"]
    hedges = [m for m in mentions if m.kind == "cue" and m.term.category == "hedge"]

    def opens_clause(position: int) -> bool:
        rest_interventions = [m for m in interventions if m.start >= position]
        rest_cues = [c for c in cues if c.start >= position]
        return bool(rest_interventions and rest_cues and rest_interventions[0].start < rest_cues[0].start and any(c.start < position for c in cues))

    clauses = split_clauses(text, opens_clause)
    statements: list[Statement] = []
    main_subjects: list[Mention] = []
    sentence_subjects: list[Mention] = []
    symptom_terms = {t.name: t for t, _ in vocabulary.entries("outcome")}
    condition_names = [m.term.name for m in conditions]

    for clause in clauses:
        inside = [m for m in interventions if clause.contains(m.start)]
        clause_cues = [c for c in cues if clause.contains(c.start)]
        clause_outcomes = [m for m in outcomes if clause.contains(m.start)]
        for m in conditions:
            if not clause.contains(m.start) or not m.term.extra or m.term.extra not in symptom_terms:
                continue
            governing = _condition_as_outcome(text, m, clause_cues, clause_outcomes)
            coordinated = any(o.end <= m.start and _COORDINATION.match(text[o.end : m.start]) for o in clause_outcomes)
            if governing or coordinated:
                clause_outcomes.append(Mention(symptom_terms[m.term.extra], m.start, m.end, m.text))
        clause_outcomes.sort(key=lambda m: m.start)
        hedged = any(clause.contains(h.start) for h in hedges) or clause.intro.split(" ")[0].lower() in HEDGING_INTRODUCERS
        if clause.kind == "main" and inside:
            main_subjects = inside

        for outcome in clause_outcomes:
            after_cue = next((c for c in clause_cues if c.start >= outcome.end and re.fullmatch(r"\s{0,2}", text[outcome.end : c.start]) and c.term.category == "modulates"), None)
            cue_before = [c for c in clause_cues if c.end <= outcome.start]
            cue = after_cue or (cue_before[-1] if cue_before else None)
            subjects: list[Mention] = []
            passive = False
            if cue is not None:
                subjects = [m for m in inside if m.end <= cue.start]
            if not subjects:
                agent = next((m for m in inside if m.start >= outcome.end and _PASSIVE_AGENT.match(text[max(outcome.end, (cue.end if cue and cue.start > outcome.end else outcome.end)) : m.start])), None)
                following_cue = next((c for c in clause_cues if c.start >= outcome.end), None)
                if agent is not None and (cue is not None or following_cue is not None):
                    subjects, passive = [agent], True
                    cue = cue if cue is not None and cue.start > outcome.end else (following_cue or cue)
            if not subjects and cue is not None and not inside:
                if clause.kind == "action" and main_subjects:
                    subjects = main_subjects
                elif _ANAPHOR.match(clause.text(text)) and previous_subjects:
                    subjects = previous_subjects
            if not subjects or cue is None:
                continue
            if not passive and any(s.start > outcome.start for s in subjects if s in inside):
                continue
            direction = _cue_direction(cue)
            negated = _negated(text, clause.start, cue, negations) or (cue.term.category == "no_effect" and cue.text.lower().startswith("no"))
            if negated:
                direction = "no_effect"
            condition = _condition_for(outcome, conditions, condition_names)
            for subject in subjects:
                statements.append(
                    Statement(subject.term, subject.text, outcome.term, outcome.text, direction, condition, hedged, negated, outcome.start, outcome.end)
                )
            sentence_subjects = subjects
    return SentenceReading(_unique(statements), sentence_subjects or main_subjects)


def _condition_for(outcome: Mention, conditions: list[Mention], names: list[str]) -> str | None:
    for m in conditions:
        if m.start == outcome.start:
            return m.term.name
    return names[0] if names else None


def _unique(statements: list[Statement]) -> list[Statement]:
    seen: set[tuple] = set()
    unique = []
    for s in statements:
        key = (s.intervention.name, s.outcome.name, s.direction)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique
