#!/usr/bin/env bash
# Real-engine test of the Slurm examples (examples/slurm/): a private one-node Slurm cluster on this
# machine runs `examples/slurm/submit.sh 2` (a 2-task array job, one shard each, and the merge job
# that depends on it), and the merged table must be byte-identical to an unsharded sweep.
#
# usage: bash tools/slurm/ci_test.sh [HEADWIND_BINARY]      (default: target/debug/headwind)
#   Run from the repository root (the binary's path is taken relative to where you run it).
#   Needs root: it may apt-get install slurm-wlm and munge, and runs munged, slurmctld and slurmd
#   (as root, from a temporary folder; nothing under /etc is written or read for them).
#
# Exit 0 with an `OK:` line when the test passed, or with a `SKIP:` line when Slurm cannot be
# installed here; exit 1 when the test failed (the jobs' and daemons' logs are printed); exit 2 on
# a usage error.
#
# Environment:
#   HEADWIND_SLURM_FORCE_SKIP=1   act as if installing Slurm failed: print the SKIP line and exit 0
#                                 (to test that path; apt-get is not run)
#   HEADWIND_SLURM_KEEP=1         keep the temporary folder (config, logs, tables) for debugging
#   HEADWIND_SLURM_TIMEOUT=300    seconds to wait for the jobs (the daemons get 60 s to come up)
set -euo pipefail

skip_msg='SKIP: Slurm cannot be installed here (apt-get install slurm-wlm munge failed); the Slurm array test did not run'
shards=2

if [[ $# -gt 1 ]]; then
  echo "usage: $0 [HEADWIND_BINARY]   (default: target/debug/headwind; run from the repository root)" >&2
  exit 2
fi
bin="${1:-target/debug/headwind}"
if [[ ! -f examples/slurm/submit.sh || ! -f models/sweeps/example.toml ]]; then
  echo "ci_test.sh: run me from the repository root (examples/slurm/submit.sh not found in $PWD)" >&2
  exit 2
fi
if [[ ! -x "$bin" || -d "$bin" ]]; then
  echo "ci_test.sh: headwind binary $bin is missing or not executable (build it first)" >&2
  exit 2
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
if [[ "$(id -u)" != 0 ]]; then
  echo "ci_test.sh: needs root (apt-get, and munged/slurmd running as root); run it with sudo" >&2
  exit 2
fi
job_timeout="${HEADWIND_SLURM_TIMEOUT:-300}"
started=$SECONDS

log() { echo "ci_test.sh: $*" >&2; }

# --- 1. Slurm and munge, installed with apt-get if missing ------------------------------------
need=(slurmctld slurmd sbatch sinfo squeue scontrol scancel munged munge unmunge)
missing() {
  local c
  for c in "${need[@]}"; do command -v "$c" >/dev/null 2>&1 || { echo "$c"; return 0; }; done
  return 1
}
if [[ "${HEADWIND_SLURM_FORCE_SKIP:-0}" == 1 ]]; then
  log "HEADWIND_SLURM_FORCE_SKIP=1: acting as if apt-get install slurm-wlm munge failed"
  echo "$skip_msg"
  exit 0
fi
if first_missing="$(missing)"; then
  log "$first_missing is missing; installing slurm-wlm and munge with apt-get"
  # Bounded: a hung mirror must not hang CI. Services are not started by the packages here
  # (policy-rc.d in containers; no systemd), and this test starts its own daemons anyway.
  if ! { timeout 900 apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq slurm-wlm munge; } >&2 \
      || missing >/dev/null; then
    echo "$skip_msg"
    exit 0
  fi
fi

# --- 2. A temporary folder, and the cleanup that removes everything this run started -----------
tmp="$(mktemp -d /tmp/headwind-slurm-ci.XXXXXX)"
chmod 0755 "$tmp"   # munged wants the socket's folders searchable by everyone
# Every process this run starts (daemons, job steps, the jobs' commands) carries this variable, so
# the cleanup can find stragglers by their environment without touching anything else.
marker="HEADWIND_SLURM_CI_RUN=$tmp"
munged_pid='' ctld_pid='' slurmd_pid='' array_id='' merge_id=''

marked_pids() {
  local d p
  for d in /proc/[0-9]*; do
    p="${d#/proc/}"
    [[ "$p" == "$$" || "$p" == "$BASHPID" ]] && continue
    grep -qzxF "$marker" "$d/environ" 2>/dev/null && echo "$p"
  done
  return 0
}
stop_pid() {   # stop_pid PID NAME: TERM, up to 10 s, then KILL
  local pid="$1" i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then log "$2 ($pid) ignored SIGTERM; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$? i left=()
  trap - EXIT INT TERM
  set +e
  if [[ -n "$ctld_pid" ]] && kill -0 "$ctld_pid" 2>/dev/null; then
    # Cancel whatever is still queued or running, and give the steps time to end.
    for i in "$array_id" "$merge_id"; do [[ -n "$i" ]] && scancel "$i" 2>/dev/null; done
    for i in $(seq 1 30); do
      [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 1
    done
  fi
  stop_pid "$slurmd_pid" slurmd
  stop_pid "$ctld_pid" slurmctld
  stop_pid "$munged_pid" munged
  # Stragglers of this run only (a job step orphaned by slurmd, a job's command): by pid.
  mapfile -t left < <(marked_pids)
  if (( ${#left[@]} > 0 )); then
    log "stopping leftover processes of this run: ${left[*]}"
    kill -TERM "${left[@]}" 2>/dev/null; sleep 1
    mapfile -t left < <(marked_pids)
    (( ${#left[@]} == 0 )) || kill -KILL "${left[@]}" 2>/dev/null
  fi
  if [[ "${HEADWIND_SLURM_KEEP:-0}" == 1 ]]; then
    log "kept $tmp (HEADWIND_SLURM_KEEP=1)"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_file() { [[ -f "$1" ]] && { echo "----- $1"; tail -n "${2:-60}" "$1"; }; return 0; }
fail() {   # fail MESSAGE: the message, then everything that helps to see why
  local f
  echo "FAIL: $*"
  {
    echo "===== jobs"
    [[ -n "$array_id" ]] && scontrol -o show job "$array_id" 2>&1
    [[ -n "$merge_id" ]] && scontrol -o show job "$merge_id" 2>&1
    echo "===== job logs"
    for f in "$tmp"/logs/*; do show_file "$f" 200; done
    echo "===== daemon logs"
    for f in "$tmp"/log/*.log; do show_file "$f" 80; done
    # The daemons' own stderr repeats their log; it matters when a daemon died before opening it.
    for f in "$tmp"/log/*.stderr; do [[ -s "${f%.stderr}.log" ]] || show_file "$f" 40; done
  } >&2
  exit 1
}

# --- 3. munge: a private key, socket and daemon ------------------------------------------------
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool/slurmd" "$tmp/log" "$tmp/run" "$tmp/logs" "$tmp/sweep"
# A private copy of the binary: the jobs and the reference run below use the very same file even
# if a build replaces the original meanwhile (merge would then rightly refuse mixed versions).
cp "$bin" "$tmp/headwind"
bin="$tmp/headwind"
chmod 0700 "$tmp/munge/"
key="$tmp/munge/munge.key"
if command -v mungekey >/dev/null 2>&1; then
  mungekey --create --keyfile="$key" >/dev/null 2>&1 || true
fi
if [[ ! -s "$key" ]]; then   # older munge (no mungekey; create-munge-key writes only /etc/munge)
  dd if=/dev/urandom of="$key" bs=1 count=1024 status=none
fi
chown root:root "$key"
chmod 0400 "$key"
sock_dir="$tmp/munge-run"
mkdir -p "$sock_dir"
chmod 0755 "$sock_dir"
sock="$sock_dir/munge.socket.2"
env "$marker" munged --foreground --key-file="$key" --socket="$sock" \
  --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" \
  --seed-file="$tmp/munge/munged.seed" >>"$tmp/log/munged.stderr" 2>&1 &
munged_pid=$!
for i in $(seq 1 50); do [[ -S "$sock" ]] && break; sleep 0.2; done
if ! munge -n --socket="$sock" | unmunge --socket="$sock" >/dev/null 2>&1; then
  fail "munged did not start or cannot encode/decode credentials (socket $sock)"
fi

# --- 4. slurm.conf: one node (this machine), one partition, no cgroups, no accounting ----------
host="$(hostname -s)"
cpus="$(nproc)"
mem_mb="$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"
# Two tasks at once: each asks for half the CPUs (one on a 2-CPU machine).
cpus_per_task=$(( cpus / shards > 0 ? cpus / shards : 1 ))
# Random free ports, so that a real Slurm on the CI machine (6817/6818) is not disturbed.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for i in $(seq 1 20); do
  ctld_port=$(( 20000 + RANDOM % 20000 )); slurmd_port=$(( ctld_port + 1 ))
  port_free "$ctld_port" && port_free "$slurmd_port" && break
done
conf="$tmp/slurm.conf"
: >"$tmp/plugstack.conf"
cat >"$conf" <<EOF
# Written by tools/slurm/ci_test.sh: a one-node test cluster in $tmp.
ClusterName=headwind-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool/slurmd
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
MailProg=/bin/true
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$tmp/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobContainerType=job_container/none
MpiDefault=none
SwitchType=switch/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=kill_invalid_depend
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Finished jobs stay visible to scontrol for 10 minutes (there is no accounting to ask instead).
MinJobAge=600
KillWait=5
InactiveLimit=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$conf"
# (sinfo --version needs a readable slurm.conf, hence only now.)
slurm_version="$(sinfo --version 2>/dev/null || echo "slurm $(dpkg-query -W -f '${Version}' slurm-client 2>/dev/null || echo '(unknown version)')")"
log "$slurm_version, $(munged --version 2>&1 | head -n 1)"

# --- 5. slurmctld and slurmd, and a bounded wait for the node to be idle -----------------------
env "$marker" slurmctld -D -c -f "$conf" >>"$tmp/log/slurmctld.stderr" 2>&1 &
ctld_pid=$!
for i in $(seq 1 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.2; done
env "$marker" slurmd -D -f "$conf" -N "$host" >>"$tmp/log/slurmd.stderr" 2>&1 &
slurmd_pid=$!
state=''
for _ in $(seq 1 120); do
  kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld exited while starting"
  kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd exited while starting"
  state="$(sinfo -h -N -n "$host" -o %t 2>/dev/null | head -n 1)"
  [[ "$state" == idle ]] && break
  sleep 0.5
done
[[ "$state" == idle ]] || fail "node $host is not idle after 60 s (sinfo state: '${state:-none}')"
log "one-node cluster up: $host, $cpus CPUs, ${mem_mb} MB, ports $ctld_port/$slurmd_port ($((SECONDS - started)) s)"

# --- 6. The examples themselves: submit.sh 2 -------------------------------------------------
submit_out="$(env "$marker" HEADWIND="$bin" SWEEP_SPEC=models/sweeps/example.toml \
  SWEEP_DIR="$tmp/sweep" SWEEP_LOG_DIR="$tmp/logs" SWEEP_CPUS_PER_TASK="$cpus_per_task" \
  bash examples/slurm/submit.sh "$shards" 2>&1)" || { echo "$submit_out" >&2; fail "submit.sh failed"; }
echo "$submit_out" >&2
array_id="$(awk '$1 == "array" && $2 == "job" { print $3 }' <<<"$submit_out")"
merge_id="$(awk '$1 == "merge" && $2 == "job" { print $3 }' <<<"$submit_out")"
[[ "$array_id" =~ ^[0-9]+$ && "$merge_id" =~ ^[0-9]+$ ]] || fail "no job ids in submit.sh's output"

# Bounded wait until the merge job has ended one way or another (with --kill-on-invalid-dep it is
# cancelled when a task fails, so it cannot stay pending forever).
job_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
deadline=$(( SECONDS + job_timeout ))
merge_state='' errors=0
while :; do
  merge_state="$(job_state "$merge_id" || true)"
  case "$merge_state" in
    PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING) errors=0 ;;
    '') errors=$((errors + 1)); (( errors < 10 )) || fail "scontrol cannot see merge job $merge_id" ;;
    *) break ;;
  esac
  (( SECONDS < deadline )) || fail "the jobs did not finish within ${job_timeout} s (merge job $merge_state)"
  kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld died"
  kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd died"
  sleep 1
done

# Every array task and the merge must have COMPLETED with exit code 0:0.
tasks="$(scontrol -o show job "$array_id")"
n_ok="$(grep -c 'JobState=COMPLETED .*ExitCode=0:0' <<<"$tasks" || true)"
(( n_ok == shards )) || fail "$n_ok of $shards array tasks completed with exit code 0"
scontrol -o show job "$merge_id" | grep -q 'JobState=COMPLETED .*ExitCode=0:0' ||
  fail "merge job $merge_id ended $merge_state"
[[ "$(cat "$tmp/sweep/merge.status" 2>/dev/null)" == 0 ]] || fail "merge.sbatch did not record exit status 0"
for k in $(seq 1 "$shards"); do
  [[ -s "$tmp/sweep/shard-$k.csv" ]] || fail "shard-$k.csv is missing"
done
# The tasks should have run side by side (each got $cpus_per_task of $cpus CPUs); only noted.
field() { grep -o " $1=[^ ]*" | cut -d= -f2-; }
while IFS= read -r line; do
  log "  task $(field ArrayTaskId <<<"$line"): $(field JobState <<<"$line"), exit $(field ExitCode <<<"$line"), $(field StartTime <<<"$line") to $(field EndTime <<<"$line")"
done <<<"$tasks"

# --- 7. The merged table == the unsharded sweep, byte for byte ---------------------------------
timeout "$job_timeout" "$bin" --quiet sweep models/sweeps/example.toml --output "$tmp/unsharded.csv" ||
  fail "the unsharded reference sweep failed"
cmp "$tmp/sweep/sweep.csv" "$tmp/unsharded.csv" || fail "the merged table differs from the unsharded sweep"
grep -q '^S1:' "$tmp"/logs/headwind-merge-"$merge_id".out ||
  fail "the merge log has no Sobol table"
points=$(( $(grep -vc '^#' "$tmp/unsharded.csv") - 1 ))
log "$slurm_version; $((SECONDS - started)) s in all"
echo "OK: Slurm array of $shards shards + dependent merge == unsharded sweep ($points points)"
