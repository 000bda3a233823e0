#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checkpoint/restart of a rate run, end to end under mpiexec:
 1. an uninterrupted run;
 2. the same run stopped by SIGUSR1 (what SLURM sends with --signal; mpirun forwards it) after its
    first periodic checkpoint: exit code 75, output status "stopped", checkpoint present;
 3. --resume: final observables, ACF curves, ON fractions and traces equal run 1 BITWISE;
 4. fault: one rank killed with SIGKILL mid-run -> every rank ends, non-zero, within 30 s; the output
    never reads "complete"; the last checkpoint stays valid and resumes to the same result;
 5. fault: the checkpoint path becomes unwritable mid-run -> a clear error naming the path, the
    previous checkpoint intact.
usage: check_checkpoint.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

import regtest
# Also what other scripts took from here before regtest.py (cc.check, cc.status, cc.wait_for).
from regtest import SRC, check, failures, wait_for  # noqa: F401
from regtest import file_status as status

EXAMPLE = os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")


def same_results(a, b, traces=True):
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        keys = [k for k in fa["analysis"] if isinstance(fa["analysis"][k], h5py.Dataset)]
        diff = [k for k in keys if not np.array_equal(fa["analysis"][k][()], fb["analysis"][k][()],
                                                      equal_nan=True)]
        lost = int(fb["state"].attrs.get("samples_lost_before", 0))
        for v in ("x", "phi", "eta") if traces else ():
            if lost:  # rows before the checkpoint could not be kept (unreadable output)
                if not np.array_equal(fa["state/I/" + v][lost:], fb["state/I/" + v][lost:]):
                    diff.append("state/I/" + v)
                continue
            if not np.array_equal(fa["state/I/" + v][()], fb["state/I/" + v][()]):
                diff.append("state/I/" + v)
        return diff, len(keys)


def launch(a, out, *extra):
    cmd = regtest.command(a, ["run", EXAMPLE, "--output.file=" + out, "--run.T=100", "--checkpoint.every=10",
                              *extra], a.np)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main():
    a = regtest.arguments(np_default=2)
    full, part, killed = (os.path.join(a.work, n) for n in ("full.h5", "part.h5", "killed.h5"))
    for p in (full, part, killed):
        regtest.remove(p, p + ".ckpt.h5", p + ".ckpt.h5.tmp")

    p = launch(a, full)
    p.communicate()
    check("uninterrupted run", p.returncode == 0 and status(full) == "complete", f"rc {p.returncode}")

    p = launch(a, part)
    wait_for(part + ".ckpt.h5", p)
    p.send_signal(signal.SIGUSR1)
    _, err = p.communicate(timeout=120)
    check("SIGUSR1 stops with exit code 75", p.returncode == 75, f"rc {p.returncode}: {err.strip()[-200:]}")
    check("interrupted output says stopped (not complete)", status(part) == "stopped", status(part))
    p = launch(a, part, "--resume")
    p.communicate()
    check("resumed run completes", p.returncode == 0 and status(part) == "complete", f"rc {p.returncode}")
    diff, n = same_results(full, part)
    check("resumed run equals uninterrupted run bitwise", not diff, f"{n} analysis datasets + traces; differing: {diff}")

    p = launch(a, killed)
    wait_for(killed + ".ckpt.h5", p)
    time.sleep(0.3)
    t0 = time.time()
    ranks = regtest.kill_one_rank(p)  # a child of mpiexec running balnet
    try:
        p.communicate(timeout=30)
        ended = True
    except subprocess.TimeoutExpired:
        p.kill()
        ended = False
    check("one rank SIGKILLed: every rank ends within 30 s, non-zero", ended and p.returncode != 0,
          f"rc {p.returncode} after {time.time() - t0:.1f} s ({len(ranks)} ranks found)")
    check("killed run's output never reads complete", status(killed) != "complete", status(killed))
    p = launch(a, killed, "--resume")
    p.communicate()
    diff, _ = same_results(full, killed)
    check("last checkpoint after SIGKILL resumes to the same result", p.returncode == 0 and not diff,
          f"rc {p.returncode}, differing: {diff}")

    # The checkpoint directory stops being writable mid-run. As root permissions are not
    # enforced, so the directory is moved away and a plain file put in its place: every later
    # write below it fails (ENOTDIR), and the moved directory holds the previous checkpoint.
    ck = os.path.join(a.work, "ckdir")
    moved = ck + ".moved"
    for d in (ck, moved):
        if os.path.isdir(d):
            for n in os.listdir(d):
                os.remove(os.path.join(d, n))
            os.rmdir(d)
        elif os.path.exists(d):
            os.remove(d)
    os.makedirs(ck)
    p = launch(a, os.path.join(a.work, "ro.h5"), f"--checkpoint.file={ck}/c.h5")
    wait_for(f"{ck}/c.h5", p)
    os.rename(ck, moved)
    open(ck, "w").close()
    try:
        _, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
    check("unwritable checkpoint path mid-run: clear error naming the path",
          p.returncode != 0 and f"{ck}/c.h5" in err, f"rc {p.returncode}: {err.strip().splitlines()[0] if err.strip() else ''}")
    check("previous checkpoint intact", h5py.is_hdf5(f"{moved}/c.h5"))
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
