"""Effect sizes, pooling and pictures; agreement with R's metafor (3.8.1) on dat.bcg and dat.normand1999."""

import shutil
import warnings

import matplotlib.legend
import pandas as pd
import pytest

from pipelines.lib.effect_size_sheets import read_effect_size_sheets
from pipelines.lib.figures import slug
from pipelines.lib.meta_analysis import effect_size, pool, pool_effect_sizes
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
#   Q(df = 12) = 152.2330, p < .0001
METAFOR = {
    "REML": {"estimate": -0.7145, "se": 0.1798, "ci_low": -1.0669, "ci_high": -0.3622, "tau2": 0.3132, "i2": 92.22, "q": 152.2330},
    "DL": {"estimate": -0.7141, "se": 0.1787, "ci_low": -1.0644, "ci_high": -0.3638, "tau2": 0.3088, "i2": 92.12, "q": 152.2330},
}
# dat.normand1999 (n1i, m1i, sd1i, n2i, m2i, sd2i) and metafor 3.8.1's escalc(measure="SMD") and rma() on it
NORMAND = [(155, 55, 47, 156, 75, 64), (31, 27, 7, 32, 29, 4), (75, 64, 17, 71, 119, 29), (18, 66, 20, 18, 137, 48), (8, 14, 8, 13, 18, 11),
           (57, 19, 7, 52, 18, 4), (34, 52, 45, 33, 41, 34), (110, 21, 16, 183, 31, 27), (60, 30, 27, 52, 23, 20)]
NORMAND_YI = [-0.3552, -0.3479, -2.3176, -1.8880, -0.3840, 0.1721, 0.2721, -0.4246, 0.2896]
NORMAND_VI = [0.0131, 0.0645, 0.0458, 0.1606, 0.2054, 0.0369, 0.0603, 0.0149, 0.0363]
METAFOR_NORMAND = {
    "REML": {"estimate": -0.5371, "se": 0.3087, "ci_low": -1.1421, "ci_high": 0.0679, "tau2": 0.7908, "i2": 95.49, "q": 123.7293},
    "DL": {"estimate": -0.5307, "se": 0.2592, "ci_low": -1.0388, "ci_high": -0.0227, "tau2": 0.5397, "i2": 93.53, "q": 123.7293},
}
R_SHEETS = FIXTURES / "r_sheets"


def _assert_metafor(result, expected):
    """result: a Pooled, or a meta_analyses row as a dict."""
    values = result if isinstance(result, dict) else vars(result)
    for name in ("estimate", "se", "ci_low", "ci_high", "tau2", "q"):
        assert round(values[name], 4) == pytest.approx(expected[name], abs=1e-9), name
    assert round(values["i2"], 2) == pytest.approx(expected["i2"], abs=1e-9)


@pytest.mark.parametrize("method", ["REML", "DL"])
def test_agrees_with_metafor_on_dat_bcg(method):
    effects = [effect_size("RR", {"ai": a, "bi": b, "ci": c, "di": d}) for a, b, c, d in BCG]
    result = pool([e[0] for e in effects], [e[1] for e in effects], method)
    assert result.k == 13 and result.q_p < 1e-4
    _assert_metafor(result, METAFOR[method])


@pytest.mark.parametrize("method", ["REML", "DL"])
def test_agrees_with_metafor_on_dat_normand1999(method):
    effects = [effect_size("SMD", {"n1i": a, "m1i": b, "sd1i": c, "n2i": d, "m2i": e, "sd2i": f}) for a, b, c, d, e, f in NORMAND]
    assert [round(y, 4) for y, _ in effects] == NORMAND_YI
    assert [round(v, 4) for _, v in effects] == NORMAND_VI
    _assert_metafor(pool([e[0] for e in effects], [e[1] for e in effects], method), METAFOR_NORMAND[method])


def _sheet_inputs(tmp_path, *sheets):
    raw = tmp_path / "raw"
    (raw / "effect_sizes").mkdir(parents=True)
    rows = []
    for sheet in sheets:
        (raw / "effect_sizes" / sheet.name).write_bytes(sheet.read_bytes())
        rows.append(pd.read_csv(sheet)[["intervention", "outcome", "reference_id"]])
    pairs = pd.concat(rows)
    return raw, set(pairs["reference_id"]), set(zip(pairs["intervention"], pairs["outcome"], pairs["reference_id"], strict=True))


def test_sheets_saved_by_r_write_csv_load_whole_and_pool_as_metafor(tmp_path):
    raw, references, pairs = _sheet_inputs(tmp_path, R_SHEETS / "dat_bcg_write_csv.csv", R_SHEETS / "dat_normand1999_write_csv.csv")
    result = read_effect_size_sheets(raw, references, pairs)
    assert result.rejected == []
    assert len(result.effects) == 22 and set(result.effects.data_status) == {"complete"}
    pooled = {(r["measure"], r["method"]): r for r in pool_effect_sizes(result.effects)}
    for method in ("REML", "DL"):
        _assert_metafor(pooled["RR", method], METAFOR[method])
        _assert_metafor(pooled["SMD", method], METAFOR_NORMAND[method])


@pytest.mark.parametrize("missing", ["", "NA", "NaN", "#N/A", "N/A", "NULL"])
def test_every_missing_value_spelling_reads_as_empty(tmp_path, missing):
    text = (R_SHEETS / "dat_normand1999_write_csv.csv").read_text().replace(",NA", f",{missing}")
    sheet = tmp_path / "normand.csv"
    sheet.write_text(text)
    raw, references, pairs = _sheet_inputs(tmp_path, sheet)
    result = read_effect_size_sheets(raw, references, pairs)
    assert result.rejected == [] and len(result.effects) == 9
    assert [round(y, 4) for y in result.effects.yi] == NORMAND_YI


def test_a_bad_cell_is_named_with_its_column_and_value(tmp_path):
    lines = (R_SHEETS / "dat_normand1999_write_csv.csv").read_text().splitlines()
    lines[1] = lines[1].replace(",47,", ",forty-seven,")
    lines[2] = lines[2].replace(",31,", ",31.5,")
    sheet = tmp_path / "normand.csv"
    sheet.write_text("\n".join(lines) + "\n")
    raw, references, pairs = _sheet_inputs(tmp_path, sheet)
    result = read_effect_size_sheets(raw, references, pairs)
    reasons = {r["location"]: r["reason"] for r in result.rejected}
    assert reasons == {"row 2": "sd1i = 'forty-seven' is not a number (leave it empty or write NA when it is missing)",
                       "row 3": "n1i = '31.5' is a count and must be a whole number"}
    assert len(result.effects) == 7


def test_a_zero_cell_gets_half_added_as_metafor_does():
    # escalc(measure="OR", ai=0, bi=10, ci=3, di=7): yi = log((0.5*7.5)/(10.5*3.5)), vi = 1/0.5 + 1/10.5 + 1/3.5 + 1/7.5
    yi, vi = effect_size("OR", {"ai": 0, "bi": 10, "ci": 3, "di": 7})
    assert round(yi, 4) == -2.2824 and round(vi, 4) == 2.5143


def test_r_writes_sheets_like_the_fixtures(tmp_path):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("R is not installed here (apt-get install r-base-core r-cran-metafor to run this check)")
    import subprocess

    code = (R_SHEETS / "README.md").read_text().split("```r\n", 1)[1].split("```", 1)[0]
    out = subprocess.run([rscript, "-e", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    if out.returncode != 0 and "metafor" in out.stderr:
        pytest.skip("metafor is not installed for R here")
    assert out.returncode == 0, out.stderr
    for name in ("dat_bcg_write_csv.csv", "dat_normand1999_write_csv.csv"):
        assert (tmp_path / name).read_bytes() == (R_SHEETS / name).read_bytes(), name


def test_effect_size_measures():
    # metafor's exact correction c(38) = 0.98010 (statsmodels' approximation gives 0.98013), vi = 1/20 + 1/20 + g²/80
    g, v = effect_size("SMD", {"m1i": 10, "sd1i": 2, "n1i": 20, "m2i": 8, "sd2i": 2, "n2i": 20})
    assert round(g, 4) == 0.9801 and round(v, 4) == 0.1120
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
    assert "sd1i = -2.0" in rejected[0][1] and "greater_than(0)" in rejected[0][1]
    assert "ref_does_not_exist" in rejected[1][1]
    assert con.execute("SELECT records_read, records_accepted, records_rejected FROM source_files WHERE source_file = 'effect_sizes/bad_sheet.csv'").fetchone() == (2, 0, 2)


def test_rejected_sheet_rows_warn_in_a_check_and_the_build_summary(sheets_build, seed_build):
    from pipelines.build import analyst_rows_summary
    from pipelines.lib.warehouse_checks import analyst_rows_accepted

    with connect_readonly(sheets_build / "warehouse.duckdb") as con:
        passed, count, rows = analyst_rows_accepted(con)
    assert not passed and count == 2 and set(rows.source_file) == {"effect_sizes/bad_sheet.csv"}
    line = analyst_rows_summary(sheets_build / "warehouse.duckdb")
    assert line.startswith("analyst files: 2 row(s) REJECTED in effect_sizes/bad_sheet.csv (2); first: effect_sizes/bad_sheet.csv row 2: ")
    assert analyst_rows_summary(seed_build / "warehouse.duckdb") is None


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

    evidence = pd.DataFrame([
        {"intervention": f"drug {i}", "intervention_class": "pharmacological", "outcome": f"outcome {(i * 7 + k) % 1500}",
         "outcome_domain": "symptom", "direction": "decrease", "n_sources": 1 + (i % 5 == 0) * 3}
        for i in range(1200) for k in range(3)
    ])
    path = gap_map(evidence, tmp_path / "gap.png")
    height, width = mpimg.imread(path).shape[:2]
    assert width <= (0.42 * GAP_MAP_OUTCOMES + 5) * 110 + 1 and height <= (0.4 * GAP_MAP_INTERVENTIONS + 2.5) * 110 + 1


def test_gap_map_draws_cited_evidence_and_own_findings_not_uncited_claims():
    import duckdb

    from pipelines.lib.figures import GAP_MAP_EVIDENCE_SQL

    con = duckdb.connect()
    con.execute("CREATE TABLE claims AS SELECT * FROM (VALUES ('c1', 'CBT', 'psychotherapy', 'anxiety', 'clinical', 'decrease'), "
                "('c2', 'yoga', 'exercise', 'anxiety', 'clinical', 'decrease'), ('c3', 'SSRI', 'drug', 'sleep', 'clinical', 'increase')) "
                "t(claim_id, intervention, intervention_class, outcome, outcome_domain, direction)")
    con.execute("CREATE TABLE evidence AS SELECT * FROM (VALUES ('c1', 'r1', 'ref_a', 'finding'), ('c1', 'r1', 'ref_b', 'claim'), ('c1', 'r2', 'ref_a', 'finding'), "
                "('c1', 'r1', NULL, 'finding'), ('c2', 'r1', NULL, 'claim'), ('c3', 'r3', NULL, 'finding')) t(claim_id, review_id, reference_id, statement_kind)")
    drawn = {(r[0], r[2]): r[5] for r in con.execute(GAP_MAP_EVIDENCE_SQL).fetchall()}
    # CBT: ref_a, ref_b and article r1's own finding; yoga's only row is an uncited claim; SSRI: trial r3's own result
    assert drawn == {("CBT", "anxiety"): 3, ("SSRI", "sleep"): 1}


def test_gap_map_keys_direction_and_bubble_size():
    import matplotlib.pyplot as plt

    from pipelines.lib import figures

    evidence = pd.DataFrame([{"intervention": "CBT", "intervention_class": "psychotherapy", "outcome": "anxiety", "outcome_domain": "clinical",
                              "direction": d, "n_sources": n} for d, n in (("decrease", 12), ("no_effect", 2), ("modulates", 1))])
    fig = figures.draw_gap_map(evidence)
    ax = fig.axes[0]
    legends = [c for c in ax.get_children() if isinstance(c, matplotlib.legend.Legend)]
    titles = {lg.get_title().get_text(): [t.get_text() for t in lg.get_texts()] for lg in legends}
    assert titles["sources (bubble size)"] == ["1 source", "5 sources"]  # 20 is beyond the largest cell here
    assert titles["direction (corner of the cell)"][0] == "increase (top left)"
    centres = {tuple(o.get_offsets()[0]) for o in ax.collections if len(o.get_offsets())}
    assert len(centres) == 3  # three directions in one cell, three places
    plt.close(fig)


def _bcg_forest():
    from pipelines.lib.forest_plot import draw_forest

    rows = []
    for (label, year), cells in zip(BCG_STUDIES, BCG, strict=True):
        yi, vi = effect_size("RR", dict(zip(("ai", "bi", "ci", "di"), cells, strict=True)))
        rows.append({"label": label, "year": year, "yi": yi, "vi": vi})
    studies = pd.DataFrame(rows).sample(frac=1, random_state=3)  # any input order
    pooled = pd.DataFrame([{"method": m, **vars(pool(list(studies.yi), list(studies.vi), m))} for m in ("REML", "DL")])
    return draw_forest(studies, pooled, "BCG vaccine", "tuberculosis", "RR", polarity="adverse")


BCG_STUDIES = [("Aronson", 1948), ("Ferguson & Simes", 1949), ("Rosenthal et al", 1960), ("Hart & Sutherland", 1977), ("Frimodt-Moller et al", 1973),
               ("Stein & Aronson", 1953), ("Vandiviere et al", 1973), ("TPT Madras", 1980), ("Coetzee & Berjak", 1968), ("Rosenthal et al", 1961),
               ("Comstock et al", 1974), ("Comstock & Webster", 1969), ("Comstock et al", 1976)]


def test_forest_plot_draws_ratios_on_a_log_axis_in_ratio_units_with_estimate_and_weight_columns():
    import matplotlib.pyplot as plt

    fig = _bcg_forest()
    try:
        ax = fig.axes[0]
        assert ax.get_xscale() == "log"
        assert {"0.1", "0.2", "0.5", "1", "2"} <= {t.get_text() for t in ax.get_xticklabels()}
        assert ax.get_xlabel() == "Risk ratio (log scale), 95% CI"
        texts = [t.get_text() for t in ax.texts]
        assert texts[:3] == ["Study", "RR [95% CI]", "Weight"]
        assert texts[3] == "Aronson" and texts[6] == "Ferguson & Simes"  # year order, whatever the input order
        # metafor: exp(-0.7145) = 0.49 [exp(-1.0669), exp(-0.3622)] = [0.34, 0.70]
        assert "0.49 [0.34, 0.70]" in texts and "Random effects, REML" in texts and "Random effects, DL" in texts
        weights = [float(t[:-1]) for t in texts if t.endswith("%")]
        assert len(weights) == 13 and sum(weights) == pytest.approx(100, abs=0.2)
        assert "← favours BCG vaccine" in texts and "favours comparison →" in texts
        notes = " ".join(t.get_text() for t in fig.texts)
        assert "Q = 152.23, df = 12, p < 0.0001" in notes and "τ² = 0.313 (REML), 0.309 (DL)" in notes and "I² = 92.2%" in notes
    finally:
        plt.close(fig)


def test_forest_labels_keep_group_authors_and_do_not_guess_favours():
    from pipelines.lib.forest_plot import favours_labels, study_label

    assert study_label("Tuberculosis Prevention Trial", 1980, None, "r1") == "Tuberculosis Prevention Trial 1980"
    assert study_label("van Dam H", 2013, None, "r2") == "van Dam 2013"
    assert study_label("Smith JA", None, None, "r3") == "Smith"
    assert study_label(None, None, None, "r4") == "r4" and study_label("Smith JA", 2001, "Smith 2001a", "r5") == "Smith 2001a"
    assert favours_labels("CBT", None) == ("lower with CBT", "higher with CBT")
