#!/usr/bin/env python3
"""Reference results for the IO core computed with pymrio (and numpy) on headwind's data/ files.

Writes tests/fixtures/pymrio_io.json: the Leontief inverse, output and value-added multipliers, and a
sample propagation of three export shocks. Run: tools/.venv/bin/python tools/reference/io_pymrio.py
"""
import csv
import json
import os

import numpy as np
import pandas as pd
import pymrio

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
D = os.path.join(ROOT, "data")


def matrix(name, rows=None, cols=None):
    with open(os.path.join(D, name), encoding="utf-8") as fh:
        r = list(csv.reader(fh))
    head, body = r[0], r[1:]
    idx = {row[0]: row for row in body}
    rows = rows or [row[0] for row in body]
    cols = cols or head[1:]
    return np.array([[float(idx[i][head.index(c)]) for c in cols] for i in rows])


sectors = [f"{i:02d}" for i in range(1, 84)]
Zd = pd.DataFrame(matrix("io2020_domestic.csv", sectors, sectors), index=sectors, columns=sectors)
x = pd.DataFrame({"indout": matrix("io2020_inputs.csv", ["9790"], sectors)[0]}, index=sectors)
va = matrix("io2020_inputs.csv", ["9610", "9621", "9622", "9630"], sectors).sum(axis=0)
exports = matrix("io2020_domestic.csv", sectors, ["9140"])[:, 0]

A = pymrio.calc_A(Zd, x)
L = pymrio.calc_L(A)
S = pd.DataFrame([va / x["indout"].values], columns=sectors, index=["value_added"])
M = pymrio.calc_M(S, L)  # value added per unit of final demand (multiplier)

# Three shocks (million KRW): -10% of exports in autos (40); -5% in steel (27) and semis (31); all exports -1%.
shocks = np.zeros((83, 3))
shocks[39, 0] = -0.10 * exports[39]
shocks[26, 1] = -0.05 * exports[26]
shocks[30, 1] = -0.05 * exports[30]
shocks[:, 2] = -0.01 * exports
dx = np.column_stack([pymrio.calc_x_from_L(L, pd.DataFrame(shocks[:, k], index=sectors)).values[:, 0]
                      for k in range(3)])

out = {
    "source": "pymrio %s (calc_A, calc_L, calc_M, calc_x_from_L) on data/io2020_*.csv" % pymrio.__version__,
    "sectors": sectors,
    "leontief_inverse": L.values.tolist(),
    "output_multiplier": L.values.sum(axis=0).tolist(),
    "va_multiplier": M.values[0].tolist(),
    "shocks": shocks.tolist(),
    "output_change": dx.tolist(),
    "va_change": ((va / x["indout"].values)[:, None] * dx).tolist(),
}
path = os.path.join(ROOT, "tests", "fixtures", "pymrio_io.json")
with open(path, "w") as fh:
    json.dump(out, fh)
print("wrote", path)
