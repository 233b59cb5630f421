"""Cutting a sentence into clauses, so that each statement gets its own subject and citations.

Reviews pack several claims into one sentence: "Omega-3 fatty acids, found in fish, support
synaptic integrity, while antioxidants combat oxidative stress, which can impair neural
function." The subject of a claim must come from its own clause; descriptive material
(relative clauses, appositions, "found in ...") states no claim about the intervention and is
left out; a participle that continues the action ("..., promoting neurogenesis") inherits
the main clause's subject; a reporting participle or complement ("..., suggesting that a
balanced diet may ...") must name its own subject and passes its hedge on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

REPORTING_PARTICIPLES = {
    "suggesting", "indicating", "showing", "highlighting", "showcasing", "demonstrating",
    "underscoring", "underlining", "emphasizing", "emphasising", "reflecting", "implying",
    "illustrating", "confirming", "revealing", "supporting", "pointing",
}
ING_NOUNS = {  # words in -ing that name things, so ", gambling frequency" continues a list
    "gambling", "drinking", "smoking", "eating", "binge", "functioning", "wellbeing", "training", "counselling", "counseling",
    "learning", "processing", "signalling", "signaling", "craving", "cravings", "bullying", "parenting", "housing", "schooling",
    "screening", "imaging", "mentalizing", "mentalising", "gaming", "sleeping", "feeling", "feelings", "thinking", "coping",
    "hearing", "wandering", "pacing", "journaling", "gardening", "singing", "dancing", "running", "cycling", "swimming", "walking",
}
HEDGING_INTRODUCERS = {"suggesting", "suggest", "suggests", "suggested", "implying", "implies", "may", "might", "could"}
_REPORTING_VERBS = (
    r"suggests?|suggested|suggesting|indicates?|indicated|indicating|shows?|showed|shown|showing|"
    r"demonstrates?|demonstrated|demonstrating|reveals?|revealed|revealing|finds|found|reports?|reported|"
    r"concludes?|concluded|proposes?|proposed|hypothesi[sz]ed|argues?|argued|confirms?|confirmed|"
    r"highlights?|highlighted|highlighting|showcasing|underscores?|underscoring|notes?|noted|observed|established|evidence"
)
_FRONTED = re.compile(r"^\W*(?:among|in|for|of|within|across|from|at|with)\b", re.IGNORECASE)
_BOUNDARIES = re.compile(
    r"(?P<main>;\s*|:\s+(?=[a-z][\w-]*\s)|,?\s+(?:while|whereas|although|though)\s+|,\s+(?:but|yet)\s+(?!not\b)|,\s+(?:(?:partly|partially|mainly|largely|probably|possibly|perhaps)\s+)?because\s+)"
    rf"|(?P<complement>\b(?:{_REPORTING_VERBS})\s+(?:that|how|whether)\s+)"
    r"|(?P<relative>,\s+(?:(?:all|both|each|many|most|some|none|several)\s+of\s+)?(?:which|who|whom|whose|where)\b|\s(?:who|whom|whose)\s|\s(?:that|which)\s+(?=(?:can|may|might|could|would|will|often|in turn)\s))"
    r"|(?P<apposition>,\s+(?:(?:a|an)\s+(?!number\b|range\b|variety\b|combination\b)|(?:changes|effects|alterations|findings|improvements|results)\s+(?:that|which)\b))"
    r"|(?P<modifier>,?\s+(?:independently of|independent of|regardless of|irrespective of|(?:that|which)\s+correlated?s?\s+with)\b|,\s+(?:found(?=\s+(?:in|at|on|only|mainly|mostly|predominantly|primarily|throughout|across|within|among)\b)|known|located|derived|called|termed|defined|situated|present|abundant|commonly|typically|often used)\b)"
    r"|(?P<participle>,\s+(?P<ing>[a-z]+ing)\b)"
    r"|(?P<conjunction>,\s+and\s+)"
)


@dataclass
class Clause:
    kind: str  # main; action and coordinate (inherit the subject when they name none); report (needs its own)
    spans: list[tuple[int, int]] = field(default_factory=list)
    intro: str = ""  # the words that opened it ("suggesting that")

    @property
    def start(self) -> int:
        return self.spans[0][0] if self.spans else 0

    def contains(self, position: int) -> bool:
        return any(s <= position < e for s, e in self.spans)

    def text(self, sentence: str) -> str:
        return " ".join(sentence[s:e] for s, e in self.spans)


def split_clauses(sentence: str, opens_clause=None, subject_starts: tuple[int, ...] = ()) -> list[Clause]:
    """Clauses of a sentence. opens_clause(start) says whether ', and ...' from start begins a new clause;
    subject_starts are where interventions are named, since ", a 12-week exercise programme reduced ..."
    after a fronted phrase is the subject, not an apposition."""
    clauses = [Clause("main")]
    piece_start = 0
    skipping = False
    resume_at = -1

    def close_piece(end: int) -> None:
        if not skipping and end > piece_start:
            clauses[-1].spans.append((piece_start, end))

    for m in _BOUNDARIES.finditer(sentence):
        if skipping:
            if m.start() < resume_at:
                continue
            skipping = False
        kind = m.lastgroup if m.lastgroup != "ing" else "participle"
        if kind == "participle" and m.group("ing").lower() in ING_NOUNS:
            continue  # "reduced gambling severity, gambling frequency and money lost": a list, not a participle
        if kind == "conjunction" and not (opens_clause and opens_clause(m.end())):
            continue
        next_comma = sentence.find(",", m.end())
        apposition_end = next_comma if next_comma != -1 else len(sentence)
        if kind == "apposition" and any(m.end() <= p < apposition_end for p in subject_starts) and not any(piece_start <= p < m.start() for p in subject_starts):
            continue  # "In older adults, a year of aerobic walking increased ...": the subject after a fronted phrase
        last_phrase = sentence[piece_start : m.start()].rsplit(",", 1)[-1]
        if kind == "relative" and not m.group().startswith(",") and not m.group().strip().startswith(("that", "which")) and not _FRONTED.match(last_phrase):
            continue  # "patients who completed a running programme showed ...": the relative clause names the subject
        close_piece(m.start())
        if kind in ("relative", "apposition", "modifier"):
            skipping = True
            resume_at = next_comma if next_comma != -1 else len(sentence)
            piece_start = resume_at
            continue
        if kind == "participle":
            word = m.group("ing")
            clauses.append(Clause("report" if word in REPORTING_PARTICIPLES else "action", intro=word))
            piece_start = m.start("ing")
            continue
        intro = m.group().strip(" ,;")
        clauses.append(Clause({"main": "main", "conjunction": "coordinate"}.get(kind, "report"), intro=intro))
        piece_start = m.end()
    if skipping and resume_at < len(sentence):
        skipping = False
    close_piece(len(sentence))
    return [c for c in clauses if c.spans]
