#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet scan status DIR` and `balnet aggregate DIR` on scans whose tasks are not all done.

1. A scan directory made here by hand (h5py writes the files) with one task in every state:
   complete, running under SLURM, pending in SLURM, stopped with a checkpoint (exit 75), failed
   (exit 2, balnet's error in its log), killed without an exit code (a checkpoint left), running
   as a process on this machine, and missing. A stand-in `squeue` (on PATH) lists tasks 1 and 2
   for this directory, one task of another directory and the aggregation job; a stand-in process
   carries task 6's output file on its command line. `balnet scan status` must print each task's
   state, exit code and detail (where it runs, its log's last progress line, the checkpoint's
   step, the error); `balnet aggregate` must aggregate the complete task only, list the others
   with their states, and print no HDF5 error (the running tasks' files hold garbage: they must
   not be opened).
2. A real running task: `balnet scan --local 1` of a long LIF run; while it runs, `balnet
   aggregate` and `balnet scan status` say it is running (pid, progress) without HDF5 errors;
   then SIGTERM to that pid: the run writes a checkpoint and exits 75, and status says stopped,
   with the checkpoint's step.

usage: check_scan_status.py --balnet B --mpiexec M --np N --work DIR
"""
import csv
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time

import h5py
import numpy as np

import regtest

SRC = regtest.SRC


def check(cond, what):
    regtest.check(what, cond)


def run(cmd, env=None):
    """Runs cmd, echoes its output, returns the CompletedProcess (text)."""
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    print(p.stdout + p.stderr, end="", flush=True)
    return p


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def h5(path, status, steps=None, scalar=None):
    with h5py.File(path, "w") as f:
        f.attrs["status"] = status
        f.attrs["n_ranks"] = np.int64(2)
        if steps is not None:
            f.attrs["steps"] = np.int64(steps)
        if scalar is not None:
            f["analysis/m"] = np.array([scalar])


def rows_of(status_out):
    """{id: (state, exit, detail)} from the status table."""
    out = {}
    for line in status_out.splitlines():
        m = re.match(r"^\s+(\d+)  (\S+)\s+(\d*)\s*(.*)$", line)
        if m:
            out[int(m.group(1))] = (m.group(2), m.group(3), m.group(4))
    return out


PROGRESS = "balnet progress:  45.0%  step 9000/20000  2.6e+04 steps/s  ETA 4 s  peak memory 49 MiB (rank 0)\n"


def fabricated(balnet, work):
    d = os.path.join(work, "fab")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "tasks"))
    os.makedirs(os.path.join(d, "logs"))
    t = lambda i, ext: os.path.join(d, "tasks", "%d%s" % (i, ext))
    log = lambda i: os.path.join(d, "logs", "%d.log" % i)
    write(os.path.join(d, "tasks.csv"), "id,weights.J0,run.seed\n" + "".join("%d,%d,1\n" % (i, i + 1) for i in range(8)))
    for i in range(8):
        write(t(i, ".args"), "/base.ini\n--weights.J0=%d\n--run.seed=1\n--output.file=%s\n" % (i + 1, t(i, ".h5")))
    h5(t(0, ".h5"), "complete", scalar=0.25)                       # 0 complete
    write(t(1, ".h5"), "HDF5 being written")                        # 1 running (SLURM)
    write(log(1), "balnet: no checkpoint\n" + PROGRESS)
    h5(t(3, ".h5"), "stopped")                                      # 3 stopped, checkpoint
    h5(t(3, ".h5.ckpt.h5"), "x", steps=5000)
    write(t(3, ".rc"), "75\n")
    write(t(4, ".rc"), "2\n")                                       # 4 failed
    write(log(4), "balnet: error: invalid value for 'weights.J0': '5'; allowed: > 0\nsrun: error: task 0: Exited with exit code 2\n")
    h5(t(5, ".h5"), "running")                                      # 5 killed, checkpoint left
    h5(t(5, ".h5.ckpt.h5"), "x", steps=300)
    write(t(6, ".h5"), "HDF5 being written")                        # 6 running here
    write(log(6), PROGRESS)
    fake = os.path.join(work, "fakebin")                            # 2 pending (SLURM), 7 missing
    os.makedirs(fake, exist_ok=True)
    write(os.path.join(fake, "squeue"), "#!/bin/sh\ncat <<'EOF'\n"
          "41_1|1|RUNNING|node[1-2]|%s\n41_2|2|PENDING|(Resources)|%s/\n42|N/A|PENDING|(Dependency)|%s\n"
          "43_4|4|RUNNING|node3|/elsewhere\nEOF\n" % (d, d, d), stat.S_IRWXU)
    env = dict(os.environ, PATH=fake + os.pathsep + os.environ["PATH"])
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "--output.file=" + t(6, ".h5")])
    try:
        st = run([balnet, "scan", "status", d], env=env)
        ag = run([balnet, "aggregate", d], env=env)
    finally:
        proc.kill()
        proc.wait()
    rows = rows_of(st.stdout)
    want = {0: "complete", 1: "running", 2: "pending", 3: "stopped", 4: "failed", 5: "incomplete", 6: "running",
            7: "missing"}
    check(st.returncode == 3, "scan status: exit 3 (not every task complete), got %d" % st.returncode)
    check({i: r[0] for i, r in rows.items()} == want, "scan status: every task's state %s" % want)
    check("SLURM: squeue answered" in st.stdout, "scan status: says squeue answered")
    check("1 complete, 2 running, 1 pending, 1 stopped, 1 failed, 1 incomplete, 1 missing" in st.stdout,
          "scan status: the counts")
    r = lambda i: rows.get(i, ("", "", ""))
    check(r(1)[2] == "slurm job 41_1 on node[1-2]; 45.0%  step 9000/20000  2.6e+04 steps/s  ETA 4 s",
          "task 1: where SLURM runs it and its log's last progress line")
    check(r(2)[2] == "slurm job 41_2 PENDING (Resources)", "task 2: pending, with SLURM's reason")
    check(r(3)[1] == "75" and "checkpoint at step 5000" in r(3)[2], "task 3: stopped, exit 75, the checkpoint's step")
    check(r(4)[1] == "2" and r(4)[2] == "balnet: error: invalid value for 'weights.J0': '5'; allowed: > 0",
          "task 4: failed, exit 2, balnet's error line")
    check("checkpoint at step 300" in r(5)[2] and "no exit code" in r(5)[2], "task 5: killed, the checkpoint's step")
    check(r(6)[2] == "pid %d on this machine; 45.0%%  step 9000/20000  2.6e+04 steps/s  ETA 4 s" % proc.pid,
          "task 6: the process here that writes its output, and its progress")
    both = st.stdout + st.stderr + ag.stdout + ag.stderr
    check(not re.search(r"HDF5|H5[A-Z]|#\d{3}:", both), "no HDF5 error text from status or aggregate")

    check(ag.returncode == 3, "aggregate: exit 3")
    check("1 of 8 tasks complete" in ag.stdout, "aggregate: 1 of 8 tasks complete")
    check("task 1 running: slurm job 41_1 on node[1-2]" in ag.stdout and "task 6 running: pid" in ag.stdout,
          "aggregate: says which tasks are still running")
    with open(os.path.join(d, "failed.csv"), newline="") as f:
        failed = {int(x["id"]): (x["state"], x["exit_code"]) for x in csv.DictReader(f)}
    check(failed == {1: ("running", ""), 2: ("pending", ""), 3: ("stopped", "75"), 4: ("failed", "2"),
                     5: ("incomplete", ""), 6: ("running", ""), 7: ("missing", "")},
          "aggregate: failed.csv lists every other task with its state and exit code")
    with open(os.path.join(d, "aggregate.csv"), newline="") as f:
        table = list(csv.DictReader(f))
    check(len(table) == 1 and table[0]["id"] == "0" and float(table[0]["analysis/m"]) == 0.25,
          "aggregate: the complete task's row, with its value")
    with h5py.File(os.path.join(d, "aggregate.h5"), "r") as f:
        counts = {k: int(f.attrs["n_" + k]) for k in want.values()}
    check(counts == {"complete": 1, "running": 2, "pending": 1, "stopped": 1, "failed": 1, "incomplete": 1,
                     "missing": 1}, "aggregate.h5: n_<state> for every state: %s" % counts)


def running_task(balnet, work):
    d = os.path.join(work, "live")
    shutil.rmtree(d, ignore_errors=True)
    ini = os.path.join(work, "live.ini")
    write(ini, "[scan]\nname = live\nbase = %s/inputs/examples/brunel-AI-small.ini\n[set]\nlif.T = 200000\n"
               "output.progress_interval = 1\n[resources]\nranks = 1\n" % SRC)
    scan = subprocess.Popen([balnet, "scan", ini, "--out", d, "--local", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        log = os.path.join(d, "logs", "0.log")
        for _ in range(1200):  # the first progress line: the network is built, the run writes its file
            if os.path.exists(log) and "balnet progress:" in open(log).read():
                break
            time.sleep(0.1)
        ag = run([balnet, "aggregate", d])
        st = run([balnet, "scan", "status", d])
        row = rows_of(st.stdout).get(0, ("", "", ""))
        check(row[0] == "running" and re.match(r"pid \d+ on this machine; \s*\d+\.\d%  step \d+/2000000", row[2]),
              "live task: status says running, with its pid and progress")
        check("task 0 running: pid" in ag.stdout and ag.returncode == 3, "live task: aggregate says it is running")
        check(not re.search(r"HDF5|H5[A-Z]|#\d{3}:", st.stdout + st.stderr + ag.stdout + ag.stderr),
              "live task: no HDF5 error text")
        m = re.match(r"pid (\d+)", row[2])
        if m:
            os.kill(int(m.group(1)), signal.SIGTERM)  # balnet run: checkpoint, exit 75
        out, _ = scan.communicate(timeout=300)
        sys.stdout.write(out)
    finally:
        if scan.poll() is None:
            scan.kill()
            scan.wait()
    st = run([balnet, "scan", "status", d])
    row = rows_of(st.stdout).get(0, ("", "", ""))
    check(row[0] == "stopped" and row[1] == "75" and re.search(r"checkpoint at step \d+", row[2]),
          "live task after SIGTERM: stopped, exit 75, with its checkpoint's step")


def main():
    a = regtest.arguments()
    fabricated(a.balnet, a.work)
    running_task(a.balnet, a.work)
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
