#!/usr/bin/env python3
"""The default forecast's sector table (deal-15 vs korus, central parameters) re-implemented with numpy
from data/ and models/, independently of the Rust code (issue #19: an independent reference for every
reported statistic).

At central parameters (the prior tariff elasticity, each sector's pass-through φ, the central diversion
share δ) the wedge Δ_k = ln(1 + τ_s/100) - ln(1 + τ_b/100) per sector and quarter, lagged along the
model's lag profile (L_k, zero before the start), changes exports to the US (KRW bn a quarter, 2020
prices) by a volume part X (v - 1) + δ X (1 - v) with v = exp(-ε ρ φ L_k) (ρ the sector's elasticity
relative to the goods-export-weighted mean) and a price part X v (exp(-(1 - φ) Δ_k) - 1). Real value added
responds to the volume part only: diag(v/x) (I - A_d)^-1 ΔV by producing sector, of which diag(v/x) ΔV is
direct. Summed over the eight horizon quarters and over each reporting group of models/groups.toml:
exports' change (KRW bn, % of the group's baseline exports to the US over the horizon, USD bn at the 2020
mean rate = total KRW over total USD of data/exports_to_us_by_sector.csv), value added's change (% of the
group's value added, % of GDP = of total value added over the horizon), the direct share; and the
export-weighted tariff path Σ_j τ_s,kj X_j / Σ_j X_j per quarter (%).

Writes tests/fixtures/sector_table_reference.json. Run: tools/.venv/bin/python tools/reference/sector_table.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pipeline import M, ROOT, rates, rows, setup  # noqa: E402  (data, IO model and the scenario rates)

H = 8


def main():
    s = setup()
    sectors, L, va, va_q = s["sectors"], s["L"], s["va"], s["va_q"]
    vx = va / s["x"]
    tau_s, _ = rates(os.path.join(M, "scenarios", "deal-15.toml"), s, H)
    tau_b, _ = rates(os.path.join(M, "scenarios", "korus.toml"), s, H)
    tr = s["model"]["trade"]
    eps = s["model"]["exports"]["tariff"]["prior_elasticity"]
    div = tr["diversion"]
    w = np.array(tr["lag_profile"])
    delta = np.log1p(tau_s / 100) - np.log1p(tau_b / 100)
    lagged = np.array([sum(w[j] * delta[k - j] for j in range(len(w)) if j <= k) for k in range(H)])
    X, phi = s["X"], s["phi"]
    v = np.exp(-eps * s["rel"] * phi * lagged)                     # H x n
    dV = X * (v - 1) + div * X * (1 - v)
    dP = X * v * (np.exp(-(1 - phi) * delta) - 1)
    de = (dV + dP).sum(0)                                          # by sector, over the horizon
    va_total = vx * (L @ dV.sum(0))
    va_direct = vx * dV.sum(0)
    groups = s["groups"]
    G = np.array([[1.0 if c in g["sectors"] else 0.0 for c in sectors] for g in groups])
    exp_rows = rows("exports_to_us_by_sector.csv")
    krw_per_usd = sum(float(r["exports_to_us_krw_bn_2020"]) for r in exp_rows) / sum(
        float(r["exports_to_us_usd_bn_2020"]) for r in exp_rows)
    de_g, va_g, dir_g = G @ de, G @ va_total, G @ va_direct
    x_g = G @ X * H
    va_base = G @ (va / 1000 / 4) * H
    table = []
    for i, g in enumerate(groups):
        table.append({
            "group": g["code"],
            "exports_to_us_change_pct": 100 * de_g[i] / x_g[i] if x_g[i] > 0 else 0.0,
            "exports_to_us_change_krw_bn": de_g[i],
            "exports_to_us_change_usd_bn": de_g[i] / krw_per_usd,
            "value_added_change_pct": 100 * va_g[i] / va_base[i],
            "value_added_change_pct_gdp": 100 * va_g[i] / (va_q * H),
            "direct_share": dir_g[i] / va_g[i] if abs(va_g[i]) > 1e-12 and de_g[i] != 0 else 0.0,
        })
    out = {
        "what": "sector table of deal-15 vs korus at central parameters (tools/reference/sector_table.py)",
        "scenario": "deal-15", "baseline": "korus", "quarters": H,
        "elasticity": eps, "diversion": div, "krw_per_usd_2020": krw_per_usd,
        "groups": table,
        "tariff_path_pct": [float(tau_s[k] @ X / X.sum()) for k in range(H)],
    }
    path = os.path.join(ROOT, "tests", "fixtures", "sector_table_reference.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
    for r in table:
        print(f"{r['group']:12} {r['exports_to_us_change_pct']:9.3f}% {r['value_added_change_pct']:8.4f}% "
              f"{r['value_added_change_pct_gdp']:9.5f}pp gdp  direct {r['direct_share']:.3f}")
    print("tariff path", np.round(out["tariff_path_pct"], 3), "KRW/USD", krw_per_usd)


if __name__ == "__main__":
    main()
