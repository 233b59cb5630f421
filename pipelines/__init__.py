"""Evidence-synthesis pipeline: review articles to a DuckDB warehouse of evidence rows."""
