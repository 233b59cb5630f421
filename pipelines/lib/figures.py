"""Pictures people would rather look at than read: forest plots and the evidence gap map (PNG).

Drawn with matplotlib's Agg backend (no display needed); files are named from their content
so a rebuild overwrites the same paths.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

DIRECTION_COLOURS = {"increase": "#1b9e77", "decrease": "#d95f02", "no_effect": "#7570b3", "modulates": "#999999"}
LOG_MEASURES = {"OR", "RR"}


def slug(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "_".join(parts).lower()).strip("-")[:120]


def forest_plot(studies: pd.DataFrame, pooled: pd.DataFrame, intervention: str, outcome: str, measure: str, path: Path) -> Path:
    """studies: label, yi, vi; pooled: method, estimate, ci_low, ci_high, tau2, i2, k."""
    studies = studies.reset_index(drop=True)
    rows = len(studies) + len(pooled)
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * rows))
    weights = 1 / studies["vi"].astype(float)
    for i, study in studies.iterrows():
        y = rows - i
        half = 1.96 * math.sqrt(float(study["vi"]))
        ax.plot([study["yi"] - half, study["yi"] + half], [y, y], color="black", lw=1)
        ax.scatter([study["yi"]], [y], marker="s", s=40 + 260 * weights[i] / weights.max(), color="black")
    labels = list(studies["label"])
    for j, p in enumerate(pooled.itertuples()):
        y = rows - len(studies) - j
        if p.estimate is None or pd.isna(p.estimate):
            labels.append(f"{p.method}: {p.note}")
            continue
        ax.fill([p.ci_low, p.estimate, p.ci_high, p.estimate], [y, y + 0.25, y, y - 0.25], color="#1f4e79")
        tau2 = "" if p.tau2 is None or pd.isna(p.tau2) else f", tau²={p.tau2:.3f}, I²={p.i2:.1f}%"
        labels.append(f"{p.method} (k={p.k}{tau2})")
    ax.axvline(0, color="grey", ls="--", lw=0.8)
    ax.set_yticks(range(rows, 0, -1))
    ax.set_yticklabels(labels)
    scale = " (log scale)" if measure in LOG_MEASURES else ""
    ax.set_xlabel(f"{measure}{scale} with 95% CI")
    ax.set_title(f"{intervention} → {outcome}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, metadata={"Software": None})
    plt.close(fig)
    return path


GAP_MAP_INTERVENTIONS = 40  # a readable map: the best-evidenced rows and columns; the claims table holds them all
GAP_MAP_OUTCOMES = 60


def _most_evidenced(claims: pd.DataFrame, column: str, keep: int) -> set[str]:
    totals = claims.groupby(column)["n_references"].sum().reset_index().sort_values(["n_references", column], ascending=[False, True])
    return set(totals[column].head(keep))


def gap_map(claims: pd.DataFrame, path: Path) -> Path:
    """Interventions by outcome; bubble area the distinct references, colour the direction; empty cells are the gaps.
    Bounded to the best-evidenced interventions and outcomes: a corpus of trials names thousands, and a grid of
    every one by every other is neither readable nor drawable (376 trial reports ran the renderer out of memory)."""
    shown_interventions = _most_evidenced(claims, "intervention", GAP_MAP_INTERVENTIONS)
    shown_outcomes = _most_evidenced(claims, "outcome", GAP_MAP_OUTCOMES)
    bounded = len(shown_interventions) < claims["intervention"].nunique() or len(shown_outcomes) < claims["outcome"].nunique()
    claims = claims[claims["intervention"].isin(shown_interventions) & claims["outcome"].isin(shown_outcomes)]
    interventions = sorted(claims["intervention"].unique(), key=lambda n: (claims.loc[claims["intervention"] == n, "intervention_class"].iloc[0], n))
    outcomes = sorted(claims["outcome"].unique(), key=lambda n: (claims.loc[claims["outcome"] == n, "outcome_domain"].iloc[0], n))
    fig, ax = plt.subplots(figsize=(max(8, 0.45 * len(outcomes) + 4), max(5, 0.35 * len(interventions) + 2)))
    offsets = {"increase": -0.15, "decrease": 0.15, "no_effect": 0.0, "modulates": 0.0}
    for direction, group in claims.groupby("direction"):
        xs = [outcomes.index(o) + offsets.get(direction, 0) for o in group["outcome"]]
        ys = [interventions.index(i) for i in group["intervention"]]
        sizes = [40 + 90 * max(n, 0.3) for n in group["n_references"]]
        ax.scatter(xs, ys, s=sizes, color=DIRECTION_COLOURS.get(direction, "black"), alpha=0.75, label=direction.replace("_", " "), edgecolors="white")
    ax.set_xticks(range(len(outcomes)))
    ax.set_xticklabels(outcomes, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(interventions)))
    ax.set_yticklabels(interventions, fontsize=8)
    ax.set_xlim(-0.7, len(outcomes) - 0.3)
    ax.set_ylim(-0.7, len(interventions) - 0.3)
    ax.invert_yaxis()
    ax.grid(True, color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    ax.legend(title="direction (area: distinct references)", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title("Evidence gap map: interventions by outcome" + (
        f" (the {len(interventions)} interventions and {len(outcomes)} outcomes with most references; all are in the claims table)" if bounded else ""),
        fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, metadata={"Software": None})
    plt.close(fig)
    return path
