#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet run --profile`: the per-phase table is printed, /timing/profile holds [min, mean, max]
over ranks for every phase, ordered, non-negative, the simulation phases non-zero, and the
phases together fit in the run's wall time (they are disjoint).
usage: check_profile.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import re
import subprocess
import sys

import h5py

from regtest import arguments, command

PHASES = ["build", "update", "exchange", "record", "checkpoint", "output"]
CFG = """[run]
T = 20
[network]
N = 2000
K = 200
[record]
units = 100
ncorr = 2
[checkpoint]
every = 10
[output]
file = {out}
"""


def check_run(a, name, ini_text, extra, must_be_positive):
    out = os.path.join(a.work, name + ".h5")
    ini = os.path.join(a.work, name + ".ini")
    with open(ini, "w") as f:
        f.write(ini_text.format(out=out))
    extra = extra + ["--output.file=" + out]
    r = subprocess.run(command(a, ["run", ini, "--profile", *extra], a.np), capture_output=True, text=True,
                       timeout=300)
    print(r.stdout, r.stderr)
    errors = []
    if r.returncode != 0:
        return [f"{name}: exit code {r.returncode}"]
    w = re.search(r"wall ([0-9.]+) s|([0-9.]+) s wall", r.stdout)  # rate | lif summary
    wall = float(w.group(1) or w.group(2))
    for p in PHASES + ["other"]:
        if not re.search(rf"^\s+{p}\s", r.stdout, re.M):
            errors.append(f"{name}: no table line for {p}")
    with h5py.File(out, "r") as f:
        prof = {p: [float(v) for v in f[f"/timing/profile/{p}"][()]] for p in PHASES}
    for p, (lo, mean, hi) in prof.items():
        if not (0 <= lo <= mean * (1 + 1e-12) and mean <= hi * (1 + 1e-12)):
            errors.append(f"{name}: {p}: min {lo} <= mean {mean} <= max {hi} violated")
    for p in must_be_positive:
        if prof[p][2] <= 0:
            errors.append(f"{name}: {p}: no time recorded")
    if int(a.np) > 1 and prof["exchange"][2] <= 0:
        errors.append(f"{name}: exchange: no time recorded on several ranks")
    if int(a.np) == 1 and name == "rate" and prof["exchange"][2] != 0:
        errors.append(f"{name}: exchange: time recorded on one rank (nothing to exchange)")
    total = sum(prof[p][1] for p in PHASES)
    if total > wall * 1.02:
        errors.append(f"{name}: phases sum to {total} s > wall {wall} s: they overlap")
    print(f"{name}: phases (mean over ranks) sum to {total:.3f} s of {wall:.3f} s wall")
    return errors


def main():
    a = arguments(required=("--lif-example",))
    errors = check_run(a, "rate", CFG, [], ["build", "update", "record", "checkpoint", "output"])
    lif = open(a.lif_example).read().replace("{", "{{").replace("}", "}}")
    errors += check_run(a, "lif", lif, ["--checkpoint.every=100"],
                        ["build", "update", "record", "checkpoint", "output"])
    for e in errors:
        print("FAIL:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
