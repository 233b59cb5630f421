"""Our own gold-annotated reviews, scored like the acceptance checks score held-out ones."""

from pathlib import Path

import pytest

from pipelines.lib.evaluation import load_gold, score_warehouse
from pipelines.sql import connect_readonly

GOLD = sorted((Path(__file__).parent / "gold").glob("*.csv"))
BARS = {"neuroplasticity_mental_health": (0.95, 0.90)}
DEFAULT_BAR = (0.85, 0.85)


@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_gold_review_scores_above_the_bar(seed_build, gold):
    con = connect_readonly(seed_build / "warehouse.duckdb")
    try:
        score = score_warehouse(con, load_gold(gold), gold.stem)
    finally:
        con.close()
    print(f"{gold.stem}: {score.line()}")
    recall_bar, precision_bar = BARS.get(gold.stem, DEFAULT_BAR)
    assert score.required > 0 and score.cited_rows > 0
    assert score.recall >= recall_bar and score.precision >= precision_bar, (score.missed, score.unmatched)


def test_there_are_at_least_two_gold_reviews_besides_the_seed():
    assert len([g for g in GOLD if g.stem != "neuroplasticity_mental_health"]) >= 2
    for gold in GOLD:
        assert (Path(__file__).parent / "fixtures" / "reviews" / f"{gold.stem}.md").exists() or gold.stem == "neuroplasticity_mental_health"
