#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Paper Fig 2: distribution of x over time and (traced) units, one curve per K; left the
low-variance network (Gaussian, mean -> 0 as K grows), right the high-variance network
(non-Gaussian, mean below threshold and insensitive to K). g = J0 = 2, I0 = 1, gamma weights,
N = K, [tanh]+. Runs: see README.md (scan fig2.ini; fig1.ini runs work too).

usage: fig2.py RUN_DIR [--out fig2.png]
"""
import argparse

import numpy as np

from balnet_plots import Run, find_runs, no_data, plt, save, traces, variance_class


def panel(ax, runs, title):
    ax.set_title(title, fontsize=9)
    if not runs:
        no_data(ax, "no runs")
        return
    by_k = {}
    for r in runs:  # one run (the first seed) per K
        by_k.setdefault(r.param("network.K"), r)
    cmap = plt.get_cmap("viridis")
    for i, (K, r) in enumerate(sorted(by_k.items())):
        _, x = traces(r, "x")
        if x.size == 0:
            continue
        h, e = np.histogram(x.ravel(), bins=80, density=True)
        ax.plot(0.5 * (e[1:] + e[:-1]), h, color=cmap(i / max(1, len(by_k) - 1)), lw=1.2,
                label=f"K = {K:g} (xbar = {r.analysis['xbar']:.2f})")
    ax.axvline(0, color="k", lw=0.5, ls=":")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend(frameon=False, fontsize=7)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs")
    ap.add_argument("--out", default="fig2.png")
    a = ap.parse_args()
    runs = [Run(p) for p in find_runs(a.runs)]
    runs = [r for r in runs if r.config.get("response.function", "rect_tanh") == "rect_tanh"] or runs
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    panel(axes[0], [r for r in runs if variance_class(r) == "low"], "A  low variance (nu = 1)")
    panel(axes[1], [r for r in runs if variance_class(r) == "high"], "B  high variance (nu = 1/2)")
    fig.tight_layout()
    save(fig, a.out)


if __name__ == "__main__":
    main()
