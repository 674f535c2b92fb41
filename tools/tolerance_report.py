#!/usr/bin/env python3
"""Largest measured error per reference-comparison call site, against its tolerance.

Usage:
    HEADWIND_TOLERANCE_LOG=/tmp/tol.log cargo test --test econometrics_reference ...
    python3 tools/tolerance_report.py /tmp/tol.log [more logs, e.g. from --features lapack]

Each log line is `file:line<TAB>error<TAB>tolerance` (tests/common/mod.rs, `log_tolerance`). For each
call site: the number of comparisons, the largest error, and the smallest ratio tolerance / error over
its comparisons (the headroom). The issue's rule is a tolerance within 10x of the measured error: a
site is flagged `LOOSE` when even its tightest comparison has more than 10x headroom, `EXACT` when
every error is zero (then any tolerance passes; a few ulps is the honest floor). Standard library only.
"""
import sys
from collections import defaultdict


def main(paths):
    sites = defaultdict(lambda: [0, 0.0, float("inf"), 0.0])  # n, max err, min ratio, tol at max err
    for path in paths:
        with open(path) as f:
            for line in f:
                site, err, tol = line.rstrip("\n").split("\t")
                err, tol = float(err), float(tol)
                s = sites[site]
                s[0] += 1
                if err > s[1]:
                    s[1], s[3] = err, tol
                if err > 0:
                    s[2] = min(s[2], tol / err)
    print(f"{'site':60} {'n':>7} {'max error':>11} {'its tol':>10} {'min tol/err':>11}  flag")
    for site in sorted(sites, key=lambda k: (k.split(":")[0], int(k.split(":")[1].split("[")[0]), k)):
        n, err, ratio, tol = sites[site]
        flag = "EXACT" if err == 0 else ("LOOSE" if ratio > 10 else "")
        r = "-" if ratio == float("inf") else f"{ratio:.3g}"
        print(f"{site:60} {n:7d} {err:11.3e} {tol:10.3e} {r:>11}  {flag}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
