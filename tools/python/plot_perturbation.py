#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Divergence of perturbed copies and trial-to-trial variability (docs/models.md §2.5.3, §2.5.13):
 (a) a LIF run with [perturbation]: the copies' mean van Rossum distance to the run per population
     against time after t0, with the level of two independent trials (dashed);
 (b) rate runs with a kick (one per regime): the mean distance ||x - x'|| / sqrt(N) on a log axis,
     with the fitted growth rate (the largest Lyapunov exponent estimate) in the legend;
 (c) a LIF run with run.trials > 1: per neuron the count variance across trials against the count
     mean (/analysis/trials), with the identity line (Poisson) and the least-squares line.
Everything is read from the run files, nothing recomputed from a model.
usage: plot_perturbation.py --lif RUN.h5 --rate LABEL=RUN.h5 [LABEL=RUN.h5 ...] --trials RUN.h5 --out FIG.png
(run it with a python that has h5py and matplotlib, e.g. /usr/bin/python3)
"""
import argparse
import os

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def lif_panel(ax, path):
    with h5py.File(path, "r") as f:
        g = f["perturbation"]
        t0 = g.attrs["t0_ms"]
        t = g["time"][:] - t0
        keep = (t > -10) & (t <= 80)
        for i, pop in enumerate(g["populations"]):
            p = g["populations"][pop]
            ax.plot(t[keep], p["distance_mean"][:][keep], color=f"C{i}", label=f"{pop}: copies (mean of {g.attrs['count']})")
            ax.axhline(p["saturation"][()], color=f"C{i}", ls="--", lw=1, label=f"{pop}: independent trials")
        kind = g.attrs["kind"]
        kind = kind.decode() if isinstance(kind, bytes) else kind
    ax.set_xlabel("time after the perturbation t - t0 (ms)")
    ax.set_ylabel("van Rossum distance D")
    ax.set_title(f"(a) LIF, AI state: {kind} at t0 = {t0:g} ms")
    ax.legend(fontsize=7)


def rate_panel(ax, runs):
    for i, (label, path) in enumerate(runs):
        with h5py.File(path, "r") as f:
            g = f["perturbation"]
            t0 = g.attrs["t0_tau"]
            t, d = g["time"][:] - t0, g["distance_mean"][:]
            keep = (t > 0) & (d > 0)
            ax.semilogy(t[keep], d[keep], color=f"C{i + 2}",
                        label=f"{label}: growth rate {g['growth_rate'][()]:+.3g} / tau")
    ax.set_xlabel("time after the kick t - t0 (tau)")
    ax.set_ylabel("||x - x'|| / sqrt(N)")
    ax.set_title("(b) rate network: chaotic vs fixed point")
    ax.legend(fontsize=7)


def trials_panel(ax, path):
    with h5py.File(path, "r") as f:
        g = f["analysis/trials"]
        top = 0.0
        for i, pop in enumerate(g["populations"]):
            p = g["populations"][pop]
            m, v = p["count_mean"][:], p["count_var"][:]
            ax.scatter(m, v, s=3, alpha=0.4, color=f"C{i}",
                       label=f"{pop}: var = {p['var_mean_intercept'][()]:.2f} + {p['var_mean_slope'][()]:.2f} mean")
            x = np.linspace(0, m.max(), 2)
            ax.plot(x, p["var_mean_intercept"][()] + p["var_mean_slope"][()] * x, color=f"C{i}", lw=1)
            top = max(top, m.max())
        ax.plot([0, top], [0, top], "k:", lw=1, label="Poisson (var = mean)")
        title = f"(c) {g.attrs['n_trials']} trials, {g.attrs['bin_ms']:g} ms counts"
    ax.set_xlabel("count mean across trials")
    ax.set_ylabel("count variance across trials")
    ax.set_title(title)
    ax.legend(fontsize=7)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lif", required=True)
    ap.add_argument("--rate", nargs="+", required=True, help="LABEL=FILE, one per regime")
    ap.add_argument("--trials", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    lif_panel(axes[0], a.lif)
    rate_panel(axes[1], [tuple(r.split("=", 1)) for r in a.rate])
    trials_panel(axes[2], a.trials)
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    fig.savefig(a.out, dpi=120)
    print(a.out)


if __name__ == "__main__":
    main()
