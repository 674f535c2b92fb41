#!/usr/bin/env python3
"""Independent check of headwind's aggregation of the BoK 2020 table to the 16 reporting groups
(models/groups.toml): sum the domestic flows, domestic final demand and value added by group, then the
Leontief inverse of the aggregated domestic coefficients and the value-added inducement coefficient of
exports, Σ v̂ L f_exp / Σ f_exp (numpy only). Writes tests/fixtures/io_aggregated_reference.json.
Run: tools/.venv/bin/python tools/reference/io_aggregated_numpy.py
"""
import csv
import json
import os
import tomllib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def table(name):
    with open(os.path.join(ROOT, "data", name)) as fh:
        rows = list(csv.reader(fh))
    return rows[0][1:], {r[0]: np.array([float(x or 0) for x in r[1:]]) for r in rows[1:]}


def main():
    head, dom = table("io2020_domestic.csv")
    _, inp = table("io2020_inputs.csv")
    codes = [c for c in head if len(c) == 2]
    n = len(codes)
    Z = np.array([dom[c][:n] for c in codes])
    fd_cols = head[n:]
    F = np.array([dom[c][n:] for c in codes])
    x = inp["9790"]
    va = inp["9610"] + inp["9621"] + inp["9622"] + inp["9630"]
    groups = tomllib.load(open(os.path.join(ROOT, "models", "groups.toml"), "rb"))["group"]
    G = np.zeros((len(groups), n))
    for g, grp in enumerate(groups):
        for c in grp["sectors"]:
            G[g, codes.index(c)] = 1.0
    Za, Fa, xa, vaa = G @ Z @ G.T, G @ F, G @ x, G @ va
    A = Za / xa
    L = np.linalg.inv(np.eye(len(groups)) - A)
    v = vaa / xa
    k = fd_cols.index("9140")
    f = Fa[:, k]
    out = {"groups": [g["code"] for g in groups], "export_va_inducement": float(v @ L @ f / f.sum()),
           "output_multiplier": L.sum(axis=0).tolist()}
    json.dump(out, open(os.path.join(ROOT, "tests", "fixtures", "io_aggregated_reference.json"), "w"), indent=1)
    print(out["export_va_inducement"])


if __name__ == "__main__":
    main()
