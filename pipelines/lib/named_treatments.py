"""Treatments named by a generic head word: "folic acid supplementation", "schema therapy".

The vocabulary lists generic words ("supplementation", "therapy", "training") as synonyms of
broad terms so that a sentence about "supplementation" still has a subject. When the head
follows a listed treatment ("zinc supplementation"), it is part of that mention, not a second
subject. When it follows words the vocabulary lacks ("saffron supplementation", "schema
therapy", "dance movement therapy"), those words name a treatment of their own: it becomes an
unlisted intervention in the head's class with the head's term as parent, so the row names what
the review names and still rolls up.
"""

from __future__ import annotations

import re

from pipelines.lib.vocabulary import Mention, Term

DRUG_CLASS_HEADS = {  # "CRF receptor antagonists", "MAO-B inhibitors": a drug class named by what it acts on
    "antagonists", "antagonist", "agonists", "agonist", "inhibitors", "inhibitor", "blockers", "blocker", "modulators",
    "modulator", "enhancers", "antibodies", "antibody",
}
GENERIC_HEADS = {
    "supplementation", "supplements", "supplement", "therapy", "therapies", "treatment", "treatments", "training",
    "intervention", "interventions", "augmentation", "administration", "programme", "programmes", "program", "programs", "management",
    "psychotherapy", "stimulation", "practice", "practices", "counselling", "counseling",
}
_DELIVERY = {"online", "remote", "home-based", "face-to-face", "in-person", "telephone", "web-based", "internet-based", "smartphone", "mobile", "app-based", "video"}
_MODIFIERS = {
    "oral", "daily", "weekly", "adjunctive", "adjunct", "combined", "combination", "add-on", "long-term", "short-term",
    "chronic", "acute", "high-dose", "low-dose", "standard", "usual", "active", "sham", "intensive", "brief", "group",
    "individual", "early", "additional", "dietary", "nutritional", "pharmacological", "psychological", "behavioural",
    "behavioral", "medical", "clinical", "drug", "the", "a", "an", "this", "that", "these", "those", "their", "its", "of",
    "and", "or", "with", "in", "on", "for", "to", "by", "as", "at", "from", "after", "before", "during", "than", "both",
    "such", "any", "all", "other", "further", "new", "novel", "current", "conventional", "traditional", "first-line",
    "second-line", "maintenance", "continuation", "open-label", "randomized", "randomised", "controlled", "placebo",
    "monthly", "twice-weekly", "week", "weeks", "month", "months", "session", "sessions", "single", "repeated", "regular",
    "structured", "supervised", "home-based", "online", "remote", "face-to-face", "in-person", "formal", "specific",
    "targeted", "effective", "successful", "is", "are", "was", "were", "be", "been", "also", "but", "not", "no", "more",
    "less", "most", "first", "second", "trial", "trials", "receiving", "received", "given", "using", "plus", "alone",
    "concurrent", "concomitant", "antidepressant", "psychiatric", "mental", "health", "care", "based", "evidence-based",
    "following", "despite", "when", "while", "whereas", "although", "because", "if", "then", "thus", "therefore", "however",
    "moreover", "subsequent", "prior", "previous", "initial", "overall", "whether", "which", "who", "where", "how", "what",
    "via", "through", "without", "within", "between", "among", "across", "under", "over", "into", "per", "each", "every",
    "some", "many", "several", "few", "two", "three", "only", "even", "same", "similar", "different", "various", "common",
    "usual-care", "control", "comparison", "waitlist", "wait-list", "we", "our", "they", "it", "can", "may", "might", "will",
    "should", "could", "would", "has", "have", "had", "does", "do", "did", "patients", "participants", "people", "adults",
    "children", "adolescents", "women", "men", "older", "younger", "inpatient", "outpatient", "preventive", "prophylactic",
    "resulting", "ongoing", "existing", "remaining", "continuing", "increasing", "decreasing", "underlying", "corresponding",
}
_HEAD = re.compile(
    r"\b(?:" + "|".join(sorted((GENERIC_HEADS | DRUG_CLASS_HEADS) - {"psychotherapy", "practice", "practices", "administration", "stimulation"}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_HEAD_CLASS = {"supplementation": "dietary", "supplements": "dietary", "supplement": "dietary", "stimulation": "neuromodulation"} | {
    head: "pharmacological" for head in DRUG_CLASS_HEADS
}
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'-]*)(?:\s*\([\w-]+\))?([ -]+)$")  # "factor (CRF) receptor antagonists"


def unlisted_intervention(text: str, start: int, end: int, category: str, parent: str | None = None) -> Mention:
    """A treatment the vocabulary does not list, named by its own words (whitespace folded, lower case)."""
    words = text[start:end]
    return Mention(Term("intervention", re.sub(r"\s+", " ", words).lower(), category, parent, "unlisted"), start, end, words)


def attach_generic_heads(text: str, mentions: list[Mention]) -> list[Mention]:
    """Merge a generic head into the listed treatment before it, or name an unlisted treatment by the
    words before it. Other mentions pass through unchanged."""
    interventions = sorted((m for m in mentions if m.kind == "intervention"), key=lambda m: m.start)
    replaced: dict[int, Mention | None] = {}
    for i, m in enumerate(interventions):
        if m.text.lower() not in GENERIC_HEADS:
            continue
        previous = interventions[i - 1] if i > 0 else None
        if previous is not None and re.fullmatch(r"[ -]+", text[previous.end : m.start]) and id(previous) not in replaced:
            replaced[id(previous)] = Mention(previous.term, previous.start, m.end, text[previous.start : m.end])
            replaced[id(m)] = None
            continue
        start = _modifier_start(text, m.start, mentions)
        if start is not None:
            replaced[id(m)] = unlisted_intervention(text, start, m.end, m.term.category, m.term.name)
    kept = [m2 for m2 in (replaced.get(id(m), m) for m in mentions) if m2 is not None]
    kept = [_with_compound_modifier(text, m, kept) if m.kind == "intervention" else m for m in kept]
    named = [m for m in kept if m.kind == "intervention" and m.term.extra == "unlisted"] + _unlisted_heads(text, kept)
    listed = [m for m in kept if m.kind == "intervention" and m.term.extra != "unlisted"]
    named = [  # "a twelve-week programme of aerobic exercise": the listed treatment after the head names it
        n for n in named
        if not any(re.fullmatch(r"\s+(?:of|with|using|involving|combining)\s+(?:[\w-]+\s+){0,2}", text[n.end : o.start]) for o in listed if o.start >= n.end)
    ]
    kept = [m for m in kept if not (m.kind in ("outcome", "intervention") and m not in named and any(n.start <= m.start and m.end <= n.end and n != m for n in named))]
    return sorted(kept + [n for n in named if n not in kept], key=lambda m: m.start)


_COMPOUND_SUFFIXES = "led|based|delivered|guided|focused|supported|administered|assisted|centred|centered|oriented|informed|integrated"
_COMPOUND_MODIFIER = re.compile(
    rf"\b([A-Za-z][a-z]+-(?:{_COMPOUND_SUFFIXES})"
    r"|(?:[Oo]nline|[Rr]emote|[Ss]martphone|[Mm]obile|[Tt]elephone|[Vv]ideo))\s+$"
)


def _with_compound_modifier(text: str, mention: Mention, mentions: list[Mention]) -> Mention:
    """'Parent-led CBT', 'online parenting programmes': the words as written keep who delivers it and how; the term stays."""
    before = _COMPOUND_MODIFIER.search(text, max(0, mention.start - 40), mention.start)
    if before is None or any(o is not mention and o.start < mention.start and o.end > before.start(1) for o in mentions):
        return mention
    return Mention(mention.term, before.start(1), mention.end, text[before.start(1) : mention.end])


_TARGETED_HEADS = {"inhibitors", "inhibitor", "antagonists", "antagonist", "agonists", "agonist", "blockers", "blocker"}
_OF_TARGET = re.compile(  # "inhibitors of fatty acid amide hydrolase (FAAH), which ...": the target ends before a clause word
    r"\s+of\s+(?:the\s+)?(?P<target>[A-Za-z0-9][\w-]*(?:\s+[A-Za-z0-9][\w-]*){0,4}?)(?:\s*\([A-Za-z0-9-]+\))?"
    r"(?=\s*(?:[,;.)]|$|\s(?:which|that|in|on|to|for|with|and|or|was|were|is|are|has|have|had|may|might|can|could|also|[a-z]+ed)\b))"
)


def _unlisted_heads(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Horticultural therapy', 'laughter training': a head the vocabulary does not list, after naming words;
    'inhibitors of fatty acid amide hydrolase': a drug class named by its target after the head."""
    found = []
    for head in _HEAD.finditer(text):
        if any(o.start < head.end() and head.start() < o.end for o in mentions):
            continue
        start = _modifier_start(text, head.start(), mentions)
        if start is None and head.group().lower() in DRUG_CLASS_HEADS:  # "opioid antagonists": not the opioids themselves
            acted_on = next((o for o in mentions if o.kind == "intervention" and re.fullmatch(r"[ -]+(?:receptor\s+)?", text[o.end : head.start()])), None)
            start = acted_on.start if acted_on is not None else None
        if start is not None:
            found.append(unlisted_intervention(text, start, head.end(), _HEAD_CLASS.get(head.group().lower(), "unlisted")))
            continue
        target = _OF_TARGET.match(text, head.end()) if head.group().lower() in _TARGETED_HEADS else None
        if target is None or re.search(r"\b(?:an?|as)\s+$", text[max(0, head.start() - 6) : head.start()]):
            continue  # "Exercise acts as an inhibitor of inflammation" describes, it does not name a drug
        if any(o.kind == "condition" and o.start < target.end() and target.start() < o.end for o in mentions):
            continue
        name = f"{target.group('target')} {head.group()}".lower()
        found.append(Mention(Term("intervention", name, "pharmacological", None, "unlisted"), head.start(), target.end(), text[head.start() : target.end()]))
    return found


def _modifier_start(text: str, head_start: int, mentions: list[Mention]) -> int | None:
    """Where one to three naming words before a generic head begin, or None when there are none."""
    start = None
    position = head_start
    for _ in range(3):
        before = _WORD_BEFORE.search(text, 0, position)
        if before is None:
            break
        word = before.group(1)
        overlapping = [o for o in mentions if o.start < before.end(1) and before.start(1) < o.end]
        if any(o.kind == "intervention" for o in overlapping):
            return None  # "sleep extension programmes": the listed treatment already names it
        if overlapping and all(o.kind in ("outcome", "condition") for o in overlapping):
            start = position = before.start(1)  # "stress management training", "adherence programme", "insomnia treatment"
            continue
        if word.lower() in _DELIVERY and start is not None:
            return before.start(1)  # "Online caregiver programmes": how it is delivered is part of its name, and ends it
        initial_adjective = before.start(1) == 0 and word[:1].isupper() and word.lower().endswith("ed")  # "Unguided programmes"
        if word.lower() in _MODIFIERS or (re.search(r"(?:ed|ly)$", word.lower()) and "-" not in word and not initial_adjective) or word.isdigit() or any(o.start < before.end(1) and before.start(1) < o.end for o in mentions):
            break
        start = position = before.start(1)
    return start


_GERUND_START = re.compile(r"^\W*([A-Z][a-z]+ing)\b")
_NOT_ACTIONS = {
    "following", "including", "regarding", "according", "during", "notwithstanding", "concerning", "considering", "interestingly", "bring", "spring", "nothing", "something", "everything", "anything", "being", "having", "using",
    "understanding", "identifying", "determining", "knowing", "recognizing", "recognising", "examining", "investigating",
    "studying", "exploring", "assessing", "measuring", "comparing", "analysing", "analyzing", "testing", "evaluating",
    # adjectives that end in -ing
    "circulating", "increasing", "decreasing", "existing", "emerging", "growing", "underlying", "ongoing", "remaining",
    "resulting", "promising", "interesting", "surprising", "striking", "lasting", "long-lasting", "corresponding", "preceding",
    "surrounding", "neighbouring", "neighboring", "working", "functioning", "signalling", "signaling", "firing", "missing",
    "rising", "falling", "declining", "coexisting", "co-occurring", "recurring", "amazing",
    # nouns that end in -ing
    "imaging", "neuroimaging", "morning", "evening", "setting", "timing", "screening", "funding", "housing", "wellbeing",
    "building", "meeting", "finding", "findings", "hearing", "ageing", "aging", "sibling", "offspring", "wording", "ranking",
}


_REDUCING = {
    "reducing", "limiting", "decreasing", "restricting", "avoiding", "stopping", "discontinuing", "quitting", "withdrawing",
    "cutting", "lowering", "tapering", "minimizing", "minimising", "eliminating", "blocking", "inhibiting", "antagonizing",
    "antagonising", "suppressing", "silencing", "knocking",
}


def gerund_treatments(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Delaying school start times increases sleep duration', '..., while blocking interleukin-1 signalling
    prevents anhedonia': an action named by a gerund phrase that is a clause's subject is a treatment, even
    when no vocabulary term names it."""
    found = _gerund_at(text, 0, mentions)
    for boundary in _GERUND_CLAUSE.finditer(text):
        found += _gerund_at(text, boundary.end(), mentions)
    return found


_GERUND_INSIDE = re.compile(r"([a-z]+ing)\b")
_GERUND_CLAUSE = re.compile(r"(?:,\s+(?:while|whereas|and|but)|;|:)\s+(?=[a-z]+ing\b)")


def _gerund_at(text: str, offset: int, mentions: list[Mention]) -> list[Mention]:
    start = _GERUND_START.match(text, offset) if offset == 0 else _GERUND_INSIDE.match(text, offset)
    if start is None or start.group(1).lower() in _NOT_ACTIONS:
        return []
    compound = re.match(rf"[-‐](?!(?:{_COMPOUND_SUFFIXES})\b)", text[start.end(1) :])  # "Breathing-focused practices" is still an action
    if compound or any(m.kind != "cue" and m.start <= start.start(1) < m.end for m in mentions):
        return []  # "Resting-state connectivity", "Sleeping problems": the -ing word is part of a name, not an action
    return _gerund_phrase(text, offset, start, mentions, 1) or _gerund_phrase(text, offset, start, mentions, 0)


def _gerund_phrase(text: str, offset: int, start: re.Match, mentions: list[Mention], extra_words: int) -> list[Mention]:
    """The gerund phrase up to the first verb after its object's first one or two words ("Reducing extended
    shifts lowered", "suppressing ovulation stabilises")."""
    first_words = re.match(r"\S+(?:\s+\S+){0," + str(extra_words) + "}", text[start.end(1) :].lstrip())
    skip_to = start.end(1) + (len(text[start.end(1) :]) - len(text[start.end(1) :].lstrip())) + (first_words.end() if first_words else 0)
    verbs = [m for m in mentions if m.kind == "cue" and (m.term.extra or "").endswith(("verb", "verb form")) and m.start >= skip_to]  # "Reducing extended shifts lowered"
    if not verbs:
        return []
    cue = min(verbs, key=lambda m: m.start)
    phrase = text[start.start(1) : cue.start].rstrip()
    phrase = re.split(r"\s(?:has|have|had|is|are|was|were|can|may|might|could|will|would|seems?|appears?|tends?|also|significantly|consistently)\b", phrase)[0]
    if re.search(r"\b(?:how|whether|why|what|which|that|who)\b", phrase, re.IGNORECASE):
        return []
    if re.fullmatch(r"\S+\s+(?:it|them|this|these|those|its\s+\S+|their\s+\S+)", phrase, re.IGNORECASE):
        return []  # "restoring it normalizes ...": the treatment is the one named before, not a new one
    if re.match(r"\S+\s+(?:during|in|on|at|for|with|by|from|into|after|before|early|late|across|among)\b", phrase, re.IGNORECASE):
        return []  # "Intervening during adolescence": no object, no treatment named
    acts_on_named = (
        start.group(1).lower() in _REDUCING  # "Reducing screen time improves mood": the reduction is the treatment
        or (offset == 0 and not any(m.kind == "intervention" and m.start < cue.start for m in mentions))  # "Training attention ..."; "Improving sleep" keeps sleep
    )
    if any(m.kind in ("intervention", "outcome", "condition", "control") and offset <= m.start < cue.start for m in mentions) and not acts_on_named:
        return []
    if not (1 <= len(phrase.split()) <= 9) or re.search(r"[,;:()]", phrase):
        return []
    phrase_end = start.start(1) + len(phrase)
    if any(m.kind == "cue" and (m.term.extra or "").endswith(("verb", "verb form")) and start.end(1) < m.start < phrase_end and not m.text.lower().endswith("ed") for m in mentions):
        return []
    if re.search(r"\b(?:studies|study|trials?|research|data|findings|evidence|results|analyses|reports|scans|work|literature)$", phrase, re.IGNORECASE):
        return []  # "Neuroimaging studies report ...": who reports, not what treats
    return [unlisted_intervention(text, start.start(1), start.start(1) + len(phrase), "unlisted")]


_SUBJECT_PHRASE = re.compile(
    r"\W*((?:[Tt]he\s+)?(?:[A-Z][\w'-]*\s+){1,5}[A-Z][\w'-]*|[A-Za-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)"
    r"(?:\s+(?:by|with|from|among|for)\s+(?:[A-Za-z][\w-]*\s+){0,2}[a-z][\w-]*)?"  # "Telephone calls by trained volunteers lowered"
    r"(?:\s*,\s*(?:however|in contrast|by contrast|moreover|though|therefore|in turn|for example)\s*,)?\s+"
    r"(?:(?:[a-z]+ly|also|further|can|may|might|could|has|have|been|does|did|do|not|helps?|helped|serves?|served|appears?|seems?|tends?|to)\s+)*$"
)
_NOT_TREATMENT_WORDS = {
    "the", "this", "these", "those", "such", "its", "their", "it", "they", "we", "our", "patients", "participants", "people",
    "individuals", "subjects", "adults", "children", "adolescents", "women", "men", "studies", "study", "trials", "trial",
    "research", "evidence", "data", "findings", "results", "meta-analyses", "meta-analysis", "reviews", "review", "authors",
    "brain", "hippocampus", "amygdala", "cortex", "neurons", "cells", "genes", "gene", "mice", "rats", "animals", "rodents",
    "stress", "trauma", "adversity", "inflammation", "age", "ageing", "aging", "sex", "gender", "genetics", "depression",
    "anxiety", "disorder", "disorders", "illness", "disease", "symptoms", "severity", "risk", "levels", "activity",
    "changes", "alterations", "abnormalities", "deficits", "loss", "reduction", "increase", "both", "each", "all", "many",
    "most", "some", "several", "neither", "either", "one", "two", "treatment", "treatments", "therapy", "therapies",
    "intervention", "interventions", "approach", "approaches", "medication", "medications", "drugs", "response", "responders",
    "beyond", "despite", "although", "while", "after", "before", "during", "in", "on", "at", "for", "with", "without", "by",
    "from", "to", "through", "across", "among", "besides", "unlike", "like", "overall", "however", "thus", "therefore",
    "moreover", "furthermore", "finally", "first", "second", "here", "there", "now", "today", "recently", "notably",
    "importantly", "interestingly", "surprisingly", "similarly", "likewise", "conversely", "instead", "indeed", "also",
    "additionally", "together", "collectively", "as", "if", "when", "whether", "because", "since", "yet", "but",
    "use", "uses", "exposure", "administration", "dose", "doses", "dosing", "infusion", "infusions", "session", "sessions",
    "course", "courses", "effect", "effects", "benefit", "benefits", "improvement", "improvements", "gains", "outcomes",
    "that", "which", "who", "what", "whose", "replications", "replication", "cohorts", "cohort", "surveys", "experiments",
    "observations", "reports", "investigators", "researchers", "clinicians", "guidelines", "later", "earlier",
    "microglia", "cytokines", "astrocytes", "macrophages", "monocytes", "lymphocytes", "immune", "bacteria", "microbes",
    "hormones", "receptors", "enzymes", "proteins", "factors", "factor", "variants", "polymorphisms", "lesions",
    "users", "user", "volunteers", "veterans", "students", "respondents", "members", "caregivers", "mothers", "parents",
    "infants", "workers", "clients", "report", "describe", "note", "show", "find", "say", "claim",
}


def subject_phrase_treatment(text: str, mentions: list[Mention]) -> list[Mention]:
    """'Telepsychiatry produces outcomes comparable to in-person care', '..., and service dogs reduce PTSD
    symptoms': a short noun phrase the vocabulary does not know, standing as a clause's subject right before a
    direction verb, is what acts."""
    verbs = [m for m in mentions if m.kind == "cue" and (m.term.extra or "").endswith(("verb", "verb form")) and m.term.category not in ("hedge", "negation")]
    found: list[Mention] = []
    starts = [0] + [b.end() for b in _CLAUSE_START.finditer(text)]
    for clause_start in starts:
        cue = min((v for v in verbs if v.start >= clause_start), key=lambda m: m.start, default=None)
        if cue is None or any(m.kind != "cue" and clause_start <= m.start < cue.start for m in mentions):
            continue
        match = _SUBJECT_PHRASE.match(text, clause_start, cue.start)
        if match is None or (clause_start == 0 and not match.group(1)[:1].isupper()):
            continue
        phrase = match.group(1)
        titled = re.match(r"(?:the|The)\s+((?:[A-Z][\w-]*\s+){1,5}[A-Z][\w-]*)$", phrase)
        if titled:  # "The Early Start Denver Model improved ...": a named programme
            phrase = titled.group(1)
        words = phrase.lower().split()
        if re.search(r"\b(?:these|this|those|such|their|its|it|they)\b", text[match.start(1) : cue.start], re.IGNORECASE):
            continue  # "feedback from these devices": the earlier treatment acts
        if any(m.kind == "cue" and match.start(1) <= m.start < match.end(1) for m in mentions) or (words[-1].endswith("ed") and "-" not in words[-1]):
            continue  # "later replications failed to show": a verb, not a name
        if set(words) & _NOT_TREATMENT_WORDS or words[-1].endswith("ly") or words[-1] in _FUNCTION_WORDS:
            continue
        if set(words) & _AUXILIARIES:
            continue  # "IL-10 are decreased": a passive's patient (what changed), not an agent
        if len(words) == 1 and words[0].endswith("ing"):
            continue  # a lone gerund is an action, read by gerund_treatments
        if len(words) == 1 and re.search(r"(?:able|ible|al|ive|ous|ic|ful|less|ant|ent)$", words[0]):
            continue  # "durable benefit requires ...": an adjective, not a treatment
        offset = match.start(1) + (titled.start(1) if titled else 0)
        for part in re.finditer(r"[^\s](?:.*?[^\s])?(?=\s+(?:and|or)\s+|$)", phrase):  # "Buprenorphine and methadone maintenance": two
            if part.group().lower() in ("and", "or"):
                continue
            name = re.sub(r"^(?:and|or)\s+", "", part.group(), flags=re.IGNORECASE)
            start = offset + part.end() - len(name)
            found.append(unlisted_intervention(text, start, start + len(name), "unlisted"))
    return found


_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "or", "with", "in", "on", "for", "to", "by", "at", "from"}
_AUXILIARIES = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "does", "do", "did"}


_CLAUSE_START = re.compile(r"(?:,\s+(?:and|but|whereas|while)|;|\s+whereas)\s+")
