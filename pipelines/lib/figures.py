"""The evidence gap map (PNG) and the file names of figures; forest plots are in forest_plot.py.

Drawn with matplotlib's Agg backend (no display needed); files are named from their content
so a rebuild overwrites the same paths.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from pipelines.lib.forest_plot import forest_plot, study_label  # noqa: E402
from pipelines.lib.warehouse_sql import open_for_reading

DIRECTION_COLOURS = {"increase": "#1b9e77", "decrease": "#d95f02", "no_effect": "#7570b3", "modulates": "#999999"}


def slug(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "_".join(parts).lower()).strip("-")[:120]


GAP_MAP_INTERVENTIONS = 40  # a readable map: the best-evidenced rows and columns; the claims table holds them all
GAP_MAP_OUTCOMES = 60
# each direction has its own corner of a cell, so two directions in one cell never hide each other
CORNERS = {"increase": (-0.2, -0.2), "decrease": (0.2, -0.2), "no_effect": (-0.2, 0.2), "modulates": (0.2, 0.2)}
SIZE_KEY = (1, 5, 20)

# Evidence with a source: a cited reference, or the article's own finding (a trial's result, a meta-analysis's pooled
# estimate). Uncited general claims ("exercise is thought to reduce anxiety") are not evidence and are not drawn.
GAP_MAP_EVIDENCE_SQL = """
SELECT c.intervention, c.intervention_class, c.outcome, c.outcome_domain, c.direction,
       count(DISTINCT coalesce(e.reference_id, 'article:' || e.review_id)) AS n_sources
FROM claims c JOIN evidence e USING (claim_id)
WHERE e.reference_id IS NOT NULL OR e.statement_kind = 'finding'
GROUP BY ALL
"""


def _bubble(n: float) -> float:
    """Marker area growing with the square root of the sources, so one well-studied cell does not cover its row; the key shows the scale."""
    return 30 + 120 * n ** 0.5


def _most_evidenced(evidence: pd.DataFrame, column: str, keep: int) -> set[str]:
    totals = evidence.groupby(column)["n_sources"].sum().reset_index().sort_values(["n_sources", column], ascending=[False, True])
    return set(totals[column].head(keep))


def draw_gap_map(evidence: pd.DataFrame):
    """Interventions by outcome: a bubble per direction sized by its number of sources, each direction in its own corner
    of the cell; empty cells are the gaps. Rows grouped by intervention class and columns by outcome domain. Bounded to
    the best-evidenced 40 interventions and 60 outcomes: a corpus of trials names thousands, and a grid of every one by
    every other is neither readable nor cheap (614 x 1,236 took 125 s and 7.2 GB)."""
    shown_interventions = _most_evidenced(evidence, "intervention", GAP_MAP_INTERVENTIONS)
    shown_outcomes = _most_evidenced(evidence, "outcome", GAP_MAP_OUTCOMES)
    bounded = len(shown_interventions) < evidence["intervention"].nunique() or len(shown_outcomes) < evidence["outcome"].nunique()
    evidence = evidence[evidence["intervention"].isin(shown_interventions) & evidence["outcome"].isin(shown_outcomes)]
    classes = evidence.drop_duplicates("intervention").set_index("intervention")["intervention_class"].fillna("")
    domains = evidence.drop_duplicates("outcome").set_index("outcome")["outcome_domain"].fillna("")
    interventions = sorted(classes.index, key=lambda n: (classes[n], n))
    outcomes = sorted(domains.index, key=lambda n: (domains[n], n))
    row, column = {n: i for i, n in enumerate(interventions)}, {n: i for i, n in enumerate(outcomes)}
    fig, ax = plt.subplots(figsize=(max(9, 0.42 * len(outcomes) + 5), max(5, 0.4 * len(interventions) + 2.5)))
    for direction, group in evidence.groupby("direction"):
        dx, dy = CORNERS.get(direction, (0.0, 0.0))
        ax.scatter([column[o] + dx for o in group["outcome"]], [row[i] + dy for i in group["intervention"]], s=[_bubble(n) for n in group["n_sources"]],
                   color=DIRECTION_COLOURS.get(direction, "black"), alpha=0.85, edgecolors="white", linewidths=0.5)
    ax.set_xticks(range(len(outcomes)))
    ax.set_xticklabels([f"{o} ({domains[o]})" if domains[o] else o for o in outcomes], rotation=60, ha="right", fontsize=7.5)
    ax.set_yticks(range(len(interventions)))
    ax.set_yticklabels([f"{i} ({classes[i]})" if classes[i] else i for i in interventions], fontsize=7.5)
    ax.set_xlim(-0.6, len(outcomes) - 0.4)
    ax.set_ylim(len(interventions) - 0.4, -0.6)
    ax.set_xticks([x + 0.5 for x in range(len(outcomes) - 1)], minor=True)
    ax.set_yticks([y + 0.5 for y in range(len(interventions) - 1)], minor=True)
    ax.grid(True, which="minor", color="#e5e5e5", lw=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_axisbelow(True)
    directions = [Line2D([], [], ls="", marker="o", markersize=8, color=DIRECTION_COLOURS[d], label=f"{d.replace('_', ' ')} ({where})")
                  for d, where in (("increase", "top left"), ("decrease", "top right"), ("no_effect", "bottom left"), ("modulates", "bottom right"))]
    first = ax.legend(handles=directions, title="direction (corner of the cell)", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title_fontsize=8)
    ax.add_artist(first)
    most = int(evidence["n_sources"].max()) if len(evidence) else 1
    sizes = [plt.scatter([], [], s=_bubble(n), color="#888888", label=f"{n} source{'s' if n > 1 else ''}") for n in SIZE_KEY if n <= max(most, 1)]
    ax.legend(handles=sizes, title="sources (bubble size)", loc="upper left", bbox_to_anchor=(1.01, 0.62), fontsize=8, title_fontsize=8, labelspacing=1.4, borderpad=1)
    title = "Evidence gap map: interventions by outcome (cited evidence and the articles' own findings)"
    if bounded:
        title += f"\nthe {len(interventions)} interventions and {len(outcomes)} outcomes with most sources; the claims table holds all"
    ax.set_title(title, fontsize=10, loc="left")
    fig.tight_layout()
    fig.subplots_adjust(right=1 - 2.4 / fig.get_figwidth())  # room for the two keys beside the map
    return fig


def gap_map(evidence: pd.DataFrame, path: Path) -> Path:
    fig = draw_gap_map(evidence)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
    return path


def draw_figures(warehouse: Path, folder: Path) -> list[Path]:
    """Every figure of a published warehouse, replacing the folder's old PNGs: the gap map and one forest plot per pooled pair."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    with open_for_reading(warehouse) as con:
        evidence = con.execute(GAP_MAP_EVIDENCE_SQL).df()
        pooled = con.execute("SELECT * FROM meta_analyses ORDER BY intervention, outcome, measure, method DESC").df()
        studies = con.execute(
            "SELECT s.intervention, s.outcome, s.measure, s.yi, s.vi, s.study_label, s.reference_id, b.first_author, b.year "
            "FROM effect_sizes s LEFT JOIN bibliography b USING (reference_id) WHERE s.data_status = 'complete'"
        ).df()
        polarity = dict(con.execute("SELECT outcome, polarity FROM outcomes").fetchall())
    studies["label"] = [study_label(r.first_author, r.year, r.study_label, r.reference_id) for r in studies.itertuples()]
    made = [gap_map(evidence, folder / "evidence_gap_map.png")] if len(evidence) else []
    for (intervention, outcome, measure), group in pooled.groupby(["intervention", "outcome", "measure"], sort=True):
        rows = studies[(studies.intervention == intervention) & (studies.outcome == outcome) & (studies.measure == measure)]
        path = folder / f"forest_{slug(intervention, outcome, measure)}.png"
        made.append(forest_plot(rows, group, intervention, outcome, measure, path, polarity.get(outcome)))
    return made
