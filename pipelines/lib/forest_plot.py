"""Forest plots as meta-analysts draw them, with metafor's forest() and RevMan's as the anchors.

One row per study (label, square sized by its REML weight, 95% CI), then a diamond per pooling
method; beside the plot an "estimate [95% CI]" column and a weight column; under it the
heterogeneity line (tau², I², Cochran's Q with its p). Ratio measures (OR, RR) are computed on
the log scale and drawn on a log axis labelled in ratio units, with the line of no effect at 1.
"Favours" labels need to know whether less of the outcome is better: the vocabulary's
`polarity = adverse` says so; without it the sides are labelled by direction only, not guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator  # noqa: E402

Z95 = 1.959963984540054
MEASURE_NAMES = {"OR": "Odds ratio", "RR": "Risk ratio", "SMD": "Standardised mean difference (Hedges' g)", "MD": "Mean difference", "ZCOR": "Fisher's z"}
RATIO_MEASURES = {"OR", "RR"}
RATIO_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]
STUDY_ORDER = "studies by publication year, then label"


@dataclass
class ForestRow:
    label: str
    estimate: float  # on the measure's own scale (log for ratios)
    ci_low: float
    ci_high: float
    weight: float | None = None  # percent, REML
    pooled: bool = False


def study_label(first_author: str | None, year, sheet_label: str | None, reference_id: str) -> str:
    """The sheet's own label first; otherwise 'Family Year' from 'Family Initials', keeping group authors whole."""
    if sheet_label:
        return sheet_label
    if not first_author:
        return reference_id
    words = first_author.split()
    family = " ".join(words[:-1]) if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3 else first_author
    return f"{family} {int(year)}" if year is not None and not pd.isna(year) else family


def _fmt(value: float, ratio: bool) -> str:
    return f"{math.exp(value):.2f}" if ratio else f"{value:.2f}"


def estimate_text(estimate: float, low: float, high: float, ratio: bool) -> str:
    return f"{_fmt(estimate, ratio)} [{_fmt(low, ratio)}, {_fmt(high, ratio)}]"


def heterogeneity_text(pooled: pd.DataFrame) -> str:
    rows = {p.method: p for p in pooled.itertuples() if p.tau2 is not None and not pd.isna(p.tau2)}
    if not rows:
        return ""
    any_row = next(iter(rows.values()))
    tau2 = ", ".join(f"{rows[m].tau2:.3f} ({m})" for m in ("REML", "DL") if m in rows)
    p = any_row.q_p
    p_text = "p < 0.0001" if p < 0.0001 else f"p = {p:.4f}"
    return f"Heterogeneity: τ² = {tau2}; I² = {any_row.i2:.1f}% (REML); Q = {any_row.q:.2f}, df = {any_row.k - 1}, {p_text}"


def forest_rows(studies: pd.DataFrame, pooled: pd.DataFrame) -> list[ForestRow]:
    """studies: label, year, yi, vi (any order: sorted here); pooled: the meta_analyses rows of one pair and measure."""
    ordered = studies.assign(_year=studies["year"].fillna(9999)).sort_values(["_year", "label"], kind="stable")
    reml = pooled[pooled["method"] == "REML"]
    tau2 = float(reml["tau2"].iloc[0]) if len(reml) and not pd.isna(reml["tau2"].iloc[0]) else 0.0
    weights = 1 / (ordered["vi"].astype(float) + tau2)
    rows = [
        ForestRow(s.label, s.yi, s.yi - Z95 * math.sqrt(s.vi), s.yi + Z95 * math.sqrt(s.vi), 100 * w / weights.sum())
        for s, w in zip(ordered.itertuples(), weights, strict=True)
    ]
    for p in pooled.sort_values("method", ascending=False).itertuples():  # REML first, then DL
        if p.estimate is not None and not pd.isna(p.estimate):
            rows.append(ForestRow(f"Random effects, {p.method}", p.estimate, p.ci_low, p.ci_high, pooled=True))
    return rows


def favours_labels(intervention: str, polarity: str | None) -> tuple[str, str]:
    """(left, right) under the axis. Left is a lower value in the intervention group."""
    if polarity == "adverse":
        return f"favours {intervention}", "favours comparison"
    return f"lower with {intervention}", f"higher with {intervention}"


def draw_forest(studies: pd.DataFrame, pooled: pd.DataFrame, intervention: str, outcome: str, measure: str, polarity: str | None = None):
    """The figure, not saved (tests look at its axes)."""
    ratio = measure in RATIO_MEASURES
    rows = forest_rows(studies, pooled)
    show = (lambda v: math.exp(v)) if ratio else (lambda v: v)
    n = len(rows)
    fig = plt.figure(figsize=(11, 2.2 + 0.32 * n))
    ax = fig.add_axes((0.28, 0.22, 0.42, 0.66))
    ys = list(range(n, 0, -1))
    for row, y in zip(rows, ys, strict=True):
        if row.pooled:
            ax.fill([show(row.ci_low), show(row.estimate), show(row.ci_high), show(row.estimate)], [y, y + 0.3, y, y - 0.3], color="#1f4e79")
        else:
            ax.plot([show(row.ci_low), show(row.ci_high)], [y, y], color="black", lw=1)
            ax.scatter([show(row.estimate)], [y], marker="s", s=15 + 4 * (row.weight or 0), color="#404040", zorder=3)
    null = 1.0 if ratio else 0.0
    ax.axvline(null, color="black", lw=0.8)
    if ratio:
        ax.set_xscale("log")
        low, high = min(show(r.ci_low) for r in rows), max(show(r.ci_high) for r in rows)
        ticks = [t for t in RATIO_TICKS if low / 2 <= t <= high * 2]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.set_xticklabels([f"{t:g}" for t in ticks])
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(0.3, n + 1.2)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(f"{MEASURE_NAMES.get(measure, measure)}{' (log scale)' if ratio else ''}, 95% CI")
    text = ax.get_yaxis_transform()  # x in axes fraction, y in data rows
    ax.text(-0.62, n + 0.9, "Study", transform=text, fontweight="bold", fontsize=9, va="center")
    ax.text(1.05, n + 0.9, f"{measure} [95% CI]", transform=text, fontweight="bold", fontsize=9, va="center")
    ax.text(1.55, n + 0.9, "Weight", transform=text, fontweight="bold", fontsize=9, va="center", ha="right")
    for row, y in zip(rows, ys, strict=True):
        weight = "" if row.weight is None else f"{row.weight:.1f}%"
        style = {"fontweight": "bold"} if row.pooled else {}
        ax.text(-0.62, y, row.label[:40], transform=text, fontsize=8.5, va="center", **style)
        ax.text(1.05, y, estimate_text(row.estimate, row.ci_low, row.ci_high, ratio), transform=text, fontsize=8.5, va="center", **style)
        ax.text(1.55, y, weight, transform=text, fontsize=8.5, va="center", ha="right")
    left, right = favours_labels(intervention, polarity)
    ax.text(0.0, -0.14, f"← {left}", transform=ax.transAxes, fontsize=8.5, ha="left", va="top")
    ax.text(1.0, -0.14, f"{right} →", transform=ax.transAxes, fontsize=8.5, ha="right", va="top")
    notes = [heterogeneity_text(pooled), f"Weights: random effects (REML); {STUDY_ORDER}."]
    for p in pooled.itertuples():
        if p.note:
            notes.append(f"{p.method}: {p.note}")
    fig.text(0.02, 0.02, "\n".join(n for n in notes if n), fontsize=8, va="bottom")
    fig.suptitle(f"{intervention} → {outcome}", fontsize=11, x=0.02, ha="left")
    return fig


def forest_plot(studies: pd.DataFrame, pooled: pd.DataFrame, intervention: str, outcome: str, measure: str, path: Path, polarity: str | None = None) -> Path:
    fig = draw_forest(studies, pooled, intervention, outcome, measure, polarity)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, metadata={"Software": None})
    plt.close(fig)
    return path
