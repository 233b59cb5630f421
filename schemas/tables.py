"""One DataFrameModel per warehouse table.

Each field's description is the column's COMMENT ON text and its line in the README's data
dictionary; metadata["sql"] is the DuckDB type it is stored as. Keys are unique, categories
come from closed lists, years and offsets are range-checked. Cross-table rules (a citation
resolves to a reference) are asset checks on the built warehouse.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

DIRECTIONS = ["increase", "decrease", "no_effect", "modulates"]
STUDY_DESIGNS = (
    "meta-analysis", "systematic review", "randomized controlled trial", "cohort", "case-control",
    "cross-sectional", "animal study", "narrative review", "other",
)
SOURCE_KINDS = ["review", "abstract"]
SENTENCE_ROLES = ["finding", "claim", "aim", "method", "recommendation", "background", "other"]
STATEMENT_KINDS = ["finding", "claim"]  # the sentence roles evidence rows come from
SOURCE_FORMATS = ("markdown", "text", "pdf", "jats", "tei")
MIN_YEAR, MAX_YEAR = 1800, 2100


def _f(description: str, sql: str = "VARCHAR", **kwargs) -> object:
    return pa.Field(description=description, metadata={"sql": sql}, **kwargs)


class WarehouseModel(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True
        metadata = None


class ReviewsTable(WarehouseModel):
    """One row per review article read from reviews/."""

    review_id: Series[str] = _f("The review's id: its file name without extension.", unique=True)
    title: Series[str] = _f("Title, from the first heading.", nullable=True)
    authors: Series[object] = _f("Authors, in order.", "VARCHAR[]", nullable=True)
    affiliation: Series[str] = _f("First author's affiliation as printed.", nullable=True)
    doi: Series[str] = _f("The review's DOI, lower case, without resolver prefix.", nullable=True)
    journal: Series[str] = _f("Journal, from a running 'Citation:' header when the review has one.", nullable=True)
    received: Series[pd.Timestamp] = _f("Date received, from the correspondence block.", "DATE", nullable=True)
    published: Series[pd.Timestamp] = _f("Date published, from the correspondence block.", "DATE", nullable=True)
    source_file: Series[str] = _f("Path of the raw file, relative to the raw folder.")
    source_sha256: Series[str] = _f("SHA-256 of the raw file's bytes.", str_matches=r"^[0-9a-f]{64}$")
    source_format: Series[str] = _f("The form the file was recognised as, from its content: markdown, text, pdf, jats or tei.", isin=list(SOURCE_FORMATS))
    reader: Series[str] = _f("The reader that read it (e.g. markdown, jats-lxml, tei-lxml, pdf-pypdfium2).")
    pmid: Series[str] = _f("The review's PubMed id, when the file states it (JATS).", nullable=True, str_matches=r"^\d{1,9}$")
    pmcid: Series[str] = _f("The review's PubMed Central id, when the file states it (JATS).", nullable=True)


class SentencesTable(WarehouseModel):
    """One row per body sentence, page furniture removed and cut paragraphs repaired."""

    sentence_id: Series[str] = _f("Id derived from the review, the sentence text and its occurrence.", unique=True)
    review_id: Series[str] = _f("The review the sentence belongs to.")
    section: Series[str] = _f("Heading of the section the sentence is in.", nullable=True)
    section_kind: Series[str] = _f("What the section is: abstract, introduction, methods, results, discussion, conclusion, body, table (a cited row of a data table, not read for evidence), back; NULL before the first heading.", nullable=True)
    role: Series[str] = _f("What the sentence does: finding (a result the article or a cited study reports), claim (a general statement attributed to the literature), aim, method, recommendation, background or other. Evidence comes only from findings and claims.", isin=list(SENTENCE_ROLES))
    role_rule: Series[str] = _f("The rule of pipelines/evidence/rules/sentence_roles.yaml, or the section default, that gave the role.")
    paragraph_number: Series[int] = _f("Paragraph number within the review, from 1.", "INTEGER", ge=1)
    sentence_number: Series[int] = _f("Sentence number within the paragraph, from 1.", "INTEGER", ge=1)
    text: Series[str] = _f("The sentence, repaired across page breaks and footnote blocks.", str_length={"min_value": 1})
    char_start: Series[int] = _f("Offset of the sentence's first character in the canonical source text.", "INTEGER", ge=0)
    char_end: Series[int] = _f("Offset just after the sentence's last character in the canonical source text.", "INTEGER", ge=1)

    @pa.dataframe_check(error="char_end must be greater than char_start")
    def offsets_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["char_end"] > df["char_start"]


class BibliographyTable(WarehouseModel):
    """One row per reference record: a review's numbered list entry or a pool record."""

    reference_id: Series[str] = _f("Id derived from the review and number, or from the record's content.", unique=True)
    review_id: Series[str] = _f("The review whose list holds the entry; NULL for pool records.", nullable=True)
    reference_number: Series[pd.Int64Dtype] = _f("Number in the review's reference list; NULL for pool records.", "INTEGER", nullable=True, ge=1)
    authors: Series[object] = _f("Authors as 'Family Initials', in order.", "VARCHAR[]", nullable=True)
    first_author: Series[str] = _f("First author as 'Family Initials'.", nullable=True)
    et_al: Series[bool] = _f("The list ends in 'et al.': more authors than listed.", "BOOLEAN")
    title: Series[str] = _f("Article title.", nullable=True)
    journal: Series[str] = _f("Journal as printed (usually the NLM abbreviation).", nullable=True)
    year: Series[pd.Int64Dtype] = _f("Publication year.", "INTEGER", nullable=True, in_range={"min_value": MIN_YEAR, "max_value": MAX_YEAR})
    volume: Series[str] = _f("Volume.", nullable=True)
    issue: Series[str] = _f("Issue, as printed (e.g. '13-14').", nullable=True)
    pages: Series[str] = _f("Pages with abbreviated ranges expanded ('118-124'), or the article number.", nullable=True)
    doi: Series[str] = _f("DOI, lower case, without resolver prefix.", nullable=True, str_matches=r"^10\.\d{4,9}/\S+$")
    pmid: Series[str] = _f("PubMed id.", nullable=True, str_matches=r"^\d{1,9}$")
    journal_abbreviation: Series[str] = _f("Journal abbreviation, when a record gives one.", nullable=True)
    publication_type: Series[str] = _f("Publication type as the source gives it.", nullable=True)
    study_design: Series[str] = _f("Study design mapped from the publication type, title and abstract.", nullable=True, isin=list(STUDY_DESIGNS))
    abstract: Series[str] = _f("Abstract, when the source has one.", nullable=True)
    source_format: Series[str] = _f("Format the record was read from (vancouver, bibtex, ris, ...).")
    source_file: Series[str] = _f("Raw file the record came from.")
    raw_text: Series[str] = _f("The record as written in the source.", nullable=True)


class CitationsTable(WarehouseModel):
    """One row per in-text citation of one reference in one sentence."""

    review_id: Series[str] = _f("The citing review.")
    sentence_id: Series[str] = _f("The citing sentence.")
    reference_number: Series[int] = _f("The number cited.", "INTEGER", ge=0)
    reference_id: Series[str] = _f("The reference the number resolves to; NULL when the list has no such number.", nullable=True)
    mark_text: Series[str] = _f("The citation mark as written ('[2-4]', '(Craske et al., 2009)', a superscript '12').", nullable=True)

    @pa.dataframe_check(error="a sentence cites the same number twice")
    def unique_citation(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["sentence_id", "reference_number"], keep=False)


class InterventionsTable(WarehouseModel):
    """The intervention vocabulary."""

    intervention: Series[str] = _f("Canonical intervention name.", unique=True)
    intervention_class: Series[str] = _f("Class: pharmacological, psychotherapy, lifestyle, dietary, digital, neuromodulation, medical (surgery and other somatic care).")
    parent: Series[str] = _f("Broader intervention, for roll-ups (fluoxetine -> SSRIs).", nullable=True)
    synonyms: Series[object] = _f("Other names and abbreviations recognised in text.", "VARCHAR[]")


class OutcomesTable(WarehouseModel):
    """The outcome vocabulary."""

    outcome: Series[str] = _f("Canonical outcome name.", unique=True)
    outcome_domain: Series[str] = _f("Domain: molecular, epigenetic, cellular, structural, circuit, clinical, cognitive.")
    parent: Series[str] = _f("Broader outcome, for roll-ups.", nullable=True)
    synonyms: Series[object] = _f("Other names, abbreviations and rating scales recognised in text.", "VARCHAR[]")
    polarity: Series[str] = _f("'adverse' when less is better (symptoms, adverse events, relapse); NULL when not stated. Forest plots label 'favours' from it.",
                               nullable=True, isin=["adverse"])


class ConditionsTable(WarehouseModel):
    """The condition vocabulary."""

    condition: Series[str] = _f("Canonical condition name.", unique=True)
    parent: Series[str] = _f("Broader condition.", nullable=True)
    symptom_outcome: Series[str] = _f("Outcome used when a statement treats the condition itself.", nullable=True)
    synonyms: Series[object] = _f("Other names and abbreviations.", "VARCHAR[]")


class EvidenceTable(WarehouseModel):
    """One row per extracted statement and cited reference."""

    evidence_id: Series[str] = _f("Id derived from the sentence, the statement and the reference.", unique=True)
    review_id: Series[str] = _f("The review; NULL for an abstract that belongs to no review.", nullable=True)
    source_kind: Series[str] = _f("'review' for a review's own sentence, 'abstract' for a reference's abstract.", isin=SOURCE_KINDS)
    sentence_id: Series[str] = _f("The sentence the statement was read from.")
    sentence_text: Series[str] = _f("The sentence, for reading the evidence in place.")
    intervention: Series[str] = _f("Canonical intervention name.")
    intervention_class: Series[str] = _f("The intervention's class.")
    intervention_text: Series[str] = _f("The intervention as written.")
    outcome: Series[str] = _f("Canonical outcome name.")
    outcome_domain: Series[str] = _f("The outcome's domain; 'unlisted' for an outcome read from the text that the vocabulary lacks.")
    outcome_text: Series[str] = _f("The outcome as written.")
    direction: Series[str] = _f("Effect of the intervention on the outcome: increase, decrease, no_effect or modulates.", isin=DIRECTIONS)
    condition: Series[str] = _f("Condition named with the statement (e.g. depression); NULL when none.", nullable=True)
    hedged: Series[bool] = _f("The statement is hedged (may, suggests, preliminary).", "BOOLEAN")
    negated: Series[bool] = _f("The statement is negated (did not reduce, no significant change).", "BOOLEAN")
    reference_number: Series[pd.Int64Dtype] = _f("The number cited for the statement; NULL when it cites nothing.", "INTEGER", nullable=True)
    reference_id: Series[str] = _f("The cited reference; NULL when uncited or the number does not resolve.", nullable=True)
    comparator: Series[str] = _f("What the intervention is compared with when the sentence says so (placebo, sham, another intervention); NULL otherwise.", nullable=True)
    claim_id: Series[str] = _f("The claim (intervention, outcome, direction) this row supports.")
    curated: Series[bool] = _f("The row was added by an analyst's curation file, not extracted.", "BOOLEAN")
    statement_kind: Series[str] = _f("The role of the sentence the row was read from: finding or claim; NULL for a row an analyst added.", nullable=True, isin=list(STATEMENT_KINDS))
    subgroup: Series[str] = _f("The part of the sample a trial's result is for ('women', 'patients with severe depression'), as the article words it; NULL for the whole sample.", nullable=True)
    cue_text: Series[str] = _f("The words that gave the direction (a cue, a comparative, a p value); NULL when none was kept.", nullable=True)
    rule_ids: Series[object] = _f("Why the row exists: the sentence-role rule, then the cue (cues.csv row) or rule-file ids that read it; empty for an analyst's row.", "VARCHAR[]", nullable=True)
    study_design: Series[str] = _f("Study design of the cited reference (or of the record whose abstract it is), when known.", nullable=True, isin=list(STUDY_DESIGNS))

    @pa.dataframe_check(error="a negated statement must have direction no_effect")
    def negation_is_no_effect(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df["negated"] | (df["direction"] == "no_effect")


class ClaimsTable(WarehouseModel):
    """One row per distinct intervention, outcome and direction: what the evidence rows claim, counted by distinct references."""

    claim_id: Series[str] = _f("Id derived from intervention, outcome and direction.", unique=True)
    intervention: Series[str] = _f("Canonical intervention name.")
    intervention_class: Series[str] = _f("The intervention's class.")
    outcome: Series[str] = _f("Canonical outcome name.")
    outcome_domain: Series[str] = _f("The outcome's domain; 'unlisted' for an outcome read from the text that the vocabulary lacks.")
    direction: Series[str] = _f("increase, decrease, no_effect or modulates.", isin=DIRECTIONS)
    n_references: Series[int] = _f("Distinct references cited for the claim.", "INTEGER", ge=0)
    n_statements: Series[int] = _f("Distinct sentences stating the claim.", "INTEGER", ge=1)
    n_reviews: Series[int] = _f("Distinct reviews stating the claim.", "INTEGER", ge=0)
    all_hedged: Series[bool] = _f("Every statement of the claim is hedged.", "BOOLEAN")
    contradicted: Series[bool] = _f("Some evidence row for the same intervention and outcome states a conflicting direction.", "BOOLEAN")
    contradicting_directions: Series[object] = _f("The conflicting directions found.", "VARCHAR[]")
    reference_ids: Series[object] = _f("The distinct references, sorted.", "VARCHAR[]")


class CurationsTable(WarehouseModel):
    """Every analyst correction read from curations/, and whether it was applied."""

    curation_id: Series[str] = _f("Id derived from the curation file's row content.", unique=True)
    source_file: Series[str] = _f("The curation file.")
    line: Series[int] = _f("Line in the curation file.", "INTEGER", ge=2)
    action: Series[str] = _f("reject (mark an evidence row wrong) or add (a missing row).", isin=["reject", "add"])
    evidence_id: Series[str] = _f("The evidence row rejected, or the id given to the added row.", nullable=True)
    applied: Series[bool] = _f("The correction was applied to this build.", "BOOLEAN")
    note: Series[str] = _f("The analyst's note.", nullable=True)
    curator: Series[str] = _f("Who made the correction.", nullable=True)


class ReferenceMatchesTable(WarehouseModel):
    """One row per reference record read from references/: which bibliography row it became or enriched, by which rule."""

    reference_id: Series[str] = _f("The bibliography row the record became (rule new) or was merged into.")
    matched_record: Series[str] = _f("The record: source file and record number, 'file#n'.", unique=True)
    rule: Series[str] = _f("new (created the row), doi, pmid or fuzzy title.", isin=["new", "doi", "pmid", "fuzzy title"])
    score: Series[float] = _f("Match score: 100 for identifiers, the title similarity for fuzzy matches, 0 for new rows.", "DOUBLE", ge=0, le=100)
    detail: Series[str] = _f("Why the record was merged, in words (same DOI; or titles alike with the same first author and year).", nullable=True)


class CitationIssuesTable(WarehouseModel):
    """Citation integrity problems: unresolved or uncited numbers, duplicate entries, malformed or conflicting identifiers."""

    review_id: Series[str] = _f("The review, when the issue belongs to one.", nullable=True)
    kind: Series[str] = _f("unresolved citation, uncited reference, duplicate entry, malformed DOI, malformed PMID, conflicting DOI or conflicting PMID.")
    reference_number: Series[pd.Int64Dtype] = _f("The number concerned, when there is one.", "INTEGER", nullable=True)
    sentence_id: Series[str] = _f("The citing sentence, for an unresolved citation.", nullable=True)
    detail: Series[str] = _f("What exactly is wrong.")


class SourceFilesTable(WarehouseModel):
    """One row per raw file read for this build, with what became of its records."""

    source_file: Series[str] = _f("Path relative to the raw folder.", unique=True)
    folder: Series[str] = _f("reviews, references, vocabulary or curations.")
    source_sha256: Series[str] = _f("SHA-256 of the file's bytes.", nullable=True)
    records_read: Series[int] = _f("Records the file holds (a review counts as one).", "INTEGER", ge=0)
    records_accepted: Series[int] = _f("Records accepted.", "INTEGER", ge=0)
    records_rejected: Series[int] = _f("Records in rejected_records.", "INTEGER", ge=0)

    @pa.dataframe_check(error="records read must equal records accepted plus records rejected")
    def nothing_lost(cls, df: pd.DataFrame) -> Series[bool]:
        return df["records_read"] == df["records_accepted"] + df["records_rejected"]


class RefreshLogTable(WarehouseModel):
    """One row per published build: when, which raw files were new, changed or removed, and rows gained and lost per table."""

    run_id: Series[str] = _f("The Dagster run that built it.", unique=True)
    started: Series[pd.Timestamp] = _f("When the build started (UTC).", "TIMESTAMP")
    finished: Series[pd.Timestamp] = _f("When the build finished, before publishing (UTC).", "TIMESTAMP")
    files_new: Series[object] = _f("Raw files not in the previous build.", "VARCHAR[]")
    files_changed: Series[object] = _f("Raw files whose content changed.", "VARCHAR[]")
    files_removed: Series[object] = _f("Raw files gone since the previous build.", "VARCHAR[]")
    rows_gained: Series[str] = _f("JSON object: per table, rows whose key is new.")
    rows_lost: Series[str] = _f("JSON object: per table, rows whose key is gone.")
    rebuilt: Series[str] = _f("What the build redid: 'full', or 'incremental: N review(s) replaced ...' (the live file copied, only those reviews' rows and the tables across reviews derived again); NULL for builds before this was recorded.", nullable=True)


class EffectSizesTable(WarehouseModel):
    """Study-level effect sizes from the analysts' extraction sheets in effect_sizes/."""

    source_file: Series[str] = _f("The sheet.")
    row: Series[int] = _f("Row in the sheet (the header is row 1).", "INTEGER", ge=2)
    intervention: Series[str] = _f("Canonical intervention name.")
    outcome: Series[str] = _f("Canonical outcome name.")
    reference_id: Series[str] = _f("The study's reference.")
    study_label: Series[str] = _f("First author and year, as in the sheet.", nullable=True)
    measure: Series[str] = _f("metafor measure: SMD, MD, OR, RR or ZCOR.", isin=["SMD", "MD", "OR", "RR", "ZCOR"])
    yi: Series[float] = _f("Effect size (log scale for OR and RR).", "DOUBLE", nullable=True)
    vi: Series[float] = _f("Sampling variance of yi.", "DOUBLE", nullable=True, gt=0)
    data_status: Series[str] = _f("complete (yi and vi known) or partial (numbers given, not enough for an effect size).", isin=["complete", "partial"])
    m1i: Series[float] = _f("Mean, intervention group.", "DOUBLE", nullable=True)
    sd1i: Series[float] = _f("SD, intervention group.", "DOUBLE", nullable=True)
    n1i: Series[pd.Int64Dtype] = _f("Size of the intervention group.", "INTEGER", nullable=True)
    m2i: Series[float] = _f("Mean, comparison group.", "DOUBLE", nullable=True)
    sd2i: Series[float] = _f("SD, comparison group.", "DOUBLE", nullable=True)
    n2i: Series[pd.Int64Dtype] = _f("Size of the comparison group.", "INTEGER", nullable=True)
    ai: Series[pd.Int64Dtype] = _f("Events, intervention group.", "INTEGER", nullable=True)
    bi: Series[pd.Int64Dtype] = _f("Non-events, intervention group.", "INTEGER", nullable=True)
    ci: Series[pd.Int64Dtype] = _f("Events, comparison group.", "INTEGER", nullable=True)
    di: Series[pd.Int64Dtype] = _f("Non-events, comparison group.", "INTEGER", nullable=True)
    ri: Series[float] = _f("Correlation.", "DOUBLE", nullable=True)
    ni: Series[pd.Int64Dtype] = _f("Sample size for a correlation.", "INTEGER", nullable=True)


class MetaAnalysesTable(WarehouseModel):
    """One row per pooled intervention x outcome x measure x method (random effects: REML and DerSimonian-Laird)."""

    intervention: Series[str] = _f("Canonical intervention name.")
    outcome: Series[str] = _f("Canonical outcome name.")
    measure: Series[str] = _f("metafor measure: SMD, MD, OR, RR or ZCOR.")
    method: Series[str] = _f("tau² estimator: REML or DL.", isin=["REML", "DL"])
    k: Series[int] = _f("Studies pooled.", "INTEGER", ge=0)
    estimate: Series[float] = _f("Pooled effect (log scale for OR and RR).", "DOUBLE", nullable=True)
    ci_low: Series[float] = _f("Lower bound of the 95% confidence interval.", "DOUBLE", nullable=True)
    ci_high: Series[float] = _f("Upper bound of the 95% confidence interval.", "DOUBLE", nullable=True)
    se: Series[float] = _f("Standard error of the estimate.", "DOUBLE", nullable=True)
    tau2: Series[float] = _f("Between-study variance.", "DOUBLE", nullable=True)
    i2: Series[float] = _f("I², percent of total variability due to heterogeneity.", "DOUBLE", nullable=True)
    q: Series[float] = _f("Cochran's Q test for heterogeneity (inverse-variance weights).", "DOUBLE", nullable=True, ge=0)
    q_p: Series[float] = _f("p value of Q on k - 1 degrees of freedom.", "DOUBLE", nullable=True, ge=0, le=1)
    note: Series[str] = _f("Why a result is missing or limited (one study, zero variance).", nullable=True)


class DocumentQualityTable(WarehouseModel):
    """How well each review was read: its form and reader, what was found and resolved, and warnings when it read badly."""

    review_id: Series[str] = _f("The review.", unique=True)
    source_format: Series[str] = _f("The form the file was recognised as.", isin=list(SOURCE_FORMATS))
    reader: Series[str] = _f("The reader used.")
    citation_style: Series[str] = _f("How the text cites: numeric, superscript, author-year, xref (exact, from XML) or none.", nullable=True)
    sentences: Series[int] = _f("Body sentences read.", "INTEGER", ge=0)
    references_printed: Series[int] = _f("Entries in the printed reference list.", "INTEGER", ge=0)
    references_parsed: Series[int] = _f("Entries with first author, title and year found.", "INTEGER", ge=0)
    citation_marks: Series[int] = _f("Citation marks found in the body.", "INTEGER", ge=0)
    citation_marks_resolved: Series[int] = _f("Marks that resolve to at least one entry of the list.", "INTEGER", ge=0)
    references_cited: Series[int] = _f("Entries cited at least once.", "INTEGER", ge=0)
    references_never_cited: Series[int] = _f("Entries never cited.", "INTEGER", ge=0)
    numbering_gaps: Series[int] = _f("Numbers missing from a numbered list (1, 2, 4: one gap).", "INTEGER", ge=0)
    numbering_disorder: Series[int] = _f("Entries whose number is not one more than the previous entry's.", "INTEGER", ge=0)
    first_citation_disorder: Series[int] = _f("In a numbered list cited in order, numbers first cited before a smaller number was.", "INTEGER", ge=0)
    furniture_blocks: Series[int] = _f("Blocks set aside as page furniture (headers, captions, tables, footnotes, back matter).", "INTEGER", ge=0)
    warnings: Series[object] = _f("What reads badly, in words; empty when the review read well.", "VARCHAR[]")
    read_well: Series[bool] = _f("No warnings.", "BOOLEAN")


class RejectedRecordsTable(WarehouseModel):
    """Whatever input could not be accepted, so that nothing is lost silently."""

    source_file: Series[str] = _f("Raw file the input came from.")
    location: Series[str] = _f("Where in the file: line, record or row.")
    target: Series[str] = _f("The table the input was meant for.")
    reason: Series[str] = _f("Why it was rejected, and what to do about it.")
    raw: Series[str] = _f("The input as read.", nullable=True)


TABLE_MODELS: dict[str, type[WarehouseModel]] = {
    "reviews": ReviewsTable,
    "sentences": SentencesTable,
    "bibliography": BibliographyTable,
    "citations": CitationsTable,
    "interventions": InterventionsTable,
    "outcomes": OutcomesTable,
    "conditions": ConditionsTable,
    "evidence": EvidenceTable,
    "claims": ClaimsTable,
    "curations": CurationsTable,
    "reference_matches": ReferenceMatchesTable,
    "citation_issues": CitationIssuesTable,
    "source_files": SourceFilesTable,
    "effect_sizes": EffectSizesTable,
    "meta_analyses": MetaAnalysesTable,
    "document_quality": DocumentQualityTable,
    "refresh_log": RefreshLogTable,
    "rejected_records": RejectedRecordsTable,
}


def columns(model: type[WarehouseModel]) -> list[tuple[str, str, str]]:
    """(name, DuckDB type, description) for each column, in order."""
    schema = model.to_schema()
    return [(name, (col.metadata or {}).get("sql", "VARCHAR"), col.description or "") for name, col in schema.columns.items()]
