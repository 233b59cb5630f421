"""Effect sizes and random-effects pooling, agreeing with R's metafor to 4 decimals.

What is compared (tests/test_meta_analysis.py): metafor 3.8.1's escalc() and rma() on dat.bcg
(log RR) and dat.normand1999 (SMD), REML and DL, every figure to 4 decimals.

statsmodels gives the log odds and risk ratios and the DerSimonian-Laird moment estimate with
the same numbers as metafor, so those come from it. Its Hedges' g uses the approximate
correction 1 - 3/(4m - 1) and a variance with g²/(2(N - 3.94)); metafor uses the exact
correction c(m) = Γ(m/2) / (√(m/2) Γ((m-1)/2)) (Hedges 1981, eq. 6e) and the large-sample
variance 1/n1 + 1/n2 + g²/(2N) (metafor's vtype="LS"), so the SMD is written here. So are the
mean difference, Fisher's z, the REML estimator (Fisher scoring, Viechtbauer 2005) and Cochran's
Q. A study with a zero cell gets 0.5 added to each of its four cells, metafor's default
(add=1/2, to="only0"). I² is metafor's: tau² / (tau² + s²) with s² the typical within-study
variance, which for DL equals (Q - df) / Q.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MEASURES = {"SMD": "standardised mean difference (Hedges' g)", "MD": "mean difference", "OR": "log odds ratio", "RR": "log risk ratio", "ZCOR": "Fisher's z"}
METHODS = ("REML", "DL")


def _scipy_statsmodels():
    """scipy.stats and statsmodels take about a second to import, paid by every build process that imports the
    warehouse step; only a build with effect sizes to compute or pool needs them, so they load on first use."""
    from scipy import special, stats
    from statsmodels.stats import meta_analysis

    return stats, special, meta_analysis


class EffectSizeError(ValueError):
    """The row's numbers do not give an effect size; the message says why."""


def effect_size(measure: str, row: dict) -> tuple[float, float]:
    """(yi, vi) from the raw columns of one study, as metafor's escalc() names them."""
    def need(*names):
        missing = [n for n in names if row.get(n) is None]
        if missing:
            raise EffectSizeError(f"{measure} needs {', '.join(missing)}")
        return [float(row[n]) for n in names]

    if measure == "SMD":
        m1, sd1, n1, m2, sd2, n2 = need("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i")
        if n1 + n2 <= 3:
            raise EffectSizeError("SMD needs more than 3 participants in all")
        pooled_sd = math.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / (n1 + n2 - 2))
        yi = hedges_correction(n1 + n2 - 2) * (m1 - m2) / pooled_sd
        vi = 1 / n1 + 1 / n2 + yi**2 / (2 * (n1 + n2))
    elif measure == "MD":
        m1, sd1, n1, m2, sd2, n2 = need("m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i")
        yi, vi = m1 - m2, sd1**2 / n1 + sd2**2 / n2
    elif measure in ("OR", "RR"):
        a, b, c, d = need("ai", "bi", "ci", "di")
        if 0 in (a, b, c, d):
            a, b, c, d = a + 0.5, b + 0.5, c + 0.5, d + 0.5
        statistic = "odds-ratio" if measure == "OR" else "risk-ratio"
        _, _, meta_analysis = _scipy_statsmodels()
        yi, vi = meta_analysis.effectsize_2proportions(np.array([a]), np.array([a + b]), np.array([c]), np.array([c + d]), statistic=statistic)
        yi, vi = float(yi[0]), float(vi[0])
    elif measure == "ZCOR":
        r, n = need("ri", "ni")
        if not -1 < r < 1 or n <= 3:
            raise EffectSizeError("ZCOR needs -1 < ri < 1 and ni > 3")
        yi, vi = math.atanh(r), 1 / (n - 3)
    else:
        raise EffectSizeError(f"unknown measure {measure!r}: use one of {sorted(MEASURES)}")
    return float(yi), float(vi)


def hedges_correction(df: float) -> float:
    """The exact small-sample correction c(m) of Hedges (1981), in logs so large m does not overflow."""
    _, special, _ = _scipy_statsmodels()
    gammaln = special.gammaln
    return math.exp(gammaln(df / 2) - 0.5 * math.log(df / 2) - gammaln((df - 1) / 2))


@dataclass
class Pooled:
    method: str
    k: int
    estimate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    tau2: float | None
    i2: float | None
    q: float | None = None
    q_p: float | None = None
    note: str | None = None


def _typical_variance(vi: np.ndarray) -> float:
    w = 1 / vi
    return (len(vi) - 1) * w.sum() / (w.sum() ** 2 - (w**2).sum())


def _reml_tau2(yi: np.ndarray, vi: np.ndarray, start: float, tol: float = 1e-10, max_iter: int = 1000) -> float:
    """Fisher scoring for the REML estimate of tau² (metafor's default)."""
    tau2 = max(0.0, start)
    for _ in range(max_iter):
        w = 1 / (vi + tau2)
        mu = (w * yi).sum() / w.sum()
        p_diag_sum = w.sum() - (w**2).sum() / w.sum()
        score = 0.5 * ((w**2 * (yi - mu) ** 2).sum() - p_diag_sum)
        p_squared_trace = (w**2).sum() - 2 * (w**3).sum() / w.sum() + ((w**2).sum() / w.sum()) ** 2
        info = 0.5 * p_squared_trace
        new = max(0.0, tau2 + score / info)
        if abs(new - tau2) < tol:
            return new
        tau2 = new
    return tau2


def pool(yi: list[float], vi: list[float], method: str, alpha: float = 0.05) -> Pooled:
    y, v = np.asarray(yi, float), np.asarray(vi, float)
    k = len(y)
    if k == 0:
        return Pooled(method, 0, None, None, None, None, None, None, note="no studies with an effect size")
    if np.any(v <= 0):
        return Pooled(method, k, None, None, None, None, None, None, note="a study has zero or negative variance: cannot weight it")
    stats, _, meta_analysis = _scipy_statsmodels()
    if k == 1:
        se = math.sqrt(v[0])
        z = stats.norm.ppf(1 - alpha / 2)
        return Pooled(method, 1, float(y[0]), se, float(y[0] - z * se), float(y[0] + z * se), None, None,
                      note="one study: nothing to pool, its own estimate is shown")
    dl = meta_analysis.combine_effects(y, v, method_re="chi2")
    dl_tau2 = max(0.0, float(dl.tau2))  # statsmodels leaves the DL moment estimate untruncated; metafor truncates at 0
    tau2 = dl_tau2 if method == "DL" else _reml_tau2(y, v, dl_tau2)
    w = 1 / (v + tau2)
    estimate = float((w * y).sum() / w.sum())
    se = math.sqrt(1 / w.sum())
    z = stats.norm.ppf(1 - alpha / 2)
    s2 = _typical_variance(v)
    fixed = 1 / v
    q = float((fixed * (y - (fixed * y).sum() / fixed.sum()) ** 2).sum())
    return Pooled(method, k, estimate, se, estimate - z * se, estimate + z * se, tau2, 100 * tau2 / (tau2 + s2), q, float(stats.chi2.sf(q, k - 1)))


POOLED_COLUMNS = ["intervention", "outcome", "measure", "method", "k", "estimate", "ci_low", "ci_high", "se", "tau2", "i2", "q", "q_p", "note"]


def pool_effect_sizes(effects) -> list[dict]:
    """One row per intervention x outcome x measure x method, from the complete study rows."""
    rows = []
    complete = effects[effects["data_status"] == "complete"]
    for (intervention, outcome, measure), group in complete.groupby(["intervention", "outcome", "measure"], sort=True):
        group = group.sort_values(["reference_id", "source_file", "row"])
        for method in METHODS:
            p = pool(group["yi"].astype(float).tolist(), group["vi"].astype(float).tolist(), method)
            rows.append({"intervention": intervention, "outcome": outcome, "measure": measure, "method": method, "k": p.k, "estimate": p.estimate,
                         "ci_low": p.ci_low, "ci_high": p.ci_high, "se": p.se, "tau2": p.tau2, "i2": p.i2, "q": p.q, "q_p": p.q_p, "note": p.note})
    return rows
