#!/usr/bin/env python3
"""Independent check of headwind's reinvestment table (src/negotiation/reinvestment.rs): Korea's FDI in
the US over its US goods surplus on the US Census basis (US imports from Korea minus US exports to Korea,
summed over the calendar years of data/macro_quarterly.csv), the Korean-customs surplus implied by the
published ratios, and the 2021-2024 average annual surplus; from data/korea_us_reinvestment.csv.
Writes tests/fixtures/reinvestment_reference.json.  Run: tools/.venv/bin/python tools/reference/reinvestment_numpy.py
"""
import csv
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    rows = list(csv.DictReader(open(os.path.join(ROOT, "data", "macro_quarterly.csv"))))
    year = np.array([int(r["quarter"][:4]) for r in rows])
    imp = np.array([float(r["us_imports_from_kor_usd_bn_nsa"] or "nan") for r in rows])
    exp = np.array([float(r["us_exports_to_kor_usd_bn_nsa"] or "nan") for r in rows])
    figs = {(r["period"], r["measure"]): float(r["value"])
            for r in csv.DictReader(open(os.path.join(ROOT, "data", "korea_us_reinvestment.csv")))}
    f1, f2 = figs[("2017-2020", "fdi_to_us_usd_bn_per_year")], figs[("2021-2024", "fdi_to_us_usd_bn_per_year")]
    out = {"periods": []}
    for period, a, b, f in [("2017-2020", 2017, 2020, f1), ("2021-2024", 2021, 2024, f2), ("2017-2024", 2017, 2024, (f1 + f2) / 2)]:
        m = (year >= a) & (year <= b)
        assert m.sum() == 4 * (b - a + 1)
        surplus = float(np.sum(imp[m] - exp[m]))
        pub = figs.get((period, "published_ratio_pct_korean_customs"))
        out["periods"].append({"period": period, "census_surplus_usd_bn": surplus,
                               "ratio_census_pct": 100 * f * (b - a + 1) / surplus,
                               "implied_korean_customs_surplus_usd_bn": 100 * f * (b - a + 1) / pub})
    m = (year >= 2021) & (year <= 2024)
    out["census_surplus_per_year_2021_2024"] = float(np.sum(imp[m] - exp[m]) / 4)
    path = os.path.join(ROOT, "tests", "fixtures", "reinvestment_reference.json")
    json.dump(out, open(path, "w"), indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
