#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet describe`'s peak-memory estimate against the peak the run then measures (VmHWM, max
over ranks, /timing/peak_memory_max), on sizes where different terms dominate: for rate networks
the libraries alone, the ACF accumulators, the network build with double and with float weights;
for LIF networks the libraries, Brunel's model A (12 500 neurons: the synapse index), a CUBA
network (Bernoulli synapses) and a long run whose recorded spikes dominate (the Siegert rate);
for an SCN the decoder every rank holds. Each must be within 10 % (issue 5). usage: check_memory_estimate.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import re
import subprocess
import sys
import time

import h5py

from regtest import arguments, command

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

# Brunel's model A (g = 5, eta = 2, C_E = 1000, C_I = 250, D = 1.5 ms), 100 ms.
LIF = """[run]
model = lif
[lif]
n_e = 10000
n_i = 2500
T = 100
warmup = 50
[output]
file = {out}
"""

# CUBA (docs/models.md 2.3) with 20 000 neurons and p = 0.05 (weights scaled by 0.4 to stay quiet), 100 ms.
CUBA = """[run]
model = lif
[lif]
neuron = cuba
n_e = 16000
n_i = 4000
p = 0.05
w_e = 0.648
w_i = -3.6
T = 100
[output]
file = {out}
"""

# An SCN whose J x N decoder (on every rank, and row by row on rank 0 for the file) dominates.
SCN = """[run]
model = scn
[scn]
N = 200000
dim = 20
T = 5
warmup = 0
[output]
file = {out}
"""

SHORT = ["--run.T=1", "--record.ncorr=0.1"]  # a few dozen steps: the peak is reached at the build
SMALL_LIF = ["--lif.n_e=2000", "--lif.n_i=500", "--lif.c_e=200", "--lif.c_i=50", "--lif.j=0.2"]
SIZES = [  # (name, base, overrides, what dominates)
    ("libraries", BASE, ["--network.N=10", "--network.K=10", "--record.units=10"] + SHORT, "fixed"),
    ("acf-2000", BASE, [], "ACF of 500 units x 2000 lags, n_fft = 2.05 L"),
    ("acf-1100", BASE, ["--run.T=23", "--record.ncorr=22"], "ACF of 500 units x 1100 lags, n_fft = 3.7 L"),
    ("build-double", BASE, ["--network.N=20000", "--network.K=1000", "--network.connectivity=fixed_indegree",
                            "--record.units=20"] + SHORT, "network build, 24 B/synapse"),
    ("build-float", BASE, ["--network.N=20000", "--network.K=1000", "--network.connectivity=fixed_indegree",
                           "--network.coupling=float", "--record.units=20"] + SHORT, "network build, 20 B/synapse"),
    ("lif-libraries", LIF, ["--lif.n_e=80", "--lif.n_i=20", "--lif.c_e=8", "--lif.c_i=2", "--lif.j=0.2"], "fixed"),
    ("lif-brunel-A", LIF, [], "LIF synapse index, 1.56e7 synapses x 4 B"),
    ("lif-cuba", CUBA, [], "LIF Bernoulli synapses, 2e7 x 4 B"),
    ("lif-spikes", LIF, SMALL_LIF + ["--lif.T=1500"], "LIF spikes at the Siegert rate (63 Hz), kept and gathered"),
    ("scn-decoder", SCN, [], "SCN decoder, J x N = 4e6 doubles"),
]


def main():
    a = arguments()
    failures = 0
    for name, base, extra, what in SIZES:
        t0 = time.monotonic()
        out = os.path.join(a.work, name + ".h5")
        ini = os.path.join(a.work, name + ".ini")
        with open(ini, "w") as f:
            f.write(base.format(out=out))
        d = subprocess.run(command(a, ["describe", ini, *extra], a.np), capture_output=True, text=True, timeout=300)
        est = [float(x) for x in re.findall(r"peak memory estimate ([0-9.]+) MiB", d.stdout)]
        if d.returncode != 0 or len(est) != int(a.np):
            print(f"{name}: describe failed (rc {d.returncode}):\n{d.stdout}{d.stderr}")
            return 1
        r = subprocess.run(command(a, ["run", ini, *extra], a.np), capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            print(f"{name}: run failed (rc {r.returncode}):\n{r.stdout}{r.stderr}")
            return 1
        with h5py.File(out, "r") as f:
            measured = float(f["/timing/peak_memory_max"][()])
        rel = max(est) / measured - 1.0
        ok = abs(rel) <= 0.10
        failures += not ok
        print(f"{name:14s} ({what}): estimate {max(est):8.1f} MiB, measured {measured:8.1f} MiB, "
              f"{100 * rel:+5.1f} % {'ok' if ok else 'FAIL (> 10 %)'} ({time.monotonic() - t0:.1f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
