"""Reference-manager exports under <raw>/references/, read once per file content."""

import dagster as dg

from pipelines.defs.run_lock import run_lock
from pipelines.lib.reference_staging import stage_reference_files
from pipelines.resources import EvidencePaths


@dg.asset(
    group_name="references",
    kinds={"bibtex", "ris", "xml"},
    deps=["vocabulary"],
    retry_policy=dg.RetryPolicy(max_retries=3, delay=0.5, backoff=dg.Backoff.EXPONENTIAL),
    description=(
        "Records read from BibTeX, RIS, CSL-JSON, MEDLINE and PubMed XML files in `<raw>/references/`; "
        "unchanged files are not read again. Merging with the reviews' lists happens in the warehouse build."
    ),
)
def reference_records(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Analysts add references the way their reference manager exports them; each record is normalised or rejected with a reason."""
    with run_lock(context, paths.processed()):
        counts = stage_reference_files(paths.raw(), paths.processed())
        if counts["rejected"]:
            context.log.warning(f"{counts['rejected']} reference record(s) rejected; see rejected_records after the build")
        return dg.MaterializeResult(metadata={f"{k}": v for k, v in counts.items()})
