"""Stage 2, relations: which treatment a cue links to which outcome in a clause. The subjects are the
interventions before the cue, except comparators and the treated group's own condition; the direction comes
from the nearest cue; negation before the cue and hedges are read from their triggers (rules/extraction_context.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipelines.evidence.context_rules import load_context_rules
from pipelines.evidence.mentions import DIRECTIONS, cue_direction, drop_predicates
from pipelines.lib.clauses import HEDGING_INTRODUCERS, Clause
from pipelines.lib.vocabulary import Mention, Term

CONTEXT = load_context_rules().patterns  # patterns are rules of rules/extraction_context.yaml, named by id
WORDS = load_context_rules().words


IMPLICIT_OUTCOME = "treatment response"


_SMALL_EFFECT = Term("cue", "(small effect)", "no_effect", None, "adjective")


_GOOD_EFFECT = Term("cue", "(beneficial effect)", "improve", None, "adjective")


_BAD_EFFECT = Term("cue", "(harmful effect)", "worsen", None, "adjective")


_TREATS = Term("cue", "(treatment for)", "treats")


_HAS_EFFECT = Term("cue", "(has effects)", "effect")  # "X has anxiolytic effects": the outcome itself says the direction


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


def _is_comparator(text: str, mention: Mention, cues: list[Mention]) -> bool:
    if mention.kind == "control":
        return True
    return any(
        c.end <= mention.start and c.term.marks_comparison and CONTEXT.compared_gap.match(text[c.end : mention.start])
        and not (c.text.lower().endswith("between") and not text[c.end : mention.start].strip())  # "no differences between X and Y": X is compared
        for c in cues
    )


def negated_before_cue(text: str, clause_start: int, cue: Mention, negations: list[Mention]) -> bool:
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


def clause_parts(text: str, clause: Clause, mentions: dict[str, list[Mention]], outcome_terms: dict[str, Term]) -> ClauseParts:
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
    inside = [m for m in inside if not CONTEXT.reporting_after.after(text, m.end)]  # "DMHIs reporting poor efficacy": the studies
    based = [m for m in inside if CONTEXT.base_treatment.before(text, m.start, clause.start) and any(o.end <= m.start for o in inside)]
    augmented_at = {m.start: _augmented_phrase_start(text, clause, m, cues) for m in inside}
    augmented = [m for m in inside if augmented_at[m.start] is not None]
    comparators = [m for m in inside if _is_comparator(text, m, cues) or m in augmented or m in based
                   or CONTEXT.contrast_before.before(text, m.start, clause.start)]  # "in contrast to other antidepressants"
    comparators += [  # "superior to placebo plus antidepressant": the second part of the comparator arm
        m for m in inside
        if m not in comparators and any(0 < m.start - c.end <= 25 and CONTEXT.add_on_gap.fullmatch(text[c.end : m.start]) for c in comparators + [x for x in mentions["control"] if clause.contains(x.start)])
    ]
    subjects = sorted((m for m in inside if m not in comparators), key=lambda m: m.start)
    compared = {m.term.name for m in comparators}  # "quetiapine combined with lithium (vs. lithium alone)": lithium is the base arm
    subjects = [m for m in subjects if m.term.name not in compared] or subjects
    subjects = drop_predicates(subjects, cues, text)
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


def attach(text: str, outcome: Mention, parts: ClauseParts) -> tuple[Mention | None, list[Mention]]:
    """The cue giving the outcome's direction and the interventions it is said of."""
    cues, subjects = parts.cues, parts.subjects
    frequency = next((c for c in cues if c.start >= outcome.end and c.term.extra == "adverb" and not text[outcome.end : c.start].strip()), None)
    if frequency is not None:  # "patients on lithium relapsed less often": the adverb after the outcome's verb gives the direction
        named = [m for m in subjects if m.end <= outcome.start]
        return frequency, (subjects if parts.inherited else named or [m for m in subjects if m.start >= frequency.end and CONTEXT.passive_agent.match(text[frequency.end : m.start])][:1])
    if parts.inherited:
        before = [c for c in cues if c.end <= outcome.start]
        if not before:  # "processing speed was even improved after repeated infusions", "..., and depression improved"
            own = own_verb(text, outcome, parts)
            if own is not None:
                return own, subjects
            following = next((c for c in cues if c.start >= outcome.end), None)
            return (following if following is not None and CONTEXT.then_predicate.match(text[outcome.end : following.start]) else None), subjects
        return _absolute_phrase(text, outcome, _verdict(text, outcome, before[-1], cues)), subjects
    own = own_verb(text, outcome, parts)
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


def own_verb(text: str, outcome: Mention, parts: ClauseParts) -> Mention | None:
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


def comparator_phrase(text: str, parts: ClauseParts) -> str | None:
    """The words after 'superior to' or 'compared with' when they name nothing in the vocabulary."""
    cue = next((c for c in parts.cues + parts.comparison_cues if c.term.marks_comparison), None)
    if cue is None:
        return None
    m = CONTEXT.comparator_phrase.match(text[cue.end :])
    return m.group(1).strip(" ,.;") or None if m else None
