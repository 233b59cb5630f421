"""Stage 3, normalisation: a linked (treatment, cue, outcome) becomes a Statement with a direction of the
warehouse's vocabulary (increase, decrease, no_effect, modulates), its negation and hedging, and why it exists
(cue text, rule ids); repeats within a sentence are dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.evidence.context_rules import load_context_rules
from pipelines.evidence.mentions import DIRECTIONS, cue_direction
from pipelines.evidence.relations import ClauseParts, comparator_phrase, negated_before_cue
from pipelines.lib.vocabulary import Mention, Term

CONTEXT = load_context_rules().patterns  # patterns are rules of rules/extraction_context.yaml, named by id


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


# the words before an outcome or a cue that say the clause reports no result: "despite good tolerability, it did
# not show separation" (concessive), "higher baseline IL-6" (baseline_before), "a treatment program developed for
# borderline personality disorder" (purpose_of_design); "DMHIs ... aim to increase access" (purpose_before_cue),
# "Ondansetron, approved to treat nausea and vomiting" (indication)
NO_RESULT_BEFORE_OUTCOME = (CONTEXT.concessive, CONTEXT.baseline_before, CONTEXT.purpose_of_design)
NO_RESULT_BEFORE_CUE = (CONTEXT.purpose_before_cue, CONTEXT.indication)


def _not_significant_by_p(text: str, outcome_end: int, parts: ClauseParts) -> bool:
    """The outcome's own p value, the first after it in its clause, is 0.05 or more ('p = 0.20', 'p = NS')."""
    own = next((m for m in CONTEXT.p_value.pattern.finditer(text, outcome_end) if parts.clause.contains(m.start())), None)
    return bool(own and CONTEXT.non_significant_p.search(own.group()))


def statements_for(text: str, outcome: Mention, cue: Mention, subjects: list[Mention], parts: ClauseParts, condition: str | None) -> list[Statement]:
    direction = cue_direction(cue, outcome)
    if any(rule.before(text, outcome.start, parts.clause.start) for rule in NO_RESULT_BEFORE_OUTCOME) or any(
        rule.before(text, cue.start, parts.clause.start) for rule in NO_RESULT_BEFORE_CUE
    ):
        return []  # conceded, a level at baseline, a purpose, an aim, an indication: no result (each rule's written_for)
    if subjects and all(s.start > outcome.end for s in subjects) and CONTEXT.predictor.search(text, parts.clause.start, cue.start):
        return []  # "abuse ... predicts a lower rate of response after antidepressant therapy": a predictor, not the treatment
    if cue.text.lower().startswith("support") and CONTEXT.supported_idea.after(text, cue.end):
        return []  # "These results support the proposal that ...": an idea supported, not an outcome raised
    if cue.text[:1].isupper() and cue.start > 0 and CONTEXT.title_case_before.before(text, cue.start):
        return []  # "(Mental Health Support Teams)": a name, not a cue
    if cue.term.category == "effect" and CONTEXT.binding_property.search(text, cue.end, outcome.start):
        return []  # "demonstrate high selectivity for these 5-HT1A receptors": a drug's binding, not an effect it shows
    if direction == "no_effect" and cue.text.lower().startswith("similar") and not CONTEXT.similar_partner.after(text, cue.end):
        return []  # "ketamine reduces anxiety-like behaviour in animals, and has shown similar efficacy in humans"
    if cue.term.category == "effect" and outcome.term.extra == "adverse" and CONTEXT.therapeutic_gap.search(text, cue.end, outcome.start):
        direction = "decrease"  # "demonstrates efficacy as monotherapy in acute mania": a treatment's effect on a symptom lowers it
    window = max(parts.clause.start, cue.start - 60)
    reversal = CONTEXT.reversal.search(text[window : cue.start])
    if direction in ("increase", "decrease") and reversal and not any(s.start <= window + reversal.start() < s.end for s in subjects):
        direction = "increase" if direction == "decrease" else "decrease"  # "reverses stress-induced reductions in X", not "blocking IL-1 prevents X"
    if direction == "modulates" and cue.text.lower().startswith("normali") and outcome.term.extra == "adverse":
        direction = "decrease"  # "normalizes depressive-like behaviour": symptoms brought back to normal are fewer
    if direction == "modulates" and reversal and CONTEXT.harm_on.match(text[cue.end : outcome.start]):
        direction = "decrease" if outcome.term.extra == "adverse" else "increase"  # "reversed the effects of stress on the forced swim test"
    if direction == "modulates" and CONTEXT.effect_noun.search(cue.text) and CONTEXT.effect_topic.before(text, cue.start, parts.clause.start):
        return []  # "the preventive effect of app-based CBT-I on MDD was consistent ...": a topic, no effect found
    if cue.term.category in DIRECTIONS and direction in ("increase", "decrease") and outcome.term.category != "unlisted" and CONTEXT.deficit_after.after(text, outcome.end):
        direction = "increase" if direction == "decrease" else "decrease"  # "protects against grey matter loss"; "improved memory deficits" needs no flip
    negated = (
        negated_before_cue(text, parts.clause.start, cue, parts.negations)
        or (cue.term.category == "no_effect" and cue.text.lower().startswith("no"))
        or bool(CONTEXT.but_not.before(text, outcome.start, parts.clause.start))
        or bool(CONTEXT.without.before(text, outcome.start, parts.clause.start))
        or bool(CONTEXT.no_before.before(text, outcome.start, max(parts.clause.start, cue.end)))
        or bool(CONTEXT.not_observed.after(text, outcome.end))
        or bool(CONTEXT.denied_association.before(text, cue.start, parts.clause.start))
        or bool(CONTEXT.trend_toward.before(text, cue.start, parts.clause.start))
    )
    if not negated and (
        (CONTEXT.effect_noun.search(cue.text) and CONTEXT.weak_effect.before(text, cue.start, parts.clause.start))
        or (CONTEXT.effect_noun.search(outcome.text) and CONTEXT.weak_effect.before(text, outcome.start, parts.clause.start))
    ):
        negated = True  # "poor efficacy for depression", "limited efficacy for anxiety", "failed ... due to lack of efficacy"
    verdict = _no_difference_verdict(text, parts.clause.start, cue, outcome.end) if direction in ("increase", "decrease") and not negated else None
    if verdict:
        negated = True  # "tested at two doses, failed to separate from placebo as a treatment in GAD": the verdict, not the indication
    if direction in ("increase", "decrease") and not negated and _not_significant_by_p(text, outcome.end, parts):
        negated = True  # "reduced depression risk by 34% vs. usual care (HR 0.66, p = 0.20)"
    if negated:
        direction = "no_effect"
    comparator = parts.comparators[0].term.name if parts.comparators else comparator_phrase(text, parts)
    rules = (f"cues.csv:{cue.term.name}",) if cue.term.name else ("extraction.reported_rate",)
    rules += ("negation",) if negated and not verdict else ()
    rules += ("extraction_context.yaml:no_difference_verdict",) if verdict else ()
    rules += ("hedge",) if parts.hedged else ()
    return [
        Statement(s.term, s.text, outcome.term, outcome.text, direction, condition, parts.hedged, negated, outcome.start, outcome.end, comparator,
                  cue.text or None, rules)
        for s in subjects
    ]


def _no_difference_verdict(text: str, clause_start: int, cue: Mention, outcome_end: int) -> re.Match | None:
    """A no-difference verdict in the cue's clause or the 'but ...' that follows it, when nothing in that stretch
    reports a significant result: 'found a slight decrease in IL-6 ..., but not a statistically significant
    difference'. A ';', 'whereas' or 'while' starts another result; a verdict after the outcome applies only when
    'but' hands it straight on ('..., but phase 3 trials failed to separate' has a subject of its own)."""
    end = CONTEXT.result_break.search(text, cue.end)
    stretch = text[clause_start : end.start() if end else len(text)]
    if CONTEXT.significant_result.search(stretch):
        return None
    verdict = CONTEXT.no_difference_verdict.search(stretch)
    if verdict and clause_start + verdict.start() >= outcome_end and not CONTEXT.verdict_follows_result.search(text[outcome_end : clause_start + verdict.start()]):
        return None
    return verdict


def unique(statements: list[Statement]) -> list[Statement]:
    seen: set[tuple] = set()
    unique = []
    for s in statements:
        key = (s.intervention.name, s.outcome.name, s.direction, s.outcome_start)
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique
