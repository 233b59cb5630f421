"""Evidence rows: one per statement and cited reference.

A statement takes the citation that closes its clause: the first citation mark after it in
the sentence, else the last one before it. A sentence with no citation takes the citation
that closes its run of sentences (the next sentence of the paragraph ending on a citation),
as narrative reviews cite a run of claims, often a whole paragraph, once at its end.
"""

from __future__ import annotations

import traceback
from itertools import groupby

from pipelines.evidence.context_rules import load_context_rules
from pipelines.evidence.mentions import mask_citations, names_a_dose
from pipelines.evidence.normalisation import Statement
from pipelines.evidence.roles import EVIDENCE_ROLES, in_scope, review_sentence_roles
from pipelines.evidence.row_sanity import intervention_problem, outcome_problem
from pipelines.evidence.sentence_reader import PreviousSubjects, SentenceReading, read_sentence, resolved_subjects
from pipelines.evidence.trial_results import TrialResult, load_trial_rules, named_outcome, read_trial_sentence, trial_arms
from pipelines.lib.abbreviations import learn_abbreviations
from pipelines.lib.ids import content_id
from pipelines.lib.vocabulary import Term, Vocabulary
from pipelines.reading.citations import CitationMark
from pipelines.reading.document import ParsedReview, Sentence

TRIAL_STRUCTURE = load_trial_rules().structure
CONTEXT = load_context_rules().patterns  # the citation-mark rules (study_before_mark, next_result, between_marks)


def statement_citations(statement: Statement, marks: list[CitationMark], paragraph_numbers: tuple[int, ...], text: str = "") -> tuple[int, ...]:
    """The citation a statement's own study carries ("in the second study (241) THC-CBD was not effective"),
    else the first mark after the statement, else the last before it, else the paragraph's."""
    named = [i for i, m in enumerate(marks) if m.end <= statement.outcome_start and CONTEXT.study_before_mark.search(text, 0, m.start)]
    if named:
        low = high = named[-1]  # "the two maintenance studies (Suppes et al. 2009; Vieta et al. 2008a)": the whole group
        while low > 0 and CONTEXT.between_marks.fullmatch(text, marks[low - 1].end, marks[low].start):
            low -= 1
        while high + 1 < len(marks) and marks[high + 1].end <= statement.outcome_start and CONTEXT.between_marks.fullmatch(text, marks[high].end, marks[high + 1].start):
            high += 1
        if not CONTEXT.next_result.search(text, marks[high].end, statement.outcome_start):
            return tuple(dict.fromkeys(n for m in marks[low : high + 1] for n in m.numbers))
    own = _subjects_own_mark(statement, marks, text)
    if own is not None:
        return own.numbers
    after = [m for m in marks if m.start >= statement.outcome_end]
    if after:
        return after[0].numbers
    if marks:
        return marks[-1].numbers
    return paragraph_numbers


def authors_own_sentences(paragraph: list[Sentence]) -> set[str]:
    """The uncited sentences a paragraph says in the author's own voice, which take no neighbour's citation: the
    article's own finding ("Our study confirmed ...", "The pooled results indicated ...", "Overall, ..."), and, in a
    paragraph that cites sentence by sentence, a present-tense description ("Pregabalin is generally well-tolerated,
    with ...", "Gabapentin has similar adverse effects as pregabalin ..."). Other runs are kept in such paragraphs
    (docs/evidence.md says why)."""
    cites_by_sentence = sum(1 for s in paragraph if s.citations) > 1
    return {
        s.sentence_id for s in paragraph
        if not s.citations and (in_scope("own_voice", s.text) or (cites_by_sentence and in_scope("present_description", s.text)))
    }


def _subjects_own_mark(statement: Statement, marks: list[CitationMark], text: str) -> CitationMark | None:
    """'such as cognitive behavioral therapy (37) and mindfulness therapy (38), have been associated with reduced
    recurrence': each treatment of a list that carries its own mark before the shared result takes that mark."""
    before_outcome = [m for m in marks if m.end <= statement.outcome_start]
    if len(before_outcome) < 2 or not statement.intervention_text:
        return None
    at = text.find(statement.intervention_text)
    if at < 0 or at + len(statement.intervention_text) > statement.outcome_start:
        return None
    end = at + len(statement.intervention_text)
    return next((m for m in before_outcome if m.start >= end and CONTEXT.between_marks.fullmatch(text, end, m.start)), None)


def _covering_citations(sentences: list[Sentence], own_voice: set[str]) -> dict[str, tuple[int, ...]]:
    """For each uncited sentence, the citation that closes the run of sentences it belongs to: the next
    sentence of the paragraph, when it ends on its only citation. Narrative reviews cite a run of claims once, at its
    end; the seed's paragraph-final citation is the case of a single run. The author's own sentences (own_voice,
    from authors_own_sentences) are not part of a run."""
    covering: dict[str, tuple[int, ...]] = {}
    pending: list[Sentence] = []
    for sentence in sentences:
        if not sentence.citations:
            if sentence.sentence_id in own_voice:
                continue  # "The pooled results indicated ...", "Pregabalin is generally well-tolerated, ...": the author's own
            pending.append(sentence)
            continue
        final = sentence.citations[-1]
        if len(sentence.citations) == 1 and not sentence.text[final.end :].strip(" .;:!?)]\"'”’"):
            for uncited in pending:
                covering[uncited.sentence_id] = final.numbers
        pending = []
    return covering


TRIAL_DISCUSSION = {"discussion"}


def _compares_the_trials_own_result(sentence: Sentence) -> bool:
    """In a trial report's discussion, a sentence that does not say it reports other work ('studies', 'trials',
    'has been shown') speaks of the trial's own result, citing others only to compare: "... as the controls
    similarly improved in both insomnia and depression outcomes [45]". Its rows take no citation."""
    return sentence.section_kind in TRIAL_DISCUSSION and (in_scope("own_voice", sentence.text) or not in_scope("attributed", sentence.text))


def title_treatments(title: str | None, vocabulary: Vocabulary) -> list:
    """The treatments a review's title names ("Ketamine and esketamine in clinical practice"): what a dose
    opening a paragraph ("A single infusion ...", "Higher doses ...") is of when the paragraph has named none."""
    if not title:
        return []
    return [m for m in vocabulary.find(title) if m.kind == "intervention"][:2]


def _continued_citation(sentence: Sentence, statements: list, previous_cited: tuple[set[str], tuple[int, ...]] | None, own_voice: set[str]) -> tuple[int, ...]:
    """'MCT produced larger reductions in worry [8]. MCT also reduced attentional bias.': an uncited sentence
    right after a cited one, about the same treatments only, reports the same study."""
    if sentence.citations or not statements or previous_cited is None or sentence.sentence_id in own_voice:
        return ()
    treatments, numbers = previous_cited
    return numbers if {s.intervention.name for s in statements} <= treatments else ()


def document_vocabulary(review: ParsedReview, vocabulary: Vocabulary) -> Vocabulary:
    """The vocabulary plus the abbreviations this review defines; a definition of its own ("social anxiety
    disorder (SAD)") overrides the vocabulary's sense of the same letters (seasonal affective disorder)."""
    learned = learn_abbreviations([s.text for s in review.sentences], vocabulary)
    known = vocabulary.surfaces()
    overriding = frozenset(k for k, term in learned.items() if k in known and term.name not in vocabulary.term_names_for(k))
    learned = {k: v for k, v in learned.items() if k not in known or k in overriding}
    if not learned:
        return vocabulary
    return vocabulary.with_extra(learned, overriding)


MAX_EVIDENCE_SENTENCE = 3000  # characters: longer "sentences" are table dumps or text without sentence ends (roles read their head only)


def _read(sentence: Sentence, vocabulary: Vocabulary, previous: PreviousSubjects, unread: list | None) -> SentenceReading | None:
    """The sentence read; None when the extractor failed on it, which goes to unread (raised when there is no unread
    list): one sentence the extractor cannot read must not lose the review."""
    try:
        return read_sentence(mask_citations(sentence.text, sentence.citations), vocabulary, previous)
    except Exception as exc:
        if unread is None:
            raise
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        unread.append((sentence, f"the extractor failed on this sentence ({detail}); its statements are missing, please report it"))
        return None


# rows of a data table (kept as sentences so their citations count) and back matter state no findings
NOT_READ_FOR_EVIDENCE = {"table", "references", "back"}


def review_evidence_rows(review: ParsedReview, vocabulary: Vocabulary, reference_ids: dict[int, str], unread: list[tuple[Sentence, str]] | None = None,
                         decided: dict[str, tuple[str, str]] | None = None) -> list[dict]:
    """Rows for every statement; a sentence the extractor fails on is listed in unread (with the error), not fatal.
    decided: each sentence's (role, rule), when the document stage has decided them already."""
    doc_vocabulary = document_vocabulary(review, vocabulary)
    topic = title_treatments(review.title, doc_vocabulary)
    rows: list[dict] = []
    seen: set[str] = set()
    readable = [s for s in review.sentences if s.section_kind not in NOT_READ_FOR_EVIDENCE]
    decided = decided or review_sentence_roles(review.sentences)
    roles = {sentence_id: role for sentence_id, (role, _) in decided.items()}
    role_rules = {sentence_id: rule for sentence_id, (_, rule) in decided.items()}
    arms = trial_arms(review)  # None unless the article reports a randomised trial of its own
    for _, group in groupby(readable, key=lambda s: s.paragraph_number):
        paragraph = list(group)
        own_voice = authors_own_sentences(paragraph)
        covering = _covering_citations(paragraph, own_voice)
        previous_subjects: PreviousSubjects = None
        previous_cited: tuple[set[str], tuple[int, ...]] | None = None  # the treatments and citation of the sentence just before
        previous_outcome: str | None = None  # a trial's last outcome in the paragraph, for "This difference was not significant"
        for sentence in paragraph:
            if topic and names_a_dose(sentence.text) and not resolved_subjects(previous_subjects):
                previous_subjects = topic  # "A single infusion reduced ..." opening a section of a ketamine review
            if roles[sentence.sentence_id] not in EVIDENCE_ROLES:  # an aim, method or recommendation states no result:
                previous_subjects = _DeferredSubjects(sentence, doc_vocabulary, previous_subjects, unread)  # read only if a pronoun asks
                previous_cited = None
                continue
            if len(sentence.text) > MAX_EVIDENCE_SENTENCE:
                if unread is not None:
                    unread.append((sentence, f"a sentence of {len(sentence.text):,} characters (a table dump or text without sentence ends) is not read for evidence"))
                continue
            reading = _read(sentence, doc_vocabulary, previous_subjects, unread)
            if reading is None:
                continue
            previous_subjects = reading.subjects or previous_subjects
            inherited = covering.get(sentence.sentence_id, ()) or _continued_citation(sentence, reading.statements, previous_cited, own_voice)
            trials_own = arms is not None and _compares_the_trials_own_result(sentence)
            previous_cited = (
                ({s.intervention.name for s in reading.statements}, sentence.citations[-1].numbers)
                if sentence.citations and reading.statements else None
            )
            statements = reading.statements
            if arms is not None and not sentence.citations and roles[sentence.sentence_id] == "finding":
                results = read_trial_sentence(sentence.text, arms, previous_outcome=previous_outcome)
                statements = statements + [_trial_statement(r, doc_vocabulary) for r in results]
                previous_outcome = results[-1].outcome if results else named_outcome(sentence.text, arms) or previous_outcome
            for statement in statements:
                if outcome_problem(statement.outcome_text) or intervention_problem(statement.intervention_text):
                    continue  # "greater LS mean reductions", "differences in study design": no outcome named (rules/row_sanity.yaml)
                numbers = (None,) if trials_own else statement_citations(statement, sentence.citations, inherited, sentence.text) or (None,)
                for number in numbers:
                    row = evidence_row(review.review_id, "review", sentence.sentence_id, sentence.text, statement, number, reference_ids.get(number) if number is not None else None)
                    row["statement_kind"] = roles[sentence.sentence_id]
                    row["rule_ids"] = [role_rules[sentence.sentence_id], *row["rule_ids"]]
                    if row["evidence_id"] in seen:
                        # the same claim named twice in a sentence ("gambling severity, gambling frequency and money lost"):
                        # one row per wording, so each stays visible; the first keeps the plain id curations refer to
                        row["evidence_id"] = content_id(row["evidence_id"], statement.outcome_text.lower())
                    if row["evidence_id"] not in seen:
                        seen.add(row["evidence_id"])
                        rows.append(row)
    return _without_vague_duplicates(rows)


def _without_vague_duplicates(rows: list[dict]) -> list[dict]:
    """'modulates' says only that something changed: beside a row of the same sentence, treatment, outcome
    and citation that says which way ('reduced stress symptoms and improved coping skills'), it adds nothing."""
    directed = {(r["sentence_id"], r["intervention"], r["outcome"], r["reference_number"]) for r in rows if r["direction"] != "modulates"}
    return [r for r in rows if r["direction"] != "modulates" or (r["sentence_id"], r["intervention"], r["outcome"], r["reference_number"]) not in directed]


class _DeferredSubjects:
    """What a sentence that states no finding acts on, read only when the next sentence's pronoun needs it:
    most such sentences (methods, aims) are never asked, and reading them is most of the extractor's time."""

    def __init__(self, sentence: Sentence, vocabulary: Vocabulary, before: PreviousSubjects, unread: list | None):
        self.sentence, self.vocabulary, self.before, self.unread = sentence, vocabulary, before, unread
        self.subjects: list | None = None

    def __call__(self) -> list:
        if self.subjects is None:
            too_long = len(self.sentence.text) > MAX_EVIDENCE_SENTENCE
            reading = None if too_long else _read(self.sentence, self.vocabulary, self.before, self.unread)
            self.subjects = (reading.subjects if reading else []) or resolved_subjects(self.before)
        return self.subjects


def _trial_statement(result: TrialResult, vocabulary: Vocabulary) -> Statement:
    """A trial's own result as a Statement: the arm's vocabulary term when it names one, else the arm as written. A
    judging cue ("superior", "improved", "more effective") on a symptom scale (an adverse outcome of the vocabulary:
    "YMRS total score") means the scale went down."""
    listed = next((m.term for m in vocabulary.find(result.intervention) if m.kind == "intervention"), None)
    intervention = listed or Term("intervention", result.intervention.lower(), "unlisted", None, "unlisted")
    outcome = Term("outcome", result.outcome.lower(), "unlisted", None, None)
    direction = result.direction
    if direction in ("increase", "decrease") and TRIAL_STRUCTURE["evaluative"].search(result.cue_text or "") and _bad_when_higher(result.outcome, vocabulary):
        direction = "decrease" if direction == "increase" else "increase"
    return Statement(intervention, result.intervention, outcome, result.outcome, direction, None, False,
                     result.direction == "no_effect", result.outcome_start, result.outcome_end, result.comparator,
                     result.cue_text, result.rule_ids, result.subgroup)


def _bad_when_higher(outcome: str, vocabulary: Vocabulary) -> bool:
    """A symptom by its head word ("AR symptoms", "pain intensity"), or a condition or adverse outcome of the vocabulary."""
    return bool(TRIAL_STRUCTURE["adverse_outcome"].search(outcome)) or any(
        m.kind == "condition" or (m.kind == "outcome" and m.term.extra == "adverse") for m in vocabulary.find(outcome))


def evidence_row(review_id: str | None, source_kind: str, sentence_id: str, sentence_text: str, s: Statement, number: int | None, reference_id: str | None) -> dict:
    return {
        "evidence_id": content_id("evd", sentence_id, s.intervention.name, s.outcome.name, s.direction, number),
        "review_id": review_id,
        "source_kind": source_kind,
        "sentence_id": sentence_id,
        "sentence_text": sentence_text,
        "intervention": s.intervention.name,
        "intervention_class": s.intervention.category,
        "intervention_text": s.intervention_text,
        "outcome": s.outcome.name,
        "outcome_domain": s.outcome.category,
        "outcome_text": s.outcome_text,
        "direction": s.direction,
        "condition": s.condition,
        "hedged": s.hedged,
        "negated": s.negated,
        "reference_number": number,
        "reference_id": reference_id,
        "comparator": s.comparator,
        "cue_text": s.cue_text,
        "subgroup": s.subgroup,
        "rule_ids": list(s.rule_ids),
        "claim_id": claim_id(s.intervention.name, s.outcome.name, s.direction),
        "curated": False,
    }


def claim_id(intervention: str, outcome: str, direction: str) -> str:
    return content_id("clm", intervention, outcome, direction)
