#!/usr/bin/env python3
"""Derive headwind's monthly data (issue #13, nowcasting) from the raw files in ../shared/data/raw/macro
(standard library only, like tools/derive_data.py).

Usage: python3 tools/derive_monthly.py [RAW_DIR] [OUT_DIR]
Defaults: RAW_DIR = ../shared/data/raw (relative to the repository root), OUT_DIR = data.

Writes
  data/macro_monthly.csv          one row per month YYYY-MM, 1957-01..2026-06, long monthly series
  data/trade_monthly_2024_2026.csv one row per month, 2024-07..2026-05: ECOS trade values/indices and the
                                   Korea Customs HS4 product groups (too short for a 2004Q4 backtest)
  data/monthly_release_lags.csv   per indicator column: unit, source, publication lag (days, months), note
Values are copied unchanged apart from unit scaling (USD -> USD bn, USD mn -> USD bn); nothing is seasonally
adjusted or interpolated here. A cell is empty before a series starts or after it ends, never inside.
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RAW = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "raw")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data")
MA = os.path.join(RAW, "macro")


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.reader(fh) if r and any(x.strip() for x in r)]  # IMPKR/XTIMVA have blank lines


def write(name, header, rows):
    path = os.path.join(OUT, name)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)
    print(f"wrote {path} ({len(rows)} rows)")


def fmt(v, nd=9):
    if v is None:
        return ""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.{nd}f}".rstrip("0").rstrip(".")


def mkey(m):
    return int(m[:4]) * 12 + int(m[5:7]) - 1


def mname(k):
    return f"{k // 12}-{k % 12 + 1:02d}"


def monthly(fname, col, scale=1.0):
    """{YYYY-MM: value * scale} from a FRED-style file (date in column 0, '.'/'' = missing)."""
    rows = read(os.path.join(MA, fname))
    j = rows[0].index(col)
    out = {}
    for r in rows[1:]:
        if len(r) <= j or r[j].strip() in ("", "."):
            continue
        m = r[0][:7]
        assert m not in out, (fname, m)
        out[m] = float(r[j]) * scale
    return out


def check_span(name, s):
    """No gap inside a series' span (the files' rule: empty before start / after end only)."""
    ks = sorted(mkey(m) for m in s)
    assert ks[-1] - ks[0] + 1 == len(ks), f"{name}: gap inside the span"
    for v in s.values():
        assert v == v and v > 0, (name, v)


# column -> (raw file, raw column, scale, unit, source, lag days, lag months, note)
# publication_lag_months L: the value for month t is in the information set dated "end of month t+L", where a
# release on day 1 of the following month counts as part of that month-end set (issue #13's convention: as
# of the end of month m of the quarter the exports of months 1..m are known).
LONG = [
    ("kor_exports_usd_bn_sa", "fred_oecd_xtexva01krm667s_kor_exports_sa_usd_monthly.csv", "XTEXVA01KRM667S", 1e-9,
     "USD bn per month, s.a.", "OECD IMTS XTEXVA01KRM667S via FRED (Korea Customs/MOTIE data)", 1, 0,
     "ASSUMPTION for the backtest: stands in for MOTIE's preliminary customs-basis release on day 1 of the next "
     "month (raw kor_exports_motie_monthly_key_figures: May 2025 reported 2025-06-01, Nov 2025 on 2025-12-01, "
     "Dec 2023 on 2024-01-02); that release is NSA, the OECD s.a. series itself appears later (the 2026-06-10 "
     "download ends at 2026-03, so OECD's own lag is > 41 days) and is a later vintage"),
    ("kor_imports_usd_bn_sa", "fred_oecd_xtimva01krm667s_kor_imports_sa_usd_monthly.csv", "XTIMVA01KRM667S", 1e-9,
     "USD bn per month, s.a.", "OECD IMTS XTIMVA01KRM667S via FRED (Korea Customs/MOTIE data)", 1, 0,
     "ASSUMPTION: as exports (MOTIE releases imports with exports on day 1 of the next month)"),
    ("us_imports_from_kor_usd_bn_nsa", "fred_impkr_us_imports_from_korea_monthly.csv", "IMPKR", 1e-3,
     "USD bn per month, NOT s.a.", "US Census Bureau FT-900 IMPKR via FRED", 36, 2,
     "Census FT-900 comes out about 5 weeks after the month (the 2026-06-10 download has 2026-04 but not "
     "2026-05: lag between 41 and 71 days for April; FT-900 schedule ~35 days: ASSUMPTION 36 days), so month t "
     "is known at the end of month t+2; NSA: the nowcast uses y/y log changes, not a seasonal adjustment"),
    ("us_exports_to_kor_usd_bn_nsa", "fred_expkr_us_exports_to_korea_monthly.csv", "EXPKR", 1e-3,
     "USD bn per month, NOT s.a.", "US Census Bureau FT-900 EXPKR via FRED", 36, 2, "as IMPKR"),
    ("krw_per_usd", "fred_exkous_krw_per_usd_monthly.csv", "EXKOUS_krw_per_usd", 1.0,
     "KRW per USD, monthly average, NSA", "Federal Reserve H.10/G.5 EXKOUS via FRED", 0, 0,
     "daily noon rates are public in real time, so the month's average is known at its end (G.5 monthly "
     "release on the first business day of the next month)"),
    ("jpy_per_usd", "fred_usd_fx_asia_mexico_monthly.csv", "JPY_per_USD", 1.0,
     "JPY per USD, monthly average, NSA", "Federal Reserve H.10/G.5 EXJPUS via FRED", 0, 0, "as EXKOUS"),
    ("cny_per_usd", "fred_usd_fx_asia_mexico_monthly.csv", "CNY_per_USD", 1.0,
     "CNY per USD, monthly average, NSA", "Federal Reserve H.10/G.5 EXCHUS via FRED", 0, 0,
     "as EXKOUS; pegged or managed for long stretches (1994-2005, 2008-2010)"),
    ("twd_per_usd", "fred_usd_fx_asia_mexico_monthly.csv", "TWD_per_USD", 1.0,
     "TWD per USD, monthly average, NSA", "Federal Reserve H.10/G.5 EXTAUS via FRED", 0, 0, "as EXKOUS"),
    ("mxn_per_usd", "fred_usd_fx_asia_mexico_monthly.csv", "MXN_per_USD", 1.0,
     "MXN per USD, monthly average, NSA", "Federal Reserve H.10/G.5 EXMXUS via FRED", 0, 0, "as EXKOUS"),
]

ECOS = "ecos_kor_trade_value_volume_monthly_2024_2026.csv"
KCS = "kcs_kor_hs4_trade_monthly_2024_2026.csv"
ECOS_COLS = [  # column, raw column, scale, unit, source, lag days, lag months, note
    ("ecos_exports_usd_bn_nsa", "exports_usd", 1e-9, "USD bn per month, NSA, customs basis",
     "Bank of Korea ECOS 901Y118 T002 (Korea Customs)", 15, 1,
     "ASSUMPTION: the confirmed customs figure (KCS) follows the day-1 preliminary by about two weeks"),
    ("ecos_imports_usd_bn_nsa", "imports_usd", 1e-9, "USD bn per month, NSA, customs basis",
     "Bank of Korea ECOS 901Y118 T004 (Korea Customs)", 15, 1, "as exports"),
    ("ecos_export_value_index", "export_value_index", 1.0, "index 2020=100, NSA", "Bank of Korea ECOS 403Y001 *AA",
     28, 1, "ASSUMPTION: BOK publishes the trade indices (with import/export prices) within the following month"),
    ("ecos_export_volume_index", "export_volume_index", 1.0, "index 2020=100, NSA", "Bank of Korea ECOS 403Y002 *AA",
     28, 1, "as the value index; the only monthly real export measure in the raw data"),
    ("ecos_import_value_index", "import_value_index", 1.0, "index 2020=100, NSA", "Bank of Korea ECOS 403Y003 *AA",
     28, 1, "as the export indices"),
    ("ecos_import_volume_index", "import_volume_index", 1.0, "index 2020=100, NSA", "Bank of Korea ECOS 403Y004 *AA",
     28, 1, "as the export indices"),
]
HS = [("8542", "integrated circuits"), ("8703", "passenger cars"), ("8507", "batteries"),
      ("2710", "petroleum products"), ("7208", "flat-rolled steel"), ("3907", "polyester/resins"),
      ("8517", "telecom equipment"), ("8901", "ships")]
HS_FIELDS = [("export_usd_bn", "export_usd", 1e-9, "USD bn per month, NSA"),
             ("export_kt", "export_kg", 1e-6, "thousand tonnes per month, NSA"),
             ("import_usd_bn", "import_usd", 1e-9, "USD bn per month, NSA"),
             ("import_kt", "import_kg", 1e-6, "thousand tonnes per month, NSA")]


def derive_long():
    series = {}
    for col, f, raw, scale, *_ in LONG:
        series[col] = monthly(f, raw, scale)
        check_span(col, series[col])
    krw = monthly("fred_usd_fx_asia_mexico_monthly.csv", "KRW_per_USD")
    diff = [m for m in krw if abs(krw[m] - series["krw_per_usd"][m]) > 1e-9]
    assert not diff, diff  # the two EXKOUS copies agree
    ks = [mkey(m) for s in series.values() for m in s]
    rows = []
    for k in range(min(ks), max(ks) + 1):
        m = mname(k)
        rows.append([m] + [fmt(series[c].get(m)) for c in series])
    write("macro_monthly.csv", ["month"] + list(series), rows)
    for c, s in series.items():
        print(f"  {c}: {min(s, key=mkey)}..{max(s, key=mkey)} ({len(s)} months)")
    return series


def derive_short():
    series = {}
    rows = read(os.path.join(MA, ECOS))
    h = rows[0]
    for col, raw, scale, *_ in ECOS_COLS:
        j = h.index(raw)
        series[col] = {f"{r[h.index('month')][:4]}-{r[h.index('month')][4:6]}": float(r[j]) * scale
                       for r in rows[1:] if r[j].strip()}
    rows = read(os.path.join(MA, KCS))
    h = rows[0]
    for code, _ in HS:
        for suffix, raw, scale, _ in HS_FIELDS:
            j = h.index(raw)
            s = {}
            for r in rows[1:]:
                if r[h.index("hs_group")] == code and r[j].strip():
                    m = f"{r[h.index('month')][:4]}-{r[h.index('month')][4:6]}"
                    assert m not in s
                    s[m] = float(r[j]) * scale
            series[f"hs{code}_{suffix}"] = s
    for c, s in series.items():
        check_span(c, s)
    ks = [mkey(m) for s in series.values() for m in s]
    out = [[mname(k)] + [fmt(series[c].get(mname(k))) for c in series] for k in range(min(ks), max(ks) + 1)]
    write("trade_monthly_2024_2026.csv", ["month"] + list(series), out)
    return series


def derive_lags(long, short):
    rows = []
    for col, f, raw, scale, unit, src, days, months, note in LONG:
        s = long[col]
        rows.append([col, "macro_monthly.csv", unit, src, str(days), str(months),
                     f"{min(s, key=mkey)}..{max(s, key=mkey)}", note])
    for col, raw, scale, unit, src, days, months, note in ECOS_COLS:
        s = short[col]
        rows.append([col, "trade_monthly_2024_2026.csv", unit, src, str(days), str(months),
                     f"{min(s, key=mkey)}..{max(s, key=mkey)}", note])
    for code, name in HS:
        for suffix, raw, scale, unit in HS_FIELDS:
            col = f"hs{code}_{suffix}"
            s = short[col]
            rows.append([col, "trade_monthly_2024_2026.csv", unit,
                         f"Korea Customs Service Itemtrade (data.go.kr 1220000/Itemtrade), HS {code} {name}", "15", "1",
                         f"{min(s, key=mkey)}..{max(s, key=mkey)}",
                         "ASSUMPTION: KCS confirmed monthly trade by item is published around the 15th of the "
                         "following month"])
    rows.append(["kor_gdp_real_krw_bn", "macro_quarterly.csv", "KRW bn, chained 2020 prices, s.a. (quarterly)",
                 "Bank of Korea advance GDP estimate (levels: IMF IFS via FRED, BOK q/q after 2024Q4)", "25", "1",
                 "quarterly", "quarterly series: lag counted from the end of the quarter; the advance estimate "
                 "appears about 25 days later (raw bok_kor_real_exports_imports_qoq_press: 2024-01-25, 2025-01-23, "
                 "2026-01-22 for Q4), i.e. within month 1 of the next quarter, so at m=1 the previous quarter is "
                 "known; the file holds later vintages, not the advance figures"])
    write("monthly_release_lags.csv", ["indicator", "file", "unit", "source", "publication_lag_days",
                                       "publication_lag_months", "span", "note"], rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    long = derive_long()
    short = derive_short()
    derive_lags(long, short)


if __name__ == "__main__":
    main()
