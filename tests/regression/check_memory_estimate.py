#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet describe`'s peak-memory estimate against the peak the run then measures (VmHWM, max
over ranks, /timing/peak_memory_max), on sizes where different terms dominate: the libraries
alone, the ACF accumulators, the network build with double and with float weights. Each must be
within 10 % (issue 5). usage: check_memory_estimate.py --balnet B --mpiexec M --np N --work DIR
"""
import argparse
import os
import re
import subprocess
import sys

import h5py

BASE = """[run]
T = 50
warmup = 1
[network]
N = 500
K = 500
connectivity = full
[weights]
nu = 0.5
[record]
units = 500
ncorr = 40
[output]
file = {out}
trace_units = 10
"""

SHORT = ["--run.T=1", "--record.ncorr=0.1"]  # a few dozen steps: the peak is reached at the build
SIZES = [  # (name, overrides, what dominates)
    ("libraries", ["--network.N=10", "--network.K=10", "--record.units=10"] + SHORT, "fixed"),
    ("acf-2000", [], "ACF of 500 units x 2000 lags, n_fft = 2.05 L"),
    ("acf-1100", ["--run.T=23", "--record.ncorr=22"], "ACF of 500 units x 1100 lags, n_fft = 3.7 L"),
    ("build-double", ["--network.N=20000", "--network.K=1000", "--network.connectivity=fixed_indegree",
                      "--record.units=20"] + SHORT, "network build, 24 B/synapse"),
    ("build-float", ["--network.N=20000", "--network.K=1000", "--network.connectivity=fixed_indegree",
                     "--network.coupling=float", "--record.units=20"] + SHORT, "network build, 20 B/synapse"),
]


def main():
    ap = argparse.ArgumentParser()
    for k in ("--balnet", "--mpiexec", "--np", "--work"):
        ap.add_argument(k, required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    failures = 0
    for name, extra, what in SIZES:
        out = os.path.join(a.work, name + ".h5")
        ini = os.path.join(a.work, name + ".ini")
        with open(ini, "w") as f:
            f.write(BASE.format(out=out))
        launch = [a.mpiexec, "-n", a.np, a.balnet]
        d = subprocess.run(launch + ["describe", ini] + extra, capture_output=True, text=True, timeout=300)
        est = [float(x) for x in re.findall(r"peak memory estimate ([0-9.]+) MiB", d.stdout)]
        if d.returncode != 0 or len(est) != int(a.np):
            print(f"{name}: describe failed (rc {d.returncode}):\n{d.stdout}{d.stderr}")
            return 1
        r = subprocess.run(launch + ["run", ini] + extra, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            print(f"{name}: run failed (rc {r.returncode}):\n{r.stdout}{r.stderr}")
            return 1
        with h5py.File(out, "r") as f:
            measured = float(f["/timing/peak_memory_max"][()])
        rel = max(est) / measured - 1.0
        ok = abs(rel) <= 0.10
        failures += not ok
        print(f"{name:13s} ({what}): estimate {max(est):8.1f} MiB, measured {measured:8.1f} MiB, "
              f"{100 * rel:+5.1f} % {'ok' if ok else 'FAIL (> 10 %)'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
