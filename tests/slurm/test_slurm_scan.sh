#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# A scan on a real one-node SLURM cluster, started here and stopped by PID on exit (trap):
#  1. `balnet scan --submit` of 3 tasks x 2 ranks (srun, pmix), one of which has a parameter value
#     that is shell code and invalid: that task exits 2, the dependent aggregation job (afterany)
#     still runs, aggregate.csv holds the 2 good tasks with n_ranks = 2, failed.csv names the bad
#     one with balnet's error, and nothing was executed;
#  2. a 1-task scan with the mpirun launcher;
#  3. resubmission of scan 1: the 2 complete tasks are skipped (--array=2), their files untouched;
#  4. a time limit: a 1-task scan whose rate run needs longer than its 1-minute limit gets SIGUSR1
#     from --signal=B:USR1@20 (slurmctld looks at time limits every 30 s and signals when fewer
#     than lead + 30 s are left, so it arrives 10-40 s into the job), writes a checkpoint and exits
#     75; `balnet scan --submit` again, with a longer limit, resubmits it (the array task runs with
#     --resume), and the result equals, bitwise, the same row run uninterrupted (`balnet scan
#     --local`, no SLURM).
# Exit 77 (CTest SKIP) where SLURM is not installed or cannot start.
#   tests/slurm/test_slurm_scan.sh <path/to/balnet>      (BALNET_SLURM_TEST_RANKS: ranks per task, 2)
set -uo pipefail
balnet=${1:?usage: test_slurm_scan.sh <balnet>}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
t0=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - t0) / 1000000 )) ms"; }

for c in slurmctld slurmd munged sbatch squeue sinfo; do
  command -v "$c" >/dev/null || { echo "SKIP: $c not found (install slurm-wlm and munge: tools/bootstrap.sh)"; exit 77; }
done

BASE=$(mktemp -d /tmp/slurm.XXXX)
export BASE
# slurm-down.sh cancels what is left (slurmd then ends the jobs' processes) and stops the daemons by PID.
trap '"$here/slurm-down.sh"; rm -rf "$BASE" "$BASE.up.log"' EXIT
"$here/slurm-up.sh" >"$BASE.up.log" 2>&1
rc=$?
cat "$BASE.up.log"
case $rc in
  0) ;;
  3) echo "SKIP: SLURM or munge is not installed (slurm-up.sh exit 3)"; exit 77 ;;
  *) echo "SKIP: SLURM did not start (slurm-up.sh exit $rc, log above)"; exit 77 ;;
esac
export SLURM_CONF=$BASE/etc/slurm.conf
echo "cluster up after $(elapsed)"

fails=0
check() { if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; fails=$((fails + 1)); fi; }
# Polls squeue until none of our jobs is left (at most $1 seconds).
wait_jobs() {
  for _ in $(seq $(( $1 * 5 ))); do
    [ -z "$(squeue -h -o %i 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  echo "jobs still queued after $1 s:"; squeue; return 1
}
csv_rows() { python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1])))))' "$1"; }
csv_col() { python3 -c 'import csv,sys; print(" ".join(r[sys.argv[2]] for r in csv.DictReader(open(sys.argv[1]))))' "$1" "$2"; }

ranks=${BALNET_SLURM_TEST_RANKS:-2}
base_ini=$src/inputs/examples/sparse-balance-N=K=500-T=200.ini
small="[set]
run.T = 10
run.warmup = 1
record.ncorr = 2
network.N = 60
network.K = 60
output.trace_units = 5"

# ---- 1. submit, with one task that fails on purpose ------------------------------------------
cat >"$BASE/a.ini" <<EOF
[scan]
name = slurm-test
base = $base_ini
$small
[vary]
weights.J0 = 2, 1.5, "\$(touch $BASE/pwned1); \`touch $BASE/pwned2\`"
[resources]
ranks = $ranks
time = 00:05:00
aggregate_time = 00:05:00
launcher = srun
signal_lead = 30
EOF
"$balnet" scan "$BASE/a.ini" --out "$BASE/a" --submit | tee "$BASE/a.submit"
check "scan --submit submitted an array and an aggregation job" \
  'grep -q "submitted job array" "$BASE/a.submit" && grep -q "submitted aggregation job" "$BASE/a.submit"'

# ---- 2. the mpirun launcher -------------------------------------------------------------------
cat >"$BASE/b.ini" <<EOF
[scan]
name = slurm-mpirun
base = $base_ini
$small
[resources]
ranks = $ranks
time = 00:05:00
launcher = mpirun
EOF
"$balnet" scan "$BASE/b.ini" --out "$BASE/b" --submit
wait_jobs 300 || fails=$((fails + 1))

echo "--- scan 1 failed.csv:"; cat "$BASE/a/failed.csv"
check "scan 1: aggregate.csv holds the 2 good tasks" '[ "$(csv_rows "$BASE/a/aggregate.csv")" = 2 ]'
check "scan 1: tasks ran on $ranks ranks (srun)" '[ "$(csv_col "$BASE/a/aggregate.csv" n_ranks)" = "$ranks $ranks" ]'
check "scan 1: weights.J0 of the good tasks" '[ "$(csv_col "$BASE/a/aggregate.csv" weights.J0)" = "2 1.5" ]'
check "scan 1: failed.csv names task 2, exit 2, weights.J0" \
  'grep -q "^2,failed,2,.*weights.J0" "$BASE/a/failed.csv"'
check "scan 1: the aggregation job ran after the array (its log)" \
  'grep -q "2 of 3 tasks complete" "$BASE"/a/logs/aggregate-*.out'
check "scan 1: no shell metacharacter executed" '[ ! -e "$BASE/pwned1" ] && [ ! -e "$BASE/pwned2" ]'
check "scan 2: mpirun task complete on $ranks ranks" '[ "$(csv_col "$BASE/b/aggregate.csv" n_ranks)" = "$ranks" ]'

# ---- 3. resubmission skips complete tasks -------------------------------------------------------
m0=$(stat -c %Y.%y "$BASE/a/tasks/0.h5" "$BASE/a/tasks/1.h5")
"$balnet" scan "$BASE/a.ini" --out "$BASE/a" --submit | tee "$BASE/a.resubmit"
check "resubmission: 2 complete tasks skipped, 1 submitted" \
  'grep -q "(2 complete, 1 to run" "$BASE/a.resubmit" && grep -q "(1 tasks)" "$BASE/a.resubmit"'
wait_jobs 300 || fails=$((fails + 1))
check "resubmission: complete task files untouched" '[ "$(stat -c %Y.%y "$BASE/a/tasks/0.h5" "$BASE/a/tasks/1.h5")" = "$m0" ]'
check "resubmission: the array held task 2 only" 'ls "$BASE"/a/logs/slurm-*_2.out >/dev/null 2>&1 &&
  [ "$(ls "$BASE"/a/logs/slurm-*_0.out | wc -l)" = 1 ]'

# ---- 4. a task stopped by its time limit, resumed by resubmission ----------------------------
# Slow by size, N = K = 1000 (full), and long enough to outlast the 10-40 s the task gets before
# SIGUSR1 on any machine: T is set so that the run needs about 75 s, from the time a T = 200 run
# of the same row takes here and now. The resubmission gives it 5 minutes (what a user does after
# a time-out) and resumes from the checkpoint.
row="network.N = 1000
network.K = 1000
output.trace_units = 20"
tc=$(date +%s%N)
# shellcheck disable=SC2046  # one --key=value word per line of $row (no spaces in them)
mpiexec -n "$ranks" "$balnet" run "$base_ini" $(sed 's/ = /=/; s/^/--/' <<<"$row") --run.T=200 \
  --output.file="$BASE/calibrate.h5" >/dev/null 2>&1
tc=$(( ($(date +%s%N) - tc) / 1000000 ))
T=$(( 200 * 75000 / (tc > 0 ? tc : 1) ))
T=$(( T < 400 ? 400 : T ))
echo "--- calibration: T = 200 took $tc ms: the time-limit task runs T = $T"
cat >"$BASE/c.ini" <<EOF
[scan]
name = slurm-timelimit
base = $base_ini
[set]
run.T = $T
$row
[resources]
ranks = $ranks
time = 00:01:00
launcher = srun
signal_lead = 20
EOF
rc_c() { cat "$BASE/c/tasks/0.rc" 2>/dev/null; }
scan_says() { local out; out=$("$balnet" scan "$BASE/c.ini" --out "$BASE/c" 2>&1); [[ $out == *"$1"* ]]; }
t4=$(date +%s)
"$balnet" scan "$BASE/c.ini" --out "$BASE/c" --submit >/dev/null
wait_jobs 150 || fails=$((fails + 1))
echo "--- time-limit task, 1-minute limit: rc $(rc_c) after $(( $(date +%s) - t4 )) s; its log ends:"
tail -n 1 "$BASE/c/logs/0.log"
check "time limit: SIGUSR1 before the limit stops the task with exit 75" '[ "$(rc_c)" = 75 ]'
check "time limit: the stopped task left a checkpoint" '[ -f "$BASE/c/tasks/0.h5.ckpt.h5" ]'
check "time limit: the stopped task is not counted complete" 'scan_says "(0 complete, 1 to run"'
sed -i 's/^time = 00:01:00$/time = 00:05:00/' "$BASE/c.ini"
t4=$(date +%s)
"$balnet" scan "$BASE/c.ini" --out "$BASE/c" --submit >/dev/null
wait_jobs 400 || fails=$((fails + 1))
echo "--- resubmitted with a 5-minute limit: rc $(rc_c) after $(( $(date +%s) - t4 )) s"
check "time limit: the resubmitted task ran with --resume from the checkpoint and completed" \
  '[ "$(rc_c)" = 0 ] && grep -q -- "--resume" "$BASE/c/array.sbatch" &&
   ! grep -q "starting from the beginning" "$BASE/c/logs/0.log" && scan_says "(1 complete, 0 to run"'
t5=$(date +%s)
"$balnet" scan "$BASE/c.ini" --out "$BASE/cref" --local 1 >/dev/null 2>&1
echo "--- the same row uninterrupted (--local): rc $?, $(( $(date +%s) - t5 )) s"
same_data() {  # Debian's python3 has h5py; one earlier in PATH may not
  "$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)" - "$1" "$2" <<'PY'
import sys, h5py
def data(path):
    out = {}
    with h5py.File(path, "r") as f:
        for g in ("analysis", "state"):
            f[g].visititems(lambda n, o: out.__setitem__(g + "/" + n, o[()].tobytes())
                            if isinstance(o, h5py.Dataset) else None)
    return out
a, b = data(sys.argv[1]), data(sys.argv[2])
diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
print("      %d datasets compared, differing: %s" % (len(a), diff))
sys.exit(1 if diff or not a else 0)
PY
}
check "time limit: the resumed task equals the uninterrupted row bitwise (/analysis, /state)" \
  'same_data "$BASE/c/tasks/0.h5" "$BASE/cref/tasks/0.h5"'

echo "slurm scan test: $fails failure(s), $(elapsed) in all (before shutdown)"
[ "$fails" = 0 ]
