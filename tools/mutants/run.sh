#!/usr/bin/env bash
# Mutation testing of headwind's numerical core (issue #19; CONTRIBUTING.md, "Mutation testing") with
# cargo-mutants: one area (a directory of src/ or one file) at a time, optionally one shard K/N of it,
# with the test targets that check that area (every mutant must fail at least one of them).
#
#   tools/mutants/run.sh AREA [K/N]
#     AREA: forecast | negotiation | econometrics | trade | report | src/<path>.rs | src/a.rs,src/b.rs
#     (several files in one run share one build; MUTANTS_NAME names the results folder)
#   MUTANTS_TESTS="forecast cli" MUTANTS_TIMEOUT=300 tools/mutants/run.sh src/forecast/sectors.rs
#   MUTANTS_TEST_TOOL=nextest tools/mutants/run.sh forecast   (tests by cargo-nextest: stops sooner)
#   MUTANTS_MISSED_FROM=forecast-1-of-3 MUTANTS_TESTS="forecast cli" tools/mutants/run.sh forecast
#     (re-run only the mutants a results folder missed, here against a wider set of tests)
#   MUTANTS_ARGS="--re 'with <= in'" tools/mutants/run.sh src/forecast/stats.rs   (extra cargo-mutants
#     arguments, e.g. to re-run only some mutants after adding tests; the folder name gets `-rerun`)
#   MUTANTS_CONTINUE=1 MUTANTS_NAME=forecast-mod tools/mutants/run.sh src/forecast/mod.rs
#     (finish an interrupted run: skip the mutants its folder already has outcomes for, add the rest)
#
# Results: mutants/results/<area>[-K-of-N]/{caught,missed,timeout,unviable}.txt (committed), then
# mutants/SUMMARY.md is rebuilt from every results folder (python3 tools/mutants/summarize.py).
# Needs: cargo install cargo-mutants --locked (v27). Mutants run in place in a git worktree of the
# current commit (MUTANTS_WORKTREE, default ../headwind-mutants: made on first use, moved to HEAD on
# every run; commit what you want tested), so its target/ is reused between runs and the working tree
# you edit is never mutated. The first build takes about 4-5 minutes on two cores (profile `mutants`);
# each mutant then about 6-15 s to build (profile `mutants-opt` for negotiation and report: 12 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
wt="${MUTANTS_WORKTREE:-$repo/../headwind-mutants}"
if [ ! -d "$wt" ]; then
  git worktree add --detach "$wt" HEAD
else
  git -C "$wt" checkout -q --detach "$(git rev-parse HEAD)"
fi
area="${1:?usage: tools/mutants/run.sh AREA [K/N]}"
# Profile: `mutants` (opt-level 0, fastest rebuild) unless the area's tests run the optimizer or
# the binary, where `mutants-opt` (opt-level 1) makes them 7-10x faster; MUTANTS_PROFILE overrides.
profile=mutants
shard="${2:-}"
case "$area" in
  forecast)     files=('src/forecast/*.rs'); tests=(forecast synthetic sweep replay properties) ;;
  negotiation)  files=('src/negotiation/*.rs'); tests=(negotiation properties); profile=mutants-opt ;;
  econometrics) files=('src/econometrics/*.rs'); tests=(econometrics_reference econometrics_models quantile_reference properties nowcast) ;;
  trade)        files=('src/trade/*.rs'); tests=(forecast synthetic properties) ;;
  report)       files=('src/report/*.rs'); tests=(report xlsx cli); profile=mutants-opt ;;
  src/*.rs,*)   IFS=, read -r -a files <<<"$area"; tests=(forecast synthetic sweep negotiation econometrics_reference econometrics_models quantile_reference report xlsx) ;;
  src/*.rs)     files=("$area"); tests=(forecast synthetic sweep negotiation econometrics_reference econometrics_models quantile_reference report xlsx) ;;
  *) echo "unknown area '$area'" >&2; exit 2 ;;
esac
# MUTANTS_TESTS="forecast cli" narrows the test targets (a file's mutants need only the tests that
# reach it; each mutant then runs faster). MUTANTS_TIMEOUT (s, default 600) bounds a hanging mutant.
if [ -n "${MUTANTS_TESTS:-}" ]; then
  read -r -a tests <<<"$MUTANTS_TESTS"
fi
name="${MUTANTS_NAME:-$(echo "$area" | sed 's|src/||g; s|\.rs||g; s|/|-|g; s|,|+|g')}"
profile="${MUTANTS_PROFILE:-$profile}"
args=(--profile "$profile")
# MUTANTS_TEST_TOOL=nextest runs the tests with cargo-nextest (installed on the machine, or `cargo
# install cargo-nextest --locked`): every test in its own process, test targets in parallel, stopping
# at the first failure, so a caught mutant costs its first failing test rather than every test binary
# before it (cargo test runs the binaries one after another, in name order).
if [ "${MUTANTS_TEST_TOOL:-cargo}" != cargo ]; then
  args+=(--test-tool "$MUTANTS_TEST_TOOL")
fi
for f in "${files[@]}"; do args+=(-f "$f"); done
# The target selection goes to every cargo call (-C), the build too: building only the test targets
# that run cuts a mutant's rebuild from ~20 s (all 21 test binaries linked) to ~6 s.
args+=(--cargo-arg=--lib)
for t in "${tests[@]}"; do args+=("--cargo-arg=--test=$t"); done
if [ -n "$shard" ]; then
  args+=(--shard "$shard")
  name="$name-$(echo "$shard" | sed 's|/|-of-|')"
fi
# MUTANTS_MISSED_FROM="name1 name2": re-run only the mutants missed in those results folders
# (mutants/results/<name>/missed.txt), e.g. after adding tests or with a wider MUTANTS_TESTS; an entry
# may also be the path of a file of mutant names (e.g. names moved to new line numbers, with the
# old<TAB>new pairs kept in the re-run folder's renames.txt). The results go to <MUTANTS_NAME>-rerun,
# which replaces the earlier outcomes in the summary.
rerun=""
if [ -n "${MUTANTS_MISSED_FROM:-}" ]; then
  n_re=0
  for from in $MUTANTS_MISSED_FROM; do
    list="mutants/results/$from/missed.txt"
    if [ -f "$from" ]; then list="$from"; fi
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      # The mutant's whole name, anchored, with the regex metacharacters escaped.
      args+=(--re "^$(printf '%s' "$line" | sed 's/[][\\.+*?(){}|^$]/\\&/g')\$")
      n_re=$((n_re + 1))
    done < "$list"
  done
  if [ "$n_re" -eq 0 ]; then
    echo "no missed mutants in: $MUTANTS_MISSED_FROM" >&2
    exit 0
  fi
  rerun="-rerun"
fi
if [ -n "${MUTANTS_ARGS:-}" ]; then
  eval "extra=($MUTANTS_ARGS)"
  args+=("${extra[@]}")
  rerun="-rerun"
fi
name="$name$rerun"
# MUTANTS_CONTINUE=1: finish an interrupted run: the mutants that already have an outcome in
# mutants/results/<name>/ are skipped, and the new outcomes are added to that folder (commit.txt then
# lists each run's commit; line numbers must not have moved in between: only test code may change).
cont="${MUTANTS_CONTINUE:-}"
if [ -n "$cont" ]; then
  prev="$repo/mutants/results/$name"
  n_skip=0
  for k in caught missed timeout unviable; do
    [ -f "$prev/$k.txt" ] || continue
    while IFS= read -r line; do
      [ -n "$line" ] || continue
      args+=(--exclude-re "^$(printf '%s' "$line" | sed 's/[][\\.+*?(){}|^$]/\\&/g')\$")
      n_skip=$((n_skip + 1))
    done < "$prev/$k.txt"
  done
  echo "continuing $name: skipping $n_skip mutants with an outcome"
fi
out="$(mktemp -d)"
# cargo-mutants exits 2 when mutants are missed and 3 on timeouts: the results are still written.
set +e
(cd "$wt" && cargo mutants --in-place "${args[@]}" --timeout "${MUTANTS_TIMEOUT:-600}" -o "$out")
rc=$?
if [ "$rc" -eq 4 ]; then
  # Exit 4: the unmutated tree did not build. Seen after many in-place rebuilds: rustc's incremental
  # state left an undefined symbol at link time. Rebuild headwind itself (not its dependencies) once.
  echo "the unmutated tree did not build: cleaning headwind's $profile build and retrying once" >&2
  (cd "$wt" && cargo clean -p headwind --profile "$profile")
  rm -rf "$out" && out="$(mktemp -d)"
  (cd "$wt" && cargo mutants --in-place "${args[@]}" --timeout "${MUTANTS_TIMEOUT:-600}" -o "$out")
  rc=$?
fi
set -e
if [ "$rc" -eq 4 ]; then
  echo "cargo-mutants: the unmutated tree does not build or its tests fail (exit 4); no results written" >&2
  exit 1
fi
if [ ! -f "$out/mutants.out/caught.txt" ]; then
  echo "cargo-mutants wrote no results (exit $rc)" >&2
  exit 1
fi
dest="$repo/mutants/results/$name"
mkdir -p "$dest"
for k in caught missed timeout unviable; do
  if [ -n "$cont" ] && [ -f "$dest/$k.txt" ]; then
    sort -u "$dest/$k.txt" "$out/mutants.out/$k.txt" > "$dest/$k.txt.new" && mv "$dest/$k.txt.new" "$dest/$k.txt"
  else
    sort "$out/mutants.out/$k.txt" > "$dest/$k.txt"
  fi
done
if [ -n "$cont" ]; then
  echo "$(git -C "$wt" rev-parse --short HEAD)" >> "$dest/commit.txt"
else
  echo "$(git -C "$wt" rev-parse --short HEAD)" > "$dest/commit.txt"
fi
echo "cargo-mutants exit $rc; results in $dest"
python3 "$repo/tools/mutants/summarize.py"
