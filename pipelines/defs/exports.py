"""CSV exports for meta-analysts: evidence, evidence_map, bibliography, meta_analysis, rejected_records."""


import dagster as dg
import duckdb

from pipelines.lib.csv_export import export_query, write_csv
from pipelines.lib.publish import live_path
from pipelines.metadata import markdown_preview
from pipelines.resources import EvidencePaths

META_ANALYSIS_SQL = """
SELECT e.intervention, e.outcome, e.reference_id, e.review_id, e.reference_number,
       CASE WHEN b.first_author IS NULL THEN NULL
            ELSE split_part(b.first_author, ' ', 1) || coalesce(' ' || CAST(b.year AS VARCHAR), '') END AS study_label,
       b.publication_type AS study_design,
       string_agg(DISTINCT e.direction, '; ' ORDER BY e.direction) AS direction,
       'none' AS data_status,
       CAST(NULL AS VARCHAR) AS measure,
       CAST(NULL AS DOUBLE) AS yi, CAST(NULL AS DOUBLE) AS vi,
       CAST(NULL AS DOUBLE) AS m1i, CAST(NULL AS DOUBLE) AS sd1i, CAST(NULL AS INTEGER) AS n1i,
       CAST(NULL AS DOUBLE) AS m2i, CAST(NULL AS DOUBLE) AS sd2i, CAST(NULL AS INTEGER) AS n2i,
       CAST(NULL AS INTEGER) AS ai, CAST(NULL AS INTEGER) AS bi, CAST(NULL AS INTEGER) AS ci, CAST(NULL AS INTEGER) AS di,
       CAST(NULL AS DOUBLE) AS ri, CAST(NULL AS INTEGER) AS ni
FROM evidence e LEFT JOIN bibliography b USING (reference_id)
WHERE e.reference_id IS NOT NULL
GROUP BY ALL
"""

EXPORTS = {
    "evidence": ("evidence", ["evidence_id"]),
    "evidence_map": ("evidence_map", ["intervention", "outcome", "direction", "intervention_class", "outcome_domain"]),
    "bibliography": ("bibliography", ["reference_id"]),
    "rejected_records": ("rejected_records", ["source_file", "location", "target", "reason", "raw"]),
    "meta_analysis": (f"({META_ANALYSIS_SQL})", ["intervention", "outcome", "reference_id", "review_id"]),
}


@dg.asset(
    deps=["warehouse"],
    group_name="exports",
    kinds={"csv"},
    description="CSV files under <processed>/exports/ for R's metafor, RevMan or a spreadsheet, with formula cells neutralised.",
)
def csv_exports(context: dg.AssetExecutionContext, paths: EvidencePaths) -> dg.MaterializeResult:
    """Read from the published warehouse, so the exports always match what analysts query."""
    folder = paths.processed() / "exports"
    con = duckdb.connect(str(live_path(paths.processed())), read_only=True)
    metadata: dict = {}
    try:
        for name, (relation, order_by) in EXPORTS.items():
            frame = export_query(con, relation, order_by)
            write_csv(frame, folder / f"{name}.csv")
            metadata[f"{name}_rows"] = len(frame)
            if name == "evidence_map":
                metadata["preview"] = dg.MetadataValue.md(markdown_preview(frame))
    finally:
        con.close()
    metadata["folder"] = dg.MetadataValue.path(str(folder))
    return dg.MaterializeResult(metadata=metadata)
