#!/usr/bin/env python3
"""The reinvestment argument from data (issue #15, item 6): data/korea_us_reinvestment.csv, the published
figures on Korea's direct investment in the US and its US goods surplus, from the raw facts file
../shared/data/raw/structure/korea_us_negotiation_facts.csv (KITA, via Chosun Ilbo 2025-02-13).

headwind computes the ratios itself: FDI (these period averages) over the US goods surplus summed over the
same years, on the US Census basis from data/macro_quarterly.csv (US imports from Korea minus US exports to
Korea, Census IMPKR/EXPKR), and prints them beside the published ratios (src/negotiation/reinvestment.rs).
The Korean-customs surplus by year is not in the raw data (only 2017 and 2024); the ratios of 96.2% and
71.4% quoted in issue #15 (a lawmaker's April 2025 analysis) are recorded as claims: the raw PROVENANCE
could not find them in a source.

Python standard library only:  python3 tools/derive_reinvestment.py
"""
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = os.path.join(ROOT, "..", "shared", "data", "raw", "structure", "korea_us_negotiation_facts.csv")
OUT = os.path.join(ROOT, "data", "korea_us_reinvestment.csv")
CHOSUN = "https://chosun.com/economy/industry-company/2025/02/13/RPTTQDD3ARAD5IL5NJGDNIMHGE"

# (raw key, period, measure)
FROM_RAW = [
    ("fdi_to_us_2017_2020", "2017-2020", "fdi_to_us_usd_bn_per_year"),
    ("fdi_to_us_2021_2024", "2021-2024", "fdi_to_us_usd_bn_per_year"),
    ("reinvestment_ratio_2017_2024", "2017-2024", "published_ratio_pct_korean_customs"),
    ("us_surplus_2017", "2017", "korean_customs_surplus_usd_bn"),
    ("us_surplus_2024", "2024", "korean_customs_surplus_usd_bn"),
]
UNITS = {"fdi_to_us_usd_bn_per_year": "USD bn per year", "published_ratio_pct_korean_customs": "pct",
         "korean_customs_surplus_usd_bn": "USD bn"}
CLAIMS = [
    ("2017-2020", "published_ratio_pct_korean_customs", "96.2",
     "CLAIM quoted in issue #15 (a lawmaker's April 2025 analysis of Export-Import Bank of Korea FDI and KITA "
     "trade data); not found in the raw sources (raw structure/PROVENANCE.md)"),
    ("2021-2024", "published_ratio_pct_korean_customs", "71.4", "CLAIM quoted in issue #15; as above"),
]


def main():
    with open(RAW, newline="") as fh:
        facts = {r["key"]: r for r in csv.DictReader(fh)}
    rows = []
    for key, period, measure in FROM_RAW:
        f = facts[key]
        assert "chosun.com" in f["source_pages"] or f["source_pages"] == "same as above", key
        rows.append({"period": period, "measure": measure, "value": f["value"], "unit": UNITS[measure],
                     "derived": "no", "source": f"KITA via {CHOSUN} (raw {key})"})
    for period, measure, value, source in CLAIMS:
        rows.append({"period": period, "measure": measure, "value": value, "unit": UNITS[measure],
                     "derived": "no", "source": source})
    with open(OUT, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["period", "measure", "value", "unit", "derived", "source"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
