#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet scan --local` and `balnet aggregate` end to end, checked independently with h5py:

1. inputs/scans/ci-small.ini runs locally; tasks.csv equals the table written out here by hand;
   every task file holds the configuration of its row (its /config attributes); aggregate.csv
   holds, for every task, exactly the scalars h5py reads from that task's file.
2. Resubmission: with one task's output removed, running the scan again reruns that task only
   (the other files are untouched) and the aggregate is whole again.
3. The same directory refuses a different scan.
4. Parameter values and a scan directory made of shell code: nothing executes, neither under
   --local nor when the rendered sbatch script runs (bash, with a stand-in srun that drops its
   options and execs the rest); the tasks with a bad value exit 2 and are listed as failed with
   balnet's error.

usage: check_scan.py --balnet B --mpiexec M --np N --work DIR
"""
import argparse
import csv
import math
import os
import shutil
import stat
import subprocess
import sys

import h5py

SRC = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def run(cmd, env=None, expect=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    sys.stdout.write(p.stdout)
    sys.stdout.write(p.stderr)
    if expect is not None:
        check(p.returncode == expect, f"exit code {p.returncode} == {expect}: {' '.join(cmd[:4])} ...")
    return p


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def scalars(path):
    """Every numeric scalar below /analysis, /meanfield, /timing, and n_ranks: independent reader."""
    out = {}
    with h5py.File(path, "r") as f:
        out["n_ranks"] = float(f.attrs["n_ranks"])
        for group in ("analysis", "meanfield", "timing"):
            if group not in f:
                continue

            def visit(name, obj, group=group):
                if isinstance(obj, h5py.Dataset) and obj.size == 1 and obj.ndim <= 1 and obj.dtype.kind in "fiu":
                    out[f"{group}/{name}"] = float(obj[()] if obj.ndim == 0 else obj[0])
            f[group].visititems(visit)
    return out


def config_of(path):
    with h5py.File(path, "r") as f:
        return {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in f["config"].attrs.items()}


def ci_small(args, work):
    out = os.path.join(work, "ci-small")
    cmd = [args.balnet, "scan", os.path.join(SRC, "inputs", "scans", "ci-small.ini"), "--out", out, "--local", "2"]
    run(cmd, expect=0)
    # The table by hand: size group (N = K) slowest, then response.function, seeds innermost.
    expected = []
    for n in ("100", "200"):
        for phi in ("rect_tanh", "rect_linear"):
            for seed in ("1", "2"):
                expected.append({"id": str(len(expected)), "network.N": n, "network.K": n,
                                 "response.function": phi, "run.seed": seed})
    check(read_csv(os.path.join(out, "tasks.csv")) == expected, "tasks.csv is the hand-written table")
    rows = read_csv(os.path.join(out, "aggregate.csv"))
    check(len(rows) == 8, f"aggregate.csv has 8 rows (got {len(rows)})")
    for row, exp in zip(rows, expected):
        task = os.path.join(out, "tasks", exp["id"] + ".h5")
        cfg = config_of(task)
        check(all(cfg[k] == exp[k] for k in ("network.N", "network.K", "response.function", "run.seed")),
              f"task {exp['id']}: the file's /config is its row")
        check(all(row[k] == exp[k] for k in exp), f"task {exp['id']}: aggregate row carries its parameters")
        ref = scalars(task)
        cols = [c for c in row if c.startswith(("analysis/", "meanfield/", "timing/")) or c == "n_ranks"]
        check(sorted(cols) == sorted(ref), f"task {exp['id']}: aggregate columns = the file's scalars")
        check(all(math.isclose(float(row[c]), ref[c], rel_tol=1e-15, abs_tol=0) for c in ref),
              f"task {exp['id']}: every aggregated value equals h5py's")
    with h5py.File(os.path.join(out, "aggregate.h5"), "r") as f:
        check(f.attrs["status"] in (b"complete", "complete") and int(f.attrs["n_complete"]) == 8,
              "aggregate.h5 complete with 8 tasks")
        check(list(f["table/network.K"][:]) == [100.0] * 4 + [200.0] * 4, "aggregate.h5 /table/network.K")
        phis = [p.decode() if isinstance(p, bytes) else p for p in f["table/response.function"][:]]
        check(phis == [e["response.function"] for e in expected], "aggregate.h5 /table/response.function")
        check(list(f["table/analysis/m"][:]) == [float(r["analysis/m"]) for r in rows], "aggregate.h5 /table/analysis/m")
    return out, cmd


def resubmission(out, cmd):
    tasks = os.path.join(out, "tasks")
    os.remove(os.path.join(tasks, "5.h5"))
    os.remove(os.path.join(tasks, "5.rc"))
    before = {i: os.stat(os.path.join(tasks, f"{i}.h5")).st_mtime_ns for i in range(8) if i != 5}
    p = run(cmd, expect=0)
    check("7 complete, 1 to run" in p.stdout, "resubmission: 7 complete tasks skipped, 1 to run")
    check("[1/1]" in p.stdout and "task 5 done" in p.stdout, "resubmission: only task 5 ran")
    after = {i: os.stat(os.path.join(tasks, f"{i}.h5")).st_mtime_ns for i in before}
    check(before == after, "resubmission: complete task files untouched")
    check(len(read_csv(os.path.join(out, "aggregate.csv"))) == 8, "resubmission: aggregate whole again")
    p = run(cmd + ["--run.T=21"], expect=2)
    check("same scan" in p.stderr, "a different scan is refused in the same directory")


def evil(args, work):
    marker = os.path.join(work, "pwned")
    scan = os.path.join(work, "evil.ini")
    base = os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")
    with open(scan, "w") as f:
        f.write(f"""[scan]
base = {base}
[set]
run.T = 10
run.warmup = 1
record.ncorr = 2
network.N = 50
network.K = 50
output.trace_units = 5
[vary]
weights.J0 = 2, "$(touch {marker}1)", "`touch {marker}2`; touch {marker}3 *"
[resources]
launcher = srun
""")
    out = os.path.join(work, f"scan $(touch {marker}4) `touch {marker}5`; 'q' *")
    p = run([args.balnet, "scan", scan, "--out", out, "--local", "2"], expect=3)
    check("task 1 will fail" in p.stderr and "task 2 will fail" in p.stderr, "scan names the tasks that will fail")
    bad = read_csv(os.path.join(out, "failed.csv"))
    check([b["id"] for b in bad] == ["1", "2"] and all(b["state"] == "failed" and b["exit_code"] == "2" for b in bad),
          "failed.csv: tasks 1 and 2 failed with exit code 2")
    check(all("weights.J0" in b["error"] for b in bad), "failed.csv: the error names weights.J0")
    check(len(read_csv(os.path.join(out, "aggregate.csv"))) == 1, "aggregate.csv: the one good task")
    p = run([args.balnet, "aggregate", out], expect=3)
    check("task 1 failed (exit 2)" in p.stdout, "balnet aggregate lists the failed tasks")

    # The rendered job script, run by bash as SLURM would, with srun standing in: it drops its
    # own options (the layout, --ntasks=...) and execs the rest.
    fake = os.path.join(work, "fakebin")
    os.makedirs(fake, exist_ok=True)
    with open(os.path.join(fake, "srun"), "w") as f:
        f.write('#!/bin/sh\nwhile [ "${1#--}" != "$1" ]; do shift; done\nexec "$@"\n')
    os.chmod(os.path.join(fake, "srun"), stat.S_IRWXU)
    for task, rc in (("2", 2), ("0", 0)):
        os.remove(os.path.join(out, "tasks", task + ".rc"))
        env = dict(os.environ, PATH=fake + os.pathsep + os.environ["PATH"], SLURM_ARRAY_TASK_ID=task)
        run(["bash", os.path.join(out, "array.sbatch")], env=env, expect=rc)
        with open(os.path.join(out, "tasks", task + ".rc")) as f:
            check(f.read() == f"{rc}\n", f"job script recorded exit code {rc} of task {task}")
    check(not any(os.path.exists(f"{marker}{i}") for i in range(1, 6)), "no shell metacharacter executed")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec")
    ap.add_argument("--np")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    out, cmd = ci_small(args, args.work)
    resubmission(out, cmd)
    evil(args, args.work)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all scan checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
