#!/usr/bin/env python3
"""The default headwind forecast (deal-15 vs korus, 10,000 paths) re-implemented with numpy and
statsmodels, independently of the Rust code, from data/ and models/:

GDP growth (100 dlog) on a constant, its lag and US growth, 1982Q1-2025Q3, HAC covariance (statsmodels,
maxlags 4 = floor(4 (n/100)^(2/9))); tariff wedge per sector from the scenario files and
data/tariff_measures.csv; export response (volume with the lag profile, price with pass-through, diversion);
Type I value-added multipliers v'L from the BOK table; growth deviation from the level deviation; Monte
Carlo over coefficients, bootstrapped residuals, elasticity, pass-through and diversion with common random
numbers. Writes tests/fixtures/pipeline_reference.json (mean paths and their Monte Carlo standard errors)
and the run time. Run: tools/.venv/bin/python tools/reference/pipeline.py
"""
import csv
import json
import os
import time
import tomllib

import numpy as np
import statsmodels.api as sm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
D = os.path.join(ROOT, "data")
M = os.path.join(ROOT, "models")
PATHS = 10_000


def rows(name):
    with open(os.path.join(D, name)) as fh:
        return list(csv.DictReader(fh))


def quarter_index(q):
    return int(q[:4]) * 4 + int(q[5]) - 1


def setup():
    model = tomllib.load(open(os.path.join(M, "model.toml"), "rb"))
    groups = tomllib.load(open(os.path.join(M, "groups.toml"), "rb"))["group"]
    sectors = [r["code"] for r in rows("io2020_sectors.csv")]
    n = len(sectors)
    dom = {r["row_code"]: r for r in rows("io2020_domestic.csv")}
    inp = {r["row_code"]: r for r in rows("io2020_inputs.csv")}
    Z = np.array([[float(dom[i][j]) for j in sectors] for i in sectors])
    x = np.array([float(inp["9790"][j]) for j in sectors])
    va = sum(np.array([float(inp[r][j]) for j in sectors]) for r in ("9610", "9621", "9622", "9630"))
    A = Z / x
    L = np.linalg.inv(np.eye(n) - A)
    m = (va / x) @ L
    va_q = va.sum() / 1000 / 4
    X = np.array([float(r["exports_to_us_krw_bn_2020"]) / 4 for r in rows("exports_to_us_by_sector.csv")])
    el = {r["code"]: float(r["elasticity"]) for r in rows("trade_elasticities.csv")}
    goods = np.array([c in el for c in sectors])
    e = np.array([el.get(c, 0.0) for c in sectors])
    rel = e / (np.sum(X[goods] * e[goods]) / np.sum(X[goods]))
    tr = model["trade"]
    group_of = {c: g["code"] for g in groups for c in g["sectors"]}
    phi = np.full(n, tr["pass_through"])
    phi_sd = np.full(n, tr["pass_through_sd"])
    for g in tr.get("pass_through_groups", []):
        for i, c in enumerate(sectors):
            if group_of[c] == g["group"]:
                phi[i], phi_sd[i] = g["value"], g["sd"]
    return dict(model=model, groups=groups, sectors=sectors, n=n, m=m, va_q=va_q, X=X, rel=rel, phi=phi,
                phi_sd=phi_sd, group_of=group_of, L=L, x=x, va=va)


def rates(path, s, H):
    sc = tomllib.load(open(path, "rb"))
    meas = rows("tariff_measures.csv")
    start = quarter_index(sc.get("start", "2026Q2"))   # the shipped scenarios follow the data: 2026Q2
    tau = np.zeros((H, s["n"]))
    for mdef in sc.get("measure", []):
        cov = np.zeros(s["n"])
        if "coverage_from" in mdef:
            for r in meas:
                if r["measure"] == mdef["coverage_from"]:
                    cov[s["sectors"].index(r["code"])] = float(r["coverage_share"])
        else:
            for code in mdef["sectors"]:
                for i, c in enumerate(s["sectors"]):
                    if c == code or s["group_of"][c] == code:
                        cov[i] = mdef.get("coverage", 1.0)
        a = quarter_index(mdef["start"])
        b = quarter_index(mdef["end"]) if "end" in mdef else 10 ** 9
        for k in range(H):
            if a <= start + k <= b:
                tau[k] += mdef["rate_pct"] * cov
    return tau, sc


def gdp_fit():
    r = rows("macro_quarterly.csv")
    q = [x["quarter"] for x in r]
    kor = np.array([float(x["kor_gdp_real_krw_bn"]) if x["kor_gdp_real_krw_bn"] else np.nan for x in r])
    us = np.array([float(x["us_gdp_real_usd_bn"]) if x["us_gdp_real_usd_bn"] else np.nan for x in r])
    g = np.r_[np.nan, 100 * np.diff(np.log(kor))]
    u = np.r_[np.nan, 100 * np.diff(np.log(us))]
    both = max(i for i in range(len(g)) if not (np.isnan(g[i]) or np.isnan(u[i])))
    idx = np.arange(q.index("1982Q1"), both + 1)   # every quarter with GDP and its driver, as headwind
    X = np.column_stack([np.ones(len(idx)), g[idx - 1], u[idx]])
    f = sm.OLS(g[idx], X).fit(cov_type="HAC", cov_kwds={"maxlags": 4})
    last = max(i for i in range(len(g)) if not np.isnan(g[i]))
    return f, g[last]


def run(s, tau_s, tau_b, H, us_s, us_b, rng, fit, y_last):
    tr = s["model"]["trade"]
    prior = s["model"]["exports"]["tariff"]
    w = np.array(tr["lag_profile"])
    delta = np.log1p(tau_s / 100) - np.log1p(tau_b / 100)          # H x n, zero before the start
    lagged = np.array([sum(w[j] * delta[k - j] for j in range(len(w)) if j <= k) for k in range(H)])
    beta = rng.multivariate_normal(fit.params, fit.cov_params(), size=PATHS)
    shocks = rng.choice(fit.resid, size=(PATHS, H), replace=True)
    eps = np.maximum(0.0, prior["prior_elasticity"] + prior["prior_sd"] * rng.standard_normal(PATHS))
    zphi = rng.standard_normal(PATHS)
    div = np.clip(tr["diversion"] + tr["diversion_sd"] * rng.standard_normal(PATHS), 0, 1)
    phi = np.clip(s["phi"][None, :] + s["phi_sd"][None, :] * zphi[:, None], 0, 1)    # P x n
    el = eps[:, None] * s["rel"][None, :]
    level = np.zeros((PATHS, H))
    tot = np.zeros(PATHS)
    for k in range(H):
        dvol = -el * phi * lagged[k][None, :]
        dprice = -(1 - phi) * delta[k][None, :]
        # Real GDP: the volume change (net of diversion) through the VA multipliers; the price
        # absorption is a terms-of-trade (income) loss, borne directly by the exporters' VA.
        dX = s["X"] * (np.exp(dvol) - 1) + div[:, None] * s["X"] * (1 - np.exp(dvol))
        level[:, k] = 100 * dX @ s["m"] / s["va_q"]
        if k == H - 1:
            tot = 100 * (s["X"] * np.exp(dvol) * (np.exp(dprice) - 1)).sum(1) / s["va_q"]
    dev = np.diff(np.column_stack([np.zeros(PATHS), level]), axis=1)
    ys, yb = np.zeros((PATHS, H)), np.zeros((PATHS, H))
    ps, pb = np.full(PATHS, y_last), np.full(PATHS, y_last)
    for k in range(H):
        ps = beta[:, 0] + beta[:, 1] * ps + beta[:, 2] * us_s[k] + shocks[:, k] + dev[:, k]
        pb = beta[:, 0] + beta[:, 1] * pb + beta[:, 2] * us_b[k] + shocks[:, k]
        ys[:, k], yb[:, k] = ps, pb
    return ys, yb, tot


def main():
    s = setup()
    fit, y_last = gdp_fit()
    H = 8
    tau_s, sc = rates(os.path.join(M, "scenarios", "deal-15.toml"), s, H)
    tau_b, bc = rates(os.path.join(M, "scenarios", "korus.toml"), s, H)
    us_s = [sc["drivers"]["us_gdp_growth"]] * H
    us_b = [bc["drivers"]["us_gdp_growth"]] * H
    rng = np.random.default_rng(20251029)
    t = time.perf_counter()
    ys, yb, tot = run(s, tau_s, tau_b, H, us_s, us_b, rng, fit, y_last)
    secs = time.perf_counter() - t
    times = []
    for _ in range(5):
        t = time.perf_counter()
        run(s, tau_s, tau_b, H, us_s, us_b, rng, fit, y_last)
        times.append(time.perf_counter() - t)
    diff = ys - yb
    n = PATHS

    def q_se(v, p):
        """Quantile (numpy type 7) and its asymptotic s.e. sqrt(p(1-p)/n)/f, f from the spacing of
        the quantiles at p +- 0.01."""
        lo, hi = np.percentile(v, [100 * max(p - 0.01, 0.001), 100 * min(p + 0.01, 0.999)])
        f = (min(p + 0.01, 0.999) - max(p - 0.01, 0.001)) / max(hi - lo, 1e-12)
        return float(np.percentile(v, 100 * p)), float(np.sqrt(p * (1 - p) / n) / f)

    qs = [5, 10, 25, 75, 90, 95]
    pneg_s, pneg_b = (ys < 0).mean(0), (yb < 0).mean(0)
    dneg = (ys < 0).astype(float) - (yb < 0).astype(float)
    two = lambda y: ((y[:, 1:] < 0) & (y[:, :-1] < 0)).any(1)
    dtwo = two(ys).astype(float) - two(yb).astype(float)
    pooled = ys.ravel()
    gar, gar_se = q_se(pooled, 0.05)
    es = float(pooled[pooled <= gar].mean())
    level = diff.sum(1)
    stats = {
        "quantiles": {str(p): [q_se(ys[:, k], p / 100)[0] for k in range(H)] for p in qs},
        "quantiles_se": {str(p): [q_se(ys[:, k], p / 100)[1] for k in range(H)] for p in qs},
        "p_negative": pneg_s.tolist(), "p_negative_se": np.sqrt(pneg_s * (1 - pneg_s) / n).tolist(),
        "baseline_p_negative": pneg_b.tolist(),
        "p_negative_difference": dneg.mean(0).tolist(), "p_negative_difference_se": (dneg.std(0) / np.sqrt(n)).tolist(),
        "p_two_consecutive_negative": float(two(ys).mean()),
        "p_two_consecutive_negative_se": float(np.sqrt(two(ys).mean() * (1 - two(ys).mean()) / n)),
        "p_two_consecutive_negative_difference": float(dtwo.mean()),
        "p_two_consecutive_negative_difference_se": float(dtwo.std() / np.sqrt(n)),
        "growth_at_risk_5": gar, "growth_at_risk_5_se": gar_se,  # n = paths: each path one unit (conservative)
        "expected_shortfall_5": es,
        "level_effect_quantiles": {str(p): q_se(level, p / 100)[0] for p in qs},
        "level_effect_quantiles_se": {str(p): q_se(level, p / 100)[1] for p in qs},
        # Quantiles of scenario minus baseline growth, path by path (the effect's band).
        "difference_quantiles": {str(p): [q_se(diff[:, k], p / 100)[0] for k in range(H)] for p in qs},
        "difference_quantiles_se": {str(p): [q_se(diff[:, k], p / 100)[1] for k in range(H)] for p in qs},
    }
    out = {
        "scenario": "deal-15", "baseline": "korus", "paths": PATHS,
        "scenario_mean": ys.mean(0).tolist(), "scenario_se": (ys.std(0) / np.sqrt(PATHS)).tolist(),
        "baseline_mean": yb.mean(0).tolist(), "baseline_se": (yb.std(0) / np.sqrt(PATHS)).tolist(),
        "difference_mean": diff.mean(0).tolist(), "difference_se": (diff.std(0) / np.sqrt(PATHS)).tolist(),
        "level_effect_mean": float(diff.sum(1).mean()), "level_effect_se": float(diff.sum(1).std() / np.sqrt(PATHS)),
        "gdi_level_effect_mean": float((diff.sum(1) + tot).mean()),
        "gdi_level_effect_se": float((diff.sum(1) + tot).std() / np.sqrt(PATHS)),
        "seconds_median": float(np.median(times)), "seconds_first": secs,
        "statistics": stats,
    }
    path = os.path.join(ROOT, "tests", "fixtures", "pipeline_reference.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps({k: v for k, v in out.items() if not isinstance(v, list)}, indent=1))
    print("difference", np.round(out["difference_mean"], 4))


if __name__ == "__main__":
    main()
