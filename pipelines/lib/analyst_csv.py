"""What analysts' CSV files (effect-size sheets, curations) mean by a missing value.

R's write.csv writes NA, Excel #N/A, pandas an empty cell or NaN, SAS and Stata a dot; all of
them mean "empty" here, so a sheet saved from any of them reads as the analyst meant it.
"""

MISSING_SPELLINGS = frozenset({"", "NA", "N/A", "n/a", "#N/A", "#NA", "NaN", "nan", "NAN", "<NA>", "NULL", "null", "None", "."})


def blank_if_missing(value: str) -> str:
    return "" if value.strip() in MISSING_SPELLINGS else value.strip()
