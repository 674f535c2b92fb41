#!/usr/bin/env python3
"""Solve headwind's exported concession-mix problem with scipy (Nelder-Mead and differential evolution)
and compare with headwind's solvers. The objective is rebuilt from the export: the same tariff grid, loss
and risk curves (monotone cubic Hermite with Fritsch-Carlson slopes), the calibrated US response,
Gauss-Hermite expectation over its uncertainty, costs and penalties (src/negotiation/problem.rs).
Usage: headwind optimize --export-problem problem.json --format json > headwind.json
       tools/.venv/bin/python tools/reference/optimize_scipy.py problem.json headwind.json [fixture.json]
With a third argument the results are also written there (tests/fixtures/optimize_reference.json is made
with `--paths 200 --seed 7`, checked by tests/negotiation.rs).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import differential_evolution, minimize

GH = [(-3.750439717725742, 0.000548268855972), (-2.366759410734541, 0.030757123967586),
      (-1.154405394739968, 0.240123178605013), (0.0, 0.457142857142857), (1.154405394739968, 0.240123178605013),
      (2.366759410734541, 0.030757123967586), (3.750439717725742, 0.000548268855972)]


def slopes(x, y):
    n = len(x)
    d = np.diff(y) / np.diff(x)
    m = np.zeros(n)
    m[0], m[-1] = d[0], d[-1]
    for i in range(1, n - 1):
        m[i] = 0.0 if d[i - 1] * d[i] <= 0 else (d[i - 1] + d[i]) / 2
    for i in range(n - 1):
        if d[i] == 0:
            m[i] = m[i + 1] = 0.0
        else:
            a, b = m[i] / d[i], m[i + 1] / d[i]
            s = a * a + b * b
            if s > 9:
                t = 3 / np.sqrt(s)
                m[i], m[i + 1] = t * a * d[i], t * b * d[i]
    return m


def hermite(x, y, m, v):
    v = min(max(v, x[0]), x[-1])
    h = x[1] - x[0]
    i = min(int((v - x[0]) // h), len(x) - 2)
    t = (v - x[i]) / h
    t2, t3 = t * t, t * t * t
    return (2 * t3 - 3 * t2 + 1) * y[i] + (t3 - 2 * t2 + t) * h * m[i] + (-2 * t3 + 3 * t2) * y[i + 1] + (t3 - t2) * h * m[i + 1]


def build(P):
    x, L, R = np.array(P["tau_grid"]), np.array(P["loss_grid"]), np.array(P["pneg_grid"])
    mL, mR = slopes(x, L), slopes(x, R)
    rs, b, sigma = P["response"], P["response_coefficients"], P["response_sigma"]
    V = np.array(P["response_cov"]).reshape(3, 3)
    menu, H, gdp = P["menu"], P["horizon_years"], P["gdp_usd_bn"]
    imp, exp = P["imports"], P["exports"]
    count = [0]

    def regressors(purch, pledge):
        deficit = imp - exp
        f = max(rs["floor_pct"], rs["formula_scale"] * (deficit - purch) / imp)
        credit = 1 - np.exp(-100 * pledge / imp / rs["credit_kappa_pct"])
        return np.array([1.0 if deficit > 0 else 0.0, f - rs["floor_pct"], credit])

    def unclamped(purch, pledge, opening):
        return rs["floor_pct"] + float(np.dot(b, regressors(purch, pledge))) - rs["opening_credit_pct"] * opening

    def predictive_sd(purch, pledge):
        x = regressors(purch, pledge)
        return float(np.sqrt(max(x @ V @ x, 0.0) + sigma ** 2))

    def parts(a):
        pledges = purch = opening = inv_year = flows = cost = 0.0
        paid = min(1.0, H / menu["payout_years"])
        for ins, amt, oc in zip(menu["instrument"], a, P["opening_cost"]):
            k = ins["kind"]
            if k in ("investment", "shipbuilding"):
                pledges += amt
                # Cash investment and shipbuilding pledges both count against the budget per year.
                if k == "investment":
                    inv_year += amt / menu["payout_years"]
                else:
                    flows += amt / menu["payout_years"]
                cost += 100 * ins["cost_rate"] * amt * paid / gdp
            elif k == "purchases":
                purch += amt
                flows += amt
                cost += 100 * ins["cost_rate"] * amt * H / gdp
            elif k == "defence":
                if P["link_defence"]:
                    pledges += amt * rs["defence_years"]
                flows += amt
                cost += 100 * ins["cost_rate"] * amt * H / gdp
            else:
                opening += amt
                cost += amt * oc
        cost += menu["fx_penalty"] * max(0.0, inv_year - menu["annual_outflow_cap"]) ** 2 * H
        return pledges, purch, opening, inv_year, flows, cost

    def objective(a):
        count[0] += 1
        pledges, purch, opening, inv_year, flows, cost = parts(a)
        mu, sd = unclamped(purch, pledges, opening), predictive_sd(purch, pledges)
        fl = rs["floor_pct"]
        el = sum(w * hermite(x, L, mL, max(mu + sd * z, fl)) for z, w in GH)
        er = sum(w * min(max(hermite(x, R, mR, max(mu + sd * z, fl)), 0), 1) for z, w in GH)
        p, nd = rs["p_deal_fails"], rs["no_deal_rate_pct"]
        loss = (1 - p) * el + p * hermite(x, L, mL, nd)
        risk = (1 - p) * er + p * min(max(hermite(x, R, mR, nd), 0), 1)
        viol = max(0.0, inv_year + flows - P["budget"]) if P["budget"] is not None else 0.0
        return loss + (1 - p) * cost + P["risk_weight"] * risk + 100 * viol * viol

    def outcome(a):
        """Tariff quantiles (numpy percentiles, type 7) and P(beats conceding nothing) on the exported
        response draws (risk measure p-negative)."""
        pledges, purch, opening, _, _, cost = parts(a)
        xm, x0 = regressors(purch, pledges), regressors(0.0, 0.0)
        fl, lam = rs["floor_pct"], P["risk_weight"]
        value = lambda t: hermite(x, L, mL, t) + lam * min(max(hermite(x, R, mR, t), 0), 1)
        rates, wins = [], 0
        for bk, ek in P["response_draws"]:
            bk = np.array(bk)
            t = max(fl + bk @ xm + ek - rs["opening_credit_pct"] * opening, fl)
            t0 = max(fl + bk @ x0 + ek, fl)
            wins += value(t) + cost < value(t0)
            rates.append(t)
        q = {str(k): float(np.percentile(rates, k)) for k in (5, 10, 25, 75, 90, 95)}
        return {"tariff_pct_quantiles": q, "p_beats_no_deal": (1 - rs["p_deal_fails"]) * wins / len(rates),
                "deal_tariff_sd_pct": predictive_sd(purch, pledges)}

    objective.outcome = outcome
    return objective, count


def main():
    P = json.load(open(sys.argv[1]))
    hw = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    f, count = build(P)
    menu = P["menu"]["instrument"]
    free = [i for i, ins in enumerate(menu) if not ins.get("red_line", False) and ins["upper"] > ins["lower"]]
    lo = np.array([menu[i]["lower"] for i in free])
    hi = np.array([menu[i]["upper"] for i in free])

    def full(z):
        a = [0.0 if ins.get("red_line", False) else ins["lower"] for ins in menu]
        for k, i in enumerate(free):
            a[i] = min(max(z[k], lo[k]), hi[k])
        return a

    results = {}
    count[0] = 0
    t = time.perf_counter()
    best = None
    for start in [(lo + hi) / 2] + [lo + (hi - lo) * np.random.default_rng(s).random(len(free)) for s in range(3)]:
        r = minimize(lambda z: f(full(lo + (hi - lo) / (1 + np.exp(-z)))), np.log((start - lo + 1e-9) / (hi - start + 1e-9)),
                     method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 5000})
        if best is None or r.fun < best.fun:
            best = r
    results["scipy_nelder_mead"] = {"objective": float(best.fun), "evaluations": count[0], "seconds": time.perf_counter() - t}
    count[0] = 0
    t = time.perf_counter()
    r = differential_evolution(lambda z: f(full(z)), list(zip(lo, hi)), seed=1, tol=1e-10, maxiter=300)
    results["scipy_differential_evolution"] = {"objective": float(r.fun), "evaluations": count[0], "seconds": time.perf_counter() - t}
    if hw:
        a = [hw["best"]["mix"][ins["name"]] for ins in menu]
        results["headwind_best_mix"] = a
        results["headwind_best_mix_rechecked_by_scipy"] = f(a)
        results["headwind_best_mix_outcome_by_numpy"] = f.outcome(a)
        results["headwind"] = [{k: s[k] for k in ("solver", "objective", "evaluations", "seconds")} for s in hw["solvers"]]
    # Probe mixes (menu order) with non-trivial outcomes, for tests/negotiation.rs.
    probes = [[0.0, 1.17, 0, 0, 0, 0, 0], [0.0, 150.0, 10.0, 0, 0.5, 0.5, 0], [200.0, 150.0, 10.0, 1.0, 0, 0, 0],
              [0.0, 20.0, 0, 0, 0, 0, 0]]
    results["probes"] = [dict(amounts=a, objective=f(a), **f.outcome(a)) for a in probes if len(a) == len(menu)]
    # Marginal value of each instrument at a probe mix (the explain view's rule: step 1e-4 of the range,
    # central inside the box, one-sided at a bound), by finite differences of this objective.
    a = probes[0]
    marg = []
    for i, ins in enumerate(menu):
        rng = ins["upper"] - ins["lower"]
        h = 1e-4 * max(rng, 1e-9)
        lo, hi = max(a[i] - h, ins["lower"]), min(a[i] + h, ins["upper"])
        xl, xh = list(a), list(a)
        xl[i], xh[i] = lo, hi
        marg.append((f(xh) - f(xl)) / max(hi - lo, 1e-300))
    results["marginal_at_probe_0"] = marg
    print(json.dumps(results, indent=1))
    if len(sys.argv) > 3:
        json.dump(results, open(sys.argv[3], "w"), indent=1)


if __name__ == "__main__":
    main()
