#!/usr/bin/env python3
"""Independent reference for the value-chain computation of tools/derive_valuechains.py, with pymrio.

On the WIOD 2013-release world IO table for 2011 it builds a pymrio.IOSystem (labelled DataFrames:
region x sector), lets pymrio compute A, L, the value-added extension coefficients S and multipliers
M = S L, with one extension row per Korean industry (Korean value added of that industry, zero
elsewhere). For each partner p the Korean VA in p's gross exports to the US (intermediate + final) is
M @ e_p; the direct part (Korean goods delivered straight to p's industries) uses pymrio.calc_L on the
coefficient block of all regions except p. Writes tests/fixtures/valuechain_reference.json;
tools/derive_valuechains.py compares its own numpy results with it (1e-8 relative).

Requirements: /tmp/venv-vc/bin/pip install numpy pandas pymrio rdata
Run:          /tmp/venv-vc/bin/python tools/reference/valuechain_pymrio.py
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import pymrio
import rdata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RAW = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "raw", "valuechains"))
if not os.path.isdir(RAW):
    RAW = "/work/shared/data/raw/valuechains"
OUT = os.path.join(ROOT, "tests", "fixtures", "valuechain_reference.json")
PARTNERS = ["CHN", "MEX", "CAN", "JPN", "DEU", "TWN", "RoW"]
FD = ["CONS_h", "CONS_np", "CONS_g", "GFCF", "INVEN"]   # WIOD 2013 final-demand categories, in file order

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    w = rdata.read_rda(os.path.join(RAW, "wiod2013_wiot_2011.RData"))["wiot_2011"]
regions = [str(c) for c in w["countries"]]
sectors = [str(c) for c in w["industries"]]
idx = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
cols_y = pd.MultiIndex.from_product([regions, FD], names=["region", "category"])
Z = pd.DataFrame(np.asarray(w["inter"].values, dtype=float), index=idx, columns=idx)
Y = pd.DataFrame(np.asarray(w["final"].values, dtype=float), index=idx, columns=cols_y)
x = pd.DataFrame({"indout": np.asarray(w["output"], dtype=float)}, index=idx)

# Korean value added by industry as an extension: one row per Korean industry, VA = x - column sum of Z
va = (x["indout"] - Z.sum(axis=0)).where(x["indout"] > 0, 0.0)
F = pd.DataFrame(0.0, index=pd.Index([f"KOR_VA_{s}" for s in sectors], name="stressor"), columns=idx)
for s in sectors:
    F.loc[f"KOR_VA_{s}", ("KOR", s)] = va[("KOR", s)]

io = pymrio.IOSystem(Z=Z, Y=Y, x=x, name="WIOD2013_2011")
io.va_kor = pymrio.Extension(name="va_kor", F=F)
io.calc_system()             # A and L from Z and the given x
io.va_kor.calc_system(x=io.x, Y=io.Y, L=io.L)   # S = F / x, M = S L (and footprints, unused)
M = io.va_kor.M

result = {}
for p in PARTNERS:
    e = Z.loc[p, "USA"].sum(axis=1) + Y.loc[p, "USA"].sum(axis=1)   # p's exports to the US by industry
    e_full = pd.Series(0.0, index=idx)
    e_full.loc[p] = e.values
    va_by_sector = M.dot(e_full)                                   # Korean VA by Korean industry
    # direct: Korean output delivered to p's industries, through the inverse over all regions but p
    x_req = io.L.dot(e_full)
    rest = [r for r in regions if r != p]
    A_rr = io.A.loc[rest, rest]
    L_rr = pymrio.calc_L(A_rr)
    deliveries = io.A.loc[rest, p].dot(x_req.loc[p])               # inputs every other region sells to p
    kor_out_direct = L_rr.loc["KOR", "KOR"].dot(deliveries.loc["KOR"])
    v_kor = io.va_kor.S.loc[[f"KOR_VA_{s}" for s in sectors], "KOR"].to_numpy().diagonal()
    direct = float((v_kor * kor_out_direct.to_numpy()).sum())
    total = float(va_by_sector.sum())
    result[p] = {
        "exports_to_us_usd_mn": float(e.sum()),
        "va_usd_mn": total,
        "direct_usd_mn": direct,
        "indirect_usd_mn": total - direct,
        "va_by_korean_sector_usd_mn": {s: float(va_by_sector[f"KOR_VA_{s}"]) for s in sectors},
    }
    print(f"{p}: exports to US {e.sum() / 1e3:.1f} USD bn, Korean VA {total / 1e3:.4f} (direct {direct / 1e3:.4f})")

out = {
    "meta": {
        "what": "Korean value added embodied in partners' gross exports to the US, WIOD 2013 release, 2011, USD million",
        "source": "wiod2013_wiot_2011.RData (bquast/wiod 0.4.0; WIOD 2013 release, Timmer et al. 2015)",
        "method": "pymrio IOSystem: A = Z/x (x = WIOD output), L = (I-A)^-1, Korean VA extension S = VA/x, "
                  "M = S L; VA = M e_p with e_p = Z[p, USA] + Y[p, USA] summed over US columns; direct = "
                  "v_KOR * (I - A_RR)^-1_[KOR,KOR] A[KOR, p] x_p with R = all regions but p, x = L e_p",
        "script": "tools/reference/valuechain_pymrio.py",
        "pymrio_version": pymrio.__version__,
        "tolerance_relative": 1e-8,
    },
    "partners": result,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {os.path.relpath(OUT, ROOT)}")
