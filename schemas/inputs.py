"""pandera models of analyst-filled input files (not warehouse tables)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

MEASURES = ["SMD", "MD", "OR", "RR", "ZCOR"]
REQUIRED_COLUMNS = ["intervention", "outcome", "reference_id", "measure"]


def _count(description: str):
    return pa.Field(description=description, nullable=True, gt=0)


class EffectSizeSheet(pa.DataFrameModel):
    """One row of an extraction sheet filled from meta_analysis.csv: one study of one pair."""

    intervention: Series[str] = pa.Field(description="Canonical intervention name.")
    outcome: Series[str] = pa.Field(description="Canonical outcome name.")
    reference_id: Series[str] = pa.Field(description="The study's reference.")
    measure: Series[str] = pa.Field(description="metafor measure: SMD, MD, OR, RR or ZCOR.", nullable=True, isin=MEASURES)
    yi: Series[float] = pa.Field(description="Effect size, when reported directly.", nullable=True)
    vi: Series[float] = pa.Field(description="Its sampling variance.", nullable=True, gt=0)
    m1i: Series[float] = pa.Field(description="Mean, intervention group.", nullable=True)
    sd1i: Series[float] = pa.Field(description="SD, intervention group.", nullable=True, gt=0)
    n1i: Series[pd.Int64Dtype] = _count("Size of the intervention group.")
    m2i: Series[float] = pa.Field(description="Mean, comparison group.", nullable=True)
    sd2i: Series[float] = pa.Field(description="SD, comparison group.", nullable=True, gt=0)
    n2i: Series[pd.Int64Dtype] = _count("Size of the comparison group.")
    ai: Series[pd.Int64Dtype] = pa.Field(description="Events, intervention group.", nullable=True, ge=0)
    bi: Series[pd.Int64Dtype] = pa.Field(description="Non-events, intervention group.", nullable=True, ge=0)
    ci: Series[pd.Int64Dtype] = pa.Field(description="Events, comparison group.", nullable=True, ge=0)
    di: Series[pd.Int64Dtype] = pa.Field(description="Non-events, comparison group.", nullable=True, ge=0)
    ri: Series[float] = pa.Field(description="Correlation.", nullable=True, gt=-1, lt=1)
    ni: Series[pd.Int64Dtype] = pa.Field(description="Sample size for a correlation.", nullable=True, gt=3)

    @pa.dataframe_check(error="events exceed the group size (ai > n1i or ci > n2i)")
    def events_within_totals(cls, df: pd.DataFrame) -> Series[bool]:
        ok_1 = df["ai"].isna() | df["n1i"].isna() | (df["ai"] <= df["n1i"])
        ok_2 = df["ci"].isna() | df["n2i"].isna() | (df["ci"] <= df["n2i"])
        return (ok_1 & ok_2).astype(bool)

    class Config:
        strict = False
        coerce = True
