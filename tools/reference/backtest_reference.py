#!/usr/bin/env python3
"""Independent numpy/statsmodels implementation of headwind's GDP backtest for one fixed configuration:
Korea real GDP growth (100 dlog) on a constant, its first lag and US GDP growth (100 dlog, same quarter),
sample 1982Q1-2025Q3, expanding-window origins from 2004Q4, horizons 1 and 4; iterated forecasts with
realised US growth; benchmarks AR(1), random walk, historical mean; Diebold-Mariano with the HLN
correction; Brier score of Phi(-yhat/sd_h) vs the historical base rate. A second block
(`forecast_drivers`) is the unconditional backtest: US growth after the origin is itself forecast, by
an AR(1) with a constant fitted by least squares on the pairs (u_{t-1}, u_t) of the sample up to the
origin (the pair at the sample's first quarter uses the quarter before it), iterated from the origin.
A third block (`lag2_forecast_drivers`) is the same with US growth entering at lag 2 instead of 0:
the point forecasts at h = 3 and 4 by origin, where the driver is realised for the first two quarters
and forecast from the third; a fourth (`lags23_forecast_drivers`) has it at lags 2 and 3 (two driver
columns).
Writes tests/fixtures/backtest_reference.json. Run: tools/.venv/bin/python tools/reference/backtest_reference.py
"""
import csv
import json
import os

import numpy as np
import statsmodels.api as sm
from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load():
    with open(os.path.join(ROOT, "data", "macro_quarterly.csv")) as fh:
        rows = list(csv.DictReader(fh))
    q = [r["quarter"] for r in rows]
    def col(name):
        return np.array([float(r[name]) if r[name] else np.nan for r in rows])
    g = np.r_[np.nan, 100 * np.diff(np.log(col("kor_gdp_real_krw_bn")))]
    u = np.r_[np.nan, 100 * np.diff(np.log(col("us_gdp_real_usd_bn")))]
    i0, i1 = q.index("1982Q1"), q.index("2025Q3")
    idx = np.arange(i0, i1 + 1)
    return [q[i] for i in idx], g[idx], g[idx - 1], u[idx], u[idx - 1], u[idx - 2]


def dm_hln(e_model, e_bench, h):
    d = e_bench ** 2 - e_model ** 2
    n = len(d)
    dbar = d.mean()
    gam = [np.sum((d[k:] - dbar) * (d[:n - k] - dbar)) / n for k in range(h)]
    v = gam[0] + 2 * sum(gam[1:])
    if v <= 0:
        v = gam[0]
    dm = dbar / np.sqrt(v / n)
    stat = dm * np.sqrt((n + 1 - 2 * h + h * (h - 1) / n) / n)
    return stat, 2 * stats.t.sf(abs(stat), n - 1)


def us_path(us, uslag, o, h):
    """US growth at o+1..o+h from an AR(1) with a constant on the pairs (u_{t-1}, u_t), t <= o."""
    ok = ~np.isnan(us[: o + 1]) & ~np.isnan(uslag[: o + 1])
    x, z = uslag[: o + 1][ok], us[: o + 1][ok]
    b = np.sum((x - x.mean()) * (z - z.mean())) / np.sum((x - x.mean()) ** 2)
    a = z.mean() - b * x.mean()
    f, out = us[o], []
    for _ in range(h):
        f = a + b * f
        out.append(f)
    return out


def backtest(quarters, y, ylag, us, uslag, forecast_drivers):
    X = np.column_stack([np.ones(len(y)), ylag, us])
    Xar = np.column_stack([np.ones(len(y)), ylag])
    o0 = quarters.index("2004Q4")
    out = {"origin": "2004Q4", "horizons": {}}
    for h in (1, 4):
        err = {"arx": [], "ar1": [], "random_walk": [], "mean": []}
        pneg, base, neg = [], [], []
        for o in range(o0, len(y) - h):
            f = sm.OLS(y[: o + 1], X[: o + 1]).fit()
            f1 = sm.OLS(y[: o + 1], Xar[: o + 1]).fit()
            c, phi, b = f.params
            c1, phi1 = f1.params
            yhat, yar = y[o], y[o]
            u_after = us_path(us, uslag, o, h) if forecast_drivers else us[o + 1 : o + h + 1]
            for j in range(1, h + 1):
                yhat = c + phi * yhat + b * u_after[j - 1]
                yar = c1 + phi1 * yar
            sd = np.sqrt(f.scale * sum(phi ** (2 * j) for j in range(h)))
            actual = y[o + h]
            err["arx"].append(actual - yhat)
            err["ar1"].append(actual - yar)
            err["random_walk"].append(actual - y[o])
            err["mean"].append(actual - y[: o + 1].mean())
            pneg.append(stats.norm.cdf(-yhat / sd))
            base.append(np.mean(y[: o + 1] < 0))
            neg.append(actual < 0)
        pneg, base, neg = np.array(pneg), np.array(base), np.array(neg, dtype=float)
        res = {}
        for m, e in err.items():
            e = np.array(e)
            r = {"rmse": float(np.sqrt(np.mean(e ** 2))), "mae": float(np.mean(np.abs(e))), "n": len(e)}
            if m != "arx":
                s, p = dm_hln(np.array(err["arx"]), e, h)
                r["dm_stat"], r["dm_p_value"] = float(s), float(p)
            res[m] = r
        res["arx"]["brier"] = float(np.mean((pneg - neg) ** 2))
        res["arx"]["brier_base_rate"] = float(np.mean((base - neg) ** 2))
        out["horizons"][str(h)] = res
    return out


def lagged(quarters, y, ylag, us, uslag, lags):
    """Point forecasts of the ARX with US growth at `lags` (each a column), drivers forecast, by
    origin, h = 3 and 4: u_{o+j-L} is realised when j <= L, else the driver AR(1)'s (j - L)-step
    forecast."""
    # The sample's first rows take the lagged values from before the sample start.
    full = load_us_lags(lags)
    X = np.column_stack([np.ones(len(y)), ylag] + full)
    o0 = quarters.index("2004Q4")
    out = {}
    for h in (3, 4):
        origins, fc = [], []
        for o in range(o0, len(y) - h):
            params = sm.OLS(y[: o + 1], X[: o + 1]).fit().params
            c, phi, b = params[0], params[1], params[2:]
            u_after = us_path(us, uslag, o, h)
            yhat = y[o]
            for j in range(1, h + 1):
                drv = sum(bk * (us[o + j - L] if j <= L else u_after[j - L - 1])
                          for bk, L in zip(b, lags))
                yhat = c + phi * yhat + drv
            origins.append(quarters[o])
            fc.append(float(yhat))
        out[str(h)] = {"origins": origins, "forecast": fc}
    return out


def load_us_lags(lags):
    """US growth lagged by each of `lags` quarters on the sample's quarters (from the full series)."""
    with open(os.path.join(ROOT, "data", "macro_quarterly.csv")) as fh:
        rows = list(csv.DictReader(fh))
    q = [r["quarter"] for r in rows]
    lvl = np.array([float(r["us_gdp_real_usd_bn"]) if r["us_gdp_real_usd_bn"] else np.nan for r in rows])
    u = np.r_[np.nan, 100 * np.diff(np.log(lvl))]
    i0, i1 = q.index("1982Q1"), q.index("2025Q3")
    idx = np.arange(i0, i1 + 1)
    return [u[idx - L] for L in lags]


def main():
    quarters, y, ylag, us, uslag, uslag2 = load()
    out = backtest(quarters, y, ylag, us, uslag, False)
    out["forecast_drivers"] = backtest(quarters, y, ylag, us, uslag, True)
    out["lag2_forecast_drivers"] = lagged(quarters, y, ylag, us, uslag, [2])
    out["lags23_forecast_drivers"] = lagged(quarters, y, ylag, us, uslag, [2, 3])
    path = os.path.join(ROOT, "tests", "fixtures", "backtest_reference.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
