#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checkpoint/restart of a spike-coding network run (run.model = scn), end to end under mpiexec:
 1. an uninterrupted noisy run (sigma_V > 0, an OU term in the command, a random knock-out half
    way, E/I currents and their traces), checkpoints every 25 ms;
 2. the same run stopped by SIGUSR1 after its first periodic checkpoint: exit code 75, a
    checkpoint at a step block's end before the last step, no complete output;
 3. --resume: every dataset of the output outside /timing equals run 1 BITWISE;
 4. one rank killed with SIGKILL mid-run: --resume from the last periodic checkpoint gives the
    same bitwise result;
 5. the killed run's checkpoint (and file, as the kill left them) resumed at one rank more: the
    same result bitwise (checkpoints are keyed by neuron id);
 6. a deterministic run with slow recurrent weights (the damped oscillator: A + lambda I != 0, a
    pulse command) and without E/I currents, resumed from the last periodic checkpoint of a
    finished run, equals that finished run.
usage: check_scn_checkpoint.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

import regtest as rt

EXAMPLES = os.path.join(rt.SRC, "inputs", "examples")
NOISY = os.path.join(EXAMPLES, "scn-2d-tracking-N=100.ini")
# Few steps (every step costs a collective, slow on a loaded machine), many neurons (so that the
# run outlasts the signals below on an idle one).
NOISY_ARGS = ["--scn.N=4000", "--scn.T=300", "--scn.warmup=50", "--scn.sigma_v=3e-4",
              "--scn_signal.ou_sd=0.01,0.02", "--scn_knockout.kind=random", "--scn_knockout.time=150",
              "--scn_output.current_traces=5", "--checkpoint.every=25"]
STEPS = 3000  # 300 ms at h = 0.1 ms
CHUNK = 256    # scn_run's step block: checkpoints fall on its multiples


def datasets(path):
    """Every dataset of a run file outside /timing (wall-clock figures), as arrays by path."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.startswith("timing"):
                out[name] = np.asarray(obj[()])
        f.visititems(visit)
    return out


def differing(a, b):
    """(paths whose data differ bitwise, number of datasets compared)."""
    da, db = datasets(a), datasets(b)
    diff = [k for k in da.keys() & db.keys() if not rt.same_bits(da[k], db[k])]
    if da.keys() != db.keys():
        diff.append(f"members differ: {sorted(da.keys() ^ db.keys())}")
    return sorted(diff), len(da)


def launch(a, out, *extra, np_=None):
    cmd = rt.command(a, ["run", NOISY, "--output.file=" + out, *NOISY_ARGS, *extra], np_ or a.np)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def checkpoint_step(path):
    with h5py.File(path, "r") as f:
        return int(f.attrs["steps"])


def stopped_and_resumed(a, full):
    part = os.path.join(a.work, "part.h5")
    rt.remove(part, part + ".ckpt.h5", part + ".ckpt.h5.tmp")
    p = launch(a, part)
    rt.wait_for(part + ".ckpt.h5", p)
    p.send_signal(signal.SIGUSR1)
    _, err = p.communicate(timeout=300)
    rt.check("SIGUSR1 stops the SCN run with exit code 75", p.returncode == 75,
             f"rc {p.returncode}: {err.strip()[-200:]}")
    steps = checkpoint_step(part + ".ckpt.h5")
    rt.check("checkpoint at the stop: a step block's end before the last step",
             0 < steps < STEPS and steps % CHUNK == 0, f"step {steps} of {STEPS}")
    rt.check("interrupted run wrote no complete output", rt.file_status(part) != "complete", rt.file_status(part))
    p = launch(a, part, "--resume")
    _, err = p.communicate(timeout=300)
    rt.check("resumed SCN run completes", p.returncode == 0 and rt.file_status(part) == "complete",
             f"rc {p.returncode} {err.strip()[-200:]}")
    diff, n = differing(full, part)
    rt.check("resumed run equals the uninterrupted run bitwise (every dataset outside /timing)",
             not diff and n > 20, f"from step {steps}, {n} datasets; differing: {diff}")


def killed_and_resumed(a, full):
    killed = os.path.join(a.work, "killed.h5")
    rt.remove(killed, killed + ".ckpt.h5", killed + ".ckpt.h5.tmp")
    p = launch(a, killed)
    rt.wait_for(killed + ".ckpt.h5", p)
    time.sleep(0.05)
    rt.kill_one_rank(p)
    try:
        p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
    rt.check("one rank SIGKILLed: the run ends non-zero without a complete output",
             p.returncode != 0 and rt.file_status(killed) != "complete", f"rc {p.returncode}")
    steps = checkpoint_step(killed + ".ckpt.h5")
    for name in (killed, killed + ".ckpt.h5"):  # kept for the resume at another rank count below
        shutil.copyfile(name, name + ".kept")
    p = launch(a, killed, "--resume")
    _, err = p.communicate(timeout=300)
    diff, n = differing(full, killed)
    rt.check("periodic checkpoint after SIGKILL resumes to the same result bitwise",
             p.returncode == 0 and not diff and n > 20,
             f"from step {steps}; rc {p.returncode}, differing: {diff} {err.strip()[-200:]}")
    other = a.np + 1
    for name in (killed, killed + ".ckpt.h5"):  # the killed run again, now resumed at another rank count
        shutil.copyfile(name + ".kept", name)
    p = launch(a, killed, "--resume", np_=other)
    _, err = p.communicate(timeout=300)
    diff, n = differing(full, killed)
    rt.check(f"--resume at {other} ranks of a {a.np}-rank checkpoint: the same result bitwise",
             p.returncode == 0 and not diff and n > 20,
             f"from step {steps}; rc {p.returncode}, differing: {diff} {err.strip()[-200:]}")


def deterministic_from_periodic(a):
    """The damped oscillator (T = 400 ms, checkpoints every 150 ms: the last at step 3072) run to
    the end, then resumed from its last checkpoint into the same file."""
    out = os.path.join(a.work, "oscillator.h5")
    kept = os.path.join(a.work, "oscillator-uninterrupted.h5")
    rt.remove(out, kept, out + ".ckpt.h5")
    args = ["run", os.path.join(EXAMPLES, "scn-damped-oscillator.ini"), "--output.file=" + out,
            "--scn.T=400", "--scn_analysis.currents=false", "--checkpoint.every=150"]
    first = subprocess.run(rt.command(a, args, a.np), capture_output=True, text=True, timeout=300)
    if first.returncode == 0:
        shutil.copyfile(out, kept)
    second = subprocess.run(rt.command(a, args + ["--resume"], a.np), capture_output=True, text=True, timeout=300)
    if first.returncode or second.returncode:
        rt.check("deterministic oscillator resumes bitwise", False,
                 f"rc {first.returncode}, {second.returncode}: {(first.stderr + second.stderr).strip()[-200:]}")
        return
    steps = checkpoint_step(out + ".ckpt.h5")
    diff, n = differing(kept, out)
    rt.check("deterministic oscillator (slow weights, no currents) resumes bitwise",
             steps == 3072 and not diff and n > 10, f"from step {steps}, {n} datasets, differing: {diff}")


def main():
    a = rt.arguments(np_default=2)
    full = os.path.join(a.work, "full.h5")
    rt.remove(full, full + ".ckpt.h5")
    t0 = time.time()
    p = launch(a, full)
    _, err = p.communicate(timeout=300)
    rt.check("uninterrupted noisy SCN run with knock-out", p.returncode == 0 and rt.file_status(full) == "complete",
             f"rc {p.returncode}, {time.time() - t0:.1f} s {err.strip()[-200:]}")
    with h5py.File(full, "r") as f:
        rt.check("the run has a knock-out, E/I traces and spikes",
                 float(f["analysis/ko_n_removed"][()]) == 2000 and f["state/currents/E"].shape[1] == 5
                 and f["spikes/scn/node_ids"].shape[0] > 500,
                 f"{f['analysis/ko_n_removed'][()]} removed, {f['spikes/scn/node_ids'].shape[0]} spikes")
    stopped_and_resumed(a, full)
    killed_and_resumed(a, full)
    deterministic_from_periodic(a)
    return rt.summary()


if __name__ == "__main__":
    sys.exit(main())
