"""The shipped sweep design (models/sweeps/example.toml: reciprocal-25 vs korus, 384 points, 400
paths each) run by the numpy pipeline (tools/reference/pipeline.py, an independent re-implementation
of the forecast), to time it against `headwind sweep` per point (benches/sweep.rs; README,
Performance). Setup (data, IO inverse, GDP fit, tariff coverage) is done once, as headwind does;
each point sets the reciprocal rate, the elasticity's prior mean, a uniform pass-through and the
diversion, and simulates with the same seed (common random numbers).

The points are read from a headwind sweep table (its input columns only), so both run the same
design. Writes tools/reference/bench_numpy_sweep.json. Run, with the BLAS settings of the machine's
environment removed for this timing only:
    target/release/headwind --quiet sweep example --output /tmp/sweep.csv
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE tools/.venv/bin/python tools/reference/sweep_numpy.py /tmp/sweep.csv
"""
import copy
import csv
import json
import os
import platform
import sys
import time
import tomllib

import numpy as np
from threadpoolctl import threadpool_info

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline as P  # noqa: E402

PATHS = 400
REPEATS = 3


def main(table):
    with open(table) as fh:
        lines = [l for l in fh if not l.startswith("#")]
    points = list(csv.DictReader(lines))
    P.PATHS = PATHS
    s = P.setup()
    fit, y_last = P.gdp_fit()
    H = 8
    sc = tomllib.load(open(os.path.join(P.M, "scenarios", "reciprocal-25.toml"), "rb"))
    tau_b, bc = P.rates(os.path.join(P.M, "scenarios", "korus.toml"), s, H)
    # The reciprocal measure's tariff path at a 1% rate (coverage x quarters in force), and the rest.
    tau_other, _ = P.rates(os.path.join(P.M, "scenarios", "reciprocal-25.toml"), s, H)
    one = copy.deepcopy(sc)
    rate0 = one["measure"][0]["rate_pct"]
    tau_recip_25 = tau_other.copy()
    one["measure"][0]["rate_pct"] = 0.0
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".toml", delete=False) as f:
        import tomli_w  # noqa: F401  (optional; fall back below)
        f.write(tomli_w.dumps(one).encode())
    tau_no_recip, _ = P.rates(f.name, s, H)
    os.unlink(f.name)
    per_pct = (tau_recip_25 - tau_no_recip) / rate0
    us = [sc["drivers"]["us_gdp_growth"]] * H
    us_b = [bc["drivers"]["us_gdp_growth"]] * H
    base_model = s["model"]
    results, times = [], []
    for rep in range(REPEATS):
        t = time.perf_counter()
        out = []
        for p in points:
            q = dict(s)
            model = copy.deepcopy(base_model)
            model["exports"]["tariff"]["prior_elasticity"] = float(p["elasticity"])
            model["trade"]["diversion"] = float(p["diversion"])
            q["model"] = model
            q["phi"] = np.full(s["n"], float(p["pass_through"]))
            tau_s = tau_no_recip + per_pct * float(p["reciprocal_rate"])
            rng = np.random.default_rng(20251029)
            ys, yb, tot = P.run(q, tau_s, tau_b, H, us, us_b, rng, fit, y_last)
            out.append(float((ys - yb).sum(1).mean()))
        times.append(time.perf_counter() - t)
        results = out
    n = len(points)
    info = [{k: d.get(k) for k in ("user_api", "internal_api", "version", "architecture", "num_threads")} for d in threadpool_info()]
    res = {
        "design": "models/sweeps/example.toml",
        "points": n,
        "paths_per_point": PATHS,
        "seconds_total_median": float(np.median(times)),
        "seconds_per_point_median": float(np.median(times)) / n,
        "points_per_second": n / float(np.median(times)),
        "repeats": REPEATS,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "blas": info,
        "env_unset": ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"],
        "level_effect_first_points": results[:5],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_numpy_sweep.json")
    with open(path, "w") as fh:
        json.dump(res, fh, indent=1)
        fh.write("\n")
    print(json.dumps({k: res[k] for k in ("points", "seconds_total_median", "seconds_per_point_median", "points_per_second")}))
    print("BLAS:", info)


if __name__ == "__main__":
    main(sys.argv[1])
