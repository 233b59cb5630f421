"""Jobs that build the warehouse in three steps: vocabulary, the reviews, then tables and publish."""

import dagster as dg

from pipelines.partitions import review_partitions

reviews_job = dg.define_asset_job(
    "reviews_job",
    selection=["review_documents", "review_evidence"],
    partitions_def=review_partitions,
    description="Parse reviews and extract their evidence, per review partition.",
)
warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.groups("vocabulary", "references", "warehouse", "exports"),
    description="Build every table, run the blocking checks, publish and export.",
)
