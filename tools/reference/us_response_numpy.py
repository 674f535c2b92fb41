#!/usr/bin/env python3
"""Independent calibration of headwind's US response (src/negotiation/response.rs) with numpy:
deal rate above the floor on [deficit-partner indicator, reciprocal formula above the floor (purchases
shrinking the deficit), saturating investment credit], no constant, least squares; from
data/us_deals_2025.csv and models/us_response.toml. Writes tests/fixtures/us_response_reference.json.
Run: tools/.venv/bin/python tools/reference/us_response_numpy.py
"""
import csv
import json
import os
import tomllib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    spec = tomllib.load(open(os.path.join(ROOT, "models", "us_response.toml"), "rb"))
    rows = list(csv.DictReader(open(os.path.join(ROOT, "data", "us_deals_2025.csv"))))
    X, y, names = [], [], []
    for r in rows:
        if not r["us_imports_usd_bn"] or not r["us_exports_usd_bn"]:
            continue
        imp, exp = float(r["us_imports_usd_bn"]), float(r["us_exports_usd_bn"])
        years = float(r["purchase_years"]) if r["purchase_years"] else spec["default_purchase_years"]
        purchases = float(r["purchases_usd_bn"] or 0) / years
        formula = max(spec["floor_pct"], spec["formula_scale"] * (imp - exp - purchases) / imp)
        credit = 1 - np.exp(-100 * float(r["investment_usd_bn"] or 0) / imp / spec["credit_kappa_pct"])
        X.append([1.0 if imp > exp else 0.0, formula - spec["floor_pct"], credit])
        y.append(float(r["deal_rate_pct"]) - spec["floor_pct"])
        names.append(r["partner"])
    X, y = np.array(X), np.array(y)
    b = np.linalg.lstsq(X, y, rcond=None)[0]
    resid = y - X @ b
    sigma = float(np.sqrt(resid @ resid / (len(y) - 3)))
    korea = next(r for r in rows if r["partner"] == spec["partner"])
    imp, exp = float(korea["us_imports_usd_bn"]), float(korea["us_exports_usd_bn"])
    f0 = max(spec["floor_pct"], spec["formula_scale"] * (imp - exp) / imp)
    rate0 = max(spec["floor_pct"], spec["floor_pct"] + b[0] + b[1] * (f0 - spec["floor_pct"]))
    cov = sigma ** 2 * np.linalg.inv(X.T @ X)
    out = {"partners": names, "coefficients": b.tolist(), "sigma": sigma, "cov": cov.tolist(),
           "fitted": (spec["floor_pct"] + X @ b).tolist(), "korea_rate_no_concessions": rate0}
    path = os.path.join(ROOT, "tests", "fixtures", "us_response_reference.json")
    json.dump(out, open(path, "w"), indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
