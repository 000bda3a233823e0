#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A node dies under a running scan task, and the task survives it.
# Starts a SLURM test cluster of 3 nodes (slurm-up.sh 3: each node a slurmd in its own network and
# UTS namespace) with SlurmdTimeout = 10 s (SLURM_UP_SLURMD_TIMEOUT: a silent node is DOWN after
# 10-15 s instead of 30-45 s) and cred_expire = 10 s (SLURM_UP_CRED_EXPIRE: a requeued job may
# start again 11 s after the requeue instead of 121 s), and submits a scan of 2 LIF tasks, each on 2 nodes x 1 rank
# ([resources] nodes = 2, tasks_per_node = 1), with a checkpoint every 500 ms of simulated time:
# task 0 long (a few seconds to tens of seconds), task 1 short. Once task 0 has written a checkpoint
# (its ranks are then paused, so that a fast machine cannot finish the run before the kill), one
# node of its allocation, not the one that runs the batch script, dies: every process
# of its namespace (its slurmd, its rank, its slurmstepd) gets SIGKILL. Checks:
#   - task 0's output file then does not read complete (unreadable or status "running");
#   - slurmctld sets the node DOWN and requeues the task ("requeue job ... due to failure of node"
#     in its log), which runs again on the 2 surviving nodes, at the same rank count, and resumes
#     from its last checkpoint (its log: "requeued by SLURM", "resuming from the checkpoint", no
#     "starting from the beginning");
#   - meanwhile `balnet scan status` names task 0 pending (or running) in SLURM, and `balnet
#     aggregate` lists it so, without HDF5 error text;
#   - both tasks end complete; each task's file is bitwise equal to the same task run
#     uninterrupted on one node at 2 ranks (mpiexec, its tasks/<id>.args with another output
#     file), except the attributes that hold the output path and the hosts (compare_runs.py);
#   - the aggregation job (afterany) ran after the array and its aggregate lists both tasks, with
#     the values of their files, and no failed one.
# Prints the slurmctld lines of the failure and the requeue, the resume line and the timings.
#
# Option --fewer-ranks: after the kill, cancel the requeued task 0 and resubmit the scan with
# [resources] nodes = 1 (1 rank on one survivor; task 1, still queued, is left alone): task 0 then
# resumes a checkpoint of 2 ranks at 1 rank. That needs checkpoints that resume at another rank count (not part of this test's
# default run); the checks are the same.
# Exit 77 (CTest SKIP), with the reason, where SLURM is not installed or the namespaces or daemons
# cannot start (slurm-up.sh exit codes 3, 4, 5).
#   tests/slurm/test_slurm_node_failure.sh <path/to/balnet> [--fewer-ranks]
set -uo pipefail
balnet=${1:?usage: test_slurm_node_failure.sh <balnet> [--fewer-ranks]}
balnet=$(cd "$(dirname "$balnet")" && pwd)/$(basename "$balnet")
fewer=0
[ "${2-}" = --fewer-ranks ] && fewer=1
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
py=$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)   # Debian's has h5py
t0=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
say() { echo "[$(( $(ms_since "$t0") / 1000 )) s] $*"; }

for c in slurmctld slurmd munged sbatch srun squeue sinfo scontrol; do
  command -v "$c" >/dev/null || { echo "SKIP: $c not found (install slurm-wlm and munge: tools/bootstrap.sh)"; exit 77; }
done
"$py" -c 'import h5py' 2>/dev/null || { echo "SKIP: $py has no h5py (apt-get install python3-h5py)"; exit 77; }

# shellcheck source=tests/slurm/test-cluster.sh
. "$here/test-cluster.sh"
start_test_cluster 3 SLURM_UP_SLURMD_TIMEOUT=10 SLURM_UP_CRED_EXPIRE=10
# The nodes share this machine's cores: ranks must yield while they wait (docs/cluster.md, trap 5).
export OMPI_MCA_mpi_yield_when_idle=1
say "cluster of 3 nodes up (SlurmdTimeout=10, cred_expire=10)"

fails=0
check() { if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; fails=$((fails + 1)); fi; }
# until_true SECONDS COMMAND...: polls every 0.2 s until COMMAND succeeds; 1 after SECONDS.
until_true() {
  local n=$(( $1 * 5 )); shift
  for _ in $(seq "$n"); do "$@" && return 0; sleep 0.2; done
  return 1
}
no_jobs() { [ -z "$(squeue -h -o %i 2>/dev/null)" ]; }

# ---- the scan: task 0 long, task 1 short; LIF, 2 nodes x 1 rank, checkpoints every 500 ms --------
# Task 0: LIF, 2500 neurons, 6 s of network time.
scan=$BASE/scan
# balnet scan passes no variable of an MPI job on to sbatch, OMPI_MCA_mpi_yield_when_idle among them
# (mpirun sets it for its own ranks): the tasks get it from the scan's env script.
echo "export OMPI_MCA_mpi_yield_when_idle=1" >"$BASE/env.sh"
cat >"$BASE/scan.ini" <<EOF
[scan]
name = nodefail
base = $src/inputs/examples/brunel-AI-small.ini
[set]
checkpoint.every = 500
[vary]
lif.T = 6000, 1000
[resources]
nodes = 2
tasks_per_node = 1
time = 00:10:00
aggregate_time = 00:05:00
launcher = srun
signal_lead = 0
env = $BASE/env.sh
EOF
"$balnet" scan "$BASE/scan.ini" --out "$scan" --submit | tee "$BASE/submit.out"
array=$(sed -n 's/.*submitted job array \([0-9]*\).*/\1/p' "$BASE/submit.out")
[ -n "$array" ] || { echo "FAIL: no job array submitted"; exit 1; }
job0=${array}_0

# ---- wait until task 0 runs and has a checkpoint, then let it run on a little -------------------
task0_running() { [ "$(squeue -h -j "$job0" -o %T 2>/dev/null)" = RUNNING ]; }
has_checkpoint() { [ -f "$scan/tasks/0.h5.ckpt.h5" ]; }
until_true 120 task0_running || { echo "FAIL: task 0 never ran"; squeue; exit 1; }
until_true 120 has_checkpoint || { echo "FAIL: task 0 wrote no checkpoint"; cat "$scan/logs/0.log"; exit 1; }
# Task 0's ranks are paused (SIGSTOP) right after its first checkpoint, and resumed only after the
# kill: on a quiet machine the whole run takes ~3 s, and a kill "a little later" found it finished
# (the test then failed without a node failure to survive). Only the ranks stop (their command line
# starts with the binary), never srun or slurmstepd, which must see the failure.
ranks0() { pgrep -f "^$balnet run .*tasks/0\.h5" | paste -sd' '; }
paused=$(ranks0)
[ -n "$paused" ] || { echo "FAIL: no rank of task 0 found to pause"; exit 1; }
# shellcheck disable=SC2086
kill -STOP $paused
info=$(scontrol show job "$job0")
nodes=$(scontrol show hostnames "$(sed -n 's/.* NodeList=\([^ ]*\).*/\1/p' <<<"$info" | head -n 1)" | paste -sd' ')
batch=$(sed -n 's/.*BatchHost=\([^ ]*\).*/\1/p' <<<"$info")
victim=
for n in $nodes; do [ "$n" != "$batch" ] && victim=$n; done
[ -n "$victim" ] || { echo "FAIL: task 0 runs on '$nodes' (batch host $batch): no second node"; exit 1; }
say "task 0 runs on $nodes (batch script on $batch); last progress: $(grep 'balnet progress' "$scan/logs/0.log" | tail -n 1)"

# ---- the node dies: SIGKILL to every process of its network namespace -------------------------------
NETNS=""
# shellcheck disable=SC1091
. "$BASE/run/netns.env"
read -r -a namespaces <<<"$NETNS"
ns=${namespaces[$(( ${victim#node} - 1 ))]}
pids=$(ip netns pids "$ns" | paste -sd' ')
t_kill=$(date +%s%N)
# shellcheck disable=SC2086
kill -KILL $pids
say "killed $victim: SIGKILL to every process of namespace $ns ($pids)"
# shellcheck disable=SC2086
kill -CONT $paused 2>/dev/null  # the survivor's rank, now without its partner
sleep 1
not_complete() {  # the file is unreadable, or its status is not "complete"
  "$py" - "$1" <<'PY'
import sys, h5py
try:
    with h5py.File(sys.argv[1], "r") as f:
        s = f.attrs.get("status", b"(none)")
        s = s.decode() if isinstance(s, bytes) else str(s)
except Exception as e:
    s = "unreadable (%s)" % type(e).__name__
print("      task 0's output after the kill: status %s" % s)
sys.exit(0 if s != "complete" else 1)
PY
}
check "after the kill, task 0's output does not read complete" 'not_complete "$scan/tasks/0.h5"'

# The reference, while SLURM notices the failure: each task's own arguments (tasks/<id>.args) but
# another output file, uninterrupted, on this machine at 2 ranks (mpiexec, outside SLURM; the
# ranks yield while they wait, as on the nodes).
mkdir -p "$BASE/ref"
(
  for i in 0 1; do
    mapfile -t a < <(grep -v '^--output.file=' "$scan/tasks/$i.args")
    tr=$(date +%s%N)
    # --fewer-ranks: task 0 ends at 1 rank, so its reference runs at 1 (n_ranks and the bytes per
    # synapse, which describe the partition, then match too; every result is rank-independent).
    np=2; [ "$fewer" = 1 ] && [ "$i" = 0 ] && np=1
    OMPI_MCA_mpi_yield_when_idle=1 mpiexec -n "$np" "$balnet" run "${a[@]}" --output.file="$BASE/ref/$i.h5" \
      >"$BASE/ref/$i.log" 2>&1
    echo "$? $(ms_since "$tr") $np" >"$BASE/ref/$i.rc"
  done
) &
ref_pid=$!

# ---- while SLURM requeues it: balnet scan status and balnet aggregate on the running scan ----------
requeued() { grep -q "requeue job.*$victim" "$BASE/log/slurmctld.log"; }
until_true 120 requeued || fails=$((fails + 1))
say "slurmctld requeued task 0"
"$balnet" scan status "$scan" >"$BASE/status.out" 2>&1
"$balnet" aggregate "$scan" >"$BASE/aggregate.out" 2>&1
sed 's/^/      /' "$BASE/status.out" "$BASE/aggregate.out"
check "scan status names task 0 pending or running in SLURM (job ${job0}), from squeue" \
  'grep -qE "^ +0  (pending|running) .*slurm job ${job0} " "$BASE/status.out" && grep -q "squeue answered" "$BASE/status.out"'
check "aggregate on the running scan: task 0 listed as pending or running, no HDF5 error text" \
  'grep -qE "task 0 (pending|running): slurm job ${job0}" "$BASE/aggregate.out" &&
   ! grep -qE "HDF5|H5[A-Z]" "$BASE/aggregate.out"'

if [ "$fewer" = 1 ]; then
  # The variant: the task goes on on one survivor, at 1 rank, from the checkpoint of 2 ranks.
  # Task 1 stays in the first array (balnet scan leaves queued tasks alone).
  scancel "$job0"
  task0_gone() { [ -z "$(squeue -h -j "$job0" -o %i 2>/dev/null)" ]; }
  until_true 60 task0_gone || fails=$((fails + 1))
  sed -i 's/^nodes = 2$/nodes = 1/' "$BASE/scan.ini"
  "$balnet" scan "$BASE/scan.ini" --out "$scan" --submit
fi

# ---- the requeued task resumes on the survivors; then task 1; then the aggregation job ------------
until_true 420 no_jobs || { echo "FAIL: jobs still queued after 420 s:"; squeue; fails=$((fails + 1)); }
say "every job ended, $(( $(ms_since "$t_kill") / 1000 )) s after the kill"
echo "--- slurmctld, the failure and the requeue:"
grep -E "not responding|requeue|$victim.*DOWN|DOWN.*$victim" "$BASE/log/slurmctld.log" | grep -v "debug" | head -n 8 | sed 's/^/      /'
echo "--- task 0's log (the lines of its attempts):"
grep -E "^balnet: (no checkpoint|resuming)|requeued by SLURM|^balnet run|error|progress" "$scan/logs/0.log" | sed 's/^/      /'
echo "--- sacct is not there (accounting_storage/none); scontrol on task 0:"
scontrol show job "$job0" 2>/dev/null | grep -oE '(JobState|Restarts|NodeList|ExitCode)=[^ ]*' | paste -sd' ' | sed 's/^/      /'

check "slurmctld requeued task 0 after the failure of $victim" \
  'grep -q "requeue job.*due to failure of node $victim" "$BASE/log/slurmctld.log"'
if [ "$fewer" = 0 ]; then
  check "task 0 ran again, requeued by SLURM, on the 2 survivors" \
    'grep -q "requeued by SLURM (restart 1), now on" "$scan/logs/0.log" &&
     ! grep "requeued by SLURM" "$scan/logs/0.log" | grep -q "$victim"'
fi
# A requeued task's log keeps its first attempt (which started from the beginning); a resubmitted
# one (--fewer-ranks) starts a new log.
starts=$( [ "$fewer" = 1 ] && echo 0 || echo 1)
check "task 0 resumed from its checkpoint, ran to its end (and never started over)" \
  'grep -A 10000 "^balnet: resuming from the checkpoint" "$scan/logs/0.log" | grep -q "^balnet run (lif): .* s wall)" &&
   [ "$(grep -c "starting from the beginning" "$scan/logs/0.log")" = "$starts" ]'
check "both tasks exited 0" '[ "$(cat "$scan/tasks/0.rc" "$scan/tasks/1.rc" 2>/dev/null | paste -sd,)" = "0,0" ]'

# ---- bitwise against the same tasks uninterrupted on one node at 2 ranks (task 0 at 1 with --fewer-ranks)
wait "$ref_pid"
for i in 0 1; do
  read -r rc ms np <"$BASE/ref/$i.rc"
  say "task $i uninterrupted on one node (mpiexec -n $np): rc $rc, $ms ms; $(grep -o '[0-9.]* s wall' "$BASE/ref/$i.log")"
  [ "$rc" = 0 ] || { cat "$BASE/ref/$i.log"; fails=$((fails + 1)); }
done
paths=(/@command_line /config@ini /config@output.file /config@checkpoint.file)
hosts_0=$( [ "$fewer" = 1 ] && echo 1 || echo 2)
check "task 0, killed and resumed, equals the uninterrupted run bitwise" \
  '"$py" "$here/compare_runs.py" "$BASE/ref/0.h5" "$scan/tasks/0.h5" "$hosts_0" "${paths[@]}"'
check "task 1 equals the uninterrupted run bitwise" \
  '"$py" "$here/compare_runs.py" "$BASE/ref/1.h5" "$scan/tasks/1.h5" 2 "${paths[@]}"'

aggregate_ok() {
  "$py" - "$scan" <<'PY'
import csv, sys, h5py
scan = sys.argv[1]
rows = list(csv.DictReader(open(scan + "/aggregate.csv")))
bad = list(csv.DictReader(open(scan + "/failed.csv")))
ok = [r["id"] for r in rows] == ["0", "1"] and not bad and [r["lif.T"] for r in rows] == ["6000", "1000"]
n = 0
for r in rows:
    with h5py.File("%s/tasks/%s.h5" % (scan, r["id"]), "r") as f:
        for c, v in r.items():
            if c.startswith("analysis/"):
                n += 1
                ok = ok and float(v) == float(f[c][()])
print("      aggregate.csv: %d rows, failed.csv: %d rows, %d observables checked against the files"
      % (len(rows), len(bad), n))
sys.exit(0 if ok and n > 0 else 1)
PY
}
check "the aggregation job ran after the array" 'grep -q "2 of 2 tasks complete" "$scan"/logs/aggregate-*.out'
check "the aggregate lists both tasks with the values of their files, none failed" aggregate_ok

echo "slurm node-failure test: $fails failure(s), $(ms_since "$t0") ms in all (before shutdown)"
[ "$fails" = 0 ]
