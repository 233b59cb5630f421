"""Plain functions on plain data: parsing, extraction and SQL. No Dagster imports here."""
