"""Statements of the form (intervention, outcome, direction) read from one sentence.

The reading is deliberately shallow and explainable: vocabulary mentions, cue words and
clauses (pipelines/lib/clauses.py). For each outcome in a clause:

- the direction comes from the nearest cue before it; a cue right after it ("glutamate
  receptor modulation") wins; with no cue before it, a cue after it counts when the
  intervention comes first ("sertraline's efficacy was comparable to ...");
- the subjects are the interventions named before that cue in the clause, except comparators
  (a control such as placebo or sham, or an intervention right after "compared with",
  "than", "outperforms"); a passive agent ("increased by ketamine") is a subject too; a
  participle that continues the main clause inherits its subjects, and a clause that opens
  with "these tools", "such treatments" or "they" takes the previous sentence's;
- negation before the cue makes the direction no_effect; hedges mark it hedged.

A condition counts as an outcome (its symptoms) only when a cue governs it directly
("reduces depression", "depression treatment"). A comparison of efficacy with no outcome
named ("X is as effective as Y") is a statement about treatment response.

The stages: mentions.py, relations.py, normalisation.py; this module runs them clause by clause and
resolves what a clause leaves to its sentence or paragraph (pronouns, elided outcomes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipelines.evidence.context_rules import load_context_rules
from pipelines.evidence.mentions import (
    cue_direction,
    find_mentions,
)
from pipelines.evidence.normalisation import Statement, statements_for, unique
from pipelines.evidence.relations import IMPLICIT_OUTCOME, ClauseParts, attach, clause_parts, own_verb
from pipelines.lib.clauses import Clause, split_clauses
from pipelines.lib.regions import located_outcome
from pipelines.lib.unlisted_outcomes import unlisted_outcomes
from pipelines.lib.vocabulary import Mention, Vocabulary

CONTEXT = load_context_rules().patterns  # patterns are rules of rules/extraction_context.yaml, named by id
WORDS = load_context_rules().words


@dataclass
class SentenceReading:
    statements: list[Statement]
    subjects: list[Mention]  # the interventions the sentence talks about, for the next sentence's "these tools"


PreviousSubjects = list[Mention] | Callable[[], list[Mention]] | None


def read_sentence(text: str, vocabulary: Vocabulary, previous_subjects: PreviousSubjects = None) -> SentenceReading:
    """previous_subjects: what the sentence before acted on, or a function that reads it only when a pronoun asks."""
    reading = _read_sentence(text, vocabulary, previous_subjects)
    if reading.statements:
        return reading
    fragment = _described_subject_fragment(text, vocabulary)
    return _read_sentence(fragment, vocabulary, previous_subjects) if fragment is not None else reading


def _described_subject_fragment(text: str, vocabulary: Vocabulary) -> str | None:
    """'SSRIs, which increase BDNF [4];' in a list, or 'D-cycloserine, a partial agonist that can enhance
    extinction': a fragment with no main verb makes its description the claim. The linking words are blanked
    (same length, so offsets hold) and the sentence is read again; None when the text is not such a fragment."""
    match = CONTEXT.described_subject.match(text)
    if match is None or CONTEXT.main_verb_later.search(text, match.end()):
        return None
    head = vocabulary.find(text[: match.end("subject")])
    named = [m for m in head if m.kind != "cue"]
    if not named or named[-1].kind != "intervention" or any(m.kind == "cue" for m in head):
        return None  # the subject must end with a treatment and carry no verb of its own
    return text[: match.start("link")] + " " * (match.end("link") - match.start("link")) + text[match.end("link") :]


def _read_sentence(text: str, vocabulary: Vocabulary, previous_subjects: PreviousSubjects = None) -> SentenceReading:
    found, mentions = find_mentions(text, vocabulary)
    if not mentions["intervention"] and not mentions["control"] and not (callable(previous_subjects) or previous_subjects):
        return SentenceReading([], [])  # no treatment named here and none to inherit: no clause can have a subject
    cues = mentions["cue"]
    directional = [c for c in cues if cue_direction(c)]

    def opens_clause(position: int) -> bool:
        """', and' starts a new clause when a direction cue stands on both sides of it, or when a treatment
        named right after it is followed by a cue (", and apps based on mindfulness decrease stress")."""
        if CONTEXT.other_verb.match(text[position:]):
            return True  # ", and shorter sleep in turn predicts next-day mood": a clause of its own, with no claim
        if not any(c.start >= position for c in directional):
            return False
        own_subject = any(position <= m.start <= position + 4 for m in mentions["intervention"]) and bool(CONTEXT.finite.search(text[:position]))
        return own_subject or any(c.start < position for c in directional)

    symptom_terms = vocabulary.by_name("outcome")
    conditions = mentions["condition"]
    statements: list[Statement] = []
    main_subjects: list[Mention] = []
    sentence_subjects: list[Mention] = []
    previous_outcomes: list[Mention] = []
    neural_actor = False  # a brain region is the actor: a later "it" is the region, not a treatment
    for clause in split_clauses(text, opens_clause, tuple(m.start for m in mentions["intervention"])):
        parts = clause_parts(text, clause, mentions, symptom_terms)
        actor = CONTEXT.neural_actor.search(text, *clause.spans[0]) if clause.spans else None
        if actor:
            neural_actor = True
            parts.subjects = [s for s in parts.subjects if s.start < actor.start()]  # after the region's verb: its object
        if clause.kind == "main" and parts.subjects:
            main_subjects = parts.subjects
        if CONTEXT.indirect_question.match(clause.text(text)) or CONTEXT.expectation.search(clause.text(text)):
            continue  # "how talking therapies alter brain function has only recently been studied", "were expected to" claim nothing
        if parts.subjects and parts.cues and parts.subjects[0].start > parts.cues[0].start and CONTEXT.anaphor.match(clause.text(text)):
            parts.subjects = []  # "they can impair extinction and reduce the benefit of exposure": "they" acts, exposure does not
        if not parts.subjects:
            if clause.kind in ("action", "coordinate") and main_subjects and not actor and not _names_own_subject(text, clause, parts, found):
                parts.subjects, parts.inherited = main_subjects, True
            elif (
                CONTEXT.anaphor.match(clause.text(text)) or CONTEXT.study_subject.match(clause.text(text)) or _pronoun_subject(text, clause, parts)
                or (clause.intro.lower() in ("but", "yet", "although", "though", "whereas", "while") and CONTEXT.than_with.search(clause.text(text)))
                or (clause.intro.lower() in ("but", "yet", "although", "though", "whereas", "while") and CONTEXT.bare_effect.match(clause.text(text)))
                or CONTEXT.generic_agent.search(clause.text(text)) or CONTEXT.continued_finding.search(clause.text(text))
            ) and not neural_actor and (sentence_subjects or main_subjects or resolved_subjects(previous_subjects)):
                parts.subjects, parts.inherited = (sentence_subjects or main_subjects or resolved_subjects(previous_subjects)), True
            elif (sentence_subjects or main_subjects) and _contrasted_outcome(text, clause, parts):
                parts.subjects, parts.inherited = (sentence_subjects or main_subjects), True
        if parts.subjects:
            parts.outcomes = sorted(parts.outcomes + _unlisted_in_clause(text, parts, found, vocabulary), key=lambda m: m.start)
        implicit = _implicit_efficacy(parts, vocabulary, text)
        outcomes = (
            sorted(parts.outcomes + implicit, key=lambda m: m.start)
            or _elided_outcomes(parts, clause, previous_outcomes)
            or _pronoun_outcomes(text, parts, previous_outcomes)
            or _anaphoric_objects(text, parts, previous_outcomes)
        )
        previous_outcomes = _objects(parts) or previous_outcomes  # "stress speeds the clock, whereas X may slow it": the clock
        for outcome in outcomes:
            cue, subjects = attach(text, outcome, parts)
            if cue is None or not subjects:
                continue
            condition = next((c.term.name for c in conditions if c.start == outcome.start), conditions[0].term.name if conditions else None)
            statements.extend(statements_for(text, outcome, cue, subjects, parts, condition))
            sentence_subjects = subjects
    return SentenceReading(unique(statements), sentence_subjects or main_subjects)


def resolved_subjects(previous: PreviousSubjects) -> list[Mention]:
    return (previous() if callable(previous) else previous) or []


def _unlisted_in_clause(text: str, parts: ClauseParts, found: list[Mention], vocabulary: Vocabulary) -> list[Mention]:
    """Outcomes named by words the vocabulary lacks, after the clause's direction cues."""
    occupied = parts.outcomes + [  # an outcome the clause set aside ("stress-induced") may be part of a longer phrase
        m for m in found
        if m.kind in ("intervention", "condition", "control") and not any(o.start < m.end and m.start < o.end for o in parts.outcomes)
    ]
    cues = [m for m in found if m.kind == "cue"]
    extra: list[Mention] = []
    for i, cue in enumerate(parts.cues):
        span_end = next(e for s, e in parts.clause.spans if s <= cue.start < e) if parts.clause.contains(cue.start) else cue.end
        following = parts.cues[i + 1].start if i + 1 < len(parts.cues) else span_end
        extra.extend(unlisted_outcomes(text, min(span_end, following), cue, occupied + extra, cues, parts.outcomes))
    return [located_outcome(text, m, vocabulary) or m for m in extra]


def _contrasted_outcome(text: str, clause: Clause, parts: ClauseParts) -> bool:
    """'X reduced anxiety, but depressive symptoms did not change': a contrasting clause whose subject is an
    outcome with its own verb reports the same treatment's other result, unless it names a control group."""
    if clause.intro.lower() not in WORDS.contrastive or parts.comparators or not parts.outcomes:
        return False
    first = parts.outcomes[0]
    if CONTEXT.subject_slot.match(text[clause.start : first.start]) is None and not CONTEXT.people_subject.fullmatch(text[clause.start : first.start]):
        return False
    following = next((c for c in parts.cues if c.start >= first.end), None)
    if own_verb(text, first, parts) is not None or (following is not None and following.term.extra == "adverb" and not text[first.end : following.start].strip()):
        return True
    return following is not None and bool(CONTEXT.then_predicate.match(text[first.end : following.start]))


def _names_own_subject(text: str, clause: Clause, parts: ClauseParts, found: list[Mention]) -> bool:
    """', and service dogs reduce PTSD symptoms': a bare noun phrase the vocabulary does not know stands right
    before the verb, so the clause has a subject of its own rather than the main clause's acting again."""
    if not parts.cues or clause.kind != "coordinate" or not (parts.cues[0].term.extra or "").endswith(("verb", "verb form")):
        return False
    lead = text[clause.start : parts.cues[0].start]
    bare = CONTEXT.bare_subject.fullmatch(lead)
    if bare is None:
        return False
    words = bare.group(1).lower().split()
    named = any(clause.start <= m.start < parts.cues[0].start and m.kind in ("outcome", "condition", "intervention") for m in found)
    return not named and not (set(words) & WORDS.not_subject_words)


def _pronoun_subject(text: str, clause: Clause, parts: ClauseParts) -> bool:
    """'...; in a small trial it was superior to placebo': a pronoun before the clause's first cue."""
    first_cue = parts.cues[0].start if parts.cues else None
    if first_cue is None:
        return False
    start = clause.start
    return bool(CONTEXT.pronoun.search(text[start:first_cue]))


def _elided_outcomes(parts: ClauseParts, clause: Clause, previous: list[Mention]) -> list[Mention]:
    """'..., whereas DHA alone shows little effect': the contrasted clause is about the same outcome."""
    no_effect = [  # "no effect", or a negated change: "the two drugs did not differ at eight weeks"
        c for c in parts.cues
        if c.term.category == "no_effect" or (c.term.category == "modulates" and any(0 <= c.start - n.end <= 12 for n in parts.negations))
    ]
    if clause.kind not in ("main", "coordinate") or not clause.intro or not previous or not parts.subjects or (parts.inherited and not no_effect):
        return []  # "..., but it had no effect in postmenopausal women" keeps the outcome; an inherited subject needs that verdict
    cue = no_effect[0] if no_effect else (parts.cues[-1] if parts.cues else None)
    if cue is None or cue.start < parts.subjects[0].end:
        return []
    return [Mention(m.term, cue.end, cue.end, m.text) for m in previous]


def _objects(parts: ClauseParts) -> list[Mention]:
    """The outcomes a clause's cues act on; an outcome standing before every cue is the clause's subject."""
    if not parts.cues:
        return parts.outcomes
    return [o for o in parts.outcomes if o.end > parts.cues[0].start]


def _anaphoric_objects(text: str, parts: ClauseParts, previous: list[Mention]) -> list[Mention]:
    """'..., whereas recovery sleep restores these processes': the object is the previous clause's objects."""
    if not previous:
        return []
    cue = next((c for c in parts.cues if (c.term.extra or "").endswith(("verb", "verb form")) and CONTEXT.anaphoric_object.match(text, c.end)), None)
    return [Mention(m.term, cue.end, cue.end, m.text) for m in previous] if cue is not None else []


def _pronoun_outcomes(text: str, parts: ClauseParts, previous: list[Mention]) -> list[Mention]:
    """'Relapse is common, but it is substantially reduced by continuation therapy': the pronoun is the
    previous clause's outcome, and the passive agent is the treatment. '..., and these deficits largely
    recover after weight restoration': the deficits are the previous clause's outcomes."""
    if not previous or not parts.cues:
        return []
    cue = parts.cues[0]
    if cue.term.category in ("increase", "improve") and CONTEXT.recovered_deficits.match(text[parts.clause.start : cue.start]):
        return [Mention(m.term, cue.end, cue.end, m.text) for m in previous if m.term.extra != "adverse"]
    if not CONTEXT.passive_pronoun.match(text[parts.clause.start : cue.start]):
        return []
    return [Mention(m.term, cue.end, cue.end, m.text) for m in previous]


def _implicit_efficacy(parts: ClauseParts, vocabulary: Vocabulary, text: str) -> list[Mention]:
    """'X is as effective as Y' or 'X benefited patients' names no outcome: it is about treatment response.
    An outcome named right after the cue ('superior to placebo for response') takes precedence."""
    term = vocabulary.by_name("outcome").get(IMPLICIT_OUTCOME)
    if term is None:
        return []
    implicit = []
    for cue in parts.cues:
        about_efficacy = CONTEXT.efficacy_words.search(cue.text) or (cue.term.marks_comparison and CONTEXT.effect_noun.search(text[parts.clause.start : cue.start]))
        if not (about_efficacy and (cue.term.marks_comparison or cue.term.category in ("improve", "no_effect"))):
            continue
        if CONTEXT.comparative_word.match(cue.text) and any(o.end <= cue.start for o in parts.outcomes):
            continue  # "prevented relapse better than usual care": the comparison qualifies the verb's outcome
        if CONTEXT.determiner_before.before(text, cue.start):
            continue  # "and these benefits persisted": benefits already reported
        next_cue = next((c.start for c in parts.cues if c.start > cue.end and c.term.category != "treats" and not CONTEXT.in_at_before.search(text[cue.end : c.start])), None)
        window_end = min(cue.end + 60, next_cue if next_cue is not None else cue.end + 60)  # an outcome after another verb is that verb's
        if any(cue.end <= o.start < window_end or o.start <= cue.start < o.end or 0 <= cue.start - o.end <= 20 for o in parts.outcomes):
            continue
        implicit.append(Mention(term, cue.end, cue.end, cue.text))
    return implicit[:1]
