#!/usr/bin/env python3
"""Exposure at the forecast date (issue #14, item 2): data/exports_to_us_by_sector.csv from
data/exports_to_us_2024.csv (written by tools/derive_valuechains.py from the OECD ICIO 2022 US shares
and the 2024 customs totals).

The model reads exports_to_us_by_sector.csv: its columns keep their names and meaning
(`exports_to_us_krw_bn_2020` = exports to the US in KRW bn *at 2020 prices*, the IO table's price
base), now at the **2024 volume**: the ICIO 2022 share of each sector's exports going to the US, scaled
to the 2024 customs totals (motor vehicles and parts, semiconductors, all other goods jointly), deflated
to 2020 prices. `us_share` is the ICIO 2022 share; `exports_to_us_usd_bn_2024` is the 2024 value in
current USD (the customs basis: goods total 127.8 USD bn, MOTIE 2024).

Python standard library only:  python3 tools/derive_exposure.py
"""
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "data", "exports_to_us_2024.csv")
OUT = os.path.join(ROOT, "data", "exports_to_us_by_sector.csv")


def main():
    with open(SRC, newline="") as fh:
        rows = list(csv.DictReader(fh))
    header = ["code", "label", "exports_total_krw_bn_2020", "us_share", "exports_to_us_krw_bn_2020",
              "exports_to_us_usd_bn_2020", "kind", "exports_to_us_usd_bn_2024", "us_share_basis"]
    out = []
    for r in rows:
        out.append({
            "code": r["code"],
            "label": r["label"],
            "exports_total_krw_bn_2020": r["exports_total_krw_bn_2020"],
            "us_share": r["us_share_icio"],
            "exports_to_us_krw_bn_2020": r["exports_to_us_krw_bn_2020prices"],
            "exports_to_us_usd_bn_2020": r["exports_to_us_usd_bn_2020prices"],
            "kind": r["kind"],
            "exports_to_us_usd_bn_2024": r["exports_to_us_usd_bn_2024"],
            "us_share_basis": "2024 volume at 2020 prices: " + r["source"],
        })
    with open(OUT, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    goods = sum(float(r["exports_to_us_usd_bn_2024"]) for r in out if r["kind"] == "goods")
    print(f"wrote {OUT}: {len(out)} sectors, goods to the US 2024 = {goods:.2f} USD bn (customs 127.8)")


def duties():
    """data/us_duties_korea.csv: the Korea rows of raw/macro/us_duties_on_korean_goods_2024q4_2025q2.csv
    (KCCI analysis of USITC statistics), for the reconciliation of the effective rate in `headwind data`."""
    raw = os.path.join(ROOT, "..", "shared", "data", "raw", "macro", "us_duties_on_korean_goods_2024q4_2025q2.csv")
    with open(raw, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if "Korea" in r["measure"]]
    out = os.path.join(ROOT, "data", "us_duties_korea.csv")
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["period", "measure", "value", "unit", "derived", "source"])
        for r in rows:
            w.writerow([r["period"], r["measure"], r["value"], r["unit"], r["derived"],
                        r["original_publisher"] + "; " + r["source_page"]])
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
    duties()
