#!/usr/bin/env python3
"""A data set on which statsmodels' QuantReg IRLS does not converge (IterationLimitWarning after
max_iter = 1000 iterations at p_tol = 1e-6), for the test that headwind reports the same
non-convergence as an error instead of returning the last iterate. The data are heavy-tailed (Cauchy
draws, seeded) so the IRLS weights 1/|r| oscillate between observations. Also records a converging
control set drawn the same way. Writes tests/fixtures/statsmodels_quantreg_nonconvergence.json.
Run: tools/.venv/bin/python tools/reference/quantreg_nonconvergence.py
"""
import json
import os
import warnings

import numpy as np
import statsmodels.api as sm
from statsmodels.tools.sm_exceptions import IterationLimitWarning

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def fit(y, X, q):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = sm.QuantReg(y, X).fit(q=q, max_iter=1000, p_tol=1e-6)
    hit = any(issubclass(a.category, IterationLimitWarning) for a in w)
    return r, hit


def main():
    rng = np.random.default_rng(20251129)
    cases = {}
    while len(cases) < 2:
        n = int(rng.integers(15, 40))
        X = np.column_stack([np.ones(n), rng.standard_cauchy(n) * 100.0])
        y = rng.standard_cauchy(n) * 1000.0
        q = 0.5
        r, hit = fit(y, X, q)
        key = "nonconverging" if hit else "converging"
        if key in cases:
            continue
        cases[key] = {"y": y.tolist(), "X": X.tolist(), "q": q, "statsmodels_converged": not hit,
                      "iterations": int(r.iterations), "params": r.params.tolist()}
    out = {"source": "statsmodels %s QuantReg (max_iter 1000, p_tol 1e-6)" % sm.__version__, "cases": cases}
    path = os.path.join(ROOT, "tests", "fixtures", "statsmodels_quantreg_nonconvergence.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
    print("wrote", path, {k: (v["statsmodels_converged"], v["iterations"]) for k, v in cases.items()})


if __name__ == "__main__":
    main()
