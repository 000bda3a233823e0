#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Runs across several SLURM nodes, bitwise equal to the same runs on one node.
# Starts a test cluster of NODES nodes (slurm-up.sh NODES: each node a slurmd in its own network and
# UTS namespace, so ranks on different nodes talk over TCP) and stops it by PID on exit. Then a rate,
# a LIF and an SCN run, each small, at NODES ranks (one per node):
#   one node   `mpiexec -n NODES balnet run ...`, outside SLURM (shared memory);
#   srun       `srun -N NODES -n NODES --mpi=pmix balnet run ...`;
#   mpirun     `sbatch -N NODES -n NODES jobs/run.sbatch ...` with BALNET_LAUNCHER=mpirun: mpirun
#              inside the allocation (Open MPI starts its daemon on the other nodes through srun).
# Checks: every run completes; the multi-node files name NODES distinct hosts (node1..), the
# one-node file one; every dataset and attribute is bitwise equal to the one-node run's, except the
# groups /timing, /provenance, /profile, /resources and the file's start_time_utc and hosts
# attributes. Prints each run's wall time.
# Then a scan of 2 tasks with [resources] nodes = NODES, tasks_per_node = 1, submitted as a job
# array (`balnet scan --submit`): each task spans the nodes, its file is bitwise equal to the same
# task run on one node at NODES ranks (`balnet scan --local`), and the aggregate lists both tasks
# with the values of their files.
# Exit 77 (CTest SKIP), with the reason, where SLURM is not installed or the namespaces or daemons
# cannot start (slurm-up.sh exit codes 3, 4, 5).
#   tests/slurm/test_slurm_multinode.sh <path/to/balnet> [NODES]   (2 by default, or BALNET_SLURM_TEST_NODES)
set -uo pipefail
balnet=${1:?usage: test_slurm_multinode.sh <balnet>}
balnet=$(cd "$(dirname "$balnet")" && pwd)/$(basename "$balnet")
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
nodes=${2:-${BALNET_SLURM_TEST_NODES:-2}}
[[ $nodes =~ ^[2-9]$ ]] || { echo "FAIL: NODES must be 2..9, not '$nodes'"; exit 2; }
py=$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)   # Debian's has h5py
t0=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

for c in slurmctld slurmd munged sbatch srun squeue sinfo; do
  command -v "$c" >/dev/null || { echo "SKIP: $c not found (install slurm-wlm and munge: tools/bootstrap.sh)"; exit 77; }
done
"$py" -c 'import h5py' 2>/dev/null || { echo "SKIP: $py has no h5py (apt-get install python3-h5py)"; exit 77; }

# shellcheck source=tests/slurm/test-cluster.sh
. "$here/test-cluster.sh"
start_test_cluster "$nodes"
echo "cluster of $nodes nodes up after $(ms_since "$t0") ms"

# Each node believes it has the machine's cores to itself, so Open MPI does not see that the ranks
# of all nodes share them: busy-polling ranks then starve each other (3 nodes on 2 cores: 4x
# slower). Ranks give up the core while they wait; mpirun below also binds no rank to a core
# (its default binds rank 0 of every node to core 0, the same core).
export OMPI_MCA_mpi_yield_when_idle=1

fails=0
check() { if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; fails=$((fails + 1)); fi; }
wait_job() {  # wait_job ID SECONDS: polls squeue until the job is gone
  for _ in $(seq $(( $2 * 5 ))); do
    squeue -h -j "$1" 2>/dev/null | grep -q . || return 0
    sleep 0.2
  done
  echo "job $1 still queued after $2 s:"; squeue; scancel "$1"; return 1
}

# The runs: run_args NAME sets `a` to balnet run's arguments. Output files are relative (each way
# in its own directory), so the stored configuration is the same in all three.
ex=$src/inputs/examples
names=(rate lif scn)
run_args() {
  case $1 in
    rate) a=("$ex/sparse-balance-N=K=500-T=200.ini" --run.T=20 --record.ncorr=10 --output.file=rate.h5) ;;
    lif)  a=("$ex/brunel-AI-small.ini" --lif.T=300 --output.file=lif.h5) ;;
    scn)  a=("$ex/scn-2d-tracking-N=100.ini" --scn.T=200 --output.file=scn.h5) ;;
  esac
}
mkdir -p "$BASE"/w/{one,srun,mpirun}

# Nodes answer with their own hostnames.
hosts=$(srun -N "$nodes" -n "$nodes" hostname 2>&1 | sort | paste -sd' ')
want=$(for i in $(seq "$nodes"); do echo "node$i"; done | paste -sd' ')
check "srun -N $nodes -n $nodes hostname: $hosts" "[ \"\$hosts\" = \"$want\" ]"

wall_of() { grep -m1 -o 'wall [0-9.]* s\|[0-9.]* s wall' "$1" 2>/dev/null; }   # balnet's summary
# run_all WAY LAUNCHER...: every run, started as `LAUNCHER... balnet run ...` in $BASE/w/WAY.
run_all() {
  local way=$1 m t rc; shift
  for m in "${names[@]}"; do
    run_args "$m"
    t=$(date +%s%N)
    (cd "$BASE/w/$way" && "$@" "$balnet" run "${a[@]}" >"$m.log" 2>&1)
    rc=$?; echo "$way: $*, $m: rc $rc, $(ms_since "$t") ms; $(wall_of "$BASE/w/$way/$m.log")"
    [ $rc = 0 ] || { cat "$BASE/w/$way/$m.log"; fails=$((fails + 1)); }
  done
}
run_all one mpiexec -n "$nodes"                          # one node, outside SLURM
run_all srun srun -N "$nodes" -n "$nodes" --mpi=pmix     # across the nodes

# ---- mpirun inside an sbatch allocation of the nodes: the jobs/run.sbatch template -------------------
# One job per run, one after another. mpirun binds no rank (see above) and reports it in the log.
for m in "${names[@]}"; do
  run_args "$m"
  t=$(date +%s%N)
  job=$(BALNET=$balnet BALNET_LAUNCHER=mpirun OMPI_MCA_hwloc_base_binding_policy=none \
        OMPI_MCA_hwloc_base_report_bindings=1 \
        sbatch --parsable -N "$nodes" -n "$nodes" --chdir="$BASE/w/mpirun" --output="$m.log" \
               "$src/jobs/run.sbatch" "${a[@]}")
  wait_job "$job" 300 || fails=$((fails + 1))
  state=$(scontrol show job "$job" 2>/dev/null | grep -oE '[[:space:]](JobState|NodeList|ExitCode)=[^ ]*' |
          tr -d ' ' | paste -sd' ')
  echo "sbatch -N $nodes -n $nodes jobs/run.sbatch (mpirun), $m: job $job, $(ms_since "$t") ms from submission to end; $state; $(wall_of "$BASE/w/mpirun/$m.log")"
  grep 'MCW rank' "$BASE/w/mpirun/$m.log" | sed 's/^/      /'
  [[ $state == *"JobState=COMPLETED"*"ExitCode=0:0"* ]] || { cat "$BASE/w/mpirun/$m.log"; fails=$((fails + 1)); }
done

# ---- bitwise comparison ---------------------------------------------------------------------------
compare() {  # compare ONE.h5 OTHER.h5 NHOSTS_OTHER [ATTRIBUTE...]: see compare_runs.py
  "$py" "$here/compare_runs.py" "$@"
}
for v in srun mpirun; do
  for m in "${names[@]}"; do
    check "$v across $nodes nodes, $m: bitwise equal to one node, on $nodes hosts" \
      'compare "$BASE/w/one/$m.h5" "$BASE/w/$v/$m.h5" "$nodes"'
  done
done

# ---- a scan whose tasks span the nodes: [resources] nodes = NODES, tasks_per_node = 1 -------------
# Two tasks as one job array (one after the other: each takes every node); the same tasks run on one
# node at NODES ranks by `balnet scan --local` (mpiexec, outside SLURM) are the reference.
# balnet scan passes no variable of an MPI job on to sbatch, OMPI_MCA_mpi_yield_when_idle among them
# (mpirun sets it for its own ranks): the task gets it from the scan's env script.
echo "export OMPI_MCA_mpi_yield_when_idle=1" >"$BASE/w/env.sh"
cat >"$BASE/w/scan.ini" <<EOF
[scan]
name = multinode
base = $ex/sparse-balance-N=K=500-T=200.ini
[set]
run.T = 20
record.ncorr = 10
[vary]
weights.J0 = 2, 1.5
[resources]
nodes = $nodes
tasks_per_node = 1
time = 00:05:00
aggregate_time = 00:05:00
launcher = srun
env = $BASE/w/env.sh
EOF
t=$(date +%s%N)
"$balnet" scan "$BASE/w/scan.ini" --out "$BASE/w/scan" --submit >"$BASE/w/scan.submit" 2>&1
cat "$BASE/w/scan.submit"
array=$(sed -n 's/.*submitted job array \([0-9]*\).*/\1/p' "$BASE/w/scan.submit")
wait_job "${array:-0}" 300 || fails=$((fails + 1))
echo "scan of 2 tasks, nodes = $nodes x tasks_per_node = 1, srun: $(ms_since "$t") ms from submission to the array's end"
for i in 0 1; do echo "      task $i: $(wall_of "$BASE/w/scan/logs/$i.log")"; done
check "scan: the array script asks for $nodes nodes, 1 task per node, and launches srun so" \
  'grep -qx "#SBATCH --nodes=$nodes" "$BASE/w/scan/array.sbatch" &&
   grep -qx "#SBATCH --ntasks-per-node=1" "$BASE/w/scan/array.sbatch" &&
   grep -qF "launch=(srun --ntasks=$nodes --nodes=$nodes --ntasks-per-node=1)" "$BASE/w/scan/array.sbatch"'
"$balnet" scan "$BASE/w/scan.ini" --out "$BASE/w/scanref" --local 1 >"$BASE/w/scanref.out" 2>&1
echo "the same scan on one node (--local, mpiexec -n $nodes): rc $?"
for i in 0 1; do echo "      task $i: $(wall_of "$BASE/w/scanref/logs/$i.log")"; done
# The two scans live in two directories: the attributes that hold the output path differ.
paths=(/@command_line /config@ini /config@output.file /config@checkpoint.file)
for i in 0 1; do
  check "scan task $i across $nodes nodes: bitwise equal to one node at $nodes ranks, on $nodes hosts" \
    'compare "$BASE/w/scanref/tasks/$i.h5" "$BASE/w/scan/tasks/$i.h5" "$nodes" "${paths[@]}"'
done
agg=$(sed -n 's/.*submitted aggregation job \([0-9]*\).*/\1/p' "$BASE/w/scan.submit")
wait_job "${agg:-0}" 120 || fails=$((fails + 1))
# The aggregate against the task files, read here independently (h5py), and against the reference.
aggregate_ok() {
  "$py" - "$BASE/w/scan" "$BASE/w/scanref" "$nodes" <<'PY'
import csv, sys, h5py
scan, ref, nodes = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.DictReader(open(scan + "/aggregate.csv")))
refrows = {r["id"]: r for r in csv.DictReader(open(ref + "/aggregate.csv"))}
bad = list(csv.DictReader(open(scan + "/failed.csv")))
ok = [r["id"] for r in rows] == ["0", "1"] and not bad and [r["weights.J0"] for r in rows] == ["2", "1.5"]
n = 0
for r in rows:
    ok = ok and int(r["n_ranks"]) == nodes
    with h5py.File("%s/tasks/%s.h5" % (scan, r["id"]), "r") as f:
        for c, v in r.items():
            if c.startswith("analysis/"):
                n += 1
                ok = ok and float(v) == float(f[c][()]) and v == refrows[r["id"]][c]
print("      aggregate.csv: %d rows, %d failed, %d observables checked" % (len(rows), len(bad), n))
sys.exit(0 if ok and n > 0 else 1)
PY
}
check "scan: aggregate lists both tasks, n_ranks = $nodes, values as in the task files and the one-node run" aggregate_ok

echo "slurm multi-node test ($nodes nodes): $fails failure(s), $(ms_since "$t0") ms in all (before shutdown)"
[ "$fails" = 0 ]
