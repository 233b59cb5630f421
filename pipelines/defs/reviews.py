"""Per-review work, partitioned by review id: parse the Markdown, then extract evidence."""


import shutil

import dagster as dg

from pipelines.defs.run_lock import run_lock
from pipelines.lib.raw_files import list_reviews, relative_name
from pipelines.lib.review_staging import review_document_current, review_evidence_current
from pipelines.lib.review_workers import document_task, evidence_task, run_tasks, worker_count
from pipelines.lib.staging import folder_fingerprint, review_folder
from pipelines.partitions import review_partitions
from pipelines.resources import EvidencePaths

# a network share or a sync client can make a read fail once or twice; a real fault fails after 4 tries
READ_RETRY = dg.RetryPolicy(max_retries=3, delay=0.5, backoff=dg.Backoff.EXPONENTIAL)


@dg.asset(
    group_name="reviews",
    kinds={"markdown", "pdf", "xml", "python"},
    partitions_def=review_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    retry_policy=READ_RETRY,
    description=("Each review read, whatever its form (Markdown, PDF, PubMed Central JATS XML, GROBID TEI, plain text): metadata, "
                 "sentences with offsets, citation marks resolved to its printed reference list, the furniture set aside, and how well it read."),
)
def review_documents(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Reviews arrive in the forms users hold them; one reader per form produces the same document, so nothing downstream knows the form."""
    with run_lock(context, paths.processed()):
        raw = paths.raw()
        files, _ = list_reviews(raw)
        totals: dict[str, int] = {}
        tasks = []
        for review_id in context.partition_keys:
            folder = review_folder(paths.processed(), review_id)
            path = files.get(review_id)
            if path is None:
                shutil.rmtree(folder, ignore_errors=True)
                context.log.warning(f"review {review_id}: no file for it under reviews/ any more; its staged rows were removed")
            elif review_document_current(path, folder):
                totals["unchanged"] = totals.get("unchanged", 0) + 1
            else:
                tasks.append((review_id, path, relative_name(path, raw), folder))
        context.log.info(f"{len(tasks)} review(s) to read in {worker_count(len(tasks))} process(es)")
        for review_id, counts in run_tasks(document_task, tasks):
            for table, n in counts.items():
                totals[table] = totals.get(table, 0) + n
            if counts["rejected_records"]:
                context.log.warning(f"review {review_id}: {counts['rejected_records']} rejected record(s)")
        return dg.MaterializeResult(metadata={"reviews_in_run": len(context.partition_keys), **{f"{t}_rows": n for t, n in sorted(totals.items())}})


@dg.asset(
    group_name="reviews",
    kinds={"python"},
    partitions_def=review_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    deps=["review_documents", "vocabulary"],
    description="Evidence statements (intervention, outcome, direction, hedged, negated) read from each review's sentences, one row per cited reference.",
)
def review_evidence(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Extraction is separate from parsing so a vocabulary edit re-reads sentences without re-parsing files."""
    with run_lock(context, paths.processed()):
        folder = paths.raw() / "vocabulary"
        fingerprint = folder_fingerprint(folder)
        unchanged = 0
        tasks = []
        for review_id in context.partition_keys:
            staged = review_folder(paths.processed(), review_id)
            if not staged.exists():
                continue
            if review_evidence_current(staged, fingerprint):
                unchanged += 1
            else:
                tasks.append((staged, str(folder), fingerprint))
        total = sum(n for _, n in run_tasks(evidence_task, tasks))
        return dg.MaterializeResult(metadata={"reviews_in_run": len(context.partition_keys), "evidence_rows": total, "unchanged": unchanged})
