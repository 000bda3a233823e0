#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Plots of one balnet rate run, one PNG each:

  <prefix>_traces.png          x(t) and phi(x(t)) of a few traced units
  <prefix>_x_distribution.png  distribution of x over time and traced units; the run's mean and
                               the static-Gaussian prediction (/meanfield) when present
  <prefix>_acf_eta.png         normalised input autocovariance R_eta(lag)/R_eta(0) with
                               exp(-beta lag) for the measured beta
  <prefix>_on_time.png         distribution over units of the fraction of ON-time (percTon),
                               and the same sorted by unit

usage: plot_run.py RUN.h5 [--out DIR] [--prefix NAME] [--units N]
"""
import argparse
import math
import os

import numpy as np

from balnet_plots import Run, lag_axis, no_data, normalised, plt, prediction, save, traces


def plot_traces(run, path, n_units):
    t, x = traces(run, "x")
    _, phi = traces(run, "phi")
    fig, (a, b) = plt.subplots(2, 1, figsize=(6, 4), sharex=True)
    k = min(n_units, x.shape[1])
    if k == 0:
        no_data(a, "no traces stored (output.trace_units = 0)")
    for j in range(k):
        a.plot(t, x[:, j], lw=0.7)
        b.plot(t, phi[:, j], lw=0.7)
    a.axhline(0, color="k", lw=0.5)
    a.set_ylabel("x")
    b.set_ylabel("phi(x)")
    b.set_xlabel("time [tau]")
    a.set_title(f"{os.path.basename(run.path)}: {k} traced units")
    fig.tight_layout()
    return save(fig, path)


def plot_x_distribution(run, path):
    _, x = traces(run, "x")
    fig, ax = plt.subplots(figsize=(5, 3.5))
    if x.size == 0:
        no_data(ax, "no traces stored")
        return save(fig, path)
    ax.hist(x.ravel(), bins=80, density=True, color="0.6", label="simulation (traced units)")
    ax.axvline(run.analysis.get("xbar", np.mean(x)), color="k", lw=1, label="xbar (all units)")
    ax.axvline(0, color="k", lw=0.5, ls=":")
    mean, var = prediction(run, "static_gaussian", "xbar"), prediction(run, "static_gaussian", "var_x")
    if math.isfinite(mean) and var > 0:
        u = np.linspace(x.min(), x.max(), 300)
        ax.plot(u, np.exp(-(u - mean) ** 2 / (2 * var)) / math.sqrt(2 * math.pi * var), "C3--",
                label="static Gaussian closure")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return save(fig, path)


def plot_acf_eta(run, path):
    lag, r = lag_axis(run), normalised(run.curve("R_eta"))
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ok = np.isfinite(r)
    ax.plot(lag[ok], r[ok], "k", lw=1.2, label="R_eta / R_eta(0)")
    beta = run.analysis.get("beta", math.nan)
    if math.isfinite(beta) and beta > 0:
        ax.plot(lag, np.exp(-beta * lag), "C2--", lw=1, label=f"exp(-beta lag), beta = {beta:.3g}")
    ax.axhline(0, color="0.5", lw=0.5)
    ax.set_xlabel("lag [tau]")
    ax.set_ylabel("normalised ACF of eta")
    ax.legend(frameon=False, fontsize=7)
    fig.tight_layout()
    return save(fig, path)


def plot_on_time(run, path):
    on = run.on_fraction()
    f = run.analysis.get("f", np.mean(on))
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(8, 3.5))
    ax.hist(on, bins=np.linspace(0, 1, 41), color="C0", alpha=0.8)
    ax.axvline(f, color="k", lw=1, label=f"f = {f:.3g}")
    ax.set_yscale("log")
    ax.set_xlabel("fraction of ON-time")
    ax.set_ylabel("units")
    ax.legend(frameon=False, fontsize=7)
    # Sorted: how the activity is shared (a few always-on units vs many silent ones).
    bx.plot(np.arange(1, on.size + 1) / on.size, np.sort(on)[::-1], "C0", lw=1.2)
    bx.axhline(f, color="k", lw=0.5, ls=":")
    bx.set_xlabel("unit rank / N")
    bx.set_ylabel("fraction of ON-time (sorted)")
    fig.tight_layout()
    return save(fig, path)


def plot_run(path, out=None, prefix=None, units=5):
    run = Run(path)
    out = out or os.path.dirname(os.path.abspath(path))
    prefix = prefix or os.path.splitext(os.path.basename(path))[0]
    base = os.path.join(out, prefix)
    return [plot_traces(run, base + "_traces.png", units),
            plot_x_distribution(run, base + "_x_distribution.png"),
            plot_acf_eta(run, base + "_acf_eta.png"),
            plot_on_time(run, base + "_on_time.png")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run")
    ap.add_argument("--out", help="folder for the PNGs (default: the run's folder)")
    ap.add_argument("--prefix", help="file name prefix (default: the run's name)")
    ap.add_argument("--units", type=int, default=5, help="traced units to draw")
    a = ap.parse_args()
    plot_run(a.run, a.out, a.prefix, a.units)


if __name__ == "__main__":
    main()
