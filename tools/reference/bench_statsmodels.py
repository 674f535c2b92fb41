#!/usr/bin/env python3
"""Time statsmodels on the problems of benches/econometrics.rs: OLS with HAC(4) on the GDP design
(constant, lagged growth, US growth; 1982Q1-2025Q3), a 202-origin expanding-window AR(1) backtest (two
OLS fits per origin, as headwind's), and the median QuantReg. Median of repeats, milliseconds.
Writes tools/reference/bench_statsmodels.json. Run: tools/.venv/bin/python tools/reference/bench_statsmodels.py
"""
import csv
import json
import os
import sys
import time

import numpy as np
import statsmodels.api as sm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ols_statsmodels import ROOT  # noqa: E402


def median_ms(f, reps):
    f()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t) * 1e3)
    return float(np.median(ts))


def main():
    with open(os.path.join(ROOT, "data", "macro_quarterly.csv")) as fh:
        rows = list(csv.DictReader(fh))
    q = [r["quarter"] for r in rows]
    kor = np.array([float(r["kor_gdp_real_krw_bn"]) if r["kor_gdp_real_krw_bn"] else np.nan for r in rows])
    us = np.array([float(r["us_gdp_real_usd_bn"]) if r["us_gdp_real_usd_bn"] else np.nan for r in rows])
    g = np.r_[np.nan, 100 * np.diff(np.log(kor))]
    u = np.r_[np.nan, 100 * np.diff(np.log(us))]
    i0, i1 = q.index("1982Q1"), q.index("2025Q3")
    idx = np.arange(i0, i1 + 1)
    y, X = g[idx], np.column_stack([np.ones(len(idx)), g[idx - 1], u[idx]])
    j0, j1 = q.index("1962Q1"), q.index("2026Q1")
    jdx = np.arange(j0, j1 + 1)
    ya, Xa = g[jdx], np.column_stack([np.ones(len(jdx)), g[jdx - 1]])
    o0 = list(np.array(q)[jdx]).index("1975Q3")

    def backtest():
        for o in range(o0, len(ya) - 1):
            f = sm.OLS(ya[: o + 1], Xa[: o + 1]).fit()
            f1 = sm.OLS(ya[: o + 1], Xa[: o + 1]).fit()
            _ = f.params @ Xa[o + 1] - f1.params @ Xa[o + 1]

    out = {"statsmodels": sm.__version__, "origins": len(ya) - 1 - o0, "ms": {
        "ols_hac_gdp": median_ms(lambda: sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 4}), 200),
        "rolling_backtest": median_ms(backtest, 10),
        "quantreg_median_gdp": median_ms(lambda: sm.QuantReg(y, X).fit(q=0.5), 50),
    }}
    print(out)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_statsmodels.json"), "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
