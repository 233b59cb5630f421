"""Effect sizes, pooling and pictures; agreement with R's metafor on the BCG vaccine trials."""

import shutil
import warnings

import pandas as pd
import pytest

from pipelines.lib.figures import slug
from pipelines.lib.meta_analysis import effect_size, pool
from pipelines.sql import connect_readonly
from tests.conftest import FIXTURES, make_raw, run_build

# dat.bcg from metafor (Colditz et al., 1994): tpos, tneg, cpos, cneg for the 13 trials
BCG = [
    (4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619), (33, 5036, 47, 5761),
    (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892), (29, 7470, 45, 7232), (17, 1699, 65, 1600),
    (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825),
]
# metafor's documented results for rma(ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg, measure="RR")
# (help page of rma.uni / dat.bcg and https://www.metafor-project.org/doku.php/analyses:normand1999 style output):
#   REML: estimate -0.7145, se 0.1798, ci -1.0669 to -0.3622, tau^2 0.3132, I^2 92.22%
#   DL (method="DL"): estimate -0.7141, se 0.1787, ci -1.0644 to -0.3638, tau^2 0.3088, I^2 92.12%
METAFOR = {
    "REML": {"estimate": -0.7145, "se": 0.1798, "ci_low": -1.0669, "ci_high": -0.3622, "tau2": 0.3132, "i2": 92.22},
    "DL": {"estimate": -0.7141, "se": 0.1787, "ci_low": -1.0644, "ci_high": -0.3638, "tau2": 0.3088, "i2": 92.12},
}


@pytest.mark.parametrize("method", ["REML", "DL"])
def test_agrees_with_metafor_on_dat_bcg(method):
    effects = [effect_size("RR", {"ai": a, "bi": b, "ci": c, "di": d}) for a, b, c, d in BCG]
    result = pool([e[0] for e in effects], [e[1] for e in effects], method)
    expected = METAFOR[method]
    assert result.k == 13
    for name in ("estimate", "se", "ci_low", "ci_high", "tau2"):
        assert round(getattr(result, name), 4) == pytest.approx(expected[name], abs=1e-9), name
    assert round(result.i2, 2) == pytest.approx(expected["i2"], abs=1e-9)


def test_effect_size_measures():
    g, v = effect_size("SMD", {"m1i": 10, "sd1i": 2, "n1i": 20, "m2i": 8, "sd2i": 2, "n2i": 20})
    # statsmodels: J = 1 - 3/(4 df - 1); metafor uses the exact gamma form, which differs in the 4th decimal for n = 40
    assert round(g, 4) == 0.9801 and round(v, 4) == 0.1133
    assert effect_size("MD", {"m1i": 10, "sd1i": 2, "n1i": 20, "m2i": 8, "sd2i": 2, "n2i": 20}) == pytest.approx((2.0, 0.4))
    z, vz = effect_size("ZCOR", {"ri": 0.5, "ni": 28})
    assert round(z, 4) == 0.5493 and vz == pytest.approx(1 / 25)


def test_impossible_pools_say_why():
    assert pool([0.3], [0.04], "REML").note.startswith("one study")
    assert "zero" in pool([0.3, 0.2], [0.04, 0.0], "DL").note


@pytest.fixture(scope="module")
def sheets_build(seed_build, tmp_path_factory):
    root = tmp_path_factory.mktemp("sheets")
    raw = make_raw(root)
    # only the reviews that cite MDMA trials: ids are content-derived, so the template's rows match
    for review in (FIXTURES / "reviews").glob("*.md"):
        if "MDMA" in review.read_text(encoding="utf-8"):
            shutil.copy(review, raw / "reviews" / review.name)
    template = pd.read_csv(seed_build / "exports" / "meta_analysis.csv")
    mdma = template[(template.intervention == "MDMA") & (template.outcome == "remission")].sort_values("reference_id").head(3).copy()
    assert len(mdma) == 3
    mdma["measure"] = "OR"
    for column, values in {"ai": [45, 30, 50], "bi": [15, 20, 19], "ci": [20, 15, 28], "di": [40, 35, 40]}.items():
        mdma[column] = values
    (raw / "effect_sizes").mkdir()
    mdma.to_csv(raw / "effect_sizes" / "mdma_remission.csv", index=False)
    bad = mdma.head(2).copy()
    bad["measure"] = "SMD"
    bad.loc[:, ["ai", "bi", "ci", "di"]] = None
    bad["m1i"], bad["sd1i"], bad["n1i"], bad["m2i"], bad["sd2i"], bad["n2i"] = 10.0, -2.0, 20, 8.0, 2.0, 20
    bad.iloc[1, bad.columns.get_loc("reference_id")] = "ref_does_not_exist"
    bad.iloc[1, bad.columns.get_loc("sd1i")] = 2.0
    bad.to_csv(raw / "effect_sizes" / "bad_sheet.csv", index=False)
    processed = root / "processed"
    assert run_build(raw, processed) == 0
    return processed


def test_filled_sheet_gives_a_pooled_row_and_a_forest_plot(sheets_build):
    con = connect_readonly(sheets_build / "warehouse.duckdb")
    rows = con.execute("SELECT method, k, estimate, tau2, i2, note FROM meta_analyses WHERE intervention = 'MDMA' AND outcome = 'remission' ORDER BY method").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("DL", 3), ("REML", 3)]
    assert all(r[2] is not None and r[2] > 0 for r in rows)
    assert (sheets_build / "figures" / f"forest_{slug('MDMA', 'remission', 'OR')}.png").stat().st_size > 5000
    status = pd.read_csv(sheets_build / "exports" / "meta_analysis.csv")
    assert set(status[(status.intervention == "MDMA") & (status.outcome == "remission")].data_status) == {"complete"}


def test_bad_sheet_rows_are_rejected_with_reasons(sheets_build):
    con = connect_readonly(sheets_build / "warehouse.duckdb")
    rejected = con.execute("SELECT location, reason FROM rejected_records WHERE source_file = 'effect_sizes/bad_sheet.csv' ORDER BY location").fetchall()
    assert len(rejected) == 2
    assert "sd1i" in rejected[0][1] and "greater_than(0)" in rejected[0][1]
    assert "ref_does_not_exist" in rejected[1][1]
    assert con.execute("SELECT records_read, records_accepted, records_rejected FROM source_files WHERE source_file = 'effect_sizes/bad_sheet.csv'").fetchone() == (2, 0, 2)


def test_seed_meta_analysis_sheet_lists_every_pair_and_reads_cleanly(seed_build):
    con = connect_readonly(seed_build / "warehouse.duckdb")
    pairs = set(con.execute("SELECT intervention, outcome, reference_id FROM evidence WHERE review_id = 'neuroplasticity_mental_health' AND reference_id IS NOT NULL").fetchall())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sheet = pd.read_csv(seed_build / "exports" / "meta_analysis.csv")
    seed = sheet[sheet.review_id == "neuroplasticity_mental_health"]
    assert set(zip(seed.intervention, seed.outcome, seed.reference_id, strict=True)) == pairs
    assert set(seed.data_status) == {"none"}
    for column in ("measure", "yi", "vi", "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "ai", "bi", "ci", "di", "ri", "ni"):
        assert column in sheet.columns
    raw = (seed_build / "exports" / "meta_analysis.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw


def test_gap_map_png_and_csv(seed_build):
    assert (seed_build / "figures" / "evidence_gap_map.png").stat().st_size > 10000
    gap = pd.read_csv(seed_build / "exports" / "evidence_gap_map.csv")
    assert {"intervention", "intervention_code", "intervention_class", "outcome", "outcome_code", "outcome_domain", "n_references"} <= set(gap.columns)
    assert gap.intervention_code.str.match(r"^I\d{3}$").all() and gap.outcome_code.str.match(r"^O\d{3}$").all()


def test_r_reads_the_sheet_without_warnings(seed_build):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed here (apt-get install r-base-core to run this check)")
    import subprocess

    code = (
        "x <- withCallingHandlers(read.csv(commandArgs(TRUE)[1], stringsAsFactors = FALSE), warning = function(w) stop(w));"
        "cat(nrow(x), ncol(x), names(x)[1], sep = ',')"
    )
    out = subprocess.run([rscript, "-e", code, str(seed_build / "exports" / "meta_analysis.csv")], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rows, columns, first = out.stdout.strip().split(",")
    assert int(rows) > 0 and int(columns) == 24 and first == "intervention"


def test_gap_map_of_a_large_corpus_shows_its_best_evidenced_cells(tmp_path):
    """376 trial reports named thousands of interventions and outcomes and the full grid ran matplotlib out of memory."""
    import matplotlib.image as mpimg

    from pipelines.lib.figures import GAP_MAP_INTERVENTIONS, GAP_MAP_OUTCOMES, gap_map

    claims = pd.DataFrame([
        {"intervention": f"drug {i}", "intervention_class": "pharmacological", "outcome": f"outcome {(i * 7 + k) % 1500}",
         "outcome_domain": "symptom", "direction": "decrease", "n_references": 1 + (i % 5 == 0) * 3}
        for i in range(1200) for k in range(3)
    ])
    path = gap_map(claims, tmp_path / "gap.png")
    height, width = mpimg.imread(path).shape[:2]
    assert width <= (0.45 * GAP_MAP_OUTCOMES + 4) * 120 + 1 and height <= (0.35 * GAP_MAP_INTERVENTIONS + 2) * 120 + 1
