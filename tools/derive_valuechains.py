#!/usr/bin/env python3
"""Derive Korea's exposure to the US at the forecast date and its value chains through third countries.

Issue #14, items 2 and 4. Writes two data files (and checks them against a pymrio fixture):

  data/exports_to_us_2024.csv                 exports to the US by BoK sector, 2024 level
  data/korean_va_in_partner_exports_to_us.csv Korean value added embodied in partners' exports to the US

Inputs (read only):
  ../shared/data/raw/valuechains/tariffwar_ICIO2019/2021/2022.mat  OECD ICIO 2023 ed. bilateral flows (tariffwar)
  ../shared/data/raw/valuechains/wiod2013_wiot_2011.RData           WIOD 2013 release, world IO table 2011
  ../shared/data/raw/structure/kor_exports_to_us_key_figures.csv    2024 customs totals (MOTIE, KAMA, KAICA)
  ../shared/data/raw/macro/fred_exkous_krw_per_usd_monthly.csv      KRW/USD (2020 mean)
  ../shared/data/raw/macro/fred_impkr_us_imports_from_korea_monthly.csv  US imports from Korea (checks)
  ../shared/data/raw/macro/ecos_kor_trade_value_volume_monthly_2024_2026.csv  export value/volume indices
  data/io2020_domestic.csv (column 9140, exports), data/io2020_sectors.csv
  data/concordance_icio_bok.csv, data/concordance_icio_wiod.csv, data/concordance_wiod_groups.csv
  tests/fixtures/valuechain_reference.json  (written by tools/reference/valuechain_pymrio.py)

Requirements (own venv, not tools/.venv):
  python3 -m venv /tmp/venv-vc
  /tmp/venv-vc/bin/pip install numpy scipy h5py rdata pyreadr pymrio pandas
  (h5py: the .mat files are MATLAB v7.3 = HDF5, which scipy.io.loadmat cannot read;
   rdata: pyreadr 0.5 cannot convert the WIOD R object (a list holding matrices), rdata can.)

Run:  /tmp/venv-vc/bin/python tools/derive_valuechains.py [--no-check]
Method, results and caveats: tools/valuechains_notes.md. Provenance: data/PROVENANCE.md.
"""
import csv
import json
import os
import statistics
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RAW = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "raw"))
if not os.path.isdir(RAW):
    RAW = "/work/shared/data/raw"
VC = os.path.join(RAW, "valuechains")
ST = os.path.join(RAW, "structure")
MA = os.path.join(RAW, "macro")
DATA = os.path.join(ROOT, "data")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "valuechain_reference.json")

ICIO_YEARS = (2019, 2021, 2022)
LATEST = 2022
GOODS = [f"{i:02d}" for i in range(1, 44)]          # BoK 01-43 (as in exports_to_us_by_sector.csv)
PARTNERS = ["CHN", "MEX", "VNM", "CAN", "JPN", "DEU", "TWN"]
WIOD_N = 35
REL_TOL = 1e-8


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    path = os.path.join(DATA, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"  wrote {os.path.relpath(path, ROOT)} ({len(rows)} rows)")


def fmt(v, nd=6):
    s = f"{v:.{nd}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ------------------------------------------------------------------ loaders
def load_icio(year):
    """tariffwar ICIO file -> (X[sector, importer, exporter] in USD mn, countries, sectors)."""
    import h5py

    with h5py.File(os.path.join(VC, f"tariffwar_ICIO{year}.mat"), "r") as f:
        d = f["data"]

        def txt(ref):
            return "".join(chr(c) for c in f[ref][()].flatten())

        countries = [txt(r) for r in d["countries"][0]]
        sectors = [txt(r) for r in d["sectors"][0]]
        X = np.array(d["Xjik_3D"][()], dtype=float)
        assert int(d["year"][()].item()) == year
    assert X.shape == (len(sectors), len(countries), len(countries)) == (28, 81, 81)
    return X, countries, sectors


def load_wiod():
    """WIOD 2013 release, 2011: Z (1435x1435), F (1435x205), x (1435), countries (41)."""
    import rdata

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Missing constructor for R class iot": the list is returned as is
        w = rdata.read_rda(os.path.join(VC, "wiod2013_wiot_2011.RData"))["wiot_2011"]
    Z = np.asarray(w["inter"].values, dtype=float)
    F = np.asarray(w["final"].values, dtype=float)
    x = np.asarray(w["output"], dtype=float)
    countries = [str(c) for c in w["countries"]]
    industries = [str(c) for c in w["industries"]]
    assert int(w["year"][0]) == 2011 and industries == [f"c{i}" for i in range(1, 36)]
    assert Z.shape == (1435, 1435) and F.shape == (1435, 205) and x.shape == (1435,)
    return Z, F, x, countries


def monthly(path, col):
    out = {}
    for r in read_csv(path):
        v = r[col].strip()
        if v not in ("", "."):
            out[r[list(r)[0]][:7]] = float(v)
    return out


def key_figure(year, partner, product):
    for r in read_csv(os.path.join(ST, "kor_exports_to_us_key_figures.csv")):
        if r["year"] == year and r["period"] == "annual" and r["partner"] == partner and r["product"] == product:
            return float(r["value_usd_bn"])
    raise KeyError((year, partner, product))


# ------------------------------------------------------------------ part (a): exposure at the forecast date
def part_a(icio):
    print("(a) exports to the US by BoK sector, 2024")
    X, C, S = icio[LATEST]
    k, u = C.index("KOR"), C.index("USA")
    shares = {}
    for y, (Xy, Cy, Sy) in icio.items():
        assert Cy == C and Sy == S
        exp_world = Xy[:, :, k].sum(axis=1) - Xy[:, k, k]       # Korea's gross exports by sector, all partners
        shares[y] = Xy[:, u, k] / exp_world
        print(f"  ICIO {y}: Korea->US goods {Xy[:27, u, k].sum():,.1f} USD mn, goods share "
              f"{Xy[:27, u, k].sum() / exp_world[:27].sum():.4f}")
    sidx = {s: i for i, s in enumerate(S)}
    sidx["Services"] = S.index("Services (aggregate)")

    conc = read_csv(os.path.join(DATA, "concordance_icio_bok.csv"))
    sectors = read_csv(os.path.join(DATA, "io2020_sectors.csv"))
    codes = [r["code"] for r in sectors]
    labels = {r["code"]: r["label"] for r in sectors}
    assert [r["bok_code"] for r in conc] == codes, "concordance must list the 83 BoK sectors once, in order"
    icio_of = {}
    for r in conc:
        assert r["icio_sector"] in sidx, r
        assert r["bok_label"] == labels[r["bok_code"]], r
        icio_of[r["bok_code"]] = r["icio_sector"]

    exports = {}
    for r in read_csv(os.path.join(DATA, "io2020_domestic.csv")):
        exports[r["row_code"]] = float(r["9140"])            # million KRW
    assert sorted(exports) == codes

    fx = monthly(os.path.join(MA, "fred_exkous_krw_per_usd_monthly.csv"), "EXKOUS_krw_per_usd")
    krw2020 = statistics.mean(fx[f"2020-{m:02d}"] for m in range(1, 13))
    impkr = monthly(os.path.join(MA, "fred_impkr_us_imports_from_korea_monthly.csv"), "IMPKR")
    impkr_year = {y: sum(impkr[f"{y}-{m:02d}"] for m in range(1, 13)) / 1e3 for y in (2019, 2020, 2021, 2022, 2024, 2025)}

    # 2024 customs targets (USD bn, MOTIE / KAMA / KAICA via kor_exports_to_us_key_figures.csv)
    us_total = key_figure("2024", "United States", "all goods")
    autos = key_figure("2024", "United States", "motor vehicles")
    parts = key_figure("2024", "United States", "auto parts")
    chips_world = key_figure("2024", "World", "semiconductors")
    chip_share = 0.072   # published: 7.2% of chip exports Jan-Nov 2024 (MOTIE/KITA via Korea JoongAng Daily 2025-01-06)
    target = {"autos": autos + parts, "semis": chip_share * chips_world}
    target["other_goods"] = us_total - target["autos"] - target["semis"]
    group_of = {c: ("autos" if c == "40" else "semis" if c == "31" else "other_goods" if c in GOODS else "services")
                for c in codes}

    base = {}   # USD bn, 2020 export levels x ICIO 2022 US share
    for c in codes:
        base[c] = exports[c] / 1e3 / krw2020 * shares[LATEST][sidx[icio_of[c]]]
    base_goods = sum(base[c] for c in GOODS)
    factor = {g: target[g] / sum(base[c] for c in codes if group_of[c] == g) for g in target}
    factor["services"] = 1.0

    # export unit value (USD basis) 2024 relative to 2020: ECOS value index / volume index, 2024-07..12 mean
    ecos = read_csv(os.path.join(MA, "ecos_kor_trade_value_volume_monthly_2024_2026.csv"))
    uv = [float(r["export_value_index"]) / float(r["export_volume_index"]) for r in ecos if r["month"].startswith("2024")]
    assert len(uv) == 6
    uv2024 = statistics.mean(uv)

    rows, tot = [], {"goods_2024": 0.0, "services": 0.0, "goods_krw": 0.0}
    for c in codes:
        i = sidx[icio_of[c]]
        g = group_of[c]
        usd24 = base[c] * factor[g]
        if g == "services":
            krw = exports[c] / 1e3 * shares[LATEST][i]      # 2020 levels, 2020 prices: not scaled, not deflated
            src = (f"services: BoK 2020 exports x ICIO {LATEST} US share of {icio_of[c]}; NOT scaled to 2024 "
                   "(no services-by-destination figure in raw); not tariffed")
            tot["services"] += usd24
        else:
            krw = usd24 / uv2024 * krw2020
            tot["goods_2024"] += usd24
            tot["goods_krw"] += krw
            if g == "autos":
                src = (f"BoK 2020 exports x ICIO {LATEST} share ({icio_of[c]}); scaled to published 2024 autos "
                       f"{autos} + parts {parts} USD bn to the US (KAMA 49.1% x MOTIE 70.79; KAICA)")
            elif g == "semis":
                src = (f"BoK 2020 exports x ICIO {LATEST} share ({icio_of[c]}); scaled to 7.2% (MOTIE/KITA, "
                       f"Jan-Nov 2024) x {chips_world} USD bn 2024 chip exports (MOTIE) = {target['semis']:.3f}")
            else:
                src = (f"BoK 2020 exports x ICIO {LATEST} share ({icio_of[c]}); other goods scaled jointly "
                       f"(factor {factor[g]:.4f}) so that goods total = {us_total} USD bn (MOTIE 2024)")
        rows.append([c, labels[c], "goods" if c in GOODS else "services", icio_of[c],
                     fmt(shares[2019][i], 6), fmt(shares[2021][i], 6), fmt(shares[LATEST][i], 6),
                     fmt(exports[c] / 1e3, 3), fmt(base[c], 4), g, fmt(factor[g], 6), fmt(usd24, 4),
                     fmt(krw, 3), fmt(krw / krw2020, 4), src])
    write_csv("exports_to_us_2024.csv",
              ["code", "label", "kind", "icio_sector", "us_share_icio_2019", "us_share_icio_2021",
               "us_share_icio", "exports_total_krw_bn_2020", "exports_to_us_usd_bn_2020_levels",
               "scale_group", "scale_factor", "exports_to_us_usd_bn_2024", "exports_to_us_krw_bn_2020prices",
               "exports_to_us_usd_bn_2020prices", "source"], rows)
    dev = tot["goods_2024"] / us_total - 1
    print(f"  KRW/USD 2020 {krw2020:.2f}; export unit value 2024H2/2020 {uv2024:.4f}")
    print(f"  goods to US at 2020 levels x ICIO shares {base_goods:.2f} USD bn (IMPKR 2020 {impkr_year[2020]:.1f});"
          f" factors {', '.join(f'{g} {v:.3f}' for g, v in factor.items())}")
    print(f"  goods to US 2024 {tot['goods_2024']:.2f} USD bn vs customs {us_total} ({dev:+.2%}); "
          f"2020 prices {tot['goods_krw'] / 1e3:.2f} KRW trn; services (2020 levels) {tot['services']:.2f} USD bn")
    assert abs(dev) < 0.05, "goods total must be within 5% of the 2024 customs figure"
    return dict(shares=shares, S=S, C=C, base=base, factor=factor, target=target, krw2020=krw2020,
                uv2024=uv2024, impkr=impkr_year, base_goods=base_goods, total_goods_2024=tot["goods_2024"],
                total_services=tot["services"], total_goods_krw=tot["goods_krw"], us_total=us_total,
                icio_of=icio_of, exports=exports)


# ------------------------------------------------------------------ part (b): value chains, WIOD 2011
def wiod_system(Z, F, x):
    inv_x = np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)
    A = Z * inv_x[None, :]
    v = 1.0 - A.sum(axis=0)
    v[x <= 0] = 0.0
    L = np.linalg.inv(np.eye(len(x)) - A)
    return A, v, L


def exports_to(Z, F, p, u):
    """Partner p's gross exports to country u by p's industry (intermediate + final), USD mn."""
    n = WIOD_N
    sl = slice(p * n, (p + 1) * n)
    inter = Z[sl, u * n:(u + 1) * n].sum(axis=1)
    final = F[sl, u * 5:(u + 1) * 5].sum(axis=1)
    return inter, final


def korean_va(A, v, L, p, k, E):
    """Korean VA in p's exports E (N x m matrix, columns = export vectors, non-zero in p's block only).

    Returns total, direct, indirect as (35 Korean industries x m) arrays, USD mn.
    total    = v_K * [L E]_K
    direct   = v_K * [Lr_KK A_Kp x_p]   (Korean goods delivered straight to p's industries)
    indirect = v_K * [sum_{c != K} Lr_Kc A_cp x_p]  (Korean VA reaching p through third countries' inputs)
    with x = L E (global outputs required) and Lr = (I - A_RR)^-1 the inverse over all countries except p.
    direct + indirect = total exactly, because x_R = (I - A_RR)^-1 A_Rp x_p when E is zero outside p.
    """
    n = WIOD_N
    N = A.shape[0]
    ps = np.arange(p * n, (p + 1) * n)
    rest = np.setdiff1d(np.arange(N), ps)
    kpos = np.searchsorted(rest, np.arange(k * n, (k + 1) * n))   # Korea's rows inside the rest block
    xall = L @ E
    xp = xall[ps]
    Lr = np.linalg.inv(np.eye(len(rest)) - A[np.ix_(rest, rest)])
    deliveries = A[np.ix_(rest, ps)] @ xp                           # every rest country's inputs into p
    via_all = Lr[kpos] @ deliveries                                 # Korean output, all routes
    direct_out = Lr[np.ix_(kpos, kpos)] @ deliveries[kpos]          # Korean output, via Korea->p deliveries
    vk = v[k * n:(k + 1) * n][:, None]
    total = vk * xall[k * n:(k + 1) * n]
    direct = vk * direct_out
    indirect = vk * via_all - direct
    # identity check: the rest-block solve reproduces the global solve
    assert np.allclose(vk * via_all, total, rtol=1e-9, atol=1e-9)
    return total, direct, indirect


def part_b_wiod():
    print("(b) Korean VA in partners' exports to the US: WIOD 2011")
    Z, F, x, C = load_wiod()
    A, v, L = wiod_system(Z, F, x)
    k, u = C.index("KOR"), C.index("USA")
    res = {}
    for p, c in enumerate(C):
        if c in ("KOR", "USA"):
            continue
        inter, final = exports_to(Z, F, p, u)
        E = np.zeros((len(x), WIOD_N))
        E[p * WIOD_N + np.arange(WIOD_N), np.arange(WIOD_N)] = inter + final   # one column per exporting industry
        T, D, I = korean_va(A, v, L, p, k, E)
        Ef = np.zeros(len(x))
        Ef[p * WIOD_N:(p + 1) * WIOD_N] = final
        tf = (v[k * WIOD_N:(k + 1) * WIOD_N] * (L @ Ef)[k * WIOD_N:(k + 1) * WIOD_N]).sum()
        res[c] = dict(e=inter + final, e_final=final, T=T, D=D, I=I, total_final_only=tf)
    # Korea's own VA share of its exports to the US (check against the research note: 61.3%)
    inter, final = exports_to(Z, F, k, u)
    e = np.zeros(len(x))
    e[k * WIOD_N:(k + 1) * WIOD_N] = inter + final
    own = (v * (L @ e))[k * WIOD_N:(k + 1) * WIOD_N].sum() / e.sum()
    # Korea's share in each country's goods imports (c1-c16), intermediate + final: for the sensitivity
    imp_share = {}
    for p, c in enumerate(C):
        cols_z = slice(p * WIOD_N, (p + 1) * WIOD_N)
        cols_f = slice(p * 5, (p + 1) * 5)
        by_origin = np.array([Z[ci * WIOD_N:ci * WIOD_N + 16, cols_z].sum() + F[ci * WIOD_N:ci * WIOD_N + 16, cols_f].sum()
                              for ci in range(len(C))])
        imp_share[c] = by_origin[k] / (by_origin.sum() - by_origin[p])
    tot = sum(r["T"].sum() for r in res.values()) / 1e3
    print(f"  all {len(res)} partners: {tot:.3f} USD bn; Korea's own VA share of its exports to the US {own:.4f}")
    for c in ("CHN", "MEX", "TWN", "JPN", "CAN", "DEU", "RoW"):
        r = res[c]
        print(f"  {c}: exports to US {r['e'].sum() / 1e3:.1f}, Korean VA {r['T'].sum() / 1e3:.3f} "
              f"(direct {r['D'].sum() / 1e3:.3f}, indirect {r['I'].sum() / 1e3:.3f}), "
              f"{100 * r['T'].sum() / r['e'].sum():.2f}%")
    return res, C, own, imp_share


def part_b_update(wiod, wiod_countries, icio, imp_share_wiod):
    """Carry WIOD-2011 Korean-VA coefficients (per USD of a partner's exports to the US, by exporting
    sector) to the ICIO bilateral exports to the US of 2019, 2021, 2022."""
    conc = read_csv(os.path.join(DATA, "concordance_icio_wiod.csv"))
    X, C, S = icio[LATEST]
    assert [r["icio_sector"] for r in conc[:-1]] == S[:-1] and conc[-1]["icio_sector"] == "Services"
    wsets = [[int(w[1:]) - 1 for w in r["wiod_sectors"].split("+")] for r in conc]
    u, k = C.index("USA"), C.index("KOR")
    # ICIO country -> WIOD country (same ISO3, ROU = WIOD "ROM"); others take WIOD RoW coefficients
    wmap = {c: (c if c in wiod_countries else "ROM" if c == "ROU" else "RoW") for c in C}
    coef = {}
    for wc, r in wiod.items():
        cT = np.zeros((28, WIOD_N)); cD = np.zeros((28, WIOD_N)); cI = np.zeros((28, WIOD_N))
        for i, js in enumerate(wsets):
            den = r["e"][js].sum()
            if den > 0:
                cT[i] = r["T"][:, js].sum(axis=1) / den
                cD[i] = r["D"][:, js].sum(axis=1) / den
                cI[i] = r["I"][:, js].sum(axis=1) / den
        coef[wc] = (cT, cD, cI)
    out = {}
    for y, (Xy, Cy, Sy) in icio.items():
        for ci, c in enumerate(Cy):
            if c in ("USA", "KOR"):
                continue
            e = Xy[:, u, ci]                                       # partner's exports to the US by ICIO sector
            cT, cD, cI = coef[wmap[c]]
            out[(c, y)] = dict(e=e, T=cT.T @ e, D=cD.T @ e, I=cI.T @ e, wiod=wmap[c])
    # Korea's share in each partner's goods imports (ICIO, sectors 0-26) for the sensitivity
    imp_share = {}
    for y, (Xy, Cy, Sy) in icio.items():
        for ci, c in enumerate(Cy):
            m = Xy[:27, ci, :].sum(axis=0)
            imp_share[(c, y)] = m[k] / (m.sum() - m[ci])
    return out, wmap, imp_share


def write_part_b(wiod, upd, wmap, groups):
    gcodes = list(dict.fromkeys(g for g in groups))
    rows = []
    summary = {}

    def emit(partner, year, T, D, I, e, method, src):
        agg = {g: [0.0, 0.0, 0.0] for g in gcodes}
        for s in range(WIOD_N):
            g = groups[s]
            agg[g][0] += T[s]; agg[g][1] += D[s]; agg[g][2] += I[s]
        for g in gcodes:
            t, d, i = agg[g]
            rows.append([partner, g, year, fmt(t / 1e3, 6), fmt(d / 1e3, 6), fmt(i / 1e3, 6),
                         fmt(e / 1e3, 4), method, src])
        summary[(partner, year)] = (T.sum() / 1e3, D.sum() / 1e3, I.sum() / 1e3, e / 1e3)

    wsrc = "WIOD 2013 release, WIOT 2011 (Timmer et al. 2015); global Leontief inverse"
    for p in PARTNERS + ["OTHER", "ALL"]:
        if p == "VNM":
            continue   # Vietnam is inside WIOD RoW in 2011
        if p in ("OTHER", "ALL"):
            keys = [c for c in wiod if (p == "ALL" or c not in PARTNERS)]
        else:
            keys = [p]
        T = sum(wiod[c]["T"].sum(axis=1) for c in keys)
        D = sum(wiod[c]["D"].sum(axis=1) for c in keys)
        I = sum(wiod[c]["I"].sum(axis=1) for c in keys)
        e = sum(wiod[c]["e"].sum() for c in keys)
        label = {"OTHER": "all other WIOD countries incl. RoW (RoW includes Vietnam)",
                 "ALL": "all WIOD countries except KOR and USA"}.get(p, "")
        emit(p, 2011, T, D, I, e, "wiod2011_exact", wsrc + (f"; {label}" if label else ""))
    for y in ICIO_YEARS:
        for p in PARTNERS + ["OTHER", "ALL"]:
            if p in ("OTHER", "ALL"):
                keys = [c for (c, yy) in upd if yy == y and (p == "ALL" or c not in PARTNERS)]
            else:
                keys = [p]
            T = sum(upd[(c, y)]["T"] for c in keys)
            D = sum(upd[(c, y)]["D"] for c in keys)
            I = sum(upd[(c, y)]["I"] for c in keys)
            e = sum(upd[(c, y)]["e"].sum() for c in keys)
            if p == "VNM":
                src = (f"ASSUMPTION: WIOD 2011 RoW coefficients (Vietnam is not in WIOD 2013) x ICIO {y} "
                       "Vietnam->US exports by sector")
                method = "icio_scaled_row_proxy"
            elif p in ("OTHER", "ALL"):
                src = (f"WIOD 2011 coefficients of each partner (RoW for countries not in WIOD) x ICIO {y} "
                       f"exports to the US by sector; {'all ICIO countries except KOR, USA' if p == 'ALL' else 'ICIO countries other than the seven named'}")
                method = "icio_scaled"
            else:
                src = f"WIOD 2011 Korean-VA coefficients per USD of {p}'s exports to the US by sector x ICIO {y} {p}->US exports"
                method = "icio_scaled"
            emit(p, y, T, D, I, e, method, src)
    write_csv("korean_va_in_partner_exports_to_us.csv",
              ["partner", "korean_sector", "year", "va_usd_bn", "direct_usd_bn", "indirect_usd_bn",
               "partner_exports_to_us_usd_bn", "method", "source"], rows)
    return summary


# ------------------------------------------------------------------ cross-check against the pymrio fixture
def check_fixture(wiod):
    if not os.path.exists(FIXTURE):
        print(f"  NOTE: {os.path.relpath(FIXTURE, ROOT)} missing; run tools/reference/valuechain_pymrio.py")
        return False
    ref = json.load(open(FIXTURE))
    worst = 0.0
    n = 0
    for c, r in ref["partners"].items():
        mine = wiod[c]
        pairs = [(mine["e"].sum(), r["exports_to_us_usd_mn"]), (mine["T"].sum(), r["va_usd_mn"]),
                 (mine["D"].sum(), r["direct_usd_mn"]), (mine["I"].sum(), r["indirect_usd_mn"])]
        T = mine["T"].sum(axis=1)
        pairs += [(T[int(s[1:]) - 1], val) for s, val in r["va_by_korean_sector_usd_mn"].items()]
        for a, b in pairs:
            rel = abs(a - b) / max(abs(b), 1e-300) if b != 0 else abs(a)
            worst = max(worst, rel)
            n += 1
    ok = worst <= REL_TOL
    print(f"  pymrio fixture: {n} values, worst relative difference {worst:.2e} ({'OK' if ok else 'FAIL'} at {REL_TOL})")
    if not ok:
        sys.exit("value-chain cross-check against pymrio failed")
    return True


def main():
    icio = {y: load_icio(y) for y in ICIO_YEARS}
    a = part_a(icio)
    wiod, wc, own, imp_w = part_b_wiod()
    upd, wmap, imp_i = part_b_update(wiod, wc, icio, imp_w)
    gmap = read_csv(os.path.join(DATA, "concordance_wiod_groups.csv"))
    assert [r["wiod_sector"] for r in gmap] == [f"c{i}" for i in range(1, 36)]
    groups = [r["vc_group"] for r in gmap]
    summary = write_part_b(wiod, upd, wmap, groups)
    for y in (2011,) + ICIO_YEARS:
        print(f"  {y}: " + ", ".join(f"{p} {summary[(p, y)][0]:.2f}" for p in PARTNERS + ["OTHER", "ALL"]
                                     if (p, y) in summary))
    # Vietnam sensitivity: Korea's share of Vietnam's goods imports (ICIO) vs of WIOD RoW's (2011)
    for y in ICIO_YEARS:
        ratio = imp_i[("VNM", y)] / imp_w["RoW"]
        print(f"  VNM {y}: Korea's share of goods imports {imp_i[('VNM', y)]:.4f} vs WIOD RoW 2011 "
              f"{imp_w['RoW']:.4f} (x{ratio:.2f}) -> import-share-adjusted {summary[('VNM', y)][0] * ratio:.2f} USD bn")
    # Sensitivity (not written to the CSV): scale each partner's coefficients by Korea's share of its goods
    # imports in the ICIO year relative to 2011 (WIOD; RoW's share for countries not in WIOD)
    for y in ICIO_YEARS:
        adj = {}
        for (c, yy), r in upd.items():
            if yy == y:
                adj[c] = r["T"].sum() / 1e3 * imp_i[(c, y)] / imp_w[r["wiod"]]
        named = {p: adj[p] for p in PARTNERS}
        print(f"  import-share-adjusted {y}: all {sum(adj.values()):.2f} USD bn; "
              + ", ".join(f"{p} {v:.2f}" for p, v in named.items()))
    if "--no-check" not in sys.argv:
        check_fixture(wiod)
    return a, wiod, upd, summary, imp_w, imp_i, own


if __name__ == "__main__":
    main()
