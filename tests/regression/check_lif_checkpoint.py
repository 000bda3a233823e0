#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Checkpoint/restart of a LIF run, end to end under mpiexec (the rate run's is check_checkpoint.py):
 1. an uninterrupted run (brunel-AI-small: N = 2500, T = 2000 ms, so that the signals below
    reliably arrive mid-run; V traces and every observable);
 2. the same run stopped by SIGUSR1 after its first periodic checkpoint: exit code 75, a
    checkpoint, no complete output;
 3. --resume: /spikes, every /analysis dataset and /state/E/V equal run 1 BITWISE;
 4. one rank killed with SIGKILL mid-run: the output file still opens, says "running" and the
    last step flushed, and holds exactly the uninterrupted run's spikes up to that step (the
    spikes are streamed into it); --resume from the last periodic checkpoint gives the same
    bitwise result;
 5. the killed run's checkpoint (and file, as the kill left them) resumed at one rank more: the
    same result bitwise (checkpoints are keyed by neuron id);
 6. other engine states, resumed from the last periodic checkpoint of a finished run (T = 300 ms,
    checkpoint at 200 ms): cuba neurons (synaptic variables, second ring), a run without
    recorded neurons (no E/I input split: empty observer blocks) and the general
    two-population network of inputs/examples/brunel-model-b.ini, the last and the cuba one with
    E/I current traces sampled every 0.7 ms (a sample straddles the checkpoint: its partial sums
    are in it), equal their uninterrupted runs.
usage: check_lif_checkpoint.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np

import regtest

EXAMPLE = os.path.join(regtest.SRC, "inputs", "examples", "brunel-AI-small.ini")
MODEL_B = os.path.join(regtest.SRC, "inputs", "examples", "brunel-model-b.ini")
CURRENTS = ["--lif_output.v_traces=5", "--lif_output.current_traces=true", "--lif_output.v_trace_dt=0.7"]
T_MS = 2000  # 20000 steps of 0.1 ms


def datasets(f, group):
    out = {}
    if group in f:
        f[group].visititems(lambda name, obj: out.__setitem__(group + "/" + name, obj[()])
                            if isinstance(obj, h5py.Dataset) else None)
    return out


def differing(a, b):
    """Paths under /spikes, /analysis and /state whose data differ (bitwise, NaN = NaN)."""
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        diff, n = [], 0
        for group in ("spikes", "analysis", "state", "meanfield"):
            da, db = datasets(fa, group), datasets(fb, group)
            n += len(da)
            if da.keys() != db.keys():
                diff.append(f"{group}: members differ")
            for k in da.keys() & db.keys():
                if not regtest.same_bits(np.asarray(da[k]), np.asarray(db[k])):
                    diff.append(k)
        return diff, n


def killed_file_is_a_prefix(full, killed):
    """The killed run's file: status "running", steps_flushed > 0, and per population a prefix of
    the uninterrupted run's spikes holding at least every spike with timestamp <= steps_flushed *
    dt (spikes appended after the last push to disk may be there too)."""
    try:
        with h5py.File(killed, "r") as fk, h5py.File(full, "r") as ff:
            status, flushed, dt = fk.attrs["status"], int(fk.attrs["steps_flushed"]), float(ff.attrs["dt"])
            detail = f"status {status}, steps_flushed {flushed}"
            if status != "running" or flushed <= 0:
                return False, detail
            for pop in ff["spikes"]:
                t_full = ff["spikes"][pop]["timestamps"][()]
                n = int(np.searchsorted(t_full, flushed * dt, side="right"))
                k = fk["spikes"][pop]["timestamps"].shape[0]
                if k < n:
                    return False, f"{detail}: /spikes/{pop} holds {k} spikes, fewer than the {n} up to steps_flushed"
                for name in ("timestamps", "node_ids"):
                    if not regtest.same_bits(fk["spikes"][pop][name][()], ff["spikes"][pop][name][:k]):
                        return False, f"{detail}: /spikes/{pop}/{name} is not the first {k} of the full run's"
                detail += f", {pop} {k} spikes ({n} up to steps_flushed)"
            return True, detail
    except (OSError, KeyError) as e:
        return False, f"cannot read {killed}: {e}"


def launch(a, out, *extra, np_=None):
    cmd = regtest.command(a, ["run", EXAMPLE, "--output.file=" + out, f"--lif.T={T_MS}", "--checkpoint.every=100",
                              *extra], np_ or a.np)
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def resumed_from_periodic(a, name, ini, extra):
    """Runs `ini` + `extra` uninterrupted, then with checkpoints every 100 ms, then --resume from
    that run's last checkpoint (200 ms) into the same file. Returns (equal, detail)."""
    full, again = (os.path.join(a.work, f"{name}-{k}.h5") for k in ("full", "again"))
    regtest.remove(full, again, again + ".ckpt.h5")
    rcs, err = [], ""
    for out, more in ((full, []), (again, ["--checkpoint.every=100"]),
                      (again, ["--checkpoint.every=100", "--resume"])):
        cmd = regtest.command(a, ["run", ini, "--output.file=" + out, "--lif.T=300", *extra, *more], a.np)
        p = subprocess.run(cmd, capture_output=True, text=True)
        rcs.append(p.returncode)
        err = err or (p.stderr.strip()[-200:] if p.returncode else "")
    if rcs != [0, 0, 0]:
        return False, f"rc {rcs}: {err}"
    with h5py.File(again + ".ckpt.h5", "r") as f:
        steps = int(f.attrs["steps"])
    diff, n = differing(full, again)
    return steps == 2000 and n > 0 and not diff, f"from step {steps}, {n} datasets, differing: {diff}"


def main():
    a = regtest.arguments(np_default=2)
    full, part, killed = (os.path.join(a.work, n) for n in ("full.h5", "part.h5", "killed.h5"))
    for p in (full, part, killed):
        regtest.remove(p, p + ".ckpt.h5", p + ".ckpt.h5.tmp")

    t0 = time.time()
    p = launch(a, full)
    p.communicate()
    regtest.check("uninterrupted LIF run", p.returncode == 0 and regtest.file_status(full) == "complete",
             f"rc {p.returncode}, {time.time() - t0:.1f} s")

    p = launch(a, part)
    regtest.wait_for(part + ".ckpt.h5", p)
    p.send_signal(signal.SIGUSR1)
    _, err = p.communicate(timeout=120)
    regtest.check("SIGUSR1 stops the LIF run with exit code 75", p.returncode == 75,
             f"rc {p.returncode}: {err.strip()[-200:]}")
    with h5py.File(part + ".ckpt.h5", "r") as f:
        steps = int(f.attrs["steps"])
    regtest.check("stopped before the end, checkpoint at the stop", 0 < steps < 10 * T_MS, f"step {steps} of {10 * T_MS}")
    regtest.check("interrupted run wrote no complete output", regtest.file_status(part) != "complete", regtest.file_status(part))
    p = launch(a, part, "--resume")
    _, err = p.communicate()
    regtest.check("resumed LIF run completes", p.returncode == 0 and regtest.file_status(part) == "complete",
             f"rc {p.returncode} {err.strip()[-200:]}")
    diff, n = differing(full, part)
    regtest.check("resumed run equals uninterrupted run bitwise (/spikes, /analysis, /state, /meanfield)",
             not diff and n > 0, f"{n} datasets; differing: {diff}")

    p = launch(a, killed)
    regtest.wait_for(killed + ".ckpt.h5", p)
    time.sleep(0.3)
    regtest.kill_one_rank(p)
    try:
        p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
    regtest.check("one rank SIGKILLed: the run ends non-zero", p.returncode != 0, f"rc {p.returncode}")
    ok, detail = killed_file_is_a_prefix(full, killed)
    regtest.check("the killed run's file opens, says running, and holds the spikes flushed so far", ok, detail)
    with h5py.File(killed + ".ckpt.h5", "r") as f:
        steps = int(f.attrs["steps"])
    for name in (killed, killed + ".ckpt.h5"):  # kept for the resume at another rank count below
        shutil.copyfile(name, name + ".kept")
    p = launch(a, killed, "--resume")
    _, err = p.communicate()
    diff, _ = differing(full, killed)
    regtest.check("periodic checkpoint after SIGKILL resumes to the same result bitwise",
             p.returncode == 0 and not diff, f"from step {steps}; rc {p.returncode}, differing: {diff}")

    other = a.np + 1
    for name in (killed, killed + ".ckpt.h5"):  # the killed run again, now resumed at another rank count
        shutil.copyfile(name + ".kept", name)
    p = launch(a, killed, "--resume", np_=other)
    _, err = p.communicate()
    diff, _ = differing(full, killed)
    regtest.check(f"--resume at {other} ranks of a {a.np}-rank checkpoint: the same result bitwise",
             p.returncode == 0 and not diff, f"from step {steps}; rc {p.returncode}, differing: {diff} {err.strip()[-200:]}")
    cuba = os.path.join(a.work, "cuba.ini")
    with open(cuba, "w") as f:  # the delta keys of EXAMPLE do not apply to cuba neurons
        f.write("[run]\nmodel = lif\n[lif]\nneuron = cuba\nn_e = 800\nn_i = 200\n")
    ok, detail = resumed_from_periodic(a, "cuba", cuba, CURRENTS)
    regtest.check("cuba neurons resume bitwise", ok, detail)
    ok, detail = resumed_from_periodic(a, "unrecorded", EXAMPLE,
                                       ["--lif_analysis.n_record=0", "--lif_output.v_traces=0"])
    regtest.check("a run without recorded neurons resumes bitwise", ok, detail)
    ok, detail = resumed_from_periodic(a, "model-b", MODEL_B, CURRENTS + ["--lif.warmup=50"])
    regtest.check("the general network (model B) with current traces resumes bitwise", ok, detail)
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
