#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Paper Fig 1C-E: mean rate m, fraction of active units f and mean rate of the active units mu
against K, for the low-variance (nu = 1, J0 = 1.05) and high-variance (nu = 1/2, J0 = 2)
networks (N = K, g = 2, I0 = 1, gamma weights, [tanh]+). Points: mean +- SEM over seeds; lines:
the mean-field predictions stored with the runs (static Gaussian for low variance, moment-gamma
with the measured beta for high variance); the legend gives the fitted exponent of m ~ K^a.
Runs: see README.md (scan fig1.ini).

usage: fig1.py RUN_DIR [--out fig1.png]
"""
import argparse

import numpy as np

from balnet_plots import Run, find_runs, group_mean, log_axes, no_data, plt, prediction, save, variance_class

THEORY = {"low": "static_gaussian", "high": "moment_gamma"}
STYLE = {"low": ("C0", "o"), "high": ("C3", "s")}


def select(runs):
    tanh = [r for r in runs if r.config.get("response.function", "rect_tanh") == "rect_tanh"]
    return tanh or runs


def panel(ax, runs, key):
    for cls in ("low", "high"):
        rs = [r for r in runs if variance_class(r) == cls]
        if not rs:
            continue
        color, marker = STYLE[cls]
        K = [r.param("network.K") for r in rs]
        ux, mean, sem = group_mean(K, [r.analysis[key] for r in rs])
        label = f"{cls} variance"
        if key == "m" and len(ux) > 1 and np.all(mean > 0):
            label += f" (m ~ K^{np.polyfit(np.log(ux), np.log(mean), 1)[0]:.2f})"
        ax.errorbar(ux, mean, yerr=sem, fmt=marker, color=color, ms=4, capsize=2, label=label)
        tx, tm, _ = group_mean(K, [prediction(r, THEORY[cls], key) for r in rs])
        ok = np.isfinite(tm)
        if ok.any():
            ax.plot(tx[ok], tm[ok], "--", color=color, lw=1, label=f"{THEORY[cls]} ({cls})")
    log_axes(ax, xticks=[r.param("network.K") for r in runs])
    ax.set_xlabel("K")
    ax.set_ylabel(key)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs")
    ap.add_argument("--out", default="fig1.png")
    a = ap.parse_args()
    runs = select([Run(p) for p in find_runs(a.runs)])
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.4))
    if not runs:
        no_data(axes[1], f"no complete runs below {a.runs}")
    for ax, key, letter in zip(axes, ("m", "f", "mu"), "CDE"):
        if runs:
            panel(ax, runs, key)
        ax.set_title(letter, loc="left", fontweight="bold")
    axes[0].legend(frameon=False, fontsize=7)
    fig.tight_layout()
    save(fig, a.out)


if __name__ == "__main__":
    main()
