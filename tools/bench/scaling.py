#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Scaling of the three engines: measured at 1 and 2 ranks here, extrapolated to 1000 nodes with a
communication model. Strong scaling keeps the network fixed, weak scaling keeps the units per rank.

Measured (balnet run --profile, /timing/profile): per-step compute (update phase, mean over ranks,
scaled by units per rank) and the exchange phase. Modelled, one rank per node, latency alpha and
inverse bandwidth beta of the interconnect (defaults: HDR InfiniBand, alpha = 1.5 us,
beta = 1 / 12.5 GB/s; pass --alpha/--beta for another machine):
  rate  each step every rank gathers the phi of its ghost units from their owners (PETSc
        VecScatter, point to point): (P-1) alpha + 8 B * ghosts(P) beta, with ghosts(P) the
        expected number of distinct presynaptic units off the rank, N_off (1 - (1 - 1/N)^(n K)).
  lif   once per min-delay interval an Allgather of spike counts and an Allgatherv of the spikes
        (16 B each): 2 ceil(log2 P) alpha + 16 B * S (P-1)/P beta, S = spikes of the whole network
        per interval; every rank also scans all S arriving spikes (cost per spike from --scan-ns).
  scn   one Allreduce (MAXLOC) per step: 2 ceil(log2 P) alpha.
Compute per step is taken to divide evenly over ranks (strong) or stay fixed (weak); the model's
2-rank exchange time is printed next to the measured one (shared memory here, so the measured one
is a floor, not a check of alpha and beta). Writes scaling.csv and scaling.png to --out.

usage: scaling.py --balnet build/balnet --mpiexec mpiexec --out DIR [--alpha A] [--beta B]
"""
import argparse
import csv
import math
import os
import subprocess
import sys

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# engine: (config, overrides, (units N, in-degree K, steps)) — the last triple restates the
# overrides for the model: rate (20 + 10 warm-up) tau / 0.02; lif 300 ms / 0.1 ms; scn 200 ms / 0.1 ms.
CASES = {
    "rate": (os.path.join(ROOT, "inputs/examples/sparse-balance-N=K=500-T=200.ini"),
             ["--network.N=20000", "--network.K=1000", "--network.connectivity=fixed_indegree",
              "--run.T=20", "--record.units=100", "--record.ncorr=2"], (20000, 1000, 1500)),
    "lif": (os.path.join(ROOT, "inputs/examples/brunel-AI-small.ini"),
            ["--lif.n_e=10000", "--lif.n_i=2500", "--lif.c_e=1000", "--lif.c_i=250", "--lif.j=0.1", "--lif.g=5",
             "--lif.delay_max=0", "--lif.T=300"],
            (12500, 1250, 3000)),
    "scn": (os.path.join(ROOT, "inputs/examples/scn-large-N=20000.ini"), ["--scn.T=200"], (20000, 0, 2000)),
}
NODES = [1, 2, 4, 16, 64, 256, 1000]


def measure(a, name, ranks):
    ini, extra, _ = CASES[name]
    out = os.path.join(a.out, f"{name}-np{ranks}.h5")
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    subprocess.run([a.mpiexec, "-n", str(ranks), a.balnet, "run", ini, "--profile", "--overwrite",
                    "--output.file=" + out] + extra, check=True, env=env, capture_output=True)
    with h5py.File(out, "r") as f:
        prof = {k: [float(v) for v in d[()]] for k, d in f["/timing/profile"].items()}
        spikes = sum(len(f[f"/spikes/{p}/node_ids"]) for p in f["/spikes"]) if "/spikes" in f else 0
    return prof, spikes


def model_rows(name, p1, spikes1, a):
    """(P, strong efficiency, weak efficiency, strong step time, comm share) per node count."""
    n, k, steps = CASES[name][2]
    compute = p1["update"][1] / steps  # s per step on one rank for the whole network
    rows = []
    for p in NODES:
        def comm(nn, pp):
            if pp == 1:
                return 0.0
            if name == "rate":
                loc = nn / pp
                ghosts = (nn - loc) * (1 - (1 - 1 / nn) ** (loc * k))
                return (pp - 1) * a.alpha + 8 * ghosts * a.beta
            if name == "lif":
                per_interval = spikes1 * (nn / n) / (steps / 15)  # 15 steps = 1.5 ms min delay
                return (2 * math.ceil(math.log2(pp)) * a.alpha + 16 * per_interval * (pp - 1) / pp * a.beta
                        + per_interval * a.scan_ns * 1e-9) / 15
            return 2 * math.ceil(math.log2(pp)) * a.alpha
        strong = compute / p + comm(n, p)
        weak = compute + comm(n * p, p)
        rows.append((p, compute / p / strong, compute / weak, strong, comm(n, p) / strong))
    return rows, compute, steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--out", required=True)
    ap.add_argument("--alpha", type=float, default=1.5e-6)
    ap.add_argument("--beta", type=float, default=1 / 12.5e9)
    ap.add_argument("--scan-ns", type=float, default=5.0, help="cost of scanning one arriving spike")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    table = []
    for name in CASES:
        m1, spikes1 = measure(a, name, 1)
        m2, _ = measure(a, name, 2)
        rows, compute, steps = model_rows(name, m1, spikes1, a)
        speedup = (m1["update"][1] + m1["exchange"][1]) / (m2["update"][2] + m2["exchange"][2])
        print(f"{name}: measured update+exchange 1 rank {m1['update'][1] + m1['exchange'][1]:.3f} s, "
              f"2 ranks {m2['update'][2] + m2['exchange'][2]:.3f} s (max over ranks; speed-up "
              f"{speedup:.2f}, exchange {m2['exchange'][2]:.3f} s measured over shared memory, "
              f"model over the interconnect {rows[1][3] * steps - compute * steps / 2:.4f} s)")
        print(f"  {'nodes':>6} {'strong eff':>10} {'weak eff':>9} {'step (strong)':>14} {'comm share':>10}")
        for p, es, ew, t, share in rows:
            print(f"  {p:6d} {es:10.3f} {ew:9.3f} {t * 1e6:11.1f} us {100 * share:9.1f}%")
            table.append({"engine": name, "nodes": p, "strong_efficiency": es, "weak_efficiency": ew,
                          "strong_step_s": t, "comm_share": share})
    with open(os.path.join(a.out, "scaling.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(table)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for name in CASES:
        rows = [r for r in table if r["engine"] == name]
        for ax, key in zip(axes, ("strong_efficiency", "weak_efficiency")):
            ax.plot([r["nodes"] for r in rows], [r[key] for r in rows], "o-", label=name)
    for ax, title in zip(axes, ("strong scaling (fixed network)", "weak scaling (fixed units per node)")):
        ax.set_xscale("log")
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("nodes (1 rank each)")
        ax.set_ylabel("parallel efficiency (model)")
        ax.set_title(title)
        ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(a.out, "scaling.png"), dpi=100)
    print("wrote", os.path.join(a.out, "scaling.csv"), "and scaling.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
