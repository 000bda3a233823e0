#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Stopping a run under mpirun (issue 13, item 7). Open MPI 4.1's mpirun answers SIGTERM by
killing the ranks a second later (too soon for a checkpoint) but forwards SIGUSR1 to every rank:
1. SIGUSR1 to mpirun: every rank checkpoints, the run exits 75 with one notice, and --resume
   completes it;
2. jobs/run.sbatch started with BALNET_LAUNCHER=mpirun (no SLURM needed: SLURM_NTASKS is set by
   hand) and sent SIGTERM, as `scancel --batch` does: the script passes it on as SIGUSR1, the
   run exits 75 after a checkpoint (with `forward TERM` it exited 1 without one);
3. SIGTERM to mpirun itself (issue 13: exit 1, no checkpoint, no message for rate runs), as
   docs/checkpoints.md documents it: plainly, the ranks are killed a second later (non-zero exit,
   the output never reads complete); with OMPI_MCA_odls_base_sigkill_timeout=20 a rate run
   writes a checkpoint, prints the notice and leaves a "stopped" output (mpirun exits 1).
usage: check_stop_signals.py --balnet B --mpiexec M --np N --work DIR --jobs JOBS_DIR
"""
import os
import signal
import subprocess
import sys
import time

import regtest
from regtest import check

EXAMPLE = os.path.join(regtest.SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")


def started(out):
    """Waits until the run has made its output file (its steps have begun), then 3 s more."""
    t0 = time.time()
    while not os.path.exists(out) and time.time() - t0 < 120:
        time.sleep(0.1)
    time.sleep(3)


def stopped(name, proc, out, timeout=120):
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        check(name, False, "did not stop")
        return False
    notices = [line for line in stderr.splitlines() if line.startswith("balnet: stopped by a signal")]
    ok = proc.returncode == 75 and len(notices) == 1 and regtest.file_status(out + ".ckpt.h5") == "complete"
    check(name, ok, f"rc {proc.returncode}, {len(notices)} notices, checkpoint {regtest.file_status(out + '.ckpt.h5')}: "
                    f"{stderr.strip()[-300:]}")
    return ok


def mpirun_usr1(a):
    out = os.path.join(a.work, "usr1.h5")
    regtest.remove(out, out + ".ckpt.h5")
    args = ["run", EXAMPLE, "--output.file=" + out, "--run.T=5000"]
    proc = subprocess.Popen(regtest.command(a, args, a.np), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started(out)
    proc.send_signal(signal.SIGUSR1)
    if stopped(f"SIGUSR1 to mpirun -n {a.np}: checkpoint, exit 75", proc, out):
        p = subprocess.run(regtest.command(a, [*args, "--resume"], a.np), capture_output=True, text=True, timeout=600)
        check("--resume completes it", p.returncode == 0 and regtest.file_status(out) == "complete",
              f"rc {p.returncode}: {p.stderr.strip()[-300:]}")


def sbatch_script_term(a):
    out = os.path.join(a.work, "sbatch.h5")
    regtest.remove(out, out + ".ckpt.h5")
    env = dict(os.environ, BALNET=a.balnet, BALNET_LAUNCHER="mpirun", SLURM_NTASKS=str(a.np))
    script = os.path.join(a.jobs, "run.sbatch")
    proc = subprocess.Popen(["bash", script, EXAMPLE, "--output.file=" + out, "--run.T=5000", "--overwrite"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    started(out)
    proc.send_signal(signal.SIGTERM)  # to the batch shell only, as `scancel --batch` does
    stopped("jobs/run.sbatch (mpirun) sent SIGTERM: checkpoint, exit 75", proc, out)


def mpirun_term(a):
    lif = os.path.join(regtest.SRC, "inputs", "examples", "brunel-AI-small.ini")
    # With the grace period raised mpirun still returns only when it ends (the ranks wait in
    # MPI_Finalize until they are killed): 20 s keeps the test short and leaves the checkpoint time.
    # The rate run with the grace period must outlast it: the ranks see the signal only ~20 s after
    # mpirun does (measured), and the sparse product runs T = 5000 in ~11 s at 2 ranks.
    cases = (("rate", EXAMPLE, "--run.T=5000", None), ("lif", lif, "--lif.T=100000", None),
             ("rate", EXAMPLE, "--run.T=25000", "20"))
    for model, ini, longer, grace in cases:
        out = os.path.join(a.work, f"term-{model}.h5")
        regtest.remove(out, out + ".ckpt.h5", out + ".ckpt.h5.prev")
        env = dict(os.environ, **({"OMPI_MCA_odls_base_sigkill_timeout": grace} if grace else {}))
        proc = subprocess.Popen(regtest.command(a, ["run", ini, "--output.file=" + out, longer], a.np),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        started(out)
        proc.send_signal(signal.SIGTERM)
        try:
            _, stderr = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            check(f"SIGTERM to mpirun -n {a.np} ({model}): stops", False, "did not stop")
            continue
        notices = [line for line in stderr.splitlines() if line.startswith("balnet: stopped by a signal")]
        got = f"rc {proc.returncode}, {len(notices)} notices, output {regtest.file_status(out)}, checkpoint " \
              f"{regtest.file_status(out + '.ckpt.h5')}"
        if grace is None:
            check(f"SIGTERM to mpirun -n {a.np} ({model}): non-zero exit, output not complete",
                  proc.returncode != 0 and regtest.file_status(out) != "complete", got)
            continue
        check(f"SIGTERM to mpirun -n {a.np} ({model}) with odls_base_sigkill_timeout={grace}: checkpoint, "
              "one notice, output stopped", proc.returncode != 0 and len(notices) == 1 and
              regtest.file_status(out) == "stopped" and regtest.file_status(out + ".ckpt.h5") == "complete", got)


def main():
    ap = regtest.parser()
    ap.add_argument("--jobs", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    regtest.frozen_binary(a, a.work)
    if not os.path.basename(a.mpiexec).startswith(("mpiexec", "mpirun")):
        print(f"SKIP: {a.mpiexec} is not Open MPI's mpirun")
        return 0
    mpirun_usr1(a)
    sbatch_script_term(a)
    mpirun_term(a)
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
