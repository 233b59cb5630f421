"""Outcomes the vocabulary does not list, read as the noun phrase a direction verb acts on.

"D-cycloserine enhanced extinction retention" states a finding even though "extinction
retention" is in no vocabulary file. When a clause has an intervention as subject and a
direction cue ("enhanced", "reduction in") followed by words that name no listed outcome, the
short noun phrase after the cue becomes the outcome, with domain `unlisted`, so the row
exists and an analyst sees which terms to add to outcomes.csv. The phrase stops at the words
that end a noun phrase (prepositions other than "of", conjunctions, verbs, punctuation), and
coordinated phrases give one outcome each ("lowered panic symptoms and agoraphobic avoidance").
"""

from __future__ import annotations

import re

from pipelines.lib.vocabulary import Mention, Term

UNLISTED_DOMAIN = "unlisted"
MAX_WORDS = 6

_LEADING = re.compile(
    r"\s*(?:(?:the|a|an|their|its|his|her|our|this|these|those|both|overall|greater|significant(?:ly)?|marked(?:ly)?|modest(?:ly)?|"
    r"small|large|larger|substantial(?:ly)?|further|also|clinically|meaningful|robust(?:ly)?|rapid(?:ly)?|slight(?:ly)?|"
    r"considerabl[ey]|dramatic(?:ally)?|sustained|lasting|long-term|short-term|measurable|some|more|less|moderate(?:ly)?|mild(?:ly)?|"
    r"strong(?:ly)?|notable|clear(?:ly)?|consistent(?:ly)?|partial(?:ly)?|longer|shorter|faster|slower|higher|lower|"
    r"(?:many|several|most|all|much|few|each|both|some)(?:\s+of)?(?:\s+(?:these|those|the|its|their))?)\s+)*",
    re.IGNORECASE,
)
_MEASURES = {"levels", "level", "concentrations", "concentration", "scores", "score", "values", "value", "ratings", "rating", "amounts", "amount", "days"}
_LEADING_MEASURES = _MEASURES | {"size", "number", "proportion", "frequency", "severity", "intensity", "magnitude", "duration"}
_DEFICIT_VERBS = {"reverse", "rescue", "target", "augment"}  # "reversing age-related loss": a deficit; "targeting the cingulate": a site
_OBJECT_ROLES = {"increase", "decrease", "improve", "worsen", "modulates", "no_effect"}
_ENDS_WITH_PREPOSITION = re.compile(r"\b(?:in|of|on|to|from|against)$", re.IGNORECASE)
_AFTER_NOUN_CUE = re.compile(r"\s*(?:in|of|on|to)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’\-–]*|[0-9]+[A-Za-z][\w\-]*")
_STOP_WORDS = {
    "in", "on", "at", "for", "with", "by", "after", "before", "during", "following", "among", "amongst", "across", "within",
    "from", "to", "via", "through", "over", "under", "versus", "vs", "than", "compared", "relative", "when", "while", "whereas",
    "although", "though", "but", "which", "that", "who", "whom", "as", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "and", "or", "nor", "not", "into", "up", "down", "until", "without", "beyond", "despite", "per", "where",
    "if", "because", "since", "so", "thereby", "then", "only", "even", "both", "either", "more", "less", "most", "least",
    "it", "them", "they", "this", "those", "these", "there", "here", "such", "whether", "how", "why", "what", "about",
    "against", "between", "toward", "towards", "around", "like", "unlike", "including", "especially", "particularly",
    "may", "might", "can", "could", "would", "should", "will", "did", "does", "do", "appears", "appear", "appeared", "seems",
    "seem", "seemed", "tends", "tend", "tended", "remains", "remained", "also", "partly", "partially", "mainly", "largely",
    "mostly", "primarily", "possibly", "probably", "perhaps", "presumably", "directly", "indirectly",
    "later", "earlier", "again", "thereafter", "afterwards", "subsequently", "soon", "quickly", "slowly", "steadily",
    "sharply", "gradually", "further", "faster", "slower", "sooner", "quicker", "however", "therefore", "moreover", "instead", "indeed", "nevertheless",
}
_GENERIC_HEADS = {
    "effect", "effects", "benefit", "benefits", "outcome", "outcomes", "patient", "patients", "participant", "participants",
    "people", "individuals", "adults", "children", "adolescents", "subjects", "women", "men", "group", "groups", "levels",
    "level", "change", "changes", "measures", "measure", "scores", "score", "findings", "results", "role",
    "impact", "way", "ways", "extent", "degree", "number", "amount", "one", "others", "trial", "trials", "study",
    "studies", "evidence", "data", "time", "weeks", "months", "years", "hours", "minutes", "dose", "doses", "treatment", "treatments",
    "therapy", "therapies", "intervention", "interventions", "sessions", "session", "response", "responses", "efficacy",
    "agents", "agent", "strategy", "strategies", "option", "options", "drugs", "drug", "medications", "compounds", "approaches",
    "use", "processes", "process", "mechanisms", "mechanism", "term", "run", "period", "periods", "follow-up",
    "risk", "risks", "odds", "likelihood", "chance", "chances", "resting", "baseline", "basal", "peak",
}


def unlisted_outcomes(text: str, span_end: int, cue: Mention, occupied: list[Mention], stops: list[Mention], listed: list[Mention]) -> list[Mention]:
    """Noun phrases after a direction cue, up to span_end; a listed mention there is stepped over."""
    if not opens_object(cue):
        return []
    position = cue.end
    if (cue.term.extra or "") == "noun" and not _ENDS_WITH_PREPOSITION.search(cue.text):
        link = _AFTER_NOUN_CUE.match(text, position)
        if link is None:
            return []
        position = link.end()
    found: list[Mention] = []
    for _ in range(4):
        lead = _LEADING.match(text, position, span_end)
        start = lead.end() if lead else position
        named_here = next((m for m in occupied if m.start == start), None)
        if named_here is not None:
            end = named_here.end
        else:
            end = _noun_phrase_end(text, start, span_end, occupied, stops)
            if end is None:
                stepped = next((m for m in occupied if start < m.start < span_end and re.fullmatch(r"(?:[\w-]+\s+){1,2}", text[start : m.start])), None)
                if stepped is None:
                    break
                end = stepped.end  # "food cravings and binge episodes": step over the listed phrase to the next one
            else:
                words = _WORD.findall(text[start:end])
                named = _without_measures([w.lower() for w in words])
                if named and named[-1] in _GENERIC_HEADS:
                    break  # "a larger trial, however, found ...": the cue qualified a study, no list of outcomes follows
                if named and not (len(named) == 1 and named[0].endswith("ed")) and not _modifies_listed(text, end, span_end, listed) and not _shares_listed_head(text, end, named, listed):
                    found.append(unlisted_outcome(text, start, end, named))
        coordination = re.match(r"\s*(?:,\s*)?(?:and|or|as well as|,)\s+", text[end:span_end])
        if coordination is None:
            break
        position = end + coordination.end()
    return found


def _shares_listed_head(text: str, end: int, named: list[str], listed: list[Mention]) -> bool:
    """'psychic and somatic anxiety': a lone adjective coordinated with another before a listed noun shares its head."""
    if len(named) != 1 or not re.search(r"(?:ic|al|ive|ous)$", named[0]):
        return False
    link = re.match(r"\s+(?:and|or)\s+[A-Za-z][\w-]*\s+", text[end:])
    return link is not None and any(m.start == end + link.end() for m in listed)


def _without_measures(words: list[str]) -> list[str]:
    """'glutathione levels' and 'levels of glutathione' both name glutathione."""
    while words and words[-1] in _MEASURES:
        words = words[:-1]
    while len(words) > 1 and words[0] in _LEADING_MEASURES:
        words = words[1:]
        while len(words) > 1 and words[0] in ("of", "the"):
            words = words[1:]
    return words


def opens_object(cue: Mention) -> bool:
    """Cues after which the thing changed is named: verbs, participles ("led to reduced"), nouns with
    their preposition ("reduction in"), "no effect on"; not "effects of" (what follows acts)."""
    if cue.term.category not in _OBJECT_ROLES or cue.term.name in _DEFICIT_VERBS:
        return False
    part = cue.term.extra or ""
    words = cue.text.lower()
    if part in ("verb", "verb form"):
        return True
    if part == "adjective":
        return bool(re.search(r"(?:ed|er)$", words))
    if part == "noun":
        return not re.search(r"\b(?:effects?|benefits?|release)\s+of$", words)
    if part == "phrase":
        return bool(_ENDS_WITH_PREPOSITION.search(words) or words.endswith("ing"))
    return False


def _modifies_listed(text: str, end: int, span_end: int, occupied: list[Mention]) -> bool:
    """'activity in the amygdala', 'expression of BDNF': the phrase is a property of a listed outcome."""
    for m in occupied:
        if m.kind == "outcome" and end <= m.start < min(span_end, end + 40):
            gap = text[end : m.start]
            if not re.search(r",|;|\band\b|\bor\b|\bthan\b|\bcompared\b|\bversus\b|\bassociated\b|\blinked\b|\brelated\b|\bdue\b|\bcaused\b", gap):
                return True
    return False


def _noun_phrase_end(text: str, start: int, span_end: int, occupied: list[Mention], stops: list[Mention]) -> int | None:
    """Where a short noun phrase starting at start ends; None when there is none, or when it only
    modifies a listed mention ("hippocampal BDNF")."""
    end = cursor = previous_end = start
    count = 0
    after_of = False
    for match in _WORD.finditer(text, start, span_end):
        if (cursor > start and not re.fullmatch(r"\s+|-", text[cursor : match.start()])) or (cursor == start and match.start() != start):
            break  # "reduced 24 hours after": a phrase starts with its first word
        if any(m.start <= match.start() < m.end for m in occupied):
            return None
        word = match.group().lower()
        if any(c.start <= match.start() < c.end for c in stops):
            break
        if word == "of" or (after_of and word == "the"):
            after_of = word == "of"
            cursor = match.end()
            continue
        if word in ("the", "a", "an") and count >= 1:
            return previous_end if previous_end > start else None  # "cortisol accompany the illness": the last word was a verb
        if word in _STOP_WORDS or (count >= 1 and word.endswith("ed") and "-" not in word):
            break  # "burnout faded": a verb after the noun ends the phrase
        after_of = False
        count += 1
        if count > MAX_WORDS:
            return None
        previous_end = end
        end = cursor = match.end()
    if count == 1 and text[start:end].lower().endswith("ly") and text[start:end].lower() not in _NOUNS_IN_LY:
        return None  # "improved markedly": an adverb, not a thing
    if re.search(r"-(?:induced|related|dependent|associated|mediated|evoked|elicited)$", text[start:end], re.IGNORECASE):
        return None  # "attenuated the stress-induced rise in IL-6": a modifier whose noun is a cue
    return end if end > start else None


_NOUNS_IN_LY = {"family", "supply", "anomaly", "assembly", "ally", "bully", "belly", "rally", "monopoly", "homily"}
_HEADS_OF_LISTED = {
    "levels", "level", "symptoms", "symptom", "expression", "activity", "activation", "release", "signalling", "signaling",
    "secretion", "synthesis", "production", "function", "functioning", "volume", "volumes", "density", "connectivity",
    "severity", "scores", "score", "total", "totals", "subscales", "intensity", "response", "responses", "reactivity", "quality", "markers", "marker",
    "receptors", "receptor", "transmission", "neurotransmission", "pathway", "pathways", "system", "systems", "network",
    "networks", "circuit", "circuits", "circuitry", "metabolism", "turnover", "concentrations", "concentration", "uptake",
    "binding", "availability", "rates", "rate", "ratings", "measures", "outcomes", "domains", "gene", "genes", "mrna",
    "protein", "proteins", "values", "index", "indices", "axis", "output", "tone", "load", "burden", "status", "changes",
    "deficits", "problems", "difficulties", "disturbances", "complaints", "episodes", "scales", "scale", "subscale", "items",
    "patterns", "parameters", "efficiency", "architecture", "continuity", "duration", "latency", "onset", "time", "dose",
    "inhibition", "blockade", "antagonism", "stimulation", "agonism", "modulation", "enhancement", "suppression", "reduction",
    "reductions", "increase", "increases", "decrease", "decreases", "loss", "deficiency", "dysfunction", "dysregulation",
    "impairment", "elevation", "upregulation", "downregulation", "normalization", "normalisation", "improvement", "improvements",
    "hyperactivity", "hypoactivity", "abnormalities", "alterations", "variability", "recovery", "remission", "relapse",
}


def extend_modifiers(text: str, outcomes: list[Mention], occupied: list[Mention], stops: list[Mention]) -> list[Mention]:
    """'pain catastrophizing', 'pain acceptance': a listed outcome that only modifies the noun after it names
    something else, read as an unlisted outcome; 'BDNF levels' or 'pain intensity' keep the listed term."""
    extended = []
    for m in outcomes:
        head = re.match(r"(?: |-)([a-z][a-z'-]{3,})\b", text[m.end : m.end + 40])
        if head is None or head.group(1) in _HEADS_OF_LISTED or head.group(1) in _STOP_WORDS or head.group(1) in _GENERIC_HEADS or head.group(1).endswith("ed"):
            extended.append(m)
            continue
        start = m.end + head.start(1)
        if any(o.start <= start < o.end for o in occupied + stops if o is not m):
            extended.append(m)
            continue
        end = _noun_phrase_end(text, start, min(len(text), start + 80), [o for o in occupied if o is not m], stops)
        if end is None:
            extended.append(m)
            continue
        extended.append(unlisted_outcome(text, m.start, end, [w.lower() for w in _WORD.findall(text[m.start : end])]))
    return extended


_ADVERSE_HEADS = {
    "symptoms", "symptom", "complaints", "problems", "difficulties", "deficits", "impairment", "impairments", "distress",
    "disturbance", "disturbances", "dysfunction", "burden", "severity", "attacks", "episodes", "malaise",
}


def unlisted_outcome(text: str, start: int, end: int, words: list[str]) -> Mention:
    """An outcome the vocabulary lacks, named by its own words, in the domain analysts filter on; one named as
    symptoms or problems is adverse, so 'worsen' raises it and 'improve' lowers it."""
    polarity = "adverse" if words and words[-1] in _ADVERSE_HEADS else None
    return Mention(Term("outcome", " ".join(words), UNLISTED_DOMAIN, None, polarity), start, end, text[start:end])
