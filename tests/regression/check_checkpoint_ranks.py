#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A checkpoint resumes at another rank count (checkpoints are keyed by neuron id, not by rank).

For the small rate, LIF and SCN networks of check_bitwise_ranks.py (every observer on), made
longer so that a run can be stopped mid-way: for each pair (written at, resumed at) of
(4, 2) and (2, 3),
 1. an uninterrupted run at the resuming rank count;
 2. a run at the writing rank count stopped right after its first periodic checkpoint: its ranks
    are paused (SIGSTOP) as soon as the checkpoint file appears, sent SIGUSR1, and continued, so
    the stop falls mid-run whatever the machine's speed: exit code 75;
 3. --resume of that run at the other rank count: exit 0, and every dataset and attribute of the
    file bitwise equal to run 1 (timing and provenance excepted: check_bitwise_ranks.compare).
Both runs of a pair write the same relative file name from directories of their own with the
same options, so /config is compared too.

usage: check_checkpoint_ranks.py --balnet B --mpiexec M --np 4 --work DIR [--models rate,lif,scn]
"""
import os
import signal
import subprocess
import sys

import check_bitwise_ranks as bitwise
from regtest import check, command, remove, summary, wait_for

LONGER = {"rate": ["--run.T=200", "--checkpoint.every=2"],
          "lif": ["--lif.T=1500", "--checkpoint.every=50"],
          "scn": ["--scn.T=3000", "--checkpoint.every=50"]}
PAIRS = ((4, 2), (2, 3))


def args_of(model, ini):
    return ["run", ini, "--output.file=" + model + ".h5", *LONGER[model]]


def stopped_run(a, model, ini, d, np_):
    """Runs `model` at np_ ranks in d, stopped mid-run after its first checkpoint (docstring)."""
    out = os.path.join(d, model + ".h5")
    remove(out, out + ".ckpt.h5", out + ".ckpt.h5.prev")
    p = subprocess.Popen(command(a, args_of(model, ini), np_), cwd=d, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    appeared = wait_for(out + ".ckpt.h5", p, limit=300)
    ranks = [int(r) for r in subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True,
                                            text=True).stdout.split()]
    for sig in (signal.SIGSTOP, signal.SIGUSR1, signal.SIGCONT):
        for r in ranks:
            try:
                os.kill(r, sig)
            except ProcessLookupError:
                pass
    _, err = p.communicate(timeout=300)
    return appeared and p.returncode == 75, f"rc {p.returncode}, {len(ranks)} ranks signalled: {err.strip()[-200:]}"


def main():
    a = bitwise.arguments()
    for model in a.models.split(","):
        ini = bitwise.write_config(a, model)
        for written, resumed in PAIRS:
            label = f"{model} {written} -> {resumed} ranks"
            full_dir, part_dir = (os.path.join(a.work, f"{model}-{written}-{resumed}", k) for k in ("full", "part"))
            for d in (full_dir, part_dir):
                os.makedirs(d, exist_ok=True)
            full = os.path.join(full_dir, model + ".h5")
            remove(full, full + ".ckpt.h5", full + ".ckpt.h5.prev")
            p = subprocess.run(command(a, args_of(model, ini), resumed), cwd=full_dir, capture_output=True, text=True)
            check(f"{label}: uninterrupted run at {resumed} ranks", p.returncode == 0,
                  f"rc {p.returncode}: {p.stderr.strip()[-200:]}")
            ok, detail = stopped_run(a, model, ini, part_dir, written)
            check(f"{label}: run at {written} ranks stopped mid-run with a checkpoint (exit 75)", ok, detail)
            p = subprocess.run(command(a, args_of(model, ini) + ["--resume"], resumed), cwd=part_dir,
                               capture_output=True, text=True)
            check(f"{label}: resumed run completes", p.returncode == 0, f"rc {p.returncode}: {p.stderr.strip()[-300:]}")
            diffs, n_datasets, n_attrs = bitwise.compare(full, os.path.join(part_dir, model + ".h5"))
            for line in diffs:
                print(f"  {label}: {line}")
            check(f"{label}: resumed run bitwise equal to the uninterrupted one", not diffs and n_datasets > 0,
                  f"{n_datasets} datasets and {n_attrs} attributes compared, {len(diffs)} differ")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
