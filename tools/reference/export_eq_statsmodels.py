#!/usr/bin/env python3
"""The export equation and its tariff elasticity (models/model.toml [exports]) re-implemented with
statsmodels and the standard library's dates, independently of the Rust code (issue #19: the export
equation's tariff estimate, whose sign could flip without a test failing).

The export-weighted effective US tariff of each quarter: per sector, sum over the measures of
data/tariff_measures.csv of rate x coverage x (days of the quarter in force, end date inclusive) / (days
in the quarter), weighted by 2020 exports to the US (data/exports_to_us_by_sector.csv, KRW bn). The wedge
is 100 ln(1 + tau/100), differenced like the dependent variable (4 quarters for y/y growth). The equation
regresses the y/y growth (100 dlog) of US imports from Korea on a constant, the y/y growth of US imports
of goods and services and of KRW per USD, and the wedge change at the spec's lags, from the sample start
to the last complete quarter, with statsmodels HAC (Bartlett, maxlags 4). The tariff elasticity is
minus the sum of the wedge coefficients, its s.e. the root of the sum of their covariance block; the
quarters with tariff variation are the sample rows with a non-zero wedge change.

Writes tests/fixtures/export_eq_reference.json. Run: tools/.venv/bin/python tools/reference/export_eq_statsmodels.py
"""
import csv
import datetime as dt
import json
import math
import os
import tomllib

import numpy as np
import statsmodels
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
D = os.path.join(ROOT, "data")


def rows(name):
    with open(os.path.join(D, name)) as fh:
        return list(csv.DictReader(fh))


def quarter_days(q):
    y, k = int(q[:4]), int(q[5])
    start = dt.date(y, 3 * (k - 1) + 1, 1)
    end = dt.date(y + 1, 1, 1) if k == 4 else dt.date(y, 3 * k + 1, 1)
    return start, end


def tariff_series(quarters):
    sectors = [r["code"] for r in rows("io2020_sectors.csv")]
    exports = {r["code"]: float(r["exports_to_us_krw_bn_2020"]) for r in rows("exports_to_us_by_sector.csv")}
    w = np.array([exports[c] for c in sectors])
    measures = rows("tariff_measures.csv")
    out = []
    for q in quarters:
        qs, qe = quarter_days(q)
        tau = np.zeros(len(sectors))
        for m in measures:
            start = dt.date.fromisoformat(m["effective"])
            end = dt.date.fromisoformat(m["end"]) + dt.timedelta(days=1) if m["end"] else qe
            overlap = max((min(end, qe) - max(start, qs)).days, 0)
            tau[sectors.index(m["code"])] += float(m["rate_pct"]) * float(m["coverage_share"]) * overlap / (qe - qs).days
        out.append(float(tau @ w / w.sum()))
    return out


def main():
    spec = tomllib.load(open(os.path.join(ROOT, "models", "model.toml"), "rb"))["exports"]
    assert spec["transform"] == "dlog100_yoy" and spec["covariance"] == "hac:4"
    macro = rows("macro_quarterly.csv")
    quarters = [r["quarter"] for r in macro]
    step = 4

    def series(name):
        return [float(r[name]) if r[name] else None for r in macro]

    def yoy(v):
        return [100 * (math.log(v[i]) - math.log(v[i - step]))
                if i >= step and v[i] and v[i - step] and v[i] > 0 and v[i - step] > 0 else None
                for i in range(len(v))]

    tau = tariff_series(quarters)
    level = [100 * math.log(1 + t / 100) for t in tau]
    wedge = [level[i] - level[i - step] if i >= step else None for i in range(len(level))]
    y = yoy(series(spec["dependent"]))
    cols = [("const", None, 0)]
    vars_ = {}
    for r in spec["regressors"]:
        assert r["transform"] == "dlog100_yoy"
        vars_[r["name"]] = yoy(series(r["series"]))
        cols += [(r["name"] if lag == 0 else f"{r['name']}_l{lag}", r["name"], lag) for lag in r["lags"]]
    vars_["tariff_wedge"] = wedge
    cols += [("tariff_wedge" if lag == 0 else f"tariff_wedge_l{lag}", "tariff_wedge", lag)
             for lag in spec["tariff"]["lags"]]

    def value(name, i, lag):
        if name is None:
            return 1.0
        return vars_[name][i - lag] if i - lag >= 0 else None

    first = quarters.index(spec["sample_start"])
    complete = [i for i in range(first, len(quarters))
                if y[i] is not None and all(value(n, i, lag) is not None for _, n, lag in cols)]
    last = complete[-1]
    sample = list(range(first, last + 1))
    assert complete[0] == first and len(complete) == len(sample), "gap inside the sample"
    Y = np.array([y[i] for i in sample])
    X = np.array([[value(n, i, lag) for _, n, lag in cols] for i in sample])
    fit = sm.OLS(Y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 4})
    wc = [k for k, (name, _, _) in enumerate(cols) if name.startswith("tariff_wedge")]
    variation = int(sum(1 for r in range(len(sample)) if any(abs(X[r, c]) > 1e-12 for c in wc)))
    estimate = -float(sum(fit.params[c] for c in wc))
    se = math.sqrt(sum(fit.cov_params()[a, b] for a in wc for b in wc))
    out = {
        "what": "export equation and tariff elasticity (tools/reference/export_eq_statsmodels.py)",
        "source": "statsmodels %s" % statsmodels.__version__,
        "names": [c[0] for c in cols],
        "sample": [quarters[first], quarters[last]],
        "nobs": len(sample),
        "params": [float(v) for v in fit.params],
        "bse": [float(v) for v in fit.bse],
        "tariff_estimate": estimate,
        "tariff_std_error": se,
        "quarters_with_variation": variation,
        "tariff_series": {q: t for q, t in zip(quarters, tau) if t != 0.0},
    }
    path = os.path.join(ROOT, "tests", "fixtures", "export_eq_reference.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
    print(out["sample"], out["nobs"], dict(zip(out["names"], np.round(out["params"], 4))))
    print("tariff elasticity", round(estimate, 3), "s.e.", round(se, 3), "quarters", variation)


if __name__ == "__main__":
    main()
