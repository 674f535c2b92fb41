"""Turn the malformed-spec cases of tests/bad_inputs (inputs that once made headwind panic, hang or
answer wrongly; listed in its MANIFEST.csv) into replay inputs of the `spec_toml` fuzz target: the
first byte picks the parser as headwind::fuzzing::spec_toml does (0 model, 1 scenario, 2 concordance,
3 menu, 4 mix, 5 US response), the rest is the file. Written to
tests/fuzz_regressions/spec_toml/corpus-<kind>-<name>; tests/fuzz_regressions.rs replays them (each
must be an error, never a panic). Run from the repository root: python3 tools/make_fuzz_regressions.py
"""
import csv
import os

PICK = {"model": 0, "scenario": 1, "concordance": 2, "menu": 3, "mix": 4, "response": 5}
# Cases the parser alone cannot reject (their error needs the data or the estimation, or another
# file): the CLI test in tests/bad_inputs.rs covers them.
NEEDS_MORE_THAN_THE_PARSER = {
    "model/hac_lag_beyond_sample.toml",
    "model/sample_after_first_origin.toml",
    "model/unknown_series.toml",
    "scenario/misspelled_driver.toml",
    "scenario/missing_baseline_file.toml",
    "model/backtest_horizon_zero.toml",
    "model/backtest_no_horizons.toml",
    "model/bad_covariance.toml",
}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "tests", "fuzz_regressions", "spec_toml")
os.makedirs(out, exist_ok=True)
for old in os.listdir(out):
    if old.startswith("corpus-"):
        os.remove(os.path.join(out, old))
with open(os.path.join(root, "tests", "bad_inputs", "MANIFEST.csv")) as fh:
    for row in csv.DictReader(fh):
        kind, path = row["kind"], row["path"]
        if kind not in PICK or path in NEEDS_MORE_THAN_THE_PARSER:
            continue
        with open(os.path.join(root, "tests", "bad_inputs", path), "rb") as f:
            body = f.read()
        name = "corpus-" + kind + "-" + os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes([PICK[kind]]) + body)
        print(name)
