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

With `--suggest` (first argument), each site also shows the relative tolerance written at it (the first
float literal of the call starting at that line, or a `const` it names), the largest relative error that
implies (tolerance / headroom) and the issue-#19 rule's tolerance: the smallest of 1, 2, 5 x 10^k at or
above three times that error, floored at 1e-14 (rounding-level agreement; exact sites get the floor).
"""
import math
import os
import re
import sys
from collections import defaultdict

FLOAT = r"\d+(?:\.\d+)?e-\d+"


def written_rtol(site):
    """The relative tolerance written at `file:line`: the first float literal (or a const) of the call."""
    path, line = site.split("[")[0].rsplit(":", 1)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(root, path)) as f:
        src = f.read()
    lines = src.splitlines()
    text, depth, started = "", 0, False
    for ln in lines[int(line) - 1:]:
        text += ln + "\n"
        depth += ln.count("(") - ln.count(")")
        started |= "(" in ln
        if started and depth <= 0:
            break
    m = re.search(r"(" + FLOAT + r"|\b[A-Z][A-Z_]+\b)", text.split("(", 1)[1] if "(" in text else text)
    if not m:
        return None
    tok = m.group(1)
    if re.fullmatch(FLOAT, tok):
        return float(tok)
    c = re.search(r"const " + tok + r": f64 = (" + FLOAT + r");", src)
    return float(c.group(1)) if c else None


def step_up(x):
    """The smallest of 1, 2, 5 x 10^k at or above x."""
    k = math.floor(math.log10(x))
    for base in (1, 2, 5, 10):
        v = base * 10.0 ** k
        if v >= x * (1 - 1e-12):
            return float(f"{v:.0e}")
    return 10.0 ** (k + 1)


def main(paths, suggest=False):
    sites = defaultdict(lambda: [0, 0.0, float("inf"), 0.0])  # n, max err, min ratio, tol at max err
    for path in paths:
        with open(path) as f:
            for line in f:
                site, err, tol = line.rstrip("\n").split("\t")
                err, tol = float(err), float(tol)
                s = sites[site]
                s[0] += 1
                if s[0] == 1:
                    s[3] = tol
                if err > s[1]:
                    s[1], s[3] = err, tol
                if err > 0:
                    s[2] = min(s[2], tol / err)
    extra = f" {'rtol':>8} {'rel err':>9} {'rule':>8}" if suggest else ""
    print(f"{'site':60} {'n':>7} {'max error':>11} {'its tol':>10} {'min tol/err':>11}{extra}  flag")
    for site in sorted(sites, key=lambda k: (k.split(":")[0], int(k.split(":")[1].split("[")[0]), k)):
        n, err, ratio, tol = sites[site]
        flag = "EXACT" if err == 0 else ("LOOSE" if ratio > 10 else "")
        r = "-" if ratio == float("inf") else f"{ratio:.3g}"
        extra = ""
        if suggest:
            rtol = written_rtol(site)
            if rtol is None:
                extra = f" {'?':>8} {'?':>9} {'?':>8}"
            else:
                rel = 0.0 if ratio == float("inf") else rtol / ratio
                rule = step_up(max(3 * rel, 1e-14))
                extra = f" {rtol:8.0e} {rel:9.2e} {rule:8.0e}"
        print(f"{site:60} {n:7d} {err:11.3e} {tol:10.3e} {r:>11}{extra}  {flag}")


if __name__ == "__main__":
    args = sys.argv[1:]
    suggest = bool(args) and args[0] == "--suggest"
    if suggest:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    main(args, suggest)
