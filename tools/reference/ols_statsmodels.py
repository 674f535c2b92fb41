#!/usr/bin/env python3
"""statsmodels reference fits for headwind's OLS (tests/econometrics_reference.rs).

Four datasets: Longley (statsmodels.datasets, NIST's ill-conditioned benchmark), stackloss, US macrodata
(statsmodels.datasets.macrodata: growth regression), and headwind's own data (Korea real GDP growth on its
two lags and US growth, 1982Q1-2025Q3, from data/macro_quarterly.csv). For each: every covariance type
headwind offers. Writes tests/fixtures/statsmodels_ols.json (X and y included so the Rust test refits the
identical design; the project dataset is also rebuilt in Rust from data/ to check the design builder).
Run: tools/.venv/bin/python tools/reference/ols_statsmodels.py
"""
import csv
import json
import os

import numpy as np
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.stats.stattools import durbin_watson, jarque_bera

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LB_LAGS = 8
HAC_LAGS = 4


def korea_gdp():
    with open(os.path.join(ROOT, "data", "macro_quarterly.csv")) as fh:
        rows = list(csv.DictReader(fh))
    q = [r["quarter"] for r in rows]
    kor = np.array([float(r["kor_gdp_real_krw_bn"]) if r["kor_gdp_real_krw_bn"] else np.nan for r in rows])
    us = np.array([float(r["us_gdp_real_usd_bn"]) if r["us_gdp_real_usd_bn"] else np.nan for r in rows])
    g = np.full(len(q), np.nan)
    u = np.full(len(q), np.nan)
    g[1:] = 100 * np.diff(np.log(kor))
    u[1:] = 100 * np.diff(np.log(us))
    i0, i1 = q.index("1982Q1"), q.index("2025Q3")
    idx = np.arange(i0, i1 + 1)
    y = g[idx]
    X = np.column_stack([np.ones(len(idx)), g[idx - 1], g[idx - 2], u[idx]])
    return y, X, ["const", "gdp_growth_l1", "gdp_growth_l2", "us_gdp_growth"]


def longley():
    d = sm.datasets.longley.load_pandas()
    X = sm.add_constant(d.exog, prepend=True)
    return d.endog.values, X.values, list(X.columns)


def stackloss():
    d = sm.datasets.stackloss.load_pandas()
    X = sm.add_constant(d.exog, prepend=True)
    return d.endog.values, X.values, list(X.columns)


def macro():
    d = sm.datasets.macrodata.load_pandas().data
    g = 100 * np.diff(np.log(d["realgdp"].values))
    c = 100 * np.diff(np.log(d["realcons"].values))
    i = 100 * np.diff(np.log(d["realinv"].values))
    r = d["tbilrate"].values[1:]
    X = np.column_stack([np.ones(len(g)), c, i, r])
    return g, X, ["const", "realcons_growth", "realinv_growth", "tbilrate"]


def fit(y, X, cov):
    m = sm.OLS(y, X)
    if cov == "nonrobust":
        r = m.fit()
    elif cov == "HAC":
        r = m.fit(cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS})
    else:
        r = m.fit(cov_type=cov)
    jb, jbp, skew, kurt = jarque_bera(r.resid)
    lb = acorr_ljungbox(r.resid, lags=[LB_LAGS])
    return {
        "params": r.params.tolist(),
        "bse": r.bse.tolist(),
        "tvalues": r.tvalues.tolist(),
        "pvalues": r.pvalues.tolist(),
        "conf_int": np.asarray(r.conf_int(0.05)).tolist(),
        "use_t": bool(r.use_t),
        "fvalue": float(np.squeeze(r.fvalue)),
        "f_pvalue": float(np.squeeze(r.f_pvalue)),
    }, {
        "nobs": int(r.nobs), "df_resid": float(r.df_resid), "df_model": float(r.df_model),
        "rsquared": r.rsquared, "rsquared_adj": r.rsquared_adj, "llf": r.llf, "aic": r.aic, "bic": r.bic,
        "ssr": r.ssr, "durbin_watson": float(durbin_watson(r.resid)), "jarque_bera": float(jb),
        "jarque_bera_p": float(jbp), "skew": float(skew), "kurtosis": float(kurt),
        "ljung_box": float(lb["lb_stat"].iloc[0]), "ljung_box_p": float(lb["lb_pvalue"].iloc[0]),
        "condition_number": float(r.condition_number),
    }


def main():
    out = {"source": "statsmodels %s" % sm.__version__, "ljung_box_lags": LB_LAGS, "hac_lags": HAC_LAGS,
           "datasets": {}}
    for name, (y, X, names) in {"longley": longley(), "stackloss": stackloss(), "macrodata": macro(),
                                  "korea_gdp": korea_gdp()}.items():
        entry = {"y": y.tolist(), "X": X.tolist(), "names": names, "fits": {}}
        for cov in ["nonrobust", "HC0", "HC1", "HC2", "HC3", "HAC"]:
            per_cov, model = fit(y, X, cov)
            entry["fits"][cov] = per_cov
            entry["model"] = model
        out["datasets"][name] = entry
    path = os.path.join(ROOT, "tests", "fixtures", "statsmodels_ols.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    print("wrote", path)
    for k, v in out["datasets"].items():
        print(k, v["model"]["nobs"], {c: f["use_t"] for c, f in v["fits"].items()}, v["fits"]["HAC"]["fvalue"])


if __name__ == "__main__":
    main()
