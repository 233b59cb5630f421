"""Per-review work as two batch assets: parse every review file, then extract its evidence.

One materialization covers the whole corpus; inside it each review is redone only when its staged
rows are out of date (its bytes, the code or the vocabulary changed). Dagster partitions per
review cost one planned and one materialization event per review per asset, which at 10,000
reviews was 7 to 9 minutes of event-log writes (docs/scale.md); a review's state is in its staging
stamps and in `document_quality` instead.
"""


import dagster as dg

from pipelines.defs.run_lock import run_lock
from pipelines.lib.raw_files import list_reviews, relative_name
from pipelines.lib.review_staging import review_document_current, review_evidence_current
from pipelines.lib.review_workers import document_task, evidence_task, run_tasks, worker_count
from pipelines.lib.staging import folder_fingerprint, remove_unlisted_reviews, review_folder
from pipelines.resources import EvidencePaths

# a network share or a sync client can make a read fail once or twice; a real fault fails after 4 tries
READ_RETRY = dg.RetryPolicy(max_retries=3, delay=0.5, backoff=dg.Backoff.EXPONENTIAL)
LISTED = 50  # review ids named in a run's metadata; the counts cover the rest


def _named(ids: list[str]) -> str:
    shown = ", ".join(ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "") if ids else "none"


@dg.asset(
    group_name="reviews",
    kinds={"markdown", "pdf", "xml", "python"},
    retry_policy=READ_RETRY,
    description=("Each review read, whatever its form (Markdown, PDF, PubMed Central JATS XML, GROBID TEI, plain text): metadata, "
                 "sentences with offsets, citation marks resolved to its printed reference list, the furniture set aside, and how well it read. "
                 "Only reviews whose file or the reading code changed are read again."),
)
def review_documents(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Reviews arrive in the forms users hold them; one reader per form produces the same document, so nothing downstream knows the form."""
    with run_lock(context, paths.processed()):
        raw, processed = paths.raw(), paths.processed()
        files, _ = list_reviews(raw)
        removed = remove_unlisted_reviews(processed, set(files))
        if removed:
            context.log.info(f"{len(removed)} review(s) no longer under reviews/, their staged rows removed: {_named(removed)}")
        folders = {review_id: review_folder(processed, review_id) for review_id in sorted(files)}
        tasks = [(review_id, files[review_id], relative_name(files[review_id], raw), folder)
                 for review_id, folder in folders.items() if not review_document_current(files[review_id], folder)]
        context.log.info(f"{len(tasks)} of {len(files)} review(s) to read in {worker_count(len(tasks))} process(es)")
        totals: dict[str, int] = {}
        rejected: list[str] = []
        for review_id, counts in run_tasks(document_task, tasks):
            for table, n in counts.items():
                totals[table] = totals.get(table, 0) + n
            if counts["rejected_records"]:
                rejected.append(review_id)
        if rejected:
            context.log.warning(f"{len(rejected)} review(s) with rejected records (see rejected_records): {_named(rejected)}")
        return dg.MaterializeResult(metadata={
            "reviews": len(files), "reviews_read": len(tasks), "reviews_unchanged": len(files) - len(tasks), "reviews_removed": len(removed),
            "read_in_this_run": _named([t[0] for t in tasks]), **{f"{t}_rows": n for t, n in sorted(totals.items())}})


@dg.asset(
    group_name="reviews",
    kinds={"python"},
    deps=["review_documents", "vocabulary"],
    description=("Evidence statements (intervention, outcome, direction, hedged, negated) read from each review's sentences, one row per cited reference. "
                 "Only reviews read again, or all of them after a vocabulary change, are extracted again."),
)
def review_evidence(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Extraction is separate from parsing so a vocabulary edit re-reads sentences without re-parsing files."""
    with run_lock(context, paths.processed()):
        folder = paths.raw() / "vocabulary"
        fingerprint = folder_fingerprint(folder)
        files, _ = list_reviews(paths.raw())
        staged = [review_folder(paths.processed(), review_id) for review_id in sorted(files)]
        staged = [s for s in staged if s.exists()]
        tasks = [(s, str(folder), fingerprint) for s in staged if not review_evidence_current(s, fingerprint)]
        context.log.info(f"{len(tasks)} of {len(staged)} review(s) to extract in {worker_count(len(tasks))} process(es)")
        total = sum(n for _, n in run_tasks(evidence_task, tasks))
        return dg.MaterializeResult(metadata={"reviews": len(staged), "reviews_extracted": len(tasks), "reviews_unchanged": len(staged) - len(tasks),
                                              "evidence_rows_extracted": total, "extracted_in_this_run": _named([s.name for s, _, _ in tasks])})
