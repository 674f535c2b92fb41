#!/usr/bin/env python3
"""statsmodels QuantReg reference fits (default robust covariance, Epanechnikov kernel, Hall-Sheather
bandwidth) on Engel's food expenditure data (statsmodels.datasets.engel) and on Korea GDP growth
(constant, its first lag, US growth; 1982Q1-2025Q3 from data/macro_quarterly.csv), at seven quantiles.
Writes tests/fixtures/statsmodels_quantreg.json. Run: tools/.venv/bin/python tools/reference/quantreg_statsmodels.py
"""
import json
import os
import sys

import numpy as np
import statsmodels.api as sm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ols_statsmodels import ROOT, korea_gdp  # noqa: E402

QS = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]


def engel():
    d = sm.datasets.engel.load_pandas().data
    return d["foodexp"].values, np.column_stack([np.ones(len(d)), d["income"].values]), ["const", "income"]


def main():
    y, X, names = korea_gdp()
    keep = [0, 1, 3]
    out = {"source": "statsmodels %s QuantReg" % sm.__version__, "datasets": {}}
    for name, (yy, XX, nn) in {"engel": engel(), "korea_gdp": (y, X[:, keep], [names[i] for i in keep])}.items():
        fits = {}
        for q in QS:
            r = sm.QuantReg(yy, XX).fit(q=q)
            fits[str(q)] = {"params": r.params.tolist(), "bse": r.bse.tolist(), "pvalues": r.pvalues.tolist(),
                            "iterations": int(r.iterations), "bandwidth": float(r.bandwidth),
                            "sparsity": float(r.sparsity)}
        out["datasets"][name] = {"y": yy.tolist(), "X": XX.tolist(), "names": nn, "fits": fits}
    path = os.path.join(ROOT, "tests", "fixtures", "statsmodels_quantreg.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    print("wrote", path)


if __name__ == "__main__":
    main()
