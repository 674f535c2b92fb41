#!/usr/bin/env bash
# Submit a sharded headwind sweep to Slurm: the array job (one task per shard) and the merge job,
# which starts only after every task succeeded (and is cancelled if one fails).
#
# usage: examples/slurm/submit.sh [N]          N shards, default 4 (--array=1-N)
#
# Run it from the folder the relative paths are relative to (the repository root for the default
# spec); the jobs run there too. Settings, from the environment:
#   HEADWIND             the headwind binary (default: `headwind` on PATH; a path is made absolute)
#   SWEEP_SPEC           the sweep spec, TOML file or shipped name (default: models/sweeps/example.toml)
#   SWEEP_DIR            where shard-*.csv and sweep.csv go (default: out/sweep)
#   SWEEP_LOG_DIR        where the jobs' logs go (default: logs)
#   SWEEP_CPUS_PER_TASK  CPUs per array task (default: the script's #SBATCH --cpus-per-task, 2)
#   SWEEP_SOBOL          auto, 1 or 0: print Sobol indices in the merge log (default: auto)
# Partition, account, QOS and time limits: sbatch's own variables (SBATCH_PARTITION, SBATCH_ACCOUNT,
# SBATCH_QOS, SBATCH_TIMELIMIT, ...) apply to both jobs.
#
# Prints the two job ids:
#   array job 1234 (2 tasks)
#   merge job 1235 (after array job 1234)
# and, last, where the results and logs will be.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

n="${1:-4}"
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [N]   (N: the number of shards, a whole number >= 1; default 4)" >&2
  exit 2
fi

HEADWIND="${HEADWIND:-headwind}"
SWEEP_SPEC="${SWEEP_SPEC:-models/sweeps/example.toml}"
SWEEP_DIR="${SWEEP_DIR:-out/sweep}"
SWEEP_LOG_DIR="${SWEEP_LOG_DIR:-logs}"

# A binary given as a path is made absolute, so it does not depend on the job's working folder.
if [[ "$HEADWIND" == */* ]]; then
  HEADWIND="$(cd "$(dirname "$HEADWIND")" && pwd)/$(basename "$HEADWIND")"
fi
if ! command -v "$HEADWIND" >/dev/null 2>&1; then
  echo "submit.sh: warning: headwind binary \`$HEADWIND\` not found here; the jobs will fail unless the compute nodes have it (set HEADWIND)" >&2
fi

# Slurm does not create the log folder; a job whose log cannot be opened fails at once.
mkdir -p "$SWEEP_DIR" "$SWEEP_LOG_DIR"
# Shards of an earlier run would be merged with this run's (merge would then fail): refuse.
shopt -s nullglob
stale=("$SWEEP_DIR"/shard-*.csv)
if (( ${#stale[@]} > 0 )); then
  echo "submit.sh: $SWEEP_DIR already holds ${#stale[@]} shard table(s) (${stale[0]}, ...): remove them or choose another SWEEP_DIR" >&2
  exit 1
fi
rm -f "$SWEEP_DIR/merge.status"

# sbatch gives the jobs this environment (--export=ALL, also the usual default).
export HEADWIND SWEEP_SPEC SWEEP_DIR
if [[ -n "${SWEEP_SOBOL:-}" ]]; then export SWEEP_SOBOL; fi

array_opts=(--parsable --export=ALL --array="1-$n" --output="$SWEEP_LOG_DIR/%x-%A_%a.out")
if [[ -n "${SWEEP_CPUS_PER_TASK:-}" ]]; then
  array_opts+=(--cpus-per-task="$SWEEP_CPUS_PER_TASK")
fi
# --parsable prints "<job id>" or "<job id>;<cluster>".
array_id="$(sbatch "${array_opts[@]}" "$here/sweep-array.sbatch")"
array_id="${array_id%%;*}"
echo "array job $array_id ($n tasks)"

merge_id="$(sbatch --parsable --export=ALL --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --output="$SWEEP_LOG_DIR/%x-%j.out" "$here/merge.sbatch")"
merge_id="${merge_id%%;*}"
echo "merge job $merge_id (after array job $array_id)"

echo "shards: $SWEEP_DIR/shard-{1..$n}.csv; merged: $SWEEP_DIR/sweep.csv; logs: $SWEEP_LOG_DIR/; watch with: squeue -j $array_id,$merge_id"
