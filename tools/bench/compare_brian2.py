#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Brunel model A (N_E = 10 000, N_I = 2 500, C_E = 1 000, C_I = 250, J = 0.1 mV, g = 5, eta = 2,
D = 1.5 ms, h = 0.1 ms, 1 s) in Brian2's C++ standalone mode and in balnet on the same machine;
prints both simulation times (wall and CPU), the rates as a sanity check, and the ratio.

Same model on both sides (docs/models.md §2.2): tau = 20 ms, theta = 20 mV, V_r = 10 mV, t_ref = 2 ms,
delta synapses (V jumps by J or -gJ after D), fixed in-degree with multapses and autapses
(presynaptic partners drawn uniformly with replacement), external drive = a Poisson input of rate
C_E * eta * nu_thr with weight J per neuron (Brian2's PoissonInput; balnet: the same process drawn
from its counter-based streams), V(0) ~ U(0, 20 mV) for both (balnet's default). Brian2 runs single-threaded (its standalone
default); balnet at 1 rank, and at 2 when --ranks 2 is given.

usage: compare_brian2.py --balnet-bench build/tools/bench/bench_lif [--mpiexec mpiexec]
                         [--ranks 1] [--T 1000] [--workdir /tmp/brian2_brunel]
Needs Debian's python3-brian (apt-get install python3-brian) and g++.
"""
import argparse
import os
import re
import resource
import subprocess
import sys
import time


def run_brian2(t_ms, workdir, seed=1):
    import numpy as np
    import brian2 as b2

    b2.set_device("cpp_standalone", directory=workdir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.defaultclock.dt = 0.1 * b2.ms
    b2.seed(seed)
    n_e, n_i, c_e, c_i = 10000, 2500, 1000, 250
    tau, theta, v_r, t_ref = 20 * b2.ms, 20 * b2.mV, 10 * b2.mV, 2 * b2.ms
    j, g, eta, d = 0.1 * b2.mV, 5.0, 2.0, 1.5 * b2.ms
    nu_thr = theta / (j * c_e * tau)
    neurons = b2.NeuronGroup(n_e + n_i, "dv/dt = -v/tau : volt (unless refractory)",
                             threshold="v > theta", reset="v = v_r", refractory=t_ref,
                             method="exact")
    neurons.v = "rand() * theta"
    rng = np.random.default_rng(seed)
    syn = []
    for first, count, c, w in ((0, n_e, c_e, j), (n_e, n_i, c_i, -g * j)):
        s = b2.Synapses(neurons, neurons, on_pre="v += w_syn", delay=d,
                        namespace={"w_syn": w})
        pre = first + rng.integers(0, count, size=(n_e + n_i) * c)
        post = np.repeat(np.arange(n_e + n_i), c)
        s.connect(i=pre, j=post)
        syn.append(s)
    ext = b2.PoissonInput(neurons, "v", N=c_e, rate=eta * nu_thr, weight=j)
    spikes = b2.SpikeMonitor(neurons[:n_e])
    net = b2.Network(neurons, *syn, ext, spikes)
    net.run(t_ms * b2.ms)
    t0 = time.time()
    b2.device.build(directory=workdir, compile=True, run=True, debug=False)
    total = time.time() - t0
    sim = float(b2.device._last_run_time)  # the compiled binary's own timing of net.run
    counts = np.bincount(np.asarray(spikes.i), minlength=n_e)
    rate = counts.sum() / n_e / (t_ms * 1e-3)
    # CPU time of the compiled binary alone (set-up + run, no compiler), robust to other load.
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["./main"], cwd=workdir, check=True, capture_output=True)
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (u1.ru_utime + u1.ru_stime) - (u0.ru_utime + u0.ru_stime)
    return {"sim": sim, "total": total, "rate": rate, "binary_cpu": cpu}


def run_balnet(bench, mpiexec, ranks, t_ms):
    cmd = [bench, "--T", str(t_ms)]
    if ranks > 1 or mpiexec:
        cmd = [mpiexec or "mpiexec", "-n", str(ranks)] + cmd
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
    num = lambda key: float(re.search(key + r"\s+([0-9.eE+-]+)", out).group(1))
    return {"sim": num("simulation time"), "cpu": num("simulation CPU time"),
            "build": num("build time"), "rate": num("E rate"), "text": out}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet-bench", required=True)
    ap.add_argument("--mpiexec", default="")
    ap.add_argument("--ranks", type=int, default=1)
    ap.add_argument("--T", type=float, default=1000.0)
    ap.add_argument("--workdir", default="/tmp/brian2_brunel")
    a = ap.parse_args()
    try:
        import brian2  # noqa: F401
    except ImportError:
        print("Brian2 missing: apt-get install python3-brian")
        return 2
    b = run_balnet(a.balnet_bench, a.mpiexec, a.ranks, a.T)
    print(b["text"])
    br = run_brian2(a.T, a.workdir)
    print(f"Brian2 {__import__('brian2').__version__} C++ standalone (1 thread): simulation "
          f"{br['sim']:.3f} s wall (its own timing of net.run), binary set-up + run "
          f"{br['binary_cpu']:.3f} s CPU, compile + run {br['total']:.1f} s wall, E rate {br['rate']:.2f} Hz")
    print(f"balnet ({a.ranks} rank(s)): simulation {b['sim']:.3f} s wall, {b['cpu']:.3f} s CPU "
          f"(max over ranks), build {b['build']:.3f} s wall, E rate {b['rate']:.2f} Hz")
    print(f"ratio Brian2 / balnet, simulation wall time: {br['sim'] / b['sim']:.2f}x (meaningful on a "
          f"quiet machine only); Brian2 binary CPU / balnet simulation CPU: "
          f"{br['binary_cpu'] / b['cpu']:.2f}x (an upper bound: Brian2's includes its set-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
