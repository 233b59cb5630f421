"""CSV exports for meta-analysts: evidence, evidence_map, bibliography, meta_analysis, rejected_records."""


import base64
import os

import dagster as dg
import duckdb

from pipelines.defs.run_lock import run_lock
from pipelines.lib.csv_export import copy_csv
from pipelines.lib.figures import draw_figures
from pipelines.lib.publish import live_path, mark_step_done
from pipelines.lib.warehouse_sql import EXPORT_MEMORY_LIMIT, open_for_reading
from pipelines.metadata import markdown_preview
from pipelines.resources import EvidencePaths

# Two threads write the exports of 10,000 reviews in 21.6 s instead of 30.7 s within 768MB (docs/scale.md)
EXPORT_THREADS = int(os.environ.get("EVIDENCE_EXPORT_THREADS") or min(os.cpu_count() or 1, 2))

META_ANALYSIS_SQL = """
SELECT p.intervention, p.outcome, p.reference_id, p.review_id, p.reference_number,
       CASE WHEN b.first_author IS NULL THEN NULL
            ELSE split_part(b.first_author, ' ', 1) || coalesce(' ' || CAST(b.year AS VARCHAR), '') END AS study_label,
       b.study_design, p.direction,
       coalesce(e.data_status, 'none') AS data_status,
       e.measure, e.yi, e.vi, e.m1i, e.sd1i, e.n1i, e.m2i, e.sd2i, e.n2i, e.ai, e.bi, e.ci, e.di, e.ri, e.ni
FROM (
    SELECT intervention, outcome, reference_id, min(review_id) AS review_id, min(reference_number) AS reference_number,
           string_agg(DISTINCT direction, '; ' ORDER BY direction) AS direction
    FROM evidence WHERE reference_id IS NOT NULL GROUP BY intervention, outcome, reference_id
) p
LEFT JOIN bibliography b USING (reference_id)
LEFT JOIN (
    SELECT * FROM effect_sizes QUALIFY row_number() OVER (PARTITION BY intervention, outcome, reference_id ORDER BY data_status, source_file, "row") = 1
) e USING (intervention, outcome, reference_id)
"""

GAP_MAP_SQL = """
SELECT c.intervention, 'I' || lpad(CAST(dense_rank() OVER (ORDER BY c.intervention) AS VARCHAR), 3, '0') AS intervention_code, c.intervention_class,
       c.outcome, 'O' || lpad(CAST(dense_rank() OVER (ORDER BY c.outcome) AS VARCHAR), 3, '0') AS outcome_code, c.outcome_domain,
       c.direction, c.n_references, c.n_statements, c.contradicted,
       (SELECT string_agg(DISTINCT e.study_design, '; ' ORDER BY e.study_design) FROM evidence e WHERE e.claim_id = c.claim_id) AS study_designs
FROM claims c
"""

EXPORTS = {
    "evidence": ("evidence", ["evidence_id"]),
    "evidence_map": ("evidence_map", ["intervention", "outcome", "direction", "intervention_class", "outcome_domain"]),
    "bibliography": ("bibliography", ["reference_id"]),
    "rejected_records": ("rejected_records", ["source_file", "location", "target", "reason", "raw"]),
    "meta_analysis": (f"({META_ANALYSIS_SQL})", ["intervention", "outcome", "reference_id", "review_id"]),
    "meta_analyses": ("meta_analyses", ["intervention", "outcome", "measure", "method"]),
    "evidence_gap_map": (f"({GAP_MAP_SQL})", ["intervention", "outcome", "direction"]),
}


@dg.asset(
    deps=["warehouse"],
    group_name="exports",
    kinds={"csv"},
    description="CSV files under `<processed>/exports/` for R's metafor, RevMan or a spreadsheet, with formula cells neutralised.",
)
def csv_exports(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Read from the published warehouse, so the exports always match what analysts query."""
    with run_lock(context, paths.processed()):
        folder = paths.processed() / "exports"
        con = open_for_reading(live_path(paths.processed()), EXPORT_MEMORY_LIMIT)
        con.execute(f"SET threads = {EXPORT_THREADS}")
        metadata: dict = {}
        try:
            for name, (relation, order_by) in EXPORTS.items():
                try:
                    metadata[f"{name}_rows"] = copy_csv(con, relation, order_by, folder / f"{name}.csv")
                except duckdb.OutOfMemoryException:
                    # a sort on several threads can need more than the cap; on one it spills and fits (10,000 reviews in 512MB)
                    context.log.warning(f"{name}.csv: DuckDB ran out of its {EXPORT_MEMORY_LIMIT} on {EXPORT_THREADS} threads; written again on one")
                    con.execute("SET threads = 1")
                    metadata[f"{name}_rows"] = copy_csv(con, relation, order_by, folder / f"{name}.csv")
            # the file's first rows, not the view again: its aggregation over every evidence row costs seconds at scale
            preview = con.execute("SELECT * FROM read_csv(?, header = true, all_varchar = true) LIMIT 10", [str(folder / "evidence_map.csv")]).df()
            metadata["preview"] = dg.MetadataValue.md(markdown_preview(preview))
        finally:
            con.close()
        metadata["folder"] = dg.MetadataValue.path(str(folder))
        mark_step_done(paths.processed(), "csv_exports", context.run.run_id)
        return dg.MaterializeResult(metadata=metadata)


@dg.asset(
    deps=["warehouse"],
    group_name="exports",
    kinds={"matplotlib", "png"},
    description="Forest plots of every pooled pair and the evidence gap map, as PNG under `<processed>/figures/`.",
)
def figures(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """People read a gap map and a forest plot faster than a table; Dagster shows them here too."""
    folder = paths.processed() / "figures"
    with run_lock(context, paths.processed()):
        made = draw_figures(live_path(paths.processed()), folder)
        mark_step_done(paths.processed(), "figures", context.run.run_id)
    metadata = {"figures": len(made), "folder": dg.MetadataValue.path(str(folder))}
    for path in made[:5]:
        encoded = base64.b64encode(path.read_bytes()).decode()
        metadata[path.stem] = dg.MetadataValue.md(f"![{path.stem}](data:image/png;base64,{encoded})")
    return dg.MaterializeResult(metadata=metadata)
