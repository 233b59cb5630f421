"""Stage 1 of reading a sentence, mentions: the vocabulary's terms in it, and what lies beyond the vocabulary
(unlisted drugs, generic heads, gerund treatments), with the mentions that name no actor here set aside
(a drug measured in plasma is an outcome; "antidepressants, such as SSRIs" keeps SSRIs)."""

from __future__ import annotations

from pipelines.evidence.context_rules import load_context_rules
from pipelines.lib.drug_names import code_named_drugs, described_drugs, unlisted_drugs
from pipelines.lib.named_treatments import attach_generic_heads, gerund_treatments, subject_phrase_treatment
from pipelines.lib.regions import absorb_loci, coordinated_regions
from pipelines.lib.unlisted_outcomes import extend_modifiers, unlisted_outcome
from pipelines.lib.vocabulary import Mention, Term, Vocabulary
from pipelines.reading.citations import CitationMark

CONTEXT = load_context_rules().patterns  # patterns are rules of rules/extraction_context.yaml, named by id
WORDS = load_context_rules().words


DIRECTIONS = ("increase", "decrease", "no_effect", "modulates")


def mask_citations(text: str, citations: list[CitationMark]) -> str:
    """Blank out citation marks so their digits never look like words; offsets stay put."""
    chars = list(text)
    for c in citations:
        chars[c.start : c.end] = " " * (c.end - c.start)
    return "".join(chars)


def names_a_dose(sentence: str) -> bool:
    """'A single infusion of 0.5 mg/kg reduced ...': the sentence is about doses of a treatment it does not name."""
    return bool(CONTEXT.dose.match(sentence))


def drop_generic_and_repeats(mentions: list[Mention], text: str) -> list[Mention]:
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


def drop_repeats(mentions: list[Mention], text: str) -> list[Mention]:
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


def interventions_as_outcomes(interventions: list[Mention], found: list[Mention], text: str, vocabulary: Vocabulary) -> tuple[list[Mention], list[Mention]]:
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


def drop_predicates(subjects: list[Mention], cues: list[Mention], text: str) -> list[Mention]:
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


def overlay(found: list[Mention], added: list[Mention], covers_cues: bool = True) -> list[Mention]:
    """Mentions found beyond the vocabulary, in order; what they cover gives way (cues too, unless told not to)."""
    kept = [f for f in found if not any(a.start <= f.start < a.end and (covers_cues or f.kind != "cue") for a in added)]
    return sorted(kept + added, key=lambda m: m.start)


def bare_comparative(text: str, cue: Mention, found: list[Mention]) -> bool:
    """'less depression' is a decrease; 'less neuroimaging attention' and 'less is known' are not: a bare 'less'
    counts only right before an outcome or condition."""
    if cue.text.lower() != "less":
        return False
    return not any(m.kind in ("outcome", "condition") and m.start > cue.end and not text[cue.end : m.start].strip() for m in found)


_PROTECTS_CUE = Term("cue", "protects against", "decrease", None, "phrase")


def protects_against(text: str, found: list[Mention]) -> list[Mention]:
    """'protected mice against social defeat stress': the words between do not hide the cue."""
    cues = []
    for m in CONTEXT.protects.finditer(text):
        if not any(f.kind == "cue" and f.start < m.end() and m.start() < f.end and f.term.category != "comparison" for f in found):
            cues.append(Mention(_PROTECTS_CUE, m.start(), m.end(), m.group()))
    return cues


def find_mentions(text: str, vocabulary: Vocabulary) -> tuple[list[Mention], dict[str, list[Mention]]]:
    """Every mention of the sentence in order, and the mentions by role: intervention, outcome, condition,
    control, cue, negation and hedge, with those that name no actor or outcome here set aside."""
    found = vocabulary.find(text)
    found = overlay(found, unlisted_drugs(text, found))
    found = overlay(found, code_named_drugs(text, found))
    found = attach_generic_heads(text, overlay(found, described_drugs(text, found)))
    found = overlay(found, gerund_treatments(text, found) or subject_phrase_treatment(text, found), covers_cues=False)
    found = overlay(found, protects_against(text, found))
    cues = [m for m in found if m.kind == "cue" and not bare_comparative(text, m, found)]
    mentions = {kind: [m for m in found if m.kind == kind] for kind in ("intervention", "outcome", "condition", "control")}
    mentions["intervention"] = [m for m in drop_generic_and_repeats(mentions["intervention"], text) if not (CONTEXT.names_receptor.after(text, m.end) and not CONTEXT.acts_on_receptor.before(text, m.start))]  # "opioid receptors"
    mentions["outcome"] = absorb_loci(text, drop_repeats(mentions["outcome"], text))
    mentions["outcome"] = extend_modifiers(text, mentions["outcome"], [m for m in found if m.kind != "cue"], cues)
    mentions["intervention"], as_outcomes = interventions_as_outcomes(mentions["intervention"], found, text, vocabulary)
    mentions["outcome"] = sorted(mentions["outcome"] + as_outcomes, key=lambda m: m.start)
    mentions["outcome"] = sorted(mentions["outcome"] + coordinated_regions(text, mentions["outcome"], vocabulary), key=lambda m: m.start)
    mentions["cue"] = cues
    mentions["negation"] = [c for c in cues if c.term.category == "negation"]
    mentions["hedge"] = [c for c in cues if c.term.category == "hedge"]
    return found, mentions
