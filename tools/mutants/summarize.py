"""Rebuild mutants/SUMMARY.md from mutants/results/*/{caught,missed,timeout,unviable}.txt (written by
tools/mutants/run.sh): per source file the mutants caught, missed, unviable and timed out, and the share of
viable mutants caught; then every missed mutant with its reason when mutants/EQUIVALENT.md lists it as
equivalent (a mutant that cannot change any result). Run: python3 tools/mutants/summarize.py
"""
import collections
import glob
import os
import re
import subprocess

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
res = os.path.join(root, "mutants", "results")
kinds = ["caught", "missed", "timeout", "unviable"]
by_file = collections.defaultdict(lambda: collections.Counter())
seen = {}


def tested_at(d):
    """When the folder's (last) run tested its commit: the commit's time, so a later run of the same
    mutant replaces an earlier one whatever the folders are called (then by name)."""
    try:
        last = open(os.path.join(d, "commit.txt")).read().split("\n")
        last = [l for l in last if l.strip()][-1].split()[0]
        t = subprocess.run(["git", "-C", root, "show", "-s", "--format=%ct", last],
                           capture_output=True, text=True, check=True).stdout.strip()
        return (int(t), os.path.basename(d))
    except (OSError, IndexError, ValueError, subprocess.CalledProcessError):
        return (0, os.path.basename(d))


folders = sorted(glob.glob(os.path.join(res, "*")), key=tested_at)
for d in folders:
    for k in kinds:
        p = os.path.join(d, k + ".txt")
        if not os.path.exists(p):
            continue
        for line in open(p):
            line = line.strip()
            if not line:
                continue
            # A later run of the same mutant (same text) replaces an earlier one (folders in the order
            # of the commits they tested).
            seen[line] = (k, os.path.basename(d))
# A results folder may carry renames.txt, lines `old name<TAB>new name`: mutants tested there under new
# line numbers after an edit above them (the same change to the same code), so the new name's outcome
# supersedes the old name's from earlier folders.
for d in folders:
    p = os.path.join(d, "renames.txt")
    if not os.path.exists(p):
        continue
    for line in open(p):
        if "\t" not in line:
            continue
        old, new = line.rstrip("\n").split("\t", 1)
        if new in seen and old in seen:
            del seen[old]
for line, (k, _) in seen.items():
    f = line.split(":", 1)[0]
    by_file[f][k] += 1

equivalent = {}
eq_path = os.path.join(root, "mutants", "EQUIVALENT.md")
if os.path.exists(eq_path):
    for line in open(eq_path):
        m = re.match(r"^- `(.+?)`: (.+)$", line.strip())
        if m:
            equivalent[m.group(1)] = m.group(2)

out = ["# Mutation testing summary", "",
       "Made by `python3 tools/mutants/summarize.py` from `mutants/results/` (each folder one run of",
       "`tools/mutants/run.sh AREA [K/N]`, cargo-mutants 27.1.0). Viable = caught + missed + timeout;",
       "a timeout counts as caught (the mutant made a test hang). Missed mutants listed in",
       "`mutants/EQUIVALENT.md` cannot change any result and are counted apart.", "",
       "| file | caught | missed | equivalent | timeout | unviable | caught / (viable - equivalent) |",
       "|---|---|---|---|---|---|---|"]
tot = collections.Counter()
for f in sorted(by_file):
    c = by_file[f]
    eq = sum(1 for line, (k, _) in seen.items() if k == "missed" and line.split(":", 1)[0] == f and line in equivalent)
    viable = c["caught"] + c["missed"] + c["timeout"] - eq
    share = (c["caught"] + c["timeout"]) / viable if viable else float("nan")
    out.append(f"| `{f}` | {c['caught']} | {c['missed'] - eq} | {eq} | {c['timeout']} | {c['unviable']} | {share:.1%} |")
    tot.update(c)
    tot["equivalent"] += eq
viable = tot["caught"] + tot["missed"] + tot["timeout"] - tot["equivalent"]
share = (tot["caught"] + tot["timeout"]) / viable if viable else float("nan")
out.append(f"| **all** | {tot['caught']} | {tot['missed'] - tot['equivalent']} | {tot['equivalent']} | {tot['timeout']} | {tot['unviable']} | {share:.1%} |")
out += ["", "## Missed", ""]
missed = sorted(line for line, (k, _) in seen.items() if k == "missed")
if not missed:
    out.append("None.")
for line in missed:
    why = equivalent.get(line)
    out.append(f"- `{line}`" + (f" — equivalent: {why}" if why else ""))
open(os.path.join(root, "mutants", "SUMMARY.md"), "w").write("\n".join(out) + "\n")
print("\n".join(out[6:6 + len(by_file) + 3]))
