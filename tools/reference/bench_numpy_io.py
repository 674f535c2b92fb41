#!/usr/bin/env python3
"""Time numpy/scipy (LAPACK) on the problems of benches/io.rs: LU factorize + solve of I - A with 100
right-hand sides, n = 83 (BOK table), 500, 1000, 3500. Median of repeated runs, milliseconds.
Writes tools/reference/bench_numpy_io.json. Run: tools/.venv/bin/python tools/reference/bench_numpy_io.py
"""
import json
import os
import time

import numpy as np
import scipy.linalg as sl
import threadpoolctl


def synthetic(n, rng):
    a = rng.random((n, n))
    a = -0.6 * a / a.sum(axis=0)
    a[np.diag_indices(n)] += 1.0
    return a


def median_ms(f, reps):
    f()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append((time.perf_counter() - t) * 1e3)
    return float(np.median(ts))


def main():
    rng = np.random.default_rng(20250730)
    out = {"numpy": np.__version__, "scipy": sl.__name__, "blas": threadpoolctl.threadpool_info(), "ms": {}}
    for n, reps in ((83, 200), (500, 30), (1000, 15), (3500, 5)):
        a = synthetic(n, rng)
        d = np.fromfunction(lambda i, k: (i + 3 * k) % 11, (n, 100))
        out["ms"][str(n)] = median_ms(lambda: sl.lu_solve(sl.lu_factor(a), d), reps)
        print(n, out["ms"][str(n)])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_numpy_io.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)


if __name__ == "__main__":
    main()
