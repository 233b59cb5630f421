"""Statements of the form (intervention, outcome, direction) read from one sentence.

The reading is deliberately shallow and explainable: vocabulary mentions, cue words and
clauses (see clauses.py). For each outcome in a clause:

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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.evidence.context_rules import load_context_rules
from pipelines.lib.clauses import HEDGING_INTRODUCERS, Clause, split_clauses
from pipelines.lib.drug_names import described_drugs, unlisted_drugs
from pipelines.lib.named_treatments import attach_generic_heads, gerund_treatments, subject_phrase_treatment
from pipelines.lib.regions import absorb_loci, coordinated_regions, located_outcome
from pipelines.lib.unlisted_outcomes import extend_modifiers, unlisted_outcome, unlisted_outcomes
from pipelines.lib.vocabulary import Mention, Term, Vocabulary
from pipelines.reading.citations import CitationMark

CONTEXT = load_context_rules().patterns  # every pattern below is a rule of rules/extraction_context.yaml, named by id
WORDS = load_context_rules().words
DIRECTIONS = ("increase", "decrease", "no_effect", "modulates")
IMPLICIT_OUTCOME = "treatment response"
_SMALL_EFFECT = Term("cue", "(small effect)", "no_effect", None, "adjective")
_GOOD_EFFECT = Term("cue", "(beneficial effect)", "improve", None, "adjective")
_BAD_EFFECT = Term("cue", "(harmful effect)", "worsen", None, "adjective")
_TREATS = Term("cue", "(treatment for)", "treats")
_HAS_EFFECT = Term("cue", "(has effects)", "effect")  # "X has anxiolytic effects": the outcome itself says the direction


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
    comparator: str | None = None
    cue_text: str | None = None  # the words that gave the direction
    rule_ids: tuple[str, ...] = ()  # the rules (cues.csv rows, rule-file ids) the statement came from
    subgroup: str | None = None  # the part of the sample the result is for ("women"); None for the whole


@dataclass
class SentenceReading:
    statements: list[Statement]
    subjects: list[Mention]  # the interventions the sentence talks about, for the next sentence's "these tools"


@dataclass
class ClauseParts:
    clause: Clause
    subjects: list[Mention]
    comparators: list[Mention]
    cues: list[Mention]
    outcomes: list[Mention]
    hedged: bool
    negations: list[Mention] = field(default_factory=list)
    inherited: bool = False  # subjects come from the main clause or the previous sentence
    comparison_cues: list[Mention] = field(default_factory=list)


def mask_citations(text: str, citations: list[CitationMark]) -> str:
    """Blank out citation marks so their digits never look like words; offsets stay put."""
    chars = list(text)
    for c in citations:
        chars[c.start : c.end] = " " * (c.end - c.start)
    return "".join(chars)


def names_a_dose(sentence: str) -> bool:
    """'A single infusion of 0.5 mg/kg reduced ...': the sentence is about doses of a treatment it does not name."""
    return bool(CONTEXT.dose.match(sentence))


def _drop_generic_and_repeats(mentions: list[Mention], text: str) -> list[Mention]:
    """'antidepressants, such as SSRIs' keeps SSRIs; 'cognitive therapy (CBT)' and 'MDMA-assisted psychotherapy' keep one mention."""
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.text.lower().endswith("exposure") and CONTEXT.risk_exposure.after(text, m.end):
            continue  # "prolonged exposure to high cortisol": a risk, not exposure therapy
        if m.text.lower() in ("exposure", "exposures") and CONTEXT.exposure_kind.before(text, m.start):
            continue  # "environmental exposures", "early-life exposure"
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and CONTEXT.medium.fullmatch(text[m.end : following.start]):
            continue  # "wearable-guided sleep extension": the wearable is how the treatment is given
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and following.kind == "intervention":
            gap = text[m.end : following.start]
            if CONTEXT.generic_to_specific.match(gap) or (CONTEXT.nominal_head.search(m.text) and CONTEXT.with_gap.fullmatch(gap)):
                continue
            if m.text.lower() == "exposure" and CONTEXT.exposure_to_gap.fullmatch(gap):
                continue  # "exposure to SSRIs in pregnancy": the drug is the subject, not exposure therapy
        previous = kept[-1] if kept else None
        if previous is not None and previous.term == m.term and CONTEXT.open_parenthesis_gap.fullmatch(text[previous.end : m.start]):
            continue
        if previous is not None and CONTEXT.assisted.fullmatch(text[previous.end : m.start]):
            continue
        kept.append(m)
    return kept


def _drop_repeats(mentions: list[Mention], text: str) -> list[Mention]:
    """'brain-derived neurotrophic factor (BDNF)' and 'glycaemic control (HbA1c)' are one mention; in 'cortisol response' the
    response is cortisol's, not a treatment response."""
    kept: list[Mention] = []
    for m in mentions:
        if kept and kept[-1].term == m.term and CONTEXT.such_as_gap.fullmatch(text[kept[-1].end : m.start]):
            continue  # "compensatory behaviours such as purging": the example is the same outcome
        if kept and CONTEXT.open_parenthesis_gap.fullmatch(text[kept[-1].end : m.start]) and (kept[-1].term == m.term or CONTEXT.close_parenthesis_after.match(text[m.end :])):
            continue  # "glycaemic control (HbA1c)": the bracket names how the outcome was measured
        if kept and m.text.lower() in ("response", "responses") and not text[kept[-1].end : m.start].strip():
            continue
        if m.text.lower() in ("response", "responses") and CONTEXT.other_response.before(text, m.start):
            continue
        if m.text.lower() == "response" and CONTEXT.in_before.before(text, m.start) and CONTEXT.to_after.match(text[m.end :]):
            continue  # "activity in response to faces": when, not what
        kept.append(m)
    return kept


def _interventions_as_outcomes(interventions: list[Mention], found: list[Mention], text: str, vocabulary: Vocabulary) -> tuple[list[Mention], list[Mention]]:
    """'CBT-I improves sleep': an intervention word right after a direction cue, with another intervention
    before it, is what changes, not what acts."""
    outcomes = vocabulary.by_name("outcome")
    kept, converted = [], []
    cues = [c for c in found if c.kind == "cue" and cue_direction(c)]
    for m in interventions:
        if m.term.category in WORDS.substance_classes and (CONTEXT.measured_in.search(text[: m.start]) or CONTEXT.measured_as.match(text[m.end :])):
            converted.append(_measured_substance(text, m))  # "increased plasma oxytocin": a level that changed, not a dose
            continue
        target = WORDS.as_outcome.get(m.term.name)
        governed = any(
            c.end <= m.start and (
                CONTEXT.article_gap.fullmatch(text[c.end : m.start])
                or (CONTEXT.listed_gap.fullmatch(text[c.end : m.start])
                    and not any(c.end <= o.start < m.start for o in cues))
            )
            for c in cues
        )  # "increased positive emotions and social connectedness"
        other_actor = any(o.term != m.term for o in interventions) or any(
            o.end <= m.start and o.kind in ("condition", "outcome") for o in found
        )  # "anxiety is associated with poorer sleep", "beyond improving sleep, CBT-I reduced ...": sleep is what changes
        if target in outcomes and governed and other_actor:
            converted.append(Mention(outcomes[target], m.start, m.end, m.text))
        else:
            kept.append(m)
    return kept, converted


def _measured_substance(text: str, m: Mention) -> Mention:
    before = CONTEXT.measured_in.search(text[: m.start])
    after = CONTEXT.measured_as.match(text[m.end :])
    start = before.start() if before else m.start
    end = m.end + (after.end() if after else 0)
    return unlisted_outcome(text, start, end, [m.term.name, "levels"])


def _drop_predicates(subjects: list[Mention], cues: list[Mention], text: str) -> list[Mention]:
    """In 'ERP remains the most effective psychological treatment', the second mention says what ERP is."""
    if not subjects:
        return subjects
    first = subjects[0]
    kept = [first]
    for m in subjects[1:]:
        gap = text[first.end : m.start]
        copula = CONTEXT.copula.search(gap)
        verbs = [c for c in cues if (c.term.extra or "").endswith(("verb", "verb form")) and first.end + (copula.end() if copula else 0) <= c.start < m.start]
        if copula and not verbs:
            continue
        kept.append(m)
    return kept


def _is_symptom(outcome: Mention) -> bool:
    """A condition read as its symptom outcome: the mention's words are the condition's."""
    return outcome.term.extra == "adverse"


def cue_direction(cue: Mention, outcome: Mention | None = None) -> str | None:
    """The direction a cue gives; 'improves' an adverse outcome (symptoms, relapse) lowers it."""
    role = cue.term.category
    adverse = outcome is not None and outcome.term.extra == "adverse"
    if role in DIRECTIONS:
        return role
    if role == "improve":
        return "decrease" if adverse else "increase"
    if role == "worsen":
        return "increase" if adverse else "decrease"
    if role == "treats":
        return "increase" if outcome is not None and not adverse and outcome.term.kind == "outcome" and not _is_symptom(outcome) else "decrease"
    if role == "effect":
        return "increase"
    return None


def _is_comparator(text: str, mention: Mention, cues: list[Mention]) -> bool:
    if mention.kind == "control":
        return True
    return any(
        c.end <= mention.start and c.term.marks_comparison and CONTEXT.compared_gap.match(text[c.end : mention.start])
        and not (c.text.lower().endswith("between") and not text[c.end : mention.start].strip())  # "no differences between X and Y": X is compared
        for c in cues
    )


def _negated(text: str, clause_start: int, cue: Mention, negations: list[Mention]) -> bool:
    """A negation shortly before the cue ("did not reduce"), or neither/nor anywhere before it."""
    window_start = max(clause_start, cue.start - 30)
    return any(
        (window_start <= n.start or n.text.lower() in ("neither", "nor")) and clause_start <= n.start < cue.start and not CONTEXT.not_only.match(text[n.start :])
        for n in negations
    )


_REPORTED_RATE = Term("cue", "(rate reached)", "increase", None, "phrase")


def _modifies_noun(text: str, cue: Mention) -> bool:
    """'the distress associated with hallucinations': a participle after a noun describes it, it asserts nothing."""
    return cue.text.lower() in WORDS.association_cues and bool(CONTEXT.word_before.search(text[: cue.start])) and not CONTEXT.before_predicate.search(text[: cue.start])


def _condition_with_own_verb(text: str, clause: Clause, mention: Mention, cues: list[Mention]) -> bool:
    """'Anxiety was reduced by CBT', '..., and depression improved': a condition in subject position whose own
    verb follows says its symptoms changed."""
    if not CONTEXT.subject_slot.search(text[clause.start : mention.start]):
        return False
    verb = next((c for c in cues if c.start >= mention.end), None)
    return (
        verb is not None and (verb.term.extra or "").endswith(("verb", "verb form")) and cue_direction(verb) is not None
        and bool(CONTEXT.auxiliary_gap.fullmatch(text[mention.end : verb.start]))
    )


def _condition_cue(text: str, mention: Mention, cues: list[Mention]) -> Mention | None:
    """The cue that governs a condition directly, or None when the condition is only context."""
    before = [c for c in cues if c.end <= mention.start and cue_direction(c) and CONTEXT.condition_gap.match(text[c.end : mention.start])]
    if before:
        return before[-1]
    after = [c for c in cues if c.start >= mention.end and c.term.category == "treats" and CONTEXT.short_gap.fullmatch(text[mention.end : c.start])]
    return after[0] if after else None


def _augmented_phrase_start(text: str, clause: Clause, mention: Mention, cues: list[Mention]) -> int | None:
    """'enhanced the effects of exposure therapy', 'blunt the long-term benefits of exposure': a verb acting
    on another treatment's effect; the treatment named there is what is improved, not the subject.
    Returns where that effect phrase starts."""
    window_start = max(clause.start, mention.start - 40)
    phrase = CONTEXT.augmented.search(text[window_start : mention.start])
    if not phrase:
        return None
    noun_start = window_start + phrase.start("noun")
    for c in cues:
        is_verb = (c.term.extra or "").endswith(("verb", "verb form")) and cue_direction(c)
        if is_verb and c.end <= noun_start and CONTEXT.determiner_gap.fullmatch(text[c.end : noun_start]):
            return c.end
    return None


def _treated_group_acts(text: str, mention: Mention, qualifying: list[Mention], cues: list[Mention]) -> bool:
    """'Lithium-treated patients have larger hippocampal volumes': the treated group's treatment acts when it is
    the clause's first treatment and no other is named before the verb."""
    if not CONTEXT.treated_group_after.after(text, mention.end):
        return False
    verb_at = next((c.start for c in cues if c.start > mention.end + 8 and c.term.category in DIRECTIONS + ("improve", "worsen")), len(text))
    return not any(q.start < mention.start or mention.end <= q.start < verb_at for q in qualifying)


def _names_a_subgroup(text: str, mention: Mention) -> bool:
    """'patients who responded to treatment', 'in remitted patients': an outcome's verb naming who, not what changed."""
    if mention.text.lower() not in WORDS.verb_outcomes:
        return False
    return bool(
        CONTEXT.relative_before.before(text, mention.start)
        or CONTEXT.population_after.match(text[mention.end :])
    )


def _in_subgroup(text: str, clause: Clause, mention: Mention, cues: list[Mention]) -> bool:
    """'in patients with elevated BMI or inflammatory markers': the mention says who, not what changed."""
    window_start = max(clause.start, mention.start - 60)
    match = CONTEXT.subgroup.search(text[window_start : mention.start])
    if match is None:
        return False
    return not any(window_start + match.start() <= c.start < mention.start and c.term.extra != "adjective" for c in cues)


def _clause_parts(text: str, clause: Clause, mentions: dict[str, list[Mention]], outcome_terms: dict[str, Term]) -> ClauseParts:
    inside = [m for m in mentions["intervention"] + mentions["control"] if clause.contains(m.start)]
    inside = [m for m in inside if not (CONTEXT.timing.before(text, m.start, clause.start) and any(o.end <= m.start for o in inside))]
    cues = [
        c for c in mentions["cue"]
        if clause.contains(c.start) and not CONTEXT.subgroup_cue.before(text, c.start, clause.start)
        and not (c.start > 0 and text[c.start - 1] in "-‐") and not CONTEXT.qualifies_condition.after(text, c.end)
        and not _modifies_noun(text, c)
        and not (c.term.extra == "noun" and c.text.lower().endswith(" in") and CONTEXT.population.match(text[c.end :]))
        and not (c.text.lower().endswith("ing") and CONTEXT.amount_of_work.match(text[c.end :]))
        and not CONTEXT.under_test.before(text, c.start, clause.start)
    ]  # "antipsychotic-induced weight gain", "treatment-resistant": modifiers, not claims
    qualifying = [m for m in inside if not CONTEXT.qualifies_condition.after(text, m.end) and not CONTEXT.of_another.after(text, m.end)]
    treated_group = [m for m in inside if _treated_group_acts(text, m, qualifying, cues)]
    inside = sorted(qualifying + treated_group, key=lambda m: m.start)
    inside = [  # "During sleep the brain consolidates memories": the brain acts; sleep is when
        m for m in inside
        if not (CONTEXT.during_before.before(text, m.start)
                and CONTEXT.brain_after.match(text[m.end :]))
    ]
    inside = [m for m in inside if not (m.text.lower().endswith("ing") and CONTEXT.hyphen_before.before(text, m.start))]  # "rapid-cycling bipolar disorder"
    inside = [m for m in inside if not (CONTEXT.describes.before(text, m.start, clause.start) and any(o.end <= m.start for o in inside))]
    based = [m for m in inside if CONTEXT.base_treatment.before(text, m.start, clause.start) and any(o.end <= m.start for o in inside)]
    augmented_at = {m.start: _augmented_phrase_start(text, clause, m, cues) for m in inside}
    augmented = [m for m in inside if augmented_at[m.start] is not None]
    comparators = [m for m in inside if _is_comparator(text, m, cues) or m in augmented or m in based]
    comparators += [  # "superior to placebo plus antidepressant": the second part of the comparator arm
        m for m in inside
        if m not in comparators and any(0 < m.start - c.end <= 25 and CONTEXT.add_on_gap.fullmatch(text[c.end : m.start]) for c in comparators + [x for x in mentions["control"] if clause.contains(x.start)])
    ]
    subjects = sorted((m for m in inside if m not in comparators), key=lambda m: m.start)
    subjects = _drop_predicates(subjects, cues, text)
    outcomes = [
        m for m in mentions["outcome"]
        if clause.contains(m.start) and not CONTEXT.modifier_suffix.after(text, m.end) and not CONTEXT.task_context.before(text, m.start)
        and not CONTEXT.task_name.after(text, m.end) and not _in_subgroup(text, clause, m, cues)
        and not CONTEXT.stimulus.before(text, m.start, clause.start)
        and not (m.text.lower() in ("responders", "non-responders", "nonresponders", "remitters", "non-remitters") and CONTEXT.subgroup_noun.before(text, m.start, clause.start))
        and not _names_a_subgroup(text, m)
        and not CONTEXT.who_subgroup.before(text, m.start, clause.start)  # "in patients who self-harm"
        and not CONTEXT.beyond_before.before(text, m.start, clause.start)
        and not any(c.end <= m.start and CONTEXT.possessive_gap.fullmatch(text[c.end : m.start]) and _modifies_noun(text, c) for c in mentions["cue"])
        and not CONTEXT.role_in.before(text, m.start, clause.start)
        and not CONTEXT.circumstance.before(text, m.start, clause.start)
        and not CONTEXT.correlates_with.before(text, m.start, clause.start)
        and not (CONTEXT.effects_of.before(text, m.start, clause.start) and CONTEXT.on_after.match(text[m.end :]))
    ]
    for m in mentions["condition"]:
        if not clause.contains(m.start) or m.term.extra not in outcome_terms:
            continue
        if any(o.start > m.end and CONTEXT.hyphen_or_space_gap.fullmatch(text[m.end : o.start]) and o.text.lower() not in WORDS.generic_outcome_words for o in outcomes):
            continue  # "the rate of depression remission": the condition names whose remission
        coordinated = any(o.end <= m.start and CONTEXT.coordination.match(text[o.end : m.start]) for o in outcomes)
        treatment_for = CONTEXT.treatment_for.before(text, m.start, clause.start)
        if treatment_for and (
            CONTEXT.other_treatments_before.before(text, m.start - len(treatment_for.group()), clause.start)
            or (m.text[:1].isupper() and m.text != m.text.upper() and treatment_for.group()[:1].isupper() and m.start > clause.start)
        ):  # "... to other treatments for depression"; "the Behavioral Interventions for Anxiety ... program": a title
            treatment_for = None  # "the response to other treatments for depression": not the subject's claim
        if treatment_for:
            cues.append(Mention(_TREATS, m.start - 1, m.start - 1, "treatment for"))
        if treatment_for or _condition_cue(text, m, cues) or coordinated or _condition_with_own_verb(text, clause, m, cues):
            outcomes.append(Mention(outcome_terms[m.term.extra], m.start, m.end, m.text))
    response = outcome_terms.get(IMPLICIT_OUTCOME)
    if response is not None:
        for m in augmented:
            after_cue = augmented_at[m.start]
            phrase_start = after_cue + len(text[after_cue : m.start]) - len(text[after_cue : m.start].lstrip())
            outcomes.append(Mention(response, phrase_start, m.end, text[phrase_start : m.end]))
    hedged = any(clause.contains(h.start) for h in mentions["hedge"]) or clause.intro.split(" ")[0].lower() in HEDGING_INTRODUCERS
    return ClauseParts(
        clause=clause,
        subjects=subjects,
        comparators=sorted(comparators, key=lambda m: m.start),
        cues=sorted((c for c in cues if cue_direction(c)), key=lambda c: c.start),
        outcomes=sorted(outcomes, key=lambda m: m.start),
        hedged=hedged,
        negations=[n for n in mentions["negation"] if clause.contains(n.start)],
        comparison_cues=[c for c in cues if c.term.category == "comparison"],
    )


def _attach(text: str, outcome: Mention, parts: ClauseParts) -> tuple[Mention | None, list[Mention]]:
    """The cue giving the outcome's direction and the interventions it is said of."""
    cues, subjects = parts.cues, parts.subjects
    frequency = next((c for c in cues if c.start >= outcome.end and c.term.extra == "adverb" and not text[outcome.end : c.start].strip()), None)
    if frequency is not None:  # "patients on lithium relapsed less often": the adverb after the outcome's verb gives the direction
        named = [m for m in subjects if m.end <= outcome.start]
        return frequency, (subjects if parts.inherited else named or [m for m in subjects if m.start >= frequency.end and CONTEXT.passive_agent.match(text[frequency.end : m.start])][:1])
    if parts.inherited:
        before = [c for c in cues if c.end <= outcome.start]
        if not before:  # "processing speed was even improved after repeated infusions", "..., and depression improved"
            own = _own_verb(text, outcome, parts)
            if own is not None:
                return own, subjects
            following = next((c for c in cues if c.start >= outcome.end), None)
            return (following if following is not None and CONTEXT.then_predicate.match(text[outcome.end : following.start]) else None), subjects
        return _absolute_phrase(text, outcome, _verdict(text, outcome, before[-1], cues)), subjects
    own = _own_verb(text, outcome, parts)
    before_outcome = [m for m in subjects if m.end <= outcome.start]
    if own is not None and before_outcome:
        return own, before_outcome  # "After a night without sleep, amygdala reactivity increases and connectivity weakens"
    after_noun = next(
        (c for c in cues if c.start >= outcome.end and CONTEXT.adjacent_gap.fullmatch(text[outcome.end : c.start])
         and (c.term.category == "modulates" or (c.term.category == "no_effect" and c.term.marks_comparison))),
        None,
    )  # "glutamate receptor modulation", "efficacy comparable to SSRIs"
    before = [c for c in cues if c.end <= outcome.start]
    cue = after_noun or (before[-1] if before else None)
    cue = _verdict(text, outcome, cue, cues)
    if (
        cue is not None and (cue.term.extra == "adjective" or cue.text.lower().endswith("ed")) and not text[cue.end : outcome.start].strip()
        and not any(m.end <= cue.start for m in subjects) and any(c.start >= outcome.end for c in cues)
    ):
        cue = None  # "elevated cortisol ... normalises with refeeding": a state named in subject position; the verb comes later
    if cue is not None and (cue.term.category == "treats" or (cue.text.lower().endswith("ing") and cue.term.category in ("increase", "decrease", "improve", "worsen"))):
        verdict = next(  # "GPM was as effective as DBT in reducing self-harm": no difference in the reduction
            (c for c in cues if c.end <= cue.start and c.term.category == "no_effect" and c.term.marks_comparison
             and (cue.term.category == "treats" or CONTEXT.prepositional_gap.fullmatch(text[c.end : cue.start]))),
            None,
        )
        if verdict is not None and not any(verdict.end <= c.start < cue.start for c in cues if c.term.category in ("increase", "decrease", "improve", "worsen")):
            cue = verdict  # "MBSR was non-inferior to escitalopram for treating anxiety disorders": no difference
    if cue is not None and cue.term.category == "treats" and CONTEXT.without_after.match(text[cue.end : outcome.start]):
        return None, []  # "patients prefer treatments without side effects": a wish, not a finding
    cue = _absolute_phrase(text, outcome, cue)
    if cue is not None:
        named = [m for m in subjects if m.end <= cue.start]
        if named:
            return cue, named
        of_subject = [
            m for m in subjects
            if cue.end <= m.start and m.end <= outcome.start
            and (CONTEXT.of_subject.match(text[cue.end : m.start]) or (CONTEXT.ends_with_of.search(cue.text) and CONTEXT.few_words.match(text[cue.end : m.start])))
        ]
        if of_subject:
            return cue, of_subject[:1]
    following = next((c for c in cues if c.start >= outcome.end), None)
    anchor = following.end if following is not None and cue is None else outcome.end
    joined = cue if cue is not None else following
    direct = joined is not None and CONTEXT.agent_preposition_end.search(joined.text)
    agent = next((m for m in subjects if m.start >= anchor and (CONTEXT.passive_agent.match(text[anchor : m.start]) or (direct and CONTEXT.few_words.match(text[anchor : m.start]) and not text[anchor : m.start].strip()))), None)
    if agent is None and cue is not None and (cue.term.extra or "") == "noun":  # "Increases in NAA ... have been observed ... after lithium administration"
        agent = next((m for m in subjects if m.start >= outcome.end and CONTEXT.reported_after.search(text[outcome.end : m.start])), None)
    if agent is not None and (cue is not None or following is not None):
        return (cue if cue is not None else following), [agent]
    if cue is None and following is not None and CONTEXT.then_predicate.match(text[outcome.end : following.start]) and before_outcome:
        return following, before_outcome
    if cue is None and before_outcome and CONTEXT.effect_noun.search(outcome.text):
        return Mention(_HAS_EFFECT, outcome.start, outcome.start, ""), before_outcome
    return cue, []


def _own_verb(text: str, outcome: Mention, parts: ClauseParts) -> Mention | None:
    """The verb an outcome is the subject of ('..., and cortisol fell'), when it stands in subject position
    and its verb follows within a few words, with no other outcome, comma or auxiliary in between."""
    slot = CONTEXT.subject_slot.search(text[parts.clause.start : outcome.start])
    if slot is None:
        return None
    verb = next((c for c in parts.cues if c.start >= outcome.end), None)
    if verb is None:
        return None
    gap = text[outcome.end : verb.start]
    noun_as_verb = (  # "the risk of self-harm increases in the longer term", not "cortisol increases in response were smaller"
        CONTEXT.verb_s_in.fullmatch(verb.text) is not None and not gap.strip()
        and not CONTEXT.auxiliary.search(text[verb.end : parts.clause.spans[-1][1]])
    )
    if not (verb.term.extra or "").endswith(("verb", "verb form")) and not noun_as_verb:
        return None
    and_at = parts.clause.start + slot.start()
    listed_before = any(0 <= and_at - o.end <= 2 for o in parts.outcomes if o is not outcome)
    if slot.group().strip().lower().startswith("and") and listed_before and not CONTEXT.adverb_gap.fullmatch(gap):
        return None  # "reduced anxiety and loneliness in adults and increased oxytocin": loneliness is an object
    if "," in gap or len(gap.split()) > 8 or CONTEXT.auxiliary.search(gap) or any(outcome.end <= o.start < verb.start for o in parts.outcomes):
        return None
    return verb


def _absolute_phrase(text: str, outcome: Mention, cue: Mention | None) -> Mention | None:
    """'..., with adherence as the main limitation' names no effect; '..., with recovery rates of 65%' reports a
    rate reached, whatever the verb before the comma."""
    if cue is None or cue.end > outcome.start or not CONTEXT.with_clause.search(text[cue.end : outcome.start]):
        return cue
    if CONTEXT.as_after.match(text[outcome.end :]):
        return None
    if CONTEXT.rate_tail.match(text[outcome.end :]):
        return None if outcome.term.extra == "adverse" else Mention(_REPORTED_RATE, outcome.start, outcome.start, "")
    return cue


def _verdict(text: str, outcome: Mention, cue: Mention | None, cues: list[Mention]) -> Mention | None:
    """'its effect on comorbid depression was inconsistent': the predicate, not 'effect on', says the direction."""
    if cue is None or cue.term.category != "modulates" or (cue.term.extra or "") != "noun":
        return cue
    verdict = next((c for c in cues if c.start >= outcome.end and c.term.category == "no_effect" and CONTEXT.then_predicate.match(text[outcome.end : c.start])), None)
    small = CONTEXT.small_verdict.after(text, outcome.end)
    if verdict is None and small:  # "its effect on positive symptoms is small", "its effects on burnout faded"
        group = 1 if small.group(1) else 2
        verdict = Mention(_SMALL_EFFECT, outcome.end + small.start(group), outcome.end + small.end(group), small.group(group))
    quality = CONTEXT.effect_quality.before(text, cue.start) if CONTEXT.effect_word.match(cue.text) else None
    if verdict is None and quality:  # "beneficial effects on mood", "smaller effects on burden": a benefit; "detrimental effects on sleep": harm
        verdict = Mention(_BAD_EFFECT if quality.group("bad") else _GOOD_EFFECT, cue.start, cue.end, cue.text)
    return verdict or cue


def _statements_for(text: str, outcome: Mention, cue: Mention, subjects: list[Mention], parts: ClauseParts, condition: str | None) -> list[Statement]:
    direction = cue_direction(cue, outcome)
    window = max(parts.clause.start, cue.start - 60)
    reversal = CONTEXT.reversal.search(text[window : cue.start])
    if direction in ("increase", "decrease") and reversal and not any(s.start <= window + reversal.start() < s.end for s in subjects):
        direction = "increase" if direction == "decrease" else "decrease"  # "reverses stress-induced reductions in X", not "blocking IL-1 prevents X"
    if direction == "modulates" and cue.text.lower().startswith("normali") and outcome.term.extra == "adverse":
        direction = "decrease"  # "normalizes depressive-like behaviour": symptoms brought back to normal are fewer
    if direction == "modulates" and reversal and CONTEXT.harm_on.match(text[cue.end : outcome.start]):
        direction = "decrease" if outcome.term.extra == "adverse" else "increase"  # "reversed the effects of stress on the forced swim test"
    if cue.term.category in DIRECTIONS and direction in ("increase", "decrease") and outcome.term.category != "unlisted" and CONTEXT.deficit_after.after(text, outcome.end):
        direction = "increase" if direction == "decrease" else "decrease"  # "protects against grey matter loss"; "improved memory deficits" needs no flip
    negated = (
        _negated(text, parts.clause.start, cue, parts.negations)
        or (cue.term.category == "no_effect" and cue.text.lower().startswith("no"))
        or bool(CONTEXT.but_not.before(text, outcome.start, parts.clause.start))
        or bool(CONTEXT.without.before(text, outcome.start, parts.clause.start))
        or bool(CONTEXT.no_before.before(text, outcome.start, max(parts.clause.start, cue.end)))
    )
    if negated:
        direction = "no_effect"
    comparator = parts.comparators[0].term.name if parts.comparators else _comparator_phrase(text, parts)
    rules = (f"cues.csv:{cue.term.name}",) if cue.term.name else ("extraction.reported_rate",)
    rules += ("negation",) if negated else ()
    rules += ("hedge",) if parts.hedged else ()
    return [
        Statement(s.term, s.text, outcome.term, outcome.text, direction, condition, parts.hedged, negated, outcome.start, outcome.end, comparator,
                  cue.text or None, rules)
        for s in subjects
    ]


def _overlay(found: list[Mention], added: list[Mention], covers_cues: bool = True) -> list[Mention]:
    """Mentions found beyond the vocabulary, in order; what they cover gives way (cues too, unless told not to)."""
    kept = [f for f in found if not any(a.start <= f.start < a.end and (covers_cues or f.kind != "cue") for a in added)]
    return sorted(kept + added, key=lambda m: m.start)


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
    found = vocabulary.find(text)
    found = _overlay(found, unlisted_drugs(text, found))
    found = attach_generic_heads(text, _overlay(found, described_drugs(text, found)))
    found = _overlay(found, gerund_treatments(text, found) or subject_phrase_treatment(text, found), covers_cues=False)
    found = _overlay(found, _protects_against(text, found))
    cues = [m for m in found if m.kind == "cue" and not _bare_comparative(text, m, found)]
    mentions = {kind: [m for m in found if m.kind == kind] for kind in ("intervention", "outcome", "condition", "control")}
    mentions["intervention"] = _drop_generic_and_repeats(mentions["intervention"], text)
    mentions["outcome"] = absorb_loci(text, _drop_repeats(mentions["outcome"], text))
    mentions["outcome"] = extend_modifiers(text, mentions["outcome"], [m for m in found if m.kind != "cue"], cues)
    mentions["intervention"], as_outcomes = _interventions_as_outcomes(mentions["intervention"], found, text, vocabulary)
    mentions["outcome"] = sorted(mentions["outcome"] + as_outcomes, key=lambda m: m.start)
    mentions["outcome"] = sorted(mentions["outcome"] + coordinated_regions(text, mentions["outcome"], vocabulary), key=lambda m: m.start)
    mentions["cue"] = cues
    mentions["negation"] = [c for c in cues if c.term.category == "negation"]
    mentions["hedge"] = [c for c in cues if c.term.category == "hedge"]
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
    for clause in split_clauses(text, opens_clause, tuple(m.start for m in mentions["intervention"])):
        parts = _clause_parts(text, clause, mentions, symptom_terms)
        if clause.kind == "main" and parts.subjects:
            main_subjects = parts.subjects
        if CONTEXT.indirect_question.match(clause.text(text)) or CONTEXT.expectation.search(clause.text(text)):
            continue  # "how talking therapies alter brain function has only recently been studied", "were expected to" claim nothing
        if parts.subjects and parts.cues and parts.subjects[0].start > parts.cues[0].start and CONTEXT.anaphor.match(clause.text(text)):
            parts.subjects = []  # "they can impair extinction and reduce the benefit of exposure": "they" acts, exposure does not
        if not parts.subjects:
            if clause.kind in ("action", "coordinate") and main_subjects and not _names_own_subject(text, clause, parts, found):
                parts.subjects, parts.inherited = main_subjects, True
            elif (
                CONTEXT.anaphor.match(clause.text(text)) or CONTEXT.study_subject.match(clause.text(text)) or _pronoun_subject(text, clause, parts)
                or (clause.intro.lower() in ("but", "yet", "although", "though", "whereas", "while") and CONTEXT.than_with.search(clause.text(text)))
                or (clause.intro.lower() in ("but", "yet", "although", "though", "whereas", "while") and CONTEXT.bare_effect.match(clause.text(text)))
                or CONTEXT.generic_agent.search(clause.text(text)) or CONTEXT.continued_finding.search(clause.text(text))
            ) and (sentence_subjects or main_subjects or resolved_subjects(previous_subjects)):
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
            cue, subjects = _attach(text, outcome, parts)
            if cue is None or not subjects:
                continue
            condition = next((c.term.name for c in conditions if c.start == outcome.start), conditions[0].term.name if conditions else None)
            statements.extend(_statements_for(text, outcome, cue, subjects, parts, condition))
            sentence_subjects = subjects
    return SentenceReading(_unique(statements), sentence_subjects or main_subjects)


def resolved_subjects(previous: PreviousSubjects) -> list[Mention]:
    return (previous() if callable(previous) else previous) or []


def _bare_comparative(text: str, cue: Mention, found: list[Mention]) -> bool:
    """'less depression' is a decrease; 'less neuroimaging attention' and 'less is known' are not: a bare 'less'
    counts only right before an outcome or condition."""
    if cue.text.lower() != "less":
        return False
    return not any(m.kind in ("outcome", "condition") and m.start > cue.end and not text[cue.end : m.start].strip() for m in found)


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


_PROTECTS_CUE = Term("cue", "protects against", "decrease", None, "phrase")


def _protects_against(text: str, found: list[Mention]) -> list[Mention]:
    """'protected mice against social defeat stress': the words between do not hide the cue."""
    cues = []
    for m in CONTEXT.protects.finditer(text):
        if not any(f.kind == "cue" and f.start < m.end() and m.start() < f.end and f.term.category != "comparison" for f in found):
            cues.append(Mention(_PROTECTS_CUE, m.start(), m.end(), m.group()))
    return cues


def _contrasted_outcome(text: str, clause: Clause, parts: ClauseParts) -> bool:
    """'X reduced anxiety, but depressive symptoms did not change': a contrasting clause whose subject is an
    outcome with its own verb reports the same treatment's other result, unless it names a control group."""
    if clause.intro.lower() not in WORDS.contrastive or parts.comparators or not parts.outcomes:
        return False
    first = parts.outcomes[0]
    if CONTEXT.subject_slot.match(text[clause.start : first.start]) is None and not CONTEXT.people_subject.fullmatch(text[clause.start : first.start]):
        return False
    following = next((c for c in parts.cues if c.start >= first.end), None)
    if _own_verb(text, first, parts) is not None or (following is not None and following.term.extra == "adverb" and not text[first.end : following.start].strip()):
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


def _comparator_phrase(text: str, parts: ClauseParts) -> str | None:
    """The words after 'superior to' or 'compared with' when they name nothing in the vocabulary."""
    cue = next((c for c in parts.cues + parts.comparison_cues if c.term.marks_comparison), None)
    if cue is None:
        return None
    m = CONTEXT.comparator_phrase.match(text[cue.end :])
    return m.group(1).strip(" ,.;") or None if m else None


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


def _unique(statements: list[Statement]) -> list[Statement]:
    seen: set[tuple] = set()
    unique = []
    for s in statements:
        key = (s.intervention.name, s.outcome.name, s.direction, s.outcome_start)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique
