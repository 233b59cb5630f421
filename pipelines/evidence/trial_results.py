"""Results as trial reports state them: arms compared, an outcome, and significance read from the
statistics ("HAM-D was lower in the tDCS group than in the sham group, p = 0.02"; "82% vs. 60%,
p = 0.14"; "no significant difference in sleep quality between the groups").

The vocabulary-driven extractor reads reviews' claims; a trial names its own arms ("group A", "the
intervention group", an unlisted drug code) and gives its direction in numbers. This reader learns
the arms an article compares, then reads each finding clause that states significance. Its words and
patterns are data (`rules/trial_results.yaml`); this module only puts them together.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules") / "trial_results.yaml"
MAX_CLAUSE = 600  # longer clauses are table dumps: not read


@dataclass(frozen=True)
class TrialRules:
    significant: re.Pattern
    not_significant: re.Pattern
    up: frozenset[str]
    down: frozenset[str]
    falling_heads: frozenset[str]
    magnitude_words: frozenset[str]
    further_comparative: re.Pattern
    arm_head: re.Pattern
    people_head: re.Pattern
    arm_tails: re.Pattern
    control: re.Pattern
    generic: frozenset[str]
    reference_markers: re.Pattern
    not_arm: frozenset[str]
    outcome_patterns: tuple[tuple[str, re.Pattern], ...]
    not_outcomes: re.Pattern
    not_results: re.Pattern
    anaphora: re.Pattern
    subgroup: re.Pattern
    within_group: re.Pattern
    structure: dict[str, re.Pattern]  # clause_break, trial_design, comparison_title, title_lead, title_end, p_value, list_separator
    raw: dict


def _words(items) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(sorted((re.escape(w) for w in items), key=len, reverse=True)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=2)
def load_trial_rules(path: Path = RULES_FILE) -> TrialRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("up", "down", "falling_heads", "magnitude_words", "control_words", "generic_arm_words", "not_arm_words"):
        odd = [w for w in data[key] if not isinstance(w, str)]
        if odd:  # YAML reads a bare no, yes, on or off as a boolean: quote it
            raise ValueError(f"{path.name}: {key} has entries that are not words: {odd!r}")
    sig = data["significance"]
    return TrialRules(
        significant=re.compile(sig["significant"]["pattern"], re.IGNORECASE),
        not_significant=re.compile(sig["not_significant"]["pattern"], re.IGNORECASE),
        up=frozenset(w.lower() for w in data["up"]),
        down=frozenset(w.lower() for w in data["down"]),
        falling_heads=frozenset(w.lower() for w in data["falling_heads"]),
        magnitude_words=frozenset(w.lower() for w in data["magnitude_words"]),
        further_comparative=re.compile(data["further_comparative"], re.IGNORECASE),
        arm_head=re.compile(data["arm_head"], re.IGNORECASE),
        arm_tails=re.compile(data["arm_tails"], re.IGNORECASE),
        people_head=re.compile(data["people_head"], re.IGNORECASE),
        control=_words(data["control_words"]),
        generic=frozenset(w.lower() for w in data["generic_arm_words"]),
        reference_markers=re.compile(data["reference_markers"], re.IGNORECASE),
        not_arm=frozenset(w.lower() for w in data["not_arm_words"]),
        outcome_patterns=tuple((o["id"], re.compile(o["pattern"], re.IGNORECASE)) for o in data["outcome_patterns"]),
        not_outcomes=re.compile(data["not_outcomes"], re.IGNORECASE),
        not_results=re.compile(data["not_results"], re.IGNORECASE),
        anaphora=re.compile(data["anaphora"], re.IGNORECASE),
        subgroup=re.compile(data["subgroup"]["pattern"], re.IGNORECASE),
        within_group=re.compile(data["within_group"], re.IGNORECASE),
        structure={name: re.compile(entry["pattern"], 0 if entry.get("case_sensitive") else re.IGNORECASE)
                   for name, entry in data["structure"].items()},
        raw=data,
    )


@dataclass(frozen=True)
class Arms:
    """The arms an article compares: specific names (most mentioned first) and its control."""

    treatments: tuple[str, ...]
    controls: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()  # (alias as written, arm): "SG" -> "symbiotic", "M" -> "group m"
    labels: tuple[tuple[str, str], ...] = ()  # (arm, what the article says it is): "group m" -> "mechanical pump (group M)"

    @cached_property
    def patterns(self) -> tuple[tuple[re.Pattern, str], ...]:
        """(pattern, arm) for every name and alias, longest first: compiled once per article, not per clause.
        A short alias matches only as written ("M", "SG"), never the word "m"."""
        alias_of = dict(self.aliases)
        found = []
        for name in sorted({*self.treatments, *self.controls, *alias_of}, key=len, reverse=True):
            short = name in alias_of and len(name) <= 3
            written = re.escape(name.upper() if short else name)
            found.append((re.compile(rf"(?<![\w-]){written}(?![\w-])", 0 if short else re.IGNORECASE), alias_of.get(name, name)))
        return tuple(found)

    def label(self, arm: str | None) -> str | None:
        return dict(self.labels).get(arm, arm) if arm else arm

    @property
    def main(self) -> str | None:
        return self.treatments[0] if self.treatments else None

    @property
    def control(self) -> str | None:
        return self.controls[0] if self.controls else None


_NAME = r"[A-Za-z0-9][\w\-+/.]*"
_BEFORE_HEAD = re.compile(rf"((?:{_NAME}\s){{0,2}}{_NAME})\s$")
_AFTER_GROUP = re.compile(r"^\s([A-Z0-9]{1,3})\b")


def _arm_phrase(words: str, rules: TrialRules) -> str | None:
    kept = []
    for w in reversed(words.split()):
        if w.lower() in rules.not_arm:
            break
        kept.insert(0, w)
    phrase = " ".join(kept).strip(".,")
    if not phrase or phrase[0].isdigit():  # "000 IU group", "10 placebo": a number, not an arm's name
        return None
    return phrase


def article_arms(texts: list[str], title: str | None = None, rules: TrialRules | None = None) -> Arms:
    """Arms named before 'group'/'arm' ('the tDCS group', 'ERT arm'), or after it ('group A'), counted
    over the article; control arms by their words; the title's treatment when no arm is named."""
    rules = rules or load_trial_rules()
    counts: Counter[str] = Counter()
    for text in texts:
        for tail in rules.arm_tails.finditer(text):
            before = _BEFORE_HEAD.search(text[max(0, tail.start() - 40) : tail.start()])
            phrase = _arm_phrase(before.group(1).split()[-1], rules) if before else None
            if phrase:
                counts[phrase.lower()] += 1
        for head in rules.arm_head.finditer(text):
            before = _BEFORE_HEAD.search(text[max(0, head.start() - 80) : head.start()])
            phrase = _arm_phrase(before.group(1), rules) if before else None
            after = _AFTER_GROUP.match(text[head.end() : head.end() + 6])
            if after and head.group().lower() in ("group", "arm"):
                phrase = f"{head.group().lower()} {after.group(1)}"
            if phrase and re.fullmatch(r"[A-Za-z0-9]{1,3}", phrase) and not rules.control.fullmatch(phrase):
                phrase = f"group {phrase}"  # "the M group" is "group M"
            if phrase:
                counts[phrase.lower()] += 1
    named = _title_treatment(title, rules)
    if named and named not in counts:  # the treatment the title names is an arm where the text names it again
        mentioned = sum(len(re.findall(rf"(?<![\w-]){re.escape(named)}(?![\w-])", t, re.IGNORECASE)) for t in texts)
        if mentioned >= 2:
            counts[named] = mentioned
    controls = [k for k, n in counts.most_common() if rules.control.search(k)]
    treatments = [k for k, n in counts.most_common() if n >= 2 and k not in controls and k.split()[-1] not in rules.generic]
    if not treatments and named:
        treatments = [named]
    if not treatments:  # "the intervention group" and "the control group" only: the generic arm is the tested one
        treatments = [k for k, n in counts.most_common() if n >= 2 and k not in controls and k.split()[-1] in rules.generic][:1]
    if not controls:
        joined = " ".join(texts[:40])
        control = rules.control.search(joined)
        controls = [control.group().lower()] if control else []
    arms = [*treatments[:6], *controls[:3]]
    aliases, labels = _aliases_and_labels(texts, arms)
    return Arms(tuple(treatments[:6]), tuple(controls[:3]), aliases, labels)


def _title_treatment(title: str | None, rules: TrialRules) -> str | None:
    """'Lithium as add-on to quetiapine XR in ...' -> 'lithium'; 'Trial of an Herbal Remedy (Valerian) for
    Insomnia' -> 'herbal remedy': the phrase after 'trial/effects of', up to 'for', 'in', 'versus', a comma."""
    if not title:
        return None
    lead = rules.structure["title_lead"].search(title)
    rest = re.sub(r"^(?:using|a|an|the)\s", "", title[lead.end() :] if lead else title.strip(), flags=re.IGNORECASE)
    end = rules.structure["title_end"].search(rest)
    phrase = rest[: end.start()].strip() if end else rest.strip()
    return phrase.lower() if phrase and len(phrase.split()) <= 6 else None


_LETTER_ARM = re.compile(r"^group ([a-z0-9]{1,3})$")


def _definition(text: str) -> str | None:
    """What a parenthesised arm name stands after: 'Patients were divided into a mechanical pump (Group M)' ->
    'mechanical pump'; none for counts, doses alone and pointers ('n = 47', 'see Figure 1')."""
    said = re.split(r"\.\s|\b(?:to|into|with|received|receiving|of|or|and|were|was)\s", text)[-1]
    said = re.sub(r"^(?:a|an|the|either)\s", "", said.strip(), flags=re.IGNORECASE)
    if not re.search(r"[A-Za-z]{3}", said) or re.match(r"(?:n\s?=|see\b|figure|table|fig\.|\d)", said, re.IGNORECASE):
        return None
    if re.search(r"\b\d+\s(?:patients|participants|subjects|children|women|men|cases|eyes)\b", said) or re.match(r"(?:while|whereas|other|remaining|rest)\b", said, re.IGNORECASE):
        return None  # "while the other 22 patients (group 2)": who, not what the arm received
    return said


def _aliases_and_labels(texts: list[str], arms: list[str]) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """What the article says a lettered arm is ('mechanical pump (group M)', 'Group A received ketamine') and
    the abbreviations it gives an arm ('symbiotic group (SG)')."""
    aliases: dict[str, str] = {}
    labels: dict[str, str] = {}
    joined = " ".join(texts)[:400_000]
    for arm in arms:
        letter = _LETTER_ARM.match(arm)
        if letter:
            x = re.escape(letter.group(1))
            aliases[letter.group(1)] = arm  # "the M group" after "Group M"
            for pattern in (
                rf"(?:^|[.;,:]\s|\b(?:with|to|received|receiving|of)\s)(?P<d>[A-Za-z][^,;()\[\]]{{2,60}}?)\s\((?:group\s{x}|{x}\sgroup|{x})\)",
                rf"\bgroup\s{x}\s\((?P<d>[^()]{{3,60}})\)",
                rf"\b(?:group\s{x}|{x}\sgroup)\s(?:received|was given|were given|underwent|was treated with|were treated with|got)\s(?P<d>[^,;.()]{{3,60}})",
            ):
                found = re.search(pattern, joined, re.IGNORECASE)
                said = _definition(found.group("d")) if found else None
                if said:
                    labels[arm] = f"{said} (group {letter.group(1).upper()})"
                    break
        else:
            for found in re.finditer(rf"\b{re.escape(arm)}\s(?:group|arm)\s\((?P<a>[A-Z][A-Za-z0-9+-]{{0,6}})\)", joined, re.IGNORECASE):
                aliases.setdefault(found.group("a").lower(), arm)
    return tuple(sorted(aliases.items())), tuple(sorted(labels.items()))


@dataclass(frozen=True)
class TrialResult:
    intervention: str
    comparator: str | None
    outcome: str
    direction: str  # increase, decrease or no_effect
    rule_ids: tuple[str, ...]
    cue_text: str
    outcome_start: int
    outcome_end: int
    subgroup: str | None = None  # "women", "patients with severe depression": a result for part of the sample


@dataclass(frozen=True)
class _ArmMention:
    name: str  # the arm it names (resolved: "intervention group" -> the main arm)
    start: int
    end: int
    reference: bool  # after "than", "compared with", "versus" ...
    control: bool


def _arm_mentions(clause: str, arms: Arms, rules: TrialRules) -> list[_ArmMention]:
    found: list[_ArmMention] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, start: int, end: int, control: bool) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        reference = bool(rules.reference_markers.search(clause[max(0, start - 40) : start]))
        found.append(_ArmMention(name, start, end, reference, control))

    for pattern, arm in arms.patterns:
        for m in pattern.finditer(clause):
            add(arm, m.start(), m.end(), arm in arms.controls)
    for pattern in (rules.arm_head, rules.people_head):
        for head in pattern.finditer(clause):
            before = clause[max(0, head.start() - 30) : head.start()].lower().split()
            word = before[-1] if before else ""
            if word in rules.generic and arms.main:
                add(arms.main, head.start() - len(word) - 1, head.end(), False)
            elif pattern is rules.people_head and rules.control.fullmatch(word):
                add(arms.control or word, head.start() - len(word) - 1, head.end(), True)
    for m in rules.control.finditer(clause):
        add(arms.control or m.group().lower(), m.start(), m.end(), True)
    found.sort(key=lambda a: a.start)
    join = rules.structure["add_on_join"]
    return [  # "the TAU + SWT group": the control with a treatment added is the treatment's arm
        a for i, a in enumerate(found)
        if not (a.control and i + 1 < len(found) and not found[i + 1].control and join.fullmatch(clause[a.end : found[i + 1].start]))
    ]


def _direction_word(clause: str, masked: str, rules: TrialRules) -> tuple[str | None, str | None]:
    for m in re.finditer(r"[A-Za-z]+", masked):
        w = m.group().lower()
        if w in rules.up:
            efficacy = rules.structure["efficacy_after"].match(masked, m.end())  # "more effective than placebo": better, not more
            return "increase", clause[m.start() : efficacy.end() if efficacy else m.end()]
        if w in rules.down:
            return "decrease", clause[m.start() : m.end()]
    return None, None


_PARENTHESES = re.compile(r"\([^()]{0,200}\)")  # "nausea (24 in the M group versus 48, p=0.005) was lower": read past it
def _outcome_past_parentheses(masked: str, rules: TrialRules):
    """The outcome read with each parenthesis ('nausea (24 in the M group versus 48, p=0.005) and vomiting (...) was
    lower') taken out, its offsets mapped back to the clause."""
    kept, positions, last = [], [], 0
    for m in _PARENTHESES.finditer(masked):
        kept.append(masked[last : m.start()])
        positions.extend(range(last, m.start()))
        last = m.end()
    if not positions and last == 0:
        return None
    kept.append(masked[last:])
    positions.extend(range(last, len(masked) + 1))
    found = _outcome("".join(kept), rules)
    if found is None:
        return None
    text, head, start, end, head_start, rule = found
    return text, head, positions[start], positions[end - 1] + 1, positions[head_start], rule


_VALUE = re.compile(r"(?<![\w.])[-\u2212]?\d+(?:\.\d+)?")  # U+2212, the minus sign typeset articles use


def _arm_value(clause: str, start: int, end: int) -> float | None:
    """The first number stated for an arm: '12.4% (6/51) in the cefixime group', '92 hours for gatifloxacin'."""
    segment = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", clause[start:end])
    found = _VALUE.search(segment)
    return float(found.group().replace("\u2212", "-")) if found else None


def _by_values(clause: str, outcome_end: int, subject: _ArmMention, reference: _ArmMention, mentions: list[_ArmMention],
               falling: bool = False) -> tuple[str | None, str | None]:
    """'Relapse was 12.4% in group A and 3.4% in group B (p = 0.02)': the direction the numbers give. Reductions
    given as positive amounts ('reductions of 22.8 and 20.1') mean the outcome fell more where the amount is larger."""
    values = {}
    previous_end = outcome_end
    for arm in mentions:
        if arm.start >= previous_end:
            values.setdefault(id(arm), _arm_value(clause, previous_end, arm.start))
            previous_end = arm.end
    a, b = values.get(id(subject)), values.get(id(reference))
    if a is None or b is None or a == b:
        return None, None
    higher = a > b
    if falling and a >= 0 and b >= 0:
        higher = not higher
    return ("increase" if higher else "decrease"), f"{a:g} vs {b:g}"


def _outcome(masked: str, rules: TrialRules, previous: str | None = None) -> tuple[str, str, int, int, int, str] | None:
    """(outcome, its head word, start, end, where the head starts, rule id): the head ("reduction in") is part
    of the outcome's span. 'This difference' is the paragraph's previous outcome; 'the two groups' is none."""
    for rule_id, pattern in rules.outcome_patterns:
        m = pattern.search(masked)
        if not m:
            continue
        text = re.sub(r"\s+", " ", m.group("outcome").split("_")[0]).strip(" .-")  # an arm (masked) ends the outcome
        text = re.sub(r"\s(?:of|at|was|were|by|=)\s[-\u2212]?\d.*$", "", text)  # "YMRS score of 22.8 and 20.1": the values
        text = re.sub(r"(?:\s(?:in|for|of|on|with|among|by|at|and|or)(?:\sthe)?)+$", "", text)
        text = re.sub(r"^(?:(?:the|a|an|mean|median|overall|total|any)\s(?:of\s)?)+", "", text, flags=re.IGNORECASE)  # "the mean of birth weight"
        if previous and rules.anaphora.match(text):
            text, rule_id = previous, f"{rule_id}.anaphora"
        elif len(re.sub(r"[^A-Za-z]", "", text)) < 2 or rules.not_outcomes.search(text):
            continue
        head = m.groupdict().get("head") or ""
        return text, head.lower(), m.start("outcome"), m.end("outcome"), m.start("head") if head else m.start("outcome"), f"trial.outcome.{rule_id}"
    return None


def read_trial_clause(clause: str, arms: Arms, rules: TrialRules | None = None, previous_outcome: str | None = None) -> list[TrialResult]:
    """The clause's results, one per outcome it lists ('no differences in A, B, and C between the groups')."""
    rules = rules or load_trial_rules()
    results = _read_trial_clause(clause, arms, rules, previous_outcome)
    results += [more for result in results for more in _further_comparatives(result, clause, rules)]
    return [item for result in results for item in _each_listed(result, clause, rules)]


def _further_comparatives(result: TrialResult, clause: str, rules: TrialRules) -> list[TrialResult]:
    """'had a significantly shorter operative time (p = 0.02), reduced narcotics requirements (p = 0.05) and
    quicker return to work (p = 0.03)': each further comparative with its own statistics is a result of the same
    arms, its direction from its word and its significance from its own parenthesis."""
    if "trial.outcome.comparative_noun_phrase" not in result.rule_ids:
        return []
    found = []
    for m in rules.further_comparative.finditer(clause, result.outcome_end):
        word = m.group("word").lower()
        direction = "increase" if word in rules.up else "decrease" if word in rules.down else None
        if direction is None:
            continue
        stat = m.group("stat")
        if rules.not_significant.search(stat):
            direction, cue, rule = "no_effect", stat, "trial.not_significant"
        elif rules.significant.search(stat):
            cue, rule = f"{stat} {m.group('word')}", "trial.significant"
        else:
            continue
        outcome = m.group("outcome").strip()
        if rules.not_outcomes.search(outcome):
            continue
        found.append(replace(result, outcome=outcome, direction=direction, cue_text=cue, outcome_start=m.start("outcome"),
                             outcome_end=m.end("outcome"), rule_ids=(rule, "trial.outcome.further_comparative")))
    return found


def _other_treatment(arms: Arms, arm: str | None) -> str | None:
    """A two-treatment trial with no control arm ('i-gel versus LMA Supreme'): the arm compared with this one."""
    return next((t for t in arms.treatments if t != arm), None)




def _each_listed(result: TrialResult, clause: str, rules: TrialRules) -> list[TrialResult]:
    """'fibrinogen, creatinine, lactate, and AST' is four outcomes, each with the clause's result; an outcome
    without a comma ('anxiety and depression scores') stays one."""
    if "," not in result.outcome:
        return [result]
    found, cursor = [], result.outcome_start
    for item in rules.structure["list_separator"].split(result.outcome):
        item = item.strip(" .")
        if len(re.sub(r"[^A-Za-z]", "", item)) < 2:
            continue
        start = clause.find(item, cursor)
        start = start if start >= 0 else result.outcome_start
        cursor = start + len(item)
        found.append(replace(result, outcome=item, outcome_start=start, outcome_end=start + len(item)))
    return found if len(found) > 1 else [result]




def _own_p_value(clause: str, outcome_end: int, insignificant: re.Match | None, significant: re.Match | None,
                 rules: TrialRules) -> tuple[re.Match | None, re.Match | None]:
    """(not significant, significant) for the outcome: wording ('did not differ') holds for the clause, but when
    only p values disagree ('shorter A (p = 0.02), fewer B (p = 0.41)') the first p value after the outcome decides."""
    p_value = rules.structure["p_value"]
    if not (insignificant and significant) or not p_value.match(insignificant.group()):
        return (insignificant, None) if insignificant else (None, significant)
    own = p_value.search(clause, outcome_end)
    if own is None:
        return insignificant, None
    if against := rules.not_significant.match(clause, own.start()):
        return against, None
    return None, rules.significant.match(clause, own.start()) or significant


def _read_trial_clause(clause: str, arms: Arms, rules: TrialRules | None = None, previous_outcome: str | None = None) -> list[TrialResult]:
    rules = rules or load_trial_rules()
    if len(clause) > MAX_CLAUSE or rules.not_results.search(clause):
        return []
    insignificant = rules.not_significant.search(clause)
    significant = rules.significant.search(clause)
    if not (insignificant or significant):
        return []
    mentions = _arm_mentions(clause, arms, rules)
    masked = list(clause)
    for a in mentions:
        masked[a.start : a.end] = "_" * (a.end - a.start)
    masked_text = "".join(masked)
    outcome = _outcome(masked_text, rules, previous_outcome) or _outcome_past_parentheses(masked_text, rules)
    if outcome is None:
        return []
    outcome_text, head, o_start, o_end, span_start, outcome_rule = outcome
    insignificant, significant = _own_p_value(clause, o_end, insignificant, significant, rules)
    subject = next((a for a in mentions if not a.reference), None)
    reference = next((a for a in mentions if a is not subject and a.name != (subject.name if subject else None)), None)
    if subject is None and not arms.main:
        return []
    intervention = subject.name if subject else arms.main
    subject_is_control = bool(subject and subject.control)
    comparator = reference.name if reference else (arms.control if not subject_is_control else arms.main) or _other_treatment(arms, intervention)
    within_group = subject is not None and reference is None and rules.within_group.search(clause) is not None
    if within_group and subject_is_control:
        return []  # "For the TAU group no significant decreases ... between the measurement points": the control arm's own course
    if insignificant:
        if subject_is_control and comparator:
            intervention, comparator = comparator, intervention
        if intervention == comparator or intervention is None:
            return []
        return [TrialResult(arms.label(intervention), arms.label(comparator), outcome_text, "no_effect", ("trial.not_significant", outcome_rule), insignificant.group(), o_start, o_end)]
    direction, cue = _direction_word(clause, masked_text[:span_start] + " " * (o_end - span_start) + masked_text[o_end:], rules)
    falling, rising = head in rules.falling_heads, head.rstrip("s") in ("increase", "improvement", "benefit", "gain")
    if (falling or rising) and direction is not None and cue.lower() in rules.magnitude_words:
        if falling:
            direction = "decrease" if direction == "increase" else "increase"  # a greater reduction in X: X went down
    elif falling or rising:  # "a significant reduction in X": the head says which way, whatever else the clause says
        direction, cue = ("decrease" if falling else "increase"), head
    if rising and direction is not None and head not in cue:
        cue = f"{cue} {head}"  # "improvement in YMRS was greater": the head judges, so the cue keeps it
    if direction is None and subject is not None and reference is not None:
        direction, cue = _by_values(clause, o_end, subject, reference, mentions, head in rules.falling_heads)
    if direction is None:
        return []
    if within_group:
        # one arm's change over time: compared with its own baseline, not with the other arm
        return [TrialResult(arms.label(subject.name), "baseline", outcome_text, direction, ("trial.significant", "trial.within_group", outcome_rule),
                            f"{significant.group()} {cue}", o_start, o_end)]
    if subject_is_control:
        if not comparator or comparator == intervention:
            return []
        intervention, comparator = comparator, intervention
        direction = "decrease" if direction == "increase" else "increase"
    if intervention == comparator:
        return []
    return [TrialResult(arms.label(intervention), arms.label(comparator), outcome_text, direction, ("trial.significant", outcome_rule), f"{significant.group()} {cue}", o_start, o_end)]


def named_outcome(text: str, arms: Arms, rules: TrialRules | None = None) -> str | None:
    """The outcome a sentence names, significant or not: what a next sentence's 'this difference' means."""
    rules = rules or load_trial_rules()
    clause = text[:MAX_CLAUSE]
    masked = list(clause)
    for a in _arm_mentions(clause, arms, rules):
        masked[a.start : a.end] = "_" * (a.end - a.start)
    found = _outcome("".join(masked), rules)
    return found[0] if found else None


def _clauses(text: str, rules: TrialRules) -> list[tuple[int, str]]:
    """(start, clause): cut at the clause boundaries outside parentheses ('(28% versus 52%; P < 0.05)' stays whole)."""
    depth, flat = 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")") if depth or ch == "(" else 0
        flat.append(ch if depth == 0 or ch not in ";." else ",")
    pieces, last = [], 0
    for m in rules.structure["clause_break"].finditer("".join(flat)):
        pieces.append((last, text[last : m.start()]))
        last = m.end()
    pieces.append((last, text[last:]))
    return pieces


def read_trial_sentence(text: str, arms: Arms, rules: TrialRules | None = None, previous_outcome: str | None = None) -> list[TrialResult]:
    """Each clause read on its own ('X fell in group A (p<0.01), whereas Y did not differ'); previous_outcome
    is what 'this difference' points back to."""
    rules = rules or load_trial_rules()
    results: list[TrialResult] = []
    part = rules.subgroup.match(text)
    subgroup = part.group("subgroup").strip() if part else None
    for start, piece in _clauses(text[: MAX_CLAUSE * 4], rules):
        for r in read_trial_clause(piece, arms, rules, previous_outcome):
            results.append(TrialResult(r.intervention, r.comparator, r.outcome, r.direction,
                                       r.rule_ids + (("trial.subgroup",) if subgroup else ()), r.cue_text,
                                       start + r.outcome_start, start + r.outcome_end, subgroup))
    return results


def trial_arms(review) -> Arms | None:
    """The arms of an article that reports its own randomised trial (its abstract or methods say it
    randomised); None for reviews and other articles, whose findings are the cited studies'."""
    own = [s.text for s in review.sentences if s.section_kind in ("abstract", "methods", None)]
    structure = load_trial_rules().structure
    if structure["review_title"].search(review.title or ""):
        return None  # "a systematic review and meta-analysis of randomized controlled trials": the trials are the cited ones
    trial, comparison = structure["trial_design"], structure["comparison_title"]
    if not any(trial.search(t) for t in own) and not trial.search(review.title or "") and not comparison.search(review.title or ""):
        return None
    arms = article_arms([s.text for s in review.sentences if s.section_kind not in ("references", "back")], review.title)
    return arms if arms.main else None
