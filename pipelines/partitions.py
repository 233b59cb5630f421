"""Per-review work is partitioned by review id, so ten thousand reviews are ten thousand keys."""

import dagster as dg

review_partitions = dg.DynamicPartitionsDefinition(name="review")
