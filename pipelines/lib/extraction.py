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

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.lib.clauses import HEDGING_INTRODUCERS, Clause, split_clauses
from pipelines.lib.drug_names import described_drugs, unlisted_drugs
from pipelines.lib.named_treatments import attach_generic_heads, gerund_treatments, subject_phrase_treatment
from pipelines.lib.regions import absorb_loci, coordinated_regions, located_outcome
from pipelines.lib.unlisted_outcomes import extend_modifiers, unlisted_outcome, unlisted_outcomes
from pipelines.lib.vocabulary import Mention, Term, Vocabulary
from pipelines.reading.citations import CitationMark

DIRECTIONS = ("increase", "decrease", "no_effect", "modulates")
IMPLICIT_OUTCOME = "treatment response"
_GENERIC_TO_SPECIFIC = re.compile(
    r"^\s*(?:[\w-]+\s*){0,3}?,?\s*\(?\s*(?:such as|including|particularly|especially|e\.\s?g\.,?|notably|like|namely|specifically|in particular|for example|for instance)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"^\W*(?:(?:\w+ly|however|moreover|furthermore|additionally|also|in addition|similarly|likewise|together|thus|therefore|in turn|importantly)\W+)*"
    r"(?:(?:long-term|chronic|prolonged|regular|repeated|continued|daily|their|its|habitual|heavy)\s+use\b|"
    r"(?:these|this|such|those|both|the(?:se)?\s+two)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:tools?|interventions?|treatments?|therapies|therapy|approaches|approach|drugs?|agents?|medications?|compounds?|techniques?|"
    r"practices?|programmes?|programs?|applications?|apps?|strategies|strategy|methods?|modalities|modality|substances?|"
    r"regimens?|protocols?|platforms?|supplements?|activities)\b|(?:at\s+)?(?:higher|lower|high|low|larger|smaller|repeated|single|multiple|moderate)\s+doses?\b|"
    r"(?:an?|the|one|repeated|single|multiple|weekly|daily|further)\s+(?:[\w-]+\s+){0,2}?(?:infusions?|injections?|doses?|administrations?|sessions?)\b|(?:it|they)\b|(?:its|their)\s+(?:[\w-]+\s+)?(?:effects?|efficacy|benefits?|impact|actions?)\b)",
    re.IGNORECASE,
)
_BUT_NOT = re.compile(r"\b(?:but|and|yet|or)\s+not\s+(?:on\s+|in\s+|for\s+)?(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_ENDS_WITH_OF = re.compile(r"\b(?:of|with|from|between)$", re.IGNORECASE)
_FEW_WORDS = re.compile(r"^\s*(?:[\w-]+\s+){0,3}$")
_COMPARED_GAP = re.compile(r"^\s*(?:\d+(?:\.\d+)?\s*%\s+(?:in|with|for|among|of)\s+)?(?:[\w-]+\s+){0,3}$")  # "compared with 8% in the social support group"
_MODIFIER_SUFFIX = re.compile(r"^[-‐ ]?(?:induced|dependent|mediated|evoked|driven)\b|^[-‐](?:related|associated|specific|free|focused|focussed|oriented|centred|centered)\b", re.IGNORECASE)
_REVERSAL = re.compile(
    r"\b(?:revers(?:e|es|ed|ing)|prevent(?:s|ed|ing)?|attenuat(?:e|es|ed|ing)|block(?:s|ed|ing)?|counteract(?:s|ed|ing)?|rescu(?:e|es|ed|ing)|"
    r"normali[sz](?:e|es|ed|ing)|mitigat(?:e|es|ed|ing)|ameliorat(?:e|es|ed|ing)|protect(?:s|ed|ing)? against|restor(?:e|es|ed|ing))\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_AUGMENTED = re.compile(r"\b(?P<noun>effects?|efficacy|benefits?|response|outcomes?)\s+(?:of|to)\s+(?:the\s+)?$", re.IGNORECASE)
_TIMING = re.compile(  # "yohimbine given before exposure sessions": when the first treatment is given, not a second actor
    r"\b(?:given|administered|delivered|taken|applied|added|used)?\s*(?:before|prior to|ahead of|during|between|after)\s+(?:the\s+|an?\s+|each\s+|every\s+)?$",
    re.IGNORECASE,
)
_INDIRECT_QUESTION = re.compile(r"^\W*(?:(?:but|and|yet)\s+)?(?:how|whether|why)\b", re.IGNORECASE)
_POPULATION = r"\b(?:patients|participants|individuals|people|subjects|those|adults|children|adolescents|women|men|cases|persons|subgroups?|subsets?)\s+"
_SUBGROUP = re.compile(_POPULATION + r"(?:who\s+(?:had|have|showed|show)|with|whose)\s+(?:[\w-]+,?\s+){0,4}$", re.IGNORECASE)  # "greatest in patients with elevated BMI"
_SUBGROUP_CUE = re.compile(_POPULATION + r"(?:who\s+(?:had|have)|with)\s+$", re.IGNORECASE)
_DESCRIBES = re.compile(  # "guided self-help based on CBT principles": CBT says what the self-help is
    r"(?:\b(?:based on|derived from|informed by|adapted from|grounded in|rooted in|modell?ed on|inspired by|drawing on|rich in|high in|low in|enriched with|supplemented with)\s+(?:the\s+)?(?:principles of\s+)?"
    r"(?:[\w-]+\s+and\s+)?"
    r"|\b(?:track|monitor|measure|record|assess|detect|quantify|log)(?:s|ed|ing)?\s+(?:[\w-]+\s+(?:and|or)\s+)?"
    r"|\b(?:that|which)\s+(?:deliver|provide|offer|use|include|combine|incorporate|teach|integrate|contain|feature|employ|involve)s?\s+"
    r"(?:[\w-]+\s+(?:or\s+|and\s+)?){0,3}?)$",
    re.IGNORECASE,
)
_BASE_TREATMENT = re.compile(  # "L-methylfolate added to an SSRI": the SSRI is what the subject is added to
    r"(?:\b(?:added to|adjunct(?:ive)? to|add-on to|on top of|augmentation of|augmenting|on a background of)\s+(?:(?:an?|the|ongoing|stable|existing|current)\s+)*(?:[\w-]+\s+){0,3}"
    r"|\badding\s+(?:an?\s+|the\s+)?[\w-]+(?:\s+[\w-]+)?\s+to\s+(?:an?\s+|the\s+)?"
    r"|\bcombin(?:ing|ed)\s+[\w-]+(?:\s+[\w-]+)?\s+with\s+(?:an?\s+|the\s+)?"
    r"|\bcombined\s+with\s+(?:an?\s+|the\s+)?)$",
    re.IGNORECASE,
)
_QUALIFIES_CONDITION = re.compile(r"^-(?:resistant|refractory|naive|naïve|treated|induced|related|associated|responsive|nonresponsive)\b", re.IGNORECASE)
_WITHOUT = re.compile(r"(?<!intervals )(?<!interval )(?<!time )(?<!periods )(?<!period )(?<!days )(?<!weeks )(?<!months )(?<!years )(?<!survival )\bwithout\s+(?:any\s+|the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)  # "effects without NMDA receptor inhibition"
_OF_ANOTHER = re.compile(r"^\s+(?:metabolites?|analogues?|analogs?|derivatives?|enantiomers?|precursors?|withdrawal|discontinuation|abuse|misuse|dependence)\b", re.IGNORECASE)
_OTHER_RESPONSE = re.compile(  # "startle responses", "anxiety-related responses", "BOLD responses": not a treatment response
    r"(?:-(?:related|evoked|induced|elicited|potentiated)|\b(?:startle|stress|immune|inflammatory|neural|bold|hemodynamic|haemodynamic|"
    r"physiological|autonomic|emotional|fear|threat|amygdala|behaviou?ral|conditioned|reward|skin|galvanic|cardiovascular|pupil|pupillary|"
    r"awakening|electrodermal|cortical|brain|neuronal|hormonal|endocrine))\s+$",
    re.IGNORECASE,
)
_GENERIC_AGENT = re.compile(  # "processing speed was improved after repeated infusions": the treatment just named
    r"\b(?:by|after|following|with|during)\s+(?:the\s+|a\s+|an\s+)?(?:(?:single|repeated|further|additional|serial|weekly|daily|"
    r"subsequent|multiple|several|consecutive|successive|ongoing|continued)\s+)?(?:infusions?|sessions?|doses?|administrations?|courses?|injections?|exposures?)\b"
    r"|\b(?:after|following|with|during)\s+(?:\d+|[a-z]+)\s+(?:days?|weeks?|months?|years?|sessions?)\s+of\s+(?:training|treatment|therapy|practice|supplementation|stimulation|use)\b",
    re.IGNORECASE,
)
_BARE_EFFECT = re.compile(r"^\W*(?:the\s+)?(?:effects?|benefits?|improvements?|changes?|results?)\s+(?:on|in|for)\b", re.IGNORECASE)  # "..., although effects on CRP were inconsistent"
_CONTINUED_FINDING = re.compile(  # "Increases in grey matter volume ... have also been documented": more of the same treatment's findings
    r"\b(?:has|have|had)\s+(?:also|likewise|similarly)\s+been\s+(?:documented|reported|observed|shown|found|described|demonstrated)\b",
    re.IGNORECASE,
)
_STIMULUS = re.compile(r"\b(?:reactivity|responses?|sensitivity|resilience|vulnerability|reactions?|exposure)\s+to\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_OTHER_VERB = re.compile(
    r"(?:[\w-]+\s+){1,5}?(?:in\s+turn\s+)?(?:predicts?|predicted|correlates?|correlated|mediates?|mediated|explains?|explained|"
    r"accounts?\s+for|accounted\s+for|depends?|depended|varies|varied|differs?|differed|persists?|persisted|emerges?|emerged)\b",
    re.IGNORECASE,
)
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|can|may|will|would|could|should|does|do|did)\b", re.IGNORECASE)
_DEFICIT_AFTER = re.compile(r"^[\s-]+(?:loss|atrophy|decline|deficits?|shrinkage|thinning|reductions?)\b", re.IGNORECASE)
_SMALL_VERDICT = re.compile(
    r"^\s+(?:(?:is|was|are|were|remains?|remained|appears?|seems?)\s+(?:only\s+|very\s+|rather\s+)?(small|modest|limited|minimal|negligible|weak|marginal|unclear|inconsistent|mixed|equivocal|inconclusive)"
    r"|(faded|waned|disappeared|dissipated|did not persist|were not sustained|was not sustained))\b",
    re.IGNORECASE,
)
_SMALL_EFFECT = Term("cue", "(small effect)", "no_effect", None, "adjective")
_GOOD_EFFECT = Term("cue", "(beneficial effect)", "improve", None, "adjective")
_BAD_EFFECT = Term("cue", "(harmful effect)", "worsen", None, "adjective")
_EFFECT_QUALITY = re.compile(
    r"\b(?:(?P<good>beneficial|positive|protective|favou?rable|therapeutic|salutary|larger|greater|smaller|stronger|weaker|modest|moderate|"
    r"significant|small|large|robust|marked|clear|lasting|sustained)|(?P<bad>detrimental|negative|harmful|deleterious|damaging|toxic))\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_EXPECTATION = re.compile(r"\b(?:was|were|is|are|had been|has been|have been)\s+(?:originally\s+|initially\s+|widely\s+)?(?:expected|hoped|intended|designed|predicted|anticipated)\s+to\b", re.IGNORECASE)
_SUBGROUP_NOUN = re.compile(r"\b(?:in|among|for|of)\s+(?:the\s+)?(?:early\s+|late\s+|full\s+|partial\s+)?$", re.IGNORECASE)
_RISK_EXPOSURE = re.compile(
    r"^\s+to\s+(?:(?:high|chronic|early|prenatal|repeated|severe|childhood|early-life|elevated|excess|excessive)\s+)*(?:levels\s+of\s+)?"
    r"(?:stress|stressors|cortisol|glucocorticoids?|trauma|traumatic events?|adversity|violence|abuse|pollution|alcohol|toxins?|infections?|cannabis|drugs|"
    r"war|warfare|armed conflict|conflict|combat|torture|displacement|disasters?|natural disasters?|terrorism|bullying|discrimination|racism|poverty|neglect|maltreatment|"
    r"social media|screens?|smartphones?|pesticides?|heavy metals?|lead|air pollution|heat|"
    r"(?:morning\s+|bright\s+|natural\s+)?(?:light|sunlight|daylight)|nature|green\s+spaces?|noise)\b"
    r"(?!\s+(?:memories|memory|reminders|narratives?|cues|stimuli|situations|scripts?|imagery))",
    re.IGNORECASE,
)
_THAN_WITH = re.compile(r"\bthan\s+(?:with|after|for|following|during)\b", re.IGNORECASE)  # "but dropout rates are higher than with moderate exercise"
_MEDIUM = re.compile(r"[-‐](?:guided|delivered|supported|enabled|administered|led|monitored)\s+(?:[\w-]+\s+){0,1}", re.IGNORECASE)
_CORRELATES_WITH = re.compile(r"\bcorrelat(?:ed|es|ing)\s+(?:(?:positively|negatively|strongly|closely|inversely)\s+)?with\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)  # "this phase advance correlated with clinical improvement"
_CIRCUMSTANCE = re.compile(r"\b(?:after|following|before|prior to|(?:disrupted|induced|caused|triggered|impaired|damaged|provoked|elicited)\s+by)\s+(?:an?\s+|the\s+)?(?:(?:acute|chronic|repeated|prolonged|severe|early)\s+)?$", re.IGNORECASE)  # "restores neurogenesis after stress"
_HARM_ON = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?(?:stress|stressors?|trauma|adversity|defeat|deprivation|isolation|inflammation|ageing|aging|injury|lesions?)\s+on\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_EFFECTS_OF = re.compile(r"\beffects?\s+of\s+(?:(?:acute|chronic|repeated|prolonged|severe|early)\s+)?$", re.IGNORECASE)  # "the effects of stress on ...": a cause
_TASK_CONTEXT = re.compile(r"\bduring\s+(?:an?\s+|the\s+)?$", re.IGNORECASE)
_TASK_NAME = re.compile(r"^\s+(?:tasks?|paradigms?)\b", re.IGNORECASE)
_OF_SUBJECT = re.compile(r"^\s*(?:of|with|from)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_THEN_PREDICATE = re.compile(
    r"^[\s,]*(?:[\w-]+\s+){0,4}?(?:was|were|is|are|remained|remains|has been|have been|had been|did|does|do|became|appeared|seemed)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_STUDY_SUBJECT = re.compile(
    r"^\W*(?:[\w-]+\W+){0,3}?(?:studies|study|trials?|meta-analys[ie]s|reviews?|evidence|data|results|findings|research|experiments|analysis|"
    r"investigations|reports|replications?|analyses|users|patients|participants|volunteers)\b(?:\W+[\w-]+){0,2}?\W+(?:confirmed|showed|shown|found|reported|report|describe|described|demonstrated|revealed|replicated|failed|"
    r"indicated|suggest(?:ed|s)?|support(?:ed|s)?|document(?:ed|s)?|observed|show|find|demonstrate|replicate|confirm|detect)\b",
    re.IGNORECASE,
)
_PASSIVE_AGENT = re.compile(
    r"^[^\w,;]*(?:[\w-]+\s+){0,3}?(?:by|after|following|with|on|in response to|during|in patients receiving|in those receiving)\s+"
    r"(?:(?:the|a|an)\s+)?(?:(?:single|repeated|one|two|three|first|second|course of|brief|daily|weekly|continuation|maintenance|adjunctive|acute|low-dose|high-dose|intravenous|oral|continued)\s+)?"
    r"(?:(?:[\w-]+\s+)?(?:weeks?|months?|days?|years?|sessions?|doses?|courses?|infusions?|treatment|programmes?|programs?)\s+(?:of|with)\s+(?:(?:the|a|an)\s+)?)?$",
    re.IGNORECASE,
)
_NOT_ONLY = re.compile(r"\bnot\s+only\b", re.IGNORECASE)
_CONDITION_GAP = re.compile(
    r"^[\s,]*(?:(?:the|of|in|symptoms|symptom|severity|and|or|but|not|both|comorbid|severe|mild|moderate|major|chronic|clinical|co-occurring|"
    r"risk|risks|incidence|incident|onset|new-onset|development|likelihood|odds|rates?|prevalence|recurrent|recurrence|episodes?|frequency|number|occurrence|duration|"
    r"subsequent|later|future|new|course|emergent|treatment-emergent|post-stroke|poststroke|developing|acute|generali[sz]ed|social|clinical-level|subthreshold|subsyndromal|caregiver|carer|maternal|paternal|parental|student|staff|child|childhood|youth|adolescent|paediatric|pediatric|psychotic|melancholic|atypical|anxious|postpartum|perinatal|geriatric|late-life|residual|"
    r"treatment-resistant|refractory|persistent|state|trait|self-reported|self-rated|clinician-rated|reported|perceived|subjective)\s+)*"
    r"(?:[a-z]+(?:ic|al|ive|ous)\s+(?:(?:and|or)\s+[a-z]+(?:ic|al|ive|ous)\s+)?)?$",  # "psychic and somatic anxiety"
    re.IGNORECASE,
)
_COORDINATION = re.compile(
    r"^\s*(?:,\s*)?(?:and|or|as well as|but not|and not|,)\s*(?:the\s+)?(?:(?:comorbid|co-occurring|concurrent|secondary|residual|subthreshold|subclinical|mild|moderate|severe|chronic)\s+)*$",
    re.IGNORECASE,
)
_EFFICACY_WORDS = re.compile(r"effective|efficacious|superior|inferior|outperform|better|benefit|advantage|separate|differentiate|results", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_NOMINAL_HEAD = re.compile(r"(?:supplementation|augmentation|treatment|therapy|pharmacotherapy|intervention)s?$", re.IGNORECASE)
_WITH = re.compile(r"\s+(?:with|using|of)\s+(?:the\s+|a\s+)?", re.IGNORECASE)
_ASSISTED = re.compile(r"[\s-]*(?:assisted|augmented|facilitated|based)\s+", re.IGNORECASE)
_COPULA = re.compile(r"\b(?:is|are|was|were|remains?|remained|represents?|constitutes?|becomes?|serves? as|acts? as)\b", re.IGNORECASE)
_TREATMENT_FOR = re.compile(
    r"\b(?:treat(?:ment|ments|ing)?|therap(?:y|ies)|interventions?|options?|management|approach(?:es)?)\s+(?:for|of|in)\s+"
    r"(?:the\s+)?(?:(?:patients|people|adults|individuals|children|adolescents)\s+with\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_TREATS = Term("cue", "(treatment for)", "treats")
_COMPARATOR_PHRASE = re.compile(r"^\s*((?:(?!in\b|for\b|on\b|at\b|among\b|with\b)[\w'-]+\s*){1,4})", re.IGNORECASE)
_EFFECT_NOUN = re.compile(r"\b(effects?|properties|efficacy|benefits?|actions?)\b", re.IGNORECASE)
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


_EXPOSURE_KIND = re.compile(
    r"\b(?:environmental|early-life|early|childhood|prenatal|perinatal|occupational|chronic|toxic|drug|alcohol|stress|trauma|traumatic|"
    r"adverse|life|social|noise|pollution|pollutant|chemical|smoke|tobacco|pesticide|heat)\s+$",
    re.IGNORECASE,
)


_DOSE = re.compile(
    r"^\W*(?:(?:an?|the|one|repeated|single|multiple|weekly|daily|further)\s+(?:[\w-]+\s+){0,2}?(?:infusions?|injections?|doses?|administrations?)\b"
    r"|(?:at\s+)?(?:higher|lower|high|low)\s+doses?\b)",
    re.IGNORECASE,
)


def names_a_dose(sentence: str) -> bool:
    """'A single infusion of 0.5 mg/kg reduced ...': the sentence is about doses of a treatment it does not name."""
    return bool(_DOSE.match(sentence))


def _drop_generic_and_repeats(mentions: list[Mention], text: str) -> list[Mention]:
    """'antidepressants, such as SSRIs' keeps SSRIs; 'cognitive therapy (CBT)' and 'MDMA-assisted psychotherapy' keep one mention."""
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.text.lower().endswith("exposure") and _RISK_EXPOSURE.match(text[m.end : m.end + 80]):
            continue  # "prolonged exposure to high cortisol": a risk, not exposure therapy
        if m.text.lower() in ("exposure", "exposures") and _EXPOSURE_KIND.search(text[max(0, m.start - 25) : m.start]):
            continue  # "environmental exposures", "early-life exposure"
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and _MEDIUM.fullmatch(text[m.end : following.start]):
            continue  # "wearable-guided sleep extension": the wearable is how the treatment is given
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if following is not None and following.kind == "intervention":
            gap = text[m.end : following.start]
            if _GENERIC_TO_SPECIFIC.match(gap) or (_NOMINAL_HEAD.search(m.text) and _WITH.fullmatch(gap)):
                continue
            if m.text.lower() == "exposure" and re.fullmatch(r"\s+to\s+(?:the\s+|an?\s+)?", gap):
                continue  # "exposure to SSRIs in pregnancy": the drug is the subject, not exposure therapy
        previous = kept[-1] if kept else None
        if previous is not None and previous.term == m.term and re.fullmatch(r"\s*\(\s*", text[previous.end : m.start]):
            continue
        if previous is not None and _ASSISTED.fullmatch(text[previous.end : m.start]):
            continue
        kept.append(m)
    return kept


def _drop_repeats(mentions: list[Mention], text: str) -> list[Mention]:
    """'brain-derived neurotrophic factor (BDNF)' and 'glycaemic control (HbA1c)' are one mention; in 'cortisol response' the
    response is cortisol's, not a treatment response."""
    kept: list[Mention] = []
    for m in mentions:
        if kept and kept[-1].term == m.term and re.fullmatch(r"\s*,?\s*(?:such as|including|e\.g\.,?|like)\s+", text[kept[-1].end : m.start]):
            continue  # "compensatory behaviours such as purging": the example is the same outcome
        if kept and re.fullmatch(r"\s*\(\s*", text[kept[-1].end : m.start]) and (kept[-1].term == m.term or re.match(r"\s*\)", text[m.end :])):
            continue  # "glycaemic control (HbA1c)": the bracket names how the outcome was measured
        if kept and m.text.lower() in ("response", "responses") and not text[kept[-1].end : m.start].strip():
            continue
        if m.text.lower() in ("response", "responses") and _OTHER_RESPONSE.search(text[max(0, m.start - 30) : m.start]):
            continue
        if m.text.lower() == "response" and re.search(r"\bin\s+$", text[max(0, m.start - 5) : m.start]) and re.match(r"\s+to\b", text[m.end :]):
            continue  # "activity in response to faces": when, not what
        kept.append(m)
    return kept


_AS_OUTCOME = {"sleep": "sleep quality", "physical activity": "functioning", "social engagement": "perceived social support", "cannabis": "substance use", "smoking cessation": "abstinence"}
_MEASURED_IN = re.compile(r"\b(?:plasma|serum|salivary|blood|circulating|urinary|CSF|cerebrospinal fluid|endogenous|peripheral)\s+$", re.IGNORECASE)
_MEASURED_AS = re.compile(r"\s+(?:levels?|concentrations?|secretion|output)\b", re.IGNORECASE)
_SUBSTANCE_CLASSES = {"pharmacological", "dietary"}


def _interventions_as_outcomes(interventions: list[Mention], found: list[Mention], text: str, vocabulary: Vocabulary) -> tuple[list[Mention], list[Mention]]:
    """'CBT-I improves sleep': an intervention word right after a direction cue, with another intervention
    before it, is what changes, not what acts."""
    outcomes = vocabulary.by_name("outcome")
    kept, converted = [], []
    cues = [c for c in found if c.kind == "cue" and cue_direction(c)]
    for m in interventions:
        if m.term.category in _SUBSTANCE_CLASSES and (_MEASURED_IN.search(text[: m.start]) or _MEASURED_AS.match(text[m.end :])):
            converted.append(_measured_substance(text, m))  # "increased plasma oxytocin": a level that changed, not a dose
            continue
        target = _AS_OUTCOME.get(m.term.name)
        governed = any(
            c.end <= m.start and (
                re.fullmatch(r"\s*(?:the\s+|their\s+|of\s+)?", text[c.end : m.start])
                or (re.fullmatch(r"\s*(?:the\s+|their\s+)?[\w-]+(?:\s+[\w-]+){0,2}\s*(?:,|,?\s+and|,?\s+or)\s+", text[c.end : m.start])
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
    before = _MEASURED_IN.search(text[: m.start])
    after = _MEASURED_AS.match(text[m.end :])
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
        copula = _COPULA.search(gap)
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
        c.end <= mention.start and c.term.marks_comparison and _COMPARED_GAP.match(text[c.end : mention.start])
        and not (c.text.lower().endswith("between") and not text[c.end : mention.start].strip())  # "no differences between X and Y": X is compared
        for c in cues
    )


def _negated(text: str, clause_start: int, cue: Mention, negations: list[Mention]) -> bool:
    """A negation shortly before the cue ("did not reduce"), or neither/nor anywhere before it."""
    window_start = max(clause_start, cue.start - 30)
    return any(
        (window_start <= n.start or n.text.lower() in ("neither", "nor")) and clause_start <= n.start < cue.start and not _NOT_ONLY.match(text[n.start :])
        for n in negations
    )


_UNDER_TEST = re.compile(  # "Neuromodulation is being tested as a way to change the circuits": an aim, not a finding
    r"\b(?:(?:is|are)\s+being|(?:has|have)\s+been)\s+(?:tested|studied|explored|investigated|evaluated|trialled|trialed|developed|proposed)\s+(?:as\s+(?:a|an)\s+(?:way|means|tool|strategy)\s+)?(?:to|for)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_ROLE_IN = re.compile(  # "microRNAs involved in synaptic plasticity", "circuits of attention", "survivors of violence": context, not what changed
    r"\b(?:(?:involved|implicated|important|required|critical|essential|necessary|crucial)\s+(?:in|for)"
    r"|(?:survivors?|victims?|witnesses|perpetrators)\s+of|(?:exposed|exposure)\s+to"
    r"|(?:circuits?|circuitry|networks?|systems?|regions?|areas?|pathways?)\s+(?:of|for|underlying|supporting|that support))\s+(?:the\s+|their\s+)?$",
    re.IGNORECASE,
)
_RATE_TAIL = re.compile(r"(?:\s+rates?)?\s+of\s+(?:(?:around|about|approximately|nearly|almost|over|up to|roughly)\s+)?\d", re.IGNORECASE)
_REPORTED_RATE = Term("cue", "(rate reached)", "increase", None, "phrase")
_AMOUNT_OF_WORK = re.compile(  # "a growing body of work", "an increasing number of studies": how much is known, not a finding
    r"\s+(?:body|bodies|number|amount|literature|evidence|interest|list|range|recognition|awareness|understanding|use)\b(?!\s+(?:weight|mass|image|temperature|composition))",
    re.IGNORECASE,
)
_POPULATION = re.compile(  # "therapeutic gains in patients": where the gains were seen, not what they were in
    r"\s+(?:(?:the|all|most|many|some|older|younger|young|adult|depressed|anxious)\s+)?(?:patients|participants|people|adults|children|adolescents|"
    r"women|men|individuals|subjects|mice|rats|animals|volunteers|veterans|students|users|those|responders|samples?|groups?)\b",
    re.IGNORECASE,
)
_ASSOCIATION_CUES = {"associated with", "linked to"}
_BEFORE_PREDICATE = re.compile(
    r"(?:\b(?:is|are|was|were|be|been|being|not|also|each|both|all|consistently|repeatedly|reliably|independently)|\w+ly|[,;(])\s*$", re.IGNORECASE
)


def _modifies_noun(text: str, cue: Mention) -> bool:
    """'the distress associated with hallucinations': a participle after a noun describes it, it asserts nothing."""
    return cue.text.lower() in _ASSOCIATION_CUES and bool(re.search(r"[a-z]\s+$", text[: cue.start])) and not _BEFORE_PREDICATE.search(text[: cue.start])


def _condition_with_own_verb(text: str, clause: Clause, mention: Mention, cues: list[Mention]) -> bool:
    """'Anxiety was reduced by CBT', '..., and depression improved': a condition in subject position whose own
    verb follows says its symptoms changed."""
    if not _SUBJECT_SLOT.search(text[clause.start : mention.start]):
        return False
    verb = next((c for c in cues if c.start >= mention.end), None)
    return (
        verb is not None and (verb.term.extra or "").endswith(("verb", "verb form")) and cue_direction(verb) is not None
        and bool(re.fullmatch(r"\s+(?:(?:is|are|was|were|has|have|had|been|be|being|also|further|significantly|markedly|substantially|rapidly|gradually)\s+){0,3}", text[mention.end : verb.start]))
    )


def _condition_cue(text: str, mention: Mention, cues: list[Mention]) -> Mention | None:
    """The cue that governs a condition directly, or None when the condition is only context."""
    before = [c for c in cues if c.end <= mention.start and cue_direction(c) and _CONDITION_GAP.match(text[c.end : mention.start])]
    if before:
        return before[-1]
    after = [c for c in cues if c.start >= mention.end and c.term.category == "treats" and re.fullmatch(r"[\s\w,-]{0,40}", text[mention.end : c.start])]
    return after[0] if after else None


def _augmented_phrase_start(text: str, clause: Clause, mention: Mention, cues: list[Mention]) -> int | None:
    """'enhanced the effects of exposure therapy', 'blunt the long-term benefits of exposure': a verb acting
    on another treatment's effect; the treatment named there is what is improved, not the subject.
    Returns where that effect phrase starts."""
    window_start = max(clause.start, mention.start - 40)
    phrase = _AUGMENTED.search(text[window_start : mention.start])
    if not phrase:
        return None
    noun_start = window_start + phrase.start("noun")
    for c in cues:
        is_verb = (c.term.extra or "").endswith(("verb", "verb form")) and cue_direction(c)
        if is_verb and c.end <= noun_start and re.fullmatch(r"\s*(?:the\s+)?(?:[\w-]+\s+){0,2}", text[c.end : noun_start]):
            return c.end
    return None


def _treated_group_acts(text: str, mention: Mention, qualifying: list[Mention], cues: list[Mention]) -> bool:
    """'Lithium-treated patients have larger hippocampal volumes': the treated group's treatment acts when it is
    the clause's first treatment and no other is named before the verb."""
    if not re.match(r"-treated\s+(?:patients|participants|people|animals|mice|rats|individuals|adults|children)\b", text[mention.end : mention.end + 25]):
        return False
    verb_at = next((c.start for c in cues if c.start > mention.end + 8 and c.term.category in DIRECTIONS + ("improve", "worsen")), len(text))
    return not any(q.start < mention.start or mention.end <= q.start < verb_at for q in qualifying)


_VERB_OUTCOMES = ("responded", "remitted", "relapsed")


def _names_a_subgroup(text: str, mention: Mention) -> bool:
    """'patients who responded to treatment', 'in remitted patients': an outcome's verb naming who, not what changed."""
    if mention.text.lower() not in _VERB_OUTCOMES:
        return False
    return bool(
        re.search(r"\b(?:who|that|which)\s+(?:had\s+|have\s+|subsequently\s+|later\s+)?$", text[max(0, mention.start - 25) : mention.start])
        or re.match(r"\s+(?:patients|participants|people|individuals|adults|women|men|mice|rats)\b", text[mention.end :])
    )


def _in_subgroup(text: str, clause: Clause, mention: Mention, cues: list[Mention]) -> bool:
    """'in patients with elevated BMI or inflammatory markers': the mention says who, not what changed."""
    window_start = max(clause.start, mention.start - 60)
    match = _SUBGROUP.search(text[window_start : mention.start])
    if match is None:
        return False
    return not any(window_start + match.start() <= c.start < mention.start and c.term.extra != "adjective" for c in cues)


def _clause_parts(text: str, clause: Clause, mentions: dict[str, list[Mention]], outcome_terms: dict[str, Term]) -> ClauseParts:
    inside = [m for m in mentions["intervention"] + mentions["control"] if clause.contains(m.start)]
    inside = [m for m in inside if not (_TIMING.search(text[max(clause.start, m.start - 40) : m.start]) and any(o.end <= m.start for o in inside))]
    cues = [
        c for c in mentions["cue"]
        if clause.contains(c.start) and not _SUBGROUP_CUE.search(text[max(clause.start, c.start - 40) : c.start])
        and not (c.start > 0 and text[c.start - 1] in "-‐") and not _QUALIFIES_CONDITION.match(text[c.end : c.end + 15])
        and not _modifies_noun(text, c)
        and not (c.term.extra == "noun" and c.text.lower().endswith(" in") and _POPULATION.match(text[c.end :]))
        and not (c.text.lower().endswith("ing") and _AMOUNT_OF_WORK.match(text[c.end :]))
        and not _UNDER_TEST.search(text[max(clause.start, c.start - 80) : c.start])
    ]  # "antipsychotic-induced weight gain", "treatment-resistant": modifiers, not claims
    qualifying = [m for m in inside if not _QUALIFIES_CONDITION.match(text[m.end : m.end + 15]) and not _OF_ANOTHER.match(text[m.end : m.end + 20])]
    treated_group = [m for m in inside if _treated_group_acts(text, m, qualifying, cues)]
    inside = sorted(qualifying + treated_group, key=lambda m: m.start)
    inside = [  # "During sleep the brain consolidates memories": the brain acts; sleep is when
        m for m in inside
        if not (re.search(r"\bduring\s+(?:[\w-]+\s+)?$", text[max(0, m.start - 20) : m.start], re.IGNORECASE)
                and re.match(r",?\s+(?:the\s+)?(?:brain|body|hippocampus|cortex|neurons|synapses)\b", text[m.end :], re.IGNORECASE))
    ]
    inside = [m for m in inside if not (m.text.lower().endswith("ing") and re.search(r"[A-Za-z][-‐]$", text[max(0, m.start - 2) : m.start]))]  # "rapid-cycling bipolar disorder"
    inside = [m for m in inside if not (_DESCRIBES.search(text[max(clause.start, m.start - 40) : m.start]) and any(o.end <= m.start for o in inside))]
    based = [m for m in inside if _BASE_TREATMENT.search(text[max(clause.start, m.start - 40) : m.start]) and any(o.end <= m.start for o in inside)]
    augmented_at = {m.start: _augmented_phrase_start(text, clause, m, cues) for m in inside}
    augmented = [m for m in inside if augmented_at[m.start] is not None]
    comparators = [m for m in inside if _is_comparator(text, m, cues) or m in augmented or m in based]
    comparators += [  # "superior to placebo plus antidepressant": the second part of the comparator arm
        m for m in inside
        if m not in comparators and any(0 < m.start - c.end <= 25 and re.fullmatch(r"\s+(?:plus|\+|with|and)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?", text[c.end : m.start]) for c in comparators + [x for x in mentions["control"] if clause.contains(x.start)])
    ]
    subjects = sorted((m for m in inside if m not in comparators), key=lambda m: m.start)
    subjects = _drop_predicates(subjects, cues, text)
    outcomes = [
        m for m in mentions["outcome"]
        if clause.contains(m.start) and not _MODIFIER_SUFFIX.match(text[m.end : m.end + 12]) and not _TASK_CONTEXT.search(text[max(0, m.start - 12) : m.start])
        and not _TASK_NAME.match(text[m.end : m.end + 12]) and not _in_subgroup(text, clause, m, cues)
        and not _STIMULUS.search(text[max(clause.start, m.start - 30) : m.start])
        and not (m.text.lower() in ("responders", "non-responders", "nonresponders", "remitters", "non-remitters") and _SUBGROUP_NOUN.search(text[max(clause.start, m.start - 20) : m.start]))
        and not _names_a_subgroup(text, m)
        and not _WHO_SUBGROUP.search(text[max(clause.start, m.start - 40) : m.start])  # "in patients who self-harm"
        and not re.search(r"\b(?:beyond\s+(?:its|their|the|that of|those of)?|than\s+(?:its|their))\s*(?:[\w-]+\s+)?$", text[max(clause.start, m.start - 30) : m.start])
        and not any(c.end <= m.start and re.fullmatch(r"\s*(?:the\s+|their\s+|its\s+)?", text[c.end : m.start]) and _modifies_noun(text, c) for c in mentions["cue"])
        and not _ROLE_IN.search(text[max(clause.start, m.start - 40) : m.start])
        and not _CIRCUMSTANCE.search(text[max(clause.start, m.start - 30) : m.start])
        and not _CORRELATES_WITH.search(text[max(clause.start, m.start - 40) : m.start])
        and not (_EFFECTS_OF.search(text[max(clause.start, m.start - 20) : m.start]) and re.match(r"\s+on\b", text[m.end :]))
    ]
    for m in mentions["condition"]:
        if not clause.contains(m.start) or m.term.extra not in outcome_terms:
            continue
        if any(o.start > m.end and re.fullmatch(r"[ -]+", text[m.end : o.start]) and o.text.lower() not in _GENERIC_OUTCOME_WORDS for o in outcomes):
            continue  # "the rate of depression remission": the condition names whose remission
        coordinated = any(o.end <= m.start and _COORDINATION.match(text[o.end : m.start]) for o in outcomes)
        treatment_for = _TREATMENT_FOR.search(text[max(clause.start, m.start - 80) : m.start])
        if treatment_for and (
            re.search(r"\b(?:other|alternative|additional|existing|available|standard|conventional|current|usual)\s+$", text[max(clause.start, m.start - 120) : m.start - len(treatment_for.group())])
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
        return frequency, (subjects if parts.inherited else named or [m for m in subjects if m.start >= frequency.end and _PASSIVE_AGENT.match(text[frequency.end : m.start])][:1])
    if parts.inherited:
        before = [c for c in cues if c.end <= outcome.start]
        if not before:  # "processing speed was even improved after repeated infusions", "..., and depression improved"
            own = _own_verb(text, outcome, parts)
            if own is not None:
                return own, subjects
            following = next((c for c in cues if c.start >= outcome.end), None)
            return (following if following is not None and _THEN_PREDICATE.match(text[outcome.end : following.start]) else None), subjects
        return _absolute_phrase(text, outcome, _verdict(text, outcome, before[-1], cues)), subjects
    own = _own_verb(text, outcome, parts)
    before_outcome = [m for m in subjects if m.end <= outcome.start]
    if own is not None and before_outcome:
        return own, before_outcome  # "After a night without sleep, amygdala reactivity increases and connectivity weakens"
    after_noun = next(
        (c for c in cues if c.start >= outcome.end and re.fullmatch(r"\s{0,2}", text[outcome.end : c.start])
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
             and (cue.term.category == "treats" or re.fullmatch(r"\s*(?:[\w-]+\s+){0,3}?(?:in|at|for)\s+", text[c.end : cue.start]))),
            None,
        )
        if verdict is not None and not any(verdict.end <= c.start < cue.start for c in cues if c.term.category in ("increase", "decrease", "improve", "worsen")):
            cue = verdict  # "MBSR was non-inferior to escitalopram for treating anxiety disorders": no difference
    if cue is not None and cue.term.category == "treats" and re.match(r"\s*without\b", text[cue.end : outcome.start]):
        return None, []  # "patients prefer treatments without side effects": a wish, not a finding
    cue = _absolute_phrase(text, outcome, cue)
    if cue is not None:
        named = [m for m in subjects if m.end <= cue.start]
        if named:
            return cue, named
        of_subject = [
            m for m in subjects
            if cue.end <= m.start and m.end <= outcome.start
            and (_OF_SUBJECT.match(text[cue.end : m.start]) or (_ENDS_WITH_OF.search(cue.text) and _FEW_WORDS.match(text[cue.end : m.start])))
        ]
        if of_subject:
            return cue, of_subject[:1]
    following = next((c for c in cues if c.start >= outcome.end), None)
    anchor = following.end if following is not None and cue is None else outcome.end
    joined = cue if cue is not None else following
    direct = joined is not None and re.search(r"\b(?:with|by|after|following)$", joined.text, re.IGNORECASE)
    agent = next((m for m in subjects if m.start >= anchor and (_PASSIVE_AGENT.match(text[anchor : m.start]) or (direct and _FEW_WORDS.match(text[anchor : m.start]) and not text[anchor : m.start].strip()))), None)
    if agent is None and cue is not None and (cue.term.extra or "") == "noun":  # "Increases in NAA ... have been observed ... after lithium administration"
        agent = next((m for m in subjects if m.start >= outcome.end and _REPORTED_AFTER.search(text[outcome.end : m.start])), None)
    if agent is not None and (cue is not None or following is not None):
        return (cue if cue is not None else following), [agent]
    if cue is None and following is not None and _THEN_PREDICATE.match(text[outcome.end : following.start]) and before_outcome:
        return following, before_outcome
    if cue is None and before_outcome and _EFFECT_NOUN.search(outcome.text):
        return Mention(_HAS_EFFECT, outcome.start, outcome.start, ""), before_outcome
    return cue, []


_WHO_SUBGROUP = re.compile(r"\b(?:patients|people|individuals|those|participants|adolescents|adults|women|men|children|youth|veterans)\s+who\s+(?:(?:also|still|continue to|continued to|repeatedly)\s+)?$", re.IGNORECASE)
_NO_BEFORE = re.compile(  # "larger studies found no significant antidepressant benefit": the finding is its absence
    r"\b(?:found|showed|reported|observed|detected|produced|had|with)\s+no\s+(?:(?:significant|clear|meaningful|additional|further|reliable|consistent|detectable|measurable)\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_GENERIC_OUTCOME_WORDS = {"outcomes", "outcome", "symptoms", "symptom", "severity", "scores", "score", "ratings", "levels"}
_REPORTED_AFTER = re.compile(
    r"\b(?:observed|reported|found|documented|seen|shown|described|noted|detected|demonstrated)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:after|following|with|during|in response to|in patients (?:receiving|taking|treated with))\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_SUBJECT_SLOT = re.compile(
    r"(?:^|[,;:]|\band|\bwhile|\bwhereas|\bbut)\s*(?:the\s+|their\s+|its\s+)?"
    r"(?:(?:risk|rates?|levels?|severity|incidence|prevalence|frequency|number)\s+of\s+(?:the\s+)?)?$",
    re.IGNORECASE,
)
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|been|be|being)\b", re.IGNORECASE)


def _own_verb(text: str, outcome: Mention, parts: ClauseParts) -> Mention | None:
    """The verb an outcome is the subject of ('..., and cortisol fell'), when it stands in subject position
    and its verb follows within a few words, with no other outcome, comma or auxiliary in between."""
    slot = _SUBJECT_SLOT.search(text[parts.clause.start : outcome.start])
    if slot is None:
        return None
    verb = next((c for c in parts.cues if c.start >= outcome.end), None)
    if verb is None:
        return None
    gap = text[outcome.end : verb.start]
    noun_as_verb = (  # "the risk of self-harm increases in the longer term", not "cortisol increases in response were smaller"
        re.fullmatch(r"\w+s in", verb.text) is not None and not gap.strip()
        and not _AUXILIARY.search(text[verb.end : parts.clause.spans[-1][1]])
    )
    if not (verb.term.extra or "").endswith(("verb", "verb form")) and not noun_as_verb:
        return None
    and_at = parts.clause.start + slot.start()
    listed_before = any(0 <= and_at - o.end <= 2 for o in parts.outcomes if o is not outcome)
    if slot.group().strip().lower().startswith("and") and listed_before and not re.fullmatch(r"\s+(?:\w+ly\s+)?", gap):
        return None  # "reduced anxiety and loneliness in adults and increased oxytocin": loneliness is an object
    if "," in gap or len(gap.split()) > 8 or _AUXILIARY.search(gap) or any(outcome.end <= o.start < verb.start for o in parts.outcomes):
        return None
    return verb


def _absolute_phrase(text: str, outcome: Mention, cue: Mention | None) -> Mention | None:
    """'..., with adherence as the main limitation' names no effect; '..., with recovery rates of 65%' reports a
    rate reached, whatever the verb before the comma."""
    if cue is None or cue.end > outcome.start or not re.search(r",\s*with\b", text[cue.end : outcome.start]):
        return cue
    if re.match(r"\s+as\b", text[outcome.end :]):
        return None
    if _RATE_TAIL.match(text[outcome.end :]):
        return None if outcome.term.extra == "adverse" else Mention(_REPORTED_RATE, outcome.start, outcome.start, "")
    return cue


def _verdict(text: str, outcome: Mention, cue: Mention | None, cues: list[Mention]) -> Mention | None:
    """'its effect on comorbid depression was inconsistent': the predicate, not 'effect on', says the direction."""
    if cue is None or cue.term.category != "modulates" or (cue.term.extra or "") != "noun":
        return cue
    verdict = next((c for c in cues if c.start >= outcome.end and c.term.category == "no_effect" and _THEN_PREDICATE.match(text[outcome.end : c.start])), None)
    small = _SMALL_VERDICT.match(text[outcome.end : outcome.end + 40])
    if verdict is None and small:  # "its effect on positive symptoms is small", "its effects on burnout faded"
        group = 1 if small.group(1) else 2
        verdict = Mention(_SMALL_EFFECT, outcome.end + small.start(group), outcome.end + small.end(group), small.group(group))
    quality = _EFFECT_QUALITY.search(text[max(0, cue.start - 30) : cue.start]) if re.match(r"effects?\b", cue.text, re.IGNORECASE) else None
    if verdict is None and quality:  # "beneficial effects on mood", "smaller effects on burden": a benefit; "detrimental effects on sleep": harm
        verdict = Mention(_BAD_EFFECT if quality.group("bad") else _GOOD_EFFECT, cue.start, cue.end, cue.text)
    return verdict or cue


def _statements_for(text: str, outcome: Mention, cue: Mention, subjects: list[Mention], parts: ClauseParts, condition: str | None) -> list[Statement]:
    direction = cue_direction(cue, outcome)
    window = max(parts.clause.start, cue.start - 60)
    reversal = _REVERSAL.search(text[window : cue.start])
    if direction in ("increase", "decrease") and reversal and not any(s.start <= window + reversal.start() < s.end for s in subjects):
        direction = "increase" if direction == "decrease" else "decrease"  # "reverses stress-induced reductions in X", not "blocking IL-1 prevents X"
    if direction == "modulates" and cue.text.lower().startswith("normali") and outcome.term.extra == "adverse":
        direction = "decrease"  # "normalizes depressive-like behaviour": symptoms brought back to normal are fewer
    if direction == "modulates" and reversal and _HARM_ON.match(text[cue.end : outcome.start]):
        direction = "decrease" if outcome.term.extra == "adverse" else "increase"  # "reversed the effects of stress on the forced swim test"
    if cue.term.category in DIRECTIONS and direction in ("increase", "decrease") and outcome.term.category != "unlisted" and _DEFICIT_AFTER.match(text[outcome.end : outcome.end + 20]):
        direction = "increase" if direction == "decrease" else "decrease"  # "protects against grey matter loss"; "improved memory deficits" needs no flip
    negated = (
        _negated(text, parts.clause.start, cue, parts.negations)
        or (cue.term.category == "no_effect" and cue.text.lower().startswith("no"))
        or bool(_BUT_NOT.search(text[max(parts.clause.start, outcome.start - 20) : outcome.start]))
        or bool(_WITHOUT.search(text[max(parts.clause.start, outcome.start - 40) : outcome.start]))
        or bool(_NO_BEFORE.search(text[max(parts.clause.start, cue.end, outcome.start - 40) : outcome.start]))
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


_DESCRIBED_SUBJECT = re.compile(
    r"^(?P<subject>\W*[^,;:]{1,80}?)(?P<link>,\s+(?:which|that|who)\s+|,\s+(?:an?|the)\s+[^,;:]{1,60}?\s+(?:that|which)\s+)", re.IGNORECASE
)
_MAIN_VERB_LATER = re.compile(r",\s+(?:[\w-]+\s+){0,2}?(?:is|are|was|were|has|have|had|remains|remained|becomes|became)\b", re.IGNORECASE)


def _described_subject_fragment(text: str, vocabulary: Vocabulary) -> str | None:
    """'SSRIs, which increase BDNF [4];' in a list, or 'D-cycloserine, a partial agonist that can enhance
    extinction': a fragment with no main verb makes its description the claim. The linking words are blanked
    (same length, so offsets hold) and the sentence is read again; None when the text is not such a fragment."""
    match = _DESCRIBED_SUBJECT.match(text)
    if match is None or _MAIN_VERB_LATER.search(text, match.end()):
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
        if _OTHER_VERB.match(text[position:]):
            return True  # ", and shorter sleep in turn predicts next-day mood": a clause of its own, with no claim
        if not any(c.start >= position for c in directional):
            return False
        own_subject = any(position <= m.start <= position + 4 for m in mentions["intervention"]) and bool(_FINITE.search(text[:position]))
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
        if _INDIRECT_QUESTION.match(clause.text(text)) or _EXPECTATION.search(clause.text(text)):
            continue  # "how talking therapies alter brain function has only recently been studied", "were expected to" claim nothing
        if parts.subjects and parts.cues and parts.subjects[0].start > parts.cues[0].start and _ANAPHOR.match(clause.text(text)):
            parts.subjects = []  # "they can impair extinction and reduce the benefit of exposure": "they" acts, exposure does not
        if not parts.subjects:
            if clause.kind in ("action", "coordinate") and main_subjects and not _names_own_subject(text, clause, parts, found):
                parts.subjects, parts.inherited = main_subjects, True
            elif (
                _ANAPHOR.match(clause.text(text)) or _STUDY_SUBJECT.match(clause.text(text)) or _pronoun_subject(text, clause, parts)
                or (clause.intro.lower() in ("but", "yet", "although", "though", "whereas", "while") and _THAN_WITH.search(clause.text(text)))
                or (clause.intro.lower() in ("but", "yet", "although", "though", "whereas", "while") and _BARE_EFFECT.match(clause.text(text)))
                or _GENERIC_AGENT.search(clause.text(text)) or _CONTINUED_FINDING.search(clause.text(text))
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


_PROTECTS = re.compile(r"\bprotect(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,2}?against\b", re.IGNORECASE)
_PROTECTS_CUE = Term("cue", "protects against", "decrease", None, "phrase")


def _protects_against(text: str, found: list[Mention]) -> list[Mention]:
    """'protected mice against social defeat stress': the words between do not hide the cue."""
    cues = []
    for m in _PROTECTS.finditer(text):
        if not any(f.kind == "cue" and f.start < m.end() and m.start() < f.end and f.term.category != "comparison" for f in found):
            cues.append(Mention(_PROTECTS_CUE, m.start(), m.end(), m.group()))
    return cues


_PEOPLE_SUBJECT = re.compile(r"\s*(?:the\s+|many\s+|most\s+|some\s+)?(?:patients|participants|people|users|women|men|children|adolescents)\s+", re.IGNORECASE)  # "..., but patients relapsed more often"
_CONTRASTIVE = ("but", "yet", "although", "though", "whereas", "while")


def _contrasted_outcome(text: str, clause: Clause, parts: ClauseParts) -> bool:
    """'X reduced anxiety, but depressive symptoms did not change': a contrasting clause whose subject is an
    outcome with its own verb reports the same treatment's other result, unless it names a control group."""
    if clause.intro.lower() not in _CONTRASTIVE or parts.comparators or not parts.outcomes:
        return False
    first = parts.outcomes[0]
    if _SUBJECT_SLOT.match(text[clause.start : first.start]) is None and not _PEOPLE_SUBJECT.fullmatch(text[clause.start : first.start]):
        return False
    following = next((c for c in parts.cues if c.start >= first.end), None)
    if _own_verb(text, first, parts) is not None or (following is not None and following.term.extra == "adverb" and not text[first.end : following.start].strip()):
        return True
    return following is not None and bool(_THEN_PREDICATE.match(text[first.end : following.start]))


def _names_own_subject(text: str, clause: Clause, parts: ClauseParts, found: list[Mention]) -> bool:
    """', and service dogs reduce PTSD symptoms': a bare noun phrase the vocabulary does not know stands right
    before the verb, so the clause has a subject of its own rather than the main clause's acting again."""
    if not parts.cues or clause.kind != "coordinate" or not (parts.cues[0].term.extra or "").endswith(("verb", "verb form")):
        return False
    lead = text[clause.start : parts.cues[0].start]
    bare = re.fullmatch(r"\s*(?:(?:also|then|further)\s+)?([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){1,2})\s+(?:(?:also|may|might|can|could|significantly)\s+)*", lead)
    if bare is None:
        return False
    words = bare.group(1).lower().split()
    named = any(clause.start <= m.start < parts.cues[0].start and m.kind in ("outcome", "condition", "intervention") for m in found)
    return not named and not (set(words) & _NOT_SUBJECT_WORDS)


_NOT_SUBJECT_WORDS = {
    "the", "this", "these", "those", "its", "their", "it", "they", "improvement", "improvements", "effect", "effects", "benefit",
    "benefits", "changes", "gains", "reductions", "response", "responses", "which", "that", "was", "were", "is", "are", "has", "have",
}


def _comparator_phrase(text: str, parts: ClauseParts) -> str | None:
    """The words after 'superior to' or 'compared with' when they name nothing in the vocabulary."""
    cue = next((c for c in parts.cues + parts.comparison_cues if c.term.marks_comparison), None)
    if cue is None:
        return None
    m = _COMPARATOR_PHRASE.match(text[cue.end :])
    return m.group(1).strip(" ,.;") or None if m else None


_PRONOUN = re.compile(r"\b(?:it|they|this treatment|this drug|this therapy|this intervention)\b", re.IGNORECASE)


def _pronoun_subject(text: str, clause: Clause, parts: ClauseParts) -> bool:
    """'...; in a small trial it was superior to placebo': a pronoun before the clause's first cue."""
    first_cue = parts.cues[0].start if parts.cues else None
    if first_cue is None:
        return False
    start = clause.start
    return bool(_PRONOUN.search(text[start:first_cue]))


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


_PASSIVE_PRONOUN = re.compile(
    r"^\W*(?:(?:but|and|yet|although|though|whereas)\s+)?(?:it|this|they|these)\s+(?:is|are|was|were|can be|could be|may be|might be|has been|have been)\s+"
    r"(?:[a-z]+ly\s+)?$",
    re.IGNORECASE,
)


def _objects(parts: ClauseParts) -> list[Mention]:
    """The outcomes a clause's cues act on; an outcome standing before every cue is the clause's subject."""
    if not parts.cues:
        return parts.outcomes
    return [o for o in parts.outcomes if o.end > parts.cues[0].start]


_RECOVERED_DEFICITS = re.compile(
    r"^\W*(?:(?:and|but|yet)\s+)?(?:these|such|those|the|this|both)\s+(?:[\w-]+\s+)?(?:deficits?|reductions?|losses|loss|decreases?|impairments?|abnormalities|changes)\s+"
    r"(?:(?:\w+ly|can|may|might|could|will|were|was|are|is|be)\s+){0,3}$",
    re.IGNORECASE,
)


_ANAPHORIC_OBJECT = re.compile(r"\s+(?:(?:these|those|both)\s+(?:[\w-]+\s+)?(?:processes|functions|mechanisms|measures|markers|outcomes)|them)\b", re.IGNORECASE)


def _anaphoric_objects(text: str, parts: ClauseParts, previous: list[Mention]) -> list[Mention]:
    """'..., whereas recovery sleep restores these processes': the object is the previous clause's objects."""
    if not previous:
        return []
    cue = next((c for c in parts.cues if (c.term.extra or "").endswith(("verb", "verb form")) and _ANAPHORIC_OBJECT.match(text, c.end)), None)
    return [Mention(m.term, cue.end, cue.end, m.text) for m in previous] if cue is not None else []


def _pronoun_outcomes(text: str, parts: ClauseParts, previous: list[Mention]) -> list[Mention]:
    """'Relapse is common, but it is substantially reduced by continuation therapy': the pronoun is the
    previous clause's outcome, and the passive agent is the treatment. '..., and these deficits largely
    recover after weight restoration': the deficits are the previous clause's outcomes."""
    if not previous or not parts.cues:
        return []
    cue = parts.cues[0]
    if cue.term.category in ("increase", "improve") and _RECOVERED_DEFICITS.match(text[parts.clause.start : cue.start]):
        return [Mention(m.term, cue.end, cue.end, m.text) for m in previous if m.term.extra != "adverse"]
    if not _PASSIVE_PRONOUN.match(text[parts.clause.start : cue.start]):
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
        about_efficacy = _EFFICACY_WORDS.search(cue.text) or (cue.term.marks_comparison and _EFFECT_NOUN.search(text[parts.clause.start : cue.start]))
        if not (about_efficacy and (cue.term.marks_comparison or cue.term.category in ("improve", "no_effect"))):
            continue
        if re.match(r"(?:better|more|less|faster|greater)\b", cue.text, re.IGNORECASE) and any(o.end <= cue.start for o in parts.outcomes):
            continue  # "prevented relapse better than usual care": the comparison qualifies the verb's outcome
        if re.search(r"\b(?:these|those|such)\s+$", text[max(0, cue.start - 8) : cue.start]):
            continue  # "and these benefits persisted": benefits already reported
        next_cue = next((c.start for c in parts.cues if c.start > cue.end and c.term.category != "treats" and not re.search(r"\b(?:in|at)\s+$", text[cue.end : c.start])), None)
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
