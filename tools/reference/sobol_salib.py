"""Reference Sobol indices from SALib (independent of headwind's code), for tests/sweep.rs.

1. Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: SALib's Saltelli sample (unscrambled Sobol sequence,
   the origin skipped, no second-order terms), the function values, and SALib's first-order and
   total indices with their bootstrap confidence half-widths. headwind's sampler must reproduce
   the sample, and its estimators the indices, from the same values.
2. A small headwind design (models/sweeps/example.toml run by the headwind binary): SALib's
   indices from headwind's outputs, so the analysis step is checked on a real design.

Run from the repository root after `cargo build --release`:
    tools/.venv/bin/pip install SALib numpy
    tools/.venv/bin/python tools/reference/sobol_salib.py
"""

import csv
import io
import json
import os
import subprocess
import warnings

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
warnings.filterwarnings("ignore")


def ishigami():
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
    n = 512
    x = sobol_sample.sample(problem, n, calc_second_order=False, scramble=False, skip_values=1)
    y = Ishigami.evaluate(x)
    si = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=1000, seed=1)
    return {
        "n": n,
        "x": x.tolist(),
        "y": y.tolist(),
        "S1": si["S1"].tolist(),
        "S1_conf": si["S1_conf"].tolist(),
        "ST": si["ST"].tolist(),
        "ST_conf": si["ST_conf"].tolist(),
        # Analytic values (Saltelli et al. 2008, Global Sensitivity Analysis, ch. 4).
        "S1_analytic": [0.3139, 0.4424, 0.0],
        "ST_analytic": [0.5576, 0.4424, 0.2437],
    }


def headwind_design():
    exe = os.path.join(ROOT, "target", "release", "headwind")
    out = subprocess.run([exe, "--quiet", "sweep", "example"], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    header_line = lines[0]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    names = ["reciprocal_rate", "elasticity", "pass_through", "diversion"]
    bounds = [[10, 40], [0.25, 2.0], [0.5, 1.0], [0.0, 0.2]]
    problem = {"num_vars": 4, "names": names, "bounds": bounds}
    y = np.array([float(r["gdp_level_effect_pct"]) for r in rows])
    si = sobol_analyze.analyze(problem, y, calc_second_order=False, num_resamples=1000, seed=1)
    # SALib's own sample for the uniform inputs (the elasticity is a truncated normal in the spec,
    # so only the unit-cube layout is compared for it).
    x = sobol_sample.sample(problem, 64, calc_second_order=False, scramble=False, skip_values=1)
    return {
        "header_line": header_line,
        "y": y.tolist(),
        "S1": si["S1"].tolist(),
        "S1_conf": si["S1_conf"].tolist(),
        "ST": si["ST"].tolist(),
        "ST_conf": si["ST_conf"].tolist(),
        "salib_sample_uniform_columns": {
            "reciprocal_rate": x[:, 0].tolist(),
            "pass_through": x[:, 2].tolist(),
            "diversion": x[:, 3].tolist(),
        },
    }


if __name__ == "__main__":
    import SALib
    from importlib.metadata import version

    out = {
        "salib_version": version("SALib"),
        "numpy_version": np.__version__,
        "ishigami": ishigami(),
        "headwind_example": headwind_design(),
    }
    path = os.path.join(ROOT, "tests", "fixtures", "sobol_salib.json")
    with open(path, "w") as f:
        json.dump(out, f)
        f.write("\n")
    print("wrote", path)
    print("Ishigami S1", np.round(out["ishigami"]["S1"], 4), "ST", np.round(out["ishigami"]["ST"], 4))
    print("headwind S1", np.round(out["headwind_example"]["S1"], 4), "ST", np.round(out["headwind_example"]["ST"], 4))
